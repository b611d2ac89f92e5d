-- accord live tests: tiny's world with parameters that make a run fail on
-- purpose (a script error at step 2; a loop the time limit stops; a pattern
-- stuck inside C), so the server's 500 answers and recovery can be tested.
local fail = param { name = "fail", default = 0, min = 0, max = 1, unit = "switch", doc = "1: a policy raises an error at step 2" }
local spin = param { name = "spin", default = 0, min = 0, max = 1, unit = "switch", doc = "1: a policy loops forever at step 2" }
local stuck = param { name = "stuck", default = 0, min = 0, max = 1, unit = "switch", doc = "1: a policy is stuck inside C at step 2" }
local strict = param { name = "strict", default = 0.6, min = 0, max = 1, unit = "score", doc = "stringency of the binding market" }
return scenario {
  name = "live_fail",
  description = "Two markets; switches that make a run fail.",
  years = 1,
  risk = { base_hazard = 0.3 },
  jurisdictions = {
    jurisdiction { id = "aa", market = 5000, outside = 200, binding = true, stringency = strict },
    jurisdiction { id = "bb", market = 8000, outside = 300, binding = false, stringency = 0.3 },
  },
  populations = {
    population { kind = "incumbent", home = "bb", count = 4 },
    population { kind = "startup", total = 30, shares = { aa = 0.4, bb = 0.6 } },
  },
  policies = { function(world)
    if world:step() == 2 then
      if fail > 0.5 then error("boom: the fail switch is on") end
      if spin > 0.5 then while true do end end
      if stuck > 0.5 then string.rep("a", 200000):find(".-.-.-.-.-x") end
    end
  end },
}
