/* accord — the default decision rule and the unit conversions: R&D dynamics,
 * choosing among entry options by H*N - C with re-testing (capital, blocs),
 * social learning, and per-step values of yearly parameters.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_core_util.h"

/* Invest: I = rho max(K, 0)/spy; c += a_c ((1-theta) I)^gamma;
 * s += a_s (theta I)^gamma (1 - s) - eta dc s. */
static void invest_case(double gamma)
{
    acc_config *cfg = tc_config(1);
    cfg->rd_capability_gain = 0.013;
    cfg->rd_safety_gain = 0.021;
    cfg->rd_returns = gamma;
    cfg->rd_erosion = 0.17;
    acc_pop_cfg *p = tc_pop(cfg, ACC_INCUMBENT, 0, 1, 937.5, 1.25, 0.45, 1);
    p->invest_rate = tc_fixed(0.24);
    p->safety_share = tc_fixed(0.3);
    acc_world *w = tc_world(cfg, 1, 0);
    double K = 937.5, c = 1.25, s = 0.45;
    for (int t = 1; t <= 3; t++) {
        tc_step(w);
        double I = 0.24 * K / 12;
        double dc = 0.013 * pow(0.7 * I, gamma);
        double ds = 0.021 * pow(0.3 * I, gamma) * (1 - s) - 0.17 * dc * s;
        c += dc;
        s += ds;
        assert_true(fabs(tc_dev(w, 0, ACC_DEV_STEP_INVEST) - I) < 1e-12 * I);
        assert_true(fabs(tc_dev(w, 0, ACC_DEV_CAPABILITY) - c) < 1e-12);
        assert_true(fabs(tc_dev(w, 0, ACC_DEV_SAFETY) - s) < 1e-12);
        K = tc_dev(w, 0, ACC_DEV_CAPITAL);
    }
    acc_world_free(w);
    free(cfg);
}

static void test_invest(void **state)
{
    (void)state;
    invest_case(0.5);  /* the sqrt shortcut */
    invest_case(0.73); /* pow */
    invest_case(1);
}

/* Two non-binding markets; capital covers one entry cost only: the higher
 * H*E - E0 is taken, the other skipped as no longer affordable. */
static void test_affordability_order(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(3);
    cfg->jur[0].market = 1e-3; /* home */
    cfg->jur[1].market = 800;
    cfg->jur[1].entry_cost = 6;
    cfg->jur[2].market = 1200;
    cfg->jur[2].entry_cost = 7;
    tc_pop(cfg, ACC_INCUMBENT, 0, 1, 10, 1, 0.5, 1);
    acc_world *w = tc_world(cfg, 1, 0);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_step(w);
    assert_int_equal(acc_world_dev_market(w, 0, 2), ACC_MKT_DEPLOYED);
    assert_int_equal(acc_world_dev_market(w, 0, 1), ACC_MKT_ABSENT);
    assert_int_equal((int)tc_count(&rec, ACC_EV_ENTRY, 0, -9), 1);
    assert_true(tc_find(&rec, ACC_EV_ENTRY, 0, 2)->value == 7);
    /* with more capital both are taken, in the same step */
    acc_world_free(w);
    cfg->pop[0].capital = tc_fixed(13.5);
    w = tc_world(cfg, 1, 0);
    tc_rec_clear(&rec);
    tc_attach(w, &rec);
    tc_step(w);
    assert_int_equal((int)tc_count(&rec, ACC_EV_ENTRY, 0, -9), 2);
    assert_int_equal(tc_find(&rec, ACC_EV_ENTRY, 0, -9)->jur, 2); /* larger value first */
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

/* Re-testing after a market is covered: a bloc {A, B, C} whose certificate
 * would cost a fortune in compliance in C (non-binding) fails as a whole;
 * entering C uncertified comes first, after which the bloc option without C
 * passes and covers A and B on one certification. C stays uncertified (the
 * bloc certificate is not worth using there). */
static void test_bloc_retest(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(4);
    for (int j = 1; j <= 3; j++) {
        cfg->jur[j].binding = j < 3;
        cfg->jur[j].market = 3000;
        cfg->jur[j].entry_cost = 1;
        cfg->jur[j].compliance_cost = 0;
        cfg->jur[j].cert_cost = 1e4; /* own paths unaffordable */
    }
    cfg->jur[3].compliance_cost = 1e5;
    cfg->jur[3].label_premium = 0.1;
    cfg->n_blocs = 1;
    acc_bloc_cfg *b = &cfg->bloc[0];
    snprintf(b->id, sizeof b->id, "abc");
    b->n_members = 3;
    b->members[0] = 1;
    b->members[1] = 2;
    b->members[2] = 3;
    b->rule = ACC_BLOC_MAX;
    b->cert_cost = 20;
    b->review_months = 1;
    tc_pop(cfg, ACC_INCUMBENT, 0, 1, 1e4, 1, 0.8, 1);
    acc_world *w = tc_world(cfg, 1, 0);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_step(w);
    const acc_event *c = tc_find(&rec, ACC_EV_ENTRY, 0, 3);
    assert_non_null(c);
    assert_int_equal(c->path, 0);
    for (int j = 1; j <= 2; j++) {
        const acc_event *a = tc_find(&rec, ACC_EV_APPLICATION, 0, j);
        assert_non_null(a);
        assert_int_equal(a->path, ACC_PATH_BLOC);
        assert_true(a->value == 1 + 10); /* E0 + half the bloc fee */
    }
    assert_int_equal((int)tc_count(&rec, ACC_EV_APPLICATION, 0, -9), 2);
    tc_step(w);
    tc_step(w);
    assert_int_equal(acc_world_dev_certified(w, 0, 1), ACC_PATH_BLOC);
    assert_int_equal(acc_world_dev_certified(w, 0, 2), ACC_PATH_BLOC);
    assert_int_equal(acc_world_dev_certified(w, 0, 3), 0);
    /* with a cheap compliance in C, the held bloc certificate is used there */
    char err[256];
    assert_int_equal(acc_world_jur_set(w, 3, "compliance_cost", 0, err, sizeof err), ACC_OK);
    tc_step(w);
    assert_int_equal(acc_world_dev_certified(w, 0, 3), ACC_PATH_BLOC);
    const acc_event *h = NULL;
    for (size_t k = 0; k < rec.nev; k++)
        if (rec.ev[k].type == ACC_EV_CERTIFICATION && rec.ev[k].jur == 3)
            h = &rec.ev[k];
    assert_non_null(h);
    assert_string_equal(h->detail, "held");
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

/* Social learning: with imitation every step, a huge beta and no mutation,
 * each developer ends with its own (rho, theta0) or that of a peer that
 * earned more; copies use the values from before the step (no chains). */
static void test_learning(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(1);
    cfg->learning_imitation_rate = 1;
    cfg->learning_beta = 1e6;
    cfg->learning_mutation = 0;
    acc_pop_cfg *p = tc_pop(cfg, ACC_STARTUP, 0, 40, 1e3, 1, 0.5, 1);
    p->invest_rate = (acc_dist){ACC_DIST_UNIFORM, 0.05, 0.5};
    p->safety_share = (acc_dist){ACC_DIST_UNIFORM, 0.05, 0.4};
    p->opex = (acc_dist){ACC_DIST_UNIFORM, 0, 50};
    cfg->learning_imitation_rate = 0;
    acc_world *w = tc_world(cfg, 3, 0);
    /* learning is off at creation: the profits are kept only when asked for */
    assert_true(isnan(tc_dev(w, 0, ACC_DEV_PROFIT_12M)));
    assert_int_equal(acc_world_track_profit(w), ACC_OK);
    tc_step(w); /* a month of profits to compare */
    char err[256];
    assert_int_equal(acc_world_param_set(w, "learning.imitation_rate", 1, err, sizeof err), ACC_OK);
    double rho[40], th[40], pi[40];
    for (int64_t i = 0; i < 40; i++) {
        rho[i] = tc_dev(w, i, ACC_DEV_INVEST_RATE);
        th[i] = tc_dev(w, i, ACC_DEV_SAFETY_SHARE0);
        pi[i] = tc_dev(w, i, ACC_DEV_PROFIT_12M);
    }
    tc_step(w);
    int changed = 0;
    for (int64_t i = 0; i < 40; i++) {
        double r = tc_dev(w, i, ACC_DEV_INVEST_RATE), t0 = tc_dev(w, i, ACC_DEV_SAFETY_SHARE0);
        if (r == rho[i] && t0 == th[i])
            continue;
        int found = 0;
        for (int64_t k = 0; k < 40; k++)
            if (rho[k] == r && th[k] == t0 && pi[k] > pi[i])
                found = 1;
        assert_true(found);
        changed++;
    }
    assert_true(changed > 5);
    /* mutation: values drawn within the kind's population ranges */
    assert_int_equal(acc_world_param_set(w, "learning.mutation", 1, err, sizeof err), ACC_OK);
    tc_step(w);
    for (int64_t i = 0; i < 40; i++) {
        double r = tc_dev(w, i, ACC_DEV_INVEST_RATE), t0 = tc_dev(w, i, ACC_DEV_SAFETY_SHARE0);
        assert_true(r >= 0.05 && r <= 0.5 && t0 >= 0.05 && t0 <= 0.4);
        assert_true(r != rho[i]);
    }
    acc_world_free(w);
    free(cfg);
}

/* Units: growth compounds to g a year; a yearly audit probability a gives
 * 1 - (1 - a)^(1/12) a step; months round half away from zero. */
static void test_units(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(1);
    cfg->jur[0].growth = 0.37;
    cfg->jur[0].binding = 1;
    cfg->jur[0].stringency = 0;
    cfg->jur[0].audit_rate = 0.6;
    tc_pop(cfg, ACC_INCUMBENT, 0, 5000, 1e4, 1, 0.5, 1);
    acc_world *w = tc_world(cfg, 8, 1);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    double m0 = acc_world_config(w)->jur[0].market;
    for (int t = 1; t <= 12; t++)
        tc_step(w);
    assert_true(fabs(acc_world_config(w)->jur[0].market / m0 - 1.37) < 1e-12);
    double p = 1 - pow(0.4, 1.0 / 12), n = 12 * 5000.0;
    double audits = (double)tc_count(&rec, ACC_EV_AUDIT, -1, -9);
    assert_true(fabs(audits - n * p) <= 4 * sqrt(n * p * (1 - p)));
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_invest),
        cmocka_unit_test(test_affordability_order),
        cmocka_unit_test(test_bloc_retest),
        cmocka_unit_test(test_learning),
        cmocka_unit_test(test_units),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
