#!/usr/bin/env bash
# Warnings, not errors (MODEL.md "Defaults, typical ranges and warnings"): a
# value outside its typical range runs but warns once per field and place,
# with a did-you-mean where a percent or per-month slip fits; months that
# round to another number of steps warn naming steps_per_year; warnings go to
# stderr, log.txt and the manifest (a sweep's: each once); --strict makes
# them errors (exit 2). accord fields shows the typical ranges.
. "$(dirname "$0")/lib.sh"
W=tests/scenarios/warnings/growth.lua
RANGE='is far outside its typical range \[-0\.1, 1\] \(per year\); did you mean 0\.25\?'

# a manifest's warnings, one per line
warnings_of() { python3 -c 'import json,sys; [print(w) for w in json.load(open(sys.argv[1]))["warnings"]]' "$1"; }

# --- the issue's done-when: baseline with a percent for a growth rate --------------------
expect_exit 0 "^warning: --set eu\.growth = 25 $RANGE" "baseline --set eu.growth=25 warns with a did-you-mean and runs" -- \
  "$ACCORD" run scenarios/baseline.lua --set eu.growth=25 --set years=1 --out "$TMP/base"
[ -f "$TMP/base/summary.csv" ] && ok "the warned run wrote its outputs" || not_ok "the warned run wrote its outputs"
grep -qE "^warning: --set eu\.growth = 25 $RANGE" "$TMP/base/log.txt" && ok "log.txt has the warning" || \
  not_ok "log.txt has the warning" "$(cat "$TMP/base/log.txt" 2>&1)"
warnings_of "$TMP/base/manifest.json" | grep -qE "^--set eu\.growth = 25 $RANGE" && ok "the manifest lists the warning" || \
  not_ok "the manifest lists the warning" "$(warnings_of "$TMP/base/manifest.json" 2>&1)"
expect_exit 2 "^accord: scenarios/baseline\.lua: --set eu\.growth = 25 $RANGE \(--strict: warnings are errors\)" "with --strict it is an error, exit 2" -- \
  "$ACCORD" run scenarios/baseline.lua --set eu.growth=25 --set years=1 --strict --out "$TMP/base_strict"
[ -e "$TMP/base_strict/summary.csv" ] && not_ok "a strict failure writes no outputs" || ok "a strict failure writes no outputs"
out=$("$ACCORD" run scenarios/baseline.lua --set years=1 --out "$TMP/base_clean" 2>&1)
echo "$out" | grep -q "warning" && not_ok "the baseline world gives no warning" "$out" || ok "the baseline world gives no warning"
[ "$(warnings_of "$TMP/base_clean/manifest.json")" = "" ] && ok "its manifest lists none" || not_ok "its manifest lists none"

# --- a scenario file: file:line, months rounding, a policy at run time ---------------------
expect_exit 0 "^warning: $W:13: jurisdiction 'aa': growth = 25 $RANGE" "growth = 25 in a jurisdiction warns at its line" -- \
  "$ACCORD" run $W --out "$TMP/w"
err=$("$ACCORD" run $W --out "$TMP/w" 2>&1 >/dev/null)
echo "$err" | grep -qx "warning: $W:14: jurisdiction 'aa': review_months = 1.5 months is 2 steps (2 months) at steps_per_year = 12" && \
  ok "review_months = 1.5 warns that it is 2 steps at steps_per_year = 12" || not_ok "months rounding warning" "$err"
echo "$err" | grep -qx "warning: $W:26: jurisdiction 'bb': fine_share = 0.5 is far outside its typical range \[0, 0.1\] (share of revenue)" && \
  ok "a policy's world:set warns at the policy's line" || not_ok "policy warning" "$err"
echo "$err" | grep -qx "warning: $W:22: jurisdiction 'aa': label_premium = 0.51 is outside its typical range \[0, 0.5\] (share)" && \
  ok "a policy setting a new value every step warns once, with the first" || not_ok "policy warning once per place" "$err"
[ "$(echo "$err" | grep -c '^warning:')" -eq 4 ] && ok "four warnings, each once" || not_ok "each warning once" "$err"
[ "$(grep -c '^warning:' "$TMP/w/log.txt")" -eq 4 ] && ok "log.txt has the four warnings" || not_ok "log.txt has the four warnings" "$(cat "$TMP/w/log.txt")"
mw=$(warnings_of "$TMP/w/manifest.json")
[ "$(echo "$mw" | wc -l)" -eq 4 ] && echo "$mw" | grep -q "^$W:14: jurisdiction 'aa': review_months = 1.5 months is 2 steps" && \
  ok "the manifest lists the four warnings" || not_ok "the manifest lists the four warnings" "$mw"
out=$("$ACCORD" run $W --out "$TMP/wq" --quiet 2>&1)
[ -z "$out" ] && [ "$(grep -c '^warning:' "$TMP/wq/log.txt")" -eq 4 ] && ok "--quiet: no warnings on stderr, still in log.txt" || \
  not_ok "--quiet keeps warnings off stderr" "$out"
# 0.4 months at 12 steps a year is no step at all; at 4 steps a year 1.5 months is one step of 3
expect_exit 0 "^warning: --set aa\.review_months = 0\.4 months is 0 steps \(0 months\) at steps_per_year = 12" "0.4 months is 0 steps" -- \
  "$ACCORD" run $W --set aa.review_months=0.4 --out "$TMP/w04"
expect_exit 0 "$W:14: jurisdiction 'aa': review_months = 1\.5 months is 1 step \(3 months\) at steps_per_year = 4" "months against steps_per_year = 4" -- \
  "$ACCORD" run $W --set steps_per_year=4 --out "$TMP/w4"
# a value --set replaces does not warn; what is left is the policy's
err=$("$ACCORD" run $W --set growth=0.25 --set aa.review_months=2 --out "$TMP/w2" 2>&1 >/dev/null)
[ "$(echo "$err" | grep -c '^warning:')" -eq 2 ] && echo "$err" | grep -q "$W:26: jurisdiction 'bb': fine_share" && \
  ok "values --set replaces do not warn" || not_ok "values --set replaces do not warn" "$err"
expect_exit 2 "^accord: $W:13: jurisdiction 'aa': growth = 25 $RANGE \(--strict: warnings are errors\)" "--strict: the first warning at load is an error" -- \
  "$ACCORD" run $W --strict --out "$TMP/ws"
expect_exit 2 "^accord: $W:22: jurisdiction 'aa': label_premium = 0\.51 is outside .* \(--strict: warnings are errors\)" "--strict: a policy's warning ends the run, exit 2" -- \
  "$ACCORD" run $W --strict --set growth=0.25 --set aa.review_months=2 --out "$TMP/ws2"
[ -e "$TMP/ws2/summary.csv" ] && not_ok "a strict run failure writes no outputs" || ok "a strict run failure writes no outputs"

# --- check ------------------------------------------------------------------------------
expect_exit 0 "2 warnings \(on stderr; --strict makes them errors\)" "check reports the load's warnings" -- "$ACCORD" check $W
expect_exit 2 "^accord: $W:13: .*growth = 25 .*\(--strict: warnings are errors\)" "check --strict exits 2" -- "$ACCORD" check $W --strict

# --- fields -----------------------------------------------------------------------------
expect_exit 0 "^  growth +0\.25 +assumption +\(-1, inf\) +\[-0\.1, 1\] +growth/yr" "accord fields shows the typical range next to the hard range" -- "$ACCORD" fields
expect_exit 0 "^scope,name,default,range,typical,unit,doc,typical_why,basis,source$" "accord fields --csv has typical and typical_why" -- "$ACCORD" fields --csv
expect_exit 0 "^jurisdiction,growth,0\.25,\"\(-1, inf\)\",\"\[-0\.1, 1\]\",growth/yr," "fields --csv: growth's typical range" -- "$ACCORD" fields --csv

# --- sweeps: each distinct warning once, in the manifest; --strict refuses ------------------
err=$("$ACCORD" sweep $W --vary growth=0.1:30:3 --reps 2 -j 2 --out "$TMP/sw" 2>&1 >/dev/null); rc=$?
[ $rc -eq 0 ] && ok "a sweep with warnings runs" || not_ok "a sweep with warnings runs" "exit $rc: $err"
[ "$(echo "$err" | grep -c '^warning:')" -eq 4 ] && echo "$err" | grep -q "growth = 30 is far outside" && \
  ok "the sweep prints each distinct warning once" || not_ok "the sweep prints each distinct warning once" "$err"
sw=$(warnings_of "$TMP/sw/manifest.json")
[ "$(echo "$sw" | wc -l)" -eq 4 ] && echo "$sw" | grep -q "review_months = 1.5 months is 2 steps" && \
  echo "$sw" | grep -q "growth = 15.05 is far outside" && ok "the sweep manifest lists each once (lowest run's text)" || \
  not_ok "the sweep manifest lists each once" "$sw"
for k in 0 1; do
  "$ACCORD" sweep $W --vary growth=0.1:30:3 --reps 2 --shard $k/2 --out "$TMP/sh$k" -q >/dev/null 2>&1
done
"$ACCORD" merge "$TMP/sh0" "$TMP/sh1" --out "$TMP/merged" -q >/dev/null 2>&1
[ "$(warnings_of "$TMP/merged/manifest.json")" = "$sw" ] && ok "merged shards list the same warnings as one sweep" || \
  not_ok "merged shards list the same warnings" "$(warnings_of "$TMP/merged/manifest.json" 2>&1)"
expect_exit 2 "^accord: $W:14: .*review_months = 1\.5 months .*\(--strict: warnings are errors\)" "sweep --strict refuses before any run" -- \
  "$ACCORD" sweep $W --vary growth=0.1:0.3:3 --strict --out "$TMP/sws"
[ -e "$TMP/sws/journal.txt" ] && not_ok "a refused sweep writes nothing" || ok "a refused sweep writes nothing"
finish
