-- What policies.attach and the constructors of scripts/policies.lua check while
-- the scenario loads (--set case=N): each mistake is on a line marked "-- P<N>",
-- except the ones reported at the line of policies.attach (marked "-- ATTACH").
-- tests/unit/test_lua_world_policies.c checks the message and the line; cases
-- marked "ok" must load and run.
-- SPDX-License-Identifier: GPL-3.0-or-later
local case = param { name = "case", default = 0, min = 0, max = 40, integer = true, doc = "which mistake (0: none)" }
local policies = require "policies"

local scn = scenario {
  name = "policy_checks",
  years = 0.5,
  jurisdictions = {
    jurisdiction { id = "aa", market = 500, outside = 20, binding = true, stringency = 0.6 },
    jurisdiction { id = "bb", market = 800, outside = 30, binding = false },
  },
  populations = {
    population { kind = "incumbent", home = "aa", count = 3, safety = fixed(0.9), capital = fixed(1000) },
    population { kind = "startup", home = "bb", count = 5, capital = fixed(50) },
  },
  recognition = { recognize { to = "bb", from = "aa" } },
  sharing = { share { from = "bb", to = "aa", lag_months = 1 } },
}

local function noop(world) end
local cases = {
  [0] = function() return {} end,
  function() return { policies.tighten_after_incidents { jurisdiction = "fr" } } end, -- P1
  function() return { policies.tighten_after_incidents { jurisdiction = "aa", field = "stringncy" } } end, -- P2
  function() return { policies.tighten_after_incidents { jurisdiction = "aa", field = "binding" } } end, -- P3
  function() return { policies.tighten_after_incidents { jurisdiction = "aa", max = 2 } } end, -- P4
  function() return { policies.regulatory_capture { jurisdiction = "aa", rates = { cert_cst = 5 } } } end, -- P5
  function() return { policies.record_regime { jurisdiction = "aa", fields = { "stringncy" } } } end, -- P6
  function() return { policies.suspend_sharing { from = "aa", to = "bb", year = 0.1 } } end, -- P7
  function() return { policies.suspend_sharing { from = "bb", to = "aa", mutual = true, year = 0.1 } } end, -- P8
  function() return { policies.start_sharing { from = "aa", to = "bb", year = 0.1 }, policies.suspend_sharing { from = "aa", to = "bb", year = 0.2 } } end, -- P9 ok
  function() return { policies.start_sharing { from = "bb", to = "aa", year = 0.1 } } end, -- P10
  function() return { policies.start_sharing { from = "aa", to = "bb", year = 0.3 }, policies.suspend_sharing { from = "aa", to = "bb", year = 0.2 } } end, -- P11
  function() return { policies.start_recognition { to = "aa", from = "zz" } } end, -- P12
  function() return { policies.start_recognition { to = "aa", from = "aa" } } end, -- P13
  function() return { policies.start_recognition { to = "aa", from = "bb", mode = "mutual" } } end, -- P14
  function() return { policies.record_exposure { jurisdictions = { "aa", "cc" } } } end, -- P15
  function() return { { polices = noop } } end, -- P16
  function() return { { on_step_end = 5 } } end, -- P17
  function() return { { policies = { noop, 3 } } } end, -- P18
  function() local _, p = pcall(policies.startup_subsidy, { jurisdiction = "zz" }); return { p } end, -- P19
  function() return { policies.startup_subsidy { jurisdiction = "zz" } } end, -- P20
  function() return { policies.start_recognition { to = "aa", from = "bb", mutual = true } } end, -- P21
  function() return { policies.suspend_sharing { from = "bb", to = "aa", year = 0.1, restore_year = 0.3 }, policies.record_regime { jurisdiction = "bb", fields = { "binding", "label_premium" } } } end, -- P22 ok
  function() return { policies.tighten_after_incidents { jurisdiction = "aa", field = "audit_rate", step = 0.5 } } end, -- P23 ok
  function() return { policies.suspend_sharing { from = "aa", to = "aa" } } end, -- P24
  function() return { { on_step_end = noop, developer_rule = noop, on_incident = noop, policies = noop } } end, -- P25 ok
  function() return { policies.end_recognition { to = "bb", from = "aa", year = 0.1 } } end, -- P26 ok
  function() return { policies.end_recognition { to = "aa", from = "bb", year = 0.1 } } end, -- P27
  function() return { policies.start_recognition { to = "aa", from = "bb", year = 0.1 }, policies.end_recognition { to = "aa", from = "bb", year = 0.2 } } end, -- P28 ok
  function() return { policies.start_recognition { to = "aa", from = "bb", year = 0.3 }, policies.end_recognition { to = "aa", from = "bb", year = 0.2 } } end, -- P29
  function() return { policies.end_recognition { to = "bb", from = "aa", mutual = true, year = 0.1 } } end, -- P30
  function() return { policies.end_recognition { to = "aa", from = "aa" } } end, -- P31
  function() return { policies.end_recognition { to = "bb", from = "aa", year = 0.1 }, policies.end_recognition { to = "bb", from = "aa", year = 0.2 } } end, -- P32
  function() return { policies.end_recognition { to = "bb", from = "aa", year = 0.1 }, policies.start_recognition { to = "bb", from = "aa", year = 0.3 } } end, -- P33 ok
  function() return { policies.end_recognition { to = "aa", from = "bb", year = 0.12 }, policies.start_recognition { to = "aa", from = "bb", year = 0.11 } } end, -- P34
  function() return { policies.start_recognition { to = "aa", from = "bb", year = 0.1 }, policies.start_recognition { to = "aa", from = "bb", year = 0.2 } } end, -- P35
  function() return { policies.tighten_after_incidents { jurisdiction = "aa", incidents = 1, step = math.huge } } end, -- P36 ok
}

return policies.attach(scn, cases[case]()) -- ATTACH
