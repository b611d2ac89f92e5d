#!/usr/bin/env bash
# The benchmark programs run and print their figures (issue 12: CI checks that
# the benchmarks run; no figure is compared with a threshold: never a timed
# test). bench_model's table (both worlds, tiny work), its scale line, and its
# usage errors; bench_rule on a small population.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
. "$(dirname "$0")/lib.sh"
B=${ACCORD_BUILD_DIR:?}
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT

"$B/bench_model" 2e4 0.5 both 1000 >"$t/table.txt"
grep -q '^# world: v2 (the default world)' "$t/table.txt" || fail "no v2 table"
grep -q '^# world: v1.2 (v2 switched off)' "$t/table.txt" || fail "no v1.2 table"
[ "$(grep -cE "^ +1000 +[0-9]+ +120 " "$t/table.txt")" -eq 6 ] || fail "expected 6 rows (3 per world)"
grep -qE '^# v2 over v1.2 .*= [0-9.]+$' "$t/table.txt" || fail "no ratio line"
! grep -q complexity "$t/table.txt" || fail "complexity line without N = 100000"

"$B/bench_model" --developers 2000 --jurisdictions 4 --years 1 >"$t/scale.txt" 2>"$t/scale.err"
tail -n 1 "$t/scale.txt" | grep -qE '^wall_s=[0-9.]+ dms_per_s=[0-9.e+]+ bytes_per_developer=[0-9.]+ peak_rss_mb=[0-9.]+$' \
  || fail "scale line: $(tail -n 1 "$t/scale.txt")"
grep -q '^# state: ' "$t/scale.err" || fail "no state line"
# the same world twice: the same final state (the benchmark is deterministic)
"$B/bench_model" --developers 2000 --jurisdictions 4 --years 1 2>"$t/scale2.err" >/dev/null
cmp <(grep '^# state' "$t/scale.err") <(grep '^# state' "$t/scale2.err") || fail "state differs between two runs"
"$B/bench_model" --developers 2000 --jurisdictions 4 --years 1 --world v12 >/dev/null 2>&1 || fail "v12 world"

# usage errors: exit 2 with a message
for args in "--developers 5" "--developers 2000 --jurisdictions 99" "--developers x" "--world v3 --developers 2000" \
            "--years" "--bogus 1" "0" "1e5 2" "1e5 0.5 v3" "1e5 0.5 both 5000"; do
  set +e; "$B/bench_model" $args >/dev/null 2>"$t/err"; rc=$?; set -e
  [ "$rc" -eq 2 ] || fail "bench_model $args: exit $rc, expected 2"
  [ -s "$t/err" ] || fail "bench_model $args: no message"
done

"$B/bench_rule" "$ACCORD_SOURCE_DIR/bench/rule_bench.lua" 200 1 >"$t/rule.txt"
[ -s "$t/rule.txt" ] || fail "bench_rule printed nothing"
echo "ok"
