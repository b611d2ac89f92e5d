/* accord — Lua sweep files: a script returning { scenario = "path", design =
 * "lhs", samples = 200, reps = 5, seed = 1, vary = {...}, outcomes = {...} },
 * evaluated in the same sandbox as scenarios (it is untrusted input). The
 * table it returns is read only inside acc_sandbox_cpcall: its metamethods
 * (__index, __len) may raise, loop or exhaust memory, and must meet the time
 * limit and a protected call, never the process. SPDX-License-Identifier: GPL-3.0-or-later */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "base/common.h"
#include "base/numfmt.h"
#include "base/readfile.h"
#include "lua/sandbox.h"
#include "sweep/sweep_int.h"

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

/* A sandbox for a sweep file: the memory cap of sweep files, the time limit
 * (and stuck-in-C callback) of the options. */
static int new_sandbox(const sw_file_opts *fo, acc_sandbox **sbp, char *err, size_t errlen)
{
    acc_sandbox_opts so;
    memset(&so, 0, sizeof so);
    so.mem_limit_bytes = FILE_MEM_LIMIT;
    so.time_limit_s = fo && fo->time_limit_s > 0 ? fo->time_limit_s : SW_FILE_TIME_LIMIT_S;
    so.stuck = fo ? fo->stuck : NULL; /* print() is discarded (log NULL) */
    so.stuck_ud = fo ? fo->stuck_ud : NULL;
    return acc_sandbox_new(&so, sbp, err, errlen);
}

#define UNDEFINED_MARK "\001accord: undefined global\001"

/* __index of the detection sandbox's globals: scenarios call the scenario
 * API (param, scenario, jurisdiction, ...), which is not there. */
static int undefined_global(lua_State *L) { return luaL_error(L, "%s", UNDEFINED_MARK); }

/* Inside a protected call: does the value at 1 have a string `scenario`? */
static int probe_scenario_key(lua_State *L, void *ud, char *err, size_t errlen)
{
    (void)err;
    (void)errlen;
    int *yes = ud;
    if (lua_istable(L, 1)) {
        lua_getfield(L, 1, "scenario"); /* may run __index */
        *yes = lua_type(L, -1) == LUA_TSTRING;
    }
    return ACC_OK;
}

int sw_file_is_sweep(const char *path, const sw_file_opts *fo)
{
    char *src, msg[ACC_ERRLEN];
    if (acc_io_read_regular_file(path, MAX_FILE_BYTES, &src, NULL, msg, sizeof msg))
        return 0;
    int yes = 0;
    if (mentions_scenario_key(src)) {
        acc_sandbox *sb = NULL;
        char err[512];
        if (new_sandbox(fo, &sb, err, sizeof err) == ACC_OK) {
            lua_State *L = acc_sandbox_lua(sb);
            acc_sandbox_push_env(sb);           /* env */
            lua_createtable(L, 0, 1);           /* env mt */
            lua_pushcfunction(L, undefined_global);
            lua_setfield(L, -2, "__index");
            lua_setmetatable(L, -2);            /* env */
            lua_pop(L, 1);
            if (acc_sandbox_dostring(sb, src, path, 1, err, sizeof err) == ACC_OK) {
                /* a table whose `scenario` cannot even be read (its
                 * __index raises or loops) is a broken sweep file: say so
                 * when it is loaded as one */
                if (acc_sandbox_cpcall(sb, probe_scenario_key, &yes, 1, err, sizeof err) != ACC_OK)
                    yes = 1;
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

int acc_sweep_is_sweep_file(const char *path) { return sw_file_is_sweep(path, NULL); }

void sw_file_spec_free(sw_file_spec *s)
{
    for (int i = 0; i < s->nvary; i++)
        sw_vary_clear(&s->vary[i]);
    free(s->vary);
    sw_lines_free(s->sets, s->nsets);
    sw_lines_free(s->outcomes, s->noutcomes);
    memset(s, 0, sizeof *s);
}

/* ---- reading the returned table (inside acc_sandbox_cpcall) ----------------------------
 * Everything these functions allocate hangs off the reader (spec, keys), so
 * that the caller frees it whether they return or a metamethod raises. The
 * returned table is at stack index 1. */

typedef struct file_reader {
    const char *path;
    sw_file_spec *spec;
    char **keys; /* sorted keys of the table being read */
    int nkeys;
} file_reader;

#define SPEC_TABLE 1

static void drop_keys(file_reader *r)
{
    sw_lines_free(r->keys, r->nkeys);
    r->keys = NULL;
    r->nkeys = 0;
}

/* Sorted string keys of the table at idx into r->keys (pairs() order is not
 * reproducible). lua_next is raw: no metamethod runs. */
static int sorted_keys(lua_State *L, int idx, file_reader *r, const char *what, char *err,
                       size_t errlen)
{
    drop_keys(r);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING) {
            lua_pop(L, 1);
            acc_errf(err, errlen, "%s: %s: keys must be names (strings)", r->path, what);
            return ACC_EINVAL;
        }
        if (sw_lines_push(&r->keys, &r->nkeys, lua_tostring(L, -1))) {
            lua_pop(L, 1);
            acc_errf(err, errlen, "out of memory");
            return ACC_ENOMEM;
        }
    }
    char **k = r->keys;
    for (int i = 1; i < r->nkeys; i++)
        for (int j = i; j > 0 && strcmp(k[j - 1], k[j]) > 0; j--) {
            char *t = k[j];
            k[j] = k[j - 1];
            k[j - 1] = t;
        }
    return ACC_OK;
}

static int read_known_keys(lua_State *L, file_reader *r, char *err, size_t errlen)
{
    static const char *const known[] = {"scenario", "design", "samples",       "reps",
                                        "seed",     "vary",   "outcomes",      "set",
                                        "morris_levels", "bootstrap", "timeseries"};
    int rc = sorted_keys(L, SPEC_TABLE, r, "the returned table", err, errlen);
    for (int i = 0; rc == ACC_OK && i < r->nkeys; i++) {
        int ok = 0;
        for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
            ok |= strcmp(r->keys[i], known[k]) == 0;
        if (!ok && strcmp(r->keys[i], "sobol_skip") == 0) {
            /* an option of the C design API only (stats/design.h) */
            acc_errf(err, errlen,
                     "%s: 'sobol_skip' is not a sweep option: sweeps use the first N points of "
                     "the Sobol' sequence, which already starts after the origin "
                     "(docs/statistics.md, section 1.5)",
                     r->path);
            rc = ACC_EINVAL;
        } else if (!ok) {
            acc_errf(err, errlen,
                     "%s: unknown key '%s' (known: scenario, design, samples, reps, seed, vary, "
                     "outcomes, set, morris_levels, bootstrap, timeseries)",
                     r->path, r->keys[i]);
            rc = ACC_EINVAL;
        }
    }
    drop_keys(r);
    return rc;
}

/* scenario: a path, relative to the sweep file's directory. */
static int read_scenario(lua_State *L, file_reader *r, char *err, size_t errlen)
{
    const char *path = r->path;
    sw_file_spec *spec = r->spec;
    lua_getfield(L, SPEC_TABLE, "scenario");
    if (lua_type(L, -1) != LUA_TSTRING || !lua_tostring(L, -1)[0]) {
        lua_pop(L, 1);
        acc_errf(err, errlen, "%s: 'scenario' must name the scenario file (a path relative to the "
                              "sweep file)",
                 path);
        return ACC_EINVAL;
    }
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
        return ACC_EINVAL;
    }
    return ACC_OK;
}

static int read_design(lua_State *L, file_reader *r, char *err, size_t errlen)
{
    sw_file_spec *spec = r->spec;
    lua_getfield(L, SPEC_TABLE, "design");
    int rc = ACC_OK;
    if (!lua_isnil(L, -1)) {
        if (lua_type(L, -1) != LUA_TSTRING || strlen(lua_tostring(L, -1)) >= sizeof spec->design) {
            acc_errf(err, errlen, "%s: design must be one of grid, random, lhs, sobol, morris",
                     r->path);
            rc = ACC_EINVAL;
        } else {
            snprintf(spec->design, sizeof spec->design, "%s", lua_tostring(L, -1));
        }
    }
    lua_pop(L, 1);
    return rc;
}

/* A whole number in [lo, hi] at key; absent (nil) leaves *out alone. */
static int get_count(lua_State *L, file_reader *r, const char *key, uint64_t *out, uint64_t lo,
                     uint64_t hi, char *err, size_t errlen)
{
    lua_getfield(L, SPEC_TABLE, key);
    int ty = lua_type(L, -1);
    if (ty == LUA_TNIL) {
        lua_pop(L, 1);
        return ACC_OK;
    }
    int isint = 0;
    lua_Integer v = lua_tointegerx(L, -1, &isint);
    lua_pop(L, 1);
    if (ty != LUA_TNUMBER || !isint || v < 0 || (uint64_t)v < lo || (uint64_t)v > hi) {
        acc_errf(err, errlen, "%s: %s must be a whole number in [%llu, %llu]", r->path, key,
                 (unsigned long long)lo, (unsigned long long)hi);
        return ACC_EINVAL;
    }
    *out = (uint64_t)v;
    return ACC_OK;
}

/* samples, reps, morris_levels, bootstrap, seed and timeseries. */
static int read_settings(lua_State *L, file_reader *r, char *err, size_t errlen)
{
    sw_file_spec *spec = r->spec;
    uint64_t ml = 0, nb = 0;
    int rc;
    if ((rc = get_count(L, r, "samples", &spec->samples, 1, SW_MAX_SAMPLES, err, errlen)) ||
        (rc = get_count(L, r, "reps", &spec->reps, 1, SW_MAX_SAMPLES, err, errlen)) ||
        (rc = get_count(L, r, "morris_levels", &ml, 2, SW_MAX_MORRIS_LEVELS, err, errlen)) ||
        (rc = get_count(L, r, "bootstrap", &nb, 1, SW_MAX_BOOTSTRAP, err, errlen)))
        return rc;
    spec->morris_levels = (uint32_t)ml;
    spec->n_boot = (uint32_t)nb;
    lua_getfield(L, SPEC_TABLE, "timeseries");
    if (!lua_isnil(L, -1) && !lua_isboolean(L, -1)) {
        lua_pop(L, 1);
        acc_errf(err, errlen, "%s: timeseries must be true or false", r->path);
        return ACC_EINVAL;
    }
    spec->timeseries = lua_toboolean(L, -1);
    lua_pop(L, 1);
    lua_getfield(L, SPEC_TABLE, "seed");
    spec->has_seed = !lua_isnil(L, -1);
    lua_pop(L, 1);
    if (spec->has_seed)
        return get_count(L, r, "seed", &spec->seed, 0, SW_MAX_SEED, err, errlen);
    return ACC_OK;
}

/* vary.<name>.values = {v1, v2, ...} (at idx) into "name=v1,v2,..." */
static int vary_values_text(lua_State *L, int idx, const char *name, const char *path, char *text,
                            size_t cap, char *err, size_t errlen)
{
    lua_Integer n = luaL_len(L, idx); /* may run __len */
    size_t used = (size_t)snprintf(text, cap, "%s=", name);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, idx, i);
        int isnum = lua_type(L, -1) == LUA_TNUMBER;
        double x = lua_tonumber(L, -1);
        lua_pop(L, 1);
        if (!isnum) {
            acc_errf(err, errlen, "%s: vary.%s.values[%lld] must be a number", path, name,
                     (long long)i);
            return ACC_EINVAL;
        }
        char num[ACC_IO_NUMBUF];
        acc_io_fmt_double(num, x);
        int w = snprintf(text + used, cap - used, "%s%s", i > 1 ? "," : "", num);
        if (w < 0 || (size_t)w >= cap - used) {
            acc_errf(err, errlen, "%s: vary.%s: too many values", path, name);
            return ACC_EINVAL;
        }
        used += (size_t)w;
    }
    return ACC_OK;
}

/* vary.<name> (at idx) = {lo, hi} | {lo, hi, levels = n} | {values = {...}} |
 * true | "lo:hi[:n]", as --vary text; 1 if it has none of these shapes. */
static int vary_text(lua_State *L, int idx, const char *name, const char *path, char *text,
                     size_t cap, char *err, size_t errlen)
{
    int ty = lua_type(L, idx);
    if (ty == LUA_TBOOLEAN && lua_toboolean(L, idx)) {
        snprintf(text, cap, "%s", name);
        return ACC_OK;
    }
    if (ty == LUA_TSTRING) {
        snprintf(text, cap, "%s=%s", name, lua_tostring(L, idx));
        return ACC_OK;
    }
    if (ty != LUA_TTABLE)
        return -1;
    int top = lua_gettop(L);
    lua_getfield(L, idx, "values");
    if (!lua_isnil(L, -1)) {
        if (!lua_istable(L, -1) || luaL_len(L, -1) < 1) {
            lua_settop(L, top);
            return -1;
        }
        int rc = vary_values_text(L, lua_gettop(L), name, path, text, cap, err, errlen);
        lua_settop(L, top);
        return rc;
    }
    lua_pop(L, 1);
    lua_rawgeti(L, idx, 1);
    lua_rawgeti(L, idx, 2);
    lua_getfield(L, idx, "levels");
    int ok = lua_type(L, -3) == LUA_TNUMBER && lua_type(L, -2) == LUA_TNUMBER &&
             (lua_isnil(L, -1) || lua_type(L, -1) == LUA_TNUMBER) && luaL_len(L, idx) == 2;
    if (!ok) {
        lua_settop(L, top);
        return -1;
    }
    char lo[ACC_IO_NUMBUF], hi[ACC_IO_NUMBUF], lv[ACC_IO_NUMBUF] = "";
    acc_io_fmt_double(lo, lua_tonumber(L, -3));
    acc_io_fmt_double(hi, lua_tonumber(L, -2));
    if (!lua_isnil(L, -1))
        acc_io_fmt_double(lv, lua_tonumber(L, -1));
    lua_settop(L, top);
    snprintf(text, cap, "%s=%s:%s%s%s", name, lo, hi, lv[0] ? ":" : "", lv);
    return ACC_OK;
}

/* One vary entry (at idx) into v. */
static int read_vary_entry(lua_State *L, int idx, const char *name, sw_vary *v, const char *path,
                           char *err, size_t errlen)
{
    char text[4096];
    int rc = vary_text(L, idx, name, path, text, sizeof text, err, errlen);
    if (rc < 0) {
        acc_errf(err, errlen,
                 "%s: vary.%s must be {lo, hi}, {lo, hi, levels = n}, {values = {v1, v2, ...}}, "
                 "\"lo:hi[:n]\" or true (the declared range)",
                 path, name);
        return ACC_EINVAL;
    }
    if (rc)
        return rc;
    char msg[1024];
    rc = sw_vary_parse(text, v, msg, sizeof msg);
    if (rc) {
        /* "--vary x: ..." reads oddly for a file: name the file instead */
        const char *m = strncmp(msg, "--vary ", 7) == 0 ? msg + 7 : msg;
        acc_errf(err, errlen, "%s: vary.%s", path, m);
    }
    return rc;
}

/* vary: sorted by name */
static int read_vary(lua_State *L, file_reader *r, char *err, size_t errlen)
{
    sw_file_spec *spec = r->spec;
    lua_getfield(L, SPEC_TABLE, "vary");
    int vt = lua_gettop(L), rc = ACC_OK;
    if (lua_isnil(L, vt))
        goto done;
    if (!lua_istable(L, vt)) {
        acc_errf(err, errlen, "%s: vary must be a table { name = {lo, hi}, ... }", r->path);
        rc = ACC_EINVAL;
        goto done;
    }
    if ((rc = sorted_keys(L, vt, r, "vary", err, errlen)))
        goto done;
    /* zeroed entries, all owned by spec from now on (cleared by its free) */
    if (!(spec->vary = calloc((size_t)(r->nkeys ? r->nkeys : 1), sizeof *spec->vary))) {
        acc_errf(err, errlen, "out of memory");
        rc = ACC_ENOMEM;
        goto done;
    }
    spec->nvary = r->nkeys;
    for (int i = 0; i < r->nkeys && rc == ACC_OK; i++) {
        lua_getfield(L, vt, r->keys[i]);
        rc = read_vary_entry(L, lua_gettop(L), r->keys[i], &spec->vary[i], r->path, err, errlen);
        lua_settop(L, vt);
    }
done:
    drop_keys(r);
    lua_settop(L, vt - 1);
    return rc;
}

/* set: fixed overrides, sorted by name */
static int read_sets(lua_State *L, file_reader *r, char *err, size_t errlen)
{
    sw_file_spec *spec = r->spec;
    lua_getfield(L, SPEC_TABLE, "set");
    int st = lua_gettop(L), rc = ACC_OK;
    if (lua_isnil(L, st))
        goto done;
    if (!lua_istable(L, st)) {
        acc_errf(err, errlen, "%s: set must be a table { name = value, ... }", r->path);
        rc = ACC_EINVAL;
        goto done;
    }
    if ((rc = sorted_keys(L, st, r, "set", err, errlen)))
        goto done;
    for (int i = 0; i < r->nkeys && rc == ACC_OK; i++) {
        lua_getfield(L, st, r->keys[i]);
        int ty = lua_type(L, -1);
        double x = ty == LUA_TBOOLEAN ? lua_toboolean(L, -1) : lua_tonumber(L, -1);
        lua_pop(L, 1);
        if ((ty != LUA_TNUMBER && ty != LUA_TBOOLEAN) || !isfinite(x)) {
            acc_errf(err, errlen, "%s: set.%s must be a finite number", r->path, r->keys[i]);
            rc = ACC_EINVAL;
            break;
        }
        char num[ACC_IO_NUMBUF], text[256];
        acc_io_fmt_double(num, x);
        snprintf(text, sizeof text, "%s=%s", r->keys[i], num);
        if ((rc = sw_lines_push(&spec->sets, &spec->nsets, text)))
            acc_errf(err, errlen, "out of memory");
    }
done:
    drop_keys(r);
    lua_settop(L, st - 1);
    return rc;
}

/* outcomes: a list of names, in order */
static int read_outcomes(lua_State *L, file_reader *r, char *err, size_t errlen)
{
    sw_file_spec *spec = r->spec;
    lua_getfield(L, SPEC_TABLE, "outcomes");
    int ot = lua_gettop(L), rc = ACC_OK;
    if (lua_isnil(L, ot))
        goto done;
    if (!lua_istable(L, ot)) {
        acc_errf(err, errlen, "%s: outcomes must be a list of names {\"a\", \"b\"}", r->path);
        rc = ACC_EINVAL;
        goto done;
    }
    lua_Integer n = luaL_len(L, ot); /* may run __len */
    for (lua_Integer i = 1; i <= n && rc == ACC_OK; i++) {
        lua_rawgeti(L, ot, i);
        if (lua_type(L, -1) != LUA_TSTRING) {
            acc_errf(err, errlen, "%s: outcomes[%lld] must be a name (string)", r->path,
                     (long long)i);
            rc = ACC_EINVAL;
        } else if ((rc = sw_lines_push(&spec->outcomes, &spec->noutcomes, lua_tostring(L, -1)))) {
            acc_errf(err, errlen, "out of memory");
        }
        lua_pop(L, 1);
    }
done:
    lua_settop(L, ot - 1);
    return rc;
}

/* The whole table, in a protected call (acc_sandbox_cfn). */
static int read_spec(lua_State *L, void *ud, char *err, size_t errlen)
{
    file_reader *r = ud;
    if (!lua_istable(L, SPEC_TABLE)) {
        acc_errf(err, errlen, "%s: a sweep file must return a table { scenario = \"...\", ... }",
                 r->path);
        return ACC_EINVAL;
    }
    int rc;
    if ((rc = read_known_keys(L, r, err, errlen)) || (rc = read_scenario(L, r, err, errlen)) ||
        (rc = read_design(L, r, err, errlen)) || (rc = read_settings(L, r, err, errlen)) ||
        (rc = read_vary(L, r, err, errlen)) || (rc = read_sets(L, r, err, errlen)) ||
        (rc = read_outcomes(L, r, err, errlen)))
        return rc;
    return ACC_OK;
}

/* ---- loading ------------------------------------------------------------------------------- */

/* Read and evaluate the file; on success its value is on top of *sbp's stack. */
static int eval_file(const char *path, const sw_file_opts *fo, acc_sandbox **sbp, char *err,
                     size_t errlen)
{
    char *src;
    size_t len;
    int rc = acc_io_read_regular_file(path, MAX_FILE_BYTES, &src, &len, err, errlen);
    if (rc)
        return rc;
    if ((rc = acc_io_check_text(path, src, len, err, errlen)) == ACC_OK &&
        (rc = new_sandbox(fo, sbp, err, errlen)) == ACC_OK)
        rc = acc_sandbox_dostring(*sbp, src, path, 1, err, errlen);
    free(src);
    return rc;
}

int sw_file_load_with(const char *path, const sw_file_opts *fo, sw_file_spec *spec, char *err,
                      size_t errlen)
{
    memset(spec, 0, sizeof *spec);
    acc_sandbox *sb = NULL;
    int rc = eval_file(path, fo, &sb, err, errlen);
    if (rc == ACC_OK) {
        file_reader r = {path, spec, NULL, 0};
        char msg[ACC_ERRLEN];
        msg[0] = 0;
        rc = acc_sandbox_cpcall(sb, read_spec, &r, 1, msg, sizeof msg);
        if (rc == ACC_ESCRIPT || rc == ACC_ELIMIT) {
            /* a metamethod of the returned table raised or ran too long:
             * its file:line says where, the traceback adds nothing */
            char *tb = strstr(msg, "\nstack traceback:");
            if (tb)
                *tb = 0;
            acc_errf(err, errlen, "%s: reading the table the sweep file returned: %s", path, msg);
        }
        else if (rc)
            acc_errf(err, errlen, "%s", msg);
        drop_keys(&r);
    }
    acc_sandbox_free(sb);
    if (rc) {
        sw_file_spec_free(spec);
        /* the time or memory limit stays ACC_ELIMIT: exit 1, as everywhere */
        return rc == ACC_ENOMEM || rc == ACC_EIO || rc == ACC_ELIMIT ? rc : ACC_EINVAL;
    }
    return ACC_OK;
}

int sw_file_load(const char *path, sw_file_spec *spec, char *err, size_t errlen)
{
    return sw_file_load_with(path, NULL, spec, err, errlen);
}
