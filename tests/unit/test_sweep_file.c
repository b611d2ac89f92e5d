/* accord tests — Lua sweep files: what they set (sorted vary and set names,
 * paths relative to the file), that they run in the sandbox, and that every
 * mistake is reported with the file's name. SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_util_tmp.h"

#include "base/common.h"
#include "sweep/sweep.h"
#include "sweep/sweep_int.h"

static char err[ACC_ERRLEN];

static int setup(void **state)
{
    (void)state;
    return tmp_setup("accord-sweep-file.");
}

static const char *write_file(const char *name, const char *text)
{
    const char *path = in_tmp(name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void test_full_file(void **state)
{
    (void)state;
    const char *path = write_file(
        "full.lua", "-- a comment\n"
                    "local n = 2 * 100\n"
                    "return { scenario = \"../scen/eu.lua\", design = \"lhs\", samples = n,\n"
                    "  reps = 5, seed = 0, morris_levels = 6, bootstrap = 250,\n"
                    "  vary = { zeta = {0.25, 0.75}, alpha = true, mid = {0, 1, levels = 3},\n"
                    "           years = {values = {5, 10, 12.5}}, s = \"1:2:4\" },\n"
                    "  set = { risk_b = 0.5, flag = true },\n"
                    "  outcomes = { \"welfare\", \"harm_total\" } }\n");
    sw_file_spec s;
    assert_int_equal(sw_file_load(path, &s, err, sizeof err), ACC_OK);
    char want[1100];
    snprintf(want, sizeof want, "%s/../scen/eu.lua", tmpdir);
    assert_string_equal(s.scenario, want);
    assert_string_equal(s.design, "lhs");
    assert_int_equal(s.samples, 200);
    assert_int_equal(s.reps, 5);
    assert_true(s.has_seed);
    assert_int_equal(s.seed, 0);
    assert_int_equal(s.morris_levels, 6);
    assert_int_equal(s.n_boot, 250);
    /* vary, sorted by name whatever pairs() does */
    assert_int_equal(s.nvary, 5);
    const char *names[] = {"alpha", "mid", "s", "years", "zeta"};
    for (int i = 0; i < 5; i++)
        assert_string_equal(s.vary[i].name, names[i]);
    assert_true(s.vary[0].declared);
    assert_int_equal(s.vary[1].levels, 3);
    assert_true(s.vary[2].lo == 1 && s.vary[2].hi == 2 && s.vary[2].levels == 4);
    assert_int_equal(s.vary[3].kind, SW_LIST);
    assert_int_equal(s.vary[3].n_values, 3);
    assert_true(s.vary[3].values[2] == 12.5);
    assert_true(s.vary[4].lo == 0.25 && s.vary[4].hi == 0.75);
    assert_int_equal(s.nsets, 2);
    assert_string_equal(s.sets[0], "flag=1");
    assert_string_equal(s.sets[1], "risk_b=0.5");
    assert_int_equal(s.noutcomes, 2);
    assert_string_equal(s.outcomes[1], "harm_total");
    sw_file_spec_free(&s);
    assert_int_equal(acc_sweep_is_sweep_file(path), 1);
}

static void test_minimal_and_detection(void **state)
{
    (void)state;
    const char *path = write_file("min.lua", "return { scenario = '/abs/x.lua' }\n");
    sw_file_spec s;
    assert_int_equal(sw_file_load(path, &s, err, sizeof err), ACC_OK);
    assert_string_equal(s.scenario, "/abs/x.lua");
    assert_false(s.has_seed);
    assert_int_equal(s.nvary, 0);
    assert_string_equal(s.design, "");
    sw_file_spec_free(&s);
    assert_int_equal(acc_sweep_is_sweep_file(path), 1);

    /* scenarios are not sweep files */
    const char *scen = write_file("scen.lua", "local x = param { name = 'x', default = 0, min = 0, max = 1 }\n"
                                              "return scenario { name = 's' }\n");
    assert_int_equal(acc_sweep_is_sweep_file(scen), 0);
    const char *fm = write_file("fm.lua", "return { name = 'f', model = function() return {y = 1} end }\n");
    assert_int_equal(acc_sweep_is_sweep_file(fm), 0);
    /* a scenario that says `scenario =` in a comment is still a scenario */
    const char *sc2 = write_file("scen2.lua", "-- scenario = the EU case\n"
                                              "local x = param { name = 'x', default = 0, min = 0, max = 1 }\n"
                                              "return scenario { name = 's' }\n");
    assert_int_equal(acc_sweep_is_sweep_file(sc2), 0);
    assert_int_equal(acc_sweep_is_sweep_file("/nonexistent/file.lua"), 0);
    /* a broken sweep file is still one (its error must be reported as such) */
    const char *broken = write_file("broken.lua", "return { scenario = 'x.lua', samples = }\n");
    assert_int_equal(acc_sweep_is_sweep_file(broken), 1);
}

static void expect_error(const char *text, int status, const char *msg)
{
    const char *path = write_file("bad.lua", text);
    sw_file_spec s;
    err[0] = 0;
    assert_int_equal(sw_file_load(path, &s, err, sizeof err), status);
    assert_contains(err, "bad.lua");
    assert_contains(err, msg);
    assert_int_equal(s.nvary, 0); /* freed */
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("return { scenario = 'x.lua', samples = }\n", ACC_EINVAL, "bad.lua:1:");
    expect_error("return 42\n", ACC_EINVAL, "must return a table");
    expect_error("return { design = 'lhs' }\n", ACC_EINVAL, "'scenario' must name the scenario file");
    expect_error("return { scenario = 'x.lua', sample = 3 }\n", ACC_EINVAL, "unknown key 'sample'");
    expect_error("return { scenario = 'x.lua', samples = 2.5 }\n", ACC_EINVAL,
                 "samples must be a whole number");
    expect_error("return { scenario = 'x.lua', reps = 0 }\n", ACC_EINVAL, "reps must be a whole number");
    expect_error("return { scenario = 'x.lua', vary = { x = {1} } }\n", ACC_EINVAL,
                 "vary.x must be {lo, hi}");
    expect_error("return { scenario = 'x.lua', vary = { x = {2, 1} } }\n", ACC_EINVAL,
                 "vary.x=2:1: the low end must be below the high end");
    expect_error("return { scenario = 'x.lua', vary = { x = {values = {1, 'a'}} } }\n", ACC_EINVAL,
                 "vary.x.values[2] must be a number");
    expect_error("return { scenario = 'x.lua', vary = { [3] = {0, 1} } }\n", ACC_EINVAL,
                 "vary: keys must be names");
    expect_error("return { scenario = 'x.lua', vary = 5 }\n", ACC_EINVAL, "vary must be a table");
    expect_error("return { scenario = 'x.lua', set = { x = 'high' } }\n", ACC_EINVAL,
                 "set.x must be a finite number");
    expect_error("return { scenario = 'x.lua', outcomes = { 'a', 3 } }\n", ACC_EINVAL,
                 "outcomes[2] must be a name");
    expect_error("return { scenario = 'x.lua', design = 7 }\n", ACC_EINVAL, "design must be one of");
    /* the sandbox: no os, io, require of arbitrary files */
    expect_error("os.execute('touch /tmp/pwned')\nreturn { scenario = 'x.lua' }\n", ACC_EINVAL,
                 "bad.lua:1:");
    expect_error("local f = io.open('/etc/passwd')\nreturn { scenario = 'x.lua' }\n", ACC_EINVAL,
                 "bad.lua:1:");
    sw_file_spec s;
    assert_int_equal(sw_file_load("/nonexistent/sweep.lua", &s, err, sizeof err), ACC_EIO);
    assert_string_equal(err, "/nonexistent/sweep.lua: cannot open: No such file or directory");
}

/* A sweep file's returned table is the script's: its metamethods run when
 * the table is read. A raise must be an error naming the file (not the
 * process aborting with "Lua error outside a protected call"), a loop must
 * meet the time limit (not hang), and memory they take must meet the cap. */
static void expect_hostile(const char *text, double time_limit, int status, const char *msg)
{
    const char *path = write_file("hostile.lua", text);
    sw_file_opts fo = {time_limit, NULL, NULL};
    sw_file_spec s;
    err[0] = 0;
    assert_int_equal(sw_file_load_with(path, &fo, &s, err, sizeof err), status);
    assert_contains(err, "hostile.lua: reading the table the sweep file returned: ");
    assert_contains(err, msg);
    assert_null(strstr(err, "stack traceback")); /* file:line says where */
    assert_int_equal(s.nvary, 0);                 /* freed */
    assert_null(s.vary);
    /* detection reads `scenario` protected too; a table that cannot be read
     * is a (broken) sweep file, reported by the load above */
    assert_int_equal(sw_file_is_sweep(path, &fo), 1);
}

static void test_hostile_tables(void **state)
{
    (void)state;
    /* __index raising on every missing key: at 'design' */
    expect_hostile("return setmetatable({ scenario = 'x.lua' },\n"
                   "  { __index = function(_, k) error('no key ' .. k) end })\n",
                   0, ACC_EINVAL, "hostile.lua:2: no key design");
    /* ... and already at 'scenario' (detection reads it too) */
    expect_hostile("local t = {} -- scenario = nothing\n"
                   "return setmetatable(t, { __index = function() error('boom') end })\n",
                   0, ACC_EINVAL, "hostile.lua:2: boom");
    /* looping __index and __len: Lua's time limit (ACC_ELIMIT: exit 1) */
    expect_hostile("return setmetatable({ scenario = 'x.lua' },\n"
                   "  { __index = function() while true do end end })\n",
                   0.3, ACC_ELIMIT, "time limit of 0.3 s exceeded");
    expect_hostile("return { scenario = 'x.lua', outcomes = setmetatable({}, {\n"
                   "  __len = function() while true do end end }) }\n",
                   0.3, ACC_ELIMIT, "time limit of 0.3 s exceeded");
    /* in vary: an entry's __index, a value list's __len, after entries were
     * allocated (they are freed) */
    expect_hostile("return { scenario = 'x.lua', vary = { a = {0, 1}, b = {values = {1, 2}},\n"
                   "  c = setmetatable({}, { __index = function() error('vary c') end }) } }\n",
                   0, ACC_EINVAL, "hostile.lua:2: vary c");
    expect_hostile("return { scenario = 'x.lua', vary = { a = {values = setmetatable({1},\n"
                   "  { __len = function() error('len of values') end })} } }\n",
                   0, ACC_EINVAL, "hostile.lua:2: len of values");
    /* a metamethod exhausting the memory cap */
    expect_hostile("return setmetatable({ scenario = 'x.lua' }, { __index = function()\n"
                   "  local t = {} for i = 1, 1e9 do t[i] = {} end end })\n",
                   0, ACC_ELIMIT, "not enough memory");
}

/* Without options the file still has a time limit (SW_FILE_TIME_LIMIT_S). */
static void test_default_time_limit(void **state)
{
    (void)state;
    const char *path = write_file("loop.lua", "return setmetatable({ scenario = 'x.lua' },\n"
                                              "  { __index = function() while true do end end })\n");
    sw_file_spec s;
    err[0] = 0;
    assert_int_equal(sw_file_load(path, &s, err, sizeof err), ACC_ELIMIT);
    assert_contains(err, "time limit of 10 s exceeded");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_file),
        cmocka_unit_test(test_minimal_and_detection),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_hostile_tables),
        cmocka_unit_test(test_default_time_limit),
    };
    return cmocka_run_group_tests(tests, setup, tmp_teardown);
}
