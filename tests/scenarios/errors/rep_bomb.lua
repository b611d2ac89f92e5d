local s = string.rep("x", 1 << 30) -- 1 GiB, far above the memory cap
return scenario { jurisdictions = { jurisdiction { id = "aa" } } }
