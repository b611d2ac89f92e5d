/* accord — the developers' arrays grow during a run without changing it
 * (issue 12, memory): a world founding far more startups than the room kept
 * at its creation grows its arrays by a sixteenth at a time with realloc
 * (world.c, grow_arrays: the buckets of the trailing 12 months move to their
 * new rows, the new slots are zeroed) and its vulnerability pool by half. The
 * same world with the room kept from the start (its founding rate known at
 * creation) must give every time-series row, every event, the summary and
 * every developer's final state bit for bit, the 12-month revenue and profit
 * rings included; and capacity must stay within a sixteenth of the
 * developers (plus a step's founding). Both worlds' vulnerability pools grow
 * (the hazard is high), from different sizes.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_core_util.h"

#include <stdint.h>

#include "core/world_int.h" /* cap, vcap */

#define RATE 150.0 /* startups a year per market */

/* Three markets (one binding, audited, with an open segment), startups
 * founded at RATE a year (0 at creation when `late`), frequent risks. */
static acc_config *grow_cfg(int late)
{
    acc_config *cfg = tc_config(3);
    cfg->years = 4;
    for (int j = 0; j < 3; j++) {
        acc_jur_cfg *jc = &cfg->jur[j];
        jc->startup_rate = late ? 0 : RATE;
        jc->market = 4000;
        jc->detection = 0.3;
        jc->audit_rate = 0.3;
        jc->fine_share = 0.03;
    }
    cfg->jur[0].binding = 1;
    cfg->jur[0].regulated_share = 0.4;
    cfg->risk_base_hazard = 0.8;
    cfg->upstream_prob = 0.5;
    tc_pop(cfg, ACC_INCUMBENT, 1, 6, 200, 1, 0.6, 1);
    tc_pop(cfg, ACC_OPEN_SOURCE, 2, 4, 50, 1, 0.5, 1);
    tc_pop(cfg, ACC_STARTUP, 0, 30, 8, 0.5, 0.5, 0.5);
    return cfg;
}

static acc_world *run(int late, tc_rec *rec)
{
    acc_config *cfg = grow_cfg(late);
    acc_world *w = tc_world(cfg, 5, 0);
    free(cfg);
    assert_int_equal(acc_world_track_profit(w), ACC_OK);
    char err[ACC_ERRLEN];
    if (late) /* the same rate from the first step, unknown at creation */
        for (int j = 0; j < 3; j++)
            assert_int_equal(acc_world_jur_set(w, j, "startup_rate", RATE, err, sizeof err), ACC_OK);
    tc_attach(w, rec);
    const int64_t cap0 = w->cap, vcap0 = w->vcap;
    while (acc_world_step_index(w) < acc_world_nsteps(w)) {
        tc_step(w);
        if (late) /* grown: never more than a sixteenth spare (+ 16, + a step's founding) */
            assert_true(w->cap <= w->n + w->n / 16 + 16 + 200);
    }
    assert_true(w->vcap > vcap0); /* the vulnerability pool grew too */
    if (!late) /* the room kept at creation sufficed: the arrays never grew */
        assert_int_equal(w->cap, cap0);
    else
        assert_true(w->cap > cap0);
    return w;
}

static void grown_world_is_the_same(void **state)
{
    (void)state;
    tc_rec ra = {0}, rb = {0};
    acc_world *a = run(0, &ra), *b = run(1, &rb);
    assert_true(tc_summary(b, "capacity_grows") >= 10); /* it did grow, many times */
    assert_true(tc_summary(b, "founded") > 1000);
    const size_t incidents = tc_assert_same_records(&ra, &rb, ACC_EV_INCIDENT);
    const size_t audits = tc_count(&ra, ACC_EV_AUDIT, -1, -9);
    assert_true(incidents > 0 && audits > 0);
    const int n = acc_world_summary_count(a);
    for (int q = 0; q < n; q++) {
        if (strcmp(acc_world_summary_name(a, q), "capacity_grows") == 0)
            continue;
        double sa = tc_summary(a, acc_world_summary_name(a, q)), sb = tc_summary(b, acc_world_summary_name(a, q));
        assert_memory_equal(&sa, &sb, sizeof sa);
    }
    assert_int_equal(acc_world_ndev(a), acc_world_ndev(b));
    for (int64_t i = 0; i < acc_world_ndev(a); i++)
        for (int attr = 0; attr < ACC_DEV_NATTR; attr++) {
            const double x = tc_dev(a, i, attr), y = tc_dev(b, i, attr);
            assert_memory_equal(&x, &y, sizeof x);
        }
    acc_world_free(a);
    acc_world_free(b);
    tc_rec_free(&ra);
    tc_rec_free(&rb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(grown_world_is_the_same),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
