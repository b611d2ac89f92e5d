/* accord tests — the monotonic clock (base/clock.h): it never goes back and
 * it measures a sleep. SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <time.h>

#include "base/clock.h"

static void test_monotonic(void **state)
{
    (void)state;
    double prev = acc_mono_s();
    for (int i = 0; i < 100000; i++) {
        double t = acc_mono_s();
        assert_true(t >= prev);
        prev = t;
    }
    double t0 = acc_mono_s();
    nanosleep(&(struct timespec){0, 20000000}, NULL); /* 20 ms */
    double dt = acc_mono_s() - t0;
    assert_true(dt >= 0.019 && dt < 5.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_monotonic)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
