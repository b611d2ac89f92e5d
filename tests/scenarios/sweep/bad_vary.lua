-- A sweep file whose vary entry raises when it is read.
return { scenario = "hostile_model.lua",
         vary = { x = setmetatable({}, { __index = function() error("vary entry") end }) } }
