return scenario {
  years = 2,
  jurisdictions = {
    jurisdiction { id = "aa",
      market = 0/0,
    },
  },
}
