/* accord — scenario loading: runs a scenario script in the sandbox with the
 * scenario API (param, the table constructors, the distributions), has the
 * returned table converted to a validated acc_config (scenario_conv.c: every
 * error names file:line, the value and the range), and keeps what the runner
 * and the outputs ask of a loaded scenario. SPDX-License-Identifier: GPL-3.0-or-later */
#include "lua/scenario_conv.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lualib.h>

#include "lua/egt_lua.h"
#include "base/datadir.h"
#include "base/numfmt.h"
#include "base/readfile.h"
#include "base/sha256.h"

#define SCN_KEY "accord.scenario"
#define MAX_SCENARIO_BYTES ACC_SANDBOX_SCRIPT_MAX

/* ---- small helpers ----------------------------------------------------------- */

static acc_scenario *scn_of(lua_State *L)
{
    lua_getfield(L, LUA_REGISTRYINDEX, SCN_KEY);
    acc_scenario *s = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return s;
}

int acc_scenario_caller_line(lua_State *L, const acc_scenario *s)
{
    /* The innermost frame whose chunk is the scenario file itself, so a
     * jurisdiction built inside scripts/regimes.lua on behalf of the scenario
     * still points at the analyst's line. */
    lua_Debug ar;
    int first = 0;
    for (int level = 1; lua_getstack(L, level, &ar); level++) {
        if (!lua_getinfo(L, "Sl", &ar))
            break;
        if (ar.currentline <= 0)
            continue;
        if (!first && ar.source[0] == '@')
            first = ar.currentline;
        if (ar.source[0] == '@' && strcmp(ar.source + 1, s->path) == 0)
            return ar.currentline;
    }
    return first;
}

/* ---- functions the scenario script sees ----------------------------------- */

/* luaL_error with full printf formats (lua_pushfstring lacks %g). */
static int raise(lua_State *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int raise(lua_State *L, const char *fmt, ...)
{
    char buf[ACC_ERRLEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return luaL_error(L, "%s", buf);
}

#define ACC_PARAM_INT_MAX 9007199254740992.0 /* 2^53 */

/* param{name=, default=, min=, max=, unit=, doc=, integer=}: declare a knob
 * and get its resolved value (the default or a --set / sweep override). */
static int l_param(lua_State *L)
{
    acc_scenario *s = scn_of(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_getfield(L, 1, "name");
    const char *name = lua_tostring(L, -1);
    if (!name || !name[0])
        return raise(L, "param: 'name' must be a non-empty string");
    for (const char *c = name; *c; c++)
        if (!(isalnum((unsigned char)*c) || *c == '_'))
            return raise(L, "param '%s': names use letters, digits and _ only", name);
    if (strlen(name) >= sizeof s->params[0].name)
        return raise(L, "param '%s': name longer than %d characters", name,
                          (int)sizeof s->params[0].name - 1);
    static const char *const known[] = {"name", "default", "min", "max", "unit", "doc", "integer"};
    /* of several unknown fields, the first in byte order (not the table's) */
    const char *bad = NULL, *badtype = NULL;
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        lua_pop(L, 1);
        const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        int ok = 0;
        for (size_t i = 0; k && i < sizeof known / sizeof known[0]; i++)
            ok |= strcmp(k, known[i]) == 0;
        if (!ok && !k && !badtype)
            badtype = luaL_typename(L, -1);
        else if (!ok && k && (!bad || strcmp(k, bad) < 0))
            bad = k; /* anchored by the table */
    }
    if (badtype)
        return raise(L, "param '%s': unknown field '%s'", name, badtype);
    if (bad) {
        char hint[64] = "";
        sc_suggest(hint, sizeof hint, bad, known, (int)(sizeof known / sizeof known[0]));
        return raise(L, "param '%s': unknown field '%s'%s", name, bad, hint);
    }
    for (int i = 0; i < s->nparams; i++)
        if (strcmp(s->params[i].name, name) == 0)
            return raise(L, "param '%s' is declared twice", name);
    static const char *const reserved[] = {"scenario", "seed", "run", "run_id", "point", "rep"};
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
        if (strcmp(reserved[i], name) == 0)
            return raise(L, "param '%s': the name is reserved for an output column", name);
    for (int i = 0; i < acc_world_summary_count(NULL); i++)
        if (strcmp(acc_world_summary_name(NULL, i), name) == 0)
            return raise(L, "param '%s' has the name of a model outcome; choose another name",
                              name);
    if (s->nparams >= ACC_MAX_PARAMS)
        return raise(L, "too many parameters (at most %d)", ACC_MAX_PARAMS);
    acc_param_decl d;
    memset(&d, 0, sizeof d);
    snprintf(d.name, sizeof d.name, "%s", name);
    const char *nums[] = {"default", "min", "max"};
    double *dst[] = {&d.def, &d.lo, &d.hi};
    for (int i = 0; i < 3; i++) {
        lua_getfield(L, 1, nums[i]);
        int t = lua_type(L, -1);
        if (t != LUA_TNUMBER) {
            return raise(L, "param '%s': '%s' must be a number, got %s", name, nums[i],
                              lua_typename(L, t));
        } else {
            *dst[i] = lua_tonumber(L, -1);
        }
        lua_pop(L, 1);
        if (!isfinite(*dst[i])) {
            char got[ACC_IO_NUMBUF]; /* "nan", not printf's "-nan" */
            acc_io_fmt_double(got, *dst[i]);
            return raise(L, "param '%s': '%s' must be finite, got %s", name, nums[i], got);
        }
    }
    if (d.lo > d.hi)
        return raise(L, "param '%s': min (%g) is above max (%g)", name, d.lo, d.hi);
    if (d.def < d.lo || d.def > d.hi)
        return raise(L, "param '%s': default %g is outside [%g, %g]", name, d.def, d.lo, d.hi);
    lua_getfield(L, 1, "integer");
    d.integer = lua_toboolean(L, -1);
    lua_getfield(L, 1, "unit");
    snprintf(d.unit, sizeof d.unit, "%s", lua_isstring(L, -1) ? lua_tostring(L, -1) : "");
    lua_getfield(L, 1, "doc");
    snprintf(d.doc, sizeof d.doc, "%s", lua_isstring(L, -1) ? lua_tostring(L, -1) : "");
    for (char *q = d.unit; *q; q++) /* shown in tables: no control characters */
        if ((unsigned char)*q < 0x20 || *q == 0x7f)
            *q = '?';
    lua_pop(L, 3);
    /* integers travel as doubles (sweeps, --set) and reach Lua as integers:
     * only the range where both are exact */
    if (d.integer && (d.lo < -ACC_PARAM_INT_MAX || d.hi > ACC_PARAM_INT_MAX))
        return raise(L, "param '%s': an integer parameter's min and max must lie within "
                        "[-2^53, 2^53] = [%.0f, %.0f], got [%g, %g]",
                     name, -ACC_PARAM_INT_MAX, ACC_PARAM_INT_MAX, d.lo, d.hi);
    if (d.integer && d.def != floor(d.def))
        return raise(L, "param '%s': integer parameter with default %g", name, d.def);
    d.value = d.def;
    for (int i = 0; i < s->nsets; i++) {
        if (strcmp(s->sets[i].name, name) != 0)
            continue;
        double v = s->sets[i].value;
        s->sets[i].used = 1;
        if (!(v >= d.lo && v <= d.hi))
            return raise(L, "--set %s=%g: value outside the declared range [%g, %g]", name, v,
                              d.lo, d.hi);
        if (d.integer && v != floor(v))
            return raise(L, "--set %s=%g: parameter is an integer", name, v);
        d.value = v;
        d.overridden = 1;
    }
    s->params[s->nparams++] = d;
    if (d.integer)
        lua_pushinteger(L, (lua_Integer)d.value);
    else
        lua_pushnumber(L, d.value);
    return 1;
}

/* jurisdiction{...}, population{...}, recognize{...}, bloc{...}, share{...}
 * and scenario{...}: record where the table was written, return it. */
static int l_mark(lua_State *L)
{
    acc_scenario *s = scn_of(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    int line = acc_scenario_caller_line(L, s);
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->loc_ref);
    lua_pushvalue(L, 1);
    lua_pushinteger(L, line);
    lua_rawset(L, -3);
    lua_pop(L, 1);
    const char *kind = lua_tostring(L, lua_upvalueindex(1));
    lua_pushstring(L, kind);
    lua_setfield(L, 1, "__kind");
    lua_settop(L, 1);
    return 1;
}

/* uniform(lo, hi), loguniform(lo, hi), fixed(v): population distributions. */
static int l_dist(lua_State *L)
{
    const char *type = lua_tostring(L, lua_upvalueindex(1));
    double lo = luaL_checknumber(L, 1);
    double hi = strcmp(type, "fixed") == 0 ? lo : luaL_checknumber(L, 2);
    luaL_argcheck(L, isfinite(lo) && isfinite(hi), 1, "bounds must be finite");
    luaL_argcheck(L, lo <= hi, 2, "low end above high end");
    if (strcmp(type, "loguniform") == 0)
        luaL_argcheck(L, lo > 0, 1, "log-uniform needs a low end > 0");
    lua_createtable(L, 0, 3);
    lua_pushstring(L, type);
    lua_setfield(L, -2, "dist");
    lua_pushnumber(L, lo);
    lua_setfield(L, -2, "lo");
    lua_pushnumber(L, hi);
    lua_setfield(L, -2, "hi");
    return 1;
}

/* Runs protected (an allocation failure under a tiny memory cap must be a
 * Lua error, not a panic): the location table and every global of the API. */
static int l_register_api(lua_State *L)
{
    acc_scenario *s = scn_of(L);
    lua_newtable(L); /* {subtable -> line}, weak keys */
    lua_newtable(L);
    lua_pushstring(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    s->loc_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    acc_sandbox_push_env(s->sb); /* env */
    lua_pushcfunction(L, l_param);
    lua_setfield(L, -2, "param");
    static const char *const marks[] = {"scenario", "jurisdiction", "population", "recognize", "bloc",
                                        "share"};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
        lua_pushstring(L, marks[i]);
        lua_pushcclosure(L, l_mark, 1);
        lua_setfield(L, -2, marks[i]);
    }
    static const char *const dists[] = {"uniform", "loguniform", "fixed"};
    for (size_t i = 0; i < sizeof dists / sizeof dists[0]; i++) {
        lua_pushstring(L, dists[i]);
        lua_pushcclosure(L, l_dist, 1);
        lua_setfield(L, -2, dists[i]);
    }
    acc_egt_lua_open(L); /* env egt */
    lua_setfield(L, -2, "egt");
    lua_createtable(L, 0, 2); /* env accord */
    lua_pushstring(L, ACCORD_VERSION);
    lua_setfield(L, -2, "version");
    lua_setfield(L, -2, "accord");
    lua_pop(L, 1);
    acc_worldlua_register(L);
    return 0;
}

/* ---- loading ------------------------------------------------------------------ */

/* Lua shortens chunk names over 60 characters to "...tail"; put the full
 * scenario path back wherever a message names it that way. */
static void expand_chunknames(char *msg, size_t n, const char *path)
{
    size_t plen = strlen(path);
    char *p = msg;
    while ((p = strstr(p, "...")) != NULL) {
        char *tail = p + 3, *colon = strchr(tail, ':');
        size_t tlen = colon ? (size_t)(colon - tail) : 0;
        if (tlen > 0 && tlen < plen && strncmp(path + plen - tlen, tail, tlen) == 0) {
            size_t len = strlen(msg), grow = plen - tlen - 3;
            if (len + grow + 1 > n)
                return; /* no room: keep the short form */
            memmove(p + plen, tail + tlen, len - (size_t)(tail + tlen - msg) + 1);
            memcpy(p, path, plen);
            p += plen;
        } else {
            p += 3;
        }
    }
}

/* Does the message start with "file:line:"? */
static int has_location(const char *msg)
{
    const char *c = strchr(msg, ':');
    if (!c || c == msg || memchr(msg, ' ', (size_t)(c - msg)) || memchr(msg, '\n', (size_t)(c - msg)))
        return 0;
    const char *d = c + 1;
    while (*d >= '0' && *d <= '9')
        d++;
    return d > c + 1 && *d == ':';
}

/* A load error with no location at all (raised from a tail call such as
 * `return policies.attach(...)`, whose frame Lua has dropped): name the
 * scenario file, and drop the traceback, which cannot point anywhere useful. */
static void locate_load_error(char *msg, size_t n, const char *path)
{
    if (has_location(msg) || strncmp(msg, path, strlen(path)) == 0)
        return;
    char *tb = strstr(msg, "\nstack traceback:");
    /* the innermost frame in the scenario file gives the line */
    char where[1100];
    snprintf(where, sizeof where, "%s", path);
    if (tb) {
        size_t pl = strlen(path);
        for (const char *f = strstr(tb, "\n\t"); f; f = strstr(f + 1, "\n\t")) {
            if (strncmp(f + 2, path, pl) == 0 && f[2 + pl] == ':' && f[3 + pl] >= '0' &&
                f[3 + pl] <= '9') {
                long line = strtol(f + 3 + pl, NULL, 10);
                snprintf(where, sizeof where, "%s:%ld", path, line);
                break;
            }
        }
        *tb = 0;
    }
    path = where;
    size_t plen = strlen(path), len = strlen(msg);
    if (plen + 2 + 4 >= n)
        return;
    if (plen + 2 + len + 1 > n) { /* a long message: cut its end, keep the file name */
        len = n - plen - 2 - 1;
        memcpy(msg + len - 3, "...", 4);
    }
    memmove(msg + plen + 2, msg, len + 1);
    memcpy(msg, path, plen);
    msg[plen] = ':';
    msg[plen + 1] = ' ';
}

/* For load errors whose first line already names the scenario file and line,
 * the Lua traceback adds nothing an analyst needs: drop it. */
static void trim_load_traceback(char *msg, const char *path)
{
    size_t plen = strlen(path);
    char *tb = strstr(msg, "\nstack traceback:");
    if (tb && strncmp(msg, path, plen) == 0 && msg[plen] == ':' && msg[plen + 1] >= '0' &&
        msg[plen + 1] <= '9')
        *tb = 0;
}

void acc_scenario_tidy_error(char *msg, size_t n, const char *path)
{
    expand_chunknames(msg, n, path);
    locate_load_error(msg, n, path);
}

static void default_log(void *ud, const char *msg)
{
    (void)ud;
    fprintf(stderr, "%s\n", msg);
}

/* A parameter named like a summary column that depends on the world's
 * jurisdictions (harm_eu): l_param checks the others when it is declared. */
static int check_param_outcomes(const acc_scenario *s, char *err, size_t errlen)
{
    char name[ACC_ID_LEN + 16];
    for (int i = acc_world_summary_count(NULL); i < acc_config_summary_count(&s->cfg); i++) {
        acc_config_summary_name(&s->cfg, i, name, sizeof name);
        for (int k = 0; k < s->nparams; k++)
            if (strcmp(s->params[k].name, name) == 0) {
                acc_errf(err, errlen,
                         "%s: param '%s' has the name of a model outcome (a summary column of "
                         "the scenario's jurisdictions); choose another name",
                         s->path, name);
                return ACC_EINVAL;
            }
    }
    return ACC_OK;
}

int acc_scenario_load(const acc_scenario_opts *o, acc_scenario **out, char *err, size_t errlen)
{
    *out = NULL;
    if (o->n_sets > ACC_MAX_SETS) {
        acc_errf(err, errlen, "too many --set options (at most %d)", ACC_MAX_SETS);
        return ACC_EINVAL;
    }
    acc_scenario *s = calloc(1, sizeof *s);
    if (!s) {
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    s->on_incident_ref = s->on_step_end_ref = s->rule_ref = LUA_NOREF;
    s->model_ref = s->tables_ref = s->loc_ref = s->world_ud_ref = LUA_NOREF;
    s->seed = o->seed;
    s->run = o->run;
    s->log = o->log ? o->log : default_log;
    s->log_ud = o->log ? o->log_ud : NULL;
    s->warn = o->warn;
    s->warn_ud = o->warn_ud;
    s->strict = o->strict;
    int rc = ACC_EINVAL;
    if (strlen(o->path) >= sizeof s->path) {
        acc_errf(err, errlen, "scenario path '%.60s...' is too long (%zu bytes, at most %zu)",
                 o->path, strlen(o->path), sizeof s->path - 1);
        goto fail;
    }
    snprintf(s->path, sizeof s->path, "%s", o->path);
    acc_config_init(&s->cfg, &s->cfg_room);
    for (int i = 0; i < o->n_sets; i++) {
        const char *eq = strchr(o->sets[i], '=');
        size_t nl = eq ? (size_t)(eq - o->sets[i]) : 0;
        if (!eq || nl == 0 || nl >= sizeof s->sets[0].name) {
            acc_errf(err, errlen, "--set '%s': expected name=value", o->sets[i]);
            goto fail;
        }
        memcpy(s->sets[i].name, o->sets[i], nl);
        s->sets[i].name[nl] = 0;
        if (!acc_parse_set_value(eq + 1, &s->sets[i].value) || !isfinite(s->sets[i].value)) {
            if (acc_decimal_too_large(eq + 1))
                acc_errf(err, errlen, "--set %s: '%s' " ACC_DECIMAL_TOO_LARGE, s->sets[i].name, eq + 1);
            else
                acc_errf(err, errlen, "--set %s: '%s' is not " ACC_SET_VALUE_FORMS, s->sets[i].name, eq + 1);
            goto fail;
        }
        for (int k = 0; k < i; k++)
            if (strcmp(s->sets[k].name, s->sets[i].name) == 0) {
                acc_errf(err, errlen, "--set %s is given twice", s->sets[i].name);
                goto fail;
            }
    }
    s->nsets = o->n_sets;
    if ((rc = acc_io_read_regular_file(o->path, MAX_SCENARIO_BYTES, &s->source, &s->source_len, err,
                               errlen)) ||
        (rc = acc_io_check_text(o->path, s->source, s->source_len, err, errlen)))
        goto fail;
    unsigned char digest[ACC_SHA256_LEN];
    acc_sha256(s->source, s->source_len, digest);
    acc_sha256_hex(digest, s->sha256);
    /* name: the file's base name without .lua, unless the scenario names itself */
    const char *base = strrchr(o->path, '/');
    base = base ? base + 1 : o->path;
    snprintf(s->name, sizeof s->name, "%s", base);
    char *dot = strrchr(s->name, '.');
    if (dot && strcmp(dot, ".lua") == 0)
        *dot = 0;

    char scripts[1024], dir[1024];
    acc_scenario_module_dirs_of(o->path, o->scripts_dir, scripts, sizeof scripts, dir, sizeof dir);
    const char *dirs[2] = {scripts, dir};
    acc_sandbox_opts so;
    memset(&so, 0, sizeof so);
    so.mem_limit_bytes = o->mem_limit_bytes;
    so.time_limit_s = o->time_limit_s == 0 ? 60 : (o->time_limit_s < 0 ? 0 : o->time_limit_s);
    so.search_dirs = dirs;
    so.n_search_dirs = 2;
    so.seed = o->seed;
    so.run = o->run;
    so.log = o->log ? o->log : default_log;
    so.log_ud = o->log ? o->log_ud : NULL;
    so.stuck = o->stuck;
    so.stuck_ud = o->stuck_ud;
    so.interrupted = o->interrupted;
    if ((rc = acc_sandbox_new(&so, &s->sb, err, errlen)))
        goto fail;
    s->L = acc_sandbox_lua(s->sb);
    lua_pushlightuserdata(s->L, s);
    lua_setfield(s->L, LUA_REGISTRYINDEX, SCN_KEY);
    lua_pushcfunction(s->L, l_register_api);
    if ((rc = acc_sandbox_pcall(s->sb, 0, 0, err, errlen)))
        goto fail;
    int top = lua_gettop(s->L);
    if ((rc = acc_sandbox_dostring(s->sb, s->source, s->path, 1, err, errlen)))
        goto fail;
    /* The returned table is the script's: reading it can run its
     * metamethods, so the whole conversion runs protected and timed. */
    rc = acc_sandbox_cpcall(s->sb, sc_convert, s, 1, err, errlen);
    lua_settop(s->L, top);
    if (rc == ACC_OK && s->strict_failed) { /* --strict: the first warning */
        acc_errf(err, errlen, "%s", s->strict_msg);
        rc = ACC_EINVAL;
    }
    if (rc == ACC_OK && !s->function_model)
        rc = check_param_outcomes(s, err, errlen);
    if (rc)
        goto fail;
    *out = s;
    return ACC_OK;
fail:
    if (err && errlen) {
        expand_chunknames(err, errlen, o->path);
        if (rc != ACC_EIO && rc != ACC_ENOMEM)
            locate_load_error(err, errlen, o->path);
        trim_load_traceback(err, o->path);
    }
    acc_scenario_free(s);
    return rc;
}

void acc_scenario_free(acc_scenario *s)
{
    if (!s)
        return;
    acc_world_free(s->world);
    acc_sandbox_free(s->sb);
    for (int i = 0; i < s->nsummary; i++)
        free(s->summary_names[i]);
    sc_warn_free(s);
    free(s->metrics);
    free(s->source);
    free(s->description);
    free(s);
}

const char *acc_scenario_name(const acc_scenario *s) { return s->name; }
const char *acc_scenario_description(const acc_scenario *s)
{
    return s->description ? s->description : "";
}
const char *acc_scenario_path(const acc_scenario *s) { return s->path; }
const char *acc_scenario_sha256(const acc_scenario *s) { return s->sha256; }
int acc_scenario_is_function_model(const acc_scenario *s) { return s->function_model; }
const acc_config *acc_scenario_config(const acc_scenario *s)
{
    return s->function_model ? NULL : &s->cfg;
}
int acc_scenario_nparams(const acc_scenario *s) { return s->nparams; }
const acc_param_decl *acc_scenario_param(const acc_scenario *s, int i) { return &s->params[i]; }
int acc_scenario_nfield_sets(const acc_scenario *s) { return s->nfield_sets; }
const char *acc_scenario_field_set(const acc_scenario *s, int i, double *value)
{
    *value = s->sets[s->field_set_idx[i]].value;
    return s->sets[s->field_set_idx[i]].name;
}
int acc_scenario_npolicies(const acc_scenario *s) { return s->npolicies; }

const char *acc_scenario_failure(const acc_scenario *s, int *step, double *year)
{
    if (step)
        *step = s->fail_step;
    if (year)
        *year = s->fail_year;
    return s->fail_where;
}
int acc_scenario_nevents(const acc_scenario *s) { return s->nevents; }
int acc_scenario_has_rule(const acc_scenario *s) { return s->rule_ref != LUA_NOREF; }
int acc_scenario_has_hook(const acc_scenario *s, const char *name)
{
    if (!s || !name)
        return 0;
    if (strcmp(name, "on_step_end") == 0)
        return s->on_step_end_ref != LUA_NOREF;
    if (strcmp(name, "on_incident") == 0)
        return s->on_incident_ref != LUA_NOREF;
    return 0;
}
const acc_world *acc_scenario_world(const acc_scenario *s) { return s->world; }
size_t acc_scenario_lua_peak_bytes(const acc_scenario *s) { return acc_sandbox_mem_peak(s->sb); }
void acc_scenario_module_dirs_of(const char *path, const char *scripts_dir, char *scripts,
                                 size_t nscripts, char *dir, size_t ndir)
{
    /* Modules come from scripts/ (base/datadir.h): ACCORD_SCRIPTS, else
     * ./scripts when run from the source tree (relative, so messages read
     * "scripts/x.lua:3:" and stay under Lua's 60-character chunk-name limit),
     * else the installation's share/accord/scripts, else (a build-tree binary)
     * the build's source; found nowhere: ./scripts, which require names. */
    if (scripts_dir)
        snprintf(scripts, nscripts, "%s", scripts_dir);
    else if (!acc_data_dir("scripts", scripts, nscripts))
        snprintf(scripts, nscripts, "scripts");
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    snprintf(dir, ndir, "%.*s", base == path ? 1 : (int)(base - path - 1), base == path ? "." : path);
}

int acc_scenario_nmodules(const acc_scenario *s) { return acc_sandbox_nmodules(s->sb); }
const char *acc_scenario_module(const acc_scenario *s, int i, const char **path,
                                const char **sha256)
{
    return acc_sandbox_module(s->sb, i, path, sha256);
}
int acc_scenario_nmodule_dirs(const acc_scenario *s) { return acc_sandbox_nsearch_dirs(s->sb); }
const char *acc_scenario_module_dir(const acc_scenario *s, int i)
{
    return acc_sandbox_search_dir(s->sb, i);
}
int acc_scenario_summary_count(const acc_scenario *s) { return s->nsummary; }
const char *acc_scenario_summary_name(const acc_scenario *s, int i) { return s->summary_names[i]; }
double acc_scenario_summary_value(const acc_scenario *s, int i) { return s->summary_values[i]; }
int acc_scenario_nmetrics(const acc_scenario *s) { return s->nmetrics; }
static const sc_metric *metric_at(const acc_scenario *s, int i)
{
    return i >= 0 && i < s->nmetrics ? &s->metrics[i] : NULL;
}
const char *acc_scenario_metric_name(const acc_scenario *s, int i)
{
    return metric_at(s, i) ? metric_at(s, i)->name : "";
}
const char *acc_scenario_metric_unit(const acc_scenario *s, int i)
{
    return metric_at(s, i) ? metric_at(s, i)->unit : "";
}
const char *acc_scenario_metric_doc(const acc_scenario *s, int i)
{
    return metric_at(s, i) ? metric_at(s, i)->doc : "";
}
double acc_scenario_metric_last(const acc_scenario *s, int i)
{
    return metric_at(s, i) ? metric_at(s, i)->last : NAN;
}
