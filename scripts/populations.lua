--[[ populations — developer populations of today's AI world from
data/populations.csv, with a scale factor: incumbents (producers of notable
models), startups (newly funded AI companies) and open-source labs
(open-weights share of foundation models), per home jurisdiction.
Distributions of capital, capability, safety, ... are the engine's per-kind
defaults (assumptions, see `accord fields` and docs/model.md) unless
overridden. A test checks these counts against data/populations.csv.

  local populations = require "populations"
  populations = populations.build { homes = { "eu", "us", "jp", "uk" }, scale = 0.25 }

SPDX-License-Identifier: GPL-3.0-or-later ]]

local M = {}

M.kinds = { "incumbent", "startup", "open_source" }

--- Counts at scale 1 (year, basis (source): note).
M.counts = {
  { home = "us", kind = "incumbent", count = 61 }, -- 2023, sourced (S18): notable machine-learning models from US organisations (proxy: one incumbent per notable model)
  { home = "eu", kind = "incumbent", count = 21 }, -- 2023, derived (S18): EU+UK = 25 notable models minus the UK's 4
  { home = "uk", kind = "incumbent", count = 4 }, -- 2023, sourced (S18): notable models
  { home = "cn", kind = "incumbent", count = 15 }, -- 2023, sourced (S18): notable models
  { home = "jp", kind = "incumbent", count = 4 }, -- 2023, assumption (A): no AI Index count for Japan; set equal to the UK's
  { home = "kr", kind = "incumbent", count = 8 }, -- 2025, sourced (S20): notable models in 2025 (secondary page); the only year reported
  { home = "sg", kind = "incumbent", count = 1 }, -- 2023, assumption (A): no count found
  { home = "us", kind = "startup", count = 897 }, -- 2023, sourced (S18): newly funded AI companies (initial stock = one year's cohort)
  { home = "eu", kind = "startup", count = 268 }, -- 2023, derived (S26b, S18): 2 x (DE 76 + FR 58); the factor 2 for the other member states is an assumption
  { home = "uk", kind = "startup", count = 104 }, -- 2023, sourced (S18): newly funded AI companies
  { home = "cn", kind = "startup", count = 122 }, -- 2023, sourced (S18): newly funded AI companies
  { home = "jp", kind = "startup", count = 50 }, -- 2023, assumption (A): not found
  { home = "kr", kind = "startup", count = 40 }, -- 2023, assumption (A): not found
  { home = "sg", kind = "startup", count = 30 }, -- 2023, assumption (A): not found
  { home = "us", kind = "open_source", count = 72 }, -- 2023, derived (S18): 65.7% open-weights share x 109 US foundation models (one lab per open model: an upper bound)
  { home = "eu", kind = "open_source", count = 5 }, -- 2023, derived (S18): 65.7% x 8 foundation models; the EU's 8 (of 149 minus US 109 / CN 20 / UK 8 = 12 others) is an assumption
  { home = "uk", kind = "open_source", count = 5 }, -- 2023, derived (S18): 65.7% x 8 UK foundation models
  { home = "cn", kind = "open_source", count = 13 }, -- 2023, derived (S18): 65.7% x 20 Chinese foundation models
  { home = "jp", kind = "open_source", count = 1 }, -- 2023, assumption (A): not found
  { home = "kr", kind = "open_source", count = 1 }, -- 2023, assumption (A): not found
  { home = "sg", kind = "open_source", count = 1 }, -- 2023, assumption (A): not found
}

--- The scale-1 count of `kind` developers at home `home` (0 if none).
function M.count(home, kind)
  for _, r in ipairs(M.counts) do
    if r.home == home and r.kind == kind then return r.count end
  end
  return 0
end

local function check_kind(kind, level)
  for _, k in ipairs(M.kinds) do
    if k == kind then return end
  end
  error(string.format("populations: kind must be incumbent, startup or open_source, got '%s'",
    tostring(kind)), level + 1)
end

--- A list of population{} entries.
---   opts.homes    jurisdiction ids to include (default: every home in M.counts)
---   opts.scale    factor on every count (default 1); counts round to nearest
---   opts.min      smallest count of an included entry (default 1), so a
---                 small scale keeps every kind present in every home
---   opts.kinds    list of kinds to include (default all three)
---   opts.counts   { eu = { startup = 10 } }: counts that replace the data's
---                 (taken as given, not scaled)
---   opts.template { startup = { capital = loguniform(1, 50) }, ... }:
---                 distributions per kind (see population{} in docs/scripting.md)
local BUILD_OPTS = { "counts", "homes", "kinds", "min", "scale", "template" }

-- A value as messages show it ("nan", not the C library's "-nan").
local function shown(v)
  if type(v) == "number" and v ~= v then return "nan" end
  return tostring(v)
end

function M.build(opts)
  opts = opts or {}
  if type(opts) ~= "table" then
    error("populations.build: options must be a table, got " .. type(opts), 2)
  end
  -- a misspelt option (scael = 0.1) was ignored: full-size populations
  local bad = {}
  for k in pairs(opts) do
    local known = false
    for _, name in ipairs(BUILD_OPTS) do known = known or k == name end
    if not known then bad[#bad + 1] = tostring(k) end
  end
  if #bad > 0 then
    table.sort(bad)
    error(string.format("populations.build: unknown option '%s' (known: %s)", bad[1],
      table.concat(BUILD_OPTS, ", ")), 2)
  end
  local scale = opts.scale == nil and 1 or opts.scale
  if type(scale) ~= "number" or not (scale > 0 and scale < math.huge) then
    error("populations.build: scale must be a number in (0, inf), got " .. shown(scale), 2)
  end
  local min = opts.min == nil and 1 or opts.min
  if type(min) ~= "number" or not (min >= 0) or min ~= math.floor(min) then
    error("populations.build: min must be a whole number >= 0, got " .. shown(min), 2)
  end
  local homes = opts.homes
  if homes ~= nil then
    -- a home with no counts in the data and none given built nothing, silently
    for i, home in ipairs(homes) do
      local has = opts.counts and opts.counts[home] ~= nil
      for _, r in ipairs(M.counts) do has = has or r.home == home end
      if not has then
        local known, seen = {}, {}
        for _, r in ipairs(M.counts) do
          if not seen[r.home] then seen[r.home] = true; known[#known + 1] = r.home end
        end
        error(string.format("populations.build: homes[%d] = '%s' has no counts in data/populations.csv "
          .. "(known: %s); give them with counts = { %s = { startup = 10, ... } }", i, tostring(home),
          table.concat(known, ", "), tostring(home)), 2)
      end
    end
  end
  if homes == nil then
    homes = {}
    local seen = {}
    for _, r in ipairs(M.counts) do
      if not seen[r.home] then seen[r.home] = true; homes[#homes + 1] = r.home end
    end
  end
  local kinds = opts.kinds or M.kinds
  for _, k in ipairs(kinds) do check_kind(k, 2) end
  local tkeys = {}
  for k in pairs(opts.template or {}) do tkeys[#tkeys + 1] = k end
  table.sort(tkeys, function(a, b) return tostring(a) < tostring(b) end) -- the same error every run
  for _, k in ipairs(tkeys) do check_kind(k, 2) end
  local out = {}
  for _, home in ipairs(homes) do
    for _, kind in ipairs(kinds) do
      local given = opts.counts and opts.counts[home] and opts.counts[home][kind]
      local n
      if given ~= nil then
        n = given
      else
        local base = M.count(home, kind)
        n = base > 0 and math.max(min, math.floor(base * scale + 0.5)) or 0
      end
      if n > 0 then
        local p = { kind = kind, home = home, count = math.tointeger(n) or n }
        for k, v in pairs((opts.template or {})[kind] or {}) do p[k] = v end
        out[#out + 1] = population(p)
      end
    end
  end
  return out
end

return M
