#!/usr/bin/env bash
# Recognition of voluntary certificates (MODEL.md v2): in a test copy of
# scenarios/uk_japan_bridge.lua whose UK-Japan recognitions carry
# `voluntary = true`, bridge=1 and bridge=0 differ at lag_months 1, 3 and 6
# (the recognition path carries certificates between the two voluntary
# regimes); with voluntary=0 (the v1.2 world of scripts/v12.lua) the bridge
# changes nothing at lags 3 and 6 (the sharing link's lag is past the fixed
# patch delay): the v1.2 finding the v2 world was built to remove.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
S=tests/scenarios/policy/uk_japan_bridge_voluntary.lua
run() { # voluntary bridge lag
  "$ACCORD" run "$S" --out "$TMP/v$1-b$2-l$3" --seed 7 --set voluntary="$1" --set bridge="$2" --set lag_months="$3" \
    --quiet || not_ok "run voluntary=$1 bridge=$2 lag=$3"
}
for v in 0 1; do for l in 1 3 6; do for b in 0 1; do run $v $b $l; done; done; done
for l in 1 3 6; do
  if cmp -s "$TMP/v1-b0-l$l/timeseries.csv" "$TMP/v1-b1-l$l/timeseries.csv"; then
    not_ok "voluntary recognition: bridge=1 differs from bridge=0 at lag_months $l"
  else
    ok "voluntary recognition: bridge=1 differs from bridge=0 at lag_months $l"
  fi
done
n=$(awk -F, '$3 == "certification" && $8 == "assessment"' "$TMP/v1-b1-l3/events.csv" | wc -l)
[ "$n" -gt 0 ] && ok "voluntary certificates granted on the recognition path ($n)" ||
  not_ok "voluntary certificates granted on the recognition path" "none in events.csv"
n=$(awk -F, '$3 == "application" && $8 == "assessment"' "$TMP/v0-b1-l3/events.csv" | wc -l)
[ "$n" -eq 0 ] && ok "voluntary=0: no recognition path into a non-binding market" ||
  not_ok "voluntary=0: no recognition path into a non-binding market" "$n applications"
for l in 3 6; do
  cmp -s "$TMP/v0-b0-l$l/timeseries.csv" "$TMP/v0-b1-l$l/timeseries.csv" &&
    ok "voluntary=0: bridge changes nothing at lag_months $l (v1.2)" ||
    not_ok "voluntary=0: bridge changes nothing at lag_months $l (v1.2)"
done
finish
