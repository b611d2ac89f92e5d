-- issue 16 cause 7: a policy's error with no position
return scenario{ jurisdictions = { jurisdiction{ id = "eu" } },
  policies = { function(world) error(string.rep("z", 300), 0) end } }
