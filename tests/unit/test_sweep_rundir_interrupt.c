/* accord tests — a run stopped by acc_rundir_opts.interrupted (accord run's
 * SIGINT/SIGTERM): ACC_EINTR with the signal and the step, no temporary file
 * left, the earlier run's files untouched; stopped while loading, the output
 * directory is not even made. SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_util_tmp.h"

#include <signal.h>

#include "base/common.h"
#include "sweep/rundir.h"

static int polls, stop_after, stop_sig;

static int interrupted(void) { return ++polls > stop_after ? stop_sig : 0; }

static int setup(void **state)
{
    (void)state;
    return tmp_setup("accord-rundir-interrupt-");
}

static int run_tiny(const char *out, uint64_t seed, int after, int sig, char *err, size_t errlen)
{
    char scen[1200];
    snprintf(scen, sizeof scen, "%s/tests/scenarios/tiny.lua", test_source_dir());
    acc_rundir_opts o;
    memset(&o, 0, sizeof o);
    o.scenario = scen;
    o.outdir = out;
    o.seed = seed;
    o.quiet = 1;
    o.interrupted = interrupted;
    polls = 0;
    stop_after = after;
    stop_sig = sig;
    acc_rundir_result r;
    return acc_rundir(&o, &r, err, errlen);
}

static void test_stopped_mid_run(void **state)
{
    (void)state;
    char err[ACC_ERRLEN], out[1024];
    snprintf(out, sizeof out, "%s", in_tmp("run"));
    assert_int_equal(run_tiny(out, 1, 1 << 30, SIGINT, err, sizeof err), ACC_OK);
    char manifest[1100], ts[1100];
    snprintf(manifest, sizeof manifest, "%s/manifest.json", out);
    snprintf(ts, sizeof ts, "%s/timeseries.csv", out);
    char *m0 = strdup(slurp(manifest)), *t0 = strdup(slurp(ts));
    int temps, n0 = dir_entries(out, NULL, 0, &temps);
    assert_int_equal(temps, 0);

    /* one poll after loading, then one per time-series row (3 a step):
     * the 31st poll is the last row of step 10 */
    assert_int_equal(run_tiny(out, 2, 30, SIGINT, err, sizeof err), ACC_EINTR);
    assert_string_equal(err, "stopped by SIGINT at step 10 of 24: the run did not finish; its "
                             "unfinished files were removed");
    assert_int_equal(polls, 31); /* not polled again once stopped */
    assert_int_equal(dir_entries(out, NULL, 0, &temps), n0);
    assert_int_equal(temps, 0);
    assert_string_equal(slurp(manifest), m0); /* the earlier run, untouched */
    assert_string_equal(slurp(ts), t0);
    free(m0);
    free(t0);

    /* not stopped: the run replaces the earlier one */
    assert_int_equal(run_tiny(out, 2, 1 << 30, SIGTERM, err, sizeof err), ACC_OK);
    assert_non_null(strstr(slurp(manifest), "\"seed\": 2"));
}

static void test_stopped_while_loading(void **state)
{
    (void)state;
    char err[ACC_ERRLEN];
    const char *out = in_tmp("fresh");
    assert_int_equal(run_tiny(out, 1, 0, SIGTERM, err, sizeof err), ACC_EINTR);
    assert_string_equal(err, "stopped by SIGTERM: the run did not finish; its unfinished files "
                             "were removed");
    struct stat st;
    assert_int_not_equal(stat(out, &st), 0); /* the directory was not made */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stopped_mid_run),
        cmocka_unit_test(test_stopped_while_loading),
    };
    return cmocka_run_group_tests(tests, setup, tmp_teardown);
}
