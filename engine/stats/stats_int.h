/* accord — private helpers shared by the stats module's files (not API).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_STATS_INT_H
#define ACC_STATS_INT_H

#include <stdint.h>

#include "core/rng.h"

/* Uniform integer in [0, n), n >= 1, from a xoshiro256** stream, without
 * modulo bias: 64-bit draws at or above the largest multiple of n that fits
 * are rejected (fewer than one draw in 2^32 for n < 2^32). */
static inline uint64_t acc_stats_uniform_below(gsl_rng *r, uint64_t n)
{
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do
        x = acc_rng_next64(r);
    while (x >= limit);
    return x % n;
}

#endif
