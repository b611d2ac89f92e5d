/* accord — the suspension bound susp_end (core/world_int.h): the snapshot,
 * the clearing, the metrics and the audits skip a developer's suspension
 * timers while no audit suspension runs past the step they ask about. Two
 * checks on a world whose audits fail and suspend often (4 markets, 3 of
 * them binding, suspension_months = 2 at 12 steps a year): after every step
 * every running suspension ends at or before susp_end (the bound holds), and
 * the same world with the bound defeated (susp_end set past the run before
 * every step, so every timer is read) writes the same rows and events bit
 * for bit. Both the skipped and the read timers occur in the run.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <limits.h>

#include "test_core_util.h"

#include "core/world_int.h"

static acc_config *suspending_config(void)
{
    acc_config *cfg = tc_config(4);
    cfg->years = 8;
    for (int j = 0; j < 4; j++) {
        acc_jur_cfg *jc = &cfg->jur[j];
        jc->market = 1500 + 500 * j;
        jc->binding = j != 1;
        jc->stringency = 0.55;
        jc->assessment_noise = 0.15;
        jc->audit_rate = 0.8;
        jc->suspension_months = 2;
        jc->startup_rate = 3;
        jc->entry_cost = 1 + j;
        jc->detection = 0.3;
    }
    cfg->risk_base_hazard = 0.3;
    for (int home = 0; home < 4; home++)
        for (int kind = 0; kind < ACC_NKINDS; kind++) {
            acc_pop_cfg *p = &cfg->pop[cfg->n_pop++];
            acc_pop_defaults(p, kind);
            p->home = home;
            p->count = kind == ACC_STARTUP ? 20 : 5;
        }
    return cfg;
}

typedef struct seen {
    int defeat;   /* set susp_end past the run before every step */
    int running;  /* steps ending with a suspension running */
    int skipping; /* steps ending with susp_end <= the step (timers skipped) */
} seen;

static int begin(tc_hooks *h, acc_world *w, int step)
{
    (void)step;
    if (((seen *)h->data)->defeat)
        w->susp_end = INT_MAX;
    return 0;
}

/* Every suspension still running after this step (suspended while the step
 * is below its end) ends at or before susp_end. */
static int end(tc_hooks *h, acc_world *w, int step)
{
    seen *s = h->data;
    int running = 0;
    for (int64_t i = 0; i < w->n; i++)
        for (int j = 0; j < w->J; j++) {
            const int until = tget(w, w->susp, MI(w, j, i));
            if (until > step) {
                running = 1;
                if (until > w->susp_end)
                    fail_msg("step %d: developer %lld suspended in %d until %d, past susp_end %d", step,
                             (long long)i, j, until, w->susp_end);
            }
        }
    s->running += running;
    s->skipping += w->susp_end <= step;
    return 0;
}

static void run(const acc_config *cfg, seen *s, tc_rec *rec) { tc_run_hooked(cfg, 11, 3, rec, begin, end, s); }

static void bound_holds_and_changes_nothing(void **state)
{
    (void)state;
    acc_config *cfg = suspending_config();
    seen fast = {0, 0, 0}, full = {1, 0, 0};
    tc_rec a = {0}, b = {0};
    run(cfg, &fast, &a);
    run(cfg, &full, &b);
    const size_t susp = tc_assert_same_records(&a, &b, ACC_EV_SUSPENSION);
    /* suspensions happened, some steps read the timers and some skipped them */
    print_message("suspensions %zu, steps with one running %d, skipping %d\n", susp, fast.running, fast.skipping);
    assert_true(susp >= 10);
    assert_true(fast.running >= 5 && fast.skipping >= 5);
    assert_int_equal(full.skipping, 0);
    tc_rec_free(&a);
    tc_rec_free(&b);
    free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bound_holds_and_changes_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
