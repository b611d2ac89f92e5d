/* accord — the entry rule against Melitz's (2003) productivity cut-off
 * (VALIDATION.md §2): with a huge outside option the default rule admits to a
 * binding market exactly the developers with
 *   phi^(eps-1) > eps*omega*(C + f*H) / (M*H*(1 - eps*xi)),
 * so a Pareto(1, k) population enters in share phi*^(-k); one certification
 * covering a bloc of m markets lowers the cut-off by m^(-1/(eps-1)).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_core_util.h"

#define NDEV 20000
#define OMEGA 1e9

typedef struct melitz {
    double eps, k, H, xi, f, C;
    int m;          /* binding markets (a bloc when m > 1) */
    double target;  /* share entering the single-market world */
} melitz;

/* M such that phi*^(-k) = target in a single market. */
static double market_for(const melitz *p)
{
    double phistar_pow = pow(p->target, -(p->eps - 1) / p->k); /* phi*^(eps-1) */
    return p->eps * OMEGA * (p->C + p->f * p->H) / (p->H * (1 - p->eps * p->xi) * phistar_pow);
}

/* Builds the world: markets 0..m-1 binding (a bloc if m > 1, whose members'
 * own paths are unaffordable), market m the developers' tiny home. */
static acc_world *melitz_world(const melitz *p, double M, acc_config **cfg_out)
{
    acc_config *cfg = tc_config(p->m + 1);
    cfg->elasticity = p->eps;
    cfg->productivity_shape = p->k;
    for (int j = 0; j < p->m; j++) {
        acc_jur_cfg *jc = &cfg->jur[j];
        jc->market = M;
        jc->outside = OMEGA;
        jc->entry_cost = 0;
        jc->binding = 1;
        jc->stringency = 0.5;
        jc->cert_cost = p->m > 1 ? 1e12 : p->C;
        jc->compliance_cost = p->f;
        jc->compliance_share = p->xi;
        jc->review_months = 0;
    }
    acc_jur_cfg *home = &cfg->jur[p->m];
    home->market = 1e-6;
    home->entry_cost = 0;
    if (p->m > 1) {
        cfg->n_blocs = 1;
        acc_bloc_cfg *b = &cfg->bloc[0];
        snprintf(b->id, sizeof b->id, "bloc");
        b->n_members = p->m;
        for (int j = 0; j < p->m; j++)
            b->members[j] = j;
        b->rule = ACC_BLOC_MAX;
        b->cert_cost = p->C;
        b->review_months = 0;
    }
    acc_pop_cfg *pop = tc_pop(cfg, ACC_INCUMBENT, p->m, NDEV, 1e6, 0, 1, 1);
    pop->horizon = tc_fixed(p->H);
    *cfg_out = cfg;
    return tc_world(cfg, 77, 5);
}

/* Runs one step and checks developer by developer that entry <=> phi > phi*
 * (ties within 1e-6 relative allowed: the closed form drops A against omega),
 * then the share against phi*^(-k) within a binomial 4-sigma band. */
static double check_cutoff(const melitz *p, double M, double phistar)
{
    acc_config *cfg;
    acc_world *w = melitz_world(p, M, &cfg);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_step(w);
    int entered = 0, ties = 0;
    for (int64_t i = 0; i < NDEV; i++) {
        double phi = tc_dev(w, i, ACC_DEV_PRODUCTIVITY);
        int in = acc_world_dev_market(w, i, 0) == ACC_MKT_PENDING;
        for (int j = 1; j < p->m; j++) /* a bloc is entered whole or not at all */
            assert_int_equal(acc_world_dev_market(w, i, j) == ACC_MKT_PENDING, in);
        entered += in;
        if (fabs(phi / phistar - 1) < 1e-6) {
            ties++;
            continue;
        }
        if (in != (phi > phistar))
            fail_msg("developer %lld: phi %.10g, cut-off %.10g, entered %d", (long long)i, phi, phistar, in);
    }
    assert_true(ties <= 2);
    double share = (double)entered / NDEV, expect = pow(phistar, -p->k);
    double band = 4 * sqrt(expect * (1 - expect) / NDEV);
    if (getenv("TC_VERBOSE"))
        fprintf(stderr, "m=%d: share %.5f, phi*^-k %.5f, 4-sigma band %.5f\n", p->m, share, expect, band);
    assert_true(fabs(share - expect) <= band);
    /* One certification: each entrant paid the bloc fee once (split over members). */
    if (p->m > 1) {
        double fees = 0;
        for (size_t k = 0; k < rec.nev; k++)
            if (rec.ev[k].type == ACC_EV_APPLICATION)
                fees += rec.ev[k].value;
        assert_true(fabs(fees - entered * p->C) < 1e-6 * entered * p->C + 1e-9);
        assert_int_equal((int)tc_count(&rec, ACC_EV_APPLICATION, -1, -9), entered * p->m);
    }
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
    return share;
}

static void test_single_market_cutoff(void **state)
{
    (void)state;
    melitz p = {4, 4.5, 5, 0.05, 0.5, 2, 1, 0.2};
    double M = market_for(&p);
    double phistar = pow(p.eps * OMEGA * (p.C + p.f * p.H) / (M * p.H * (1 - p.eps * p.xi)), 1 / (p.eps - 1));
    check_cutoff(&p, M, phistar);
}

static void test_single_market_cutoff_other_elasticity(void **state)
{
    (void)state;
    melitz p = {2.6, 3.1, 3.5, 0.12, 1.7, 4.25, 1, 0.35};
    double M = market_for(&p);
    double phistar = pow(p.eps * OMEGA * (p.C + p.f * p.H) / (M * p.H * (1 - p.eps * p.xi)), 1 / (p.eps - 1));
    check_cutoff(&p, M, phistar);
}

static void test_bloc_cutoff(void **state)
{
    (void)state;
    /* f = 0; the single-market world sets M (share 0.1), the bloc of 3 then
     * lowers the cut-off by 3^(-1/(eps-1)). */
    melitz one = {4, 4.5, 5, 0.05, 0, 2, 1, 0.1};
    double M = market_for(&one);
    double phi1 = pow(one.eps * OMEGA * one.C / (M * one.H * (1 - one.eps * one.xi)), 1 / (one.eps - 1));
    double s1 = check_cutoff(&one, M, phi1);
    melitz bloc = one;
    bloc.m = 3;
    double phim = phi1 * pow(3, -1 / (bloc.eps - 1));
    double sm = check_cutoff(&bloc, M, phim);
    assert_true(sm > 4 * s1); /* 3^(4.5/3) = 5.2 times as many */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_single_market_cutoff),
        cmocka_unit_test(test_single_market_cutoff_other_elasticity),
        cmocka_unit_test(test_bloc_cutoff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
