-- v1.2 through scripts/v12.lua: with v2 = 1 this small world sets every v2
-- mechanism the engine has to values of its own (besides the defaults, which
-- are v2 too); v12 = 1 applies the v12 module, which must switch them all off
-- again, whatever the scenario set. tests/e2e/test_defaults.sh expects
-- (v2 = 1, v12 = 1) to give the outputs of (v2 = 0, v12 = 1).
local v12mod = require "v12"
local v2 = param { name = "v2", default = 0, min = 0, max = 1, integer = true, doc = "switch v2 mechanisms on" }
local v12 = param { name = "v12", default = 0, min = 0, max = 1, integer = true, doc = "apply the v12 module" }
local on = v2 == 1
local function jur(t)
  if on then
    t.assessment_noise, t.enforcement, t.venture_funding, t.users, t.user_growth = 0.1, 0.3, 50, 5, 0.1
  end
  return jurisdiction(t)
end
local t = {
  years = 3,
  risk = on and { patch_sigma = 0.35, harm_per_user_month = 1 } or nil,
  order = on and { catch_up_first = true } or nil,
  fine = on and { sme_by_revenue = true } or nil,
  jurisdictions = {
    jur { id = "eu", market = 3000, outside = 100, startup_rate = 10 },
    jur { id = "us", market = 5000, outside = 100, startup_rate = 20 },
  },
  populations = {
    population { kind = "startup", total = 40, shares = { eu = 0.4, us = 0.6 }, law_abiding = on and 0.5 or nil },
    population { kind = "incumbent", home = "us", count = 4, law_abiding = on and 0.7 or nil },
    population { kind = "open_source", home = "eu", count = 2 },
  },
  sharing = { share { from = "eu", to = "us", lag_months = 1, mutual = true } },
}
if v12 == 1 then
  v12mod.apply(t)
  print("v12 skipped: " .. table.concat(v12mod.skipped(), " "))
end
return scenario(t)
