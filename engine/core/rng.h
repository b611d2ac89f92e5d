/* accord — randomness. Two kinds, both keyed by (seed, run, stream, ...):
 *  - counter-based draws for the model: u = U(seed, run, stream, step,
 *    entity, market, k), a pure function of its key, so results never depend
 *    on threads, workers or processing order, and two policy arms see the same
 *    draw for every purpose they share (common random numbers);
 *  - a xoshiro256** gsl_rng (seeded via splitmix64 from the same kind of key)
 *    where a sequence is needed: Lua's math.random, bootstrap, EGT simulator.
 * Never a stock GSL seed: they keep only 32 bits of it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_RNG_H
#define ACC_RNG_H

#include <stdint.h>
#include <gsl/gsl_rng.h>

/* One stream per mechanism. Never renumber: numbers are part of results. */
enum acc_stream {
    ACC_STREAM_POPULATION = 1,
    ACC_STREAM_ENTRY = 2,     /* startup founding, upstream choice */
    ACC_STREAM_AUDIT = 3,
    ACC_STREAM_RISK = 4,      /* emergence, severity, inheritance */
    ACC_STREAM_DETECTION = 5, /* market detection, self-detection */
    ACC_STREAM_POLICY = 6,    /* draws made by policies / Lua */
    ACC_STREAM_LEARNING = 7,
    ACC_STREAM_LUA = 8,       /* math.random sequence */
    ACC_STREAM_BOOTSTRAP = 9,
    ACC_STREAM_SWEEP = 10,    /* design sampling and run seeds */
    ACC_STREAM_EGT = 11,
    ACC_STREAM_ASSESSMENT = 12, /* measurement noise of reviews and audits */
    ACC_STREAM_ENFORCEMENT = 13, /* catching developers that serve a binding market uncertified */
    ACC_STREAM_LAW = 14          /* law-abiding or not, drawn at creation */
};

/* splitmix64 finaliser: a bijective, well-mixing 64-bit hash step. */
static inline uint64_t acc_mix64(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Hash of the step-level part of a key; reuse it for every entity in a step. */
static inline uint64_t acc_key_prefix(uint64_t seed, uint64_t run, uint32_t stream,
                                      int64_t step)
{
    uint64_t h = acc_mix64(seed ^ 0x6163636f72642121ULL); /* "accord!!" */
    h = acc_mix64(h ^ run);
    h = acc_mix64(h ^ ((uint64_t)stream << 40));
    return acc_mix64(h ^ (uint64_t)step);
}

/* 64 random bits for (prefix, entity, market, k). */
static inline uint64_t acc_key_bits(uint64_t prefix, uint64_t entity, uint32_t market,
                                    uint32_t k)
{
    uint64_t h = acc_mix64(prefix ^ entity);
    return acc_mix64(h ^ (((uint64_t)market << 32) | k));
}

/* Uniform on the open interval (0, 1), 53 bits: safe for inverse CDFs. */
static inline double acc_key_u01(uint64_t prefix, uint64_t entity, uint32_t market,
                                 uint32_t k)
{
    uint64_t b = acc_key_bits(prefix, entity, market, k);
    return ((double)(b >> 11) + 0.5) * 0x1.0p-53;
}

/* The full key in one call (slower: recomputes the prefix). */
double acc_u01(uint64_t seed, uint64_t run, uint32_t stream, int64_t step,
               uint64_t entity, uint32_t market, uint32_t k);

/* Non-uniform variates from a keyed uniform, by inverse CDF (GSL). */
double acc_u_pareto(double u, double xmin, double shape);       /* xmin·u^(−1/shape) */
double acc_u_lognormal(double u, double mu, double sigma);
double acc_u_exponential(double u, double mean);
/* Poisson by exact sequential inversion for mean <= 500; above that, by the
 * normal approximation (the model's per-step means are far below 500). */
unsigned acc_u_poisson(double u, double mean);

/* The xoshiro256** generator as a GSL type: every gsl_ran_* works with it. */
extern const gsl_rng_type *acc_rng_xoshiro256ss;

/* A new xoshiro256** gsl_rng whose 256-bit state is filled by splitmix64 from
 * (seed, run, stream, sub). NULL on allocation failure. Free with gsl_rng_free. */
gsl_rng *acc_rng_stream_new(uint64_t seed, uint64_t run, uint32_t stream, uint64_t sub);

/* Re-seed an existing xoshiro256** generator from a key. */
void acc_rng_stream_seed(gsl_rng *r, uint64_t seed, uint64_t run, uint32_t stream,
                         uint64_t sub);

/* Raw 64-bit output of a xoshiro256** gsl_rng (for Lua's integer random). */
uint64_t acc_rng_next64(gsl_rng *r);

/* Make GSL report errors as statuses instead of aborting (idempotent). */
void acc_gsl_quiet(void);

#endif
