/* accord — a sweep plan built from the command line and a sweep file:
 * the command line overrides the file; each varied parameter is checked
 * against the scenario's declared range or the model field's, and the
 * scenario is loaded to check the fixed sets and the extreme values of
 * varied model fields. SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "base/numfmt.h"
#include "core/model.h"
#include "lua/names.h"
#include "lua/scenario.h"
#include "sweep/sweep_int.h"

static void fmt_num(char buf[ACC_IO_NUMBUF], double v) { acc_io_fmt_double(buf, v); }

/* Warnings of planning loads are collected (plan_warnings), not printed. */
static void warn_collect(void *ud, const char *msg)
{
    (void)ud;
    (void)msg;
}

static void log_discard(void *ud, const char *msg)
{
    (void)ud;
    (void)msg;
}

/* The warnings of the loads at the extreme values of varied parameters
 * (probes): for each key, its first text and in how many probes it came. */
typedef struct probe_set {
    int nprobes;
    sw_warnings w; /* runs: the count of probes that gave the key */
} probe_set;

static int probe_add(probe_set *ps, const acc_scenario *s)
{
    ps->nprobes++;
    for (int i = 0; i < acc_scenario_nwarnings(s); i++) {
        const char *key, *text = acc_scenario_warning(s, i, &key);
        int k = 0;
        while (k < ps->w.n && strcmp(ps->w.keys[k], key) != 0)
            k++;
        if (k < ps->w.n)
            ps->w.runs[k]++;
        else if (sw_warnings_add(&ps->w, key, 1, text) < 0)
            return ACC_ENOMEM;
    }
    return ACC_OK;
}

/* One warning into the plan (a key once). */
static int plan_warning(sw_plan *p, const char *key, const char *text)
{
    for (int k = 0; k < p->nwarn; k++)
        if (strcmp(p->warn_keys[k], key) == 0)
            return ACC_OK;
    char **nt = realloc(p->warn_texts, sizeof *nt * (size_t)(p->nwarn + 1));
    if (!nt)
        return ACC_ENOMEM;
    p->warn_texts = nt;
    char *t = strdup(text);
    int n = p->nwarn;
    if (!t || sw_lines_push(&p->warn_keys, &n, key)) {
        free(t);
        return ACC_ENOMEM;
    }
    p->warn_texts[p->nwarn++] = t;
    return ACC_OK;
}

/* The plan's warnings: with nothing varied (or no probe loaded), those of
 * the scenario loaded with the fixed sets, which is every run; else the
 * base load's that every probe gave too (not about a varied value; with
 * the probe's text), then the rest the probes gave (values runs use). */
static int plan_warnings(sw_plan *p, const acc_scenario *base, const probe_set *ps)
{
    int rc = ACC_OK;
    for (int i = 0; i < acc_scenario_nwarnings(base) && rc == ACC_OK; i++) {
        const char *key, *text = acc_scenario_warning(base, i, &key);
        if (ps->nprobes == 0) {
            rc = plan_warning(p, key, text);
            continue;
        }
        for (int k = 0; k < ps->w.n; k++)
            if (strcmp(ps->w.keys[k], key) == 0 && ps->w.runs[k] == (uint64_t)ps->nprobes)
                rc = plan_warning(p, key, ps->w.texts[k]);
    }
    for (int k = 0; k < ps->w.n && rc == ACC_OK; k++)
        rc = plan_warning(p, ps->w.keys[k], ps->w.texts[k]);
    return rc;
}

/* Load the scenario with fixed sets plus extra; on failure err holds its
 * message. quiet: the script's print() goes nowhere. */
static int try_load_q(const sw_plan *p, const char *extra, int quiet, acc_scenario **out, char *err,
                      size_t errlen);
static int try_load(const sw_plan *p, const char *extra, acc_scenario **out, char *err,
                    size_t errlen)
{
    return try_load_q(p, extra, 0, out, err, errlen);
}

static int try_load_q(const sw_plan *p, const char *extra, int quiet, acc_scenario **out, char *err,
                      size_t errlen)
{
    const char **sets = malloc(sizeof *sets * (size_t)(p->nsets + 1));
    if (!sets) {
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    int n = 0;
    for (int i = 0; i < p->nsets; i++)
        sets[n++] = p->sets[i];
    if (extra)
        sets[n++] = extra;
    acc_scenario_opts so;
    memset(&so, 0, sizeof so);
    so.path = p->scenario;
    so.sets = sets;
    so.n_sets = n;
    so.seed = p->seed;
    so.run = 0;
    so.mem_limit_bytes = p->mem_limit_bytes;
    so.time_limit_s = p->lua_time_limit_s;
    so.stuck = p->load_stuck;
    so.stuck_ud = p->load_stuck_ud;
    so.warn = warn_collect;
    if (quiet)
        so.log = log_discard;
    int rc = acc_scenario_load(&so, out, err, errlen);
    free(sets);
    return rc;
}

static const acc_param_decl *find_decl(const acc_scenario *s, const char *name)
{
    for (int i = 0; i < acc_scenario_nparams(s); i++)
        if (strcmp(acc_scenario_param(s, i)->name, name) == 0)
            return acc_scenario_param(s, i);
    return NULL;
}

static void declared_list(const acc_scenario *s, char *buf, size_t n)
{
    buf[0] = 0;
    for (int i = 0; i < acc_scenario_nparams(s); i++) {
        strncat(buf, i ? ", " : "", n - strlen(buf) - 1);
        strncat(buf, acc_scenario_param(s, i)->name, n - strlen(buf) - 1);
    }
    if (!buf[0])
        snprintf(buf, n, "none");
}

/* A model field named like risk.base_hazard or <jurisdiction>.stringency. */
static const acc_field *find_field(const char *name)
{
    int n;
    const acc_field *table = acc_config_fields(&n);
    const acc_field *f = acc_field_find(table, n, name);
    if (f)
        return f;
    const char *dot = strchr(name, '.');
    if (!dot)
        return NULL;
    table = acc_jur_fields(&n);
    return acc_field_find(table, n, dot + 1);
}

/* " (did you mean 'eu_stringency'?)" for a --vary name the scenario does not
 * have: the closest declared parameter or, for a world, model field, or for
 * a dotted name <jurisdiction>.<field> when that is closer; "" if nothing is
 * close. */
static void vary_hint(const acc_scenario *s, const char *name, char *buf, size_t n)
{
    buf[0] = 0;
    int world = !acc_scenario_is_function_model(s), np = acc_scenario_nparams(s), nf = 0, njf = 0;
    const acc_field *gf = world ? acc_config_fields(&nf) : NULL;
    const acc_field *jf = world ? acc_jur_fields(&njf) : NULL;
    const char **names = malloc(sizeof *names * (size_t)(np + nf + njf + 1));
    if (!names)
        return;
    int nn = 0;
    for (int i = 0; i < np; i++)
        names[nn++] = acc_scenario_param(s, i)->name;
    for (int i = 0; i < nf; i++)
        names[nn++] = gf[i].name;
    const char *best = acc_name_closest(name, names, nn);
    const char *dot = strchr(name, '.');
    const char *jbest = NULL;
    if (dot && njf) {
        for (int i = 0; i < njf; i++)
            names[i] = jf[i].name;
        jbest = acc_name_closest(dot + 1, names, njf);
    }
    if (jbest && (!best || acc_name_distance(dot + 1, jbest) < acc_name_distance(name, best)))
        snprintf(buf, n, " (did you mean '%.*s.%s'?)", (int)(dot - name), name, jbest);
    else if (best)
        snprintf(buf, n, " (did you mean '%s'?)", best);
    free(names);
}

static void value_text(const sw_vary *v, double x, char *buf, size_t n)
{
    char num[ACC_IO_NUMBUF];
    fmt_num(num, x);
    snprintf(buf, n, "%s=%s", v->name, num);
}

/* Check one varied parameter against the scenario and fill its range. */
static int check_vary(sw_plan *p, const acc_scenario *s, sw_vary *v, probe_set *ps, char *err, size_t errlen)
{
    char decl[512];
    for (int i = 0; i < p->nsets; i++) {
        size_t l = strlen(v->name);
        if (strncmp(p->sets[i], v->name, l) == 0 && p->sets[i][l] == '=') {
            acc_errf(err, errlen, "%s is both varied (--vary) and fixed (--set)", v->name);
            return ACC_EINVAL;
        }
    }
    const acc_param_decl *d = find_decl(s, v->name);
    double dlo, dhi;
    if (d) {
        dlo = d->lo;
        dhi = d->hi;
        v->integer = d->integer;
    } else {
        const acc_field *f = acc_scenario_is_function_model(s) ? NULL : find_field(v->name);
        if (!f) {
            char hint[160];
            declared_list(s, decl, sizeof decl);
            vary_hint(s, v->name, hint, sizeof hint);
            acc_errf(err, errlen, "--vary %s: %s has no such parameter%s (declared: %s%s)", v->name,
                     p->scenario, hint, decl,
                     acc_scenario_is_function_model(s)
                         ? ""
                         : "; model fields such as risk.base_hazard or <jurisdiction>.stringency "
                           "are accepted too");
            return ACC_EINVAL;
        }
        v->integer = f->kind == ACC_FK_INT || f->kind == ACC_FK_BOOL;
        dlo = f->lo;
        dhi = f->hi;
        if (v->declared && (!isfinite(dlo) || !isfinite(dhi) || (f->flags & (ACC_F_LO_OPEN | ACC_F_HI_OPEN)))) {
            char r[80];
            acc_field_range_str(f, r, sizeof r);
            acc_errf(err, errlen,
                     "--vary %s: the field's range %s is not a closed finite interval; give one "
                     "(--vary %s=lo:hi)",
                     v->name, r, v->name);
            return ACC_EINVAL;
        }
    }
    if (v->declared) {
        v->lo = dlo;
        v->hi = dhi;
        v->declared = 0;
        if (!(v->lo < v->hi)) {
            acc_errf(err, errlen, "--vary %s: the declared range [%g, %g] is a single value", v->name,
                     v->lo, v->hi);
            return ACC_EINVAL;
        }
    }
    if (v->kind == SW_RANGE) {
        if (v->lo < dlo || v->hi > dhi) {
            if (d)
                acc_errf(err, errlen,
                         "--vary %s=%g:%g: the range is outside %s's declared range [%g, %g]",
                         v->name, v->lo, v->hi, v->name, dlo, dhi);
            else
                acc_errf(err, errlen, "--vary %s=%g:%g: the range is outside the field's range [%g, %g]",
                         v->name, v->lo, v->hi, dlo, dhi);
            return ACC_EINVAL;
        }
    } else {
        for (size_t k = 0; k < v->n_values; k++) {
            double x = v->values[k];
            if (x < dlo || x > dhi) {
                acc_errf(err, errlen, "--vary %s: value %g is outside %s range [%g, %g]", v->name, x,
                         d ? "its declared" : "the field's", dlo, dhi);
                return ACC_EINVAL;
            }
        }
    }
    /* whole values for integer parameters, a bounded integer width, ... */
    int vrc = sw_vary_validate_values(v, err, errlen);
    if (vrc)
        return vrc;
    {
        /* model fields: let the scenario check the extreme values now, not
         * in every failed run; declared parameters: only their warnings
         * (a failed load of theirs is the runs' to report) */
        double probe[2];
        int np = 0;
        if (v->kind == SW_RANGE) {
            probe[np++] = v->lo;
            probe[np++] = v->hi;
        } else {
            double lo = v->values[0], hi = v->values[0];
            for (size_t k = 1; k < v->n_values; k++) {
                lo = v->values[k] < lo ? v->values[k] : lo;
                hi = v->values[k] > hi ? v->values[k] : hi;
            }
            probe[np++] = lo;
            if (hi != lo)
                probe[np++] = hi;
        }
        for (int k = 0; k < np; k++) {
            char set[160];
            value_text(v, probe[k], set, sizeof set);
            acc_scenario *t = NULL;
            char msg[ACC_ERRLEN];
            int rc = d ? try_load_q(p, set, 1, &t, msg, sizeof msg) : try_load(p, set, &t, msg, sizeof msg);
            int wrc = rc ? ACC_OK : probe_add(ps, t);
            acc_scenario_free(t);
            if (wrc) {
                acc_errf(err, errlen, "out of memory");
                return wrc;
            }
            if (rc && !d) {
                acc_errf(err, errlen, "--vary %s: %s", v->name, msg);
                /* the time or memory limit stays ACC_ELIMIT: exit 1, as everywhere */
                return rc == ACC_ENOMEM || rc == ACC_ELIMIT ? rc : ACC_EINVAL;
            }
        }
    }
    return ACC_OK;
}

/* A model field's value in a configuration (risk.base_hazard, or
 * <jurisdiction>.<field>) into *out: 1, or 0 when the name is not one. */
static int field_value(const acc_config *cfg, const char *name, double *out)
{
    int n;
    const acc_field *table = acc_config_fields(&n);
    const acc_field *f = acc_field_find(table, n, name);
    if (f) {
        *out = acc_field_get(f, cfg);
        return 1;
    }
    const char *dot = strchr(name, '.');
    char id[ACC_ID_LEN];
    if (!dot || (size_t)(dot - name) >= sizeof id)
        return 0;
    memcpy(id, name, (size_t)(dot - name));
    id[dot - name] = 0;
    const int j = acc_config_jur_index(cfg, id);
    table = acc_jur_fields(&n);
    f = j < 0 ? NULL : acc_field_find(table, n, dot + 1);
    if (!f)
        return 0;
    *out = acc_field_get(f, &cfg->jur[j]);
    return 1;
}

static int same_value(double a, double b) { return a == b || (isnan(a) && isnan(b)); }

/* Do two configurations differ in a model field not in names[0..n), or in
 * their jurisdictions or populations? (1: yes; function models: 0.) */
static int sets_other_fields(const acc_config *a, const acc_config *b, const char *const *names, int n)
{
    if (!a || !b)
        return 0;
    if (a->n_jur != b->n_jur || a->n_pop != b->n_pop)
        return 1;
    int nt;
    const acc_field *table = acc_config_fields(&nt);
    for (int k = 0; k < nt; k++) {
        int named = 0;
        for (int m = 0; m < n && !named; m++)
            named = strcmp(names[m], table[k].name) == 0;
        if (!named && !same_value(acc_field_get(&table[k], a), acc_field_get(&table[k], b)))
            return 1;
    }
    table = acc_jur_fields(&nt);
    for (int j = 0; j < a->n_jur; j++) {
        if (strcmp(a->jur[j].id, b->jur[j].id) != 0)
            return 1;
        for (int k = 0; k < nt; k++) {
            char full[ACC_ID_LEN + 64];
            snprintf(full, sizeof full, "%s.%s", a->jur[j].id, table[k].name);
            int named = 0;
            for (int m = 0; m < n && !named; m++)
                named = strcmp(names[m], full) == 0;
            if (!named && !same_value(acc_field_get(&table[k], &a->jur[j]), acc_field_get(&table[k], &b->jur[j])))
                return 1;
        }
    }
    for (int q = 0; q < a->n_pop; q++)
        if (a->pop[q].count != b->pop[q].count || a->pop[q].home != b->pop[q].home ||
            a->pop[q].kind != b->pop[q].kind)
            return 1;
    return 0;
}

/* The name of a --set entry (up to its '='), into buf. */
static void set_name(const char *set, char *buf, size_t n)
{
    const char *eq = strchr(set, '=');
    snprintf(buf, n, "%.*s", eq ? (int)(eq - set) : (int)strlen(set), set);
}

/* A declared parameter that sets a model field which --set fixes or --vary
 * varies by name would vary nothing (the field's own value wins): a usage
 * error, found by loading the scenario at the parameter's two ends without
 * those fields and comparing them. */
static int check_overridden(const sw_plan *p, const acc_scenario *s, char *err, size_t errlen)
{
    if (acc_scenario_is_function_model(s))
        return ACC_OK;
    /* the model fields given by name: fixed (--set) or varied */
    const size_t cap = (size_t)p->nsets + (size_t)p->nvary + 1;
    const char **fields = malloc(sizeof *fields * cap), **kept = malloc(sizeof *kept * cap);
    char(*names)[128] = malloc(sizeof *names * cap);
    if (!fields || !kept || !names) {
        free(fields);
        free(kept);
        free(names);
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    int nf = 0, kept_n = 0;
    for (int i = 0; i < p->nsets; i++) {
        set_name(p->sets[i], names[nf], sizeof names[nf]);
        if (!find_decl(s, names[nf]) && find_field(names[nf])) {
            fields[nf] = names[nf];
            nf++;
        } else {
            kept[kept_n++] = p->sets[i]; /* the --set entries that stay: every one but the model fields */
        }
    }
    for (int i = 0; i < p->nvary; i++)
        if (!find_decl(s, p->vary[i].name) && find_field(p->vary[i].name))
            fields[nf++] = p->vary[i].name;
    if (nf == 0) {
        free(fields);
        free(kept);
        free(names);
        return ACC_OK;
    }
    sw_plan q = *p; /* the same plan with only the kept --set entries, for the probes */
    q.sets = (char **)kept;
    q.nsets = kept_n;
    int rc = ACC_OK;
    for (int i = 0; i < p->nvary && rc == ACC_OK; i++) {
        const sw_vary *v = &p->vary[i];
        if (!find_decl(s, v->name))
            continue;
        double lo = v->lo, hi = v->hi;
        if (v->kind != SW_RANGE) {
            lo = hi = v->values[0];
            for (size_t k = 1; k < v->n_values; k++) {
                lo = v->values[k] < lo ? v->values[k] : lo;
                hi = v->values[k] > hi ? v->values[k] : hi;
            }
        }
        if (!(lo < hi))
            continue;
        acc_scenario *t[2] = {NULL, NULL};
        char set[2][160], msg[ACC_ERRLEN];
        value_text(v, lo, set[0], sizeof set[0]);
        value_text(v, hi, set[1], sizeof set[1]);
        int loaded = try_load_q(&q, set[0], 1, &t[0], msg, sizeof msg) == ACC_OK &&
                     try_load_q(&q, set[1], 1, &t[1], msg, sizeof msg) == ACC_OK; /* a failed load: the runs say */
        /* only when what the parameter sets is all given by name: a parameter
         * that also sets other fields still varies them */
        if (loaded && sets_other_fields(acc_scenario_config(t[0]), acc_scenario_config(t[1]), fields, nf))
            loaded = 0;
        for (int k = 0; loaded && k < nf; k++) {
            double a, b;
            if (field_value(acc_scenario_config(t[0]), fields[k], &a) &&
                field_value(acc_scenario_config(t[1]), fields[k], &b) && !(a == b || (isnan(a) && isnan(b)))) {
                int fixed = 0;
                for (int m = 0; m < p->nsets; m++) {
                    char nm[128];
                    set_name(p->sets[m], nm, sizeof nm);
                    fixed |= strcmp(nm, fields[k]) == 0;
                }
                acc_errf(err, errlen,
                         "--vary %s would vary nothing: the scenario sets %s from it (%g at %s, %g at %s), and "
                         "%s %s by name, which wins; vary one of the two",
                         v->name, fields[k], a, set[0], b, set[1], fixed ? "--set fixes" : "--vary varies",
                         fields[k]);
                rc = ACC_EINVAL;
                break;
            }
        }
        acc_scenario_free(t[0]);
        acc_scenario_free(t[1]);
    }
    free(fields);
    free(kept);
    free(names);
    return rc;
}

static int add_vary_unique(sw_plan *p, const sw_vary *v, char *err, size_t errlen)
{
    for (int i = 0; i < p->nvary; i++)
        if (strcmp(p->vary[i].name, v->name) == 0) {
            acc_errf(err, errlen, "--vary %s is given twice", v->name);
            return ACC_EINVAL;
        }
    sw_vary c = *v;
    if (v->values) {
        c.values = malloc(sizeof *c.values * v->n_values);
        if (!c.values)
            return ACC_ENOMEM;
        memcpy(c.values, v->values, sizeof *c.values * v->n_values);
    }
    int rc = sw_plan_push_vary(p, &c);
    if (rc)
        free(c.values);
    return rc;
}

static int set_name_eq(const char *a, const char *b)
{
    const char *ea = strchr(a, '='), *eb = strchr(b, '=');
    size_t la = ea ? (size_t)(ea - a) : strlen(a), lb = eb ? (size_t)(eb - b) : strlen(b);
    return la == lb && memcmp(a, b, la) == 0;
}

/* The scenario (or the sweep file that names it) and the limits of runs. */
static int plan_source(sw_plan *p, const acc_sweep_opts *o, sw_file_spec *spec, char *err,
                       size_t errlen)
{
    if (!o->scenario) {
        acc_errf(err, errlen, "no scenario or sweep file given");
        return ACC_EINVAL;
    }
    /* Lua's limits: a sweep file gets --time-limit or its own default */
    sw_file_opts fo = {o->time_limit_s > 0 ? o->time_limit_s : SW_FILE_TIME_LIMIT_S, o->stuck,
                       o->stuck_ud};
    int from_file = sw_file_is_sweep(o->scenario, &fo), rc;
    if (from_file && (rc = sw_file_load_with(o->scenario, &fo, spec, err, errlen)))
        return rc;
    const char *scen = from_file ? spec->scenario : o->scenario;
    if (strlen(scen) >= sizeof p->scenario) {
        acc_errf(err, errlen, "scenario path too long");
        return ACC_EINVAL;
    }
    snprintf(p->scenario, sizeof p->scenario, "%s", scen);
    p->mem_limit_bytes = o->mem_limit_bytes;
    p->run_timeout_s = o->run_timeout_s == 0 ? ACC_SWEEP_RUN_TIMEOUT_DEFAULT_S
                       : o->run_timeout_s < 0 ? 0 : o->run_timeout_s;
    if (o->time_limit_s > 0)
        p->lua_time_limit_s = o->time_limit_s;
    else if (p->run_timeout_s > 0 && p->run_timeout_s < ACC_SWEEP_LUA_TIME_LIMIT_DEFAULT_S)
        p->lua_time_limit_s = p->run_timeout_s;
    else
        p->lua_time_limit_s = ACC_SWEEP_LUA_TIME_LIMIT_DEFAULT_S;
    p->load_stuck = o->stuck;
    p->load_stuck_ud = o->stuck_ud;
    p->strict = o->strict;
    return ACC_OK;
}

/* Design, samples, replications, seed: the command line overrides the file. */
static int plan_design(sw_plan *p, const acc_sweep_opts *o, const sw_file_spec *spec, char *err,
                       size_t errlen)
{
    const char *dname = o->design ? o->design : spec->design[0] ? spec->design : "grid";
    char derr[256];
    if (acc_design_type_parse(dname, &p->design, derr, sizeof derr)) {
        acc_errf(err, errlen, "--design %s: unknown design (grid, random, lhs, sobol, morris)", dname);
        return ACC_EINVAL;
    }
    uint64_t samples = o->samples ? o->samples : spec->samples;
    if (p->design == ACC_DESIGN_GRID) {
        if (samples) {
            acc_errf(err, errlen,
                     "--samples does not apply to --design grid (its points are the combinations "
                     "of levels: --vary name=lo:hi:levels or name=v1,v2,...)");
            return ACC_EINVAL;
        }
    } else if (!samples) {
        samples = p->design == ACC_DESIGN_SOBOL ? 512 : p->design == ACC_DESIGN_MORRIS ? 20 : 100;
    }
    p->samples = samples;
    p->reps = o->reps ? o->reps : spec->reps ? spec->reps : 1;
    p->seed = o->seed_set ? o->seed : spec->has_seed ? spec->seed : 1;
    /* options of one design given to another: refused, like --samples on a grid */
    if (o->morris_levels && p->design != ACC_DESIGN_MORRIS) {
        acc_errf(err, errlen, "--morris-levels applies to --design morris only (this sweep's design is %s)", dname);
        return ACC_EINVAL;
    }
    if (o->n_boot && p->design != ACC_DESIGN_SOBOL) {
        acc_errf(err, errlen,
                 "--bootstrap applies to --design sobol only (the intervals of its indices; this sweep's design is "
                 "%s)",
                 dname);
        return ACC_EINVAL;
    }
    p->morris_levels = o->morris_levels ? o->morris_levels : spec->morris_levels ? spec->morris_levels : 4;
    p->n_boot = o->n_boot ? o->n_boot : spec->n_boot ? spec->n_boot : 1000;
    return ACC_OK;
}

/* Fixed sets (the file's, then the command line's, which win) and the
 * selected outcomes (the command line's replace the file's). */
static int plan_sets(sw_plan *p, const acc_sweep_opts *o, const sw_file_spec *spec, char *err,
                     size_t errlen)
{
    int rc = ACC_OK;
    for (int i = 0; i < spec->nsets && rc == ACC_OK; i++) {
        int overridden = 0;
        for (int k = 0; k < o->n_sets; k++)
            overridden |= set_name_eq(spec->sets[i], o->sets[k]);
        if (!overridden)
            rc = sw_lines_push(&p->sets, &p->nsets, spec->sets[i]);
    }
    for (int i = 0; i < o->n_sets && rc == ACC_OK; i++) {
        if (!strchr(o->sets[i], '=')) {
            acc_errf(err, errlen, "--set '%s': expected name=value", o->sets[i]);
            return ACC_EINVAL;
        }
        rc = sw_lines_push(&p->sets, &p->nsets, o->sets[i]);
    }
    char *const *outs = o->n_outcomes ? (char *const *)o->outcomes : spec->outcomes;
    int nouts = o->n_outcomes ? o->n_outcomes : spec->noutcomes;
    for (int i = 0; i < nouts && rc == ACC_OK; i++)
        rc = sw_lines_push(&p->outcomes, &p->noutcomes, outs[i]);
    if (rc == ACC_ENOMEM)
        acc_errf(err, errlen, "out of memory");
    return rc;
}

/* The scenario itself, loaded with the fixed sets: its hash, name and type. */
static int plan_scenario(sw_plan *p, const acc_sweep_opts *o, const sw_file_spec *spec,
                         acc_scenario **s, char *err, size_t errlen)
{
    int rc = try_load(p, NULL, s, err, errlen);
    if (rc) /* the time or memory limit stays ACC_ELIMIT: exit 1, as everywhere */
        return rc != ACC_EIO && rc != ACC_ENOMEM && rc != ACC_ELIMIT ? ACC_EINVAL : rc;
    snprintf(p->sha256, sizeof p->sha256, "%s", acc_scenario_sha256(*s));
    snprintf(p->scenario_name, sizeof p->scenario_name, "%s", acc_scenario_name(*s));
    p->function_model = acc_scenario_is_function_model(*s);
    p->timeseries = o->timeseries || spec->timeseries;
    if (p->timeseries && p->function_model) {
        acc_errf(err, errlen,
                 "--timeseries: %s is a function model, which has no per-step time series",
                 p->scenario);
        return ACC_EINVAL;
    }
    return ACC_OK;
}

/* The probe run: the scenario loaded with the fixed sets (its parameters at
 * their defaults), seed p->seed, run 0, quietly, and run once in this
 * process. Its custom metrics' names, units and docs go into the plan.
 * ACC_OK, or the run's status with its message in err. */
static int probe_run(sw_plan *p, acc_scenario **out, char *err, size_t errlen)
{
    *out = NULL;
    acc_scenario *ps = NULL;
    int rc = try_load_q(p, NULL, 1, &ps, err, errlen);
    if (rc == ACC_OK)
        rc = acc_scenario_run(ps, NULL, err, errlen);
    if (rc) {
        acc_scenario_free(ps);
        return rc;
    }
    int n = acc_scenario_nmetrics(ps), nu = 0, nd = 0;
    for (int i = 0; i < n && rc == ACC_OK; i++)
        if ((rc = sw_lines_push(&p->metric_names, &p->nmetrics, acc_scenario_metric_name(ps, i))) ||
            (rc = sw_lines_push(&p->metric_units, &nu, acc_scenario_metric_unit(ps, i))) ||
            (rc = sw_lines_push(&p->metric_docs, &nd, acc_scenario_metric_doc(ps, i))))
            acc_errf(err, errlen, "out of memory");
    if (rc) {
        sw_lines_free(p->metric_units, nu);
        sw_lines_free(p->metric_docs, nd);
        p->metric_units = p->metric_docs = NULL;
        sw_lines_free(p->metric_names, p->nmetrics);
        p->metric_names = NULL;
        p->nmetrics = 0;
        acc_scenario_free(ps);
        return rc;
    }
    *out = ps;
    return ACC_OK;
}

/* The selected outcomes, checked before any run. A world's summary names
 * (those of its jurisdictions too: harm_eu) are known from its
 * configuration; custom metrics (world:record) and a function model's
 * outcomes only by running it: the probe run (probe_run), made when a
 * selected name is not a summary name or the scenario is a function model,
 * and for every world scenario (dry runs aside) for its metrics' units. An
 * unknown name is a usage error with the closest name; a probe that fails
 * when names need it fails the sweep before it starts. */
static int plan_outcomes(sw_plan *p, const acc_scenario *s, int dry, char *err, size_t errlen)
{
    const acc_config *cfg = acc_scenario_config(s);
    int n = cfg ? acc_config_summary_count(cfg) : 0;
    char(*buf)[ACC_ID_LEN + 16] = calloc((size_t)(n > 0 ? n : 1), sizeof *buf);
    const char **names = NULL;
    acc_scenario *ps = NULL;
    int rc = ACC_OK, nnames = 0, unknown = 0;
    if (!buf) {
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    for (int i = 0; i < n; i++)
        acc_config_summary_name(cfg, i, buf[i], sizeof buf[i]);
    for (int k = 0; k < p->noutcomes; k++) {
        int found = 0;
        for (int i = 0; i < n && !found; i++)
            found = strcmp(buf[i], p->outcomes[k]) == 0;
        unknown += !found;
    }
    int need = p->noutcomes > 0 && (p->function_model || unknown > 0);
    if (need || (!p->function_model && !dry)) {
        char msg[ACC_ERRLEN];
        rc = probe_run(p, &ps, msg, sizeof msg);
        if (rc && need) {
            acc_errf(err, errlen,
                     "--outcomes: checking the names needs one run of %s (its defaults and the "
                     "fixed --set values, seed %llu, run 0), which failed: %s",
                     p->scenario, (unsigned long long)p->seed, msg);
            goto done;
        }
        rc = ACC_OK; /* without names to check, a failed probe only loses units */
    }
    if (!need)
        goto done;
    /* every name an outcome may have: the summary's (the configuration's,
     * or the probe's for a function model), then the probe's metrics */
    int nsum = ps ? acc_scenario_summary_count(ps) : 0;
    names = calloc((size_t)(n + nsum + p->nmetrics + 1), sizeof *names);
    if (!names) {
        acc_errf(err, errlen, "out of memory");
        rc = ACC_ENOMEM;
        goto done;
    }
    for (int i = 0; i < n; i++)
        names[nnames++] = buf[i];
    for (int i = 0; i < nsum && p->function_model; i++)
        names[nnames++] = acc_scenario_summary_name(ps, i);
    for (int i = 0; i < p->nmetrics; i++)
        names[nnames++] = p->metric_names[i];
    for (int k = 0; k < p->noutcomes && rc == ACC_OK; k++) {
        int found = 0;
        for (int i = 0; i < nnames && !found; i++)
            found = strcmp(names[i], p->outcomes[k]) == 0;
        if (found)
            continue;
        const char *best = acc_name_closest(p->outcomes[k], names, nnames);
        char hint[96] = "";
        if (best)
            snprintf(hint, sizeof hint, " (did you mean '%s'?)", best);
        /* the names the probe gave: a function model's outcomes or the metrics */
        char listed[512] = "";
        size_t used = 0;
        int first = p->function_model ? n : nnames - p->nmetrics;
        int count = p->function_model ? nsum : p->nmetrics;
        for (int i = 0; i < count && used < sizeof listed; i++) {
            int w = snprintf(listed + used, sizeof listed - used, "%s%s", i ? ", " : "",
                             names[first + i]);
            used += w > 0 ? (size_t)w : 0;
        }
        if (used >= sizeof listed)
            memcpy(listed + sizeof listed - 5, "...", 4);
        if (p->function_model)
            acc_errf(err, errlen,
                     "--outcomes: %s has no outcome '%s'%s; its outcomes are the names its model "
                     "returns (with its defaults: %s)",
                     p->scenario, p->outcomes[k], hint, count ? listed : "none");
        else
            acc_errf(err, errlen,
                     "--outcomes: %s has no outcome '%s'%s; its outcomes are the summary columns "
                     "(docs/outputs.md), per jurisdiction harm_<id>, exposure_<id>, revenue_<id>, "
                     "fines_<id>, rejections_<id>, revenue_home_<id>, and the metrics its scripts "
                     "record with world:record (with its defaults: %s)",
                     p->scenario, p->outcomes[k], hint, count ? listed : "none");
        rc = ACC_EINVAL;
    }
done:
    acc_scenario_free(ps);
    free(buf);
    free(names);
    return rc;
}

/* Varied parameters: the file's (unless the command line names them too),
 * then the command line's, in the order given; each checked against the
 * scenario. */
static int plan_vary(sw_plan *p, const acc_sweep_opts *o, const sw_file_spec *spec,
                     const acc_scenario *s, probe_set *ps, char *err, size_t errlen)
{
    int rc = ACC_OK;
    for (int i = 0; i < spec->nvary && rc == ACC_OK; i++) {
        int overridden = 0;
        for (int k = 0; k < o->n_vary; k++) {
            const char *eq = strchr(o->vary[k], '=');
            size_t l = eq ? (size_t)(eq - o->vary[k]) : strlen(o->vary[k]);
            overridden |= strlen(spec->vary[i].name) == l &&
                          memcmp(spec->vary[i].name, o->vary[k], l) == 0;
        }
        if (!overridden)
            rc = add_vary_unique(p, &spec->vary[i], err, errlen);
    }
    for (int i = 0; i < o->n_vary && rc == ACC_OK; i++) {
        sw_vary v;
        if ((rc = sw_vary_parse(o->vary[i], &v, err, errlen)))
            return rc;
        rc = add_vary_unique(p, &v, err, errlen);
        sw_vary_clear(&v);
    }
    for (int i = 0; i < p->nvary && rc == ACC_OK; i++)
        rc = check_vary(p, s, &p->vary[i], ps, err, errlen);
    if (rc == ACC_OK)
        rc = check_overridden(p, s, err, errlen);
    return rc;
}

int sw_plan_from_opts(const acc_sweep_opts *o, sw_plan **out, char *err, size_t errlen)
{
    *out = NULL;
    sw_file_spec spec;
    memset(&spec, 0, sizeof spec);
    acc_scenario *s = NULL;
    probe_set ps;
    memset(&ps, 0, sizeof ps);
    sw_plan *p = calloc(1, sizeof *p);
    if (!p) {
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    int rc;
    if (!(rc = plan_source(p, o, &spec, err, errlen)) &&
        !(rc = plan_design(p, o, &spec, err, errlen)) &&
        !(rc = plan_sets(p, o, &spec, err, errlen)) &&
        !(rc = plan_scenario(p, o, &spec, &s, err, errlen)) &&
        !(rc = plan_outcomes(p, s, o->dry_run, err, errlen)) &&
        !(rc = plan_vary(p, o, &spec, s, &ps, err, errlen)) && !(rc = sw_plan_validate(p, err, errlen)))
        rc = sw_plan_prepare(p, err, errlen);
    if (rc == ACC_OK && (rc = plan_warnings(p, s, &ps)))
        acc_errf(err, errlen, "out of memory");
    sw_warnings_free(&ps.w);
    acc_scenario_free(s);
    sw_file_spec_free(&spec);
    if (rc) {
        sw_plan_free(p);
        return rc;
    }
    *out = p;
    return ACC_OK;
}
