-- issue 16 cause 7: a policy stuck inside C (a pathological pattern) at step 3
return scenario{ jurisdictions = { jurisdiction{ id = "eu" } },
  policies = { function(world)
    if world:step() == 3 then string.rep("a", 60000):find(".-.-.-.-x") end
  end } }
