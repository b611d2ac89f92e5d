-- Segments in the Lua API (test_lua_world_entry.c): a binding market aa with
-- regulated_share 0.4 (an open segment), bb non-binding with the default 1. At step 1
-- the rule checks the open segment's state (world:market / devs:market with a
-- segment, the filter key segment), devs:entry_value against both segments'
-- formula, and leaves one segment with devs:exit(i, id, segment); a failed check
-- raises, which fails the run. SPDX-License-Identifier: GPL-3.0-or-later
local function check(cond, what, ...)
  if not cond then error("check failed: " .. string.format(what, ...), 2) end
end
local function near(a, b) return math.abs(a - b) <= 1e-12 * math.max(1, math.abs(b)) end

local rule = function(world, devs)
  local id = devs.id
  if world:step() == 1 then
    local eps = world:param("market.elasticity")
    local aa = world:jurisdiction("aa")
    local function appeal(i)
      return (world:dev(i, "productivity") * (1 + world:dev(i, "capability"))) ^ (eps - 1) * world:dev(i, "reputation")
    end
    local sreg, sopen, home_aa = 0, 0, 0
    for k = 1, devs.n do
      local i = id[k]
      if world:dev(i, "home") == "aa" then
        home_aa = home_aa + 1
        check(world:market(i, "aa", "open") == "deployed", "developer %d in aa's open segment: %s", i, world:market(i, "aa", "open"))
        check(devs:market(i, "aa", "open") == "deployed", "devs:market open")
        sopen = sopen + appeal(i)
        if world:market(i, "aa") == "deployed" then sreg = sreg + appeal(i) end
      else
        check(world:market(i, "aa", "open") == "absent", "developer %d from bb in aa's open segment", i)
        check(world:market(i, "bb", "open") == "absent", "bb has no open segment")
      end
    end
    check(world:count { market = "aa", segment = "open", state = "deployed" } == home_aa, "filter segment = open")
    check(world:count { market = "aa", segment = "regulated" } == world:count { market = "aa" }, "default segment")
    -- entry value of a developer absent from aa: both segments
    for k = 1, devs.n do
      local i = id[k]
      if world:dev(i, "home") == "bb" then
        local a = appeal(i)
        local want = aa.market * 0.4 / eps * a / (aa.outside + sreg + a) + aa.market * 0.6 / eps * a / (aa.outside + sopen + a)
        check(near(devs:entry_value(i, "aa"), want), "entry value %.17g, expected %.17g", devs:entry_value(i, "aa"), want)
        break
      end
    end
    local ok, why = pcall(function() return world:market(id[1], "aa", "closed") end)
    check(not ok and tostring(why):find("segment must be 'regulated' or 'open'", 1, true), "bad segment: %s", tostring(why))
    -- leave only the open segment, then only the regulated one
    local i = id[1]
    local reg = world:market(i, "aa")
    check(devs:exit(i, "aa", "open"), "exit open")
    check(world:market(i, "aa", "open") == "absent" and world:market(i, "aa") == reg, "only the open segment left")
    local ok2 = devs:exit(i, "aa", "open")
    check(not ok2, "exit of a segment not held must be refused")
    world:record("left_open", 1)
    if reg ~= "absent" then
      check(devs:exit(i, "aa", "regulated"), "exit regulated")
      check(world:market(i, "aa") == "absent", "regulated left")
      world:record("left_regulated", 1)
    end
  end
  devs:decide()
end

-- v1.2's switches but for aa's segments (scripts/v12.lua sets regulated_share 1
-- everywhere; aa's 0.4 is put back below)
local t = require("v12").apply {
  name = "segments", years = 1,
  jurisdictions = {
    jurisdiction { id = "aa", market = 6000, outside = 20, binding = true, stringency = 0.5, cert_cost = 0.2,
                   regulated_share = 0.4 },
    jurisdiction { id = "bb", market = 900, outside = 25, binding = false, regulated_share = 1 },
  },
  populations = {
    population { kind = "incumbent", home = "aa", count = 6, safety = fixed(0.8), capital = fixed(800) },
    population { kind = "open_source", home = "aa", count = 3, safety = fixed(0.3), capital = fixed(80) },
    population { kind = "startup", home = "bb", count = 10, capital = loguniform(2, 200), safety = uniform(0.25, 0.75) },
  },
  developer_rule = rule,
}
t.jurisdictions[1].regulated_share = 0.4
return scenario(t)
