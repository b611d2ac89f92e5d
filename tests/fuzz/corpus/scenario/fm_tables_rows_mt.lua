-- Rows whose length is a lie and whose cells come from __index.
return {
  model = function() return { y = 1 } end,
  tables = {
    t = function()
      local row = setmetatable({}, { __index = function(_, i) return i end, __len = function() return 2 end })
      return { columns = { "a", "b" }, rows = setmetatable({}, {
        __len = function() return 3 end,
        __index = function() return row end,
      }) }
    end,
  },
}
