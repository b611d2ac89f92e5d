/* accord — determinism and common random numbers: a run is a function of its
 * scenario, seed and run index alone (bit for bit), does not depend on the
 * order developers are processed in, and a policy that only touches audits
 * leaves the draws of the entry and risk streams unchanged.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_core_util.h"

#include "core/world_int.h" /* key_dev, key_u01_dev */

static acc_config *rich_config(void)
{
    acc_config *cfg = tc_config(4);
    cfg->years = 6;
    for (int j = 0; j < 4; j++) {
        acc_jur_cfg *jc = &cfg->jur[j];
        jc->market = 1500 + 500 * j;
        jc->growth = 0.1;
        jc->detection = 0.4 + 0.1 * j;
        jc->audit_rate = 0.3;
        jc->startup_rate = 5;
        jc->entry_cost = 1 + j;
    }
    cfg->jur[0].binding = cfg->jur[2].binding = 1;
    cfg->jur[0].fine_share = 0.05;
    cfg->jur[1].label_premium = 0.2;
    cfg->link[cfg->n_links++] = (acc_link_cfg){.from = 0, .to = 1, .lag_months = 1, .active = 1};
    cfg->link[cfg->n_links++] = (acc_link_cfg){.from = 2, .to = 0, .lag_months = 0, .active = 1};
    cfg->recog[cfg->n_recog++] = (acc_recog_cfg){.to = 2, .from = 0, .mode = ACC_RECOG_ASSESSMENT, .fee = -1, .review_months = -1, .voluntary = 0};
    cfg->risk_base_hazard = 0.4;
    cfg->risk_self_detect = 1;
    cfg->upstream_prob = 0.6;
    cfg->learning_imitation_rate = 0.3;
    for (int home = 0; home < 4; home++)
        for (int kind = 0; kind < ACC_NKINDS; kind++) {
            acc_pop_cfg *p = &cfg->pop[cfg->n_pop++];
            acc_pop_defaults(p, kind);
            p->home = home;
            p->count = kind == ACC_STARTUP ? 25 : 4;
        }
    return cfg;
}

static void run_rec(const acc_config *cfg, uint64_t seed, uint64_t run, tc_rec *rec, acc_hooks *hooks)
{
    acc_world *w = tc_world(cfg, seed, run);
    tc_attach(w, rec);
    if (hooks)
        acc_world_set_hooks(w, hooks);
    int rc = acc_world_run(w);
    if (rc)
        fail_msg("run failed: %s", acc_world_errmsg(w));
    acc_world_free(w);
}

/* 0 if the rows are bit-identical; else the index of the first difference + 1. */
static size_t rows_diff(const tc_rec *a, const tc_rec *b)
{
    assert_int_equal(a->nrows, b->nrows);
    for (size_t k = 0; k < a->nrows; k++) {
        const acc_ts_row *x = &a->rows[k], *y = &b->rows[k];
        if (x->step != y->step || x->jur != y->jur || memcmp(&x->year, &y->year, sizeof x->year) ||
            memcmp(x->v, y->v, sizeof x->v))
            return k + 1;
    }
    return 0;
}

static void test_same_seed_identical(void **state)
{
    (void)state;
    acc_config *cfg = rich_config();
    tc_rec a = {0}, b = {0}, c = {0}, d = {0};
    run_rec(cfg, 424242, 7, &a, NULL);
    run_rec(cfg, 424242, 7, &b, NULL);
    assert_int_equal(rows_diff(&a, &b), 0);
    assert_int_equal(a.nev, b.nev);
    for (size_t k = 0; k < a.nev; k++) {
        const acc_event *x = &a.ev[k], *y = &b.ev[k];
        assert_true(x->step == y->step && x->type == y->type && x->dev == y->dev && x->jur == y->jur &&
                    x->path == y->path && !memcmp(&x->value, &y->value, sizeof(double)) &&
                    !memcmp(&x->lag, &y->lag, sizeof(double)) && !memcmp(&x->harm, &y->harm, sizeof(double)));
    }
    /* the run does exercise the mechanisms */
    assert_true(tc_count(&a, ACC_EV_INCIDENT, -1, -9) > 0);
    assert_true(tc_count(&a, ACC_EV_FOUNDED, -1, -9) > 0);
    assert_true(tc_count(&a, ACC_EV_CERTIFICATION, -1, -9) > 0);
    assert_true(tc_count(&a, ACC_EV_AUDIT, -1, -9) > 0);
    run_rec(cfg, 424243, 7, &c, NULL);
    assert_true(rows_diff(&a, &c) != 0);
    run_rec(cfg, 424242, 8, &d, NULL);
    assert_true(rows_diff(&a, &d) != 0);
    tc_rec_free(&a);
    tc_rec_free(&b);
    tc_rec_free(&c);
    tc_rec_free(&d);
    free(cfg);
}

/* A custom rule that calls the default decisions, forwards or backwards. */
static int rule_forward(void *ud, acc_world *w)
{
    (void)ud;
    for (int64_t i = 0; i < acc_world_ndev(w); i++)
        if (acc_world_dev_get(w, i, ACC_DEV_ALIVE) == 1 && acc_world_default_decide(w, i))
            return ACC_ERUN;
    return 0;
}

static int rule_backward(void *ud, acc_world *w)
{
    (void)ud;
    for (int64_t i = acc_world_ndev(w) - 1; i >= 0; i--)
        if (acc_world_dev_get(w, i, ACC_DEV_ALIVE) == 1 && acc_world_default_decide(w, i))
            return ACC_ERUN;
    return 0;
}

static void test_processing_order(void **state)
{
    (void)state;
    acc_config *cfg = rich_config();
    tc_rec a = {0}, b = {0}, c = {0};
    run_rec(cfg, 99, 1, &a, NULL);
    acc_hooks fw = {NULL, NULL, rule_forward, NULL, NULL};
    run_rec(cfg, 99, 1, &b, &fw);
    assert_int_equal(rows_diff(&a, &b), 0);
    acc_hooks bw = {NULL, NULL, rule_backward, NULL, NULL};
    run_rec(cfg, 99, 1, &c, &bw);
    /* backwards: the same states; only sums of spending may differ in the
     * last bits (they are added up in processing order) */
    assert_int_equal(a.nrows, c.nrows);
    for (size_t k = 0; k < a.nrows; k++)
        for (int col = 0; col < ACC_TS_NCOLS; col++) {
            double x = a.rows[k].v[col], y = c.rows[k].v[col];
            if (col >= ACC_TS_CERT_SPEND && col <= ACC_TS_ENTRY_SPEND)
                assert_true(fabs(x - y) <= 1e-12 * fabs(x));
            else
                assert_true(memcmp(&x, &y, sizeof x) == 0);
        }
    assert_int_equal(a.nev, c.nev);
    tc_rec_free(&a);
    tc_rec_free(&b);
    tc_rec_free(&c);
    free(cfg);
}

/* Two arms differing only in audit rates (with failing audits: fines and
 * suspensions). No investment, no entry, no exit, no audit detection: the
 * developers' presence in markets and their safety are the same in both
 * arms, so their vulnerabilities must emerge at the same steps with the same
 * severities; startups are founded identically. */
static int raise_standard(void *ud, acc_world *w)
{
    (void)ud;
    char err[256];
    if (acc_world_step_index(w) == 0)
        return acc_world_jur_set(w, 0, "stringency", 0.75, err, sizeof err);
    return 0;
}

static acc_config *crn_config(double audit_rate)
{
    acc_config *cfg = tc_config(2);
    cfg->years = 5;
    cfg->exit_months = 120;
    cfg->audit_detect = 0;
    cfg->risk_base_hazard = 0.8;
    cfg->risk_self_detect = 1;
    for (int j = 0; j < 2; j++) {
        acc_jur_cfg *jc = &cfg->jur[j];
        jc->entry_cost = 1e9;
        jc->detection = 0.5;
        jc->startup_rate = 8;
    }
    cfg->jur[0].binding = 1;
    cfg->jur[0].stringency = 0.3;
    cfg->jur[0].audit_rate = audit_rate;
    cfg->jur[0].fine_min = 2;
    cfg->jur[0].fine_share = 0.05;
    cfg->jur[0].suspension_months = 2;
    for (int home = 0; home < 2; home++) {
        acc_pop_cfg *p = &cfg->pop[cfg->n_pop++];
        acc_pop_defaults(p, ACC_STARTUP);
        p->home = home;
        p->count = 60;
        p->capital = (acc_dist){ACC_DIST_LOGUNIFORM, 1e4, 1e5};
        p->invest_rate = tc_fixed(0);
        p->safety = (acc_dist){ACC_DIST_UNIFORM, 0.3, 0.9};
    }
    return cfg;
}

static void test_common_random_numbers(void **state)
{
    (void)state;
    acc_config *lo = crn_config(0.5), *hi = crn_config(0.95);
    acc_hooks h = {NULL, raise_standard, NULL, NULL, NULL};
    tc_rec a = {0}, b = {0};
    run_rec(lo, 5150, 3, &a, &h);
    run_rec(hi, 5150, 3, &b, &h);
    /* the arms differ: more audits, fines and suspensions in the second */
    size_t audits_a = tc_count(&a, ACC_EV_AUDIT, -1, -9), audits_b = tc_count(&b, ACC_EV_AUDIT, -1, -9);
    assert_true(audits_b > audits_a);
    assert_true(tc_count(&a, ACC_EV_FINE, -1, -9) > 0);
    assert_true(tc_count(&b, ACC_EV_SUSPENSION, -1, -9) > tc_count(&a, ACC_EV_SUSPENSION, -1, -9));
    assert_true(rows_diff(&a, &b) != 0);
    /* ... but founding and emergence are the same */
    for (int type = ACC_EV_FOUNDED; type <= ACC_EV_VULNERABILITY; type++) {
        size_t ia = 0, ib = 0, n = 0;
        for (;;) {
            while (ia < a.nev && a.ev[ia].type != type)
                ia++;
            while (ib < b.nev && b.ev[ib].type != type)
                ib++;
            if (ia == a.nev || ib == b.nev)
                break;
            assert_int_equal(a.ev[ia].step, b.ev[ib].step);
            assert_int_equal(a.ev[ia].dev, b.ev[ib].dev);
            assert_int_equal(a.ev[ia].jur, b.ev[ib].jur);
            assert_true(a.ev[ia].value == b.ev[ib].value);
            ia++;
            ib++;
            n++;
        }
        assert_int_equal(ia, a.nev);
        assert_int_equal(ib, b.nev);
        assert_true(n > 20);
    }
    tc_rec_free(&a);
    tc_rec_free(&b);
    free(lo);
    free(hi);
}

/* The regulators' two-step key (one hash per developer, one per market) gives
 * exactly the keyed uniform of rng.h. */
static void test_split_key(void **state)
{
    (void)state;
    uint64_t pre = acc_key_prefix(0x9e3779b97f4a7c15ULL, 17, ACC_STREAM_AUDIT, 123);
    for (uint64_t e = 0; e < 1000; e += 7)
        for (uint32_t m = 0; m < 32; m += 5)
            for (uint32_t k = 0; k < 3; k++) {
                double a = acc_key_u01(pre, e * 2654435761ULL, m, k), b = key_u01_dev(key_dev(pre, e * 2654435761ULL), m, k);
                assert_true(memcmp(&a, &b, sizeof a) == 0);
            }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_seed_identical),
        cmocka_unit_test(test_processing_order),
        cmocka_unit_test(test_common_random_numbers),
        cmocka_unit_test(test_split_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
