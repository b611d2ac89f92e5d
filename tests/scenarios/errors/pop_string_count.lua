-- a population written wrongly: refused while loading, with the value
return scenario {
  years = 1,
  jurisdictions = { jurisdiction { id = "aa", market = 500, outside = 20 } },
  populations = {
    population { kind = "startup", home = "aa", count = "5" },
  },
}
