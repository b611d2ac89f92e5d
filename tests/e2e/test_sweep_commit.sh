#!/usr/bin/env bash
# The output commit of a sweep and of a merge is all or nothing for the
# manifest: when a rename fails partway (here points.csv is a directory, so
# its rename fails after runs.csv and failures.csv are replaced), the
# previous session's manifest.json must not stay beside new files it does not
# describe; the error says so, and the same command then writes them all.
. "$(dirname "$0")/lib.sh"

S=tests/scenarios/ishigami.lua
O=(--design lhs --samples 20 --vary x1 --vary x2 --vary x3 --quiet -j 1)

"$ACCORD" sweep $S "${O[@]}" --out "$TMP/ref" >/dev/null 2>&1

# a first session with a failed run: its manifest says so
ACCORD_SWEEP_FAULT=crash:3 "$ACCORD" sweep $S "${O[@]}" --out "$TMP/d" >/dev/null 2>&1
grep -q '"failed": 1' "$TMP/d/manifest.json" && ok "first session: one failure in the manifest" ||
  not_ok "first session: one failure in the manifest"
rm "$TMP/d/points.csv" && mkdir -p "$TMP/d/points.csv/block"
expect_exit 3 "the outputs in .* are incomplete \(no manifest.json\): once the cause is fixed, the same accord sweep command with --resume writes them all" \
  "a rename failing partway is a file error naming what the directory holds" -- \
  "$ACCORD" sweep $S "${O[@]}" --out "$TMP/d" --resume --retry-failed
if cmp -s "$TMP/ref/runs.csv" "$TMP/d/runs.csv" && [ -e "$TMP/d/manifest.json" ]; then
  not_ok "no old manifest beside the new runs.csv" "$(grep -m1 '"failed"' "$TMP/d/manifest.json")"
else
  ok "no old manifest beside the new runs.csv"
fi
rm -rf "$TMP/d/points.csv"
expect_exit 0 "" "the same command, once the cause is gone, writes the outputs" -- \
  "$ACCORD" sweep $S "${O[@]}" --out "$TMP/d" --resume
for f in runs.csv failures.csv points.csv; do
  cmp -s "$TMP/ref/$f" "$TMP/d/$f" && ok "$f as an uninterrupted sweep's" || not_ok "$f as an uninterrupted sweep's"
done

# the same for a merge repeated into its directory
"$ACCORD" sweep $S "${O[@]}" --shard 0/2 --out "$TMP/s0" >/dev/null 2>&1
"$ACCORD" sweep $S "${O[@]}" --shard 1/2 --out "$TMP/s1" >/dev/null 2>&1
"$ACCORD" merge "$TMP/s0" "$TMP/s1" --out "$TMP/m" --quiet
rm "$TMP/m/points.csv" && mkdir -p "$TMP/m/points.csv/block"
expect_exit 3 "incomplete \(no manifest.json\): once the cause is fixed, the same accord merge writes them all" \
  "merge: a rename failing partway leaves no manifest" -- "$ACCORD" merge "$TMP/s0" "$TMP/s1" --out "$TMP/m"
[ -e "$TMP/m/manifest.json" ] && not_ok "merge: no manifest after the failed commit" || ok "merge: no manifest after the failed commit"
rm -rf "$TMP/m/points.csv"
expect_exit 0 "merged 2 shards" "merge again" -- "$ACCORD" merge "$TMP/s0" "$TMP/s1" --out "$TMP/m"
cmp -s "$TMP/ref/points.csv" "$TMP/m/points.csv" && ok "merged points.csv" || not_ok "merged points.csv"
# a merge into a directory of another sweep names the difference (it said only
# "its plan differs")
"$ACCORD" sweep $S --design lhs --samples 20 --vary x1 --vary x2 --vary x3 --seed 7 --quiet -j 1 --out "$TMP/other" >/dev/null 2>&1
expect_exit 2 "already holds another sweep \(its plan differs: .*has 'seed 7', the shards have 'seed 1'\); choose another --out" \
  "merge into another sweep's directory names the difference" -- "$ACCORD" merge "$TMP/s0" "$TMP/s1" --out "$TMP/other"
finish
