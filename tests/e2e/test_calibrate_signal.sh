#!/usr/bin/env bash
# SIGINT / SIGTERM on a running calibration (accord calibrate runs its design
# through the sweep machinery): it stops as a sweep does, says how many runs
# are done and the command that resumes it, exits 130, and that command
# finishes the calibration with files byte-identical to an uninterrupted one.
# The same once the runs are done: while the sweep's files are written
# (ACCORD_SWEEP_FAULT=pause-outputs) and while the calibration draws its
# figure (a gnuplot that signals accord, through ACCORD_GNUPLOT): before, the
# signal killed it there with no message and left its temporary files
# (.calibration.tmp.<pid>.<hex>.gp, .png).
. "$(dirname "$0")/lib.sh"

# slow.lua busy-waits ~10 ms per run: 240 runs take a second or two on 2 workers
printf 'id,outcome,low,high\ny_mid,y,1,3\n' > "$TMP/targets.csv"
A="tests/scenarios/sweep/slow.lua --targets $TMP/targets.csv --vary x --samples 80 --reps 3 --set work=1200000 -j 2 --no-plot -q"
TOTAL=240
"$ACCORD" calibrate $A --out "$TMP/full" || not_ok "uninterrupted calibration"

# interrupt NAME SIGNAL: start a calibration in its own session, wait until
# its journal holds 20 runs, send SIGNAL to the coordinator; sets rc and
# leaves stderr in $TMP/NAME.err
interrupt() {
  local name=$1 sig=$2
  setsid -w sh -c 'echo $$ > "$0.pid"; exec "$@"' \
    "$TMP/$name" "$ACCORD" calibrate $A --out "$TMP/$name" 2> "$TMP/$name.err" & local bg=$!
  local n=0
  for _ in $(seq 1 600); do
    n=$(grep -c '^R ' "$TMP/$name/journal.txt" 2>/dev/null || true)
    [ "${n:-0}" -ge 20 ] && break
    sleep 0.05
  done
  kill -"$sig" "$(cat "$TMP/$name.pid")"
  wait $bg; rc=$?
}

for c in "int INT" "term TERM"; do
  set -- $c
  name=$1 sig=$2
  interrupt "$name" "$sig"
  err=$(cat "$TMP/$name.err")
  done_n=$(grep -c '^R ' "$TMP/$name/journal.txt")
  if [ "$rc" -eq 0 ]; then
    not_ok "$name: the calibration finished before the signal arrived (machine too fast?)"; continue
  fi
  [ "$rc" -eq 130 ] && ok "$name: SIG$sig -> exit 130" || not_ok "$name: exit code" "rc $rc: $err"
  echo "$err" | grep -qE "^accord: calibration stopped by SIG$sig: $done_n of $TOTAL runs done; resume with: .*calibrate tests/scenarios/sweep/slow.lua .* --out $TMP/$name --resume\$" \
    && ok "$name: says $done_n of $TOTAL runs done and how to resume" || not_ok "$name: message" "$err"
  [ -e "$TMP/$name/calibration.csv" ] && not_ok "$name: no calibration.csv before the runs are done" || ok "$name: nothing scored yet"
  cmd=$(echo "$err" | sed -n 's/.*; resume with: //p')
  eval "$cmd" || not_ok "$name: the printed resume command" "$cmd"
  same=1
  for f in runs.csv points.csv calibration.csv calibration_plausible.csv calibration_ranges.csv; do
    cmp -s "$TMP/full/$f" "$TMP/$name/$f" || { same=0; echo "  $f differs"; }
  done
  [ $same -eq 1 ] && ok "$name: resumed = uninterrupted (runs, points and calibration files byte-identical)" \
    || not_ok "$name: resumed outputs differ"
done

# ---- after the runs: a smaller calibration (20 runs), with a figure
B="tests/scenarios/sweep/slow.lua --targets $TMP/targets.csv --vary x --samples 10 --reps 2 --set work=1000 -j 2 -q --format png"
"$ACCORD" calibrate $B --out "$TMP/full2" || not_ok "uninterrupted calibration with a figure"
# no_temps DIR: no temporary file of accord or of its gnuplot in DIR
no_temps() { ! ls -A "$1" | grep -q '\.tmp\.'; }

# while the sweep's files are written
ACCORD_SWEEP_FAULT=pause-outputs setsid -w sh -c 'echo $$ > "$0.pid"; exec "$@"' \
  "$TMP/outs" "$ACCORD" calibrate $B --out "$TMP/outs" 2> "$TMP/outs.err" & bg=$!
for _ in $(seq 1 600); do grep -q "paused" "$TMP/outs.err" 2>/dev/null && break; sleep 0.05; done
kill -INT "$(cat "$TMP/outs.pid")"
wait $bg; rc=$?
err=$(grep -v ACCORD_SWEEP_FAULT "$TMP/outs.err")
[ "$rc" -eq 130 ] && echo "$err" | grep -qxE "accord: calibration stopped by SIGINT: 20 of 20 runs done; resume with: .* --out $TMP/outs --resume" \
  && no_temps "$TMP/outs" && [ ! -e "$TMP/outs/runs.csv" ] && [ ! -e "$TMP/outs/calibration.csv" ] \
  && ok "SIGINT while the sweep's files are written: exit 130, runs done and resume command, no temporary file" \
  || not_ok "signal while the sweep's files are written" "rc $rc: $err; $(ls -A "$TMP/outs")"

# while the figure is drawn: a gnuplot that sends SIGINT to accord (its
# parent) first, then draws
cat > "$TMP/gnuplot" <<'SH'
#!/bin/sh
kill -INT $PPID
exec gnuplot "$@"
SH
chmod +x "$TMP/gnuplot"
ACCORD_GNUPLOT="$TMP/gnuplot" "$ACCORD" calibrate $B --out "$TMP/draw" 2> "$TMP/draw.err"; rc=$?
err=$(cat "$TMP/draw.err")
[ "$rc" -eq 130 ] && ok "SIGINT while drawing the figure: exit 130" || not_ok "drawing: exit code" "rc $rc: $err"
echo "$err" | grep -qxE "accord: calibration stopped by SIGINT: 20 of 20 runs done; resume with: .* --out $TMP/draw --resume" \
  && ok "drawing: says the runs are done and how to resume" || not_ok "drawing: message" "$err"
no_temps "$TMP/draw" && ok "drawing: no temporary file left" || not_ok "drawing: temporary files left" "$(ls -A "$TMP/draw")"
cmd=$(echo "$err" | sed -n 's/.*; resume with: //p')
eval "$cmd" || not_ok "drawing: the printed resume command" "$cmd"
same=1
for f in runs.csv points.csv calibration.csv calibration_plausible.csv calibration_ranges.csv; do
  cmp -s "$TMP/full2/$f" "$TMP/draw/$f" || { same=0; echo "  $f differs"; }
done
[ $same -eq 1 ] && [ -s "$TMP/draw/calibration.png" ] && no_temps "$TMP/draw" \
  && ok "drawing: resumed = uninterrupted, with its figure" || not_ok "drawing: resumed outputs"
finish
