--[[ regulatory_capture — incumbents lobby to raise certification costs

Question: incumbents have more to gain from standard-setting than startups,
and large firms bear regulatory costs more easily (per employee, small firms'
costs can be up to ten times larger: EC 2007). If incumbents' lobbying raises
the EU's certification fee in proportion to their share of EU revenue, do
rivals' costs rise enough to keep startups out and concentrate the market?

What to look at:
  custom.csv      eu_cert_cost (the fee as lobbying raises it),
                  eu_startups (startups serving the EU's high-risk, regulated
                  segment, certified or not), eu_hhi (running mean of the EU's
                  HHI).
  timeseries.csv  startup_share, hhi, entries, applications and, for the EU,
                  noncompliant (serving its high-risk segment uncertified).
  Compare lobbying=0.5 with lobbying=0 (same seeds).

Claim (tested over 30 paired seeds (seeds 1000-1029), years=5, scale=0.1, in
tests/unit/test_lua_world_claims.c):
  lobbying raises the EU certification fee and leaves fewer startups serving
  the EU's high-risk segment at the end of the run; it concentrates the EU
  market only negligibly.
  At the defaults (means over the 30 seeds, lobbying 0 -> 0.5; paired mean
  difference with its 95 % CI; seeds in the claimed direction):
    eu_cert_cost  0.0316 -> 0.221 M$, +0.189 [0.188, 0.191], 30/30
    eu_startups   31.3 -> 30.3, -0.93 [-1.37, -0.50], 17/30 (12 tied, 1 not)
  Small: v2's fee is only the per-application fee (EUR 29,277; v1.2's
  cert_cost 0.314 M$ also held the QMS set-up, now the EU's setup_cost, which
  lobbying does not raise), so five years of lobbying at 0.5 add 0.19 M$ to
  a 0.03 M$ fee next to a 0.28 M$ set-up and a 2 M$ entry cost. Some startups
  that no longer apply serve the segment uncertified (noncompliant summed over
  steps +4.8 [2.1, 7.6]); the EU's HHI (eu_hhi) moves by +0.10 [0.07, 0.14]
  of 1849.
  At years=8, scale=0.25 (10 seeds) the fee reaches its cap (20 x, 0.632 M$)
  and eu_startups falls 160 -> 140 (-19.9 [-25.6, -14.2], 10/10).
  Holds over: an LHS of 32 points over lobbying 0-10 /yr and max_multiple
  1-1000 (8 paired seeds each; the sample's max_multiple was 12-990): the
  fee rises at 32 of 32; the startups fall at 31 of 32 (t > 2 at 30: all with
  lobbying >= 0.69; not at 0.04, no change, or 0.35, t = 1.5), by 1 at
  lobbying 0.7 and by 9-11 of 31 from lobbying 1.9 on (the fee then
  2.6-31 M$). The fee's cap matters below the growth it
  would reach: at lobbying 0.5, max_multiple 5 still -0.83 (t = -4.0, 30
  seeds), max_multiple 2 not significant (-0.27, t = -1.8), 1 no effect at all.
  The HHI rises at 32 of 32 points (t > 2 at 30) but by at most 3 of 2041.

Parameters (accord params scenarios/regulatory_capture.lua):
  years, scale, lobbying (growth of the fee per year at a 100 % incumbent
  revenue share), max_multiple (cap on the fee, times its initial value).

Figures: scripts/regimes.lua and scripts/populations.lua (data/); the capture
mechanism (policies.regulatory_capture) and its rate are assumptions.

Where the claim holds, from accord discover (tests/tools/claim_box.sh (docs/calibration.md): paired LHS sweeps, 32 points x 3 seeds, policy off and on with the same seeds, then accord discover on the per-point effect; no on/off switch, so the
two arms are lobbying 0 and 0.5; years 5, scale 0.1; max_multiple 1-100;
outcome final_startup_share, all markets, effect < 0 — the claim's EU
segment counts are custom metrics that sweeps do not record): the startup
share falls at 31 of 32 points; PRIM's box max_multiple 5.5-100 leaves out the
one other point with quasi-p 0.37, not a real restriction: the claim holds
over the whole range sampled.
]]

local regimes = require "regimes"
local populations = require "populations"
local policies = require "policies"

local years = param { name = "years", default = 8, min = 1, max = 50, unit = "yr", doc = "horizon of the run" }
local scale = param { name = "scale", default = 0.25, min = 0.01, max = 10, unit = "x",
  doc = "size of the simulated world (1 = AI Index 2023 counts)" }
local lobbying = param { name = "lobbying", default = 0.5, min = 0, max = 10, unit = "growth/yr",
  doc = "yearly growth of the EU fee per unit of incumbents' revenue share" }
local max_multiple = param { name = "max_multiple", default = 20, min = 1, max = 1000, unit = "x",
  doc = "the fee never exceeds this multiple of its initial value" }

local homes = { "eu", "us", "jp", "uk" }
local js = {}
for i, id in ipairs(homes) do js[i] = regimes.make(id, { scale = scale }) end

local hhi, steps = 0, 0
local scn = scenario(regimes.calibrate {
  name = "regulatory_capture",
  description = "Baseline world; incumbents' lobbying raises the EU certification fee with their revenue share.",
  years = years,
  jurisdictions = js,
  populations = populations.build { homes = homes, scale = scale },
  on_step_end = function(world)
    steps = steps + 1
    hhi = hhi + world:metric("eu", "hhi")
    world:record("eu_cert_cost", world:get("eu", "cert_cost"))
    world:record("eu_startups", world:count { kind = "startup", market = "eu" })
    world:record("eu_hhi", hhi / steps)
  end,
})
local list = {}
if lobbying > 0 then
  list[1] = policies.regulatory_capture { jurisdiction = "eu", rates = { cert_cost = lobbying },
    max_multiple = max_multiple }
end
return policies.attach(scn, list)
