/* accord — the world's policy API: time, the log and custom metrics,
 * jurisdictions and model-wide parameters, recognition, blocs, sharing links
 * and injected vulnerabilities. SPDX-License-Identifier: GPL-3.0-or-later */
#include "lua/world_lua_int.h"
#include "lua/names.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- argument helpers ---------------------------------------------------------------- */

/* A number as messages show it ("1.4", "nan", "inf"); pushed on the stack. */
static const char *numstr(lua_State *L, double v)
{
    char buf[64];
    if (isnan(v))
        snprintf(buf, sizeof buf, "nan");
    else if (isinf(v))
        snprintf(buf, sizeof buf, "%sinf", v < 0 ? "-" : "");
    else
        snprintf(buf, sizeof buf, "%.10g", v);
    return lua_pushstring(L, buf);
}

/* Field names of a table, in order (at most `max`). */
static int field_names(const acc_field *tab, int nf, const char **names, int max)
{
    int n = 0;
    for (int k = 0; k < nf && n < max; k++)
        names[n++] = tab[k].name;
    return n;
}

static double field_number(lua_State *L, int arg, const char *key, double def)
{
    lua_getfield(L, arg, key);
    double v = def;
    if (!lua_isnil(L, -1)) {
        if (lua_type(L, -1) != LUA_TNUMBER)
            luaL_argerror(L, arg, lua_pushfstring(L, "'%s' must be a number, got %s", key, luaL_typename(L, -1)));
        v = lua_tonumber(L, -1);
    }
    lua_pop(L, 1);
    return v;
}

static int field_bool(lua_State *L, int arg, const char *key, int def)
{
    lua_getfield(L, arg, key);
    int v = def;
    if (!lua_isnil(L, -1)) {
        if (!lua_isboolean(L, -1))
            luaL_argerror(L, arg, lua_pushfstring(L, "'%s' must be true or false, got %s", key, luaL_typename(L, -1)));
        v = lua_toboolean(L, -1);
    }
    lua_pop(L, 1);
    return v;
}

/* The fields of a policy object's table (acc_recog_fields, ...) that the
 * table at arg gives: numbers in their range, stored into obj. */
static void given_fields(lua_State *L, int arg, const acc_field *tab, int nf, void *obj)
{
    for (int k = 0; k < nf; k++) {
        lua_getfield(L, arg, tab[k].name);
        int given = !lua_isnil(L, -1);
        lua_pop(L, 1);
        if (!given)
            continue;
        double v = tab[k].kind == ACC_FK_BOOL ? field_bool(L, arg, tab[k].name, 0) : field_number(L, arg, tab[k].name, 0);
        char err[ACC_ERRLEN];
        if (acc_field_check(&tab[k], v, NULL, err, sizeof err))
            luaL_argerror(L, arg, lua_pushstring(L, err));
        acc_field_set(&tab[k], obj, v);
    }
}

/* ---- time --------------------------------------------------------------------------- */

static int w_step(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
    lua_pushinteger(L, acc_world_step_index(s->world) + 1);
    return 1;
}

static int w_year(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
    lua_pushnumber(L, acc_world_year(s->world));
    return 1;
}

static int w_steps(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
    lua_pushinteger(L, acc_world_nsteps(s->world));
    return 1;
}

static int w_years(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
    lua_pushnumber(L, acc_world_config(s->world)->years);
    return 1;
}

static int w_steps_per_year(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
    lua_pushnumber(L, acc_world_config(s->world)->steps_per_year);
    return 1;
}

/* ---- log and custom metrics ----------------------------------------------------------- */

static int w_log(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
    luaL_checkany(L, 2);
    const char *msg = luaL_tolstring(L, 2, NULL); /* world ... msg */
    luaL_where(L, 1);
    lua_pushfstring(L, "%s[step %d] %s", lua_tostring(L, -1), acc_world_step_index(s->world) + 1, msg);
    /* straight to the sandbox's log: through the global print, a script
     * that replaced print (to silence its own debugging) lost its log */
    acc_sandbox_log(s->sb, lua_tostring(L, -1));
    return 0;
}

/* A record option's text ({unit = ...} or {doc = ...}): a string of at most
 * max - 1 bytes without control characters; NULL if not given. */
static const char *record_text(lua_State *L, const char *name, const char *key, size_t max)
{
    if (lua_getfield(L, 4, key) == LUA_TNIL) { /* ... v */
        lua_pop(L, 1);
        return NULL;
    }
    size_t len = 0;
    const char *t = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &len) : NULL;
    if (!t)
        luaL_error(L, "record('%s'): %s must be a string, got %s", name, key, luaL_typename(L, -1));
    if (len >= max)
        luaL_error(L, "record('%s'): %s has %d bytes, at most %d", name, key, (int)len, (int)max - 1);
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)t[i] < 0x20 || t[i] == 0x7f)
            luaL_error(L, "record('%s'): %s must not hold control characters", name, key);
    lua_pop(L, 1); /* the table keeps the string alive */
    return t;
}

/* The run's metric named `name` (index into s->metrics), created on its
 * first record: a name that is already one of the run's summary outcomes
 * (harm, harm_eu, ...) raises, so that a name means one thing in every
 * output. unit and doc, when given, must agree with the first ones given. */
static int record_metric(lua_State *L, acc_scenario *s, const char *name, const char *unit,
                         const char *doc)
{
    int idx = -1;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &wl_metric_key); /* ... metrics */
    if (!lua_istable(L, -1)) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &wl_metric_key);
    }
    if (lua_getfield(L, -1, name) == LUA_TNUMBER) /* ... metrics idx */
        idx = (int)lua_tointeger(L, -1) - 1;
    lua_pop(L, 1);
    if (idx < 0 || idx >= s->nmetrics) {
        for (int i = 0; i < acc_world_summary_count(s->world); i++)
            if (strcmp(acc_world_summary_name(s->world, i), name) == 0)
                return luaL_error(L, "record('%s'): '%s' is an outcome of the run's summary "
                                     "(summary.csv); record it under another name", name, name);
        if (s->nmetrics >= ACC_MAX_METRICS)
            return luaL_error(L, "record('%s'): more than %d distinct metric names", name,
                              ACC_MAX_METRICS);
        if (s->nmetrics == s->cap_metrics) {
            int cap = s->cap_metrics ? 2 * s->cap_metrics : 16;
            sc_metric *m = realloc(s->metrics, (size_t)cap * sizeof *m);
            if (!m)
                return luaL_error(L, "record('%s'): out of memory", name);
            s->metrics = m;
            s->cap_metrics = cap;
        }
        idx = s->nmetrics++;
        sc_metric *m = &s->metrics[idx];
        memset(m, 0, sizeof *m);
        snprintf(m->name, sizeof m->name, "%s", name);
        m->last = NAN;
        lua_pushinteger(L, idx + 1);
        lua_setfield(L, -2, name);
    }
    lua_pop(L, 1); /* ... */
    sc_metric *m = &s->metrics[idx];
    if (unit && m->unit[0] && strcmp(unit, m->unit) != 0)
        return luaL_error(L, "record('%s'): unit '%s' differs from the '%s' given before", name,
                          unit, m->unit);
    if (doc && m->doc[0] && strcmp(doc, m->doc) != 0)
        return luaL_error(L, "record('%s'): doc differs from the one given before", name);
    if (unit && !m->unit[0])
        snprintf(m->unit, sizeof m->unit, "%s", unit);
    if (doc && !m->doc[0])
        snprintf(m->doc, sizeof m->doc, "%s", doc);
    return idx;
}

static int w_record(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
    size_t len;
    const char *name = luaL_checklstring(L, 2, &len);
    double v = luaL_checknumber(L, 3);
    luaL_argcheck(L, len > 0 && len <= 64, 2, "metric names have 1 to 64 characters");
    for (const char *p = name; *p; p++)
        luaL_argcheck(L, (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_', 2,
                      lua_pushfstring(L, "metric name '%s': use a-z, 0-9 and _", name));
    if (!isfinite(v))
        luaL_argerror(L, 3, lua_pushfstring(L, "record('%s'): value must be finite, got %s", name, numstr(L, v)));
    /* options: { unit = "M$", doc = "..." } */
    const char *unit = NULL, *doc = NULL;
    if (!lua_isnoneornil(L, 4)) {
        if (!lua_istable(L, 4))
            return luaL_error(L, "record('%s'): the options must be a table {unit = ..., doc = ...}, "
                                 "got %s", name, luaL_typename(L, 4));
        lua_pushnil(L);
        while (lua_next(L, 4)) { /* ... key value */
            const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
            if (!k || (strcmp(k, "unit") != 0 && strcmp(k, "doc") != 0))
                return luaL_error(L, "record('%s'): unknown option %s%s%s (the options are unit "
                                     "and doc)", name, k ? "'" : "", k ? k : luaL_typename(L, -2),
                                  k ? "'" : "");
            lua_pop(L, 1);
        }
        unit = record_text(L, name, "unit", sizeof s->metrics->unit);
        doc = record_text(L, name, "doc", sizeof s->metrics->doc);
    }
    lua_settop(L, 4);
    /* One row per name and step: a second record of a name in the same step
     * (two policies recording the same thing) raises, naming the first. The
     * names of this step and where they were recorded: a table in the
     * registry, replaced when the step changes. */
    int step = acc_world_step_index(s->world) + 1;
    wl_state *st = wl_get_state(L);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &wl_rec_key); /* ... seen */
    if (st->rec_step != step || !lua_istable(L, -1)) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &wl_rec_key);
        st->rec_step = step;
    }
    if (lua_getfield(L, -1, name) == LUA_TSTRING) /* ... seen where */
        return luaL_error(L, "record('%s'): already recorded in this step (%s); record each name once per step",
                          name, lua_tostring(L, -1));
    lua_pop(L, 1);
    int idx = record_metric(L, s, name, unit, doc);
    luaL_where(L, 1); /* "file:line: ", or "" */
    size_t wl;
    const char *where = lua_tolstring(L, -1, &wl);
    if (wl > 2) {
        lua_pushliteral(L, "at ");
        lua_pushlstring(L, where, wl - 2);
        lua_concat(L, 2);
    } else {
        lua_pushliteral(L, "by an earlier call");
    }
    lua_setfield(L, -3, name); /* ... seen where */
    s->metrics[idx].last = v;
    if (s->sink && s->sink->custom) {
        int rc = s->sink->custom(s->sink->ud, step, acc_world_year(s->world), name, v);
        if (rc)
            return luaL_error(L, "record('%s'): could not write the metric", name);
    }
    return 0;
}

/* ---- jurisdictions and model-wide parameters ------------------------------------------- */

static int w_jurisdictions(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
    const acc_config *cfg = acc_world_config(s->world);
    lua_createtable(L, cfg->n_jur, 0);
    for (int j = 0; j < cfg->n_jur; j++) {
        lua_pushstring(L, cfg->jur[j].id);
        lua_rawseti(L, -2, j + 1);
    }
    return 1;
}

static int bloc_of(const acc_config *cfg, int j)
{
    for (int b = 0; b < cfg->n_blocs; b++)
        for (int m = 0; m < cfg->bloc[b].n_members; m++)
            if (cfg->bloc[b].members[m] == j)
                return b;
    return -1;
}

static void push_field(lua_State *L, const acc_field *f, double v)
{
    if (f->kind == ACC_FK_BOOL)
        lua_pushboolean(L, v != 0);
    else if (f->kind == ACC_FK_INT)
        lua_pushinteger(L, (lua_Integer)v);
    else
        lua_pushnumber(L, v);
}

static int w_jurisdiction(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
    int j = wl_jur_arg(L, s, 2);
    const acc_config *cfg = acc_world_config(s->world);
    int nf;
    const acc_field *f = acc_jur_fields(&nf);
    lua_createtable(L, 0, nf + 3);
    lua_pushstring(L, cfg->jur[j].id);
    lua_setfield(L, -2, "id");
    lua_pushstring(L, cfg->jur[j].name);
    lua_setfield(L, -2, "name");
    int b = bloc_of(cfg, j);
    if (b >= 0) {
        lua_pushstring(L, cfg->bloc[b].id);
        lua_setfield(L, -2, "bloc");
    }
    for (int k = 0; k < nf; k++) {
        push_field(L, &f[k], acc_field_get(&f[k], &cfg->jur[j]));
        lua_setfield(L, -2, f[k].name);
    }
    return 1;
}

/* "jurisdiction 'eu'": how messages name a jurisdiction (as the core's). */
static const char *jur_what(lua_State *L, const acc_config *cfg, int j)
{
    return lua_pushfstring(L, "jurisdiction '%s'", cfg->jur[j].id);
}

/* The field `name` of table tab, or raise "<what>: unknown field 'x' (did you
 * mean 'y'?)"; `extra` names accepted besides the table's (NULL-terminated). */
static const acc_field *field_arg(lua_State *L, const acc_field *tab, int nf, const char *name, const char *what,
                                  const char *const *extra)
{
    const acc_field *f = acc_field_find(tab, nf, name);
    if (f)
        return f;
    const char *names[128];
    int n = field_names(tab, nf, names, 120);
    for (int k = 0; extra && extra[k] && n < 128; k++)
        names[n++] = extra[k];
    const char *best = acc_name_closest(name, names, n);
    if (best)
        luaL_error(L, "%s: unknown field '%s' (did you mean '%s'?)", what, name, best);
    luaL_error(L, "%s: unknown field '%s' (accord fields lists them)", what, name);
    return NULL;
}

/* A model-wide field, or raise "unknown parameter 'x' (did you mean 'y'?)". */
static const acc_field *param_arg(lua_State *L, const char *name)
{
    int nf;
    const acc_field *tab = acc_config_fields(&nf);
    const acc_field *f = acc_field_find(tab, nf, name);
    if (f)
        return f;
    const char *names[128];
    const char *best = acc_name_closest(name, names, field_names(tab, nf, names, 128));
    if (best)
        luaL_error(L, "unknown parameter '%s' (did you mean '%s'?)", name, best);
    luaL_error(L, "unknown parameter '%s' (accord fields lists them)", name);
    return NULL;
}

static const char *const jur_ro[] = {"id", "name", NULL};

static int w_get(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
    int j = wl_jur_arg(L, s, 2);
    const char *field = luaL_checkstring(L, 3);
    const acc_config *cfg = acc_world_config(s->world);
    if (strcmp(field, "name") == 0 || strcmp(field, "id") == 0) {
        lua_pushstring(L, field[0] == 'n' ? cfg->jur[j].name : cfg->jur[j].id);
        return 1;
    }
    int nf;
    const acc_field *tab = acc_jur_fields(&nf);
    const acc_field *f = field_arg(L, tab, nf, field, jur_what(L, cfg, j), jur_ro);
    push_field(L, f, acc_field_get(f, &cfg->jur[j]));
    return 1;
}

/* A value for field f from Lua, typed as at load time: true/false for
 * switches, numbers for the rest; `what` prefixes the message. */
static double value_arg(lua_State *L, int arg, const acc_field *f, const char *what)
{
    const char *sep = what[0] ? ": " : "";
    if (f->kind == ACC_FK_BOOL) {
        if (!lua_isboolean(L, arg))
            luaL_error(L, "%s%s%s must be true or false, got %s", what, sep, f->name, luaL_typename(L, arg));
        return lua_toboolean(L, arg);
    }
    if (lua_type(L, arg) != LUA_TNUMBER)
        luaL_error(L, "%s%s%s must be a number (%s), got %s", what, sep, f->name, f->unit, luaL_typename(L, arg));
    return lua_tonumber(L, arg);
}

/* Setting a field to the value it has changes nothing and writes no event. */
static int w_set(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
    int j = wl_jur_arg(L, s, 2);
    const char *field = luaL_checkstring(L, 3);
    const acc_config *cfg = acc_world_config(s->world);
    const char *what = jur_what(L, cfg, j);
    if (strcmp(field, "name") == 0 || strcmp(field, "id") == 0)
        return luaL_error(L, "%s: %s is read-only (a jurisdiction's id and name are fixed for the run)", what, field);
    int nf;
    const acc_field *tab = acc_jur_fields(&nf);
    const acc_field *f = field_arg(L, tab, nf, field, what, jur_ro);
    double v = value_arg(L, 4, f, what);
    if (v == acc_field_get(f, &cfg->jur[j]))
        return 0;
    char err[ACC_ERRLEN];
    if (acc_world_jur_set(s->world, j, f->name, v, err, sizeof err))
        return wl_core_error(L, err);
    acc_scenario_warn_set(L, s, f, j, v); /* typical range, months; --strict raises */
    return 0;
}

static int w_param(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
    const acc_field *f = param_arg(L, luaL_checkstring(L, 2));
    push_field(L, f, acc_field_get(f, acc_world_config(s->world)));
    return 1;
}

static int w_set_param(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
    const acc_field *f = param_arg(L, luaL_checkstring(L, 2));
    double v = value_arg(L, 3, f, "");
    if (v == acc_field_get(f, acc_world_config(s->world)))
        return 0;
    char err[ACC_ERRLEN];
    if (acc_world_param_set(s->world, f->name, v, err, sizeof err))
        return wl_core_error(L, err);
    acc_scenario_warn_set(L, s, f, -1, v);
    return 0;
}

/* ---- recognition ----------------------------------------------------------------------- */

static const char *const recog_keys[] = {"to", "from", "mode", "fee", "review_months", "voluntary", "mutual", NULL};
static const char *const pair_keys[] = {"to", "from", "mutual", NULL};

static int w_recognize(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
    wl_check_keys(L, 2, recog_keys);
    acc_recog_cfg r;
    memset(&r, 0, sizeof r);
    r.to = wl_field_jur(L, s, 2, "to");
    r.from = wl_field_jur(L, s, 2, "from");
    const char *mode = wl_field_string(L, 2, "mode", 0);
    if (!mode || strcmp(mode, "assessment") == 0)
        r.mode = ACC_RECOG_ASSESSMENT;
    else if (strcmp(mode, "equivalence") == 0)
        r.mode = ACC_RECOG_EQUIVALENCE;
    else
        return luaL_argerror(L, 2, lua_pushfstring(L, "mode must be 'assessment' or 'equivalence', got '%s'", mode));
    r.fee = r.review_months = -1;
    int nf;
    const acc_field *tab = acc_recog_fields(&nf);
    given_fields(L, 2, tab, nf, &r);
    int mutual = field_bool(L, 2, "mutual", 0);
    const acc_config *cfg = acc_world_config(s->world);
    /* check both directions before changing anything */
    for (int k = 0; k <= mutual; k++) {
        int to = k ? r.from : r.to, from = k ? r.to : r.from;
        for (int q = 0; q < cfg->n_recog; q++)
            if (cfg->recog[q].to == to && cfg->recog[q].from == from)
                return luaL_error(L, "%s already recognises %s (world:unrecognize it first to change it)",
                                  cfg->jur[to].id, cfg->jur[from].id);
    }
    char err[ACC_ERRLEN];
    for (int k = 0; k <= mutual; k++) {
        if (acc_world_recognition_add(s->world, &r, err, sizeof err))
            return wl_core_error(L, err);
        int t = r.to;
        r.to = r.from;
        r.from = t;
    }
    return 0;
}

static int w_unrecognize(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
    wl_check_keys(L, 2, pair_keys);
    int to = wl_field_jur(L, s, 2, "to"), from = wl_field_jur(L, s, 2, "from");
    int mutual = field_bool(L, 2, "mutual", 0);
    const acc_config *cfg = acc_world_config(s->world);
    for (int k = 0; k <= mutual; k++) {
        int a = k ? from : to, b = k ? to : from, found = 0;
        for (int q = 0; q < cfg->n_recog; q++)
            found |= cfg->recog[q].to == a && cfg->recog[q].from == b;
        if (!found)
            return luaL_error(L, "%s does not recognise %s", cfg->jur[a].id, cfg->jur[b].id);
    }
    char err[ACC_ERRLEN];
    for (int k = 0; k <= mutual; k++)
        if (acc_world_recognition_remove(s->world, k ? from : to, k ? to : from, err, sizeof err))
            return wl_core_error(L, err);
    return 0;
}

static int w_recognition(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
    int to = wl_jur_arg(L, s, 2), from = wl_jur_arg(L, s, 3);
    const acc_config *cfg = acc_world_config(s->world);
    for (int q = 0; q < cfg->n_recog; q++)
        if (cfg->recog[q].to == to && cfg->recog[q].from == from) {
            lua_pushstring(L, cfg->recog[q].mode == ACC_RECOG_EQUIVALENCE ? "equivalence" : "assessment");
            return 1;
        }
    lua_pushnil(L);
    return 1;
}

/* ---- blocs -------------------------------------------------------------------------------- */

static int bloc_arg(lua_State *L, acc_scenario *s, int arg)
{
    const char *id = luaL_checkstring(L, arg);
    const acc_config *cfg = acc_world_config(s->world);
    for (int b = 0; b < cfg->n_blocs; b++)
        if (strcmp(cfg->bloc[b].id, id) == 0)
            return b;
    luaL_Buffer buf;
    luaL_buffinit(L, &buf);
    for (int b = 0; b < cfg->n_blocs; b++) {
        if (b)
            luaL_addstring(&buf, ", ");
        luaL_addstring(&buf, cfg->bloc[b].id);
    }
    luaL_pushresult(&buf);
    return luaL_argerror(L, arg, lua_pushfstring(L, "no bloc '%s' (known: %s)", id,
                                                 cfg->n_blocs ? lua_tostring(L, -1) : "none"));
}

/* A bloc standard: "max", "mean", "min" or a number in [0, 1]. */
static void standard_arg(lua_State *L, int idx, int arg, int *rule, double *standard)
{
    int t = lua_type(L, idx);
    const char *sv = t == LUA_TSTRING ? lua_tostring(L, idx) : NULL;
    *standard = 0;
    if (t == LUA_TNIL || (sv && strcmp(sv, "max") == 0)) {
        *rule = ACC_BLOC_MAX;
    } else if (sv && strcmp(sv, "mean") == 0) {
        *rule = ACC_BLOC_MEAN;
    } else if (sv && strcmp(sv, "min") == 0) {
        *rule = ACC_BLOC_MIN;
    } else if (t == LUA_TNUMBER) {
        *rule = ACC_BLOC_FIXED;
        *standard = lua_tonumber(L, idx); /* its range: the core's bloc check */
    } else {
        luaL_argerror(L, arg, lua_pushfstring(L, "standard must be \"max\", \"mean\", \"min\" or a number in "
                                                 "[0, 1], got %s", sv ? sv : luaL_typename(L, idx)));
    }
}

static const char *const bloc_keys[] = {"id", "members", "standard", "cert_cost", "review_months", NULL};

static int w_bloc(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
    wl_check_keys(L, 2, bloc_keys);
    acc_bloc_cfg b;
    memset(&b, 0, sizeof b);
    const char *id = wl_field_string(L, 2, "id", 1);
    if (strlen(id) == 0 || strlen(id) >= sizeof b.id)
        return luaL_argerror(L, 2, lua_pushfstring(L, "id must have 1 to %d characters", (int)sizeof b.id - 1));
    snprintf(b.id, sizeof b.id, "%s", id);
    lua_getfield(L, 2, "standard");
    standard_arg(L, -1, 2, &b.rule, &b.standard);
    lua_pop(L, 1);
    b.cert_cost = b.review_months = -1;
    int nf;
    const acc_field *tab = acc_bloc_fields(&nf);
    given_fields(L, 2, tab, nf, &b);
    if (lua_getfield(L, 2, "members") != LUA_TTABLE)
        return luaL_argerror(L, 2, "members must be a list of jurisdiction ids");
    lua_Integer nm = luaL_len(L, -1);
    b.n_members = nm > INT_MAX ? INT_MAX : (int)nm; /* the core checks the number */
    for (lua_Integer m = 1; m <= nm && nm <= acc_world_config(s->world)->n_jur; m++) {
        lua_rawgeti(L, -1, m);
        const char *mid = lua_tostring(L, -1);
        if (!mid)
            return luaL_argerror(L, 2, lua_pushfstring(L, "members[%d] must be a jurisdiction id", (int)m));
        b.members[m - 1] = wl_jur_of(L, s, mid, 2);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    char err[ACC_ERRLEN];
    if (acc_world_bloc_add(s->world, &b, err, sizeof err))
        return wl_core_error(L, err);
    return 0;
}

static int w_set_bloc_standard(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
    int b = bloc_arg(L, s, 2);
    luaL_checkany(L, 3);
    int rule;
    double standard;
    standard_arg(L, 3, 3, &rule, &standard);
    const acc_bloc_cfg *bc = &acc_world_config(s->world)->bloc[b];
    if (bc->rule == rule && (rule != ACC_BLOC_FIXED || bc->standard == standard))
        return 0; /* no change, no event */
    char err[ACC_ERRLEN];
    if (acc_world_bloc_set_standard(s->world, b, rule, standard, err, sizeof err))
        return wl_core_error(L, err);
    return 0;
}

static int w_bloc_standard(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
    lua_pushnumber(L, acc_world_bloc_standard(s->world, bloc_arg(L, s, 2)));
    return 1;
}

static int w_blocs(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
    const acc_config *cfg = acc_world_config(s->world);
    lua_createtable(L, cfg->n_blocs, 0);
    for (int b = 0; b < cfg->n_blocs; b++) {
        lua_pushstring(L, cfg->bloc[b].id);
        lua_rawseti(L, -2, b + 1);
    }
    return 1;
}

static int w_bloc_members(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
    int b = bloc_arg(L, s, 2);
    const acc_config *cfg = acc_world_config(s->world);
    const acc_bloc_cfg *bc = &cfg->bloc[b];
    lua_createtable(L, bc->n_members, 0);
    for (int m = 0; m < bc->n_members; m++) {
        lua_pushstring(L, cfg->jur[bc->members[m]].id);
        lua_rawseti(L, -2, m + 1);
    }
    return 1;
}

/* ---- sharing links ------------------------------------------------------------------------ */

static const char *const share_keys[] = {"from", "to", "lag_months", "mutual", "active", NULL};
static const char *const link_keys[] = {"from", "to", "mutual", NULL};

static int find_link(const acc_config *cfg, int from, int to)
{
    for (int l = 0; l < cfg->n_links; l++)
        if (cfg->link[l].from == from && cfg->link[l].to == to)
            return l;
    return -1;
}

static int w_share(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
    wl_check_keys(L, 2, share_keys);
    acc_link_cfg l;
    memset(&l, 0, sizeof l);
    l.from = wl_field_jur(L, s, 2, "from");
    l.to = wl_field_jur(L, s, 2, "to");
    int nf;
    const acc_field *tab = acc_link_fields(&nf);
    given_fields(L, 2, tab, nf, &l);
    l.active = field_bool(L, 2, "active", 1);
    int mutual = field_bool(L, 2, "mutual", 0);
    const acc_config *cfg = acc_world_config(s->world);
    for (int k = 0; k <= mutual; k++) {
        int a = k ? l.to : l.from, b = k ? l.from : l.to;
        if (find_link(cfg, a, b) >= 0)
            return luaL_error(L, "a sharing link %s -> %s already exists (suspend or restore it instead)",
                              cfg->jur[a].id, cfg->jur[b].id);
    }
    char err[ACC_ERRLEN];
    for (int k = 0; k <= mutual; k++) {
        if (acc_world_link_add(s->world, &l, err, sizeof err))
            return wl_core_error(L, err);
        int t = l.to;
        l.to = l.from;
        l.from = t;
    }
    return 0;
}

static int set_links(lua_State *L, int active)
{
    acc_scenario *s = wl_check_world(L);
    wl_check_keys(L, 2, link_keys);
    int from = wl_field_jur(L, s, 2, "from"), to = wl_field_jur(L, s, 2, "to");
    int mutual = field_bool(L, 2, "mutual", 0);
    const acc_config *cfg = acc_world_config(s->world);
    for (int k = 0; k <= mutual; k++) {
        int a = k ? to : from, b = k ? from : to;
        if (a == b || find_link(cfg, a, b) < 0)
            return luaL_error(L, "no sharing link %s -> %s (add it with world:share{...})", cfg->jur[a].id,
                              cfg->jur[b].id);
    }
    char err[ACC_ERRLEN];
    for (int k = 0; k <= mutual; k++) {
        int a = k ? to : from, b = k ? from : to;
        if (cfg->link[find_link(cfg, a, b)].active == active)
            continue; /* already so: no change, no event */
        if (acc_world_link_set_active(s->world, a, b, active, err, sizeof err))
            return wl_core_error(L, err);
    }
    return 0;
}

static int w_suspend_sharing(lua_State *L) { return set_links(L, 0); }
static int w_restore_sharing(lua_State *L) { return set_links(L, 1); }

static int w_sharing(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
    int from = wl_jur_arg(L, s, 2), to = wl_jur_arg(L, s, 3);
    const acc_config *cfg = acc_world_config(s->world);
    int l = find_link(cfg, from, to);
    if (l < 0) {
        lua_pushnil(L);
        return 1;
    }
    lua_createtable(L, 0, 2);
    lua_pushboolean(L, cfg->link[l].active);
    lua_setfield(L, -2, "active");
    lua_pushnumber(L, cfg->link[l].lag_months);
    lua_setfield(L, -2, "lag_months");
    return 1;
}

/* ---- risks -------------------------------------------------------------------------------- */

static int w_inject_vulnerability(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
    int64_t dev = wl_dev_arg(L, s, 2, 1);
    double severity = luaL_checknumber(L, 3);
    int patchable = lua_isnoneornil(L, 4) ? 1 : (luaL_checktype(L, 4, LUA_TBOOLEAN), lua_toboolean(L, 4));
    if (!(severity > 0 && isfinite(severity)))
        return luaL_argerror(L, 3, lua_pushfstring(L, "severity must be in (0, inf), got %s", numstr(L, severity)));
    char err[ACC_ERRLEN];
    if (acc_world_inject_vulnerability(s->world, dev, severity, patchable, err, sizeof err))
        return wl_core_error(L, err);
    return 0;
}

const luaL_Reg wl_policy_methods[] = {
    {"step", w_step},
    {"year", w_year},
    {"steps", w_steps},
    {"years", w_years},
    {"steps_per_year", w_steps_per_year},
    {"log", w_log},
    {"record", w_record},
    {"jurisdictions", w_jurisdictions},
    {"jurisdiction", w_jurisdiction},
    {"get", w_get},
    {"set", w_set},
    {"param", w_param},
    {"set_param", w_set_param},
    {"recognize", w_recognize},
    {"unrecognize", w_unrecognize},
    {"recognition", w_recognition},
    {"bloc", w_bloc},
    {"set_bloc_standard", w_set_bloc_standard},
    {"bloc_standard", w_bloc_standard},
    {"blocs", w_blocs},
    {"bloc_members", w_bloc_members},
    {"share", w_share},
    {"suspend_sharing", w_suspend_sharing},
    {"restore_sharing", w_restore_sharing},
    {"sharing", w_sharing},
    {"inject_vulnerability", w_inject_vulnerability},
    {NULL, NULL}};
