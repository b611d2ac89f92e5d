/* accord report — the sections of tables in a report: a run's outcomes, a
 * comparison's inputs and outcomes side by side, a sweep's design points
 * and sensitivity indices, and the parameters and jurisdictions.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "io/csv.h"
#include "io/layout.h"
#include "report/compare.h"
#include "report/outcomes.h"
#include "report/plot_int.h"
#include "report/report_int.h"

/* A sweep's varied parameters (a range or a list each) and its fixed sets. */
static void swept_parameters(acc_sb *h, const acc_jval *m, const acc_jval *params)
{
    const char *dd = acc_jval_str(acc_jval_path(m, "design.description"));
    if (dd) {
        acc_sb_add(h, "<p>Design: ");
        acc_sb_html(h, dd);
        acc_sb_add(h, ".</p>\n");
    }
    static const char *const head[] = {"varied parameter", "values", NULL};
    rpt_table_head(h, head);
    for (size_t i = 0; i < acc_jval_len(params); i++) {
        const acc_jval *p = acc_jval_at(params, i);
        acc_sb_add(h, "<tr>");
        rpt_text_cell(h, acc_jval_str(acc_jval_get(p, "name")));
        acc_sb_add(h, "<td>");
        const acc_jval *vals = acc_jval_get(p, "values");
        char a[48], b[48];
        if (acc_jval_len(vals)) {
            for (size_t k = 0; k < acc_jval_len(vals); k++) {
                acc_io_fmt_human(a, sizeof a, acc_jval_num(acc_jval_at(vals, k)));
                acc_sb_printf(h, "%s%s", k ? ", " : "", a);
            }
        } else {
            acc_io_fmt_human(a, sizeof a, acc_jval_num(acc_jval_get(p, "min")));
            acc_io_fmt_human(b, sizeof b, acc_jval_num(acc_jval_get(p, "max")));
            acc_sb_printf(h, "[%s, %s]", a, b);
            double lv = acc_jval_num(acc_jval_get(p, "levels"));
            if (isfinite(lv))
                acc_sb_printf(h, ", %.0f levels", lv);
        }
        acc_sb_add(h, "</td></tr>\n");
    }
    acc_sb_add(h, "</table>\n");
    const acc_jval *fixed = acc_jval_get(m, "fixed");
    if (acc_jval_len(fixed)) {
        acc_sb_add(h, "<p>Fixed for every run: ");
        for (size_t k = 0; k < acc_jval_len(fixed); k++) {
            acc_sb_add(h, k ? ", <code>" : "<code>");
            acc_sb_html(h, acc_jval_str(acc_jval_at(fixed, k)) ? acc_jval_str(acc_jval_at(fixed, k)) : "");
            acc_sb_add(h, "</code>");
        }
        acc_sb_add(h, ".</p>\n");
    }
}

/* A run's declared parameters: value (bold if set), default, range, unit. */
static void declared_parameters(acc_sb *h, const acc_jval *params)
{
    static const char *const head[] = {"parameter", "value", "default", "range", "unit", NULL};
    acc_sb_add(h, "<p>The knobs the scenario declares (<code>--set name=value</code> "
                  "changes them):</p>\n");
    rpt_table_head(h, head);
    for (size_t i = 0; i < acc_jval_len(params); i++) {
        const acc_jval *p = acc_jval_at(params, i);
        if (acc_jval_type(p) == ACC_JSTRING) { /* a sweep's list of names */
            acc_sb_add(h, "<tr>");
            rpt_text_cell(h, acc_jval_str(p));
            acc_sb_add(h, "<td colspan=\"4\">varied</td></tr>\n");
            continue;
        }
        acc_sb_add(h, "<tr>");
        rpt_text_cell(h, acc_jval_str(acc_jval_get(p, "name")));
        double v = acc_jval_num(acc_jval_get(p, "value"));
        int over = acc_jval_bool(acc_jval_get(p, "overridden"));
        char buf[48];
        acc_io_fmt_human(buf, sizeof buf, v);
        acc_sb_printf(h, "<td class=\"num\">%s%s</td>", over ? "<b>" : "", buf);
        if (over)
            acc_sb_add(h, " (set)");
        rpt_num_cell(h, acc_jval_num(acc_jval_get(p, "default")));
        char lo[48], hi[48];
        acc_io_fmt_human(lo, sizeof lo, acc_jval_num(acc_jval_get(p, "min")));
        acc_io_fmt_human(hi, sizeof hi, acc_jval_num(acc_jval_get(p, "max")));
        acc_sb_printf(h, "<td class=\"num\">[%s, %s]</td>", lo, hi);
        rpt_text_cell(h, acc_jval_str(acc_jval_get(p, "unit")));
        acc_sb_add(h, "</tr>\n");
    }
    acc_sb_add(h, "</table>\n");
}

static void field_overrides(acc_sb *h, const acc_jval *fo)
{
    static const char *const head[] = {"field", "value", NULL};
    acc_sb_add(h, "<h3>Model fields set on the command line</h3>\n");
    rpt_table_head(h, head);
    for (size_t i = 0; i < acc_jval_len(fo); i++) {
        acc_sb_add(h, "<tr>");
        rpt_text_cell(h, acc_jval_key_at(fo, i));
        rpt_num_cell(h, acc_jval_num(acc_jval_at(fo, i)));
        acc_sb_add(h, "</tr>\n");
    }
    acc_sb_add(h, "</table>\n");
}

/* The model's jurisdictions and how many harmonization links join them. */
static void jurisdictions(acc_sb *h, const acc_jval *m, const acc_jval *jurs)
{
    static const struct {
        const char *key, *head;
    } cols[] = {{"market", "market (M$/yr)"}, {"binding", "binding"},
                {"stringency", "stringency"}, {"cert_cost", "certification (M$)"},
                {"review_months", "review (months)"}, {"audit_rate", "audits (/yr)"},
                {"detection", "detection (/yr)"}};
    acc_sb_add(h, "<h3>Jurisdictions</h3>\n<table>\n<tr>");
    rpt_th(h, "id");
    rpt_th(h, "name");
    for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
        rpt_th(h, cols[c].head);
    acc_sb_add(h, "</tr>\n");
    for (size_t i = 0; i < acc_jval_len(jurs); i++) {
        const acc_jval *j = acc_jval_at(jurs, i);
        acc_sb_add(h, "<tr>");
        rpt_text_cell(h, acc_jval_str(acc_jval_get(j, "id")));
        rpt_text_cell(h, acc_jval_str(acc_jval_get(j, "name")));
        for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
            const acc_jval *v = acc_jval_get(j, cols[c].key);
            if (acc_jval_type(v) == ACC_JBOOL)
                rpt_text_cell(h, acc_jval_bool(v) ? "yes" : "no");
            else
                rpt_num_cell(h, acc_jval_num(v));
        }
        acc_sb_add(h, "</tr>\n");
    }
    acc_sb_add(h, "</table>\n");
    const acc_jval *links[] = {acc_jval_path(m, "model.recognition"),
                               acc_jval_path(m, "model.blocs"),
                               acc_jval_path(m, "model.sharing")};
    acc_sb_add(h, "<p>Harmonization: ");
    acc_sb_printf(h, "%zu recognition agreement%s, %zu bloc%s, %zu threat-intelligence "
                     "sharing link%s.</p>\n",
                  acc_jval_len(links[0]), acc_jval_len(links[0]) == 1 ? "" : "s",
                  acc_jval_len(links[1]), acc_jval_len(links[1]) == 1 ? "" : "s",
                  acc_jval_len(links[2]), acc_jval_len(links[2]) == 1 ? "" : "s");
}

void rpt_parameters_section(page *pg)
{
    const acc_jval *m = pg->manifest;
    const acc_jval *params = acc_jval_get(m, "parameters");
    const acc_jval *fo = acc_jval_get(m, "field_overrides");
    const acc_jval *jurs = acc_jval_path(m, "model.jurisdictions");
    if (!acc_jval_len(params) && !acc_jval_len(fo) && !acc_jval_len(jurs))
        return;
    acc_sb *h = &pg->body;
    rpt_section(pg, "parameters", "Parameters");
    int swept = acc_jval_len(params) &&
                acc_jval_type(acc_jval_get(acc_jval_at(params, 0), "kind")) == ACC_JSTRING;
    if (swept)
        swept_parameters(h, m, params);
    else if (acc_jval_len(params))
        declared_parameters(h, params);
    if (acc_jval_len(fo))
        field_overrides(h, fo);
    if (acc_jval_len(jurs))
        jurisdictions(h, m, jurs);
    rpt_end_section(pg);
}

/* Summary outcomes of a run: key outcomes first, with their unit and meaning
 * (custom metrics and per-jurisdiction outcomes too). */
static void outcome_row(const page *pg, acc_sb *h, const acc_csv_table *t, size_t c)
{
    acc_sb_add(h, "<tr>");
    rpt_text_cell(h, acc_csv_header(t, c));
    rpt_csv_cell(h, acc_csv_cell(t, 0, c));
    acc_sb_add(h, "<td class=\"unit\">");
    acc_sb_html(h, rpt_outcome_unit(pg, acc_csv_header(t, c)));
    acc_sb_add(h, "</td>");
    rpt_text_cell(h, acc_outcome_doc(acc_csv_header(t, c)));
    acc_sb_add(h, "</tr>\n");
}

static void outcome_table_head(acc_sb *h)
{
    static const char *const head[] = {"outcome", "value", "unit", "meaning", NULL};
    rpt_table_head(h, head);
}

void rpt_run_summary_section(page *pg)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/" ACC_FILE_SUMMARY, pg->dir);
    acc_csv_table *t;
    char err[512];
    acc_sb *h = &pg->body;
    if (!acc_io_is_file(path))
        return;
    if (acc_csv_read_file(path, &t, err, sizeof err)) {
        /* say so: a page without its outcomes must not pass for complete */
        rpt_section(pg, "outcomes", "Outcomes");
        acc_sb_add(h, "<p class=\"note\">The outcomes could not be read: ");
        acc_sb_html(h, err);
        acc_sb_add(h, "</p>\n");
        rpt_end_section(pg);
        return;
    }
    if (acc_csv_nrows(t) < 1) {
        acc_csv_table_free(t);
        return;
    }
    const acc_jval *params = acc_jval_get(pg->manifest, "parameters");
    rpt_section(pg, "outcomes", "All outcomes");
    int nkey = 0;
    for (int i = 0; acc_outcome_key(i); i++)
        for (size_t c = 0; c < acc_csv_ncols(t); c++)
            if (strcmp(acc_csv_header(t, c), acc_outcome_key(i)) == 0) {
                if (nkey++ == 0)
                    outcome_table_head(h);
                outcome_row(pg, h, t, c);
            }
    if (nkey)
        acc_sb_add(h, "</table>\n");
    int nother = 0;
    for (size_t c = 0; c < acc_csv_ncols(t); c++) {
        const char *name = acc_csv_header(t, c);
        int skip = !strcmp(name, "scenario") || !strcmp(name, "seed") || !strcmp(name, "run");
        for (size_t p = 0; p < acc_jval_len(params) && !skip; p++) {
            const char *pn = acc_jval_str(acc_jval_get(acc_jval_at(params, p), "name"));
            skip = pn && strcmp(pn, name) == 0;
        }
        skip = skip || acc_outcome_is_key(name);
        if (skip)
            continue;
        if (nother++ == 0) {
            if (nkey)
                acc_sb_add(h, "<h3>Other outcomes</h3>\n");
            outcome_table_head(h);
        }
        outcome_row(pg, h, t, c);
    }
    if (nother)
        acc_sb_add(h, "</table>\n");
    acc_csv_table_free(t);
    rpt_end_section(pg);
}

void rpt_compare_section(page *pg, acc_compare *c)
{
    acc_sb *h = &pg->body;
    int na = acc_compare_narms(c);
    rpt_section(pg, "inputs", "What is compared");
    static const char *const inputs_head[] = {"#",     "label", "scenario", "description", "settings",
                                              "runs",  "seeds", "paired with [1]", "source", NULL};
    rpt_table_head(h, inputs_head);
    for (int i = 0; i < na; i++) {
        acc_sb_printf(h, "<tr><td class=\"num\">%d</td>", i + 1);
        rpt_text_cell(h, acc_compare_label(c, i));
        rpt_text_cell(h, acc_compare_scenario(c, i));
        rpt_text_cell(h, acc_compare_description(c, i));
        rpt_text_cell(h, *acc_compare_settings(c, i) ? acc_compare_settings(c, i) : "defaults");
        acc_sb_printf(h, "<td class=\"num\">%d</td>", acc_compare_runs(c, i));
        rpt_text_cell(h, acc_compare_seeds(c, i));
        rpt_text_cell(h, i == 0 ? "" : acc_compare_paired(c, i) ? "yes" : "NO");
        rpt_text_cell(h, acc_compare_source(c, i));
        acc_sb_add(h, "</tr>\n");
    }
    acc_sb_add(h, "</table>\n");
    rpt_end_section(pg);

    rpt_section(pg, "outcomes", "Outcomes side by side");
    acc_sb_printf(h, "<p>Mean of each outcome (over replications where an input has several, "
                     "with its %g%% confidence interval) and the change from the first input. "
                     "<b>Bold</b> changes are those whose interval excludes zero.</p>\n",
                  100 * acc_compare_level(c));
    int shown_key = 0, key_rows[512], nkey_rows = 0;
    for (int pass = 0; pass < 2; pass++) {
        int rows[512], nr = 0;
        if (pass == 0) {
            /* a short table, as a run's (report_lead.c): at most 8 rows, the
             * key outcomes first, then up to 3 of the scenario's own metrics
             * (world:record, the manifest's "metrics") with their units and
             * meanings; the rest, folded, below */
            const acc_jval *mets = acc_jval_get(pg->manifest, "metrics");
            int nmet = 0;
            for (size_t m = 0; m < acc_jval_len(mets); m++)
                nmet += acc_compare_find(c, acc_jval_str(acc_jval_get(acc_jval_at(mets, m), "name"))) >= 0;
            nmet = nmet < 3 ? nmet : 3;
            for (int i = 0; acc_outcome_key(i) && nr < 8 - nmet; i++) {
                int k = acc_compare_find(c, acc_outcome_key(i));
                if (k >= 0)
                    rows[nr++] = k;
            }
            if (nr < 3)
                continue;
            for (size_t m = 0, added = 0; m < acc_jval_len(mets) && (int)added < nmet && nr < 512; m++) {
                int k = acc_compare_find(c, acc_jval_str(acc_jval_get(acc_jval_at(mets, m), "name")));
                int dup = k < 0;
                for (int r = 0; r < nr && !dup; r++)
                    dup = rows[r] == k;
                if (!dup) {
                    rows[nr++] = k;
                    added++;
                }
            }
            shown_key = 1;
            memcpy(key_rows, rows, (size_t)nr * sizeof *rows);
            nkey_rows = nr;
        } else {
            for (int k = 0; k < acc_compare_noutcomes(c) && nr < 512; k++) {
                int shown = 0;
                for (int r = 0; r < nkey_rows && !shown; r++)
                    shown = key_rows[r] == k;
                if (!shown)
                    rows[nr++] = k;
            }
            if (nr == 0)
                break;
            /* the full table, folded, when the key outcomes came first */
            acc_sb_add(h, shown_key ? "<details id=\"other-outcomes\">\n<summary><h3 "
                                      "style=\"display:inline-block\">Other outcomes</h3>"
                                      "</summary>\n" : "");
        }
        acc_sb_add(h, "<table>\n<tr>");
        rpt_th(h, "outcome");
        rpt_th(h, "unit");
        for (int i = 0; i < na; i++) {
            char head[80];
            snprintf(head, sizeof head, "[%d] %s", i + 1, acc_compare_label(c, i));
            rpt_th(h, head);
            if (i > 0)
                rpt_th(h, "change");
        }
        acc_sb_add(h, "</tr>\n");
        for (int r = 0; r < nr; r++) {
            const char *name = acc_compare_outcome(c, rows[r]);
            /* the table's unit and meaning, or those the scenario gave a
             * custom metric (the comparison manifest's "metrics") */
            const char *doc = NULL, *unit = acc_outcome_unit(name, pg->manifest, &doc);
            acc_sb_add(h, "<tr><td>");
            acc_sb_html(h, name);
            if (doc && *doc && pass == 0) {
                acc_sb_add(h, "<br><span class=\"meta\">");
                acc_sb_html(h, doc);
                acc_sb_add(h, "</span>");
            }
            acc_sb_add(h, "</td><td class=\"unit\">");
            acc_sb_html(h, unit);
            acc_sb_add(h, "</td>");
            for (int i = 0; i < na; i++) {
                const acc_compare_cell *x = acc_compare_get(c, i, rows[r]);
                char v[48], lo[48], hi[48];
                acc_io_fmt_human(v, sizeof v, x->mean);
                acc_sb_printf(h, "<td class=\"num\">%s", v);
                if (isfinite(x->lo) && isfinite(x->hi)) {
                    acc_io_fmt_human(lo, sizeof lo, x->lo);
                    acc_io_fmt_human(hi, sizeof hi, x->hi);
                    acc_sb_printf(h, "<br><span class=\"meta\">[%s, %s]</span>", lo, hi);
                }
                acc_sb_add(h, "</td>");
                if (i == 0)
                    continue;
                int sig = isfinite(x->diff_lo) && isfinite(x->diff_hi) &&
                          (x->diff_lo > 0 || x->diff_hi < 0);
                if (isfinite(x->diff_pct))
                    acc_sb_printf(h, "<td class=\"num\">%s%+.1f%%%s</td>", sig ? "<b>" : "",
                                  x->diff_pct, sig ? "</b>" : "");
                else if (isfinite(x->diff)) {
                    acc_io_fmt_human(v, sizeof v, x->diff);
                    acc_sb_printf(h, "<td class=\"num\">%s%s%s%s</td>", sig ? "<b>" : "",
                                  x->diff > 0 ? "+" : "", v, sig ? "</b>" : "");
                } else
                    acc_sb_add(h, "<td class=\"num\">NA</td>");
            }
            acc_sb_add(h, "</tr>\n");
        }
        acc_sb_add(h, "</table>\n");
        if (pass == 1 && shown_key)
            acc_sb_add(h, "</details>\n");
    }
    rpt_end_section(pg);
}

/* points.csv (one row per point and outcome) pivoted: one row per design
 * point, its parameter values, then mean [interval] of each chosen outcome. */
static int points_pivot(const page *pg, acc_sb *h, const char *dir, const char **outs, int *nouts)
{
    char path[4400], err[512];
    snprintf(path, sizeof path, "%s/" ACC_FILE_POINTS, dir);
    acc_csv_table *t;
    *nouts = 0;
    if (acc_csv_read_file(path, &t, err, sizeof err))
        return 0;
    size_t oc, pc, mc, lc, hc;
    if (acc_csv_col(t, "outcome", &oc, NULL, 0) || acc_csv_col(t, "point", &pc, NULL, 0) ||
        acc_csv_col(t, "mean", &mc, NULL, 0) || acc_csv_col(t, "ci_lo", &lc, NULL, 0) ||
        acc_csv_col(t, "ci_hi", &hc, NULL, 0) || pc >= oc) {
        acc_csv_table_free(t);
        return 0;
    }
    int n = rpt_sweep_outcomes(pg, t, oc, outs, 6);
    *nouts = n;
    acc_sb_add(h, "<table>\n<tr>");
    rpt_th(h, "point");
    for (size_t c = pc + 1; c < oc; c++)
        rpt_th(h, acc_csv_header(t, c));
    for (int k = 0; k < n; k++) {
        const char *unit = rpt_outcome_unit(pg, outs[k]);
        char head[160];
        if (unit[0])
            snprintf(head, sizeof head, "%s (%s)", outs[k], unit);
        else
            snprintf(head, sizeof head, "%s", outs[k]);
        rpt_th(h, head);
    }
    acc_sb_add(h, "</tr>\n");
    size_t shown = 0, npoints = 0;
    const char *cur = NULL;
    for (size_t r = 0; r < acc_csv_nrows(t); r++) {
        const char *pt = acc_csv_cell(t, r, pc);
        if (cur && strcmp(cur, pt) == 0)
            continue;
        cur = pt;
        npoints++;
        if (shown >= MAX_TABLE_ROWS)
            continue;
        shown++;
        acc_sb_add(h, "<tr>");
        rpt_csv_cell(h, pt);
        for (size_t c = pc + 1; c < oc; c++)
            rpt_csv_cell(h, acc_csv_cell(t, r, c));
        for (int k = 0; k < n; k++) {
            /* this point's row for outcome k (rows of a point are together) */
            size_t q = r;
            while (q < acc_csv_nrows(t) && strcmp(acc_csv_cell(t, q, pc), pt) == 0 &&
                   strcmp(acc_csv_cell(t, q, oc), outs[k]) != 0)
                q++;
            if (q >= acc_csv_nrows(t) || strcmp(acc_csv_cell(t, q, pc), pt) != 0) {
                acc_sb_add(h, "<td class=\"num\">NA</td>");
                continue;
            }
            double m = NAN, lo = NAN, hi = NAN;
            acc_csv_number(t, q, mc, &m, NULL, 0);
            acc_csv_number(t, q, lc, &lo, NULL, 0);
            acc_csv_number(t, q, hc, &hi, NULL, 0);
            char a[48], b[48], c2[48];
            acc_io_fmt_human(a, sizeof a, m);
            acc_sb_printf(h, "<td class=\"num\">%s", a);
            if (isfinite(lo) && isfinite(hi)) {
                acc_io_fmt_human(b, sizeof b, lo);
                acc_io_fmt_human(c2, sizeof c2, hi);
                acc_sb_printf(h, "<br><span class=\"meta\">[%s, %s]</span>", b, c2);
            }
            acc_sb_add(h, "</td>");
        }
        acc_sb_add(h, "</tr>\n");
    }
    acc_sb_add(h, "</table>\n");
    if (npoints > shown)
        acc_sb_printf(h, "<p class=\"meta\">The first %zu of %zu design points; all of them, "
                         "and every outcome, are in <code>" ACC_FILE_POINTS "</code>.</p>\n", shown, npoints);
    else
        acc_sb_add(h, "<p class=\"meta\">Every outcome is in <code>" ACC_FILE_POINTS "</code>.</p>\n");
    /* `outs` point into t: copy them before freeing. */
    static char keep[6][64];
    for (int k = 0; k < n; k++) {
        acc_io_copy(keep[k], sizeof keep[k], outs[k]);
        outs[k] = keep[k];
    }
    acc_csv_table_free(t);
    return 1;
}

void rpt_sweep_sections(page *pg)
{
    acc_sb *h = &pg->body;
    char path[4200];
    const char *outs[6];
    int nouts = 0;
    snprintf(path, sizeof path, "%s/" ACC_FILE_POINTS, pg->dir);
    if (acc_io_is_file(path)) {
        rpt_section(pg, "points", "Design points");
        acc_sb_add(h, "<p>Mean of each outcome at each design point over its replications, "
                      "with its 95% confidence interval.</p>\n");
        if (!points_pivot(pg, h, pg->dir, outs, &nouts))
            rpt_csv_table(h, pg->dir, ACC_FILE_POINTS, MAX_TABLE_ROWS);
        rpt_end_section(pg);
    }
    snprintf(path, sizeof path, "%s/" ACC_FILE_SENSITIVITY, pg->dir);
    acc_csv_table *t;
    char err[512];
    if (acc_io_is_file(path) && acc_csv_read_file(path, &t, err, sizeof err) != ACC_OK) {
        rpt_section(pg, "sensitivity", "Sensitivity");
        acc_sb_add(h, "<p class=\"note\">The sensitivity indices could not be read: ");
        acc_sb_html(h, err);
        acc_sb_add(h, "</p>\n");
        rpt_end_section(pg);
    } else if (acc_io_is_file(path)) {
        rpt_section(pg, "sensitivity", "Sensitivity");
        acc_sb_add(h, "<p>How much each parameter drives each outcome (methods in "
                      "docs/statistics.md); the shown outcomes, all of them in "
                      "<code>" ACC_FILE_SENSITIVITY "</code>.</p>\n<table>\n<tr>");
        size_t oc;
        int has_out = acc_csv_col(t, "outcome", &oc, NULL, 0) == ACC_OK;
        for (size_t c = 0; c < acc_csv_ncols(t); c++)
            rpt_th(h, acc_csv_header(t, c));
        acc_sb_add(h, "</tr>\n");
        size_t shown = 0;
        for (size_t r = 0; r < acc_csv_nrows(t) && shown < 4 * MAX_TABLE_ROWS; r++) {
            int keep = !has_out || nouts == 0;
            for (int k = 0; k < nouts && !keep; k++)
                keep = strcmp(acc_csv_cell(t, r, oc), outs[k]) == 0;
            if (!keep)
                continue;
            shown++;
            acc_sb_add(h, "<tr>");
            for (size_t c = 0; c < acc_csv_ncols(t); c++)
                rpt_csv_cell(h, acc_csv_cell(t, r, c));
            acc_sb_add(h, "</tr>\n");
        }
        acc_sb_add(h, "</table>\n");
        acc_csv_table_free(t);
        rpt_end_section(pg);
    }
}
