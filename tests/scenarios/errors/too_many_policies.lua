-- 65 policies: one more than the limit (the message named policies[65] as not a function)
local list = {}
for i = 1, 65 do list[i] = function(world) end end
return scenario {
  years = 1,
  jurisdictions = { jurisdiction { id = "aa", market = 500, outside = 20 } },
  policies = list,
}
