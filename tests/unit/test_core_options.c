/* accord — the room for one developer's entry options is sized to the
 * scenario (issue 12, memory; world.c, acc__opt_reserve): 4 J + (the
 * recognitions) + (the blocs) + 8, where it was J (J + 4) + 40 whatever the
 * scenario. The bound it rests on (decide.c): per market at most four
 * options (entering it plainly, under the sandbox or its open segment alone;
 * its own certificate; a held bloc certificate; the non-compliant option)
 * or one transition application, one more per recognition into it, one per
 * bloc. A world that lists many options (every binding market recognising
 * every other, in both modes; two blocs; open segments; non-law-abiding
 * developers; the startup sandbox; a market turned binding mid-run, so
 * transitions; recognitions and a bloc added mid-run) must never list more
 * than the bound without its margin of 8, and must list more than one per
 * market (so the bound is exercised); adding recognitions and a bloc grows
 * the room, and an addition that cannot get the memory fails without
 * changing the world. The listing never writes past the room: with the room
 * shrunk by hand, the world fails (ACC_ERUN, "more entry options") instead.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_core_util.h"

#include <stdint.h>

#include "core/world_int.h" /* opt_cap, dbg_opt_max */
#include "test_alloc_count.h" /* failing allocations */

#define NJ 6

static int bound(const acc_world *w) { return 4 * w->J + w->cfg.n_recog + w->cfg.n_blocs; }

static acc_config *rich_cfg(void)
{
    acc_config *cfg = tc_config(NJ);
    cfg->years = 4;
    cfg->upstream_prob = 0.5;
    cfg->upgrade_when_failing = 1;
    for (int j = 0; j < NJ; j++) {
        acc_jur_cfg *jc = &cfg->jur[j];
        jc->binding = j < NJ - 1; /* the last turns binding at step 12 */
        jc->regulated_share = j % 2 ? 0.6 : 1;
        jc->stringency = 0.2 + 0.05 * j;
        jc->assessment_noise = 0.1;
        jc->enforcement = 0.3;
        jc->audit_rate = 0.3;
        jc->fine_share = 0.03;
        jc->startup_rate = 20;
        jc->sandbox_months = j == 1 ? 12 : 0;
        jc->label_premium = jc->binding ? 0 : 0.2;
        jc->market = 4000 * (1 + j % 3);
        jc->entry_cost = 0.2;
    }
    /* every binding market recognises every other one's certificate:
     * assessment and equivalence alternating, voluntary */
    for (int a = 0; a < NJ - 1; a++)
        for (int b = 0; b < NJ - 1; b++)
            if (a != b)
                cfg->recog[cfg->n_recog++] =
                    (acc_recog_cfg){.to = (int8_t)a, .from = (int8_t)b,
                                    .mode = (a + b) % 2 ? ACC_RECOG_EQUIVALENCE : ACC_RECOG_ASSESSMENT,
                                    .fee = 0.05, .review_months = 1, .voluntary = 1};
    for (int b = 0; b < 2; b++) {
        acc_bloc_cfg *bc = &cfg->bloc[cfg->n_blocs++];
        snprintf(bc->id, sizeof bc->id, "b%d", b);
        bc->n_members = 2;
        bc->members[0] = (int8_t)(2 * b);
        bc->members[1] = (int8_t)(2 * b + 1);
        bc->rule = ACC_BLOC_MAX;
        bc->cert_cost = 0.5;
        bc->review_months = -1;
    }
    for (int j = 0; j < NJ; j++) {
        tc_pop(cfg, ACC_INCUMBENT, j, 3, 300, 1.5, 0.7, 1)->law_abiding = 0.5;
        tc_pop(cfg, ACC_OPEN_SOURCE, j, 2, 60, 1, 0.5, 1);
        acc_pop_cfg *p = tc_pop(cfg, ACC_STARTUP, j, 20, 20, 0.8, 0.5, 0.8);
        p->law_abiding = 0.4;
        p->invest_rate = tc_fixed(0.3);
    }
    return cfg;
}

static void options_within_bound(void **state)
{
    (void)state;
    acc_config *cfg = rich_cfg();
    acc_world *w = tc_world(cfg, 11, 0);
    free(cfg);
    assert_int_equal(w->opt_cap, bound(w) + 8);
    assert_true(w->opt_cap < w->J * (w->J + 4) + ACC_MAX_BLOCS + 8); /* smaller than the room of before */
    char err[ACC_ERRLEN];
    int max_before = 0;
    while (acc_world_step_index(w) < acc_world_nsteps(w)) {
        const int t = acc_world_step_index(w);
        if (t == 12) { /* the last market turns binding: transitions; its recognitions come with it */
            assert_int_equal(acc_world_jur_set(w, NJ - 1, "binding", 1, err, sizeof err), ACC_OK);
            max_before = w->dbg_opt_max;
            for (int b = 0; b < NJ - 1; b++) {
                const int cap0 = w->opt_cap;
                acc_recog_cfg r = {.to = NJ - 1, .from = (int8_t)b, .mode = ACC_RECOG_ASSESSMENT, .fee = 0.05,
                                   .review_months = 1, .voluntary = 1};
                assert_int_equal(acc_world_recognition_add(w, &r, err, sizeof err), ACC_OK);
                assert_int_equal(w->opt_cap, cap0 + 1); /* the room grows with each */
                assert_true(w->opt_cap >= bound(w) + 8);
            }
        }
        tc_step(w);
        assert_true(w->dbg_opt_max <= bound(w)); /* the bound holds without the margin */
    }
    /* rich lists: more options than markets for some developer, before and
     * after the additions (so a bound too small would have shown) */
    print_message("most options listed by one developer: %d before step 12, %d in all (bound %d)\n", max_before,
                  w->dbg_opt_max, bound(w));
    assert_true(max_before > NJ);
    assert_true(w->dbg_opt_max > NJ);
    acc_world_free(w);
}

/* A recognition or a bloc added when the room cannot grow: ACC_ENOMEM, "out
 * of memory", and the world unchanged (no recognition, no bloc added; it
 * still steps). */
static void addition_out_of_memory(void **state)
{
    (void)state;
    if (!TC_COUNT_ALLOC)
        skip();
    acc_config *cfg = rich_cfg();
    cfg->n_blocs = 1; /* room for a second bloc */
    acc_world *w = tc_world(cfg, 11, 0);
    free(cfg);
    tc_step(w);
    char err[ACC_ERRLEN] = "";
    const int nrecog = w->cfg.n_recog, nblocs = w->cfg.n_blocs, cap0 = w->opt_cap;
    acc_recog_cfg r = {.to = NJ - 1, .from = 0, .mode = ACC_RECOG_ASSESSMENT, .fee = -1, .review_months = -1,
                       .voluntary = 1};
    /* the room is the bound plus 8 exactly: one more recognition reallocates it */
    assert_int_equal(cap0, bound(w) + 8);
    n_alloc_calls = 0;
    counting = 1;
    fail_alloc_at = 1;
    int rc = acc_world_recognition_add(w, &r, err, sizeof err);
    counting = 0;
    fail_alloc_at = 0;
    assert_int_equal(rc, ACC_ENOMEM);
    assert_non_null(strstr(err, "out of memory"));
    assert_int_equal(w->cfg.n_recog, nrecog);
    assert_int_equal(w->opt_cap, cap0);
    assert_int_equal(w->recog_idx[NJ - 1][0], -1); /* not recognised */
    acc_bloc_cfg b = {.n_members = 1, .rule = ACC_BLOC_MAX, .cert_cost = -1, .review_months = -1};
    snprintf(b.id, sizeof b.id, "late");
    b.members[0] = NJ - 1;
    err[0] = 0;
    n_alloc_calls = 0;
    counting = 1;
    fail_alloc_at = 1;
    rc = acc_world_bloc_add(w, &b, err, sizeof err);
    counting = 0;
    fail_alloc_at = 0;
    assert_int_equal(rc, ACC_ENOMEM);
    assert_non_null(strstr(err, "out of memory"));
    assert_int_equal(w->cfg.n_blocs, nblocs);
    /* with the memory, both go in and the world steps on */
    assert_int_equal(acc_world_recognition_add(w, &r, err, sizeof err), ACC_OK);
    assert_int_equal(acc_world_bloc_add(w, &b, err, sizeof err), ACC_OK);
    assert_int_equal(w->cfg.n_recog, nrecog + 1);
    assert_int_equal(w->cfg.n_blocs, nblocs + 1);
    assert_int_equal(w->opt_cap, bound(w) + 8);
    tc_step(w);
    acc_world_free(w);
}

/* The room shrunk below what developers list: the step fails with ACC_ERUN
 * and says why; nothing is written past the room (ASan builds check it), and
 * the failed world stays failed. */
static void overflow_fails_cleanly(void **state)
{
    (void)state;
    acc_config *cfg = rich_cfg();
    acc_world *w = tc_world(cfg, 11, 0);
    free(cfg);
    w->opt_cap = 2; /* the array is larger; the listing must respect opt_cap */
    int rc = ACC_OK;
    while (rc == ACC_OK && acc_world_step_index(w) < acc_world_nsteps(w))
        rc = acc_world_step(w);
    assert_int_equal(rc, ACC_ERUN);
    assert_non_null(strstr(acc_world_errmsg(w), "more entry options than the 2 kept"));
    assert_int_equal(acc_world_step(w), ACC_ERUN);
    acc_world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(options_within_bound),
        cmocka_unit_test(addition_out_of_memory),
        cmocka_unit_test(overflow_fails_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
