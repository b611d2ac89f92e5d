#!/usr/bin/env bash
# Issue 16: hostile scenario files at the C–Lua boundary. Each must end with a
# clear message and a documented exit code: no abort (134), no hang past its
# limit, no escape from the script folders, no temporary files left behind.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
H=tests/scenarios/hostile
T="timeout 30"

# ---- cause 1: script-built tables are read inside a protected, timed call
expect_exit 2 "meta_index_error.lua:2: x" "check: a raising __index on the returned table is a script error" -- $T "$ACCORD" check $H/meta_index_error.lua
expect_exit 1 "meta_index_loop.lua:2: time limit of 1 s exceeded" "check: a looping __index ends at the time limit (exit 1)" -- $T "$ACCORD" check --time-limit 1 $H/meta_index_loop.lua
expect_exit 2 "no field" "check: a raising __index inside a jurisdiction" -- $T "$ACCORD" check $H/meta_nested.lua
expect_exit 2 "tables.a\(\) must return" "run: a table function returning a number" -- $T "$ACCORD" run $H/fm_tables_number.lua --out "$TMP/t1" -q
# outcomes are read raw (no __pairs, no __index): an empty proxy has no outcomes
expect_exit 0 "" "run: model() returning a raising proxy is read raw" -- $T "$ACCORD" run $H/fm_result_meta.lua --out "$TMP/t2" -q
[ -f "$TMP/t2/summary.csv" ] && ok "the proxy run wrote its summary" || not_ok "proxy summary" "$(ls "$TMP/t2")"
expect_exit 1 "time limit of 1 s exceeded" "run: a table whose __len loops ends at the time limit" -- $T "$ACCORD" run --time-limit 1 $H/fm_table_loop.lua --out "$TMP/t3" -q
ls -A "$TMP/t3" 2>/dev/null | grep -q 'tmp' && not_ok "no temporary files after a failed function model" "$(ls -A "$TMP/t3")" || ok "no temporary files after a failed function model"

# ---- cause 2: integer parameters stay inside the exact range
expect_exit 2 "integer parameter's min and max must lie within \[-2\^53, 2\^53\]" "an integer parameter declared beyond 2^53 is refused" -- "$ACCORD" check $H/int_param_huge.lua
expect_exit 2 "--set x=1e\+19: value outside the declared range" "--set x=1e19 on an integer parameter is refused" -- "$ACCORD" run $H/int_param.lua --set x=1e19 --out "$TMP/ip" -q

# ---- cause 6: event years far past the horizon
expect_exit 2 "year must be in \[0, 10\).*got 1e\+300" "an event at year 1e300 is refused with its value" -- "$ACCORD" check $H/event_year_huge.lua
expect_exit 2 "year must be in \[0, 10\).*got inf" "an event at year math.huge is refused" -- "$ACCORD" check $H/event_year_inf.lua

# ---- cause 7: messages keep the file name; no terminal escapes; no temp files; FIFOs
expect_exit 2 "^accord: $H/long_error.lua: xxxx" "an error over 4 KB still names the file" -- "$ACCORD" check $H/long_error.lua
expect_exit 1 "^accord: $H/long_error_run.lua:3: zzzz" "a run error without a position names the file and line" -- "$ACCORD" run $H/long_error_run.lua --out "$TMP/le" -q
out=$("$ACCORD" check $H/escapes.lua 2>&1)
if printf '%s' "$out" | grep -q $'\033'; then not_ok "check prints no raw escape sequences" "$out"
elif printf '%s' "$out" | grep -qF 'hi \x1b[31mRED\x1b[0m \x07'; then ok "check prints no raw escape sequences (shown as \\x1b)"
else not_ok "check shows the description" "$out"; fi
out=$("$ACCORD" run $H/escapes.lua --out "$TMP/esc" 2>&1)
printf '%s' "$out" | grep -q $'\033' && not_ok "run errors carry no raw escape sequences" "$out" || ok "run errors carry no raw escape sequences"
$T "$ACCORD" run $H/stuck_in_c.lua --time-limit 0.5 --out "$TMP/stuck" -q >"$TMP/stuck.out" 2>&1; rc=$?
left=$(ls -A "$TMP/stuck" 2>/dev/null | grep -c '\.tmp\.')
[ $rc -eq 1 ] && [ "$left" -eq 0 ] && grep -q "did not stop" "$TMP/stuck.out" \
  && ok "a run ended by the watchdog leaves no .*.tmp.* files" || not_ok "stuck run" "rc $rc, $left temp files: $(ls -A "$TMP/stuck" 2>/dev/null); $(cat "$TMP/stuck.out")"
mkfifo "$TMP/fifo.lua"
expect_exit 3 "not a regular file" "check on a FIFO does not block" -- $T "$ACCORD" check "$TMP/fifo.lua"
expect_exit 3 "not a regular file" "run on a FIFO does not block" -- $T "$ACCORD" run "$TMP/fifo.lua" --out "$TMP/ff" -q

# ---- cause 5: require does not follow symbolic links out of its folders
mkdir -p "$TMP/req/mods"
cp $H/require_escape.lua "$TMP/req/"
echo 'return {}' > "$TMP/outside.lua"
ln -s "$TMP/outside.lua" "$TMP/req/mods/evil.lua"
expect_exit 2 "module 'mods.evil': .* leads outside the script folder" "require refuses a symbolic link out of the scenario's folder" -- "$ACCORD" check "$TMP/req/require_escape.lua"
rm "$TMP/req/mods/evil.lua"
ln -s "$TMP" "$TMP/req/mods2"
sed 's/mods.evil/mods2.outside/' $H/require_escape.lua > "$TMP/req/require_escape2.lua"
expect_exit 2 "leads outside the script folder" "require refuses a linked folder out of the scenario's folder" -- "$ACCORD" check "$TMP/req/require_escape2.lua"
cp "$TMP/outside.lua" "$TMP/req/mods/evil.lua"
expect_exit 0 "ok" "require still loads a real module from the scenario's folder" -- "$ACCORD" check "$TMP/req/require_escape.lua"

finish
