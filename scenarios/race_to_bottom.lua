--[[ race_to_bottom — equivalence with a lax regime

Question: mutual recognition by equivalence lets a certificate issued
under another jurisdiction's standard count as one's own. If the EU accepts
certificates from a small, lax, cheap regime ("haven"), do developers shop
for the laxest certificate, and does the safety of models on the EU market
fall?

What to look at:
  custom.csv      eu_mean_safety (revenue-weighted mean safety of models in
                  the EU, running mean), haven_certified (developers holding a
                  haven certificate), eu_via_equivalence (developers in the EU
                  on an equivalence certificate).
  events.csv      certifications with path = equivalence.
  Compare equivalence=1 with equivalence=0 (same seeds).

Claim (tested over 30 paired seeds in tests/unit/test_lua_world_claims.c):
  with equivalence, developers reach the EU on haven certificates and the
  mean safety of models deployed in the EU falls.

Parameters (accord params scenarios/race_to_bottom.lua):
  years, scale, equivalence (1 = the EU accepts haven certificates), haven_stringency.

Figures: EU and US from scripts/regimes.lua (data/); the haven is
hypothetical (a small binding market with a low standard and a cheap, fast
certification).
]]

local regimes = require "regimes"
local populations = require "populations"

local years = param { name = "years", default = 8, min = 1, max = 50, unit = "yr", doc = "horizon of the run" }
local scale = param { name = "scale", default = 0.25, min = 0.01, max = 10, unit = "x",
  doc = "size of the simulated world (1 = AI Index 2023 counts)" }
local equivalence = param { name = "equivalence", default = 1, min = 0, max = 1, integer = true, unit = "",
  doc = "1: the EU recognises haven certificates by equivalence" }
local haven_stringency = param { name = "haven_stringency", default = 0.3, min = 0, max = 1, unit = "score",
  doc = "the haven's minimum safety score" }

local eu_safety, steps = 0, 0
return scenario(regimes.calibrate {
  name = "race_to_bottom",
  description = "EU, US and a lax binding haven; with equivalence the EU accepts haven certificates.",
  years = years,
  jurisdictions = {
    regimes.make("eu", { scale = scale, stringency = 0.65 }),
    regimes.make("us", { scale = scale }),
    jurisdiction { id = "haven", name = "Haven (hypothetical lax regime)", market = 2000 * scale,
      outside = 100 * scale, entry_cost = 0.5, binding = true, stringency = haven_stringency,
      cert_cost = 0.05, review_months = 1, audit_rate = 0.02, detection = 0.1,
      -- the rest stated (an id without a preset takes the generic preset's defaults)
      growth = 0.2, compliance_cost = 0.1, suspension_months = 3, label_premium = 0, startup_rate = 0 },
  },
  populations = populations.build { homes = { "eu", "us" }, scale = scale },
  recognition = equivalence == 1 and { recognize { to = "eu", from = "haven", mode = "equivalence" } } or nil,
  on_step_end = function(world)
    local ms = world:metric("eu", "mean_safety") -- NaN while no model is deployed in the EU
    if ms == ms then steps, eu_safety = steps + 1, eu_safety + ms end
    world:record("eu_mean_safety", steps > 0 and eu_safety / steps or 0)
    world:record("haven_certified", world:count { market = "haven", certified = true })
    local via = 0
    for _, i in ipairs(world:developers { market = "eu" }) do
      if world:certified(i, "eu") == "equivalence" then via = via + 1 end
    end
    world:record("eu_via_equivalence", via)
  end,
})
