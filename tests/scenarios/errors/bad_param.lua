local a = param { name = "a", default = 5, min = 0, max = 1, unit = "", doc = "default outside range" }
return scenario { jurisdictions = { jurisdiction { id = "aa" } } }
