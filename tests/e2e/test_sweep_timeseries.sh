#!/usr/bin/env bash
# accord sweep --timeseries on a world model: timeseries.csv holds, per design
# point, step, jurisdiction and metric, n, mean and quantiles over the
# replications; the per-step means add up to the mean cumulative outcome;
# identical for -j 1 / -j 2 / shards + merge / an interrupted and resumed sweep.
. "$(dirname "$0")/lib.sh"

A="tests/scenarios/tiny.lua --vary strict=0:1:3 --reps 4 --timeseries -q"
"$ACCORD" sweep $A -j 2 --out "$TMP/a"; rc=$?
[ $rc -eq 0 ] && [ -s "$TMP/a/timeseries.csv" ] && ok "--timeseries writes timeseries.csv" || not_ok "--timeseries" "rc $rc"
head -1 "$TMP/a/timeseries.csv" | grep -qx 'point,strict,step,year,jurisdiction,variable,n,mean,q05,q50,q95' \
  && ok "timeseries.csv header" || not_ok "timeseries.csv header" "$(head -1 "$TMP/a/timeseries.csv")"
# tiny: 2 years x 12 steps, 2 jurisdictions + all, 23 metrics, 3 points
nvars=$(awk -F, 'NR > 1 && $1 == 0 && $3 == 1 && $5 == "aa"' "$TMP/a/timeseries.csv" | wc -l)
[ "$(wc -l < "$TMP/a/timeseries.csv")" -eq $((3 * 24 * 3 * nvars + 1)) ] && [ "$nvars" -gt 10 ] \
  && ok "3 points x 24 steps x 3 rows x $nvars metrics" || not_ok "timeseries rows" "$(wc -l < "$TMP/a/timeseries.csv") with $nvars metrics"
# n counts the replications with a number (metrics such as mean_detection_lag
# are NA in steps without detections)
awk -F, 'NR > 1 { if ($7 == 4) { full++; if ($9 + 0 > $10 + 0 || $10 + 0 > $11 + 0 || $8 + 0 < $9 + 0 || $8 + 0 > $11 + 0) bad++ }
                  else if ($7 == 0) { if ($8 != "NA" || $10 != "NA") bad++ } else if ($7 < 0 || $7 > 4) bad++ }
  END { exit (bad > 0 || full < 1000) }' "$TMP/a/timeseries.csv" \
  && ok "n <= 4 replications; q05 <= mean, q50 <= q95; NA when no replication has a value" || not_ok "n and quantile order"
# the per-step harm summed over steps, averaged over replications, is the
# mean cumulative harm of points.csv (a mean of sums is the sum of means)
check=$(awk -F, 'FNR == 1 { f++ } f == 1 && $5 == "all" && $6 == "harm" { s[$1] += $8 }
  f == 2 && $3 == "harm" { d = s[$1] - $5; if (d < 0) d = -d; if (d > 1e-9 * (1 + $5)) bad++; n++ }
  END { print n, bad + 0 }' "$TMP/a/timeseries.csv" "$TMP/a/points.csv")
[ "$check" = "3 0" ] && ok "sum over steps of mean harm = mean cumulative harm, at every point" || not_ok "harm identity" "$check"

"$ACCORD" sweep $A -j 1 --out "$TMP/b"
cmp -s "$TMP/a/timeseries.csv" "$TMP/b/timeseries.csv" && ok "-j 1 and -j 2: identical timeseries.csv" || not_ok "-j 1 vs -j 2"
for i in 0 1 2; do "$ACCORD" sweep $A --shard $i/3 --out "$TMP/s$i"; done
"$ACCORD" merge "$TMP/s0" "$TMP/s1" "$TMP/s2" --out "$TMP/m" -q
cmp -s "$TMP/a/timeseries.csv" "$TMP/m/timeseries.csv" && cmp -s "$TMP/a/runs.csv" "$TMP/m/runs.csv" \
  && ok "shards + merge: identical timeseries.csv" || not_ok "merged timeseries"
# an interrupted sweep: the last 5 runs lost, a torn series record at the end
cp -r "$TMP/b" "$TMP/r"
# (drop the last 5 run records and the warning lines of those runs)
python3 - "$TMP/r/journal.txt" <<'PY'
import sys
p = sys.argv[1]
lines = open(p).read().splitlines(True)
runs = [l.split()[1] for l in lines if l.startswith("R ")][-5:]
keep = [l for l in lines if not (l[:2] in ("R ", "W ") and l.split()[1] in runs)]
open(p, "w").write("".join(keep))
PY
printf 'TSR1torn' >> "$TMP/r/timeseries.bin"
rm -f "$TMP/r/timeseries.csv" "$TMP/r/runs.csv"
"$ACCORD" sweep $A --resume --out "$TMP/r"
cmp -s "$TMP/a/timeseries.csv" "$TMP/r/timeseries.csv" && grep -q '"runs_this_session": 5' "$TMP/r/manifest.json" \
  && ok "resumed: identical timeseries.csv" || not_ok "resumed timeseries"
# --dry-run's size estimate counts timeseries.bin and timeseries.csv: within
# the factor 1.5 docs/sweeps.md states of the real directory, with and without
# and with a varied horizon, whose pilot once ran only the first point's
# (shortest) years: it estimated less than half of the real directory
for ts in "" --timeseries years; do
  D="tests/scenarios/tiny.lua --vary strict=0:1:3 --reps 4 $ts"
  [ "$ts" = years ] && D="tests/scenarios/tiny.lua --vary years=1:9:3 --reps 2 --timeseries"
  est=$("$ACCORD" sweep $D --dry-run --out "$TMP/dry$ts" 2>/dev/null | sed -n 's/.*estimated output: about \([0-9.]*\) \([kMG]*B\) .*/\1 \2/p')
  "$ACCORD" sweep $D -q -j 2 --out "$TMP/dry$ts" 2>/dev/null
  real=$(du -sb "$TMP/dry$ts" | cut -f1)
  awk -v e="$est" -v r="$real" 'BEGIN { split(e, a, " "); m = a[2] == "kB" ? 1e3 : a[2] == "MB" ? 1e6 : a[2] == "GB" ? 1e9 : 1
    x = a[1] * m / r; exit !(a[1] > 0 && x >= 1 / 1.5 && x <= 1.5) }' \
    && ok "dry run ${ts:-without --timeseries}: estimate $est within 1.5 x of the real $real bytes" \
    || not_ok "dry run ${ts:-without --timeseries}: size estimate" "estimated '$est', real $real bytes"
done
expect_exit 2 "is a function model, which has no per-step time series" "--timeseries on a function model" -- "$ACCORD" sweep tests/scenarios/ishigami.lua --vary x1 --timeseries --out "$TMP/f"
expect_exit 2 "planned differently \(it has 'timeseries 1', which this command does not give\)" "resume without --timeseries is another plan" -- "$ACCORD" sweep tests/scenarios/tiny.lua --vary strict=0:1:3 --reps 4 --out "$TMP/a" --resume
# ($TMP/dry: the dry-run check's sweep without --timeseries)
expect_exit 2 "planned differently \(this command gives 'timeseries 1', which it does not have\)" "resume with --timeseries added is another plan" -- "$ACCORD" sweep tests/scenarios/tiny.lua --vary strict=0:1:3 --reps 4 --timeseries --out "$TMP/dry" --resume
finish
