-- A small world that records its own metrics (world:record with a unit and a
-- doc), for the sweep and compare tests of custom metrics as outcomes: harm in
-- both markets (the sum of two per-jurisdiction summary outcomes), a count, and
-- one recorded only when the binding market is strict (NA in the other runs).
local strict = param { name = "strict", default = 0.6, min = 0, max = 1, unit = "score",
                       doc = "stringency of the binding market" }
return scenario {
  name = "metrics",
  years = 1,
  risk = { base_hazard = 0.3 },
  jurisdictions = {
    jurisdiction { id = "eu", market = 5000, outside = 200, binding = true, stringency = strict,
                   cert_cost = 0.4, review_months = 2 },
    jurisdiction { id = "cn", market = 3000, outside = 100, binding = false, stringency = 0.3 },
  },
  populations = {
    population { kind = "incumbent", home = "cn", count = 3 },
    population { kind = "startup", total = 40, shares = { eu = 0.5, cn = 0.5 } },
  },
  on_step_end = function(world)
    local s = world:summary()
    world:record("harm_eu_cn", s.harm_eu + s.harm_cn, { unit = "M$", doc = "harm in the EU and China" })
    world:record("eu_present", world:count { market = "eu", state = "present" }, { unit = "developers" })
    if strict > 0.5 then world:record("strict_bonus", 10 * strict) end
  end,
}
