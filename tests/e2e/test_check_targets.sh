#!/usr/bin/env bash
# tests/tools/check_targets.py on a small world with made-up targets: one line
# per target (id, mean, se, low, high, PASS/FAIL/N/A), the exit status, N/A for
# what the outputs cannot give, a refused unknown statistic, and the mean
# against one computed here from the runs it kept.
. "$(dirname "$0")/lib.sh"

CT=tests/tools/check_targets.py
T="$TMP/targets.csv"
cat > "$T" <<'CSV'
id,outcome,statistic,window,low,high,scenario,source,basis,parameters
inc_y1,incidents,per run: sum over the window's steps of the `all` row of timeseries.csv; mean over seeds 1-30,1,0,1e9,tests/scenarios/tiny.lua,A,,
inc_none,incidents,per run: sum over the window's steps of the `all` row of timeseries.csv; mean over seeds 1-30,1,-2,-1,tests/scenarios/tiny.lua,A,,
top10_whole,top10_share,per run: share of the window's cumulative AI revenue (all markets) earned by the ten developers with the largest cumulative revenue in the window; mean over seeds 1-30,1-2,0,1,tests/scenarios/tiny.lua,A,,
top10_part,top10_share,per run: share of the window's cumulative AI revenue (all markets) earned by the ten developers with the largest cumulative revenue in the window; mean over seeds 1-30,2,0,1,tests/scenarios/tiny.lua,A,,
too_long,incidents,per run: sum over the window's steps of the `all` row of timeseries.csv; mean over seeds 1-30,1-5,0,1e9,tests/scenarios/tiny.lua,A,,
bk_inc,bankruptcy_rate_incumbent,per run: incumbent bankruptcies in the window / incumbent-years alive in the window; mean over seeds 1-30,2,0,1e9,tests/scenarios/tiny.lua,A,,
CSV
out=$(python3 $CT --accord "$ACCORD" --targets "$T" --seeds 3 -j 2 --workdir "$TMP/w" 2>&1); rc=$?
[ $rc -eq 1 ] && ok "a failing target: exit 1" || not_ok "exit status" "rc $rc: $out"
echo "$out" | grep -qE '^inc_y1 +[0-9.]+ +[0-9.]+ +0 +1e\+09 +PASS$' && ok "a passing target's line" || not_ok "PASS line" "$out"
echo "$out" | grep -qE '^inc_none .* FAIL$' && ok "a failing target's line" || not_ok "FAIL line" "$out"
echo "$out" | grep -qE '^top10_whole .* PASS$' && ok "top10_share over the whole run" || not_ok "top10 whole" "$out"
echo "$out" | grep -qE '^top10_part .* N/A +n/a \(no per-developer revenue series' && ok "N/A for a window the outputs cannot give" || not_ok "N/A line" "$out"
echo "$out" | grep -qE '^too_long .* N/A +n/a \(the run has 24 steps' && ok "N/A for a window past the run" || not_ok "window past the run" "$out"
echo "$out" | grep -qE '^bk_inc .* PASS$' && ok "bankruptcy rate over a partial window (from events.csv)" || not_ok "partial bankruptcy window" "$out"
echo "$out" | grep -q '^6 targets, 3 met; 3 seeds' && ok "the closing line" || not_ok "closing line" "$out"
# the mean of inc_y1 from the kept runs, computed here
col=$(head -1 "$TMP/w/tests_scenarios_tiny_lua/seed-1/timeseries.csv" | tr , '\n' | grep -nx incidents | cut -d: -f1)
want=$(for s in 1 2 3; do awk -F, -v c="$col" 'NR>1 && $3=="all" && $1<=12 {n+=$c} END {print n}' "$TMP/w/tests_scenarios_tiny_lua/seed-$s/timeseries.csv"; done | awk '{s+=$1} END {printf "%.6g", s/3}')
echo "$out" | grep -qE "^inc_y1 +$want " && ok "the mean over the seeds ($want)" || not_ok "mean of inc_y1" "want $want: $out"
python3 $CT --accord "$ACCORD" --targets "$T" --seeds 3 --workdir "$TMP/w" --reuse --allow-na --only inc_y1,top10_part >/dev/null 2>&1 \
  && ok "--reuse, --only, --allow-na: N/A does not fail" || not_ok "--allow-na"
sed 's/sum over the window/total across the window/' "$T" > "$TMP/bad.csv"
expect_exit 2 "inc_y1: statistic not recognised" "an unknown statistic is refused" -- python3 $CT --accord "$ACCORD" --targets "$TMP/bad.csv" --seeds 2 --workdir "$TMP/w2"
# the real targets file: every row parses and has a known statistic
out=$(python3 $CT --accord "$ACCORD" --dry-run 2>&1); rc=$?
[ $rc -eq 0 ] && [ "$(echo "$out" | grep -c 'window')" -eq "$(($(wc -l < data/targets.csv) - 1))" ] \
  && ok "data/targets.csv: every row parses and has a known statistic" || not_ok "data/targets.csv dry run" "rc $rc: $out"
finish
