/* accord — v2 imperfect assessment, non-compliance and enforcement, catch-up
 * before entry (MODEL.md v2 changes 2, 3 and 10): the fields and their
 * defaults, the SME fine rule's known answers, rejection and audit-failure
 * shares against Phi((sigma - s)/sigma_a) within 4 standard errors, the
 * decision rule's P, apply_min and audit cost at hand-computed boundaries,
 * the non-compliant option's value, the mean time to being caught (1/e
 * steps), grace periods, and startups catching up before their entry test.
 * Known answers come from closed forms computed here (Phi by erfc), not from
 * the core's own functions. SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_core_util.h"

#include <stdint.h>

#include "core/world_int.h" /* acc__fine, rev12 */

static double Phi(double x) { return 0.5 * erfc(-x / sqrt(2.0)); }

/* ---- fields ---------------------------------------------------------------------------- */

static void test_fields_and_defaults(void **state)
{
    (void)state;
    int n;
    const acc_field *g = acc_config_fields(&n);
    const acc_field *f = acc_field_find(g, n, "assessment.apply_min");
    assert_non_null(f);
    assert_true(f->def == 0.8 && f->lo == 0 && f->hi == 1);
    assert_non_null(f = acc_field_find(g, n, "rep.caught_loss"));
    assert_true(f->def == 0.2);
    assert_non_null(f = acc_field_find(g, n, "sme_revenue"));
    assert_true(f->def == 54);
    assert_non_null(f = acc_field_find(g, n, "fine.sme_by_revenue"));
    assert_true(f->def == 0 && f->kind == ACC_FK_BOOL);
    assert_non_null(f = acc_field_find(g, n, "order.catch_up_first"));
    assert_true(f->def == 0 && f->kind == ACC_FK_BOOL);
    const acc_field *jt = acc_jur_fields(&n);
    assert_non_null(f = acc_field_find(jt, n, "assessment_noise"));
    assert_true(f->def == 0 && isinf(f->hi));
    assert_non_null(f = acc_field_find(jt, n, "enforcement"));
    assert_true(f->def == 0 && f->kind == ACC_FK_PROB);
    const acc_field *pt = acc_pop_fields(&n);
    assert_int_equal(n, 1);
    assert_string_equal(pt[0].name, "law_abiding");
    /* the defaults: data/kinds.csv (v2: incumbents 0.95, startups 0.84, open-source labs 0.9) */
    const double law[ACC_NKINDS] = {[ACC_INCUMBENT] = 0.95, [ACC_STARTUP] = 0.84, [ACC_OPEN_SOURCE] = 0.9};
    for (int k = 0; k < ACC_NKINDS; k++) {
        acc_pop_cfg p;
        acc_pop_defaults(&p, k);
        assert_true(p.law_abiding == law[k]);
    }
    /* validated: a population's law_abiding, a jurisdiction's noise */
    acc_config *cfg = tc_config(1);
    tc_pop(cfg, ACC_STARTUP, 0, 1, 10, 0, 0.5, 1)->law_abiding = 1.5;
    char err[ACC_ERRLEN];
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "law_abiding"));
    cfg->pop[0].law_abiding = 0.5;
    cfg->jur[0].assessment_noise = -0.1;
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "assessment_noise"));
    cfg->jur[0].assessment_noise = 0.1;
    acc_world *w = tc_world(cfg, 1, 0);
    /* settable by policies, with the same checks */
    assert_int_equal(acc_world_jur_set(w, 0, "enforcement", 0.3, err, sizeof err), ACC_OK);
    assert_int_equal(acc_world_jur_set(w, 0, "enforcement", 1.3, err, sizeof err), ACC_EINVAL);
    assert_int_equal(acc_world_param_set(w, "assessment.apply_min", 0.5, err, sizeof err), ACC_OK);
    assert_int_equal(acc_world_param_set(w, "fine.sme_by_revenue", 1, err, sizeof err), ACC_OK);
    assert_int_equal(acc_world_param_set(w, "fine.sme_by_revenue", 0.5, err, sizeof err), ACC_EINVAL);
    double v;
    assert_int_equal(acc_world_jur_get(w, 0, "enforcement", &v, err, sizeof err), ACC_OK);
    assert_true(v == 0.3);
    /* the names of the new outputs */
    assert_string_equal(acc_event_name(ACC_EV_CAUGHT), "caught");
    assert_string_equal(acc_ts_col_name(ACC_TS_APPLICATIONS), "applications");
    assert_string_equal(acc_ts_col_name(ACC_TS_NONCOMPLIANT), "noncompliant");
    assert_string_equal(acc_ts_col_name(ACC_TS_CAUGHT), "caught");
    assert_true(tc_summary(w, "caught") == 0 && tc_summary(w, "fines_paid") == 0);
    assert_true(isnan(tc_summary(w, "rejection_share")));
    acc_world_free(w);
    free(cfg);
}

/* ---- the SME fine rule ----------------------------------------------------------------- */

static void set_revenue(acc_world *w, int64_t i, double y12, double step_rev)
{
    for (int b = 0; b < 12; b++)
        w->rev12[(size_t)b * (size_t)w->cap + (size_t)i] = b == 0 ? (float)y12 : 0.0f;
    w->rev[i] = step_rev;
}

static void test_sme_rule_known_answers(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(1);
    cfg->jur[0].binding = 1;
    cfg->jur[0].fine_share = 0.03;
    cfg->jur[0].fine_min = 16.2;
    tc_pop(cfg, ACC_STARTUP, 0, 1, 10, 0, 0.5, 1);   /* dev 0 */
    tc_pop(cfg, ACC_INCUMBENT, 0, 1, 10, 0, 0.5, 1); /* dev 1 */
    acc_world *w = tc_world(cfg, 1, 0);
    /* v1.2 (default): by kind, Y = last 12 months */
    set_revenue(w, 0, 100, 50);
    set_revenue(w, 1, 100, 50);
    assert_true(fabs(acc__fine(w, 0, 0) - 3.0) < 1e-12);  /* startup: min(16.2, 0.03 x 100) */
    assert_true(fabs(acc__fine(w, 1, 0) - 16.2) < 1e-12); /* incumbent: max(16.2, 3) */
    set_revenue(w, 1, 1000, 0);
    assert_true(fabs(acc__fine(w, 1, 0) - 30.0) < 1e-12);
    /* v2: by revenue, any kind, Y = max(12 months, step revenue x spy) */
    w->cfg.fine_sme_by_revenue = 1;
    set_revenue(w, 0, 100, 0); /* a startup that is not small: max */
    assert_true(fabs(acc__fine(w, 0, 0) - 16.2) < 1e-12);
    set_revenue(w, 0, 50, 0); /* small: min(16.2, 1.5) */
    assert_true(fabs(acc__fine(w, 0, 0) - 1.5) < 1e-12);
    set_revenue(w, 1, 10, 0); /* a small incumbent: min(16.2, 0.3) */
    assert_true(fabs(acc__fine(w, 1, 0) - 0.3) < 1e-12);
    set_revenue(w, 1, 20, 10); /* Y = 10 x 12 = 120 > 20: not small, max(16.2, 3.6) */
    assert_true(fabs(acc__fine(w, 1, 0) - 16.2) < 1e-12);
    set_revenue(w, 1, 20, 4.4); /* Y = 52.8 < 54: small, min(16.2, 1.584) */
    assert_true(fabs(acc__fine(w, 1, 0) - 0.03 * 52.8) < 1e-12);
    set_revenue(w, 1, 54, 0); /* Y = sme_revenue exactly: not small */
    assert_true(fabs(acc__fine(w, 1, 0) - 16.2) < 1e-12);
    w->cfg.jur[0].fine_share = 0.5; /* 0.5 x 54 = 27 > 16.2 */
    assert_true(fabs(acc__fine(w, 1, 0) - 27.0) < 1e-12);
    acc_world_free(w);
    free(cfg);
}

/* ---- assessment: rejection and audit-failure shares ------------------------------------- */

static int apply_all(tc_hooks *h, acc_world *w, int step)
{
    (void)h;
    if (step != 1)
        return 0;
    char err[256];
    for (int64_t i = 0; i < acc_world_ndev(w); i++)
        assert_int_equal(acc_world_dev_apply(w, i, 0, ACC_PATH_OWN, err, sizeof err), ACC_OK);
    return 0;
}

/* N developers of safety s apply to j0 (stringency sigma, noise sa) at step
 * 1 and are decided at step 2: the rejection share against
 * Phi((sigma - s)/sa), within 4 standard errors. */
static void rejection_share(double s, double sigma, double sa, uint64_t seed)
{
    enum { N = 4000 };
    acc_config *cfg = tc_config(2);
    cfg->jur[0].binding = 1;
    cfg->jur[0].stringency = sigma;
    cfg->jur[0].assessment_noise = sa;
    cfg->jur[0].review_months = 0;
    tc_pop(cfg, ACC_INCUMBENT, 1, N, 1e3, 0, s, 1);
    acc_world *w = tc_world(cfg, seed, 0);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_hooks h = {0};
    h.rule = apply_all;
    tc_attach_hooks(w, &h);
    tc_step(w);
    const acc_ts_row *r0 = acc_world_metrics(w, 0);
    assert_true(r0->v[ACC_TS_APPLICATIONS] == N);
    assert_true(acc_world_metrics(w, -1)->v[ACC_TS_APPLICATIONS] == N);
    tc_step(w);
    double rej = (double)tc_count(&rec, ACC_EV_REJECTION, -1, 0);
    double cert = (double)tc_count(&rec, ACC_EV_CERTIFICATION, -1, 0);
    assert_true(rej + cert == N);
    assert_true(acc_world_metrics(w, 0)->v[ACC_TS_REJECTIONS] == rej);
    double p = Phi((sigma - s) / sa), se = sqrt(p * (1 - p) / N);
    if (fabs(rej / N - p) > 4 * se)
        fail_msg("s %g, sigma %g, noise %g: rejection share %g, expected %g (se %g)", s, sigma, sa, rej / N, p, se);
    assert_true(tc_summary(w, "rejection_share") == rej / N);
    assert_true(tc_summary(w, "rejections") == rej);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

static void test_assessment_rejection_share(void **state)
{
    (void)state;
    rejection_share(0.5, 0.6, 0.1, 11);   /* Phi(1) = 0.841 */
    rejection_share(0.6, 0.5, 0.2, 12);   /* Phi(-0.5) = 0.309 */
    rejection_share(0.7, 0.7, 0.05, 13);  /* 0.5 */
    rejection_share(0.45, 0.3, 0.1, 14);  /* Phi(-1.5) = 0.067 */
    rejection_share(0.5, 0.6, 0.0, 15);   /* no noise: all rejected (v1.2) */
}

static void test_assessment_audits(void **state)
{
    (void)state;
    enum { N = 4000 };
    const double s = 0.6, sigma = 0.55, sa = 0.1;
    acc_config *cfg = tc_config(1);
    acc_jur_cfg *jc = &cfg->jur[0];
    jc->binding = 1;
    jc->stringency = sigma;
    jc->assessment_noise = sa;
    jc->audit_rate = 1; /* every certified developer audited at step 1 */
    jc->fine_min = 2;
    jc->suspension_months = 3;
    tc_pop(cfg, ACC_INCUMBENT, 0, N, 1e3, 0, s, 1); /* certified by incumbency */
    acc_world *w = tc_world(cfg, 5, 0);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_step(w);
    double failed = acc_world_metrics(w, 0)->v[ACC_TS_FAILED_AUDITS];
    assert_true(tc_count(&rec, ACC_EV_AUDIT, -1, 0) == N);
    assert_true(failed == (double)tc_count(&rec, ACC_EV_FINE, -1, 0));
    assert_true(tc_summary(w, "fines_paid") == failed);
    assert_true(fabs(acc_world_metrics(w, 0)->v[ACC_TS_FINE_SPEND] - 2 * failed) < 1e-9);
    double p = Phi((sigma - s) / sa), se = sqrt(p * (1 - p) / N);
    if (fabs(failed / N - p) > 4 * se)
        fail_msg("audit failure share %g, expected %g (se %g)", failed / N, p, se);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

/* ---- the decision rule: P, apply_min, audit cost ---------------------------------------- */

/* One incumbent (phi set to 1, c = 0, r = 1: A = 1; H = 5, no investment) at home
 * j1, absent from binding j0: M = 1200, omega = 3, eps = 4, so E = 1200/4 x
 * 1/(3 + 1) = 75 a year; no compliance costs; E0 = 1. */
static acc_config *one_dev(double s, double sigma, double sa, double fee)
{
    acc_config *cfg = tc_config(2);
    acc_jur_cfg *jc = &cfg->jur[0];
    jc->binding = 1;
    jc->market = 1200;
    jc->outside = 3;
    jc->stringency = sigma;
    jc->assessment_noise = sa;
    jc->cert_cost = fee;
    jc->entry_cost = 1;
    jc->compliance_cost = 0;
    cfg->jur[1].market = 10;
    cfg->jur[1].outside = 1e6;
    tc_pop(cfg, ACC_INCUMBENT, 1, 1, 1e4, 0, s, 1);
    return cfg;
}

/* Steps once; returns 1 if the developer applied to j0; *up: it upgraded. */
/* The world of one_dev with the developer's productivity set to 1. */
static acc_world *one_world(const acc_config *cfg)
{
    acc_world *w = tc_world(cfg, 3, 0);
    char err[256];
    assert_int_equal(acc_world_dev_set(w, 0, ACC_DEV_PRODUCTIVITY, 1, err, sizeof err), ACC_OK);
    return w;
}

static int decides_to_apply(acc_config *cfg, int *up)
{
    acc_world *w = one_world(cfg);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_step(w);
    int applied = tc_find(&rec, ACC_EV_APPLICATION, 0, 0) != NULL;
    assert_null(tc_find(&rec, ACC_EV_ENTRY, 0, 0));
    double th = tc_dev(w, 0, ACC_DEV_SAFETY_SHARE);
    *up = th > 0.2 + 1e-12;
    if (*up) /* one step toward max(0.2, 0.5) at 1 - 0.5^(1/12) per step */
        assert_true(fabs(th - (0.2 + (1 - pow(0.5, 1.0 / 12)) * 0.3)) < 1e-12);
    else
        assert_true(th == 0.2);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
    return applied;
}

static void test_decision_pass_chance(void **state)
{
    (void)state;
    int up;
    /* P = Phi(1) = 0.8413 >= 0.8: V = 5 x 0.8413 x 75 - C = 315.5 - C */
    double P = Phi(1.0), V = 5 * P * 75;
    assert_true(decides_to_apply(one_dev(0.6, 0.5, 0.1, V - 1 - 1), &up) && !up);
    assert_false(decides_to_apply(one_dev(0.6, 0.5, 0.1, V - 1 + 1), &up));
    assert_true(up); /* with P = 1 it would have: H N = 375 > C */
    /* P = Phi(0.5) = 0.69 < apply_min 0.8: not taken even at a tiny cost, upgrade */
    assert_false(decides_to_apply(one_dev(0.55, 0.5, 0.1, 0.1), &up));
    assert_true(up);
    acc_config *cfg = one_dev(0.55, 0.5, 0.1, 0.1);
    cfg->assessment_apply_min = 0.6;
    assert_true(decides_to_apply(cfg, &up) && !up);
    /* no noise: P = [s >= sigma], as v1.2 */
    assert_true(decides_to_apply(one_dev(0.5, 0.5, 0, 370), &up) && !up);
    assert_false(decides_to_apply(one_dev(0.4999, 0.5, 0, 1), &up));
    assert_true(up);
}

static void test_decision_audit_cost(void **state)
{
    (void)state;
    int up;
    /* audits a = 0.5 a year, fine 100 (an incumbent, no revenue: P0): N =
     * 75 - 0.5 (1 - P_a) 100 with P_a = P = Phi(1); V = 5 P N - C */
    double P = Phi(1.0), N = 75 - 0.5 * (1 - P) * 100, V = 5 * P * N;
    acc_config *cfg = one_dev(0.6, 0.5, 0.1, V - 1 - 0.5);
    cfg->jur[0].audit_rate = 0.5;
    cfg->jur[0].fine_min = 100;
    assert_true(decides_to_apply(cfg, &up) && !up);
    cfg = one_dev(0.6, 0.5, 0.1, V - 1 + 0.5);
    cfg->jur[0].audit_rate = 0.5;
    cfg->jur[0].fine_min = 100;
    assert_false(decides_to_apply(cfg, &up)); /* without the audit cost: 5 P 75 - C > 0 */
    assert_true(up);                          /* with P = P_a = 1 it would have */
}

/* Voluntary certification in non-binding j0 (lambda = 0.5) where the
 * developer (A = 1) earns alone: E = 300/4 = 75, with the label 300 x 1.5/4.5
 * = 100; it applies iff H P (100 - 75) = 125 P > F (and P >= apply_min). */
static int certifies_voluntarily(double s, double sa, double fee)
{
    acc_config *cfg = tc_config(1);
    acc_jur_cfg *jc = &cfg->jur[0];
    jc->market = 1200;
    jc->outside = 3;
    jc->label_premium = 0.5;
    jc->stringency = 0.5;
    jc->assessment_noise = sa;
    jc->cert_cost = fee;
    jc->compliance_cost = 0;
    tc_pop(cfg, ACC_INCUMBENT, 0, 1, 1e4, 0, s, 1);
    acc_world *w = one_world(cfg);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_step(w);
    const acc_event *a = tc_find(&rec, ACC_EV_APPLICATION, 0, 0);
    int applied = a != NULL;
    if (applied)
        assert_string_equal(a->detail, "voluntary");
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
    return applied;
}

static void test_voluntary_pass_chance(void **state)
{
    (void)state;
    const double P = Phi(1.0); /* s = 0.6 against 0.5 with noise 0.1 */
    assert_true(certifies_voluntarily(0.6, 0.1, 125 * P - 0.5));
    assert_false(certifies_voluntarily(0.6, 0.1, 125 * P + 0.5));
    assert_true(certifies_voluntarily(0.6, 0, 125 * P + 0.5)); /* no noise: P = 1 */
    assert_false(certifies_voluntarily(0.55, 0.1, 1));          /* P = 0.69 < 0.8 */
    assert_false(certifies_voluntarily(0.45, 0, 1));            /* s < sigma */
}

/* ---- the non-compliant option --------------------------------------------------------- */

/* One developer, not law-abiding, as in one_dev, j0 enforcing e = 0.5 a year
 * with fine P0 and a 12-month bar: N^n = 75 - 0.5 (P0 + 1 x 75), V^n = 5 N^n
 * - 1 = 186.5 - 2.5 P0. Returns 1 if it entered j0 uncertified at step 1. */
static int enters_noncompliant(double s, double sigma, double fee, double p0, double law, int *applied)
{
    acc_config *cfg = one_dev(s, sigma, 0, fee);
    cfg->jur[0].enforcement = 0.5;
    cfg->jur[0].fine_min = p0;
    cfg->jur[0].suspension_months = 12;
    cfg->pop[0].law_abiding = law;
    acc_world *w = one_world(cfg);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_step(w);
    const acc_event *e = tc_find(&rec, ACC_EV_ENTRY, 0, 0);
    int nc = e != NULL;
    if (nc) {
        assert_string_equal(e->detail, "noncompliant");
        assert_true(e->value == 1); /* E0 */
        assert_int_equal(acc_world_dev_market(w, 0, 0), ACC_MKT_DEPLOYED);
        assert_int_equal(acc_world_dev_certified(w, 0, 0), 0);
        assert_true(acc_world_metrics(w, 0)->v[ACC_TS_NONCOMPLIANT] == 1);
        assert_true(acc_world_metrics(w, -1)->v[ACC_TS_NONCOMPLIANT] == 1);
    } else {
        assert_true(acc_world_metrics(w, 0)->v[ACC_TS_NONCOMPLIANT] == 0);
    }
    *applied = tc_find(&rec, ACC_EV_APPLICATION, 0, 0) != NULL;
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
    return nc;
}

static void test_noncompliant_option_value(void **state)
{
    (void)state;
    int applied;
    /* s = 0.5 < sigma = 0.9, no noise: no compliant option (P = 0) */
    assert_true(enters_noncompliant(0.5, 0.9, 1, 74, 0, &applied) && !applied); /* V^n = 1.5 */
    assert_false(enters_noncompliant(0.5, 0.9, 1, 75, 0, &applied) || applied); /* V^n = -1 */
    /* law-abiding: never */
    assert_false(enters_noncompliant(0.5, 0.9, 1, 0, 1, &applied) || applied);
    /* against a compliant option (s >= sigma): V^c = 375 - 1 - F, V^n = 186.5 (P0 = 0) */
    assert_false(enters_noncompliant(0.5, 0.4, 100, 0, 0, &applied)); /* V^c = 274 */
    assert_true(applied);
    assert_true(enters_noncompliant(0.5, 0.4, 200, 0, 0, &applied)); /* V^c = 174 */
    assert_false(applied);
}

/* ---- enforcement ------------------------------------------------------------------------- */

/* N developers, half of them law-abiding, none able to certify (s < sigma):
 * the others enter j0 uncertified at step 1 (E0 = 0, no fine: V^n > 0);
 * from step 2 each is caught with e per step. The steps served until caught,
 * counting the catching step, average 1/e within 4 standard errors. */
static void test_enforcement_time_to_catch(void **state)
{
    (void)state;
    enum { N = 3000, T = 400 };
    acc_config *cfg = tc_config(2);
    acc_jur_cfg *jc = &cfg->jur[0];
    jc->binding = 1;
    jc->stringency = 0.9;
    jc->enforcement = 0.5;
    jc->entry_cost = 0;
    jc->suspension_months = 12;
    jc->market = 1e5;
    jc->outside = 10;
    cfg->years = T / 12.0;
    cfg->jur[1].outside = 1e6;
    tc_pop(cfg, ACC_INCUMBENT, 1, N, 1e3, 0, 0.5, 1)->law_abiding = 0.5;
    acc_world *w = tc_world(cfg, 77, 0);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_step(w);
    double nc = acc_world_metrics(w, 0)->v[ACC_TS_NONCOMPLIANT];
    /* the draw of law_abiding: about half */
    if (fabs(nc / N - 0.5) > 4 * sqrt(0.25 / N))
        fail_msg("%g of %d developers not law-abiding, expected half", nc, N);
    assert_true(nc == (double)tc_count(&rec, ACC_EV_ENTRY, -1, 0));
    int *first = calloc(N, sizeof *first);
    double caught_col = 0;
    for (int t = 2; t <= T; t++) {
        tc_step(w);
        caught_col += acc_world_metrics(w, 0)->v[ACC_TS_CAUGHT];
    }
    const double p = 1 - pow(0.5, 1.0 / 12);
    double sum = 0, n = 0;
    for (size_t k = 0; k < rec.nev; k++) {
        const acc_event *e = &rec.ev[k];
        if (e->type != ACC_EV_CAUGHT)
            continue;
        assert_int_equal(e->jur, 0);
        assert_true(e->value == 0); /* no fine */
        if (!first[e->dev]) {
            first[e->dev] = e->step;
            sum += e->step - 1; /* in j0 from step 1: steps 2..caught were enforcement draws */
            n += 1;
        }
    }
    assert_true(n == nc); /* all of them, within the run */
    assert_true(caught_col == (double)tc_count(&rec, ACC_EV_CAUGHT, -1, 0));
    assert_true(tc_summary(w, "caught") == caught_col);
    double mean = sum / n, se = sqrt(1 - p) / p / sqrt(n);
    if (fabs(mean - 1 / p) > 4 * se)
        fail_msg("mean steps to be caught %g, expected 1/e = %g (se %g)", mean, 1 / p, se);
    free(first);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

/* Caught: withdrawn (its pending application dropped), barred for
 * suspension_months, reputation - caught_loss, the fine rule's fine. */
static int apply_at_3(tc_hooks *h, acc_world *w, int step)
{
    (void)h;
    char err[256];
    if (step == 3)
        assert_int_equal(acc_world_dev_apply(w, 0, 0, ACC_PATH_OWN, err, sizeof err), ACC_OK);
    return 0;
}

static void test_caught_while_applying(void **state)
{
    (void)state;
    acc_config *cfg = one_dev(0.5, 0.9, 0, 1);
    cfg->jur[0].fine_min = 5;
    cfg->jur[0].fine_share = 0.1;
    cfg->jur[0].suspension_months = 6;
    cfg->jur[0].review_months = 12;
    cfg->pop[0].law_abiding = 0;
    acc_world *w = tc_world(cfg, 3, 0);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_step(w); /* enters uncertified (no enforcement yet) */
    assert_non_null(tc_find(&rec, ACC_EV_ENTRY, 0, 0));
    tc_step(w);
    assert_null(tc_find(&rec, ACC_EV_CAUGHT, 0, 0));
    char err[256];
    assert_int_equal(acc_world_jur_set(w, 0, "enforcement", 1, err, sizeof err), ACC_OK); /* caught at once */
    double y12 = tc_dev(w, 0, ACC_DEV_REVENUE_12M);
    assert_true(y12 > 0);
    tc_step(w); /* step 3: caught */
    const acc_event *c = tc_find(&rec, ACC_EV_CAUGHT, 0, 0);
    assert_non_null(c);
    assert_int_equal(c->step, 3);
    double fine = fmax(5, 0.1 * y12); /* an incumbent, v1.2 rule */
    assert_true(fabs(c->value - fine) <= 1e-9 * fine);
    const acc_event *f = tc_find(&rec, ACC_EV_FINE, 0, 0);
    assert_non_null(f);
    assert_string_equal(f->detail, "caught");
    assert_true(f->value == c->value);
    assert_true(tc_summary(w, "fines_paid") == 1);
    assert_true(fabs(acc_world_metrics(w, 0)->v[ACC_TS_FINE_SPEND] - fine) <= 1e-9 * fine);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);

    /* apply while serving, then caught while pending */
    tc_hooks h = {0};
    h.begin = apply_at_3;
    cfg = one_dev(0.5, 0.9, 0, 1);
    cfg->jur[0].suspension_months = 6;
    cfg->jur[0].review_months = 12;
    cfg->pop[0].law_abiding = 0;
    w = tc_world(cfg, 3, 0);
    memset(&rec, 0, sizeof rec);
    tc_attach(w, &rec);
    tc_attach_hooks(w, &h);
    tc_step(w);
    tc_step(w);
    tc_step(w); /* step 3: applies while serving (e = 0: not caught) */
    const acc_event *a = tc_find(&rec, ACC_EV_APPLICATION, 0, 0);
    assert_non_null(a);
    assert_int_equal(a->step, 3);
    assert_int_equal(acc_world_dev_market(w, 0, 0), ACC_MKT_DEPLOYED); /* serves while pending */
    assert_true(acc_world_metrics(w, 0)->v[ACC_TS_NONCOMPLIANT] == 1); /* still exposed */
    assert_int_equal(acc_world_jur_set(w, 0, "enforcement", 1, err, sizeof err), ACC_OK);
    double r0 = tc_dev(w, 0, ACC_DEV_REPUTATION);
    tc_step(w); /* step 4: caught */
    c = tc_find(&rec, ACC_EV_CAUGHT, 0, 0);
    assert_non_null(c);
    assert_int_equal(c->step, 4);
    assert_true(c->value == 0);
    assert_int_equal(acc_world_dev_market(w, 0, 0), ACC_MKT_ABSENT); /* application dropped */
    assert_true(acc_world_metrics(w, 0)->v[ACC_TS_NONCOMPLIANT] == 0);
    assert_true(acc_world_metrics(w, 0)->v[ACC_TS_EXITS] == 1);
    /* reputation: max(0.05, r0 - 0.2), then this step's recovery */
    double f_rec = 1 - exp(-1.0 / 12), r1 = fmax(0.05, r0 - 0.2);
    assert_true(fabs(tc_dev(w, 0, ACC_DEV_REPUTATION) - (r1 + (1 - r1) * f_rec)) < 1e-12);
    /* barred for 6 steps: no option into j0 at steps 4..9 */
    size_t nentries = tc_count(&rec, ACC_EV_ENTRY, 0, 0);
    for (int t = 5; t <= 9; t++)
        tc_step(w);
    assert_int_equal(tc_count(&rec, ACC_EV_ENTRY, 0, 0), nentries);
    assert_int_equal(tc_count(&rec, ACC_EV_APPLICATION, 0, 0), 1);
    tc_step(w); /* step 10: back */
    assert_int_equal(tc_count(&rec, ACC_EV_ENTRY, 0, 0), nentries + 1);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

/* No enforcement during a transition's grace; at its end the uncertified
 * are withdrawn, not caught. */
static int turn_binding_at_2(tc_hooks *h, acc_world *w, int step)
{
    (void)h;
    char err[256];
    if (step == 2) {
        assert_int_equal(acc_world_jur_set(w, 0, "stringency", 0.9, err, sizeof err), ACC_OK);
        assert_int_equal(acc_world_jur_set(w, 0, "binding", 1, err, sizeof err), ACC_OK);
    }
    return 0;
}

static void test_no_enforcement_in_grace(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(1);
    cfg->jur[0].enforcement = 1;
    cfg->jur[0].transition_months = 3;
    tc_pop(cfg, ACC_INCUMBENT, 0, 5, 1e3, 0, 0.5, 1)->law_abiding = 0;
    acc_world *w = tc_world(cfg, 9, 0);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_hooks h = {0};
    h.begin = turn_binding_at_2;
    tc_attach_hooks(w, &h);
    for (int t = 1; t <= 4; t++) {
        tc_step(w);
        assert_true(acc_world_metrics(w, 0)->v[ACC_TS_NONCOMPLIANT] == 0); /* grace */
    }
    assert_int_equal(tc_count(&rec, ACC_EV_CAUGHT, -1, -9), 0);
    tc_step(w); /* step 5: the grace (steps 2..4) is over: withdrawn */
    assert_int_equal(tc_count(&rec, ACC_EV_CAUGHT, -1, -9), 0);
    assert_int_equal(tc_count(&rec, ACC_EV_WITHDRAWAL, -1, 0), 5);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

/* ---- catch-up before entry ---------------------------------------------------------------- */

/* A startup (c = 0, upstream an incumbent with c = 3, licence 0.1) at home j1
 * looks at non-binding j0: M = 1200, omega = 100, E0 = 50, H = 5. With c = 0
 * it earns E = 300/101, 5 x 0.6 E = 8.9 < 50; raised to c = 3 (A = 64),
 * E = 300 x 64/164, 5 x 0.6 E = 351 > 50. */
static int startup_enters_at_1(int first)
{
    acc_config *cfg = tc_config(2);
    cfg->jur[0].market = 1200;
    cfg->jur[0].outside = 100;
    cfg->jur[0].entry_cost = 50;
    cfg->jur[1].outside = 1e6;
    cfg->jur[1].entry_cost = 1e9;
    cfg->upstream_prob = 1;
    cfg->open_upstream_share = 0;
    cfg->order_catch_up_first = first;
    tc_pop(cfg, ACC_INCUMBENT, 1, 1, 10, 3, 0.5, 1);  /* dev 0: cannot afford j0 */
    tc_pop(cfg, ACC_STARTUP, 1, 1, 1e3, 0, 0.5, 1);   /* dev 1 */
    acc_world *w = tc_world(cfg, 4, 0);
    assert_true(tc_dev(w, 1, ACC_DEV_UPSTREAM) == 0);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_step(w);
    int entered = tc_find(&rec, ACC_EV_ENTRY, 1, 0) != NULL;
    assert_true(tc_dev(w, 1, ACC_DEV_CAPABILITY) == 3); /* raised either way by the end of the step */
    if (!entered) {
        tc_step(w);
        assert_non_null(tc_find(&rec, ACC_EV_ENTRY, 1, 0)); /* a step later */
    }
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
    return entered;
}

static void test_catch_up_before_entry(void **state)
{
    (void)state;
    assert_false(startup_enters_at_1(0)); /* v1.2: raised after the phase */
    assert_true(startup_enters_at_1(1));
}

/* ---- order independence with everything on ---------------------------------------------- */

static int rule_dir(void *ud, acc_world *w)
{
    const int backward = *(const int *)ud;
    const int64_t n = acc_world_ndev(w);
    for (int64_t k = 0; k < n; k++) {
        const int64_t i = backward ? n - 1 - k : k;
        if (acc_world_dev_get(w, i, ACC_DEV_ALIVE) == 1 && acc_world_default_decide(w, i))
            return ACC_ERUN;
    }
    return 0;
}

static void run_dir(const acc_config *cfg, int *dir, tc_rec *rec)
{
    acc_world *w = tc_world(cfg, 31, 2);
    tc_attach(w, rec);
    if (dir) {
        acc_hooks h = {dir, NULL, rule_dir, NULL, NULL};
        acc_world_set_hooks(w, &h);
    }
    if (acc_world_run(w))
        fail_msg("%s", acc_world_errmsg(w));
    acc_world_free(w);
}

/* The decisions use the snapshot only (the catch-up the upstreams'
 * capability at the snapshot): processing the developers backwards gives
 * the same states and events; only sums of spending may differ in the last
 * bits. */
/* A custom rule may choose the non-compliant option
 * (acc_world_dev_serve_uncertified; Lua: apply(i, j, "noncompliant")): a
 * developer that is not law-abiding serves binding j's regulated segment
 * uncertified (and its open segment), counted non-compliant; a law-abiding
 * one, a non-binding market and a second call are refused with the reason. */
static int serve_rule(tc_hooks *h, acc_world *w, int step)
{
    (void)h;
    char err[256];
    if (step == 1) {
        assert_int_equal(acc_world_dev_serve_uncertified(w, 0, 0, err, sizeof err), ACC_OK);
        assert_int_equal(acc_world_dev_serve_uncertified(w, 0, 0, err, sizeof err), ACC_EINVAL);
        assert_non_null(strstr(err, "already in the regulated segment of 'j0'"));
        assert_int_equal(acc_world_dev_serve_uncertified(w, 1, 0, err, sizeof err), ACC_EINVAL);
        assert_non_null(strstr(err, "developer 1 is law-abiding"));
        assert_int_equal(acc_world_dev_serve_uncertified(w, 0, 1, err, sizeof err), ACC_EINVAL);
        assert_non_null(strstr(err, "'j1' has no binding regulated segment"));
        assert_int_equal(acc_world_dev_serve_uncertified(w, 0, 7, err, sizeof err), ACC_EINVAL);
        assert_non_null(strstr(err, "no jurisdiction #7"));
        assert_int_equal(acc_world_dev_serve_uncertified(w, 2, 0, err, sizeof err), ACC_EINVAL);
        assert_non_null(strstr(err, "developer 2 cannot afford entering 'j0' (2 M$, has 1)"));
    }
    return 0;
}

static void test_rule_serves_uncertified(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(2);
    acc_jur_cfg *jc = &cfg->jur[0];
    jc->binding = 1;
    jc->stringency = 0.9; /* no one could be certified */
    jc->entry_cost = 2;
    jc->regulated_share = 0.5;
    tc_pop(cfg, ACC_STARTUP, 1, 1, 100, 0, 0.5, 1)->law_abiding = 0;
    tc_pop(cfg, ACC_STARTUP, 1, 1, 100, 0, 0.5, 1)->law_abiding = 1;
    tc_pop(cfg, ACC_STARTUP, 1, 1, 1, 0, 0.5, 1)->law_abiding = 0; /* capital 1 < E0 2 */
    acc_world *w = tc_world(cfg, 5, 0);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_hooks h = {0};
    h.rule = serve_rule;
    tc_attach_hooks(w, &h);
    tc_step(w);
    assert_int_equal(acc_world_dev_market(w, 0, 0), ACC_MKT_DEPLOYED);
    assert_int_equal(acc_world_dev_open(w, 0, 0), ACC_MKT_DEPLOYED);
    assert_int_equal(acc_world_dev_certified(w, 0, 0), 0);
    assert_int_equal(acc_world_dev_market(w, 1, 0), ACC_MKT_ABSENT);
    assert_true(acc_world_metrics(w, 0)->v[ACC_TS_NONCOMPLIANT] == 1);
    assert_true(acc_world_metrics(w, 0)->v[ACC_TS_ENTRIES] == 1);
    assert_true(acc_world_metrics(w, 0)->v[ACC_TS_ENTRY_SPEND] == 2); /* E0 once, for both segments */
    const acc_event *ev = tc_find(&rec, ACC_EV_ENTRY, 0, 0);
    assert_non_null(ev);
    assert_string_equal(ev->detail, "noncompliant");
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

static void test_processing_order_v2(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(4);
    cfg->years = 6;
    cfg->risk_base_hazard = 0.3;
    cfg->risk_self_detect = 1;
    cfg->upstream_prob = 0.8;
    cfg->fine_sme_by_revenue = 1;
    cfg->order_catch_up_first = 1;
    for (int j = 0; j < 4; j++) {
        acc_jur_cfg *jc = &cfg->jur[j];
        jc->market = 4000 + 500 * j;
        jc->detection = 0.3;
        jc->audit_rate = 0.5;
        jc->fine_share = 0.05;
        jc->fine_min = 0.5;
        jc->startup_rate = 5;
        jc->binding = j % 2 == 0;
        jc->label_premium = j % 2 ? 0.3 : 0;
        jc->assessment_noise = 0.08;
        jc->enforcement = 0.4;
    }
    cfg->recog[cfg->n_recog++] = (acc_recog_cfg){.to = 2, .from = 0, .mode = ACC_RECOG_EQUIVALENCE, .fee = -1, .review_months = -1, .voluntary = 0};
    acc_bloc_cfg *b = &cfg->bloc[cfg->n_blocs++];
    snprintf(b->id, sizeof b->id, "b");
    b->n_members = 2;
    b->members[0] = 0;
    b->members[1] = 1;
    b->rule = ACC_BLOC_MAX;
    b->cert_cost = -1;
    b->review_months = -1;
    for (int home = 0; home < 4; home++)
        for (int kind = 0; kind < ACC_NKINDS; kind++) {
            acc_pop_cfg *p = &cfg->pop[cfg->n_pop++];
            acc_pop_defaults(p, kind);
            p->home = home;
            p->count = kind == ACC_STARTUP ? 25 : 4;
            p->law_abiding = 0.7;
        }
    int fw = 0, bw = 1;
    tc_rec a = {0}, f = {0}, r = {0};
    run_dir(cfg, NULL, &a);
    run_dir(cfg, &fw, &f);
    run_dir(cfg, &bw, &r);
    assert_int_equal(a.nrows, f.nrows);
    assert_int_equal(a.nrows, r.nrows);
    for (size_t k = 0; k < a.nrows; k++) /* the default rule and a rule calling it: the same */
        assert_true(a.rows[k].step == f.rows[k].step && a.rows[k].jur == f.rows[k].jur &&
                    memcmp(a.rows[k].v, f.rows[k].v, sizeof a.rows[k].v) == 0);
    double caught = 0, rejected = 0;
    for (size_t k = 0; k < a.nrows; k++)
        for (int col = 0; col < ACC_TS_NCOLS; col++) {
            double x = a.rows[k].v[col], y = r.rows[k].v[col];
            if (col == ACC_TS_CERT_SPEND || col == ACC_TS_COMPLIANCE_SPEND || col == ACC_TS_FINE_SPEND ||
                col == ACC_TS_ENTRY_SPEND)
                assert_true(fabs(x - y) <= 1e-12 * fabs(x));
            else if (memcmp(&x, &y, sizeof x) != 0)
                fail_msg("row %zu, column %s: %.17g forwards, %.17g backwards", k, acc_ts_col_name(col), x, y);
            if (a.rows[k].jur < 0 && col == ACC_TS_CAUGHT)
                caught += x;
            if (a.rows[k].jur < 0 && col == ACC_TS_REJECTIONS)
                rejected += x;
        }
    assert_int_equal(a.nev, r.nev);
    assert_true(caught > 0 && rejected > 0); /* the mechanisms were exercised */
    tc_rec_free(&a);
    tc_rec_free(&f);
    tc_rec_free(&r);
    free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fields_and_defaults),
        cmocka_unit_test(test_sme_rule_known_answers),
        cmocka_unit_test(test_assessment_rejection_share),
        cmocka_unit_test(test_assessment_audits),
        cmocka_unit_test(test_decision_pass_chance),
        cmocka_unit_test(test_decision_audit_cost),
        cmocka_unit_test(test_voluntary_pass_chance),
        cmocka_unit_test(test_noncompliant_option_value),
        cmocka_unit_test(test_enforcement_time_to_catch),
        cmocka_unit_test(test_caught_while_applying),
        cmocka_unit_test(test_no_enforcement_in_grace),
        cmocka_unit_test(test_catch_up_before_entry),
        cmocka_unit_test(test_processing_order_v2),
        cmocka_unit_test(test_rule_serves_uncertified),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
