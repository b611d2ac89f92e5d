-- Warnings, not errors: a market growth written as a percent (25 for 25 %),
-- a review time that rounds to another number of steps, and a policy that
-- sets values outside their typical range while the run goes on
-- (tests/e2e/test_warnings.sh; docs/scripting.md, "Warnings").
local growth = param { name = "growth", default = 25, min = -0.9, max = 100, unit = "growth/yr",
  doc = "growth of market aa (typical: -0.1 to 1 per year)" }
return scenario {
  name = "warnings",
  years = 1,
  jurisdictions = {
    jurisdiction { id = "aa", market = 5000, outside = 200, binding = true,
                   stringency = 0.5,
                   growth = growth,
                   review_months = 1.5 },
    jurisdiction { id = "bb", market = 8000, outside = 300 },
  },
  populations = {
    population { kind = "incumbent", home = "bb", count = 3 },
    population { kind = "startup", home = "aa", count = 10 },
  },
  -- a new value every step from one line: warns once
  policies = function(world) world:set("aa", "label_premium", 0.5 + world:step() / 100) end,
  events = {
    { year = 0.5, run = function(world)
        world:set("bb", "audit_rate", 0.1)
        world:set("bb", "fine_share", 0.5)
      end },
  },
}
