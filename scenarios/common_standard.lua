--[[ common_standard — one certification for a bloc of binding markets

Question: suppose the UK and Japan adopt binding, EU-style regimes of their
own. Developers must then certify three times to serve the three markets.
What does that fragmentation cost, and who pays? Does a common standard — a
bloc with one certification valid in all three — lower the cost of entry and
let more (and smaller) developers in?

What to look at:
  custom.csv      bloc_cert_per_entrant (certification spending per entry into
                  the three markets, running), bloc_cert_spend, bloc_entries,
                  bloc_startup_deployments (startups deployed, summed over the
                  three markets).
  timeseries.csv  certification_spend and entries in eu, uk, jp.
  Compare common=1 with common=0.

Claim (tested over 30 paired seeds in tests/unit/test_lua_world_claims.c):
  the common standard lowers certification spending per entrant in the three
  markets.

Parameters (accord params scenarios/common_standard.lua):
  years, scale, common (1 = bloc, 0 = three separate certifications),
  cert_cost (each regime's fee), standard (the bloc's rule: 0 = max of the
  members' stringency, else a number).

Figures: the EU regime from data/ (scripts/regimes.lua); the binding UK and
Japanese regimes are hypothetical: their presets with binding = true and the
EU's certification and compliance costs and review time.
]]

local regimes = require "regimes"
local populations = require "populations"

local years = param { name = "years", default = 8, min = 1, max = 50, unit = "yr", doc = "horizon of the run" }
local scale = param { name = "scale", default = 0.25, min = 0.01, max = 10, unit = "x",
  doc = "size of the simulated world (1 = AI Index 2023 counts)" }
local common = param { name = "common", default = 1, min = 0, max = 1, integer = true, unit = "",
  doc = "1: eu, uk, jp form a bloc with one certification; 0: fragmented" }
local cert_cost = param { name = "cert_cost", default = regimes.presets.eu.cert_cost, min = 0, max = 50,
  unit = "M$", doc = "certification fee of each binding regime (and of the bloc)" }
local setup_cost = param { name = "setup_cost", default = regimes.presets.eu.setup_cost, min = 0, max = 50,
  unit = "M$", doc = "one-off set-up of each binding regime's requirement set (the bloc's: the members' largest, so this)" }
local partner_setup = param { name = "partner_setup", default = 1, min = 0, max = 1, unit = "share",
  doc = "the UK's and Japan's set-up as a share of setup_cost (1: the EU's requirements; 0: no set-up, as before v2 split the EU's cert_cost)" }
local standard = param { name = "standard", default = 0, min = 0, max = 1, unit = "score",
  doc = "bloc standard: 0 = the members' maximum stringency, else this number" }

local eu = regimes.presets.eu
local function binding(id)
  return regimes.make(id, { scale = scale, binding = true, cert_cost = cert_cost,
    setup_cost = id == "eu" and setup_cost or partner_setup * setup_cost,
    compliance_cost = eu.compliance_cost, compliance_share = eu.compliance_share, review_months = eu.review_months,
    audit_rate = eu.audit_rate, fine_share = eu.fine_share, fine_min = eu.fine_min,
    suspension_months = eu.suspension_months })
end

local homes = { "eu", "us", "jp", "uk" }
local members = { "eu", "uk", "jp" } -- an array: sums never depend on pairs() order
local cert, setup, compliance, entries, cert_years = 0, 0, 0, 0, 0
local ever, n_ever = {}, 0 -- developers certified in a member at some step

return scenario(regimes.calibrate {
  name = "common_standard",
  description = "EU, UK and Japan all binding; fragmented (three certifications) or one bloc certification.",
  years = years,
  jurisdictions = { binding("eu"), regimes.make("us", { scale = scale }), binding("jp"), binding("uk") },
  populations = populations.build { homes = homes, scale = scale },
  blocs = common == 1 and { bloc { id = "common", members = { "eu", "uk", "jp" },
    standard = standard > 0 and standard or "max", cert_cost = cert_cost } } or nil,
  on_step_end = function(world)
    for _, id in ipairs(members) do
      local m = world:metrics(id)
      cert, entries = cert + m.certification_spend, entries + m.entries
      setup, compliance = setup + m.setup_spend, compliance + m.compliance_spend
    end
    world:record("bloc_cert_spend", cert)
    world:record("bloc_entries", entries)
    world:record("bloc_cert_per_entrant", entries > 0 and cert / entries or 0)
    -- developers certified in at least one member, this step
    local seen, n = {}, 0
    for _, id in ipairs(members) do
      for _, i in ipairs(world:developers { market = id, state = "any", certified = true }) do
        if not seen[i] then seen[i], n = true, n + 1 end
        if not ever[i] then ever[i], n_ever = true, n_ever + 1 end
      end
    end
    cert_years = cert_years + n / world:steps_per_year()
    world:record("bloc_certified", n)
    world:record("bloc_setup_spend", setup)
    world:record("bloc_compliance_spend", compliance)
    world:record("bloc_cost_per_certified", cert_years > 0 and (cert + compliance) / cert_years or 0)
    world:record("bloc_ever_certified", n_ever)
    world:record("bloc_cert_per_certified", n_ever > 0 and cert / n_ever or 0)
    local st = 0
    for _, id in ipairs(members) do st = st + world:count { kind = "startup", market = id } end
    world:record("bloc_startup_deployments", st)
  end,
})
