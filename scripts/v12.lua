--[[ v12 — the v1.2 switches (MODEL.md, Validation, "v1.2 as a special
case"), set explicitly. The core's defaults are the calibrated world of
data/; v1.2 is not a default, so a test or scenario that wants v1.2's model
applies this module to its scenario table:

  local v12 = require "v12"
  return scenario(v12.apply(regimes.calibrate { jurisdictions = ..., populations = ... }))

apply() OVERRIDES every switch below in the scenario table, in every
jurisdiction{}, population{} and recognize{} entry of it, whatever the
scenario set (that is the point: the result is v1.2). A switch is set only if
the engine has the field (accord.fields lists it): switches of v2 mechanisms
not built yet are skipped, and v12.skipped() names them. Flipping a v2
default in data/ does not change what this module gives.

SPDX-License-Identifier: GPL-3.0-or-later ]]

local M = {}

--- The switches: { group, field, v1.2 value, what it switches off }.
--- group: "scenario" (model-wide; dotted names are groups: risk.patch_sigma
--- is risk = { patch_sigma = ... }), "jurisdiction", "population",
--- "recognition".
M.switches = {
  { "scenario", "risk.patch_sigma", 0, "lognormal patch delays (fixed patch_months)" },
  { "scenario", "risk.harm_per_user_month", 0, "harm per user-month of exposure" },
  { "scenario", "risk.harm_per_revenue", 0.2, "v1.2's harm per unit of revenue (the v1.2 world's value; v2: 0)" },
  { "scenario", "order.catch_up_first", false, "catch-up before the entry test" },
  { "scenario", "fine.sme_by_revenue", false, "SME fine rule by revenue (v1.2: by kind)" },
  { "scenario", "upgrade.when_failing", false, "upgrading when a held certificate's standard is no longer met" },
  { "scenario", "compliance.per_market", true, "one requirement set per bloc (v1.2: a fixed cost per market)" },
  { "jurisdiction", "regulated_share", 1, "the open segment (h_j = 1: the whole market is regulated)" },
  { "jurisdiction", "assessment_noise", 0, "imperfect assessment (exact reviews and audits)" },
  { "jurisdiction", "enforcement", 0, "enforcement against uncertified developers" },
  { "jurisdiction", "venture_funding", 0, "venture funding" },
  { "jurisdiction", "users", 0, "users and exposure" },
  { "jurisdiction", "user_growth", 0, "growth of users" },
  { "jurisdiction", "setup_cost", 0, "one-off set-up cost of a requirement set" },
  { "jurisdiction", "sandbox_months", 0, "the startup sandbox (no startup exempt from certification)" },
  { "population", "law_abiding", 1, "non-compliance (every developer law-abiding)" },
  { "recognition", "voluntary", false, "voluntary recognitions" },
}

-- Does the engine know `name` in `group`? (accord.fields lists the fields of
-- "scenario", "jurisdiction" and "population"; a recognition's flags are known
-- here.)
local known_cache = {}
local function known(group, name)
  -- recognitions are not a field group of accord.fields; their `voluntary`
  -- flag is part of every recognize{} entry since v2
  if group == "recognition" and name == "voluntary" then return true end
  local key = group .. "\0" .. name
  if known_cache[key] == nil then
    local ok, list = pcall(accord.fields, group)
    local found = false
    if ok then
      for _, f in ipairs(list) do
        if f.name == name then found = true end
      end
    end
    known_cache[key] = found
  end
  return known_cache[key]
end

--- The switches the engine knows, as in M.switches.
function M.active()
  local out = {}
  for _, s in ipairs(M.switches) do
    if known(s[1], s[2]) then out[#out + 1] = s end
  end
  return out
end

--- "group.field" of every switch the engine does not know (skipped by apply).
function M.skipped()
  local out = {}
  for _, s in ipairs(M.switches) do
    if not known(s[1], s[2]) then out[#out + 1] = s[1] .. "." .. s[2] end
  end
  return out
end

local function set_all(list, field, value)
  for _, e in ipairs(list or {}) do e[field] = value end
end

--- Set every v1.2 switch the engine knows in the scenario table `t`
--- (before or after scenario{}) and its entries; returns `t`.
function M.apply(t)
  if type(t) ~= "table" then
    error("v12.apply: expects the scenario table, got " .. type(t), 2)
  end
  for _, s in ipairs(M.active()) do
    local group, field, value = s[1], s[2], s[3]
    if group == "scenario" then
      local g, f = field:match("^([%w_]+)%.([%w_]+)$")
      if g then
        if t[g] == nil then t[g] = {} end
        t[g][f] = value
      else
        t[field] = value
      end
    elseif group == "jurisdiction" then
      set_all(t.jurisdictions, field, value)
    elseif group == "population" then
      set_all(t.populations, field, value)
    elseif group == "recognition" then
      set_all(t.recognition, field, value)
    end
  end
  return t
end

return M
