--[[ brussels_effect — does a strict, large EU pull safety up everywhere?

Question: the EU is a large market with a binding standard. Developers who
fail only on safety may invest in safety to get in (the model's upgrade
rule), and a developer has one model for every market, so the safer model
also ships in the US. Does a stricter EU standard raise the safety of models
deployed outside the EU (a "Brussels effect"), or mainly push developers out
of the EU?

What to look at:
  custom.csv      us_mean_safety (revenue-weighted mean safety of models
                  deployed in the US, running mean over the run),
                  eu_deployed_mean (developers deployed in the EU, running mean).
  timeseries.csv  mean_safety and deployed per jurisdiction.
  Compare eu_stringency=0.75 with eu_stringency=0.5 (same seeds).

Claim (tested over 30 paired seeds in tests/unit/test_lua_world_claims.c):
  raising the EU standard from 0.5 to 0.75 raises the mean safety of models
  deployed in the US, and lowers the number of developers deployed in the EU.

Parameters (accord params scenarios/brussels_effect.lua):
  years, scale, eu_stringency, upgrade_speed (share of the gap to the
  upgrade target closed per year).

Figures: scripts/regimes.lua and scripts/populations.lua (data/); stringency
and the upgrade rule are assumptions.
]]

local regimes = require "regimes"
local populations = require "populations"

local years = param { name = "years", default = 8, min = 1, max = 50, unit = "yr", doc = "horizon of the run" }
local scale = param { name = "scale", default = 0.25, min = 0.01, max = 10, unit = "x",
  doc = "size of the simulated world (1 = AI Index 2023 counts)" }
local eu_stringency = param { name = "eu_stringency", default = 0.75, min = 0, max = 1, unit = "score",
  doc = "EU minimum safety score" }
local upgrade_speed = param { name = "upgrade_speed", default = 0.5, min = 0, max = 1, unit = "probability/yr",
  doc = "share of the gap to the upgrade target closed per year" }

local homes = { "eu", "us", "jp", "uk" }
local js = {}
for i, id in ipairs(homes) do
  js[i] = regimes.make(id, { scale = scale, stringency = id == "eu" and eu_stringency or nil })
end

local safety_sum, deployed_sum, steps = 0, 0, 0
return scenario(regimes.calibrate {
  name = "brussels_effect",
  description = "Baseline world with a variable EU standard: does a stricter EU raise safety in the US?",
  years = years,
  upgrade = { speed = upgrade_speed },
  jurisdictions = js,
  populations = populations.build { homes = homes, scale = scale },
  on_step_end = function(world)
    steps = steps + 1
    local ms = world:metric("us", "mean_safety") -- NaN while no model is deployed in the US
    safety_sum = safety_sum + (ms == ms and ms or 0)
    deployed_sum = deployed_sum + world:count { market = "eu" }
    world:record("us_mean_safety", safety_sum / steps)
    world:record("eu_deployed_mean", deployed_sum / steps)
  end,
})
