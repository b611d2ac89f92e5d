/* accord — the sweep's outputs derived from its runs: sensitivity.csv
 * (Sobol' or Morris, from the points' mean outcomes), timeseries.csv
 * (--timeseries: quantiles over each point's replications, step by step)
 * and manifest.json. SPDX-License-Identifier: GPL-3.0-or-later */
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "base/numfmt.h"
#include "base/sha256.h"
#include "core/model.h"
#include "io/json.h"
#include "io/layout.h"
#include "sweep/rundir.h"
#include "sweep/sweep_output_int.h"

/* ---- sensitivity ------------------------------------------------------------------------------ */

int sw_write_sensitivity(sw_writer *w, sw_out_csv *f, char *err, size_t errlen)
{
    const sw_plan *p = w->p;
    const char *dir = w->o->outdir;
    int rc;
    if (p->design == ACC_DESIGN_SOBOL) {
        static const char *const hdr[] = {"outcome", "parameter", "S1",    "S1_lo", "S1_hi",
                                          "ST",      "ST_lo",     "ST_hi", "rows_used"};
        if ((rc = sw_csv_open(f, dir, ACC_FILE_SENSITIVITY, 9, hdr, err, errlen)))
            return rc;
        acc_stat_sobol_index *idx = calloc((size_t)p->nvary, sizeof *idx);
        if (!idx) {
            acc_errf(err, errlen, "out of memory");
            return ACC_ENOMEM;
        }
        for (int k = 0; k < w->nout; k++) {
            if ((rc = sw_out_check_signal(w->o, err, errlen))) { /* the bootstrap takes a while */
                free(idx);
                return rc;
            }
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
                    return sw_csv_err(f, err, errlen);
                }
            }
        }
        free(idx);
    } else {
        static const char *const hdr[] = {"outcome", "parameter", "mu", "mu_star", "sigma", "n"};
        if ((rc = sw_csv_open(f, dir, ACC_FILE_SENSITIVITY, 6, hdr, err, errlen)))
            return rc;
        acc_stat_morris_effect *ef = calloc((size_t)p->nvary, sizeof *ef);
        if (!ef) {
            acc_errf(err, errlen, "out of memory");
            return ACC_ENOMEM;
        }
        for (int k = 0; k < w->nout; k++) {
            if ((rc = sw_out_check_signal(w->o, err, errlen))) {
                free(ef);
                return rc;
            }
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
                    return sw_csv_err(f, err, errlen);
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
        t->idx[run - t->w0] = 1 + ((t->jno << SW_OFFSET_BITS) | (uint64_t)off);
    return ACC_OK;
}

static int same_shape(const sw_ts_view *a, const sw_ts_view *b)
{
    return a->nsteps == b->nsteps && a->nrows == b->nrows && a->ncols == b->ncols &&
           a->idbytes == b->idbytes && memcmp(a->ids, b->ids, a->idbytes) == 0;
}

/* One cell of timeseries.csv: the value at index at of k series, their
 * count and mean in *a and their 5 %, 50 %, 95 % quantiles (type 7) in q;
 * x is scratch room for k values. */
static void ts_cell(const sw_ts_view *views, int k, size_t at, double *x, acc_stat_welford *a,
                    double q[3])
{
    static const double probs[3] = {0.05, 0.5, 0.95};
    acc_stat_welford_init(a);
    for (int i = 0; i < k; i++) {
        x[i] = views[i].values[at];
        acc_stat_welford_add(a, x[i]);
        if (!isfinite(x[i]))
            x[i] = NAN; /* quantiles skip NaN only */
    }
    acc_stat_quantiles_inplace(x, (size_t)k, probs, 3, q, NULL, 0);
}

/* The length of a number as acc_csv_put_double writes it. */
static size_t csv_double_len(double v)
{
    char buf[ACC_IO_NUMBUF];
    return isnan(v) ? 2 : acc_io_fmt_double(buf, v);
}

double sw_ts_csv_point_bytes(const sw_ts_view *views, int k, uint64_t n_reps)
{
    const sw_ts_view *v0 = &views[0];
    double *x = malloc((size_t)(k > 0 ? k : 1) * sizeof *x);
    if (!x || k <= 0) {
        free(x);
        return 0;
    }
    char buf[ACC_IO_NUMBUF];
    size_t n_len = acc_io_fmt_int(buf, (long long)n_reps);
    double bytes = 0;
    for (uint32_t st = 0; st < v0->nsteps; st++) {
        size_t step_len = acc_io_fmt_int(buf, (long long)st + 1) + csv_double_len(v0->years[st]);
        for (uint32_t row = 0; row < v0->nrows; row++) {
            size_t idn;
            const char *id = sw_ts_row_id(v0, row, &idn);
            for (uint32_t c = 0; c < v0->ncols; c++) {
                size_t at = ((size_t)st * v0->nrows + row) * v0->ncols + c;
                acc_stat_welford a;
                double q[3];
                ts_cell(views, k, at, x, &a, q);
                const char *cname = (int)c < ACC_TS_NCOLS ? acc_ts_col_name((int)c) : "?";
                /* step,year,jurisdiction,variable,n,mean,q05,q50,q95 and the newline */
                bytes += (double)(step_len + (id ? idn : 1) + strlen(cname) + n_len +
                                  csv_double_len(acc_stat_welford_mean(&a)) + csv_double_len(q[0]) +
                                  csv_double_len(q[1]) + csv_double_len(q[2]) + 9);
            }
        }
    }
    free(x);
    return bytes;
}

/* timeseries.csv: for every design point, step, row (jurisdiction or all)
 * and metric, over the point's successful replications: n, mean and the
 * 5 %, 50 %, 95 % quantiles (type 7). Reads one point's series at a time. */
int sw_write_timeseries(sw_writer *w, sw_out_csv *f, char *err, size_t errlen)
{
    const sw_output_opts *o = w->o;
    const sw_plan *p = w->p;
    uint64_t R = p->reps;
    uint64_t W = SW_INDEX_WINDOW / R * R;
    if (W == 0)
        W = R;
    ts_idx t = {0, 0, 0, calloc((size_t)W, sizeof(uint64_t))};
    acc_sb *pl = calloc((size_t)R, sizeof *pl);
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
    if ((rc = sw_csv_open(f, o->outdir, ACC_FILE_TIMESERIES, (size_t)nh, hdr, err, errlen)))
        goto done;
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
            if ((rc = sw_out_check_signal(o, err, errlen)))
                break;
            int k = 0;
            for (uint64_t r = 0; r < R && rc == ACC_OK; r++) {
                uint64_t run = pt * R + r, code = t.idx[run - w0];
                if (!(w->okbits[run >> 3] & (1u << (run & 7))))
                    continue;
                if (!code) {
                    /* never a point with fewer replications than it has:
                     * a resume runs such a run again, a merge refuses its shard */
                    acc_errf(err, errlen,
                             "%s holds no intact series of run %llu, which the journal records "
                             "as ok (the file is damaged or cut short): timeseries.csv is not "
                             "written; resume the sweep (--resume) to run such runs again",
                             o->ts_journals[0], (unsigned long long)run);
                    rc = ACC_EIO;
                    break;
                }
                uint64_t v = code - 1, got;
                if ((rc = sw_tsj_read_at(tf[v >> SW_OFFSET_BITS],
                                         (long long)(v & (((uint64_t)1 << SW_OFFSET_BITS) - 1)), &pl[k],
                                         &got, err, errlen)))
                    break;
                if (sw_ts_parse(pl[k].s, pl[k].len, &views[k]) || (k > 0 && !same_shape(&views[0], &views[k])))
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
                        double q[3];
                        ts_cell(views, k, at, x, &a, q);
                        acc_csv_writer *cw = f->w;
                        const char *cname = (int)c < ACC_TS_NCOLS ? acc_ts_col_name((int)c) : "?";
                        if (acc_csv_put_int(cw, (long long)pt) || sw_put_params(w, cw) ||
                            acc_csv_put_int(cw, (long long)st + 1) ||
                            acc_csv_put_double(cw, v0->years[st]) ||
                            acc_csv_put_strn(cw, id ? id : "?", id ? idn : 1) ||
                            acc_csv_put_str(cw, cname) || acc_csv_put_int(cw, (long long)a.n) ||
                            acc_csv_put_double(cw, acc_stat_welford_mean(&a)) ||
                            acc_csv_put_double(cw, q[0]) || acc_csv_put_double(cw, q[1]) ||
                            acc_csv_put_double(cw, q[2]) || acc_csv_end_row(cw))
                            rc = sw_csv_err(f, err, errlen);
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
            acc_sb_free(&pl[r]);
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

int sw_write_manifest(sw_writer *w, char **files, sw_out_csv *const *sealed, int nfiles,
                      const char *plan_hash, acc_atomic **out, char *err, size_t errlen)
{
    *out = NULL;
    const sw_output_opts *o = w->o;
    const sw_plan *p = w->p;
    char path[1200];
    snprintf(path, sizeof path, "%s/" ACC_FILE_MANIFEST, o->outdir);
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
    acc_utc_now(end, sizeof end, ACC_UTC_ISO8601);
    int sharded = o->shard_count > 1;
    int bad = acc_json_begin_object(j) || acc_json_kstr(j, "kind", sharded ? ACC_KIND_SHARD : ACC_KIND_SWEEP) ||
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
    /* the custom metrics (world:record) of the probe run, with their units */
    if (p->nmetrics > 0) {
        bad = bad || acc_json_key(j, "metrics") || acc_json_begin_array(j);
        for (int i = 0; i < p->nmetrics && !bad; i++)
            bad = acc_json_begin_object(j) || acc_json_kstr(j, "name", p->metric_names[i]) ||
                  acc_json_kstr(j, "unit", p->metric_units[i]) ||
                  acc_json_kstr(j, "doc", p->metric_docs[i]) || acc_json_end_object(j);
        bad = bad || acc_json_end_array(j);
    }
    if (sharded)
        bad = bad || acc_json_key(j, "shard") || acc_json_begin_object(j) ||
              acc_json_kint(j, "index", (long long)o->shard_index) ||
              acc_json_kint(j, "count", (long long)o->shard_count) ||
              acc_json_kstr(j, "rule", "runs whose id % count == index") || acc_json_end_object(j);
    uint64_t expected = sw_shard_runs(p->nruns, o->shard_index, o->shard_count);
    bad = bad || acc_json_key(j, "counts") || acc_json_begin_object(j) ||
          acc_json_kint(j, "expected", (long long)expected) ||
          acc_json_kint(j, "finished", (long long)w->st->n_present) ||
          acc_json_kint(j, "ok", (long long)w->st->n_ok) ||
          acc_json_kint(j, "failed", (long long)w->st->n_failed) ||
          acc_json_kint(j, "missing", (long long)(expected - w->st->n_present)) ||
          acc_json_end_object(j);
    /* each distinct warning the runs gave (by place, field and rule), the
     * text of the lowest run that gave it, in run order */
    sw_warnings ws = {0};
    for (int k = 0; k < o->njournals && !bad; k++)
        if ((rc = sw_journal_warnings(o->journals[k], &ws, err, errlen))) {
            sw_warnings_free(&ws);
            acc_json_free(j);
            acc_atomic_abort(af);
            return rc;
        }
    sw_warnings_sort(&ws);
    bad = bad || acc_json_key(j, "warnings") || acc_json_begin_array(j);
    for (int k = 0; k < ws.n && !bad; k++)
        bad = acc_json_string(j, ws.texts[k]);
    sw_warnings_free(&ws);
    bad = bad || acc_json_end_array(j) || acc_json_key(j, "statistics") || acc_json_begin_object(j) ||
          acc_json_knum(j, "confidence_level", 0.95) ||
          acc_json_kstr(j, "interval",
                        "Student t, mean +- t(0.975, n-1) sd/sqrt(n), cut to the outcome's bounds (harm, counts "
                        "and costs >= 0; shares and rates in [0, 1]: docs/statistics.md)") ||
          acc_json_kstr(j, "sensitivity",
                        p->design == ACC_DESIGN_SOBOL
                            ? "Saltelli 2010 first order, Jansen 1999 total, percentile bootstrap "
                              "over rows; one value per point: the mean of its replications"
                        : p->design == ACC_DESIGN_MORRIS
                            ? "Morris elementary effects (mu, mu*, sigma) in unit-cube units; one "
                              "value per point: the mean of its replications"
                            : "none for this design") ||
          acc_json_end_object(j) || acc_json_key(j, "outputs") || acc_json_begin_object(j);
    for (int i = 0; i < nfiles && !bad; i++) /* hashed as sealed, before their renames */
        bad = acc_json_key(j, files[i]) || acc_json_begin_object(j) ||
              acc_json_kstr(j, "sha256", sealed[i]->sha256) || acc_json_end_object(j);
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
    bad = bad || acc_json_end_object(j);
    if (!bad && !o->sources_absent) {
        /* where the runs ran and the modules they loaded (M lines) */
        sw_modules ms = {0};
        int recorded = 1;
        for (int k = 0; k < o->njournals && !rc; k++)
            rc = sw_journal_modules(o->journals[k], &ms, &recorded, err, errlen);
        acc_layout_module *mods = ms.n > 0 ? calloc((size_t)ms.n, sizeof *mods) : NULL;
        if (!rc && ms.n > 0 && !mods) {
            acc_errf(err, errlen, "out of memory");
            rc = ACC_ENOMEM;
        }
        if (rc) {
            free(mods);
            sw_modules_free(&ms);
            acc_json_free(j);
            acc_atomic_abort(af);
            return rc;
        }
        for (int k = 0; k < ms.n; k++)
            mods[k] = (acc_layout_module){ms.names[k], ms.paths[k], ms.shas[k]};
        acc_layout_sources src = {o->sources_cwd,     o->module_dirs,    o->n_module_dirs,
                                  !o->sources_dirs_absolute, mods,   ms.n,
                                  o->sources_differ,  o->n_sources_differ,
                                  recorded ? NULL
                                           : "incomplete: runs of this sweep were made by an "
                                             "earlier accord, which did not record the modules "
                                             "they loaded"};
        bad = acc_layout_sources_write(j, &src);
        free(mods);
        sw_modules_free(&ms);
    }
    bad = bad || acc_json_end_object(j) || acc_json_finish(j);
    if (acc_json_done(j, af, bad, err, errlen))
        return ACC_EIO;
    *out = af; /* committed after the files it lists */
    return ACC_OK;
}
