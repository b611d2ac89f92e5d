-- Custom metrics with units and docs (world:record's third argument), for
-- test_lua_world: the metadata of a name's first record holds, later records
-- may leave it out, and each metric's last value is kept in the order first
-- recorded.
return scenario {
  name = "metrics",
  years = 0.25,
  jurisdictions = {
    jurisdiction { id = "aa", market = 500, outside = 20, binding = true, stringency = 0.6 },
  },
  populations = { population { kind = "startup", home = "aa", count = 3 } },
  on_step_end = function(world)
    local step = world:step()
    if step == 2 then world:record("late", 7.25) end
    world:record("fee_paid", 1.5 * step, { unit = "M$", doc = "fees paid so far" })
    if step == 3 then world:record("fee_paid_doc_only", 0.125, { doc = "no unit" }) end
    world:record("plain", step * step)
  end,
}
