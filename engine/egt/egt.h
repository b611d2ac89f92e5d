/* accord — evolutionary game theory in finite populations: exact fixation
 * probabilities of the pairwise-comparison (Fermi) process, the small-mutation
 * stationary distribution, a stochastic simulator of the same process, and
 * the Han et al. (2020) AI-race game. No Lua here (see egt_lua.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_EGT_H
#define ACC_EGT_H

#include <stddef.h>
#include <stdint.h>

#define ACC_EGT_MAX_STRATEGIES 256
#define ACC_EGT_MAX_Z 1000000
#define ACC_EGT_MAX_STEPS UINT64_C(1000000000000000) /* 1e15 update steps */

/* A game: n strategies and a way to compute the average payoff of a player
 * of each strategy in a population described by counts. Owned handle. */
typedef struct acc_egt_game acc_egt_game;

/* Average payoff of a `strategy` (0-based) player in a population of Z with
 * counts[0..n-1] players of each strategy (counts sum to Z and
 * counts[strategy] >= 1). A NaN or infinite result makes the calling
 * function fail with ACC_EINVAL; return NaN to report a failure of your own. */
typedef double (*acc_egt_payoff_fn)(void *ud, int strategy, const int *counts, int n, int Z);

/* Polled during long loops (every few 10^4 terms or steps); a nonzero
 * return stops the computation with ACC_ELIMIT. */
typedef int (*acc_egt_interrupt_fn)(void *ud);

/* A matrix game: payoffs is rows x cols, row-major, payoffs[i*cols + j] the
 * payoff of an i player against a j player. Needs rows == cols in
 * [2, ACC_EGT_MAX_STRATEGIES] and finite entries; the matrix is copied.
 * A player's average payoff is over the Z-1 others (no self-interaction):
 * Pi_i(counts) = (sum_j counts[j] a_ij - a_ii) / (Z - 1). */
int acc_egt_game_new_matrix(acc_egt_game **out, int rows, int cols, const double *payoffs,
                            char *err, size_t errlen);

/* A game whose payoffs come from fn (not copied: ud must outlive the game). */
int acc_egt_game_new_callback(acc_egt_game **out, int n, acc_egt_payoff_fn fn, void *ud,
                              char *err, size_t errlen);

void acc_egt_game_free(acc_egt_game *g); /* NULL: no-op */
int acc_egt_game_strategies(const acc_egt_game *g);
void acc_egt_game_set_interrupt(acc_egt_game *g, acc_egt_interrupt_fn fn, void *ud);

/* Average payoff of `strategy` at counts (summing to Z, counts[strategy] >= 1). */
int acc_egt_payoff(const acc_egt_game *g, int strategy, const int *counts, int Z,
                   double *payoff, char *err, size_t errlen);

/* Fixation probability rho_{from->to} of a single `to` mutant in a population
 * of Z-1 `from` residents, pairwise comparison with the Fermi rule at
 * selection intensity beta >= 0. Computed in log space; rho and log_rho may
 * be NULL. rho underflows to 0 when log_rho < ~-745; log_rho stays exact. */
int acc_egt_fixation(const acc_egt_game *g, int Z, double beta, int from, int to,
                     double *rho, double *log_rho, char *err, size_t errlen);

/* All n(n-1) fixation probabilities, n x n row-major: [i*n + j] = rho_{i->j}.
 * The diagonal is 0 (log: -inf). Either output may be NULL. */
int acc_egt_fixation_matrix(const acc_egt_game *g, int Z, double beta, double *rho,
                            double *log_rho, char *err, size_t errlen);

/* Stationary distribution of the embedded chain over the n monomorphic
 * states with T_ij = rho_{i->j}/(n-1), from log fixation probabilities
 * (diagonal ignored). Solved by the GTH elimination carried out in log
 * space: no subtraction, no underflow, whatever the range of rho. */
int acc_egt_stationary_from_log_rho(int n, const double *log_rho, double *freq,
                                    char *err, size_t errlen);

/* Small-mutation-limit stationary distribution freq[0..n-1] (sums to 1);
 * log_rho (n x n, may be NULL) receives the log fixation probabilities. */
int acc_egt_stationary(const acc_egt_game *g, int Z, double beta, double *freq,
                       double *log_rho, char *err, size_t errlen);

typedef struct acc_egt_sim_opts {
    double mu;      /* mutation probability per update step, in [0, 1] */
    uint64_t steps; /* update steps, in [1, ACC_EGT_MAX_STEPS] */
    uint64_t seed;  /* RNG: acc_rng_stream_new(seed, run, ACC_STREAM_EGT, 0) */
    uint64_t run;
    int start;      /* initial monomorphic strategy, 0-based */
} acc_egt_sim_opts;

typedef struct acc_egt_sim_stats {
    double mono_share;  /* fraction of steps the population was monomorphic */
    uint64_t mutations; /* mutation events */
    uint64_t fixations; /* arrivals at a monomorphic state other than the last one */
} acc_egt_sim_stats;

/* Stochastic simulation of the same process. Each step: with probability mu
 * a random player switches to a uniformly chosen other strategy; otherwise a
 * random focal player compares with a random other and imitates it with the
 * Fermi probability. Monomorphic stretches are skipped ahead exactly
 * (geometric waiting time to the next mutation), so small mu is cheap.
 * Outputs (each may be NULL): mono_freq[i], the share of the monomorphic
 * time spent all-i (-> stationary distribution as mu -> 0); mean_freq[i],
 * the time-averaged frequency of i; stats. */
int acc_egt_simulate(const acc_egt_game *g, int Z, double beta, const acc_egt_sim_opts *opts,
                     double *mono_freq, double *mean_freq, acc_egt_sim_stats *stats,
                     char *err, size_t errlen);

/* --- Han, Pereira, Santos & Lenaerts (JAIR 69, 2020): the idealised AI race.
 * SAFE advances 1 step/round at cost c, UNSAFE s steps at no cost and is
 * wiped out with probability p_r; benefit b per round split by speed; prize
 * B to the first to reach W steps. Forfeiture regulator (accord's own model,
 * NOT the one of Bova, Di Stefano & Han 2023, for which see
 * scenarios/literature/bova2023.lua): an UNSAFE player is caught with
 * probability q, independently of disaster, and then forfeits its benefit and
 * prize share (nothing is redistributed), so its payoffs scale by
 * (1 - p_r)(1 - q). */
enum { ACC_EGT_SAFE = 0, ACC_EGT_UNSAFE = 1 };

typedef struct acc_egt_han2020 {
    double b;   /* benefit per round, >= 0 */
    double c;   /* SAFE's cost per round, >= 0 */
    double B;   /* prize, >= 0 */
    double W;   /* steps to win, > 0 */
    double s;   /* UNSAFE speed-up, > 0 (the papers use s in [1, 5]) */
    double p_r; /* probability UNSAFE ends in disaster, [0, 1] */
    double q;   /* probability a regulator catches UNSAFE, [0, 1] */
} acc_egt_han2020;

/* b = 4, c = 1, B = 1e4, W = 100 (early race), s = 1.5, p_r = 0.5, q = 0. */
acc_egt_han2020 acc_egt_han2020_baseline(void);

/* payoffs[4], row-major, index ACC_EGT_SAFE / ACC_EGT_UNSAFE:
 *   Pi_SS = b/2 - c + B/(2W)           Pi_SU = b/(s+1) - c
 *   Pi_US = p (s b/(s+1) + s B/W)      Pi_UU = p (b/2 + s B/(2W)),
 * with p = (1 - p_r)(1 - q). */
int acc_egt_han2020_payoffs(const acc_egt_han2020 *h, double payoffs[4], char *err,
                            size_t errlen);

/* The two thresholds on p_r (p_r itself is not used). SAFE is risk-dominant
 * iff p_r > *p_r_risk (Pi_SS + Pi_SU > Pi_US + Pi_UU) and socially preferred
 * iff p_r > *p_r_welfare (Pi_SS > Pi_UU). With R = B/W:
 *   p_r_risk    = 1 - (b/2 + b/(s+1) + R/2 - 2c) / ((1-q)(b/2 + s b/(s+1) + 3 s R/2))
 *   p_r_welfare = 1 - (b/2 - c + R/2) / ((1-q)(b/2 + s R/2))
 * (-> 1 - 1/(3s) and 1 - 1/s when R >> b, c and q = 0). Values are not
 * clipped to [0, 1]; with q = 1 they are -inf (SAFE always preferred) or +inf.
 * Needs b > 0 or B > 0. */
int acc_egt_han2020_thresholds(const acc_egt_han2020 *h, double *p_r_risk,
                               double *p_r_welfare, char *err, size_t errlen);

#endif
