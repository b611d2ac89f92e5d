-- events[1] written wrongly (step = 0/0): refused while loading, with the value
return scenario {
  years = 2,
  jurisdictions = { jurisdiction { id = "aa", market = 500, outside = 20 } },
  events = {
    { step = 0/0, run = function(world) end },
  },
}
