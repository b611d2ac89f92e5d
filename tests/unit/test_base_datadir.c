/* accord tests — finding the data directories (base/datadir.h): the
 * environment decides alone and unchecked, ./<sub> only with its marker file
 * and given relative, a binary that was not installed falls back to its
 * source tree, bad names and small buffers. (The installed layout, beside
 * /proc/self/exe, is checked by tests/e2e/test_install.sh.)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_util_tmp.h"

#include "base/datadir.h"

static char cwd0[4096];

static int setup(void **state)
{
    (void)state;
    if (!getcwd(cwd0, sizeof cwd0))
        return -1;
    static const char *const vars[] = {"ACCORD_SCRIPTS", "ACCORD_PLOTS", "ACCORD_SCENARIOS",
                                       "ACCORD_DATA", "ACCORD_DOCS", "ACCORD_FOO"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        unsetenv(vars[i]);
    return tmp_setup("accord-base-datadir-");
}

static int teardown(void **state)
{
    if (chdir(cwd0) != 0)
        return -1;
    return tmp_teardown(state);
}

static void touch(const char *rel)
{
    FILE *f = fopen(in_tmp(rel), "w");
    assert_non_null(f);
    assert_int_equal(fclose(f), 0);
}

static void test_environment(void **state)
{
    (void)state;
    char out[4096];
    setenv("ACCORD_PLOTS", "/nonexistent/plots", 1); /* returned as given, unchecked */
    assert_int_equal(acc_data_dir("plots", out, sizeof out), ACC_DATA_ENV);
    assert_string_equal(out, "/nonexistent/plots");
    assert_int_equal(acc_data_dir("plots", out, 8), ACC_DATA_NONE); /* does not fit: nothing else */
    assert_string_equal(out, "");
    setenv("ACCORD_PLOTS", "", 1); /* empty: as if unset */
    assert_int_not_equal(acc_data_dir("plots", out, sizeof out), ACC_DATA_ENV);
    unsetenv("ACCORD_PLOTS");
    setenv("ACCORD_SCENARIOS", "/s", 1);
    setenv("ACCORD_SCRIPTS", "/x", 1);
    setenv("ACCORD_FOO", "/foo", 1); /* any sub: ACCORD_ and its name upper-cased */
    assert_int_equal(acc_data_dir("scenarios", out, sizeof out), ACC_DATA_ENV);
    assert_string_equal(out, "/s");
    assert_int_equal(acc_data_dir("scripts", out, sizeof out), ACC_DATA_ENV);
    assert_string_equal(out, "/x");
    assert_int_equal(acc_data_dir("foo", out, sizeof out), ACC_DATA_ENV);
    assert_string_equal(out, "/foo");
    unsetenv("ACCORD_SCENARIOS");
    unsetenv("ACCORD_SCRIPTS");
    unsetenv("ACCORD_FOO");
}

static void test_working_directory(void **state)
{
    (void)state;
    char out[4096];
    assert_int_equal(chdir(tmpdir), 0);
    /* scripts/ without its marker (regimes.lua) is not accord's */
    assert_int_equal(mkdir(in_tmp("scripts"), 0755), 0);
    touch("scripts/other.lua");
    assert_int_not_equal(acc_data_dir("scripts", out, sizeof out), ACC_DATA_CWD);
    touch("scripts/regimes.lua");
    assert_int_equal(acc_data_dir("scripts", out, sizeof out), ACC_DATA_CWD);
    assert_string_equal(out, "scripts"); /* relative: short messages */
    /* the marker must be a file */
    assert_int_equal(mkdir(in_tmp("plots"), 0755), 0);
    assert_int_equal(mkdir(in_tmp("plots/style.gp"), 0755), 0);
    assert_int_not_equal(acc_data_dir("plots", out, sizeof out), ACC_DATA_CWD);
    /* a sub without a marker: any directory of that name */
    assert_int_equal(mkdir(in_tmp("extra"), 0755), 0);
    assert_int_equal(acc_data_dir("extra", out, sizeof out), ACC_DATA_CWD);
    assert_string_equal(out, "extra");
    assert_int_equal(acc_data_dir("missing", out, sizeof out), ACC_DATA_NONE);
    assert_string_equal(out, "");
    assert_int_equal(chdir(cwd0), 0);
}

/* This test binary is not installed: the source tree it was built from
 * answers (through <exe dir>/.. when the build directory is the source tree). */
static void test_source_tree(void **state)
{
    (void)state;
    char out[4096], want[4200];
    mkdir(in_tmp("empty"), 0755);
    assert_int_equal(chdir(in_tmp("empty")), 0); /* no plots/ here */
    static const char *const subs[][2] = {{"plots", "style.gp"},     {"scripts", "regimes.lua"},
                                          {"scenarios", "baseline.lua"}, {"data", "README.md"},
                                          {"docs", "model.md"}};
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++) {
        int where = acc_data_dir(subs[i][0], out, sizeof out);
        if (where != ACC_DATA_SOURCE && where != ACC_DATA_BUILD)
            fail_msg("%s: found as %d (%s)", subs[i][0], where, out);
        assert_null(strstr(out, "/../"));
        snprintf(want, sizeof want, "%s/%s", out, subs[i][1]);
        assert_int_equal(access(want, R_OK), 0);
        if (where == ACC_DATA_SOURCE) {
            snprintf(want, sizeof want, "%s/%s", ACCORD_SOURCE_DIR, subs[i][0]);
            assert_string_equal(out, want);
        }
    }
    assert_int_equal(acc_data_dir("plots", out, 4), ACC_DATA_NONE); /* does not fit */
    assert_int_equal(chdir(cwd0), 0);
}

static void test_bad_names(void **state)
{
    (void)state;
    char out[64] = "x";
    static const char *const bad[] = {"", "../etc", "Plots", "plots/", "a.b",
                                      "abcdefghijklmnopqrstuvwxyzabcdefghijkl"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(acc_data_dir(bad[i], out, sizeof out), ACC_DATA_NONE);
        assert_string_equal(out, "");
    }
    assert_int_equal(acc_data_dir(NULL, out, sizeof out), ACC_DATA_NONE);
    assert_int_equal(acc_data_dir("plots", NULL, 10), ACC_DATA_NONE);
    assert_int_equal(acc_data_dir("plots", out, 0), ACC_DATA_NONE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_environment),
        cmocka_unit_test(test_working_directory),
        cmocka_unit_test(test_source_tree),
        cmocka_unit_test(test_bad_names),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
