-- The Ishigami function (Ishigami & Homma 1990), a function model for testing
-- global sensitivity analysis: y = sin x1 + 7 sin^2 x2 + 0.1 x3^4 sin x1 with
-- x_i uniform on [-pi, pi]. Analytic Sobol' indices: docs/statistics.md §3.
local x1 = param { name = "x1", default = 0, min = -math.pi, max = math.pi, doc = "first input" }
local x2 = param { name = "x2", default = 0, min = -math.pi, max = math.pi, doc = "second input" }
local x3 = param { name = "x3", default = 0, min = -math.pi, max = math.pi, doc = "third input" }
return {
  name = "ishigami",
  description = "Ishigami test function for Sobol' and Morris sensitivity analysis.",
  model = function()
    return { y = math.sin(x1) + 7 * math.sin(x2) ^ 2 + 0.1 * x3 ^ 4 * math.sin(x1) }
  end,
}
