/* accord — cost of a custom developer rule in Lua against the C rule, at
 * N developers (default 10,000): the C default rule, the same rule with one
 * tweak in C, a per-step Lua rule over arrays, and the scenario API's
 * per-developer Lua rule with one reused proxy (bench/rule_bench.lua).
 * Prints ns per developer-step of the developers' phase. A program that
 * prints figures, never a test. SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lauxlib.h>
#include <lualib.h>

#include "core/model.h"
#include "lua/scenario.h"
#include "lua/scenario_int.h" /* the bench times the scenario API's real rule loop */
#include "lua/world_lua.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

typedef struct bench {
    int variant;     /* 0 C default, 1 C tweak, 2 Lua arrays, 3 Lua proxy (scenario API) */
    acc_scenario *scn; /* variant 3: the loaded rule_bench.lua with its rule */
    double phase_s;  /* time spent in the developers' phase */
    double dev_steps;
    lua_State *L;    /* arrays variant */
    int rule_ref, kind_ref, cap_ref, out_ref;
    int64_t *live;
    int64_t live_cap;
} bench;

/* The tweak every variant applies: startups with less than 5 M$ of capital
 * cut their R&D rate to 0.1 per year, then the default decisions. */
static int rule_c(bench *b, acc_world *w)
{
    int64_t n = acc_world_ndev(w);
    for (int64_t i = 0; i < n; i++) {
        if (!acc_world_dev_get(w, i, ACC_DEV_ALIVE))
            continue;
        b->dev_steps++;
        if (b->variant == 1 && acc_world_dev_get(w, i, ACC_DEV_KIND) == ACC_STARTUP &&
            acc_world_dev_get(w, i, ACC_DEV_CAPITAL) < 5)
            acc_world_dev_set(w, i, ACC_DEV_INVEST_RATE, 0.1, NULL, 0);
        if (acc_world_default_decide(w, i))
            return ACC_ERUN;
    }
    return ACC_OK;
}

/* Per step: C fills two reused Lua arrays (kind, capital) for the live
 * developers, one Lua call computes an output array, C applies it. */
static int rule_arrays(bench *b, acc_world *w)
{
    lua_State *L = b->L;
    int64_t n = acc_world_ndev(w), m = 0;
    if (n > b->live_cap) {
        int64_t *nl = realloc(b->live, sizeof *nl * (size_t)n);
        if (!nl)
            return ACC_ENOMEM;
        b->live = nl;
        b->live_cap = n;
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, b->rule_ref);
    lua_rawgeti(L, LUA_REGISTRYINDEX, b->kind_ref);
    lua_rawgeti(L, LUA_REGISTRYINDEX, b->cap_ref);
    lua_rawgeti(L, LUA_REGISTRYINDEX, b->out_ref); /* rule kind cap out */
    for (int64_t i = 0; i < n; i++) {
        if (!acc_world_dev_get(w, i, ACC_DEV_ALIVE))
            continue;
        b->live[m++] = i;
        lua_pushinteger(L, (lua_Integer)acc_world_dev_get(w, i, ACC_DEV_KIND));
        lua_rawseti(L, -4, m);
        lua_pushnumber(L, acc_world_dev_get(w, i, ACC_DEV_CAPITAL));
        lua_rawseti(L, -3, m);
    }
    lua_pushinteger(L, m); /* rule kind cap out m */
    lua_rotate(L, -4, 1);  /* rule m kind cap out */
    lua_pushvalue(L, -1);
    lua_insert(L, -6);     /* out rule m kind cap out */
    if (lua_pcall(L, 4, 0, 0) != LUA_OK) {
        fprintf(stderr, "bench: %s\n", lua_tostring(L, -1));
        return ACC_ESCRIPT;
    }
    for (int64_t k = 0; k < m; k++) {
        int64_t i = b->live[k];
        b->dev_steps++;
        if (lua_rawgeti(L, -1, k + 1) == LUA_TNUMBER)
            acc_world_dev_set(w, i, ACC_DEV_INVEST_RATE, lua_tonumber(L, -1), NULL, 0);
        lua_pop(L, 1);
        if (acc_world_default_decide(w, i))
            return ACC_ERUN;
    }
    lua_pop(L, 1);
    return ACC_OK;
}

/* The scenario API's per-developer rule, exactly as scenario_run.c calls it:
 * one protected call per step running acc_worldlua_rule_loop. */
static int rule_proxy(bench *b, acc_world *w)
{
    acc_scenario *s = b->scn;
    lua_State *L = s->L;
    (void)w;
    lua_pushcfunction(L, acc_worldlua_rule_loop);
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->rule_ref);
    acc_worldlua_push(L, s);
    char err[ACC_ERRLEN];
    int rc = acc_sandbox_pcall(s->sb, 2, 0, err, sizeof err);
    if (rc)
        fprintf(stderr, "bench: %s\n", err);
    return rc;
}

static int hook_rule(void *ud, acc_world *w)
{
    bench *b = ud;
    double t0 = now_s();
    int rc = b->variant == 3 ? rule_proxy(b, w) : b->variant == 2 ? rule_arrays(b, w) : rule_c(b, w);
    b->phase_s += now_s() - t0;
    return rc;
}

static const char array_rule[] =
    "return function(n, kind, capital, out)\n"
    "  for i = 1, n do\n"
    "    if kind[i] == 1 and capital[i] < 5 then out[i] = 0.1 else out[i] = false end\n"
    "  end\n"
    "end\n";

static int run_direct(const acc_config *cfg, int variant, acc_scenario *scn, bench *res)
{
    memset(res, 0, sizeof *res);
    res->variant = variant;
    res->scn = scn;
    if (variant == 2) {
        res->L = luaL_newstate();
        luaL_requiref(res->L, LUA_GNAME, luaopen_base, 1);
        lua_pop(res->L, 1);
        if (luaL_dostring(res->L, array_rule) != LUA_OK)
            return ACC_ESCRIPT;
        res->rule_ref = luaL_ref(res->L, LUA_REGISTRYINDEX);
        lua_newtable(res->L);
        res->kind_ref = luaL_ref(res->L, LUA_REGISTRYINDEX);
        lua_newtable(res->L);
        res->cap_ref = luaL_ref(res->L, LUA_REGISTRYINDEX);
        lua_newtable(res->L);
        res->out_ref = luaL_ref(res->L, LUA_REGISTRYINDEX);
    }
    char err[ACC_ERRLEN];
    acc_world *w;
    int rc = acc_world_new(cfg, 1, 0, &w, err, sizeof err);
    if (rc) {
        fprintf(stderr, "bench: %s\n", err);
        return rc;
    }
    acc_hooks h = {res, NULL, hook_rule, NULL, NULL};
    acc_world_set_hooks(w, &h);
    if (scn) {
        acc_world_free(scn->world);
        scn->world = w; /* the scenario owns it now, as in acc_scenario_run */
    }
    rc = acc_world_run(w);
    if (rc)
        fprintf(stderr, "bench: %s\n", acc_world_errmsg(w));
    if (scn)
        acc_worldlua_invalidate(scn->L, scn);
    else
        acc_world_free(w);
    if (res->L)
        lua_close(res->L);
    free(res->live);
    return rc;
}

static acc_scenario *load(const char *path, int n, int lua_rule)
{
    char n_set[32], rule_set[32];
    snprintf(n_set, sizeof n_set, "n=%d", n);
    snprintf(rule_set, sizeof rule_set, "lua_rule=%d", lua_rule);
    const char *sets[] = {n_set, rule_set};
    acc_scenario_opts o;
    memset(&o, 0, sizeof o);
    o.path = path;
    o.sets = sets;
    o.n_sets = 2;
    o.seed = 1;
    char err[ACC_ERRLEN];
    acc_scenario *s;
    if (acc_scenario_load(&o, &s, err, sizeof err)) {
        fprintf(stderr, "bench: %s\n", err);
        return NULL;
    }
    return s;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : ACCORD_SOURCE_DIR "/bench/rule_bench.lua";
    int n = argc > 2 ? atoi(argv[2]) : 10000;
    int reps = argc > 3 ? atoi(argv[3]) : 7;
    enum { NV = 7 };
    const char *names[NV] = {"C default rule (default_decide per developer)",
                             "C rule + tweak",
                             "bare Lua arrays + tweak (no scenario API)",
                             "API per step over arrays + tweak",
                             "API per developer, proxy + tweak",
                             "API per developer, proxy, decide only",
                             "API per step, devs:decide() only"};
    const int variant[NV] = {0, 1, 2, 3, 3, 3, 3};
    const int lua_rule[NV] = {0, 0, 0, 1, 2, 3, 4};
    acc_scenario *scn[NV] = {NULL};
    for (int v = 0; v < NV; v++)
        if (variant[v] == 3 && !(scn[v] = load(path, n, lua_rule[v])))
            return 1;
    acc_scenario *plain = load(path, n, 0);
    if (!plain)
        return 1;
    const acc_config *cfg = acc_scenario_config(plain);
    double best[NV], dev_steps = 0;
    for (int v = 0; v < NV; v++)
        best[v] = INFINITY;
    /* interleaved, best of `reps`: the machine is shared */
    for (int r = 0; r < reps; r++)
        for (int v = 0; v < NV; v++) {
            bench b;
            if (run_direct(cfg, variant[v], scn[v], &b))
                return 1;
            if (b.phase_s < best[v])
                best[v] = b.phase_s;
            if (v == 0)
                dev_steps = b.dev_steps;
        }
    printf("N = %d developers, %d markets, %.0f developer-steps per run, best of %d runs\n", n, cfg->n_jur,
           dev_steps, reps);
    printf("%-48s %10s %8s\n", "developers' phase", "ns/dev", "x C");
    for (int v = 0; v < NV; v++)
        printf("%-48s %10.1f %8.2f\n", names[v], best[v] / dev_steps * 1e9, best[v] / best[0]);
    /* whole runs through acc_scenario_run: what a rule adds to a run */
    const int whole_rule[] = {0, 1, 2};
    const char *whole_name[] = {"no developer_rule", "per step over arrays + tweak", "per developer, proxy + tweak"};
    double whole[3] = {INFINITY, INFINITY, INFINITY};
    for (int r = 0; r < reps; r++)
        for (int v = 0; v < 3; v++) {
            acc_scenario *ws = load(path, n, whole_rule[v]);
            char err[ACC_ERRLEN];
            if (!ws)
                return 1;
            double t0 = now_s();
            if (acc_scenario_run(ws, NULL, err, sizeof err)) {
                fprintf(stderr, "bench: %s\n", err);
                return 1;
            }
            double t = now_s() - t0;
            if (t < whole[v])
                whole[v] = t;
            acc_scenario_free(ws);
        }
    printf("%-48s %10s %8s\n", "whole run (acc_scenario_run)", "s", "x");
    for (int v = 0; v < 3; v++)
        printf("%-48s %10.4f %8.2f\n", whole_name[v], whole[v], whole[v] / whole[0]);
    for (int v = 0; v < NV; v++)
        acc_scenario_free(scn[v]);
    acc_scenario_free(plain);
    return 0;
}
