/* accord — the core's accounting identities, checked every step and for every
 * developer from public queries and events only: capital change, market
 * revenue against the closed form, state counts, signs of spending.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_core_util.h"

/* Capital identity of developer i over step t (every term from outside):
 *   K_t - K_{t-1} = rev_i/eps - opex_i/spy - compliance_i - licence_out_i + licence_in_i
 *                   - investment_i - (application + entry values + fines of i's events)
 * with compliance_i = sum over certified markets of f_j/spy + xi_j * R_ij
 * (the multi-market world uses xi = 0; the one-market world has R_ij = rev_i),
 * licence_out_i = share * rev_i when i's upstream is an incumbent, and
 * licence_in_i the sum of that over i's downstreams; investment_i =
 * rho_i * max(K_{t-1} - fines_i, 0) / spy (fines are paid before investing). */

typedef struct snap {
    double *K, *rho;
    int *up, *alive;
    int64_t n;
} snap;

static void take_snap(const acc_world *w, snap *s)
{
    s->n = acc_world_ndev(w);
    s->K = realloc(s->K, (size_t)(s->n + 1) * sizeof *s->K);
    s->rho = realloc(s->rho, (size_t)(s->n + 1) * sizeof *s->rho);
    s->up = realloc(s->up, (size_t)(s->n + 1) * sizeof *s->up);
    s->alive = realloc(s->alive, (size_t)(s->n + 1) * sizeof *s->alive);
    for (int64_t i = 0; i < s->n; i++) {
        s->K[i] = tc_dev(w, i, ACC_DEV_CAPITAL);
        s->rho[i] = tc_dev(w, i, ACC_DEV_INVEST_RATE);
        s->up[i] = (int)tc_dev(w, i, ACC_DEV_UPSTREAM);
        s->alive[i] = (int)tc_dev(w, i, ACC_DEV_ALIVE);
    }
}

static double close_tol(double scale) { return 1e-9 * (fabs(scale) > 1 ? fabs(scale) : 1); }

/* Checks one step; returns the number of developers checked. */
static int check_revenue = 1;

static int check_step(const acc_world *w, const snap *pre, const tc_rec *rec, size_t ev_from,
                      const double *m_before)
{
    const acc_config *cfg = acc_world_config(w);
    const double spy = cfg->steps_per_year, eps = cfg->elasticity, lic = cfg->license_share;
    const int J = cfg->n_jur, t = acc_world_step_index(w);
    int checked = 0;
    double *lic_in = calloc((size_t)pre->n + 1, sizeof *lic_in);
    for (int64_t i = 0; i < pre->n; i++)
        if (pre->alive[i] && pre->up[i] >= 0 && tc_dev(w, pre->up[i], ACC_DEV_KIND) == ACC_INCUMBENT)
            lic_in[pre->up[i]] += lic * tc_dev(w, i, ACC_DEV_STEP_REVENUE);
    for (int64_t i = 0; i < pre->n; i++) {
        if (!pre->alive[i] || !tc_dev(w, i, ACC_DEV_ALIVE))
            continue; /* bankrupt this step: its markets are gone; checked below by sign */
        double fines = 0, paid = 0;
        for (size_t k = ev_from; k < rec->nev; k++) {
            const acc_event *e = &rec->ev[k];
            assert_int_equal(e->step, t);
            if (e->dev != i)
                continue;
            if (e->type == ACC_EV_FINE)
                fines += e->value;
            if (e->type == ACC_EV_APPLICATION || e->type == ACC_EV_ENTRY)
                paid += e->value;
        }
        double rev = tc_dev(w, i, ACC_DEV_STEP_REVENUE);
        double compl = 0;
        for (int j = 0; j < J; j++) {
            int st = acc_world_dev_market(w, i, j);
            if ((st == ACC_MKT_DEPLOYED || st == ACC_MKT_SUSPENDED) && acc_world_dev_certified(w, i, j))
                compl += cfg->jur[j].compliance_cost / spy + cfg->jur[j].compliance_share * (J == 1 ? rev : 0);
        }
        double inv_expect = pre->rho[i] * fmax(pre->K[i] - fines, 0) / spy;
        double inv = tc_dev(w, i, ACC_DEV_STEP_INVEST);
        assert_true(fabs(inv - inv_expect) <= close_tol(inv_expect));
        int up = pre->up[i];
        double lic_out = up >= 0 && tc_dev(w, up, ACC_DEV_KIND) == ACC_INCUMBENT ? lic * rev : 0;
        double opex = tc_dev(w, i, ACC_DEV_OPEX) / spy;
        double dk = tc_dev(w, i, ACC_DEV_CAPITAL) - pre->K[i];
        double expect = rev / eps - opex - compl - lic_out + lic_in[i] - inv - paid - fines;
        if (fabs(dk - expect) > close_tol(fabs(pre->K[i]) + fabs(rev)))
            fail_msg("step %d developer %lld: capital change %.17g, identity gives %.17g", t, (long long)i,
                     dk, expect);
        checked++;
    }
    free(lic_in);

    /* Revenue in j = M_j(t)/spy * (1 - omega_j/(omega_j + sum A)), A from the
     * developers deployed and not suspended there (after the step, which is
     * their state at clearing unless one went bankrupt after it: such steps
     * are left out of this check). */
    if (!check_revenue)
        return -checked;
    for (size_t k = ev_from; k < rec->nev; k++)
        if (rec->ev[k].type == ACC_EV_BANKRUPTCY)
            return -checked;
    double total_rev = 0, dev_rev = 0;
    for (int64_t i = 0; i < acc_world_ndev(w); i++)
        dev_rev += tc_dev(w, i, ACC_DEV_STEP_REVENUE);
    for (int j = 0; j < J; j++) {
        const acc_jur_cfg *jc = &cfg->jur[j];
        double sa = 0;
        double cnt[4] = {0};
        for (int64_t i = 0; i < acc_world_ndev(w); i++) {
            int st = acc_world_dev_market(w, i, j);
            cnt[st] += 1;
            if (st != ACC_MKT_DEPLOYED)
                continue;
            double a = pow(tc_dev(w, i, ACC_DEV_PRODUCTIVITY) * (1 + tc_dev(w, i, ACC_DEV_CAPABILITY)), eps - 1) *
                       tc_dev(w, i, ACC_DEV_REPUTATION);
            if (acc_world_dev_certified(w, i, j) && !jc->binding)
                a *= 1 + jc->label_premium;
            sa += a;
        }
        const acc_ts_row *row = acc_world_metrics(w, j);
        assert_int_equal(row->step, t);
        assert_int_equal(row->jur, j);
        double expect = m_before[j] / spy * (1 - jc->outside / (jc->outside + sa));
        if (fabs(row->v[ACC_TS_REVENUE] - expect) > 1e-9 * (expect > 1 ? expect : 1))
            fail_msg("step %d '%s': revenue %.17g, closed form %.17g", t, jc->id, row->v[ACC_TS_REVENUE], expect);
        assert_true(fabs(row->v[ACC_TS_COVERAGE] - sa / (jc->outside + sa)) < 1e-12);
        assert_true(row->v[ACC_TS_DEPLOYED] == cnt[ACC_MKT_DEPLOYED]);
        assert_true(row->v[ACC_TS_SUSPENDED] == cnt[ACC_MKT_SUSPENDED]);
        assert_true(row->v[ACC_TS_PENDING] == cnt[ACC_MKT_PENDING]);
        for (int c = ACC_TS_CERT_SPEND; c <= ACC_TS_ENTRY_SPEND; c++)
            assert_true(row->v[c] >= 0);
        assert_true(row->v[ACC_TS_HARM] >= 0);
        assert_true(row->v[ACC_TS_HHI] >= 0 && row->v[ACC_TS_HHI] <= 10000 + 1e-9);
        total_rev += row->v[ACC_TS_REVENUE];
    }
    const acc_ts_row *all = acc_world_metrics(w, -1);
    assert_int_equal(all->jur, -1);
    assert_true(fabs(all->v[ACC_TS_REVENUE] - total_rev) <= 1e-9 * (total_rev > 1 ? total_rev : 1));
    assert_true(fabs(dev_rev - total_rev) <= 1e-9 * (total_rev > 1 ? total_rev : 1));
    return checked;
}

static int raise_stringency(tc_hooks *h, acc_world *w, int step)
{
    (void)h;
    char err[256];
    if (step == 20)
        return acc_world_jur_set(w, 0, "stringency", 0.72, err, sizeof err);
    if (step == 30 && acc_world_config(w)->n_jur > 1)
        return acc_world_jur_set(w, 1, "binding", 1, err, sizeof err);
    return 0;
}

static void run_identity(acc_config *cfg, int steps, int min_checked, double *fines_seen)
{
    acc_world *w = tc_world(cfg, 20240917, 3);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_hooks h = {0};
    h.begin = raise_stringency;
    tc_attach_hooks(w, &h);
    snap pre = {0};
    double m_before[ACC_MAX_JUR];
    long checked = 0, rev_steps = 0;
    for (int t = 1; t <= steps; t++) {
        take_snap(w, &pre);
        for (int j = 0; j < cfg->n_jur; j++)
            m_before[j] = acc_world_config(w)->jur[j].market;
        size_t from = rec.nev;
        tc_step(w);
        /* the policy events of this step come first: all belong to step t */
        int c = check_step(w, &pre, &rec, from, m_before);
        checked += c > 0 ? c : -c;
        rev_steps += c > 0;
    }
    assert_true(checked >= min_checked);
    assert_true(rev_steps >= (check_revenue ? steps / 3 : 0));
    *fines_seen = (double)tc_count(&rec, ACC_EV_FINE, -1, -9);
    if (getenv("TC_VERBOSE")) { fprintf(stderr, "checked %ld rev_steps %ld:", checked, rev_steps); for (int e = 0; e < ACC_EV_NTYPES; e++) fprintf(stderr, " %s=%zu", acc_event_name(e), tc_count(&rec, e, -1, -9)); fprintf(stderr, "\n"); }
    free(pre.K);
    free(pre.rho);
    free(pre.up);
    free(pre.alive);
    tc_rec_free(&rec);
    acc_world_free(w);
}

/* Five markets: a bloc of two binding ones, a binding one recognising the
 * first by equivalence, two non-binding ones with a label premium; startups
 * with upstreams, audits with fines, a stringency rise and a market turning
 * binding mid-run, new startups. */
static acc_config *many_markets(void)
{
    acc_config *cfg = tc_config(5);
    double mk[5] = {2000, 900, 600, 1200, 700};
    for (int j = 0; j < 5; j++) {
        acc_jur_cfg *jc = &cfg->jur[j];
        jc->market = mk[j];
        jc->growth = 0.05 + 0.03 * j;
        jc->entry_cost = 1.5 + j;
        jc->compliance_share = 0;
        jc->compliance_cost = 0.37 + 0.1 * j;
        jc->review_months = 2;
        jc->suspension_months = 0;
    }
    cfg->jur[0].binding = cfg->jur[3].binding = cfg->jur[4].binding = 1;
    cfg->jur[0].audit_rate = 0.6;
    cfg->jur[0].fine_share = 0.07;
    cfg->jur[0].fine_min = 0.8;
    cfg->jur[1].label_premium = 0.3;
    cfg->jur[1].audit_rate = 0.5;
    cfg->jur[1].stringency = 0.45;
    cfg->jur[2].label_premium = 0.15;
    cfg->jur[1].startup_rate = 6;
    cfg->jur[2].startup_rate = 4;
    cfg->n_blocs = 1;
    snprintf(cfg->bloc[0].id, sizeof cfg->bloc[0].id, "b");
    cfg->bloc[0].n_members = 2;
    cfg->bloc[0].members[0] = 0;
    cfg->bloc[0].members[1] = 3;
    cfg->bloc[0].rule = ACC_BLOC_MAX;
    cfg->bloc[0].cert_cost = -1;
    cfg->bloc[0].review_months = -1;
    cfg->n_recog = 1;
    cfg->recog[0] = (acc_recog_cfg){.to = 4, .from = 0, .mode = ACC_RECOG_EQUIVALENCE, .fee = -1, .review_months = -1, .voluntary = 0};
    cfg->upstream_prob = 0.8;
    cfg->license_share = 0.12;
    for (int home = 0; home < 3; home++) {
        acc_pop_cfg *p = &cfg->pop[cfg->n_pop++];
        acc_pop_defaults(p, ACC_INCUMBENT);
        p->home = home;
        p->count = 3;
        p = &cfg->pop[cfg->n_pop++];
        acc_pop_defaults(p, ACC_OPEN_SOURCE);
        p->home = home;
        p->count = 2;
        p = &cfg->pop[cfg->n_pop++];
        acc_pop_defaults(p, ACC_STARTUP);
        p->home = home;
        p->count = 15;
        p->capital = (acc_dist){ACC_DIST_LOGUNIFORM, 1, 60};
    }
    return cfg;
}

static void test_identity_many_markets(void **state)
{
    (void)state;
    acc_config *cfg = many_markets();
    double fines;
    run_identity(cfg, 60, 60 * 40, &fines);
    assert_true(fines > 0);
    free(cfg);
}

/* The same world with segments (MODEL.md v2 change 1): open segments in the
 * bloc's members (binding), in a non-binding market with a label premium
 * and in the one that turns binding mid-run. Every developer's capital
 * follows the identity (E0 once per market, fees, segment revenues); the
 * single-segment revenue closed form does not apply (test_core_segments.c
 * has the two-segment one). */
static void test_identity_segments(void **state)
{
    (void)state;
    acc_config *cfg = many_markets();
    cfg->jur[0].regulated_share = 0.3;
    cfg->jur[1].regulated_share = 0.5;
    cfg->jur[3].regulated_share = 0.6;
    check_revenue = 0;
    double fines;
    run_identity(cfg, 60, 60 * 40, &fines);
    check_revenue = 1;
    assert_true(fines > 0);
    free(cfg);
}

/* One binding market with a compliance share of revenue (R_ij = rev_i). */
static void test_identity_compliance_share(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(2);
    cfg->jur[0].binding = 1;
    cfg->jur[0].compliance_share = 0.11;
    cfg->jur[0].audit_rate = 0.8;
    cfg->jur[0].fine_share = 0.03;
    cfg->jur[0].fine_min = 0.25;
    cfg->jur[0].suspension_months = 0;
    cfg->jur[0].startup_rate = 5;
    cfg->n_jur = 1;
    acc_pop_cfg *p = &cfg->pop[cfg->n_pop++];
    acc_pop_defaults(p, ACC_INCUMBENT);
    p->home = 0;
    p->count = 4;
    p = &cfg->pop[cfg->n_pop++];
    acc_pop_defaults(p, ACC_STARTUP);
    p->home = 0;
    p->count = 30;
    p->safety = (acc_dist){ACC_DIST_UNIFORM, 0.3, 0.9};
    cfg->upstream_prob = 1;
    cfg->open_upstream_share = 0;
    double fines;
    run_identity(cfg, 48, 48 * 10, &fines);
    (void)fines;
    free(cfg);
}

/* The capital identity with risks on (incidents suspend models, cut
 * reputation, lead to patches; the revenue check is off: reputation and
 * suspensions change after clearing). */
static void test_identity_with_risk(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(3);
    cfg->risk_base_hazard = 1.5;
    cfg->risk_self_detect = 1;
    cfg->risk_inherit_prob = 0.7;
    cfg->upstream_prob = 1;
    cfg->jur[1].binding = 1;
    cfg->jur[1].audit_rate = 0.5;
    cfg->jur[1].fine_share = 0.02;
    cfg->jur[1].suspension_months = 2;
    for (int j = 0; j < 3; j++) {
        cfg->jur[j].detection = 0.6;
        cfg->jur[j].market = 900 + 300 * j;
    }
    cfg->link[cfg->n_links++] = (acc_link_cfg){.from = 0, .to = 2, .lag_months = 1, .active = 1};
    for (int home = 0; home < 3; home++)
        for (int kind = 0; kind < ACC_NKINDS; kind++) {
            acc_pop_cfg *p = &cfg->pop[cfg->n_pop++];
            acc_pop_defaults(p, kind);
            p->home = home;
            p->count = kind == ACC_STARTUP ? 12 : 3;
        }
    check_revenue = 0;
    double fines;
    run_identity(cfg, 48, 48 * 30, &fines);
    check_revenue = 1;
    free(cfg);
}

/* The step-0 metrics row exists before any step; a run emits J + 1 rows per
 * step, steps 1..T, the "all" row last. */
static void test_rows_per_step(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(3);
    cfg->years = 0.5;
    tc_pop(cfg, ACC_INCUMBENT, 1, 4, 100, 1, 0.7, 1);
    acc_world *w = tc_world(cfg, 1, 0);
    const acc_ts_row *r0 = acc_world_metrics(w, -1);
    assert_non_null(r0);
    assert_int_equal(r0->step, 0);
    assert_true(r0->v[ACC_TS_DEPLOYED] == 4);
    assert_null(acc_world_metrics(w, 3));
    assert_null(acc_world_metrics(w, -2));
    tc_rec rec = {0};
    tc_attach(w, &rec);
    assert_int_equal(acc_world_run(w), ACC_OK);
    assert_int_equal(acc_world_nsteps(w), 6);
    assert_int_equal((int)rec.nrows, 6 * 4);
    for (size_t k = 0; k < rec.nrows; k++) {
        assert_int_equal(rec.rows[k].step, (int)(k / 4) + 1);
        assert_int_equal(rec.rows[k].jur, (k % 4) == 3 ? -1 : (int)(k % 4));
        assert_true(fabs(rec.rows[k].year - rec.rows[k].step / 12.0) < 1e-15);
    }
    /* stepping past the end is refused without failing the world */
    assert_int_equal(acc_world_step(w), ACC_EINVAL);
    assert_non_null(strstr(acc_world_errmsg(w), "over"));
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identity_many_markets),
        cmocka_unit_test(test_identity_segments),
        cmocka_unit_test(test_identity_compliance_share),
        cmocka_unit_test(test_identity_with_risk),
        cmocka_unit_test(test_rows_per_step),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
