-- docs/scripting.md, "Modules in scripts/", v12: a world with the v1.2
-- switches set explicitly.
local regimes = require "regimes"
local v12 = require "v12"
return scenario(v12.apply(regimes.calibrate {
  years = 2,
  jurisdictions = { regimes.make("eu", { scale = 0.05 }), regimes.make("us", { scale = 0.05 }) },
  populations = { population { kind = "startup", total = 20, shares = { eu = 0.5, us = 0.5 } } },
}))
