-- The README's example scenario built from the presets (regimes.make,
-- regimes.calibrate): tests/e2e/test_defaults.sh runs it beside the README's
-- hand-written one (ids eu and us, no preset) and expects the same outputs,
-- because the core's defaults are the presets (MODEL.md "Defaults").
local regimes = require "regimes"
local strict = param { name = "strict", default = 0.6, min = 0, max = 1,
                       unit = "score", doc = "EU minimum safety score" }
return scenario(regimes.calibrate {
  years = 10,
  jurisdictions = {
    regimes.make("eu", { stringency = strict, cert_cost = 0.35 }),
    regimes.make("us"),
  },
  populations = {
    population { kind = "startup", total = 500, shares = { eu = 0.3, us = 0.7 } },
    population { kind = "incumbent", home = "us", count = 10 },
  },
  sharing = { share { from = "eu", to = "us", lag_months = 1, mutual = true } },
})
