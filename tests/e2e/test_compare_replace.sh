#!/usr/bin/env bash
# A comparison written into the directory of an earlier one replaces it as a
# run replaces a run (docs/outputs.md): the earlier manifest.json goes before
# the first new file takes its name, so a compare that fails or is killed
# part-way leaves no manifest describing the earlier inputs beside its new
# compare.csv; and the earlier comparison's --regret tables, which the new one
# does not write, go too.
. "$(dirname "$0")/lib.sh"

T=tests/scenarios/tiny.lua
"$ACCORD" run "$T" --out "$TMP/a" -q || not_ok "run a"
"$ACCORD" run "$T" --out "$TMP/b" --set strict=0.9 -q || not_ok "run b"

# ---- a compare that fails after writing compare.csv (compare_timeseries.csv
# cannot take its name: a directory is there)
"$ACCORD" compare "$TMP/a" "$TMP/b" --labels old1,old2 --out "$TMP/c" --no-plot -q || not_ok "first compare"
grep -q '"old1"' "$TMP/c/manifest.json" || not_ok "first compare's manifest"
rm "$TMP/c/compare_timeseries.csv" && mkdir "$TMP/c/compare_timeseries.csv"
"$ACCORD" compare "$TMP/a" "$TMP/b" --labels new1,new2 --out "$TMP/c" --no-plot -q 2>/dev/null
rc=$?
[ $rc -eq 3 ] && ok "the second compare fails with exit 3" || not_ok "second compare exit $rc, expected 3"
head -1 "$TMP/c/compare.csv" | grep -q new1 || not_ok "the new compare.csv is not there"
if [ -e "$TMP/c/manifest.json" ] && grep -q '"old1"' "$TMP/c/manifest.json"; then
  not_ok "the earlier manifest (old1, old2) is left beside the new compare.csv (new1, new2)"
else
  ok "no manifest describes the earlier comparison's inputs"
fi
"$ACCORD" report "$TMP/c" --no-figures -q 2>/dev/null; [ ! -e "$TMP/c/report.html" ] || \
  ! grep -q old1 "$TMP/c/report.html" && ok "no report mixes the two" || not_ok "a report mixes the two comparisons"

# ---- --regret's tables of an earlier comparison of sweeps
"$ACCORD" sweep "$T" --vary strict=0.2:0.8:3 --reps 2 --out "$TMP/s1" -q || not_ok "sweep s1"
"$ACCORD" sweep "$T" --vary strict=0.2:0.8:3 --reps 2 --set years=1 --out "$TMP/s2" -q || not_ok "sweep s2"
"$ACCORD" compare "$TMP/s1" "$TMP/s2" --regret harm:min --out "$TMP/r" --no-plot -q || not_ok "compare --regret"
[ -s "$TMP/r/compare_regret.csv" ] && [ -s "$TMP/r/compare_points.csv" ] && [ -s "$TMP/r/compare_regret.json" ] \
  || not_ok "compare --regret wrote its tables"
"$ACCORD" compare "$TMP/a" "$TMP/b" --out "$TMP/r" --no-plot -q || not_ok "compare runs into the same --out"
left=$(cd "$TMP/r" && ls compare_regret.csv compare_points.csv compare_regret.json 2>/dev/null)
[ -z "$left" ] && ok "the earlier comparison's regret tables are removed" || not_ok "left: $left"
[ -s "$TMP/r/compare.csv" ] && [ -s "$TMP/r/manifest.json" ] && ok "the new comparison is complete" \
  || not_ok "the new comparison is incomplete"

finish
