-- a horizon shorter than half a step: 0 steps (it ran and wrote empty outputs)
return scenario {
  name = "zero_steps",
  years = 0.01,
  jurisdictions = { jurisdiction { id = "aa", market = 500, outside = 20 } },
}
