-- issue 16 cause 1: a table function returning a number
return { model = function() return {x = 1} end, tables = { a = function() return 5 end } }
