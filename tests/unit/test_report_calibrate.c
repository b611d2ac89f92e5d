/* accord — tests of the calibration's pure parts (report/calibrate.h): the
 * implausibility formula on values worked by hand, reading data/targets.csv
 * as it is, and every error of a targets file.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "report/calibrate.h"
#include "test_util_tmp.h"

static void assert_close(double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol))
        fail_msg("got %.17g, want %.17g (tolerance %g)", got, want, tol);
}

static void test_implausibility(void **state)
{
    (void)state;
    /* target [0.9, 1.1]: c = 1, h = 0.1, sd_target = 0.05.
     * mean 1.1, s^2 = 0.04, R = 4: I = 0.1 / sqrt(0.01 + 0.0025) = 0.894427191 */
    assert_close(acc_calib_implausibility(1.1, 0.04, 4, 0.9, 1.1), 0.1 / sqrt(0.0125), 1e-15);
    /* one replication: the model variance counts as 0: I = 0.1 / 0.05 = 2 (the
     * edge of the range is 2 target sds from the centre) */
    assert_close(acc_calib_implausibility(1.1, NAN, 1, 0.9, 1.1), 2, 1e-12);
    assert_close(acc_calib_implausibility(1.1, 0.04, 1, 0.9, 1.1), 2, 1e-12);
    /* 1.5 half-widths out: I = 3, the default cutoff */
    assert_close(acc_calib_implausibility(-0.25, 0, 5, -0.2, 0.0), 3, 1e-12);
    assert_close(acc_calib_implausibility(2.385, 0, 3, 2.0, 2.5), 0.135 / 0.125, 1e-12);
    /* a point target and a deterministic model: 0 on it, inf off it */
    assert_close(acc_calib_implausibility(0, 0, 3, 0, 0), 0, 0);
    assert_true(isinf(acc_calib_implausibility(0.1, 0, 3, 0, 0)));
    /* a point target with model noise: |m - c| / sqrt(s^2/R) */
    assert_close(acc_calib_implausibility(0.3, 0.09, 4, 0, 0), 0.3 / 0.15, 1e-12);
    assert_true(isnan(acc_calib_implausibility(NAN, 0.1, 3, 0, 1)));
}

static void test_read_data_targets(void **state)
{
    (void)state;
    char err[512];
    acc_calib_target *t;
    size_t n;
    const char *path = ACCORD_SOURCE_DIR "/data/targets.csv";
    assert_int_equal(acc_calib_read_targets(path, NULL, 0, &t, &n, err, sizeof err), ACC_OK);
    assert_int_equal(n, 10);
    assert_string_equal(t[0].id, "incidents_2024");
    assert_string_equal(t[0].outcome, "incidents");
    assert_close(t[0].low, 116.5, 0);
    assert_close(t[0].high, 349.5, 0);
    free(t);
    const char *only[] = {"noncompliant_share", "top10_share"};
    assert_int_equal(acc_calib_read_targets(path, only, 2, &t, &n, err, sizeof err), ACC_OK);
    assert_int_equal(n, 2); /* in the file's order */
    assert_string_equal(t[0].id, "top10_share");
    assert_close(t[0].low, 0.5, 0);
    assert_close(t[0].high, 0.9, 0);
    assert_string_equal(t[1].outcome, "noncompliant_share");
    free(t);
    const char *bad[] = {"top10_share", "nope"};
    assert_int_equal(acc_calib_read_targets(path, bad, 2, &t, &n, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "no target 'nope'"));
    assert_null(t);
}

static int write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs(text, f);
    return fclose(f);
}

static void test_target_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text, *want;
        int rc;
    } cases[] = {
        {"id,outcome,low\nx,y,1\n", "no column 'high'", ACC_EINVAL},
        {"id,outcome,low,high\nx,y,2,1\n", ":2: target 'x': low and high must be finite with "
                                           "low <= high, got 2 and 1", ACC_EINVAL},
        {"id,outcome,low,high\nx,y,0,inf\n", "must be finite", ACC_EINVAL},
        {"id,outcome,low,high\nx,y,0,1\nx,z,0,1\n", ":3: target id 'x' appears twice", ACC_EINVAL},
        {"id,outcome,low,high\nx,,0,1\n", ":2: column 'outcome': empty", ACC_EINVAL},
        {"id,outcome,low,high\nx,y,a,1\n", ":2: column 'low': 'a' is not a number", ACC_EINVAL},
        {"id,outcome,low,high\n", "no targets", ACC_EINVAL},
        {"id,outcome,low,high\nx,y,0\n", "3 fields, header has 4", ACC_EINVAL},
    };
    char err[512];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *p = in_tmp("t.csv");
        assert_int_equal(write_file(p, cases[i].text), 0);
        acc_calib_target *t = (acc_calib_target *)1;
        size_t n = 7;
        int rc = acc_calib_read_targets(p, NULL, 0, &t, &n, err, sizeof err);
        if (rc != cases[i].rc || !strstr(err, cases[i].want))
            fail_msg("case %zu: status %d, message '%s', want '%s'", i, rc, err, cases[i].want);
        assert_null(t);
        assert_int_equal(n, 0);
    }
    acc_calib_target *t;
    size_t n;
    assert_int_equal(acc_calib_read_targets(in_tmp("missing.csv"), NULL, 0, &t, &n, err,
                                            sizeof err), ACC_EIO);
}

static int setup(void **state)
{
    (void)state;
    return tmp_setup("accord-calibrate-");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_implausibility),
        cmocka_unit_test(test_read_data_targets),
        cmocka_unit_test(test_target_errors),
    };
    return cmocka_run_group_tests(tests, setup, tmp_teardown);
}
