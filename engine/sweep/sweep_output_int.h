/* accord — private to the sweep's output writer (sweep_output.c writes
 * runs.csv, failures.csv and points.csv; sweep_derived.c sensitivity.csv,
 * timeseries.csv and manifest.json). Not API.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_SWEEP_OUTPUT_INT_H
#define ACC_SWEEP_OUTPUT_INT_H

#include <stdint.h>
#include <stdio.h>

#include "io/atomic.h"
#include "io/csv.h"
#include "stats/estimate.h"
#include "sweep/sweep_int.h"

/* Run ids indexed per pass: 8 bytes each, so at most 32 MiB of index. */
#define SW_INDEX_WINDOW ((uint64_t)1 << 22)
/* An index entry: 1 + (journal number << SW_OFFSET_BITS | byte offset); 0: none. */
#define SW_OFFSET_BITS 48

/* One output CSV, written atomically: opened, written, sealed (complete in
 * its temporary file, hashed), then committed with the others. */
typedef struct sw_out_csv {
    acc_atomic *af;
    acc_csv_writer *w;
    char path[1200];
    int used;
    char sha256[ACC_SHA256_HEXLEN]; /* of the sealed file */
} sw_out_csv;

int sw_csv_open(sw_out_csv *f, const char *dir, const char *name, size_t ncols,
                const char *const *hdr, char *err, size_t errlen);
/* The file complete: flush it, drop its writer, hash its temporary file. */
int sw_csv_seal(sw_out_csv *f, char *err, size_t errlen);
/* Commit (rename into place) or drop the file; either after sealing or not. */
int sw_csv_close(sw_out_csv *f, int commit, char *err, size_t errlen);
/* The writer's error as err; ACC_EIO. */
int sw_csv_err(sw_out_csv *f, char *err, size_t errlen);

/* The state of one sw_output_write. */
typedef struct sw_writer {
    const sw_output_opts *o;
    const sw_plan *p;
    char **pnames;   /* column headers of the varied parameters */
    char **outnames; /* ordered outcome names */
    int nout;
    int *map;        /* per record position: column, or -1 */
    int mapcap;
    double *row;     /* outcome values of the current run */
    double *pvals;   /* parameter values of the current point */
    uint64_t pvals_point;
    sw_out_csv runs, fails, points;
    acc_stat_welford *acc; /* per outcome, current point */
    double *support;       /* per outcome: [2k] lowest, [2k+1] highest possible value
                              (report/outcomes.h), which cut its intervals */
    uint64_t cur_point;
    int have_point;
    double *ymean;   /* sensitivity: [outcome][point] */
    unsigned char *okbits; /* --timeseries: runs whose final record is ok */
    FILE **jf;
    char *line;
    size_t linecap;
    sw_parser ps;
    sw_output_stats *st;
} sw_writer;

/* Must the writing stop (o->interrupted)? Then ACC_EINTR with "stopped by
 * SIGINT" (or SIGTERM) in err, else ACC_OK. */
int sw_out_check_signal(const sw_output_opts *o, char *err, size_t errlen);

/* The parameter values of the current point as CSV cells (-1 if the writer failed). */
int sw_put_params(sw_writer *w, acc_csv_writer *cw);

/* sensitivity.csv (sobol and morris designs) from the points' mean outcomes. */
int sw_write_sensitivity(sw_writer *w, sw_out_csv *f, char *err, size_t errlen);
/* timeseries.csv (--timeseries): per point, step, row and metric over the
 * point's successful replications. */
int sw_write_timeseries(sw_writer *w, sw_out_csv *f, char *err, size_t errlen);
/* manifest.json, with the SHA-256 of each of the (sealed) files, written
 * to its temporary file: *out is left to commit. */
int sw_write_manifest(sw_writer *w, char **files, sw_out_csv *const *sealed, int nfiles,
                      const char *plan_hash, acc_atomic **out, char *err, size_t errlen);

#endif
