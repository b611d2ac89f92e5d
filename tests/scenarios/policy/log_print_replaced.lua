-- A scenario that silences print() (its own debugging output): world:log
-- must still reach the run's log (it went through the global print).
print = function() end
return scenario {
  name = "log_print_replaced",
  years = 0.25,
  jurisdictions = { jurisdiction { id = "aa", market = 500, outside = 20 } },
  policies = function(world)
    print("silenced")
    world:log("still logged")
  end,
}
