-- A small two-market world for end-to-end tests: runs in well under a second.
local years = param { name = "years", default = 2, min = 0.5, max = 20, unit = "yr", doc = "horizon" }
local strict = param { name = "strict", default = 0.6, min = 0, max = 1, unit = "score", doc = "stringency of the binding market" }
return scenario {
  name = "tiny",
  description = "Two markets, a binding one and a voluntary one.",
  years = years,
  risk = { base_hazard = 0.3 },
  jurisdictions = {
    jurisdiction { id = "aa", name = "Strictland", market = 5000, outside = 200, binding = true,
                   stringency = strict, cert_cost = 0.4, review_months = 2, audit_rate = 0.2,
                   fine_share = 0.03, fine_min = 10 },
    jurisdiction { id = "bb", name = "Laxland", market = 8000, outside = 300, binding = false,
                   stringency = 0.3, label_premium = 0.02, startup_rate = 6 },
  },
  populations = {
    population { kind = "incumbent", home = "bb", count = 4 },
    population { kind = "startup", total = 60, shares = { aa = 0.4, bb = 0.6 } },
    population { kind = "open_source", home = "aa", count = 2 },
  },
  sharing = { share { from = "aa", to = "bb", lag_months = 1, mutual = true } },
}
