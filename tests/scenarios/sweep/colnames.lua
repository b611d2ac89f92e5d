-- A function model whose parameter and outcomes are named like the columns of
-- a sweep's output files (runs.csv: run, point, rep, seed, status; points.csv:
-- outcome, n, mean, sd, ci_lo, ci_hi), for tests/e2e/test_sweep_hostile.sh:
-- every output must still be written, with unambiguous column names.
local mean = param { name = "mean", default = 0.5, min = 0, max = 1, doc = "a parameter named mean" }
local sd = param { name = "sd", default = 0, min = 0, max = 1, doc = "a parameter named sd" }
local x = param { name = "x", default = 0, min = 0, max = 1, doc = "a parameter named like no column" }
return {
  name = "colnames",
  model = function()
    return { mean = 10 * mean + x, n = 3, status = 1, outcome = mean + sd, sd = 7, ci_lo = -1 }
  end,
}
