-- bova2023.lua: the AI race of Han et al. (2020) with the regulator of
-- P. Bova, A. Di Stefano, T.A. Han, "Both eyes open: Vigilant Incentives help
-- Regulatory Markets improve AI Safety" (2023), written as a Lua payoff matrix.
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Question: how much does a regulator that catches UNSAFE developers with
-- probability q shrink the region where racing unsafely pays?
--
-- The regulator: a caught UNSAFE developer is taken out of the race and earns
-- nothing; its rival then races alone and collects the whole benefit b and
-- the whole prize (a SAFE rival at its pace, R = B/W per round; an UNSAFE
-- rival at s·R, still exposed to disaster). With p = 1 − p_r:
--
--   Π_SS = b/2 − c + R/2
--   Π_SU = (1−q)(b/(s+1) − c) + q(b − c + R)
--   Π_US = (1−q) p (s·b/(s+1) + s·R)
--   Π_UU = (1−q) p [(1−q)(b/2 + s·R/2) + q(b + s·R)] = (1−q²) p (b/2 + s·R/2)
--
-- In the early race (R ≫ b, c) SAFE is risk-dominant iff
--   p_r > 1 − (1 + 2q) / (s (1−q)(3+q))      (0.6354 at s = 1.5, q = 0.2;
--                                              0.2381 at q = 0.5)
-- and socially preferred iff p_r > 1 − 1/(s (1 − q²)).
-- This differs from the built-in `q` of egt.han2020 (the "forfeiture"
-- regulator: a caught developer forfeits its payoff, nobody gains it, so q
-- acts like extra disaster risk; early-race threshold 1 − 1/(3s(1−q)), 0.7222
-- at q = 0.2). Outputs give both, so the two can be set side by side.
--
-- Parameters: b, c, B, W, Z, beta, s, p_r, q; grid_q (rows of table_q.csv).

local b = param{name = "b", default = 4, min = 0, max = 1000, unit = "per round",
                doc = "benefit per round, split between the two in proportion to speed"}
local c = param{name = "c", default = 1, min = 0, max = 1000, unit = "per round",
                doc = "cost of safety per round, paid by SAFE"}
local B = param{name = "B", default = 1e4, min = 0, max = 1e12,
                doc = "prize of the first to reach W steps (split on a tie)"}
local W = param{name = "W", default = 100, min = 1, max = 1e7, unit = "steps",
                doc = "race length: 100 is the early race (B/W >> b), 1e6 the late race"}
local Z = param{name = "Z", default = 100, min = 2, max = 10000, integer = true,
                doc = "population size (developers)"}
local beta = param{name = "beta", default = 0.01, min = 0, max = 10,
                   doc = "selection intensity of the Fermi imitation rule"}
local s = param{name = "s", default = 1.5, min = 1, max = 10,
                doc = "speed-up of UNSAFE over SAFE (steps per round)"}
local p_r = param{name = "p_r", default = 0.5, min = 0, max = 1,
                  doc = "probability that an UNSAFE developer ends in disaster"}
local q = param{name = "q", default = 0.2, min = 0, max = 0.99,
                doc = "probability that the regulator catches an UNSAFE developer (its rival then races alone)"}
local grid_q = param{name = "grid_q", default = 21, min = 2, max = 401, integer = true,
                     doc = "table_q.csv: number of q values in [0, 0.95]"}

local SAFE, UNSAFE = egt.SAFE, egt.UNSAFE
local R = B / W

-- The payoff matrix of the Bova et al. regulator (row player vs column player).
local function bova_matrix(speed, pr, catch)
  local p = 1 - pr
  return {
    {b/2 - c + R/2,
     (1 - catch) * (b/(speed+1) - c) + catch * (b - c + R)},
    {(1 - catch) * p * (speed*b/(speed+1) + speed*R),
     (1 - catch) * p * ((1 - catch) * (b/2 + speed*R/2) + catch * (b + speed*R))},
  }
end

-- Thresholds on p_r from the matrix: the payoffs of UNSAFE are linear in
-- p = 1 − p_r, so each condition "SAFE side > UNSAFE side" solves for p.
local function bova_thresholds(speed, catch)
  local M1 = bova_matrix(speed, 0, catch)            -- p = 1: UNSAFE's rows at full value
  local risk = 1 - (M1[SAFE][SAFE] + M1[SAFE][UNSAFE]) / (M1[UNSAFE][SAFE] + M1[UNSAFE][UNSAFE])
  local welfare = 1 - M1[SAFE][SAFE] / M1[UNSAFE][UNSAFE]
  return risk, welfare
end

-- The early-race closed forms (R ≫ b, c).
local function bova_limits(speed, catch)
  return 1 - (1 + 2 * catch) / (speed * (1 - catch) * (3 + catch)),
         1 - 1 / (speed * (1 - catch * catch))
end

return {
  name = "bova2023",
  description = "Han et al. (2020) AI race with the regulator of Bova, Di Stefano & Han " ..
    "(2023): an UNSAFE developer is caught with probability q and its rival races alone. " ..
    "The summary gives the risk-dominance and welfare thresholds on p_r (exact and early-race " ..
    "limit), the long-run frequency of UNSAFE at (s, p_r, q) and, for comparison, the " ..
    "thresholds of egt.han2020's built-in forfeiture regulator; table_q.csv traces both over q.",

  model = function()
    local M = bova_matrix(s, p_r, q)
    local freq = egt.stationary{payoffs = M, Z = Z, beta = beta}
    local risk, welfare = bova_thresholds(s, q)
    local risk_lim, welfare_lim = bova_limits(s, q)
    local f_risk, f_welfare = egt.han2020_thresholds{b = b, c = c, B = B, W = W, s = s, q = q}
    return {
      freq_unsafe = freq[UNSAFE],
      p_r_risk = risk,
      p_r_welfare = welfare,
      p_r_risk_limit = risk_lim,
      p_r_welfare_limit = welfare_lim,
      forfeit_p_r_risk = f_risk,         -- egt.han2020's built-in regulator, same q
      forfeit_p_r_welfare = f_welfare,
    }
  end,

  tables = {
    q = function()
      local rows = {}
      for i = 0, grid_q - 1 do
        local catch = 0.95 * i / (grid_q - 1)
        local risk, welfare = bova_thresholds(s, catch)
        local risk_lim = bova_limits(s, catch)
        local f_risk, f_welfare = egt.han2020_thresholds{b = b, c = c, B = B, W = W, s = s, q = catch}
        rows[#rows + 1] = {catch, risk, welfare, risk_lim, f_risk, f_welfare}
      end
      return {
        columns = {"q", "p_r_risk", "p_r_welfare", "p_r_risk_limit",
                   "forfeit_p_r_risk", "forfeit_p_r_welfare"},
        rows = rows,
      }
    end,
  },
}
