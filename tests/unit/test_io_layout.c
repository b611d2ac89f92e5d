/* accord tests — the results-directory layout (io/layout.h): the names and
 * kinds the outputs have always used, UTC time stamps in both formats, and
 * the manifests' "versions" object with and without Lua's and GSL's (and
 * the source commit), and the "sources" object.
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
             "{\n  \"versions\": {\n    \"accord\": \"%s\",\n    \"accord_commit\": \"%s\",\n"
             "    \"lua\": \"Lua 5.4.9\",\n    \"gsl\": \"2.7\",\n    \"libcsv\": \"%s\"\n  }\n}\n",
             ACCORD_VERSION, acc_layout_commit(), csvv);
    assert_string_equal(all, want);
    free(all);
    char *some = versions_text(NULL, NULL); /* a layer that sees neither */
    snprintf(want, sizeof want,
             "{\n  \"versions\": {\n    \"accord\": \"%s\",\n    \"accord_commit\": \"%s\",\n"
             "    \"libcsv\": \"%s\"\n  }\n}\n",
             ACCORD_VERSION, acc_layout_commit(), csvv);
    assert_string_equal(some, want);
    free(some);
}

/* the commit: "unknown", or 40 lower-case hex digits, then maybe "-dirty" */
static void test_commit(void **state)
{
    (void)state;
    const char *c = acc_layout_commit();
    assert_non_null(c);
    if (strcmp(c, "unknown") == 0)
        return;
    size_t n = strspn(c, "0123456789abcdef");
    assert_int_equal(n, 40);
    assert_true(c[n] == 0 || strcmp(c + n, "-dirty") == 0);
}

static char *sources_text(const acc_layout_sources *src)
{
    char *text = NULL, err[ACC_ERRLEN];
    size_t size = 0;
    FILE *fp = open_memstream(&text, &size);
    assert_non_null(fp);
    acc_json *j;
    assert_int_equal(acc_json_new(fp, "manifest.json", &j, err, sizeof err), ACC_OK);
    assert_int_equal(acc_json_begin_object(j), 0);
    assert_int_equal(acc_layout_sources_write(j, src), 0);
    assert_int_equal(acc_json_end_object(j) || acc_json_finish(j), 0);
    acc_json_free(j);
    fclose(fp);
    return text;
}

/* module files sorted by path whatever the order given; one path with two
 * contents: the first SHA-256 in order, then sha256_also; dirs as given;
 * the note and what differs between shards */
static void test_sources(void **state)
{
    (void)state;
    const char *dirs[2] = {"/s/scripts", "/s/sc"};
    const acc_layout_module mods[4] = {{"z", "/s/sc/z.lua", "cc"},
                                       {"a.b", "/s/scripts/a/b.lua", "bb"},
                                       {"z", "/s/sc/z.lua", "aa"},
                                       {"z", "/s/sc/z.lua", "cc"}};
    const char *differ[1] = {"module_files"};
    acc_layout_sources src = {"/w", dirs, 2, 0, mods, 4, differ, 1, "a note"};
    char *t = sources_text(&src);
    assert_string_equal(t, "{\n  \"sources\": {\n    \"cwd\": \"/w\",\n"
                           "    \"module_dirs\": [\n      \"/s/scripts\",\n      \"/s/sc\"\n    ],\n"
                           "    \"module_files\": {\n"
                           "      \"/s/sc/z.lua\": {\n        \"module\": \"z\",\n"
                           "        \"sha256\": \"aa\",\n        \"sha256_also\": [\n          \"cc\"\n        ]\n      },\n"
                           "      \"/s/scripts/a/b.lua\": {\n        \"module\": \"a.b\",\n"
                           "        \"sha256\": \"bb\"\n      }\n    },\n"
                           "    \"module_files_note\": \"a note\",\n"
                           "    \"differs_between_shards\": [\n      \"module_files\"\n    ]\n  }\n}\n");
    free(t);
    /* nothing loaded, folders resolved: a missing one is left out */
    const char *dirs2[3] = {"/", "/nonexistent/accord-test", "/"};
    acc_layout_sources none = {"/w", dirs2, 3, 1, NULL, 0, NULL, 0, NULL};
    t = sources_text(&none);
    assert_string_equal(t, "{\n  \"sources\": {\n    \"cwd\": \"/w\",\n"
                           "    \"module_dirs\": [\n      \"/\"\n    ],\n"
                           "    \"module_files\": {}\n  }\n}\n");
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_utc),
        cmocka_unit_test(test_versions),
        cmocka_unit_test(test_commit),
        cmocka_unit_test(test_sources),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
