/* accord report — history matching on a finished sweep (`accord calibrate`):
 * calibration targets (data/targets.csv's format), the implausibility of
 * every design point against each target, the non-implausible points, each
 * parameter's plausible range and the box the next wave samples.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_REPORT_CALIBRATE_H
#define ACC_REPORT_CALIBRATE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* output files, beside the sweep's (docs/calibration.md) */
#define ACC_FILE_CALIBRATION "calibration.csv"
#define ACC_FILE_CALIB_PLAUSIBLE "calibration_plausible.csv"
#define ACC_FILE_CALIB_RANGES "calibration_ranges.csv"
#define ACC_FILE_CALIB_MANIFEST "calibration.json"
#define ACC_KIND_CALIBRATION "calibration"

/* Implausibility of a point against a target with range [low, high]:
 *   centre c = (low + high)/2, half-width h = (high − low)/2,
 *   var_target = (h / ACC_CALIB_TARGET_SDS)^2 (the range is ±2 sd),
 *   I = |mean − c| / sqrt(var_model / R + var_target)
 * with mean and var_model the sample mean and variance of the point's R
 * successful replications (var_model = 0 when R = 1). A zero denominator
 * gives I = 0 when mean = c, else +inf. */
#define ACC_CALIB_TARGET_SDS 2.0

typedef struct acc_calib_target {
    char id[128];
    char outcome[256];
    double low, high;
} acc_calib_target;

/* Read a targets file: a CSV with at least the columns id, outcome, low,
 * high (data/targets.csv has more; they are ignored). only: NULL for every
 * row, else the ids to keep (each must exist). ACC_EINVAL naming the file,
 * line, column and value for a missing column, a repeated id, a
 * non-finite bound or low > high; ACC_EIO if unreadable. *out is malloc'd. */
int acc_calib_read_targets(const char *path, const char *const *only, int n_only,
                           acc_calib_target **out, size_t *n, char *err, size_t errlen);

/* The implausibility formula above. */
double acc_calib_implausibility(double mean, double var_model, double reps, double low,
                                double high);

typedef struct acc_calib_opts {
    const char *dir;                /* a finished sweep (points.csv, manifest.json) */
    const acc_calib_target *targets;
    size_t n_targets;
    const char *targets_file;       /* for the manifest */
    double cutoff;                  /* plausible: max I < cutoff; 0: 3 */
    int wave;                       /* 1, 2, ... */
    const char *from;               /* the previous wave's directory (wave > 1) */
    const char *command_line;
} acc_calib_opts;

typedef struct acc_calib_summary {
    size_t n_points, n_plausible, n_missing; /* missing: a target without a mean */
    int reps_one;                   /* some point had one replication: var_model 0 */
} acc_calib_summary;

/* Evaluate o->dir: writes calibration.csv (point, parameters, mean_<id>
 * and I_<id> per target, max_I, plausible), calibration_plausible.csv (its
 * plausible rows), calibration_ranges.csv (per parameter: the sampled range,
 * the plausible range and the next wave's box) and calibration.json,
 * atomically. ACC_EINVAL if the sweep lacks a target's outcome; ACC_EIO. */
int acc_calib_evaluate(const acc_calib_opts *o, acc_calib_summary *s, char *err, size_t errlen);

/* Print calibration_ranges.csv of dir for people. */
int acc_calib_print(const char *dir, FILE *f, char *err, size_t errlen);

/* The next wave's box from a calibration directory: n names (malloc'd
 * strings) with lo/hi (malloc'd arrays), and the wave that directory was.
 * ACC_EINVAL when it has no plausible point (nothing to refine). */
int acc_calib_next_box(const char *dir, char ***names, double **lo, double **hi, size_t *n,
                       int *wave, char *err, size_t errlen);

/* The wave and --from a calibration directory recorded (calibration.json);
 * 0 (and *wave, from untouched) if it has none. */
int acc_calib_dir_wave(const char *dir, int *wave, char *from, size_t n);

/* The seed a sweep directory recorded (manifest.json "seed"): 1 and *seed,
 * or 0 when it has none that a double holds exactly (below 2^53). */
int acc_calib_dir_seed(const char *dir, uint64_t *seed);

/* The design points and replications a sweep directory recorded
 * (manifest.json "design.samples", "replications"): 1, or 0 without them. */
int acc_calib_dir_design(const char *dir, uint64_t *samples, uint64_t *reps);

/* The fixed parameters a sweep directory recorded (manifest.json "fixed":
 * "name=value" strings, in the sweep's order): 1 and n malloc'd strings in
 * a malloc'd array, or 0 (nothing allocated) when it has no such list. */
int acc_calib_dir_fixed(const char *dir, char ***sets, size_t *n);

#endif
