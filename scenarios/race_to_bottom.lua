--[[ race_to_bottom — equivalence with a lax regime

Question: mutual recognition by equivalence lets a certificate issued
under another jurisdiction's standard count as one's own. If the EU accepts
certificates from a small, lax, cheap regime ("haven"), do developers shop
for the laxest certificate, and does the safety of models on the EU market
fall?

What to look at:
  custom.csv      eu_mean_safety (revenue-weighted mean safety of models in
                  the EU, running mean), haven_certified (developers holding a
                  haven certificate), eu_via_equivalence (developers in the EU's
                  high-risk segment on an equivalence certificate).
  events.csv      certifications with path = equivalence.
  timeseries.csv  for the EU: regulated_deployed, noncompliant (serving its
                  high-risk segment uncertified), harm (M$), exposure (million
                  user-months).
  summary.csv     noncompliant_share, harm_eu.
  Compare equivalence=1 with equivalence=0 (same seeds).

Claim (tested over 30 paired seeds (seeds 1000-1029), years=4, scale=0.1, in
tests/unit/test_lua_world_claims.c):
  with equivalence, developers reach the EU on haven certificates and the
  mean safety of models deployed in the EU falls; fewer developers serve
  the EU's high-risk segment uncertified (v2: the haven certificate is a
  cheap legal path into it).
  At the defaults (means over the 30 seeds, equivalence 0 -> 1; paired mean
  difference with its 95 % CI; seeds in the claimed direction):
    eu_via_equivalence  0 -> 23.5, +23.5 [21.0, 25.9], 30/30
    eu_mean_safety      0.786 -> 0.772, -0.0143 [-0.0171, -0.0116], 30/30
    noncompliant (EU, summed over the 48 steps) 725 -> 561, -164 [-195, -133],
                        30/30; noncompliant_share 0.52 -> 0.33
  The EU's high-risk segment gains developers (regulated_deployed summed
  1116 -> 2214), but the EU's harm does not change significantly
  (54.1 -> 55.9 M$, +1.8 [-3.2, 6.8]; exposure t = 0.8).
  At years=8, scale=0.25 (10 seeds): eu_via_equivalence 48.2, eu_mean_safety
  0.802 -> 0.790 (t = -6.5), noncompliant_share 0.48 -> 0.34 (t = -31).
  Holds over: haven_stringency below the EU's standard (0.65). An LHS of 32
  points over 0-1 (8 paired seeds each): at the 20 points below 0.65 all
  three parts hold (t > 2 at 20 of 20; the fall in safety is 0.019 at a haven
  standard near 0 and 0.002 at 0.6); at the 12 points at or above 0.65
  equivalence changes almost nothing (at most 0.6 developers on an
  equivalence certificate, none above 0.76; no change in safety or
  non-compliance): a haven no laxer than the EU offers no shortcut.

Parameters (accord params scenarios/race_to_bottom.lua):
  years, scale, equivalence (1 = the EU accepts haven certificates), haven_stringency.

Figures: EU and US from scripts/regimes.lua (data/); the haven is
hypothetical (a small binding market with a low standard and a cheap, fast
certification).

Where the claim holds, from accord discover (tests/tools/claim_box.sh (docs/calibration.md): paired LHS sweeps, 32 points x 3 seeds, policy off and on with the same seeds, then accord discover on the per-point effect; equivalence 0 -> 1; years
4, scale 0.1; haven_stringency 0-1; outcome noncompliant_share, effect < 0):
the box haven_stringency 0-0.62 holds all 20 points where non-compliance
falls and no other (coverage 1, density 1, quasi-p 8e-5), as found above.
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
