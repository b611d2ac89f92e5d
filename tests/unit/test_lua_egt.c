/* Unit tests of the egt Lua binding (a plain Lua state with the `egt`
 * global): results equal the C API, Lua payoff functions equal matrices,
 * every bad argument raises a clear error naming the script line, errors in
 * callbacks propagate, a hook stops long C loops; and the literature scenario
 * scenarios/literature/han2020.lua checked against the closed forms.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "base/common.h"
#include "core/rng.h"
#include "egt/egt.h"
#include "lua/egt_lua.h"

static lua_State *new_state(void)
{
    lua_State *L = luaL_newstate();
    assert_non_null(L);
    luaL_openlibs(L);
    assert_int_equal(acc_egt_lua_open(L), 1);
    assert_true(lua_istable(L, -1));
    lua_setglobal(L, "egt");
    return L;
}

static int setup(void **state)
{
    *state = new_state();
    return 0;
}

static int teardown(void **state)
{
    lua_close(*state);
    return 0;
}

/* Run a chunk named "test"; return its status, leaving results or the error
 * message on the stack (the caller pops). */
static int run(lua_State *L, const char *code, int nres)
{
    int rc = luaL_loadbufferx(L, code, strlen(code), "=test", "t");
    if (rc == LUA_OK)
        rc = lua_pcall(L, 0, nres, 0);
    return rc;
}

static void run_ok(lua_State *L, const char *code, int nres)
{
    if (run(L, code, nres) != LUA_OK)
        fail_msg("script failed: %s\n--- script:\n%s", lua_tostring(L, -1), code);
}

/* The chunk must fail with a message containing every needle. */
static void run_fails(lua_State *L, const char *code, ...)
{
    if (run(L, code, 0) == LUA_OK)
        fail_msg("script should have failed:\n%s", code);
    const char *msg = lua_tostring(L, -1);
    assert_non_null(msg);
    va_list ap;
    va_start(ap, code);
    for (const char *needle; (needle = va_arg(ap, const char *));)
        if (!strstr(msg, needle)) {
            va_end(ap);
            fail_msg("error '%s' lacks '%s'", msg, needle);
        }
    va_end(ap);
    lua_pop(L, 1);
}

static double num_at(lua_State *L, int idx)
{
    assert_int_equal(lua_type(L, idx), LUA_TNUMBER);
    return (double)lua_tonumber(L, idx);
}

static void assert_close(double got, double want, double rel, const char *what)
{
    double tol = rel * fmax(1.0, fabs(want));
    if (!(fabs(got - want) <= tol))
        fail_msg("%s: got %.17g, want %.17g", what, got, want);
}

/* ---------------------------------------------------------- API */

static void test_fixation_matches_c(void **state)
{
    lua_State *L = *state;
    run_ok(L, "return egt.fixation{payoffs = {{2.5, 0.7}, {1.3, 3.1}}, Z = 3, beta = 0.8}", 2);
    /* hand value from test_egt.c: 1 / (1 + e^0.24 + e^-0.96) */
    assert_close(num_at(L, -2), 1 / (1 + exp(0.24) + exp(-0.96)), 1e-14, "rho");
    assert_close(num_at(L, -1), log(1 / (1 + exp(0.24) + exp(-0.96))), 1e-14, "log rho");
    lua_pop(L, 2);
    run_ok(L, "return egt.fixation{payoffs = {{2.5, 0.7}, {1.3, 3.1}}, Z = 3, beta = 0.8,"
              " from = 2, to = 1}",
           1);
    assert_close(num_at(L, -1), 1 / (1 + exp(1.2) + exp(0.96)), 1e-14, "rho B->A");
    lua_pop(L, 1);
    /* neutral */
    run_ok(L, "return egt.fixation{payoffs = {{1, 2}, {3, 4}}, Z = 777, beta = 0}", 1);
    assert_true(num_at(L, -1) == 1.0 / 777);
    lua_pop(L, 1);
}

static void test_lua_payoff_equals_matrix(void **state)
{
    lua_State *L = *state;
    /* A 3-strategy matrix game written as a Lua function of the counts. */
    run_ok(L,
           "local M = {{1.17, -0.42, 3.3}, {2.71, 0.05, -1.9}, {0.66, 4.2, 1.414}}\n"
           "local calls = 0\n"
           "local function f(s, counts, Z)\n"
           "  calls = calls + 1\n"
           "  local sum = -M[s][s]\n"
           "  for j = 1, #counts do sum = sum + counts[j] * M[s][j] end\n"
           "  return sum / (Z - 1)\n"
           "end\n"
           "local a = egt.stationary{payoffs = M, Z = 83, beta = 0.21}\n"
           "local b = egt.stationary{payoff = f, n = 3, Z = 83, beta = 0.21}\n"
           "local worst = 0\n"
           "for i = 1, 3 do worst = math.max(worst, math.abs(a[i] - b[i])) end\n"
           "local r1, l1 = egt.fixation{payoffs = M, Z = 83, beta = 0.21, from = 3, to = 2}\n"
           "local r2, l2 = egt.fixation{payoff = f, n = 3, Z = 83, beta = 0.21, from = 3, to = 2}\n"
           "local rm, lm = egt.fixations{payoff = f, n = 3, Z = 83, beta = 0.21}\n"
           "local p = egt.payoff{payoff = f, n = 3, Z = 10, strategy = 2, counts = {2, 5, 3}}\n"
           "local pm = egt.payoff{payoffs = M, Z = 10, strategy = 2, counts = {2, 5, 3}}\n"
           "return worst, a[1] + a[2] + a[3], l1 - l2, rm[3][2] - r1, lm[1][1], p - pm, calls\n",
           7);
    assert_true(num_at(L, 1) < 1e-12);
    assert_close(num_at(L, 2), 1, 1e-14, "sum");
    assert_true(fabs(num_at(L, 3)) < 1e-12);
    assert_true(fabs(num_at(L, 4)) < 1e-15);
    assert_true(num_at(L, 5) == -HUGE_VAL);
    assert_true(fabs(num_at(L, 6)) < 1e-15);
    /* stationary 6*82*2, fixation 82*2, fixations 6*82*2, payoff 1 */
    assert_int_equal((int)lua_tointeger(L, 7), 6 * 82 * 2 + 82 * 2 + 6 * 82 * 2 + 1);
    lua_settop(L, 0);
}

static void test_stationary_and_simulate(void **state)
{
    lua_State *L = *state;
    /* the C test's n = 2 case: exact 0.17786; a run of 1e9 steps (~0.06 s)
     * had a run-to-run sd of 0.0051 over 20 seeds, so check within 0.025
     * (~5 sd), and that the same seed reproduces the run exactly */
    run_ok(L,
           "local M = {{2.385, 0.931}, {1.742, 1.918}}\n"
           "local ex = egt.stationary{payoffs = M, Z = 10, beta = 0.7}\n"
           "local a, ma, st = egt.simulate{payoffs = M, Z = 10, beta = 0.7, mu = 1e-4,\n"
           "                                 steps = 1000000000, seed = 42}\n"
           "local b = egt.simulate{payoffs = M, Z = 10, beta = 0.7, mu = 1e-4,\n"
           "                       steps = 1000000000, seed = 42}\n"
           "return ex[1], a[1], a[1] + a[2], ma[1] + ma[2], st.mono_share, st.mutations,\n"
           "       st.fixations, a[1] == b[1]\n",
           8);
    double exact = num_at(L, 1), sim = num_at(L, 2);
    print_message("n = 2: exact %.5f, simulated %.5f\n", exact, sim);
    assert_close(exact, 0.17786, 1e-4, "exact");
    assert_true(fabs(sim - exact) < 0.025);
    assert_close(num_at(L, 3), 1, 1e-12, "mono sum");
    assert_close(num_at(L, 4), 1, 1e-9, "mean sum");
    assert_true(num_at(L, 5) > 0.99 && num_at(L, 5) < 1);
    assert_true(lua_isinteger(L, 6) && lua_tointeger(L, 6) > 90000);
    assert_true(lua_isinteger(L, 7) && lua_tointeger(L, 7) > 100);
    assert_true(lua_toboolean(L, 8));
    lua_settop(L, 0);

    /* start state and mu = 0 */
    run_ok(L,
           "local f, m, st = egt.simulate{payoffs = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}, Z = 5,\n"
           "  beta = 1, mu = 0, steps = 10, start = 3}\n"
           "return f[3], m[3], st.mutations\n",
           3);
    assert_true(num_at(L, 1) == 1 && num_at(L, 2) == 1 && lua_tointeger(L, 3) == 0);
    lua_settop(L, 0);
}

static void test_han2020(void **state)
{
    lua_State *L = *state;
    run_ok(L,
           "local M = egt.han2020{b = 4, c = 1, B = 1e4, W = 100, s = 1.5, p_r = 0.5, q = 0}\n"
           "local r, w = egt.han2020_thresholds{s = 1.5, p_r = 0.5}\n"
           "local Mq = egt.han2020{s = 1.5, p_r = 0.5, q = 0.2}\n"
           "local rq, wq = egt.han2020_thresholds{s = 1.5, q = 0.2}\n"
           "return M[egt.SAFE][egt.SAFE], M[1][2], M[egt.UNSAFE][egt.SAFE], M[2][2], r, w,\n"
           "       Mq[2][1], rq, wq, #M, #M[1]\n",
           11);
    assert_close(num_at(L, 1), 51, 1e-15, "SS");
    assert_close(num_at(L, 2), 0.6, 1e-15, "SU");
    assert_close(num_at(L, 3), 76.2, 1e-15, "US");
    assert_close(num_at(L, 4), 38.5, 1e-15, "UU");
    assert_close(num_at(L, 5), 1 - 51.6 / 229.4, 1e-14, "risk");
    assert_close(num_at(L, 6), 26.0 / 77, 1e-14, "welfare");
    assert_close(num_at(L, 7), 0.4 * 152.4, 1e-14, "US with q");
    assert_close(num_at(L, 8), 1 - 51.6 / (0.8 * 229.4), 1e-14, "risk with q");
    assert_close(num_at(L, 9), 1 - 51.0 / (0.8 * 77), 1e-14, "welfare with q");
    assert_int_equal(lua_tointeger(L, 10), 2);
    assert_int_equal(lua_tointeger(L, 11), 2);
    lua_settop(L, 0);
}

/* ---------------------------------------------------------- errors */

static void test_argument_errors(void **state)
{
    lua_State *L = *state;
    const char *M = "payoffs = {{1, 2}, {3, 4}}";
    char code[512];
#define FAILS(fmt, ...)                                                                            \
    do {                                                                                           \
        snprintf(code, sizeof code, fmt, M);                                                       \
        run_fails(L, code, __VA_ARGS__, (const char *)NULL);                                       \
    } while (0)
    FAILS("egt.fixation{%s, Z = 1, beta = 0.1}", "test:1:", "bad argument #1 to 'fixation'",
          "field 'Z' must be an integer in [2, 1000000], got 1");
    FAILS("egt.stationary{%s, Z = 2.5, beta = 0.1}", "test:1:", "field 'Z'", "got 2.5");
    FAILS("egt.stationary{%s, Z = '100', beta = 0.1}", "field 'Z'", "got a string");
    FAILS("egt.stationary{%s, Z = 2000000, beta = 0.1}", "got 2000000");
    FAILS("egt.stationary{%s, beta = 0.1}", "field 'Z' is required");
    FAILS("egt.stationary{%s, Z = 10, beta = -0.5}",
          "field 'beta' must be a finite number >= 0, got -0.5");
    FAILS("egt.stationary{%s, Z = 10, beta = 0/0}", "field 'beta'", "nan");
    FAILS("egt.stationary{%s, Z = 10, beta = math.huge}", "field 'beta'", "inf");
    FAILS("egt.stationary{%s, Z = 10}", "field 'beta' is required");
    FAILS("egt.stationary{%s, Z = 10, bta = 0.1}", "unknown field 'bta'", "valid fields:");
    FAILS("egt.stationary{%s, Z = 10, beta = 0.1, 5}", "unexpected key 1: give named fields only");
    FAILS("egt.stationary(%.0s42)", "table expected, got number");
    FAILS("egt.stationary{Z = 10, beta = 0.1%.0s}", "'payoffs'", "or 'payoff'", "is required");
    FAILS("egt.stationary{%s, payoff = print, n = 2, Z = 10, beta = 0.1}", "not both");
    FAILS("egt.stationary{payoffs = {{1, 2}, {3, 4, 5}}, Z = 10, beta = 0.1%.0s}",
          "must be a square matrix: row 2 has 3 entries, expected 2");
    FAILS("egt.stationary{payoffs = {{1, 2, 3}, {3, 4, 5}}, Z = 10, beta = 0.1%.0s}",
          "row 1 has 3 entries, expected 2");
    FAILS("egt.stationary{payoffs = {{1}}, Z = 10, beta = 0.1%.0s}",
          "must have 2 to 256 rows (one per strategy), got 1");
    FAILS("egt.stationary{payoffs = {{1, 2}, 7}, Z = 10, beta = 0.1%.0s}",
          "payoffs[2] must be a table");
    FAILS("egt.stationary{payoffs = 3, Z = 10, beta = 0.1%.0s}", "field 'payoffs' must be a table");
    FAILS("egt.stationary{payoffs = {{1, 0/0}, {3, 4}}, Z = 10, beta = 0.1%.0s}",
          "test:1:", "payoffs[1][2] must be a finite number, got", "nan");
    FAILS("egt.stationary{payoffs = {{1, 2}, {math.huge, 4}}, Z = 10, beta = 0.1%.0s}",
          "payoffs[2][1] must be a finite number, got inf");
    FAILS("egt.stationary{payoffs = {{1, 2}, {3, 'x'}}, Z = 10, beta = 0.1%.0s}",
          "payoffs[2][2] must be a finite number, got a string");
    FAILS("egt.stationary{%s, n = 3, Z = 10, beta = 0.1}", "field 'n' (3) does not match");
    FAILS("egt.stationary{payoff = 5, n = 2, Z = 10, beta = 0.1%.0s}",
          "field 'payoff' must be a function");
    FAILS("egt.stationary{payoff = function() return 1 end, Z = 10, beta = 0.1%.0s}",
          "field 'n' is required");
    FAILS("egt.stationary{payoff = function() return 1 end, n = 1, Z = 10, beta = 0.1%.0s}",
          "field 'n' must be an integer in [2, 256], got 1");
    FAILS("egt.fixation{%s, Z = 10, beta = 0.1, from = 2, to = 2}", "'from' and 'to' must differ");
    FAILS("egt.fixation{%s, Z = 10, beta = 0.1, to = 3}",
          "field 'to' must be an integer in [1, 2], got 3");
    FAILS("egt.simulate{%s, Z = 10, beta = 0.1, steps = 10}", "field 'mu' is required");
    FAILS("egt.simulate{%s, Z = 10, beta = 0.1, mu = 1.5, steps = 10}",
          "field 'mu' must be a probability in [0, 1], got 1.5");
    FAILS("egt.simulate{%s, Z = 10, beta = 0.1, mu = 0.1, steps = 0}",
          "field 'steps' must be an integer in [1, 1000000000000000], got 0");
    FAILS("egt.simulate{%s, Z = 10, beta = 0.1, mu = 0.1, steps = 10, seed = -1}", "field 'seed'");
    FAILS("egt.simulate{%s, Z = 10, beta = 0.1, mu = 0.1, steps = 10, start = 0}",
          "field 'start' must be an integer in [1, 2], got 0");
    FAILS("egt.payoff{%s, Z = 10, strategy = 1, counts = {3, 6}}", "counts must sum to Z = 10");
    FAILS("egt.payoff{%s, Z = 10, strategy = 1, counts = {3}}", "field 'counts' must be an array");
    FAILS("egt.payoff{%s, Z = 10, strategy = 1, counts = {0, 10}}", "include strategy 1");
    FAILS("egt.han2020{s = 1.5, p_r = 1.5%.0s}", "bad argument #1 to 'han2020'",
          "p_r must be in [0, 1], got 1.5");
    FAILS("egt.han2020{s = 1.5%.0s}", "field 'p_r' is required");
    FAILS("egt.han2020{s = 1.5, p_r = 0.5, W = 0%.0s}", "W must be finite and > 0, got 0");
    FAILS("egt.han2020{s = 1.5, p_r = 0.5, c = 'x'%.0s}", "field 'c' must be a finite number");
    FAILS("egt.han2020{s = 1.5, p_r = 0.5, Q = 1%.0s}", "unknown field 'Q'");
    FAILS("egt.han2020_thresholds{p_r = 0.5%.0s}", "field 's' is required");
    FAILS("egt.han2020_thresholds{s = 2, b = 0, B = 0%.0s}", "need b > 0 or B > 0");
    FAILS("egt.han2020_thresholds{s = 2, q = -1%.0s}", "q must be in [0, 1], got -1");
#undef FAILS
}

static void test_callback_errors(void **state)
{
    lua_State *L = *state;
    /* NaN from the payoff function: names the function and the call site */
    run_fails(L,
              "local function f(s, counts, Z)\n"
              "  if counts[2] == 3 then return 0/0 end\n"
              "  return 1\n"
              "end\n"
              "egt.stationary{payoff = f, n = 2, Z = 10, beta = 0.1}\n",
              "test:5:", "egt.stationary: payoff function (test:1) returned", "nan",
              "for strategy", "counts {", "Z = 10)", (const char *)NULL);
    run_fails(L,
              "egt.fixation{payoff = function() return math.huge end, n = 2, Z = 10, beta = 1}",
              "test:1:", "returned inf for strategy 1 (counts {9, 1}, Z = 10)", (const char *)NULL);
    run_fails(L, "egt.fixation{payoff = function() return 'x' end, n = 2, Z = 10, beta = 1}",
              "returned a string, not a number", (const char *)NULL);
    run_fails(L, "egt.fixation{payoff = function() end, n = 2, Z = 10, beta = 1}",
              "returned a nil, not a number", (const char *)NULL);
    /* an error raised by the script propagates with its own file:line */
    run_fails(L,
              "local n = 0\n"
              "local function f(s, counts)\n"
              "  n = n + 1\n"
              "  if n == 7 then error('boom at call ' .. n) end\n"
              "  return counts[1] * 0.1\n"
              "end\n"
              "egt.simulate{payoff = f, n = 3, Z = 10, beta = 0.1, mu = 0.5, steps = 1000}\n",
              "test:4: boom at call 7", (const char *)NULL);
    run_fails(L,
              "egt.fixations{payoff = function(s, c) return c[5] + 1 end, n = 3, Z = 10, beta = 1}",
              "test:1:", "attempt to perform arithmetic on a nil value", (const char *)NULL);
    /* a non-string error object is kept as it is */
    assert_int_equal(run(L,
                         "return pcall(egt.stationary, {payoff = function() error({code = 42}) "
                         "end, n = 2, Z = 5, beta = 1})",
                         2),
                     LUA_OK);
    assert_false(lua_toboolean(L, -2));
    assert_true(lua_istable(L, -1));
    lua_getfield(L, -1, "code");
    assert_int_equal(lua_tointeger(L, -1), 42);
    lua_settop(L, 0);
    /* a callback may itself call egt (re-entrancy) */
    run_ok(L,
           "local function f(s, counts)\n"
           "  local r = egt.fixation{payoffs = {{1, 2}, {3, 4}}, Z = 4, beta = 0}\n"
           "  return counts[s] * r\n"
           "end\n"
           "return egt.stationary{payoff = f, n = 2, Z = 6, beta = 0.3}[1]\n",
           1);
    assert_true(num_at(L, 1) > 0 && num_at(L, 1) < 1);
    lua_settop(L, 0);
    /* the state is still usable and the stack clean after all those errors */
    run_ok(L, "return egt.fixation{payoffs = {{1, 2}, {3, 4}}, Z = 5, beta = 0}", 1);
    assert_true(num_at(L, 1) == 0.2);
    lua_settop(L, 0);
}

/* A watchdog in the lua.c style arms a count hook when time is up; the hook
 * cannot run inside C code, but the binding's periodic poll runs a Lua
 * function in which it fires. */
static void time_up(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    lua_sethook(L, NULL, 0, 0);
    luaL_error(L, "time limit reached");
}

static void test_interrupt_by_hook(void **state)
{
    lua_State *L = *state;
    const char *calls[] = {
        /* would run for years: 1e15 steps always mixed (mu = 0.5) */
        "egt.simulate",
        /* Z = 1e6: polls at k = 65536 */
        "egt.fixation",
    };
    for (int k = 0; k < 2; k++) {
        lua_getglobal(L, "egt");
        lua_getfield(L, -1, k == 0 ? "simulate" : "fixation");
        lua_remove(L, -2);
        lua_createtable(L, 0, 6);
        lua_pushstring(L, "payoffs");
        run_ok(L, "return {{2.385, 0.731}, {3.142, 1.618}}", 1);
        lua_settable(L, -3);
        lua_pushinteger(L, k == 0 ? 50 : 1000000);
        lua_setfield(L, -2, "Z");
        lua_pushnumber(L, 0.01);
        lua_setfield(L, -2, "beta");
        if (k == 0) {
            lua_pushnumber(L, 0.5);
            lua_setfield(L, -2, "mu");
            lua_pushinteger(L, (lua_Integer)ACC_EGT_MAX_STEPS);
            lua_setfield(L, -2, "steps");
        }
        lua_sethook(L, time_up, LUA_MASKCOUNT, 1);
        int rc = lua_pcall(L, 1, 0, 0); /* straight into the C function */
        lua_sethook(L, NULL, 0, 0);
        assert_int_not_equal(rc, LUA_OK);
        if (!strstr(lua_tostring(L, -1), "time limit reached"))
            fail_msg("%s: %s", calls[k], lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    assert_int_equal(lua_gettop(L), 0);
}

/* A sandbox-style allocator with a cap: a script that runs out of memory
 * inside a payoff function gets "not enough memory", and the C side leaks
 * nothing (the sanitizer build checks). */
struct capped {
    size_t used, cap;
};

static void *capped_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    struct capped *c = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        c->used -= old;
        return NULL;
    }
    if (nsize > old && c->used - old + nsize > c->cap)
        return NULL;
    void *p = realloc(ptr, nsize);
    if (p)
        c->used = c->used - old + nsize;
    return p;
}

static void test_out_of_memory_in_callback(void **state)
{
    (void)state;
    struct capped cap = {0, (size_t)1 << 30};
    lua_State *L = lua_newstate(capped_alloc, &cap);
    assert_non_null(L);
    luaL_openlibs(L);
    assert_int_equal(acc_egt_lua_open(L), 1);
    lua_setglobal(L, "egt");
    run_ok(L, "hoard = {}", 0);
    cap.cap = cap.used + 64 * 1024; /* 64 KiB of headroom */
    for (int k = 0; k < 3; k++) {
        const char *fn[] = {"fixation", "stationary", "simulate"};
        char code[512];
        snprintf(code, sizeof code,
                 "egt.%s{payoff = function(s, counts)\n"
                 "  hoard[#hoard + 1] = string.rep('x', 1000) .. #hoard\n"
                 "  return counts[s] * 0.5\n"
                 "end, n = 2, Z = 1000, beta = 0.1, mu = %s, steps = %s}\n",
                 fn[k], k == 2 ? "0.5" : "nil", k == 2 ? "1e6" : "nil");
        run_fails(L, code, "not enough memory", (const char *)NULL);
        run_ok(L, "hoard = {} collectgarbage()", 0);
    }
    /* the state recovers */
    run_ok(L, "return egt.fixation{payoffs = {{1, 2}, {3, 4}}, Z = 4, beta = 0}", 1);
    assert_true(num_at(L, -1) == 0.25);
    lua_close(L);
    assert_int_equal((int)cap.used, 0);
}

/* ---------------------------------------------------------- scenario */

/* param{} stub: returns OVERRIDES[name] or the default, after checking the
 * declaration is well formed (default within [min, max]). */
static const char *stub_param =
    "OVERRIDES = OVERRIDES or {}\n"
    "DECLARED = {}\n"
    "function param(t)\n"
    "  assert(type(t.name) == 'string' and type(t.doc) == 'string', 'name and doc')\n"
    "  assert(t.min <= t.default and t.default <= t.max, t.name .. ': default in range')\n"
    "  if t.integer then assert(t.default == math.floor(t.default)) end\n"
    "  assert(not DECLARED[t.name], 'declared twice: ' .. t.name)\n"
    "  DECLARED[t.name] = true\n"
    "  local v = OVERRIDES[t.name]\n"
    "  if v == nil then v = t.default end\n"
    "  return v\n"
    "end\n";

static void load_scenario(lua_State *L)
{
    const char *src = getenv("ACCORD_SOURCE_DIR");
    if (!src || !*src)
        src = ACCORD_SOURCE_DIR;
    char path[4096];
    snprintf(path, sizeof path, "%s/scenarios/literature/han2020.lua", src);
    run_ok(L, stub_param, 0);
    if (luaL_loadfilex(L, path, "t") != LUA_OK || lua_pcall(L, 0, 1, 0) != LUA_OK)
        fail_msg("loading %s: %s", path, lua_tostring(L, -1));
    assert_true(lua_istable(L, -1));
    lua_setglobal(L, "SCN");
}

/* Closed forms from docs/egt.md. */
static void thresholds(double s, double R, double b, double c, double q, double *risk,
                       double *welfare)
{
    *risk = 1 - (b / 2 + b / (s + 1) + R / 2 - 2 * c) / ((1 - q) * (b / 2 + s * b / (s + 1) + 1.5 * s * R));
    *welfare = 1 - (b / 2 - c + R / 2) / ((1 - q) * (b / 2 + s * R / 2));
}

/* n = 2 stationary UNSAFE frequency from the C API's fixation probabilities. */
static double freq_unsafe(double s, double p_r, double W, double q, int Z, double beta)
{
    acc_egt_han2020 h = acc_egt_han2020_baseline();
    h.s = s;
    h.p_r = p_r;
    h.W = W;
    h.q = q;
    double m[4], lsu, lus;
    char err[ACC_ERRLEN];
    acc_egt_game *g = NULL;
    assert_int_equal(acc_egt_han2020_payoffs(&h, m, err, sizeof err), 0);
    assert_int_equal(acc_egt_game_new_matrix(&g, 2, 2, m, err, sizeof err), 0);
    assert_int_equal(acc_egt_fixation(g, Z, beta, 0, 1, NULL, &lsu, err, sizeof err), 0);
    assert_int_equal(acc_egt_fixation(g, Z, beta, 1, 0, NULL, &lus, err, sizeof err), 0);
    acc_egt_game_free(g);
    return 1 / (1 + exp(lus - lsu)); /* rho_SU / (rho_SU + rho_US) */
}

static void check_scenario(lua_State *L, double W, double q, int grid_s, int grid_p)
{
    char code[256];
    snprintf(code, sizeof code, "OVERRIDES = {W = %.17g, q = %.17g, grid_s = %d, grid_p = %d}",
             W, q, grid_s, grid_p);
    run_ok(L, code, 0);
    load_scenario(L);

    run_ok(L,
           "assert(SCN.name == 'han2020' and #SCN.description > 100)\n"
           "for _, k in ipairs{'b', 'c', 'B', 'W', 'Z', 'beta', 's', 'p_r', 'q', 'grid_s',\n"
           "                   'grid_p'} do assert(DECLARED[k], k) end\n"
           "local o = SCN.model()\n"
           "for k, v in pairs(o) do assert(type(v) == 'number', k) end\n"
           "return o.freq_unsafe, o.p_r_risk, o.p_r_welfare, o.dilemma, o.log_rho_su,\n"
           "       o.log_rho_us\n",
           6);
    /* defaults: s = 1.5, p_r = 0.5, b = 4, c = 1, B = 1e4, Z = 100, beta = 0.01 */
    double risk, welfare;
    thresholds(1.5, 1e4 / W, 4, 1, q, &risk, &welfare);
    assert_close(num_at(L, 1), freq_unsafe(1.5, 0.5, W, q, 100, 0.01), 1e-12, "model freq");
    assert_close(num_at(L, 2), fmin(1, fmax(0, risk)), 1e-12, "model risk");
    assert_close(num_at(L, 3), fmin(1, fmax(0, welfare)), 1e-12, "model welfare");
    assert_true(num_at(L, 4) == (0.5 > welfare && 0.5 <= risk));
    /* log(rho_SU/rho_US) = (beta/2)[(Z-2)(Pi_UU - Pi_SS) + Z(Pi_US - Pi_SU)] */
    acc_egt_han2020 h = acc_egt_han2020_baseline();
    h.W = W;
    h.q = q;
    double m[4];
    char err[ACC_ERRLEN];
    assert_int_equal(acc_egt_han2020_payoffs(&h, m, err, sizeof err), 0);
    assert_close(num_at(L, 5) - num_at(L, 6), 0.005 * (98 * (m[3] - m[0]) + 100 * (m[2] - m[1])),
                 1e-10, "log rho ratio");
    print_message("W = %g, q = %g: model freq_unsafe %.6g, p_r_risk %.6f, p_r_welfare %.6f\n",
                  W, q, num_at(L, 1), num_at(L, 2), num_at(L, 3));
    lua_settop(L, 0);

    run_ok(L, "local t = SCN.tables.phase() return t.columns, t.rows", 2);
    const char *cols[] = {"s", "p_r", "freq_unsafe", "p_r_risk", "p_r_welfare", "region_code",
                          "region"};
    assert_int_equal((int)lua_rawlen(L, 1), 7);
    for (int c = 0; c < 7; c++) {
        lua_rawgeti(L, 1, c + 1);
        assert_string_equal(lua_tostring(L, -1), cols[c]);
        lua_pop(L, 1);
    }
    assert_int_equal((int)lua_rawlen(L, 2), grid_s * grid_p);
    int in_dilemma = 0;
    for (int i = 0; i < grid_s; i++)
        for (int j = 0; j < grid_p; j++) {
            lua_rawgeti(L, 2, i * grid_p + j + 1);
            double v[6];
            for (int c = 0; c < 6; c++) {
                lua_rawgeti(L, -1, c + 1);
                v[c] = num_at(L, -1);
                lua_pop(L, 1);
            }
            lua_rawgeti(L, -1, 7);
            const char *region = lua_tostring(L, -1);
            double s = 1 + 4.0 * i / (grid_s - 1), p_r = (double)j / (grid_p - 1);
            assert_close(v[0], s, 1e-14, "s");
            assert_close(v[1], p_r, 1e-14, "p_r");
            thresholds(s, 1e4 / W, 4, 1, q, &risk, &welfare);
            assert_close(v[3], fmin(1, fmax(0, risk)), 1e-12, "phase risk");
            assert_close(v[4], fmin(1, fmax(0, welfare)), 1e-12, "phase welfare");
            assert_close(v[2], freq_unsafe(s, p_r, W, q, 100, 0.01), 1e-12, "phase freq");
            int want = p_r > risk ? (p_r > welfare ? 3 : 4) : (p_r > welfare ? 2 : 1);
            const char *names[] = {"", "unsafe", "dilemma", "safe", "cautious"};
            assert_int_equal((int)v[5], want);
            assert_string_equal(region, names[want]);
            in_dilemma += want == 2;
            /* early race (strong selection, beta * payoff gaps ~ 1): well
             * inside a region the dynamics agree with the risk threshold */
            if (W == 100 && p_r < risk - 0.15)
                assert_true(v[2] > 0.9);
            if (W == 100 && p_r > risk + 0.15)
                assert_true(v[2] < 0.1);
            lua_pop(L, 2);
        }
    if (W == 100 && q == 0) {
        /* the early race: the dilemma band 1 - 1/s < p_r <= 1 - 1/(3s) */
        assert_true(in_dilemma > grid_s * grid_p / 5);
    }
    lua_settop(L, 0);
}

static void test_scenario_early_race(void **state) { check_scenario(*state, 100, 0, 33, 51); }
static void test_scenario_late_race(void **state) { check_scenario(*state, 1e6, 0, 9, 11); }
static void test_scenario_regulator(void **state) { check_scenario(*state, 100, 0.3, 9, 11); }

int main(void)
{
    acc_gsl_quiet();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fixation_matches_c, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lua_payoff_equals_matrix, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stationary_and_simulate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_han2020, setup, teardown),
        cmocka_unit_test_setup_teardown(test_argument_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_callback_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_interrupt_by_hook, setup, teardown),
        cmocka_unit_test(test_out_of_memory_in_callback),
        cmocka_unit_test_setup_teardown(test_scenario_early_race, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scenario_late_race, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scenario_regulator, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
