-- events[1] written wrongly (step = 2.5): refused while loading, with the value
return scenario {
  years = 2,
  jurisdictions = { jurisdiction { id = "aa", market = 500, outside = 20 } },
  events = {
    { step = 2.5, run = function(world) end },
  },
}
