/* accord io — comparison of runs and sweeps: reads each input's summary
 * outcomes and time series, computes means, intervals and differences from
 * the first input, writes the comparison directory and prints its table.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "report/compare.h"

#include "base/common.h"
#include "io/atomic.h"
#include "io/csv.h"
#include "io/json.h"
#include "report/plot_int.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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
    double *v;            /* v[r * nnames + k] */
    uint64_t *keys;       /* replication keys: keys[2r] seed, keys[2r+1] run */
    int ndirs;
    char **dirs;          /* run directories (time series) */
    int n_loaded;         /* acc_compare_load: replications recorded in the manifest */
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

const char *const acc_compare_key_outcomes[] = {
    "welfare", "harm", "certification_spend", "compliance_spend", "startup_survival_rate",
    "final_deployed", "final_mean_safety", "final_hhi", "final_startup_share", "incidents",
    "mean_detection_lag", "revenue", NULL};

static const struct {
    const char *name, *doc;
} outcome_docs[] = {
    {"welfare", "welfare, M$: value of AI revenue minus harm, certification, compliance and entry costs"},
    {"harm", "cumulative harm from undetected vulnerabilities, M$"},
    {"certification_spend", "total spent on certifications, M$"},
    {"compliance_spend", "total spent staying compliant, M$"},
    {"fine_spend", "total fines paid, M$"},
    {"entry_spend", "total spent entering markets, M$"},
    {"startup_survival_rate", "share of startups ever created still alive at the end"},
    {"final_deployed", "developers deployed somewhere at the end"},
    {"final_mean_safety", "revenue-weighted mean safety at the end (0-1)"},
    {"final_hhi", "market concentration at the end (HHI, 0-10,000)"},
    {"final_startup_share", "startups' share of AI revenue at the end"},
    {"incidents", "vulnerabilities that became incidents (first detection)"},
    {"mean_detection_lag", "mean steps from a vulnerability's emergence to its detection"},
    {"mean_time_to_market", "mean steps from the decision to enter to deployment"},
    {"revenue", "cumulative AI revenue, M$"},
    {"freq_unsafe", "long-run frequency of UNSAFE development"},
};

const char *acc_compare_outcome_doc(const char *name)
{
    for (size_t i = 0; i < sizeof outcome_docs / sizeof outcome_docs[0]; i++)
        if (strcmp(outcome_docs[i].name, name) == 0)
            return outcome_docs[i].doc;
    return NULL;
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s ? s : "") + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s ? s : "", n);
    return d;
}

static void arm_free(arm *a)
{
    free(a->source);
    free(a->description);
    free(a->settings);
    for (int i = 0; i < a->nnames; i++)
        free(a->names[i]);
    free(a->names);
    free(a->v);
    free(a->keys);
    for (int i = 0; i < a->ndirs; i++)
        free(a->dirs[i]);
    free(a->dirs);
}

void acc_compare_free(acc_compare *c)
{
    if (!c)
        return;
    for (int i = 0; i < c->narms; i++)
        arm_free(&c->a[i]);
    for (int k = 0; k < c->nout; k++)
        free(c->outcomes[k]);
    free(c->outcomes);
    free(c->cells);
    free(c);
}

static int oom(char *err, size_t errlen)
{
    acc_errf(err, errlen, "out of memory");
    return ACC_ENOMEM;
}

/* ---- reading inputs ------------------------------------------------------------ */

static int str_in(const char *s, const char *const *list)
{
    for (int i = 0; list[i]; i++)
        if (strcmp(s, list[i]) == 0)
            return 1;
    return 0;
}

static int col_of(const acc_csv_table *t, const char *name)
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
    if (snprintf(path, sizeof path, "%s/manifest.json", dir) >= (int)sizeof path)
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
        a->description = dup_str(desc);
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
        const acc_jval *fo = acc_jval_get(root, "field_overrides");
        for (size_t i = 0; i < acc_jval_len(fo); i++) {
            char v[48];
            acc_io_fmt_human(v, sizeof v, acc_jval_num(acc_jval_at(fo, i)));
            acc_sb_printf(&set, "%s%s=%s", set.len ? ", " : "", acc_jval_key_at(fo, i), v);
        }
        a->settings = set.oom ? NULL : dup_str(acc_sb_str(&set));
        acc_sb_free(&set);
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
                if (pn && (size_t)*nparams < total && ((*params)[*nparams] = dup_str(pn)))
                    (*nparams)++;
            }
        }
    }
    acc_jdoc_free(d);
}

static void free_names(char **v, int n)
{
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static int name_in(const char *s, char **v, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(s, v[i]) == 0)
            return 1;
    return 0;
}

static int arm_grow(arm *a, int rows, char *err, size_t errlen)
{
    double *v = realloc(a->v, (size_t)rows * (size_t)a->nnames * sizeof *v);
    if (!v)
        return oom(err, errlen);
    a->v = v;
    uint64_t *k = realloc(a->keys, (size_t)rows * 2 * sizeof *k);
    if (!k)
        return oom(err, errlen);
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

static double cell_num(const acc_csv_table *t, size_t r, int c)
{
    double x;
    if (c < 0 || acc_csv_number(t, r, (size_t)c, &x, NULL, 0) != ACC_OK)
        return NAN;
    return x;
}

/* One run directory: one replication from summary.csv. */
static int add_run_dir(arm *a, const char *dir, char *err, size_t errlen)
{
    char path[4096];
    if (acc_io_join(path, sizeof path, dir, "summary.csv", err, errlen))
        return ACC_EINVAL;
    if (!acc_io_is_file(path)) {
        acc_errf(err, errlen, "%s: not a run directory (no summary.csv)", dir);
        return acc_io_is_dir(dir) ? ACC_EINVAL : ACC_EIO;
    }
    char **params;
    int np;
    read_manifest(dir, a, &params, &np);
    acc_csv_table *t;
    int rc = acc_csv_read_file(path, &t, err, errlen);
    if (rc) {
        free_names(params, np);
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
            if (str_in(h, ids) || name_in(h, params, np))
                continue;
            char **nn = realloc(a->names, (size_t)(a->nnames + 1) * sizeof *nn);
            if (!nn || !(nn[a->nnames] = dup_str(h))) {
                if (nn)
                    a->names = nn;
                rc = oom(err, errlen);
                goto done;
            }
            a->names = nn;
            a->nnames++;
        }
        if (!a->scenario[0] && col_of(t, "scenario") >= 0)
            snprintf(a->scenario, sizeof a->scenario, "%s",
                     acc_csv_cell(t, 0, (size_t)col_of(t, "scenario")));
    }
    if ((rc = arm_grow(a, a->nrep + 1, err, errlen)))
        goto done;
    for (int k = 0; k < a->nnames; k++)
        a->v[(size_t)a->nrep * (size_t)a->nnames + (size_t)k] = cell_num(t, 0, col_of(t, a->names[k]));
    a->keys[2 * a->nrep] = cell_u64(t, 0, col_of(t, "seed"), (uint64_t)a->nrep);
    a->keys[2 * a->nrep + 1] = cell_u64(t, 0, col_of(t, "run"), 0);
    a->nrep++;
    char **nd = realloc(a->dirs, (size_t)(a->ndirs + 1) * sizeof *nd);
    if (!nd || !(nd[a->ndirs] = dup_str(dir))) {
        if (nd)
            a->dirs = nd;
        rc = oom(err, errlen);
        goto done;
    }
    a->dirs = nd;
    a->ndirs++;
done:
    acc_csv_table_free(t);
    free_names(params, np);
    return rc;
}

/* Outcome names of a sweep from points.csv: the "outcome" column's values, or
 * the NAME of NAME_mean columns. */
static int sweep_outcomes(const char *dir, char ***names, int *n)
{
    char path[4096];
    *names = NULL;
    *n = 0;
    if (snprintf(path, sizeof path, "%s/points.csv", dir) >= (int)sizeof path || !acc_io_is_file(path))
        return 0;
    acc_csv_table *t;
    char err[256];
    if (acc_csv_read_file(path, &t, err, sizeof err))
        return 0;
    int oc = col_of(t, "outcome");
    size_t cap = oc >= 0 ? acc_csv_nrows(t) : acc_csv_ncols(t);
    char **v = calloc(cap ? cap : 1, sizeof *v);
    int m = 0;
    if (v && oc >= 0) {
        for (size_t r = 0; r < acc_csv_nrows(t); r++) {
            const char *o = acc_csv_cell(t, r, (size_t)oc);
            if (!name_in(o, v, m) && (v[m] = dup_str(o)))
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
    if (snprintf(path, sizeof path, "%s/manifest.json", dir) >= (int)sizeof path ||
        !acc_io_is_file(path) || acc_jdoc_read_file(path, &d, err, sizeof err) != ACC_OK)
        return;
    const acc_jval *o = acc_jval_get(acc_jdoc_root(d), "outcomes");
    size_t m = acc_jval_len(o);
    if (m > 0 && (*names = calloc(m, sizeof **names)))
        for (size_t i = 0; i < m; i++)
            if (acc_jval_str(acc_jval_at(o, i)) && ((*names)[*n] = dup_str(acc_jval_str(acc_jval_at(o, i)))))
                (*n)++;
    acc_jdoc_free(d);
}

static int add_sweep_dir(arm *a, const char *dir, char *err, size_t errlen)
{
    char path[4096];
    if (acc_io_join(path, sizeof path, dir, "runs.csv", err, errlen))
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
        free_names(params, np);
        free_names(outs, nouts);
        free_names(listed, nlisted);
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
                     col_of(t, "status") == 4;
    if (!(cols = calloc(nc + 1, sizeof *cols))) {
        rc = oom(err, errlen);
        goto done;
    }
    for (size_t c = 0; c < nc; c++) {
        const char *h = acc_csv_header(t, c), *name = h;
        if (positional) {
            if (c < (size_t)(5 + np))
                continue;
            name = listed[c - (size_t)(5 + np)];
        } else if (nouts > 0 ? !name_in(h, outs, nouts) : (str_in(h, ids) || name_in(h, params, np))) {
            continue;
        }
        char **nn = realloc(a->names, (size_t)(a->nnames + 1) * sizeof *nn);
        if (!nn || !(nn[a->nnames] = dup_str(name))) {
            if (nn)
                a->names = nn;
            rc = oom(err, errlen);
            goto done;
        }
        a->names = nn;
        cols[a->nnames++] = (int)c;
    }
    if (a->nnames == 0) {
        acc_errf(err, errlen, "%s: no outcome columns", path);
        rc = ACC_EIO;
        goto done;
    }
    int sc = col_of(t, "status");
    int repc = col_of(t, "rep") >= 0 ? col_of(t, "rep") : col_of(t, "replication");
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
            a->v[(size_t)a->nrep * (size_t)a->nnames + (size_t)k] = cell_num(t, r, cols[k]);
        a->keys[2 * a->nrep] = cell_u64(t, r, col_of(t, "seed"), 0);
        a->keys[2 * a->nrep + 1] = cell_u64(t, r, repc, (uint64_t)r);
        a->nrep++;
    }
    a->sweep = 1;
done:
    acc_csv_table_free(t);
    free(cols);
    free_names(params, np);
    free_names(outs, nouts);
    free_names(listed, nlisted);
    return rc;
}

static int label_ok(const char *s)
{
    if (!*s || strlen(s) >= LABEL_LEN)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '-' || *s == '.'))
            return 0;
    return 1;
}

static void sanitize_label(char *s)
{
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '-' || *s == '.'))
            *s = '_';
}

static void base_name(const char *dir, char *out, size_t n)
{
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/')
        len--;
    size_t start = len;
    while (start > 0 && dir[start - 1] != '/')
        start--;
    snprintf(out, n, "%.*s", (int)(len - start), dir + start);
}

static int load_arm(arm *a, const char *input, char *err, size_t errlen)
{
    a->source = dup_str(input);
    if (!a->source)
        return oom(err, errlen);
    /* A directory whose name has a comma is taken whole. */
    if (acc_io_is_dir(input) || !strchr(input, ',')) {
        char kind[16];
        if (!acc_io_is_dir(input)) {
            acc_errf(err, errlen, "%s: no such directory", input);
            return ACC_EIO;
        }
        acc_io_dir_kind(input, kind, sizeof kind);
        if (strcmp(kind, "sweep") == 0)
            return add_sweep_dir(a, input, err, errlen);
        if (strcmp(kind, "compare") == 0) {
            acc_errf(err, errlen, "%s: a comparison cannot be compared again; give the run or "
                     "sweep directories", input);
            return ACC_EINVAL;
        }
        return add_run_dir(a, input, err, errlen);
    }
    char *copy = dup_str(input);
    if (!copy)
        return oom(err, errlen);
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

/* ---- statistics ---------------------------------------------------------------- */

static double tq(double level, double dof)
{
    return dof > 0 ? gsl_cdf_tdist_Pinv(0.5 + level / 2, dof) : NAN;
}

static int arm_col(const arm *a, const char *name)
{
    for (int k = 0; k < a->nnames; k++)
        if (strcmp(a->names[k], name) == 0)
            return k;
    return -1;
}

static void cell_stats(const arm *a, int col, double level, acc_compare_cell *c)
{
    c->n = 0;
    c->mean = c->sd = c->lo = c->hi = NAN;
    c->diff = c->diff_lo = c->diff_hi = c->diff_pct = NAN;
    if (col < 0)
        return;
    double sum = 0;
    int n = 0;
    for (int r = 0; r < a->nrep; r++) {
        double x = a->v[(size_t)r * (size_t)a->nnames + (size_t)col];
        if (isfinite(x)) {
            sum += x;
            n++;
        }
    }
    c->n = n;
    if (n == 0)
        return;
    c->mean = sum / n;
    if (n < 2)
        return;
    double ss = 0;
    for (int r = 0; r < a->nrep; r++) {
        double x = a->v[(size_t)r * (size_t)a->nnames + (size_t)col];
        if (isfinite(x))
            ss += (x - c->mean) * (x - c->mean);
    }
    c->sd = sqrt(ss / (n - 1));
    double hw = tq(level, n - 1) * c->sd / sqrt((double)n);
    c->lo = c->mean - hw;
    c->hi = c->mean + hw;
}

/* Same replication keys in both arms (each once): differences can be paired. */
static int same_keys(const arm *a, const arm *b)
{
    if (a->nrep != b->nrep || a->nrep < 2)
        return 0;
    for (int i = 0; i < a->nrep; i++) {
        int hits = 0;
        for (int j = 0; j < b->nrep; j++)
            hits += a->keys[2 * i] == b->keys[2 * j] && a->keys[2 * i + 1] == b->keys[2 * j + 1];
        int dups = 0;
        for (int j = 0; j < a->nrep; j++)
            dups += a->keys[2 * i] == a->keys[2 * j] && a->keys[2 * i + 1] == a->keys[2 * j + 1];
        if (hits != 1 || dups != 1)
            return 0;
    }
    return 1;
}

static void diff_stats(const arm *first, int c0, const arm *b, int cb, int paired, double level,
                       const acc_compare_cell *s0, acc_compare_cell *sb)
{
    if (!isfinite(s0->mean) || !isfinite(sb->mean))
        return;
    sb->diff = sb->mean - s0->mean;
    sb->diff_pct = s0->mean != 0 ? 100.0 * sb->diff / fabs(s0->mean) : NAN;
    if (paired && c0 >= 0 && cb >= 0) {
        double sum = 0, ss = 0;
        int n = 0;
        for (int pass = 0; pass < 2; pass++) {
            double mean = n ? sum / n : 0;
            for (int i = 0; i < first->nrep; i++) {
                int j = 0;
                while (j < b->nrep && !(first->keys[2 * i] == b->keys[2 * j] &&
                                        first->keys[2 * i + 1] == b->keys[2 * j + 1]))
                    j++;
                double x = first->v[(size_t)i * (size_t)first->nnames + (size_t)c0];
                double y = b->v[(size_t)j * (size_t)b->nnames + (size_t)cb];
                if (!isfinite(x) || !isfinite(y))
                    continue;
                if (pass == 0) {
                    sum += y - x;
                    n++;
                } else {
                    ss += (y - x - mean) * (y - x - mean);
                }
            }
            if (n < 2)
                return;
        }
        double mean = sum / n, hw = tq(level, n - 1) * sqrt(ss / (n - 1)) / sqrt((double)n);
        /* The paired mean uses the pairs where both values exist. */
        sb->diff = mean;
        sb->diff_lo = mean - hw;
        sb->diff_hi = mean + hw;
    } else if (s0->n >= 2 && sb->n >= 2) {
        double v0 = s0->sd * s0->sd / s0->n, vb = sb->sd * sb->sd / sb->n;
        double se = sqrt(v0 + vb);
        double dof = (v0 + vb) * (v0 + vb) / (v0 * v0 / (s0->n - 1) + vb * vb / (sb->n - 1));
        if (se == 0) {
            sb->diff_lo = sb->diff_hi = sb->diff;
        } else {
            double hw = tq(level, dof) * se;
            sb->diff_lo = sb->diff - hw;
            sb->diff_hi = sb->diff + hw;
        }
    }
}

/* ---- outputs ------------------------------------------------------------------- */

static int write_table(acc_compare *c, const char *dir, char *err, size_t errlen)
{
    static const char *const arm_suffix[] = {"", "_n", "_sd", "_ci_lo", "_ci_hi"};
    static const char *const diff_suffix[] = {"_diff", "_diff_ci_lo", "_diff_ci_hi", "_diff_pct"};
    size_t ncols = 1 + (size_t)c->narms * 5 + (size_t)(c->narms - 1) * 4;
    char (*names)[LABEL_LEN + 16] = calloc(ncols, sizeof *names);
    const char **hdr = calloc(ncols, sizeof *hdr);
    if (!names || !hdr) {
        free(names);
        free(hdr);
        return oom(err, errlen);
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
    int rc = acc_io_join(path, sizeof path, dir, "compare.csv", err, errlen);
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
        if (acc_io_join(path, sizeof path, a->dirs[d], "timeseries.csv", err, errlen))
            return ACC_EINVAL;
        acc_csv_table *t;
        int rc = acc_csv_read_file(path, &t, err, errlen);
        if (rc)
            return rc == ACC_ENOMEM ? rc : ACC_EIO;
        int sc = col_of(t, "step"), yc = col_of(t, "year"), jc = col_of(t, "jurisdiction");
        if (sc < 0 || yc < 0 || jc < 0) {
            acc_errf(err, errlen, "%s: no step, year or jurisdiction column", path);
            acc_csv_table_free(t);
            return ACC_EIO;
        }
        int *mc = malloc((size_t)(nm ? nm : 1) * sizeof *mc);
        if (!mc) {
            acc_csv_table_free(t);
            return oom(err, errlen);
        }
        for (int m = 0; m < nm; m++)
            mc[m] = col_of(t, metrics[m]);
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
                    return oom(err, errlen);
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
            ts->year[step] = cell_num(t, r, yc);
            for (int m = 0; m < nm; m++) {
                double x = cell_num(t, r, mc[m]);
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

static int write_timeseries(acc_compare *c, const char *dir, int *written, int *diffs,
                            char *err, size_t errlen)
{
    *written = 0;
    *diffs = 0;
    /* The metric columns: the first run directory's header. */
    const char *first_dir = NULL;
    for (int i = 0; i < c->narms && !first_dir; i++)
        for (int d = 0; d < c->a[i].ndirs && !first_dir; d++) {
            char p[4096];
            if (snprintf(p, sizeof p, "%s/timeseries.csv", c->a[i].dirs[d]) < (int)sizeof p &&
                acc_io_is_file(p))
                first_dir = c->a[i].dirs[d];
        }
    if (!first_dir)
        return ACC_OK;
    char path[4096];
    acc_csv_table *t;
    snprintf(path, sizeof path, "%s/timeseries.csv", first_dir);
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
        return oom(err, errlen);
    }
    static const char *const skip[] = {"step", "year", "jurisdiction", NULL};
    for (size_t col = 0; col < acc_csv_ncols(t); col++)
        if (!str_in(acc_csv_header(t, col), skip) && (metrics[nm] = dup_str(acc_csv_header(t, col))))
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
            snprintf(p, sizeof p, "%s/timeseries.csv", c->a[i].dirs[0]) >= (int)sizeof p ||
            !acc_io_is_file(p))
            continue;
        rc = read_arm_ts(&c->a[i], c->jurisdiction, metrics, nm, &ts[i], err, errlen);
        has[i] = rc == ACC_OK;
        *written += has[i];
    }
    if (!rc)
        rc = write_ts_file(c, dir, "compare_timeseries.csv", ts, has, hdr, nm, 0, err, errlen);
    /* Differences from the first input, when it and another have series. */
    if (!rc && has[0] && *written > 1) {
        rc = write_ts_file(c, dir, "compare_difference.csv", ts, has, hdr, nm, 1, err, errlen);
        *diffs = rc == ACC_OK;
    }
    for (int i = 0; i < MAX_ARMS; i++)
        arm_ts_free(&ts[i]);
    free(ts);
    free_names(metrics, nm);
    free(hdr);
    return rc;
}

static int write_manifest(const acc_compare *c, const acc_compare_opts *o, int ts_arms,
                          int diffs, char *err, size_t errlen)
{
    char path[4096], now[32];
    int rc = acc_io_join(path, sizeof path, o->outdir, "manifest.json", err, errlen);
    if (rc)
        return rc;
    time_t tt = time(NULL);
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
    acc_atomic *af;
    acc_json *j;
    if ((rc = acc_json_open_atomic(path, &af, &j, err, errlen)))
        return rc;
    int bad = acc_json_begin_object(j) || acc_json_kstr(j, "kind", "compare") ||
              acc_json_key(j, "versions") || acc_json_begin_object(j) ||
              acc_json_kstr(j, "accord", ACCORD_VERSION) || acc_json_end_object(j) ||
              acc_json_kstr(j, "command", o->command_line ? o->command_line : "") ||
              acc_json_kstr(j, "created", now) || acc_json_kstr(j, "jurisdiction", c->jurisdiction) ||
              acc_json_knum(j, "level", c->level) || acc_json_key(j, "inputs") ||
              acc_json_begin_array(j);
    for (int i = 0; i < c->narms && !bad; i++) {
        const arm *a = &c->a[i];
        bad = acc_json_begin_object(j) || acc_json_kstr(j, "label", a->label) ||
              acc_json_kstr(j, "source", a->source) ||
              acc_json_kstr(j, "kind", a->sweep ? "sweep" : "run") ||
              acc_json_key(j, "scenario") || acc_json_begin_object(j) ||
              acc_json_kstr(j, "name", a->scenario) ||
              acc_json_kstr(j, "description", a->description ? a->description : "") ||
              acc_json_end_object(j) || acc_json_kstr(j, "settings", a->settings ? a->settings : "") ||
              acc_json_kint(j, "replications", a->nrep) ||
              acc_json_kbool(j, "paired_with_first", a->paired) ||
              acc_json_kbool(j, "timeseries", a->ndirs > 0) || acc_json_end_object(j);
    }
    bad = bad || acc_json_end_array(j) || acc_json_key(j, "outputs") || acc_json_begin_array(j) ||
          acc_json_string(j, "compare.csv") ||
          (ts_arms > 0 && acc_json_string(j, "compare_timeseries.csv")) ||
          (diffs && acc_json_string(j, "compare_difference.csv")) ||
          acc_json_end_array(j) ||
          acc_json_end_object(j) || acc_json_finish(j);
    return acc_json_commit(j, af, bad, err, errlen);
}

/* Union of the arms' outcome names: the first arm's order, then new ones. */
static int collect_outcomes(acc_compare *c, char *err, size_t errlen)
{
    int cap = 0;
    for (int i = 0; i < c->narms; i++)
        cap += c->a[i].nnames;
    c->outcomes = calloc((size_t)(cap ? cap : 1), sizeof *c->outcomes);
    if (!c->outcomes)
        return oom(err, errlen);
    for (int i = 0; i < c->narms; i++)
        for (int k = 0; k < c->a[i].nnames; k++)
            if (!name_in(c->a[i].names[k], c->outcomes, c->nout)) {
                if (!(c->outcomes[c->nout] = dup_str(c->a[i].names[k])))
                    return oom(err, errlen);
                c->nout++;
            }
    return ACC_OK;
}

int acc_compare_run(const acc_compare_opts *o, acc_compare **out, char *err, size_t errlen)
{
    *out = NULL;
    if (!o || o->n_inputs < 1 || o->n_inputs > MAX_ARMS || !o->inputs || !o->outdir) {
        acc_errf(err, errlen, "compare: give 1 to %d inputs and an output directory", MAX_ARMS);
        return ACC_EINVAL;
    }
    double level = o->level > 0 ? o->level : 0.95;
    if (!(level > 0 && level < 1)) {
        acc_errf(err, errlen, "compare: confidence level must be in (0, 1), got %g", level);
        return ACC_EINVAL;
    }
    const char *jur = o->jurisdiction && *o->jurisdiction ? o->jurisdiction : "all";
    acc_compare *c = calloc(1, sizeof *c);
    if (!c)
        return oom(err, errlen);
    c->level = level;
    snprintf(c->jurisdiction, sizeof c->jurisdiction, "%s", jur);
    int rc = ACC_OK;
    for (int i = 0; i < o->n_inputs && !rc; i++) {
        c->narms++;
        rc = load_arm(&c->a[i], o->inputs[i], err, errlen);
        if (!rc && c->a[i].nrep == 0) {
            acc_errf(err, errlen, "%s: no finished runs", o->inputs[i]);
            rc = ACC_EINVAL;
        }
    }
    if (rc)
        goto fail;
    /* Labels: given, else the scenario name, else the directory's name. */
    for (int i = 0; i < c->narms; i++) {
        arm *a = &c->a[i];
        if (o->labels) {
            if (!label_ok(o->labels[i])) {
                acc_errf(err, errlen, "label '%s': use letters, digits, '_', '-', '.' (at most "
                         "%d)", o->labels[i], LABEL_LEN - 1);
                rc = ACC_EINVAL;
                goto fail;
            }
            snprintf(a->label, sizeof a->label, "%s", o->labels[i]);
        } else {
            int dup = 0;
            for (int k = 0; k < c->narms; k++)
                dup += k != i && strcmp(c->a[k].scenario, a->scenario) == 0;
            if (a->scenario[0] && !dup && !strchr(a->source, ','))
                acc_io_copy(a->label, sizeof a->label, a->scenario);
            else if (!strchr(a->source, ','))
                base_name(a->source, a->label, sizeof a->label);
            else
                acc_io_copy(a->label, sizeof a->label, a->scenario[0] ? a->scenario : "input");
            sanitize_label(a->label);
            if (!a->label[0])
                snprintf(a->label, sizeof a->label, "input%d", i + 1);
        }
    }
    for (int i = 1; i < c->narms; i++)
        for (int k = 0; k < i; k++)
            if (strcmp(c->a[i].label, c->a[k].label) == 0) {
                if (o->labels) {
                    acc_errf(err, errlen, "label '%s' given twice", c->a[i].label);
                    rc = ACC_EINVAL;
                    goto fail;
                }
                char num[16];
                snprintf(num, sizeof num, "_%d", i + 1);
                size_t room = sizeof c->a[i].label - strlen(num) - 1;
                if (strlen(c->a[i].label) > room)
                    c->a[i].label[room] = '\0';
                strcat(c->a[i].label, num);
                k = -1; /* check again */
            }
    if ((rc = collect_outcomes(c, err, errlen)))
        goto fail;
    c->cells = calloc((size_t)c->narms * (size_t)(c->nout ? c->nout : 1), sizeof *c->cells);
    if (!c->cells) {
        rc = oom(err, errlen);
        goto fail;
    }
    for (int i = 1; i < c->narms; i++)
        c->a[i].paired = same_keys(&c->a[0], &c->a[i]);
    for (int k = 0; k < c->nout; k++) {
        acc_compare_cell *c0 = &c->cells[k];
        int col0 = arm_col(&c->a[0], c->outcomes[k]);
        cell_stats(&c->a[0], col0, level, c0);
        for (int i = 1; i < c->narms; i++) {
            acc_compare_cell *ci = &c->cells[(size_t)i * (size_t)c->nout + (size_t)k];
            int coli = arm_col(&c->a[i], c->outcomes[k]);
            cell_stats(&c->a[i], coli, level, ci);
            diff_stats(&c->a[0], col0, &c->a[i], coli, c->a[i].paired, level, c0, ci);
        }
    }
    int ts_arms = 0, diffs = 0;
    if ((rc = acc_io_check_outdir_kind(o->outdir, "compare", err, errlen)) ||
        (rc = acc_io_mkdir_p(o->outdir, err, errlen)) ||
        (rc = write_table(c, o->outdir, err, errlen)) ||
        (rc = write_timeseries(c, o->outdir, &ts_arms, &diffs, err, errlen)) ||
        (rc = write_manifest(c, o, ts_arms, diffs, err, errlen)))
        goto fail;
    /* An earlier comparison in the same directory must not leave series
     * that this one does not have. */
    char stale[4200];
    if (!ts_arms && snprintf(stale, sizeof stale, "%s/compare_timeseries.csv", o->outdir) <
                        (int)sizeof stale)
        unlink(stale);
    if (!diffs && snprintf(stale, sizeof stale, "%s/compare_difference.csv", o->outdir) <
                      (int)sizeof stale)
        unlink(stale);
    *out = c;
    return ACC_OK;
fail:
    acc_compare_free(c);
    return rc;
}

/* ---- loading a comparison back --------------------------------------------------- */

int acc_compare_load(const char *dir, acc_compare **out, char *err, size_t errlen)
{
    *out = NULL;
    char path[4096];
    acc_jdoc *d = NULL;
    acc_csv_table *t = NULL;
    int rc = acc_io_join(path, sizeof path, dir, "manifest.json", err, errlen);
    if (rc)
        return rc;
    if ((rc = acc_jdoc_read_file(path, &d, err, errlen)))
        return rc == ACC_EINVAL ? ACC_EIO : rc;
    const acc_jval *root = acc_jdoc_root(d);
    const acc_jval *inputs = acc_jval_get(root, "inputs");
    const char *kind = acc_jval_str(acc_jval_get(root, "kind"));
    if (!kind || strcmp(kind, "compare") != 0 || acc_jval_len(inputs) < 1 ||
        acc_jval_len(inputs) > MAX_ARMS) {
        acc_errf(err, errlen, "%s: not a comparison manifest", path);
        acc_jdoc_free(d);
        return ACC_EIO;
    }
    acc_compare *c = calloc(1, sizeof *c);
    if (!c) {
        acc_jdoc_free(d);
        return oom(err, errlen);
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
        a->source = dup_str(acc_jval_str(acc_jval_get(in, "source")));
        const char *sn = acc_jval_str(acc_jval_path(in, "scenario.name"));
        snprintf(a->scenario, sizeof a->scenario, "%s", sn ? sn : "");
        a->description = dup_str(acc_jval_str(acc_jval_path(in, "scenario.description")));
        a->settings = dup_str(acc_jval_str(acc_jval_get(in, "settings")));
        a->paired = acc_jval_bool(acc_jval_get(in, "paired_with_first"));
        a->sweep = acc_jval_str(acc_jval_get(in, "kind")) &&
                   strcmp(acc_jval_str(acc_jval_get(in, "kind")), "sweep") == 0;
        double n = acc_jval_num(acc_jval_get(in, "replications"));
        a->n_loaded = isfinite(n) && n >= 0 && n < 1e9 ? (int)n : 0;
        if (!a->source || !a->description || !a->settings || !label_ok(a->label)) {
            rc = a->source && a->description && a->settings ? ACC_EIO : ACC_ENOMEM;
            acc_errf(err, errlen, "%s: input %zu has %s", path, i + 1,
                     rc == ACC_EIO ? "a bad label" : "(out of memory)");
            goto fail;
        }
    }
    if ((rc = acc_io_join(path, sizeof path, dir, "compare.csv", err, errlen)))
        goto fail;
    if ((rc = acc_csv_read_file(path, &t, err, errlen))) {
        rc = rc == ACC_ENOMEM ? rc : ACC_EIO;
        goto fail;
    }
    int oc = col_of(t, "outcome");
    c->nout = 0;
    c->outcomes = calloc(acc_csv_nrows(t) + 1, sizeof *c->outcomes);
    c->cells = calloc((size_t)c->narms * (acc_csv_nrows(t) + 1), sizeof *c->cells);
    if (!c->outcomes || !c->cells) {
        rc = oom(err, errlen);
        goto fail;
    }
    if (oc < 0) {
        acc_errf(err, errlen, "%s: no outcome column", path);
        rc = ACC_EIO;
        goto fail;
    }
    size_t nr = acc_csv_nrows(t);
    for (size_t r = 0; r < nr; r++) {
        if (!(c->outcomes[r] = dup_str(acc_csv_cell(t, r, (size_t)oc)))) {
            rc = oom(err, errlen);
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
            cols[s] = col_of(t, name);
            if (cols[s] < 0 && (s < 5 || i > 0)) {
                acc_errf(err, errlen, "%s: no column '%s'", path, name);
                rc = ACC_EIO;
                goto fail;
            }
        }
        for (size_t r = 0; r < nr; r++) {
            acc_compare_cell *x = &c->cells[(size_t)i * nr + r];
            x->mean = cell_num(t, r, cols[0]);
            double n = cell_num(t, r, cols[1]);
            x->n = isfinite(n) && n >= 0 && n < 1e9 ? (int)n : 0;
            x->sd = cell_num(t, r, cols[2]);
            x->lo = cell_num(t, r, cols[3]);
            x->hi = cell_num(t, r, cols[4]);
            x->diff = cell_num(t, r, cols[5]);
            x->diff_lo = cell_num(t, r, cols[6]);
            x->diff_hi = cell_num(t, r, cols[7]);
            x->diff_pct = cell_num(t, r, cols[8]);
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

/* ---- accessors ------------------------------------------------------------------- */

int acc_compare_narms(const acc_compare *c) { return c ? c->narms : 0; }

static const arm *arm_at(const acc_compare *c, int i)
{
    return c && i >= 0 && i < c->narms ? &c->a[i] : NULL;
}

const char *acc_compare_label(const acc_compare *c, int i)
{
    const arm *a = arm_at(c, i);
    return a ? a->label : "";
}

const char *acc_compare_scenario(const acc_compare *c, int i)
{
    const arm *a = arm_at(c, i);
    return a ? a->scenario : "";
}

const char *acc_compare_description(const acc_compare *c, int i)
{
    const arm *a = arm_at(c, i);
    return a && a->description ? a->description : "";
}

const char *acc_compare_settings(const acc_compare *c, int i)
{
    const arm *a = arm_at(c, i);
    return a && a->settings ? a->settings : "";
}

const char *acc_compare_source(const acc_compare *c, int i)
{
    const arm *a = arm_at(c, i);
    return a && a->source ? a->source : "";
}

int acc_compare_paired(const acc_compare *c, int i)
{
    const arm *a = arm_at(c, i);
    return a ? a->paired : 0;
}

int acc_compare_noutcomes(const acc_compare *c) { return c ? c->nout : 0; }

const char *acc_compare_outcome(const acc_compare *c, int k)
{
    return c && k >= 0 && k < c->nout ? c->outcomes[k] : NULL;
}

int acc_compare_find(const acc_compare *c, const char *outcome)
{
    for (int k = 0; c && outcome && k < c->nout; k++)
        if (strcmp(c->outcomes[k], outcome) == 0)
            return k;
    return -1;
}

const acc_compare_cell *acc_compare_get(const acc_compare *c, int i, int k)
{
    if (!c || i < 0 || i >= c->narms || k < 0 || k >= c->nout)
        return NULL;
    return &c->cells[(size_t)i * (size_t)c->nout + (size_t)k];
}

double acc_compare_level(const acc_compare *c) { return c ? c->level : NAN; }

const char *acc_compare_jurisdiction(const acc_compare *c) { return c ? c->jurisdiction : ""; }

/* ---- the terminal table ------------------------------------------------------------ */

static int arm_reps(const acc_compare *c, int i)
{
    const arm *a = &c->a[i];
    return a->n_loaded ? a->n_loaded : a->nrep;
}

void acc_compare_print(const acc_compare *c, FILE *f, int all, int width)
{
    if (!c || !f)
        return;
    int rows[256], nrows = 0;
    if (!all) {
        for (int i = 0; acc_compare_key_outcomes[i] && nrows < 256; i++) {
            int k = acc_compare_find(c, acc_compare_key_outcomes[i]);
            if (k >= 0)
                rows[nrows++] = k;
        }
    }
    if (all || nrows < 3) {
        nrows = 0;
        for (int k = 0; k < c->nout && nrows < 256; k++)
            rows[nrows++] = k;
    }
    int any_ci = 0;
    for (int i = 0; i < c->narms; i++)
        any_ci |= arm_reps(c, i) > 1;
    fprintf(f, "compared%s:\n", any_ci ? " (mean ± half-width of the interval over replications)" : "");
    for (int i = 0; i < c->narms; i++) {
        int n = arm_reps(c, i);
        fprintf(f, "  [%d] %-20s %s  (%d %s%s%s)%s%s\n", i + 1, c->a[i].label, c->a[i].source, n,
                c->a[i].sweep ? "sweep run" : "run", n == 1 ? "" : "s",
                c->a[i].paired ? ", paired with [1]" : "",
                c->a[i].settings && *c->a[i].settings ? "  " : "",
                c->a[i].settings ? c->a[i].settings : "");
    }
    /* Cell texts, then column widths. */
    enum { CELL = 96 };
    size_t ncells = (size_t)(nrows > 0 ? nrows : 1) * (size_t)(c->narms > 0 ? c->narms : 1);
    char(*text)[CELL] = calloc(ncells, CELL);
    if (!text)
        return;
    int namew = 7, colw[MAX_ARMS];
    for (int i = 0; i < c->narms; i++)
        colw[i] = 3;
    int starred = 0;
    for (int r = 0; r < nrows; r++) {
        int k = rows[r];
        int l = (int)strlen(c->outcomes[k]);
        namew = l > namew ? l : namew;
        for (int i = 0; i < c->narms; i++) {
            const acc_compare_cell *x = &c->cells[(size_t)i * (size_t)c->nout + (size_t)k];
            char v[24], hw[32] = "", pct[32] = "";
            acc_io_fmt_human(v, sizeof v, x->mean);
            if (isfinite(x->lo) && isfinite(x->hi)) {
                char h[24];
                acc_io_fmt_human(h, sizeof h, (x->hi - x->lo) / 2);
                snprintf(hw, sizeof hw, " ±%s", h);
            }
            if (i > 0) {
                int star = isfinite(x->diff_lo) && isfinite(x->diff_hi) &&
                           (x->diff_lo > 0 || x->diff_hi < 0);
                starred |= star;
                if (isfinite(x->diff_pct))
                    snprintf(pct, sizeof pct, " (%+.1f%%%s)", x->diff_pct, star ? "*" : "");
                else if (isfinite(x->diff) && x->diff != 0)
                    snprintf(pct, sizeof pct, " (%+.3g%s)", x->diff, star ? "*" : "");
                else if (isfinite(x->diff))
                    snprintf(pct, sizeof pct, " (=)");
            }
            char *cell = text[(size_t)r * (size_t)c->narms + (size_t)i];
            snprintf(cell, CELL, "%s%s%s", v, hw, pct);
            int cl = (int)strlen(cell);
            /* "±" is two bytes but one column. */
            if (hw[0])
                cl--;
            colw[i] = cl > colw[i] ? cl : colw[i];
        }
    }
    int total = namew;
    for (int i = 0; i < c->narms; i++)
        total += 2 + colw[i];
    if (width > 0 && total > width && namew > 16)
        namew = namew - (total - width) > 16 ? namew - (total - width) : 16;
    fprintf(f, "\n%-*s", namew, "outcome");
    for (int i = 0; i < c->narms; i++) {
        char h[16];
        snprintf(h, sizeof h, "[%d]", i + 1);
        fprintf(f, "  %*s", colw[i], h);
    }
    fputc('\n', f);
    for (int r = 0; r < nrows; r++) {
        fprintf(f, "%-*.*s", namew, namew, c->outcomes[rows[r]]);
        for (int i = 0; i < c->narms; i++) {
            const char *cell = text[(size_t)r * (size_t)c->narms + (size_t)i];
            int pad = colw[i] - ((int)strlen(cell) - (strstr(cell, "±") ? 1 : 0));
            fprintf(f, "  %*s%s", pad > 0 ? pad : 0, "", cell);
        }
        fputc('\n', f);
    }
    if (c->narms > 1)
        fprintf(f, "\n(%%) change from [1]%s\n",
                starred ? "; * its interval excludes 0 (a difference beyond the run-to-run noise)" : "");
    free(text);
}
