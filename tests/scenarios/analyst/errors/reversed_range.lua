-- Mistake: a uniform range written high to low.
local years = param { name = "years", default = 3, min = 1, max = 20, unit = "yr", doc = "horizon" }
return scenario {
  name = "base",
  years = years,
  risk = { base_hazard = 0.3 },
  jurisdictions = {
    jurisdiction { id = "eu", market = 5000, binding = true, stringency = 0.6, cert_cost = 0.4 },
    jurisdiction { id = "us", market = 8000, binding = false },
  },
  populations = {
    population { kind = "incumbent", home = "us", count = 4, capital = { 100, 10 } },
    population { kind = "startup", total = 40, shares = { eu = 0.4, us = 0.6 } },
  },
  sharing = { share { from = "eu", to = "us", lag_months = 1, mutual = true } },
  policies = { function(world)
    if world:metric("eu", "incidents") > 0 then world:set("eu", "audit_rate", 0.3) end
  end },
}
