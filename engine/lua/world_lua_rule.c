/* accord — the objects of developer rules: the reused per-developer proxy
 * (accord.per_developer rules), the per-step arrays of the live developers
 * (devs), and the loop that runs a rule in the developers' phase.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lua/world_lua_int.h"

#include <stdlib.h>
#include <string.h>

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
        wl_colon_hint(L, "d");
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
        return wl_core_error(L, err);
    }
    return 0;
}

/* What apply and exit return: true, or false and the model's reason for
 * refusing (status rc, message in err). */
static int action_result(lua_State *L, int rc, char *err, size_t errlen)
{
    if (rc) {
        wl_fix_dev_ids(err, errlen);
        lua_pushboolean(L, 0);
        lua_pushstring(L, err);
        return 2;
    }
    lua_pushboolean(L, 1);
    return 1;
}

/* d:decide(): once per call of the rule, as devs:decide(i) is once per step
 * (a second call would run the default decisions again: invest twice, ...). */
static int d_decide(lua_State *L)
{
    acc_scenario *s;
    int64_t i = proxy_dev(L, 1, &s);
    dev_ud *d = lua_touserdata(L, lua_upvalueindex(1));
    if (d->decided)
        return luaL_error(L, "d:decide(): developer %d already took its default decisions this step",
                          (int)i + 1);
    d->decided = 1;
    return default_decide(L, s->world, i);
}

/* path_arg's code for "noncompliant": serve a binding regulated segment
 * uncertified (not a certification path) */
#define WL_PATH_NONCOMPLIANT (-2)

static int path_arg(lua_State *L, int arg)
{
    const char *p = luaL_optstring(L, arg, "own");
    if (strcmp(p, "noncompliant") == 0)
        return WL_PATH_NONCOMPLIANT;
    static const int allowed[] = {ACC_PATH_NONE, ACC_PATH_OWN, ACC_PATH_ASSESSMENT, ACC_PATH_EQUIVALENCE,
                                  ACC_PATH_BLOC};
    for (size_t k = 0; k < sizeof allowed / sizeof allowed[0]; k++)
        if (strcmp(p, acc_path_name(allowed[k])) == 0)
            return allowed[k];
    return luaL_argerror(L, arg, lua_pushfstring(L, "path must be none, own, assessment, equivalence, bloc or "
                                                    "noncompliant, got '%s'", p));
}

/* apply or, for "noncompliant", serve uncertified. */
static int apply_path(acc_world *w, int64_t i, int j, int path, char *err, size_t errlen)
{
    return path == WL_PATH_NONCOMPLIANT ? acc_world_dev_serve_uncertified(w, i, j, err, errlen)
                                        : acc_world_dev_apply(w, i, j, path, err, errlen);
}

/* Model refusals (cannot afford, cooling down, already pending, ...) return
 * false and the reason; argument errors raise. */
static int d_apply(lua_State *L)
{
    acc_scenario *s;
    int64_t i = proxy_dev(L, 1, &s);
    int j = wl_jur_arg(L, s, 2);
    int path = path_arg(L, 3);
    char err[ACC_ERRLEN];
    return action_result(L, apply_path(s->world, i, j, path, err, sizeof err), err,
                         sizeof err);
}

static int d_exit(lua_State *L)
{
    acc_scenario *s;
    int64_t i = proxy_dev(L, 1, &s);
    int j = wl_jur_arg(L, s, 2);
    int seg = wl_segment_arg(L, 3);
    char err[ACC_ERRLEN];
    return action_result(L, wl_exit(s->world, i, j, seg, err, sizeof err), err, sizeof err);
}

static int d_market(lua_State *L)
{
    acc_scenario *s;
    int64_t i = proxy_dev(L, 1, &s);
    int j = wl_jur_arg(L, s, 2);
    wl_push_market(L, s->world, i, j, wl_segment_arg(L, 3));
    return 1;
}

static int d_certified(lua_State *L)
{
    acc_scenario *s;
    int64_t i = proxy_dev(L, 1, &s);
    int j = wl_jur_arg(L, s, 2);
    return wl_push_certified(L, s->world, i, j);
}

static int d_entry_value(lua_State *L)
{
    acc_scenario *s;
    int64_t i = proxy_dev(L, 1, &s);
    int j = wl_jur_arg(L, s, 2);
    lua_pushnumber(L, acc_world_entry_value(s->world, i, j, lua_toboolean(L, 3)));
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
    wl_push_attr(L, d->s->world, d->dev, code);
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
    wl_set_attr(L, s, i, code, 3);
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

/* Methods are closures: upvalue 1 the developers object, 2 the state (light
 * userdata), 3 the attribute codes; self is checked by pointer. */
static wl_state *check_devs(lua_State *L)
{
    if (lua_touserdata(L, 1) != lua_touserdata(L, lua_upvalueindex(1)) && !luaL_testudata(L, 1, DEVS_MT))
        wl_colon_hint(L, "devs"); /* self is not the developers object */
    wl_state *st = lua_touserdata(L, lua_upvalueindex(2));
    if (!st->s || !st->s->world)
        luaL_error(L, "this developers object is only valid inside developer_rule");
    return st;
}

/* A developer id (1-based) that is live this step -> developer index;
 * *kpos gets its position in the columns (0-based). */
static int64_t id_arg(lua_State *L, wl_state *st, int arg, int64_t *kpos)
{
    int64_t n = acc_world_ndev(st->s->world);
    lua_Integer id = wl_dev_id(L, arg, n);
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
    lua_rawgetp(L, LUA_REGISTRYINDEX, &wl_cols_key); /* cols */
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
            lua_pushstring(L, wl_mkt_names[k]);
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
 * lookup); unknown names get wl_attr_arg's message. */
static int ds_attr(lua_State *L, int arg)
{
    lua_pushvalue(L, arg);
    int code = lua_rawget(L, lua_upvalueindex(3)) == LUA_TNUMBER ? (int)lua_tointeger(L, -1) : -1;
    lua_pop(L, 1);
    return code >= 0 && code <= COL_ID ? code : wl_attr_arg(L, arg, 1);
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
    int j = wl_jur_arg(L, st->s, 2);
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
    wl_set_attr(L, st->s, i, code, 4);
    /* keep a column already read consistent with the write */
    if (st->col_gen[code] == st->gen) {
        lua_rawgetp(L, LUA_REGISTRYINDEX, &wl_cols_key);
        lua_rawgeti(L, -1, code);
        wl_push_attr(L, st->s->world, i, code);
        lua_rawseti(L, -2, k + 1);
        lua_pop(L, 2);
    }
    return 0;
}

static int ds_apply(lua_State *L)
{
    wl_state *st = check_devs(L);
    int64_t i = id_arg(L, st, 2, NULL);
    int j = wl_jur_arg(L, st->s, 3);
    int path = path_arg(L, 4);
    char err[ACC_ERRLEN];
    return action_result(L, apply_path(st->s->world, i, j, path, err, sizeof err), err,
                         sizeof err);
}

static int ds_exit(lua_State *L)
{
    wl_state *st = check_devs(L);
    int64_t i = id_arg(L, st, 2, NULL);
    int j = wl_jur_arg(L, st->s, 3);
    int seg = wl_segment_arg(L, 4);
    char err[ACC_ERRLEN];
    return action_result(L, wl_exit(st->s->world, i, j, seg, err, sizeof err), err, sizeof err);
}

static int ds_market(lua_State *L)
{
    wl_state *st = check_devs(L);
    int64_t i = id_arg(L, st, 2, NULL);
    int j = wl_jur_arg(L, st->s, 3);
    wl_push_market(L, st->s->world, i, j, wl_segment_arg(L, 4));
    return 1;
}

static int ds_certified(lua_State *L)
{
    wl_state *st = check_devs(L);
    int64_t i = id_arg(L, st, 2, NULL);
    int j = wl_jur_arg(L, st->s, 3);
    return wl_push_certified(L, st->s->world, i, j);
}

static int ds_entry_value(lua_State *L)
{
    wl_state *st = check_devs(L);
    int64_t i = id_arg(L, st, 2, NULL);
    int j = wl_jur_arg(L, st->s, 3);
    lua_pushnumber(L, acc_world_entry_value(st->s->world, i, j, lua_toboolean(L, 4)));
    return 1;
}

static int ds_get(lua_State *L)
{
    wl_state *st = check_devs(L);
    int64_t i = id_arg(L, st, 2, NULL);
    int code = ds_attr(L, 3);
    wl_push_attr(L, st->s->world, i, code);
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
    /* devs.n = 5 was told to use devs:set(id, 'n', value): n is no attribute */
    if (lua_type(L, 2) != LUA_TSTRING || acc_dev_attr_parse(lua_tostring(L, 2)) < 0)
        return luaL_error(L, "the developers object is read-only: '%s' cannot be assigned (attributes are "
                             "written with devs:set(id, name, value))",
                          luaL_tolstring(L, 2, NULL));
    return luaL_error(L, "developers are read through columns; write with devs:set(id, '%s', value)",
                      luaL_tolstring(L, 2, NULL));
}

/* The per-developer form is the rule wrapped by accord.per_developer(f): a C
 * closure with f as upvalue, recognised by its C function. */
static int per_developer_marker(lua_State *L)
{
    return luaL_error(L, "a rule wrapped by accord.per_developer is called by the engine only");
}

int wl_per_developer(lua_State *L)
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
    wl_state *st = wl_get_state(L);
    acc_world *w = s->world;
    int64_t n = acc_world_ndev(w);
    if (reserve(st, n))
        return luaL_error(L, "not enough memory for the developer list");
    if (lua_tocfunction(L, 1) == per_developer_marker) {
        /* per developer: rule(world, dev) with one reused proxy */
        lua_getupvalue(L, 1, 1);
        lua_replace(L, 1);                             /* f world */
        lua_rawgetp(L, LUA_REGISTRYINDEX, &wl_proxy_key); /* f world proxy */
        dev_ud *d = luaL_checkudata(L, 3, DEV_MT);
        d->s = s;
        for (int64_t i = 0; i < n; i++) {
            if (!acc_world_dev_get(w, i, ACC_DEV_ALIVE))
                continue;
            d->dev = i;
            d->decided = 0;
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
    lua_rawgetp(L, LUA_REGISTRYINDEX, &wl_devs_key); /* rule world devs */
    lua_call(L, 2, 0);
    st->s = NULL;
    return 0;
}

/* ---- registration --------------------------------------------------------------------------- */

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

void wl_register_proxy(lua_State *L)
{
    /* The developer proxy and its metatable: __index is the methods table
     * (closures over the proxy), whose own __index reads attributes; so a
     * method lookup is one table hit and an attribute one metamethod call. */
    dev_ud *d = lua_newuserdatauv(L, sizeof *d, 0); /* P */
    d->s = NULL;
    d->dev = -1;
    d->decided = 0;
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
    lua_rawsetp(L, LUA_REGISTRYINDEX, &wl_proxy_key);
}

void wl_register_devs(lua_State *L, wl_state *st)
{
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
    lua_rawsetp(L, LUA_REGISTRYINDEX, &wl_devs_key);
    lua_newtable(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &wl_cols_key);
}
