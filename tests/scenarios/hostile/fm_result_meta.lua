-- issue 16 cause 1: model() returns a proxy whose __index raises
return { model = function()
  return setmetatable({}, {__index = function() error("proxy says no") end,
                           __pairs = function() error("no pairs") end})
end }
