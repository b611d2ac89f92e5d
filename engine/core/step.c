/* accord — one step of the world in MODEL.md's fixed order: policies,
 * regulators (review, audits, enforcement, transitions), developers, market clearing,
 * risks (emergence, inheritance, detection and sharing, harm, patching),
 * bankruptcies and new startups, growth and recovery, metrics.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/world_int.h"

#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

/* ---- regulators ------------------------------------------------------------------------ */

static void grant_bloc(acc_world *w, int64_t i, int b)
{
    const int t = w->cur;
    const acc_bloc_cfg *bc = &w->cfg.bloc[b];
    w->blocs[i] |= 1u << b;
    for (int q = 0; q < bc->n_members; q++) {
        int j = bc->members[q];
        size_t m = MI(w, j, i);
        if (apath_of(w, m) != ACC_PATH_BLOC)
            continue; /* other members: the certificate is used when the developer chooses */
        w->app[m] = 0;
        acc__certify(w, i, j, ACC_PATH_BLOC, REF_BLOC + b);
        w->cum.certifications += 1;
        w->cum.decisions += 1;
        const int ttm = t - app_step(w, m);
        tset(w->cool, m, T_PAST(w)); /* no cooldown (the application's step is read) */
        acc__emit(w, ACC_EV_CERTIFICATION, i, j, ACC_PATH_BLOC, 0, ttm, 0, NULL);
        if (dev_pending(w, i, j))
            acc__deploy(w, i, j, 0, ttm);
    }
}

static void reject_one(acc_world *w, int64_t i, int j)
{
    size_t m = MI(w, j, i);
    int path = apath_of(w, m);
    const int lag = w->cur - app_step(w, m);
    w->app[m] = 0;
    tset(w->cool, m, w->cur + w->rejection_steps);
    if (dev_pending(w, i, j))
        acc__set_state(w, i, j, MS_ABSENT);
    w->cum.rejections += 1;
    w->cum.decisions += 1;
    w->fl[j].rejections += 1;
    acc__emit(w, ACC_EV_REJECTION, i, j, path, 0, lag, 0, NULL);
}

static void review(acc_world *w, int64_t i, int j)
{
    const int t = w->cur;
    size_t m = MI(w, j, i);
    int path = apath_of(w, m), ref = aref_of(w, m);
    if (path == ACC_PATH_BLOC) {
        int b = w->jd[j].bloc;
        if (b < 0) { /* cannot happen: blocs are never dissolved */
            reject_one(w, i, j);
            return;
        }
        /* one measurement for the whole bloc application, with the bloc's noise */
        const double sb = acc__bloc_standard(w, b), nb = acc__bloc_noise(w, b);
        if (nb > 0 ? w->s[i] + nb * acc__assess_z(w, i, REF_BLOC + (uint32_t)b, 0) >= sb : w->s[i] >= sb) {
            grant_bloc(w, i, b);
        } else {
            const acc_bloc_cfg *bc = &w->cfg.bloc[b];
            for (int q = 0; q < bc->n_members; q++) {
                int jj = bc->members[q];
                if (apath_of(w, MI(w, jj, i)) == ACC_PATH_BLOC && tget(w, w->adue, MI(w, jj, i)) == tget(w, w->adue, m))
                    reject_one(w, i, jj);
            }
        }
        return;
    }
    int ok, cref;
    if (path == ACC_PATH_EQUIVALENCE) {
        int k = ref;
        int kp = k >= 0 && k < w->J ? cpath_of(w, MI(w, k, i)) : 0;
        ok = kp == ACC_PATH_OWN || kp == ACC_PATH_INCUMBENCY || kp == ACC_PATH_BLOC;
        cref = kp == ACC_PATH_BLOC ? cref_of(w, MI(w, k, i)) : k;
    } else { /* measured with j's noise (none: v1.2's exact comparison) */
        const double sa = w->cfg.jur[j].assessment_noise;
        ok = sa > 0 ? w->s[i] + sa * acc__assess_z(w, i, (uint32_t)j, 0) >= w->cfg.jur[j].stringency
                    : w->s[i] >= w->cfg.jur[j].stringency;
        cref = j;
    }
    if (!ok) {
        reject_one(w, i, j);
        return;
    }
    w->app[m] = 0;
    acc__certify(w, i, j, path, cref);
    w->cum.certifications += 1;
    w->cum.decisions += 1;
    const int ttm = t - app_step(w, m);
    tset(w->cool, m, T_PAST(w)); /* no cooldown (the application's step is read) */
    acc__emit(w, ACC_EV_CERTIFICATION, i, j, path, 0, ttm, 0, NULL);
    if (dev_pending(w, i, j))
        acc__deploy(w, i, j, 0, ttm);
}

static double revenue_12m(const acc_world *w, int64_t i)
{
    double y = 0;
    for (int b = 0; b < 12; b++)
        y += (double)w->rev12[(size_t)b * (size_t)w->cap + (size_t)i];
    return y;
}

double acc__pass_prob(double s, double std, double noise)
{
    if (!(noise > 0))
        return s >= std ? 1.0 : 0.0;
    const double x = (s - std) / noise;
    return x >= 8.4 ? 1.0 : 0.5 * erfc(-x * 0.70710678118654752440); /* Phi(x) = erfc(-x / sqrt 2) / 2 */ /* 1 - Phi(-8.4) rounds to 1 anyway */
}

double acc__assess_z(const acc_world *w, int64_t i, uint32_t market, uint32_t k)
{
    return gsl_cdf_ugaussian_Pinv(acc_key_u01(w->prefix[ACC_STREAM_ASSESSMENT], w->ekey[i], market, k));
}

double acc__fine_revenue(const acc_world *w, int64_t i)
{
    const double y = revenue_12m(w, i);
    if (!w->cfg.fine_sme_by_revenue)
        return y;
    const double now = w->rev[i] * w->spy;
    return now > y ? now : y;
}

double acc__fine_of(const acc_world *w, int64_t i, int j, double y)
{
    const acc_jur_cfg *jc = &w->cfg.jur[j];
    /* small: v1.2 by kind (a startup); the AI Act's rule by revenue, whatever the kind */
    const int small = w->cfg.fine_sme_by_revenue ? y < w->cfg.sme_revenue : w->kind[i] == ACC_STARTUP;
    const double byrev = jc->fine_share * y;
    return small ? (byrev < jc->fine_min ? byrev : jc->fine_min) : (byrev > jc->fine_min ? byrev : jc->fine_min);
}

double acc__fine(const acc_world *w, int64_t i, int j)
{
    return acc__fine_of(w, i, j, acc__fine_revenue(w, i));
}

static void audit(acc_world *w, int64_t i, int j)
{
    const int t = w->cur;
    const acc_jur_cfg *jc = &w->cfg.jur[j];
    size_t m = MI(w, j, i);
    const uint64_t pre = w->prefix[ACC_STREAM_AUDIT];
    double std = acc__ref_standard(w, cref_of(w, m));
    const double sa = jc->assessment_noise; /* measured with j's noise, also for a bloc or recognised certificate */
    int fail = sa > 0 ? w->s[i] + sa * acc__assess_z(w, i, (uint32_t)j, 1) < std : w->s[i] < std;
    w->cum.audits += 1;
    acc__emit(w, ACC_EV_AUDIT, i, j, cpath_of(w, m), fail ? 0 : 1, 0, 0, NULL);
    if (fail) {
        w->cum.failed_audits += 1;
        w->fl[j].failed_audits += 1;
        if (jc->binding) {
            double fine = acc__fine(w, i, j);
            if (fine > 0) {
                acc__pay(w, i, fine);
                w->fl[j].fine += fine;
                w->cum.fines += 1;
                acc__emit(w, ACC_EV_FINE, i, j, cpath_of(w, m), fine, 0, 0, NULL);
            }
            int S = w->jd[j].susp_steps;
            if (S > 0) {
                tset(w->susp, m, t + S);
                if (t + S > w->susp_end)
                    w->susp_end = t + S;
                w->cum.suspensions += 1;
                acc__emit(w, ACC_EV_SUSPENSION, i, j, cpath_of(w, m), S, 0, 0, "audit");
            }
        } else {
            int path = cpath_of(w, m);
            set_cert(w, i, j, 0, REF_NONE);
            w->cum.withdrawals += 1;
            acc__emit(w, ACC_EV_WITHDRAWAL, i, j, path, 0, 0, 0, "audit");
        }
    }
    int slot = w->vslot[i];
    if (slot >= 0 && w->vp[slot].emerged < t && !((w->vp[slot].aware >> j) & 1u) &&
        acc_key_u01(pre, w->ekey[i], (uint32_t)j, 1) < w->cfg.audit_detect)
        acc__make_aware(w, slot, j, "audit", 1, j);
}

/* Caught serving j's binding market uncertified (MODEL.md, Regulators 3):
 * the fine rule's fine, withdrawn from j (a pending application is dropped,
 * its fee lost), barred from returning for suspension_months (the cooldown),
 * reputation r <- max(0.05, r - rep.caught_loss). Counted as an exit. */
static void caught(acc_world *w, int64_t i, int j)
{
    const double fine = acc__fine(w, i, j);
    if (fine > 0) {
        acc__pay(w, i, fine);
        w->fl[j].fine += fine;
        w->cum.fines += 1;
        acc__emit(w, ACC_EV_FINE, i, j, 0, fine, 0, 0, "caught");
    }
    const double r = w->rep[i] - w->cfg.rep_caught_loss;
    w->rep[i] = r > 0.05 ? r : 0.05;
    acc__leave(w, i, j, w->jd[j].susp_steps);
    w->fl[j].exits += !((w->opres[i] >> j) & 1u); /* the open segment is kept */
    w->fl[j].caught += 1;
    w->cum.caught += 1;
    acc__emit(w, ACC_EV_CAUGHT, i, j, 0, fine, 0, 0, NULL);
}

/* Regulators act developer by developer, each developer's markets in
 * jurisdiction order: review, audit, enforcement, end of a transition.
 * Every act concerns one developer alone, so this gives the same result as
 * going jurisdiction by jurisdiction; only the order of the events differs. */
int acc__regulators(acc_world *w)
{
    w->phase = PH_REGULATORS;
    const int t = w->cur, J = w->J;
    const uint64_t pre = w->prefix[ACC_STREAM_AUDIT];
    double ap[ACC_MAX_JUR];
    uint32_t audited = 0, ending = 0; /* markets that audit; transitions ending now */
    uint32_t enforced = 0;            /* binding markets that enforce, out of any grace period */
    double ep[ACC_MAX_JUR];
    for (int j = 0; j < J; j++) {
        ap[j] = w->jd[j].audit_p;
        if (ap[j] > 0)
            audited |= 1u << j;
        if (w->jd[j].transition_until >= 0 && t >= w->jd[j].transition_until) {
            w->jd[j].transition_until = -1;
            if (w->cfg.jur[j].binding)
                ending |= 1u << j;
        }
        ep[j] = w->jd[j].enforce_p;
        if (ep[j] > 0 && w->cfg.jur[j].binding && w->jd[j].transition_until < 0 && !((ending >> j) & 1u))
            enforced |= 1u << j;
    }
    const uint64_t pre_e = w->prefix[ACC_STREAM_ENFORCEMENT];
    for (int64_t i = 0; i < w->n && !w->status; i++) {
        if (!w->busy[i])
            continue;
        const uint64_t hdev = key_dev(pre, w->ekey[i]);
        const size_t mi = (size_t)i * (size_t)J; /* i's row (MI without reloading J after each call) */
        /* the busy markets in index order, the mask read afresh after each
         * (a review or withdrawal may change it): as testing every j */
        for (int j = 0; j < J && !w->status; j++) {
            const uint32_t rest = (uint32_t)((uint64_t)w->busy[i] >> j);
            if (!rest)
                break;
            j += __builtin_ctz(rest);
            const uint32_t bit = 1u << j;
            const size_t m = mi + (size_t)j;
            if (w->app[m] && tget(w, w->adue, m) <= t)
                review(w, i, j);
            if ((audited & bit) && dev_deployed(w, i, j) && w->cert[m] &&
                (w->susp_end <= t || tget(w, w->susp, m) <= t) &&
                !(w->vaware[i] & bit) && key_u01_dev(hdev, (uint32_t)j, 0) < ap[j])
                audit(w, i, j);
            /* The startup sandbox: the end of a covered entry's cover
             * withdraws it (before enforcement); while covered it is neither
             * caught nor withdrawn at a transition's end. */
            if (w->sbx && (w->sbx[i] & bit))
                acc__sbx_regulate(w, i, j, t);
            const int covered = w->sbx && (w->sbx[i] & bit) != 0; /* still marked: covered */
            /* Enforcement: serving j's binding market uncertified (suspended
             * for a vulnerability or not, pending an application or not). The
             * developer's key is hashed only where a draw is due (most markets
             * served are certified: no draw). */
            if ((enforced & bit) && dev_deployed(w, i, j) && !w->cert[m] && !covered &&
                key_u01_dev(key_dev(pre_e, w->ekey[i]), (uint32_t)j, 0) < ep[j])
                caught(w, i, j);
            if ((ending & bit) && dev_deployed(w, i, j) && !w->cert[m] && !covered) {
                /* Still uncertified: withdrawn (waiting as pending if it applied). */
                int pending = w->app[m] != 0;
                acc__set_state(w, i, j, pending ? MS_PENDING : MS_ABSENT);
                w->loss[m] = 0;
                tset(w->susp, m, T_PAST(w));
                w->fl[j].exits += !((w->opres[i] >> j) & 1u); /* the open segment is kept */
                w->cum.withdrawals += 1;
                acc__emit(w, ACC_EV_WITHDRAWAL, i, j, 0, 0, 0, 0, "transition");
            }
        }
    }
    return w->status;
}

/* ---- market clearing ------------------------------------------------------------------ */

/* The start of a clearing: this month's bucket of the trailing 12 months
 * (emptied when the month changes; returned), revenue and operating flow
 * reset, every live developer's A now. */
static int clear_begin(acc_world *w, int dry)
{
    const int t = w->cur;
    const double spy = w->spy;
    const int64_t n = w->n;
    int bucket = 0;
    if (!dry) {
        int mo = (int)floor((t - 1) * 12.0 / spy);
        bucket = mo % 12;
        if (mo != w->month) {
            w->month = mo;
            memset(w->rev12 + (size_t)bucket * (size_t)w->cap, 0, sizeof(float) * (size_t)n);
            if (w->prof12)
                memset(w->prof12 + (size_t)bucket * (size_t)w->cap, 0, sizeof(float) * (size_t)n);
        }
    }
    return bucket;
}

/* 1. Sum of A over the developers deployed, not suspended (certified ones
 * times mult), and each market's scale M / spy / (omega + sum A). Developer
 * by developer over the markets each is deployed in (its `present` mask), so
 * absent pairs cost nothing; every per-market sum still adds its terms in
 * developer index order. */
static void clear_sums(acc_world *w, int now, const double *mult, int dry)
{
    const int J = w->J;
    const int64_t n = w->n;
    double *restrict a_cur = w->a_cur; /* written (A now), then read */
    const uint32_t *restrict vaware = w->vaware, *restrict present = w->present;
    const uint16_t *restrict susp = w->susp;
    const int cur = w->cur; /* the timers' reference (tdec) */
    const uint8_t *restrict cpath = w->cert; /* non-zero: certified */
    double sa[ACC_MAX_JUR], so[ACC_MAX_JUR];
    for (int j = 0; j < J; j++)
        sa[j] = so[j] = 0;
    /* One pass: the clearing's start (revenue and operating flow reset, every
     * live developer's A now), the regulated segments' sums, then the open
     * segments' (MODEL.md, Segments: developers deployed there and not
     * aware-suspended; certified ones times mult, the label acting in both
     * segments of a non-binding market). Each sum adds in index order. */
    const double spy = w->spy;
    const int open = w->open_mask != 0;
    const int nosusp = w->susp_end <= now; /* no timer to read (susp_end) */
    double *restrict rev = w->rev, *restrict opflow = w->opflow;
    for (int64_t i = 0; i < n; i++) {
        rev[i] = 0;
        opflow[i] = 0;
        if (w->alive[i]) {
            a_cur[i] = acc__appeal(w, i);
            if (!dry)
                opflow[i] = -w->opex[i] / spy;
        }
        const uint32_t pm0 = present[i] & ~vaware[i], om = open ? w->opres[i] & ~vaware[i] : 0;
        if (!(pm0 | om))
            continue;
        const double a = a_cur[i];
        for (uint32_t pm = pm0; pm; pm &= pm - 1) {
            const int j = __builtin_ctz(pm);
            const size_t m = (size_t)i * (size_t)J + (size_t)j;
            if (nosusp || tdec(cur, susp[m]) <= now)
                sa[j] += cpath[m] ? a * mult[j] : a;
        }
        for (uint32_t pm = om; pm; pm &= pm - 1) {
            const int j = __builtin_ctz(pm);
            so[j] += cpath[(size_t)i * (size_t)J + (size_t)j] ? a * mult[j] : a;
        }
    }
    clearstat *cs = w->cls;
    for (int j = 0; j < J; j++) {
        const acc_jur_cfg *jc = &w->cfg.jur[j];
        const double M = jc->market, denom = jc->outside + sa[j], h = jc->regulated_share;
        w->sa[j] = sa[j];
        w->scale[j] = denom > 0 ? M * h / w->spy / denom : 0;
        w->m_clear[j] = M;
        w->sao[j] = so[j];
        const double dno = jc->outside + so[j];
        w->oscale[j] = h < 1 && dno > 0 ? M * (1 - h) / w->spy / dno : 0;
        /* coverage: 1 - omega / (omega + sum A) in one segment; with two,
         * AI revenue / (M / spy) (filled in by clear_revenue) */
        cs[j].cov_num = M * sa[j];
        cs[j].cov_den = M * denom;
    }
}

/* 2. Revenue, costs, licence fees, loss runs; the markets' revenue
 * statistics into w->cls, compliance spending into the step's flows. */
/* segs: 0 where no market has an open segment (every loop as in v1.2), 1
 * otherwise; a constant in each of the two copies the compiler makes. */
static inline __attribute__((always_inline)) void clear_revenue_impl(acc_world *w, int dry, int now,
                                                                     const double *mult, const int segs)
{
    const int J = w->J;
    const int64_t n = w->n;
    const double inv_eps = w->inv_eps, lic = w->lic;
    const double *restrict a_cur = w->a_cur, *restrict cap_c = w->c, *restrict saf = w->s;
    double *restrict rev = w->rev, *restrict opflow = w->opflow;
    const uint32_t *restrict vaware = w->vaware, *restrict present = w->present;
    const int32_t *restrict upstream = w->upstream;
    const uint16_t *restrict susp = w->susp;
    const int cur = w->cur; /* the timers' reference (tdec) */
    const int nosusp = w->susp_end <= now; /* no timer to read (susp_end) */
    const uint8_t *restrict kind = w->kind, *restrict cpath = w->cert; /* non-zero: certified */
    uint16_t *restrict loss = w->loss;
    double scale[ACC_MAX_JUR], fstep[ACC_MAX_JUR], xi[ACC_MAX_JUR], fsplit[ACC_MAX_JUR];
    const int per_market = w->cfg.compliance_per_market;
    double front[ACC_MAX_JUR], crev[ACC_MAX_JUR], cr2[ACC_MAX_JUR], crs[ACC_MAX_JUR], crc[ACC_MAX_JUR],
        cst[ACC_MAX_JUR], cos_[ACC_MAX_JUR], compl_sum[ACC_MAX_JUR];
    for (int j = 0; j < J; j++) {
        crev[j] = cr2[j] = crs[j] = crc[j] = cst[j] = cos_[j] = compl_sum[j] = 0;
        front[j] = -INFINITY;
        scale[j] = w->scale[j];
        fstep[j] = w->jd[j].compliance_step;
        xi[j] = w->cfg.jur[j].compliance_share;
    }
    const uint32_t *restrict opres = w->opres;
    uint16_t *restrict oseg = w->oseg;
    double oscale[ACC_MAX_JUR], crr[ACC_MAX_JUR], crr2[ACC_MAX_JUR];
    uint32_t nonbind = 0;
    for (int j = 0; j < J; j++) {
        oscale[j] = w->oscale[j];
        crr[j] = crr2[j] = 0;
        if (!w->cfg.jur[j].binding)
            nonbind |= 1u << j;
    }
    double licence = 0, rr2_all = 0, r2_all = 0;
    unsigned run_max = 0; /* the longest run written (w->run_bound) */
    int kept = 0;         /* some run of a market served left as it was */
    for (int64_t i = 0; i < n; i++) {
        if (i + ACC_PREFETCH < n && upstream[i + ACC_PREFETCH] >= 0) { /* the licence's payee, ahead */
            __builtin_prefetch(&opflow[upstream[i + ACC_PREFETCH]], 1);
            __builtin_prefetch(&kind[upstream[i + ACC_PREFETCH]]);
        }
        const uint32_t opm = segs ? opres[i] : 0;
        uint32_t pm = present[i] | opm;
        if (!pm)
            continue;
        const double a = a_cur[i], ci = cap_c[i], si = saf[i];
        const int up = upstream[i];
        const int64_t payee = up >= 0 ? up : i;
        const double lic_rate = up >= 0 && kind[payee] == ACC_INCUMBENT ? lic : 0.0;
        const int is_st = kind[i] == ACC_STARTUP, is_os = kind[i] == ACC_OPEN_SOURCE;
        const uint32_t aware = vaware[i];
        kept |= (opm & aware) != 0; /* an open segment not earning: its run is not written */
        double rsum = 0, pisum = 0, losum = 0, rrsum = 0;
        /* requirement sets (compliance.c): each set's largest f, split over its markets */
        const double *fx = fstep;
        if (!per_market) {
            /* acc__rs_fixed_split's fast path, inline: without equivalence or bloc
             * certificates every certified market is a set of its own, charged its f */
            if (w->eqc[i] & present[i]) {
                acc__rs_fixed_split(w, i, fsplit);
                fx = fsplit;
            }
        }
        for (; pm; pm &= pm - 1) {
            const int j = __builtin_ctz(pm);
            const uint32_t bit = 1u << j;
            const size_t m = (size_t)i * (size_t)J + (size_t)j;
            if (ci > front[j])
                front[j] = ci;
            const int certified = cpath[m] != 0;
            double Rj = 0, pr = 0; /* revenue in j (both segments); the regulated segment's profit */
            int earn_r = 0;
            if (!segs || (present[i] & bit)) { /* the regulated segment */
                const double fixed = certified ? fx[j] : 0.0;
                if ((nosusp || tdec(cur, susp[m]) <= now) && !((aware >> j) & 1u)) {
                    const double R = (certified ? a * mult[j] : a) * scale[j];
                    const double compl = certified ? fixed + xi[j] * R : 0.0;
                    const double lo = lic_rate * R;
                    const double pi = R * inv_eps - compl - lo;
                    Rj += R;
                    crr[j] += R;
                    crr2[j] += R * R;
                    rrsum += R;
                    earn_r = 1;
                    pr = pi;
                    if (!dry) {
                        pisum += pi;
                        losum += lo;
                        compl_sum[j] += compl;
                    }
                } else if (!dry) {
                    pisum -= fixed; /* suspended: fixed costs go on */
                    compl_sum[j] += fixed;
                    kept = 1; /* its loss run is not written */
                }
            }
            if (segs && (opm & bit) && !((aware >> j) & 1u)) { /* the open segment (no audit suspension) */
                /* the label and xi act here only where j is not binding */
                const int lab = certified && (nonbind & bit);
                const double R = (lab ? a * mult[j] : a) * oscale[j];
                const double compl = lab ? xi[j] * R : 0.0;
                const double lo = lic_rate * R;
                const double pi = R * inv_eps - compl - lo;
                Rj += R;
                if (!dry) {
                    pisum += pi;
                    losum += lo;
                    compl_sum[j] += compl;
                    if ((nonbind & bit) && (present[i] & bit)) {
                        pr += pi; /* a non-binding market is one market: one loss run */
                        oseg[m] = 0;
                    } else if (pi < 0) {
                        const unsigned o = oseg[m] < OSEG_STEP ? oseg[m] + 1u : OSEG_STEP;
                        oseg[m] = (uint16_t)o;
                        run_max = o > run_max ? o : run_max;
                    } else {
                        oseg[m] = 0;
                    }
                }
            }
            if (earn_r && !dry) {
                if (pr < 0) {
                    unsigned l = loss[m] + 1u;
                    l = l > 65535u ? 65535u : l;
                    loss[m] = (uint16_t)l;
                    run_max = l > run_max ? l : run_max;
                } else {
                    loss[m] = 0;
                }
            }
            if (segs ? Rj == 0 && !earn_r : !earn_r)
                continue; /* earns in neither segment */
            rsum += Rj;
            crev[j] += Rj;
            cr2[j] += Rj * Rj;
            crs[j] += Rj * si;
            crc[j] += Rj * ci;
            if (is_st) /* Rj * 1 (+0 otherwise: the sums start at +0, so skipping it is exact) */
                cst[j] += Rj;
            if (is_os)
                cos_[j] += Rj;
        }
        rev[i] = rsum;
        r2_all += rsum * rsum; /* (the developers skipped above add +0: nothing) */
        rr2_all += rrsum * rrsum;
        if (!dry) {
            opflow[i] += pisum;
            opflow[payee] += losum; /* adds 0 to itself when there is no fee */
            licence += losum;
        }
    }
    clearstat *cs = w->cls;
    for (int j = 0; j < J; j++) {
        clearstat *c = &cs[j];
        c->front = front[j];
        c->rev = crev[j];
        c->r2 = cr2[j];
        c->rs = crs[j];
        c->rc = crc[j];
        c->rstart = cst[j];
        c->ros = cos_[j];
        c->rrev = crr[j];
        c->rr2 = crr2[j];
        if (w->jd[j].has_open) { /* two segments: AI revenue / (M / spy) */
            c->cov_num = crev[j];
            c->cov_den = w->m_clear[j] / w->spy;
        }
        if (!dry)
            w->fl[j].compliance += compl_sum[j];
        if (c->front > cs[J].front)
            cs[J].front = c->front;
    }
    cs[J].rr2 = rr2_all;
    cs[J].r2 = r2_all; /* concentration over developers' total revenue */
    if (!dry) {
        const int prev = kept ? w->run_bound : 0;
        w->run_bound = (int)run_max > prev ? (int)run_max : prev;
    }
    if (!dry)
        w->cum.licence += licence;
}

static void clear_revenue(acc_world *w, int dry, int now, const double *mult)
{
    if (w->open_mask)
        clear_revenue_impl(w, dry, now, mult, 1);
    else
        clear_revenue_impl(w, dry, now, mult, 0);
}

/* All markets: totals (the concentration over developers' total revenue,
 * cs[J].r2, is added up in clear_revenue). */
static void clear_all(acc_world *w)
{
    clearstat *cs = w->cls, *all = &cs[w->J];
    for (int j = 0; j < w->J; j++) {
        all->rev += cs[j].rev;
        all->rs += cs[j].rs;
        all->rc += cs[j].rc;
        all->rstart += cs[j].rstart;
        all->ros += cs[j].ros;
        all->rrev += cs[j].rrev;
        all->cov_num += cs[j].rev; /* AI revenue over total spending, below */
        all->cov_den += w->m_clear[j] / w->spy;
    }
}

/* The step's operating flow into capital; revenue and profit into the
 * trailing 12 months' bucket. */
static void clear_book(acc_world *w, int bucket)
{
    float *const prof12 = w->prof12; /* NULL: not kept (acc_world_track_profit) */
    for (int64_t i = 0; i < w->n; i++) {
        if (!w->alive[i])
            continue;
        w->K[i] += w->opflow[i];
        size_t b = (size_t)bucket * (size_t)w->cap + (size_t)i;
        w->rev12[b] += (float)w->rev[i];
        if (prof12)
            prof12[b] += (float)(w->opflow[i] - w->paid[i]);
    }
}

void acc__clear_markets(acc_world *w, int dry)
{
    const int now = dry ? 1 : w->cur;
    clearstat *cs = w->cls;
    memset(cs, 0, sizeof(clearstat) * (size_t)(w->J + 1));
    cs[w->J].front = -INFINITY;
    int bucket = clear_begin(w, dry);
    double mult[ACC_MAX_JUR];
    for (int j = 0; j < w->J; j++) {
        const acc_jur_cfg *jc = &w->cfg.jur[j];
        mult[j] = jc->binding ? 1.0 : 1.0 + jc->label_premium;
    }
    clear_sums(w, now, mult, dry);
    clear_revenue(w, dry, now, mult);
    clear_all(w);
    if (!dry)
        clear_book(w, bucket);
}

/* ---- risks ------------------------------------------------------------------------------ */

/* The patch delay (MODEL.md, Risks: Response): lognormal with median
 * risk.patch_months and log-sd risk.patch_sigma, keyed by the vulnerability
 * (its developer's key and emergence step, risk stream, market KEY_PATCH),
 * so two policy arms in which it is found at different steps draw the same
 * delay. A log-sd of 0 draws nothing: the fixed delay of v1.2. */
double acc__patch_months(const acc_world *w, int64_t dev, int32_t emerged)
{
    const double m = w->cfg.risk_patch_months, sd = w->cfg.risk_patch_sigma;
    if (!(sd > 0) || !(m > 0))
        return m;
    const uint64_t pre = acc_key_prefix(w->seed, w->run, ACC_STREAM_RISK, emerged);
    return acc_u_lognormal(acc_key_u01(pre, w->ekey[dev], KEY_PATCH, 0), log(m), sd);
}

int acc__patch_steps(const acc_world *w, int64_t dev, int32_t emerged)
{
    if (!(w->cfg.risk_patch_sigma > 0))
        return w->patch_steps;
    const double m = acc__patch_months(w, dev, emerged);
    if (!(m * w->spy / 12.0 < (double)ACC_PATCH_MAX_STEPS)) /* also inf, nan */
        return ACC_PATCH_MAX_STEPS;
    return conv_months(m, w->spy);
}

static int incident(acc_world *w, int slot, int jur, int attrib, const char *how)
{
    vuln *v = &w->vp[slot];
    const int t = w->cur;
    v->first_aware = t;
    v->patch_due = t + acc__patch_steps(w, v->dev, v->emerged);
    int64_t i = v->dev;
    double r = w->rep[i] - w->cfg.rep_loss * v->severity;
    w->rep[i] = r > 0.05 ? r : 0.05;
    w->fl[attrib].incidents += 1;
    w->fl[attrib].lag_sum += t - v->emerged;
    acc_event ev = {t, ACC_EV_INCIDENT, i, jur, 0, v->severity, (double)(t - v->emerged), v->harm, how, -1, -1,
                    v->exposure};
    if (w->sink.event && !w->status) {
        int rc = w->sink.event(w->sink.ud, &ev);
        if (rc) {
            if (!w->err[0])
                snprintf(w->err, sizeof w->err, "the event sink failed (%s) at step %d",
                         acc_status_name(rc), t);
            w->status = rc;
        }
    }
    if (w->hooks.on_incident && !w->status) {
        int rc = w->hooks.on_incident(w->hooks.ud, w, &ev);
        if (rc) {
            if (!w->err[0])
                snprintf(w->err, sizeof w->err, "the on_incident hook failed (%s) at step %d",
                         acc_status_name(rc), t);
            w->status = rc;
        }
    }
    return w->status;
}

/* An awareness or patch event: severity, steps since emergence, harm and
 * exposure so far. */
static int emit_vuln_event(acc_world *w, int type, const vuln *v, int jur, const char *detail)
{
    if (!w->sink.event || w->status)
        return w->status;
    acc_event ev = {w->cur, type, v->dev, jur, 0, v->severity, (double)(w->cur - v->emerged), v->harm, detail,
                    -1, -1, v->exposure};
    return acc__emit_event(w, &ev);
}

/* Market j becomes aware of the vulnerability in `slot`. Awareness by j's own
 * means (orig) is passed on along j's active lag-0 links at once (later ones
 * by the lagged deliveries); awareness received from a link is not relayed. */
int acc__make_aware(acc_world *w, int slot, int j, const char *how, int orig, int incident_jur)
{
    vuln *v = &w->vp[slot];
    const uint32_t bit = 1u << j;
    if (v->aware & bit)
        return ACC_OK;
    const int t = w->cur;
    v->aware |= bit;
    w->vaware[v->dev] = v->aware;
    tset(w->vaware_step, (size_t)slot * (size_t)w->J + (size_t)j, t);
    if (orig)
        v->orig |= bit;
    if (v->first_aware < 0) {
        incident(w, slot, incident_jur, incident_jur >= 0 ? incident_jur : w->home[v->dev], how);
        v = &w->vp[slot]; /* a hook cannot move the pool, but stay safe */
    } else {
        w->cum.awareness += 1;
        emit_vuln_event(w, ACC_EV_AWARENESS, v, j, how);
    }
    if (!orig)
        return w->status;
    for (int k = 0; k < w->J; k++) {
        int l = w->link_idx[j][k];
        if (l >= 0 && w->cfg.link[l].active && w->link_lag[l] == 0 && !((v->aware >> k) & 1u))
            acc__make_aware(w, slot, k, "shared", 0, k);
    }
    return w->status;
}

void acc__patch(acc_world *w, int slot)
{
    vuln *v = &w->vp[slot];
    uint64_t serial = v->serial;
    int64_t dev = v->dev;
    w->cum.patches += 1;
    emit_vuln_event(w, ACC_EV_PATCH, v, -1, NULL);
    acc__vuln_free(w, slot);
    if (w->kind[dev] == ACC_STARTUP)
        return;
    /* Inherited copies are patched at the latest with their source: dev's
     * downstreams, in index order (its downstream list, world_int.h). */
    const int32_t tail = w->down[dev]; /* its last downstream; down[i] of one: the next */
    if (tail < 0)
        return;
    for (int64_t i = w->down[tail];;) {
        const int64_t nx = w->down[i];
        const int last = i == tail;
        w->dbg_down_visits += 1;
        int s2 = w->vslot[i];
        if (s2 >= 0 && w->upstream[i] == dev && w->vp[s2].parent == serial)
            acc__patch(w, s2); /* a startup's: frees it, emits, touches no list */
        if (last)
            break;
        i = nx;
    }
}

static int new_vuln(acc_world *w, int64_t i, double severity, uint64_t parent, const char *how)
{
    int slot = acc__vuln_alloc(w);
    if (slot < 0)
        return w->status;
    vuln *v = &w->vp[slot];
    v->dev = i;
    v->serial = ++w->vserial;
    v->parent = parent;
    v->severity = severity;
    v->emerged = w->cur;
    v->patchable = 1;
    v->fresh = 1;
    v->live = 1;
    w->vslot[i] = slot;
    w->vaware[i] = 0;
    w->cum.vulns += 1;
    return acc__emit(w, ACC_EV_VULNERABILITY, i, -1, 0, severity, 0, 0, how);
}

int acc__risks(acc_world *w)
{
    w->phase = PH_RISK;
    const int t = w->cur, J = w->J;
    const int64_t n = w->n;
    const acc_config *cfg = &w->cfg;
    const uint64_t pre_r = w->prefix[ACC_STREAM_RISK], pre_d = w->prefix[ACC_STREAM_DETECTION];

    /* Emergence. */
    if (cfg->risk_base_hazard > 0) {
        const double h0_step = cfg->risk_base_hazard / w->spy;
        for (int64_t i = 0; i < n && !w->status; i++) {
            if (!w->alive[i] || !dev_in(w, i) || w->vslot[i] >= 0)
                continue;
            double u = acc_key_u01(pre_r, w->ekey[i], 0, 0);
            double x = h0_step * (1 - w->s[i]);
            if (x <= 0)
                continue;
            x *= powspec_eval(&w->pw_haz, 1 + w->c[i]);
            if (u < x && u < -expm1(-x)) { /* 1 - e^-x <= x: most draws stop at the bound */
                double sev = acc_u_lognormal(acc_key_u01(pre_r, w->ekey[i], 0, 1), cfg->risk_severity_mu,
                                             cfg->risk_severity_sigma);
                new_vuln(w, i, sev, 0, "emerged");
            }
        }
    }
    /* Inheritance from upstreams whose vulnerability is new. */
    int any_up = 0;
    for (int64_t i = 0; i < n && !any_up; i++)
        if (w->vslot[i] >= 0 && w->vp[w->vslot[i]].fresh && w->kind[i] != ACC_STARTUP)
            any_up = 1;
    if (any_up && cfg->risk_inherit_prob > 0) {
        for (int64_t i = 0; i < n && !w->status; i++) {
            if (i + ACC_PREFETCH < n && w->upstream[i + ACC_PREFETCH] >= 0)
                __builtin_prefetch(&w->vslot[w->upstream[i + ACC_PREFETCH]]);
            int up = w->upstream[i];
            if (up < 0 || !w->alive[i] || !dev_in(w, i) || w->vslot[i] >= 0 || w->vslot[up] < 0)
                continue;
            const vuln *uv = &w->vp[w->vslot[up]];
            if (!uv->fresh || uv->parent)
                continue;
            if (acc_key_u01(pre_r, w->ekey[i], 1, 0) < cfg->risk_inherit_prob)
                new_vuln(w, i, uv->severity, uv->serial, "inherited");
        }
    }
    for (int64_t i = 0; i < n; i++)
        if (w->vslot[i] >= 0)
            w->vp[w->vslot[i]].fresh = 0;

    /* Detection and sharing, developer by developer. */
    for (int64_t i = 0; i < n && !w->status; i++) {
        if (i + ACC_PREFETCH < n && w->vslot[i + ACC_PREFETCH] >= 0) /* its vulnerability, ahead */
            __builtin_prefetch(&w->vp[w->vslot[i + ACC_PREFETCH]]);
        int slot = w->vslot[i];
        if (slot < 0 || w->vp[slot].emerged >= t)
            continue;
        /* (a) lagged deliveries due now, on links active now */
        for (int l = 0; l < cfg->n_links; l++) {
            const acc_link_cfg *lc = &cfg->link[l];
            int lag = w->link_lag[l];
            const vuln *v = &w->vp[slot];
            if (lag > 0 && lc->active && ((v->orig >> lc->from) & 1u) && !((v->aware >> lc->to) & 1u) &&
                tget(w, w->vaware_step, (size_t)slot * (size_t)J + (size_t)lc->from) + lag == t)
                acc__make_aware(w, slot, lc->to, "shared", 0, lc->to);
        }
        /* (b) self-detection and disclosure */
        double sd = cfg->risk_self_detect * w->s[i];
        if (sd > 0 && acc_key_u01(pre_d, w->ekey[i], KEY_SELF, 0) < conv_prob(sd < 1 ? sd : 1, w->spy)) {
            if (w->vp[slot].first_aware < 0)
                incident(w, slot, -2, w->home[i], "self");
            for (int j = 0; j < J; j++)
                if ((dev_in(w, i) >> j) & 1u)
                    acc__make_aware(w, slot, j, "disclosed", 1, j);
        }
        /* (c) each deployed market not yet aware */
        for (int j = 0; j < J; j++) {
            if (!((dev_in(w, i) >> j) & 1u) || ((w->vp[slot].aware >> j) & 1u))
                continue;
            double p = w->jd[j].detect_p;
            if (p > 0 && acc_key_u01(pre_d, w->ekey[i], (uint32_t)j, 0) < p)
                acc__make_aware(w, slot, j, "detected", 1, j);
        }
    }
    if (w->status)
        return w->status;

    /* Harm and exposure where the model earns and the market is not aware.
     * Exposure X_ij = U_j(t) (R_ij / (M_j(t)/spy)) (12/spy) million user-months,
     * = R_ij xr[j]; should the models' shares of j's spending add up to more
     * than 1 (they cannot: the outside option takes the rest), xr[j] is
     * scaled so that all models together reach at most U_j(t) a month. */
    const double hpr = cfg->risk_harm_per_revenue, hpu = cfg->risk_harm_per_user_month;
    double xr[ACC_MAX_JUR];
    for (int j = 0; j < J; j++) {
        const double U = cfg->jur[j].users, Mstep = w->m_clear[j] / w->spy;
        const double share = Mstep > 0 ? w->cls[j].rev / Mstep : 0;
        xr[j] = U > 0 && Mstep > 0 ? U / Mstep * (12.0 / w->spy) / (share > 1 ? share : 1) : 0;
    }
    for (int64_t i = 0; i < n; i++) {
        if (i + ACC_PREFETCH < n && w->vslot[i + ACC_PREFETCH] >= 0)
            __builtin_prefetch(&w->vp[w->vslot[i + ACC_PREFETCH]], 1);
        int slot = w->vslot[i];
        if (slot < 0 || !dev_in(w, i))
            continue;
        vuln *v = &w->vp[slot];
        for (int j = 0; j < J; j++) {
            size_t m = MI(w, j, i);
            if ((v->aware >> j) & 1u)
                continue;
            const acc_jur_cfg *jc = &cfg->jur[j];
            double a = w->a_cur[i] * (w->cert[m] && !jc->binding ? 1.0 + jc->label_premium : 1.0);
            if (dev_deployed(w, i, j) && tget(w, w->susp, m) <= t) {
                double h = v->severity * a * w->scale[j] * hpr;
                const double x = a * w->scale[j] * xr[j];
                if (hpu > 0)
                    h += v->severity * x * hpu;
                w->fl[j].harm += h;
                v->harm += h;
                w->fl[j].exposure += x;
                v->exposure += x;
            }
            if ((w->opres[i] >> j) & 1u) { /* the open segment: R_ij adds up the segments */
                double h = v->severity * a * w->oscale[j] * hpr;
                const double x = a * w->oscale[j] * xr[j];
                if (hpu > 0)
                    h += v->severity * x * hpu;
                w->fl[j].harm += h;
                v->harm += h;
                w->fl[j].exposure += x;
                v->exposure += x;
            }
        }
    }
    /* Patching. */
    for (int64_t i = 0; i < n && !w->status; i++) {
        int slot = w->vslot[i];
        if (slot < 0)
            continue;
        const vuln *v = &w->vp[slot];
        if (v->patchable && v->first_aware >= 0 && v->patch_due <= t)
            acc__patch(w, slot);
    }
    return w->status;
}

/* ---- bankruptcies, startups, end of step --------------------------------------------- */

static void bankruptcies(acc_world *w)
{
    int64_t ndied = 0; /* upstreams (non-startups) that died, listed in w->list (invalid from then) */
    for (int64_t i = 0; i < w->n; i++) {
        if (!w->alive[i] || !(w->K[i] < 0))
            continue;
        w->alive[i] = 0;
        for (int j = 0; j < w->J; j++) {
            size_t m = MI(w, j, i);
            acc__set_state(w, i, j, MS_ABSENT);
            set_cert(w, i, j, 0, REF_NONE);
            if (w->app[m]) /* cool held the application's step (its cooldown had ended) */
                tset(w->cool, m, T_PAST(w));
            w->app[m] = 0;
            w->loss[m] = 0;
            tset(w->susp, m, T_PAST(w));
        }
        w->present[i] = 0;
        w->busy[i] = 0;
        w->blocs[i] = 0;
        w->opres[i] = 0; /* both segments, for good */
        if (w->vslot[i] >= 0)
            acc__vuln_free(w, w->vslot[i]);
        w->fl[w->home[i]].bankruptcies += 1;
        if (w->kind[i] != ACC_STARTUP) {
            w->list_valid = 0;
            w->list[ndied++] = (int32_t)i;
        }
        acc__emit(w, ACC_EV_BANKRUPTCY, i, w->home[i], 0, w->K[i], 0, 0, NULL);
    }
    /* Their downstreams (alive or not) keep their capability and have no
     * upstream: each dead upstream's list, emptied (every developer whose
     * upstream died, as a scan of all would find them). */
    for (int64_t k = 0; k < ndied; k++) {
        const int32_t u = w->list[k], tail = w->down[u];
        if (tail < 0)
            continue;
        for (int32_t i = w->down[tail];;) {
            const int32_t nx = w->down[i];
            w->dbg_down_visits += 1;
            w->upstream[i] = -1;
            w->down[i] = -1;
            if (i == tail)
                break;
            i = nx;
        }
        w->down[u] = -1;
    }
}

static int found_startups(acc_world *w)
{
    const uint64_t pre_e = w->prefix[ACC_STREAM_ENTRY], pre_p = w->prefix[ACC_STREAM_POPULATION];
    for (int j = 0; j < w->J && !w->status; j++) {
        double mean = w->jd[j].startup_mean;
        if (mean <= 0)
            continue;
        unsigned cnt = acc_u_poisson(acc_key_u01(pre_e, ((uint64_t)1 << 63) | (uint64_t)j, 0, 0), mean);
        if (!cnt)
            continue;
        acc_pop_cfg tpl;
        acc__startup_template(w, j, &tpl);
        tpl.kind = ACC_STARTUP;
        if (!w->list_valid)
            acc__build_upstream_list(w);
        if (acc__grow(w, w->n + cnt))
            return w->status;
        for (unsigned k = 0; k < cnt; k++) {
            uint64_t ent = ((uint64_t)1 << 62) | ((uint64_t)j << 32) | k;
            int64_t i;
            if (acc__create_dev(w, &tpl, j, pre_p, ent, &i))
                return w->status;
            /* Its key for every later draw names it by (step, home, k), not
             * by its id: founding elsewhere (a policy) shifts ids, not keys. */
            w->ekey[i] = ent | ((uint64_t)w->cur << 37);
            acc__choose_upstream(w, i, pre_e, ent);
            w->cum.founded += 1;
            acc__emit(w, ACC_EV_FOUNDED, i, j, 0, w->K[i], 0, 0, NULL);
        }
    }
    return w->status;
}

static void end_of_step(acc_world *w)
{
    for (int j = 0; j < w->J; j++) {
        w->cfg.jur[j].market *= 1 + w->jd[j].growth_step;
        w->cfg.jur[j].venture_funding *= 1 + w->jd[j].growth_step; /* V_j(t) = V_j(0) M_j(t)/M_j(0) */
        w->cfg.jur[j].users *= 1 + w->jd[j].user_growth_step;
    }
    const double f = w->rep_recovery_f;
    for (int64_t i = 0; i < w->n; i++)
        if (w->alive[i])
            w->rep[i] += (1 - w->rep[i]) * f;
    /* Audit suspensions end by themselves (suspended while step < susp). */
}

/* ---- metrics ------------------------------------------------------------------------------ */

static int check_finite(acc_world *w)
{
    double sum = 0;
    for (int64_t i = 0; i < w->n; i++)
        if (w->alive[i])
            sum += w->K[i] + w->c[i] + w->s[i] + w->rep[i] + w->theta[i];
    if (isfinite(sum))
        return ACC_OK;
    for (int64_t i = 0; i < w->n; i++) {
        if (!w->alive[i])
            continue;
        /* the state variables first: a non-finite capital usually follows */
        const char *what = !isfinite(w->c[i]) ? "capability" : !isfinite(w->s[i]) ? "safety"
                           : !isfinite(w->rep[i]) ? "reputation" : !isfinite(w->theta[i]) ? "safety_share"
                           : !isfinite(w->K[i]) ? "capital" : NULL;
        if (what) {
            double v = acc_world_dev_get(w, i, acc_dev_attr_parse(what));
            acc__fail(w, ACC_ERUN, "step %d: developer %lld (%s, home '%s'): %s became %s", w->cur,
                      (long long)i, acc_kind_name(w->kind[i]), w->cfg.jur[w->home[i]].id, what,
                      isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
            return ACC_ERUN;
        }
    }
    acc__fail(w, ACC_ERUN, "step %d: the developers' capital overflowed", w->cur);
    return ACC_ERUN;
}

int acc__metrics(acc_world *w, int emit)
{
    const int J = w->J, now = w->cur + 1, cur = w->cur;
    double dep[ACC_MAX_JUR + 1] = {0}, sus[ACC_MAX_JUR + 1] = {0}, pen[ACC_MAX_JUR + 1] = {0},
           live[ACC_MAX_JUR + 1] = {0}, nonc[ACC_MAX_JUR + 1] = {0}, rdep[ACC_MAX_JUR + 1] = {0};
    /* requirement sets held, per certified developer (in j: those certified in j) */
    double rsn[ACC_MAX_JUR + 1] = {0}, rsd[ACC_MAX_JUR + 1] = {0};
    /* The counts are integers while the pass adds them up (an integer add each,
     * no conversion), made doubles after it: the same values, every partial
     * sum being an integer far below 2^53. */
    int64_t ndep[ACC_MAX_JUR] = {0}, nsus[ACC_MAX_JUR] = {0}, nlive[ACC_MAX_JUR + 1] = {0},
            nnonc[ACC_MAX_JUR] = {0}, nrdep[ACC_MAX_JUR] = {0}, nrsn[ACC_MAX_JUR + 1] = {0},
            nrsd[ACC_MAX_JUR + 1] = {0};
    const int per_market = w->cfg.compliance_per_market;
    uint32_t ncm = 0; /* binding markets out of any grace period: uncertified there is non-compliant */
    for (int j = 0; j < J; j++)
        if (w->cfg.jur[j].binding && w->jd[j].transition_until < 0)
            ncm |= 1u << j;
    sumdev sd; /* the summary's per-developer part, in this pass (emit only: the summary's steps) */
    acc__summary_dev_begin(w, &sd, ncm);
    const uint32_t *restrict present = w->present, *restrict opres = w->opres, *restrict vaware = w->vaware,
                             *restrict eqc = w->eqc, *restrict sbx = w->sbx;
    const int32_t *restrict vslot = w->vslot;
    const uint8_t *restrict cert = w->cert;
    const uint16_t *restrict susp = w->susp;
    const int nosusp = w->susp_end <= now; /* no timer to read (susp_end) */
    const int64_t n = w->n;
    for (int64_t i = 0; i < n; i++) {
        if (emit)
            summary_dev(w, &sd, i);
        const int has_vuln = vslot[i] >= 0;
        nlive[J] += has_vuln;
        const uint32_t rpm = present[i], opm = opres[i];
        const uint32_t pm = rpm | opm;
        if (!pm)
            continue;
        const uint32_t aware = vaware[i];
        const uint8_t *restrict cp = cert + (size_t)i * (size_t)J;
        const uint16_t *restrict sp = susp + (size_t)i * (size_t)J;
        /* earning in the regulated segment (not suspended); deployed (not
         * suspended) in j when earning in either segment (the open one has no
         * audit suspension); certified (cm) */
        uint32_t cm = 0;
        for (uint32_t q = pm; q; q &= q - 1) {
            const int j = __builtin_ctz(q);
            const uint32_t bit = 1u << j;
            const int er = (rpm & ~aware & bit) && (nosusp || tdec(cur, sp[j]) <= now);
            const int earning = er || (opm & ~aware & bit);
            ndep[j] += earning;
            nsus[j] += !earning;
            nrdep[j] += er;
            cm |= cp[j] ? bit : 0;
        }
        /* non-compliant: serving a market of ncm's uncertified, unless a
         * startup the sandbox covers (serving legally) */
        for (uint32_t q = rpm & ncm & ~cm; q; q &= q - 1) {
            const int j = __builtin_ctz(q);
            nnonc[j] += !(sbx && (sbx[i] >> j & 1u) && acc__sbx_covered(w, i, j, cur)); /* sbx: NULL without a sandbox */
        }
        if (has_vuln)
            for (uint32_t q = pm; q; q &= q - 1)
                nlive[__builtin_ctz(q)] += 1;
        if (cm) { /* per market every market is a set of its own */
            /* the sets held (acc__rs_held): one per certified regulated market, unless
             * equivalence or bloc certificates put two in one */
            const int64_t nsets = per_market          ? popcount32(cm)
                                  : (eqc[i] & rpm) != 0 ? __builtin_popcountll(acc__rs_held(w, i))
                                                        : popcount32(cm & rpm);
            for (uint32_t q = cm; q; q &= q - 1) {
                nrsn[__builtin_ctz(q)] += nsets;
                nrsd[__builtin_ctz(q)] += 1;
            }
            nrsn[J] += nsets;
            nrsd[J] += 1;
        }
    }
    for (int j = 0; j < J; j++) {
        dep[j] = (double)ndep[j];
        sus[j] = (double)nsus[j];
        rdep[j] = (double)nrdep[j];
        nonc[j] = (double)nnonc[j];
    }
    for (int j = 0; j <= J; j++) {
        live[j] = (double)nlive[j];
        rsn[j] = (double)nrsn[j];
        rsd[j] = (double)nrsd[j];
    }
    for (int j = 0; j < J; j++)
        pen[j] = (double)w->npending[j];
    jflows tot;
    memset(&tot, 0, sizeof tot);
    for (int j = 0; j < J; j++) {
        const jflows *f = &w->fl[j];
        tot.entries += f->entries;
        tot.exits += f->exits;
        tot.bankruptcies += f->bankruptcies;
        tot.cert += f->cert;
        tot.compliance += f->compliance;
        tot.fine += f->fine;
        tot.entry += f->entry;
        tot.incidents += f->incidents;
        tot.harm += f->harm;
        tot.exposure += f->exposure;
        tot.lag_sum += f->lag_sum;
        tot.ttm_sum += f->ttm_sum;
        tot.funding += f->funding;
        tot.applications += f->applications;
        tot.rejections += f->rejections;
        tot.failed_audits += f->failed_audits;
        tot.caught += f->caught;
        tot.reg_entries += f->reg_entries;
        tot.reg_ttm_sum += f->reg_ttm_sum;
        rdep[J] += rdep[j];
        tot.setup += f->setup;
        nonc[J] += nonc[j];
        dep[J] += dep[j];
        sus[J] += sus[j];
        pen[J] += pen[j];
    }
    const clearstat *cs = w->cls;
    for (int r = 0; r <= J; r++) {
        const jflows *f = r < J ? &w->fl[r] : &tot;
        const clearstat *c = &cs[r];
        acc_ts_row *row = &w->rows[r];
        double *v = row->v;
        row->step = w->cur;
        row->year = w->cur / w->spy;
        row->jur = r < J ? r : -1;
        v[ACC_TS_DEPLOYED] = dep[r];
        v[ACC_TS_SUSPENDED] = sus[r];
        v[ACC_TS_PENDING] = pen[r];
        v[ACC_TS_ENTRIES] = f->entries;
        v[ACC_TS_EXITS] = f->exits;
        v[ACC_TS_BANKRUPTCIES] = f->bankruptcies;
        v[ACC_TS_REVENUE] = c->rev;
        v[ACC_TS_COVERAGE] = c->cov_den > 0 ? fmin(1, c->cov_num / c->cov_den) : 0; /* a share: never above 1 by rounding */
        v[ACC_TS_HHI] = c->rev > 0 ? 10000.0 * c->r2 / (c->rev * c->rev) : 0;
        v[ACC_TS_STARTUP_SHARE] = c->rev > 0 ? c->rstart / c->rev : 0;
        v[ACC_TS_OPEN_SOURCE_SHARE] = c->rev > 0 ? c->ros / c->rev : 0;
        v[ACC_TS_MEAN_SAFETY] = c->rev > 0 ? c->rs / c->rev : NAN;
        v[ACC_TS_MEAN_CAPABILITY] = c->rev > 0 ? c->rc / c->rev : NAN;
        v[ACC_TS_FRONTIER_CAPABILITY] = isfinite(c->front) ? c->front : NAN;
        v[ACC_TS_CERT_SPEND] = f->cert;
        v[ACC_TS_COMPLIANCE_SPEND] = f->compliance;
        v[ACC_TS_FINE_SPEND] = f->fine;
        v[ACC_TS_ENTRY_SPEND] = f->entry;
        v[ACC_TS_FUNDING] = f->funding;
        v[ACC_TS_LIVE_VULNS] = live[r];
        v[ACC_TS_INCIDENTS] = f->incidents;
        v[ACC_TS_HARM] = f->harm;
        v[ACC_TS_EXPOSURE] = f->exposure;
        v[ACC_TS_MEAN_DETECTION_LAG] = f->incidents > 0 ? f->lag_sum / f->incidents : NAN;
        v[ACC_TS_MEAN_TIME_TO_MARKET] = f->entries > 0 ? f->ttm_sum / f->entries : NAN;
        v[ACC_TS_APPLICATIONS] = f->applications;
        v[ACC_TS_REJECTIONS] = f->rejections;
        v[ACC_TS_FAILED_AUDITS] = f->failed_audits;
        v[ACC_TS_NONCOMPLIANT] = nonc[r];
        v[ACC_TS_CAUGHT] = f->caught;
        v[ACC_TS_REGULATED_REVENUE] = c->rrev;
        v[ACC_TS_REGULATED_DEPLOYED] = rdep[r];
        v[ACC_TS_REGULATED_HHI] = c->rrev > 0 ? 10000.0 * c->rr2 / (c->rrev * c->rrev) : 0;
        v[ACC_TS_REGULATED_TTM] = f->reg_entries > 0 ? f->reg_ttm_sum / f->reg_entries : NAN;
        v[ACC_TS_SETUP_SPEND] = f->setup;
        v[ACC_TS_REQUIREMENT_SETS] = rsd[r] > 0 ? rsn[r] / rsd[r] : NAN;
    }
    if (!emit)
        return ACC_OK;
    w->cum.revenue += cs[J].rev;
    w->cum.value += w->cfg.value_per_revenue * cs[J].rev;
    w->cum.harm += tot.harm;
    w->cum.exposure += tot.exposure;
    w->cum.cert += tot.cert;
    w->cum.setup += tot.setup;
    w->cum.compliance += tot.compliance;
    w->cum.fine += tot.fine;
    w->cum.entry += tot.entry;
    w->cum.funding += tot.funding;
    w->cum.incidents += tot.incidents;
    w->cum.lag_sum += tot.lag_sum;
    w->cum.entries += tot.entries;
    w->cum.ttm_sum += tot.ttm_sum;
    w->cum.ttm_n += tot.entries;
    w->cum.exits += tot.exits;
    w->cum.bankruptcies += tot.bankruptcies;
    acc__summary_step(w, &sd);
    if (check_finite(w))
        return w->status;
    if (w->sink.ts_row)
        for (int r = 0; r <= J && !w->status; r++) {
            int rc = w->sink.ts_row(w->sink.ud, &w->rows[r]);
            if (rc) {
                if (!w->err[0])
                    snprintf(w->err, sizeof w->err, "the time-series sink failed (%s) at step %d",
                             acc_status_name(rc), w->cur);
                w->status = rc;
            }
        }
    return w->status;
}

/* ---- the step ---------------------------------------------------------------------------- */

static int hook_failed(acc_world *w, int rc, const char *which)
{
    if (!w->err[0])
        snprintf(w->err, sizeof w->err, "the %s hook failed (%s) at step %d", which, acc_status_name(rc),
                 w->cur);
    w->status = rc;
    return rc;
}

int acc_world_step(acc_world *w)
{
    if (!w)
        return ACC_EINVAL;
    if (w->status)
        return w->status;
    if (w->done >= w->nsteps) {
        snprintf(w->err, sizeof w->err, "the run is over (%d steps)", w->nsteps);
        return ACC_EINVAL;
    }
    if (w->in_step) { /* called by a hook of this step: a step cannot run inside another */
        acc__fail(w, ACC_EINVAL, "acc_world_step called during step %d (from a hook): a step cannot "
                  "run inside another; the world stops", w->cur);
        return w->status;
    }
    w->in_step = 1;
    w->cur = w->done + 1;
    w->err[0] = 0;
    for (uint32_t s = ACC_STREAM_POPULATION; s <= ACC_STREAM_LEARNING; s++)
        w->prefix[s] = acc_key_prefix(w->seed, w->run, s, w->cur);
    w->prefix[ACC_STREAM_ASSESSMENT] = acc_key_prefix(w->seed, w->run, ACC_STREAM_ASSESSMENT, w->cur);
    w->prefix[ACC_STREAM_ENFORCEMENT] = acc_key_prefix(w->seed, w->run, ACC_STREAM_ENFORCEMENT, w->cur);
    memset(w->fl, 0, sizeof w->fl);
    if (w->open_mask && (w->cur & 0x3fff) == 0) /* the open segments' cooldown marks stay exact */
        acc__open_sweep(w);
    if ((w->cur & 0xfff) == 0) /* the 16-bit step timers stay within reach (world_int.h, tget) */
        acc__timer_sweep(w);
    if (w->paid)
        memset(w->paid, 0, sizeof(double) * (size_t)w->n);
    memset(w->inv, 0, sizeof(double) * (size_t)w->n);

    w->phase = PH_BEGIN;
    if (w->hooks.step_begin) {
        int rc = w->hooks.step_begin(w->hooks.ud, w);
        if (rc)
            return hook_failed(w, rc, "step_begin");
    }
    if (w->status || acc__regulators(w) || acc__developers_phase(w))
        return w->status;
    w->phase = PH_CLEARING;
    acc__clear_markets(w, 0);
    if (acc__funding(w))
        return w->status;
    if (acc__risks(w))
        return w->status;
    w->phase = PH_END;
    bankruptcies(w);
    if (w->status || found_startups(w))
        return w->status;
    end_of_step(w);
    if (acc__metrics(w, 1))
        return w->status;
    w->phase = PH_AFTER;
    if (w->hooks.step_end) {
        int rc = w->hooks.step_end(w->hooks.ud, w);
        if (rc)
            return hook_failed(w, rc, "step_end");
        if (w->status) /* the hook returned 0 after failing the world (a step inside this one) */
            return w->status;
    }
    w->done = w->cur;
    w->in_step = 0;
    w->phase = PH_IDLE;
    return ACC_OK;
}
