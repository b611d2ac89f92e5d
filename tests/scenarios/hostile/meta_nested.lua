-- issue 16 cause 1: a jurisdiction table whose __index raises
local j = setmetatable({}, {__index = function(t, k) error("no field " .. k) end})
return scenario{ jurisdictions = { j } }
