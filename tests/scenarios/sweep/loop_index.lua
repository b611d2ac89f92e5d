-- A sweep file whose returned table loops forever on any missing key: its
-- reading must meet Lua's time limit, not hang the sweep.
return setmetatable({ scenario = "hostile_model.lua" },
                    { __index = function() while true do end end })
