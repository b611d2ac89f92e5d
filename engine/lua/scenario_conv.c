/* accord — converting the table a scenario script returns into an
 * acc_config: model-wide fields, the lists (their elements: scenario_elems.c),
 * hooks, --set overrides and the whole-scenario checks; every error names
 * file:line, the value and the range. SPDX-License-Identifier: GPL-3.0-or-later */
#include "lua/scenario_conv.h"

#include "base/numfmt.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "lua/names.h"

/* ---- locating and reporting errors --------------------------------------------- */

/* Line of `key = ...` in the source at or after line `from` (0: from the
 * start), or `from` when not found. Best effort: finds the assignment the
 * analyst wrote, so messages point at it rather than at a table's start. */
int sc_locate_key(const acc_scenario *s, int from, const char *key)
{
    if (!s->source || !key || !key[0])
        return from;
    size_t klen = strlen(key);
    int line = 1;
    const char *p = s->source, *end = s->source + s->source_len;
    int limit = from > 0 ? from + 400 : 1 << 30;
    while (p < end && line <= limit) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        if (line >= from) {
            for (const char *q = p; q + klen <= eol; q++) {
                if (memcmp(q, key, klen) != 0)
                    continue;
                if (q > p && (isalnum((unsigned char)q[-1]) || q[-1] == '_' || q[-1] == '.'))
                    continue;
                const char *r = q + klen;
                while (r < eol && (*r == ' ' || *r == '\t'))
                    r++;
                if (r < eol && *r == '=' && (r + 1 >= eol || r[1] != '='))
                    return line;
            }
        }
        p = eol + 1;
        line++;
    }
    return from;
}

/* Line recorded for a sub-table by its constructor, or 0. */
int sc_table_line(lua_State *L, acc_scenario *s, int idx)
{
    idx = lua_absindex(L, idx);
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->loc_ref);
    lua_pushvalue(L, idx);
    lua_rawget(L, -2);
    int line = (int)lua_tointeger(L, -1);
    lua_pop(L, 2);
    return line;
}

/* " (did you mean 'stringency'?)" when a known name is close. */
void sc_suggest(char *buf, size_t n, const char *key, const char *const *names, int count)
{
    const char *bn = acc_name_closest(key, names, count);
    if (bn)
        snprintf(buf, n, " (did you mean '%s'?)", bn);
    else
        buf[0] = 0;
}

/* Format "path:line: message" into the scenario's error buffer. */
int sc_fail_at(acc_scenario *s, char *err, size_t errlen, int line, const char *fmt, ...)
{
    char msg[ACC_ERRLEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (line > 0)
        acc_errf(err, errlen, "%s:%d: %s", s->path, line, msg);
    else
        acc_errf(err, errlen, "%s: %s", s->path, msg);
    return ACC_EINVAL;
}

/* ---- converting the returned table ------------------------------------------- */

/* Read a numeric (or boolean) value at the top of the stack for field f. */
static int conv_value(conv *c, const acc_field *f, const char *what, int line, double *out)
{
    lua_State *L = c->L;
    int t = lua_type(L, -1);
    double v;
    if (f->kind == ACC_FK_BOOL) {
        if (t == LUA_TBOOLEAN)
            v = lua_toboolean(L, -1);
        else
            return sc_fail_at(c->s, c->err, c->errlen, line, "%s%s%s must be true or false, got %s",
                              what ? what : "", what ? ": " : "", f->name, lua_typename(L, t));
    } else if (t == LUA_TNUMBER) {
        v = lua_tonumber(L, -1);
    } else {
        return sc_fail_at(c->s, c->err, c->errlen, line, "%s%s%s must be a number (%s), got %s",
                          what ? what : "", what ? ": " : "", f->name, f->unit, lua_typename(L, t));
    }
    char msg[ACC_ERRLEN];
    if (acc_field_check(f, v, what, msg, sizeof msg) != ACC_OK)
        return sc_fail_at(c->s, c->err, c->errlen, line, "%s", msg);
    sc_warn_value(c->s, line, what, f->name, NULL, f->kind, f->unit, v);
    *out = v;
    return ACC_OK;
}

/* The fields of table `tab` that the element at idx gives, each checked
 * (conv_value) and stored into obj. */
int sc_conv_fields(conv *c, int idx, int line, const char *what, const acc_field *tab, int nf, void *obj)
{
    for (int i = 0; i < nf; i++) {
        lua_getfield(c->L, idx, tab[i].name);
        if (!lua_isnil(c->L, -1)) {
            double v;
            if (conv_value(c, &tab[i], what, sc_locate_key(c->s, line, tab[i].name), &v)) {
                lua_pop(c->L, 1);
                return ACC_EINVAL;
            }
            acc_field_set(&tab[i], obj, v);
        }
        lua_pop(c->L, 1);
    }
    return ACC_OK;
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The string keys of the table at idx, sorted (borrowed: anchored by the
 * table), into a malloc'd *keys (free it); *bad the type name of a key that
 * is not a string (NULL: none). The table's own order (lua_next: the
 * strings' hashes, seeded per state) changes from run to run; a fixed order
 * makes the values set, the warnings given and the error reported the same
 * in every run. ACC_ENOMEM or ACC_OK. */
int sc_sorted_keys(lua_State *L, int idx, const char ***keys, int *n, const char **bad)
{
    int cap = 32, cnt = 0;
    const char **k = malloc(sizeof *k * (size_t)cap);
    *bad = NULL;
    if (!k)
        return ACC_ENOMEM;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING) {
            if (!*bad)
                *bad = luaL_typename(L, -1);
            continue;
        }
        if (cnt == cap) {
            const char **nk = realloc(k, sizeof *k * (size_t)(cap *= 2));
            if (!nk) {
                free(k);
                lua_pop(L, 1);
                return ACC_ENOMEM;
            }
            k = nk;
        }
        k[cnt++] = lua_tostring(L, -1);
    }
    qsort(k, (size_t)cnt, sizeof *k, cmp_key);
    *keys = k;
    *n = cnt;
    return ACC_OK;
}

/* One top-level key (its value on top of the stack): a group table of
 * fields, a field, or a key handled elsewhere. */
static int conv_global(conv *c, const char *key, int line0, const acc_field *fields, int nf,
                       const char *const *names, int nn)
{
    lua_State *L = c->L;
    static const char *const groups[] = {"market", "rd", "upgrade", "risk", "rep", "learning", "funding",
                                         "assessment", "fine", "order", "compliance"};
    int handled = 0;
    for (int i = nf; i < nn; i++) /* the others, after the fields in names */
        handled |= strcmp(key, names[i]) == 0;
    int is_group = 0;
    for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
        is_group |= strcmp(key, groups[i]) == 0;
    if (!handled && is_group && lua_type(L, -1) == LUA_TTABLE) {
        int gidx = lua_gettop(L);
        const char **sub;
        const char *badtype;
        int nsub;
        if (sc_sorted_keys(L, gidx, &sub, &nsub, &badtype))
            return sc_fail_at(c->s, c->err, c->errlen, line0, "out of memory");
        int rc = ACC_OK;
        if (badtype) {
            char full[128];
            snprintf(full, sizeof full, "%s.?", key);
            rc = sc_fail_at(c->s, c->err, c->errlen, sc_locate_key(c->s, line0, key),
                            "unknown field '%s' (a %s key; fields are named)", full, badtype);
        }
        for (int k = 0; k < nsub && !rc; k++) {
            char full[128];
            snprintf(full, sizeof full, "%s.%s", key, sub[k]);
            const acc_field *f = acc_field_find(fields, nf, full);
            int line = sc_locate_key(c->s, line0, sub[k]);
            if (!f) {
                char hint[96];
                sc_suggest(hint, sizeof hint, full, names, nn);
                rc = sc_fail_at(c->s, c->err, c->errlen, line, "unknown field '%s'%s", full, hint);
                break;
            }
            lua_getfield(L, gidx, sub[k]);
            double v;
            if (conv_value(c, f, NULL, line, &v))
                rc = ACC_EINVAL;
            else
                acc_field_set(f, &c->s->cfg, v);
            lua_pop(L, 1);
        }
        free(sub);
        return rc;
    }
    if (handled)
        return ACC_OK;
    const acc_field *f = acc_field_find(fields, nf, key);
    int line = sc_locate_key(c->s, line0, key);
    if (!f || strchr(key, '.')) {
        char hint[96];
        sc_suggest(hint, sizeof hint, key, names, nn);
        return sc_fail_at(c->s, c->err, c->errlen, line, "unknown field '%s'%s", key, hint);
    }
    double v;
    if (conv_value(c, f, NULL, line, &v))
        return ACC_EINVAL;
    acc_field_set(f, &c->s->cfg, v);
    return ACC_OK;
}

/* Top-level and grouped model fields: `years = 10`, `risk = { base_hazard = 0.1 }`,
 * in the keys' byte order (never the table's). */
static int conv_globals(conv *c, int tidx, int line0)
{
    lua_State *L = c->L;
    int nf;
    const acc_field *fields = acc_config_fields(&nf);
    static const char *const others[] = {"name", "description", "jurisdictions", "populations",
                                         "recognition", "blocs", "sharing", "policies", "events",
                                         "on_incident", "on_step_end", "developer_rule", "__kind",
                                         "model", "tables"};
    const char *names[128];
    int nn = 0;
    for (int i = 0; i < nf && nn < 100; i++)
        names[nn++] = fields[i].name;
    nf = nn; /* names[0, nf): the fields; then the others */
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
        names[nn++] = others[i];
    const char **keys;
    const char *badtype;
    int nkeys;
    if (sc_sorted_keys(L, tidx, &keys, &nkeys, &badtype))
        return sc_fail_at(c->s, c->err, c->errlen, line0, "out of memory");
    if (badtype) {
        free(keys);
        return sc_fail_at(c->s, c->err, c->errlen, line0,
                          "the scenario table has a non-string key (%s); fields are named", badtype);
    }
    int rc = ACC_OK;
    for (int k = 0; k < nkeys && !rc; k++) {
        lua_getfield(L, tidx, keys[k]);
        rc = conv_global(c, keys[k], line0, fields, nf, names, nn);
        lua_pop(L, 1);
    }
    free(keys);
    return rc;
}

/* Iterate an array field of the scenario: calls fn for each element table. */
typedef int (*elem_fn)(conv *c, int idx, int line, int n);
static int conv_list(conv *c, int tidx, const char *field, int line0, elem_fn fn)
{
    lua_State *L = c->L;
    lua_getfield(L, tidx, field);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return ACC_OK;
    }
    int line = sc_locate_key(c->s, line0, field);
    if (!lua_istable(L, -1)) {
        lua_pop(L, 1);
        return sc_fail_at(c->s, c->err, c->errlen, line, "'%s' must be a list of tables", field);
    }
    int lidx = lua_gettop(L);
    lua_Integer n = luaL_len(L, lidx);
    /* a list, not a map: every key must be 1..n */
    lua_pushnil(L);
    int count = 0;
    while (lua_next(L, lidx)) {
        count++;
        lua_pop(L, 1);
    }
    if (count != n) {
        lua_pop(L, 1);
        return sc_fail_at(c->s, c->err, c->errlen, line,
                          "'%s' must be a list {a, b, ...}; it has %d keys but length %d", field, count,
                          (int)n);
    }
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, lidx, i);
        if (!lua_istable(L, -1)) {
            lua_pop(L, 2);
            return sc_fail_at(c->s, c->err, c->errlen, line, "%s[%d] must be a table, got %s", field,
                              (int)i, luaL_typename(L, -1));
        }
        int eline = sc_table_line(L, c->s, -1);
        int rc = fn(c, lua_gettop(L), eline ? eline : line, (int)i);
        lua_pop(L, 1);
        if (rc)
            return rc;
    }
    lua_pop(L, 1);
    return ACC_OK;
}

int sc_check_keys(conv *c, int idx, int line, const char *what, const char *const *known, int nk,
                      const acc_field *fields, int nf)
{
    lua_State *L = c->L;
    const char *names[160];
    int nn = 0;
    for (int i = 0; i < nk && nn < 150; i++)
        names[nn++] = known[i];
    for (int i = 0; i < nf && nn < 150; i++)
        names[nn++] = fields[i].name;
    const char **keys;
    const char *badtype;
    int nkeys;
    if (sc_sorted_keys(L, idx, &keys, &nkeys, &badtype))
        return sc_fail_at(c->s, c->err, c->errlen, line, "out of memory");
    int rc = ACC_OK;
    if (badtype)
        rc = sc_fail_at(c->s, c->err, c->errlen, line, "%s: fields are named; found a %s key", what, badtype);
    for (int k = 0; k < nkeys && !rc; k++) { /* the first unknown one in byte order */
        int ok = 0;
        for (int i = 0; i < nn; i++)
            ok |= strcmp(keys[k], names[i]) == 0;
        if (!ok) {
            char hint[96];
            sc_suggest(hint, sizeof hint, keys[k], names, nn);
            rc = sc_fail_at(c->s, c->err, c->errlen, sc_locate_key(c->s, line, keys[k]),
                            "%s: unknown field '%s'%s", what, keys[k], hint);
        }
    }
    free(keys);
    return rc;
}

int sc_get_string(conv *c, int idx, const char *key, int line, const char *what, char *dst,
                      size_t n, int required)
{
    lua_State *L = c->L;
    lua_getfield(L, idx, key);
    int t = lua_type(L, -1);
    if (t == LUA_TNIL && !required) {
        lua_pop(L, 1);
        return ACC_OK;
    }
    if (t != LUA_TSTRING) {
        lua_pop(L, 1);
        return sc_fail_at(c->s, c->err, c->errlen, sc_locate_key(c->s, line, key),
                          "%s: '%s' must be a string, got %s", what, key, lua_typename(L, t));
    }
    size_t len;
    const char *v = lua_tolstring(L, -1, &len);
    if (len == 0 || len >= n) {
        lua_pop(L, 1);
        return sc_fail_at(c->s, c->err, c->errlen, sc_locate_key(c->s, line, key),
                          "%s: '%s' must have 1 to %d characters", what, key, (int)n - 1);
    }
    memcpy(dst, v, len + 1);
    lua_pop(L, 1);
    return ACC_OK;
}

/* "eu, us, jp" — the ids of the scenario's jurisdictions, for messages. */
const char *sc_known_jurs(const acc_config *cfg, char *buf, size_t n)
{
    buf[0] = 0;
    for (int k = 0; k < cfg->n_jur; k++) {
        strncat(buf, k ? ", " : "", n - strlen(buf) - 1);
        strncat(buf, cfg->jur[k].id, n - strlen(buf) - 1);
    }
    return buf;
}

/* policies = f or {f, ...}. */
static int conv_policies(conv *c, int tidx, int line0)
{
    lua_State *L = c->L;
    acc_scenario *s = c->s;
    lua_getfield(L, tidx, "policies");
    if (lua_isfunction(L, -1)) {
        s->policy_ref[s->npolicies++] = luaL_ref(L, LUA_REGISTRYINDEX);
    } else if (lua_istable(L, -1)) {
        lua_Integer n = luaL_len(L, -1);
        if (n > ACC_MAX_HOOKS) { /* said apart: "policies[65] must be a function" misled */
            lua_pop(L, 1);
            return sc_fail_at(s, c->err, c->errlen, sc_locate_key(s, line0, "policies"),
                              "policies: at most %d policies, got %lld", ACC_MAX_HOOKS, (long long)n);
        }
        for (lua_Integer i = 1; i <= n; i++) {
            lua_rawgeti(L, -1, i);
            if (!lua_isfunction(L, -1) || s->npolicies >= ACC_MAX_HOOKS) {
                lua_pop(L, 2);
                return sc_fail_at(s, c->err, c->errlen, sc_locate_key(s, line0, "policies"),
                                  "policies[%d] must be a function (at most %d policies)", (int)i,
                                  ACC_MAX_HOOKS);
            }
            s->policy_ref[s->npolicies++] = luaL_ref(L, LUA_REGISTRYINDEX);
        }
        lua_pop(L, 1);
    } else if (!lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return sc_fail_at(s, c->err, c->errlen, sc_locate_key(s, line0, "policies"),
                          "policies must be a function or a list of functions");
    } else {
        lua_pop(L, 1);
    }
    return ACC_OK;
}

/* events[i], the table at eidx (written at eline): {year = y | step = n,
 * run = function}, firing at the start of a step in [1, nsteps]. */
static int conv_event(conv *c, int eidx, int i, int eline, int nsteps)
{
    lua_State *L = c->L;
    acc_scenario *s = c->s;
    static const char *const ev_known[] = {"year", "step", "run", "__kind"};
    int rc = sc_check_keys(c, eidx, eline, "events entry", ev_known, 4, NULL, 0);
    if (rc)
        return rc;
    const double spy = s->cfg.steps_per_year, horizon = s->cfg.years;
    lua_getfield(L, eidx, "year");
    lua_getfield(L, eidx, "step");
    lua_getfield(L, eidx, "run");
    int at = -1;
    int ty = lua_type(L, -3), ts = lua_type(L, -2);
    if (ty != LUA_TNIL && ts != LUA_TNIL) {
        lua_pop(L, 3);
        return sc_fail_at(s, c->err, c->errlen, sc_locate_key(s, eline, "step"),
                          "events[%d]: give year or step, not both", i);
    }
    if (ty != LUA_TNIL && ty != LUA_TNUMBER) {
        lua_pop(L, 3);
        return sc_fail_at(s, c->err, c->errlen, sc_locate_key(s, eline, "year"),
                          "events[%d]: year must be a number (yr), got %s", i, lua_typename(L, ty));
    }
    if (ts != LUA_TNIL && !lua_isinteger(L, -2)) {
        char got[ACC_IO_NUMBUF];
        if (ts == LUA_TNUMBER)
            acc_io_fmt_double(got, (double)lua_tonumber(L, -2));
        else
            snprintf(got, sizeof got, "%s", lua_typename(L, ts));
        lua_pop(L, 3);
        return sc_fail_at(s, c->err, c->errlen, sc_locate_key(s, eline, "step"),
                          "events[%d]: step must be an integer in [1, %d], got %s", i, nsteps, got);
    }
    if (ty == LUA_TNUMBER) {
        double y = lua_tonumber(L, -3);
        /* an event "at year y" fires at the start of the step that begins
         * at time y: step index floor(y*spy + 0.5) + 1; an event at the
         * horizon itself would never fire */
        double ds = floor(y * spy + 0.5) + 1; /* compared as a double: y may be huge */
        if (!(y >= 0) || !(ds <= nsteps)) {
            char got[ACC_IO_NUMBUF];
            acc_io_fmt_double(got, y);
            lua_pop(L, 3);
            return sc_fail_at(s, c->err, c->errlen, sc_locate_key(s, eline, "year"),
                              "events[%d]: year must be in [0, %g) (the run ends at year %g; the last step "
                              "starts at year %g), got %s",
                           i, horizon, horizon, (nsteps - 1) / spy, got);
        }
        at = (int)ds;
    } else if (lua_isinteger(L, -2)) {
        lua_Integer st = lua_tointeger(L, -2);
        if (st < 1 || st > nsteps) {
            lua_pop(L, 3);
            return sc_fail_at(s, c->err, c->errlen, sc_locate_key(s, eline, "step"),
                              "events[%d]: step must be in [1, %d], got %lld", i, nsteps, (long long)st);
        }
        at = (int)st;
    }
    if (at < 0 || !lua_isfunction(L, -1)) {
        lua_pop(L, 3);
        return sc_fail_at(s, c->err, c->errlen, eline,
                          "events[%d] needs year = y (or step = n) and run = function(world)", i);
    }
    acc_event_hook *e = &s->events[s->nevents++];
    e->at_step = at;
    e->line = eline;
    lua_pushvalue(L, -1);
    e->ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pop(L, 3);
    return ACC_OK;
}

/* events = {{year = 2, run = f}, {step = 5, run = f}, ...}. */
static int conv_events(conv *c, int tidx, int line0)
{
    lua_State *L = c->L;
    acc_scenario *s = c->s;
    lua_getfield(L, tidx, "events");
    if (lua_istable(L, -1)) {
        lua_Integer n = luaL_len(L, -1);
        int nsteps = (int)floor(s->cfg.years * s->cfg.steps_per_year + 0.5);
        /* a list, not one event: events = {{ year = 1, run = f }} */
        int count = 0, listidx = lua_gettop(L);
        lua_pushnil(L);
        while (lua_next(L, listidx)) {
            count++;
            lua_pop(L, 1);
        }
        if (count != n) {
            lua_pop(L, 1);
            return sc_fail_at(s, c->err, c->errlen, sc_locate_key(s, line0, "events"),
                              "events must be a list of events: events = {{ year = 1, run = function(world) "
                              "... end }} (note the double braces)");
        }
        if (n > ACC_MAX_HOOKS) {
            lua_pop(L, 1);
            return sc_fail_at(s, c->err, c->errlen, sc_locate_key(s, line0, "events"),
                              "events: at most %d events, got %lld", ACC_MAX_HOOKS, (long long)n);
        }
        for (lua_Integer i = 1; i <= n; i++) {
            lua_rawgeti(L, -1, i);
            int eline = lua_istable(L, -1) ? sc_table_line(L, s, -1) : 0;
            if (!eline)
                eline = sc_locate_key(s, line0, "events");
            if (!lua_istable(L, -1) || s->nevents >= ACC_MAX_HOOKS) {
                lua_pop(L, 2);
                return sc_fail_at(s, c->err, c->errlen, eline,
                                  "events[%d] must be a table {year = y | step = n, run = function}",
                                  (int)i);
            }
            int rc = conv_event(c, lua_gettop(L), (int)i, eline, nsteps);
            lua_pop(L, 1);
            if (rc) {
                lua_pop(L, 1);
                return rc;
            }
        }
    } else if (!lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return sc_fail_at(s, c->err, c->errlen, sc_locate_key(s, line0, "events"), "events must be a list");
    }
    lua_pop(L, 1);
    return ACC_OK;
}

/* Hooks: policies = {f, ...}; events = {{year = 2, run = f} | {step = 5, run = f}};
 * on_incident, on_step_end and developer_rule functions. */
static int conv_hooks(conv *c, int tidx, int line0)
{
    lua_State *L = c->L;
    acc_scenario *s = c->s;
    int rc;
    if ((rc = conv_policies(c, tidx, line0)) || (rc = conv_events(c, tidx, line0)))
        return rc;
    struct {
        const char *key;
        int *ref;
    } fns[] = {{"on_incident", &s->on_incident_ref},
               {"on_step_end", &s->on_step_end_ref},
               {"developer_rule", &s->rule_ref}};
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
        lua_getfield(L, tidx, fns[i].key);
        if (lua_isfunction(L, -1)) {
            *fns[i].ref = luaL_ref(L, LUA_REGISTRYINDEX);
        } else if (!lua_isnil(L, -1)) {
            lua_pop(L, 1);
            return sc_fail_at(s, c->err, c->errlen, sc_locate_key(s, line0, fns[i].key),
                              "%s must be a function", fns[i].key);
        } else {
            lua_pop(L, 1);
        }
    }
    return ACC_OK;
}

/* Overrides of model fields by name: "risk.base_hazard" or "eu.stringency". */
static int apply_field_sets(acc_scenario *s, char *err, size_t errlen)
{
    int nf, njf;
    const acc_field *gf = acc_config_fields(&nf);
    const acc_field *jf = acc_jur_fields(&njf);
    for (int i = 0; i < s->nsets; i++) {
        if (s->sets[i].used)
            continue;
        const char *name = s->sets[i].name;
        double v = s->sets[i].value;
        char msg[ACC_ERRLEN];
        const acc_field *f = acc_field_find(gf, nf, name);
        if (f && !s->function_model) {
            if (acc_field_check(f, v, "--set", msg, sizeof msg))
                return sc_fail_at(s, err, errlen, 0, "%s", msg);
            acc_field_set(f, &s->cfg, v);
            sc_warn_cancel(s, NULL, f->name);
            sc_warn_value(s, 0, NULL, name, f->name, f->kind, f->unit, v);
        } else {
            const char *dot = strchr(name, '.');
            int j = -1;
            if (dot && !s->function_model) {
                char id[ACC_ID_LEN];
                size_t idl = (size_t)(dot - name);
                if (idl < sizeof id) {
                    memcpy(id, name, idl);
                    id[idl] = 0;
                    j = acc_config_jur_index(&s->cfg, id);
                }
                f = j >= 0 ? acc_field_find(jf, njf, dot + 1) : NULL;
            }
            static const char *const groups[] = {"market", "rd", "upgrade", "risk", "rep", "learning",
                                                 "funding", "assessment", "fine", "order", "compliance"};
            int is_group = 0;
            for (size_t g = 0; dot && g < sizeof groups / sizeof groups[0]; g++)
                is_group |= strlen(groups[g]) == (size_t)(dot - name) &&
                            strncmp(name, groups[g], (size_t)(dot - name)) == 0;
            if (!f && dot && !s->function_model && j < 0 && !is_group) {
                char jurs[512];
                return sc_fail_at(s, err, errlen, 0,
                                  "--set %s: '%.*s' is not a jurisdiction of this scenario (known: %s)",
                                  name, (int)(dot - name), name, sc_known_jurs(&s->cfg, jurs, sizeof jurs));
            }
            if (!f && dot && !s->function_model && !is_group) {
                const char *names[64];
                for (int k = 0; k < njf && k < 64; k++)
                    names[k] = jf[k].name;
                char hint[96];
                sc_suggest(hint, sizeof hint, dot + 1, names, njf < 64 ? njf : 64);
                return sc_fail_at(s, err, errlen, 0, "--set %s: jurisdictions have no field '%s'%s",
                                  name, dot + 1, hint);
            }
            if (!f) {
                char declared[512] = "";
                const char *names[ACC_MAX_PARAMS + 64];
                int nn = 0;
                for (int p = 0; p < s->nparams; p++) {
                    strncat(declared, p ? ", " : "", sizeof declared - strlen(declared) - 1);
                    strncat(declared, s->params[p].name, sizeof declared - strlen(declared) - 1);
                    names[nn++] = s->params[p].name;
                }
                for (int k = 0; k < nf && !s->function_model && nn < ACC_MAX_PARAMS + 64; k++)
                    names[nn++] = gf[k].name;
                char hint[96];
                sc_suggest(hint, sizeof hint, name, names, nn);
                return sc_fail_at(s, err, errlen, 0,
                                  "--set %s: no such parameter%s (declared: %s%s)", name, hint,
                                  declared[0] ? declared : "none",
                                  s->function_model ? ""
                                                 : "; model fields such as risk.base_hazard or "
                                                   "<jurisdiction>.stringency are accepted too");
            }
            acc_field named = *f; /* report the name as given: eu.stringency */
            named.name = name;
            if (acc_field_check(&named, v, "--set", msg, sizeof msg))
                return sc_fail_at(s, err, errlen, 0, "%s", msg);
            acc_field_set(f, &s->cfg.jur[j], v);
            char jwhat[96];
            snprintf(jwhat, sizeof jwhat, "jurisdiction '%s'", s->cfg.jur[j].id);
            sc_warn_cancel(s, jwhat, f->name);
            sc_warn_value(s, 0, NULL, name, f->name, f->kind, f->unit, v);
        }
        s->sets[i].used = 1;
        s->field_set_idx[s->nfield_sets++] = i;
    }
    return ACC_OK;
}

static int convert(acc_scenario *s, char *err, size_t errlen)
{
    lua_State *L = s->L;
    conv c = {.s = s, .L = L, .err = err, .errlen = errlen};
    if (!lua_istable(L, -1))
        return sc_fail_at(s, err, errlen, 0,
                          "the scenario must return a table (scenario{...}), got %s", luaL_typename(L, -1));
    int tidx = lua_gettop(L);
    int line0 = sc_table_line(L, s, tidx);
    lua_getfield(L, tidx, "name");
    if (!lua_isnil(L, -1)) {
        /* the name makes directory names (results/<name>-sweep): a plain
         * file name, never a path */
        size_t len = 0;
        const char *nm = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &len) : NULL;
        int ok = nm && len > 0 && len < sizeof s->name && nm[0] != '.' && strlen(nm) == len;
        for (size_t k = 0; ok && k < len; k++)
            ok = isalnum((unsigned char)nm[k]) || nm[k] == '_' || nm[k] == '-' || nm[k] == '.';
        if (!ok) {
            char shown[80];
            if (nm)
                snprintf(shown, sizeof shown, "'%.60s%s'", nm, len > 60 ? "..." : "");
            else
                snprintf(shown, sizeof shown, "a %s", luaL_typename(L, -1));
            lua_pop(L, 1);
            return sc_fail_at(s, err, errlen, sc_locate_key(s, line0, "name"),
                              "name must be 1 to %d letters, digits, '_', '-' or '.' (not first), got %s",
                              (int)sizeof s->name - 1, shown);
        }
        memcpy(s->name, nm, len + 1);
    }
    lua_getfield(L, tidx, "description");
    if (lua_isstring(L, -1)) {
        free(s->description);
        s->description = strdup(lua_tostring(L, -1));
    }
    lua_getfield(L, tidx, "model");
    int has_model = lua_isfunction(L, -1);
    lua_pop(L, 3);
    snprintf(s->cfg.name, sizeof s->cfg.name, "%s", s->name);
    if (has_model) {
        static const char *const known[] = {"name", "description", "model", "tables", "__kind"};
        int rc = sc_check_keys(&c, tidx, line0, "function-model scenario", known, 5, NULL, 0);
        if (rc)
            return rc;
        s->function_model = 1;
        lua_getfield(L, tidx, "model");
        s->model_ref = luaL_ref(L, LUA_REGISTRYINDEX);
        lua_getfield(L, tidx, "tables");
        if (!lua_isnil(L, -1) && !lua_istable(L, -1)) {
            lua_pop(L, 1);
            return sc_fail_at(s, err, errlen, sc_locate_key(s, line0, "tables"),
                              "tables must be a table of functions");
        }
        s->tables_ref = luaL_ref(L, LUA_REGISTRYINDEX);
        int frc = apply_field_sets(s, err, errlen);
        if (frc == ACC_OK)
            sc_warn_finish(s);
        return frc;
    }
    int rc;
    if ((rc = conv_globals(&c, tidx, line0)) ||
        (rc = conv_list(&c, tidx, "jurisdictions", line0, sc_conv_jur)))
        return rc;
    if (s->cfg.n_jur == 0)
        return sc_fail_at(s, err, errlen, line0,
                          "the scenario has no jurisdictions: add jurisdictions = { jurisdiction{ id = "
                          "\"eu\", ... } }");
    if ((rc = conv_list(&c, tidx, "populations", line0, sc_conv_pop)) ||
        (rc = conv_list(&c, tidx, "recognition", line0, sc_conv_recog)) ||
        (rc = conv_list(&c, tidx, "blocs", line0, sc_conv_bloc)) ||
        (rc = conv_list(&c, tidx, "sharing", line0, sc_conv_link)) || (rc = conv_hooks(&c, tidx, line0)))
        return rc;
    if ((rc = apply_field_sets(s, err, errlen)))
        return rc;
    char msg[ACC_ERRLEN];
    if (acc_config_validate(&s->cfg, msg, sizeof msg)) {
        /* whole-scenario rules: point at the section the message is about */
        static const struct {
            const char *word, *key;
        } where[] = {{"bloc", "blocs"},
                     {"recognition", "recognition"},
                     {"sharing link", "sharing"},
                     {"population", "populations"},
                     {"productivity_shape", "productivity_shape"},
                     {"compliance_share", "compliance_share"},
                     {"elasticity", "elasticity"}};
        int line = line0;
        for (size_t i = 0; i < sizeof where / sizeof where[0]; i++)
            if (strstr(msg, where[i].word)) {
                line = sc_locate_key(s, line0, where[i].key);
                break;
            }
        return sc_fail_at(s, err, errlen, line, "%s", msg);
    }
    /* years = 1e-9 passed the range (0, 200] and ran 0 steps, writing empty
     * outputs: the horizon is round(years x steps_per_year) steps */
    const double spy = s->cfg.steps_per_year, nst = floor(s->cfg.years * spy + 0.5);
    if (!(nst >= 1))
        return sc_fail_at(s, err, errlen, sc_locate_key(s, line0, "years"),
                          "years = %g is %g steps at steps_per_year = %g, which rounds to 0: a run needs at "
                          "least one step (1 / steps_per_year = %g years)",
                          s->cfg.years, s->cfg.years * spy, spy, 1 / spy);
    sc_warn_finish(s);
    return ACC_OK;
}

int sc_convert(lua_State *L, void *ud, char *err, size_t errlen)
{
    (void)L;
    return convert(ud, err, errlen);
}

