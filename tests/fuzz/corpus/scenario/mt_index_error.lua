-- The returned table raises from __index when the loader reads any key.
return setmetatable({}, { __index = function() error("x") end })
