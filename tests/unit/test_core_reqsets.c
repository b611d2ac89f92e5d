/* accord — requirement sets (compliance.per_market, setup_cost), recognition
 * of voluntary certificates (recognition voluntary flag) and the upgrade
 * trigger upgrade.when_failing (MODEL.md v2, Harmonization, Decision rule
 * 4, Validation "Requirement sets"). Known answers are derived by hand from
 * the spec in each test's comment.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_core_util.h"

/* |a - b| <= tol, with both values in the message (cmocka 1.1 has no double assert). */
#define assert_double_equal(a, b, tol) near_((a), (b), (tol), #a, __LINE__)
static void near_(double a, double b, double tol, const char *what, int line)
{
    if (!(fabs(a - b) <= tol))
        fail_msg("line %d: %s = %.17g, expected %.17g (tolerance %g)", line, what, a, b, tol);
}

static const acc_ts_row *row_at(const tc_rec *r, int step, int jur)
{
    for (size_t k = 0; k < r->nrows; k++)
        if (r->rows[k].step == step && r->rows[k].jur == jur)
            return &r->rows[k];
    fail_msg("no row for step %d, jurisdiction %d", step, jur);
    return NULL;
}

static void apply_ok(acc_world *w, int64_t dev, int j, int path)
{
    char err[ACC_ERRLEN];
    if (acc_world_dev_apply(w, dev, j, path, err, sizeof err))
        fail_msg("apply: %s", err);
}

/* ---- fixed compliance charges: fragmented vs bloc ------------------------------------ */

/* Three binding markets with f = 1.2, 2.4, 3.6 M$/yr (0.1, 0.2, 0.3 per
 * step at 12 steps a year), no fees, instant reviews; one developer
 * certified in j0 by incumbency. */
static acc_config *three_markets(int per_market)
{
    acc_config *cfg = tc_config(3);
    for (int j = 0; j < 3; j++) {
        cfg->jur[j].binding = 1;
        cfg->jur[j].stringency = 0.3;
        cfg->jur[j].cert_cost = 0;
        cfg->jur[j].entry_cost = 0;
        cfg->jur[j].review_months = 0;
        cfg->jur[j].compliance_cost = 1.2 * (j + 1);
    }
    cfg->compliance_per_market = per_market;
    tc_pop(cfg, ACC_INCUMBENT, 0, 1, 1000, 0, 0.5, 2);
    return cfg;
}

static int apply_j1_j2(tc_hooks *h, acc_world *w, int step)
{
    (void)h;
    if (step == 1) {
        apply_ok(w, 0, 1, ACC_PATH_OWN);
        apply_ok(w, 0, 2, ACC_PATH_OWN);
    }
    return 0;
}

/* Fragmented (every market its own set): m = 3 markets pay m fixed costs,
 * 0.1 + 0.2 + 0.3 = 0.6 a step, each market its own f; the same with
 * compliance.per_market (v1.2). Three sets per certified developer. */
static void test_fragmented_pays_each_f(void **state)
{
    (void)state;
    for (int pm = 0; pm <= 1; pm++) {
        acc_config *cfg = three_markets(pm);
        acc_world *w = tc_world(cfg, 3, 0);
        tc_rec rec = {0};
        tc_attach(w, &rec);
        tc_hooks h = {0};
        h.rule = apply_j1_j2;
        tc_attach_hooks(w, &h);
        for (int t = 1; t <= 3; t++)
            tc_step(w);
        assert_int_equal(acc_world_dev_certified(w, 0, 1), ACC_PATH_OWN);
        assert_int_equal(acc_world_dev_certified(w, 0, 2), ACC_PATH_OWN);
        const acc_ts_row *all = row_at(&rec, 3, -1);
        assert_double_equal(all->v[ACC_TS_COMPLIANCE_SPEND], 0.6, 1e-12);
        for (int j = 0; j < 3; j++)
            assert_double_equal(row_at(&rec, 3, j)->v[ACC_TS_COMPLIANCE_SPEND], 0.1 * (j + 1), 1e-12);
        assert_double_equal(all->v[ACC_TS_REQUIREMENT_SETS], 3, 0);
        /* step 1: only the incumbency certificate, one set */
        assert_double_equal(row_at(&rec, 1, -1)->v[ACC_TS_COMPLIANCE_SPEND], 0.1, 1e-12);
        assert_double_equal(row_at(&rec, 1, -1)->v[ACC_TS_REQUIREMENT_SETS], 1, 0);
        acc_world_free(w);
        tc_rec_free(&rec);
        free(cfg);
    }
}

/* The same three markets as a bloc, the developer's home a fourth,
 * non-binding market outside it; set-ups 1, 2, 4 M$. It applies on the
 * bloc path in j0 at step 1 (granted at step 2) and enters j1, j2 on the
 * held bloc certificate at step 2. Per requirement set: one fixed cost, the
 * largest (0.3 a step), split equally over the three members (0.1 each,
 * the exit rule's share), one set-up, the largest (4). Per market (v1.2):
 * 0.1 + 0.2 + 0.3 a step and 1 + 2 + 4 of set-ups. */
static int bloc_rule(tc_hooks *h, acc_world *w, int step)
{
    (void)h;
    if (step == 1)
        apply_ok(w, 0, 0, ACC_PATH_BLOC);
    if (step == 2) {
        assert_int_equal(acc_world_dev_certified(w, 0, 0), ACC_PATH_BLOC);
        apply_ok(w, 0, 1, ACC_PATH_BLOC);
        apply_ok(w, 0, 2, ACC_PATH_BLOC);
    }
    return 0;
}

static void test_bloc_pays_largest_f_once(void **state)
{
    (void)state;
    for (int pm = 0; pm <= 1; pm++) {
        acc_config *cfg = tc_config(4);
        for (int j = 0; j < 3; j++) {
            cfg->jur[j].binding = 1;
            cfg->jur[j].stringency = 0.3;
            cfg->jur[j].cert_cost = 0;
            cfg->jur[j].entry_cost = 0;
            cfg->jur[j].review_months = 0;
            cfg->jur[j].compliance_cost = 1.2 * (j + 1);
            cfg->jur[j].setup_cost = j == 2 ? 4 : j + 1;
        }
        acc_bloc_cfg *b = &cfg->bloc[cfg->n_blocs++];
        snprintf(b->id, sizeof b->id, "b");
        b->n_members = 3;
        for (int q = 0; q < 3; q++)
            b->members[q] = q;
        b->rule = ACC_BLOC_MAX;
        b->cert_cost = b->review_months = -1;
        cfg->compliance_per_market = pm;
        tc_pop(cfg, ACC_INCUMBENT, 3, 1, 1000, 0, 0.5, 2);
        acc_world *w = tc_world(cfg, 3, 0);
        tc_rec rec = {0};
        tc_attach(w, &rec);
        tc_hooks h = {0};
        h.rule = bloc_rule;
        tc_attach_hooks(w, &h);
        for (int t = 1; t <= 3; t++)
            tc_step(w);
        for (int j = 0; j < 3; j++)
            assert_int_equal(acc_world_dev_certified(w, 0, j), ACC_PATH_BLOC);
        const acc_ts_row *all = row_at(&rec, 3, -1);
        assert_double_equal(all->v[ACC_TS_COMPLIANCE_SPEND], pm ? 0.6 : 0.3, 1e-12);
        for (int j = 0; j < 3; j++)
            assert_double_equal(row_at(&rec, 3, j)->v[ACC_TS_COMPLIANCE_SPEND], pm ? 0.1 * (j + 1) : 0.1, 1e-12);
        assert_double_equal(all->v[ACC_TS_REQUIREMENT_SETS], pm ? 3 : 1, 0);
        /* set-ups: 4 once at step 1; per market 1 at step 1, 2 + 4 at step 2 */
        assert_double_equal(row_at(&rec, 1, -1)->v[ACC_TS_SETUP_SPEND], pm ? 1 : 4, 1e-12);
        assert_double_equal(row_at(&rec, 2, -1)->v[ACC_TS_SETUP_SPEND], pm ? 6 : 0, 1e-12);
        assert_double_equal(tc_summary(w, "setup_spend"), pm ? 7 : 4, 1e-12);
        /* no fees: certification spending is the set-ups */
        assert_double_equal(tc_summary(w, "certification_spend"), pm ? 7 : 4, 1e-12);
        acc_world_free(w);
        tc_rec_free(&rec);
        free(cfg);
    }
}

/* ---- set-up: once per set, not refunded, not for incumbency ---------------------------- */

/* Home j0 binding (set-up 7) certified by incumbency; j1 binding, strict
 * (0.9 > s = 0.5), fee 0.5, set-up 3. Applying at step 1 costs 0.5 + 3;
 * rejected at step 2 (the set-up stays paid); applying again after the
 * 6-month cooldown (step 9) costs the fee alone. Incumbency pays nothing. */
static int apply_twice(tc_hooks *h, acc_world *w, int step)
{
    (void)h;
    if (step == 1 || step == 9)
        apply_ok(w, 0, 1, ACC_PATH_OWN);
    return 0;
}

static void test_setup_once_per_set(void **state)
{
    (void)state;
    for (int pm = 0; pm <= 1; pm++) {
        acc_config *cfg = tc_config(2);
        for (int j = 0; j < 2; j++) {
            cfg->jur[j].binding = 1;
            cfg->jur[j].entry_cost = 0;
            cfg->jur[j].review_months = 0;
        }
        cfg->jur[0].stringency = 0.3;
        cfg->jur[0].setup_cost = 7;
        cfg->jur[1].stringency = 0.9;
        cfg->jur[1].cert_cost = 0.5;
        cfg->jur[1].setup_cost = 3;
        cfg->compliance_per_market = pm;
        tc_pop(cfg, ACC_INCUMBENT, 0, 1, 1000, 0, 0.5, 2);
        acc_world *w = tc_world(cfg, 5, 0);
        assert_int_equal(acc_world_dev_certified(w, 0, 0), ACC_PATH_INCUMBENCY);
        assert_double_equal(tc_dev(w, 0, ACC_DEV_CAPITAL), 1000, 0); /* no set-up for incumbency */
        tc_rec rec = {0};
        tc_attach(w, &rec);
        tc_hooks h = {0};
        h.rule = apply_twice;
        tc_attach_hooks(w, &h);
        for (int t = 1; t <= 10; t++)
            tc_step(w);
        assert_int_equal((int)tc_count(&rec, ACC_EV_APPLICATION, 0, 1), 2);
        assert_int_equal((int)tc_count(&rec, ACC_EV_REJECTION, 0, 1), 2);
        const acc_event *app = tc_find(&rec, ACC_EV_APPLICATION, 0, 1);
        assert_double_equal(app->value, 3.5, 1e-12); /* fee + set-up, with the application */
        assert_double_equal(row_at(&rec, 1, 1)->v[ACC_TS_SETUP_SPEND], 3, 1e-12);
        assert_double_equal(row_at(&rec, 1, 1)->v[ACC_TS_CERT_SPEND], 3.5, 1e-12);
        assert_double_equal(row_at(&rec, 1, 0)->v[ACC_TS_SETUP_SPEND], 0, 0);
        assert_double_equal(row_at(&rec, 9, 1)->v[ACC_TS_SETUP_SPEND], 0, 0);
        assert_double_equal(row_at(&rec, 9, 1)->v[ACC_TS_CERT_SPEND], 0.5, 1e-12);
        assert_double_equal(tc_summary(w, "setup_spend"), 3, 1e-12);
        assert_double_equal(tc_summary(w, "certification_spend"), 4, 1e-12);
        acc_world_free(w);
        tc_rec_free(&rec);
        free(cfg);
    }
}

/* ---- f' in the entry value; equivalence puts the certificate in the issuer's set ------- */

/* j0 binding home (f0 = 2 M$/yr), the developer certified there by
 * incumbency; j1 binding (sigma 0.99 > s: its own path is closed), which
 * recognises j0 by equivalence at fee 0; no entry cost, no audits, xi = 0,
 * H = 5. Alone in j1, E = (M/eps) A/(omega + A), A = phi^(eps-1). With f1 =
 * E + 1: per market N = E - f1 = -1 (no entry); per requirement set the
 * certificate joins j0's set and f' = f1 - f0 = E - 1, so N = 1, V = 5 > 0
 * (entry). Then one set, charged max(f0, f1)/12 a step, split in two. */
static void test_fprime_under_held_set(void **state)
{
    (void)state;
    for (int pm = 0; pm <= 1; pm++) {
        acc_config *cfg = tc_config(2);
        for (int j = 0; j < 2; j++) {
            cfg->jur[j].binding = 1;
            cfg->jur[j].entry_cost = 0;
            cfg->jur[j].cert_cost = 0;
            cfg->jur[j].market = 5000;
        }
        cfg->jur[0].stringency = 0.3;
        cfg->jur[0].compliance_cost = 2;
        cfg->jur[1].stringency = 0.99;
        cfg->recog[cfg->n_recog++] = (acc_recog_cfg){.to = 1, .from = 0, .mode = ACC_RECOG_EQUIVALENCE, .fee = 0, .review_months = -1, .voluntary = 0};
        cfg->compliance_per_market = pm;
        tc_pop(cfg, ACC_INCUMBENT, 0, 1, 1000, 0, 0.5, 2);
        acc_world *w = tc_world(cfg, 9, 0);
        const double eps = cfg->elasticity, phi = tc_dev(w, 0, ACC_DEV_PRODUCTIVITY);
        const double A = pow(phi, eps - 1);
        const double E = 5000 / eps * A / (cfg->jur[1].outside + A);
        assert_true(E > 1);
        char err[ACC_ERRLEN];
        assert_int_equal(acc_world_jur_set(w, 1, "compliance_cost", E + 1, err, sizeof err), ACC_OK);
        tc_rec rec = {0};
        tc_attach(w, &rec);
        tc_step(w);
        const acc_event *app = tc_find(&rec, ACC_EV_APPLICATION, 0, 1);
        if (pm) {
            assert_null(app);
        } else {
            assert_non_null(app);
            assert_int_equal(app->path, ACC_PATH_EQUIVALENCE);
            tc_step(w);
            tc_step(w);
            assert_int_equal(acc_world_dev_certified(w, 0, 1), ACC_PATH_EQUIVALENCE);
            const acc_ts_row *all = row_at(&rec, 3, -1);
            assert_double_equal(all->v[ACC_TS_COMPLIANCE_SPEND], (E + 1) / 12, 1e-9);
            assert_double_equal(row_at(&rec, 3, 0)->v[ACC_TS_COMPLIANCE_SPEND], (E + 1) / 24, 1e-9);
            assert_double_equal(row_at(&rec, 3, 1)->v[ACC_TS_COMPLIANCE_SPEND], (E + 1) / 24, 1e-9);
            assert_double_equal(all->v[ACC_TS_REQUIREMENT_SETS], 1, 0); /* the issuer's set */
        }
        acc_world_free(w);
        tc_rec_free(&rec);
        free(cfg);
    }
}

/* ---- recognition of voluntary certificates (UK-Japan) --------------------------------- */

/* j0 "uk" and j1 "jp" both non-binding, label premium 0.3; j1's own path
 * costs 1e6 (out of reach of capital 1000) and takes 3 months. j1
 * recognises j0 (mode as given, fee 0.01, 1 month). The developer (home
 * j0, s = 0.8) applies to j0's voluntary certificate and enters j1 at
 * step 1 (a rule), then follows the default rule. Granted in j0 at step 2,
 * it applies at step 2 to j1 on the recognition path: value 0.01 (the
 * recognition's fee, no entry cost, no set-up), decided one step later. */
static int uk_first(tc_hooks *h, acc_world *w, int step)
{
    (void)h;
    if (step == 1) {
        apply_ok(w, 0, 0, ACC_PATH_OWN);
        apply_ok(w, 0, 1, ACC_PATH_NONE);
        return 0;
    }
    return acc_world_default_decide(w, 0);
}

static acc_world *bridge_world(acc_config **out, int recog, int mode, int voluntary, double sigma_jp)
{
    acc_config *cfg = tc_config(2);
    for (int j = 0; j < 2; j++) {
        cfg->jur[j].binding = 0;
        cfg->jur[j].entry_cost = 0;
        cfg->jur[j].label_premium = 0.3;
        cfg->jur[j].market = 5000;
    }
    cfg->jur[0].stringency = 0.5;
    cfg->jur[0].cert_cost = 0.05;
    cfg->jur[0].review_months = 0;
    cfg->jur[1].stringency = sigma_jp;
    cfg->jur[1].cert_cost = 1e6;
    cfg->jur[1].review_months = 3;
    if (recog)
        cfg->recog[cfg->n_recog++] = (acc_recog_cfg){.to = 1, .from = 0, .mode = mode, .fee = 0.01, .review_months = 1, .voluntary = voluntary};
    tc_pop(cfg, ACC_INCUMBENT, 0, 1, 1000, 0, 0.8, 2);
    *out = cfg;
    return tc_world(cfg, 21, 0);
}

static void test_voluntary_recognition_bridges(void **state)
{
    (void)state;
    for (int mode = ACC_RECOG_ASSESSMENT; mode <= ACC_RECOG_EQUIVALENCE; mode++) {
        acc_config *cfg;
        acc_world *w = bridge_world(&cfg, 1, mode, 1, 0.5);
        tc_rec rec = {0};
        tc_attach(w, &rec);
        tc_hooks h = {0};
        h.rule = uk_first;
        tc_attach_hooks(w, &h);
        tc_step(w);
        tc_step(w);
        assert_int_equal(acc_world_dev_certified(w, 0, 0), ACC_PATH_OWN);
        const acc_event *app = tc_find(&rec, ACC_EV_APPLICATION, 0, 1);
        assert_non_null(app);
        assert_int_equal(app->step, 2);
        assert_int_equal(app->path, mode == ACC_RECOG_EQUIVALENCE ? ACC_PATH_EQUIVALENCE : ACC_PATH_ASSESSMENT);
        assert_double_equal(app->value, 0.01, 1e-15);
        assert_double_equal(app->lag, 1, 0);
        tc_step(w);
        const acc_event *cert = tc_find(&rec, ACC_EV_CERTIFICATION, 0, 1);
        assert_non_null(cert);
        assert_int_equal(cert->step, 3);
        assert_int_equal(acc_world_dev_certified(w, 0, 1), app->path);
        acc_world_free(w);
        tc_rec_free(&rec);
        free(cfg);
    }
}

/* Japan stricter than the developer (0.9 > 0.8): assessment measures
 * against Japan's standard (no application, P = 0); equivalence grants
 * Japan's label on the UK certificate. */
static void test_voluntary_recognition_standard(void **state)
{
    (void)state;
    for (int mode = ACC_RECOG_ASSESSMENT; mode <= ACC_RECOG_EQUIVALENCE; mode++) {
        acc_config *cfg;
        acc_world *w = bridge_world(&cfg, 1, mode, 1, 0.9);
        tc_rec rec = {0};
        tc_attach(w, &rec);
        tc_hooks h = {0};
        h.rule = uk_first;
        tc_attach_hooks(w, &h);
        for (int t = 1; t <= 4; t++)
            tc_step(w);
        assert_int_equal((int)tc_count(&rec, ACC_EV_APPLICATION, 0, 1), mode == ACC_RECOG_EQUIVALENCE);
        assert_int_equal(acc_world_dev_certified(w, 0, 1), mode == ACC_RECOG_EQUIVALENCE ? ACC_PATH_EQUIVALENCE : 0);
        acc_world_free(w);
        tc_rec_free(&rec);
        free(cfg);
    }
}

/* voluntary = false: a recognition into a non-binding market changes
 * nothing: every row equals the run without the recognition (per market,
 * and per requirement set, where voluntary certification takes the
 * general path). */
static void test_voluntary_false_changes_nothing(void **state)
{
    (void)state;
    for (int pm = 0; pm <= 1; pm++) {
        tc_rec rec[2] = {{0}, {0}};
        for (int k = 0; k < 2; k++) {
            acc_config *cfg;
            acc_world *w = bridge_world(&cfg, k, ACC_RECOG_EQUIVALENCE, 0, 0.5);
            char err[ACC_ERRLEN];
            assert_int_equal(acc_world_param_set(w, "compliance.per_market", pm, err, sizeof err), ACC_OK);
            tc_attach(w, &rec[k]);
            tc_hooks h = {0};
            h.rule = uk_first;
            tc_attach_hooks(w, &h);
            for (int t = 1; t <= 12; t++)
                tc_step(w);
            assert_int_equal(acc_world_dev_certified(w, 0, 1), 0);
            assert_int_equal((int)tc_count(&rec[k], ACC_EV_APPLICATION, 0, 1), 0);
            acc_world_free(w);
            free(cfg);
        }
        assert_int_equal(rec[0].nrows, rec[1].nrows);
        for (size_t r = 0; r < rec[0].nrows; r++)
            assert_memory_equal(rec[0].rows[r].v, rec[1].rows[r].v, sizeof rec[0].rows[r].v);
        tc_rec_free(&rec[0]);
        tc_rec_free(&rec[1]);
    }
}

/* ---- upgrade.when_failing ---------------------------------------------------------------- */

/* One binding market (sigma 0.5); the developer certified by incumbency
 * (s = 0.6), theta0 = 0.2, upgrade.max_share 0.5, speed 0.5 a year: u =
 * 1 - 0.5^(1/12) per step. Its safety set to 0.4 before step 1: with the
 * switch, theta = 0.2 + u (0.5 - 0.2) after step 1; without, 0.2. */
static void test_upgrade_when_failing(void **state)
{
    (void)state;
    for (int on = 0; on <= 1; on++) {
        acc_config *cfg = tc_config(1);
        cfg->jur[0].binding = 1;
        cfg->jur[0].stringency = 0.5;
        cfg->upgrade_when_failing = on;
        tc_pop(cfg, ACC_INCUMBENT, 0, 1, 1000, 0, 0.6, 2);
        acc_world *w = tc_world(cfg, 1, 0);
        assert_int_equal(acc_world_dev_certified(w, 0, 0), ACC_PATH_INCUMBENCY);
        char err[ACC_ERRLEN];
        assert_int_equal(acc_world_dev_set(w, 0, ACC_DEV_SAFETY, 0.4, err, sizeof err), ACC_OK);
        tc_step(w);
        const double u = 1 - pow(0.5, 1.0 / 12);
        assert_double_equal(tc_dev(w, 0, ACC_DEV_SAFETY_SHARE), on ? 0.2 + u * 0.3 : 0.2, 1e-12);
        /* meeting the standard again: drifts back toward theta0 */
        assert_int_equal(acc_world_dev_set(w, 0, ACC_DEV_SAFETY, 0.6, err, sizeof err), ACC_OK);
        const double th = tc_dev(w, 0, ACC_DEV_SAFETY_SHARE);
        tc_step(w);
        assert_double_equal(tc_dev(w, 0, ACC_DEV_SAFETY_SHARE), th + u * (0.2 - th), 1e-12);
        acc_world_free(w);
        free(cfg);
    }
}

/* ---- fields ------------------------------------------------------------------------------ */

static void test_fields_and_ranges(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(1);
    assert_int_equal(cfg->compliance_per_market, 1); /* v1.2 by default in this version */
    assert_int_equal(cfg->upgrade_when_failing, 0);
    assert_double_equal(cfg->jur[0].setup_cost, 0, 0);
    int n;
    const acc_field *tab = acc_jur_fields(&n);
    const acc_field *f = acc_field_find(tab, n, "setup_cost");
    assert_non_null(f);
    char err[ACC_ERRLEN];
    assert_int_equal(acc_field_check(f, -0.5, "jurisdiction 'j0'", err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "setup_cost must be in [0, inf), got -0.5"));
    tab = acc_recog_fields(&n);
    const acc_field *v = acc_field_find(tab, n, "voluntary");
    assert_non_null(v);
    assert_int_equal(acc_field_check(v, 2, NULL, err, sizeof err), ACC_EINVAL);
    tab = acc_config_fields(&n);
    assert_non_null(acc_field_find(tab, n, "compliance.per_market"));
    assert_non_null(acc_field_find(tab, n, "upgrade.when_failing"));
    free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fragmented_pays_each_f),
        cmocka_unit_test(test_bloc_pays_largest_f_once),
        cmocka_unit_test(test_setup_once_per_set),
        cmocka_unit_test(test_fprime_under_held_set),
        cmocka_unit_test(test_voluntary_recognition_bridges),
        cmocka_unit_test(test_voluntary_recognition_standard),
        cmocka_unit_test(test_voluntary_false_changes_nothing),
        cmocka_unit_test(test_upgrade_when_failing),
        cmocka_unit_test(test_fields_and_ranges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
