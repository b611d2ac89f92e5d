/* accord — the sweep plan: what is varied and how (--vary specs), the
 * design, replications and seed; one set of checks however a plan was made;
 * its canonical text (what resumes and merges compare, and plans read back
 * from journals); and the parameter values of each design point. Building
 * a plan from options and the scenario: sweep_plan_opts.c.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "base/numfmt.h"
#include "sweep/sweep_int.h"

#define DEFAULT_GRID_LEVELS 5
#define MAX_LIST SW_MAX_LIST

/* ---- --vary parsing ------------------------------------------------------------------- */

void sw_vary_clear(sw_vary *v)
{
    free(v->values);
    memset(v, 0, sizeof *v);
}

static int valid_name(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!(isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '.'))
            return 0;
    return 1;
}

/* s[0..n) read as --set reads a value, whatever its length (a copy: s is
 * part of a longer spec): too_large 0, acc_parse_decimal's answer; too_large
 * 1, acc_decimal_too_large's. 0 for an empty text or no memory. */
static int decimal_of(const char *s, size_t n, double *out, int too_large)
{
    char *buf = n ? malloc(n + 1) : NULL;
    if (!buf)
        return 0;
    memcpy(buf, s, n);
    buf[n] = 0;
    int r = too_large ? acc_decimal_too_large(buf) : acc_parse_decimal(buf, out);
    free(buf);
    return r;
}

static int parse_double(const char *s, size_t n, double *out) { return decimal_of(s, n, out, 0); }

/* The same text is a decimal number too large for a double (1e400). */
static int too_large(const char *s, size_t n) { return decimal_of(s, n, NULL, 1); }

int sw_vary_parse(const char *text, sw_vary *v, char *err, size_t errlen)
{
    memset(v, 0, sizeof *v);
    const char *eq = strchr(text, '=');
    size_t nl = eq ? (size_t)(eq - text) : strlen(text);
    if (!valid_name(text, nl) || nl >= sizeof v->name) {
        acc_errf(err, errlen,
                 "--vary '%s': expected name, name=lo:hi, name=lo:hi:levels or name=v1,v2,... "
                 "(names use letters, digits, _ and .)",
                 text);
        return ACC_EINVAL;
    }
    memcpy(v->name, text, nl);
    v->name[nl] = 0;
    v->kind = SW_RANGE;
    if (!eq) {
        v->declared = 1;
        v->lo = v->hi = NAN;
        return ACC_OK;
    }
    const char *spec = eq + 1;
    if (strchr(spec, ':')) {
        const char *c1 = strchr(spec, ':');
        const char *c2 = strchr(c1 + 1, ':');
        const char *end = spec + strlen(spec);
        if (!parse_double(spec, (size_t)(c1 - spec), &v->lo) ||
            !parse_double(c1 + 1, (size_t)((c2 ? c2 : end) - c1 - 1), &v->hi)) {
            acc_errf(err, errlen, "--vary %s: '%s' is not lo:hi or lo:hi:levels with finite numbers",
                     v->name, spec);
            return ACC_EINVAL;
        }
        if (c2) {
            double lv;
            if (!parse_double(c2 + 1, (size_t)(end - c2 - 1), &lv) || lv != floor(lv) || lv < 1 ||
                lv > SW_MAX_GRID_LEVELS) {
                acc_errf(err, errlen, "--vary %s: levels '%s' must be a whole number in [1, 1000000]",
                         v->name, c2 + 1);
                return ACC_EINVAL;
            }
            v->levels = (uint32_t)lv;
        }
        if (!(v->lo < v->hi)) {
            acc_errf(err, errlen, "--vary %s=%s: the low end must be below the high end", v->name,
                     spec);
            return ACC_EINVAL;
        }
        return ACC_OK;
    }
    /* a list v1,v2,... */
    size_t n = 1;
    for (const char *c = spec; *c; c++)
        n += *c == ',';
    if (n > MAX_LIST) {
        acc_errf(err, errlen, "--vary %s: at most %d values", v->name, MAX_LIST);
        return ACC_EINVAL;
    }
    v->kind = SW_LIST;
    v->values = malloc(sizeof *v->values * n);
    if (!v->values) {
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    const char *c = spec;
    for (size_t i = 0; i < n; i++) {
        const char *comma = strchr(c, ',');
        size_t len = comma ? (size_t)(comma - c) : strlen(c);
        if (!parse_double(c, len, &v->values[i])) {
            if (too_large(c, len))
                acc_errf(err, errlen, "--vary %s: '%.*s' " ACC_DECIMAL_TOO_LARGE, v->name, (int)len, c);
            else
                acc_errf(err, errlen, "--vary %s: '%.*s' is not a decimal number (such as 0.25, -3 or 1e-3; no hexadecimal, no spaces)", v->name, (int)len, c);
            sw_vary_clear(v);
            return ACC_EINVAL;
        }
        for (size_t k = 0; k < i; k++)
            if (v->values[k] == v->values[i]) {
                acc_errf(err, errlen, "--vary %s: value %.*s is listed twice", v->name, (int)len, c);
                sw_vary_clear(v);
                return ACC_EINVAL;
            }
        c = comma ? comma + 1 : c + len;
    }
    v->n_values = n;
    return ACC_OK;
}

/* ---- plan housekeeping ---------------------------------------------------------------- */

void sw_lines_free(char **lines, int n)
{
    for (int i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}

int sw_lines_push(char ***lines, int *n, const char *s)
{
    char **a = realloc(*lines, sizeof *a * (size_t)(*n + 1));
    if (!a)
        return ACC_ENOMEM;
    *lines = a;
    if (!(a[*n] = strdup(s)))
        return ACC_ENOMEM;
    (*n)++;
    return ACC_OK;
}

void sw_plan_free(sw_plan *p)
{
    if (!p)
        return;
    for (int i = 0; i < p->nvary; i++)
        sw_vary_clear(&p->vary[i]);
    free(p->vary);
    sw_lines_free(p->sets, p->nsets);
    sw_lines_free(p->outcomes, p->noutcomes);
    sw_lines_free(p->warn_keys, p->nwarn);
    sw_lines_free(p->metric_names, p->nmetrics);
    sw_lines_free(p->metric_units, p->nmetrics);
    sw_lines_free(p->metric_docs, p->nmetrics);
    for (int i = 0; i < p->nwarn; i++)
        free(p->warn_texts[i]);
    free(p->warn_texts);
    acc_design_free(p->d);
    free(p);
}

int sw_plan_push_vary(sw_plan *p, const sw_vary *v)
{
    sw_vary *a = realloc(p->vary, sizeof *a * (size_t)(p->nvary + 1));
    if (!a)
        return ACC_ENOMEM;
    p->vary = a;
    a[p->nvary++] = *v;
    return ACC_OK;
}

uint32_t sw_vary_grid_levels(const sw_vary *v)
{
    if (v->kind == SW_LIST)
        return (uint32_t)v->n_values;
    if (v->levels)
        return v->levels;
    if (v->integer && v->hi - v->lo + 1 < DEFAULT_GRID_LEVELS)
        return (uint32_t)(v->hi - v->lo + 1);
    return DEFAULT_GRID_LEVELS;
}

/* ---- validation --------------------------------------------------------------------------
 * One set of checks for a plan however it was made: from options and a sweep
 * file (after the scenario resolved declared ranges and integer flags) or
 * read back from a journal, which is a file on disk that may be damaged or
 * forged and must not reach the design with values the command line refuses
 * (an integer range 1e300 wide overflows the cast to a value index). */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The values of one varied parameter: what sw_vary_parse and the scenario's
 * integer flag imply. */
int sw_vary_validate_values(const sw_vary *v, char *err, size_t errlen)
{
    if (v->kind == SW_RANGE) {
        if (v->declared) {
            acc_errf(err, errlen, "--vary %s: the declared range was never resolved", v->name);
            return ACC_EINVAL;
        }
        if (!isfinite(v->lo) || !isfinite(v->hi) || !(v->lo < v->hi)) {
            acc_errf(err, errlen, "--vary %s=%g:%g: the low end must be below the high end, both finite",
                     v->name, v->lo, v->hi);
            return ACC_EINVAL;
        }
        if (v->levels > SW_MAX_GRID_LEVELS) {
            acc_errf(err, errlen, "--vary %s: levels %u must be a whole number in [1, %u]", v->name,
                     v->levels, SW_MAX_GRID_LEVELS);
            return ACC_EINVAL;
        }
        if (v->integer && (v->lo != floor(v->lo) || v->hi != floor(v->hi))) {
            acc_errf(err, errlen, "--vary %s=%g:%g: %s is an integer parameter: give whole bounds",
                     v->name, v->lo, v->hi, v->name);
            return ACC_EINVAL;
        }
        if (v->integer && v->hi - v->lo > SW_MAX_INTEGER_WIDTH) {
            acc_errf(err, errlen, "--vary %s: integer range too wide (%g values, at most %g)",
                     v->name, v->hi - v->lo + 1, SW_MAX_INTEGER_WIDTH + 1);
            return ACC_EINVAL;
        }
        return ACC_OK;
    }
    if (v->kind != SW_LIST || v->n_values < 1 || v->n_values > SW_MAX_LIST || !v->values) {
        acc_errf(err, errlen, "--vary %s: a list needs 1 to %d values", v->name, SW_MAX_LIST);
        return ACC_EINVAL;
    }
    for (size_t k = 0; k < v->n_values; k++) {
        double x = v->values[k];
        if (!isfinite(x)) {
            acc_errf(err, errlen, "--vary %s: value %g is not a finite number", v->name, x);
            return ACC_EINVAL;
        }
        if (v->integer && x != floor(x)) {
            acc_errf(err, errlen, "--vary %s: value %g: %s is an integer parameter", v->name, x,
                     v->name);
            return ACC_EINVAL;
        }
    }
    double *sorted = malloc(sizeof *sorted * v->n_values);
    if (!sorted) {
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    memcpy(sorted, v->values, sizeof *sorted * v->n_values);
    qsort(sorted, v->n_values, sizeof *sorted, cmp_double);
    int rc = ACC_OK;
    for (size_t k = 1; k < v->n_values && rc == ACC_OK; k++)
        if (sorted[k] == sorted[k - 1]) {
            acc_errf(err, errlen, "--vary %s: value %g is listed twice", v->name, sorted[k]);
            rc = ACC_EINVAL;
        }
    free(sorted);
    return rc;
}

static int is_hex64(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
            return 0;
    return n == 64;
}

/* Length of the name in "name=value", or 0 if it has no '=' or no name. */
static size_t set_name_len(const char *set)
{
    const char *eq = strchr(set, '=');
    return eq ? (size_t)(eq - set) : 0;
}

int sw_plan_validate(const sw_plan *p, char *err, size_t errlen)
{
    const char *dname = acc_design_type_name(p->design);
    if (!is_hex64(p->sha256)) {
        acc_errf(err, errlen, "the scenario's SHA-256 '%.70s' is not 64 hexadecimal digits", p->sha256);
        return ACC_EINVAL;
    }
    if (p->reps < 1 || p->reps > SW_MAX_SAMPLES) {
        acc_errf(err, errlen, "--reps must be in [1, %llu], got %llu",
                 (unsigned long long)SW_MAX_SAMPLES, (unsigned long long)p->reps);
        return ACC_EINVAL;
    }
    if (p->seed > SW_MAX_SEED) {
        acc_errf(err, errlen, "--seed must be in [0, %llu], got %llu", (unsigned long long)SW_MAX_SEED,
                 (unsigned long long)p->seed);
        return ACC_EINVAL;
    }
    if (p->design == ACC_DESIGN_GRID) {
        if (p->samples) {
            acc_errf(err, errlen,
                     "--samples does not apply to --design grid (its points are the combinations "
                     "of levels: --vary name=lo:hi:levels or name=v1,v2,...)");
            return ACC_EINVAL;
        }
    } else if (p->samples < 1 || p->samples > SW_MAX_SAMPLES) {
        acc_errf(err, errlen, "--design %s: --samples must be in [1, %llu], got %llu", dname,
                 (unsigned long long)SW_MAX_SAMPLES, (unsigned long long)p->samples);
        return ACC_EINVAL;
    }
    if (p->design == ACC_DESIGN_SOBOL && p->nvary > 0 && p->samples < 2) {
        acc_errf(err, errlen, "--design sobol needs --samples >= 2 base samples");
        return ACC_EINVAL;
    }
    if (p->design == ACC_DESIGN_MORRIS &&
        (p->morris_levels < 2 || p->morris_levels > SW_MAX_MORRIS_LEVELS || p->morris_levels % 2)) {
        acc_errf(err, errlen, "--design morris: --morris-levels must be an even number in [2, %u], got %u",
                 SW_MAX_MORRIS_LEVELS, p->morris_levels);
        return ACC_EINVAL;
    }
    if (p->design == ACC_DESIGN_SOBOL && (p->n_boot < 1 || p->n_boot > SW_MAX_BOOTSTRAP)) {
        acc_errf(err, errlen, "--bootstrap must be in [1, %u], got %u", SW_MAX_BOOTSTRAP, p->n_boot);
        return ACC_EINVAL;
    }
    if (p->timeseries != 0 && p->timeseries != 1) {
        acc_errf(err, errlen, "--timeseries: bad value %d", p->timeseries);
        return ACC_EINVAL;
    }
    if (p->nvary < 0 || (p->nvary > 0 && !p->vary)) {
        acc_errf(err, errlen, "bad number of varied parameters");
        return ACC_EINVAL;
    }
    for (int i = 0; i < p->nvary; i++) {
        const sw_vary *v = &p->vary[i];
        size_t nl = strnlen(v->name, sizeof v->name);
        if (nl == 0 || nl >= sizeof v->name || !valid_name(v->name, nl)) {
            acc_errf(err, errlen, "--vary '%.*s': not a parameter name (letters, digits, _ and .)",
                     (int)nl, v->name);
            return ACC_EINVAL;
        }
        if (v->integer != 0 && v->integer != 1) {
            acc_errf(err, errlen, "--vary %s: bad integer flag %d", v->name, v->integer);
            return ACC_EINVAL;
        }
        for (int k = 0; k < i; k++)
            if (strcmp(p->vary[k].name, v->name) == 0) {
                acc_errf(err, errlen, "--vary %s is given twice", v->name);
                return ACC_EINVAL;
            }
        for (int k = 0; k < p->nsets; k++)
            if (set_name_len(p->sets[k]) == nl && memcmp(p->sets[k], v->name, nl) == 0) {
                acc_errf(err, errlen, "%s is both varied (--vary) and fixed (--set)", v->name);
                return ACC_EINVAL;
            }
        int rc = sw_vary_validate_values(v, err, errlen);
        if (rc)
            return rc;
    }
    for (int i = 0; i < p->nsets; i++) {
        size_t nl = set_name_len(p->sets[i]);
        if (nl == 0) {
            acc_errf(err, errlen, "--set '%s': expected name=value", p->sets[i]);
            return ACC_EINVAL;
        }
        for (int k = 0; k < i; k++)
            if (set_name_len(p->sets[k]) == nl && memcmp(p->sets[k], p->sets[i], nl) == 0) {
                acc_errf(err, errlen, "--set %.*s is given twice", (int)nl, p->sets[i]);
                return ACC_EINVAL;
            }
    }
    for (int i = 0; i < p->noutcomes; i++) {
        if (!p->outcomes[i][0]) {
            acc_errf(err, errlen, "--outcomes: empty outcome name");
            return ACC_EINVAL;
        }
        for (int k = 0; k < i; k++)
            if (strcmp(p->outcomes[i], p->outcomes[k]) == 0) {
                acc_errf(err, errlen, "--outcomes: '%s' is listed twice", p->outcomes[i]);
                return ACC_EINVAL;
            }
    }
    return ACC_OK;
}

int sw_plan_prepare(sw_plan *p, char *err, size_t errlen)
{
    acc_design_free(p->d);
    p->d = NULL;
    if (p->reps < 1 || p->reps > ACC_DESIGN_MAX_POINTS) {
        acc_errf(err, errlen, "--reps must be in [1, %llu], got %llu",
                 (unsigned long long)ACC_DESIGN_MAX_POINTS, (unsigned long long)p->reps);
        return ACC_EINVAL;
    }
    const char *dname = acc_design_type_name(p->design);
    if (p->nvary == 0) {
        if (p->design != ACC_DESIGN_GRID) {
            acc_errf(err, errlen, "--design %s needs at least one --vary parameter", dname);
            return ACC_EINVAL;
        }
        p->npoints = 1;
    } else {
        acc_design_opts dopts;
        acc_design_opts_init(&dopts);
        uint32_t *levels = NULL;
        if (p->design == ACC_DESIGN_GRID) {
            levels = calloc((size_t)p->nvary, sizeof *levels);
            if (!levels) {
                acc_errf(err, errlen, "out of memory");
                return ACC_ENOMEM;
            }
            for (int i = 0; i < p->nvary; i++)
                levels[i] = sw_vary_grid_levels(&p->vary[i]);
            dopts.levels = levels;
        } else {
            for (int i = 0; i < p->nvary; i++)
                if (p->vary[i].kind == SW_RANGE && p->vary[i].levels) {
                    acc_errf(err, errlen,
                             "--vary %s: a level count (lo:hi:%u) only applies to --design grid",
                             p->vary[i].name, p->vary[i].levels);
                    return ACC_EINVAL;
                }
            dopts.n = p->samples;
            if (p->design == ACC_DESIGN_MORRIS)
                dopts.morris_levels = p->morris_levels;
        }
        char derr[512];
        int rc = acc_design_new(&p->d, p->design, (size_t)p->nvary, &dopts, p->seed, derr,
                                sizeof derr);
        free(levels);
        if (rc) {
            acc_errf(err, errlen, "--design %s: %s", dname, derr);
            return rc;
        }
        p->npoints = acc_design_n_points(p->d);
    }
    if (p->design == ACC_DESIGN_GRID)
        p->samples = p->npoints;
    if (p->npoints > ACC_DESIGN_MAX_POINTS / p->reps) {
        acc_errf(err, errlen, "%llu points x %llu replications is more than %llu runs",
                 (unsigned long long)p->npoints, (unsigned long long)p->reps,
                 (unsigned long long)ACC_DESIGN_MAX_POINTS);
        return ACC_EINVAL;
    }
    p->nruns = p->npoints * p->reps;
    return ACC_OK;
}

/* A grid level as the user would type it: the double nearest the decimal
 * of at most 12 significant digits that x rounds to, when that is within a
 * few ulps of x (0.4:0.8:3's middle level is 0.6, not 0.6000000000000001,
 * so `accord run --set strict=0.6` is that run, and a column of points.csv
 * reads 0.6); x itself otherwise, and never outside [lo, hi]. */
static double grid_level_decimal(double x, double lo, double hi)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.12g", x);
    double y = strtod(buf, NULL);
    if (!(fabs(y - x) <= 8 * 2.220446049250313e-16 * fabs(x)) || y < lo || y > hi)
        return x;
    return y;
}

/* The value of varied parameter v at unit coordinate u. */
static double vary_value(const sw_vary *v, double u, int grid)
{
    if (v->kind == SW_LIST)
        return v->values[acc_design_value_index(u, v->n_values)];
    if (v->integer) {
        if (grid)
            return floor(v->lo + u * (v->hi - v->lo) + 0.5);
        return v->lo + (double)acc_design_value_index(u, (size_t)(v->hi - v->lo) + 1);
    }
    /* the endpoints come out exactly lo and hi */
    double x = (1 - u) * v->lo + u * v->hi;
    x = x < v->lo ? v->lo : x > v->hi ? v->hi : x;
    return grid ? grid_level_decimal(x, v->lo, v->hi) : x;
}

int sw_plan_point_values(const sw_plan *p, uint64_t point, double *values)
{
    if (p->nvary == 0)
        return ACC_OK;
    double ubuf[64];
    double *u = p->nvary <= 64 ? ubuf : malloc(sizeof *u * (size_t)p->nvary);
    if (!u)
        return ACC_ENOMEM;
    int rc = acc_design_point(p->d, point, u);
    for (int k = 0; rc == ACC_OK && k < p->nvary; k++)
        values[k] = vary_value(&p->vary[k], u[k], p->design == ACC_DESIGN_GRID);
    if (u != ubuf)
        free(u);
    return rc;
}

void sw_plan_describe(const sw_plan *p, char *buf, size_t n)
{
    snprintf(buf, n, "%s design, %llu point%s x %llu replication%s = %llu run%s",
             acc_design_type_name(p->design), (unsigned long long)p->npoints,
             p->npoints == 1 ? "" : "s", (unsigned long long)p->reps, p->reps == 1 ? "" : "s",
             (unsigned long long)p->nruns, p->nruns == 1 ? "" : "s");
}

/* ---- canonical lines ------------------------------------------------------------------ */

int sw_plan_lines(const sw_plan *p, char ***lines, int *n)
{
    *lines = NULL;
    *n = 0;
    acc_sb b = {0};
    int rc = ACC_OK;
#define LINE()                                                                               \
    do {                                                                                     \
        if (!b.oom && rc == ACC_OK)                                                          \
            rc = sw_lines_push(lines, n, b.s);                                                    \
        acc_sb_clear(&b);                                                                    \
    } while (0)
    acc_sb_add(&b, "format 1");
    LINE();
    acc_sb_printf(&b, "scenario_sha256 %s", p->sha256);
    LINE();
    acc_sb_printf(&b, "design %s", acc_design_type_name(p->design));
    LINE();
    if (p->design != ACC_DESIGN_GRID) {
        acc_sb_printf(&b, "samples %llu", (unsigned long long)p->samples);
        LINE();
    }
    if (p->design == ACC_DESIGN_MORRIS) {
        acc_sb_printf(&b, "morris_levels %u", p->morris_levels);
        LINE();
    }
    acc_sb_printf(&b, "reps %llu", (unsigned long long)p->reps);
    LINE();
    acc_sb_printf(&b, "seed %llu", (unsigned long long)p->seed);
    LINE();
    if (p->design == ACC_DESIGN_SOBOL) {
        acc_sb_printf(&b, "bootstrap %u", p->n_boot);
        LINE();
    }
    for (int i = 0; i < p->nvary; i++) {
        const sw_vary *v = &p->vary[i];
        acc_sb_printf(&b, "vary %s %s %d", v->name, v->kind == SW_LIST ? "list" : "range", v->integer);
        if (v->kind == SW_LIST) {
            for (size_t k = 0; k < v->n_values; k++) {
                acc_sb_add(&b, " ");
                sw_put_double(&b, v->values[k]);
            }
        } else {
            acc_sb_add(&b, " ");
            sw_put_double(&b, v->lo);
            acc_sb_add(&b, " ");
            sw_put_double(&b, v->hi);
            acc_sb_printf(&b, " %u", p->design == ACC_DESIGN_GRID ? sw_vary_grid_levels(v) : 0u);
        }
        LINE();
    }
    for (int i = 0; i < p->nsets; i++) {
        acc_sb_add(&b, "set ");
        sw_escape(&b, p->sets[i], strlen(p->sets[i]), 1);
        LINE();
    }
    if (p->timeseries) {
        acc_sb_add(&b, "timeseries 1");
        LINE();
    }
    acc_sb_add(&b, "outcomes");
    if (p->noutcomes == 0)
        acc_sb_add(&b, " *");
    for (int i = 0; i < p->noutcomes; i++) {
        acc_sb_add(&b, " ");
        sw_escape(&b, p->outcomes[i], strlen(p->outcomes[i]), 1);
    }
    LINE();
#undef LINE
    if (b.oom && rc == ACC_OK)
        rc = ACC_ENOMEM;
    acc_sb_free(&b);
    if (rc) {
        sw_lines_free(*lines, *n);
        *lines = NULL;
        *n = 0;
    }
    return rc;
}

int sw_plan_sha256(const sw_plan *p, char hex[ACC_SHA256_HEXLEN])
{
    char **lines;
    int n;
    if (sw_plan_lines(p, &lines, &n))
        return ACC_ENOMEM;
    acc_sha256_ctx c;
    acc_sha256_init(&c);
    for (int i = 0; i < n; i++) {
        acc_sha256_update(&c, lines[i], strlen(lines[i]));
        acc_sha256_update(&c, "\n", 1);
    }
    unsigned char d[ACC_SHA256_LEN];
    acc_sha256_final(&c, d);
    acc_sha256_hex(d, hex);
    sw_lines_free(lines, n);
    return ACC_OK;
}

/* Split a copy of a line into space-separated tokens. */
static int split(const char *line, char *buf, size_t cap, char **tok, int maxtok)
{
    size_t len = strlen(line);
    if (len >= cap)
        return -1;
    memcpy(buf, line, len + 1);
    int n = 0;
    char *save = NULL;
    for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
        if (n >= maxtok)
            return -1;
        tok[n++] = t;
    }
    return n;
}

static int tok_u64(const char *s, uint64_t *out)
{
    if (!*s || *s == '-')
        return 0;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end || errno)
        return 0;
    *out = v;
    return 1;
}

/* "vary NAME range|list INTEGER ..." (tokens) into v: ACC_OK, ACC_EINVAL if
 * malformed, ACC_ENOMEM. */
static int vary_from_tokens(char **tok, int nt, sw_vary *v)
{
    uint64_t u;
    memset(v, 0, sizeof *v);
    if (strlen(tok[1]) >= sizeof v->name || !valid_name(tok[1], strlen(tok[1])))
        return ACC_EINVAL;
    snprintf(v->name, sizeof v->name, "%s", tok[1]);
    if (strcmp(tok[3], "0") != 0 && strcmp(tok[3], "1") != 0)
        return ACC_EINVAL;
    v->integer = tok[3][0] == '1';
    if (strcmp(tok[2], "range") == 0 && nt == 7) {
        v->kind = SW_RANGE;
        if (!parse_double(tok[4], strlen(tok[4]), &v->lo) ||
            !parse_double(tok[5], strlen(tok[5]), &v->hi) || !tok_u64(tok[6], &u) || u > 1000000)
            return ACC_EINVAL;
        v->levels = (uint32_t)u;
        return ACC_OK;
    }
    if (!(strcmp(tok[2], "list") == 0 && nt >= 5))
        return ACC_EINVAL;
    v->kind = SW_LIST;
    v->n_values = (size_t)(nt - 4);
    if (!(v->values = malloc(sizeof *v->values * v->n_values)))
        return ACC_ENOMEM;
    for (size_t q = 0; q < v->n_values; q++)
        if (!parse_double(tok[4 + q], strlen(tok[4 + q]), &v->values[q])) {
            free(v->values);
            v->values = NULL;
            return ACC_EINVAL;
        }
    return ACC_OK;
}

int sw_plan_from_lines(char *const *lines, int n, sw_plan **out, char *err, size_t errlen)
{
    *out = NULL;
    sw_plan *p = calloc(1, sizeof *p);
    if (!p) {
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    p->design = ACC_DESIGN_GRID;
    p->morris_levels = 4;
    p->n_boot = 1000;
    int rc = ACC_OK;
    size_t cap = 0;
    for (int i = 0; i < n; i++)
        if (strlen(lines[i]) + 1 > cap)
            cap = strlen(lines[i]) + 1;
    int maxtok = (int)cap / 2 + 2;
    char *buf = malloc(cap + 1);
    char **tok = malloc(sizeof *tok * (size_t)maxtok);
    if (!buf || !tok) {
        rc = ACC_ENOMEM;
        acc_errf(err, errlen, "out of memory");
        goto done;
    }
    for (int i = 0; i < n && rc == ACC_OK; i++) {
        int nt = split(lines[i], buf, cap + 1, tok, maxtok);
        uint64_t u;
        if (nt < 2)
            goto bad;
        const char *k = tok[0];
        if (strcmp(k, "format") == 0) {
            if (strcmp(tok[1], "1") != 0)
                goto bad;
        } else if (strcmp(k, "scenario_sha256") == 0) {
            snprintf(p->sha256, sizeof p->sha256, "%s", tok[1]);
        } else if (strcmp(k, "design") == 0) {
            char derr[128];
            if (acc_design_type_parse(tok[1], &p->design, derr, sizeof derr))
                goto bad;
        } else if (strcmp(k, "samples") == 0 && tok_u64(tok[1], &u)) {
            p->samples = u;
        } else if (strcmp(k, "morris_levels") == 0 && tok_u64(tok[1], &u) && u <= UINT32_MAX) {
            p->morris_levels = (uint32_t)u;
        } else if (strcmp(k, "reps") == 0 && tok_u64(tok[1], &u)) {
            p->reps = u;
        } else if (strcmp(k, "seed") == 0 && tok_u64(tok[1], &u)) {
            p->seed = u;
        } else if (strcmp(k, "bootstrap") == 0 && tok_u64(tok[1], &u) && u <= UINT32_MAX) {
            p->n_boot = (uint32_t)u;
        } else if (strcmp(k, "timeseries") == 0 && strcmp(tok[1], "1") == 0) {
            p->timeseries = 1;
        } else if (strcmp(k, "vary") == 0 && nt >= 4) {
            sw_vary v;
            int vrc = vary_from_tokens(tok, nt, &v);
            if (vrc == ACC_EINVAL)
                goto bad;
            if (vrc || (rc = sw_plan_push_vary(p, &v))) {
                rc = vrc ? vrc : rc;
                free(v.values);
                break;
            }
        } else if (strcmp(k, "set") == 0 && nt == 2) {
            if (sw_unescape(tok[1], strlen(tok[1])) <= 0 || (rc = sw_lines_push(&p->sets, &p->nsets, tok[1])))
                goto bad;
        } else if (strcmp(k, "outcomes") == 0) {
            if (!(nt == 2 && strcmp(tok[1], "*") == 0))
                for (int q = 1; q < nt && rc == ACC_OK; q++) {
                    if (sw_unescape(tok[q], strlen(tok[q])) <= 0)
                        goto bad;
                    rc = sw_lines_push(&p->outcomes, &p->noutcomes, tok[q]);
                }
        } else {
            goto bad;
        }
        continue;
    bad:
        acc_errf(err, errlen, "malformed plan line '%s'", lines[i]);
        rc = ACC_EINVAL;
    }
    if (rc == ACC_ENOMEM)
        acc_errf(err, errlen, "out of memory");
    /* the same limits as a plan made from the command line: a journal is a
     * file on disk, perhaps damaged or forged */
    if (rc == ACC_OK && (rc = sw_plan_validate(p, err, errlen)) == ACC_OK)
        rc = sw_plan_prepare(p, err, errlen);
done:
    free(buf);
    free(tok);
    if (rc) {
        sw_plan_free(p);
        return rc;
    }
    *out = p;
    return ACC_OK;
}
