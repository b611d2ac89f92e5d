--[[ scale/million — the default regimes with a million developers in 16 markets

Question: does accord run a world of national scale in under a minute, and
does the world keep its per-firm economics when it is scaled?
(issue 12, "the scale benchmark"; a demonstration of size, not a policy claim)

The seven jurisdictions with presets (eu, us, jp, uk, cn, kr, sg) and nine
more on the stated `generic` preset (g01-g09: markets of their own, no home
developers), every market, outside option, founding rate and user count
scaled by the same factor as the developer counts. The factor is
developers / (the scale-1 count of scripts/populations.lua, 1,723), so
every developer faces the same market per developer at every size: per-firm
economics are this scenario's at developers = 1,723 (a market that is S
times larger shared by S times as many developers). Measured, 1 year,
--events none: 41 % of the initial developers go bankrupt in the first year
at developers = 1,723 and at 50,000 alike.

This is not scenarios/baseline.lua's world: that one has 4 markets and 4
homes (eu, us, jp, uk; 1,492 developers at scale = 1), this one 16 markets
and 7 homes, and its developers enter many more markets; baseline.lua at
scale = 1 loses 18 % of its initial developers in the first year.

One departure, stated: founding. The baseline founds about one year's
cohort of startups a year (its initial stock again every year, half of them
bankrupt within the decade), so a run that starts with a million would
create some ten million. The world keeps every developer it ever created
(their rows are its history), so here each jurisdiction's startup_rate is
its preset's times the scale times `founding` (default 0.02: 2 % of the
baseline's founding, about 2 % of the initial population a year, as in
bench_model's synthetic world), and the generic markets found none (they
have no home developers).

`accord check` and `accord run` print warnings: the scaled markets, outside
options, venture funding, users and counts are far outside their typical
ranges (by design), and at any size the cn preset's review_months = 4.5 is 5
monthly steps; so `--strict` refuses this scenario (exit 2).

Run it with the events that matter at this size (a full event log of a
million developers over 10 years is about 2 GB: at 50,000 developers it is
1.4 million events, 103 MB, three quarters of them entries in the first
year):
  accord run scenarios/scale/million.lua --events incidents
  accord run scenarios/scale/million.lua --set developers=100000 --events none

Figures: as in scenarios/baseline.lua (scripts/regimes.lua, populations.lua;
the generic preset's values are assumptions, see data/README.md).
]]

local regimes = require "regimes"
local populations = require "populations"

local developers = param { name = "developers", default = 1000000, min = 1000, max = 10000000,
  unit = "developers", doc = "developers at the start (the scale-1 populations, scaled)" }
local years = param { name = "years", default = 10, min = 1, max = 50,
  unit = "yr", doc = "horizon of the run" }

local founding = param { name = "founding", default = 0.02, min = 0, max = 1,
  unit = "x", doc = "founding rates as a share of the baseline's (scaled) rates" }

local homes = { "eu", "us", "jp", "uk", "cn", "kr", "sg" }
local base = 0
for _, r in ipairs(populations.counts) do base = base + r.count end
local scale = developers / base

local jurisdictions = {}
for _, id in ipairs(homes) do
  jurisdictions[#jurisdictions + 1] = regimes.make(id, { scale = scale,
    startup_rate = regimes.presets[id].startup_rate * scale * founding })
end
for k = 1, 9 do
  jurisdictions[#jurisdictions + 1] = regimes.make("generic", { scale = scale, id = string.format("g%02d", k),
    startup_rate = 0 })
end

return scenario(regimes.calibrate {
  name = "million",
  description = "The default regimes at a million developers in 16 markets (7 presets, 9 generic), per-firm economics the same at every size.",
  years = years,
  steps_per_year = 12,
  jurisdictions = jurisdictions,
  populations = populations.build { homes = homes, scale = scale },
})
