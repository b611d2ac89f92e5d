/* accord — the `world` object that scenario policies receive (time, regimes,
 * recognition, blocs, sharing links, developer queries with counts and
 * aggregates computed in C, metrics, events, vulnerabilities, custom
 * metrics, a log), the objects of developer rules (the per-step arrays, the
 * reused per-developer proxy) and accord.fields. Thin C over the model's
 * public API; conveniences live in scripts/.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lua/world_lua.h"
#include "lua/names.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "lua/scenario_int.h"

#define WORLD_MT "accord.World"
#define DEV_MT "accord.Developer"
#define STATE_MT "accord.WorldState"

/* Registry keys (addresses: lua_rawgetp never allocates). */
static const char state_key = 0, proxy_key = 0, devs_key = 0, cols_key = 0, rec_key = 0;

/* The world userdata: a borrowed view of the scenario's world, valid only
 * while acc_scenario_run runs (C guarantees it; afterwards every method
 * raises). */
typedef struct {
    acc_scenario *s; /* NULL once the run is over */
} world_ud;

/* The developer proxy: one per Lua state, reused for every developer of a
 * per-developer rule; borrowed like the world (dev = -1 outside the rule). */
typedef struct {
    acc_scenario *s;
    int64_t dev; /* 0-based; -1 when not inside developer_rule */
} dev_ud;

/* Per-state bookkeeping, owned by Lua (a userdata in the registry whose __gc
 * frees the C buffers). */
typedef struct evbuf {
    acc_event *ev;
    size_t n, cap;
    int step; /* step these events belong to; -1 empty */
} evbuf;

/* Column codes of the per-step rule's arrays: developer attributes, "id",
 * then the market state in each jurisdiction. */
enum { COL_ID = ACC_DEV_NATTR, COL_STATE0 = ACC_DEV_NATTR + 1, NCOLS = COL_STATE0 + ACC_MAX_JUR };

typedef struct wl_state {
    evbuf cur, prev;       /* events of the latest step seen and the one before */
    /* The snapshot behind entry_value, taken as the rule starts (before any
     * decision), as the core takes its own: per market, the sum of A over
     * the developers deployed and earning there (certified ones with the
     * label premium where the market is not binding) and the market size;
     * per developer, the A it entered the sums with and in which markets. */
    double snap_sum[ACC_MAX_JUR], snap_market[ACC_MAX_JUR], snap_mult[ACC_MAX_JUR];
    double *snap_a;        /* by developer index */
    uint32_t *snap_in;     /* markets whose sum holds the developer's A */
    uint32_t *snap_prem;   /* ... with the label premium */
    int64_t snap_n;        /* developers the snapshot covers */
    int rec_step;          /* step of the names in the rec_key table; -1 none */
    /* the per-step rule: live developers of this step, who has decided */
    acc_scenario *s;       /* non-NULL while the devs object is valid */
    int64_t *live;         /* k -> developer index, k = 0..nlive-1 */
    int64_t *pos;          /* developer index -> k, or -1 (not live) */
    uint8_t *decided;      /* by k */
    int64_t nlive, live_cap;
    int gen;               /* developers' phases so far (column validity) */
    int col_gen[NCOLS];
    int64_t col_len[NCOLS]; /* entries a column table holds */
} wl_state;

/* ---- small helpers ---------------------------------------------------------------- */

static wl_state *get_state(lua_State *L)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &state_key);
    wl_state *st = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return st;
}

/* What a method of `obj` called with a dot (world.set("eu", ...): self is
 * not the object) raises: the hint to use a colon. */
static int colon_hint(lua_State *L, const char *obj)
{
    lua_Debug ar;
    const char *m = lua_getstack(L, 0, &ar) && lua_getinfo(L, "n", &ar) && ar.name ? ar.name : "method";
    return luaL_error(L, "call methods with a colon: %s:%s(...), not %s.%s(...)", obj, m, obj, m);
}

/* The running world behind self. */
static acc_scenario *check_world(lua_State *L)
{
    world_ud *u = luaL_testudata(L, 1, WORLD_MT);
    if (!u)
        colon_hint(L, "world");
    if (!u->s || !u->s->world)
        luaL_error(L, "this world object belongs to a finished run");
    return u->s;
}

/* The model numbers developers from 0, scripts from 1: rewrite "developer N"
 * in a core message to N + 1. */
static void fix_dev_ids(char *msg, size_t len)
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

/* A number as messages show it ("1.4", "nan", "inf"); pushed on the stack. */
static const char *numstr(lua_State *L, double v)
{
    char buf[64];
    if (isnan(v))
        snprintf(buf, sizeof buf, "nan");
    else if (isinf(v))
        snprintf(buf, sizeof buf, "%sinf", v < 0 ? "-" : "");
    else
        snprintf(buf, sizeof buf, "%.10g", v);
    return lua_pushstring(L, buf);
}

/* Field names of a table, in order (at most `max`). */
static int field_names(const acc_field *tab, int nf, const char **names, int max)
{
    int n = 0;
    for (int k = 0; k < nf && n < max; k++)
        names[n++] = tab[k].name;
    return n;
}

/* Raise a core error message with the caller's file:line. */
static int core_error(lua_State *L, char *msg)
{
    fix_dev_ids(msg, ACC_ERRLEN);
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

static int jur_of(lua_State *L, acc_scenario *s, const char *id, int arg)
{
    const acc_config *cfg = acc_world_config(s->world);
    int j = acc_config_jur_index(cfg, id);
    if (j < 0)
        luaL_argerror(L, arg, lua_pushfstring(L, "no jurisdiction '%s' (known: %s)", id, jur_list(L, cfg)));
    return j;
}

static int jur_arg(lua_State *L, acc_scenario *s, int arg)
{
    return jur_of(L, s, luaL_checkstring(L, arg), arg);
}

/* A developer argument: an integer 1..ndev (1-based); returns 0-based. */
static int64_t dev_arg(lua_State *L, acc_scenario *s, int arg, int need_alive)
{
    int isint = 0;
    lua_Integer id = lua_tointegerx(L, arg, &isint);
    int64_t n = acc_world_ndev(s->world);
    if (!isint)
        luaL_argerror(L, arg, lua_pushfstring(L, "a developer id (an integer in [1, %d]) expected, got %s",
                                              (int)n, luaL_typename(L, arg)));
    if (id < 1 || id > n)
        luaL_argerror(L, arg, lua_pushfstring(L, "no developer %I: ids are 1 to %d", id, (int)n));
    if (need_alive && !acc_world_dev_get(s->world, id - 1, ACC_DEV_ALIVE))
        luaL_argerror(L, arg, lua_pushfstring(L, "developer %I is bankrupt", id));
    return (int64_t)(id - 1);
}

static const char *const attr_extra = ", id";

static int attr_arg(lua_State *L, int arg, int allow_id)
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

static const char *const mkt_names[] = {"absent", "pending", "deployed", "suspended"};

/* Push developer i's attribute a the way scripts see it: kind and home as
 * names, alive as a boolean, upstream 1-based or nil. */
static void push_attr(lua_State *L, const acc_world *w, int64_t i, int a)
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
static void set_attr(lua_State *L, acc_scenario *s, int64_t i, int a, int idx)
{
    double v;
    if (a == ACC_DEV_UPSTREAM) {
        if (lua_isnil(L, idx) || (lua_isboolean(L, idx) && !lua_toboolean(L, idx))) {
            v = -1;
        } else {
            int isint = 0;
            lua_Integer up = lua_tointegerx(L, idx, &isint);
            if (!isint)
                luaL_error(L, "developer %d: upstream must be a developer id or nil, got %s", (int)i + 1,
                           luaL_typename(L, idx));
            v = (double)(up - 1);
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
        core_error(L, err);
    }
}

/* Check a table argument's keys against a list; raises naming the bad one. */
static void check_keys(lua_State *L, int arg, const char *const *known)
{
    luaL_checktype(L, arg, LUA_TTABLE);
    lua_pushnil(L);
    while (lua_next(L, arg)) {
        lua_pop(L, 1);
        const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        int ok = 0;
        for (int i = 0; k && known[i]; i++)
            ok |= strcmp(k, known[i]) == 0;
        if (!ok) {
            luaL_Buffer b;
            luaL_buffinit(L, &b);
            for (int i = 0; known[i]; i++) {
                if (i)
                    luaL_addstring(&b, ", ");
                luaL_addstring(&b, known[i]);
            }
            luaL_pushresult(&b);
            luaL_argerror(L, arg,
                          lua_pushfstring(L, "unknown field '%s' (known: %s)",
                                          k ? k : luaL_typename(L, -2), lua_tostring(L, -1)));
        }
    }
}

static const char *field_string(lua_State *L, int arg, const char *key, int required)
{
    lua_getfield(L, arg, key);
    const char *v = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    if (!v && (required || !lua_isnil(L, -1)))
        luaL_argerror(L, arg, lua_pushfstring(L, "'%s' must be a string, got %s", key, luaL_typename(L, -1)));
    lua_pop(L, 1); /* anchored by the table */
    return v;
}

static double field_number(lua_State *L, int arg, const char *key, double def)
{
    lua_getfield(L, arg, key);
    double v = def;
    if (!lua_isnil(L, -1)) {
        if (lua_type(L, -1) != LUA_TNUMBER)
            luaL_argerror(L, arg, lua_pushfstring(L, "'%s' must be a number, got %s", key, luaL_typename(L, -1)));
        v = lua_tonumber(L, -1);
    }
    lua_pop(L, 1);
    return v;
}

static int field_bool(lua_State *L, int arg, const char *key, int def)
{
    lua_getfield(L, arg, key);
    int v = def;
    if (!lua_isnil(L, -1)) {
        if (!lua_isboolean(L, -1))
            luaL_argerror(L, arg, lua_pushfstring(L, "'%s' must be true or false, got %s", key, luaL_typename(L, -1)));
        v = lua_toboolean(L, -1);
    }
    lua_pop(L, 1);
    return v;
}

static int field_jur(lua_State *L, acc_scenario *s, int arg, const char *key)
{
    const char *id = field_string(L, arg, key, 1);
    const acc_config *cfg = acc_world_config(s->world);
    int j = acc_config_jur_index(cfg, id);
    if (j < 0)
        luaL_argerror(L, arg, lua_pushfstring(L, "%s = '%s' is not a jurisdiction (known: %s)", key, id,
                                              jur_list(L, cfg)));
    return j;
}

/* ---- time --------------------------------------------------------------------------- */

static int w_step(lua_State *L)
{
    acc_scenario *s = check_world(L);
    lua_pushinteger(L, acc_world_step_index(s->world) + 1);
    return 1;
}

static int w_year(lua_State *L)
{
    acc_scenario *s = check_world(L);
    lua_pushnumber(L, acc_world_year(s->world));
    return 1;
}

static int w_steps(lua_State *L)
{
    acc_scenario *s = check_world(L);
    lua_pushinteger(L, acc_world_nsteps(s->world));
    return 1;
}

static int w_years(lua_State *L)
{
    acc_scenario *s = check_world(L);
    lua_pushnumber(L, acc_world_config(s->world)->years);
    return 1;
}

static int w_steps_per_year(lua_State *L)
{
    acc_scenario *s = check_world(L);
    lua_pushnumber(L, acc_world_config(s->world)->steps_per_year);
    return 1;
}

/* ---- log and custom metrics ----------------------------------------------------------- */

static int w_log(lua_State *L)
{
    acc_scenario *s = check_world(L);
    luaL_checkany(L, 2);
    const char *msg = luaL_tolstring(L, 2, NULL); /* world ... msg */
    luaL_where(L, 1);
    lua_pushfstring(L, "%s[step %d] %s", lua_tostring(L, -1), acc_world_step_index(s->world) + 1, msg);
    /* route through print() so it reaches the sandbox's log */
    lua_getglobal(L, "print");
    if (lua_isfunction(L, -1)) {
        lua_pushvalue(L, -2);
        lua_call(L, 1, 0);
    }
    return 0;
}

static int w_record(lua_State *L)
{
    acc_scenario *s = check_world(L);
    size_t len;
    const char *name = luaL_checklstring(L, 2, &len);
    double v = luaL_checknumber(L, 3);
    luaL_argcheck(L, len > 0 && len <= 64, 2, "metric names have 1 to 64 characters");
    for (const char *p = name; *p; p++)
        luaL_argcheck(L, (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_', 2,
                      lua_pushfstring(L, "metric name '%s': use a-z, 0-9 and _", name));
    if (!isfinite(v))
        luaL_argerror(L, 3, lua_pushfstring(L, "record('%s'): value must be finite, got %s", name, numstr(L, v)));
    /* One row per name and step: a second record of a name in the same step
     * (two policies recording the same thing) raises, naming the first. The
     * names of this step and where they were recorded: a table in the
     * registry, replaced when the step changes. */
    int step = acc_world_step_index(s->world) + 1;
    wl_state *st = get_state(L);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &rec_key); /* ... seen */
    if (st->rec_step != step || !lua_istable(L, -1)) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &rec_key);
        st->rec_step = step;
    }
    if (lua_getfield(L, -1, name) == LUA_TSTRING) /* ... seen where */
        return luaL_error(L, "record('%s'): already recorded in this step (%s); record each name once per step",
                          name, lua_tostring(L, -1));
    lua_pop(L, 1);
    luaL_where(L, 1); /* "file:line: ", or "" */
    size_t wl;
    const char *where = lua_tolstring(L, -1, &wl);
    if (wl > 2) {
        lua_pushliteral(L, "at ");
        lua_pushlstring(L, where, wl - 2);
        lua_concat(L, 2);
    } else {
        lua_pushliteral(L, "by an earlier call");
    }
    lua_setfield(L, -3, name); /* ... seen where */
    if (s->sink && s->sink->custom) {
        int rc = s->sink->custom(s->sink->ud, step, acc_world_year(s->world), name, v);
        if (rc)
            return luaL_error(L, "record('%s'): could not write the metric", name);
    }
    return 0;
}

/* ---- jurisdictions and model-wide parameters ------------------------------------------- */

static int w_jurisdictions(lua_State *L)
{
    acc_scenario *s = check_world(L);
    const acc_config *cfg = acc_world_config(s->world);
    lua_createtable(L, cfg->n_jur, 0);
    for (int j = 0; j < cfg->n_jur; j++) {
        lua_pushstring(L, cfg->jur[j].id);
        lua_rawseti(L, -2, j + 1);
    }
    return 1;
}

static int bloc_of(const acc_config *cfg, int j)
{
    for (int b = 0; b < cfg->n_blocs; b++)
        for (int m = 0; m < cfg->bloc[b].n_members; m++)
            if (cfg->bloc[b].members[m] == j)
                return b;
    return -1;
}

static void push_field(lua_State *L, const acc_field *f, double v)
{
    if (f->kind == ACC_FK_BOOL)
        lua_pushboolean(L, v != 0);
    else if (f->kind == ACC_FK_INT)
        lua_pushinteger(L, (lua_Integer)v);
    else
        lua_pushnumber(L, v);
}

static int w_jurisdiction(lua_State *L)
{
    acc_scenario *s = check_world(L);
    int j = jur_arg(L, s, 2);
    const acc_config *cfg = acc_world_config(s->world);
    int nf;
    const acc_field *f = acc_jur_fields(&nf);
    lua_createtable(L, 0, nf + 3);
    lua_pushstring(L, cfg->jur[j].id);
    lua_setfield(L, -2, "id");
    lua_pushstring(L, cfg->jur[j].name);
    lua_setfield(L, -2, "name");
    int b = bloc_of(cfg, j);
    if (b >= 0) {
        lua_pushstring(L, cfg->bloc[b].id);
        lua_setfield(L, -2, "bloc");
    }
    for (int k = 0; k < nf; k++) {
        push_field(L, &f[k], acc_field_get(&f[k], &cfg->jur[j]));
        lua_setfield(L, -2, f[k].name);
    }
    return 1;
}

/* "jurisdiction 'eu'": how messages name a jurisdiction (as the core's). */
static const char *jur_what(lua_State *L, const acc_config *cfg, int j)
{
    return lua_pushfstring(L, "jurisdiction '%s'", cfg->jur[j].id);
}

/* The field `name` of table tab, or raise "<what>: unknown field 'x' (did you
 * mean 'y'?)"; `extra` names accepted besides the table's (NULL-terminated). */
static const acc_field *field_arg(lua_State *L, const acc_field *tab, int nf, const char *name, const char *what,
                                  const char *const *extra)
{
    const acc_field *f = acc_field_find(tab, nf, name);
    if (f)
        return f;
    const char *names[128];
    int n = field_names(tab, nf, names, 120);
    for (int k = 0; extra && extra[k] && n < 128; k++)
        names[n++] = extra[k];
    const char *best = acc_name_closest(name, names, n);
    if (best)
        luaL_error(L, "%s: unknown field '%s' (did you mean '%s'?)", what, name, best);
    luaL_error(L, "%s: unknown field '%s' (accord fields lists them)", what, name);
    return NULL;
}

/* A model-wide field, or raise "unknown parameter 'x' (did you mean 'y'?)". */
static const acc_field *param_arg(lua_State *L, const char *name)
{
    int nf;
    const acc_field *tab = acc_config_fields(&nf);
    const acc_field *f = acc_field_find(tab, nf, name);
    if (f)
        return f;
    const char *names[128];
    const char *best = acc_name_closest(name, names, field_names(tab, nf, names, 128));
    if (best)
        luaL_error(L, "unknown parameter '%s' (did you mean '%s'?)", name, best);
    luaL_error(L, "unknown parameter '%s' (accord fields lists them)", name);
    return NULL;
}

static const char *const jur_ro[] = {"id", "name", NULL};

static int w_get(lua_State *L)
{
    acc_scenario *s = check_world(L);
    int j = jur_arg(L, s, 2);
    const char *field = luaL_checkstring(L, 3);
    const acc_config *cfg = acc_world_config(s->world);
    if (strcmp(field, "name") == 0 || strcmp(field, "id") == 0) {
        lua_pushstring(L, field[0] == 'n' ? cfg->jur[j].name : cfg->jur[j].id);
        return 1;
    }
    int nf;
    const acc_field *tab = acc_jur_fields(&nf);
    const acc_field *f = field_arg(L, tab, nf, field, jur_what(L, cfg, j), jur_ro);
    push_field(L, f, acc_field_get(f, &cfg->jur[j]));
    return 1;
}

/* A value for field f from Lua, typed as at load time: true/false for
 * switches, numbers for the rest; `what` prefixes the message. */
static double value_arg(lua_State *L, int arg, const acc_field *f, const char *what)
{
    const char *sep = what[0] ? ": " : "";
    if (f->kind == ACC_FK_BOOL) {
        if (!lua_isboolean(L, arg))
            luaL_error(L, "%s%s%s must be true or false, got %s", what, sep, f->name, luaL_typename(L, arg));
        return lua_toboolean(L, arg);
    }
    if (lua_type(L, arg) != LUA_TNUMBER)
        luaL_error(L, "%s%s%s must be a number (%s), got %s", what, sep, f->name, f->unit, luaL_typename(L, arg));
    return lua_tonumber(L, arg);
}

/* Setting a field to the value it has changes nothing and writes no event. */
static int w_set(lua_State *L)
{
    acc_scenario *s = check_world(L);
    int j = jur_arg(L, s, 2);
    const char *field = luaL_checkstring(L, 3);
    const acc_config *cfg = acc_world_config(s->world);
    const char *what = jur_what(L, cfg, j);
    if (strcmp(field, "name") == 0 || strcmp(field, "id") == 0)
        return luaL_error(L, "%s: %s is read-only (a jurisdiction's id and name are fixed for the run)", what, field);
    int nf;
    const acc_field *tab = acc_jur_fields(&nf);
    const acc_field *f = field_arg(L, tab, nf, field, what, jur_ro);
    double v = value_arg(L, 4, f, what);
    if (v == acc_field_get(f, &cfg->jur[j]))
        return 0;
    char err[ACC_ERRLEN];
    if (acc_world_jur_set(s->world, j, f->name, v, err, sizeof err))
        return core_error(L, err);
    return 0;
}

static int w_param(lua_State *L)
{
    acc_scenario *s = check_world(L);
    const acc_field *f = param_arg(L, luaL_checkstring(L, 2));
    push_field(L, f, acc_field_get(f, acc_world_config(s->world)));
    return 1;
}

static int w_set_param(lua_State *L)
{
    acc_scenario *s = check_world(L);
    const acc_field *f = param_arg(L, luaL_checkstring(L, 2));
    double v = value_arg(L, 3, f, "");
    if (v == acc_field_get(f, acc_world_config(s->world)))
        return 0;
    char err[ACC_ERRLEN];
    if (acc_world_param_set(s->world, f->name, v, err, sizeof err))
        return core_error(L, err);
    return 0;
}

/* ---- recognition ----------------------------------------------------------------------- */

static const char *const recog_keys[] = {"to", "from", "mode", "fee", "review_months", "mutual", NULL};
static const char *const pair_keys[] = {"to", "from", "mutual", NULL};

static int w_recognize(lua_State *L)
{
    acc_scenario *s = check_world(L);
    check_keys(L, 2, recog_keys);
    acc_recog_cfg r;
    memset(&r, 0, sizeof r);
    r.to = field_jur(L, s, 2, "to");
    r.from = field_jur(L, s, 2, "from");
    const char *mode = field_string(L, 2, "mode", 0);
    if (!mode || strcmp(mode, "assessment") == 0)
        r.mode = ACC_RECOG_ASSESSMENT;
    else if (strcmp(mode, "equivalence") == 0)
        r.mode = ACC_RECOG_EQUIVALENCE;
    else
        return luaL_argerror(L, 2, lua_pushfstring(L, "mode must be 'assessment' or 'equivalence', got '%s'", mode));
    r.fee = field_number(L, 2, "fee", -1);
    r.review_months = field_number(L, 2, "review_months", -1);
    int mutual = field_bool(L, 2, "mutual", 0);
    if (lua_getfield(L, 2, "fee") != LUA_TNIL && !(r.fee >= 0 && isfinite(r.fee)))
        return luaL_argerror(L, 2, lua_pushfstring(L, "fee must be a number in [0, inf) M$, got %s", numstr(L, r.fee)));
    if (lua_getfield(L, 2, "review_months") != LUA_TNIL && !(r.review_months >= 0 && r.review_months <= 120))
        return luaL_argerror(L, 2, lua_pushfstring(L, "review_months must be in [0, 120], got %s", numstr(L, r.review_months)));
    lua_pop(L, 2);
    if (r.to == r.from)
        return luaL_argerror(L, 2, "a jurisdiction cannot recognise itself");
    const acc_config *cfg = acc_world_config(s->world);
    /* check both directions before changing anything */
    for (int k = 0; k <= mutual; k++) {
        int to = k ? r.from : r.to, from = k ? r.to : r.from;
        for (int q = 0; q < cfg->n_recog; q++)
            if (cfg->recog[q].to == to && cfg->recog[q].from == from)
                return luaL_error(L, "%s already recognises %s (world:unrecognize it first to change it)",
                                  cfg->jur[to].id, cfg->jur[from].id);
    }
    char err[ACC_ERRLEN];
    for (int k = 0; k <= mutual; k++) {
        if (acc_world_recognition_add(s->world, &r, err, sizeof err))
            return core_error(L, err);
        int t = r.to;
        r.to = r.from;
        r.from = t;
    }
    return 0;
}

static int w_unrecognize(lua_State *L)
{
    acc_scenario *s = check_world(L);
    check_keys(L, 2, pair_keys);
    int to = field_jur(L, s, 2, "to"), from = field_jur(L, s, 2, "from");
    int mutual = field_bool(L, 2, "mutual", 0);
    const acc_config *cfg = acc_world_config(s->world);
    for (int k = 0; k <= mutual; k++) {
        int a = k ? from : to, b = k ? to : from, found = 0;
        for (int q = 0; q < cfg->n_recog; q++)
            found |= cfg->recog[q].to == a && cfg->recog[q].from == b;
        if (!found)
            return luaL_error(L, "%s does not recognise %s", cfg->jur[a].id, cfg->jur[b].id);
    }
    char err[ACC_ERRLEN];
    for (int k = 0; k <= mutual; k++)
        if (acc_world_recognition_remove(s->world, k ? from : to, k ? to : from, err, sizeof err))
            return core_error(L, err);
    return 0;
}

static int w_recognition(lua_State *L)
{
    acc_scenario *s = check_world(L);
    int to = jur_arg(L, s, 2), from = jur_arg(L, s, 3);
    const acc_config *cfg = acc_world_config(s->world);
    for (int q = 0; q < cfg->n_recog; q++)
        if (cfg->recog[q].to == to && cfg->recog[q].from == from) {
            lua_pushstring(L, cfg->recog[q].mode == ACC_RECOG_EQUIVALENCE ? "equivalence" : "assessment");
            return 1;
        }
    lua_pushnil(L);
    return 1;
}

/* ---- blocs -------------------------------------------------------------------------------- */

static int bloc_arg(lua_State *L, acc_scenario *s, int arg)
{
    const char *id = luaL_checkstring(L, arg);
    const acc_config *cfg = acc_world_config(s->world);
    for (int b = 0; b < cfg->n_blocs; b++)
        if (strcmp(cfg->bloc[b].id, id) == 0)
            return b;
    luaL_Buffer buf;
    luaL_buffinit(L, &buf);
    for (int b = 0; b < cfg->n_blocs; b++) {
        if (b)
            luaL_addstring(&buf, ", ");
        luaL_addstring(&buf, cfg->bloc[b].id);
    }
    luaL_pushresult(&buf);
    return luaL_argerror(L, arg, lua_pushfstring(L, "no bloc '%s' (known: %s)", id,
                                                 cfg->n_blocs ? lua_tostring(L, -1) : "none"));
}

/* A bloc standard: "max", "mean", "min" or a number in [0, 1]. */
static void standard_arg(lua_State *L, int idx, int arg, int *rule, double *standard)
{
    int t = lua_type(L, idx);
    const char *sv = t == LUA_TSTRING ? lua_tostring(L, idx) : NULL;
    *standard = 0;
    if (t == LUA_TNIL || (sv && strcmp(sv, "max") == 0)) {
        *rule = ACC_BLOC_MAX;
    } else if (sv && strcmp(sv, "mean") == 0) {
        *rule = ACC_BLOC_MEAN;
    } else if (sv && strcmp(sv, "min") == 0) {
        *rule = ACC_BLOC_MIN;
    } else if (t == LUA_TNUMBER) {
        *rule = ACC_BLOC_FIXED;
        *standard = lua_tonumber(L, idx);
        if (!(*standard >= 0 && *standard <= 1))
            luaL_argerror(L, arg, lua_pushfstring(L, "standard must be in [0, 1], got %s", numstr(L, *standard)));
    } else {
        luaL_argerror(L, arg, lua_pushfstring(L, "standard must be \"max\", \"mean\", \"min\" or a number in "
                                                 "[0, 1], got %s", sv ? sv : luaL_typename(L, idx)));
    }
}

static const char *const bloc_keys[] = {"id", "members", "standard", "cert_cost", "review_months", NULL};

static int w_bloc(lua_State *L)
{
    acc_scenario *s = check_world(L);
    check_keys(L, 2, bloc_keys);
    acc_bloc_cfg b;
    memset(&b, 0, sizeof b);
    const char *id = field_string(L, 2, "id", 1);
    if (strlen(id) == 0 || strlen(id) >= sizeof b.id)
        return luaL_argerror(L, 2, lua_pushfstring(L, "id must have 1 to %d characters", (int)sizeof b.id - 1));
    snprintf(b.id, sizeof b.id, "%s", id);
    lua_getfield(L, 2, "standard");
    standard_arg(L, -1, 2, &b.rule, &b.standard);
    lua_pop(L, 1);
    b.cert_cost = field_number(L, 2, "cert_cost", -1);
    b.review_months = field_number(L, 2, "review_months", -1);
    if (lua_getfield(L, 2, "cert_cost") != LUA_TNIL && !(b.cert_cost >= 0 && isfinite(b.cert_cost)))
        return luaL_argerror(L, 2, lua_pushfstring(L, "cert_cost must be in [0, inf) M$, got %s", numstr(L, b.cert_cost)));
    if (lua_getfield(L, 2, "review_months") != LUA_TNIL && !(b.review_months >= 0 && b.review_months <= 120))
        return luaL_argerror(L, 2, lua_pushfstring(L, "review_months must be in [0, 120], got %s", numstr(L, b.review_months)));
    lua_pop(L, 2);
    if (lua_getfield(L, 2, "members") != LUA_TTABLE)
        return luaL_argerror(L, 2, "members must be a list of jurisdiction ids");
    lua_Integer nm = luaL_len(L, -1);
    const acc_config *cfg = acc_world_config(s->world);
    if (nm < 1 || nm > cfg->n_jur)
        return luaL_argerror(L, 2, lua_pushfstring(L, "members: 1 to %d jurisdictions, got %d", cfg->n_jur, (int)nm));
    for (lua_Integer m = 1; m <= nm; m++) {
        lua_rawgeti(L, -1, m);
        const char *mid = lua_tostring(L, -1);
        if (!mid)
            return luaL_argerror(L, 2, lua_pushfstring(L, "members[%d] must be a jurisdiction id", (int)m));
        b.members[b.n_members++] = jur_of(L, s, mid, 2);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    char err[ACC_ERRLEN];
    if (acc_world_bloc_add(s->world, &b, err, sizeof err))
        return core_error(L, err);
    return 0;
}

static int w_set_bloc_standard(lua_State *L)
{
    acc_scenario *s = check_world(L);
    int b = bloc_arg(L, s, 2);
    luaL_checkany(L, 3);
    int rule;
    double standard;
    standard_arg(L, 3, 3, &rule, &standard);
    const acc_bloc_cfg *bc = &acc_world_config(s->world)->bloc[b];
    if (bc->rule == rule && (rule != ACC_BLOC_FIXED || bc->standard == standard))
        return 0; /* no change, no event */
    char err[ACC_ERRLEN];
    if (acc_world_bloc_set_standard(s->world, b, rule, standard, err, sizeof err))
        return core_error(L, err);
    return 0;
}

static int w_bloc_standard(lua_State *L)
{
    acc_scenario *s = check_world(L);
    int b = bloc_arg(L, s, 2);
    const acc_bloc_cfg *bc = &acc_world_config(s->world)->bloc[b];
    const acc_config *cfg = acc_world_config(s->world);
    double v = bc->rule == ACC_BLOC_MIN ? 1.0 : 0.0;
    if (bc->rule == ACC_BLOC_FIXED) {
        v = bc->standard;
    } else {
        for (int m = 0; m < bc->n_members; m++) {
            double x = cfg->jur[bc->members[m]].stringency;
            if (bc->rule == ACC_BLOC_MAX)
                v = x > v ? x : v;
            else if (bc->rule == ACC_BLOC_MIN)
                v = x < v ? x : v;
            else
                v += x;
        }
        if (bc->rule == ACC_BLOC_MEAN)
            v /= bc->n_members;
    }
    lua_pushnumber(L, v);
    return 1;
}

static int w_blocs(lua_State *L)
{
    acc_scenario *s = check_world(L);
    const acc_config *cfg = acc_world_config(s->world);
    lua_createtable(L, cfg->n_blocs, 0);
    for (int b = 0; b < cfg->n_blocs; b++) {
        lua_pushstring(L, cfg->bloc[b].id);
        lua_rawseti(L, -2, b + 1);
    }
    return 1;
}

static int w_bloc_members(lua_State *L)
{
    acc_scenario *s = check_world(L);
    int b = bloc_arg(L, s, 2);
    const acc_config *cfg = acc_world_config(s->world);
    const acc_bloc_cfg *bc = &cfg->bloc[b];
    lua_createtable(L, bc->n_members, 0);
    for (int m = 0; m < bc->n_members; m++) {
        lua_pushstring(L, cfg->jur[bc->members[m]].id);
        lua_rawseti(L, -2, m + 1);
    }
    return 1;
}

/* ---- sharing links ------------------------------------------------------------------------ */

static const char *const share_keys[] = {"from", "to", "lag_months", "mutual", "active", NULL};
static const char *const link_keys[] = {"from", "to", "mutual", NULL};

static int find_link(const acc_config *cfg, int from, int to)
{
    for (int l = 0; l < cfg->n_links; l++)
        if (cfg->link[l].from == from && cfg->link[l].to == to)
            return l;
    return -1;
}

static int w_share(lua_State *L)
{
    acc_scenario *s = check_world(L);
    check_keys(L, 2, share_keys);
    acc_link_cfg l;
    memset(&l, 0, sizeof l);
    l.from = field_jur(L, s, 2, "from");
    l.to = field_jur(L, s, 2, "to");
    l.lag_months = field_number(L, 2, "lag_months", 0);
    l.active = field_bool(L, 2, "active", 1);
    int mutual = field_bool(L, 2, "mutual", 0);
    if (!(l.lag_months >= 0 && l.lag_months <= 120))
        return luaL_argerror(L, 2, lua_pushfstring(L, "lag_months must be in [0, 120], got %s", numstr(L, l.lag_months)));
    if (l.from == l.to)
        return luaL_argerror(L, 2, "from and to must differ");
    const acc_config *cfg = acc_world_config(s->world);
    for (int k = 0; k <= mutual; k++) {
        int a = k ? l.to : l.from, b = k ? l.from : l.to;
        if (find_link(cfg, a, b) >= 0)
            return luaL_error(L, "a sharing link %s -> %s already exists (suspend or restore it instead)",
                              cfg->jur[a].id, cfg->jur[b].id);
    }
    char err[ACC_ERRLEN];
    for (int k = 0; k <= mutual; k++) {
        if (acc_world_link_add(s->world, &l, err, sizeof err))
            return core_error(L, err);
        int t = l.to;
        l.to = l.from;
        l.from = t;
    }
    return 0;
}

static int set_links(lua_State *L, int active)
{
    acc_scenario *s = check_world(L);
    check_keys(L, 2, link_keys);
    int from = field_jur(L, s, 2, "from"), to = field_jur(L, s, 2, "to");
    int mutual = field_bool(L, 2, "mutual", 0);
    const acc_config *cfg = acc_world_config(s->world);
    for (int k = 0; k <= mutual; k++) {
        int a = k ? to : from, b = k ? from : to;
        if (a == b || find_link(cfg, a, b) < 0)
            return luaL_error(L, "no sharing link %s -> %s (add it with world:share{...})", cfg->jur[a].id,
                              cfg->jur[b].id);
    }
    char err[ACC_ERRLEN];
    for (int k = 0; k <= mutual; k++) {
        int a = k ? to : from, b = k ? from : to;
        if (cfg->link[find_link(cfg, a, b)].active == active)
            continue; /* already so: no change, no event */
        if (acc_world_link_set_active(s->world, a, b, active, err, sizeof err))
            return core_error(L, err);
    }
    return 0;
}

static int w_suspend_sharing(lua_State *L) { return set_links(L, 0); }
static int w_restore_sharing(lua_State *L) { return set_links(L, 1); }

static int w_sharing(lua_State *L)
{
    acc_scenario *s = check_world(L);
    int from = jur_arg(L, s, 2), to = jur_arg(L, s, 3);
    const acc_config *cfg = acc_world_config(s->world);
    int l = find_link(cfg, from, to);
    if (l < 0) {
        lua_pushnil(L);
        return 1;
    }
    lua_createtable(L, 0, 2);
    lua_pushboolean(L, cfg->link[l].active);
    lua_setfield(L, -2, "active");
    lua_pushnumber(L, cfg->link[l].lag_months);
    lua_setfield(L, -2, "lag_months");
    return 1;
}

/* ---- risks -------------------------------------------------------------------------------- */

static int w_inject_vulnerability(lua_State *L)
{
    acc_scenario *s = check_world(L);
    int64_t dev = dev_arg(L, s, 2, 1);
    double severity = luaL_checknumber(L, 3);
    int patchable = lua_isnoneornil(L, 4) ? 1 : (luaL_checktype(L, 4, LUA_TBOOLEAN), lua_toboolean(L, 4));
    if (!(severity > 0 && isfinite(severity)))
        return luaL_argerror(L, 3, lua_pushfstring(L, "severity must be in (0, inf), got %s", numstr(L, severity)));
    char err[ACC_ERRLEN];
    if (acc_world_inject_vulnerability(s->world, dev, severity, patchable, err, sizeof err))
        return core_error(L, err);
    return 0;
}

/* ---- developer queries --------------------------------------------------------------------- */

enum { ST_ABSENT = 1u << ACC_MKT_ABSENT, ST_PENDING = 1u << ACC_MKT_PENDING,
       ST_DEPLOYED = 1u << ACC_MKT_DEPLOYED, ST_SUSPENDED = 1u << ACC_MKT_SUSPENDED };

typedef struct filt {
    int kind, home, market; /* -1: any */
    unsigned states;        /* with market: allowed states */
    int certified;          /* with market: -1 any, 0 no, 1 yes */
    int alive;              /* -1 any, 0 bankrupt, 1 live */
    int vulnerable;         /* -1 any, 0 no live vulnerability, 1 one */
} filt;

static const char *const filt_keys[] = {"kind", "home", "market", "state", "certified", "alive", "vulnerable", NULL};

/* Parse the optional filter table at arg. */
static void parse_filter(lua_State *L, acc_scenario *s, int arg, filt *f)
{
    f->kind = f->home = f->market = -1;
    f->states = ST_DEPLOYED | ST_SUSPENDED;
    f->certified = -1;
    f->alive = 1;
    f->vulnerable = -1;
    if (lua_isnoneornil(L, arg))
        return;
    check_keys(L, arg, filt_keys);
    const char *kind = field_string(L, arg, "kind", 0);
    if (kind && (f->kind = acc_kind_parse(kind)) < 0)
        luaL_argerror(L, arg, lua_pushfstring(L, "kind must be incumbent, startup or open_source, got '%s'", kind));
    const char *home = field_string(L, arg, "home", 0);
    if (home)
        f->home = jur_of(L, s, home, arg);
    const char *market = field_string(L, arg, "market", 0);
    if (market)
        f->market = jur_of(L, s, market, arg);
    const char *state = field_string(L, arg, "state", 0);
    if (state) {
        if (!market)
            luaL_argerror(L, arg, "state needs market = <jurisdiction>");
        if (strcmp(state, "present") == 0)
            f->states = ST_DEPLOYED | ST_SUSPENDED;
        else if (strcmp(state, "any") == 0)
            f->states = ST_ABSENT | ST_PENDING | ST_DEPLOYED | ST_SUSPENDED;
        else {
            f->states = 0;
            for (int k = 0; k < 4; k++)
                if (strcmp(state, mkt_names[k]) == 0)
                    f->states = 1u << k;
            if (!f->states)
                luaL_argerror(L, arg, lua_pushfstring(L, "state must be absent, pending, deployed, suspended, "
                                                         "present or any, got '%s'", state));
        }
    }
    lua_getfield(L, arg, "certified");
    if (!lua_isnil(L, -1)) {
        if (!lua_isboolean(L, -1))
            luaL_argerror(L, arg, "certified must be true or false");
        if (!market)
            luaL_argerror(L, arg, "certified needs market = <jurisdiction>");
        f->certified = lua_toboolean(L, -1);
        if (!state)
            f->states = ST_ABSENT | ST_PENDING | ST_DEPLOYED | ST_SUSPENDED;
    }
    lua_pop(L, 1);
    lua_getfield(L, arg, "vulnerable");
    if (lua_isboolean(L, -1))
        f->vulnerable = lua_toboolean(L, -1);
    else if (!lua_isnil(L, -1))
        luaL_argerror(L, arg, "vulnerable must be true or false");
    lua_pop(L, 1);
    lua_getfield(L, arg, "alive");
    if (lua_isboolean(L, -1))
        f->alive = lua_toboolean(L, -1);
    else if (lua_type(L, -1) == LUA_TSTRING && strcmp(lua_tostring(L, -1), "any") == 0)
        f->alive = -1;
    else if (!lua_isnil(L, -1))
        luaL_argerror(L, arg, "alive must be true, false or \"any\"");
    lua_pop(L, 1);
}

static int matches(const acc_world *w, int64_t i, const filt *f)
{
    if (f->alive >= 0 && (acc_world_dev_get(w, i, ACC_DEV_ALIVE) != 0) != f->alive)
        return 0;
    if (f->kind >= 0 && (int)acc_world_dev_get(w, i, ACC_DEV_KIND) != f->kind)
        return 0;
    if (f->home >= 0 && (int)acc_world_dev_get(w, i, ACC_DEV_HOME) != f->home)
        return 0;
    if (f->vulnerable >= 0 && (acc_world_dev_get(w, i, ACC_DEV_LIVE_VULN) > 0) != f->vulnerable)
        return 0;
    if (f->market >= 0) {
        if (!((1u << acc_world_dev_market(w, i, f->market)) & f->states))
            return 0;
        if (f->certified >= 0 && (acc_world_dev_certified(w, i, f->market) != 0) != f->certified)
            return 0;
    }
    return 1;
}

static int w_ndev(lua_State *L)
{
    acc_scenario *s = check_world(L);
    lua_pushinteger(L, (lua_Integer)acc_world_ndev(s->world));
    return 1;
}

static int w_dev(lua_State *L)
{
    acc_scenario *s = check_world(L);
    int64_t i = dev_arg(L, s, 2, 0);
    int a = attr_arg(L, 3, 1);
    push_attr(L, s->world, i, a);
    return 1;
}

static int w_set_dev(lua_State *L)
{
    acc_scenario *s = check_world(L);
    int64_t i = dev_arg(L, s, 2, 1);
    int a = attr_arg(L, 3, 1);
    luaL_checkany(L, 4);
    set_attr(L, s, i, a, 4);
    return 0;
}

static int w_market(lua_State *L)
{
    acc_scenario *s = check_world(L);
    int64_t i = dev_arg(L, s, 2, 0);
    int j = jur_arg(L, s, 3);
    lua_pushstring(L, mkt_names[acc_world_dev_market(s->world, i, j)]);
    return 1;
}

/* The path developer i is certified by in j ("own", "equivalence", ...),
 * or nil: what world:certified, dev:certified and devs:certified return. */
static int push_certified(lua_State *L, const acc_world *w, int64_t i, int j)
{
    int p = acc_world_dev_certified(w, i, j);
    if (p)
        lua_pushstring(L, acc_path_name(p));
    else
        lua_pushnil(L);
    return 1;
}

static int w_certified(lua_State *L)
{
    acc_scenario *s = check_world(L);
    int64_t i = dev_arg(L, s, 2, 0);
    int j = jur_arg(L, s, 3);
    return push_certified(L, s->world, i, j);
}

static int w_count(lua_State *L)
{
    acc_scenario *s = check_world(L);
    filt f;
    parse_filter(L, s, 2, &f);
    lua_Integer n = 0;
    int64_t nd = acc_world_ndev(s->world);
    for (int64_t i = 0; i < nd; i++)
        n += matches(s->world, i, &f);
    lua_pushinteger(L, n);
    return 1;
}

typedef struct agg {
    int64_t n;
    double sum, min, max;
} agg;

static void aggregate(lua_State *L, acc_scenario *s, agg *g)
{
    int a = attr_arg(L, 2, 0);
    filt f;
    parse_filter(L, s, 3, &f);
    g->n = 0;
    g->sum = 0;
    g->min = INFINITY;
    g->max = -INFINITY;
    int64_t nd = acc_world_ndev(s->world);
    for (int64_t i = 0; i < nd; i++) {
        if (!matches(s->world, i, &f))
            continue;
        double v = acc_world_dev_get(s->world, i, a);
        if (a == ACC_DEV_UPSTREAM && v >= 0)
            v += 1;
        g->n++;
        g->sum += v;
        if (v < g->min)
            g->min = v;
        if (v > g->max)
            g->max = v;
    }
}

static int w_sum(lua_State *L)
{
    acc_scenario *s = check_world(L);
    agg g;
    aggregate(L, s, &g);
    lua_pushnumber(L, g.sum);
    return 1;
}

static int w_mean(lua_State *L)
{
    acc_scenario *s = check_world(L);
    agg g;
    aggregate(L, s, &g);
    if (g.n)
        lua_pushnumber(L, g.sum / (double)g.n);
    else
        lua_pushnil(L);
    return 1;
}

static int w_stats(lua_State *L)
{
    acc_scenario *s = check_world(L);
    agg g;
    aggregate(L, s, &g);
    lua_createtable(L, 0, 5);
    lua_pushinteger(L, (lua_Integer)g.n);
    lua_setfield(L, -2, "count");
    lua_pushnumber(L, g.sum);
    lua_setfield(L, -2, "sum");
    if (g.n) {
        lua_pushnumber(L, g.sum / (double)g.n);
        lua_setfield(L, -2, "mean");
        lua_pushnumber(L, g.min);
        lua_setfield(L, -2, "min");
        lua_pushnumber(L, g.max);
        lua_setfield(L, -2, "max");
    }
    return 1;
}

static int w_developers(lua_State *L)
{
    acc_scenario *s = check_world(L);
    filt f;
    parse_filter(L, s, 2, &f);
    lua_newtable(L);
    lua_Integer n = 0;
    int64_t nd = acc_world_ndev(s->world);
    for (int64_t i = 0; i < nd; i++)
        if (matches(s->world, i, &f)) {
            lua_pushinteger(L, (lua_Integer)i + 1);
            lua_rawseti(L, -2, ++n);
        }
    return 1;
}

/* ---- metrics, summary, events ---------------------------------------------------------- */

static int metrics_jur(lua_State *L, acc_scenario *s, int arg)
{
    const char *id = luaL_optstring(L, arg, "all");
    if (strcmp(id, "all") == 0)
        return -1;
    return jur_of(L, s, id, arg);
}

static int w_metrics(lua_State *L)
{
    acc_scenario *s = check_world(L);
    int j = metrics_jur(L, s, 2);
    const acc_ts_row *row = acc_world_metrics(s->world, j);
    lua_createtable(L, 0, ACC_TS_NCOLS + 2);
    lua_pushinteger(L, row ? row->step : 0);
    lua_setfield(L, -2, "step");
    lua_pushnumber(L, row ? row->year : 0);
    lua_setfield(L, -2, "year");
    for (int c = 0; c < ACC_TS_NCOLS; c++) {
        lua_pushnumber(L, row ? row->v[c] : 0);
        lua_setfield(L, -2, acc_ts_col_name(c));
    }
    return 1;
}

static int w_metric(lua_State *L)
{
    acc_scenario *s = check_world(L);
    int j = metrics_jur(L, s, 2);
    const char *col = luaL_checkstring(L, 3);
    for (int c = 0; c < ACC_TS_NCOLS; c++)
        if (strcmp(col, acc_ts_col_name(c)) == 0) {
            const acc_ts_row *row = acc_world_metrics(s->world, j);
            lua_pushnumber(L, row ? row->v[c] : 0);
            return 1;
        }
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int c = 0; c < ACC_TS_NCOLS; c++) {
        if (c)
            luaL_addstring(&b, ", ");
        luaL_addstring(&b, acc_ts_col_name(c));
    }
    luaL_pushresult(&b);
    return luaL_argerror(L, 3, lua_pushfstring(L, "no metric '%s' (known: %s)", col, lua_tostring(L, -1)));
}

static int w_summary(lua_State *L)
{
    acc_scenario *s = check_world(L);
    int n = acc_world_summary_count(s->world);
    lua_createtable(L, 0, n);
    double *v = lua_newuserdatauv(L, sizeof(double) * (size_t)(n > 0 ? n : 1), 0); /* t scratch */
    acc_world_summary(s->world, v);
    for (int i = 0; i < n; i++) {
        lua_pushnumber(L, v[i]);
        lua_setfield(L, -3, acc_world_summary_name(s->world, i));
    }
    lua_pop(L, 1);
    return 1;
}

static const char *const event_keys[] = {"step", "kind", "home", "jurisdiction", NULL};

static int w_events(lua_State *L)
{
    acc_scenario *s = check_world(L);
    const char *type = luaL_checkstring(L, 2);
    int t = -1;
    for (int k = 0; k < ACC_EV_NTYPES; k++)
        if (strcmp(type, acc_event_name(k)) == 0)
            t = k;
    if (t < 0 && strcmp(type, "any") != 0) {
        luaL_Buffer b;
        luaL_buffinit(L, &b);
        for (int k = 0; k < ACC_EV_NTYPES; k++) {
            luaL_addstring(&b, acc_event_name(k));
            luaL_addstring(&b, ", ");
        }
        luaL_addstring(&b, "any");
        luaL_pushresult(&b);
        return luaL_argerror(L, 2, lua_pushfstring(L, "no event type '%s' (known: %s)", type, lua_tostring(L, -1)));
    }
    int now = acc_world_step_index(s->world) + 1;
    int step = now - 1, kind = -1, home = -1;
    int jur = -1, want_self = 0; /* jurisdiction filter: index, or "self" */
    if (!lua_isnoneornil(L, 3)) {
        check_keys(L, 3, event_keys);
        lua_getfield(L, 3, "step");
        if (!lua_isnil(L, -1)) {
            int isint = 0;
            lua_Integer st = lua_tointegerx(L, -1, &isint);
            if (!isint || st < now - 1 || st > now)
                return luaL_argerror(L, 3, lua_pushfstring(L, "step must be %d (this step) or %d (the previous "
                                                              "one); older events are not kept", now, now - 1));
            step = (int)st;
        }
        lua_pop(L, 1);
        const char *k = field_string(L, 3, "kind", 0);
        if (k && (kind = acc_kind_parse(k)) < 0)
            return luaL_argerror(L, 3, lua_pushfstring(L, "kind must be incumbent, startup or open_source, got '%s'", k));
        const char *h = field_string(L, 3, "home", 0);
        if (h)
            home = jur_of(L, s, h, 3);
        const char *jj = field_string(L, 3, "jurisdiction", 0);
        if (jj && strcmp(jj, "self") == 0)
            want_self = 1;
        else if (jj)
            jur = jur_of(L, s, jj, 3);
    }
    wl_state *st = get_state(L);
    const evbuf *buf = st->cur.step == step ? &st->cur : st->prev.step == step ? &st->prev : NULL;
    const acc_config *cfg = acc_world_config(s->world);
    lua_newtable(L);
    lua_Integer n = 0;
    for (size_t e = 0; buf && e < buf->n; e++) {
        const acc_event *ev = &buf->ev[e];
        if (t >= 0 && ev->type != t)
            continue;
        if ((jur >= 0 && ev->jur != jur) || (want_self && ev->jur != -2))
            continue;
        if ((kind >= 0 || home >= 0) && ev->dev < 0)
            continue;
        if (kind >= 0 && (int)acc_world_dev_get(s->world, ev->dev, ACC_DEV_KIND) != kind)
            continue;
        if (home >= 0 && (int)acc_world_dev_get(s->world, ev->dev, ACC_DEV_HOME) != home)
            continue;
        lua_createtable(L, 0, 9);
        lua_pushinteger(L, ev->step);
        lua_setfield(L, -2, "step");
        lua_pushstring(L, acc_event_name(ev->type));
        lua_setfield(L, -2, "type");
        if (ev->dev >= 0) {
            lua_pushinteger(L, (lua_Integer)ev->dev + 1);
            lua_setfield(L, -2, "developer");
        }
        if (ev->jur >= 0 && ev->jur < cfg->n_jur) {
            lua_pushstring(L, cfg->jur[ev->jur].id);
            lua_setfield(L, -2, "jurisdiction");
        } else if (ev->jur == -2) {
            lua_pushliteral(L, "self");
            lua_setfield(L, -2, "jurisdiction");
        }
        if (ev->path > 0 && (ev->type == ACC_EV_APPLICATION || ev->type == ACC_EV_CERTIFICATION ||
                             ev->type == ACC_EV_ENTRY)) {
            lua_pushstring(L, acc_path_name(ev->path));
            lua_setfield(L, -2, "path");
        }
        lua_pushnumber(L, ev->value);
        lua_setfield(L, -2, "value");
        lua_pushnumber(L, ev->lag);
        lua_setfield(L, -2, "lag");
        lua_pushnumber(L, ev->harm);
        lua_setfield(L, -2, "harm");
        if (ev->detail) {
            lua_pushstring(L, ev->detail);
            lua_setfield(L, -2, "detail");
        }
        if (ev->other_jur >= 0 && ev->other_jur < cfg->n_jur) {
            lua_pushstring(L, cfg->jur[ev->other_jur].id);
            lua_setfield(L, -2, "other");
        } else if (ev->bloc >= 0 && ev->bloc < cfg->n_blocs) {
            lua_pushstring(L, cfg->bloc[ev->bloc].id);
            lua_setfield(L, -2, "other");
        }
        lua_rawseti(L, -2, ++n);
    }
    return 1;
}

/* ---- the developer proxy (per-developer rules) ---------------------------------------------- */

enum { DEV_CODE_ID = ACC_DEV_NATTR };

/* The developer behind a method's self. Methods are closures whose upvalue 1
 * is the proxy, so the common case is one pointer comparison. */
static int64_t proxy_dev(lua_State *L, int idx, acc_scenario **sp)
{
    dev_ud *d = lua_touserdata(L, idx);
    if (!d || d != lua_touserdata(L, lua_upvalueindex(1)))
        d = luaL_testudata(L, idx, DEV_MT);
    if (!d)
        colon_hint(L, "d");
    if (d->dev < 0 || !d->s || !d->s->world)
        luaL_error(L, "this developer object is only valid inside developer_rule (use world:dev(id, ...) "
                      "elsewhere)");
    *sp = d->s;
    return d->dev;
}

/* Developer i takes the engine's default decisions; a model error raises. */
static int default_decide(lua_State *L, acc_world *w, int64_t i)
{
    if (acc_world_default_decide(w, i)) {
        char err[ACC_ERRLEN];
        snprintf(err, sizeof err, "%s", acc_world_errmsg(w));
        return core_error(L, err);
    }
    return 0;
}

/* What apply and exit return: true, or false and the model's reason for
 * refusing (status rc, message in err). */
static int action_result(lua_State *L, int rc, char *err, size_t errlen)
{
    if (rc) {
        fix_dev_ids(err, errlen);
        lua_pushboolean(L, 0);
        lua_pushstring(L, err);
        return 2;
    }
    lua_pushboolean(L, 1);
    return 1;
}

static int d_decide(lua_State *L)
{
    acc_scenario *s;
    int64_t i = proxy_dev(L, 1, &s);
    return default_decide(L, s->world, i);
}

static int path_arg(lua_State *L, int arg)
{
    const char *p = luaL_optstring(L, arg, "own");
    static const int allowed[] = {ACC_PATH_NONE, ACC_PATH_OWN, ACC_PATH_ASSESSMENT, ACC_PATH_EQUIVALENCE,
                                  ACC_PATH_BLOC};
    for (size_t k = 0; k < sizeof allowed / sizeof allowed[0]; k++)
        if (strcmp(p, acc_path_name(allowed[k])) == 0)
            return allowed[k];
    return luaL_argerror(L, arg, lua_pushfstring(L, "path must be none, own, assessment, equivalence or bloc, "
                                                    "got '%s'", p));
}

/* Model refusals (cannot afford, cooling down, already pending, ...) return
 * false and the reason; argument errors raise. */
static int d_apply(lua_State *L)
{
    acc_scenario *s;
    int64_t i = proxy_dev(L, 1, &s);
    int j = jur_arg(L, s, 2);
    int path = path_arg(L, 3);
    char err[ACC_ERRLEN];
    return action_result(L, acc_world_dev_apply(s->world, i, j, path, err, sizeof err), err,
                         sizeof err);
}

static int d_exit(lua_State *L)
{
    acc_scenario *s;
    int64_t i = proxy_dev(L, 1, &s);
    int j = jur_arg(L, s, 2);
    char err[ACC_ERRLEN];
    return action_result(L, acc_world_dev_exit(s->world, i, j, err, sizeof err), err, sizeof err);
}

static int d_market(lua_State *L)
{
    acc_scenario *s;
    int64_t i = proxy_dev(L, 1, &s);
    int j = jur_arg(L, s, 2);
    lua_pushstring(L, mkt_names[acc_world_dev_market(s->world, i, j)]);
    return 1;
}

static int d_certified(lua_State *L)
{
    acc_scenario *s;
    int64_t i = proxy_dev(L, 1, &s);
    int j = jur_arg(L, s, 2);
    return push_certified(L, s->world, i, j);
}

/* x^e with the core's special cases (e = 1, 0.5, 2, 3, 0 exactly), so that
 * entry_value equals the E of the core's entry test to the last bit. */
static double pow_like_core(double x, double e)
{
    if (e == 1)
        return x;
    if (e == 0.5)
        return sqrt(x);
    if (e == 2)
        return x * x;
    if (e == 3)
        return x * x * x;
    if (e == 0)
        return 1.0;
    return pow(x, e);
}

/* A developer's demand weight A = (phi (1 + c))^(eps - 1) r, from its state now. */
static double appeal(const acc_world *w, int64_t i, double eps)
{
    double phi = acc_world_dev_get(w, i, ACC_DEV_PRODUCTIVITY);
    double c = acc_world_dev_get(w, i, ACC_DEV_CAPABILITY);
    double r = acc_world_dev_get(w, i, ACC_DEV_REPUTATION);
    return pow_like_core(phi * (1 + c), eps - 1) * r;
}

/* The developers' phase snapshot (see wl_state), taken before any decision
 * of the phase, as docs/model.md section 6 has it: developers deployed and
 * not suspended count in a market's sum, the certified ones with the label
 * premium where it is not binding; sums run in developer order. Needs the
 * arrays reserved for acc_world_ndev developers. */
static void take_snapshot(wl_state *st, const acc_world *w)
{
    const acc_config *cfg = acc_world_config(w);
    const double eps = cfg->elasticity;
    const int nj = cfg->n_jur;
    uint32_t premium_mask = 0;
    for (int j = 0; j < nj; j++) {
        const acc_jur_cfg *jc = &cfg->jur[j];
        st->snap_sum[j] = 0;
        st->snap_market[j] = jc->market;
        st->snap_mult[j] = jc->binding ? 1.0 : 1.0 + jc->label_premium;
        if (st->snap_mult[j] != 1.0)
            premium_mask |= 1u << j;
    }
    /* (bankrupt developers are absent everywhere) */
    int64_t n = acc_world_ndev(w);
    for (int64_t i = 0; i < n; i++) {
        uint32_t in = 0, prem = 0;
        double a = 0;
        for (int j = 0; j < nj; j++)
            if (acc_world_dev_market(w, i, j) == ACC_MKT_DEPLOYED) {
                in |= 1u << j;
                if (((premium_mask >> j) & 1u) && acc_world_dev_certified(w, i, j))
                    prem |= 1u << j;
            }
        if (in)
            a = appeal(w, i, eps);
        for (uint32_t m = in; m; m &= m - 1) {
            int j = __builtin_ctz(m);
            st->snap_sum[j] += ((prem >> j) & 1u) ? a * st->snap_mult[j] : a;
        }
        st->snap_a[i] = a;
        st->snap_in[i] = in;
        st->snap_prem[i] = prem;
    }
    st->snap_n = n;
}

/* E_ij: profit per year developer i would earn deployed in j, as the core's
 * entry test computes it: the others' A and the market size from the
 * snapshot (i's own term taken out of the sum if it was in it), i's own A
 * from its state now (after its own investment if it has decided), with j's
 * label premium if `certified` and j is not binding. Whatever the rule did
 * to other developers before the call does not change it. */
static double entry_value(const wl_state *st, const acc_world *w, int64_t i, int j, int certified)
{
    const acc_config *cfg = acc_world_config(w);
    const acc_jur_cfg *jc = &cfg->jur[j];
    const double eps = cfg->elasticity;
    double a = appeal(w, i, eps);
    double others = st->snap_sum[j];
    if (i < st->snap_n && ((st->snap_in[i] >> j) & 1u)) {
        others -= ((st->snap_prem[i] >> j) & 1u) ? st->snap_a[i] * st->snap_mult[j] : st->snap_a[i];
        if (others < 0)
            others = 0;
    }
    double al = certified && !jc->binding ? a * (1 + jc->label_premium) : a;
    double scale = st->snap_market[j] * (1.0 / eps);
    return scale * al / (jc->outside + others + al);
}

static int d_entry_value(lua_State *L)
{
    acc_scenario *s;
    int64_t i = proxy_dev(L, 1, &s);
    int j = jur_arg(L, s, 2);
    lua_pushnumber(L, entry_value(get_state(L), s->world, i, j, lua_toboolean(L, 3)));
    return 1;
}

/* Attribute reads: the __index of the methods table (a method name is found
 * in the table itself, an attribute falls through to here). Upvalues: 1 the
 * attribute codes, 2 the proxy, 3.. the kind names. */
static int attr_index(lua_State *L)
{
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNUMBER)
        return luaL_error(L, "a developer has no field '%s' (attributes: see world:dev; methods: decide, apply, "
                             "exit, market, certified, entry_value)", luaL_tolstring(L, 2, NULL));
    int code = (int)lua_tointeger(L, -1);
    dev_ud *d = lua_touserdata(L, lua_upvalueindex(2));
    if (d->dev < 0 || !d->s || !d->s->world)
        return luaL_error(L, "this developer object is only valid inside developer_rule (use world:dev(id, ...) "
                             "elsewhere)");
    if (code == ACC_DEV_KIND) {
        int k = (int)acc_world_dev_get(d->s->world, d->dev, ACC_DEV_KIND);
        lua_pushvalue(L, lua_upvalueindex(3 + k));
        return 1;
    }
    if (code == ACC_DEV_CAPITAL || code == ACC_DEV_SAFETY || code == ACC_DEV_CAPABILITY) {
        lua_pushnumber(L, acc_world_dev_get(d->s->world, d->dev, code));
        return 1;
    }
    push_attr(L, d->s->world, d->dev, code);
    return 1;
}

/* Attribute writes. Upvalues: 1 the attribute codes, 2 the proxy. */
static int dev_newindex(lua_State *L)
{
    lua_pushvalue(L, 2);
    int t = lua_rawget(L, lua_upvalueindex(1));
    int code = t == LUA_TNUMBER ? (int)lua_tointeger(L, -1) : -1;
    lua_pop(L, 1);
    acc_scenario *s;
    int64_t i = proxy_dev(L, 1, &s);
    if (code < 0)
        return luaL_error(L, "developer %d: cannot set '%s' (not a developer attribute)", (int)i + 1,
                          luaL_tolstring(L, 2, NULL));
    set_attr(L, s, i, code, 3);
    return 0;
}

static int dev_tostring(lua_State *L)
{
    dev_ud *d = luaL_checkudata(L, 1, DEV_MT);
    if (d->dev >= 0)
        lua_pushfstring(L, "developer %d", (int)d->dev + 1);
    else
        lua_pushliteral(L, "developer (expired)");
    return 1;
}

static const luaL_Reg dev_methods[] = {{"decide", d_decide},         {"apply", d_apply},
                                       {"exit", d_exit},             {"market", d_market},
                                       {"certified", d_certified},   {"entry_value", d_entry_value},
                                       {NULL, NULL}};

/* ---- the per-step rule: arrays of the live developers -------------------------------- */

#define DEVS_MT "accord.Developers"

/* Methods are closures: upvalue 1 the developers object, 2 the state (light
 * userdata), 3 the attribute codes; self is checked by pointer. */
static wl_state *check_devs(lua_State *L)
{
    if (lua_touserdata(L, 1) != lua_touserdata(L, lua_upvalueindex(1)) && !luaL_testudata(L, 1, DEVS_MT))
        colon_hint(L, "devs"); /* self is not the developers object */
    wl_state *st = lua_touserdata(L, lua_upvalueindex(2));
    if (!st->s || !st->s->world)
        luaL_error(L, "this developers object is only valid inside developer_rule");
    return st;
}

/* A developer id (1-based) that is live this step -> developer index;
 * *kpos gets its position in the columns (0-based). */
static int64_t id_arg(lua_State *L, wl_state *st, int arg, int64_t *kpos)
{
    int isint = 0;
    lua_Integer id = lua_tointegerx(L, arg, &isint);
    int64_t n = acc_world_ndev(st->s->world);
    if (!isint)
        luaL_argerror(L, arg, lua_pushfstring(L, "a developer id (an integer in [1, %d]) expected, got %s", (int)n,
                                              luaL_typename(L, arg)));
    if (id < 1 || id > n || st->pos[id - 1] < 0)
        luaL_argerror(L, arg, lua_pushfstring(L, "developer %I is not among this step's live developers (ids 1 "
                                                 "to %d; see devs.id)", id, (int)n));
    if (kpos)
        *kpos = st->pos[id - 1];
    return (int64_t)(id - 1);
}

/* Push the column `code` (a reused table, filled once per developers' phase). */
static void push_column(lua_State *L, wl_state *st, int code)
{
    const acc_world *w = st->s->world;
    const acc_config *cfg = acc_world_config(w);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &cols_key); /* cols */
    if (lua_rawgeti(L, -1, code) != LUA_TTABLE) { /* cols col */
        lua_pop(L, 1);
        lua_createtable(L, (int)st->nlive, 0);
        lua_pushvalue(L, -1);
        lua_rawseti(L, -3, code);
        st->col_len[code] = 0;
        st->col_gen[code] = -1;
    }
    lua_remove(L, -2); /* col */
    if (st->col_gen[code] == st->gen)
        return;
    int col = lua_gettop(L);
    int strs = col + 1, nstr = 0;
    if (code == ACC_DEV_KIND) {
        for (int k = 0; k < ACC_NKINDS; k++)
            lua_pushstring(L, acc_kind_name(k));
        nstr = ACC_NKINDS;
    } else if (code == ACC_DEV_HOME) {
        for (int j = 0; j < cfg->n_jur; j++)
            lua_pushstring(L, cfg->jur[j].id);
        nstr = cfg->n_jur;
    } else if (code >= COL_STATE0) {
        for (int k = 0; k < 4; k++)
            lua_pushstring(L, mkt_names[k]);
        nstr = 4;
    }
    for (int64_t k = 0; k < st->nlive; k++) {
        int64_t i = st->live[k];
        if (code == ACC_DEV_KIND || code == ACC_DEV_HOME) {
            lua_pushvalue(L, strs + (int)acc_world_dev_get(w, i, code));
        } else if (code >= COL_STATE0) {
            lua_pushvalue(L, strs + acc_world_dev_market(w, i, code - COL_STATE0));
        } else if (code == COL_ID) {
            lua_pushinteger(L, (lua_Integer)i + 1);
        } else if (code == ACC_DEV_ALIVE) {
            lua_pushboolean(L, 1);
        } else if (code == ACC_DEV_UPSTREAM) {
            double up = acc_world_dev_get(w, i, code);
            if (up >= 0)
                lua_pushinteger(L, (lua_Integer)up + 1);
            else
                lua_pushboolean(L, 0);
        } else {
            lua_pushnumber(L, acc_world_dev_get(w, i, code));
        }
        lua_rawseti(L, col, (lua_Integer)k + 1);
    }
    for (int64_t k = st->nlive; k < st->col_len[code]; k++) { /* shorter than last time */
        lua_pushnil(L);
        lua_rawseti(L, col, (lua_Integer)k + 1);
    }
    lua_pop(L, nstr);
    st->col_len[code] = st->nlive;
    st->col_gen[code] = st->gen;
}

/* Attribute code of the name at arg, looked up in upvalue 3 (one hash
 * lookup); unknown names get attr_arg's message. */
static int ds_attr(lua_State *L, int arg)
{
    lua_pushvalue(L, arg);
    int code = lua_rawget(L, lua_upvalueindex(3)) == LUA_TNUMBER ? (int)lua_tointeger(L, -1) : -1;
    lua_pop(L, 1);
    return code >= 0 && code <= COL_ID ? code : attr_arg(L, arg, 1);
}

static int ds_column(lua_State *L)
{
    wl_state *st = check_devs(L);
    int code = ds_attr(L, 2);
    push_column(L, st, code);
    return 1;
}

static int ds_states(lua_State *L)
{
    wl_state *st = check_devs(L);
    int j = jur_arg(L, st->s, 2);
    push_column(L, st, COL_STATE0 + j);
    return 1;
}

static int decide_k(lua_State *L, wl_state *st, int64_t k)
{
    st->decided[k] = 1;
    return default_decide(L, st->s->world, st->live[k]);
}

static int ds_decide(lua_State *L)
{
    wl_state *st = check_devs(L);
    if (lua_isnoneornil(L, 2)) {
        for (int64_t k = 0; k < st->nlive; k++)
            if (!st->decided[k])
                decide_k(L, st, k);
        return 0;
    }
    int64_t k;
    int64_t i = id_arg(L, st, 2, &k);
    if (st->decided[k])
        return luaL_error(L, "devs:decide(%d): developer %d already took its default decisions this step",
                          (int)i + 1, (int)i + 1);
    return decide_k(L, st, k);
}

static int ds_set(lua_State *L)
{
    wl_state *st = check_devs(L);
    int64_t k;
    int64_t i = id_arg(L, st, 2, &k);
    int code = ds_attr(L, 3);
    luaL_checkany(L, 4);
    set_attr(L, st->s, i, code, 4);
    /* keep a column already read consistent with the write */
    if (st->col_gen[code] == st->gen) {
        lua_rawgetp(L, LUA_REGISTRYINDEX, &cols_key);
        lua_rawgeti(L, -1, code);
        push_attr(L, st->s->world, i, code);
        lua_rawseti(L, -2, k + 1);
        lua_pop(L, 2);
    }
    return 0;
}

static int ds_apply(lua_State *L)
{
    wl_state *st = check_devs(L);
    int64_t i = id_arg(L, st, 2, NULL);
    int j = jur_arg(L, st->s, 3);
    int path = path_arg(L, 4);
    char err[ACC_ERRLEN];
    return action_result(L, acc_world_dev_apply(st->s->world, i, j, path, err, sizeof err), err,
                         sizeof err);
}

static int ds_exit(lua_State *L)
{
    wl_state *st = check_devs(L);
    int64_t i = id_arg(L, st, 2, NULL);
    int j = jur_arg(L, st->s, 3);
    char err[ACC_ERRLEN];
    return action_result(L, acc_world_dev_exit(st->s->world, i, j, err, sizeof err), err,
                         sizeof err);
}

static int ds_market(lua_State *L)
{
    wl_state *st = check_devs(L);
    int64_t i = id_arg(L, st, 2, NULL);
    int j = jur_arg(L, st->s, 3);
    lua_pushstring(L, mkt_names[acc_world_dev_market(st->s->world, i, j)]);
    return 1;
}

static int ds_certified(lua_State *L)
{
    wl_state *st = check_devs(L);
    int64_t i = id_arg(L, st, 2, NULL);
    int j = jur_arg(L, st->s, 3);
    return push_certified(L, st->s->world, i, j);
}

static int ds_entry_value(lua_State *L)
{
    wl_state *st = check_devs(L);
    int64_t i = id_arg(L, st, 2, NULL);
    int j = jur_arg(L, st->s, 3);
    lua_pushnumber(L, entry_value(st, st->s->world, i, j, lua_toboolean(L, 4)));
    return 1;
}

static int ds_get(lua_State *L)
{
    wl_state *st = check_devs(L);
    int64_t i = id_arg(L, st, 2, NULL);
    int code = ds_attr(L, 3);
    push_attr(L, st->s->world, i, code);
    return 1;
}

static const luaL_Reg devs_methods[] = {
    {"column", ds_column}, {"states", ds_states},   {"decide", ds_decide},       {"set", ds_set},
    {"get", ds_get},       {"apply", ds_apply},     {"exit", ds_exit},           {"market", ds_market},
    {"certified", ds_certified}, {"entry_value", ds_entry_value}, {NULL, NULL}};

/* devs.n, devs.<attribute> (a column), devs:<method>. Upvalues as the
 * methods' (1 the object, 2 the state, 3 attribute codes) and 4 the methods. */
static int devs_index(lua_State *L)
{
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(4)) == LUA_TFUNCTION)
        return 1;
    lua_pop(L, 1);
    wl_state *st = check_devs(L);
    const char *key = lua_tostring(L, 2);
    if (key && strcmp(key, "n") == 0) {
        lua_pushinteger(L, (lua_Integer)st->nlive);
        return 1;
    }
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(3)) != LUA_TNUMBER)
        return luaL_error(L, "developers have no field '%s' (n, id, the attributes of world:dev, or the methods "
                             "column, states, decide, set, get, apply, exit, market, certified, entry_value)",
                          luaL_tolstring(L, 2, NULL));
    push_column(L, st, (int)lua_tointeger(L, -1));
    return 1;
}

static int devs_newindex(lua_State *L)
{
    return luaL_error(L, "developers are read through columns; write with devs:set(id, '%s', value)",
                      luaL_tolstring(L, 2, NULL));
}

/* The per-developer form is the rule wrapped by accord.per_developer(f): a C
 * closure with f as upvalue, recognised by its C function. */
static int per_developer_marker(lua_State *L)
{
    return luaL_error(L, "a rule wrapped by accord.per_developer is called by the engine only");
}

static int l_per_developer(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_settop(L, 1);
    lua_pushcclosure(L, per_developer_marker, 1);
    return 1;
}

static int reserve(wl_state *st, int64_t n)
{
    if (n <= st->live_cap)
        return ACC_OK;
    int64_t cap = st->live_cap ? st->live_cap : 1024;
    while (cap < n)
        cap *= 2;
    int64_t *nl = realloc(st->live, sizeof *nl * (size_t)cap);
    if (!nl)
        return ACC_ENOMEM;
    st->live = nl;
    uint8_t *nd = realloc(st->decided, (size_t)cap);
    if (!nd)
        return ACC_ENOMEM;
    st->decided = nd;
    int64_t *np = realloc(st->pos, sizeof *np * (size_t)cap);
    if (!np)
        return ACC_ENOMEM;
    st->pos = np;
    double *na = realloc(st->snap_a, sizeof *na * (size_t)cap);
    if (!na)
        return ACC_ENOMEM;
    st->snap_a = na;
    uint32_t *ni = realloc(st->snap_in, sizeof *ni * (size_t)cap);
    if (!ni)
        return ACC_ENOMEM;
    st->snap_in = ni;
    uint32_t *nq = realloc(st->snap_prem, sizeof *nq * (size_t)cap);
    if (!nq)
        return ACC_ENOMEM;
    st->snap_prem = nq;
    st->live_cap = cap;
    return ACC_OK;
}

int acc_worldlua_rule_loop(lua_State *L)
{
    /* stack: rule world */
    luaL_checktype(L, 1, LUA_TFUNCTION);
    world_ud *wu = luaL_checkudata(L, 2, WORLD_MT);
    acc_scenario *s = wu->s;
    if (!s || !s->world)
        return luaL_error(L, "developer_rule called without a running world");
    wl_state *st = get_state(L);
    acc_world *w = s->world;
    int64_t n = acc_world_ndev(w);
    if (reserve(st, n))
        return luaL_error(L, "not enough memory for the developer list");
    take_snapshot(st, w); /* before any decision: entry_value's markets */
    if (lua_tocfunction(L, 1) == per_developer_marker) {
        /* per developer: rule(world, dev) with one reused proxy */
        lua_getupvalue(L, 1, 1);
        lua_replace(L, 1);                             /* f world */
        lua_rawgetp(L, LUA_REGISTRYINDEX, &proxy_key); /* f world proxy */
        dev_ud *d = luaL_checkudata(L, 3, DEV_MT);
        d->s = s;
        for (int64_t i = 0; i < n; i++) {
            if (!acc_world_dev_get(w, i, ACC_DEV_ALIVE))
                continue;
            d->dev = i;
            lua_pushvalue(L, 1); /* f world proxy f */
            lua_pushvalue(L, 2);
            lua_pushvalue(L, 3); /* f world proxy f world proxy */
            lua_call(L, 2, 0);   /* errors unwind to the step's one protected call */
        }
        d->dev = -1;
        return 0;
    }
    /* per step: rule(world, devs) over arrays of the live developers */
    st->nlive = 0;
    for (int64_t i = 0; i < n; i++) {
        st->pos[i] = -1;
        if (acc_world_dev_get(w, i, ACC_DEV_ALIVE)) {
            st->decided[st->nlive] = 0;
            st->pos[i] = st->nlive;
            st->live[st->nlive++] = i;
        }
    }
    st->gen++;
    st->s = s; /* an error ends the run: acc_worldlua_invalidate resets it */
    lua_rawgetp(L, LUA_REGISTRYINDEX, &devs_key); /* rule world devs */
    lua_call(L, 2, 0);
    st->s = NULL;
    return 0;
}

/* ---- registration -------------------------------------------------------------------------- */

static const luaL_Reg world_methods[] = {
    {"step", w_step},
    {"year", w_year},
    {"steps", w_steps},
    {"years", w_years},
    {"steps_per_year", w_steps_per_year},
    {"log", w_log},
    {"record", w_record},
    {"jurisdictions", w_jurisdictions},
    {"jurisdiction", w_jurisdiction},
    {"get", w_get},
    {"set", w_set},
    {"param", w_param},
    {"set_param", w_set_param},
    {"recognize", w_recognize},
    {"unrecognize", w_unrecognize},
    {"recognition", w_recognition},
    {"bloc", w_bloc},
    {"set_bloc_standard", w_set_bloc_standard},
    {"bloc_standard", w_bloc_standard},
    {"blocs", w_blocs},
    {"bloc_members", w_bloc_members},
    {"share", w_share},
    {"suspend_sharing", w_suspend_sharing},
    {"restore_sharing", w_restore_sharing},
    {"sharing", w_sharing},
    {"inject_vulnerability", w_inject_vulnerability},
    {"ndev", w_ndev},
    {"dev", w_dev},
    {"set_dev", w_set_dev},
    {"market", w_market},
    {"certified", w_certified},
    {"count", w_count},
    {"sum", w_sum},
    {"mean", w_mean},
    {"stats", w_stats},
    {"developers", w_developers},
    {"metrics", w_metrics},
    {"metric", w_metric},
    {"summary", w_summary},
    {"events", w_events},
    {NULL, NULL}};

/* __index of the methods table: a name that is not a method (world:sett). */
static int w_no_method(lua_State *L)
{
    const char *key = luaL_tolstring(L, 2, NULL);
    const char *names[64];
    int n = 0;
    for (const luaL_Reg *r = world_methods; r->name && n < 64; r++)
        names[n++] = r->name;
    const char *best = acc_name_closest(key, names, n);
    if (best)
        return luaL_error(L, "world has no method '%s' (did you mean '%s'?)", key, best);
    return luaL_error(L, "world has no method '%s' (see \"The world object\" in docs/scripting.md)", key);
}

/* accord.fields(group): the fields of "jurisdiction" or "scenario" (model-
 * wide), as accord fields lists them: { name, type, default, min, max, unit,
 * doc } in order; type is "boolean", "integer" or "number". */
static int l_fields(lua_State *L)
{
    static const char *const groups[] = {"jurisdiction", "scenario", NULL};
    int g = luaL_checkoption(L, 1, NULL, groups);
    int nf;
    const acc_field *f = g == 0 ? acc_jur_fields(&nf) : acc_config_fields(&nf);
    lua_createtable(L, nf, 0); /* list */
    for (int k = 0; k < nf; k++) {
        lua_createtable(L, 0, 7); /* list field */
        lua_pushstring(L, f[k].name);
        lua_setfield(L, -2, "name");
        lua_pushstring(L, f[k].kind == ACC_FK_BOOL ? "boolean" : f[k].kind == ACC_FK_INT ? "integer" : "number");
        lua_setfield(L, -2, "type");
        if (f[k].kind == ACC_FK_BOOL) {
            lua_pushboolean(L, f[k].def != 0);
            lua_setfield(L, -2, "default");
        } else {
            lua_pushnumber(L, f[k].def);
            lua_setfield(L, -2, "default");
            lua_pushnumber(L, f[k].lo);
            lua_setfield(L, -2, "min");
            lua_pushnumber(L, f[k].hi);
            lua_setfield(L, -2, "max");
        }
        lua_pushstring(L, f[k].unit);
        lua_setfield(L, -2, "unit");
        lua_pushstring(L, f[k].doc);
        lua_setfield(L, -2, "doc");
        lua_rawseti(L, -2, k + 1);
    }
    return 1;
}

/* Push a table from attribute names to their codes, with "id" -> id_code:
 * the lookup the developer proxy and the devs object share. */
static void push_attr_codes(lua_State *L, int id_code)
{
    lua_createtable(L, 0, ACC_DEV_NATTR + 1);
    for (int a = 0; a < ACC_DEV_NATTR; a++) {
        lua_pushinteger(L, a);
        lua_setfield(L, -2, acc_dev_attr_name(a));
    }
    lua_pushinteger(L, id_code);
    lua_setfield(L, -2, "id");
}

static int state_gc(lua_State *L)
{
    wl_state *st = lua_touserdata(L, 1);
    free(st->live);
    free(st->pos);
    free(st->decided);
    free(st->snap_a);
    free(st->snap_in);
    free(st->snap_prem);
    st->live = st->pos = NULL;
    st->decided = NULL;
    st->snap_a = NULL;
    st->snap_in = st->snap_prem = NULL;
    st->snap_n = 0;
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
        luaL_newlib(L, world_methods);     /* mt methods */
        lua_createtable(L, 0, 1);          /* mt methods meta */
        lua_pushcfunction(L, w_no_method);
        lua_setfield(L, -2, "__index");
        lua_setmetatable(L, -2);           /* mt methods */
        lua_setfield(L, -2, "__index");
        lua_pushliteral(L, "accord.World");
        lua_setfield(L, -2, "__metatable");
    }
    lua_pop(L, 1);

    /* The developer proxy and its metatable: __index is the methods table
     * (closures over the proxy), whose own __index reads attributes; so a
     * method lookup is one table hit and an attribute one metamethod call. */
    dev_ud *d = lua_newuserdatauv(L, sizeof *d, 0); /* P */
    d->s = NULL;
    d->dev = -1;
    int P = lua_gettop(L);
    push_attr_codes(L, DEV_CODE_ID); /* P names */
    int N = lua_gettop(L);
    lua_createtable(L, 0, 8); /* P names M */
    for (const luaL_Reg *r = dev_methods; r->name; r++) {
        lua_pushvalue(L, P);
        lua_pushcclosure(L, r->func, 1);
        lua_setfield(L, -2, r->name);
    }
    lua_createtable(L, 0, 1); /* P names M Mmeta */
    lua_pushvalue(L, N);
    lua_pushvalue(L, P);
    for (int k = 0; k < ACC_NKINDS; k++)
        lua_pushstring(L, acc_kind_name(k));
    lua_pushcclosure(L, attr_index, 2 + ACC_NKINDS);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, -2); /* P names M */
    luaL_newmetatable(L, DEV_MT); /* P names M mt */
    lua_insert(L, -2);            /* P names mt M */
    lua_setfield(L, -2, "__index");
    lua_pushvalue(L, N);
    lua_pushvalue(L, P);
    lua_pushcclosure(L, dev_newindex, 2);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, dev_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushliteral(L, "accord.Developer");
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, P); /* P names */
    lua_pop(L, 1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &proxy_key);

    /* the per-step rule's developers object (one per state, borrowed); its
     * methods are closures over (object, state, attribute codes) */
    wl_state *st = lua_newuserdatauv(L, sizeof *st, 0); /* state */
    memset(st, 0, sizeof *st);
    st->cur.step = st->prev.step = -1;
    st->rec_step = -1;
    lua_createtable(L, 0, 1);
    lua_pushcfunction(L, state_gc);
    lua_setfield(L, -2, "__gc");
    lua_setmetatable(L, -2);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &state_key);

    lua_newuserdatauv(L, 1, 0); /* D */
    int D = lua_gettop(L);
    push_attr_codes(L, COL_ID); /* D names */
    int NM = lua_gettop(L);
    lua_createtable(L, 0, 12); /* D names methods */
    int ME = lua_gettop(L);
    for (const luaL_Reg *r = devs_methods; r->name; r++) {
        lua_pushvalue(L, D);
        lua_pushlightuserdata(L, st);
        lua_pushvalue(L, NM);
        lua_pushcclosure(L, r->func, 3);
        lua_setfield(L, ME, r->name);
    }
    luaL_newmetatable(L, DEVS_MT); /* D names methods mt */
    lua_pushvalue(L, D);
    lua_pushlightuserdata(L, st);
    lua_pushvalue(L, NM);
    lua_pushvalue(L, ME);
    lua_pushcclosure(L, devs_index, 4);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, devs_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushliteral(L, "accord.Developers");
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, D);
    lua_settop(L, D);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &devs_key);
    lua_newtable(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &cols_key);

    /* accord.per_developer(f): the per-developer rule form */
    acc_sandbox *sb = acc_sandbox_from_lua(L);
    if (sb) {
        acc_sandbox_push_env(sb); /* env */
        if (lua_getfield(L, -1, "accord") == LUA_TTABLE) {
            lua_pushcfunction(L, l_per_developer);
            lua_setfield(L, -2, "per_developer");
            lua_pushcfunction(L, l_fields);
            lua_setfield(L, -2, "fields");
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
    wl_state *st = get_state(L);
    if (st)
        st->s = NULL;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &proxy_key);
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
    return 0;
}

int acc_worldlua_begin_run(lua_State *L, acc_scenario *s, char *err, size_t errlen)
{
    wl_state *st = get_state(L);
    if (st) {
        st->cur.n = st->prev.n = 0;
        st->cur.step = st->prev.step = -1;
        st->snap_n = 0;
        st->rec_step = -1;
        st->s = NULL;
    }
    lua_pushcfunction(L, begin_run_protected);
    lua_pushlightuserdata(L, s);
    return acc_sandbox_pcall(s->sb, 1, 0, err, errlen);
}

static int buf_push(evbuf *b, const acc_event *ev)
{
    if (b->n == b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 256;
        acc_event *ne = realloc(b->ev, nc * sizeof *ne);
        if (!ne)
            return ACC_ENOMEM;
        b->ev = ne;
        b->cap = nc;
    }
    b->ev[b->n++] = *ev;
    return ACC_OK;
}

int acc_worldlua_note_event(lua_State *L, const acc_event *ev)
{
    wl_state *st = get_state(L);
    if (!st)
        return ACC_OK;
    if (ev->step != st->cur.step) {
        /* a new step: the latest becomes the previous one (if adjacent) */
        evbuf t = st->prev;
        if (ev->step == st->cur.step + 1) {
            st->prev = st->cur;
        } else {
            st->prev.n = 0;
            st->prev.step = -1;
            st->prev.ev = st->cur.ev;
            st->prev.cap = st->cur.cap;
        }
        st->cur = t;
        st->cur.n = 0;
        st->cur.step = ev->step;
    }
    return buf_push(&st->cur, ev);
}
