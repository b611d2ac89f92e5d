-- Stress of the per-market state (issue 12: the state, certificate,
-- application and timers packed into 12 bytes per developer and market):
-- a developer rule that applies on every path (own, assessment, equivalence,
-- bloc, none, noncompliant), exits one segment or both, sets safety and calls
-- the default rule at random; policies that flip binding, change stringency
-- and label premiums, add and remove a recognition and create a bloc mid-run;
-- open segments on or off, lagged sharing, funding, monthly to daily steps.
-- tests/e2e/test_stress_paths.sh compares its outputs with those of the engine
-- before the packing (commit 780c3d9). The random actions come from a small
-- linear congruential generator of the script (seeded by rs), not the engine's
-- streams. Written from a reviewer's stress scenario.
-- SPDX-License-Identifier: GPL-3.0-or-later
local spy = param { name = "spy", default = 12, min = 1, max = 365, integer = true, doc = "steps per year" }
local years = param { name = "years", default = 6, min = 1, max = 200, doc = "years" }
local mode = param { name = "mode", default = 1, min = 0, max = 1, integer = true, doc = "0: the default rule; 1: random actions and calls of the default rule" }
local lag = param { name = "lag", default = 3, min = 0, max = 120, doc = "lag months" }
local openp = param { name = "open", default = 1, min = 0, max = 1, integer = true, doc = "open segments" }
local seedp = param { name = "rs", default = 1, min = 1, max = 1000000, integer = true, doc = "lua rng seed" }
local state = seedp
local function rnd() state = (state * 1103515245 + 12345) % 2147483648; return state / 2147483648 end
local J = { "aa", "bb", "cc", "dd", "ee" }
local paths = { "own", "assessment", "equivalence", "bloc", "none", "noncompliant" }
local function act(world, devs, i)
  local r = rnd()
  local j = J[1 + math.floor(rnd() * #J)]
  if r < 0.25 then
    devs:apply(i, j, paths[1 + math.floor(rnd() * #paths)])
  elseif r < 0.32 then
    local s = rnd()
    devs:exit(i, j, s < 0.33 and "open" or (s < 0.66 and "regulated" or nil))
  elseif r < 0.36 then
    devs:set(i, "safety", rnd())
  end
end
local rule = nil
if mode >= 1 then
  rule = function(world, devs)
    local id = devs.id
    for k = 1, devs.n do
      local i = id[k]
      if rnd() < 0.5 then act(world, devs, i) end
      if rnd() < 0.8 then
        local ok = pcall(devs.decide, devs, i)
      end
      if rnd() < 0.2 then act(world, devs, i) end
      if rnd() < 0.1 then devs:entry_value(i, J[1 + math.floor(rnd() * #J)]) end
    end
  end
end
local pol = function(world)
  local st = world:step()
  local r = rnd()
  if r < 0.03 then world:set("ee", "binding", not world:get("ee", "binding")) end
  if r > 0.97 then world:set("cc", "binding", not world:get("cc", "binding")) end
  if rnd() < 0.05 then world:set("aa", "stringency", 0.3 + 0.5 * rnd()) end
  if rnd() < 0.05 then world:set("bb", "stringency", 0.3 + 0.5 * rnd()) end
  if rnd() < 0.03 then
    if world:recognition("cc", "aa") == nil then world:recognize { to = "cc", from = "aa", mode = "equivalence" }
    else world:unrecognize { to = "cc", from = "aa" } end
  end
  if st == math.floor(2 * spy) then pcall(world.bloc, world, { id = "late", members = { "cc", "dd" } }) end
  if rnd() < 0.02 then world:set("dd", "label_premium", rnd() * 0.2) end
end
return scenario {
  name = "stress_paths",
  years = years,
  steps_per_year = spy,
  risk = { base_hazard = 0.6, patch_months = 6 },
  jurisdictions = {
    jurisdiction { id = "aa", market = 3000, outside = 200, binding = true, stringency = 0.5, cert_cost = 0.3, review_months = 4,
                   audit_rate = 0.5, suspension_months = 5, fine_share = 0.03, fine_min = 2, regulated_share = openp == 1 and 0.5 or 1, venture_funding = 200, transition_months = 6 },
    jurisdiction { id = "bb", market = 5000, outside = 300, binding = true, stringency = 0.45, cert_cost = 0.2, review_months = 2, audit_rate = 0.3 },
    jurisdiction { id = "cc", market = 2000, outside = 100, binding = false, stringency = 0.4, label_premium = 0.1, review_months = 1, regulated_share = openp == 1 and 0.7 or 1, venture_funding = 100 },
    jurisdiction { id = "dd", market = 2500, outside = 100, binding = false, stringency = 0.5, label_premium = 0.15, review_months = 3 },
    jurisdiction { id = "ee", market = 1500, outside = 100, binding = false, stringency = 0.55, cert_cost = 0.1, review_months = 6, transition_months = 3, audit_rate = 0.4 },
  },
  blocs = { bloc { id = "ab", members = { "aa", "bb", "ee" } } },
  recognition = { recognize { to = "bb", from = "aa", mode = "equivalence", mutual = true },
                  recognize { to = "dd", from = "bb", mode = "assessment", voluntary = true },
                  recognize { to = "ee", from = "aa", mode = "assessment", mutual = true } },
  sharing = { share { from = "aa", to = "bb", lag_months = lag, mutual = true },
              share { from = "cc", to = "dd", lag_months = 120, mutual = true },
              share { from = "ee", to = "aa", lag_months = lag } },
  populations = {
    population { kind = "incumbent", home = "bb", count = 4 },
    population { kind = "startup", total = 60, shares = { aa = 0.3, bb = 0.2, cc = 0.2, dd = 0.2, ee = 0.1 }, capital = loguniform(1, 100) },
    population { kind = "open_source", home = "aa", count = 3 },
  },
  developer_rule = rule,
  policies = { pol },
}
