/* accord — the scenario's fields: names, units, kinds, defaults and ranges of
 * every parameter of MODEL.md, config defaults and whole-config validation.
 * A field's `def` here is its built-in default, used only where data/ gives
 * none: data/world.csv and data/regimes.csv (compiled in, core/defaults.c)
 * override it; `accord fields` shows the value in force and its source.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/defaults.h"

#define INF INFINITY
#define G(member) offsetof(acc_config, member)
#define J(member) offsetof(acc_jur_cfg, member)

static const acc_field config_fields[] = {
    {"steps_per_year", G(steps_per_year), ACC_FK_PLAIN, 12, 1, 365, 0, "steps/yr", "steps in one simulated year"},
    {"years", G(years), ACC_FK_PLAIN, 10, 0, 200, ACC_F_LO_OPEN, "yr", "horizon of a run"},
    {"market.elasticity", G(elasticity), ACC_FK_PLAIN, 4, 1, 50, ACC_F_LO_OPEN, "", "elasticity of substitution between models (epsilon)"},
    {"productivity_shape", G(productivity_shape), ACC_FK_PLAIN, 4.5, 0, 100, ACC_F_LO_OPEN, "", "Pareto shape k of productivity; must exceed epsilon - 1"},
    {"rd.capability_gain", G(rd_capability_gain), ACC_FK_PLAIN, 0.01, 0, INF, 0, "per M$^gamma", "alpha_c: capability gained per unit of R&D^gamma"},
    {"rd.safety_gain", G(rd_safety_gain), ACC_FK_PLAIN, 0.01, 0, INF, 0, "per M$^gamma", "alpha_s: safety gained per unit of safety R&D^gamma, times (1 - s)"},
    {"rd.returns", G(rd_returns), ACC_FK_PLAIN, 0.5, 0, 1, ACC_F_LO_OPEN, "", "gamma: returns to R&D spending"},
    {"rd.erosion", G(rd_erosion), ACC_FK_PLAIN, 0.1, 0, INF, 0, "", "eta: safety lost per unit of new capability, times s"},
    {"upgrade.max_share", G(upgrade_max_share), ACC_FK_PLAIN, 0.5, 0, 1, 0, "share", "safety share of R&D a developer moves toward when upgrading"},
    {"upgrade.speed", G(upgrade_speed), ACC_FK_PROB, 0.5, 0, 1, 0, "probability/yr", "share of the gap to the target safety share closed per year"},
    {"risk.base_hazard", G(risk_base_hazard), ACC_FK_PLAIN, 0.1, 0, INF, 0, "hazard/yr", "h0: vulnerability hazard of a reference model (c = 0, s = 0)"},
    {"risk.capability_exponent", G(risk_capability_exponent), ACC_FK_PLAIN, 0.5, 0, 10, 0, "", "kappa: hazard grows as (1 + c)^kappa"},
    {"risk.severity_mu", G(risk_severity_mu), ACC_FK_PLAIN, 0, -20, 20, 0, "log", "mu_S: lognormal severity location"},
    {"risk.severity_sigma", G(risk_severity_sigma), ACC_FK_PLAIN, 1, 0, 10, 0, "log", "sigma_S: lognormal severity scale"},
    {"risk.inherit_prob", G(risk_inherit_prob), ACC_FK_PLAIN, 0.5, 0, 1, 0, "probability", "chance a downstream inherits its upstream's vulnerability"},
    {"risk.harm_per_revenue", G(risk_harm_per_revenue), ACC_FK_PLAIN, 1, 0, INF, 0, "M$ per M$ x severity", "harm per unit of revenue and severity while exposed"},
    {"risk.self_detect", G(risk_self_detect), ACC_FK_PLAIN, 2, 0, INF, 0, "probability/yr per unit safety", "developer finds its own vulnerability with min(1, self_detect*s) per year"},
    {"risk.patch_months", G(risk_patch_months), ACC_FK_MONTHS, 2, 0, ACC_MAX_MONTHS, 0, "months", "first awareness to patch"},
    {"risk.patch_sigma", G(risk_patch_sigma), ACC_FK_PLAIN, 0, 0, INF, 0, "log", "log-sd of the lognormal patch delay of median patch_months (0 = fixed delay)"},
    {"risk.harm_per_user_month", G(risk_harm_per_user_month), ACC_FK_PLAIN, 0, 0, INF, 0, "M$ per M user-months", "harm per million user-months of exposure and unit of severity (adds to the revenue term)"},
    {"audit_detect", G(audit_detect), ACC_FK_PLAIN, 0.5, 0, 1, 0, "probability", "chance an audit finds a live vulnerability"},
    {"rep.loss", G(rep_loss), ACC_FK_PLAIN, 0.1, 0, 1, 0, "per severity", "reputation lost per unit of severity at first awareness"},
    {"rep.recovery", G(rep_recovery), ACC_FK_PLAIN, 1, 0, INF, 0, "rate/yr", "reputation recovers by (1 - r)(1 - exp(-recovery/spy)) per step"},
    {"learning.imitation_rate", G(learning_imitation_rate), ACC_FK_PROB, 0, 0, 1, 0, "probability/yr", "chance per year a developer compares itself with a peer (0 = off)"},
    {"learning.beta", G(learning_beta), ACC_FK_PLAIN, 1, 0, INF, 0, "per M$", "selection intensity of imitation"},
    {"learning.mutation", G(learning_mutation), ACC_FK_PLAIN, 0.01, 0, 1, 0, "probability", "chance an imitation is a random redraw instead"},
    {"upstream_prob", G(upstream_prob), ACC_FK_PLAIN, 0.5, 0, 1, 0, "probability", "chance a startup builds on an upstream model"},
    {"open_upstream_share", G(open_upstream_share), ACC_FK_PLAIN, 0.5, 0, 1, 0, "probability", "chance that upstream is an open-source lab (else an incumbent)"},
    {"license_share", G(license_share), ACC_FK_PLAIN, 0.1, 0, 1, ACC_F_HI_OPEN, "share", "share of a downstream's revenue paid to an incumbent upstream"},
    {"value_per_revenue", G(value_per_revenue), ACC_FK_PLAIN, 2, 0, INF, 0, "M$ per M$", "social value of one M$ of AI revenue (welfare)"},
    {"exit_months", G(exit_months), ACC_FK_MONTHS, 12, 1, ACC_MAX_MONTHS, 0, "months", "consecutive loss-making months before leaving a market"},
    {"reentry_months", G(reentry_months), ACC_FK_MONTHS, 12, 0, ACC_MAX_MONTHS, 0, "months", "cooldown after leaving a market"},
    {"rejection_months", G(rejection_months), ACC_FK_MONTHS, 6, 0, ACC_MAX_MONTHS, 0, "months", "cooldown after a rejected application"},
    {"funding.max_age", G(funding_max_age), ACC_FK_PLAIN, 5, 0, 200, 0, "yr", "venture funding goes to startups younger than this (the initial population is 0 years old at t = 0)"},
    {"funding.reach", G(funding_reach), ACC_FK_PLAIN, 0.2, 0, 1, 0, "share", "investors consider the first ceil(reach n) of a home's n live startups ranked by A"},
    {"funding.concentration", G(funding_concentration), ACC_FK_PLAIN, 1, 0, INF, 0, "", "kappa_f: funding is split in proportion to A^kappa_f (0: equally)"},
    {"funding.max_share", G(funding_max_share), ACC_FK_PLAIN, 0.05, 0, 1, ACC_F_LO_OPEN, "share of the pool", "no recipient gets more than this share of its home's funding in a step (the excess is re-split)"},
    {"funding.open_source_share", G(funding_open_source_share), ACC_FK_PLAIN, 0, 0, 1, 0, "share of the pool", "part of each home's funding carved out for its open-source labs, on the same rule"},
    {"assessment.apply_min", G(assessment_apply_min), ACC_FK_PLAIN, 0.8, 0, 1, 0, "probability", "a certified option counts only if the chance to pass review is at least this (no applying on a gamble)"},
    {"rep.caught_loss", G(rep_caught_loss), ACC_FK_PLAIN, 0.2, 0, 1, 0, "reputation", "reputation lost when caught serving a binding market uncertified"},
    {"sme_revenue", G(sme_revenue), ACC_FK_PLAIN, 54, 0, INF, 0, "M$/yr", "firms with revenue below this pay the lower of fine_min and fine_share x revenue (with fine.sme_by_revenue)"},
    {"fine.sme_by_revenue", G(fine_sme_by_revenue), ACC_FK_BOOL, 0, 0, 1, 0, "bool", "SME fine rule by revenue (Y < sme_revenue, any kind; Y also counts current revenue); false: by kind, startups (v1.2)"},
    {"order.catch_up_first", G(order_catch_up_first), ACC_FK_BOOL, 0, 0, 1, 0, "bool", "startups catch up with their upstream's capability in the invest step, before the entry test (false: after the developers' phase, v1.2)"},
    {"compliance.per_market", G(compliance_per_market), ACC_FK_BOOL, 1, 0, 1, 0, "bool", "fixed compliance cost f and set-up charged per market (v1.2); false: once per requirement set, its markets' largest f (blocs and equivalence merge sets)"},
    {"upgrade.when_failing", G(upgrade_when_failing), ACC_FK_BOOL, 0, 0, 1, 0, "bool", "a developer holding a certificate whose standard its safety no longer meets also upgrades (false: only when an entry is blocked by safety, v1.2)"},
};

static const acc_field jur_fields[] = {
    {"market", J(market), ACC_FK_FLOW, 10000, 0, 1e12, ACC_F_LO_OPEN, "M$/yr", "M_j: annual spending addressable by AI products at t = 0"},
    {"growth", J(growth), ACC_FK_GROWTH, 0.2, -1, INF, ACC_F_LO_OPEN, "growth/yr", "g_j: market growth"},
    {"outside", J(outside), ACC_FK_PLAIN, 50, 0, INF, 0, "reference models", "omega_j: attractiveness of non-AI alternatives"},
    {"entry_cost", J(entry_cost), ACC_FK_PLAIN, 1, 0, INF, 0, "M$", "E0_j: non-regulatory cost of entering"},
    {"binding", J(binding), ACC_FK_BOOL, 0, 0, 1, 0, "bool", "certification required before deployment"},
    {"stringency", J(stringency), ACC_FK_PLAIN, 0.5, 0, 1, 0, "score [0,1]", "sigma_j: minimum safety score to be certified"},
    {"cert_cost", J(cert_cost), ACC_FK_PLAIN, 0.5, 0, INF, 0, "M$", "F_j: fee of one application (assessment, review); the one-off set-up of the requirement set is setup_cost"},
    {"compliance_cost", J(compliance_cost), ACC_FK_FLOW, 0.1, 0, INF, 0, "M$/yr", "f_j: ongoing fixed cost while certified"},
    {"compliance_share", J(compliance_share), ACC_FK_PLAIN, 0, 0, 1, ACC_F_HI_OPEN, "share of revenue", "xi_j: ongoing cost share of revenue in j while certified (< 1/epsilon)"},
    {"review_months", J(review_months), ACC_FK_MONTHS, 3, 0, ACC_MAX_MONTHS, 0, "months", "d_j: application to decision"},
    {"audit_rate", J(audit_rate), ACC_FK_PROB, 0.1, 0, 1, 0, "probability/yr", "a_j: chance a certified deployed developer is audited"},
    {"fine_share", J(fine_share), ACC_FK_PLAIN, 0, 0, 1, 0, "share of revenue", "P_j: fine as a share of trailing 12-month revenue"},
    {"fine_min", J(fine_min), ACC_FK_PLAIN, 0, 0, INF, 0, "M$", "P0_j: fixed fine amount (max for firms, min for startups)"},
    {"suspension_months", J(suspension_months), ACC_FK_MONTHS, 3, 0, ACC_MAX_MONTHS, 0, "months", "suspension after a failed audit"},
    {"detection", J(detection), ACC_FK_PROB, 0.5, 0, 1, 0, "probability/yr", "delta_j: chance j detects a live vulnerability of a model deployed in j"},
    {"label_premium", J(label_premium), ACC_FK_PLAIN, 0, 0, INF, 0, "share", "lambda_j: demand premium of a certified model where j is not binding"},
    {"startup_rate", J(startup_rate), ACC_FK_RATE, 0, 0, 1e6, 0, "startups/yr", "new startups founded in j"},
    {"transition_months", J(transition_months), ACC_FK_MONTHS, 12, 0, ACC_MAX_MONTHS, 0, "months", "grace for uncertified developers when j turns binding"},
    {"venture_funding", J(venture_funding), ACC_FK_FLOW, 0, 0, INF, 0, "M$/yr", "V_j: private investment in startups with home j at t = 0, grows with the market (0: no funding)"},
    {"users", J(users), ACC_FK_PLAIN, 0, 0, INF, 0, "million people", "U_j: people using AI products in j at t = 0 (0: no exposure)"},
    {"user_growth", J(user_growth), ACC_FK_GROWTH, 0, -1, INF, ACC_F_LO_OPEN, "growth/yr", "growth of U_j"},
    {"assessment_noise", J(assessment_noise), ACC_FK_PLAIN, 0, 0, INF, 0, "score sd", "sigma_a_j: sd of j's measurement of a safety score in reviews and audits (0: exact)"},
    {"enforcement", J(enforcement), ACC_FK_PROB, 0, 0, 1, 0, "probability/yr", "e_j: chance a developer serving j's binding market uncertified is caught"},
    {"regulated_share", J(regulated_share), ACC_FK_PLAIN, 1, 0, 1, 0, "share of spending", "h_j: share of j's AI spending in the uses its regime covers (the regulated segment); the rest is the open segment (1: one regulated market, v1.2)"},
    {"setup_cost", J(setup_cost), ACC_FK_PLAIN, 0, 0, INF, 0, "M$", "setup_j: one-off cost of meeting j's requirement set the first time (e.g. a quality-management system), paid with the fee at application"},
    {"sandbox_months", J(sandbox_months), ACC_FK_MONTHS, 0, 0, ACC_MAX_MONTHS, 0, "months", "startup sandbox: a startup younger than this may serve j's binding regulated segment uncertified, then has transition_months to be certified (0: no sandbox)"},
};

#define P(member) offsetof(acc_pop_cfg, member)
static const acc_field pop_fields[] = {
    {"law_abiding", P(law_abiding), ACC_FK_PLAIN, 1, 0, 1, 0, "probability", "chance a developer is law-abiding: never serves a binding market uncertified"},
};

#define NFIELDS(t) ((int)(sizeof(t) / sizeof((t)[0])))

const acc_field *acc_config_fields(int *n)
{
    if (n)
        *n = NFIELDS(config_fields);
    return config_fields;
}

const acc_field *acc_jur_fields(int *n)
{
    if (n)
        *n = NFIELDS(jur_fields);
    return jur_fields;
}

const acc_field *acc_pop_fields(int *n)
{
    if (n)
        *n = NFIELDS(pop_fields);
    return pop_fields;
}

const acc_field *acc_field_find(const acc_field *table, int n, const char *name)
{
    if (!table || !name)
        return NULL;
    for (int i = 0; i < n; i++)
        if (strcmp(table[i].name, name) == 0)
            return &table[i];
    return NULL;
}

static void fmt_num(char *buf, size_t n, double v)
{
    if (isinf(v))
        snprintf(buf, n, "%s", v > 0 ? "inf" : "-inf");
    else
        snprintf(buf, n, "%.10g", v);
}

void acc_field_range_str(const acc_field *f, char *buf, size_t n)
{
    if (!buf || n == 0)
        return;
    if (!f) {
        buf[0] = 0;
        return;
    }
    char lo[32], hi[32];
    fmt_num(lo, sizeof lo, f->lo);
    fmt_num(hi, sizeof hi, f->hi);
    if (f->kind == ACC_FK_BOOL) {
        snprintf(buf, n, "true/false");
        return;
    }
    snprintf(buf, n, "%c%s, %s%c", (f->flags & ACC_F_LO_OPEN) || isinf(f->lo) ? '(' : '[', lo, hi,
             (f->flags & ACC_F_HI_OPEN) || isinf(f->hi) ? ')' : ']');
}

int acc_field_check(const acc_field *f, double v, const char *what, char *err, size_t errlen)
{
    if (!f) {
        acc_errf(err, errlen, "%s%sno field to check", what ? what : "", what ? ": " : "");
        return ACC_EINVAL;
    }
    int ok = isfinite(v);
    if (ok) {
        ok = (f->flags & ACC_F_LO_OPEN) ? v > f->lo : v >= f->lo;
        ok = ok && ((f->flags & ACC_F_HI_OPEN) ? v < f->hi : v <= f->hi);
    }
    if (ok && (f->kind == ACC_FK_INT || f->kind == ACC_FK_BOOL))
        ok = v == floor(v);
    if (ok)
        return ACC_OK;
    char range[80], val[32];
    acc_field_range_str(f, range, sizeof range);
    if (isnan(v))
        snprintf(val, sizeof val, "nan");
    else
        fmt_num(val, sizeof val, v);
    acc_errf(err, errlen, "%s%s%s must be %s%s%s, got %s", what ? what : "", what ? ": " : "",
             f->name, f->kind == ACC_FK_BOOL ? "" : "in ", range,
             f->kind == ACC_FK_INT ? " (an integer)" : "", val);
    return ACC_EINVAL;
}

void acc_field_set(const acc_field *f, void *base, double v)
{
    if (!f || !base)
        return;
    char *p = (char *)base + f->offset;
    if (f->kind == ACC_FK_BOOL || f->kind == ACC_FK_INT) {
        int iv = (int)v;
        memcpy(p, &iv, sizeof iv);
    } else {
        memcpy(p, &v, sizeof v);
    }
}

double acc_field_get(const acc_field *f, const void *base)
{
    if (!f || !base)
        return NAN;
    const char *p = (const char *)base + f->offset;
    if (f->kind == ACC_FK_BOOL || f->kind == ACC_FK_INT) {
        int iv;
        memcpy(&iv, p, sizeof iv);
        return iv;
    }
    double v;
    memcpy(&v, p, sizeof v);
    return v;
}

void acc_jur_defaults(acc_jur_cfg *j)
{
    if (!j)
        return;
    memset(j, 0, sizeof *j);
    for (int i = 0; i < NFIELDS(jur_fields); i++)
        acc_field_set(&jur_fields[i], j, jur_fields[i].def);
    acc_jur_apply_preset(j, ACC_GENERIC_PRESET);
}

static acc_dist fixed(double v)
{
    acc_dist d = {ACC_DIST_FIXED, v, v};
    return d;
}

static acc_dist uniform(double lo, double hi)
{
    acc_dist d = {ACC_DIST_UNIFORM, lo, hi};
    return d;
}

static acc_dist loguniform(double lo, double hi)
{
    acc_dist d = {ACC_DIST_LOGUNIFORM, lo, hi};
    return d;
}

/* Templates per kind: the distributions are assumptions (data/ has no
 * figures for them; docs/model.md section 15), the numeric fields come from
 * data/kinds.csv. Money in M$. */
void acc_pop_defaults(acc_pop_cfg *p, int kind)
{
    if (!p)
        return;
    memset(p, 0, sizeof *p);
    p->kind = kind;
    p->count = 0;
    for (int i = 0; i < NFIELDS(pop_fields); i++)
        acc_field_set(&pop_fields[i], p, pop_fields[i].def);
    acc_pop_apply_kind(p, kind);
    switch (kind) {
    case ACC_INCUMBENT:
        p->capital = loguniform(2000, 50000);
        p->capability = uniform(2, 5);
        p->safety = uniform(0.5, 0.8);
        p->invest_rate = uniform(0.1, 0.3);
        p->safety_share = uniform(0.1, 0.25);
        p->horizon = fixed(5);
        p->opex = loguniform(40, 400);  /* v2 calibration (data/README.md): 200-2000 in v1.2 */
        p->phi_min = fixed(3);           /* v2 calibration (data/README.md): 1 in v1.2 */
        break;
    case ACC_OPEN_SOURCE:
        p->capital = loguniform(50, 2000);
        p->capability = uniform(1, 4);
        p->safety = uniform(0.3, 0.6);
        p->invest_rate = uniform(0.1, 0.3);
        p->safety_share = uniform(0.05, 0.15);
        p->horizon = fixed(3);
        p->opex = loguniform(5, 100);
        p->phi_min = fixed(0.8);
        break;
    default: /* startup */
        p->capital = loguniform(2, 100);
        p->capability = uniform(0, 2);
        p->safety = uniform(0.3, 0.7); /* v2 calibration (data/README.md): 0.2-0.6 in v1.2 */
        p->invest_rate = uniform(0.2, 0.5);
        p->safety_share = uniform(0.05, 0.2);
        p->horizon = fixed(3);
        p->opex = loguniform(0.5, 10);
        p->phi_min = fixed(0.5);
        break;
    }
}

void acc_config_defaults(acc_config *cfg)
{
    if (!cfg)
        return;
    memset(cfg, 0, sizeof *cfg); /* no lists: acc_config_init gives them room */
    snprintf(cfg->name, sizeof cfg->name, "unnamed");
    for (int i = 0; i < NFIELDS(config_fields); i++)
        acc_field_set(&config_fields[i], cfg, config_fields[i].def);
    acc_config_apply_world(cfg);
}

void acc_config_init(acc_config *cfg, acc_config_room *room)
{
    if (!cfg || !room)
        return;
    acc_config_defaults(cfg);
    cfg->jur = room->jur;
    cfg->pop = room->pop;
    cfg->recog = room->recog;
    cfg->bloc = room->bloc;
    cfg->link = room->link;
}

typedef struct config_block {
    acc_config cfg; /* first: the block's address is the configuration's */
    acc_config_room room;
} config_block;

acc_config *acc_config_new(void)
{
    config_block *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    acc_config_init(&b->cfg, &b->room);
    return &b->cfg;
}

void acc_config_free(acc_config *cfg) { free(cfg); }

acc_jur_cfg *acc_config_add_jur(acc_config *cfg, const char *id)
{
    if (!cfg || !cfg->jur || cfg->n_jur < 0 || cfg->n_jur >= ACC_MAX_JUR)
        return NULL;
    acc_jur_cfg *j = &cfg->jur[cfg->n_jur++];
    acc_jur_defaults_for(j, id);
    return j;
}

acc_pop_cfg *acc_config_add_pop(acc_config *cfg, int kind, int home)
{
    if (!cfg || !cfg->pop || cfg->n_pop < 0 || cfg->n_pop >= ACC_MAX_POP || kind < 0 || kind >= ACC_NKINDS ||
        home < 0 || home >= cfg->n_jur)
        return NULL;
    acc_pop_cfg *p = &cfg->pop[cfg->n_pop++];
    acc_pop_defaults(p, kind);
    p->home = home;
    return p;
}

acc_config *acc_config_dup(const acc_config *src)
{
    acc_config *cfg = src ? acc_config_new() : NULL;
    if (cfg)
        acc_config_copy(cfg, &((config_block *)cfg)->room, src);
    return cfg;
}

static int clamp_count(int n, int max) { return n < 0 ? 0 : n > max ? max : n; }

void acc_config_copy(acc_config *dst, acc_config_room *room, const acc_config *src)
{
    if (!dst || !room || !src)
        return;
    const acc_config s = *src; /* src may be dst */
    *dst = s;
    /* a list src has not (NULL) is empty in dst: its room holds nothing of src's */
    dst->n_jur = s.jur ? clamp_count(s.n_jur, ACC_MAX_JUR) : 0;
    dst->n_pop = s.pop ? clamp_count(s.n_pop, ACC_MAX_POP) : 0;
    dst->n_recog = s.recog ? clamp_count(s.n_recog, ACC_MAX_RECOG) : 0;
    dst->n_blocs = s.bloc ? clamp_count(s.n_blocs, ACC_MAX_BLOCS) : 0;
    dst->n_links = s.link ? clamp_count(s.n_links, ACC_MAX_LINKS) : 0;
    if (s.jur && s.jur != room->jur)
        memmove(room->jur, s.jur, (size_t)dst->n_jur * sizeof *s.jur);
    if (s.pop && s.pop != room->pop)
        memmove(room->pop, s.pop, (size_t)dst->n_pop * sizeof *s.pop);
    if (s.recog && s.recog != room->recog)
        memmove(room->recog, s.recog, (size_t)dst->n_recog * sizeof *s.recog);
    if (s.bloc && s.bloc != room->bloc)
        memmove(room->bloc, s.bloc, (size_t)dst->n_blocs * sizeof *s.bloc);
    if (s.link && s.link != room->link)
        memmove(room->link, s.link, (size_t)dst->n_links * sizeof *s.link);
    dst->jur = room->jur;
    dst->pop = room->pop;
    dst->recog = room->recog;
    dst->bloc = room->bloc;
    dst->link = room->link;
}

int acc_config_jur_index(const acc_config *cfg, const char *id)
{
    if (!cfg || !id)
        return -1;
    for (int j = 0; j < cfg->n_jur; j++)
        if (strcmp(cfg->jur[j].id, id) == 0)
            return j;
    return -1;
}

static int check_dist(const acc_dist *d, const char *what, const char *name, double lo, double hi,
                      char *err, size_t errlen)
{
    if (d->type < ACC_DIST_FIXED || d->type > ACC_DIST_LOGUNIFORM) {
        acc_errf(err, errlen, "%s: %s has an unknown distribution type", what, name);
        return ACC_EINVAL;
    }
    if (!isfinite(d->lo) || !isfinite(d->hi) || d->lo < lo || d->hi > hi || d->lo > d->hi) {
        acc_errf(err, errlen, "%s: %s must lie in [%g, %g] with lo <= hi, got [%g, %g]", what, name,
                 lo, hi, d->lo, d->hi);
        return ACC_EINVAL;
    }
    if (d->type == ACC_DIST_LOGUNIFORM && !(d->lo > 0)) {
        acc_errf(err, errlen, "%s: %s is log-uniform, so its low end must be > 0, got %g", what,
                 name, d->lo);
        return ACC_EINVAL;
    }
    return ACC_OK;
}

static int check_jurisdictions(const acc_config *cfg, char *err, size_t errlen)
{
    int rc;
    if (cfg->n_jur < 1 || cfg->n_jur > ACC_MAX_JUR) {
        acc_errf(err, errlen, "a scenario needs 1 to %d jurisdictions, got %d", ACC_MAX_JUR, cfg->n_jur);
        return ACC_EINVAL;
    }
    for (int j = 0; j < cfg->n_jur; j++) {
        const acc_jur_cfg *jc = &cfg->jur[j];
        char what[96];
        if (!jc->id[0]) {
            acc_errf(err, errlen, "jurisdiction #%d has no id", j + 1);
            return ACC_EINVAL;
        }
        /* The strings are read as C strings (messages, summary names, ids
         * compared): one without its NUL would be read past its array. */
        if (!memchr(jc->id, 0, sizeof jc->id)) {
            acc_errf(err, errlen, "jurisdiction #%d: id must be 1 to %d characters (no NUL in its %d bytes)",
                     j + 1, (int)sizeof jc->id - 1, (int)sizeof jc->id);
            return ACC_EINVAL;
        }
        if (!memchr(jc->name, 0, sizeof jc->name)) {
            acc_errf(err, errlen, "jurisdiction '%s': name must be at most %d characters (no NUL in its %d bytes)",
                     jc->id, (int)sizeof jc->name - 1, (int)sizeof jc->name);
            return ACC_EINVAL;
        }
        /* the outputs' names for the totals (timeseries.csv) and a developer's
         * own detection (events.csv): a scenario refuses them with its line;
         * an embedder's configuration is refused here */
        if (strcmp(jc->id, "all") == 0 || strcmp(jc->id, "self") == 0) {
            acc_errf(err, errlen, "jurisdiction id '%s' is reserved (the outputs use 'all' for the "
                                  "totals and 'self' for a developer's own detection)", jc->id);
            return ACC_EINVAL;
        }
        for (int k = 0; k < j; k++)
            if (strcmp(cfg->jur[k].id, jc->id) == 0) {
                acc_errf(err, errlen, "jurisdiction id '%s' is used twice", jc->id);
                return ACC_EINVAL;
            }
        snprintf(what, sizeof what, "jurisdiction '%s'", jc->id);
        for (int i = 0; i < NFIELDS(jur_fields); i++)
            if ((rc = acc_field_check(&jur_fields[i], acc_field_get(&jur_fields[i], jc), what, err,
                                      errlen)))
                return rc;
        if (!(jc->compliance_share * cfg->elasticity < 1)) {
            acc_errf(err, errlen, "%s: compliance_share must be below 1/market.elasticity = %g, got %g",
                     what, 1 / cfg->elasticity, jc->compliance_share);
            return ACC_EINVAL;
        }
    }
    return ACC_OK;
}

static int check_populations(const acc_config *cfg, char *err, size_t errlen)
{
    int rc;
    if (cfg->n_pop < 0 || cfg->n_pop > ACC_MAX_POP) {
        acc_errf(err, errlen, "at most %d population entries, got %d", ACC_MAX_POP, cfg->n_pop);
        return ACC_EINVAL;
    }
    for (int i = 0; i < cfg->n_pop; i++) {
        const acc_pop_cfg *p = &cfg->pop[i];
        char what[96];
        if (p->kind < 0 || p->kind >= ACC_NKINDS) {
            acc_errf(err, errlen, "population #%d: bad kind: must be in [0, %d] (acc_kind), got %d", i + 1,
                     ACC_NKINDS - 1, p->kind);
            return ACC_EINVAL;
        }
        if (p->home < 0 || p->home >= cfg->n_jur) {
            acc_errf(err, errlen, "population #%d: bad home: must be a jurisdiction index in [0, %d], got %d",
                     i + 1, cfg->n_jur - 1, p->home);
            return ACC_EINVAL;
        }
        snprintf(what, sizeof what, "population %s@%s", acc_kind_name(p->kind), cfg->jur[p->home].id);
        if (p->count < 0 || p->count > 10000000) {
            acc_errf(err, errlen, "%s: count must be in [0, 10000000], got %d", what, p->count);
            return ACC_EINVAL;
        }
        if ((rc = check_dist(&p->capital, what, "capital", -1e9, 1e9, err, errlen)) ||
            (rc = check_dist(&p->capability, what, "capability", 0, 1e6, err, errlen)) ||
            (rc = check_dist(&p->safety, what, "safety", 0, 1, err, errlen)) ||
            (rc = check_dist(&p->invest_rate, what, "invest_rate", 0, 12, err, errlen)) ||
            (rc = check_dist(&p->safety_share, what, "safety_share", 0, 1, err, errlen)) ||
            (rc = check_dist(&p->horizon, what, "horizon", 0, 100, err, errlen)) ||
            (rc = check_dist(&p->opex, what, "opex", 0, 1e9, err, errlen)) ||
            (rc = check_dist(&p->phi_min, what, "phi_min", 1e-9, 1e9, err, errlen)))
            return rc;
        for (int f = 0; f < NFIELDS(pop_fields); f++)
            if ((rc = acc_field_check(&pop_fields[f], acc_field_get(&pop_fields[f], p), what, err, errlen)))
                return rc;
        if (!(p->horizon.lo > 0) || !(p->phi_min.lo > 0)) {
            acc_errf(err, errlen, "%s: horizon and phi_min must be > 0", what);
            return ACC_EINVAL;
        }
    }
    return ACC_OK;
}

/* Each bloc on its own (acc_bloc_check), then across them: ids used once, a
 * jurisdiction in at most one bloc. */
static int check_blocs(const acc_config *cfg, char *err, size_t errlen)
{
    int in_bloc[ACC_MAX_JUR];
    for (int j = 0; j < ACC_MAX_JUR; j++)
        in_bloc[j] = -1;
    for (int b = 0; b < cfg->n_blocs; b++) {
        const acc_bloc_cfg *bc = &cfg->bloc[b];
        if (acc_bloc_check(cfg, bc, NULL, NULL, err, errlen))
            return ACC_EINVAL;
        for (int q = 0; q < b; q++)
            if (strcmp(cfg->bloc[q].id, bc->id) == 0) {
                acc_errf(err, errlen, "bloc id '%s' is used twice", bc->id);
                return ACC_EINVAL;
            }
        for (int m = 0; m < bc->n_members; m++) {
            int j = bc->members[m];
            if (in_bloc[j] >= 0) {
                acc_errf(err, errlen, "jurisdiction '%s' is in two blocs ('%s' and '%s'); at most one",
                         cfg->jur[j].id, cfg->bloc[in_bloc[j]].id, bc->id);
                return ACC_EINVAL;
            }
            in_bloc[j] = b;
        }
    }
    return ACC_OK;
}

/* Recognitions and sharing links: each on its own, then one entry per pair
 * (removing or suspending it at run time must remove or cut it). */
static int check_pairs(const acc_config *cfg, char *err, size_t errlen)
{
    for (int r = 0; r < cfg->n_recog; r++) {
        const acc_recog_cfg *rc = &cfg->recog[r];
        if (acc_recog_check(cfg, rc, NULL, NULL, err, errlen))
            return ACC_EINVAL;
        for (int q = 0; q < r; q++)
            if (cfg->recog[q].to == rc->to && cfg->recog[q].from == rc->from) {
                acc_errf(err, errlen, "recognition %s <- %s is listed twice (check 'mutual')",
                         cfg->jur[rc->to].id, cfg->jur[rc->from].id);
                return ACC_EINVAL;
            }
    }
    for (int l = 0; l < cfg->n_links; l++) {
        const acc_link_cfg *lc = &cfg->link[l];
        if (acc_link_check(cfg, lc, NULL, NULL, err, errlen))
            return ACC_EINVAL;
        for (int q = 0; q < l; q++)
            if (cfg->link[q].from == lc->from && cfg->link[q].to == lc->to) {
                acc_errf(err, errlen, "sharing link %s -> %s is listed twice (check 'mutual')",
                         cfg->jur[lc->from].id, cfg->jur[lc->to].id);
                return ACC_EINVAL;
            }
    }
    return ACC_OK;
}

int acc_config_validate(const acc_config *cfg, char *err, size_t errlen)
{
    int rc;
    if (!cfg) {
        acc_errf(err, errlen, "acc_config_validate: no configuration");
        return ACC_EINVAL;
    }
    if (!memchr(cfg->name, 0, sizeof cfg->name)) {
        acc_errf(err, errlen, "the scenario's name must be at most %d characters (no NUL in its %d bytes)",
                 (int)sizeof cfg->name - 1, (int)sizeof cfg->name);
        return ACC_EINVAL;
    }
    for (int i = 0; i < NFIELDS(config_fields); i++)
        if ((rc = acc_field_check(&config_fields[i], acc_field_get(&config_fields[i], cfg), NULL, err,
                                  errlen)))
            return rc;
    if (!(cfg->productivity_shape > cfg->elasticity - 1)) {
        acc_errf(err, errlen,
                 "productivity_shape must exceed market.elasticity - 1 = %g (finite mean revenue), got %g",
                 cfg->elasticity - 1, cfg->productivity_shape);
        return ACC_EINVAL;
    }
    const struct {
        const char *name;
        int n;
        const void *p;
    } lists[] = {{"jur", cfg->n_jur, cfg->jur}, {"pop", cfg->n_pop, cfg->pop}, {"recog", cfg->n_recog, cfg->recog},
                 {"bloc", cfg->n_blocs, cfg->bloc}, {"link", cfg->n_links, cfg->link}};
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
        if (lists[i].n > 0 && !lists[i].p) {
            acc_errf(err, errlen, "the configuration has %d %s entries but no list (%s is NULL; see acc_config_init)",
                     lists[i].n, lists[i].name, lists[i].name);
            return ACC_EINVAL;
        }
    if ((rc = check_jurisdictions(cfg, err, errlen)) || (rc = check_populations(cfg, err, errlen)))
        return rc;
    const struct {
        const char *name;
        int n, max;
    } counts[] = {{"n_blocs", cfg->n_blocs, ACC_MAX_BLOCS},
                  {"n_recog", cfg->n_recog, ACC_MAX_RECOG},
                  {"n_links", cfg->n_links, ACC_MAX_LINKS}};
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
        if (counts[i].n < 0 || counts[i].n > counts[i].max) {
            acc_errf(err, errlen, "%s must be in [0, %d], got %d",
                     counts[i].name, counts[i].max, counts[i].n);
            return ACC_EINVAL;
        }
    if ((rc = check_blocs(cfg, err, errlen)) || (rc = check_pairs(cfg, err, errlen)))
        return rc;
    return ACC_OK;
}

const char *acc_kind_name(int kind)
{
    static const char *names[] = {"incumbent", "startup", "open_source"};
    return kind >= 0 && kind < ACC_NKINDS ? names[kind] : "?";
}

int acc_kind_parse(const char *s)
{
    if (!s)
        return -1;
    for (int k = 0; k < ACC_NKINDS; k++)
        if (strcmp(s, acc_kind_name(k)) == 0)
            return k;
    return -1;
}

const char *acc_path_name(int path)
{
    static const char *names[] = {"none", "own", "assessment", "equivalence", "bloc", "incumbency"};
    return path >= 0 && path <= ACC_PATH_INCUMBENCY ? names[path] : "?";
}
