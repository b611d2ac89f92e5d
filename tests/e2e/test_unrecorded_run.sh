#!/usr/bin/env bash
# A run directory without a manifest.json (what a run killed while it wrote
# into a directory leaves: the earlier run's manifest goes first, then its
# finished files take their names one by one, docs/outputs.md) is drawn,
# reported and compared with a warning that nothing says its files are one
# complete run; a complete run gets none, and --quiet silences it. So is a
# directory whose files no longer match the SHA-256 its manifest records (a
# CSV cut short at a line end still parses; another run's timeseries.csv
# copied in; a listed file gone).
. "$(dirname "$0")/lib.sh"

"$ACCORD" run tests/scenarios/tiny.lua --out "$TMP/a" -q || not_ok "run tiny"
"$ACCORD" run tests/scenarios/tiny.lua --out "$TMP/b" --seed 2 -q || not_ok "run tiny"
cp -r "$TMP/b" "$TMP/killed"
rm "$TMP/killed/manifest.json"
cp -r "$TMP/b" "$TMP/damaged"
printf '{"kind": "run", ' > "$TMP/damaged/manifest.json"

W="has no readable manifest.json: nothing says its files are one complete run"
warns() { # DESCRIPTION DIR -- command...
  local desc=$1 dir=$2; shift 3
  local out; out=$("$@" 2>&1 >/dev/null)
  echo "$out" | grep -qF -- "$dir $W" && ok "$desc" || not_ok "$desc" "$(echo "$out" | head -3)"
}
quiet_about() { # DESCRIPTION -- command...
  local desc=$1; shift 2
  local out; out=$("$@" 2>&1 >/dev/null)
  echo "$out" | grep -qF -- "$W" && not_ok "$desc" "$(echo "$out" | head -3)" || ok "$desc"
}

warns "plot warns about a run without a manifest" "$TMP/killed" -- "$ACCORD" plot "$TMP/killed" --format svg
warns "report warns about a run without a manifest" "$TMP/killed" -- "$ACCORD" report "$TMP/killed" --no-figures
warns "compare warns about an input without a manifest" "$TMP/killed" -- \
  "$ACCORD" compare "$TMP/a" "$TMP/killed" --out "$TMP/c1" --no-plot
warns "compare warns about one of an arm's runs without a manifest" "$TMP/killed" -- \
  "$ACCORD" compare "$TMP/a" "$TMP/b,$TMP/killed" --out "$TMP/c2" --no-plot
warns "plot warns about a run whose manifest does not parse" "$TMP/damaged" -- \
  "$ACCORD" plot "$TMP/damaged" --format svg
cp -r "$TMP/a" "$TMP/cut"
head -n 5 "$TMP/a/timeseries.csv" > "$TMP/cut/timeseries.csv"
cp -r "$TMP/a" "$TMP/mixed"
cp "$TMP/b/timeseries.csv" "$TMP/mixed/timeseries.csv"
cp -r "$TMP/a" "$TMP/gone"
rm "$TMP/gone/summary.csv"
C="is not what the manifest records"
changed() { # DESCRIPTION FILE -- command...
  local desc=$1 file=$2; shift 3
  local out; out=$("$@" 2>&1 >/dev/null)
  echo "$out" | grep -qF -- "$file $C" && ok "$desc" || not_ok "$desc" "$(echo "$out" | head -3)"
}
changed "plot warns about a CSV cut short at a line end" "$TMP/cut/timeseries.csv" -- \
  "$ACCORD" plot "$TMP/cut" --format svg
changed "report warns about another run's timeseries.csv" "$TMP/mixed/timeseries.csv" -- \
  "$ACCORD" report "$TMP/mixed" --no-figures
changed "compare warns about a changed input" "$TMP/mixed/timeseries.csv" -- \
  "$ACCORD" compare "$TMP/a" "$TMP/mixed" --out "$TMP/c5" --no-plot
changed "report warns about a listed file that is gone" "$TMP/gone/summary.csv" -- \
  "$ACCORD" report "$TMP/gone" --no-figures
# a listed file that is now a pipe or a link to /dev/zero: counted as changed,
# never read (report and plot waited on the pipe, or hashed /dev/zero for ever)
cp -r "$TMP/a" "$TMP/odd"
rm "$TMP/odd/summary.csv" "$TMP/odd/events.csv"
mkfifo "$TMP/odd/summary.csv"
ln -s /dev/zero "$TMP/odd/events.csv"
changed "report does not read a listed file that is now a pipe or a device link" \
  "$TMP/odd/events.csv (and more of the files listed there)" -- timeout 20 "$ACCORD" report "$TMP/odd" --no-figures
changed "plot neither" "$TMP/odd/events.csv (and more of the files listed there)" -- \
  timeout 20 "$ACCORD" plot "$TMP/odd" --format svg
# a file name from a manifest is printed as text, never as terminal codes
cp -r "$TMP/a" "$TMP/esc"
python3 - "$TMP/esc/manifest.json" <<'PY'
import json, sys
p = sys.argv[1]; d = json.load(open(p))
d["outputs"]["x\u001b[31mred"] = {"sha256": "0" * 64}
json.dump(d, open(p, "w"))
PY
out=$("$ACCORD" report "$TMP/esc" --no-figures 2>&1 >/dev/null)
echo "$out" | grep -qF 'x\x1b[31mred' && ! printf '%s' "$out" | grep -q $'\x1b' \
  && ok "a listed name with an escape sequence is printed escaped" || not_ok "escaped name" "$out"
quiet_about "no warning for complete runs (plot)" -- "$ACCORD" plot "$TMP/a" --format svg
quiet_about "no warning for complete runs (report)" -- "$ACCORD" report "$TMP/a" --no-figures
quiet_about "no warning for complete runs (compare)" -- "$ACCORD" compare "$TMP/a" "$TMP/b" --out "$TMP/c3" --no-plot
out=$("$ACCORD" compare "$TMP/a" "$TMP/b" --out "$TMP/c6" --no-plot -q 2>&1 >/dev/null; \
      "$ACCORD" report "$TMP/c6" --no-figures 2>&1 >/dev/null)
echo "$out" | grep -qF "$C" && not_ok "a comparison (names only in its manifest) warned" "$out" \
  || ok "no warning for a comparison's directory"
quiet_about "no warning with --quiet" -- "$ACCORD" compare "$TMP/a" "$TMP/killed" --out "$TMP/c4" --no-plot -q

# a sweep's and a comparison's directory without a manifest (the command
# killed while it renamed its files): plot and report warn with the command
# that writes them again; report of such a comparison (whose inputs only its
# manifest names) fails saying so
"$ACCORD" sweep tests/scenarios/ishigami.lua --vary x1 --design lhs --samples 4 --out "$TMP/sw" -q -j 1 >/dev/null 2>&1 ||
  not_ok "sweep ishigami"
rm "$TMP/sw/manifest.json"
for cmd in plot report; do
  out=$("$ACCORD" $cmd "$TMP/sw" 2>&1 >/dev/null)
  echo "$out" | grep -qF "$TMP/sw has no readable manifest.json: nothing says its files are one complete sweep" &&
    echo "$out" | grep -qF -- "--resume" && ok "$cmd warns about a sweep without a manifest" ||
    not_ok "$cmd warns about a sweep without a manifest" "$out"
done
"$ACCORD" compare "$TMP/a" "$TMP/b" --out "$TMP/cm" --no-plot -q >/dev/null 2>&1 || not_ok "compare a b"
rm "$TMP/cm/manifest.json"
out=$("$ACCORD" plot "$TMP/cm" --format svg 2>&1 >/dev/null)
echo "$out" | grep -qF "$TMP/cm has no readable manifest.json: nothing says its files are one complete comparison" &&
  echo "$out" | grep -qF "run the same accord compare into it again" && ok "plot warns about a comparison without a manifest" ||
  not_ok "plot warns about a comparison without a manifest" "$out"
expect_exit 3 "a comparison without its manifest.json .a comparison killed while writing its files leaves them so.: run the same accord compare into it again" \
  "report of a comparison without a manifest says why it cannot" -- "$ACCORD" report "$TMP/cm" --no-figures -q

finish
