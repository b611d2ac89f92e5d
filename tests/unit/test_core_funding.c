/* accord — venture funding (MODEL.md v2, "Funding"; docs/model.md section 10.1):
 * the pool V_j(t)/spy paid in full when no cap binds, each startup's share
 * w_i/sum w, water-filling with hand-computed known answers (one capped, two
 * capped, a cascade, what no one can take left unpaid), reach with ties and
 * its rounding, max_age for the initial population and for founded
 * startups, the open-source carve-out, growth with the market, policies, the
 * selection against a sort, V = 0 as v1.2, and no allocation while stepping.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_core_util.h"

#include <stdint.h>

#include "core/world_int.h" /* acc__funding_select */

#include "test_alloc_count.h" /* counts allocations while `counting` is set */

/* ---- a funding world ----------------------------------------------------------------
 * One non-binding market j0 (plus an optional second, j1, with no funding),
 * epsilon = 2 so that A = phi (c = 0, r = 1: no risk), V_0 = 1200 M$/yr at
 * 12 steps a year: a pool of exactly 100 M$ per step. `n` startups (and
 * `nos` open-source labs) of home j0, every attribute fixed, no R&D, no opex,
 * so nothing but funding moves their weights. Productivities are set after
 * creation, phi[k] for developer k. */
#define POOL 100.0

static acc_config *fund_config(int n, int nos)
{
    acc_config *cfg = tc_config(2);
    cfg->elasticity = 2;
    cfg->productivity_shape = 3;
    cfg->funding_reach = 1;
    cfg->funding_max_share = 1;
    cfg->funding_max_age = 5;
    cfg->funding_concentration = 1;
    cfg->jur[0].venture_funding = 12 * POOL;
    cfg->jur[0].market = 5000;
    cfg->jur[1].market = 5000;
    if (n > 0)
        tc_pop(cfg, ACC_STARTUP, 0, n, 100, 0, 0.5, 1);
    if (nos > 0)
        tc_pop(cfg, ACC_OPEN_SOURCE, 0, nos, 100, 0, 0.5, 1);
    return cfg;
}

static acc_world *fund_world(const acc_config *cfg, const double *phi, int nphi)
{
    acc_world *w = tc_world(cfg, 11, 0);
    assert_int_equal(acc_world_track_profit(w), ACC_OK); /* profit_12m compared below */
    char err[ACC_ERRLEN];
    for (int k = 0; k < nphi; k++)
        assert_int_equal(acc_world_dev_set(w, k, ACC_DEV_PRODUCTIVITY, phi[k], err, sizeof err), ACC_OK);
    return w;
}

static double funded(const acc_world *w, int64_t i) { return tc_dev(w, i, ACC_DEV_FUNDING_RECEIVED); }
static double ts_funding(const acc_world *w, int j) { return acc_world_metrics(w, j)->v[ACC_TS_FUNDING]; }

static int near_(double a, double b)
{
    if (!(fabs(a - b) <= 1e-9 * (fabs(b) > 1 ? fabs(b) : 1))) {
        print_message("  got %.17g, expected %.17g\n", a, b);
        return 0;
    }
    return 1;
}
#define NEAR(a, b) assert_true(near_((double)(a), (double)(b)))

/* ---- the pool and the shares --------------------------------------------------------- */

/* No cap binds: the step pays V/spy = 100 in full, developer i gets
 * 100 phi_i^kappa / sum phi^kappa; capital rises by exactly that (compared
 * with the same world without funding: funding comes after clearing); revenue
 * is untouched; the all row and the summary add it up. */
static void check_shares(double kappa)
{
    const double phi[6] = {1.0, 2.0, 3.5, 0.7, 5.0, 1.3};
    acc_config *cfg = fund_config(6, 0);
    cfg->funding_concentration = kappa;
    acc_world *w = fund_world(cfg, phi, 6);
    acc_config *cfg0 = fund_config(6, 0);
    cfg0->jur[0].venture_funding = 0;
    acc_world *w0 = fund_world(cfg0, phi, 6);
    tc_step(w);
    tc_step(w0);
    double sw = 0;
    for (int k = 0; k < 6; k++)
        sw += pow(phi[k], kappa);
    NEAR(ts_funding(w, 0), POOL);
    NEAR(ts_funding(w, -1), POOL);
    assert_true(ts_funding(w, 1) == 0);
    assert_true(ts_funding(w0, 0) == 0);
    for (int k = 0; k < 6; k++) {
        NEAR(funded(w, k), POOL * pow(phi[k], kappa) / sw);
        NEAR(tc_dev(w, k, ACC_DEV_CAPITAL) - tc_dev(w0, k, ACC_DEV_CAPITAL), funded(w, k));
        assert_true(tc_dev(w, k, ACC_DEV_STEP_REVENUE) == tc_dev(w0, k, ACC_DEV_STEP_REVENUE));
        assert_true(tc_dev(w, k, ACC_DEV_PROFIT_12M) == tc_dev(w0, k, ACC_DEV_PROFIT_12M));
    }
    assert_true(acc_world_metrics(w, 0)->v[ACC_TS_REVENUE] == acc_world_metrics(w0, 0)->v[ACC_TS_REVENUE]);
    tc_step(w);
    NEAR(tc_summary(w, "funding"), 2 * POOL);
    assert_true(tc_summary(w0, "funding") == 0);
    assert_true(tc_summary(w, "revenue") > 0);
    acc_world_free(w);
    acc_world_free(w0);
    free(cfg);
    free(cfg0);
}

static void test_shares_proportional(void **state)
{
    (void)state;
    check_shares(1);   /* w = A */
    check_shares(2.5); /* a general exponent */
    check_shares(0);   /* equal split */
}

/* V_j(t) = V_j(0) M_j(t)/M_j(0): with growth 0.2 a year, step 13 pays
 * 100 * 1.2 (twelve monthly growths of (1.2)^(1/12) make 1.2); the live
 * value of venture_funding is V_j(t) and moves with the market. */
static void test_grows_with_market(void **state)
{
    (void)state;
    acc_config *cfg = fund_config(4, 0);
    cfg->jur[0].growth = 0.2;
    const double phi[4] = {1, 1, 1, 1};
    acc_world *w = fund_world(cfg, phi, 4);
    for (int t = 1; t <= 13; t++) {
        tc_step(w);
        double expect = POOL * pow(1.2, (t - 1) / 12.0);
        NEAR(ts_funding(w, 0), expect);
    }
    double v, m;
    char err[ACC_ERRLEN];
    assert_int_equal(acc_world_jur_get(w, 0, "venture_funding", &v, err, sizeof err), ACC_OK);
    assert_int_equal(acc_world_jur_get(w, 0, "market", &m, err, sizeof err), ACC_OK);
    NEAR(v / m, 1200.0 / 5000.0);
    acc_world_free(w);
    free(cfg);
}

/* ---- the cap and water-filling (hand computations, pool 100) ------------------------ */

static void run_cap_case(const double *phi, int n, double max_share, const double *expect, double total)
{
    acc_config *cfg = fund_config(n, 0);
    cfg->funding_max_share = max_share;
    acc_world *w = fund_world(cfg, phi, n);
    tc_step(w);
    for (int k = 0; k < n; k++)
        NEAR(funded(w, k), expect[k]);
    NEAR(ts_funding(w, 0), total);
    acc_world_free(w);
    free(cfg);
}

static void test_cap_waterfilling(void **state)
{
    (void)state;
    /* One capped. Weights 6, 2, 1, 1 (sum 10), cap 40: in proportion
     * 60, 20, 10, 10; the first gets 40; the other 60 is split 2:1:1 =
     * 30, 15, 15 (all below 40). */
    const double a[4] = {6, 2, 1, 1}, ea[4] = {40, 30, 15, 15};
    run_cap_case(a, 4, 0.4, ea, 100);
    /* Two capped at once. Weights 1, 4, 1, 4, cap 35: 10, 40, 10, 40 ->
     * 35 and 35; the other 30 split 1:1. Ids do not follow the weights. */
    const double b[4] = {1, 4, 1, 4}, eb[4] = {15, 35, 15, 35};
    run_cap_case(b, 4, 0.35, eb, 100);
    /* A cascade. Weights 5, 3, 1, 1, cap 32: 50, 30, 10, 10 -> the first
     * gets 32; the other 68 split 3:1:1 = 40.8, 13.6, 13.6 puts the second
     * over the cap -> 32; the last 36 split 1:1 = 18, 18. */
    const double c[4] = {5, 3, 1, 1}, ec[4] = {32, 32, 18, 18};
    run_cap_case(c, 4, 0.32, ec, 100);
    /* What no one can take is not paid. Three startups, cap 20: 20 each,
     * 60 paid, 40 not (whatever the weights). */
    const double d[3] = {9, 1, 0.5}, ed[3] = {20, 20, 20};
    run_cap_case(d, 3, 0.2, ed, 60);
    /* Exactly at the cap: weights 1, 1, 2 with cap 50 are 25, 25, 50. */
    const double e[3] = {1, 1, 2}, ee[3] = {25, 25, 50};
    run_cap_case(e, 3, 0.5, ee, 100);
}

/* Many startups and a small cap: only the sorted prefix is looked at. 200
 * startups with phi_k = 1 + k/10, kappa 8 and a cap of 3 %: the cap binds for
 * the top 11 (a direct water-filling here finds them), the other 67 is
 * shared in proportion. */
static void test_cap_many(void **state)
{
    (void)state;
    enum { N = 200 };
    double phi[N], wgt[N], expect[N];
    for (int k = 0; k < N; k++) {
        phi[k] = 1 + k / 10.0;
        wgt[k] = pow(phi[k], 8);
    }
    const double cap = 0.03 * POOL;
    /* direct water-filling: k largest capped while (rest * w / W) > cap */
    double rest = POOL, W = 0;
    for (int k = 0; k < N; k++)
        W += wgt[k];
    int capped = 0;
    for (int k = N - 1; k >= 0 && rest * wgt[k] > cap * W; k--) {
        rest -= cap;
        W -= wgt[k];
        capped++;
    }
    assert_int_equal(capped, 11);
    assert_true(fabs(rest - 67) < 1e-9);
    double total = 0;
    for (int k = 0; k < N; k++) {
        expect[k] = k >= N - capped ? cap : rest * wgt[k] / W;
        total += expect[k];
        assert_true(expect[k] <= cap * (1 + 1e-12));
    }
    NEAR(total, POOL);
    acc_config *cfg = fund_config(N, 0);
    cfg->funding_max_share = 0.03;
    cfg->funding_concentration = 8;
    acc_world *w = fund_world(cfg, phi, N);
    tc_step(w);
    for (int k = 0; k < N; k++)
        assert_true(fabs(funded(w, k) - expect[k]) <= 1e-9 * POOL);
    NEAR(ts_funding(w, 0), POOL);
    acc_world_free(w);
    free(cfg);
}

/* ---- eligibility --------------------------------------------------------------------- */

/* Reach: of n live startups, the first ceil(reach n) by A (ties by id). */
static void test_reach(void **state)
{
    (void)state;
    enum { N = 10 };
    double phi[N];
    for (int k = 0; k < N; k++)
        phi[k] = 1 + (k * 7) % N; /* a permutation of 1..10 */
    acc_config *cfg = fund_config(N, 0);
    cfg->funding_reach = 0.25; /* ceil(2.5) = 3: phi 10, 9, 8 */
    acc_world *w = fund_world(cfg, phi, N);
    tc_step(w);
    for (int k = 0; k < N; k++)
        NEAR(funded(w, k), phi[k] >= 8 ? POOL * phi[k] / 27 : 0);
    acc_world_free(w);
    free(cfg);

    /* Ties by id: equal A, reach 0.1 of 30 is exactly 3 (0.1 * 30 is
     * 3.0000000000000004 in floating point): ids 0, 1, 2. */
    double ones[30];
    for (int k = 0; k < 30; k++)
        ones[k] = 1;
    cfg = fund_config(30, 0);
    cfg->funding_reach = 0.1;
    w = fund_world(cfg, ones, 30);
    tc_step(w);
    for (int k = 0; k < 30; k++)
        NEAR(funded(w, k), k < 3 ? POOL / 3 : 0);
    acc_world_free(w);
    free(cfg);

    /* reach 0: no one. */
    cfg = fund_config(5, 0);
    cfg->funding_reach = 0;
    w = fund_world(cfg, ones, 5);
    tc_step(w);
    assert_true(ts_funding(w, 0) == 0);
    acc_world_free(w);
    free(cfg);
}

/* The rank counts every live startup: one that is not deployed (its binding
 * home refuses it) takes a place among the first ceil(reach n) but gets
 * nothing; the pool goes to the deployed ones in the reach. */
static void test_reach_counts_undeployed(void **state)
{
    (void)state;
    acc_config *cfg = fund_config(0, 0);
    cfg->n_jur = 1;
    cfg->jur[0].binding = 1;
    cfg->jur[0].stringency = 0.5;
    tc_pop(cfg, ACC_STARTUP, 0, 4, 100, 0, 0.9, 1); /* ids 0-3: certified by incumbency */
    tc_pop(cfg, ACC_STARTUP, 0, 1, 100, 0, 0.1, 1); /* id 4: absent, cannot certify */
    cfg->funding_reach = 0.6;                       /* ceil(3) = 3 of 5 */
    const double phi[5] = {1, 2, 3, 4, 10};
    acc_world *w = fund_world(cfg, phi, 5);
    assert_int_equal(acc_world_dev_market(w, 4, 0), ACC_MKT_ABSENT);
    tc_step(w);
    assert_int_equal(acc_world_dev_market(w, 4, 0), ACC_MKT_ABSENT);
    const double expect[5] = {0, 0, POOL * 3 / 7, POOL * 4 / 7, 0};
    for (int k = 0; k < 5; k++)
        NEAR(funded(w, k), expect[k]);
    acc_world_free(w);
    free(cfg);
}

/* max_age for the initial population (age 0 at t = 0, age t steps at step
 * t): 0.5 years at 12 steps a year funds steps 1-5, not 6. */
static void test_max_age_initial(void **state)
{
    (void)state;
    acc_config *cfg = fund_config(3, 0);
    cfg->funding_max_age = 0.5;
    const double phi[3] = {1, 2, 3};
    acc_world *w = fund_world(cfg, phi, 3);
    for (int t = 1; t <= 7; t++) {
        tc_step(w);
        if (t <= 5)
            NEAR(ts_funding(w, 0), POOL);
        else
            assert_true(ts_funding(w, 0) == 0);
    }
    NEAR(funded(w, 2), 5 * POOL * 3 / 6);
    acc_world_free(w);
    free(cfg);
    /* max_age 0: never. */
    cfg = fund_config(3, 0);
    cfg->funding_max_age = 0;
    w = fund_world(cfg, phi, 3);
    tc_step(w);
    assert_true(ts_funding(w, 0) == 0);
    acc_world_free(w);
    free(cfg);
}

/* A startup founded at step b (absent everywhere) enters at b + 1 (E0 = 0,
 * non-binding), is funded while its age (t - b steps) is below max_age: with
 * max_age 0.25 years = 3 steps, at b + 1 and b + 2, not at b + 3. Only
 * founded startups are alive and young after step 2, as the initial ones
 * are too old. */
static void test_max_age_founded(void **state)
{
    (void)state;
    acc_config *cfg = fund_config(2, 0);
    cfg->funding_max_age = 0.25;
    cfg->jur[0].startup_rate = 4;
    cfg->jur[0].entry_cost = 0;
    const double phi[2] = {1, 1};
    acc_world *w = fund_world(cfg, phi, 2);
    const int64_t n0 = acc_world_ndev(w);
    int b = 0;
    for (int t = 1; t <= 60 && !b; t++) {
        tc_step(w);
        if (acc_world_ndev(w) > n0)
            b = t;
    }
    assert_true(b > 0);
    const int64_t id = n0; /* the first founded startup */
    assert_true(funded(w, id) == 0);
    tc_step(w); /* b + 1 */
    assert_int_equal(acc_world_dev_market(w, id, 0), ACC_MKT_DEPLOYED);
    const double f1 = funded(w, id);
    assert_true(f1 > 0);
    tc_step(w); /* b + 2 */
    const double f2 = funded(w, id);
    assert_true(f2 > f1);
    tc_step(w); /* b + 3 */
    assert_true(funded(w, id) == f2);
    for (int64_t i = 0; i < n0; i++) /* funded at steps 1 and 2 only */
        assert_true(funded(w, i) > 0 && funded(w, i) <= 2 * POOL);
    acc_world_free(w);
    free(cfg);
}

/* ---- open-source labs ------------------------------------------------------------------ */

/* open_source_share 0.25: the home's open-source labs share 25 on the same
 * rule, its startups 75; the cap is max_share of the whole step's pool
 * (100), for both groups. Without the carve-out the labs get nothing. */
static void test_open_source_share(void **state)
{
    (void)state;
    const double phi[4] = {1, 3, 2, 2}; /* startups 0, 1; labs 2, 3 */
    acc_config *cfg = fund_config(2, 2);
    cfg->funding_open_source_share = 0.25;
    acc_world *w = fund_world(cfg, phi, 4);
    tc_step(w);
    NEAR(funded(w, 0), 75.0 / 4);
    NEAR(funded(w, 1), 75.0 * 3 / 4);
    NEAR(funded(w, 2), 12.5);
    NEAR(funded(w, 3), 12.5);
    NEAR(ts_funding(w, 0), POOL);
    acc_world_free(w);
    free(cfg);
    /* cap 10 (0.1 of 100): each of the four gets 10; 60 not paid */
    cfg = fund_config(2, 2);
    cfg->funding_open_source_share = 0.25;
    cfg->funding_max_share = 0.1;
    w = fund_world(cfg, phi, 4);
    tc_step(w);
    for (int k = 0; k < 4; k++)
        NEAR(funded(w, k), 10);
    NEAR(ts_funding(w, 0), 40);
    acc_world_free(w);
    free(cfg);
    /* no carve-out */
    cfg = fund_config(2, 2);
    w = fund_world(cfg, phi, 4);
    tc_step(w);
    NEAR(funded(w, 0), POOL / 4);
    NEAR(funded(w, 1), POOL * 3 / 4);
    assert_true(funded(w, 2) == 0 && funded(w, 3) == 0);
    acc_world_free(w);
    free(cfg);
}

/* Home, not market: startups of j1 get nothing from j0's pool, even when
 * deployed in j0; j0's row counts what j0's startups received. */
static void test_by_home(void **state)
{
    (void)state;
    acc_config *cfg = fund_config(2, 0);
    tc_pop(cfg, ACC_STARTUP, 1, 2, 100, 0, 0.5, 1); /* ids 2, 3 */
    const double phi[4] = {1, 1, 5, 5};
    acc_world *w = fund_world(cfg, phi, 4);
    tc_step(w);
    NEAR(funded(w, 0), POOL / 2);
    NEAR(funded(w, 1), POOL / 2);
    assert_true(funded(w, 2) == 0 && funded(w, 3) == 0);
    NEAR(ts_funding(w, 0), POOL);
    assert_true(ts_funding(w, 1) == 0);
    acc_world_free(w);
    free(cfg);
}

/* ---- policies, fields ---------------------------------------------------------------- */

static void test_policy_and_fields(void **state)
{
    (void)state;
    acc_config *cfg = fund_config(2, 0);
    cfg->jur[0].venture_funding = 0;
    const double phi[2] = {1, 3};
    acc_world *w = fund_world(cfg, phi, 2);
    char err[ACC_ERRLEN];
    tc_step(w);
    assert_true(ts_funding(w, 0) == 0);
    assert_int_equal(acc_world_jur_set(w, 0, "venture_funding", 2400, err, sizeof err), ACC_OK);
    tc_step(w);
    NEAR(ts_funding(w, 0), 200);
    NEAR(funded(w, 1), 150);
    assert_int_equal(acc_world_param_set(w, "funding.reach", 0.5, err, sizeof err), ACC_OK);
    tc_step(w); /* ceil(0.5 * 2) = 1: only the better one */
    NEAR(funded(w, 1), 350);
    NEAR(funded(w, 0), 50);
    assert_int_equal(acc_world_jur_set(w, 0, "venture_funding", -1, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "venture_funding must be in [0, inf)"));
    assert_int_equal(acc_world_param_set(w, "funding.max_share", 0, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "funding.max_share must be in (0, 1]"));
    assert_int_equal(acc_world_param_set(w, "funding.reach", 1.5, err, sizeof err), ACC_EINVAL);
    assert_int_equal(acc_world_param_set(w, "funding.concentration", -1, err, sizeof err), ACC_EINVAL);
    assert_int_equal(acc_world_param_set(w, "funding.open_source_share", 2, err, sizeof err), ACC_EINVAL);
    assert_int_equal(acc_world_param_set(w, "funding.max_age", -1, err, sizeof err), ACC_EINVAL);
    double v;
    assert_int_equal(acc_world_param_get(w, "funding.max_age", &v, err, sizeof err), ACC_OK);
    assert_true(v == 5);
    assert_int_equal(acc_dev_attr_parse("funding_received"), ACC_DEV_FUNDING_RECEIVED);
    assert_string_equal(acc_ts_col_name(ACC_TS_FUNDING), "funding");
    assert_string_equal(acc_ts_col_name(ACC_TS_ENTRY_SPEND + 1), "funding");
    char e2[ACC_ERRLEN];
    assert_int_equal(acc_world_dev_set(w, 0, ACC_DEV_FUNDING_RECEIVED, 1, e2, sizeof e2), ACC_EINVAL);
    acc_world_free(w);
    free(cfg);

    /* the defaults: the generic preset's V (data/regimes.csv: the presets' median), and the suggested rule */
    acc_config d;
    acc_config_room droom;
    acc_config_init(&d, &droom);
    assert_true(d.funding_max_age == 5 && d.funding_reach == 0.2 && d.funding_concentration == 1 &&
                d.funding_max_share == 0.05 && d.funding_open_source_share == 0);
    acc_jur_cfg jd;
    acc_jur_defaults(&jd);
    assert_true(jd.venture_funding == 900);
}

/* ---- V = 0 is v1.2 ------------------------------------------------------------------ */

/* A busy world (startups founded, risk, audits, upstreams, growth) with
 * V = 0 and every other funding field far from its default gives exactly the
 * rows and summary of the default world. */
static acc_config *busy_config(void)
{
    acc_config *cfg = tc_config(3);
    cfg->years = 4;
    cfg->risk_base_hazard = 0.3;
    cfg->risk_self_detect = 1;
    cfg->upstream_prob = 0.6;
    for (int j = 0; j < 3; j++) {
        acc_jur_cfg *jc = &cfg->jur[j];
        jc->market = 2000 + 500 * j;
        jc->growth = 0.1;
        jc->detection = 0.4;
        jc->audit_rate = 0.3;
        jc->startup_rate = 8;
        jc->binding = j == 0;
    }
    for (int home = 0; home < 3; home++)
        for (int kind = 0; kind < ACC_NKINDS; kind++) {
            acc_pop_cfg *p = &cfg->pop[cfg->n_pop++];
            acc_pop_defaults(p, kind);
            p->home = home;
            p->count = kind == ACC_STARTUP ? 40 : 4;
        }
    return cfg;
}

static void test_zero_is_v12(void **state)
{
    (void)state;
    acc_config *a = busy_config(), *b = busy_config();
    b->funding_max_age = 50;
    b->funding_reach = 1;
    b->funding_concentration = 3;
    b->funding_max_share = 0.5;
    b->funding_open_source_share = 0.7;
    acc_world *wa = tc_world(a, 5, 2), *wb = tc_world(b, 5, 2);
    tc_rec ra = {0}, rb = {0};
    tc_attach(wa, &ra);
    tc_attach(wb, &rb);
    assert_int_equal(acc_world_run(wa), ACC_OK);
    assert_int_equal(acc_world_run(wb), ACC_OK);
    assert_true(ra.nrows == rb.nrows && ra.nev == rb.nev);
    for (size_t r = 0; r < ra.nrows; r++)
        for (int c = 0; c < ACC_TS_NCOLS; c++) {
            double x = ra.rows[r].v[c], y = rb.rows[r].v[c];
            assert_true((isnan(x) && isnan(y)) || memcmp(&x, &y, sizeof x) == 0);
        }
    for (size_t e = 0; e < ra.nev; e++)
        assert_true(ra.ev[e].type == rb.ev[e].type && ra.ev[e].dev == rb.ev[e].dev &&
                    ra.ev[e].value == rb.ev[e].value);
    assert_true(tc_summary(wb, "funding") == 0);
    assert_true(tc_summary(wa, "founded") > 20);
    double sa[256], sb[256];
    acc_world_summary(wa, sa);
    acc_world_summary(wb, sb);
    for (int k = 0; k < acc_world_summary_count(wa); k++)
        assert_true((isnan(sa[k]) && isnan(sb[k])) || sa[k] == sb[k]);
    tc_rec_free(&ra);
    tc_rec_free(&rb);
    acc_world_free(wa);
    acc_world_free(wb);
    free(a);
    free(b);
}

/* ---- the selection ------------------------------------------------------------------- */

static const double *cmp_a;
static int cmp_before(const void *x, const void *y)
{
    int32_t i = *(const int32_t *)x, k = *(const int32_t *)y;
    if (cmp_a[i] != cmp_a[k])
        return cmp_a[i] > cmp_a[k] ? -1 : 1;
    return i < k ? -1 : i > k;
}

/* acc__funding_select puts the first k by (A desc, id asc) in front, for
 * random, sorted, reversed, constant and few-valued inputs. */
static void test_select(void **state)
{
    (void)state;
    enum { NMAX = 700 };
    static double a[NMAX];
    static int32_t v[NMAX], ref[NMAX];
    uint64_t x = 88172645463325252ULL;
    for (int pattern = 0; pattern < 5; pattern++)
        for (int n = 1; n <= NMAX; n += 37 + pattern) {
            for (int i = 0; i < n; i++) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                a[i] = pattern == 0 ? (double)(x % 100000) : pattern == 1 ? i : pattern == 2 ? n - i
                       : pattern == 3 ? 1.0 : (double)(x % 3);
                v[i] = ref[i] = n - 1 - i; /* not in id order */
            }
            cmp_a = a;
            qsort(ref, (size_t)n, sizeof ref[0], cmp_before);
            for (int k = 0; k <= n; k += 1 + n / 7) {
                for (int i = 0; i < n; i++)
                    v[i] = n - 1 - i;
                acc__funding_select(v, n, k, a);
                /* the first k are the reference's first k, as sets */
                qsort(v, (size_t)k, sizeof v[0], cmp_before);
                for (int i = 0; i < k; i++)
                    assert_int_equal(v[i], ref[i]);
            }
        }
}

/* ---- no allocation while funding ----------------------------------------------------- */

static void test_no_allocation(void **state)
{
    (void)state;
    acc_config *cfg = busy_config();
    cfg->years = 10;
    for (int j = 0; j < 3; j++)
        cfg->jur[j].venture_funding = 500 * (j + 1);
    cfg->funding_max_share = 0.02; /* water-filling on */
    cfg->funding_reach = 0.5;
    cfg->funding_open_source_share = 0.3;
    acc_world *w = tc_world(cfg, 9, 0);
    n_alloc_calls = 0;
    counting = 1;
    int rc = acc_world_run(w);
    counting = 0;
    assert_int_equal(rc, ACC_OK);
    assert_true(tc_summary(w, "funding") > 0);
    assert_true(tc_summary(w, "founded") > 100);
    assert_true(tc_summary(w, "capacity_grows") == 0);
    if (TC_COUNT_ALLOC)
        assert_int_equal(n_alloc_calls, 0);
    acc_world_free(w);
    free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shares_proportional),
        cmocka_unit_test(test_grows_with_market),
        cmocka_unit_test(test_cap_waterfilling),
        cmocka_unit_test(test_cap_many),
        cmocka_unit_test(test_reach),
        cmocka_unit_test(test_reach_counts_undeployed),
        cmocka_unit_test(test_max_age_initial),
        cmocka_unit_test(test_max_age_founded),
        cmocka_unit_test(test_open_source_share),
        cmocka_unit_test(test_by_home),
        cmocka_unit_test(test_policy_and_fields),
        cmocka_unit_test(test_zero_is_v12),
        cmocka_unit_test(test_select),
        cmocka_unit_test(test_no_allocation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
