/* accord report — `accord discover`: PRIM over the runs of a sweep, the
 * points of a calibration or any CSV (report/discover.h).
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
#include "report/calibrate.h"
#include "report/discover.h"
#include "report/plot_int.h"

#define MAX_PARAMS 256

struct acc_discover {
    char outdir[4096];
    char file[4096];           /* the CSV read */
    char outcome[256];
    acc_discover_rule rule;
    double threshold, cut;     /* the option's value; the value that splits */
    size_t n_params;
    char **names;              /* parameter columns */
    size_t n_rows, n_skipped_status, n_skipped_na, n_filtered;
    size_t n_settings;         /* distinct parameter vectors among the rows used */
    int has_status;            /* the file has a status column (runs.csv) */
    double **x;                /* n_params columns of n_rows */
    unsigned char *y;
    acc_prim_opts prim;
    acc_prim_result *res;
    size_t chosen;
    double *p;                 /* quasi-p-values of the chosen box */
    double min_density;        /* --min-density (0: none) */
    char left_out[1024];       /* columns not taken as parameters although some of
                                * their cells are numbers: "a (line 5: 'NA'), ..." */
    char cal_cols[1024];       /* a calibration directory's calibration.csv columns (it
                                * lacked the outcome, so runs.csv is read), for the message */
};

void acc_discover_free(acc_discover *d)
{
    if (!d)
        return;
    for (size_t j = 0; j < d->n_params; j++) {
        if (d->names)
            free(d->names[j]);
        if (d->x)
            free(d->x[j]);
    }
    free(d->names);
    free(d->x);
    free(d->y);
    free(d->p);
    acc_prim_free(d->res);
    free(d);
}

const char *acc_discover_outdir(const acc_discover *d) { return d->outdir; }
const acc_prim_result *acc_discover_prim(const acc_discover *d) { return d->res; }
size_t acc_discover_chosen(const acc_discover *d) { return d->chosen; }

static int oom(char *err, size_t errlen)
{
    acc_errf(err, errlen, "discover: out of memory");
    return ACC_ENOMEM;
}

static int is_id_col(const char *h)
{
    static const char *const ids[] = {"run", "point", "rep", "seed", "status"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        if (strcmp(h, ids[i]) == 0)
            return 1;
    return 0;
}

/* The parameter columns a sweep's manifest names, into d->names. */
static int params_from_manifest(acc_discover *d, const char *dir, char *err, size_t errlen)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/" ACC_FILE_MANIFEST, dir);
    acc_jdoc *doc;
    int rc = acc_jdoc_read_file(path, &doc, err, errlen);
    if (rc)
        return rc;
    const acc_jval *ps = acc_jval_get(acc_jdoc_root(doc), "parameters");
    size_t n = acc_jval_len(ps);
    if (!ps || acc_jval_type(ps) != ACC_JARRAY || n == 0 || n > MAX_PARAMS) {
        acc_errf(err, errlen, "%s: no varied parameters listed (\"parameters\"); give "
                 "--params", path);
        acc_jdoc_free(doc);
        return ACC_EINVAL;
    }
    d->names = calloc(n, sizeof *d->names);
    if (!d->names) {
        acc_jdoc_free(doc);
        return oom(err, errlen);
    }
    for (size_t i = 0; i < n; i++) {
        const acc_jval *p = acc_jval_at(ps, i);
        const char *c = acc_jval_str(acc_jval_get(p, "column"));
        if (!c)
            c = acc_jval_str(acc_jval_get(p, "name"));
        if (!c) {
            acc_errf(err, errlen, "%s: parameter %zu has no name", path, i + 1);
            acc_jdoc_free(doc);
            return ACC_EINVAL;
        }
        d->names[d->n_params] = strdup(c);
        if (!d->names[d->n_params++]) {
            acc_jdoc_free(doc);
            return oom(err, errlen);
        }
    }
    acc_jdoc_free(doc);
    return ACC_OK;
}

/* Every column but the outcome and the id columns whose cells are all numbers. */
static int params_auto(acc_discover *d, const acc_csv_table *t, size_t out_col, char *err,
                       size_t errlen)
{
    size_t nc = acc_csv_ncols(t);
    d->names = calloc(nc, sizeof *d->names);
    if (!d->names)
        return oom(err, errlen);
    for (size_t c = 0; c < nc; c++) {
        if (c == out_col || is_id_col(acc_csv_header(t, c)))
            continue;
        int numeric = acc_csv_nrows(t) > 0, some = 0;
        size_t r = 0;
        for (; r < acc_csv_nrows(t) && numeric; r++) {
            double v;
            numeric = acc_csv_number(t, r, c, &v, NULL, 0) == ACC_OK && isfinite(v);
            some |= numeric;
        }
        if (!numeric) {
            /* a column of numbers with a gap: say so, it may be a parameter */
            for (size_t q = r; q < acc_csv_nrows(t) && !some; q++) {
                double v;
                some = acc_csv_number(t, q, c, &v, NULL, 0) == ACC_OK && isfinite(v);
            }
            size_t len = strlen(d->left_out);
            if (some && len + 1 < sizeof d->left_out)
                snprintf(d->left_out + len, sizeof d->left_out - len, "%s%.60s (line %ld: "
                         "'%.30s')", len ? ", " : "", acc_csv_header(t, c),
                         acc_csv_row_line(t, r - 1), acc_csv_cell(t, r - 1, c));
            continue;
        }
        if (d->n_params >= MAX_PARAMS) {
            acc_errf(err, errlen, "%s: more than %d numeric columns; choose with --params",
                     acc_csv_label(t), MAX_PARAMS);
            return ACC_EINVAL;
        }
        if (!(d->names[d->n_params++] = strdup(acc_csv_header(t, c))))
            return oom(err, errlen);
    }
    if (d->n_params == 0) {
        acc_errf(err, errlen, "%s: no numeric parameter column besides '%s'", acc_csv_label(t),
                 d->outcome);
        return ACC_EINVAL;
    }
    return ACC_OK;
}

/* Which file of a directory holds the outcome. */
static int choose_file(acc_discover *d, const char *dir, char *err, size_t errlen)
{
    char cal[4200];
    snprintf(cal, sizeof cal, "%s/%s", dir, ACC_FILE_CALIBRATION);
    if (acc_io_is_file(cal)) {
        acc_csv_table *t;
        if (acc_csv_read_file(cal, &t, err, errlen) == ACC_OK) {
            size_t c;
            int has = acc_csv_col(t, d->outcome, &c, NULL, 0) == ACC_OK;
            if (!has) /* its columns, should runs.csv lack the outcome too */
                acc_csv_col(t, d->outcome, &c, d->cal_cols, sizeof d->cal_cols);
            acc_csv_table_free(t);
            if (has) {
                acc_io_copy(d->file, sizeof d->file, cal);
                return ACC_OK;
            }
        }
    }
    snprintf(d->file, sizeof d->file, "%s/" ACC_FILE_RUNS, dir);
    if (!acc_io_is_file(d->file)) {
        char cp[4200];
        snprintf(cp, sizeof cp, "%s/compare_points.csv", dir);
        acc_errf(err, errlen, "%s: not a sweep or calibration directory (no " ACC_FILE_RUNS
                 ")%s%s", dir, acc_io_is_file(cp) ? "; for the paired effects give the file: "
                 : "", acc_io_is_file(cp) ? cp : "");
        return ACC_EIO;
    }
    return ACC_OK;
}

static int row_passes(const acc_csv_table *t, size_t r, const size_t *fcol,
                      const char *const *fval, int nf)
{
    for (int k = 0; k < nf; k++)
        if (strcmp(acc_csv_cell(t, r, fcol[k]), fval[k]) != 0)
            return 0;
    return 1;
}

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, z = *(const double *)b;
    return (x < z) - (x > z);
}

/* Labels from the outcome values v[n]. */
static int label_rows(acc_discover *d, const double *v, char *err, size_t errlen)
{
    size_t n = d->n_rows;
    if (d->rule == ACC_DISCOVER_TOP) {
        double *s = malloc(n * sizeof *s);
        if (!s)
            return oom(err, errlen);
        memcpy(s, v, n * sizeof *s);
        qsort(s, n, sizeof *s, cmp_desc);
        size_t k = (size_t)ceil(d->threshold * (double)n);
        if (k < 1)
            k = 1;
        d->cut = s[k - 1];
        free(s);
    } else {
        d->cut = d->threshold;
    }
    size_t cases = 0;
    for (size_t i = 0; i < n; i++) {
        d->y[i] = d->rule == ACC_DISCOVER_ABOVE   ? v[i] > d->cut
                  : d->rule == ACC_DISCOVER_BELOW ? v[i] < d->cut
                                                  : v[i] >= d->cut;
        cases += d->y[i];
    }
    if (cases == 0) {
        acc_errf(err, errlen, "%s: none of the %zu rows have %s %s %.6g: PRIM needs at least one "
                 "case (choose another threshold)", d->file, n, d->outcome,
                 d->rule == ACC_DISCOVER_BELOW ? "<" : d->rule == ACC_DISCOVER_ABOVE ? ">" : ">=",
                 d->cut);
        return ACC_EINVAL;
    }
    return ACC_OK;
}

typedef struct setting {
    const double *v; /* d values, row-major */
    size_t d;
} setting;

static int setting_cmp(const void *a, const void *b)
{
    const setting *p = a, *q = b;
    for (size_t j = 0; j < p->d; j++)
        if (p->v[j] != q->v[j])
            return (p->v[j] > q->v[j]) - (p->v[j] < q->v[j]);
    return 0;
}

/* How many distinct parameter vectors the rows have (fewer than the rows:
 * replications, or a grid's repeated levels in every parameter). */
static int count_settings(acc_discover *d, char *err, size_t errlen)
{
    size_t n = d->n_rows, dim = d->n_params;
    double *vals = malloc(n * dim * sizeof *vals);
    setting *s = malloc(n * sizeof *s);
    if (!vals || !s) {
        free(vals);
        free(s);
        return oom(err, errlen);
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < dim; j++)
            vals[i * dim + j] = d->x[j][i];
        s[i].v = vals + i * dim;
        s[i].d = dim;
    }
    qsort(s, n, sizeof *s, setting_cmp);
    d->n_settings = n > 0;
    for (size_t i = 1; i < n; i++)
        d->n_settings += setting_cmp(&s[i - 1], &s[i]) != 0;
    free(vals);
    free(s);
    return ACC_OK;
}

static int read_data(acc_discover *d, const acc_discover_opts *o, char *err, size_t errlen)
{
    acc_csv_table *t;
    int rc = acc_csv_read_file(d->file, &t, err, errlen);
    if (rc)
        return rc;
    size_t oc, sc = 0, fcol[16];
    const char *fval[16];
    double *v = NULL;
    size_t *pc = NULL;
    int has_status = d->has_status = acc_csv_col(t, "status", &sc, NULL, 0) == ACC_OK;
    if ((rc = acc_csv_col(t, d->outcome, &oc, err, errlen))) {
        size_t n = strlen(err);
        if (d->cal_cols[0] && n + 2 < errlen) /* ... and the calibration's own table */
            snprintf(err + n, errlen - n, "; %s", d->cal_cols);
        goto done;
    }
    if (o->n_filters > 16) {
        acc_errf(err, errlen, "at most 16 --filter options");
        rc = ACC_EINVAL;
        goto done;
    }
    for (int k = 0; k < o->n_filters; k++) {
        const char *eq = strchr(o->filters[k], '=');
        char name[256];
        if (!eq || eq == o->filters[k] || (size_t)(eq - o->filters[k]) >= sizeof name) {
            acc_errf(err, errlen, "--filter needs column=value, got '%s'", o->filters[k]);
            rc = ACC_EINVAL;
            goto done;
        }
        snprintf(name, sizeof name, "%.*s", (int)(eq - o->filters[k]), o->filters[k]);
        if ((rc = acc_csv_col(t, name, &fcol[k], err, errlen)))
            goto done;
        fval[k] = eq + 1;
    }
    if (!d->names && (rc = params_auto(d, t, oc, err, errlen)))
        goto done;
    size_t nr = acc_csv_nrows(t);
    pc = calloc(d->n_params, sizeof *pc);
    v = malloc((nr ? nr : 1) * sizeof *v);
    d->x = calloc(d->n_params, sizeof *d->x);
    d->y = malloc(nr ? nr : 1);
    if (!pc || !v || !d->x || !d->y) {
        rc = oom(err, errlen);
        goto done;
    }
    for (size_t j = 0; j < d->n_params; j++) {
        if ((rc = acc_csv_col(t, d->names[j], &pc[j], err, errlen)))
            goto done;
        if (pc[j] == oc) {
            acc_errf(err, errlen, "%s: '%s' is the outcome; it cannot be a parameter too",
                     d->file, d->outcome);
            rc = ACC_EINVAL;
            goto done;
        }
        if (!(d->x[j] = malloc((nr ? nr : 1) * sizeof *d->x[j]))) {
            rc = oom(err, errlen);
            goto done;
        }
    }
    for (size_t r = 0; r < nr; r++) {
        if (has_status && strcmp(acc_csv_cell(t, r, sc), "ok") != 0) {
            d->n_skipped_status++;
            continue;
        }
        if (!row_passes(t, r, fcol, fval, o->n_filters)) {
            d->n_filtered++;
            continue;
        }
        double val;
        if ((rc = acc_csv_number(t, r, oc, &val, err, errlen)))
            goto done;
        if (isnan(val)) { /* NA; inf (an implausibility, say) is a value, compared */
            d->n_skipped_na++;
            continue;
        }
        for (size_t j = 0; j < d->n_params; j++) {
            double xv;
            if ((rc = acc_csv_number(t, r, pc[j], &xv, err, errlen)))
                goto done;
            if (!isfinite(xv)) {
                acc_errf(err, errlen, "%s:%ld: column '%s': '%s' is not a finite number",
                         d->file, acc_csv_row_line(t, r), d->names[j], acc_csv_cell(t, r, pc[j]));
                rc = ACC_EINVAL;
                goto done;
            }
            d->x[j][d->n_rows] = xv;
        }
        v[d->n_rows++] = val;
    }
    if (d->n_rows < 2) {
        char not_ok[48] = "";
        if (has_status)
            snprintf(not_ok, sizeof not_ok, "%zu not ok, ", d->n_skipped_status);
        acc_errf(err, errlen, "%s: %zu usable rows (of %zu: %s%zu filtered out, %zu with %s "
                 "missing); PRIM needs at least 2", d->file, d->n_rows, nr, not_ok,
                 d->n_filtered, d->n_skipped_na, d->outcome);
        rc = ACC_EINVAL;
        goto done;
    }
    if (!(rc = label_rows(d, v, err, errlen)))
        rc = count_settings(d, err, errlen);
done:
    free(v);
    free(pc);
    acc_csv_table_free(t);
    return rc;
}

/* ---- outputs -------------------------------------------------------------------- */

static int write_trajectory(const acc_discover *d, char *err, size_t errlen)
{
    static const char *const hdr[] = {"step", "n", "cases", "support", "density",
                                      "coverage", "n_restricted", "chosen"};
    char path[4200];
    snprintf(path, sizeof path, "%s/" ACC_FILE_DISCOVER_TRAJ, d->outdir);
    acc_atomic *af;
    acc_csv_writer *w;
    int rc = acc_csv_open_atomic(path, 8, hdr, &af, &w, err, errlen);
    if (rc)
        return rc;
    for (size_t b = 0; b < d->res->n_boxes && !rc; b++) {
        const acc_prim_box *B = &d->res->box[b];
        rc = acc_csv_put_int(w, (long long)b) || acc_csv_put_int(w, (long long)B->n_in) ||
             acc_csv_put_int(w, (long long)B->cases_in) || acc_csv_put_double(w, B->support) ||
             acc_csv_put_double(w, B->density) || acc_csv_put_double(w, B->coverage) ||
             acc_csv_put_int(w, B->n_restricted) || acc_csv_put_int(w, b == d->chosen) ||
             acc_csv_end_row(w);
    }
    return acc_csv_close_atomic(w, af, 1, err, errlen);
}

static int write_boxes(const acc_discover *d, char *err, size_t errlen)
{
    static const char *const hdr[] = {"step", "parameter", "lower", "upper", "restricted"};
    char path[4200];
    snprintf(path, sizeof path, "%s/" ACC_FILE_DISCOVER_BOXES, d->outdir);
    acc_atomic *af;
    acc_csv_writer *w;
    int rc = acc_csv_open_atomic(path, 5, hdr, &af, &w, err, errlen);
    if (rc)
        return rc;
    for (size_t b = 0; b < d->res->n_boxes && !rc; b++)
        for (size_t j = 0; j < d->n_params && !rc; j++)
            rc = acc_csv_put_int(w, (long long)b) || acc_csv_put_str(w, d->names[j]) ||
                 acc_csv_put_double(w, d->res->box[b].lo[j]) ||
                 acc_csv_put_double(w, d->res->box[b].hi[j]) ||
                 acc_csv_put_int(w, acc_prim_restricted(d->res, b, j)) || acc_csv_end_row(w);
    return acc_csv_close_atomic(w, af, 1, err, errlen);
}

static int write_box(const acc_discover *d, char *err, size_t errlen)
{
    static const char *const hdr[] = {"parameter", "lower", "upper", "min", "max",
                                      "restricted", "quasi_p", "lower_01", "upper_01"};
    char path[4200];
    snprintf(path, sizeof path, "%s/" ACC_FILE_DISCOVER_BOX, d->outdir);
    acc_atomic *af;
    acc_csv_writer *w;
    int rc = acc_csv_open_atomic(path, 9, hdr, &af, &w, err, errlen);
    if (rc)
        return rc;
    const acc_prim_box *B = &d->res->box[d->chosen];
    for (size_t j = 0; j < d->n_params && !rc; j++) {
        double mn = d->res->min[j], mx = d->res->max[j], span = mx - mn;
        rc = acc_csv_put_str(w, d->names[j]) || acc_csv_put_double(w, B->lo[j]) ||
             acc_csv_put_double(w, B->hi[j]) || acc_csv_put_double(w, mn) ||
             acc_csv_put_double(w, mx) ||
             acc_csv_put_int(w, acc_prim_restricted(d->res, d->chosen, j)) ||
             acc_csv_put_double(w, d->p[j]) ||
             acc_csv_put_double(w, span > 0 ? (B->lo[j] - mn) / span : 0) ||
             acc_csv_put_double(w, span > 0 ? (B->hi[j] - mn) / span : 1) || acc_csv_end_row(w);
    }
    return acc_csv_close_atomic(w, af, 1, err, errlen);
}

static const char *rule_name(acc_discover_rule r)
{
    return r == ACC_DISCOVER_ABOVE ? "above" : r == ACC_DISCOVER_BELOW ? "below" : "top";
}

static int write_manifest(const acc_discover *d, const acc_discover_opts *o, char *err,
                          size_t errlen)
{
    static const char *const outs[] = {ACC_FILE_DISCOVER_TRAJ, ACC_FILE_DISCOVER_BOXES,
                                       ACC_FILE_DISCOVER_BOX};
    char path[4200], now[64];
    snprintf(path, sizeof path, "%s/" ACC_FILE_MANIFEST, d->outdir);
    acc_utc_now(now, sizeof now, ACC_UTC_ISO8601);
    acc_atomic *af;
    acc_json *j;
    int rc = acc_json_open_atomic(path, &af, &j, err, errlen);
    if (rc)
        return rc;
    int bad = acc_json_begin_object(j) || acc_json_kstr(j, "kind", ACC_KIND_DISCOVER) ||
              acc_layout_versions(j, NULL, GSL_VERSION) ||
              acc_json_kstr(j, "command", o->command_line ? o->command_line : "") ||
              acc_json_kstr(j, "created", now) || acc_json_kstr(j, "input", o->input) ||
              acc_json_kstr(j, "file", d->file) || acc_json_kstr(j, "outcome", d->outcome) ||
              acc_json_kstr(j, "rule", rule_name(d->rule)) ||
              acc_json_knum(j, "threshold", d->threshold) ||
              acc_json_knum(j, "cut", d->cut) || acc_json_key(j, "parameters") ||
              acc_json_begin_array(j);
    for (size_t k = 0; k < d->n_params && !bad; k++)
        bad = acc_json_string(j, d->names[k]);
    bad = bad || acc_json_end_array(j) || acc_json_kstr(j, "columns_left_out", d->left_out) ||
          acc_json_key(j, "filters") || acc_json_begin_array(j);
    for (int k = 0; k < o->n_filters && !bad; k++)
        bad = acc_json_string(j, o->filters[k]);
    bad = bad || acc_json_end_array(j) || acc_json_key(j, "rows") || acc_json_begin_object(j) ||
          acc_json_kint(j, "used", (long long)d->n_rows) ||
          acc_json_kint(j, "cases", (long long)d->res->cases) ||
          acc_json_kint(j, "not_ok", (long long)d->n_skipped_status) ||
          acc_json_kint(j, "filtered_out", (long long)d->n_filtered) ||
          acc_json_kint(j, "outcome_missing", (long long)d->n_skipped_na) ||
          acc_json_kint(j, "settings", (long long)d->n_settings) ||
          acc_json_end_object(j) || acc_json_key(j, "prim") || acc_json_begin_object(j) ||
          acc_json_knum(j, "alpha", d->prim.alpha) ||
          acc_json_knum(j, "paste_alpha", d->prim.paste_alpha) ||
          acc_json_kbool(j, "paste", d->prim.paste) ||
          acc_json_knum(j, "min_support", d->prim.min_support) ||
          acc_json_knum(j, "min_density", o->min_density) ||
          acc_json_kint(j, "step_requested", o->step) ||
          acc_json_kint(j, "chosen_step", (long long)d->chosen) || acc_json_end_object(j) ||
          acc_json_key(j, "outputs") || acc_json_begin_array(j);
    for (size_t k = 0; k < sizeof outs / sizeof outs[0] && !bad; k++) {
        char f[4300], hex[ACC_SHA256_HEXLEN];
        snprintf(f, sizeof f, "%s/%s", d->outdir, outs[k]);
        if (acc_sha256_file(f, hex, err, errlen)) {
            acc_json_commit(j, af, 1, NULL, 0);
            return ACC_EIO;
        }
        bad = acc_json_begin_object(j) || acc_json_kstr(j, "file", outs[k]) ||
              acc_json_kstr(j, "sha256", hex) || acc_json_end_object(j);
    }
    bad = bad || acc_json_end_array(j);
    /* the input sweep's "sources", where it has them */
    if (!bad) {
        char dir[4200];
        const char *slash = strrchr(o->input, '/');
        if (acc_io_is_dir(o->input))
            acc_io_copy(dir, sizeof dir, o->input);
        else if (slash)
            snprintf(dir, sizeof dir, "%.*s", slash == o->input ? 1 : (int)(slash - o->input), o->input);
        else
            acc_io_copy(dir, sizeof dir, ".");
        bad = acc_layout_copy_sources(j, dir);
    }
    bad = bad || acc_json_end_object(j) || acc_json_finish(j);
    return acc_json_commit(j, af, bad, err, errlen);
}

/* ---- the command ------------------------------------------------------------------ */

static int default_outdir(acc_discover *d, const acc_discover_opts *o, int is_dir)
{
    if (o->outdir) {
        acc_io_copy(d->outdir, sizeof d->outdir, o->outdir);
        return 0;
    }
    if (is_dir)
        return snprintf(d->outdir, sizeof d->outdir, "%s/discover", o->input) >=
               (int)sizeof d->outdir;
    const char *slash = strrchr(o->input, '/');
    if (!slash)
        snprintf(d->outdir, sizeof d->outdir, "discover");
    else
        snprintf(d->outdir, sizeof d->outdir, "%.*s/discover", (int)(slash - o->input),
                 o->input);
    return 0;
}

static int check_opts(const acc_discover_opts *o, char *err, size_t errlen)
{
    if (!o->input || !*o->input || !o->outcome || !*o->outcome) {
        acc_errf(err, errlen, "discover needs an input and --outcome");
        return ACC_EINVAL;
    }
    if (strlen(o->outcome) >= 256) {
        acc_errf(err, errlen, "--outcome: name too long");
        return ACC_EINVAL;
    }
    if (o->rule == ACC_DISCOVER_TOP && !(o->threshold > 0 && o->threshold < 1)) {
        acc_errf(err, errlen, "--top needs a share in (0, 1), got %g", o->threshold);
        return ACC_EINVAL;
    }
    if (o->rule != ACC_DISCOVER_TOP && !isfinite(o->threshold)) {
        acc_errf(err, errlen, "--above/--below need a finite number");
        return ACC_EINVAL;
    }
    if (o->n_params > MAX_PARAMS) {
        acc_errf(err, errlen, "--params: at most %d names", MAX_PARAMS);
        return ACC_EINVAL;
    }
    for (int k = 0; k < o->n_params; k++)
        for (int q = 0; q < k; q++)
            if (strcmp(o->params[k], o->params[q]) == 0) {
                acc_errf(err, errlen, "--params: '%s' named twice", o->params[k]);
                return ACC_EINVAL;
            }
    return ACC_OK;
}

int acc_discover_run(const acc_discover_opts *o, acc_discover **out, char *err, size_t errlen)
{
    *out = NULL;
    int rc = check_opts(o, err, errlen);
    if (rc)
        return rc;
    acc_discover *d = calloc(1, sizeof *d);
    if (!d)
        return oom(err, errlen);
    acc_io_copy(d->outcome, sizeof d->outcome, o->outcome);
    d->rule = o->rule;
    d->threshold = o->threshold;
    d->prim = o->prim;
    int is_dir = acc_io_is_dir(o->input);
    if (!is_dir && !acc_io_is_file(o->input)) {
        acc_errf(err, errlen, "%s: no such file or directory (give a sweep or calibration "
                 "directory, or a CSV file)", o->input);
        rc = ACC_EIO;
        goto fail;
    }
    if (default_outdir(d, o, is_dir)) {
        acc_errf(err, errlen, "%s: path too long", o->input);
        rc = ACC_EINVAL;
        goto fail;
    }
    if (is_dir) {
        if ((rc = choose_file(d, o->input, err, errlen)))
            goto fail;
    } else {
        acc_io_copy(d->file, sizeof d->file, o->input);
    }
    if (o->params) {
        d->names = calloc((size_t)o->n_params, sizeof *d->names);
        if (!d->names) {
            rc = oom(err, errlen);
            goto fail;
        }
        for (int k = 0; k < o->n_params; k++)
            if (!(d->names[d->n_params++] = strdup(o->params[k]))) {
                rc = oom(err, errlen);
                goto fail;
            }
    } else if (is_dir && (rc = params_from_manifest(d, o->input, err, errlen))) {
        goto fail;
    }
    if ((rc = read_data(d, o, err, errlen)))
        goto fail;
    if ((rc = acc_prim_run((const double *const *)d->x, d->y, d->n_rows, d->n_params, &d->prim,
                           &d->res, err, errlen)))
        goto fail;
    if (o->step >= 0) {
        if ((size_t)o->step >= d->res->n_boxes) {
            acc_errf(err, errlen, "--step %ld: the trajectory has steps 0 to %zu", o->step,
                     d->res->n_boxes - 1);
            rc = ACC_EINVAL;
            goto fail;
        }
        d->chosen = (size_t)o->step;
    } else {
        d->chosen = acc_prim_choose(d->res, o->min_density);
        d->min_density = o->min_density;
    }
    if (!(d->p = malloc(d->n_params * sizeof *d->p))) {
        rc = oom(err, errlen);
        goto fail;
    }
    if ((rc = acc_prim_quasi_p(d->res, (const double *const *)d->x, d->y, d->chosen, d->p, err,
                               errlen)))
        goto fail;
    if ((rc = acc_io_check_outdir_kind(d->outdir, ACC_KIND_DISCOVER, err, errlen)) ||
        (rc = acc_io_mkdir_p(d->outdir, err, errlen)) || (rc = write_trajectory(d, err, errlen)) ||
        (rc = write_boxes(d, err, errlen)) || (rc = write_box(d, err, errlen)) ||
        (rc = write_manifest(d, o, err, errlen)))
        goto fail;
    *out = d;
    return ACC_OK;
fail:
    acc_discover_free(d);
    return rc;
}

void acc_discover_print(const acc_discover *d, FILE *f)
{
    const acc_prim_result *r = d->res;
    fprintf(f, "accord: PRIM on %s: %zu rows, %zu cases (%s %s %.6g)\n", d->file, d->n_rows,
            r->cases, d->outcome,
            d->rule == ACC_DISCOVER_BELOW ? "<" : d->rule == ACC_DISCOVER_ABOVE ? ">" : ">=",
            d->cut);
    fprintf(f, "  parameters:");
    for (size_t j = 0; j < d->n_params; j++)
        fprintf(f, "%s %s", j ? "," : "", d->names[j]);
    fprintf(f, "\n");
    if (d->n_settings < d->n_rows)
        fprintf(f, "  %zu rows at %zu distinct parameter settings (replications): a box's "
                   "density is the share\n  of its rows that are cases; the quasi-p-values count "
                   "each row as an independent\n  trial and are too small when rows repeat a "
                   "setting (docs/calibration.md, replications)\n", d->n_rows, d->n_settings);
    if (d->left_out[0])
        fprintf(f, "  not taken as parameters (a cell is not a finite number): %s\n", d->left_out);
    if (d->n_skipped_status || d->n_skipped_na || d->n_filtered) {
        /* status only when the file has one (runs.csv; not points.csv) */
        if (d->has_status)
            fprintf(f, "  left out: %zu rows whose status is not ok, %zu with the outcome "
                       "missing, %zu filtered out\n", d->n_skipped_status, d->n_skipped_na,
                    d->n_filtered);
        else
            fprintf(f, "  left out: %zu rows with the outcome missing, %zu filtered out\n",
                    d->n_skipped_na, d->n_filtered);
    }
    fprintf(f, "\n  step  coverage  density  support  restricted\n");
    for (size_t b = 0; b < r->n_boxes; b++)
        fprintf(f, "  %4zu  %8.3f  %7.3f  %7.3f  %10d%s\n", b, r->box[b].coverage,
                r->box[b].density, r->box[b].support, r->box[b].n_restricted,
                b == d->chosen ? "  <- chosen" : "");
    const acc_prim_box *B = &r->box[d->chosen];
    fprintf(f, "\n  box of step %zu: coverage %.3f, density %.3f, support %.3f (%zu rows)\n",
            d->chosen, B->coverage, B->density, B->support, B->n_in);
    if (r->cases == r->n)
        fprintf(f, "  every row is a case: the outcome holds over the whole range sampled\n");
    if (d->min_density > 0 && !(B->density >= d->min_density)) {
        double top = 0;
        for (size_t b = 0; b < r->n_boxes; b++)
            top = r->box[b].density > top ? r->box[b].density : top;
        fprintf(f, "  note: no box of the trajectory reaches --min-density %g (the highest is "
                   "%.3f): chosen by coverage x density instead\n", d->min_density, top);
    }
    int any = 0;
    for (size_t j = 0; j < d->n_params; j++) {
        if (!acc_prim_restricted(r, d->chosen, j))
            continue;
        char lo[32], hi[32], mn[32], mx[32];
        acc_io_fmt_human(lo, sizeof lo, B->lo[j]);
        acc_io_fmt_human(hi, sizeof hi, B->hi[j]);
        acc_io_fmt_human(mn, sizeof mn, r->min[j]);
        acc_io_fmt_human(mx, sizeof mx, r->max[j]);
        fprintf(f, "    %-28s [%s, %s]   of [%s, %s]   quasi-p %.3g\n", d->names[j], lo, hi, mn,
                mx, d->p[j]);
        any = 1;
    }
    if (!any)
        fprintf(f, "    (no parameter restricted: the cases are spread over the whole range)\n");
}
