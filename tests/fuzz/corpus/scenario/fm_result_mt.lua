-- A function model whose result raises from __index and __len.
return {
  name = "fm",
  model = function()
    return setmetatable({ y = 1 }, {
      __index = function() error("x") end,
      __len = function() error("len") end,
    })
  end,
}
