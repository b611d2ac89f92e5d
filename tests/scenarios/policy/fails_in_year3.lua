-- A scenario whose hook raises an error in year 3 (for tests of failed runs):
-- `where` picks the hook: 1 a policy (the second of two), 2 on_step_end,
-- 3 developer_rule, 4 a policy from the start (nothing written yet).
-- SPDX-License-Identifier: GPL-3.0-or-later
local where = param { name = "where", default = 1, min = 1, max = 4, integer = true, doc = "which hook fails" }
local function boom(world)
  if where == 4 or world:year() >= 3 then error("policy exploded in year " .. world:year()) end
end
local function quiet() end
local s = {
  name = "fails_in_year3",
  years = 5,
  jurisdictions = {
    jurisdiction { id = "aa", name = "A", market = 5000, outside = 200, binding = true, stringency = 0.6 },
    jurisdiction { id = "bb", name = "B", market = 8000, outside = 300, binding = false, stringency = 0.3 },
  },
  populations = { population { kind = "incumbent", home = "bb", count = 4 },
                  population { kind = "startup", total = 20, shares = { aa = 0.4, bb = 0.6 } } },
}
if where == 1 or where == 4 then s.policies = { quiet, boom } end
if where == 2 then s.on_step_end = function(world) world:record("ok", 1); boom(world) end end
if where == 3 then s.developer_rule = function(world, d) boom(world) end end
return scenario(s)
