/* accord report — the comparison directory: compare.csv, the arms' mean
 * time series and their differences from the first arm, manifest.json;
 * and reading a comparison back from it (for reports).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_version.h>

#include "base/common.h"
#include "base/sha256.h"
#include "io/atomic.h"
#include "io/csv.h"
#include "io/jdoc.h"
#include "io/json.h"
#include "io/layout.h"
#include "report/compare_int.h"
#include "report/plot_int.h"

/* ---- outputs ------------------------------------------------------------------- */

int cmp_write_table(acc_compare *c, const char *dir, char *err, size_t errlen)
{
    static const char *const arm_suffix[] = {"", "_n", "_sd", "_ci_lo", "_ci_hi"};
    static const char *const diff_suffix[] = {"_diff", "_diff_ci_lo", "_diff_ci_hi", "_diff_pct"};
    size_t ncols = 1 + (size_t)c->narms * 5 + (size_t)(c->narms - 1) * 4;
    char (*names)[LABEL_LEN + 16] = calloc(ncols, sizeof *names);
    const char **hdr = calloc(ncols, sizeof *hdr);
    if (!names || !hdr) {
        free(names);
        free(hdr);
        return cmp_oom(err, errlen);
    }
    size_t h = 0;
    hdr[h++] = "outcome";
    for (int i = 0; i < c->narms; i++) {
        for (int s = 0; s < 5; s++) {
            snprintf(names[h], sizeof names[0], "%s%s", c->a[i].label, arm_suffix[s]);
            hdr[h] = names[h];
            h++;
        }
        for (int s = 0; i > 0 && s < 4; s++) {
            snprintf(names[h], sizeof names[0], "%s%s", c->a[i].label, diff_suffix[s]);
            hdr[h] = names[h];
            h++;
        }
    }
    char path[4096];
    acc_atomic *af = NULL;
    acc_csv_writer *w = NULL;
    int rc = acc_io_join(path, sizeof path, dir, ACC_FILE_COMPARE, err, errlen);
    if (!rc)
        rc = acc_csv_open_atomic(path, ncols, hdr, &af, &w, err, errlen);
    free(names);
    free(hdr);
    if (rc)
        return rc;
    int bad = 0;
    for (int k = 0; k < c->nout && !bad; k++) {
        bad = acc_csv_put_str(w, c->outcomes[k]);
        for (int i = 0; i < c->narms && !bad; i++) {
            const acc_compare_cell *x = &c->cells[(size_t)i * (size_t)c->nout + (size_t)k];
            bad = acc_csv_put_double(w, x->mean) || acc_csv_put_int(w, x->n) ||
                  acc_csv_put_double(w, x->sd) || acc_csv_put_double(w, x->lo) ||
                  acc_csv_put_double(w, x->hi);
            if (i > 0 && !bad)
                bad = acc_csv_put_double(w, x->diff) || acc_csv_put_double(w, x->diff_lo) ||
                      acc_csv_put_double(w, x->diff_hi) || acc_csv_put_double(w, x->diff_pct);
        }
        bad = bad || acc_csv_end_row(w);
    }
    /* a failed write sticks in w: the close reports it and drops the file */
    return acc_csv_close_atomic(w, af, 1, err, errlen);
}

/* Mean time series of one arm's run directories, rows of `jur` only. */
typedef struct arm_ts {
    int nsteps;      /* steps 0 .. nsteps-1 (by step number) */
    double *sum;     /* sum[step * ncols + m] */
    int *cnt;
    double *year;
    int *present;
} arm_ts;

static int read_arm_ts(const arm *a, const char *jur, char **metrics, int nm, arm_ts *ts,
                       char *err, size_t errlen)
{
    memset(ts, 0, sizeof *ts);
    for (int d = 0; d < a->ndirs; d++) {
        char path[4096];
        if (acc_io_join(path, sizeof path, a->dirs[d], ACC_FILE_TIMESERIES, err, errlen))
            return ACC_EINVAL;
        acc_csv_table *t;
        int rc = acc_csv_read_file(path, &t, err, errlen);
        if (rc)
            return rc == ACC_ENOMEM ? rc : ACC_EIO;
        int sc = cmp_col_of(t, "step"), yc = cmp_col_of(t, "year"), jc = cmp_col_of(t, "jurisdiction");
        if (sc < 0 || yc < 0 || jc < 0) {
            acc_errf(err, errlen, "%s: no step, year or jurisdiction column", path);
            acc_csv_table_free(t);
            return ACC_EIO;
        }
        int *mc = malloc((size_t)(nm ? nm : 1) * sizeof *mc);
        if (!mc) {
            acc_csv_table_free(t);
            return cmp_oom(err, errlen);
        }
        for (int m = 0; m < nm; m++)
            mc[m] = cmp_col_of(t, metrics[m]);
        int found = 0;
        for (size_t r = 0; r < acc_csv_nrows(t); r++) {
            if (strcmp(acc_csv_cell(t, r, (size_t)jc), jur) != 0)
                continue;
            found = 1;
            long long step = 0;
            int bad_int = acc_csv_integer(t, r, (size_t)sc, &step, err, errlen) != ACC_OK;
            if (bad_int || step < 0 || step > 10000000) {
                if (!bad_int)
                    acc_errf(err, errlen, "%s: step %lld out of range", path, step);
                free(mc);
                acc_csv_table_free(t);
                return ACC_EIO;
            }
            if (step >= ts->nsteps) {
                int n = (int)step + 1;
                double *s = realloc(ts->sum, (size_t)n * (size_t)nm * sizeof *s + 1);
                int *k = s ? realloc(ts->cnt, (size_t)n * (size_t)nm * sizeof *k + 1) : NULL;
                if (s)
                    ts->sum = s;
                if (k)
                    ts->cnt = k;
                double *y = k ? realloc(ts->year, (size_t)n * sizeof *y) : NULL;
                if (y)
                    ts->year = y;
                int *p = y ? realloc(ts->present, (size_t)n * sizeof *p) : NULL;
                if (!p) {
                    free(mc);
                    acc_csv_table_free(t);
                    return cmp_oom(err, errlen);
                }
                ts->present = p;
                for (int i = ts->nsteps; i < n; i++) {
                    ts->present[i] = 0;
                    ts->year[i] = NAN;
                    for (int m = 0; m < nm; m++) {
                        ts->sum[(size_t)i * (size_t)nm + (size_t)m] = 0;
                        ts->cnt[(size_t)i * (size_t)nm + (size_t)m] = 0;
                    }
                }
                ts->nsteps = n;
            }
            ts->present[step] = 1;
            ts->year[step] = cmp_cell_num(t, r, yc);
            for (int m = 0; m < nm; m++) {
                double x = cmp_cell_num(t, r, mc[m]);
                if (isfinite(x)) {
                    ts->sum[(size_t)step * (size_t)nm + (size_t)m] += x;
                    ts->cnt[(size_t)step * (size_t)nm + (size_t)m]++;
                }
            }
        }
        free(mc);
        if (!found) {
            /* Name the ids this run has. */
            acc_sb ids;
            acc_sb_init(&ids);
            int n = 0;
            for (size_t r = 0; r < acc_csv_nrows(t) && n < 40; r++) {
                const char *v = acc_csv_cell(t, r, (size_t)jc);
                if (!strstr(acc_sb_str(&ids), v)) {
                    acc_sb_printf(&ids, "%s%s", n ? ", " : "", v);
                    n++;
                }
            }
            acc_errf(err, errlen, "%s: no jurisdiction '%s' (it has: %s)", path, jur,
                     acc_sb_str(&ids));
            acc_sb_free(&ids);
            acc_csv_table_free(t);
            return ACC_EINVAL;
        }
        acc_csv_table_free(t);
    }
    return ACC_OK;
}

static void arm_ts_free(arm_ts *ts)
{
    free(ts->sum);
    free(ts->cnt);
    free(ts->year);
    free(ts->present);
}

static double ts_mean(const arm_ts *ts, int s, int m, int nm)
{
    if (s >= ts->nsteps || !ts->present[s])
        return NAN;
    int n = ts->cnt[(size_t)s * (size_t)nm + (size_t)m];
    return n ? ts->sum[(size_t)s * (size_t)nm + (size_t)m] / n : NAN;
}

/* One CSV of the arms' mean series (diff = 0), or of each later arm's
 * difference from the first, step by step (diff = 1). */
static int write_ts_file(const acc_compare *c, const char *dir, const char *name,
                         const arm_ts *ts, const int *has, const char *const *hdr, int nm,
                         int diff, char *err, size_t errlen)
{
    char path[4096];
    acc_atomic *af = NULL;
    acc_csv_writer *w = NULL;
    int rc = acc_io_join(path, sizeof path, dir, name, err, errlen);
    if (!rc)
        rc = acc_csv_open_atomic(path, (size_t)nm + 3, hdr, &af, &w, err, errlen);
    for (int i = diff; i < c->narms && !rc; i++) {
        if (!has[i])
            continue;
        for (int s = 0; s < ts[i].nsteps && !rc; s++) {
            if (!ts[i].present[s] || (diff && (s >= ts[0].nsteps || !ts[0].present[s])))
                continue;
            int bad = acc_csv_put_int(w, s) || acc_csv_put_double(w, ts[i].year[s]) ||
                      acc_csv_put_str(w, c->a[i].label);
            for (int m = 0; m < nm && !bad; m++) {
                double v = ts_mean(&ts[i], s, m, nm);
                if (diff)
                    v -= ts_mean(&ts[0], s, m, nm); /* NaN stays NaN */
                bad = acc_csv_put_double(w, v);
            }
            if (bad || acc_csv_end_row(w)) {
                acc_errf(err, errlen, "%s", acc_csv_writer_errmsg(w));
                rc = ACC_EIO;
            }
        }
    }
    int crc = acc_csv_close_atomic(w, af, !rc, err, errlen);
    return rc ? rc : crc;
}

int cmp_write_timeseries(acc_compare *c, const char *dir, int *written, int *diffs,
                            char *err, size_t errlen)
{
    *written = 0;
    *diffs = 0;
    /* The metric columns: the first run directory's header. */
    const char *first_dir = NULL;
    for (int i = 0; i < c->narms && !first_dir; i++)
        for (int d = 0; d < c->a[i].ndirs && !first_dir; d++) {
            char p[4096];
            if (snprintf(p, sizeof p, "%s/" ACC_FILE_TIMESERIES, c->a[i].dirs[d]) < (int)sizeof p &&
                acc_io_is_file(p))
                first_dir = c->a[i].dirs[d];
        }
    if (!first_dir)
        return ACC_OK;
    char path[4096];
    acc_csv_table *t;
    snprintf(path, sizeof path, "%s/" ACC_FILE_TIMESERIES, first_dir);
    int rc = acc_csv_read_file(path, &t, err, errlen);
    if (rc)
        return rc == ACC_ENOMEM ? rc : ACC_EIO;
    int nm = 0;
    char **metrics = calloc(acc_csv_ncols(t) + 1, sizeof *metrics);
    const char **hdr = calloc(acc_csv_ncols(t) + 3, sizeof *hdr);
    arm_ts *ts = calloc(MAX_ARMS, sizeof *ts);
    int has[MAX_ARMS] = {0};
    if (!metrics || !hdr || !ts) {
        free(metrics);
        free(hdr);
        free(ts);
        acc_csv_table_free(t);
        return cmp_oom(err, errlen);
    }
    static const char *const skip[] = {"step", "year", "jurisdiction", NULL};
    for (size_t col = 0; col < acc_csv_ncols(t); col++)
        if (!cmp_str_in(acc_csv_header(t, col), skip) && (metrics[nm] = cmp_dup_str(acc_csv_header(t, col))))
            nm++;
    acc_csv_table_free(t);
    hdr[0] = "step";
    hdr[1] = "year";
    hdr[2] = "input";
    for (int m = 0; m < nm; m++)
        hdr[3 + m] = metrics[m];
    for (int i = 0; i < c->narms && !rc; i++) {
        /* Sweeps and function models have no time series. */
        char p[4096];
        if (c->a[i].ndirs == 0 ||
            snprintf(p, sizeof p, "%s/" ACC_FILE_TIMESERIES, c->a[i].dirs[0]) >= (int)sizeof p ||
            !acc_io_is_file(p))
            continue;
        rc = read_arm_ts(&c->a[i], c->jurisdiction, metrics, nm, &ts[i], err, errlen);
        has[i] = rc == ACC_OK;
        *written += has[i];
    }
    if (!rc)
        rc = write_ts_file(c, dir, ACC_FILE_COMPARE_TS, ts, has, hdr, nm, 0, err, errlen);
    /* Differences from the first input, when it and another have series. */
    if (!rc && has[0] && *written > 1) {
        rc = write_ts_file(c, dir, ACC_FILE_COMPARE_DIFF, ts, has, hdr, nm, 1, err, errlen);
        *diffs = rc == ACC_OK;
    }
    for (int i = 0; i < MAX_ARMS; i++)
        arm_ts_free(&ts[i]);
    free(ts);
    cmp_free_names(metrics, nm);
    free(hdr);
    return rc;
}

/* An input's "outputs": {"NAME": {"sha256": ...}} copied from its manifest
 * (nothing when it has none). */
static int input_outputs(acc_json *j, const acc_jdoc *d)
{
    const acc_jval *outs = d ? acc_jval_get(acc_jdoc_root(d), "outputs") : NULL;
    if (acc_jval_type(outs) != ACC_JOBJECT)
        return 0;
    int bad = acc_json_key(j, "outputs") || acc_json_begin_object(j);
    for (size_t k = 0; k < acc_jval_len(outs) && !bad; k++) {
        const char *name = acc_jval_key_at(outs, k);
        const char *sha = acc_jval_str(acc_jval_get(acc_jval_at(outs, k), "sha256"));
        if (name && sha)
            bad = acc_json_key(j, name) || acc_json_begin_object(j) ||
                  acc_json_kstr(j, "sha256", sha) || acc_json_end_object(j);
    }
    return bad || acc_json_end_object(j);
}

int cmp_write_manifest(const acc_compare *c, const acc_compare_opts *o, int ts_arms,
                          int diffs, char *err, size_t errlen)
{
    char path[4096], now[32];
    int rc = acc_io_join(path, sizeof path, o->outdir, ACC_FILE_MANIFEST, err, errlen);
    if (rc)
        return rc;
    /* each file written, with its SHA-256, as a run's and a sweep's manifest
     * list theirs (the files are complete by now), so that `accord report`
     * and `accord plot` notice a comparison's files changed since */
    const char *outs[3] = {ACC_FILE_COMPARE, ts_arms > 0 ? ACC_FILE_COMPARE_TS : NULL,
                           diffs ? ACC_FILE_COMPARE_DIFF : NULL};
    char hex[3][ACC_SHA256_HEXLEN];
    for (int k = 0; k < 3; k++) {
        char file[4200];
        if (!outs[k])
            continue;
        if ((rc = acc_io_join(file, sizeof file, o->outdir, outs[k], err, errlen)) ||
            (rc = acc_sha256_file(file, hex[k], err, errlen)))
            return rc;
    }
    /* each input's files as its manifest lists them (name and SHA-256; the
     * comparison warned if they no longer match): the comparison names the
     * exact data it drew from, so an input re-run with other results or
     * swapped since shows, while one re-run to the same bytes still matches */
    acc_jdoc *in_doc[MAX_ARMS] = {0};
    for (int i = 0; i < c->narms && i < MAX_ARMS; i++) {
        char file[4200], ierr[256];
        if (acc_io_join(file, sizeof file, c->a[i].source, ACC_FILE_MANIFEST, ierr, sizeof ierr) ||
            acc_jdoc_read_file(file, &in_doc[i], ierr, sizeof ierr))
            in_doc[i] = NULL;
    }
    acc_utc_now(now, sizeof now, ACC_UTC_ISO8601);
    acc_atomic *af;
    acc_json *j;
    if ((rc = acc_json_open_atomic(path, &af, &j, err, errlen))) {
        for (int i = 0; i < MAX_ARMS; i++)
            acc_jdoc_free(in_doc[i]);
        return rc;
    }
    int bad = acc_json_begin_object(j) || acc_json_kstr(j, "kind", ACC_KIND_COMPARE) ||
              (o->manifest_versions ? o->manifest_versions(j)
                                    : acc_layout_versions(j, NULL, GSL_VERSION)) ||
              acc_json_kstr(j, "command", o->command_line ? o->command_line : "") ||
              acc_json_kstr(j, "created", now) || acc_json_kstr(j, "jurisdiction", c->jurisdiction) ||
              acc_json_knum(j, "level", c->level) || acc_json_key(j, "inputs") ||
              acc_json_begin_array(j);
    for (int i = 0; i < c->narms && !bad; i++) {
        const arm *a = &c->a[i];
        bad = acc_json_begin_object(j) || acc_json_kstr(j, "label", a->label) ||
              acc_json_kstr(j, "source", a->source) ||
              acc_json_kstr(j, "kind", a->sweep ? ACC_KIND_SWEEP : ACC_KIND_RUN) ||
              acc_json_key(j, "scenario") || acc_json_begin_object(j) ||
              acc_json_kstr(j, "name", a->scenario) ||
              acc_json_kstr(j, "description", a->description ? a->description : "") ||
              acc_json_end_object(j) || acc_json_kstr(j, "settings", a->settings ? a->settings : "") ||
              acc_json_kint(j, "replications", a->nrep) || acc_json_key(j, "seeds") ||
              acc_json_begin_array(j);
        for (int k = 0; k < a->nseeds && !bad; k++)
            bad = acc_json_int(j, (long long)a->seeds[k]);
        bad = bad || acc_json_end_array(j) ||
              acc_json_kbool(j, "paired_with_first", a->paired) ||
              (i > 0 && acc_json_kstr(j, "warning", a->warning ? a->warning : "")) ||
              acc_json_kbool(j, "timeseries", a->ndirs > 0) ||
              input_outputs(j, in_doc[i]) || acc_json_end_object(j);
    }
    bad = bad || acc_json_end_array(j);
    /* the inputs' custom metrics with their units (the first input that has each) */
    int any = 0;
    for (int i = 0; i < c->narms; i++)
        any |= c->a[i].nmeta > 0;
    if (any) {
        bad = bad || acc_json_key(j, "metrics") || acc_json_begin_array(j);
        for (int i = 0; i < c->narms && !bad; i++)
            for (int k = 0; k < c->a[i].nmeta && !bad; k++) {
                int seen = 0;
                for (int e = 0; e < i && !seen; e++)
                    seen = cmp_name_in(c->a[i].meta_names[k], c->a[e].meta_names, c->a[e].nmeta);
                if (!seen)
                    bad = acc_json_begin_object(j) ||
                          acc_json_kstr(j, "name", c->a[i].meta_names[k]) ||
                          acc_json_kstr(j, "unit", c->a[i].meta_units[k]) ||
                          acc_json_kstr(j, "doc", c->a[i].meta_docs[k]) || acc_json_end_object(j);
            }
        bad = bad || acc_json_end_array(j);
    }
    /* "outputs" stays the list of names it always was; their SHA-256 go
     * beside it, in the form a run's and a sweep's "outputs" have */
    bad = bad || acc_json_key(j, "outputs") || acc_json_begin_array(j);
    for (int k = 0; k < 3 && !bad; k++)
        if (outs[k])
            bad = acc_json_string(j, outs[k]);
    bad = bad || acc_json_end_array(j) || acc_json_key(j, "outputs_sha256") ||
          acc_json_begin_object(j);
    for (int k = 0; k < 3 && !bad; k++)
        if (outs[k])
            bad = acc_json_key(j, outs[k]) || acc_json_begin_object(j) ||
                  acc_json_kstr(j, "sha256", hex[k]) || acc_json_end_object(j);
    bad = bad || acc_json_end_object(j) || acc_json_end_object(j) || acc_json_finish(j);
    for (int i = 0; i < MAX_ARMS; i++)
        acc_jdoc_free(in_doc[i]);
    return acc_json_commit(j, af, bad, err, errlen);
}

/* ---- loading a comparison back --------------------------------------------------- */

int acc_compare_load(const char *dir, acc_compare **out, char *err, size_t errlen)
{
    *out = NULL;
    char path[4096];
    acc_jdoc *d = NULL;
    acc_csv_table *t = NULL;
    int rc = acc_io_join(path, sizeof path, dir, ACC_FILE_MANIFEST, err, errlen);
    if (rc)
        return rc;
    if ((rc = acc_jdoc_read_file(path, &d, err, errlen)))
        return rc == ACC_EINVAL ? ACC_EIO : rc;
    const acc_jval *root = acc_jdoc_root(d);
    const acc_jval *inputs = acc_jval_get(root, "inputs");
    const char *kind = acc_jval_str(acc_jval_get(root, "kind"));
    if (!kind || strcmp(kind, ACC_KIND_COMPARE) != 0 || acc_jval_len(inputs) < 1 ||
        acc_jval_len(inputs) > MAX_ARMS) {
        acc_errf(err, errlen, "%s: not a comparison manifest", path);
        acc_jdoc_free(d);
        return ACC_EIO;
    }
    acc_compare *c = calloc(1, sizeof *c);
    if (!c) {
        acc_jdoc_free(d);
        return cmp_oom(err, errlen);
    }
    c->level = acc_jval_num(acc_jval_get(root, "level"));
    if (!(c->level > 0 && c->level < 1))
        c->level = 0.95;
    const char *j = acc_jval_str(acc_jval_get(root, "jurisdiction"));
    snprintf(c->jurisdiction, sizeof c->jurisdiction, "%s", j ? j : "all");
    for (size_t i = 0; i < acc_jval_len(inputs); i++) {
        const acc_jval *in = acc_jval_at(inputs, i);
        arm *a = &c->a[c->narms++];
        const char *label = acc_jval_str(acc_jval_get(in, "label"));
        snprintf(a->label, sizeof a->label, "%s", label ? label : "");
        a->source = cmp_dup_str(acc_jval_str(acc_jval_get(in, "source")));
        const char *sn = acc_jval_str(acc_jval_path(in, "scenario.name"));
        snprintf(a->scenario, sizeof a->scenario, "%s", sn ? sn : "");
        a->description = cmp_dup_str(acc_jval_str(acc_jval_path(in, "scenario.description")));
        a->settings = cmp_dup_str(acc_jval_str(acc_jval_get(in, "settings")));
        a->paired = acc_jval_bool(acc_jval_get(in, "paired_with_first"));
        a->sweep = acc_jval_str(acc_jval_get(in, "kind")) &&
                   strcmp(acc_jval_str(acc_jval_get(in, "kind")), ACC_KIND_SWEEP) == 0;
        double n = acc_jval_num(acc_jval_get(in, "replications"));
        a->n_loaded = isfinite(n) && n >= 0 && n < 1e9 ? (int)n : 0;
        /* The seeds as keys of n_loaded pseudo-replications, for their text. */
        const acc_jval *sv = acc_jval_get(in, "seeds");
        size_t ns = acc_jval_len(sv) < 100000 ? acc_jval_len(sv) : 0;
        if (ns > 0 && (a->keys = calloc(2 * ns, sizeof *a->keys))) {
            for (size_t k = 0; k < ns; k++) {
                double x = acc_jval_num(acc_jval_at(sv, k));
                a->keys[2 * a->nrep++] = isfinite(x) && x >= 0 && x < 1.8e19 ? (uint64_t)x : 0;
            }
        }
        a->warning = cmp_dup_str(acc_jval_str(acc_jval_get(in, "warning")));
        if (a->warning && (rc = cmp_arm_seeds(a, err, errlen)))
            goto fail;
        a->nrep = 0; /* no values are loaded */
        if (!a->source || !a->description || !a->settings || !a->warning || !cmp_label_ok(a->label)) {
            rc = a->source && a->description && a->settings && a->warning ? ACC_EIO : ACC_ENOMEM;
            acc_errf(err, errlen, "%s: input %zu has %s", path, i + 1,
                     rc == ACC_EIO ? "a bad label" : "(out of memory)");
            goto fail;
        }
    }
    if ((rc = acc_io_join(path, sizeof path, dir, ACC_FILE_COMPARE, err, errlen)))
        goto fail;
    if ((rc = acc_csv_read_file(path, &t, err, errlen))) {
        rc = rc == ACC_ENOMEM ? rc : ACC_EIO;
        goto fail;
    }
    int oc = cmp_col_of(t, "outcome");
    c->nout = 0;
    c->outcomes = calloc(acc_csv_nrows(t) + 1, sizeof *c->outcomes);
    c->cells = calloc((size_t)c->narms * (acc_csv_nrows(t) + 1), sizeof *c->cells);
    if (!c->outcomes || !c->cells) {
        rc = cmp_oom(err, errlen);
        goto fail;
    }
    if (oc < 0) {
        acc_errf(err, errlen, "%s: no outcome column", path);
        rc = ACC_EIO;
        goto fail;
    }
    size_t nr = acc_csv_nrows(t);
    for (size_t r = 0; r < nr; r++) {
        if (!(c->outcomes[r] = cmp_dup_str(acc_csv_cell(t, r, (size_t)oc)))) {
            rc = cmp_oom(err, errlen);
            goto fail;
        }
        c->nout++;
    }
    for (int i = 0; i < c->narms; i++) {
        const char *suffix[] = {"", "_n", "_sd", "_ci_lo", "_ci_hi", "_diff", "_diff_ci_lo",
                                "_diff_ci_hi", "_diff_pct"};
        int cols[9];
        for (int s = 0; s < 9; s++) {
            char name[LABEL_LEN + 16];
            snprintf(name, sizeof name, "%s%s", c->a[i].label, suffix[s]);
            cols[s] = cmp_col_of(t, name);
            if (cols[s] < 0 && (s < 5 || i > 0)) {
                acc_errf(err, errlen, "%s: no column '%s'", path, name);
                rc = ACC_EIO;
                goto fail;
            }
        }
        for (size_t r = 0; r < nr; r++) {
            acc_compare_cell *x = &c->cells[(size_t)i * nr + r];
            x->mean = cmp_cell_num(t, r, cols[0]);
            double n = cmp_cell_num(t, r, cols[1]);
            x->n = isfinite(n) && n >= 0 && n < 1e9 ? (int)n : 0;
            x->sd = cmp_cell_num(t, r, cols[2]);
            x->lo = cmp_cell_num(t, r, cols[3]);
            x->hi = cmp_cell_num(t, r, cols[4]);
            x->diff = cmp_cell_num(t, r, cols[5]);
            x->diff_lo = cmp_cell_num(t, r, cols[6]);
            x->diff_hi = cmp_cell_num(t, r, cols[7]);
            x->diff_pct = cmp_cell_num(t, r, cols[8]);
        }
    }
    acc_csv_table_free(t);
    acc_jdoc_free(d);
    *out = c;
    return ACC_OK;
fail:
    acc_csv_table_free(t);
    acc_jdoc_free(d);
    acc_compare_free(c);
    return rc;
}
