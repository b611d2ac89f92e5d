/* accord — a sweep's output files, built from its journal(s) in run-id
 * order whatever order the runs finished in: runs.csv, failures.csv,
 * points.csv (mean, sd, t interval per point and outcome), then (through
 * sweep_derived.c) sensitivity.csv, timeseries.csv and manifest.json.
 * Memory is bounded: an offset index over a window of run ids, never the
 * results themselves.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "base/common.h"
#include "io/atomic.h"
#include "io/csv.h"
#include "io/layout.h"
#include "base/sha256.h"
#include "report/outcomes.h"
#include "stats/estimate.h"
#include "report/plot.h"
#include "sweep/sweep_output_int.h"

typedef struct outcol {
    char *name;
    uint64_t first_run; /* the lowest run id that reported it */
    int pos;            /* its position in that run's list */
} outcol;

typedef struct idx_ctx {
    const sw_output_opts *o;
    uint64_t jno;           /* journal number */
    uint64_t w0, wn;        /* window of shard positions */
    uint64_t *idx;          /* 1 + (jno << 48 | offset), 0 = none */
    int collect;            /* collect outcome columns (first pass) */
    outcol *cols;
    int ncols, capcols;
    int oom;
    uint64_t n_records;
    double run_seconds;
} idx_ctx;

static int in_shard(const sw_output_opts *o, uint64_t run, uint64_t *pos)
{
    if (run >= o->plan->nruns || run % o->shard_count != o->shard_index)
        return 0;
    *pos = run / o->shard_count;
    return 1;
}

static int add_col(idx_ctx *c, const char *name, uint64_t run, int pos)
{
    for (int i = 0; i < c->ncols; i++)
        if (strcmp(c->cols[i].name, name) == 0) {
            if (run < c->cols[i].first_run || (run == c->cols[i].first_run && pos < c->cols[i].pos)) {
                c->cols[i].first_run = run;
                c->cols[i].pos = pos;
            }
            return 0;
        }
    if (c->ncols == c->capcols) {
        int cap = c->capcols ? 2 * c->capcols : 16;
        outcol *n = realloc(c->cols, sizeof *n * (size_t)cap);
        if (!n)
            return -1;
        c->cols = n;
        c->capcols = cap;
    }
    if (!(c->cols[c->ncols].name = strdup(name)))
        return -1;
    c->cols[c->ncols].first_run = run;
    c->cols[c->ncols].pos = pos;
    c->ncols++;
    return 0;
}

static int on_index(void *ud, const sw_record *r, long long off)
{
    idx_ctx *c = ud;
    uint64_t pos;
    if (!in_shard(c->o, r->run, &pos))
        return ACC_OK;
    if (c->collect && r->status == SW_OK) {
        /* fast path: the same names as the columns so far, in order */
        int same = r->nout <= c->ncols;
        for (int i = 0; same && i < r->nout; i++)
            same = strcmp(c->cols[i].name, r->names[i]) == 0 && c->cols[i].first_run <= r->run;
        for (int i = 0; !same && i < r->nout; i++)
            if (add_col(c, r->names[i], r->run, i)) {
                c->oom = 1;
                return ACC_ENOMEM;
            }
    }
    if (pos >= c->w0 && pos < c->w0 + c->wn)
        c->idx[pos - c->w0] = 1 + ((c->jno << SW_OFFSET_BITS) | (uint64_t)off);
    return ACC_OK;
}

static int cmp_col(const void *a, const void *b)
{
    const outcol *x = a, *y = b;
    if (x->first_run != y->first_run)
        return x->first_run < y->first_run ? -1 : 1;
    if (x->pos != y->pos)
        return x->pos < y->pos ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* Index one window of shard positions over all journals. */
static int index_window(idx_ctx *c, char *err, size_t errlen)
{
    memset(c->idx, 0, sizeof *c->idx * (size_t)c->wn);
    for (int j = 0; j < c->o->njournals; j++) {
        sw_header h;
        long long end;
        uint64_t bad;
        c->jno = (uint64_t)j;
        int rc = sw_journal_read(c->o->journals[j], &h, on_index, c, &end, &bad, err, errlen);
        if (rc) {
            if (c->oom)
                acc_errf(err, errlen, "out of memory");
            return rc;
        }
        sw_header_free(&h);
    }
    return ACC_OK;
}

/* ---- writing ----------------------------------------------------------------------------- */

int sw_csv_open(sw_out_csv *f, const char *dir, const char *name, size_t ncols,
                    const char *const *hdr, char *err, size_t errlen)
{
    snprintf(f->path, sizeof f->path, "%s/%s", dir, name);
    int rc = acc_csv_open_atomic(f->path, ncols, hdr, &f->af, &f->w, err, errlen);
    if (rc)
        return rc;
    f->used = 1;
    return ACC_OK;
}

int sw_csv_seal(sw_out_csv *f, char *err, size_t errlen)
{
    if (acc_csv_flush(f->w))
        return sw_csv_err(f, err, errlen);
    acc_csv_writer_free(f->w);
    f->w = NULL;
    /* on disk now, so that the commit (its own fsync a no-op) only renames */
    if (fsync(fileno(acc_atomic_file(f->af))) != 0) {
        acc_errf(err, errlen, "%s: cannot write %s: %s", f->path, acc_atomic_temp_path(f->af),
                 strerror(errno));
        return ACC_EIO;
    }
    return acc_sha256_file(acc_atomic_temp_path(f->af), f->sha256, err, errlen) ? ACC_EIO : ACC_OK;
}

int sw_out_check_signal(const sw_output_opts *o, char *err, size_t errlen)
{
    int sig = o->interrupted ? o->interrupted() : 0;
    if (!sig)
        return ACC_OK;
    acc_errf(err, errlen, "stopped by %s", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    return ACC_EINTR;
}

int sw_csv_close(sw_out_csv *f, int commit, char *err, size_t errlen)
{
    int rc = acc_csv_close_atomic(f->w, f->af, commit, err, errlen);
    f->w = NULL;
    f->af = NULL;
    return rc;
}

int sw_csv_err(sw_out_csv *f, char *err, size_t errlen)
{
    acc_errf(err, errlen, "%s", acc_csv_writer_errmsg(f->w));
    return ACC_EIO;
}

/* Every fixed column of the sweep's CSV files: runs.csv and failures.csv,
 * points.csv, timeseries.csv. A varied parameter named like one of them
 * (a parameter "mean", "n" or "status") gets the column param_<name> in
 * every file instead, so that no header repeats and the parameter's column
 * has one name across the files; sensitivity.csv and manifest.json keep
 * the parameter's own name (the manifest says which column it has). */
static const char *const fixed_columns[] = {
    "run",  "point", "rep",   "seed",         "status",   "message", "outcome",
    "n",    "mean",  "sd",    "ci_lo",        "ci_hi",    "step",    "year",
    "jurisdiction",  "variable", "q05",       "q50",      "q95"};

int sw_fault_pause(void)
{
    const char *fault = getenv("ACCORD_SWEEP_FAULT");
    return !fault                                 ? 0
           : strcmp(fault, "pause-outputs") == 0 ? 1
           : strcmp(fault, "pause-commit") == 0  ? 2
                                                  : 0;
}

void sw_free_headers(char **h, int n)
{
    if (h)
        for (int i = 0; i < n; i++)
            free(h[i]);
    free(h);
}

char **sw_unique_headers(const char *const *names, int n, const char *const *fixed, int nfixed,
                         const char *prefix)
{
    char **h = calloc((size_t)(n > 0 ? n : 1), sizeof *h);
    if (!h)
        return NULL;
    for (int i = 0; i < n; i++) {
        acc_sb b = {0};
        acc_sb_add(&b, names[i]);
        for (;;) {
            int clash = 0;
            for (int k = 0; k < nfixed && !clash; k++)
                clash = strcmp(fixed[k], b.s) == 0;
            for (int k = 0; k < n && !clash; k++)
                clash = k != i && strcmp(names[k], b.s) == 0;
            for (int k = 0; k < i && !clash; k++)
                clash = strcmp(h[k], b.s) == 0;
            if (!clash || b.oom)
                break;
            acc_sb tmp = {0};
            acc_sb_add(&tmp, prefix);
            acc_sb_add(&tmp, b.s);
            acc_sb_free(&b);
            b = tmp;
        }
        if (b.oom || !b.s) {
            acc_sb_free(&b);
            sw_free_headers(h, i);
            return NULL;
        }
        h[i] = b.s;
    }
    return h;
}

/* Column headers of the varied parameters (see fixed_columns); NULL on
 * allocation failure. */
static char **param_headers(const sw_plan *p)
{
    const char **names = calloc((size_t)(p->nvary > 0 ? p->nvary : 1), sizeof *names);
    if (!names)
        return NULL;
    for (int i = 0; i < p->nvary; i++)
        names[i] = p->vary[i].name;
    char **h = sw_unique_headers(names, p->nvary, fixed_columns,
                              (int)(sizeof fixed_columns / sizeof fixed_columns[0]), "param_");
    free(names);
    return h;
}

int sw_put_params(sw_writer *w, acc_csv_writer *cw)
{
    for (int k = 0; k < w->p->nvary; k++)
        if (acc_csv_put_double(cw, w->pvals[k]))
            return -1;
    return 0;
}

static int put_row(sw_writer *w, acc_csv_writer *cw)
{
    for (int k = 0; k < w->nout; k++)
        if (acc_csv_put_double(cw, w->row[k]))
            return -1;
    return 0;
}

static int flush_point(sw_writer *w, char *err, size_t errlen)
{
    if (!w->have_point)
        return ACC_OK;
    const sw_plan *p = w->p;
    if (w->pvals_point != w->cur_point) {
        if (sw_plan_point_values(p, w->cur_point, w->pvals)) {
            acc_errf(err, errlen, "design point %llu out of range", (unsigned long long)w->cur_point);
            return ACC_EINVAL;
        }
        w->pvals_point = w->cur_point;
    }
    acc_csv_writer *cw = w->points.w;
    for (int k = 0; k < w->nout; k++) {
        acc_stat_welford *a = &w->acc[k];
        double lo = NAN, hi = NAN;
        acc_stat_welford_ci(a, 0.95, &lo, &hi, NULL, 0);
        double mean = acc_stat_welford_mean(a);
        /* a mean outside the support says the name misleads (a custom metric
         * called harm_net): then the interval is left as it is */
        if (mean >= w->support[2 * k] && mean <= w->support[2 * k + 1])
            acc_stat_interval_clip(&lo, &hi, w->support[2 * k], w->support[2 * k + 1]);
        if (w->ymean)
            w->ymean[(size_t)k * p->npoints + w->cur_point] = mean;
        if (acc_csv_put_int(cw, (long long)w->cur_point) || sw_put_params(w, cw) ||
            acc_csv_put_str(cw, w->outnames[k]) || acc_csv_put_int(cw, (long long)a->n) ||
            acc_csv_put_double(cw, mean) || acc_csv_put_double(cw, acc_stat_welford_sd(a)) ||
            acc_csv_put_double(cw, lo) || acc_csv_put_double(cw, hi) || acc_csv_end_row(cw))
            return sw_csv_err(&w->points, err, errlen);
        acc_stat_welford_init(a);
    }
    w->have_point = 0;
    return ACC_OK;
}

static int read_line_at(sw_writer *w, uint64_t code, char *err, size_t errlen)
{
    uint64_t v = code - 1;
    int j = (int)(v >> SW_OFFSET_BITS);
    off_t off = (off_t)(v & (((uint64_t)1 << SW_OFFSET_BITS) - 1));
    FILE *f = w->jf[j];
    ssize_t got;
    if (fseeko(f, off, SEEK_SET) != 0 || (got = getline(&w->line, &w->linecap, f)) <= 0) {
        acc_errf(err, errlen, "%s: cannot read back a record: %s", w->o->journals[j], strerror(errno));
        return -1;
    }
    if (w->line[got - 1] == '\n')
        got--;
    return (int)got;
}

static int write_run(sw_writer *w, uint64_t run, const sw_record *r, char *err, size_t errlen)
{
    const sw_plan *p = w->p;
    uint64_t point = run / p->reps, rep = run % p->reps;
    if (w->pvals_point != point) {
        if (sw_plan_point_values(p, point, w->pvals)) {
            acc_errf(err, errlen, "design point %llu out of range", (unsigned long long)point);
            return ACC_EINVAL;
        }
        w->pvals_point = point;
    }
    for (int k = 0; k < w->nout; k++)
        w->row[k] = NAN;
    if (r->status == SW_OK && w->okbits)
        w->okbits[run >> 3] |= (unsigned char)(1u << (run & 7));
    if (r->status == SW_OK) {
        if (r->nout > w->mapcap) {
            int *m = realloc(w->map, sizeof *m * (size_t)r->nout);
            if (!m) {
                acc_errf(err, errlen, "out of memory");
                return ACC_ENOMEM;
            }
            w->map = m;
            w->mapcap = r->nout;
        }
        for (int i = 0; i < r->nout; i++) {
            int col = -1;
            if (i < w->nout && strcmp(w->outnames[i], r->names[i]) == 0)
                col = i;
            for (int k = 0; col < 0 && k < w->nout; k++)
                if (strcmp(w->outnames[k], r->names[i]) == 0)
                    col = k;
            if (col >= 0)
                w->row[col] = r->values[i];
        }
        w->st->n_ok++;
    } else {
        w->st->n_failed++;
    }
    w->st->n_present++;
    w->st->run_seconds += r->seconds;
    acc_csv_writer *cw = w->runs.w;
    if (acc_csv_put_int(cw, (long long)run) || acc_csv_put_int(cw, (long long)point) ||
        acc_csv_put_int(cw, (long long)rep) || acc_csv_put_int(cw, (long long)p->seed) ||
        acc_csv_put_str(cw, sw_status_name(r->status)) || sw_put_params(w, cw) ||
        put_row(w, cw) || acc_csv_end_row(cw))
        return sw_csv_err(&w->runs, err, errlen);
    if (r->status != SW_OK) {
        cw = w->fails.w;
        if (acc_csv_put_int(cw, (long long)run) || acc_csv_put_int(cw, (long long)point) ||
            acc_csv_put_int(cw, (long long)rep) || acc_csv_put_int(cw, (long long)p->seed) ||
            acc_csv_put_str(cw, sw_status_name(r->status)) || sw_put_params(w, cw) ||
            acc_csv_put_str(cw, r->msg ? r->msg : "") || acc_csv_end_row(cw))
            return sw_csv_err(&w->fails, err, errlen);
    }
    if (w->points.w) {
        if (w->have_point && w->cur_point != point) {
            int rc = flush_point(w, err, errlen);
            if (rc)
                return rc;
        }
        if (!w->have_point) {
            w->cur_point = point;
            w->have_point = 1;
        }
        if (r->status == SW_OK)
            for (int k = 0; k < w->nout; k++)
                acc_stat_welford_add(&w->acc[k], w->row[k]);
    }
    return ACC_OK;
}

/* ---- driver ------------------------------------------------------------------------------------ */

static int oom(char *err, size_t errlen)
{
    acc_errf(err, errlen, "out of memory");
    return ACC_ENOMEM;
}

/* One sw_output_write: the index, the writer and the headers it made. */
typedef struct output_job {
    const sw_output_opts *o;
    const sw_plan *p;
    idx_ctx ic;
    sw_writer w;
    uint64_t npos;       /* runs of the shard */
    int full;            /* all of the runs (not a shard): points and the rest */
    int want_ts;
    char **hdrs;         /* outcome column headers */
    const char **fixed;  /* run, point, rep, seed, status, the parameters */
    const char **rh;     /* every header of a table */
    sw_out_csv sens, ts;
    char *files[8];      /* written, for the manifest */
    sw_out_csv *sealed[8]; /* their files, complete under temporary names */
    int nfiles;
    acc_atomic *manifest; /* complete, to commit last */
} output_job;

/* Index the first window, fix the outcome columns, allocate the writer's
 * state and open the journals. */
static int job_prepare(output_job *J, char *err, size_t errlen)
{
    const sw_output_opts *o = J->o;
    const sw_plan *p = J->p;
    sw_writer *w = &J->w;
    idx_ctx *ic = &J->ic;
    int rc;
    if (!(ic->idx = calloc((size_t)(ic->wn ? ic->wn : 1), sizeof *ic->idx)) ||
        !(w->jf = calloc((size_t)o->njournals, sizeof *w->jf)) ||
        !(w->pvals = calloc((size_t)(p->nvary ? p->nvary : 1), sizeof *w->pvals)) ||
        !(w->pnames = param_headers(p)))
        return oom(err, errlen);
    if ((rc = index_window(ic, err, errlen)))
        return rc;
    /* outcome columns */
    if (p->noutcomes) {
        w->nout = p->noutcomes;
        w->outnames = p->outcomes;
    } else {
        if (ic->ncols > 1) /* none when every run failed: qsort wants a real array */
            qsort(ic->cols, (size_t)ic->ncols, sizeof *ic->cols, cmp_col);
        w->nout = ic->ncols;
        if (!(w->outnames = calloc((size_t)(ic->ncols ? ic->ncols : 1), sizeof *w->outnames)))
            return oom(err, errlen);
        for (int i = 0; i < ic->ncols; i++)
            w->outnames[i] = ic->cols[i].name;
    }
    if (!(w->row = calloc((size_t)(w->nout ? w->nout : 1), sizeof *w->row)) ||
        !(w->acc = calloc((size_t)(w->nout ? w->nout : 1), sizeof *w->acc)))
        return oom(err, errlen);
    for (int k = 0; k < w->nout; k++)
        acc_stat_welford_init(&w->acc[k]);
    if (!(w->support = malloc(sizeof *w->support * 2 * (size_t)(w->nout ? w->nout : 1))))
        return oom(err, errlen);
    for (int k = 0; k < w->nout; k++)
        acc_outcome_support(w->outnames[k], &w->support[2 * k], &w->support[2 * k + 1]);
    if (J->full && (p->design == ACC_DESIGN_SOBOL || p->design == ACC_DESIGN_MORRIS) &&
        w->nout > 0) {
        if (!(w->ymean = malloc(sizeof *w->ymean * (size_t)w->nout * (size_t)p->npoints)))
            return oom(err, errlen);
        for (size_t i = 0; i < (size_t)w->nout * (size_t)p->npoints; i++)
            w->ymean[i] = NAN;
    }
    J->want_ts = J->full && p->timeseries && o->nts_journals > 0;
    if (J->want_ts && !(w->okbits = calloc((size_t)(p->nruns / 8 + 1), 1)))
        return oom(err, errlen);
    for (int j = 0; j < o->njournals; j++)
        if (!(w->jf[j] = fopen(o->journals[j], "rb"))) {
            acc_errf(err, errlen, "%s: cannot open: %s", o->journals[j], strerror(errno));
            return ACC_EIO;
        }
    return ACC_OK;
}

/* runs.csv and failures.csv and (unsharded) points.csv, with their headers. */
static int open_tables(output_job *J, char *err, size_t errlen)
{
    const sw_output_opts *o = J->o;
    const sw_plan *p = J->p;
    sw_writer *w = &J->w;
    int nfix = 5 + p->nvary, rc;
    if (!(J->fixed = calloc((size_t)nfix + 1, sizeof *J->fixed)))
        return oom(err, errlen);
    static const char *const lead[] = {"run", "point", "rep", "seed", "status"};
    for (int i = 0; i < 5; i++)
        J->fixed[i] = lead[i];
    for (int i = 0; i < p->nvary; i++)
        J->fixed[5 + i] = w->pnames[i];
    if (!(J->hdrs = sw_unique_headers((const char *const *)w->outnames, w->nout, J->fixed, nfix,
                                   "out_")) ||
        !(J->rh = calloc((size_t)(nfix + w->nout + 8), sizeof *J->rh)))
        return oom(err, errlen);
    const char **rh = J->rh;
    for (int i = 0; i < nfix; i++)
        rh[i] = J->fixed[i];
    for (int i = 0; i < w->nout; i++)
        rh[nfix + i] = J->hdrs[i];
    if ((rc = sw_csv_open(&w->runs, o->outdir, ACC_FILE_RUNS, (size_t)(nfix + w->nout), rh, err,
                          errlen)))
        return rc;
    rh[nfix] = "message";
    if ((rc = sw_csv_open(&w->fails, o->outdir, ACC_FILE_FAILURES, (size_t)nfix + 1, rh, err,
                          errlen)) ||
        !J->full)
        return rc;
    const char **ph = rh;
    ph[0] = "point";
    for (int i = 0; i < p->nvary; i++)
        ph[1 + i] = w->pnames[i];
    int q = 1 + p->nvary;
    static const char *const tail[] = {"outcome", "n", "mean", "sd", "ci_lo", "ci_hi"};
    for (int i = 0; i < 6; i++)
        ph[q + i] = tail[i];
    return sw_csv_open(&w->points, o->outdir, ACC_FILE_POINTS, (size_t)q + 6, ph, err, errlen);
}

/* Every run of the shard in id order, window by window. */
static int write_runs(output_job *J, char *err, size_t errlen)
{
    const sw_output_opts *o = J->o;
    idx_ctx *ic = &J->ic;
    int rc;
    for (uint64_t w0 = 0; w0 < J->npos; w0 += SW_INDEX_WINDOW) {
        if (w0 > 0) {
            ic->w0 = w0;
            ic->wn = J->npos - w0 < SW_INDEX_WINDOW ? J->npos - w0 : SW_INDEX_WINDOW;
            ic->collect = 0;
            if ((rc = index_window(ic, err, errlen)))
                return rc;
        }
        for (uint64_t q = 0; q < ic->wn; q++) {
            if ((q & 1023) == 0 && (rc = sw_out_check_signal(o, err, errlen)))
                return rc;
            if (!ic->idx[q])
                continue;
            int len = read_line_at(&J->w, ic->idx[q], err, errlen);
            if (len < 0)
                return ACC_EIO;
            sw_record r;
            if (sw_parse_line(&J->w.ps, J->w.line, (size_t)len, &r) != 1) {
                acc_errf(err, errlen, "%s: a record changed while being read",
                         o->journals[(ic->idx[q] - 1) >> SW_OFFSET_BITS]);
                return ACC_EIO;
            }
            uint64_t run = (w0 + q) * o->shard_count + o->shard_index;
            if ((rc = write_run(&J->w, run, &r, err, errlen)))
                return rc;
        }
    }
    return ACC_OK;
}

/* One more file complete: seal it (flush, hash) for the commit. */
static int seal(output_job *J, sw_out_csv *f, const char *name, char *err, size_t errlen)
{
    int rc = sw_csv_seal(f, err, errlen);
    if (rc == ACC_OK) {
        J->files[J->nfiles] = (char *)name;
        J->sealed[J->nfiles++] = f;
    }
    return rc;
}

/* Testing (ACCORD_SWEEP_FAULT=pause-*): wait, at most 60 s, for a signal. */
static void pause_for_signal(const sw_output_opts *o, const char *where)
{
    fprintf(stderr, "accord: ACCORD_SWEEP_FAULT: paused %s\n", where);
    for (int i = 0; i < 6000 && o->interrupted && !o->interrupted(); i++)
        nanosleep(&(struct timespec){0, 10000000}, NULL);
}

/* Complete the tables, then write the derived files (unsharded): all under
 * their temporary names, sealed. */
static int finish_tables(output_job *J, char *err, size_t errlen)
{
    sw_writer *w = &J->w;
    int rc;
    if ((J->full && (rc = flush_point(w, err, errlen))) ||
        (rc = seal(J, &w->runs, ACC_FILE_RUNS, err, errlen)) ||
        (rc = seal(J, &w->fails, ACC_FILE_FAILURES, err, errlen)) ||
        (J->full && (rc = seal(J, &w->points, ACC_FILE_POINTS, err, errlen))))
        return rc;
    if (J->o->pause_for_test == 1)
        pause_for_signal(J->o, "with runs.csv, failures.csv and points.csv written under temporary names");
    if ((rc = sw_out_check_signal(J->o, err, errlen)) || !J->full)
        return rc;
    if (w->ymean && ((rc = sw_write_sensitivity(w, &J->sens, err, errlen)) ||
                     (rc = seal(J, &J->sens, ACC_FILE_SENSITIVITY, err, errlen))))
        return rc;
    if (J->want_ts && ((rc = sw_write_timeseries(w, &J->ts, err, errlen)) ||
                       (rc = seal(J, &J->ts, ACC_FILE_TIMESERIES, err, errlen))))
        return rc;
    return ACC_OK;
}

/* Before the first rename: the previous session's manifest goes (and its
 * removal is on disk), so that renames that fail partway (an I/O error) leave
 * some new files and no manifest, never an old manifest beside new files that
 * it does not describe. ACC_OK, or ACC_EIO with nothing renamed. A merge calls
 * it before it replaces the journal (sweep_merge.c). */
int sw_retire_manifest(const char *path, const char *outdir, char *err, size_t errlen)
{
    if (unlink(path) != 0) {
        if (errno == ENOENT)
            return ACC_OK;
        acc_errf(err, errlen, "%s: cannot remove the previous manifest before replacing the "
                 "outputs: %s (nothing was replaced)", path, strerror(errno));
        return ACC_EIO;
    }
    int fd = open(outdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || (fsync(fd) != 0 && errno != EINVAL)) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        acc_errf(err, errlen, "%s: cannot sync the directory after removing the previous "
                 "manifest: %s (no output was replaced)", outdir, strerror(e));
        return ACC_EIO;
    }
    close(fd);
    return ACC_OK;
}

/* Every file written: rename them into place, the manifest last. A signal
 * now (caught: sw_signals_install) waits for the renames (a few ms). */
static int commit_all(output_job *J, char *err, size_t errlen)
{
    int rc = ACC_OK;
    if (J->o->pause_for_test == 2)
        pause_for_signal(J->o, "with every output written, renaming them into place");
    acc_atomic *m = J->manifest;
    J->manifest = NULL;
    if ((rc = sw_retire_manifest(acc_atomic_path(m), J->o->outdir, err, errlen))) {
        acc_atomic_abort(m);
        return rc;
    }
    for (int i = 0; i < J->nfiles && rc == ACC_OK; i++)
        rc = sw_csv_close(J->sealed[i], 1, err, errlen);
    if (rc == ACC_OK)
        rc = acc_atomic_commit(m, err, errlen);
    else
        acc_atomic_abort(m);
    if (rc != ACC_OK && err && errlen) { /* say what the directory holds now */
        size_t n = strlen(err);
        if (n + 1 < errlen)
            snprintf(err + n, errlen - n, "; the outputs in %s are incomplete (no %s): "
                     "once the cause is fixed, %s writes them all", J->o->outdir, ACC_FILE_MANIFEST,
                     J->o->merged_from ? "the same accord merge"
                                       : "the same accord sweep command with --resume");
    }
    return rc;
}

static void job_free(output_job *J)
{
    sw_writer *w = &J->w;
    sw_csv_close(&w->runs, 0, NULL, 0);
    sw_csv_close(&w->fails, 0, NULL, 0);
    sw_csv_close(&w->points, 0, NULL, 0);
    sw_csv_close(&J->sens, 0, NULL, 0);
    sw_csv_close(&J->ts, 0, NULL, 0);
    acc_atomic_abort(J->manifest);
    if (w->jf)
        for (int j = 0; j < J->o->njournals; j++)
            if (w->jf[j])
                fclose(w->jf[j]);
    free(w->jf);
    sw_free_headers(J->hdrs, w->nout);
    sw_free_headers(w->pnames, J->p->nvary);
    free(J->fixed);
    free(J->rh);
    if (w->outnames != J->p->outcomes)
        free(w->outnames);
    for (int i = 0; i < J->ic.ncols; i++)
        free(J->ic.cols[i].name);
    free(J->ic.cols);
    free(J->ic.idx);
    free(w->row);
    free(w->acc);
    free(w->ymean);
    free(w->support);
    free(w->pvals);
    free(w->okbits);
    free(w->map);
    free(w->line);
    sw_parser_free(&w->ps);
}

int sw_output_write(const sw_output_opts *o, sw_output_stats *st, char *err, size_t errlen)
{
    memset(st, 0, sizeof *st);
    output_job *J = calloc(1, sizeof *J);
    if (!J) {
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    J->o = o;
    J->p = o->plan;
    J->npos = sw_shard_runs(J->p->nruns, o->shard_index, o->shard_count);
    J->full = o->shard_count == 1;
    J->ic.o = o;
    J->ic.collect = 1;
    J->ic.wn = J->npos < SW_INDEX_WINDOW ? J->npos : SW_INDEX_WINDOW;
    J->w.o = o;
    J->w.p = J->p;
    J->w.st = st;
    J->w.pvals_point = UINT64_MAX;
    char hex[ACC_SHA256_HEXLEN];
    int rc;
    if (!(rc = job_prepare(J, err, errlen)) && !(rc = open_tables(J, err, errlen)) &&
        !(rc = write_runs(J, err, errlen)) && !(rc = finish_tables(J, err, errlen))) {
        st->n_missing = J->npos - st->n_present;
        rc = sw_plan_sha256(J->p, hex) ? oom(err, errlen)
                                       : sw_write_manifest(&J->w, J->files, J->sealed, J->nfiles,
                                                           hex, &J->manifest, err, errlen);
    }
    /* the last moment a signal stops the writing: after it, all or nothing */
    if (rc == ACC_OK && !(rc = sw_out_check_signal(o, err, errlen)))
        rc = commit_all(J, err, errlen);
    if (rc == ACC_OK) /* figures drawn from the earlier outputs show other runs */
        acc_plot_forget_figures(o->outdir);
    if (rc == ACC_OK) { /* a signal during the renames: reported now, the outputs complete */
        st->committed = 1;
        if ((rc = sw_out_check_signal(o, err, errlen)))
            acc_errf(err, errlen, "stopped by %s once every output was in place: %s is complete "
                     "(nothing to run again)", o->interrupted() == SIGTERM ? "SIGTERM" : "SIGINT",
                     o->outdir);
    }
    job_free(J);
    free(J);
    return rc;
}

void sw_output_opts_init(sw_output_opts *oo, const sw_plan *p, const sw_header *h,
                         const char *const *journal, const char *const *ts_journal,
                         const char *outdir, const char *command_line, const char *start_time,
                         double wall_s)
{
    memset(oo, 0, sizeof *oo);
    oo->plan = p;
    oo->header = h;
    oo->journals = journal;
    oo->njournals = 1;
    oo->ts_journals = ts_journal;
    oo->nts_journals = p->timeseries ? 1 : 0;
    oo->outdir = outdir;
    oo->shard_index = 0;
    oo->shard_count = 1;
    oo->command_line = command_line;
    oo->start_time = start_time;
    oo->wall_s = wall_s;
}

/* ---- counting (merge checks) ------------------------------------------------------------------ */

typedef struct count_ctx {
    const sw_output_opts *o;
    unsigned char *seen;
    sw_output_stats *st;
} count_ctx;

static int on_count(void *ud, const sw_record *r, long long off)
{
    (void)off;
    count_ctx *c = ud;
    uint64_t pos;
    if (!in_shard(c->o, r->run, &pos))
        return ACC_OK;
    if (!(c->seen[pos >> 3] & (1u << (pos & 7)))) {
        c->seen[pos >> 3] |= (unsigned char)(1u << (pos & 7));
        c->st->n_present++;
    }
    return ACC_OK;
}

int sw_output_count(const sw_output_opts *o, sw_output_stats *st, char *err, size_t errlen)
{
    memset(st, 0, sizeof *st);
    uint64_t npos = sw_shard_runs(o->plan->nruns, o->shard_index, o->shard_count);
    count_ctx c = {o, calloc((size_t)(npos / 8 + 1), 1), st};
    if (!c.seen) {
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    int rc = ACC_OK;
    for (int j = 0; j < o->njournals && rc == ACC_OK; j++) {
        sw_header h;
        long long end;
        uint64_t bad;
        rc = sw_journal_read(o->journals[j], &h, on_count, &c, &end, &bad, err, errlen);
        st->n_bad += bad;
        if (rc == ACC_OK)
            sw_header_free(&h);
    }
    st->n_missing = npos - st->n_present;
    free(c.seen);
    return rc;
}
