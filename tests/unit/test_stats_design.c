/* accord — tests of the experimental designs: grid order, LHS strata,
 * determinism and random access, Saltelli and Morris layouts, validation.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_qrng.h>

#include "base/common.h"
#include "stats/design.h"

static acc_design *make(acc_design_type type, size_t d, const acc_design_opts *o, uint64_t seed)
{
    acc_design *g = NULL;
    char err[ACC_ERRLEN] = "";
    int rc = acc_design_new(&g, type, d, o, seed, err, sizeof err);
    if (rc != ACC_OK)
        fail_msg("acc_design_new(%s): %s", acc_design_type_name(type), err);
    return g;
}

static acc_design_opts opts_n(uint64_t n)
{
    acc_design_opts o;
    acc_design_opts_init(&o);
    o.n = n;
    return o;
}

/* ---- grid ------------------------------------------------------------- */

static void test_grid_2x3(void **state)
{
    (void)state;
    uint32_t levels[] = {2, 3};
    acc_design_opts o = opts_n(0);
    o.levels = levels;
    acc_design *g = make(ACC_DESIGN_GRID, 2, &o, 7);
    assert_int_equal(acc_design_n_points(g), 6);
    assert_int_equal(acc_design_dim(g), 2);
    assert_int_equal(acc_design_type_of(g), ACC_DESIGN_GRID);
    /* Row-major, last dimension fastest: by hand. */
    const double want[6][2] = {{0, 0}, {0, 0.5}, {0, 1}, {1, 0}, {1, 0.5}, {1, 1}};
    double u[2];
    for (uint64_t i = 0; i < 6; i++) {
        assert_int_equal(acc_design_point(g, i, u), ACC_OK);
        assert_true(u[0] == want[i][0] && u[1] == want[i][1]);
    }
    assert_int_equal(acc_design_point(g, 6, u), ACC_EINVAL);
    acc_design_free(g);
}

static void test_grid_single_level_and_order(void **state)
{
    (void)state;
    /* 1 level sits at 0.5; 3 × 1 × 4 = 12 points; i = 7 is (1, 0, 3). */
    uint32_t levels[] = {3, 1, 4};
    acc_design_opts o = opts_n(0);
    o.levels = levels;
    acc_design *g = make(ACC_DESIGN_GRID, 3, &o, 0);
    assert_int_equal(acc_design_n_points(g), 12);
    double u[3];
    assert_int_equal(acc_design_point(g, 7, u), ACC_OK);
    assert_true(u[0] == 0.5 && u[1] == 0.5 && u[2] == 1.0);
    assert_int_equal(acc_design_point(g, 2, u), ACC_OK);
    assert_true(u[0] == 0.0 && u[1] == 0.5 && fabs(u[2] - 2.0 / 3.0) < 1e-15);
    assert_int_equal(acc_design_point(g, 11, u), ACC_OK);
    assert_true(u[0] == 1.0 && u[1] == 0.5 && u[2] == 1.0);
    acc_design_free(g);
}

static void test_value_index(void **state)
{
    (void)state;
    /* Grid levels map back to their index, for every list length. */
    for (size_t L = 2; L <= 40; L++)
        for (size_t k = 0; k < L; k++)
            assert_int_equal(acc_design_value_index((double)k / (double)(L - 1), L), k);
    assert_int_equal(acc_design_value_index(0.5, 1), 0);
    assert_int_equal(acc_design_value_index(0.9, 0), 0);
    /* Equal-width bins of a uniform u. */
    assert_int_equal(acc_design_value_index(0.2499999, 4), 0);
    assert_int_equal(acc_design_value_index(0.25, 4), 1);
    assert_int_equal(acc_design_value_index(0.74, 4), 2);
    assert_int_equal(acc_design_value_index(0.99999, 4), 3);
    assert_int_equal(acc_design_value_index(-0.3, 4), 0);
    assert_int_equal(acc_design_value_index(1.7, 4), 3);
    assert_int_equal(acc_design_value_index(NAN, 4), 0);
}

/* ---- lhs and random ----------------------------------------------------- */

static size_t stratum_of(double u, uint64_t n)
{
    /* The k with k/n <= u < (k+1)/n, found without trusting u·n's rounding. */
    size_t k = (size_t)(u * (double)n);
    if (k > 0 && u < (double)k / (double)n)
        k--;
    if (u >= (double)(k + 1) / (double)n)
        k++;
    return k;
}

static void test_lhs_strata(void **state)
{
    (void)state;
    const uint64_t ns[] = {1, 2, 7, 100, 1013};
    const size_t ds[] = {1, 3, 5};
    for (size_t a = 0; a < sizeof ns / sizeof *ns; a++) {
        for (size_t b = 0; b < sizeof ds / sizeof *ds; b++) {
            uint64_t n = ns[a];
            size_t d = ds[b];
            acc_design_opts o = opts_n(n);
            acc_design *g = make(ACC_DESIGN_LHS, d, &o, 0x2385 + n * 31 + d);
            assert_int_equal(acc_design_n_points(g), n);
            unsigned char *hit = calloc(n * d, 1);
            double *u = malloc(d * sizeof *u);
            assert_non_null(hit);
            assert_non_null(u);
            for (uint64_t i = 0; i < n; i++) {
                assert_int_equal(acc_design_point(g, i, u), ACC_OK);
                for (size_t k = 0; k < d; k++) {
                    assert_true(u[k] >= 0 && u[k] < 1);
                    size_t s = stratum_of(u[k], n);
                    assert_true(s < n);
                    assert_true((double)s / (double)n <= u[k]);
                    assert_true(u[k] < (double)(s + 1) / (double)n);
                    hit[s * d + k]++;
                }
            }
            for (uint64_t s = 0; s < n * d; s++)
                assert_int_equal(hit[s], 1);
            free(hit);
            free(u);
            acc_design_free(g);
        }
    }
}

/* Same seed → same points; other seed → other points; point(i) does not
 * depend on which points were asked for before. */
static void check_determinism(acc_design_type type, const acc_design_opts *o, size_t d)
{
    acc_design *g1 = make(type, d, o, 20240611);
    acc_design *g2 = make(type, d, o, 20240611);
    acc_design *g3 = make(type, d, o, 20240612);
    uint64_t n = acc_design_n_points(g1);
    double *fwd = malloc(n * d * sizeof *fwd), *u = malloc(d * sizeof *u);
    assert_non_null(fwd);
    assert_non_null(u);
    for (uint64_t i = 0; i < n; i++)
        assert_int_equal(acc_design_point(g1, i, fwd + i * d), ACC_OK);
    size_t differ = 0;
    for (uint64_t i = n; i-- > 0;) { /* reverse order, fresh handle */
        assert_int_equal(acc_design_point(g2, i, u), ACC_OK);
        assert_memory_equal(u, fwd + i * d, d * sizeof *u);
        assert_int_equal(acc_design_point(g3, i, u), ACC_OK);
        for (size_t k = 0; k < d; k++)
            differ += u[k] != fwd[i * d + k];
    }
    /* a strided order on the first handle again */
    for (uint64_t i = 0; i < n; i++) {
        uint64_t j = (i * 7919) % n;
        assert_int_equal(acc_design_point(g1, j, u), ACC_OK);
        assert_memory_equal(u, fwd + j * d, d * sizeof *u);
    }
    assert_true(differ > n * d / 2);
    free(fwd);
    free(u);
    acc_design_free(g1);
    acc_design_free(g2);
    acc_design_free(g3);
}

static void test_determinism(void **state)
{
    (void)state;
    acc_design_opts o = opts_n(257);
    check_determinism(ACC_DESIGN_RANDOM, &o, 4);
    check_determinism(ACC_DESIGN_LHS, &o, 4);
    o.n = 13;
    check_determinism(ACC_DESIGN_MORRIS, &o, 5);
    o.n = 16;
    check_determinism(ACC_DESIGN_SOBOL, &o, 21); /* pseudo-random fallback */
}

static void test_random_uniform(void **state)
{
    (void)state;
    /* 20000 coordinates: mean 1/2 and variance 1/12 within 5 standard errors. */
    acc_design_opts o = opts_n(5000);
    acc_design *g = make(ACC_DESIGN_RANDOM, 4, &o, 99);
    double u[4], sum = 0, sum2 = 0;
    for (uint64_t i = 0; i < 5000; i++) {
        assert_int_equal(acc_design_point(g, i, u), ACC_OK);
        for (int k = 0; k < 4; k++) {
            assert_true(u[k] > 0 && u[k] < 1);
            sum += u[k];
            sum2 += (u[k] - 0.5) * (u[k] - 0.5);
        }
    }
    double m = sum / 20000, v = sum2 / 20000;
    assert_true(fabs(m - 0.5) < 5 * sqrt(1.0 / 12 / 20000));
    assert_true(fabs(v - 1.0 / 12) < 5 * sqrt(1.0 / 180 / 20000)); /* Var((u−½)²) = 1/180 */
    acc_design_free(g);
}

/* ---- sobol ------------------------------------------------------------ */

static void test_sobol_layout(void **state)
{
    (void)state;
    const size_t d = 3;
    const uint64_t n = 64;
    acc_design_opts o = opts_n(n);
    o.sobol_skip = 5;
    acc_design *g = make(ACC_DESIGN_SOBOL, d, &o, 1);
    assert_int_equal(acc_design_n_points(g), n * (d + 2));
    assert_int_equal(acc_design_sobol_rows(g), n);
    assert_int_equal(acc_design_sobol_quasi(g), 1);
    /* Rows are GSL's Sobol' sequence in 2d dimensions after 5 skipped points. */
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)(2 * d));
    assert_non_null(q);
    double x[6], a[3], b[3], ab[3];
    for (int s = 0; s < 5; s++)
        gsl_qrng_get(q, x);
    for (uint64_t j = 0; j < n; j++) {
        gsl_qrng_get(q, x);
        assert_int_equal(acc_design_point(g, acc_design_sobol_index(d, j, ACC_SOBOL_BLOCK_A), a),
                         ACC_OK);
        assert_int_equal(acc_design_point(g, acc_design_sobol_index(d, j, ACC_SOBOL_BLOCK_B), b),
                         ACC_OK);
        assert_memory_equal(a, x, sizeof a);
        assert_memory_equal(b, x + d, sizeof b);
        for (size_t i = 0; i < d; i++) {
            uint64_t idx = j * (d + 2) + 2 + i;
            assert_int_equal(acc_design_sobol_index(d, j, ACC_SOBOL_BLOCK_AB + i), idx);
            assert_int_equal(acc_design_point(g, idx, ab), ACC_OK);
            for (size_t k = 0; k < d; k++)
                assert_true(ab[k] == (k == i ? b[k] : a[k]));
        }
    }
    gsl_qrng_free(q);
    acc_design_free(g);

    /* Default skip 0: row 0 is GSL's first point, (1/2, …, 1/2): the origin
     * of the sequence is never used. */
    o.sobol_skip = 0;
    g = make(ACC_DESIGN_SOBOL, d, &o, 1);
    assert_int_equal(acc_design_point(g, 0, a), ACC_OK);
    assert_true(a[0] == 0.5 && a[1] == 0.5 && a[2] == 0.5);
    acc_design_free(g);
}

static void test_sobol_fallback(void **state)
{
    (void)state;
    /* 2d = 42 > 40: pseudo-random A and B, same layout. */
    const size_t d = 21;
    acc_design_opts o = opts_n(10);
    acc_design *g = make(ACC_DESIGN_SOBOL, d, &o, 5);
    assert_int_equal(acc_design_sobol_quasi(g), 0);
    char buf[256];
    acc_design_describe(g, buf, sizeof buf);
    assert_non_null(strstr(buf, "pseudo-random"));
    double a[21], b[21], ab[21];
    for (uint64_t j = 0; j < 10; j++) {
        acc_design_point(g, acc_design_sobol_index(d, j, 0), a);
        acc_design_point(g, acc_design_sobol_index(d, j, 1), b);
        for (size_t k = 0; k < d; k++) {
            assert_true(a[k] > 0 && a[k] < 1 && b[k] > 0 && b[k] < 1);
            assert_true(a[k] != b[k]);
        }
        for (size_t i = 0; i < d; i++) {
            acc_design_point(g, acc_design_sobol_index(d, j, 2 + i), ab);
            for (size_t k = 0; k < d; k++)
                assert_true(ab[k] == (k == i ? b[k] : a[k]));
        }
    }
    acc_design_free(g);
    /* d = 20 is the largest that stays quasi-random. */
    g = make(ACC_DESIGN_SOBOL, 20, &o, 5);
    assert_int_equal(acc_design_sobol_quasi(g), 1);
    acc_design_free(g);
}

/* ---- morris ----------------------------------------------------------- */

static void check_morris(uint32_t p, size_t d, uint64_t r)
{
    acc_design_opts o = opts_n(r);
    o.morris_levels = p;
    acc_design *g = make(ACC_DESIGN_MORRIS, d, &o, 0xabcdef + p);
    assert_int_equal(acc_design_n_points(g), r * (d + 1));
    assert_int_equal(acc_design_morris_trajectories(g), r);
    assert_int_equal(acc_design_morris_levels(g), p);
    double delta = (double)p / (2.0 * (double)(p - 1));
    assert_true(acc_design_morris_delta(g) == delta);
    double prev[16], cur[16];
    unsigned *seen = calloc(d, sizeof *seen);
    unsigned *level_count = calloc(p, sizeof *level_count);
    assert_true(d <= 16 && seen && level_count);
    for (uint64_t t = 0; t < r; t++) {
        memset(seen, 0, d * sizeof *seen);
        assert_int_equal(acc_design_point(g, acc_design_morris_index(d, t, 0), prev), ACC_OK);
        for (size_t k = 0; k < d; k++) {
            /* on the p-level grid */
            double lv = prev[k] * (p - 1);
            assert_true(fabs(lv - round(lv)) < 1e-9);
            level_count[(size_t)round(lv)]++;
        }
        for (size_t s = 1; s <= d; s++) {
            assert_int_equal(acc_design_point(g, acc_design_morris_index(d, t, s), cur), ACC_OK);
            size_t dim;
            double dl;
            assert_int_equal(acc_design_morris_step(g, t, s, &dim, &dl), ACC_OK);
            assert_true(dim < d);
            assert_true(dl == delta || dl == -delta);
            size_t changed = 0;
            for (size_t k = 0; k < d; k++) {
                assert_true(cur[k] >= 0 && cur[k] <= 1);
                if (cur[k] != prev[k]) {
                    changed++;
                    assert_int_equal(k, dim);
                    assert_true(fabs((cur[k] - prev[k]) - dl) < 1e-12);
                }
            }
            assert_int_equal(changed, 1);
            seen[dim]++;
            memcpy(prev, cur, d * sizeof *cur);
        }
        for (size_t k = 0; k < d; k++)
            assert_int_equal(seen[k], 1);
    }
    /* Start levels are uniform over all p levels: each appears. */
    for (uint32_t l = 0; l < p; l++)
        assert_true(level_count[l] > 0);
    free(seen);
    free(level_count);
    acc_design_free(g);
}

static void test_morris_trajectories(void **state)
{
    (void)state;
    check_morris(4, 5, 40);
    check_morris(2, 3, 20);
    check_morris(6, 7, 30);
    check_morris(10, 1, 60);
    /* morris_levels = 0 means the default p = 4 */
    acc_design_opts o = opts_n(3);
    o.morris_levels = 0;
    acc_design *g = make(ACC_DESIGN_MORRIS, 2, &o, 1);
    assert_int_equal(acc_design_morris_levels(g), 4);
    assert_true(acc_design_morris_delta(g) == 4.0 / 6.0);
    acc_design_free(g);
}

/* ---- validation ------------------------------------------------------- */

static void expect_error(acc_design_type type, size_t d, const acc_design_opts *o,
                         const char *needle)
{
    acc_design *g = (acc_design *)0x1;
    char err[ACC_ERRLEN] = "";
    int rc = acc_design_new(&g, type, d, o, 1, err, sizeof err);
    assert_int_equal(rc, ACC_EINVAL);
    assert_null(g);
    if (!strstr(err, needle))
        fail_msg("message '%s' lacks '%s'", err, needle);
}

static void test_validation(void **state)
{
    (void)state;
    acc_design_opts o = opts_n(10);
    expect_error(ACC_DESIGN_RANDOM, 0, &o, "at least 1 dimension");
    expect_error(ACC_DESIGN_LHS, 2000000, &o, "more than the limit");
    expect_error((acc_design_type)99, 2, &o, "unknown design type");
    expect_error(ACC_DESIGN_RANDOM, 2, NULL, "no options");
    /* grid */
    expect_error(ACC_DESIGN_GRID, 2, &o, "no level counts");
    uint32_t bad[] = {3, 0};
    o.levels = bad;
    expect_error(ACC_DESIGN_GRID, 2, &o, "dimension 2 has 0 levels");
    uint32_t huge[] = {1000, 1000, 1001};
    o.levels = huge;
    expect_error(ACC_DESIGN_GRID, 3, &o, "more than 1000000000 points");
    uint32_t exact[] = {1000, 1000, 1000}; /* exactly 1e9 is allowed (nothing stored) */
    o.levels = exact;
    acc_design *g = make(ACC_DESIGN_GRID, 3, &o, 0);
    assert_int_equal(acc_design_n_points(g), 1000000000ULL);
    double u[3];
    assert_int_equal(acc_design_point(g, 999999999ULL, u), ACC_OK);
    assert_true(u[0] == 1 && u[1] == 1 && u[2] == 1);
    acc_design_free(g);
    /* sizes */
    o = opts_n(0);
    expect_error(ACC_DESIGN_RANDOM, 2, &o, "number of points N must be at least 1");
    expect_error(ACC_DESIGN_LHS, 2, &o, "number of points N must be at least 1");
    expect_error(ACC_DESIGN_MORRIS, 2, &o, "number of trajectories r must be at least 1");
    o.n = 1;
    expect_error(ACC_DESIGN_SOBOL, 2, &o, "base samples N must be at least 2");
    o.n = 1000000001ULL;
    expect_error(ACC_DESIGN_RANDOM, 2, &o, "more than 1000000000 points");
    o.n = 1000000000ULL / 5 + 1; /* d = 3: N·(d+2) just over */
    expect_error(ACC_DESIGN_SOBOL, 3, &o, "more than 1000000000 points");
    o.n = 1000000000ULL / 4 + 1; /* d = 3: r·(d+1) just over */
    expect_error(ACC_DESIGN_MORRIS, 3, &o, "more than 1000000000 points");
    o.n = 8;
    o.sobol_skip = (1u << 24) + 1;
    expect_error(ACC_DESIGN_SOBOL, 3, &o, "skip");
    o.sobol_skip = 0;
    o.n = 100000000; /* tables: 8·N·d = 4.8 GB > 4 GiB, refused before allocating */
    expect_error(ACC_DESIGN_LHS, 6, &o, "GiB of tables");
    o.n = 30000000; /* 16·N·d = 4.8 GB */
    expect_error(ACC_DESIGN_SOBOL, 10, &o, "GiB of tables");
    o.n = 50000000; /* 8·r·d = 4.8 GB */
    expect_error(ACC_DESIGN_MORRIS, 12, &o, "GiB of tables");
    o.n = 8;
    o.morris_levels = 3;
    expect_error(ACC_DESIGN_MORRIS, 3, &o, "must be even and at least 2, got 3");
    o.morris_levels = 1;
    expect_error(ACC_DESIGN_MORRIS, 3, &o, "got 1");
    /* minimal valid sizes */
    o = opts_n(1);
    g = make(ACC_DESIGN_LHS, 1, &o, 3);
    assert_int_equal(acc_design_point(g, 0, u), ACC_OK);
    assert_true(u[0] >= 0 && u[0] < 1);
    assert_int_equal(acc_design_point(g, 1, u), ACC_EINVAL);
    acc_design_free(g);
    o.n = 2;
    g = make(ACC_DESIGN_SOBOL, 1, &o, 3);
    assert_int_equal(acc_design_n_points(g), 6);
    acc_design_free(g);
}

static void test_accessors_and_errors(void **state)
{
    (void)state;
    acc_design_free(NULL);
    acc_design_type t;
    char err[ACC_ERRLEN] = "";
    for (int k = ACC_DESIGN_GRID; k <= ACC_DESIGN_MORRIS; k++) {
        assert_int_equal(acc_design_type_parse(acc_design_type_name((acc_design_type)k), &t, err,
                                               sizeof err),
                         ACC_OK);
        assert_int_equal(t, k);
    }
    assert_string_equal(acc_design_type_name((acc_design_type)0), "?");
    assert_int_equal(acc_design_type_parse("latin", &t, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "unknown design 'latin'"));
    assert_int_equal(acc_design_type_parse(NULL, &t, err, sizeof err), ACC_EINVAL);

    acc_design_opts o = opts_n(4);
    acc_design *g = make(ACC_DESIGN_LHS, 2, &o, 3);
    size_t dim;
    double dl, u[2];
    /* layout queries on the wrong type */
    assert_int_equal(acc_design_morris_step(g, 0, 1, &dim, &dl), ACC_EINVAL);
    assert_int_equal(acc_design_morris_trajectories(g), 0);
    assert_true(acc_design_morris_delta(g) == 0);
    assert_int_equal(acc_design_sobol_rows(g), 0);
    assert_int_equal(acc_design_sobol_quasi(g), 0);
    assert_int_equal(acc_design_point(g, 4, u), ACC_EINVAL);
    assert_int_equal(acc_design_point(NULL, 0, u), ACC_EINVAL);
    char buf[200];
    assert_string_equal(acc_design_describe(g, buf, sizeof buf), "lhs");
    assert_non_null(strstr(buf, "N=4"));
    acc_design_free(g);

    o.n = 3;
    g = make(ACC_DESIGN_MORRIS, 2, &o, 3);
    assert_int_equal(acc_design_morris_step(g, 3, 1, &dim, &dl), ACC_EINVAL);
    assert_int_equal(acc_design_morris_step(g, 0, 0, &dim, &dl), ACC_EINVAL);
    assert_int_equal(acc_design_morris_step(g, 0, 3, &dim, &dl), ACC_EINVAL);
    assert_int_equal(acc_design_morris_step(g, 2, 2, &dim, &dl), ACC_OK);
    assert_int_equal(acc_design_point(g, 9, u), ACC_EINVAL);
    acc_design_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grid_2x3),
        cmocka_unit_test(test_grid_single_level_and_order),
        cmocka_unit_test(test_value_index),
        cmocka_unit_test(test_lhs_strata),
        cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_random_uniform),
        cmocka_unit_test(test_sobol_layout),
        cmocka_unit_test(test_sobol_fallback),
        cmocka_unit_test(test_morris_trajectories),
        cmocka_unit_test(test_validation),
        cmocka_unit_test(test_accessors_and_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
