-- Says `scenario =` (so detection evaluates it) and returns a table whose
-- __index raises when the detector reads 'scenario'.
local scenario = "x.lua"
return setmetatable({}, { __index = function() error("x") end })
