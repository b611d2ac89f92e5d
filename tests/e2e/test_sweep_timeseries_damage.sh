#!/usr/bin/env bash
# accord sweep --timeseries and accord merge when timeseries.bin (the binary
# journal of the runs' per-step series) is missing or damaged: nothing is
# lost silently. --resume runs again every finished ok run whose series is
# missing, cut short or corrupt (a flipped byte in a payload, a record's
# magic or length), says how many, and writes outputs byte-identical to an
# uninterrupted sweep's (before: exit 0 with a header-only timeseries.csv,
# or points with n = 3 of 4 replications). accord merge cannot run a series
# again: a shard whose file is missing, unreadable or lacks series of its ok
# runs is a file error (exit 3) named with the shard, and nothing is written;
# resuming the shard repairs it.
. "$(dirname "$0")/lib.sh"

A="tests/scenarios/tiny.lua --vary strict=0:1:3 --reps 4 --timeseries -q"
"$ACCORD" sweep $A -j 2 --out "$TMP/ref" || not_ok "reference sweep"
for i in 0 1 2; do "$ACCORD" sweep $A -j 1 --shard $i/3 --out "$TMP/s$i" || not_ok "shard $i"; done

# ---- merge: a shard without its timeseries.bin --------------------------------------------
cp -r "$TMP/s1" "$TMP/s1gone"
rm "$TMP/s1gone/timeseries.bin"
expect_exit 3 "^accord: merge: shard 1/3 in $TMP/s1gone: $TMP/s1gone/timeseries.bin: cannot open: No such file or directory \(resuming the shard" \
  "merge: a shard's missing timeseries.bin is a file error (exit 3), naming the shard" -- \
  "$ACCORD" merge "$TMP/s0" "$TMP/s1gone" "$TMP/s2" --out "$TMP/m_gone"
[ -e "$TMP/m_gone" ] && not_ok "merge wrote into --out before failing" "$(ls "$TMP/m_gone")" \
  || ok "merge: nothing written when a shard's series are missing"
cp -r "$TMP/s2" "$TMP/s2head"
printf 'XXXXXXXX' | dd of="$TMP/s2head/timeseries.bin" conv=notrunc 2>/dev/null
expect_exit 3 "^accord: merge: shard 2/3 in $TMP/s2head: .*not an accord time-series journal" \
  "merge: a shard's timeseries.bin with a damaged header is a file error (exit 3)" -- \
  "$ACCORD" merge "$TMP/s0" "$TMP/s1" "$TMP/s2head" --out "$TMP/m_head"
"$ACCORD" merge "$TMP/s0" "$TMP/s1" "$TMP/s2" --out "$TMP/m" -q \
  && cmp -s "$TMP/ref/timeseries.csv" "$TMP/m/timeseries.csv" \
  && ok "merge of intact shards: timeseries.csv identical to the unsharded sweep's" || not_ok "intact merge"

# ---- sweep --resume: the series of finished runs lost or damaged ------------------------------
# damage MODE DIR: timeseries.bin of DIR damaged as MODE (record 5 of 12, each ~20 kB)
damage() {
  python3 - "$2/timeseries.bin" "$1" <<'PY'
import os, struct, sys
p, mode = sys.argv[1], sys.argv[2]
d = bytearray(open(p, 'rb').read())
starts, off = [], 8
while off < len(d):
    starts.append(off)
    off += 24 + struct.unpack_from('<Q', d, off + 16)[0]
r = starts[5]
if mode == 'gone': os.remove(p); sys.exit()
elif mode == 'empty': d = b''
elif mode == 'payload': d[r + 24 + 1000] ^= 0xff     # a flipped byte: the CRC fails
elif mode == 'magic': d[r] ^= 0x40                  # the record cannot be framed
elif mode == 'length': struct.pack_into('<Q', d, r + 16, starts[8] - r)  # would swallow 2 more
elif mode == 'cut': d = d[:-5000]                   # truncate -s -5000
elif mode == 'header': d[0:8] = b'XXXXXXXX'
open(p, 'wb').write(d)
PY
}
for c in "gone 12" "empty 12" "payload 1" "magic 1" "length 1" "cut 1" "header 0"; do
  set -- $c
  mode=$1 redo=$2
  cp -r "$TMP/ref" "$TMP/r_$mode"
  rm -f "$TMP/r_$mode/timeseries.csv"
  damage "$mode" "$TMP/r_$mode"
  out=$("$ACCORD" sweep ${A% -q} -j 2 --out "$TMP/r_$mode" --resume --retry-failed 2>/dev/null); rc=$?
  same=1
  for f in timeseries.csv runs.csv points.csv failures.csv; do cmp -s "$TMP/ref/$f" "$TMP/r_$mode/$f" || same=0; done
  if [ "$redo" -eq 0 ]; then
    echo "$out" | grep -q "no intact series" && said=0 || said=1
  else
    echo "$out" | grep -qE "(^|; | )$redo finished runs? had no intact series in timeseries.bin \(missing, cut short or corrupt\): run again" && said=1 || said=0
  fi
  [ $rc -eq 0 ] && [ $same -eq 1 ] && [ $said -eq 1 ] \
    && ok "resume, timeseries.bin $mode: $redo run(s) run again, outputs byte-identical to the uninterrupted sweep's" \
    || not_ok "resume, timeseries.bin $mode" "rc $rc, identical $same, said $said: $out"
done
# and the resumed directory needs nothing more
out=$("$ACCORD" sweep ${A% -q} -j 2 --out "$TMP/r_magic" --resume 2>/dev/null)
echo "$out" | grep -q "resumed: 12 runs were already finished" && ! echo "$out" | grep -q "no intact series" \
  && ok "after the repair, a further resume has nothing to run" || not_ok "second resume" "$out"

# ---- merge: a shard whose timeseries.bin lacks series of its ok runs ---------------------------
cp -r "$TMP/s1" "$TMP/s1cut"
truncate -s -5000 "$TMP/s1cut/timeseries.bin"
expect_exit 3 "^accord: merge: shard 1/3 in $TMP/s1cut: timeseries.bin lacks the series of 1 of its successful runs \(run 10\): the file is damaged or cut short, and merge cannot run them again; resume the shard" \
  "merge: a shard's cut timeseries.bin is a file error (exit 3), naming the shard and the run" -- \
  "$ACCORD" merge "$TMP/s0" "$TMP/s1cut" "$TMP/s2" --out "$TMP/m_cut"
[ -e "$TMP/m_cut" ] && not_ok "merge wrote into --out before failing (cut)" || ok "merge: nothing written when a shard lacks series"
"$ACCORD" sweep $A -j 1 --shard 1/3 --out "$TMP/s1cut" --resume \
  && "$ACCORD" merge "$TMP/s0" "$TMP/s1cut" "$TMP/s2" --out "$TMP/m_fixed" -q \
  && cmp -s "$TMP/ref/timeseries.csv" "$TMP/m_fixed/timeseries.csv" && cmp -s "$TMP/ref/runs.csv" "$TMP/m_fixed/runs.csv" \
  && ok "the shard resumed, the merge equals the unsharded sweep" || not_ok "merge after resuming the shard"
finish
