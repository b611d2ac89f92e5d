#!/usr/bin/env bash
# Scenario mistakes found by a newcomer's trial: each is refused while loading
# (exit 2) at file:line, naming the value; NaN prints as "nan", never "-nan".
. "$(dirname "$0")/lib.sh"
E=tests/scenarios/errors
run() { "$ACCORD" run "$1" --out "$TMP/out" --quiet --time-limit 5; }

expect_exit 2 "^accord: $E/event_both.lua:6: events\[1\]: give year or step, not both$" \
  "an event with both year and step is refused (it used to take the year silently)" -- run $E/event_both.lua
expect_exit 2 "^accord: $E/event_string_year.lua:6: events\[1\]: year must be a number \(yr\), got string$" \
  "an event year written as a string is refused" -- run $E/event_string_year.lua
expect_exit 2 "^accord: $E/event_fractional_step.lua:6: events\[1\]: step must be an integer in \[1, 24\], got 2.5$" \
  "a fractional event step names the value and the range" -- run $E/event_fractional_step.lua
expect_exit 2 "^accord: $E/event_nan_step.lua:6: events\[1\]: step must be an integer in \[1, 24\], got nan$" \
  "a NaN event step names it as nan" -- run $E/event_nan_step.lua
expect_exit 2 "^accord: $E/param_nan.lua:1: param 'p': 'default' must be finite, got nan$" \
  "a NaN param default prints as nan, not -nan" -- run $E/param_nan.lua
expect_exit 2 "^accord: $E/pop_home_and_shares.lua:6: population #1: home does not go with shares: give home and count \(one home\), or total and shares \(split over homes\)$" \
  "a population with home and shares is refused (home was ignored)" -- run $E/pop_home_and_shares.lua
expect_exit 2 "^accord: $E/pop_count_and_total.lua:6: population #1: total needs shares" \
  "a population with count and total is refused (total was ignored)" -- run $E/pop_count_and_total.lua
expect_exit 2 "^accord: $E/pop_string_count.lua:6: population #1: count must be an integer in \[0, 10000000\], got '5'$" \
  "a count written as a string is refused, as other numbers are" -- run $E/pop_string_count.lua
expect_exit 2 "^accord: $E/pop_zero_horizon.lua:6: population #1: horizon must lie in \(0, 100\], got \[0, 0\]$" \
  "horizon's range is said as (0, 100], not [1e-09, 100]" -- run $E/pop_zero_horizon.lua
expect_exit 2 "^accord: $E/pop_nan_share.lua:6: population #1: shares.aa must be a number in \[0, 1e9\], got nan$" \
  "a NaN share prints as nan" -- run $E/pop_nan_share.lua
expect_exit 2 "^accord: $E/zero_steps.lua:4: years = 0.01 is 0.12 steps at steps_per_year = 12, which rounds to 0: a run needs at least one step \(1 / steps_per_year = 0.0833333 years\)$" \
  "a horizon of 0 steps is refused (it ran and wrote empty outputs)" -- run $E/zero_steps.lua
expect_exit 2 "^accord: $E/zero_steps.lua:4: years = 0.01 is" \
  "the same through accord check" -- "$ACCORD" check $E/zero_steps.lua
expect_exit 2 "^accord: $E/zero_steps.lua:4: years = 0.04 is 0.48 steps" \
  "... and with the value of --set years" -- "$ACCORD" check $E/zero_steps.lua --set years=0.04
expect_exit 2 "^accord: $E/too_many_policies.lua:7: policies: at most 64 policies, got 65$" \
  "65 policies: the message says the limit, not that policies[65] is not a function" -- run $E/too_many_policies.lua
[ ! -e "$TMP/out" ] && ok "nothing written for scenarios refused while loading" || not_ok "nothing written" "$(ls -A "$TMP/out")"
# function models: outcome names are columns of summary.csv and names for --outcomes
expect_exit 2 "^accord: $E/model_outcome_name.lua: model\\(\\) outcome name 'a,b' must be 1 to 128 letters, digits, '_', '.' or '-'$" \
  "a model() outcome name with a comma is refused" -- run $E/model_outcome_name.lua
# a hook's long error keeps where it happened
expect_exit 1 "^  in policies\[1\] \(defined at $E/long_hook_error.lua:6\) at step 1, year 0.0833333$" \
  "a policy's 10,000-byte error still says which hook, step and year" -- run $E/long_hook_error.lua
grep -q 'policies\[1\] (defined at' "$TMP/out/manifest.json" 2>/dev/null && ok "... in the failed run's manifest too" \
  || not_ok "manifest of the long error" "$(grep -o '"message": "[^"]\{0,80\}' "$TMP/out/manifest.json" 2>&1 | head -2)"
# an error object's __tostring: huge, failing or looping, the message keeps
# file:line and the hook, step and year (a 10 MB one had no file:line)
X400=$(printf 'x%.0s' $(seq 400))
expect_exit 1 "^accord: $E/huge_tostring_error.lua:7: $X400 \.\.\.$" \
  "an error object's 10 MB __tostring: file:line, its text cut at 400 bytes" -- run $E/huge_tostring_error.lua
expect_exit 1 "^  in policies\[1\] \(defined at $E/huge_tostring_error.lua:6\) at step 1, year 0.0833333$" \
  "... and the hook, step and year" -- run $E/huge_tostring_error.lua
expect_exit 1 "^accord: $E/failing_tostring_error.lua:8: \(error object is a table value; its __tostring failed: $E/failing_tostring_error.lua:7: no text for you\)$" \
  "a __tostring that raises: both places named" -- run $E/failing_tostring_error.lua
expect_exit 1 "^accord: $E/looping_tostring_error.lua:7: time limit of 0.5 s exceeded$" \
  "a __tostring that loops is stopped by the time limit, at its line" -- \
  "$ACCORD" run $E/looping_tostring_error.lua --out "$TMP/out" --quiet --time-limit 0.5
expect_exit 1 "^  in policies\[1\] \(defined at $E/looping_tostring_error.lua:6\) at step 1, year 0.0833333$" \
  "... with the hook, step and year" -- \
  "$ACCORD" run $E/looping_tostring_error.lua --out "$TMP/out" --quiet --time-limit 0.5
# bloc ids 'all' and 'self' are the outputs' names, refused as for jurisdictions
expect_exit 2 "^accord: $E/bloc_id_all.lua:12: bloc id 'all' is reserved \(the outputs use 'all' for all markets and 'self' for a developer's own detection\): give another id of 1 to 23 characters$" \
  "a bloc named 'all' is refused at its id's line" -- run $E/bloc_id_all.lua
expect_exit 1 "^accord: $E/bloc_id_self_at_run.lua:11: bloc id 'self' is reserved" \
  "a policy adding a bloc named 'self' is refused at its line" -- run $E/bloc_id_self_at_run.lua
expect_exit 1 "^  in policies\[1\] \(defined at $E/bloc_id_self_at_run.lua:9\) at step 2, year 0.166667$" \
  "... at step 2" -- run $E/bloc_id_self_at_run.lua
finish
