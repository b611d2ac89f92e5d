--[[ open_source_supply_chain — vulnerabilities flowing down from open models

Question: most startups build on another developer's model, two times in
three on an open-weights one (65.7 % of 2023 foundation models were open:
AI Index 2024). A vulnerability in an open model is inherited by the
startups built on it. Would a safety fund that raises open-source labs'
safety investment from year 1 cut the vulnerabilities startups inherit and
the harm they cause?

What to look at:
  custom.csv      inherited_vulns (vulnerabilities startups inherited from an
                  upstream, cumulative), os_mean_safety (mean safety of live
                  open-source labs).
  events.csv      event = vulnerability with detail = inherited.
  timeseries.csv  harm, live_vulns, open_source_share.
  Compare safety_fund=1 with safety_fund=0 (same seeds).

Claim (tested over 30 paired seeds in tests/unit/test_lua_world_claims.c):
  the safety fund raises open-source labs' safety and lowers the number of
  vulnerabilities startups inherit.

Parameters (accord params scenarios/open_source_supply_chain.lua):
  years, scale, safety_fund (1 = on), fund_share (safety share of R&D it
  buys), inherit_prob.

Figures: scripts/regimes.lua and scripts/populations.lua (data/); the
open-upstream share is sourced (data/world.csv), the inheritance probability
and the fund are assumptions.
]]

local regimes = require "regimes"
local populations = require "populations"
local policies = require "policies"

local years = param { name = "years", default = 8, min = 1, max = 50, unit = "yr", doc = "horizon of the run" }
local scale = param { name = "scale", default = 0.25, min = 0.01, max = 10, unit = "x",
  doc = "size of the simulated world (1 = AI Index 2023 counts)" }
local safety_fund = param { name = "safety_fund", default = 1, min = 0, max = 1, integer = true, unit = "",
  doc = "1: from year 1 open-source labs spend fund_share of R&D on safety" }
local fund_share = param { name = "fund_share", default = 0.5, min = 0, max = 1, unit = "share",
  doc = "safety share of R&D the fund buys" }
local inherit_prob = param { name = "inherit_prob", default = regimes.world["risk.inherit_prob"], min = 0, max = 1,
  unit = "probability", doc = "chance a downstream inherits its upstream's vulnerability" }

local homes = { "eu", "us", "jp", "uk" }
local js = {}
for i, id in ipairs(homes) do js[i] = regimes.make(id, { scale = scale }) end

local inherited = 0
local scn = scenario(regimes.calibrate {
  name = "open_source_supply_chain",
  description = "Baseline world; a safety fund raises open-source labs' safety investment from year 1.",
  years = years,
  risk = { inherit_prob = inherit_prob },
  jurisdictions = js,
  populations = populations.build { homes = homes, scale = scale },
  on_step_end = function(world)
    for _, e in ipairs(world:events("vulnerability", { step = world:step(), kind = "startup" })) do
      if e.detail == "inherited" then inherited = inherited + 1 end
    end
    world:record("inherited_vulns", inherited)
    world:record("os_mean_safety", world:mean("safety", { kind = "open_source" }) or 0)
  end,
})
local list = {}
if safety_fund == 1 then
  -- every open-source lab alive at year 1 (and after: each year) moves its
  -- safety share to at least fund_share
  list[1] = { policies = { function(world)
    -- at the start of each year from year 1 (steps 13, 25, ...)
    if world:step() <= world:steps_per_year() or (world:step() - 1) % world:steps_per_year() ~= 0 then return end
    for _, i in ipairs(world:developers { kind = "open_source" }) do
      if world:dev(i, "safety_share0") < fund_share then
        world:set_dev(i, "safety_share0", fund_share)
        world:set_dev(i, "safety_share", math.max(world:dev(i, "safety_share"), fund_share))
      end
    end
  end } }
end
return policies.attach(scn, list)
