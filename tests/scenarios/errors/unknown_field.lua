return scenario {
  years = 2,
  jurisdictions = {
    jurisdiction { id = "aa",
      market = 1000,
      stringncy = 0.5,
    },
  },
}
