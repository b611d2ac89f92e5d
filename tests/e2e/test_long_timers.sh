#!/usr/bin/env bash
# The core's step timers (application and decision steps, cooldowns,
# suspensions) are 16-bit, read relative to the current step, with past values
# moved forward every 4,096 steps (engine/core/world_int.h, tget): issue 12's
# memory budget. A run of 73,000 daily steps (more than 2^16) must give the
# outputs the engine wrote when the timers were 32-bit integers (recorded with
# commit 262cfe3, before the change). Without the sweep of past values the
# events and summary differ (checked by hand when the test was written).
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
"$ACCORD" run tests/scenarios/long_daily.lua --seed 3 --out "$TMP/long" -q || not_ok "the long run" "exit $?"
check() { # FILE SHA256 (of the 32-bit engine's output)
  local got
  got=$(sha256sum "$TMP/long/$1" 2>/dev/null | cut -d' ' -f1)
  [ "$got" = "$2" ] && ok "$1 equals the 32-bit timers' output" || not_ok "$1 equals the 32-bit timers' output" "sha256 $got"
}
check events.csv 877e798960b57f2fe6a79807500f19b8075f2cba3e3befddae5f3cc86943e5c0
check summary.csv 48d14e84436e9c66ef6daa65f6072cfafacbff2ae5bda9aa6f8ee4daf864ca2a
check timeseries.csv 460e00edfc11b305e94f018f2f56f90fab146bb3b0e9229ba937f094a8d0281f
# the run exercises what the timers hold: past 2^16 steps, with rejections
# (cooldowns), suspensions and pending applications
python3 - "$TMP/long/summary.csv" <<'PY' && ok "73,000 steps with rejections, suspensions and applications" || not_ok "the long run's content"
import csv, sys
r = next(csv.DictReader(open(sys.argv[1])))
assert int(r["horizon_steps"]) == 73000, r["horizon_steps"]
for k in ("rejections", "suspensions", "applications", "failed_audits"):
    assert float(r[k]) >= 10, (k, r[k])
PY
finish
