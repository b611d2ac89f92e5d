-- Mistake: suspend_sharing of a link the scenario never declares (no sharing = {...}).
local policies = require "policies"
local years = param { name = "years", default = 3, min = 1, max = 20, unit = "yr", doc = "horizon" }
local scn = scenario {
  name = "base",
  years = years,
  risk = { base_hazard = 0.3 },
  jurisdictions = {
    jurisdiction { id = "eu", market = 5000, binding = true, stringency = 0.6, cert_cost = 0.4 },
    jurisdiction { id = "us", market = 8000, binding = false },
  },
  populations = {
    population { kind = "incumbent", home = "us", count = 4 },
    population { kind = "startup", total = 40, shares = { eu = 0.4, us = 0.6 } },
  },
}
return policies.attach(scn, {
  policies.suspend_sharing { from = "us", to = "eu", year = 2 },
})
