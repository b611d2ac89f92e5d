/* accord — unit tests of the per-run summary statistics of core/summary.c:
 * names (world-dependent), per-jurisdiction cumulative values, revenue by
 * home, top10_share, bankruptcy rates by kind, startup_survival_5y and
 * noncompliant_share, on tiny worlds whose answers are worked out by hand
 * in the comments.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_core_util.h"

#include "test_alloc_count.h" /* counts allocations while `counting` is set */

/* A developer rule that does nothing: nobody applies, enters or leaves. */
static int rule_none(tc_hooks *h, acc_world *w, int step)
{
    (void)h;
    (void)w;
    (void)step;
    return 0;
}

static int close_to(double a, double b, double rel)
{
    return fabs(a - b) <= rel * (fabs(b) > 1 ? fabs(b) : 1);
}

/* ---- names ------------------------------------------------------------------------------- */

static void test_names(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(2);
    snprintf(cfg->jur[0].id, sizeof cfg->jur[0].id, "eu");
    snprintf(cfg->jur[1].id, sizeof cfg->jur[1].id, "us");
    cfg->years = 0.25;
    tc_pop(cfg, ACC_INCUMBENT, 0, 2, 100, 1, 0.7, 1);
    const int n0 = acc_world_summary_count(NULL);
    /* the world-independent names end with summary.c's six */
    assert_string_equal(acc_world_summary_name(NULL, n0 - 6), "top10_share");
    assert_string_equal(acc_world_summary_name(NULL, n0 - 1), "noncompliant_share");
    assert_null(acc_world_summary_name(NULL, n0));
    acc_world *w = tc_world(cfg, 1, 0);
    assert_int_equal(acc_world_summary_count(w), n0 + 12);
    assert_int_equal(acc_config_summary_count(cfg), n0 + 12);
    static const char *const want[] = {"harm_eu",         "exposure_eu", "revenue_eu", "fines_eu",
                                       "rejections_eu",   "revenue_home_eu", "harm_us", "exposure_us",
                                       "revenue_us",      "fines_us",    "rejections_us", "revenue_home_us"};
    char buf[64];
    for (int k = 0; k < 12; k++) {
        assert_string_equal(acc_world_summary_name(w, n0 + k), want[k]);
        assert_int_equal(acc_config_summary_name(cfg, n0 + k, buf, sizeof buf), 0);
        assert_string_equal(buf, want[k]);
    }
    for (int k = 0; k < n0; k++) {
        assert_int_equal(acc_config_summary_name(cfg, k, buf, sizeof buf), 0);
        assert_string_equal(buf, acc_world_summary_name(w, k));
    }
    assert_null(acc_world_summary_name(w, n0 + 12));
    assert_int_equal(acc_config_summary_name(cfg, n0 + 12, buf, sizeof buf), -1);
    assert_int_equal(acc_config_summary_name(NULL, n0, buf, sizeof buf), -1);
    acc_world_free(w);

    /* an id that makes a name twice is refused: fines_paid, revenue_home_us */
    char err[256];
    snprintf(cfg->jur[1].id, sizeof cfg->jur[1].id, "paid");
    assert_int_equal(acc_world_new(cfg, 1, 0, &w, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "'fines_paid'"));
    cfg->n_jur = 3;
    acc_jur_defaults(&cfg->jur[2]);
    snprintf(cfg->jur[1].id, sizeof cfg->jur[1].id, "us");
    snprintf(cfg->jur[2].id, sizeof cfg->jur[2].id, "home_us");
    assert_int_equal(acc_world_new(cfg, 1, 0, &w, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "revenue_home_us"));
    free(cfg);
}

/* Productivity is drawn even with a fixed phi_min: set it to 1 for all. */
static void same_productivity(acc_world *w)
{
    char err[256];
    for (int64_t i = 0; i < acc_world_ndev(w); i++)
        assert_int_equal(acc_world_dev_set(w, i, ACC_DEV_PRODUCTIVITY, 1, err, sizeof err), ACC_OK);
}

/* ---- revenue by market and home, top10_share ----------------------------------------- */

/* j0: M = 1200/yr, j1: M = 2400/yr, no outside option (coverage 1), no growth,
 * 12 steps a year, one year. Three identical incumbents at home j0 and twelve
 * at home j1, each deployed at home only (the rule does nothing). Per step j0
 * earns 100 (33.33 each), j1 200 (16.67 each). Over the year: revenue_j0 =
 * revenue_home_j0 = 1200, revenue_j1 = revenue_home_j1 = 2400; each j0
 * developer 400, each j1 developer 200; the ten largest: 3 x 400 + 7 x 200 =
 * 2600 of 3600, top10_share = 13/18. */
static void test_revenue_and_top10(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(2);
    cfg->years = 1;
    cfg->jur[0].market = 1200;
    cfg->jur[1].market = 2400;
    cfg->jur[0].outside = cfg->jur[1].outside = 0;
    tc_pop(cfg, ACC_INCUMBENT, 0, 3, 100, 1, 0.7, 1);
    tc_pop(cfg, ACC_INCUMBENT, 1, 12, 100, 1, 0.7, 1);
    acc_world *w = tc_world(cfg, 1, 0);
    same_productivity(w);
    tc_hooks h = {0};
    h.rule = rule_none;
    tc_attach_hooks(w, &h);
    /* before any step: no revenue yet */
    assert_true(isnan(tc_summary(w, "top10_share")));
    assert_true(tc_summary(w, "revenue_j0") == 0);
    assert_int_equal(acc_world_run(w), ACC_OK);
    assert_true(close_to(tc_summary(w, "revenue_j0"), 1200, 1e-12));
    assert_true(close_to(tc_summary(w, "revenue_j1"), 2400, 1e-12));
    assert_true(close_to(tc_summary(w, "revenue_home_j0"), 1200, 1e-12));
    assert_true(close_to(tc_summary(w, "revenue_home_j1"), 2400, 1e-12));
    assert_true(close_to(tc_summary(w, "top10_share"), 13.0 / 18.0, 1e-12));
    assert_true(close_to(tc_summary(w, "revenue"), 3600, 1e-12));
    assert_true(tc_summary(w, "harm_j0") == 0 && tc_summary(w, "fines_j1") == 0);
    assert_true(tc_summary(w, "bankruptcy_rate_incumbent") == 0);
    assert_true(isnan(tc_summary(w, "bankruptcy_rate_startup"))); /* none alive, ever */
    assert_true(isnan(tc_summary(w, "noncompliant_share")));      /* no binding market */
    acc_world_free(w);

    /* five developers in all: the ten largest are all of them */
    cfg->pop[1].count = 2;
    w = tc_world(cfg, 1, 0);
    same_productivity(w);
    tc_attach_hooks(w, &h);
    assert_int_equal(acc_world_run(w), ACC_OK);
    assert_true(close_to(tc_summary(w, "top10_share"), 1, 1e-12));
    acc_world_free(w);
    free(cfg);
}

/* ---- bankruptcy rates ---------------------------------------------------------------------- */

/* Nobody earns: home j0 is binding at stringency 0.9 and every developer has
 * safety 0.5, so none is deployed, and the rule does nothing. Capital falls
 * by opex/12 a step (opex 12/yr: 1 a step) and a developer goes bankrupt at
 * the first step its capital is negative. One year of 12 steps.
 *   incumbents: 2 with capital 2.5 (1.5, 0.5, -0.5: bankrupt at step 3) and
 *   2 with 1000: alive at the start of 3 + 3 + 12 + 12 = 30 steps = 2.5
 *   years; 2 bankruptcies: 0.8 a year.
 *   open source: 1 with 0.5, bankrupt at step 1: 1 step = 1/12 year: 12.
 *   startups: 3 with 1000 and 1 with 4.5 (bankrupt at step 5): 36 + 5 = 41
 *   steps; 1 bankruptcy: 12/41 a year. */
static void test_bankruptcy_rates(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(1);
    cfg->years = 1;
    cfg->jur[0].binding = 1;
    cfg->jur[0].stringency = 0.9;
    tc_pop(cfg, ACC_INCUMBENT, 0, 2, 2.5, 1, 0.5, 1)->opex = tc_fixed(12);
    tc_pop(cfg, ACC_INCUMBENT, 0, 2, 1000, 1, 0.5, 1)->opex = tc_fixed(12);
    tc_pop(cfg, ACC_OPEN_SOURCE, 0, 1, 0.5, 1, 0.5, 1)->opex = tc_fixed(12);
    tc_pop(cfg, ACC_STARTUP, 0, 3, 1000, 1, 0.5, 1)->opex = tc_fixed(12);
    tc_pop(cfg, ACC_STARTUP, 0, 1, 4.5, 1, 0.5, 1)->opex = tc_fixed(12);
    acc_world *w = tc_world(cfg, 1, 0);
    tc_hooks h = {0};
    h.rule = rule_none;
    tc_attach_hooks(w, &h);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    assert_int_equal(acc_world_run(w), ACC_OK);
    assert_int_equal(tc_count(&rec, ACC_EV_BANKRUPTCY, -1, -9), 4);
    assert_int_equal(tc_find(&rec, ACC_EV_BANKRUPTCY, 0, -9)->step, 3);
    assert_int_equal(tc_find(&rec, ACC_EV_BANKRUPTCY, 4, -9)->step, 1);
    assert_int_equal(tc_find(&rec, ACC_EV_BANKRUPTCY, 8, -9)->step, 5);
    assert_true(close_to(tc_summary(w, "bankruptcy_rate_incumbent"), 0.8, 1e-12));
    assert_true(close_to(tc_summary(w, "bankruptcy_rate_open_source"), 12, 1e-12));
    assert_true(close_to(tc_summary(w, "bankruptcy_rate_startup"), 12.0 / 41.0, 1e-12));
    assert_true(tc_summary(w, "bankruptcies") == 4);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

/* ---- five-year survival of the first year's startups --------------------------------- */

/* Two steps a year, six years (12 steps). Startups are founded at both homes
 * (rate 3 a year each), nobody earns (binding homes, safety below the
 * standard, the rule does nothing). Home j0's startups have capital 10 and
 * opex 4/yr (2 a step): 8, 6, 4, 2, 0, -2: bankrupt 6 steps (3 years) after
 * founding. Home j1's have capital 1000: alive. So the five-year survival of
 * the startups founded at steps 1-2 is n1 / (n0 + n1), with n_h the
 * startups founded at home h in steps 1-2; it is defined only from step 12
 * (the last of them, founded at step 2, is 5 years = 10 steps old then). */
static void test_survival_5y(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(2);
    cfg->steps_per_year = 2;
    cfg->years = 6;
    for (int j = 0; j < 2; j++) {
        cfg->jur[j].binding = 1;
        cfg->jur[j].stringency = 0.9;
        cfg->jur[j].startup_rate = 3;
    }
    tc_pop(cfg, ACC_STARTUP, 0, 1, 10, 1, 0.5, 1)->opex = tc_fixed(4);
    tc_pop(cfg, ACC_STARTUP, 1, 1, 1000, 1, 0.5, 1)->opex = tc_fixed(4);
    int checked = 0;
    for (uint64_t seed = 1; seed <= 6; seed++) {
        acc_world *w = tc_world(cfg, seed, 0);
        tc_hooks h = {0};
        h.rule = rule_none;
        tc_attach_hooks(w, &h);
        tc_rec rec = {0};
        tc_attach(w, &rec);
        for (int t = 1; t <= 11; t++) {
            tc_step(w);
            assert_true(isnan(tc_summary(w, "startup_survival_5y")));
        }
        tc_step(w);
        double n[2] = {0, 0};
        for (size_t k = 0; k < rec.nev; k++) {
            const acc_event *e = &rec.ev[k];
            if (e->type == ACC_EV_FOUNDED && e->step <= 2)
                n[e->jur] += 1;
            if (e->type == ACC_EV_BANKRUPTCY) /* only home j0's, 6 steps after founding */
                assert_int_equal(e->jur, 0);
        }
        double s5 = tc_summary(w, "startup_survival_5y");
        if (n[0] + n[1] > 0) {
            assert_true(close_to(s5, n[1] / (n[0] + n[1]), 1e-15));
            checked += n[0] > 0 && n[1] > 0;
        } else {
            assert_true(isnan(s5));
        }
        tc_rec_free(&rec);
        acc_world_free(w);
    }
    assert_true(checked >= 2); /* seeds with startups of both fates */
    free(cfg);
}

/* ---- non-compliant share -------------------------------------------------------------------- */

/* Binding j0 (stringency 0.9, no enforcement): three incumbents at home j0
 * with safety 0.95 start deployed and certified (incumbency); a developer of
 * home j1 with safety 0.5, not law-abiding, enters j0 uncertified at step 1
 * (entry cost 1, a large market). From then on j0 has 4 developers serving it,
 * 1 uncertified: the share is 1/4 at every step, and so is its mean. */
static void test_noncompliant_share(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(2);
    cfg->years = 0.5;
    acc_jur_cfg *jc = &cfg->jur[0];
    jc->binding = 1;
    jc->market = 1200;
    jc->outside = 3;
    jc->stringency = 0.9;
    jc->cert_cost = 1;
    jc->entry_cost = 1;
    jc->compliance_cost = 0;
    jc->enforcement = 0;
    cfg->jur[1].market = 10;
    cfg->jur[1].outside = 1e6;
    cfg->jur[1].entry_cost = 1e9;
    tc_pop(cfg, ACC_INCUMBENT, 1, 1, 1e4, 0, 0.5, 1)->law_abiding = 0;
    tc_pop(cfg, ACC_INCUMBENT, 0, 3, 1e4, 0, 0.95, 1);
    acc_world *w = tc_world(cfg, 3, 0);
    assert_true(acc_world_metrics(w, 0)->v[ACC_TS_DEPLOYED] == 3);
    while (acc_world_step_index(w) < acc_world_nsteps(w)) {
        tc_step(w);
        const acc_ts_row *r = acc_world_metrics(w, 0);
        assert_true(r->v[ACC_TS_NONCOMPLIANT] == 1);
        assert_true(r->v[ACC_TS_DEPLOYED] + r->v[ACC_TS_SUSPENDED] == 4);
    }
    assert_true(close_to(tc_summary(w, "noncompliant_share"), 0.25, 1e-15));
    acc_world_free(w);
    free(cfg);
}

/* ---- per-jurisdiction values against the time series ---------------------------------- */

/* A busier world (risk, detection, audits with noise, binding markets,
 * startups, users): each per-jurisdiction summary value is the sum of that
 * jurisdiction's time-series column over the steps, and the jurisdictions'
 * values add up to the run's totals. */
static acc_config *busy_config(void)
{
    acc_config *cfg = tc_config(3);
    cfg->years = 3;
    cfg->risk_base_hazard = 0.3;
    for (int j = 0; j < 3; j++) {
        acc_jur_cfg *jc = &cfg->jur[j];
        jc->market = 2000 * (j + 1);
        jc->outside = 20;
        jc->detection = 0.5;
        jc->startup_rate = 4;
        jc->audit_rate = 0.3;
        jc->users = 50;
        jc->fine_min = 5;
    }
    cfg->jur[0].binding = 1;
    cfg->jur[0].stringency = 0.6;
    cfg->jur[0].assessment_noise = 0.1;
    cfg->jur[0].enforcement = 0.5;
    cfg->jur[1].binding = 1;
    cfg->jur[1].stringency = 0.5;
    for (int j = 0; j < 3; j++) {
        tc_pop(cfg, ACC_INCUMBENT, j, 3, 500, 2, 0.7, 1);
        acc_pop_cfg *p = tc_pop(cfg, ACC_STARTUP, j, 6, 20, 1, 0.5, 1);
        p->safety.type = ACC_DIST_UNIFORM;
        p->safety.lo = 0.3;
        p->safety.hi = 0.8;
        p->law_abiding = 0.5;
        p->opex = tc_fixed(2);
    }
    return cfg;
}

static void test_per_jurisdiction_sums(void **state)
{
    (void)state;
    acc_config *cfg = busy_config();
    acc_world *w = tc_world(cfg, 11, 0);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    assert_int_equal(acc_world_run(w), ACC_OK);
    static const struct {
        const char *prefix, *total;
        int col;
    } m[] = {{"harm_", "harm", ACC_TS_HARM},
             {"exposure_", "exposure", ACC_TS_EXPOSURE},
             {"revenue_", "revenue", ACC_TS_REVENUE},
             {"fines_", "fine_spend", ACC_TS_FINE_SPEND},
             {"rejections_", "rejections", ACC_TS_REJECTIONS}};
    double seen_nonzero[5] = {0};
    for (size_t q = 0; q < sizeof m / sizeof m[0]; q++) {
        double all = 0;
        for (int j = 0; j < 3; j++) {
            double sum = 0;
            for (size_t k = 0; k < rec.nrows; k++)
                if (rec.rows[k].jur == j)
                    sum += rec.rows[k].v[m[q].col];
            char name[64];
            snprintf(name, sizeof name, "%sj%d", m[q].prefix, j);
            double v = tc_summary(w, name);
            assert_true(close_to(v, sum, 1e-12));
            all += v;
        }
        seen_nonzero[q] = all;
        assert_true(close_to(all, tc_summary(w, m[q].total), 1e-9));
    }
    /* the test exercises every column: each total is positive in this world */
    for (size_t q = 0; q < 5; q++)
        if (!(seen_nonzero[q] > 0))
            fail_msg("%s: total %g", m[q].total, seen_nonzero[q]);
    double home = 0;
    for (int j = 0; j < 3; j++) {
        char name[64];
        snprintf(name, sizeof name, "revenue_home_j%d", j);
        home += tc_summary(w, name);
    }
    assert_true(close_to(home, tc_summary(w, "revenue"), 1e-9));
    /* the non-compliant share is a share */
    double s = tc_summary(w, "noncompliant_share");
    assert_true(s >= 0 && s <= 1);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

/* The statistics' step part and the summary itself allocate nothing. */
static void test_no_allocation(void **state)
{
    (void)state;
    acc_config *cfg = busy_config();
    cfg->years = 7; /* past the five-year check */
    acc_world *w = tc_world(cfg, 11, 0);
    double v[256];
    n_alloc_calls = 0;
    counting = 1;
    int rc = acc_world_run(w);
    acc_world_summary(w, v);
    counting = 0;
    assert_int_equal(rc, ACC_OK);
    assert_true(tc_summary(w, "capacity_grows") == 0);
    assert_false(isnan(tc_summary(w, "startup_survival_5y")));
    if (TC_COUNT_ALLOC)
        assert_int_equal(n_alloc_calls, 0);
    acc_world_free(w);
    free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_revenue_and_top10),
        cmocka_unit_test(test_bankruptcy_rates),
        cmocka_unit_test(test_survival_5y),
        cmocka_unit_test(test_noncompliant_share),
        cmocka_unit_test(test_per_jurisdiction_sums),
        cmocka_unit_test(test_no_allocation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
