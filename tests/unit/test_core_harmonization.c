/* accord — harmonization: recognition by equivalence and by assessment, blocs
 * (one certification, later members, voluntary use, member-only suspension),
 * and threat-intelligence sharing links (lags, suspension, no relaying).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_core_util.h"

/* ---- recognition -------------------------------------------------------------------- */

/* j0 lax (binding, 0.3), j1 strict (binding, 0.8, big), j2 stricter (binding,
 * 0.9) recognising j1; developer 0 (safety 0.5) certified in j0 at start. */
static acc_world *recog_world(acc_config **out, int mode01, int mode21)
{
    acc_config *cfg = tc_config(3);
    for (int j = 0; j < 3; j++) {
        cfg->jur[j].binding = 1;
        cfg->jur[j].entry_cost = 1;
        cfg->jur[j].market = 5000;
    }
    cfg->jur[0].stringency = 0.3;
    cfg->jur[1].stringency = 0.8;
    cfg->jur[1].cert_cost = 5;
    cfg->jur[1].audit_rate = 1; /* audited every step */
    cfg->jur[1].fine_min = 3;
    cfg->jur[2].stringency = 0.9;
    if (mode01 >= 0)
        cfg->recog[cfg->n_recog++] = (acc_recog_cfg){.to = 1, .from = 0, .mode = mode01, .fee = -1, .review_months = -1, .voluntary = 0};
    if (mode21 >= 0)
        cfg->recog[cfg->n_recog++] = (acc_recog_cfg){.to = 2, .from = 1, .mode = mode21, .fee = -1, .review_months = -1, .voluntary = 0};
    tc_pop(cfg, ACC_INCUMBENT, 0, 1, 1e4, 1, 0.5, 2);
    *out = cfg;
    return tc_world(cfg, 11, 0);
}

static int exit_home_at_5(tc_hooks *h, acc_world *w, int step)
{
    (void)h;
    char err[256];
    if (step == 5)
        assert_int_equal(acc_world_dev_exit(w, 0, 0, err, sizeof err), ACC_OK);
    return 0;
}

static void test_equivalence_admits_lax(void **state)
{
    (void)state;
    acc_config *cfg;
    acc_world *w = recog_world(&cfg, ACC_RECOG_EQUIVALENCE, ACC_RECOG_EQUIVALENCE);
    assert_int_equal(acc_world_dev_certified(w, 0, 0), ACC_PATH_INCUMBENCY);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_hooks h = {0};
    h.begin = exit_home_at_5;
    tc_attach_hooks(w, &h);
    double k0 = tc_dev(w, 0, ACC_DEV_CAPITAL);
    tc_step(w);
    const acc_event *app = tc_find(&rec, ACC_EV_APPLICATION, 0, 1);
    assert_non_null(app);
    assert_int_equal(app->path, ACC_PATH_EQUIVALENCE);
    assert_true(fabs(app->value - (1 + 0.1 * 5)) < 1e-12); /* E0 + default fee 10 % of F */
    assert_true(app->lag == 1);                             /* default review: 1 month */
    assert_true(fabs(k0 - tc_dev(w, 0, ACC_DEV_CAPITAL) - 1.5) < 1e-9 + tc_dev(w, 0, ACC_DEV_STEP_REVENUE));
    assert_int_equal(acc_world_dev_market(w, 0, 1), ACC_MKT_PENDING);
    tc_step(w);
    assert_int_equal(acc_world_dev_market(w, 0, 1), ACC_MKT_DEPLOYED);
    assert_int_equal(acc_world_dev_certified(w, 0, 1), ACC_PATH_EQUIVALENCE);
    for (int t = 3; t <= 12; t++)
        tc_step(w);
    /* audited against j0's standard (0.3): passes every time in j1 */
    assert_true(tc_count(&rec, ACC_EV_AUDIT, 0, 1) >= 9);
    for (size_t k = 0; k < rec.nev; k++)
        if (rec.ev[k].type == ACC_EV_AUDIT)
            assert_true(rec.ev[k].value == 1);
    assert_int_equal((int)tc_count(&rec, ACC_EV_FINE, 0, -9), 0);
    /* no chains: j2 recognises j1's certificates, but i's came by equivalence */
    assert_int_equal(acc_world_dev_market(w, 0, 2), ACC_MKT_ABSENT);
    assert_int_equal((int)tc_count(&rec, ACC_EV_APPLICATION, 0, 2), 0);
    /* left j0 at step 5: the recognised certificate does not lapse */
    assert_int_equal(acc_world_dev_market(w, 0, 0), ACC_MKT_ABSENT);
    assert_int_equal(acc_world_dev_certified(w, 0, 1), ACC_PATH_EQUIVALENCE);
    assert_int_equal(acc_world_dev_market(w, 0, 1), ACC_MKT_DEPLOYED);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

static void test_assessment_keeps_standard(void **state)
{
    (void)state;
    for (int mode = -1; mode <= ACC_RECOG_ASSESSMENT; mode++) { /* none, then assessment */
        acc_config *cfg;
        acc_world *w = recog_world(&cfg, mode, -1);
        tc_rec rec = {0};
        tc_attach(w, &rec);
        for (int t = 1; t <= 12; t++)
            tc_step(w);
        assert_int_equal(acc_world_dev_market(w, 0, 1), ACC_MKT_ABSENT);
        assert_int_equal((int)tc_count(&rec, ACC_EV_APPLICATION, 0, 1), 0);
        /* the refusal was on safety alone: the developer upgrades its safety share */
        assert_true(tc_dev(w, 0, ACC_DEV_SAFETY_SHARE) > 0.2);
        tc_rec_free(&rec);
        acc_world_free(w);
        free(cfg);
    }
    /* a developer that meets j1's standard pays the assessment fee, not F */
    acc_config *cfg;
    acc_world *w = recog_world(&cfg, ACC_RECOG_ASSESSMENT, -1);
    char err[256];
    assert_int_equal(acc_world_dev_set(w, 0, ACC_DEV_SAFETY, 0.85, err, sizeof err), ACC_OK);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_step(w);
    const acc_event *app = tc_find(&rec, ACC_EV_APPLICATION, 0, 1);
    assert_non_null(app);
    assert_int_equal(app->path, ACC_PATH_ASSESSMENT);
    assert_true(fabs(app->value - 1.5) < 1e-12);
    tc_step(w);
    assert_int_equal(acc_world_dev_certified(w, 0, 1), ACC_PATH_ASSESSMENT);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

/* ---- blocs -------------------------------------------------------------------------- */

static acc_config *bloc_config(int second_binding)
{
    acc_config *cfg = tc_config(3);
    for (int j = 0; j < 3; j++) {
        cfg->jur[j].entry_cost = 2 + j;
        cfg->jur[j].market = 4000;
        cfg->jur[j].cert_cost = 40;
        cfg->jur[j].review_months = 4;
    }
    cfg->jur[0].binding = 1;
    cfg->jur[1].binding = second_binding;
    cfg->jur[1].label_premium = 0.5;
    cfg->n_blocs = 1;
    acc_bloc_cfg *b = &cfg->bloc[0];
    snprintf(b->id, sizeof b->id, "union");
    b->n_members = 2;
    b->members[0] = 0;
    b->members[1] = 1;
    b->rule = ACC_BLOC_MAX;
    b->cert_cost = 3;
    b->review_months = 2;
    tc_pop(cfg, ACC_INCUMBENT, 2, 1, 1e4, 1, 0.7, 2);
    return cfg;
}

static void test_bloc_one_certification(void **state)
{
    (void)state;
    acc_config *cfg = bloc_config(1);
    acc_world *w = tc_world(cfg, 12, 0);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_step(w);
    assert_int_equal((int)tc_count(&rec, ACC_EV_APPLICATION, 0, -9), 2);
    double paid = 0;
    for (size_t k = 0; k < rec.nev; k++)
        if (rec.ev[k].type == ACC_EV_APPLICATION) {
            assert_int_equal(rec.ev[k].path, ACC_PATH_BLOC);
            assert_true(rec.ev[k].lag == 2);
            paid += rec.ev[k].value;
        }
    assert_true(fabs(paid - (3 + 2 + 3)) < 1e-12); /* one fee + both entry costs */
    assert_true(fabs(acc_world_metrics(w, -1)->v[ACC_TS_CERT_SPEND] - 3) < 1e-12);
    tc_step(w);
    assert_int_equal(acc_world_dev_market(w, 0, 0), ACC_MKT_PENDING);
    tc_step(w);
    for (int j = 0; j < 2; j++) {
        assert_int_equal(acc_world_dev_market(w, 0, j), ACC_MKT_DEPLOYED);
        assert_int_equal(acc_world_dev_certified(w, 0, j), ACC_PATH_BLOC);
    }
    assert_true(acc_world_metrics(w, -1)->v[ACC_TS_MEAN_TIME_TO_MARKET] == 2);
    /* a failed audit suspends in that member only: raise the bloc standard,
     * audit only in j0 */
    char err[256];
    assert_int_equal(acc_world_jur_set(w, 0, "audit_rate", 1, err, sizeof err), ACC_OK);
    assert_int_equal(acc_world_jur_set(w, 0, "fine_min", 0.5, err, sizeof err), ACC_OK);
    assert_int_equal(acc_world_jur_set(w, 0, "suspension_months", 2, err, sizeof err), ACC_OK);
    assert_int_equal(acc_world_bloc_set_standard(w, 0, ACC_BLOC_FIXED, 0.95, err, sizeof err), ACC_OK);
    tc_rec_clear(&rec);
    tc_step(w);
    assert_non_null(tc_find(&rec, ACC_EV_FINE, 0, 0));
    assert_int_equal(acc_world_dev_market(w, 0, 0), ACC_MKT_SUSPENDED);
    assert_int_equal(acc_world_dev_market(w, 0, 1), ACC_MKT_DEPLOYED);
    assert_int_equal(acc_world_dev_certified(w, 0, 0), ACC_PATH_BLOC); /* kept */
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

/* A custom rule applies to j0 on the bloc path; later entering j1 needs no
 * second certification. */
static int bloc_rule(tc_hooks *h, acc_world *w, int step)
{
    (void)h;
    char err[256];
    if (step == 1)
        assert_int_equal(acc_world_dev_apply(w, 0, 0, ACC_PATH_BLOC, err, sizeof err), ACC_OK);
    if (step == 6) {
        double k = tc_dev(w, 0, ACC_DEV_CAPITAL);
        assert_int_equal(acc_world_dev_apply(w, 0, 1, ACC_PATH_BLOC, err, sizeof err), ACC_OK);
        assert_true(fabs(k - tc_dev(w, 0, ACC_DEV_CAPITAL) - 3) < 1e-12); /* E0 of j1 only */
        assert_int_equal(acc_world_dev_certified(w, 0, 1), ACC_PATH_BLOC);
        /* a second application in the same market is refused */
        assert_int_equal(acc_world_dev_apply(w, 0, 1, ACC_PATH_OWN, err, sizeof err), ACC_EINVAL);
        assert_non_null(strstr(err, "already certified"));
    }
    return 0;
}

static void test_bloc_member_entered_later(void **state)
{
    (void)state;
    acc_config *cfg = bloc_config(1);
    acc_world *w = tc_world(cfg, 12, 0);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_hooks h = {0};
    h.rule = bloc_rule;
    tc_attach_hooks(w, &h);
    for (int t = 1; t <= 6; t++)
        tc_step(w);
    assert_int_equal((int)tc_count(&rec, ACC_EV_APPLICATION, 0, -9), 1);
    assert_int_equal(acc_world_dev_market(w, 0, 1), ACC_MKT_DEPLOYED);
    const acc_event *c = NULL;
    for (size_t k = 0; k < rec.nev; k++)
        if (rec.ev[k].type == ACC_EV_CERTIFICATION && rec.ev[k].jur == 1)
            c = &rec.ev[k];
    assert_non_null(c);
    assert_int_equal(c->step, 6);
    assert_string_equal(c->detail, "held");
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

/* In a non-binding member the bloc certificate works as a voluntary one. */
static void test_bloc_voluntary_member(void **state)
{
    (void)state;
    acc_config *cfg = bloc_config(0);
    acc_world *w = tc_world(cfg, 12, 0);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_step(w);
    /* j1 is entered at once (non-binding), j0 waits for the decision */
    assert_int_equal(acc_world_dev_market(w, 0, 1), ACC_MKT_DEPLOYED);
    assert_int_equal(acc_world_dev_certified(w, 0, 1), 0);
    const acc_config *live = acc_world_config(w);
    double om = live->jur[1].outside, M = live->jur[1].market, a = pow(tc_dev(w, 0, ACC_DEV_PRODUCTIVITY) * 2, 3); /* (phi (1 + c))^3 */
    assert_true(fabs(acc_world_metrics(w, 1)->v[ACC_TS_REVENUE] - M / 12 * a / (om + a)) < 1e-9);
    tc_step(w);
    tc_step(w);
    assert_int_equal(acc_world_dev_certified(w, 0, 1), ACC_PATH_BLOC);
    assert_int_equal(acc_world_dev_certified(w, 0, 0), ACC_PATH_BLOC);
    /* the label premium: A in j1 is now 1.5 times as large */
    tc_step(w);
    assert_true(fabs(acc_world_metrics(w, 1)->v[ACC_TS_REVENUE] - M / 12 * 1.5 * a / (om + 1.5 * a)) < 1e-9);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

/* A member turning binding mid-run: a developer deployed there uncertified may
 * apply on the bloc path too (no entry cost there), together with the absent
 * member. */
static int bind_j0_at_2(tc_hooks *h, acc_world *w, int step)
{
    (void)h;
    char err[256];
    if (step == 2)
        assert_int_equal(acc_world_jur_set(w, 0, "binding", 1, err, sizeof err), ACC_OK);
    return 0;
}

static void test_bloc_transition(void **state)
{
    (void)state;
    acc_config *cfg = bloc_config(1);
    cfg->jur[0].binding = 0; /* j0 turns binding at step 2; j1 binding; the developer's home is j0 */
    cfg->jur[1].entry_cost = 1e9; /* j1 too dear at first: nothing to apply for at step 1 */
    cfg->pop[0].home = 0;
    acc_world *w = tc_world(cfg, 12, 0);
    assert_int_equal(acc_world_dev_market(w, 0, 0), ACC_MKT_DEPLOYED);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_hooks h = {0};
    h.begin = bind_j0_at_2;
    tc_attach_hooks(w, &h);
    tc_step(w);
    assert_int_equal((int)tc_count(&rec, ACC_EV_APPLICATION, 0, -9), 0);
    char err[256];
    assert_int_equal(acc_world_jur_set(w, 1, "entry_cost", 3, err, sizeof err), ACC_OK);
    tc_step(w); /* j0 binding now: one bloc application for j0 (in transition) and j1 */
    const acc_event *a0 = tc_find(&rec, ACC_EV_APPLICATION, 0, 0), *a1 = tc_find(&rec, ACC_EV_APPLICATION, 0, 1);
    assert_non_null(a0);
    assert_non_null(a1);
    assert_int_equal(a0->path, ACC_PATH_BLOC);
    assert_string_equal(a0->detail, "transition");
    assert_true(a0->value == 1.5); /* half the fee, no entry cost */
    assert_true(a1->value == 1.5 + 3);
    assert_int_equal(acc_world_dev_market(w, 0, 0), ACC_MKT_DEPLOYED); /* stays while pending */
    tc_step(w);
    tc_step(w);
    assert_int_equal(acc_world_dev_certified(w, 0, 0), ACC_PATH_BLOC);
    assert_int_equal(acc_world_dev_certified(w, 0, 1), ACC_PATH_BLOC);
    assert_int_equal(acc_world_dev_market(w, 0, 1), ACC_MKT_DEPLOYED);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

/* ---- sharing links -------------------------------------------------------------------- */

/* Three free non-binding markets, developer 0 deployed in all after step 1; j0
 * detects every step, the others never. A vulnerability is injected (held
 * live) after step 1. */
static acc_world *link_world(acc_config *cfg)
{
    for (int j = 0; j < 3; j++) {
        cfg->jur[j].entry_cost = 0;
        cfg->jur[j].market = 1000;
    }
    cfg->jur[0].detection = 1;
    tc_pop(cfg, ACC_INCUMBENT, 0, 1, 1e4, 1, 0.5, 2);
    acc_world *w = tc_world(cfg, 13, 0);
    return w;
}

static int aware_step(const tc_rec *rec, int j)
{
    for (size_t k = 0; k < rec->nev; k++)
        if ((rec->ev[k].type == ACC_EV_INCIDENT || rec->ev[k].type == ACC_EV_AWARENESS) && rec->ev[k].jur == j)
            return rec->ev[k].step;
    return -1;
}

typedef struct link_plan {
    int suspend_at, restore_at; /* steps (step_begin) */
} link_plan;

static int link_policy(tc_hooks *h, acc_world *w, int step)
{
    link_plan *p = h->data;
    char err[256];
    if (step == p->suspend_at)
        assert_int_equal(acc_world_link_set_active(w, 0, 1, 0, err, sizeof err), ACC_OK);
    if (step == p->restore_at)
        assert_int_equal(acc_world_link_set_active(w, 0, 1, 1, err, sizeof err), ACC_OK);
    return 0;
}

/* Returns the step j1 became aware (-1: never within 15 steps). */
static int run_link(double lag_months, int active, int suspend_at, int restore_at, int relay, int *j2_step)
{
    acc_config *cfg = tc_config(3);
    cfg->link[cfg->n_links++] = (acc_link_cfg){.from = 0, .to = 1, .lag_months = lag_months, .active = active};
    if (relay)
        cfg->link[cfg->n_links++] = (acc_link_cfg){.from = 1, .to = 2, .lag_months = 0, .active = 1};
    acc_world *w = link_world(cfg);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    link_plan plan = {suspend_at, restore_at};
    tc_hooks h = {0};
    h.begin = link_policy;
    h.data = &plan;
    tc_attach_hooks(w, &h);
    tc_step(w);
    char err[256];
    assert_int_equal(acc_world_inject_vulnerability(w, 0, 1, 0, err, sizeof err), ACC_OK);
    for (int t = 2; t <= 15; t++)
        tc_step(w);
    assert_int_equal(aware_step(&rec, 0), 2);
    int s1 = aware_step(&rec, 1);
    if (j2_step)
        *j2_step = aware_step(&rec, 2);
    if (s1 >= 0) {
        const acc_event *e = tc_find(&rec, ACC_EV_AWARENESS, 0, 1);
        assert_string_equal(e->detail, "shared");
    }
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
    return s1;
}

static void test_links(void **state)
{
    (void)state;
    assert_int_equal(run_link(0, 1, -1, -1, 0, NULL), 2);   /* lag 0: same step */
    assert_int_equal(run_link(0, 0, -1, -1, 0, NULL), -1);  /* suspended link: never */
    assert_int_equal(run_link(3, 1, -1, -1, 0, NULL), 5);   /* lag 3 months = 3 steps */
    assert_int_equal(run_link(7, 1, -1, -1, 0, NULL), 9);
    /* active at delivery is what counts */
    assert_int_equal(run_link(3, 1, 3, 5, 0, NULL), 5);     /* suspended meanwhile, restored in time */
    assert_int_equal(run_link(3, 1, 5, 7, 0, NULL), -1);    /* suspended at delivery: lost */
    assert_int_equal(run_link(3, 0, -1, 4, 0, NULL), 5);    /* restored before delivery */
    /* awareness is not relayed: j1 learns from j0, j2 not from j1 */
    int j2;
    assert_int_equal(run_link(0, 1, -1, -1, 1, &j2), 2);
    assert_int_equal(j2, -1);
}

/* A market can be aware of a model not deployed there: entering later means
 * being suspended at once. */
static int open_j1_at_4(tc_hooks *h, acc_world *w, int step)
{
    (void)h;
    char err[256];
    if (step == 4)
        assert_int_equal(acc_world_jur_set(w, 1, "entry_cost", 0, err, sizeof err), ACC_OK);
    return 0;
}

static void test_aware_not_deployed(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(3);
    cfg->link[cfg->n_links++] = (acc_link_cfg){.from = 0, .to = 1, .lag_months = 0, .active = 1};
    acc_world *w = link_world(cfg);
    char err[256];
    assert_int_equal(acc_world_jur_set(w, 1, "entry_cost", 1e9, err, sizeof err), ACC_OK);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_hooks h = {0};
    h.begin = open_j1_at_4;
    tc_attach_hooks(w, &h);
    tc_step(w);
    assert_int_equal(acc_world_dev_market(w, 0, 1), ACC_MKT_ABSENT);
    assert_int_equal(acc_world_inject_vulnerability(w, 0, 1, 0, err, sizeof err), ACC_OK);
    tc_step(w);
    assert_int_equal(aware_step(&rec, 1), 2);
    tc_step(w);
    tc_step(w); /* step 4: entry now free */
    assert_int_equal(acc_world_dev_market(w, 0, 1), ACC_MKT_SUSPENDED);
    assert_true(tc_dev(w, 0, ACC_DEV_STEP_REVENUE) > 0); /* j2 still earns */
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equivalence_admits_lax),
        cmocka_unit_test(test_assessment_keeps_standard),
        cmocka_unit_test(test_bloc_one_certification),
        cmocka_unit_test(test_bloc_member_entered_later),
        cmocka_unit_test(test_bloc_voluntary_member),
        cmocka_unit_test(test_bloc_transition),
        cmocka_unit_test(test_links),
        cmocka_unit_test(test_aware_not_deployed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
