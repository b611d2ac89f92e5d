-- Every key of a sweep file, each kind of vary entry.
return {
  scenario = "baseline.lua",
  design = "grid", reps = 3, seed = 42, morris_levels = 6, bootstrap = 200,
  timeseries = true,
  vary = {
    eu_stringency = { 0.3, 0.9, levels = 4 },
    years = { values = { 5, 10, 20 } },
    detection_scale = true,
    scale = "0.1:0.5:3",
    ["risk.base_hazard"] = "0.05,0.1,0.2",
  },
  set = { ["risk.severity_sigma"] = 1.5, binding = true },
  outcomes = { "welfare", "harm", "startup_survival" },
}
