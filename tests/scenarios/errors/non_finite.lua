-- A state that becomes non-finite (an absurd but valid R&D gain): the run
-- fails at step 1 naming the developer as events.csv and world:dev number
-- it, from 1 (test_errors.sh).
return scenario {
  name = "non_finite", years = 1,
  rd = { capability_gain = 1e308 },
  jurisdictions = { jurisdiction { id = "aa", market = 1000 } },
  populations = { population { kind = "incumbent", home = "aa", count = 3, invest_rate = 0.5 } },
}
