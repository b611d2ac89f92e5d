-- __index returns ever deeper tables with the same metatable.
local mt = {}
mt.__index = function(t, k) return setmetatable({}, mt) end
return setmetatable({}, mt)
