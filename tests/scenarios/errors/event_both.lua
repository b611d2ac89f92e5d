-- events[1] written wrongly (year = 1, step = 3): refused while loading, with the value
return scenario {
  years = 2,
  jurisdictions = { jurisdiction { id = "aa", market = 500, outside = 20 } },
  events = {
    { year = 1, step = 3, run = function(world) end },
  },
}
