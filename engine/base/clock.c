/* accord base — the monotonic clock (base/clock.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "base/clock.h"

#include <time.h>

double acc_mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
