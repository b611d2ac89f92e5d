-- a policy raising a 10,000-byte message: the hook, step and year must
-- still follow it (they were cut off with the end of the message)
return scenario {
  years = 1,
  jurisdictions = { jurisdiction { id = "aa", market = 500, outside = 20 } },
  policies = function(world)
    error(string.rep("y", 10000))
  end,
}
