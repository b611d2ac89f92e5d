--[[ policies — reusable policies for scenarios: tightening after incidents,
regulatory capture by incumbents' lobbying, compliance subsidies for
startups, suspension and restoration of sharing links, a regulatory sandbox
(fee waiver) for small developers. Each constructor returns a policy object
(a table of hooks); policies.attach merges them into a scenario:

  local policies = require "policies"
  local scn = scenario { ... }
  return policies.attach(scn, {
    policies.tighten_after_incidents { jurisdiction = "eu", incidents = 3, min_severity = 2 },
    policies.suspend_sharing { from = "us", to = "eu", mutual = true, year = 4 },
  })

A policy object may hold: policies = { f(world), ... } (run at the start of
every step), on_incident = f(world, incident), on_step_end = f(world),
developer_rule = f(world, devs). See docs/scripting.md.

SPDX-License-Identifier: GPL-3.0-or-later ]]

local M = {}

-- ---- argument checking ------------------------------------------------------
-- Errors point at the scenario line that called the constructor: `level`
-- counts from fail's caller (2: a constructor calling fail directly, 3: a
-- helper called by a constructor). The sandbox has no debug library, so the
-- levels are written out.

local function fail(fn, msg, level)
  error(string.format("policies.%s: %s", fn, msg), (level or 2) + 1)
end

local function check_opts(fn, o, known)
  if type(o) ~= "table" then fail(fn, "options must be a table, got " .. type(o), 3) end
  local names = {}
  for k in pairs(known) do names[#names + 1] = k end
  table.sort(names)
  for k in pairs(o) do
    if not known[k] then
      fail(fn, string.format("unknown option '%s' (known: %s)", tostring(k), table.concat(names, ", ")), 3)
    end
  end
end

local function need_string(fn, o, key)
  local v = o[key]
  if type(v) ~= "string" then fail(fn, string.format("%s must be a jurisdiction id (a string), got %s", key, type(v)), 3) end
  return v
end

local function number_in(fn, o, key, default, lo, hi)
  local v = o[key]
  if v == nil then return default end
  if type(v) ~= "number" or v ~= v or v < lo or v > hi then
    fail(fn, string.format("%s must be a number in [%s, %s], got %s", key, tostring(lo), tostring(hi), tostring(v)), 3)
  end
  return v
end

local function bool_opt(fn, o, key, default)
  local v = o[key]
  if v == nil then return default end
  if type(v) ~= "boolean" then fail(fn, string.format("%s must be true or false, got %s", key, type(v)), 3) end
  return v
end

-- ---- attach ----------------------------------------------------------------

local function as_list(v)
  if v == nil then return {} end
  if type(v) == "function" then return { v } end
  return v
end

--- Merge policy objects into the scenario table `scn` (from scenario{...}):
--- step policies are appended in order, on_incident and on_step_end hooks
--- chained after the scenario's own; at most one developer_rule in all.
function M.attach(scn, list)
  if type(scn) ~= "table" then error("policies.attach: first argument must be the scenario table", 2) end
  if type(list) ~= "table" then error("policies.attach: second argument must be a list of policies", 2) end
  local pol = as_list(scn.policies)
  local inc = { scn.on_incident }
  local fin = { scn.on_step_end }
  local rule = scn.developer_rule
  for i, p in ipairs(list) do
    if type(p) ~= "table" then
      error(string.format("policies.attach: item %d is a %s, not a policy object", i, type(p)), 2)
    end
    for _, f in ipairs(as_list(p.policies)) do pol[#pol + 1] = f end
    if p.on_incident then inc[#inc + 1] = p.on_incident end
    if p.on_step_end then fin[#fin + 1] = p.on_step_end end
    if p.developer_rule then
      if rule then error("policies.attach: more than one developer_rule (item " .. i .. ")", 2) end
      rule = p.developer_rule
    end
  end
  scn.policies = pol
  if #inc > 0 then
    scn.on_incident = function(world, incident)
      for _, f in ipairs(inc) do f(world, incident) end
    end
  end
  if #fin > 0 then
    scn.on_step_end = function(world)
      for _, f in ipairs(fin) do f(world) end
    end
  end
  scn.developer_rule = rule
  return scn
end

-- ---- timing ------------------------------------------------------------------

-- Time at the start of the current step, in years. world:year() is the time
-- at its end (step / steps_per_year, as in timeseries.csv), so a policy "at
-- year y" acts in the step that starts at y, as scenario events do.
local function start_year(world)
  return world:year() - 1 / world:steps_per_year() + 1e-9
end
M.start_year = start_year

--- Run fn(world) once, at the first step that starts at or after `year`
--- (never, if the horizon is shorter: safe with --set years=...).
function M.at_year(year, fn)
  if type(year) ~= "number" or year < 0 then error("policies.at_year: year must be a number >= 0", 2) end
  if type(fn) ~= "function" then error("policies.at_year: second argument must be a function(world)", 2) end
  local done = false
  return { policies = { function(world)
    if not done and start_year(world) >= year then
      done = true
      fn(world)
    end
  end } }
end

-- ---- tighten after incidents -------------------------------------------------

--- The regulator of `jurisdiction` raises `field` (default stringency) by
--- `step` each time `incidents` incidents of at least `min_severity` have
--- hit models deployed there (where = "deployed"), been detected by it
--- (where = "detected"), or happened anywhere (where = "any"); never above
--- `max`. The change takes effect at the start of the next step.
function M.tighten_after_incidents(o)
  local fn = "tighten_after_incidents"
  check_opts(fn, o, { jurisdiction = true, incidents = true, min_severity = true, field = true,
    step = true, max = true, where = true, log = true })
  local j = need_string(fn, o, "jurisdiction")
  local need = number_in(fn, o, "incidents", 3, 1, 1e9)
  local min_sev = number_in(fn, o, "min_severity", 0, 0, math.huge)
  local field = o.field or "stringency"
  local step = number_in(fn, o, "step", 0.05, -math.huge, math.huge)
  local max = number_in(fn, o, "max", field == "stringency" and 1 or math.huge, -math.huge, math.huge)
  local where = o.where or "deployed"
  if where ~= "deployed" and where ~= "detected" and where ~= "any" then
    fail(fn, "where must be \"deployed\", \"detected\" or \"any\", got " .. tostring(where))
  end
  local log = bool_opt(fn, o, "log", true)
  local count, pending = 0, 0
  return {
    on_incident = function(world, inc)
      if inc.severity < min_sev then return end
      if where == "detected" and inc.detected_by ~= j then return end
      if where == "deployed" and world:market(inc.developer, j) == "absent" then return end
      count = count + 1
      if count >= need then
        count = 0
        pending = pending + 1
      end
    end,
    policies = { function(world)
      while pending > 0 do
        pending = pending - 1
        local old = world:get(j, field)
        local new = math.min(max, old + step)
        if new ~= old then
          world:set(j, field, new)
          if log then world:log(string.format("%s tightens %s %.3f -> %.3f after %d incidents", j, field, old, new, need)) end
        end
      end
    end },
  }
end

-- ---- regulatory capture ----------------------------------------------------------

--- Incumbents lobby `jurisdiction`'s regulator: each year, each field in
--- `rates` (default { cert_cost = 0.3 }) grows by rate x the incumbents'
--- share of AI revenue there (1 - startup share - open-source share, last
--- step's metrics), compounded per step, up to `max_multiple` times its
--- value when the capture began (stringency: at most 1). record = true
--- records "<jurisdiction>_<field>" every step.
function M.regulatory_capture(o)
  local fn = "regulatory_capture"
  check_opts(fn, o, { jurisdiction = true, rates = true, max_multiple = true, from_year = true, record = true })
  local j = need_string(fn, o, "jurisdiction")
  local rates = o.rates or { cert_cost = 0.3 }
  if type(rates) ~= "table" then fail(fn, "rates must be a table { field = rate per year }") end
  local fields = {}
  for f, r in pairs(rates) do
    if type(f) ~= "string" or type(r) ~= "number" or r < 0 or r ~= r then
      fail(fn, "rates must map field names to numbers >= 0, got " .. tostring(f) .. " = " .. tostring(r))
    end
    fields[#fields + 1] = f
  end
  table.sort(fields)
  local max_multiple = number_in(fn, o, "max_multiple", 5, 1, math.huge)
  local from_year = number_in(fn, o, "from_year", 0, 0, math.huge)
  local record = bool_opt(fn, o, "record", false)
  local base = nil
  return {
    policies = { function(world)
      if start_year(world) < from_year or world:step() < 2 then return end
      if not base then
        base = {}
        for _, f in ipairs(fields) do base[f] = world:get(j, f) end
      end
      local m = world:metrics(j)
      local incumbent_share = 1 - m.startup_share - m.open_source_share
      if m.revenue <= 0 then incumbent_share = 0 end
      local spy = world:steps_per_year()
      for _, f in ipairs(fields) do
        local old = world:get(j, f)
        local cap = f == "stringency" and 1 or base[f] * max_multiple
        local new = math.min(cap, old * (1 + rates[f] * incumbent_share) ^ (1 / spy))
        if new > old then world:set(j, f, new) end
      end
    end },
    on_step_end = record and function(world)
      for _, f in ipairs(fields) do world:record(j .. "_" .. f, world:get(j, f)) end
    end or nil,
  }
end

-- ---- compliance subsidies for startups ---------------------------------------------

--- The government of `jurisdiction` refunds startups `share` of the
--- certification fee (cert_cost) of each application they made there in the
--- previous step, and (compliance = true) `share` of the ongoing compliance
--- cost while they are certified there; at most `budget` M$ per year.
--- record = true records "subsidy_<jurisdiction>" (M$ paid per step).
function M.startup_subsidy(o)
  local fn = "startup_subsidy"
  check_opts(fn, o, { jurisdiction = true, share = true, compliance = true, budget = true, from_year = true, record = true })
  local j = need_string(fn, o, "jurisdiction")
  local share = number_in(fn, o, "share", 0.5, 0, 1)
  local compliance = bool_opt(fn, o, "compliance", true)
  local budget = number_in(fn, o, "budget", math.huge, 0, math.huge)
  local from_year = number_in(fn, o, "from_year", 0, 0, math.huge)
  local record = bool_opt(fn, o, "record", false)
  local paid_step, paid_year, year_of = 0, 0, -1
  local function pay(world, dev, amount)
    if amount <= 0 or not world:dev(dev, "alive") then return end
    if paid_year + amount > budget then amount = budget - paid_year end
    if amount <= 0 then return end
    world:set_dev(dev, "capital", world:dev(dev, "capital") + amount)
    paid_year = paid_year + amount
    paid_step = paid_step + amount
  end
  return {
    policies = { function(world)
      paid_step = 0
      local y = math.floor(start_year(world))
      if y ~= year_of then year_of, paid_year = y, 0 end
      if start_year(world) < from_year then return end
      local fee = world:get(j, "cert_cost")
      for _, e in ipairs(world:events("application", { kind = "startup", jurisdiction = j })) do
        pay(world, e.developer, share * fee)
      end
      if compliance then
        local per_step = share * world:get(j, "compliance_cost") / world:steps_per_year()
        if per_step > 0 then
          for _, dev in ipairs(world:developers { kind = "startup", market = j, certified = true }) do
            pay(world, dev, per_step)
          end
        end
      end
    end },
    on_step_end = record and function(world) world:record("subsidy_" .. j, paid_step) end or nil,
  }
end

-- ---- sharing suspension and restoration -----------------------------------------------

--- Suspend the sharing link from -> to (both directions with mutual = true)
--- at the first step starting at or after `year`, and restore it at
--- `restore_year` if given. Safe with short horizons (never fires).
function M.suspend_sharing(o)
  local fn = "suspend_sharing"
  check_opts(fn, o, { from = true, to = true, mutual = true, year = true, restore_year = true, log = true })
  local from, to = need_string(fn, o, "from"), need_string(fn, o, "to")
  local mutual = bool_opt(fn, o, "mutual", false)
  local year = number_in(fn, o, "year", 0, 0, math.huge)
  local restore = o.restore_year and number_in(fn, o, "restore_year", nil, year, math.huge)
  local log = bool_opt(fn, o, "log", true)
  local state = "before"
  return { policies = { function(world)
    local t = start_year(world)
    if state == "before" and t >= year then
      world:suspend_sharing { from = from, to = to, mutual = mutual }
      if log then world:log(string.format("sharing %s %s %s suspended", from, mutual and "<->" or "->", to)) end
      state = "suspended"
    end
    if state == "suspended" and restore and t >= restore then
      world:restore_sharing { from = from, to = to, mutual = mutual }
      if log then world:log(string.format("sharing %s %s %s restored", from, mutual and "<->" or "->", to)) end
      state = "restored"
    end
  end } }
end

--- Add a sharing link at `year` (e.g. a bridge that starts later).
function M.start_sharing(o)
  local fn = "start_sharing"
  check_opts(fn, o, { from = true, to = true, mutual = true, lag_months = true, year = true })
  local link = { from = need_string(fn, o, "from"), to = need_string(fn, o, "to"),
    mutual = bool_opt(fn, o, "mutual", false), lag_months = number_in(fn, o, "lag_months", 0, 0, 120) }
  local year = number_in(fn, o, "year", 0, 0, math.huge)
  return M.at_year(year, function(world) world:share(link) end)
end

--- Add a recognition at `year` (fields as world:recognize{...}).
function M.start_recognition(o)
  local fn = "start_recognition"
  check_opts(fn, o, { to = true, from = true, mode = true, fee = true, review_months = true, mutual = true, year = true })
  local rec = {}
  for k, v in pairs(o) do if k ~= "year" then rec[k] = v end end
  need_string(fn, o, "to")
  need_string(fn, o, "from")
  local year = number_in(fn, o, "year", 0, 0, math.huge)
  return M.at_year(year, function(world) world:recognize(rec) end)
end

-- ---- regulatory sandbox for small developers ---------------------------------------------

--- A regulatory sandbox in binding `jurisdiction`: startups whose revenue
--- over the last 12 months is at most `max_revenue` M$ have `fee_waiver` of
--- the certification fee waived (refunded on application). Their entry
--- test is the model's own (horizon x net profit per year > entry cost +
--- the fee they actually pay, safety >= stringency, capital >= entry cost +
--- fee), evaluated with devs:entry_value; other developers follow the
--- default rule. A per-step developer_rule (see docs/scripting.md for its
--- cost). record = true records
--- "sandbox_entries_<jurisdiction>" and "sandbox_cost_<jurisdiction>".
function M.startup_sandbox(o)
  local fn = "startup_sandbox"
  check_opts(fn, o, { jurisdiction = true, fee_waiver = true, max_revenue = true, from_year = true, record = true })
  local j = need_string(fn, o, "jurisdiction")
  local waiver = number_in(fn, o, "fee_waiver", 1, 0, 1)
  local max_revenue = number_in(fn, o, "max_revenue", math.huge, 0, math.huge)
  local from_year = number_in(fn, o, "from_year", 0, 0, math.huge)
  local record = bool_opt(fn, o, "record", false)
  -- the regime as it stands this step (read once per step, not per developer)
  local active, binding, fee, e0, f, xi, sigma, eps = false, false, 0, 0, 0, 0, 0, 4
  local entries, cost = 0, 0
  return {
    policies = { function(world)
      local r = world:jurisdiction(j)
      active = start_year(world) >= from_year
      binding, fee, e0, sigma = r.binding, r.cert_cost, r.entry_cost, r.stringency
      f, xi, eps = r.compliance_cost, r.compliance_share, world:param("market.elasticity")
      entries, cost = 0, 0
    end },
    developer_rule = function(world, devs)
      if active and binding then
        local id, kind, revenue, before = devs.id, devs.kind, devs.revenue_12m, devs:states(j)
        for k = 1, devs.n do
          if kind[k] == "startup" and revenue[k] <= max_revenue then
            local i = id[k]
            devs:decide(i)
            local after = devs:market(i, j)
            if after == "absent" and devs:get(i, "safety") >= sigma and devs:get(i, "capital") >= e0 + fee then
              local net = devs:entry_value(i, j) * (1 - eps * xi) - f
              if devs:get(i, "horizon") * net > e0 + (1 - waiver) * fee and devs:apply(i, j, "own") then
                after = "pending"
                entries = entries + 1
              end
            end
            if before[k] ~= "pending" and after == "pending" then
              devs:set(i, "capital", devs:get(i, "capital") + waiver * fee)
              cost = cost + waiver * fee
            end
          end
        end
      end
      devs:decide() -- everyone not decided above: the default rule
    end,
    on_step_end = record and function(world)
      world:record("sandbox_entries_" .. j, entries)
      world:record("sandbox_cost_" .. j, cost)
    end or nil,
  }
end

-- ---- recording --------------------------------------------------------------------------

--- Record, for each id in `jurisdictions`, how long vulnerable models went
--- unnoticed there: every step, each model deployed in j with a live
--- vulnerability that j is not aware of (so not suspended) adds one
--- model-step of exposure. "<j>_exposed" is the running total (the sum of
--- every vulnerability's detection lag in j, in steps, cut short by
--- patches); "<j>_unnoticed" the count this step. Unlike the mean lag of
--- detected incidents, it does not depend on which vulnerabilities happen
--- to be detected before their patch.
function M.record_exposure(o)
  local fn = "record_exposure"
  check_opts(fn, o, { jurisdictions = true })
  if type(o.jurisdictions) ~= "table" then fail(fn, "jurisdictions must be a list of ids") end
  local ids = o.jurisdictions
  local total = {}
  for _, j in ipairs(ids) do total[j] = 0 end
  return { on_step_end = function(world)
    for _, j in ipairs(ids) do
      local now = world:count { market = j, state = "deployed", vulnerable = true }
      total[j] = total[j] + now
      world:record(j .. "_unnoticed", now)
      world:record(j .. "_exposed", total[j])
    end
  end }
end

--- Record regime fields every step: "<jurisdiction>_<field>" in custom.csv.
function M.record_regime(o)
  local fn = "record_regime"
  check_opts(fn, o, { jurisdiction = true, fields = true })
  local j = need_string(fn, o, "jurisdiction")
  local fields = o.fields or { "stringency" }
  return { on_step_end = function(world)
    for _, f in ipairs(fields) do
      local v = world:get(j, f)
      if type(v) == "boolean" then v = v and 1 or 0 end
      world:record(j .. "_" .. f, v)
    end
  end }
end

return M
