local s = string.rep("x", 1 << 40)
return scenario { jurisdictions = { jurisdiction { id = "aa" } } }
