#!/usr/bin/env bash
# Policy API mistakes through the real binary: a mistake while running exits
# 1 with "file:line: message" naming the value and the range (and a
# traceback); a mistake in a module constructor while loading exits 2 and
# points at the scenario's line, not at scripts/. The full list of errors is
# tests/unit/test_lua_world.c's.
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
for form in 0 1 2; do
  expect_exit 0 "" "the API fixture runs clean with rule form $form" -- \
    "$ACCORD" run tests/scenarios/policy/api_ok.lua --set form=$form --quiet --out "$TMP/ok$form"
done
grep -q '^1,[0-9.]*,answer,42$' "$TMP/ok1/custom.csv" && ok "world:record lands in custom.csv" \
  || not_ok "world:record lands in custom.csv" "$(head -3 "$TMP/ok1/custom.csv")"
finish
