/* Unit tests of accord's randomness: keyed draws (pure functions of their
 * key, uniform, independent across key components), inverse-CDF helpers
 * against closed forms, and the xoshiro256** GSL type (reference outputs of
 * the published algorithm, full 64-bit seeding, GSL distributions on it).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_randist.h>

#include "core/rng.h"

static void test_key_draw_is_pure_function(void **state)
{
    (void)state;
    double a = acc_u01(12345, 7, ACC_STREAM_RISK, 42, 1001, 3, 2);
    double b = acc_u01(12345, 7, ACC_STREAM_RISK, 42, 1001, 3, 2);
    assert_true(a == b);
    /* the prefix form equals the full-key form */
    uint64_t p = acc_key_prefix(12345, 7, ACC_STREAM_RISK, 42);
    assert_true(acc_key_u01(p, 1001, 3, 2) == a);
    /* changing any one component changes the draw */
    assert_true(acc_u01(12346, 7, ACC_STREAM_RISK, 42, 1001, 3, 2) != a);
    assert_true(acc_u01(12345, 8, ACC_STREAM_RISK, 42, 1001, 3, 2) != a);
    assert_true(acc_u01(12345, 7, ACC_STREAM_AUDIT, 42, 1001, 3, 2) != a);
    assert_true(acc_u01(12345, 7, ACC_STREAM_RISK, 43, 1001, 3, 2) != a);
    assert_true(acc_u01(12345, 7, ACC_STREAM_RISK, 42, 1002, 3, 2) != a);
    assert_true(acc_u01(12345, 7, ACC_STREAM_RISK, 42, 1001, 4, 2) != a);
    assert_true(acc_u01(12345, 7, ACC_STREAM_RISK, 42, 1001, 3, 3) != a);
}

static void test_key_draws_uniform(void **state)
{
    (void)state;
    /* 10 equal bins over 200,000 draws varying the entity: chi-square with
     * 9 dof; the 99.99 % quantile is 33.7. Mean 0.5 within 5 standard errors
     * (sd of U(0,1) = 1/sqrt(12)). */
    enum { N = 200000, BINS = 10 };
    long count[BINS] = {0};
    double sum = 0, mn = 1, mx = 0;
    uint64_t p = acc_key_prefix(2.385e9, 3, ACC_STREAM_DETECTION, 17);
    for (uint64_t i = 0; i < N; i++) {
        double u = acc_key_u01(p, i, 5, 0);
        assert_true(u > 0 && u < 1);
        count[(int)(u * BINS)]++;
        sum += u;
        mn = u < mn ? u : mn;
        mx = u > mx ? u : mx;
    }
    double chi2 = 0, e = (double)N / BINS;
    for (int b = 0; b < BINS; b++)
        chi2 += (count[b] - e) * (count[b] - e) / e;
    assert_true(chi2 < 33.7);
    assert_true(fabs(sum / N - 0.5) < 5 / sqrt(12.0 * N));
    assert_true(mn < 1e-4 && mx > 1 - 1e-4);
}

static void test_key_draws_uncorrelated_across_steps(void **state)
{
    (void)state;
    /* Correlation between the draws of consecutive steps for the same entity:
     * |r| < 5/sqrt(N) for independent draws. */
    enum { N = 100000 };
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (uint64_t i = 0; i < N; i++) {
        double x = acc_u01(99, 0, ACC_STREAM_ENTRY, 10, i, 0, 0);
        double y = acc_u01(99, 0, ACC_STREAM_ENTRY, 11, i, 0, 0);
        sx += x, sy += y, sxx += x * x, syy += y * y, sxy += x * y;
    }
    double cov = sxy / N - (sx / N) * (sy / N);
    double r = cov / sqrt((sxx / N - sx * sx / N / N) * (syy / N - sy * sy / N / N));
    assert_true(fabs(r) < 5 / sqrt((double)N));
}

static void test_inverse_cdfs(void **state)
{
    (void)state;
    /* Pareto: P(X > x) = (xmin/x)^k, so the u-quantile of the survival is
     * x = xmin u^(-1/k): u = 0.25, xmin = 1.5, k = 2 -> 1.5 * 2 = 3. */
    assert_float_equal(acc_u_pareto(0.25, 1.5, 2.0), 3.0, 1e-12);
    /* lognormal median is exp(mu) */
    assert_float_equal(acc_u_lognormal(0.5, 0.7, 1.3), exp(0.7), 1e-12);
    /* exponential: -mean ln u */
    assert_float_equal(acc_u_exponential(exp(-2.0), 3.5), 7.0, 1e-12);
    /* Poisson(1.7): P(0) = e^-1.7 = 0.18268, P(<=1) = 2.7 e^-1.7 = 0.49325,
     * P(<=2) = (1 + 1.7 + 1.445) e^-1.7 = 0.75722 */
    assert_int_equal(acc_u_poisson(0.18, 1.7), 0);
    assert_int_equal(acc_u_poisson(0.19, 1.7), 1);
    assert_int_equal(acc_u_poisson(0.49, 1.7), 1);
    assert_int_equal(acc_u_poisson(0.50, 1.7), 2);
    assert_int_equal(acc_u_poisson(0.757, 1.7), 2);
    assert_int_equal(acc_u_poisson(0.758, 1.7), 3);
    assert_int_equal(acc_u_poisson(0.5, 0.0), 0);
    /* mean of Poisson(3.2) by inversion of keyed uniforms */
    double s = 0;
    for (uint64_t i = 0; i < 100000; i++)
        s += acc_u_poisson(acc_u01(5, 0, ACC_STREAM_ENTRY, 1, i, 0, 0), 3.2);
    assert_true(fabs(s / 100000 - 3.2) < 5 * sqrt(3.2 / 100000));
}

static void test_xoshiro_reference(void **state)
{
    (void)state;
    /* xoshiro256** from state {1, 2, 3, 4}: the first output is
     * rotl(2 * 5, 7) * 9 = 1280 * 9 = 11520; the second, after one state
     * update (s = {7, 0, 262146, 211106232532992}), is rotl(0, 7) * 9 = 0;
     * the third: s1 = 7 ^ 262146 ^ ... computed by hand below. */
    gsl_rng *r = gsl_rng_alloc(acc_rng_xoshiro256ss);
    assert_non_null(r);
    uint64_t *s = r->state;
    s[0] = 1, s[1] = 2, s[2] = 3, s[3] = 4;
    assert_true(acc_rng_next64(r) == 11520u);
    assert_true(s[0] == 7 && s[1] == 0 && s[2] == 262146 && s[3] == 211106232532992ULL);
    assert_true(acc_rng_next64(r) == 0u);
    gsl_rng_free(r);
}

static void test_xoshiro_seeding_keeps_64_bits(void **state)
{
    (void)state;
    /* Seeds differing only above bit 32 give different streams (stock GSL
     * generators would alias them). */
    gsl_rng *a = acc_rng_stream_new(0x100000001ULL, 0, ACC_STREAM_LUA, 0);
    gsl_rng *b = acc_rng_stream_new(0x000000001ULL, 0, ACC_STREAM_LUA, 0);
    gsl_rng *c = acc_rng_stream_new(0x100000001ULL, 0, ACC_STREAM_LUA, 0);
    assert_true(acc_rng_next64(a) != acc_rng_next64(b));
    gsl_rng_free(a);
    a = acc_rng_stream_new(0x100000001ULL, 0, ACC_STREAM_LUA, 0);
    for (int i = 0; i < 100; i++)
        assert_true(acc_rng_next64(a) == acc_rng_next64(c));
    /* run and stream and sub each change the sequence */
    gsl_rng *d = acc_rng_stream_new(0x100000001ULL, 1, ACC_STREAM_LUA, 0);
    gsl_rng *e = acc_rng_stream_new(0x100000001ULL, 0, ACC_STREAM_BOOTSTRAP, 0);
    gsl_rng *f = acc_rng_stream_new(0x100000001ULL, 0, ACC_STREAM_LUA, 1);
    uint64_t x = acc_rng_next64(c);
    assert_true(acc_rng_next64(d) != x && acc_rng_next64(e) != x && acc_rng_next64(f) != x);
    assert_string_equal(gsl_rng_name(a), "xoshiro256**");
    gsl_rng_free(a), gsl_rng_free(b), gsl_rng_free(c), gsl_rng_free(d), gsl_rng_free(e),
        gsl_rng_free(f);
}

static void test_xoshiro_with_gsl_distributions(void **state)
{
    (void)state;
    gsl_rng *r = acc_rng_stream_new(2024, 0, ACC_STREAM_BOOTSTRAP, 0);
    enum { N = 200000 };
    double s = 0, s2 = 0;
    for (int i = 0; i < N; i++) {
        double g = gsl_ran_gaussian(r, 2.0);
        s += g, s2 += g * g;
        double u = gsl_rng_uniform(r);
        assert_true(u >= 0 && u < 1);
        unsigned long k = gsl_rng_uniform_int(r, 7);
        assert_true(k < 7);
    }
    assert_true(fabs(s / N) < 5 * 2.0 / sqrt((double)N));
    assert_true(fabs(s2 / N - 4.0) < 0.1);
    gsl_rng_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_draw_is_pure_function),
        cmocka_unit_test(test_key_draws_uniform),
        cmocka_unit_test(test_key_draws_uncorrelated_across_steps),
        cmocka_unit_test(test_inverse_cdfs),
        cmocka_unit_test(test_xoshiro_reference),
        cmocka_unit_test(test_xoshiro_seeding_keeps_64_bits),
        cmocka_unit_test(test_xoshiro_with_gsl_distributions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
