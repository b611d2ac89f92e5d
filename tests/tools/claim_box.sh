#!/usr/bin/env bash
# Where does a scenario's claim hold? Paired sweeps with a policy switch off and
# on (the same design and seed: common random numbers, so replication r of a
# point sees the same random streams in both arms), the paired effect per
# design point (accord compare --regret), and PRIM on the effect (accord
# discover): the box of parameter values where the effect has the claimed sign.
#
# usage: tests/tools/claim_box.sh SCENARIO ARMS OUTCOME +|- OUTDIR [accord sweep options]
#   ARMS       SWITCH (an integer parameter: 0 = policy off, 1 = on), or
#              OFF/ON with OFF and ON lists k=v,k=v set in each arm
#              (e.g. eu_stringency=0.6/eu_stringency=0.75)
#   OUTCOME    a summary outcome the claim is about
#   +|-        the claimed sign of on - off
#   options    the design: --design lhs --samples N --reps R --vary p=lo:hi ... --set ...
# Writes OUTDIR/off, OUTDIR/on (sweeps), OUTDIR/compare (compare_points.csv:
# per point on - off) and OUTDIR/discover (the box), and prints the box.
# Environment: ACCORD (default build/accord). docs/calibration.md, "Claims".
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
if [ $# -lt 5 ]; then
  sed -n '8,16p' "$0" >&2
  exit 2
fi
ACCORD=${ACCORD:-build/accord}
scn=$1 arms=$2 outcome=$3 sign=$4 out=$5
shift 5
case "$arms" in
  */*) off=${arms%%/*} on=${arms#*/} ;;
  *) off="$arms=0" on="$arms=1" ;;
esac
sets() { local IFS=,; for kv in $1; do printf -- '--set\n%s\n' "$kv"; done; }
mapfile -t off_sets < <(sets "$off")
mapfile -t on_sets < <(sets "$on")
case "$sign" in
  +) rule=--above ;;
  -) rule=--below ;;
  *) echo "claim_box.sh: the sign must be + or -, got '$sign'" >&2; exit 2 ;;
esac
"$ACCORD" sweep "$scn" "$@" "${off_sets[@]}" --outcomes "$outcome" --out "$out/off" -q
"$ACCORD" sweep "$scn" "$@" "${on_sets[@]}" --outcomes "$outcome" --out "$out/on" -q
"$ACCORD" compare "$out/off" "$out/on" --labels off,on --regret "$outcome:max" \
  --out "$out/compare" --no-plot --quiet
# the varied parameters: points.csv's columns between point and outcome
params=$(head -1 "$out/on/points.csv" | awk -F, '{ for (i = 2; i <= NF && $i != "outcome"; i++) printf "%s%s", (i > 2 ? "," : ""), $i }')
"$ACCORD" discover "$out/compare/compare_points.csv" --filter arm=on --filter "outcome=$outcome" \
  --outcome diff "$rule" 0 --params "$params" --min-support 0.1 --out "$out/discover" --no-plot
