/* accord — the per-upstream downstream lists (issue 12, "No quadratic
 * paths"): an upstream's patch visits only its downstreams (a count that does
 * not grow with the number of developers), known answers for which inherited
 * copies are patched when (a copy whose holder was reassigned to another
 * upstream by a C/Lua call, copies whose upstream went bankrupt, a bankrupt
 * downstream), and the lists against a scan of upstream[] after many
 * reassignments and after a run with founding and bankruptcies.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_core_util.h"

#include <stdint.h>

#include "core/world_int.h" /* down, dbg_down_visits */

static void set_up(acc_world *w, int64_t i, int64_t up)
{
    char err[ACC_ERRLEN];
    int rc = acc_world_dev_set(w, i, ACC_DEV_UPSTREAM, (double)up, err, sizeof err);
    if (rc)
        fail_msg("set upstream of %lld to %lld: %s", (long long)i, (long long)up, err);
}

/* Every list against the scan it replaces: list u is exactly the developers
 * i with upstream[i] == u, in increasing index order; down[] of an upstream
 * that is no one's is -1, and so is down[] of a startup with no upstream. */
static void check_lists(const acc_world *w)
{
    int64_t members = 0;
    for (int64_t u = 0; u < w->n; u++) {
        if (w->kind[u] == ACC_STARTUP) {
            assert_true(w->upstream[u] >= 0 || w->down[u] == -1);
            continue;
        }
        const int32_t tail = w->down[u];
        int64_t expect = -1; /* the previous member found by the scan */
        int64_t next_scan = 0;
        if (tail < 0) {
            for (int64_t i = 0; i < w->n; i++)
                assert_true(w->upstream[i] != u);
            continue;
        }
        int32_t i = w->down[tail];
        for (;;) {
            /* the scan's next downstream of u after `expect` */
            for (next_scan = expect + 1; next_scan < w->n && w->upstream[next_scan] != u; next_scan++)
                ;
            assert_int_equal(i, next_scan);
            members++;
            expect = i;
            if (i == tail)
                break;
            i = w->down[i];
        }
        for (int64_t k = expect + 1; k < w->n; k++)
            assert_true(w->upstream[k] != u);
    }
    int64_t with_up = 0;
    for (int64_t i = 0; i < w->n; i++)
        with_up += w->upstream[i] >= 0;
    assert_int_equal(members, with_up);
}

/* Patching an upstream's vulnerability visits its 3 downstreams, among 30
 * or 30,000 startups: the copies patched with it, nothing else visited. */
static void patch_visits(int nstart)
{
    acc_config *cfg = tc_config(1);
    cfg->risk_inherit_prob = 1;
    cfg->risk_self_detect = 12; /* 1 a step for s = 1 (the upstream), 0 for s = 0 */
    cfg->risk_patch_months = 3;
    tc_pop(cfg, ACC_INCUMBENT, 0, 1, 1e4, 2, 1, 1);
    tc_pop(cfg, ACC_STARTUP, 0, nstart, 1e3, 0.5, 0, 1);
    acc_world *w = tc_world(cfg, 5, 0);
    const int64_t down[3] = {1 + nstart / 3, 1 + nstart / 2, nstart}; /* set out of index order below */
    set_up(w, down[2], 0);
    set_up(w, down[0], 0);
    set_up(w, down[1], 0);
    check_lists(w);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_step(w);
    char err[ACC_ERRLEN];
    assert_int_equal(acc_world_inject_vulnerability(w, 0, 1.5, 1, err, sizeof err), ACC_OK);
    tc_step(w); /* step 2: the copies inherited, the upstream's found by itself */
    assert_int_equal((int)tc_count(&rec, ACC_EV_VULNERABILITY, -1, -9), 4);
    tc_step(w);
    tc_step(w);
    const uint64_t before = w->dbg_down_visits;
    tc_rec_clear(&rec);
    tc_step(w); /* step 5 = 2 + 3 months: the patch and its copies, in index order */
    assert_true(w->dbg_down_visits - before == 3);
    assert_int_equal((int)tc_count(&rec, ACC_EV_PATCH, -1, -9), 4);
    int64_t order[4] = {-1, -1, -1, -1};
    for (size_t k = 0, q = 0; k < rec.nev; k++)
        if (rec.ev[k].type == ACC_EV_PATCH)
            order[q++] = rec.ev[k].dev;
    assert_int_equal(order[0], 0);
    assert_int_equal(order[1], down[0]);
    assert_int_equal(order[2], down[1]);
    assert_int_equal(order[3], down[2]);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

static void test_patch_visits_only_downstreams(void **state)
{
    (void)state;
    patch_visits(30);
    patch_visits(30000);
}

/* Known answers. Incumbents 0, 1, 2 (safety 1: each finds its own
 * vulnerability the step after it emerges), startups 3..10 (safety 0, never
 * detected). Upstreams set by acc_world_dev_set (the call behind Lua's
 * world:set_dev): 7, 3, 5 -> 0; 4, 6 -> 1; 8, 9 -> 2; 10 none.
 *   after step 1: vulnerabilities injected into 0, 1, 2 (patchable);
 *   step 2: 3, 5, 7 inherit 0's, 4, 6 1's, 8, 9 2's; 0, 1, 2 self-detected
 *           (patches due at step 5);
 *   after step 2: 5 reassigned to upstream 1 (it keeps 0's copy); 2's and
 *           7's capital set to -1e12;
 *   step 3: 2 and 7 go bankrupt (2's vulnerability and 7's copy go with
 *           them); 8 and 9 keep their copies and have no upstream;
 *   step 5: 0 patched with its downstreams' copies: 3 (7 is dead, 5 left);
 *           1 with 4 and 6 (5's copy is 0's, not 1's): PATCH events 0, 3,
 *           1, 4, 6 in that order; 0's list {3, 7} and 1's {4, 5, 6}
 *           visited (5 developers); 5's, 8's and 9's copies stay live. */
static void test_known_answers(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(1);
    cfg->risk_inherit_prob = 1;
    cfg->risk_self_detect = 12;
    cfg->risk_patch_months = 3;
    tc_pop(cfg, ACC_INCUMBENT, 0, 3, 1e4, 2, 1, 1);
    tc_pop(cfg, ACC_STARTUP, 0, 8, 1e3, 0.5, 0, 1);
    acc_world *w = tc_world(cfg, 8, 0);
    const int64_t ups[][2] = {{7, 0}, {3, 0}, {5, 0}, {4, 1}, {6, 1}, {9, 2}, {8, 2}};
    for (size_t k = 0; k < sizeof ups / sizeof ups[0]; k++)
        set_up(w, ups[k][0], ups[k][1]);
    check_lists(w);
    assert_int_equal(w->down[0], 7);
    assert_int_equal(w->down[7], 3);
    assert_int_equal(w->down[3], 5);
    assert_int_equal(w->down[5], 7);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_step(w);
    char err[ACC_ERRLEN];
    for (int64_t u = 0; u < 3; u++)
        assert_int_equal(acc_world_inject_vulnerability(w, u, 1 + 0.25 * (double)u, 1, err, sizeof err), ACC_OK);
    tc_step(w);
    const int64_t inh[][2] = {{3, 0}, {5, 0}, {7, 0}, {4, 1}, {6, 1}, {8, 2}, {9, 2}};
    for (size_t k = 0; k < sizeof inh / sizeof inh[0]; k++) {
        const acc_event *e = tc_find(&rec, ACC_EV_VULNERABILITY, inh[k][0], -9);
        assert_non_null(e);
        assert_string_equal(e->detail, "inherited");
        assert_true(e->value == 1 + 0.25 * (double)inh[k][1]);
        assert_int_equal(e->step, 2);
    }
    assert_null(tc_find(&rec, ACC_EV_VULNERABILITY, 10, -9));
    set_up(w, 5, 1);
    check_lists(w);
    assert_int_equal(acc_world_dev_set(w, 2, ACC_DEV_CAPITAL, -1e12, err, sizeof err), ACC_OK);
    assert_int_equal(acc_world_dev_set(w, 7, ACC_DEV_CAPITAL, -1e12, err, sizeof err), ACC_OK);
    uint64_t v0 = w->dbg_down_visits;
    tc_rec_clear(&rec);
    tc_step(w); /* step 3 */
    assert_int_equal(tc_find(&rec, ACC_EV_BANKRUPTCY, 2, -9)->step, 3);
    assert_int_equal(tc_find(&rec, ACC_EV_BANKRUPTCY, 7, -9)->step, 3);
    assert_int_equal((int)tc_count(&rec, ACC_EV_BANKRUPTCY, -1, -9), 2);
    assert_true(w->dbg_down_visits - v0 == 2); /* 2's list {8, 9}, emptied */
    assert_true(tc_dev(w, 8, ACC_DEV_UPSTREAM) == -1 && tc_dev(w, 9, ACC_DEV_UPSTREAM) == -1);
    assert_true(tc_dev(w, 7, ACC_DEV_UPSTREAM) == 0); /* a dead downstream keeps its (live) upstream */
    assert_int_equal(w->down[2], -1);
    check_lists(w);
    tc_step(w);
    assert_int_equal((int)tc_count(&rec, ACC_EV_PATCH, -1, -9), 0);
    v0 = w->dbg_down_visits;
    tc_rec_clear(&rec);
    tc_step(w); /* step 5 */
    const int64_t expect[] = {0, 3, 1, 4, 6};
    size_t q = 0;
    for (size_t k = 0; k < rec.nev; k++)
        if (rec.ev[k].type == ACC_EV_PATCH) {
            assert_true(q < 5);
            assert_int_equal(rec.ev[k].dev, expect[q]);
            assert_int_equal(rec.ev[k].step, 5);
            q++;
        }
    assert_int_equal(q, 5);
    assert_true(w->dbg_down_visits - v0 == 5);
    for (int64_t i = 0; i <= 10; i++) {
        /* the live vulnerability's severity (0: none): 0's copy 1, 2's 1.5 */
        const double live = i == 5 ? 1 : i == 8 || i == 9 ? 1.5 : 0;
        assert_true(tc_dev(w, i, ACC_DEV_LIVE_VULN) == live);
    }
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

/* Many reassignments (to an upstream, to another, to none; the same one
 * twice) keep every list equal to the scan of upstream[]. */
static void test_reassignments(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(1);
    tc_pop(cfg, ACC_INCUMBENT, 0, 3, 1e4, 2, 1, 1);
    tc_pop(cfg, ACC_OPEN_SOURCE, 0, 2, 1e4, 2, 1, 1);
    tc_pop(cfg, ACC_STARTUP, 0, 60, 1e3, 0.5, 0, 1);
    cfg->upstream_prob = 0.7;
    acc_world *w = tc_world(cfg, 3, 1);
    check_lists(w);
    uint64_t x = 88172645463325252ull; /* xorshift64 */
    for (int k = 0; k < 3000; k++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        const int64_t i = 5 + (int64_t)(x % 60);
        const int64_t up = (int64_t)((x >> 20) % 6) - 1; /* -1 .. 4 */
        set_up(w, i, up);
        assert_true(tc_dev(w, i, ACC_DEV_UPSTREAM) == (double)up);
        check_lists(w);
    }
    acc_world_free(w);
    free(cfg);
}

/* A run with upstream choices at creation and founding, bankruptcies of
 * upstreams and downstreams: the lists stay equal to the scan. */
static void test_lists_over_a_run(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(2);
    cfg->years = 6;
    cfg->upstream_prob = 0.8;
    cfg->risk_base_hazard = 0.5;
    cfg->risk_inherit_prob = 0.7;
    cfg->risk_self_detect = 2;
    for (int j = 0; j < 2; j++) {
        cfg->jur[j].startup_rate = 12;
        cfg->jur[j].detection = 0.3;
    }
    for (int j = 0; j < 2; j++) {
        acc_pop_cfg *p = tc_pop(cfg, ACC_INCUMBENT, j, 6, 40, 1, 0.5, 1);
        p->capital = (acc_dist){ACC_DIST_LOGUNIFORM, 5, 400};
        p->opex = (acc_dist){ACC_DIST_LOGUNIFORM, 1, 60};
        p = tc_pop(cfg, ACC_OPEN_SOURCE, j, 4, 40, 1, 0.5, 1);
        p->opex = (acc_dist){ACC_DIST_LOGUNIFORM, 1, 40};
        p = tc_pop(cfg, ACC_STARTUP, j, 30, 10, 0.5, 0.3, 1);
        p->opex = (acc_dist){ACC_DIST_LOGUNIFORM, 0.5, 20};
    }
    acc_world *w = tc_world(cfg, 11, 2);
    check_lists(w);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    while (acc_world_step_index(w) < acc_world_nsteps(w)) {
        tc_step(w);
        check_lists(w);
    }
    /* the run exercised what it is meant to */
    size_t dead_up = 0;
    for (size_t k = 0; k < rec.nev; k++)
        if (rec.ev[k].type == ACC_EV_BANKRUPTCY && tc_dev(w, rec.ev[k].dev, ACC_DEV_KIND) != ACC_STARTUP)
            dead_up++;
    assert_true(dead_up > 0);
    assert_true(tc_count(&rec, ACC_EV_BANKRUPTCY, -1, -9) > dead_up);
    assert_true(tc_count(&rec, ACC_EV_FOUNDED, -1, -9) > 50);
    assert_true(cfg->risk_inherit_prob > 0 && w->cum.patches > 0);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_patch_visits_only_downstreams),
        cmocka_unit_test(test_known_answers),
        cmocka_unit_test(test_reassignments),
        cmocka_unit_test(test_lists_over_a_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
