return scenario {
  years = 2,
  jurisdictions = { jurisdiction { id = "aa" } 
