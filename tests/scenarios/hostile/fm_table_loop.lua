-- issue 16 cause 1: a table whose columns __len never returns
return { model = function() return {x = 1} end,
  tables = { a = function()
    return { columns = setmetatable({}, {__len = function() while true do end end}), rows = {} }
  end } }
