-- A function model for testing `accord calibrate` (tests/e2e/test_calibrate.sh):
-- two outcomes of two inputs on [0, 1]^2,
--   u = x1 + x2,  v = x1 - x2  (+ optional noise of sd `noise` on each).
-- With the targets of tests/data/calibrate/square.csv (u in [0.9, 1.1], v in
-- [-0.1, 0.1]) and no noise, I_u = |x1 + x2 - 1| / 0.05 and I_v = |x1 - x2| / 0.05
-- (var_target = (half-width / 2)^2), so the plausible region for the cutoff 3
-- is the square |x1 + x2 - 1| < 0.15, |x1 - x2| < 0.15 (area 0.045), known in
-- closed form.
local x1 = param { name = "x1", default = 0.5, min = 0, max = 1, doc = "first input" }
local x2 = param { name = "x2", default = 0.5, min = 0, max = 1, doc = "second input" }
local x3 = param { name = "x3", default = 0.5, min = 0, max = 1, doc = "an input no outcome depends on" }
local noise = param { name = "noise", default = 0, min = 0, max = 1, doc = "sd of normal noise added to u and v" }
return {
  name = "calib_square",
  description = "Two linear outcomes of two inputs: a plausible region known in closed form.",
  model = function()
    local function normal()
      -- Box-Muller from the run's random stream (math.random is seeded per run)
      local a, b = math.random(), math.random()
      return math.sqrt(-2 * math.log(1 - a)) * math.cos(2 * math.pi * b)
    end
    local eu, ev = 0, 0
    if noise > 0 then eu, ev = noise * normal(), noise * normal() end
    return { u = x1 + x2 + eu + 0 * x3, v = x1 - x2 + ev }
  end,
}
