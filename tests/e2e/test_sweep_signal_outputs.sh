#!/usr/bin/env bash
# SIGINT / SIGTERM while a sweep writes its output files (after its last
# run): before, the sweep had already put back the default handlers, so the
# signal killed it with no message and left its temporary files
# (.manifest.json.tmp.<pid>.<hex>, ...). Now it stops as during the runs:
# its temporary files removed, no output under a final name, "12 of 12 runs
# done; resume with: ...", exit 130, and the resume writes the outputs
# byte-identical to an uninterrupted sweep's. A signal that comes once every
# file is written, as they are renamed into place, lets the renames finish:
# complete outputs, then the same message and exit 130.
# The signal is delivered deterministically: ACCORD_SWEEP_FAULT=pause-outputs
# (or pause-commit) makes the sweep say "paused" on stderr and wait for it.
. "$(dirname "$0")/lib.sh"

A="tests/scenarios/tiny.lua --design lhs --samples 6 --vary strict --reps 2 --timeseries -q -j 2"
TOTAL=12
"$ACCORD" sweep $A --out "$TMP/full" || not_ok "uninterrupted sweep"
OUTS="runs.csv failures.csv points.csv timeseries.csv"

# paused NAME HOOK SIGNAL: run the sweep with the hook in its own session,
# wait for "paused", list the directory into $TMP/NAME.during, send SIGNAL
# to the coordinator; sets rc, stderr in $TMP/NAME.err
paused() {
  local name=$1 hook=$2 sig=$3
  ACCORD_SWEEP_FAULT=$hook setsid -w sh -c 'echo $$ > "$0.pid"; exec "$@"' \
    "$TMP/$name" "$ACCORD" sweep $A --out "$TMP/$name" 2> "$TMP/$name.err" & local bg=$!
  for _ in $(seq 1 600); do
    grep -q "paused" "$TMP/$name.err" 2>/dev/null && break
    sleep 0.05
  done
  ls -A "$TMP/$name" > "$TMP/$name.during"
  kill -"$sig" "$(cat "$TMP/$name.pid")"
  wait $bg; rc=$?
}

# ---- while the files are written: nothing under a final name, no temporary left
paused during pause-outputs INT
err=$(grep -v "ACCORD_SWEEP_FAULT" "$TMP/during.err")
grep -q '^\.runs\.csv\.tmp\.' "$TMP/during.during" && ok "paused with runs.csv under a temporary name" \
  || not_ok "the hook paused while the outputs were written" "$(cat "$TMP/during.during" "$TMP/during.err")"
[ "$rc" -eq 130 ] && ok "SIGINT while writing the outputs: exit 130" || not_ok "exit code" "rc $rc: $err"
echo "$err" | grep -qxE "accord: sweep stopped by SIGINT: $TOTAL of $TOTAL runs done; resume with: .* --out $TMP/during --resume" \
  && ok "says $TOTAL of $TOTAL runs done and how to resume" || not_ok "message" "$err"
left=$(ls -A "$TMP/during" | grep -v -x -e journal.txt -e timeseries.bin)
[ -z "$left" ] && ok "no temporary file and no output left (only the journals)" || not_ok "files left" "$left"
cmd=$(echo "$err" | sed -n 's/.*; resume with: //p')
eval "$cmd" || not_ok "the printed resume command" "$cmd"
same=1
for f in $OUTS; do cmp -s "$TMP/full/$f" "$TMP/during/$f" || { same=0; echo "  $f differs"; }; done
[ $same -eq 1 ] && ok "resumed: outputs byte-identical to the uninterrupted sweep's" || not_ok "resumed outputs differ"

# ---- as the files are renamed: they all are, then exit 130
paused renaming pause-commit TERM
err=$(grep -v "ACCORD_SWEEP_FAULT" "$TMP/renaming.err")
[ "$rc" -eq 130 ] && ok "SIGTERM as the outputs are renamed: exit 130" || not_ok "exit code (renaming)" "rc $rc: $err"
echo "$err" | grep -qxE "accord: sweep stopped by SIGTERM once every output was in place: $TMP/renaming is complete \(nothing to run again\)" \
  && ok "renaming: the outputs are complete, and it says so (no resume)" || not_ok "renaming: message" "$err"
same=1
for f in $OUTS; do cmp -s "$TMP/full/$f" "$TMP/renaming/$f" || { same=0; echo "  $f differs"; }; done
ls -A "$TMP/renaming" | grep -q '\.tmp\.' && same=0
[ $same -eq 1 ] && [ -s "$TMP/renaming/manifest.json" ] \
  && ok "renaming: every output complete (byte-identical), the manifest written, no temporary file" \
  || not_ok "renaming: outputs" "$(ls -A "$TMP/renaming")"
finish
