--[[ regimes — presets of today's AI regimes (EU, US, JP, UK, CN, KR, SG) for
scenarios. The numbers are data/regimes.csv and data/world.csv as the engine
has them compiled in (accord.preset, accord.world): the same values are the
core's defaults, so a jurisdiction{ id = "eu" } written by hand gets the EU
preset for every field it does not set. Sources: data/regimes.csv (basis,
source id and reasoning of every figure), data/sources.csv; "assumption (A)"
marks numbers no source gives (see data/README.md). `accord fields
--jurisdiction eu` lists a preset with its sources.

  local regimes = require "regimes"
  jurisdictions = { regimes.make("eu", { scale = 0.25, stringency = 0.7 }), ... }

SPDX-License-Identifier: GPL-3.0-or-later ]]

local M = {}

--- Jurisdictions with a preset, in the order of data/regimes.csv (without
--- the generic preset that ids without a preset of their own take).
M.ids = {}

--- Every preset by id, the generic one included: { name = ..., market = ..., ... }.
local presets = {}
for _, id in ipairs(accord.preset_ids()) do
  presets[id] = accord.preset(id)
  if id ~= "generic" then M.ids[#M.ids + 1] = id end
end
M.presets = presets

--- Model-wide calibration (data/world.csv), by dotted field name.
M.world = accord.world()

-- Fields of a preset that scale with the size of the simulated world: a world
-- with `scale` times the developers keeps per-firm economics unchanged when
-- market size, outside option and the founding rate scale alike.
local SCALED = { market = true, outside = true, startup_rate = true, users = true, venture_funding = true }

local function known_ids()
  return table.concat(M.ids, ", ")
end

-- The preset's copy; a bad id raises at `level` + 1 (copy_preset is level 1,
-- its caller 2, and the scenario line that called M.make or M.preset 3).
local function copy_preset(id, level)
  local p = type(id) == "string" and presets[id]
  if not p then
    error(string.format("regimes: no preset '%s' (known: %s)", tostring(id), known_ids()), level + 1)
  end
  local t = {}
  for k, v in pairs(p) do t[k] = v end
  return t
end

--- A copy of the preset `id` as a plain table (no jurisdiction{} marking).
function M.preset(id)
  local t = copy_preset(id, 2) -- not a tail call: keeps this frame for the error level
  return t
end

--- A jurisdiction{} built from the preset `id`. opts.scale (default 1)
--- multiplies market, outside, startup_rate and users; every other key of opts
--- overrides the preset's field of that name (the loader validates it and
--- reports the scenario's line). opts.id renames the jurisdiction.
function M.make(id, opts)
  opts = opts or {}
  if type(opts) ~= "table" then
    error("regimes.make: options must be a table, got " .. type(opts), 2)
  end
  local t = copy_preset(id, 2)
  local scale = opts.scale
  if scale == nil then scale = 1 end
  if type(scale) ~= "number" or not (scale > 0 and scale < math.huge) then
    error(string.format("regimes.make('%s'): scale must be a number in (0, inf), got %s", id,
      scale ~= scale and "nan" or tostring(scale)), 2)
  end
  for k in pairs(SCALED) do t[k] = t[k] * scale end
  t.id = id
  for k, v in pairs(opts) do
    if k ~= "scale" then t[k] = v end
  end
  return jurisdiction(t)
end

--- A list of jurisdiction{} for `ids` (default: every preset) with the same
--- options; per-jurisdiction overrides go in opts.overrides[id].
function M.list(ids, opts)
  ids = ids or M.ids
  opts = opts or {}
  -- misspelt options (scael, overides) and overrides for ids not in the list
  -- were ignored
  local bad = {}
  for k in pairs(opts) do
    if k ~= "scale" and k ~= "overrides" then bad[#bad + 1] = tostring(k) end
  end
  if #bad > 0 then
    table.sort(bad) -- the same message every run, whatever pairs() order
    error(string.format("regimes.list: unknown option '%s' (known: scale, overrides)", bad[1]), 2)
  end
  local wanted = {}
  for _, id in ipairs(ids) do wanted[id] = true end
  local extra = {}
  for id in pairs(opts.overrides or {}) do
    if not wanted[id] then extra[#extra + 1] = tostring(id) end
  end
  if #extra > 0 then
    table.sort(extra)
    error(string.format("regimes.list: overrides.%s: '%s' is not in the list (%s)", extra[1], extra[1],
      table.concat(ids, ", ")), 2)
  end
  local out = {}
  for i, id in ipairs(ids) do
    local o = { scale = opts.scale }
    for k, v in pairs((opts.overrides or {})[id] or {}) do o[k] = v end
    out[i] = M.make(id, o)
  end
  return out
end

--- Fill the scenario table `t`'s model-wide fields from M.world without
--- overriding any that `t` already sets; returns `t`.
function M.calibrate(t)
  -- sorted, so the result never depends on pairs() order
  local names = {}
  for name in pairs(M.world) do names[#names + 1] = name end
  table.sort(names)
  for _, name in ipairs(names) do
    local v = M.world[name]
    local group, field = name:match("^(%w+)%.([%w_]+)$")
    if group then
      t[group] = t[group] or {}
      if t[group][field] == nil then t[group][field] = v end
    elseif t[name] == nil then
      t[name] = v
    end
  end
  return t
end

return M
