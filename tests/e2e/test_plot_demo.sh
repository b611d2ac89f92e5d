#!/usr/bin/env bash
# accord demo: the guided workshop walk-through runs the shipped scenarios,
# narrates with numbers read from the outputs (checked against the CSVs),
# draws text figures, writes the reports, waits with --pause, and degrades
# gracefully without gnuplot or without some scenarios.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"

start=$(date +%s)
"$ACCORD" demo --out "$TMP/demo" < /dev/null > "$TMP/demo.txt" 2> "$TMP/demo.err"
rc=$?
echo "# accord demo took $(( $(date +%s) - start )) s (the workshop needs it well under a minute)"
[ $rc -eq 0 ] && ok "demo exits 0" || not_ok "demo exit $rc" "$(tail -5 "$TMP/demo.err")"
for s in 1 2 3 4 5; do
  grep -q "== Step $s of 5: " "$TMP/demo.txt" || { not_ok "step $s shown"; continue; }
  ok "step $s shown"
done
grep -qE "could not be read|(^|[^[:alnum:]/-])n/a([^[:alnum:]/]|$)|is not in this installation" "$TMP/demo.txt" \
  && not_ok "every number was read" "$(grep -E "could not be read|(^|[^[:alnum:]/-])n/a([^[:alnum:]/]|$)|not in this" "$TMP/demo.txt" | head -3)" \
  || ok "every narrated number was read from the outputs"
# The per-market counts are the last rows of the baseline's timeseries.csv.
for j in eu us jp uk; do
  want=$(awk -F, -v j=$j 'NR==1{for(i=1;i<=NF;i++) if($i=="deployed") c=i} $3==j{v=$c} END{print v}' "$TMP/demo/baseline/timeseries.csv")
  grep -q "$j $want[,.]" "$TMP/demo.txt" && ok "narration: $j $want developers, as in timeseries.csv" \
    || not_ok "narration $j" "want $want: $(grep -A1 'Per market' "$TMP/demo.txt")"
done
grep -q "scenarios/uk_japan_bridge.lua --out $TMP/demo/uk_japan_bridge-bridge --set bridge=1" "$TMP/demo.txt" \
  && ok "policies run against their counterfactual" || not_ok "bridge runs"
[ "$(grep -c '^compared:' "$TMP/demo.txt")" -eq 3 ] && ok "three comparison tables" || not_ok "comparison tables"
grep -qE "^welfare +[0-9]" "$TMP/demo.txt" && ok "tables list outcomes" || not_ok "table rows"
grep -q "Why: " "$TMP/demo.txt" && ok "narration says why" || not_ok "why"
for r in baseline uk_japan_bridge common_standard geopolitical_shock; do
  [ -s "$TMP/demo/$r/report.html" ] && grep -q "$TMP/demo/$r/report.html" "$TMP/demo.txt" \
    && ok "report $r written and named" || not_ok "report $r"
done
# Commands (which cannot wrap) and the tables' legends with paths aside.
wide() { awk 'length($0) > 80 && $0 !~ /^ +(\$ )?[^ ]*accord / && $0 !~ /^  \[[0-9]\]/' "$1"; }
[ -z "$(wide "$TMP/demo.txt")" ] && ok "narration and figures fit 80 columns" \
  || not_ok "80 columns" "$(wide "$TMP/demo.txt" | head -3)"
if command -v gnuplot >/dev/null 2>&1; then
  [ "$(grep -cE '^ *[-0-9.e+]* *\+-{40,}\+' "$TMP/demo.txt")" -ge 8 ] && ok "text figures drawn" || not_ok "text figures"
  grep -q "Change in cumulative harm vs linked (us)" "$TMP/demo.txt" && ok "the shock's difference figure" || not_ok "shock figure"
  [ -s "$TMP/demo/geopolitical_shock/difference_harm.svg" ] && ok "report figures drawn" || not_ok "report figures"
  # the US is not binding: its uncertified service is zero in both runs, a
  # flat line the comparison's report leaves out
  [ -s "$TMP/demo/geopolitical_shock/compare_harm.svg" ] && [ ! -e "$TMP/demo/geopolitical_shock/compare_noncompliant.svg" ] \
    && ok "a comparison figure that is zero throughout is left out" || not_ok "all-zero comparison figure" "$(ls "$TMP/demo/geopolitical_shock")"
fi
grep -q $'\f' "$TMP/demo.txt" && not_ok "no form feeds" || ok "no form feeds"

# --pause waits for Enter between steps (and goes on at end of input)
printf '\n\n\n\n\n\n' | "$ACCORD" demo --out "$TMP/demo2" --pause --no-plots --years 2 > "$TMP/pause.txt" 2>&1
[ "$(grep -c 'press Enter to continue' "$TMP/pause.txt")" -eq 5 ] && ok "--pause waits 5 times" \
  || not_ok "--pause" "$(grep -c 'press Enter' "$TMP/pause.txt")"
grep -qE '^ +\+-{40,}\+' "$TMP/pause.txt" && not_ok "--no-plots draws nothing" || ok "--no-plots draws nothing"
# --years 2: the bridge (year 2) and the cut (year 4) never act; the demo says
# so instead of explaining an effect that did not happen
[ "$(grep -c 'The two runs are identical: the policy never acted within the 2 years' "$TMP/pause.txt")" -eq 2 ] \
  && ok "--years 2: two policies that never act are named as such" \
  || not_ok "--years 2: identical runs" "$(grep -c 'identical' "$TMP/pause.txt")"
grep -q "Why: once the link is cut" "$TMP/pause.txt" && not_ok "--years 2: explains a cut that never happened" \
  || ok "--years 2: no explanation of a cut that never happened"
grep -q "Why: once the link is cut" "$TMP/demo.txt" && ok "the full demo explains the cut" || not_ok "the full demo: the cut's explanation"

# The commands the demo suggests at the end work from where it ran (this
# program as called, the scenario it found), not only in the source tree;
# the last step says it is writing the reports before the pause they take
mkdir -p "$TMP/elsewhere"
(cd "$TMP/elsewhere" && "$ACCORD" demo --out d --years 1 --no-plots > next.txt 2>&1)
grep -q "Writing the reports" "$TMP/elsewhere/next.txt" && ok "the reports step says what it is doing" || not_ok "reports step: no word"
cmd=$(grep -A1 "Next: change a knob" "$TMP/elsewhere/next.txt" | tail -1)
case "$cmd" in *" params "*) : ;; *) cmd="";; esac
if [ -n "$cmd" ] && (cd "$TMP/elsewhere" && eval "$cmd" > params.txt 2>&1); then
  grep -q "eu_stringency" "$TMP/elsewhere/params.txt" && ok "the suggested '$cmd' works from elsewhere" || not_ok "suggested params output"
else
  not_ok "the suggested params command fails from elsewhere" "$cmd: $(cat "$TMP/elsewhere/params.txt" 2>/dev/null)"
fi

# Without gnuplot: the walk-through still runs, figures skipped with a note.
ACCORD_GNUPLOT=/nonexistent/gnuplot "$ACCORD" demo --out "$TMP/demo3" --years 2 > "$TMP/nognu.txt" 2>&1
rc=$?
[ $rc -eq 0 ] && grep -q "gnuplot is not installed" "$TMP/nognu.txt" && ok "demo without gnuplot: exit 0 with a note" \
  || not_ok "demo without gnuplot" "exit $rc: $(tail -3 "$TMP/nognu.txt")"

# Only some scenarios installed: the others are skipped with a message.
mkdir -p "$TMP/scen"
cp scenarios/baseline.lua "$TMP/scen/"
ACCORD_SCENARIOS="$TMP/scen" "$ACCORD" demo --out "$TMP/demo4" --years 2 --no-plots > "$TMP/partial.txt" 2>&1
rc=$?
[ $rc -eq 0 ] && [ "$(grep -c 'is not in this installation' "$TMP/partial.txt")" -eq 3 ] \
  && ok "missing scenarios are skipped with a message" || not_ok "partial demo" "exit $rc: $(tail -5 "$TMP/partial.txt")"
grep -q "After 2 years" "$TMP/partial.txt" && ok "--years sets the horizon" || not_ok "--years"
mkdir -p "$TMP/none"
expect_exit 3 "scenarios/baseline.lua not found" "no baseline: exit 3" -- env ACCORD_SCENARIOS="$TMP/none" "$ACCORD" demo --out "$TMP/demo5"
expect_exit 2 "--years needs" "bad --years exits 2" -- "$ACCORD" demo --years 0
expect_exit 0 "--pause" "demo --help" -- "$ACCORD" demo --help
finish
