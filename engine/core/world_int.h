/* accord — the world's private state shared by the core's .c files: developers
 * in struct-of-arrays (per developer×market state developer-major, i*J + j),
 * per-step derived values of every field, the vulnerability pool, metrics.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_WORLD_INT_H
#define ACC_WORLD_INT_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "core/model.h"
#include "core/rng.h"

/* Market states, from the masks busy and present (mst_of). SUSPENDED is
 * derived: deployed and either audit-suspended or aware of the developer's
 * live vulnerability. */
enum { MS_ABSENT = 0, MS_PENDING = 1, MS_DEPLOYED = 2 };

/* Certificate "standard reference": a jurisdiction index (its stringency), or
 * REF_BLOC + b (bloc b's common standard). */
#define REF_BLOC 64
#define REF_NONE 255

/* Self-detection is keyed on this market index (past every jurisdiction). */
#define KEY_SELF 255u
/* The patch delay is keyed on this market index of the risk stream, at the
 * vulnerability's emergence step (emergence and inheritance use 0 and 1). */
#define KEY_PATCH 254u

/* acc_key_u01 in two halves, for many draws of one developer: the first
 * depends on (prefix, entity) only. key_u01_dev(key_dev(p, e), m, k)
 * equals acc_key_u01(p, e, m, k) bit for bit. */
static inline uint64_t key_dev(uint64_t prefix, uint64_t entity) { return acc_mix64(prefix ^ entity); }
static inline double key_u01_dev(uint64_t hdev, uint32_t market, uint32_t k)
{
    uint64_t b = acc_mix64(hdev ^ (((uint64_t)market << 32) | k));
    return ((double)(b >> 11) + 0.5) * 0x1.0p-53;
}

/* Exponent classes: x^e without pow() for the common exponents. */
typedef struct powspec {
    int cls; /* 0 general, 1: e = 1, 2: e = 0.5, 3: e = 2, 4: e = 3, 5: e = 0 */
    double e;
} powspec;

static inline void powspec_set(powspec *p, double e)
{
    p->e = e;
    p->cls = e == 1 ? 1 : e == 0.5 ? 2 : e == 2 ? 3 : e == 3 ? 4 : e == 0 ? 5 : 0;
}

static inline double powspec_eval(const powspec *p, double x)
{
    switch (p->cls) {
    case 1: return x;
    case 2: return sqrt(x);
    case 3: return x * x;
    case 4: return x * x * x;
    case 5: return 1.0;
    default: return pow(x, p->e);
    }
}

/* One vulnerability (a developer has at most one live). */
typedef struct vuln {
    int64_t dev;
    uint64_t serial;        /* 1, 2, ... in order of creation */
    uint64_t parent;        /* serial of the upstream's vulnerability (inherited copy), else 0 */
    double severity;
    double harm;            /* harm caused so far, M$ */
    double exposure;        /* exposure so far, million user-months */
    int32_t emerged;        /* step it emerged (detectable from emerged + 1) */
    int32_t first_aware;    /* step of the first awareness, -1 before */
    int32_t patch_due;      /* step the patch lands (first_aware + patch steps) */
    uint32_t aware;         /* markets aware (bit j) */
    uint32_t orig;          /* markets aware by their own detection (these share) */
    uint8_t patchable, fresh, live;
} vuln;

/* Per-step flows of one jurisdiction (index J is the "all" total). */
typedef struct jflows {
    double entries, exits, bankruptcies;
    double cert, compliance, fine, entry;
    double incidents, harm, lag_sum, ttm_sum;
    double funding;         /* venture funding paid to developers with this home, M$ */
    double exposure;        /* million user-months */
    double applications, rejections, failed_audits, caught; /* counts */
    double reg_entries, reg_ttm_sum; /* deployments in a binding market's regulated segment, their time to market */
    double setup;           /* set-up costs of requirement sets (also in cert), M$ */
} jflows;

/* Clearing results kept for metrics: per jurisdiction and (index J) all. */
typedef struct clearstat {
    double rev, r2, rs, rc, rstart, ros, front, cov_num, cov_den;
    double rrev, rr2; /* the regulated segment's revenue and sum of squared revenues */
} clearstat;

/* Per-jurisdiction values derived from the live configuration. */
typedef struct jderived {
    double growth_step;      /* (1+g)^(1/spy) - 1 */
    double user_growth_step; /* of U_j, likewise */
    double compliance_step;  /* f_j / spy */
    double audit_p, detect_p, startup_mean;
    int review_steps, susp_steps, trans_steps;
    int bloc;                /* bloc index or -1 */
    int transition_until;    /* step the transition ends, -1 if none */
    double enforce_p;        /* e_j per step: chance an uncertified developer serving j's binding market is caught */
    int has_open, has_reg;   /* the segments j has: open iff regulated_share < 1, regulated iff > 0 */
    int sbx_steps;           /* sandbox_months in steps (0: no startup sandbox) */
} jderived;

/* Summary statistics kept by core/summary.c: per jurisdiction, per kind, the
 * first year's startups, the non-compliant share; and the world's summary
 * names past the world-independent ones. */
#define ACC_SUM_PER_JUR 6 /* harm_, exposure_, revenue_, fines_, rejections_, revenue_home_ */
#define ACC_SUM_NFIXED 6  /* top10_share ... noncompliant_share */
typedef struct sumstate {
    double *harm, *exposure, *revenue, *fines, *rejections, *rev_home; /* J each (world.c's jarrays) */
    double alive_k[ACC_NKINDS];     /* alive at the end of the latest step (the next one's start) */
    double dev_steps_k[ACC_NKINDS]; /* developer-steps alive at a step's start */
    double bankrupt_k[ACC_NKINDS];
    double founded_seen;            /* cum.founded at the end of the latest step */
    double s5_alive;                /* first-year startups alive 5 years after their founding */
    double nc_sum, nc_steps;        /* non-compliant share: sum over the steps counted, and their number */
    char *names;      /* J * ACC_SUM_PER_JUR names, packed (NUL-terminated, in order), allocated with
                         the world: acc__summary_names_len bytes (issue 12: 40 bytes each before) */
    uint16_t *name_at; /* where each starts in names (at most 32 * 6 * 37 bytes in all) */
    size_t names_len;
} sumstate;

struct acc_world {
    acc_config cfg; /* live values; cfg.jur[j].market is the current M_j(t); its lists are the
                       world's own, room_* entries each (copy_config, acc__cfg_room) */
    int room_jur, room_pop, room_recog, room_bloc, room_link, room_lag; /* room_lag: link_lag's */
    uint64_t seed, run;
    int nsteps;     /* T */
    int done;       /* steps completed */
    int cur;        /* step being processed (done + 1 inside a step), else done */
    int in_step;
    int phase;      /* PH_* below */
    int status;     /* non-zero once the run failed */
    char err[ACC_ERRLEN];
    acc_hooks hooks;
    acc_sink sink;

    /* --- derived values --------------------------------------------------- */
    int J;
    double spy, eps, inv_eps;
    powspec pw_a;     /* exponent eps - 1 of demand */
    powspec pw_rd;    /* gamma of R&D returns */
    powspec pw_haz;   /* kappa of the hazard */
    double upgrade_step, imitation_p, rep_recovery_f, lic;
    int patch_steps, exit_steps, reentry_steps, rejection_steps;
    /* Arrays of J (or J + 1) entries are allocated with the world (issue 12:
     * sized to J, they were arrays of ACC_MAX_JUR in the struct; world.c's
     * table jarrays): jd, nrecog_to, npending, the *_snap and idle_*
     * arrays of a market, the clearing's and the flows' arrays, the
     * summary's per-jurisdiction sums. link_lag has room_link entries. */
    jderived jd[ACC_MAX_JUR];
    /* [to][from] -> cfg.recog index or -1, and [from][to] -> cfg.link index
     * or -1: J rows each, allocated with the world (issue 12: sized to J) */
    int16_t (*recog_idx)[ACC_MAX_JUR];
    int16_t (*link_idx)[ACC_MAX_JUR];
    int16_t *link_lag; /* lag in steps (<= 120 months at 365 steps a year: 3,650), per link */
    int nrecog_to[ACC_MAX_JUR]; /* recognitions held by each jurisdiction */
    uint64_t prefix[16];                         /* key prefix per stream, this step */

    /* --- developers (SoA), capacity cap ---------------------------------- */
    int64_t n, cap;
    int64_t n_initial;
    uint8_t *kind, *home, *alive;
    uint8_t *law;    /* law-abiding (1): never serves a binding market uncertified */
    double *K, *phi, *c, *s, *rho, *theta, *theta0, *H, *opex, *rep;
    double *a_snap;  /* A base at the developers' snapshot; scratch A_ij in clearing */
    double *a_cur;   /* A base at clearing: (phi(1+c))^(eps-1) * r */
    double *rev;     /* revenue this step, all markets */
    double *opflow;  /* operating flow at clearing: sum pi - compliance - licence out + in - opex;
                        scratch from the booking to the next clearing (catch-up, learning) */
    double *paid;    /* fees, entry costs and fines paid this step: read only into prof12's profit, so
                        kept only where prof12 may be (NULL otherwise; acc__track_paid) */
    double *inv;     /* R&D investment this step */
    double *fund;    /* venture funding received so far, M$ */
    int32_t *birth;  /* step it was created (0: the initial population) */
    double *cumrev;  /* cumulative AI revenue, all markets, M$ (summary.c) */
    uint64_t *ekey;  /* the entity key of every per-step draw: stable across policy arms
                        (initial developers: their id; founded startups: step, home, k) */
    int32_t *upstream, *vslot;
    /* The live incumbents and open-source labs (acc__build_upstream_list),
     * and the scratch list of the upstreams that die in a step: only
     * developers of the initial population can be other than startups
     * (founded ones are startups, kinds never change), so list_room, their
     * number, is room for both (issue 12: it was 4 bytes per developer). */
    int32_t *list;
    int64_t list_room;
    uint32_t *vaware;  /* markets aware of the live vulnerability (copy of the vuln's mask) */
    /* Downstreams of each upstream (issue 12: patching visits only them): a
     * circular singly linked list per upstream u of every developer i with
     * upstream[i] == u (alive or not), in increasing index order, in one
     * array of 4 bytes per developer: only startups have an upstream and
     * only the other kinds are upstreams (kinds never change), so down[u] of
     * an upstream u is its list's last member (-1: none) and down[i] of a
     * startup i is the member after i (after the last: the first; -1: i has
     * no upstream). Kept by acc__set_upstream and by the bankruptcies. */
    int32_t *down;
    uint64_t dbg_down_visits; /* developers visited through these lists (unit tests) */
    int64_t list_ninc, list_nos; /* w->list: live incumbents, then live open-source labs */
    int list_valid;              /* ... and it is up to date */
    uint32_t *present; /* markets where deployed (suspended or not) */
    uint32_t *busy;    /* markets where not absent (deployed or pending) */
    uint32_t *blocs;   /* bloc certificates held (bit b) */
    uint64_t *rs_paid; /* requirement sets whose set-up i has paid (compliance.c: bit k jurisdiction k's set, RS_BLOC + b bloc b's) */
    uint32_t *snap_earn; /* markets where earning (in the sums) at the developers' snapshot */
    uint32_t *snap_prem; /* ... and certified there: its A entered the sum times mult_snap */
    uint32_t *opres;     /* markets where deployed in the open segment (suspended or not) */
    uint32_t *eqc;       /* markets where i's certificate is on the equivalence or bloc path (two
                            markets may then share a requirement set; compliance.c's fast paths) */
    uint32_t *sbx;       /* markets whose binding regulated segment i entered uncertified under the
                            startup sandbox and still serves uncertified (core/sandbox_startup.c);
                            NULL while no jurisdiction has a sandbox (acc__track_sbx: every bit 0) */
    uint32_t *snap_oearn; /* markets where earning in the open segment at the developers' snapshot;
                             the funding's scratch once the snapshot is invalid (funding.c) */
    float *rev12, *prof12; /* 12 monthly buckets, bucket-major: b*cap + i */
    /* developer × market, developer-major: [i*J + j] (see MI) */
    /* The certificate (cert) and the pending application (app) in j, a byte
     * each: its path and reference (cert_code; cpath_of, cref_of, apath_of,
     * aref_of). The state (absent, pending, deployed): mst_of. */
    uint8_t *cert, *app;
    uint16_t *loss;
    /* Step timers, 16 bits each (see tget/tset/T_PAST below): adue, the step
     * a pending application is decided; cool, while an application is pending
     * (app != 0) the step it was made (app_step), else the step a cooldown
     * ends (the two never live at once: a cooldown is read only where no
     * application is pending, every application is made once the cooldown
     * has ended, and its end writes cool again: the rejection's cooldown, or
     * "none" (T_PAST) on a grant or a bankruptcy, or the exit's on leaving);
     * susp, the step a suspension ends. */
    uint16_t *adue, *cool, *susp;
    /* the open segment of [i*J + j], 2 bytes: while deployed there (opres
     * bit), its run of loss steps (saturating at OSEG_STEP); else 0 or, after
     * leaving it, OSEG_LEFT | (the step it left, mod 2^15): cooling down for
     * reentry_steps (<= 3650) from then (see open_cooling; stale marks are
     * cleared every 2^14 steps, so the difference mod 2^15 is exact) */
    uint16_t *oseg;
    uint32_t open_mask; /* markets with an open segment (regulated_share < 1) */
    int month;          /* month of the latest clearing */
    /* No audit suspension runs past this step: the largest end (t + S) any
     * audit has written into susp (every other write is T_PAST, 0 from the
     * world's creation). Suspended in j at step x is tdec(cur, susp) > x, so
     * while susp_end <= x no developer is, and the passes skip the timers. */
    int susp_end;
    /* No loss run (loss, or oseg where in the open segment) is longer: the
     * longest one the latest clearing wrote, and the previous bound where it
     * left a run as it was (a suspended or aware market). Only the clearing
     * lengthens a run; every other write is 0 or a cooling mark outside the
     * segment. While it is below exit_steps no developer exits on losses. */
    int run_bound;
    int64_t npending[ACC_MAX_JUR]; /* developers in state pending, per market */

    /* --- vulnerabilities -------------------------------------------------- */
    vuln *vp;
    uint16_t *vaware_step; /* [slot*J + j]: the step market j became aware, a 16-bit step timer (tget; swept
                              by acc__timer_sweep; read only where j is aware, as step + lag == now) */
    int32_t *vfree;
    int64_t vcap, vnfree, vhigh;
    uint64_t vserial;

    /* --- decisions -------------------------------------------------------- */
    double sa_snap[ACC_MAX_JUR], sigma_snap[ACC_MAX_JUR], sigmab_snap[ACC_MAX_BLOCS];
    double m_snap[ACC_MAX_JUR], inv_base_snap[ACC_MAX_JUR], min_fee_snap[ACC_MAX_JUR];
    double mo_snap[ACC_MAX_JUR], sao_snap[ACC_MAX_JUR]; /* open segment: spending M_j (1 - h_j); sum of A */
    double mult_snap[ACC_MAX_JUR]; /* a certified model's demand multiplier: 1 + lambda_j if not binding */
    double noise_snap[ACC_MAX_JUR], noiseb_snap[ACC_MAX_BLOCS]; /* assessment noise: j's; a bloc's (members' max) */
    int catch_up_snap; /* order.catch_up_first at the snapshot: opflow holds every c then */
    /* The default rule's quick test that a developer has nothing to enter
     * (decide.c, entry_idle): on only in the built-in developers' loop, where
     * nothing changes the configuration between the snapshot and the
     * decisions. Per market: a bound of (entry value bound) / (H A), with a
     * margin, and the entry cost it must stay below. */
    int idle_on;
    uint32_t idle_reg, idle_bind, idle_label; /* ... idle_label: not binding, label premium > 0 */
    double idle_k[ACC_MAX_JUR], idle_lim[ACC_MAX_JUR];
    double idle_kmax, idle_limmin; /* the largest idle_k and smallest idle_lim over idle_reg | open_mask */
    uint64_t dbg_idle_skips, dbg_decisions; /* entry passes skipped by entry_idle; decisions (unit tests) */
    /* ... and of the voluntary certification (decide.c, label_idle): a bound
     * of the label's value per year over A, and the cheapest fee of a path */
    double idle_vk[ACC_MAX_JUR], idle_vlim[ACC_MAX_JUR];
    double idle_vkmax, idle_vlimmin; /* the largest idle_vk and smallest idle_vlim over idle_label */
    uint32_t idle_label_blocs;       /* the blocs of the idle_label markets (bit b) */
    double amax_snap; /* the largest A at the snapshot */
    double std_max_snap; /* the largest standard at the snapshot (sigma_snap, sigmab_snap) */
    uint64_t dbg_label_skips;
    int snap_valid;
    struct option *opt; /* scratch options of one developer */
    int opt_cap;        /* acc__opt_reserve */
    int dbg_opt_max;    /* the most options one developer listed (unit tests) */

    /* --- clearing results of this step ------------------------------------ */
    double sa[ACC_MAX_JUR], scale[ACC_MAX_JUR], m_clear[ACC_MAX_JUR];
    double sao[ACC_MAX_JUR], oscale[ACC_MAX_JUR]; /* the open segments' sums of A and scales */
    clearstat cls[ACC_MAX_JUR + 1];

    /* --- metrics ----------------------------------------------------------- */
    jflows fl[ACC_MAX_JUR + 1];
    acc_ts_row *rows; /* latest, [J] = all: J + 1 rows, allocated with the world (issue 12: sized to J) */

    /* --- cumulative (summary) ---------------------------------------------- */
    struct {
        double revenue, harm, exposure, cert, compliance, fine, entry, investment, licence;
        double value; /* sum of value_per_revenue(t) * revenue(t) */
        double incidents, awareness, vulns, patches, entries, exits, bankruptcies, founded;
        double applications, certifications, rejections, audits, failed_audits, suspensions,
            withdrawals, lag_sum, ttm_sum, ttm_n;
        double caught, fines, decisions; /* caught; fines paid (count); review decisions (grants + rejections) */
        double startups_created;
        double grows;
        double funding; /* venture funding paid, M$ */
        double setup;   /* set-up costs of requirement sets paid, M$ (also in cert) */
    } cum;
    sumstate sum; /* the per-jurisdiction and per-kind summary statistics (summary.c) */
};

enum { PH_IDLE = 0, PH_BEGIN, PH_REGULATORS, PH_DEVELOPERS, PH_CLEARING, PH_RISK, PH_END, PH_AFTER };

/* The step from which a change made now takes effect: the current step
 * during its phases; the next one between steps and in the step_end hook
 * (PH_AFTER: the step's metrics are out). */
static inline int acc__now(const acc_world *w)
{
    return w->in_step ? (w->phase == PH_AFTER ? w->cur + 1 : w->cur) : w->done + 1;
}

/* An entry option of one developer (see decide.c). */
typedef struct option { /* 88 bytes (104 before issue 12): the 4-byte fields together, no padding; built with designated initialisers */
    uint32_t mask;   /* markets whose regulated segment it covers */
    int kind;        /* OPT_* */
    int path;        /* acc_path of the certificate it seeks (NONE: uncertified) */
    int ref;         /* standard reference of the resulting certificate */
    int bloc;        /* bloc index for bloc options */
    int delay;       /* review steps (0: immediate) */
    int alive;
    uint32_t omask;  /* markets whose open segment it covers (deployed there at once) */
    double fee;      /* regulatory fee */
    double std;      /* safety standard to pass (-1: none) */
    double n, cost;  /* net profit per year, summed over its markets; total cost */
    double p;        /* chance to pass the review (1: no review, or no noise and s >= std) */
    double n1;       /* n with the audit pass chance set to 1 (the upgrade test) */
    double no;       /* the open segments' net profit per year (not weighed by p) */
} option;

enum { OPT_PLAIN = 0, OPT_CERT = 1, OPT_HELD_BLOC = 2, OPT_BLOC = 3, OPT_TRANSITION = 4, OPT_NONCOMPLIANT = 5,
       OPT_OPEN = 6, OPT_SANDBOX = 7 };

/* ---- helpers shared between files ------------------------------------------ */

/* How many developers ahead a pass fetches what it will read at a random
 * index (an upstream's values): a hint, no effect on results. */
#define ACC_PREFETCH 16

/* The exit step's first look (decide.c, eight markets at a time): 1 if a
 * loss run of a market i is deployed in, or an open-segment run where it is
 * there, reaches exit_steps (exported for tests/unit/test_core_exit_look.c). */
int acc__may_exit(const acc_world *w, int64_t i);

/* Developer × market arrays are developer-major: a developer's J entries are
 * adjacent (most loops go developer by developer over its markets). */
static inline size_t MI(const acc_world *w, int j, int64_t i) { return (size_t)i * (size_t)w->J + (size_t)j; }

/* A step's conversions (MODEL.md, Units). */
static inline double conv_prob(double p, double spy) { return p >= 1 ? 1.0 : -expm1(log1p(-p) / spy); }
static inline double conv_hazard(double h, double spy) { return -expm1(-h / spy); }
static inline double conv_growth(double g, double spy) { return expm1(log1p(g) / spy); }
/* Months to steps, halves away from zero. m spy / 12 may land a few ulps below
 * an exact half (0.35 months at 360 steps/yr gives 10.499999999999998): a value
 * within 1e-12 (relative) of a half counts as that half. */
static inline int conv_months(double m, double spy)
{
    const double v = m * spy / 12.0, a = fabs(v), f = floor(a);
    const double r = fabs(a - f - 0.5) <= 1e-12 * (a > 1 ? a : 1) ? f + 1 : round(a);
    return (int)(v < 0 ? -r : r);
}

/* world.c */
int acc__grow(acc_world *w, int64_t need);          /* capacity >= need */
int acc__opt_reserve(acc_world *w, int n_recog, int n_blocs); /* room for one developer's options (ACC_ENOMEM) */
int acc__cfg_room(acc_world *w, int n_recog, int n_links, int n_blocs); /* room in w->cfg's lists (ACC_ENOMEM) */
/* Keep paid (ACC_OK, or ACC_ENOMEM): with the profits (acc_world_track_profit),
 * from a change that turns social learning on, and in any world with hooks
 * (acc_world_set_hooks), so that the step whose learning starts the profits
 * has every payment of it: without hooks such a change comes between steps,
 * before the step's payments; a rule hook may make it between two
 * developers' decisions, after some of them paid. */
int acc__track_paid(acc_world *w);
/* Keep sbx (ACC_OK, or ACC_ENOMEM): at creation when a jurisdiction has a
 * startup sandbox, and from a change that gives one a sandbox, before any
 * startup can be exempt (issue 12: 4 bytes per developer otherwise saved;
 * with sbx NULL every mark reads 0, as it would be). */
int acc__track_sbx(acc_world *w);
int acc__vuln_alloc(acc_world *w);                  /* slot index or -1 (ENOMEM) */
void acc__vuln_free(acc_world *w, int slot);
/* A policy event: jur, the other jurisdiction and the bloc (-1: none). */
int acc__emit_policy(acc_world *w, int jur, int other_jur, int bloc, double value, const char *detail);
int acc__emit_event(acc_world *w, const acc_event *ev);
int acc__emit(acc_world *w, int type, int64_t dev, int jur, int path, double value, double lag,
              double harm, const char *detail);
void acc__fail(acc_world *w, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int acc__create_dev(acc_world *w, const acc_pop_cfg *p, int home, uint64_t key_prefix, uint64_t entity,
                    int64_t *out);
void acc__build_upstream_list(acc_world *w);
/* Set developer i's upstream to up (-1: none), keeping the downstream lists. */
void acc__set_upstream(acc_world *w, int64_t i, int up);
void acc__choose_upstream(acc_world *w, int64_t i, uint64_t prefix, uint64_t entity);

void acc__startup_template(const acc_world *w, int home, acc_pop_cfg *out);
size_t acc__bytes_per_dev(const acc_world *w);

/* change.c */
void acc__derive_all(acc_world *w);
void acc__derive_jur(acc_world *w, int j);
double acc__bloc_standard(const acc_world *w, int b);
double acc__bloc_noise(const acc_world *w, int b);
double acc__bloc_fee(const acc_world *w, int b);
int acc__bloc_review_steps(const acc_world *w, int b);
double acc__recog_fee(const acc_world *w, int r);
int acc__recog_review_steps(const acc_world *w, int r);
double acc__ref_standard(const acc_world *w, int ref);

/* decide.c */
void acc__snapshot(acc_world *w);
int acc__developers_phase(acc_world *w);
int acc__learning(acc_world *w);
void acc__raise_to_upstream(acc_world *w);
void acc__set_state(acc_world *w, int64_t i, int j, int st);
void acc__deploy(acc_world *w, int64_t i, int j, double entry_paid, int ttm);
void acc__leave(acc_world *w, int64_t i, int j, int cooldown_steps);
void acc__certify(acc_world *w, int64_t i, int j, int path, int ref);
void acc__pay(acc_world *w, int64_t i, double amount);
/* Segments (decide.c): deploy in j's open segment (entry_paid as in
 * acc__deploy; an entry when i is not deployed in j's regulated segment);
 * leave it with a cooldown of `cooldown_steps`; whether i may enter it now
 * (j has one, i is not in it, not cooling down); the initial segments of a
 * developer at home. */
void acc__open_deploy(acc_world *w, int64_t i, int j, double entry_paid, int ttm, const char *detail);
void acc__open_leave(acc_world *w, int64_t i, int j); /* cooldown: reentry_steps */
void acc__open_sweep(acc_world *w);                     /* clears finished cooldowns (every 2^14 steps) */
void acc__timer_sweep(acc_world *w);                    /* moves past step timers up to T_PAST (every 2^12 steps) */
int acc__open_avail(const acc_world *w, int64_t i, int j, int t);
void acc__initial_state(acc_world *w, int64_t i);

/* funding.c: the funding phase (after clearing); for tests, the selection of
 * the first k of v[0..n) by (A desc, id asc) and one group's split */
int acc__funding(acc_world *w);
void acc__funding_select(int32_t *v, int64_t n, int64_t k, const double *a);
double acc__funding_split(acc_world *w, int32_t *v, int64_t n, double pool, double cap);

/* summary.c: names (and their check) at creation, the step's accumulation
 * (end of acc__metrics), the values past the world-independent block */
int acc__summary_check(const acc_config *cfg, char *err, size_t errlen);
void acc__summary_init(acc_world *w);
size_t acc__summary_names_len(const acc_config *cfg); /* bytes of the packed per-jurisdiction names */
/* The summary's per-developer part of a step, fused into acc__metrics' pass
 * over the developers (one pass fewer): acc__summary_dev_begin once, then
 * summary_dev (below) for every developer in index order, then
 * acc__summary_step. */
typedef struct sumdev {
    int64_t serving;             /* developers x binding markets (out of grace) served in the regulated segment */
    int64_t alive_now[ACC_NKINDS]; /* (counts as integers: exact, and no conversion per developer) */
    uint32_t ncm;                /* those binding markets */
    int check5;                  /* the five-year check of year-1 startups is due */
    int32_t b5;                  /* ... for those born at this step */
} sumdev;
void acc__summary_dev_begin(const acc_world *w, sumdev *d, uint32_t ncm);
void acc__summary_step(acc_world *w, const sumdev *d);
int acc__summary_nfixed(void); /* world-independent names of summary.c */
const char *acc__summary_fixed_name(int i);
void acc__summary_values(const acc_world *w, double *v); /* nfixed + J * ACC_SUM_PER_JUR values */
/* compliance.c: requirement sets (MODEL.md, Harmonization). A set is named
 * by a number: k < RS_BLOC jurisdiction k's own set, RS_BLOC + b bloc b's.
 * With compliance.per_market every certificate in market j is in set j
 * (v1.2: f and the set-up per market). */
#define RS_BLOC 32
/* The set of a certificate (or application) in j on `path` with standard
 * reference `ref` (own, assessment, incumbency: j's; equivalence: the
 * recognised certificate's, ref = k or REF_BLOC + b; bloc: the bloc's). */
int acc__rs_of(const acc_world *w, int j, int path, int ref);
/* The set an application of i to j on `path` would certify under (for
 * equivalence, ref = k: the set of the certificate i holds in k). */
int acc__rs_of_application(const acc_world *w, int64_t i, int j, int path, int ref);
/* The sets i holds certificates under now (markets deployed and certified). */
uint64_t acc__rs_held(const acc_world *w, int64_t i);
/* The set-up cost of set `set` (bloc: its members' highest setup_cost), and
 * what i would pay for it now (0 once paid). */
double acc__rs_setup(const acc_world *w, int set);
double acc__rs_setup_due(const acc_world *w, int64_t i, int set);
/* The set-up a bloc-b application covering `mask` costs i now: the bloc's
 * set once (per market: each member's own set not paid yet). */
double acc__rs_setup_bloc(const acc_world *w, int64_t i, int b, uint32_t mask);
/* Mark a set's set-up paid (a no-op for sets already paid). */
void acc__rs_mark_paid(acc_world *w, int64_t i, int set);
/* f'_ij, M$/yr: the increase in i's fixed requirement-set charges from
 * certifying in j under `set` (per market: f_j). */
double acc__rs_fprime(const acc_world *w, int64_t i, int j, int set);
/* For a bloc-b option covering `mask`: sum of the members' f_j minus the
 * bloc set's increase (the credit that turns per-market f into f'); 0 per
 * market. */
double acc__rs_bloc_credit(const acc_world *w, int64_t i, int b, uint32_t mask);
/* Per-step fixed compliance charge of each market i is certified in, the
 * set's largest f_j/spy split equally over the markets certified under it
 * (markets not certified: untouched). Only without per_market. */
void acc__rs_fixed_split(const acc_world *w, int64_t i, double *fx);

/* sandbox_startup.c: the startup sandbox (docs/model.md, section 7.2). A
 * startup is exempt in binding j at step t while t - birth < sbx_steps_j;
 * an entry it makes under the exemption is covered (not caught, not
 * non-compliant, not withdrawn at the end of a transition) while
 * t - birth < sbx_steps_j + trans_steps_j, and withdrawn from j's regulated
 * segment at the first step past that if still uncertified. */
static inline int acc__sbx_exempt(const acc_world *w, int64_t i, int j, int t)
{
    const int n = w->jd[j].sbx_steps;
    return n > 0 && w->kind[i] == ACC_STARTUP && w->cfg.jur[j].binding && t - w->birth[i] < n;
}
static inline int acc__sbx_covered(const acc_world *w, int64_t i, int j, int t)
{
    return w->sbx && ((w->sbx[i] >> j) & 1u) && t - w->birth[i] < w->jd[j].sbx_steps + w->jd[j].trans_steps;
}
/* The regulators' check of i's covered entry in j (bit j of sbx set): the
 * mark dropped once i no longer serves j's binding regulated segment
 * uncertified; withdrawn (pending if it applied) at the cover's end. */
void acc__sbx_regulate(acc_world *w, int64_t i, int j, int t);

/* step.c */
/* The fine developer i would pay in j now (the fine rule, docs/model.md):
 * max(P0, P Y), but min(P0, P Y) for a small firm: by kind (a startup,
 * Y = revenue over the last 12 months; v1.2) or, with fine.sme_by_revenue,
 * by revenue (Y < sme_revenue, Y = max(last 12 months, last clearing x spy)). */
double acc__fine(const acc_world *w, int64_t i, int j);
/* ... in two parts: Y of the active rule, and the fine in j for a given Y. */
double acc__fine_revenue(const acc_world *w, int64_t i);
double acc__fine_of(const acc_world *w, int64_t i, int j, double y);
/* Chance to pass a review or audit measured with noise sd `noise` against
 * standard `std`: Phi((s - std) / noise); [s >= std] when noise is 0. */
double acc__pass_prob(double s, double std, double noise);
/* A keyed standard normal of the assessment stream (this step's prefix). */
double acc__assess_z(const acc_world *w, int64_t i, uint32_t market, uint32_t k);
int acc__metrics(acc_world *w, int emit);
int acc__regulators(acc_world *w);
void acc__clear_markets(acc_world *w, int dry);
int acc__risks(acc_world *w);
int acc__make_aware(acc_world *w, int slot, int j, const char *how, int orig, int incident_jur);
/* The patch delay of developer dev's vulnerability that emerged at step
 * `emerged`: in months before rounding (lognormal, median risk.patch_months,
 * log-sd risk.patch_sigma; exactly patch_months when the log-sd is 0), and in
 * steps (months -> steps, halves away from zero; w->patch_steps when the
 * log-sd is 0; at most ACC_PATCH_MAX_STEPS). */
#define ACC_PATCH_MAX_STEPS (1 << 24)
double acc__patch_months(const acc_world *w, int64_t dev, int32_t emerged);
int acc__patch_steps(const acc_world *w, int64_t dev, int32_t emerged);
void acc__patch(acc_world *w, int slot);

/* A value as a message shows it: a NaN without its sign bit, so that %g
 * prints "nan" (Lua's 0/0 has the sign bit set: glibc printed "-nan"). */
static inline double acc__shown(double v) { return isnan(v) ? fabs(v) : v; }

/* A developer's demand weight A = (phi (1 + c))^(eps - 1) r from its state now. */
static inline double acc__appeal(const acc_world *w, int64_t i)
{
    return powspec_eval(&w->pw_a, w->phi[i] * (1 + w->c[i])) * w->rep[i];
}

/* E_ij, M$/yr: the profit per year a developer of demand weight `a` earns
 * deployed in j, M_j / eps * a / (omega_j + others + a), with M_j from the
 * developers' snapshot and `others` the snapshot's sum of the other
 * developers' A in j (docs/model.md section 6). The default rule's entry
 * test and acc_world_entry_value both compute it here. */
static inline double acc__entry_e(const acc_world *w, int j, double a, double others)
{
    return w->m_snap[j] * w->inv_eps * a / (w->cfg.jur[j].outside + others + a);
}

#define OSEG_LEFT 0x8000u
#define OSEG_STEP 0x7fffu
/* The open segment at [m] is cooling down at step t (left fewer than
 * reentry_steps steps ago). */
static inline int open_cooling(const acc_world *w, size_t m, int t)
{
    const unsigned o = w->oseg[m];
    return (o & OSEG_LEFT) && (((unsigned)t - (o & OSEG_STEP)) & OSEG_STEP) < (unsigned)w->reentry_steps;
}

/* Bits set in a 32-bit mask, inline (without -mpopcnt, __builtin_popcount
 * is a library call). */
static inline int popcount32(uint32_t x)
{
    x = x - ((x >> 1) & 0x55555555u);
    x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
    x = (x + (x >> 4)) & 0x0f0f0f0fu;
    return (int)((x * 0x01010101u) >> 24);
}

/* acc__open_avail (decide.c), inline: j has an open segment, i is not in
 * it and not cooling down from it. */
static inline int open_avail(const acc_world *w, int64_t i, int j, int t)
{
    return w->jd[j].has_open && !((w->opres[i] >> j) & 1u) && !open_cooling(w, MI(w, j, i), t);
}

/* summary.c's per-developer accumulation (see sumdev): revenue per developer
 * and home, alive by kind, the five-year check, the served count. */
static inline void summary_dev(acc_world *w, sumdev *d, int64_t i)
{
    d->serving += popcount32(w->present[i] & d->ncm);
    const double r = w->rev[i];
    if (r != 0) {
        w->cumrev[i] += r;
        w->sum.rev_home[w->home[i]] += r;
    }
    d->alive_now[w->kind[i]] += w->alive[i];
    if (d->check5 && w->birth[i] == d->b5 && i >= w->n_initial && w->kind[i] == ACC_STARTUP)
        w->sum.s5_alive += w->alive[i];
}

/* i's state in j's regulated segment, from the masks acc__set_state keeps
 * (present: deployed, busy: deployed or pending; present is within busy):
 * no per-market byte (issue 12). */
static inline int mst_of(const acc_world *w, int64_t i, int j)
{
    return (int)((w->busy[i] >> j) & 1u) + (int)((w->present[i] >> j) & 1u);
}

/* A certificate or application as one byte (issue 12: 2 bytes per developer
 * and market less): bits 0-2 the path (acc_path; 0 none, the whole byte then
 * 0) or CODE_EQ_BLOC (equivalence to a bloc certificate), bits 3-7 the
 * reference's index: a jurisdiction k (ref = k) or, for the bloc path and
 * CODE_EQ_BLOC, a bloc b (ref = REF_BLOC + b). Every reference is one of
 * these (own, assessment, incumbency: the market's own index; equivalence:
 * the recognised jurisdiction's or bloc's), and there are at most 32 of
 * each (ACC_MAX_JUR, ACC_MAX_BLOCS). */
#define CODE_EQ_BLOC 7
static inline uint8_t cert_code(int path, int ref)
{
    if (!path)
        return 0;
    const int bloc = ref >= REF_BLOC && ref != REF_NONE;
    const int code = path == ACC_PATH_EQUIVALENCE && bloc ? CODE_EQ_BLOC : path;
    return (uint8_t)(code | ((bloc ? ref - REF_BLOC : ref) & 31) << 3);
}
static inline int code_path(uint8_t b)
{
    const int c = b & 7;
    return c == CODE_EQ_BLOC ? ACC_PATH_EQUIVALENCE : c;
}
static inline int code_ref(uint8_t b)
{
    const int c = b & 7;
    return !c ? REF_NONE : (c == ACC_PATH_BLOC || c == CODE_EQ_BLOC) ? REF_BLOC + (b >> 3) : b >> 3;
}
static inline int cpath_of(const acc_world *w, size_t m) { return code_path(w->cert[m]); }
static inline int cref_of(const acc_world *w, size_t m) { return code_ref(w->cert[m]); }
static inline int apath_of(const acc_world *w, size_t m) { return code_path(w->app[m]); }
static inline int aref_of(const acc_world *w, size_t m) { return code_ref(w->app[m]); }

/* The states one at a time (mst_of's masks, one load). */
static inline int dev_deployed(const acc_world *w, int64_t i, int j) { return (w->present[i] >> j) & 1u; }
static inline int dev_busy(const acc_world *w, int64_t i, int j) { return (w->busy[i] >> j) & 1u; }
static inline int dev_pending(const acc_world *w, int64_t i, int j)
{
    return ((w->busy[i] & ~w->present[i]) >> j) & 1u;
}

/* Set i's certificate in j (path 0: none), keeping eqc. */
static inline void set_cert(acc_world *w, int64_t i, int j, int path, int ref)
{
    const size_t m = MI(w, j, i);
    w->cert[m] = cert_code(path, ref);
    const uint32_t bit = 1u << j;
    w->eqc[i] = path == ACC_PATH_EQUIVALENCE || path == ACC_PATH_BLOC ? w->eqc[i] | bit : w->eqc[i] & ~bit;
}

/* Deployed in j's regulated or open segment (suspended or not). */
static inline uint32_t dev_in(const acc_world *w, int64_t i) { return w->present[i] | w->opres[i]; }
/* Absent from j: in neither segment and not pending (E0 is due on entry). */
static inline int absent_from(const acc_world *w, int64_t i, int j)
{
    return !(((w->busy[i] | w->opres[i]) >> j) & 1u);
}

/* E in j's open segment, as acc__entry_e (spending M_j (1 - h_j)). */
static inline double acc__entry_eo(const acc_world *w, int j, double a, double others)
{
    return w->mo_snap[j] * w->inv_eps * a / (w->cfg.jur[j].outside + others + a);
}

/* The step timers adue, cool, susp (and the pool's vaware_step) hold a step v as v mod 2^16 and
 * are read back relative to the current step w->cur: exact while
 * |v - cur| < 2^15. Every value read exactly lies within ACC_MAX_MONTHS of the
 * current step (3,650 steps at 365 steps a year): a pending application's
 * steps, a cooldown or suspension still running. Values in the past are only
 * compared with the current step ("has it ended?"), so "none" is written as
 * T_PAST (8,192 steps ago) and acc__timer_sweep moves every value further back
 * than that up to T_PAST every 4,096 steps: nothing read is then more than
 * 12,288 steps from the current step, and the results are those of 32-bit
 * steps (tests/e2e/test_long_timers.sh: 73,000 steps). */
#define T_BACK 8192
#define T_PAST(w) ((w)->cur - T_BACK)
static inline int tdec(int cur, uint16_t s)
{
    /* the difference s - cur mod 2^16 as a signed 16-bit number (gcc and clang
     * convert modulo 2^16: one sign extension) */
    return cur + (int)(int16_t)(uint16_t)(s - (uint16_t)cur);
}
static inline int tget(const acc_world *w, const uint16_t *a, size_t m) { return tdec(w->cur, a[m]); }
static inline void tset(uint16_t *a, size_t m, int v) { a[m] = (uint16_t)(unsigned)v; }

/* The step a pending application (app[m] != 0) was made: held in cool. */
static inline int app_step(const acc_world *w, size_t m) { return tget(w, w->cool, m); }

static inline int dev_suspended(const acc_world *w, int64_t i, int j, int now)
{
    return tget(w, w->susp, MI(w, j, i)) > now || ((w->vaware[i] >> j) & 1u);
}

#endif
