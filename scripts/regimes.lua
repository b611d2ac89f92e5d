--[[ regimes — presets of today's AI regimes (EU, US, JP, UK, CN, KR, SG) for
scenarios, with every figure's source: the numbers are those of
data/regimes.csv and data/world.csv (a test checks they agree). Scenarios
cannot read files, so the figures live here; change both together.
Source IDs are listed in data/sources.csv; "assumption (A)" marks numbers no
source gives (see data/README.md for the reasoning).

  local regimes = require "regimes"
  jurisdictions = { regimes.make("eu", { scale = 0.25, stringency = 0.7 }), ... }

SPDX-License-Identifier: GPL-3.0-or-later ]]

local M = {}

--- Jurisdictions with a preset, in the order of data/regimes.csv.
M.ids = { "eu", "us", "jp", "uk", "cn", "kr", "sg" }

local presets = {}

presets.eu = {
  name = "European Union", -- sourced (S04)
  market = 60000, -- assumption (A): addressable AI spending at t=0; no sourced figure; set below the US and above the other markets
  growth = 0.25, -- assumption (A): market growth; investment grew faster (US +62% 2023-24 S18/S19) but spending is not investment
  outside = 2000, -- assumption (A): attractiveness of non-AI alternatives; about 3% of the market in reference-model units
  entry_cost = 2, -- assumption (A): localisation and legal set-up (authorised representative etc.)
  binding = true, -- sourced (S04): conformity assessment before placing high-risk systems on the market (Arts. 16, 43); simplification: the model gates the whole market, the Commission expects 5-15% of applications to be high-risk (S01) and a survey finds 18-58% (S05)
  stringency = 0.6, -- assumption (A): no measurable safety score exists; 0.6 puts the EU above the voluntary regimes
  cert_cost = 0.314, -- derived (S01, S02): (EUR 29,277 per application (S01, the five items) + EUR 261,500 (midpoint of EUR 193k-330k QMS set-up, S02)) x 1.08 USD/EUR
  compliance_cost = 0.077, -- derived (S02): EUR 71.4k/yr QMS maintenance x 1.08 USD/EUR (secondary source)
  compliance_share = 0, -- assumption (A): no figure for compliance cost as a share of revenue was found
  review_months = 4, -- derived (S23): proxy: Bard reached the EU 4 months after the US (Mar -> 13 Jul 2023); not a conformity-assessment time
  audit_rate = 0.1, -- assumption (A): market surveillance intensity unknown
  fine_share = 0.03, -- sourced (S04): Art. 99(4): up to 3% of worldwide annual turnover for operator obligations
  fine_min = 16.2, -- derived (S04): Art. 99(4): EUR 15m x 1.08 USD/EUR; the lower of the two for SMEs (Art. 99(6)), as the model does for startups
  suspension_months = 3, -- assumption (A)
  detection = 0.5, -- assumption (A): chance per year a regulator detects a live vulnerability of a model deployed in its market
  label_premium = 0, -- assumption (A): not used while binding
  startup_rate = 268, -- derived (S26b, S18): 2 x (DE 76 + FR 58) newly funded AI companies in 2023 (secondary); the factor 2 for the other 25 member states is an assumption
  transition_months = 24, -- derived (S04): entry into force 1 Aug 2024 -> high-risk obligations 2 Aug 2026 (Art. 113)
  users = 0, -- assumption (A): v2 exposure switched off (0) until the v2 calibration; the sourced/derived figure is in data/v2_inputs.csv
  user_growth = 0, -- assumption (A): v2 exposure switched off (0) until the v2 calibration; the sourced/derived figure is in data/v2_inputs.csv
  assessment_noise = 0, -- assumption (A): v2 imperfect assessment switched off (0: exact reviews and audits) until the v2 calibration; the sourced/assumed figure is in data/v2_inputs.csv
  enforcement = 0, -- assumption (A): v2 enforcement switched off (0) until the v2 calibration; the sourced/assumed figure is in data/v2_inputs.csv
  regulated_share = 1, -- assumption (A): v2 segments switched off (1: the whole market is the regulated segment, as in v1.2) until the v2 calibration; the sourced/derived figure is in data/v2_inputs.csv
  setup_cost = 0, -- assumption (A): v2 requirement-set set-up switched off (0) until the v2 calibration (the set-up is still inside cert_cost, as in v1.2); the sourced/derived split of the EU figure is in data/v2_inputs.csv
  venture_funding = 0, -- assumption (A): v2 venture funding switched off (0) until the v2 calibration; the sourced/derived figure is in data/v2_inputs.csv
}

presets.us = {
  name = "United States", -- sourced (S07)
  market = 100000, -- assumption (A): largest market
  growth = 0.3, -- assumption (A)
  outside = 2000, -- assumption (A)
  entry_cost = 1, -- assumption (A)
  binding = false, -- sourced (S06, S07): EO 14110 required reports, not approval (S06), and was revoked on 20 Jan 2025; EO 14179 is deregulatory (S07)
  stringency = 0.4, -- assumption (A): standard of voluntary testing
  cert_cost = 0.05, -- assumption (A): voluntary third-party testing
  compliance_cost = 0, -- assumption (A): no AI-specific compliance duty
  compliance_share = 0, -- assumption (A)
  review_months = 1, -- assumption (A)
  audit_rate = 0.05, -- assumption (A)
  fine_share = 0, -- sourced (S07): no statutory AI fine at federal level
  fine_min = 0, -- sourced (S07)
  suspension_months = 0, -- assumption (A)
  detection = 0.4, -- assumption (A)
  label_premium = 0, -- assumption (A): no recognised federal label
  startup_rate = 897, -- sourced (S18): newly funded AI companies in 2023
  transition_months = 12, -- assumption (A): model default
  users = 0, -- assumption (A): v2 exposure switched off (0) until the v2 calibration; the sourced/derived figure is in data/v2_inputs.csv
  user_growth = 0, -- assumption (A): v2 exposure switched off (0) until the v2 calibration; the sourced/derived figure is in data/v2_inputs.csv
  assessment_noise = 0, -- assumption (A): v2 imperfect assessment switched off (0: exact reviews and audits) until the v2 calibration; the sourced/assumed figure is in data/v2_inputs.csv
  enforcement = 0, -- assumption (A): v2 enforcement switched off (0) until the v2 calibration; the sourced/assumed figure is in data/v2_inputs.csv
  regulated_share = 1, -- assumption (A): v2 segments switched off (1: the whole market is the regulated segment, as in v1.2) until the v2 calibration; the sourced/derived figure is in data/v2_inputs.csv
  setup_cost = 0, -- assumption (A): v2 requirement-set set-up switched off (0) until the v2 calibration (the set-up is still inside cert_cost, as in v1.2); the sourced/derived split of the EU figure is in data/v2_inputs.csv
  venture_funding = 0, -- assumption (A): v2 venture funding switched off (0) until the v2 calibration; the sourced/derived figure is in data/v2_inputs.csv
}

presets.jp = {
  name = "Japan", -- sourced (S10)
  market = 15000, -- assumption (A)
  growth = 0.2, -- assumption (A)
  outside = 600, -- assumption (A)
  entry_cost = 3, -- assumption (A): language localisation
  binding = false, -- sourced (S10, S11): AI Guidelines for Business are voluntary; the AI Promotion Act (2025) has no duties enforceable by sanction
  stringency = 0.5, -- assumption (A)
  cert_cost = 0.05, -- assumption (A)
  compliance_cost = 0, -- assumption (A)
  compliance_share = 0, -- assumption (A)
  review_months = 1, -- assumption (A)
  audit_rate = 0.05, -- assumption (A)
  fine_share = 0, -- sourced (S10, S11): no fines
  fine_min = 0, -- sourced (S10, S11): no fines
  suspension_months = 0, -- assumption (A)
  detection = 0.3, -- assumption (A)
  label_premium = 0.02, -- assumption (A)
  startup_rate = 50, -- assumption (A): Japan's count of newly funded AI companies was not found
  transition_months = 12, -- assumption (A): model default
  users = 0, -- assumption (A): v2 exposure switched off (0) until the v2 calibration; the sourced/derived figure is in data/v2_inputs.csv
  user_growth = 0, -- assumption (A): v2 exposure switched off (0) until the v2 calibration; the sourced/derived figure is in data/v2_inputs.csv
  assessment_noise = 0, -- assumption (A): v2 imperfect assessment switched off (0: exact reviews and audits) until the v2 calibration; the sourced/assumed figure is in data/v2_inputs.csv
  enforcement = 0, -- assumption (A): v2 enforcement switched off (0) until the v2 calibration; the sourced/assumed figure is in data/v2_inputs.csv
  regulated_share = 1, -- assumption (A): v2 segments switched off (1: the whole market is the regulated segment, as in v1.2) until the v2 calibration; the sourced/derived figure is in data/v2_inputs.csv
  setup_cost = 0, -- assumption (A): v2 requirement-set set-up switched off (0) until the v2 calibration (the set-up is still inside cert_cost, as in v1.2); the sourced/derived split of the EU figure is in data/v2_inputs.csv
  venture_funding = 0, -- assumption (A): v2 venture funding switched off (0) until the v2 calibration; the sourced/derived figure is in data/v2_inputs.csv
}

presets.uk = {
  name = "United Kingdom", -- sourced (S08)
  market = 12000, -- assumption (A)
  growth = 0.25, -- assumption (A)
  outside = 500, -- assumption (A)
  entry_cost = 1.5, -- assumption (A)
  binding = false, -- sourced (S08): non-statutory principles applied by existing sector regulators
  stringency = 0.55, -- assumption (A): standard of voluntary AISI pre-deployment testing
  cert_cost = 0.1, -- assumption (A)
  compliance_cost = 0, -- assumption (A)
  compliance_share = 0, -- assumption (A)
  review_months = 2, -- assumption (A)
  audit_rate = 0.05, -- assumption (A)
  fine_share = 0, -- sourced (S08): no AI-specific statute
  fine_min = 0, -- sourced (S08)
  suspension_months = 0, -- assumption (A)
  detection = 0.6, -- assumption (A): higher than elsewhere because the AI Safety (Security) Institute tests frontier models (S09); the number itself is assumed
  label_premium = 0.03, -- assumption (A)
  startup_rate = 104, -- sourced (S18): newly funded AI companies in 2023
  transition_months = 12, -- assumption (A): model default
  users = 0, -- assumption (A): v2 exposure switched off (0) until the v2 calibration; the sourced/derived figure is in data/v2_inputs.csv
  user_growth = 0, -- assumption (A): v2 exposure switched off (0) until the v2 calibration; the sourced/derived figure is in data/v2_inputs.csv
  assessment_noise = 0, -- assumption (A): v2 imperfect assessment switched off (0: exact reviews and audits) until the v2 calibration; the sourced/assumed figure is in data/v2_inputs.csv
  enforcement = 0, -- assumption (A): v2 enforcement switched off (0) until the v2 calibration; the sourced/assumed figure is in data/v2_inputs.csv
  regulated_share = 1, -- assumption (A): v2 segments switched off (1: the whole market is the regulated segment, as in v1.2) until the v2 calibration; the sourced/derived figure is in data/v2_inputs.csv
  setup_cost = 0, -- assumption (A): v2 requirement-set set-up switched off (0) until the v2 calibration (the set-up is still inside cert_cost, as in v1.2); the sourced/derived split of the EU figure is in data/v2_inputs.csv
  venture_funding = 0, -- assumption (A): v2 venture funding switched off (0) until the v2 calibration; the sourced/derived figure is in data/v2_inputs.csv
}

presets.cn = {
  name = "China", -- sourced (S12)
  market = 40000, -- assumption (A)
  growth = 0.25, -- assumption (A)
  outside = 1500, -- assumption (A)
  entry_cost = 5, -- assumption (A): local entity and licences
  binding = true, -- sourced (S12, S13): security assessment and algorithm filing before public launch; 346 services filed by 31 Mar 2025
  stringency = 0.5, -- assumption (A)
  cert_cost = 0.2, -- assumption (A): no cost figure found
  compliance_cost = 0.05, -- assumption (A)
  compliance_share = 0, -- assumption (A)
  review_months = 4.5, -- derived (S28): midpoint of a reported 3-6 months for algorithm filing (low confidence)
  audit_rate = 0.2, -- assumption (A)
  fine_share = 0.01, -- assumption (A): China's fine amounts were not found
  fine_min = 0.1, -- assumption (A): China's fine amounts were not found
  suspension_months = 3, -- assumption (A)
  detection = 0.5, -- assumption (A)
  label_premium = 0, -- assumption (A): not used while binding
  startup_rate = 122, -- sourced (S18): newly funded AI companies in 2023
  transition_months = 12, -- assumption (A): model default
  users = 0, -- assumption (A): v2 exposure switched off (0) until the v2 calibration; the sourced/derived figure is in data/v2_inputs.csv
  user_growth = 0, -- assumption (A): v2 exposure switched off (0) until the v2 calibration; the sourced/derived figure is in data/v2_inputs.csv
  assessment_noise = 0, -- assumption (A): v2 imperfect assessment switched off (0: exact reviews and audits) until the v2 calibration; the sourced/assumed figure is in data/v2_inputs.csv
  enforcement = 0, -- assumption (A): v2 enforcement switched off (0) until the v2 calibration; the sourced/assumed figure is in data/v2_inputs.csv
  regulated_share = 1, -- assumption (A): v2 segments switched off (1: the whole market is the regulated segment, as in v1.2) until the v2 calibration; the sourced/derived figure is in data/v2_inputs.csv
  setup_cost = 0, -- assumption (A): v2 requirement-set set-up switched off (0) until the v2 calibration (the set-up is still inside cert_cost, as in v1.2); the sourced/derived split of the EU figure is in data/v2_inputs.csv
  venture_funding = 0, -- assumption (A): v2 venture funding switched off (0) until the v2 calibration; the sourced/derived figure is in data/v2_inputs.csv
}

presets.kr = {
  name = "South Korea", -- sourced (S14)
  market = 8000, -- assumption (A)
  growth = 0.2, -- assumption (A)
  outside = 300, -- assumption (A)
  entry_cost = 2, -- assumption (A): the Act requires a local representative
  binding = false, -- derived (S14): the AI Basic Act (in force 22 Jan 2026) imposes notification, labelling and risk management for high-impact AI but no pre-market approval, so not binding in the model's sense
  stringency = 0.5, -- assumption (A)
  cert_cost = 0.05, -- assumption (A)
  compliance_cost = 0.02, -- assumption (A): labelling and risk-management duties
  compliance_share = 0, -- assumption (A)
  review_months = 1, -- assumption (A)
  audit_rate = 0.05, -- assumption (A)
  fine_share = 0, -- sourced (S14): the Act sets a fixed maximum only
  fine_min = 0.022, -- derived (S14): KRW 30m at an assumed 1350 KRW/USD (only applied on failed audits of binding markets)
  suspension_months = 0, -- assumption (A)
  detection = 0.3, -- assumption (A)
  label_premium = 0.02, -- assumption (A)
  startup_rate = 40, -- assumption (A): Korea's count of newly funded AI companies was not found
  transition_months = 12, -- assumption (A): model default
  users = 0, -- assumption (A): v2 exposure switched off (0) until the v2 calibration; the sourced/derived figure is in data/v2_inputs.csv
  user_growth = 0, -- assumption (A): v2 exposure switched off (0) until the v2 calibration; the sourced/derived figure is in data/v2_inputs.csv
  assessment_noise = 0, -- assumption (A): v2 imperfect assessment switched off (0: exact reviews and audits) until the v2 calibration; the sourced/assumed figure is in data/v2_inputs.csv
  enforcement = 0, -- assumption (A): v2 enforcement switched off (0) until the v2 calibration; the sourced/assumed figure is in data/v2_inputs.csv
  regulated_share = 1, -- assumption (A): v2 segments switched off (1: the whole market is the regulated segment, as in v1.2) until the v2 calibration; the sourced/derived figure is in data/v2_inputs.csv
  setup_cost = 0, -- assumption (A): v2 requirement-set set-up switched off (0) until the v2 calibration (the set-up is still inside cert_cost, as in v1.2); the sourced/derived split of the EU figure is in data/v2_inputs.csv
  venture_funding = 0, -- assumption (A): v2 venture funding switched off (0) until the v2 calibration; the sourced/derived figure is in data/v2_inputs.csv
}

presets.sg = {
  name = "Singapore", -- sourced (S15)
  market = 3000, -- assumption (A)
  growth = 0.2, -- assumption (A)
  outside = 150, -- assumption (A)
  entry_cost = 1, -- assumption (A)
  binding = false, -- sourced (S15): Model AI Governance Framework and AI Verify are voluntary
  stringency = 0.5, -- assumption (A)
  cert_cost = 0.02, -- assumption (A): AI Verify is an open-source testing toolkit; testing is cheap
  compliance_cost = 0, -- assumption (A)
  compliance_share = 0, -- assumption (A)
  review_months = 1, -- assumption (A)
  audit_rate = 0.05, -- assumption (A)
  fine_share = 0, -- sourced (S15): no fines
  fine_min = 0, -- sourced (S15): no fines
  suspension_months = 0, -- assumption (A)
  detection = 0.4, -- assumption (A)
  label_premium = 0.03, -- assumption (A): AI Verify as a trust mark
  startup_rate = 30, -- assumption (A): Singapore's count of newly funded AI companies was not found
  transition_months = 12, -- assumption (A): model default
  users = 0, -- assumption (A): v2 exposure switched off (0) until the v2 calibration; the sourced/derived figure is in data/v2_inputs.csv
  user_growth = 0, -- assumption (A): v2 exposure switched off (0) until the v2 calibration; the sourced/derived figure is in data/v2_inputs.csv
  assessment_noise = 0, -- assumption (A): v2 imperfect assessment switched off (0: exact reviews and audits) until the v2 calibration; the sourced/assumed figure is in data/v2_inputs.csv
  enforcement = 0, -- assumption (A): v2 enforcement switched off (0) until the v2 calibration; the sourced/assumed figure is in data/v2_inputs.csv
  regulated_share = 1, -- assumption (A): v2 segments switched off (1: the whole market is the regulated segment, as in v1.2) until the v2 calibration; the sourced/derived figure is in data/v2_inputs.csv
  setup_cost = 0, -- assumption (A): v2 requirement-set set-up switched off (0) until the v2 calibration (the set-up is still inside cert_cost, as in v1.2); the sourced/derived split of the EU figure is in data/v2_inputs.csv
  venture_funding = 0, -- assumption (A): v2 venture funding switched off (0) until the v2 calibration; the sourced/derived figure is in data/v2_inputs.csv
}
M.presets = presets

--- Model-wide calibration (data/world.csv), by dotted field name.
M.world = {
  ["risk.base_hazard"] = 0.1, -- derived (S18, S19): order of magnitude: with it the scale-1 baseline world has about as many incidents per year as the AI Incident Database's 123 (2023) to 233 (2024); the database counts reported incidents of every kind, so this is a loose anchor
  ["risk.capability_exponent"] = 0.5, -- assumption (A): more capable models have more failure modes
  ["risk.severity_mu"] = 0, -- assumption (A): lognormal severity with median 1
  ["risk.severity_sigma"] = 1, -- assumption (A): heavy-tailed severity
  ["risk.inherit_prob"] = 0.5, -- assumption (A): chance a downstream model inherits its upstream's vulnerability
  ["risk.harm_per_revenue"] = 0.2, -- assumption (A): harm per step of exposure per M$ of revenue earned in the exposed market
  ["risk.self_detect"] = 1, -- assumption (A)
  ["risk.patch_months"] = 2, -- assumption (A)
  ["audit_detect"] = 0.5, -- assumption (A)
  ["upstream_prob"] = 0.5, -- assumption (A): share of startups that build on a foundation model of another developer
  ["open_upstream_share"] = 0.657, -- derived (S18): share of 2023 foundation models released with open weights (98 of 149), used as the chance that a startup's upstream is open
  ["license_share"] = 0.1, -- assumption (A)
  ["market.elasticity"] = 4, -- assumption (A): model default (MODEL.md suggests 4)
}

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
    error(string.format("regimes.make('%s'): scale must be a number in (0, inf), got %s", id, tostring(scale)), 2)
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
