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
  timeseries.csv  harm (M$), exposure (million user-months), live_vulns,
                  incidents, open_source_share.
  summary.csv     vulnerabilities, harm, exposure, harm_<j> per jurisdiction.
  Compare safety_fund=1 with safety_fund=0 (same seeds).

Claim (tested over 30 paired seeds (seeds 1000-1029), years=5, scale=0.1, in
tests/unit/test_lua_world_claims.c):
  the safety fund raises open-source labs' safety and lowers the number of
  vulnerabilities startups inherit.
  At the defaults (means over the 30 seeds, safety_fund 0 -> 1; paired mean
  difference with its 95 % CI; seeds in the claimed direction):
    os_mean_safety   0.659 -> 0.723, +0.063 [0.057, 0.070], 30/30
    inherited_vulns  32.1 -> 31.0, -1.03 [-1.61, -0.46], 14/30 (16 tied)
  At years=8, scale=0.25 (10 seeds): 0.704 -> 0.811 (t = 19.0) and
  159.1 -> 152.0 (-7.1 [-12.3, -2.0], t = -3.1).
  v2: harm comes from user exposure to vulnerable models, which follows
  revenue, and startups built on open models earn a small share of it: the
  fund lowers all vulnerabilities (200.2 -> 197.6, -2.6 [-3.4, -1.8]) and
  incidents (-1.4), but harm only by 0.04 % (143.46 -> 143.40 M$, -0.053
  [-0.073, -0.032], 25/30 seeds; exposure -0.04 %). A safety claim about
  harm would be true and negligible.
  Holds over: an LHS of 32 points over fund_share 0-1 and inherit_prob 0-1
  (8 paired seeds each): open-source safety rises at all 28 points with
  fund_share >= 0.1 (t > 2 at 28; +1.4 % to +23 %); below, at 4 points, little
  or nothing changes (the fund only raises safety shares below fund_share).
  Inherited vulnerabilities fall at 14 of the 15 points with fund_share
  >= 0.55 (t > 2 at 12; -7 % to -25 %; the three others have inherit_prob
  <= 0.12 and few inheritances), but between 0.1 and 0.55 only by 0.5-4 %
  (12 of 13 points lower, t > 2 at 1: too small for 8 seeds), and not at all
  below 0.1. The default fund_share 0.5 sits in the weak zone: the claim
  holds there over 30 seeds (t = 3.7) but the effect is 3 %.

Parameters (accord params scenarios/open_source_supply_chain.lua):
  years, scale, safety_fund (1 = on), fund_share (safety share of R&D it
  buys), inherit_prob.

Figures: scripts/regimes.lua and scripts/populations.lua (data/); the
open-upstream share is sourced (data/world.csv), the inheritance probability
and the fund are assumptions.

Where the claim holds, from accord discover (tests/tools/claim_box.sh (docs/calibration.md): paired LHS sweeps, 32 points x 3 seeds, policy off and on with the same seeds, then accord discover on the per-point effect; safety_fund 0 -> 1; years
5, scale 0.1; fund_share 0-1, inherit_prob 0-1; outcome vulnerabilities, all
of them, effect < 0 — the claim's os_mean_safety and inherited_vulns are
custom metrics that sweeps do not record): the box fund_share 0.15-1 holds all
28 points where vulnerabilities fall (coverage 1, density 1, quasi-p 0.024);
inherit_prob is unrestricted.
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
