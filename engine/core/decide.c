/* accord — the developers' phase: the snapshot of markets and standards, the
 * default decision rule (invest, enter, certify voluntarily, upgrade, exit),
 * the primitives a custom rule uses (apply, exit), startups catching up with
 * their upstream's capability, and optional social learning.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/world_int.h"

#include <stdio.h>
#include <string.h>

/* ---- state changes shared with the regulators -------------------------------------- */

void acc__set_state(acc_world *w, int64_t i, int j, int st)
{
    w->npending[j] += (st == MS_PENDING) - (mst_of(w, i, j) == MS_PENDING);
    const uint32_t bit = 1u << j;
    w->present[i] = st == MS_DEPLOYED ? w->present[i] | bit : w->present[i] & ~bit;
    w->busy[i] = st != MS_ABSENT ? w->busy[i] | bit : w->busy[i] & ~bit;
}

void acc__pay(acc_world *w, int64_t i, double amount)
{
    w->K[i] -= amount;
    if (w->paid) /* kept with the profits only (acc__track_paid) */
        w->paid[i] += amount;
}

/* Deployment in j (an entry): entry_paid is the entry cost paid now (0 when it
 * was paid with the application), ttm the steps from decision to deployment. */
void acc__deploy(acc_world *w, int64_t i, int j, double entry_paid, int ttm)
{
    size_t m = MI(w, j, i);
    /* an entry (MODEL.md: counted on the first segment of j) unless i is
     * already deployed in j's open segment */
    const int first = !((w->opres[i] >> j) & 1u);
    acc__set_state(w, i, j, MS_DEPLOYED);
    w->loss[m] = 0;
    tset(w->susp, m, T_PAST(w));
    if (first) {
        w->fl[j].entries += 1;
        w->fl[j].ttm_sum += ttm;
    }
    if (w->cfg.jur[j].binding) { /* time to market to a binding regulated segment */
        w->fl[j].reg_entries += 1;
        w->fl[j].reg_ttm_sum += ttm;
    }
    acc__emit(w, ACC_EV_ENTRY, i, j, cpath_of(w, m), entry_paid, ttm, 0, first ? NULL : "regulated");
}

/* ---- the open segment (MODEL.md, Segments) -------------------------------------------- */

void acc__open_deploy(acc_world *w, int64_t i, int j, double entry_paid, int ttm, const char *detail)
{
    const size_t m = MI(w, j, i);
    const int first = !dev_deployed(w, i, j);
    w->opres[i] |= 1u << j;
    w->oseg[m] = 0; /* its run of loss steps */
    if (first) {
        w->fl[j].entries += 1;
        w->fl[j].ttm_sum += ttm;
    }
    acc__emit(w, ACC_EV_ENTRY, i, j, 0, entry_paid, ttm, 0, detail);
}

void acc__open_leave(acc_world *w, int64_t i, int j)
{
    w->opres[i] &= ~(1u << j);
    w->oseg[MI(w, j, i)] = (uint16_t)(OSEG_LEFT | ((unsigned)acc__now(w) & OSEG_STEP)); /* re-entry barred from now */
}

void acc__open_sweep(acc_world *w)
{
    const int t = w->cur;
    for (int64_t i = 0; i < w->n; i++)
        for (int j = 0; j < w->J; j++) {
            const size_t m = MI(w, j, i);
            if ((w->oseg[m] & OSEG_LEFT) && !open_cooling(w, m, t))
                w->oseg[m] = 0;
        }
}

void acc__timer_sweep(acc_world *w)
{
    const int past = T_PAST(w);
    uint16_t *const arrs[3] = {w->adue, w->cool, w->susp};
    const size_t nm = (size_t)w->n * (size_t)w->J;
    for (int k = 0; k < 3; k++) {
        uint16_t *restrict a = arrs[k];
        for (size_t m = 0; m < nm; m++)
            if (tget(w, a, m) < past)
                tset(a, m, past);
    }
    /* the awareness steps of the vulnerability pool (read as step + lag == now,
     * lag <= ACC_MAX_MONTHS: a value moved up stays as far from now) */
    const size_t nv = (size_t)w->vhigh * (size_t)w->J;
    for (size_t m = 0; m < nv; m++)
        if (tget(w, w->vaware_step, m) < past)
            tset(w->vaware_step, m, past);
}

int acc__open_avail(const acc_world *w, int64_t i, int j, int t)
{
    return open_avail(w, i, j, t);
}

/* Leave j for good (exit, withdrawal): certificate and application dropped. */
void acc__leave(acc_world *w, int64_t i, int j, int cooldown_steps)
{
    size_t m = MI(w, j, i);
    acc__set_state(w, i, j, MS_ABSENT);
    set_cert(w, i, j, 0, REF_NONE);
    w->app[m] = 0;
    w->loss[m] = 0;
    tset(w->susp, m, T_PAST(w));
    tset(w->cool, m, acc__now(w) + cooldown_steps);
}

void acc__certify(acc_world *w, int64_t i, int j, int path, int ref)
{
    set_cert(w, i, j, path, ref);
}

static void set_application(acc_world *w, int64_t i, int j, int path, int ref, int delay)
{
    size_t m = MI(w, j, i);
    w->app[m] = cert_code(path, ref); /* the same code as a certificate's */
    const int now = acc__now(w);
    tset(w->cool, m, now); /* the application's step (app_step); cool is past: every caller checked */
    tset(w->adue, m, now + (delay > 1 ? delay : 1));
    w->cum.applications += 1;
    w->fl[j].applications += 1;
}

/* A certificate held in k that other jurisdictions may recognise (issued on
 * k's own path, by incumbency, or a bloc certificate). */
static int recognisable(int path)
{
    return path == ACC_PATH_OWN || path == ACC_PATH_INCUMBENCY || path == ACC_PATH_BLOC;
}

/* ---- the snapshot ------------------------------------------------------------------ */

void acc__snapshot(acc_world *w)
{
    const int t = w->cur;
    double *restrict a = w->a_snap;
    const uint32_t *restrict vaware = w->vaware;
    const int64_t n = w->n;
    /* order.catch_up_first: the upstreams' capability at the snapshot, for the
     * startups' catch-up in their invest step (opflow is free from the last
     * clearing's booking to the next clearing; learning uses it after us) */
    w->catch_up_snap = w->cfg.order_catch_up_first;
    if (w->catch_up_snap)
        memcpy(w->opflow, w->c, sizeof(double) * (size_t)n);
    /* Sums of A over the developers deployed and not suspended, developer by
     * developer over their markets (each sum in index order); certified ones
     * count times mult (the label premium where the market is not binding). */
    double *restrict mult = w->mult_snap, sa[ACC_MAX_JUR];
    for (int j = 0; j < w->J; j++) {
        const acc_jur_cfg *jc = &w->cfg.jur[j];
        mult[j] = jc->binding ? 1.0 : 1.0 + jc->label_premium;
        sa[j] = 0;
    }
    const int J = w->J;
    const uint8_t *restrict cp = w->cert; /* non-zero: certified */
    const uint16_t *restrict susp = w->susp;
    uint32_t *restrict earn = w->snap_earn, *restrict prem = w->snap_prem, *restrict oearn = w->snap_oearn;
    /* The open segments: deployed there and not aware-suspended (an audit
     * suspension is the regulated segment's); certified ones times mult. */
    double so[ACC_MAX_JUR];
    for (int j = 0; j < J; j++)
        so[j] = 0;
    const int open = w->open_mask != 0; /* (so and oearn all 0 without open segments) */
    const int nosusp = w->susp_end <= t; /* no timer to read (susp_end) */
    /* one pass: every developer's A, then its terms of the sums (each sum in index order) */
    double amax = 0;
    for (int64_t i = 0; i < n; i++) {
        a[i] = w->alive[i] ? acc__appeal(w, i) : 0;
        amax = a[i] > amax ? a[i] : amax;
        /* written for every developer: the funding uses this array as scratch */
        oearn[i] = open ? w->opres[i] & ~vaware[i] : 0;
        if (open) {
            const uint32_t om = oearn[i];
            for (uint32_t pm = om; pm; pm &= pm - 1) {
                const int j = __builtin_ctz(pm);
                so[j] += cp[(size_t)i * (size_t)J + (size_t)j] ? a[i] * mult[j] : a[i];
            }
        }
        uint32_t pm = w->present[i] & ~vaware[i], e = 0, p = 0;
        for (; pm; pm &= pm - 1) {
            const int j = __builtin_ctz(pm);
            const size_t m = (size_t)i * (size_t)J + (size_t)j;
            if (nosusp || tdec(t, susp[m]) <= t) {
                sa[j] += cp[m] ? a[i] * mult[j] : a[i];
                e |= 1u << j;
                p |= cp[m] ? 1u << j : 0;
            }
        }
        earn[i] = e;
        prem[i] = p;
    }
    w->amax_snap = amax;
    for (int j = 0; j < w->J; j++) {
        const acc_jur_cfg *jc = &w->cfg.jur[j];
        w->sa_snap[j] = sa[j];
        w->inv_base_snap[j] = jc->outside + sa[j] > 0 ? 1.0 / (jc->outside + sa[j]) : INFINITY;
        w->sigma_snap[j] = jc->stringency;
        w->noise_snap[j] = jc->assessment_noise;
        w->m_snap[j] = jc->market * jc->regulated_share; /* the regulated segment's spending */
        w->mo_snap[j] = jc->market * (1 - jc->regulated_share);
        w->sao_snap[j] = so[j];
        w->min_fee_snap[j] = jc->cert_cost;
    }
    for (int r = 0; r < w->cfg.n_recog; r++) { /* the cheapest path's fee, for the bounds */
        int to = w->cfg.recog[r].to;
        double fee = acc__recog_fee(w, r);
        if (fee < w->min_fee_snap[to])
            w->min_fee_snap[to] = fee;
    }
    for (int b = 0; b < w->cfg.n_blocs; b++) {
        w->sigmab_snap[b] = acc__bloc_standard(w, b);
        w->noiseb_snap[b] = acc__bloc_noise(w, b);
    }
    double smax = -INFINITY; /* every standard a certificate can refer to */
    for (int j = 0; j < w->J; j++)
        smax = w->sigma_snap[j] > smax ? w->sigma_snap[j] : smax;
    for (int b = 0; b < w->cfg.n_blocs; b++)
        smax = w->sigmab_snap[b] > smax ? w->sigmab_snap[b] : smax;
    w->std_max_snap = smax;
    w->snap_valid = 1;
}

/* ---- applications ------------------------------------------------------------------- */

/* A bloc application covering the markets in mask (all members of bloc b):
 * one fee, split equally for the books; binding members wait for the
 * decision, non-binding ones are entered at once (uncertified until it). */
static void take_bloc(acc_world *w, int64_t i, int b, uint32_t mask, double fee, int delay, uint32_t omask)
{
    int cnt = __builtin_popcount(mask);
    const double fshare = cnt > 0 ? fee / cnt : 0;
    /* requirement sets: the bloc's set-up split like the fee (per market: each member's own) */
    const int per_market = w->cfg.compliance_per_market;
    const double su_bloc = per_market || cnt == 0 ? 0 : acc__rs_setup_due(w, i, RS_BLOC + b) / cnt;
    for (int j = 0; j < w->J; j++) {
        if (!((mask >> j) & 1u))
            continue;
        const acc_jur_cfg *jc = &w->cfg.jur[j];
        size_t m = MI(w, j, i);
        int absent = !dev_busy(w, i, j);
        double e0 = absent_from(w, i, j) ? jc->entry_cost : 0;
        const int open = (omask >> j) & 1u;
        if (open && jc->binding) { /* the open segment at once, paying E0 there */
            acc__pay(w, i, e0);
            w->fl[j].entry += e0;
            acc__open_deploy(w, i, j, e0, 0, "open");
            e0 = 0;
        }
        const double su = per_market ? acc__rs_setup_due(w, i, j) : su_bloc;
        if (per_market)
            acc__rs_mark_paid(w, i, j);
        const double share = fshare + su; /* this member's part of the fee, and its set-up */
        acc__pay(w, i, e0 + share);
        w->fl[j].entry += e0;
        w->fl[j].cert += share;
        w->fl[j].setup += su;
        if (absent && !jc->binding) {
            acc__deploy(w, i, j, e0, 0);
            if (open)
                acc__open_deploy(w, i, j, 0, 0, "open");
            set_application(w, i, j, ACC_PATH_BLOC, REF_BLOC + b, delay);
            acc__emit(w, ACC_EV_APPLICATION, i, j, ACC_PATH_BLOC, share, tget(w, w->adue, m) - app_step(w, m), 0, "bloc");
        } else {
            if (absent)
                acc__set_state(w, i, j, MS_PENDING);
            set_application(w, i, j, ACC_PATH_BLOC, REF_BLOC + b, delay);
            acc__emit(w, ACC_EV_APPLICATION, i, j, ACC_PATH_BLOC, e0 + share, tget(w, w->adue, m) - app_step(w, m), 0,
                      absent ? "entry" : jc->binding ? "transition" : "bloc");
        }
    }
    if (!per_market)
        acc__rs_mark_paid(w, i, RS_BLOC + b);
}

/* A single-market application (own, assessment, equivalence): from absent it
 * includes the entry cost (and, in a non-binding market, deploys at once). */
static void take_single(acc_world *w, int64_t i, int j, int path, int ref, double fee, int delay,
                        const char *detail, int open)
{
    const acc_jur_cfg *jc = &w->cfg.jur[j];
    size_t m = MI(w, j, i);
    int absent = !dev_busy(w, i, j);
    double e0 = absent_from(w, i, j) ? jc->entry_cost : 0;
    if (open && jc->binding) { /* deploy in the open segment at once (paying E0 there), apply for the regulated one */
        acc__pay(w, i, e0);
        w->fl[j].entry += e0;
        acc__open_deploy(w, i, j, e0, 0, "open");
        e0 = 0;
    }
    /* requirement sets: the set-up of the path's set, with the fee, if new */
    const int set = acc__rs_of_application(w, i, j, path, ref);
    const double su = acc__rs_setup_due(w, i, set);
    acc__rs_mark_paid(w, i, set);
    w->fl[j].setup += su;
    fee += su;
    acc__pay(w, i, e0 + fee);
    w->fl[j].entry += e0;
    w->fl[j].cert += fee;
    if (absent && !jc->binding) {
        acc__deploy(w, i, j, e0, 0);
        if (acc__open_avail(w, i, j, w->cur)) /* a non-binding market: both segments at once */
            acc__open_deploy(w, i, j, 0, 0, "open");
        set_application(w, i, j, path, ref, delay);
        acc__emit(w, ACC_EV_APPLICATION, i, j, path, fee, tget(w, w->adue, m) - app_step(w, m), 0, "voluntary");
        return;
    }
    if (absent)
        acc__set_state(w, i, j, MS_PENDING);
    set_application(w, i, j, path, ref, delay);
    acc__emit(w, ACC_EV_APPLICATION, i, j, path, e0 + fee, tget(w, w->adue, m) - app_step(w, m), 0,
              absent ? "entry" : detail);
}

/* Entry on a bloc certificate already held: deploy and certify now. */
static void take_held_bloc(acc_world *w, int64_t i, int j, int b, int open)
{
    double e0 = absent_from(w, i, j) ? w->cfg.jur[j].entry_cost : 0;
    /* requirement sets: the bloc's set was paid with the bloc certificate (per market: j's) */
    const int set = acc__rs_of(w, j, ACC_PATH_BLOC, REF_BLOC + b);
    const double su = acc__rs_setup_due(w, i, set);
    if (su > 0) {
        acc__pay(w, i, su);
        w->fl[j].cert += su;
        w->fl[j].setup += su;
    }
    acc__rs_mark_paid(w, i, set);
    acc__pay(w, i, e0);
    w->fl[j].entry += e0;
    acc__certify(w, i, j, ACC_PATH_BLOC, REF_BLOC + b);
    if (!dev_deployed(w, i, j))
        acc__deploy(w, i, j, e0, 0);
    if (open) /* both segments at once */
        acc__open_deploy(w, i, j, 0, 0, "open");
    w->cum.certifications += 1;
    acc__emit(w, ACC_EV_CERTIFICATION, i, j, ACC_PATH_BLOC, 0, 0, 0, "held");
}

/* ---- the default rule ----------------------------------------------------------------- */

/* V = H P N - C, P the chance to pass the review (1 without one). */
static double opt_value(const acc_world *w, int64_t i, const option *o)
{
    return w->H[i] * o->p * o->n + w->H[i] * o->no - o->cost;
}

/* An option passes if P >= assessment.apply_min, V > 0 and K >= C. With no
 * assessment noise P is 1 or 0 (s >= its standard or not): v1.2's test. */
static int opt_pass(const acc_world *w, int64_t i, const option *o)
{
    return o->p >= w->cfg.assessment_apply_min && w->H[i] * o->p * o->n + w->H[i] * o->no > o->cost &&
           w->K[i] >= o->cost;
}

/* Would pass with P = 1 and the audit pass chance 1, but does not at its
 * own (used for the upgrade decision): blocked by safety alone. */
static int opt_blocked_by_safety(const acc_world *w, int64_t i, const option *o)
{
    /* with an open segment: the regulated part must pay its own fee too, else
     * upgrading would not get it taken for the regulated segment's sake */
    return w->H[i] * o->n1 + w->H[i] * o->no > o->cost && w->H[i] * o->n1 > o->fee && w->K[i] >= o->cost &&
           !opt_pass(w, i, o);
}

/* Adds a single-market option if it passes now: its chance p to pass the
 * review set, its net reduced by the audit cost `au` (n1 keeps the net
 * without it).
 * Its net, cost and standard stay fixed during the decision and capital
 * only falls, so one that fails now never passes later; one that fails on
 * safety alone, in a binding market, makes the developer upgrade. *vbest
 * (when not NULL) keeps the best value of the compliant options for the
 * market, passing or not (the non-compliant option must beat it). */
/* o covering also the open segments in omask, worth no a year. */
static option seg(option o, uint32_t omask, double no)
{
    o.omask = omask;
    o.no = omask ? no : 0;
    return o;
}

static void add_single(const acc_world *w, int64_t i, option *opt, int *nopt, option o, int binding,
                       int *upgrade, double p, double au, double *vbest)
{
    o.p = p;
    o.n1 = o.n;
    if (au > 0)
        o.n -= au;
    if (vbest) {
        const double v = opt_value(w, i, &o);
        *vbest = v > *vbest ? v : *vbest;
    }
    if (binding && opt_blocked_by_safety(w, i, &o))
        *upgrade = 1;
    if (opt_pass(w, i, &o)) {
        if (*nopt < w->opt_cap)
            opt[(*nopt)++] = o;
        else
            *nopt = w->opt_cap + 1; /* past acc__opt_reserve's bound: enter fails the world */
    }
}

/* 1. Invest: I = rho max(K, 0) / spy of capital into R&D, split by the
 * safety share into capability and safety. */
static void invest(acc_world *w, int64_t i)
{
    const acc_config *cfg = &w->cfg;
    double I = w->rho[i] * (w->K[i] > 0 ? w->K[i] : 0) / w->spy;
    if (I > 0) {
        w->K[i] -= I;
        w->inv[i] += I;
        w->cum.investment += I;
        double th = w->theta[i], s = w->s[i];
        double dc = cfg->rd_capability_gain * powspec_eval(&w->pw_rd, (1 - th) * I);
        double ds = cfg->rd_safety_gain * powspec_eval(&w->pw_rd, th * I) * (1 - s) - cfg->rd_erosion * dc * s;
        s += ds;
        w->s[i] = s < 0 ? 0 : s > 1 ? 1 : s;
        w->c[i] += dc;
    }
}

/* What the parts of one developer's entry decision (step 2) share. */
typedef struct entry {
    double a_now;                /* its demand weight after this step's investment */
    double lic_e;                /* licence share x eps (a startup on an incumbent's model), else 0 */
    double ncert[ACC_MAX_JUR];   /* net value per year certified in j (0: not computed) */
    double e0[ACC_MAX_JUR];      /* entry cost of j (0 in a market it is deployed in) */
    double ub_cert[ACC_MAX_JUR]; /* absent markets: an upper bound of ncert */
    double aub[ACC_MAX_JUR];     /* bloc members: audit cost per year under the bloc certificate */
    double vbest[ACC_MAX_JUR];   /* nc markets: best value of a compliant option built for it */
    double no[ACC_MAX_JUR];      /* oav markets: net profit per year in the open segment (absent_options) */
    uint32_t binding, absent, need, trans; /* markets: binding; absent from the regulated segment
                                            * and not cooling down; worth exact values; in transition */
    uint32_t oav;                /* markets whose open segment i may enter (acc__open_avail) */
    uint32_t nc;                 /* binding markets where serving uncertified may pay (not law-abiding) */
    uint32_t sbx;                /* binding markets where i is exempt (the startup sandbox) */
    int nopt, upgrade;           /* options listed in w->opt; one failed on safety alone */
    int have_y;                  /* y below is computed (on first use) */
    double y;                    /* the revenue Y of the fine rule */
} entry;

/* The fine i would pay in j now (the fine rule; Y computed once per decision). */
static double fine_for(const acc_world *w, int64_t i, int j, entry *e)
{
    if (!e->have_y) {
        e->y = acc__fine_revenue(w, i);
        e->have_y = 1;
    }
    return acc__fine_of(w, i, j, e->y);
}

/* The expected fines per year a_j (1 - P_a) Phi of holding a certificate of
 * standard `std` in binding j: a_j the yearly audit chance, P_a the chance to
 * pass an audit (j's noise; pa when the caller has it, else < 0), Phi the
 * fine i would pay now. 0 where j is not binding (a failed audit there only
 * withdraws the voluntary certificate). */
static double audit_cost(const acc_world *w, int64_t i, int j, double std, double pa, entry *e)
{
    const acc_jur_cfg *jc = &w->cfg.jur[j];
    if (!jc->binding || !(jc->audit_rate > 0) || !(jc->fine_share > 0 || jc->fine_min > 0))
        return 0;
    if (pa < 0)
        pa = acc__pass_prob(w->s[i], std, w->noise_snap[j]);
    if (pa >= 1)
        return 0;
    const double fine = fine_for(w, i, j, e);
    return fine > 0 ? jc->audit_rate * (1 - pa) * fine : 0;
}

/* (a) Bounds without a division: E < (M/eps) a / (omega + sum A). A market
 * whose bound cannot cover the cheapest path's cost gives no option that
 * could pass now or later (costs are fixed, capital only falls), nor one that
 * fails on safety alone (that also needs H N > C): it is skipped. */
static void entry_bounds(const acc_world *w, int64_t i, entry *e)
{
    const acc_config *cfg = &w->cfg;
    const int t = w->cur;
    const double eps = w->eps, H = w->H[i];
    for (int j = 0; j < w->J; j++) {
        const acc_jur_cfg *jc = &cfg->jur[j];
        size_t m = MI(w, j, i);
        /* E0 is paid on the first segment of j entered */
        e->e0[j] = absent_from(w, i, j) ? jc->entry_cost : 0;
        e->ncert[j] = 0;
        if (jc->binding)
            e->binding |= 1u << j;
        /* the open segment: an upper bound of its net a year */
        double ubo = 0;
        e->no[j] = 0;
        if (((w->open_mask >> j) & 1u) && open_avail(w, i, j, t)) {
            e->oav |= 1u << j;
            /* its exact net uncertified; a bound with the label (bloc members) */
            e->no[j] = acc__entry_eo(w, j, e->a_now, w->sao_snap[j]) * (1 - e->lic_e);
            ubo = w->mo_snap[j] * w->inv_eps * e->a_now / (jc->outside + w->sao_snap[j]) *
                  (jc->binding ? 1 : 1 + jc->label_premium) * (1 - e->lic_e);
            if (H * ubo >= e->e0[j] * (1 - 1e-9)) /* the open segment alone (or with the rest) */
                e->need |= 1u << j;
        }
        if (!w->jd[j].has_reg || dev_busy(w, i, j) || t < tget(w, w->cool, m))
            continue;
        e->absent |= 1u << j;
        /* an exempt startup (sandbox): binding j's regulated segment as a non-binding one's */
        const int ex = acc__sbx_exempt(w, i, j, t);
        e->sbx |= ex ? 1u << j : 0;
        double ub = w->m_snap[j] * w->inv_eps * e->a_now * w->inv_base_snap[j];
        /* certified: with the label premium where j is not binding (bloc members) */
        e->ub_cert[j] = ub * (jc->binding ? 1 : 1 + jc->label_premium) * (1 - eps * jc->compliance_share - e->lic_e) -
                        (cfg->compliance_per_market ? jc->compliance_cost : 0); /* f' >= 0 per requirement set */
        if (ubo > 0)
            e->ub_cert[j] += ubo;
        int b = w->jd[j].bloc;
        int held = b >= 0 && ((w->blocs[i] >> b) & 1u);
        double nmax = jc->binding && !ex ? e->ub_cert[j] : ub * (1 - e->lic_e);
        if (ubo > 0 && (!jc->binding || ex))
            nmax += ubo;
        double cmin = e->e0[j] + (jc->binding && !held && !ex ? w->min_fee_snap[j] : 0);
        if (H * nmax >= cmin * (1 - 1e-9))
            e->need |= 1u << j;
        /* serving uncertified earns at most E (1 - licence) a year (exempt: legally, below) */
        if (jc->binding && !ex && !w->law[i] && H * ub * (1 - e->lic_e) + H * ubo >= e->e0[j] * (1 - 1e-9)) {
            e->nc |= 1u << j;
            e->vbest[j] = -INFINITY;
        }
    }
    for (int b = 0; b < cfg->n_blocs; b++) {
        if ((w->blocs[i] >> b) & 1u)
            continue;
        const acc_bloc_cfg *bc = &cfg->bloc[b];
        uint32_t mask = 0;
        double gain = 0; /* best case over any subset of the members */
        for (int q = 0; q < bc->n_members; q++) {
            int j = bc->members[q];
            if ((e->absent >> j) & 1u) {
                mask |= 1u << j;
                gain += fmax(0, H * e->ub_cert[j] - e->e0[j]);
            }
        }
        int has_trans = 0;
        for (int q = 0; q < bc->n_members; q++) {
            int j = bc->members[q];
            size_t m = MI(w, j, i);
            if (cfg->jur[j].binding && dev_deployed(w, i, j) && !w->cert[m] && !w->app[m])
                has_trans = 1;
        }
        if (mask && (has_trans || gain >= acc__bloc_fee(w, b) * (1 - 1e-9)))
            e->need |= mask;
    }
}

/* The standard (at the snapshot) of the certificate i holds in k: the bloc's
 * for a bloc certificate, else k's. */
static double held_standard(const acc_world *w, int64_t i, int k)
{
    const size_t m = MI(w, k, i);
    return cpath_of(w, m) == ACC_PATH_BLOC ? w->sigmab_snap[cref_of(w, m) - REF_BLOC] : w->sigma_snap[k];
}

/* The market's slot for the best compliant value, where a non-compliant
 * option is weighed against it. */
static double *vbest_slot(entry *e, int j)
{
    return ((e->nc >> j) & 1u) ? &e->vbest[j] : NULL;
}

/* The recognition paths into binding j of developer i (net n per year):
 * assessment or equivalence for each certificate it holds that j
 * recognises; `kind` OPT_CERT (from absent, paying e0) or OPT_TRANSITION.
 * p_j, au_j: the chance to pass j's review and the audit cost under j's own
 * standard (assessment); equivalence needs no review, and its certificate
 * is audited against the recognised one's standard. */
static void recognition_options(const acc_world *w, int64_t i, int j, entry *e, int kind, double nbase, double e0,
                                double p_j, double au_j)
{
    for (int k = 0; k < w->J; k++) {
        int r = w->recog_idx[j][k];
        if (r < 0 || !recognisable(cpath_of(w, MI(w, k, i))))
            continue;
        int eq = w->cfg.recog[r].mode == ACC_RECOG_EQUIVALENCE;
        double fee = acc__recog_fee(w, r);
        /* requirement sets: f' and the set-up of the path's set (equivalence: k's certificate's) */
        const int path = eq ? ACC_PATH_EQUIVALENCE : ACC_PATH_ASSESSMENT;
        const int set = acc__rs_of_application(w, i, j, path, k);
        const double n = nbase - acc__rs_fprime(w, i, j, set), su = acc__rs_setup_due(w, i, set);
        const uint32_t om = kind == OPT_CERT ? e->oav & (1u << j) : 0;
        add_single(w, i, w->opt, &e->nopt,
                   seg((option){.mask = 1u << j, .kind = kind, .path = path, .ref = k, .bloc = -1, .fee = fee,
                                .delay = acc__recog_review_steps(w, r), .std = eq ? -1 : w->sigma_snap[j],
                                .n = n, .cost = e0 + fee + su, .alive = 1, .p = 1.0, .n1 = 0, .omask = 0,
                                .no = 0},
                       om, e->no[j]),
                   1, &e->upgrade, eq ? 1.0 : p_j, eq ? audit_cost(w, i, j, held_standard(w, i, k), -1, e) : au_j,
                   vbest_slot(e, j));
    }
}

/* (b) Options in an absent market j worth exact values: enter a
 * non-binding j; a binding one on its own path, a recognition path or a
 * held bloc certificate. */
static void absent_options(const acc_world *w, int64_t i, int j, entry *e)
{
    const acc_jur_cfg *jc = &w->cfg.jur[j];
    const double eps = w->eps;
    const uint32_t bit = 1u << j, ra = e->absent & bit, om = e->oav & bit;
    double E = ra ? acc__entry_e(w, j, e->a_now, w->sa_snap[j]) : 0;
    if (!jc->binding) { /* both segments at once, as one market */
        add_single(w, i, w->opt, &e->nopt,
                   seg((option){.mask = ra, .kind = OPT_PLAIN, .path = ACC_PATH_NONE, .ref = REF_NONE,
                                .bloc = -1, .fee = 0, .delay = 0, .std = -1, .n = E * (1 - e->lic_e),
                                .cost = e->e0[j], .alive = 1, .p = 1.0, .n1 = 0, .omask = 0, .no = 0},
                       om, e->no[j]),
                   0, &e->upgrade, 1.0, 0, NULL);
        if (ra && w->jd[j].bloc >= 0) { /* certified net, for bloc options (the label acts in both segments) */
            double El = acc__entry_e(w, j, e->a_now * (1 + jc->label_premium), w->sa_snap[j]);
            e->ncert[j] = El * (1 - eps * jc->compliance_share - e->lic_e) - jc->compliance_cost;
            if (om) {
                const double Elo = acc__entry_eo(w, j, e->a_now * (1 + jc->label_premium), w->sao_snap[j]);
                e->ncert[j] += Elo * (1 - eps * jc->compliance_share - e->lic_e);
                e->no[j] = 0; /* counted in ncert: a bloc option takes j's open segment with it */
            }
        }
        return;
    }
    if (ra && ((e->sbx >> j) & 1u)) /* exempt (sandbox): uncertified in both segments, as if j were not binding */
        add_single(w, i, w->opt, &e->nopt,
                   seg((option){.mask = ra, .kind = OPT_SANDBOX, .path = ACC_PATH_NONE, .ref = REF_NONE,
                                .bloc = -1, .fee = 0, .delay = 0, .std = -1, .n = E * (1 - e->lic_e),
                                .cost = e->e0[j], .alive = 1, .p = 1.0, .n1 = 0, .omask = 0, .no = 0},
                       om, e->no[j]),
                   0, &e->upgrade, 1.0, 0, NULL);
    else if (om) /* binding j's open segment alone: V = H N^o - E0 */
        add_single(w, i, w->opt, &e->nopt,
                   seg((option){.mask = 0, .kind = OPT_OPEN, .path = ACC_PATH_NONE, .ref = REF_NONE, .bloc = -1,
                                .fee = 0, .delay = 0, .std = -1, .n = 0, .cost = e->e0[j], .alive = 1, .p = 1.0,
                                .n1 = 0, .omask = 0, .no = 0}, om,
                       e->no[j]),
                   0, &e->upgrade, 1.0, 0, vbest_slot(e, j));
    if (!ra)
        return;
    const double nbase = E * (1 - eps * jc->compliance_share - e->lic_e);
    e->ncert[j] = nbase - jc->compliance_cost;
    /* P of j's review, and P_a of its audits against sigma_j: the same chance;
     * the audit cost matters only where the option may pass or a
     * non-compliant option is weighed against it */
    const double p_j = acc__pass_prob(w->s[i], w->sigma_snap[j], w->noise_snap[j]);
    const double au_j = p_j >= w->cfg.assessment_apply_min || ((e->nc >> j) & 1u)
                            ? audit_cost(w, i, j, w->sigma_snap[j], p_j, e) : 0;
    /* requirement sets: f' replaces f_j, the set-up joins the fee if the set is new */
    const double su_j = acc__rs_setup_due(w, i, acc__rs_of(w, j, ACC_PATH_OWN, j));
    add_single(w, i, w->opt, &e->nopt,
               seg((option){.mask = 1u << j, .kind = OPT_CERT, .path = ACC_PATH_OWN, .ref = j, .bloc = -1,
                            .fee = jc->cert_cost, .delay = w->jd[j].review_steps, .std = w->sigma_snap[j],
                            .n = nbase - acc__rs_fprime(w, i, j, acc__rs_of(w, j, ACC_PATH_OWN, j)),
                            .cost = e->e0[j] + jc->cert_cost + su_j, .alive = 1, .p = 1.0, .n1 = 0, .omask = 0,
                            .no = 0},
                   om, e->no[j]),
               1, &e->upgrade, p_j, au_j, vbest_slot(e, j));
    if (w->nrecog_to[j])
        recognition_options(w, i, j, e, OPT_CERT, nbase, e->e0[j], p_j, au_j);
    int b = w->jd[j].bloc;
    if (b >= 0 && ((w->blocs[i] >> b) & 1u)) {
        const int set_b = acc__rs_of(w, j, ACC_PATH_BLOC, REF_BLOC + b);
        add_single(w, i, w->opt, &e->nopt,
                   seg((option){.mask = 1u << j, .kind = OPT_HELD_BLOC, .path = ACC_PATH_BLOC,
                                .ref = REF_BLOC + b, .bloc = b, .fee = 0, .delay = 0, .std = -1,
                                .n = nbase - acc__rs_fprime(w, i, j, set_b),
                                .cost = e->e0[j] + acc__rs_setup_due(w, i, set_b), .alive = 1, .p = 1.0, .n1 = 0,
                                .omask = 0, .no = 0},
                       om, e->no[j]),
                   1, &e->upgrade, 1.0, audit_cost(w, i, j, w->sigmab_snap[b], -1, e), vbest_slot(e, j));
    }
}

/* (b) A market j that turned binding while i is deployed there uncertified:
 * apply during the transition (at once on a held bloc certificate). */
static void transition_options(acc_world *w, int64_t i, int j, entry *e)
{
    const acc_jur_cfg *jc = &w->cfg.jur[j];
    int b = w->jd[j].bloc;
    if (b >= 0 && ((w->blocs[i] >> b) & 1u)) {
        take_held_bloc(w, i, j, b, 0);
        return;
    }
    /* i's own term leaves the snapshot's sum only if it was in it */
    double others = w->sa_snap[j] - (((w->snap_earn[i] >> j) & 1u) ? w->a_snap[i] : 0);
    double E = acc__entry_e(w, j, e->a_now, others > 0 ? others : 0);
    const double nbase = E * (1 - w->eps * jc->compliance_share - e->lic_e);
    double n = nbase - jc->compliance_cost;
    e->trans |= 1u << j; /* a bloc application may cover it too, without entry cost */
    e->ncert[j] = n;
    /* requirement sets: f' and the set-up of j's set */
    const int set_j = acc__rs_of(w, j, ACC_PATH_OWN, j);
    const double n_own = nbase - acc__rs_fprime(w, i, j, set_j), su_j = acc__rs_setup_due(w, i, set_j);
    e->e0[j] = 0;
    const double p_j = acc__pass_prob(w->s[i], w->sigma_snap[j], w->noise_snap[j]);
    const double au_j = p_j >= w->cfg.assessment_apply_min ? audit_cost(w, i, j, w->sigma_snap[j], p_j, e) : 0;
    add_single(w, i, w->opt, &e->nopt,
               (option){.mask = 1u << j, .kind = OPT_TRANSITION, .path = ACC_PATH_OWN, .ref = j, .bloc = -1,
                        .fee = jc->cert_cost, .delay = w->jd[j].review_steps, .std = w->sigma_snap[j],
                        .n = n_own, .cost = jc->cert_cost + su_j, .alive = 1, .p = 1.0, .n1 = 0, .omask = 0,
                        .no = 0},
               1, &e->upgrade, p_j, au_j, NULL);
    if (w->nrecog_to[j])
        recognition_options(w, i, j, e, OPT_TRANSITION, nbase, 0, p_j, au_j);
}

/* One bloc application per bloc whose certificate i lacks, covering its
 * absent and transition members, where all of them are worth it. */
static void bloc_options(const acc_world *w, int64_t i, entry *e)
{
    const acc_config *cfg = &w->cfg;
    for (int b = 0; b < cfg->n_blocs; b++) {
        if ((w->blocs[i] >> b) & 1u)
            continue;
        const acc_bloc_cfg *bc = &cfg->bloc[b];
        uint32_t mask = 0, omask = 0;
        double n = 0, cost = acc__bloc_fee(w, b), no = 0;
        for (int q = 0; q < bc->n_members; q++) {
            int j = bc->members[q];
            if (((e->absent | e->trans) >> j) & 1u) {
                mask |= 1u << j;
                n += e->ncert[j];
                cost += e->e0[j];
                if ((e->absent & e->oav & e->need) >> j & 1u) { /* its open segment at once */
                    omask |= 1u << j;
                    no += e->no[j];
                }
            }
        }
        if (mask && (mask & (e->need | e->trans)) == mask) {
            /* the net with each binding member's audit cost under the bloc's standard */
            const double pb = acc__pass_prob(w->s[i], w->sigmab_snap[b], w->noiseb_snap[b]);
            const int want = pb >= w->cfg.assessment_apply_min || (mask & e->nc);
            double na = 0;
            for (uint32_t q = mask; q; q &= q - 1) {
                const int j = __builtin_ctz(q);
                e->aub[j] = want ? audit_cost(w, i, j, w->sigmab_snap[b],
                                              w->noise_snap[j] == w->noiseb_snap[b] ? pb : -1, e)
                                 : 0;
            }
            for (int q = 0; q < bc->n_members; q++) {
                int j = bc->members[q];
                if ((mask >> j) & 1u)
                    na += e->ncert[j] - e->aub[j];
            }
            /* requirement sets: one set for the members (f' for the sum of f), its set-up */
            const double credit = acc__rs_bloc_credit(w, i, b, mask);
            cost += acc__rs_setup_bloc(w, i, b, mask);
            if (e->nopt >= w->opt_cap) {
                e->nopt = w->opt_cap + 1; /* past the bound: enter fails the world */
                continue;
            }
            option *o = &w->opt[e->nopt++];
            *o = seg((option){.mask = mask, .kind = OPT_BLOC, .path = ACC_PATH_BLOC, .ref = REF_BLOC + b,
                              .bloc = b, .fee = acc__bloc_fee(w, b), .delay = acc__bloc_review_steps(w, b),
                              .std = w->sigmab_snap[b], .n = na + credit, .cost = cost, .alive = 1, .p = pb,
                              .n1 = n + credit, .omask = 0, .no = 0},
                     omask, no);
            if ((mask & e->binding) && opt_blocked_by_safety(w, i, o))
                e->upgrade = 1;
            for (uint32_t q = mask & e->nc; q; q &= q - 1) {
                const int j = __builtin_ctz(q);
                const double v = opt_value(w, i, o);
                e->vbest[j] = v > e->vbest[j] ? v : e->vbest[j];
            }
        }
    }
}

/* The non-compliant option in binding j (MODEL.md, Enter): a developer that
 * is not law-abiding serves j uncertified. Per year it earns E (net of its
 * licence) and expects to lose e_j (Phi + bar E): the fine Phi it would pay
 * if caught and the profit of the years it is then barred (suspension_months
 * as steps, over spy). V = H (N_open + N) - E0, with N_open = 0 while a
 * market is one regulated segment. Listed iff V > 0, K >= E0 and V beats
 * every compliant option built for j this step (any path, passing or not,
 * and bloc options containing j). */
static void noncompliant_option(const acc_world *w, int64_t i, int j, entry *e)
{
    const acc_jur_cfg *jc = &w->cfg.jur[j];
    const double E = acc__entry_e(w, j, e->a_now, w->sa_snap[j]) * (1 - e->lic_e);
    const double ey = jc->enforcement, bar = w->jd[j].susp_steps / w->spy;
    const double nn = ey > 0 ? E - ey * (fine_for(w, i, j, e) + bar * E) : E;
    const uint32_t om = e->oav & (1u << j);
    const double n_open = om ? e->no[j] : 0; /* the open segment too, where i may enter it */
    option o = seg((option){.mask = 1u << j, .kind = OPT_NONCOMPLIANT, .path = ACC_PATH_NONE, .ref = REF_NONE,
                            .bloc = -1, .fee = 0, .delay = 0, .std = -1, .n = nn, .cost = e->e0[j], .alive = 1,
                            .p = 1.0, .n1 = nn, .omask = 0, .no = 0},
                   om, n_open);
    const double v = opt_value(w, i, &o);
    if (v > 0 && w->K[i] >= o.cost && v > e->vbest[j]) {
        if (e->nopt < w->opt_cap)
            w->opt[e->nopt++] = o;
        else
            e->nopt = w->opt_cap + 1; /* past the bound: enter fails the world */
    }
}

/* Serving j uncertified: pay E0 and deploy (an entry, detail "noncompliant"). */
static void take_noncompliant(acc_world *w, int64_t i, int j, double e0, int open)
{
    size_t m = MI(w, j, i);
    acc__pay(w, i, e0);
    w->fl[j].entry += e0;
    acc__set_state(w, i, j, MS_DEPLOYED);
    w->loss[m] = 0;
    tset(w->susp, m, T_PAST(w));
    if (w->sbx)
        w->sbx[i] &= ~(1u << j); /* not covered by the startup sandbox */
    w->fl[j].entries += !((w->opres[i] >> j) & 1u);
    w->fl[j].reg_entries += 1;
    acc__emit(w, ACC_EV_ENTRY, i, j, 0, e0, 0, 0, "noncompliant");
    if (open)
        acc__open_deploy(w, i, j, 0, 0, "open");
}

/* The startup sandbox: an exempt startup enters binding j's regulated
 * segment uncertified, legally (pays E0; an entry, detail "sandbox"); the
 * mark in sbx covers it until sandbox_months + transition_months after its
 * birth (sandbox_startup.c). */
static void take_sandbox(acc_world *w, int64_t i, int j, double e0, int open)
{
    size_t m = MI(w, j, i);
    acc__pay(w, i, e0);
    w->fl[j].entry += e0;
    acc__set_state(w, i, j, MS_DEPLOYED);
    w->loss[m] = 0;
    tset(w->susp, m, T_PAST(w));
    w->sbx[i] |= 1u << j; /* kept: j has a sandbox (acc__track_sbx) */
    w->fl[j].entries += !((w->opres[i] >> j) & 1u);
    w->fl[j].reg_entries += 1;
    acc__emit(w, ACC_EV_ENTRY, i, j, 0, e0, 0, 0, "sandbox");
    if (open)
        acc__open_deploy(w, i, j, 0, 0, "open");
}

/* The set-up an option's cost includes (requirement sets): the bloc's set
 * for a bloc application, the path's set for a certified single option,
 * none for an uncertified one. */
static double opt_setup(const acc_world *w, int64_t i, const option *o)
{
    if (o->kind == OPT_BLOC)
        return acc__rs_setup_bloc(w, i, o->bloc, o->mask);
    if (o->path == ACC_PATH_NONE || !o->mask)
        return 0;
    const int j = __builtin_ctz(o->mask);
    return acc__rs_setup_due(w, i, acc__rs_of_application(w, i, j, o->path, o->ref));
}

/* The best option still open (largest H*N - C that passes), or -1. Options
 * covering a market already taken are dropped, except a bloc option, which
 * keeps its uncovered members (its value recomputed). */
static int best_option(const acc_world *w, int64_t i, entry *e, uint32_t covered, uint32_t ocovered)
{
    int best = -1;
    double bestv = 0;
    for (int q = 0; q < e->nopt; q++) {
        option *o = &w->opt[q];
        if (!o->alive)
            continue;
        if (o->mask & covered) {
            if (o->kind != OPT_BLOC) {
                o->alive = 0;
                continue;
            }
            o->mask &= ~covered;
            o->omask &= o->mask & ~ocovered;
            if (!o->mask) {
                o->alive = 0;
                continue;
            }
            o->n = o->n1 = 0;
            o->cost = o->fee + acc__rs_setup_bloc(w, i, o->bloc, o->mask);
            for (int j = 0; j < w->J; j++)
                if ((o->mask >> j) & 1u) {
                    o->n += e->ncert[j] - e->aub[j];
                    o->n1 += e->ncert[j];
                    o->cost += e->e0[j];
                }
            const double credit = acc__rs_bloc_credit(w, i, o->bloc, o->mask); /* requirement sets */
            o->n += credit;
            o->n1 += credit;
            o->no = 0;
            for (uint32_t r = o->omask; r; r &= r - 1)
                o->no += e->no[__builtin_ctz(r)];
        } else if (o->omask & ocovered) {
            /* open segments taken by another option: the rest is re-valued
             * (no E0 where that option entered j; the set-up stays) */
            o->omask &= ~ocovered;
            if (!o->mask && !o->omask) {
                o->alive = 0;
                continue;
            }
            o->cost = o->fee + opt_setup(w, i, o);
            o->no = 0;
            for (uint32_t r = o->mask | o->omask; r; r &= r - 1)
                o->cost += e->e0[__builtin_ctz(r)];
            for (uint32_t r = o->omask; r; r &= r - 1)
                o->no += e->no[__builtin_ctz(r)];
        }
        if (!opt_pass(w, i, o))
            continue;
        double v = opt_value(w, i, o);
        if (best < 0 || v > bestv) {
            best = q;
            bestv = v;
        }
    }
    return best;
}

/* Take options in order of decreasing H*N - C; drop covered markets from
 * the rest and re-test. */
static void take_options(acc_world *w, int64_t i, entry *e)
{
    uint32_t covered = 0, ocovered = 0;
    for (int best; (best = best_option(w, i, e, covered, ocovered)) >= 0;) {
        option *o = &w->opt[best];
        o->alive = 0;
        covered |= o->mask;
        ocovered |= o->omask;
        int j = __builtin_ctz(o->mask | o->omask);
        const int open = (o->omask >> j) & 1u;
        switch (o->kind) {
        case OPT_PLAIN:
            acc__pay(w, i, o->cost);
            w->fl[j].entry += o->cost;
            if (o->mask)
                acc__deploy(w, i, j, o->cost, 0);
            if (open)
                acc__open_deploy(w, i, j, o->mask ? 0 : o->cost, 0, "open");
            break;
        case OPT_OPEN:
            acc__pay(w, i, o->cost);
            w->fl[j].entry += o->cost;
            acc__open_deploy(w, i, j, o->cost, 0, "open");
            break;
        case OPT_CERT:
        case OPT_TRANSITION:
            take_single(w, i, j, o->path, o->ref, o->fee, o->delay, "transition", open);
            break;
        case OPT_HELD_BLOC:
            take_held_bloc(w, i, j, o->bloc, open);
            break;
        case OPT_NONCOMPLIANT:
            take_noncompliant(w, i, j, o->cost, open);
            break;
        case OPT_SANDBOX:
            take_sandbox(w, i, j, o->cost, open);
            break;
        default:
            take_bloc(w, i, o->bloc, o->mask, o->fee, o->delay, o->omask);
            break;
        }
        /* E0 is paid: j is entered */
        for (uint32_t r = o->mask | o->omask; r; r &= r - 1)
            e->e0[__builtin_ctz(r)] = 0;
    }
}

/* 2. Enter: list the options (bounds first, exact values where they may
 * pass), then take them. Out of line: entry_idle spares most decisions
 * this, and inlined its registers and frame cost every one of them. */
static __attribute__((noinline)) void enter(acc_world *w, int64_t i, entry *e)
{
    const int t = w->cur;
    entry_bounds(w, i, e);
    /* markets worth exact values, and binding ones i is deployed in (a
     * transition); the state tests below are made afresh, in index order */
    for (uint32_t q = e->need | (e->binding & w->present[i]); q; q &= q - 1) {
        const int j = __builtin_ctz(q);
        size_t m = MI(w, j, i);
        if ((e->need >> j) & 1u)
            absent_options(w, i, j, e);
        if (w->cfg.jur[j].binding && dev_deployed(w, i, j) && !w->cert[m] && !w->app[m] &&
                 t >= tget(w, w->cool, m))
            transition_options(w, i, j, e);
    }
    bloc_options(w, i, e);
    for (uint32_t q = e->nc; q; q &= q - 1)
        noncompliant_option(w, i, __builtin_ctz(q), e);
    if (e->nopt > w->dbg_opt_max)
        w->dbg_opt_max = e->nopt;
    if (e->nopt > w->opt_cap) { /* more options than acc__opt_reserve's bound: none was written past it */
        acc__fail(w, ACC_ERUN,
                  "step %d: developer %lld listed more entry options than the %d kept for one developer "
                  "(an internal error; please report it with the scenario)",
                  w->cur, (long long)i, w->opt_cap);
        return;
    }
    take_options(w, i, e);
}

/* ---- v2: requirement sets and recognition of voluntary certificates -------------------- */

/* Does j recognise, for its voluntary certificate, a certificate of some
 * other jurisdiction (a recognition with voluntary = true)? */
static int voluntary_recognition_into(const acc_world *w, int j)
{
    if (!w->nrecog_to[j])
        return 0;
    for (int k = 0; k < w->J; k++) {
        const int r = w->recog_idx[j][k];
        if (r >= 0 && w->cfg.recog[r].voluntary)
            return 1;
    }
    return 0;
}

/* Step 3 where requirement sets or voluntary recognition matter (the v1.2
 * rule below is this with one path, f' = f_j and no set-up): i, deployed
 * uncertified in non-binding j, takes the path that maximises
 * V = H (P dE - f') - fee - set-up (set-up if the path's set is new to i)
 * among its own path, a held bloc certificate (free, immediate, needs
 * s >= sigma_B) and each recognition j <- k with voluntary = true of a
 * certificate i holds in k (the recognition's fee and delay; assessment: P
 * against sigma_j with j's noise; equivalence: P = 1), iff V > 0,
 * P >= assessment.apply_min, P > 0 and K >= fee + set-up. Ties: the first
 * in that order. */
static void certify_voluntarily_paths(acc_world *w, int64_t i, const entry *e, int j)
{
    const acc_jur_cfg *jc = &w->cfg.jur[j];
    const double eps = w->eps, H = w->H[i], s = w->s[i];
    double others = w->sa_snap[j] - (((w->snap_earn[i] >> j) & 1u) ? w->a_snap[i] : 0);
    others = others > 0 ? others : 0;
    const double E = acc__entry_e(w, j, e->a_now, others);
    const double El = acc__entry_e(w, j, e->a_now * (1 + jc->label_premium), others);
    double dE = (El - E) * (1 - e->lic_e) - eps * jc->compliance_share * El;
    if ((w->opres[i] >> j) & 1u) { /* the label acts in the open segment too */
        double oo = w->sao_snap[j] - (((w->snap_oearn[i] >> j) & 1u) ? w->a_snap[i] : 0);
        oo = oo > 0 ? oo : 0;
        const double Eo = acc__entry_eo(w, j, e->a_now, oo);
        const double Elo = acc__entry_eo(w, j, e->a_now * (1 + jc->label_premium), oo);
        dE += (Elo - Eo) * (1 - e->lic_e) - eps * jc->compliance_share * Elo;
    }
    /* every path needs V > 0 with P <= 1, f' >= 0, fee and set-up >= 0: none
     * can when dE <= 0 (the same outcome as valuing them all, without Phi) */
    if (!(dE > 0))
        return;
    int best = 0; /* 0 none, 1 held bloc, 2 own, 3 recognition */
    int bpath = 0, bref = -1, bdelay = 0;
    double bv = 0, bfee = 0;
    /* a held bloc certificate, as in v1.2 (free and at once, needs s >= sigma_B) */
    const int b = w->jd[j].bloc;
    if (b >= 0 && ((w->blocs[i] >> b) & 1u) && s >= w->sigmab_snap[b]) {
        const int set = acc__rs_of(w, j, ACC_PATH_BLOC, REF_BLOC + b);
        const double su = acc__rs_setup_due(w, i, set);
        const double v = H * (dE - acc__rs_fprime(w, i, j, set)) - su;
        if (v > bv && w->K[i] >= su) {
            best = 1;
            bv = v;
        }
    } else {
        /* the own path */
        const int set = acc__rs_of(w, j, ACC_PATH_OWN, j);
        const double su = acc__rs_setup_due(w, i, set), fee = jc->cert_cost;
        /* V at P = 1 and f' = 0 bounds V from above (P dE <= dE, dE > 0, f' >= 0):
         * f' and Phi only where that could pay */
        const double fp = w->K[i] >= fee + su && H * dE - fee - su > bv ? acc__rs_fprime(w, i, j, set) : 0;
        if (w->K[i] >= fee + su && H * dE - fee - su > bv && H * (dE - fp) - fee - su > bv) {
            const double p = acc__pass_prob(s, w->sigma_snap[j], w->noise_snap[j]);
            const double v = H * (p * dE - fp) - fee - su;
            if (p > 0 && p >= w->cfg.assessment_apply_min && v > bv)
                best = 2, bv = v, bpath = ACC_PATH_OWN, bref = j, bfee = fee, bdelay = w->jd[j].review_steps;
        }
    }
    /* recognitions j <- k with voluntary = true of a certificate i holds in k */
    for (int k = 0; k < w->J && w->nrecog_to[j]; k++) {
        const int r = w->recog_idx[j][k];
        if (r < 0 || !w->cfg.recog[r].voluntary || !recognisable(cpath_of(w, MI(w, k, i))))
            continue;
        const int eq = w->cfg.recog[r].mode == ACC_RECOG_EQUIVALENCE;
        const int path = eq ? ACC_PATH_EQUIVALENCE : ACC_PATH_ASSESSMENT;
        const int set = acc__rs_of_application(w, i, j, path, k);
        const double su = acc__rs_setup_due(w, i, set), fee = acc__recog_fee(w, r);
        if (!(w->K[i] >= fee + su && H * dE - fee - su > bv)) /* not even at P = 1, f' = 0 */
            continue;
        const double fp = acc__rs_fprime(w, i, j, set);
        if (!(H * (dE - fp) - fee - su > bv)) /* not even at P = 1 */
            continue;
        const double p = eq ? 1.0 : acc__pass_prob(s, w->sigma_snap[j], w->noise_snap[j]);
        const double v = H * (p * dE - fp) - fee - su;
        if (p > 0 && p >= w->cfg.assessment_apply_min && v > bv && w->K[i] >= fee + su) {
            best = 3, bv = v, bpath = path, bref = k, bfee = fee, bdelay = acc__recog_review_steps(w, r);
        }
    }
    if (best == 1)
        take_held_bloc(w, i, j, b, 0);
    else if (best)
        take_single(w, i, j, bpath, bref, bfee, bdelay, "voluntary", 0);
}

static int label_idle(const acc_world *w, int64_t i, int j, double ha);

/* 3. Certify voluntarily where a non-binding market's label pays. */
static void certify_voluntarily(acc_world *w, int64_t i, const entry *e)
{
    const int t = w->cur;
    const double eps = w->eps;
    if (w->idle_on && !(w->blocs[i] & w->idle_label_blocs) && (w->present[i] & w->idle_label)) {
        /* label_idle of every market at once (no certificate of their blocs
         * held: the largest bound against the smallest fee; ha >= 0 rounds
         * monotonically) */
        const double ha = w->H[i] * e->a_now;
        if (ha >= 0 && ha * w->idle_vkmax < w->idle_vlimmin) {
            w->dbg_label_skips++;
            return;
        }
    }
    /* (in the built-in loop only the markets the test below can pass: not
     * binding, a positive label premium; the configuration is constant there) */
    for (uint32_t pm = w->present[i] & (w->idle_on ? w->idle_label : ~0u); pm; pm &= pm - 1) {
        const int j = __builtin_ctz(pm);
        const acc_jur_cfg *jc = &w->cfg.jur[j];
        size_t m = MI(w, j, i);
        if (jc->binding || !dev_deployed(w, i, j) || w->cert[m] || w->app[m] || t < tget(w, w->cool, m) ||
            jc->label_premium <= 0)
            continue;
        if (w->idle_on && label_idle(w, i, j, w->H[i] * e->a_now)) { /* no path could pay */
            w->dbg_label_skips++;
            continue;
        }
        /* v2: requirement sets (f', set-up) or voluntary recognition: the general rule */
        if (!w->cfg.compliance_per_market || jc->setup_cost > 0 || voluntary_recognition_into(w, j)) {
            certify_voluntarily_paths(w, i, e, j);
            continue;
        }
        /* A held bloc certificate works here, free, as a voluntary certificate:
         * like one on the own path it needs s >= its standard (else a member
         * that withdrew it after a failed audit would see it back at once). */
        const int b = w->jd[j].bloc;
        const int held = b >= 0 && ((w->blocs[i] >> b) & 1u) && w->s[i] >= w->sigmab_snap[b];
        /* P: the chance to pass j's review, 1 or 0 without noise (with noise
         * computed below, only where the label could pay even at P = 1) */
        const double noise = held ? 0 : w->noise_snap[j];
        if (!held && (w->K[i] < jc->cert_cost || (!(noise > 0) && w->s[i] < w->sigma_snap[j])))
            continue;
        /* i's own term leaves the snapshot's sum only if it was in it (not
         * when it entered j in this step) */
        double others = w->sa_snap[j] - (((w->snap_earn[i] >> j) & 1u) ? w->a_snap[i] : 0);
        others = others > 0 ? others : 0;
        double E = acc__entry_e(w, j, e->a_now, others);
        double El = acc__entry_e(w, j, e->a_now * (1 + jc->label_premium), others);
        double dE = (El - E) * (1 - e->lic_e) - eps * jc->compliance_share * El;
        if ((w->opres[i] >> j) & 1u) { /* the label acts in the open segment too */
            double oo = w->sao_snap[j] - (((w->snap_oearn[i] >> j) & 1u) ? w->a_snap[i] : 0);
            oo = oo > 0 ? oo : 0;
            const double Eo = acc__entry_eo(w, j, e->a_now, oo);
            const double Elo = acc__entry_eo(w, j, e->a_now * (1 + jc->label_premium), oo);
            dE += (Elo - Eo) * (1 - e->lic_e) - eps * jc->compliance_share * Elo;
        }
        if (noise > 0) { /* H (P dE - f) - fee, P >= apply_min; P dE <= dE when dE > 0 */
            if (!(dE > 0) || !(w->H[i] * (dE - jc->compliance_cost) > jc->cert_cost))
                continue;
            const double p = acc__pass_prob(w->s[i], w->sigma_snap[j], noise);
            if (!(p >= w->cfg.assessment_apply_min) || !(p > 0))
                continue;
            dE *= p;
        }
        double gain = dE - jc->compliance_cost;
        if (held && gain > 0)
            take_held_bloc(w, i, j, b, 0);
        else if (!held && w->H[i] * gain > jc->cert_cost)
            take_single(w, i, j, ACC_PATH_OWN, j, jc->cert_cost, w->jd[j].review_steps, "voluntary", 0);
    }
}

/* upgrade.when_failing: i holds a certificate whose standard (at the
 * snapshot: sigma_j, a bloc's sigma_B, equivalence: the issuer's) its own
 * safety s_i no longer meets. */
static int fails_held_standard(const acc_world *w, int64_t i)
{
    if (w->s[i] >= w->std_max_snap) /* meets the highest standard there is */
        return 0;
    for (uint32_t pm = w->present[i]; pm; pm &= pm - 1) {
        const size_t m = MI(w, __builtin_ctz(pm), i);
        if (!w->cert[m])
            continue;
        const int ref = cref_of(w, m); /* a certificate's: never REF_NONE */
        const double std = ref >= REF_BLOC ? w->sigmab_snap[ref - REF_BLOC] : w->sigma_snap[ref];
        if (w->s[i] < std)
            return 1;
    }
    return 0;
}

/* 4. Upgrade: move the safety share toward the target, or drift back. */
static void upgrade(acc_world *w, int64_t i, int blocked_by_safety)
{
    const double max_share = w->cfg.upgrade_max_share;
    double target = blocked_by_safety ? (w->theta0[i] > max_share ? w->theta0[i] : max_share) : w->theta0[i];
    w->theta[i] += w->upgrade_step * (target - w->theta[i]);
}

/* Does any run of i reach exit_steps: the loss run of a market i is
 * deployed in (regulated segment), or the open segment's run where i is
 * there? Eight markets at a time: the runs of one developer are adjacent
 * 16-bit counters, compared as a vector (GCC's vector extension; SSE2 on
 * x86-64) with the lanes i is not in masked off. Exact: integers. */
typedef uint16_t u16x8 __attribute__((vector_size(16)));
/* LANES_OF[b]: lane k all ones where bit k of b is set */
#define LB_(b, k) ((((b) >> (k)) & 1) ? 0xffffu : 0u)
#define L1_(b) {LB_(b, 0), LB_(b, 1), LB_(b, 2), LB_(b, 3), LB_(b, 4), LB_(b, 5), LB_(b, 6), LB_(b, 7)}
#define L4_(b) L1_(b), L1_((b) + 1), L1_((b) + 2), L1_((b) + 3)
#define L16_(b) L4_(b), L4_((b) + 4), L4_((b) + 8), L4_((b) + 12)
#define L64_(b) L16_(b), L16_((b) + 16), L16_((b) + 32), L16_((b) + 48)
static const u16x8 lanes_of[256] = {L64_(0), L64_(64), L64_(128), L64_(192)};
#undef LB_
#undef L1_
#undef L4_
#undef L16_
#undef L64_
static inline int may_exit(const acc_world *w, int64_t i)
{
    const int J = w->J;
    const int ex = w->exit_steps;
    const uint32_t pres = w->present[i], op = w->opres[i];
    if (!(pres | op) || ex > 65535) /* a run saturates at 65535: never reached (ex >= 1: change.c) */
        return 0;
    const uint16_t *loss = w->loss + (size_t)i * (size_t)J, *oseg = w->oseg + (size_t)i * (size_t)J;
    const uint16_t exm1 = (uint16_t)(ex - 1);
    const u16x8 thr = {exm1, exm1, exm1, exm1, exm1, exm1, exm1, exm1};
    int j = 0;
    for (; j + 8 <= J; j += 8) {
        u16x8 l, o;
        memcpy(&l, loss + j, sizeof l);
        memcpy(&o, oseg + j, sizeof o);
        /* lanes (markets) where i is in and the run >= ex (> ex - 1) */
        const u16x8 hit = ((l > thr) & lanes_of[(pres >> j) & 0xffu]) | ((o > thr) & lanes_of[(op >> j) & 0xffu]);
        uint64_t h[2];
        memcpy(h, &hit, sizeof h);
        if (h[0] | h[1])
            return 1;
    }
    for (; j < J; j++)
        if ((((pres >> j) & 1u) && loss[j] >= ex) || (((op >> j) & 1u) && oseg[j] >= ex))
            return 1;
    return 0;
}

int acc__may_exit(const acc_world *w, int64_t i) { return may_exit(w, i); }

/* 5. Exit markets that lost money for exit_months in a row. */
static void exit_losses(acc_world *w, int64_t i)
{
    /* no run in the world is long enough (run_bound), or most developers
     * leave nothing: one look at the runs tells */
    if (w->run_bound < w->exit_steps || !may_exit(w, i))
        return;
    for (uint32_t pm = dev_in(w, i); pm; pm &= pm - 1) {
        const int j = __builtin_ctz(pm);
        const uint32_t bit = 1u << j;
        size_t m = MI(w, j, i);
        if (dev_deployed(w, i, j) && w->loss[m] >= w->exit_steps) {
            acc__leave(w, i, j, w->reentry_steps);
            /* a non-binding market is one market: its loss run covers both segments */
            if (!w->cfg.jur[j].binding && (w->opres[i] & bit))
                acc__open_leave(w, i, j);
            const int left = !(w->opres[i] & bit);
            w->fl[j].exits += left;
            acc__emit(w, ACC_EV_EXIT, i, j, 0, 0, 0, 0, left ? "loss" : "regulated");
        }
        if ((w->opres[i] & bit) && w->oseg[m] >= w->exit_steps) { /* the open segment on its own run */
            acc__open_leave(w, i, j);
            w->fl[j].exits += !dev_deployed(w, i, j);
            acc__emit(w, ACC_EV_EXIT, i, j, 0, 0, 0, 0, "open");
        }
    }
}

/* The default rule for one live developer (docs/model.md section 6). */
/* The constants of entry_idle for this step's decisions (after the
 * snapshot). Off where a bloc's fee is not positive (a free bloc
 * application is listed whatever its gain). */
static void idle_begin(acc_world *w)
{
    const acc_config *cfg = &w->cfg;
    w->idle_on = 1;
    w->idle_reg = w->idle_bind = w->idle_label = 0;
    for (int b = 0; b < cfg->n_blocs; b++)
        if (!(acc__bloc_fee(w, b) > 0))
            w->idle_on = 0;
    for (int j = 0; j < w->J; j++) {
        const acc_jur_cfg *jc = &cfg->jur[j];
        const double mult = jc->binding ? 1 : 1 + jc->label_premium;
        double k = 0;
        if (w->jd[j].has_reg) {
            w->idle_reg |= 1u << j;
            k += w->m_snap[j] * w->inv_eps * w->inv_base_snap[j] * mult;
        }
        if ((w->open_mask >> j) & 1u)
            k += w->mo_snap[j] * w->inv_eps / (jc->outside + w->sao_snap[j]) * mult;
        if (jc->binding)
            w->idle_bind |= 1u << j;
        else if (jc->label_premium > 0)
            w->idle_label |= 1u << j;
        w->idle_k[j] = k * (1 + 1e-6);
        w->idle_lim[j] = jc->entry_cost * (1 - 1e-9) * (1 - 1e-6);
        if (!isfinite(w->idle_k[j]) || !isfinite(w->idle_lim[j]))
            w->idle_on = 0;
        /* label_idle: E <= (M h / eps) A / D with D = omega + sum A - max A at
         * the snapshot (<= omega + others + A), the open segment's likewise;
         * the label adds at most lambda E (E concave in A); the cheapest
         * fee: j's own or a voluntary recognition's into j */
        const double d = jc->outside + w->sa_snap[j] - w->amax_snap, dO = jc->outside + w->sao_snap[j] - w->amax_snap;
        double q = d > 0 ? w->m_snap[j] * w->inv_eps / d : INFINITY;
        if ((w->open_mask >> j) & 1u)
            q += dO > 0 ? w->mo_snap[j] * w->inv_eps / dO : INFINITY;
        double fee = jc->cert_cost;
        for (int from = 0; from < w->J; from++) {
            const int r = w->recog_idx[j][from];
            if (r >= 0 && cfg->recog[r].voluntary && acc__recog_fee(w, r) < fee)
                fee = acc__recog_fee(w, r);
        }
        const double vk = jc->label_premium * q * (1 + 1e-6), vlim = fee * (1 - 1e-6);
        w->idle_vk[j] = isfinite(vk) && vk >= 0 ? vk : INFINITY;
        w->idle_vlim[j] = isfinite(vlim) && vlim > 0 ? vlim : 0; /* 0: never skipped */
    }
    /* The tests of every market at once: entry_idle's (the largest bound
     * and the smallest limit over the markets a candidate can be) and
     * certify_voluntarily's (over the label markets, and their blocs) */
    w->idle_label_blocs = 0;
    w->idle_kmax = w->idle_vkmax = -INFINITY;
    w->idle_limmin = w->idle_vlimmin = INFINITY;
    for (int j = 0; j < w->J; j++) {
        if (((w->idle_reg | w->open_mask) >> j) & 1u) {
            if (w->idle_k[j] > w->idle_kmax)
                w->idle_kmax = w->idle_k[j];
            if (w->idle_lim[j] < w->idle_limmin)
                w->idle_limmin = w->idle_lim[j];
        }
        if ((w->idle_label >> j) & 1u) { /* ... and label_idle's, with the blocs of those markets */
            if (w->jd[j].bloc >= 0)
                w->idle_label_blocs |= 1u << w->jd[j].bloc;
            if (w->idle_vk[j] > w->idle_vkmax)
                w->idle_vkmax = w->idle_vk[j];
            if (w->idle_vlim[j] < w->idle_vlimmin)
                w->idle_vlimmin = w->idle_vlim[j];
        }
    }
}

/* Step 3 in non-binding j would take no path: no held bloc certificate of
 * j's bloc (a free path), and H times the largest value the label could add
 * a year (idle_vk A) stays below the cheapest fee. Every path needs
 * H (P dE - f') - fee - set-up > 0 with P <= 1, f' >= 0, set-up >= 0, and
 * dE <= lambda E (1 - licence) <= idle_vk A. */
static int label_idle(const acc_world *w, int64_t i, int j, double ha)
{
    const int b = w->jd[j].bloc;
    if (b >= 0 && ((w->blocs[i] >> b) & 1u))
        return 0;
    return ha * w->idle_vk[j] < w->idle_vlim[j];
}

/* Step 2 (enter) would list no option and take nothing: every market i is
 * not in (nor pending in, in either segment) is one whose entry cost E0 the
 * largest value any option there could have, H A_i times its bound, stays
 * below (entry_bounds then marks no market: no exact values, no
 * non-compliant option, no bloc gain); i is deployed in no binding market
 * uncertified without an application (no transition); it is in no market
 * in one segment only. Conservative: any doubt takes the full path.
 * Bounds used: E <= (M h / eps) A / (omega + sum A) (ub), the open
 * segment's likewise with M (1 - h) and its sums (ubo); with the label
 * (1 + lambda) where j is not binding; xi, f, the licence and the fees only
 * lower a value; the margins (1e-6) cover the rounding of the products. */
static int entry_idle(const acc_world *w, int64_t i, double ha)
{
    const uint32_t busy = w->busy[i], opres = w->opres[i];
    const uint32_t cand = (w->idle_reg & ~busy) | (w->open_mask & ~opres);
    if (cand & (busy | opres))
        return 0;
    for (uint32_t q = w->idle_bind & w->present[i]; q; q &= q - 1) {
        const size_t m = MI(w, __builtin_ctz(q), i);
        if (!w->cert[m] && !w->app[m])
            return 0;
    }
    /* every market at once: each k_j <= the largest, each limit >= the
     * smallest, and a product with ha >= 0 rounds monotonically */
    if (ha >= 0 && ha * w->idle_kmax < w->idle_limmin)
        return 1;
    for (uint32_t q = cand; q; q &= q - 1) {
        const int j = __builtin_ctz(q);
        if (!(ha * w->idle_k[j] < w->idle_lim[j]))
            return 0;
    }
    return 1;
}

static void decide_one(acc_world *w, int64_t i)
{
    invest(w, i);
    /* order.catch_up_first: a startup's capability rises to its upstream's at
     * the snapshot (not counted in the invest step's new capability) before
     * its entry test; after the phase acc__raise_to_upstream runs as in v1.2 */
    const int up0 = w->upstream[i];
    if (w->catch_up_snap && up0 >= 0 && w->opflow[up0] > w->c[i])
        w->c[i] = w->opflow[up0];
    entry e;
    e.a_now = acc__appeal(w, i);
    int up = w->upstream[i];
    e.lic_e = up >= 0 && w->kind[up] == ACC_INCUMBENT ? w->lic * w->eps : 0;
    e.binding = e.absent = e.need = e.trans = e.nc = e.oav = e.sbx = 0;
    e.nopt = e.upgrade = e.have_y = 0;
    w->dbg_decisions++;
    if (w->idle_on && entry_idle(w, i, w->H[i] * e.a_now))
        w->dbg_idle_skips++;
    else
        enter(w, i, &e);
    certify_voluntarily(w, i, &e);
    upgrade(w, i, e.upgrade || (w->cfg.upgrade_when_failing && fails_held_standard(w, i)));
    exit_losses(w, i);
}

static int check_rule_call(acc_world *w, int64_t dev, const char *fn, char *err, size_t errlen)
{
    if (!w) {
        acc_errf(err, errlen, "%s: no world", fn);
        return ACC_EINVAL;
    }
    if (!w->in_step || w->phase < PH_BEGIN) {
        acc_errf(err, errlen, "%s: only during a step (from a hook)", fn);
        return ACC_EINVAL;
    }
    if (w->phase == PH_AFTER) { /* the step's flows are already reported */
        acc_errf(err, errlen, "%s: not from step_end (the step's outputs are written): decide in "
                              "step_begin or the developer rule", fn);
        return ACC_EINVAL;
    }
    if (dev < 0 || dev >= w->n) {
        acc_errf(err, errlen, "%s: no developer %lld (there are %lld)", fn, (long long)dev, (long long)w->n);
        return ACC_EINVAL;
    }
    if (!w->alive[dev]) {
        acc_errf(err, errlen, "%s: developer %lld is bankrupt", fn, (long long)dev);
        return ACC_EINVAL;
    }
    return ACC_OK;
}

int acc_world_default_decide(acc_world *w, int64_t dev)
{
    char msg[256];
    int rc = check_rule_call(w, dev, "default_decide", msg, sizeof msg);
    if (rc) {
        if (w)
            acc_world_set_error(w, "%s", msg);
        return rc;
    }
    if (!w->snap_valid)
        acc__snapshot(w);
    decide_one(w, dev);
    return w->status;
}

double acc_world_entry_value(const acc_world *w, int64_t dev, int j, int certified)
{
    if (!w || !w->snap_valid || dev < 0 || dev >= w->n || j < 0 || j >= w->J)
        return NAN;
    const acc_jur_cfg *jc = &w->cfg.jur[j];
    double others = w->sa_snap[j];
    if ((w->snap_earn[dev] >> j) & 1u) { /* its own term leaves the sum */
        others -= ((w->snap_prem[dev] >> j) & 1u) ? w->a_snap[dev] * w->mult_snap[j] : w->a_snap[dev];
        if (others < 0)
            others = 0;
    }
    double a = acc__appeal(w, dev);
    const double aa = certified && !jc->binding ? a * (1 + jc->label_premium) : a;
    const double er = acc__entry_e(w, j, aa, others);
    if (!w->jd[j].has_open)
        return er;
    /* both segments (MODEL.md, Segments): the open one's sum without dev's own term */
    double oo = w->sao_snap[j];
    if ((w->snap_oearn[dev] >> j) & 1u) {
        oo -= ((w->snap_prem[dev] >> j) & 1u) ? w->a_snap[dev] * w->mult_snap[j] : w->a_snap[dev];
        if (oo < 0)
            oo = 0;
    }
    return er + acc__entry_eo(w, j, aa, oo);
}

/* The refusal of a rule's entry that dev cannot pay for (E0 of j): 1 and the
 * message, else 0. */
static int cannot_afford_entry(const acc_world *w, int64_t dev, const acc_jur_cfg *jc, double e0, char *err,
                               size_t errlen)
{
    if (w->K[dev] >= e0)
        return 0;
    acc_errf(err, errlen, "apply: developer %lld cannot afford entering '%s' (%g M$, has %g)", (long long)dev,
             jc->id, e0, w->K[dev]);
    return 1;
}

int acc_world_dev_serve_uncertified(acc_world *w, int64_t dev, int j, char *err, size_t errlen)
{
    int rc = check_rule_call(w, dev, "apply", err, errlen);
    if (rc)
        return rc;
    if (j < 0 || j >= w->J) {
        acc_errf(err, errlen, "apply: no jurisdiction #%d", j);
        return ACC_EINVAL;
    }
    const acc_jur_cfg *jc = &w->cfg.jur[j];
    const size_t m = MI(w, j, dev);
    const int t = w->cur;
    if (!jc->binding || !w->jd[j].has_reg) {
        acc_errf(err, errlen, "apply: '%s' has no binding regulated segment: nothing to serve uncertified (use "
                              "path none)", jc->id);
        return ACC_EINVAL;
    }
    if (w->law[dev]) {
        acc_errf(err, errlen, "apply: developer %lld is law-abiding: it never serves a binding market "
                              "uncertified (population field law_abiding)", (long long)dev);
        return ACC_EINVAL;
    }
    if (dev_busy(w, dev, j) || w->app[m]) {
        acc_errf(err, errlen, "apply: developer %lld is already in the regulated segment of '%s' (deployed or "
                              "pending)", (long long)dev, jc->id);
        return ACC_EINVAL;
    }
    if (t < tget(w, w->cool, m)) {
        acc_errf(err, errlen, "apply: developer %lld may not serve '%s' before step %d", (long long)dev, jc->id,
                 tget(w, w->cool, m));
        return ACC_EINVAL;
    }
    const double e0 = absent_from(w, dev, j) ? jc->entry_cost : 0;
    if (cannot_afford_entry(w, dev, jc, e0, err, errlen))
        return ACC_EINVAL;
    take_noncompliant(w, dev, j, e0, acc__open_avail(w, dev, j, t));
    return w->status;
}

int acc_world_dev_apply(acc_world *w, int64_t dev, int j, int path, char *err, size_t errlen)
{
    int rc = check_rule_call(w, dev, "apply", err, errlen);
    if (rc)
        return rc;
    if (j < 0 || j >= w->J) {
        acc_errf(err, errlen, "apply: no jurisdiction #%d", j);
        return ACC_EINVAL;
    }
    const acc_jur_cfg *jc = &w->cfg.jur[j];
    size_t m = MI(w, j, dev);
    int st = mst_of(w, dev, j);
    const int t = w->cur;
    if (path < ACC_PATH_NONE || path > ACC_PATH_BLOC) {
        acc_errf(err, errlen, "apply: developer %lld to '%s': path must be none, own, assessment, "
                              "equivalence or bloc", (long long)dev, jc->id);
        return ACC_EINVAL;
    }
    if (st == MS_PENDING || w->app[m]) {
        acc_errf(err, errlen, "apply: developer %lld already has an application pending in '%s'",
                 (long long)dev, jc->id);
        return ACC_EINVAL;
    }
    if (w->cert[m]) {
        acc_errf(err, errlen, "apply: developer %lld is already certified in '%s'", (long long)dev, jc->id);
        return ACC_EINVAL;
    }
    if (t < tget(w, w->cool, m)) {
        acc_errf(err, errlen, "apply: developer %lld may not apply to '%s' before step %d", (long long)dev,
                 jc->id, tget(w, w->cool, m));
        return ACC_EINVAL;
    }
    double e0 = absent_from(w, dev, j) ? jc->entry_cost : 0;
    /* a path into binding j's regulated segment deploys in its open segment at once, where it may */
    const int open = jc->binding && acc__open_avail(w, dev, j, t);
    if (path == ACC_PATH_NONE && jc->binding && st == MS_ABSENT && w->jd[j].has_reg &&
        acc__sbx_exempt(w, dev, j, t)) { /* an exempt startup (sandbox): uncertified, both segments */
        if (cannot_afford_entry(w, dev, jc, e0, err, errlen))
            return ACC_EINVAL;
        take_sandbox(w, dev, j, e0, open);
        return w->status;
    }
    if (path == ACC_PATH_NONE && jc->binding && w->jd[j].has_open) { /* binding j's open segment alone */
        if (!acc__open_avail(w, dev, j, t)) {
            acc_errf(err, errlen, "apply: developer %lld may not enter the open segment of '%s' now (in it, or "
                                  "cooling down)", (long long)dev, jc->id);
            return ACC_EINVAL;
        }
        if (cannot_afford_entry(w, dev, jc, e0, err, errlen))
            return ACC_EINVAL;
        acc__pay(w, dev, e0);
        w->fl[j].entry += e0;
        acc__open_deploy(w, dev, j, e0, 0, "open");
        return w->status;
    }
    if (path == ACC_PATH_NONE) {
        if (jc->binding) {
            acc_errf(err, errlen, "apply: '%s' is binding: developer %lld needs a certification path",
                     jc->id, (long long)dev);
            return ACC_EINVAL;
        }
        if (st != MS_ABSENT) {
            acc_errf(err, errlen, "apply: developer %lld is already deployed in '%s'", (long long)dev, jc->id);
            return ACC_EINVAL;
        }
        if (cannot_afford_entry(w, dev, jc, e0, err, errlen))
            return ACC_EINVAL;
        acc__pay(w, dev, e0);
        w->fl[j].entry += e0;
        acc__deploy(w, dev, j, e0, 0);
        if (acc__open_avail(w, dev, j, t)) /* a non-binding market: both segments at once */
            acc__open_deploy(w, dev, j, 0, 0, "open");
        return w->status;
    }
    double fee;
    int delay, ref;
    if (path == ACC_PATH_OWN) {
        fee = jc->cert_cost;
        delay = w->jd[j].review_steps;
        ref = j;
    } else if (path == ACC_PATH_BLOC) {
        int b = w->jd[j].bloc;
        if (b < 0) {
            acc_errf(err, errlen, "apply: '%s' is in no bloc", jc->id);
            return ACC_EINVAL;
        }
        if ((w->blocs[dev] >> b) & 1u) {
            if (cannot_afford_entry(w, dev, jc, e0, err, errlen))
                return ACC_EINVAL;
            take_held_bloc(w, dev, j, b, open);
            return w->status;
        }
        fee = acc__bloc_fee(w, b);
        if (w->K[dev] < e0 + fee) {
            acc_errf(err, errlen, "apply: developer %lld cannot afford the bloc application (%g M$, has %g)",
                     (long long)dev, e0 + fee, w->K[dev]);
            return ACC_EINVAL;
        }
        take_bloc(w, dev, b, 1u << j, fee, acc__bloc_review_steps(w, b),
                  acc__open_avail(w, dev, j, t) ? 1u << j : 0);
        return w->status;
    } else {
        int want = path == ACC_PATH_EQUIVALENCE ? ACC_RECOG_EQUIVALENCE : ACC_RECOG_ASSESSMENT;
        ref = -1;
        int r = -1;
        for (int k = 0; k < w->J && ref < 0; k++) {
            int rr = w->recog_idx[j][k];
            if (rr >= 0 && w->cfg.recog[rr].mode == want && (jc->binding || w->cfg.recog[rr].voluntary) &&
                recognisable(cpath_of(w, MI(w, k, dev)))) {
                ref = k;
                r = rr;
            }
        }
        if (ref < 0) {
            acc_errf(err, errlen, "apply: '%s' recognises (by %s) no certificate developer %lld holds", jc->id,
                     acc_path_name(path), (long long)dev);
            return ACC_EINVAL;
        }
        fee = acc__recog_fee(w, r);
        delay = acc__recog_review_steps(w, r);
    }
    if (w->K[dev] < e0 + fee) {
        acc_errf(err, errlen, "apply: developer %lld cannot afford applying to '%s' (%g M$, has %g)",
                 (long long)dev, jc->id, e0 + fee, w->K[dev]);
        return ACC_EINVAL;
    }
    take_single(w, dev, j, path, ref, fee, delay, jc->binding ? "transition" : "voluntary", open);
    return w->status;
}

/* Leave j's regulated segment (reg) and/or its open one (open); segment
 * < 0: both. An exit when i is then deployed in neither. */
static int exit_segments(acc_world *w, int64_t dev, int j, int segment, char *err, size_t errlen)
{
    static const char *const fn[] = {"exit", "exit (regulated)", "exit (open)"};
    const char *name = fn[segment + 1];
    int rc = check_rule_call(w, dev, name, err, errlen);
    if (rc)
        return rc;
    if (j < 0 || j >= w->J) {
        acc_errf(err, errlen, "%s: no jurisdiction #%d", name, j);
        return ACC_EINVAL;
    }
    const uint32_t bit = 1u << j;
    int st = mst_of(w, dev, j);
    const int in_o = (w->opres[dev] & bit) != 0;
    const int reg = segment != 1 && st != MS_ABSENT, open = segment != 0 && in_o;
    if (!reg && !open) {
        acc_errf(err, errlen, "%s: developer %lld is not in '%s'%s", name, (long long)dev, w->cfg.jur[j].id,
                 segment == 0 ? "'s regulated segment" : segment == 1 ? "'s open segment" : "");
        return ACC_EINVAL;
    }
    const int was = st == MS_DEPLOYED || in_o;
    if (reg)
        acc__leave(w, dev, j, w->reentry_steps);
    if (open)
        acc__open_leave(w, dev, j);
    const int now_in = dev_deployed(w, dev, j) || (w->opres[dev] & bit);
    if (reg && st == MS_PENDING)
        acc__emit(w, ACC_EV_WITHDRAWAL, dev, j, 0, 0, 0, 0, "application");
    if (was && !now_in)
        w->fl[j].exits += 1;
    if ((reg && st == MS_DEPLOYED) || open)
        acc__emit(w, ACC_EV_EXIT, dev, j, 0, 0, 0, 0, segment == 1 ? "open" : segment == 0 ? "regulated" : "rule");
    return w->status;
}

int acc_world_dev_exit(acc_world *w, int64_t dev, int j, char *err, size_t errlen)
{
    return exit_segments(w, dev, j, -1, err, errlen);
}

int acc_world_dev_exit_segment(acc_world *w, int64_t dev, int j, int segment, char *err, size_t errlen)
{
    if (segment != 0 && segment != 1) {
        acc_errf(err, errlen, "exit: segment must be 0 (regulated) or 1 (open), got %d", segment);
        return ACC_EINVAL;
    }
    return exit_segments(w, dev, j, segment, err, errlen);
}

/* ---- the phase ---------------------------------------------------------------------- */

void acc__raise_to_upstream(acc_world *w)
{
    for (int64_t i = 0; i < w->n; i++) {
        int up = w->upstream[i];
        if (up >= 0 && w->alive[i] && w->c[up] > w->c[i])
            w->c[i] = w->c[up];
    }
}

int acc__learning(acc_world *w)
{
    if (w->imitation_p <= 0)
        return ACC_OK;
    if (!w->prof12 && acc_world_track_profit(w)) { /* turned on by a change: profits from now on */
        acc__fail(w, ACC_ENOMEM, "out of memory keeping the developers' profits");
        return ACC_ENOMEM;
    }
    const acc_config *cfg = &w->cfg;
    double lo_rho[ACC_NKINDS], hi_rho[ACC_NKINDS], lo_th[ACC_NKINDS], hi_th[ACC_NKINDS];
    for (int k = 0; k < ACC_NKINDS; k++) {
        int found = 0;
        for (int p = 0; p < cfg->n_pop; p++) {
            const acc_pop_cfg *pc = &cfg->pop[p];
            if (pc->kind != k)
                continue;
            if (!found || pc->invest_rate.lo < lo_rho[k]) lo_rho[k] = pc->invest_rate.lo;
            if (!found || pc->invest_rate.hi > hi_rho[k]) hi_rho[k] = pc->invest_rate.hi;
            if (!found || pc->safety_share.lo < lo_th[k]) lo_th[k] = pc->safety_share.lo;
            if (!found || pc->safety_share.hi > hi_th[k]) hi_th[k] = pc->safety_share.hi;
            found = 1;
        }
        if (!found) {
            acc_pop_cfg d;
            acc_pop_defaults(&d, k);
            lo_rho[k] = d.invest_rate.lo;
            hi_rho[k] = d.invest_rate.hi;
            lo_th[k] = d.safety_share.lo;
            hi_th[k] = d.safety_share.hi;
        }
    }
    int64_t nl = 0;
    /* the live developers, in the snapshot mask snap_earn (scratch here: the
     * snapshot is invalid from the end of the decisions to the next one) */
    int32_t *const live = (int32_t *)w->snap_earn;
    for (int64_t i = 0; i < w->n; i++)
        if (w->alive[i])
            live[nl++] = (int32_t)i;
    if (nl == 0)
        return ACC_OK;
    const uint64_t pre = w->prefix[ACC_STREAM_LEARNING];
    /* Scratch for the new values (everyone copies from before the learning):
     * opflow and a_snap, both unused from here to the next clearing and
     * snapshot (the snapshot is already invalid). */
    double *new_rho = w->opflow, *new_theta0 = w->a_snap;
    for (int64_t i = 0; i < w->n; i++) {
        if (!w->alive[i])
            continue;
        new_rho[i] = w->rho[i];
        new_theta0[i] = w->theta0[i];
        const uint64_t e = w->ekey[i];
        if (acc_key_u01(pre, e, 0, 0) >= w->imitation_p)
            continue;
        int k = w->kind[i];
        if (acc_key_u01(pre, e, 0, 1) < cfg->learning_mutation) {
            new_rho[i] = lo_rho[k] + acc_key_u01(pre, e, 0, 2) * (hi_rho[k] - lo_rho[k]);
            new_theta0[i] = lo_th[k] + acc_key_u01(pre, e, 0, 3) * (hi_th[k] - lo_th[k]);
            continue;
        }
        int64_t pick = (int64_t)(acc_key_u01(pre, e, 0, 4) * (double)nl);
        if (pick >= nl)
            pick = nl - 1;
        int64_t peer = live[pick];
        double dpi = acc_world_dev_get(w, peer, ACC_DEV_PROFIT_12M) - acc_world_dev_get(w, i, ACC_DEV_PROFIT_12M);
        double p = 1.0 / (1.0 + exp(-cfg->learning_beta * dpi));
        if (acc_key_u01(pre, e, 0, 5) < p) {
            new_rho[i] = w->rho[peer];
            new_theta0[i] = w->theta0[peer];
        }
    }
    for (int64_t i = 0; i < w->n; i++)
        if (w->alive[i]) {
            w->rho[i] = new_rho[i];
            w->theta0[i] = new_theta0[i];
        }
    return ACC_OK;
}

int acc__developers_phase(acc_world *w)
{
    w->phase = PH_DEVELOPERS;
    acc__snapshot(w);
    if (w->hooks.developer_rule) {
        int rc = w->hooks.developer_rule(w->hooks.ud, w);
        if (rc) {
            if (!w->err[0])
                snprintf(w->err, sizeof w->err, "the developer rule failed (%s) at step %d",
                         acc_status_name(rc), w->cur);
            w->status = rc;
            return rc;
        }
    } else {
        idle_begin(w);
        const int64_t n = w->n;
        for (int64_t i = 0; i < n; i++) {
            /* a developer's upstream is anywhere in the arrays: its opflow
             * (catch-up) and kind (licence) are fetched some developers ahead,
             * or a large world waits for memory here (issue 12) */
            if (i + ACC_PREFETCH < n) {
                const int32_t u = w->upstream[i + ACC_PREFETCH];
                if (u >= 0) {
                    __builtin_prefetch(&w->opflow[u]);
                    __builtin_prefetch(&w->kind[u]);
                }
            }
            if (w->alive[i])
                decide_one(w, i);
        }
        w->idle_on = 0;
    }
    w->snap_valid = 0;
    if (w->status)
        return w->status;
    acc__raise_to_upstream(w);
    return acc__learning(w);
}
