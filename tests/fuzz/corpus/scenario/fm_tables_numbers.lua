-- Function-model tables with number column names and mixed cells.
return {
  model = function() return { y = 2, ok = true } end,
  tables = {
    t = function()
      local rows = {}
      for i = 1, 50 do rows[i] = { i, "r" .. i, i % 2 == 0 } end
      return { columns = { 1, 2.5, "third" }, rows = rows }
    end,
  },
}
