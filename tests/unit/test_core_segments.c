/* accord — segments (MODEL.md v2 change 1): the regulated_share field, each
 * market's open and regulated segment clearing on its own (shares and
 * revenues against hand-computed closed forms), a developer that cannot pass
 * the standard earning in a binding market's open segment, h = 0 making the
 * regime irrelevant, h = 1 giving the market's own values in the regulated
 * columns, and exit and re-entry cooldown per segment. Known answers are
 * computed here from the formulas of MODEL.md (S = A / (omega + sum A)),
 * not from the core's functions. SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_core_util.h"

#include <stdint.h>

static const acc_ts_row *row_of(const tc_rec *r, int step, int jur)
{
    for (size_t k = 0; k < r->nrows; k++)
        if (r->rows[k].step == step && r->rows[k].jur == jur)
            return &r->rows[k];
    fail_msg("no row for step %d, jurisdiction %d", step, jur);
    return NULL;
}

static void assert_close(double got, double want, double rel)
{
    if (!(fabs(got - want) <= rel * fmax(1e-300, fabs(want))))
        fail_msg("got %.17g, want %.17g", got, want);
}

/* A = (phi (1 + c))^(eps - 1) r with c = 0, r = 1, eps = 4. */
static double appeal(const acc_world *w, int64_t i)
{
    double phi = tc_dev(w, i, ACC_DEV_PRODUCTIVITY);
    return phi * phi * phi;
}

/* ---- the field ------------------------------------------------------------------------- */

static void test_field(void **state)
{
    (void)state;
    int n;
    const acc_field *tab = acc_jur_fields(&n);
    const acc_field *f = acc_field_find(tab, n, "regulated_share");
    assert_non_null(f);
    assert_true(f->lo == 0 && f->hi == 1 && f->kind == ACC_FK_PLAIN);
    assert_non_null(acc_typical_find("regulated_share"));
    acc_jur_cfg d;
    acc_jur_defaults(&d);
    assert_true(d.regulated_share == 0.3); /* the generic preset (data/regimes.csv: the presets' median) */
    acc_config *cfg = tc_config(1);
    tc_pop(cfg, ACC_INCUMBENT, 0, 2, 10, 0, 0.8, 1);
    char err[ACC_ERRLEN];
    cfg->jur[0].regulated_share = 1.2;
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "regulated_share"));
    assert_non_null(strstr(err, "1.2"));
    assert_non_null(strstr(err, "[0, 1]"));
    cfg->jur[0].regulated_share = NAN;
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_EINVAL);
    cfg->jur[0].regulated_share = 1;
    acc_world *w = tc_world(cfg, 1, 0);
    /* before the first step: redoes the initial state at home */
    assert_int_equal(acc_world_dev_open(w, 0, 0), ACC_MKT_ABSENT);
    assert_int_equal(acc_world_jur_set(w, 0, "regulated_share", 0.4, err, sizeof err), ACC_OK);
    assert_int_equal(acc_world_dev_open(w, 0, 0), ACC_MKT_DEPLOYED);
    assert_int_equal(acc_world_dev_market(w, 0, 0), ACC_MKT_DEPLOYED);
    assert_int_equal(acc_world_jur_set(w, 0, "regulated_share", -0.1, err, sizeof err), ACC_EINVAL);
    tc_step(w);
    /* fixed once the run has started */
    assert_int_equal(acc_world_jur_set(w, 0, "regulated_share", 0.5, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "during a run"));
    assert_string_equal(acc_ts_col_name(ACC_TS_REGULATED_REVENUE), "regulated_revenue");
    assert_string_equal(acc_ts_col_name(ACC_TS_REGULATED_DEPLOYED), "regulated_deployed");
    assert_string_equal(acc_ts_col_name(ACC_TS_REGULATED_HHI), "regulated_hhi");
    assert_string_equal(acc_ts_col_name(ACC_TS_REGULATED_TTM), "regulated_time_to_market");
    assert_int_equal(ACC_TS_REGULATED_TTM, ACC_TS_CAUGHT + 4); /* appended after v2's first columns */
    acc_world_free(w);
    free(cfg);
}

/* ---- clearing with two segments ---------------------------------------------------- */

/* One binding market, h = 0.3, M = 1200/yr (100 a step), omega = 2: two
 * incumbents meet the standard (certified by incumbency, in both segments),
 * three startups do not (open segment only). */
static acc_config *two_segments(double h)
{
    acc_config *cfg = tc_config(1);
    acc_jur_cfg *j = &cfg->jur[0];
    j->binding = 1;
    j->regulated_share = h;
    j->stringency = 0.5;
    j->outside = 2;
    j->market = 1200;
    j->entry_cost = 0;
    j->cert_cost = 0;
    j->compliance_cost = 0;
    tc_pop(cfg, ACC_INCUMBENT, 0, 2, 10, 0, 0.8, 1);
    tc_pop(cfg, ACC_STARTUP, 0, 3, 10, 0, 0.2, 1);
    return cfg;
}

static void test_clearing_closed_form(void **state)
{
    (void)state;
    acc_config *cfg = two_segments(0.3);
    acc_world *w = tc_world(cfg, 3, 0);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_step(w);
    double A[5], sr = 0, so = 0;
    for (int i = 0; i < 5; i++) {
        A[i] = appeal(w, i);
        so += A[i];
        if (i < 2)
            sr += A[i];
    }
    double R[5], Rr[5], tot = 0, rtot = 0, r2 = 0, rr2 = 0;
    for (int i = 0; i < 5; i++) {
        Rr[i] = i < 2 ? A[i] / (2 + sr) * 1200 * 0.3 / 12 : 0;
        R[i] = Rr[i] + A[i] / (2 + so) * 1200 * 0.7 / 12;
        assert_close(tc_dev(w, i, ACC_DEV_STEP_REVENUE), R[i], 1e-12);
        assert_true(R[i] > 0); /* the uncertified startups earn in the open segment */
        tot += R[i];
        rtot += Rr[i];
        r2 += R[i] * R[i];
        rr2 += Rr[i] * Rr[i];
    }
    for (int i = 0; i < 5; i++) {
        assert_int_equal(acc_world_dev_open(w, i, 0), ACC_MKT_DEPLOYED);
        assert_int_equal(acc_world_dev_market(w, i, 0), i < 2 ? ACC_MKT_DEPLOYED : ACC_MKT_ABSENT);
    }
    const acc_ts_row *r = row_of(&rec, 1, 0);
    assert_close(r->v[ACC_TS_REVENUE], tot, 1e-12);
    assert_close(r->v[ACC_TS_REGULATED_REVENUE], rtot, 1e-12);
    assert_close(r->v[ACC_TS_COVERAGE], tot / 100, 1e-12);
    assert_close(r->v[ACC_TS_HHI], 10000 * r2 / (tot * tot), 1e-12);
    assert_close(r->v[ACC_TS_REGULATED_HHI], 10000 * rr2 / (rtot * rtot), 1e-12);
    assert_true(r->v[ACC_TS_DEPLOYED] == 5 && r->v[ACC_TS_REGULATED_DEPLOYED] == 2);
    assert_true(r->v[ACC_TS_PENDING] == 0 && r->v[ACC_TS_SUSPENDED] == 0);
    assert_true(r->v[ACC_TS_APPLICATIONS] == 0); /* P = 0 for the startups: no gamble */
    assert_true(r->v[ACC_TS_NONCOMPLIANT] == 0); /* the open segment needs no certificate */
    const acc_ts_row *all = row_of(&rec, 1, -1);
    assert_close(all->v[ACC_TS_REGULATED_HHI], 10000 * rr2 / (rtot * rtot), 1e-12);
    /* entry value: both segments, without the developer's own term */
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

/* h = 1: the regulated columns are the market's; the startups are out. */
static void test_whole_market(void **state)
{
    (void)state;
    acc_config *cfg = two_segments(1);
    acc_world *w = tc_world(cfg, 3, 0);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    for (int t = 0; t < 3; t++)
        tc_step(w);
    const double a0 = appeal(w, 0), a1 = appeal(w, 1);
    assert_close(tc_dev(w, 0, ACC_DEV_STEP_REVENUE), a0 / (2 + a0 + a1) * 100, 1e-12);
    for (int i = 2; i < 5; i++) {
        assert_true(tc_dev(w, i, ACC_DEV_STEP_REVENUE) == 0);
        assert_int_equal(acc_world_dev_open(w, i, 0), ACC_MKT_ABSENT);
    }
    for (size_t k = 0; k < rec.nrows; k++) {
        const double *v = rec.rows[k].v;
        assert_true(v[ACC_TS_REGULATED_REVENUE] == v[ACC_TS_REVENUE]);
        assert_true(v[ACC_TS_REGULATED_HHI] == v[ACC_TS_HHI]);
        assert_true(v[ACC_TS_REGULATED_DEPLOYED] == v[ACC_TS_DEPLOYED]);
    }
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

/* ---- entering a binding market's open segment alone -------------------------------- */

static void test_open_segment_alone(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(2);
    acc_jur_cfg *j0 = &cfg->jur[0], *j1 = &cfg->jur[1];
    j0->binding = 1;
    j0->regulated_share = 0.3;
    j0->stringency = 0.5;
    j0->outside = 4;
    j0->market = 2400;
    j0->entry_cost = 1;
    j1->market = 120;
    j1->outside = 1;
    tc_pop(cfg, ACC_STARTUP, 1, 1, 100, 0, 0.2, 1); /* home j1, cannot pass j0's standard */
    acc_world *w = tc_world(cfg, 5, 0);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_step(w);
    const double A = appeal(w, 0);
    /* V = H E_o - E0 with E_o = (M (1 - h) / eps) A / (omega + A) = 420 A / (4 + A) > 0.2 */
    assert_true(5 * 2400 * 0.7 / 4 * A / (4 + A) > 1);
    assert_int_equal(acc_world_dev_open(w, 0, 0), ACC_MKT_DEPLOYED);
    assert_int_equal(acc_world_dev_market(w, 0, 0), ACC_MKT_ABSENT);
    const acc_event *ev = tc_find(&rec, ACC_EV_ENTRY, 0, 0);
    assert_non_null(ev);
    assert_string_equal(ev->detail, "open");
    assert_true(ev->value == 1);
    assert_int_equal(tc_count(&rec, ACC_EV_APPLICATION, -1, -9), 0);
    const double want = A / (1 + A) * 10 + A / (4 + A) * 2400 * 0.7 / 12;
    assert_close(tc_dev(w, 0, ACC_DEV_STEP_REVENUE), want, 1e-12);
    const acc_ts_row *r = row_of(&rec, 1, 0);
    assert_true(r->v[ACC_TS_ENTRIES] == 1 && r->v[ACC_TS_DEPLOYED] == 1 && r->v[ACC_TS_REGULATED_DEPLOYED] == 0);
    assert_true(r->v[ACC_TS_ENTRY_SPEND] == 1 && r->v[ACC_TS_CERT_SPEND] == 0); /* E0 once, no fee */
    assert_true(r->v[ACC_TS_REGULATED_REVENUE] == 0 && r->v[ACC_TS_REGULATED_HHI] == 0);
    assert_true(isnan(r->v[ACC_TS_REGULATED_TTM]));
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

/* A certifiable entrant: deployed in the open segment at once, pending in
 * the regulated one until its review (3 months), E0 paid once. */
static void test_compliant_entry(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(2);
    acc_jur_cfg *j0 = &cfg->jur[0];
    j0->binding = 1;
    j0->regulated_share = 0.5;
    j0->stringency = 0.5;
    j0->market = 2400;
    j0->entry_cost = 1;
    j0->cert_cost = 0.5;
    j0->review_months = 3;
    cfg->jur[1].market = 120;
    tc_pop(cfg, ACC_STARTUP, 1, 1, 100, 0, 0.8, 1);
    acc_world *w = tc_world(cfg, 5, 0);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_step(w);
    assert_int_equal(acc_world_dev_open(w, 0, 0), ACC_MKT_DEPLOYED);
    assert_int_equal(acc_world_dev_market(w, 0, 0), ACC_MKT_PENDING);
    const acc_ts_row *r = row_of(&rec, 1, 0);
    assert_true(r->v[ACC_TS_ENTRIES] == 1 && r->v[ACC_TS_PENDING] == 1 && r->v[ACC_TS_DEPLOYED] == 1);
    assert_true(r->v[ACC_TS_ENTRY_SPEND] == 1 && r->v[ACC_TS_CERT_SPEND] == 0.5);
    for (int t = 2; t <= 4; t++)
        tc_step(w);
    assert_int_equal(acc_world_dev_market(w, 0, 0), ACC_MKT_DEPLOYED);
    r = row_of(&rec, 4, 0);
    /* the regulated deployment is not a second entry; its time to market is the review */
    assert_true(r->v[ACC_TS_ENTRIES] == 0 && r->v[ACC_TS_REGULATED_TTM] == 3);
    assert_true(r->v[ACC_TS_REGULATED_DEPLOYED] == 1 && r->v[ACC_TS_ENTRY_SPEND] == 0);
    assert_int_equal(tc_count(&rec, ACC_EV_ENTRY, 0, 0), 2);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

/* ---- h = 0: the regime is irrelevant ------------------------------------------------- */

static acc_world *zero_share_world(int binding)
{
    acc_config *cfg = tc_config(2);
    acc_jur_cfg *j0 = &cfg->jur[0];
    j0->binding = binding;
    j0->regulated_share = 0;
    j0->stringency = 0.5;
    j0->market = 2400;
    j0->growth = 0.2;
    j0->entry_cost = 0.5;
    cfg->jur[1].market = 600;
    tc_pop(cfg, ACC_INCUMBENT, 0, 2, 50, 0, 0.8, 1);
    tc_pop(cfg, ACC_INCUMBENT, 0, 2, 50, 0, 0.2, 1);
    acc_pop_cfg *p = tc_pop(cfg, ACC_STARTUP, 1, 6, 5, 0, 0.3, 1);
    p->invest_rate = tc_fixed(0.2);
    p->opex = tc_fixed(0.5);
    cfg->productivity_shape = 3.5;
    acc_world *w = tc_world(cfg, 9, 0);
    free(cfg);
    return w;
}

static void test_zero_share(void **state)
{
    (void)state;
    acc_world *wb = zero_share_world(1), *wn = zero_share_world(0);
    double entered = 0;
    for (int t = 0; t < 36; t++) {
        tc_step(wb);
        tc_step(wn);
        for (int64_t i = 0; i < acc_world_ndev(wb); i++) {
            assert_true(tc_dev(wb, i, ACC_DEV_STEP_REVENUE) == tc_dev(wn, i, ACC_DEV_STEP_REVENUE));
            assert_true(tc_dev(wb, i, ACC_DEV_CAPITAL) == tc_dev(wn, i, ACC_DEV_CAPITAL));
            assert_int_equal(acc_world_dev_market(wb, i, 0), ACC_MKT_ABSENT); /* no regulated segment */
        }
        entered += acc_world_metrics(wb, 0)->v[ACC_TS_ENTRIES];
        assert_true(acc_world_metrics(wb, 0)->v[ACC_TS_REGULATED_REVENUE] == 0);
        assert_true(acc_world_metrics(wb, 0)->v[ACC_TS_REVENUE] == acc_world_metrics(wn, 0)->v[ACC_TS_REVENUE]);
    }
    assert_true(entered > 0); /* the startups from j1 did enter j0 (the test is not empty) */
    assert_true(acc_world_metrics(wb, 0)->v[ACC_TS_REVENUE] > 0);
    acc_world_free(wb);
    acc_world_free(wn);
}

/* ---- exit and cooldown per segment --------------------------------------------------- */

/* Startups on an incumbent's model pay license_share 0.3 > 1/eps of revenue:
 * every segment they serve loses money, so they leave it after exit_months
 * (12 steps) and may return to it reentry_months (12 steps) later (a policy
 * lowers the licence to 0.1 after they left, so returning pays). */
static int lower_licence(tc_hooks *h, acc_world *w, int step)
{
    (void)h;
    char err[ACC_ERRLEN];
    if (step == 14)
        assert_int_equal(acc_world_param_set(w, "license_share", 0.1, err, sizeof err), ACC_OK);
    return 0;
}

static void test_exit_per_segment(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(2);
    acc_jur_cfg *j0 = &cfg->jur[0];
    j0->binding = 1;
    j0->regulated_share = 0.5;
    j0->stringency = 0.5;
    j0->market = 1200;
    j0->entry_cost = 0.5;
    j0->compliance_cost = 0;
    cfg->jur[1].binding = 1; /* the upstream fails its home's standard: deployed nowhere, no capital */
    cfg->jur[1].stringency = 0.5;
    cfg->upstream_prob = 1;
    cfg->open_upstream_share = 0;
    cfg->license_share = 0.3;
    tc_pop(cfg, ACC_INCUMBENT, 1, 1, 0, 0, 0.2, 1);  /* the upstream, home j1, no capital: stays home */
    tc_pop(cfg, ACC_STARTUP, 0, 1, 1000, 0, 0.2, 1); /* 1: open segment only */
    tc_pop(cfg, ACC_STARTUP, 0, 1, 1000, 0, 0.8, 1); /* 2: both segments (certified by incumbency) */
    acc_world *w = tc_world(cfg, 2, 0);
    assert_true(tc_dev(w, 1, ACC_DEV_UPSTREAM) == 0 && tc_dev(w, 2, ACC_DEV_UPSTREAM) == 0);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_hooks hk = {0};
    hk.begin = lower_licence;
    tc_attach_hooks(w, &hk);
    double up_before = 0;
    for (int t = 1; t <= 30; t++) {
        tc_step(w);
        const int in = t < 13 || t >= 25;
        if (acc_world_dev_open(w, 1, 0) != (in ? ACC_MKT_DEPLOYED : ACC_MKT_ABSENT))
            fail_msg("step %d: developer 1 open state %d", t, acc_world_dev_open(w, 1, 0));
        assert_int_equal(acc_world_dev_open(w, 2, 0), in ? ACC_MKT_DEPLOYED : ACC_MKT_ABSENT);
        /* the regulated segment: left at 13, its own cooldown to 25, then applied for
         * (pending during the 3-month review) with the open segment taken at once */
        const int reg = acc_world_dev_market(w, 2, 0);
        assert_int_equal(reg, t < 13 ? ACC_MKT_DEPLOYED : t < 25 ? ACC_MKT_ABSENT : t < 28 ? ACC_MKT_PENDING
                                                                                          : ACC_MKT_DEPLOYED);
        assert_int_equal(acc_world_dev_market(w, 1, 0), ACC_MKT_ABSENT); /* cannot pass */
        const acc_ts_row *r = row_of(&rec, t, 0);
        assert_true(r->v[ACC_TS_EXITS] == (t == 13 ? 2 : 0)); /* two developers left j */
        /* first-segment entries of the two startups (the upstream may enter j0 on its licence income) */
        const double up = (double)tc_count(&rec, ACC_EV_ENTRY, 0, 0);
        assert_true(r->v[ACC_TS_ENTRIES] == (t == 25 ? 2 : 0) + (up - up_before));
        up_before = up;
    }
    size_t open_exits = 0, reg_exits = 0;
    for (size_t k = 0; k < rec.nev; k++) {
        const acc_event *ev = &rec.ev[k];
        if (ev->type != ACC_EV_EXIT || ev->dev == 0)
            continue;
        assert_int_equal(ev->step, 13);
        if (strcmp(ev->detail, "open") == 0)
            open_exits++;
        else if (strcmp(ev->detail, "regulated") == 0)
            reg_exits++;
    }
    assert_int_equal(open_exits, 2);
    assert_int_equal(reg_exits, 1);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_field),
        cmocka_unit_test(test_clearing_closed_form),
        cmocka_unit_test(test_whole_market),
        cmocka_unit_test(test_open_segment_alone),
        cmocka_unit_test(test_compliant_entry),
        cmocka_unit_test(test_zero_share),
        cmocka_unit_test(test_exit_per_segment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
