#!/usr/bin/env bash
# Every kind of bad scenario exits 2 with a message naming file:line and the
# problem, and writes nothing; a script that hits the time or memory limit
# while loading exits 1, also at file:line.
. "$(dirname "$0")/lib.sh"
E=tests/scenarios/errors
run() { "$ACCORD" run "$1" --out "$TMP/out" --quiet --time-limit 1 --memory-limit 64; }
# memory-cap cases get a generous time limit: under ASan on a loaded machine the
# 1 s wall-clock limit could otherwise fire first (they take ~0.2-0.5 s)
run_mem() { "$ACCORD" run "$1" --out "$TMP/out" --quiet --time-limit 60 --memory-limit 64; }

expect_exit 2 "$E/syntax.lua:[0-9]+: .*expected" "syntax error" -- run $E/syntax.lua
expect_exit 2 "$E/unknown_field.lua:6: jurisdiction 'aa': unknown field 'stringncy' \(did you mean 'stringency'\?\)" "unknown field, with suggestion and line" -- run $E/unknown_field.lua
expect_exit 2 "$E/out_of_range.lua:6: jurisdiction 'aa': stringency must be in \[0, 1\], got 1.4" "out-of-range value with line and range" -- run $E/out_of_range.lua
expect_exit 2 "$E/nan_value.lua:5: jurisdiction 'aa': market must be in \(0, 1e\+12\], got nan" "NaN value" -- run $E/nan_value.lua
expect_exit 1 "$E/non_finite.lua: step 1: developer 1 \(incumbent, home 'aa'\): capability became inf" "a non-finite state names the developer from 1, as events.csv" -- run $E/non_finite.lua
sandboxed="is not available to scenario scripts: they run in a sandbox \\(see docs/security.md\\)"
rm -f /tmp/accord-pwned
expect_exit 2 "^accord: $E/io_open.lua:1: 'io' $sandboxed$" "io.open: not available, the sandbox says so" -- run $E/io_open.lua
expect_exit 2 "^accord: $E/os_execute.lua:1: 'os' $sandboxed$" "os.execute: not available, the sandbox says so" -- run $E/os_execute.lua
[ -e /tmp/accord-pwned ] && not_ok "os.execute did not run" || ok "os.execute did not run"
expect_exit 2 "^accord: $E/binary_chunk.lua:4: binary chunks are not available to scenario scripts: they run in a sandbox" "binary chunk refused" -- run $E/binary_chunk.lua
expect_exit 1 "^accord: $E/rep_bomb.lua:1: not enough memory \\(limit 64 MiB\\)$" "string.rep bomb stopped by the memory cap (exit 1, at its line)" -- run_mem $E/rep_bomb.lua
expect_exit 1 "^accord: $E/table_bomb.lua:2: not enough memory \\(limit 64 MiB\\)$" "table bomb stopped by the memory cap (exit 1, at its line)" -- run_mem $E/table_bomb.lua
expect_exit 1 "^accord: $E/infinite_loop.lua:2: time limit of 1 s exceeded$" "infinite loop stopped by the time limit (exit 1)" -- run $E/infinite_loop.lua
expect_exit 2 "$E/require_escape.lua:1: .*module name" "require of ../x refused" -- run $E/require_escape.lua
expect_exit 2 "$E/bad_param.lua:1: param 'a': default 5 is outside \[0, 1\]" "param default outside its range" -- run $E/bad_param.lua
expect_exit 1 "$E/policy_error.lua:7: .*stringency must be in \[0, 1\], got 1.5" "policy setting a bad value fails the run with its line" -- run $E/policy_error.lua
# a run failing while it runs keeps what it wrote, marked failed (test_failed_run.sh)
[ ! -e "$TMP/out/summary.csv" ] && grep -q '"status": "failed"' "$TMP/out/manifest.json" 2>/dev/null \
  && ok "a failed run's files are marked failed, with no summary" || not_ok "failed run's files" "$(ls -A "$TMP/out")"
expect_exit 1 "^accord: $E/pattern_stall.lua:4: time limit of 1 s exceeded and the script did not stop \\(stuck in string.find" \
  "a script stuck inside C while loading is ended by the watchdog, at the pattern's line (exit 1)" -- run $E/pattern_stall.lua
expect_exit 1 "^accord: $E/pattern_stall.lua:4: time limit of 1 s exceeded and the script did not stop" \
  "accord check: the same, exit 1" -- "$ACCORD" check $E/pattern_stall.lua --time-limit 1
# The time limit counts from the start of each call into Lua: a policy that loops
# at step 20 after 19 short calls is stopped at the limit, not at twice it (it
# was sometimes stopped at twice the limit); several times, as that was
# intermittent. With a 2 s limit the bug shows as about 4 s; the bound, 3.5 s,
# leaves 1.5 s for the process's start and the 19 steps on a loaded machine or
# under the sanitizers (a 1 s limit and a 1.5 s bound failed once at load 10).
slow=0
for i in 1 2 3 4 5; do
  t0=$(date +%s%N)
  "$ACCORD" run $E/late_loop.lua --out "$TMP/late" --quiet --time-limit 2 >"$TMP/late.out" 2>&1; rc=$?
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  [ $rc -eq 1 ] && grep -q "late_loop.lua:6: time limit of 2 s exceeded" "$TMP/late.out" || slow=$((slow + 1000))
  [ $ms -lt 3500 ] || { slow=$((slow + 1)); echo "# run $i took $ms ms"; }
done
[ $slow -eq 0 ] && ok "a loop after short calls is stopped at the time limit, not twice it (5 runs, 2 s limit, < 3.5 s)" \
  || not_ok "a loop after short calls is stopped at the time limit" "$slow (1000 per wrong message); $(cat "$TMP/late.out")"
finish
