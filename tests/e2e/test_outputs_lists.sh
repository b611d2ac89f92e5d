#!/usr/bin/env bash
# A calibration's calibration.json and a discovery's manifest list their files
# as [{"file", "sha256"}]; `accord report` and `accord plot` check those too
# (docs/outputs.md), as they check a run's, a sweep's and a comparison's.
. "$(dirname "$0")/lib.sh"

S=tests/scenarios/tiny.lua
printf 'id,outcome,statistic,window,low,high\nh,harm,sum,1,0,1e9\n' > "$TMP/targets.csv"
"$ACCORD" calibrate "$S" --targets "$TMP/targets.csv" --vary strict=0.3:0.9 --samples 4 --reps 2 \
  --set years=1 --out "$TMP/cal" -q -j 2 >/dev/null 2>&1 || not_ok "calibrate"
"$ACCORD" report "$TMP/cal" --no-figures 2>"$TMP/err0" >/dev/null
grep -q "not what" "$TMP/err0" && not_ok "report warns about an untouched calibration" "$(cat "$TMP/err0")" ||
  ok "an untouched calibration: no warning"
sed -i '2s/,/,1/' "$TMP/cal/calibration.csv"
"$ACCORD" report "$TMP/cal" --no-figures 2>"$TMP/err1" >/dev/null
grep -q "cal/calibration.csv is not what" "$TMP/err1" && grep -q 'id="changed"' "$TMP/cal/report.html" &&
  ok "report notices a changed calibration.csv (stderr and page)" || not_ok "changed calibration.csv unnoticed" "$(cat "$TMP/err1")"

"$ACCORD" sweep "$S" --vary strict=0.3:0.9:4 --reps 2 --set years=1 --out "$TMP/sw" -q -j 2 >/dev/null 2>&1 || not_ok "sweep"
"$ACCORD" discover "$TMP/sw" --outcome harm --top 0.3 --out "$TMP/d" --no-plot -q >/dev/null 2>&1 || not_ok "discover"
"$ACCORD" plot "$TMP/d" --format svg 2>"$TMP/err2" >/dev/null
grep -q "not what" "$TMP/err2" && not_ok "plot warns about an untouched discovery" "$(cat "$TMP/err2")" ||
  ok "an untouched discovery: no warning"
sed -i '2s/,/,1/' "$TMP/d/discover_box.csv"
"$ACCORD" plot "$TMP/d" --format svg 2>"$TMP/err3" >/dev/null
grep -q "d/discover_box.csv is not what" "$TMP/err3" && ok "plot notices a changed discover_box.csv" ||
  not_ok "changed discover_box.csv unnoticed" "$(cat "$TMP/err3")"
finish
