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
                  eu_deployed_mean (developers serving the EU's high-risk,
                  regulated segment, certified or not, running mean).
  timeseries.csv  mean_safety and deployed per jurisdiction; for the EU
                  regulated_deployed, noncompliant and caught (v2: the EU's
                  gate covers its high-risk segment only, regulated_share 0.3).
  summary.csv     noncompliant_share, harm_eu and harm_us (M$).
  Compare eu_stringency=0.75 with eu_stringency=0.5 (same seeds).

Claim (tested over 30 paired seeds (seeds 1000-1029), years=5, scale=0.1, in
tests/unit/test_lua_world_claims.c):
  raising the EU standard from 0.5 to 0.75 raises the mean safety of models
  deployed in the US whenever developers upgrade at all (upgrade_speed > 0),
  and lowers the number of developers serving the EU's high-risk segment.
  At the defaults (upgrade_speed 0.5; means over the 30 seeds, 0.5 -> 0.75;
  paired mean difference with its 95 % CI; seeds in the claimed direction):
    us_mean_safety    0.7698 -> 0.8037, +0.0339 [0.0313, 0.0365], 30/30
    eu_deployed_mean  42.6 -> 30.3, -12.3 [-15.5, -9.1], 28/30
  Holds over: upgrade_speed, its whole declared range 0-1 except 0. An LHS of
  32 points over 0-1 (8 paired seeds each; the lowest point 0.003): US safety
  rises at 32 of 32 (t > 2 at 32), growing with the speed up to about 0.5
  (+0.0005 at 0.003, +0.010 at 0.05, +0.033 at 0.5, +0.031 at 0.99); the number
  serving the EU's high-risk segment falls at 32 of 32 (t > 2 at 30; the two
  others, 0.003 and 0.05, have t = 1.9 and 2.0; over 30 seeds t <= -2.9 at
  every speed tried from 0.0005 to 0.05).
  With 30 seeds: at upgrade_speed 0.001 US safety +0.00019 (t = 5.5), at
  0.0005 not significant (t = 1.6), and at exactly 0 it does not rise: -0.00009
  [-0.00015, -0.00003] (t = -2.9, 19 of 30 seeds lower; at years=8, scale=0.25,
  10 seeds: -0.00002, t = -0.3). Without upgrading no safety share moves; a
  stricter EU changes only who is certified and earns (so capital, and with it
  R&D), so the "Brussels effect" here is the upgrade rule (MODEL.md, Decision
  rule 4); the small reversal at 0 is probably a selection effect (the safer
  developers that certify at 0.5 earn EU revenue and grow, at 0.75 fewer do),
  a guess we did not test further. The fall in the EU's high-risk segment holds at every speed
  (t = -2.8 at 0 over 30 seeds).
  v2 qualifications: the fall is in the high-risk segment only. Developers in
  the EU in either segment rise (deployed summed over steps 5318 -> 5845,
  t = 8.4; at upgrade_speed 0: 5323 -> 6326), as in scenarios/baseline.lua:
  developers that cannot certify keep the open segment and those that are
  not law-abiding serve the high-risk one uncertified (noncompliant_share
  0.26 -> 0.82 at the defaults). The safety of models in the EU rises with
  upgrading (mean_safety summed 46.5 -> 48.4) but falls at upgrade_speed 0
  (46.4 -> 45.7, t = -2.6): uncertified models replace certified ones.

Parameters (accord params scenarios/brussels_effect.lua):
  years, scale, eu_stringency, upgrade_speed (share of the gap to the
  upgrade target closed per year).

Figures: scripts/regimes.lua and scripts/populations.lua (data/); stringency
and the upgrade rule are assumptions.

Where the claim holds, from accord discover (tests/tools/claim_box.sh (docs/calibration.md): paired LHS sweeps, 32 points x 3 seeds, policy off and on with the same seeds, then accord discover on the per-point effect; no on/off switch, so the
two arms are eu_stringency 0.5 and 0.75; years 5, scale 0.1; upgrade_speed
0-1; outcome final_mean_safety, all markets, effect > 0 — the claim's
us_mean_safety is a custom metric that sweeps do not record): mean safety
rises at all 32 points, upgrade_speed near 0 included, so PRIM restricts
nothing; that proxy cannot show the claim's upgrade_speed > 0 condition.
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
    deployed_sum = deployed_sum + world:count { market = "eu" } -- its regulated segment, certified or not
    world:record("us_mean_safety", safety_sum / steps)
    world:record("eu_deployed_mean", deployed_sum / steps)
  end,
})
