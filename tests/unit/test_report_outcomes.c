/* accord tests — the table of key outcomes (report/outcomes.h): every
 * outcome named there is one the core's summary has (or a function model's,
 * freq_unsafe), each has a display name, unit and description, and the key
 * outcomes of tables and the default outcomes of sweep figures come in the
 * order the outputs have always used.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>

#include <string.h>

#include "core/model.h"
#include "io/jdoc.h"
#include "report/outcomes.h"

static int in_core_summary(const char *name)
{
    for (int i = 0; i < acc_world_summary_count(NULL); i++)
        if (strcmp(acc_world_summary_name(NULL, i), name) == 0)
            return 1;
    return 0;
}

static void check_row(const char *name)
{
    const acc_outcome_info *o = acc_outcome_find(name);
    assert_non_null(o);
    assert_string_equal(o->name, name);
    assert_non_null(o->label);
    assert_true(o->label[0] != '\0');
    assert_non_null(o->unit);
    assert_non_null(o->doc);
    assert_ptr_equal(acc_outcome_doc(name), o->doc);
    if (strcmp(name, "freq_unsafe") != 0 && !in_core_summary(name))
        fail_msg("'%s' is not an outcome of the core's summary (core/world.c)", name);
}

static void test_key_order(void **state)
{
    (void)state;
    /* summary tables (accord compare, accord report) */
    static const char *const key[] = {
        "welfare", "harm", "certification_spend", "compliance_spend", "startup_survival_rate",
        "final_deployed", "final_mean_safety", "final_hhi", "final_startup_share", "incidents",
        "mean_detection_lag", "revenue", "exposure", "noncompliant_share", "caught", "fine_spend"};
    int n = 0;
    while (acc_outcome_key(n)) {
        assert_true(n < (int)(sizeof key / sizeof key[0]));
        assert_string_equal(acc_outcome_key(n), key[n]);
        assert_true(acc_outcome_is_key(key[n]));
        check_row(key[n]);
        n++;
    }
    assert_int_equal(n, (int)(sizeof key / sizeof key[0]));
    assert_null(acc_outcome_key(-1));
    assert_false(acc_outcome_is_key("entry_spend"));
    assert_false(acc_outcome_is_key("freq_unsafe"));
    assert_false(acc_outcome_is_key("no_such_outcome"));
}

static void test_figure_order(void **state)
{
    (void)state;
    /* a sweep's default figures (accord plot) */
    static const char *const fig[] = {
        "welfare", "harm", "startup_survival_rate", "certification_spend", "compliance_spend",
        "final_mean_safety", "final_hhi", "final_deployed", "incidents", "freq_unsafe"};
    int n = 0;
    while (acc_outcome_figure(n)) {
        assert_true(n < (int)(sizeof fig / sizeof fig[0]));
        assert_string_equal(acc_outcome_figure(n), fig[n]);
        check_row(fig[n]);
        n++;
    }
    assert_int_equal(n, (int)(sizeof fig / sizeof fig[0]));
}

static void test_docs(void **state)
{
    (void)state;
    assert_non_null(strstr(acc_outcome_doc("welfare"), "M$"));
    assert_string_equal(acc_outcome_find("harm")->unit, "M$");
    assert_null(acc_outcome_doc("no_such_outcome"));
    assert_null(acc_outcome_find(NULL));
    check_row("fine_spend");
    check_row("entry_spend");
    check_row("mean_time_to_market");
}

/* The world-independent statistics have rows; per-jurisdiction names find
 * their prefix's row (the longest prefix: revenue_home_ before revenue_), a
 * bare prefix finds nothing, and exact names win (fines_paid). */
static void test_new_summary_rows(void **state)
{
    (void)state;
    check_row("top10_share");
    check_row("bankruptcy_rate_incumbent");
    check_row("bankruptcy_rate_startup");
    check_row("bankruptcy_rate_open_source");
    check_row("startup_survival_5y");
    check_row("noncompliant_share");
    assert_string_equal(acc_outcome_find("harm_eu")->name, "harm_");
    assert_string_equal(acc_outcome_find("revenue_home_us")->name, "revenue_home_");
    assert_string_equal(acc_outcome_find("revenue_us")->name, "revenue_");
    assert_string_equal(acc_outcome_find("exposure_jp")->unit, "million user-months");
    assert_string_equal(acc_outcome_find("rejections_uk")->name, "rejections_");
    assert_string_equal(acc_outcome_find("fines_paid")->name, "fines_paid");
    assert_string_equal(acc_outcome_find("fines_eu")->name, "fines_");
    assert_null(acc_outcome_find("harm_"));
    assert_null(acc_outcome_find("revenue_home_"));
    assert_false(acc_outcome_is_key("harm_eu"));
    assert_non_null(strstr(acc_outcome_doc("harm_eu"), "jurisdiction"));
}

/* Units of any outcome: the manifest's custom metrics, else the table's. */
static void test_units(void **state)
{
    (void)state;
    static const char text[] =
        "{\"kind\": \"run\", \"metrics\": [{\"name\": \"eu_certified\", \"unit\": \"developers\", "
        "\"doc\": \"certified in the EU\"}, {\"name\": \"plain\", \"unit\": \"\", \"doc\": \"\"}, "
        "{\"unit\": \"nameless\"}, {\"name\": \"harm_eu_cn\", \"unit\": \"incidents\", "
        "\"doc\": \"harm the EU traced to CN\"}]}";
    acc_jdoc *d = NULL;
    char err[128];
    assert_int_equal(acc_jdoc_parse("m", text, sizeof text - 1, &d, err, sizeof err), 0);
    const acc_jval *root = acc_jdoc_root(d);
    const char *doc = NULL;
    assert_string_equal(acc_outcome_unit("harm", root, &doc), "M$");
    assert_string_equal(doc, acc_outcome_doc("harm"));
    assert_string_equal(acc_outcome_unit("harm_eu", NULL, NULL), "M$");
    assert_string_equal(acc_outcome_unit("final_hhi", root, NULL), "HHI, 0-10,000");
    assert_string_equal(acc_outcome_unit("eu_certified", root, &doc), "developers");
    assert_string_equal(doc, "certified in the EU");
    assert_string_equal(acc_outcome_unit("plain", root, &doc), "");
    assert_string_equal(doc, "");
    assert_string_equal(acc_outcome_unit("unknown", root, &doc), "");
    assert_string_equal(acc_outcome_unit("eu_certified", NULL, &doc), ""); /* no manifest */
    assert_string_equal(acc_outcome_unit(NULL, root, NULL), "");
    /* a metric the scenario records, named like a per-jurisdiction outcome:
     * its own unit and doc, not harm_<id>'s */
    assert_string_equal(acc_outcome_unit("harm_eu_cn", root, &doc), "incidents");
    assert_string_equal(doc, "harm the EU traced to CN");
    assert_string_equal(acc_outcome_unit("harm_eu_cn", NULL, NULL), "M$");
    acc_jdoc_free(d);
}

/* Supports: costs, counts, harm and per-jurisdiction amounts are >= 0,
 * shares in [0, 1], welfare (and its negative terms) and unknown or custom
 * names unbounded. */
static void test_support(void **state)
{
    (void)state;
    double lo = 7, hi = 7;
    assert_int_equal(acc_outcome_support("harm", &lo, &hi), ACC_SUPPORT_NONNEG);
    assert_true(lo == 0 && isinf(hi) && hi > 0);
    assert_int_equal(acc_outcome_support("final_startup_share", &lo, &hi), ACC_SUPPORT_UNIT);
    assert_true(lo == 0 && hi == 1);
    assert_int_equal(acc_outcome_support("welfare", &lo, &hi), ACC_SUPPORT_REAL);
    assert_true(isinf(lo) && lo < 0 && isinf(hi));
    assert_int_equal(acc_outcome_support("welfare_harm", NULL, NULL), ACC_SUPPORT_REAL);
    assert_int_equal(acc_outcome_support("harm_eu", NULL, NULL), ACC_SUPPORT_NONNEG);
    assert_int_equal(acc_outcome_support("revenue_home_us", NULL, NULL), ACC_SUPPORT_NONNEG);
    assert_int_equal(acc_outcome_support("harm_", NULL, NULL), ACC_SUPPORT_REAL);
    assert_int_equal(acc_outcome_support("my_metric", NULL, NULL), ACC_SUPPORT_REAL);
    assert_int_equal(acc_outcome_support("freq_unsafe", NULL, NULL), ACC_SUPPORT_UNIT);
    assert_int_equal(acc_outcome_support("mean_detection_lag", NULL, NULL), ACC_SUPPORT_NONNEG);
    assert_int_equal(acc_outcome_support(NULL, NULL, NULL), ACC_SUPPORT_REAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_order),
        cmocka_unit_test(test_figure_order),
        cmocka_unit_test(test_docs),
        cmocka_unit_test(test_new_summary_rows),
        cmocka_unit_test(test_units),
        cmocka_unit_test(test_support),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
