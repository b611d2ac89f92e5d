-- Objects lent to hooks expire with their run: the second run of the same
-- loaded scenario calls a method on the first run's world object.
local old
return scenario {
  name = "expired",
  years = 0.25,
  jurisdictions = { jurisdiction { id = "aa", market = 100 } },
  populations = { population { kind = "startup", home = "aa", count = 2 } },
  policies = { function(world)
    if old and old ~= world then old:step() end -- the first run's world
    old = world
  end },
}
