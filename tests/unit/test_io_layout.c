/* accord tests — the results-directory layout (io/layout.h): the names and
 * kinds the outputs have always used, UTC time stamps in both formats, and
 * the manifests' "versions" object with and without Lua's and GSL's.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_util_tmp.h"

#include <csv.h>
#include <ctype.h>

#include "base/common.h"
#include "io/json.h"
#include "io/layout.h"

static void test_names(void **state)
{
    (void)state;
    /* the documented names (README, docs/outputs.md, docs/sweeps.md) */
    assert_string_equal(ACC_FILE_TIMESERIES, "timeseries.csv");
    assert_string_equal(ACC_FILE_EVENTS, "events.csv");
    assert_string_equal(ACC_FILE_SUMMARY, "summary.csv");
    assert_string_equal(ACC_FILE_CUSTOM, "custom.csv");
    assert_string_equal(ACC_FILE_LOG, "log.txt");
    assert_string_equal(ACC_FILE_MANIFEST, "manifest.json");
    assert_string_equal(ACC_FILE_REPORT, "report.html");
    assert_string_equal(ACC_FILE_RUNS, "runs.csv");
    assert_string_equal(ACC_FILE_POINTS, "points.csv");
    assert_string_equal(ACC_FILE_SENSITIVITY, "sensitivity.csv");
    assert_string_equal(ACC_FILE_FAILURES, "failures.csv");
    assert_string_equal(ACC_FILE_JOURNAL, "journal.txt");
    assert_string_equal(ACC_FILE_TS_JOURNAL, "timeseries.bin");
    assert_string_equal(ACC_FILE_COMPARE, "compare.csv");
    assert_string_equal(ACC_FILE_COMPARE_TS, "compare_timeseries.csv");
    assert_string_equal(ACC_FILE_COMPARE_DIFF, "compare_difference.csv");
    assert_string_equal(ACC_FILE_TABLE_PHASE, "table_phase.csv");
    char t[64];
    snprintf(t, sizeof t, ACC_FILE_TABLE_FMT, "phase");
    assert_string_equal(t, ACC_FILE_TABLE_PHASE);
    assert_string_equal("%s/" ACC_FILE_MANIFEST, "%s/manifest.json"); /* literals */
    assert_string_equal(ACC_KIND_RUN, "run");
    assert_string_equal(ACC_KIND_SWEEP, "sweep");
    assert_string_equal(ACC_KIND_SHARD, "sweep-shard");
    assert_string_equal(ACC_KIND_COMPARE, "compare");
}

static void test_utc(void **state)
{
    (void)state;
    char iso[32], human[32];
    acc_utc_now(iso, sizeof iso, ACC_UTC_ISO8601);
    acc_utc_now(human, sizeof human, ACC_UTC_HUMAN);
    /* 2026-11-26T23:05:29Z and 2026-11-26 23:05 UTC */
    assert_int_equal(strlen(iso), 20);
    assert_int_equal(strlen(human), 20);
    static const char iso_shape[] = "dddd-dd-ddTdd:dd:ddZ", human_shape[] = "dddd-dd-dd dd:dd UTC";
    for (int i = 0; i < 20; i++) {
        if (iso_shape[i] == 'd')
            assert_true(isdigit((unsigned char)iso[i]));
        else
            assert_int_equal(iso[i], iso_shape[i]);
        if (human_shape[i] == 'd')
            assert_true(isdigit((unsigned char)human[i]));
        else
            assert_int_equal(human[i], human_shape[i]);
    }
    assert_memory_equal(iso, human, 10); /* the same day (unless midnight passed) */
}

/* The "versions" member written inside an object, as text. */
static char *versions_text(const char *lua, const char *gsl)
{
    char *text = NULL, err[ACC_ERRLEN];
    size_t size = 0;
    FILE *fp = open_memstream(&text, &size);
    assert_non_null(fp);
    acc_json *j;
    assert_int_equal(acc_json_new(fp, "manifest.json", &j, err, sizeof err), ACC_OK);
    assert_int_equal(acc_json_begin_object(j), 0);
    assert_int_equal(acc_layout_versions(j, lua, gsl), 0);
    assert_int_equal(acc_json_end_object(j) || acc_json_finish(j), 0);
    acc_json_free(j);
    fclose(fp);
    return text;
}

static void test_versions(void **state)
{
    (void)state;
    char csvv[32], want[512];
    snprintf(csvv, sizeof csvv, "%d.%d.%d", CSV_MAJOR, CSV_MINOR, CSV_RELEASE);
    char *all = versions_text("Lua 5.4.9", "2.7");
    snprintf(want, sizeof want,
             "{\n  \"versions\": {\n    \"accord\": \"%s\",\n    \"lua\": \"Lua 5.4.9\",\n"
             "    \"gsl\": \"2.7\",\n    \"libcsv\": \"%s\"\n  }\n}\n",
             ACCORD_VERSION, csvv);
    assert_string_equal(all, want);
    free(all);
    char *some = versions_text(NULL, NULL); /* a layer that sees neither */
    snprintf(want, sizeof want,
             "{\n  \"versions\": {\n    \"accord\": \"%s\",\n    \"libcsv\": \"%s\"\n  }\n}\n",
             ACCORD_VERSION, csvv);
    assert_string_equal(some, want);
    free(some);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_utc),
        cmocka_unit_test(test_versions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
