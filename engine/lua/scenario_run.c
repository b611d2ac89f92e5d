/* accord — running a loaded scenario: the world model with the scenario's Lua
 * policies as hooks, or a pure Lua function model (its outcomes become the
 * run's summary, its tables extra CSVs). SPDX-License-Identifier: GPL-3.0-or-later */
#include "lua/scenario_int.h"
#include "lua/scenario_conv.h"
#include "lua/world_lua.h"
#include "lua/world_lua_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

/* ---- hooks: C trampolines into the scenario's Lua functions ------------------- */

/* A hook's error, with where it happened: the message's first line, then
 * "  in policies[2] (defined at file.lua:12) at step 37, year 3", then the
 * rest (the traceback). `what` names the hook in the scenario table
 * ("policies", "events", "developer_rule", ...), index is 1-based (0: none).
 * Also kept on the scenario for the manifest of the failed run. */
static void hook_error(acc_scenario *s, int ref, const char *what, int index, const char *msg)
{
    lua_State *L = s->L;
    char def[200] = "";
    lua_Debug ar;
    int top = lua_gettop(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, ref); /* ... fn */
    /* a per-developer rule is a C marker holding the Lua function as upvalue 1 */
    if (lua_iscfunction(L, -1) && lua_getupvalue(L, -1, 1)) /* ... marker f */
        lua_remove(L, -2);
    if (lua_isfunction(L, -1) && lua_getinfo(L, ">S", &ar) && ar.linedefined > 0)
        snprintf(def, sizeof def, " (defined at %s:%d)", ar.short_src, ar.linedefined);
    lua_settop(L, top);
    char idx[24] = "";
    if (index > 0)
        snprintf(idx, sizeof idx, "[%d]", index);
    snprintf(s->fail_where, sizeof s->fail_where, "%s%s%s", what, idx, def);
    s->fail_step = acc_world_step_index(s->world) + 1;
    s->fail_year = acc_world_year(s->world);
    size_t first = strcspn(msg, "\n"), keep = first;
    /* a first line of ~1000 bytes (error(string.rep("y", 10000))) pushed the
     * hook, step and year out of the message: cut it (at a UTF-8 boundary) */
    if (keep > ACC_ERRLEN / 2) {
        keep = ACC_ERRLEN / 2;
        while (keep > 0 && ((unsigned char)msg[keep] & 0xC0) == 0x80)
            keep--;
    }
    acc_world_set_error(s->world, "%.*s%s\n  in %s at step %d, year %g%s", (int)keep, msg,
                        keep < first ? " ..." : "", s->fail_where, s->fail_step, s->fail_year, msg + first);
}

static int call_hook(acc_scenario *s, int ref, int nargs_after_world, const char *what, int index)
{
    /* stack: ... args ; insert fn and world below the args */
    lua_State *L = s->L;
    lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
    lua_insert(L, -1 - nargs_after_world);
    acc_worldlua_push(L, s);
    lua_insert(L, -1 - nargs_after_world);
    char msg[ACC_ERRLEN];
    int rc = acc_sandbox_pcall(s->sb, 1 + nargs_after_world, 0, msg, sizeof msg);
    if (rc)
        hook_error(s, ref, what, index, msg);
    return rc;
}

static int hook_step_begin(void *ud, acc_world *w)
{
    acc_scenario *s = ud;
    (void)w;
    int step = acc_world_step_index(w) + 1; /* the step about to run */
    for (int i = 0; i < s->nevents; i++)
        if (s->events[i].at_step == step) {
            int rc = call_hook(s, s->events[i].ref, 0, "events", i + 1);
            if (rc)
                return rc;
        }
    for (int i = 0; i < s->npolicies; i++) {
        int rc = call_hook(s, s->policy_ref[i], 0, "policies", i + 1);
        if (rc)
            return rc;
    }
    return ACC_OK;
}

/* developer_rule(world, dev) for every live developer, `dev` one reused
 * proxy: the whole step's calls run inside one protected call (the loop is
 * C, acc_worldlua_rule_loop), so a rule costs a Lua call per developer, not
 * a protected call or a table. */
static int hook_rule(void *ud, acc_world *w)
{
    acc_scenario *s = ud;
    (void)w; /* s->world */
    lua_State *L = s->L;
    lua_pushcfunction(L, acc_worldlua_rule_loop); /* loop */
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->rule_ref); /* loop rule */
    acc_worldlua_push(L, s);                        /* loop rule world */
    char msg[ACC_ERRLEN];
    int rc = acc_sandbox_pcall(s->sb, 2, 0, msg, sizeof msg);
    if (rc)
        hook_error(s, s->rule_ref, "developer_rule", 0, msg);
    return rc;
}

/* Inside the protected call: (hook, world, event, scenario; the last two as
 * light userdata) -> hook(world, incident table), so building the table
 * cannot raise outside protection (a memory error there would end the
 * process). Nothing pushed before the call allocates. */
static int incident_trampoline(lua_State *L)
{
    const acc_event *inc = lua_touserdata(L, 3);
    acc_scenario *s = lua_touserdata(L, 4);
    const acc_config *cfg = acc_world_config(s->world);
    lua_settop(L, 2); /* hook world */
    lua_createtable(L, 0, 8);
    lua_pushinteger(L, inc->step);
    lua_setfield(L, -2, "step");
    lua_pushnumber(L, inc->step / cfg->steps_per_year);
    lua_setfield(L, -2, "year");
    lua_pushinteger(L, inc->dev + 1); /* developers are 1-based in Lua */
    lua_setfield(L, -2, "developer");
    lua_pushnumber(L, inc->value);
    lua_setfield(L, -2, "severity");
    lua_pushstring(L, inc->jur >= 0 ? cfg->jur[inc->jur].id : "self");
    lua_setfield(L, -2, "detected_by");
    lua_pushnumber(L, inc->lag);
    lua_setfield(L, -2, "lag");
    lua_pushnumber(L, inc->harm);
    lua_setfield(L, -2, "harm");
    lua_pushnumber(L, inc->exposure);
    lua_setfield(L, -2, "exposure");
    lua_call(L, 2, 0); /* hook(world, incident) */
    return 0;
}

static int hook_incident(void *ud, acc_world *w, const acc_event *inc)
{
    acc_scenario *s = ud;
    (void)w; /* s->world */
    lua_State *L = s->L;
    lua_pushcfunction(L, incident_trampoline); /* tramp */
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->on_incident_ref);
    acc_worldlua_push(L, s);
    lua_pushlightuserdata(L, (void *)inc);
    lua_pushlightuserdata(L, s); /* tramp hook world event scenario */
    char msg[ACC_ERRLEN];
    int rc = acc_sandbox_pcall(s->sb, 4, 0, msg, sizeof msg);
    if (rc)
        hook_error(s, s->on_incident_ref, "on_incident", 0, msg);
    return rc;
}

static int hook_step_end(void *ud, acc_world *w)
{
    acc_scenario *s = ud;
    (void)w;
    return call_hook(s, s->on_step_end_ref, 0, "on_step_end", 0);
}

/* ---- outputs: events are also kept for world:events() ------------------------- */

typedef struct sink_wrap {
    acc_scenario *s;
    const acc_run_sink *sink;
    /* the events are kept for world:events (this step's and the previous
     * one's) only where Lua code runs during the run: a scenario with no
     * policies, events, rule or hooks never sees them, and a large world's
     * first step may emit millions (issue 12: memory flat in the events) */
    int keep;
} sink_wrap;

static int wrap_ts_row(void *ud, const acc_ts_row *row)
{
    sink_wrap *sw = ud;
    if (sw->sink && sw->sink->world.ts_row)
        return sw->sink->world.ts_row(sw->sink->world.ud, row);
    return ACC_OK;
}

static int wrap_event(void *ud, const acc_event *ev)
{
    sink_wrap *sw = ud;
    if (sw->keep) {
        int rc = acc_worldlua_note_event(sw->s->L, ev);
        if (rc)
            return rc;
    }
    if (sw->sink && sw->sink->world.event)
        return sw->sink->world.event(sw->sink->world.ud, ev);
    return ACC_OK;
}

/* ---- summary --------------------------------------------------------------- */

static void clear_summary(acc_scenario *s)
{
    for (int i = 0; i < s->nsummary; i++)
        free(s->summary_names[i]);
    s->nsummary = 0;
}

static int add_summary(acc_scenario *s, const char *name, double v)
{
    if (s->nsummary >= ACC_MAX_SUMMARY)
        return ACC_EINVAL;
    char *copy = strdup(name);
    if (!copy)
        return ACC_ENOMEM;
    s->summary_names[s->nsummary] = copy;
    s->summary_values[s->nsummary++] = v;
    return ACC_OK;
}

/* Sorted string keys of the table at idx (pairs() order varies between
 * processes; outputs never depend on it). Caller frees the array; a key that
 * is not a string: ACC_EINVAL. */
static int sorted_keys(lua_State *L, int idx, const char ***out, int *n)
{
    const char *bad;
    int rc = sc_sorted_keys(L, idx, out, n, &bad);
    if (rc == ACC_OK && bad) {
        free((void *)*out);
        *out = NULL;
        *n = 0;
        return ACC_EINVAL;
    }
    return rc;
}

/* ---- function models ------------------------------------------------------------ */

/* What model() and tables.*() return is the script's: every read of it runs
 * inside acc_sandbox_cpcall (metamethods may raise or loop), and everything
 * malloc'd on the way hangs off this context so a raise cannot leak it. */
typedef struct fm_ctx {
    acc_scenario *s;
    const acc_run_sink *sink;
    const char **names;   /* sorted keys (borrowed from a table on the stack) */
    char **owned;         /* table names copied out of `tables` */
    int n, nowned;
    const char *tname;    /* the table being read */
    const char **cols, **text;
    double *cells;
    int fns_ref;          /* registry: {tables[name] for name in sorted order} */
} fm_ctx;

static void fm_free(fm_ctx *c)
{
    free(c->names);
    for (int i = 0; i < c->nowned; i++)
        free(c->owned[i]);
    free(c->owned);
    free(c->cols);
    free(c->text);
    free(c->cells);
    c->names = c->cols = c->text = NULL;
    c->owned = NULL;
    c->cells = NULL;
    c->n = c->nowned = 0;
}

/* An outcome's name is a column of summary.csv, runs.csv and points.csv and
 * a name for --outcomes: 1 to 128 letters, digits, '_', '.' and '-'. Names
 * with commas, quotes, spaces, newlines or nothing at all used to get
 * through into those files. (Names like other columns, e.g. a parameter's,
 * are for the writers: a sweep renames them out_<name>.) */
static int check_outcome_name(const acc_scenario *s, const char *name, char *err, size_t errlen)
{
    size_t len = strlen(name);
    int ok = len >= 1 && len <= 128;
    for (size_t k = 0; ok && k < len; k++) {
        char ch = name[k];
        ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
             ch == '.' || ch == '-';
    }
    if (!ok) {
        char shown[4 * 64 + 1]; /* the name's first 64 bytes, control bytes as \xHH */
        size_t o = 0;
        for (size_t k = 0; k < len && k < 64; k++) {
            unsigned char ch = (unsigned char)name[k];
            if (ch < 0x20 || ch == 0x7f)
                o += (size_t)snprintf(shown + o, sizeof shown - o, "\\x%02x", ch);
            else
                shown[o++] = (char)ch;
        }
        shown[o] = '\0';
        acc_errf(err, errlen, "%s: model() outcome name '%s' must be 1 to 128 letters, digits, '_', '.' or '-'",
                 s->path, shown);
        return ACC_EINVAL;
    }
    return ACC_OK;
}

/* model()'s result at 1 -> the run's summary */
static int read_outcomes(lua_State *L, void *ud, char *err, size_t errlen)
{
    fm_ctx *c = ud;
    acc_scenario *s = c->s;
    if (!lua_istable(L, 1)) {
        acc_errf(err, errlen, "%s: model() must return a table of named numbers, got %s", s->path,
                 luaL_typename(L, 1));
        return ACC_EINVAL;
    }
    int rc = sorted_keys(L, 1, &c->names, &c->n);
    if (rc) {
        if (rc == ACC_EINVAL)
            acc_errf(err, errlen, "%s: model() outcomes must be named (string keys)", s->path);
        else
            acc_errf(err, errlen, "out of memory");
        return rc;
    }
    for (int i = 0; i < c->n && !rc; i++) {
        if ((rc = check_outcome_name(s, c->names[i], err, errlen)))
            return rc;
        lua_getfield(L, 1, c->names[i]);
        int t = lua_type(L, -1);
        if (t != LUA_TNUMBER && t != LUA_TBOOLEAN) {
            acc_errf(err, errlen, "%s: model() outcome '%s' must be a number, got %s", s->path,
                     c->names[i], lua_typename(L, t));
            rc = ACC_EINVAL;
        } else {
            double v = t == LUA_TBOOLEAN ? lua_toboolean(L, -1) : lua_tonumber(L, -1);
            rc = add_summary(s, c->names[i], v);
            if (rc)
                acc_errf(err, errlen, "%s: model() returned too many outcomes (at most %d)", s->path,
                         ACC_MAX_SUMMARY);
        }
        lua_pop(L, 1);
    }
    return rc;
}

static int valid_table_name(const char *name)
{
    if (!*name)
        return 0;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return 0;
    return 1;
}

/* `tables` at 1 -> c->owned (sorted names) and c->fns_ref (their functions) */
static int read_table_fns(lua_State *L, void *ud, char *err, size_t errlen)
{
    fm_ctx *c = ud;
    acc_scenario *s = c->s;
    int rc = sorted_keys(L, 1, &c->names, &c->n);
    if (rc) {
        acc_errf(err, errlen, "%s: tables must map names to functions", s->path);
        return rc;
    }
    c->owned = calloc((size_t)(c->n > 0 ? c->n : 1), sizeof *c->owned);
    if (!c->owned)
        return ACC_ENOMEM;
    lua_createtable(L, c->n, 0);
    for (int t = 0; t < c->n; t++) {
        const char *tname = c->names[t];
        if (!valid_table_name(tname) || strlen(tname) > 64) {
            acc_errf(err, errlen, "%s: table name '%.64s' must be 1 to 64 of a-z, 0-9 and _",
                     s->path, tname);
            return ACC_EINVAL;
        }
        if (!(c->owned[c->nowned] = strdup(tname)))
            return ACC_ENOMEM;
        c->nowned++;
        lua_getfield(L, 1, tname);
        if (!lua_isfunction(L, -1)) {
            acc_errf(err, errlen, "%s: tables.%s must be a function", s->path, tname);
            return ACC_EINVAL;
        }
        lua_rawseti(L, -2, t + 1);
    }
    c->fns_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    return ACC_OK;
}

/* tables.<c->tname>()'s result at 1 -> the sink */
static int read_table(lua_State *L, void *ud, char *err, size_t errlen)
{
    fm_ctx *c = ud;
    acc_scenario *s = c->s;
    const acc_run_sink *sink = c->sink;
    const char *tname = c->tname;
    int shape = lua_istable(L, 1);
    if (shape) {
        lua_getfield(L, 1, "columns");
        lua_getfield(L, 1, "rows");
        shape = lua_istable(L, 2) && lua_istable(L, 3);
    }
    if (!shape) {
        acc_errf(err, errlen, "%s: tables.%s() must return {columns = {...}, rows = {{...}, ...}}",
                 s->path, tname);
        return ACC_EINVAL;
    }
    const int cidx = 2, rowsidx = 3;
    lua_Integer ncols = luaL_len(L, cidx);
    if (ncols < 1 || ncols > 4096) {
        acc_errf(err, errlen, "%s: tables.%s: 1 to 4096 columns, got %lld", s->path, tname,
                 (long long)ncols);
        return ACC_EINVAL;
    }
    c->cols = calloc((size_t)ncols, sizeof *c->cols);
    c->text = calloc((size_t)ncols, sizeof *c->text);
    c->cells = calloc((size_t)ncols, sizeof *c->cells);
    if (!c->cols || !c->text || !c->cells)
        return ACC_ENOMEM;
    for (int k = 0; k < ncols; k++) {
        lua_rawgeti(L, cidx, k + 1);
        c->cols[k] = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        lua_pop(L, 1); /* anchored by the columns table */
        if (!c->cols[k]) {
            acc_errf(err, errlen, "%s: tables.%s: column %d must be a string", s->path, tname, k + 1);
            return ACC_EINVAL;
        }
    }
    int rc = ACC_OK;
    if (sink && sink->table_begin)
        rc = sink->table_begin(sink->ud, tname, (int)ncols, c->cols);
    lua_Integer nrows = luaL_len(L, rowsidx);
    for (lua_Integer r = 1; r <= nrows && !rc; r++) {
        lua_rawgeti(L, rowsidx, r);
        if (!lua_istable(L, -1) || (lua_Integer)lua_rawlen(L, -1) != ncols) {
            acc_errf(err, errlen, "%s: tables.%s: row %lld must be a list of %d cells", s->path,
                     tname, (long long)r, (int)ncols);
            return ACC_EINVAL;
        }
        for (int k = 0; k < ncols && !rc; k++) {
            lua_rawgeti(L, -1, k + 1);
            c->text[k] = NULL;
            int t = lua_type(L, -1);
            if (t == LUA_TNUMBER) {
                c->cells[k] = lua_tonumber(L, -1);
            } else if (t == LUA_TSTRING) {
                c->text[k] = lua_tostring(L, -1); /* anchored by the row */
                c->cells[k] = NAN;
            } else if (t == LUA_TBOOLEAN) {
                c->cells[k] = lua_toboolean(L, -1);
            } else {
                acc_errf(err, errlen, "%s: tables.%s: row %lld column %d must be a number or string",
                         s->path, tname, (long long)r, k + 1);
                rc = ACC_EINVAL;
            }
            lua_pop(L, 1);
        }
        if (!rc && sink && sink->table_row)
            rc = sink->table_row(sink->ud, c->cells, c->text, (int)ncols);
        lua_pop(L, 1);
    }
    if (!rc && sink && sink->table_end)
        rc = sink->table_end(sink->ud);
    return rc;
}

static int run_tables(acc_scenario *s, fm_ctx *c, char *err, size_t errlen)
{
    lua_State *L = s->L;
    if (s->tables_ref == LUA_NOREF || s->tables_ref == LUA_REFNIL)
        return ACC_OK;
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->tables_ref);
    int rc = acc_sandbox_cpcall(s->sb, read_table_fns, c, 1, err, errlen);
    char **names = c->owned;
    int n = c->nowned;
    c->owned = NULL;
    c->nowned = 0;
    fm_free(c);
    for (int t = 0; t < n && rc == ACC_OK; t++) {
        /* each table function under its own time limit */
        lua_rawgeti(L, LUA_REGISTRYINDEX, c->fns_ref);
        lua_rawgeti(L, -1, t + 1);
        lua_remove(L, -2);
        if ((rc = acc_sandbox_pcall(s->sb, 0, 1, err, errlen)))
            break;
        c->tname = names[t];
        rc = acc_sandbox_cpcall(s->sb, read_table, c, 1, err, errlen);
        fm_free(c);
    }
    for (int t = 0; t < n; t++)
        free(names[t]);
    free(names);
    if (c->fns_ref != LUA_NOREF)
        luaL_unref(L, LUA_REGISTRYINDEX, c->fns_ref);
    c->fns_ref = LUA_NOREF;
    return rc;
}

static int run_function_model(acc_scenario *s, const acc_run_sink *sink, char *err, size_t errlen)
{
    lua_State *L = s->L;
    int top = lua_gettop(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->model_ref);
    int rc = acc_sandbox_pcall(s->sb, 0, 1, err, errlen);
    if (rc)
        return rc;
    fm_ctx c;
    memset(&c, 0, sizeof c);
    c.s = s;
    c.sink = sink;
    c.fns_ref = LUA_NOREF;
    rc = acc_sandbox_cpcall(s->sb, read_outcomes, &c, 1, err, errlen);
    fm_free(&c);
    if (rc == ACC_OK)
        rc = run_tables(s, &c, err, errlen);
    fm_free(&c);
    lua_settop(L, top);
    return rc;
}

/* ---- world runs ---------------------------------------------------------------- */

static int scenario_run(acc_scenario *s, const acc_run_sink *sink, char *err, size_t errlen);

int acc_scenario_run(acc_scenario *s, const acc_run_sink *sink, char *err, size_t errlen)
{
    int rc = scenario_run(s, sink, err, errlen);
    if (rc && s->strict_failed) { /* --strict: a policy's warning ended the run */
        acc_errf(err, errlen, "%s", s->strict_msg);
        return ACC_EINVAL;
    }
    if (rc && err && errlen)
        acc_scenario_tidy_error(err, errlen, s->path);
    return rc;
}

static int scenario_run(acc_scenario *s, const acc_run_sink *sink, char *err, size_t errlen)
{
    clear_summary(s);
    s->fail_where[0] = '\0';
    s->fail_step = 0;
    s->fail_year = 0;
    if (s->function_model)
        return run_function_model(s, sink, err, errlen);
    acc_world_free(s->world);
    s->world = NULL;
    int rc = acc_world_new(&s->cfg, s->seed, s->run, &s->world, err, errlen);
    if (rc) {
        char msg[ACC_ERRLEN];
        snprintf(msg, sizeof msg, "%s", err);
        acc_errf(err, errlen, "%s: %s", s->path, msg);
        return rc;
    }
    s->sink = sink;
    acc_hooks h = {s, (s->npolicies || s->nevents) ? hook_step_begin : NULL,
                   s->rule_ref != LUA_NOREF ? hook_rule : NULL,
                   s->on_incident_ref != LUA_NOREF ? hook_incident : NULL,
                   s->on_step_end_ref != LUA_NOREF ? hook_step_end : NULL};
    acc_world_set_hooks(s->world, &h);
    sink_wrap sw = {s, sink, h.step_begin || h.developer_rule || h.on_incident || h.step_end};
    if (sw.keep && acc_world_track_profit(s->world)) { /* Lua code may read profit_12m */
        acc_errf(err, errlen, "%s: out of memory keeping the developers' 12-month profits", s->path);
        return ACC_ENOMEM;
    }
    acc_sink ws = {&sw, wrap_ts_row, wrap_event};
    acc_world_set_sink(s->world, &ws);
    if ((rc = acc_worldlua_begin_run(s->L, s, err, errlen))) {
        acc_world_set_sink(s->world, NULL);
        return rc;
    }
    rc = acc_world_run(s->world);
    acc_world_set_sink(s->world, NULL); /* sw lives on this stack frame */
    acc_worldlua_invalidate(s->L, s);
    if (rc) {
        acc_errf(err, errlen, "%s", acc_world_errmsg(s->world));
        /* The model's own failure ("step 12: developer 0 (startup, ...): capital
         * became nan") numbers developers from 0; events.csv and scripts from 1.
         * A hook's message is the script's: left as it is. */
        if (rc == ACC_ERUN && strncmp(err, "step ", 5) == 0)
            wl_fix_dev_ids(err, errlen);
        return rc;
    }
    int n = acc_world_summary_count(s->world);
    double *vals = malloc(sizeof *vals * (size_t)(n > 0 ? n : 1));
    if (!vals) {
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    acc_world_summary(s->world, vals);
    for (int i = 0; i < n && rc == ACC_OK; i++)
        rc = add_summary(s, acc_world_summary_name(s->world, i), vals[i]);
    free(vals);
    if (rc)
        acc_errf(err, errlen, "summary: too many outcomes");
    return rc;
}
