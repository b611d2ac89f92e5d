/* accord — the default rule's quick "nothing to enter" test (decide.c,
 * entry_idle; issue 12, throughput): it must change nothing. The same worlds
 * run twice, once through the built-in developers' loop (where the test
 * skips the entry pass of developers it proves idle) and once through a
 * developer-rule hook that calls acc_world_default_decide for every live
 * developer (where it is off): every time-series row, every event, the
 * summary and every developer's final state must be equal, bit for bit; and
 * the test must have skipped some entry passes and not all of them (so this
 * comparison can fail), and some voluntary-certification tests (label_idle). Worlds: several binding and voluntary markets, a
 * bloc, a recognition, open segments, assessment noise, enforcement,
 * non-law-abiding startups, venture funding, the startup sandbox.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_core_util.h"

#include <stdint.h>

#include "core/world_int.h" /* dbg_idle_skips, dbg_label_skips, dbg_decisions */

/* A world like bench_model's: J markets, every other one binding (with
 * regulated share h), a bloc of the first two, a recognition, n developers. */
static acc_config *world_cfg(int n, int J, double h, int sandbox, double bloc_fee)
{
    acc_config *cfg = acc_config_new();
    assert_non_null(cfg);
    snprintf(cfg->name, sizeof cfg->name, "idle");
    cfg->years = 4;
    cfg->n_jur = J;
    for (int j = 0; j < J; j++) {
        acc_jur_cfg *jc = &cfg->jur[j];
        acc_jur_defaults(jc);
        snprintf(jc->id, sizeof jc->id, "m%d", j);
        jc->market = 2000.0 * n / 1000 * (1 + j % 3);
        jc->outside = 20.0 * n / 1000;
        jc->binding = j % 2 == 0;
        if (jc->binding)
            jc->regulated_share = h;
        jc->stringency = 0.4 + 0.05 * (j % 4);
        jc->label_premium = jc->binding ? 0 : 0.1;
        jc->audit_rate = 0.2;
        jc->fine_share = 0.03;
        jc->detection = 0.5;
        jc->startup_rate = 0.05 * n / J;
        jc->entry_cost = 0.5 + 0.25 * (j % 3);
        jc->sandbox_months = sandbox && jc->binding ? 12 : 0;
    }
    cfg->n_blocs = 1;
    acc_bloc_cfg *b = &cfg->bloc[0];
    snprintf(b->id, sizeof b->id, "b");
    b->n_members = 2;
    b->members[0] = 0;
    b->members[1] = 1;
    b->rule = ACC_BLOC_MAX;
    b->cert_cost = bloc_fee;
    b->review_months = -1;
    cfg->n_recog = 1;
    cfg->recog[0] = (acc_recog_cfg){.to = 2 % J, .from = 0, .mode = ACC_RECOG_ASSESSMENT, .fee = -1, .review_months = -1, .voluntary = 1};
    for (int j = 0; j < J; j++)
        cfg->link[cfg->n_links++] = (acc_link_cfg){.from = j, .to = (j + 1) % J, .lag_months = 1, .active = 1};
    const int per_home = n / J;
    for (int j = 0; j < J; j++) {
        const int inc = per_home * 3 / 100 + 1, os = per_home * 5 / 100 + 1;
        const int counts[3] = {inc, per_home - inc - os, os};
        for (int k = 0; k < ACC_NKINDS; k++) {
            acc_pop_cfg *p = &cfg->pop[cfg->n_pop++];
            acc_pop_defaults(p, k);
            p->home = j;
            p->count = counts[k];
        }
    }
    return cfg;
}

static int rule_default(tc_hooks *h, acc_world *w, int step)
{
    (void)h;
    (void)step;
    for (int64_t i = 0; i < acc_world_ndev(w); i++)
        if (acc_world_dev_get(w, i, ACC_DEV_ALIVE) != 0) {
            int rc = acc_world_default_decide(w, i);
            if (rc)
                return rc;
        }
    return 0;
}

/* Runs cfg to the end; through the hook when `hook`. */
static acc_world *run(const acc_config *cfg, int hook, tc_rec *rec, tc_hooks *h)
{
    acc_world *w = tc_world(cfg, 11, 3);
    tc_attach(w, rec);
    if (hook) {
        memset(h, 0, sizeof *h);
        h->rule = rule_default;
        tc_attach_hooks(w, h);
    }
    while (acc_world_step_index(w) < acc_world_nsteps(w))
        tc_step(w);
    return w;
}

static void same_world(int n, int J, double h, int sandbox, double bloc_fee, int expect_skips)
{
    acc_config *cfg = world_cfg(n, J, h, sandbox, bloc_fee);
    tc_rec ra = {0}, rb = {0};
    tc_hooks hk;
    acc_world *a = run(cfg, 0, &ra, &hk);
    acc_world *b = run(cfg, 1, &rb, &hk);
    /* the quick test ran in the loop and not through the hook */
    if (expect_skips) {
        assert_true(a->dbg_idle_skips > 0);
        assert_true(a->dbg_idle_skips < a->dbg_decisions);
        assert_true(a->dbg_label_skips > 0); /* the voluntary-certification test too */
    } else {
        assert_int_equal(a->dbg_idle_skips, 0);
        assert_int_equal(a->dbg_label_skips, 0);
    }
    assert_int_equal(b->dbg_idle_skips, 0);
    assert_int_equal(b->dbg_label_skips, 0);
    assert_int_equal(a->dbg_decisions, b->dbg_decisions);
    /* rows and events, bit for bit */
    const size_t entries = tc_assert_same_records(&ra, &rb, ACC_EV_ENTRY);
    assert_true(entries > 0); /* the worlds do enter markets */
    /* summary and final state */
    double sa[256], sb[256];
    assert_true(acc_world_summary_count(a) <= 256);
    acc_world_summary(a, sa);
    acc_world_summary(b, sb);
    assert_memory_equal(sa, sb, sizeof(double) * (size_t)acc_world_summary_count(a));
    assert_int_equal(acc_world_ndev(a), acc_world_ndev(b));
    const int attrs[] = {ACC_DEV_ALIVE, ACC_DEV_CAPITAL, ACC_DEV_CAPABILITY, ACC_DEV_SAFETY, ACC_DEV_REVENUE_12M};
    for (int64_t i = 0; i < acc_world_ndev(a); i++)
        for (size_t q = 0; q < sizeof attrs / sizeof attrs[0]; q++) {
            const double x = tc_dev(a, i, attrs[q]), y = tc_dev(b, i, attrs[q]);
            assert_memory_equal(&x, &y, sizeof x);
        }
    acc_world_free(a);
    acc_world_free(b);
    tc_rec_free(&ra);
    tc_rec_free(&rb);
    free(cfg);
}

static void whole_markets(void **state)
{
    (void)state;
    same_world(400, 6, 1, 0, -1, 1);
}

static void segments_and_sandbox(void **state)
{
    (void)state;
    same_world(400, 6, 0.3, 1, -1, 1);
}

static void many_markets(void **state)
{
    (void)state;
    same_world(600, 16, 0.5, 0, -1, 1);
}

/* A free bloc application is listed whatever its gain: the quick test is off. */
static void free_bloc_turns_it_off(void **state)
{
    (void)state;
    same_world(300, 4, 1, 0, 0, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(whole_markets),
        cmocka_unit_test(segments_and_sandbox),
        cmocka_unit_test(many_markets),
        cmocka_unit_test(free_bloc_turns_it_off),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
