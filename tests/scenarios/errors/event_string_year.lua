-- events[1] written wrongly (year = "1"): refused while loading, with the value
return scenario {
  years = 2,
  jurisdictions = { jurisdiction { id = "aa", market = 500, outside = 20 } },
  events = {
    { year = "1", run = function(world) end },
  },
}
