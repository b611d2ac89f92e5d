/* accord tests — a scenario's warnings (engine/lua/scenario_warn.c): values
 * outside their typical range from the scenario's tables (file:line), --set
 * and policies at run time (the policy's line), once per field and place;
 * months that round to other steps against the final steps_per_year; values
 * --set replaces do not warn; stringency + 2 assessment_noise > 1; the warn
 * callback and the default log line; --strict at load and at run time.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_util_tmp.h"

#include "base/common.h"
#include "lua/scenario.h"

typedef struct capture {
    int nwarn, nlog;
    char warn[8][1024];
    char log[8][1024];
} capture;

static void on_warn(void *ud, const char *msg)
{
    capture *c = ud;
    if (c->nwarn < 8)
        snprintf(c->warn[c->nwarn], sizeof c->warn[0], "%s", msg);
    c->nwarn++;
}

static void on_log(void *ud, const char *msg)
{
    capture *c = ud;
    if (c->nlog < 8)
        snprintf(c->log[c->nlog], sizeof c->log[0], "%s", msg);
    c->nlog++;
}

static const char scenario_text[] =
    "local g = param { name = \"g\", default = 25, min = -0.5, max = 100 }\n" /* 1 */
    "return scenario {\n"                                                   /* 2 */
    "  years = 1,\n"                                                        /* 3 */
    "  jurisdictions = {\n"                                                 /* 4 */
    "    jurisdiction { id = \"aa\", market = 5000, binding = true,\n"      /* 5 */
    "                   growth = g,\n"                                      /* 6 */
    "                   review_months = 1.5 },\n"                           /* 7 */
    "    jurisdiction { id = \"bb\", market = 8000 },\n"                    /* 8 */
    "  },\n"                                                                /* 9 */
    "  sharing = { share { from = \"aa\", to = \"bb\", lag_months = 0.5, mutual = true } },\n" /* 10 */
    "  populations = { population { kind = \"startup\", home = \"aa\", count = 5, capital = {1, 1e7} } },\n" /* 11 */
    "  policies = function(world)\n"                                        /* 12 */
    "    world:set(\"bb\", \"label_premium\", 0.5 + world:step() / 100)\n"  /* 13 */
    "  end,\n"                                                              /* 14 */
    "}\n";

static const char policy_text[] =
    "return scenario { years = 1, jurisdictions = { jurisdiction { id = \"aa\", market = 5000 } },\n"
    "  policies = function(world)\n"
    "    world:set(\"aa\", \"fine_share\", 0.5)\n"
    "  end }\n";

static const char *path, *ppath;

static int setup(void **state)
{
    (void)state;
    if (tmp_setup("accord-lua-warnings."))
        return -1;
    path = strdup(in_tmp("w.lua"));
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs(scenario_text, f);
    fclose(f);
    ppath = strdup(in_tmp("p.lua"));
    if (!(f = fopen(ppath, "w")))
        return -1;
    fputs(policy_text, f);
    fclose(f);
    return 0;
}

static int teardown(void **state)
{
    free((void *)path);
    free((void *)ppath);
    return tmp_teardown(state);
}

static int load(const char *const *sets, int nsets, int strict, capture *c, int use_warn, acc_scenario **s,
                char *err, size_t errlen)
{
    acc_scenario_opts o;
    memset(&o, 0, sizeof o);
    o.path = path;
    o.sets = sets;
    o.n_sets = nsets;
    o.seed = 1;
    o.log = on_log;
    o.log_ud = c;
    if (use_warn) {
        o.warn = on_warn;
        o.warn_ud = c;
    }
    o.strict = strict;
    return acc_scenario_load(&o, s, err, errlen);
}

static void test_load_warnings(void **state)
{
    (void)state;
    capture c = {0};
    acc_scenario *s;
    char err[ACC_ERRLEN], want[1200];
    assert_int_equal(load(NULL, 0, 0, &c, 1, &s, err, sizeof err), ACC_OK);
    /* growth (line 6), review_months (7), one of the two lag_months of the
     * mutual link (10: once per field and place), capital's high end (11) */
    assert_int_equal(c.nwarn, 4);
    assert_int_equal(acc_scenario_nwarnings(s), 4);
    assert_int_equal(c.nlog, 0); /* the callback, not the log */
    snprintf(want, sizeof want,
             "%s:6: jurisdiction 'aa': growth = 25 is far outside its typical range [-0.1, 1] (per year); did you "
             "mean 0.25?",
             path);
    assert_string_equal(c.warn[0], want);
    snprintf(want, sizeof want,
             "%s:7: jurisdiction 'aa': review_months = 1.5 months is 2 steps (2 months) at steps_per_year = 12", path);
    assert_string_equal(c.warn[1], want);
    /* in the order converted: populations before sharing links */
    snprintf(want, sizeof want,
             "%s:11: population #1: capital = 1e+07 is far outside its typical range [0, 500000] (M$)", path);
    assert_string_equal(c.warn[2], want);
    snprintf(want, sizeof want,
             "%s:10: sharing link #1: lag_months = 0.5 months is 1 step (1 month) at steps_per_year = 12", path);
    assert_string_equal(c.warn[3], want);
    const char *key;
    assert_string_equal(acc_scenario_warning(s, 0, &key), c.warn[0]);
    snprintf(want, sizeof want, "%s:6|growth|typical", path);
    assert_string_equal(key, want);
    assert_null(acc_scenario_warning(s, 4, NULL));
    /* a policy sets a new value every step from one line: one warning */
    acc_run_sink sink;
    memset(&sink, 0, sizeof sink);
    assert_int_equal(acc_scenario_run(s, &sink, err, sizeof err), ACC_OK);
    assert_int_equal(c.nwarn, 5);
    snprintf(want, sizeof want,
             "%s:13: jurisdiction 'bb': label_premium = 0.51 is outside its typical range [0, 0.5] (share)", path);
    assert_string_equal(c.warn[4], want);
    acc_scenario_free(s);
}

static void test_set_and_log(void **state)
{
    (void)state;
    capture c = {0};
    acc_scenario *s;
    char err[ACC_ERRLEN], want[1200];
    /* --set replaces the file's review_months and growth; steps_per_year 4
     * makes the link's 0.5 months 0 steps; the default goes to the log */
    const char *sets[] = {"g=0.2", "aa.review_months=3", "steps_per_year=4", "bb.growth=30"};
    assert_int_equal(load(sets, 4, 0, &c, 0, &s, err, sizeof err), ACC_OK);
    assert_int_equal(c.nwarn, 0);
    assert_int_equal(c.nlog, 3);
    /* table values first, in the order converted, then --set */
    assert_string_equal(c.log[2], "warning: --set bb.growth = 30 is far outside its typical range [-0.1, 1] (per "
                                  "year); did you mean 0.3?");
    snprintf(want, sizeof want,
             "warning: %s:10: sharing link #1: lag_months = 0.5 months is 0 steps (0 months) at steps_per_year = 4",
             path);
    assert_string_equal(c.log[1], want);
    acc_scenario_free(s);
}

static void test_strict(void **state)
{
    (void)state;
    capture c = {0};
    acc_scenario *s = NULL;
    char err[ACC_ERRLEN], want[1200];
    assert_int_equal(load(NULL, 0, 1, &c, 1, &s, err, sizeof err), ACC_EINVAL);
    assert_null(s);
    assert_int_equal(c.nwarn, 0); /* an error, not a warning */
    snprintf(want, sizeof want,
             "%s:6: jurisdiction 'aa': growth = 25 is far outside its typical range [-0.1, 1] (per year); did you "
             "mean 0.25? (--strict: warnings are errors)",
             path);
    assert_string_equal(err, want);
    /* nothing to warn at load: the policy's warning fails the run */
    acc_scenario_opts o;
    memset(&o, 0, sizeof o);
    o.path = ppath;
    o.strict = 1;
    o.warn = on_warn;
    o.warn_ud = &c;
    assert_int_equal(acc_scenario_load(&o, &s, err, sizeof err), ACC_OK);
    acc_run_sink sink;
    memset(&sink, 0, sizeof sink);
    assert_int_equal(acc_scenario_run(s, &sink, err, sizeof err), ACC_EINVAL);
    snprintf(want, sizeof want,
             "%s:3: jurisdiction 'aa': fine_share = 0.5 is far outside its typical range [0, 0.1] (share of "
             "revenue) (--strict: warnings are errors)",
             ppath);
    assert_string_equal(err, want);
    assert_int_equal(c.nwarn, 0);
    acc_scenario_free(s);
}

static void test_noise_rule(void **state)
{
    (void)state;
    int nf;
    const acc_field *jf = acc_jur_fields(&nf);
    if (!acc_field_find(jf, nf, "assessment_noise"))
        skip(); /* comes with imperfect assessment (MODEL.md v2 change 2) */
    capture c = {0};
    acc_scenario *s;
    char err[ACC_ERRLEN];
    const char *sets[] = {"g=0.2", "aa.review_months=2", "aa.stringency=0.6", "aa.assessment_noise=0.3"};
    assert_int_equal(load(sets, 4, 0, &c, 1, &s, err, sizeof err), ACC_OK);
    int found = 0;
    for (int i = 0; i < c.nwarn && i < 8; i++)
        if (strstr(c.warn[i], ":5: jurisdiction 'aa': stringency + 2 x assessment_noise = 0.6 + 2 x 0.3 = 1.2 is "
                              "above 1: even a perfect model (safety 1) would fail 9.12 % of its reviews and audits"))
            found++;
    assert_int_equal(found, 1);
    acc_scenario_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_warnings),
        cmocka_unit_test(test_set_and_log),
        cmocka_unit_test(test_strict),
        cmocka_unit_test(test_noise_rule),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
