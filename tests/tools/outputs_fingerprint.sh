#!/usr/bin/env bash
# Fingerprint every output a refactoring must leave byte-identical: the nine
# scenarios (and the function model han2020), a sweep, shards and their merge,
# compare, report and demo. Prints one "sha256  path" line per file, sorted;
# manifests and HTML pages are normalised first (times, durations and paths
# that differ between any two runs are blanked).
#   usage: tests/tools/outputs_fingerprint.sh ACCORD_BINARY WORKDIR > fingerprint.txt
# Compare two fingerprints with diff: no output means byte-identical.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
ACC=$(realpath "$1")
W=$(realpath -m "$2")
cd "$(dirname "$0")/../.."
SRC=$(pwd -P) # a run's manifest names its module files by absolute path (sources)
rm -rf "$W"; mkdir -p "$W"
for f in scenarios/*.lua scenarios/literature/*.lua; do
  n=$(basename "$f" .lua)
  "$ACC" run "$f" --seed 7 --out "$W/run/$n" -q >/dev/null
done
"$ACC" run scenarios/uk_japan_bridge.lua --seed 7 --set bridge=0 --out "$W/run/bridge0" -q >/dev/null
"$ACC" sweep scenarios/baseline.lua --vary eu_stringency=0.5:0.9:3 --reps 2 --years 3 --seed 3 --out "$W/sweep" -q -j 2 >/dev/null 2>&1 || \
  "$ACC" sweep scenarios/baseline.lua --vary eu_stringency=0.5:0.9:3 --reps 2 --seed 3 --out "$W/sweep" -q -j 2 >/dev/null
for k in 0 1; do
  "$ACC" sweep tests/scenarios/ishigami.lua --vary x1 --vary x2 --vary x3 --design lhs --samples 40 --seed 5 --shard $k/2 --out "$W/shard$k" -q >/dev/null
done
"$ACC" merge "$W/shard0" "$W/shard1" --out "$W/merged" -q >/dev/null 2>&1 || "$ACC" merge "$W/shard0" "$W/shard1" --out "$W/merged" >/dev/null
"$ACC" compare "$W/run/bridge0" "$W/run/uk_japan_bridge" --out "$W/compare" >/dev/null
"$ACC" report "$W/compare" --quiet >/dev/null
"$ACC" report "$W/run/baseline" --quiet >/dev/null
"$ACC" demo --out "$W/demo" --years 3 >/dev/null 2>&1
cd "$W"
# blank what differs run to run: clock times, durations, the binary's path,
# the work directory (in the command lines manifests record) and the source
# tree's (a run's "sources": cwd, module folders and files), so that
# two fingerprints made into different directories compare; and the
# engine's source commit (versions.accord_commit), so that fingerprints of
# two commits compare
norm() {
  sed -E -e 's/"(start_time|end_time|wall_seconds|lua_peak_bytes|run_seconds_[a-z]+|started|finished|elapsed_s|accord_commit)": *("[^"]*"|[0-9.eE+-]+)/"\1": X/g' \
         -e 's@(<th>versions\.accord_commit</th><td[^>]*>(<code>)?)[^<]*@\1X@g' \
         -e 's@<th>(wall_seconds|run_seconds_[a-z]+|lua_peak_bytes)</th><td[^>]*>[^<]*@<th>\1</th><td>X@g' \
         -e 's/report made [^<]* by/report made X by/' \
         -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z?/TIME/g' \
         -e 's/in [0-9.]+ s/in X s/g' -e "s#$ACC#ACCORD#g" -e "s#$W#WORKDIR#g" -e "s#$SRC#SRCDIR#g" "$1"
}
find . -type f | LC_ALL=C sort | while read -r p; do
  case "$p" in
    *journal.txt) # lines in the order runs finished: compared sorted, without durations
      # and without the warning lines (W), which a run adds when it is the first to
      # finish with a warning: which runs those are depends on timing under -j 2
      # (the manifest's warnings, the lowest run per warning, do not); and
      # without the module lines (M: absolute paths; the manifest's sources
      # list them)
      sed -E -e '/^[WM] /d' -e 's/^(R [0-9]+ )[0-9.eE+-]+ (.*) ~[0-9a-f]{8}$/\1X \2/' "$p" | LC_ALL=C sort | sha256sum | sed "s#-\$#$p#" ;;
    *manifest.json|*.html|*.txt|*.md|*.gp) norm "$p" | sha256sum | sed "s#-\$#$p#" ;;
    *) sha256sum "$p" ;;
  esac
done
