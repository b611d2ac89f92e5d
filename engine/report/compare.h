/* accord report — several runs or sweeps side by side: summary outcomes with
 * their differences from the first input (and confidence intervals when an
 * input has replications), and their time series overlaid, written to a
 * comparison directory (compare.csv, compare_timeseries.csv, manifest.json)
 * that `accord plot` and `accord report` understand.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_IO_COMPARE_H
#define ACC_IO_COMPARE_H

#include <stddef.h>
#include <stdio.h>

struct acc_json;

/* Inputs ("arms"). Each is one of:
 *   a run directory (summary.csv: one replication);
 *   several run directories joined by commas, "a,b,c": replications of one
 *   arm (usually the same scenario with different --seed);
 *   a sweep directory (runs.csv: every finished run is a replication; a
 *   sweep over parameters pools all its points).
 * Statistics of an arm with n finite values: mean; for n >= 2 the sample sd
 * and the t interval mean ± t_{(1+level)/2, n-1}·sd/√n. Differences from the
 * first arm: if both arms hold the same replication keys (seed and run or
 * replication index: common random numbers), paired: the t interval of the
 * per-key differences (one run each with the same key: the difference, no
 * interval); else, if both have n >= 2, Welch's interval with
 * Welch–Satterthwaite degrees of freedom; else no interval. Relative
 * difference: 100·(mean − mean_first)/|mean_first| (NA if that is 0).
 * Outcomes with bounds (acc_outcome_support, report/outcomes.h): an arm's
 * interval is cut to them, and a difference's to ±(high − low) ([−1, 1]
 * for a share), as points.csv's, unless the mean lies outside them. */
typedef struct acc_compare_opts {
    const char *const *inputs;
    int n_inputs;               /* 1 .. 16 */
    const char *const *labels;  /* NULL, or n_inputs names: [A-Za-z0-9_.-], distinct */
    const char *outdir;         /* created if missing */
    const char *jurisdiction;   /* rows of the time series to compare (NULL: "all") */
    double level;               /* confidence level; 0: 0.95 */
    const char *command_line;   /* for the manifest (may be NULL) */
    /* Writes the manifest's "versions" member: acc_manifest_versions
     * (sweep/rundir.h) for all of them; NULL: the versions report/ can see
     * (accord, GSL, libcsv; io/layout.h). */
    int (*manifest_versions)(struct acc_json *j);
} acc_compare_opts;

typedef struct acc_compare_cell {
    int n;                      /* finite values */
    double mean, sd, lo, hi;    /* NaN when undefined */
    double diff, diff_lo, diff_hi, diff_pct; /* versus the first arm (NaN for it) */
    int cut;                    /* lo/hi were cut at the outcome's bounds (not for a
                                 * comparison read back by acc_compare_load) */
} acc_compare_cell;

typedef struct acc_compare acc_compare;

/* Read the inputs, compute, write outdir/compare.csv (one row per outcome:
 * for each arm LABEL (mean), LABEL_n, LABEL_sd, LABEL_ci_lo, LABEL_ci_hi,
 * and for arms after the first LABEL_diff, LABEL_diff_ci_lo, LABEL_diff_ci_hi,
 * LABEL_diff_pct), outdir/compare_timeseries.csv (step, year, input, then
 * the metrics: the mean over an arm's replications, for the arms that have
 * time series), outdir/compare_difference.csv (the same for each later arm
 * minus the first, step by step, when the first arm has time series) and
 * outdir/manifest.json ("kind": "compare"), atomically.
 * Errors: ACC_EINVAL (bad options, unknown jurisdiction, an input that is
 * not a run or sweep), ACC_EIO (files). */
int acc_compare_run(const acc_compare_opts *o, acc_compare **out, char *err, size_t errlen);

/* Load a comparison written by acc_compare_run (for reports). */
int acc_compare_load(const char *dir, acc_compare **out, char *err, size_t errlen);
void acc_compare_free(acc_compare *c);

int acc_compare_narms(const acc_compare *c);
const char *acc_compare_label(const acc_compare *c, int arm);
const char *acc_compare_scenario(const acc_compare *c, int arm);    /* name ("" if unknown) */
const char *acc_compare_description(const acc_compare *c, int arm); /* "" if unknown */
const char *acc_compare_source(const acc_compare *c, int arm);      /* the input as given */
/* The run's changes from the scenario's defaults, from its manifest:
 * "eu_stringency=0.9, risk.base_hazard=0.2" ("" if none or unknown). */
const char *acc_compare_settings(const acc_compare *c, int arm);
int acc_compare_paired(const acc_compare *c, int arm); /* differences paired by key */
/* The seeds of an arm's replications, "1", "1-10" or "1, 3, 7-9" ("" if unknown). */
const char *acc_compare_seeds(const acc_compare *c, int arm);
/* The number of runs (replications) of an arm. */
int acc_compare_runs(const acc_compare *c, int arm);
/* For an arm after the first whose differences are not paired with the
 * first's (different seeds or replications): why, and how to pair them;
 * "" otherwise. */
const char *acc_compare_warning(const acc_compare *c, int arm);
int acc_compare_noutcomes(const acc_compare *c);
const char *acc_compare_outcome(const acc_compare *c, int k);
int acc_compare_find(const acc_compare *c, const char *outcome); /* index or -1 */
const acc_compare_cell *acc_compare_get(const acc_compare *c, int arm, int k);
double acc_compare_level(const acc_compare *c);
const char *acc_compare_jurisdiction(const acc_compare *c);

/* Print a table of the key outcomes present (report/outcomes.h; all outcomes if `all`, or if
 * fewer than three key outcomes are present), led by the comparison's
 * jurisdiction's own outcomes (harm_<id>, exposure_<id>, ...) unless it is
 * "all", and followed by up to 8 custom metrics of the inputs (world:record), to f, fitting `width` columns
 * where possible: a legend of the arms, then one line per outcome with each
 * arm's mean (± half-width of its interval when it has one; [low, high] when
 * the interval was cut at the outcome's bounds) and, for the other arms, the
 * relative difference from the first. */
void acc_compare_print(const acc_compare *c, FILE *f, int all, int width);

#endif
