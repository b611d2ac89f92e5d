-- One API mistake per case (--set case=N), each on a line marked "-- E<N>";
-- tests/unit/test_lua_world.c checks that the run fails with this file's
-- name and that line, and a message naming the value and the valid range.
local case = param { name = "case", default = 1, min = 1, max = 116, integer = true, doc = "which mistake" }
local policies = require "policies"

local cases = {
  function(w) w:set("xx", "stringency", 0.5) end, -- E1
  function(w) w:set("aa", "strictness", 0.5) end, -- E2
  function(w) w:set("aa", "stringency", 1.4) end, -- E3
  function(w) w:set("aa", "stringency", 0 / 0) end, -- E4
  function(w) w:set("aa", "stringency", "high") end, -- E5
  function(w) w:set("aa", "compliance_share", 0.3) end, -- E6
  function(w) return w:get("aa", "strictness") end, -- E7
  function(w) w:set_param("risk.base_hazzard", 0.1) end, -- E8
  function(w) w:set_param("risk.base_hazard", -1) end, -- E9
  function(w) w:set_param("steps_per_year", 4) end, -- E10
  function(w) return w:param("nope") end, -- E11
  function(w) w:recognize { to = "aa", from = "bb", mdoe = "equivalence" } end, -- E12
  function(w) w:recognize { to = "aa", from = "bb", mode = "mutual" } end, -- E13
  function(w) w:recognize { to = "aa", from = "aa" } end, -- E14
  function(w) w:recognize { to = "zz", from = "aa" } end, -- E15
  function(w) w:recognize { to = "aa", from = "bb" }; w:recognize { to = "aa", from = "bb" } end, -- E16
  function(w) w:recognize { to = "aa", from = "bb", fee = -1 } end, -- E17
  function(w) w:recognize { to = "aa", from = "bb", review_months = 200 } end, -- E18
  function(w) w:unrecognize { to = "aa", from = "bb" } end, -- E19
  function(w) w:bloc { members = { "aa", "bb" } } end, -- E20
  function(w) w:bloc { id = "x", members = "aa" } end, -- E21
  function(w) w:bloc { id = "x", members = { "aa", "qq" } } end, -- E22
  function(w) w:bloc { id = "x", members = { "aa" }, standard = 1.5 } end, -- E23
  function(w) w:bloc { id = "x", members = { "aa" }, standard = "median" } end, -- E24
  function(w) w:bloc { id = "x", members = { "aa" } }; w:bloc { id = "y", members = { "aa", "bb" } } end, -- E25
  function(w) w:bloc { id = "x", members = { "aa" } }; w:bloc { id = "x", members = { "bb" } } end, -- E26
  function(w) w:set_bloc_standard("nobloc", 0.5) end, -- E27
  function(w) w:bloc { id = "x", members = { "aa" } }; w:set_bloc_standard("x", -0.1) end, -- E28
  function(w) w:share { from = "aa", to = "bb", lag_months = -1 } end, -- E29
  function(w) w:share { from = "aa", to = "aa" } end, -- E30
  function(w) w:share { from = "aa", to = "bb" }; w:share { from = "aa", to = "bb" } end, -- E31
  function(w) w:suspend_sharing { from = "aa", to = "bb" } end, -- E32
  function(w) w:inject_vulnerability(0, 1) end, -- E33
  function(w) w:inject_vulnerability(w:ndev() + 1, 1) end, -- E34
  function(w) w:inject_vulnerability(1, 0) end, -- E35
  function(w) w:inject_vulnerability(1, 1); w:inject_vulnerability(1, 2) end, -- E36
  function(w) w:inject_vulnerability(1, 1, "no") end, -- E37
  function(w) return w:dev(1, "wealth") end, -- E38
  function(w) return w:dev("one", "capital") end, -- E39
  function(w) w:set_dev(1, "safety", 1.5) end, -- E40
  function(w) w:set_dev(1, "kind", "startup") end, -- E41
  function(w) w:set_dev(1, "upstream", 2) end, -- E42
  function(w) return w:market(1, "zz") end, -- E43
  function(w) return w:count { knd = "startup" } end, -- E44
  function(w) return w:count { kind = "giant" } end, -- E45
  function(w) return w:count { state = "deployed" } end, -- E46
  function(w) return w:count { market = "aa", state = "gone" } end, -- E47
  function(w) return w:count { certified = true } end, -- E48
  function(w) return w:count { alive = "maybe" } end, -- E49
  function(w) return w:sum("wealth") end, -- E50
  function(w) return w:metric("aa", "profit") end, -- E51
  function(w) return w:metrics("zz") end, -- E52
  function(w) return w:events("explosion") end, -- E53
  function(w) return w:events("entry", { step = w:step() - 5 }) end, -- E54
  function(w) w:record("Bad Name", 1) end, -- E55
  function(w) w:record("ok", 0 / 0) end, -- E56
  function(w) w:set_dev(4, "capital", math.huge) end, -- E57
  function(w) w:set_dev(1, "invest_rate", 13) end, -- E58
  function(w) w:recognize("aa") end, -- E59
  function(w) return w:bloc_standard(3) end, -- E60
}
-- more mistakes in policies (cases 80..)
local more_cases = {
  [101] = function(w) w:set_dev("1", "capital", 5) end, -- E101
  [102] = function(w) return w:dev(1.5, "capital") end, -- E102
  [103] = function(w) w:set_dev(4, "upstream", "1") end, -- E103
  [104] = function(w) return w:events("any", { step = 0.5 }) end, -- E104
  [111] = function(w) return w:sum("kind") end, -- E111
  [112] = function(w) return w:stats("upstream", { kind = "startup" }) end, -- E112
  [114] = function(w) w:set_dev(1, "capital", 0 / 0) end, -- E114
  [115] = function(w) w:inject_vulnerability(1, 0 / 0) end, -- E115
  [116] = function(w) w:set_dev(4, "upstream", math.mininteger) end, -- E116
  [80] = function(w) w:sett("aa", "stringency", 0.5) end, -- E80
  [81] = function(w) w.set("aa", "stringency", 0.5) end, -- E81
  [82] = function(w) w:set("aa", "stringncy", 0.5) end, -- E82
  [83] = function(w) return w:get("aa", "audit_rat") end, -- E83
  [84] = function(w) w:set_param("risk.base_hazrd", 0.2) end, -- E84
  [85] = function(w) w:set("aa", "name", "Alpha") end, -- E85
  [86] = function(w) w:set("aa", "binding", 1) end, -- E86
  [87] = function(w) w:set("aa", "stringency", true) end, -- E87
  [88] = function(w) w:record("twice", 1); w:record("twice", 2) end, -- E88
  [89] = function(w) w:frobnicate() end, -- E89
  [90] = function(w) return accord.fields("planets") end, -- E90
  [91] = function(w) return w:param("market.elasticty") end, -- E91
  [92] = function(w) w:set("aa", "id", "xx") end, -- E92
  [93] = function(w) w:set_param("risk.base_hazard", "high") end, -- E93
  [96] = function(w) w:record("harm_aa", 1) end, -- E96
  [97] = function(w) w:record("m", 1, { units = "M$" }) end, -- E97
  [98] = function(w) w:record("m", 1, "M$") end, -- E98
  [99] = function(w) w:record("m", 1, { unit = "M$" }) end,
}
for k, f in pairs(more_cases) do cases[k] = f end
-- mistakes inside developer rules (cases 61..)
local rule_cases = {
  [61] = function(w, devs) devs:set(devs.n + 1000, "capital", 1) end, -- E61
  [62] = function(w, devs) devs:decide(1); devs:decide(1) end, -- E62
  [63] = function(w, devs) return devs.wealth end, -- E63
  [64] = function(w, devs) devs.capital = {} end, -- E64
  [65] = function(w, devs) devs:set(1, "safety", -0.5) end, -- E65
  [66] = function(w, devs) devs:apply(1, "bb", "shortcut") end, -- E66
  [94] = function(w, devs) devs.decide(1) end, -- E94
  [105] = function(w, devs) devs:decide("1") end, -- E105
  [113] = function(w, devs) devs.n = 1000 end, -- E113
}
local dev_cases = {
  [67] = function(w, d) return d.wealth end, -- E67
  [68] = function(w, d) d.kind = "startup" end, -- E68
  [69] = function(w, d) d.safety = 2 end, -- E69
  [70] = function(w, d) d:apply("zz") end, -- E70
  [95] = function(w, d) d.apply("aa") end, -- E95
  [100] = function(w, d) d:decide(); d:decide() end, -- E100
}
local stash
local late_cases = { -- objects used outside the rule that lent them
  [71] = function(w) stash:decide() end, -- E71
  [72] = function(w) return stash.capital end, -- E72
  [99] = function(w) w:record("m", 2, { unit = "users" }) end, -- E99
}
local made -- (no tail calls below: a tail call drops the frame an error points at)
local module_cases = {
  [73] = function() made = require("regimes").make("xx") end, -- E73
  [74] = function() made = policies.tighten_after_incidents { jurisdiction = 5 } end, -- E74
  [75] = function() made = policies.suspend_sharing { from = "aa", to = "bb", yaer = 2 } end, -- E75
  [76] = function() made = require("populations").build { scale = -1 } end, -- E76
  [77] = function() made = policies.startup_subsidy { jurisdiction = "aa", share = 1.5 } end, -- E77
  [78] = function() made = policies.attach({}, { policies.startup_sandbox { jurisdiction = "aa" }, policies.startup_sandbox { jurisdiction = "bb" } }) end, -- E78
  [79] = function() made = require("regimes").make("eu", { scale = 0 }) end, -- E79
  [106] = function() made = require("populations").build { scael = 0.1 } end, -- E106
  [107] = function() made = require("populations").build { homes = { "xx" } } end, -- E107
  [108] = function() made = require("regimes").list({ "eu" }, { overides = {} }) end, -- E108
  [109] = function() made = policies.tighten_after_incidents { jurisdiction = "aa", incidents = 1.5 } end, -- E109
  [110] = function() made = policies.at_year(0 / 0, function() end) end, -- E110
}

local rule
if rule_cases[case] then
  rule = function(w, devs) rule_cases[case](w, devs); devs:decide() end
elseif dev_cases[case] then
  rule = accord.per_developer(function(w, d) dev_cases[case](w, d); d:decide() end)
elseif case == 71 then
  rule = function(w, devs) stash = devs; devs:decide() end
elseif case == 72 then
  rule = accord.per_developer(function(w, d) stash = d; d:decide() end)
end
if module_cases[case] then module_cases[case]() end

return scenario {
  name = "api_errors",
  years = 0.5,
  jurisdictions = {
    jurisdiction { id = "aa", market = 500, outside = 20, binding = true, stringency = 0.6 },
    jurisdiction { id = "bb", market = 800, outside = 30, binding = false },
  },
  populations = {
    population { kind = "incumbent", home = "aa", count = 3, safety = fixed(0.9), capital = fixed(1000) },
    population { kind = "startup", home = "bb", count = 5, capital = fixed(50) },
  },
  developer_rule = rule,
  policies = { function(w)
    if cases[case] and w:step() == 1 then cases[case](w) end
    if late_cases[case] and w:step() == 2 then late_cases[case](w) end
  end },
}
