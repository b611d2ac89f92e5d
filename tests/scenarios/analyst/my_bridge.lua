-- my_bridge — the walk-through of docs/scripting.md ("Your first scenario"):
-- scenarios/uk_japan_bridge.lua copied and given five policies.
local regimes = require "regimes"
local populations = require "populations"
local policies = require "policies"

local years = param { name = "years", default = 8, min = 1, max = 50, unit = "yr", doc = "horizon of the run" }
local scale = param { name = "scale", default = 0.25, min = 0.01, max = 10, unit = "x", doc = "size of the world" }
local bridge = param { name = "bridge", default = 1, min = 0, max = 1, integer = true,
  doc = "1: the UK and Japan recognise each other and share intelligence from year 2" }
local lobbying = param { name = "lobbying", default = 0.3, min = 0, max = 2, unit = "1/yr",
  doc = "growth of the EU certification fee per unit of incumbents' revenue share" }

local homes = { "eu", "us", "jp", "uk" }
local js = {}
for i, id in ipairs(homes) do js[i] = regimes.make(id, { scale = scale }) end

local scn = scenario(regimes.calibrate {
  name = "my_bridge",                              -- results go to results/my_bridge/
  description = "UK-Japan bridge, EU tightening, US-EU sharing cut in years 4-7, lobbying.",
  years = years,
  jurisdictions = js,
  populations = populations.build { homes = homes, scale = scale },
  -- a link must exist before a policy can suspend it
  sharing = { share { from = "us", to = "eu", lag_months = 1, mutual = true } },
})

local list = {
  -- 1. the EU tightens its standard by 0.1 after every three severe incidents
  policies.tighten_after_incidents { jurisdiction = "eu", incidents = 3, min_severity = 2, step = 0.1 },
  -- 3. geopolitical tension cuts the US-EU link in year 4 and restores it in year 7
  policies.suspend_sharing { from = "us", to = "eu", mutual = true, year = 4, restore_year = 7 },
  -- 4. incumbents lobby to raise the EU's certification fee
  policies.regulatory_capture { jurisdiction = "eu", rates = { cert_cost = lobbying }, record = true },
  -- 5. a policy of your own: record a number every step (custom.csv)
  { on_step_end = function(world)
      world:record("eu_startups", world:count { kind = "startup", market = "eu" })
      world:record("eu_stringency", world:get("eu", "stringency"))
    end },
}
-- 2. the UK and Japan recognise each other's assessments and share threat intelligence
if bridge == 1 then
  list[#list + 1] = policies.start_recognition { to = "jp", from = "uk", mode = "assessment", mutual = true, year = 2 }
  list[#list + 1] = policies.start_sharing { from = "uk", to = "jp", mutual = true, lag_months = 1, year = 2 }
end
return policies.attach(scn, list)
