/* accord io — the HTML report: reads the directory's manifest and CSVs,
 * draws its figures through the plot code, inlines them as SVG and writes one
 * self-contained page (inline CSS, no scripts, no external resources).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "report/report.h"

#include "base/common.h"
#include "report/compare.h"
#include "io/gnuplot.h"
#include "report/plot.h"
#include "report/plot_int.h"
#include "base/readfile.h"
#include "base/sha256.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_TABLE_ROWS 60 /* rows of a CSV shown in full before cutting */

/* Large type and strong contrast for projectors; print rules for paper. */
static const char css[] =
    ":root{--fg:#111;--muted:#444;--line:#999;--accent:#0b4f8a;--band:#eef3f8}\n"
    "*{box-sizing:border-box}\n"
    "html{font-size:20px}\n"
    "body{margin:0 auto;max-width:1180px;padding:1.2rem 1.6rem 3rem;color:var(--fg);"
    "background:#fff;font-family:\"DejaVu Sans\",\"Liberation Sans\",Arial,Helvetica,sans-serif;"
    "line-height:1.45}\n"
    "h1{font-size:2.1rem;margin:.2rem 0 .4rem;color:var(--accent)}\n"
    "h2{font-size:1.45rem;margin:2.2rem 0 .6rem;border-bottom:3px solid var(--accent);"
    "padding-bottom:.2rem}\n"
    "h3{font-size:1.15rem;margin:1.4rem 0 .4rem}\n"
    "p.lead{font-size:1.2rem;margin:.3rem 0 .8rem}\n"
    "p.meta,.note{color:var(--muted);font-size:.85rem}\n"
    ".note{border-left:5px solid #b35900;padding:.4rem .8rem;background:#fff4e5;color:#111}\n"
    "nav ol{columns:2;font-size:.9rem;margin:.4rem 0}\n"
    "a{color:var(--accent)}\n"
    "table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.85rem;min-width:50%}\n"
    "th,td{border:1px solid var(--line);padding:.25rem .6rem;text-align:left;vertical-align:top}\n"
    "th{background:var(--band)}\n"
    "td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "td.up{color:#0a5c2f;font-weight:bold}td.down{color:#a01818;font-weight:bold}\n"
    "tr:nth-child(even) td{background:#fafafa}\n"
    "figure{margin:1.2rem 0 2rem;break-inside:avoid;page-break-inside:avoid}\n"
    "figure svg{display:block;width:100%;height:auto;border:1px solid #ccc}\n"
    "figcaption{font-size:.9rem;margin-top:.4rem}\n"
    "figcaption b{color:var(--accent)}\n"
    "pre{white-space:pre-wrap;font-size:.8rem;background:var(--band);padding:.7rem 1rem;"
    "border-radius:4px;overflow-wrap:anywhere}\n"
    "code{font-size:.85em}\n"
    "footer{margin-top:3rem;font-size:.75rem;color:var(--muted);border-top:1px solid var(--line)}\n"
    "@media (max-width:700px){html{font-size:16px}nav ol{columns:1}}\n"
    "@media print{html{font-size:11pt}body{max-width:none;padding:0}nav{display:none}"
    "a{color:#000;text-decoration:none}h2{break-after:avoid;page-break-after:avoid}"
    "table,pre{break-inside:avoid}figure svg{border:none;max-height:16cm}"
    "td.up,td.down{color:#000}"
    "@page{margin:1.6cm}}\n";

/* ---- inlining SVG -------------------------------------------------------------- */

int acc_report_inline_svg(struct acc_sb *out, const char *svg, const char *prefix,
                          const char *title)
{
    const char *p = strstr(svg, "<svg");
    if (!p)
        return ACC_EINVAL;
    acc_sb_add(out, "<svg role=\"img\" aria-label=\"");
    acc_sb_html(out, title ? title : "");
    acc_sb_add(out, "\"");
    p += 4;
    while (*p) {
        if (strncmp(p, "<script", 7) == 0) {
            const char *end = strstr(p, "</script>");
            p = end ? end + 9 : p + strlen(p);
            continue;
        }
        if (strncmp(p, "<title>", 7) == 0) {
            const char *end = strstr(p, "</title>");
            if (end) {
                acc_sb_add(out, "<title>");
                acc_sb_html(out, title ? title : "");
                acc_sb_add(out, "</title>");
                p = end + 8;
                continue;
            }
        }
        /* id='x' / id="x" (a whole attribute: preceded by a space) */
        if ((p[0] == ' ' || p[0] == '\t' || p[0] == '\n') && strncmp(p + 1, "id=", 3) == 0 &&
            (p[4] == '\'' || p[4] == '"')) {
            acc_sb_addn(out, p, 5);
            acc_sb_add(out, prefix);
            p += 5;
            continue;
        }
        /* href='#x', xlink:href="#x" */
        if (strncmp(p, "href=", 5) == 0 && (p[5] == '\'' || p[5] == '"') && p[6] == '#') {
            acc_sb_addn(out, p, 7);
            acc_sb_add(out, prefix);
            p += 7;
            continue;
        }
        if (strncmp(p, "url(#", 5) == 0) {
            acc_sb_add(out, "url(#");
            acc_sb_add(out, prefix);
            p += 5;
            continue;
        }
        acc_sb_addn(out, p, 1);
        p++;
    }
    return ACC_OK;
}

/* ---- small HTML pieces ----------------------------------------------------------- */

static void num_cell(acc_sb *h, double x)
{
    char buf[48];
    acc_io_fmt_human(buf, sizeof buf, x);
    acc_sb_add(h, "<td class=\"num\">");
    acc_sb_html(h, buf);
    acc_sb_add(h, "</td>");
}

static void text_cell(acc_sb *h, const char *s)
{
    acc_sb_add(h, "<td>");
    acc_sb_html(h, s ? s : "");
    acc_sb_add(h, "</td>");
}

static void th(acc_sb *h, const char *s)
{
    acc_sb_add(h, "<th>");
    acc_sb_html(h, s);
    acc_sb_add(h, "</th>");
}

/* A cell of a CSV: right-aligned and shortened if it is a number. */
static void csv_cell(acc_sb *h, const char *s)
{
    char *end;
    double x = strtod(s, &end);
    if (*s && !*end && strcmp(s, "inf") != 0)
        num_cell(h, x);
    else if (strcmp(s, "NA") == 0)
        acc_sb_add(h, "<td class=\"num\">NA</td>");
    else
        text_cell(h, s);
}

/* A whole CSV as a table; rows past max are left out with a note. */
static void csv_table(acc_sb *h, const char *dir, const char *name, size_t max_rows)
{
    char path[4096];
    acc_csv_table *t;
    char err[512];
    if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path || !acc_io_is_file(path))
        return;
    if (acc_csv_read_file(path, &t, err, sizeof err)) {
        acc_sb_add(h, "<p class=\"note\">");
        acc_sb_html(h, err);
        acc_sb_add(h, "</p>\n");
        return;
    }
    acc_sb_add(h, "<table>\n<tr>");
    for (size_t c = 0; c < acc_csv_ncols(t); c++)
        th(h, acc_csv_header(t, c));
    acc_sb_add(h, "</tr>\n");
    size_t n = acc_csv_nrows(t);
    for (size_t r = 0; r < n && r < max_rows; r++) {
        acc_sb_add(h, "<tr>");
        for (size_t c = 0; c < acc_csv_ncols(t); c++)
            csv_cell(h, acc_csv_cell(t, r, c));
        acc_sb_add(h, "</tr>\n");
    }
    acc_sb_add(h, "</table>\n");
    if (n > max_rows)
        acc_sb_printf(h, "<p class=\"meta\">The first %zu of %zu rows; the rest are in "
                         "<code>%s</code>.</p>\n", max_rows, n, name);
    acc_csv_table_free(t);
}

/* Does s[0..n) contain needle? */
static int has_text(const char *s, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(s + i, needle, m) == 0)
            return 1;
    return 0;
}

/* The comment at the top of a scenario file, if the file still has the
 * bytes the run used (same SHA-256): the scenario's own explanation. */
static char *scenario_comment(const char *path, const char *sha)
{
    if (!path || !*path || !acc_io_is_file(path))
        return NULL;
    char hex[ACC_SHA256_HEXLEN], err[256];
    if (sha && *sha && (acc_sha256_file(path, hex, err, sizeof err) || strcmp(hex, sha) != 0))
        return NULL;
    char *text;
    if (acc_io_read_file(path, 1u << 20, &text, NULL, err, sizeof err))
        return NULL;
    acc_sb out;
    acc_sb_init(&out);
    const char *p = text;
    while (*p == '\n' || *p == '\r' || *p == ' ')
        p++;
    if (strncmp(p, "--[[", 4) == 0 || strncmp(p, "--[=[", 5) == 0) {
        const char *start = strchr(p, '\n');
        const char *end = strstr(p, "]]");
        if (!end)
            end = strstr(p, "]=]");
        if (start && end && end > start) {
            /* The opening line may hold a title after the bracket. */
            const char *t = p + (p[3] == '[' ? 4 : 5);
            acc_sb_addn(&out, t, (size_t)(start - t));
            acc_sb_add(&out, "\n");
            acc_sb_addn(&out, start + 1, (size_t)(end - start - 1));
        }
    } else {
        while (strncmp(p, "--", 2) == 0) {
            const char *eol = strchr(p, '\n');
            size_t n = eol ? (size_t)(eol - p) : strlen(p);
            const char *s = p + 2;
            if (*s == ' ')
                s++;
            size_t m = n - (size_t)(s - p);
            if (!has_text(s, m, "SPDX-License-Identifier")) {
                acc_sb_addn(&out, s, m);
                acc_sb_add(&out, "\n");
            }
            if (!eol)
                break;
            p = eol + 1;
        }
    }
    free(text);
    /* Trim, and drop licence lines from a block comment too. */
    acc_sb clean;
    acc_sb_init(&clean);
    const char *s = acc_sb_str(&out);
    while (*s) {
        const char *eol = strchr(s, '\n');
        size_t n = eol ? (size_t)(eol - s) : strlen(s);
        if (!has_text(s, n, "SPDX-License-Identifier")) {
            acc_sb_addn(&clean, s, n);
            acc_sb_add(&clean, "\n");
        }
        s += n + (eol ? 1 : 0);
    }
    acc_sb_free(&out);
    char *r = clean.s;
    if (!r || clean.oom) {
        acc_sb_free(&clean);
        return NULL;
    }
    size_t len = strlen(r);
    while (len && (r[len - 1] == '\n' || r[len - 1] == ' '))
        r[--len] = '\0';
    size_t lead = strspn(r, "\n ");
    if (!r[lead]) {
        free(r);
        return NULL;
    }
    if (lead)
        memmove(r, r + lead, strlen(r + lead) + 1);
    return r;
}

/* ---- sections -------------------------------------------------------------------- */

typedef struct page {
    acc_sb body;    /* sections */
    acc_sb toc;     /* <li> entries */
    char dir[4096];
    const acc_jval *manifest;
    acc_plot_result figs;
    int fig_ok[ACC_PLOT_MAX_FIGS];
    int nfig_ok;
    char fig_note[1024];
} page;

static void section(page *pg, const char *id, const char *title)
{
    acc_sb_printf(&pg->body, "\n<section id=\"%s\">\n<h2>", id);
    acc_sb_html(&pg->body, title);
    acc_sb_add(&pg->body, "</h2>\n");
    acc_sb_printf(&pg->toc, "<li><a href=\"#%s\">", id);
    acc_sb_html(&pg->toc, title);
    acc_sb_add(&pg->toc, "</a></li>\n");
}

static void end_section(page *pg) { acc_sb_add(&pg->body, "</section>\n"); }

static void figures_section(page *pg)
{
    acc_sb *h = &pg->body;
    if (pg->figs.n == 0)
        return;
    section(pg, "figures", "Figures");
    if (pg->fig_note[0]) {
        acc_sb_add(h, "<p class=\"note\">");
        acc_sb_html(h, pg->fig_note);
        acc_sb_add(h, "</p>\n");
    }
    for (int i = 0; i < pg->figs.n; i++) {
        if (!pg->fig_ok[i])
            continue;
        const acc_plot_fig *f = &pg->figs.fig[i];
        char path[4200];
        snprintf(path, sizeof path, "%s/%s.svg", pg->dir, f->name);
        char *svg, err[256];
        if (acc_io_read_file(path, 32u << 20, &svg, NULL, err, sizeof err))
            continue;
        char prefix[32];
        snprintf(prefix, sizeof prefix, "f%d-", i + 1);
        acc_sb_printf(h, "<figure id=\"fig-%s\">\n", f->name);
        if (acc_report_inline_svg(h, svg, prefix, f->title) == ACC_OK) {
            acc_sb_printf(h, "\n<figcaption><b>Figure %d.</b> ", pg->nfig_ok + 1);
            acc_sb_html(h, f->title);
            acc_sb_add(h, ". ");
            acc_sb_html(h, f->caption);
            acc_sb_printf(h, " <span class=\"meta\">(<code>%s.png</code>, <code>%s.svg</code>; "
                             "redraw with <code>gnuplot %s.gp</code>)</span></figcaption>\n",
                          f->name, f->name, f->name);
            pg->nfig_ok++;
        }
        acc_sb_add(h, "</figure>\n");
        free(svg);
    }
    end_section(pg);
}

static void about_section(page *pg, const acc_jval *scen)
{
    const char *path = acc_jval_str(acc_jval_get(scen, "path"));
    char *comment = scenario_comment(path, acc_jval_str(acc_jval_get(scen, "sha256")));
    if (!comment)
        return;
    section(pg, "about", "About this scenario");
    acc_sb_add(&pg->body, "<p class=\"meta\">From the comment at the top of <code>");
    acc_sb_html(&pg->body, path);
    acc_sb_add(&pg->body, "</code>:</p>\n<pre>");
    acc_sb_html(&pg->body, comment);
    acc_sb_add(&pg->body, "</pre>\n");
    end_section(pg);
    free(comment);
}

static void parameters_section(page *pg)
{
    const acc_jval *m = pg->manifest;
    const acc_jval *params = acc_jval_get(m, "parameters");
    const acc_jval *fo = acc_jval_get(m, "field_overrides");
    const acc_jval *jurs = acc_jval_path(m, "model.jurisdictions");
    if (!acc_jval_len(params) && !acc_jval_len(fo) && !acc_jval_len(jurs))
        return;
    acc_sb *h = &pg->body;
    section(pg, "parameters", "Parameters");
    int swept = acc_jval_len(params) &&
                acc_jval_type(acc_jval_get(acc_jval_at(params, 0), "kind")) == ACC_JSTRING;
    if (swept) {
        /* A sweep's varied parameters: a range or a list each. */
        const char *dd = acc_jval_str(acc_jval_path(m, "design.description"));
        if (dd) {
            acc_sb_add(h, "<p>Design: ");
            acc_sb_html(h, dd);
            acc_sb_add(h, ".</p>\n");
        }
        acc_sb_add(h, "<table>\n<tr>");
        th(h, "varied parameter");
        th(h, "values");
        acc_sb_add(h, "</tr>\n");
        for (size_t i = 0; i < acc_jval_len(params); i++) {
            const acc_jval *p = acc_jval_at(params, i);
            acc_sb_add(h, "<tr>");
            text_cell(h, acc_jval_str(acc_jval_get(p, "name")));
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
    } else if (acc_jval_len(params)) {
        acc_sb_add(h, "<p>The knobs the scenario declares (<code>--set name=value</code> "
                      "changes them):</p>\n<table>\n<tr>");
        th(h, "parameter");
        th(h, "value");
        th(h, "default");
        th(h, "range");
        th(h, "unit");
        acc_sb_add(h, "</tr>\n");
        for (size_t i = 0; i < acc_jval_len(params); i++) {
            const acc_jval *p = acc_jval_at(params, i);
            if (acc_jval_type(p) == ACC_JSTRING) { /* a sweep's list of names */
                acc_sb_add(h, "<tr>");
                text_cell(h, acc_jval_str(p));
                acc_sb_add(h, "<td colspan=\"4\">varied</td></tr>\n");
                continue;
            }
            acc_sb_add(h, "<tr>");
            text_cell(h, acc_jval_str(acc_jval_get(p, "name")));
            double v = acc_jval_num(acc_jval_get(p, "value"));
            int over = acc_jval_bool(acc_jval_get(p, "overridden"));
            char buf[48];
            acc_io_fmt_human(buf, sizeof buf, v);
            acc_sb_printf(h, "<td class=\"num\">%s%s</td>", over ? "<b>" : "", buf);
            if (over)
                acc_sb_add(h, " (set)");
            num_cell(h, acc_jval_num(acc_jval_get(p, "default")));
            char lo[48], hi[48];
            acc_io_fmt_human(lo, sizeof lo, acc_jval_num(acc_jval_get(p, "min")));
            acc_io_fmt_human(hi, sizeof hi, acc_jval_num(acc_jval_get(p, "max")));
            acc_sb_printf(h, "<td class=\"num\">[%s, %s]</td>", lo, hi);
            text_cell(h, acc_jval_str(acc_jval_get(p, "unit")));
            acc_sb_add(h, "</tr>\n");
        }
        acc_sb_add(h, "</table>\n");
    }
    if (acc_jval_len(fo)) {
        acc_sb_add(h, "<h3>Model fields set on the command line</h3>\n<table>\n<tr>");
        th(h, "field");
        th(h, "value");
        acc_sb_add(h, "</tr>\n");
        for (size_t i = 0; i < acc_jval_len(fo); i++) {
            acc_sb_add(h, "<tr>");
            text_cell(h, acc_jval_key_at(fo, i));
            num_cell(h, acc_jval_num(acc_jval_at(fo, i)));
            acc_sb_add(h, "</tr>\n");
        }
        acc_sb_add(h, "</table>\n");
    }
    if (acc_jval_len(jurs)) {
        static const struct {
            const char *key, *head;
        } cols[] = {{"market", "market (M$/yr)"}, {"binding", "binding"},
                    {"stringency", "stringency"}, {"cert_cost", "certification (M$)"},
                    {"review_months", "review (months)"}, {"audit_rate", "audits (/yr)"},
                    {"detection", "detection (/yr)"}};
        acc_sb_add(h, "<h3>Jurisdictions</h3>\n<table>\n<tr>");
        th(h, "id");
        th(h, "name");
        for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
            th(h, cols[c].head);
        acc_sb_add(h, "</tr>\n");
        for (size_t i = 0; i < acc_jval_len(jurs); i++) {
            const acc_jval *j = acc_jval_at(jurs, i);
            acc_sb_add(h, "<tr>");
            text_cell(h, acc_jval_str(acc_jval_get(j, "id")));
            text_cell(h, acc_jval_str(acc_jval_get(j, "name")));
            for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
                const acc_jval *v = acc_jval_get(j, cols[c].key);
                if (acc_jval_type(v) == ACC_JBOOL)
                    text_cell(h, acc_jval_bool(v) ? "yes" : "no");
                else
                    num_cell(h, acc_jval_num(v));
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
    end_section(pg);
}

/* Summary outcomes of a run: key outcomes first, with their meaning. */
static void outcome_row(acc_sb *h, const acc_csv_table *t, size_t c)
{
    acc_sb_add(h, "<tr>");
    text_cell(h, acc_csv_header(t, c));
    csv_cell(h, acc_csv_cell(t, 0, c));
    text_cell(h, acc_compare_outcome_doc(acc_csv_header(t, c)));
    acc_sb_add(h, "</tr>\n");
}

static void outcome_table_head(acc_sb *h)
{
    acc_sb_add(h, "<table>\n<tr>");
    th(h, "outcome");
    th(h, "value");
    th(h, "meaning");
    acc_sb_add(h, "</tr>\n");
}

static void run_summary_section(page *pg)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/summary.csv", pg->dir);
    acc_csv_table *t;
    char err[512];
    acc_sb *h = &pg->body;
    if (!acc_io_is_file(path))
        return;
    if (acc_csv_read_file(path, &t, err, sizeof err)) {
        /* say so: a page without its outcomes must not pass for complete */
        section(pg, "outcomes", "Outcomes");
        acc_sb_add(h, "<p class=\"note\">The outcomes could not be read: ");
        acc_sb_html(h, err);
        acc_sb_add(h, "</p>\n");
        end_section(pg);
        return;
    }
    if (acc_csv_nrows(t) < 1) {
        acc_csv_table_free(t);
        return;
    }
    const acc_jval *params = acc_jval_get(pg->manifest, "parameters");
    section(pg, "outcomes", "Outcomes");
    int nkey = 0;
    for (int i = 0; acc_compare_key_outcomes[i]; i++)
        for (size_t c = 0; c < acc_csv_ncols(t); c++)
            if (strcmp(acc_csv_header(t, c), acc_compare_key_outcomes[i]) == 0) {
                if (nkey++ == 0)
                    outcome_table_head(h);
                outcome_row(h, t, c);
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
        for (int i = 0; acc_compare_key_outcomes[i] && !skip; i++)
            skip = strcmp(name, acc_compare_key_outcomes[i]) == 0;
        if (skip)
            continue;
        if (nother++ == 0) {
            if (nkey)
                acc_sb_add(h, "<h3>Other outcomes</h3>\n");
            outcome_table_head(h);
        }
        outcome_row(h, t, c);
    }
    if (nother)
        acc_sb_add(h, "</table>\n");
    acc_csv_table_free(t);
    end_section(pg);
}

static void compare_section(page *pg, acc_compare *c)
{
    acc_sb *h = &pg->body;
    int na = acc_compare_narms(c);
    section(pg, "inputs", "What is compared");
    acc_sb_add(h, "<table>\n<tr>");
    th(h, "#");
    th(h, "label");
    th(h, "scenario");
    th(h, "description");
    th(h, "settings");
    th(h, "source");
    acc_sb_add(h, "</tr>\n");
    for (int i = 0; i < na; i++) {
        acc_sb_printf(h, "<tr><td class=\"num\">%d</td>", i + 1);
        text_cell(h, acc_compare_label(c, i));
        text_cell(h, acc_compare_scenario(c, i));
        text_cell(h, acc_compare_description(c, i));
        text_cell(h, *acc_compare_settings(c, i) ? acc_compare_settings(c, i) : "defaults");
        text_cell(h, acc_compare_source(c, i));
        acc_sb_add(h, "</tr>\n");
    }
    acc_sb_add(h, "</table>\n");
    end_section(pg);

    section(pg, "outcomes", "Outcomes side by side");
    acc_sb_printf(h, "<p>Mean of each outcome (over replications where an input has several, "
                     "with its %g%% confidence interval) and the change from the first input. "
                     "<b>Bold</b> changes are those whose interval excludes zero.</p>\n",
                  100 * acc_compare_level(c));
    int shown_key = 0;
    for (int pass = 0; pass < 2; pass++) {
        int rows[512], nr = 0;
        if (pass == 0) {
            for (int i = 0; acc_compare_key_outcomes[i]; i++) {
                int k = acc_compare_find(c, acc_compare_key_outcomes[i]);
                if (k >= 0)
                    rows[nr++] = k;
            }
            if (nr < 3)
                continue;
            shown_key = 1;
        } else {
            for (int k = 0; k < acc_compare_noutcomes(c) && nr < 512; k++) {
                int key = 0;
                for (int i = 0; shown_key && acc_compare_key_outcomes[i] && !key; i++)
                    key = strcmp(acc_compare_outcome(c, k), acc_compare_key_outcomes[i]) == 0;
                if (!key)
                    rows[nr++] = k;
            }
            if (nr == 0)
                break;
            acc_sb_add(h, shown_key ? "<h3>Other outcomes</h3>\n" : "");
        }
        acc_sb_add(h, "<table>\n<tr>");
        th(h, "outcome");
        for (int i = 0; i < na; i++) {
            char head[80];
            snprintf(head, sizeof head, "[%d] %s", i + 1, acc_compare_label(c, i));
            th(h, head);
            if (i > 0)
                th(h, "change");
        }
        acc_sb_add(h, "</tr>\n");
        for (int r = 0; r < nr; r++) {
            const char *name = acc_compare_outcome(c, rows[r]);
            const char *doc = acc_compare_outcome_doc(name);
            acc_sb_add(h, "<tr><td>");
            acc_sb_html(h, name);
            if (doc && pass == 0) {
                acc_sb_add(h, "<br><span class=\"meta\">");
                acc_sb_html(h, doc);
                acc_sb_add(h, "</span>");
            }
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
    }
    end_section(pg);
}

/* The outcomes a sweep report shows: key outcomes present, else the first ones. */
static int chosen_outcomes(const acc_csv_table *t, size_t oc, const char **out, int max)
{
    int n = 0;
    for (int i = 0; acc_compare_key_outcomes[i] && n < max; i++)
        for (size_t r = 0; r < acc_csv_nrows(t); r++)
            if (strcmp(acc_csv_cell(t, r, oc), acc_compare_key_outcomes[i]) == 0) {
                out[n++] = acc_compare_key_outcomes[i];
                break;
            }
    if (n > 0)
        return n;
    for (size_t r = 0; r < acc_csv_nrows(t) && n < max; r++) {
        const char *o = acc_csv_cell(t, r, oc);
        int dup = 0;
        for (int i = 0; i < n && !dup; i++)
            dup = strcmp(out[i], o) == 0;
        if (!dup)
            out[n++] = o;
    }
    return n;
}

/* points.csv (one row per point and outcome) pivoted: one row per design
 * point, its parameter values, then mean [interval] of each chosen outcome. */
static int points_pivot(acc_sb *h, const char *dir, const char **outs, int *nouts)
{
    char path[4400], err[512];
    snprintf(path, sizeof path, "%s/points.csv", dir);
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
    int n = chosen_outcomes(t, oc, outs, 6);
    *nouts = n;
    acc_sb_add(h, "<table>\n<tr>");
    th(h, "point");
    for (size_t c = pc + 1; c < oc; c++)
        th(h, acc_csv_header(t, c));
    for (int k = 0; k < n; k++)
        th(h, outs[k]);
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
        csv_cell(h, pt);
        for (size_t c = pc + 1; c < oc; c++)
            csv_cell(h, acc_csv_cell(t, r, c));
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
                         "and every outcome, are in <code>points.csv</code>.</p>\n", shown, npoints);
    else
        acc_sb_add(h, "<p class=\"meta\">Every outcome is in <code>points.csv</code>.</p>\n");
    /* `outs` point into t: copy them before freeing. */
    static char keep[6][64];
    for (int k = 0; k < n; k++) {
        acc_io_copy(keep[k], sizeof keep[k], outs[k]);
        outs[k] = keep[k];
    }
    acc_csv_table_free(t);
    return 1;
}

static void sweep_sections(page *pg)
{
    acc_sb *h = &pg->body;
    char path[4200];
    const char *outs[6];
    int nouts = 0;
    snprintf(path, sizeof path, "%s/points.csv", pg->dir);
    if (acc_io_is_file(path)) {
        section(pg, "points", "Design points");
        acc_sb_add(h, "<p>Mean of each outcome at each design point over its replications, "
                      "with its 95% confidence interval.</p>\n");
        if (!points_pivot(h, pg->dir, outs, &nouts))
            csv_table(h, pg->dir, "points.csv", MAX_TABLE_ROWS);
        end_section(pg);
    }
    snprintf(path, sizeof path, "%s/sensitivity.csv", pg->dir);
    acc_csv_table *t;
    char err[512];
    if (acc_io_is_file(path) && acc_csv_read_file(path, &t, err, sizeof err) != ACC_OK) {
        section(pg, "sensitivity", "Sensitivity");
        acc_sb_add(h, "<p class=\"note\">The sensitivity indices could not be read: ");
        acc_sb_html(h, err);
        acc_sb_add(h, "</p>\n");
        end_section(pg);
    } else if (acc_io_is_file(path)) {
        section(pg, "sensitivity", "Sensitivity");
        acc_sb_add(h, "<p>How much each parameter drives each outcome (methods in "
                      "docs/statistics.md); the shown outcomes, all of them in "
                      "<code>sensitivity.csv</code>.</p>\n<table>\n<tr>");
        size_t oc;
        int has_out = acc_csv_col(t, "outcome", &oc, NULL, 0) == ACC_OK;
        for (size_t c = 0; c < acc_csv_ncols(t); c++)
            th(h, acc_csv_header(t, c));
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
                csv_cell(h, acc_csv_cell(t, r, c));
            acc_sb_add(h, "</tr>\n");
        }
        acc_sb_add(h, "</table>\n");
        acc_csv_table_free(t);
        end_section(pg);
    }
}

static void reproduce_section(page *pg, const char *kind)
{
    const acc_jval *m = pg->manifest;
    if (!m)
        return;
    acc_sb *h = &pg->body;
    section(pg, "reproduce", "Reproduce");
    const char *cmd = acc_jval_str(acc_jval_get(m, "command"));
    if (cmd && *cmd) {
        acc_sb_add(h, "<p>Command:</p>\n<pre>");
        acc_sb_html(h, cmd);
        acc_sb_add(h, "</pre>\n");
    }
    acc_sb_add(h, "<table>\n");
    /* Every scalar at the top level and under scenario and versions. */
    const char *groups[] = {NULL, "scenario", "design", "counts", "statistics", "versions"};
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
        const acc_jval *o = groups[g] ? acc_jval_get(m, groups[g]) : m;
        for (size_t i = 0; i < acc_jval_len(o); i++) {
            const char *key = acc_jval_key_at(o, i);
            const acc_jval *v = acc_jval_at(o, i);
            if (!key || !strcmp(key, "command") || !strcmp(key, "description"))
                continue;
            acc_jtype t = acc_jval_type(v);
            if (t != ACC_JSTRING && t != ACC_JNUMBER && t != ACC_JBOOL)
                continue;
            char label[160];
            snprintf(label, sizeof label, "%s%s%s", groups[g] ? groups[g] : "",
                     groups[g] ? "." : "", key);
            acc_sb_add(h, "<tr>");
            th(h, label);
            if (t == ACC_JSTRING) {
                acc_sb_add(h, "<td><code>");
                acc_sb_html(h, acc_jval_str(v));
                acc_sb_add(h, "</code></td>");
            } else if (t == ACC_JBOOL) {
                text_cell(h, acc_jval_bool(v) ? "true" : "false");
            } else {
                /* Seeds are exact integers: print them in full. */
                double x = acc_jval_num(v);
                if (x == floor(x) && fabs(x) < 9.007199254740992e15)
                    acc_sb_printf(h, "<td class=\"num\">%.0f</td>", x);
                else
                    num_cell(h, x);
            }
            acc_sb_add(h, "</tr>\n");
        }
    }
    acc_sb_add(h, "</table>\n");
    acc_sb_printf(h, "<p class=\"meta\">Everything needed to reproduce this %s is in "
                     "<code>manifest.json</code> beside this report.</p>\n", kind);
    end_section(pg);
}

/* ---- the page ----------------------------------------------------------------------- */

static void draw_figures(page *pg, const acc_report_opts *o, char *err, size_t errlen, int *rc)
{
    acc_plot_opts po;
    memset(&po, 0, sizeof po);
    po.templates = o->templates;
    po.formats = ACC_PLOT_PNG | ACC_PLOT_SVG;
    int r;
    if (o->no_figures) {
        r = acc_plot_list(pg->dir, &po, &pg->figs, err, errlen);
        if (r == ACC_OK) {
            for (int i = 0; i < pg->figs.n; i++) {
                char path[4200];
                snprintf(path, sizeof path, "%s/%s.svg", pg->dir, pg->figs.fig[i].name);
                pg->fig_ok[i] = acc_io_is_file(path);
            }
        } else {
            pg->figs.n = 0;
        }
        return;
    }
    r = acc_plot_dir(pg->dir, &po, &pg->figs, err, errlen);
    if (r == ACC_OK) {
        for (int i = 0; i < pg->figs.n; i++)
            pg->fig_ok[i] = 1;
        return;
    }
    /* Keep the figures that exist; say why the others are missing. */
    if (pg->figs.n == 0 && acc_plot_list(pg->dir, &po, &pg->figs, NULL, 0) != ACC_OK)
        pg->figs.n = 0;
    for (int i = 0; i < pg->figs.n; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s.svg", pg->dir, pg->figs.fig[i].name);
        pg->fig_ok[i] = acc_io_is_file(path) && acc_io_gnuplot_available(NULL, 0);
    }
    if (pg->figs.n > 0) {
        acc_io_fmt_cut(pg->fig_note, sizeof pg->fig_note, "Some figures could not be drawn: %s",
                       err ? err : "gnuplot failed");
        *rc = r;
    } else {
        /* Nothing to plot here (e.g. a comparison of sweeps): not an error. */
        if (err && errlen)
            err[0] = '\0';
    }
}

int acc_report_write(const acc_report_opts *o, acc_report_result *res, char *err, size_t errlen)
{
    memset(res, 0, sizeof *res);
    if (!o || !o->dir) {
        acc_errf(err, errlen, "report: no directory given");
        return ACC_EINVAL;
    }
    if (!acc_io_is_dir(o->dir)) {
        acc_errf(err, errlen, "%s: not a directory", o->dir);
        return ACC_EIO;
    }
    page *pg = calloc(1, sizeof *pg);
    if (!pg) {
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    acc_sb_init(&pg->body);
    acc_sb_init(&pg->toc);
    snprintf(pg->dir, sizeof pg->dir, "%s", o->dir);
    acc_sb html;
    acc_sb_init(&html);
    acc_jdoc *doc = NULL;
    acc_compare *cmp = NULL;
    int rc = ACC_OK, fig_rc = ACC_OK;
    acc_io_dir_kind(o->dir, res->kind, sizeof res->kind);
    if (!res->kind[0]) {
        acc_errf(err, errlen, "%s: not an accord run, sweep or comparison directory (no "
                 "manifest.json, summary.csv, points.csv or compare.csv)", o->dir);
        rc = ACC_EIO;
        goto done;
    }
    char path[4200];
    snprintf(path, sizeof path, "%s/manifest.json", o->dir);
    if (acc_io_is_file(path) && (rc = acc_jdoc_read_file(path, &doc, err, errlen)))
        goto done;
    pg->manifest = acc_jdoc_root(doc);
    if (strcmp(res->kind, "compare") == 0 && (rc = acc_compare_load(o->dir, &cmp, err, errlen)))
        goto done;

    char figerr[2048] = "";
    draw_figures(pg, o, figerr, sizeof figerr, &fig_rc);

    /* Title and lead. */
    const acc_jval *scen = acc_jval_get(pg->manifest, "scenario");
    const char *name = acc_jval_str(acc_jval_get(scen, "name"));
    const char *desc = acc_jval_str(acc_jval_get(scen, "description"));
    char title[256];
    if (cmp) {
        acc_sb t;
        acc_sb_init(&t);
        for (int i = 0; i < acc_compare_narms(cmp); i++)
            acc_sb_printf(&t, "%s%s", i ? (i + 1 == acc_compare_narms(cmp) ? " and " : ", ") : "",
                          acc_compare_label(cmp, i));
        snprintf(title, sizeof title, "Comparison: %s", acc_sb_str(&t));
        acc_sb_free(&t);
    } else if (strcmp(res->kind, "sweep") == 0) {
        snprintf(title, sizeof title, "Sweep of %s", name ? name : o->dir);
    } else {
        snprintf(title, sizeof title, "%s", name ? name : o->dir);
    }

    if (cmp) {
        compare_section(pg, cmp);
        figures_section(pg);
    } else if (strcmp(res->kind, "run") == 0) {
        run_summary_section(pg);
        figures_section(pg);
    } else {
        figures_section(pg);
        sweep_sections(pg);
    }
    if (!cmp) {
        about_section(pg, scen);
        parameters_section(pg);
    }
    reproduce_section(pg, cmp ? "comparison" : res->kind);

    char now[32];
    time_t tt = time(NULL);
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(now, sizeof now, "%Y-%m-%d %H:%M UTC", &tm);

    acc_sb_add(&html, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<title>");
    acc_sb_html(&html, title);
    acc_sb_add(&html, " — accord report</title>\n<style>\n");
    acc_sb_add(&html, css);
    acc_sb_add(&html, "</style>\n</head>\n<body>\n<header>\n<h1>");
    acc_sb_html(&html, title);
    acc_sb_add(&html, "</h1>\n");
    if (desc && *desc && !cmp) {
        acc_sb_add(&html, "<p class=\"lead\">");
        acc_sb_html(&html, desc);
        acc_sb_add(&html, "</p>\n");
    }
    acc_sb_add(&html, "<p class=\"meta\">");
    if (strcmp(res->kind, "run") == 0) {
        const char *sp = acc_jval_str(acc_jval_get(scen, "path"));
        double seed = acc_jval_num(acc_jval_get(pg->manifest, "seed"));
        acc_sb_add(&html, "A run of <code>");
        acc_sb_html(&html, sp ? sp : "?");
        acc_sb_add(&html, "</code>");
        if (isfinite(seed))
            acc_sb_printf(&html, " with seed %.0f", seed);
        acc_sb_add(&html, ". ");
    } else if (strcmp(res->kind, "sweep") == 0) {
        acc_sb_add(&html, "A parameter sweep. ");
    }
    acc_sb_add(&html, "Directory <code>");
    acc_sb_html(&html, o->dir);
    acc_sb_printf(&html, "</code>; report made %s by accord %s.</p>\n</header>\n", now,
                  ACCORD_VERSION);
    acc_sb_add(&html, "<nav aria-label=\"contents\"><ol>\n");
    acc_sb_add(&html, acc_sb_str(&pg->toc));
    acc_sb_add(&html, "</ol></nav>\n<main>\n");
    acc_sb_add(&html, acc_sb_str(&pg->body));
    acc_sb_add(&html, "</main>\n<footer>\n<p>Made by <code>accord report</code>: every number "
                      "comes from the CSV files beside this page; the figures are drawn by "
                      "gnuplot from the scripts <code>*.gp</code> beside them. accord is free "
                      "software under the GPL-3.0-or-later.</p>\n</footer>\n</body>\n</html>\n");
    /* descriptions, CSV cells and SVGs come from files: keep the page UTF-8 */
    acc_sb_utf8_clean(&html);
    if (html.oom || pg->body.oom || pg->toc.oom) {
        acc_errf(err, errlen, "out of memory");
        rc = ACC_ENOMEM;
        goto done;
    }
    int plen = o->out ? snprintf(res->path, sizeof res->path, "%s", o->out)
                      : snprintf(res->path, sizeof res->path, "%s/report.html", o->dir);
    if (plen < 0 || (size_t)plen >= sizeof res->path) {
        acc_errf(err, errlen, "%.60s...: report path too long (at most %zu bytes)",
                 o->out ? o->out : o->dir, sizeof res->path - 1);
        res->path[0] = '\0';
        rc = ACC_EINVAL;
        goto done;
    }
    if ((rc = acc_io_write_file_atomic(res->path, html.s, html.len, err, errlen))) {
        res->path[0] = '\0';
        goto done;
    }
    res->figures = pg->nfig_ok;
    res->figures_wanted = pg->figs.n;
    if (fig_rc) {
        acc_errf(err, errlen, "%s", figerr);
        rc = fig_rc;
    }
done:
    acc_compare_free(cmp);
    acc_jdoc_free(doc);
    acc_sb_free(&html);
    acc_sb_free(&pg->body);
    acc_sb_free(&pg->toc);
    free(pg);
    return rc;
}
