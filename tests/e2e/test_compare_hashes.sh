#!/usr/bin/env bash
# A comparison's manifest lists its files' SHA-256 (outputs_sha256),
# as a run's and a sweep's do, so `accord report` and `accord plot` notice a
# compare.csv changed since it was written, and records each input's
# files with their SHA-256 (inputs[].outputs), naming the exact data.
. "$(dirname "$0")/lib.sh"

json() { python3 -c "import json,sys; m=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }

# ---- a comparison's files, with their SHA-256
"$ACCORD" run tests/scenarios/tiny.lua --out "$TMP/a" -q || not_ok "run a"
"$ACCORD" run tests/scenarios/tiny.lua --out "$TMP/b" --set strict=0.9 -q || not_ok "run b"
"$ACCORD" compare "$TMP/a" "$TMP/b" --out "$TMP/c" --no-plot -q || not_ok "compare"
[ "$(json "$TMP/c/manifest.json" "m['outputs']")" = "['compare.csv', 'compare_timeseries.csv', 'compare_difference.csv']" ] &&
  ok "outputs: still the list of names" || not_ok "outputs changed shape"
for f in compare.csv compare_timeseries.csv compare_difference.csv; do
  [ "$(json "$TMP/c/manifest.json" "m['outputs_sha256']['$f']['sha256']")" = "$(sha256sum "$TMP/c/$f" | cut -d' ' -f1)" ] ||
    not_ok "the comparison's manifest has no SHA-256 of $f"
done
out=$("$ACCORD" report "$TMP/c" --no-figures -q 2>&1)
echo "$out" | grep -q "not what its manifest" && not_ok "report warns about an untouched comparison" "$out" ||
  ok "report: an untouched comparison gives no warning"
sed -i '2s/,/,9/' "$TMP/c/compare.csv"
out=$("$ACCORD" report "$TMP/c" --no-figures 2>&1)
echo "$out" | grep -q "c/compare.csv is not what the manifest records" &&
  ok "report notices a comparison's compare.csv changed" || not_ok "report does not notice a changed compare.csv" "$out"
out=$("$ACCORD" plot "$TMP/c" --format svg 2>&1 >/dev/null)
echo "$out" | grep -q "compare.csv is not what the manifest records" &&
  ok "plot notices it too" || not_ok "plot does not notice a changed compare.csv" "$out"
# each input's files with their SHA-256, as its manifest lists them
for k in 0 1; do
  d=$([ $k = 0 ] && echo a || echo b)
  [ "$(json "$TMP/c/manifest.json" "m['inputs'][$k]['outputs']")" = "$(json "$TMP/$d/manifest.json" "m['outputs']")" ] &&
    [ "$(json "$TMP/c/manifest.json" "m['inputs'][$k]['outputs']['summary.csv']['sha256']")" = "$(sha256sum "$TMP/$d/summary.csv" | cut -d' ' -f1)" ] &&
    ok "input $k: its files' SHA-256 recorded" || not_ok "input $k: no outputs with their SHA-256"
done
finish
