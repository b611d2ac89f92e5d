#!/usr/bin/env bash
# The per-market state packed into 12 bytes per developer and market (issue
# 12: the state read from the masks, a certificate and an application in a
# byte each, the application's step in the cooldown timer, 16-bit awareness
# steps of the vulnerability pool) must give the outputs of the engine before
# the packing (commit 780c3d9, which recorded the sha256 below) on a scenario
# that drives every path into and out of a market at random
# (tests/scenarios/stress_paths.lua): monthly with and without open segments,
# weekly with the default rule, and daily over 12 years (past a sweep of the
# 16-bit timers at step 4,096).
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
S=tests/scenarios/stress_paths.lua
run() { # NAME ARGS...
  local name=$1
  shift
  "$ACCORD" run "$S" "$@" --out "$TMP/$name" -q >/dev/null 2>&1 || not_ok "$name runs" "exit $?"
}
check() { # NAME FILE SHA256 (of the engine before the packing)
  local got
  got=$(sha256sum "$TMP/$1/$2" 2>/dev/null | cut -d' ' -f1)
  [ "$got" = "$3" ] && ok "$1: $2 equals the unpacked engine's" || not_ok "$1: $2 equals the unpacked engine's" "sha256 $got"
}
run monthly --seed 5 --set mode=1 --set open=1
check monthly events.csv 030925c495060c1da55908116dde36afdb855ed1032752b55934d1aaa5aa2e2d
check monthly summary.csv 7d4cc5ce2d3eb711d14ceb598980359512e844af4ae8816893637ad6e6c9275d
check monthly timeseries.csv d481d01725cce79c4c608e28a2edfe317f3d3bdf42738d057d02958508f6adf2
run closed --seed 5 --set mode=1 --set open=0 --set lag=0
check closed events.csv b5c57073f5c42d6e363b3f8113fd5d3aba9105a98d8d80c10615477616980399
check closed summary.csv 7dd3610e44d3de798a4d2f52f6a63bb1f63a85f6e84777dfcef309098a12a5f8
check closed timeseries.csv 875d1d3ba2b77e9a27be4bf222ef0a7bacef2c7a98ac3c9bb7825ef0c69c2b0c
run weekly --seed 5 --set mode=0 --set spy=52 --set years=10
check weekly events.csv 47d344d5708d7269333e214e7e74f663be238401f6c5d012b4103379d4eed334
check weekly summary.csv e26e1e06b2c9081e3884e646f680871c3f5e7c1aa35ac54b0a5d915f5d3dcbdd
check weekly timeseries.csv 6429956098cc01ac7b17e2d1c6fc99623aec8916eb700ca5b4cd9dcb56877739
run daily --seed 9 --set mode=1 --set spy=365 --set years=12 --set rs=7
check daily events.csv 6cfba1af21518c07a68b4149cd7b20df212949062a3c2f548a01fb98d229ed28
check daily summary.csv 2663a20f47e3502e7e8b89a3b41c5bc63c97935fe87e885f2e036022b5073047
check daily timeseries.csv 2c051416d3db62a4da73216d5fba5aff04a3f3d1c96968f907fb018095dbed97
# the runs exercise what the packed bytes hold
python3 - "$TMP" <<'PY' && ok "every run applies, is rejected, suspended, withdrawn and caught" || not_ok "the runs' content"
import csv, sys
for n in ("monthly", "closed", "weekly", "daily"):
    r = next(csv.DictReader(open(f"{sys.argv[1]}/{n}/summary.csv")))
    for k in ("applications", "rejections", "suspensions", "failed_audits", "withdrawals", "caught"):
        assert float(r[k]) >= 20, (n, k, r[k])
PY
finish
