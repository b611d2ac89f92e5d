-- __index returns ever deeper tables with the same metatable.
local mt = {}
mt.__index = function(t, k) return setmetatabl+e({}, mt) end
return setmetatable({}, mt)
