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
local standard = param { name = "standard", default = 0, min = 0, max = 1, unit = "score",
  doc = "bloc standard: 0 = the members' maximum stringency, else this number" }

local eu = regimes.presets.eu
local function binding(id)
  return regimes.make(id, { scale = scale, binding = true, cert_cost = cert_cost,
    compliance_cost = eu.compliance_cost, review_months = eu.review_months,
    audit_rate = eu.audit_rate, fine_share = eu.fine_share, fine_min = eu.fine_min,
    suspension_months = eu.suspension_months })
end

local homes = { "eu", "us", "jp", "uk" }
local members = { "eu", "uk", "jp" } -- an array: sums never depend on pairs() order
local cert, entries = 0, 0

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
    end
    world:record("bloc_cert_spend", cert)
    world:record("bloc_entries", entries)
    world:record("bloc_cert_per_entrant", entries > 0 and cert / entries or 0)
    local st = 0
    for _, id in ipairs(members) do st = st + world:count { kind = "startup", market = id } end
    world:record("bloc_startup_deployments", st)
  end,
})
