--[[ geopolitical_shock — threat-intelligence sharing cut mid-run

Question: the EU, US, UK and Japan share threat intelligence about
vulnerable models. Geopolitical tension cuts the US–EU link (both ways) in
year cut_year. How much later do the two markets learn of vulnerabilities,
and how much more harm do undetected vulnerabilities cause? Does restoring
the link undo it?

What to look at:
  custom.csv      eu_exposed, us_exposed (model-steps during which a model
                  deployed there had a live vulnerability the market had not
                  noticed: the sum of detection lags), eu_unnoticed per step.
  timeseries.csv  harm in eu and us after cut_year; live_vulns.
  events.csv      policy events (link_suspend / link_restore), awareness events.
  Compare shock=1 with shock=0 (same seeds).

Claim (tested over 30 paired seeds in tests/unit/test_lua_world_claims.c):
  cutting the link lets vulnerable models go unnoticed for more model-steps
  in the EU and the US (pooled) and raises the harm suffered there.

Parameters (accord params scenarios/geopolitical_shock.lua):
  years, scale, shock (1 = cut, 0 = no cut), cut_year, restore_year (0 = never),
  lag_months.

Figures: scripts/regimes.lua and scripts/populations.lua (data/); the sharing
network and its lag are assumptions.
]]

local regimes = require "regimes"
local populations = require "populations"
local policies = require "policies"

local years = param { name = "years", default = 8, min = 1, max = 50, unit = "yr", doc = "horizon of the run" }
local scale = param { name = "scale", default = 0.25, min = 0.01, max = 10, unit = "x",
  doc = "size of the simulated world (1 = AI Index 2023 counts)" }
local shock = param { name = "shock", default = 1, min = 0, max = 1, integer = true, unit = "",
  doc = "1: the US-EU link is cut at cut_year" }
local cut_year = param { name = "cut_year", default = 4, min = 0, max = 50, unit = "yr", doc = "when the link is cut" }
local restore_year = param { name = "restore_year", default = 0, min = 0, max = 50, unit = "yr",
  doc = "when it is restored (0 = never)" }
local lag_months = param { name = "lag_months", default = 1, min = 0, max = 24, unit = "months",
  doc = "delay of every sharing link" }

local homes = { "eu", "us", "jp", "uk" }
local js, links = {}, {}
for i, id in ipairs(homes) do js[i] = regimes.make(id, { scale = scale }) end
for a = 1, #homes do
  for b = a + 1, #homes do
    links[#links + 1] = share { from = homes[a], to = homes[b], lag_months = lag_months, mutual = true }
  end
end

local scn = scenario(regimes.calibrate {
  name = "geopolitical_shock",
  description = "Four regulators share threat intelligence; the US-EU link is cut at cut_year.",
  years = years,
  jurisdictions = js,
  populations = populations.build { homes = homes, scale = scale },
  sharing = links,
})
local list = { policies.record_exposure { jurisdictions = { "eu", "us" } } }
if shock == 1 then
  list[#list + 1] = policies.suspend_sharing { from = "us", to = "eu", mutual = true, year = cut_year,
    restore_year = restore_year > 0 and restore_year or nil }
end
return policies.attach(scn, list)
