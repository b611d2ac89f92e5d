/* accord report — the lead of a report, for a room: the question the
 * scenario asks, three to six key figures and a short table of the key
 * outcomes with their units and meaning; the full tables follow, folded.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "io/csv.h"
#include "io/jdoc.h"
#include "io/layout.h"
#include "report/compare.h"
#include "report/outcomes.h"
#include "report/plot_int.h"
#include "report/report_int.h"

#define MIN_KEY_FIGS 3
#define MAX_KEY_FIGS 4 /* of the 3-6 a room takes in: four fit a screen */
#define MAX_KEY_ROWS 8
#define MAX_CUSTOM_ROWS 3 /* of them, custom metrics at most */

/* ---- the question ------------------------------------------------------------- */

/* The "Question:" paragraph of a scenario's header comment, on one line,
 * without the word; NULL if there is none. Caller frees. */
static char *question_of(const char *path, const char *sha)
{
    char *c = rpt_scenario_comment(path, sha);
    if (!c)
        return NULL;
    char *q = NULL;
    for (char *line = c; line && *line;) {
        char *eol = strchr(line, '\n');
        if (strncmp(line, "Question:", 9) == 0) {
            acc_sb b;
            acc_sb_init(&b);
            const char *p = line + 9;
            /* to the end of the paragraph: a blank line */
            while (*p) {
                const char *e = strchr(p, '\n');
                size_t n = e ? (size_t)(e - p) : strlen(p);
                size_t lead = strspn(p, " \t");
                if (n <= lead)
                    break;
                if (b.len)
                    acc_sb_add(&b, " ");
                acc_sb_addn(&b, p + lead, n - lead);
                if (!e)
                    break;
                p = e + 1;
            }
            q = b.oom ? NULL : b.s;
            if (!q)
                acc_sb_free(&b);
            else if (q[0] >= 'a' && q[0] <= 'z')
                q[0] = (char)(q[0] - 'a' + 'A'); /* a sentence */
            break;
        }
        line = eol ? eol + 1 : NULL;
    }
    free(c);
    return q;
}

/* The scenario of a comparison: its first input's manifest (a run or a
 * sweep directory) names the file. */
static char *compare_question(const page *pg)
{
    const acc_jval *in0 = acc_jval_at(acc_jval_get(pg->manifest, "inputs"), 0);
    const char *src = acc_jval_str(acc_jval_get(in0, "source"));
    if (!src)
        return NULL;
    char path[4200], err[256];
    /* several run directories of one input: the first */
    snprintf(path, sizeof path, "%.*s/" ACC_FILE_MANIFEST, (int)strcspn(src, ","), src);
    acc_jdoc *d;
    if (!acc_io_is_file(path) || acc_jdoc_read_file(path, &d, err, sizeof err) != ACC_OK)
        return NULL;
    const acc_jval *scen = acc_jval_get(acc_jdoc_root(d), "scenario");
    char *q = question_of(acc_jval_str(acc_jval_get(scen, "path")),
                          acc_jval_str(acc_jval_get(scen, "sha256")));
    acc_jdoc_free(d);
    return q;
}

void rpt_question(acc_sb *html, const page *pg, const char *kind, const acc_compare *cmp,
                  const acc_jval *scen)
{
    char *q = cmp ? compare_question(pg)
                  : question_of(acc_jval_str(acc_jval_get(scen, "path")),
                                acc_jval_str(acc_jval_get(scen, "sha256")));
    acc_sb_add(html, "<p class=\"question\" id=\"question\"><b>The question.</b> ");
    if (q) {
        acc_sb_html(html, q);
        free(q);
    } else if (cmp) {
        acc_sb_add(html, "What changes from ");
        acc_sb_html(html, acc_compare_label(cmp, 0));
        acc_sb_add(html, " to ");
        for (int i = 1; i < acc_compare_narms(cmp); i++) {
            if (i > 1)
                acc_sb_add(html, i + 1 == acc_compare_narms(cmp) ? " and " : ", ");
            acc_sb_html(html, acc_compare_label(cmp, i));
        }
        acc_sb_add(html, "?");
    } else {
        const char *name = acc_jval_str(acc_jval_get(scen, "name"));
        int sweep = strcmp(kind, ACC_KIND_SWEEP) == 0;
        acc_sb_add(html, sweep ? "How do the outcomes of " : "What does a run of ");
        acc_sb_html(html, name ? name : "this scenario");
        acc_sb_add(html, sweep ? " change across the swept parameters?" : " lead to?");
        acc_sb_add(html, " <span class=\"meta\">(The scenario file states no "
                         "<code>Question:</code> of its own.)</span>");
    }
    if (cmp) {
        acc_sb_add(html, " <span class=\"meta\">Compared here: ");
        for (int i = 0; i < acc_compare_narms(cmp); i++) {
            acc_sb_add(html, i ? "; " : "");
            acc_sb_html(html, acc_compare_label(cmp, i));
            const char *set = acc_compare_settings(cmp, i);
            acc_sb_add(html, " (");
            acc_sb_html(html, set && *set ? set : "defaults");
            acc_sb_add(html, ")");
        }
        acc_sb_add(html, ".</span>");
    } else if (strcmp(kind, ACC_KIND_SWEEP) == 0) {
        const acc_jval *params = acc_jval_get(pg->manifest, "parameters");
        if (acc_jval_len(params)) {
            acc_sb_add(html, " <span class=\"meta\">Swept here: ");
            for (size_t i = 0; i < acc_jval_len(params); i++) {
                acc_sb_add(html, i ? ", " : "");
                const char *n = acc_jval_str(acc_jval_get(acc_jval_at(params, i), "name"));
                acc_sb_html(html, n ? n : "?");
            }
            acc_sb_add(html, ".</span>");
        }
    }
    acc_sb_add(html, "</p>\n");
}

/* ---- key figures ---------------------------------------------------------------- */

/* The most telling figures first, by kind; others fill up to MIN_KEY_FIGS. */
static const char *const run_first[] = {"phase", "timeseries_harm", "timeseries_regulatory_spend",
                                        "timeseries_deployed", "timeseries_startup_share", NULL};
static const char *const compare_first[] = {"difference_harm", "difference_regulatory_spend",
                                            "difference_deployed", "compare_startup_share", NULL};

static int fig_index(const page *pg, const char *name)
{
    for (int i = 0; i < pg->figs.n; i++)
        if (pg->fig_ok[i] && strcmp(pg->figs.fig[i].name, name) == 0)
            return i;
    return -1;
}

void rpt_key_figures_section(page *pg, const char *kind)
{
    int pick[MAX_KEY_FIGS], n = 0;
    const char *const *first = strcmp(kind, ACC_KIND_RUN) == 0       ? run_first
                               : strcmp(kind, ACC_KIND_COMPARE) == 0 ? compare_first
                                                                     : NULL;
    for (int k = 0; first && first[k] && n < MAX_KEY_FIGS; k++) {
        int i = fig_index(pg, first[k]);
        if (i >= 0)
            pick[n++] = i;
    }
    /* a sweep's list is already in order: sensitivity, then key outcomes */
    for (int i = 0; i < pg->figs.n && n < (first ? MIN_KEY_FIGS : MAX_KEY_FIGS); i++) {
        int dup = !pg->fig_ok[i];
        for (int k = 0; k < n && !dup; k++)
            dup = pick[k] == i;
        if (!dup)
            pick[n++] = i;
    }
    if (n == 0)
        return;
    rpt_section(pg, "key-figures", "Key figures");
    acc_sb_add(&pg->body, "<div class=\"keyfigs\">\n");
    for (int k = 0; k < n; k++)
        rpt_emit_figure(pg, pick[k]);
    acc_sb_add(&pg->body, "</div>\n");
    rpt_end_section(pg);
    pg->nkey_figs = n;
}

/* ---- units ------------------------------------------------------------------------ */

const char *rpt_outcome_unit(const page *pg, const char *name)
{
    /* the table's, else a custom metric's unit recorded with
     * world:record(name, value, {unit = ...}): the manifest's "metrics" list */
    return acc_outcome_unit(name, pg->manifest, NULL);
}

static const char *outcome_label(const char *name)
{
    const acc_outcome_info *o = acc_outcome_find(name);
    return o && o->label && o->name[strlen(o->name) - 1] != '_' ? o->label : NULL;
}

/* The name cell of a key table: display name, then the column name. */
static void name_cell(acc_sb *h, const char *name)
{
    const char *label = outcome_label(name);
    acc_sb_add(h, "<td>");
    if (label) {
        acc_sb_add(h, "<b>");
        acc_sb_html(h, label);
        acc_sb_add(h, "</b><br><code>");
        acc_sb_html(h, name);
        acc_sb_add(h, "</code>");
    } else {
        acc_sb_add(h, "<code>");
        acc_sb_html(h, name);
        acc_sb_add(h, "</code>");
    }
    acc_sb_add(h, "</td>");
}

/* An outcome's unit; a known outcome without one is a count. */
static void unit_cell(acc_sb *h, const char *name, const char *unit)
{
    acc_sb_add(h, "<td class=\"unit\">");
    acc_sb_html(h, unit && *unit ? unit : acc_outcome_find(name) ? "count" : "");
    acc_sb_add(h, "</td>");
}

/* ---- key outcomes of a run ---------------------------------------------------- */

/* Rows of the key table for the first `max` custom metrics of the manifest's
 * "metrics" (world:record): each one's last value in custom.csv, its unit and
 * meaning as the scenario gave them. Returns the rows written. */
static int custom_key_rows(page *pg, int max)
{
    const acc_jval *mets = acc_jval_get(pg->manifest, "metrics");
    char path[4200], err[512];
    snprintf(path, sizeof path, "%s/" ACC_FILE_CUSTOM, pg->dir);
    acc_csv_table *t;
    size_t mc, vc;
    if (max <= 0 || !acc_io_is_file(path) || acc_csv_read_file(path, &t, err, sizeof err))
        return 0;
    int n = 0;
    if (acc_csv_col(t, "metric", &mc, NULL, 0) == ACC_OK &&
        acc_csv_col(t, "value", &vc, NULL, 0) == ACC_OK) {
        for (size_t m = 0; m < acc_jval_len(mets) && n < max; m++) {
            const char *name = acc_jval_str(acc_jval_get(acc_jval_at(mets, m), "name"));
            size_t last = acc_csv_nrows(t);
            for (size_t r = 0; name && r < acc_csv_nrows(t); r++)
                if (strcmp(acc_csv_cell(t, r, mc), name) == 0)
                    last = r;
            if (last == acc_csv_nrows(t))
                continue;
            const char *doc = NULL, *unit = acc_outcome_unit(name, pg->manifest, &doc);
            acc_sb *h = &pg->body;
            acc_sb_add(h, "<tr>");
            name_cell(h, name);
            rpt_csv_cell(h, acc_csv_cell(t, last, vc));
            unit_cell(h, name, unit);
            rpt_text_cell(h, doc && *doc ? doc : "recorded by the scenario (world:record)");
            acc_sb_add(h, "</tr>\n");
            n++;
        }
    }
    acc_csv_table_free(t);
    return n;
}

void rpt_run_key_outcomes(page *pg)
{
    char path[4200], err[512];
    snprintf(path, sizeof path, "%s/" ACC_FILE_SUMMARY, pg->dir);
    acc_csv_table *t;
    if (!acc_io_is_file(path) || acc_csv_read_file(path, &t, err, sizeof err))
        return; /* the full section says why */
    if (acc_csv_nrows(t) < 1) {
        acc_csv_table_free(t);
        return;
    }
    acc_sb *h = &pg->body;
    /* the key outcomes the run has; a function model (han2020) has none of
     * them: its own outcomes, in order, after the scenario and parameters */
    size_t cols[MAX_KEY_ROWS];
    int ncols = 0;
    /* the scenario's own metrics (world:record) share the table: up to 3 of
     * them, in the order first recorded, after the key outcomes */
    const acc_jval *mets = acc_jval_get(pg->manifest, "metrics");
    int nmet = acc_jval_len(mets) < MAX_CUSTOM_ROWS ? (int)acc_jval_len(mets) : MAX_CUSTOM_ROWS;
    for (int i = 0; acc_outcome_key(i) && ncols < MAX_KEY_ROWS - nmet; i++)
        if (acc_csv_col(t, acc_outcome_key(i), &cols[ncols], NULL, 0) == ACC_OK)
            ncols++;
    const acc_jval *params = acc_jval_get(pg->manifest, "parameters");
    int fallback = ncols == 0;
    for (size_t c = 0; fallback && c < acc_csv_ncols(t); c++) {
        const char *name = acc_csv_header(t, c);
        int skip = !strcmp(name, "scenario") || !strcmp(name, "seed") || !strcmp(name, "run");
        for (size_t p = 0; p < acc_jval_len(params) && !skip; p++) {
            const char *pn = acc_jval_str(acc_jval_get(acc_jval_at(params, p), "name"));
            skip = pn && strcmp(pn, name) == 0;
        }
        if (!skip)
            cols[ncols++] = c;
        if (ncols == MAX_KEY_ROWS)
            break;
    }
    int n = 0;
    for (int i = 0; i < ncols; i++) {
        size_t c = cols[i];
        if (n++ == 0) {
            rpt_section(pg, "key-outcomes", "Key outcomes");
            static const char *const head[] = {"outcome", "value", "unit", "what it measures",
                                               NULL};
            rpt_table_head(h, head);
        }
        acc_sb_add(h, "<tr>");
        name_cell(h, acc_csv_header(t, c));
        rpt_csv_cell(h, acc_csv_cell(t, 0, c));
        unit_cell(h, acc_csv_header(t, c), rpt_outcome_unit(pg, acc_csv_header(t, c)));
        rpt_text_cell(h, acc_outcome_doc(acc_csv_header(t, c)));
        acc_sb_add(h, "</tr>\n");
    }
    int ncustom = n ? custom_key_rows(pg, nmet) : 0;
    if (n) {
        acc_sb_add(h, "</table>\n<p class=\"meta\">Every outcome, with its unit, is under "
                      "<a href=\"#outcomes\">All outcomes</a> below and in <code>"
                      ACC_FILE_SUMMARY "</code>");
        acc_sb_add(h, ncustom ? "; the scenario's own metrics (their last values here) in <code>"
                                ACC_FILE_CUSTOM "</code>.</p>\n" : ".</p>\n");
        rpt_end_section(pg);
    }
    acc_csv_table_free(t);
}

/* ---- key outcomes of a sweep: the range of the design points' means ---------- */

/* The outcomes a sweep's report shows (key table, design points,
 * sensitivity), at most max of them: those the sweep was asked for
 * (--outcomes: the manifest's "outcomes" with "outcomes_selected"), else the
 * key outcomes points.csv has with up to MAX_CUSTOM_ROWS of the scenario's
 * own metrics (world:record, the manifest's "metrics"), else its first ones.
 * The names point into t. */
int rpt_sweep_outcomes(const page *pg, const acc_csv_table *t, size_t oc, const char **outs,
                       int max)
{
    int n = 0;
    const acc_jval *sel = acc_jval_get(pg->manifest, "outcomes");
    for (size_t i = 0; acc_jval_bool(acc_jval_get(pg->manifest, "outcomes_selected")) &&
                       i < acc_jval_len(sel) && n < max; i++)
        for (size_t r = 0; acc_jval_str(acc_jval_at(sel, i)) && r < acc_csv_nrows(t); r++)
            if (strcmp(acc_csv_cell(t, r, oc), acc_jval_str(acc_jval_at(sel, i))) == 0) {
                outs[n++] = acc_csv_cell(t, r, oc);
                break;
            }
    const acc_jval *mets = acc_jval_get(pg->manifest, "metrics");
    int nmet = 0; /* the metrics points.csv has */
    for (size_t m = 0; n == 0 && m < acc_jval_len(mets); m++)
        for (size_t r = 0; acc_jval_str(acc_jval_get(acc_jval_at(mets, m), "name")) &&
                           r < acc_csv_nrows(t); r++)
            if (strcmp(acc_csv_cell(t, r, oc),
                       acc_jval_str(acc_jval_get(acc_jval_at(mets, m), "name"))) == 0) {
                nmet++;
                break;
            }
    nmet = nmet < MAX_CUSTOM_ROWS ? nmet : MAX_CUSTOM_ROWS;
    int nsel = n;
    for (int i = 0; !nsel && acc_outcome_key(i) && n < max - nmet; i++)
        for (size_t r = 0; r < acc_csv_nrows(t); r++)
            if (strcmp(acc_csv_cell(t, r, oc), acc_outcome_key(i)) == 0) {
                outs[n++] = acc_outcome_key(i);
                break;
            }
    for (size_t m = 0; !nsel && m < acc_jval_len(mets) && n < max; m++)
        for (size_t r = 0; acc_jval_str(acc_jval_get(acc_jval_at(mets, m), "name")) &&
                           r < acc_csv_nrows(t); r++)
            if (strcmp(acc_csv_cell(t, r, oc),
                       acc_jval_str(acc_jval_get(acc_jval_at(mets, m), "name"))) == 0) {
                outs[n++] = acc_csv_cell(t, r, oc);
                break;
            }
    int none_key = n == 0;
    for (size_t r = 0; r < acc_csv_nrows(t) && none_key && n < max; r++) {
        const char *o = acc_csv_cell(t, r, oc);
        int dup = 0;
        for (int k = 0; k < n && !dup; k++)
            dup = strcmp(outs[k], o) == 0;
        if (!dup)
            outs[n++] = o;
    }
    return n;
}


void rpt_sweep_key_outcomes(page *pg)
{
    char path[4200], err[512];
    snprintf(path, sizeof path, "%s/" ACC_FILE_POINTS, pg->dir);
    acc_csv_table *t;
    if (!acc_io_is_file(path) || acc_csv_read_file(path, &t, err, sizeof err))
        return;
    size_t oc, mc, pc;
    if (acc_csv_col(t, "outcome", &oc, NULL, 0) || acc_csv_col(t, "mean", &mc, NULL, 0) ||
        acc_csv_col(t, "point", &pc, NULL, 0) || pc >= oc) {
        acc_csv_table_free(t);
        return;
    }
    const char *outs[MAX_KEY_ROWS];
    int n = rpt_sweep_outcomes(pg, t, oc, outs, 6);
    if (n == 0) {
        acc_csv_table_free(t);
        return;
    }
    acc_sb *h = &pg->body;
    rpt_section(pg, "key-outcomes", "Key outcomes");
    acc_sb_add(h, "<p>Each outcome's mean at each design point (over its replications): the "
                  "lowest and the highest, and where they are.</p>\n");
    static const char *const head[] = {"outcome", "unit", "lowest mean", "at", "highest mean",
                                       "at", "what it measures", NULL};
    rpt_table_head(h, head);
    for (int k = 0; k < n; k++) {
        double lo = INFINITY, hi = -INFINITY;
        size_t rlo = 0, rhi = 0;
        for (size_t r = 0; r < acc_csv_nrows(t); r++) {
            double m;
            if (strcmp(acc_csv_cell(t, r, oc), outs[k]) != 0 ||
                acc_csv_number(t, r, mc, &m, NULL, 0) != ACC_OK || !isfinite(m))
                continue;
            if (m < lo)
                lo = m, rlo = r;
            if (m > hi)
                hi = m, rhi = r;
        }
        acc_sb_add(h, "<tr>");
        name_cell(h, outs[k]);
        unit_cell(h, outs[k], rpt_outcome_unit(pg, outs[k]));
        for (int side = 0; side < 2; side++) {
            double v = side ? hi : lo;
            size_t r = side ? rhi : rlo;
            rpt_num_cell(h, isfinite(v) ? v : NAN);
            acc_sb_add(h, "<td>");
            for (size_t c = pc + 1; c < oc && isfinite(v); c++) {
                acc_sb_add(h, c > pc + 1 ? ", " : "");
                acc_sb_html(h, acc_csv_header(t, c));
                acc_sb_add(h, " = ");
                char buf[48];
                double x;
                if (acc_csv_number(t, r, c, &x, NULL, 0) == ACC_OK) {
                    acc_io_fmt_human(buf, sizeof buf, x);
                    acc_sb_html(h, buf);
                } else {
                    acc_sb_html(h, acc_csv_cell(t, r, c));
                }
            }
            acc_sb_add(h, "</td>");
        }
        const char *doc = NULL;
        acc_outcome_unit(outs[k], pg->manifest, &doc);
        rpt_text_cell(h, doc);
        acc_sb_add(h, "</tr>\n");
    }
    acc_sb_add(h, "</table>\n<p class=\"meta\">Every design point, with its confidence "
                  "intervals, is under <a href=\"#points\">Design points</a> below and in "
                  "<code>" ACC_FILE_POINTS "</code>.</p>\n");
    rpt_end_section(pg);
    acc_csv_table_free(t);
}
