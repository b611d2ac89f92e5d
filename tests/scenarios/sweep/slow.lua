-- A function model that busy-waits a few milliseconds per run (a Lua loop), so
-- that a sweep of it can be killed half-way in the resume test.
local x = param { name = "x", default = 0.5, min = 0, max = 1, doc = "input" }
local work = param { name = "work", default = 200000, min = 0, max = 1e8, integer = true,
                     doc = "loop iterations per run" }
return {
  name = "slow",
  model = function()
    local s = 0
    for i = 1, work do s = s + i % 7 end
    return { y = x * 3 + math.random(), s = s }
  end,
}
