/* accord report — robustness of policy arms (`accord compare --regret`):
 * two or more sweeps over the same design, one per arm; per design point the
 * paired differences from the first arm, and per arm the regret against the
 * best arm at each point (mean, 10th and 90th percentiles, share of points
 * where it is best), as EMA Workbench's robustness metrics.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_REPORT_COMPARE_REGRET_H
#define ACC_REPORT_COMPARE_REGRET_H

#include <stddef.h>
#include <stdio.h>

#define ACC_FILE_COMPARE_POINTS "compare_points.csv"
#define ACC_FILE_COMPARE_REGRET "compare_regret.csv"
#define ACC_FILE_COMPARE_REGRET_JSON "compare_regret.json"

/* Definitions, per outcome and design point p, with v_a(p) arm a's mean over
 * its replications at p (points.csv):
 *   diff_a(p)   = v_a(p) − v_first(p)  (paired: same point, and with the
 *                 sweeps' common random numbers the same seeds)
 *   best(p)     = max_a v_a(p) (direction max) or min_a v_a(p) (min)
 *   regret_a(p) = best(p) − v_a(p) (max) or v_a(p) − best(p) (min), >= 0
 * Per arm: the mean of regret_a over the points, its 10th and 90th
 * percentiles (type 7, stats/estimate.h) and the share of points where
 * regret_a(p) = 0 (ties: every tied arm is best). Points where any arm's
 * value is missing (NA: its runs failed) are left out and counted. */

typedef struct acc_regret_opts {
    const char *const *inputs;   /* sweep directories (points.csv), one per arm */
    const char *const *labels;   /* names of the arms */
    int n_inputs;                /* >= 2 */
    const char *outdir;
    const char *spec;            /* "welfare:max,harm:min" */
    const char *command_line;
} acc_regret_opts;

/* Read, check that every input has the same design (parameter columns and
 * values per point), compute, write compare_points.csv (point, parameters,
 * outcome, arm, mean, diff), compare_regret.csv (outcome, direction, arm,
 * points, mean_regret, p10_regret, p90_regret, share_best) and
 * compare_regret.json, atomically, and print the regret table to f (NULL:
 * nothing). ACC_EINVAL naming the input, point and column for different
 * designs, a bad spec or an outcome an input lacks; ACC_EIO for files. */
int acc_compare_regret(const acc_regret_opts *o, FILE *f, char *err, size_t errlen);

/* 1 when every input was swept with the first's seed, so that the
 * differences per point of compare_points.csv are paired (the same point
 * and random numbers), else 0 (they are differences of independent runs). */
int acc_compare_regret_paired(const char *const *inputs, int n_inputs);

/* The checks of acc_compare_regret without writing anything: the spec, the
 * number of arms, every input a sweep with each outcome, the same design.
 * `accord compare --regret` calls it before the comparison writes its files,
 * so that a refused --regret leaves no output. ACC_OK or as above. */
int acc_compare_regret_check(const char *const *inputs, int n_inputs, const char *spec,
                             char *err, size_t errlen);

#endif
