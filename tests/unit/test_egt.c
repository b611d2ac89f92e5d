/* Unit tests of the egt C API: fixation probabilities against hand
 * computations and closed forms, the stationary distribution against the
 * Markov chain tree theorem and a GSL eigenvector, the simulator against the
 * exact answer, the Han 2020 thresholds, and every error path.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_complex.h>
#include <gsl/gsl_complex_math.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_matrix.h>

#include "base/common.h"
#include "core/rng.h"
#include "egt/egt.h"

static char err[ACC_ERRLEN];

static acc_egt_game *matrix_game(int n, const double *m)
{
    acc_egt_game *g = NULL;
    int rc = acc_egt_game_new_matrix(&g, n, n, m, err, sizeof err);
    if (rc)
        fail_msg("matrix game: %s", err);
    return g;
}

static void assert_close(double got, double want, double rel, const char *what)
{
    double tol = rel * fmax(1.0, fabs(want));
    if (!(fabs(got - want) <= tol))
        fail_msg("%s: got %.17g, want %.17g (tolerance %.3g)", what, got, want, tol);
}

static void assert_err(int rc, int want_rc, const char *needle)
{
    if (rc != want_rc)
        fail_msg("status %d, want %d (message: %s)", rc, want_rc, err);
    if (!strstr(err, needle))
        fail_msg("message '%s' lacks '%s'", err, needle);
}

/* ---------------------------------------------------------- fixation */

/* Z = 3, payoffs a = 2.5 (A vs A), b = 0.7 (A vs B), c = 1.3 (B vs A),
 * d = 3.1 (B vs B), beta = 0.8. One B mutant (k = 1): Pi_A = (a + b)/2 = 1.6,
 * Pi_B = 2c/2 = 1.3, so T-/T+ = exp(-0.8 (1.3 - 1.6)) = e^0.24. k = 2:
 * Pi_A = 2b/2 = 0.7, Pi_B = (c + d)/2 = 2.2, T-/T+ = e^-1.2.
 * rho_{A->B} = 1 / (1 + e^0.24 + e^(0.24 - 1.2)) = 0.376769587431485.
 * Reverse (one A among B): k = 1: Pi_A = b = 0.7, Pi_B = (c + d)/2 = 2.2,
 * ratio e^1.2; k = 2: Pi_A = 1.6, Pi_B = 1.3, ratio e^-0.24;
 * rho_{B->A} = 1 / (1 + e^1.2 + e^0.96) = 0.144262394679294. */
static void test_fixation_by_hand_z3(void **state)
{
    (void)state;
    double m[4] = {2.5, 0.7, 1.3, 3.1};
    acc_egt_game *g = matrix_game(2, m);
    double rho, lrho;
    assert_int_equal(acc_egt_fixation(g, 3, 0.8, 0, 1, &rho, &lrho, err, sizeof err), ACC_OK);
    assert_close(rho, 1 / (1 + exp(0.24) + exp(-0.96)), 1e-14, "rho A->B");
    assert_close(rho, 0.376769587431485, 1e-13, "rho A->B (decimal)");
    assert_close(lrho, log(rho), 1e-14, "log rho A->B");
    assert_int_equal(acc_egt_fixation(g, 3, 0.8, 1, 0, &rho, NULL, err, sizeof err), ACC_OK);
    assert_close(rho, 1 / (1 + exp(1.2) + exp(0.96)), 1e-14, "rho B->A");
    assert_close(rho, 0.144262394679294, 1e-13, "rho B->A (decimal)");
    acc_egt_game_free(g);
}

/* Z = 2: one comparison decides; rho_{A->B} = 1/(1 + exp(-beta (c - b))). */
static void test_fixation_by_hand_z2(void **state)
{
    (void)state;
    double m[4] = {0.3, -1.7, 2.9, 4.4};
    acc_egt_game *g = matrix_game(2, m);
    double rho;
    assert_int_equal(acc_egt_fixation(g, 2, 0.61, 0, 1, &rho, NULL, err, sizeof err), ACC_OK);
    assert_close(rho, 1 / (1 + exp(-0.61 * (2.9 - -1.7))), 1e-14, "Z = 2");
    acc_egt_game_free(g);
}

static void test_fixation_neutral(void **state)
{
    (void)state;
    const int Zs[] = {2, 3, 17, 1000, 10000, 1000000};
    double same[9];
    for (int i = 0; i < 9; i++)
        same[i] = 2.385;
    double m[9] = {1.17, -0.42, 3.3, 2.71, 0.05, -1.9, 0.66, 4.2, 1.414};
    acc_egt_game *gs = matrix_game(3, same), *gm = matrix_game(3, m);
    for (size_t i = 0; i < sizeof Zs / sizeof Zs[0]; i++) {
        int Z = Zs[i];
        double rho, lrho;
        /* all payoffs equal, any beta */
        assert_int_equal(acc_egt_fixation(gs, Z, 0.37, 2, 0, &rho, &lrho, err, sizeof err), 0);
        assert_close(rho, 1.0 / Z, 1e-12, "equal payoffs: rho = 1/Z");
        assert_close(lrho, -log(Z), 1e-12, "equal payoffs: log rho = -log Z");
        /* beta = 0, any payoffs: exactly 1/Z */
        assert_int_equal(acc_egt_fixation(gm, Z, 0.0, 0, 1, &rho, &lrho, err, sizeof err), 0);
        assert_true(rho == 1.0 / Z);
    }
    acc_egt_game_free(gs);
    acc_egt_game_free(gm);
}

/* rho_{A->B}/rho_{B->A} = prod_k T+/T- =
 * exp{(beta/2)[(Z-2)(Pi_BB - Pi_AA) + Z(Pi_BA - Pi_AB)]}, compared in logs. */
static void test_fixation_ratio(void **state)
{
    (void)state;
    const double ms[][4] = {
        {2.385, 0.731, 3.142, 1.618}, {-0.57, 1.93, 0.11, -2.46},
        {51.0, 0.6, 76.2, 38.5},      {7.77, 7.13, 6.02, 9.48},
    };
    const int Zs[] = {4, 37, 500, 4999};
    const double betas[] = {0.013, 0.29, 1.7};
    for (size_t k = 0; k < sizeof ms / sizeof ms[0]; k++) {
        acc_egt_game *g = matrix_game(2, ms[k]);
        double aAA = ms[k][0], aAB = ms[k][1], aBA = ms[k][2], aBB = ms[k][3];
        for (size_t i = 0; i < sizeof Zs / sizeof Zs[0]; i++)
            for (size_t j = 0; j < sizeof betas / sizeof betas[0]; j++) {
                int Z = Zs[i];
                double beta = betas[j], lab, lba;
                assert_int_equal(acc_egt_fixation(g, Z, beta, 0, 1, NULL, &lab, err, sizeof err), 0);
                assert_int_equal(acc_egt_fixation(g, Z, beta, 1, 0, NULL, &lba, err, sizeof err), 0);
                double want = beta / 2 * ((Z - 2) * (aBB - aAA) + Z * (aBA - aAB));
                char what[96];
                snprintf(what, sizeof what, "log ratio, matrix %zu, Z = %d, beta = %g", k, Z, beta);
                assert_close(lab - lba, want, 1e-10, what);
                assert_true(lab <= 0 && lba <= 0);
            }
        acc_egt_game_free(g);
    }
    /* and between two strategies of a 3-strategy game */
    double m3[9] = {1.17, -0.42, 3.3, 2.71, 0.05, -1.9, 0.66, 4.2, 1.414};
    acc_egt_game *g = matrix_game(3, m3);
    double l20, l02;
    assert_int_equal(acc_egt_fixation(g, 60, 0.45, 2, 0, NULL, &l20, err, sizeof err), 0);
    assert_int_equal(acc_egt_fixation(g, 60, 0.45, 0, 2, NULL, &l02, err, sizeof err), 0);
    /* A = 2, B = 0 */
    double want = 0.45 / 2 * (58 * (m3[0] - m3[8]) + 60 * (m3[2] - m3[6]));
    assert_close(l20 - l02, want, 1e-10, "3-strategy log ratio");
    acc_egt_game_free(g);
}

/* The early race at Z = 10,000, beta = 1: rho_{U->S} ~ exp(-3e5) underflows
 * but its log does not, and the log ratio still matches the closed form. */
static void test_fixation_no_overflow(void **state)
{
    (void)state;
    acc_egt_han2020 h = acc_egt_han2020_baseline(); /* B = 1e4, W = 100 */
    double m[4];
    assert_int_equal(acc_egt_han2020_payoffs(&h, m, err, sizeof err), 0);
    acc_egt_game *g = matrix_game(2, m);
    int Z = 10000;
    double rsu, lsu, rus, lus;
    assert_int_equal(acc_egt_fixation(g, Z, 1.0, 0, 1, &rsu, &lsu, err, sizeof err), 0);
    assert_int_equal(acc_egt_fixation(g, Z, 1.0, 1, 0, &rus, &lus, err, sizeof err), 0);
    assert_true(isfinite(rsu) && rsu >= 0 && rsu <= 1);
    assert_true(isfinite(rus) && rus >= 0 && rus <= 1);
    assert_true(isfinite(lsu) && isfinite(lus));
    assert_true(lus < -1e5); /* far beyond exp's range */
    double want = 0.5 * ((Z - 2) * (m[3] - m[0]) + Z * (m[2] - m[1]));
    assert_close(lsu - lus, want, 1e-9, "log ratio at Z = 1e4");
    double f[2];
    assert_int_equal(acc_egt_stationary(g, Z, 1.0, f, NULL, err, sizeof err), 0);
    assert_true(isfinite(f[0]) && isfinite(f[1]));
    assert_close(f[0] + f[1], 1.0, 1e-15, "sum");
    assert_true(f[1] == 1.0); /* UNSAFE with certainty, exp(-3e5) short of it */

    /* bigger payoffs still: B = 1e8 */
    h.B = 1e8;
    assert_int_equal(acc_egt_han2020_payoffs(&h, m, err, sizeof err), 0);
    acc_egt_game_free(g);
    g = matrix_game(2, m);
    assert_int_equal(acc_egt_fixation(g, Z, 1.0, 1, 0, &rus, &lus, err, sizeof err), 0);
    assert_true(isfinite(lus) && rus == 0.0);
    acc_egt_game_free(g);

    /* a product that really overflows is an error, not an inf */
    double huge[4] = {0, 1e308, -1e308, 0};
    g = matrix_game(2, huge);
    assert_err(acc_egt_fixation(g, 100, 10.0, 0, 1, &rsu, &lsu, err, sizeof err), ACC_EINVAL,
               "overflows");
    /* the strategies named 1-based (as Lua numbers them) and 0-based: it said
     * "fixation 0->1", which a Lua caller of from = 1, to = 2 could not place */
    assert_non_null(strstr(err, "a mutant of strategy 2 among residents of strategy 1 "
                                "(0-based indices 1 and 0)"));
    acc_egt_game_free(g);
}

/* ---------------------------------------------------------- callbacks */

struct mat_ud {
    const double *m;
    int calls;
    int nan_after; /* return NaN from this call on (0: never) */
    double bad;    /* the value returned then */
};

/* The matrix game's payoff, written independently of egt.c. */
static double mat_payoff(void *ud, int s, const int *counts, int n, int Z)
{
    struct mat_ud *u = ud;
    u->calls++;
    if (u->nan_after && u->calls >= u->nan_after)
        return u->bad;
    double sum = 0;
    for (int j = 0; j < n; j++)
        sum += (counts[j] - (j == s)) * u->m[s * n + j];
    return sum / (Z - 1);
}

static void test_callback_equals_matrix(void **state)
{
    (void)state;
    double m[9] = {1.17, -0.42, 3.3, 2.71, 0.05, -1.9, 0.66, 4.2, 1.414};
    struct mat_ud u = {.m = m};
    acc_egt_game *gm = matrix_game(3, m), *gc = NULL;
    assert_int_equal(acc_egt_game_new_callback(&gc, 3, mat_payoff, &u, err, sizeof err), 0);
    assert_int_equal(acc_egt_game_strategies(gc), 3);
    double lm[9], lc[9], fm[3], fc[3];
    assert_int_equal(acc_egt_fixation_matrix(gm, 83, 0.21, NULL, lm, err, sizeof err), 0);
    assert_int_equal(acc_egt_fixation_matrix(gc, 83, 0.21, NULL, lc, err, sizeof err), 0);
    assert_int_equal(u.calls, 6 * 82 * 2); /* n(n-1) pairs, Z-1 states, 2 payoffs */
    for (int i = 0; i < 9; i++) {
        if (i % 4 == 0)
            assert_true(lm[i] == -INFINITY && lc[i] == -INFINITY);
        else
            assert_close(lc[i], lm[i], 1e-12, "callback vs matrix log rho");
    }
    assert_int_equal(acc_egt_stationary(gm, 83, 0.21, fm, NULL, err, sizeof err), 0);
    assert_int_equal(acc_egt_stationary(gc, 83, 0.21, fc, NULL, err, sizeof err), 0);
    for (int i = 0; i < 3; i++)
        assert_close(fc[i], fm[i], 1e-12, "callback vs matrix stationary");

    int counts[3] = {2, 5, 3};
    double p;
    assert_int_equal(acc_egt_payoff(gm, 1, counts, 10, &p, err, sizeof err), 0);
    assert_close(p, (2 * m[3] + 4 * m[4] + 3 * m[5]) / 9, 1e-15, "matrix payoff");
    assert_int_equal(acc_egt_payoff(gc, 1, counts, 10, &p, err, sizeof err), 0);
    assert_close(p, (2 * m[3] + 4 * m[4] + 3 * m[5]) / 9, 1e-15, "callback payoff");
    acc_egt_game_free(gm);
    acc_egt_game_free(gc);
}

static void test_callback_nan(void **state)
{
    (void)state;
    double m[4] = {2.385, 0.731, 3.142, 1.618};
    struct mat_ud u = {.m = m, .nan_after = 50, .bad = NAN};
    acc_egt_game *g = NULL;
    assert_int_equal(acc_egt_game_new_callback(&g, 2, mat_payoff, &u, err, sizeof err), 0);
    double rho = -1, f[2];
    assert_err(acc_egt_fixation(g, 100, 0.1, 0, 1, &rho, NULL, err, sizeof err), ACC_EINVAL,
               "payoff callback returned nan");
    assert_int_equal(u.calls, 50); /* stops at the first bad value */
    u.calls = 0;
    assert_err(acc_egt_stationary(g, 100, 0.1, f, NULL, err, sizeof err), ACC_EINVAL, "nan");
    u.calls = 0;
    u.bad = -INFINITY;
    assert_err(acc_egt_stationary(g, 100, 0.1, f, NULL, err, sizeof err), ACC_EINVAL,
               "returned -inf");
    u.calls = 0;
    u.nan_after = 3;
    acc_egt_sim_opts o = {.mu = 0.5, .steps = 1000, .seed = 3};
    assert_err(acc_egt_simulate(g, 10, 0.1, &o, f, NULL, NULL, err, sizeof err), ACC_EINVAL,
               "payoff callback returned -inf");
    acc_egt_game_free(g);
}

static int stop_now(void *ud)
{
    int *polls = ud;
    ++*polls;
    return 1;
}

static void test_interrupt(void **state)
{
    (void)state;
    double m[4] = {2.385, 0.731, 3.142, 1.618};
    acc_egt_game *g = matrix_game(2, m);
    int polls = 0;
    acc_egt_game_set_interrupt(g, stop_now, &polls);
    double rho = 0;
    /* Z = 1e5: the loop polls after 65536 terms */
    assert_err(acc_egt_fixation(g, 100000, 0.01, 0, 1, &rho, NULL, err, sizeof err), ACC_ELIMIT,
               "interrupted");
    assert_int_equal(polls, 1);
    /* short loops never poll */
    assert_int_equal(acc_egt_fixation(g, 1000, 0.01, 0, 1, &rho, NULL, err, sizeof err), 0);
    acc_egt_sim_opts o = {.mu = 0.9, .steps = ACC_EGT_MAX_STEPS, .seed = 1};
    double f[2];
    assert_err(acc_egt_simulate(g, 50, 0.01, &o, f, NULL, NULL, err, sizeof err), ACC_ELIMIT,
               "interrupted");
    assert_int_equal(polls, 2);
    acc_egt_game_free(g);
}

/* ---------------------------------------------------------- stationary */

static void test_stationary_two(void **state)
{
    (void)state;
    acc_egt_han2020 h = acc_egt_han2020_baseline();
    const double prs[] = {0.05, 0.4, 0.77, 0.78, 0.93};
    for (size_t i = 0; i < sizeof prs / sizeof prs[0]; i++) {
        h.p_r = prs[i];
        double m[4], f[2], lr[4], rsu, rus;
        assert_int_equal(acc_egt_han2020_payoffs(&h, m, err, sizeof err), 0);
        acc_egt_game *g = matrix_game(2, m);
        assert_int_equal(acc_egt_stationary(g, 100, 0.01, f, lr, err, sizeof err), 0);
        assert_int_equal(acc_egt_fixation(g, 100, 0.01, 0, 1, &rsu, NULL, err, sizeof err), 0);
        assert_int_equal(acc_egt_fixation(g, 100, 0.01, 1, 0, &rus, NULL, err, sizeof err), 0);
        assert_close(f[1], rsu / (rsu + rus), 1e-12, "n = 2: rho_SU/(rho_SU + rho_US)");
        assert_close(f[0] + f[1], 1, 1e-15, "sum");
        assert_close(lr[1], log(rsu), 1e-13, "log_rho output");
        acc_egt_game_free(g);
    }
}

/* The embedded chain T_ij = rho_ij/(n-1), T_ii = 1 - sum; its left
 * eigenvector for eigenvalue 1 by GSL's nonsymmetric eigensolver. */
static void eigen_stationary(int n, const double *rho, double *pi)
{
    gsl_matrix *Tt = gsl_matrix_alloc((size_t)n, (size_t)n);
    gsl_vector_complex *eval = gsl_vector_complex_alloc((size_t)n);
    gsl_matrix_complex *evec = gsl_matrix_complex_alloc((size_t)n, (size_t)n);
    gsl_eigen_nonsymmv_workspace *w = gsl_eigen_nonsymmv_alloc((size_t)n);
    for (int i = 0; i < n; i++) {
        double out = 0;
        for (int j = 0; j < n; j++)
            if (j != i) {
                gsl_matrix_set(Tt, (size_t)j, (size_t)i, rho[i * n + j] / (n - 1));
                out += rho[i * n + j] / (n - 1);
            }
        gsl_matrix_set(Tt, (size_t)i, (size_t)i, 1 - out);
    }
    assert_int_equal(gsl_eigen_nonsymmv(Tt, eval, evec, w), 0);
    size_t best = 0;
    for (size_t k = 1; k < (size_t)n; k++)
        if (fabs(GSL_REAL(gsl_vector_complex_get(eval, k)) - 1) <
            fabs(GSL_REAL(gsl_vector_complex_get(eval, best)) - 1))
            best = k;
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += GSL_REAL(gsl_matrix_complex_get(evec, (size_t)i, best));
    for (int i = 0; i < n; i++)
        pi[i] = GSL_REAL(gsl_matrix_complex_get(evec, (size_t)i, best)) / sum;
    gsl_eigen_nonsymmv_free(w);
    gsl_matrix_complex_free(evec);
    gsl_vector_complex_free(eval);
    gsl_matrix_free(Tt);
}

static void test_stationary_three_eigen(void **state)
{
    (void)state;
    double m[9] = {1.0, 2.71, 0.35, 0.42, 1.3, 2.2, 2.9, 0.61, 1.1}; /* cyclic dominance */
    acc_egt_game *g = matrix_game(3, m);
    const double betas[] = {0.05, 0.7, 2.3};
    for (size_t k = 0; k < 3; k++) {
        double rho[9], f[3], pi[3];
        assert_int_equal(acc_egt_fixation_matrix(g, 25, betas[k], rho, NULL, err, sizeof err), 0);
        assert_int_equal(acc_egt_stationary(g, 25, betas[k], f, NULL, err, sizeof err), 0);
        eigen_stationary(3, rho, pi);
        assert_close(f[0] + f[1] + f[2], 1, 1e-14, "n = 3 sum");
        for (int i = 0; i < 3; i++) {
            assert_true(f[i] > 0);
            assert_close(f[i], pi[i], 1e-9, "n = 3 vs GSL eigenvector");
        }
    }
    acc_egt_game_free(g);
}

/* Markov chain tree theorem for 3 states: pi_i is proportional to the sum
 * over spanning trees directed into i of the product of their rates, e.g.
 * pi_0 ~ q10 q20 + q10 q21 + q12 q20. Evaluated on logs. */
static double lse2(double a, double b) { return fmax(a, b) + log1p(exp(-fabs(a - b))); }
static double lse3(double a, double b, double c) { return lse2(lse2(a, b), c); }

static void test_stationary_extreme_rates(void **state)
{
    (void)state;
    /* log rho_{i->j}: from e^-5000 (beyond any double) to e^-0.3; state 1 is
     * hard to reach (q01 = e^-5000, q21 = e^-700), so pi_1 ~ 1e-304 */
    double L[9] = {0, -5000, -0.3, -2.5, 0, -0.7, -1.2, -700, 0};
#define Q(i, j) L[(i) * 3 + (j)]
    double w[3] = {
        lse3(Q(1, 0) + Q(2, 0), Q(1, 0) + Q(2, 1), Q(1, 2) + Q(2, 0)),
        lse3(Q(0, 1) + Q(2, 1), Q(0, 1) + Q(2, 0), Q(0, 2) + Q(2, 1)),
        lse3(Q(0, 2) + Q(1, 2), Q(0, 2) + Q(1, 0), Q(0, 1) + Q(1, 2)),
    };
#undef Q
    double tot = lse3(w[0], w[1], w[2]), f[3];
    assert_int_equal(acc_egt_stationary_from_log_rho(3, L, f, err, sizeof err), 0);
    for (int i = 0; i < 3; i++) {
        assert_true(f[i] > 0);
        assert_close(f[i] / exp(w[i] - tot), 1, 1e-12, "tree theorem (relative)");
    }
    assert_true(f[1] > 1e-305 && f[1] < 1e-300); /* tiny, yet not lost */

    /* rho ~ 1e-300 in linear terms, and the n = 2 closed form */
    double L2[4] = {0, log(1e-300), log(3e-301), 0};
    double f2[2];
    assert_int_equal(acc_egt_stationary_from_log_rho(2, L2, f2, err, sizeof err), 0);
    assert_close(f2[1], 1e-300 / (1e-300 + 3e-301), 1e-12, "n = 2 at 1e-300");

    /* a reducible chain (rate exactly 0) is reported, not divided by 0 */
    double L0[4] = {0, -1.0, -INFINITY, 0};
    assert_err(acc_egt_stationary_from_log_rho(2, L0, f2, err, sizeof err), ACC_EINVAL,
               "reducible");
    double Lnan[4] = {0, NAN, -1, 0};
    assert_err(acc_egt_stationary_from_log_rho(2, Lnan, f2, err, sizeof err), ACC_EINVAL,
               "log_rho[0][1]");
}

/* ---------------------------------------------------------- simulator */

/* Tolerances: 20 seeds at these settings gave a run-to-run standard deviation
 * of 0.0051 (n = 2) and <= 0.0031 (n = 3) for 1e9 steps, i.e. ~0.0036 and
 * ~0.0022 at 2e9; the bias of mu = 1e-4 against the mu -> 0 limit measured
 * below 0.001 (about 1/400 of the steps are spent in mixed states). The
 * tolerance is 0.02 (n = 2, ~5.5 sd) and 0.012 (n = 3, ~5 sd): the test
 * cannot flake in practice yet catches any systematic error in the process
 * (e.g. a wrong Fermi sign shifts the answer by > 0.5). */
static void test_simulate_matches_stationary(void **state)
{
    (void)state;
    struct {
        int n;
        double m[9], tol;
    } cases[] = {
        {2, {2.385, 0.931, 1.742, 1.918}, 0.02},
        {3, {1.0, 2.71, 0.35, 0.42, 1.3, 2.2, 2.9, 0.61, 1.1}, 0.012},
    };
    for (size_t c = 0; c < 2; c++) {
        int n = cases[c].n;
        acc_egt_game *g = matrix_game(n, cases[c].m);
        double exact[3], mono[3], mean[3];
        acc_egt_sim_stats st;
        assert_int_equal(acc_egt_stationary(g, 10, 0.7, exact, NULL, err, sizeof err), 0);
        acc_egt_sim_opts o = {.mu = 1e-4, .steps = 2000000000ULL, .seed = 20200101, .run = c};
        assert_int_equal(acc_egt_simulate(g, 10, 0.7, &o, mono, mean, &st, err, sizeof err), 0);
        double sm = 0, sf = 0;
        for (int i = 0; i < n; i++) {
            print_message("n = %d strategy %d: simulated %.5f, exact %.5f (mean freq %.5f)\n", n,
                          i, mono[i], exact[i], mean[i]);
            assert_close(mono[i], exact[i], cases[c].tol, "simulated vs exact");
            sm += mono[i];
            sf += mean[i];
        }
        assert_close(sm, 1, 1e-12, "mono shares sum");
        assert_close(sf, 1, 1e-9, "mean frequencies sum");
        assert_true(st.mono_share > 0.99 && st.mono_share < 1);
        assert_true(st.fixations > 1000);
        /* ~ steps * mu mutations */
        assert_true(fabs((double)st.mutations - 2e5) < 5 * sqrt(2e5));
        acc_egt_game_free(g);
    }
}

static void test_simulate_reproducible(void **state)
{
    (void)state;
    double m[9] = {1.0, 2.71, 0.35, 0.42, 1.3, 2.2, 2.9, 0.61, 1.1};
    acc_egt_game *g = matrix_game(3, m);
    acc_egt_sim_opts o = {.mu = 0.01, .steps = 200000, .seed = 7, .run = 3, .start = 2};
    double a[3], b[3], ma[3], mb[3];
    acc_egt_sim_stats sa, sb;
    assert_int_equal(acc_egt_simulate(g, 30, 0.3, &o, a, ma, &sa, err, sizeof err), 0);
    assert_int_equal(acc_egt_simulate(g, 30, 0.3, &o, b, mb, &sb, err, sizeof err), 0);
    assert_memory_equal(a, b, sizeof a);
    assert_memory_equal(ma, mb, sizeof ma);
    assert_true(sa.mutations == sb.mutations && sa.fixations == sb.fixations);
    o.run = 4;
    assert_int_equal(acc_egt_simulate(g, 30, 0.3, &o, b, mb, &sb, err, sizeof err), 0);
    assert_true(memcmp(ma, mb, sizeof ma) != 0);

    /* mu = 0: stays in the start state */
    o.mu = 0;
    assert_int_equal(acc_egt_simulate(g, 30, 0.3, &o, a, ma, &sa, err, sizeof err), 0);
    assert_true(a[2] == 1 && ma[2] == 1 && a[0] == 0 && sa.mono_share == 1);
    assert_true(sa.mutations == 0 && sa.fixations == 0);

    /* mu = 1: every step is a mutation; with 1 step the start state held it */
    o.mu = 1;
    o.steps = 1;
    assert_int_equal(acc_egt_simulate(g, 30, 0.3, &o, a, ma, &sa, err, sizeof err), 0);
    assert_true(a[2] == 1 && ma[2] == 1 && sa.mutations == 1);
    acc_egt_game_free(g);
}

/* ---------------------------------------------------------- Han 2020 */

static void test_han_payoffs(void **state)
{
    (void)state;
    acc_egt_han2020 h = acc_egt_han2020_baseline();
    double m[4];
    /* b = 4, c = 1, B/W = 100, s = 1.5, p_r = 0.5:
     * SS = 2 - 1 + 50 = 51, SU = 4/2.5 - 1 = 0.6,
     * US = 0.5 (1.5*4/2.5 + 150) = 76.2, UU = 0.5 (2 + 75) = 38.5 */
    assert_int_equal(acc_egt_han2020_payoffs(&h, m, err, sizeof err), 0);
    assert_close(m[0], 51, 1e-15, "SS");
    assert_close(m[1], 0.6, 1e-15, "SU");
    assert_close(m[2], 76.2, 1e-15, "US");
    assert_close(m[3], 38.5, 1e-15, "UU");
    /* regulator q = 0.2: UNSAFE keeps (1 - 0.5)(1 - 0.2) = 0.4 */
    h.q = 0.2;
    assert_int_equal(acc_egt_han2020_payoffs(&h, m, err, sizeof err), 0);
    assert_close(m[0], 51, 1e-15, "SS, q");
    assert_close(m[1], 0.6, 1e-15, "SU, q");
    assert_close(m[2], 0.4 * 152.4, 1e-14, "US, q");
    assert_close(m[3], 0.4 * 77, 1e-14, "UU, q");
}

static void test_han_thresholds(void **state)
{
    (void)state;
    acc_egt_han2020 h = acc_egt_han2020_baseline();
    double risk, welfare;
    /* s = 1.5, R = 100: risk = 1 - (2 + 1.6 + 50 - 2)/(2 + 2.4 + 225) = 1 - 51.6/229.4,
     * welfare = 1 - (2 - 1 + 50)/(2 + 75) = 26/77 */
    assert_int_equal(acc_egt_han2020_thresholds(&h, &risk, &welfare, err, sizeof err), 0);
    assert_close(risk, 0.7750653879686138, 1e-14, "risk, early race");
    assert_close(welfare, 26.0 / 77.0, 1e-14, "welfare, early race");
    /* late race W = 1e6, R = 0.01: risk = 1 - 1.605/4.4225, welfare = 1 - 1.005/2.0075 */
    h.W = 1e6;
    assert_int_equal(acc_egt_han2020_thresholds(&h, &risk, &welfare, err, sizeof err), 0);
    assert_close(risk, 0.6370830977953647, 1e-14, "risk, late race");
    assert_close(welfare, 0.49937733499377335, 1e-14, "welfare, late race");

    /* early-race limits, B/W >> b, c: 1 - 1/(3s) and 1 - 1/s */
    const double ss[] = {1.0, 1.37, 2.5, 4.9};
    for (size_t i = 0; i < 4; i++) {
        acc_egt_han2020 e = acc_egt_han2020_baseline();
        e.s = ss[i];
        e.B = 1e13;
        e.W = 1; /* R = 1e13 */
        assert_int_equal(acc_egt_han2020_thresholds(&e, &risk, &welfare, err, sizeof err), 0);
        assert_close(risk, 1 - 1 / (3 * ss[i]), 1e-11, "limit 1 - 1/(3s)");
        assert_close(welfare, 1 - 1 / ss[i], 1e-11, "limit 1 - 1/s");
        /* already close at the papers' W = 100 */
        e.B = 1e4;
        e.W = 100;
        assert_int_equal(acc_egt_han2020_thresholds(&e, &risk, &welfare, err, sizeof err), 0);
        assert_close(risk, 1 - 1 / (3 * ss[i]), 0.02, "near limit at W = 100");
        assert_close(welfare, 1 - 1 / ss[i], 0.02, "near limit at W = 100");
    }

    /* The thresholds are where the defining inequalities turn, checked on the
     * payoff matrix itself, with and without a regulator. */
    const double qs[] = {0, 0.15, 0.6};
    const double Ws[] = {100, 1e6, 2718.28};
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 3; j++) {
            acc_egt_han2020 e = acc_egt_han2020_baseline();
            e.s = 2.3;
            e.q = qs[i];
            e.W = Ws[j];
            double m[4];
            assert_int_equal(acc_egt_han2020_thresholds(&e, &risk, &welfare, err, sizeof err), 0);
            if (risk >= 0 && risk <= 1) {
                e.p_r = risk;
                assert_int_equal(acc_egt_han2020_payoffs(&e, m, err, sizeof err), 0);
                assert_close(m[0] + m[1], m[2] + m[3], 1e-12, "risk: SS + SU = US + UU");
            }
            if (welfare >= 0 && welfare <= 1) {
                e.p_r = welfare;
                assert_int_equal(acc_egt_han2020_payoffs(&e, m, err, sizeof err), 0);
                assert_close(m[0], m[3], 1e-12, "welfare: SS = UU");
            }
            if (risk + 0.01 <= 1) {
                e.p_r = fmax(0, risk) + 0.01;
                assert_int_equal(acc_egt_han2020_payoffs(&e, m, err, sizeof err), 0);
                assert_true(m[0] + m[1] > m[2] + m[3]);
            }
        }

    /* q = 1: UNSAFE never pays, whatever p_r */
    h = acc_egt_han2020_baseline();
    h.q = 1;
    assert_int_equal(acc_egt_han2020_thresholds(&h, &risk, &welfare, err, sizeof err), 0);
    assert_true(risk == -INFINITY && welfare == -INFINITY);
}

/* At the papers' baseline (b=4, c=1, B=1e4, W=100, Z=100, beta=0.01, s=1.5)
 * the risk threshold is p_r = 0.775: UNSAFE dominates well below it and
 * vanishes well above it. */
static void test_han_baseline_dynamics(void **state)
{
    (void)state;
    acc_egt_han2020 h = acc_egt_han2020_baseline();
    const double prs[] = {0.2, 0.9};
    double fu[2];
    for (int i = 0; i < 2; i++) {
        h.p_r = prs[i];
        double m[4], f[2];
        assert_int_equal(acc_egt_han2020_payoffs(&h, m, err, sizeof err), 0);
        acc_egt_game *g = matrix_game(2, m);
        assert_int_equal(acc_egt_stationary(g, 100, 0.01, f, NULL, err, sizeof err), 0);
        fu[i] = f[1];
        print_message("s = 1.5, p_r = %.1f: stationary UNSAFE frequency %.9g\n", prs[i], f[1]);
        acc_egt_game_free(g);
    }
    assert_true(fu[0] > 0.999);
    assert_true(fu[1] < 1e-4);
}

/* ---------------------------------------------------------- bad input */

static void test_errors(void **state)
{
    (void)state;
    double m[4] = {2.385, 0.731, 3.142, 1.618}, m6[6] = {1, 2, 3, 4, 5, 6};
    double bad[4] = {1, NAN, 2, 3}, binf[4] = {1, 2, INFINITY, 3};
    acc_egt_game *g = NULL;
    assert_err(acc_egt_game_new_matrix(&g, 2, 3, m6, err, sizeof err), ACC_EINVAL,
               "must be square, got 2 x 3");
    assert_null(g);
    assert_err(acc_egt_game_new_matrix(&g, 1, 1, m, err, sizeof err), ACC_EINVAL,
               "must be in [2, 256], got 1");
    assert_err(acc_egt_game_new_matrix(&g, 300, 300, m, err, sizeof err), ACC_EINVAL, "got 300");
    assert_err(acc_egt_game_new_matrix(&g, 2, 2, bad, err, sizeof err), ACC_EINVAL,
               "payoff[0][1] must be finite, got nan");
    assert_err(acc_egt_game_new_matrix(&g, 2, 2, binf, err, sizeof err), ACC_EINVAL,
               "payoff[1][0] must be finite, got inf");
    assert_err(acc_egt_game_new_matrix(&g, 2, 2, NULL, err, sizeof err), ACC_EINVAL, "NULL");
    assert_err(acc_egt_game_new_matrix(NULL, 2, 2, m, err, sizeof err), ACC_EINVAL, "NULL");
    assert_err(acc_egt_game_new_callback(&g, 1, mat_payoff, NULL, err, sizeof err), ACC_EINVAL,
               "number of strategies n must be in [2, 256], got 1");
    assert_err(acc_egt_game_new_callback(&g, 2, NULL, NULL, err, sizeof err), ACC_EINVAL,
               "callback is NULL");
    assert_null(g);
    acc_egt_game_free(NULL);

    g = matrix_game(2, m);
    double rho, f[2];
    assert_err(acc_egt_fixation(g, 1, 0.1, 0, 1, &rho, NULL, err, sizeof err), ACC_EINVAL,
               "population size Z must be in [2, 1000000], got 1");
    assert_err(acc_egt_fixation(g, 0, 0.1, 0, 1, &rho, NULL, err, sizeof err), ACC_EINVAL, "got 0");
    assert_err(acc_egt_fixation(g, 1000001, 0.1, 0, 1, &rho, NULL, err, sizeof err), ACC_EINVAL,
               "got 1000001");
    assert_err(acc_egt_fixation(g, 10, -0.1, 0, 1, &rho, NULL, err, sizeof err), ACC_EINVAL,
               "beta must be finite and >= 0, got -0.1");
    assert_err(acc_egt_fixation(g, 10, NAN, 0, 1, &rho, NULL, err, sizeof err), ACC_EINVAL,
               "got nan");
    assert_err(acc_egt_fixation(g, 10, INFINITY, 0, 1, &rho, NULL, err, sizeof err), ACC_EINVAL,
               "got inf");
    assert_err(acc_egt_fixation(g, 10, 0.1, 0, 0, &rho, NULL, err, sizeof err), ACC_EINVAL,
               "two different strategies");
    assert_err(acc_egt_fixation(g, 10, 0.1, 0, 2, &rho, NULL, err, sizeof err), ACC_EINVAL,
               "mutant ('to') strategy must be in [0, 1], got 2");
    assert_err(acc_egt_fixation(g, 10, 0.1, -1, 1, &rho, NULL, err, sizeof err), ACC_EINVAL,
               "resident ('from') strategy must be in [0, 1], got -1");
    assert_err(acc_egt_fixation(NULL, 10, 0.1, 0, 1, &rho, NULL, err, sizeof err), ACC_EINVAL,
               "NULL game");
    assert_err(acc_egt_stationary(g, 1, 0.1, f, NULL, err, sizeof err), ACC_EINVAL, "Z");
    assert_err(acc_egt_stationary(g, 10, -1, f, NULL, err, sizeof err), ACC_EINVAL, "beta");
    assert_err(acc_egt_stationary(g, 10, 1, NULL, NULL, err, sizeof err), ACC_EINVAL, "NULL");
    assert_err(acc_egt_fixation_matrix(g, 1, 0.1, NULL, NULL, err, sizeof err), ACC_EINVAL, "Z");

    acc_egt_sim_opts o = {.mu = 1e-3, .steps = 100, .seed = 1};
    assert_err(acc_egt_simulate(g, 1, 0.1, &o, f, NULL, NULL, err, sizeof err), ACC_EINVAL, "Z");
    assert_err(acc_egt_simulate(g, 10, -2, &o, f, NULL, NULL, err, sizeof err), ACC_EINVAL, "beta");
    assert_err(acc_egt_simulate(g, 10, 0.1, NULL, f, NULL, NULL, err, sizeof err), ACC_EINVAL,
               "NULL");
    o.mu = -0.1;
    assert_err(acc_egt_simulate(g, 10, 0.1, &o, f, NULL, NULL, err, sizeof err), ACC_EINVAL,
               "mu must be in [0, 1], got -0.1");
    o.mu = NAN;
    assert_err(acc_egt_simulate(g, 10, 0.1, &o, f, NULL, NULL, err, sizeof err), ACC_EINVAL,
               "got nan");
    o.mu = 1.5;
    assert_err(acc_egt_simulate(g, 10, 0.1, &o, f, NULL, NULL, err, sizeof err), ACC_EINVAL,
               "got 1.5");
    o.mu = 0.1;
    o.steps = 0;
    assert_err(acc_egt_simulate(g, 10, 0.1, &o, f, NULL, NULL, err, sizeof err), ACC_EINVAL,
               "steps must be in [1, 1000000000000000], got 0");
    o.steps = ACC_EGT_MAX_STEPS + 1;
    assert_err(acc_egt_simulate(g, 10, 0.1, &o, f, NULL, NULL, err, sizeof err), ACC_EINVAL,
               "steps");
    o.steps = 10;
    o.start = 2;
    assert_err(acc_egt_simulate(g, 10, 0.1, &o, f, NULL, NULL, err, sizeof err), ACC_EINVAL,
               "start strategy must be in [0, 1], got 2");

    int counts[2] = {3, 7};
    double p;
    assert_err(acc_egt_payoff(g, 0, counts, 11, &p, err, sizeof err), ACC_EINVAL,
               "must sum to Z = 11 (got 10)");
    counts[0] = 0;
    counts[1] = 10;
    assert_err(acc_egt_payoff(g, 0, counts, 10, &p, err, sizeof err), ACC_EINVAL, "focal");
    counts[0] = -1;
    counts[1] = 11;
    assert_err(acc_egt_payoff(g, 1, counts, 10, &p, err, sizeof err), ACC_EINVAL,
               "counts[0] must be >= 0, got -1");
    assert_err(acc_egt_payoff(g, 5, counts, 10, &p, err, sizeof err), ACC_EINVAL,
               "payoff strategy must be in [0, 1], got 5");
    acc_egt_game_free(g);

    double lr[4] = {0, -1, -1, 0};
    assert_err(acc_egt_stationary_from_log_rho(1, lr, f, err, sizeof err), ACC_EINVAL, "got 1");
    lr[2] = INFINITY;
    assert_err(acc_egt_stationary_from_log_rho(2, lr, f, err, sizeof err), ACC_EINVAL,
               "log_rho[1][0]");

    /* Han 2020 parameters: each out-of-range value named */
    const struct {
        size_t off;
        double v;
        const char *msg;
    } hb[] = {
        {offsetof(acc_egt_han2020, b), -1, "b must be finite and >= 0, got -1"},
        {offsetof(acc_egt_han2020, c), NAN, "c must be finite and >= 0, got nan"},
        {offsetof(acc_egt_han2020, B), -5, "B must be finite and >= 0, got -5"},
        {offsetof(acc_egt_han2020, W), 0, "W must be finite and > 0, got 0"},
        {offsetof(acc_egt_han2020, W), INFINITY, "W must be finite and > 0, got inf"},
        {offsetof(acc_egt_han2020, s), 0, "s must be finite and > 0, got 0"},
        {offsetof(acc_egt_han2020, p_r), 1.5, "p_r must be in [0, 1], got 1.5"},
        {offsetof(acc_egt_han2020, p_r), -0.1, "p_r must be in [0, 1], got -0.1"},
        {offsetof(acc_egt_han2020, q), 2, "q must be in [0, 1], got 2"},
    };
    for (size_t i = 0; i < sizeof hb / sizeof hb[0]; i++) {
        acc_egt_han2020 h = acc_egt_han2020_baseline();
        *(double *)((char *)&h + hb[i].off) = hb[i].v;
        double pm[4], r1, r2;
        assert_err(acc_egt_han2020_payoffs(&h, pm, err, sizeof err), ACC_EINVAL, hb[i].msg);
        if (hb[i].off != offsetof(acc_egt_han2020, p_r))
            assert_err(acc_egt_han2020_thresholds(&h, &r1, &r2, err, sizeof err), ACC_EINVAL,
                       hb[i].msg);
        else /* thresholds do not use p_r */
            assert_int_equal(acc_egt_han2020_thresholds(&h, &r1, &r2, err, sizeof err), 0);
    }
    acc_egt_han2020 h = acc_egt_han2020_baseline();
    h.b = 0;
    h.B = 0;
    double r1, r2;
    assert_err(acc_egt_han2020_thresholds(&h, &r1, &r2, err, sizeof err), ACC_EINVAL,
               "need b > 0 or B > 0");
    assert_err(acc_egt_han2020_payoffs(NULL, m, err, sizeof err), ACC_EINVAL, "NULL");
}

int main(void)
{
    acc_gsl_quiet();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixation_by_hand_z3),
        cmocka_unit_test(test_fixation_by_hand_z2),
        cmocka_unit_test(test_fixation_neutral),
        cmocka_unit_test(test_fixation_ratio),
        cmocka_unit_test(test_fixation_no_overflow),
        cmocka_unit_test(test_callback_equals_matrix),
        cmocka_unit_test(test_callback_nan),
        cmocka_unit_test(test_interrupt),
        cmocka_unit_test(test_stationary_two),
        cmocka_unit_test(test_stationary_three_eigen),
        cmocka_unit_test(test_stationary_extreme_rates),
        cmocka_unit_test(test_simulate_matches_stationary),
        cmocka_unit_test(test_simulate_reproducible),
        cmocka_unit_test(test_han_payoffs),
        cmocka_unit_test(test_han_thresholds),
        cmocka_unit_test(test_han_baseline_dynamics),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
