/* accord — PRIM (Friedman & Fisher 1999): peeling, pasting, the trajectory,
 * the box choice and quasi-p-values (stats/prim.h has the definitions).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "base/common.h"
#include "stats/prim.h"

void acc_prim_opts_init(acc_prim_opts *o)
{
    o->alpha = 0.05;
    o->paste_alpha = 0.05;
    o->min_support = 0.05;
    o->paste = 1;
}

typedef struct vy {
    double v;
    unsigned char y;
} vy;

static int vy_cmp(const void *a, const void *b)
{
    double x = ((const vy *)a)->v, z = ((const vy *)b)->v;
    return (x > z) - (x < z);
}

typedef struct prim_work {
    const double *const *x;
    const unsigned char *y;
    size_t n, d;
    size_t *idx;     /* points of the current (peeled) box */
    size_t m;
    vy *buf;         /* n */
} prim_work;

static int in_box(const double *const *x, size_t d, size_t i, const double *lo, const double *hi)
{
    for (size_t j = 0; j < d; j++)
        if (!(x[j][i] >= lo[j] && x[j][i] <= hi[j]))
            return 0;
    return 1;
}

void acc_prim_count(const double *const *x, const unsigned char *y, size_t n, size_t d,
                    const double *lo, const double *hi, size_t *n_in, size_t *cases_in)
{
    size_t a = 0, c = 0;
    for (size_t i = 0; i < n; i++)
        if (in_box(x, d, i, lo, hi)) {
            a++;
            c += y[i];
        }
    *n_in = a;
    *cases_in = c;
}

static size_t peel_count(double frac, size_t m)
{
    size_t k = (size_t)floor(frac * (double)m);
    return k < 1 ? 1 : k;
}

/* One peel of the box (lo, hi) holding w->idx[0..m-1]; 1 if a peel was
 * taken (lo/hi and idx updated), 0 when none qualifies. */
static int peel_once(prim_work *w, const acc_prim_opts *o, double *lo, double *hi)
{
    size_t m = w->m, cases = 0;
    for (size_t a = 0; a < m; a++)
        cases += w->y[w->idx[a]];
    size_t k = peel_count(o->alpha, m);
    if (k >= m)
        return 0;
    int best_j = -1, best_upper = 0;
    double best_density = -1, best_limit = 0;
    for (size_t j = 0; j < w->d; j++) {
        for (size_t a = 0; a < m; a++) {
            w->buf[a].v = w->x[j][w->idx[a]];
            w->buf[a].y = w->y[w->idx[a]];
        }
        qsort(w->buf, m, sizeof *w->buf, vy_cmp);
        for (int upper = 0; upper <= 1; upper++) {
            /* every point at or beyond the k-th smallest (largest) value
             * leaves: whole tie groups, so at least k points */
            size_t removed = 0, removed_cases = 0;
            double limit;
            if (!upper) {
                double edge = w->buf[k - 1].v;
                for (; removed < m && w->buf[removed].v <= edge; removed++)
                    removed_cases += w->buf[removed].y;
                limit = removed < m ? w->buf[removed].v : edge;
            } else {
                double edge = w->buf[m - k].v;
                for (; removed < m && w->buf[m - 1 - removed].v >= edge; removed++)
                    removed_cases += w->buf[m - 1 - removed].y;
                limit = removed < m ? w->buf[m - 1 - removed].v : edge;
            }
            if (removed == m) /* it would empty the box */
                continue;
            size_t left = m - removed;
            if ((double)left / (double)w->n < o->min_support)
                continue;
            double density = (double)(cases - removed_cases) / (double)left;
            if (density > best_density) {
                best_density = density;
                best_j = (int)j;
                best_upper = upper;
                best_limit = limit;
            }
        }
    }
    if (best_j < 0)
        return 0;
    size_t j = (size_t)best_j;
    if (best_upper)
        hi[j] = best_limit;
    else
        lo[j] = best_limit;
    size_t keep = 0;
    for (size_t a = 0; a < m; a++) {
        double v = w->x[j][w->idx[a]];
        if (best_upper ? v <= best_limit : v >= best_limit)
            w->idx[keep++] = w->idx[a];
    }
    w->m = keep;
    return 1;
}

/* Paste the box (lo, hi) in place while its density rises. */
static void paste_box(prim_work *w, const acc_prim_opts *o, const double *min,
                      const double *max, double *lo, double *hi)
{
    for (;;) {
        size_t m, cases;
        acc_prim_count(w->x, w->y, w->n, w->d, lo, hi, &m, &cases);
        if (m == 0)
            return;
        double density = (double)cases / (double)m;
        size_t k = peel_count(o->paste_alpha, m);
        int best_j = -1, best_upper = 0;
        double best_density = density, best_limit = 0;
        for (size_t j = 0; j < w->d; j++) {
            for (int upper = 0; upper <= 1; upper++) {
                if (upper ? !(hi[j] < max[j]) : !(lo[j] > min[j]))
                    continue;
                /* points outside the box along j only, on this side */
                size_t c = 0;
                for (size_t i = 0; i < w->n; i++) {
                    double v = w->x[j][i];
                    if (upper ? !(v > hi[j]) : !(v < lo[j]))
                        continue;
                    int inside = 1;
                    for (size_t q = 0; q < w->d && inside; q++)
                        if (q != j && !(w->x[q][i] >= lo[q] && w->x[q][i] <= hi[q]))
                            inside = 0;
                    if (inside) {
                        w->buf[c].v = upper ? v : -v; /* nearest first after sorting */
                        w->buf[c].y = w->y[i];
                        c++;
                    }
                }
                if (c == 0)
                    continue;
                qsort(w->buf, c, sizeof *w->buf, vy_cmp);
                size_t kk = k < c ? k : c;
                double lim = w->buf[kk - 1].v;
                size_t added = 0, added_cases = 0;
                for (size_t a = 0; a < c && w->buf[a].v <= lim; a++) {
                    added++;
                    added_cases += w->buf[a].y;
                }
                double dn = (double)(cases + added_cases) / (double)(m + added);
                if (dn > best_density) {
                    best_density = dn;
                    best_j = (int)j;
                    best_upper = upper;
                    best_limit = upper ? lim : -lim;
                }
            }
        }
        if (best_j < 0)
            return;
        if (best_upper)
            hi[best_j] = best_limit;
        else
            lo[best_j] = best_limit;
    }
}

static int box_alloc(acc_prim_box *b, size_t d)
{
    b->lo = malloc(d * sizeof *b->lo);
    b->hi = malloc(d * sizeof *b->hi);
    return b->lo && b->hi ? ACC_OK : ACC_ENOMEM;
}

static void box_stats(const prim_work *w, const acc_prim_result *r, acc_prim_box *b)
{
    acc_prim_count(w->x, w->y, w->n, w->d, b->lo, b->hi, &b->n_in, &b->cases_in);
    b->support = (double)b->n_in / (double)w->n;
    b->density = b->n_in ? (double)b->cases_in / (double)b->n_in : NAN;
    b->coverage = (double)b->cases_in / (double)r->cases;
    b->n_restricted = 0;
    for (size_t j = 0; j < w->d; j++)
        b->n_restricted += b->lo[j] > r->min[j] || b->hi[j] < r->max[j];
}

void acc_prim_free(acc_prim_result *r)
{
    if (!r)
        return;
    for (size_t b = 0; b < r->n_boxes; b++) {
        free(r->box[b].lo);
        free(r->box[b].hi);
    }
    free(r->box);
    free(r->min);
    free(r->max);
    free(r);
}

static int check_input(const double *const *x, const unsigned char *y, size_t n, size_t d,
                       const acc_prim_opts *o, size_t *cases, char *err, size_t errlen)
{
    if (n < 2 || d < 1) {
        acc_errf(err, errlen, "PRIM needs at least 2 points and 1 dimension, got %zu and %zu",
                 n, d);
        return ACC_EINVAL;
    }
    if (!(o->alpha > 0 && o->alpha <= 0.5) || !(o->paste_alpha > 0 && o->paste_alpha <= 0.5)) {
        acc_errf(err, errlen, "PRIM: alpha and paste alpha must be in (0, 0.5], got %g and %g",
                 o->alpha, o->paste_alpha);
        return ACC_EINVAL;
    }
    if (!(o->min_support >= 0 && o->min_support < 1)) {
        acc_errf(err, errlen, "PRIM: the minimum support must be in [0, 1), got %g",
                 o->min_support);
        return ACC_EINVAL;
    }
    size_t c = 0;
    for (size_t i = 0; i < n; i++) {
        if (y[i] > 1) {
            acc_errf(err, errlen, "PRIM: point %zu has the label %d, not 0 or 1", i, y[i]);
            return ACC_EINVAL;
        }
        c += y[i];
        for (size_t j = 0; j < d; j++)
            if (!isfinite(x[j][i])) {
                acc_errf(err, errlen, "PRIM: point %zu has a non-finite value in dimension %zu",
                         i, j);
                return ACC_EINVAL;
            }
    }
    if (c == 0) {
        acc_errf(err, errlen, "PRIM: no point has the outcome of interest (every label is 0)");
        return ACC_EINVAL;
    }
    *cases = c;
    return ACC_OK;
}

int acc_prim_run(const double *const *x, const unsigned char *y, size_t n, size_t d,
                 const acc_prim_opts *opts, acc_prim_result **out, char *err, size_t errlen)
{
    *out = NULL;
    acc_prim_opts o;
    if (opts)
        o = *opts;
    else
        acc_prim_opts_init(&o);
    size_t cases;
    int rc = check_input(x, y, n, d, &o, &cases, err, errlen);
    if (rc)
        return rc;
    acc_prim_result *r = calloc(1, sizeof *r);
    prim_work w = {x, y, n, d, NULL, n, NULL};
    double *lo = NULL, *hi = NULL;
    size_t cap = 64;
    if (!r)
        goto nomem;
    r->n = n;
    r->d = d;
    r->cases = cases;
    r->min = malloc(d * sizeof *r->min);
    r->max = malloc(d * sizeof *r->max);
    r->box = calloc(cap, sizeof *r->box);
    w.idx = malloc(n * sizeof *w.idx);
    w.buf = malloc(n * sizeof *w.buf);
    lo = malloc(d * sizeof *lo);
    hi = malloc(d * sizeof *hi);
    if (!r->min || !r->max || !r->box || !w.idx || !w.buf || !lo || !hi)
        goto nomem;
    for (size_t j = 0; j < d; j++) {
        r->min[j] = r->max[j] = x[j][0];
        for (size_t i = 1; i < n; i++) {
            if (x[j][i] < r->min[j])
                r->min[j] = x[j][i];
            if (x[j][i] > r->max[j])
                r->max[j] = x[j][i];
        }
        lo[j] = r->min[j];
        hi[j] = r->max[j];
    }
    for (size_t i = 0; i < n; i++)
        w.idx[i] = i;
    for (;;) {
        if (r->n_boxes == cap) {
            acc_prim_box *nb = realloc(r->box, 2 * cap * sizeof *nb);
            if (!nb)
                goto nomem;
            memset(nb + cap, 0, cap * sizeof *nb);
            r->box = nb;
            cap *= 2;
        }
        acc_prim_box *b = &r->box[r->n_boxes];
        if (box_alloc(b, d)) {
            r->n_boxes++; /* freed with the result */
            goto nomem;
        }
        memcpy(b->lo, lo, d * sizeof *lo);
        memcpy(b->hi, hi, d * sizeof *hi);
        if (r->n_boxes > 0 && o.paste)
            paste_box(&w, &o, r->min, r->max, b->lo, b->hi);
        box_stats(&w, r, b);
        r->n_boxes++;
        if (!peel_once(&w, &o, lo, hi))
            break;
    }
    free(w.idx);
    free(w.buf);
    free(lo);
    free(hi);
    *out = r;
    return ACC_OK;
nomem:
    free(w.idx);
    free(w.buf);
    free(lo);
    free(hi);
    acc_prim_free(r);
    acc_errf(err, errlen, "PRIM: out of memory (%zu points, %zu dimensions)", n, d);
    return ACC_ENOMEM;
}

int acc_prim_restricted(const acc_prim_result *r, size_t b, size_t j)
{
    return r->box[b].lo[j] > r->min[j] || r->box[b].hi[j] < r->max[j];
}

size_t acc_prim_choose(const acc_prim_result *r, double min_density)
{
    size_t best = 0;
    int found = 0;
    if (min_density > 0) {
        for (size_t b = 0; b < r->n_boxes; b++)
            if (r->box[b].density >= min_density &&
                (!found || r->box[b].coverage >= r->box[best].coverage)) {
                best = b;
                found = 1;
            }
        if (found)
            return best;
    }
    double best_v = -1;
    for (size_t b = 0; b < r->n_boxes; b++) {
        double v = r->box[b].coverage * r->box[b].density;
        if (v > best_v) {
            best_v = v;
            best = b;
        }
    }
    return best;
}

int acc_prim_quasi_p(const acc_prim_result *r, const double *const *x, const unsigned char *y,
                     size_t b, double *p, char *err, size_t errlen)
{
    if (b >= r->n_boxes) {
        acc_errf(err, errlen, "PRIM: box %zu does not exist (the trajectory has %zu)", b,
                 r->n_boxes);
        return ACC_EINVAL;
    }
    const acc_prim_box *B = &r->box[b];
    double *lo = malloc(r->d * sizeof *lo), *hi = malloc(r->d * sizeof *hi);
    if (!lo || !hi) {
        free(lo);
        free(hi);
        acc_errf(err, errlen, "PRIM: out of memory");
        return ACC_ENOMEM;
    }
    for (size_t j = 0; j < r->d; j++) {
        p[j] = NAN;
        if (!acc_prim_restricted(r, b, j))
            continue;
        memcpy(lo, B->lo, r->d * sizeof *lo);
        memcpy(hi, B->hi, r->d * sizeof *hi);
        lo[j] = r->min[j];
        hi[j] = r->max[j];
        size_t n_wo, c_wo;
        acc_prim_count(x, y, r->n, r->d, lo, hi, &n_wo, &c_wo);
        double p0 = n_wo ? (double)c_wo / (double)n_wo : 0;
        if (B->cases_in == 0)
            p[j] = 1;
        else
            p[j] = gsl_cdf_binomial_Q((unsigned)(B->cases_in - 1), p0, (unsigned)B->n_in);
    }
    free(lo);
    free(hi);
    return ACC_OK;
}
