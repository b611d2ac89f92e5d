-- han2020.lua: the evolutionary AI race of Han, Pereira, Santos & Lenaerts,
-- "To Regulate or Not: A Social Dynamics Analysis of an Idealised AI Race",
-- JAIR 69 (2020), with an optional forfeiture regulator q (accord's own model: a
-- caught UNSAFE developer forfeits its payoff, nobody gains it). The regulator of
-- Bova, Di Stefano & Han (2023) is a different model: scenarios/literature/bova2023.lua.
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Where its claims hold (accord discover): not run. It has no on/off policy
-- switch (the regulator is a probability, q, 0 = none) and it states no claim
-- of its own: it reproduces the paper's phase diagram over s and p_r. The
-- recipe (tests/tools/claim_box.sh with arms q=0/q=0.5 and outcome
-- freq_unsafe) would apply, but one run takes about 20 s: not run here.
--
-- Question: when do developers racing for a prize B (first to W steps) choose
-- to cut corners (UNSAFE: s times faster, no safety cost c, but wiped out with
-- probability p_r), and when is that bad for everyone? A finite population of
-- Z developers imitates better earners (Fermi rule, intensity beta); with rare
-- mutations it spends a fraction freq_unsafe of its time all-UNSAFE.
--
-- What to look at:
--   * the run summary: freq_unsafe at (s, p_r), the two thresholds on p_r
--     (SAFE is risk-dominant above p_r_risk, socially preferred above
--     p_r_welfare) and `dilemma` = 1 when p_r lies between them;
--   * table_phase.csv: freq_unsafe over the (s, p_r) grid with both threshold
--     curves; plot it with plots/egt_phase.gp. In the early race (W = 100)
--     the curves approach 1 - 1/(3s) and 1 - 1/s, and the band between them
--     (region "dilemma") is where UNSAFE takes over although society would
--     rather it did not: the case for regulation. Set W = 1e6 for the late
--     race; q > 0 to see a regulator lower the risk-dominance curve, so that
--     UNSAFE takes over in a smaller part of the plane.
--
-- Parameters: b, c, B, W (game); Z, beta (population dynamics); s, p_r (the
-- point of the summary); q (regulator); grid_s, grid_p (phase grid size).
-- Thresholds are clamped to [0, 1] in the outputs (below 0: SAFE preferred
-- for any p_r; above 1: never); regions are computed from the raw values.

local b = param{name = "b", default = 4, min = 0, max = 1000, unit = "per round",
                doc = "benefit per round, split between the two in proportion to speed"}
local c = param{name = "c", default = 1, min = 0, max = 1000, unit = "per round",
                doc = "cost of safety per round, paid by SAFE"}
local B = param{name = "B", default = 1e4, min = 0, max = 1e9,
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
local q = param{name = "q", default = 0, min = 0, max = 1,
                doc = "forfeiture regulator: probability of catching UNSAFE play, which then forfeits its payoff (Bova et al.'s regulator: bova2023.lua)"}
local grid_s = param{name = "grid_s", default = 33, min = 2, max = 401, integer = true,
                     doc = "phase table: number of s values in [1, 5]"}
local grid_p = param{name = "grid_p", default = 51, min = 2, max = 401, integer = true,
                     doc = "phase table: number of p_r values in [0, 1]"}

local SAFE, UNSAFE = egt.SAFE, egt.UNSAFE

local function clamp01(x) return math.max(0, math.min(1, x)) end

-- Which of the four cases (s, p_r) falls in, from the raw thresholds.
local function region(pr, risk, welfare)
  local safe_individually, safe_socially = pr > risk, pr > welfare
  if safe_individually and safe_socially then return 3, "safe" end
  if safe_socially then return 2, "dilemma" end        -- UNSAFE pays, all lose
  if safe_individually then return 4, "cautious" end   -- SAFE pays, UNSAFE would be better
  return 1, "unsafe"                                   -- UNSAFE pays and harms no one
end

-- Stationary frequency of UNSAFE and the two thresholds at one (s, p_r).
local function point(speed, pr)
  local game = {b = b, c = c, B = B, W = W, s = speed, p_r = pr, q = q}
  local freq = egt.stationary{payoffs = egt.han2020(game), Z = Z, beta = beta}
  local risk, welfare = egt.han2020_thresholds(game)
  return freq[UNSAFE], risk, welfare
end

return {
  name = "han2020",
  description = "Han et al. (2020) evolutionary AI race: a population of Z developers " ..
    "choosing SAFE or UNSAFE development, imitating better earners (pairwise comparison, " ..
    "Fermi rule) with rare mutations. The summary gives the long-run frequency of UNSAFE " ..
    "at (s, p_r) and the risk-dominance and social-welfare thresholds on p_r; " ..
    "table_phase.csv maps the frequency of UNSAFE over s in [1, 5] and p_r in [0, 1] " ..
    "with both threshold curves: between them lies the dilemma region where racing " ..
    "unsafely pays each developer but hurts everyone.",

  model = function()
    local game = {b = b, c = c, B = B, W = W, s = s, p_r = p_r, q = q}
    local M = egt.han2020(game)
    local freq = egt.stationary{payoffs = M, Z = Z, beta = beta}
    local risk, welfare = egt.han2020_thresholds(game)
    local _, log_rho_su = egt.fixation{payoffs = M, Z = Z, beta = beta, from = SAFE, to = UNSAFE}
    local _, log_rho_us = egt.fixation{payoffs = M, Z = Z, beta = beta, from = UNSAFE, to = SAFE}
    local code = region(p_r, risk, welfare)
    return {
      freq_unsafe = freq[UNSAFE],
      p_r_risk = clamp01(risk),
      p_r_welfare = clamp01(welfare),
      dilemma = code == 2 and 1 or 0,
      region = code,
      log_rho_su = log_rho_su, -- log fixation probability of one UNSAFE among SAFE
      log_rho_us = log_rho_us, -- and of one SAFE among UNSAFE
    }
  end,

  tables = {
    phase = function()
      local rows = {}
      for i = 0, grid_s - 1 do
        local speed = 1 + 4 * i / (grid_s - 1)
        for j = 0, grid_p - 1 do
          local pr = j / (grid_p - 1)
          local fu, risk, welfare = point(speed, pr)
          local code, name = region(pr, risk, welfare)
          rows[#rows + 1] = {speed, pr, fu, clamp01(risk), clamp01(welfare), code, name}
        end
      end
      return {
        columns = {"s", "p_r", "freq_unsafe", "p_r_risk", "p_r_welfare", "region_code", "region"},
        rows = rows,
      }
    end,
  },
}
