/* accord — experimental designs in [0,1]^d: construction, validation and the
 * random-access point(i) every sweep worker relies on (docs/statistics.md).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "stats/design.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_rng.h>

#include "base/common.h"
#include "core/rng.h"
#include "stats/stats_int.h"

/* Far more parameters than any scenario declares; keeps every size product
 * (N·d, N·2d) well inside 64 bits. */
#define MAX_DIM 1000000u

/* LHS stores stratum numbers in 32 bits. */
_Static_assert(ACC_DESIGN_MAX_POINTS <= UINT32_MAX, "lhs strata must fit in uint32_t");

struct acc_design {
    acc_design_type type;
    size_t d;
    uint64_t n_points;
    uint64_t seed;
    uint64_t n;           /* random, lhs: N; sobol: base rows N; morris: r */
    uint64_t key_prefix;  /* random and the sobol fallback: keyed draws */
    uint32_t *levels;     /* grid: d level counts */
    double *table;        /* lhs: N×d points; quasi sobol: N×2d rows (A_j | B_j) */
    int quasi;            /* sobol: 1 if the table holds GSL's Sobol' points */
    uint32_t skip;        /* sobol: extra points discarded */
    uint32_t p;           /* morris levels */
    double delta;         /* morris Δ = p / (2(p−1)) */
    uint32_t *start;      /* morris: r×d start level indices in 0..p−1 */
    uint32_t *order;      /* morris: r×d dimensions in the order they change */
};

void acc_design_opts_init(acc_design_opts *o)
{
    memset(o, 0, sizeof *o);
    o->morris_levels = 4;
}

static const char *const type_names[] = {NULL, "grid", "random", "lhs", "sobol", "morris"};

const char *acc_design_type_name(acc_design_type type)
{
    if (type >= ACC_DESIGN_GRID && type <= ACC_DESIGN_MORRIS)
        return type_names[type];
    return "?";
}

int acc_design_type_parse(const char *name, acc_design_type *out, char *err, size_t errlen)
{
    for (int t = ACC_DESIGN_GRID; t <= ACC_DESIGN_MORRIS; t++) {
        if (name && strcmp(name, type_names[t]) == 0) {
            *out = (acc_design_type)t;
            return ACC_OK;
        }
    }
    acc_errf(err, errlen, "unknown design '%s' (expected grid, random, lhs, sobol or morris)",
             name ? name : "(null)");
    return ACC_EINVAL;
}

size_t acc_design_value_index(double u, size_t n_values)
{
    if (n_values <= 1 || !(u > 0)) /* also catches NaN */
        return 0;
    if (u >= 1)
        return n_values - 1;
    double k = floor(u * (double)n_values);
    return k >= (double)(n_values - 1) ? n_values - 1 : (size_t)k;
}

/* ---- construction ----------------------------------------------------- */

/* Refuse tables beyond ACC_DESIGN_MAX_TABLE_BYTES before allocating them. */
static int check_table(const acc_design *g, uint64_t bytes_per_row, char *err, size_t errlen)
{
    /* n <= 1e9 and bytes_per_row <= 16·MAX_DIM: the product fits in 64 bits. */
    uint64_t bytes = g->n * bytes_per_row;
    if (bytes > ACC_DESIGN_MAX_TABLE_BYTES) {
        acc_errf(err, errlen, "%s design: N = %llu with d = %zu needs %.1f GiB of tables "
                 "(limit %.0f GiB); use fewer points", acc_design_type_name(g->type),
                 (unsigned long long)g->n, g->d, (double)bytes / 1073741824.0,
                 (double)ACC_DESIGN_MAX_TABLE_BYTES / 1073741824.0);
        return ACC_EINVAL;
    }
    return ACC_OK;
}

static int build_grid(acc_design *g, const acc_design_opts *o, char *err, size_t errlen)
{
    if (!o->levels) {
        acc_errf(err, errlen, "grid design: no level counts given");
        return ACC_EINVAL;
    }
    uint64_t total = 1;
    for (size_t k = 0; k < g->d; k++) {
        if (o->levels[k] < 1) {
            acc_errf(err, errlen, "grid design: dimension %zu has %u levels (need at least 1)",
                     k + 1, (unsigned)o->levels[k]);
            return ACC_EINVAL;
        }
        total *= o->levels[k]; /* cannot overflow: total <= 1e9 and levels < 2^32 */
        if (total > ACC_DESIGN_MAX_POINTS) {
            acc_errf(err, errlen, "grid design: more than %llu points (product of level counts)",
                     (unsigned long long)ACC_DESIGN_MAX_POINTS);
            return ACC_EINVAL;
        }
    }
    g->levels = malloc(g->d * sizeof *g->levels);
    if (!g->levels) {
        acc_errf(err, errlen, "grid design: out of memory");
        return ACC_ENOMEM;
    }
    memcpy(g->levels, o->levels, g->d * sizeof *g->levels);
    g->n_points = total;
    return ACC_OK;
}

static int build_lhs(acc_design *g, char *err, size_t errlen)
{
    uint64_t n = g->n;
    uint32_t *perm = malloc(n * sizeof *perm);
    g->table = malloc(n * g->d * sizeof *g->table);
    gsl_rng *r = acc_rng_stream_new(g->seed, 0, ACC_STREAM_SWEEP, ACC_DESIGN_SUB_LHS);
    int rc = ACC_OK;
    if (!perm || !g->table || !r) {
        acc_errf(err, errlen, "lhs design: out of memory for %llu × %zu points",
                 (unsigned long long)n, g->d);
        rc = ACC_ENOMEM;
        goto done;
    }
    /* Column by column: a uniform random permutation of the N strata
     * (Fisher–Yates), then a uniform jitter inside each stratum. */
    for (size_t k = 0; k < g->d; k++) {
        for (uint64_t i = 0; i < n; i++)
            perm[i] = (uint32_t)i;
        for (uint64_t i = n - 1; i > 0; i--) {
            uint64_t j = acc_stats_uniform_below(r, i + 1);
            uint32_t t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        for (uint64_t i = 0; i < n; i++) {
            double lo = (double)perm[i] / (double)n, hi = (double)(perm[i] + 1) / (double)n;
            double u = ((double)perm[i] + gsl_rng_uniform(r)) / (double)n;
            /* Rounding may land on the upper edge; keep u inside [lo, hi). */
            if (u >= hi)
                u = nextafter(hi, 0.0);
            if (u < lo)
                u = lo;
            g->table[i * g->d + k] = u;
        }
    }
done:
    free(perm);
    gsl_rng_free(r);
    return rc;
}

static int build_sobol(acc_design *g, char *err, size_t errlen)
{
    size_t dim2 = 2 * g->d;
    if (dim2 > gsl_qrng_sobol->max_dimension) {
        /* GSL's Sobol' tables stop at 40 dimensions: use keyed pseudo-random
         * points instead (computed on demand, nothing stored). */
        g->quasi = 0;
        g->key_prefix = acc_key_prefix(g->seed, 0, ACC_STREAM_SWEEP, ACC_DESIGN_STEP_SOBOL_MC);
        return ACC_OK;
    }
    int rc = check_table(g, 8 * (uint64_t)dim2, err, errlen);
    if (rc != ACC_OK)
        return rc;
    acc_gsl_quiet();
    g->quasi = 1;
    g->table = malloc(g->n * dim2 * sizeof *g->table);
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)dim2);
    if (!g->table || !q) {
        acc_errf(err, errlen, "sobol design: out of memory for %llu rows",
                 (unsigned long long)g->n);
        rc = ACC_ENOMEM;
        goto done;
    }
    for (uint32_t s = 0; s < g->skip && rc == ACC_OK; s++)
        if (gsl_qrng_get(q, g->table) != 0)
            rc = ACC_EINVAL;
    for (uint64_t j = 0; j < g->n && rc == ACC_OK; j++)
        if (gsl_qrng_get(q, g->table + j * dim2) != 0)
            rc = ACC_EINVAL;
    if (rc != ACC_OK)
        acc_errf(err, errlen, "sobol design: GSL's Sobol' sequence ran out of points "
                 "(N = %llu, skip = %u)", (unsigned long long)g->n, (unsigned)g->skip);
done:
    gsl_qrng_free(q);
    return rc;
}

static int build_morris(acc_design *g, char *err, size_t errlen)
{
    size_t d = g->d;
    g->start = malloc(g->n * d * sizeof *g->start);
    g->order = malloc(g->n * d * sizeof *g->order);
    gsl_rng *r = acc_rng_stream_new(g->seed, 0, ACC_STREAM_SWEEP, ACC_DESIGN_SUB_MORRIS);
    if (!g->start || !g->order || !r) {
        gsl_rng_free(r);
        acc_errf(err, errlen, "morris design: out of memory for %llu trajectories",
                 (unsigned long long)g->n);
        return ACC_ENOMEM;
    }
    /* Per trajectory: a start level uniform on 0..p−1 for every dimension
     * (the direction of its one jump follows: up from the lower half, down
     * from the upper half), then a uniform random order of the dimensions. */
    for (uint64_t t = 0; t < g->n; t++) {
        uint32_t *st = g->start + t * d, *ord = g->order + t * d;
        for (size_t k = 0; k < d; k++)
            st[k] = (uint32_t)acc_stats_uniform_below(r, g->p);
        for (size_t k = 0; k < d; k++)
            ord[k] = (uint32_t)k;
        for (size_t k = d - 1; k > 0; k--) {
            size_t j = (size_t)acc_stats_uniform_below(r, k + 1);
            uint32_t tmp = ord[k];
            ord[k] = ord[j];
            ord[j] = tmp;
        }
    }
    gsl_rng_free(r);
    return ACC_OK;
}

/* Check n against the type's minimum and the point limit; set n_points. */
static int size_points(acc_design *g, uint64_t per_n, uint64_t min_n, const char *what,
                       char *err, size_t errlen)
{
    const char *name = acc_design_type_name(g->type);
    if (g->n < min_n) {
        acc_errf(err, errlen, "%s design: %s must be at least %llu, got %llu", name, what,
                 (unsigned long long)min_n, (unsigned long long)g->n);
        return ACC_EINVAL;
    }
    if (g->n > ACC_DESIGN_MAX_POINTS / per_n) {
        acc_errf(err, errlen, "%s design: %s = %llu gives more than %llu points", name, what,
                 (unsigned long long)g->n, (unsigned long long)ACC_DESIGN_MAX_POINTS);
        return ACC_EINVAL;
    }
    g->n_points = g->n * per_n;
    return ACC_OK;
}

int acc_design_new(acc_design **out, acc_design_type type, size_t d,
                   const acc_design_opts *opts, uint64_t seed, char *err, size_t errlen)
{
    *out = NULL;
    if (type < ACC_DESIGN_GRID || type > ACC_DESIGN_MORRIS) {
        acc_errf(err, errlen, "unknown design type %d", (int)type);
        return ACC_EINVAL;
    }
    const char *name = acc_design_type_name(type);
    if (!opts) {
        acc_errf(err, errlen, "%s design: no options given", name);
        return ACC_EINVAL;
    }
    if (d < 1) {
        acc_errf(err, errlen, "%s design: needs at least 1 dimension (parameter), got 0", name);
        return ACC_EINVAL;
    }
    if (d > MAX_DIM) {
        acc_errf(err, errlen, "%s design: %zu dimensions is more than the limit %u", name, d,
                 MAX_DIM);
        return ACC_EINVAL;
    }
    acc_design *g = calloc(1, sizeof *g);
    if (!g) {
        acc_errf(err, errlen, "%s design: out of memory", name);
        return ACC_ENOMEM;
    }
    g->type = type;
    g->d = d;
    g->seed = seed;
    g->n = opts->n;
    int rc;
    switch (type) {
    case ACC_DESIGN_GRID:
        rc = build_grid(g, opts, err, errlen);
        break;
    case ACC_DESIGN_RANDOM:
        rc = size_points(g, 1, 1, "the number of points N", err, errlen);
        g->key_prefix = acc_key_prefix(seed, 0, ACC_STREAM_SWEEP, ACC_DESIGN_STEP_RANDOM);
        break;
    case ACC_DESIGN_LHS:
        rc = size_points(g, 1, 1, "the number of points N", err, errlen);
        if (rc == ACC_OK)
            rc = check_table(g, 8 * (uint64_t)d, err, errlen);
        if (rc == ACC_OK)
            rc = build_lhs(g, err, errlen);
        break;
    case ACC_DESIGN_SOBOL:
        g->skip = opts->sobol_skip;
        rc = size_points(g, (uint64_t)d + 2, 2, "the number of base samples N", err, errlen);
        if (rc == ACC_OK && g->skip > (1u << 24)) {
            acc_errf(err, errlen, "sobol design: skip = %u is more than 2^24 points",
                     (unsigned)g->skip);
            rc = ACC_EINVAL;
        }
        if (rc == ACC_OK)
            rc = build_sobol(g, err, errlen);
        break;
    case ACC_DESIGN_MORRIS:
        g->p = opts->morris_levels ? opts->morris_levels : 4;
        if (g->p < 2 || g->p % 2 != 0) {
            acc_errf(err, errlen, "morris design: the number of levels p must be even and "
                     "at least 2, got %u", (unsigned)g->p);
            rc = ACC_EINVAL;
            break;
        }
        g->delta = (double)g->p / (2.0 * (double)(g->p - 1));
        rc = size_points(g, (uint64_t)d + 1, 1, "the number of trajectories r", err, errlen);
        if (rc == ACC_OK)
            rc = check_table(g, 8 * (uint64_t)d, err, errlen);
        if (rc == ACC_OK)
            rc = build_morris(g, err, errlen);
        break;
    default:
        rc = ACC_EINVAL;
    }
    if (rc != ACC_OK) {
        acc_design_free(g);
        return rc;
    }
    *out = g;
    return ACC_OK;
}

void acc_design_free(acc_design *design)
{
    if (!design)
        return;
    free(design->levels);
    free(design->table);
    free(design->start);
    free(design->order);
    free(design);
}

acc_design_type acc_design_type_of(const acc_design *design) { return design->type; }
size_t acc_design_dim(const acc_design *design) { return design->d; }
uint64_t acc_design_n_points(const acc_design *design) { return design->n_points; }

/* ---- points ----------------------------------------------------------- */

static void grid_point(const acc_design *g, uint64_t i, double *u)
{
    /* Row-major: the last dimension varies fastest. */
    for (size_t k = g->d; k-- > 0;) {
        uint32_t n_k = g->levels[k];
        uint64_t idx = i % n_k;
        i /= n_k;
        u[k] = n_k == 1 ? 0.5 : (double)idx / (double)(n_k - 1);
    }
}

static void sobol_point(const acc_design *g, uint64_t i, double *u)
{
    size_t d = g->d;
    uint64_t row = i / (d + 2);
    size_t block = (size_t)(i % (d + 2));
    for (size_t k = 0; k < d; k++) {
        /* Block B takes every coordinate from B_j, block AB^(k) only k. */
        int from_b = block == ACC_SOBOL_BLOCK_B ||
                     (block >= ACC_SOBOL_BLOCK_AB && block - ACC_SOBOL_BLOCK_AB == k);
        size_t col = from_b ? d + k : k;
        if (g->quasi)
            u[k] = g->table[row * 2 * d + col];
        else
            u[k] = acc_key_u01(g->key_prefix, row, 0, (uint32_t)col);
    }
}

static void morris_point(const acc_design *g, uint64_t i, double *u)
{
    size_t d = g->d;
    uint64_t t = i / (d + 1);
    size_t step = (size_t)(i % (d + 1));
    const uint32_t *st = g->start + t * d, *ord = g->order + t * d;
    double scale = 1.0 / (double)(g->p - 1);
    uint32_t half = g->p / 2;
    for (size_t k = 0; k < d; k++)
        u[k] = (double)st[k] * scale;
    for (size_t s = 0; s < step; s++) {
        uint32_t k = ord[s], lvl = st[k];
        uint32_t moved = lvl < half ? lvl + half : lvl - half;
        u[k] = (double)moved * scale;
    }
}

int acc_design_point(const acc_design *design, uint64_t i, double *u_out)
{
    const acc_design *g = design;
    if (!g || i >= g->n_points)
        return ACC_EINVAL;
    switch (g->type) {
    case ACC_DESIGN_GRID:
        grid_point(g, i, u_out);
        break;
    case ACC_DESIGN_RANDOM:
        for (size_t k = 0; k < g->d; k++)
            u_out[k] = acc_key_u01(g->key_prefix, i, 0, (uint32_t)k);
        break;
    case ACC_DESIGN_LHS:
        memcpy(u_out, g->table + i * g->d, g->d * sizeof *u_out);
        break;
    case ACC_DESIGN_SOBOL:
        sobol_point(g, i, u_out);
        break;
    case ACC_DESIGN_MORRIS:
        morris_point(g, i, u_out);
        break;
    default:
        return ACC_EINVAL;
    }
    return ACC_OK;
}

const char *acc_design_describe(const acc_design *g, char *buf, size_t len)
{
    if (!buf || len == 0)
        return acc_design_type_name(g->type);
    unsigned long long np = (unsigned long long)g->n_points, n = (unsigned long long)g->n,
                       seed = (unsigned long long)g->seed;
    switch (g->type) {
    case ACC_DESIGN_GRID:
        snprintf(buf, len, "grid: d=%zu, %llu points (last dimension fastest)", g->d, np);
        break;
    case ACC_DESIGN_RANDOM:
        snprintf(buf, len, "random: d=%zu, N=%llu i.i.d. uniform points, seed %llu", g->d, np,
                 seed);
        break;
    case ACC_DESIGN_LHS:
        snprintf(buf, len, "lhs: d=%zu, N=%llu Latin hypercube points, seed %llu", g->d, np,
                 seed);
        break;
    case ACC_DESIGN_SOBOL:
        if (g->quasi)
            snprintf(buf, len, "sobol: d=%zu, N=%llu base rows, %llu points (Saltelli A, B, "
                     "AB_i; GSL Sobol' sequence in %zu dims, skip %u)", g->d, n, np, 2 * g->d,
                     (unsigned)g->skip);
        else
            snprintf(buf, len, "sobol: d=%zu, N=%llu base rows, %llu points (Saltelli A, B, "
                     "AB_i; pseudo-random: 2d > 40, seed %llu)", g->d, n, np, seed);
        break;
    case ACC_DESIGN_MORRIS:
        snprintf(buf, len, "morris: d=%zu, r=%llu trajectories, p=%u levels, delta=%.17g, "
                 "%llu points, seed %llu", g->d, n, (unsigned)g->p, g->delta, np, seed);
        break;
    default:
        snprintf(buf, len, "?");
    }
    return acc_design_type_name(g->type);
}

/* ---- layouts ---------------------------------------------------------- */

uint64_t acc_design_sobol_rows(const acc_design *design)
{
    return design->type == ACC_DESIGN_SOBOL ? design->n : 0;
}

int acc_design_sobol_quasi(const acc_design *design)
{
    return design->type == ACC_DESIGN_SOBOL && design->quasi;
}

uint64_t acc_design_morris_trajectories(const acc_design *design)
{
    return design->type == ACC_DESIGN_MORRIS ? design->n : 0;
}

uint32_t acc_design_morris_levels(const acc_design *design)
{
    return design->type == ACC_DESIGN_MORRIS ? design->p : 0;
}

double acc_design_morris_delta(const acc_design *design)
{
    return design->type == ACC_DESIGN_MORRIS ? design->delta : 0.0;
}

int acc_design_morris_step(const acc_design *design, uint64_t traj, size_t step,
                           size_t *dim_out, double *delta_out)
{
    const acc_design *g = design;
    if (!g || g->type != ACC_DESIGN_MORRIS || traj >= g->n || step < 1 || step > g->d)
        return ACC_EINVAL;
    uint32_t k = g->order[traj * g->d + step - 1];
    *dim_out = k;
    *delta_out = g->start[traj * g->d + k] < g->p / 2 ? g->delta : -g->delta;
    return ACC_OK;
}
