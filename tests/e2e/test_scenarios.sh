#!/usr/bin/env bash
# Every shipped scenario (scenarios/*.lua) through the real binary with short
# horizons: it validates (accord check), declares years and scale, has the
# header the guide promises (question, what to look at, claim, parameters),
# runs, and writes the CSVs its header points at.
. "$(dirname "$0")/lib.sh"

shopt -s nullglob
n=0
for f in scenarios/*.lua; do
  name=$(basename "$f" .lua)
  n=$((n + 1))
  expect_exit 0 "ok — scenario '$name'" "$name: accord check" -- "$ACCORD" check "$f"
  params=$("$ACCORD" params "$f" --csv 2>&1)
  if echo "$params" | grep -q '^years,' && echo "$params" | grep -q '^scale,'; then
    ok "$name: declares years and scale"
  else
    not_ok "$name: declares years and scale" "$params"
  fi
  head=$(awk '{ print } /^\]\]/ { exit }' "$f") # the header comment, however long its claim
  missing=""
  for word in "Question:" "What to look at:" "Parameters" ; do
    echo "$head" | grep -q "$word" || missing="$missing $word"
  done
  if [ "$name" != baseline ] || true; then
    echo "$head" | grep -q "Claim" || missing="$missing Claim"
  fi
  [ -z "$missing" ] && ok "$name: header has question, what to look at, claim, parameters" \
    || not_ok "$name: header" "missing:$missing"
  out="$TMP/$name"
  expect_exit 0 "" "$name: runs (years=1, scale=0.05)" -- "$ACCORD" run "$f" --set years=1 --set scale=0.05 --seed 3 --quiet --out "$out"
  rows=$(($(wc -l < "$out/timeseries.csv") - 1))
  njur=$(awk -F, 'NR > 1 && $3 != "all" { print $3 }' "$out/timeseries.csv" | sort -u | wc -l)
  [ "$rows" -eq $((12 * (njur + 1))) ] && ok "$name: 12 steps x ($njur jurisdictions + all) rows" \
    || not_ok "$name: timeseries rows" "got $rows for $njur jurisdictions"
  # custom metrics named in the header's "What to look at" are recorded
  # (the custom.csv paragraph: from its line to the next file name or "Compare")
  metrics=$(echo "$head" | awk '/custom\.csv/ { on = 1; sub(/.*custom\.csv/, "") }
                                 on && /(timeseries|events|summary)\.csv|Compare/ { on = 0 }
                                 on { print }' | grep -oE '\b[a-z]+(_[a-z0-9]+)+\b' | sort -u)
  for m in $metrics; do
    grep -q ",$m," "$out/custom.csv" 2>/dev/null && ok "$name: records $m" || not_ok "$name: records $m" "not in custom.csv"
  done
done
[ "$n" -ge 9 ] && ok "found $n scenarios" || not_ok "found only $n scenarios"

# the default scenario stays fast at its default size
start=$(date +%s%N)
"$ACCORD" run scenarios/baseline.lua --quiet --out "$TMP/baseline_full" >/dev/null 2>&1
ms=$((($(date +%s%N) - start) / 1000000))
echo "# baseline at default size: $ms ms"
[ -s "$TMP/baseline_full/summary.csv" ] && ok "baseline runs at its default size" || not_ok "baseline at default size"
finish
