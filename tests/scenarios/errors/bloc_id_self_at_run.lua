-- a policy adding a bloc named 'self' (events.csv's name for a developer's
-- own detection) during the run: refused at the call, naming the step
return scenario {
  years = 1,
  jurisdictions = {
    jurisdiction { id = "aa", market = 500, outside = 20 },
    jurisdiction { id = "bb", market = 800, outside = 20 },
  },
  policies = function(world)
    if world:step() == 2 then
      world:bloc { id = "self", members = { "aa", "bb" } }
    end
  end,
}
