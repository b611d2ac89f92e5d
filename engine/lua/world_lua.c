/* accord — the `world` object that scenario policies receive: its type, the
 * helpers its methods share (arguments, messages), registration (methods
 * from world_lua_policy.c, world_lua_query.c and world_lua_events.c; the
 * developer rules' objects from world_lua_rule.c; accord.fields), and its
 * life across runs. Thin C over the model's public API; conveniences live in
 * scripts/. SPDX-License-Identifier: GPL-3.0-or-later */
#include "lua/world_lua_int.h"
#include "lua/names.h"
#include "base/numfmt.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char wl_state_key = 0, wl_proxy_key = 0, wl_devs_key = 0, wl_cols_key = 0, wl_rec_key = 0,
           wl_metric_key = 0;

/* ---- small helpers ---------------------------------------------------------------- */

wl_state *wl_get_state(lua_State *L)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &wl_state_key);
    wl_state *st = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return st;
}

/* What a method of `obj` called with a dot (world.set("eu", ...): self is
 * not the object) raises: the hint to use a colon. */
int wl_colon_hint(lua_State *L, const char *obj)
{
    lua_Debug ar;
    const char *m = lua_getstack(L, 0, &ar) && lua_getinfo(L, "n", &ar) && ar.name ? ar.name : "method";
    return luaL_error(L, "call methods with a colon: %s:%s(...), not %s.%s(...)", obj, m, obj, m);
}

/* The running world behind self. */
acc_scenario *wl_check_world(lua_State *L)
{
    world_ud *u = luaL_testudata(L, 1, WORLD_MT);
    if (!u)
        wl_colon_hint(L, "world");
    if (!u->s || !u->s->world)
        luaL_error(L, "this world object belongs to a finished run");
    return u->s;
}

/* The model numbers developers from 0, scripts from 1: rewrite "developer N"
 * in a core message to N + 1. */
void wl_fix_dev_ids(char *msg, size_t len)
{
    char out[ACC_ERRLEN];
    size_t o = 0;
    const char *p = msg;
    static const char tag[] = "developer ";
    while (*p && o + 1 < sizeof out) {
        if (strncmp(p, tag, sizeof tag - 1) == 0 && isdigit((unsigned char)p[sizeof tag - 1])) {
            char *end;
            long long id = strtoll(p + sizeof tag - 1, &end, 10);
            int k = snprintf(out + o, sizeof out - o, "developer %lld", id + 1);
            if (k < 0 || (size_t)k >= sizeof out - o)
                break;
            o += (size_t)k;
            p = end;
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = 0;
    snprintf(msg, len, "%s", out);
}

/* Raise a core error message with the caller's file:line. */
int wl_core_error(lua_State *L, char *msg)
{
    wl_fix_dev_ids(msg, ACC_ERRLEN);
    return luaL_error(L, "%s", msg);
}

static const char *jur_list(lua_State *L, const acc_config *cfg)
{
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int j = 0; j < cfg->n_jur; j++) {
        if (j)
            luaL_addstring(&b, ", ");
        luaL_addstring(&b, cfg->jur[j].id);
    }
    luaL_pushresult(&b);
    return lua_tostring(L, -1);
}

int wl_jur_of(lua_State *L, acc_scenario *s, const char *id, int arg)
{
    const acc_config *cfg = acc_world_config(s->world);
    int j = acc_config_jur_index(cfg, id);
    if (j < 0)
        luaL_argerror(L, arg, lua_pushfstring(L, "no jurisdiction '%s' (known: %s)", id, jur_list(L, cfg)));
    return j;
}

int wl_jur_arg(lua_State *L, acc_scenario *s, int arg)
{
    return wl_jur_of(L, s, luaL_checkstring(L, arg), arg);
}

/* The integer at idx (a number, not "3": ids are numbers, as everywhere):
 * 1 and *id, or 0 and in got what it is instead (a number, or its type). */
static int int_at(lua_State *L, int idx, lua_Integer *id, char got[ACC_IO_NUMBUF])
{
    int isint = 0;
    *id = 0;
    if (lua_type(L, idx) == LUA_TNUMBER)
        *id = lua_tointegerx(L, idx, &isint);
    if (isint)
        return 1;
    if (lua_type(L, idx) == LUA_TNUMBER)
        acc_io_fmt_double(got, (double)lua_tonumber(L, idx));
    else
        snprintf(got, ACC_IO_NUMBUF, "%s", luaL_typename(L, idx));
    return 0;
}

/* A developer argument: an integer 1..ndev (1-based); returns 0-based. */
lua_Integer wl_dev_id(lua_State *L, int arg, int64_t n)
{
    lua_Integer id;
    char got[ACC_IO_NUMBUF];
    if (!int_at(L, arg, &id, got))
        luaL_argerror(L, arg, lua_pushfstring(L, "a developer id (an integer in [1, %d]) expected, got %s",
                                              (int)n, got));
    return id;
}

int64_t wl_dev_arg(lua_State *L, acc_scenario *s, int arg, int need_alive)
{
    int64_t n = acc_world_ndev(s->world);
    lua_Integer id = wl_dev_id(L, arg, n);
    if (id < 1 || id > n)
        luaL_argerror(L, arg, lua_pushfstring(L, "no developer %I: ids are 1 to %d", id, (int)n));
    if (need_alive && !acc_world_dev_get(s->world, id - 1, ACC_DEV_ALIVE))
        luaL_argerror(L, arg, lua_pushfstring(L, "developer %I is bankrupt", id));
    return (int64_t)(id - 1);
}

static const char *const attr_extra = ", id";

int wl_attr_arg(lua_State *L, int arg, int allow_id)
{
    const char *name = luaL_checkstring(L, arg);
    if (allow_id && strcmp(name, "id") == 0)
        return ACC_DEV_NATTR; /* pseudo attribute */
    int a = acc_dev_attr_parse(name);
    if (a < 0) {
        luaL_Buffer b;
        luaL_buffinit(L, &b);
        for (int k = 0; k < ACC_DEV_NATTR; k++) {
            if (k)
                luaL_addstring(&b, ", ");
            luaL_addstring(&b, acc_dev_attr_name(k));
        }
        if (allow_id)
            luaL_addstring(&b, attr_extra);
        luaL_pushresult(&b);
        luaL_argerror(L, arg,
                      lua_pushfstring(L, "no developer attribute '%s' (known: %s)", name, lua_tostring(L, -1)));
    }
    return a;
}

const char *const wl_mkt_names[] = {"absent", "pending", "deployed", "suspended"};

/* Push developer i's attribute a the way scripts see it: kind and home as
 * names, alive as a boolean, upstream 1-based or nil. */
void wl_push_attr(lua_State *L, const acc_world *w, int64_t i, int a)
{
    if (a == ACC_DEV_NATTR) {
        lua_pushinteger(L, (lua_Integer)i + 1);
        return;
    }
    double v = acc_world_dev_get(w, i, a);
    switch (a) {
    case ACC_DEV_KIND:
        lua_pushstring(L, acc_kind_name((int)v));
        break;
    case ACC_DEV_HOME:
        lua_pushstring(L, acc_world_config(w)->jur[(int)v].id);
        break;
    case ACC_DEV_ALIVE:
        lua_pushboolean(L, v != 0);
        break;
    case ACC_DEV_UPSTREAM:
        if (v >= 0)
            lua_pushinteger(L, (lua_Integer)v + 1);
        else
            lua_pushnil(L);
        break;
    default:
        lua_pushnumber(L, v);
    }
}

/* Set developer i's attribute from the value at idx; raises on errors. */
void wl_set_attr(lua_State *L, acc_scenario *s, int64_t i, int a, int idx)
{
    double v;
    if (a == ACC_DEV_UPSTREAM) {
        if (lua_isnil(L, idx) || (lua_isboolean(L, idx) && !lua_toboolean(L, idx))) {
            v = -1;
        } else {
            lua_Integer up;
            char got[ACC_IO_NUMBUF];
            if (!int_at(L, idx, &up, got))
                luaL_error(L, "developer %d: upstream must be a developer id or nil, got %s", (int)i + 1, got);
            v = (double)up - 1; /* in double: up - 1 overflows for math.mininteger; the core checks the range */
        }
    } else if (a == ACC_DEV_NATTR || a == ACC_DEV_KIND || a == ACC_DEV_HOME || a == ACC_DEV_ALIVE) {
        luaL_error(L, "developer %d: %s is read-only", (int)i + 1, a == ACC_DEV_NATTR ? "id" : acc_dev_attr_name(a));
        return;
    } else {
        if (lua_type(L, idx) != LUA_TNUMBER)
            luaL_error(L, "developer %d: %s must be a number, got %s", (int)i + 1, acc_dev_attr_name(a),
                       luaL_typename(L, idx));
        v = lua_tonumber(L, idx);
    }
    char err[ACC_ERRLEN];
    if (acc_world_dev_set(s->world, i, a, v, err, sizeof err)) {
        if (a == ACC_DEV_UPSTREAM && v >= 0 && strstr(err, "got ")) {
            /* the core reports the 0-based id */
            snprintf(err, sizeof err, "developer %lld: upstream must be nil or a live incumbent or "
                                      "open-source lab, got %lld", (long long)i, (long long)v + 1);
        }
        wl_core_error(L, err);
    }
}

/* Check a table argument's keys against a list; raises naming the bad one. */
void wl_check_keys(lua_State *L, int arg, const char *const *known)
{
    luaL_checktype(L, arg, LUA_TTABLE);
    /* of several unknown keys, the first in byte order (the table's own
     * order changes from run to run); a key that is not a string first */
    const char *bad = NULL, *badtype = NULL;
    lua_pushnil(L);
    while (lua_next(L, arg)) {
        lua_pop(L, 1);
        const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        int ok = 0;
        for (int i = 0; k && known[i]; i++)
            ok |= strcmp(k, known[i]) == 0;
        if (!ok && !k && !badtype)
            badtype = luaL_typename(L, -1);
        else if (!ok && k && (!bad || strcmp(k, bad) < 0))
            bad = k; /* anchored by the table */
    }
    if (bad || badtype) {
        luaL_Buffer b;
        luaL_buffinit(L, &b);
        for (int i = 0; known[i]; i++) {
            if (i)
                luaL_addstring(&b, ", ");
            luaL_addstring(&b, known[i]);
        }
        luaL_pushresult(&b);
        luaL_argerror(L, arg,
                      lua_pushfstring(L, "unknown field '%s' (known: %s)", badtype ? badtype : bad,
                                      lua_tostring(L, -1)));
    }
}

const char *wl_field_string(lua_State *L, int arg, const char *key, int required)
{
    lua_getfield(L, arg, key);
    const char *v = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    if (!v && (required || !lua_isnil(L, -1)))
        luaL_argerror(L, arg, lua_pushfstring(L, "'%s' must be a string, got %s", key, luaL_typename(L, -1)));
    lua_pop(L, 1); /* anchored by the table */
    return v;
}

int wl_field_jur(lua_State *L, acc_scenario *s, int arg, const char *key)
{
    const char *id = wl_field_string(L, arg, key, 1);
    const acc_config *cfg = acc_world_config(s->world);
    int j = acc_config_jur_index(cfg, id);
    if (j < 0)
        luaL_argerror(L, arg, lua_pushfstring(L, "%s = '%s' is not a jurisdiction (known: %s)", key, id,
                                              jur_list(L, cfg)));
    return j;
}

/* The path developer i is certified by in j ("own", "equivalence", ...),
 * or nil: what world:certified, dev:certified and devs:certified return. */
int wl_segment_arg(lua_State *L, int arg)
{
    if (lua_isnoneornil(L, arg))
        return -1;
    const char *seg = luaL_checkstring(L, arg);
    if (strcmp(seg, "regulated") == 0)
        return 0;
    if (strcmp(seg, "open") == 0)
        return 1;
    return luaL_argerror(L, arg, lua_pushfstring(L, "segment must be 'regulated' or 'open', got '%s'", seg));
}

void wl_push_market(lua_State *L, const acc_world *w, int64_t i, int j, int segment)
{
    lua_pushstring(L, wl_mkt_names[segment == 1 ? acc_world_dev_open(w, i, j) : acc_world_dev_market(w, i, j)]);
}

int wl_exit(acc_world *w, int64_t i, int j, int segment, char *err, size_t errlen)
{
    return segment < 0 ? acc_world_dev_exit(w, i, j, err, errlen)
                       : acc_world_dev_exit_segment(w, i, j, segment, err, errlen);
}

int wl_push_certified(lua_State *L, const acc_world *w, int64_t i, int j)
{
    int p = acc_world_dev_certified(w, i, j);
    if (p)
        lua_pushstring(L, acc_path_name(p));
    else
        lua_pushnil(L);
    return 1;
}

/* ---- registration -------------------------------------------------------------------------- */

/* The world's methods, by file, in the order completions list them. */
static const luaL_Reg *const world_methods[] = {wl_policy_methods, wl_query_methods, wl_event_methods, NULL};

/* __index of the methods table: a name that is not a method (world:sett). */
static int w_no_method(lua_State *L)
{
    const char *key = luaL_tolstring(L, 2, NULL);
    const char *names[64];
    int n = 0;
    for (const luaL_Reg *const *t = world_methods; *t; t++)
        for (const luaL_Reg *r = *t; r->name && n < 64; r++)
            names[n++] = r->name;
    const char *best = acc_name_closest(key, names, n);
    if (best)
        return luaL_error(L, "world has no method '%s' (did you mean '%s'?)", key, best);
    return luaL_error(L, "world has no method '%s' (see \"The world object\" in docs/scripting.md)", key);
}

static int state_gc(lua_State *L)
{
    wl_state *st = lua_touserdata(L, 1);
    free(st->live);
    free(st->pos);
    free(st->decided);
    st->live = st->pos = NULL;
    st->decided = NULL;
    st->live_cap = st->nlive = 0;
    free(st->cur.ev);
    free(st->prev.ev);
    st->cur.ev = st->prev.ev = NULL;
    st->cur.n = st->prev.n = st->cur.cap = st->prev.cap = 0;
    return 0;
}

static void register_all(lua_State *L);

static int register_protected(lua_State *L)
{
    register_all(L);
    return 0;
}

/* Registration allocates; it runs protected so that a memory cap too small
 * for it fails the first call into the API instead of ending the process. */
void acc_worldlua_register(lua_State *L)
{
    lua_pushcfunction(L, register_protected);
    if (lua_pcall(L, 0, 0, 0) != LUA_OK)
        lua_pop(L, 1);
}

static void register_all(lua_State *L)
{
    if (luaL_newmetatable(L, WORLD_MT)) { /* mt */
        int nm = 0;
        for (const luaL_Reg *const *t = world_methods; *t; t++)
            for (const luaL_Reg *r = *t; r->name; r++)
                nm++;
        lua_createtable(L, 0, nm); /* mt methods */
        for (const luaL_Reg *const *t = world_methods; *t; t++)
            luaL_setfuncs(L, *t, 0);
        lua_createtable(L, 0, 1);          /* mt methods meta */
        lua_pushcfunction(L, w_no_method);
        lua_setfield(L, -2, "__index");
        lua_setmetatable(L, -2);           /* mt methods */
        lua_setfield(L, -2, "__index");
        lua_pushliteral(L, "accord.World");
        lua_setfield(L, -2, "__metatable");
    }
    lua_pop(L, 1);

    wl_register_proxy(L);

    /* the bindings' state (events, recorded names, the per-step rule's
     * developers, whose object's methods are closures over it) */
    wl_state *st = lua_newuserdatauv(L, sizeof *st, 0); /* state */
    memset(st, 0, sizeof *st);
    st->cur.step = st->prev.step = -1;
    st->rec_step = -1;
    lua_createtable(L, 0, 1);
    lua_pushcfunction(L, state_gc);
    lua_setfield(L, -2, "__gc");
    lua_setmetatable(L, -2);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &wl_state_key);

    wl_register_devs(L, st);

    /* accord.per_developer(f): the per-developer rule form */
    acc_sandbox *sb = acc_sandbox_from_lua(L);
    if (sb) {
        acc_sandbox_push_env(sb); /* env */
        if (lua_getfield(L, -1, "accord") == LUA_TTABLE) {
            lua_pushcfunction(L, wl_per_developer);
            lua_setfield(L, -2, "per_developer");
            wl_register_defaults(L); /* fields, preset, preset_ids, world */
        }
        lua_pop(L, 2);
    }
}

void acc_worldlua_push(lua_State *L, acc_scenario *s)
{
    if (s->world_ud_ref == LUA_NOREF || s->world_ud_ref == LUA_REFNIL) {
        world_ud *u = lua_newuserdatauv(L, sizeof *u, 0); /* ud */
        u->s = s;
        luaL_setmetatable(L, WORLD_MT);
        lua_pushvalue(L, -1);
        s->world_ud_ref = luaL_ref(L, LUA_REGISTRYINDEX);
        return;
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->world_ud_ref);
    world_ud *u = lua_touserdata(L, -1);
    u->s = s;
}

void acc_worldlua_invalidate(lua_State *L, acc_scenario *s)
{
    wl_state *st = wl_get_state(L);
    if (st)
        st->s = NULL;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &wl_proxy_key);
    dev_ud *d = lua_touserdata(L, -1);
    if (d) {
        d->s = NULL;
        d->dev = -1;
    }
    lua_pop(L, 1);
    if (s->world_ud_ref == LUA_NOREF || s->world_ud_ref == LUA_REFNIL)
        return;
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->world_ud_ref);
    world_ud *u = lua_touserdata(L, -1);
    u->s = NULL;
    lua_pop(L, 1);
    luaL_unref(L, LUA_REGISTRYINDEX, s->world_ud_ref);
    s->world_ud_ref = LUA_NOREF;
}

static int begin_run_protected(lua_State *L)
{
    acc_scenario *s = lua_touserdata(L, 1);
    acc_worldlua_push(L, s); /* creates the world object if needed */
    /* a run starts with no custom metrics */
    s->nmetrics = 0;
    lua_newtable(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &wl_metric_key);
    return 0;
}

int acc_worldlua_begin_run(lua_State *L, acc_scenario *s, char *err, size_t errlen)
{
    wl_state *st = wl_get_state(L);
    if (st) {
        st->cur.n = st->prev.n = 0;
        st->cur.step = st->prev.step = -1;
        st->rec_step = -1;
        st->s = NULL;
    }
    lua_pushcfunction(L, begin_run_protected);
    lua_pushlightuserdata(L, s);
    return acc_sandbox_pcall(s->sb, 1, 0, err, errlen);
}

