-- The "Developer rules" examples of docs/scripting.md, verbatim: form = 0 runs
-- the per-step rule over arrays, form = 1 the per-developer rule, form = 2 the
-- rule that applies and exits by hand (tests/e2e/test_analyst.sh runs all three).
local form = param { name = "form", default = 0, min = 0, max = 2, integer = true, doc = "which rule" }

local per_step = {
  developer_rule = function(world, devs)
    local id, kind, capital = devs.id, devs.kind, devs.capital
    for k = 1, devs.n do
      if kind[k] == "startup" and capital[k] < 5 then
        devs:set(id[k], "invest_rate", 0.1)      -- small startups cut R&D
      end
    end
    devs:decide()                                -- then everyone decides as usual
  end
}

local per_developer = {
  developer_rule = accord.per_developer(function(world, d)
    if d.kind == "startup" and d.capital < 5 then d.invest_rate = 0.1 end
    d:decide()
  end)
}

local by_hand = {
  developer_rule = function(world, devs)
    local id, kind, capital = devs.id, devs.kind, devs.capital
    local in_eu = devs:states("eu")
    for k = 1, devs.n do
      -- rich startups absent from the EU apply there when it would pay
      if kind[k] == "startup" and in_eu[k] == "absent" and capital[k] > 20
         and devs:entry_value(id[k], "eu") > 1 then
        local ok, why = devs:apply(id[k], "eu")
        if not ok then world:log("developer " .. id[k] .. ": " .. why) end
      end
    end
    devs:decide()                                -- the rest decide as usual
  end
}

local rules = { [0] = per_step, [1] = per_developer, [2] = by_hand }
return scenario {
  name = "rules",
  years = 2,
  jurisdictions = {
    jurisdiction { id = "eu", market = 6000, binding = true, stringency = 0.4, cert_cost = 0.3 },
    jurisdiction { id = "us", market = 9000 },
  },
  populations = {
    population { kind = "incumbent", home = "us", count = 3 },
    population { kind = "startup", total = 60, shares = { eu = 0.3, us = 0.7 }, capital = loguniform(1, 100) },
  },
  developer_rule = rules[form].developer_rule,
}
