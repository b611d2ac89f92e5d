-- Mistake: a developer rule's devs object kept and used after the rule returned.
local kept
return scenario {
  name = "devs_kept",
  years = 1,
  jurisdictions = { jurisdiction { id = "eu", market = 5000 } },
  populations = { population { kind = "startup", home = "eu", count = 4 } },
  developer_rule = function(world, devs)
    kept = devs
    devs:decide()
  end,
  on_step_end = function(world)
    kept:set(1, "capital", 10)
  end,
}
