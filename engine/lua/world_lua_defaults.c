/* accord — the core's calibrated defaults for scripts: accord.preset(id),
 * accord.preset_ids() and accord.world() give data/regimes.csv and
 * data/world.csv as the core has them compiled in (scripts/regimes.lua takes
 * its numbers from here, so there is one copy), and accord.fields(group
 * [, id]) lists the fields with the defaults in force and their sources.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lua/world_lua_int.h"

#include <math.h>
#include <string.h>

#include "core/model.h"

/* A value as the Lua literal in the CSV would be: booleans for boolean
 * fields, integers for integral values (as `market = 60000` was), else
 * floats. */
static void push_value(lua_State *L, const acc_field *f, double v)
{
    if (f->kind == ACC_FK_BOOL)
        lua_pushboolean(L, v != 0);
    else if (v == floor(v) && fabs(v) < 9007199254740992.0)
        lua_pushinteger(L, (lua_Integer)v);
    else
        lua_pushnumber(L, v);
}

static int l_preset_ids(lua_State *L)
{
    int n = acc_preset_count();
    lua_createtable(L, n, 0);
    for (int i = 0; i < n; i++) {
        lua_pushstring(L, acc_preset_id(i));
        lua_rawseti(L, -2, i + 1);
    }
    return 1;
}

static int l_preset(lua_State *L)
{
    const char *id = luaL_checkstring(L, 1);
    if (!acc_preset_exists(id)) {
        luaL_Buffer b;
        luaL_buffinit(L, &b);
        for (int i = 0; i < acc_preset_count(); i++) {
            if (i)
                luaL_addstring(&b, ", ");
            luaL_addstring(&b, acc_preset_id(i));
        }
        luaL_pushresult(&b);
        return luaL_error(L, "accord.preset: no preset '%s' in data/regimes.csv (known: %s)", id,
                          lua_tostring(L, -1));
    }
    int nf;
    const acc_field *f = acc_jur_fields(&nf);
    lua_createtable(L, 0, nf + 1);
    const char *name = acc_preset_name(id);
    if (name) {
        lua_pushstring(L, name);
        lua_setfield(L, -2, "name");
    }
    for (int i = 0; i < nf; i++) {
        double v;
        if (acc_jur_default(id, f[i].name, &v, NULL, NULL) != 1)
            continue; /* a field data/ does not give for this preset */
        push_value(L, &f[i], v);
        lua_setfield(L, -2, f[i].name);
    }
    return 1;
}

static int l_world(lua_State *L)
{
    int nf;
    const acc_field *f = acc_config_fields(&nf);
    lua_createtable(L, 0, 16);
    for (int i = 0; i < nf; i++) {
        double v;
        if (acc_config_default(f[i].name, &v, NULL, NULL) != 1)
            continue;
        push_value(L, &f[i], v);
        lua_setfield(L, -2, f[i].name);
    }
    return 1;
}

/* accord.fields(group [, id]): the fields of "jurisdiction", "scenario"
 * (model-wide) or "population" (besides the distributions), as accord fields
 * lists them: { name, type, default, min, max, unit, doc, basis, source } in
 * order; type is "boolean", "integer" or "number". default is the default in
 * force: data/world.csv's for model-wide fields, the preset of `id` for
 * jurisdiction fields (the generic preset if `id` is absent or has none), the
 * kind `id` for population fields (data/kinds.csv; default "startup"), else
 * the built-in one (basis "assumption", source "A"). */
int wl_fields(lua_State *L)
{
    static const char *const groups[] = {"jurisdiction", "scenario", "population", NULL};
    int g = luaL_checkoption(L, 1, NULL, groups);
    const char *id = luaL_optstring(L, 2, NULL);
    int kind = g == 2 ? acc_kind_parse(id ? id : "startup") : -1;
    if (g == 2 && kind < 0)
        return luaL_argerror(L, 2, "a kind: incumbent, startup or open_source");
    int nf;
    const acc_field *f = g == 0 ? acc_jur_fields(&nf) : g == 1 ? acc_config_fields(&nf) : acc_pop_fields(&nf);
    lua_createtable(L, nf, 0); /* list */
    for (int k = 0; k < nf; k++) {
        double def = f[k].def;
        const char *basis = "assumption", *source = "A";
        if (g == 0)
            acc_jur_default(id, f[k].name, &def, &basis, &source);
        else if (g == 1)
            acc_config_default(f[k].name, &def, &basis, &source);
        else if (kind >= 0)
            acc_pop_default(kind, f[k].name, &def, &basis, &source);
        lua_createtable(L, 0, 9); /* list field */
        lua_pushstring(L, f[k].name);
        lua_setfield(L, -2, "name");
        lua_pushstring(L, f[k].kind == ACC_FK_BOOL ? "boolean" : f[k].kind == ACC_FK_INT ? "integer" : "number");
        lua_setfield(L, -2, "type");
        if (f[k].kind == ACC_FK_BOOL) {
            lua_pushboolean(L, def != 0);
            lua_setfield(L, -2, "default");
        } else {
            lua_pushnumber(L, def);
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
        lua_pushstring(L, basis);
        lua_setfield(L, -2, "basis");
        lua_pushstring(L, source);
        lua_setfield(L, -2, "source");
        lua_rawseti(L, -2, k + 1);
    }
    return 1;
}

void wl_register_defaults(lua_State *L)
{
    static const luaL_Reg fns[] = {{"fields", wl_fields},
                                   {"preset", l_preset},
                                   {"preset_ids", l_preset_ids},
                                   {"world", l_world},
                                   {NULL, NULL}};
    luaL_setfuncs(L, fns, 0);
}
