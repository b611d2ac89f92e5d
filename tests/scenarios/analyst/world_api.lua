-- The "world object" examples of docs/scripting.md, verbatim, each run once at
-- its own step by one policy (and on_step_end); the run must succeed
-- (tests/e2e/test_analyst.sh). Each example sits in a do ... end block.
local at = {}   -- at[step] = function(world): the examples run at that step

at[2] = function(world)
  do
    if world:step() == world:steps() then world:log("last step") end
    local start_of_step = world:year() - 1 / world:steps_per_year()
    world:record("start_of_step", start_of_step)
  end
  do
    for _, id in ipairs(world:jurisdictions()) do world:log(id) end
  end
  do
    local eu = world:jurisdiction("eu")
    if eu.binding and eu.stringency < 0.7 then world:log("EU standard below 0.7") end
  end
  do
    local fee = world:get("eu", "cert_cost")
    world:record("fee", fee)
  end
  do
    world:set("eu", "stringency", 0.7)
    world:set("uk", "binding", true)
  end
  do
    world:set_param("risk.base_hazard", world:param("risk.base_hazard") * 1.5)
  end
end

at[3] = function(world)
  do
    world:recognize { to = "eu", from = "haven", mode = "equivalence" }
  end
  do
    world:unrecognize { to = "eu", from = "haven" }
  end
  do
    if world:recognition("jp", "uk") == nil then world:recognize { to = "jp", from = "uk" } end
  end
  do
    world:bloc { id = "g3", members = { "eu", "uk", "jp" }, standard = "mean" }
  end
  do
    world:set_bloc_standard("g3", 0.75)
  end
  do
    world:log(string.format("%s: %.2f (%s)", "g3", world:bloc_standard("g3"), table.concat(world:bloc_members("g3"), ", ")))
  end
end

at[4] = function(world)
  do
    world:share { from = "uk", to = "jp", lag_months = 1, mutual = true }
  end
  do
    world:suspend_sharing { from = "us", to = "eu", mutual = true }
  end
end

at[5] = function(world)
  do
    local link = world:sharing("us", "eu")
    if link and not link.active then world:restore_sharing { from = "us", to = "eu", mutual = true } end
  end
  do
    local alive = 0
    for i = 1, world:ndev() do
      if world:dev(i, "alive") then alive = alive + 1 end
    end
    world:record("alive", alive)
  end
  do
    if world:dev(7, "kind") == "open_source" then world:set_dev(7, "safety_share0", 0.4) end
  end
  do
    if world:market(3, "eu") == "deployed" and world:certified(3, "eu") == "equivalence" then
      world:log("developer 3 is in the EU on an equivalence certificate")
    end
  end
  do
    local eu_startups = world:count { kind = "startup", market = "eu" }
    local exposed = world:count { market = "eu", state = "deployed", vulnerable = true } -- unnoticed
    world:record("exposed", exposed + 0 * eu_startups)
  end
  do
    local capital = world:sum("capital", { kind = "startup", home = "eu" })
    local s = world:stats("safety", { market = "us" })
    if s.count > 0 then world:record("us_min_safety", s.min) end
    world:record("eu_startup_capital", capital)
  end
  do
    for _, i in ipairs(world:developers { kind = "open_source" }) do
      world:set_dev(i, "safety_share0", math.max(0.3, world:dev(i, "safety_share0")))
    end
  end
  do
    world:inject_vulnerability(1, 2.5)
  end
end

at[6] = function(world)
  do
    local m = world:metrics("eu")
    local incumbent_share = 1 - m.startup_share - m.open_source_share
    world:record("eu_incumbent_share", incumbent_share)
  end
  do
    if world:metric("all", "harm") > 100 then world:set("eu", "audit_rate", 0.2) end
  end
  do
    world:record("harm_so_far", world:summary().harm)
    world:record("eu_fines_so_far", world:summary().fines_eu)
  end
  do
    -- startups' applications to the EU in the previous step: refund half of what they paid
    for _, e in ipairs(world:events("application", { kind = "startup", jurisdiction = "eu" })) do
      world:set_dev(e.developer, "capital", world:dev(e.developer, "capital") + 0.5 * e.value)
    end
  end
  do
    world:record("eu_cert_cost", world:get("eu", "cert_cost"))
  end
  do
    world:record("eu_fines_total", world:summary().fines_eu,
                 { unit = "M$", doc = "fines the EU imposed so far" })
  end
  do
    world:log(string.format("EU stringency now %.2f", world:get("eu", "stringency")))
  end
end

return scenario {
  name = "world_api",
  years = 1,
  risk = { base_hazard = 0.5 },
  jurisdictions = {
    jurisdiction { id = "eu", market = 6000, binding = true, stringency = 0.5, cert_cost = 0.3 },
    jurisdiction { id = "us", market = 9000 },
    jurisdiction { id = "jp", market = 3000 },
    jurisdiction { id = "uk", market = 3000 },
    jurisdiction { id = "haven", market = 500, stringency = 0.1 },
  },
  populations = {
    population { kind = "incumbent", home = "us", count = 3 },
    population { kind = "open_source", home = "eu", count = 4 },
    population { kind = "startup", total = 40, shares = { eu = 0.4, us = 0.3, uk = 0.3 } },
  },
  sharing = { share { from = "us", to = "eu", lag_months = 1, mutual = true } },
  policies = { function(world)
    if at[world:step()] then at[world:step()](world) end
  end },
  on_step_end = function(world)
    if world:step() == 6 then
      -- this step's inherited vulnerabilities
      local n = 0
      for _, e in ipairs(world:events("vulnerability", { step = world:step() })) do
        if e.detail == "inherited" then n = n + 1 end
      end
      world:record("inherited", n)
    end
  end,
}
