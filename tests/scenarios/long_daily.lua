-- A long run in daily steps (73,000 steps: more than 2^16) for the core's
-- 16-bit timers (applications, decisions, cooldowns, suspensions, open-segment
-- re-entry): tests/e2e/test_long_timers.sh compares its outputs with the ones
-- the engine wrote when those timers were 32-bit integers.
local years = param { name = "years", default = 200, min = 1, max = 200, unit = "yr", doc = "horizon" }
return scenario {
  name = "long_daily",
  description = "Three small markets in daily steps over two centuries.",
  years = years,
  steps_per_year = 365,
  risk = { base_hazard = 0.2 },
  jurisdictions = {
    jurisdiction { id = "aa", name = "Strictland", market = 3000, growth = 0, startup_rate = 1, outside = 200, binding = true,
                   stringency = 0.6, cert_cost = 0.3, review_months = 4, audit_rate = 0.5,
                   suspension_months = 5, fine_share = 0.03, fine_min = 2, regulated_share = 0.5 },
    jurisdiction { id = "bb", name = "Laxland", market = 5000, growth = 0, startup_rate = 1, outside = 300, binding = false,
                   stringency = 0.4, label_premium = 0.05, review_months = 2 },
    jurisdiction { id = "cc", name = "Midland", market = 2000, growth = 0, startup_rate = 1, outside = 100, binding = true,
                   stringency = 0.5, cert_cost = 0.2, review_months = 1, audit_rate = 0.3 },
  },
  populations = {
    population { kind = "incumbent", home = "bb", count = 3 },
    population { kind = "startup", total = 12, shares = { aa = 0.4, bb = 0.4, cc = 0.2 } },
    population { kind = "open_source", home = "aa", count = 2 },
  },
  sharing = { share { from = "aa", to = "bb", lag_months = 1, mutual = true } },
}
