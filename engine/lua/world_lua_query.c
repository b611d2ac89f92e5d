/* accord — the world's developer queries (attributes, market states, counts
 * and aggregates over filters, computed in C) and its metrics and summary.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lua/world_lua_int.h"

#include <math.h>
#include <string.h>

/* ---- developer queries --------------------------------------------------------------------- */

enum { ST_ABSENT = 1u << ACC_MKT_ABSENT, ST_PENDING = 1u << ACC_MKT_PENDING,
       ST_DEPLOYED = 1u << ACC_MKT_DEPLOYED, ST_SUSPENDED = 1u << ACC_MKT_SUSPENDED };

typedef struct filt {
    int kind, home, market; /* -1: any */
    unsigned states;        /* with market: allowed states */
    int certified;          /* with market: -1 any, 0 no, 1 yes */
    int alive;              /* -1 any, 0 bankrupt, 1 live */
    int vulnerable;         /* -1 any, 0 no live vulnerability, 1 one */
    int segment;            /* with market and state: 1 the open segment's state, else the regulated one's */
} filt;

static const char *const filt_keys[] = {"kind", "home", "market", "state", "certified", "alive", "vulnerable",
                                        "segment", NULL};

/* Parse the optional filter table at arg. */
static void parse_filter(lua_State *L, acc_scenario *s, int arg, filt *f)
{
    f->kind = f->home = f->market = -1;
    f->states = ST_DEPLOYED | ST_SUSPENDED;
    f->certified = -1;
    f->alive = 1;
    f->vulnerable = -1;
    f->segment = -1;
    if (lua_isnoneornil(L, arg))
        return;
    wl_check_keys(L, arg, filt_keys);
    const char *kind = wl_field_string(L, arg, "kind", 0);
    if (kind && (f->kind = acc_kind_parse(kind)) < 0)
        luaL_argerror(L, arg, lua_pushfstring(L, "kind must be incumbent, startup or open_source, got '%s'", kind));
    const char *home = wl_field_string(L, arg, "home", 0);
    if (home)
        f->home = wl_jur_of(L, s, home, arg);
    const char *market = wl_field_string(L, arg, "market", 0);
    if (market)
        f->market = wl_jur_of(L, s, market, arg);
    const char *state = wl_field_string(L, arg, "state", 0);
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
                if (strcmp(state, wl_mkt_names[k]) == 0)
                    f->states = 1u << k;
            if (!f->states)
                luaL_argerror(L, arg, lua_pushfstring(L, "state must be absent, pending, deployed, suspended, "
                                                         "present or any, got '%s'", state));
        }
    }
    lua_getfield(L, arg, "segment");
    if (!lua_isnil(L, -1)) {
        if (!market)
            luaL_argerror(L, arg, "segment needs market = <jurisdiction>");
        f->segment = wl_segment_arg(L, lua_gettop(L));
    }
    lua_pop(L, 1);
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
        const int st = f->segment == 1 ? acc_world_dev_open(w, i, f->market) : acc_world_dev_market(w, i, f->market);
        if (!((1u << st) & f->states))
            return 0;
        if (f->certified >= 0 && (acc_world_dev_certified(w, i, f->market) != 0) != f->certified)
            return 0;
    }
    return 1;
}

static int w_ndev(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
    lua_pushinteger(L, (lua_Integer)acc_world_ndev(s->world));
    return 1;
}

static int w_dev(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
    int64_t i = wl_dev_arg(L, s, 2, 0);
    int a = wl_attr_arg(L, 3, 1);
    wl_push_attr(L, s->world, i, a);
    return 1;
}

static int w_set_dev(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
    int64_t i = wl_dev_arg(L, s, 2, 1);
    int a = wl_attr_arg(L, 3, 1);
    luaL_checkany(L, 4);
    wl_set_attr(L, s, i, a, 4);
    return 0;
}

static int w_market(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
    int64_t i = wl_dev_arg(L, s, 2, 0);
    int j = wl_jur_arg(L, s, 3);
    wl_push_market(L, s->world, i, j, wl_segment_arg(L, 4));
    return 1;
}

static int w_certified(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
    int64_t i = wl_dev_arg(L, s, 2, 0);
    int j = wl_jur_arg(L, s, 3);
    return wl_push_certified(L, s->world, i, j);
}

static int w_count(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
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
    int a = wl_attr_arg(L, 2, 0);
    /* kind and home are names, upstream an id or nil: their sums were of
     * internal codes (a startup without upstream counted -1) */
    if (a == ACC_DEV_KIND || a == ACC_DEV_HOME)
        luaL_argerror(L, 2, lua_pushfstring(L, "'%s' is a name, not a number: count developers by %s with "
                                               "world:count { %s = ... }",
                                            acc_dev_attr_name(a), acc_dev_attr_name(a), acc_dev_attr_name(a)));
    if (a == ACC_DEV_UPSTREAM)
        luaL_argerror(L, 2, "'upstream' is a developer id or nil, not a number to add up");
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
    acc_scenario *s = wl_check_world(L);
    agg g;
    aggregate(L, s, &g);
    lua_pushnumber(L, g.sum);
    return 1;
}

static int w_mean(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
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
    acc_scenario *s = wl_check_world(L);
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
    acc_scenario *s = wl_check_world(L);
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
    return wl_jur_of(L, s, id, arg);
}

static int w_metrics(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
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
    acc_scenario *s = wl_check_world(L);
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
    acc_scenario *s = wl_check_world(L);
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

const luaL_Reg wl_query_methods[] = {
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
    {NULL, NULL}};
