#!/usr/bin/env bash
# SIGINT / SIGTERM on a running sweep: the sweep stops its workers, keeps the
# journal, prints "N of M runs done; resume with: <command> --resume" and
# exits 130; the runs that were under way are not recorded (no "crash"
# failures), and the printed command completes the sweep with outputs
# byte-identical to an uninterrupted sweep's. Three ways the signal comes:
#  - Ctrl-C: SIGINT to the sweep's whole process group (workers included);
#  - a background job started with SIGINT ignored (a non-interactive shell's
#    `&`), again SIGINT to the whole group: before, its workers died under
#    their runs, which were recorded as crashes while the sweep went on;
#  - SIGTERM to the coordinator alone (kill PID).
. "$(dirname "$0")/lib.sh"

# slow.lua busy-waits ~10 ms per run: 240 runs take a second or two on 2 workers
A="tests/scenarios/sweep/slow.lua --vary x=0:1 --design lhs --samples 80 --reps 3 --set work=1200000 -j 2 -q"
TOTAL=240
"$ACCORD" sweep $A --out "$TMP/full" || not_ok "uninterrupted sweep"

# interrupt NAME SIGNAL TARGET IGNORE_INT: start a sweep in its own session,
# wait until the journal holds 20 runs, send SIGNAL to the group ("group") or
# to the coordinator ("pid"); sets rc and leaves stderr in $TMP/NAME.err
interrupt() {
  local name=$1 sig=$2 target=$3 ign=$4
  setsid -w sh -c 'echo $$ > "$0.pid"; [ "$1" = 1 ] && trap "" INT; shift; exec "$@"' \
    "$TMP/$name" "$ign" "$ACCORD" sweep $A --out "$TMP/$name" 2> "$TMP/$name.err" & local bg=$!
  local n=0
  for _ in $(seq 1 600); do
    n=$(grep -c '^R ' "$TMP/$name/journal.txt" 2>/dev/null || true)
    [ "${n:-0}" -ge 20 ] && break
    sleep 0.05
  done
  local pid; pid=$(cat "$TMP/$name.pid")
  if [ "$target" = group ]; then kill -"$sig" -- -"$pid"; else kill -"$sig" "$pid"; fi
  wait $bg; rc=$?
}

for c in "ctrlc INT group 0" "bgjob INT group 1" "term TERM pid 0"; do
  set -- $c
  name=$1 sig=$2
  interrupt "$@"
  err=$(cat "$TMP/$name.err")
  done_n=$(grep -c '^R ' "$TMP/$name/journal.txt")
  if [ "$rc" -eq 0 ]; then
    not_ok "$name: the sweep finished before the signal arrived (machine too fast?)"; continue
  fi
  [ "$rc" -eq 130 ] && ok "$name: SIG$sig -> exit 130" || not_ok "$name: exit code" "rc $rc: $err"
  echo "$err" | grep -qE "^accord: sweep stopped by SIG$sig: $done_n of $TOTAL runs done; resume with: .* --out $TMP/$name --resume\$" \
    && ok "$name: says $done_n of $TOTAL runs done and how to resume" || not_ok "$name: message" "$err"
  grep '^R ' "$TMP/$name/journal.txt" | grep -qv '^R [0-9]* [0-9.e+-]* ok ' \
    && not_ok "$name: an interrupted run was recorded as a failure" "$(grep '^R ' "$TMP/$name/journal.txt" | grep -v ' ok ' | head -2)" \
    || ok "$name: no run recorded as failed (the interrupted ones are simply not done)"
  [ -e "$TMP/$name/runs.csv" ] && not_ok "$name: no runs.csv before the sweep completes" || ok "$name: no runs.csv yet"
  pgrep -g "$(cat "$TMP/$name.pid")" >/dev/null && not_ok "$name: workers left running" || ok "$name: no worker left running"
  # run the printed command as it is
  cmd=$(echo "$err" | sed -n 's/.*; resume with: //p')
  eval "$cmd" || not_ok "$name: the printed resume command" "$cmd"
  same=1
  for f in runs.csv points.csv failures.csv; do cmp -s "$TMP/full/$f" "$TMP/$name/$f" || { same=0; echo "  $f differs"; }; done
  [ $same -eq 1 ] && ok "$name: resumed = uninterrupted (byte-identical runs.csv, points.csv, failures.csv)" \
    || not_ok "$name: resumed outputs differ"
  [ "$(grep -c '^R ' "$TMP/$name/journal.txt")" -eq $TOTAL ] && ok "$name: every run recorded once" || not_ok "$name: journal records"
done
finish
