--[[ baseline — today's fragmented world (the default scenario)

Question: in the world of 2024-25 — the EU's binding AI Act, the US's
deregulatory executive orders, Japan's voluntary guidelines and the UK's
non-statutory, safety-institute approach, with no mutual recognition and no
threat-intelligence sharing — who enters which market, what does compliance
cost, and how much harm do undetected vulnerabilities cause?

What to look at:
  timeseries.csv  deployed and startup_share per jurisdiction (the EU's gate
                  keeps some developers out), cert_spend and compliance_spend
                  (the EU pays almost all of it), harm and mean_detection_lag.
  summary.csv     welfare and its terms; startup_survival.
  Compare with scenarios/uk_japan_bridge.lua and common_standard.lua.

Parameters (accord params scenarios/baseline.lua):
  years, scale, eu_stringency, eu_cert_cost, detection_scale.

Figures: EU certification and QMS costs from the Commission's impact
assessment (SWD(2021) 84), fines from Art. 99 of Regulation (EU) 2024/1689,
developer counts from the Stanford AI Index; market sizes, safety scores and
detection rates are assumptions (see data/README.md).
]]

local years = param { name = "years", default = 10, min = 1, max = 50,
  unit = "yr", doc = "horizon of the run" }
local scale = param { name = "scale", default = 0.25, min = 0.01, max = 10,
  unit = "x", doc = "scale factor on developer counts (1 = AI Index 2024 counts)" }
local eu_stringency = param { name = "eu_stringency", default = 0.6, min = 0, max = 1,
  unit = "score", doc = "EU minimum safety score for certification" }
local eu_cert_cost = param { name = "eu_cert_cost", default = 0.35, min = 0, max = 50,
  unit = "M$", doc = "EU cost of one conformity assessment incl. QMS set-up" }
local detection_scale = param { name = "detection_scale", default = 1, min = 0, max = 2,
  unit = "x", doc = "multiplier on every regulator's detection probability" }

local function n(x) return math.max(1, math.floor(x * scale + 0.5)) end

return scenario {
  name = "baseline",
  description = "Today's fragmented world: EU binding AI Act, US deregulation, Japan voluntary, UK safety institute; no recognition, no sharing.",
  years = years,
  steps_per_year = 12,

  jurisdictions = {
    jurisdiction { id = "eu", name = "European Union",
      market = 60000, growth = 0.25, outside = 2000, entry_cost = 2,
      binding = true, stringency = eu_stringency,
      cert_cost = eu_cert_cost,          -- EUR 29,277 per application + EUR 193-330k QMS set-up (S01, S02)
      compliance_cost = 0.077,           -- QMS maintenance EUR 71.4k/yr (S02)
      review_months = 4,                 -- Bard's EU launch came 4 months after the US (S23)
      audit_rate = 0.1,                  -- assumption
      fine_share = 0.03, fine_min = 16.2, -- Art. 99(4): EUR 15m or 3 % (S04); SMEs the lower
      suspension_months = 3,
      detection = math.min(1, 0.5 * detection_scale) },
    jurisdiction { id = "us", name = "United States",
      market = 100000, growth = 0.3, outside = 2000, entry_cost = 1,
      binding = false, stringency = 0.4, cert_cost = 0.05, label_premium = 0,
      detection = math.min(1, 0.4 * detection_scale) },
    jurisdiction { id = "jp", name = "Japan",
      market = 15000, growth = 0.2, outside = 600, entry_cost = 3,
      binding = false, stringency = 0.5, cert_cost = 0.05, label_premium = 0.02,
      detection = math.min(1, 0.3 * detection_scale) },
    jurisdiction { id = "uk", name = "United Kingdom",
      market = 12000, growth = 0.25, outside = 500, entry_cost = 1.5,
      binding = false, stringency = 0.55, cert_cost = 0.1, label_premium = 0.03,
      detection = math.min(1, 0.6 * detection_scale) },
  },

  populations = {
    -- incumbents: producers of notable models, AI Index 2024/2023 (S18, S19)
    population { kind = "incumbent", home = "us", count = n(40) },
    population { kind = "incumbent", home = "eu", count = n(8) },
    population { kind = "incumbent", home = "uk", count = n(4) },
    population { kind = "incumbent", home = "jp", count = n(4) },   -- assumption: no AI Index count
    -- startups: newly funded AI companies in 2024 (S19); EU = DE + FR + others (assumption)
    population { kind = "startup", home = "us", count = n(1073) },
    population { kind = "startup", home = "eu", count = n(300) },
    population { kind = "startup", home = "uk", count = n(116) },
    population { kind = "startup", home = "jp", count = n(50) },    -- assumption
    -- open-weights labs: 65.7 % of 2023 foundation models were open (S18)
    population { kind = "open_source", home = "us", count = n(20) },
    population { kind = "open_source", home = "eu", count = n(6) },
  },
}
