-- A sweep file whose returned table raises on any missing key (accord sweep
-- must report it, not abort with a Lua error outside a protected call).
return setmetatable({ scenario = "hostile_model.lua" },
                    { __index = function(_, k) error("no key " .. tostring(k)) end })
