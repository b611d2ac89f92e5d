/* accord — the world API's contract: every validation error of the runtime
 * change API (with its message), hooks and sinks that fail, a state that
 * turns non-finite, queries out of range, names, memory per developer.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_core_util.h"

static acc_config *small_config(void)
{
    acc_config *cfg = tc_config(3);
    cfg->jur[0].binding = 1;
    cfg->n_blocs = 1;
    acc_bloc_cfg *b = &cfg->bloc[0];
    snprintf(b->id, sizeof b->id, "east");
    b->n_members = 1;
    b->members[0] = 1;
    b->rule = ACC_BLOC_MEAN;
    b->cert_cost = -1;
    b->review_months = -1;
    tc_pop(cfg, ACC_INCUMBENT, 0, 2, 1e3, 1, 0.7, 1);
    tc_pop(cfg, ACC_STARTUP, 2, 2, 50, 0.5, 0.3, 1);
    return cfg;
}

#define EXPECT_ERR(call, needle)                                                                  \
    do {                                                                                          \
        err[0] = 0;                                                                               \
        int rc_ = (call);                                                                         \
        if (rc_ != ACC_EINVAL)                                                                    \
            fail_msg("%s: expected ACC_EINVAL, got %d", #call, rc_);                              \
        if (!strstr(err, needle))                                                                 \
            fail_msg("%s: message '%s' lacks '%s'", #call, err, needle);                          \
    } while (0)

static void test_new_errors(void **state)
{
    (void)state;
    char err[256];
    acc_world *w = (acc_world *)&err; /* must be reset to NULL on failure */
    EXPECT_ERR(acc_world_new(NULL, 1, 0, &w, err, sizeof err), "no configuration");
    acc_config *cfg = small_config();
    EXPECT_ERR(acc_world_new(cfg, 1, 0, NULL, err, sizeof err), "no configuration");
    cfg->jur[1].stringency = 1.4;
    EXPECT_ERR(acc_world_new(cfg, 1, 0, &w, err, sizeof err), "jurisdiction 'j1': stringency must be in [0, 1], got 1.4");
    assert_null(w);
    /* the outputs' names: refused from C too, not only by the scenario reader */
    snprintf(cfg->jur[1].id, sizeof cfg->jur[1].id, "all");
    EXPECT_ERR(acc_world_new(cfg, 1, 0, &w, err, sizeof err), "jurisdiction id 'all' is reserved");
    snprintf(cfg->jur[1].id, sizeof cfg->jur[1].id, "self");
    EXPECT_ERR(acc_config_validate(cfg, err, sizeof err), "jurisdiction id 'self' is reserved");
    free(cfg);
    acc_world_free(NULL);
    acc_world_set_hooks(NULL, NULL);
    acc_world_set_sink(NULL, NULL);
    assert_int_equal(acc_world_step(NULL), ACC_EINVAL);
    assert_int_equal(acc_world_run(NULL), ACC_EINVAL);
    assert_int_equal(acc_world_ndev(NULL), 0);
    assert_null(acc_world_config(NULL));
    assert_int_equal(acc_world_bytes(NULL), 0);
}

static void test_field_setters(void **state)
{
    (void)state;
    acc_config *cfg = small_config();
    acc_world *w = tc_world(cfg, 1, 0);
    char err[256];
    double v;
    EXPECT_ERR(acc_world_jur_set(w, -1, "stringency", 0.5, err, sizeof err), "no jurisdiction #-1");
    EXPECT_ERR(acc_world_jur_set(w, 3, "stringency", 0.5, err, sizeof err), "no jurisdiction #3");
    EXPECT_ERR(acc_world_jur_set(w, 0, "strictness", 0.5, err, sizeof err), "jurisdiction 'j0': unknown field 'strictness'");
    EXPECT_ERR(acc_world_jur_set(w, 0, NULL, 0.5, err, sizeof err), "jurisdiction 'j0': no field name (NULL)");
    /* a getter without a place for the value says so instead of ACC_OK */
    EXPECT_ERR(acc_world_jur_get(w, 0, "stringency", NULL, err, sizeof err),
               "jurisdiction 'j0': stringency: no place for the value (NULL)");
    EXPECT_ERR(acc_world_param_get(w, "years", NULL, err, sizeof err), "years: no place for the value (NULL)");
    EXPECT_ERR(acc_world_jur_set(w, 0, "stringency", 1.4, err, sizeof err),
               "jurisdiction 'j0': stringency must be in [0, 1], got 1.4");
    EXPECT_ERR(acc_world_jur_set(w, 1, "market", NAN, err, sizeof err), "jurisdiction 'j1': market must be in (0, 1e+12], got nan");
    EXPECT_ERR(acc_world_jur_set(w, 1, "market", 0, err, sizeof err), "got 0");
    EXPECT_ERR(acc_world_jur_set(w, 1, "growth", -1, err, sizeof err), "growth must be in (-1, inf)");
    EXPECT_ERR(acc_world_jur_set(w, 1, "binding", 0.5, err, sizeof err), "binding must be true/false");
    EXPECT_ERR(acc_world_jur_set(w, 1, "audit_rate", INFINITY, err, sizeof err), "got inf");
    EXPECT_ERR(acc_world_jur_set(w, 1, "compliance_share", 0.3, err, sizeof err),
               "compliance_share must be below 1/market.elasticity");
    EXPECT_ERR(acc_world_jur_get(w, 0, "nope", &v, err, sizeof err), "unknown field 'nope'");
    EXPECT_ERR(acc_world_jur_get(w, 0, NULL, &v, err, sizeof err), "jurisdiction 'j0': no field name (NULL)");
    EXPECT_ERR(acc_world_jur_get(w, 7, "market", &v, err, sizeof err), "no jurisdiction #7");
    assert_int_equal(acc_world_jur_set(w, 1, "stringency", 0.625, err, sizeof err), ACC_OK);
    assert_int_equal(acc_world_jur_get(w, 1, "stringency", &v, err, sizeof err), ACC_OK);
    assert_true(v == 0.625);
    assert_int_equal(acc_world_jur_get(w, 0, "binding", &v, err, sizeof err), ACC_OK);
    assert_true(v == 1);

    EXPECT_ERR(acc_world_param_set(w, "risk.hazard", 1, err, sizeof err), "unknown parameter 'risk.hazard'");
    EXPECT_ERR(acc_world_param_set(w, "rd.returns", 0, err, sizeof err), "rd.returns must be in (0, 1], got 0");
    EXPECT_ERR(acc_world_param_set(w, "steps_per_year", 52, err, sizeof err), "cannot change during a run");
    assert_int_equal(acc_world_param_set(w, "steps_per_year", 12, err, sizeof err), ACC_OK);
    EXPECT_ERR(acc_world_param_set(w, "market.elasticity", 6, err, sizeof err), "productivity_shape must exceed");
    EXPECT_ERR(acc_world_param_set(w, "productivity_shape", 2.5, err, sizeof err), "productivity_shape must exceed");
    assert_int_equal(acc_world_jur_set(w, 2, "compliance_share", 0.24, err, sizeof err), ACC_OK);
    EXPECT_ERR(acc_world_param_set(w, "market.elasticity", 4.2, err, sizeof err), "compliance_share");
    EXPECT_ERR(acc_world_param_get(w, "nope", &v, err, sizeof err), "unknown parameter 'nope'");
    assert_int_equal(acc_world_param_set(w, "rd.erosion", 0.3, err, sizeof err), ACC_OK);
    assert_int_equal(acc_world_param_get(w, "rd.erosion", &v, err, sizeof err), ACC_OK);
    assert_true(v == 0.3);
    tc_step(w);
    tc_step(w);
    EXPECT_ERR(acc_world_param_set(w, "years", 0.1, err, sizeof err), "years must cover the 2 steps already run");
    assert_int_equal(acc_world_param_set(w, "years", 0.25, err, sizeof err), ACC_OK);
    assert_int_equal(acc_world_nsteps(w), 3);
    assert_int_equal(acc_world_run(w), ACC_OK);
    assert_int_equal(acc_world_step_index(w), 3);
    assert_true(acc_world_year(w) == 0.25);
    acc_world_free(w);
    free(cfg);
}

static void test_harmonization_errors(void **state)
{
    (void)state;
    acc_config *cfg = small_config();
    acc_world *w = tc_world(cfg, 1, 0);
    char err[256];
    EXPECT_ERR(acc_world_recognition_add(w, NULL, err, sizeof err), "no description");
    acc_recog_cfg r = {.to = 0, .from = 0, .mode = ACC_RECOG_ASSESSMENT, .fee = -1, .review_months = -1, .voluntary = 0};
    EXPECT_ERR(acc_world_recognition_add(w, &r, err, sizeof err), "recognition j0 <- j0: a jurisdiction cannot recognise itself");
    r.from = 5;
    EXPECT_ERR(acc_world_recognition_add(w, &r, err, sizeof err), "recognition must name two different jurisdictions (#0 and #5 of 3)");
    r.from = 1;
    r.mode = 7;
    EXPECT_ERR(acc_world_recognition_add(w, &r, err, sizeof err), "recognition j0 <- j1: mode must be");
    r.mode = ACC_RECOG_EQUIVALENCE;
    r.fee = NAN;
    EXPECT_ERR(acc_world_recognition_add(w, &r, err, sizeof err), "recognition j0 <- j1: fee must be in [0, inf), got nan");
    r.fee = -INFINITY;
    EXPECT_ERR(acc_world_recognition_add(w, &r, err, sizeof err), "fee must be in [0, inf), got -inf");
    r.fee = 0.5;
    r.review_months = 121;
    EXPECT_ERR(acc_world_recognition_add(w, &r, err, sizeof err), "review_months must be in [0, 120], got 121");
    r.review_months = 2;
    assert_int_equal(acc_world_recognition_add(w, &r, err, sizeof err), ACC_OK);
    EXPECT_ERR(acc_world_recognition_add(w, &r, err, sizeof err), "j0 already recognises j1");
    EXPECT_ERR(acc_world_recognition_remove(w, 1, 0, err, sizeof err), "j1 does not recognise j0");
    EXPECT_ERR(acc_world_recognition_remove(w, 1, 1, err, sizeof err), "two different");
    assert_int_equal(acc_world_recognition_remove(w, 0, 1, err, sizeof err), ACC_OK);
    assert_int_equal(acc_world_config(w)->n_recog, 0);
    assert_int_equal(acc_world_recognition_add(w, &r, err, sizeof err), ACC_OK);

    EXPECT_ERR(acc_world_link_add(w, NULL, err, sizeof err), "no description");
    acc_link_cfg l = {.from = 0, .to = 0, .lag_months = 1, .active = 1};
    EXPECT_ERR(acc_world_link_add(w, &l, err, sizeof err), "sharing link j0 -> j0: from and to must differ");
    l.to = 3;
    EXPECT_ERR(acc_world_link_add(w, &l, err, sizeof err), "a sharing link must name two different jurisdictions (#0 and #3 of 3)");
    l.to = 2;
    l.lag_months = -1;
    EXPECT_ERR(acc_world_link_add(w, &l, err, sizeof err), "sharing link j0 -> j2: lag_months must be in [0, 120], got -1");
    l.lag_months = NAN;
    EXPECT_ERR(acc_world_link_add(w, &l, err, sizeof err), "lag_months must be in [0, 120]");
    l.lag_months = 1;
    l.active = 2;
    EXPECT_ERR(acc_world_link_add(w, &l, err, sizeof err), "sharing link j0 -> j2: active must be 0 or 1, got 2");
    l.active = 1;
    assert_int_equal(acc_world_link_add(w, &l, err, sizeof err), ACC_OK);
    EXPECT_ERR(acc_world_link_add(w, &l, err, sizeof err), "a sharing link j0 -> j2 already exists");
    EXPECT_ERR(acc_world_link_set_active(w, 2, 0, 0, err, sizeof err), "no sharing link j2 -> j0");
    EXPECT_ERR(acc_world_link_set_active(w, 0, 2, 3, err, sizeof err), "active must be 0 or 1");
    EXPECT_ERR(acc_world_link_set_active(w, 0, 2, 256, err, sizeof err), "active must be 0 or 1, got 256"); /* not narrowed to 0 first */
    EXPECT_ERR(acc_world_link_set_active(w, 0, 9, 0, err, sizeof err), "two different");
    assert_int_equal(acc_world_link_set_active(w, 0, 2, 0, err, sizeof err), ACC_OK);
    assert_int_equal(acc_world_config(w)->link[0].active, 0);

    EXPECT_ERR(acc_world_bloc_add(w, NULL, err, sizeof err), "bloc: no description");
    EXPECT_ERR(acc_world_bloc_add(NULL, &(acc_bloc_cfg){.id = "b"}, err, sizeof err), "no world");
    EXPECT_ERR(acc_world_bloc_set_standard(NULL, 0, ACC_BLOC_MAX, 0, err, sizeof err), "no world");
    acc_bloc_cfg b;
    memset(&b, 0, sizeof b);
    b.rule = ACC_BLOC_MAX;
    EXPECT_ERR(acc_world_bloc_add(w, &b, err, sizeof err), "a bloc needs an id of 1 to 23 characters");
    /* the outputs' names for all markets and a developer's own detection */
    snprintf(b.id, sizeof b.id, "all");
    EXPECT_ERR(acc_world_bloc_add(w, &b, err, sizeof err),
               "bloc id 'all' is reserved (the outputs use 'all' for all markets and 'self' for a "
               "developer's own detection): give another id of 1 to 23 characters");
    snprintf(b.id, sizeof b.id, "self");
    EXPECT_ERR(acc_world_bloc_add(w, &b, err, sizeof err), "bloc id 'self' is reserved");
    const char *field = NULL;
    assert_int_equal(acc_bloc_check(acc_world_config(w), &b, NULL, &field, err, sizeof err), ACC_EINVAL);
    assert_string_equal(field, "id");
    snprintf(b.id, sizeof b.id, "west");
    EXPECT_ERR(acc_world_bloc_add(w, &b, err, sizeof err), "bloc 'west' needs 1 to 3 members, got 0");
    b.n_members = 2;
    b.members[0] = 0;
    b.members[1] = 3;
    EXPECT_ERR(acc_world_bloc_add(w, &b, err, sizeof err), "member #2 is not a jurisdiction");
    b.members[1] = 0;
    EXPECT_ERR(acc_world_bloc_add(w, &b, err, sizeof err), "bloc 'west': jurisdiction 'j0' is listed twice");
    b.members[1] = 1;
    snprintf(b.id, sizeof b.id, "east");
    EXPECT_ERR(acc_world_bloc_add(w, &b, err, sizeof err), "bloc id 'east' is already used");
    snprintf(b.id, sizeof b.id, "west");
    EXPECT_ERR(acc_world_bloc_add(w, &b, err, sizeof err), "jurisdiction 'j1' is already in bloc 'east'");
    b.members[1] = 2;
    b.rule = 9;
    EXPECT_ERR(acc_world_bloc_add(w, &b, err, sizeof err), "standard rule must be");
    b.rule = ACC_BLOC_FIXED;
    b.standard = 1.5;
    EXPECT_ERR(acc_world_bloc_add(w, &b, err, sizeof err), "bloc 'west': standard must be in [0, 1], got 1.5");
    b.standard = 0.6;
    b.cert_cost = NAN;
    EXPECT_ERR(acc_world_bloc_add(w, &b, err, sizeof err), "bloc 'west': cert_cost must be in [0, inf), got nan");
    b.cert_cost = -1;
    b.review_months = 200;
    EXPECT_ERR(acc_world_bloc_add(w, &b, err, sizeof err), "bloc 'west': review_months must be in [0, 120], got 200");
    b.review_months = -1;
    assert_int_equal(acc_world_bloc_add(w, &b, err, sizeof err), ACC_OK);
    assert_int_equal(acc_world_config(w)->n_blocs, 2);
    EXPECT_ERR(acc_world_bloc_set_standard(w, 2, ACC_BLOC_MAX, 0, err, sizeof err), "no bloc #2");
    EXPECT_ERR(acc_world_bloc_set_standard(w, -1, ACC_BLOC_MAX, 0, err, sizeof err), "no bloc #-1");
    EXPECT_ERR(acc_world_bloc_set_standard(w, 1, 8, 0, err, sizeof err), "standard rule must be");
    EXPECT_ERR(acc_world_bloc_set_standard(w, 1, ACC_BLOC_FIXED, -0.1, err, sizeof err), "standard must be in [0, 1]");
    assert_int_equal(acc_world_bloc_set_standard(w, 1, ACC_BLOC_MIN, 0, err, sizeof err), ACC_OK);
    const acc_config *live = acc_world_config(w);
    assert_true(acc_world_bloc_standard(w, 1) == fmin(live->jur[0].stringency, live->jur[2].stringency));
    assert_true(isnan(acc_world_bloc_standard(w, 2)));
    assert_int_equal(acc_world_run(w), ACC_OK);
    acc_world_free(w);
    free(cfg);
}

static void test_developer_errors(void **state)
{
    (void)state;
    acc_config *cfg = small_config();
    acc_world *w = tc_world(cfg, 1, 0);
    char err[256];
    EXPECT_ERR(acc_world_inject_vulnerability(w, 9, 1, 1, err, sizeof err), "no developer 9 (there are 4)");
    EXPECT_ERR(acc_world_inject_vulnerability(w, -1, 1, 1, err, sizeof err), "no developer -1");
    EXPECT_ERR(acc_world_inject_vulnerability(w, 0, 0, 1, err, sizeof err), "severity must be a finite number > 0, got 0");
    EXPECT_ERR(acc_world_inject_vulnerability(w, 0, NAN, 1, err, sizeof err), "severity must be");
    assert_int_equal(acc_world_inject_vulnerability(w, 0, 2, 1, err, sizeof err), ACC_OK);
    assert_true(tc_dev(w, 0, ACC_DEV_LIVE_VULN) == 2);
    EXPECT_ERR(acc_world_inject_vulnerability(w, 0, 2, 1, err, sizeof err), "already has a live vulnerability");

    EXPECT_ERR(acc_world_dev_set(w, 4, ACC_DEV_SAFETY, 0.5, err, sizeof err), "no developer 4");
    EXPECT_ERR(acc_world_dev_set(w, 0, ACC_DEV_SAFETY, 1.5, err, sizeof err), "developer 0: safety must be in [0, 1], got 1.5");
    EXPECT_ERR(acc_world_dev_set(w, 0, ACC_DEV_SAFETY_SHARE, -0.1, err, sizeof err), "safety_share must be in [0, 1]");
    EXPECT_ERR(acc_world_dev_set(w, 0, ACC_DEV_SAFETY_SHARE0, NAN, err, sizeof err), "safety_share0 must be in [0, 1]");
    EXPECT_ERR(acc_world_dev_set(w, 0, ACC_DEV_CAPITAL, INFINITY, err, sizeof err), "capital must be finite");
    EXPECT_ERR(acc_world_dev_set(w, 0, ACC_DEV_PRODUCTIVITY, 0, err, sizeof err), "productivity must be in (0, inf)");
    EXPECT_ERR(acc_world_dev_set(w, 0, ACC_DEV_CAPABILITY, -1, err, sizeof err), "capability must be in [0, inf)");
    EXPECT_ERR(acc_world_dev_set(w, 0, ACC_DEV_INVEST_RATE, 13, err, sizeof err), "invest_rate must be in [0, 12]");
    EXPECT_ERR(acc_world_dev_set(w, 0, ACC_DEV_HORIZON, 0, err, sizeof err), "horizon must be in (0, 100]");
    EXPECT_ERR(acc_world_dev_set(w, 0, ACC_DEV_OPEX, -2, err, sizeof err), "opex must be in [0, inf)");
    EXPECT_ERR(acc_world_dev_set(w, 0, ACC_DEV_REPUTATION, 0, err, sizeof err), "reputation must be in (0, 1]");
    EXPECT_ERR(acc_world_dev_set(w, 0, ACC_DEV_KIND, 1, err, sizeof err), "kind is read-only");
    EXPECT_ERR(acc_world_dev_set(w, 0, ACC_DEV_REVENUE_12M, 1, err, sizeof err), "revenue_12m is read-only");
    EXPECT_ERR(acc_world_dev_set(w, 0, 99, 1, err, sizeof err), "no attribute #99");
    EXPECT_ERR(acc_world_dev_set(w, 0, ACC_DEV_UPSTREAM, 1, err, sizeof err), "only startups have an upstream");
    EXPECT_ERR(acc_world_dev_set(w, 2, ACC_DEV_UPSTREAM, 3, err, sizeof err), "upstream must be -1 or a live incumbent");
    EXPECT_ERR(acc_world_dev_set(w, 2, ACC_DEV_UPSTREAM, 0.5, err, sizeof err), "upstream must be");
    EXPECT_ERR(acc_world_dev_set(w, 2, ACC_DEV_UPSTREAM, 17, err, sizeof err), "upstream must be");
    assert_int_equal(acc_world_dev_set(w, 2, ACC_DEV_UPSTREAM, 1, err, sizeof err), ACC_OK);
    assert_int_equal(acc_world_dev_set(w, 2, ACC_DEV_UPSTREAM, -1, err, sizeof err), ACC_OK);
    assert_int_equal(acc_world_dev_set(w, 1, ACC_DEV_HORIZON, 7.5, err, sizeof err), ACC_OK);
    assert_true(tc_dev(w, 1, ACC_DEV_HORIZON) == 7.5);

    /* decisions only from a hook during a step */
    EXPECT_ERR(acc_world_dev_apply(w, 0, 1, ACC_PATH_NONE, err, sizeof err), "only during a step");
    EXPECT_ERR(acc_world_dev_exit(w, 0, 0, err, sizeof err), "only during a step");
    assert_int_equal(acc_world_default_decide(w, 0), ACC_EINVAL);
    assert_non_null(strstr(acc_world_errmsg(w), "only during a step"));

    /* queries out of range */
    assert_true(isnan(tc_dev(w, 4, ACC_DEV_CAPITAL)));
    assert_true(isnan(tc_dev(w, 0, ACC_DEV_NATTR)));
    assert_int_equal(acc_world_dev_market(w, 0, 3), ACC_MKT_ABSENT);
    assert_int_equal(acc_world_dev_market(w, -1, 0), ACC_MKT_ABSENT);
    assert_int_equal(acc_world_dev_certified(w, 0, -1), 0);
    acc_world_free(w);
    free(cfg);
}

/* A custom rule exercising every refusal of apply and exit. */
static int refusing_rule(tc_hooks *h, acc_world *w, int step)
{
    (void)h;
    char err[256];
    if (step != 1) {
        for (int64_t i = 0; i < acc_world_ndev(w); i++)
            if (tc_dev(w, i, ACC_DEV_ALIVE) == 1)
                acc_world_default_decide(w, i);
        return 0;
    }
    EXPECT_ERR(acc_world_dev_apply(w, 9, 0, ACC_PATH_OWN, err, sizeof err), "no developer 9");
    EXPECT_ERR(acc_world_dev_apply(w, 0, 5, ACC_PATH_OWN, err, sizeof err), "no jurisdiction #5");
    EXPECT_ERR(acc_world_dev_apply(w, 0, 1, ACC_PATH_INCUMBENCY, err, sizeof err), "path must be none, own");
    EXPECT_ERR(acc_world_dev_apply(w, 0, 0, ACC_PATH_OWN, err, sizeof err), "already certified in 'j0'");
    EXPECT_ERR(acc_world_dev_apply(w, 2, 0, ACC_PATH_NONE, err, sizeof err), "'j0' is binding");
    EXPECT_ERR(acc_world_dev_apply(w, 2, 2, ACC_PATH_NONE, err, sizeof err), "already deployed in 'j2'");
    EXPECT_ERR(acc_world_dev_apply(w, 2, 2, ACC_PATH_BLOC, err, sizeof err), "'j2' is in no bloc");
    EXPECT_ERR(acc_world_dev_apply(w, 2, 0, ACC_PATH_ASSESSMENT, err, sizeof err), "recognises (by assessment) no certificate");
    assert_int_equal(acc_world_dev_set(w, 3, ACC_DEV_CAPITAL, 0.1, err, sizeof err), ACC_OK);
    EXPECT_ERR(acc_world_dev_apply(w, 3, 0, ACC_PATH_OWN, err, sizeof err), "cannot afford applying to 'j0'");
    EXPECT_ERR(acc_world_dev_apply(w, 3, 1, ACC_PATH_NONE, err, sizeof err), "cannot afford entering 'j1'");
    EXPECT_ERR(acc_world_dev_apply(w, 3, 1, ACC_PATH_BLOC, err, sizeof err), "cannot afford the bloc application");
    assert_int_equal(acc_world_dev_apply(w, 2, 0, ACC_PATH_OWN, err, sizeof err), ACC_OK);
    EXPECT_ERR(acc_world_dev_apply(w, 2, 0, ACC_PATH_OWN, err, sizeof err), "already has an application pending in 'j0'");
    EXPECT_ERR(acc_world_dev_exit(w, 2, 1, err, sizeof err), "developer 2 is not in 'j1'");
    EXPECT_ERR(acc_world_dev_exit(w, 2, -1, err, sizeof err), "no jurisdiction #-1");
    assert_int_equal(acc_world_dev_exit(w, 2, 0, err, sizeof err), ACC_OK); /* withdraws the application */
    EXPECT_ERR(acc_world_dev_apply(w, 2, 0, ACC_PATH_OWN, err, sizeof err), "may not apply to 'j0' before step 13");
    assert_int_equal(acc_world_dev_exit(w, 0, 0, err, sizeof err), ACC_OK);
    return 0;
}

static void test_rule_refusals(void **state)
{
    (void)state;
    acc_config *cfg = small_config();
    acc_world *w = tc_world(cfg, 1, 0);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_hooks h = {0};
    h.rule = refusing_rule;
    tc_attach_hooks(w, &h);
    tc_step(w);
    assert_non_null(tc_find(&rec, ACC_EV_EXIT, 0, 0));
    const acc_event *wd = tc_find(&rec, ACC_EV_WITHDRAWAL, 2, 0);
    assert_non_null(wd);
    assert_string_equal(wd->detail, "application");
    assert_true(acc_world_metrics(w, 0)->v[ACC_TS_EXITS] == 1);
    tc_step(w);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

/* ---- hooks and sinks that fail ------------------------------------------------------------ */

static int fail_begin(tc_hooks *h, acc_world *w, int step)
{
    (void)h;
    if (step == 2) {
        acc_world_set_error(w, "scenarios/x.lua:12: policy failed");
        return ACC_ESCRIPT;
    }
    return 0;
}
static int fail_rule(tc_hooks *h, acc_world *w, int step)
{
    (void)h;
    (void)w;
    return step == 3 ? ACC_ELIMIT : 0;
}
static int fail_end(tc_hooks *h, acc_world *w, int step)
{
    (void)h;
    (void)w;
    return step == 1 ? ACC_ESCRIPT : 0;
}

static void hook_case(int which, int expect_rc, int expect_step, const char *needle)
{
    acc_config *cfg = small_config();
    acc_world *w = tc_world(cfg, 1, 0);
    tc_hooks h = {0};
    if (which == 0)
        h.begin = fail_begin;
    if (which == 1)
        h.rule = fail_rule;
    if (which == 2)
        h.end = fail_end;
    tc_attach_hooks(w, &h);
    int rc = acc_world_run(w);
    assert_int_equal(rc, expect_rc);
    assert_int_equal(acc_world_step_index(w), expect_step - 1);
    if (!strstr(acc_world_errmsg(w), needle))
        fail_msg("message '%s' lacks '%s'", acc_world_errmsg(w), needle);
    assert_int_equal(acc_world_step(w), expect_rc);
    acc_world_free(w);
    free(cfg);
}

static void test_hook_failures(void **state)
{
    (void)state;
    hook_case(0, ACC_ESCRIPT, 2, "scenarios/x.lua:12: policy failed");
    hook_case(1, ACC_ELIMIT, 3, "the developer rule failed (limit exceeded) at step 3");
    hook_case(2, ACC_ESCRIPT, 1, "the step_end hook failed (script error) at step 1");
}

/* A hook that steps the world it was called from: the nested call fails the
 * world (a step cannot run inside another), and so does the outer step. */
static int nested_rc;
static int step_inside(void *ud, acc_world *w)
{
    (void)ud;
    nested_rc = acc_world_step(w);
    return 0;
}

static void nested_case(int at_end)
{
    acc_config *cfg = small_config();
    acc_world *w;
    char err[256];
    assert_int_equal(acc_world_new(cfg, 1, 0, &w, err, sizeof err), ACC_OK);
    acc_hooks h = {0};
    if (at_end)
        h.step_end = step_inside;
    else
        h.step_begin = step_inside;
    acc_world_set_hooks(w, &h);
    nested_rc = -1;
    assert_int_equal(acc_world_step(w), ACC_EINVAL);
    assert_int_equal(nested_rc, ACC_EINVAL);
    assert_int_equal(acc_world_step_index(w), 0); /* no step was completed, none twice */
    if (!strstr(acc_world_errmsg(w), "cannot run inside another"))
        fail_msg("message '%s'", acc_world_errmsg(w));
    assert_int_equal(acc_world_step(w), ACC_EINVAL); /* the world stays stopped */
    acc_world_free(w);
    free(cfg);
}

static void test_nested_step(void **state)
{
    (void)state;
    nested_case(0); /* from step_begin */
    nested_case(1); /* from step_end: the outer step must not report ACC_OK */
}

/* The config API's helpers with NULL or impossible arguments: an error or
 * a neutral answer, never a crash. */
static void test_null_helpers(void **state)
{
    (void)state;
    char err[256];
    acc_config *cfg = small_config();
    acc_recog_cfg r = {.to = 0, .from = 1, .mode = ACC_RECOG_ASSESSMENT, .fee = -1, .review_months = -1};
    acc_link_cfg l = {.from = 0, .to = 1, .lag_months = 1, .active = 1};
    const char *field = "x";
    EXPECT_ERR(acc_recog_check(NULL, &r, NULL, &field, err, sizeof err), "no configuration");
    assert_null(field);
    EXPECT_ERR(acc_recog_check(cfg, NULL, NULL, NULL, err, sizeof err), "no policy object");
    EXPECT_ERR(acc_link_check(NULL, &l, NULL, NULL, err, sizeof err), "no configuration");
    EXPECT_ERR(acc_link_check(cfg, NULL, NULL, NULL, err, sizeof err), "no policy object");
    EXPECT_ERR(acc_bloc_check(NULL, &cfg->bloc[0], NULL, NULL, err, sizeof err), "no configuration");
    EXPECT_ERR(acc_bloc_check(cfg, NULL, NULL, NULL, err, sizeof err), "no policy object");
    assert_int_equal(acc_recog_check(cfg, &r, NULL, NULL, err, sizeof err), ACC_OK);
    acc_jur_defaults_for(NULL, "eu"); /* nothing to fill */
    double v = -1;
    assert_true(acc_jur_default(NULL, "stringency", &v, NULL, NULL) >= 0); /* the generic preset */
    assert_true(v >= 0 && v <= 1);
    assert_int_equal(acc_jur_default("eu", NULL, &v, NULL, NULL), -1);
    assert_int_equal(acc_config_default(NULL, &v, NULL, NULL), -1);
    assert_int_equal(acc_jur_typical_check(NULL, "x", err, sizeof err), 0);
    /* a jurisdiction count no world can have: no columns for it (the count
     * stays within ACC_SUMMARY_MAX and no name is read past cfg->jur) */
    const int n0 = acc_config_summary_count(NULL);
    cfg->n_jur = 1000000;
    assert_int_equal(acc_config_summary_count(cfg), n0);
    char name[64];
    assert_int_equal(acc_config_summary_name(cfg, n0 + 5, name, sizeof name), -1);
    cfg->n_jur = -3;
    assert_int_equal(acc_config_summary_count(cfg), n0);
    cfg->n_jur = 3;
    assert_true(acc_config_summary_count(cfg) > n0 && acc_config_summary_count(cfg) <= ACC_SUMMARY_MAX);
    free(cfg);
}

static int failing_row(void *ud, const acc_ts_row *row)
{
    (void)ud;
    return row->step == 2 ? ACC_EIO : 0;
}

static void test_sink_failures(void **state)
{
    (void)state;
    acc_config *cfg = small_config();
    acc_world *w = tc_world(cfg, 1, 0);
    acc_sink s = {NULL, failing_row, NULL};
    acc_world_set_sink(w, &s);
    assert_int_equal(acc_world_run(w), ACC_EIO);
    assert_non_null(strstr(acc_world_errmsg(w), "time-series sink failed (I/O error) at step 2"));
    acc_world_free(w);

    w = tc_world(cfg, 1, 0);
    tc_rec rec = {0};
    rec.fail_event_at = 2;
    tc_attach(w, &rec);
    assert_int_equal(acc_world_run(w), ACC_EIO);
    assert_non_null(strstr(acc_world_errmsg(w), "event sink failed"));
    assert_int_equal((int)rec.nev, 2); /* nothing emitted after the failure */
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

/* A state that becomes non-finite fails the run, naming developer and step. */
static void test_non_finite_state(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(1);
    cfg->rd_capability_gain = 1e308;
    acc_pop_cfg *p = tc_pop(cfg, ACC_INCUMBENT, 0, 3, 1e3, 1, 0.7, 1);
    p->invest_rate = tc_fixed(0.5);
    acc_world *w = tc_world(cfg, 1, 0);
    assert_int_equal(acc_world_step(w), ACC_ERUN);
    const char *m = acc_world_errmsg(w);
    if (!strstr(m, "step 1: developer 0 (incumbent, home 'j0'): capability became inf")) /* the C API numbers from 0 */
        fail_msg("message: %s", m);
    acc_world_free(w);
    free(cfg);
}

/* ---- names and sizes -------------------------------------------------------------------- */

static int snake(const char *s)
{
    if (!s || !*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return 0;
    return 1;
}

static void test_names(void **state)
{
    (void)state;
    for (int c = 0; c < ACC_TS_NCOLS; c++) {
        assert_true(snake(acc_ts_col_name(c)));
        for (int d = 0; d < c; d++)
            assert_string_not_equal(acc_ts_col_name(c), acc_ts_col_name(d));
    }
    assert_string_equal(acc_ts_col_name(ACC_TS_NCOLS), "?");
    assert_string_equal(acc_ts_col_name(ACC_TS_HHI), "hhi");
    for (int e = 0; e < ACC_EV_NTYPES; e++)
        assert_true(snake(acc_event_name(e)));
    assert_string_equal(acc_event_name(ACC_EV_INCIDENT), "incident");
    assert_string_equal(acc_event_name(-1), "?");
    for (int a = 0; a < ACC_DEV_NATTR; a++) {
        assert_true(snake(acc_dev_attr_name(a)));
        assert_int_equal(acc_dev_attr_parse(acc_dev_attr_name(a)), a);
    }
    assert_int_equal(acc_dev_attr_parse("wealth"), -1);
    assert_int_equal(acc_dev_attr_parse(NULL), -1);
    acc_config *cfg = small_config();
    acc_world *w = tc_world(cfg, 1, 0);
    int n = acc_world_summary_count(w);
    assert_true(n > 40 && n < 256);
    for (int k = 0; k < n; k++) {
        assert_true(snake(acc_world_summary_name(w, k)));
        for (int q = 0; q < k; q++)
            assert_string_not_equal(acc_world_summary_name(w, k), acc_world_summary_name(w, q));
    }
    assert_null(acc_world_summary_name(w, n));
    acc_world_free(w);
    free(cfg);
}

/* Memory per developer at J = 8 (measured as the growth of acc_world_bytes
 * between two population sizes): at most 384 bytes. It was 485.5 in v1.2; the
 * v2 state (open segments 24, requirement sets paid 8, cumulative revenue for
 * top10_share 8, sandbox cover 4) took it to about 530; issue 12 brought it to
 * 425.5 (16-bit step timers: 64; the profit ring kept only where read: 48),
 * then 385.5 (the state from the masks, a certificate and an application in
 * a byte each, the application's step in the cooldown timer: 5 per market).
 * Computed: 272 bytes per developer + 12 per market, and an eighth of a
 * vulnerability slot (72 + 2 J + 4 bytes): 379.5 since the pool's awareness
 * steps are 16-bit and the funding's scratch shares a snapshot mask. */
static void test_bytes_per_developer(void **state)
{
    (void)state;
    /* J = 8 and J = 16 (issue 12: at most 512 per developer with J up to 16,
     * room for startups and the fixed part included; 477.5 per slot here) */
    const int js[2] = {8, 16};
    const double bound[2] = {384, 480};
    for (int q = 0; q < 2; q++) {
        size_t b[2];
        int n[2] = {1000, 11000};
        for (int k = 0; k < 2; k++) {
            acc_config *cfg = tc_config(js[q]);
            tc_pop(cfg, ACC_STARTUP, 0, n[k], 10, 0, 0.5, 1);
            acc_world *w = tc_world(cfg, 1, 0);
            b[k] = acc_world_bytes(w);
            acc_world_free(w);
            free(cfg);
        }
        double per = (double)(b[1] - b[0]) / (n[1] - n[0]);
        if (getenv("TC_VERBOSE"))
            fprintf(stderr, "bytes per developer at J = %d: %.1f\n", js[q], per);
        assert_true(per <= bound[q]);
        assert_true(per >= 100);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_errors),
        cmocka_unit_test(test_field_setters),
        cmocka_unit_test(test_harmonization_errors),
        cmocka_unit_test(test_developer_errors),
        cmocka_unit_test(test_rule_refusals),
        cmocka_unit_test(test_hook_failures),
        cmocka_unit_test(test_sink_failures),
        cmocka_unit_test(test_nested_step),
        cmocka_unit_test(test_null_helpers),
        cmocka_unit_test(test_non_finite_state),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_bytes_per_developer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
