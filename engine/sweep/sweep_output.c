/* accord — a sweep's output files, built from its journal(s) in run-id
 * order whatever order the runs finished in: runs.csv, failures.csv,
 * points.csv (mean, sd, t interval per point and outcome), sensitivity.csv
 * (Sobol' or Morris) and manifest.json. Memory is bounded: an offset index
 * over a window of run ids, never the results themselves.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "base/common.h"
#include "core/model.h"
#include "io/atomic.h"
#include "io/csv.h"
#include "io/json.h"
#include "base/sha256.h"
#include "stats/estimate.h"
#include "sweep/rundir.h"
#include "sweep/sweep_int.h"

/* Run ids indexed per pass: 8 bytes each, so at most 32 MiB of index. */
#define INDEX_WINDOW ((uint64_t)1 << 22)
#define OFFSET_BITS 48

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
        c->idx[pos - c->w0] = 1 + ((c->jno << OFFSET_BITS) | (uint64_t)off);
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

typedef struct out_csv {
    acc_atomic *af;
    acc_csv_writer *w;
    char path[1200];
    int used;
} out_csv;

static int csv_open(out_csv *f, const char *dir, const char *name, size_t ncols,
                    const char *const *hdr, char *err, size_t errlen)
{
    snprintf(f->path, sizeof f->path, "%s/%s", dir, name);
    int rc = acc_csv_open_atomic(f->path, ncols, hdr, &f->af, &f->w, err, errlen);
    if (rc)
        return rc;
    f->used = 1;
    return ACC_OK;
}

static int csv_close(out_csv *f, int commit, char *err, size_t errlen)
{
    int rc = acc_csv_close_atomic(f->w, f->af, commit, err, errlen);
    f->w = NULL;
    f->af = NULL;
    return rc;
}

static int csv_err(out_csv *f, char *err, size_t errlen)
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

/* Column headers of the varied parameters (see fixed_columns); NULL on
 * allocation failure. */
static char **param_headers(const sw_plan *p)
{
    char **h = calloc((size_t)(p->nvary > 0 ? p->nvary : 1), sizeof *h);
    if (!h)
        return NULL;
    for (int i = 0; i < p->nvary; i++) {
        sw_buf b = {0};
        sw_buf_puts(&b, p->vary[i].name);
        for (;;) {
            int clash = 0;
            for (size_t k = 0; k < sizeof fixed_columns / sizeof fixed_columns[0] && !clash; k++)
                clash = strcmp(fixed_columns[k], b.p) == 0;
            for (int k = 0; k < p->nvary && !clash; k++)
                clash = k != i && strcmp(p->vary[k].name, b.p) == 0;
            for (int k = 0; k < i && !clash; k++)
                clash = strcmp(h[k], b.p) == 0;
            if (!clash || b.oom)
                break;
            sw_buf tmp = {0};
            sw_buf_puts(&tmp, "param_");
            sw_buf_puts(&tmp, b.p);
            sw_buf_free(&b);
            b = tmp;
        }
        if (b.oom || !b.p) {
            sw_buf_free(&b);
            for (int k = 0; k < i; k++)
                free(h[k]);
            free(h);
            return NULL;
        }
        h[i] = b.p;
    }
    return h;
}

static void free_headers(char **h, int n)
{
    if (h)
        for (int i = 0; i < n; i++)
            free(h[i]);
    free(h);
}

/* Column headers for outcomes: the outcome's name unless it collides with
 * another column, then prefixed with "out_" until unique. */
static int outcome_headers(const char *const *fixed, int nfixed, char **names, int n, char ***out)
{
    char **h = calloc((size_t)(n > 0 ? n : 1), sizeof *h);
    if (!h)
        return ACC_ENOMEM;
    for (int i = 0; i < n; i++) {
        sw_buf b = {0};
        sw_buf_puts(&b, names[i]);
        for (;;) {
            int clash = 0;
            for (int k = 0; k < nfixed && !clash; k++)
                clash = strcmp(fixed[k], b.p) == 0;
            for (int k = 0; k < n && !clash; k++)
                clash = k != i && strcmp(names[k], b.p) == 0;
            for (int k = 0; k < i && !clash; k++)
                clash = strcmp(h[k], b.p) == 0;
            if (!clash || b.oom)
                break;
            sw_buf tmp = {0};
            sw_buf_puts(&tmp, "out_");
            sw_buf_puts(&tmp, b.p);
            sw_buf_free(&b);
            b = tmp;
        }
        if (b.oom || !b.p) {
            sw_buf_free(&b);
            for (int k = 0; k < i; k++)
                free(h[k]);
            free(h);
            return ACC_ENOMEM;
        }
        h[i] = b.p;
    }
    *out = h;
    return ACC_OK;
}

typedef struct writer {
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
    out_csv runs, fails, points;
    acc_stat_welford *acc; /* per outcome, current point */
    uint64_t cur_point;
    int have_point;
    double *ymean;   /* sensitivity: [outcome][point] */
    unsigned char *okbits; /* --timeseries: runs whose final record is ok */
    FILE **jf;
    char *line;
    size_t linecap;
    sw_parser ps;
    sw_output_stats *st;
} writer;

static int put_params(writer *w, acc_csv_writer *cw)
{
    for (int k = 0; k < w->p->nvary; k++)
        if (acc_csv_put_double(cw, w->pvals[k]))
            return -1;
    return 0;
}

static int put_row(writer *w, acc_csv_writer *cw)
{
    for (int k = 0; k < w->nout; k++)
        if (acc_csv_put_double(cw, w->row[k]))
            return -1;
    return 0;
}

static int flush_point(writer *w, char *err, size_t errlen)
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
        if (w->ymean)
            w->ymean[(size_t)k * p->npoints + w->cur_point] = mean;
        if (acc_csv_put_int(cw, (long long)w->cur_point) || put_params(w, cw) ||
            acc_csv_put_str(cw, w->outnames[k]) || acc_csv_put_int(cw, (long long)a->n) ||
            acc_csv_put_double(cw, mean) || acc_csv_put_double(cw, acc_stat_welford_sd(a)) ||
            acc_csv_put_double(cw, lo) || acc_csv_put_double(cw, hi) || acc_csv_end_row(cw))
            return csv_err(&w->points, err, errlen);
        acc_stat_welford_init(a);
    }
    w->have_point = 0;
    return ACC_OK;
}

static int read_line_at(writer *w, uint64_t code, char *err, size_t errlen)
{
    uint64_t v = code - 1;
    int j = (int)(v >> OFFSET_BITS);
    off_t off = (off_t)(v & (((uint64_t)1 << OFFSET_BITS) - 1));
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

static int write_run(writer *w, uint64_t run, const sw_record *r, char *err, size_t errlen)
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
        acc_csv_put_str(cw, sw_status_name(r->status)) || put_params(w, cw) ||
        put_row(w, cw) || acc_csv_end_row(cw))
        return csv_err(&w->runs, err, errlen);
    if (r->status != SW_OK) {
        cw = w->fails.w;
        if (acc_csv_put_int(cw, (long long)run) || acc_csv_put_int(cw, (long long)point) ||
            acc_csv_put_int(cw, (long long)rep) || acc_csv_put_int(cw, (long long)p->seed) ||
            acc_csv_put_str(cw, sw_status_name(r->status)) || put_params(w, cw) ||
            acc_csv_put_str(cw, r->msg ? r->msg : "") || acc_csv_end_row(cw))
            return csv_err(&w->fails, err, errlen);
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

static int write_sensitivity(writer *w, out_csv *f, char *err, size_t errlen)
{
    const sw_plan *p = w->p;
    const char *dir = w->o->outdir;
    int rc;
    if (p->design == ACC_DESIGN_SOBOL) {
        static const char *const hdr[] = {"outcome", "parameter", "S1",    "S1_lo", "S1_hi",
                                          "ST",      "ST_lo",     "ST_hi", "rows_used"};
        if ((rc = csv_open(f, dir, "sensitivity.csv", 9, hdr, err, errlen)))
            return rc;
        acc_stat_sobol_index *idx = calloc((size_t)p->nvary, sizeof *idx);
        if (!idx) {
            acc_errf(err, errlen, "out of memory");
            return ACC_ENOMEM;
        }
        for (int k = 0; k < w->nout; k++) {
            acc_stat_sobol_opts so;
            acc_stat_sobol_opts_init(&so);
            so.n_boot = p->n_boot;
            so.seed = p->seed;
            so.outcome = (uint64_t)k;
            acc_stat_sobol_summary sum;
            memset(&sum, 0, sizeof sum);
            char serr[256];
            int src = acc_stat_sobol(w->ymean + (size_t)k * p->npoints, acc_design_sobol_rows(p->d),
                                     (size_t)p->nvary, &so, idx, &sum, serr, sizeof serr);
            for (int d = 0; d < p->nvary; d++) {
                acc_stat_sobol_index e = idx[d];
                if (src)
                    e.s1 = e.s1_lo = e.s1_hi = e.st = e.st_lo = e.st_hi = NAN;
                acc_csv_writer *cw = f->w;
                if (acc_csv_put_str(cw, w->outnames[k]) || acc_csv_put_str(cw, p->vary[d].name) ||
                    acc_csv_put_double(cw, e.s1) || acc_csv_put_double(cw, e.s1_lo) ||
                    acc_csv_put_double(cw, e.s1_hi) || acc_csv_put_double(cw, e.st) ||
                    acc_csv_put_double(cw, e.st_lo) || acc_csv_put_double(cw, e.st_hi) ||
                    acc_csv_put_int(cw, src ? 0 : (long long)sum.n_used) || acc_csv_end_row(cw)) {
                    free(idx);
                    return csv_err(f, err, errlen);
                }
            }
        }
        free(idx);
    } else {
        static const char *const hdr[] = {"outcome", "parameter", "mu", "mu_star", "sigma", "n"};
        if ((rc = csv_open(f, dir, "sensitivity.csv", 6, hdr, err, errlen)))
            return rc;
        acc_stat_morris_effect *ef = calloc((size_t)p->nvary, sizeof *ef);
        if (!ef) {
            acc_errf(err, errlen, "out of memory");
            return ACC_ENOMEM;
        }
        for (int k = 0; k < w->nout; k++) {
            char merr[256];
            int mrc = acc_stat_morris(p->d, w->ymean + (size_t)k * p->npoints, ef, merr, sizeof merr);
            for (int d = 0; d < p->nvary; d++) {
                acc_stat_morris_effect e = ef[d];
                if (mrc)
                    e.mu = e.mu_star = e.sigma = NAN, e.n = 0;
                acc_csv_writer *cw = f->w;
                if (acc_csv_put_str(cw, w->outnames[k]) || acc_csv_put_str(cw, p->vary[d].name) ||
                    acc_csv_put_double(cw, e.mu) || acc_csv_put_double(cw, e.mu_star) ||
                    acc_csv_put_double(cw, e.sigma) || acc_csv_put_int(cw, (long long)e.n) ||
                    acc_csv_end_row(cw)) {
                    free(ef);
                    return csv_err(f, err, errlen);
                }
            }
        }
        free(ef);
    }
    return ACC_OK;
}

/* ---- time series (--timeseries) ------------------------------------------------------------- */

typedef struct ts_idx {
    uint64_t w0, wn, jno;
    uint64_t *idx;
} ts_idx;

static int on_ts_index(void *ud, uint64_t run, long long off, const char *payload, size_t len)
{
    (void)payload;
    (void)len;
    ts_idx *t = ud;
    if (run >= t->w0 && run < t->w0 + t->wn)
        t->idx[run - t->w0] = 1 + ((t->jno << OFFSET_BITS) | (uint64_t)off);
    return ACC_OK;
}

static int same_shape(const sw_ts_view *a, const sw_ts_view *b)
{
    return a->nsteps == b->nsteps && a->nrows == b->nrows && a->ncols == b->ncols &&
           a->idbytes == b->idbytes && memcmp(a->ids, b->ids, a->idbytes) == 0;
}

/* timeseries.csv: for every design point, step, row (jurisdiction or all)
 * and metric, over the point's successful replications: n, mean and the
 * 5 %, 50 %, 95 % quantiles (type 7). Reads one point's series at a time. */
static int write_timeseries(writer *w, out_csv *f, char *err, size_t errlen)
{
    const sw_output_opts *o = w->o;
    const sw_plan *p = w->p;
    uint64_t R = p->reps;
    uint64_t W = INDEX_WINDOW / R * R;
    if (W == 0)
        W = R;
    ts_idx t = {0, 0, 0, calloc((size_t)W, sizeof(uint64_t))};
    sw_buf *pl = calloc((size_t)R, sizeof *pl);
    sw_ts_view *views = calloc((size_t)R, sizeof *views);
    double *x = calloc((size_t)R, sizeof *x);
    FILE **tf = calloc((size_t)o->nts_journals, sizeof *tf);
    const char **hdr = calloc((size_t)p->nvary + 11, sizeof *hdr);
    int rc = ACC_OK;
    if (!t.idx || !pl || !views || !x || !tf || !hdr) {
        acc_errf(err, errlen, "out of memory");
        rc = ACC_ENOMEM;
        goto done;
    }
    for (int j = 0; j < o->nts_journals; j++)
        if (!(tf[j] = fopen(o->ts_journals[j], "rb"))) {
            acc_errf(err, errlen, "%s: cannot open: %s", o->ts_journals[j], strerror(errno));
            rc = ACC_EIO;
            goto done;
        }
    int nh = 0;
    hdr[nh++] = "point";
    for (int i = 0; i < p->nvary; i++)
        hdr[nh++] = w->pnames[i];
    static const char *const tail[] = {"step", "year", "jurisdiction", "variable", "n",
                                       "mean", "q05",  "q50",          "q95"};
    for (int i = 0; i < 9; i++)
        hdr[nh++] = tail[i];
    if ((rc = csv_open(f, o->outdir, "timeseries.csv", (size_t)nh, hdr, err, errlen)))
        goto done;
    static const double probs[3] = {0.05, 0.5, 0.95};
    for (uint64_t w0 = 0; w0 < p->nruns && rc == ACC_OK; w0 += W) {
        t.w0 = w0;
        t.wn = p->nruns - w0 < W ? p->nruns - w0 : W;
        memset(t.idx, 0, sizeof *t.idx * (size_t)W);
        for (int j = 0; j < o->nts_journals && rc == ACC_OK; j++) {
            long long end;
            uint64_t bad;
            t.jno = (uint64_t)j;
            rc = sw_tsj_scan(o->ts_journals[j], on_ts_index, &t, &end, &bad, err, errlen);
        }
        for (uint64_t pt = w0 / R; rc == ACC_OK && pt < (w0 + t.wn) / R; pt++) {
            int k = 0;
            for (uint64_t r = 0; r < R && rc == ACC_OK; r++) {
                uint64_t run = pt * R + r, code = t.idx[run - w0];
                if (!code || !(w->okbits[run >> 3] & (1u << (run & 7))))
                    continue;
                uint64_t v = code - 1, got;
                if ((rc = sw_tsj_read_at(tf[v >> OFFSET_BITS],
                                         (long long)(v & (((uint64_t)1 << OFFSET_BITS) - 1)), &pl[k],
                                         &got, err, errlen)))
                    break;
                if (sw_ts_parse(pl[k].p, pl[k].len, &views[k]) || (k > 0 && !same_shape(&views[0], &views[k])))
                    continue; /* a malformed or differently shaped series is left out */
                k++;
            }
            if (rc || k == 0)
                continue;
            if ((rc = sw_plan_point_values(p, pt, w->pvals))) {
                acc_errf(err, errlen, "design point out of range");
                break;
            }
            w->pvals_point = pt;
            const sw_ts_view *v0 = &views[0];
            for (uint32_t st = 0; st < v0->nsteps && rc == ACC_OK; st++)
                for (uint32_t row = 0; row < v0->nrows && rc == ACC_OK; row++) {
                    size_t idn;
                    const char *id = sw_ts_row_id(v0, row, &idn);
                    for (uint32_t c = 0; c < v0->ncols && rc == ACC_OK; c++) {
                        size_t at = ((size_t)st * v0->nrows + row) * v0->ncols + c;
                        acc_stat_welford a;
                        acc_stat_welford_init(&a);
                        for (int i = 0; i < k; i++) {
                            x[i] = views[i].values[at];
                            acc_stat_welford_add(&a, x[i]);
                            if (!isfinite(x[i]))
                                x[i] = NAN; /* quantiles skip NaN only */
                        }
                        double q[3];
                        acc_stat_quantiles_inplace(x, (size_t)k, probs, 3, q, NULL, 0);
                        acc_csv_writer *cw = f->w;
                        const char *cname = (int)c < ACC_TS_NCOLS ? acc_ts_col_name((int)c) : "?";
                        if (acc_csv_put_int(cw, (long long)pt) || put_params(w, cw) ||
                            acc_csv_put_int(cw, (long long)st + 1) ||
                            acc_csv_put_double(cw, v0->years[st]) ||
                            acc_csv_put_strn(cw, id ? id : "?", id ? idn : 1) ||
                            acc_csv_put_str(cw, cname) || acc_csv_put_int(cw, (long long)a.n) ||
                            acc_csv_put_double(cw, acc_stat_welford_mean(&a)) ||
                            acc_csv_put_double(cw, q[0]) || acc_csv_put_double(cw, q[1]) ||
                            acc_csv_put_double(cw, q[2]) || acc_csv_end_row(cw))
                            rc = csv_err(f, err, errlen);
                    }
                }
        }
    }
done:
    if (tf)
        for (int j = 0; j < o->nts_journals; j++)
            if (tf[j])
                fclose(tf[j]);
    free(tf);
    if (pl)
        for (uint64_t r = 0; r < R; r++)
            sw_buf_free(&pl[r]);
    free(pl);
    free(views);
    free(x);
    free(t.idx);
    free(hdr);
    return rc;
}

/* ---- manifest ------------------------------------------------------------------------------ */

static int json_vary(acc_json *j, const sw_plan *p, char *const *pnames)
{
    int bad = acc_json_key(j, "parameters") || acc_json_begin_array(j);
    for (int i = 0; i < p->nvary && !bad; i++) {
        const sw_vary *v = &p->vary[i];
        bad = acc_json_begin_object(j) || acc_json_kstr(j, "name", v->name);
        if (strcmp(pnames[i], v->name) != 0) /* named like another column */
            bad = bad || acc_json_kstr(j, "column", pnames[i]);
        bad = bad ||
              acc_json_kstr(j, "kind", v->kind == SW_LIST ? "list" : "range") ||
              acc_json_kbool(j, "integer", v->integer);
        if (v->kind == SW_LIST) {
            bad = bad || acc_json_key(j, "values") || acc_json_begin_array(j);
            for (size_t k = 0; k < v->n_values && !bad; k++)
                bad = acc_json_number(j, v->values[k]);
            bad = bad || acc_json_end_array(j);
        } else {
            bad = bad || acc_json_knum(j, "min", v->lo) || acc_json_knum(j, "max", v->hi);
            if (p->design == ACC_DESIGN_GRID)
                bad = bad || acc_json_kint(j, "levels", sw_vary_grid_levels(v));
        }
        bad = bad || acc_json_end_object(j);
    }
    return bad || acc_json_end_array(j);
}

static int write_manifest(writer *w, char **files, int nfiles, const char *plan_hash, char *err,
                          size_t errlen)
{
    const sw_output_opts *o = w->o;
    const sw_plan *p = w->p;
    char path[1200];
    snprintf(path, sizeof path, "%s/manifest.json", o->outdir);
    acc_atomic *af;
    acc_json *j;
    int rc = acc_json_open_atomic(path, &af, &j, err, errlen);
    if (rc)
        return rc;
    const sw_header *h = o->header;
    const char *spath = h ? sw_header_info(h, "scenario_path") : NULL;
    const char *sname = h ? sw_header_info(h, "scenario_name") : NULL;
    const char *stype = h ? sw_header_info(h, "scenario_type") : NULL;
    char ddesc[256] = "";
    if (p->d)
        acc_design_describe(p->d, ddesc, sizeof ddesc);
    else
        snprintf(ddesc, sizeof ddesc, "one point (nothing varied)");
    char end[32];
    acc_utc_now(end, sizeof end);
    int sharded = o->shard_count > 1;
    int bad = acc_json_begin_object(j) || acc_json_kstr(j, "kind", sharded ? "sweep-shard" : "sweep") ||
              acc_manifest_versions(j) || acc_json_key(j, "scenario") || acc_json_begin_object(j) ||
              acc_json_kstr(j, "path", spath ? spath : p->scenario) ||
              acc_json_kstr(j, "sha256", p->sha256) ||
              acc_json_kstr(j, "name", sname ? sname : p->scenario_name) ||
              acc_json_kstr(j, "type", stype ? stype : (p->function_model ? "function" : "world")) ||
              acc_json_end_object(j) || acc_json_kstr(j, "plan_sha256", plan_hash) ||
              acc_json_key(j, "design") || acc_json_begin_object(j) ||
              acc_json_kstr(j, "type", acc_design_type_name(p->design)) ||
              acc_json_kstr(j, "description", ddesc) ||
              acc_json_kint(j, "samples", (long long)p->samples) ||
              acc_json_kint(j, "points", (long long)p->npoints);
    if (p->design == ACC_DESIGN_MORRIS)
        bad = bad || acc_json_kint(j, "morris_levels", p->morris_levels);
    if (p->design == ACC_DESIGN_SOBOL)
        bad = bad || acc_json_kbool(j, "quasi_random", acc_design_sobol_quasi(p->d)) ||
              acc_json_kint(j, "bootstrap_replicates", p->n_boot);
    bad = bad || acc_json_end_object(j) || acc_json_kint(j, "replications", (long long)p->reps) ||
          acc_json_kint(j, "runs", (long long)p->nruns) ||
          acc_json_kint(j, "seed", (long long)p->seed) ||
          acc_json_kstr(j, "seeds",
                        "run id i = point*replications + rep (point-major); every run loads the "
                        "scenario with the sweep's seed and run index = rep, so replication r of "
                        "every design point sees the same random streams (common random numbers); "
                        "design points are drawn from stream ACC_STREAM_SWEEP, run 0") ||
          json_vary(j, p, w->pnames) || acc_json_key(j, "fixed") || acc_json_begin_array(j);
    for (int i = 0; i < p->nsets && !bad; i++)
        bad = acc_json_string(j, p->sets[i]);
    bad = bad || acc_json_end_array(j) || acc_json_kbool(j, "outcomes_selected", p->noutcomes > 0) ||
          acc_json_key(j, "outcomes") || acc_json_begin_array(j);
    for (int i = 0; i < w->nout && !bad; i++)
        bad = acc_json_string(j, w->outnames[i]);
    bad = bad || acc_json_end_array(j);
    if (sharded)
        bad = bad || acc_json_key(j, "shard") || acc_json_begin_object(j) ||
              acc_json_kint(j, "index", (long long)o->shard_index) ||
              acc_json_kint(j, "count", (long long)o->shard_count) ||
              acc_json_kstr(j, "rule", "runs whose id % count == index") || acc_json_end_object(j);
    uint64_t expected = p->nruns / o->shard_count +
                        (o->shard_index < p->nruns % o->shard_count ? 1 : 0);
    bad = bad || acc_json_key(j, "counts") || acc_json_begin_object(j) ||
          acc_json_kint(j, "expected", (long long)expected) ||
          acc_json_kint(j, "finished", (long long)w->st->n_present) ||
          acc_json_kint(j, "ok", (long long)w->st->n_ok) ||
          acc_json_kint(j, "failed", (long long)w->st->n_failed) ||
          acc_json_kint(j, "missing", (long long)(expected - w->st->n_present)) ||
          acc_json_end_object(j) || acc_json_key(j, "statistics") || acc_json_begin_object(j) ||
          acc_json_knum(j, "confidence_level", 0.95) ||
          acc_json_kstr(j, "interval", "Student t, mean +- t(0.975, n-1) sd/sqrt(n)") ||
          acc_json_kstr(j, "sensitivity",
                        p->design == ACC_DESIGN_SOBOL
                            ? "Saltelli 2010 first order, Jansen 1999 total, percentile bootstrap "
                              "over rows; one value per point: the mean of its replications"
                        : p->design == ACC_DESIGN_MORRIS
                            ? "Morris elementary effects (mu, mu*, sigma) in unit-cube units; one "
                              "value per point: the mean of its replications"
                            : "none for this design") ||
          acc_json_end_object(j) || acc_json_key(j, "outputs") || acc_json_begin_object(j);
    for (int i = 0; i < nfiles && !bad; i++) {
        char fp[1200], hex[ACC_SHA256_HEXLEN];
        snprintf(fp, sizeof fp, "%s/%s", o->outdir, files[i]);
        if (acc_sha256_file(fp, hex, err, errlen)) {
            acc_json_free(j);
            acc_atomic_abort(af);
            return ACC_EIO;
        }
        bad = acc_json_key(j, files[i]) || acc_json_begin_object(j) ||
              acc_json_kstr(j, "sha256", hex) || acc_json_end_object(j);
    }
    bad = bad || acc_json_end_object(j) || acc_json_key(j, "execution") || acc_json_begin_object(j) ||
          acc_json_kstr(j, "command", o->command_line ? o->command_line : "") ||
          acc_json_kstr(j, "start_time", o->start_time ? o->start_time : end) ||
          acc_json_kstr(j, "end_time", end) || acc_json_knum(j, "wall_seconds", o->wall_s) ||
          acc_json_knum(j, "run_seconds_total", w->st->run_seconds) ||
          acc_json_knum(j, "run_seconds_mean",
                        w->st->n_present ? w->st->run_seconds / (double)w->st->n_present : 0) ||
          acc_json_kint(j, "runs_this_session", o->sessions);
    if (!o->merged_from)
        bad = bad || acc_json_kint(j, "workers", o->jobs) ||
              acc_json_kint(j, "mpi_ranks", o->mpi_ranks);
    if (o->runs_by_rank && o->mpi_ranks > 1) {
        bad = bad || acc_json_key(j, "runs_by_rank") || acc_json_begin_array(j);
        for (int r = 0; r < o->mpi_ranks && !bad; r++)
            bad = acc_json_int(j, (long long)o->runs_by_rank[r]);
        bad = bad || acc_json_end_array(j);
    }
    if (o->merged_from)
        bad = bad || acc_json_kint(j, "merged_shards", o->merged_from);
    bad = bad || acc_json_end_object(j) || acc_json_end_object(j) || acc_json_finish(j);
    return acc_json_commit(j, af, bad, err, errlen);
}

/* ---- driver ------------------------------------------------------------------------------------ */

int sw_output_write(const sw_output_opts *o, sw_output_stats *st, char *err, size_t errlen)
{
    const sw_plan *p = o->plan;
    memset(st, 0, sizeof *st);
    uint64_t npos = p->nruns / o->shard_count + (o->shard_index < p->nruns % o->shard_count ? 1 : 0);
    int full = o->shard_count == 1;
    idx_ctx ic;
    memset(&ic, 0, sizeof ic);
    ic.o = o;
    ic.collect = 1;
    ic.wn = npos < INDEX_WINDOW ? npos : INDEX_WINDOW;
    writer w;
    memset(&w, 0, sizeof w);
    w.o = o;
    w.p = p;
    w.st = st;
    w.pvals_point = UINT64_MAX;
    char **hdrs = NULL;
    const char **fixed = NULL;
    const char **rh = NULL;
    out_csv sens;
    memset(&sens, 0, sizeof sens);
    char *files[8];
    int nfiles = 0, rc = ACC_OK;
    if (!(ic.idx = calloc((size_t)(ic.wn ? ic.wn : 1), sizeof *ic.idx)) ||
        !(w.jf = calloc((size_t)o->njournals, sizeof *w.jf)) ||
        !(w.pvals = calloc((size_t)(p->nvary ? p->nvary : 1), sizeof *w.pvals)) ||
        !(w.pnames = param_headers(p)))
        goto oom;
    if ((rc = index_window(&ic, err, errlen)))
        goto done;
    /* outcome columns */
    if (p->noutcomes) {
        w.nout = p->noutcomes;
        w.outnames = p->outcomes;
    } else {
        if (ic.ncols > 1) /* none when every run failed: qsort wants a real array */
            qsort(ic.cols, (size_t)ic.ncols, sizeof *ic.cols, cmp_col);
        w.nout = ic.ncols;
        if (!(w.outnames = calloc((size_t)(ic.ncols ? ic.ncols : 1), sizeof *w.outnames)))
            goto oom;
        for (int i = 0; i < ic.ncols; i++)
            w.outnames[i] = ic.cols[i].name;
    }
    if (!(w.row = calloc((size_t)(w.nout ? w.nout : 1), sizeof *w.row)) ||
        !(w.acc = calloc((size_t)(w.nout ? w.nout : 1), sizeof *w.acc)))
        goto oom;
    for (int k = 0; k < w.nout; k++)
        acc_stat_welford_init(&w.acc[k]);
    if (full && (p->design == ACC_DESIGN_SOBOL || p->design == ACC_DESIGN_MORRIS) && w.nout > 0) {
        if (!(w.ymean = malloc(sizeof *w.ymean * (size_t)w.nout * (size_t)p->npoints)))
            goto oom;
        for (size_t i = 0; i < (size_t)w.nout * (size_t)p->npoints; i++)
            w.ymean[i] = NAN;
    }
    int want_ts = full && p->timeseries && o->nts_journals > 0;
    if (want_ts && !(w.okbits = calloc((size_t)(p->nruns / 8 + 1), 1)))
        goto oom;
    for (int j = 0; j < o->njournals; j++)
        if (!(w.jf[j] = fopen(o->journals[j], "rb"))) {
            acc_errf(err, errlen, "%s: cannot open: %s", o->journals[j], strerror(errno));
            rc = ACC_EIO;
            goto done;
        }

    /* headers */
    int nfix = 5 + p->nvary;
    if (!(fixed = calloc((size_t)nfix + 1, sizeof *fixed)))
        goto oom;
    static const char *const lead[] = {"run", "point", "rep", "seed", "status"};
    for (int i = 0; i < 5; i++)
        fixed[i] = lead[i];
    for (int i = 0; i < p->nvary; i++)
        fixed[5 + i] = w.pnames[i];
    if (outcome_headers(fixed, nfix, w.outnames, w.nout, &hdrs))
        goto oom;
    if (!(rh = calloc((size_t)(nfix + w.nout + 8), sizeof *rh)))
        goto oom;
    for (int i = 0; i < nfix; i++)
        rh[i] = fixed[i];
    for (int i = 0; i < w.nout; i++)
        rh[nfix + i] = hdrs[i];
    if ((rc = csv_open(&w.runs, o->outdir, "runs.csv", (size_t)(nfix + w.nout), rh, err, errlen)))
        goto done;
    rh[nfix] = "message";
    if ((rc = csv_open(&w.fails, o->outdir, "failures.csv", (size_t)nfix + 1, rh, err, errlen)))
        goto done;
    if (full) {
        const char **ph = rh;
        ph[0] = "point";
        for (int i = 0; i < p->nvary; i++)
            ph[1 + i] = w.pnames[i];
        int q = 1 + p->nvary;
        static const char *const tail[] = {"outcome", "n", "mean", "sd", "ci_lo", "ci_hi"};
        for (int i = 0; i < 6; i++)
            ph[q + i] = tail[i];
        if ((rc = csv_open(&w.points, o->outdir, "points.csv", (size_t)q + 6, ph, err, errlen)))
            goto done;
    }

    /* runs in id order, window by window */
    for (uint64_t w0 = 0; w0 < npos; w0 += INDEX_WINDOW) {
        if (w0 > 0) {
            ic.w0 = w0;
            ic.wn = npos - w0 < INDEX_WINDOW ? npos - w0 : INDEX_WINDOW;
            ic.collect = 0;
            if ((rc = index_window(&ic, err, errlen)))
                goto done;
        }
        for (uint64_t q = 0; q < ic.wn; q++) {
            if (!ic.idx[q])
                continue;
            int len = read_line_at(&w, ic.idx[q], err, errlen);
            if (len < 0) {
                rc = ACC_EIO;
                goto done;
            }
            sw_record r;
            if (sw_parse_line(&w.ps, w.line, (size_t)len, &r) != 1) {
                acc_errf(err, errlen, "%s: a record changed while being read",
                         o->journals[(ic.idx[q] - 1) >> OFFSET_BITS]);
                rc = ACC_EIO;
                goto done;
            }
            uint64_t run = (w0 + q) * o->shard_count + o->shard_index;
            if ((rc = write_run(&w, run, &r, err, errlen)))
                goto done;
        }
    }
    if (full && (rc = flush_point(&w, err, errlen)))
        goto done;
    if ((rc = csv_close(&w.runs, 1, err, errlen)))
        goto done;
    files[nfiles++] = "runs.csv";
    if ((rc = csv_close(&w.fails, 1, err, errlen)))
        goto done;
    files[nfiles++] = "failures.csv";
    if (full) {
        if ((rc = csv_close(&w.points, 1, err, errlen)))
            goto done;
        files[nfiles++] = "points.csv";
        if (w.ymean) {
            if ((rc = write_sensitivity(&w, &sens, err, errlen)) ||
                (rc = csv_close(&sens, 1, err, errlen)))
                goto done;
            files[nfiles++] = "sensitivity.csv";
        }
        if (want_ts) {
            out_csv tsf;
            memset(&tsf, 0, sizeof tsf);
            rc = write_timeseries(&w, &tsf, err, errlen);
            int crc = csv_close(&tsf, rc == ACC_OK, err, errlen);
            if (rc || (rc = crc))
                goto done;
            files[nfiles++] = "timeseries.csv";
        }
    }
    st->n_missing = npos - st->n_present;
    char hex[ACC_SHA256_HEXLEN];
    if (sw_plan_sha256(p, hex))
        goto oom;
    rc = write_manifest(&w, files, nfiles, hex, err, errlen);
    goto done;
oom:
    acc_errf(err, errlen, "out of memory");
    rc = ACC_ENOMEM;
done:
    csv_close(&w.runs, 0, NULL, 0);
    csv_close(&w.fails, 0, NULL, 0);
    csv_close(&w.points, 0, NULL, 0);
    csv_close(&sens, 0, NULL, 0);
    if (w.jf)
        for (int j = 0; j < o->njournals; j++)
            if (w.jf[j])
                fclose(w.jf[j]);
    free(w.jf);
    free_headers(hdrs, w.nout);
    free_headers(w.pnames, p->nvary);
    free(fixed);
    free(rh);
    if (w.outnames != p->outcomes)
        free(w.outnames);
    for (int i = 0; i < ic.ncols; i++)
        free(ic.cols[i].name);
    free(ic.cols);
    free(ic.idx);
    free(w.row);
    free(w.acc);
    free(w.ymean);
    free(w.pvals);
    free(w.okbits);
    free(w.map);
    free(w.line);
    sw_parser_free(&w.ps);
    return rc;
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
    uint64_t npos = o->plan->nruns / o->shard_count +
                    (o->shard_index < o->plan->nruns % o->shard_count ? 1 : 0);
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
