#!/usr/bin/env bash
# profit_12m from Lua (issue 12, memory: the engine keeps the 12 monthly
# profit buckets only where something reads them; a scenario with Lua code
# running during the run asks for them before the first step, so the value is
# the whole trailing year's, not NaN and not a partial sum).
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
"$ACCORD" run tests/scenarios/profit_12m.lua --out "$TMP/p" -q || not_ok "the run" "exit $?"
python3 - "$TMP/p/custom.csv" <<'PY' && ok "profit_12m is kept for Lua: finite, below revenue_12m, a year's worth" || not_ok "profit_12m from Lua"
import csv, math, sys
rows = list(csv.DictReader(open(sys.argv[1])))
v = {(r["metric"], int(r["step"])): float(r["value"]) for r in rows}
for s in (12, 24):
    p, r = v[("profit_12m_dev1", s)], v[("revenue_12m_dev1", s)]
    assert math.isfinite(p) and p != 0, (s, p)
    assert r > 0 and p < r, (s, p, r)
PY
finish
