/* accord report — the inputs of a comparison: run directories (summary.csv:
 * one replication each) and sweep directories (runs.csv: every finished run
 * is a replication), with their scenario, settings and outcome names.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "io/jdoc.h"
#include "io/layout.h"
#include "report/compare_int.h"
#include "report/plot_int.h"

char *cmp_dup_str(const char *s)
{
    size_t n = strlen(s ? s : "") + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s ? s : "", n);
    return d;
}

int cmp_oom(char *err, size_t errlen)
{
    acc_errf(err, errlen, "out of memory");
    return ACC_ENOMEM;
}

/* ---- reading inputs ------------------------------------------------------------ */

int cmp_str_in(const char *s, const char *const *list)
{
    for (int i = 0; list[i]; i++)
        if (strcmp(s, list[i]) == 0)
            return 1;
    return 0;
}

int cmp_col_of(const acc_csv_table *t, const char *name)
{
    for (size_t c = 0; c < acc_csv_ncols(t); c++)
        if (strcmp(acc_csv_header(t, c), name) == 0)
            return (int)c;
    return -1;
}

/* Scenario name, description and declared parameter names from a manifest. */
static void read_manifest(const char *dir, arm *a, char ***params, int *nparams)
{
    char path[4096];
    *params = NULL;
    *nparams = 0;
    if (snprintf(path, sizeof path, "%s/" ACC_FILE_MANIFEST, dir) >= (int)sizeof path)
        return;
    acc_jdoc *d;
    char err[256];
    if (!acc_io_is_file(path) || acc_jdoc_read_file(path, &d, err, sizeof err) != ACC_OK)
        return;
    const acc_jval *root = acc_jdoc_root(d);
    const char *name = acc_jval_str(acc_jval_path(root, "scenario.name"));
    const char *desc = acc_jval_str(acc_jval_path(root, "scenario.description"));
    if (name && !a->scenario[0])
        snprintf(a->scenario, sizeof a->scenario, "%s", name);
    if (desc && !a->description)
        a->description = cmp_dup_str(desc);
    /* What the run changed from the scenario's defaults (the first directory's). */
    if (!a->settings) {
        acc_sb set;
        acc_sb_init(&set);
        const acc_jval *ps = acc_jval_get(root, "parameters");
        for (size_t i = 0; i < acc_jval_len(ps); i++) {
            const acc_jval *p = acc_jval_at(ps, i);
            const char *pn = acc_jval_str(acc_jval_get(p, "name"));
            if (!pn || !acc_jval_bool(acc_jval_get(p, "overridden")))
                continue;
            char v[48];
            acc_io_fmt_human(v, sizeof v, acc_jval_num(acc_jval_get(p, "value")));
            acc_sb_printf(&set, "%s%s=%s", set.len ? ", " : "", pn, v);
        }
        /* a sweep's fixed --set values ("name=value") and its swept parameters */
        const acc_jval *fx = acc_jval_get(root, "fixed");
        for (size_t i = 0; i < acc_jval_len(fx); i++)
            if (acc_jval_str(acc_jval_at(fx, i)))
                acc_sb_printf(&set, "%s%s", set.len ? ", " : "", acc_jval_str(acc_jval_at(fx, i)));
        for (size_t i = 0; i < acc_jval_len(ps); i++) {
            const acc_jval *p = acc_jval_at(ps, i);
            const char *pn = acc_jval_str(acc_jval_get(p, "name"));
            if (pn && acc_jval_str(acc_jval_get(p, "kind")))
                acc_sb_printf(&set, "%s%s swept", set.len ? ", " : "", pn);
        }
        const acc_jval *fo = acc_jval_get(root, "field_overrides");
        for (size_t i = 0; i < acc_jval_len(fo); i++) {
            char v[48];
            acc_io_fmt_human(v, sizeof v, acc_jval_num(acc_jval_at(fo, i)));
            acc_sb_printf(&set, "%s%s=%s", set.len ? ", " : "", acc_jval_key_at(fo, i), v);
        }
        a->settings = set.oom ? NULL : cmp_dup_str(acc_sb_str(&set));
        acc_sb_free(&set);
    }
    /* Custom metrics' units and docs: each name once per arm (the first
     * manifest that lists it). On running out of memory a metric is left
     * out (its unit is only a label). */
    const acc_jval *mm = acc_jval_get(root, "metrics");
    for (size_t i = 0; i < acc_jval_len(mm) && a->nmeta < 4096; i++) {
        const acc_jval *e = acc_jval_at(mm, i);
        const char *mn = acc_jval_str(acc_jval_get(e, "name"));
        const char *mu = acc_jval_str(acc_jval_get(e, "unit"));
        const char *md = acc_jval_str(acc_jval_get(e, "doc"));
        if (!mn || cmp_name_in(mn, a->meta_names, a->nmeta))
            continue;
        char **nn = realloc(a->meta_names, (size_t)(a->nmeta + 1) * sizeof *nn);
        if (nn)
            a->meta_names = nn;
        char **nu = nn ? realloc(a->meta_units, (size_t)(a->nmeta + 1) * sizeof *nu) : NULL;
        if (nu)
            a->meta_units = nu;
        char **nd = nu ? realloc(a->meta_docs, (size_t)(a->nmeta + 1) * sizeof *nd) : NULL;
        if (nd)
            a->meta_docs = nd;
        char *cn = nd ? cmp_dup_str(mn) : NULL, *cu = cmp_dup_str(mu), *cd = cmp_dup_str(md);
        if (!cn || !cu || !cd) {
            free(cn);
            free(cu);
            free(cd);
            break;
        }
        a->meta_names[a->nmeta] = cn;
        a->meta_units[a->nmeta] = cu;
        a->meta_docs[a->nmeta++] = cd;
    }
    /* Parameter names: "parameters" (runs) and "vary" (sweeps), arrays of
     * objects with a name, or of strings. */
    static const char *const keys[] = {"parameters", "vary", "varied", NULL};
    size_t total = 0;
    for (int k = 0; keys[k]; k++)
        total += acc_jval_len(acc_jval_get(root, keys[k]));
    if (total > 0 && (*params = calloc(total, sizeof **params))) {
        for (int k = 0; keys[k]; k++) {
            const acc_jval *arr = acc_jval_get(root, keys[k]);
            for (size_t i = 0; i < acc_jval_len(arr); i++) {
                const acc_jval *e = acc_jval_at(arr, i);
                const char *pn = acc_jval_str(e) ? acc_jval_str(e) : acc_jval_str(acc_jval_get(e, "name"));
                if (pn && (size_t)*nparams < total && ((*params)[*nparams] = cmp_dup_str(pn)))
                    (*nparams)++;
            }
        }
    }
    acc_jdoc_free(d);
}

void cmp_free_names(char **v, int n)
{
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

int cmp_name_in(const char *s, char **v, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(s, v[i]) == 0)
            return 1;
    return 0;
}

/* Append a copy of s to the array *v of *n strings. */
static int push_copy(char ***v, int *n, const char *s, char *err, size_t errlen)
{
    char **nv = realloc(*v, (size_t)(*n + 1) * sizeof *nv);
    if (!nv)
        return cmp_oom(err, errlen);
    *v = nv;
    if (!(nv[*n] = cmp_dup_str(s)))
        return cmp_oom(err, errlen);
    (*n)++;
    return ACC_OK;
}

static int arm_grow(arm *a, int rows, char *err, size_t errlen)
{
    double *v = realloc(a->v, (size_t)rows * (size_t)a->nnames * sizeof *v);
    if (!v)
        return cmp_oom(err, errlen);
    a->v = v;
    uint64_t *k = realloc(a->keys, (size_t)rows * 2 * sizeof *k);
    if (!k)
        return cmp_oom(err, errlen);
    a->keys = k;
    return ACC_OK;
}

static uint64_t cell_u64(const acc_csv_table *t, size_t r, int c, uint64_t fallback)
{
    if (c < 0)
        return fallback;
    const char *s = acc_csv_cell(t, r, (size_t)c);
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    return (*s && !*end) ? (uint64_t)v : fallback;
}

double cmp_cell_num(const acc_csv_table *t, size_t r, int c)
{
    double x;
    if (c < 0 || acc_csv_number(t, r, (size_t)c, &x, NULL, 0) != ACC_OK)
        return NAN;
    return x;
}

/* Add an outcome column to an arm whose first `rows` rows are filled
 * (the new column NaN in them); returns its index or -1 (out of memory). */
static int arm_add_col(arm *a, const char *name, int rows, char *err, size_t errlen)
{
    size_t oldw = (size_t)a->nnames, neww = oldw + 1;
    double *v = realloc(a->v, (size_t)(rows > 0 ? rows : 1) * neww * sizeof *v);
    if (!v) {
        cmp_oom(err, errlen);
        return -1;
    }
    a->v = v;
    /* widen the rows in place, last first */
    for (int r = rows - 1; r >= 0; r--) {
        memmove(v + (size_t)r * neww, v + (size_t)r * oldw, oldw * sizeof *v);
        v[(size_t)r * neww + oldw] = NAN;
    }
    if (push_copy(&a->names, &a->nnames, name, err, errlen))
        return -1;
    return a->nnames - 1;
}

/* custom.csv of a run directory (step, year, metric, value): each metric's
 * last value is an outcome of replication `row` (rows 0..row are allocated).
 * A metric named like a column of the run's summary.csv other than a
 * parameter's is left out: the summary's value stands. No custom.csv: nothing to add. */
static int add_custom(arm *a, const char *dir, const acc_csv_table *summary, char **params,
                      int np, int row, char *err, size_t errlen)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s/" ACC_FILE_CUSTOM, dir) >= (int)sizeof path ||
        !acc_io_is_file(path))
        return ACC_OK;
    acc_csv_table *t;
    int rc = acc_csv_read_file(path, &t, err, errlen);
    if (rc)
        return rc == ACC_ENOMEM ? rc : ACC_EIO;
    int mc = cmp_col_of(t, "metric"), vc = cmp_col_of(t, "value");
    if (mc < 0 || vc < 0) {
        acc_errf(err, errlen, "%s: no metric and value columns", path);
        acc_csv_table_free(t);
        return ACC_EIO;
    }
    int guess = 0; /* metrics come in the same order every step: try the next one first */
    for (size_t r = 0; r < acc_csv_nrows(t) && rc == ACC_OK; r++) {
        const char *m = acc_csv_cell(t, r, (size_t)mc);
        int k = -1;
        if (guess >= a->nsummary_names && guess < a->nnames && strcmp(a->names[guess], m) == 0)
            k = guess; /* a metric's column, checked when it was made */
        else if (!*m || (cmp_col_of(summary, m) >= 0 && !cmp_name_in(m, params, np)))
            continue;
        for (int i = 0; i < a->nnames && k < 0; i++)
            if (strcmp(a->names[i], m) == 0)
                k = i;
        if (k < 0 && (k = arm_add_col(a, m, row + 1, err, errlen)) < 0)
            rc = ACC_ENOMEM;
        else /* rows are in step order: the last one stands */
            a->v[(size_t)row * (size_t)a->nnames + (size_t)k] = cmp_cell_num(t, r, vc);
        guess = k + 1;
    }
    acc_csv_table_free(t);
    return rc;
}

/* One run directory: one replication from summary.csv (and custom.csv). */
static int add_run_dir(arm *a, const char *dir, char *err, size_t errlen)
{
    char path[4096], why[1024];
    if (acc_io_run_failed(dir, why, sizeof why, NULL)) {
        acc_errf(err, errlen, "%s: this run FAILED and holds only what it wrote up to the "
                 "failure (manifest.json \"status\": \"failed\": %s); compare needs complete "
                 "runs: fix the scenario and run it again", dir, why);
        return ACC_EINVAL;
    }
    if (acc_io_join(path, sizeof path, dir, ACC_FILE_SUMMARY, err, errlen))
        return ACC_EINVAL;
    if (!acc_io_is_file(path)) {
        acc_errf(err, errlen, "%s: not a run directory (no " ACC_FILE_SUMMARY ")", dir);
        return acc_io_is_dir(dir) ? ACC_EINVAL : ACC_EIO;
    }
    char **params;
    int np;
    read_manifest(dir, a, &params, &np);
    acc_csv_table *t;
    int rc = acc_csv_read_file(path, &t, err, errlen);
    if (rc) {
        cmp_free_names(params, np);
        return rc == ACC_ENOMEM ? rc : ACC_EIO;
    }
    if (acc_csv_nrows(t) < 1) {
        acc_errf(err, errlen, "%s: no data row", path);
        rc = ACC_EIO;
        goto done;
    }
    static const char *const ids[] = {"scenario", "seed", "run", NULL};
    if (a->nrep == 0) {
        /* The first directory fixes the arm's outcomes. */
        for (size_t c = 0; c < acc_csv_ncols(t); c++) {
            const char *h = acc_csv_header(t, c);
            if (cmp_str_in(h, ids) || cmp_name_in(h, params, np))
                continue;
            if ((rc = push_copy(&a->names, &a->nnames, h, err, errlen)))
                goto done;
        }
        a->nsummary_names = a->nnames;
        if (!a->scenario[0] && cmp_col_of(t, "scenario") >= 0)
            snprintf(a->scenario, sizeof a->scenario, "%s",
                     acc_csv_cell(t, 0, (size_t)cmp_col_of(t, "scenario")));
    }
    if ((rc = arm_grow(a, a->nrep + 1, err, errlen)))
        goto done;
    for (int k = 0; k < a->nnames; k++)
        a->v[(size_t)a->nrep * (size_t)a->nnames + (size_t)k] = cmp_cell_num(t, 0, cmp_col_of(t, a->names[k]));
    if ((rc = add_custom(a, dir, t, params, np, a->nrep, err, errlen)))
        goto done;
    a->keys[2 * a->nrep] = cell_u64(t, 0, cmp_col_of(t, "seed"), (uint64_t)a->nrep);
    a->keys[2 * a->nrep + 1] = cell_u64(t, 0, cmp_col_of(t, "run"), 0);
    a->nrep++;
    rc = push_copy(&a->dirs, &a->ndirs, dir, err, errlen);
done:
    acc_csv_table_free(t);
    cmp_free_names(params, np);
    return rc;
}

/* Outcome names of a sweep from points.csv: the "outcome" column's values, or
 * the NAME of NAME_mean columns. */
static int sweep_outcomes(const char *dir, char ***names, int *n)
{
    char path[4096];
    *names = NULL;
    *n = 0;
    if (snprintf(path, sizeof path, "%s/" ACC_FILE_POINTS, dir) >= (int)sizeof path || !acc_io_is_file(path))
        return 0;
    acc_csv_table *t;
    char err[256];
    if (acc_csv_read_file(path, &t, err, sizeof err))
        return 0;
    int oc = cmp_col_of(t, "outcome");
    size_t cap = oc >= 0 ? acc_csv_nrows(t) : acc_csv_ncols(t);
    char **v = calloc(cap ? cap : 1, sizeof *v);
    int m = 0;
    if (v && oc >= 0) {
        for (size_t r = 0; r < acc_csv_nrows(t); r++) {
            const char *o = acc_csv_cell(t, r, (size_t)oc);
            if (!cmp_name_in(o, v, m) && (v[m] = cmp_dup_str(o)))
                m++;
        }
    } else if (v) {
        for (size_t c = 0; c < acc_csv_ncols(t); c++) {
            const char *h = acc_csv_header(t, c);
            size_t hl = strlen(h);
            if (hl > 5 && strcmp(h + hl - 5, "_mean") == 0 && (v[m] = malloc(hl - 4))) {
                memcpy(v[m], h, hl - 5);
                v[m][hl - 5] = '\0';
                m++;
            }
        }
    }
    acc_csv_table_free(t);
    *names = v;
    *n = m;
    return m;
}

/* A sweep directory: every finished run of runs.csv is a replication. */
/* The outcome names a sweep's manifest lists ("outcomes"), in order. */
static void manifest_outcomes(const char *dir, char ***names, int *n)
{
    char path[4096], err[256];
    *names = NULL;
    *n = 0;
    acc_jdoc *d;
    if (snprintf(path, sizeof path, "%s/" ACC_FILE_MANIFEST, dir) >= (int)sizeof path ||
        !acc_io_is_file(path) || acc_jdoc_read_file(path, &d, err, sizeof err) != ACC_OK)
        return;
    const acc_jval *o = acc_jval_get(acc_jdoc_root(d), "outcomes");
    size_t m = acc_jval_len(o);
    if (m > 0 && (*names = calloc(m, sizeof **names)))
        for (size_t i = 0; i < m; i++)
            if (acc_jval_str(acc_jval_at(o, i)) && ((*names)[*n] = cmp_dup_str(acc_jval_str(acc_jval_at(o, i)))))
                (*n)++;
    acc_jdoc_free(d);
}

static int add_sweep_dir(arm *a, const char *dir, char *err, size_t errlen)
{
    char path[4096];
    if (acc_io_join(path, sizeof path, dir, ACC_FILE_RUNS, err, errlen))
        return ACC_EINVAL;
    char **params, **outs, **listed;
    int np, nouts, nlisted;
    int *cols = NULL;
    read_manifest(dir, a, &params, &np);
    sweep_outcomes(dir, &outs, &nouts);
    manifest_outcomes(dir, &listed, &nlisted);
    acc_csv_table *t;
    int rc = acc_csv_read_file(path, &t, err, errlen);
    if (rc) {
        cmp_free_names(params, np);
        cmp_free_names(outs, nouts);
        cmp_free_names(listed, nlisted);
        return rc == ACC_ENOMEM ? rc : ACC_EIO;
    }
    static const char *const ids[] = {"run_id", "run", "point", "rep", "replication", "seed",
                                      "status", "ok", "error", "message", "wall_s",
                                      "seconds", "elapsed_s", "scenario", NULL};
    size_t nc = acc_csv_ncols(t);
    /* accord sweep writes run, point, rep, seed, status, the varied
     * parameters, then the manifest's outcomes in order (a header renamed
     * out_NAME where a name clashes): map by position when that holds. */
    int positional = nlisted > 0 && nc == (size_t)(5 + np + nlisted) &&
                     cmp_col_of(t, "status") == 4;
    if (!(cols = calloc(nc + 1, sizeof *cols))) {
        rc = cmp_oom(err, errlen);
        goto done;
    }
    for (size_t c = 0; c < nc; c++) {
        const char *h = acc_csv_header(t, c), *name = h;
        if (positional) {
            if (c < (size_t)(5 + np))
                continue;
            name = listed[c - (size_t)(5 + np)];
        } else if (nouts > 0 ? !cmp_name_in(h, outs, nouts) : (cmp_str_in(h, ids) || cmp_name_in(h, params, np))) {
            continue;
        }
        if ((rc = push_copy(&a->names, &a->nnames, name, err, errlen)))
            goto done;
        cols[a->nnames - 1] = (int)c;
    }
    if (a->nnames == 0) {
        acc_errf(err, errlen, "%s: no outcome columns", path);
        rc = ACC_EIO;
        goto done;
    }
    int sc = cmp_col_of(t, "status");
    int repc = cmp_col_of(t, "rep") >= 0 ? cmp_col_of(t, "rep") : cmp_col_of(t, "replication");
    int pointc = cmp_col_of(t, "point");
    size_t nr = acc_csv_nrows(t);
    if (nr > (size_t)INT32_MAX / 2) {
        acc_errf(err, errlen, "%s: too many runs", path);
        rc = ACC_EIO;
        goto done;
    }
    if ((rc = arm_grow(a, (int)nr + 1, err, errlen)))
        goto done;
    for (size_t r = 0; r < nr; r++) {
        if (sc >= 0) {
            const char *st = acc_csv_cell(t, r, (size_t)sc);
            if (strcmp(st, "ok") != 0 && strcmp(st, "0") != 0 && strcmp(st, "done") != 0)
                continue;
        }
        for (int k = 0; k < a->nnames; k++)
            a->v[(size_t)a->nrep * (size_t)a->nnames + (size_t)k] = cmp_cell_num(t, r, cols[k]);
        /* A sweep run's key: its seed, and its design point and replication
         * (point << 32 | rep), unique in the sweep; point 0's is rep, the key
         * of `accord run --seed S --run rep`. Two sweeps of the same design
         * pair point by point and replication by replication. */
        a->keys[2 * a->nrep] = cell_u64(t, r, cmp_col_of(t, "seed"), 0);
        a->keys[2 * a->nrep + 1] = (cell_u64(t, r, pointc, 0) << 32) |
                                   (cell_u64(t, r, repc, (uint64_t)r) & 0xffffffffu);
        a->nrep++;
    }
    a->sweep = 1;
done:
    acc_csv_table_free(t);
    free(cols);
    cmp_free_names(params, np);
    cmp_free_names(outs, nouts);
    cmp_free_names(listed, nlisted);
    return rc;
}

int cmp_load_arm(arm *a, const char *input, char *err, size_t errlen)
{
    a->source = cmp_dup_str(input);
    if (!a->source)
        return cmp_oom(err, errlen);
    /* A directory whose name has a comma is taken whole. */
    if (acc_io_is_dir(input) || !strchr(input, ',')) {
        char kind[16];
        if (!acc_io_is_dir(input)) {
            acc_errf(err, errlen, "%s: no such directory", input);
            return ACC_EIO;
        }
        acc_io_dir_kind(input, kind, sizeof kind);
        if (strcmp(kind, ACC_KIND_SWEEP) == 0)
            return add_sweep_dir(a, input, err, errlen);
        if (strcmp(kind, ACC_KIND_COMPARE) == 0) {
            acc_errf(err, errlen, "%s: a comparison cannot be compared again; give the run or "
                     "sweep directories", input);
            return ACC_EINVAL;
        }
        return add_run_dir(a, input, err, errlen);
    }
    char *copy = cmp_dup_str(input);
    if (!copy)
        return cmp_oom(err, errlen);
    int rc = ACC_OK, count = 0;
    char *save = NULL;
    for (char *d = strtok_r(copy, ",", &save); d && rc == ACC_OK; d = strtok_r(NULL, ",", &save)) {
        if (++count > MAX_DIRS_PER_ARM) {
            acc_errf(err, errlen, "%s: more than %d directories in one input", input,
                     MAX_DIRS_PER_ARM);
            rc = ACC_EINVAL;
        } else if (!acc_io_is_dir(d)) {
            acc_errf(err, errlen, "%s: no such directory", d);
            rc = ACC_EIO;
        } else {
            rc = add_run_dir(a, d, err, errlen);
        }
    }
    free(copy);
    return rc;
}
