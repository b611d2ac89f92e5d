#!/usr/bin/env bash
# accord sweep --timeseries and accord merge when timeseries.bin (the binary
# journal of the runs' per-step series) is missing or damaged: nothing is
# lost silently. accord merge cannot run a series again: a shard whose file
# is missing or unreadable is a file error (exit 3) named with the shard,
# and nothing is written.
. "$(dirname "$0")/lib.sh"

A="tests/scenarios/tiny.lua --vary strict=0:1:3 --reps 4 --timeseries -q"
"$ACCORD" sweep $A -j 2 --out "$TMP/ref" || not_ok "reference sweep"
for i in 0 1 2; do "$ACCORD" sweep $A -j 1 --shard $i/3 --out "$TMP/s$i" || not_ok "shard $i"; done

# ---- merge: a shard without its timeseries.bin --------------------------------------------
cp -r "$TMP/s1" "$TMP/s1gone"
rm "$TMP/s1gone/timeseries.bin"
expect_exit 3 "^accord: merge: shard 1/3 in $TMP/s1gone: $TMP/s1gone/timeseries.bin: cannot open: No such file or directory\$" \
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
finish
