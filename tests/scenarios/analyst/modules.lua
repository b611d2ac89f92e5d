-- The "Modules in scripts/" examples of docs/scripting.md, verbatim, in one
-- scenario that must load and run (tests/e2e/test_analyst.sh).
local regimes = require "regimes"
local populations = require "populations"
local policies = require "policies"

local scn = scenario(regimes.calibrate {
  name = "modules",
  years = 4,
  jurisdictions = {
    regimes.make("eu", { scale = 0.25, stringency = 0.7 }),
    regimes.make("uk", { scale = 0.25, binding = true, cert_cost = regimes.presets.eu.cert_cost }),
    regimes.make("us", { scale = 0.25 }),
  },
  populations = populations.build { homes = { "eu", "us" }, scale = 0.1,
    template = { startup = { safety = uniform(0.3, 0.7) } } },
})

return policies.attach(scn, {
  policies.regulatory_capture { jurisdiction = "eu", rates = { cert_cost = 0.5 }, record = true },
  policies.startup_subsidy { jurisdiction = "eu", share = 0.5 },
  policies.at_year(3, function(world) world:set("eu", "audit_rate", 0.2) end),
})
