-- issue 16 cause 2: --set x=1e19 on an integer parameter
local x = param{name = "x", default = 1, min = 0, max = 1e6, integer = true}
return { model = function() return {y = x} end }
