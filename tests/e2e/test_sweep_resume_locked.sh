#!/usr/bin/env bash
# A --resume into a directory whose sweep is still running is refused before
# it touches anything: it used to cut the torn tails off the journals (and
# the series file) before it saw the lock, so the running sweep's newest
# series were cut and it failed (exit 3, 'holds no intact series of run N').
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"

A="tests/scenarios/tiny.lua --vary strict=0:1 --design lhs --samples 700 --timeseries --outcomes harm -j1 --quiet"
"$ACCORD" sweep $A --out "$TMP/D" 2> "$TMP/first.err" & pid=$!
for _ in $(seq 1 200); do [ -s "$TMP/D/timeseries.bin" ] && break; sleep 0.05; done
refused=0
for t in 1 2 3 4; do
  sleep 0.5
  kill -0 "$pid" 2>/dev/null || break
  "$ACCORD" sweep $A --out "$TMP/D" --resume > "$TMP/resume$t.out" 2>&1; rc=$?
  if [ "$rc" -eq 2 ] && grep -q "is being written by another accord sweep" "$TMP/resume$t.out"; then
    refused=$((refused + 1))
  fi
done
wait "$pid"; rc=$?
[ "$refused" -ge 1 ] && ok "--resume during the sweep is refused ($refused times)" || not_ok "no resume was refused (the sweep ended too soon?)"
[ "$rc" -eq 0 ] && ok "the running sweep finishes (exit 0)" || not_ok "the running sweep failed" "rc $rc: $(cat "$TMP/first.err")"
"$ACCORD" sweep $A --out "$TMP/ref" 2>/dev/null
cmp -s "$TMP/D/timeseries.csv" "$TMP/ref/timeseries.csv" && cmp -s "$TMP/D/runs.csv" "$TMP/ref/runs.csv" \
  && ok "its outputs equal an undisturbed sweep's" || not_ok "outputs differ from an undisturbed sweep"
finish
