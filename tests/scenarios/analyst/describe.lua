-- The "Describing the world" and "param" examples of docs/scripting.md, verbatim,
-- in one scenario that must load and run (tests/e2e/test_analyst.sh).
local eu_stringency = param { name = "eu_stringency", default = 0.6, min = 0, max = 1,
  unit = "score", doc = "EU minimum safety score" }
local rounds = param { name = "rounds", default = 3, min = 1, max = 10, integer = true, doc = "tightenings" }

return scenario {
  name = "strict_eu",                         -- default: the file's name
  description = "The EU at 0.8",              -- one line, shown by accord check
  years = 2, steps_per_year = 12,
  risk = { base_hazard = 0.15, patch_months = 3 },
  market = { elasticity = 4 },
  upstream_prob = 0.6,
  jurisdictions = {
    jurisdiction { id = "eu", name = "European Union", market = 60000, growth = 0.25,
      binding = true, stringency = eu_stringency, cert_cost = 0.0316, setup_cost = 0.2824, compliance_cost = 0.077,
      review_months = 4, audit_rate = 0.1, fine_share = 0.03, fine_min = 16.2, detection = 0.5 },
    jurisdiction { id = "us", market = 100000 },
    jurisdiction { id = "uk", market = 8000, stringency = 0.55 },
    jurisdiction { id = "jp", market = 9000, stringency = 0.5 },
  },
  populations = {
    population { kind = "incumbent", total = 20, shares = { us = 0.7, eu = 0.3 }, horizon = fixed(8) },
    population { kind = "startup", home = "eu", count = 60, capital = loguniform(2, 100), safety = {0.2, 0.6} },
    population { kind = "startup", home = "uk", count = 10,
      capital = loguniform(5, 500), safety = uniform(0.3, 0.7), horizon = fixed(5) },
  },
  recognition = { recognize { to = "jp", from = "uk", mode = "assessment", mutual = true } },
  blocs = { bloc { id = "common", members = { "eu", "uk", "jp" }, standard = "max" } },
  sharing = { share { from = "uk", to = "jp", lag_months = 1, mutual = true } },
  policies = { function(world)
    if world:step() == 1 and rounds > 5 then world:log("many rounds") end
  end },
}
