return scenario {
  years = 1,
  jurisdictions = { jurisdiction { id = "aa", market = 1000 } },
  populations = { population { kind = "startup", home = "aa", count = 5 } },
  policies = {
    function(world)
      if world:step() == 3 then world:set("aa", "stringency", 1.5) end
    end,
  },
}
