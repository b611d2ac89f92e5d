--[[ uk_japan_bridge — a UK–Japan bridge: recognised labels, joint testing, shared threat intelligence

Question: the UK's AI Safety Institute opened an office in Tokyo to bridge
Western and Asian approaches. If, from bridge_year, the UK and Japan
recognise each other's labels, test models jointly and share threat
intelligence, how many more models carry their labels, how much sooner do
their markets learn of a vulnerable model, and how much harm is avoided?

The bridge (bridge = 1), from bridge_year:
  recognised labels  mutual recognition UK <-> Japan in mode assessment with
                     voluntary = true (docs/model.md section 8.1): neither
                     market is binding, so this is what lets the recognition
                     act — a developer holding the UK's voluntary label may get
                     Japan's on the recognition path (10 % of the fee, a
                     1-month review against Japan's own standard), and back;
  joint testing      the UK's and Japan's assessment_noise (0.1 score sd,
                     data/regimes.csv) falls by the share joint_testing, so
                     their reviews and audits measure safety more precisely;
  sharing            a threat-intelligence link UK <-> Japan with delay
                     lag_months, as in v1.2.

What to look at:
  custom.csv      labelled (running sum over steps of the models deployed
                  with the UK's or Japan's label; uk_labelled, jp_labelled per
                  step); uk_exposed and jp_exposed (model-steps during which a
                  model deployed there had a live vulnerability the market had
                  not noticed: the sum of detection lags).
  summary.csv     exposure_uk, exposure_jp (million user-months of use of
                  vulnerable models the market had not noticed), harm_uk,
                  harm_jp (M$), rejections_uk, rejections_jp, certifications.
  timeseries.csv  exposure, harm, applications, rejections in uk and jp.
  events.csv      certifications with path = assessment (labels on the
                  recognition path); the policy events at bridge_year.
  Compare bridge=1 with bridge=0 (same seeds).

Parameters (accord params scenarios/uk_japan_bridge.lua):
  years, scale, bridge (1 = on, 0 = today's world), bridge_year, lag_months,
  joint_testing.

Claim (tested over 30 paired seeds (seeds 1000-1029) in tests/unit/test_lua_world_claims.c, at
years=5, scale=0.1, bridge_year=1, lag_months=1, joint_testing=0.5; means
bridge=0 -> bridge=1, paired difference with its 95 % interval, seeds in the
claimed direction):
  1. the bridge puts the UK's or Japan's label on more models, whatever the
     sharing lag: labelled model-steps 1717.9 -> 1840.0, +122.1 (93.9 to
     150.3), 30/30 seeds; with lag_months = 12 +123.8 (95.4 to 152.1), 30/30.
     Joint testing alone (bridge=1, joint_testing 0 -> 1, lag_months = 6)
     adds +80 labelled model-steps (30/30) and cuts rejections in the two
     markets from 3.9 to 2.2 (24 seeds down, none up).
  2. with a sharing lag of a month or two the two markets are exposed less
     and suffer less harm: exposure 18.59 -> 17.90 million user-months,
     -0.69 (-1.10 to -0.29), 30/30 seeds; harm 25.69 -> 25.05 M$, -0.64
     (-1.00 to -0.29), 30/30 seeds.
  All of claim 2 comes from the sharing. Labels and joint testing do not lower
  harm: the markets are not binding, so a label gates no deployment; its
  premium moves a little revenue towards labelled models, and more precise
  reviews admit some developers just above the standard as well as turning
  away some just below. With lag_months >= 6 the bridge raises harm by
  +0.001 M$ (0.004 %; t = 2.6 against the claim) — nothing of policy weight.
  The harm reduction shrinks with the lag: -1.25 M$ at lag_months = 0, -0.64
  at 1, -0.29 at 2 (30, 30 and 28 of 30 seeds), -0.07 at 3 (22 of 30 seeds, t = 1.8:
  not significant at this size), nothing from 6 on. At the scenario's
  defaults (years 8, scale 0.25, bridge_year 2) it still holds at lag_months
  = 3 (harm 157.11 -> 156.24 M$, -0.88, -1.60 to -0.15, 24/30 seeds) but not
  at 4 (-0.07, t = -1.0). A shared warning only
  helps if it arrives before the patch, which comes a lognormal delay after
  the first awareness (median risk.patch_months = 2 months, log-sd
  risk.patch_sigma = 0.35: 95 % within 3.6 months). v1.2 lost the claim at
  lag_months = 3 because every patch took exactly 2 months; in v2 slow patches
  keep a 3-month link useful in part.
  The bridge on differs from off at every lag: at lag_months 0, 1, 2, 3, 6, 12
  and 24, timeseries.csv differs in all 30 seeds (the labels).

Holds over (LHS, 32 points over lag_months 0-24, joint_testing 0-1 and
bridge_year 0-4, scenario defaults otherwise (years 8, scale 0.25), 10 paired
replications per point):
  claim 1 (certifications, all markets): at 32 of 32 points (+20 on average,
    all t > 2);
  claim 2 (harm_uk + harm_jp): at all 5 points with lag_months <= 3.45 and at
    none of the 27 with lag_months 4.4-24 (effects between -0.03 and +0.03
    M$; one point, lag_months 6.7, against the claim at t = -2.3 by 0.006 M$);
    exposure alike (5 hold; 2 against, by < 0.03 million user-months);
  joint testing's fall in rejections (rejections_uk + rejections_jp): at 11 of
    the 12 points with joint_testing >= 0.64 and none below, where the
    recognition path's extra applications outweigh it (one point, 0.03,
    against at t = -2.6).
  accord sweep scenarios/uk_japan_bridge.lua --design lhs --samples 32 \
    --vary lag_months=0:24 --vary joint_testing=0:1 --vary bridge_year=0:4 \
    --set bridge=B --reps 10 --seed 12
  for B = 0 and 1, paired by run.


Figures: as scenarios/baseline.lua (scripts/regimes.lua, scripts/populations.lua
from data/); the recognition fee and delay are the model's defaults (10 % of
the certification fee, 1 month); the sharing lag and the share of noise joint
testing removes are assumptions.

Where the claim holds, from accord discover (tests/tools/claim_box.sh (docs/calibration.md): paired LHS sweeps, 32 points x 3 seeds, policy off and on with the same seeds, then accord discover on the per-point effect; bridge 0 -> 1; years 5,
scale 0.1, bridge_year 1; lag_months 0-24, joint_testing 0-1; outcome harm,
the run's total, effect < 0): claim 2 holds in the box lag_months 0-2.9
(4 of 32 points, all inside it: coverage 1, density 1; quasi-p 0.0002);
joint_testing is unrestricted. Claim 1 (labelled model-steps) is a time-series
sum that sweeps do not record, so the recipe does not test it.
]]

local regimes = require "regimes"
local populations = require "populations"
local policies = require "policies"

local years = param { name = "years", default = 8, min = 1, max = 50, unit = "yr", doc = "horizon of the run" }
local scale = param { name = "scale", default = 0.25, min = 0.01, max = 10, unit = "x",
  doc = "size of the simulated world (1 = AI Index 2023 counts)" }
local bridge = param { name = "bridge", default = 1, min = 0, max = 1, integer = true, unit = "",
  doc = "1: the UK-Japan bridge (recognised labels, joint testing, sharing) starts at bridge_year; 0: never" }
local bridge_year = param { name = "bridge_year", default = 2, min = 0, max = 50, unit = "yr",
  doc = "when the bridge starts" }
local lag_months = param { name = "lag_months", default = 1, min = 0, max = 24, unit = "months",
  doc = "delay of the threat-intelligence link" }
local joint_testing = param { name = "joint_testing", default = 0.5, min = 0, max = 1, unit = "share",
  doc = "share of the UK's and Japan's assessment noise (assessment_noise) removed by joint testing from bridge_year" }

local homes = { "eu", "us", "jp", "uk" }
local js = {}
for i, id in ipairs(homes) do js[i] = regimes.make(id, { scale = scale }) end

local scn = scenario(regimes.calibrate {
  name = "uk_japan_bridge",
  description = "Baseline world; from bridge_year the UK and Japan recognise each other's labels, test jointly and share threat intelligence.",
  years = years,
  jurisdictions = js,
  populations = populations.build { homes = homes, scale = scale },
})

local labelled = 0 -- labelled model-steps in the UK and Japan, running
local list = { policies.record_exposure { jurisdictions = { "uk", "jp" } }, { on_step_end = function(world)
  for _, j in ipairs { "uk", "jp" } do
    local n = world:count { market = j, state = "deployed", certified = true }
    world:record(j .. "_labelled", n)
    labelled = labelled + n
  end
  world:record("labelled", labelled)
end } }
if bridge == 1 then
  list[#list + 1] = policies.start_recognition { to = "jp", from = "uk", mode = "assessment", mutual = true,
    voluntary = true, year = bridge_year }
  list[#list + 1] = policies.at_year(bridge_year, function(world)
    for _, j in ipairs { "uk", "jp" } do
      world:set(j, "assessment_noise", (1 - joint_testing) * world:get(j, "assessment_noise"))
    end
  end)
  list[#list + 1] = policies.start_sharing { from = "uk", to = "jp", mutual = true, lag_months = lag_months, year = bridge_year }
end
return policies.attach(scn, list)
