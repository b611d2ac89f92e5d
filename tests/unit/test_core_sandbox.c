/* accord — the startup sandbox (docs/model.md section 7.2): the field, its
 * range and typical range; a startup below the standard serving a binding
 * market's regulated segment uncertified while exempt, earning there what a
 * lone developer earns in closed form, never caught (enforcement 1 a year
 * catches any uncovered uncertified deployment in its first step) nor counted
 * non-compliant; its withdrawal exactly sandbox_months + transition_months
 * steps after its birth (12 steps a year), or its certification when it
 * applied in time; incumbents never exempt; a policy ending the sandbox.
 * Known answers: E = (M/spy) A / (omega + A), A = (phi (1 + c))^(eps - 1),
 * and step counts from the documented rule, computed here.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_core_util.h"

#include <stdint.h>

/* One binding jurisdiction (standard 0.8, enforcement 1 a year, no open
 * segment) and one developer of `kind` and `safety` at home there. */
static acc_config *sbx_config(int kind, double safety, double sandbox_months, double transition_months,
                              double review_months)
{
    acc_config *cfg = tc_config(1);
    cfg->jur[0].binding = 1;
    cfg->jur[0].stringency = 0.8;
    cfg->jur[0].enforcement = 1;
    cfg->jur[0].sandbox_months = sandbox_months;
    cfg->jur[0].transition_months = transition_months;
    cfg->jur[0].review_months = review_months;
    tc_pop(cfg, kind, 0, 1, 10, 0, safety, 1);
    return cfg;
}

static const acc_ts_row *row_of(const tc_rec *r, int step, int jur)
{
    for (size_t k = 0; k < r->nrows; k++)
        if (r->rows[k].step == step && r->rows[k].jur == jur)
            return &r->rows[k];
    return NULL;
}

static int count_detail(const tc_rec *r, int type, const char *detail, int *step)
{
    int n = 0;
    for (size_t k = 0; k < r->nev; k++)
        if (r->ev[k].type == type && r->ev[k].detail && strcmp(r->ev[k].detail, detail) == 0) {
            if (step)
                *step = r->ev[k].step;
            n++;
        }
    return n;
}

/* The lone developer's revenue per step while deployed: (M/spy) A / (omega + A). */
static double lone_revenue(const acc_config *cfg, const acc_world *w)
{
    const double phi = tc_dev(w, 0, ACC_DEV_PRODUCTIVITY), c = tc_dev(w, 0, ACC_DEV_CAPABILITY);
    const double a = pow(phi * (1 + c), cfg->elasticity - 1);
    return cfg->jur[0].market / 12 * a / (cfg->jur[0].outside + a);
}

/* ---- the field ----------------------------------------------------------------------- */

static void test_field(void **state)
{
    (void)state;
    int n;
    const acc_field *jt = acc_jur_fields(&n);
    const acc_field *f = acc_field_find(jt, n, "sandbox_months");
    assert_non_null(f);
    assert_true(f->def == 0 && f->lo == 0 && f->hi == ACC_MAX_MONTHS && f->kind == ACC_FK_MONTHS);
    assert_non_null(acc_typical_find("sandbox_months"));
    acc_config *cfg = sbx_config(ACC_STARTUP, 0.5, -1, 12, 3);
    char err[ACC_ERRLEN];
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "sandbox_months must be in [0, 120], got -1"));
    cfg->jur[0].sandbox_months = 121;
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "got 121"));
    cfg->jur[0].sandbox_months = 6;
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_OK);
    acc_world *w = tc_world(cfg, 1, 0);
    /* settable by policies with the same check */
    assert_int_equal(acc_world_jur_set(w, 0, "sandbox_months", 24, err, sizeof err), ACC_OK);
    assert_int_equal(acc_world_jur_set(w, 0, "sandbox_months", 130, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "sandbox_months must be in [0, 120], got 130"));
    double v;
    assert_int_equal(acc_world_jur_get(w, 0, "sandbox_months", &v, err, sizeof err), ACC_OK);
    assert_true(v == 24);
    acc_world_free(w);
    free(cfg);
}

/* ---- exempt: serves uncertified, legally, until the documented step --------------------- */

/* Runs `steps` steps; checks the known answers of a startup below the
 * standard that enters at step 1 under the sandbox and is withdrawn at step
 * `end` (0: never within the run). */
static void run_exempt(acc_config *cfg, int steps, int end)
{
    acc_world *w = tc_world(cfg, 3, 0);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    assert_int_equal(acc_world_dev_market(w, 0, 0), ACC_MKT_ABSENT); /* below the standard: not at home */
    const double e = lone_revenue(cfg, w);
    assert_true(e > 1);
    for (int t = 1; t <= steps; t++) {
        tc_step(w);
        const acc_ts_row *r = row_of(&rec, t, 0);
        assert_non_null(r);
        const int in = end == 0 || t < end;
        assert_int_equal(acc_world_dev_market(w, 0, 0), in ? ACC_MKT_DEPLOYED : ACC_MKT_ABSENT);
        assert_int_equal(acc_world_dev_certified(w, 0, 0), 0);
        assert_true(fabs(tc_dev(w, 0, ACC_DEV_STEP_REVENUE) - (in ? e : 0)) <= 1e-9 * e);
        assert_true(fabs(r->v[ACC_TS_REVENUE] - (in ? e : 0)) <= 1e-9 * e);
        assert_true(r->v[ACC_TS_REGULATED_DEPLOYED] == (in ? 1 : 0));
        assert_true(r->v[ACC_TS_NONCOMPLIANT] == 0);
        assert_true(r->v[ACC_TS_CAUGHT] == 0);
    }
    int st = -1;
    assert_int_equal(count_detail(&rec, ACC_EV_ENTRY, "sandbox", &st), 1);
    assert_int_equal(st, 1);
    assert_int_equal(tc_count(&rec, ACC_EV_CAUGHT, -1, -9), 0);
    assert_int_equal(tc_count(&rec, ACC_EV_APPLICATION, -1, -9), 0); /* below the standard: no application */
    assert_int_equal(count_detail(&rec, ACC_EV_WITHDRAWAL, "sandbox", &st), end ? 1 : 0);
    if (end)
        assert_int_equal(st, end);
    assert_true(tc_summary(w, "caught") == 0);
    assert_true(tc_summary(w, "noncompliant_share") == 0); /* serving, legally, every step it served */
    tc_rec_free(&rec);
    acc_world_free(w);
}

static void test_exempt_until_documented_step(void **state)
{
    (void)state;
    /* {sandbox_months, transition_months, withdrawal step = birth 0 + both} */
    const int cases[][3] = {{6, 12, 18}, {6, 0, 6}, {12, 3, 15}, {2, 0, 2}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        acc_config *cfg = sbx_config(ACC_STARTUP, 0.5, cases[k][0], cases[k][1], 3);
        run_exempt(cfg, 24, cases[k][2]);
        free(cfg);
    }
}

/* {1, 0}: exempt at step 1 only (age 1 >= 1): never enters. Checked apart. */
static void test_exempt_one_month_never_enters(void **state)
{
    (void)state;
    acc_config *cfg = sbx_config(ACC_STARTUP, 0.5, 1, 0, 3);
    acc_world *w = tc_world(cfg, 3, 0);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    for (int t = 1; t <= 6; t++)
        tc_step(w);
    /* age at step 1 is 1 = sandbox steps: not exempt (the initial population has birth 0) */
    assert_int_equal(tc_count(&rec, ACC_EV_ENTRY, -1, -9), 0);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

/* Without the sandbox (0) or for an incumbent, the same developer never enters. */
static void test_no_sandbox_and_incumbents(void **state)
{
    (void)state;
    const int kinds[] = {ACC_STARTUP, ACC_INCUMBENT, ACC_OPEN_SOURCE};
    const double months[] = {0, 24, 24};
    for (int k = 0; k < 3; k++) {
        acc_config *cfg = sbx_config(kinds[k], 0.5, months[k], 12, 3);
        acc_world *w = tc_world(cfg, 3, 0);
        tc_rec rec = {0};
        tc_attach(w, &rec);
        for (int t = 1; t <= 30; t++) {
            tc_step(w);
            assert_int_equal(acc_world_dev_market(w, 0, 0), ACC_MKT_ABSENT);
        }
        assert_int_equal(tc_count(&rec, ACC_EV_ENTRY, -1, -9), 0);
        assert_true(row_of(&rec, 30, 0)->v[ACC_TS_REVENUE] == 0);
        tc_rec_free(&rec);
        acc_world_free(w);
        free(cfg);
    }
}

/* A startup meeting the standard (home j1, not binding) enters j0 under the
 * sandbox (no fee now), applies
 * on the transition path the step after (review 3 months), and is certified at
 * step 2 + 3 = 5: never withdrawn. With a 24-month review the decision (step
 * 26) comes after the cover's end (6 + 12 = 18): withdrawn to pending at 18,
 * deployed again, certified, at 26. */
static void test_applies_while_exempt(void **state)
{
    (void)state;
    const double reviews[] = {3, 24};
    for (int k = 0; k < 2; k++) {
        /* home j1 (not binding): at home it would be certified by incumbency in j0 */
        acc_config *cfg = sbx_config(ACC_STARTUP, 0.9, 6, 12, reviews[k]);
        cfg->n_jur = 2;
        acc_config *two = tc_config(2);
        cfg->jur[1] = two->jur[1];
        free(two);
        cfg->pop[0].home = 1;
        acc_world *w = tc_world(cfg, 3, 0);
        tc_rec rec = {0};
        tc_attach(w, &rec);
        for (int t = 1; t <= 30; t++) {
            tc_step(w);
            const int cert_step = k == 0 ? 5 : 26;
            const int st = acc_world_dev_market(w, 0, 0);
            if (k == 1 && t >= 18 && t < 26)
                assert_int_equal(st, ACC_MKT_PENDING);
            else
                assert_int_equal(st, ACC_MKT_DEPLOYED);
            assert_int_equal(acc_world_dev_certified(w, 0, 0), t >= cert_step ? ACC_PATH_OWN : 0);
            assert_true(row_of(&rec, t, 0)->v[ACC_TS_NONCOMPLIANT] == 0);
        }
        int st = -1;
        assert_int_equal(count_detail(&rec, ACC_EV_ENTRY, "sandbox", &st), 1);
        assert_int_equal(st, 1);
        const acc_event *a = tc_find(&rec, ACC_EV_APPLICATION, 0, 0);
        assert_non_null(a);
        assert_int_equal(a->step, 2);
        assert_string_equal(a->detail, "transition");
        assert_true(a->value == cfg->jur[0].cert_cost); /* the fee, no entry cost */
        const acc_event *c = tc_find(&rec, ACC_EV_CERTIFICATION, 0, 0);
        assert_non_null(c);
        assert_int_equal(c->step, k == 0 ? 5 : 26);
        assert_int_equal(count_detail(&rec, ACC_EV_WITHDRAWAL, "sandbox", &st), k == 0 ? 0 : 1);
        if (k == 1)
            assert_int_equal(st, 18);
        assert_int_equal(tc_count(&rec, ACC_EV_CAUGHT, -1, -9), 0);
        tc_rec_free(&rec);
        acc_world_free(w);
        free(cfg);
    }
}

/* A policy ends the sandbox (sandbox_months 0) after step 3: the startup in
 * it keeps transition_months from its birth (0 + 0 + 12): withdrawn at 12. */
static int end_sandbox(tc_hooks *h, acc_world *w, int step)
{
    (void)h;
    char err[ACC_ERRLEN];
    if (step == 3)
        assert_int_equal(acc_world_jur_set(w, 0, "sandbox_months", 0, err, sizeof err), ACC_OK);
    return 0;
}

static void test_policy_ends_sandbox(void **state)
{
    (void)state;
    acc_config *cfg = sbx_config(ACC_STARTUP, 0.5, 24, 12, 3);
    acc_world *w = tc_world(cfg, 3, 0);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_hooks h = {0};
    h.end = end_sandbox;
    tc_attach_hooks(w, &h);
    for (int t = 1; t <= 20; t++)
        tc_step(w);
    int st = -1;
    assert_int_equal(count_detail(&rec, ACC_EV_WITHDRAWAL, "sandbox", &st), 1);
    assert_int_equal(st, 12);
    assert_int_equal(tc_count(&rec, ACC_EV_CAUGHT, -1, -9), 0);
    assert_int_equal(acc_world_dev_market(w, 0, 0), ACC_MKT_ABSENT);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_field),
        cmocka_unit_test(test_exempt_until_documented_step),
        cmocka_unit_test(test_exempt_one_month_never_enters),
        cmocka_unit_test(test_no_sandbox_and_incumbents),
        cmocka_unit_test(test_applies_while_exempt),
        cmocka_unit_test(test_policy_ends_sandbox),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
