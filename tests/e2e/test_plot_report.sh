#!/usr/bin/env bash
# accord report: one self-contained HTML page per run, comparison or sweep
# (inline SVG and CSS, no scripts, no network); checked in headless Chromium
# when it is installed: it renders every figure, logs no console error, and
# its screenshot is a real image.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"

"$ACCORD" run scenarios/baseline.lua --out "$TMP/base" --set years=3 --quiet
"$ACCORD" run scenarios/baseline.lua --out "$TMP/strict" --set years=3 --set eu_stringency=0.9 --quiet

expect_exit 0 "report.html \(run, [0-9]+ figures?\)" "report of a run" -- "$ACCORD" report "$TMP/base"
html="$TMP/base/report.html"
[ -s "$html" ] && head -c 15 "$html" | grep -q '<!DOCTYPE html>' && ok "report.html is HTML" || not_ok "report.html"
# what --set changed is said at the top, with the defaults
grep -q '<b>changed</b> from the scenario: <code>years = 3</code> (default 10)\.' "$html" \
  && ok "the report says --set changed years" || not_ok "the report's changed parameters" "$(grep -o 'A run of.*Directory' "$html")"
"$ACCORD" report "$TMP/strict" --quiet
grep -q '<code>years = 3</code> (default 10), <code>eu_stringency = 0.9</code> (default 0.6)\.' "$TMP/strict/report.html" \
  && ok "the report of a --set run names every changed parameter" || not_ok "strict: changed parameters" "$(grep -o 'A run of.*Directory' "$TMP/strict/report.html")"
grep -q "<h1>baseline</h1>" "$html" && grep -q "Today&#39;s fragmented world" "$html" \
  && ok "title and description from the manifest" || not_ok "title/description"
grep -q "About this scenario" "$html" && grep -q "Question: in the world of 2024-25" "$html" \
  && ok "the scenario's header comment is quoted" || not_ok "header comment"
grep -q "<td>eu_stringency</td>" "$html" && grep -q "<td>European Union</td>" "$html" \
  && ok "parameters and jurisdictions" || not_ok "parameters"
grep -q "<td>welfare</td>" "$html" && grep -q "<td>startup_survival_rate</td>" "$html" && ok "summary table" || not_ok "summary"
grep -qi "<script" "$html" && not_ok "no scripts" || ok "no scripts"
grep -qiE "<link|src=|@import|url\(http" "$html" && not_ok "no external resources" || ok "no external resources"
grep -q "@media print" "$html" && ok "print styles" || not_ok "print css"

have_gnuplot=0
command -v gnuplot >/dev/null 2>&1 && have_gnuplot=1
if [ $have_gnuplot -eq 1 ]; then
  # 8 of the time series and 4 of baseline's custom metrics (eu_certified, ...)
  [ "$(grep -c '<svg role="img"' "$html")" -eq 12 ] && ok "12 inline SVG figures" || not_ok "inline svg count" "$(grep -c '<svg' "$html")"
  grep -q 'id="gnuplot_canvas"' "$html" && not_ok "ids made unique" || ok "ids made unique"
  [ -s "$TMP/base/timeseries_harm.png" ] && ok "report draws the PNG files too" || not_ok "report PNGs"
fi

# --- for a room: the question, three to six key figures, a short table of key
# outcomes with units and meaning, then the full tables folded
body_order=$(grep -o '<p class="question"\|<section id="[a-z-]*">\|<details' "$html" | tr '\n' ' ')
case "$body_order" in
  '<p class="question" <section id="key-figures"> <section id="key-outcomes"> '*) ok "the page opens with the question, the key figures, the key outcomes";;
  *) not_ok "page order" "$body_order";;
esac
grep -q '<p class="question" id="question"><b>The question.</b> In the world of 2024-25' "$html" \
  && ok "the question is the scenario's own (its Question: paragraph)" || not_ok "question text"
first_table=$(grep -n '<table' "$html" | head -1 | cut -d: -f1)
q_line=$(grep -n 'class="question"' "$html" | head -1 | cut -d: -f1)
[ -n "$q_line" ] && [ "$q_line" -lt "$first_table" ] && ok "no table before the question" || not_ok "question before tables"
kf=$(sed -n '/<section id="key-figures">/,/<\/section>/p' "$html" | grep -c '<figure ')
if [ $have_gnuplot -eq 1 ]; then
  [ "$kf" -ge 3 ] && [ "$kf" -le 6 ] && ok "$kf key figures (3 to 6)" || not_ok "key figures" "$kf"
  sed -n '/<section id="key-figures">/,/<\/section>/p' "$html" | grep -q 'id="fig-timeseries_harm"' \
    && ok "harm is a key figure" || not_ok "harm key figure"
fi
ko=$(sed -n '/<section id="key-outcomes">/,/<\/section>/p' "$html")
rows=$(echo "$ko" | grep -c '^<tr><td>')
[ "$rows" -ge 3 ] && [ "$rows" -le 8 ] && ok "a short key-outcome table ($rows rows)" || not_ok "key outcome rows" "$rows"
echo "$ko" | grep -q '<th>unit</th><th>what it measures</th>' && echo "$ko" | grep -q '<td><b>Harm</b><br><code>harm</code></td><td class="num">[0-9.]*</td><td class="unit">M\$</td><td>cumulative harm' \
  && ok "key outcomes with display name, value, unit and meaning" || not_ok "key outcome columns" "$(echo "$ko" | sed -n 3,5p)"
for sec in outcomes about parameters reproduce; do
  grep -A1 "<section id=\"$sec\">" "$html" | grep -q '^<details>' && ok "the full '$sec' section is folded (<details>)" || not_ok "$sec folded"
done
grep -q '<details open' "$html" && not_ok "folded sections start closed" || ok "folded sections start closed"
# per-jurisdiction outcomes and custom metrics with their units
grep -q '<tr><td>harm_eu</td><td class="num">[0-9.e+-]*</td><td class="unit">M\$</td><td>cumulative harm in this jurisdiction' "$html" \
  && ok "harm_eu listed with its unit (M\$)" || not_ok "harm_eu unit"
grep -q '<tr><td>exposure_us</td><td class="num">[^<]*</td><td class="unit">million user-months</td>' "$html" \
  && ok "exposure_us listed with its unit" || not_ok "exposure_us unit"

# a function model (no world outcomes): its own outcomes are the key table
"$ACCORD" run scenarios/literature/han2020.lua --set grid_s=3 --set grid_p=3 --out "$TMP/han" --quiet
"$ACCORD" report "$TMP/han" --quiet
hk=$(sed -n '/<section id="key-outcomes">/,/<\/section>/p' "$TMP/han/report.html")
echo "$hk" | grep -q '<td><b>Unsafe development</b><br><code>freq_unsafe</code></td><td class="num">[^<]*</td><td class="unit">0-1</td>' \
  && [ "$(echo "$hk" | grep -c '^<tr><td>')" -eq 7 ] && ok "a function model's key outcomes: its own seven" || not_ok "function model key outcomes" "$hk"
grep -q '<p class="question" id="question"><b>The question.</b> When do developers racing' "$TMP/han/report.html" \
  && ok "a function model's question" || not_ok "han2020 question"

# --- a comparison and a sweep
"$ACCORD" compare "$TMP/base" "$TMP/strict" --labels base,strict --out "$TMP/cmp" --quiet
expect_exit 0 "report.html \(compare" "report of a comparison" -- "$ACCORD" report "$TMP/cmp"
grep -q "<h1>Comparison: base and strict</h1>" "$TMP/cmp/report.html" && grep -q "Outcomes side by side" "$TMP/cmp/report.html" \
  && ok "comparison report" || not_ok "comparison report"
cp -r tests/data/plot/sweep "$TMP/sweep"
expect_exit 0 "sweep.html \(sweep" "report of a sweep" -- "$ACCORD" report "$TMP/sweep" --out "$TMP/sweep.html"
grep -q "Design points" "$TMP/sweep.html" && ok "sweep report at --out" || not_ok "sweep report"
grep -q '<section id="key-outcomes">' "$TMP/sweep.html" && grep -q '<th>lowest mean</th><th>at</th><th>highest mean</th>' "$TMP/sweep.html" \
  && ok "a sweep's key outcomes: the range of the points' means and where" || not_ok "sweep key outcomes"
grep -A1 '<section id="points">' "$TMP/sweep.html" | grep -q '<details>' && ok "a sweep's design points are folded" || not_ok "sweep points folded"
grep -q '<p class="question"' "$TMP/cmp/report.html" && grep -q '<details id="other-outcomes">' "$TMP/cmp/report.html" \
  && ok "a comparison: the question, the key outcomes open, the others folded" || not_ok "compare lead"
sed -n '/<section id="key-figures">/,/<\/section>/p' "$TMP/cmp/report.html" | grep -q 'id="fig-difference_harm"' \
  || [ $have_gnuplot -eq 0 ] && ok "a comparison's key figures start with the change in harm" || not_ok "compare key figures"

# --- without gnuplot: written anyway, says so, exit 3
expect_exit 3 "gnuplot not found.*the report was written without those figures" "report without gnuplot exits 3" -- \
  env ACCORD_GNUPLOT=/nonexistent/gnuplot "$ACCORD" report "$TMP/strict"
grep -q "Some figures could not be drawn" "$TMP/strict/report.html" && ok "the page says why figures are missing" || not_ok "note"
expect_exit 3 "nope: no such directory" "report of a missing directory exits 3" -- "$ACCORD" report "$TMP/nope"
expect_exit 2 "unknown option" "report with a bad option exits 2" -- "$ACCORD" report "$TMP/base" --frobnicate

# --- headless Chromium
chrome=""
for c in chromium chromium-browser google-chrome; do command -v "$c" >/dev/null 2>&1 && { chrome=$c; break; }; done
if [ -z "$chrome" ]; then
  echo "skipped: chromium not installed"
  ok "headless browser check skipped (no chromium)"
  finish
  exit $?
fi
browse() { # browse FILE.html SHOT.png LOG  (extra args follow)
  local page=$1 shot=$2 log=$3
  shift 3
  timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --no-first-run --disable-sync --user-data-dir="$(mktemp -d "$TMP/chrome.XXXXXX")" \
    --enable-logging=stderr --v=0 "$@" --window-size=1280,2000 "file://$page" 2> "$log"
}
for page in "$TMP/base/report.html" "$TMP/cmp/report.html"; do
  name=$(basename "$(dirname "$page")")
  browse "$page" "$TMP/$name.png" "$TMP/$name.log" --screenshot="$TMP/$name.png" > /dev/null
  if grep -qE "Uncaught|ERROR:CONSOLE|Failed to load" "$TMP/$name.log"; then
    not_ok "$name report: no console errors" "$(grep -E "Uncaught|CONSOLE|Failed" "$TMP/$name.log" | head -3)"
  else
    ok "$name report: no console errors"
  fi
  sig=$(od -An -tx1 -N8 "$TMP/$name.png" 2>/dev/null | tr -d ' \n')
  [ "$sig" = "89504e470d0a1a0a" ] && [ "$(wc -c < "$TMP/$name.png")" -gt 50000 ] \
    && ok "$name report: screenshot rendered ($(wc -c < "$TMP/$name.png") bytes)" || not_ok "$name screenshot"
  # The browser's own DOM after parsing holds every figure.
  browse "$page" "" "$TMP/$name.dom.log" --dump-dom > "$TMP/$name.dom"
  if [ $have_gnuplot -eq 1 ]; then
    want=12 # 8 of the time series, 4 of baseline's custom metrics
    [ "$name" = cmp ] && want=12 # 8 overlays and 4 differences
    n=$(grep -o '<svg role="img"' "$TMP/$name.dom" | wc -l)
    [ "$n" -eq $want ] && ok "$name report: the browser parsed $want figures" || not_ok "$name figures in DOM" "$n"
  fi
  grep -q "</html>" "$TMP/$name.dom" && ok "$name report: DOM complete" || not_ok "$name DOM"
  # in the parsed page the lead comes first and the full tables are closed <details>
  lead=$(grep -o '<p class="question"\|<section id="key-figures">\|<details' "$TMP/$name.dom" | head -2 | tr '\n' ' ')
  [ "$lead" = '<p class="question" <section id="key-figures"> ' ] && ok "$name report: the browser sees the question, then the key figures" \
    || not_ok "$name lead in the DOM" "$lead"
  nd=$(grep -c '<details' "$TMP/$name.dom"); no=$(grep -c '<details[^>]* open' "$TMP/$name.dom")
  [ "$nd" -ge 1 ] && [ "$no" -eq 0 ] && ok "$name report: $nd folded sections, all closed" || not_ok "$name details" "$nd / $no open"
done
echo "screenshots: $TMP/base.png $TMP/cmp.png (removed at exit; set KEEP=dir to copy)"
[ -n "${KEEP:-}" ] && cp "$TMP"/base.png "$TMP"/cmp.png "$KEEP"/ 2>/dev/null
finish
