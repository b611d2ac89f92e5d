#!/usr/bin/env bash
# A run that fails while running (a hook raises an error in year 3): the error
# names the hook, step and year; the run directory keeps what was written up
# to the failure, with manifest.json "status": "failed" and why, and no
# summary.csv, so it cannot pass for a complete run; compare refuses it, plot
# and report say FAILED loudly. Exit 1 as before. A complete run's manifest
# says "status": "complete".
. "$(dirname "$0")/lib.sh"

F=tests/scenarios/policy/fails_in_year3.lua
jget() { # jget FILE KEY: the first "KEY": value in the file (string or number)
  sed -n "s/^ *\"$2\": *\"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}\$/\1/p" "$1" | head -1
}

expect_exit 1 "policy exploded in year 3.*
  in policies\[2\] \(defined at $F:6\) at step 36, year 3" \
  "a failing policy's error names the policy, where it is defined, the step and the year" \
  -- "$ACCORD" run $F --out "$TMP/p" --quiet
expect_exit 1 "in on_step_end \(defined at $F:21\) at step 36, year 3" "on_step_end is named" \
  -- "$ACCORD" run $F --set where=2 --out "$TMP/e" --quiet
expect_exit 1 "in developer_rule \(defined at $F:22\) at step 36, year 3" "developer_rule is named" \
  -- "$ACCORD" run $F --set where=3 --out "$TMP/r" --quiet
expect_exit 1 "what it wrote up to the failure is in $TMP/p/" "the CLI says where the partial outputs are" \
  -- "$ACCORD" run $F --out "$TMP/p" --quiet

# what the failed run wrote
M="$TMP/p/manifest.json"
[ "$(jget "$M" status)" = failed ] && ok "manifest: status failed" || not_ok "manifest status" "$(head -5 "$M")"
grep -q '"message": "tests/scenarios/policy/fails_in_year3.lua:7: policy exploded in year 3.0"' "$M" \
  && grep -q '"in": "policies\[2\] (defined at tests/scenarios/policy/fails_in_year3.lua:6)"' "$M" \
  && grep -q '"step": 36' "$M" && grep -q '"year": 3' "$M" \
  && ok "manifest: failure message, hook, step, year" || not_ok "manifest failure object" "$(sed -n 1,12p "$M")"
[ -e "$TMP/p/summary.csv" ] && not_ok "a failed run writes no summary.csv" || ok "a failed run writes no summary.csv"
last=$(tail -1 "$TMP/p/timeseries.csv" | cut -d, -f1)
rows=$(wc -l < "$TMP/p/timeseries.csv")
[ "$last" = 35 ] && [ "$rows" -eq $((35 * 3 + 1)) ] && ok "timeseries.csv holds steps 1-35, the steps done before the failure" \
  || not_ok "partial timeseries" "last step $last, $rows lines"
grep -q '"timeseries.csv"' "$M" && grep -q '"events.csv"' "$M" && ok "the manifest lists the partial files with their hashes" \
  || not_ok "manifest outputs"
ls -A "$TMP/p" | grep -q '\.tmp' && not_ok "no temporary files left" || ok "no temporary files left"
[ -s "$TMP/e/custom.csv" ] && ok "custom metrics recorded before the failure are kept" || not_ok "custom.csv of a failed run"

# a complete run says so; a failed re-run into its directory leaves nothing of it behind
"$ACCORD" run tests/scenarios/tiny.lua --out "$TMP/c" --quiet
[ "$(jget "$TMP/c/manifest.json" status)" = complete ] && ok "a complete run's manifest: status complete" \
  || not_ok "complete status" "$(head -4 "$TMP/c/manifest.json")"
"$ACCORD" run $F --set years=5 --out "$TMP/re" --quiet 2>/dev/null
"$ACCORD" run $F --set where=1 --set years=2 --out "$TMP/re" --quiet 2>/dev/null # completes (fails only in year 3)
[ -s "$TMP/re/summary.csv" ] && [ "$(jget "$TMP/re/manifest.json" status)" = complete ] && ok "a complete run over a failed one" || not_ok "complete over failed"
"$ACCORD" run $F --out "$TMP/re" --quiet 2>/dev/null
[ -e "$TMP/re/summary.csv" ] && not_ok "a failed run over a complete one removes the old summary.csv" \
  || ok "a failed run over a complete one removes the old summary.csv"

# nothing in it passes for a complete run
expect_exit 2 "$TMP/p: this run FAILED .*compare needs complete runs" "compare refuses a failed run" \
  -- "$ACCORD" compare "$TMP/c" "$TMP/p" --out "$TMP/cmp"
[ -e "$TMP/cmp" ] && not_ok "compare wrote nothing" || ok "compare wrote nothing"
expect_exit 0 "FAILED run.*
.*FAILED RUN \(partial, to step 35\): " "plot warns and marks every title" -- "$ACCORD" plot "$TMP/p" --format svg
grep -q "^title = 'FAILED RUN (partial, to step 35): ' . title" "$TMP/p/timeseries_harm.gp" \
  && ok "the drawn title says FAILED RUN" || not_ok "figure script title"
expect_exit 0 "FAILED run" "report warns" -- "$ACCORD" report "$TMP/p" --no-figures
grep -q '<p class="failed" id="failed"><b>This run FAILED</b>' "$TMP/p/report.html" \
  && ok "the report says FAILED at its top" || not_ok "report banner"
"$ACCORD" report "$TMP/c" --no-figures --quiet
[ -s "$TMP/c/report.html" ] && ! grep -q '<p class="failed"' "$TMP/c/report.html" && ok "no banner on a complete run" || not_ok "no banner on a complete run"
# a sweep's failed runs name the hook, step and year in failures.csv too
"$ACCORD" sweep $F --vary where=1:3:3 --out "$TMP/sw" -q -j 2
grep -q "^  in policies\[2\] (defined at $F:6) at step 36, year 3" "$TMP/sw/failures.csv" \
  && grep -q "^  in developer_rule (defined at $F:22) at step 36, year 3" "$TMP/sw/failures.csv" \
  && ok "failures.csv names the hook, step and year" || not_ok "sweep failure context" "$(head -4 "$TMP/sw/failures.csv")"
finish
