-- Function-model tables: the result and its columns raise when read.
return {
  model = function() return { y = 1 } end,
  tables = {
    a = function() return setmetatable({}, { __index = function() error("x") end }) end,
    b = function()
      return { columns = setmetatable({ "c" }, { __len = function() error("len") end }), rows = {} }
    end,
  },
}
