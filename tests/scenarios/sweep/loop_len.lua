-- A sweep file whose outcome list has a __len that never returns.
return { scenario = "hostile_model.lua",
         outcomes = setmetatable({}, { __len = function() while true do end end }) }
