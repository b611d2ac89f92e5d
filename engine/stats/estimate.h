/* accord — estimators for sweep results: streaming mean/sd/t-interval,
 * intervals from plain samples (mean, paired differences, Welch), quantiles,
 * Sobol' indices (Saltelli 2010 / Jansen 1999) with bootstrap
 * intervals, and Morris elementary effects. Formulas: docs/statistics.md.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_STATS_ESTIMATE_H
#define ACC_STATS_ESTIMATE_H

#include <stddef.h>
#include <stdint.h>

#include "stats/design.h"

/* ---- streaming moments (Welford) -----------------------------------------
 * A small value type: declare it, acc_stat_welford_init it, add values.
 * Fields are readable; change them only through these functions.
 * Non-finite values (NaN, ±Inf: failed runs) are not added; they are counted
 * in n_skipped so that a caller can report them. */
typedef struct acc_stat_welford {
    uint64_t n;         /* finite values added */
    uint64_t n_skipped; /* non-finite values seen and left out */
    double mean;        /* running mean (0 when n = 0; use acc_stat_welford_mean) */
    double m2;          /* sum of squared deviations from the mean */
    double min, max;    /* +Inf / −Inf when n = 0 */
} acc_stat_welford;

void acc_stat_welford_init(acc_stat_welford *w);
void acc_stat_welford_add(acc_stat_welford *w, double x);

/* into ← into ∪ from (Chan, Golub & LeVeque's pairwise update). The result
 * depends only on the two inputs: merging the same partial accumulators in
 * the same order gives bit-identical results. */
void acc_stat_welford_merge(acc_stat_welford *into, const acc_stat_welford *from);

double acc_stat_welford_mean(const acc_stat_welford *w); /* NaN if n = 0 */
double acc_stat_welford_var(const acc_stat_welford *w);  /* sample, n−1; NaN if n < 2 */
double acc_stat_welford_sd(const acc_stat_welford *w);   /* sqrt of the above */

/* Half-width t_{(1+level)/2, n−1} · sd / sqrt(n) of the two-sided t interval
 * for the mean. NaN if n < 2 or level is not in (0, 1). */
double acc_stat_welford_halfwidth(const acc_stat_welford *w, double level);

/* The interval mean ± half-width. ACC_EINVAL (message in err) if level is
 * not in (0, 1); with n < 2 the interval is undefined: ACC_OK, *lo = *hi = NaN. */
int acc_stat_welford_ci(const acc_stat_welford *w, double level, double *lo, double *hi,
                        char *err, size_t errlen);

/* Quantile p of Student's t with dof degrees of freedom (GSL); NaN if
 * p is not in (0, 1) or dof <= 0. */
double acc_stat_t_quantile(double p, double dof);

/* ---- intervals from plain samples ------------------------------------------
 * For comparisons of runs (report/compare.c): the values are at hand, so the
 * mean is Σx/n and the variance the two-pass Σ(x − mean)²/(n − 1), not the
 * running Welford update above (the two agree to rounding, not to the bit;
 * comparisons have always used these). Non-finite values are left out. */
typedef struct acc_stat_interval {
    uint64_t n;     /* finite values (pairs) used */
    double mean;    /* NaN if n = 0 */
    double sd;      /* sample sd, divisor n − 1; NaN if n < 2 */
    double lo, hi;  /* mean ∓ t_{(1+level)/2, n−1}·sd/√n; NaN if n < 2 */
} acc_stat_interval;

/* Half-width t_{(1+level)/2, n−1}·sd/√n of the t interval for a mean. NaN
 * if n < 2 or level is not in (0, 1). */
double acc_stat_t_halfwidth(double sd, uint64_t n, double level);

/* Cut an interval for a mean to the values the quantity can take, [min,
 * max] (-inf/inf for an open end): a non-negative outcome's lower bound is
 * never below 0, a share's never outside [0, 1]. The mean lies in [min, max],
 * so the cut interval contains it exactly when the uncut one does: the same
 * coverage, no impossible values. NaN bounds stay NaN. */
void acc_stat_interval_clip(double *lo, double *hi, double min, double max);

/* The t interval for the mean of x[0], x[stride], …, x[(n−1)·stride]
 * (stride >= 1). */
void acc_stat_mean_ci(const double *x, size_t n, size_t stride, double level,
                      acc_stat_interval *out);

/* Paired differences: the t interval for the mean of y[i] − x[i] over the
 * pairs i < n where both values are finite. */
void acc_stat_paired_ci(const double *x, const double *y, size_t n, double level,
                        acc_stat_interval *out);

/* Welch's interval for mean_b − mean_a from two samples' means, sds and
 * sizes: half-width t_{(1+level)/2, ν}·se with se = √(sd_a²/n_a + sd_b²/n_b)
 * and the Welch–Satterthwaite degrees of freedom
 * ν = se⁴ / ((sd_a²/n_a)²/(n_a − 1) + (sd_b²/n_b)²/(n_b − 1)).
 * If se = 0 the interval is the point mean_b − mean_a. *lo = *hi = NaN if
 * n_a or n_b is below 2 or level is not in (0, 1). */
void acc_stat_welch_ci(double mean_a, double sd_a, uint64_t n_a, double mean_b, double sd_b,
                       uint64_t n_b, double level, double *lo, double *hi);

/* ---- quantiles -------------------------------------------------------------
 * Hyndman & Fan type 7 (R's default, NumPy's "linear"): with the m non-NaN
 * values sorted x_(0) <= … <= x_(m−1), h = (m−1)·p, q = x_(⌊h⌋) +
 * (h − ⌊h⌋)·(x_(⌊h⌋+1) − x_(⌊h⌋)). NaN values are ignored; if all are NaN
 * (or n = 0) every quantile is NaN (status ACC_OK). p outside [0, 1] or NaN:
 * ACC_EINVAL. */

/* Sorts x in place (NaNs last), then fills q_out[0..np-1] for p[0..np-1]. */
int acc_stat_quantiles_inplace(double *x, size_t n, const double *p, size_t np,
                               double *q_out, char *err, size_t errlen);

/* One quantile; x is not modified (works on a copy; ACC_ENOMEM possible). */
int acc_stat_quantile(const double *x, size_t n, double p, double *q_out, char *err,
                      size_t errlen);

/* ---- Sobol' indices ------------------------------------------------------
 * y holds the outputs in the sobol design's layout: y[j·(d+2) + block],
 * block 0 = f(A_j), 1 = f(B_j), 2+k = f(AB^(k)_j). Rows with any non-finite
 * value among their d+2 outputs are dropped (all of the row); the estimates
 * and the bootstrap use the remaining rows only, and the summary says how
 * many. Fewer than 2 usable rows is an error (ACC_EINVAL). */
typedef struct acc_stat_sobol_opts {
    uint32_t n_boot;   /* bootstrap replicates; 0 = no bootstrap (CIs NaN) */
    double level;      /* confidence level of the percentile intervals, in (0,1) */
    uint64_t seed;     /* the sweep's master seed */
    uint64_t outcome;  /* outcome index: the bootstrap stream's sub */
} acc_stat_sobol_opts;

/* Defaults: n_boot = 1000, level = 0.95, seed = 0, outcome = 0. */
void acc_stat_sobol_opts_init(acc_stat_sobol_opts *o);

typedef struct acc_stat_sobol_index {
    double s1, s1_lo, s1_hi; /* first-order index and its bootstrap interval */
    double st, st_lo, st_hi; /* total-order index and its bootstrap interval */
} acc_stat_sobol_index;

typedef struct acc_stat_sobol_summary {
    uint64_t n_rows;       /* N, as given */
    uint64_t n_used;       /* rows without a non-finite output */
    uint64_t n_dropped;    /* n_rows − n_used */
    uint32_t n_boot;       /* replicates drawn */
    uint32_t n_boot_valid; /* replicates with a positive variance (used for CIs) */
    double mean;           /* mean of f over A and B (used rows) */
    double variance;       /* total variance: over A and B together, divisor 2·n_used */
} acc_stat_sobol_summary;

/* Fills idx[0..d-1] and *sum (sum may be NULL). opts NULL means defaults.
 * If the total variance is 0 (a constant output) every index and bound is
 * NaN and the status is ACC_OK: nothing can be attributed. */
int acc_stat_sobol(const double *y, uint64_t n_rows, size_t d, const acc_stat_sobol_opts *opts,
                   acc_stat_sobol_index *idx, acc_stat_sobol_summary *sum, char *err,
                   size_t errlen);

/* ---- Morris elementary effects -------------------------------------------
 * EE = (f(after) − f(before)) / signed Δ, in units of the unit cube (so a
 * parameter's whole range counts as 1). An effect whose two outputs are not
 * both finite is left out of that dimension's statistics (n says how many
 * remain). */
typedef struct acc_stat_morris_effect {
    double mu;      /* mean of EE (NaN if n = 0) */
    double mu_star; /* mean of |EE| (NaN if n = 0) */
    double sigma;   /* sample sd of EE, divisor n−1 (NaN if n < 2) */
    uint64_t n;     /* elementary effects used */
} acc_stat_morris_effect;

/* y in the morris design's layout, y[t·(d+1) + step]; fills out[0..d-1]. */
int acc_stat_morris(const acc_design *design, const double *y, acc_stat_morris_effect *out,
                    char *err, size_t errlen);

/* The same from raw arrays: r trajectories of d+1 outputs, dims[t·d + s−1]
 * and deltas[t·d + s−1] describing step s (s = 1..d) of trajectory t. */
int acc_stat_morris_raw(const double *y, uint64_t r, size_t d, const size_t *dims,
                        const double *deltas, acc_stat_morris_effect *out, char *err,
                        size_t errlen);

#endif
