--[[ startup_sandbox — a regulatory sandbox and compliance subsidies for startups

Question: the AI Act asks member states to give SMEs and startups priority,
free access to regulatory sandboxes (Art. 57-62), and small firms bear
disproportionate compliance costs (EC 2007: up to ten times per employee). If
the EU lets young startups serve its market before they are certified (the
sandbox), waives the certification fee for small startups and refunds part of
their ongoing compliance cost, do more startups enter the EU market, and at
what public cost?

The sandbox is the EU's `sandbox_months` (docs/model.md section 7.2): a
startup younger than that may serve the EU uncertified, legally, and then has
the EU's transition_months to be certified or is withdrawn. The switch
`sandbox` turns on all three instruments together (the exemption, the fee
waiver and the subsidy), so the claim below measures the package; set
sandbox_months=0 to see the fee waiver and subsidy alone.

What to look at:
  custom.csv      eu_startups (startups deployed in the EU), sandbox_entries_eu
                  and sandbox_cost_eu (entries the waiver made possible and
                  fees waived, per step), subsidy_eu (compliance refunds per step).
  timeseries.csv  startup_share and entries in eu.
  events.csv      entries with detail "sandbox" (exempt entries) and
                  withdrawals with detail "sandbox" (the cover's end).
  Compare sandbox=1 with sandbox=0 (same seeds).

Claim (tested over 30 paired seeds (seeds 1000-1029) in tests/unit/test_lua_world_claims.c):
  with the sandbox, more startups are deployed in the EU (mean over the run).
  Effect at the defaults (years=4, scale=0.1, seeds 1-30, paired): 18.6 -> 85.1
  startups deployed in the EU on average, paired difference +66.5 (95 % CI
  +60.7 to +72.3), 30 of 30 seeds. Almost all of it is the exemption: the fee
  waiver and subsidy alone (sandbox_months=0) move it by well under one
  startup, and most exempt entrants are foreign (US) startups, since the
  exemption has no home condition (docs/model.md section 7.2).
  Holds over: all 32 points of an LHS over the declared ranges of
  sandbox_months (0-60), fee_waiver (0-1), subsidy_share (0-1) and max_revenue
  (0-200 of its 0-1e6), 2 paired seeds each, years=4, scale=0.1: the effect is
  +85 to +97 startups wherever sandbox_months >= 2 (a longer exemption adds
  little past 12 months, because the EU's 24-month transition follows it), and
  +7.7 at sandbox_months = 0.9 (under one step: no one is exempt, the waiver
  and subsidy remain). Reproduce with tests/tools/paired_lhs.py
  scenarios/startup_sandbox.lua years=4,scale=0.1 sandbox=0 sandbox=1
  sandbox_months=0:60,fee_waiver=0:1,subsidy_share=0:1,max_revenue=0:200 32 2 16
  csum:eu_startups:+   (32 of 32 points in the claimed direction, t > 2 at 32)

Parameters (accord params scenarios/startup_sandbox.lua):
  years, scale, sandbox (1 = on), sandbox_months, fee_waiver, subsidy_share,
  max_revenue.

Figures: scripts/regimes.lua and scripts/populations.lua (data/); the
sandbox's terms are assumptions. It uses a per-step developer_rule
(policies.startup_sandbox), so it also shows what a custom rule costs.

Where the claim holds, from accord discover (tests/tools/claim_box.sh (docs/calibration.md): paired LHS sweeps, 32 points x 3 seeds, policy off and on with the same seeds, then accord discover on the per-point effect; sandbox 0 -> 1; years 4,
scale 0.1; sandbox_months 0-60, fee_waiver 0-1, subsidy_share 0-1,
max_revenue 0-200; outcome entries into all markets, effect > 0 — the claim's
eu_startups is a custom metric that sweeps do not record): entries rise at all
32 points (by 10 at sandbox_months 0.04, by 28 or more from 2.7 months on), so
PRIM restricts nothing: the box is the whole range sampled.
]]

local regimes = require "regimes"
local populations = require "populations"
local policies = require "policies"

local years = param { name = "years", default = 8, min = 1, max = 50, unit = "yr", doc = "horizon of the run" }
local scale = param { name = "scale", default = 0.25, min = 0.01, max = 10, unit = "x",
  doc = "size of the simulated world (1 = AI Index 2023 counts)" }
local sandbox = param { name = "sandbox", default = 1, min = 0, max = 1, integer = true, unit = "",
  doc = "1: the EU runs the sandbox (exemption and fee waiver) and the subsidy" }
local sandbox_months = param { name = "sandbox_months", default = 24, min = 0, max = 60, unit = "months",
  doc = "with sandbox = 1: startups younger than this may serve the EU uncertified (its sandbox_months)" }
local fee_waiver = param { name = "fee_waiver", default = 1, min = 0, max = 1, unit = "share",
  doc = "share of the certification fee waived for eligible startups" }
local subsidy_share = param { name = "subsidy_share", default = 0.5, min = 0, max = 1, unit = "share",
  doc = "share of startups' ongoing compliance cost refunded" }
local max_revenue = param { name = "max_revenue", default = 50, min = 0, max = 1e6, unit = "M$",
  doc = "eligible startups earned at most this over the last 12 months" }

local homes = { "eu", "us", "jp", "uk" }
local js = {}
for i, id in ipairs(homes) do js[i] = regimes.make(id, { scale = scale }) end
if sandbox == 1 then js[1].sandbox_months = sandbox_months end -- homes[1] is the EU

local sum, steps = 0, 0
local scn = scenario(regimes.calibrate {
  name = "startup_sandbox",
  description = "Baseline world; the EU exempts young startups from certification for a while, waives certification fees for small startups and refunds part of their compliance costs.",
  years = years,
  jurisdictions = js,
  populations = populations.build { homes = homes, scale = scale },
  on_step_end = function(world)
    steps = steps + 1
    sum = sum + world:count { kind = "startup", market = "eu" }
    world:record("eu_startups", sum / steps)
  end,
})
local list = {}
if sandbox == 1 then
  list[1] = policies.startup_sandbox { jurisdiction = "eu", fee_waiver = fee_waiver, max_revenue = max_revenue, record = true }
  list[2] = policies.startup_subsidy { jurisdiction = "eu", share = subsidy_share, compliance = true, record = true }
end
return policies.attach(scn, list)
