-- issue 16 cause 6: an event at year math.huge
return scenario{ jurisdictions = { jurisdiction{ id = "eu" } },
  events = { { year = math.huge, run = function(world) end } } }
