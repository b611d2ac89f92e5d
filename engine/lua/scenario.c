/* accord — scenario loading: runs a scenario script in the sandbox with the
 * scenario API, converts the returned table to a validated acc_config (every
 * error names file:line, the value and the range), and runs it with its
 * policies or as a pure Lua function model. SPDX-License-Identifier: GPL-3.0-or-later */
#include "lua/scenario_int.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lualib.h>

#include "lua/egt_lua.h"
#include "base/readfile.h"
#include "lua/names.h"
#include "base/sha256.h"

#define SCN_KEY "accord.scenario"
#define MAX_SCENARIO_BYTES ((size_t)64 << 20)

/* ---- small helpers ----------------------------------------------------------- */

static acc_scenario *scn_of(lua_State *L)
{
    lua_getfield(L, LUA_REGISTRYINDEX, SCN_KEY);
    acc_scenario *s = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return s;
}

int acc_scenario_caller_line(lua_State *L, const acc_scenario *s)
{
    /* The innermost frame whose chunk is the scenario file itself, so a
     * jurisdiction built inside scripts/regimes.lua on behalf of the scenario
     * still points at the analyst's line. */
    lua_Debug ar;
    int first = 0;
    for (int level = 1; lua_getstack(L, level, &ar); level++) {
        if (!lua_getinfo(L, "Sl", &ar))
            break;
        if (ar.currentline <= 0)
            continue;
        if (!first && ar.source[0] == '@')
            first = ar.currentline;
        if (ar.source[0] == '@' && strcmp(ar.source + 1, s->path) == 0)
            return ar.currentline;
    }
    return first;
}

/* Line of `key = ...` in the source at or after line `from` (0: from the
 * start), or `from` when not found. Best effort: finds the assignment the
 * analyst wrote, so messages point at it rather than at a table's start. */
static int locate_key(const acc_scenario *s, int from, const char *key)
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
static int table_line(lua_State *L, acc_scenario *s, int idx)
{
    idx = lua_absindex(L, idx);
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->loc_ref);
    lua_pushvalue(L, idx);
    lua_rawget(L, -2);
    int line = (int)lua_tointeger(L, -1);
    lua_pop(L, 2);
    return line;
}

/* Format "path:line: message" into the scenario's error buffer. */
static int fail_at(acc_scenario *s, char *err, size_t errlen, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int fail_at(acc_scenario *s, char *err, size_t errlen, int line, const char *fmt, ...)
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

/* " (did you mean 'stringency'?)" when a known name is close. */
static void suggest(char *buf, size_t n, const char *key, const char *const *names, int count)
{
    const char *bn = acc_name_closest(key, names, count);
    if (bn)
        snprintf(buf, n, " (did you mean '%s'?)", bn);
    else
        buf[0] = 0;
}

static int parse_number(const char *text, double *v)
{
    if (strcmp(text, "true") == 0) {
        *v = 1;
        return 1;
    }
    if (strcmp(text, "false") == 0) {
        *v = 0;
        return 1;
    }
    char *end;
    errno = 0;
    *v = strtod(text, &end);
    return end != text && *end == 0 && errno != ERANGE;
}

/* ---- functions the scenario script sees ----------------------------------- */

/* luaL_error with full printf formats (lua_pushfstring lacks %g). */
static int raise(lua_State *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int raise(lua_State *L, const char *fmt, ...)
{
    char buf[ACC_ERRLEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return luaL_error(L, "%s", buf);
}

#define ACC_PARAM_INT_MAX 9007199254740992.0 /* 2^53 */

/* param{name=, default=, min=, max=, unit=, doc=, integer=}: declare a knob
 * and get its resolved value (the default or a --set / sweep override). */
static int l_param(lua_State *L)
{
    acc_scenario *s = scn_of(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_getfield(L, 1, "name");
    const char *name = lua_tostring(L, -1);
    if (!name || !name[0])
        return raise(L, "param: 'name' must be a non-empty string");
    for (const char *c = name; *c; c++)
        if (!(isalnum((unsigned char)*c) || *c == '_'))
            return raise(L, "param '%s': names use letters, digits and _ only", name);
    if (strlen(name) >= sizeof s->params[0].name)
        return raise(L, "param '%s': name longer than %d characters", name,
                          (int)sizeof s->params[0].name - 1);
    static const char *const known[] = {"name", "default", "min", "max", "unit", "doc", "integer"};
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        lua_pop(L, 1);
        const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        int ok = 0;
        for (size_t i = 0; k && i < sizeof known / sizeof known[0]; i++)
            ok |= strcmp(k, known[i]) == 0;
        if (!ok) {
            char hint[64] = "";
            if (k)
                suggest(hint, sizeof hint, k, known, (int)(sizeof known / sizeof known[0]));
            return raise(L, "param '%s': unknown field '%s'%s", name,
                              k ? k : luaL_typename(L, -1), hint);
        }
    }
    for (int i = 0; i < s->nparams; i++)
        if (strcmp(s->params[i].name, name) == 0)
            return raise(L, "param '%s' is declared twice", name);
    static const char *const reserved[] = {"scenario", "seed", "run", "run_id", "point", "rep"};
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
        if (strcmp(reserved[i], name) == 0)
            return raise(L, "param '%s': the name is reserved for an output column", name);
    for (int i = 0; i < acc_world_summary_count(NULL); i++)
        if (strcmp(acc_world_summary_name(NULL, i), name) == 0)
            return raise(L, "param '%s' has the name of a model outcome; choose another name",
                              name);
    if (s->nparams >= ACC_MAX_PARAMS)
        return raise(L, "too many parameters (at most %d)", ACC_MAX_PARAMS);
    acc_param_decl d;
    memset(&d, 0, sizeof d);
    snprintf(d.name, sizeof d.name, "%s", name);
    const char *nums[] = {"default", "min", "max"};
    double *dst[] = {&d.def, &d.lo, &d.hi};
    for (int i = 0; i < 3; i++) {
        lua_getfield(L, 1, nums[i]);
        int t = lua_type(L, -1);
        if (t != LUA_TNUMBER) {
            return raise(L, "param '%s': '%s' must be a number, got %s", name, nums[i],
                              lua_typename(L, t));
        } else {
            *dst[i] = lua_tonumber(L, -1);
        }
        lua_pop(L, 1);
        if (!isfinite(*dst[i]))
            return raise(L, "param '%s': '%s' must be finite, got %f", name, nums[i], *dst[i]);
    }
    if (d.lo > d.hi)
        return raise(L, "param '%s': min (%g) is above max (%g)", name, d.lo, d.hi);
    if (d.def < d.lo || d.def > d.hi)
        return raise(L, "param '%s': default %g is outside [%g, %g]", name, d.def, d.lo, d.hi);
    lua_getfield(L, 1, "integer");
    d.integer = lua_toboolean(L, -1);
    lua_getfield(L, 1, "unit");
    snprintf(d.unit, sizeof d.unit, "%s", lua_isstring(L, -1) ? lua_tostring(L, -1) : "");
    lua_getfield(L, 1, "doc");
    snprintf(d.doc, sizeof d.doc, "%s", lua_isstring(L, -1) ? lua_tostring(L, -1) : "");
    for (char *q = d.unit; *q; q++) /* shown in tables: no control characters */
        if ((unsigned char)*q < 0x20 || *q == 0x7f)
            *q = '?';
    lua_pop(L, 3);
    /* integers travel as doubles (sweeps, --set) and reach Lua as integers:
     * only the range where both are exact */
    if (d.integer && (d.lo < -ACC_PARAM_INT_MAX || d.hi > ACC_PARAM_INT_MAX))
        return raise(L, "param '%s': an integer parameter's min and max must lie within "
                        "[-2^53, 2^53] = [%.0f, %.0f], got [%g, %g]",
                     name, -ACC_PARAM_INT_MAX, ACC_PARAM_INT_MAX, d.lo, d.hi);
    if (d.integer && d.def != floor(d.def))
        return raise(L, "param '%s': integer parameter with default %g", name, d.def);
    d.value = d.def;
    for (int i = 0; i < s->nsets; i++) {
        if (strcmp(s->sets[i].name, name) != 0)
            continue;
        double v = s->sets[i].value;
        s->sets[i].used = 1;
        if (!(v >= d.lo && v <= d.hi))
            return raise(L, "--set %s=%g: value outside the declared range [%g, %g]", name, v,
                              d.lo, d.hi);
        if (d.integer && v != floor(v))
            return raise(L, "--set %s=%g: parameter is an integer", name, v);
        d.value = v;
        d.overridden = 1;
    }
    s->params[s->nparams++] = d;
    if (d.integer)
        lua_pushinteger(L, (lua_Integer)d.value);
    else
        lua_pushnumber(L, d.value);
    return 1;
}

/* jurisdiction{...}, population{...}, recognize{...}, bloc{...}, share{...}
 * and scenario{...}: record where the table was written, return it. */
static int l_mark(lua_State *L)
{
    acc_scenario *s = scn_of(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    int line = acc_scenario_caller_line(L, s);
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->loc_ref);
    lua_pushvalue(L, 1);
    lua_pushinteger(L, line);
    lua_rawset(L, -3);
    lua_pop(L, 1);
    const char *kind = lua_tostring(L, lua_upvalueindex(1));
    lua_pushstring(L, kind);
    lua_setfield(L, 1, "__kind");
    lua_settop(L, 1);
    return 1;
}

/* uniform(lo, hi), loguniform(lo, hi), fixed(v): population distributions. */
static int l_dist(lua_State *L)
{
    const char *type = lua_tostring(L, lua_upvalueindex(1));
    double lo = luaL_checknumber(L, 1);
    double hi = strcmp(type, "fixed") == 0 ? lo : luaL_checknumber(L, 2);
    luaL_argcheck(L, isfinite(lo) && isfinite(hi), 1, "bounds must be finite");
    luaL_argcheck(L, lo <= hi, 2, "low end above high end");
    if (strcmp(type, "loguniform") == 0)
        luaL_argcheck(L, lo > 0, 1, "log-uniform needs a low end > 0");
    lua_createtable(L, 0, 3);
    lua_pushstring(L, type);
    lua_setfield(L, -2, "dist");
    lua_pushnumber(L, lo);
    lua_setfield(L, -2, "lo");
    lua_pushnumber(L, hi);
    lua_setfield(L, -2, "hi");
    return 1;
}

/* Runs protected (an allocation failure under a tiny memory cap must be a
 * Lua error, not a panic): the location table and every global of the API. */
static int l_register_api(lua_State *L)
{
    acc_scenario *s = scn_of(L);
    lua_newtable(L); /* {subtable -> line}, weak keys */
    lua_newtable(L);
    lua_pushstring(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    s->loc_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    acc_sandbox_push_env(s->sb); /* env */
    lua_pushcfunction(L, l_param);
    lua_setfield(L, -2, "param");
    static const char *const marks[] = {"scenario", "jurisdiction", "population", "recognize", "bloc",
                                        "share"};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
        lua_pushstring(L, marks[i]);
        lua_pushcclosure(L, l_mark, 1);
        lua_setfield(L, -2, marks[i]);
    }
    static const char *const dists[] = {"uniform", "loguniform", "fixed"};
    for (size_t i = 0; i < sizeof dists / sizeof dists[0]; i++) {
        lua_pushstring(L, dists[i]);
        lua_pushcclosure(L, l_dist, 1);
        lua_setfield(L, -2, dists[i]);
    }
    acc_egt_lua_open(L); /* env egt */
    lua_setfield(L, -2, "egt");
    lua_createtable(L, 0, 2); /* env accord */
    lua_pushstring(L, ACCORD_VERSION);
    lua_setfield(L, -2, "version");
    lua_setfield(L, -2, "accord");
    lua_pop(L, 1);
    acc_worldlua_register(L);
    return 0;
}

/* ---- converting the returned table ------------------------------------------- */

typedef struct conv {
    acc_scenario *s;
    lua_State *L;
    char *err;
    size_t errlen;
} conv;

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
            return fail_at(c->s, c->err, c->errlen, line, "%s%s%s must be true or false, got %s",
                           what ? what : "", what ? ": " : "", f->name, lua_typename(L, t));
    } else if (t == LUA_TNUMBER) {
        v = lua_tonumber(L, -1);
    } else {
        return fail_at(c->s, c->err, c->errlen, line, "%s%s%s must be a number (%s), got %s",
                       what ? what : "", what ? ": " : "", f->name, f->unit, lua_typename(L, t));
    }
    char msg[ACC_ERRLEN];
    if (acc_field_check(f, v, what, msg, sizeof msg) != ACC_OK)
        return fail_at(c->s, c->err, c->errlen, line, "%s", msg);
    *out = v;
    return ACC_OK;
}

/* Top-level and grouped model fields: `years = 10`, `risk = { base_hazard = 0.1 }`. */
static int conv_globals(conv *c, int tidx, int line0)
{
    lua_State *L = c->L;
    int nf;
    const acc_field *fields = acc_config_fields(&nf);
    static const char *const groups[] = {"market", "rd", "upgrade", "risk", "rep", "learning"};
    static const char *const others[] = {"name", "description", "jurisdictions", "populations",
                                         "recognition", "blocs", "sharing", "policies", "events",
                                         "on_incident", "on_step_end", "developer_rule", "__kind",
                                         "model", "tables"};
    const char *names[128];
    int nn = 0;
    for (int i = 0; i < nf && nn < 100; i++)
        names[nn++] = fields[i].name;
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
        names[nn++] = others[i];
    lua_pushnil(L);
    while (lua_next(L, tidx)) {
        if (lua_type(L, -2) != LUA_TSTRING) {
            lua_pop(L, 1);
            return fail_at(c->s, c->err, c->errlen, line0,
                           "the scenario table has a non-string key (%s); fields are named",
                           luaL_typename(L, -2));
        }
        const char *key = lua_tostring(L, -2);
        int handled = 0;
        for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
            handled |= strcmp(key, others[i]) == 0;
        int is_group = 0;
        for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
            is_group |= strcmp(key, groups[i]) == 0;
        if (!handled && is_group && lua_type(L, -1) == LUA_TTABLE) {
            int gidx = lua_gettop(L);
            lua_pushnil(L);
            while (lua_next(L, gidx)) {
                char full[128];
                const char *sub = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?";
                snprintf(full, sizeof full, "%s.%s", key, sub);
                const acc_field *f = acc_field_find(fields, nf, full);
                int line = locate_key(c->s, line0, sub);
                if (!f) {
                    char hint[96];
                    suggest(hint, sizeof hint, full, names, nn);
                    lua_pop(L, 3);
                    return fail_at(c->s, c->err, c->errlen, line, "unknown field '%s'%s", full, hint);
                }
                double v;
                if (conv_value(c, f, NULL, line, &v)) {
                    lua_pop(L, 3);
                    return ACC_EINVAL;
                }
                acc_field_set(f, &c->s->cfg, v);
                lua_pop(L, 1);
            }
            handled = 1;
        } else if (!handled) {
            const acc_field *f = acc_field_find(fields, nf, key);
            int line = locate_key(c->s, line0, key);
            if (!f || strchr(key, '.')) {
                char hint[96];
                suggest(hint, sizeof hint, key, names, nn);
                lua_pop(L, 2);
                return fail_at(c->s, c->err, c->errlen, line, "unknown field '%s'%s", key, hint);
            }
            double v;
            if (conv_value(c, f, NULL, line, &v)) {
                lua_pop(L, 2);
                return ACC_EINVAL;
            }
            acc_field_set(f, &c->s->cfg, v);
        }
        lua_pop(L, 1);
    }
    return ACC_OK;
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
    int line = locate_key(c->s, line0, field);
    if (!lua_istable(L, -1)) {
        lua_pop(L, 1);
        return fail_at(c->s, c->err, c->errlen, line, "'%s' must be a list of tables", field);
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
        return fail_at(c->s, c->err, c->errlen, line,
                       "'%s' must be a list {a, b, ...}; it has %d keys but length %d", field, count,
                       (int)n);
    }
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, lidx, i);
        if (!lua_istable(L, -1)) {
            lua_pop(L, 2);
            return fail_at(c->s, c->err, c->errlen, line, "%s[%d] must be a table, got %s", field,
                           (int)i, luaL_typename(L, -1));
        }
        int eline = table_line(L, c->s, -1);
        int rc = fn(c, lua_gettop(L), eline ? eline : line, (int)i);
        lua_pop(L, 1);
        if (rc)
            return rc;
    }
    lua_pop(L, 1);
    return ACC_OK;
}

static int check_keys(conv *c, int idx, int line, const char *what, const char *const *known, int nk,
                      const acc_field *fields, int nf)
{
    lua_State *L = c->L;
    const char *names[160];
    int nn = 0;
    for (int i = 0; i < nk && nn < 150; i++)
        names[nn++] = known[i];
    for (int i = 0; i < nf && nn < 150; i++)
        names[nn++] = fields[i].name;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING) {
            lua_pop(L, 1);
            return fail_at(c->s, c->err, c->errlen, line, "%s: fields are named; found a %s key", what,
                           luaL_typename(L, -1));
        }
        const char *k = lua_tostring(L, -1);
        int ok = 0;
        for (int i = 0; i < nn; i++)
            ok |= strcmp(k, names[i]) == 0;
        if (!ok) {
            char hint[96];
            suggest(hint, sizeof hint, k, names, nn);
            int kl = locate_key(c->s, line, k);
            lua_pop(L, 1);
            return fail_at(c->s, c->err, c->errlen, kl, "%s: unknown field '%s'%s", what, k, hint);
        }
    }
    return ACC_OK;
}

static int get_string(conv *c, int idx, const char *key, int line, const char *what, char *dst,
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
        return fail_at(c->s, c->err, c->errlen, locate_key(c->s, line, key),
                       "%s: '%s' must be a string, got %s", what, key, lua_typename(L, t));
    }
    size_t len;
    const char *v = lua_tolstring(L, -1, &len);
    if (len == 0 || len >= n) {
        lua_pop(L, 1);
        return fail_at(c->s, c->err, c->errlen, locate_key(c->s, line, key),
                       "%s: '%s' must have 1 to %d characters", what, key, (int)n - 1);
    }
    memcpy(dst, v, len + 1);
    lua_pop(L, 1);
    return ACC_OK;
}

/* The value at idx for a message: "12.5", "'abc'" or a type name. */
static const char *shown_value(lua_State *L, int idx, char *buf, size_t n)
{
    if (lua_type(L, idx) == LUA_TNUMBER)
        snprintf(buf, n, "%g", lua_tonumber(L, idx));
    else if (lua_type(L, idx) == LUA_TSTRING)
        snprintf(buf, n, "'%.40s'", lua_tostring(L, idx));
    else
        snprintf(buf, n, "%s", luaL_typename(L, idx));
    return buf;
}

/* "eu, us, jp" — the ids of the scenario's jurisdictions, for messages. */
static const char *known_jurs(const acc_config *cfg, char *buf, size_t n)
{
    buf[0] = 0;
    for (int k = 0; k < cfg->n_jur; k++) {
        strncat(buf, k ? ", " : "", n - strlen(buf) - 1);
        strncat(buf, cfg->jur[k].id, n - strlen(buf) - 1);
    }
    return buf;
}

static int jur_ref(conv *c, int idx, const char *key, int line, const char *what, int *out,
                   int required)
{
    char id[ACC_ID_LEN] = "";
    int rc = get_string(c, idx, key, line, what, id, sizeof id, required);
    if (rc)
        return rc;
    if (!id[0]) {
        *out = -1;
        return ACC_OK;
    }
    int j = acc_config_jur_index(&c->s->cfg, id);
    if (j < 0) {
        char known[512];
        return fail_at(c->s, c->err, c->errlen, locate_key(c->s, line, key),
                       "%s: %s = '%s' is not a jurisdiction of this scenario (known: %s)", what, key,
                       id, known_jurs(&c->s->cfg, known, sizeof known));
    }
    *out = j;
    return ACC_OK;
}

static int conv_jur(conv *c, int idx, int line, int n)
{
    acc_config *cfg = &c->s->cfg;
    if (cfg->n_jur >= ACC_MAX_JUR)
        return fail_at(c->s, c->err, c->errlen, line, "at most %d jurisdictions", ACC_MAX_JUR);
    acc_jur_cfg *j = &cfg->jur[cfg->n_jur];
    acc_jur_defaults(j);
    char what[96];
    snprintf(what, sizeof what, "jurisdiction #%d", n);
    int rc = get_string(c, idx, "id", line, what, j->id, sizeof j->id, 1);
    if (rc)
        return rc;
    for (const char *p = j->id; *p; p++)
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_'))
            return fail_at(c->s, c->err, c->errlen, locate_key(c->s, line, "id"),
                           "jurisdiction id '%s' must be lowercase letters, digits or _", j->id);
    /* the outputs use these for the totals (timeseries.csv) and for a
     * developer's own detection (events.csv) */
    if (strcmp(j->id, "all") == 0 || strcmp(j->id, "self") == 0)
        return fail_at(c->s, c->err, c->errlen, locate_key(c->s, line, "id"),
                       "jurisdiction id '%s' is reserved (timeseries.csv uses 'all' for the totals, "
                       "events.csv 'self' for a developer's own detection)", j->id);
    snprintf(what, sizeof what, "jurisdiction '%s'", j->id);
    memcpy(j->name, j->id, strlen(j->id) + 1); /* ACC_ID_LEN < ACC_NAME_LEN */
    if ((rc = get_string(c, idx, "name", line, what, j->name, sizeof j->name, 0)))
        return rc;
    int nf;
    const acc_field *fields = acc_jur_fields(&nf);
    static const char *const known[] = {"id", "name", "__kind"};
    if ((rc = check_keys(c, idx, line, what, known, 3, fields, nf)))
        return rc;
    for (int i = 0; i < nf; i++) {
        lua_getfield(c->L, idx, fields[i].name);
        if (!lua_isnil(c->L, -1)) {
            double v;
            if ((rc = conv_value(c, &fields[i], what, locate_key(c->s, line, fields[i].name), &v))) {
                lua_pop(c->L, 1);
                return rc;
            }
            acc_field_set(&fields[i], j, v);
        }
        lua_pop(c->L, 1);
    }
    if (acc_config_jur_index(cfg, j->id) >= 0)
        return fail_at(c->s, c->err, c->errlen, line, "jurisdiction id '%s' is used twice", j->id);
    cfg->n_jur++;
    return ACC_OK;
}

static int conv_dist(conv *c, int idx, const char *key, int line, const char *what, acc_dist *d,
                     double lo, double hi)
{
    lua_State *L = c->L;
    lua_getfield(L, idx, key);
    int t = lua_type(L, -1);
    int kl = locate_key(c->s, line, key);
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
                rc = fail_at(c->s, c->err, c->errlen, kl, "%s: %s = {lo, hi} needs two numbers", what,
                             key);
            d->type = ACC_DIST_UNIFORM;
            d->lo = lua_tonumber(L, -2);
            d->hi = lua_tonumber(L, -1);
            lua_pop(L, 2);
        } else {
            rc = fail_at(c->s, c->err, c->errlen, kl,
                         "%s: %s must be a number, {lo, hi}, uniform(lo, hi), loguniform(lo, hi) or "
                         "fixed(v)",
                         what, key);
        }
    } else {
        rc = fail_at(c->s, c->err, c->errlen, kl, "%s: %s must be a number or a distribution, got %s",
                     what, key, lua_typename(L, t));
    }
    lua_pop(L, 1);
    if (rc)
        return rc;
    if (!isfinite(d->lo) || !isfinite(d->hi) || d->lo < lo || d->hi > hi || d->lo > d->hi)
        return fail_at(c->s, c->err, c->errlen, kl, "%s: %s must lie in [%g, %g], got [%g, %g]", what,
                       key, lo, hi, d->lo, d->hi);
    if (d->type == ACC_DIST_LOGUNIFORM && !(d->lo > 0))
        return fail_at(c->s, c->err, c->errlen, kl, "%s: %s is log-uniform: low end must be > 0", what,
                       key);
    return ACC_OK;
}

static int conv_pop(conv *c, int idx, int line, int n)
{
    lua_State *L = c->L;
    acc_config *cfg = &c->s->cfg;
    char what[96], kind_s[32] = "";
    snprintf(what, sizeof what, "population #%d", n);
    static const char *const known[] = {"kind", "home", "count", "total", "shares", "capital",
                                        "capability", "safety", "invest_rate", "safety_share",
                                        "horizon", "opex", "phi_min", "__kind"};
    int rc = check_keys(c, idx, line, what, known, (int)(sizeof known / sizeof known[0]), NULL, 0);
    if (rc || (rc = get_string(c, idx, "kind", line, what, kind_s, sizeof kind_s, 1)))
        return rc;
    int kind = acc_kind_parse(kind_s);
    if (kind < 0)
        return fail_at(c->s, c->err, c->errlen, locate_key(c->s, line, "kind"),
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
    /* count at one home, or a total split by shares */
    lua_getfield(L, idx, "shares");
    int has_shares = !lua_isnil(L, -1);
    lua_pop(L, 1);
    if (!has_shares) {
        int home;
        if ((rc = jur_ref(c, idx, "home", line, what, &home, 1)))
            return rc;
        lua_getfield(L, idx, "count");
        lua_Integer cnt = 0;
        int isint = 0;
        cnt = lua_tointegerx(L, -1, &isint);
        char got[64];
        shown_value(L, -1, got, sizeof got);
        lua_pop(L, 1);
        if (!isint || cnt < 0 || cnt > 10000000)
            return fail_at(c->s, c->err, c->errlen, locate_key(c->s, line, "count"),
                           "%s: count must be an integer in [0, 10000000], got %s", what, got);
        if (cfg->n_pop >= ACC_MAX_POP)
            return fail_at(c->s, c->err, c->errlen, line, "at most %d population entries", ACC_MAX_POP);
        tmpl.home = home;
        tmpl.count = (int)cnt;
        cfg->pop[cfg->n_pop++] = tmpl;
        return ACC_OK;
    }
    lua_getfield(L, idx, "total");
    int isint = 0;
    lua_Integer total = lua_tointegerx(L, -1, &isint);
    char got[64];
    shown_value(L, -1, got, sizeof got);
    lua_pop(L, 1);
    if (!isint || total < 0 || total > 10000000)
        return fail_at(c->s, c->err, c->errlen, locate_key(c->s, line, "total"),
                       "%s: with shares, total must be an integer in [0, 10000000], got %s", what,
                       got);
    /* shares = { us = 0.6, eu = 0.4 }: largest-remainder rounding, in
     * jurisdiction order so the split never depends on table order */
    double share[ACC_MAX_JUR] = {0}, sum = 0;
    lua_getfield(L, idx, "shares");
    int sidx = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, sidx)) {
        const char *id = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "";
        int j = acc_config_jur_index(cfg, id);
        double v = lua_tonumber(L, -1);
        if (j < 0) {
            char jurs[512], idc[64];
            snprintf(idc, sizeof idc, "%s", id);
            lua_pop(L, 3);
            return fail_at(c->s, c->err, c->errlen, locate_key(c->s, line, "shares"),
                           "%s: shares: '%s' is not a jurisdiction of this scenario (known: %s)",
                           what, idc, known_jurs(cfg, jurs, sizeof jurs));
        }
        if (!lua_isnumber(L, -1) || !(v >= 0 && v <= 1e9)) {
            char idc[64], gotv[64];
            snprintf(idc, sizeof idc, "%s", id);
            shown_value(L, -1, gotv, sizeof gotv);
            lua_pop(L, 3);
            return fail_at(c->s, c->err, c->errlen, locate_key(c->s, line, "shares"),
                           "%s: shares.%s must be a number in [0, 1e9], got %s", what, idc, gotv);
        }
        share[j] = v;
        sum += v;
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    if (!(sum > 0))
        return fail_at(c->s, c->err, c->errlen, locate_key(c->s, line, "shares"),
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
    while (assigned < total) {
        int best = -1;
        for (int j = 0; j < cfg->n_jur; j++)
            if (share[j] > 0 && (best < 0 || rem[j] > rem[best]))
                best = j;
        cnt[best]++;
        rem[best] = -1;
        assigned++;
    }
    for (int j = 0; j < cfg->n_jur; j++) {
        if (share[j] <= 0)
            continue;
        if (cfg->n_pop >= ACC_MAX_POP)
            return fail_at(c->s, c->err, c->errlen, line, "at most %d population entries", ACC_MAX_POP);
        tmpl.home = j;
        tmpl.count = (int)cnt[j];
        cfg->pop[cfg->n_pop++] = tmpl;
    }
    return ACC_OK;
}

static int opt_number(conv *c, int idx, const char *key, int line, const char *what, double lo,
                      double hi, double *out)
{
    lua_State *L = c->L;
    lua_getfield(L, idx, key);
    int t = lua_type(L, -1);
    double v = lua_tonumber(L, -1);
    lua_pop(L, 1);
    if (t == LUA_TNIL)
        return ACC_OK;
    int kl = locate_key(c->s, line, key);
    if (t != LUA_TNUMBER)
        return fail_at(c->s, c->err, c->errlen, kl, "%s: %s must be a number, got %s", what, key,
                       lua_typename(L, t));
    if (!(v >= lo && v <= hi))
        return fail_at(c->s, c->err, c->errlen, kl, "%s: %s must be in [%g, %g], got %g", what, key, lo,
                       hi, v);
    *out = v;
    return ACC_OK;
}

static int opt_bool(conv *c, int idx, const char *key, int *out)
{
    lua_getfield(c->L, idx, key);
    if (!lua_isnil(c->L, -1))
        *out = lua_toboolean(c->L, -1);
    lua_pop(c->L, 1);
    return ACC_OK;
}

static int conv_recog(conv *c, int idx, int line, int n)
{
    acc_config *cfg = &c->s->cfg;
    char what[64], mode[32] = "assessment";
    snprintf(what, sizeof what, "recognition #%d", n);
    static const char *const known[] = {"to", "from", "mode", "fee", "review_months", "mutual",
                                        "__kind"};
    acc_recog_cfg r = {0, 0, ACC_RECOG_ASSESSMENT, -1, -1};
    int mutual = 0, rc;
    if ((rc = check_keys(c, idx, line, what, known, 7, NULL, 0)) ||
        (rc = jur_ref(c, idx, "to", line, what, &r.to, 1)) ||
        (rc = jur_ref(c, idx, "from", line, what, &r.from, 1)) ||
        (rc = get_string(c, idx, "mode", line, what, mode, sizeof mode, 0)) ||
        (rc = opt_number(c, idx, "fee", line, what, 0, 1e9, &r.fee)) ||
        (rc = opt_number(c, idx, "review_months", line, what, 0, 120, &r.review_months)) ||
        (rc = opt_bool(c, idx, "mutual", &mutual)))
        return rc;
    if (strcmp(mode, "assessment") == 0)
        r.mode = ACC_RECOG_ASSESSMENT;
    else if (strcmp(mode, "equivalence") == 0)
        r.mode = ACC_RECOG_EQUIVALENCE;
    else
        return fail_at(c->s, c->err, c->errlen, locate_key(c->s, line, "mode"),
                       "%s: mode must be 'assessment' or 'equivalence', got '%s'", what, mode);
    if (r.to == r.from)
        return fail_at(c->s, c->err, c->errlen, line, "%s: a jurisdiction cannot recognise itself",
                       what);
    for (int k = 0; k <= mutual; k++) {
        if (cfg->n_recog >= ACC_MAX_RECOG)
            return fail_at(c->s, c->err, c->errlen, line, "too many recognitions");
        cfg->recog[cfg->n_recog++] = r;
        int t = r.to;
        r.to = r.from;
        r.from = t;
    }
    return ACC_OK;
}

static int conv_link(conv *c, int idx, int line, int n)
{
    acc_config *cfg = &c->s->cfg;
    char what[64];
    snprintf(what, sizeof what, "sharing link #%d", n);
    static const char *const known[] = {"from", "to", "lag_months", "mutual", "active", "__kind"};
    acc_link_cfg l = {0, 0, 0, 1};
    int mutual = 0, rc;
    if ((rc = check_keys(c, idx, line, what, known, 6, NULL, 0)) ||
        (rc = jur_ref(c, idx, "from", line, what, &l.from, 1)) ||
        (rc = jur_ref(c, idx, "to", line, what, &l.to, 1)) ||
        (rc = opt_number(c, idx, "lag_months", line, what, 0, 120, &l.lag_months)) ||
        (rc = opt_bool(c, idx, "mutual", &mutual)) || (rc = opt_bool(c, idx, "active", &l.active)))
        return rc;
    if (l.to == l.from)
        return fail_at(c->s, c->err, c->errlen, line, "%s: from and to must differ", what);
    for (int k = 0; k <= mutual; k++) {
        if (cfg->n_links >= ACC_MAX_LINKS)
            return fail_at(c->s, c->err, c->errlen, line, "too many sharing links");
        cfg->link[cfg->n_links++] = l;
        int t = l.to;
        l.to = l.from;
        l.from = t;
    }
    return ACC_OK;
}

static int conv_bloc(conv *c, int idx, int line, int n)
{
    lua_State *L = c->L;
    acc_config *cfg = &c->s->cfg;
    char what[64];
    snprintf(what, sizeof what, "bloc #%d", n);
    static const char *const known[] = {"id", "members", "standard", "cert_cost", "review_months",
                                        "__kind"};
    if (cfg->n_blocs >= ACC_MAX_BLOCS)
        return fail_at(c->s, c->err, c->errlen, line, "at most %d blocs", ACC_MAX_BLOCS);
    acc_bloc_cfg *b = &cfg->bloc[cfg->n_blocs];
    memset(b, 0, sizeof *b);
    b->cert_cost = -1;
    b->review_months = -1;
    snprintf(b->id, sizeof b->id, "bloc%d", n);
    int rc;
    if ((rc = check_keys(c, idx, line, what, known, 6, NULL, 0)) ||
        (rc = get_string(c, idx, "id", line, what, b->id, sizeof b->id, 0)) ||
        (rc = opt_number(c, idx, "cert_cost", line, what, 0, 1e9, &b->cert_cost)) ||
        (rc = opt_number(c, idx, "review_months", line, what, 0, 120, &b->review_months)))
        return rc;
    snprintf(what, sizeof what, "bloc '%s'", b->id);
    lua_getfield(L, idx, "standard");
    int t = lua_type(L, -1);
    int sl = locate_key(c->s, line, "standard");
    if (t == LUA_TNIL || (t == LUA_TSTRING && strcmp(lua_tostring(L, -1), "max") == 0)) {
        b->rule = ACC_BLOC_MAX;
    } else if (t == LUA_TSTRING && strcmp(lua_tostring(L, -1), "mean") == 0) {
        b->rule = ACC_BLOC_MEAN;
    } else if (t == LUA_TSTRING && strcmp(lua_tostring(L, -1), "min") == 0) {
        b->rule = ACC_BLOC_MIN;
    } else if (t == LUA_TNUMBER) {
        b->rule = ACC_BLOC_FIXED;
        b->standard = lua_tonumber(L, -1);
        if (!(b->standard >= 0 && b->standard <= 1)) {
            lua_pop(L, 1);
            return fail_at(c->s, c->err, c->errlen, sl, "%s: standard must be in [0, 1], got %g", what,
                           b->standard);
        }
    } else {
        char got[64];
        snprintf(got, sizeof got, "%s%s%s", t == LUA_TSTRING ? "'" : "",
                 t == LUA_TSTRING ? lua_tostring(L, -1) : lua_typename(L, t), t == LUA_TSTRING ? "'" : "");
        lua_pop(L, 1);
        return fail_at(c->s, c->err, c->errlen, sl,
                       "%s: standard must be \"max\", \"mean\", \"min\" or a number in [0, 1], got %s",
                       what, got);
    }
    lua_pop(L, 1);
    lua_getfield(L, idx, "members");
    int ml = locate_key(c->s, line, "members");
    if (!lua_istable(L, -1)) {
        lua_pop(L, 1);
        return fail_at(c->s, c->err, c->errlen, ml, "%s: members must be a list of jurisdiction ids",
                       what);
    }
    lua_Integer nm = luaL_len(L, -1);
    if (nm < 1 || nm > cfg->n_jur) {
        lua_pop(L, 1);
        return fail_at(c->s, c->err, c->errlen, ml, "%s: needs 1 to %d members, got %d", what,
                       cfg->n_jur, (int)nm);
    }
    for (lua_Integer i = 1; i <= nm; i++) {
        lua_rawgeti(L, -1, i);
        const char *id = lua_tostring(L, -1);
        int j = id ? acc_config_jur_index(cfg, id) : -1;
        lua_pop(L, 1);
        if (j < 0) {
            lua_pop(L, 1);
            char jurs[512];
            return fail_at(c->s, c->err, c->errlen, ml,
                           "%s: member %d ('%s') is not a jurisdiction of this scenario (known: %s)",
                           what, (int)i, id ? id : "?", known_jurs(cfg, jurs, sizeof jurs));
        }
        for (int k = 0; k < b->n_members; k++)
            if (b->members[k] == j) {
                lua_pop(L, 1);
                return fail_at(c->s, c->err, c->errlen, ml, "%s: member '%s' listed twice", what, id);
            }
        b->members[b->n_members++] = j;
    }
    lua_pop(L, 1);
    cfg->n_blocs++;
    return ACC_OK;
}

/* Hooks: policies = {f, ...}; events = {{year = 2, run = f} | {step = 5, run = f}}. */
static int conv_hooks(conv *c, int tidx, int line0)
{
    lua_State *L = c->L;
    acc_scenario *s = c->s;
    lua_getfield(L, tidx, "policies");
    if (lua_isfunction(L, -1)) {
        s->policy_ref[s->npolicies++] = luaL_ref(L, LUA_REGISTRYINDEX);
    } else if (lua_istable(L, -1)) {
        lua_Integer n = luaL_len(L, -1);
        for (lua_Integer i = 1; i <= n; i++) {
            lua_rawgeti(L, -1, i);
            if (!lua_isfunction(L, -1) || s->npolicies >= ACC_MAX_HOOKS) {
                lua_pop(L, 2);
                return fail_at(s, c->err, c->errlen, locate_key(s, line0, "policies"),
                               "policies[%d] must be a function (at most %d policies)", (int)i,
                               ACC_MAX_HOOKS);
            }
            s->policy_ref[s->npolicies++] = luaL_ref(L, LUA_REGISTRYINDEX);
        }
        lua_pop(L, 1);
    } else if (!lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return fail_at(s, c->err, c->errlen, locate_key(s, line0, "policies"),
                       "policies must be a function or a list of functions");
    } else {
        lua_pop(L, 1);
    }
    lua_getfield(L, tidx, "events");
    if (lua_istable(L, -1)) {
        lua_Integer n = luaL_len(L, -1);
        double spy = s->cfg.steps_per_year;
        int nsteps = (int)floor(s->cfg.years * spy + 0.5);
        /* a list, not one event: events = {{ year = 1, run = f }} */
        int count = 0, listidx = lua_gettop(L);
        lua_pushnil(L);
        while (lua_next(L, listidx)) {
            count++;
            lua_pop(L, 1);
        }
        if (count != n) {
            lua_pop(L, 1);
            return fail_at(s, c->err, c->errlen, locate_key(s, line0, "events"),
                           "events must be a list of events: events = {{ year = 1, run = function(world) "
                           "... end }} (note the double braces)");
        }
        for (lua_Integer i = 1; i <= n; i++) {
            lua_rawgeti(L, -1, i);
            int eidx = lua_gettop(L);
            int eline = lua_istable(L, -1) ? table_line(L, s, -1) : 0;
            if (!eline)
                eline = locate_key(s, line0, "events");
            if (!lua_istable(L, -1) || s->nevents >= ACC_MAX_HOOKS) {
                lua_pop(L, 2);
                return fail_at(s, c->err, c->errlen, eline,
                               "events[%d] must be a table {year = y | step = n, run = function}",
                               (int)i);
            }
            static const char *const ev_known[] = {"year", "step", "run", "__kind"};
            int krc = check_keys(c, eidx, eline, "events entry", ev_known, 4, NULL, 0);
            if (krc) {
                lua_pop(L, 2);
                return krc;
            }
            lua_getfield(L, eidx, "year");
            lua_getfield(L, eidx, "step");
            lua_getfield(L, eidx, "run");
            double horizon = s->cfg.years;
            int at = -1;
            if (lua_isnumber(L, -3)) {
                double y = lua_tonumber(L, -3);
                /* an event "at year y" fires at the start of the step that
                 * begins at time y: step index floor(y*spy + 0.5) + 1; an
                 * event at the horizon itself would never fire */
                double ds = floor(y * spy + 0.5) + 1; /* compared as a double: y may be huge */
                if (!(y >= 0) || !(ds <= nsteps)) {
                    lua_pop(L, 5);
                    return fail_at(s, c->err, c->errlen, locate_key(s, eline, "year"),
                                   "events[%d]: year must be in [0, %g) (the run ends at year %g; the "
                                   "last step starts at year %g), got %g",
                                   (int)i, horizon, horizon, (nsteps - 1) / spy, y);
                }
                at = (int)ds;
            } else if (lua_isinteger(L, -2)) {
                lua_Integer st = lua_tointeger(L, -2);
                if (st < 1 || st > nsteps) {
                    lua_pop(L, 5);
                    return fail_at(s, c->err, c->errlen, locate_key(s, eline, "step"),
                                   "events[%d]: step must be in [1, %d], got %lld", (int)i, nsteps,
                                   (long long)st);
                }
                at = (int)st;
            }
            if (at < 0 || !lua_isfunction(L, -1)) {
                lua_pop(L, 5);
                return fail_at(s, c->err, c->errlen, eline,
                               "events[%d] needs year = y (or step = n) and run = function(world)",
                               (int)i);
            }
            acc_event_hook *e = &s->events[s->nevents++];
            e->at_step = at;
            e->line = eline;
            lua_pushvalue(L, -1);
            e->ref = luaL_ref(L, LUA_REGISTRYINDEX);
            lua_pop(L, 4);
        }
    } else if (!lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return fail_at(s, c->err, c->errlen, locate_key(s, line0, "events"), "events must be a list");
    }
    lua_pop(L, 1);
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
            return fail_at(s, c->err, c->errlen, locate_key(s, line0, fns[i].key),
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
                return fail_at(s, err, errlen, 0, "%s", msg);
            acc_field_set(f, &s->cfg, v);
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
            static const char *const groups[] = {"market", "rd", "upgrade", "risk", "rep", "learning"};
            int is_group = 0;
            for (size_t g = 0; dot && g < sizeof groups / sizeof groups[0]; g++)
                is_group |= strlen(groups[g]) == (size_t)(dot - name) &&
                            strncmp(name, groups[g], (size_t)(dot - name)) == 0;
            if (!f && dot && !s->function_model && j < 0 && !is_group) {
                char jurs[512];
                return fail_at(s, err, errlen, 0,
                               "--set %s: '%.*s' is not a jurisdiction of this scenario (known: %s)",
                               name, (int)(dot - name), name, known_jurs(&s->cfg, jurs, sizeof jurs));
            }
            if (!f && dot && !s->function_model && !is_group) {
                const char *names[64];
                for (int k = 0; k < njf && k < 64; k++)
                    names[k] = jf[k].name;
                char hint[96];
                suggest(hint, sizeof hint, dot + 1, names, njf < 64 ? njf : 64);
                return fail_at(s, err, errlen, 0, "--set %s: jurisdictions have no field '%s'%s",
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
                suggest(hint, sizeof hint, name, names, nn);
                return fail_at(s, err, errlen, 0,
                               "--set %s: no such parameter%s (declared: %s%s)", name, hint,
                               declared[0] ? declared : "none",
                               s->function_model ? ""
                                                 : "; model fields such as risk.base_hazard or "
                                                   "<jurisdiction>.stringency are accepted too");
            }
            acc_field named = *f; /* report the name as given: eu.stringency */
            named.name = name;
            if (acc_field_check(&named, v, "--set", msg, sizeof msg))
                return fail_at(s, err, errlen, 0, "%s", msg);
            acc_field_set(f, &s->cfg.jur[j], v);
        }
        s->sets[i].used = 1;
        s->field_set_idx[s->nfield_sets++] = i;
    }
    return ACC_OK;
}

static int convert(acc_scenario *s, char *err, size_t errlen)
{
    lua_State *L = s->L;
    conv c = {s, L, err, errlen};
    if (!lua_istable(L, -1))
        return fail_at(s, err, errlen, 0,
                       "the scenario must return a table (scenario{...}), got %s", luaL_typename(L, -1));
    int tidx = lua_gettop(L);
    int line0 = table_line(L, s, tidx);
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
            return fail_at(s, err, errlen, locate_key(s, line0, "name"),
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
        int rc = check_keys(&c, tidx, line0, "function-model scenario", known, 5, NULL, 0);
        if (rc)
            return rc;
        s->function_model = 1;
        lua_getfield(L, tidx, "model");
        s->model_ref = luaL_ref(L, LUA_REGISTRYINDEX);
        lua_getfield(L, tidx, "tables");
        if (!lua_isnil(L, -1) && !lua_istable(L, -1)) {
            lua_pop(L, 1);
            return fail_at(s, err, errlen, locate_key(s, line0, "tables"),
                           "tables must be a table of functions");
        }
        s->tables_ref = luaL_ref(L, LUA_REGISTRYINDEX);
        return apply_field_sets(s, err, errlen);
    }
    int rc;
    if ((rc = conv_globals(&c, tidx, line0)) ||
        (rc = conv_list(&c, tidx, "jurisdictions", line0, conv_jur)))
        return rc;
    if (s->cfg.n_jur == 0)
        return fail_at(s, err, errlen, line0,
                       "the scenario has no jurisdictions: add jurisdictions = { jurisdiction{ id = "
                       "\"eu\", ... } }");
    if ((rc = conv_list(&c, tidx, "populations", line0, conv_pop)) ||
        (rc = conv_list(&c, tidx, "recognition", line0, conv_recog)) ||
        (rc = conv_list(&c, tidx, "blocs", line0, conv_bloc)) ||
        (rc = conv_list(&c, tidx, "sharing", line0, conv_link)) || (rc = conv_hooks(&c, tidx, line0)))
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
                line = locate_key(s, line0, where[i].key);
                break;
            }
        return fail_at(s, err, errlen, line, "%s", msg);
    }
    return ACC_OK;
}

static int convert_protected(lua_State *L, void *ud, char *err, size_t errlen)
{
    (void)L;
    return convert(ud, err, errlen);
}

/* ---- loading ------------------------------------------------------------------ */

/* Lua shortens chunk names over 60 characters to "...tail"; put the full
 * scenario path back wherever a message names it that way. */
static void expand_chunknames(char *msg, size_t n, const char *path)
{
    size_t plen = strlen(path);
    char *p = msg;
    while ((p = strstr(p, "...")) != NULL) {
        char *tail = p + 3, *colon = strchr(tail, ':');
        size_t tlen = colon ? (size_t)(colon - tail) : 0;
        if (tlen > 0 && tlen < plen && strncmp(path + plen - tlen, tail, tlen) == 0) {
            size_t len = strlen(msg), grow = plen - tlen - 3;
            if (len + grow + 1 > n)
                return; /* no room: keep the short form */
            memmove(p + plen, tail + tlen, len - (size_t)(tail + tlen - msg) + 1);
            memcpy(p, path, plen);
            p += plen;
        } else {
            p += 3;
        }
    }
}

/* Does the message start with "file:line:"? */
static int has_location(const char *msg)
{
    const char *c = strchr(msg, ':');
    if (!c || c == msg || memchr(msg, ' ', (size_t)(c - msg)) || memchr(msg, '\n', (size_t)(c - msg)))
        return 0;
    const char *d = c + 1;
    while (*d >= '0' && *d <= '9')
        d++;
    return d > c + 1 && *d == ':';
}

/* A load error with no location at all (raised from a tail call such as
 * `return policies.attach(...)`, whose frame Lua has dropped): name the
 * scenario file, and drop the traceback, which cannot point anywhere useful. */
static void locate_load_error(char *msg, size_t n, const char *path)
{
    if (has_location(msg) || strncmp(msg, path, strlen(path)) == 0)
        return;
    char *tb = strstr(msg, "\nstack traceback:");
    /* the innermost frame in the scenario file gives the line */
    char where[1100];
    snprintf(where, sizeof where, "%s", path);
    if (tb) {
        size_t pl = strlen(path);
        for (const char *f = strstr(tb, "\n\t"); f; f = strstr(f + 1, "\n\t")) {
            if (strncmp(f + 2, path, pl) == 0 && f[2 + pl] == ':' && f[3 + pl] >= '0' &&
                f[3 + pl] <= '9') {
                long line = strtol(f + 3 + pl, NULL, 10);
                snprintf(where, sizeof where, "%s:%ld", path, line);
                break;
            }
        }
        *tb = 0;
    }
    path = where;
    size_t plen = strlen(path), len = strlen(msg);
    if (plen + 2 + 4 >= n)
        return;
    if (plen + 2 + len + 1 > n) { /* a long message: cut its end, keep the file name */
        len = n - plen - 2 - 1;
        memcpy(msg + len - 3, "...", 4);
    }
    memmove(msg + plen + 2, msg, len + 1);
    memcpy(msg, path, plen);
    msg[plen] = ':';
    msg[plen + 1] = ' ';
}

/* For load errors whose first line already names the scenario file and line,
 * the Lua traceback adds nothing an analyst needs: drop it. */
static void trim_load_traceback(char *msg, const char *path)
{
    size_t plen = strlen(path);
    char *tb = strstr(msg, "\nstack traceback:");
    if (tb && strncmp(msg, path, plen) == 0 && msg[plen] == ':' && msg[plen + 1] >= '0' &&
        msg[plen + 1] <= '9')
        *tb = 0;
}

void acc_scenario_tidy_error(char *msg, size_t n, const char *path)
{
    expand_chunknames(msg, n, path);
    locate_load_error(msg, n, path);
}

static void default_log(void *ud, const char *msg)
{
    (void)ud;
    fprintf(stderr, "%s\n", msg);
}

int acc_scenario_load(const acc_scenario_opts *o, acc_scenario **out, char *err, size_t errlen)
{
    *out = NULL;
    if (o->n_sets > ACC_MAX_SETS) {
        acc_errf(err, errlen, "too many --set options (at most %d)", ACC_MAX_SETS);
        return ACC_EINVAL;
    }
    acc_scenario *s = calloc(1, sizeof *s);
    if (!s) {
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    s->on_incident_ref = s->on_step_end_ref = s->rule_ref = LUA_NOREF;
    s->model_ref = s->tables_ref = s->loc_ref = s->world_ud_ref = LUA_NOREF;
    s->seed = o->seed;
    s->run = o->run;
    int rc = ACC_EINVAL;
    if (strlen(o->path) >= sizeof s->path) {
        acc_errf(err, errlen, "scenario path '%.60s...' is too long (%zu bytes, at most %zu)",
                 o->path, strlen(o->path), sizeof s->path - 1);
        goto fail;
    }
    snprintf(s->path, sizeof s->path, "%s", o->path);
    acc_config_defaults(&s->cfg);
    for (int i = 0; i < o->n_sets; i++) {
        const char *eq = strchr(o->sets[i], '=');
        size_t nl = eq ? (size_t)(eq - o->sets[i]) : 0;
        if (!eq || nl == 0 || nl >= sizeof s->sets[0].name) {
            acc_errf(err, errlen, "--set '%s': expected name=value", o->sets[i]);
            goto fail;
        }
        memcpy(s->sets[i].name, o->sets[i], nl);
        s->sets[i].name[nl] = 0;
        if (!parse_number(eq + 1, &s->sets[i].value) || !isfinite(s->sets[i].value)) {
            acc_errf(err, errlen, "--set %s: '%s' is not a finite number", s->sets[i].name, eq + 1);
            goto fail;
        }
        for (int k = 0; k < i; k++)
            if (strcmp(s->sets[k].name, s->sets[i].name) == 0) {
                acc_errf(err, errlen, "--set %s is given twice", s->sets[i].name);
                goto fail;
            }
    }
    s->nsets = o->n_sets;
    if ((rc = acc_io_read_regular_file(o->path, MAX_SCENARIO_BYTES, &s->source, &s->source_len, err,
                               errlen)) ||
        (rc = acc_io_check_text(o->path, s->source, s->source_len, err, errlen)))
        goto fail;
    unsigned char digest[ACC_SHA256_LEN];
    acc_sha256(s->source, s->source_len, digest);
    acc_sha256_hex(digest, s->sha256);
    /* name: the file's base name without .lua, unless the scenario names itself */
    const char *base = strrchr(o->path, '/');
    base = base ? base + 1 : o->path;
    snprintf(s->name, sizeof s->name, "%s", base);
    char *dot = strrchr(s->name, '.');
    if (dot && strcmp(dot, ".lua") == 0)
        *dot = 0;

    /* Modules come from scripts/: ACCORD_SCRIPTS, else ./scripts when run from
     * the source tree (relative, so messages read "scripts/x.lua:3:" and stay
     * under Lua's 60-character chunk-name limit), else the build's source. */
    char scripts[1024], dir[1024];
    const char *env_scripts = getenv("ACCORD_SCRIPTS");
    if (o->scripts_dir)
        snprintf(scripts, sizeof scripts, "%s", o->scripts_dir);
    else if (env_scripts && *env_scripts)
        snprintf(scripts, sizeof scripts, "%s", env_scripts);
    else if (access("scripts/regimes.lua", R_OK) == 0)
        snprintf(scripts, sizeof scripts, "scripts");
    else
        snprintf(scripts, sizeof scripts, "%s/scripts", ACCORD_SOURCE_DIR);
    snprintf(dir, sizeof dir, "%.*s", base == o->path ? 1 : (int)(base - o->path - 1),
             base == o->path ? "." : o->path);
    const char *dirs[2] = {scripts, dir};
    acc_sandbox_opts so;
    memset(&so, 0, sizeof so);
    so.mem_limit_bytes = o->mem_limit_bytes;
    so.time_limit_s = o->time_limit_s == 0 ? 60 : (o->time_limit_s < 0 ? 0 : o->time_limit_s);
    so.search_dirs = dirs;
    so.n_search_dirs = 2;
    so.seed = o->seed;
    so.run = o->run;
    so.log = o->log ? o->log : default_log;
    so.log_ud = o->log ? o->log_ud : NULL;
    so.stuck = o->stuck;
    so.stuck_ud = o->stuck_ud;
    if ((rc = acc_sandbox_new(&so, &s->sb, err, errlen)))
        goto fail;
    s->L = acc_sandbox_lua(s->sb);
    lua_pushlightuserdata(s->L, s);
    lua_setfield(s->L, LUA_REGISTRYINDEX, SCN_KEY);
    lua_pushcfunction(s->L, l_register_api);
    if ((rc = acc_sandbox_pcall(s->sb, 0, 0, err, errlen)))
        goto fail;
    int top = lua_gettop(s->L);
    if ((rc = acc_sandbox_dostring(s->sb, s->source, s->path, 1, err, errlen)))
        goto fail;
    /* The returned table is the script's: reading it can run its
     * metamethods, so the whole conversion runs protected and timed. */
    rc = acc_sandbox_cpcall(s->sb, convert_protected, s, 1, err, errlen);
    lua_settop(s->L, top);
    if (rc)
        goto fail;
    *out = s;
    return ACC_OK;
fail:
    if (err && errlen) {
        expand_chunknames(err, errlen, o->path);
        if (rc != ACC_EIO && rc != ACC_ENOMEM)
            locate_load_error(err, errlen, o->path);
        trim_load_traceback(err, o->path);
    }
    acc_scenario_free(s);
    return rc;
}

void acc_scenario_free(acc_scenario *s)
{
    if (!s)
        return;
    acc_world_free(s->world);
    acc_sandbox_free(s->sb);
    for (int i = 0; i < s->nsummary; i++)
        free(s->summary_names[i]);
    free(s->source);
    free(s->description);
    free(s);
}

const char *acc_scenario_name(const acc_scenario *s) { return s->name; }
const char *acc_scenario_description(const acc_scenario *s)
{
    return s->description ? s->description : "";
}
const char *acc_scenario_path(const acc_scenario *s) { return s->path; }
const char *acc_scenario_sha256(const acc_scenario *s) { return s->sha256; }
int acc_scenario_is_function_model(const acc_scenario *s) { return s->function_model; }
const acc_config *acc_scenario_config(const acc_scenario *s)
{
    return s->function_model ? NULL : &s->cfg;
}
int acc_scenario_nparams(const acc_scenario *s) { return s->nparams; }
const acc_param_decl *acc_scenario_param(const acc_scenario *s, int i) { return &s->params[i]; }
int acc_scenario_nfield_sets(const acc_scenario *s) { return s->nfield_sets; }
const char *acc_scenario_field_set(const acc_scenario *s, int i, double *value)
{
    *value = s->sets[s->field_set_idx[i]].value;
    return s->sets[s->field_set_idx[i]].name;
}
int acc_scenario_npolicies(const acc_scenario *s) { return s->npolicies; }
int acc_scenario_nevents(const acc_scenario *s) { return s->nevents; }
int acc_scenario_has_rule(const acc_scenario *s) { return s->rule_ref != LUA_NOREF; }
const acc_world *acc_scenario_world(const acc_scenario *s) { return s->world; }
size_t acc_scenario_lua_peak_bytes(const acc_scenario *s) { return acc_sandbox_mem_peak(s->sb); }
int acc_scenario_summary_count(const acc_scenario *s) { return s->nsummary; }
const char *acc_scenario_summary_name(const acc_scenario *s, int i) { return s->summary_names[i]; }
double acc_scenario_summary_value(const acc_scenario *s, int i) { return s->summary_values[i]; }
