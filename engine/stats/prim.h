/* accord — PRIM, the patient rule induction method (Friedman & Fisher 1999)
 * for scenario discovery: a box in parameter space where a binary outcome
 * is frequent, found by peeling and pasting, with the peeling trajectory
 * and a quasi-p-value per restriction. Pure computation: no files.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_STATS_PRIM_H
#define ACC_STATS_PRIM_H

#include <stddef.h>

/* Definitions (docs/calibration.md, "Scenario discovery"):
 *   a box        lo_j <= x_j <= hi_j for every dimension j (closed)
 *   support      points in the box / all points
 *   density      cases (y = 1) in the box / points in the box
 *   coverage     cases in the box / all cases
 *   restricted   dimension j with lo_j > min_j or hi_j < max_j of the data
 * Peeling, from the box holding every point: for each dimension j and each
 * side, with k = max(1, floor(alpha·m)) for the m points of the current
 * box, the candidate peel removes every point of the box whose x_j is at
 * or below the k-th smallest value of x_j in the box (lower side), or at
 * or above the k-th largest (upper side): whole groups of tied values, so
 * at least k points and exactly k when the value at the edge is not tied
 * (a sweep's replications and grid levels share values; a peel that left
 * fewer than k out, none when k < the replications, would stall). The new
 * limit is the nearest value left; a candidate that would leave no point
 * is skipped. The candidate whose box has the highest density is taken
 * (ties: the lowest dimension, lower side first) among those whose
 * support stays >= min_support; peeling stops when no candidate qualifies.
 * Pasting (each peeled box, independently): the candidates extend one
 * limit of a restricted side outward to take in the k = max(1,
 * floor(paste_alpha·m)) nearest points outside the box only along that
 * dimension; the one with the highest density is taken if it raises the
 * density; repeated while it does.
 * The trajectory is box 0 (every point) then one box per peel (pasted when
 * paste is on; peeling continues from the unpasted box). */

typedef struct acc_prim_opts {
    double alpha;        /* peeling fraction, in (0, 0.5]; default 0.05 */
    double paste_alpha;  /* pasting fraction, in (0, 0.5]; default 0.05 */
    double min_support;  /* smallest support of a box, in [0, 1); default 0.05 */
    int paste;           /* 1: paste each peeled box (default) */
} acc_prim_opts;

void acc_prim_opts_init(acc_prim_opts *o);

typedef struct acc_prim_box {
    double *lo, *hi;     /* d limits (data values; min_j / max_j when unrestricted) */
    size_t n_in;         /* points in the box */
    size_t cases_in;     /* cases in the box */
    double support, density, coverage;
    int n_restricted;
} acc_prim_box;

typedef struct acc_prim_result {
    size_t n, d;         /* points, dimensions */
    size_t cases;        /* y = 1 points */
    double *min, *max;   /* d: the data's range per dimension */
    size_t n_boxes;      /* trajectory length (>= 1: box 0 is everything) */
    acc_prim_box *box;
} acc_prim_result;

/* Run PRIM on n points of d dimensions: x[j][i] is point i's value in
 * dimension j (finite), y[i] is 0 or 1. ACC_EINVAL (message in err) for
 * n < 2, d < 1, a non-finite value, y not 0/1, no case at all, or options
 * out of range; ACC_ENOMEM. */
int acc_prim_run(const double *const *x, const unsigned char *y, size_t n, size_t d,
                 const acc_prim_opts *o, acc_prim_result **out, char *err, size_t errlen);
void acc_prim_free(acc_prim_result *r); /* NULL is a no-op */

/* Is dimension j of box b restricted? */
int acc_prim_restricted(const acc_prim_result *r, size_t b, size_t j);

/* The box to report: with min_density > 0, the box of highest coverage
 * among those whose density is >= min_density (ties: the later box); if
 * none reaches it, or with min_density <= 0, the box maximising
 * coverage·density (ties: the earlier box). */
size_t acc_prim_choose(const acc_prim_result *r, double min_density);

/* Quasi-p-values of box b (EMA Workbench's binomial test): for each
 * restricted dimension j, with B_j the box b without the restriction on j
 * (its limits set to the data's range), p_j = P(X >= cases in b) for
 * X ~ Binomial(points in b, density of B_j): how likely the box's density
 * is if restricting j added nothing. NaN for unrestricted dimensions.
 * p[d]. ACC_EINVAL if b is out of range. */
int acc_prim_quasi_p(const acc_prim_result *r, const double *const *x, const unsigned char *y,
                     size_t b, double *p, char *err, size_t errlen);

/* Points of x inside box (lo, hi) and the cases among them. */
void acc_prim_count(const double *const *x, const unsigned char *y, size_t n, size_t d,
                    const double *lo, const double *hi, size_t *n_in, size_t *cases_in);

#endif
