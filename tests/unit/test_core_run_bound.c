/* accord — the loss-run bound run_bound (core/world_int.h): the exit step
 * does not look at a developer's loss runs while no run in the world is as
 * long as exit_steps. Two checks on a world where developers lose money in
 * regulated and in open segments and leave on losses (heavy compliance
 * charges in binding markets, open segments in binding and non-binding
 * markets, startups paying a licence share above 1/epsilon; exit after 3
 * months): after every step every run the
 * exit step can read (the loss run of a market served, the open segment's
 * where in it) is at most run_bound, and the same world with the bound
 * defeated (run_bound set to the largest run before every step, so every
 * developer's runs are read) writes the same rows and events bit for bit.
 * Both the skipped and the read looks occur in the run.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_core_util.h"

#include "core/world_int.h"

/* open: losses mostly in open segments (every market binding, half of its
 * spending in the open segment, no compliance charges, startups paying a
 * licence share above 1/epsilon); else in both kinds of segment. */
static acc_config *losing_config(int open)
{
    acc_config *cfg = tc_config(4);
    cfg->years = 8;
    cfg->exit_months = 3;
    for (int j = 0; j < 4; j++) {
        acc_jur_cfg *jc = &cfg->jur[j];
        jc->market = 400 + 900 * j;
        jc->binding = j >= 2;
        jc->compliance_cost = jc->binding ? 2 + 3 * j : 0;
        jc->startup_rate = 4;
        jc->entry_cost = 0.5;
        jc->audit_rate = 0.3;
        jc->detection = 0.3;
    }
    cfg->jur[0].regulated_share = 0.5; /* open segments */
    cfg->jur[0].label_premium = 0.3;
    cfg->jur[0].compliance_share = 0.2;
    cfg->jur[1].regulated_share = 0.6;
    cfg->jur[2].regulated_share = 0.5; /* a binding market's open segment */
    /* startups on an incumbent's model pay 40 % of their revenue: more than the
     * 1/epsilon they keep, so they lose money wherever they serve (their home
     * market's open segment from the start) */
    cfg->license_share = 0.4;
    cfg->upstream_prob = 0.8;
    cfg->risk_base_hazard = 0.2;
    if (open)
        for (int j = 0; j < 4; j++) {
            acc_jur_cfg *jc = &cfg->jur[j];
            jc->binding = 1;
            jc->regulated_share = 0.5;
            jc->compliance_cost = 0;
            jc->compliance_share = 0;
            jc->label_premium = 0;
            jc->detection = 0.6; /* aware markets: runs left as they were */
            jc->stringency = 0.99; /* no startup passes a review ... */
            jc->assessment_noise = 0;
        }
    for (int home = 0; home < 4; home++)
        for (int kind = 0; kind < ACC_NKINDS; kind++) {
            acc_pop_cfg *p = &cfg->pop[cfg->n_pop++];
            acc_pop_defaults(p, kind);
            p->home = home;
            p->count = kind == ACC_STARTUP ? 20 : 5;
            if (open)
                p->law_abiding = 1; /* ... nor serves uncertified */
        }
    return cfg;
}

typedef struct seen {
    int defeat;  /* set run_bound to the largest run before every step */
    int reading; /* steps whose exit looks read the runs (run_bound >= exit_steps) */
    int skipping;
} seen;

static int begin(tc_hooks *h, acc_world *w, int step)
{
    (void)step;
    seen *s = h->data;
    if (s->defeat)
        w->run_bound = 65535;
    s->reading += w->run_bound >= w->exit_steps;
    s->skipping += w->run_bound < w->exit_steps;
    return 0;
}

/* Every run the exit step can read is at most run_bound. */
static int end(tc_hooks *h, acc_world *w, int step)
{
    (void)h;
    for (int64_t i = 0; i < w->n; i++)
        for (int j = 0; j < w->J; j++) {
            const size_t m = MI(w, j, i);
            const int loss = ((w->present[i] >> j) & 1u) ? w->loss[m] : 0;
            const int open = ((w->opres[i] >> j) & 1u) ? w->oseg[m] : 0;
            if (loss > w->run_bound || open > w->run_bound)
                fail_msg("step %d: developer %lld in %d has runs %d and %d, past run_bound %d", step,
                         (long long)i, j, loss, open, w->run_bound);
        }
    return 0;
}

static void run(const acc_config *cfg, seen *s, tc_rec *rec) { tc_run_hooked(cfg, 5, 2, rec, begin, end, s); }

static void check(int open_only)
{
    acc_config *cfg = losing_config(open_only);
    seen fast = {0, 0, 0}, full = {1, 0, 0};
    tc_rec a = {0}, b = {0};
    run(cfg, &fast, &a);
    run(cfg, &full, &b);
    tc_assert_same_records(&a, &b, ACC_EV_EXIT);
    size_t loss_exits = 0, open_exits = 0;
    for (size_t k = 0; k < a.nev; k++)
        if (a.ev[k].type == ACC_EV_EXIT && a.ev[k].detail) {
            loss_exits += strcmp(a.ev[k].detail, "open") != 0 && strcmp(a.ev[k].detail, "rule") != 0;
            open_exits += strcmp(a.ev[k].detail, "open") == 0;
        }
    print_message("exits on losses %zu (open segment %zu); steps reading the runs %d, skipping %d\n",
                  loss_exits, open_exits, fast.reading, fast.skipping);
    /* exits on losses (in both kinds of segment, or mostly in open segments);
     * some steps read the runs and some skipped them */
    if (open_only)
        assert_true(open_exits >= 5);
    else
        assert_true(loss_exits >= 5 && open_exits >= 1);
    assert_true(fast.reading >= 5 && fast.skipping >= 5);
    assert_int_equal(full.skipping, 0);
    tc_rec_free(&a);
    tc_rec_free(&b);
    free(cfg);
}

static void bound_holds_and_changes_nothing(void **state)
{
    (void)state;
    check(0);
}

static void open_segments_only(void **state)
{
    (void)state;
    check(1);
}

/* The bound covers a run the clearing leaves as it was: one startup, the
 * only developer losing money (it pays its incumbent upstream a licence
 * share above 1/epsilon), whose market becomes aware of its vulnerability
 * now and then (its revenue and its run stop while aware). The other
 * developers earn, so every run the clearing writes is 0 in those steps and
 * only the carry-over (kept) keeps the bound at the startup's run: the check
 * after every step fails without it. No one exits (120 months). */
static int kept_begin(tc_hooks *h, acc_world *w, int step)
{
    (void)h;
    char err[ACC_ERRLEN];
    if (step == 1) /* the startup (the last developer) on the first incumbent's model */
        assert_int_equal(acc_world_dev_set(w, acc_world_ndev(w) - 1, ACC_DEV_UPSTREAM, 0, err, sizeof err), ACC_OK);
    return 0;
}

static int kept_end(tc_hooks *h, acc_world *w, int step)
{
    int *kept_steps = h->data;
    for (int64_t i = 0; i < w->n; i++)
        if (w->kind[i] == ACC_STARTUP && (w->present[i] & ~w->vaware[i] & 1u) == 0 && (w->present[i] & 1u) &&
            w->loss[MI(w, 0, i)] > 0)
            ++*kept_steps; /* a run left as it was this step */
    return end(h, w, step);
}

static void kept_run_is_covered(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(1);
    cfg->years = 5;
    cfg->exit_months = 120;
    cfg->license_share = 0.6; /* above 1/epsilon: the startup loses money in the market */
    cfg->risk_base_hazard = 10;   /* vulnerabilities, per year */
    cfg->risk_inherit_prob = 1;
    cfg->risk_patch_months = 2;
    cfg->jur[0].detection = 1;    /* markets become aware of them soon */
    cfg->jur[0].entry_cost = 0.1;
    tc_pop(cfg, ACC_INCUMBENT, 0, 4, 1e4, 1, 0.6, 1);
    tc_pop(cfg, ACC_STARTUP, 0, 1, 1e4, 1, 0.6, 1);
    int kept_steps = 0;
    tc_rec rec = {0};
    tc_run_hooked(cfg, 7, 0, &rec, kept_begin, kept_end, &kept_steps);
    print_message("steps with the startup's run kept: %d\n", kept_steps);
    assert_true(kept_steps >= 3);
    tc_rec_free(&rec);
    free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bound_holds_and_changes_nothing),
        cmocka_unit_test(open_segments_only),
        cmocka_unit_test(kept_run_is_covered),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
