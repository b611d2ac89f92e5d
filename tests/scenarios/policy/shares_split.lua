-- A population split by shares whose sum depends on the order it is added in
-- (0.2 + 0.7 + 0.1 is 0.9999999999999999, 0.7 + 0.2 + 0.1 is 1): the split
-- must be the same in every load whatever the table's order. By hand, largest
-- remainder in jurisdiction order: 8 x (0.2, 0.7, 0.1) = 1.6, 5.6, 0.8; floors
-- 1, 5, 0; the two left go to uk (0.8) and then eu (0.6, tied with us: the
-- first in jurisdiction order): eu 2, us 5, uk 1. test_lua_world.c.
return scenario {
  name = "shares_split",
  years = 1,
  jurisdictions = {
    jurisdiction { id = "eu", market = 5000, outside = 200 },
    jurisdiction { id = "us", market = 8000, outside = 300 },
    jurisdiction { id = "uk", market = 1000, outside = 100 },
  },
  populations = {
    population { kind = "incumbent", total = 8, shares = { us = 0.7, eu = 0.2, uk = 0.1 } },
    population { kind = "startup", total = 10, shares = { uk = 1 / 3, eu = 1 / 3, us = 1 / 3 } },
  },
}
