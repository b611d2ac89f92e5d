#!/usr/bin/env bash
# Segments (MODEL.md v2 change 1), end to end: the baseline with the EU's
# regulated share set to 0.3 (--set eu.regulated_share=0.3, the figure of
# data/v2_inputs.csv) keeps the EU's HHI below 10,000 after the first year, in
# every seed tried; its regulated columns are the regulated segment's (below
# the market's revenue, more developers deployed than in the segment); with
# regulated_share 1 (v1.2's whole-market regime; the v2 world's default is
# 0.3, data/regimes.csv) the regulated columns equal the market's; a bad value is an
# error naming the field and range.
. "$(dirname "$0")/lib.sh"

eu_rows() { python3 - "$1" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    if r["jurisdiction"] == "eu":
        print(r["step"], r["hhi"], r["regulated_hhi"], r["revenue"], r["regulated_revenue"], r["deployed"], r["regulated_deployed"])
PY
}

for seed in 1 2 3; do
  out="$TMP/h03_$seed"
  if ! "$ACCORD" run scenarios/baseline.lua --set eu.regulated_share=0.3 --set years=2 --seed $seed --out "$out" -q; then
    not_ok "seed $seed: baseline with eu.regulated_share=0.3 runs"; continue
  fi
  bad=$(eu_rows "$out/timeseries.csv" | awk '$1 > 12 && !($2 < 10000) {print}')
  [ -z "$bad" ] && ok "seed $seed: EU HHI < 10,000 in every step of year 2" || not_ok "seed $seed: EU HHI < 10,000 after year 1" "$bad"
  bad=$(eu_rows "$out/timeseries.csv" | awk '!($5 < $4) || !($7 < $6) {print}')
  [ -z "$bad" ] && ok "seed $seed: the regulated segment earns less and has fewer developers than the market" || \
    not_ok "seed $seed: regulated columns are the segment's" "$bad"
done

"$ACCORD" run scenarios/baseline.lua --set years=1 --seed 1 --out "$TMP/h1" -q \
  --set eu.regulated_share=1 --set us.regulated_share=1 --set jp.regulated_share=1 --set uk.regulated_share=1
bad=$(python3 - "$TMP/h1/timeseries.csv" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    if r["regulated_revenue"] != r["revenue"] or r["regulated_hhi"] != r["hhi"] or r["regulated_deployed"] != r["deployed"]:
        print(r["step"], r["jurisdiction"])
PY
)
[ -z "$bad" ] && ok "regulated_share 1: the regulated columns equal the market's" || not_ok "h = 1 regulated columns" "$bad"

expect_exit 2 "regulated_share must be in \[0, 1\], got 1\.5" "regulated_share 1.5 is an error naming the range" -- \
  "$ACCORD" run scenarios/baseline.lua --set eu.regulated_share=1.5 --set years=1 --out "$TMP/bad"
finish
