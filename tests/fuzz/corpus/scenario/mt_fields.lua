-- Field tables whose missing keys raise (risk), loop (market) or grow.
local bad = setmetatable({}, { __index = function(_, k) error("no " .. tostring(k)) end })
local j = jurisdiction { id = "aa" }
setmetatable(j, { __index = function() return setmetatable({}, { __index = j }) end })
return scenario { years = 1, risk = bad, jurisdictions = { j } }
