/* accord — Lua sweep files: a script returning { scenario = "path", design =
 * "lhs", samples = 200, reps = 5, seed = 1, vary = {...}, outcomes = {...} },
 * evaluated in the same sandbox as scenarios (it is untrusted input).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "core/common.h"
#include "io/numfmt.h"
#include "io/readfile.h"
#include "lua/sandbox.h"
#include "sweep/sweep_int.h"

#define FILE_TIME_LIMIT_S 10
#define FILE_MEM_LIMIT (64u << 20)
#define MAX_FILE_BYTES (16u << 20)

/* A cheap first look: a sweep file must say `scenario =` somewhere. */
static int mentions_scenario_key(const char *src)
{
    for (const char *p = strstr(src, "scenario"); p; p = strstr(p + 1, "scenario")) {
        const char *q = p + 8;
        while (*q == ' ' || *q == '\t' || *q == '"' || *q == '\'' || *q == ']')
            q++;
        if (*q == '=' && q[1] != '=')
            return 1;
    }
    return 0;
}

/* Evaluate the file; on success the returned value is on top of the stack. */
static int eval(const char *path, const char *src, acc_sandbox **sbp, char *err, size_t errlen)
{
    acc_sandbox_opts so;
    memset(&so, 0, sizeof so);
    so.mem_limit_bytes = FILE_MEM_LIMIT;
    so.time_limit_s = FILE_TIME_LIMIT_S; /* print() is discarded (log NULL) */
    int rc = acc_sandbox_new(&so, sbp, err, errlen);
    if (rc)
        return rc;
    return acc_sandbox_dostring(*sbp, src, path, 1, err, errlen);
}

#define UNDEFINED_MARK "\001accord: undefined global\001"

/* __index of the detection sandbox's globals: scenarios call the scenario
 * API (param, scenario, jurisdiction, ...), which is not there. */
static int undefined_global(lua_State *L) { return luaL_error(L, "%s", UNDEFINED_MARK); }

int acc_sweep_is_sweep_file(const char *path)
{
    char *src, msg[ACC_ERRLEN];
    if (acc_io_read_file(path, MAX_FILE_BYTES, &src, NULL, msg, sizeof msg))
        return 0;
    int yes = 0;
    if (mentions_scenario_key(src)) {
        acc_sandbox_opts so;
        memset(&so, 0, sizeof so);
        so.mem_limit_bytes = FILE_MEM_LIMIT;
        so.time_limit_s = FILE_TIME_LIMIT_S;
        acc_sandbox *sb = NULL;
        char err[512];
        if (acc_sandbox_new(&so, &sb, err, sizeof err) == ACC_OK) {
            lua_State *L = acc_sandbox_lua(sb);
            acc_sandbox_push_env(sb);           /* env */
            lua_createtable(L, 0, 1);           /* env mt */
            lua_pushcfunction(L, undefined_global);
            lua_setfield(L, -2, "__index");
            lua_setmetatable(L, -2);            /* env */
            lua_pop(L, 1);
            if (acc_sandbox_dostring(sb, src, path, 1, err, sizeof err) == ACC_OK) {
                if (lua_istable(L, -1)) {
                    lua_getfield(L, -1, "scenario");
                    yes = lua_type(L, -1) == LUA_TSTRING;
                    lua_pop(L, 1);
                }
            } else {
                /* a scenario stops at the scenario API; anything else is a
                 * sweep file with an error, to be reported as such */
                yes = strstr(err, UNDEFINED_MARK) == NULL;
            }
        }
        acc_sandbox_free(sb);
    }
    free(src);
    return yes;
}

void sw_file_spec_free(sw_file_spec *s)
{
    for (int i = 0; i < s->nvary; i++)
        sw_vary_clear(&s->vary[i]);
    free(s->vary);
    sw_lines_free(s->sets, s->nsets);
    sw_lines_free(s->outcomes, s->noutcomes);
    memset(s, 0, sizeof *s);
}

/* Sorted string keys of the table at idx (pairs() order is not reproducible). */
static int sorted_keys(lua_State *L, int idx, char ***keys, int *n, const char *path,
                       const char *what, char *err, size_t errlen)
{
    *keys = NULL;
    *n = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING) {
            lua_pop(L, 1);
            acc_errf(err, errlen, "%s: %s: keys must be names (strings)", path, what);
            return ACC_EINVAL;
        }
        if (sw_lines_push(keys, n, lua_tostring(L, -1))) {
            lua_pop(L, 1);
            acc_errf(err, errlen, "out of memory");
            return ACC_ENOMEM;
        }
    }
    for (int i = 1; i < *n; i++)
        for (int k = i; k > 0 && strcmp((*keys)[k - 1], (*keys)[k]) > 0; k--) {
            char *t = (*keys)[k];
            (*keys)[k] = (*keys)[k - 1];
            (*keys)[k - 1] = t;
        }
    return ACC_OK;
}

static int get_count(lua_State *L, int t, const char *key, uint64_t *out, uint64_t lo, uint64_t hi,
                     const char *path, char *err, size_t errlen)
{
    lua_getfield(L, t, key);
    int ty = lua_type(L, -1);
    if (ty == LUA_TNIL) {
        lua_pop(L, 1);
        return ACC_OK;
    }
    int isint = 0;
    lua_Integer v = lua_tointegerx(L, -1, &isint);
    lua_pop(L, 1);
    if (ty != LUA_TNUMBER || !isint || v < 0 || (uint64_t)v < lo || (uint64_t)v > hi) {
        acc_errf(err, errlen, "%s: %s must be a whole number in [%llu, %llu]", path, key,
                 (unsigned long long)lo, (unsigned long long)hi);
        return ACC_EINVAL;
    }
    *out = (uint64_t)v;
    return ACC_OK;
}

/* vary.<name> = {lo, hi} | {lo, hi, levels = n} | {values = {...}} | true | "lo:hi[:n]" */
static int read_vary(lua_State *L, int idx, const char *name, sw_vary *v, const char *path,
                     char *err, size_t errlen)
{
    char text[4096];
    int ty = lua_type(L, idx);
    if (ty == LUA_TBOOLEAN && lua_toboolean(L, idx)) {
        snprintf(text, sizeof text, "%s", name);
    } else if (ty == LUA_TSTRING) {
        snprintf(text, sizeof text, "%s=%s", name, lua_tostring(L, idx));
    } else if (ty == LUA_TTABLE) {
        lua_getfield(L, idx, "values");
        int has_values = !lua_isnil(L, -1);
        if (has_values) {
            if (!lua_istable(L, -1) || luaL_len(L, -1) < 1) {
                lua_pop(L, 1);
                goto bad;
            }
            lua_Integer n = luaL_len(L, -1);
            size_t used = (size_t)snprintf(text, sizeof text, "%s=", name);
            for (lua_Integer i = 1; i <= n; i++) {
                lua_rawgeti(L, -1, i);
                int isnum = lua_type(L, -1) == LUA_TNUMBER;
                double x = lua_tonumber(L, -1);
                lua_pop(L, 1);
                if (!isnum) {
                    lua_pop(L, 1);
                    acc_errf(err, errlen, "%s: vary.%s.values[%lld] must be a number", path, name,
                             (long long)i);
                    return ACC_EINVAL;
                }
                char num[ACC_IO_NUMBUF];
                acc_io_fmt_double(num, x);
                int w = snprintf(text + used, sizeof text - used, "%s%s", i > 1 ? "," : "", num);
                if (w < 0 || (size_t)w >= sizeof text - used) {
                    lua_pop(L, 1);
                    acc_errf(err, errlen, "%s: vary.%s: too many values", path, name);
                    return ACC_EINVAL;
                }
                used += (size_t)w;
            }
            lua_pop(L, 1);
        } else {
            lua_pop(L, 1);
            lua_rawgeti(L, idx, 1);
            lua_rawgeti(L, idx, 2);
            lua_getfield(L, idx, "levels");
            int ok = lua_type(L, -3) == LUA_TNUMBER && lua_type(L, -2) == LUA_TNUMBER &&
                     (lua_isnil(L, -1) || lua_type(L, -1) == LUA_TNUMBER) && luaL_len(L, idx) == 2;
            if (!ok) {
                lua_pop(L, 3);
                goto bad;
            }
            char lo[ACC_IO_NUMBUF], hi[ACC_IO_NUMBUF], lv[ACC_IO_NUMBUF] = "";
            acc_io_fmt_double(lo, lua_tonumber(L, -3));
            acc_io_fmt_double(hi, lua_tonumber(L, -2));
            if (!lua_isnil(L, -1))
                acc_io_fmt_double(lv, lua_tonumber(L, -1));
            lua_pop(L, 3);
            snprintf(text, sizeof text, "%s=%s:%s%s%s", name, lo, hi, lv[0] ? ":" : "", lv);
        }
    } else {
        goto bad;
    }
    {
        char msg[1024];
        int rc = sw_vary_parse(text, v, msg, sizeof msg);
        if (rc) {
            /* "--vary x: ..." reads oddly for a file: name the file instead */
            const char *m = strncmp(msg, "--vary ", 7) == 0 ? msg + 7 : msg;
            acc_errf(err, errlen, "%s: vary.%s", path, m);
        }
        return rc;
    }
bad:
    acc_errf(err, errlen,
             "%s: vary.%s must be {lo, hi}, {lo, hi, levels = n}, {values = {v1, v2, ...}}, "
             "\"lo:hi[:n]\" or true (the declared range)",
             path, name);
    return ACC_EINVAL;
}

int sw_file_load(const char *path, sw_file_spec *spec, char *err, size_t errlen)
{
    memset(spec, 0, sizeof *spec);
    char *src;
    size_t len;
    int rc = acc_io_read_file(path, MAX_FILE_BYTES, &src, &len, err, errlen);
    if (rc)
        return rc;
    if ((rc = acc_io_check_text(path, src, len, err, errlen))) {
        free(src);
        return rc;
    }
    acc_sandbox *sb = NULL;
    char **keys = NULL;
    int nkeys = 0;
    rc = eval(path, src, &sb, err, errlen);
    free(src);
    if (rc) {
        acc_sandbox_free(sb);
        return rc == ACC_ENOMEM ? rc : ACC_EINVAL;
    }
    lua_State *L = acc_sandbox_lua(sb);
    int t = lua_gettop(L);
    if (!lua_istable(L, t)) {
        acc_errf(err, errlen, "%s: a sweep file must return a table { scenario = \"...\", ... }", path);
        rc = ACC_EINVAL;
        goto done;
    }
    static const char *const known[] = {"scenario", "design", "samples",       "reps",
                                        "seed",     "vary",   "outcomes",      "set",
                                        "morris_levels", "bootstrap", "timeseries"};
    if ((rc = sorted_keys(L, t, &keys, &nkeys, path, "the returned table", err, errlen)))
        goto done;
    for (int i = 0; i < nkeys; i++) {
        int ok = 0;
        for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
            ok |= strcmp(keys[i], known[k]) == 0;
        if (!ok) {
            acc_errf(err, errlen,
                     "%s: unknown key '%s' (known: scenario, design, samples, reps, seed, vary, "
                     "outcomes, set, morris_levels, bootstrap, timeseries)",
                     path, keys[i]);
            rc = ACC_EINVAL;
            goto done;
        }
    }
    sw_lines_free(keys, nkeys);
    keys = NULL;
    nkeys = 0;

    lua_getfield(L, t, "scenario");
    if (lua_type(L, -1) != LUA_TSTRING || !lua_tostring(L, -1)[0]) {
        lua_pop(L, 1);
        acc_errf(err, errlen, "%s: 'scenario' must name the scenario file (a path relative to the "
                              "sweep file)",
                 path);
        rc = ACC_EINVAL;
        goto done;
    }
    {
        const char *scen = lua_tostring(L, -1);
        const char *slash = strrchr(path, '/');
        int n;
        if (scen[0] == '/' || !slash)
            n = snprintf(spec->scenario, sizeof spec->scenario, "%s", scen);
        else
            n = snprintf(spec->scenario, sizeof spec->scenario, "%.*s/%s", (int)(slash - path), path,
                         scen);
        lua_pop(L, 1);
        if (n < 0 || (size_t)n >= sizeof spec->scenario) {
            acc_errf(err, errlen, "%s: scenario path too long", path);
            rc = ACC_EINVAL;
            goto done;
        }
    }
    lua_getfield(L, t, "design");
    if (!lua_isnil(L, -1)) {
        if (lua_type(L, -1) != LUA_TSTRING || strlen(lua_tostring(L, -1)) >= sizeof spec->design) {
            lua_pop(L, 1);
            acc_errf(err, errlen, "%s: design must be one of grid, random, lhs, sobol, morris", path);
            rc = ACC_EINVAL;
            goto done;
        }
        snprintf(spec->design, sizeof spec->design, "%s", lua_tostring(L, -1));
    }
    lua_pop(L, 1);
    uint64_t ml = 0, nb = 0;
    if ((rc = get_count(L, t, "samples", &spec->samples, 1, 1000000000ULL, path, err, errlen)) ||
        (rc = get_count(L, t, "reps", &spec->reps, 1, 1000000000ULL, path, err, errlen)) ||
        (rc = get_count(L, t, "morris_levels", &ml, 2, 1000, path, err, errlen)) ||
        (rc = get_count(L, t, "bootstrap", &nb, 1, 1000000, path, err, errlen)))
        goto done;
    spec->morris_levels = (uint32_t)ml;
    spec->n_boot = (uint32_t)nb;
    lua_getfield(L, t, "timeseries");
    if (!lua_isnil(L, -1) && !lua_isboolean(L, -1)) {
        lua_pop(L, 1);
        acc_errf(err, errlen, "%s: timeseries must be true or false", path);
        rc = ACC_EINVAL;
        goto done;
    }
    spec->timeseries = lua_toboolean(L, -1);
    lua_pop(L, 1);
    lua_getfield(L, t, "seed");
    spec->has_seed = !lua_isnil(L, -1);
    lua_pop(L, 1);
    if (spec->has_seed &&
        (rc = get_count(L, t, "seed", &spec->seed, 0, (uint64_t)INT64_MAX, path, err, errlen)))
        goto done;

    /* vary: sorted by name */
    lua_getfield(L, t, "vary");
    int vt = lua_gettop(L);
    if (!lua_isnil(L, vt)) {
        if (!lua_istable(L, vt)) {
            acc_errf(err, errlen, "%s: vary must be a table { name = {lo, hi}, ... }", path);
            rc = ACC_EINVAL;
            goto done;
        }
        if ((rc = sorted_keys(L, vt, &keys, &nkeys, path, "vary", err, errlen)))
            goto done;
        spec->vary = calloc((size_t)(nkeys ? nkeys : 1), sizeof *spec->vary);
        if (!spec->vary) {
            rc = ACC_ENOMEM;
            acc_errf(err, errlen, "out of memory");
            goto done;
        }
        for (int i = 0; i < nkeys; i++) {
            lua_getfield(L, vt, keys[i]);
            rc = read_vary(L, lua_gettop(L), keys[i], &spec->vary[i], path, err, errlen);
            lua_pop(L, 1);
            if (rc)
                goto done;
            spec->nvary++;
        }
        sw_lines_free(keys, nkeys);
        keys = NULL;
        nkeys = 0;
    }
    lua_settop(L, t);

    /* set: fixed overrides, sorted by name */
    lua_getfield(L, t, "set");
    int st = lua_gettop(L);
    if (!lua_isnil(L, st)) {
        if (!lua_istable(L, st)) {
            acc_errf(err, errlen, "%s: set must be a table { name = value, ... }", path);
            rc = ACC_EINVAL;
            goto done;
        }
        if ((rc = sorted_keys(L, st, &keys, &nkeys, path, "set", err, errlen)))
            goto done;
        for (int i = 0; i < nkeys; i++) {
            lua_getfield(L, st, keys[i]);
            int ty = lua_type(L, -1);
            double x = ty == LUA_TBOOLEAN ? lua_toboolean(L, -1) : lua_tonumber(L, -1);
            lua_pop(L, 1);
            if ((ty != LUA_TNUMBER && ty != LUA_TBOOLEAN) || !isfinite(x)) {
                acc_errf(err, errlen, "%s: set.%s must be a finite number", path, keys[i]);
                rc = ACC_EINVAL;
                goto done;
            }
            char num[ACC_IO_NUMBUF], text[256];
            acc_io_fmt_double(num, x);
            snprintf(text, sizeof text, "%s=%s", keys[i], num);
            if ((rc = sw_lines_push(&spec->sets, &spec->nsets, text))) {
                acc_errf(err, errlen, "out of memory");
                goto done;
            }
        }
        sw_lines_free(keys, nkeys);
        keys = NULL;
        nkeys = 0;
    }
    lua_settop(L, t);

    /* outcomes: a list of names, in order */
    lua_getfield(L, t, "outcomes");
    int ot = lua_gettop(L);
    if (!lua_isnil(L, ot)) {
        if (!lua_istable(L, ot)) {
            acc_errf(err, errlen, "%s: outcomes must be a list of names {\"a\", \"b\"}", path);
            rc = ACC_EINVAL;
            goto done;
        }
        lua_Integer n = luaL_len(L, ot);
        for (lua_Integer i = 1; i <= n; i++) {
            lua_rawgeti(L, ot, i);
            if (lua_type(L, -1) != LUA_TSTRING) {
                lua_pop(L, 1);
                acc_errf(err, errlen, "%s: outcomes[%lld] must be a name (string)", path, (long long)i);
                rc = ACC_EINVAL;
                goto done;
            }
            rc = sw_lines_push(&spec->outcomes, &spec->noutcomes, lua_tostring(L, -1));
            lua_pop(L, 1);
            if (rc) {
                acc_errf(err, errlen, "out of memory");
                goto done;
            }
        }
    }
    lua_settop(L, t);
done:
    sw_lines_free(keys, nkeys);
    acc_sandbox_free(sb);
    if (rc)
        sw_file_spec_free(spec);
    return rc;
}
