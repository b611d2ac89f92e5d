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
  doc = "1: the UK-Japan bridge (recognised labels, joint testing, sharing) starts at bridge_year; 0: never" }
local bridge_year = param { name = "bridge_year", default = 2, min = 0, max = 50, unit = "yr",
  doc = "when the bridge starts" }
local lag_months = param { name = "lag_months", default = 1, min = 0, max = 24, unit = "months",
  doc = "delay of the threat-intelligence link" }
local joint_testing = param { name = "joint_testing", default = 0.5, min = 0, max = 1, unit = "share",
  doc = "share of the UK's and Japan's assessment noise (assessment_noise) removed by joint testing from bridge_year" }

local homes = { "eu", "us", "jp", "uk" }
local js = {}
for i, id in ipairs(homes) do js[i] = regimes.make(id, { scale = scale }) end

local scn = scenario(regimes.calibrate {
  name = "uk_japan_bridge",
  description = "Baseline world; from bridge_year the UK and Japan recognise each other's labels, test jointly and share threat intelligence.",
  years = years,
  jurisdictions = js,
  populations = populations.build { homes = homes, scale = scale },
})

local labelled = 0 -- labelled model-steps in the UK and Japan, running
local list = { policies.record_exposure { jurisdictions = { "uk", "jp" } }, { on_step_end = function(world)
  for _, j in ipairs { "uk", "jp" } do
    local n = world:count { market = j, state = "deployed", certified = true }
    world:record(j .. "_labelled", n)
    labelled = labelled + n
  end
  world:record("labelled", labelled)
end } }
if bridge == 1 then
  list[#list + 1] = policies.start_recognition { to = "jp", from = "uk", mode = "assessment", mutual = true,
    voluntary = true, year = bridge_year }
  list[#list + 1] = policies.at_year(bridge_year, function(world)
    for _, j in ipairs { "uk", "jp" } do
      world:set(j, "assessment_noise", (1 - joint_testing) * world:get(j, "assessment_noise"))
    end
  end)
  list[#list + 1] = policies.start_sharing { from = "uk", to = "jp", mutual = true, lag_months = lag_months, year = bridge_year }
end
return policies.attach(scn, list)
