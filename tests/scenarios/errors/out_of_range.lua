return scenario {
  years = 2,
  jurisdictions = {
    jurisdiction { id = "aa",
      market = 1000,
      stringency = 1.4,
    },
  },
}
