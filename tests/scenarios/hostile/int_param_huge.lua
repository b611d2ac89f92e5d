-- issue 16 cause 2: an integer parameter beyond 2^53
local x = param{name = "x", default = 1e300, min = 0, max = 1e308, integer = true}
return { model = function() return {y = x} end }
