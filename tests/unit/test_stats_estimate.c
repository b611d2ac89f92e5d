/* accord — tests of the estimators: Welford moments and t intervals,
 * intervals from plain samples (known answers: the mean, paired differences
 * and Welch's interval of the comparison fixtures tests/data/plot/cmp),
 * quantiles, Sobol' indices on the Ishigami function (analytic values),
 * failed-run handling, Morris elementary effects.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "core/rng.h"
#include "stats/design.h"
#include "stats/estimate.h"

static void assert_close(double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol))
        fail_msg("got %.17g, want %.17g (tolerance %g)", got, want, tol);
}

static void assert_rel(double got, double want, double rel)
{
    assert_close(got, want, rel * fabs(want));
}

/* ---- Welford ---------------------------------------------------------- */

/* High-entropy data with a large offset (the case that breaks the naive
 * sum-of-squares formula): 1e6 + lognormal-ish noise of scale ~3. */
static double sample(uint64_t i)
{
    double u = acc_u01(2385, 0, ACC_STREAM_POLICY, 0, i, 0, 0);
    return 1e6 + 3.14159 * exp(1.2 * (u - 0.5)) + 0.618 * sin(1.7 * (double)i);
}

static void test_welford_vs_two_pass(void **state)
{
    (void)state;
    const uint64_t n = 10007;
    acc_stat_welford w;
    acc_stat_welford_init(&w);
    long double sum = 0;
    double mn = INFINITY, mx = -INFINITY;
    for (uint64_t i = 0; i < n; i++) {
        double x = sample(i);
        acc_stat_welford_add(&w, x);
        sum += x;
        mn = fmin(mn, x);
        mx = fmax(mx, x);
    }
    long double mean = sum / n, ss = 0;
    for (uint64_t i = 0; i < n; i++)
        ss += (sample(i) - mean) * (sample(i) - mean);
    double var = (double)(ss / (n - 1));
    assert_int_equal(w.n, n);
    assert_rel(acc_stat_welford_mean(&w), (double)mean, 1e-15);
    assert_rel(acc_stat_welford_var(&w), var, 1e-9);
    assert_rel(acc_stat_welford_sd(&w), sqrt(var), 1e-9);
    assert_true(w.min == mn && w.max == mx);
}

static void test_welford_merge(void **state)
{
    (void)state;
    const uint64_t n = 5003;
    acc_stat_welford all, a, b, c, empty;
    acc_stat_welford_init(&all);
    acc_stat_welford_init(&a);
    acc_stat_welford_init(&b);
    acc_stat_welford_init(&c);
    acc_stat_welford_init(&empty);
    for (uint64_t i = 0; i < n; i++) {
        double x = sample(i);
        acc_stat_welford_add(&all, x);
        acc_stat_welford_add(i < 17 ? &a : i < 3001 ? &b : &c, x);
    }
    acc_stat_welford_add(&b, NAN); /* skipped counts travel with merges */
    acc_stat_welford m = a;
    acc_stat_welford_merge(&m, &b);
    acc_stat_welford_merge(&m, &empty);
    acc_stat_welford_merge(&m, &c);
    assert_int_equal(m.n, n);
    assert_int_equal(m.n_skipped, 1);
    assert_rel(m.mean, all.mean, 1e-14);
    assert_rel(m.m2, all.m2, 1e-10);
    assert_true(m.min == all.min && m.max == all.max);
    /* merging into an empty accumulator copies */
    acc_stat_welford e2 = empty;
    acc_stat_welford_merge(&e2, &c);
    assert_memory_equal(&e2, &c, sizeof c);
    /* deterministic: the same merges give the same bits */
    acc_stat_welford m2 = a;
    acc_stat_welford_merge(&m2, &b);
    acc_stat_welford_merge(&m2, &empty);
    acc_stat_welford_merge(&m2, &c);
    assert_memory_equal(&m, &m2, sizeof m);
}

static void test_welford_ci(void **state)
{
    (void)state;
    /* By hand: x = 2.385, 3.14, 1.618, 2.718, 4.669; mean 14.53/5 = 2.906;
     * deviations −0.521, 0.234, −1.288, −0.188, 1.763; squares sum 5.128654;
     * s² = 1.2821635, s = 1.1323265871646748; t_{0.975,4} = 2.7764451051977987;
     * half-width = t·s/√5 = 1.4059691574913158. */
    const double x[] = {2.385, 3.14, 1.618, 2.718, 4.669};
    acc_stat_welford w;
    acc_stat_welford_init(&w);
    for (int i = 0; i < 5; i++)
        acc_stat_welford_add(&w, x[i]);
    assert_close(acc_stat_t_quantile(0.975, 4), 2.7764451051977987, 1e-12);
    assert_close(acc_stat_t_quantile(0.95, 4), 2.1318467863266499, 1e-12);
    assert_close(acc_stat_welford_mean(&w), 2.906, 1e-14);
    assert_close(acc_stat_welford_sd(&w), 1.1323265871646748, 1e-14);
    assert_close(acc_stat_welford_halfwidth(&w, 0.95), 1.4059691574913158, 1e-12);
    double lo, hi;
    char err[ACC_ERRLEN] = "";
    assert_int_equal(acc_stat_welford_ci(&w, 0.95, &lo, &hi, err, sizeof err), ACC_OK);
    assert_close(lo, 1.5000308425086843, 1e-12);
    assert_close(hi, 4.3119691574913155, 1e-12);
    /* level 0.90: t_{0.95,4}·s/√5 */
    assert_close(acc_stat_welford_halfwidth(&w, 0.90), 2.1318467863266499 * 1.1323265871646748 /
                 sqrt(5.0), 1e-12);
    /* invalid levels */
    assert_int_equal(acc_stat_welford_ci(&w, 1.0, &lo, &hi, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "must be in (0, 1)"));
    assert_int_equal(acc_stat_welford_ci(&w, NAN, &lo, &hi, err, sizeof err), ACC_EINVAL);
    assert_true(isnan(acc_stat_welford_halfwidth(&w, 0.0)));
    assert_true(isnan(acc_stat_t_quantile(1.0, 4)));
    assert_true(isnan(acc_stat_t_quantile(0.5, 0)));
    /* n = 1: mean defined, sd and interval NaN; n = 0: all NaN */
    acc_stat_welford one;
    acc_stat_welford_init(&one);
    assert_true(isnan(acc_stat_welford_mean(&one)));
    acc_stat_welford_add(&one, 7.25);
    acc_stat_welford_add(&one, INFINITY);
    acc_stat_welford_add(&one, NAN);
    assert_int_equal(one.n, 1);
    assert_int_equal(one.n_skipped, 2);
    assert_true(acc_stat_welford_mean(&one) == 7.25);
    assert_true(isnan(acc_stat_welford_sd(&one)));
    assert_int_equal(acc_stat_welford_ci(&one, 0.95, &lo, &hi, err, sizeof err), ACC_OK);
    assert_true(isnan(lo) && isnan(hi));
}

/* ---- intervals from plain samples ------------------------------------- */

#define T2 4.302652729911275  /* t quantile 0.975, 2 degrees of freedom */
#define T4 2.7764451051977987 /* t quantile 0.975, 4 degrees of freedom */
/* (to about 1e-10: GSL's quantiles are that close, so the checks allow 1e-9) */

static void test_mean_ci(void **state)
{
    (void)state;
    /* 10, 12, 17: mean 13, deviations -3, -1, 4, s² = 26/2 = 13;
     * half-width t(0.975, 2)·√13/√3. Stored as column 1 of a 3 x 2 table,
     * with a NaN and an Inf in column 0 that the stride skips. */
    const double t[] = {NAN, 10, INFINITY, 12, 0, 17};
    acc_stat_interval s;
    acc_stat_mean_ci(t + 1, 3, 2, 0.95, &s);
    assert_int_equal(s.n, 3);
    assert_close(s.mean, 13, 1e-12);
    assert_close(s.sd, sqrt(13), 1e-12);
    assert_close(s.hi - s.mean, T2 * sqrt(13) / sqrt(3), 1e-9);
    assert_close(s.mean - s.lo, T2 * sqrt(13) / sqrt(3), 1e-9);
    assert_close(acc_stat_t_halfwidth(sqrt(13), 3, 0.95), T2 * sqrt(13) / sqrt(3), 1e-9);
    /* column 0: NaN and Inf left out, one value remains: no sd, no interval */
    acc_stat_mean_ci(t, 3, 2, 0.95, &s);
    assert_int_equal(s.n, 1);
    assert_true(s.mean == 0);
    assert_true(isnan(s.sd) && isnan(s.lo) && isnan(s.hi));
    /* a constant: sd 0, the interval is the point */
    const double five[] = {5, 5, 5};
    acc_stat_mean_ci(five, 3, 1, 0.95, &s);
    assert_true(s.sd == 0 && s.lo == 5 && s.hi == 5);
    /* nothing finite (or n = 0): all NaN */
    const double none[] = {NAN, -INFINITY};
    acc_stat_mean_ci(none, 2, 1, 0.95, &s);
    assert_int_equal(s.n, 0);
    assert_true(isnan(s.mean) && isnan(s.sd) && isnan(s.lo));
    acc_stat_mean_ci(NULL, 0, 1, 0.95, &s);
    assert_int_equal(s.n, 0);
    /* the same arithmetic as the Welford half-width for the same sd and n */
    assert_true(isnan(acc_stat_t_halfwidth(1, 1, 0.95)));
    assert_true(isnan(acc_stat_t_halfwidth(1, 5, 1.0)));
    assert_close(acc_stat_t_halfwidth(1.1323265871646748, 5, 0.95), 1.4059691574913158, 1e-12);
}

static void test_paired_ci(void **state)
{
    (void)state;
    /* B - A: 11-10, 15-12, 16-17 = 1, 3, -1: mean 1, sd 2; t(0.975, 2)·2/√3 */
    const double a[] = {10, 12, 17}, b[] = {11, 15, 16};
    acc_stat_interval d;
    acc_stat_paired_ci(a, b, 3, 0.95, &d);
    assert_int_equal(d.n, 3);
    assert_close(d.mean, 1, 1e-12);
    assert_close(d.sd, 2, 1e-12);
    assert_close(d.hi - 1, T2 * 2 / sqrt(3), 1e-9);
    assert_close(1 - d.lo, T2 * 2 / sqrt(3), 1e-9);
    /* 4, 6, 5 minus 5, 5, 5: -1, 1, 0 -> mean 0, sd 1 */
    const double c5[] = {5, 5, 5}, h[] = {4, 6, 5};
    acc_stat_paired_ci(c5, h, 3, 0.95, &d);
    assert_close(d.mean, 0, 1e-12);
    assert_close(d.hi, T2 / sqrt(3), 1e-9);
    /* a pair with a missing value is left out whole */
    const double x[] = {1, NAN, 3, 4}, y[] = {2, 5, INFINITY, 6};
    acc_stat_paired_ci(x, y, 4, 0.95, &d);
    assert_int_equal(d.n, 2);
    assert_close(d.mean, 1.5, 1e-12);
    acc_stat_paired_ci(x, y, 1, 0.95, &d);
    assert_int_equal(d.n, 1);
    assert_true(d.mean == 1 && isnan(d.lo) && isnan(d.hi));
}

static void test_welch_ci(void **state)
{
    (void)state;
    /* A: 10, 12, 17 and C: 11, 13, 18 (means 13, 14, variances 13 each):
     * se² = 13/3 + 13/3 = 26/3, ν = (26/3)² / (2·(13/3)²/2) = 4 exactly,
     * half-width t(0.975, 4)·√(26/3) around 14 - 13 = 1. */
    double lo, hi;
    acc_stat_welch_ci(13, sqrt(13), 3, 14, sqrt(13), 3, 0.95, &lo, &hi);
    assert_close(hi - 1, T4 * sqrt(26.0 / 3), 1e-9);
    assert_close(1 - lo, T4 * sqrt(26.0 / 3), 1e-9);
    /* both constant: se = 0, the interval is the point */
    acc_stat_welch_ci(5, 0, 3, 5, 0, 3, 0.95, &lo, &hi);
    assert_true(lo == 0 && hi == 0);
    acc_stat_welch_ci(5, 0, 3, 7.5, 0, 2, 0.95, &lo, &hi);
    assert_true(lo == 2.5 && hi == 2.5);
    /* unequal sizes: ν from Welch–Satterthwaite, between min(n) - 1 and n_a + n_b - 2 */
    acc_stat_welch_ci(0, 1, 10, 1, 3, 4, 0.95, &lo, &hi);
    double va = 1.0 / 10, vb = 9.0 / 4, nu = (va + vb) * (va + vb) / (va * va / 9 + vb * vb / 3);
    assert_true(nu > 3 && nu < 12);
    assert_close(hi - 1, acc_stat_t_quantile(0.975, nu) * sqrt(va + vb), 1e-12);
    /* fewer than 2 values on a side, or a bad level: no interval */
    acc_stat_welch_ci(13, sqrt(13), 3, 14, NAN, 1, 0.95, &lo, &hi);
    assert_true(isnan(lo) && isnan(hi));
    acc_stat_welch_ci(13, sqrt(13), 3, 14, sqrt(13), 3, 1.5, &lo, &hi);
    assert_true(isnan(lo) && isnan(hi));
}

/* ---- quantiles -------------------------------------------------------- */

static void test_quantiles(void **state)
{
    (void)state;
    /* sorted: 1.25 2 3.5 4.75 9; type 7, h = 4p:
     * p = 0.3: h = 1.2 → 2 + 0.2·1.5 = 2.3; p = 0.9: h = 3.6 → 4.75 + 0.6·4.25 = 7.3 */
    const double x[] = {3.5, 1.25, 9.0, 4.75, 2.0};
    double q;
    char err[ACC_ERRLEN] = "";
    assert_int_equal(acc_stat_quantile(x, 5, 0.3, &q, err, sizeof err), ACC_OK);
    assert_close(q, 2.3, 1e-15);
    assert_int_equal(acc_stat_quantile(x, 5, 0.9, &q, err, sizeof err), ACC_OK);
    assert_close(q, 7.3, 1e-14);
    assert_true(x[0] == 3.5 && x[2] == 9.0); /* the copying version leaves x alone */

    double y[] = {3.5, NAN, 1.25, 9.0, NAN, 4.75, 2.0};
    const double p[] = {0, 0.5, 1, 0.3, 0.25};
    double out[5];
    assert_int_equal(acc_stat_quantiles_inplace(y, 7, p, 5, out, err, sizeof err), ACC_OK);
    assert_true(out[0] == 1.25 && out[1] == 3.5 && out[2] == 9.0 && out[4] == 2.0);
    assert_close(out[3], 2.3, 1e-15);
    assert_true(y[0] == 1.25 && y[4] == 9.0 && isnan(y[5]) && isnan(y[6])); /* sorted, NaN last */

    const double single = 4.125;
    assert_int_equal(acc_stat_quantile(&single, 1, 0.8, &q, err, sizeof err), ACC_OK);
    assert_true(q == 4.125);
    const double nans[] = {NAN, NAN};
    assert_int_equal(acc_stat_quantile(nans, 2, 0.5, &q, err, sizeof err), ACC_OK);
    assert_true(isnan(q));
    assert_int_equal(acc_stat_quantile(NULL, 0, 0.5, &q, err, sizeof err), ACC_OK);
    assert_true(isnan(q));
    assert_int_equal(acc_stat_quantile(x, 5, 1.5, &q, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "must be in [0, 1]"));
    assert_int_equal(acc_stat_quantile(x, 5, NAN, &q, err, sizeof err), ACC_EINVAL);
}

/* ---- Sobol' ----------------------------------------------------------- */

/* Ishigami: f = sin x1 + a sin² x2 + b x3⁴ sin x1, x_i ~ U(−π, π).
 * With E[sin² x] = 1/2, Var(sin² x) = 1/8, E[x⁴] = π⁴/5, E[x⁸] = π⁸/9:
 *   V1  = Var(E[f|x1]) = (1 + b π⁴/5)² / 2
 *   V2  = a² / 8,  V3 = 0
 *   V13 = b² π⁸ (1/18 − 1/50) = 8 b² π⁸ / 225  (x1–x3 interaction)
 *   V   = a²/8 + b π⁴/5 + b² π⁸/18 + 1/2 = V1 + V2 + V13
 *   S_i = V_i / V;  ST1 = (V1 + V13)/V, ST2 = V2/V, ST3 = V13/V. */
#define ISH_A 7.0
#define ISH_B 0.1
#define ISH_PI 3.14159265358979323846

static double ishigami(const double *u)
{
    double x1 = -ISH_PI + 2 * ISH_PI * u[0], x2 = -ISH_PI + 2 * ISH_PI * u[1],
           x3 = -ISH_PI + 2 * ISH_PI * u[2];
    double s2 = sin(x2);
    return sin(x1) + ISH_A * s2 * s2 + ISH_B * pow(x3, 4) * sin(x1);
}

static void ishigami_truth(double s1[3], double st[3])
{
    const double a = ISH_A, b = ISH_B, pi4 = pow(ISH_PI, 4), pi8 = pow(ISH_PI, 8);
    double v = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5;
    double v1 = 0.5 * (1 + b * pi4 / 5) * (1 + b * pi4 / 5);
    double v2 = a * a / 8;
    double v13 = 8 * b * b * pi8 / 225;
    assert_close(v1 + v2 + v13, v, 1e-12); /* the decomposition is complete */
    s1[0] = v1 / v, s1[1] = v2 / v, s1[2] = 0;
    st[0] = (v1 + v13) / v, st[1] = v2 / v, st[2] = v13 / v;
}

/* Outputs of f over a sobol design. */
static double *eval_design(const acc_design *g, double (*f)(const double *))
{
    uint64_t n = acc_design_n_points(g);
    double *y = malloc(n * sizeof *y), u[8];
    assert_non_null(y);
    for (uint64_t i = 0; i < n; i++) {
        assert_int_equal(acc_design_point(g, i, u), ACC_OK);
        y[i] = f(u);
    }
    return y;
}

static void test_sobol_ishigami(void **state)
{
    (void)state;
    double s1[3], st[3];
    ishigami_truth(s1, st);
    /* the rounded published values */
    assert_close(s1[0], 0.3139, 1e-4);
    assert_close(s1[1], 0.4424, 1e-4);
    assert_close(st[0], 0.5576, 1e-4);
    assert_close(st[2], 0.2437, 1e-4);

    const uint64_t n = 4096;
    acc_design_opts o;
    acc_design_opts_init(&o);
    o.n = n;
    acc_design *g = NULL;
    char err[ACC_ERRLEN] = "";
    assert_int_equal(acc_design_new(&g, ACC_DESIGN_SOBOL, 3, &o, 42, err, sizeof err), ACC_OK);
    double *y = eval_design(g, ishigami);

    acc_stat_sobol_opts so;
    acc_stat_sobol_opts_init(&so);
    assert_int_equal(so.n_boot, 1000);
    so.seed = 42;
    so.outcome = 0;
    acc_stat_sobol_index idx[3];
    acc_stat_sobol_summary sum;
    assert_int_equal(acc_stat_sobol(y, n, 3, &so, idx, &sum, err, sizeof err), ACC_OK);
    assert_int_equal(sum.n_used, n);
    assert_int_equal(sum.n_dropped, 0);
    assert_int_equal(sum.n_boot_valid, 1000);
    double v = ISH_A * ISH_A / 8 + ISH_B * pow(ISH_PI, 4) / 5 +
               ISH_B * ISH_B * pow(ISH_PI, 8) / 18 + 0.5;
    assert_rel(sum.variance, v, 0.02);
    assert_close(sum.mean, ISH_A / 2, 0.05); /* E f = a/2 */
    for (int k = 0; k < 3; k++) {
        printf("x%d: S1 = %.4f [%.4f, %.4f] (true %.4f)   ST = %.4f [%.4f, %.4f] (true %.4f)\n",
               k + 1, idx[k].s1, idx[k].s1_lo, idx[k].s1_hi, s1[k], idx[k].st, idx[k].st_lo,
               idx[k].st_hi, st[k]);
        /* the analytic value inside the 95 % bootstrap interval */
        assert_true(idx[k].s1_lo <= s1[k] && s1[k] <= idx[k].s1_hi);
        assert_true(idx[k].st_lo <= st[k] && st[k] <= idx[k].st_hi);
        /* and the intervals informative (not a pass by width) */
        assert_true(idx[k].s1_hi - idx[k].s1_lo < 0.1);
        assert_true(idx[k].st_hi - idx[k].st_lo < 0.1);
        assert_true(idx[k].s1_lo <= idx[k].s1 && idx[k].s1 <= idx[k].s1_hi);
    }
    free(y);
    acc_design_free(g);
}

static void test_sobol_hand_case(void **state)
{
    (void)state;
    /* d = 1, N = 2, rows (f(A), f(B), f(AB)) = (1.5, 4, 2.5), (3.25, 0.5, 1).
     * mean 9.25/4 = 2.3125; variance (0.66015625 + 2.84765625 + 0.87890625 +
     * 3.28515625)/4 = 1.91796875; V1 = ((4 − 2.3125)(2.5 − 1.5) + (0.5 −
     * 2.3125)(1 − 3.25))/2 = 2.8828125; VT = ((1.5 − 2.5)² + (3.25 − 1)²)/4 =
     * 1.515625. (S1 > 1 is fine: N = 2 is just arithmetic.) */
    const double y[] = {1.5, 4.0, 2.5, 3.25, 0.5, 1.0};
    acc_stat_sobol_opts so;
    acc_stat_sobol_opts_init(&so);
    so.n_boot = 0;
    acc_stat_sobol_index idx;
    acc_stat_sobol_summary sum;
    char err[ACC_ERRLEN] = "";
    assert_int_equal(acc_stat_sobol(y, 2, 1, &so, &idx, &sum, err, sizeof err), ACC_OK);
    assert_close(sum.mean, 2.3125, 1e-15);
    assert_close(sum.variance, 1.91796875, 1e-15);
    assert_close(idx.s1, 2.8828125 / 1.91796875, 1e-14);
    assert_close(idx.st, 1.515625 / 1.91796875, 1e-14);
    assert_true(isnan(idx.s1_lo) && isnan(idx.st_hi)); /* no bootstrap asked */
    assert_int_equal(sum.n_boot, 0);
}

static void test_sobol_failed_rows(void **state)
{
    (void)state;
    /* Rule: a row j with any non-finite output among its d+2 is dropped whole.
     * So a run with rows 17 and 300 broken must equal, bit for bit, the run
     * on the same data with those rows removed (same bootstrap stream, same
     * number of rows to resample). */
    const uint64_t n = 512;
    const size_t d = 3, w = d + 2;
    acc_design_opts o;
    acc_design_opts_init(&o);
    o.n = n;
    acc_design *g = NULL;
    char err[ACC_ERRLEN] = "";
    assert_int_equal(acc_design_new(&g, ACC_DESIGN_SOBOL, d, &o, 8, err, sizeof err), ACC_OK);
    double *y = eval_design(g, ishigami);
    double *kept = malloc((n - 2) * w * sizeof *kept);
    assert_non_null(kept);
    y[17 * w + ACC_SOBOL_BLOCK_AB + 1] = NAN;
    y[300 * w + ACC_SOBOL_BLOCK_A] = INFINITY;
    for (uint64_t j = 0, m = 0; j < n; j++)
        if (j != 17 && j != 300)
            memcpy(kept + (m++) * w, y + j * w, w * sizeof *y);

    acc_stat_sobol_opts so;
    acc_stat_sobol_opts_init(&so);
    so.n_boot = 200;
    so.seed = 77;
    so.outcome = 3;
    acc_stat_sobol_index a[3], b[3];
    acc_stat_sobol_summary sa, sb;
    assert_int_equal(acc_stat_sobol(y, n, d, &so, a, &sa, err, sizeof err), ACC_OK);
    assert_int_equal(acc_stat_sobol(kept, n - 2, d, &so, b, &sb, err, sizeof err), ACC_OK);
    assert_int_equal(sa.n_rows, n);
    assert_int_equal(sa.n_used, n - 2);
    assert_int_equal(sa.n_dropped, 2);
    assert_int_equal(sb.n_dropped, 0);
    assert_memory_equal(a, b, sizeof a);
    for (size_t k = 0; k < d; k++)
        assert_true(isfinite(a[k].s1) && isfinite(a[k].st_lo) && isfinite(a[k].st_hi));

    /* every row but one broken: an error naming the count, not garbage */
    for (uint64_t j = 1; j < n; j++)
        y[j * w + ACC_SOBOL_BLOCK_B] = NAN;
    assert_int_equal(acc_stat_sobol(y, n, d, &so, a, &sa, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "511 of 512 rows"));
    free(kept);
    free(y);
    acc_design_free(g);
}

static void test_sobol_bootstrap_seeding(void **state)
{
    (void)state;
    const uint64_t n = 256;
    acc_design_opts o;
    acc_design_opts_init(&o);
    o.n = n;
    acc_design *g = NULL;
    char err[ACC_ERRLEN] = "";
    assert_int_equal(acc_design_new(&g, ACC_DESIGN_SOBOL, 3, &o, 8, err, sizeof err), ACC_OK);
    double *y = eval_design(g, ishigami);
    acc_stat_sobol_opts so;
    acc_stat_sobol_opts_init(&so);
    so.n_boot = 300;
    so.seed = 5;
    acc_stat_sobol_index a[3], b[3], c[3], e[3];
    assert_int_equal(acc_stat_sobol(y, n, 3, &so, a, NULL, err, sizeof err), ACC_OK);
    assert_int_equal(acc_stat_sobol(y, n, 3, &so, b, NULL, err, sizeof err), ACC_OK);
    assert_memory_equal(a, b, sizeof a); /* same (seed, outcome): same intervals */
    so.outcome = 1;
    assert_int_equal(acc_stat_sobol(y, n, 3, &so, c, NULL, err, sizeof err), ACC_OK);
    assert_true(a[0].s1 == c[0].s1);       /* point estimates do not resample */
    assert_true(a[0].s1_lo != c[0].s1_lo); /* another outcome: another stream */
    /* wider level → wider interval */
    so.level = 0.99;
    assert_int_equal(acc_stat_sobol(y, n, 3, &so, e, NULL, err, sizeof err), ACC_OK);
    assert_true(e[1].s1_lo <= c[1].s1_lo && e[1].s1_hi >= c[1].s1_hi);
    /* NULL options: defaults (1000 replicates, 95 %) */
    assert_int_equal(acc_stat_sobol(y, n, 3, NULL, e, NULL, err, sizeof err), ACC_OK);
    assert_true(isfinite(e[2].st_lo));
    free(y);
    acc_design_free(g);
}

static void test_sobol_errors(void **state)
{
    (void)state;
    const double y[] = {1.5, 4.0, 2.5, 3.25, 0.5, 1.0};
    acc_stat_sobol_opts so;
    acc_stat_sobol_opts_init(&so);
    acc_stat_sobol_index idx;
    acc_stat_sobol_summary sum;
    char err[ACC_ERRLEN] = "";
    assert_int_equal(acc_stat_sobol(y, 2, 0, &so, &idx, &sum, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "at least 1 dimension"));
    so.level = 1.2;
    assert_int_equal(acc_stat_sobol(y, 2, 1, &so, &idx, &sum, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "confidence level"));
    so.level = 0.95;
    assert_int_equal(acc_stat_sobol(y, 1, 1, &so, &idx, &sum, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "at least 2 complete rows"));
    /* a constant output: nothing to attribute, NaN everywhere, variance 0 */
    const double flat[] = {2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5};
    assert_int_equal(acc_stat_sobol(flat, 3, 1, &so, &idx, &sum, err, sizeof err), ACC_OK);
    assert_true(sum.variance == 0);
    assert_true(isnan(idx.s1) && isnan(idx.st) && isnan(idx.s1_lo) && isnan(idx.st_hi));
    assert_int_equal(sum.n_boot, 0);
}

/* ---- Morris ----------------------------------------------------------- */

static void test_morris_ishigami(void **state)
{
    (void)state;
    /* p = 4 puts each x on {−π, −π/3, π/3, π}, Δ = 2/3 (a jump of 4π/3).
     * x2: sin² x2 jumps between 0 and 3/4 every time, so |EE2| = a·(3/4)/Δ
     * = 63/8 exactly. x1: |Δ sin x1| = √3/2 always, times (1 + b x3⁴) with
     * x3⁴ equally likely π⁴ or π⁴/81: E|EE1| = (√3/2)/Δ·(1 + b(π⁴ + π⁴/81)/2)
     * ≈ 7.70, and |EE1| takes two values with probability ½ each.
     * x3: |Δ x3⁴| = π⁴(1 − 1/81), times b|sin x1|, |sin x1| ∈ {0, √3/2}
     * equally likely: E|EE3| = b π⁴ (80/81)(√3/4)/Δ ≈ 6.25, two values again.
     * With r = 1000 the standard error of each μ* is about 0.2. */
    const size_t d = 3;
    const uint64_t r = 1000;
    acc_design_opts o;
    acc_design_opts_init(&o);
    o.n = r;
    acc_design *g = NULL;
    char err[ACC_ERRLEN] = "";
    assert_int_equal(acc_design_new(&g, ACC_DESIGN_MORRIS, d, &o, 1991, err, sizeof err),
                     ACC_OK);
    double *y = eval_design(g, ishigami);
    acc_stat_morris_effect e[3];
    assert_int_equal(acc_stat_morris(g, y, e, err, sizeof err), ACC_OK);
    const double delta = 2.0 / 3.0, pi4 = pow(ISH_PI, 4);
    const double hi1 = sqrt(3) / 2 / delta * (1 + ISH_B * pi4),
                 lo1 = sqrt(3) / 2 / delta * (1 + ISH_B * pi4 / 81);
    const double hi3 = ISH_B * pi4 * (80.0 / 81) * (sqrt(3) / 2) / delta;
    const double want1 = (hi1 + lo1) / 2, se1 = (hi1 - lo1) / 2 / sqrt((double)r);
    const double want3 = hi3 / 2, se3 = hi3 / 2 / sqrt((double)r);
    for (size_t k = 0; k < d; k++) {
        printf("x%zu: mu = %.4f  mu* = %.4f  sigma = %.4f  (n = %llu)\n", k + 1, e[k].mu,
               e[k].mu_star, e[k].sigma, (unsigned long long)e[k].n);
        assert_int_equal(e[k].n, r);
    }
    assert_close(e[1].mu_star, 63.0 / 8.0, 1e-9);
    assert_close(e[0].mu_star, want1, 4 * se1);
    assert_close(e[2].mu_star, want3, 4 * se3);
    assert_true(e[0].mu_star > e[2].mu_star && e[1].mu_star > e[2].mu_star);
    /* σ: EE2 is ±63/8 with random sign, so σ2 ≈ 63/8 */
    assert_close(e[1].sigma, 63.0 / 8.0, 0.1);

    /* A failed run (NaN) removes the two effects that touch it. */
    size_t dim_in, dim_out;
    double dl;
    acc_design_morris_step(g, 5, 1, &dim_in, &dl);
    acc_design_morris_step(g, 5, 2, &dim_out, &dl);
    y[acc_design_morris_index(d, 5, 1)] = NAN;
    assert_int_equal(acc_stat_morris(g, y, e, err, sizeof err), ACC_OK);
    for (size_t k = 0; k < d; k++)
        assert_int_equal(e[k].n, r - (k == dim_in) - (k == dim_out));
    free(y);
    acc_design_free(g);
}

static void test_morris_raw(void **state)
{
    (void)state;
    /* d = 1, r = 2: EE = (3.5 − 1)/(2/3) = 3.75 and (0.5 − 2)/(−2/3) = 2.25;
     * μ = μ* = 3, σ = sqrt(2·0.75²/1) = 1.0606601717798212. */
    const double y[] = {1.0, 3.5, 2.0, 0.5};
    const size_t dims[] = {0, 0};
    const double deltas[] = {2.0 / 3.0, -2.0 / 3.0};
    acc_stat_morris_effect e;
    char err[ACC_ERRLEN] = "";
    assert_int_equal(acc_stat_morris_raw(y, 2, 1, dims, deltas, &e, err, sizeof err), ACC_OK);
    assert_close(e.mu, 3.0, 1e-14);
    assert_close(e.mu_star, 3.0, 1e-14);
    assert_close(e.sigma, 1.0606601717798212, 1e-14);
    assert_int_equal(e.n, 2);
    /* one effect: σ undefined; none: all undefined */
    const double y1[] = {1.0, 3.5, 2.0, NAN};
    assert_int_equal(acc_stat_morris_raw(y1, 2, 1, dims, deltas, &e, err, sizeof err), ACC_OK);
    assert_int_equal(e.n, 1);
    assert_close(e.mu, 3.75, 1e-14);
    assert_true(isnan(e.sigma));
    const double y0[] = {NAN, 3.5, NAN, 0.5};
    assert_int_equal(acc_stat_morris_raw(y0, 2, 1, dims, deltas, &e, err, sizeof err), ACC_OK);
    assert_int_equal(e.n, 0);
    assert_true(isnan(e.mu) && isnan(e.mu_star) && isnan(e.sigma));
    /* errors */
    const size_t bad_dims[] = {0, 1};
    assert_int_equal(acc_stat_morris_raw(y, 2, 1, bad_dims, deltas, &e, err, sizeof err),
                     ACC_EINVAL);
    assert_non_null(strstr(err, "trajectory 1 step 1 has dimension 1"));
    const double zero[] = {2.0 / 3.0, 0.0};
    assert_int_equal(acc_stat_morris_raw(y, 2, 1, dims, zero, &e, err, sizeof err), ACC_EINVAL);
    assert_int_equal(acc_stat_morris_raw(y, 0, 1, dims, deltas, &e, err, sizeof err),
                     ACC_EINVAL);
    assert_int_equal(acc_stat_morris_raw(y, 2, 0, dims, deltas, &e, err, sizeof err),
                     ACC_EINVAL);
    /* a design that is not morris */
    acc_design_opts o;
    acc_design_opts_init(&o);
    o.n = 4;
    acc_design *g = NULL;
    assert_int_equal(acc_design_new(&g, ACC_DESIGN_LHS, 1, &o, 1, err, sizeof err), ACC_OK);
    assert_int_equal(acc_stat_morris(g, y, &e, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "not a morris design"));
    assert_int_equal(acc_stat_morris(NULL, y, &e, err, sizeof err), ACC_EINVAL);
    acc_design_free(g);
}

/* Intervals cut to an outcome's support: harm over 3 replications 12.5,
 * 0.75, 331.25 has mean 114.8333.., sd 187.5144.. (by hand), t_{0.975,2} =
 * 4.302653, so the t interval is [-350.978, 580.645]: cut to [0, 580.645]. A
 * share's [-0.2, 1.3] becomes [0, 1]; bounds inside stay; NaN stays NaN. */
static void test_interval_clip(void **state)
{
    (void)state;
    double x[3] = {12.5, 0.75, 331.25};
    acc_stat_interval ci;
    acc_stat_mean_ci(x, 3, 1, 0.95, &ci);
    assert_true(fabs(ci.mean - 114.83333333333333) < 1e-9);
    assert_true(fabs(ci.sd - 187.514388) < 1e-5);
    assert_true(fabs(ci.lo + 350.97823) < 1e-4);
    double lo = ci.lo, hi = ci.hi;
    acc_stat_interval_clip(&lo, &hi, 0, INFINITY);
    assert_true(lo == 0.0);
    assert_true(hi == ci.hi);
    lo = -0.2, hi = 1.3;
    acc_stat_interval_clip(&lo, &hi, 0, 1);
    assert_true(lo == 0.0 && hi == 1.0);
    lo = 0.25, hi = 0.5;
    acc_stat_interval_clip(&lo, &hi, 0, 1);
    assert_true(lo == 0.25 && hi == 0.5);
    lo = -3.5, hi = 2;
    acc_stat_interval_clip(&lo, &hi, -INFINITY, INFINITY);
    assert_true(lo == -3.5 && hi == 2);
    lo = NAN, hi = NAN;
    acc_stat_interval_clip(&lo, &hi, 0, 1);
    assert_true(isnan(lo) && isnan(hi));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_welford_vs_two_pass),
        cmocka_unit_test(test_welford_merge),
        cmocka_unit_test(test_welford_ci),
        cmocka_unit_test(test_mean_ci),
        cmocka_unit_test(test_paired_ci),
        cmocka_unit_test(test_welch_ci),
        cmocka_unit_test(test_quantiles),
        cmocka_unit_test(test_sobol_hand_case),
        cmocka_unit_test(test_sobol_ishigami),
        cmocka_unit_test(test_sobol_failed_rows),
        cmocka_unit_test(test_sobol_bootstrap_seeding),
        cmocka_unit_test(test_sobol_errors),
        cmocka_unit_test(test_morris_ishigami),
        cmocka_unit_test(test_morris_raw),
        cmocka_unit_test(test_interval_clip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
