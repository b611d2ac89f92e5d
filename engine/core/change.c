/* accord — changes while a run goes on (policies): field setters with the same
 * validation as the scenario's, recognition, sharing links, blocs, injected
 * vulnerabilities, developer attributes; and the per-step values derived
 * from the live configuration (recomputed whenever a field changes).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/world_int.h"

#include <stdio.h>
#include <string.h>

/* ---- derived values ---------------------------------------------------------------- */

void acc__derive_jur(acc_world *w, int j)
{
    const acc_jur_cfg *jc = &w->cfg.jur[j];
    jderived *d = &w->jd[j];
    double spy = w->spy;
    d->growth_step = conv_growth(jc->growth, spy);
    d->user_growth_step = conv_growth(jc->user_growth, spy);
    d->compliance_step = jc->compliance_cost / spy;
    d->audit_p = conv_prob(jc->audit_rate, spy);
    d->detect_p = conv_prob(jc->detection, spy);
    d->startup_mean = jc->startup_rate / spy;
    d->review_steps = conv_months(jc->review_months, spy);
    d->susp_steps = conv_months(jc->suspension_months, spy);
    d->trans_steps = conv_months(jc->transition_months, spy);
    d->sbx_steps = conv_months(jc->sandbox_months, spy);
    d->enforce_p = conv_prob(jc->enforcement, spy);
    d->has_open = jc->regulated_share < 1;
    d->has_reg = jc->regulated_share > 0;
    w->open_mask = d->has_open ? w->open_mask | (1u << j) : w->open_mask & ~(1u << j);
}

static void derive_tables(acc_world *w)
{
    const acc_config *cfg = &w->cfg;
    for (int a = 0; a < w->J; a++)
        for (int b = 0; b < ACC_MAX_JUR; b++)
            w->recog_idx[a][b] = w->link_idx[a][b] = -1;
    memset(w->nrecog_to, 0, sizeof w->nrecog_to);
    for (int r = 0; r < cfg->n_recog; r++) {
        w->recog_idx[cfg->recog[r].to][cfg->recog[r].from] = (int16_t)r;
        w->nrecog_to[cfg->recog[r].to]++;
    }
    for (int l = 0; l < cfg->n_links; l++) {
        w->link_idx[cfg->link[l].from][cfg->link[l].to] = (int16_t)l;
        w->link_lag[l] = conv_months(cfg->link[l].lag_months, w->spy);
    }
    for (int j = 0; j < w->J; j++)
        w->jd[j].bloc = -1;
    for (int b = 0; b < cfg->n_blocs; b++)
        for (int m = 0; m < cfg->bloc[b].n_members; m++)
            w->jd[cfg->bloc[b].members[m]].bloc = b;
}

void acc__derive_all(acc_world *w)
{
    const acc_config *cfg = &w->cfg;
    w->spy = cfg->steps_per_year;
    w->eps = cfg->elasticity;
    w->inv_eps = 1.0 / cfg->elasticity;
    powspec_set(&w->pw_a, cfg->elasticity - 1);
    powspec_set(&w->pw_rd, cfg->rd_returns);
    powspec_set(&w->pw_haz, cfg->risk_capability_exponent);
    w->nsteps = (int)round(cfg->years * cfg->steps_per_year);
    w->upgrade_step = conv_prob(cfg->upgrade_speed, w->spy);
    w->imitation_p = conv_prob(cfg->learning_imitation_rate, w->spy);
    w->rep_recovery_f = -expm1(-cfg->rep_recovery / w->spy);
    w->lic = cfg->license_share;
    w->patch_steps = conv_months(cfg->risk_patch_months, w->spy);
    w->exit_steps = conv_months(cfg->exit_months, w->spy);
    if (w->exit_steps < 1)
        w->exit_steps = 1;
    w->reentry_steps = conv_months(cfg->reentry_months, w->spy);
    w->rejection_steps = conv_months(cfg->rejection_months, w->spy);
    for (int j = 0; j < w->J; j++)
        acc__derive_jur(w, j);
    derive_tables(w);
}

double acc__bloc_standard(const acc_world *w, int b)
{
    const acc_bloc_cfg *bc = &w->cfg.bloc[b];
    if (bc->rule == ACC_BLOC_FIXED)
        return bc->standard;
    double acc = bc->rule == ACC_BLOC_MIN ? 1.0 : 0.0;
    for (int m = 0; m < bc->n_members; m++) {
        double s = w->cfg.jur[bc->members[m]].stringency;
        if (bc->rule == ACC_BLOC_MAX)
            acc = s > acc ? s : acc;
        else if (bc->rule == ACC_BLOC_MIN)
            acc = s < acc ? s : acc;
        else
            acc += s;
    }
    return bc->rule == ACC_BLOC_MEAN ? acc / bc->n_members : acc;
}

/* A bloc's assessment noise: the members' largest (MODEL.md, Regulators). */
double acc__bloc_noise(const acc_world *w, int b)
{
    const acc_bloc_cfg *bc = &w->cfg.bloc[b];
    double sa = 0;
    for (int m = 0; m < bc->n_members; m++) {
        double x = w->cfg.jur[bc->members[m]].assessment_noise;
        sa = x > sa ? x : sa;
    }
    return sa;
}

double acc_world_bloc_standard(const acc_world *w, int b)
{
    return w && b >= 0 && b < w->cfg.n_blocs ? acc__bloc_standard(w, b) : NAN;
}

double acc__bloc_fee(const acc_world *w, int b)
{
    const acc_bloc_cfg *bc = &w->cfg.bloc[b];
    if (bc->cert_cost >= 0)
        return bc->cert_cost;
    double f = 0;
    for (int m = 0; m < bc->n_members; m++)
        if (w->cfg.jur[bc->members[m]].cert_cost > f)
            f = w->cfg.jur[bc->members[m]].cert_cost;
    return f;
}

int acc__bloc_review_steps(const acc_world *w, int b)
{
    const acc_bloc_cfg *bc = &w->cfg.bloc[b];
    if (bc->review_months >= 0)
        return conv_months(bc->review_months, w->spy);
    int d = 0;
    for (int m = 0; m < bc->n_members; m++)
        if (w->jd[bc->members[m]].review_steps > d)
            d = w->jd[bc->members[m]].review_steps;
    return d;
}

double acc__recog_fee(const acc_world *w, int r)
{
    const acc_recog_cfg *rc = &w->cfg.recog[r];
    return rc->fee >= 0 ? rc->fee : 0.1 * w->cfg.jur[rc->to].cert_cost;
}

int acc__recog_review_steps(const acc_world *w, int r)
{
    const acc_recog_cfg *rc = &w->cfg.recog[r];
    return conv_months(rc->review_months >= 0 ? rc->review_months : 1.0, w->spy);
}

double acc__ref_standard(const acc_world *w, int ref)
{
    if (ref >= REF_BLOC && ref - REF_BLOC < w->cfg.n_blocs)
        return acc__bloc_standard(w, ref - REF_BLOC);
    if (ref >= 0 && ref < w->J)
        return w->cfg.jur[ref].stringency;
    return 0;
}

/* ---- field setters ------------------------------------------------------------------- */


static int check_world_jur(const acc_world *w, int j, char *err, size_t errlen)
{
    if (!w) {
        acc_errf(err, errlen, "no world");
        return ACC_EINVAL;
    }
    if (j < 0 || j >= w->J) {
        acc_errf(err, errlen, "no jurisdiction #%d (the scenario has %d)", j, w->J);
        return ACC_EINVAL;
    }
    return ACC_OK;
}

int acc_world_jur_set(acc_world *w, int j, const char *field, double value, char *err, size_t errlen)
{
    int rc = check_world_jur(w, j, err, errlen);
    if (rc)
        return rc;
    int n;
    const acc_field *tab = acc_jur_fields(&n);
    const acc_field *f = field ? acc_field_find(tab, n, field) : NULL;
    char what[96];
    snprintf(what, sizeof what, "jurisdiction '%s'", w->cfg.jur[j].id);
    if (!f) {
        if (field)
            acc_errf(err, errlen, "%s: unknown field '%s'", what, field);
        else
            acc_errf(err, errlen, "%s: no field name (NULL)", what);
        return ACC_EINVAL;
    }
    if ((rc = acc_field_check(f, value, what, err, errlen)))
        return rc;
    if (strcmp(f->name, "compliance_share") == 0 && !(value * w->eps < 1)) {
        acc_errf(err, errlen, "%s: compliance_share must be below 1/market.elasticity = %g, got %g", what,
                 w->inv_eps, value);
        return ACC_EINVAL;
    }
    acc_jur_cfg *jc = &w->cfg.jur[j];
    /* The segments are fixed once the run has started (docs/model.md,
     * Segments); before the first step a change redoes the initial state of
     * the developers at home in j. */
    const int segs = strcmp(f->name, "regulated_share") == 0;
    if (segs && (w->in_step || w->done > 0)) {
        acc_errf(err, errlen, "%s: regulated_share cannot change during a run (set it in the scenario), got %g",
                 what, value);
        return ACC_EINVAL;
    }
    if (strcmp(f->name, "sandbox_months") == 0 && value > 0 && acc__track_sbx(w)) {
        acc_errf(err, errlen, "%s: out of memory keeping the startup sandbox's marks", what);
        return ACC_ENOMEM;
    }
    int was_binding = jc->binding;
    acc_field_set(f, jc, value);
    acc__derive_jur(w, j);
    if (segs)
        for (int64_t i = 0; i < w->n; i++)
            if (w->home[i] == j)
                acc__initial_state(w, i);
    if (!was_binding && jc->binding)
        w->jd[j].transition_until = acc__now(w) + w->jd[j].trans_steps;
    else if (was_binding && !jc->binding)
        w->jd[j].transition_until = -1;
    acc__emit(w, ACC_EV_POLICY, -1, j, 0, value, 0, 0, f->name);
    return ACC_OK;
}

int acc_world_jur_get(const acc_world *w, int j, const char *field, double *value, char *err,
                      size_t errlen)
{
    int rc = check_world_jur(w, j, err, errlen);
    if (rc)
        return rc;
    int n;
    const acc_field *tab = acc_jur_fields(&n);
    const acc_field *f = field ? acc_field_find(tab, n, field) : NULL;
    if (!f) {
        if (field)
            acc_errf(err, errlen, "jurisdiction '%s': unknown field '%s'", w->cfg.jur[j].id, field);
        else
            acc_errf(err, errlen, "jurisdiction '%s': no field name (NULL)", w->cfg.jur[j].id);
        return ACC_EINVAL;
    }
    if (!value) {
        acc_errf(err, errlen, "jurisdiction '%s': %s: no place for the value (NULL)", w->cfg.jur[j].id, f->name);
        return ACC_EINVAL;
    }
    *value = acc_field_get(f, &w->cfg.jur[j]);
    return ACC_OK;
}

int acc_world_param_set(acc_world *w, const char *field, double value, char *err, size_t errlen)
{
    if (!w) {
        acc_errf(err, errlen, "no world");
        return ACC_EINVAL;
    }
    int n;
    const acc_field *tab = acc_config_fields(&n);
    const acc_field *f = field ? acc_field_find(tab, n, field) : NULL;
    if (!f) {
        acc_errf(err, errlen, "unknown parameter '%s'", field ? field : "(null)");
        return ACC_EINVAL;
    }
    int rc = acc_field_check(f, value, NULL, err, errlen);
    if (rc)
        return rc;
    const acc_config *cfg = &w->cfg;
    if (strcmp(f->name, "steps_per_year") == 0 && value != cfg->steps_per_year) {
        acc_errf(err, errlen, "steps_per_year cannot change during a run (it is %g)", cfg->steps_per_year);
        return ACC_EINVAL;
    }
    if (strcmp(f->name, "years") == 0 && round(value * cfg->steps_per_year) < w->done + w->in_step) {
        acc_errf(err, errlen, "years must cover the %d steps already run, got %g", w->done + w->in_step,
                 value);
        return ACC_EINVAL;
    }
    double eps = strcmp(f->name, "market.elasticity") == 0 ? value : cfg->elasticity;
    double k = strcmp(f->name, "productivity_shape") == 0 ? value : cfg->productivity_shape;
    if (!(k > eps - 1)) {
        acc_errf(err, errlen,
                 "%s: productivity_shape must exceed market.elasticity - 1 = %g, got %g", f->name,
                 eps - 1, k);
        return ACC_EINVAL;
    }
    for (int j = 0; j < w->J; j++)
        if (!(cfg->jur[j].compliance_share * eps < 1)) {
            acc_errf(err, errlen,
                     "market.elasticity %g would put jurisdiction '%s''s compliance_share %g above "
                     "1/elasticity",
                     eps, cfg->jur[j].id, cfg->jur[j].compliance_share);
            return ACC_EINVAL;
        }
    if (strcmp(f->name, "learning.imitation_rate") == 0 && value > 0 && acc__track_paid(w)) {
        acc_errf(err, errlen, "out of memory keeping the developers' payments for social learning");
        return ACC_ENOMEM;
    }
    acc_field_set(f, &w->cfg, value);
    acc__derive_all(w);
    acc__emit(w, ACC_EV_POLICY, -1, -1, 0, value, 0, 0, f->name);
    return ACC_OK;
}

int acc_world_param_get(const acc_world *w, const char *field, double *value, char *err, size_t errlen)
{
    if (!w) {
        acc_errf(err, errlen, "no world");
        return ACC_EINVAL;
    }
    int n;
    const acc_field *tab = acc_config_fields(&n);
    const acc_field *f = field ? acc_field_find(tab, n, field) : NULL;
    if (!f) {
        acc_errf(err, errlen, "unknown parameter '%s'", field ? field : "(null)");
        return ACC_EINVAL;
    }
    if (!value) {
        acc_errf(err, errlen, "%s: no place for the value (NULL)", f->name);
        return ACC_EINVAL;
    }
    *value = acc_field_get(f, &w->cfg);
    return ACC_OK;
}

/* ---- harmonization ------------------------------------------------------------------- */

static int check_pair(const acc_world *w, int a, int b, const char *what, char *err, size_t errlen)
{
    if (!w) {
        acc_errf(err, errlen, "no world");
        return ACC_EINVAL;
    }
    if (a < 0 || a >= w->J || b < 0 || b >= w->J || a == b) {
        acc_errf(err, errlen, "%s must name two different jurisdictions (#%d and #%d of %d)", what, a, b,
                 w->J);
        return ACC_EINVAL;
    }
    return ACC_OK;
}

int acc_world_recognition_add(acc_world *w, const acc_recog_cfg *r, char *err, size_t errlen)
{
    if (!w || !r) {
        acc_errf(err, errlen, "%s", w ? "recognition: no description" : "no world");
        return ACC_EINVAL;
    }
    if (acc_recog_check(&w->cfg, r, NULL, NULL, err, errlen))
        return ACC_EINVAL;
    if (w->recog_idx[r->to][r->from] >= 0) {
        acc_errf(err, errlen, "%s already recognises %s (remove it first to change it)", w->cfg.jur[r->to].id,
                 w->cfg.jur[r->from].id);
        return ACC_EINVAL;
    }
    if (w->cfg.n_recog >= ACC_MAX_RECOG) {
        acc_errf(err, errlen, "too many recognitions (at most %d)", ACC_MAX_RECOG);
        return ACC_EINVAL;
    }
    if (acc__opt_reserve(w, w->cfg.n_recog + 1, w->cfg.n_blocs) ||
        acc__cfg_room(w, w->cfg.n_recog + 1, w->cfg.n_links, w->cfg.n_blocs)) {
        acc_errf(err, errlen, "out of memory adding a recognition");
        return ACC_ENOMEM;
    }
    w->cfg.recog[w->cfg.n_recog++] = *r;
    derive_tables(w);
    acc__emit_policy(w, r->to, r->from, -1, r->mode == ACC_RECOG_EQUIVALENCE, "recognition_add");
    return ACC_OK;
}

int acc_world_recognition_remove(acc_world *w, int to, int from, char *err, size_t errlen)
{
    int rc = check_pair(w, to, from, "recognition", err, errlen);
    if (rc)
        return rc;
    int r = w->recog_idx[to][from];
    if (r < 0) {
        acc_errf(err, errlen, "%s does not recognise %s", w->cfg.jur[to].id, w->cfg.jur[from].id);
        return ACC_EINVAL;
    }
    memmove(&w->cfg.recog[r], &w->cfg.recog[r + 1],
            (size_t)(w->cfg.n_recog - r - 1) * sizeof w->cfg.recog[0]);
    w->cfg.n_recog--;
    derive_tables(w);
    acc__emit_policy(w, to, from, -1, 0, "recognition_remove");
    return ACC_OK;
}

int acc_world_link_add(acc_world *w, const acc_link_cfg *l, char *err, size_t errlen)
{
    if (!w || !l) {
        acc_errf(err, errlen, "%s", w ? "sharing link: no description" : "no world");
        return ACC_EINVAL;
    }
    if (acc_link_check(&w->cfg, l, NULL, NULL, err, errlen))
        return ACC_EINVAL;
    if (w->link_idx[l->from][l->to] >= 0) {
        acc_errf(err, errlen, "a sharing link %s -> %s already exists", w->cfg.jur[l->from].id,
                 w->cfg.jur[l->to].id);
        return ACC_EINVAL;
    }
    if (w->cfg.n_links >= ACC_MAX_LINKS) {
        acc_errf(err, errlen, "too many sharing links (at most %d)", ACC_MAX_LINKS);
        return ACC_EINVAL;
    }
    if (acc__cfg_room(w, w->cfg.n_recog, w->cfg.n_links + 1, w->cfg.n_blocs)) {
        acc_errf(err, errlen, "out of memory adding a sharing link");
        return ACC_ENOMEM;
    }
    w->cfg.link[w->cfg.n_links++] = *l;
    derive_tables(w);
    acc__emit_policy(w, l->from, l->to, -1, l->lag_months, "link_add");
    return ACC_OK;
}

int acc_world_link_set_active(acc_world *w, int from, int to, int active, char *err, size_t errlen)
{
    int rc = check_pair(w, from, to, "a sharing link", err, errlen);
    if (rc)
        return rc;
    int l = w->link_idx[from][to];
    if (l < 0) {
        acc_errf(err, errlen, "no sharing link %s -> %s", w->cfg.jur[from].id, w->cfg.jur[to].id);
        return ACC_EINVAL;
    }
    if (active != 0 && active != 1) { /* checked before it becomes the link's byte */
        acc_errf(err, errlen, "a sharing link: active must be 0 or 1, got %d", active);
        return ACC_EINVAL;
    }
    acc_link_cfg changed = w->cfg.link[l];
    changed.active = (uint8_t)active;
    if (acc_link_check(&w->cfg, &changed, NULL, NULL, err, errlen))
        return ACC_EINVAL;
    w->cfg.link[l].active = (uint8_t)active;
    acc__emit_policy(w, from, to, -1, active ? 1 : 0, active ? "link_restore" : "link_suspend");
    return ACC_OK;
}

int acc_world_bloc_add(acc_world *w, const acc_bloc_cfg *b, char *err, size_t errlen)
{
    if (!w || !b) {
        acc_errf(err, errlen, "%s", w ? "bloc: no description" : "no world");
        return ACC_EINVAL;
    }
    if (acc_bloc_check(&w->cfg, b, NULL, NULL, err, errlen))
        return ACC_EINVAL;
    for (int q = 0; q < w->cfg.n_blocs; q++)
        if (strcmp(w->cfg.bloc[q].id, b->id) == 0) {
            acc_errf(err, errlen, "bloc id '%s' is already used", b->id);
            return ACC_EINVAL;
        }
    if (w->cfg.n_blocs >= ACC_MAX_BLOCS) {
        acc_errf(err, errlen, "too many blocs (at most %d)", ACC_MAX_BLOCS);
        return ACC_EINVAL;
    }
    for (int m = 0; m < b->n_members; m++) {
        int j = b->members[m];
        if (w->jd[j].bloc >= 0) {
            acc_errf(err, errlen, "jurisdiction '%s' is already in bloc '%s'; a jurisdiction is in at most one",
                     w->cfg.jur[j].id, w->cfg.bloc[w->jd[j].bloc].id);
            return ACC_EINVAL;
        }
    }
    if (acc__opt_reserve(w, w->cfg.n_recog, w->cfg.n_blocs + 1) ||
        acc__cfg_room(w, w->cfg.n_recog, w->cfg.n_links, w->cfg.n_blocs + 1)) {
        acc_errf(err, errlen, "out of memory adding a bloc");
        return ACC_ENOMEM;
    }
    w->cfg.bloc[w->cfg.n_blocs++] = *b;
    derive_tables(w);
    acc__emit_policy(w, -1, -1, w->cfg.n_blocs - 1, w->cfg.bloc[w->cfg.n_blocs - 1].n_members, "bloc_add");
    return ACC_OK;
}

int acc_world_bloc_set_standard(acc_world *w, int bloc, int rule, double standard, char *err,
                                size_t errlen)
{
    if (!w) {
        acc_errf(err, errlen, "no world");
        return ACC_EINVAL;
    }
    if (bloc < 0 || bloc >= w->cfg.n_blocs) {
        acc_errf(err, errlen, "no bloc #%d (the scenario has %d)", bloc, w->cfg.n_blocs);
        return ACC_EINVAL;
    }
    acc_bloc_cfg changed = w->cfg.bloc[bloc];
    changed.rule = rule;
    changed.standard = standard;
    if (acc_bloc_check(&w->cfg, &changed, NULL, NULL, err, errlen))
        return ACC_EINVAL;
    w->cfg.bloc[bloc].rule = rule;
    if (rule == ACC_BLOC_FIXED)
        w->cfg.bloc[bloc].standard = standard;
    acc__emit_policy(w, -1, -1, bloc, acc__bloc_standard(w, bloc), "bloc_standard");
    return ACC_OK;
}

/* ---- risks and developers ---------------------------------------------------------- */

static int check_dev(const acc_world *w, int64_t dev, char *err, size_t errlen)
{
    if (!w) {
        acc_errf(err, errlen, "no world");
        return ACC_EINVAL;
    }
    if (dev < 0 || dev >= w->n) {
        acc_errf(err, errlen, "no developer %lld (there are %lld)", (long long)dev, (long long)w->n);
        return ACC_EINVAL;
    }
    if (!w->alive[dev]) {
        acc_errf(err, errlen, "developer %lld is bankrupt", (long long)dev);
        return ACC_EINVAL;
    }
    return ACC_OK;
}

int acc_world_inject_vulnerability(acc_world *w, int64_t dev, double severity, int patchable, char *err,
                                   size_t errlen)
{
    int rc = check_dev(w, dev, err, errlen);
    if (rc)
        return rc;
    if (!(isfinite(severity) && severity > 0)) {
        acc_errf(err, errlen, "developer %lld: severity must be a finite number > 0, got %g", (long long)dev,
                 acc__shown(severity));
        return ACC_EINVAL;
    }
    if (w->vslot[dev] >= 0) {
        acc_errf(err, errlen, "developer %lld already has a live vulnerability", (long long)dev);
        return ACC_EINVAL;
    }
    int slot = acc__vuln_alloc(w);
    if (slot < 0) {
        acc_errf(err, errlen, "%s", w->err);
        return ACC_ENOMEM;
    }
    vuln *v = &w->vp[slot];
    v->dev = dev;
    v->serial = ++w->vserial;
    v->severity = severity;
    v->emerged = w->in_step ? w->cur : w->done;
    v->patchable = patchable ? 1 : 0;
    v->fresh = 1;
    v->live = 1;
    w->vslot[dev] = slot;
    w->vaware[dev] = 0;
    w->cum.vulns += 1;
    acc__emit(w, ACC_EV_VULNERABILITY, dev, -1, 0, severity, 0, 0, "injected");
    return ACC_OK;
}

static int range_err(const acc_world *w, int64_t dev, int attr, const char *range, double v, char *err,
                     size_t errlen)
{
    (void)w;
    acc_errf(err, errlen, "developer %lld: %s must be %s, got %g", (long long)dev, acc_dev_attr_name(attr),
             range, acc__shown(v));
    return ACC_EINVAL;
}

int acc_world_dev_set(acc_world *w, int64_t dev, int attr, double v, char *err, size_t errlen)
{
    int rc = check_dev(w, dev, err, errlen);
    if (rc)
        return rc;
    switch (attr) {
    case ACC_DEV_CAPITAL:
        if (!isfinite(v))
            return range_err(w, dev, attr, "finite", v, err, errlen);
        w->K[dev] = v;
        return ACC_OK;
    case ACC_DEV_PRODUCTIVITY:
        if (!(isfinite(v) && v > 0))
            return range_err(w, dev, attr, "in (0, inf)", v, err, errlen);
        w->phi[dev] = v;
        return ACC_OK;
    case ACC_DEV_CAPABILITY:
        if (!(isfinite(v) && v >= 0))
            return range_err(w, dev, attr, "in [0, inf)", v, err, errlen);
        w->c[dev] = v;
        return ACC_OK;
    case ACC_DEV_SAFETY:
    case ACC_DEV_SAFETY_SHARE:
    case ACC_DEV_SAFETY_SHARE0:
        if (!(v >= 0 && v <= 1))
            return range_err(w, dev, attr, "in [0, 1]", v, err, errlen);
        *(attr == ACC_DEV_SAFETY ? &w->s[dev] : attr == ACC_DEV_SAFETY_SHARE ? &w->theta[dev] : &w->theta0[dev]) = v;
        return ACC_OK;
    case ACC_DEV_INVEST_RATE:
        if (!(v >= 0 && v <= 12))
            return range_err(w, dev, attr, "in [0, 12]", v, err, errlen);
        w->rho[dev] = v;
        return ACC_OK;
    case ACC_DEV_HORIZON:
        if (!(v > 0 && v <= 100))
            return range_err(w, dev, attr, "in (0, 100]", v, err, errlen);
        w->H[dev] = v;
        return ACC_OK;
    case ACC_DEV_OPEX:
        if (!(isfinite(v) && v >= 0))
            return range_err(w, dev, attr, "in [0, inf)", v, err, errlen);
        w->opex[dev] = v;
        return ACC_OK;
    case ACC_DEV_REPUTATION:
        if (!(v > 0 && v <= 1))
            return range_err(w, dev, attr, "in (0, 1]", v, err, errlen);
        w->rep[dev] = v;
        return ACC_OK;
    case ACC_DEV_UPSTREAM: {
        if (w->kind[dev] != ACC_STARTUP) {
            acc_errf(err, errlen, "developer %lld: only startups have an upstream", (long long)dev);
            return ACC_EINVAL;
        }
        if (v == -1) {
            acc__set_upstream(w, dev, -1);
            return ACC_OK;
        }
        if (!(v >= 0 && v < (double)w->n && v == floor(v)) || !w->alive[(int64_t)v] ||
            w->kind[(int64_t)v] == ACC_STARTUP) {
            acc_errf(err, errlen,
                     "developer %lld: upstream must be -1 or a live incumbent or open-source lab, got %g",
                     (long long)dev, acc__shown(v));
            return ACC_EINVAL;
        }
        acc__set_upstream(w, dev, (int)v);
        return ACC_OK;
    }
    default:
        if (attr >= 0 && attr < ACC_DEV_NATTR)
            acc_errf(err, errlen, "developer %lld: %s is read-only", (long long)dev, acc_dev_attr_name(attr));
        else
            acc_errf(err, errlen, "developer %lld: no attribute #%d", (long long)dev, attr);
        return ACC_EINVAL;
    }
}
