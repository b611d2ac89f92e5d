#!/usr/bin/env bash
# accord plot and run --plot on real scenarios: valid PNG/SVG/PDF files, scripts
# that gnuplot re-runs from elsewhere, text figures within 80x24 that show each
# series, a missing gnuplot (exit 3, CSVs untouched), and usage errors.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"

# PNG signature, then IHDR width and height (big-endian) > 0: prints "W H".
png_size() {
  local sig
  sig=$(od -An -tx1 -N8 "$1" 2>/dev/null | tr -d ' \n')
  [ "$sig" = "89504e470d0a1a0a" ] || { echo "0 0"; return; }
  [ "$(dd if="$1" bs=1 skip=12 count=4 2>/dev/null)" = "IHDR" ] || { echo "0 0"; return; }
  local w h
  w=$(od -An -tu1 -j16 -N4 "$1" | awk '{print $1*16777216 + $2*65536 + $3*256 + $4}')
  h=$(od -An -tu1 -j20 -N4 "$1" | awk '{print $1*16777216 + $2*65536 + $3*256 + $4}')
  echo "$w $h"
}
# An SVG: an <svg ...viewBox> element, closed, non-trivial, and well-formed XML
# (checked with python3's parser when there is one).
svg_ok() {
  [ "$(wc -c < "$1")" -gt 2000 ] && grep -q '<svg' "$1" && grep -q 'viewBox="0 0 [0-9]* [0-9]*"' "$1" \
    && grep -q '</svg>' "$1" || return 1
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$1" 2>/dev/null || return 1
  fi
  return 0
}

if ! command -v gnuplot >/dev/null 2>&1; then
  echo "skipped: gnuplot not installed (the missing-gnuplot path is tested below)"
fi

"$ACCORD" run tests/scenarios/tiny.lua --out "$TMP/run" --seed 3 --quiet
(cd "$TMP/run" && sha256sum *.csv > "$TMP/csv.sha")

# --- a missing gnuplot: clear message, exit 3, scripts written, CSVs untouched
expect_exit 3 "gnuplot not found: ACCORD_GNUPLOT=/nonexistent/gnuplot .*install gnuplot-nox" \
  "missing gnuplot exits 3 with a clear message" -- env ACCORD_GNUPLOT=/nonexistent/gnuplot "$ACCORD" plot "$TMP/run"
[ -s "$TMP/run/timeseries_harm.gp" ] && [ ! -e "$TMP/run/timeseries_harm.png" ] \
  && ok "without gnuplot the scripts are written, no figure" || not_ok "scripts without gnuplot"
(cd "$TMP/run" && sha256sum -c --quiet "$TMP/csv.sha") && ok "CSV files untouched" || not_ok "CSV files changed"
expect_exit 3 "gnuplot not found" "run --plot without gnuplot exits 3" -- \
  env ACCORD_GNUPLOT=/nonexistent/gnuplot "$ACCORD" run tests/scenarios/tiny.lua --out "$TMP/run2" --plot --quiet
[ -s "$TMP/run2/summary.csv" ] && ok "run --plot without gnuplot still writes the run" || not_ok "run2 outputs"

# --- usage errors
expect_exit 2 "unknown format 'gif'" "bad --format exits 2" -- "$ACCORD" plot "$TMP/run" --format gif
expect_exit 2 "no directory given" "no directory exits 2" -- "$ACCORD" plot
expect_exit 3 "nope: no such directory" "missing directory exits 3" -- "$ACCORD" plot "$TMP/nope"
expect_exit 3 "hostname: not a directory" "a file, not a directory, exits 3" -- "$ACCORD" plot /etc/hostname
expect_exit 3 "not an accord run, sweep or comparison" "a non-result directory exits 3" -- "$ACCORD" plot "$TMP"
expect_exit 0 "--term-size" "plot --help" -- "$ACCORD" plot --help
expect_exit 2 "no figure 'nope'" "unknown --figure exits 2" -- "$ACCORD" plot "$TMP/run" --figure nope
expect_exit 0 "timeseries_startup_share +Startup share" "--list names the figures" -- "$ACCORD" plot "$TMP/run" --list

command -v gnuplot >/dev/null 2>&1 || { finish; exit $?; }

# --- PNG and SVG beside the CSVs, with the scripts
expect_exit 0 "8 figures in" "plot a run" -- "$ACCORD" plot "$TMP/run"
for f in deployed mean_safety harm regulatory_spend hhi startup_share exposure noncompliant; do
  n="$TMP/run/timeseries_$f"
  read -r w h <<< "$(png_size "$n.png")"
  if [ "$w" -eq 1280 ] && [ "$h" -eq 800 ] && svg_ok "$n.svg" && [ -s "$n.gp" ]; then
    ok "timeseries_$f: PNG 1280x800, SVG and script"
  else
    not_ok "timeseries_$f files" "png $w x $h"
  fi
done
ls -A "$TMP/run" | grep -q '^\.' && not_ok "no temporary files left" "$(ls -A "$TMP/run" | grep '^\.')" || ok "no temporary files left"

# --- the kept script draws again, from another directory
rm -f "$TMP/run/timeseries_harm.png" "$TMP/run/timeseries_harm.svg"
(cd / && gnuplot "$TMP/run/timeseries_harm.gp") 2> "$TMP/gp.err"
read -r w h <<< "$(png_size "$TMP/run/timeseries_harm.png")"
[ "$w" -eq 1280 ] && svg_ok "$TMP/run/timeseries_harm.svg" && ok "gnuplot DIR/NAME.gp re-plots from /" \
  || not_ok "re-plot by hand" "$(cat "$TMP/gp.err")"
(cd "$TMP" && gnuplot -e "outfiles='again.pdf'" run/timeseries_hhi.gp) && head -c5 "$TMP/run/again.pdf" | grep -q '%PDF-' \
  && ok "script variables can be overridden (-e outfiles=...)" || not_ok "override outfiles"
# every generated script runs cleanly
all_ok=1
for s in "$TMP"/run/*.gp; do gnuplot -e "outfiles='$TMP/rerun.svg'" "$s" 2>>"$TMP/gp.err" || all_ok=0; done
[ $all_ok -eq 1 ] && ok "every generated script re-runs" || not_ok "scripts re-run" "$(tail -3 "$TMP/gp.err")"

# --- the templates by hand, from the source tree
gnuplot -e "infile='$TMP/run/timeseries.csv'; outfile='$TMP/hand.png'; ycols='deployed'; groups='aa bb all'" plots/timeseries.gp \
  && [ "$(png_size "$TMP/hand.png")" = "1280 800" ] && ok "plots/timeseries.gp by hand" || not_ok "template by hand"

# --- text in the terminal: readable at 80x24 and showing the series
"$ACCORD" plot "$TMP/run" --term --figure timeseries_deployed > "$TMP/term.txt"
cols=$(awk '{ if (length($0) > m) m = length($0) } END { print m }' "$TMP/term.txt")
lines=$(wc -l < "$TMP/term.txt")
[ "$cols" -le 80 ] && [ "$lines" -le 24 ] && ok "--term fits 80x24 ($cols cols, $lines lines)" || not_ok "--term size" "$cols x $lines"
grep -q "Developers deployed \[developers\]" "$TMP/term.txt" && grep -qE " aa \*+" "$TMP/term.txt" && grep -qE " bb #+" "$TMP/term.txt" \
  && grep -qE "all =+" "$TMP/term.txt" && ok "--term shows the title with its unit (the y label does not fit) and every series in the key" || not_ok "--term series" "$(cat "$TMP/term.txt")"
# the plotted characters are there, not just the key
[ "$(grep -o '\*' "$TMP/term.txt" | wc -l)" -gt 20 ] && [ "$(grep -o '#' "$TMP/term.txt" | wc -l)" -gt 20 ] \
  && ok "--term draws the lines" || not_ok "--term lines"
grep -q $'\f' "$TMP/term.txt" && not_ok "no form feed on the terminal" || ok "no form feed on the terminal"
[ ! -e "$TMP/run/timeseries_deployed.txt" ] && ok "--term alone writes no text file" || not_ok "--term wrote files"
"$ACCORD" plot "$TMP/run" --term --term-size 100x30 --figure timeseries_harm > "$TMP/term2.txt"
[ "$(awk '{ if (length($0) > m) m = length($0) } END { print m }' "$TMP/term2.txt")" -gt 80 ] && ok "--term-size 100x30" || not_ok "--term-size"

# --- other formats
expect_exit 0 "\.pdf \.txt \.gp" "--format pdf,dumb" -- "$ACCORD" plot "$TMP/run" --format pdf,dumb
head -c5 "$TMP/run/timeseries_hhi.pdf" | grep -q '%PDF-' && ok "PDF written" || not_ok "PDF"
[ "$(wc -l < "$TMP/run/timeseries_hhi.txt")" -eq 24 ] && ok "dumb text file has 24 lines" || not_ok "txt lines"

# --- run --plot
expect_exit 0 "timeseries_harm +\.png \.svg \.gp" "run --plot draws after the run" -- \
  "$ACCORD" run tests/scenarios/tiny.lua --out "$TMP/run3" --plot
[ "$(png_size "$TMP/run3/timeseries_hhi.png")" = "1280 800" ] && ok "run --plot PNG" || not_ok "run --plot PNG"

# --- the evolutionary-game phase diagram (han2020, a function model)
if "$ACCORD" run scenarios/literature/han2020.lua --out "$TMP/han" --set grid_s=9 --set grid_p=11 --quiet 2> "$TMP/han.err"; then
  expect_exit 0 "phase +\.png \.svg \.gp" "plot han2020 uses plots/egt_phase.gp" -- "$ACCORD" plot "$TMP/han"
  read -r w h <<< "$(png_size "$TMP/han/phase.png")"
  [ "$w" -gt 0 ] && [ "$h" -gt 0 ] && svg_ok "$TMP/han/phase.svg" && ok "phase diagram PNG ${w}x$h and SVG" || not_ok "phase files"
  grep -q "plots/egt_phase.gp" "$TMP/han/phase.gp" && ok "phase script made from egt_phase.gp" || not_ok "phase script"
else
  not_ok "han2020 runs" "$(head -3 "$TMP/han.err")"
fi

# --- a sweep directory (fixture in the format of accord sweep)
cp -r tests/data/plot/sweep "$TMP/sweep"
expect_exit 0 "sensitivity_welfare" "plot a sweep directory" -- "$ACCORD" plot "$TMP/sweep"
[ "$(png_size "$TMP/sweep/sweep_welfare_vs_eu_stringency.png")" = "1280 800" ] && svg_ok "$TMP/sweep/sensitivity_harm.svg" \
  && ok "sweep figures" || not_ok "sweep figures"
expect_exit 2 "no outcome 'happiness'" "unknown --outcome exits 2" -- "$ACCORD" plot "$TMP/sweep" --outcome happiness
finish
