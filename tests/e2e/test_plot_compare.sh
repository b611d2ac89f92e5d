#!/usr/bin/env bash
# accord compare on real runs: the table and compare.csv (differences from the
# first input, intervals over replications, paired with common random numbers),
# overlaid time series per jurisdiction and their figures; usage errors.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"

for s in 1 2 3; do
  "$ACCORD" run tests/scenarios/tiny.lua --out "$TMP/lax$s" --seed $s --set strict=0.2 --quiet
  "$ACCORD" run tests/scenarios/tiny.lua --out "$TMP/strict$s" --seed $s --set strict=0.9 --quiet
done

# --- two single runs
expect_exit 0 "\[2\] strict1 " "compare two runs (same scenario: labelled by directory)" -- \
  "$ACCORD" compare "$TMP/lax1" "$TMP/strict1" --out "$TMP/c1" --no-plot
[ -s "$TMP/c1/compare.csv" ] && [ -s "$TMP/c1/compare_timeseries.csv" ] && [ -s "$TMP/c1/manifest.json" ] \
  && ok "compare writes compare.csv, compare_timeseries.csv, manifest.json" || not_ok "compare files"
head -1 "$TMP/c1/compare.csv" | grep -q '^outcome,lax1,lax1_n,lax1_sd,lax1_ci_lo,lax1_ci_hi,strict1,strict1_n,.*,strict1_diff,strict1_diff_ci_lo,strict1_diff_ci_hi,strict1_diff_pct$' \
  && ok "compare.csv header" || not_ok "compare.csv header" "$(head -1 "$TMP/c1/compare.csv")"
# the difference column is the second minus the first, from the summaries
w1=$(awk -F, 'NR==1{for(i=1;i<=NF;i++) if($i=="welfare") c=i} NR==2{print $c}' "$TMP/lax1/summary.csv")
w2=$(awk -F, 'NR==1{for(i=1;i<=NF;i++) if($i=="welfare") c=i} NR==2{print $c}' "$TMP/strict1/summary.csv")
d=$(awk -F, 'NR==1{for(i=1;i<=NF;i++) if($i=="strict1_diff") c=i} $1=="welfare"{print $c}' "$TMP/c1/compare.csv")
awk -v a="$w1" -v b="$w2" -v d="$d" 'BEGIN { exit !(d - (b - a) < 1e-6 * (1 + (b < 0 ? -b : b)) && (b - a) - d < 1e-6 * (1 + (b < 0 ? -b : b))) }' \
  && ok "welfare difference = strict - lax ($d)" || not_ok "welfare difference" "$w1 $w2 $d"
grep -q '"kind": "compare"' "$TMP/c1/manifest.json" && ok "manifest kind compare" || not_ok "manifest kind"
# two different scenarios: paired by seed, and said to be different worlds
"$ACCORD" run tests/scenarios/arms.lua --out "$TMP/other" --quiet 2>/dev/null || "$ACCORD" run scenarios/baseline.lua --set years=1 --set scale=0.05 --out "$TMP/other" --quiet
"$ACCORD" compare "$TMP/lax1" "$TMP/other" --out "$TMP/c1o" --no-plot > "$TMP/c1o.txt" 2>&1
grep -q "note: \[2\] is another scenario" "$TMP/c1o.txt" && ok "compare says when [2] is another scenario" || not_ok "another scenario" "$(head -5 "$TMP/c1o.txt")"
# the table: each column's values end in one column whatever the width of
# their change from [1] ("53.15 (-2.0%)" above "11 (-15.4%)")
"$ACCORD" compare "$TMP/lax1" "$TMP/strict1" --out "$TMP/c1" --no-plot > "$TMP/c1.txt" 2>&1
ends=$(awk '/^outcome /{t=1; next} t && /^$/{exit} t && / \(/{print index($0, " (")}' "$TMP/c1.txt" | sort -u | wc -l)
[ "$ends" -eq 1 ] && ok "the table's [2] values are aligned" || not_ok "table alignment" "$(sed -n '/^outcome/,/^$/p' "$TMP/c1.txt")"
[ -s "$TMP/c1.txt" ] && ! grep -q "another scenario" "$TMP/c1.txt" && ok "the same scenario with other settings is not called another" \
  || not_ok "same scenario called another"

# --- replicated arms (commas), paired by seed: intervals
"$ACCORD" compare "$TMP/lax1,$TMP/lax2,$TMP/lax3" "$TMP/strict1,$TMP/strict2,$TMP/strict3" \
  --labels lax,strict --out "$TMP/c3" --no-plot > "$TMP/c3.txt" 2>&1
grep -q "(3 runs, seeds 1-3, paired with \[1\])" "$TMP/c3.txt" && ok "replications are paired by seed" || not_ok "paired" "$(head -5 "$TMP/c3.txt")"
grep -q "\[2\] strict .*(3 runs, seeds 1-3, paired with \[1\])  strict=0.9" "$TMP/c3.txt" && ok "the legend shows each input's --set changes" \
  || not_ok "settings in legend" "$(head -5 "$TMP/c3.txt")"
grep -q '"settings": "strict=0.2"' "$TMP/c3/manifest.json" && ok "settings recorded in the manifest" || not_ok "settings in manifest"
grep -qE "^welfare +[-0-9.e+]+ ±" "$TMP/c3.txt" && ok "table shows mean ± half-width" || not_ok "± in table" "$(cat "$TMP/c3.txt")"
n=$(awk -F, 'NR==1{for(i=1;i<=NF;i++) if($i=="lax_n") c=i} $1=="welfare"{print $c}' "$TMP/c3/compare.csv")
[ "$n" = "3" ] && ok "lax_n = 3" || not_ok "lax_n" "$n"
lo=$(awk -F, 'NR==1{for(i=1;i<=NF;i++) if($i=="strict_diff_ci_lo") c=i} $1=="welfare"{print $c}' "$TMP/c3/compare.csv")
[ -n "$lo" ] && [ "$lo" != "NA" ] && ok "difference has an interval ($lo)" || not_ok "diff interval" "$lo"

# --- time series of one jurisdiction, overlaid figures, terminal
if command -v gnuplot >/dev/null 2>&1; then
  expect_exit 0 "compare_harm +\.png \.svg \.gp" "compare draws overlaid figures" -- \
    "$ACCORD" compare "$TMP/lax1" "$TMP/strict1" --labels lax,strict --jurisdiction aa --out "$TMP/c2"
  grep -q ",lax," "$TMP/c2/compare_timeseries.csv" && grep -q ",strict," "$TMP/c2/compare_timeseries.csv" \
    && ok "compare_timeseries.csv has one block per input" || not_ok "compare_timeseries inputs"
  # the aa rows of the run, averaged over one replication, are the run's own
  a=$(awk -F, '$3=="aa" && $1==12 {print $4}' "$TMP/lax1/timeseries.csv")
  b=$(awk -F, '$3=="lax" && $1==12 {print $4}' "$TMP/c2/compare_timeseries.csv")
  [ "$a" = "$b" ] && ok "jurisdiction aa, step 12: deployed $a" || not_ok "aa rows" "$a vs $b"
  grep -q "(aa)" "$TMP/c2/compare_deployed.gp" && ok "figure titles name the jurisdiction" || not_ok "jurisdiction in title"
  "$ACCORD" compare "$TMP/lax1" "$TMP/strict1" --labels lax,strict --out "$TMP/c4" --term --format svg > "$TMP/c4.txt"
  grep -qE " lax \*+" "$TMP/c4.txt" && grep -qE "strict #+" "$TMP/c4.txt" && ok "--term draws both inputs" \
    || not_ok "--term compare" "$(tail -30 "$TMP/c4.txt")"
  [ -s "$TMP/c4/compare_hhi.svg" ] && [ ! -e "$TMP/c4/compare_hhi.png" ] && ok "--format svg only" || not_ok "--format svg"
else
  echo "skipped: gnuplot not installed (figures)"
fi

# --- errors
expect_exit 3 "no such directory" "missing input exits 3" -- "$ACCORD" compare "$TMP/lax1" "$TMP/nope" --out "$TMP/e"
expect_exit 2 "no jurisdiction 'zz' \(it has: aa, bb, all\)" "unknown jurisdiction exits 2" -- \
  "$ACCORD" compare "$TMP/lax1" "$TMP/strict1" --jurisdiction zz --out "$TMP/e"
expect_exit 2 "--labels: 1 names for 2 inputs" "wrong label count exits 2" -- \
  "$ACCORD" compare "$TMP/lax1" "$TMP/strict1" --labels one --out "$TMP/e"
expect_exit 2 "--level needs a number in \(0, 1\)" "bad level exits 2" -- "$ACCORD" compare "$TMP/lax1" --level 2
expect_exit 2 "no inputs given" "no inputs exits 2" -- "$ACCORD" compare
expect_exit 2 "not a run directory" "a directory without summary.csv exits 2" -- "$ACCORD" compare "$TMP" --out "$TMP/e"
expect_exit 0 "paired when both inputs" "compare --help" -- "$ACCORD" compare --help
finish
