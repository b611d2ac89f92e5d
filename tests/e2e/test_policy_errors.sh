#!/usr/bin/env bash
# Policy API mistakes through the real binary: a mistake while running exits
# 1 with "file:line: message" naming the value and the range (and a
# traceback); a mistake in a module constructor, or in what it names (checked
# by policies.attach against the scenario), exits 2 while loading and points
# at the scenario's line, not at scripts/. The full lists of errors are
# tests/unit/test_lua_world.c's and test_lua_world_policies.c's.
. "$(dirname "$0")/lib.sh"

F=tests/scenarios/policy/api_errors.lua
line() { grep -n -- "-- E$1\$" "$F" | cut -d: -f1; }

expect_exit 1 "^accord: $F:$(line 3): jurisdiction 'aa': stringency must be in \[0, 1\], got 1.4" \
  "world:set out of range exits 1 with file:line" -- "$ACCORD" run "$F" --set case=3 --quiet --out "$TMP/e3"
expect_exit 1 "stack traceback" "a run error has a traceback" -- "$ACCORD" run "$F" --set case=3 --quiet --out "$TMP/e3"
expect_exit 1 "$F:$(line 40): developer 1: safety must be in \[0, 1\], got 1.5" \
  "world:set_dev names the developer (1-based), value and range" -- "$ACCORD" run "$F" --set case=40 --quiet --out "$TMP/e40"
expect_exit 1 "$F:$(line 61): bad argument #1 to 'set' \(developer 1008 is not among" \
  "a per-step rule's mistake points at the rule's line" -- "$ACCORD" run "$F" --set case=61 --quiet --out "$TMP/e61"
expect_exit 1 "$F:$(line 69): developer 1: safety must be in \[0, 1\], got 2" \
  "a per-developer rule's mistake points at the rule's line" -- "$ACCORD" run "$F" --set case=69 --quiet --out "$TMP/e69"
expect_exit 2 "^accord: $F:$(line 74): policies.tighten_after_incidents: jurisdiction must be a jurisdiction id" \
  "a module constructor's mistake exits 2 at the scenario's line" -- "$ACCORD" run "$F" --set case=74 --quiet --out "$TMP/e74"
expect_exit 2 "$F:$(line 73): regimes: no preset 'xx' \(known: eu, us, jp, uk, cn, kr, sg\)" \
  "regimes.make with an unknown id" -- "$ACCORD" check "$F" --set case=73
[ -e "$TMP/e74" ] && not_ok "a scenario that fails to load writes nothing" || ok "a scenario that fails to load writes nothing"
# what the policies.* constructors name is checked against the scenario while it loads
P=tests/scenarios/policy/policy_checks.lua
pline() { grep -n -- "-- P$1\( ok\)\?\$" "$P" | cut -d: -f1; }
expect_exit 2 "^accord: $P:$(pline 1): policies.tighten_after_incidents: jurisdiction = 'fr' is not a jurisdiction of this scenario \(known: aa, bb\)$" \
  "accord check: a constructor's unknown jurisdiction, at its line" -- "$ACCORD" check "$P" --set case=1
expect_exit 2 "^accord: $P:$(pline 5): policies.regulatory_capture: rates: 'cert_cst' is not a jurisdiction field \(did you mean 'cert_cost'\?\)$" \
  "accord run: a misspelt field in rates, at its line" -- "$ACCORD" run "$P" --set case=5 --quiet --out "$TMP/p5"
expect_exit 2 "^accord: $P:$(pline 7): policies.suspend_sharing: no sharing link aa -> bb to suspend" \
  "accord run: suspend_sharing of a link never declared" -- "$ACCORD" run "$P" --set case=7 --quiet --out "$TMP/p7"
[ -e "$TMP/p5" ] || [ -e "$TMP/p7" ] && not_ok "a policy mistake at load writes nothing" || ok "a policy mistake at load writes nothing"
for c in 9 22 23 25; do
  expect_exit 0 "" "policy_checks.lua case $c (correct) runs" -- "$ACCORD" run "$P" --set case=$c --quiet --out "$TMP/pok$c"
done
for form in 0 1 2; do
  expect_exit 0 "" "the API fixture runs clean with rule form $form" -- \
    "$ACCORD" run tests/scenarios/policy/api_ok.lua --set form=$form --quiet --out "$TMP/ok$form"
done
grep -q '^1,[0-9.]*,answer,42$' "$TMP/ok1/custom.csv" && ok "world:record lands in custom.csv" \
  || not_ok "world:record lands in custom.csv" "$(head -3 "$TMP/ok1/custom.csv")"
# policies.end_recognition ends a recognition at its year (declared, or added by
# start_recognition earlier): a recognition_remove event at the step that starts there
PC=tests/scenarios/policy/policy_checks.lua
"$ACCORD" run $PC --set case=26 --out "$TMP/end26" -q
[ "$(awk -F, '$3 == "policy" && $12 ~ /^recognition/ { printf "%s,%s,%s,%s ", $1, $7, $13, $12 }' "$TMP/end26/events.csv")" = "3,bb,aa,recognition_remove " ] \
  && ok "end_recognition ends a declared recognition at year 0.1 (step 3)" || not_ok "end_recognition (declared)" "$(grep recognition "$TMP/end26/events.csv")"
"$ACCORD" run $PC --set case=28 --out "$TMP/end28" -q
[ "$(awk -F, '$3 == "policy" && $12 ~ /^recognition/ { printf "%s,%s,%s,%s ", $1, $7, $13, $12 }' "$TMP/end28/events.csv")" = "3,aa,bb,recognition_add 4,aa,bb,recognition_remove " ] \
  && ok "end_recognition ends one start_recognition added" || not_ok "end_recognition (added)" "$(grep recognition "$TMP/end28/events.csv")"
# tighten_after_incidents with an infinite step goes straight to the field's top
# (the 12-digit rounding of each step must leave an infinite sum alone)
"$ACCORD" run $PC --set case=36 --set risk.base_hazard=10 --set years=2 --out "$TMP/inf36" -q; rc=$?
[ $rc -eq 0 ] && [ "$(awk -F, '$3 == "policy" && $12 == "stringency" { printf "%s,%s,%s ", $1, $7, $9 }' "$TMP/inf36/events.csv")" = "3,aa,1 " ] \
  && ok "an infinite tightening step reaches the top of the range, 1" || not_ok "infinite step" "rc $rc: $(grep stringency "$TMP/inf36/events.csv")"
finish
