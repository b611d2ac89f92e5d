-- a function model whose outcome name has a comma and a newline
return { model = function() return { ["a,b"] = 1, ["c\nd"] = 2 } end }
