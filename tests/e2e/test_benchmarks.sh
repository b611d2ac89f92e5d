#!/usr/bin/env bash
# The benchmark programs run and print their figures (issue 12: CI checks that
# the benchmarks run; no figure is compared with a threshold: never a timed
# test). bench_model's table (both worlds, tiny work), its scale line, and its
# usage errors; bench_rule on a small population.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
B=${ACCORD_BUILD_DIR:?ACCORD_BUILD_DIR not set}
# check DESCRIPTION command...: ok when the command succeeds
check() { local d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }

"$B/bench_model" 2e4 0.5 both 1000 >"$TMP/table.txt"
check "the v2 table" grep -q '^# world: v2 (the default world)' "$TMP/table.txt"
check "the v1.2 table" grep -q '^# world: v1.2 (v2 switched off)' "$TMP/table.txt"
check "6 rows (3 per world)" [ "$(grep -cE '^ +1000 +[0-9]+ +120 ' "$TMP/table.txt")" -eq 6 ]
check "the ratio line" grep -qE '^# v2 over v1.2 .*= [0-9.]+$' "$TMP/table.txt"
check "no complexity line without N = 100000" bash -c "! grep -q complexity '$TMP/table.txt'"

"$B/bench_model" --developers 2000 --jurisdictions 4 --years 1 >"$TMP/scale.txt" 2>"$TMP/scale.err"
check "the scale line is last: $(tail -n 1 "$TMP/scale.txt")" grep -qE \
  '^wall_s=[0-9.]+ dms_per_s=[0-9.e+]+ bytes_per_developer=[0-9.]+ peak_rss_mb=[0-9.]+$' <(tail -n 1 "$TMP/scale.txt")
check "the state line" grep -q '^# state: ' "$TMP/scale.err"
# the same world twice: the same final state (the benchmark is deterministic)
"$B/bench_model" --developers 2000 --jurisdictions 4 --years 1 2>"$TMP/scale2.err" >/dev/null
check "the same state in two runs" cmp -s <(grep '^# state' "$TMP/scale.err") <(grep '^# state' "$TMP/scale2.err")
check "the v12 world runs" "$B/bench_model" --developers 2000 --jurisdictions 4 --years 1 --world v12

# usage errors: exit 2 with a message
for args in "--developers 5" "--developers 2000 --jurisdictions 99" "--developers x" "--world v3 --developers 2000" \
            "--years" "--bogus 1" "0" "1e5 2" "1e5 0.5 v3" "1e5 0.5 both 5000" \
            "1e5 x" "1e5 0.5 v2 1000x" "1e5 0.5 v2 1000 extra" "--seed -1 --developers 2000" \
            "--seed 99999999999999999999999 --developers 2000" "--developers 99999999999999999999"; do
  "$B/bench_model" $args >/dev/null 2>"$TMP/err"; rc=$?
  if [ "$rc" -eq 2 ] && [ -s "$TMP/err" ]; then ok "bench_model $args: exit 2 with a message"
  else not_ok "bench_model $args" "exit $rc, expected 2 with a message"; fi
done

check "bench_model --help: usage and exit codes on stdout, exit 0" bash -c \
  "'$B/bench_model' --help | grep -q '^Exit: 0 done, 1 .*, 2 bad usage'"
check "bench_sweep --bogus: exit 2" bash -c "'$B/bench_sweep' --bogus >/dev/null 2>&1; [ \$? -eq 2 ]"

"$B/bench_rule" "$SRC/bench/rule_bench.lua" 200 1 >"$TMP/rule.txt"
check "bench_rule prints its figures" [ -s "$TMP/rule.txt" ]
finish
