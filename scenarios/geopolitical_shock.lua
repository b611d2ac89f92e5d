--[[ geopolitical_shock — threat-intelligence sharing cut mid-run

Question: the EU, US, UK and Japan share threat intelligence about
vulnerable models. Geopolitical tension cuts the US–EU link (both ways) in
year cut_year. How much later do the two markets learn of vulnerabilities,
and how much more harm do undetected vulnerabilities cause? Does restoring
the link undo it?

What to look at:
  summary.csv     exposure_eu, exposure_us (million user-months of use of
                  models with a live vulnerability the market had not
                  noticed), harm_eu, harm_us (M$), awareness_events (fewer
                  when the link is cut: the second market learns later or
                  not at all; mean_detection_lag does not move, as it
                  measures the first market to notice).
  timeseries.csv  exposure and harm in eu and us after cut_year; live_vulns.
  custom.csv      eu_exposed, us_exposed (model-steps during which a model
                  deployed there had a live vulnerability the market had not
                  noticed: the sum of detection lags), eu_unnoticed per step.
  events.csv      policy events (link_suspend / link_restore), awareness events.
  Compare shock=1 with shock=0 (same seeds).

Parameters (accord params scenarios/geopolitical_shock.lua):
  years, scale, shock (1 = cut, 0 = no cut), cut_year, restore_year (0 = never),
  lag_months.

Claim (tested over 30 paired seeds (seeds 1000-1029) in tests/unit/test_lua_world_claims.c, at
years=6, scale=0.2, cut_year=1, lag_months=1; means shock=0 -> shock=1, paired
difference with its 95 % interval, seeds in the claimed direction):
  cutting the link lets vulnerable models go unnoticed longer in the EU and
  the US (pooled) and raises the exposure and harm suffered there:
    model-steps unnoticed  3449.2 -> 3494.8, +45.6 (39.4 to 51.9), 29/30 seeds;
    exposure  202.8 -> 212.6 million user-months, +9.8 (6.0 to 13.6), 30/30;
    harm      410.0 -> 422.0 M$, +11.9 (6.0 to 17.8), 30/30.
  The effect shrinks with the link's lag: +22.4 M$ of harm at lag_months = 0,
  +5.2 at 2, +1.6 at 3 (exposure +1.57, 0.59 to 2.54, 30/30: tested too),
  +0.5 at 4 (t = 1.5), and from 5 on next to nothing (+0.004 M$ at 5, where
  23 of 30 seeds give identical runs). A shared warning only helps if it
  arrives before the patch, which comes a lognormal delay after the first awareness
  (median risk.patch_months = 2 months, log-sd risk.patch_sigma = 0.35: 95 % of
  patches within 3.6 months). In v1.2 every patch took exactly 2 months, so at
  lag_months = 3 the cut changed nothing; in v2 the slow patches keep it
  mattering up to 3-4 months.

Holds over (LHS, 32 points over lag_months 0-24 and cut_year 0-4, scenario
defaults otherwise (years 8, scale 0.25, no restore), 10 paired replications
per point; accord sweep ... --seed 11, see the commands below): harm rises at
the 6 points with lag_months <= 4 (all with t > 2; exposure: 5 of them, the
sixth t = 1.9) and at none of the 26 with lag_months 4.6-24, where the cut
changes nothing (258 of 260 runs give the same harm and exposure to the last
digit) — never the other way. restore_year was left at 0 (never).
  accord sweep scenarios/geopolitical_shock.lua --design lhs --samples 32 \
    --vary lag_months=0:24 --vary cut_year=0:4 --set shock=S --reps 10 --seed 11
  for S = 0 and 1, paired by run.


Figures: scripts/regimes.lua and scripts/populations.lua (data/); the sharing
network and its lag are assumptions.

Where the claim holds, from accord discover (tests/tools/claim_box.sh (docs/calibration.md): paired LHS sweeps, 32 points x 3 seeds, policy off and on with the same seeds, then accord discover on the per-point effect; shock 0 -> 1; years 6,
scale 0.2; lag_months 0-24, cut_year 0-4; outcome harm, effect > 0): the box
lag_months 0-5.5 (quasi-p 0.001) and cut_year 0-2.2 (quasi-p 0.39: not a real
restriction) holds all 7 points where harm rises (coverage 1, density 1);
at the other 25 points the cut changes nothing.
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
