--[[ policies — reusable policies for scenarios: tightening after incidents,
regulatory capture by incumbents' lobbying, compliance subsidies for
startups, suspension and restoration of sharing links, a regulatory sandbox
(fee waiver) for small developers. Each constructor returns a policy object
(a table of hooks); policies.attach merges them into a scenario:

  local policies = require "policies"
  local scn = scenario { ..., sharing = { share { from = "us", to = "eu", mutual = true } } }
  return policies.attach(scn, {
    policies.tighten_after_incidents { jurisdiction = "eu", incidents = 3, min_severity = 2 },
    policies.suspend_sharing { from = "us", to = "eu", mutual = true, year = 4 },
  })

A policy object may hold: policies = { f(world), ... } (run at the start of
every step), on_incident = f(world, incident), on_step_end = f(world),
developer_rule = f(world, devs). Constructors check their options when
called, field names included (accord.fields); policies.attach checks each
object's keys and, against the scenario, the jurisdiction ids and links the
constructors named: mistakes stop the scenario while it loads, at the
constructor's line. See docs/scripting.md.

SPDX-License-Identifier: GPL-3.0-or-later ]]

local M = {}

-- ---- argument checking ------------------------------------------------------
-- Errors point at the scenario line that called the constructor: `level`
-- counts from fail's caller (2: a constructor calling fail directly, 3: a
-- helper called by a constructor). The sandbox has no debug library, so the
-- levels are written out. What needs the scenario (jurisdiction ids, links)
-- is checked by policies.attach, which reports it at the constructor's line.

local function fail(fn, msg, level)
  error(string.format("policies.%s: %s", fn, msg), (level or 2) + 1)
end

-- Levenshtein distance, for "did you mean".
local function distance(a, b)
  if #a > 63 or #b > 63 then return 99 end
  local prev = {}
  for k = 0, #b do prev[k] = k end
  for i = 1, #a do
    local cur = { [0] = i }
    for k = 1, #b do
      local c = prev[k - 1] + (a:byte(i) == b:byte(k) and 0 or 1)
      cur[k] = math.min(c, prev[k] + 1, cur[k - 1] + 1)
    end
    prev = cur
  end
  return prev[#b]
end

-- " (did you mean 'x'?)" for the name of `names` within 3 edits of `name`, or "".
local function did_you_mean(name, names)
  local best, bd = nil, 4
  for _, n in ipairs(names) do
    local d = distance(name, n)
    if d < bd then best, bd = n, d end
  end
  return best and string.format(" (did you mean '%s'?)", best) or ""
end

-- The keys of t in a fixed order (by their text), so that of several bad
-- entries the same one is reported in every run (pairs() order changes
-- from run to run).
local function keys_sorted(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  return keys
end

local function check_opts(fn, o, known)
  if type(o) ~= "table" then fail(fn, "options must be a table, got " .. type(o), 3) end
  local names = keys_sorted(known)
  for _, k in ipairs(keys_sorted(o)) do
    if not known[k] then
      fail(fn, string.format("unknown option '%s'%s (known: %s)", tostring(k),
        type(k) == "string" and did_you_mean(k, names) or "", table.concat(names, ", ")), 3)
    end
  end
end

local function need_string(fn, o, key)
  local v = o[key]
  if type(v) ~= "string" then fail(fn, string.format("%s must be a jurisdiction id (a string), got %s", key, type(v)), 3) end
  return v
end

-- A bound as messages show it: 1, 0.25, inf.
local function num(v)
  if v == math.huge then return "inf" elseif v == -math.huge then return "-inf" end
  if v == math.floor(v) and math.abs(v) < 1e15 then return string.format("%d", v) end
  return string.format("%.10g", v)
end

local function number_in(fn, o, key, default, lo, hi, whole)
  local v = o[key]
  if v == nil then return default end
  if type(v) ~= "number" or v ~= v or v < lo or v > hi or (whole and v ~= math.floor(v)) then
    fail(fn, string.format("%s must be a %s in [%s, %s], got %s", key, whole and "whole number" or "number", num(lo), num(hi), v ~= v and "nan" or tostring(v)), 3)
  end
  return v
end

local function bool_opt(fn, o, key, default)
  local v = o[key]
  if v == nil then return default end
  if type(v) ~= "boolean" then fail(fn, string.format("%s must be true or false, got %s", key, type(v)), 3) end
  return v
end

-- The jurisdiction fields (accord fields): by name, and their names in order.
local field_by_name, field_names
local function jur_fields()
  if not field_by_name then
    field_by_name, field_names = {}, {}
    for _, f in ipairs(accord.fields("jurisdiction")) do
      field_by_name[f.name] = f
      field_names[#field_names + 1] = f.name
    end
  end
  return field_by_name, field_names
end

-- The jurisdiction field `name`, given as `label` ("field = ", "rates: "), or
-- raise at the constructor's caller (level as fail's, from this helper's
-- caller). numeric: the policy changes it by arithmetic, so not binding.
local function need_field(fn, label, name, level, numeric)
  local by_name, names = jur_fields()
  local f = type(name) == "string" and by_name[name]
  if not f then
    local hint = type(name) == "string" and did_you_mean(name, names) or ""
    fail(fn, string.format("%s%s is not a jurisdiction field%s", label,
      type(name) == "string" and "'" .. name .. "'" or "a " .. type(name),
      hint ~= "" and hint or " (accord fields lists them)"), level + 1)
  end
  if numeric and f.type == "boolean" then
    fail(fn, string.format("%s'%s' is true or false: this policy changes numbers", label, name), level + 1)
  end
  return f
end

-- Where the constructor that calls this was called from ("file:line: "), for
-- the checks policies.attach makes later; "" when unknown (called from C,
-- e.g. through pcall).
local function call_site()
  local _, where = pcall(error, "", 4)
  return type(where) == "string" and where or ""
end

-- What policies.attach checks against the scenario, by policy object: { fn,
-- site, ids = { {label, id}, ... }, suspend = {from, to, mutual, year},
-- adds = {from, to, mutual, year}, recognition = {to, from, mutual, year},
-- ends = {to, from, mutual, year} }.
local needs = setmetatable({}, { __mode = "k" })

local function declare(obj, fn, site, spec)
  spec.fn, spec.site = fn, site
  needs[obj] = spec
  return obj
end

-- ---- attach ----------------------------------------------------------------

local policy_keys = { "policies", "on_incident", "on_step_end", "developer_rule" }
local is_policy_key = { policies = true, on_incident = true, on_step_end = true, developer_rule = true }

local function as_list(v)
  if v == nil then return {} end
  if type(v) == "function" then return { v } end
  return v
end

-- Item i of attach's list: a table of hooks with known keys; raises at
-- attach's caller.
local function check_item(i, p)
  if type(p) ~= "table" then
    error(string.format("policies.attach: item %d is a %s, not a policy object", i, type(p)), 3)
  end
  local keys = {}
  for k in pairs(p) do keys[#keys + 1] = tostring(k) end
  table.sort(keys)
  for _, k in ipairs(keys) do
    if not is_policy_key[k] then
      error(string.format("policies.attach: item %d: unknown key '%s'%s (known: %s)", i, k,
        did_you_mean(k, policy_keys), table.concat(policy_keys, ", ")), 3)
    end
  end
  local steps = p.policies
  local ok = steps == nil or type(steps) == "function"
  if type(steps) == "table" then
    ok = true
    for _, f in ipairs(steps) do ok = ok and type(f) == "function" end
  end
  if not ok then
    error(string.format("policies.attach: item %d: policies must be a function or a list of functions", i), 3)
  end
  for _, k in ipairs { "on_incident", "on_step_end", "developer_rule" } do
    if p[k] ~= nil and type(p[k]) ~= "function" then
      error(string.format("policies.attach: item %d: %s must be a function, got %s", i, k, type(p[k])), 3)
    end
  end
end

-- What the scenario table declares: jurisdiction ids, links, recognitions.
local function declared(scn)
  local d = { links = {}, recognitions = {} }
  if type(scn.jurisdictions) == "table" then
    d.ids, d.id_list = {}, {}
    for _, j in ipairs(scn.jurisdictions) do
      if type(j) == "table" and type(j.id) == "string" then
        d.ids[j.id] = true
        d.id_list[#d.id_list + 1] = j.id
      end
    end
  end
  for _, l in ipairs(type(scn.sharing) == "table" and scn.sharing or {}) do
    if type(l) == "table" and type(l.from) == "string" and type(l.to) == "string" then
      d.links[l.from .. ">" .. l.to] = true
      if l.mutual then d.links[l.to .. ">" .. l.from] = true end
    end
  end
  for _, r in ipairs(type(scn.recognition) == "table" and scn.recognition or {}) do
    if type(r) == "table" and type(r.to) == "string" and type(r.from) == "string" then
      d.recognitions[r.to .. "<" .. r.from] = true
      if r.mutual then d.recognitions[r.from .. "<" .. r.to] = true end
    end
  end
  return d
end

-- The directions of a link or recognition: a -> b, and b -> a if mutual.
local function directions(a, b, mutual)
  if mutual then return { { a, b }, { b, a } } end
  return { { a, b } }
end

-- The first problem of policy object `spec` (list item i) in scenario `d`,
-- or nil. `adds`: the links start_sharing items add, with year and position.
local function problem(spec, i, d, adds)
  if d.ids then
    for _, e in ipairs(spec.ids or {}) do
      if not d.ids[e[2]] then
        return string.format("%s'%s' is not a jurisdiction of this scenario (known: %s)", e[1], e[2],
          table.concat(d.id_list, ", "))
      end
    end
  end
  local s = spec.suspend
  if s then
    for _, dir in ipairs(directions(s.from, s.to, s.mutual)) do
      local key, found = dir[1] .. ">" .. dir[2], false
      found = d.links[key] or false
      for _, a in ipairs(adds) do
        if a.links[key] and (a.year < s.year or (a.year == s.year and a.pos < i)) then found = true end
      end
      if not found then
        return string.format("no sharing link %s -> %s to suspend: declare it in the scenario's sharing = "
          .. "{ share { from = \"%s\", to = \"%s\" } }, or add it before year %s with policies.start_sharing",
          dir[1], dir[2], dir[1], dir[2], tostring(s.year))
      end
    end
  end
  local a = spec.adds
  if a then
    for _, dir in ipairs(directions(a.from, a.to, a.mutual)) do
      if d.links[dir[1] .. ">" .. dir[2]] then
        return string.format("a sharing link %s -> %s is already declared in the scenario's sharing "
          .. "(suspend_sharing can suspend and restore it)", dir[1], dir[2])
      end
    end
  end
  return nil
end

-- The recognitions start_recognition and end_recognition items add and end,
-- replayed in the order they act (the step each fires in, then the list's
-- order, as the policies run) from those the scenario declares: the first
-- start of a recognition that exists then, or end of one that does not, as
-- (spec, item, message); nil if none. A year past the horizon counts as
-- acting (the horizon may be --set longer).
local function recognition_replay(scn, d, list)
  local spy = tonumber(scn.steps_per_year) or 12
  local function step_of(year) return math.ceil(year * spy - 1e-9) end
  local ev = {}
  for i, p in ipairs(list) do
    local spec = needs[p]
    local r = spec and (spec.recognition or spec.ends)
    if r then ev[#ev + 1] = { spec = spec, i = i, r = r, start = spec.recognition ~= nil } end
  end
  table.sort(ev, function(a, b)
    local sa, sb = step_of(a.r.year), step_of(b.r.year)
    if sa ~= sb then return sa < sb end
    return a.i < b.i
  end)
  local have = {}
  for k in pairs(d.recognitions) do have[k] = "declared" end
  for _, e in ipairs(ev) do
    local dirs = directions(e.r.to, e.r.from, e.r.mutual)
    for _, dir in ipairs(dirs) do
      local key = dir[1] .. "<" .. dir[2]
      if e.start and have[key] == "declared" then
        return e.spec, e.i, string.format("%s already recognises %s in the scenario's recognition", dir[1], dir[2])
      elseif e.start and have[key] then
        return e.spec, e.i, string.format("%s already recognises %s at year %s: a start_recognition added it "
          .. "before, and no end_recognition ended it", dir[1], dir[2], tostring(e.r.year))
      elseif not e.start and not have[key] then
        return e.spec, e.i, string.format("no recognition of %s's certificates by %s to end at year %s: declare "
          .. "it in the scenario's recognition = { recognize { to = \"%s\", from = \"%s\" } }, or add it before "
          .. "with policies.start_recognition (and not end it twice)", dir[2], dir[1], tostring(e.r.year),
          dir[1], dir[2])
      end
    end
    for _, dir in ipairs(dirs) do
      have[dir[1] .. "<" .. dir[2]] = e.start and "added" or nil
    end
  end
  return nil
end

-- Check the module's policy objects of `list` against the scenario; raises
-- at the constructor's line (or, when unknown, at attach's caller).
local function check_against(scn, list)
  local d = declared(scn)
  local adds = {}
  for i, p in ipairs(list) do
    local spec = needs[p]
    if spec and spec.adds then
      local links = {}
      for _, dir in ipairs(directions(spec.adds.from, spec.adds.to, spec.adds.mutual)) do
        links[dir[1] .. ">" .. dir[2]] = true
      end
      adds[#adds + 1] = { links = links, year = spec.adds.year, pos = i }
    end
  end
  for i, p in ipairs(list) do
    local spec = needs[p]
    local msg = spec and problem(spec, i, d, adds)
    if msg then
      if spec.site ~= "" then error(spec.site .. "policies." .. spec.fn .. ": " .. msg, 0) end
      error(string.format("policies.attach: item %d (policies.%s): %s", i, spec.fn, msg), 3)
    end
  end
  local spec, i, msg = recognition_replay(scn, d, list)
  if msg then
    if spec.site ~= "" then error(spec.site .. "policies." .. spec.fn .. ": " .. msg, 0) end
    error(string.format("policies.attach: item %d (policies.%s): %s", i, spec.fn, msg), 3)
  end
end

--- Merge policy objects into the scenario table `scn` (from scenario{...}):
--- step policies are appended in order, on_incident and on_step_end hooks
--- chained after the scenario's own; at most one developer_rule in all.
--- Checks, while the scenario loads: each object's keys and hooks, and what
--- the constructors of this module named against the scenario (jurisdiction
--- ids, the links suspend_sharing acts on, links and recognitions added
--- twice).
function M.attach(scn, list)
  if type(scn) ~= "table" then error("policies.attach: first argument must be the scenario table", 2) end
  if type(list) ~= "table" then error("policies.attach: second argument must be a list of policies", 2) end
  for i, p in ipairs(list) do check_item(i, p) end
  check_against(scn, list)
  local pol = as_list(scn.policies)
  local inc = { scn.on_incident }
  local fin = { scn.on_step_end }
  local rule = scn.developer_rule
  for i, p in ipairs(list) do
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
  if type(year) ~= "number" or not (year >= 0) then error(string.format("policies.at_year: year must be a number >= 0, got %s", year ~= year and "nan" or tostring(year)), 2) end
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
--- `max` (default: the top of the field's range). The change takes effect
--- at the start of the next step.
function M.tighten_after_incidents(o)
  local fn, site = "tighten_after_incidents", call_site()
  check_opts(fn, o, { jurisdiction = true, incidents = true, min_severity = true, field = true,
    step = true, max = true, where = true, log = true })
  local j = need_string(fn, o, "jurisdiction")
  local need = number_in(fn, o, "incidents", 3, 1, 1e9, true)
  local min_sev = number_in(fn, o, "min_severity", 0, 0, math.huge)
  local field = o.field or "stringency"
  local spec = need_field(fn, "field = ", field, 2, true)
  local step = number_in(fn, o, "step", 0.05, -math.huge, math.huge)
  local max = number_in(fn, o, "max", spec.max, -math.huge, spec.max)
  local where = o.where or "deployed"
  if where ~= "deployed" and where ~= "detected" and where ~= "any" then
    fail(fn, "where must be \"deployed\", \"detected\" or \"any\", got " .. tostring(where))
  end
  local log = bool_opt(fn, o, "log", true)
  local count, pending = 0, 0
  return declare({
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
        -- to 12 significant digits: steps of 0.1 from 0.6 give 0.7, 0.8, 0.9, 1
        -- (not 0.7999999999999999, ..., and a last "tightening" by 1e-16)
        local sum = old + step
        if sum > -math.huge and sum < math.huge then sum = tonumber(string.format("%.12g", sum)) end
        local new = math.min(max, sum)
        if new ~= old then
          world:set(j, field, new)
          if log then world:log(string.format("%s tightens %s %.3f -> %.3f after %d incidents", j, field, old, new, need)) end
        end
      end
    end },
  }, fn, site, { ids = { { "jurisdiction = ", j } } })
end

-- ---- regulatory capture ----------------------------------------------------------

--- Incumbents lobby `jurisdiction`'s regulator: each year, each field in
--- `rates` (default { cert_cost = 0.3 }) grows by rate x the incumbents'
--- share of AI revenue there (1 - startup share - open-source share, last
--- step's metrics), compounded per step, up to `max_multiple` times its
--- value when the capture began (stringency: up to 1), and never above
--- the top of the field's range. record = true records
--- "<jurisdiction>_<field>" every step.
function M.regulatory_capture(o)
  local fn, site = "regulatory_capture", call_site()
  check_opts(fn, o, { jurisdiction = true, rates = true, max_multiple = true, from_year = true, record = true })
  local j = need_string(fn, o, "jurisdiction")
  local rates = o.rates or { cert_cost = 0.3 }
  if type(rates) ~= "table" then fail(fn, "rates must be a table { field = rate per year }") end
  local fields = {}
  for _, f in ipairs(keys_sorted(rates)) do
    local r = rates[f]
    if type(f) ~= "string" or type(r) ~= "number" or r < 0 or r ~= r then
      fail(fn, "rates must map field names to numbers >= 0, got " .. tostring(f) .. " = " .. (r ~= r and "nan" or tostring(r)))
    end
    fields[#fields + 1] = f
  end
  local top = {}
  for _, f in ipairs(fields) do top[f] = need_field(fn, "rates: ", f, 2, true).max end
  local max_multiple = number_in(fn, o, "max_multiple", 5, 1, math.huge)
  local from_year = number_in(fn, o, "from_year", 0, 0, math.huge)
  local record = bool_opt(fn, o, "record", false)
  local base = nil
  return declare({
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
        local cap = f == "stringency" and top[f] or math.min(top[f], base[f] * max_multiple)
        local new = math.min(cap, old * (1 + rates[f] * incumbent_share) ^ (1 / spy))
        if new > old then world:set(j, f, new) end
      end
    end },
    on_step_end = record and function(world)
      for _, f in ipairs(fields) do world:record(j .. "_" .. f, world:get(j, f)) end
    end or nil,
  }, fn, site, { ids = { { "jurisdiction = ", j } } })
end

-- ---- compliance subsidies for startups ---------------------------------------------

--- The government of `jurisdiction` refunds startups `share` of the
--- certification fee (cert_cost) of each application they made there in the
--- previous step, and (compliance = true) `share` of the ongoing compliance
--- cost while they are certified there; at most `budget` M$ per year.
--- record = true records "subsidy_<jurisdiction>" (M$ paid per step).
function M.startup_subsidy(o)
  local fn, site = "startup_subsidy", call_site()
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
  return declare({
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
  }, fn, site, { ids = { { "jurisdiction = ", j } } })
end

-- ---- sharing suspension and restoration -----------------------------------------------

--- Suspend the sharing link from -> to (both directions with mutual = true)
--- at the first step starting at or after `year`, and restore it at
--- `restore_year` if given. Safe with short horizons (never fires).
function M.suspend_sharing(o)
  local fn, site = "suspend_sharing", call_site()
  check_opts(fn, o, { from = true, to = true, mutual = true, year = true, restore_year = true, log = true })
  local from, to = need_string(fn, o, "from"), need_string(fn, o, "to")
  if from == to then fail(fn, "from and to must differ") end
  local mutual = bool_opt(fn, o, "mutual", false)
  local year = number_in(fn, o, "year", 0, 0, math.huge)
  local restore = o.restore_year and number_in(fn, o, "restore_year", nil, year, math.huge)
  local log = bool_opt(fn, o, "log", true)
  local state = "before"
  return declare({ policies = { function(world)
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
  end } }, fn, site, { ids = { { "from = ", from }, { "to = ", to } },
    suspend = { from = from, to = to, mutual = mutual, year = year } })
end

--- Add a sharing link at `year` (e.g. a bridge that starts later).
function M.start_sharing(o)
  local fn, site = "start_sharing", call_site()
  check_opts(fn, o, { from = true, to = true, mutual = true, lag_months = true, year = true })
  local link = { from = need_string(fn, o, "from"), to = need_string(fn, o, "to"),
    mutual = bool_opt(fn, o, "mutual", false), lag_months = number_in(fn, o, "lag_months", 0, 0, 120) }
  if link.from == link.to then fail(fn, "from and to must differ") end
  local year = number_in(fn, o, "year", 0, 0, math.huge)
  local obj = M.at_year(year, function(world) world:share(link) end)
  return declare(obj, fn, site, { ids = { { "from = ", link.from }, { "to = ", link.to } },
    adds = { from = link.from, to = link.to, mutual = link.mutual, year = year } })
end

--- Add a recognition at `year` (fields as world:recognize{...}).
function M.start_recognition(o)
  local fn, site = "start_recognition", call_site()
  check_opts(fn, o, { to = true, from = true, mode = true, fee = true, review_months = true, voluntary = true,
    mutual = true, year = true })
  local rec = {}
  for k, v in pairs(o) do if k ~= "year" then rec[k] = v end end
  local to, from = need_string(fn, o, "to"), need_string(fn, o, "from")
  if to == from then fail(fn, "a jurisdiction cannot recognise itself") end
  if o.mode ~= nil and o.mode ~= "assessment" and o.mode ~= "equivalence" then
    fail(fn, string.format("mode must be 'assessment' or 'equivalence', got '%s'", tostring(o.mode)))
  end
  number_in(fn, o, "fee", nil, 0, math.huge)
  number_in(fn, o, "review_months", nil, 0, 120)
  local mutual = bool_opt(fn, o, "mutual", false)
  bool_opt(fn, o, "voluntary", false)
  local year = number_in(fn, o, "year", 0, 0, math.huge)
  local obj = M.at_year(year, function(world) world:recognize(rec) end)
  return declare(obj, fn, site, { ids = { { "to = ", to }, { "from = ", from } },
    recognition = { to = to, from = from, mutual = mutual, year = year } })
end

--- End a recognition at `year` (both directions with mutual = true): `to`
--- stops accepting certificates issued by `from` (as world:unrecognize:
--- certificates already granted and applications under review stay). It must
--- exist then: declared in the scenario's recognition = {...}, or added
--- earlier by a policies.start_recognition of the same list; attach checks.
function M.end_recognition(o)
  local fn, site = "end_recognition", call_site()
  check_opts(fn, o, { to = true, from = true, mutual = true, year = true, log = true })
  local to, from = need_string(fn, o, "to"), need_string(fn, o, "from")
  if to == from then fail(fn, "a jurisdiction cannot recognise itself") end
  local mutual = bool_opt(fn, o, "mutual", false)
  local year = number_in(fn, o, "year", 0, 0, math.huge)
  local log = bool_opt(fn, o, "log", true)
  local obj = M.at_year(year, function(world)
    world:unrecognize { to = to, from = from, mutual = mutual }
    if log then
      world:log(mutual and string.format("recognition %s <-> %s ended", to, from)
        or string.format("%s no longer recognises %s", to, from))
    end
  end)
  return declare(obj, fn, site, { ids = { { "to = ", to }, { "from = ", from } },
    ends = { to = to, from = from, mutual = mutual, year = year } })
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
  local fn, site = "startup_sandbox", call_site()
  check_opts(fn, o, { jurisdiction = true, fee_waiver = true, max_revenue = true, from_year = true, record = true })
  local j = need_string(fn, o, "jurisdiction")
  local waiver = number_in(fn, o, "fee_waiver", 1, 0, 1)
  local max_revenue = number_in(fn, o, "max_revenue", math.huge, 0, math.huge)
  local from_year = number_in(fn, o, "from_year", 0, 0, math.huge)
  local record = bool_opt(fn, o, "record", false)
  -- the regime as it stands this step (read once per step, not per developer)
  local active, binding, fee, e0, f, xi, sigma, eps = false, false, 0, 0, 0, 0, 0, 4
  local entries, cost = 0, 0
  return declare({
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
  }, fn, site, { ids = { { "jurisdiction = ", j } } })
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
  local fn, site = "record_exposure", call_site()
  check_opts(fn, o, { jurisdictions = true })
  if type(o.jurisdictions) ~= "table" then fail(fn, "jurisdictions must be a list of ids") end
  local ids, checks = o.jurisdictions, {}
  local total = {}
  for k, j in ipairs(ids) do
    if type(j) ~= "string" then fail(fn, string.format("jurisdictions[%d] must be a jurisdiction id (a string), got %s", k, type(j))) end
    total[j] = 0
    checks[k] = { string.format("jurisdictions[%d] = ", k), j }
  end
  return declare({ on_step_end = function(world)
    for _, j in ipairs(ids) do
      local now = world:count { market = j, state = "deployed", vulnerable = true }
      total[j] = total[j] + now
      world:record(j .. "_unnoticed", now)
      world:record(j .. "_exposed", total[j])
    end
  end }, fn, site, { ids = checks })
end

--- Record regime fields every step: "<jurisdiction>_<field>" in custom.csv.
function M.record_regime(o)
  local fn, site = "record_regime", call_site()
  check_opts(fn, o, { jurisdiction = true, fields = true })
  local j = need_string(fn, o, "jurisdiction")
  local fields = o.fields or { "stringency" }
  if type(fields) ~= "table" then fail(fn, "fields must be a list of field names, got " .. type(fields)) end
  for k, f in ipairs(fields) do need_field(fn, string.format("fields[%d] = ", k), f, 2, false) end
  return declare({ on_step_end = function(world)
    for _, f in ipairs(fields) do
      local v = world:get(j, f)
      if type(v) == "boolean" then v = v and 1 or 0 end
      world:record(j .. "_" .. f, v)
    end
  end }, fn, site, { ids = { { "jurisdiction = ", j } } })
end

return M
