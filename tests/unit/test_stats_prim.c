/* accord — tests of PRIM (stats/prim.h): two trajectories computed by hand
 * (peeling with ties, pasting), the hand-computed quasi-p-value, a planted
 * box recovered from 2,000 uniform points with 10 % label noise, the box
 * choice and every error path.
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
#include "stats/prim.h"

static void assert_close(double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol))
        fail_msg("got %.17g, want %.17g (tolerance %g)", got, want, tol);
}

/* x = 1..10, cases at 3..8; alpha 0.1 (one point per peel), no pasting
 * gain possible. By hand (prim.h's rules):
 *   box 0 [1,10] 6/10; peel lower (tie with upper: lower first) -> [2,10] 6/9;
 *   lower -> [3,10] 6/8; upper (6/7 > 5/7) -> [3,9]; upper (6/6) -> [3,8];
 *   tie 5/5 both sides -> lower [4,8]; every later step ties too (density 1):
 *   lower [5,8], [6,8], [7,8], [8,8] (one point: stop). */
static void test_hand_1d(void **state)
{
    (void)state;
    double xs[10];
    unsigned char y[10];
    for (int i = 0; i < 10; i++) {
        xs[i] = i + 1;
        y[i] = i + 1 >= 3 && i + 1 <= 8;
    }
    const double *x[1] = {xs};
    acc_prim_opts o;
    acc_prim_opts_init(&o);
    o.alpha = 0.1;
    o.min_support = 0;
    acc_prim_result *r;
    char err[256];
    assert_int_equal(acc_prim_run(x, y, 10, 1, &o, &r, err, sizeof err), ACC_OK);
    static const double lo[] = {1, 2, 3, 3, 3, 4, 5, 6, 7, 8};
    static const double hi[] = {10, 10, 10, 9, 8, 8, 8, 8, 8, 8};
    static const size_t n_in[] = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    static const size_t cases[] = {6, 6, 6, 6, 6, 5, 4, 3, 2, 1};
    assert_int_equal(r->n_boxes, 10);
    for (size_t b = 0; b < 10; b++) {
        assert_close(r->box[b].lo[0], lo[b], 0);
        assert_close(r->box[b].hi[0], hi[b], 0);
        assert_int_equal(r->box[b].n_in, n_in[b]);
        assert_int_equal(r->box[b].cases_in, cases[b]);
        assert_close(r->box[b].support, n_in[b] / 10.0, 1e-15);
        assert_close(r->box[b].coverage, cases[b] / 6.0, 1e-15);
        assert_int_equal(r->box[b].n_restricted, b > 0);
    }
    /* coverage x density: box 4 = [3, 8], 1 x 1 */
    assert_int_equal(acc_prim_choose(r, 0), 4);
    /* min density 1: the highest coverage among density-1 boxes: box 4 */
    assert_int_equal(acc_prim_choose(r, 1), 4);
    /* without the restriction every point is in: p0 = 0.6, P(Bin(6, 0.6) >= 6) = 0.6^6 */
    double p[1];
    assert_int_equal(acc_prim_quasi_p(r, x, y, 4, p, err, sizeof err), ACC_OK);
    assert_close(p[0], pow(0.6, 6), 1e-12);
    assert_int_equal(acc_prim_quasi_p(r, x, y, 0, p, err, sizeof err), ACC_OK);
    assert_true(isnan(p[0])); /* box 0 restricts nothing */
    assert_int_equal(acc_prim_quasi_p(r, x, y, 10, p, err, sizeof err), ACC_EINVAL);
    acc_prim_free(r);
}

/* x = 1..8, cases at 2..5; alpha 0.5, paste alpha 0.25. By hand:
 *   box 0 [1,8] 4/8; peel 4 points: upper keeps 1..4 (3/4), lower 5..8 (1/4)
 *   -> [1,4]; pasting takes x = 5 (a case): 4/5 > 3/4 -> [1,5]; then x = 6
 *   (no case) would give 4/6: stop. Peeling goes on from [1,4]: k = 2, lower
 *   keeps 3,4 (2/2) -> [3,4]; pasting x = 2 or x = 5 keeps density 1: no
 *   paste. Then [4,4] (lower first on a tie), one point: stop. */
static void test_hand_paste(void **state)
{
    (void)state;
    double xs[8];
    unsigned char y[8];
    for (int i = 0; i < 8; i++) {
        xs[i] = i + 1;
        y[i] = i + 1 >= 2 && i + 1 <= 5;
    }
    const double *x[1] = {xs};
    acc_prim_opts o;
    acc_prim_opts_init(&o);
    o.alpha = 0.5;
    o.paste_alpha = 0.25;
    o.min_support = 0;
    acc_prim_result *r;
    char err[256];
    assert_int_equal(acc_prim_run(x, y, 8, 1, &o, &r, err, sizeof err), ACC_OK);
    assert_int_equal(r->n_boxes, 4);
    static const double lo[] = {1, 1, 3, 4}, hi[] = {8, 5, 4, 4};
    static const size_t n_in[] = {8, 5, 2, 1}, cases[] = {4, 4, 2, 1};
    for (size_t b = 0; b < 4; b++) {
        assert_close(r->box[b].lo[0], lo[b], 0);
        assert_close(r->box[b].hi[0], hi[b], 0);
        assert_int_equal(r->box[b].n_in, n_in[b]);
        assert_int_equal(r->box[b].cases_in, cases[b]);
    }
    acc_prim_free(r);
    /* without pasting box 1 is [1, 4] */
    o.paste = 0;
    assert_int_equal(acc_prim_run(x, y, 8, 1, &o, &r, err, sizeof err), ACC_OK);
    assert_close(r->box[1].hi[0], 4, 0);
    assert_int_equal(r->box[1].cases_in, 3);
    acc_prim_free(r);
}

/* A grid with replications, as a sweep's runs: 7 levels 0.3 .. 0.9 of one
 * parameter, 10 rows each (reps 0..9); cases: reps 0..2 at 0.7, 0..7 at
 * 0.8, all of 0.9 (21 of 70). alpha 0.05, so k = 3 < 10 at first: a peel
 * cut at the 4th value removed nothing and PRIM stopped at box 0. Peeling
 * whole tied levels (prim.h), by hand:
 *   box 0 [0.3,0.9] 21/70; k = 3: lower drops 0.3 (21/60) vs upper drops 0.9
 *   (11/60) -> [0.4,0.9]; k = 3: [0.5,0.9] 21/50; k = 2: [0.6,0.9] 21/40;
 *   k = 2: [0.7,0.9] 21/30; k = 1: lower 18/20 vs upper 11/20 ->
 *   [0.8,0.9]; lower 10/10 vs upper 8/10 -> [0.9,0.9]; one level left: stop.
 * Pasting the next level back in never raises the density (0/10, 3/10,
 * 8/10 below a box at 0.35 .. 1). Coverage x density: 21/21·0.7 = 0.7,
 * 18/21·0.9 = 0.771, 10/21·1 = 0.476: box 5, [0.8, 0.9]. */
static void test_hand_replicated(void **state)
{
    (void)state;
    static const double level[7] = {0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
    static const int case_reps[7] = {0, 0, 0, 0, 3, 8, 10};
    double xs[70];
    unsigned char y[70];
    for (int i = 0; i < 70; i++) {
        xs[i] = level[i / 10];
        y[i] = i % 10 < case_reps[i / 10];
    }
    const double *x[1] = {xs};
    acc_prim_result *r;
    char err[256];
    assert_int_equal(acc_prim_run(x, y, 70, 1, NULL, &r, err, sizeof err), ACC_OK);
    assert_int_equal(r->n_boxes, 7);
    static const size_t n_in[] = {70, 60, 50, 40, 30, 20, 10};
    static const size_t cases[] = {21, 21, 21, 21, 21, 18, 10};
    for (size_t b = 0; b < 7; b++) {
        assert_close(r->box[b].lo[0], level[b], 0);
        assert_close(r->box[b].hi[0], 0.9, 0);
        assert_int_equal(r->box[b].n_in, n_in[b]);
        assert_int_equal(r->box[b].cases_in, cases[b]);
    }
    size_t c = acc_prim_choose(r, 0);
    assert_int_equal(c, 5);
    /* quasi-p: without the restriction p0 = 0.3, P(Bin(20, 0.3) >= 18) */
    double p[1], want = 0;
    for (int q = 18; q <= 20; q++)
        want += exp(lgamma(21) - lgamma(q + 1) - lgamma(21 - q) + q * log(0.3) +
                    (20 - q) * log(0.7));
    assert_int_equal(acc_prim_quasi_p(r, x, y, c, p, err, sizeof err), ACC_OK);
    assert_close(p[0], want, 1e-12 * want);
    acc_prim_free(r);
    /* the same data with a second, unrelated replicated parameter (its
     * value cycles with the point, so ties come in groups of 10 there too):
     * the box stays [0.8, 0.9] and the other is not restricted */
    double zs[70];
    for (int i = 0; i < 70; i++)
        zs[i] = 2.385 * ((i / 10) * 3 % 7);
    const double *x2[2] = {xs, zs};
    assert_int_equal(acc_prim_run(x2, y, 70, 2, NULL, &r, err, sizeof err), ACC_OK);
    c = acc_prim_choose(r, 0);
    assert_close(r->box[c].lo[0], 0.8, 0);
    assert_close(r->box[c].hi[0], 0.9, 0);
    assert_false(acc_prim_restricted(r, c, 1));
    acc_prim_free(r);
}

/* 2,000 uniform points in [0,1]^4, cases inside x0 in [0.2, 0.6] and x1 in
 * [0.3, 0.9], every label flipped with probability 0.1: the chosen box's
 * bounds are within 0.05 of the planted ones, x2 and x3 are unrestricted. */
static void test_planted_box(void **state)
{
    (void)state;
    enum { N = 2000, D = 4 };
    static double col[D][N];
    static unsigned char y[N];
    for (size_t i = 0; i < N; i++) {
        for (uint32_t j = 0; j < D; j++)
            col[j][i] = acc_u01(2385, 0, ACC_STREAM_POLICY, 1, i, 0, j);
        int in = col[0][i] >= 0.2 && col[0][i] <= 0.6 && col[1][i] >= 0.3 && col[1][i] <= 0.9;
        int flip = acc_u01(2385, 0, ACC_STREAM_POLICY, 2, i, 0, 0) < 0.1;
        y[i] = (unsigned char)(in ^ flip);
    }
    const double *x[D] = {col[0], col[1], col[2], col[3]};
    acc_prim_result *r;
    char err[256];
    assert_int_equal(acc_prim_run(x, y, N, D, NULL, &r, err, sizeof err), ACC_OK);
    size_t b = acc_prim_choose(r, 0);
    const acc_prim_box *B = &r->box[b];
    assert_close(B->lo[0], 0.2, 0.05);
    assert_close(B->hi[0], 0.6, 0.05);
    assert_close(B->lo[1], 0.3, 0.05);
    assert_close(B->hi[1], 0.9, 0.05);
    assert_false(acc_prim_restricted(r, b, 2));
    assert_false(acc_prim_restricted(r, b, 3));
    assert_int_equal(B->n_restricted, 2);
    double p[D];
    assert_int_equal(acc_prim_quasi_p(r, x, y, b, p, err, sizeof err), ACC_OK);
    assert_true(p[0] < 1e-6 && p[1] < 1e-6); /* real restrictions */
    assert_true(isnan(p[2]) && isnan(p[3]));
    /* the trajectory: support falls, the last box keeps >= 5 % of points */
    for (size_t k = 1; k < r->n_boxes; k++)
        assert_true(r->box[k].support >= 0.05);
    assert_true(r->box[r->n_boxes - 1].density > 0.8);
    acc_prim_free(r);
}

static void test_errors(void **state)
{
    (void)state;
    double xs[3] = {1, 2, 3};
    const double *x[1] = {xs};
    unsigned char y[3] = {0, 1, 0};
    acc_prim_result *r;
    char err[256];
    acc_prim_opts o;
    acc_prim_opts_init(&o);
    assert_int_equal(acc_prim_run(x, y, 1, 1, &o, &r, err, sizeof err), ACC_EINVAL);
    assert_null(r);
    assert_int_equal(acc_prim_run(x, y, 3, 0, &o, &r, err, sizeof err), ACC_EINVAL);
    o.alpha = 0.6;
    assert_int_equal(acc_prim_run(x, y, 3, 1, &o, &r, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "0.6"));
    acc_prim_opts_init(&o);
    o.min_support = 1;
    assert_int_equal(acc_prim_run(x, y, 3, 1, &o, &r, err, sizeof err), ACC_EINVAL);
    acc_prim_opts_init(&o);
    unsigned char none[3] = {0, 0, 0};
    assert_int_equal(acc_prim_run(x, none, 3, 1, &o, &r, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "no point"));
    unsigned char bad[3] = {0, 2, 0};
    assert_int_equal(acc_prim_run(x, bad, 3, 1, &o, &r, err, sizeof err), ACC_EINVAL);
    xs[1] = NAN;
    assert_int_equal(acc_prim_run(x, y, 3, 1, &o, &r, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "non-finite"));
    acc_prim_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_1d),
        cmocka_unit_test(test_hand_paste),
        cmocka_unit_test(test_hand_replicated),
        cmocka_unit_test(test_planted_box),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
