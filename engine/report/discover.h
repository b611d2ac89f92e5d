/* accord report — scenario discovery (`accord discover`): reads a sweep's
 * runs.csv, a calibration's calibration.csv or any CSV, labels each row by
 * an outcome threshold, runs PRIM (stats/prim.h) over the parameters and
 * writes the peeling trajectory, every box's limits, the chosen box with
 * quasi-p-values and a manifest, atomically.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_REPORT_DISCOVER_H
#define ACC_REPORT_DISCOVER_H

#include <stddef.h>
#include <stdio.h>

#include "stats/prim.h"

/* output files (in the output directory) */
#define ACC_FILE_DISCOVER_TRAJ "discover_trajectory.csv"
#define ACC_FILE_DISCOVER_BOXES "discover_boxes.csv"
#define ACC_FILE_DISCOVER_BOX "discover_box.csv"
#define ACC_KIND_DISCOVER "discover"

typedef enum acc_discover_rule {
    ACC_DISCOVER_ABOVE = 1, /* case: outcome > threshold */
    ACC_DISCOVER_BELOW = 2, /* case: outcome < threshold */
    ACC_DISCOVER_TOP = 3    /* case: among the ceil(q·n) largest (ties at the
                             * k-th largest value are all cases) */
} acc_discover_rule;

typedef struct acc_discover_opts {
    /* A directory (a sweep, a merged sweep or a calibration: the outcome is
     * looked up in calibration.csv when that file has it, else in runs.csv,
     * whose rows with status other than ok are left out; the parameters are
     * the manifest's) or a CSV file (the parameters: params, or every
     * column other than the outcome and run, point, rep, seed, status whose
     * cells are all numbers). */
    const char *input;
    const char *outcome;
    acc_discover_rule rule;
    double threshold;          /* above/below: the value; top: q in (0, 1) */
    const char *const *params; /* NULL: as above */
    int n_params;
    const char *const *filters; /* "column=value": keep only rows where it holds */
    int n_filters;
    acc_prim_opts prim;
    double min_density;        /* > 0: acc_prim_choose's rule with it */
    long step;                 /* >= 0: report this step's box instead */
    const char *outdir;        /* NULL: INPUT/discover, or beside a CSV file */
    const char *command_line;  /* for the manifest (may be NULL) */
} acc_discover_opts;

typedef struct acc_discover acc_discover;

/* Read, compute, write. ACC_EINVAL (bad options, a missing column, a
 * non-numeric cell, no case or only cases) naming the file, column and
 * value; ACC_EIO for files; ACC_ENOMEM. */
int acc_discover_run(const acc_discover_opts *o, acc_discover **out, char *err, size_t errlen);
void acc_discover_free(acc_discover *d); /* NULL is a no-op */

/* The trajectory and the chosen box, for people. */
void acc_discover_print(const acc_discover *d, FILE *f);
const char *acc_discover_outdir(const acc_discover *d);
const acc_prim_result *acc_discover_prim(const acc_discover *d);
size_t acc_discover_chosen(const acc_discover *d);

#endif
