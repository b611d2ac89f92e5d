-- a function model whose outcome is named like a column of summary.csv
local p = param { name = "p", default = 1, min = 0, max = 2 }
return { model = function() return { p = 2 * p, seed = 1 } end }
