/* accord — experimental designs for parameter sweeps: grid, random, Latin
 * hypercube, Saltelli (Sobol' indices) and Morris trajectories, all in the unit
 * hypercube [0,1]^d, deterministic given a seed, any point computable alone.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_STATS_DESIGN_H
#define ACC_STATS_DESIGN_H

#include <stddef.h>
#include <stdint.h>

/* A design never has more points than this (creation fails with ACC_EINVAL). */
#define ACC_DESIGN_MAX_POINTS 1000000000ULL

/* Nor tables larger than this (lhs: 8·N·d bytes; sobol: 16·N·d; morris:
 * 8·r·d): creation fails with ACC_EINVAL instead of exhausting memory. */
#define ACC_DESIGN_MAX_TABLE_BYTES (1ULL << 32)

/* Randomness used by designs (see docs/statistics.md). All of it lives in
 * run 0 of ACC_STREAM_SWEEP under keys that other users of that stream must
 * not take: gsl_rng streams with sub >= ACC_DESIGN_SUB_RESERVED, and keyed
 * draws with a negative step. */
#define ACC_DESIGN_SUB_RESERVED  (1ULL << 62)
#define ACC_DESIGN_SUB_LHS       (ACC_DESIGN_SUB_RESERVED + 1) /* permutations, jitter */
#define ACC_DESIGN_SUB_MORRIS    (ACC_DESIGN_SUB_RESERVED + 2) /* starts, orders */
#define ACC_DESIGN_STEP_RANDOM   (-1) /* keyed: random design, u = U(i, 0, k) */
#define ACC_DESIGN_STEP_SOBOL_MC (-2) /* keyed: sobol fallback when 2d > 40 */

typedef enum acc_design_type {
    ACC_DESIGN_GRID = 1,
    ACC_DESIGN_RANDOM = 2,
    ACC_DESIGN_LHS = 3,
    ACC_DESIGN_SOBOL = 4,
    ACC_DESIGN_MORRIS = 5
} acc_design_type;

/* Options; a zeroed struct plus the field a type needs is valid.
 * acc_design_opts_init() fills the defaults. */
typedef struct acc_design_opts {
    /* random, lhs: number of points N; sobol: number of base samples N
     * (rows of A and B; the design has N·(d+2) points); morris: number of
     * trajectories r (the design has r·(d+1) points). Unused by grid. */
    uint64_t n;
    /* grid: d level counts n_k >= 1 (copied at creation). Unused otherwise. */
    const uint32_t *levels;
    /* morris: number of grid levels p, even, >= 2; 0 means the default 4. */
    uint32_t morris_levels;
    /* sobol: extra points of GSL's Sobol' sequence to discard before row 0
     * (default 0: GSL's sequence already starts after the origin). */
    uint32_t sobol_skip;
} acc_design_opts;

typedef struct acc_design acc_design;

/* Fill *o with defaults: n = 0, levels = NULL, morris_levels = 4, sobol_skip = 0. */
void acc_design_opts_init(acc_design_opts *o);

/* "grid", "random", "lhs", "sobol", "morris"; "?" for anything else. */
const char *acc_design_type_name(acc_design_type type);

/* Parse one of the names above. ACC_EINVAL (message in err) if unknown. */
int acc_design_type_parse(const char *name, acc_design_type *out, char *err, size_t errlen);

/* Build a design of dimension d >= 1. Everything random is derived from
 * seed (nothing else: no clock, no global state). On failure *out is NULL,
 * the status is ACC_EINVAL (bad options, message in err) or ACC_ENOMEM. */
int acc_design_new(acc_design **out, acc_design_type type, size_t d,
                   const acc_design_opts *opts, uint64_t seed, char *err, size_t errlen);

/* NULL is a harmless no-op. */
void acc_design_free(acc_design *design);

acc_design_type acc_design_type_of(const acc_design *design);
size_t acc_design_dim(const acc_design *design);
uint64_t acc_design_n_points(const acc_design *design);

/* Point i (0 <= i < n_points) into u_out[0..d-1], each in [0,1]. A pure
 * function of (design, i): call order, threads and other points do not
 * matter; the handle is not modified (safe to share between threads).
 * ACC_EINVAL if i is out of range (u_out untouched). */
int acc_design_point(const acc_design *design, uint64_t i, double *u_out);

/* One line describing the design (type, sizes, seed, quasi-random or not),
 * for logs and manifests. Truncated to len; returns design's type name. */
const char *acc_design_describe(const acc_design *design, char *buf, size_t len);

/* For a dimension that is a list of L values: the index of the value that
 * u selects, min(floor(u·L), L−1) (u clamped to [0,1]; L = 1 gives 0; NaN
 * gives 0). Grid levels k/(L−1) map back to exactly k, and a uniform u picks
 * every index with probability 1/L. */
size_t acc_design_value_index(double u, size_t n_values);

/* ---- Saltelli layout (type sobol) ----------------------------------------
 * Point index i = j·(d+2) + block, for row j = 0..N−1:
 *   block 0       A_j            (first d coordinates of Sobol' point j)
 *   block 1       B_j            (last d coordinates of the same point)
 *   block 2 + k   AB^(k)_j       (A_j with coordinate k taken from B_j),
 *                                k = 0..d−1 (0-based dimension). */
enum { ACC_SOBOL_BLOCK_A = 0, ACC_SOBOL_BLOCK_B = 1, ACC_SOBOL_BLOCK_AB = 2 };

static inline uint64_t acc_design_sobol_index(size_t d, uint64_t row, size_t block)
{
    return row * (uint64_t)(d + 2) + block;
}

/* Base samples N of a sobol design (0 for other types). */
uint64_t acc_design_sobol_rows(const acc_design *design);

/* 1 if the sobol design uses GSL's quasi-random Sobol' sequence, 0 if it fell
 * back to pseudo-random points (2d > 40) or is not a sobol design. */
int acc_design_sobol_quasi(const acc_design *design);

/* ---- Morris layout (type morris) -----------------------------------------
 * Point index i = t·(d+1) + step, trajectory t = 0..r−1, step = 0..d.
 * Step 0 is the trajectory's start; step s >= 1 differs from step s−1 in
 * exactly one coordinate, by a signed delta of ±Δ, Δ = p / (2(p−1)). */
static inline uint64_t acc_design_morris_index(size_t d, uint64_t traj, size_t step)
{
    return traj * (uint64_t)(d + 1) + step;
}

/* Trajectories r, levels p and jump Δ (0 for a design that is not morris). */
uint64_t acc_design_morris_trajectories(const acc_design *design);
uint32_t acc_design_morris_levels(const acc_design *design);
double acc_design_morris_delta(const acc_design *design);

/* For trajectory t and step s in 1..d: the dimension that changed (0-based)
 * and its signed change (+Δ or −Δ). ACC_EINVAL if not a morris design or
 * t, s out of range. */
int acc_design_morris_step(const acc_design *design, uint64_t traj, size_t step,
                           size_t *dim_out, double *delta_out);

#endif
