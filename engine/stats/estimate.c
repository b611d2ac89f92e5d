/* accord — estimators over sweep outputs: Welford moments and t intervals,
 * type-7 quantiles, Sobol' indices with a seeded bootstrap, Morris effects.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "stats/estimate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>

#include "base/common.h"
#include "core/rng.h"
#include "stats/stats_int.h"

/* ---- Welford ---------------------------------------------------------- */

void acc_stat_welford_init(acc_stat_welford *w)
{
    w->n = 0;
    w->n_skipped = 0;
    w->mean = 0.0;
    w->m2 = 0.0;
    w->min = INFINITY;
    w->max = -INFINITY;
}

void acc_stat_welford_add(acc_stat_welford *w, double x)
{
    if (!isfinite(x)) {
        w->n_skipped++;
        return;
    }
    w->n++;
    double delta = x - w->mean;
    w->mean += delta / (double)w->n;
    w->m2 += delta * (x - w->mean);
    if (x < w->min)
        w->min = x;
    if (x > w->max)
        w->max = x;
}

void acc_stat_welford_merge(acc_stat_welford *into, const acc_stat_welford *from)
{
    uint64_t skipped = into->n_skipped + from->n_skipped;
    if (from->n == 0) {
        into->n_skipped = skipped;
        return;
    }
    if (into->n == 0) {
        *into = *from;
        into->n_skipped = skipped;
        return;
    }
    double na = (double)into->n, nb = (double)from->n, n = na + nb;
    double delta = from->mean - into->mean;
    into->mean += delta * (nb / n);
    into->m2 += from->m2 + delta * delta * (na * nb / n);
    into->n += from->n;
    into->n_skipped = skipped;
    if (from->min < into->min)
        into->min = from->min;
    if (from->max > into->max)
        into->max = from->max;
}

double acc_stat_welford_mean(const acc_stat_welford *w)
{
    return w->n ? w->mean : NAN;
}

double acc_stat_welford_var(const acc_stat_welford *w)
{
    return w->n >= 2 ? w->m2 / (double)(w->n - 1) : NAN;
}

double acc_stat_welford_sd(const acc_stat_welford *w)
{
    return sqrt(acc_stat_welford_var(w));
}

double acc_stat_t_quantile(double p, double dof)
{
    if (!(p > 0 && p < 1) || !(dof > 0))
        return NAN;
    return gsl_cdf_tdist_Pinv(p, dof);
}

double acc_stat_welford_halfwidth(const acc_stat_welford *w, double level)
{
    return acc_stat_t_halfwidth(acc_stat_welford_sd(w), w->n, level);
}

int acc_stat_welford_ci(const acc_stat_welford *w, double level, double *lo, double *hi,
                        char *err, size_t errlen)
{
    if (!(level > 0 && level < 1)) {
        acc_errf(err, errlen, "confidence level must be in (0, 1), got %g", level);
        return ACC_EINVAL;
    }
    double h = acc_stat_welford_halfwidth(w, level);
    double m = acc_stat_welford_mean(w);
    *lo = m - h; /* NaN when n < 2: h is NaN */
    *hi = m + h;
    return ACC_OK;
}

void acc_stat_interval_clip(double *lo, double *hi, double min, double max)
{
    if (*lo < min)
        *lo = min; /* a NaN fails every comparison: left as it is */
    if (*lo > max)
        *lo = max;
    if (*hi > max)
        *hi = max;
    if (*hi < min)
        *hi = min;
}

/* ---- intervals from plain samples -------------------------------------- */

/* t_{(1+level)/2, dof} for a level in (0, 1). */
static double t_level(double level, double dof)
{
    if (!(level > 0 && level < 1) || !(dof > 0))
        return NAN;
    /* (1 + level)/2 rounds to 1 only for the largest level below 1, where
     * GSL's quantile is +Inf (acc_stat_t_quantile would say NaN) */
    return gsl_cdf_tdist_Pinv(0.5 + 0.5 * level, dof);
}

double acc_stat_t_halfwidth(double sd, uint64_t n, double level)
{
    if (n < 2)
        return NAN;
    return t_level(level, (double)(n - 1)) * sd / sqrt((double)n);
}

/* Two passes over the values v_i = x_i (y NULL) or y_i − x_i (pairs), i < n,
 * at x[i·stride] and y[i·stride], skipping any i with a non-finite x_i or y_i. */
static void two_pass(const double *x, const double *y, size_t n, size_t stride, double level,
                     acc_stat_interval *out)
{
    out->n = 0;
    out->mean = out->sd = out->lo = out->hi = NAN;
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        double a = x[i * stride], b = y ? y[i * stride] : 0;
        if (isfinite(a) && isfinite(b)) {
            sum += y ? b - a : a;
            out->n++;
        }
    }
    if (out->n == 0)
        return;
    double mean = sum / (double)out->n;
    out->mean = mean;
    if (out->n < 2)
        return;
    double ss = 0;
    for (size_t i = 0; i < n; i++) {
        double a = x[i * stride], b = y ? y[i * stride] : 0;
        if (isfinite(a) && isfinite(b)) {
            double v = y ? b - a : a;
            ss += (v - mean) * (v - mean);
        }
    }
    out->sd = sqrt(ss / (double)(out->n - 1));
    double hw = acc_stat_t_halfwidth(out->sd, out->n, level);
    out->lo = mean - hw;
    out->hi = mean + hw;
}

void acc_stat_mean_ci(const double *x, size_t n, size_t stride, double level,
                      acc_stat_interval *out)
{
    two_pass(x, NULL, n, stride ? stride : 1, level, out);
}

void acc_stat_paired_ci(const double *x, const double *y, size_t n, double level,
                        acc_stat_interval *out)
{
    two_pass(x, y, n, 1, level, out);
}

void acc_stat_welch_ci(double mean_a, double sd_a, uint64_t n_a, double mean_b, double sd_b,
                       uint64_t n_b, double level, double *lo, double *hi)
{
    *lo = *hi = NAN;
    if (n_a < 2 || n_b < 2 || !(level > 0 && level < 1))
        return;
    double diff = mean_b - mean_a;
    double va = sd_a * sd_a / (double)n_a, vb = sd_b * sd_b / (double)n_b;
    double se = sqrt(va + vb);
    if (se == 0) {
        *lo = *hi = diff;
        return;
    }
    double dof = (va + vb) * (va + vb) / (va * va / (double)(n_a - 1) + vb * vb / (double)(n_b - 1));
    double hw = t_level(level, dof) * se;
    *lo = diff - hw;
    *hi = diff + hw;
}

/* ---- quantiles -------------------------------------------------------- */

static int cmp_nan_last(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    int xn = isnan(x), yn = isnan(y);
    if (xn || yn)
        return xn - yn;
    return (x > y) - (x < y);
}

/* Type 7 on m sorted finite-or-infinite values (no NaN). */
static double quantile_sorted(const double *x, size_t m, double p)
{
    if (m == 0)
        return NAN;
    double h = (double)(m - 1) * p;
    size_t lo = (size_t)floor(h);
    if (lo >= m - 1)
        return x[m - 1];
    double frac = h - (double)lo;
    if (frac == 0)
        return x[lo];
    return x[lo] + frac * (x[lo + 1] - x[lo]);
}

int acc_stat_quantiles_inplace(double *x, size_t n, const double *p, size_t np,
                               double *q_out, char *err, size_t errlen)
{
    for (size_t i = 0; i < np; i++) {
        if (!(p[i] >= 0 && p[i] <= 1)) {
            acc_errf(err, errlen, "quantile probability must be in [0, 1], got %g", p[i]);
            return ACC_EINVAL;
        }
    }
    if (n > 0)
        qsort(x, n, sizeof *x, cmp_nan_last);
    size_t m = n;
    while (m > 0 && isnan(x[m - 1]))
        m--;
    for (size_t i = 0; i < np; i++)
        q_out[i] = quantile_sorted(x, m, p[i]);
    return ACC_OK;
}

int acc_stat_quantile(const double *x, size_t n, double p, double *q_out, char *err,
                      size_t errlen)
{
    double *copy = malloc((n ? n : 1) * sizeof *copy);
    if (!copy) {
        acc_errf(err, errlen, "quantile: out of memory for %zu values", n);
        return ACC_ENOMEM;
    }
    if (n)
        memcpy(copy, x, n * sizeof *copy);
    int rc = acc_stat_quantiles_inplace(copy, n, &p, 1, q_out, err, errlen);
    free(copy);
    return rc;
}

/* ---- Sobol' indices --------------------------------------------------- */

void acc_stat_sobol_opts_init(acc_stat_sobol_opts *o)
{
    o->n_boot = 1000;
    o->level = 0.95;
    o->seed = 0;
    o->outcome = 0;
}

/* The estimators on the rows rows[0..m-1] of y (repeats allowed). Writes
 * s1[k], st[k]; scratch holds 2d doubles. Returns 0 (all NaN) when the total
 * variance is not positive, 1 otherwise. */
static int sobol_estimate(const double *y, size_t d, const uint64_t *rows, uint64_t m,
                          double *s1, double *st, double *scratch, double *mean_out,
                          double *var_out)
{
    size_t w = d + 2;
    double sum = 0;
    for (uint64_t t = 0; t < m; t++) {
        const double *yr = y + rows[t] * w;
        sum += yr[ACC_SOBOL_BLOCK_A] + yr[ACC_SOBOL_BLOCK_B];
    }
    double mean = sum / (2.0 * (double)m);
    double ss = 0;
    double *vi = scratch, *vti = scratch + d;
    for (size_t k = 0; k < d; k++)
        vi[k] = vti[k] = 0;
    for (uint64_t t = 0; t < m; t++) {
        const double *yr = y + rows[t] * w;
        double fa = yr[ACC_SOBOL_BLOCK_A], fb = yr[ACC_SOBOL_BLOCK_B];
        ss += (fa - mean) * (fa - mean) + (fb - mean) * (fb - mean);
        for (size_t k = 0; k < d; k++) {
            double fab = yr[ACC_SOBOL_BLOCK_AB + k];
            /* Saltelli 2010: f(B)·(f(AB_i) − f(A)), with f(B) centred (the
             * difference is shift-free; centring only cuts the noise). */
            vi[k] += (fb - mean) * (fab - fa);
            /* Jansen 1999: (f(A) − f(AB_i))² / 2 */
            vti[k] += (fa - fab) * (fa - fab);
        }
    }
    double var = ss / (2.0 * (double)m);
    if (mean_out)
        *mean_out = mean;
    if (var_out)
        *var_out = var;
    if (!(var > 0) || !isfinite(var)) {
        for (size_t k = 0; k < d; k++)
            s1[k] = st[k] = NAN;
        return 0;
    }
    for (size_t k = 0; k < d; k++) {
        s1[k] = vi[k] / (double)m / var;
        st[k] = vti[k] / (2.0 * (double)m) / var;
    }
    return 1;
}

int acc_stat_sobol(const double *y, uint64_t n_rows, size_t d, const acc_stat_sobol_opts *opts,
                   acc_stat_sobol_index *idx, acc_stat_sobol_summary *sum, char *err,
                   size_t errlen)
{
    acc_stat_sobol_opts def;
    if (!opts) {
        acc_stat_sobol_opts_init(&def);
        opts = &def;
    }
    if (d < 1) {
        acc_errf(err, errlen, "sobol indices: need at least 1 dimension");
        return ACC_EINVAL;
    }
    if (opts->n_boot > 0 && !(opts->level > 0 && opts->level < 1)) {
        acc_errf(err, errlen, "sobol indices: confidence level must be in (0, 1), got %g",
                 opts->level);
        return ACC_EINVAL;
    }
    size_t w = d + 2;
    uint64_t *used = malloc((n_rows ? n_rows : 1) * sizeof *used);
    uint64_t *boot_rows = NULL;
    double *reps = NULL, *s1 = NULL;
    gsl_rng *r = NULL;
    int rc = ACC_OK;
    if (!used)
        goto nomem;

    uint64_t m = 0;
    for (uint64_t j = 0; j < n_rows; j++) {
        int ok = 1;
        for (size_t b = 0; b < w && ok; b++)
            ok = isfinite(y[j * w + b]);
        if (ok)
            used[m++] = j;
    }
    if (m < 2) {
        acc_errf(err, errlen, "sobol indices: %llu of %llu rows have a failed (non-finite) "
                 "output; need at least 2 complete rows", (unsigned long long)(n_rows - m),
                 (unsigned long long)n_rows);
        rc = ACC_EINVAL;
        goto done;
    }

    /* point estimates s1 | st, scratch (2d), one replicate's bs1 | bst */
    s1 = malloc(6 * d * sizeof *s1);
    if (!s1)
        goto nomem;
    double *st = s1 + d, *scratch = s1 + 2 * d, *bs1 = s1 + 4 * d, *bst = s1 + 5 * d;
    double mean, var;
    sobol_estimate(y, d, used, m, s1, st, scratch, &mean, &var);
    for (size_t k = 0; k < d; k++) {
        idx[k].s1 = s1[k];
        idx[k].st = st[k];
        idx[k].s1_lo = idx[k].s1_hi = idx[k].st_lo = idx[k].st_hi = NAN;
    }
    uint32_t n_valid = 0;
    uint32_t nb = opts->n_boot;
    if (nb > 0 && var > 0) {
        /* reps[k·nb + b]: S1_k of replicate b; reps[(d+k)·nb + b]: ST_k. */
        reps = malloc((size_t)nb * 2 * d * sizeof *reps);
        boot_rows = malloc(m * sizeof *boot_rows);
        r = acc_rng_stream_new(opts->seed, 0, ACC_STREAM_BOOTSTRAP, opts->outcome);
        if (!reps || !boot_rows || !r)
            goto nomem;
        for (uint32_t b = 0; b < nb; b++) {
            for (uint64_t t = 0; t < m; t++)
                boot_rows[t] = used[acc_stats_uniform_below(r, m)];
            n_valid += (uint32_t)sobol_estimate(y, d, boot_rows, m, bs1, bst, scratch, NULL,
                                                NULL);
            for (size_t k = 0; k < d; k++) {
                reps[k * nb + b] = bs1[k];
                reps[(d + k) * nb + b] = bst[k];
            }
        }
        double alpha = 1.0 - opts->level;
        double probs[2] = {alpha / 2, 1.0 - alpha / 2}, q[2] = {NAN, NAN}; /* written by the quantile; initialised for -O3's flow analysis */
        for (size_t k = 0; k < 2 * d; k++) {
            /* Replicates without variance are NaN and ignored by the quantile. */
            acc_stat_quantiles_inplace(reps + k * nb, nb, probs, 2, q, NULL, 0);
            if (k < d) {
                idx[k].s1_lo = q[0];
                idx[k].s1_hi = q[1];
            } else {
                idx[k - d].st_lo = q[0];
                idx[k - d].st_hi = q[1];
            }
        }
    }
    if (sum) {
        sum->n_rows = n_rows;
        sum->n_used = m;
        sum->n_dropped = n_rows - m;
        sum->n_boot = var > 0 ? nb : 0;
        sum->n_boot_valid = n_valid;
        sum->mean = mean;
        sum->variance = var;
    }
    goto done;
nomem:
    acc_errf(err, errlen, "sobol indices: out of memory (N = %llu, d = %zu)",
             (unsigned long long)n_rows, d);
    rc = ACC_ENOMEM;
done:
    gsl_rng_free(r);
    free(reps);
    free(boot_rows);
    free(s1);
    free(used);
    return rc;
}

/* ---- Morris ----------------------------------------------------------- */

int acc_stat_morris_raw(const double *y, uint64_t r, size_t d, const size_t *dims,
                        const double *deltas, acc_stat_morris_effect *out, char *err,
                        size_t errlen)
{
    if (d < 1 || r < 1) {
        acc_errf(err, errlen, "morris effects: need d >= 1 and r >= 1 (got d = %zu, r = %llu)",
                 d, (unsigned long long)r);
        return ACC_EINVAL;
    }
    for (uint64_t i = 0; i < r * d; i++) {
        if (dims[i] >= d || !(deltas[i] != 0) || !isfinite(deltas[i])) {
            acc_errf(err, errlen, "morris effects: trajectory %llu step %llu has dimension "
                     "%zu and delta %g (need a dimension < %zu and a finite nonzero delta)",
                     (unsigned long long)(i / d), (unsigned long long)(i % d + 1), dims[i],
                     deltas[i], d);
            return ACC_EINVAL;
        }
    }
    acc_stat_welford *ee = malloc(2 * d * sizeof *ee); /* EE | |EE| per dimension */
    if (!ee) {
        acc_errf(err, errlen, "morris effects: out of memory");
        return ACC_ENOMEM;
    }
    for (size_t k = 0; k < 2 * d; k++)
        acc_stat_welford_init(&ee[k]);
    for (uint64_t t = 0; t < r; t++) {
        const double *yt = y + t * (d + 1);
        for (size_t s = 1; s <= d; s++) {
            size_t k = dims[t * d + s - 1];
            double before = yt[s - 1], after = yt[s];
            if (!isfinite(before) || !isfinite(after))
                continue;
            double e = (after - before) / deltas[t * d + s - 1];
            acc_stat_welford_add(&ee[k], e);
            acc_stat_welford_add(&ee[d + k], fabs(e));
        }
    }
    for (size_t k = 0; k < d; k++) {
        out[k].mu = acc_stat_welford_mean(&ee[k]);
        out[k].mu_star = acc_stat_welford_mean(&ee[d + k]);
        out[k].sigma = acc_stat_welford_sd(&ee[k]);
        out[k].n = ee[k].n;
    }
    free(ee);
    return ACC_OK;
}

int acc_stat_morris(const acc_design *design, const double *y, acc_stat_morris_effect *out,
                    char *err, size_t errlen)
{
    if (!design || acc_design_type_of(design) != ACC_DESIGN_MORRIS) {
        acc_errf(err, errlen, "morris effects: the design is not a morris design");
        return ACC_EINVAL;
    }
    size_t d = acc_design_dim(design);
    uint64_t r = acc_design_morris_trajectories(design);
    size_t *dims = malloc(r * d * sizeof *dims);
    double *deltas = malloc(r * d * sizeof *deltas);
    int rc;
    if (!dims || !deltas) {
        acc_errf(err, errlen, "morris effects: out of memory");
        rc = ACC_ENOMEM;
    } else {
        for (uint64_t t = 0; t < r; t++)
            for (size_t s = 1; s <= d; s++)
                acc_design_morris_step(design, t, s, &dims[t * d + s - 1],
                                       &deltas[t * d + s - 1]);
        rc = acc_stat_morris_raw(y, r, d, dims, deltas, out, err, errlen);
    }
    free(dims);
    free(deltas);
    return rc;
}
