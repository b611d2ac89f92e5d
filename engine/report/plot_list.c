/* accord report — which figures a run, sweep or comparison directory gets:
 * each metric over time per jurisdiction, metrics the scenario records and
 * an EGT phase diagram (runs); outcomes against each varied parameter and
 * sensitivity bars (sweeps); the compared inputs overlaid and their
 * differences (comparisons); each a template and the variables that make it
 * concrete. SPDX-License-Identifier: GPL-3.0-or-later */
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>

#include "base/common.h"
#include "io/csv.h"
#include "io/jdoc.h"
#include "io/layout.h"
#include "report/outcomes.h"
#include "report/plot_fig.h"
#include "report/plot_int.h"

#define MAX_GROUPS 16      /* lines in one time-series figure */
#define MAX_CUSTOM 8       /* figures of scenario-recorded metrics */
#define MAX_AUTO_OUTCOMES 6


/* ---- figure specs ------------------------------------------------------------- */

static figspec *fig_new(figlist *L, const char *name, const char *tmpl)
{
    if (L->n >= ACC_PLOT_MAX_FIGS) {
        L->dropped++;
        return NULL;
    }
    figspec *f = &L->f[L->n++];
    memset(f, 0, sizeof *f);
    acc_io_copy(f->info.name, sizeof f->info.name, name);
    acc_io_copy(f->tmpl, sizeof f->tmpl, tmpl);
    acc_sb_init(&f->vars);
    return f;
}

void acc_plot_figlist_free(figlist *L)
{
    for (int i = 0; i < L->n; i++)
        acc_sb_free(&L->f[i].vars);
    L->n = 0;
}

static void var_s(figspec *f, const char *name, const char *value)
{
    acc_sb_printf(&f->vars, "%s = exists(\"%s\") ? %s : ", name, name, name);
    acc_sb_gpquote(&f->vars, value);
    acc_sb_add(&f->vars, "\n");
}

static void var_n(figspec *f, const char *name, double value)
{
    acc_sb_printf(&f->vars, "%s = exists(\"%s\") ? %s : %.17g\n", name, name, name, value);
}

/* For the figures listed in other files (plot_list_calib.c). */
figspec *acc_plot_fig_new(figlist *L, const char *name, const char *tmpl)
{
    return fig_new(L, name, tmpl);
}
void acc_plot_var_s(figspec *f, const char *name, const char *value) { var_s(f, name, value); }
void acc_plot_var_n(figspec *f, const char *name, double value) { var_n(f, name, value); }

/* A name usable in a file name: [A-Za-z0-9_-], others become '_'. */
static void file_safe(char *s)
{
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
            *s = '_';
}

/* Values usable in a space-separated gnuplot word list. */
static int word_safe(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (isspace((unsigned char)*s) || *s == '\'' || *s == '"')
            return 0;
    return 1;
}

/* ---- reading the directory ---------------------------------------------------- */

static int read_csv_in(const char *dir, const char *name, acc_csv_table **t, char *err,
                       size_t errlen)
{
    char path[4096];
    int rc = acc_io_join(path, sizeof path, dir, name, err, errlen);
    if (rc)
        return rc;
    rc = acc_csv_read_file(path, t, err, errlen);
    return rc == ACC_OK ? ACC_OK : (rc == ACC_ENOMEM ? rc : ACC_EIO);
}

static int has_col(const acc_csv_table *t, const char *name, size_t *col)
{
    for (size_t c = 0; c < acc_csv_ncols(t); c++)
        if (strcmp(acc_csv_header(t, c), name) == 0) {
            if (col)
                *col = c;
            return 1;
        }
    return 0;
}

/* Distinct values of column col in order of first appearance, joined by
 * spaces into out; values that cannot be words are skipped. `last` (if
 * present) is moved to the end. Returns the count. */
static int distinct_words(const acc_csv_table *t, size_t col, const char *last, int max,
                          acc_sb *out)
{
    const char *seen[64];
    int n = 0, have_last = 0;
    for (size_t r = 0; r < acc_csv_nrows(t); r++) {
        const char *v = acc_csv_cell(t, r, col);
        if (!word_safe(v))
            continue;
        if (last && strcmp(v, last) == 0) {
            have_last = 1;
            continue;
        }
        int dup = 0;
        for (int i = 0; i < n && !dup; i++)
            dup = strcmp(seen[i], v) == 0;
        if (!dup && n < (int)(sizeof seen / sizeof seen[0]) && n < max - (last ? 1 : 0))
            seen[n++] = v;
    }
    for (int i = 0; i < n; i++) {
        acc_sb_add(out, i ? " " : "");
        acc_sb_add(out, seen[i]);
    }
    if (have_last) {
        acc_sb_add(out, n ? " " : "");
        acc_sb_add(out, last);
        n++;
    }
    return n;
}

/* The metrics a run's time series is drawn for; alternatives separated by
 * '|' are tried in order (the first present wins). */
static const struct metric {
    const char *stem, *cols, *title, *ylabel, *caption;
    int cumulative;
} metrics[] = {
    {"deployed", "deployed", "Developers deployed", "developers",
     "Number of developers with a model on each market ('all': the sum over the markets, so a "
     "developer in three markets counts three times).", 0},
    {"mean_safety", "mean_safety", "Mean safety of deployed models", "safety score (0-1)",
     "Revenue-weighted mean safety score of the models on each market.", 0},
    {"harm", "harm", "Cumulative harm", "M$",
     "Running total of the harm caused by live, undetected vulnerabilities.", 1},
    {"regulatory_spend", "certification_spend+compliance_spend|cert_spend+compliance_spend",
     "Cumulative certification + compliance spending", "M$",
     "Running total of what developers paid for certification and for staying compliant.", 1},
    {"hhi", "hhi", "Market concentration (HHI)", "HHI (0-10,000)",
     "Herfindahl-Hirschman index of AI revenue shares: above 2,500 is highly concentrated.", 0},
    {"startup_share", "startup_share", "Startup share of AI revenue", "share of revenue",
     "Share of each market's AI revenue earned by startups.", 0},
    {"exposure", "exposure", "Cumulative exposure", "million user-months",
     "Running total of the user-months people spent using models with a live vulnerability "
     "the market had not noticed.", 1},
    {"noncompliant", "noncompliant", "Developers serving uncertified", "developers",
     "Developers serving a binding market's regulated segment without a certificate (0 where the "
     "market is not binding; 'all' adds the binding markets, so with one binding market its line "
     "lies under the black one).", 0},
};

/* Resolve a metric's column alternatives against the header: writes the
 * space-separated column list into cols. 1 if all present. */
static int metric_cols(const acc_csv_table *t, const char *spec, char *cols, size_t n)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", spec);
    char *save_alt = NULL;
    for (char *alt = strtok_r(buf, "|", &save_alt); alt; alt = strtok_r(NULL, "|", &save_alt)) {
        char tmp[256];
        snprintf(tmp, sizeof tmp, "%s", alt);
        int ok = 1;
        cols[0] = '\0';
        char *save = NULL;
        for (char *c = strtok_r(tmp, "+", &save); c && ok; c = strtok_r(NULL, "+", &save)) {
            ok = has_col(t, c, NULL);
            if (ok && strlen(cols) + strlen(c) + 2 < n) {
                if (cols[0])
                    strcat(cols, " ");
                strcat(cols, c);
            }
        }
        if (ok)
            return 1;
    }
    return 0;
}

/* Is every cell of the space-separated columns cols 0 or empty (a flat line
 * at zero: nothing to see)? */
static int all_zero(const acc_csv_table *t, const char *cols)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", cols);
    char *save = NULL;
    for (char *c = strtok_r(buf, " ", &save); c; c = strtok_r(NULL, " ", &save)) {
        size_t col;
        if (!has_col(t, c, &col))
            return 0;
        for (size_t r = 0; r < acc_csv_nrows(t); r++) {
            const char *v = acc_csv_cell(t, r, col);
            if (v && *v && strcmp(v, "NA") != 0 && strtod(v, NULL) != 0)
                return 0;
        }
    }
    return 1;
}

/* Time-series figures of a CSV with one row per step and group. */
static int list_timeseries(figlist *L, const acc_csv_table *t, const char *infile,
                           const char *groupcol, const char *prefix, const char *what,
                           char *err, size_t errlen)
{
    size_t gc;
    if (!has_col(t, "year", NULL) || !has_col(t, groupcol, &gc)) {
        acc_errf(err, errlen, "%s: no 'year' or '%s' column", acc_csv_label(t), groupcol);
        return ACC_EIO;
    }
    acc_sb groups;
    acc_sb_init(&groups);
    distinct_words(t, gc, strcmp(groupcol, "jurisdiction") == 0 ? "all" : NULL, MAX_GROUPS,
                   &groups);
    for (size_t m = 0; m < sizeof metrics / sizeof metrics[0]; m++) {
        char cols[256], name[96];
        if (!metric_cols(t, metrics[m].cols, cols, sizeof cols))
            continue;
        /* a comparison of inputs that are all zero throughout (serving a
         * market uncertified where none is binding) shows nothing */
        if (strcmp(prefix, "compare") == 0 && all_zero(t, cols))
            continue;
        snprintf(name, sizeof name, "%s_%s", prefix, metrics[m].stem);
        figspec *f = fig_new(L, name, "timeseries");
        if (!f)
            break;
        snprintf(f->info.title, sizeof f->info.title, "%s%s", metrics[m].title, what);
        snprintf(f->info.caption, sizeof f->info.caption, "%s", metrics[m].caption);
        var_s(f, "infile", infile);
        var_s(f, "groupcol", groupcol);
        var_s(f, "groups", acc_sb_str(&groups));
        var_s(f, "ycols", cols);
        var_n(f, "cumulative", metrics[m].cumulative);
        var_s(f, "title", f->info.title);
        var_s(f, "ylabel", metrics[m].ylabel);
    }
    int oom = groups.oom;
    acc_sb_free(&groups);
    if (oom) {
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    return ACC_OK;
}

static int list_run(const char *dir, const char *templates, figlist *L, char *err, size_t errlen)
{
    char path[4096];
    acc_csv_table *t = NULL;
    int rc;
    if (acc_io_join(path, sizeof path, dir, ACC_FILE_TIMESERIES, err, errlen) == ACC_OK &&
        acc_io_is_file(path)) {
        if ((rc = read_csv_in(dir, ACC_FILE_TIMESERIES, &t, err, errlen)))
            return rc;
        rc = list_timeseries(L, t, ACC_FILE_TIMESERIES, "jurisdiction", "timeseries", "", err,
                             errlen);
        acc_csv_table_free(t);
        if (rc)
            return rc;
    }
    if (acc_io_join(path, sizeof path, dir, ACC_FILE_CUSTOM, err, errlen) == ACC_OK &&
        acc_io_is_file(path)) {
        if ((rc = read_csv_in(dir, ACC_FILE_CUSTOM, &t, err, errlen)))
            return rc;
        size_t mc;
        if (!has_col(t, "metric", &mc) || !has_col(t, "value", NULL) || !has_col(t, "year", NULL)) {
            acc_errf(err, errlen, "%s: expected columns step, year, metric, value",
                     acc_csv_label(t));
            acc_csv_table_free(t);
            return ACC_EIO;
        }
        acc_sb names;
        acc_sb_init(&names);
        int n = distinct_words(t, mc, NULL, MAX_CUSTOM, &names);
        /* units and meanings the scenario gave world:record, which the manifest
         * keeps in its "metrics" list (acc_outcome_unit): on the axis and caption */
        acc_jdoc *man = NULL;
        char jerr[256];
        if (acc_io_join(path, sizeof path, dir, ACC_FILE_MANIFEST, jerr, sizeof jerr) == ACC_OK &&
            acc_io_is_file(path))
            acc_jdoc_read_file(path, &man, jerr, sizeof jerr);
        char buf[4096];
        snprintf(buf, sizeof buf, "%s", acc_sb_str(&names));
        acc_sb_free(&names);
        char *save = NULL;
        for (char *m = strtok_r(buf, " ", &save); m && n > 0; m = strtok_r(NULL, " ", &save)) {
            char name[96];
            snprintf(name, sizeof name, "custom_%.80s", m);
            file_safe(name);
            figspec *f = fig_new(L, name, "timeseries");
            if (!f)
                break;
            const char *doc0 = NULL, *unit0 = acc_outcome_unit(m, man ? acc_jdoc_root(man) : NULL, &doc0);
            const char *unit = unit0 && unit0[0] ? unit0 : NULL, *doc = doc0 && doc0[0] ? doc0 : NULL;
            snprintf(f->info.title, sizeof f->info.title, "%s (recorded by the scenario)", m);
            acc_io_fmt_cut(f->info.caption, sizeof f->info.caption,
                           "The metric '%s' that the scenario records with world:record%s%s%s%s.",
                           m, doc ? ": " : "", doc ? doc : "", unit ? "; unit: " : "",
                           unit ? unit : "");
            var_s(f, "infile", ACC_FILE_CUSTOM);
            var_s(f, "groupcol", "metric");
            var_s(f, "groups", m);
            var_s(f, "ycols", "value");
            var_s(f, "title", f->info.title);
            char ylabel[256];
            acc_io_fmt_cut(ylabel, sizeof ylabel, unit ? "%s (%s)" : "%s", m, unit ? unit : "");
            var_s(f, "ylabel", ylabel);
        }
        acc_jdoc_free(man);
        acc_csv_table_free(t);
    }
    /* A function model's phase table (han2020) has its own template. */
    char tp[4096];
    if (acc_io_join(path, sizeof path, dir, ACC_FILE_TABLE_PHASE, err, errlen) == ACC_OK &&
        acc_io_is_file(path) && snprintf(tp, sizeof tp, "%s/egt_phase.gp", templates) <
        (int)sizeof tp && acc_io_is_file(tp)) {
        if ((rc = read_csv_in(dir, ACC_FILE_TABLE_PHASE, &t, err, errlen)))
            return rc;
        int ok = has_col(t, "s", NULL) && has_col(t, "p_r", NULL) &&
                 has_col(t, "freq_unsafe", NULL) && has_col(t, "p_r_risk", NULL) &&
                 has_col(t, "p_r_welfare", NULL);
        acc_csv_table_free(t);
        if (ok) {
            figspec *f = fig_new(L, "phase", "egt_phase");
            if (f) {
                f->foreign = 1;
                snprintf(f->info.title, sizeof f->info.title,
                         "Phase diagram: how often developers race unsafely");
                snprintf(f->info.caption, sizeof f->info.caption,
                         "Long-run frequency of UNSAFE development over the speed-up s and the "
                         "disaster probability p_r, with the risk-dominance (solid) and "
                         "social-welfare (dashed) thresholds; between them lies the dilemma "
                         "region where regulation is needed.");
                var_s(f, "infile", ACC_FILE_TABLE_PHASE);
                var_s(f, "title", "Frequency of UNSAFE development");
                var_n(f, "limits", 1);
                /* In text the heat map is lost: keep just the two thresholds. */
                snprintf(f->text_vars, sizeof f->text_vars, "limits = 0\n");
            }
        }
    }
    if (L->n == 0) {
        acc_errf(err, errlen, "%s: nothing to plot (no " ACC_FILE_TIMESERIES ", " ACC_FILE_CUSTOM
                 " or " ACC_FILE_TABLE_PHASE ")", dir);
        return ACC_EIO;
    }
    return ACC_OK;
}

/* ---- sweeps ------------------------------------------------------------------- */

static int str_in(const char *s, const char *const *list, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(s, list[i]) == 0)
            return 1;
    return 0;
}

/* Columns of a points table that are statistics, not parameters. */
static int is_stat_col(const char *h)
{
    static const char *const stats[] = {"point", "point_id", "outcome", "mean", "sd", "se",
                                        "ci_lo", "ci_hi", "n", "n_failed", "n_skipped",
                                        "min", "max", "median", "q05", "q25", "q50", "q75",
                                        "q95", "level", "runs", "reps"};
    return str_in(h, stats, (int)(sizeof stats / sizeof stats[0]));
}

/* Outcomes a sweep figure list can choose from: every summary outcome of a
 * world with many jurisdictions (six per jurisdiction) and custom metrics
 * (at 64, the per-jurisdiction outcomes harm_<j>, ... used to vanish). */
#define MAX_SWEEP_OUTCOMES 1024
#define OUTCOME_NAME_MAX 128

typedef struct sweep_layout {
    int long_form;          /* one row per point and outcome (an "outcome" column) */
    int n_out;
    char outcome[MAX_SWEEP_OUTCOMES][OUTCOME_NAME_MAX]; /* outcomes in file order */
    int n_par;
    char param[32][64];     /* varied parameters (columns with > 1 value) */
    int n_par_all;          /* parameter columns, varied or not */
} sweep_layout;

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static int column_varies(const acc_csv_table *t, size_t c)
{
    size_t n = acc_csv_nrows(t);
    for (size_t r = 1; r < n; r++)
        if (strcmp(acc_csv_cell(t, r, c), acc_csv_cell(t, 0, c)) != 0)
            return 1;
    return 0;
}

static int sweep_layout_of(const acc_csv_table *pts, sweep_layout *L)
{
    memset(L, 0, sizeof *L);
    size_t oc;
    size_t nc = acc_csv_ncols(pts);
    if (has_col(pts, "outcome", &oc) && has_col(pts, "mean", NULL)) {
        L->long_form = 1;
        for (size_t r = 0; r < acc_csv_nrows(pts); r++) {
            const char *o = acc_csv_cell(pts, r, oc);
            int dup = 0;
            for (int i = L->n_out - 1; i >= 0 && !dup; i--) /* the latest first */
                dup = strcmp(L->outcome[i], o) == 0;
            if (!dup && strlen(o) < OUTCOME_NAME_MAX && word_safe(o) &&
                L->n_out < MAX_SWEEP_OUTCOMES)
                strcpy(L->outcome[L->n_out++], o);
        }
        for (size_t c = 0; c < nc; c++) {
            const char *h = acc_csv_header(pts, c);
            if (is_stat_col(h) || strlen(h) >= 64)
                continue;
            L->n_par_all++;
            if (column_varies(pts, c) && L->n_par < 32)
                strcpy(L->param[L->n_par++], h);
        }
    } else {
        for (size_t c = 0; c < nc; c++) {
            const char *h = acc_csv_header(pts, c);
            size_t hl = strlen(h);
            if (ends_with(h, "_mean") && hl - 5 < OUTCOME_NAME_MAX && L->n_out < MAX_SWEEP_OUTCOMES) {
                memcpy(L->outcome[L->n_out], h, hl - 5);
                L->outcome[L->n_out++][hl - 5] = '\0';
            }
        }
        for (size_t c = 0; c < nc; c++) {
            const char *h = acc_csv_header(pts, c);
            int stat = is_stat_col(h);
            for (int i = 0; i < L->n_out && !stat; i++) {
                size_t ol = strlen(L->outcome[i]);
                stat = strncmp(h, L->outcome[i], ol) == 0 && h[ol] == '_';
            }
            if (stat || strlen(h) >= 64)
                continue;
            L->n_par_all++;
            if (column_varies(pts, c) && L->n_par < 32)
                strcpy(L->param[L->n_par++], h);
        }
    }
    return L->n_out > 0;
}

/* The outcomes to draw: those asked for, else key outcomes present, else the first. */
static int choose_outcomes(const sweep_layout *S, const acc_plot_opts *o,
                           const char *const *selected, int nselected, const char **out,
                           int max, char *err, size_t errlen)
{
    int n = 0;
    if (o && o->n_outcomes > 0) {
        for (int i = 0; i < o->n_outcomes && n < max; i++) {
            int found = -1;
            for (int k = 0; k < S->n_out && found < 0; k++)
                if (strcmp(S->outcome[k], o->outcomes[i]) == 0)
                    found = k;
            if (found < 0) {
                acc_sb list;
                acc_sb_init(&list);
                for (int k = 0; k < S->n_out; k++)
                    acc_sb_printf(&list, "%s%s", k ? ", " : "", S->outcome[k]);
                acc_errf(err, errlen, "no outcome '%s' in the sweep (outcomes: %s)",
                         o->outcomes[i], acc_sb_str(&list));
                acc_sb_free(&list);
                return -1;
            }
            out[n++] = S->outcome[found];
        }
        return n;
    }
    /* a sweep run with --outcomes: every outcome asked for, in its order */
    for (int i = 0; selected && i < nselected && n < max; i++)
        for (int k = 0; k < S->n_out; k++)
            if (strcmp(S->outcome[k], selected[i]) == 0) {
                out[n++] = S->outcome[k];
                break;
            }
    if (n > 0)
        return n;
    /* the outcomes drawn by default (report/outcomes.h) that the sweep has */
    for (int i = 0; acc_outcome_figure(i) && n < MAX_AUTO_OUTCOMES && n < max; i++)
        for (int k = 0; k < S->n_out; k++)
            if (strcmp(S->outcome[k], acc_outcome_figure(i)) == 0)
                out[n++] = S->outcome[k];
    for (int k = 0; k < S->n_out && n == 0 && k < MAX_AUTO_OUTCOMES && k < max; k++)
        out[n++] = S->outcome[k];
    return n;
}

/* Are the x values of the rows kept (outcome == filter) strictly increasing? */
static int x_monotone(const acc_csv_table *t, size_t xc, long long oc, const char *filter)
{
    double prev = -INFINITY;
    for (size_t r = 0; r < acc_csv_nrows(t); r++) {
        if (oc >= 0 && strcmp(acc_csv_cell(t, r, (size_t)oc), filter) != 0)
            continue;
        double x;
        if (acc_csv_number(t, r, xc, &x, NULL, 0) != ACC_OK || !(x > prev))
            return 0;
        prev = x;
    }
    return 1;
}

/* A column of the sensitivity table by any of its usual names (case-insensitive). */
static int find_col_ci(const acc_csv_table *t, const char *const *names, size_t *col)
{
    for (int i = 0; names[i]; i++)
        for (size_t c = 0; c < acc_csv_ncols(t); c++)
            if (strcasecmp(acc_csv_header(t, c), names[i]) == 0) {
                *col = c;
                return 1;
            }
    return 0;
}

/* The lower or upper bound column of value column v: v_lo, v_ci_lo, v_low ... */
static int bound_col(const acc_csv_table *t, const char *v, int upper, char *out, size_t n)
{
    static const char *const lo[] = {"_lo", "_ci_lo", "_low", "_lower", NULL};
    static const char *const hi[] = {"_hi", "_ci_hi", "_high", "_upper", NULL};
    const char *const *suf = upper ? hi : lo;
    for (int i = 0; suf[i]; i++) {
        char name[128];
        snprintf(name, sizeof name, "%s%s", v, suf[i]);
        size_t c;
        const char *const names[] = {name, NULL};
        if (find_col_ci(t, names, &c)) {
            snprintf(out, n, "%s", acc_csv_header(t, c));
            return 1;
        }
    }
    return 0;
}

static int list_sensitivity(figlist *L, const acc_csv_table *t, const char **outs, int n_outs)
{
    static const char *const par_names[] = {"parameter", "param", "name", "input", NULL};
    static const char *const out_names[] = {"outcome", "output", NULL};
    static const char *const s1_names[] = {"S1", "first_order", "first", "Si", NULL};
    static const char *const st_names[] = {"ST", "total_order", "total", "STi", NULL};
    static const char *const mu_names[] = {"mu_star", "mustar", "mu*", NULL};
    static const char *const sg_names[] = {"sigma", NULL};
    size_t pc, oc = 0, c1, c2;
    if (!find_col_ci(t, par_names, &pc))
        return 0;
    int has_out = find_col_ci(t, out_names, &oc);
    int sobol = find_col_ci(t, s1_names, &c1) && find_col_ci(t, st_names, &c2);
    int morris = !sobol && find_col_ci(t, mu_names, &c1) && find_col_ci(t, sg_names, &c2);
    if (!sobol && !morris)
        return 0;
    const char *v1 = acc_csv_header(t, c1), *v2 = acc_csv_header(t, c2);
    char lo1[128], lo2[128], hi1[128], hi2[128];
    int bars = sobol && bound_col(t, v1, 0, lo1, sizeof lo1) &&
               bound_col(t, v1, 1, hi1, sizeof hi1) && bound_col(t, v2, 0, lo2, sizeof lo2) &&
               bound_col(t, v2, 1, hi2, sizeof hi2);
    int count = 0;
    for (int k = 0; k < (has_out ? n_outs : 1); k++) {
        const char *outcome = has_out ? outs[k] : "";
        acc_sb labels;
        acc_sb_init(&labels);
        const char *seen[64];
        int ns = 0;
        for (size_t r = 0; r < acc_csv_nrows(t); r++) {
            if (has_out && strcmp(acc_csv_cell(t, r, oc), outcome) != 0)
                continue;
            const char *p = acc_csv_cell(t, r, pc);
            int dup = !word_safe(p);
            for (int i = 0; i < ns && !dup; i++)
                dup = strcmp(seen[i], p) == 0;
            if (!dup && ns < 64) {
                seen[ns++] = p;
                acc_sb_printf(&labels, "%s%s", ns > 1 ? " " : "", p);
            }
        }
        if (ns == 0) {
            acc_sb_free(&labels);
            continue;
        }
        char name[96];
        snprintf(name, sizeof name, "sensitivity%s%.80s", has_out ? "_" : "", outcome);
        file_safe(name);
        figspec *f = fig_new(L, name, "sensitivity");
        if (!f) {
            acc_sb_free(&labels);
            break;
        }
        if (sobol) {
            snprintf(f->info.title, sizeof f->info.title, "Sobol' indices of %s",
                     has_out ? outcome : "the outcome");
            snprintf(f->info.caption, sizeof f->info.caption,
                     "Share of the variance of %s due to each parameter alone (first order) "
                     "and with its interactions (total)%s.", has_out ? outcome : "the outcome",
                     bars ? ", with bootstrap confidence intervals" : "");
        } else {
            snprintf(f->info.title, sizeof f->info.title, "Morris screening of %s",
                     has_out ? outcome : "the outcome");
            snprintf(f->info.caption, sizeof f->info.caption,
                     "Mean absolute elementary effect (mu*, overall influence) and their "
                     "spread (sigma, non-linearity or interactions) of each parameter on %s, "
                     "in units of the parameter's whole range.", has_out ? outcome : "the outcome");
        }
        var_s(f, "infile", ACC_FILE_SENSITIVITY);
        var_s(f, "labelcol", acc_csv_header(t, pc));
        var_s(f, "labels", acc_sb_str(&labels));
        char vc[300];
        snprintf(vc, sizeof vc, "%s %s", v1, v2);
        var_s(f, "valcols", vc);
        var_s(f, "bartitles", sobol ? "first-order total" : "mu* sigma");
        if (bars) {
            snprintf(vc, sizeof vc, "%s %s", lo1, lo2);
            var_s(f, "locols", vc);
            snprintf(vc, sizeof vc, "%s %s", hi1, hi2);
            var_s(f, "hicols", vc);
        }
        if (has_out) {
            var_s(f, "filtercol", acc_csv_header(t, oc));
            var_s(f, "filterval", outcome);
        }
        var_s(f, "title", f->info.title);
        var_s(f, "ylabel", sobol ? "index" : "effect");
        acc_sb_free(&labels);
        count++;
    }
    return count;
}

/* Outcomes from the sensitivity table when there is no points.csv. */
static void sensitivity_outcomes(const acc_csv_table *sens, sweep_layout *S)
{
    static const char *const out_names[] = {"outcome", "output", NULL};
    size_t oc;
    if (!find_col_ci(sens, out_names, &oc))
        return;
    S->n_out = 0;
    for (size_t r = 0; r < acc_csv_nrows(sens) && S->n_out < MAX_SWEEP_OUTCOMES; r++) {
        const char *v = acc_csv_cell(sens, r, oc);
        int dup = !word_safe(v) || strlen(v) >= OUTCOME_NAME_MAX;
        for (int i = 0; i < S->n_out && !dup; i++)
            dup = strcmp(S->outcome[i], v) == 0;
        if (!dup)
            strcpy(S->outcome[S->n_out++], v);
    }
}

static int list_sweep(const char *dir, const acc_plot_opts *o, figlist *L, char *err,
                      size_t errlen)
{
    char path[4096];
    int rc;
    acc_csv_table *pts = NULL, *sens = NULL;
    acc_jdoc *man = NULL; /* the sweep's manifest, if readable */
    const char *outs[64];
    int n_outs = 0;
    sweep_layout *S = calloc(1, sizeof *S);
    if (!S) {
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    if (acc_io_join(path, sizeof path, dir, ACC_FILE_POINTS, err, errlen) == ACC_OK &&
        acc_io_is_file(path)) {
        if ((rc = read_csv_in(dir, ACC_FILE_POINTS, &pts, err, errlen)))
            goto done;
        if (!sweep_layout_of(pts, S)) {
            acc_errf(err, errlen, "%s: no outcome statistics (expected an 'outcome' and a "
                     "'mean' column, or columns NAME_mean)", acc_csv_label(pts));
            rc = ACC_EIO;
            goto done;
        }
    }
    if (acc_io_join(path, sizeof path, dir, ACC_FILE_SENSITIVITY, err, errlen) == ACC_OK &&
        acc_io_is_file(path)) {
        if ((rc = read_csv_in(dir, ACC_FILE_SENSITIVITY, &sens, err, errlen)))
            goto done;
        if (!pts)
            sensitivity_outcomes(sens, S);
    }
    /* the outcomes the sweep was asked for (sweep --outcomes: manifest
     * "outcomes_selected"): all drawn, not only the default few */
    const char *selected[64];
    int nselected = 0;
    char jerr[256];
    if (acc_io_join(path, sizeof path, dir, ACC_FILE_MANIFEST, jerr, sizeof jerr) == ACC_OK &&
        acc_io_is_file(path) && acc_jdoc_read_file(path, &man, jerr, sizeof jerr) == ACC_OK) {
        const acc_jval *root = acc_jdoc_root(man);
        const acc_jval *list = acc_jval_get(root, "outcomes");
        if (acc_jval_bool(acc_jval_get(root, "outcomes_selected")))
            for (size_t i = 0; i < acc_jval_len(list) && nselected < 64; i++)
                if (acc_jval_str(acc_jval_at(list, i)))
                    selected[nselected++] = acc_jval_str(acc_jval_at(list, i));
    }
    if (S->n_out > 0 &&
        (n_outs = choose_outcomes(S, o, selected, nselected, outs, 64, err, errlen)) < 0) {
        rc = ACC_EINVAL;
        goto done;
    }
    /* Sensitivity first: for Sobol' and Morris designs it is the point. */
    if (sens)
        list_sensitivity(L, sens, outs, n_outs);
    if (pts) {
        size_t oc = 0;
        if (S->long_form)
            has_col(pts, "outcome", &oc);
        for (int k = 0; k < n_outs; k++) {
            for (int p = 0; p < S->n_par; p++) {
                char name[96];
                snprintf(name, sizeof name, "sweep_%.40s_vs_%.40s", outs[k], S->param[p]);
                file_safe(name);
                figspec *f = fig_new(L, name, "sweep");
                if (!f)
                    continue; /* counted in L->dropped */
                size_t xc = 0;
                has_col(pts, S->param[p], &xc);
                int lines = S->n_par == 1 &&
                            x_monotone(pts, xc, S->long_form ? (long long)oc : -1, outs[k]);
                if (lines) {
                    acc_io_fmt_cut(f->info.title, sizeof f->info.title,
                                   "%s against %s (mean and 95%% interval)", outs[k], S->param[p]);
                    acc_io_fmt_cut(f->info.caption, sizeof f->info.caption,
                                   "Mean of %s over the replications of each design point, with "
                                   "its 95%% confidence interval, against %s.", outs[k], S->param[p]);
                } else {
                    /* not a one-parameter grid: a wall of error bars would hide the
                     * pattern; scatter and a binned-mean smoother (plots/sweep.gp) */
                    acc_io_fmt_cut(f->info.title, sizeof f->info.title,
                                   "%s against %s (design points and binned means)", outs[k],
                                   S->param[p]);
                    acc_io_fmt_cut(f->info.caption, sizeof f->info.caption,
                                   "Each grey dot is one design point: the mean of %s over its "
                                   "replications, against %s%s. The line, a simple smoother, joins "
                                   "the means of the points at each value of %s (in equal-width "
                                   "bins when it takes many values). The points' 95%% intervals "
                                   "are in points.csv.", outs[k], S->param[p],
                                   S->n_par > 1 ? " (the other swept parameters vary too: the "
                                                  "means average over them)" : "",
                                   S->param[p]);
                }
                var_s(f, "infile", ACC_FILE_POINTS);
                var_s(f, "xcol", S->param[p]);
                if (S->long_form) {
                    var_s(f, "filtercol", "outcome");
                    var_s(f, "filterval", outs[k]);
                } else {
                    char c[128];
                    snprintf(c, sizeof c, "%s_mean", outs[k]);
                    var_s(f, "ycol", c);
                    snprintf(c, sizeof c, "%s_ci_lo", outs[k]);
                    var_s(f, "locol", c);
                    snprintf(c, sizeof c, "%s_ci_hi", outs[k]);
                    var_s(f, "hicol", c);
                }
                var_n(f, "lines", lines);
                var_s(f, "title", f->info.title);
                /* a custom metric's unit is in the sweep manifest's "metrics" */
                const char *unit = acc_outcome_unit(outs[k], man ? acc_jdoc_root(man) : NULL, NULL);
                char ylabel[200];
                acc_io_fmt_cut(ylabel, sizeof ylabel, unit && unit[0] ? "%s (%s)" : "%s",
                               outs[k], unit ? unit : "");
                var_s(f, "ylabel", ylabel);
            }
        }
    }
    rc = ACC_OK;
    if (L->n == 0) {
        acc_errf(err, errlen, "%s: nothing to plot (no " ACC_FILE_POINTS " with a varied parameter, no "
                 ACC_FILE_SENSITIVITY ")", dir);
        rc = ACC_EIO;
    }
done:
    acc_jdoc_free(man);
    acc_csv_table_free(pts);
    acc_csv_table_free(sens);
    free(S);
    return rc;
}

/* ---- comparisons -------------------------------------------------------------- */

/* Differences from the first input: the metrics where a change reads best. */
static const struct diff_metric {
    const char *stem, *cols, *title, *ylabel;
    int cumulative;
} diff_metrics[] = {
    {"deployed", "deployed", "Change in developers deployed", "developers", 0},
    {"harm", "harm", "Change in cumulative harm", "M$", 1},
    {"exposure", "exposure", "Change in cumulative exposure", "million user-months", 1},
    {"regulatory_spend", "certification_spend+compliance_spend|cert_spend+compliance_spend",
     "Change in cumulative cert. + compliance spend", "M$", 1},
};

static int list_compare(const char *dir, figlist *L, char *err, size_t errlen)
{
    char path[4096], what[96] = "", first[64] = "the first input", unpaired[96] = "";
    acc_jdoc *d = NULL;
    if (acc_io_join(path, sizeof path, dir, ACC_FILE_MANIFEST, err, errlen) == ACC_OK &&
        acc_io_is_file(path) && acc_jdoc_read_file(path, &d, err, errlen) == ACC_OK) {
        const char *j = acc_jval_str(acc_jval_get(acc_jdoc_root(d), "jurisdiction"));
        if (j && strcmp(j, "all") != 0)
            snprintf(what, sizeof what, " (%.80s)", j);
        else if (j)
            snprintf(what, sizeof what, " (all)");
        const acc_jval *inputs = acc_jval_get(acc_jdoc_root(d), "inputs");
        const char *l = acc_jval_str(acc_jval_get(acc_jval_at(inputs, 0), "label"));
        if (l)
            snprintf(first, sizeof first, "%.60s", l);
        /* inputs not paired with the first (other seeds): their differences
         * are not the effect of the change alone */
        for (size_t i = 1; i < acc_jval_len(inputs); i++) {
            const acc_jval *p = acc_jval_get(acc_jval_at(inputs, i), "paired_with_first");
            if (p && !acc_jval_bool(p)) {
                size_t u = strlen(unpaired);
                snprintf(unpaired + u, sizeof unpaired - u, "%s[%zu]", u ? ", " : "", i + 1);
            }
        }
        acc_jdoc_free(d);
    }
    if (acc_io_join(path, sizeof path, dir, ACC_FILE_COMPARE_TS, err, errlen) ||
        !acc_io_is_file(path)) {
        acc_errf(err, errlen, "%s: nothing to plot (no " ACC_FILE_COMPARE_TS ": the compared "
                 "inputs have no time series)", dir);
        return ACC_EIO;
    }
    acc_csv_table *t;
    int rc = read_csv_in(dir, ACC_FILE_COMPARE_TS, &t, err, errlen);
    if (rc)
        return rc;
    rc = list_timeseries(L, t, ACC_FILE_COMPARE_TS, "input", "compare", what, err, errlen);
    for (int i = 0; i < L->n; i++) {
        size_t len = strlen(L->f[i].info.caption);
        snprintf(L->f[i].info.caption + len, sizeof L->f[i].info.caption - len,
                 " One line per compared input%s.", what);
    }
    acc_csv_table_free(t);
    if (rc || acc_io_join(path, sizeof path, dir, ACC_FILE_COMPARE_DIFF, err, errlen) ||
        !acc_io_is_file(path))
        return rc;
    if ((rc = read_csv_in(dir, ACC_FILE_COMPARE_DIFF, &t, err, errlen)))
        return rc;
    size_t gc;
    acc_sb groups;
    acc_sb_init(&groups);
    if (has_col(t, "input", &gc) && has_col(t, "year", NULL))
        distinct_words(t, gc, NULL, MAX_GROUPS, &groups);
    for (size_t m = 0; groups.len && m < sizeof diff_metrics / sizeof diff_metrics[0]; m++) {
        char cols[256], name[96];
        if (!metric_cols(t, diff_metrics[m].cols, cols, sizeof cols))
            continue;
        snprintf(name, sizeof name, "difference_%s", diff_metrics[m].stem);
        figspec *f = fig_new(L, name, "timeseries");
        if (!f)
            break;
        acc_io_fmt_cut(f->info.title, sizeof f->info.title, "%s vs %s%s", diff_metrics[m].title,
                       first, what);
        if (unpaired[0])
            acc_io_fmt_cut(f->info.caption, sizeof f->info.caption,
                     "Each input minus %s, step by step; above zero: more than %s. NOT PAIRED: "
                     "%s did not run with the same random numbers as %s (other seeds or runs), "
                     "so the difference mixes the effect of "
                     "what differs between them with run-to-run noise (accord compare says how "
                     "to pair them).", first, first, unpaired, first);
        else
            snprintf(f->info.caption, sizeof f->info.caption,
                     "Each input minus %s, step by step (with the same seeds, the difference is "
                     "the effect of what differs between them); above zero: more than %s.", first,
                     first);
        var_s(f, "infile", ACC_FILE_COMPARE_DIFF);
        var_s(f, "groupcol", "input");
        var_s(f, "groups", acc_sb_str(&groups));
        var_s(f, "ycols", cols);
        var_n(f, "cumulative", diff_metrics[m].cumulative);
        var_s(f, "title", f->info.title);
        var_s(f, "ylabel", diff_metrics[m].ylabel);
        var_n(f, "zeroline", 1);
    }
    int o = groups.oom;
    acc_sb_free(&groups);
    acc_csv_table_free(t);
    if (o) {
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    return ACC_OK;
}

/* ---- listing ------------------------------------------------------------------ */

/* A failed run's figures say so in their titles (drawn) and captions: they
 * stop where the run did. */
static void mark_failed(figlist *L, const char *why, int step)
{
    char pre[64];
    if (step > 0)
        snprintf(pre, sizeof pre, "FAILED RUN (partial, to step %d): ", step - 1);
    else
        snprintf(pre, sizeof pre, "FAILED RUN (partial): ");
    for (int i = 0; i < L->n; i++) {
        figspec *f = &L->f[i];
        char buf[1024];
        snprintf(buf, sizeof buf, "%s%s", pre, f->info.title);
        acc_io_copy(f->info.title, sizeof f->info.title, buf);
        snprintf(buf, sizeof buf, "This run FAILED (%.200s): the figure shows only what it wrote "
                 "before. %s", why, f->info.caption);
        acc_io_copy(f->info.caption, sizeof f->info.caption, buf);
        acc_sb_add(&f->vars, "title = ");
        acc_sb_gpquote(&f->vars, pre);
        acc_sb_add(&f->vars, " . title\n");
    }
}

int acc_plot_list_figs(const char *dir, const acc_plot_opts *o, const char *templates,
                     acc_plot_result *res, figlist *L, char *err, size_t errlen)
{
    memset(res, 0, sizeof *res);
    L->n = 0;
    L->dropped = 0;
    if (!dir || !acc_io_is_dir(dir)) {
        acc_errf(err, errlen, "%s: %s", dir ? dir : "(null)",
                 dir && access(dir, F_OK) != 0 ? "no such directory" : "not a directory");
        return ACC_EIO;
    }
    acc_io_dir_kind(dir, res->kind, sizeof res->kind);
    int rc;
    if (!res->kind[0] && acc_plot_is_discover(dir))
        acc_io_copy(res->kind, sizeof res->kind, "discover");
    if (strcmp(res->kind, "discover") == 0)
        rc = acc_plot_list_discover(dir, L, err, errlen);
    else if (strcmp(res->kind, ACC_KIND_RUN) == 0)
        rc = list_run(dir, templates, L, err, errlen);
    else if (strcmp(res->kind, ACC_KIND_SWEEP) == 0 && acc_plot_is_calibration(dir) && o &&
             o->only && strcmp(o->only, "calibration") == 0)
        rc = acc_plot_list_calibration(dir, L, err, errlen); /* its sweep figures need not be listed */
    else if (strcmp(res->kind, ACC_KIND_SWEEP) == 0) {
        rc = list_sweep(dir, o, L, err, errlen);
        if (rc == ACC_OK && acc_plot_is_calibration(dir))
            rc = acc_plot_list_calibration(dir, L, err, errlen);
    }
    else if (strcmp(res->kind, ACC_KIND_COMPARE) == 0)
        rc = list_compare(dir, L, err, errlen);
    else {
        acc_errf(err, errlen, "%s: not an accord run, sweep or comparison directory (no "
                 ACC_FILE_MANIFEST ", " ACC_FILE_TIMESERIES ", " ACC_FILE_POINTS " or "
                 ACC_FILE_COMPARE ")", dir);
        return ACC_EIO;
    }
    if (rc) {
        acc_plot_figlist_free(L);
        return rc;
    }
    int failed_step;
    if (strcmp(res->kind, ACC_KIND_RUN) == 0 &&
        acc_io_run_failed(dir, res->failed, sizeof res->failed, &failed_step))
        mark_failed(L, res->failed, failed_step);
    if (o && o->only) {
        int keep = -1;
        for (int i = 0; i < L->n; i++)
            if (strcmp(L->f[i].info.name, o->only) == 0)
                keep = i;
        if (keep < 0) {
            acc_sb names;
            acc_sb_init(&names);
            for (int i = 0; i < L->n; i++)
                acc_sb_printf(&names, "%s%s", i ? ", " : "", L->f[i].info.name);
            acc_errf(err, errlen, "%s: no figure '%s' (figures: %s)", dir, o->only,
                     acc_sb_str(&names));
            acc_sb_free(&names);
            acc_plot_figlist_free(L);
            return ACC_EINVAL;
        }
        if (keep > 0) {
            acc_sb_free(&L->f[0].vars);
            L->f[0] = L->f[keep];
            acc_sb_init(&L->f[keep].vars); /* moved */
        }
        for (int i = 1; i < L->n; i++)
            acc_sb_free(&L->f[i].vars);
        L->n = 1;
    }
    for (int i = 0; i < L->n; i++) {
        if (L->f[i].vars.oom) {
            acc_plot_figlist_free(L);
            acc_errf(err, errlen, "out of memory");
            return ACC_ENOMEM;
        }
        res->fig[i] = L->f[i].info;
    }
    res->n = L->n;
    res->dropped = o && o->only ? 0 : L->dropped;
    return ACC_OK;
}
