#!/usr/bin/env bash
# What a user reads shows the scenario's own metrics (world:record, with their
# units) beside the key outcomes, and says when a comparison is not paired:
# the compare table on the terminal, the key tables of the reports of a run, a
# sweep (--outcomes) and a comparison, and the comparison report's inputs
# (runs, seeds, pairing, a sweep's fixed --set) and difference figures
# (issue 14, items 1, 2 and 5, as users tried them).
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
M=tests/scenarios/sweep/metrics.lua
# the text of an HTML section: from id="ID" to its </section>
section() { python3 - "$1" "$2" <<'EOF'
import html, re, sys
s = open(sys.argv[1], encoding="utf-8").read()
i = s.find('id="%s"' % sys.argv[2])
if i < 0:
    sys.exit(0)
j = s.find("</section>", i)
t = re.sub(r"<[^>]+>", "|", s[i:j if j > 0 else len(s)])
print(html.unescape(re.sub(r"(\s*\|\s*)+", "|", t)))
EOF
}

for s in 1 2 3; do
  "$ACCORD" run "$M" --seed $s --out "$TMP/a$s" --quiet
  "$ACCORD" run "$M" --seed $s --set strict=0.9 --out "$TMP/b$s" --quiet
done
"$ACCORD" run "$M" --seed 7 --set strict=0.9 --out "$TMP/b7" --quiet

# ---- compare on the terminal: the metrics follow the key outcomes ---------------
"$ACCORD" compare "$TMP/a1,$TMP/a2,$TMP/a3" "$TMP/b1,$TMP/b2,$TMP/b3" --labels lax,strict \
  --out "$TMP/c" --no-plot >"$TMP/c.txt" 2>&1
grep -q "^welfare " "$TMP/c.txt" && grep -q "^harm_eu_cn " "$TMP/c.txt" && grep -q "^eu_present " "$TMP/c.txt" \
  && ok "compare's table shows the scenario's metrics after the key outcomes" \
  || not_ok "compare table metrics" "$(cat "$TMP/c.txt")"

# ---- the report of that comparison: units, metrics, seeds and pairing ------------
"$ACCORD" report "$TMP/c" --no-figures >/dev/null 2>&1
key=$(section "$TMP/c/report.html" outcomes | sed 's/Other outcomes.*//')
case "$key" in *"|eu_present|developers|"*"|harm_eu_cn|harm in the EU and China|M\$|"*) ;; *"|harm_eu_cn|harm in the EU and China|M\$|"*"|eu_present|developers|"*) ;;
  *) false ;; esac && echo "$key" | grep -q "|harm|cumulative harm[^|]*|M[$]|" \
  && ok "comparison report: the key table has the metrics, with units and meanings" \
  || not_ok "comparison report key table" "$key"
rows=$(sed -n '/id="outcomes"/,/id="other-outcomes"/p' "$TMP/c/report.html" | grep -c '^<tr><td>')
[ "$rows" -ge 3 ] && [ "$rows" -le 8 ] && grep -q 'id="other-outcomes"' "$TMP/c/report.html" \
  && ok "comparison report: a short key table ($rows rows), the rest folded" || not_ok "short key table" "$rows rows"
inp=$(section "$TMP/c/report.html" inputs)
echo "$inp" | grep -q "|runs|seeds|paired with \[1\]|" && echo "$inp" | grep -q "|strict=0.9|3|1-3|yes|" \
  && ! grep -q 'id="not-paired"' "$TMP/c/report.html" \
  && ok "comparison report: each input's runs, seeds and pairing" || not_ok "comparison report inputs" "$inp"

# ---- an unpaired comparison: its report says so at the top, and its difference
# figures do not claim the same seeds -----------------------------------------------
"$ACCORD" compare "$TMP/a1" "$TMP/b7" --out "$TMP/u" >/dev/null 2>&1
"$ACCORD" report "$TMP/u" --no-figures >/dev/null 2>&1
top=$(sed -n '/<header>/,/<\/header>/p' "$TMP/u/report.html")
echo "$top" | grep -q 'id="not-paired"><b>Not paired.</b> \[2\] b7 and \[1\] a1 are not paired' \
  && echo "$top" | grep -q "run \[2\] again with --seed 1" \
  && section "$TMP/u/report.html" inputs | grep -q "|7|NO|" \
  && ok "unpaired comparison: the report's header warns and says how to pair" \
  || not_ok "unpaired report warning" "$top"
if command -v gnuplot >/dev/null 2>&1; then
  "$ACCORD" report "$TMP/u" >/dev/null 2>&1
  grep -q "NOT PAIRED: \[2\] did not run with the same random numbers as a1" "$TMP/u/report.html" \
    && ! grep -q "with the same seeds, the difference is" "$TMP/u/report.html" \
    && ok "unpaired comparison: the difference figures say NOT PAIRED" \
    || not_ok "unpaired difference captions" "$(grep -o 'Each input minus[^<]*' "$TMP/u/report.html" | head -2)"
  "$ACCORD" report "$TMP/c" >/dev/null 2>&1
  grep -q "with the same seeds, the difference is" "$TMP/c/report.html" && ! grep -q "NOT PAIRED" "$TMP/c/report.html" \
    && ok "paired comparison: the difference figures keep 'with the same seeds'" \
    || not_ok "paired difference captions" "$(grep -o 'Each input minus[^<]*' "$TMP/c/report.html" | head -2)"
else
  ok "difference figures skipped (no gnuplot)"
  ok "difference figures skipped (no gnuplot)"
fi

# ---- the report of a run: its metrics' last values in the key table -------------
"$ACCORD" report "$TMP/b1" --no-figures >/dev/null 2>&1
last=$(awk -F, '$3 == "eu_present" { v = $4 } END { print v }' "$TMP/b1/custom.csv")
key=$(section "$TMP/b1/report.html" key-outcomes)
echo "$key" | grep -q "|Welfare|welfare|" && echo "$key" | grep -q "|harm_eu_cn|[0-9.e+-]*|M[$]|harm in the EU and China|" \
  && echo "$key" | grep -q "|eu_present|$last|developers|recorded by the scenario (world:record)|" \
  && echo "$key" | grep -q "custom.csv" \
  && ok "run report: the metrics' last values, units and meanings in the key table" \
  || not_ok "run report key table" "$key"

# ---- the report of a sweep asked for metrics: those outcomes lead ---------------
"$ACCORD" sweep "$M" --vary strict=0.2:0.8:3 --reps 2 --outcomes harm,eu_present,harm_eu_cn \
  --out "$TMP/s" --quiet
"$ACCORD" report "$TMP/s" --no-figures >/dev/null 2>&1
key=$(section "$TMP/s/report.html" key-outcomes)
echo "$key" | grep -q "|eu_present|developers|" && echo "$key" | grep -q "|harm_eu_cn|M[$]|" \
  && echo "$key" | grep -q "|harm|M[$]|" \
  && ok "sweep report: the selected metrics are in the key table, with units" \
  || not_ok "sweep report key table" "$key"
pts=$(section "$TMP/s/report.html" points)
echo "$pts" | grep -q "|eu_present (developers)|" \
  && ok "sweep report: design points show the metrics with units" || not_ok "sweep report points" "$pts"

# ---- two sweeps, one with a fixed --set: the comparison shows the setting ------
"$ACCORD" sweep "$M" --vary strict=0.2:0.8:3 --reps 2 --set years=0.5 --outcomes harm,eu_present \
  --out "$TMP/s2" --quiet
"$ACCORD" sweep "$M" --vary strict=0.2:0.8:3 --reps 2 --outcomes harm,eu_present --out "$TMP/s1" --quiet
"$ACCORD" compare "$TMP/s1" "$TMP/s2" --out "$TMP/cs" --no-plot >"$TMP/cs.txt" 2>&1
grep -q "^  \[2\] s2 .*paired with \[1\])  years=0.5, strict swept" "$TMP/cs.txt" \
  && grep -q "^  \[1\] s1 .*)  strict swept" "$TMP/cs.txt" \
  && ok "compare of sweeps: each input's fixed --set and swept parameters" \
  || not_ok "compare sweep settings" "$(head -4 "$TMP/cs.txt")"

finish
