/* accord — Lua binding of the egt module: egt.fixation, egt.fixations,
 * egt.stationary, egt.simulate, egt.payoff, egt.han2020, egt.han2020_thresholds.
 * Uses only egt.h. Every argument is checked before the C game is built; Lua
 * payoff functions and interrupt polls run under lua_pcall, so no Lua error
 * ever longjmps through the C module (which owns malloc'd memory).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lua/egt_lua.h"

#include <lauxlib.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/common.h"
#include "egt/egt.h"

/* Upvalue 1 of every module function: an empty Lua function called every
 * ~65536 C iterations; a watchdog's Lua hook fires inside it and its error
 * stops the C loop (hooks never run while C code runs). */
#define POLL_FN lua_upvalueindex(1)

/* A game as read from the argument table; indices are absolute stack slots
 * of the calling C function, where they stay anchored against the GC. */
struct game_spec {
    int n;
    int matrix_idx; /* userdata double[n*n] (a copy of 'payoffs'), or 0 */
    int fn_idx;     /* the Lua payoff function, or 0 */
    int counts_idx; /* a table reused for every call of the payoff function */
};

/* State shared by the C callbacks of one API call. When a Lua error happens
 * inside them, `failed` is set and the error object is left on top of the
 * stack; the API function re-raises it once the C module has cleaned up. */
struct lctx {
    lua_State *L;
    const char *fname;
    int fn_idx, counts_idx, poll_idx;
    int failed;
    /* the current payoff call */
    int strategy, n, Z;
    const int *counts;
    double result;
};

/* ---------------------------------------------------------- arguments */

static int arg_fail(lua_State *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int arg_fail(lua_State *L, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return luaL_argerror(L, 1, msg);
}

/* A short description of the value at idx, for messages. */
static const char *describe(lua_State *L, int idx, char *buf, size_t len)
{
    if (lua_type(L, idx) == LUA_TNUMBER) {
        if (lua_isinteger(L, idx))
            snprintf(buf, len, "%lld", (long long)lua_tointeger(L, idx));
        else
            snprintf(buf, len, "%.14g", (double)lua_tonumber(L, idx));
    } else {
        snprintf(buf, len, "a %s", luaL_typename(L, idx));
    }
    return buf;
}

/* Reject misspelt fields: only the names in `valid` (NULL-terminated). */
static void check_fields(lua_State *L, const char *const *valid)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_pushnil(L);
    while (lua_next(L, 1)) { /* key value */
        int ok = 0;
        if (lua_type(L, -2) == LUA_TSTRING) {
            const char *k = lua_tostring(L, -2);
            for (const char *const *v = valid; *v && !ok; v++)
                ok = strcmp(k, *v) == 0;
        }
        if (!ok) {
            char list[256] = "", kbuf[64];
            size_t len = 0;
            for (const char *const *v = valid; *v && len < sizeof list; v++)
                len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
                                        v == valid ? "" : ", ", *v);
            if (lua_type(L, -2) == LUA_TSTRING)
                arg_fail(L, "unknown field '%s' (valid fields: %s)", lua_tostring(L, -2), list);
            arg_fail(L, "unexpected key %s: give named fields only (valid fields: %s)",
                     describe(L, -2, kbuf, sizeof kbuf), list);
        }
        lua_pop(L, 1); /* key */
    }
}

static lua_Integer int_field(lua_State *L, const char *key, int required, lua_Integer def,
                             lua_Integer lo, lua_Integer hi)
{
    char vbuf[64];
    int type = lua_getfield(L, 1, key);
    lua_Integer v = def;
    if (type == LUA_TNIL) {
        if (required)
            arg_fail(L, "field '%s' is required (an integer in [%lld, %lld])", key,
                     (long long)lo, (long long)hi);
    } else {
        int ok = 0;
        if (type == LUA_TNUMBER)
            v = lua_tointegerx(L, -1, &ok);
        if (!ok || v < lo || v > hi)
            arg_fail(L, "field '%s' must be an integer in [%lld, %lld], got %s", key,
                     (long long)lo, (long long)hi, describe(L, -1, vbuf, sizeof vbuf));
    }
    lua_pop(L, 1);
    return v;
}

/* A finite number in [lo, hi]; range_text describes the range for messages. */
static double num_field(lua_State *L, const char *key, int required, double def, double lo,
                        double hi, const char *range_text)
{
    char vbuf[64];
    int type = lua_getfield(L, 1, key);
    double v = def;
    if (type == LUA_TNIL) {
        if (required)
            arg_fail(L, "field '%s' is required (%s)", key, range_text);
    } else {
        if (type == LUA_TNUMBER)
            v = (double)lua_tonumber(L, -1);
        if (type != LUA_TNUMBER || !isfinite(v) || v < lo || v > hi)
            arg_fail(L, "field '%s' must be %s, got %s", key, range_text,
                     describe(L, -1, vbuf, sizeof vbuf));
    }
    lua_pop(L, 1);
    return v;
}

/* Read 'payoffs' (a square matrix) or 'payoff' (a function, with 'n'). */
static void read_game(lua_State *L, struct game_spec *gs)
{
    char vbuf[64];
    memset(gs, 0, sizeof *gs);
    int tm = lua_getfield(L, 1, "payoffs"); /* ... payoffs */
    int tf = lua_getfield(L, 1, "payoff");  /* ... payoffs payoff */
    if (tm != LUA_TNIL && tf != LUA_TNIL)
        arg_fail(L, "give either 'payoffs' (a matrix) or 'payoff' (a function), not both");
    if (tm == LUA_TNIL && tf == LUA_TNIL)
        arg_fail(L, "field 'payoffs' (an n x n matrix) or 'payoff' (a function) is required");
    if (tf != LUA_TNIL) {
        if (tf != LUA_TFUNCTION)
            arg_fail(L, "field 'payoff' must be a function(strategy, counts, Z), got %s",
                     describe(L, -1, vbuf, sizeof vbuf));
        gs->fn_idx = lua_gettop(L);
        gs->n = (int)int_field(L, "n", 1, 0, 2, ACC_EGT_MAX_STRATEGIES);
        lua_createtable(L, gs->n, 0); /* ... payoffs payoff counts */
        for (int i = 1; i <= gs->n; i++) {
            lua_pushinteger(L, 0);
            lua_rawseti(L, -2, i);
        }
        gs->counts_idx = lua_gettop(L);
        return;
    }
    if (tm != LUA_TTABLE)
        arg_fail(L, "field 'payoffs' must be a table of rows, got %s",
                 describe(L, -2, vbuf, sizeof vbuf));
    int P = lua_gettop(L) - 1;
    lua_Unsigned rows = lua_rawlen(L, P);
    if (rows < 2 || rows > ACC_EGT_MAX_STRATEGIES)
        arg_fail(L, "field 'payoffs' must have 2 to %d rows (one per strategy), got %llu",
                 ACC_EGT_MAX_STRATEGIES, (unsigned long long)rows);
    int n = (int)rows;
    lua_Integer n_given = int_field(L, "n", 0, n, 2, ACC_EGT_MAX_STRATEGIES);
    if (n_given != n)
        arg_fail(L, "field 'n' (%lld) does not match the %d rows of 'payoffs'",
                 (long long)n_given, n);
    double *M = lua_newuserdatauv(L, (size_t)n * (size_t)n * sizeof *M, 0);
    gs->matrix_idx = lua_gettop(L); /* ... payoffs payoff M */
    for (int i = 1; i <= n; i++) {
        if (lua_rawgeti(L, P, i) != LUA_TTABLE) /* ... row */
            arg_fail(L, "payoffs[%d] must be a table (a row of %d payoffs), got %s", i, n,
                     describe(L, -1, vbuf, sizeof vbuf));
        lua_Unsigned cols = lua_rawlen(L, -1);
        if (cols != rows)
            arg_fail(L, "payoffs must be a square matrix: row %d has %llu entries, expected %d",
                     i, (unsigned long long)cols, n);
        for (int j = 1; j <= n; j++) {
            int t = lua_rawgeti(L, -1, j); /* ... row v */
            double v = (double)lua_tonumber(L, -1);
            if (t != LUA_TNUMBER || !isfinite(v))
                arg_fail(L, "payoffs[%d][%d] must be a finite number, got %s", i, j,
                         describe(L, -1, vbuf, sizeof vbuf));
            M[(i - 1) * n + (j - 1)] = v;
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    gs->n = n;
}

/* ------------------------------------------------ protected callbacks */

static int result_error(lua_State *L, struct lctx *cx, const char *what)
{
    /* fn counts cx result */
    lua_Debug ar;
    lua_pushvalue(L, 1);
    lua_getinfo(L, ">S", &ar);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_where(L, 2); /* the script line that called egt.<fname> */
    luaL_addvalue(&b);
    lua_pushfstring(L, "egt.%s: payoff function (%s:%d) %s for strategy %d (counts {",
                    cx->fname, ar.short_src, ar.linedefined, what, cx->strategy + 1);
    luaL_addvalue(&b);
    for (int i = 0; i < cx->n && i < 16; i++) {
        lua_pushfstring(L, "%s%d", i ? ", " : "", cx->counts[i]);
        luaL_addvalue(&b);
    }
    lua_pushfstring(L, "%s}, Z = %d)", cx->n > 16 ? ", ..." : "", cx->Z);
    luaL_addvalue(&b);
    luaL_pushresult(&b);
    return lua_error(L);
}

/* Runs under lua_pcall: (fn, counts, ctx) -> ctx->result. */
static int payoff_trampoline(lua_State *L)
{
    struct lctx *cx = lua_touserdata(L, 3);
    for (int i = 0; i < cx->n; i++) {
        lua_pushinteger(L, cx->counts[i]);
        lua_rawseti(L, 2, i + 1);
    }
    lua_pushvalue(L, 1);
    lua_pushinteger(L, cx->strategy + 1);
    lua_pushvalue(L, 2);
    lua_pushinteger(L, cx->Z);
    lua_call(L, 3, 1); /* fn counts cx result */
    if (lua_type(L, -1) != LUA_TNUMBER) {
        char what[64];
        snprintf(what, sizeof what, "returned a %s, not a number", luaL_typename(L, -1));
        return result_error(L, cx, what);
    }
    double v = (double)lua_tonumber(L, -1);
    if (!isfinite(v)) {
        char what[64];
        snprintf(what, sizeof what, "returned %g", v);
        return result_error(L, cx, what);
    }
    cx->result = v;
    return 0;
}

/* The C payoff callback: pushes only preallocated stack slots (checked by
 * the caller) and non-allocating values, then calls protected. */
static double lua_payoff(void *ud, int strategy, const int *counts, int n, int Z)
{
    struct lctx *cx = ud;
    lua_State *L = cx->L;
    if (cx->failed)
        return NAN;
    cx->strategy = strategy;
    cx->counts = counts;
    cx->n = n;
    cx->Z = Z;
    lua_pushcfunction(L, payoff_trampoline);
    lua_pushvalue(L, cx->fn_idx);
    lua_pushvalue(L, cx->counts_idx);
    lua_pushlightuserdata(L, cx);
    if (lua_pcall(L, 3, 0, 0) != LUA_OK) { /* ... err */
        cx->failed = 1;
        return NAN;
    }
    return cx->result;
}

static int lua_poll(void *ud)
{
    struct lctx *cx = ud;
    lua_State *L = cx->L;
    if (cx->failed)
        return 1;
    lua_pushvalue(L, cx->poll_idx);
    if (lua_pcall(L, 0, 0, 0) != LUA_OK) { /* ... err */
        cx->failed = 1;
        return 1;
    }
    return 0;
}

/* Build the C game. From here until finish() no Lua call may raise. */
static acc_egt_game *make_game(lua_State *L, const struct game_spec *gs, struct lctx *cx,
                               const char *fname, char *err, size_t errlen, int *rc)
{
    memset(cx, 0, sizeof *cx);
    cx->L = L;
    cx->fname = fname;
    cx->fn_idx = gs->fn_idx;
    cx->counts_idx = gs->counts_idx;
    lua_pushvalue(L, POLL_FN);
    cx->poll_idx = lua_gettop(L);
    /* The callbacks push at most 4 values; the error object replaces them. */
    luaL_checkstack(L, 8, "egt");
    acc_egt_game *g = NULL;
    if (gs->matrix_idx)
        *rc = acc_egt_game_new_matrix(&g, gs->n, gs->n, lua_touserdata(L, gs->matrix_idx), err,
                                      errlen);
    else
        *rc = acc_egt_game_new_callback(&g, gs->n, lua_payoff, cx, err, errlen);
    if (g)
        acc_egt_game_set_interrupt(g, lua_poll, cx);
    return g;
}

/* After the C game is freed: re-raise a script error, or report rc. */
static void finish(lua_State *L, const struct lctx *cx, int rc, const char *err)
{
    if (cx->failed)
        lua_error(L); /* the error object left by the callback */
    if (rc)
        luaL_error(L, "egt.%s: %s", cx->fname, err);
}

static void push_array(lua_State *L, const double *v, int n)
{
    lua_createtable(L, n, 0);
    for (int i = 0; i < n; i++) {
        lua_pushnumber(L, v[i]);
        lua_rawseti(L, -2, i + 1);
    }
}

static void push_matrix(lua_State *L, const double *v, int n)
{
    lua_createtable(L, n, 0);
    for (int i = 0; i < n; i++) {
        push_array(L, v + (size_t)i * (size_t)n, n);
        lua_rawseti(L, -2, i + 1);
    }
}

/* What fixation, fixations, stationary and simulate all read first: only
 * the fields in `valid`, the population Z, the selection strength beta, then
 * the game (which may leave its payoff function and scratch on the stack). */
static void read_process(lua_State *L, const char *const *valid, int *Z, double *beta,
                         struct game_spec *gs)
{
    check_fields(L, valid);
    luaL_checkstack(L, 16, "egt");
    *Z = (int)int_field(L, "Z", 1, 0, 2, ACC_EGT_MAX_Z);
    *beta = num_field(L, "beta", 1, 0, 0, HUGE_VAL, "a finite number >= 0");
    read_game(L, gs);
}

/* ------------------------------------------------------------ the API */

/* egt.fixation{payoffs = M | payoff = f, n = , Z = , beta = , from = 1, to = 2}
 * -> rho, log(rho) */
static int l_fixation(lua_State *L)
{
    static const char *const valid[] = {"payoffs", "payoff", "n", "Z", "beta", "from", "to",
                                        NULL};
    int Z;
    double beta;
    struct game_spec gs;
    read_process(L, valid, &Z, &beta, &gs);
    int from = (int)int_field(L, "from", 0, 1, 1, gs.n);
    int to = (int)int_field(L, "to", 0, 2, 1, gs.n);
    if (from == to)
        arg_fail(L, "fields 'from' and 'to' must differ, both are %d", from);

    char err[ACC_ERRLEN];
    struct lctx cx;
    int rc;
    double rho = 0, log_rho = 0;
    acc_egt_game *g = make_game(L, &gs, &cx, "fixation", err, sizeof err, &rc);
    if (!rc)
        rc = acc_egt_fixation(g, Z, beta, from - 1, to - 1, &rho, &log_rho, err, sizeof err);
    acc_egt_game_free(g);
    finish(L, &cx, rc, err);
    lua_pushnumber(L, rho);
    lua_pushnumber(L, log_rho);
    return 2;
}

/* egt.fixations{game, Z = , beta = } -> rho matrix, log(rho) matrix (diagonal 0, -inf) */
static int l_fixations(lua_State *L)
{
    static const char *const valid[] = {"payoffs", "payoff", "n", "Z", "beta", NULL};
    int Z;
    double beta;
    struct game_spec gs;
    read_process(L, valid, &Z, &beta, &gs);
    size_t nn = (size_t)gs.n * (size_t)gs.n;
    double *out = lua_newuserdatauv(L, 2 * nn * sizeof *out, 0); /* rho, log_rho */

    char err[ACC_ERRLEN];
    struct lctx cx;
    int rc;
    acc_egt_game *g = make_game(L, &gs, &cx, "fixations", err, sizeof err, &rc);
    if (!rc)
        rc = acc_egt_fixation_matrix(g, Z, beta, out, out + nn, err, sizeof err);
    acc_egt_game_free(g);
    finish(L, &cx, rc, err);
    push_matrix(L, out, gs.n);
    push_matrix(L, out + nn, gs.n);
    return 2;
}

/* egt.stationary{game, Z = , beta = } -> frequencies {f1, ..., fn} */
static int l_stationary(lua_State *L)
{
    static const char *const valid[] = {"payoffs", "payoff", "n", "Z", "beta", NULL};
    int Z;
    double beta;
    struct game_spec gs;
    read_process(L, valid, &Z, &beta, &gs);
    double *freq = lua_newuserdatauv(L, (size_t)gs.n * sizeof *freq, 0);

    char err[ACC_ERRLEN];
    struct lctx cx;
    int rc;
    acc_egt_game *g = make_game(L, &gs, &cx, "stationary", err, sizeof err, &rc);
    if (!rc)
        rc = acc_egt_stationary(g, Z, beta, freq, NULL, err, sizeof err);
    acc_egt_game_free(g);
    finish(L, &cx, rc, err);
    push_array(L, freq, gs.n);
    return 1;
}

/* egt.simulate{game, Z = , beta = , mu = , steps = , seed = 0, run = 0, start = 1}
 * -> monomorphic-time shares, mean frequencies, {mono_share, mutations, fixations} */
static int l_simulate(lua_State *L)
{
    static const char *const valid[] = {"payoffs", "payoff", "n",    "Z",   "beta", "mu",
                                        "steps",   "seed",   "run", "start", NULL};
    int Z;
    double beta;
    struct game_spec gs;
    read_process(L, valid, &Z, &beta, &gs);
    acc_egt_sim_opts o;
    o.mu = num_field(L, "mu", 1, 0, 0, 1, "a probability in [0, 1]");
    o.steps = (uint64_t)int_field(L, "steps", 1, 0, 1, (lua_Integer)ACC_EGT_MAX_STEPS);
    o.seed = (uint64_t)int_field(L, "seed", 0, 0, 0, LUA_MAXINTEGER);
    o.run = (uint64_t)int_field(L, "run", 0, 0, 0, LUA_MAXINTEGER);
    o.start = (int)int_field(L, "start", 0, 1, 1, gs.n) - 1;
    double *out = lua_newuserdatauv(L, 2 * (size_t)gs.n * sizeof *out, 0);

    char err[ACC_ERRLEN];
    struct lctx cx;
    int rc;
    acc_egt_sim_stats st = {0};
    acc_egt_game *g = make_game(L, &gs, &cx, "simulate", err, sizeof err, &rc);
    if (!rc)
        rc = acc_egt_simulate(g, Z, beta, &o, out, out + gs.n, &st, err, sizeof err);
    acc_egt_game_free(g);
    finish(L, &cx, rc, err);
    push_array(L, out, gs.n);
    push_array(L, out + gs.n, gs.n);
    lua_createtable(L, 0, 3);
    lua_pushnumber(L, st.mono_share);
    lua_setfield(L, -2, "mono_share");
    lua_pushinteger(L, (lua_Integer)st.mutations);
    lua_setfield(L, -2, "mutations");
    lua_pushinteger(L, (lua_Integer)st.fixations);
    lua_setfield(L, -2, "fixations");
    return 3;
}

/* egt.payoff{game, Z = , strategy = , counts = {...}} -> average payoff */
static int l_payoff(lua_State *L)
{
    static const char *const valid[] = {"payoffs", "payoff", "n", "Z", "strategy", "counts",
                                        NULL};
    char vbuf[64];
    check_fields(L, valid);
    luaL_checkstack(L, 16, "egt");
    int Z = (int)int_field(L, "Z", 1, 0, 2, ACC_EGT_MAX_Z);
    struct game_spec gs;
    read_game(L, &gs);
    int strategy = (int)int_field(L, "strategy", 1, 0, 1, gs.n);
    if (lua_getfield(L, 1, "counts") != LUA_TTABLE || lua_rawlen(L, -1) != (lua_Unsigned)gs.n)
        arg_fail(L, "field 'counts' must be an array of %d integers, got %s", gs.n,
                 describe(L, -1, vbuf, sizeof vbuf));
    int *counts = lua_newuserdatauv(L, (size_t)gs.n * sizeof *counts, 0);
    long total = 0;
    for (int i = 0; i < gs.n; i++) {
        int isint = 0;
        lua_rawgeti(L, -2, i + 1);
        lua_Integer c = lua_tointegerx(L, -1, &isint);
        if (lua_type(L, -1) != LUA_TNUMBER || !isint || c < 0 || c > Z)
            arg_fail(L, "counts[%d] must be an integer in [0, %d], got %s", i + 1, Z,
                     describe(L, -1, vbuf, sizeof vbuf));
        counts[i] = (int)c;
        total += (long)c;
        lua_pop(L, 1);
    }
    if (total != Z || counts[strategy - 1] < 1)
        arg_fail(L, "counts must sum to Z = %d (got %ld) and include strategy %d", Z, total,
                 strategy);

    char err[ACC_ERRLEN];
    struct lctx cx;
    int rc;
    double v = 0;
    acc_egt_game *g = make_game(L, &gs, &cx, "payoff", err, sizeof err, &rc);
    if (!rc)
        rc = acc_egt_payoff(g, strategy - 1, counts, Z, &v, err, sizeof err);
    acc_egt_game_free(g);
    finish(L, &cx, rc, err);
    lua_pushnumber(L, v);
    return 1;
}

static void read_han(lua_State *L, acc_egt_han2020 *h, int need_pr)
{
    static const char *const valid[] = {"b", "c", "B", "W", "s", "p_r", "q", NULL};
    check_fields(L, valid);
    acc_egt_han2020 d = acc_egt_han2020_baseline();
    const char *any = "a finite number";
    h->b = num_field(L, "b", 0, d.b, -HUGE_VAL, HUGE_VAL, any);
    h->c = num_field(L, "c", 0, d.c, -HUGE_VAL, HUGE_VAL, any);
    h->B = num_field(L, "B", 0, d.B, -HUGE_VAL, HUGE_VAL, any);
    h->W = num_field(L, "W", 0, d.W, -HUGE_VAL, HUGE_VAL, any);
    h->s = num_field(L, "s", 1, 0, -HUGE_VAL, HUGE_VAL, any);
    h->p_r = num_field(L, "p_r", need_pr, 0, -HUGE_VAL, HUGE_VAL, any);
    h->q = num_field(L, "q", 0, d.q, -HUGE_VAL, HUGE_VAL, any);
}

/* egt.han2020{b = 4, c = 1, B = 1e4, W = 100, s = , p_r = , q = 0}
 * -> {{Pi_SS, Pi_SU}, {Pi_US, Pi_UU}} (SAFE = 1, UNSAFE = 2) */
static int l_han2020(lua_State *L)
{
    acc_egt_han2020 h;
    read_han(L, &h, 1);
    double m[4];
    char err[ACC_ERRLEN];
    if (acc_egt_han2020_payoffs(&h, m, err, sizeof err))
        return luaL_argerror(L, 1, err);
    push_matrix(L, m, 2);
    return 1;
}

/* egt.han2020_thresholds{b, c, B, W, s = , q} -> p_r_risk, p_r_welfare */
static int l_han2020_thresholds(lua_State *L)
{
    acc_egt_han2020 h;
    read_han(L, &h, 0);
    double risk, welfare;
    char err[ACC_ERRLEN];
    if (acc_egt_han2020_thresholds(&h, &risk, &welfare, err, sizeof err))
        return luaL_argerror(L, 1, err);
    lua_pushnumber(L, risk);
    lua_pushnumber(L, welfare);
    return 2;
}

int acc_egt_lua_open(lua_State *L)
{
    static const luaL_Reg funcs[] = {
        {"fixation", l_fixation},
        {"fixations", l_fixations},
        {"stationary", l_stationary},
        {"simulate", l_simulate},
        {"payoff", l_payoff},
        {"han2020", l_han2020},
        {"han2020_thresholds", l_han2020_thresholds},
        {NULL, NULL},
    };
    lua_createtable(L, 0, 12); /* egt */
    if (luaL_loadbufferx(L, "return", 6, "=egt.poll", "t") != LUA_OK)
        return lua_error(L);
    luaL_setfuncs(L, funcs, 1); /* egt (poll shared as upvalue 1) */
    lua_pushinteger(L, 1);
    lua_setfield(L, -2, "SAFE");
    lua_pushinteger(L, 2);
    lua_setfield(L, -2, "UNSAFE");
    lua_pushinteger(L, ACC_EGT_MAX_Z);
    lua_setfield(L, -2, "MAX_Z");
    lua_pushinteger(L, ACC_EGT_MAX_STRATEGIES);
    lua_setfield(L, -2, "MAX_STRATEGIES");
    return 1;
}
