#!/usr/bin/env bash
# Summary columns that depend on the world's jurisdictions (harm_<id>, ...,
# revenue_home_<id>) and the per-run statistics after them: in summary.csv,
# as sweep outcomes (checked before the first run: an unknown name is a usage
# error with the closest name), on --resume, in accord compare, and the clash
# of a parameter named like one of them.
. "$(dirname "$0")/lib.sh"

B=scenarios/baseline.lua

# ---- accord run: the new columns, after capacity_grows, in jurisdiction order
"$ACCORD" run $B --set years=2 --out "$TMP/r1" -q || not_ok "baseline run"
want="capacity_grows,setup_spend,top10_share,bankruptcy_rate_incumbent,bankruptcy_rate_startup,bankruptcy_rate_open_source,startup_survival_5y,noncompliant_share,harm_eu,exposure_eu,revenue_eu,fines_eu,rejections_eu,revenue_home_eu,harm_us,"
head -1 "$TMP/r1/summary.csv" | grep -q "$want" && ok "summary.csv: the new columns in order" \
  || not_ok "summary.csv columns" "$(head -1 "$TMP/r1/summary.csv" | cut -c1-400)"
head -1 "$TMP/r1/summary.csv" | grep -q ',revenue_home_uk$' && ok "summary.csv ends with the last jurisdiction's revenue_home" \
  || not_ok "summary.csv last column"
# a 2-year run is too short for the five-year survival: NA
python3 - "$TMP/r1/summary.csv" <<'PY' && ok "per-jurisdiction values add up to the totals; startup_survival_5y NA on 2 years" || not_ok "sums of the per-jurisdiction columns"
import csv, sys
r = next(csv.DictReader(open(sys.argv[1])))
ids = ["eu", "us", "jp", "uk"]
for total, pre in [("harm", "harm_"), ("revenue", "revenue_"), ("fine_spend", "fines_"), ("rejections", "rejections_"), ("exposure", "exposure_"), ("revenue", "revenue_home_")]:
    s = sum(float(r[pre + j]) for j in ids)
    t = float(r[total])
    assert abs(s - t) <= 1e-9 * max(1, abs(t)), (total, s, t)
assert r["startup_survival_5y"] == "NA", r["startup_survival_5y"]
assert 0 < float(r["top10_share"]) <= 1
PY

# ---- sweep: outcomes named after the jurisdictions
expect_exit 0 "" "sweep --outcomes harm_eu,revenue_home_us" -- "$ACCORD" sweep $B --set years=1 --reps 3 --outcomes harm_eu,revenue_home_us --out "$TMP/s" -j 2 -q
head -1 "$TMP/s/runs.csv" | grep -qx 'run,point,rep,seed,status,harm_eu,revenue_home_us' && ok "runs.csv: the selected per-jurisdiction outcomes" \
  || not_ok "runs.csv header" "$(head -1 "$TMP/s/runs.csv")"
[ "$(grep -c ',ok,' "$TMP/s/runs.csv")" -eq 3 ] && ok "every run ok" || not_ok "runs ok" "$(cat "$TMP/s/runs.csv")"
grep -q '^0,harm_eu,3,' "$TMP/s/points.csv" && grep -q '^0,revenue_home_us,3,' "$TMP/s/points.csv" \
  && ok "points.csv: one row per selected outcome" || not_ok "points.csv" "$(cat "$TMP/s/points.csv")"
cp "$TMP/s/runs.csv" "$TMP/runs-before.csv"
expect_exit 0 "" "--resume of a finished sweep with per-jurisdiction outcomes" -- "$ACCORD" sweep $B --set years=1 --reps 3 --outcomes harm_eu,revenue_home_us --out "$TMP/s" -j 2 -q --resume
cmp -s "$TMP/runs-before.csv" "$TMP/s/runs.csv" && ok "runs.csv unchanged by --resume" || not_ok "runs.csv after --resume"
expect_exit 2 "--outcomes: scenarios/baseline.lua has no outcome 'harm_xx' \(did you mean 'harm_eu'\?\)" \
  "unknown per-jurisdiction outcome: usage error with the closest name" -- "$ACCORD" sweep $B --set years=1 --outcomes harm_xx --out "$TMP/u"
expect_exit 2 "did you mean 'top10_share'" "misspelt world-independent outcome" -- "$ACCORD" sweep $B --set years=1 --outcomes top10_shar --out "$TMP/u"
[ -e "$TMP/u" ] && not_ok "a refused sweep writes nothing" || ok "a refused sweep writes nothing"
# every outcome (no --outcomes): the world's columns are there
expect_exit 0 "" "sweep with every outcome" -- "$ACCORD" sweep tests/scenarios/tiny.lua --set years=1 --reps 2 --out "$TMP/t" -q
head -1 "$TMP/t/runs.csv" | grep -q ',harm_aa,.*,revenue_home_bb$' && ok "runs.csv: every outcome, per-jurisdiction ones last" \
  || not_ok "runs.csv with every outcome" "$(head -1 "$TMP/t/runs.csv" | cut -c1-300)"

# ---- compare: the per-jurisdiction rows
"$ACCORD" run $B --set years=1 --out "$TMP/c1" -q && "$ACCORD" run $B --set years=1 --set eu_stringency=0.8 --out "$TMP/c2" -q \
  && "$ACCORD" compare "$TMP/c1" "$TMP/c2" --out "$TMP/cmp" >/dev/null \
  && grep -q '^harm_eu,' "$TMP/cmp/compare.csv" && grep -q '^revenue_home_us,' "$TMP/cmp/compare.csv" \
  && ok "compare.csv has the per-jurisdiction outcomes" || not_ok "compare per-jurisdiction rows" "$(cut -d, -f1 "$TMP/cmp/compare.csv" 2>/dev/null | tr '\n' ' ')"
"$ACCORD" report "$TMP/c1" --quiet >/dev/null && grep -q "cumulative harm in this jurisdiction" "$TMP/c1/report.html" \
  && ok "a run's report describes the per-jurisdiction outcomes" || not_ok "report descriptions"

# ---- a parameter named like a per-jurisdiction outcome
cat > "$TMP/clash.lua" <<'LUA'
local h = param { name = "harm_aa", default = 1, min = 0, max = 2, doc = "clashes" }
return scenario {
  name = "clash", years = 1,
  jurisdictions = { jurisdiction { id = "aa", market = 100 } },
  populations = { population { kind = "incumbent", home = "aa", count = 2 } },
}
LUA
expect_exit 2 "param 'harm_aa' has the name of a model outcome" "a parameter named like a per-jurisdiction outcome is refused" -- "$ACCORD" run "$TMP/clash.lua" --out "$TMP/cl"

# ---- Lua: world:summary() has the per-jurisdiction names
cat > "$TMP/lua.lua" <<'LUA'
return scenario {
  name = "lua_summary", years = 1,
  jurisdictions = { jurisdiction { id = "aa", market = 100 }, jurisdiction { id = "bb", market = 300 } },
  populations = { population { kind = "incumbent", home = "aa", count = 2 } },
  on_step_end = function(world)
    local s = world:summary()
    world:record("rev_bb", s.revenue_bb)
    world:record("check", (math.abs(s.revenue_aa + s.revenue_bb - s.revenue) <= 1e-12 * math.max(1, s.revenue)) and 1 or 0)
  end,
}
LUA
"$ACCORD" run "$TMP/lua.lua" --out "$TMP/lua" -q && [ "$(grep -c ',check,1$' "$TMP/lua/custom.csv")" -eq 12 ] \
  && [ "$(grep -c ',rev_bb,' "$TMP/lua/custom.csv")" -eq 12 ] \
  && ok "world:summary() gives revenue_<id> every step" || not_ok "world:summary() per-jurisdiction names" "$(head -5 "$TMP/lua/custom.csv" 2>/dev/null)"
finish
