-- A function model whose runs misbehave on purpose, one way per value of
-- `mode`, for tests/e2e/test_sweep_hostile.sh: a sweep must record each as a
-- failed run (or a normal one) and keep every other run's results.
--   0  a normal run: y = 2 x + 1
--   1  stuck inside C: a backtracking pattern no Lua hook can interrupt
--   2  an endless Lua loop (Lua's time limit)
--   3  tables.t() returns a table whose __index raises
--   4  tables.t() returns a table whose __index loops forever
--   5  model() returns its outcomes in a table whose __index raises (the
--      outcomes are read raw: the run is a normal one)
local mode = param { name = "mode", default = 0, min = 0, max = 5, integer = true,
                     doc = "how the run misbehaves (see the file's header)" }
local x = param { name = "x", default = 0.5, min = 0, max = 1, doc = "input" }
return {
  name = "hostile_model",
  model = function()
    if mode == 1 then
      local s = string.rep("a", 60000)
      s:find(".-.-.-.-x")
    elseif mode == 2 then
      local n = 0
      while true do n = n + 1 end
    elseif mode == 5 then
      return setmetatable({ y = 2 * x + 1 }, { __index = function() error("hostile __index") end })
    end
    return { y = 2 * x + 1 }
  end,
  tables = {
    t = function()
      if mode == 3 then
        return setmetatable({}, { __index = function() error("hostile __index in tables.t") end })
      elseif mode == 4 then
        return setmetatable({}, { __index = function() while true do end end })
      end
      return { columns = { "x" }, rows = { { x } } }
    end,
  },
}
