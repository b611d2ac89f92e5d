--[[ rule_bench — the world bench/bench_rule.c times: N developers in four
markets (EU binding), no founding, so N stays fixed. lua_rule selects a Lua
developer_rule equal to the default plus one tweak (small startups cut their
R&D rate), per step over arrays or per developer with the proxy; bench_rule.c
runs the same tweak in C.
SPDX-License-Identifier: GPL-3.0-or-later ]]
local regimes = require "regimes"
local n = param { name = "n", default = 10000, min = 10, max = 1000000, integer = true,
  unit = "developers", doc = "developers at t = 0" }
local years = param { name = "years", default = 2, min = 0.1, max = 50, unit = "yr", doc = "horizon" }
local lua_rule = param { name = "lua_rule", default = 0, min = 0, max = 4, integer = true, unit = "",
  doc = "0: default C rule; 1: per-step rule over arrays + tweak; 2: per-developer rule (proxy) + tweak; "
     .. "3: per-developer rule, decide only; 4: per-step rule, decide only" }
local scale = n / 1400
local ids = { "eu", "us", "jp", "uk" }
local js = {}
for i, id in ipairs(ids) do js[i] = regimes.make(id, { scale = scale, startup_rate = 0 }) end
-- the tweak: startups with less than 5 M$ cut their R&D rate to 0.1 per year
local rules = {
  [1] = function(world, devs)
    local id, kind, capital = devs.id, devs.kind, devs.capital
    for k = 1, devs.n do
      if kind[k] == "startup" and capital[k] < 5 then devs:set(id[k], "invest_rate", 0.1) end
    end
    devs:decide()
  end,
  [2] = accord.per_developer(function(world, d)
    if d.kind == "startup" and d.capital < 5 then d.invest_rate = 0.1 end
    d:decide()
  end),
  [3] = accord.per_developer(function(world, d) d:decide() end),
  [4] = function(world, devs) devs:decide() end,
}
return scenario(regimes.calibrate {
  name = "rule_bench",
  years = years,
  jurisdictions = js,
  populations = {
    population { kind = "incumbent", total = math.floor(n * 0.05), shares = { us = 0.6, eu = 0.2, jp = 0.1, uk = 0.1 } },
    population { kind = "open_source", total = math.floor(n * 0.05), shares = { us = 0.7, eu = 0.2, uk = 0.1 } },
    population { kind = "startup", total = n - 2 * math.floor(n * 0.05), shares = { us = 0.6, eu = 0.2, jp = 0.1, uk = 0.1 } },
  },
  developer_rule = rules[lua_rule],
})
