-- Every world method, with known answers derived by hand from this small
-- world (tests/unit/test_lua_world.c runs it in three rule forms). A failed
-- check raises, which fails the run with this file's line.
local form = param { name = "form", default = 0, min = 0, max = 2, integer = true,
  doc = "0: default rule; 1: per-step rule (arrays); 2: per-developer rule (proxy)" }

local function check(cond, what, ...)
  if not cond then error("check failed: " .. string.format(what, ...), 2) end
end
local function near(a, b, tol) return math.abs(a - b) <= (tol or 1e-12) * math.max(1, math.abs(b)) end

local rule_checks = 0

-- Per-step rule: arrays of the live developers (ids 1..10 in creation order
-- while nobody is bankrupt); methods take developer ids.
local function per_step(world, devs)
  check(devs.n == world:count {}, "devs.n %d", devs.n)
  local id, kind, cap, home = devs.id, devs.kind, devs.capital, devs.home
  check(#id == devs.n and world:dev(id[devs.n], "alive"), "ids")
  if world:step() == 1 then -- nobody is bankrupt yet: positions are ids
    check(id[1] == 1 and id[10] == 10, "ids at step 1")
    check(kind[1] == "incumbent" and kind[4] == "startup" and kind[9] == "open_source", "kinds %s %s %s", kind[1], kind[4], kind[9])
    check(home[1] == "aa" and home[4] == "bb", "homes")
    check(cap[4] == 12.5, "startup capital at step 1: %g", cap[4])
    check(devs:certified(1, "aa") == "incumbency" and devs:certified(4, "aa") == nil, "certified")
  end
  check(devs.kind == kind, "a column is one table for the whole step")
  check(devs:column("capital") == cap, "column() and the field are the same table")
  check(devs.alive[1] == true and devs.upstream[devs.n] == false, "alive/upstream columns")
  local st = devs:states("aa")
  for k = 1, devs.n do
    check(st[k] == devs:market(id[k], "aa") and cap[k] == devs:get(id[k], "capital"), "columns vs methods at %d", k)
  end
  -- entry_value of lab 9 in bb against the formula, computed here independently
  -- (bb is not binding: models certified there count with its label premium)
  local eps = world:param("market.elasticity")
  local premium = 1 + world:get("bb", "label_premium")
  local others = 0
  for _, i in ipairs(world:developers { market = "bb", state = "deployed" }) do
    if i ~= 9 then
      local a = (world:dev(i, "productivity") * (1 + world:dev(i, "capability"))) ^ (eps - 1) * world:dev(i, "reputation")
      others = others + a * (world:certified(i, "bb") and premium or 1)
    end
  end
  local a9 = (world:dev(9, "productivity") * (1 + world:dev(9, "capability"))) ^ (eps - 1) * world:dev(9, "reputation")
  local bb = world:jurisdiction("bb")
  local expect = bb.market / eps * a9 / (bb.outside + others + a9)
  check(near(devs:entry_value(9, "bb"), expect, 1e-9), "entry_value %g vs %g at step %d", devs:entry_value(9, "bb"), expect, world:step())
  local first = id[1] -- a live developer (developer 1 may go bankrupt)
  devs:set(first, "invest_rate", 0.2)
  check(devs:get(first, "invest_rate") == 0.2 and devs.invest_rate[1] == 0.2, "set updates get and the column")
  devs:decide(first)
  local ok, msg = pcall(devs.decide, devs, first)
  check(not ok and msg:find("already took its default decisions"), "decide twice: %s", tostring(msg))
  devs:decide()
  local ok2, why = devs:exit(9, "aa") -- lab 9 is absent from aa: a refusal, not an error
  check(ok2 == false and why:find("developer 9 is not in 'aa'"), "exit refusal: %s", tostring(why))
  rule_checks = rule_checks + 1
end

-- Per-developer rule: one reused proxy.
local per_dev = accord.per_developer(function(world, d)
  check(d.id >= 1 and d.id <= world:ndev(), "d.id")
  check(d.kind == world:dev(d.id, "kind") and d.home == world:dev(d.id, "home"), "d.kind/home")
  check(d.capital == world:dev(d.id, "capital"), "d.capital")
  check(d:market("aa") == world:market(d.id, "aa"), "d:market")
  check(d:certified("aa") == world:certified(d.id, "aa"), "d:certified")
  if d.kind == "startup" then
    d.invest_rate = 0.25
    check(world:dev(d.id, "invest_rate") == 0.25, "proxy write")
    check(d:entry_value("bb") > 0, "entry value")
  end
  check(tostring(d) == "developer " .. d.id, "tostring %s", tostring(d))
  d:decide()
  rule_checks = rule_checks + 1
end)

local inc_seen = 0
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
  name = "api_ok",
  years = 1,
  risk = { base_hazard = 0, patch_months = 2, self_detect = 0, harm_per_revenue = 1 }, open_upstream_share = 0.5,
  jurisdictions = {
    pinned { id = "aa", name = "Alpha", market = 500, outside = 20, binding = true, stringency = 0.6,
                   cert_cost = 0.3, detection = 1, audit_rate = 0 },
    pinned { id = "bb", name = "Beta", market = 800, outside = 30, binding = false, stringency = 0.4,
                   detection = 0 },
  },
  populations = {
    population { kind = "incumbent", home = "aa", count = 3, safety = fixed(0.9), capital = fixed(1000) },
    population { kind = "startup", home = "bb", count = 5, capital = fixed(12.5), safety = fixed(0.5) },
    population { kind = "open_source", home = "aa", count = 2, safety = fixed(0.3), capital = fixed(100) },
  },
  developer_rule = ({ [1] = per_step, [2] = per_dev })[form],
  policies = { function(world)
    local step = world:step()
    check(near(world:year(), step / 12), "year: the end of the step, as in timeseries.csv")
    if step ~= 1 then return end
    -- time
    check(world:steps() == 12 and world:years() == 1 and world:steps_per_year() == 12, "horizon")
    -- jurisdictions
    local ids = world:jurisdictions()
    check(#ids == 2 and ids[1] == "aa" and ids[2] == "bb", "jurisdictions")
    local a = world:jurisdiction("aa")
    check(a.id == "aa" and a.name == "Alpha" and a.binding == true and a.stringency == 0.6 and a.bloc == nil, "jurisdiction()")
    check(world:get("aa", "binding") == true and world:get("bb", "binding") == false, "get bool")
    check(world:get("aa", "name") == "Alpha" and world:get("aa", "id") == "aa", "get name, id")
    world:set("aa", "stringency", 0.65)
    check(world:get("aa", "stringency") == 0.65, "set/get")
    world:set("aa", "stringency", 0.65) -- no change: no second event (checked in on_step_end)
    world:set("aa", "binding", true)
    world:set("bb", "label_premium", 0.05)
    check(world:get("bb", "label_premium") == 0.05, "set/get 2")
    check(world:param("market.elasticity") == 4, "param")
    world:set_param("risk.severity_sigma", 0.5)
    check(world:param("risk.severity_sigma") == 0.5, "set_param")
    world:set_param("risk.severity_sigma", 0.5)
    -- the field list of accord fields
    local jf, byname = accord.fields("jurisdiction"), {}
    for _, f in ipairs(jf) do byname[f.name] = f end
    check(jf[1].name == "market" and jf[1].type == "number" and jf[1].unit == "M$/yr", "fields()[1]")
    check(byname.binding.type == "boolean" and byname.binding.default == false and byname.binding.min == nil, "binding field")
    check(byname.stringency.min == 0 and byname.stringency.max == 1 and byname.stringency.default == 0.5, "stringency field")
    -- (v2 adds fields in several places: the count grows; users, user_growth are v2 change 7)
    check(byname.market.max == 1e12 and byname.entry_cost.max == math.huge and #jf >= 20 and byname.users and byname.user_growth, "fields: %d", #jf)
    check(byname.venture_funding and byname.venture_funding.default == 900 and byname.venture_funding.unit == "M$/yr", "venture_funding field") -- v2 change 6
    local found = false
    for _, f in ipairs(accord.fields("scenario")) do found = found or f.name == "risk.base_hazard" end
    check(found, "scenario fields")
    -- recognition
    check(world:recognition("bb", "aa") == nil, "no recognition yet")
    world:recognize { to = "bb", from = "aa", mode = "equivalence" }
    check(world:recognition("bb", "aa") == "equivalence" and world:recognition("aa", "bb") == nil, "recognize")
    world:unrecognize { to = "bb", from = "aa" }
    check(world:recognition("bb", "aa") == nil, "unrecognize")
    world:recognize { to = "bb", from = "aa", mutual = true, fee = 0.01, review_months = 0 }
    check(world:recognition("bb", "aa") == "assessment" and world:recognition("aa", "bb") == "assessment", "mutual")
    world:unrecognize { to = "aa", from = "bb", mutual = true }
    check(world:recognition("bb", "aa") == nil and world:recognition("aa", "bb") == nil, "mutual remove")
    -- sharing
    check(world:sharing("aa", "bb") == nil, "no link")
    world:share { from = "aa", to = "bb", lag_months = 2 }
    local l = world:sharing("aa", "bb")
    check(l.active == true and l.lag_months == 2 and world:sharing("bb", "aa") == nil, "share")
    world:suspend_sharing { from = "aa", to = "bb" }
    check(world:sharing("aa", "bb").active == false, "suspend")
    world:suspend_sharing { from = "aa", to = "bb" } -- already suspended: no event
    world:restore_sharing { from = "aa", to = "bb" }
    check(world:sharing("aa", "bb").active == true, "restore")
    world:share { from = "bb", to = "aa", active = false }
    check(world:sharing("bb", "aa").active == false, "share inactive")
    world:restore_sharing { from = "aa", to = "bb", mutual = true }
    check(world:sharing("bb", "aa").active == true, "mutual restore")
    -- blocs
    check(#world:blocs() == 0, "no blocs")
    world:bloc { id = "ab", members = { "aa", "bb" }, standard = "min" }
    check(world:blocs()[1] == "ab" and world:jurisdiction("aa").bloc == "ab", "bloc")
    check(world:bloc_standard("ab") == 0.4, "min standard %g", world:bloc_standard("ab"))
    world:set_bloc_standard("ab", "max")
    check(world:bloc_standard("ab") == 0.65, "max standard")
    world:set_bloc_standard("ab", "mean")
    check(near(world:bloc_standard("ab"), 0.525), "mean standard")
    world:set_bloc_standard("ab", 0.42)
    check(world:bloc_standard("ab") == 0.42, "fixed standard")
    world:set_bloc_standard("ab", 0.42)
    local m = world:bloc_members("ab")
    check(#m == 2 and m[1] == "aa" and m[2] == "bb", "members")
    -- developers: 3 incumbents (1-3, aa), 5 startups (4-8, bb), 2 labs (9-10, aa)
    check(world:ndev() == 10, "ndev")
    check(world:count {} == 10 and world:count { kind = "startup" } == 5 and world:count { home = "aa" } == 5, "counts")
    check(world:count { market = "aa" } == 3 and world:count { market = "bb" } == 5, "present (incumbency, home)")
    check(world:count { market = "aa", certified = true } == 3, "certified count")
    check(world:count { market = "aa", state = "absent" } == 7, "absent count")
    check(world:count { alive = false } == 0 and world:count { alive = "any" } == 10, "alive filter")
    check(world:sum("capital", { kind = "startup" }) == 62.5, "sum")
    check(world:mean("capital", { kind = "startup" }) == 12.5, "mean")
    check(world:mean("capital", { kind = "startup", home = "aa" }) == nil, "mean of none")
    local st = world:stats("capital", {})
    check(st.count == 10 and st.sum == 3262.5 and st.min == 12.5 and st.max == 1000 and st.mean == 326.25, "stats")
    local os = world:developers { kind = "open_source" }
    check(#os == 2 and os[1] == 9 and os[2] == 10, "developers()")
    check(world:dev(4, "kind") == "startup" and world:dev(4, "home") == "bb" and world:dev(4, "alive") == true, "dev()")
    check(world:dev(4, "id") == 4 and world:dev(1, "upstream") == nil, "dev id/upstream")
    world:set_dev(4, "safety", 0.77)
    check(world:dev(4, "safety") == 0.77, "set_dev")
    world:set_dev(4, "upstream", 9)
    check(world:dev(4, "upstream") == 9, "set upstream")
    world:set_dev(4, "upstream", nil)
    check(world:dev(4, "upstream") == nil, "clear upstream")
    check(world:market(1, "aa") == "deployed" and world:market(9, "aa") == "absent", "market()")
    check(world:certified(1, "aa") == "incumbency" and world:certified(4, "aa") == nil, "certified()")
    -- metrics and summary before any step completed
    local mt = world:metrics("aa")
    check(mt.step == 0 and mt.deployed ~= nil, "metrics")
    check(world:metric("all", "incidents") == 0, "metric")
    check(type(world:summary().revenue) == "number", "summary")
    -- a vulnerability that aa (detection 1/yr = 1 per step) notices next step
    world:inject_vulnerability(1, 2.5, false)
    check(world:dev(1, "live_vuln") == 2.5 and world:count { vulnerable = true } == 1, "injected")
    world:log("hello from step 1")
    world:record("answer", 42)
  end },
  on_incident = function(world, inc)
    inc_seen = inc_seen + 1
    check(inc.developer == 1 and inc.severity == 2.5 and inc.detected_by == "aa", "incident %s", inc.detected_by)
    check(inc.step == 2 and inc.lag == 1 and inc.year == 2 / 12, "incident timing %d %g", inc.step, inc.lag)
  end,
  on_step_end = function(world)
    local step = world:step()
    if step == 1 then
      local v = world:events("vulnerability", { step = 1 })
      check(#v == 1 and v[1].developer == 1 and v[1].value == 2.5 and v[1].detail == "injected", "events(vulnerability)")
      local pol = world:events("policy", { step = 1 })
      check(#pol >= 10, "policy events %d", #pol)
      -- one event per change: setting a value a field, link or bloc already has writes none
      local n = {}
      for _, e in ipairs(pol) do n[e.detail] = (n[e.detail] or 0) + 1 end
      check(n.stringency == 1 and n.binding == nil and n["risk.severity_sigma"] == 1, "no-op sets: %s %s %s",
        tostring(n.stringency), tostring(n.binding), tostring(n["risk.severity_sigma"]))
      check(n.link_suspend == 1 and n.link_restore == 2 and n.bloc_standard == 3, "no-op links, blocs: %s %s %s",
        tostring(n.link_suspend), tostring(n.link_restore), tostring(n.bloc_standard))
      check(world:metrics("aa").step == 1, "metrics of this step")
    elseif step == 2 then
      local inc = world:events("incident", { step = 2, jurisdiction = "aa" })
      check(#inc == 1 and inc[1].developer == 1 and inc[1].lag == 1, "events(incident)")
      check(#world:events("incident", { step = 1 }) == 0, "previous step kept")
      check(world:market(1, "aa") == "suspended" and world:count { market = "aa", state = "suspended" } == 1, "aware: suspended")
      check(inc_seen == 1, "on_incident ran once")
    end
    world:record("step_seen", step)
    world:record("rule_checks", rule_checks)
  end,
})
