/* accord report — private to the comparison code (compare.c computes and
 * prints, compare_read.c reads the inputs, compare_write.c writes the
 * comparison directory and reads it back). Not API.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_REPORT_COMPARE_INT_H
#define ACC_REPORT_COMPARE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "io/csv.h"
#include "report/compare.h"

#define MAX_ARMS 16
#define MAX_DIRS_PER_ARM 1000
#define LABEL_LEN 48

typedef struct arm {
    char label[LABEL_LEN];
    char *source;         /* the input as given */
    char scenario[64];
    char *description;
    char *settings;       /* "name=value, ..." overridden parameters and fields */
    int sweep;            /* from a sweep directory */
    int paired;           /* differences from the first arm are paired */
    int nrep;
    int nnames;
    char **names;         /* this arm's outcome names */
    int nsummary_names;   /* the first of them, from summary.csv (the rest: custom metrics) */
    double *v;            /* v[r * nnames + k] */
    uint64_t *keys;       /* replication keys: keys[2r] seed, keys[2r+1] run */
    int ndirs;
    char **dirs;          /* run directories (time series) */
    int n_loaded;         /* acc_compare_load: replications recorded in the manifest */
    uint64_t *seeds;      /* the distinct seeds of its replications, ascending */
    int nseeds;
    char *seeds_text;     /* "1", "1-10", "1, 3, 7-9" */
    char *warning;        /* why its differences from the first arm are not paired, or "" */
    /* custom metrics' units and docs from its manifests ("metrics") */
    int nmeta;
    char **meta_names, **meta_units, **meta_docs;
} arm;

struct acc_compare {
    int narms;
    arm a[MAX_ARMS];
    int nout;
    char **outcomes;
    acc_compare_cell *cells; /* cells[arm * nout + k] */
    double level;
    char jurisdiction[64];
};

/* ---- small helpers (compare_read.c) ---- */

char *cmp_dup_str(const char *s);       /* "" for NULL; NULL if out of memory */
int cmp_oom(char *err, size_t errlen);  /* "out of memory", ACC_ENOMEM */
int cmp_str_in(const char *s, const char *const *list); /* list NULL-ended */
int cmp_name_in(const char *s, char **v, int n);
void cmp_free_names(char **v, int n);
int cmp_col_of(const acc_csv_table *t, const char *name); /* column or -1 */
double cmp_cell_num(const acc_csv_table *t, size_t r, int c); /* NaN if not a number */

/* [A-Za-z0-9_.-], 1 to LABEL_LEN-1 of them (compare.c). */
int cmp_label_ok(const char *s);

/* Read one input (a run directory, run directories joined by commas, or a
 * sweep directory) into a. */
int cmp_load_arm(arm *a, const char *input, char *err, size_t errlen);

/* The distinct seeds of a's replications (a->seeds) and their text
 * (compare.c). */
int cmp_arm_seeds(arm *a, char *err, size_t errlen);

/* ---- the comparison directory (compare_write.c) ---- */

int cmp_write_table(acc_compare *c, const char *dir, char *err, size_t errlen);
/* compare_timeseries.csv (*written: arms with series) and, when the first
 * arm and another have series, compare_difference.csv (*diffs = 1). */
int cmp_write_timeseries(acc_compare *c, const char *dir, int *written, int *diffs, char *err,
                         size_t errlen);
int cmp_write_manifest(const acc_compare *c, const acc_compare_opts *o, int ts_arms, int diffs,
                       char *err, size_t errlen);

#endif
