--[[ uk_japan_bridge_voluntary — a test copy of scenarios/uk_japan_bridge.lua
with the UK-Japan recognitions applying to voluntary certificates too
(recognition `voluntary = true`, MODEL.md v2 "Recognition of voluntary
certificates"): a UK certificate holder may get Japan's label on the
recognition path (and back), so the bridge's recognition now acts although
neither market is binding. Parameter `voluntary` (1 = on, in the default v2
world; 0 = v1.2's binding-only recognition in the v1.2 world of
scripts/v12.lua). Used by
tests/e2e/test_voluntary_bridge.sh: bridge=1 and bridge=0 differ at
lag_months 1, 3 and 6 with voluntary=1. The original's comment follows.
]]
--[[ uk_japan_bridge — UK–Japan mutual recognition and threat-intelligence sharing

Question: the UK's AI Safety Institute opened an office in Tokyo to bridge
Western and Asian approaches. If, from year 2, the UK and Japan recognise
each other's assessments and share threat intelligence, how much sooner do
their markets learn of a vulnerable model, and how much harm is avoided?

What to look at:
  custom.csv      uk_exposed and jp_exposed (model-steps during which a
                  model deployed there had a live vulnerability the market
                  had not noticed: the sum of detection lags); compare
                  bridge=1 with bridge=0.
  timeseries.csv  harm in uk and jp; entries into jp by UK developers (events.csv,
                  event = entry, home = uk, jurisdiction = jp).
  summary.csv     harm, welfare.

Claim (tested over 30 paired seeds in tests/unit/test_lua_world_claims.c):
  with the bridge, vulnerable models stay unnoticed for fewer model-steps in
  the UK and Japan (pooled) and the two markets suffer less harm.

Parameters (accord params scenarios/uk_japan_bridge.lua):
  years, scale, bridge (1 = on, 0 = today's world), bridge_year, lag_months.

Figures: as scenarios/baseline.lua (scripts/regimes.lua, scripts/populations.lua
from data/); the recognition fee and delay are the model's defaults (10 % of
the certification fee, 1 month); the sharing lag is an assumption.
]]

local regimes = require "regimes"
local populations = require "populations"
local policies = require "policies"

local years = param { name = "years", default = 8, min = 1, max = 50, unit = "yr", doc = "horizon of the run" }
local scale = param { name = "scale", default = 0.25, min = 0.01, max = 10, unit = "x",
  doc = "size of the simulated world (1 = AI Index 2023 counts)" }
local bridge = param { name = "bridge", default = 1, min = 0, max = 1, integer = true, unit = "",
  doc = "1: UK-Japan recognition and sharing start at bridge_year; 0: never" }
local bridge_year = param { name = "bridge_year", default = 2, min = 0, max = 50, unit = "yr",
  doc = "when the bridge starts" }
local lag_months = param { name = "lag_months", default = 1, min = 0, max = 24, unit = "months",
  doc = "delay of the threat-intelligence link" }
local voluntary = param { name = "voluntary", default = 1, min = 0, max = 1, integer = true, unit = "",
  doc = "1: the recognitions apply to voluntary certificates too (v2); 0: binding markets only (v1.2)" }

local homes = { "eu", "us", "jp", "uk" }
local js = {}
for i, id in ipairs(homes) do js[i] = regimes.make(id, { scale = scale }) end

local t = regimes.calibrate {
  name = "uk_japan_bridge",
  description = "Baseline world; from bridge_year the UK and Japan recognise each other's assessments and share threat intelligence.",
  years = years,
  jurisdictions = js,
  populations = populations.build { homes = homes, scale = scale },
}
-- voluntary = 0: the whole v1.2 model (scripts/v12.lua), as the shipped
-- scenario ran before the v2 world became the default
if voluntary == 0 then require("v12").apply(t) end
local scn = scenario(t)

local list = { policies.record_exposure { jurisdictions = { "uk", "jp" } } }
if bridge == 1 then
  list[#list + 1] = policies.start_recognition { to = "jp", from = "uk", mode = "assessment", mutual = true, year = bridge_year,
    voluntary = voluntary == 1 }
  list[#list + 1] = policies.start_sharing { from = "uk", to = "jp", mutual = true, lag_months = lag_months, year = bridge_year }
end
return policies.attach(scn, list)
