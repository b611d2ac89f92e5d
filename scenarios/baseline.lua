--[[ baseline — today's fragmented world (the default scenario)

Question: in the world of 2024-25 — the EU's binding AI Act, the US's
deregulatory executive orders, Japan's voluntary guidelines and the UK's
non-statutory, safety-institute approach, with no mutual recognition and no
threat-intelligence sharing — who enters which market, what does compliance
cost, and how much harm do undetected vulnerabilities cause?

What to look at:
  timeseries.csv  deployed and startup_share per jurisdiction (the EU's gate
                  keeps some developers out), certification_spend and
                  compliance_spend (the EU pays almost all of it), harm and
                  mean_detection_lag.
  summary.csv     welfare and its terms; startup_survival_rate.
  Compare with scenarios/uk_japan_bridge.lua and common_standard.lua.

Claim (tested over 30 paired seeds in tests/unit/test_lua_world_claims.c):
  a stricter EU standard (eu_stringency 0.75 instead of 0.6) leaves fewer
  developers deployed in the EU and lowers startups' share of EU revenue.

Parameters (accord params scenarios/baseline.lua):
  years, scale, eu_stringency, eu_cert_cost, detection_scale.

Figures: regimes and populations come from scripts/regimes.lua and
scripts/populations.lua, built from data/ (EU certification and QMS costs
from the Commission's impact assessment, SWD(2021) 84; fines from Art. 99 of
Regulation (EU) 2024/1689; developer counts from the Stanford AI Index);
market sizes, safety scores and detection rates are assumptions (see
data/README.md).
]]

local regimes = require "regimes"
local populations = require "populations"

local years = param { name = "years", default = 10, min = 1, max = 50,
  unit = "yr", doc = "horizon of the run" }
local scale = param { name = "scale", default = 0.25, min = 0.01, max = 10,
  unit = "x", doc = "size of the simulated world: developer counts, market sizes and founding rates (1 = AI Index 2023 counts)" }
local eu_stringency = param { name = "eu_stringency", default = regimes.presets.eu.stringency, min = 0, max = 1,
  unit = "score", doc = "EU minimum safety score for certification" }
local eu_cert_cost = param { name = "eu_cert_cost", default = regimes.presets.eu.cert_cost, min = 0, max = 50,
  unit = "M$", doc = "EU cost of one conformity assessment incl. QMS set-up" }
local detection_scale = param { name = "detection_scale", default = 1, min = 0, max = 2,
  unit = "x", doc = "multiplier on every regulator's detection probability" }

local function detection(id)
  return math.min(1, regimes.presets[id].detection * detection_scale)
end

return scenario(regimes.calibrate {
  name = "baseline",
  description = "Today's fragmented world: EU binding AI Act, US deregulation, Japan voluntary, UK safety institute; no recognition, no sharing.",
  years = years,
  steps_per_year = 12,

  jurisdictions = {
    regimes.make("eu", { scale = scale, stringency = eu_stringency, cert_cost = eu_cert_cost,
                         detection = detection("eu") }),
    regimes.make("us", { scale = scale, detection = detection("us") }),
    regimes.make("jp", { scale = scale, detection = detection("jp") }),
    regimes.make("uk", { scale = scale, detection = detection("uk") }),
  },

  populations = populations.build { homes = { "eu", "us", "jp", "uk" }, scale = scale },
})
