/* accord — the world's lifecycle: allocation of the developers' arrays (with
 * room for the startups a run is likely to found), the initial population and
 * state, capacity growth, the vulnerability pool, errors, queries and names.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/world_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the developers' arrays, described once ---------------------------------- */

enum { L_DEV = 0, L_MARKET = 1, L_BUCKET = 2 };

typedef struct arr {
    size_t off;  /* offset of the pointer in acc_world */
    size_t elem; /* element size */
    int layout;  /* L_DEV: cap; L_MARKET: cap x J, developer-major; L_BUCKET: 12 rows of cap */
    int optional; /* allocated only on demand (prof12, paid: acc_world_track_profit); NULL until then */
} arr;

#define A(member, layout) {offsetof(acc_world, member), sizeof(*((acc_world *)0)->member), layout, 0}
#define A_OPT(member, layout) {offsetof(acc_world, member), sizeof(*((acc_world *)0)->member), layout, 1}

static const arr arrays[] = {
    A(kind, L_DEV),    A(home, L_DEV),     A(alive, L_DEV),      A(K, L_DEV),
    A(law, L_DEV),
    A(phi, L_DEV),     A(c, L_DEV),        A(s, L_DEV),          A(rho, L_DEV),
    A(theta, L_DEV),   A(theta0, L_DEV),   A(H, L_DEV),          A(opex, L_DEV),
    A(rep, L_DEV),     A(a_snap, L_DEV),   A(a_cur, L_DEV),      A(rev, L_DEV),
    A(opflow, L_DEV),  A_OPT(paid, L_DEV), A(inv, L_DEV),        A(ekey, L_DEV),
    A(upstream, L_DEV), A(vslot, L_DEV),
    A(down, L_DEV),
    A(vaware, L_DEV),  A(present, L_DEV),  A(busy, L_DEV),       A(blocs, L_DEV),
    A(snap_earn, L_DEV), A(snap_prem, L_DEV), A(opres, L_DEV), A(snap_oearn, L_DEV), A(rs_paid, L_DEV),
    A_OPT(sbx, L_DEV),     A(eqc, L_DEV),
    A(fund, L_DEV),    A(birth, L_DEV),    A(cumrev, L_DEV),
    A(rev12, L_BUCKET),
    A_OPT(prof12, L_BUCKET), A(cert, L_MARKET), A(app, L_MARKET), A(loss, L_MARKET),
    A(adue, L_MARKET), A(cool, L_MARKET),  A(susp, L_MARKET), A(oseg, L_MARKET),
};
#define NARRAYS ((int)(sizeof arrays / sizeof arrays[0]))

static void **arr_ptr(acc_world *w, const arr *a) { return (void **)((char *)w + a->off); }

static size_t rows_of(const acc_world *w, const arr *a)
{
    return a->layout == L_MARKET ? (size_t)w->J : a->layout == L_BUCKET ? 12u : 1u;
}

/* An array in use: every one but an optional one not asked for. */
static int in_use(acc_world *w, const arr *a) { return !a->optional || *arr_ptr(w, a); }

static size_t bytes_per_dev(const acc_world *w)
{
    size_t b = 0;
    for (int k = 0; k < NARRAYS; k++)
        if (in_use((acc_world *)w, &arrays[k]))
            b += arrays[k].elem * rows_of(w, &arrays[k]);
    return b;
}

/* Allocate every array at capacity `cap` (first time), zeroed. */
static int alloc_arrays(acc_world *w, int64_t cap)
{
    for (int k = 0; k < NARRAYS; k++) {
        if (arrays[k].optional)
            continue;
        void **p = arr_ptr(w, &arrays[k]);
        *p = calloc((size_t)cap * rows_of(w, &arrays[k]), arrays[k].elem);
        if (!*p)
            return ACC_ENOMEM; /* acc_world_free frees what was allocated */
    }
    w->cap = cap;
    return ACC_OK;
}

/* Move every array to the larger capacity newcap with realloc (for large
 * arrays glibc moves the pages with mremap: neither a copy nor the old and
 * new arrays held at once, so growing costs no peak memory). The arrays are
 * all enlarged first and only then the buckets' rows moved to their new
 * offsets and cap changed: when an allocation fails the world is unchanged
 * (some arrays larger than needed). Slots from n up are zeroed. */
static int grow_arrays(acc_world *w, int64_t newcap)
{
    for (int k = 0; k < NARRAYS; k++) {
        const arr *a = &arrays[k];
        void **p = arr_ptr(w, a);
        if (!in_use(w, a))
            continue;
        void *q = realloc(*p, (size_t)newcap * rows_of(w, a) * a->elem);
        if (!q)
            return ACC_ENOMEM;
        *p = q;
    }
    const size_t n = (size_t)w->n, oc = (size_t)w->cap, nc = (size_t)newcap;
    for (int k = 0; k < NARRAYS; k++) {
        const arr *a = &arrays[k];
        char *base = *arr_ptr(w, a);
        if (!base)
            continue;
        if (a->layout == L_BUCKET) {
            for (size_t r = 12; r-- > 0;) { /* last row first: each moves to a higher offset */
                memmove(base + r * nc * a->elem, base + r * oc * a->elem, n * a->elem);
                memset(base + (r * nc + n) * a->elem, 0, (nc - n) * a->elem);
            }
        } else {
            const size_t rows = rows_of(w, a);
            memset(base + n * rows * a->elem, 0, (nc - n) * rows * a->elem);
        }
    }
    w->cap = newcap;
    return ACC_OK;
}

/* Capacity grows by a sixteenth (at least to need): a world holds at most
 * 1/16 more room than developers after a growth, and growing costs no copy
 * of a large world (grow_arrays). */
int acc__grow(acc_world *w, int64_t need)
{
    if (need <= w->cap)
        return ACC_OK;
    int64_t nc = w->cap + w->cap / 16 + 16;
    if (nc < need)
        nc = need;
    if (grow_arrays(w, nc)) {
        acc__fail(w, ACC_ENOMEM, "out of memory growing to %lld developers", (long long)nc);
        return ACC_ENOMEM;
    }
    w->cum.grows += 1;
    return ACC_OK;
}

/* The arrays of one entry per market (world_int.h), allocated with the
 * world: J entries, or J + 1 (the "all" total at J). */
typedef struct jarr {
    size_t off;  /* of the pointer in acc_world */
    size_t elem; /* element size */
    int plus1;   /* J + 1 entries */
} jarr;
#define JA(member, plus1) {offsetof(acc_world, member), sizeof(*((acc_world *)0)->member), plus1}
static const jarr jarrays[] = {
    JA(sum.harm, 0),     JA(sum.exposure, 0),
    JA(sum.revenue, 0), JA(sum.fines, 0),   JA(sum.rejections, 0), JA(sum.rev_home, 0),
};
#define NJARRAYS ((int)(sizeof jarrays / sizeof jarrays[0]))

static void **jarr_ptr(acc_world *w, const jarr *a) { return (void **)((char *)w + a->off); }

static size_t jarr_bytes(const acc_world *w)
{
    size_t b = 0;
    for (int k = 0; k < NJARRAYS; k++)
        b += jarrays[k].elem * (size_t)(w->J + jarrays[k].plus1);
    return b;
}

static int alloc_jarrays(acc_world *w)
{
    for (int k = 0; k < NJARRAYS; k++) {
        void **p = jarr_ptr(w, &jarrays[k]);
        *p = calloc((size_t)(w->J + jarrays[k].plus1), jarrays[k].elem);
        if (!*p)
            return ACC_ENOMEM;
    }
    return ACC_OK;
}

/* Room for one developer's entry options (decide.c), for n_recog
 * recognitions and n_blocs blocs: per market at most four (one of entering
 * it plainly, under the sandbox or its open segment alone; its own
 * certificate; a held bloc certificate; the non-compliant option) or, in a
 * market turned binding, one transition application; one more per
 * recognition a market holds (a path from each recognised certificate); one
 * per bloc. Sized to the scenario (issue 12: it was J (J + 4) + 40, room for
 * every recognition of 32 jurisdictions) and grown when a recognition or a
 * bloc is added. decide.c never writes past it: a developer that would list
 * more fails the world (ACC_ERUN, an internal error). */
int acc__opt_reserve(acc_world *w, int n_recog, int n_blocs)
{
    const int need = 4 * w->J + n_recog + n_blocs + 8;
    if (need <= w->opt_cap)
        return ACC_OK;
    option *o = realloc(w->opt, (size_t)need * sizeof *o);
    if (!o)
        return ACC_ENOMEM;
    w->opt = o;
    w->opt_cap = need;
    return ACC_OK;
}

/* ---- vulnerability pool --------------------------------------------------------- */

static int vpool_resize(acc_world *w, int64_t ncap)
{
    vuln *vp = realloc(w->vp, (size_t)ncap * sizeof *vp);
    if (!vp)
        return ACC_ENOMEM;
    w->vp = vp;
    uint16_t *as = realloc(w->vaware_step, (size_t)ncap * (size_t)w->J * sizeof *as);
    if (!as)
        return ACC_ENOMEM;
    w->vaware_step = as;
    int32_t *fr = realloc(w->vfree, (size_t)ncap * sizeof *fr);
    if (!fr)
        return ACC_ENOMEM;
    w->vfree = fr;
    w->vcap = ncap;
    return ACC_OK;
}

int acc__vuln_alloc(acc_world *w)
{
    int slot;
    if (w->vnfree > 0) {
        slot = w->vfree[--w->vnfree];
    } else {
        if (w->vhigh >= w->vcap) {
            if (vpool_resize(w, w->vcap + w->vcap / 2 + 16)) {
                acc__fail(w, ACC_ENOMEM, "out of memory growing the vulnerability pool");
                return -1;
            }
            w->cum.grows += 1;
        }
        slot = (int)w->vhigh++;
    }
    vuln *v = &w->vp[slot];
    memset(v, 0, sizeof *v);
    v->first_aware = -1;
    v->patch_due = -1;
    for (int j = 0; j < w->J; j++)
        tset(w->vaware_step, (size_t)slot * (size_t)w->J + (size_t)j, T_PAST(w));
    return slot;
}

void acc__vuln_free(acc_world *w, int slot)
{
    vuln *v = &w->vp[slot];
    if (v->live && v->dev >= 0 && v->dev < w->n && w->vslot[v->dev] == slot) {
        w->vslot[v->dev] = -1;
        w->vaware[v->dev] = 0;
    }
    v->live = 0;
    w->vfree[w->vnfree++] = slot;
}

/* ---- errors and events --------------------------------------------------------- */

void acc__fail(acc_world *w, int status, const char *fmt, ...)
{
    if (w->status)
        return; /* keep the first failure */
    w->status = status;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->err, sizeof w->err, fmt, ap);
    va_end(ap);
}

void acc_world_set_error(acc_world *w, const char *fmt, ...)
{
    if (!w)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->err, sizeof w->err, fmt, ap);
    va_end(ap);
}

const char *acc_world_errmsg(const acc_world *w)
{
    return w ? w->err : "no world";
}

int acc__emit(acc_world *w, int type, int64_t dev, int jur, int path, double value, double lag,
              double harm, const char *detail)
{
    if (!w->sink.event || w->status)
        return w->status;
    acc_event ev = {w->cur, type, dev, jur, path, value, lag, harm, detail, -1, -1, 0};
    return acc__emit_event(w, &ev);
}

int acc__emit_policy(acc_world *w, int jur, int other_jur, int bloc, double value, const char *detail)
{
    if (!w->sink.event || w->status)
        return w->status;
    acc_event ev = {w->cur, ACC_EV_POLICY, -1, jur, 0, value, 0, 0, detail, other_jur, bloc, 0};
    return acc__emit_event(w, &ev);
}

int acc__emit_event(acc_world *w, const acc_event *ev)
{
    int rc = w->sink.event(w->sink.ud, ev);
    if (rc) {
        if (!w->err[0])
            snprintf(w->err, sizeof w->err, "the event sink failed (%s) at step %d", acc_status_name(rc),
                     w->cur);
        w->status = rc;
    }
    return rc;
}

/* ---- developers ------------------------------------------------------------------ */

static double draw(const acc_dist *d, double u)
{
    switch (d->type) {
    case ACC_DIST_UNIFORM: return d->lo + u * (d->hi - d->lo);
    case ACC_DIST_LOGUNIFORM: return exp(log(d->lo) + u * (log(d->hi) - log(d->lo)));
    default: return d->lo;
    }
}

/* Attribute draws are keyed by (prefix, entity, attribute): the same developer
 * slot gets the same attributes in every policy arm. `entity` is also the
 * developer's key for every later draw (ekey) unless the caller sets another. */
int acc__create_dev(acc_world *w, const acc_pop_cfg *p, int home, uint64_t prefix, uint64_t entity,
                    int64_t *out)
{
    if (acc__grow(w, w->n + 1))
        return ACC_ENOMEM;
    int64_t i = w->n++;
    w->kind[i] = (uint8_t)p->kind;
    w->home[i] = (uint8_t)home;
    w->alive[i] = 1;
    w->K[i] = draw(&p->capital, acc_key_u01(prefix, entity, 0, 0));
    w->c[i] = draw(&p->capability, acc_key_u01(prefix, entity, 1, 0));
    w->s[i] = draw(&p->safety, acc_key_u01(prefix, entity, 2, 0));
    w->rho[i] = draw(&p->invest_rate, acc_key_u01(prefix, entity, 3, 0));
    w->theta0[i] = draw(&p->safety_share, acc_key_u01(prefix, entity, 4, 0));
    w->theta[i] = w->theta0[i];
    w->H[i] = draw(&p->horizon, acc_key_u01(prefix, entity, 5, 0));
    w->opex[i] = draw(&p->opex, acc_key_u01(prefix, entity, 6, 0));
    double phimin = draw(&p->phi_min, acc_key_u01(prefix, entity, 7, 0));
    w->phi[i] = acc_u_pareto(acc_key_u01(prefix, entity, 8, 0), phimin, w->cfg.productivity_shape);
    w->rep[i] = 1;
    /* law-abiding or not: a stream of its own (keyed by the creation step and
     * the entity), so no other draw moves; no draw at probability 1 */
    w->law[i] = p->law_abiding >= 1 ? 1
                : acc_u01(w->seed, w->run, ACC_STREAM_LAW, w->in_step ? w->cur : 0, entity, 0, 0) < p->law_abiding;
    w->upstream[i] = -1;
    w->down[i] = -1;
    w->vslot[i] = -1;
    w->vaware[i] = 0;
    w->present[i] = 0;
    w->busy[i] = 0;
    w->blocs[i] = 0;
    w->rs_paid[i] = 0;
    w->snap_earn[i] = 0;
    w->snap_prem[i] = 0;
    w->opres[i] = 0;
    w->snap_oearn[i] = 0;
    if (w->sbx)
        w->sbx[i] = 0;
    w->ekey[i] = entity;
    w->a_snap[i] = w->a_cur[i] = w->rev[i] = w->opflow[i] = w->inv[i] = 0;
    if (w->paid)
        w->paid[i] = 0;
    w->fund[i] = 0;
    w->birth[i] = w->cur; /* 0 while the world is created */
    for (int b = 0; b < 12; b++) {
        w->rev12[(size_t)b * (size_t)w->cap + (size_t)i] = 0;
        if (w->prof12)
            w->prof12[(size_t)b * (size_t)w->cap + (size_t)i] = 0;
    }
    for (int j = 0; j < w->J; j++) {
        size_t m = MI(w, j, i);
        set_cert(w, i, j, 0, REF_NONE);
        w->app[m] = 0;
        w->loss[m] = 0;
        tset(w->adue, m, T_PAST(w));
        tset(w->cool, m, T_PAST(w));
        tset(w->susp, m, T_PAST(w));
        w->oseg[m] = 0;
    }
    if (p->kind == ACC_STARTUP)
        w->cum.startups_created += 1;
    *out = i;
    return ACC_OK;
}

/* w->list holds the live incumbents then the live open-source labs, in index
 * order (list_ninc + list_nos entries); rebuilt before each batch of choices.
 * New startups never become upstreams, so a batch can share one list. */
void acc__build_upstream_list(acc_world *w)
{
    int64_t a = 0;
    for (int64_t i = 0; i < w->n; i++)
        if (w->alive[i] && w->kind[i] == ACC_INCUMBENT)
            w->list[a++] = (int32_t)i;
    w->list_ninc = a;
    for (int64_t i = 0; i < w->n; i++)
        if (w->alive[i] && w->kind[i] == ACC_OPEN_SOURCE)
            w->list[a++] = (int32_t)i;
    w->list_nos = a - w->list_ninc;
    w->list_valid = 1;
}

/* The downstream lists (world_int.h): i leaves its upstream's list and joins
 * up's at its place in index order. A new startup has the largest index, so
 * it joins at the tail in O(1); a reassignment (world:set_dev) walks the two
 * lists, O(downstreams). */
void acc__set_upstream(acc_world *w, int64_t i, int up)
{
    const int old = w->upstream[i];
    if (old == up)
        return;
    /* tail[u] of an upstream and next[i] of a startup share one array */
    int32_t *const next = w->down, *const tail = w->down;
    if (old >= 0) {
        int32_t p = tail[old];
        while (next[p] != (int32_t)i)
            p = next[p];
        if (p == (int32_t)i) /* i was the only member */
            tail[old] = -1;
        else {
            next[p] = next[i];
            if (tail[old] == (int32_t)i)
                tail[old] = p;
        }
        next[i] = -1;
    }
    w->upstream[i] = up;
    if (up < 0)
        return;
    const int32_t t = tail[up];
    if (t < 0) {
        next[i] = (int32_t)i;
        tail[up] = (int32_t)i;
    } else if (t < (int32_t)i) { /* the usual case: append */
        next[i] = next[t];
        next[t] = (int32_t)i;
        tail[up] = (int32_t)i;
    } else { /* insert after the last member below i (or, if none, after the tail: first) */
        int32_t p = t; /* the members increase from next[t] (first) to t (> i) */
        if (next[t] < (int32_t)i) {
            p = next[t];
            while (next[p] < (int32_t)i)
                p = next[p];
        }
        next[i] = next[p];
        next[p] = (int32_t)i;
    }
}

/* Upstream of startup i: with upstream_prob, uniformly among live open-source
 * labs (with open_upstream_share) or else live incumbents; none if that set
 * is empty. Keyed draws 1..3 of (prefix, entity). */
void acc__choose_upstream(acc_world *w, int64_t i, uint64_t prefix, uint64_t entity)
{
    acc__set_upstream(w, i, -1);
    if (acc_key_u01(prefix, entity, 1, 0) >= w->cfg.upstream_prob)
        return;
    int open = acc_key_u01(prefix, entity, 2, 0) < w->cfg.open_upstream_share;
    int64_t nk = open ? w->list_nos : w->list_ninc;
    if (nk <= 0)
        return;
    int64_t pick = (int64_t)(acc_key_u01(prefix, entity, 3, 0) * (double)nk);
    if (pick >= nk)
        pick = nk - 1;
    acc__set_upstream(w, i, w->list[(open ? w->list_ninc : 0) + pick]);
}

/* The startup template of home j: the population entry of kind startup with
 * that home, else the first startup entry, else the kind's defaults. */
void acc__startup_template(const acc_world *w, int home, acc_pop_cfg *out)
{
    const acc_config *cfg = &w->cfg;
    for (int p = 0; p < cfg->n_pop; p++)
        if (cfg->pop[p].kind == ACC_STARTUP && cfg->pop[p].home == home) {
            *out = cfg->pop[p];
            return;
        }
    for (int p = 0; p < cfg->n_pop; p++)
        if (cfg->pop[p].kind == ACC_STARTUP) {
            *out = cfg->pop[p];
            return;
        }
    acc_pop_defaults(out, ACC_STARTUP);
}

/* ---- lifecycle ------------------------------------------------------------------- */

static int64_t startup_bound(const acc_config *cfg)
{
    /* Expected startups over the run, plus a margin in the Poisson tail: 4
     * standard deviations and 16 (the chance a run founds more is below
     * 4e-5 at any rate: 3e-5 for a large count, 4e-7 at 200, 3e-22 at 1);
     * beyond it the arrays grow by a sixteenth (and say so
     * in capacity_grows). It was 8 standard deviations and 32 before issue
     * 12: at N0 = 1,000 that room was 12 % of the slots. */
    double lam = 0;
    for (int j = 0; j < cfg->n_jur; j++)
        lam += cfg->jur[j].startup_rate * cfg->years;
    return (int64_t)ceil(lam + 4 * sqrt(lam) + 16);
}

/* The world's copy of the configuration holds only the entries the
 * scenario has (issue 12: the caller's room for the maxima was 74 KB); the
 * lists a policy adds to grow in acc__cfg_room. A list of no entries gets
 * one slot, so that no pointer is NULL. */
static void *copy_list(const void *src, int n, size_t elem, int *room)
{
    *room = n > 0 ? n : 1;
    void *p = calloc((size_t)*room, elem);
    if (p && n > 0)
        memcpy(p, src, (size_t)n * elem);
    return p;
}

static int grow_list(void **p, int *room, int need, size_t elem);

static int copy_config(acc_world *w, const acc_config *cfg)
{
    w->cfg = *cfg;
    w->cfg.jur = NULL; /* none of the caller's: acc_world_free frees these on a failure */
    w->cfg.pop = NULL;
    w->cfg.recog = NULL;
    w->cfg.bloc = NULL;
    w->cfg.link = NULL;
    w->cfg.jur = copy_list(cfg->jur, cfg->n_jur, sizeof *cfg->jur, &w->room_jur);
    w->cfg.pop = copy_list(cfg->pop, cfg->n_pop, sizeof *cfg->pop, &w->room_pop);
    w->cfg.recog = copy_list(cfg->recog, cfg->n_recog, sizeof *cfg->recog, &w->room_recog);
    w->cfg.bloc = copy_list(cfg->bloc, cfg->n_blocs, sizeof *cfg->bloc, &w->room_bloc);
    w->cfg.link = copy_list(cfg->link, cfg->n_links, sizeof *cfg->link, &w->room_link);
    w->link_lag = calloc((size_t)w->room_link, sizeof *w->link_lag); /* per link */
    w->room_lag = w->room_link;
    return w->cfg.jur && w->cfg.pop && w->cfg.recog && w->cfg.bloc && w->cfg.link && w->link_lag ? ACC_OK
                                                                                                   : ACC_ENOMEM;
}

static int grow_list(void **p, int *room, int need, size_t elem)
{
    if (need <= *room)
        return ACC_OK;
    int nr = *room + *room / 2 + 4;
    if (nr < need)
        nr = need;
    void *q = realloc(*p, (size_t)nr * elem);
    if (!q)
        return ACC_ENOMEM;
    *p = q;
    *room = nr;
    return ACC_OK;
}

/* Room for one more recognition, link or bloc in the world's configuration
 * (by a half at a time, not past the maxima the checks allow). */
int acc__cfg_room(acc_world *w, int n_recog, int n_links, int n_blocs)
{
    if (grow_list((void **)&w->cfg.recog, &w->room_recog, n_recog, sizeof *w->cfg.recog) ||
        grow_list((void **)&w->cfg.link, &w->room_link, n_links, sizeof *w->cfg.link) ||
        grow_list((void **)&w->cfg.bloc, &w->room_bloc, n_blocs, sizeof *w->cfg.bloc))
        return ACC_ENOMEM;
    if (w->room_lag < w->room_link) { /* a lag per link */
        int16_t *q = realloc(w->link_lag, (size_t)w->room_link * sizeof *q);
        if (!q)
            return ACC_ENOMEM;
        w->link_lag = q;
        w->room_lag = w->room_link;
    }
    return ACC_OK;
}

int acc_world_new(const acc_config *cfg, uint64_t seed, uint64_t run, acc_world **out, char *err,
                  size_t errlen)
{
    if (out)
        *out = NULL;
    if (!cfg || !out) {
        acc_errf(err, errlen, "acc_world_new: no configuration or output pointer");
        return ACC_EINVAL;
    }
    int rc = acc_config_validate(cfg, err, errlen);
    if (!rc)
        rc = acc__summary_check(cfg, err, errlen);
    if (rc)
        return rc;
    acc_gsl_quiet();
    acc_world *w = calloc(1, sizeof *w);
    if (!w) {
        acc_errf(err, errlen, "out of memory creating the world");
        return ACC_ENOMEM;
    }
    if (copy_config(w, cfg)) {
        acc_world_free(w);
        acc_errf(err, errlen, "out of memory creating the world");
        return ACC_ENOMEM;
    }
    w->seed = seed;
    w->run = run;
    w->J = cfg->n_jur;
    w->recog_idx = calloc((size_t)w->J, sizeof *w->recog_idx);
    w->link_idx = calloc((size_t)w->J, sizeof *w->link_idx);
    if (!w->recog_idx || !w->link_idx || alloc_jarrays(w)) {
        acc_world_free(w);
        acc_errf(err, errlen, "out of memory creating the world");
        return ACC_ENOMEM;
    }
    w->month = -1;
    for (int j = 0; j < w->J; j++)
        w->jd[j].transition_until = -1;
    acc__derive_all(w);

    int64_t n0 = 0, others = 0;
    for (int p = 0; p < cfg->n_pop; p++) {
        n0 += cfg->pop[p].count;
        others += cfg->pop[p].kind != ACC_STARTUP ? cfg->pop[p].count : 0;
    }
    w->list_room = others > 0 ? others : 1;
    w->list = calloc((size_t)w->list_room, sizeof *w->list);
    /* Room for the startups a run is likely to found (no allocation in a
     * normal run's steps), up to 4 N0 or 2^20: a run founding more grows the
     * arrays by a sixteenth at a time (acc__grow), without copying them. */
    int64_t extra = startup_bound(cfg), limit = 4 * n0 > (1 << 20) ? 4 * n0 : (1 << 20);
    int64_t cap = n0 + (extra < limit ? extra : limit);
    if (cap < 16)
        cap = 16;
    const int opt_rc = acc__opt_reserve(w, cfg->n_recog, cfg->n_blocs);
    w->rows = calloc((size_t)w->J + 1, sizeof *w->rows);
    w->sum.names_len = acc__summary_names_len(cfg);
    w->sum.names = calloc(w->sum.names_len, 1);
    w->sum.name_at = calloc((size_t)w->J * ACC_SUM_PER_JUR, sizeof *w->sum.name_at);
    if (opt_rc || !w->rows || !w->sum.names || !w->sum.name_at || !w->list || alloc_arrays(w, cap) || vpool_resize(w, cap / 8 + 16)) {
        acc_world_free(w);
        acc_errf(err, errlen, "out of memory allocating %lld developers", (long long)cap);
        return ACC_ENOMEM;
    }

    int sandbox = 0;
    for (int j = 0; j < w->J; j++)
        sandbox |= cfg->jur[j].sandbox_months > 0;
    if ((w->imitation_p > 0 && acc_world_track_profit(w)) || (sandbox && acc__track_sbx(w))) {
        acc_world_free(w);
        acc_errf(err, errlen, "out of memory allocating %lld developers", (long long)cap);
        return ACC_ENOMEM;
    }

    /* Initial population, in the order of the population entries. */
    uint64_t pre_pop = acc_key_prefix(seed, run, ACC_STREAM_POPULATION, 0);
    for (int p = 0; p < cfg->n_pop; p++)
        for (int k = 0; k < cfg->pop[p].count; k++) {
            int64_t id;
            if (acc__create_dev(w, &cfg->pop[p], cfg->pop[p].home, pre_pop, (uint64_t)w->n, &id)) {
                acc_world_free(w);
                acc_errf(err, errlen, "out of memory creating developers");
                return ACC_ENOMEM;
            }
        }
    w->n_initial = w->n;
    acc__build_upstream_list(w);
    uint64_t pre_entry = acc_key_prefix(seed, run, ACC_STREAM_ENTRY, 0);
    for (int64_t i = 0; i < w->n; i++)
        if (w->kind[i] == ACC_STARTUP)
            acc__choose_upstream(w, i, pre_entry, (uint64_t)i);

    /* Initial state: deployed at home if it is not binding, or if it is and
     * the developer meets its standard (certified by incumbency, no fee). */
    for (int64_t i = 0; i < w->n; i++)
        acc__initial_state(w, i);
    acc__clear_markets(w, 1);
    acc__metrics(w, 0);
    acc__summary_init(w);
    *out = w;
    return ACC_OK;
}

/* Initial state (MODEL.md): in the home's open segment if it has one; in its
 * regulated segment (if it has one) when the home is not binding, or when it
 * is and the developer meets its standard (certified by incumbency, no fee). */
void acc__initial_state(acc_world *w, int64_t i)
{
    const int h = w->home[i];
    const size_t m = MI(w, h, i);
    acc__set_state(w, i, h, MS_ABSENT);
    set_cert(w, i, h, 0, REF_NONE);
    w->opres[i] &= ~(1u << h);
    w->oseg[m] = 0;
    if (w->jd[h].has_open)
        w->opres[i] |= 1u << h;
    if (!w->jd[h].has_reg)
        return;
    if (!w->cfg.jur[h].binding) {
        acc__set_state(w, i, h, MS_DEPLOYED);
    } else if (w->s[i] >= w->cfg.jur[h].stringency) {
        acc__set_state(w, i, h, MS_DEPLOYED);
        acc__certify(w, i, h, ACC_PATH_INCUMBENCY, h);
        acc__rs_mark_paid(w, i, acc__rs_of(w, h, ACC_PATH_INCUMBENCY, h)); /* incumbency: set-up already paid */
    }
}

void acc_world_free(acc_world *w)
{
    if (!w)
        return;
    for (int k = 0; k < NARRAYS; k++)
        free(*arr_ptr(w, &arrays[k]));
    free(w->vp);
    free(w->vaware_step);
    free(w->vfree);
    free(w->opt);
    free(w->rows);
    free(w->sum.names);
    free(w->sum.name_at);
    free(w->recog_idx);
    free(w->link_idx);
    free(w->cfg.jur);
    free(w->cfg.pop);
    free(w->cfg.recog);
    free(w->cfg.bloc);
    free(w->cfg.link);
    free(w->link_lag);
    free(w->list);
    for (int k = 0; k < NJARRAYS; k++)
        free(*jarr_ptr(w, &jarrays[k]));
    free(w);
}

void acc_world_set_hooks(acc_world *w, const acc_hooks *hooks)
{
    if (!w)
        return;
    if (hooks)
        w->hooks = *hooks;
    else
        memset(&w->hooks, 0, sizeof w->hooks);
    /* A hook may turn social learning on in the middle of a step (a rule
     * hook between two developers' decisions): the payments are kept from
     * now on, so that the profits it starts have every payment of that step,
     * as when they were always kept (8 bytes per developer, hooked worlds
     * only). Out of memory fails the world: its next step says so. */
    const acc_hooks *h = &w->hooks;
    if ((h->step_begin || h->developer_rule || h->on_incident || h->step_end) && acc__track_paid(w))
        acc__fail(w, ACC_ENOMEM, "out of memory keeping the developers' payments for the hooks");
}

void acc_world_set_sink(acc_world *w, const acc_sink *sink)
{
    if (!w)
        return;
    if (sink)
        w->sink = *sink;
    else
        memset(&w->sink, 0, sizeof w->sink);
}

int acc_world_run(acc_world *w)
{
    if (!w)
        return ACC_EINVAL;
    while (w->done < w->nsteps) {
        int rc = acc_world_step(w);
        if (rc)
            return rc;
    }
    return ACC_OK;
}

int acc_world_step_index(const acc_world *w) { return w ? w->done : 0; }
int acc_world_nsteps(const acc_world *w) { return w ? w->nsteps : 0; }
double acc_world_year(const acc_world *w)
{
    return w ? (w->in_step ? w->cur : w->done) / w->spy : 0;
}
const acc_config *acc_world_config(const acc_world *w) { return w ? &w->cfg : NULL; }

size_t acc_world_bytes(const acc_world *w)
{
    if (!w)
        return 0;
    return sizeof *w + ((size_t)w->J + 1) * sizeof *w->rows + w->sum.names_len + (size_t)w->J * ACC_SUM_PER_JUR * sizeof *w->sum.name_at +
           (size_t)w->J * (sizeof *w->recog_idx + sizeof *w->link_idx) +
           (size_t)w->cap * bytes_per_dev(w) +
           (size_t)w->vcap * (sizeof(vuln) + sizeof(uint16_t) * (size_t)w->J + sizeof(int32_t)) +
           (size_t)w->opt_cap * sizeof(option) + (size_t)w->room_jur * sizeof *w->cfg.jur +
           (size_t)w->room_pop * sizeof *w->cfg.pop + (size_t)w->room_recog * sizeof *w->cfg.recog +
           (size_t)w->room_bloc * sizeof *w->cfg.bloc + (size_t)w->room_link * sizeof *w->cfg.link + (size_t)w->room_lag * sizeof *w->link_lag +
           jarr_bytes(w) + (size_t)w->list_room * sizeof *w->list;
}

size_t acc__bytes_per_dev(const acc_world *w) { return bytes_per_dev(w); }

/* The trailing 12 months' profit of every developer (ACC_DEV_PROFIT_12M) is
 * kept only where something reads it: social learning (on at creation, or
 * from when a change turns it on) and Lua code running during the run
 * (scenario_run.c asks for it before the first step). 48 bytes per
 * developer otherwise saved (issue 12). */
int acc_world_track_profit(acc_world *w)
{
    if (!w)
        return ACC_EINVAL;
    if (w->prof12)
        return ACC_OK;
    if (acc__track_paid(w))
        return ACC_ENOMEM;
    w->prof12 = calloc((size_t)w->cap * 12, sizeof *w->prof12);
    return w->prof12 ? ACC_OK : ACC_ENOMEM;
}

int acc__track_sbx(acc_world *w)
{
    if (w->sbx)
        return ACC_OK;
    w->sbx = calloc((size_t)w->cap, sizeof *w->sbx);
    return w->sbx ? ACC_OK : ACC_ENOMEM;
}

/* The payments of a step are read only into the profits (clear_book): kept
 * with them, and in a world with hooks (issue 12: 8 bytes per developer
 * otherwise saved). */
int acc__track_paid(acc_world *w)
{
    if (w->paid)
        return ACC_OK;
    w->paid = calloc((size_t)w->cap, sizeof *w->paid);
    return w->paid ? ACC_OK : ACC_ENOMEM;
}

/* ---- names ------------------------------------------------------------------------ */

const char *acc_ts_col_name(int col)
{
    static const char *const names[ACC_TS_NCOLS] = {
        "deployed", "suspended", "pending", "entries", "exits", "bankruptcies", "revenue", "coverage",
        "hhi", "startup_share", "open_source_share", "mean_safety", "mean_capability",
        "frontier_capability", "certification_spend", "compliance_spend", "fine_spend", "entry_spend",
        "funding",
        "live_vulns", "incidents", "harm", "exposure", "mean_detection_lag", "mean_time_to_market",
        "applications", "rejections", "failed_audits", "noncompliant", "caught",
        "regulated_revenue", "regulated_deployed", "regulated_hhi", "regulated_time_to_market", "setup_spend",
        "requirement_sets"};
    return col >= 0 && col < ACC_TS_NCOLS ? names[col] : "?";
}

const char *acc_event_name(int type)
{
    static const char *const names[ACC_EV_NTYPES] = {
        "application", "certification", "rejection", "audit", "fine", "suspension",
        "withdrawal", "entry", "exit", "bankruptcy", "founded", "vulnerability",
        "incident", "awareness", "patch", "policy", "caught"};
    return type >= 0 && type < ACC_EV_NTYPES ? names[type] : "?";
}

static const char *const dev_attr_names[ACC_DEV_NATTR] = {
    "kind", "home", "alive", "capital", "productivity", "capability", "safety", "invest_rate",
    "safety_share", "safety_share0", "horizon", "opex", "reputation", "upstream", "revenue_12m",
    "profit_12m", "live_vuln", "step_revenue", "step_investment", "funding_received"};

const char *acc_dev_attr_name(int attr)
{
    return attr >= 0 && attr < ACC_DEV_NATTR ? dev_attr_names[attr] : "?";
}

int acc_dev_attr_parse(const char *name)
{
    if (!name)
        return -1;
    for (int a = 0; a < ACC_DEV_NATTR; a++)
        if (strcmp(name, dev_attr_names[a]) == 0)
            return a;
    return -1;
}

/* ---- developer queries -------------------------------------------------------------- */

int64_t acc_world_ndev(const acc_world *w) { return w ? w->n : 0; }

static double bucket_sum(const acc_world *w, const float *b, int64_t i)
{
    double t = 0;
    for (int m = 0; m < 12; m++)
        t += (double)b[(size_t)m * (size_t)w->cap + (size_t)i];
    return t;
}

double acc_world_dev_get(const acc_world *w, int64_t i, int attr)
{
    if (!w || i < 0 || i >= w->n)
        return NAN;
    switch (attr) {
    case ACC_DEV_KIND: return w->kind[i];
    case ACC_DEV_HOME: return w->home[i];
    case ACC_DEV_ALIVE: return w->alive[i];
    case ACC_DEV_CAPITAL: return w->K[i];
    case ACC_DEV_PRODUCTIVITY: return w->phi[i];
    case ACC_DEV_CAPABILITY: return w->c[i];
    case ACC_DEV_SAFETY: return w->s[i];
    case ACC_DEV_INVEST_RATE: return w->rho[i];
    case ACC_DEV_SAFETY_SHARE: return w->theta[i];
    case ACC_DEV_SAFETY_SHARE0: return w->theta0[i];
    case ACC_DEV_HORIZON: return w->H[i];
    case ACC_DEV_OPEX: return w->opex[i];
    case ACC_DEV_REPUTATION: return w->rep[i];
    case ACC_DEV_UPSTREAM: return w->upstream[i];
    case ACC_DEV_REVENUE_12M: return bucket_sum(w, w->rev12, i);
    case ACC_DEV_PROFIT_12M: return w->prof12 ? bucket_sum(w, w->prof12, i) : NAN;
    case ACC_DEV_LIVE_VULN: return w->vslot[i] >= 0 ? w->vp[w->vslot[i]].severity : 0;
    case ACC_DEV_STEP_REVENUE: return w->rev[i];
    case ACC_DEV_STEP_INVEST: return w->inv[i];
    case ACC_DEV_FUNDING_RECEIVED: return w->fund[i];
    default: return NAN;
    }
}

int acc_world_dev_market(const acc_world *w, int64_t i, int j)
{
    if (!w || i < 0 || i >= w->n || j < 0 || j >= w->J)
        return ACC_MKT_ABSENT;
    int st = mst_of(w, i, j);
    if (st == MS_PENDING)
        return ACC_MKT_PENDING;
    if (st == MS_DEPLOYED) {
        return dev_suspended(w, i, j, acc__now(w)) ? ACC_MKT_SUSPENDED : ACC_MKT_DEPLOYED;
    }
    return ACC_MKT_ABSENT;
}

int acc_world_dev_open(const acc_world *w, int64_t i, int j)
{
    if (!w || i < 0 || i >= w->n || j < 0 || j >= w->J || !((w->opres[i] >> j) & 1u))
        return ACC_MKT_ABSENT;
    return ((w->vaware[i] >> j) & 1u) ? ACC_MKT_SUSPENDED : ACC_MKT_DEPLOYED;
}

int acc_world_dev_certified(const acc_world *w, int64_t i, int j)
{
    if (!w || i < 0 || i >= w->n || j < 0 || j >= w->J)
        return 0;
    return cpath_of(w, MI(w, j, i));
}

const acc_ts_row *acc_world_metrics(const acc_world *w, int j)
{
    if (!w || j < -1 || j >= w->J)
        return NULL;
    return &w->rows[j < 0 ? w->J : j];
}

/* ---- summary -------------------------------------------------------------------------- */

static const char *const summary_names[] = {
    "horizon_steps", "horizon_years", "developers_initial", "developers_created", "developers_alive",
    "startups_created", "startups_alive", "startup_survival_rate", "founded",
    "revenue", "harm", "exposure", "certification_spend", "compliance_spend", "fine_spend", "entry_spend",
    "investment", "licence_fees", "funding", "incidents", "awareness_events", "vulnerabilities", "patches",
    "entries", "exits", "bankruptcies", "applications", "certifications", "rejections", "audits",
    "failed_audits", "suspensions", "withdrawals", "caught", "fines_paid", "rejection_share",
    "mean_detection_lag", "mean_time_to_market",
    "final_deployed", "final_suspended", "final_pending", "final_revenue", "final_coverage",
    "final_hhi", "final_startup_share", "final_open_source_share", "final_mean_safety",
    "final_mean_capability", "final_frontier_capability", "final_live_vulns", "welfare",
    "welfare_value", "welfare_harm", "welfare_certification", "welfare_compliance",
    "welfare_entry", "capacity_grows", "setup_spend"};
#define NSUMMARY ((int)(sizeof summary_names / sizeof summary_names[0]))

/* The v1.2 names, then summary.c's world-independent ones, then (with a
 * world) ACC_SUM_PER_JUR per jurisdiction. */
_Static_assert(NSUMMARY + ACC_SUM_NFIXED + ACC_SUM_PER_JUR * ACC_MAX_JUR <= ACC_SUMMARY_MAX, "ACC_SUMMARY_MAX");

int acc_world_summary_count(const acc_world *w)
{
    return NSUMMARY + acc__summary_nfixed() + (w ? w->J * ACC_SUM_PER_JUR : 0);
}

const char *acc_world_summary_name(const acc_world *w, int i)
{
    if (i < 0 || i >= acc_world_summary_count(w))
        return NULL;
    if (i < NSUMMARY)
        return summary_names[i];
    if (i < NSUMMARY + acc__summary_nfixed())
        return acc__summary_fixed_name(i - NSUMMARY);
    return w->sum.names + w->sum.name_at[i - NSUMMARY - acc__summary_nfixed()];
}

void acc_world_summary(const acc_world *w, double *v)
{
    if (!w || !v)
        return;
    double alive = 0, st_alive = 0;
    for (int64_t i = 0; i < w->n; i++) {
        alive += w->alive[i];
        if (w->kind[i] == ACC_STARTUP)
            st_alive += w->alive[i];
    }
    const acc_ts_row *all = &w->rows[w->J];
    const double *r = all->v;
    double welfare_value = w->cum.value, wh = -w->cum.harm, wc = -w->cum.cert,
           wk = -w->cum.compliance, we = -w->cum.entry;
    double vals[] = {
        w->done, w->done / w->spy, (double)w->n_initial, (double)w->n, alive,
        w->cum.startups_created, st_alive,
        w->cum.startups_created > 0 ? st_alive / w->cum.startups_created : NAN, w->cum.founded,
        w->cum.revenue, w->cum.harm, w->cum.exposure, w->cum.cert, w->cum.compliance, w->cum.fine, w->cum.entry,
        w->cum.investment, w->cum.licence, w->cum.funding, w->cum.incidents, w->cum.awareness, w->cum.vulns,
        w->cum.patches, w->cum.entries, w->cum.exits, w->cum.bankruptcies, w->cum.applications,
        w->cum.certifications, w->cum.rejections, w->cum.audits, w->cum.failed_audits,
        w->cum.suspensions, w->cum.withdrawals, w->cum.caught, w->cum.fines,
        w->cum.decisions > 0 ? w->cum.rejections / w->cum.decisions : NAN,
        w->cum.incidents > 0 ? w->cum.lag_sum / w->cum.incidents : NAN,
        w->cum.ttm_n > 0 ? w->cum.ttm_sum / w->cum.ttm_n : NAN,
        r[ACC_TS_DEPLOYED], r[ACC_TS_SUSPENDED], r[ACC_TS_PENDING], r[ACC_TS_REVENUE],
        r[ACC_TS_COVERAGE], r[ACC_TS_HHI], r[ACC_TS_STARTUP_SHARE], r[ACC_TS_OPEN_SOURCE_SHARE],
        r[ACC_TS_MEAN_SAFETY], r[ACC_TS_MEAN_CAPABILITY], r[ACC_TS_FRONTIER_CAPABILITY],
        r[ACC_TS_LIVE_VULNS], welfare_value + wh + wc + wk + we, welfare_value, wh, wc, wk, we,
        w->cum.grows, w->cum.setup};
    _Static_assert(sizeof vals / sizeof vals[0] == NSUMMARY, "summary names and values");
    memcpy(v, vals, sizeof vals);
    acc__summary_values(w, v + NSUMMARY);
}
