/* accord — the requirement sets' fast paths (core/compliance.c): acc__rs_held
 * and the fixed-charge split take a certificate's set from its byte and the
 * developer's eqc mask (rs_of_cert) instead of decoding the path and the
 * reference and calling acc__rs_of for each market. Both are checked against
 * the general definition, built here from acc__rs_of: the sets held, and each
 * certified market's share of its set's largest f (f_j / spy) split equally
 * over the set's markets, bit for bit. Certificates on every path with every
 * kind of reference (own, assessment and incumbency: the market itself;
 * equivalence: another jurisdiction or a bloc; the bloc path: a bloc) are
 * written through set_cert, which keeps eqc, at random over 8 and 32 markets,
 * with equal and distinct charges.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_core_util.h"

#include "core/world_int.h"

static uint64_t rng_state = 0x2545f4914f6cdd1dULL;
static uint32_t next32(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

/* A world of J binding markets, f_j = 1.2 (j % 5 + 1) M$/yr (equal charges
 * in several markets), 16 incumbents. */
static acc_world *world_of(int J, int per_market)
{
    acc_config *cfg = tc_config(J);
    for (int j = 0; j < J; j++) {
        cfg->jur[j].binding = 1;
        cfg->jur[j].compliance_cost = 1.2 * (j % 5 + 1);
    }
    cfg->compliance_per_market = per_market;
    tc_pop(cfg, ACC_INCUMBENT, 0, 16, 1000, 0, 0.5, 2);
    acc_world *w = tc_world(cfg, 7, 1);
    free(cfg);
    return w;
}

/* Developer i's row at random: present markets, certificates in most of
 * them (and in a few it is not present in), on a random path. */
static void random_row(acc_world *w, int64_t i, int nblocs)
{
    const int J = w->J;
    const uint32_t all = J == 32 ? 0xffffffffu : (1u << J) - 1u;
    w->present[i] = (next32() % 4 ? next32() | next32() : next32()) & all;
    for (int j = 0; j < J; j++) {
        const uint32_t r = next32();
        if (r % 5 == 0) {
            set_cert(w, i, j, ACC_PATH_NONE, REF_NONE);
            continue;
        }
        const int b = (int)(next32() % (unsigned)nblocs), k = (int)(next32() % (unsigned)J);
        switch (r / 5 % 6) {
        case 0: set_cert(w, i, j, ACC_PATH_OWN, j); break;
        case 1: set_cert(w, i, j, ACC_PATH_ASSESSMENT, j); break;
        case 2: set_cert(w, i, j, ACC_PATH_INCUMBENCY, j); break;
        case 3: set_cert(w, i, j, ACC_PATH_EQUIVALENCE, k); break;
        case 4: set_cert(w, i, j, ACC_PATH_EQUIVALENCE, REF_BLOC + b); break;
        default: set_cert(w, i, j, ACC_PATH_BLOC, REF_BLOC + b); break;
        }
    }
}

static int set_of(const acc_world *w, int64_t i, int j)
{
    const size_t m = MI(w, j, i);
    return acc__rs_of(w, j, cpath_of(w, m), cref_of(w, m));
}

static void check_world(int J, int per_market)
{
    acc_world *w = world_of(J, per_market);
    long shared = 0, split_markets = 0;
    for (int trial = 0; trial < 3000; trial++) {
        const int64_t i = trial % 16;
        random_row(w, i, trial % 3 ? ACC_MAX_BLOCS : 2);
        /* the sets held */
        uint64_t held = 0;
        for (int j = 0; j < J; j++)
            if (((w->present[i] >> j) & 1u) && w->cert[MI(w, j, i)])
                held |= (uint64_t)1 << set_of(w, i, j);
        assert_true(acc__rs_held(w, i) == held);
        if (per_market)
            continue;
        /* the split: each set's largest f over its markets, shared equally */
        double fmax[64] = {0}, got[ACC_MAX_JUR], want[ACC_MAX_JUR];
        int cnt[64] = {0};
        for (int j = 0; j < J; j++)
            if (((w->present[i] >> j) & 1u) && w->cert[MI(w, j, i)]) {
                const int s = set_of(w, i, j);
                const double f = w->jd[j].compliance_step;
                fmax[s] = f > fmax[s] ? f : fmax[s];
                cnt[s]++;
            }
        for (int j = 0; j < J; j++)
            got[j] = want[j] = -1; /* markets not certified are left as they were */
        for (int j = 0; j < J; j++)
            if (((w->present[i] >> j) & 1u) && w->cert[MI(w, j, i)])
                want[j] = fmax[set_of(w, i, j)] / cnt[set_of(w, i, j)];
        acc__rs_fixed_split(w, i, got);
        for (int j = 0; j < J; j++)
            if (memcmp(&got[j], &want[j], sizeof got[j]) != 0)
                fail_msg("J = %d, trial %d, market %d: split %.17g, expected %.17g", J, trial, j, got[j], want[j]);
        shared += (w->eqc[i] & w->present[i]) != 0;
        split_markets += popcount32(w->present[i]);
    }
    /* the general path (equivalence or bloc certificates present) was taken often */
    if (!per_market)
        assert_true(shared > 1000 && split_markets > 3000);
    acc_world_free(w);
}

static void against_acc_rs_of(void **state)
{
    (void)state;
    check_world(8, 0);
    check_world(32, 0);
    check_world(3, 0);
}

static void per_market_sets(void **state)
{
    (void)state;
    check_world(8, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(against_acc_rs_of),
        cmocka_unit_test(per_market_sets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
