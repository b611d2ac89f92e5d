/* accord report — history matching on a finished sweep: targets, the
 * implausibility of each design point, plausible ranges, the next wave's
 * box (report/calibrate.h). SPDX-License-Identifier: GPL-3.0-or-later */
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
#include "report/plot_int.h"

#define MAX_TARGETS 256
#define MAX_PARAMS 256

static int oom(char *err, size_t errlen)
{
    acc_errf(err, errlen, "calibrate: out of memory");
    return ACC_ENOMEM;
}

double acc_calib_implausibility(double mean, double var_model, double reps, double low,
                                double high)
{
    if (!isfinite(mean))
        return NAN;
    double c = 0.5 * (low + high), h = 0.5 * (high - low);
    double st = h / ACC_CALIB_TARGET_SDS;
    double vm = isfinite(var_model) && reps >= 2 ? var_model / reps : 0;
    double den = sqrt(vm + st * st);
    double dist = fabs(mean - c);
    if (den == 0)
        return dist == 0 ? 0 : INFINITY;
    return dist / den;
}

/* ---- targets ---------------------------------------------------------------- */

static int target_cell(const acc_csv_table *t, size_t r, size_t c, char *dst, size_t n,
                       char *err, size_t errlen)
{
    const char *s = acc_csv_cell(t, r, c);
    if (!*s || strlen(s) >= n) {
        acc_errf(err, errlen, "%s:%ld: column '%s': %s", acc_csv_label(t), acc_csv_row_line(t, r),
                 acc_csv_header(t, c), *s ? "too long" : "empty");
        return ACC_EINVAL;
    }
    snprintf(dst, n, "%s", s);
    return ACC_OK;
}

int acc_calib_read_targets(const char *path, const char *const *only, int n_only,
                           acc_calib_target **out, size_t *n, char *err, size_t errlen)
{
    *out = NULL;
    *n = 0;
    acc_csv_table *t;
    int rc = acc_csv_read_file(path, &t, err, errlen);
    if (rc)
        return rc == ACC_EINVAL ? rc : ACC_EIO;
    size_t ci, co, cl, ch;
    acc_calib_target *v = NULL;
    size_t k = 0, nr = acc_csv_nrows(t);
    if ((rc = acc_csv_col(t, "id", &ci, err, errlen)) ||
        (rc = acc_csv_col(t, "outcome", &co, err, errlen)) ||
        (rc = acc_csv_col(t, "low", &cl, err, errlen)) ||
        (rc = acc_csv_col(t, "high", &ch, err, errlen)))
        goto done;
    if (nr > MAX_TARGETS) {
        acc_errf(err, errlen, "%s: %zu targets, at most %d", path, nr, MAX_TARGETS);
        rc = ACC_EINVAL;
        goto done;
    }
    v = calloc(nr ? nr : 1, sizeof *v);
    if (!v) {
        rc = oom(err, errlen);
        goto done;
    }
    for (size_t r = 0; r < nr; r++) {
        const char *id = acc_csv_cell(t, r, ci);
        int keep = !only;
        for (int q = 0; q < n_only && !keep; q++)
            keep = strcmp(only[q], id) == 0;
        if (!keep)
            continue;
        acc_calib_target *g = &v[k];
        if ((rc = target_cell(t, r, ci, g->id, sizeof g->id, err, errlen)) ||
            (rc = target_cell(t, r, co, g->outcome, sizeof g->outcome, err, errlen)) ||
            (rc = acc_csv_number(t, r, cl, &g->low, err, errlen)) ||
            (rc = acc_csv_number(t, r, ch, &g->high, err, errlen)))
            goto done;
        if (!isfinite(g->low) || !isfinite(g->high) || g->low > g->high) {
            acc_errf(err, errlen, "%s:%ld: target '%s': low and high must be finite with low <= "
                     "high, got %s and %s", path, acc_csv_row_line(t, r), g->id,
                     acc_csv_cell(t, r, cl), acc_csv_cell(t, r, ch));
            rc = ACC_EINVAL;
            goto done;
        }
        for (size_t q = 0; q < k; q++)
            if (strcmp(v[q].id, g->id) == 0) {
                acc_errf(err, errlen, "%s:%ld: target id '%s' appears twice", path,
                         acc_csv_row_line(t, r), g->id);
                rc = ACC_EINVAL;
                goto done;
            }
        k++;
    }
    for (int q = 0; q < n_only; q++) {
        int found = 0;
        for (size_t p = 0; p < k && !found; p++)
            found = strcmp(v[p].id, only[q]) == 0;
        if (!found) {
            acc_errf(err, errlen, "--only: %s has no target '%s'", path, only[q]);
            rc = ACC_EINVAL;
            goto done;
        }
    }
    if (k == 0) {
        acc_errf(err, errlen, "%s: no targets", path);
        rc = ACC_EINVAL;
        goto done;
    }
    *out = v;
    *n = k;
    v = NULL;
done:
    free(v);
    acc_csv_table_free(t);
    return rc;
}

/* ---- the sweep's parameters --------------------------------------------------- */

typedef struct param_info {
    char name[256], column[256];
    double range_lo, range_hi; /* the sampled range (manifest), else observed */
    int has_range;
    size_t col;                /* in points.csv */
} param_info;

static int read_params(const char *dir, param_info **out, size_t *n, char *err, size_t errlen)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/" ACC_FILE_MANIFEST, dir);
    if (!acc_io_is_file(path)) {
        char jp[4200];
        snprintf(jp, sizeof jp, "%s/" ACC_FILE_JOURNAL, dir);
        if (acc_io_is_file(jp))
            acc_errf(err, errlen, "%s: an unfinished sweep (" ACC_FILE_JOURNAL ", no "
                     ACC_FILE_MANIFEST "): finish it first with the command that started it "
                     "and --resume", dir);
        else
            acc_errf(err, errlen, "%s: not a sweep or calibration directory (no "
                     ACC_FILE_MANIFEST ")", dir);
        return ACC_EIO;
    }
    acc_jdoc *doc;
    int rc = acc_jdoc_read_file(path, &doc, err, errlen);
    if (rc)
        return rc;
    const char *dkind = acc_jval_str(acc_jval_get(acc_jdoc_root(doc), "kind"));
    if (!dkind || strcmp(dkind, ACC_KIND_SWEEP) != 0) {
        acc_errf(err, errlen, "%s: the manifest's kind is '%s', not a sweep%s", path,
                 dkind ? dkind : "", dkind && strcmp(dkind, ACC_KIND_SHARD) == 0
                 ? " (merge the shards with accord merge, then score the merged directory)" : "");
        acc_jdoc_free(doc);
        return ACC_EINVAL;
    }
    const acc_jval *ps = acc_jval_get(acc_jdoc_root(doc), "parameters");
    size_t np = acc_jval_len(ps);
    if (!ps || acc_jval_type(ps) != ACC_JARRAY || np == 0 || np > MAX_PARAMS) {
        acc_errf(err, errlen, "%s: the sweep varies no parameter (\"parameters\")", path);
        acc_jdoc_free(doc);
        return ACC_EINVAL;
    }
    param_info *p = calloc(np, sizeof *p);
    if (!p) {
        acc_jdoc_free(doc);
        return oom(err, errlen);
    }
    for (size_t i = 0; i < np; i++) {
        const acc_jval *e = acc_jval_at(ps, i);
        const char *nm = acc_jval_str(acc_jval_get(e, "name"));
        const char *col = acc_jval_str(acc_jval_get(e, "column"));
        const char *kind = acc_jval_str(acc_jval_get(e, "kind"));
        if (!nm) {
            acc_errf(err, errlen, "%s: parameter %zu has no name", path, i + 1);
            free(p);
            acc_jdoc_free(doc);
            return ACC_EINVAL;
        }
        acc_io_copy(p[i].name, sizeof p[i].name, nm);
        acc_io_copy(p[i].column, sizeof p[i].column, col ? col : nm);
        double lo = acc_jval_num(acc_jval_get(e, "min")), hi = acc_jval_num(acc_jval_get(e, "max"));
        p[i].has_range = kind && strcmp(kind, "range") == 0 && isfinite(lo) && isfinite(hi);
        p[i].range_lo = lo;
        p[i].range_hi = hi;
    }
    acc_jdoc_free(doc);
    *out = p;
    *n = np;
    return ACC_OK;
}

/* ---- evaluation --------------------------------------------------------------- */

typedef struct calib_data {
    size_t np, nt, npts;
    param_info *par;
    double *x;      /* npts x np */
    double *mean;   /* npts x nt */
    double *imp;    /* npts x nt */
    double *max_i;  /* npts */
    unsigned char *plausible;
    long long *point_id;
} calib_data;

static void data_free(calib_data *d)
{
    free(d->par);
    free(d->x);
    free(d->mean);
    free(d->imp);
    free(d->max_i);
    free(d->plausible);
    free(d->point_id);
}

/* points.csv: one row per point and outcome, points in order. */
static int read_points(const acc_calib_opts *o, calib_data *d, acc_calib_summary *s,
                       char *err, size_t errlen)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/" ACC_FILE_POINTS, o->dir);
    acc_csv_table *t;
    int rc = acc_csv_read_file(path, &t, err, errlen);
    if (rc)
        return rc;
    size_t cp, coc, cn, cm, csd, nr = acc_csv_nrows(t);
    if ((rc = acc_csv_col(t, "point", &cp, err, errlen)) ||
        (rc = acc_csv_col(t, "outcome", &coc, err, errlen)) ||
        (rc = acc_csv_col(t, "n", &cn, err, errlen)) ||
        (rc = acc_csv_col(t, "mean", &cm, err, errlen)) ||
        (rc = acc_csv_col(t, "sd", &csd, err, errlen)))
        goto done;
    for (size_t j = 0; j < d->np; j++)
        if ((rc = acc_csv_col(t, d->par[j].column, &d->par[j].col, err, errlen)))
            goto done;
    /* the number of points: the largest point id + 1 */
    long long maxp = -1;
    for (size_t r = 0; r < nr; r++) {
        long long p;
        if ((rc = acc_csv_integer(t, r, cp, &p, err, errlen)))
            goto done;
        if (p < 0 || p > 100000000) {
            acc_errf(err, errlen, "%s:%ld: point %lld out of range", path, acc_csv_row_line(t, r),
                     p);
            rc = ACC_EINVAL;
            goto done;
        }
        if (p > maxp)
            maxp = p;
    }
    d->npts = (size_t)(maxp + 1);
    size_t n = d->npts ? d->npts : 1;
    d->x = malloc(n * d->np * sizeof *d->x);
    d->mean = malloc(n * d->nt * sizeof *d->mean);
    d->imp = malloc(n * d->nt * sizeof *d->imp);
    d->max_i = malloc(n * sizeof *d->max_i);
    d->plausible = calloc(n, 1);
    d->point_id = malloc(n * sizeof *d->point_id);
    if (!d->x || !d->mean || !d->imp || !d->max_i || !d->plausible || !d->point_id) {
        rc = oom(err, errlen);
        goto done;
    }
    for (size_t i = 0; i < n * d->np; i++)
        d->x[i] = NAN;
    for (size_t i = 0; i < n * d->nt; i++)
        d->mean[i] = d->imp[i] = NAN;
    unsigned char *seen = calloc(d->nt, 1);
    if (!seen) {
        rc = oom(err, errlen);
        goto done;
    }
    for (size_t r = 0; r < nr; r++) {
        long long p;
        acc_csv_integer(t, r, cp, &p, NULL, 0);
        size_t pi = (size_t)p;
        d->point_id[pi] = p;
        for (size_t j = 0; j < d->np && !rc; j++)
            rc = acc_csv_number(t, r, d->par[j].col, &d->x[pi * d->np + j], err, errlen);
        const char *oc = acc_csv_cell(t, r, coc);
        for (size_t k = 0; k < d->nt && !rc; k++) {
            if (strcmp(oc, o->targets[k].outcome) != 0)
                continue;
            double nn, m, sd;
            if ((rc = acc_csv_number(t, r, cn, &nn, err, errlen)) ||
                (rc = acc_csv_number(t, r, cm, &m, err, errlen)) ||
                (rc = acc_csv_number(t, r, csd, &sd, err, errlen)))
                break;
            seen[k] = 1;
            if (nn == 1)
                s->reps_one = 1;
            d->mean[pi * d->nt + k] = m;
            d->imp[pi * d->nt + k] =
                acc_calib_implausibility(m, sd * sd, nn, o->targets[k].low, o->targets[k].high);
        }
        if (rc)
            break;
    }
    for (size_t k = 0; k < d->nt && !rc; k++)
        if (!seen[k]) {
            acc_errf(err, errlen, "%s: no outcome '%s' (target '%s'): sweep with --outcomes "
                     "naming it", path, o->targets[k].outcome, o->targets[k].id);
            rc = ACC_EINVAL;
        }
    free(seen);
done:
    acc_csv_table_free(t);
    return rc;
}

static void classify(const acc_calib_opts *o, calib_data *d, acc_calib_summary *s)
{
    double cutoff = o->cutoff > 0 ? o->cutoff : 3;
    s->n_points = d->npts;
    for (size_t i = 0; i < d->npts; i++) {
        double mx = 0;
        int missing = 0;
        for (size_t k = 0; k < d->nt; k++) {
            double v = d->imp[i * d->nt + k];
            if (isnan(v))
                missing = 1;
            else if (v > mx)
                mx = v;
        }
        d->max_i[i] = missing ? NAN : mx;
        d->plausible[i] = !missing && mx < cutoff;
        s->n_missing += (size_t)missing;
        s->n_plausible += d->plausible[i];
    }
}

static int write_points(const calib_data *d, const acc_calib_opts *o, const char *name,
                        int only_plausible, char *err, size_t errlen)
{
    size_t nc = 1 + d->np + 2 * d->nt + 2;
    char (*names)[300] = calloc(nc, sizeof *names);
    const char **hdr = calloc(nc, sizeof *hdr);
    if (!names || !hdr) {
        free(names);
        free(hdr);
        return oom(err, errlen);
    }
    size_t h = 0;
    hdr[h++] = "point";
    for (size_t j = 0; j < d->np; j++)
        hdr[h++] = d->par[j].column;
    for (size_t k = 0; k < d->nt; k++) {
        snprintf(names[h], sizeof names[0], "mean_%s", o->targets[k].id);
        hdr[h] = names[h];
        h++;
        snprintf(names[h], sizeof names[0], "I_%s", o->targets[k].id);
        hdr[h] = names[h];
        h++;
    }
    hdr[h++] = "max_I";
    hdr[h++] = "plausible";
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", o->dir, name);
    acc_atomic *af;
    acc_csv_writer *w;
    int rc = acc_csv_open_atomic(path, nc, hdr, &af, &w, err, errlen);
    free(names);
    free(hdr);
    if (rc)
        return rc;
    for (size_t i = 0; i < d->npts && !rc; i++) {
        if (only_plausible && !d->plausible[i])
            continue;
        rc = acc_csv_put_int(w, (long long)i);
        for (size_t j = 0; j < d->np && !rc; j++)
            rc = acc_csv_put_double(w, d->x[i * d->np + j]);
        for (size_t k = 0; k < d->nt && !rc; k++)
            rc = acc_csv_put_double(w, d->mean[i * d->nt + k]) ||
                 acc_csv_put_double(w, d->imp[i * d->nt + k]);
        rc = rc || acc_csv_put_double(w, d->max_i[i]) || acc_csv_put_int(w, d->plausible[i]) ||
             acc_csv_end_row(w);
    }
    return acc_csv_close_atomic(w, af, 1, err, errlen);
}

/* Sampled and plausible range of parameter j. The next box widens the
 * plausible range on each side by the larger of its width / (plausible
 * points) (about the gap left between the outermost of n uniform points and
 * the edge of their region) and (hi - lo) / points^(1/d) (a design's
 * spacing per dimension), within the sampled range: history matching must
 * not rule out plausible space that the design happened to miss. */
static void param_ranges(const calib_data *d, size_t j, double *lo, double *hi, double *plo,
                         double *phi, double *nlo, double *nhi)
{
    double omin = INFINITY, omax = -INFINITY;
    size_t n_plaus = 0;
    *plo = INFINITY;
    *phi = -INFINITY;
    for (size_t i = 0; i < d->npts; i++) {
        n_plaus += d->plausible[i];
        double v = d->x[i * d->np + j];
        if (!isfinite(v))
            continue;
        omin = fmin(omin, v);
        omax = fmax(omax, v);
        if (d->plausible[i]) {
            *plo = fmin(*plo, v);
            *phi = fmax(*phi, v);
        }
    }
    *lo = d->par[j].has_range ? d->par[j].range_lo : omin;
    *hi = d->par[j].has_range ? d->par[j].range_hi : omax;
    if (!isfinite(*plo)) {
        *plo = *phi = *nlo = *nhi = NAN;
        return;
    }
    double m = fmax((*phi - *plo) / (double)n_plaus,
                    (*hi - *lo) / pow((double)d->npts, 1.0 / (double)d->np));
    *nlo = fmax(*lo, *plo - m);
    *nhi = fmin(*hi, *phi + m);
}

static int write_ranges(const calib_data *d, const acc_calib_opts *o, char *err, size_t errlen)
{
    static const char *const hdr[] = {"parameter", "column", "min", "max", "points",
                                      "plausible", "plausible_min", "plausible_max",
                                      "next_min", "next_max", "shrink"};
    char path[4200];
    snprintf(path, sizeof path, "%s/" ACC_FILE_CALIB_RANGES, o->dir);
    acc_atomic *af;
    acc_csv_writer *w;
    int rc = acc_csv_open_atomic(path, 11, hdr, &af, &w, err, errlen);
    if (rc)
        return rc;
    size_t np = 0;
    for (size_t i = 0; i < d->npts; i++)
        np += d->plausible[i];
    for (size_t j = 0; j < d->np && !rc; j++) {
        double lo, hi, plo, phi, nlo, nhi;
        param_ranges(d, j, &lo, &hi, &plo, &phi, &nlo, &nhi);
        double shrink = hi > lo && isfinite(nlo) ? (nhi - nlo) / (hi - lo) : NAN;
        rc = acc_csv_put_str(w, d->par[j].name) || acc_csv_put_str(w, d->par[j].column) ||
             acc_csv_put_double(w, lo) || acc_csv_put_double(w, hi) ||
             acc_csv_put_int(w, (long long)d->npts) || acc_csv_put_int(w, (long long)np) ||
             acc_csv_put_double(w, plo) || acc_csv_put_double(w, phi) ||
             acc_csv_put_double(w, nlo) || acc_csv_put_double(w, nhi) ||
             acc_csv_put_double(w, shrink) || acc_csv_end_row(w);
    }
    return acc_csv_close_atomic(w, af, 1, err, errlen);
}

static int write_manifest(const calib_data *d, const acc_calib_opts *o,
                          const acc_calib_summary *s, char *err, size_t errlen)
{
    static const char *const outs[] = {ACC_FILE_CALIBRATION, ACC_FILE_CALIB_PLAUSIBLE,
                                       ACC_FILE_CALIB_RANGES};
    char path[4200], now[64];
    snprintf(path, sizeof path, "%s/" ACC_FILE_CALIB_MANIFEST, o->dir);
    acc_utc_now(now, sizeof now, ACC_UTC_ISO8601);
    acc_atomic *af;
    acc_json *j;
    int rc = acc_json_open_atomic(path, &af, &j, err, errlen);
    if (rc)
        return rc;
    char tsha[ACC_SHA256_HEXLEN] = "";
    if (o->targets_file && acc_sha256_file(o->targets_file, tsha, NULL, 0))
        tsha[0] = 0;
    int bad = acc_json_begin_object(j) || acc_json_kstr(j, "kind", ACC_KIND_CALIBRATION) ||
              acc_layout_versions(j, NULL, GSL_VERSION) ||
              acc_json_kstr(j, "command", o->command_line ? o->command_line : "") ||
              acc_json_kstr(j, "created", now) || acc_json_kint(j, "wave", o->wave) ||
              acc_json_kstr(j, "from", o->from ? o->from : "") ||
              acc_json_knum(j, "cutoff", o->cutoff > 0 ? o->cutoff : 3) ||
              acc_json_kstr(j, "implausibility",
                            "I = |mean - (low+high)/2| / sqrt(var_model/R + var_target), "
                            "var_target = ((high-low)/2 / 2)^2") ||
              acc_json_kstr(j, "targets_file", o->targets_file ? o->targets_file : "") ||
              acc_json_kstr(j, "targets_sha256", tsha) || acc_json_key(j, "targets") ||
              acc_json_begin_array(j);
    for (size_t k = 0; k < d->nt && !bad; k++)
        bad = acc_json_begin_object(j) || acc_json_kstr(j, "id", o->targets[k].id) ||
              acc_json_kstr(j, "outcome", o->targets[k].outcome) ||
              acc_json_knum(j, "low", o->targets[k].low) ||
              acc_json_knum(j, "high", o->targets[k].high) || acc_json_end_object(j);
    bad = bad || acc_json_end_array(j) || acc_json_key(j, "counts") || acc_json_begin_object(j) ||
          acc_json_kint(j, "points", (long long)s->n_points) ||
          acc_json_kint(j, "plausible", (long long)s->n_plausible) ||
          acc_json_kint(j, "missing", (long long)s->n_missing) ||
          acc_json_kbool(j, "one_replication", s->reps_one) || acc_json_end_object(j) ||
          acc_json_key(j, "outputs") || acc_json_begin_array(j);
    for (size_t k = 0; k < sizeof outs / sizeof outs[0] && !bad; k++) {
        char f[4300], hex[ACC_SHA256_HEXLEN];
        snprintf(f, sizeof f, "%s/%s", o->dir, outs[k]);
        if (acc_sha256_file(f, hex, err, errlen)) {
            acc_json_commit(j, af, 1, NULL, 0);
            return ACC_EIO;
        }
        bad = acc_json_begin_object(j) || acc_json_kstr(j, "file", outs[k]) ||
              acc_json_kstr(j, "sha256", hex) || acc_json_end_object(j);
    }
    /* the sweep's "sources" (its manifest.json, in the same directory) */
    bad = bad || acc_json_end_array(j) || acc_layout_copy_sources(j, o->dir) ||
          acc_json_end_object(j) || acc_json_finish(j);
    return acc_json_commit(j, af, bad, err, errlen);
}

int acc_calib_evaluate(const acc_calib_opts *o, acc_calib_summary *s, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    if (o->cutoff < 0 || !isfinite(o->cutoff)) {
        acc_errf(err, errlen, "--cutoff must be a positive number, got %g", o->cutoff);
        return ACC_EINVAL;
    }
    calib_data d;
    memset(&d, 0, sizeof d);
    d.nt = o->n_targets;
    int rc = read_params(o->dir, &d.par, &d.np, err, errlen);
    if (!rc)
        rc = read_points(o, &d, s, err, errlen);
    if (!rc) {
        classify(o, &d, s);
        rc = write_points(&d, o, ACC_FILE_CALIBRATION, 0, err, errlen);
    }
    if (!rc)
        rc = write_points(&d, o, ACC_FILE_CALIB_PLAUSIBLE, 1, err, errlen);
    if (!rc)
        rc = write_ranges(&d, o, err, errlen);
    if (!rc)
        rc = write_manifest(&d, o, s, err, errlen);
    data_free(&d);
    return rc;
}

int acc_calib_print(const char *dir, FILE *f, char *err, size_t errlen)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/" ACC_FILE_CALIB_RANGES, dir);
    acc_csv_table *t;
    int rc = acc_csv_read_file(path, &t, err, errlen);
    if (rc)
        return rc;
    fprintf(f, "  %-28s %-23s %-23s %s\n", "parameter", "sampled", "plausible", "next wave");
    for (size_t r = 0; r < acc_csv_nrows(t); r++) {
        char b[6][32];
        for (int c = 0; c < 6; c++) {
            double v;
            size_t col = (size_t)(c < 2 ? 2 + c : 4 + c);
            acc_csv_number(t, r, col, &v, NULL, 0);
            acc_io_fmt_human(b[c], sizeof b[c], v);
        }
        char s1[80], s2[80], s3[80];
        snprintf(s1, sizeof s1, "[%s, %s]", b[0], b[1]);
        snprintf(s2, sizeof s2, "[%s, %s]", b[2], b[3]);
        snprintf(s3, sizeof s3, "[%s, %s]", b[4], b[5]);
        fprintf(f, "  %-28s %-23s %-23s %s\n", acc_csv_cell(t, r, 0), s1, s2, s3);
    }
    acc_csv_table_free(t);
    return ACC_OK;
}

int acc_calib_next_box(const char *dir, char ***names, double **lo, double **hi, size_t *n,
                       int *wave, char *err, size_t errlen)
{
    *names = NULL;
    *lo = *hi = NULL;
    *n = 0;
    char path[4200];
    snprintf(path, sizeof path, "%s/" ACC_FILE_CALIB_MANIFEST, dir);
    acc_jdoc *doc;
    int rc = acc_jdoc_read_file(path, &doc, err, errlen);
    if (rc) {
        acc_errf(err, errlen, "--from %s: not a calibration directory (no readable "
                 ACC_FILE_CALIB_MANIFEST ")", dir);
        return ACC_EINVAL;
    }
    const acc_jval *wv = acc_jval_get(acc_jdoc_root(doc), "wave");
    double w = wv ? acc_jval_num(wv) : 1;
    acc_jdoc_free(doc);
    if (!(w >= 1 && w <= 1000) || w != floor(w)) {
        acc_errf(err, errlen, "--from %s: " ACC_FILE_CALIB_MANIFEST " has \"wave\" %g, not a "
                 "whole number in [1, 1000]", dir, w);
        return ACC_EINVAL;
    }
    *wave = (int)w;
    snprintf(path, sizeof path, "%s/" ACC_FILE_CALIB_RANGES, dir);
    acc_csv_table *t;
    if ((rc = acc_csv_read_file(path, &t, err, errlen)))
        return rc;
    size_t nr = acc_csv_nrows(t), cp, cl, ch, cn;
    if ((rc = acc_csv_col(t, "parameter", &cp, err, errlen)) ||
        (rc = acc_csv_col(t, "next_min", &cl, err, errlen)) ||
        (rc = acc_csv_col(t, "next_max", &ch, err, errlen)) ||
        (rc = acc_csv_col(t, "plausible", &cn, err, errlen))) {
        acc_csv_table_free(t);
        return rc;
    }
    char **nm = calloc(nr ? nr : 1, sizeof *nm);
    double *l = malloc((nr ? nr : 1) * sizeof *l), *h = malloc((nr ? nr : 1) * sizeof *h);
    if (!nm || !l || !h) {
        rc = oom(err, errlen);
        goto fail;
    }
    for (size_t r = 0; r < nr; r++) {
        if ((rc = acc_csv_number(t, r, cl, &l[r], err, errlen)) ||
            (rc = acc_csv_number(t, r, ch, &h[r], err, errlen)))
            goto fail;
        if (!isfinite(l[r]) || !isfinite(h[r])) {
            acc_errf(err, errlen, "--from %s: no plausible point in that wave: nothing to "
                     "refine (widen the ranges, raise --cutoff or check the targets)", dir);
            rc = ACC_EINVAL;
            goto fail;
        }
        if (!(nm[r] = strdup(acc_csv_cell(t, r, cp)))) {
            rc = oom(err, errlen);
            goto fail;
        }
    }
    acc_csv_table_free(t);
    *names = nm;
    *lo = l;
    *hi = h;
    *n = nr;
    return ACC_OK;
fail:
    for (size_t r = 0; nm && r < nr; r++)
        free(nm[r]);
    free(nm);
    free(l);
    free(h);
    acc_csv_table_free(t);
    return rc;
}

int acc_calib_dir_wave(const char *dir, int *wave, char *from, size_t n)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/" ACC_FILE_CALIB_MANIFEST, dir);
    if (!acc_io_is_file(path))
        return 0;
    acc_jdoc *doc;
    if (acc_jdoc_read_file(path, &doc, NULL, 0))
        return 0;
    double w = acc_jval_num(acc_jval_get(acc_jdoc_root(doc), "wave"));
    const char *f = acc_jval_str(acc_jval_get(acc_jdoc_root(doc), "from"));
    int found = isfinite(w) && w >= 1 && w <= 1000;
    if (found) {
        *wave = (int)w;
        acc_io_copy(from, n, f ? f : "");
    }
    acc_jdoc_free(doc);
    return found;
}

/* A whole number in [0, 2^53) (exact in a double) at path in dir's manifest. */
static int manifest_count(const char *dir, const char *key, uint64_t *out)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/" ACC_FILE_MANIFEST, dir);
    acc_jdoc *doc;
    if (!acc_io_is_file(path) || acc_jdoc_read_file(path, &doc, NULL, 0))
        return 0;
    double v = acc_jval_num(acc_jval_path(acc_jdoc_root(doc), key));
    acc_jdoc_free(doc);
    if (!(v >= 0 && v < 9007199254740992.0) || v != floor(v))
        return 0;
    *out = (uint64_t)v;
    return 1;
}

int acc_calib_dir_seed(const char *dir, uint64_t *seed)
{
    return manifest_count(dir, "seed", seed);
}

int acc_calib_dir_design(const char *dir, uint64_t *samples, uint64_t *reps)
{
    return manifest_count(dir, "design.samples", samples) &&
           manifest_count(dir, "replications", reps) && *samples > 0 && *reps > 0;
}

int acc_calib_dir_fixed(const char *dir, char ***sets, size_t *n)
{
    *sets = NULL;
    *n = 0;
    char path[4200];
    snprintf(path, sizeof path, "%s/" ACC_FILE_MANIFEST, dir);
    acc_jdoc *doc;
    if (!acc_io_is_file(path) || acc_jdoc_read_file(path, &doc, NULL, 0))
        return 0;
    const acc_jval *fixed = acc_jval_get(acc_jdoc_root(doc), "fixed");
    int found = acc_jval_type(fixed) == ACC_JARRAY;
    size_t len = found ? acc_jval_len(fixed) : 0;
    char **out = found ? calloc(len ? len : 1, sizeof *out) : NULL;
    found = found && out;
    for (size_t i = 0; found && i < len; i++) {
        const char *t = acc_jval_str(acc_jval_at(fixed, i));
        found = t && strchr(t, '=') && (out[i] = strdup(t)) != NULL;
    }
    acc_jdoc_free(doc);
    if (!found) {
        for (size_t i = 0; out && i < len; i++)
            free(out[i]);
        free(out);
        return 0;
    }
    *sets = out;
    *n = len;
    return 1;
}
