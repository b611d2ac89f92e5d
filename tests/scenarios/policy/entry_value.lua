-- devs:entry_value against the snapshot of the developers' phase (test_lua_world_entry.c):
-- mode 0/1 decide every developer in id order / in reverse and, right after each
-- decision, record its entry values (sums in id order): both modes must record the
-- same numbers, whatever the others decided before the call. Mode 2 checks every
-- value before any decision against the formula computed here (the label premium of
-- models certified in the non-binding bb counts); mode 3 does it with the
-- per-developer proxy. A failed check raises, which fails the run.
-- SPDX-License-Identifier: GPL-3.0-or-later
local mode = param { name = "mode", default = 0, min = 0, max = 3, integer = true,
  doc = "0: forward, 1: reverse, 2: known answers (per step), 3: known answers (per developer)" }

local function check(cond, what, ...)
  if not cond then error("check failed: " .. string.format(what, ...), 2) end
end
local function near(a, b) return math.abs(a - b) <= 1e-12 * math.max(1, math.abs(b)) end
local markets = { "aa", "bb", "cc" }

-- E_ij by the formula of docs/model.md section 6, from the world as it stands
-- (to be called before any decision of the step)
local function expected_values(world)
  local eps = world:param("market.elasticity")
  local function appeal(i)
    return (world:dev(i, "productivity") * (1 + world:dev(i, "capability"))) ^ (eps - 1) * world:dev(i, "reputation")
  end
  local sum, mult, own = {}, {}, {}
  for _, j in ipairs(markets) do
    local r = world:jurisdiction(j)
    mult[j] = r.binding and 1 or 1 + r.label_premium
    sum[j], own[j] = 0, {}
    for _, i in ipairs(world:developers { market = j, state = "deployed" }) do
      own[j][i] = appeal(i) * (world:certified(i, j) and mult[j] or 1)
      sum[j] = sum[j] + own[j][i]
    end
  end
  return function(i, j, certified)
    local r = world:jurisdiction(j)
    local a = appeal(i)
    local al = a * ((certified and not r.binding) and 1 + r.label_premium or 1)
    return r.market / eps * al / (r.outside + (sum[j] - (own[j][i] or 0)) + al)
  end
end

local rule, on_step_end
if mode <= 1 then
  rule = function(world, devs)
    local id, n = devs.id, devs.n
    local bb, cc, aa = {}, {}, {}
    for step = 1, n do
      local k = mode == 0 and step or n + 1 - step
      local i = id[k]
      devs:decide(i)
      bb[i], cc[i], aa[i] = devs:entry_value(i, "bb", true), devs:entry_value(i, "cc"), devs:entry_value(i, "aa")
    end
    local sbb, scc, saa = 0, 0, 0
    for k = 1, n do
      local i = id[k]
      sbb, scc, saa = sbb + bb[i], scc + cc[i], saa + aa[i]
    end
    world:record("ev_bb", sbb)
    world:record("ev_cc", scc)
    world:record("ev_aa", saa)
    world:record("certified_bb", world:count { market = "bb", state = "deployed", certified = true })
  end
elseif mode == 2 then
  rule = function(world, devs)
    local want = expected_values(world)
    local id = devs.id
    for k = 1, devs.n do
      for _, j in ipairs(markets) do
        for _, cert in ipairs { false, true } do
          local got, exp = devs:entry_value(id[k], j, cert), want(id[k], j, cert)
          check(near(got, exp), "developer %d in %s (certified %s): %.17g, expected %.17g", id[k], j, tostring(cert), got, exp)
        end
      end
    end
    devs:decide()
    world:record("checked", devs.n)
    world:record("certified_bb", world:count { market = "bb", state = "deployed", certified = true })
  end
else
  local want, seen_step, checked = nil, -1, 0
  rule = accord.per_developer(function(world, d)
    if world:step() ~= seen_step then -- the first developer of the step: nobody has decided yet
      want, seen_step = expected_values(world), world:step()
    end
    for _, j in ipairs(markets) do
      local got, exp = d:entry_value(j, true), want(d.id, j, true)
      check(near(got, exp), "developer %d in %s: %.17g, expected %.17g", d.id, j, got, exp)
    end
    d:decide()
    checked = checked + 1
  end)
  on_step_end = function(world) world:record("checked", checked) end
end

-- The values this test's known answers rest on, stated (the built-in
-- defaults of before data/ became the defaults; an id without a preset now
-- takes the generic preset of data/regimes.csv).
local PIN = { growth = 0.2, entry_cost = 1, cert_cost = 0.5, compliance_cost = 0.1, review_months = 3,
  audit_rate = 0.1, suspension_months = 3, detection = 0.5, label_premium = 0, startup_rate = 0 }
local function pinned(t)
  for k, v in pairs(PIN) do if t[k] == nil then t[k] = v end end
  return jurisdiction(t)
end

-- v1.2's switches (scripts/v12.lua): the known answers below rest on them
return scenario(require("v12").apply {
  name = "entry_value", years = 1,
  risk = { harm_per_revenue = 1, self_detect = 2 }, open_upstream_share = 0.5,
  jurisdictions = {
    pinned { id = "aa", market = 600, outside = 20, binding = true, stringency = 0.5, cert_cost = 0.2 },
    pinned { id = "bb", market = 900, outside = 25, binding = false, stringency = 0.5, cert_cost = 0.05,
                   compliance_cost = 0.01, review_months = 1, label_premium = 0.45 },
    pinned { id = "cc", market = 400, outside = 15, binding = false },
  },
  populations = {
    population { kind = "incumbent", home = "aa", count = 6, safety = uniform(0.5, 0.9), capital = fixed(800) },
    population { kind = "startup", total = 30, shares = { bb = 0.6, cc = 0.4 }, capital = loguniform(2, 200),
                 safety = uniform(0.25, 0.75) },
    population { kind = "open_source", home = "aa", count = 4, safety = fixed(0.35), capital = fixed(60) },
  },
  developer_rule = rule,
  on_step_end = on_step_end,
})
