/* accord — regulators and the developers' life cycle: review delays and
 * rejections, audits with fines (the SME rule), suspensions, withdrawal of
 * voluntary certificates, markets turning binding, exits after a run of
 * losses, bankruptcies, licence fees, new startups and capacity growth.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_core_util.h"

/* ---- review -------------------------------------------------------------------------- */

typedef struct apply_plan {
    int j, at;
    int retry_at, retry_rc;
} apply_plan;

static int apply_rule(tc_hooks *h, acc_world *w, int step)
{
    apply_plan *p = h->data;
    char err[256];
    if (step == p->at)
        assert_int_equal(acc_world_dev_apply(w, 0, p->j, ACC_PATH_OWN, err, sizeof err), ACC_OK);
    if (step == p->retry_at) {
        int rc = acc_world_dev_apply(w, 0, p->j, ACC_PATH_OWN, err, sizeof err);
        assert_int_equal(rc, p->retry_rc);
        if (rc)
            assert_non_null(strstr(err, "may not apply"));
    }
    return 0;
}

static void review_case(double review_months, double safety, int expect_type, int expect_step)
{
    acc_config *cfg = tc_config(2);
    cfg->jur[0].binding = 1;
    cfg->jur[0].review_months = review_months;
    tc_pop(cfg, ACC_INCUMBENT, 1, 1, 1e3, 1, safety, 1);
    acc_world *w = tc_world(cfg, 4, 0);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    apply_plan plan = {0, 2, -1, 0};
    tc_hooks h = {0};
    h.rule = apply_rule;
    h.data = &plan;
    tc_attach_hooks(w, &h);
    for (int t = 1; t <= 8; t++)
        tc_step(w);
    const acc_event *e = tc_find(&rec, expect_type, 0, 0);
    assert_non_null(e);
    assert_int_equal(e->step, expect_step);
    assert_true(e->lag == expect_step - 2);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

static void test_review_delay(void **state)
{
    (void)state;
    review_case(0, 0.9, ACC_EV_CERTIFICATION, 3); /* max(1, 0) */
    review_case(1, 0.9, ACC_EV_CERTIFICATION, 3);
    review_case(3, 0.9, ACC_EV_CERTIFICATION, 5);
    review_case(3.5, 0.9, ACC_EV_CERTIFICATION, 6); /* 3.5 months rounds to 4 steps */
    review_case(3, 0.2, ACC_EV_REJECTION, 5);
}

static void test_rejection_cooldown(void **state)
{
    (void)state;
    for (int k = 0; k < 2; k++) {
        acc_config *cfg = tc_config(2);
        cfg->jur[0].binding = 1;
        cfg->jur[0].review_months = 2;
        cfg->rejection_months = 6;
        tc_pop(cfg, ACC_INCUMBENT, 1, 1, 1e3, 1, 0.2, 1);
        acc_world *w = tc_world(cfg, 4, 0);
        tc_rec rec = {0};
        tc_attach(w, &rec);
        /* rejected at step 4: no application before step 10 */
        apply_plan plan = {0, 2, k ? 10 : 9, k ? ACC_OK : ACC_EINVAL};
        tc_hooks h = {0};
        h.rule = apply_rule;
        h.data = &plan;
        tc_attach_hooks(w, &h);
        for (int t = 1; t <= 10; t++)
            tc_step(w);
        assert_int_equal(tc_find(&rec, ACC_EV_REJECTION, 0, 0)->step, 4);
        assert_int_equal(acc_world_dev_market(w, 0, 0), k ? ACC_MKT_PENDING : ACC_MKT_ABSENT);
        tc_rec_free(&rec);
        acc_world_free(w);
        free(cfg);
    }
}

/* ---- audits and fines ---------------------------------------------------------------- */

typedef struct fine_plan {
    double Y[8];
    int n;
} fine_plan;

static int audit_policy(tc_hooks *h, acc_world *w, int step)
{
    fine_plan *p = h->data;
    char err[256];
    if (step == 14) {
        double mean = 0;
        for (int64_t i = 0; i < p->n; i++) {
            p->Y[i] = tc_dev(w, i, ACC_DEV_REVENUE_12M);
            mean += p->Y[i] / p->n;
        }
        /* P0 in the middle of the P*Y values, so both sides of min/max occur */
        assert_int_equal(acc_world_jur_set(w, 0, "fine_min", 0.07 * mean, err, sizeof err), ACC_OK);
        assert_int_equal(acc_world_jur_set(w, 0, "stringency", 0.9, err, sizeof err), ACC_OK);
        assert_int_equal(acc_world_jur_set(w, 0, "audit_rate", 1, err, sizeof err), ACC_OK);
    }
    if (step == 15) {
        assert_int_equal(acc_world_jur_set(w, 0, "stringency", 0.5, err, sizeof err), ACC_OK);
        assert_int_equal(acc_world_jur_set(w, 0, "audit_rate", 0, err, sizeof err), ACC_OK);
    }
    return 0;
}

static void test_fines_sme_rule_and_suspension(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(1);
    acc_jur_cfg *jc = &cfg->jur[0];
    jc->binding = 1;
    jc->stringency = 0.5;
    jc->fine_share = 0.07;
    jc->suspension_months = 3;
    jc->market = 3000;
    tc_pop(cfg, ACC_STARTUP, 0, 4, 1e3, 0.5, 0.6, 1);
    acc_pop_cfg *inc = tc_pop(cfg, ACC_INCUMBENT, 0, 4, 1e4, 0.5, 0.6, 1);
    (void)inc;
    acc_world *w = tc_world(cfg, 21, 4);
    for (int64_t i = 0; i < 8; i++)
        assert_int_equal(acc_world_dev_certified(w, i, 0), ACC_PATH_INCUMBENCY);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    fine_plan plan = {{0}, 8};
    tc_hooks h = {0};
    h.begin = audit_policy;
    h.data = &plan;
    tc_attach_hooks(w, &h);
    for (int t = 1; t <= 14; t++)
        tc_step(w);
    double p0 = acc_world_config(w)->jur[0].fine_min;
    int below = 0, above = 0;
    for (int64_t i = 0; i < 8; i++) {
        const acc_event *f = tc_find(&rec, ACC_EV_FINE, i, 0);
        assert_non_null(f);
        assert_int_equal(f->step, 14);
        double py = 0.07 * plan.Y[i];
        double expect = tc_dev(w, i, ACC_DEV_KIND) == ACC_STARTUP ? fmin(p0, py) : fmax(p0, py);
        assert_true(fabs(f->value - expect) <= 1e-12 * expect);
        below += py < p0;
        above += py > p0;
        const acc_event *s = tc_find(&rec, ACC_EV_SUSPENSION, i, 0);
        assert_non_null(s);
        assert_true(s->value == 3);
        assert_int_equal(acc_world_dev_certified(w, i, 0), ACC_PATH_INCUMBENCY); /* kept */
        assert_int_equal(acc_world_dev_market(w, i, 0), ACC_MKT_SUSPENDED);
        assert_true(tc_dev(w, i, ACC_DEV_STEP_REVENUE) == 0);
    }
    assert_true(below > 0 && above > 0);
    /* suspended for 3 steps (14, 15, 16) */
    tc_step(w);
    tc_step(w);
    for (int64_t i = 0; i < 8; i++) {
        assert_true(tc_dev(w, i, ACC_DEV_STEP_REVENUE) == 0);
        assert_int_equal(acc_world_dev_market(w, i, 0), ACC_MKT_DEPLOYED); /* lifted after step 16 */
    }
    tc_step(w);
    for (int64_t i = 0; i < 8; i++)
        assert_true(tc_dev(w, i, ACC_DEV_STEP_REVENUE) > 0);
    assert_true(tc_summary(w, "fine_spend") > 0);
    assert_true(tc_summary(w, "failed_audits") == 8);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

static int withdraw_policy(tc_hooks *h, acc_world *w, int step)
{
    (void)h;
    char err[256];
    if (step == 4) {
        assert_int_equal(acc_world_jur_set(w, 0, "stringency", 0.99, err, sizeof err), ACC_OK);
        assert_int_equal(acc_world_jur_set(w, 0, "audit_rate", 1, err, sizeof err), ACC_OK);
    }
    return 0;
}

static void test_voluntary_certificate_withdrawn(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(1);
    acc_jur_cfg *jc = &cfg->jur[0];
    jc->label_premium = 0.4;
    jc->cert_cost = 0.1;
    jc->compliance_cost = 0;
    jc->review_months = 1;
    jc->fine_min = 5;
    jc->fine_share = 0.5;
    jc->outside = 500;
    tc_pop(cfg, ACC_INCUMBENT, 0, 1, 1e3, 1, 0.7, 1.5);
    acc_world *w = tc_world(cfg, 2, 0);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_hooks h = {0};
    h.begin = withdraw_policy;
    tc_attach_hooks(w, &h);
    tc_step(w);
    const acc_event *a = tc_find(&rec, ACC_EV_APPLICATION, 0, 0);
    assert_non_null(a);
    assert_string_equal(a->detail, "voluntary");
    assert_int_equal(acc_world_dev_market(w, 0, 0), ACC_MKT_DEPLOYED); /* deployed while pending */
    tc_step(w);
    assert_int_equal(acc_world_dev_certified(w, 0, 0), ACC_PATH_OWN);
    tc_step(w);
    tc_step(w);
    const acc_event *wd = tc_find(&rec, ACC_EV_WITHDRAWAL, 0, 0);
    assert_non_null(wd);
    assert_int_equal(wd->step, 4);
    assert_string_equal(wd->detail, "audit");
    assert_int_equal(acc_world_dev_certified(w, 0, 0), 0);
    assert_int_equal(acc_world_dev_market(w, 0, 0), ACC_MKT_DEPLOYED);
    assert_null(tc_find(&rec, ACC_EV_FINE, 0, -9));
    assert_null(tc_find(&rec, ACC_EV_SUSPENSION, 0, -9));
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

/* ---- transitions ---------------------------------------------------------------------- */

static int turn_binding(tc_hooks *h, acc_world *w, int step)
{
    (void)h;
    char err[256];
    if (step == 3)
        assert_int_equal(acc_world_jur_set(w, 0, "binding", 1, err, sizeof err), ACC_OK);
    return 0;
}

static void test_transition(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(1);
    acc_jur_cfg *jc = &cfg->jur[0];
    jc->transition_months = 4;
    jc->review_months = 2;
    jc->stringency = 0.5;
    tc_pop(cfg, ACC_INCUMBENT, 0, 1, 1e3, 1, 0.7, 1.5);
    tc_pop(cfg, ACC_INCUMBENT, 0, 1, 1e3, 1, 0.3, 1.5);
    acc_world *w = tc_world(cfg, 2, 0);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_hooks h = {0};
    h.begin = turn_binding;
    tc_attach_hooks(w, &h);
    for (int t = 1; t <= 6; t++) {
        tc_step(w);
        assert_int_equal(acc_world_dev_market(w, 1, 0), ACC_MKT_DEPLOYED); /* grace */
    }
    const acc_event *a = tc_find(&rec, ACC_EV_APPLICATION, 0, 0);
    assert_non_null(a);
    assert_int_equal(a->step, 3);
    assert_string_equal(a->detail, "transition");
    assert_int_equal(tc_find(&rec, ACC_EV_CERTIFICATION, 0, 0)->step, 5);
    assert_null(tc_find(&rec, ACC_EV_APPLICATION, 1, 0)); /* would fail the standard */
    tc_step(w); /* step 7 = 3 + 4: the uncertified one is withdrawn */
    const acc_event *wd = tc_find(&rec, ACC_EV_WITHDRAWAL, 1, 0);
    assert_non_null(wd);
    assert_int_equal(wd->step, 7);
    assert_string_equal(wd->detail, "transition");
    assert_int_equal(acc_world_dev_market(w, 1, 0), ACC_MKT_ABSENT);
    assert_int_equal(acc_world_dev_market(w, 0, 0), ACC_MKT_DEPLOYED);
    assert_true(acc_world_metrics(w, 0)->v[ACC_TS_EXITS] == 1);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

/* ---- exits and bankruptcies ------------------------------------------------------------- */

static int suspend_at_5(tc_hooks *h, acc_world *w, int step)
{
    char err[256];
    if (!h->data)
        return 0;
    if (step == 5) {
        assert_int_equal(acc_world_jur_set(w, 0, "stringency", 0.99, err, sizeof err), ACC_OK);
        assert_int_equal(acc_world_jur_set(w, 0, "audit_rate", 1, err, sizeof err), ACC_OK);
    }
    if (step == 6) {
        assert_int_equal(acc_world_jur_set(w, 0, "stringency", 0.5, err, sizeof err), ACC_OK);
        assert_int_equal(acc_world_jur_set(w, 0, "audit_rate", 0, err, sizeof err), ACC_OK);
    }
    return 0;
}

static int exit_step(double exit_months, int with_suspension)
{
    acc_config *cfg = tc_config(1);
    acc_jur_cfg *jc = &cfg->jur[0];
    jc->binding = 1;
    jc->compliance_cost = 1.2e5; /* 10^4 per step, more than the profit */
    jc->suspension_months = 3;
    cfg->exit_months = exit_months;
    tc_pop(cfg, ACC_INCUMBENT, 0, 1, 1e7, 1, 0.7, 1);
    acc_world *w = tc_world(cfg, 2, 0);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_hooks h = {0};
    h.begin = suspend_at_5;
    h.data = with_suspension ? &h : NULL;
    tc_attach_hooks(w, &h);
    for (int t = 1; t <= 24; t++)
        tc_step(w);
    const acc_event *e = tc_find(&rec, ACC_EV_EXIT, 0, 0);
    int s = e ? e->step : -1;
    if (e)
        assert_string_equal(e->detail, "loss");
    assert_int_equal((int)tc_count(&rec, ACC_EV_EXIT, 0, 0), e ? 1 : 0);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
    return s;
}

static void test_exit_after_losses(void **state)
{
    (void)state;
    assert_int_equal(exit_step(12, 0), 13);
    assert_int_equal(exit_step(6, 0), 7);
    /* suspended steps 5-7 neither count nor break the run */
    assert_int_equal(exit_step(12, 1), 16);
}

static void test_bankruptcy(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(2);
    cfg->upstream_prob = 1;
    cfg->open_upstream_share = 0;
    acc_pop_cfg *p = tc_pop(cfg, ACC_INCUMBENT, 1, 1, 1, 3, 0.7, 1);
    p->opex = tc_fixed(1.2e5); /* 10^4 per step: bankrupt after step 1 */
    tc_pop(cfg, ACC_STARTUP, 0, 2, 50, 0.5, 0.4, 1);
    acc_world *w = tc_world(cfg, 6, 0);
    assert_true(tc_dev(w, 1, ACC_DEV_UPSTREAM) == 0);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_step(w);
    const acc_event *b = tc_find(&rec, ACC_EV_BANKRUPTCY, 0, -9);
    assert_non_null(b);
    assert_int_equal(b->jur, 1);
    assert_true(b->value < 0);
    assert_true(tc_dev(w, 0, ACC_DEV_ALIVE) == 0);
    for (int j = 0; j < 2; j++)
        assert_int_equal(acc_world_dev_market(w, 0, j), ACC_MKT_ABSENT);
    assert_true(acc_world_metrics(w, 1)->v[ACC_TS_BANKRUPTCIES] == 1);
    assert_true(acc_world_metrics(w, 0)->v[ACC_TS_BANKRUPTCIES] == 0);
    /* downstreams keep the capability they were raised to, and no upstream */
    for (int64_t i = 1; i <= 2; i++) {
        assert_true(tc_dev(w, i, ACC_DEV_UPSTREAM) == -1);
        assert_true(tc_dev(w, i, ACC_DEV_CAPABILITY) == 3);
    }
    tc_step(w);
    assert_int_equal((int)tc_count(&rec, ACC_EV_BANKRUPTCY, -1, -9), 1);
    for (int64_t i = 1; i <= 2; i++)
        assert_true(tc_dev(w, i, ACC_DEV_CAPABILITY) == 3);
    char err[256];
    assert_int_equal(acc_world_dev_set(w, 0, ACC_DEV_SAFETY, 0.5, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "bankrupt"));
    assert_true(tc_summary(w, "bankruptcies") == 1);
    assert_true(tc_summary(w, "developers_alive") == 2);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

/* Licence fees: a downstream of an incumbent pays license_share of its
 * revenue to it; a downstream of an open-source lab pays nothing. */
static void test_licence_fees(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(1);
    cfg->license_share = 0.15;
    tc_pop(cfg, ACC_INCUMBENT, 0, 1, 1e3, 1, 0.7, 1);
    tc_pop(cfg, ACC_OPEN_SOURCE, 0, 1, 1e3, 1, 0.7, 1);
    tc_pop(cfg, ACC_STARTUP, 0, 2, 1e3, 1, 0.7, 1);
    acc_world *w = tc_world(cfg, 6, 0);
    char err[256];
    assert_int_equal(acc_world_dev_set(w, 2, ACC_DEV_UPSTREAM, 0, err, sizeof err), ACC_OK);
    assert_int_equal(acc_world_dev_set(w, 3, ACC_DEV_UPSTREAM, 1, err, sizeof err), ACC_OK);
    double k[4];
    for (int64_t i = 0; i < 4; i++)
        k[i] = tc_dev(w, i, ACC_DEV_CAPITAL);
    tc_step(w);
    double r[4];
    for (int64_t i = 0; i < 4; i++)
        r[i] = tc_dev(w, i, ACC_DEV_STEP_REVENUE);
    double eps = 4;
    assert_true(fabs(tc_dev(w, 0, ACC_DEV_CAPITAL) - k[0] - (r[0] / eps + 0.15 * r[2])) < 1e-9);
    assert_true(fabs(tc_dev(w, 1, ACC_DEV_CAPITAL) - k[1] - r[1] / eps) < 1e-9);
    assert_true(fabs(tc_dev(w, 2, ACC_DEV_CAPITAL) - k[2] - (r[2] / eps - 0.15 * r[2])) < 1e-9);
    assert_true(fabs(tc_dev(w, 3, ACC_DEV_CAPITAL) - k[3] - r[3] / eps) < 1e-9);
    assert_true(fabs(tc_summary(w, "licence_fees") - 0.15 * r[2]) < 1e-12);
    acc_world_free(w);
    free(cfg);
}

/* ---- startups ---------------------------------------------------------------------------- */

static void test_startups_founded(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(3);
    cfg->years = 10;
    cfg->jur[0].startup_rate = 24; /* 2 per step */
    cfg->jur[1].startup_rate = 12;
    acc_pop_cfg *p = tc_pop(cfg, ACC_STARTUP, 0, 0, 7.75, 0.25, 0.4, 1);
    (void)p;
    tc_pop(cfg, ACC_INCUMBENT, 2, 2, 1e4, 1, 0.7, 1);
    cfg->jur[0].entry_cost = cfg->jur[1].entry_cost = cfg->jur[2].entry_cost = 1e9;
    acc_world *w = tc_world(cfg, 31, 2);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    int64_t next = acc_world_ndev(w);
    size_t seen = 0;
    for (int t = 1; t <= 120; t++) {
        tc_step(w);
        for (; seen < rec.nev; seen++) {
            const acc_event *e = &rec.ev[seen];
            if (e->type != ACC_EV_FOUNDED)
                continue;
            assert_int_equal(e->dev, next); /* ids in founding order */
            next++;
            assert_true(e->jur == 0 || e->jur == 1);
            assert_true(tc_dev(w, e->dev, ACC_DEV_KIND) == ACC_STARTUP);
            assert_true(tc_dev(w, e->dev, ACC_DEV_HOME) == e->jur);
            /* j1 has no startup entry: the first startup entry is its template */
            assert_true(e->value == 7.75 && tc_dev(w, e->dev, ACC_DEV_CAPITAL) == 7.75);
            for (int j = 0; j < 3; j++)
                assert_int_equal(acc_world_dev_market(w, e->dev, j), ACC_MKT_ABSENT);
        }
    }
    double n0 = (double)tc_count(&rec, ACC_EV_FOUNDED, -1, 0), n1 = (double)tc_count(&rec, ACC_EV_FOUNDED, -1, 1);
    assert_true(fabs(n0 - 240) <= 4 * sqrt(240));
    assert_true(fabs(n1 - 120) <= 4 * sqrt(120));
    assert_true(tc_summary(w, "founded") == n0 + n1);
    assert_true(tc_summary(w, "capacity_grows") == 0);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

static int boom(tc_hooks *h, acc_world *w, int step)
{
    (void)h;
    char err[256];
    if (step == 2)
        assert_int_equal(acc_world_jur_set(w, 0, "startup_rate", 6000, err, sizeof err), ACC_OK);
    return 0;
}

static void test_capacity_growth(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(1);
    cfg->years = 1;
    tc_pop(cfg, ACC_INCUMBENT, 0, 3, 1e4, 1, 0.7, 1);
    acc_world *w = tc_world(cfg, 1, 1);
    size_t bytes0 = acc_world_bytes(w);
    tc_hooks h = {0};
    h.begin = boom;
    tc_attach_hooks(w, &h);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    assert_int_equal(acc_world_run(w), ACC_OK);
    assert_true(tc_summary(w, "capacity_grows") >= 1);
    assert_true(acc_world_bytes(w) > bytes0);
    double founded = tc_summary(w, "founded");
    assert_true(fabs(founded - 5500) <= 4 * sqrt(5500));
    assert_true(acc_world_ndev(w) == 3 + (int64_t)founded);
    /* the incumbents kept their state through the moves */
    for (int64_t i = 0; i < 3; i++)
        assert_int_equal(acc_world_dev_market(w, i, 0), ACC_MKT_DEPLOYED);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_review_delay),
        cmocka_unit_test(test_rejection_cooldown),
        cmocka_unit_test(test_fines_sme_rule_and_suspension),
        cmocka_unit_test(test_voluntary_certificate_withdrawn),
        cmocka_unit_test(test_transition),
        cmocka_unit_test(test_exit_after_losses),
        cmocka_unit_test(test_bankruptcy),
        cmocka_unit_test(test_licence_fees),
        cmocka_unit_test(test_startups_founded),
        cmocka_unit_test(test_capacity_growth),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
