-- Keeps the world object of the first run and calls it in the second.
local kept
return scenario {
  years = 0.5,
  jurisdictions = { jurisdiction { id = "aa" }, jurisdiction { id = "bb" } },
  populations = { population { kind = "startup", total = 10, shares = { aa = 0.5, bb = 0.5 } } },
  policies = { function(world)
    if kept and kept ~= world then
      kept:set("aa", "stringency", 0.9)
      kept:count { kind = "startup" }
    end
    kept = world
  end },
  on_step_end = function(world) world:record("n", world:count { kind = "startup" }) end,
}
