/* accord — evolutionary game theory core: fixation probabilities in log space,
 * the small-mutation stationary distribution (log-space GTH elimination), a
 * simulator of the pairwise-comparison process, and the Han 2020 AI race.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "egt/egt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "core/rng.h"

struct acc_egt_game {
    int n;
    double *payoffs; /* n*n row-major, or NULL for a callback game */
    acc_egt_payoff_fn fn;
    void *ud;
    acc_egt_interrupt_fn interrupt;
    void *interrupt_ud;
};

enum { POLL_EVERY = 1 << 16 }; /* loop iterations between interrupt polls */

/* ------------------------------------------------------------------ game */

static int check_n(int n, const char *what, char *err, size_t errlen)
{
    if (n < 2 || n > ACC_EGT_MAX_STRATEGIES) {
        acc_errf(err, errlen, "%s must be in [2, %d], got %d", what, ACC_EGT_MAX_STRATEGIES, n);
        return ACC_EINVAL;
    }
    return ACC_OK;
}

int acc_egt_game_new_matrix(acc_egt_game **out, int rows, int cols, const double *payoffs,
                            char *err, size_t errlen)
{
    if (!out) {
        acc_errf(err, errlen, "egt: NULL output handle");
        return ACC_EINVAL;
    }
    *out = NULL;
    if (rows != cols) {
        acc_errf(err, errlen, "payoff matrix must be square, got %d x %d", rows, cols);
        return ACC_EINVAL;
    }
    int rc = check_n(rows, "number of strategies (payoff matrix size)", err, errlen);
    if (rc)
        return rc;
    if (!payoffs) {
        acc_errf(err, errlen, "payoff matrix is NULL");
        return ACC_EINVAL;
    }
    int n = rows;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            if (!isfinite(payoffs[i * n + j])) {
                acc_errf(err, errlen, "payoff[%d][%d] must be finite, got %g", i, j,
                         payoffs[i * n + j]);
                return ACC_EINVAL;
            }
    acc_egt_game *g = calloc(1, sizeof *g);
    if (!g)
        goto nomem;
    g->payoffs = malloc((size_t)n * (size_t)n * sizeof *g->payoffs);
    if (!g->payoffs)
        goto nomem;
    memcpy(g->payoffs, payoffs, (size_t)n * (size_t)n * sizeof *g->payoffs);
    g->n = n;
    *out = g;
    return ACC_OK;
nomem:
    acc_egt_game_free(g);
    acc_errf(err, errlen, "egt: out of memory");
    return ACC_ENOMEM;
}

int acc_egt_game_new_callback(acc_egt_game **out, int n, acc_egt_payoff_fn fn, void *ud,
                              char *err, size_t errlen)
{
    if (!out) {
        acc_errf(err, errlen, "egt: NULL output handle");
        return ACC_EINVAL;
    }
    *out = NULL;
    int rc = check_n(n, "number of strategies n", err, errlen);
    if (rc)
        return rc;
    if (!fn) {
        acc_errf(err, errlen, "payoff callback is NULL");
        return ACC_EINVAL;
    }
    acc_egt_game *g = calloc(1, sizeof *g);
    if (!g) {
        acc_errf(err, errlen, "egt: out of memory");
        return ACC_ENOMEM;
    }
    g->n = n;
    g->fn = fn;
    g->ud = ud;
    *out = g;
    return ACC_OK;
}

void acc_egt_game_free(acc_egt_game *g)
{
    if (!g)
        return;
    free(g->payoffs);
    free(g);
}

int acc_egt_game_strategies(const acc_egt_game *g) { return g ? g->n : 0; }

void acc_egt_game_set_interrupt(acc_egt_game *g, acc_egt_interrupt_fn fn, void *ud)
{
    if (!g)
        return;
    g->interrupt = fn;
    g->interrupt_ud = ud;
}

static int interrupted(const acc_egt_game *g, char *err, size_t errlen)
{
    if (g->interrupt && g->interrupt(g->interrupt_ud)) {
        acc_errf(err, errlen, "egt: interrupted");
        return ACC_ELIMIT;
    }
    return ACC_OK;
}

static int check_process(const acc_egt_game *g, int Z, double beta, char *err, size_t errlen)
{
    if (!g) {
        acc_errf(err, errlen, "egt: NULL game");
        return ACC_EINVAL;
    }
    if (Z < 2 || Z > ACC_EGT_MAX_Z) {
        acc_errf(err, errlen, "population size Z must be in [2, %d], got %d", ACC_EGT_MAX_Z, Z);
        return ACC_EINVAL;
    }
    if (!(beta >= 0) || !isfinite(beta)) {
        acc_errf(err, errlen, "selection intensity beta must be finite and >= 0, got %g", beta);
        return ACC_EINVAL;
    }
    return ACC_OK;
}

static int check_strategy(const acc_egt_game *g, int s, const char *what, char *err,
                          size_t errlen)
{
    if (s < 0 || s >= g->n) {
        acc_errf(err, errlen, "%s strategy must be in [0, %d], got %d", what, g->n - 1, s);
        return ACC_EINVAL;
    }
    return ACC_OK;
}

/* Average payoff without argument checks; callback results are checked. */
static int payoff_at(const acc_egt_game *g, int strategy, const int *counts, int Z, double *out,
                     char *err, size_t errlen)
{
    int n = g->n;
    if (g->payoffs) {
        const double *row = g->payoffs + (size_t)strategy * (size_t)n;
        double sum = -row[strategy];
        for (int j = 0; j < n; j++)
            if (counts[j])
                sum += counts[j] * row[j];
        *out = sum / (Z - 1);
        return ACC_OK;
    }
    double v = g->fn(g->ud, strategy, counts, n, Z);
    if (!isfinite(v)) {
        char where[160];
        int len = 0;
        for (int j = 0; j < n && len < (int)sizeof where - 24; j++)
            if (counts[j])
                len += snprintf(where + len, sizeof where - (size_t)len, "%s%d: %d",
                                len ? ", " : "", j, counts[j]);
        acc_errf(err, errlen, "payoff callback returned %g for strategy %d (counts {%s}, Z = %d)",
                 v, strategy, where, Z);
        return ACC_EINVAL;
    }
    *out = v;
    return ACC_OK;
}

int acc_egt_payoff(const acc_egt_game *g, int strategy, const int *counts, int Z,
                   double *payoff, char *err, size_t errlen)
{
    int rc = check_process(g, Z, 0.0, err, errlen);
    if (rc)
        return rc;
    if ((rc = check_strategy(g, strategy, "payoff", err, errlen)))
        return rc;
    if (!counts || !payoff) {
        acc_errf(err, errlen, "egt: NULL counts or output");
        return ACC_EINVAL;
    }
    long total = 0;
    for (int j = 0; j < g->n; j++) {
        if (counts[j] < 0) {
            acc_errf(err, errlen, "counts[%d] must be >= 0, got %d", j, counts[j]);
            return ACC_EINVAL;
        }
        total += counts[j];
    }
    if (total != Z || counts[strategy] < 1) {
        acc_errf(err, errlen,
                 "counts must sum to Z = %d (got %ld) and include the focal strategy %d", Z,
                 total, strategy);
        return ACC_EINVAL;
    }
    return payoff_at(g, strategy, counts, Z, payoff, err, errlen);
}

/* ------------------------------------------------------------- fixation */

/* log rho_{A->B}: with k B mutants, T-(k)/T+(k) = exp(-beta (Pi_B(k) - Pi_A(k)))
 * and rho = 1 / sum_{i=0}^{Z-1} exp(L_i), L_i = sum_{k=1}^{i} log(T-(k)/T+(k)).
 * The sum runs as a streaming log-sum-exp (max m, scaled sum S), and the
 * cumulative exponent L is a compensated (Neumaier) sum. counts is scratch
 * of n ints (callback games only). */
static int log_fixation(const acc_egt_game *g, int Z, double beta, int A, int B, int *counts,
                        double *rho_out, double *log_rho_out, char *err, size_t errlen)
{
    double L = 0.0, comp = 0.0; /* L_i = L + comp */
    double m = 0.0, S = 1.0;    /* the i = 0 term: exp(0) */
    const double *M = g->payoffs;
    int n = g->n;
    double aAA = 0, aAB = 0, aBA = 0, aBB = 0;
    if (M) {
        aAA = M[A * n + A];
        aAB = M[A * n + B];
        aBA = M[B * n + A];
        aBB = M[B * n + B];
    } else {
        memset(counts, 0, (size_t)n * sizeof *counts);
    }
    for (int k = 1; k <= Z - 1; k++) {
        double piA, piB;
        if (M) {
            piA = ((double)(Z - k - 1) * aAA + (double)k * aAB) / (Z - 1);
            piB = ((double)(k - 1) * aBB + (double)(Z - k) * aBA) / (Z - 1);
        } else {
            counts[A] = Z - k;
            counts[B] = k;
            int rc = payoff_at(g, A, counts, Z, &piA, err, errlen);
            if (!rc)
                rc = payoff_at(g, B, counts, Z, &piB, err, errlen);
            if (rc)
                return rc;
        }
        double term = -beta * (piB - piA);
        /* Neumaier: keep the low-order bits the running sum drops. */
        double t = L + term;
        if (fabs(L) >= fabs(term))
            comp += (L - t) + term;
        else
            comp += (term - t) + L;
        L = t;
        double Li = L + comp;
        if (!isfinite(Li)) {
            /* strategies by their 0-based index (the C API's) and 1-based
             * (the Lua API's, where most calls come from) */
            acc_errf(err, errlen,
                     "fixation of a mutant of strategy %d among residents of strategy %d "
                     "(0-based indices %d and %d): beta * payoff difference overflows at "
                     "k = %d mutants (beta = %g, Pi_resident = %g, Pi_mutant = %g)",
                     B + 1, A + 1, B, A, k, beta, piA, piB);
            return ACC_EINVAL;
        }
        if (Li <= m) {
            S += exp(Li - m);
        } else {
            S = S * exp(m - Li) + 1.0;
            m = Li;
        }
        if (k % POLL_EVERY == 0) {
            int rc = interrupted(g, err, errlen);
            if (rc)
                return rc;
        }
    }
    /* rho = exp(-m) / S; for m = 0 (e.g. neutral) this is exactly 1/S. */
    double log_rho = -m - log(S);
    if (log_rho_out)
        *log_rho_out = log_rho;
    if (rho_out)
        *rho_out = (m == 0.0) ? 1.0 / S : exp(log_rho);
    return ACC_OK;
}

int acc_egt_fixation(const acc_egt_game *g, int Z, double beta, int from, int to,
                     double *rho, double *log_rho, char *err, size_t errlen)
{
    int rc = check_process(g, Z, beta, err, errlen);
    if (rc)
        return rc;
    if ((rc = check_strategy(g, from, "resident ('from')", err, errlen)) ||
        (rc = check_strategy(g, to, "mutant ('to')", err, errlen)))
        return rc;
    if (from == to) {
        acc_errf(err, errlen, "fixation needs two different strategies, got %d -> %d", from, to);
        return ACC_EINVAL;
    }
    int *counts = NULL;
    if (!g->payoffs) {
        counts = malloc((size_t)g->n * sizeof *counts);
        if (!counts) {
            acc_errf(err, errlen, "egt: out of memory");
            return ACC_ENOMEM;
        }
    }
    rc = log_fixation(g, Z, beta, from, to, counts, rho, log_rho, err, errlen);
    free(counts);
    return rc;
}

int acc_egt_fixation_matrix(const acc_egt_game *g, int Z, double beta, double *rho,
                            double *log_rho, char *err, size_t errlen)
{
    int rc = check_process(g, Z, beta, err, errlen);
    if (rc)
        return rc;
    int n = g->n;
    int *counts = malloc((size_t)n * sizeof *counts);
    if (!counts) {
        acc_errf(err, errlen, "egt: out of memory");
        return ACC_ENOMEM;
    }
    for (int i = 0; i < n && !rc; i++)
        for (int j = 0; j < n && !rc; j++) {
            double r = 0.0, lr = -INFINITY;
            if (i != j)
                rc = log_fixation(g, Z, beta, i, j, counts, &r, &lr, err, errlen);
            if (rho)
                rho[i * n + j] = r;
            if (log_rho)
                log_rho[i * n + j] = lr;
        }
    free(counts);
    return rc;
}

/* ----------------------------------------------------------- stationary */

static double log_add(double a, double b)
{
    if (a == -INFINITY)
        return b;
    if (b == -INFINITY)
        return a;
    return a > b ? a + log1p(exp(b - a)) : b + log1p(exp(a - b));
}

/* GTH (Grassmann-Taksar-Heyman) state reduction on the rates rho_{i->j}
 * (the 1/(n-1) factor cancels): eliminate states n-1..1, each time folding
 * paths through the removed state into the others, then back-substitute.
 * Only sums, products and quotients of positive numbers occur, so doing
 * them on logs loses nothing, even when rho spans 1e-300..1 or beyond. */
int acc_egt_stationary_from_log_rho(int n, const double *log_rho, double *freq, char *err,
                                    size_t errlen)
{
    int rc = check_n(n, "number of strategies n", err, errlen);
    if (rc)
        return rc;
    if (!log_rho || !freq) {
        acc_errf(err, errlen, "egt: NULL log_rho or freq");
        return ACC_EINVAL;
    }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            if (i != j && (isnan(log_rho[i * n + j]) || log_rho[i * n + j] == INFINITY)) {
                acc_errf(err, errlen, "log_rho[%d][%d] must be a number < +inf, got %g", i, j,
                         log_rho[i * n + j]);
                return ACC_EINVAL;
            }
    double *P = malloc((size_t)n * (size_t)n * sizeof *P);
    double *lp = malloc((size_t)n * sizeof *lp);
    if (!P || !lp) {
        free(P);
        free(lp);
        acc_errf(err, errlen, "egt: out of memory");
        return ACC_ENOMEM;
    }
    memcpy(P, log_rho, (size_t)n * (size_t)n * sizeof *P);
    for (int k = n - 1; k >= 1; k--) {
        double ls = -INFINITY; /* log of total rate from k to the remaining states */
        for (int j = 0; j < k; j++)
            ls = log_add(ls, P[k * n + j]);
        if (ls == -INFINITY) {
            acc_errf(err, errlen,
                     "stationary: strategy %d cannot be invaded by strategies 0..%d "
                     "(all fixation probabilities are 0): the chain is reducible",
                     k, k - 1);
            rc = ACC_EINVAL;
            goto done;
        }
        for (int i = 0; i < k; i++)
            P[i * n + k] -= ls;
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
                if (i != j)
                    P[i * n + j] = log_add(P[i * n + j], P[i * n + k] + P[k * n + j]);
    }
    lp[0] = 0.0;
    for (int k = 1; k < n; k++) {
        double v = -INFINITY;
        for (int i = 0; i < k; i++)
            v = log_add(v, lp[i] + P[i * n + k]);
        lp[k] = v;
    }
    double total = -INFINITY;
    for (int k = 0; k < n; k++)
        total = log_add(total, lp[k]);
    for (int k = 0; k < n; k++)
        freq[k] = exp(lp[k] - total);
done:
    free(P);
    free(lp);
    return rc;
}

int acc_egt_stationary(const acc_egt_game *g, int Z, double beta, double *freq,
                       double *log_rho, char *err, size_t errlen)
{
    int rc = check_process(g, Z, beta, err, errlen);
    if (rc)
        return rc;
    if (!freq) {
        acc_errf(err, errlen, "egt: NULL freq");
        return ACC_EINVAL;
    }
    int n = g->n;
    double *lr = malloc((size_t)n * (size_t)n * sizeof *lr);
    if (!lr) {
        acc_errf(err, errlen, "egt: out of memory");
        return ACC_ENOMEM;
    }
    rc = acc_egt_fixation_matrix(g, Z, beta, NULL, lr, err, errlen);
    if (!rc)
        rc = acc_egt_stationary_from_log_rho(n, lr, freq, err, errlen);
    if (!rc && log_rho)
        memcpy(log_rho, lr, (size_t)n * (size_t)n * sizeof *lr);
    free(lr);
    return rc;
}

/* ------------------------------------------------------------ simulator */

struct sim {
    int n, Z;
    int *strat;       /* Z players' strategies */
    int *counts;      /* n */
    uint64_t *since;  /* n: step at which counts[i] last changed */
    double *accum;    /* n: sum over steps of counts[i] (flushed lazily) */
    double *mono;     /* n: steps spent monomorphic in i */
    int present;      /* number of strategies with counts > 0 */
    int mono_strat;   /* the strategy when monomorphic, else -1 */
    int last_mono;    /* the last monomorphic strategy seen */
    uint64_t mono_since;
    uint64_t fixations;
};

/* Player `who` switches to strategy `to`; the new state holds from step t on. */
static void sim_switch(struct sim *S, int who, int to, uint64_t t)
{
    int from = S->strat[who];
    int ends[2] = {from, to};
    for (int e = 0; e < 2; e++) {
        int i = ends[e];
        S->accum[i] += (double)S->counts[i] * (double)(t - S->since[i]);
        S->since[i] = t;
    }
    if (S->mono_strat >= 0) { /* leaving a monomorphic state */
        S->mono[S->mono_strat] += (double)(t - S->mono_since);
        S->mono_strat = -1;
    }
    S->strat[who] = to;
    if (S->counts[to]++ == 0)
        S->present++;
    if (--S->counts[from] == 0)
        S->present--;
    if (S->present == 1) {
        S->mono_strat = to;
        S->mono_since = t;
        if (to != S->last_mono)
            S->fixations++;
        S->last_mono = to;
    }
}

static int random_other(gsl_rng *r, int n, int not)
{
    int j = (int)gsl_rng_uniform_int(r, (unsigned long)(n - 1));
    return j >= not ? j + 1 : j;
}

int acc_egt_simulate(const acc_egt_game *g, int Z, double beta, const acc_egt_sim_opts *o,
                     double *mono_freq, double *mean_freq, acc_egt_sim_stats *stats,
                     char *err, size_t errlen)
{
    int rc = check_process(g, Z, beta, err, errlen);
    if (rc)
        return rc;
    if (!o) {
        acc_errf(err, errlen, "egt: NULL simulation options");
        return ACC_EINVAL;
    }
    if (!(o->mu >= 0 && o->mu <= 1)) {
        acc_errf(err, errlen, "mutation probability mu must be in [0, 1], got %g", o->mu);
        return ACC_EINVAL;
    }
    if (o->steps < 1 || o->steps > ACC_EGT_MAX_STEPS) {
        acc_errf(err, errlen, "steps must be in [1, %llu], got %llu",
                 (unsigned long long)ACC_EGT_MAX_STEPS, (unsigned long long)o->steps);
        return ACC_EINVAL;
    }
    if ((rc = check_strategy(g, o->start, "start", err, errlen)))
        return rc;

    int n = g->n;
    struct sim S = {.n = n, .Z = Z};
    gsl_rng *r = acc_rng_stream_new(o->seed, o->run, ACC_STREAM_EGT, 0);
    S.strat = malloc((size_t)Z * sizeof *S.strat);
    S.counts = calloc((size_t)n, sizeof *S.counts);
    S.since = calloc((size_t)n, sizeof *S.since);
    S.accum = calloc((size_t)n, sizeof *S.accum);
    S.mono = calloc((size_t)n, sizeof *S.mono);
    if (!r || !S.strat || !S.counts || !S.since || !S.accum || !S.mono) {
        acc_errf(err, errlen, "egt: out of memory");
        rc = ACC_ENOMEM;
        goto done;
    }
    for (int i = 0; i < Z; i++)
        S.strat[i] = o->start;
    S.counts[o->start] = Z;
    S.present = 1;
    S.mono_strat = S.last_mono = o->start;
    S.mono_since = 0;

    const uint64_t T = o->steps;
    const double log1m_mu = log1p(-o->mu); /* -inf when mu = 1 */
    uint64_t mutations = 0, polls = 0, t = 0;
    while (t < T) {
        if (S.mono_strat >= 0) {
            /* Nothing happens until a mutation: K ~ Geometric(mu) on {1, 2, ...}. */
            if (o->mu == 0)
                break;
            double K = floor(log(gsl_rng_uniform_pos(r)) / log1m_mu) + 1.0;
            if (!(K <= (double)(T - t)))
                break;
            t += (uint64_t)K; /* the mutation happens during step t */
            int who = (int)gsl_rng_uniform_int(r, (unsigned long)Z);
            sim_switch(&S, who, random_other(r, n, S.strat[who]), t);
            mutations++;
            continue;
        }
        t++;
        if (++polls % POLL_EVERY == 0 && (rc = interrupted(g, err, errlen)))
            goto done;
        int focal = (int)gsl_rng_uniform_int(r, (unsigned long)Z);
        if (o->mu > 0 && gsl_rng_uniform(r) < o->mu) {
            sim_switch(&S, focal, random_other(r, n, S.strat[focal]), t);
            mutations++;
            continue;
        }
        int model = (int)gsl_rng_uniform_int(r, (unsigned long)(Z - 1));
        if (model >= focal)
            model++;
        int sa = S.strat[focal], sb = S.strat[model];
        if (sa == sb)
            continue;
        double pa, pb;
        if ((rc = payoff_at(g, sa, S.counts, Z, &pa, err, errlen)) ||
            (rc = payoff_at(g, sb, S.counts, Z, &pb, err, errlen)))
            goto done;
        double x = beta * (pb - pa);
        double p_imitate = x >= 0 ? 1.0 / (1.0 + exp(-x)) : exp(x) / (1.0 + exp(x));
        if (gsl_rng_uniform(r) < p_imitate)
            sim_switch(&S, focal, sb, t);
    }
    /* Flush the lazy accumulators up to T. */
    for (int i = 0; i < n; i++)
        S.accum[i] += (double)S.counts[i] * (double)(T - S.since[i]);
    if (S.mono_strat >= 0)
        S.mono[S.mono_strat] += (double)(T - S.mono_since);
    double mono_total = 0;
    for (int i = 0; i < n; i++)
        mono_total += S.mono[i];
    for (int i = 0; i < n; i++) {
        if (mono_freq)
            mono_freq[i] = mono_total > 0 ? S.mono[i] / mono_total : 0.0;
        if (mean_freq)
            mean_freq[i] = S.accum[i] / ((double)Z * (double)T);
    }
    if (stats) {
        stats->mono_share = mono_total / (double)T;
        stats->mutations = mutations;
        stats->fixations = S.fixations;
    }
done:
    gsl_rng_free(r);
    free(S.strat);
    free(S.counts);
    free(S.since);
    free(S.accum);
    free(S.mono);
    return rc;
}

/* ------------------------------------------------------------ Han 2020 */

acc_egt_han2020 acc_egt_han2020_baseline(void)
{
    return (acc_egt_han2020){.b = 4, .c = 1, .B = 1e4, .W = 100, .s = 1.5, .p_r = 0.5, .q = 0};
}

static int han_check(const acc_egt_han2020 *h, int need_pr, char *err, size_t errlen)
{
    if (!h) {
        acc_errf(err, errlen, "egt: NULL Han 2020 parameters");
        return ACC_EINVAL;
    }
    struct {
        const char *name;
        double v, lo, hi;
        int open_lo;
    } f[] = {
        {"b", h->b, 0, INFINITY, 0},  {"c", h->c, 0, INFINITY, 0},
        {"B", h->B, 0, INFINITY, 0},  {"W", h->W, 0, INFINITY, 1},
        {"s", h->s, 0, INFINITY, 1},  {"p_r", need_pr ? h->p_r : 0, 0, 1, 0},
        {"q", h->q, 0, 1, 0},
    };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        double v = f[i].v;
        int ok = isfinite(v) && v <= f[i].hi && (f[i].open_lo ? v > f[i].lo : v >= f[i].lo);
        if (!ok) {
            if (isfinite(f[i].hi))
                acc_errf(err, errlen, "han2020: %s must be in [%g, %g], got %g", f[i].name,
                         f[i].lo, f[i].hi, v);
            else
                acc_errf(err, errlen, "han2020: %s must be finite and %s %g, got %g",
                         f[i].name, f[i].open_lo ? ">" : ">=", f[i].lo, v);
            return ACC_EINVAL;
        }
    }
    return ACC_OK;
}

int acc_egt_han2020_payoffs(const acc_egt_han2020 *h, double payoffs[4], char *err,
                            size_t errlen)
{
    int rc = han_check(h, 1, err, errlen);
    if (rc)
        return rc;
    if (!payoffs) {
        acc_errf(err, errlen, "egt: NULL payoffs");
        return ACC_EINVAL;
    }
    double b = h->b, c = h->c, R = h->B / h->W, s = h->s;
    double p = (1 - h->p_r) * (1 - h->q);
    payoffs[ACC_EGT_SAFE * 2 + ACC_EGT_SAFE] = b / 2 - c + R / 2;
    payoffs[ACC_EGT_SAFE * 2 + ACC_EGT_UNSAFE] = b / (s + 1) - c;
    payoffs[ACC_EGT_UNSAFE * 2 + ACC_EGT_SAFE] = p * (s * b / (s + 1) + s * R);
    payoffs[ACC_EGT_UNSAFE * 2 + ACC_EGT_UNSAFE] = p * (b / 2 + s * R / 2);
    for (int i = 0; i < 4; i++)
        if (!isfinite(payoffs[i])) {
            acc_errf(err, errlen, "han2020: payoffs overflow (B/W = %g)", R);
            return ACC_EINVAL;
        }
    return ACC_OK;
}

/* SAFE preferred iff X > p (1-q) Y with p = 1 - p_r, i.e. p_r > 1 - X/((1-q) Y). */
static double han_threshold(double X, double Y, double q)
{
    if (q >= 1)
        return X > 0 ? -INFINITY : INFINITY;
    return 1 - X / ((1 - q) * Y);
}

int acc_egt_han2020_thresholds(const acc_egt_han2020 *h, double *p_r_risk,
                               double *p_r_welfare, char *err, size_t errlen)
{
    int rc = han_check(h, 0, err, errlen);
    if (rc)
        return rc;
    if (!(h->b > 0 || h->B > 0)) {
        acc_errf(err, errlen, "han2020: thresholds need b > 0 or B > 0 (got b = %g, B = %g)",
                 h->b, h->B);
        return ACC_EINVAL;
    }
    double b = h->b, c = h->c, R = h->B / h->W, s = h->s;
    /* Pi_SS + Pi_SU = b/2 + b/(s+1) + R/2 - 2c;  Pi_US + Pi_UU = p (b/2 + s b/(s+1) + 3sR/2) */
    double Xr = b / 2 + b / (s + 1) + R / 2 - 2 * c;
    double Yr = b / 2 + s * b / (s + 1) + 1.5 * s * R;
    /* Pi_SS = b/2 - c + R/2;  Pi_UU = p (b/2 + sR/2) */
    double Xw = b / 2 - c + R / 2;
    double Yw = b / 2 + s * R / 2;
    double tr = han_threshold(Xr, Yr, h->q), tw = han_threshold(Xw, Yw, h->q);
    if (isnan(tr) || isnan(tw)) {
        acc_errf(err, errlen, "han2020: thresholds overflow (B/W = %g)", R);
        return ACC_EINVAL;
    }
    if (p_r_risk)
        *p_r_risk = tr;
    if (p_r_welfare)
        *p_r_welfare = tw;
    return ACC_OK;
}
