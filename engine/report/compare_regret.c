/* accord report — paired differences per design point and the regret table
 * of policy arms swept over the same design (report/compare_regret.h).
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
#include "report/compare_regret.h"
#include "report/plot_int.h"
#include "stats/estimate.h"

#define MAX_ARMS 16
#define MAX_OUT 16

typedef struct regret_outcome {
    char name[256];
    int maximize;
} regret_outcome;

typedef struct arm_table {
    acc_csv_table *t;
    size_t c_point, c_outcome, c_mean;
    size_t n_par;      /* parameter columns: 1 .. c_outcome-1 */
} arm_table;

static int oom(char *err, size_t errlen)
{
    acc_errf(err, errlen, "compare --regret: out of memory");
    return ACC_ENOMEM;
}

static int parse_spec(const char *spec, regret_outcome *out, int *n, char *err, size_t errlen)
{
    *n = 0;
    const char *s = spec;
    while (s && *s) {
        const char *comma = strchr(s, ',');
        size_t len = comma ? (size_t)(comma - s) : strlen(s);
        const char *colon = memchr(s, ':', len);
        if (!colon || colon == s || *n >= MAX_OUT || (size_t)(colon - s) >= sizeof out->name) {
            acc_errf(err, errlen, "--regret: '%.*s': give OUTCOME:max or OUTCOME:min (at most "
                     "%d, separated by commas)", (int)len, s, MAX_OUT);
            return ACC_EINVAL;
        }
        size_t dl = len - (size_t)(colon - s) - 1;
        int mx = dl == 3 && strncmp(colon + 1, "max", 3) == 0;
        int mn = dl == 3 && strncmp(colon + 1, "min", 3) == 0;
        if (!mx && !mn) {
            acc_errf(err, errlen, "--regret: '%.*s': the direction must be max or min", (int)len,
                     s);
            return ACC_EINVAL;
        }
        snprintf(out[*n].name, sizeof out[*n].name, "%.*s", (int)(colon - s), s);
        for (int q = 0; q < *n; q++)
            if (strcmp(out[q].name, out[*n].name) == 0) {
                acc_errf(err, errlen, "--regret: outcome '%s' given twice", out[q].name);
                return ACC_EINVAL;
            }
        out[*n].maximize = mx;
        (*n)++;
        s = comma ? comma + 1 : NULL;
    }
    if (*n == 0) {
        acc_errf(err, errlen, "--regret needs OUTCOME:max or OUTCOME:min");
        return ACC_EINVAL;
    }
    return ACC_OK;
}

static int open_arm(const char *dir, arm_table *a, char *err, size_t errlen)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/" ACC_FILE_POINTS, dir);
    if (!acc_io_is_file(path)) {
        acc_errf(err, errlen, "--regret: %s is not a finished sweep (no " ACC_FILE_POINTS ")",
                 dir);
        return ACC_EINVAL;
    }
    int rc = acc_csv_read_file(path, &a->t, err, errlen);
    if (rc)
        return rc;
    if ((rc = acc_csv_col(a->t, "point", &a->c_point, err, errlen)) ||
        (rc = acc_csv_col(a->t, "outcome", &a->c_outcome, err, errlen)) ||
        (rc = acc_csv_col(a->t, "mean", &a->c_mean, err, errlen)))
        return rc;
    if (a->c_point != 0 || a->c_outcome < 1) {
        acc_errf(err, errlen, "%s: not a sweep's points.csv (point, parameters, outcome, ...)",
                 path);
        return ACC_EINVAL;
    }
    a->n_par = a->c_outcome - 1;
    return ACC_OK;
}

/* The rows of outcome `name` in arm a, in file order (points ascending). */
static size_t outcome_rows(const arm_table *a, const char *name, size_t *rows, size_t max)
{
    size_t k = 0;
    for (size_t r = 0; r < acc_csv_nrows(a->t) && k < max; r++)
        if (strcmp(acc_csv_cell(a->t, r, a->c_outcome), name) == 0)
            rows[k++] = r;
    return k;
}

/* Same parameter columns, same points, same values. */
static int same_design(const arm_table *a, const arm_table *b, const char *la, const char *lb,
                       const size_t *ra, const size_t *rb, size_t n, char *err, size_t errlen)
{
    if (a->n_par != b->n_par) {
        acc_errf(err, errlen, "--regret: %s and %s are not sweeps over the same design (%zu and "
                 "%zu parameters)", la, lb, a->n_par, b->n_par);
        return ACC_EINVAL;
    }
    for (size_t c = 0; c < a->n_par; c++)
        if (strcmp(acc_csv_header(a->t, 1 + c), acc_csv_header(b->t, 1 + c)) != 0) {
            acc_errf(err, errlen, "--regret: %s varies '%s' where %s varies '%s': not the same "
                     "design", la, acc_csv_header(a->t, 1 + c), lb, acc_csv_header(b->t, 1 + c));
            return ACC_EINVAL;
        }
    for (size_t i = 0; i < n; i++)
        for (size_t c = 0; c <= a->n_par; c++)
            if (strcmp(acc_csv_cell(a->t, ra[i], c), acc_csv_cell(b->t, rb[i], c)) != 0) {
                acc_errf(err, errlen, "--regret: %s and %s are not sweeps over the same design: "
                         "row %zu has %s = %s and %s", la, lb, i + 1, acc_csv_header(a->t, c),
                         acc_csv_cell(a->t, ra[i], c), acc_csv_cell(b->t, rb[i], c));
                return ACC_EINVAL;
            }
    return ACC_OK;
}

typedef struct regret_row {
    double mean, p10, p90, share_best;
    size_t points;
} regret_row;

/* values[arm][point] -> regret per arm. */
static int regret_of(double **v, int narms, size_t n, int maximize, regret_row *out,
                     size_t *n_missing, char *err, size_t errlen)
{
    double *reg = malloc((n ? n : 1) * sizeof *reg);
    size_t *best = calloc((size_t)narms, sizeof *best);
    if (!reg || !best) {
        free(reg);
        free(best);
        return oom(err, errlen);
    }
    *n_missing = 0;
    for (size_t i = 0; i < n; i++) {
        int miss = 0;
        for (int a = 0; a < narms; a++)
            miss |= !isfinite(v[a][i]);
        *n_missing += (size_t)miss;
    }
    int rc = ACC_OK;
    for (int a = 0; a < narms && !rc; a++) {
        size_t k = 0;
        double sum = 0;
        for (size_t i = 0; i < n; i++) {
            double b = v[0][i];
            int miss = 0;
            for (int q = 0; q < narms; q++) {
                miss |= !isfinite(v[q][i]);
                if (maximize ? v[q][i] > b : v[q][i] < b)
                    b = v[q][i];
            }
            if (miss)
                continue;
            double r = maximize ? b - v[a][i] : v[a][i] - b;
            best[a] += r == 0;
            reg[k++] = r;
            sum += r;
        }
        out[a].points = k;
        out[a].mean = k ? sum / (double)k : NAN;
        out[a].share_best = k ? (double)best[a] / (double)k : NAN;
        static const double p[2] = {0.1, 0.9};
        double q[2];
        rc = acc_stat_quantiles_inplace(reg, k, p, 2, q, err, errlen);
        out[a].p10 = q[0];
        out[a].p90 = q[1];
    }
    free(reg);
    free(best);
    return rc;
}

/* A sweep directory's seed (manifest.json), NaN when it has none. */
static double arm_seed(const char *dir)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/" ACC_FILE_MANIFEST, dir);
    acc_jdoc *doc;
    if (!acc_io_is_file(path) || acc_jdoc_read_file(path, &doc, NULL, 0))
        return NAN;
    double v = acc_jval_num(acc_jval_get(acc_jdoc_root(doc), "seed"));
    acc_jdoc_free(doc);
    return v;
}

/* The arms are paired (common random numbers) only with one seed: the index
 * of the first arm whose seed differs from the first's, or 0. */
static int first_other_seed(const char *const *inputs, int n_inputs)
{
    double s0 = arm_seed(inputs[0]);
    for (int a = 1; a < n_inputs; a++) {
        double s = arm_seed(inputs[a]);
        if (!(s == s0) && !(isnan(s) && isnan(s0)))
            return a;
    }
    return 0;
}

int acc_compare_regret_paired(const char *const *inputs, int n_inputs)
{
    return first_other_seed(inputs, n_inputs) == 0;
}

static int write_json(const acc_regret_opts *o, const regret_outcome *oc, int noc, char *err,
                      size_t errlen)
{
    static const char *const outs[] = {ACC_FILE_COMPARE_POINTS, ACC_FILE_COMPARE_REGRET};
    char path[4200], now[64];
    snprintf(path, sizeof path, "%s/" ACC_FILE_COMPARE_REGRET_JSON, o->outdir);
    acc_utc_now(now, sizeof now, ACC_UTC_ISO8601);
    acc_atomic *af;
    acc_json *j;
    int rc = acc_json_open_atomic(path, &af, &j, err, errlen);
    if (rc)
        return rc;
    int bad = acc_json_begin_object(j) || acc_json_kstr(j, "kind", "compare-regret") ||
              acc_layout_versions(j, NULL, GSL_VERSION) ||
              acc_json_kstr(j, "command", o->command_line ? o->command_line : "") ||
              acc_json_kstr(j, "created", now) ||
              acc_json_kbool(j, "paired", first_other_seed(o->inputs, o->n_inputs) == 0) || acc_json_key(j, "arms") ||
              acc_json_begin_array(j);
    for (int a = 0; a < o->n_inputs && !bad; a++)
        bad = acc_json_begin_object(j) || acc_json_kstr(j, "label", o->labels[a]) ||
              acc_json_kstr(j, "source", o->inputs[a]) || acc_json_end_object(j);
    bad = bad || acc_json_end_array(j) || acc_json_key(j, "outcomes") || acc_json_begin_array(j);
    for (int k = 0; k < noc && !bad; k++)
        bad = acc_json_begin_object(j) || acc_json_kstr(j, "name", oc[k].name) ||
              acc_json_kstr(j, "direction", oc[k].maximize ? "max" : "min") ||
              acc_json_end_object(j);
    bad = bad || acc_json_end_array(j) || acc_json_key(j, "outputs") || acc_json_begin_array(j);
    for (size_t k = 0; k < 2 && !bad; k++) {
        char f[4300], hex[ACC_SHA256_HEXLEN];
        snprintf(f, sizeof f, "%s/%s", o->outdir, outs[k]);
        if (acc_sha256_file(f, hex, err, errlen)) {
            acc_json_commit(j, af, 1, NULL, 0);
            return ACC_EIO;
        }
        bad = acc_json_begin_object(j) || acc_json_kstr(j, "file", outs[k]) ||
              acc_json_kstr(j, "sha256", hex) || acc_json_end_object(j);
    }
    bad = bad || acc_json_end_array(j) || acc_json_end_object(j) || acc_json_finish(j);
    return acc_json_commit(j, af, bad, err, errlen);
}

int acc_compare_regret_check(const char *const *inputs, int n_inputs, const char *spec,
                             char *err, size_t errlen)
{
    regret_outcome oc[MAX_OUT];
    int noc;
    int rc = parse_spec(spec, oc, &noc, err, errlen);
    if (rc)
        return rc;
    if (n_inputs < 2 || n_inputs > MAX_ARMS) {
        acc_errf(err, errlen, "--regret needs 2 to %d sweeps (policy arms), got %d", MAX_ARMS,
                 n_inputs);
        return ACC_EINVAL;
    }
    arm_table arm[MAX_ARMS];
    memset(arm, 0, sizeof arm);
    size_t *rows[MAX_ARMS] = {0};
    for (int a = 0; a < n_inputs && !rc; a++)
        rc = open_arm(inputs[a], &arm[a], err, errlen);
    size_t cap = rc ? 0 : acc_csv_nrows(arm[0].t) + 1;
    for (int a = 0; a < n_inputs && !rc; a++)
        if (!(rows[a] = malloc(cap * sizeof *rows[a])))
            rc = oom(err, errlen);
    for (int k = 0; k < noc && !rc; k++) {
        size_t n = 0;
        for (int a = 0; a < n_inputs && !rc; a++) {
            size_t m = outcome_rows(&arm[a], oc[k].name, rows[a], cap);
            if (m == 0) {
                acc_errf(err, errlen, "--regret: %s has no outcome '%s' in " ACC_FILE_POINTS,
                         inputs[a], oc[k].name);
                rc = ACC_EINVAL;
            } else if (a > 0 && m != n) {
                acc_errf(err, errlen, "--regret: %s has %zu points and %s %zu: not the same "
                         "design", inputs[0], n, inputs[a], m);
                rc = ACC_EINVAL;
            } else if (a > 0) {
                rc = same_design(&arm[0], &arm[a], inputs[0], inputs[a], rows[0], rows[a], m,
                                 err, errlen);
            }
            n = m;
        }
    }
    for (int a = 0; a < n_inputs; a++) {
        acc_csv_table_free(arm[a].t);
        free(rows[a]);
    }
    return rc;
}

int acc_compare_regret(const acc_regret_opts *o, FILE *f, char *err, size_t errlen)
{
    regret_outcome oc[MAX_OUT];
    int noc;
    int rc = parse_spec(o->spec, oc, &noc, err, errlen);
    if (rc)
        return rc;
    if (o->n_inputs < 2 || o->n_inputs > MAX_ARMS) {
        acc_errf(err, errlen, "--regret needs 2 to %d sweeps (policy arms), got %d", MAX_ARMS,
                 o->n_inputs);
        return ACC_EINVAL;
    }
    int na = o->n_inputs;
    arm_table arm[MAX_ARMS];
    memset(arm, 0, sizeof arm);
    size_t *rows[MAX_ARMS] = {0};
    double *v[MAX_ARMS] = {0};
    regret_row rr[MAX_ARMS];
    acc_atomic *afp = NULL, *afr = NULL;
    acc_csv_writer *wp = NULL, *wr = NULL;
    const char **hdr = NULL;
    for (int a = 0; a < na; a++)
        if ((rc = open_arm(o->inputs[a], &arm[a], err, errlen)))
            goto done;
    size_t cap = acc_csv_nrows(arm[0].t) + 1;
    for (int a = 0; a < na; a++) {
        rows[a] = malloc(cap * sizeof *rows[a]);
        v[a] = malloc(cap * sizeof *v[a]);
        if (!rows[a] || !v[a]) {
            rc = oom(err, errlen);
            goto done;
        }
    }
    /* compare_points.csv: point, parameters, outcome, arm, mean, diff */
    size_t np = arm[0].n_par, nc = np + 5;
    hdr = calloc(nc, sizeof *hdr);
    if (!hdr) {
        rc = oom(err, errlen);
        goto done;
    }
    for (size_t c = 0; c <= np; c++)
        hdr[c] = acc_csv_header(arm[0].t, c);
    hdr[np + 1] = "outcome";
    hdr[np + 2] = "arm";
    hdr[np + 3] = "mean";
    hdr[np + 4] = "diff";
    static const char *const rhdr[] = {"outcome", "direction", "arm", "points", "mean_regret",
                                       "p10_regret", "p90_regret", "share_best"};
    char path[4200];
    if ((rc = acc_io_mkdir_p(o->outdir, err, errlen)))
        goto done;
    snprintf(path, sizeof path, "%s/" ACC_FILE_COMPARE_POINTS, o->outdir);
    if ((rc = acc_csv_open_atomic(path, nc, hdr, &afp, &wp, err, errlen)))
        goto done;
    snprintf(path, sizeof path, "%s/" ACC_FILE_COMPARE_REGRET, o->outdir);
    if ((rc = acc_csv_open_atomic(path, 8, rhdr, &afr, &wr, err, errlen)))
        goto done;
    if (f)
        fprintf(f, "\nregret against the best arm at each design point:\n");
    int other = first_other_seed(o->inputs, o->n_inputs);
    if (f && other)
        fprintf(f, "  note: %s and %s were swept with different seeds: their runs do not share "
                   "random numbers, so the differences per point are not paired (sweep every "
                   "arm with the same --seed)\n", o->inputs[0], o->inputs[other]);
    for (int k = 0; k < noc; k++) {
        size_t n = 0;
        for (int a = 0; a < na; a++) {
            size_t m = outcome_rows(&arm[a], oc[k].name, rows[a], cap);
            if (m == 0) {
                acc_errf(err, errlen, "--regret: %s has no outcome '%s' in " ACC_FILE_POINTS,
                         o->inputs[a], oc[k].name);
                rc = ACC_EINVAL;
                goto done;
            }
            if (a > 0 && m != n) {
                acc_errf(err, errlen, "--regret: %s has %zu points and %s %zu: not the same "
                         "design", o->inputs[0], n, o->inputs[a], m);
                rc = ACC_EINVAL;
                goto done;
            }
            n = m;
            if (a > 0 && (rc = same_design(&arm[0], &arm[a], o->inputs[0], o->inputs[a], rows[0],
                                           rows[a], n, err, errlen)))
                goto done;
            for (size_t i = 0; i < n; i++)
                if ((rc = acc_csv_number(arm[a].t, rows[a][i], arm[a].c_mean, &v[a][i], err,
                                         errlen)))
                    goto done;
        }
        for (size_t i = 0; i < n && !rc; i++)
            for (int a = 0; a < na && !rc; a++) {
                for (size_t c = 0; c <= np && !rc; c++)
                    rc = acc_csv_put_str(wp, acc_csv_cell(arm[0].t, rows[0][i], c));
                rc = rc || acc_csv_put_str(wp, oc[k].name) || acc_csv_put_str(wp, o->labels[a]) ||
                     acc_csv_put_double(wp, v[a][i]) ||
                     acc_csv_put_double(wp, a ? v[a][i] - v[0][i] : NAN) || acc_csv_end_row(wp);
            }
        if (rc) {
            acc_errf(err, errlen, "%s", acc_csv_writer_errmsg(wp));
            rc = ACC_EIO;
            goto done;
        }
        size_t missing;
        if ((rc = regret_of(v, na, n, oc[k].maximize, rr, &missing, err, errlen)))
            goto done;
        if (f) {
            fprintf(f, "  %s (%s is better)", oc[k].name, oc[k].maximize ? "higher" : "lower");
            if (missing)
                fprintf(f, " [%zu of %zu points left out: some arm's mean is missing there, "
                           "its runs failed]", missing, n);
            fprintf(f, "\n  %-16s %12s %12s %12s %10s\n", "arm", "mean", "p10", "p90",
                    "best at");
        }
        for (int a = 0; a < na && !rc; a++) {
            rc = acc_csv_put_str(wr, oc[k].name) ||
                 acc_csv_put_str(wr, oc[k].maximize ? "max" : "min") ||
                 acc_csv_put_str(wr, o->labels[a]) || acc_csv_put_int(wr, (long long)rr[a].points) ||
                 acc_csv_put_double(wr, rr[a].mean) || acc_csv_put_double(wr, rr[a].p10) ||
                 acc_csv_put_double(wr, rr[a].p90) || acc_csv_put_double(wr, rr[a].share_best) ||
                 acc_csv_end_row(wr);
            if (f) {
                char m[32], p1[32], p9[32];
                acc_io_fmt_human(m, sizeof m, rr[a].mean);
                acc_io_fmt_human(p1, sizeof p1, rr[a].p10);
                acc_io_fmt_human(p9, sizeof p9, rr[a].p90);
                fprintf(f, "  %-16s %12s %12s %12s %9.0f%%\n", o->labels[a], m, p1, p9,
                        100 * rr[a].share_best);
            }
        }
        if (rc) {
            acc_errf(err, errlen, "%s", acc_csv_writer_errmsg(wr));
            rc = ACC_EIO;
            goto done;
        }
    }
    rc = acc_csv_close_atomic(wp, afp, 1, err, errlen);
    wp = NULL;
    afp = NULL;
    if (!rc)
        rc = acc_csv_close_atomic(wr, afr, 1, err, errlen);
    wr = NULL;
    afr = NULL;
    if (!rc)
        rc = write_json(o, oc, noc, err, errlen);
done:
    acc_csv_close_atomic(wp, afp, 0, NULL, 0);
    acc_csv_close_atomic(wr, afr, 0, NULL, 0);
    free(hdr);
    for (int a = 0; a < na; a++) {
        acc_csv_table_free(arm[a].t);
        free(rows[a]);
        free(v[a]);
    }
    return rc;
}
