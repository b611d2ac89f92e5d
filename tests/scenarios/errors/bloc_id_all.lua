-- a bloc named 'all': the outputs use it for all markets (events.csv gives
-- bloc ids where jurisdictions are named), so it is refused as for jurisdictions
return scenario {
  years = 1,
  jurisdictions = {
    jurisdiction { id = "aa", market = 500, outside = 20 },
    jurisdiction { id = "bb", market = 800, outside = 20 },
  },
  blocs = {
    bloc {
      members = { "aa", "bb" },
      id = "all",
    },
  },
}
