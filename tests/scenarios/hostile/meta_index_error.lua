-- issue 16 cause 1: the returned table's __index raises while C reads it
return setmetatable({}, {__index = function() error("x") end})
