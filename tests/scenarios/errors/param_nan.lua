local p = param { name = "p", default = 0/0, min = 0, max = 1 }
return scenario { years = 1, jurisdictions = { jurisdiction { id = "aa", market = 500, outside = 20 } } }
