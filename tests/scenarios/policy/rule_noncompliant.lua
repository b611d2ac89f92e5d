-- A custom rule that serves a binding market uncertified (apply(i, id,
-- "noncompliant"), MODEL.md v2's non-compliant option) for the developers
-- that are not law-abiding, and records what the model said to the others.
-- Used by tests/e2e/test_rule_noncompliant.sh.
local served, refused = 0, 0
return scenario {
  name = "rule_noncompliant", years = 1,
  jurisdictions = {
    jurisdiction { id = "aa", market = 5000, outside = 20, binding = true, stringency = 0.95,
                   regulated_share = 0.5, entry_cost = 1, enforcement = 0 },
    jurisdiction { id = "bb", market = 900, outside = 25, binding = false },
  },
  populations = {
    population { kind = "startup", home = "bb", count = 20, law_abiding = 0.5, capital = fixed(100), safety = fixed(0.3) },
  },
  developer_rule = function(world, devs)
    for k = 1, devs.n do
      local i = devs.id[k]
      if world:step() == 1 then
        local ok, why = devs:apply(i, "aa", "noncompliant")
        if ok then served = served + 1
        elseif why and why:find("law%-abiding") then refused = refused + 1 end
      end
      devs:decide(i)
    end
  end,
  on_step_end = function(world)
    world:record("served", served)
    world:record("refused_law_abiding", refused)
  end,
}
