#!/usr/bin/env bash
# accord merge catches SIGINT and SIGTERM as a sweep does: stopped while it
# writes its outputs, it removes its temporary files, says to run it again and
# exits 130; run again, it writes the same files as an unsharded sweep. (It
# once died of the signal and left .NAME.tmp.* files until the next merge.)
. "$(dirname "$0")/lib.sh"

S=tests/scenarios/ishigami.lua
O=(--design sobol --samples 16 --vary x1 --vary x2 --vary x3 --quiet -j 1)
"$ACCORD" sweep $S "${O[@]}" --out "$TMP/ref" >/dev/null 2>&1
for i in 0 1; do "$ACCORD" sweep $S "${O[@]}" --shard $i/2 --out "$TMP/s$i" >/dev/null 2>&1; done

for phase in pause-outputs pause-commit; do
  for sig in INT TERM; do
    m="$TMP/m-$phase-$sig"
    ACCORD_SWEEP_FAULT=$phase "$ACCORD" merge "$TMP/s0" "$TMP/s1" --out "$m" >"$m.log" 2>&1 &
    pid=$!
    for _ in $(seq 200); do grep -q "ACCORD_SWEEP_FAULT: paused" "$m.log" && break; sleep 0.05; done
    kill -$sig $pid 2>/dev/null
    wait $pid; rc=$?
    what="merge, SIG$sig at $phase"
    [ $rc -eq 130 ] && ok "$what: exit 130" || not_ok "$what: exit 130" "exit $rc: $(cat "$m.log")"
    if [ $phase = pause-outputs ]; then
      grep -q "merge stopped by SIG$sig (no temporary file left in .*); run the same accord merge again" "$m.log" &&
        ok "$what: says so" || not_ok "$what: says so" "$(cat "$m.log")"
    else # the signal came as the renames began: they finish, and the outputs are complete
      grep -q "stopped by SIG$sig once every output was in place: $m is complete (nothing to run again)" "$m.log" &&
        [ -s "$m/manifest.json" ] && ok "$what: says the outputs are complete" || not_ok "$what: says so" "$(cat "$m.log")"
    fi
    left=$(ls -A "$m" 2>/dev/null | grep -c '\.tmp\.')
    [ "$left" -eq 0 ] && ok "$what: no temporary file left" || not_ok "$what: no temporary file left" "$(ls -A "$m")"
    expect_exit 0 "merged 2 shards" "$what: the same merge again" -- "$ACCORD" merge "$TMP/s0" "$TMP/s1" --out "$m"
    for f in runs.csv points.csv sensitivity.csv failures.csv; do
      cmp -s "$TMP/ref/$f" "$m/$f" || not_ok "$what: $f as the unsharded sweep's"
    done
  done
done
# A merge killed (SIGKILL: nothing runs after it) once it has replaced the
# journal of an earlier, complete merge: the earlier manifest must be gone, so
# that nothing presents the directory as complete. (The journal was once
# replaced before the old manifest was removed.)
m="$TMP/m-kill"
"$ACCORD" merge "$TMP/s0" "$TMP/s1" --out "$m" -q >/dev/null 2>&1 && [ -s "$m/manifest.json" ] ||
  not_ok "merge, SIGKILL: the first merge" "$(ls -A "$m")"
ACCORD_SWEEP_FAULT=pause-outputs "$ACCORD" merge "$TMP/s0" "$TMP/s1" --out "$m" >"$m.log" 2>&1 &
pid=$!
for _ in $(seq 200); do grep -q "ACCORD_SWEEP_FAULT: paused" "$m.log" && break; sleep 0.05; done
kill -KILL $pid 2>/dev/null
wait $pid 2>/dev/null
[ ! -e "$m/manifest.json" ] && ok "merge, SIGKILL after the journal: no earlier manifest left" ||
  not_ok "merge, SIGKILL after the journal: no earlier manifest left" "$(ls -A "$m")"
expect_exit 0 "merged 2 shards" "merge, SIGKILL: the same merge again" -- "$ACCORD" merge "$TMP/s0" "$TMP/s1" --out "$m"
for f in runs.csv points.csv sensitivity.csv failures.csv; do
  cmp -s "$TMP/ref/$f" "$m/$f" || not_ok "merge, SIGKILL: $f as the unsharded sweep's"
done
[ -s "$m/manifest.json" ] && ok "merge, SIGKILL: the merge run again is complete" || not_ok "merge, SIGKILL: manifest"
finish
