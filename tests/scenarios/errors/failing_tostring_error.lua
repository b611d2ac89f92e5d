-- an error object whose __tostring itself raises: the message names both
-- errors at their lines (the handler's own failure replaced the object's)
return scenario {
  years = 1,
  jurisdictions = { jurisdiction { id = "aa", market = 500, outside = 20 } },
  policies = function(world)
    local mt = { __tostring = function() error("no text for you") end }
    error(setmetatable({}, mt))
  end,
}
