/* accord — risks: detection times against the geometric closed forms
 * (VALIDATION.md §3), emergence hazard and severity, supply-chain
 * inheritance and patching, incidents, harm, reputation.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_core_util.h"

/* Yearly detection probability whose per-step value (spy = 12) is p. */
static double yearly(double p) { return 1 - pow(1 - p, 12); }

/* NDEV developers, each deployed in the three markets after step 1 (entry is
 * free), each given a vulnerability held live (patchable = 0) right after.
 * Each developer is an independent replication (draws are keyed by
 * developer and market). Returns the mean exposure per market, counting the
 * detection step: awareness step - emergence step. */
#define NDEV 6000
static void exposure(int share, const double p[3], double mean[3])
{
    acc_config *cfg = tc_config(3);
    cfg->years = 30;
    for (int j = 0; j < 3; j++) {
        cfg->jur[j].entry_cost = 0;
        cfg->jur[j].detection = yearly(p[j]);
        cfg->jur[j].market = 1000;
    }
    if (share) {
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++)
                if (a != b)
                    cfg->link[cfg->n_links++] = (acc_link_cfg){.from = a, .to = b, .lag_months = 0, .active = 1};
    }
    tc_pop(cfg, ACC_INCUMBENT, 0, NDEV, 1e6, 0, 0.5, 1);
    acc_world *w = tc_world(cfg, 99, 1);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_step(w);
    char err[256];
    for (int64_t i = 0; i < NDEV; i++) {
        for (int j = 0; j < 3; j++)
            assert_int_equal(acc_world_dev_market(w, i, j), ACC_MKT_DEPLOYED);
        assert_int_equal(acc_world_inject_vulnerability(w, i, 1.5, 0, err, sizeof err), ACC_OK);
    }
    const int emerged = acc_world_step_index(w);
    double sum[3] = {0};
    long seen[3] = {0};
    while (acc_world_step_index(w) < acc_world_nsteps(w)) {
        tc_rec_clear(&rec);
        tc_step(w);
        for (size_t k = 0; k < rec.nev; k++) {
            const acc_event *e = &rec.ev[k];
            if (e->type != ACC_EV_INCIDENT && e->type != ACC_EV_AWARENESS)
                continue;
            assert_true(e->jur >= 0 && e->jur < 3);
            assert_true(e->lag == e->step - emerged);
            sum[e->jur] += e->step - emerged;
            seen[e->jur]++;
        }
        if (seen[0] == NDEV && seen[1] == NDEV && seen[2] == NDEV)
            break;
    }
    for (int j = 0; j < 3; j++) {
        assert_int_equal(seen[j], NDEV);
        mean[j] = sum[j] / NDEV;
    }
    /* held live: nothing was patched, every model is suspended everywhere */
    assert_int_equal((int)tc_count(&rec, ACC_EV_PATCH, -1, -9), 0);
    assert_true(acc_world_metrics(w, -1)->v[ACC_TS_LIVE_VULNS] == NDEV);
    assert_true(acc_world_metrics(w, 0)->v[ACC_TS_SUSPENDED] == NDEV);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

/* Geometric: mean 1/q, variance (1-q)/q^2; tolerance 4 standard errors. */
static void check_geometric(double mean, double q, const char *what)
{
    double se = sqrt((1 - q) / (q * q) / NDEV);
    if (getenv("TC_VERBOSE"))
        fprintf(stderr, "%s: mean %.4f, 1/q %.4f, 4 se %.4f\n", what, mean, 1 / q, 4 * se);
    if (fabs(mean - 1 / q) > 4 * se)
        fail_msg("%s: mean exposure %.4f, expected %.4f +- %.4f", what, mean, 1 / q, 4 * se);
}

static void test_detection_alone(void **state)
{
    (void)state;
    double p[3] = {0.1, 0.2, 0.35}, mean[3];
    exposure(0, p, mean);
    check_geometric(mean[0], p[0], "alone p=0.10");
    check_geometric(mean[1], p[1], "alone p=0.20");
    check_geometric(mean[2], p[2], "alone p=0.35");
}

static void test_detection_shared(void **state)
{
    (void)state;
    double p[3] = {0.1, 0.2, 0.35}, mean[3];
    exposure(1, p, mean);
    double q = 1 - (1 - p[0]) * (1 - p[1]) * (1 - p[2]);
    /* with lag-0 sharing among all, every market learns the same step */
    assert_true(mean[0] == mean[1] && mean[1] == mean[2]);
    check_geometric(mean[0], q, "shared");
}

/* Emergence: per-step probability 1 - exp(-h0 (1+c)^kappa (1-s) / spy);
 * severity lognormal(mu, sigma). */
static void test_emergence_hazard_and_severity(void **state)
{
    (void)state;
    const int n = 20000;
    acc_config *cfg = tc_config(1);
    cfg->risk_base_hazard = 0.6;
    cfg->risk_capability_exponent = 0.5;
    cfg->risk_severity_mu = -0.4;
    cfg->risk_severity_sigma = 0.8;
    tc_pop(cfg, ACC_INCUMBENT, 0, n, 1e6, 3, 0.25, 1);
    acc_world *w = tc_world(cfg, 5, 2);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_step(w);
    double p = -expm1(-0.6 * 2 * 0.75 / 12);
    size_t k = tc_count(&rec, ACC_EV_VULNERABILITY, -1, -9);
    double band = 4 * sqrt(n * p * (1 - p));
    assert_true(fabs(k - n * p) <= band);
    double slog = 0;
    for (size_t e = 0; e < rec.nev; e++)
        if (rec.ev[e].type == ACC_EV_VULNERABILITY) {
            assert_string_equal(rec.ev[e].detail, "emerged");
            assert_true(tc_dev(w, rec.ev[e].dev, ACC_DEV_LIVE_VULN) == rec.ev[e].value);
            slog += log(rec.ev[e].value);
        }
    assert_true(fabs(slog / k - (-0.4)) <= 4 * 0.8 / sqrt((double)k));
    assert_true(acc_world_metrics(w, -1)->v[ACC_TS_LIVE_VULNS] == k);
    /* a developer with a live vulnerability gets no second one */
    tc_step(w);
    for (size_t e = 0; e < rec.nev; e++)
        if (rec.ev[e].type == ACC_EV_VULNERABILITY && rec.ev[e].step == 2)
            assert_int_equal((int)tc_count(&rec, ACC_EV_VULNERABILITY, rec.ev[e].dev, -9), 1);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

/* Supply chain: a downstream inherits its upstream's new vulnerability (same
 * severity), the copy is patched at the latest with the upstream's; an
 * incident is reported once to on_incident; reputation drops and recovers. */
static void test_inheritance_patch_incident(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(1);
    cfg->risk_inherit_prob = 1;
    cfg->risk_self_detect = 12; /* min(1, 12 s) per year: 1 for s = 1, 0 for s = 0 */
    cfg->risk_patch_months = 3;
    cfg->rep_loss = 0.2;
    cfg->rep_recovery = 0.7;
    cfg->upstream_prob = 1;
    cfg->open_upstream_share = 0;
    tc_pop(cfg, ACC_INCUMBENT, 0, 1, 1e4, 2, 1, 1);
    tc_pop(cfg, ACC_STARTUP, 0, 3, 1e3, 0.5, 0, 1);
    acc_world *w = tc_world(cfg, 8, 0);
    for (int64_t i = 1; i <= 3; i++)
        assert_true(tc_dev(w, i, ACC_DEV_UPSTREAM) == 0);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_hooks h = {0};
    tc_attach_hooks(w, &h);
    tc_step(w);
    /* the downstreams' capability was raised to the upstream's */
    for (int64_t i = 1; i <= 3; i++)
        assert_true(tc_dev(w, i, ACC_DEV_CAPABILITY) == 2);
    char err[256];
    assert_int_equal(acc_world_inject_vulnerability(w, 0, 1.25, 1, err, sizeof err), ACC_OK);
    tc_step(w); /* step 2: inheritance (the upstream's is new), self-detection of the upstream */
    for (int64_t i = 1; i <= 3; i++) {
        const acc_event *e = tc_find(&rec, ACC_EV_VULNERABILITY, i, -9);
        assert_non_null(e);
        assert_string_equal(e->detail, "inherited");
        assert_true(e->value == 1.25);
        assert_int_equal(e->step, 2);
    }
    const acc_event *inc = tc_find(&rec, ACC_EV_INCIDENT, 0, -9);
    assert_non_null(inc);
    assert_int_equal(inc->jur, -2);
    assert_int_equal(inc->step, 2);
    assert_true(inc->lag == 1);
    assert_int_equal(h.n_incident_calls, 1);
    assert_true(tc_find(&rec, ACC_EV_AWARENESS, 0, 0) != NULL); /* disclosed to its market */
    double r1 = 1 - 0.2 * 1.25;
    double f = -expm1(-0.7 / 12);
    assert_true(fabs(tc_dev(w, 0, ACC_DEV_REPUTATION) - (r1 + (1 - r1) * f)) < 1e-15);
    assert_true(acc_world_dev_market(w, 0, 0) == ACC_MKT_SUSPENDED);
    assert_true(acc_world_dev_market(w, 1, 0) == ACC_MKT_DEPLOYED); /* copies undetected */
    /* harm: the downstreams' copies harm their market every step until patched */
    double harm_before = acc_world_metrics(w, 0)->v[ACC_TS_HARM];
    assert_true(harm_before > 0);
    tc_step(w);
    tc_step(w);
    assert_int_equal((int)tc_count(&rec, ACC_EV_PATCH, -1, -9), 0);
    tc_step(w); /* step 5 = 2 + 3 months: the upstream's patch, and with it the copies */
    assert_int_equal((int)tc_count(&rec, ACC_EV_PATCH, -1, -9), 4);
    for (int64_t i = 0; i <= 3; i++) {
        assert_true(tc_dev(w, i, ACC_DEV_LIVE_VULN) == 0);
        assert_int_equal(tc_find(&rec, ACC_EV_PATCH, i, -9)->step, 5);
    }
    assert_true(acc_world_dev_market(w, 0, 0) == ACC_MKT_DEPLOYED);
    assert_int_equal(h.n_incident_calls, 1); /* the copies were never detected */
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

/* Harm per step = severity * R_ij * harm_per_revenue while j is not aware. */
static void test_harm(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(1);
    cfg->risk_harm_per_revenue = 0.37;
    tc_pop(cfg, ACC_INCUMBENT, 0, 3, 1e4, 1, 0.6, 1);
    acc_world *w = tc_world(cfg, 3, 3);
    char err[256];
    assert_int_equal(acc_world_inject_vulnerability(w, 1, 2.5, 0, err, sizeof err), ACC_OK);
    double total = 0;
    for (int t = 1; t <= 6; t++) {
        tc_step(w);
        double expect = 2.5 * tc_dev(w, 1, ACC_DEV_STEP_REVENUE) * 0.37;
        const acc_ts_row *r = acc_world_metrics(w, 0);
        assert_true(fabs(r->v[ACC_TS_HARM] - expect) <= 1e-12 * expect);
        assert_true(r->v[ACC_TS_LIVE_VULNS] == 1);
        total += expect;
    }
    double v[ACC_SUMMARY_MAX];
    acc_world_summary(w, v);
    for (int k = 0; k < acc_world_summary_count(w); k++)
        if (strcmp(acc_world_summary_name(w, k), "harm") == 0)
            assert_true(fabs(v[k] - total) <= 1e-12 * total);
    acc_world_free(w);
    free(cfg);
}

/* An incident hook that fails aborts the run with its status and message. */
static int failing_incident(tc_hooks *h, acc_world *w, const acc_event *ev)
{
    (void)h;
    assert_int_equal(ev->type, ACC_EV_INCIDENT);
    acc_world_set_error(w, "policy.lua:3: boom at developer %lld", (long long)ev->dev);
    return ACC_ESCRIPT;
}

static void test_incident_hook_failure(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(1);
    cfg->jur[0].detection = 1;
    tc_pop(cfg, ACC_INCUMBENT, 0, 2, 1e4, 1, 0.6, 1);
    acc_world *w = tc_world(cfg, 3, 3);
    tc_hooks h = {0};
    h.incident = failing_incident;
    tc_attach_hooks(w, &h);
    char err[256];
    assert_int_equal(acc_world_inject_vulnerability(w, 1, 1, 1, err, sizeof err), ACC_OK);
    assert_int_equal(acc_world_step(w), ACC_ESCRIPT);
    assert_string_equal(acc_world_errmsg(w), "policy.lua:3: boom at developer 1");
    assert_int_equal(acc_world_step(w), ACC_ESCRIPT); /* stays failed */
    acc_world_free(w);
    free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detection_alone),
        cmocka_unit_test(test_detection_shared),
        cmocka_unit_test(test_emergence_hazard_and_severity),
        cmocka_unit_test(test_inheritance_patch_incident),
        cmocka_unit_test(test_harm),
        cmocka_unit_test(test_incident_hook_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
