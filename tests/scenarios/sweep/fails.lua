-- A function model that fails for part of its parameter range (x > 0.7), for
-- the sweep's failure handling: those runs go to failures.csv, the rest succeed.
local x = param { name = "x", default = 0.5, min = 0, max = 1, doc = "input; fails above 0.7" }
local big = param { name = "big", default = 0, min = 0, max = 1, integer = true,
                    doc = "1: allocate past the memory limit" }
local wobble = param { name = "wobble", default = 0, min = 0, max = 1,
                       doc = "weight of a random term in y (a draw from the run's stream)" }
local spin = param { name = "spin", default = 0, min = 0, max = 1, integer = true,
                     doc = "1: loop forever (stopped by the time limit)" }
return {
  name = "fails",
  model = function()
    if big == 1 then
      local t = {}
      for i = 1, 1e9 do t[i] = string.rep("x", 1000) .. i end
    end
    if spin == 1 then
      local n = 0
      while true do n = n + 1 end
    end
    if x > 0.7 then error(string.format("x = %.3f is above 0.7", x)) end
    return { y = 2 * x + 1 + wobble * math.random(), z = x * x }
  end,
}
