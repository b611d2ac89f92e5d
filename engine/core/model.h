/* accord — the model's public API: the scenario configuration (every field of
 * MODEL.md with its unit, kind, default and range), the world (developers,
 * jurisdictions, risks, harmonization) stepped in discrete time, and the
 * metrics, events and summary it reports. No Lua, no files: callers plug in
 * hooks (policies) and sinks (outputs). SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_MODEL_H
#define ACC_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "base/common.h"

#ifdef __cplusplus /* the library is C; a C++ program links it as such */
extern "C" {
#endif

#define ACC_MAX_JUR 32     /* jurisdictions in one scenario */
#define ACC_MAX_POP 96     /* population entries (kind × home templates) */
#define ACC_MAX_RECOG (ACC_MAX_JUR * ACC_MAX_JUR)
#define ACC_MAX_LINKS (ACC_MAX_JUR * ACC_MAX_JUR)
#define ACC_MAX_BLOCS ACC_MAX_JUR
#define ACC_ID_LEN 24
#define ACC_NAME_LEN 64
#define ACC_MAX_MONTHS 120 /* months: the longest review, lag, suspension, grace or cooldown (10 years) */

/* ---- enumerations -------------------------------------------------------- */

typedef enum { ACC_INCUMBENT = 0, ACC_STARTUP = 1, ACC_OPEN_SOURCE = 2, ACC_NKINDS = 3 } acc_kind;
const char *acc_kind_name(int kind); /* "incumbent", "startup", "open_source" */
int acc_kind_parse(const char *s);   /* -1 if unknown */

typedef enum { ACC_DIST_FIXED = 0, ACC_DIST_UNIFORM = 1, ACC_DIST_LOGUNIFORM = 2 } acc_dist_type;
typedef struct acc_dist {
    int type;      /* acc_dist_type */
    double lo, hi; /* fixed: lo == hi */
} acc_dist;

typedef enum { ACC_RECOG_ASSESSMENT = 0, ACC_RECOG_EQUIVALENCE = 1 } acc_recog_mode;
typedef enum { ACC_BLOC_MAX = 0, ACC_BLOC_MEAN = 1, ACC_BLOC_MIN = 2, ACC_BLOC_FIXED = 3 } acc_bloc_rule;
/* How a certificate was obtained. */
typedef enum { ACC_PATH_NONE = 0, ACC_PATH_OWN = 1, ACC_PATH_ASSESSMENT = 2, ACC_PATH_EQUIVALENCE = 3,
               ACC_PATH_BLOC = 4, ACC_PATH_INCUMBENCY = 5 } acc_path;
const char *acc_path_name(int path);

/* ---- parameter descriptors -----------------------------------------------
 * One table drives validation, unit conversion, `accord params`-style listings
 * and docs. Values in the config are stored as the scenario gives them (per
 * year, months); the world converts each once, by its kind. */
typedef enum {
    ACC_FK_PLAIN = 0, /* a number used as is */
    ACC_FK_PROB,      /* probability per year -> 1-(1-p)^(1/spy) per step */
    ACC_FK_HAZARD,    /* hazard per year -> 1-exp(-h/spy) per step */
    ACC_FK_RATE,      /* Poisson rate per year -> mean lambda/spy per step */
    ACC_FK_FLOW,      /* flow per year -> x/spy per step */
    ACC_FK_GROWTH,    /* growth per year -> (1+g)^(1/spy)-1 per step */
    ACC_FK_MONTHS,    /* months -> round(m*spy/12) steps, halves away from 0 */
    ACC_FK_BOOL,      /* 0 or 1 */
    ACC_FK_INT        /* an integer */
} acc_field_kind;

enum { ACC_F_LO_OPEN = 1u, ACC_F_HI_OPEN = 2u };

typedef struct acc_field {
    const char *name;   /* dotted, as in a scenario: "risk.base_hazard", "stringency" */
    size_t offset;      /* of the double (or int for BOOL/INT) in its struct */
    int kind;           /* acc_field_kind */
    double def, lo, hi; /* default and range; +-INFINITY for unbounded */
    unsigned flags;     /* ACC_F_LO_OPEN / ACC_F_HI_OPEN */
    const char *unit;   /* "M$/yr", "probability/yr", "months", "score [0,1]" */
    const char *doc;    /* one line */
} acc_field;

/* Scenario-wide fields (offsets into acc_config) and per-jurisdiction fields
 * (offsets into acc_jur_cfg). */
const acc_field *acc_config_fields(int *n);
const acc_field *acc_jur_fields(int *n);
/* Per-population numeric fields (offsets into acc_pop_cfg): law_abiding. */
const acc_field *acc_pop_fields(int *n);
const acc_field *acc_field_find(const acc_field *table, int n, const char *name);
/* Range check: ACC_OK, or ACC_EINVAL with "NAME must be in [lo, hi], got V"
 * (also for NaN and +-inf). `what` prefixes the name when non-NULL
 * ("jurisdiction 'eu': stringency must be ..."). */
int acc_field_check(const acc_field *f, double v, const char *what, char *err, size_t errlen);
/* Text of the range, e.g. "[0, 1]", "(-1, inf)". */
void acc_field_range_str(const acc_field *f, char *buf, size_t n);
/* Store / read a field's value in a struct (handles BOOL/INT). */
void acc_field_set(const acc_field *f, void *base, double v);
double acc_field_get(const acc_field *f, const void *base);

/* Typical ranges (core/typical.c). Besides its hard range (an error), every
 * field has a typical range a careful modeller would call plausible: a value
 * outside it runs, but warns. Looked up by the field's name as in its table
 * ("growth", "risk.base_hazard", "review_months"; names shared by several
 * tables share one entry); population keys, which have no acc_field, as
 * "population.<key>" ("population.capital"). */
typedef struct acc_typical {
    const char *name;
    double lo, hi;    /* closed typical range, inside the hard range */
    const char *unit; /* population keys only (else NULL: the field's unit) */
    const char *why;  /* one line: why this range */
} acc_typical;
const acc_typical *acc_typical_table(int *n);
const acc_typical *acc_typical_find(const char *name); /* NULL if none */
void acc_typical_range_str(const acc_typical *t, char *buf, size_t n); /* "[-0.1, 1]" */
/* 1 and msg = "[WHAT: ]NAME = V is far outside its typical range [lo, hi]
 * (per year); did you mean 0.25?" when v lies outside t's range ("far": by
 * more than the range's width); kind and unit (NULL: t's) of the field give
 * the unit shown and the slips the did-you-mean tries: v/12 for years given
 * in months, v/100 for a percent given for a share (typical hi <= 1), v*12
 * for a per-month value of a per-year or months field. Else 0. */
int acc_typical_check(const acc_typical *t, const char *name, int kind, const char *unit, double v,
                      const char *what, char *msg, size_t n);
/* 1 and msg = "[WHAT: ]NAME = 1.5 months is 2 steps (2 months) at
 * steps_per_year = 12" when m months do not round to a whole number of steps
 * of 12/spy months (ACC_FK_MONTHS: round(m*spy/12)); else 0. */
int acc_months_check(const char *name, double m, double spy, const char *what, char *msg, size_t n);
struct acc_jur_cfg;
/* Cross-field plausibility of a jurisdiction: 1 and msg when stringency +
 * 2 assessment_noise > 1 (even a perfect model would often fail); else 0
 * (also for a NULL j). */
int acc_jur_typical_check(const struct acc_jur_cfg *j, const char *what, char *msg, size_t n);

/* ---- configuration --------------------------------------------------------- */

typedef struct acc_jur_cfg {
    char id[ACC_ID_LEN];     /* short lowercase id: "eu" */
    char name[ACC_NAME_LEN]; /* display name */
    double market;           /* M_j, M$/yr at t = 0, > 0 */
    double growth;           /* g_j, growth/yr, > -1 */
    double outside;          /* omega_j >= 0 */
    double entry_cost;       /* E0_j, M$ */
    int binding;             /* certification required before deployment */
    double stringency;       /* sigma_j in [0,1] */
    double cert_cost;        /* F_j, M$ per certification */
    double compliance_cost;  /* f_j, M$/yr (flow) while certified */
    double compliance_share; /* xi_j, share of revenue in j while certified, [0, 1/eps) */
    double review_months;    /* d_j */
    double audit_rate;       /* a_j, probability/yr */
    double fine_share;       /* P_j in [0,1] of trailing 12-month revenue */
    double fine_min;         /* P0_j, M$ */
    double suspension_months;
    double detection;        /* delta_j, probability/yr */
    double label_premium;    /* lambda_j >= 0 */
    double startup_rate;     /* Poisson rate/yr */
    double transition_months;
    double venture_funding;  /* V_j, M$/yr of private investment in startups with home j (live: V_j(t), grows with g_j), >= 0 */
    double users;            /* U_j, millions of people using AI products at t = 0, >= 0 (live: U_j(t)) */
    double user_growth;      /* growth/yr of U_j, > -1 */
    double assessment_noise; /* sigma_a_j >= 0: sd of j's measurement of a safety score (reviews, audits) */
    double enforcement;      /* e_j, probability/yr that a developer serving j's binding market uncertified is caught */
    double regulated_share;  /* h_j in [0,1]: share of M_j in the regulated segment (the rest: the open segment); 1: v1.2 */
    double setup_cost;       /* setup_j, M$ >= 0: one-off cost of meeting j's requirement set the first time (paid with the fee) */
    double sandbox_months;   /* months >= 0: startups younger than this are exempt from j's binding regulated segment (0: no sandbox) */
} acc_jur_cfg;

typedef struct acc_pop_cfg {
    int kind;  /* acc_kind */
    int home;  /* jurisdiction index */
    int count; /* developers at t = 0 */
    acc_dist capital;      /* K, M$ */
    acc_dist capability;   /* c >= 0 */
    acc_dist safety;       /* s in [0,1] */
    acc_dist invest_rate;  /* rho, share of capital per year */
    acc_dist safety_share; /* theta0 in [0,1] */
    acc_dist horizon;      /* H, years */
    acc_dist opex;         /* M$/yr */
    acc_dist phi_min;      /* Pareto scale of productivity */
    double law_abiding;    /* probability a developer is law-abiding (never serves a binding market uncertified) */
} acc_pop_cfg;

/* The jurisdiction indices of recognitions, links and blocs are single bytes
 * (issue 12: a configuration holds room for ACC_MAX_RECOG recognitions and
 * ACC_MAX_LINKS links, 24 and 16 bytes each instead of 40 and 24): they are
 * in [0, n_jur), n_jur <= ACC_MAX_JUR = 32; a C caller storing a value
 * outside int8_t stores another value, as in any narrow field. Fields set
 * through acc_field (voluntary) stay int. */
#ifdef __cplusplus
static_assert(ACC_MAX_JUR <= INT8_MAX, "jurisdiction indices of recognitions, links and blocs are int8_t");
#else
_Static_assert(ACC_MAX_JUR <= INT8_MAX, "jurisdiction indices of recognitions, links and blocs are int8_t");
#endif
typedef struct acc_recog_cfg {
    int8_t to, from;       /* j = to accepts certificates issued by k = from */
    uint8_t mode;          /* acc_recog_mode */
    int voluntary;         /* 1: applies where `to` is not binding too (voluntary certificates, v2); 0: binding only (v1.2) */
    double fee;            /* M$; < 0: default 10 % of F_to */
    double review_months;  /* < 0: default 1 month */
} acc_recog_cfg;

typedef struct acc_bloc_cfg {
    char id[ACC_ID_LEN];
    int n_members;
    int8_t members[ACC_MAX_JUR];
    int rule;              /* acc_bloc_rule */
    double standard;       /* used when rule == ACC_BLOC_FIXED */
    double cert_cost;      /* < 0: the members' maximum F_j */
    double review_months;  /* < 0: the members' maximum d_j */
} acc_bloc_cfg;

typedef struct acc_link_cfg {
    int8_t from, to;       /* threat intelligence flows from -> to */
    uint8_t active;        /* 0 or 1 */
    double lag_months;     /* [0, ACC_MAX_MONTHS] */
} acc_link_cfg;

typedef struct acc_config {
    char name[ACC_NAME_LEN];
    double steps_per_year;     /* spy, default 12 */
    double years;              /* horizon; steps = round(years * spy) */
    double elasticity;         /* market.elasticity, eps > 1 */
    double productivity_shape; /* k > eps - 1 */
    double rd_capability_gain, rd_safety_gain, rd_returns, rd_erosion;
    double upgrade_max_share, upgrade_speed;
    double risk_base_hazard, risk_capability_exponent, risk_severity_mu, risk_severity_sigma;
    double risk_inherit_prob, risk_harm_per_revenue, risk_self_detect, risk_patch_months;
    double risk_harm_per_user_month; /* M$ per million user-months x severity, >= 0 */
    double risk_patch_sigma;         /* log-sd of the lognormal patch delay, >= 0 (0: fixed) */
    double audit_detect;
    double rep_loss, rep_recovery;
    double learning_imitation_rate, learning_beta, learning_mutation;
    double upstream_prob, open_upstream_share, license_share;
    double value_per_revenue;
    double exit_months;        /* consecutive loss months before exit (12) */
    double reentry_months;     /* cooldown after exit (12) */
    double rejection_months;   /* cooldown after a rejection (6) */
    double funding_max_age;    /* years: startups younger than this can be funded */
    double funding_reach;      /* share of a home's live startups investors consider, [0, 1] */
    double funding_concentration; /* kappa_f: split in proportion to A^kappa_f, >= 0 */
    double funding_max_share;  /* cap per recipient, share of the step's pool, (0, 1] */
    double funding_open_source_share; /* part of the pool for open-source labs, [0, 1] */
    double assessment_apply_min; /* a certified option counts only if the chance to pass review >= this */
    double rep_caught_loss;      /* reputation lost when caught serving a binding market uncertified */
    double sme_revenue;          /* M$/yr: firms with revenue Y below it pay min(P0, P Y) (fine.sme_by_revenue) */
    int fine_sme_by_revenue;     /* 1: the SME fine rule by revenue (v2); 0: by kind, startups (v1.2) */
    int order_catch_up_first;    /* 1: startups catch up with their upstream before their entry test (v2) */
    int compliance_per_market;   /* 1: f and the set-up charged per market (v1.2); 0: per requirement set (v2) */
    int upgrade_when_failing;    /* 1: holding a certificate whose standard s_i no longer meets also triggers the upgrade (v2) */

    /* The lists: n_X entries at X (issue 12: pointers, so that a world's
     * copy holds only the entries its scenario has; a caller's configuration
     * points them at an acc_config_room, which has room for the maxima). */
    int n_jur;
    acc_jur_cfg *jur;      /* at most ACC_MAX_JUR */
    int n_pop;
    acc_pop_cfg *pop;      /* at most ACC_MAX_POP */
    int n_recog;
    acc_recog_cfg *recog;  /* at most ACC_MAX_RECOG */
    int n_blocs;
    acc_bloc_cfg *bloc;    /* at most ACC_MAX_BLOCS */
    int n_links;
    acc_link_cfg *link;    /* at most ACC_MAX_LINKS */
} acc_config;

/* Room for every list of a configuration at its maximum (74 KB). Building a
 * configuration: either
 *     acc_config *cfg = acc_config_new();   (defaults, room included; free with acc_config_free)
 * or, with storage of one's own (a struct member, the stack),
 *     acc_config cfg; acc_config_room room; acc_config_init(&cfg, &room);
 * then append entries as before: cfg->jur[cfg->n_jur++] = ... (up to the
 * maxima: check n_X < ACC_MAX_X first, as a write past a list's end lands in
 * the next list of the room, unseen by the sanitizers; acc_config_validate
 * then refuses the count). The room must outlive the configuration's use; copying an
 * acc_config by value copies the pointers, not the entries (two copies then
 * share their lists). acc_world_new copies the entries it needs. */
typedef struct acc_config_room {
    acc_jur_cfg jur[ACC_MAX_JUR];
    acc_pop_cfg pop[ACC_MAX_POP];
    acc_recog_cfg recog[ACC_MAX_RECOG];
    acc_bloc_cfg bloc[ACC_MAX_BLOCS];
    acc_link_cfg link[ACC_MAX_LINKS];
} acc_config_room;
/* Fills cfg with the defaults (acc_config_defaults) and points its lists at
 * room's. Either NULL: nothing. */
void acc_config_init(acc_config *cfg, acc_config_room *room);
/* A configuration and its room in one allocation, with the defaults; NULL
 * if out of memory. Freed by acc_config_free (NULL: no-op). */
acc_config *acc_config_new(void);
/* Frees a configuration acc_config_new or acc_config_dup returned (NULL:
 * no-op); nothing else (not an acc_config_init one, nor a by-value copy). */
void acc_config_free(acc_config *cfg);
/* A deep copy of src in a new allocation (acc_config_copy into a room of its
 * own); NULL if src is NULL or out of memory. Freed by acc_config_free. */
acc_config *acc_config_dup(const acc_config *src);
/* dst = src with dst's lists in room (a deep copy: dst then shares nothing
 * with src). src's counts must be within the maxima (acc_config_validate);
 * larger ones are cut to them, and a list src has not (NULL) is empty in
 * dst. Any NULL argument: nothing. */
void acc_config_copy(acc_config *dst, acc_config_room *room, const acc_config *src);

/* ---- policy objects: recognitions, sharing links, blocs -------------------
 * Their numeric fields, as a scenario gives them (offsets into acc_recog_cfg,
 * acc_link_cfg and acc_bloc_cfg): recognition fee (M$, [0, inf)) and
 * review_months ([0, ACC_MAX_MONTHS]); link lag_months ([0, ACC_MAX_MONTHS]);
 * bloc cert_cost (M$, [0, inf)) and review_months ([0, ACC_MAX_MONTHS]). A
 * field whose default is negative is optional: in the struct, a finite
 * negative value stands for its default (see the structs); a value a
 * scenario gives must lie in the range (acc_field_check). */
const acc_field *acc_recog_fields(int *n);
const acc_field *acc_link_fields(int *n);
const acc_field *acc_bloc_fields(int *n);
/* One validator per object, called when a scenario is converted and
 * validated and when a policy adds or changes one during a run: the object
 * on its own (jurisdictions of cfg, two different ones, mode, members, rule
 * and standard in [0, 1] when fixed, active 0 or 1, the fields above, a bloc
 * id other than "all" and "self", the outputs' names), not
 * against the others (duplicates, a jurisdiction in two blocs). ACC_OK, or
 * ACC_EINVAL with a message that starts with `what` (NULL: "recognition eu
 * <- us", "sharing link eu -> us", "bloc 'g7'"), e.g. "recognition eu <- us:
 * review_months must be in [0, 120], got 200"; *field (when field is not
 * NULL) names the field at fault ("fee", "members", ...), or NULL when the
 * object as a whole is (two jurisdictions that are one). A NULL cfg or
 * object: ACC_EINVAL, said in err. */
int acc_recog_check(const acc_config *cfg, const acc_recog_cfg *r, const char *what, const char **field,
                    char *err, size_t errlen);
int acc_link_check(const acc_config *cfg, const acc_link_cfg *l, const char *what, const char **field,
                   char *err, size_t errlen);
int acc_bloc_check(const acc_config *cfg, const acc_bloc_cfg *b, const char *what, const char **field,
                   char *err, size_t errlen);

/* Fill every field with its default; no jurisdictions or populations, and
 * no lists (their pointers NULL: acc_config_init and acc_config_new give
 * them room; writing to a list of a configuration only acc_config_defaults
 * filled dereferences NULL).
 * The defaults are the calibrated world of data/ (core/defaults.c): the
 * model-wide fields take data/world.csv's values, a jurisdiction its
 * preset's (data/regimes.csv), a population entry its kind's
 * (data/kinds.csv), and every field data/ does not give the
 * built-in `def` of its acc_field. acc_jur_defaults fills the generic
 * preset; acc_jur_defaults_for the preset of `id` (the generic one if `id`
 * has none) and sets j->id = id and j->name = the preset's name (or id). */
void acc_config_defaults(acc_config *cfg);
void acc_jur_defaults(acc_jur_cfg *j);
void acc_jur_defaults_for(acc_jur_cfg *j, const char *id);
void acc_pop_defaults(acc_pop_cfg *p, int kind);
/* Append an entry, checked: a jurisdiction with the defaults of id's preset
 * (acc_jur_defaults_for), or a population entry of kind with its defaults
 * (acc_pop_defaults) and home; a pointer to it, to fill in, or NULL (nothing
 * appended) when cfg or its list is NULL, the list is full (ACC_MAX_JUR,
 * ACC_MAX_POP), kind is not an acc_kind or home is not in [0, n_jur). */
acc_jur_cfg *acc_config_add_jur(acc_config *cfg, const char *id);
acc_pop_cfg *acc_config_add_pop(acc_config *cfg, int kind, int home);

/* ---- Calibrated defaults (data/regimes.csv, world.csv, kinds.csv; compiled in)
 * The preset a jurisdiction id without a preset of its own takes. */
#define ACC_GENERIC_PRESET "generic"
/* Presets in data/regimes.csv order, the generic one included. */
int acc_preset_count(void);
const char *acc_preset_id(int i);
/* 1 if data/regimes.csv has a preset with this id (the generic one counts). */
int acc_preset_exists(const char *id);
/* The preset's display name ("European Union"), NULL if none. */
const char *acc_preset_name(const char *id);
/* The default of jurisdiction field `field` for a jurisdiction with id `id`
 * (its preset's value, or the generic preset's if `id` has no preset; NULL
 * id: the generic preset): *v, its *basis ("sourced", "derived",
 * "assumption") and *source (source ids such as "S01;S02", or "A"); returns
 * 1 if data/ gives it, else 0 with the field's built-in default, basis
 * "assumption" and source "A" (-1 if `field` is no jurisdiction field).
 * Any out pointer may be NULL (a NULL `field`: -1). */
int acc_jur_default(const char *id, const char *field, double *v, const char **basis,
                    const char **source);
/* The same for a model-wide field (data/world.csv). */
int acc_config_default(const char *field, double *v, const char **basis, const char **source);
/* The same for a population field of a kind (data/kinds.csv; -1 for an
 * unknown field or kind). */
int acc_pop_default(int kind, const char *field, double *v, const char **basis, const char **source);
/* Whole-config checks (ranges, cross-field rules such as compliance_share <
 * 1/eps and k > eps - 1, indices, a jurisdiction in at most one bloc, ids
 * and names NUL-terminated within their arrays, no jurisdiction or bloc id
 * "all" or "self", the outputs' names): ACC_OK, or ACC_EINVAL with
 * the message in err (also for a NULL cfg). acc_config_jur_index: -1 for a
 * NULL cfg or id too. */
int acc_config_validate(const acc_config *cfg, char *err, size_t errlen);
int acc_config_jur_index(const acc_config *cfg, const char *id); /* -1 if none */

/* ---- metrics, events, summary --------------------------------------------- */

/* Time-series columns (per step and jurisdiction, and the "all" row). The
 * names are the CSV header after "step,year,jurisdiction". */
enum acc_ts_col {
    ACC_TS_DEPLOYED, ACC_TS_SUSPENDED, ACC_TS_PENDING,
    ACC_TS_ENTRIES, ACC_TS_EXITS, ACC_TS_BANKRUPTCIES,
    ACC_TS_REVENUE, ACC_TS_COVERAGE, ACC_TS_HHI,
    ACC_TS_STARTUP_SHARE, ACC_TS_OPEN_SOURCE_SHARE,
    ACC_TS_MEAN_SAFETY, ACC_TS_MEAN_CAPABILITY, ACC_TS_FRONTIER_CAPABILITY,
    ACC_TS_CERT_SPEND, ACC_TS_COMPLIANCE_SPEND, ACC_TS_FINE_SPEND, ACC_TS_ENTRY_SPEND,
    ACC_TS_FUNDING, /* venture funding paid to developers with home j this step, M$ */
    ACC_TS_LIVE_VULNS, ACC_TS_INCIDENTS, ACC_TS_HARM,
    ACC_TS_EXPOSURE, /* million user-months of exposure to live, unknown vulnerabilities */
    ACC_TS_MEAN_DETECTION_LAG, ACC_TS_MEAN_TIME_TO_MARKET,
    ACC_TS_APPLICATIONS,  /* applications made this step (by the market applied to) */
    ACC_TS_REJECTIONS,    /* applications rejected this step */
    ACC_TS_FAILED_AUDITS, /* audits failed this step */
    ACC_TS_NONCOMPLIANT,  /* developers serving a binding market uncertified (no grace) at the end of the step */
    ACC_TS_CAUGHT,        /* developers caught serving a binding market uncertified this step */
    ACC_TS_REGULATED_REVENUE,  /* revenue of j's regulated segment (h_j = 1: = revenue) */
    ACC_TS_REGULATED_DEPLOYED, /* developers deployed and not suspended in j's regulated segment */
    ACC_TS_REGULATED_HHI,      /* HHI of the regulated segment's revenue (0-10,000; 0 when it earns nothing) */
    ACC_TS_REGULATED_TTM,      /* mean steps from decision to deployment in a binding j's regulated segment */
    ACC_TS_SETUP_SPEND,   /* set-up costs of requirement sets paid this step, M$ (also in certification_spend) */
    ACC_TS_REQUIREMENT_SETS, /* requirement sets held, mean per certified developer (NaN: none certified) */
    ACC_TS_NCOLS
};
const char *acc_ts_col_name(int col);

typedef struct acc_ts_row {
    int step;
    double year;
    int jur; /* index, or -1 for "all" */
    double v[ACC_TS_NCOLS];
} acc_ts_row;

typedef enum {
    ACC_EV_APPLICATION, ACC_EV_CERTIFICATION, ACC_EV_REJECTION, ACC_EV_AUDIT, ACC_EV_FINE,
    ACC_EV_SUSPENSION, ACC_EV_WITHDRAWAL, ACC_EV_ENTRY, ACC_EV_EXIT, ACC_EV_BANKRUPTCY,
    ACC_EV_FOUNDED, ACC_EV_VULNERABILITY, ACC_EV_INCIDENT, ACC_EV_AWARENESS, ACC_EV_PATCH,
    ACC_EV_POLICY, ACC_EV_CAUGHT, ACC_EV_NTYPES
} acc_event_type;
const char *acc_event_name(int type);

typedef struct acc_event {
    int step;
    int type;      /* acc_event_type */
    int64_t dev;   /* developer id, -1 if none */
    int jur;       /* jurisdiction index, -1 if none ("self" for incidents: -2) */
    int path;      /* acc_path for applications/certifications, else 0 */
    double value;  /* cost, fee, fine, severity, ... (see docs/outputs.md) */
    double lag;    /* incidents/awareness: steps from emergence; entries: time to market */
    double harm;   /* incidents: harm caused so far */
    const char *detail; /* static text or NULL */
    int other_jur; /* policy events: the other jurisdiction (recognition: the
                    * recognised one; link: the receiving one), else -1 */
    int bloc;      /* policy events about a bloc: its index, else -1 */
    double exposure; /* incident, awareness, patch: the vulnerability's exposure so far,
                      * million user-months; else 0 */
} acc_event;

/* Outputs: the world calls these as it goes (NULL members are skipped). A
 * non-zero return aborts the run with that status. */
typedef struct acc_sink {
    void *ud;
    int (*ts_row)(void *ud, const acc_ts_row *row);
    int (*event)(void *ud, const acc_event *ev);
} acc_sink;

/* ---- the world ------------------------------------------------------------- */

typedef struct acc_world acc_world;

/* Policies and custom rules: called at fixed points of each step (NULL members
 * are skipped). Returning non-zero aborts the run with that status; the hook
 * leaves its message with acc_world_set_error. */
typedef struct acc_hooks {
    void *ud;
    int (*step_begin)(void *ud, acc_world *w);  /* events, then policies */
    int (*developer_rule)(void *ud, acc_world *w); /* replaces the default rule when set */
    int (*on_incident)(void *ud, acc_world *w, const acc_event *incident);
    int (*step_end)(void *ud, acc_world *w);    /* custom metrics */
} acc_hooks;

/* A world from cfg (checked with acc_config_validate first: ACC_EINVAL and
 * its message in err), drawing from (seed, run); ACC_ENOMEM if it cannot be
 * allocated. cfg is copied: the caller keeps and may free it at once. *out is
 * NULL on failure. The same (cfg, seed, run) gives the same world and run,
 * in any thread. Worlds share no mutable state, so separate worlds may be
 * stepped in separate threads at once; one world must be used by one thread
 * at a time. Each acc_world_new turns off GSL's abort-on-error handler
 * (gsl_set_error_handler_off, process-wide): a program that relies on GSL's
 * default handler for its own GSL calls sets its handler again after it. */
int acc_world_new(const acc_config *cfg, uint64_t seed, uint64_t run, acc_world **out,
                  char *err, size_t errlen);
/* Frees the world and all it holds (NULL: no-op). Call it once per world:
 * like free(), a second call on the same pointer is undefined. */
void acc_world_free(acc_world *w);
/* The hooks and sink structs are copied (NULL: none); the `ud` pointers they
 * carry stay the caller's and must outlive the world's steps. */
void acc_world_set_hooks(acc_world *w, const acc_hooks *hooks);
void acc_world_set_sink(acc_world *w, const acc_sink *sink);
/* One step / all remaining steps. On failure the message is acc_world_errmsg.
 * ACC_EINVAL for a NULL world. Stepping a world whose run is over returns
 * ACC_EINVAL ("the run is over (N steps)") and changes nothing;
 * acc_world_run then returns ACC_OK (no steps remain). After a failure (a
 * hook's or sink's status, ACC_ERUN) the world is stopped: every later step
 * returns the same status and keeps the first message; its queries still
 * answer for the state it stopped in. A hook must not call acc_world_free on
 * its own world; acc_world_step or acc_world_run called from a hook (a step
 * inside a step) fails the world with ACC_EINVAL ("... cannot run inside
 * another"), and the step under way returns that status. */
int acc_world_step(acc_world *w);
int acc_world_run(acc_world *w);
/* The latest failure's message ("" if none; "no world" for NULL); owned by
 * the world (valid until acc_world_free), its text cleared by a new step. */
const char *acc_world_errmsg(const acc_world *w);
void acc_world_set_error(acc_world *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

int acc_world_step_index(const acc_world *w); /* steps done so far */
int acc_world_nsteps(const acc_world *w);
double acc_world_year(const acc_world *w);    /* time at the current step, years */
const acc_config *acc_world_config(const acc_world *w); /* live values (policies change them); owned by the world */
size_t acc_world_bytes(const acc_world *w);   /* memory held by the world */
/* Keep every developer's trailing 12 months' profit (ACC_DEV_PROFIT_12M,
 * NaN until asked for; on by itself where social learning is on): call
 * before the first step for the whole history. ACC_OK or ACC_ENOMEM. */
int acc_world_track_profit(acc_world *w);

/* Summary of the run so far: `n` named outcomes (docs/outputs.md, Summary).
 * The first ones are the same for every world (with w == NULL, count and
 * names give only those); a world adds per jurisdiction, in its order,
 * harm_<id>, exposure_<id>, revenue_<id>, fines_<id>, rejections_<id>,
 * revenue_home_<id>. Names live as long as the world. A count is at most
 * ACC_SUMMARY_MAX (for ACC_MAX_JUR jurisdictions). */
#define ACC_SUMMARY_MAX 256
int acc_world_summary_count(const acc_world *w);
const char *acc_world_summary_name(const acc_world *w, int i);
void acc_world_summary(const acc_world *w, double *values);
/* The same names for a world built from cfg, before any world exists (cfg
 * NULL, or n_jur outside [1, ACC_MAX_JUR]: the world-independent ones): the
 * i-th into buf; -1 if i is out of range or buf is NULL or of size 0. */
int acc_config_summary_count(const acc_config *cfg);
int acc_config_summary_name(const acc_config *cfg, int i, char *buf, size_t n);

/* ---- changes while running (policies); all validated, messages in err --- */

int acc_world_jur_set(acc_world *w, int j, const char *field, double value, char *err, size_t errlen);
int acc_world_jur_get(const acc_world *w, int j, const char *field, double *value, char *err, size_t errlen);
int acc_world_param_set(acc_world *w, const char *field, double value, char *err, size_t errlen);
int acc_world_param_get(const acc_world *w, const char *field, double *value, char *err, size_t errlen);
int acc_world_recognition_add(acc_world *w, const acc_recog_cfg *r, char *err, size_t errlen);
int acc_world_recognition_remove(acc_world *w, int to, int from, char *err, size_t errlen);
int acc_world_link_add(acc_world *w, const acc_link_cfg *l, char *err, size_t errlen);
int acc_world_link_set_active(acc_world *w, int from, int to, int active, char *err, size_t errlen);
int acc_world_bloc_add(acc_world *w, const acc_bloc_cfg *b, char *err, size_t errlen);
int acc_world_bloc_set_standard(acc_world *w, int bloc, int rule, double standard, char *err, size_t errlen);
/* Bloc b's common standard now, a safety score in [0, 1]: the members'
 * highest, mean or lowest stringency, or the fixed one (NaN: no bloc b). */
double acc_world_bloc_standard(const acc_world *w, int b);
/* Give `dev` a live vulnerability of `severity` now; patchable = 0 holds it
 * live until the end (for tests of detection). */
int acc_world_inject_vulnerability(acc_world *w, int64_t dev, double severity, int patchable,
                                   char *err, size_t errlen);

/* ---- developer queries (read-only views, index order) -------------------- */

typedef enum {
    ACC_DEV_KIND, ACC_DEV_HOME, ACC_DEV_ALIVE, ACC_DEV_CAPITAL, ACC_DEV_PRODUCTIVITY,
    ACC_DEV_CAPABILITY, ACC_DEV_SAFETY, ACC_DEV_INVEST_RATE, ACC_DEV_SAFETY_SHARE,
    ACC_DEV_SAFETY_SHARE0, ACC_DEV_HORIZON, ACC_DEV_OPEX, ACC_DEV_REPUTATION, ACC_DEV_UPSTREAM,
    ACC_DEV_REVENUE_12M, ACC_DEV_PROFIT_12M, ACC_DEV_LIVE_VULN,
    ACC_DEV_STEP_REVENUE, /* revenue of the latest step, all markets (read-only) */
    ACC_DEV_STEP_INVEST,  /* R&D investment of the latest step (read-only) */
    ACC_DEV_FUNDING_RECEIVED, /* venture funding received so far, M$ (read-only) */
    ACC_DEV_NATTR
} acc_dev_attr;
const char *acc_dev_attr_name(int attr);
int acc_dev_attr_parse(const char *name); /* -1 if unknown */

typedef enum { ACC_MKT_ABSENT = 0, ACC_MKT_PENDING = 1, ACC_MKT_DEPLOYED = 2, ACC_MKT_SUSPENDED = 3 } acc_mkt_state;

int64_t acc_world_ndev(const acc_world *w);           /* ever created (ids 0..n-1) */
double acc_world_dev_get(const acc_world *w, int64_t dev, int attr);
int acc_world_dev_set(acc_world *w, int64_t dev, int attr, double value, char *err, size_t errlen);
int acc_world_dev_market(const acc_world *w, int64_t dev, int j);     /* acc_mkt_state */
int acc_world_dev_certified(const acc_world *w, int64_t dev, int j);  /* acc_path or 0 */
/* The state of dev in j's open segment (MODEL.md, Segments): ACC_MKT_ABSENT,
 * ACC_MKT_DEPLOYED or ACC_MKT_SUSPENDED (a live vulnerability j is aware
 * of); always absent where j has no open segment (regulated_share = 1).
 * acc_world_dev_market is the state in the regulated segment. */
int acc_world_dev_open(const acc_world *w, int64_t dev, int j);
/* The latest metrics row of jurisdiction j (-1 = all); before the first
 * step the step-0 row. Owned by the world, overwritten by each step; NULL for
 * a NULL world or j outside [-1, n_jur). */
const acc_ts_row *acc_world_metrics(const acc_world *w, int j);

/* ---- developer decisions, for a custom rule ------------------------------
 * A developer_rule hook may call these for each live developer instead of
 * the default decisions (which acc_world_default_decide performs). */
int acc_world_default_decide(acc_world *w, int64_t dev);
/* E_ij, M$ per year: the profit per year developer `dev` would earn deployed
 * in jurisdiction j, as the default rule's entry test values it (docs/model.md
 * section 6): M_j / eps * A / (omega_j + S + A); where j has an open segment
 * (regulated_share < 1), the sum of that over both segments, each with its
 * spending (M_j h_j, M_j (1 - h_j)) and its own snapshot sum S. M_j and S come from the
 * snapshot the core takes as the developers' phase starts, before any
 * decision: S is the sum of the demand weights of the developers deployed
 * and not suspended in j then (certified ones times 1 + lambda_j where j is
 * not binding), without dev's own term. A is dev's demand weight now,
 * (phi (1 + c))^(eps - 1) r (after its own investment if it has decided),
 * times 1 + lambda_j if `certified` and j is not binding. What a rule does
 * to other developers during the phase does not change it. NaN when there
 * is no snapshot (outside the developers' phase) or dev or j is unknown. */
double acc_world_entry_value(const acc_world *w, int64_t dev, int j, int certified);
int acc_world_dev_apply(acc_world *w, int64_t dev, int j, int path, char *err, size_t errlen);
/* Serves binding j's regulated segment uncertified (MODEL.md v2, the
 * non-compliant option; with j's open segment where dev may enter it): dev
 * must not be law-abiding, absent from and not cooling down in j's regulated
 * segment, and able to pay E0 if it is new to j. Refusals (EINVAL) say why. */
int acc_world_dev_serve_uncertified(acc_world *w, int64_t dev, int j, char *err, size_t errlen);
/* Leaves j: both segments (the regulated one's certificate and application
 * dropped), each with the re-entry cooldown. */
int acc_world_dev_exit(acc_world *w, int64_t dev, int j, char *err, size_t errlen);
/* Leaves one segment of j only: segment 0 the regulated one (as
 * acc_world_dev_exit does there), 1 the open one. */
int acc_world_dev_exit_segment(acc_world *w, int64_t dev, int j, int segment, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif
