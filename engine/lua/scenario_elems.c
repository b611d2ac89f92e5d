/* accord — the elements of a scenario's lists: jurisdictions, populations
 * (distributions, a count at one home or a total split by shares),
 * recognitions, sharing links and blocs, each checked by the core's
 * validator and reported at file:line. SPDX-License-Identifier: GPL-3.0-or-later */
#include "lua/scenario_conv.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>

/* A core validator's verdict rc on the element written at `line` (the
 * validator left its message and the field at fault in c->msg, c->field):
 * the message at the line of that field. */
static int verdict(conv *c, int line, int rc)
{
    if (rc == ACC_OK)
        return ACC_OK;
    return sc_fail_at(c->s, c->err, c->errlen, c->field ? sc_locate_key(c->s, line, c->field) : line, "%s",
                      c->msg);
}

/* Room for `n` entries in a list of at most `max`, else "too many <what>". */
static int room(conv *c, int line, int n, int max, const char *what)
{
    return n <= max ? ACC_OK : sc_fail_at(c->s, c->err, c->errlen, line, "too many %s", what);
}

static const char *shown_value(lua_State *L, int idx, char *buf, size_t n)
{
    if (lua_type(L, idx) == LUA_TNUMBER && isnan(lua_tonumber(L, idx)))
        snprintf(buf, n, "nan"); /* not printf's "-nan" */
    else if (lua_type(L, idx) == LUA_TNUMBER)
        snprintf(buf, n, "%g", lua_tonumber(L, idx));
    else if (lua_type(L, idx) == LUA_TSTRING)
        snprintf(buf, n, "'%.40s'", lua_tostring(L, idx));
    else
        snprintf(buf, n, "%s", luaL_typename(L, idx));
    return buf;
}

static int jur_ref(conv *c, int idx, const char *key, int line, const char *what, int *out,
                   int required)
{
    char id[ACC_ID_LEN] = "";
    int rc = sc_get_string(c, idx, key, line, what, id, sizeof id, required);
    if (rc)
        return rc;
    if (!id[0]) {
        *out = -1;
        return ACC_OK;
    }
    int j = acc_config_jur_index(&c->s->cfg, id);
    if (j < 0) {
        char known[512];
        return sc_fail_at(c->s, c->err, c->errlen, sc_locate_key(c->s, line, key),
                          "%s: %s = '%s' is not a jurisdiction of this scenario (known: %s)", what, key,
                          id, sc_known_jurs(&c->s->cfg, known, sizeof known));
    }
    *out = j;
    return ACC_OK;
}

int sc_conv_jur(conv *c, int idx, int line, int n)
{
    acc_config *cfg = &c->s->cfg;
    if (cfg->n_jur >= ACC_MAX_JUR)
        return sc_fail_at(c->s, c->err, c->errlen, line, "at most %d jurisdictions", ACC_MAX_JUR);
    acc_jur_cfg *j = &cfg->jur[cfg->n_jur];
    acc_jur_defaults(j);
    char what[96];
    snprintf(what, sizeof what, "jurisdiction #%d", n);
    int rc = sc_get_string(c, idx, "id", line, what, j->id, sizeof j->id, 1);
    if (rc)
        return rc;
    for (const char *p = j->id; *p; p++)
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_'))
            return sc_fail_at(c->s, c->err, c->errlen, sc_locate_key(c->s, line, "id"),
                              "jurisdiction id '%s' must be lowercase letters, digits or _", j->id);
    /* the outputs use these for the totals (timeseries.csv) and for a
     * developer's own detection (events.csv) */
    if (strcmp(j->id, "all") == 0 || strcmp(j->id, "self") == 0)
        return sc_fail_at(c->s, c->err, c->errlen, sc_locate_key(c->s, line, "id"),
                          "jurisdiction id '%s' is reserved (timeseries.csv uses 'all' for the totals, "
                          "events.csv 'self' for a developer's own detection)", j->id);
    snprintf(what, sizeof what, "jurisdiction '%s'", j->id);
    /* the defaults of the id's preset in data/regimes.csv (the generic one
     * for other ids), and its name (else the id) */
    char id[ACC_ID_LEN];
    memcpy(id, j->id, sizeof id);
    acc_jur_defaults_for(j, id);
    if ((rc = sc_get_string(c, idx, "name", line, what, j->name, sizeof j->name, 0)))
        return rc;
    int nf;
    const acc_field *fields = acc_jur_fields(&nf);
    static const char *const known[] = {"id", "name", "__kind"};
    if ((rc = sc_check_keys(c, idx, line, what, known, 3, fields, nf)) ||
        (rc = sc_conv_fields(c, idx, line, what, fields, nf, j)))
        return rc;
    if (acc_config_jur_index(cfg, j->id) >= 0)
        return sc_fail_at(c->s, c->err, c->errlen, line, "jurisdiction id '%s' is used twice", j->id);
    c->s->jur_line[cfg->n_jur] = line;
    cfg->n_jur++;
    return ACC_OK;
}

static int conv_dist(conv *c, int idx, const char *key, int line, const char *what, acc_dist *d,
                     double lo, double hi)
{
    lua_State *L = c->L;
    lua_getfield(L, idx, key);
    int t = lua_type(L, -1);
    int kl = sc_locate_key(c->s, line, key);
    int rc = ACC_OK;
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return ACC_OK;
    }
    if (t == LUA_TNUMBER) {
        d->type = ACC_DIST_FIXED;
        d->lo = d->hi = lua_tonumber(L, -1);
    } else if (t == LUA_TTABLE) {
        lua_getfield(L, -1, "dist");
        const char *type = lua_tostring(L, -1);
        lua_pop(L, 1);
        if (type) {
            d->type = strcmp(type, "uniform") == 0      ? ACC_DIST_UNIFORM
                      : strcmp(type, "loguniform") == 0 ? ACC_DIST_LOGUNIFORM
                                                        : ACC_DIST_FIXED;
            lua_getfield(L, -1, "lo");
            d->lo = lua_tonumber(L, -1);
            lua_getfield(L, -2, "hi");
            d->hi = lua_tonumber(L, -1);
            lua_pop(L, 2);
        } else if (luaL_len(L, -1) == 2) { /* {lo, hi}: uniform */
            lua_rawgeti(L, -1, 1);
            lua_rawgeti(L, -2, 2);
            if (!lua_isnumber(L, -1) || !lua_isnumber(L, -2))
                rc = sc_fail_at(c->s, c->err, c->errlen, kl, "%s: %s = {lo, hi} needs two numbers", what,
                                key);
            d->type = ACC_DIST_UNIFORM;
            d->lo = lua_tonumber(L, -2);
            d->hi = lua_tonumber(L, -1);
            lua_pop(L, 2);
        } else {
            rc = sc_fail_at(c->s, c->err, c->errlen, kl,
                            "%s: %s must be a number, {lo, hi}, uniform(lo, hi), loguniform(lo, hi) or "
                            "fixed(v)",
                            what, key);
        }
    } else {
        rc = sc_fail_at(c->s, c->err, c->errlen, kl, "%s: %s must be a number or a distribution, got %s",
                        what, key, lua_typename(L, t));
    }
    lua_pop(L, 1);
    if (rc)
        return rc;
    if (isfinite(d->lo) && isfinite(d->hi) && d->lo > d->hi)
        return sc_fail_at(c->s, c->err, c->errlen, kl,
                          "%s: %s: the low end %g is above the high end %g", what, key, d->lo, d->hi);
    if (!isfinite(d->lo) || !isfinite(d->hi) || d->lo < lo || d->hi > hi) {
        /* lo = 1e-9 stands for an open end at 0: say (0, hi] */
        char range[64];
        if (lo == 1e-9)
            snprintf(range, sizeof range, "(0, %g]", hi);
        else
            snprintf(range, sizeof range, "[%g, %g]", lo, hi);
        return sc_fail_at(c->s, c->err, c->errlen, kl, "%s: %s must lie in %s, got [%g, %g]", what,
                          key, range, d->lo, d->hi);
    }
    if (d->type == ACC_DIST_LOGUNIFORM && !(d->lo > 0))
        return sc_fail_at(c->s, c->err, c->errlen, kl, "%s: %s is log-uniform: low end must be > 0", what,
                          key);
    char lookup[64];
    snprintf(lookup, sizeof lookup, "population.%s", key);
    sc_warn_value(c->s, kl, what, key, lookup, ACC_FK_PLAIN, NULL, d->lo);
    if (d->hi != d->lo)
        sc_warn_value(c->s, kl, what, key, lookup, ACC_FK_PLAIN, NULL, d->hi);
    return ACC_OK;
}

/* A population of `count` developers at one `home`, from template tmpl. */
static int pop_at_home(conv *c, int idx, int line, const char *what, acc_pop_cfg *tmpl)
{
    lua_State *L = c->L;
    acc_config *cfg = &c->s->cfg;
    int home, rc;
    if ((rc = jur_ref(c, idx, "home", line, what, &home, 1)))
        return rc;
    lua_getfield(L, idx, "count");
    lua_Integer cnt = 0;
    int isint = 0;
    if (lua_type(L, -1) == LUA_TNUMBER) /* not "5" */
        cnt = lua_tointegerx(L, -1, &isint);
    char got[64];
    shown_value(L, -1, got, sizeof got);
    lua_pop(L, 1);
    if (!isint || cnt < 0 || cnt > 10000000)
        return sc_fail_at(c->s, c->err, c->errlen, sc_locate_key(c->s, line, "count"),
                          "%s: count must be an integer in [0, 10000000], got %s", what, got);
    if (cfg->n_pop >= ACC_MAX_POP)
        return sc_fail_at(c->s, c->err, c->errlen, line, "at most %d population entries", ACC_MAX_POP);
    sc_warn_value(c->s, sc_locate_key(c->s, line, "count"), what, "count", "population.count", ACC_FK_INT, NULL,
                  (double)cnt);
    tmpl->home = home;
    tmpl->count = (int)cnt;
    cfg->pop[cfg->n_pop++] = *tmpl;
    return ACC_OK;
}

/* A population of `total` developers split by shares = { us = 0.6, eu = 0.4 }
 * over their homes (one entry per home), from template tmpl: largest-
 * remainder rounding, ties (within 1e-9) to the first jurisdiction; nothing
 * depends on the shares table's order. */
static int pop_by_shares(conv *c, int idx, int line, const char *what, acc_pop_cfg *tmpl)
{
    lua_State *L = c->L;
    acc_config *cfg = &c->s->cfg;
    lua_getfield(L, idx, "total");
    int isint = 0;
    lua_Integer total = 0;
    if (lua_type(L, -1) == LUA_TNUMBER) /* not "5" */
        total = lua_tointegerx(L, -1, &isint);
    char got[64];
    shown_value(L, -1, got, sizeof got);
    lua_pop(L, 1);
    if (!isint || total < 0 || total > 10000000)
        return sc_fail_at(c->s, c->err, c->errlen, sc_locate_key(c->s, line, "total"),
                          "%s: with shares, total must be an integer in [0, 10000000], got %s", what,
                          got);
    sc_warn_value(c->s, sc_locate_key(c->s, line, "total"), what, "total", "population.total", ACC_FK_INT, NULL,
                  (double)total);
    /* The shares are read in the table's order (lua_next: the strings' hash
     * order, which changes from run to run), so nothing computed here may
     * depend on it: the values are stored by jurisdiction, summed in
     * jurisdiction order (0.7 + 0.2 + 0.1 is 1 in one order and
     * 0.9999999999999999 in another, which moved a developer between homes),
     * and of several bad entries the one reported is the first unknown id in
     * byte order, else the first bad value in jurisdiction order. */
    double share[ACC_MAX_JUR] = {0}, sum = 0;
    int badv = -1;
    char bad_id[64] = "", gotv[64] = "";
    lua_getfield(L, idx, "shares");
    int sidx = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, sidx)) {
        const char *id = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "";
        int j = acc_config_jur_index(cfg, id);
        double v = lua_tonumber(L, -1);
        if (j < 0) {
            char idc[64];
            snprintf(idc, sizeof idc, "%s", id);
            if (!bad_id[0] || strcmp(idc, bad_id) < 0)
                snprintf(bad_id, sizeof bad_id, "%s", idc);
            if (!bad_id[0]) /* a key that is not a string */
                snprintf(bad_id, sizeof bad_id, "%s", "?");
        } else if (!lua_isnumber(L, -1) || !(v >= 0 && v <= 1e9)) {
            if (badv < 0 || j < badv) {
                badv = j;
                shown_value(L, -1, gotv, sizeof gotv);
            }
        } else {
            share[j] = v;
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    if (bad_id[0]) {
        char jurs[512];
        return sc_fail_at(c->s, c->err, c->errlen, sc_locate_key(c->s, line, "shares"),
                          "%s: shares: '%s' is not a jurisdiction of this scenario (known: %s)", what,
                          bad_id, sc_known_jurs(cfg, jurs, sizeof jurs));
    }
    if (badv >= 0)
        return sc_fail_at(c->s, c->err, c->errlen, sc_locate_key(c->s, line, "shares"),
                          "%s: shares.%s must be a number in [0, 1e9], got %s", what, cfg->jur[badv].id,
                          gotv);
    for (int j = 0; j < cfg->n_jur; j++)
        sum += share[j];
    if (!(sum > 0))
        return sc_fail_at(c->s, c->err, c->errlen, sc_locate_key(c->s, line, "shares"),
                          "%s: shares must sum to more than 0", what);
    long long cnt[ACC_MAX_JUR];
    double rem[ACC_MAX_JUR];
    long long assigned = 0;
    for (int j = 0; j < cfg->n_jur; j++) {
        double x = (double)total * share[j] / sum;
        cnt[j] = (long long)floor(x);
        rem[j] = x - (double)cnt[j];
        assigned += cnt[j];
    }
    /* Remainders within 1e-9 of each other are a tie (0.6 and
     * 0.6000000000000005 both come from 8 x 0.2 and 8 x 0.7 over a sum of
     * 1 - 1e-16): ties go to the first jurisdiction, as worked by hand. */
    while (assigned < total) {
        int best = -1;
        for (int j = 0; j < cfg->n_jur; j++)
            if (share[j] > 0 && (best < 0 || rem[j] > rem[best] + 1e-9))
                best = j;
        cnt[best]++;
        rem[best] = -1;
        assigned++;
    }
    for (int j = 0; j < cfg->n_jur; j++) {
        if (share[j] <= 0)
            continue;
        if (cfg->n_pop >= ACC_MAX_POP)
            return sc_fail_at(c->s, c->err, c->errlen, line, "at most %d population entries", ACC_MAX_POP);
        tmpl->home = j;
        tmpl->count = (int)cnt[j];
        cfg->pop[cfg->n_pop++] = *tmpl;
    }
    return ACC_OK;
}

int sc_conv_pop(conv *c, int idx, int line, int n)
{
    lua_State *L = c->L;
    char what[96], kind_s[32] = "";
    snprintf(what, sizeof what, "population #%d", n);
    static const char *const known[] = {"kind", "home", "count", "total", "shares", "capital",
                                        "capability", "safety", "invest_rate", "safety_share",
                                        "horizon", "opex", "phi_min", "__kind"};
    int npf;
    const acc_field *pf = acc_pop_fields(&npf); /* law_abiding */
    int rc = sc_check_keys(c, idx, line, what, known, (int)(sizeof known / sizeof known[0]), pf, npf);
    if (rc || (rc = sc_get_string(c, idx, "kind", line, what, kind_s, sizeof kind_s, 1)))
        return rc;
    int kind = acc_kind_parse(kind_s);
    if (kind < 0)
        return sc_fail_at(c->s, c->err, c->errlen, sc_locate_key(c->s, line, "kind"),
                          "%s: kind must be incumbent, startup or open_source, got '%s'", what, kind_s);
    acc_pop_cfg tmpl;
    acc_pop_defaults(&tmpl, kind);
    struct {
        const char *key;
        acc_dist *d;
        double lo, hi;
    } ds[] = {{"capital", &tmpl.capital, -1e9, 1e9},       {"capability", &tmpl.capability, 0, 1e6},
              {"safety", &tmpl.safety, 0, 1},              {"invest_rate", &tmpl.invest_rate, 0, 12},
              {"safety_share", &tmpl.safety_share, 0, 1},  {"horizon", &tmpl.horizon, 1e-9, 100},
              {"opex", &tmpl.opex, 0, 1e9},                {"phi_min", &tmpl.phi_min, 1e-9, 1e9}};
    for (size_t i = 0; i < sizeof ds / sizeof ds[0]; i++)
        if ((rc = conv_dist(c, idx, ds[i].key, line, what, ds[i].d, ds[i].lo, ds[i].hi)))
            return rc;
    if ((rc = sc_conv_fields(c, idx, line, what, pf, npf, &tmpl)))
        return rc;
    /* count at one home, or a total split by shares; not a mix (the other
     * form's keys were ignored) */
    int has[4];
    static const char *const form_keys[] = {"shares", "home", "count", "total"};
    for (int k = 0; k < 4; k++) {
        lua_getfield(L, idx, form_keys[k]);
        has[k] = !lua_isnil(L, -1);
        lua_pop(L, 1);
    }
    int has_shares = has[0];
    if (has_shares && (has[1] || has[2]))
        return sc_fail_at(c->s, c->err, c->errlen, sc_locate_key(c->s, line, has[1] ? "home" : "count"),
                          "%s: %s does not go with shares: give home and count (one home), or total "
                          "and shares (split over homes)", what, has[1] ? "home" : "count");
    if (!has_shares && has[3])
        return sc_fail_at(c->s, c->err, c->errlen, sc_locate_key(c->s, line, "total"),
                          "%s: total needs shares = { <id> = weight, ... }: give home and count (one "
                          "home), or total and shares (split over homes)", what);
    return has_shares ? pop_by_shares(c, idx, line, what, &tmpl) : pop_at_home(c, idx, line, what, &tmpl);
}

static int opt_bool(conv *c, int idx, const char *key, int *out)
{
    lua_getfield(c->L, idx, key);
    if (!lua_isnil(c->L, -1))
        *out = lua_toboolean(c->L, -1);
    lua_pop(c->L, 1);
    return ACC_OK;
}

int sc_conv_recog(conv *c, int idx, int line, int n)
{
    acc_config *cfg = &c->s->cfg;
    char what[64], mode[32] = "assessment";
    snprintf(what, sizeof what, "recognition #%d", n);
    static const char *const known[] = {"to", "from", "mode", "mutual", "__kind"};
    int nf;
    const acc_field *fields = acc_recog_fields(&nf);
    acc_recog_cfg r = {.to = 0, .from = 0, .mode = ACC_RECOG_ASSESSMENT, .fee = -1, .review_months = -1, .voluntary = 0};
    int mutual = 0, rc, to = 0, from = 0;
    if ((rc = sc_check_keys(c, idx, line, what, known, 5, fields, nf)) ||
        (rc = jur_ref(c, idx, "to", line, what, &to, 1)) ||
        (rc = jur_ref(c, idx, "from", line, what, &from, 1)) ||
        (rc = sc_get_string(c, idx, "mode", line, what, mode, sizeof mode, 0)) ||
        (rc = sc_conv_fields(c, idx, line, what, fields, nf, &r)) || (rc = opt_bool(c, idx, "mutual", &mutual)))
        return rc;
    r.to = (int8_t)to; /* jur_ref gives an index in [0, n_jur) */
    r.from = (int8_t)from;
    if (strcmp(mode, "assessment") == 0)
        r.mode = ACC_RECOG_ASSESSMENT;
    else if (strcmp(mode, "equivalence") == 0)
        r.mode = ACC_RECOG_EQUIVALENCE;
    else
        return sc_fail_at(c->s, c->err, c->errlen, sc_locate_key(c->s, line, "mode"),
                          "%s: mode must be 'assessment' or 'equivalence', got '%s'", what, mode);
    if ((rc = verdict(c, line, acc_recog_check(cfg, &r, what, &c->field, c->msg, sizeof c->msg))) ||
        (rc = room(c, line, cfg->n_recog + 1 + mutual, ACC_MAX_RECOG, "recognitions")))
        return rc;
    cfg->recog[cfg->n_recog++] = r;
    if (mutual)
        cfg->recog[cfg->n_recog++] = (acc_recog_cfg){.to = r.from, .from = r.to, .mode = r.mode, .fee = r.fee, .review_months = r.review_months, .voluntary = r.voluntary};
    return ACC_OK;
}

int sc_conv_link(conv *c, int idx, int line, int n)
{
    acc_config *cfg = &c->s->cfg;
    char what[64];
    snprintf(what, sizeof what, "sharing link #%d", n);
    static const char *const known[] = {"from", "to", "mutual", "active", "__kind"};
    int nf;
    const acc_field *fields = acc_link_fields(&nf);
    acc_link_cfg l = {.from = 0, .to = 0, .lag_months = 0, .active = 1};
    int mutual = 0, rc, from = 0, to = 0, active = 1;
    if ((rc = sc_check_keys(c, idx, line, what, known, 5, fields, nf)) ||
        (rc = jur_ref(c, idx, "from", line, what, &from, 1)) ||
        (rc = jur_ref(c, idx, "to", line, what, &to, 1)) ||
        (rc = sc_conv_fields(c, idx, line, what, fields, nf, &l)) || (rc = opt_bool(c, idx, "mutual", &mutual)) ||
        (rc = opt_bool(c, idx, "active", &active)))
        return rc;
    l.from = (int8_t)from; /* jur_ref gives an index in [0, n_jur) */
    l.to = (int8_t)to;
    l.active = active != 0;
    if ((rc = verdict(c, line, acc_link_check(cfg, &l, what, &c->field, c->msg, sizeof c->msg))) ||
        (rc = room(c, line, cfg->n_links + 1 + mutual, ACC_MAX_LINKS, "sharing links")))
        return rc;
    cfg->link[cfg->n_links++] = l;
    if (mutual)
        cfg->link[cfg->n_links++] = (acc_link_cfg){.from = l.to, .to = l.from, .lag_months = l.lag_months, .active = l.active};
    return ACC_OK;
}

/* A bloc's standard: nil or "max", "mean", "min", or a number (fixed; the
 * bloc's validator checks its range). */
static int conv_standard(conv *c, int idx, int line, const char *what, acc_bloc_cfg *b)
{
    lua_State *L = c->L;
    lua_getfield(L, idx, "standard");
    int t = lua_type(L, -1);
    const char *sv = t == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    if (t == LUA_TNIL || (sv && strcmp(sv, "max") == 0)) {
        b->rule = ACC_BLOC_MAX;
    } else if (sv && strcmp(sv, "mean") == 0) {
        b->rule = ACC_BLOC_MEAN;
    } else if (sv && strcmp(sv, "min") == 0) {
        b->rule = ACC_BLOC_MIN;
    } else if (t == LUA_TNUMBER) {
        b->rule = ACC_BLOC_FIXED;
        b->standard = lua_tonumber(L, -1);
    } else {
        char got[64];
        snprintf(got, sizeof got, "%s%s%s", sv ? "'" : "", sv ? sv : lua_typename(L, t), sv ? "'" : "");
        lua_pop(L, 1);
        return sc_fail_at(c->s, c->err, c->errlen, sc_locate_key(c->s, line, "standard"),
                          "%s: standard must be \"max\", \"mean\", \"min\" or a number in [0, 1], got %s",
                          what, got);
    }
    lua_pop(L, 1);
    return ACC_OK;
}

/* A bloc's members: a list of jurisdiction ids (the bloc's validator checks
 * their number and that none is listed twice). */
static int conv_members(conv *c, int idx, int line, const char *what, acc_bloc_cfg *b)
{
    lua_State *L = c->L;
    const acc_config *cfg = &c->s->cfg;
    lua_getfield(L, idx, "members");
    int ml = sc_locate_key(c->s, line, "members");
    if (!lua_istable(L, -1)) {
        lua_pop(L, 1);
        return sc_fail_at(c->s, c->err, c->errlen, ml, "%s: members must be a list of jurisdiction ids", what);
    }
    lua_Integer nm = luaL_len(L, -1);
    b->n_members = nm > INT_MAX ? INT_MAX : (int)nm;
    for (lua_Integer i = 1; i <= nm && nm <= cfg->n_jur; i++) {
        lua_rawgeti(L, -1, i);
        const char *id = lua_tostring(L, -1);
        int j = id ? acc_config_jur_index(cfg, id) : -1;
        lua_pop(L, 1);
        if (j < 0) {
            lua_pop(L, 1);
            char jurs[512];
            return sc_fail_at(c->s, c->err, c->errlen, ml,
                              "%s: member %d ('%s') is not a jurisdiction of this scenario (known: %s)", what,
                              (int)i, id ? id : "?", sc_known_jurs(cfg, jurs, sizeof jurs));
        }
        b->members[i - 1] = j;
    }
    lua_pop(L, 1);
    return ACC_OK;
}

int sc_conv_bloc(conv *c, int idx, int line, int n)
{
    acc_config *cfg = &c->s->cfg;
    char what[64];
    snprintf(what, sizeof what, "bloc #%d", n);
    static const char *const known[] = {"id", "members", "standard", "__kind"};
    int nf;
    const acc_field *fields = acc_bloc_fields(&nf);
    if (cfg->n_blocs >= ACC_MAX_BLOCS)
        return sc_fail_at(c->s, c->err, c->errlen, line, "at most %d blocs", ACC_MAX_BLOCS);
    acc_bloc_cfg *b = &cfg->bloc[cfg->n_blocs];
    memset(b, 0, sizeof *b);
    b->cert_cost = -1;
    b->review_months = -1;
    snprintf(b->id, sizeof b->id, "bloc%d", n);
    int rc;
    if ((rc = sc_check_keys(c, idx, line, what, known, 4, fields, nf)) ||
        (rc = sc_get_string(c, idx, "id", line, what, b->id, sizeof b->id, 0)) ||
        (rc = sc_conv_fields(c, idx, line, what, fields, nf, b)))
        return rc;
    snprintf(what, sizeof what, "bloc '%s'", b->id);
    if ((rc = conv_standard(c, idx, line, what, b)) || (rc = conv_members(c, idx, line, what, b)))
        return rc;
    if ((rc = verdict(c, line, acc_bloc_check(cfg, b, what, &c->field, c->msg, sizeof c->msg))))
        return rc;
    cfg->n_blocs++;
    return ACC_OK;
}

