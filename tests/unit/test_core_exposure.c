/* accord — users, exposure and lognormal patch delays (MODEL.md v2 change 7,
 * Risks): the exposure of one model in one market by hand, the cap of all
 * models' exposure at U_j(t) a month, user growth, harm per user-month, the
 * exposure carried by incident, awareness and patch events; patch delays
 * fixed with patch_sigma = 0 and lognormal (median, log-sd, rounding to
 * steps) otherwise, inherited copies patched at the latest with their
 * upstream; detection measured in exposure steps (1/p alone, 1/(1 - prod(1 - p))
 * with lag-0 sharing); and the new fields switched off change nothing.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_core_util.h"

#include <stdint.h>

#include "core/world_int.h" /* acc__patch_months, acc__patch_steps, conv_months */

static int close_rel(double a, double b, double rel)
{
    return fabs(a - b) <= rel * (fabs(b) > 1e-300 ? fabs(b) : 1e-300);
}

/* Standard normal CDF. */
static double Phi(double x) { return 0.5 * erfc(-x / sqrt(2.0)); }

static void set_jur(acc_world *w, int j, const char *field, double v)
{
    char err[ACC_ERRLEN];
    if (acc_world_jur_set(w, j, field, v, err, sizeof err))
        fail_msg("jur_set %s: %s", field, err);
}

static void inject(acc_world *w, int64_t dev, double severity, int patchable)
{
    char err[ACC_ERRLEN];
    if (acc_world_inject_vulnerability(w, dev, severity, patchable, err, sizeof err))
        fail_msg("inject %lld: %s", (long long)dev, err);
}

static void set_phi(acc_world *w, int64_t dev, double phi)
{
    char err[ACC_ERRLEN];
    if (acc_world_dev_set(w, dev, ACC_DEV_PRODUCTIVITY, phi, err, sizeof err))
        fail_msg("productivity: %s", err);
}

/* ---- fields ----------------------------------------------------------------------------- */

static void test_fields(void **state)
{
    (void)state;
    int n, nj;
    const acc_field *g = acc_config_fields(&n), *jf = acc_jur_fields(&nj);
    const acc_field *f;
    f = acc_field_find(jf, nj, "users");
    assert_non_null(f);
    assert_true(f->def == 0 && f->lo == 0 && isinf(f->hi) && f->kind == ACC_FK_PLAIN && f->flags == 0);
    f = acc_field_find(jf, nj, "user_growth");
    assert_non_null(f);
    assert_true(f->def == 0 && f->lo == -1 && (f->flags & ACC_F_LO_OPEN) && f->kind == ACC_FK_GROWTH);
    f = acc_field_find(g, n, "risk.harm_per_user_month");
    assert_non_null(f);
    assert_true(f->def == 0 && f->lo == 0 && isinf(f->hi));
    f = acc_field_find(g, n, "risk.patch_sigma");
    assert_non_null(f);
    assert_true(f->def == 0 && f->lo == 0 && isinf(f->hi));

    acc_config *cfg = tc_config(2);
    assert_true(cfg->jur[0].users == 0 && cfg->jur[1].user_growth == 0);
    assert_true(cfg->risk_harm_per_user_month == 0 && cfg->risk_patch_sigma == 0);
    char err[ACC_ERRLEN];
    cfg->jur[1].users = -1;
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "jurisdiction 'j1': users must be in [0, inf), got -1");
    cfg->jur[1].users = 5;
    cfg->jur[1].user_growth = -1;
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "jurisdiction 'j1': user_growth must be in (-1, inf), got -1");
    cfg->jur[1].user_growth = 0.1;
    cfg->risk_patch_sigma = -0.1;
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "risk.patch_sigma must be in [0, inf), got -0.1");
    cfg->risk_patch_sigma = 0.35;
    cfg->risk_harm_per_user_month = NAN;
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_EINVAL);
    cfg->risk_harm_per_user_month = 1;
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_OK);

    /* settable by policies, read back live */
    acc_world *w = tc_world(cfg, 1, 0);
    double v;
    assert_int_equal(acc_world_jur_set(w, 0, "users", 12.5, err, sizeof err), ACC_OK);
    assert_int_equal(acc_world_jur_get(w, 0, "users", &v, err, sizeof err), ACC_OK);
    assert_true(v == 12.5);
    assert_int_equal(acc_world_jur_set(w, 0, "user_growth", -1.5, err, sizeof err), ACC_EINVAL);
    assert_int_equal(acc_world_param_set(w, "risk.patch_sigma", 0.5, err, sizeof err), ACC_OK);
    assert_int_equal(acc_world_param_get(w, "risk.patch_sigma", &v, err, sizeof err), ACC_OK);
    assert_true(v == 0.5);
    assert_int_equal(acc_world_param_set(w, "risk.harm_per_user_month", -2, err, sizeof err), ACC_EINVAL);
    assert_string_equal(acc_ts_col_name(ACC_TS_EXPOSURE), "exposure");
    assert_int_equal(ACC_TS_EXPOSURE, ACC_TS_HARM + 1);
    (void)tc_summary(w, "exposure");
    acc_world_free(w);
    free(cfg);
}

/* ---- exposure by hand --------------------------------------------------------------------
 * One market, M = 1200 M$/yr, omega = 3, U = 8 million users; developer 0
 * with A = 1 (phi = 1, c = 0, r = 1), so its share is 1/(3 + 1) = 1/4 and
 * R = 1200/spy/4 per step. X = U (R/(M/spy)) (12/spy) = 8 * 1/4 * 12/spy:
 * 2 million user-months a month at spy = 12, 6 a quarter at spy = 4. With a
 * second developer of A = 2 the share is 1/6: X = 8/6 * 12/spy. Harm per
 * step S (h_R R + h_U X) with S = 1.5, h_R = 0.5, h_U = 3. Detection turns
 * on at step 4: the incident (and the patch, 0 months) carry the three
 * steps' exposure, and step 4 has none (the market knows before harm). */
static int detect_from_4(tc_hooks *h, acc_world *w, int step)
{
    (void)h;
    if (step == 4)
        set_jur(w, 0, "detection", 1);
    return 0;
}

static void test_exposure_by_hand(void **state)
{
    (void)state;
    const double spys[2] = {12, 4};
    for (int c = 0; c < 4; c++) {
        const double spy = spys[c % 2];
        const int two = c >= 2;
        acc_config *cfg = tc_config(1);
        cfg->steps_per_year = spy;
        cfg->jur[0].market = 1200;
        cfg->jur[0].outside = 3;
        cfg->jur[0].users = 8;
        cfg->risk_harm_per_revenue = 0.5;
        cfg->risk_harm_per_user_month = 3;
        cfg->risk_patch_months = 0;
        tc_pop(cfg, ACC_INCUMBENT, 0, two ? 2 : 1, 1e4, 0, 0.6, 1);
        acc_world *w = tc_world(cfg, 11, 0);
        set_phi(w, 0, 1);
        if (two)
            set_phi(w, 1, cbrt(2)); /* A = phi^(eps - 1) = 2 */
        tc_rec rec = {0};
        tc_attach(w, &rec);
        tc_hooks h = {0};
        h.begin = detect_from_4;
        tc_attach_hooks(w, &h);
        inject(w, 0, 1.5, 1);
        const double share = two ? 1.0 / 6 : 1.0 / 4;
        const double R = 1200 / spy * share, X = 8 * share * 12 / spy;
        const double harm = 1.5 * (0.5 * R + 3 * X);
        for (int t = 1; t <= 3; t++) {
            tc_step(w);
            const acc_ts_row *r = acc_world_metrics(w, 0), *all = acc_world_metrics(w, -1);
            assert_true(close_rel(tc_dev(w, 0, ACC_DEV_STEP_REVENUE), R, 1e-12));
            if (!close_rel(r->v[ACC_TS_EXPOSURE], X, 1e-12) || !close_rel(r->v[ACC_TS_HARM], harm, 1e-12))
                fail_msg("spy %g, %d developers, step %d: exposure %.17g (expected %.17g), harm %.17g (%.17g)",
                         spy, two ? 2 : 1, t, r->v[ACC_TS_EXPOSURE], X, r->v[ACC_TS_HARM], harm);
            assert_true(all->v[ACC_TS_EXPOSURE] == r->v[ACC_TS_EXPOSURE]);
            assert_true(close_rel(tc_summary(w, "exposure"), t * X, 1e-12));
        }
        tc_step(w); /* step 4: detected, patched at once (0 months) */
        const acc_event *inc = tc_find(&rec, ACC_EV_INCIDENT, 0, -9);
        const acc_event *pat = tc_find(&rec, ACC_EV_PATCH, 0, -9);
        assert_non_null(inc);
        assert_non_null(pat);
        assert_int_equal(inc->step, 4);
        assert_int_equal(pat->step, 4);
        assert_true(close_rel(inc->exposure, 3 * X, 1e-12) && close_rel(inc->harm, 3 * harm, 1e-12));
        assert_true(pat->exposure == inc->exposure && pat->harm == inc->harm);
        assert_true(acc_world_metrics(w, 0)->v[ACC_TS_EXPOSURE] == 0);
        assert_true(acc_world_metrics(w, 0)->v[ACC_TS_HARM] == 0);
        assert_true(close_rel(tc_summary(w, "exposure"), 3 * X, 1e-12));
        /* events that are not about a vulnerability carry no exposure */
        for (size_t k = 0; k < rec.nev; k++)
            if (rec.ev[k].type != ACC_EV_INCIDENT && rec.ev[k].type != ACC_EV_AWARENESS &&
                rec.ev[k].type != ACC_EV_PATCH)
                assert_true(rec.ev[k].exposure == 0);
        tc_rec_free(&rec);
        acc_world_free(w);
        free(cfg);
    }
}

/* ---- the cap -------------------------------------------------------------------------------
 * Every model earning in j has a live vulnerability j does not know of. Then
 * j's exposure is U_j (12/spy) times the models' share of j's spending, the
 * coverage: with omega = 0 they take all of it and reach U_j a month,
 * exactly the cap (the shares add up to 1 to rounding); with omega > 0 less. */
static void test_exposure_cap(void **state)
{
    (void)state;
    for (int c = 0; c < 2; c++) {
        const double spy = c ? 4 : 12, omega = c ? 0 : 40;
        acc_config *cfg = tc_config(2);
        cfg->steps_per_year = spy;
        for (int j = 0; j < 2; j++) {
            cfg->jur[j].outside = omega;
            cfg->jur[j].entry_cost = 0;
            cfg->jur[j].users = j ? 3.5 : 250;
            cfg->jur[j].market = j ? 800 : 5000;
        }
        tc_pop(cfg, ACC_INCUMBENT, 0, 7, 1e5, 1, 0.6, 1);
        tc_pop(cfg, ACC_STARTUP, 1, 5, 1e3, 0.5, 0.6, 0.5);
        acc_world *w = tc_world(cfg, 5, 1);
        tc_step(w); /* entries into the other market */
        for (int64_t i = 0; i < acc_world_ndev(w); i++)
            inject(w, i, 1, 0);
        for (int t = 0; t < 3; t++) {
            tc_step(w);
            double sum = 0;
            for (int j = 0; j < 2; j++) {
                const acc_ts_row *r = acc_world_metrics(w, j);
                const double U = cfg->jur[j].users, cap = U * 12 / spy;
                assert_true(r->v[ACC_TS_DEPLOYED] == 12);
                assert_true(r->v[ACC_TS_EXPOSURE] <= cap * (1 + 1e-15));
                if (omega == 0)
                    assert_true(close_rel(r->v[ACC_TS_EXPOSURE], cap, 1e-13));
                else
                    assert_true(r->v[ACC_TS_COVERAGE] < 1 &&
                                close_rel(r->v[ACC_TS_EXPOSURE], cap * r->v[ACC_TS_COVERAGE], 1e-12));
                sum += r->v[ACC_TS_EXPOSURE];
            }
            assert_true(close_rel(acc_world_metrics(w, -1)->v[ACC_TS_EXPOSURE], sum, 1e-15));
        }
        acc_world_free(w);
        free(cfg);
    }
}

/* ---- user growth ---------------------------------------------------------------------------
 * U_j grows at the end of each step by (1 + g)^(1/spy) - 1: U(t) = U0 (1 + g)^(t/spy),
 * and step t's exposure uses U(t - 1) (the value at the step's start). The
 * market's own growth leaves a single model's share, hence X, unchanged. */
static void test_user_growth(void **state)
{
    (void)state;
    const double gs[2] = {0.5, -0.5};
    for (int c = 0; c < 2; c++) {
        const double g = gs[c], U0 = 10;
        acc_config *cfg = tc_config(1);
        cfg->jur[0].market = 1200;
        cfg->jur[0].outside = 3;
        cfg->jur[0].growth = 0.3;
        cfg->jur[0].users = U0;
        cfg->jur[0].user_growth = g;
        tc_pop(cfg, ACC_INCUMBENT, 0, 1, 1e4, 0, 0.6, 1);
        acc_world *w = tc_world(cfg, 2, 0);
        set_phi(w, 0, 1);
        inject(w, 0, 1, 0);
        double cum = 0;
        for (int t = 1; t <= 24; t++) {
            tc_step(w);
            const double X = U0 * pow(1 + g, (t - 1) / 12.0) * 0.25;
            const double x = acc_world_metrics(w, 0)->v[ACC_TS_EXPOSURE];
            if (!close_rel(x, X, 1e-12))
                fail_msg("g = %g, step %d: exposure %.17g, expected %.17g", g, t, x, X);
            cum += x;
            double u;
            char err[ACC_ERRLEN];
            assert_int_equal(acc_world_jur_get(w, 0, "users", &u, err, sizeof err), ACC_OK);
            assert_true(close_rel(u, U0 * pow(1 + g, t / 12.0), 1e-12));
        }
        double u;
        char err[ACC_ERRLEN];
        acc_world_jur_get(w, 0, "users", &u, err, sizeof err);
        assert_true(close_rel(u, U0 * (1 + g) * (1 + g), 1e-12)); /* two years */
        assert_true(close_rel(tc_summary(w, "exposure"), cum, 1e-14));
        acc_world_free(w);
        free(cfg);
    }
}

/* ---- switched off, exposure changes nothing else -------------------------------------------
 * A world with risk on and sharing; the same with users and user growth (and
 * harm_per_user_month = 0): every column but exposure and every event but its
 * exposure field are bit for bit the same. With harm_per_user_month > 0 only
 * harm (and exposure) differ: harm feeds nothing back. */
static acc_config *risky(int users, double hpu)
{
    acc_config *cfg = tc_config(2);
    cfg->years = 6;
    cfg->risk_base_hazard = 0.8;
    cfg->risk_self_detect = 1;
    cfg->risk_inherit_prob = 0.5;
    cfg->upstream_prob = 0.7;
    cfg->risk_harm_per_user_month = hpu;
    for (int j = 0; j < 2; j++) {
        cfg->jur[j].detection = 0.4;
        cfg->jur[j].startup_rate = 4;
        cfg->jur[j].audit_rate = 0.2;
        cfg->jur[j].growth = 0.1;
        if (users) {
            cfg->jur[j].users = 40 + 60 * j;
            cfg->jur[j].user_growth = 0.15;
        }
    }
    cfg->jur[1].binding = 1;
    cfg->link[cfg->n_links++] = (acc_link_cfg){.from = 0, .to = 1, .lag_months = 2, .active = 1};
    acc_pop_cfg *p = tc_pop(cfg, ACC_INCUMBENT, 0, 6, 5e3, 2, 0.55, 1);
    p->invest_rate = tc_fixed(0.2);
    p->opex = tc_fixed(50);
    tc_pop(cfg, ACC_OPEN_SOURCE, 1, 4, 500, 1.5, 0.4, 0.8);
    p = tc_pop(cfg, ACC_STARTUP, 0, 20, 30, 0.5, 0.4, 0.5);
    p->opex = tc_fixed(2);
    p->invest_rate = tc_fixed(0.3);
    return cfg;
}

static void run_all(acc_config *cfg, tc_rec *rec)
{
    acc_world *w = tc_world(cfg, 21, 3);
    tc_attach(w, rec);
    while (acc_world_step_index(w) < acc_world_nsteps(w))
        tc_step(w);
    acc_world_free(w);
}

static void test_switched_off(void **state)
{
    (void)state;
    acc_config *a = risky(0, 0), *b = risky(1, 0), *c = risky(1, 2.5);
    tc_rec ra = {0}, rb = {0}, rc = {0};
    run_all(a, &ra);
    run_all(b, &rb);
    run_all(c, &rc);
    assert_true(ra.nrows == rb.nrows && ra.nrows == rc.nrows && ra.nev == rb.nev && ra.nev == rc.nev);
    assert_true(tc_count(&ra, ACC_EV_INCIDENT, -1, -9) > 20);
    double xsum = 0, dharm = 0;
    for (size_t k = 0; k < ra.nrows; k++)
        for (int col = 0; col < ACC_TS_NCOLS; col++) {
            double x = ra.rows[k].v[col], y = rb.rows[k].v[col], z = rc.rows[k].v[col];
            if (col == ACC_TS_EXPOSURE) {
                assert_true(x == 0 && y >= 0 && z == y);
                xsum += y;
                continue;
            }
            assert_memory_equal(&x, &y, sizeof x);
            if (col == ACC_TS_HARM) {
                assert_true(z >= x);
                assert_true(rb.rows[k].v[ACC_TS_EXPOSURE] > 0 || z == x);
                dharm += z - x;
                continue;
            }
            assert_memory_equal(&x, &z, sizeof x);
        }
    assert_true(xsum > 0 && dharm > 0);
    for (size_t k = 0; k < ra.nev; k++) {
        acc_event x = ra.ev[k], y = rb.ev[k], z = rc.ev[k];
        assert_true(x.exposure == 0);
        assert_true(y.exposure >= 0 && z.exposure == y.exposure);
        assert_true(z.harm >= x.harm);
        y.exposure = z.exposure = 0;
        z.harm = x.harm;
        assert_true(x.step == y.step && x.type == y.type && x.dev == y.dev && x.jur == y.jur &&
                    x.path == y.path && x.detail == y.detail && x.other_jur == y.other_jur && x.bloc == y.bloc);
        assert_memory_equal(&x.value, &y.value, sizeof(double));
        assert_memory_equal(&x.lag, &y.lag, sizeof(double));
        assert_memory_equal(&x.harm, &y.harm, sizeof(double));
        assert_true(z.step == x.step && z.type == x.type && z.dev == x.dev && z.jur == x.jur);
        assert_memory_equal(&x.value, &z.value, sizeof(double));
    }
    tc_rec_free(&ra);
    tc_rec_free(&rb);
    tc_rec_free(&rc);
    free(a);
    free(b);
    free(c);
}

/* ---- patch delays ---------------------------------------------------------------------------- */

/* patch_sigma = 0: no draw, the fixed delay of v1.2, for every vulnerability. */
static void test_patch_fixed(void **state)
{
    (void)state;
    const double months[4] = {0, 0.4, 2, 7.5};
    for (int c = 0; c < 4; c++) {
        acc_config *cfg = tc_config(1);
        cfg->risk_patch_months = months[c];
        cfg->steps_per_year = c == 3 ? 52 : 12;
        tc_pop(cfg, ACC_INCUMBENT, 0, 50, 1e4, 0, 0.6, 1);
        acc_world *w = tc_world(cfg, 3, 0);
        const int steps = conv_months(months[c], cfg->steps_per_year);
        for (int64_t i = 0; i < 50; i++)
            for (int32_t e = 0; e < 30; e++) {
                assert_true(acc__patch_months(w, i, e) == months[c]);
                assert_int_equal(acc__patch_steps(w, i, e), steps);
            }
        acc_world_free(w);
        free(cfg);
    }
}

/* patch_sigma > 0: log T ~ N(log patch_months, sigma^2) before rounding. The
 * sample median and standard deviation of log T over 40,000 vulnerabilities
 * (2,000 developers x 20 emergence steps) within 4 standard errors
 * (median: sqrt(pi/2) sigma/sqrt(n); sd: sigma/sqrt(2(n - 1))); after
 * rounding to steps, P(steps = k) = P(k - 1/2 <= T spy/12 < k + 1/2). */
static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void test_patch_lognormal(void **state)
{
    (void)state;
    const double ms[2] = {2, 0.7}, sds[2] = {0.35, 1.1};
    const int ND = 2000, NE = 20, N = ND * NE;
    for (int c = 0; c < 2; c++) {
        const double m = ms[c], sd = sds[c], spy = 12;
        acc_config *cfg = tc_config(1);
        cfg->risk_patch_months = m;
        cfg->risk_patch_sigma = sd;
        tc_pop(cfg, ACC_INCUMBENT, 0, ND, 1e4, 0, 0.6, 1);
        acc_world *w = tc_world(cfg, 17, 2);
        double *lg = malloc(sizeof(double) * (size_t)N);
        assert_non_null(lg);
        long cnt[8] = {0};
        double sum = 0, sum2 = 0;
        for (int64_t i = 0; i < ND; i++)
            for (int32_t e = 0; e < NE; e++) {
                double T = acc__patch_months(w, i, e);
                int st = acc__patch_steps(w, i, e);
                assert_true(T > 0 && isfinite(T));
                assert_int_equal(st, conv_months(T, spy));
                assert_true(acc__patch_months(w, i, e) == T); /* a pure function of the key */
                double l = log(T);
                lg[i * NE + e] = l;
                sum += l;
                sum2 += l * l;
                if (st < 8)
                    cnt[st]++;
            }
        /* different keys, different draws */
        assert_true(acc__patch_months(w, 0, 0) != acc__patch_months(w, 1, 0));
        assert_true(acc__patch_months(w, 0, 0) != acc__patch_months(w, 0, 1));
        qsort(lg, (size_t)N, sizeof *lg, cmp_double);
        const double med = 0.5 * (lg[N / 2 - 1] + lg[N / 2]);
        const double mean = sum / N, sdev = sqrt((sum2 - N * mean * mean) / (N - 1));
        const double se_med = sqrt(acos(-1.0) / 2) * sd / sqrt((double)N), se_sd = sd / sqrt(2.0 * (N - 1));
        if (getenv("TC_VERBOSE"))
            fprintf(stderr, "patch m=%g sigma=%g: median %.5f (log m %.5f, 4 se %.5f), sd %.5f (4 se %.5f)\n",
                    m, sd, med, log(m), 4 * se_med, sdev, 4 * se_sd);
        if (fabs(med - log(m)) > 4 * se_med)
            fail_msg("median of log T %.5f, expected %.5f +- %.5f", med, log(m), 4 * se_med);
        if (fabs(sdev - sd) > 4 * se_sd)
            fail_msg("sd of log T %.5f, expected %.5f +- %.5f", sdev, sd, 4 * se_sd);
        /* rounded to steps (months here: spy = 12) */
        for (int k = 0; k < 8; k++) {
            double lo = k == 0 ? 0 : Phi((log((k - 0.5) * 12 / spy) - log(m)) / sd);
            double p = Phi((log((k + 0.5) * 12 / spy) - log(m)) / sd) - lo;
            double se = sqrt(p * (1 - p) / N);
            if (fabs((double)cnt[k] / N - p) > 4 * se + 1e-12)
                fail_msg("P(%d steps) = %.5f, expected %.5f +- %.5f", k, (double)cnt[k] / N, p, 4 * se);
        }
        free(lg);
        acc_world_free(w);
        free(cfg);
    }
    /* degenerate cases: a median of 0 stays 0; a huge log-sd saturates, never overflows */
    acc_config *cfg = tc_config(1);
    cfg->risk_patch_months = 0;
    cfg->risk_patch_sigma = 2;
    tc_pop(cfg, ACC_INCUMBENT, 0, 5, 1e4, 0, 0.6, 1);
    acc_world *w = tc_world(cfg, 1, 0);
    for (int64_t i = 0; i < 5; i++) {
        assert_true(acc__patch_months(w, i, 3) == 0);
        assert_int_equal(acc__patch_steps(w, i, 3), 0);
    }
    char err[ACC_ERRLEN];
    assert_int_equal(acc_world_param_set(w, "risk.patch_months", 120, err, sizeof err), ACC_OK);
    assert_int_equal(acc_world_param_set(w, "risk.patch_sigma", 1e9, err, sizeof err), ACC_OK);
    int big = 0, zero = 0;
    for (int64_t i = 0; i < 5; i++)
        for (int32_t e = 0; e < 20; e++) {
            int st = acc__patch_steps(w, i, e);
            assert_true(st >= 0 && st <= ACC_PATCH_MAX_STEPS);
            big += st == ACC_PATCH_MAX_STEPS;
            zero += st == 0;
        }
    assert_true(big > 0 && zero > 0 && big + zero == 100);
    acc_world_free(w);
    free(cfg);
}

/* In a run: 3,000 vulnerabilities injected at step 0 and all found at step 1
 * are each patched exactly acc__patch_steps after (0 steps: in step 1 itself),
 * and the observed delays follow the rounded lognormal. */
static void test_patch_in_run(void **state)
{
    (void)state;
    const int N = 3000;
    const double m = 1.5, sd = 0.8;
    acc_config *cfg = tc_config(1);
    cfg->years = 10;
    cfg->jur[0].detection = 1;
    cfg->risk_patch_months = m;
    cfg->risk_patch_sigma = sd;
    tc_pop(cfg, ACC_INCUMBENT, 0, N, 1e6, 0, 0.6, 1);
    acc_world *w = tc_world(cfg, 4, 9);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    for (int64_t i = 0; i < N; i++)
        inject(w, i, 1, 1);
    int *due = malloc(sizeof(int) * (size_t)N);
    assert_non_null(due);
    for (int64_t i = 0; i < N; i++)
        due[i] = 1 + acc__patch_steps(w, i, 0);
    while (acc_world_step_index(w) < acc_world_nsteps(w))
        tc_step(w);
    const int T = acc_world_nsteps(w);
    long le[6] = {0};
    for (int64_t i = 0; i < N; i++) {
        const acc_event *inc = tc_find(&rec, ACC_EV_INCIDENT, i, -9), *pat = tc_find(&rec, ACC_EV_PATCH, i, -9);
        assert_non_null(inc);
        assert_int_equal(inc->step, 1);
        if (due[i] <= T) {
            assert_non_null(pat);
            assert_int_equal(pat->step, due[i]);
            assert_true(pat->lag == due[i]); /* steps since emergence at 0 */
        } else {
            assert_null(pat);
        }
        for (int k = 0; k < 6; k++)
            le[k] += due[i] - 1 <= k;
    }
    for (int k = 0; k < 6; k++) {
        double p = Phi((log((k + 0.5)) - log(m)) / sd); /* P(T < k + 1/2 months) */
        double se = sqrt(p * (1 - p) / N);
        if (getenv("TC_VERBOSE"))
            fprintf(stderr, "in a run: P(delay <= %d steps) %.4f, rounded lognormal %.4f, 4 se %.4f\n", k,
                    (double)le[k] / N, p, 4 * se);
        if (fabs((double)le[k] / N - p) > 4 * se)
            fail_msg("P(delay <= %d steps) = %.4f, expected %.4f +- %.4f", k, (double)le[k] / N, p, 4 * se);
    }
    assert_true(le[0] > 0); /* some were patched in the step they were found */
    free(due);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

/* Inherited copies draw their own delays and are patched at the latest with
 * the upstream's vulnerability: at their own due step if they were found and
 * it comes first, else when the upstream's patch lands. */
static void test_patch_inherited(void **state)
{
    (void)state;
    const int ND = 200;
    acc_config *cfg = tc_config(1);
    cfg->years = 20;
    cfg->risk_inherit_prob = 1;
    cfg->risk_self_detect = 12; /* the upstream (s = 1) finds its own at once; copies (s = 0) never */
    cfg->risk_patch_months = 10;
    cfg->risk_patch_sigma = 0.6;
    cfg->upstream_prob = 1;
    cfg->open_upstream_share = 0;
    cfg->jur[0].detection = 1 - pow(1 - 0.15, 12); /* 0.15 per step */
    tc_pop(cfg, ACC_INCUMBENT, 0, 1, 1e6, 2, 1, 1);
    tc_pop(cfg, ACC_STARTUP, 0, ND, 1e6, 0.5, 0, 1);
    int own = 0, with_up = 0, found_late = 0;
    for (uint64_t run = 0; run < 6; run++) {
        acc_world *w = tc_world(cfg, 8, run);
        tc_rec rec = {0};
        tc_attach(w, &rec);
        tc_step(w);
        inject(w, 0, 1, 1); /* emerged at step 1 */
        const int up_due = 2 + acc__patch_steps(w, 0, 1);
        while (acc_world_step_index(w) < acc_world_nsteps(w))
            tc_step(w);
        const acc_event *up = tc_find(&rec, ACC_EV_PATCH, 0, -9);
        assert_non_null(up);
        assert_int_equal(tc_find(&rec, ACC_EV_INCIDENT, 0, -9)->step, 2);
        assert_int_equal(up->step, up_due);
        for (int64_t i = 1; i <= ND; i++) {
            const acc_event *v = tc_find(&rec, ACC_EV_VULNERABILITY, i, -9);
            assert_non_null(v);
            assert_string_equal(v->detail, "inherited");
            assert_int_equal(v->step, 2);
            const acc_event *inc = tc_find(&rec, ACC_EV_INCIDENT, i, -9);
            const acc_event *pat = tc_find(&rec, ACC_EV_PATCH, i, -9);
            assert_non_null(pat);
            assert_int_equal((int)tc_count(&rec, ACC_EV_PATCH, i, -9), 1);
            assert_true(pat->step <= up_due);
            int expect = up_due;
            if (inc && inc->step < up_due) {
                int d = inc->step + acc__patch_steps(w, i, 2);
                if (d < up_due)
                    expect = d;
            }
            assert_int_equal(pat->step, expect);
            own += expect < up_due;
            with_up += expect == up_due;
            found_late += inc && inc->step < up_due && expect == up_due;
        }
        if (getenv("TC_VERBOSE"))
            fprintf(stderr, "run %d: upstream patched at step %d\n", (int)run, up_due);
        tc_rec_free(&rec);
        acc_world_free(w);
    }
    if (getenv("TC_VERBOSE"))
        fprintf(stderr, "copies: %d patched on their own, %d with the upstream (%d found but due later)\n", own,
                with_up, found_late);
    assert_true(own > 0 && with_up > 0 && found_late > 0);
    free(cfg);
}

/* ---- detection, measured in exposure steps ----------------------------------------------------
 * MODEL.md Validation: one vulnerability held live in 3 markets with
 * per-step detection p_j; counting the step it emerged in, market j is
 * exposed (exposure > 0) for 1/p_j steps on average alone and
 * 1/(1 - prod(1 - p_j)) with lag-0 sharing among all. One developer per
 * world (run index = replication), deployed in the three markets at step 1,
 * given the vulnerability as step 2 begins (so step 2 counts); each market
 * with users. Tolerance: 4 standard errors of the geometric mean. */
#define NREP 4000

static int inject_at_2(tc_hooks *h, acc_world *w, int step)
{
    (void)h;
    if (step == 2)
        inject(w, 0, 1, 0);
    return 0;
}

static void exposure_steps(int share, const double p[3], double mean[3])
{
    acc_config *cfg = tc_config(3);
    cfg->years = 40;
    for (int j = 0; j < 3; j++) {
        cfg->jur[j].entry_cost = 0;
        cfg->jur[j].detection = 1 - pow(1 - p[j], 12);
        cfg->jur[j].users = 10 + 5 * j;
    }
    if (share)
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++)
                if (a != b)
                    cfg->link[cfg->n_links++] = (acc_link_cfg){.from = a, .to = b, .lag_months = 0, .active = 1};
    tc_pop(cfg, ACC_INCUMBENT, 0, 1, 1e6, 0, 0.5, 1);
    double sum[3] = {0};
    for (int r = 0; r < NREP; r++) {
        acc_world *w = tc_world(cfg, 99, (uint64_t)r);
        tc_hooks h = {0};
        h.begin = inject_at_2;
        tc_attach_hooks(w, &h);
        tc_step(w);
        for (int j = 0; j < 3; j++)
            assert_int_equal(acc_world_dev_market(w, 0, j), ACC_MKT_DEPLOYED);
        int steps[3] = {0}, done = 0;
        while (!done) {
            tc_step(w);
            done = 1;
            for (int j = 0; j < 3; j++) {
                double x = acc_world_metrics(w, j)->v[ACC_TS_EXPOSURE];
                if (x > 0) {
                    assert_int_equal(steps[j], acc_world_step_index(w) - 2); /* one unbroken run */
                    steps[j]++;
                }
                done &= acc_world_dev_market(w, 0, j) == ACC_MKT_SUSPENDED;
            }
            if (acc_world_step_index(w) >= acc_world_nsteps(w))
                fail_msg("replication %d: still not detected everywhere after %d steps", r,
                         acc_world_nsteps(w));
        }
        for (int j = 0; j < 3; j++) {
            assert_true(steps[j] >= 1);
            sum[j] += steps[j];
        }
        acc_world_free(w);
    }
    for (int j = 0; j < 3; j++)
        mean[j] = sum[j] / NREP;
    free(cfg);
}

static void check_geometric(double mean, double q, const char *what)
{
    double se = sqrt((1 - q) / (q * q) / NREP);
    if (getenv("TC_VERBOSE"))
        fprintf(stderr, "%s: mean exposure steps %.4f, closed form %.4f, 4 se %.4f\n", what, mean, 1 / q, 4 * se);
    if (fabs(mean - 1 / q) > 4 * se)
        fail_msg("%s: mean exposure steps %.4f, expected %.4f +- %.4f", what, mean, 1 / q, 4 * se);
}

static void test_detection_exposure_steps(void **state)
{
    (void)state;
    const double p[3] = {0.1, 0.2, 0.35};
    double mean[3];
    exposure_steps(0, p, mean);
    check_geometric(mean[0], p[0], "alone p=0.10");
    check_geometric(mean[1], p[1], "alone p=0.20");
    check_geometric(mean[2], p[2], "alone p=0.35");
    exposure_steps(1, p, mean);
    assert_true(mean[0] == mean[1] && mean[1] == mean[2]);
    check_geometric(mean[0], 1 - (1 - p[0]) * (1 - p[1]) * (1 - p[2]), "lag-0 sharing");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fields),
        cmocka_unit_test(test_exposure_by_hand),
        cmocka_unit_test(test_exposure_cap),
        cmocka_unit_test(test_user_growth),
        cmocka_unit_test(test_switched_off),
        cmocka_unit_test(test_patch_fixed),
        cmocka_unit_test(test_patch_lognormal),
        cmocka_unit_test(test_patch_in_run),
        cmocka_unit_test(test_patch_inherited),
        cmocka_unit_test(test_detection_exposure_steps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
