-- an error object whose __tostring never returns: the time limit stops it
-- and the message names the loop's line, the hook, step and year
return scenario {
  years = 1,
  jurisdictions = { jurisdiction { id = "aa", market = 500, outside = 20 } },
  policies = function(world)
    local mt = { __tostring = function() while true do end end }
    error(setmetatable({}, mt))
  end,
}
