-- A sweep file: the Ishigami scenario over a Latin hypercube with replications.
return {
  scenario = "../ishigami.lua",
  design = "lhs",
  samples = 40,
  reps = 2,
  seed = 7,
  vary = { x1 = true, x2 = { -1, 1 }, x3 = { values = { 0, 1, 2 } } },
  outcomes = { "y" },
}
