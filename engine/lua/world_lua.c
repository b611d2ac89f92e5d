/* accord — the `world` object that scenario policies receive: time, regime
 * fields, harmonization changes, developer queries, custom metrics, a log.
 * The userdata is a borrowed view of the scenario's world: valid only while a
 * run is in progress (C guarantees it; afterwards every method raises).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lua/scenario_int.h"

#include <lauxlib.h>

#define WORLD_MT "accord.World"

typedef struct {
    acc_scenario *s; /* NULL once the run is over */
} world_ud;

static acc_scenario *check_world(lua_State *L)
{
    world_ud *u = luaL_checkudata(L, 1, WORLD_MT);
    if (!u->s || !u->s->world)
        luaL_error(L, "this world object belongs to a finished run");
    return u->s;
}

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

static int w_log(lua_State *L)
{
    acc_scenario *s = check_world(L);
    const char *msg = luaL_checkstring(L, 2);
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
    const char *name = luaL_checkstring(L, 2);
    double v = luaL_checknumber(L, 3);
    for (const char *p = name; *p; p++)
        luaL_argcheck(L, (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_', 2,
                      "metric names use a-z, 0-9 and _");
    if (s->sink && s->sink->custom) {
        int rc = s->sink->custom(s->sink->ud, acc_world_step_index(s->world) + 1,
                                 acc_world_year(s->world), name, v);
        if (rc)
            return luaL_error(L, "record('%s'): could not write the metric", name);
    }
    return 0;
}

static int jur_arg(lua_State *L, acc_scenario *s, int arg)
{
    const char *id = luaL_checkstring(L, arg);
    int j = acc_config_jur_index(acc_world_config(s->world), id);
    if (j < 0)
        luaL_argerror(L, arg, lua_pushfstring(L, "no jurisdiction '%s'", id));
    return j;
}

static int w_get(lua_State *L)
{
    acc_scenario *s = check_world(L);
    int j = jur_arg(L, s, 2);
    const char *field = luaL_checkstring(L, 3);
    double v;
    char err[ACC_ERRLEN];
    if (acc_world_jur_get(s->world, j, field, &v, err, sizeof err))
        return luaL_error(L, "%s", err);
    lua_pushnumber(L, v);
    return 1;
}

static int w_set(lua_State *L)
{
    acc_scenario *s = check_world(L);
    int j = jur_arg(L, s, 2);
    const char *field = luaL_checkstring(L, 3);
    double v = lua_isboolean(L, 4) ? lua_toboolean(L, 4) : luaL_checknumber(L, 4);
    char err[ACC_ERRLEN];
    if (acc_world_jur_set(s->world, j, field, v, err, sizeof err))
        return luaL_error(L, "%s", err);
    return 0;
}

static const luaL_Reg world_methods[] = {
    {"step", w_step}, {"year", w_year}, {"log", w_log},   {"record", w_record},
    {"get", w_get},   {"set", w_set},   {NULL, NULL}};

void acc_worldlua_register(lua_State *L)
{
    if (luaL_newmetatable(L, WORLD_MT)) { /* mt */
        luaL_newlib(L, world_methods);     /* mt methods */
        lua_setfield(L, -2, "__index");
        lua_pushliteral(L, "accord.World");
        lua_setfield(L, -2, "__metatable");
    }
    lua_pop(L, 1);
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
    if (s->world_ud_ref == LUA_NOREF || s->world_ud_ref == LUA_REFNIL)
        return;
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->world_ud_ref);
    world_ud *u = lua_touserdata(L, -1);
    u->s = NULL;
    lua_pop(L, 1);
    luaL_unref(L, LUA_REGISTRYINDEX, s->world_ud_ref);
    s->world_ud_ref = LUA_NOREF;
}
