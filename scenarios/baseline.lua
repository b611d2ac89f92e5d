--[[ baseline — today's fragmented world (the default scenario)

Question: in the world of 2024-25 — the EU's binding AI Act, the US's
deregulatory executive orders, Japan's voluntary guidelines and the UK's
non-statutory, safety-institute approach, with no mutual recognition and no
threat-intelligence sharing — who enters which market, what does compliance
cost, and how much harm do undetected vulnerabilities cause?

What to look at:
  timeseries.csv  deployed (developers in either segment of j) and
                  regulated_deployed, regulated_revenue (the EU's high-risk
                  segment, the only part its gate covers: regulated_share 0.3),
                  noncompliant (developers serving it uncertified) and caught;
                  startup_share; certification_spend, setup_spend and
                  compliance_spend (the EU pays almost all of it); harm (M$)
                  and exposure (million user-months); mean_detection_lag.
  custom.csv      eu_certified (developers serving the EU's high-risk segment
                  with an EU certificate; eu_certified_mean its running mean),
                  eu_certified_startups, eu_open_only (developers in the EU's
                  open segment alone).
  summary.csv     welfare and its terms; noncompliant_share; harm_eu,
                  exposure_eu, fines_eu, rejections_eu and the other
                  jurisdictions' columns; startup_survival_rate.
  Compare with scenarios/uk_japan_bridge.lua and common_standard.lua.

Claim (tested over 30 paired seeds (seeds 1000-1029), years=4, scale=0.1, in
tests/unit/test_lua_world_claims.c):
  a stricter EU standard (eu_stringency 0.75 instead of 0.6) does not keep
  developers out of the EU's high-risk segment; it moves that segment from
  certification into non-compliance. Fewer developers serve it certified,
  more serve it uncertified, and it earns less.
  At the defaults (means over the 30 seeds, 0.6 -> 0.75; paired mean
  difference with its 95 % CI; seeds in the claimed direction):
    eu_certified_mean     14.8 -> 4.36 developers, -10.5 [-11.3, -9.6], 30/30
                          (startups certified: 6.1 -> 0 a step on average)
    noncompliant (EU, summed over the 48 steps) 658 -> 1202,
                          +543 [439, 648], 30/30; noncompliant_share
                          0.48 -> 0.85, +0.375 [0.350, 0.400], 30/30
    regulated_revenue (EU, summed) 11,493 -> 11,182 M$, -311 [-461, -162], 30/30
  while the number serving it hardly changes (regulated_deployed summed
  1345 -> 1387, +43 [-74, 160]) and more uncertified developers are caught
  (4.8 -> 10.1 per run).
  Holds over: an LHS of 32 points over eu_cert_cost 0-50 M$, eu_enforcement
  0-1 /yr and detection_scale 0-2 (8 paired seeds each, 0.6 vs 0.75): fewer
  certified, more non-compliant and less regulated revenue at 32 of 32 points
  (t > 2 at all 32); the number serving the segment falls at 3 of 32 (t > 2
  at none).
  At the scenario's own defaults (years=10, scale=0.25; 10 paired seeds)
  it holds too: eu_certified_mean 85.7 -> 24.6 (t = -10.0), noncompliant_share
  0.36 -> 0.73 (t = 27.6), regulated_revenue -399 M$ [-763, -35] (t = -2.5).

  The v1.2 claim fails under v2, and reverses: "a stricter EU leaves fewer
  developers deployed in the EU and lowers startups' share of EU revenue".
  At the defaults the EU's deployed (summed over steps) rises 4097 -> 4549,
  +452 [335, 568], 29/30 seeds, and startup_share (summed) rises 1.19 -> 2.28,
  +1.09 [0.56, 1.62], 29/30 seeds; the LHS above reverses both at 32 of 32
  points. At years=10, scale=0.25 (10 seeds) deployed rises too (+1544,
  t = 4.8) and the startup share does not move significantly (t = 0.8). Why: in v2 the EU's gate covers only its high-risk segment (30 % of
  spending); the open segment is worth entering on its own. (1) A developer
  that could certify at 0.6 but not at 0.75 keeps the open segment
  (eu_open_only +8.7 a step). (2) A developer that is not law-abiding (16 % of
  startups) serves the high-risk segment uncertified when that beats every
  compliant option it could build (MODEL.md, Enter); at 0.6 many have a fair
  chance of passing review, and the certified option, even one they would not
  apply for (P below assessment.apply_min), beats serving uncertified, so
  some stay out of the EU entirely; at 0.75 their chance is small, serving
  uncertified wins and they enter (about 16 more startups entered the EU per
  run in 10 seeds). Caught, they keep the open segment. No startup passes at
  0.75 (their safety is drawn in 0.3-0.7), so the EU's startups are all in the
  open segment or uncertified, and their share of EU revenue rises. The
  stricter standard still raises the mean safety of models in the EU (mean
  over steps 0.779 -> 0.800) and lowers exposure slightly (32.0 -> 28.6
  million user-months, t = -2.2), but not the EU's harm (t = 0.5), and welfare
  falls (-604 M$ [-908, -300]).

Parameters (accord params scenarios/baseline.lua):
  years, scale, eu_stringency, eu_cert_cost (the fee; the QMS set-up is the
  EU's setup_cost), eu_enforcement, detection_scale.

Figures: regimes and populations come from scripts/regimes.lua and
scripts/populations.lua, built from data/ (EU certification and QMS costs
from the Commission's impact assessment, SWD(2021) 84; fines from Art. 99 of
Regulation (EU) 2024/1689; developer counts from the Stanford AI Index);
market sizes, safety scores and detection rates are assumptions (see
data/README.md).

Where the claim holds, from accord discover (tests/tools/claim_box.sh (docs/calibration.md): paired LHS sweeps, 32 points x 3 seeds, policy off and on with the same seeds, then accord discover on the per-point effect; no on/off switch, so the
two arms are eu_stringency 0.6 and 0.75; years 4, scale 0.1; eu_cert_cost
0-0.5, eu_enforcement 0-1, detection_scale 0-2; outcome noncompliant_share,
effect > 0): non-compliance rises at all 32 points, so PRIM restricts nothing:
the box is the whole range sampled.
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
  unit = "M$", doc = "EU fee of one conformity assessment (the QMS set-up is the EU's setup_cost, paid once per requirement set)" }
local eu_enforcement = param { name = "eu_enforcement", default = regimes.presets.eu.enforcement, min = 0, max = 1,
  unit = "probability/yr", doc = "chance per year that a developer serving the EU's high-risk segment uncertified is caught" }
local detection_scale = param { name = "detection_scale", default = 1, min = 0, max = 2,
  unit = "x", doc = "multiplier on every regulator's detection probability" }

local certified_sum, steps = 0, 0

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
                         enforcement = eu_enforcement, detection = detection("eu") }),
    regimes.make("us", { scale = scale, detection = detection("us") }),
    regimes.make("jp", { scale = scale, detection = detection("jp") }),
    regimes.make("uk", { scale = scale, detection = detection("uk") }),
  },

  populations = populations.build { homes = { "eu", "us", "jp", "uk" }, scale = scale },
  on_step_end = function(world)
    -- serving the EU's high-risk (regulated) segment with an EU certificate
    local certified = world:count { market = "eu", state = "present", certified = true }
    steps, certified_sum = steps + 1, certified_sum + certified
    world:record("eu_certified", certified, { unit = "developers",
      doc = "developers serving the EU's regulated segment with an EU certificate" })
    world:record("eu_certified_mean", certified_sum / steps, { unit = "developers",
      doc = "eu_certified averaged over the steps so far" })
    world:record("eu_certified_startups", world:count { market = "eu", state = "present", certified = true,
                                                        kind = "startup" },
                 { unit = "developers", doc = "startups among eu_certified" })
    -- in the EU's open segment alone (absent from, pending in or barred from its regulated one)
    local open_only = 0
    for _, i in ipairs(world:developers { market = "eu", segment = "open" }) do
      local st = world:market(i, "eu")
      if st ~= "deployed" and st ~= "suspended" then open_only = open_only + 1 end
    end
    world:record("eu_open_only", open_only, { unit = "developers",
      doc = "developers in the EU's open segment only (not deployed or suspended in its regulated one)" })
  end,
})
