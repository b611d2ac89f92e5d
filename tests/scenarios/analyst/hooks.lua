-- The "Hooks" examples of docs/scripting.md, verbatim, as the fields of one
-- scenario that must load and run (tests/e2e/test_analyst.sh).
return scenario {
  name = "hooks",
  years = 3,
  risk = { base_hazard = 0.5 },
  jurisdictions = {
    jurisdiction { id = "eu", market = 6000, binding = true, stringency = 0.5, cert_cost = 0.3 },
    jurisdiction { id = "jp", market = 3000 },
    jurisdiction { id = "uk", market = 3000 },
  },
  populations = {
    population { kind = "incumbent", home = "uk", count = 3 },
    population { kind = "startup", total = 40, shares = { eu = 0.5, jp = 0.25, uk = 0.25 } },
  },
  policies = { function(world)
    -- more than 5 incidents detected by the EU in the previous step
    if world:metric("eu", "incidents") > 5 then world:set("eu", "audit_rate", 0.3) end
  end },
  events = { { year = 2, run = function(world)
    world:recognize { to = "jp", from = "uk", mutual = true }
  end } },
  on_incident = function(world, inc)
    if inc.severity > 3 then world:log("severe incident at developer " .. inc.developer) end
  end,
  on_step_end = function(world)
    world:record("eu_startups", world:count { kind = "startup", market = "eu" })
  end,
}
