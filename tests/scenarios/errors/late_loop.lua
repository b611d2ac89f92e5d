-- A policy that returns at once for 19 steps, then never returns: the time
-- limit counts from the start of that call, not from an earlier one.
return scenario { years = 3, jurisdictions = { jurisdiction { id = "aa" } },
  policies = { function(world)
    if world:step() < 20 then return end
    while true do end
  end } }
