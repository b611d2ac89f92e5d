-- a policy raising an error object whose __tostring gives 10 MB: the message
-- still starts with file:line (it had none) and keeps the hook, step and year
return scenario {
  years = 1,
  jurisdictions = { jurisdiction { id = "aa", market = 500, outside = 20 } },
  policies = function(world)
    error(setmetatable({}, { __tostring = function() return string.rep("x", 1e7) end }))
  end,
}
