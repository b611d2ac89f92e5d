/* accord — requirement sets and compliance charges (MODEL.md v2,
 * Harmonization): which set a certificate belongs to, the set-up paid once
 * per set, the fixed compliance charge per set (its markets' largest f,
 * split equally over them for the exit rule), and f', the increase in
 * those charges from certifying in one more market, for the entry and
 * voluntary-certification values. With compliance.per_market every market
 * is a set of its own: f and the set-up per market (v1.2).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/world_int.h"

static int per_market(const acc_world *w) { return w->cfg.compliance_per_market; }

/* A standard reference (jurisdiction k, or REF_BLOC + b) as a set. */
static int rs_of_ref(int ref)
{
    return ref >= REF_BLOC ? RS_BLOC + (ref - REF_BLOC) : ref;
}

int acc__rs_of(const acc_world *w, int j, int path, int ref)
{
    if (per_market(w))
        return j;
    switch (path) {
    case ACC_PATH_EQUIVALENCE:
    case ACC_PATH_BLOC:
        return ref >= 0 && ref != REF_NONE ? rs_of_ref(ref) : j;
    default: /* own, assessment, incumbency: j's requirements */
        return j;
    }
}

int acc__rs_of_application(const acc_world *w, int64_t i, int j, int path, int ref)
{
    if (per_market(w) || path != ACC_PATH_EQUIVALENCE || ref < 0 || ref >= w->J)
        return acc__rs_of(w, j, path, ref);
    /* equivalence of k's certificate: the set of the certificate held in k */
    const size_t mk = MI(w, ref, i);
    return acc__rs_of(w, ref, cpath_of(w, mk), cref_of(w, mk));
}

/* The set of i's certificate in j (its code c, non-zero) without
 * compliance.per_market: with j in eqc (equivalence or bloc path) its
 * reference's, else j's own. acc__rs_of(w, j, code_path(c), code_ref(c))
 * from the byte alone (eqc is kept with the byte by set_cert). */
static inline int rs_of_cert(uint8_t c, int j, uint32_t eqc)
{
    if (!((eqc >> j) & 1u))
        return j;
    const int p = c & 7;
    return (p == ACC_PATH_BLOC || p == CODE_EQ_BLOC ? RS_BLOC : 0) + (c >> 3);
}
uint64_t acc__rs_held(const acc_world *w, int64_t i)
{
    const uint8_t *cp = w->cert + MI(w, 0, i);
    const uint32_t eqc = per_market(w) ? 0 : w->eqc[i];
    uint64_t held = 0;
    for (uint32_t pm = w->present[i]; pm; pm &= pm - 1) {
        const int j = __builtin_ctz(pm);
        if (cp[j])
            held |= (uint64_t)1 << rs_of_cert(cp[j], j, eqc);
    }
    return held;
}

double acc__rs_setup(const acc_world *w, int set)
{
    if (set < RS_BLOC)
        return set >= 0 && set < w->J ? w->cfg.jur[set].setup_cost : 0;
    const int b = set - RS_BLOC;
    if (b >= w->cfg.n_blocs)
        return 0;
    const acc_bloc_cfg *bc = &w->cfg.bloc[b];
    double s = 0;
    for (int q = 0; q < bc->n_members; q++) {
        const double v = w->cfg.jur[bc->members[q]].setup_cost;
        s = v > s ? v : s;
    }
    return s;
}

double acc__rs_setup_due(const acc_world *w, int64_t i, int set)
{
    if ((w->rs_paid[i] >> set) & 1u)
        return 0;
    return acc__rs_setup(w, set);
}

double acc__rs_setup_bloc(const acc_world *w, int64_t i, int b, uint32_t mask)
{
    if (!per_market(w))
        return acc__rs_setup_due(w, i, RS_BLOC + b);
    double s = 0;
    for (uint32_t q = mask; q; q &= q - 1)
        s += acc__rs_setup_due(w, i, __builtin_ctz(q));
    return s;
}

void acc__rs_mark_paid(acc_world *w, int64_t i, int set)
{
    w->rs_paid[i] |= (uint64_t)1 << set;
}

/* The largest f (M$/yr) over the markets other than `skip` that i is
 * certified in under `set`; 0 if none. */
static double set_fmax(const acc_world *w, int64_t i, int set, int skip)
{
    double f = 0;
    /* Fast paths: without equivalence or bloc certificates (eqc) every
     * certificate is in its own market's set, so set k < RS_BLOC holds k
     * alone (when certified there) and no other set holds anything. */
    if (!(w->eqc[i] & w->present[i])) {
        if (set == skip || set >= RS_BLOC || set < 0 || set >= w->J || !((w->present[i] >> set) & 1u))
            return 0;
        return w->cert[MI(w, set, i)] ? w->cfg.jur[set].compliance_cost : 0;
    }
    if (set == skip) { /* j's own set, j left out: only equivalence certificates of j's can be in it */
        for (uint32_t pm = w->present[i]; pm; pm &= pm - 1) {
            const int k = __builtin_ctz(pm);
            const size_t m = MI(w, k, i);
            if (k == skip || cpath_of(w, m) != ACC_PATH_EQUIVALENCE || acc__rs_of(w, k, cpath_of(w, m), cref_of(w, m)) != set)
                continue;
            const double fk = w->cfg.jur[k].compliance_cost;
            f = fk > f ? fk : f;
        }
        return f;
    }
    for (uint32_t pm = w->present[i]; pm; pm &= pm - 1) {
        const int k = __builtin_ctz(pm);
        const size_t m = MI(w, k, i);
        if (k == skip || !w->cert[m] || acc__rs_of(w, k, cpath_of(w, m), cref_of(w, m)) != set)
            continue;
        const double fk = w->cfg.jur[k].compliance_cost;
        f = fk > f ? fk : f;
    }
    return f;
}

double acc__rs_fprime(const acc_world *w, int64_t i, int j, int set)
{
    const double fj = w->cfg.jur[j].compliance_cost;
    if (per_market(w))
        return fj;
    const double cur = set_fmax(w, i, set, j);
    return fj > cur ? fj - cur : 0;
}

double acc__rs_bloc_credit(const acc_world *w, int64_t i, int b, uint32_t mask)
{
    if (per_market(w))
        return 0;
    double sum = 0, fmax = 0;
    for (uint32_t q = mask; q; q &= q - 1) {
        const double f = w->cfg.jur[__builtin_ctz(q)].compliance_cost;
        sum += f;
        fmax = f > fmax ? f : fmax;
    }
    const double cur = set_fmax(w, i, RS_BLOC + b, -1);
    return sum - (fmax > cur ? fmax - cur : 0);
}

void acc__rs_fixed_split(const acc_world *w, int64_t i, double *fx)
{
    /* Fast path: only equivalence and bloc certificates put two markets in one
     * set; without them every certified market is a set of its own, charged
     * its own f (the common case, and the result of the general loop below). */
    if (!(w->eqc[i] & w->present[i])) {
        for (uint32_t pm = w->present[i]; pm; pm &= pm - 1) {
            const int j = __builtin_ctz(pm);
            if (w->cert[MI(w, j, i)])
                fx[j] = w->jd[j].compliance_step;
        }
        return;
    }
    /* at most 32 markets, so at most 32 sets: each set's largest f and
     * count, by the set's id (< 64: a jurisdiction, or RS_BLOC plus a bloc),
     * set up on first sight (`seen`); then each market's share, the division
     * per market (the same quotient as once per set). */
    double fmax[64];
    int cnt[64];
    int8_t set_of[ACC_MAX_JUR];
    uint64_t seen = 0;
    uint32_t cert = 0;
    const uint32_t eqc = w->eqc[i];
    const uint8_t *cp = w->cert + MI(w, 0, i);
    for (uint32_t pm = w->present[i]; pm; pm &= pm - 1) {
        const int j = __builtin_ctz(pm);
        if (!cp[j])
            continue;
        cert |= 1u << j;
        const int s = rs_of_cert(cp[j], j, eqc);
        const double f = w->jd[j].compliance_step;
        if (!((seen >> s) & 1u)) {
            seen |= (uint64_t)1 << s;
            fmax[s] = f > 0 ? f : 0; /* max(0, f) as the running maximum below */
            cnt[s] = 1;
        } else {
            fmax[s] = f > fmax[s] ? f : fmax[s];
            cnt[s]++;
        }
        set_of[j] = (int8_t)s;
    }
    for (uint32_t q = cert; q; q &= q - 1) {
        const int j = __builtin_ctz(q), s = set_of[j];
        fx[j] = fmax[s] / cnt[s];
    }
}
