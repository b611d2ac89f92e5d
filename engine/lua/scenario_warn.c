/* accord — a scenario's warnings: values outside their typical range (the
 * core's table, core/typical.c), months that round to a different number of
 * steps, stringency + 2 assessment_noise > 1. Values come from the scenario's
 * tables (file:line), --set (no line) and policies at run time (the policy's
 * file:line); each warning is given once per place, subject and rule, goes to
 * the warn callback (or the log as "warning: ...") and is kept for the
 * manifest; with --strict the first one is an error.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lua/scenario_conv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

/* A value a scenario table (or --set) gives, checked once the scenario is
 * converted: steps_per_year is final then, and a value --set replaced is
 * not the one the run uses (no warning). */
struct sc_pending {
    int line; /* 0: --set */
    char what[96], name[96], lookup[96];
    int kind;
    const char *unit; /* static: the field table's or NULL */
    double v;
    int cancelled;
};

static char *dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

int sc_warn(acc_scenario *s, const char *key, const char *text)
{
    for (int i = 0; i < s->nwarnings; i++)
        if (strcmp(s->warn_key[i], key) == 0)
            return 0;
    if (s->strict && !s->strict_failed) {
        s->strict_failed = 1;
        snprintf(s->strict_msg, sizeof s->strict_msg, "%s (--strict: warnings are errors)", text);
    }
    if (s->nwarnings >= ACC_MAX_WARNINGS) {
        s->nwarn_dropped++;
        return s->strict;
    }
    char *k = dup(key), *t = dup(text);
    if (!k || !t) {
        free(k);
        free(t);
        s->nwarn_dropped++;
        return s->strict;
    }
    s->warn_key[s->nwarnings] = k;
    s->warn_text[s->nwarnings++] = t;
    if (s->strict)
        return 1; /* the error says it; no warning besides */
    if (s->warn) {
        s->warn(s->warn_ud, text);
    } else if (s->log) {
        char line[ACC_ERRLEN + 16];
        snprintf(line, sizeof line, "warning: %s", text);
        s->log(s->log_ud, line);
    }
    return 0;
}

/* "path:line" or, for --set (line 0), nothing: the text starts "--set". */
static void place_text(const acc_scenario *s, int line, const char *body, char *out, size_t n)
{
    if (line > 0)
        snprintf(out, n, "%s:%d: %s", s->path, line, body);
    else
        snprintf(out, n, "--set %s", body);
}

static void warn_at(acc_scenario *s, int line, const char *what, const char *name, const char *rule,
                    const char *body)
{
    char key[1400], text[2 * ACC_ERRLEN];
    (void)what; /* once per field and place, whichever object */
    snprintf(key, sizeof key, "%s:%d|%s|%s", line > 0 ? s->path : "--set", line, name, rule);
    place_text(s, line, body, text, sizeof text);
    sc_warn(s, key, text);
}

void sc_warn_value(acc_scenario *s, int line, const char *what, const char *name, const char *lookup, int kind,
                   const char *unit, double v)
{
    if (s->npending >= s->cap_pending) {
        int cap = s->cap_pending ? 2 * s->cap_pending : 16;
        struct sc_pending *p = realloc(s->pending, sizeof *p * (size_t)cap);
        if (!p)
            return; /* a warning lost, not an error */
        s->pending = p;
        s->cap_pending = cap;
    }
    struct sc_pending *p = &s->pending[s->npending++];
    p->line = line;
    snprintf(p->what, sizeof p->what, "%s", what ? what : "");
    snprintf(p->name, sizeof p->name, "%s", name);
    snprintf(p->lookup, sizeof p->lookup, "%s", lookup ? lookup : name);
    p->kind = kind;
    p->unit = unit;
    p->v = v;
    p->cancelled = 0;
}

void sc_warn_cancel(acc_scenario *s, const char *what, const char *name)
{
    for (int i = 0; i < s->npending; i++) {
        struct sc_pending *p = &s->pending[i];
        if (p->line > 0 && strcmp(p->what, what ? what : "") == 0 && strcmp(p->name, name) == 0)
            p->cancelled = 1;
    }
}

void sc_warn_finish(acc_scenario *s)
{
    char body[ACC_ERRLEN];
    for (int i = 0; i < s->npending; i++) {
        const struct sc_pending *p = &s->pending[i];
        const char *what = p->what[0] ? p->what : NULL;
        if (p->cancelled)
            continue;
        if (acc_typical_check(acc_typical_find(p->lookup), p->name, p->kind, p->unit, p->v, what, body,
                              sizeof body))
            warn_at(s, p->line, p->what, p->name, "typical", body);
        if (p->kind == ACC_FK_MONTHS &&
            acc_months_check(p->name, p->v, s->cfg.steps_per_year, what, body, sizeof body))
            warn_at(s, p->line, p->what, p->name, "months", body);
        /* the horizon in whole steps: years * steps_per_year, rounded */
        const double spy = s->cfg.steps_per_year, steps = round(p->v * spy);
        if (!what && strcmp(p->name, "years") == 0 && isfinite(p->v) && spy > 0 &&
            fabs(steps / spy - p->v) > 1e-9 * (p->v > 1 ? p->v : 1)) {
            snprintf(body, sizeof body,
                     "years = %g is %g steps at steps_per_year = %g: the run takes %g steps (%.6g years)", p->v,
                     p->v * spy, spy, steps, steps / spy);
            warn_at(s, p->line, p->what, p->name, "steps", body);
        }
    }
    free(s->pending);
    s->pending = NULL;
    s->npending = s->cap_pending = 0;
    for (int j = 0; j < s->cfg.n_jur; j++) {
        char what[96];
        snprintf(what, sizeof what, "jurisdiction '%s'", s->cfg.jur[j].id);
        if (acc_jur_typical_check(&s->cfg.jur[j], what, body, sizeof body))
            warn_at(s, s->jur_line[j] > 0 ? s->jur_line[j] : 1, what, "stringency", "noise", body);
    }
}

void sc_warn_free(acc_scenario *s)
{
    for (int i = 0; i < s->nwarnings; i++) {
        free(s->warn_key[i]);
        free(s->warn_text[i]);
    }
    s->nwarnings = 0;
    free(s->pending);
    s->pending = NULL;
}

/* "FILE:LINE" of the policy that is running: its innermost frame in the
 * scenario file, else the innermost frame in any file (a module). */
static void policy_place(lua_State *L, const acc_scenario *s, char *out, size_t n)
{
    lua_Debug ar;
    snprintf(out, n, "%s", s->path);
    int found = 0;
    for (int level = 1; lua_getstack(L, level, &ar); level++) {
        if (!lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0 || ar.source[0] != '@')
            continue;
        if (strcmp(ar.source + 1, s->path) == 0) {
            snprintf(out, n, "%s:%d", s->path, ar.currentline);
            return;
        }
        if (!found) {
            snprintf(out, n, "%s:%d", ar.source + 1, ar.currentline);
            found = 1;
        }
    }
}

static void runtime_warn(lua_State *L, acc_scenario *s, const char *place, const char *what, const char *name,
                         const char *rule, const char *body)
{
    char key[1400], text[2 * ACC_ERRLEN];
    (void)what;
    snprintf(key, sizeof key, "%s|%s|%s", place, name, rule);
    snprintf(text, sizeof text, "%s: %s", place, body);
    if (sc_warn(s, key, text))
        luaL_error(L, "%s", s->strict_msg);
}

void acc_scenario_warn_set(lua_State *L, acc_scenario *s, const acc_field *f, int j, double v)
{
    char body[ACC_ERRLEN], place[600], what[96] = "";
    const acc_config *cfg = acc_world_config(s->world);
    if (j >= 0)
        snprintf(what, sizeof what, "jurisdiction '%s'", cfg->jur[j].id);
    int typical = acc_typical_check(acc_typical_find(f->name), f->name, f->kind, f->unit, v, what[0] ? what : NULL,
                                    body, sizeof body);
    int months = 0;
    char mbody[ACC_ERRLEN];
    if (f->kind == ACC_FK_MONTHS)
        months = acc_months_check(f->name, v, cfg->steps_per_year, what[0] ? what : NULL, mbody, sizeof mbody);
    char nbody[ACC_ERRLEN];
    int noise = j >= 0 && (strcmp(f->name, "stringency") == 0 || strcmp(f->name, "assessment_noise") == 0) &&
                acc_jur_typical_check(&cfg->jur[j], what, nbody, sizeof nbody);
    if (!typical && !months && !noise)
        return;
    policy_place(L, s, place, sizeof place);
    if (typical)
        runtime_warn(L, s, place, what, f->name, "typical", body);
    if (months)
        runtime_warn(L, s, place, what, f->name, "months", mbody);
    if (noise)
        runtime_warn(L, s, place, what, "stringency", "noise", nbody);
}

int acc_scenario_nwarnings(const acc_scenario *s) { return s->nwarnings; }

const char *acc_scenario_warning(const acc_scenario *s, int i, const char **key)
{
    if (i < 0 || i >= s->nwarnings)
        return NULL;
    if (key)
        *key = s->warn_key[i];
    return s->warn_text[i];
}
