/* accord — keyed draws and a xoshiro256** GSL generator type.
 * xoshiro256** is Blackman & Vigna's public-domain algorithm, written here
 * from its published description. SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/rng.h"

#include <gsl/gsl_errno.h>

#include <math.h>
#include <gsl/gsl_cdf.h>

double acc_u01(uint64_t seed, uint64_t run, uint32_t stream, int64_t step,
               uint64_t entity, uint32_t market, uint32_t k)
{
    return acc_key_u01(acc_key_prefix(seed, run, stream, step), entity, market, k);
}

double acc_u_pareto(double u, double xmin, double shape)
{
    /* P(X > x) = (xmin/x)^shape; with u ~ U(0,1), xmin·u^(−1/shape). */
    return xmin * pow(u, -1.0 / shape);
}

double acc_u_lognormal(double u, double mu, double sigma)
{
    return exp(mu + sigma * gsl_cdf_ugaussian_Pinv(u));
}

double acc_u_exponential(double u, double mean)
{
    return -mean * log(u);
}

unsigned acc_u_poisson(double u, double mean)
{
    if (!(mean > 0))
        return 0;
    /* Above a mean of 500, the normal approximation (continuity-corrected
     * rounding); below, exact sequential inversion of the CDF. */
    if (mean > 500) {
        double x = mean + sqrt(mean) * gsl_cdf_ugaussian_Pinv(u);
        return x < 0 ? 0u : (unsigned)floor(x + 0.5);
    }
    double p = exp(-mean), cdf = p;
    unsigned k = 0;
    while (u > cdf && k < 100000) {
        k++;
        p *= mean / k;
        cdf += p;
        if (p == 0 && cdf < u) /* numerical tail: stop */
            break;
    }
    return k;
}

/* ---- xoshiro256** ---------------------------------------------------- */

typedef struct {
    uint64_t s[4];
} xoshiro_state;

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t xoshiro_next(xoshiro_state *st)
{
    uint64_t *s = st->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

static void xoshiro_fill(xoshiro_state *st, uint64_t key)
{
    /* splitmix64 sequence from the key; never an all-zero state. */
    uint64_t x = key;
    for (int i = 0; i < 4; i++) {
        x += 0x9e3779b97f4a7c15ULL;
        uint64_t z = x;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        st->s[i] = z ^ (z >> 31);
    }
    if (!(st->s[0] | st->s[1] | st->s[2] | st->s[3]))
        st->s[0] = 1;
}

static void xoshiro_set(void *vstate, unsigned long seed)
{
    /* Only reached through gsl_rng_set/gsl_rng_alloc; accord seeds through
     * acc_rng_stream_seed with a full 64-bit key instead. */
    xoshiro_fill(vstate, acc_mix64((uint64_t)seed));
}

static unsigned long xoshiro_get(void *vstate)
{
    return (unsigned long)(xoshiro_next(vstate) >> 32);
}

static double xoshiro_get_double(void *vstate)
{
    return (double)(xoshiro_next(vstate) >> 11) * 0x1.0p-53;
}

static const gsl_rng_type xoshiro_type = {
    "xoshiro256**", 0xffffffffUL, 0, sizeof(xoshiro_state),
    xoshiro_set, xoshiro_get, xoshiro_get_double};

const gsl_rng_type *acc_rng_xoshiro256ss = &xoshiro_type;

void acc_rng_stream_seed(gsl_rng *r, uint64_t seed, uint64_t run, uint32_t stream,
                         uint64_t sub)
{
    uint64_t key = acc_key_bits(acc_key_prefix(seed, run, stream, 0), sub, 0, 0x5eed);
    xoshiro_fill(r->state, key);
}

gsl_rng *acc_rng_stream_new(uint64_t seed, uint64_t run, uint32_t stream, uint64_t sub)
{
    gsl_rng *r = gsl_rng_alloc(acc_rng_xoshiro256ss);
    if (r)
        acc_rng_stream_seed(r, seed, run, stream, sub);
    return r;
}

uint64_t acc_rng_next64(gsl_rng *r)
{
    return xoshiro_next(r->state);
}

void acc_gsl_quiet(void)
{
    /* GSL's default handler calls abort(); the library never aborts. Each
     * GSL call we make checks its own return value instead. */
    gsl_set_error_handler_off();
}
