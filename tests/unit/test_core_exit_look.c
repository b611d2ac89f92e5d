/* accord — the exit step's first look (acc__may_exit, core/decide.c): it
 * compares a developer's loss runs and open-segment runs with exit_steps
 * eight markets at a time (a vector of 16-bit counters, the markets the
 * developer is not in masked off). Known answer: the plain definition, for
 * each market j, (deployed in j and loss >= exit_steps) or (in j's open
 * segment and oseg >= exit_steps), over every J from 1 to 32, runs at the
 * edges (0, exit_steps - 1, exit_steps, 32767, 32768, 65535), exit_steps from 1
 * to past 65535 (a run saturates at 65535: never reached), rows at every
 * alignment (developer i's row starts at i * J counters).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "core/world_int.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint32_t next32(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

static int plain(const acc_world *w, int64_t i)
{
    const int J = w->J;
    for (int j = 0; j < J; j++) {
        const size_t m = (size_t)i * (size_t)J + (size_t)j;
        if ((((w->present[i] >> j) & 1u) && w->loss[m] >= w->exit_steps) ||
            (((w->opres[i] >> j) & 1u) && w->oseg[m] >= w->exit_steps))
            return 1;
    }
    return 0;
}

static uint16_t run_value(int ex)
{
    const int edge[] = {0, ex - 1, ex, ex + 1, 32767, 32768, 65535, 1};
    const uint32_t r = next32();
    if (r % 4 == 0)
        return (uint16_t)(next32() & 0xffffu);
    const int v = edge[r / 4 % 8];
    return (uint16_t)(v < 0 ? 0 : v > 65535 ? 65535 : v);
}

static void against_definition(void **state)
{
    (void)state;
    const int exits[] = {1, 2, 12, 365, 4380, 32767, 32768, 32769, 65535, 65536, 100000};
    enum { NDEV = 9 };
    acc_world *w = calloc(1, sizeof *w);
    assert_non_null(w);
    w->loss = calloc((size_t)NDEV * ACC_MAX_JUR, sizeof *w->loss);
    w->oseg = calloc((size_t)NDEV * ACC_MAX_JUR, sizeof *w->oseg);
    w->present = calloc(NDEV, sizeof *w->present);
    w->opres = calloc(NDEV, sizeof *w->opres);
    assert_true(w->loss && w->oseg && w->present && w->opres);
    long yes = 0, no = 0;
    for (int J = 1; J <= ACC_MAX_JUR; J++) {
        w->J = J;
        const uint32_t all = J == 32 ? 0xffffffffu : (1u << J) - 1u;
        for (size_t e = 0; e < sizeof exits / sizeof exits[0]; e++) {
            w->exit_steps = exits[e];
            for (int trial = 0; trial < 400; trial++) {
                for (int64_t i = 0; i < NDEV; i++) {
                    /* sparse masks most of the time: one market reaching the run decides */
                    const uint32_t r = next32();
                    w->present[i] = (r % 3 ? next32() & next32() : next32()) & all;
                    w->opres[i] = (r % 5 ? next32() & next32() & next32() : next32()) & all;
                    for (int j = 0; j < J; j++) {
                        const size_t m = (size_t)i * (size_t)J + (size_t)j;
                        /* runs below exit_steps mostly, so that the answer is often "no" */
                        w->loss[m] = next32() % 6 ? (uint16_t)(next32() % (unsigned)exits[e] % 65536u) : run_value(exits[e]);
                        w->oseg[m] = next32() % 6 ? (uint16_t)(next32() % (unsigned)exits[e] % 65536u) : run_value(exits[e]);
                    }
                }
                for (int64_t i = 0; i < NDEV; i++) {
                    const int want = plain(w, i);
                    if (acc__may_exit(w, i) != want)
                        fail_msg("J = %d, exit_steps = %d, developer %lld: first look %d, definition %d", J,
                                 w->exit_steps, (long long)i, !want, want);
                    if (want)
                        yes++;
                    else
                        no++;
                }
            }
        }
    }
    /* both answers were tested often */
    assert_true(yes > 10000);
    assert_true(no > 10000);
    free(w->loss);
    free(w->oseg);
    free(w->present);
    free(w->opres);
    free(w);
}

/* By hand, J = 12 (one chunk of eight and a tail of four), exit_steps 12. */
static void by_hand(void **state)
{
    (void)state;
    acc_world *w = calloc(1, sizeof *w);
    assert_non_null(w);
    uint16_t loss[12] = {0}, oseg[12] = {0};
    uint32_t present = 0, opres = 0;
    w->J = 12;
    w->exit_steps = 12;
    w->loss = loss;
    w->oseg = oseg;
    w->present = &present;
    w->opres = &opres;
    assert_int_equal(acc__may_exit(w, 0), 0); /* in no market */
    loss[3] = 40000;                          /* a long run where it is not deployed */
    oseg[9] = 12;
    assert_int_equal(acc__may_exit(w, 0), 0);
    present = 1u << 3; /* deployed in 3: its run of 40,000 (above 32,767) counts */
    assert_int_equal(acc__may_exit(w, 0), 1);
    present = 1u << 9; /* deployed in 9, whose regulated run is 0; its open run does not count */
    assert_int_equal(acc__may_exit(w, 0), 0);
    opres = 1u << 9; /* in 9's open segment: a run of exactly 12, in the tail */
    assert_int_equal(acc__may_exit(w, 0), 1);
    oseg[9] = 11; /* one short */
    assert_int_equal(acc__may_exit(w, 0), 0);
    loss[7] = 65535;
    present |= 1u << 7; /* the last market of the first chunk */
    assert_int_equal(acc__may_exit(w, 0), 1);
    w->exit_steps = 65536; /* beyond any run: never */
    assert_int_equal(acc__may_exit(w, 0), 0);
    free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(against_definition),
        cmocka_unit_test(by_hand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
