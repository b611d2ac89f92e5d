--[[ regulatory_capture — incumbents lobby to raise certification costs

Question: incumbents have more to gain from standard-setting than startups,
and large firms bear regulatory costs more easily (per employee, small firms'
costs can be up to ten times larger: EC 2007). If incumbents' lobbying raises
the EU's certification fee in proportion to their share of EU revenue, do
rivals' costs rise enough to keep startups out and concentrate the market?

What to look at:
  custom.csv      eu_cert_cost (the fee as lobbying raises it),
                  eu_startups (startups deployed in the EU), eu_hhi (running
                  mean of the EU's HHI).
  timeseries.csv  startup_share, hhi, entries in eu.
  Compare lobbying=0.5 with lobbying=0 (same seeds).

Claim (tested over 30 paired seeds in tests/unit/test_lua_world_claims.c):
  lobbying raises the EU certification fee and leaves fewer startups deployed
  in the EU at the end of the run.

Parameters (accord params scenarios/regulatory_capture.lua):
  years, scale, lobbying (growth of the fee per year at a 100 % incumbent
  revenue share), max_multiple (cap on the fee, times its initial value).

Figures: scripts/regimes.lua and scripts/populations.lua (data/); the capture
mechanism (policies.regulatory_capture) and its rate are assumptions.
]]

local regimes = require "regimes"
local populations = require "populations"
local policies = require "policies"

local years = param { name = "years", default = 8, min = 1, max = 50, unit = "yr", doc = "horizon of the run" }
local scale = param { name = "scale", default = 0.25, min = 0.01, max = 10, unit = "x",
  doc = "size of the simulated world (1 = AI Index 2023 counts)" }
local lobbying = param { name = "lobbying", default = 0.5, min = 0, max = 10, unit = "growth/yr",
  doc = "yearly growth of the EU fee per unit of incumbents' revenue share" }
local max_multiple = param { name = "max_multiple", default = 20, min = 1, max = 1000, unit = "x",
  doc = "the fee never exceeds this multiple of its initial value" }

local homes = { "eu", "us", "jp", "uk" }
local js = {}
for i, id in ipairs(homes) do js[i] = regimes.make(id, { scale = scale }) end

local hhi, steps = 0, 0
local scn = scenario(regimes.calibrate {
  name = "regulatory_capture",
  description = "Baseline world; incumbents' lobbying raises the EU certification fee with their revenue share.",
  years = years,
  jurisdictions = js,
  populations = populations.build { homes = homes, scale = scale },
  on_step_end = function(world)
    steps = steps + 1
    hhi = hhi + world:metric("eu", "hhi")
    world:record("eu_cert_cost", world:get("eu", "cert_cost"))
    world:record("eu_startups", world:count { kind = "startup", market = "eu" })
    world:record("eu_hhi", hhi / steps)
  end,
})
local list = {}
if lobbying > 0 then
  list[1] = policies.regulatory_capture { jurisdiction = "eu", rates = { cert_cost = lobbying },
    max_multiple = max_multiple }
end
return policies.attach(scn, list)
