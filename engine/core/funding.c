/* accord — venture funding (MODEL.md v2, "Funding"): after market clearing,
 * each jurisdiction's private AI investment V_j(t)/spy goes to the eligible
 * startups with home j (and open_source_share of it to its open-source labs,
 * on the same rule): deployed somewhere, younger than funding.max_age, among
 * the first ceil(reach n) of the home's n live developers of that kind ranked
 * by A = (phi (1 + c))^(eps - 1) r (ties by id); split in proportion to
 * A^kappa_f, no recipient above max_share of the step's pool, the excess
 * re-split among the others (water-filling), what no one can take not paid.
 * No draws: the split is a function of the state. No allocation: the
 * candidates live in the developers' snapshot mask snap_oearn (4 bytes per
 * developer, read only while the snapshot is valid: from the developers'
 * snapshot to the end of their phase, and when a hook asks for a snapshot
 * later; nothing between that phase's end and this one can, as no event or
 * hook runs there).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/world_int.h"

/* The order investors rank candidates in: larger A first, ties by smaller
 * id. A strict total order, so every selection below is unique. */
static inline int before(const double *a, int32_t x, int32_t y)
{
    return a[x] > a[y] || (a[x] == a[y] && x < y);
}

static inline void swap32(int32_t *v, int64_t i, int64_t k)
{
    int32_t t = v[i];
    v[i] = v[k];
    v[k] = t;
}

/* Heapsort of v[0..n) into `before` order: bounded time, in place. */
static void sift(int32_t *v, int64_t root, int64_t n, const double *a)
{
    for (;;) {
        int64_t c = 2 * root + 1;
        if (c >= n)
            return;
        if (c + 1 < n && before(a, v[c], v[c + 1]))
            c++;
        if (!before(a, v[root], v[c]))
            return;
        swap32(v, root, c);
        root = c;
    }
}

static void heap_sort(int32_t *v, int64_t n, const double *a)
{
    for (int64_t r = n / 2 - 1; r >= 0; r--)
        sift(v, r, n, a);
    for (int64_t e = n - 1; e > 0; e--) {
        swap32(v, 0, e);
        sift(v, 0, e, a);
    }
}

/* Rearrange v[0..n) so that v[0..k) are the first k in `before` order (in no
 * particular order among themselves): Wirth's selection with a median-of-three
 * pivot, falling back to a heapsort of what is left after 2 log2(n) + 8
 * rounds (so never quadratic). */
void acc__funding_select(int32_t *v, int64_t n, int64_t k, const double *a)
{
    if (k <= 0 || k >= n)
        return;
    const int64_t kk = k - 1;
    int64_t lo = 0, hi = n - 1;
    int depth = 8;
    for (int64_t m = n; m > 1; m >>= 1)
        depth += 2;
    while (lo < hi) {
        if (depth-- <= 0) {
            heap_sort(v + lo, hi - lo + 1, a);
            return;
        }
        const int64_t mid = lo + (hi - lo) / 2;
        if (before(a, v[mid], v[lo]))
            swap32(v, mid, lo);
        if (before(a, v[hi], v[lo]))
            swap32(v, hi, lo);
        if (before(a, v[hi], v[mid]))
            swap32(v, hi, mid);
        const int32_t p = v[mid];
        int64_t i = lo, j = hi;
        do {
            while (before(a, v[i], p))
                i++;
            while (before(a, p, v[j]))
                j--;
            if (i <= j) {
                swap32(v, i, j);
                i++;
                j--;
            }
        } while (i <= j);
        if (j < kk)
            lo = i;
        if (kk < i)
            hi = j;
    }
}

/* ceil(x) for a count, where x = reach n (or max_age spy) may come out a few
 * ulps above an integer in floating point (0.1 * 30 = 3.0000000000000004):
 * within 1e-9 (relative) of an integer counts as that integer. */
static double ceil_count(double x)
{
    const double r = round(x);
    return fabs(x - r) <= 1e-9 * (r > 1 ? r : 1) ? r : ceil(x);
}

/* One group: the n candidates in v (live developers of one kind with one
 * home), a pool and a cap (M$ this step). Pays into K and fund; returns
 * what was paid. */
double acc__funding_split(acc_world *w, int32_t *v, int64_t n, double pool, double cap)
{
    const acc_config *cfg = &w->cfg;
    const double *a = w->a_cur;
    if (n <= 0 || !(pool > 0) || !(cap > 0))
        return 0;
    /* The first ceil(reach n) by A ... */
    int64_t m = (int64_t)ceil_count(cfg->funding_reach * (double)n);
    if (m > n)
        m = n;
    if (m <= 0)
        return 0;
    acc__funding_select(v, n, m, a);
    /* ... of which those deployed somewhere and younger than max_age. */
    double age_lim = cfg->funding_max_age * w->spy; /* in steps; a near-integer is that integer */
    if (fabs(age_lim - round(age_lim)) <= 1e-9 * (age_lim > 1 ? age_lim : 1))
        age_lim = round(age_lim);
    int64_t e = 0;
    double amax = 0;
    for (int64_t k = 0; k < m; k++) {
        const int32_t i = v[k];
        if (!dev_in(w, i) || !((double)(w->cur - w->birth[i]) < age_lim))
            continue;
        v[e++] = i;
        if (a[i] > amax)
            amax = a[i];
    }
    if (e == 0 || !(amax > 0))
        return 0;
    /* Weights (A / A_max)^kappa_f: the same shares as A^kappa_f, never
     * overflowing; the largest weight is 1. */
    powspec pk;
    powspec_set(&pk, cfg->funding_concentration);
    double W = 0;
    for (int64_t k = 0; k < e; k++)
        W += powspec_eval(&pk, a[v[k]] / amax);
    double rest = pool;
    int64_t first = 0; /* v[0..first) are paid the cap */
    if (pool > cap * W) {
        /* The largest share, pool / W, exceeds the cap: water-filling. The
         * capped recipients are the ones with the largest weights, at most
         * pool / cap of them: sort that many (plus room to see where the
         * caps stop), then cap while the largest remaining share exceeds it.
         * Capping one raises the others' shares (its share was above the
         * mean), so the capped set is a prefix of the sorted weights. */
        const double most = pool / cap;
        int64_t K = most + 2 < (double)e ? (int64_t)most + 2 : e;
        acc__funding_select(v, e, K, a);
        heap_sort(v, K, a);
        double Wr = W;
        while (first < K && first < e) {
            const double wi = powspec_eval(&pk, a[v[first]] / amax);
            if (!(rest * wi > cap * Wr))
                break;
            rest -= cap;
            Wr -= wi;
            first++;
        }
        W = 0; /* the rest's weight afresh, not by subtraction */
        for (int64_t k = first; k < e; k++)
            W += powspec_eval(&pk, a[v[k]] / amax);
    }
    double paid = 0;
    for (int64_t k = 0; k < e; k++) {
        const int32_t i = v[k];
        double x;
        if (k < first)
            x = cap;
        else if (W > 0)
            x = rest * powspec_eval(&pk, a[i] / amax) / W;
        else
            x = 0; /* every weight left underflowed: that part is not paid */
        w->K[i] += x;
        w->fund[i] += x;
        paid += x;
    }
    return paid;
}

/* The funding phase: per home jurisdiction, its startups and (with
 * open_source_share > 0) its open-source labs, each group on its own part of
 * the pool with the same cap, max_share of the whole step's pool. */
int acc__funding(acc_world *w)
{
    const int J = w->J;
    const acc_config *cfg = &w->cfg;
    int any = 0;
    for (int j = 0; j < J; j++)
        any |= cfg->jur[j].venture_funding > 0;
    if (!any)
        return w->status;
    /* Candidates grouped by (home, kind), index order within a group:
     * group 2j the startups of home j, 2j + 1 its open-source labs. */
    int64_t cnt[2 * ACC_MAX_JUR + 1];
    memset(cnt, 0, sizeof cnt);
    const int os = cfg->funding_open_source_share > 0;
    for (int64_t i = 0; i < w->n; i++) {
        if (!w->alive[i])
            continue;
        const int k = w->kind[i];
        if (k == ACC_STARTUP || (os && k == ACC_OPEN_SOURCE))
            cnt[2 * w->home[i] + (k != ACC_STARTUP) + 1]++;
    }
    for (int g = 1; g <= 2 * J; g++)
        cnt[g] += cnt[g - 1];
    int64_t pos[2 * ACC_MAX_JUR];
    memcpy(pos, cnt, sizeof(int64_t) * (size_t)(2 * J));
    int32_t *const fidx = (int32_t *)w->snap_oearn; /* scratch (above) */
    w->snap_valid = 0; /* (it is not valid here: see above) */
    for (int64_t i = 0; i < w->n; i++) {
        if (!w->alive[i])
            continue;
        const int k = w->kind[i];
        if (k == ACC_STARTUP || (os && k == ACC_OPEN_SOURCE))
            fidx[pos[2 * w->home[i] + (k != ACC_STARTUP)]++] = (int32_t)i;
    }
    const double share_os = cfg->funding_open_source_share;
    for (int j = 0; j < J; j++) {
        const double V = cfg->jur[j].venture_funding;
        if (!(V > 0))
            continue;
        const double step_pool = V / w->spy, cap = cfg->funding_max_share * step_pool;
        double paid = 0;
        for (int g = 0; g < 2; g++) {
            const double pool = g == 0 ? (1 - share_os) * step_pool : share_os * step_pool;
            const int64_t b = cnt[2 * j + g], n = cnt[2 * j + g + 1] - b;
            paid += acc__funding_split(w, fidx + b, n, pool, cap);
        }
        w->fl[j].funding += paid;
    }
    return w->status;
}
