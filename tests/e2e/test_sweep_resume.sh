#!/usr/bin/env bash
# Crash safety: kill -9 a sweep half-way, check the journal holds partial
# progress, --resume it and compare with an uninterrupted sweep (byte-identical
# runs.csv, points.csv, failures.csv; the manifest differs only in its
# execution block). Also: a torn journal line, refusal to resume a different
# plan or a changed scenario, and --retry-failed.
. "$(dirname "$0")/lib.sh"

# slow.lua busy-waits ~10 ms per run in a Lua loop: 240 runs take ~1.5 s on 2 workers
A="tests/scenarios/sweep/slow.lua --vary x=0:1 --design lhs --samples 80 --reps 3 --set work=1200000 -j 2 -q"
TOTAL=240
"$ACCORD" sweep $A --out "$TMP/full"; rc=$?
[ $rc -eq 0 ] && [ "$(wc -l < "$TMP/full/runs.csv")" -eq $((TOTAL + 1)) ] && ok "uninterrupted sweep" || not_ok "uninterrupted sweep" "rc $rc"

"$ACCORD" sweep $A --out "$TMP/res" & pid=$!
# wait for some progress, then kill -9 (no chance to clean up)
for _ in $(seq 1 200); do
  n=$(grep -c '^R ' "$TMP/res/journal.txt" 2>/dev/null || true)
  [ "${n:-0}" -ge 30 ] && break
  sleep 0.05
done
kill -9 $pid; wait $pid 2>/dev/null
sleep 0.2 # the workers die with their parent
done_before=$(grep -c '^R ' "$TMP/res/journal.txt")
if [ "$done_before" -ge 1 ] && [ "$done_before" -lt $TOTAL ]; then
  ok "killed mid-way: the journal holds $done_before of $TOTAL runs"
else
  not_ok "journal after kill -9" "$done_before records"
fi
[ -e "$TMP/res/runs.csv" ] && not_ok "no runs.csv before the sweep completes" || ok "no runs.csv before the sweep completes"
# simulate a torn last write on top of the kill
printf 'R 239 0.01 ok 2 s 123 y 4.5' >> "$TMP/res/journal.txt"
out=$("$ACCORD" sweep ${A/-q/} --out "$TMP/res" --resume 2>&1); rc=$?
[ $rc -eq 0 ] && ok "--resume completes the sweep" || not_ok "--resume" "rc $rc: $out"
echo "$out" | grep -q "resumed: $done_before runs were already finished; 1 torn or corrupt journal lines ignored" \
  && ok "resume reports the finished runs and the torn line" || not_ok "resume message" "$out"
same=1
for f in runs.csv points.csv failures.csv; do cmp -s "$TMP/full/$f" "$TMP/res/$f" || { same=0; echo "  $f differs"; }; done
[ $same -eq 1 ] && ok "resumed = uninterrupted: byte-identical runs.csv, points.csv, failures.csv" || not_ok "resumed outputs differ"
[ "$(grep -c '^R ' "$TMP/res/journal.txt")" -eq $TOTAL ] && ok "no run was done twice ($TOTAL records)" || not_ok "journal records" "$(grep -c '^R ' "$TMP/res/journal.txt")"
strip() { grep -v -e '"command"' -e '_time"' -e '"wall_seconds"' -e '"run_seconds' -e '"workers"' -e '"mpi_ranks"' -e '"runs_this_session"' "$1"; }
diff <(strip "$TMP/full/manifest.json") <(strip "$TMP/res/manifest.json") > "$TMP/mdiff" \
  && ok "manifests differ only in their execution block" || not_ok "manifest diff" "$(cat "$TMP/mdiff")"
grep -q "\"runs_this_session\": $((TOTAL - done_before))" "$TMP/res/manifest.json" && ok "the resumed session ran only the rest" || not_ok "runs this session"

# a different plan, a changed scenario: refused with a clear message
expect_exit 2 "cannot resume: the sweep there was planned differently \(it has 'seed 1', this command gives 'seed 2'\)" \
  "resume refuses another seed" -- "$ACCORD" sweep $A --seed 2 --out "$TMP/res" --resume
expect_exit 2 "cannot resume: the sweep there was planned differently \(it has 'design lhs', this command gives 'design random'\)" \
  "resume refuses another design" -- "$ACCORD" sweep ${A/lhs/random} --out "$TMP/res" --resume
expect_exit 2 "cannot resume: it holds shard 0/1, this command asks for 1/2" "resume refuses another shard" -- "$ACCORD" sweep $A --shard 1/2 --out "$TMP/res" --resume
# compared by what each plan line sets, not by position: an added, a removed
# and a changed setting are each named as such (a --set added after the others
# once read "it has 'outcomes *', this command gives 'set ...'")
I0="tests/scenarios/ishigami.lua --vary x1=0:1:3 -q"
I="$I0 --set x2=0.5"
"$ACCORD" sweep $I --out "$TMP/keys"
expect_exit 2 "planned differently \(this command gives 'set x3=0.25', which it does not have\); repeat" \
  "resume names an added --set" -- "$ACCORD" sweep $I --set x3=0.25 --out "$TMP/keys" --resume
expect_exit 2 "planned differently \(it has 'set x2=0.5', which this command does not give\); repeat" \
  "resume names a removed --set" -- "$ACCORD" sweep $I0 --out "$TMP/keys" --resume
expect_exit 2 "planned differently \(it has 'set x2=0.5', this command gives 'set x2=0.75'\); repeat" \
  "resume names a changed --set" -- "$ACCORD" sweep $I0 --set x2=0.75 --out "$TMP/keys" --resume
expect_exit 2 "planned differently \(it has 'seed 1', this command gives 'seed 4'; this command gives 'set x3=1', which it does not have\)" \
  "resume names every difference" -- "$ACCORD" sweep $I --seed 4 --set x3=1 --out "$TMP/keys" --resume
"$ACCORD" sweep $I0 --set x2=0.5 --set x3=1 --out "$TMP/order"
expect_exit 2 "planned differently \(the same settings in another order: it has 'set x2=0.5' before 'set x3=1'" \
  "resume names settings given in another order" -- "$ACCORD" sweep $I0 --set x3=1 --set x2=0.5 --out "$TMP/order" --resume
cp tests/scenarios/ishigami.lua "$TMP/ish.lua"
"$ACCORD" sweep "$TMP/ish.lua" --vary x1=0:1:3 --out "$TMP/ch" -q
echo "-- edited" >> "$TMP/ish.lua"
expect_exit 2 "cannot resume: the scenario file changed since the sweep began" "resume refuses a changed scenario" -- "$ACCORD" sweep "$TMP/ish.lua" --vary x1=0:1:3 --out "$TMP/ch" --resume
# another file is not a changed one: both paths named (it once said "changed")
expect_exit 2 "cannot resume: the sweep there is of another scenario file \(tests/scenarios/ishigami.lua, SHA-256 [0-9a-f]{12}\.\.\.; this command gives tests/scenarios/sweep/slow.lua, SHA-256 [0-9a-f]{12}\.\.\.\); use another --out" \
  "resume into another scenario's sweep names both files" -- "$ACCORD" sweep tests/scenarios/sweep/slow.lua --vary x=0:1:3 --out "$TMP/keys" --resume

# --retry-failed: runs that crashed once are run again
F="tests/scenarios/sweep/fails.lua --vary x=0:0.6:7 --reps 2 -q"
"$ACCORD" sweep $F --out "$TMP/clean"
ACCORD_SWEEP_FAULT=crash:5 "$ACCORD" sweep $F --out "$TMP/retry"; rc=$?
[ $rc -eq 1 ] && grep -q '^5,2,1,1,crash' "$TMP/retry/failures.csv" && ok "a crashed run fails the first time" || not_ok "crash before retry" "rc $rc"
"$ACCORD" sweep $F --out "$TMP/retry" --resume; rc=$?
[ $rc -eq 1 ] && ok "plain --resume keeps the failure" || not_ok "resume keeps failure" "rc $rc"
"$ACCORD" sweep $F --out "$TMP/retry" --resume --retry-failed; rc=$?
[ $rc -eq 0 ] && cmp -s "$TMP/clean/runs.csv" "$TMP/retry/runs.csv" && cmp -s "$TMP/clean/failures.csv" "$TMP/retry/failures.csv" \
  && ok "--resume --retry-failed reruns it: same files as a clean sweep" || not_ok "retry-failed" "rc $rc"

# the scenario edited while the sweep runs: every run loads it again, so the
# runs after the edit fail (they would run another model under this plan);
# restored, --resume --retry-failed completes the sweep as if nothing happened
cp tests/scenarios/ishigami.lua "$TMP/ed.lua"
E="$TMP/ed.lua --vary x1=0:1:6 -j 1 -q"
"$ACCORD" sweep $E --out "$TMP/ed_clean"
ACCORD_SWEEP_FAULT=hang:2 "$ACCORD" sweep $E --run-timeout 3 --out "$TMP/ed" & pid=$!
for _ in $(seq 1 200); do # runs 0 and 1 done: the worker now hangs in run 2
  [ "$(grep -c '^R ' "$TMP/ed/journal.txt" 2>/dev/null || true)" -ge 2 ] && break
  sleep 0.05
done
cp "$TMP/ed.lua" "$TMP/ed.orig"
echo "-- edited" >> "$TMP/ed.lua"
wait $pid; rc=$?
n_changed=$(grep -c "ed.lua changed since the sweep started" "$TMP/ed/failures.csv" 2>/dev/null || true)
[ $rc -eq 1 ] && [ "${n_changed:-0}" -eq 3 ] && ok "runs after an edit of the scenario fail and say why (3 of 6)" \
  || not_ok "scenario edited mid-sweep" "rc $rc, $n_changed runs failed on the edit: $(cat "$TMP/ed/failures.csv" 2>/dev/null)"
cp "$TMP/ed.orig" "$TMP/ed.lua"
"$ACCORD" sweep $E --out "$TMP/ed" --resume --retry-failed; rc=$?
[ $rc -eq 0 ] && cmp -s "$TMP/ed_clean/runs.csv" "$TMP/ed/runs.csv" \
  && ok "restored, --resume --retry-failed completes it: the clean sweep's runs.csv" || not_ok "retry after restoring" "rc $rc"
finish
