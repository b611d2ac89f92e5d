-- Reads profit_12m and revenue_12m from Lua during the run: the engine keeps
-- the trailing 12 months' profit only where something reads it (Lua code
-- running during the run, or social learning); tests/e2e/test_profit_ring.sh.
return scenario {
  name = "profit_12m",
  years = 2,
  jurisdictions = {
    jurisdiction { id = "aa", market = 5000, outside = 200, binding = false, stringency = 0.3 },
  },
  populations = { population { kind = "incumbent", home = "aa", count = 4 } },
  on_step_end = function(world)
    if world:step() % 12 == 0 then
      world:record("profit_12m_dev1", world:dev(1, "profit_12m"), { unit = "M$" })
      world:record("revenue_12m_dev1", world:dev(1, "revenue_12m"), { unit = "M$" })
    end
  end,
}
