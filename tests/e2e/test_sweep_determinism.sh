#!/usr/bin/env bash
# Determinism of sweeps: runs.csv, points.csv, sensitivity.csv and
# failures.csv are byte-identical for -j 1, -j 2, -j 16 and for shards
# 0/3, 1/3, 2/3 merged; merge refuses shards of another sweep, missing,
# repeated or unfinished shards.
. "$(dirname "$0")/lib.sh"

# a sobol design with replications (sensitivity.csv) over a model that fails
# for part of its range (failures.csv) and draws random numbers
S=tests/scenarios/sweep/fails.lua
A="$S --vary x=0:1 --vary wobble --design sobol --samples 32 --reps 3 --seed 5 -q"
# and a run that crashes its worker, in every sweep below
export ACCORD_SWEEP_FAULT=crash:100
FILES="runs.csv points.csv sensitivity.csv failures.csv"
"$ACCORD" sweep $A -j 1 --out "$TMP/j1"; r1=$?
"$ACCORD" sweep $A -j 2 --out "$TMP/j2"; r2=$?
"$ACCORD" sweep $A -j 16 --out "$TMP/j16"; r16=$?
[ $r1 -eq 1 ] && [ $r2 -eq 1 ] && [ $r16 -eq 1 ] && ok "the sweeps ran (some runs fail by design: exit 1)" || not_ok "sweeps ran" "$r1 $r2 $r16"
[ "$(wc -l < "$TMP/j1/runs.csv")" -eq $((32 * 4 * 3 + 1)) ] && ok "32 x (2 + 2) points x 3 reps" || not_ok "run count"
grep -q '^100,33,1,5,crash,' "$TMP/j1/failures.csv" && grep -q ',error,' "$TMP/j1/failures.csv" && ok "failures of two kinds present" || not_ok "failures present"
for j in 2 16; do
  same=1
  for f in $FILES; do cmp -s "$TMP/j1/$f" "$TMP/j$j/$f" || { same=0; echo "  $f differs"; }; done
  [ $same -eq 1 ] && ok "-j 1 and -j $j: byte-identical $FILES" || not_ok "-j 1 vs -j $j"
done

for i in 0 1 2; do "$ACCORD" sweep $A -j 2 --shard $i/3 --out "$TMP/sh$i"; done
[ ! -e "$TMP/sh1/points.csv" ] && [ -s "$TMP/sh1/runs.csv" ] && grep -q '"kind": "sweep-shard"' "$TMP/sh1/manifest.json" \
  && ok "a shard writes its runs and a shard manifest" || not_ok "shard outputs"
awk -F, 'NR > 1 && $1 % 3 != 1 { bad++ } END { exit bad > 0 }' "$TMP/sh1/runs.csv" && ok "shard 1/3 holds the runs with id % 3 == 1" || not_ok "shard slice"
"$ACCORD" merge "$TMP/sh2" "$TMP/sh0" "$TMP/sh1" --out "$TMP/merged" -q; rc=$?
[ $rc -eq 1 ] && ok "merge exits 1 when some runs failed" || not_ok "merge exit" "$rc"
same=1
for f in $FILES; do cmp -s "$TMP/j1/$f" "$TMP/merged/$f" || { same=0; echo "  $f differs"; }; done
[ $same -eq 1 ] && ok "shards 0/3, 1/3, 2/3 merged: byte-identical $FILES" || not_ok "merged shards differ"
strip() { grep -v -e '"command"' -e '_time"' -e '"wall_seconds"' -e '"run_seconds' -e '"workers"' -e '"mpi_ranks"' -e '"runs_this_session"' -e '"merged_shards"' "$1"; }
diff <(strip "$TMP/j1/manifest.json") <(strip "$TMP/merged/manifest.json") > "$TMP/mdiff" \
  && ok "manifests differ only in their execution block" || not_ok "manifest diff" "$(cat "$TMP/mdiff")"
# a merged directory is a complete sweep: --resume there has nothing to do
"$ACCORD" sweep $A --resume --out "$TMP/merged"; rc=$?
[ $rc -eq 1 ] && cmp -s "$TMP/j1/runs.csv" "$TMP/merged/runs.csv" && ok "resuming a merged sweep changes nothing" || not_ok "resume merged"

expect_exit 2 "shard 1/3 is missing" "merge refuses a missing shard" -- "$ACCORD" merge "$TMP/sh0" "$TMP/sh2" --out "$TMP/m2"
expect_exit 2 "shard 0/3 is given twice" "merge refuses a repeated shard" -- "$ACCORD" merge "$TMP/sh0" "$TMP/sh0" "$TMP/sh1" "$TMP/sh2" --out "$TMP/m2"
"$ACCORD" sweep $S --vary x=0:1 --design sobol --samples 32 --shard 0/3 -q --out "$TMP/other0" 2>/dev/null
expect_exit 2 "are shards of different sweeps \(.*other0 has 'reps 1', .*sh1 has 'reps 3'; .*sh1 has 'vary wobble range 0 0 1 0', which .*other0 does not have" "merge refuses shards of another sweep, naming what differs" -- "$ACCORD" merge "$TMP/other0" "$TMP/sh1" "$TMP/sh2" --out "$TMP/m2"
expect_exit 2 "is not a sweep directory" "merge refuses a directory without a journal" -- "$ACCORD" merge "$TMP/sh0" "$TMP/nothing" --out "$TMP/m2"
expect_exit 2 "is one of the shard directories" "merge refuses to write into a shard" -- "$ACCORD" merge "$TMP/sh0" "$TMP/sh1" "$TMP/sh2" --out "$TMP/sh0"
# an unfinished shard: drop its last record
head -n -1 "$TMP/sh2/journal.txt" > "$TMP/j.tmp" && cp "$TMP/j.tmp" "$TMP/sh2/journal.txt"
expect_exit 2 "shard 2/3 in .* is not finished \(1 of its runs missing\)" "merge refuses an unfinished shard" -- "$ACCORD" merge "$TMP/sh0" "$TMP/sh1" "$TMP/sh2" --out "$TMP/m2"
[ -e "$TMP/m2" ] && not_ok "a refused merge writes nothing" || ok "a refused merge writes nothing"
"$ACCORD" sweep $A --shard 2/3 --resume --out "$TMP/sh2"
"$ACCORD" merge "$TMP/sh0" "$TMP/sh1" "$TMP/sh2" --out "$TMP/m3" -q
cmp -s "$TMP/j1/runs.csv" "$TMP/m3/runs.csv" && ok "after --resume of the shard the merge is identical again" || not_ok "resume shard then merge"
finish
