-- issue 16 cause 6: an event at year 1e300
return scenario{ jurisdictions = { jurisdiction{ id = "eu" } },
  events = { { year = 1e300, run = function(world) end } } }
