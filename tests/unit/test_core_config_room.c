/* accord — a configuration's lists and what a world keeps of them (issue 12,
 * memory): acc_config's lists are pointers into a room (acc_config_new,
 * acc_config_init), acc_config_defaults leaves them NULL and
 * acc_config_validate names a count without a list; acc_config_copy copies
 * the entries; a world holds only its scenario's entries (not the 74 KB of
 * the maxima) and grows its recognition, link and bloc lists when a policy
 * adds one. The arrays a world keeps only where they are read: paid (the
 * profits), sbx (a startup sandbox), the upstream list (the initial
 * non-startups).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_core_util.h"

#include "core/world_int.h" /* paid, sbx, list_room */

static void test_lists_need_room(void **state)
{
    (void)state;
    acc_config cfg;
    acc_config_defaults(&cfg);
    assert_null(cfg.jur);
    assert_null(cfg.pop);
    assert_null(cfg.recog);
    assert_null(cfg.bloc);
    assert_null(cfg.link);
    cfg.n_jur = 1; /* a count without a list: refused, not read */
    char err[ACC_ERRLEN];
    assert_int_equal(acc_config_validate(&cfg, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "jur is NULL"));
    assert_non_null(strstr(err, "acc_config_init"));
    acc_world *w = NULL;
    assert_int_equal(acc_world_new(&cfg, 1, 0, &w, err, sizeof err), ACC_EINVAL);
    assert_null(w);
    /* with a room, the same configuration is valid */
    acc_config_room *room = calloc(1, sizeof *room);
    assert_non_null(room);
    acc_config_init(&cfg, room);
    assert_ptr_equal(cfg.jur, room->jur);
    assert_ptr_equal(cfg.link, room->link);
    cfg.n_jur = 1;
    acc_jur_defaults_for(&cfg.jur[0], "eu");
    assert_int_equal(acc_config_validate(&cfg, err, sizeof err), ACC_OK);
    free(room);
}

static void test_copy_is_deep(void **state)
{
    (void)state;
    acc_config *src = tc_config(2);
    tc_pop(src, ACC_STARTUP, 1, 5, 100, 1, 0.5, 1);
    src->recog[src->n_recog++] = (acc_recog_cfg){.to = 1, .from = 0, .mode = ACC_RECOG_EQUIVALENCE, .fee = -1,
                                                 .review_months = -1};
    acc_config dst;
    acc_config_room *room = calloc(1, sizeof *room);
    assert_non_null(room);
    acc_config_copy(&dst, room, src);
    assert_ptr_equal(dst.jur, room->jur);
    assert_int_equal(dst.n_jur, 2);
    assert_int_equal(dst.n_pop, 1);
    assert_int_equal(dst.n_recog, 1);
    assert_string_equal(dst.jur[1].id, "j1");
    src->jur[1].market = 1; /* the copy does not follow */
    snprintf(src->jur[1].id, sizeof src->jur[1].id, "zz");
    src->pop[0].count = 99;
    assert_float_equal(dst.jur[1].market, 10000, 0);
    assert_string_equal(dst.jur[1].id, "j1");
    assert_int_equal(dst.pop[0].count, 5);
    acc_config_copy(&dst, room, &dst); /* onto itself: unchanged */
    assert_string_equal(dst.jur[1].id, "j1");
    /* a list src has not is empty in the copy (it kept the count, over the
     * room's earlier entries, and then passed validation) */
    src->recog = NULL;
    acc_config_copy(&dst, room, src);
    assert_int_equal(dst.n_recog, 0);
    assert_int_equal(dst.n_jur, 2);
    /* acc_config_dup: a deep copy in an allocation of its own */
    acc_config *dup = acc_config_dup(&dst);
    assert_non_null(dup);
    assert_ptr_not_equal(dup->jur, dst.jur);
    assert_int_equal(dup->n_jur, 2);
    assert_string_equal(dup->jur[1].id, "zz"); /* dst's, copied from src after its change */
    snprintf(dst.jur[1].id, sizeof dst.jur[1].id, "yy");
    assert_string_equal(dup->jur[1].id, "zz");
    assert_null(acc_config_dup(NULL));
    acc_config_free(dup);
    acc_config_free(src);
    free(room);
}

/* A world keeps its scenario's entries only: a world of one jurisdiction and
 * one population entry holds far less than the maxima's room (74 KB), and
 * its lists grow when a policy adds a recognition, a link or a bloc. */
static void test_world_holds_its_entries(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(4);
    tc_pop(cfg, ACC_INCUMBENT, 0, 2, 1e3, 1, 0.6, 1);
    acc_world *w = tc_world(cfg, 3, 0);
    assert_true(acc_world_bytes(w) < sizeof(acc_config_room) / 2);
    const acc_config *wc = acc_world_config(w);
    assert_ptr_not_equal(wc->jur, cfg->jur); /* its own copy */
    assert_string_equal(wc->jur[3].id, "j3");
    const size_t b0 = acc_world_bytes(w);
    char err[ACC_ERRLEN];
    int added = 0;
    for (int a = 0; a < 4; a++)
        for (int b = 0; b < 4; b++) {
            if (a == b)
                continue;
            acc_recog_cfg r = {.to = (int8_t)a, .from = (int8_t)b, .mode = ACC_RECOG_ASSESSMENT, .fee = -1,
                               .review_months = -1};
            assert_int_equal(acc_world_recognition_add(w, &r, err, sizeof err), ACC_OK);
            acc_link_cfg l = {.from = (int8_t)a, .to = (int8_t)b, .active = 1, .lag_months = a + b};
            assert_int_equal(acc_world_link_add(w, &l, err, sizeof err), ACC_OK);
            added++;
        }
    acc_bloc_cfg bl = {.n_members = 2, .members = {0, 1}, .rule = ACC_BLOC_MAX, .cert_cost = -1, .review_months = -1};
    snprintf(bl.id, sizeof bl.id, "b");
    assert_int_equal(acc_world_bloc_add(w, &bl, err, sizeof err), ACC_OK);
    wc = acc_world_config(w);
    assert_int_equal(wc->n_recog, added);
    assert_int_equal(wc->n_links, added);
    assert_int_equal(wc->n_blocs, 1);
    /* every entry kept, in order, and the index tables follow */
    int k = 0;
    for (int a = 0; a < 4; a++)
        for (int b = 0; b < 4; b++) {
            if (a == b)
                continue;
            assert_int_equal(wc->recog[k].to, a);
            assert_int_equal(wc->link[k].to, b);
            assert_float_equal(wc->link[k].lag_months, a + b, 0);
            assert_int_equal(w->recog_idx[a][b], k);
            assert_int_equal(w->link_idx[a][b], k);
            assert_int_equal(w->link_lag[k], a + b); /* 12 steps a year: months */
            k++;
        }
    assert_true(acc_world_bytes(w) > b0);
    assert_true(w->room_recog >= added && w->room_link >= added && w->room_lag >= added);
    for (int s = 0; s < 3; s++)
        tc_step(w);
    acc_world_free(w);
    free(cfg);
}

/* paid and sbx are kept only where read; list has room for the initial
 * developers that are not startups. */
static void test_arrays_kept_where_read(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(2);
    tc_pop(cfg, ACC_INCUMBENT, 0, 3, 1e3, 1, 0.6, 1);
    tc_pop(cfg, ACC_STARTUP, 1, 20, 100, 1, 0.6, 1);
    tc_pop(cfg, ACC_OPEN_SOURCE, 1, 2, 1e3, 1, 0.6, 1);
    acc_world *w = tc_world(cfg, 3, 0);
    assert_int_equal(w->list_room, 5);
    assert_null(w->paid);
    assert_null(w->prof12);
    assert_null(w->sbx);
    tc_step(w);
    char err[ACC_ERRLEN];
    /* a change that turns social learning on keeps the payments at once */
    assert_int_equal(acc_world_param_set(w, "learning.imitation_rate", 0.5, err, sizeof err), ACC_OK);
    assert_non_null(w->paid);
    /* a change that gives a jurisdiction a sandbox keeps the marks */
    assert_int_equal(acc_world_jur_set(w, 0, "sandbox_months", 12, err, sizeof err), ACC_OK);
    assert_non_null(w->sbx);
    tc_step(w);
    assert_non_null(w->prof12);
    acc_world_free(w);
    /* from creation */
    cfg->learning_imitation_rate = 0.5;
    cfg->jur[1].sandbox_months = 6;
    w = tc_world(cfg, 3, 0);
    assert_non_null(w->paid);
    assert_non_null(w->prof12);
    assert_non_null(w->sbx);
    acc_world_free(w);
    free(cfg);
}

/* A rule hook turning social learning on between two developers' decisions:
 * the profits it starts have every payment of that step, as in the same
 * world whose profits were kept from its creation (the payments were kept
 * only from the change, so the first half's entry costs were missing: found
 * by review). */
static int learn_midway(tc_hooks *h, acc_world *w, int step)
{
    const int64_t n = acc_world_ndev(w);
    for (int64_t i = 0; i < n; i++) {
        if (step == 1 && i == n / 2) {
            char err[ACC_ERRLEN];
            assert_int_equal(acc_world_param_set(w, "learning.imitation_rate", 0.5, err, sizeof err), ACC_OK);
        }
        if (acc_world_dev_get(w, i, ACC_DEV_ALIVE) > 0 && acc_world_default_decide(w, i))
            return 1;
    }
    (void)h;
    return 0;
}

static void test_learning_from_a_rule_hook(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(2);
    for (int j = 0; j < 2; j++)
        cfg->jur[j].entry_cost = 5; /* every entry pays: the first half pays before the change */
    tc_pop(cfg, ACC_INCUMBENT, 0, 6, 1e3, 1, 0.6, 1);
    tc_pop(cfg, ACC_STARTUP, 1, 20, 100, 1, 0.6, 1);
    double prof[2][26];
    for (int k = 0; k < 2; k++) {
        acc_world *w = tc_world(cfg, 5, 0);
        if (k == 1) /* the known answer: profits kept from creation */
            assert_int_equal(acc_world_track_profit(w), ACC_OK);
        tc_hooks h = {0};
        h.rule = learn_midway;
        tc_attach_hooks(w, &h);
        tc_step(w);
        tc_step(w);
        assert_int_equal(acc_world_ndev(w), 26);
        for (int64_t i = 0; i < 26; i++)
            prof[k][i] = acc_world_dev_get(w, i, ACC_DEV_PROFIT_12M);
        acc_world_free(w);
    }
    double paid_entries = 0;
    for (int64_t i = 0; i < 26; i++) {
        assert_memory_equal(&prof[0][i], &prof[1][i], sizeof(double));
        paid_entries += prof[1][i];
    }
    assert_true(isfinite(paid_entries));
    free(cfg);
}

/* The checked appenders: defaults filled in, NULL (nothing appended) when
 * the list is missing or full or the kind or home is out of range. */
static void test_checked_appenders(void **state)
{
    (void)state;
    acc_config *cfg = acc_config_new();
    assert_non_null(cfg);
    assert_null(acc_config_add_pop(cfg, ACC_STARTUP, 0)); /* no jurisdiction 0 yet */
    acc_jur_cfg *eu = acc_config_add_jur(cfg, "eu");
    assert_non_null(eu);
    assert_int_equal(cfg->n_jur, 1);
    acc_jur_cfg ref;
    acc_jur_defaults_for(&ref, "eu");
    assert_memory_equal(eu, &ref, sizeof ref);
    acc_pop_cfg *p = acc_config_add_pop(cfg, ACC_OPEN_SOURCE, 0);
    assert_non_null(p);
    assert_int_equal(p->kind, ACC_OPEN_SOURCE);
    assert_int_equal(p->home, 0);
    assert_null(acc_config_add_pop(cfg, ACC_NKINDS, 0));
    assert_null(acc_config_add_pop(cfg, -1, 0));
    assert_null(acc_config_add_pop(cfg, ACC_STARTUP, 1));
    assert_int_equal(cfg->n_pop, 1);
    for (int k = 1; k < ACC_MAX_JUR; k++) {
        char id[8];
        snprintf(id, sizeof id, "j%d", k);
        assert_non_null(acc_config_add_jur(cfg, id));
    }
    assert_null(acc_config_add_jur(cfg, "full")); /* the 33rd: refused, nothing written */
    assert_int_equal(cfg->n_jur, ACC_MAX_JUR);
    assert_int_equal(cfg->pop[0].kind, ACC_OPEN_SOURCE); /* the next list untouched */
    for (int k = 1; k < ACC_MAX_POP; k++)
        assert_non_null(acc_config_add_pop(cfg, ACC_INCUMBENT, k % ACC_MAX_JUR));
    assert_null(acc_config_add_pop(cfg, ACC_INCUMBENT, 0));
    assert_int_equal(cfg->n_pop, ACC_MAX_POP);
    acc_config bare;
    acc_config_defaults(&bare); /* no lists */
    assert_null(acc_config_add_jur(&bare, "eu"));
    assert_null(acc_config_add_jur(NULL, "eu"));
    assert_null(acc_config_add_pop(NULL, ACC_STARTUP, 0));
    acc_config_free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lists_need_room),
        cmocka_unit_test(test_copy_is_deep),
        cmocka_unit_test(test_world_holds_its_entries),
        cmocka_unit_test(test_arrays_kept_where_read),
        cmocka_unit_test(test_learning_from_a_rule_hook),
        cmocka_unit_test(test_checked_appenders),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
