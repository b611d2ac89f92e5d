/* accord report — the HTML report: reads the directory's manifest and CSVs,
 * draws its figures through the plot code, inlines them as SVG and writes one
 * self-contained page (inline CSS, no scripts, no external resources).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "report/report.h"

#include "base/common.h"
#include "report/compare.h"
#include "io/gnuplot.h"
#include "io/layout.h"
#include "report/outcomes.h"
#include "report/plot.h"
#include "report/plot_int.h"
#include "report/report_int.h"
#include "base/readfile.h"
#include "base/sha256.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
    "p.question{font-size:1.35rem;margin:.6rem 0 .8rem;padding:.6rem 1rem;"
    "border-left:6px solid var(--accent);background:var(--band)}\n"
    "details{margin:.4rem 0}details>summary{cursor:pointer}\n"
    "details>summary h2{display:inline-block;margin:1.2rem 0 .4rem;border:none}\n"
    "details>summary::after{content:\" (click to open)\";color:var(--muted);font-size:.8rem}\n"
    "details[open]>summary::after{content:\"\"}\n"
    /* one key figure per row in the 1180 px page: two side by side drew the
     * figures at 0.57 of their size, their type at 9 px on a projector */
    ".keyfigs{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(900px,100%),1fr));gap:0 1.4rem}\n"
    "td.unit{color:var(--muted);white-space:nowrap}\n"
    "p.meta,.note{color:var(--muted);font-size:.85rem}\n"
    ".note{border-left:5px solid #b35900;padding:.4rem .8rem;background:#fff4e5;color:#111}\n"
    ".failed{border:3px solid #a01818;padding:.6rem 1rem;background:#fde8e8;color:#111;"
    "font-size:1.1rem}\n"
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
    ".keyfigs{display:block}"
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

void rpt_num_cell(acc_sb *h, double x)
{
    char buf[48];
    acc_io_fmt_human(buf, sizeof buf, x);
    acc_sb_add(h, "<td class=\"num\">");
    acc_sb_html(h, buf);
    acc_sb_add(h, "</td>");
}

void rpt_text_cell(acc_sb *h, const char *s)
{
    acc_sb_add(h, "<td>");
    acc_sb_html(h, s ? s : "");
    acc_sb_add(h, "</td>");
}

void rpt_th(acc_sb *h, const char *s)
{
    acc_sb_add(h, "<th>");
    acc_sb_html(h, s);
    acc_sb_add(h, "</th>");
}

void rpt_table_head(acc_sb *h, const char *const *heads)
{
    acc_sb_add(h, "<table>\n<tr>");
    for (int i = 0; heads[i]; i++)
        rpt_th(h, heads[i]);
    acc_sb_add(h, "</tr>\n");
}

/* A cell of a CSV: right-aligned and shortened if it is a number. */
void rpt_csv_cell(acc_sb *h, const char *s)
{
    char *end;
    double x = strtod(s, &end);
    if (*s && !*end && strcmp(s, "inf") != 0)
        rpt_num_cell(h, x);
    else if (strcmp(s, "NA") == 0)
        acc_sb_add(h, "<td class=\"num\">NA</td>");
    else
        rpt_text_cell(h, s);
}

/* A whole CSV as a table; rows past max are left out with a note. */
void rpt_csv_table(acc_sb *h, const char *dir, const char *name, size_t max_rows)
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
        rpt_th(h, acc_csv_header(t, c));
    acc_sb_add(h, "</tr>\n");
    size_t n = acc_csv_nrows(t);
    for (size_t r = 0; r < n && r < max_rows; r++) {
        acc_sb_add(h, "<tr>");
        for (size_t c = 0; c < acc_csv_ncols(t); c++)
            rpt_csv_cell(h, acc_csv_cell(t, r, c));
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
char *rpt_scenario_comment(const char *path, const char *sha)
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

void rpt_section(page *pg, const char *id, const char *title)
{
    acc_sb_printf(&pg->body, "\n<section id=\"%s\">\n%s<h2>", id,
                  pg->folding ? "<details>\n<summary>" : "");
    acc_sb_html(&pg->body, title);
    acc_sb_printf(&pg->body, "</h2>%s\n", pg->folding ? "</summary>" : "");
    acc_sb_printf(&pg->toc, "<li><a href=\"#%s\">", id);
    acc_sb_html(&pg->toc, title);
    acc_sb_add(&pg->toc, "</a></li>\n");
}

void rpt_end_section(page *pg)
{
    acc_sb_add(&pg->body, pg->folding ? "</details>\n</section>\n" : "</section>\n");
}

void rpt_emit_figure(page *pg, int i)
{
    acc_sb *h = &pg->body;
    const acc_plot_fig *f = &pg->figs.fig[i];
    char path[4200];
    snprintf(path, sizeof path, "%s/%s.svg", pg->figdir[0] ? pg->figdir : pg->dir, f->name);
    char *svg, err[256];
    if (acc_io_read_file(path, 32u << 20, &svg, NULL, err, sizeof err))
        return;
    pg->fig_shown[i] = 1;
    char prefix[32];
    snprintf(prefix, sizeof prefix, "f%d-", i + 1);
    acc_sb_printf(h, "<figure id=\"fig-%s\">\n", f->name);
    if (acc_report_inline_svg(h, svg, prefix, f->title) == ACC_OK) {
        acc_sb_printf(h, "\n<figcaption><b>Figure %d.</b> ", pg->nfig_ok + 1);
        acc_sb_html(h, f->title);
        acc_sb_add(h, ". ");
        acc_sb_html(h, f->caption);
        if (pg->figdir[0]) /* drawn for this page only: no files beside the CSVs */
            acc_sb_printf(h, " <span class=\"meta\">(<code>accord plot</code> draws it as "
                             "<code>%s.png</code>, <code>%s.svg</code>)</span></figcaption>\n",
                          f->name, f->name);
        else
            acc_sb_printf(h, " <span class=\"meta\">(<code>%s.png</code>, <code>%s.svg</code>; "
                             "redraw with <code>gnuplot %s.gp</code>)</span></figcaption>\n",
                          f->name, f->name, f->name);
        pg->nfig_ok++;
    }
    acc_sb_add(h, "</figure>\n");
    free(svg);
}

/* The figures not shown among the key figures. */
static void figures_section(page *pg)
{
    acc_sb *h = &pg->body;
    int left = 0;
    for (int i = 0; i < pg->figs.n; i++)
        left += pg->fig_ok[i] && !pg->fig_shown[i];
    if (pg->figs.n == 0 || (left == 0 && !pg->fig_note[0]))
        return;
    rpt_section(pg, "figures", pg->nkey_figs ? "More figures" : "Figures");
    if (pg->fig_note[0]) {
        acc_sb_add(h, "<p class=\"note\">");
        acc_sb_html(h, pg->fig_note);
        acc_sb_add(h, "</p>\n");
    }
    for (int i = 0; i < pg->figs.n; i++)
        if (pg->fig_ok[i] && !pg->fig_shown[i])
            rpt_emit_figure(pg, i);
    rpt_end_section(pg);
}

static void about_section(page *pg, const acc_jval *scen)
{
    const char *path = acc_jval_str(acc_jval_get(scen, "path"));
    char *comment = rpt_scenario_comment(path, acc_jval_str(acc_jval_get(scen, "sha256")));
    if (!comment)
        return;
    rpt_section(pg, "about", "About this scenario");
    acc_sb_add(&pg->body, "<p class=\"meta\">From the comment at the top of <code>");
    acc_sb_html(&pg->body, path);
    acc_sb_add(&pg->body, "</code>:</p>\n<pre>");
    acc_sb_html(&pg->body, comment);
    acc_sb_add(&pg->body, "</pre>\n");
    rpt_end_section(pg);
    free(comment);
}

static void reproduce_section(page *pg, const char *kind)
{
    const acc_jval *m = pg->manifest;
    if (!m)
        return;
    acc_sb *h = &pg->body;
    rpt_section(pg, "reproduce", "Reproduce");
    /* a run's and a comparison's command is at the top; a sweep's (and a
     * merge's) under "execution" */
    const char *cmd = acc_jval_str(acc_jval_get(m, "command"));
    if (!cmd)
        cmd = acc_jval_str(acc_jval_path(m, "execution.command"));
    if (cmd && *cmd) {
        acc_sb_add(h, "<p>Command:</p>\n<pre>");
        acc_sb_html(h, cmd);
        acc_sb_add(h, "</pre>\n");
    }
    acc_sb_add(h, "<table>\n");
    /* a sweep's --set values, which hold in every run */
    const acc_jval *fixed = acc_jval_get(m, "fixed");
    if (acc_jval_type(fixed) == ACC_JARRAY && acc_jval_len(fixed) > 0) {
        acc_sb_add(h, "<tr>");
        rpt_th(h, "fixed");
        acc_sb_add(h, "<td><code>");
        for (size_t i = 0; i < acc_jval_len(fixed); i++) {
            const char *f = acc_jval_str(acc_jval_at(fixed, i));
            acc_sb_add(h, i ? " --set " : "--set ");
            acc_sb_html(h, f ? f : "?");
        }
        acc_sb_add(h, "</code></td></tr>\n");
    }
    /* Every scalar at the top level and under scenario and versions. */
    const char *groups[] = {NULL,         "scenario", "design", "counts", "statistics", "versions",
                            "sources"};
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
            rpt_th(h, label);
            if (t == ACC_JSTRING) {
                acc_sb_add(h, "<td><code>");
                acc_sb_html(h, acc_jval_str(v));
                acc_sb_add(h, "</code></td>");
            } else if (t == ACC_JBOOL) {
                rpt_text_cell(h, acc_jval_bool(v) ? "true" : "false");
            } else {
                /* Seeds are exact integers: print them in full. */
                double x = acc_jval_num(v);
                if (x == floor(x) && fabs(x) < 9.007199254740992e15)
                    acc_sb_printf(h, "<td class=\"num\">%.0f</td>", x);
                else
                    rpt_num_cell(h, x);
            }
            acc_sb_add(h, "</tr>\n");
        }
    }
    acc_sb_add(h, "</table>\n");
    acc_sb_printf(h, "<p class=\"meta\">Everything needed to reproduce this %s is in "
                     "<code>" ACC_FILE_MANIFEST "</code> beside this report.</p>\n", kind);
    rpt_end_section(pg);
}

/* ---- the page ----------------------------------------------------------------------- */

static void draw_figures(page *pg, const acc_report_opts *o, char *err, size_t errlen, int *rc)
{
    acc_plot_opts po;
    memset(&po, 0, sizeof po);
    po.templates = o->templates;
    po.formats = ACC_PLOT_PNG | ACC_PLOT_SVG;
    int r;
    /* --out FILE: the page goes elsewhere, so DIR is only read: the figures
     * are drawn (SVG only) into a private directory, removed afterwards */
    if (o->out && !o->no_figures) {
        if (acc_plot_tmpdir(pg->figdir, sizeof pg->figdir, "report") != 0 ||
            strlen(pg->figdir) > 90) {
            int e = errno;
            if (pg->figdir[0] && strlen(pg->figdir) > 90)
                rmdir(pg->figdir);
            pg->figdir[0] = '\0';
            acc_io_fmt_cut(pg->fig_note, sizeof pg->fig_note,
                           "No figures: cannot create a temporary directory for them: %s",
                           strerror(e));
            return;
        }
        po.figdir = pg->figdir;
        po.formats = ACC_PLOT_SVG;
    }
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
        snprintf(path, sizeof path, "%s/%s.svg", pg->figdir[0] ? pg->figdir : pg->dir,
                 pg->figs.fig[i].name);
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

/* The page's title: the scenario's name, a sweep of it, or the comparison's arms. */
static void page_title(const char *kind, const acc_compare *cmp, const char *name,
                       const char *dir, char *title, size_t n)
{
    if (cmp) {
        acc_sb t;
        acc_sb_init(&t);
        for (int i = 0; i < acc_compare_narms(cmp); i++)
            acc_sb_printf(&t, "%s%s", i ? (i + 1 == acc_compare_narms(cmp) ? " and " : ", ") : "",
                          acc_compare_label(cmp, i));
        snprintf(title, n, "Comparison: %s", acc_sb_str(&t));
        acc_sb_free(&t);
    } else if (strcmp(kind, ACC_KIND_SWEEP) == 0) {
        snprintf(title, n, "Sweep of %s", name ? name : dir);
    } else {
        snprintf(title, n, "%s", name ? name : dir);
    }
}

/* The sections, in their order for the directory's kind: for a room first
 * (the question in the header, three to six key figures, a short table of
 * the key outcomes with units and meaning), then the rest of the figures,
 * then the full tables, folded. */
static void build_sections(page *pg, const char *kind, acc_compare *cmp, const acc_jval *scen)
{
    rpt_key_figures_section(pg, cmp ? ACC_KIND_COMPARE : kind);
    if (cmp)
        rpt_compare_section(pg, cmp); /* key outcomes open, the others folded */
    else if (strcmp(kind, ACC_KIND_RUN) == 0)
        rpt_run_key_outcomes(pg);
    else
        rpt_sweep_key_outcomes(pg);
    figures_section(pg);
    pg->folding = 1;
    if (!cmp && strcmp(kind, ACC_KIND_RUN) == 0)
        rpt_run_summary_section(pg);
    else if (!cmp)
        rpt_sweep_sections(pg);
    if (!cmp) {
        about_section(pg, scen);
        rpt_parameters_section(pg);
    }
    reproduce_section(pg, cmp ? "comparison" : kind);
    pg->folding = 0;
}

/* The start of every page and the end of its title (acc_report_is_ours). */
#define page_head "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
#define page_title_end " — accord report</title>"

int acc_report_is_ours(const char *path)
{
    /* the title (at most 255 bytes, each escaped to at most 6) comes first */
    char buf[4096];
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    buf[n] = '\0';
    size_t hl = sizeof page_head - 1;
    if (n < hl || memcmp(buf, page_head, hl) != 0 || memchr(buf, '\0', n))
        return 0;
    const char *end = strstr(buf, page_title_end), *style = strstr(buf, "<style>");
    return end && style && end < style;
}

void acc_report_forget(const char *dir)
{
    char path[4200];
    if (snprintf(path, sizeof path, "%s/" ACC_FILE_REPORT, dir) < (int)sizeof path &&
        acc_report_is_ours(path))
        unlink(path);
}

/* The header of the page: title, lead (the scenario's description) and
 * what the directory holds. */
static void page_header(acc_sb *html, const page *pg, const char *dir, const char *kind,
                        const char *title, const acc_jval *scen, const acc_compare *cmp)
{
    const char *desc = acc_jval_str(acc_jval_get(scen, "description"));
    char now[32];
    acc_utc_now(now, sizeof now, ACC_UTC_HUMAN);
    acc_sb_add(html, page_head "<meta name=\"viewport\" content=\"width=device-width, "
                     "initial-scale=1\">\n<title>");
    acc_sb_html(html, title);
    acc_sb_add(html, page_title_end "\n<style>\n");
    acc_sb_add(html, css);
    acc_sb_add(html, "</style>\n</head>\n<body>\n<header>\n<h1>");
    acc_sb_html(html, title);
    acc_sb_add(html, "</h1>\n");
    char why[1024];
    if (strcmp(kind, ACC_KIND_RUN) == 0 && acc_io_run_failed(dir, why, sizeof why, NULL)) {
        acc_sb_add(html, "<p class=\"failed\" id=\"failed\"><b>This run FAILED</b> and is not a "
                         "complete run: ");
        acc_sb_html(html, why);
        acc_sb_add(html, ". Its tables and figures hold only what it wrote before the failure "
                         "(<code>" ACC_FILE_MANIFEST "</code> says <code>\"status\": "
                         "\"failed\"</code>; there is no <code>" ACC_FILE_SUMMARY "</code>).</p>\n");
    }
    /* files changed since the manifest recorded them (as accord report warns
     * on stderr): the page must say so too, since it travels without stderr */
    char first[256];
    int changed = acc_io_outputs_changed(dir, first, sizeof first);
    if (changed > 0) {
        acc_sb_add(html, "<p class=\"failed\" id=\"changed\"><b>These files are not what their "
                         "manifest records:</b> <code>");
        acc_sb_html(html, first);
        acc_sb_printf(html, "</code>%s has other bytes than its SHA-256 there (changed, cut short "
                            "or written by another run since, or missing). What this page shows "
                            "may not be what the manifest's command produced: run it again.</p>\n",
                      changed > 1 ? " (and more of the files listed there)" : "");
    }
    rpt_question(html, pg, kind, cmp, scen);
    /* an input not paired with the first: why, and how to pair it (as on the
     * terminal), before any figure or number is read */
    for (int i = 1; cmp && i < acc_compare_narms(cmp); i++)
        if (!acc_compare_paired(cmp, i) && *acc_compare_warning(cmp, i)) {
            acc_sb_add(html, "<p class=\"note\" id=\"not-paired\"><b>Not paired.</b> ");
            acc_sb_html(html, acc_compare_warning(cmp, i));
            acc_sb_add(html, ".</p>\n");
        }
    if (desc && *desc && !cmp) {
        acc_sb_add(html, "<p class=\"lead\">");
        acc_sb_html(html, desc);
        acc_sb_add(html, "</p>\n");
    }
    acc_sb_add(html, "<p class=\"meta\">");
    if (strcmp(kind, ACC_KIND_RUN) == 0) {
        const char *sp = acc_jval_str(acc_jval_get(scen, "path"));
        double seed = acc_jval_num(acc_jval_get(pg->manifest, "seed"));
        acc_sb_add(html, "A run of <code>");
        acc_sb_html(html, sp ? sp : "?");
        acc_sb_add(html, "</code>");
        if (isfinite(seed))
            acc_sb_printf(html, " with seed %.0f", seed);
        /* what --set changed, up front: the question above is the scenario's
         * at its defaults */
        const acc_jval *pars = acc_jval_get(pg->manifest, "parameters"),
                       *fo = acc_jval_get(pg->manifest, "field_overrides");
        int nset = 0;
        for (size_t i = 0; i < acc_jval_len(pars); i++) {
            const acc_jval *p = acc_jval_at(pars, i);
            const char *name = acc_jval_str(acc_jval_get(p, "name"));
            if (!name || !acc_jval_bool(acc_jval_get(p, "overridden")))
                continue;
            acc_sb_add(html, nset++ ? ", <code>" : "; <b>changed</b> from the scenario: <code>");
            acc_sb_html(html, name);
            acc_sb_printf(html, " = %g</code> (default %g)", acc_jval_num(acc_jval_get(p, "value")),
                          acc_jval_num(acc_jval_get(p, "default")));
        }
        for (size_t i = 0; i < acc_jval_len(fo); i++) {
            const char *name = acc_jval_key_at(fo, i);
            if (!name)
                continue;
            acc_sb_add(html, nset++ ? ", <code>" : "; <b>changed</b> from the scenario: <code>");
            acc_sb_html(html, name);
            acc_sb_printf(html, " = %g</code>", acc_jval_num(acc_jval_at(fo, i)));
        }
        acc_sb_add(html, ". ");
    } else if (strcmp(kind, ACC_KIND_SWEEP) == 0) {
        acc_sb_add(html, "A parameter sweep. ");
    }
    acc_sb_add(html, "Directory <code>");
    acc_sb_html(html, dir);
    acc_sb_printf(html, "</code>; report made %s by accord %s.</p>\n</header>\n", now,
                  ACCORD_VERSION);
}

/* The whole page: header, contents, sections, footer. */
static void assemble_page(acc_sb *html, const page *pg, const char *dir, const char *kind,
                          const char *title, const acc_jval *scen, const acc_compare *cmp)
{
    page_header(html, pg, dir, kind, title, scen, cmp);
    acc_sb_add(html, "<nav aria-label=\"contents\"><ol>\n");
    acc_sb_add(html, acc_sb_str(&pg->toc));
    acc_sb_add(html, "</ol></nav>\n<main>\n");
    acc_sb_add(html, acc_sb_str(&pg->body));
    acc_sb_add(html, "</main>\n<footer>\n<p>Made by <code>accord report</code>: every number "
                     "comes from the CSV files beside this page; the figures are drawn by "
                     "gnuplot from the scripts <code>*.gp</code> beside them. accord is free "
                     "software under the GPL-3.0-or-later.</p>\n</footer>\n</body>\n</html>\n");
    /* descriptions, CSV cells and SVGs come from files: keep the page UTF-8 */
    acc_sb_utf8_clean(html);
}

/* Write the page to o->out or DIR/report.html (res->path). */
static int write_page(const acc_sb *html, const acc_report_opts *o, acc_report_result *res,
                      char *err, size_t errlen)
{
    int plen = o->out ? snprintf(res->path, sizeof res->path, "%s", o->out)
                      : snprintf(res->path, sizeof res->path, "%s/" ACC_FILE_REPORT, o->dir);
    if (plen < 0 || (size_t)plen >= sizeof res->path) {
        acc_errf(err, errlen, "%.60s...: report path too long (at most %zu bytes)",
                 o->out ? o->out : o->dir, sizeof res->path - 1);
        res->path[0] = '\0';
        return ACC_EINVAL;
    }
    int rc = acc_io_write_file_atomic(res->path, html->s, html->len, err, errlen);
    if (rc)
        res->path[0] = '\0';
    return rc;
}

/* The page replaces only a page accord report wrote (acc_report_is_ours):
 * never a directory (--out DIR), a run's CSV or manifest, nor a file of the
 * user's. Checked before any figure is drawn. */
static int check_target(const acc_report_opts *o, char *err, size_t errlen)
{
    char path[4200];
    if (o->out)
        snprintf(path, sizeof path, "%s", o->out);
    else if (snprintf(path, sizeof path, "%s/" ACC_FILE_REPORT, o->dir) >= (int)sizeof path)
        return ACC_OK; /* too long: write_page says so */
    struct stat st;
    if (stat(path, &st) != 0)
        return ACC_OK; /* nothing there (or unreachable: the write says why) */
    if (S_ISDIR(st.st_mode)) {
        acc_errf(err, errlen, "%s is a directory: --out takes the page's file name (such as "
                 "%s/" ACC_FILE_REPORT ")", path, path);
        return ACC_EINVAL;
    }
    if (!S_ISREG(st.st_mode) || !acc_report_is_ours(path)) {
        acc_errf(err, errlen, "%s exists and is not a page accord report wrote: it is left "
                 "as it is (accord report replaces only its own pages); %s", path,
                 o->out ? "choose another --out FILE" : "move it away, or write the page "
                 "elsewhere with --out FILE");
        return ACC_EINVAL;
    }
    return ACC_OK;
}

/* The directory's manifest (if any) and, for a comparison, the comparison. */
static int read_dir(page *pg, const acc_report_opts *o, const char *kind, acc_jdoc **doc,
                    acc_compare **cmp, char *err, size_t errlen)
{
    char path[4200];
    int rc;
    snprintf(path, sizeof path, "%s/" ACC_FILE_MANIFEST, o->dir);
    if (acc_io_is_file(path) && (rc = acc_jdoc_read_file(path, doc, err, errlen)))
        return rc;
    pg->manifest = acc_jdoc_root(*doc);
    if (strcmp(kind, ACC_KIND_COMPARE) == 0 && !*doc) { /* a comparison's inputs are in it */
        acc_errf(err, errlen, "%s: a comparison without its " ACC_FILE_MANIFEST " (a comparison "
                 "killed while writing its files leaves them so): run the same accord compare into "
                 "it again, then accord report", o->dir);
        return ACC_EIO;
    }
    if (strcmp(kind, ACC_KIND_COMPARE) == 0 && (rc = acc_compare_load(o->dir, cmp, err, errlen)))
        return rc;
    return ACC_OK;
}

int acc_report_write(const acc_report_opts *o, acc_report_result *res, char *err, size_t errlen)
{
    memset(res, 0, sizeof *res);
    if (!o || !o->dir) {
        acc_errf(err, errlen, "report: no directory given");
        return ACC_EINVAL;
    }
    if (!acc_io_is_dir(o->dir)) {
        acc_errf(err, errlen, "%s: %s", o->dir,
                 access(o->dir, F_OK) != 0 ? "no such directory" : "not a directory");
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
                 ACC_FILE_MANIFEST ", " ACC_FILE_SUMMARY ", " ACC_FILE_POINTS " or "
                 ACC_FILE_COMPARE ")", o->dir);
        rc = ACC_EIO;
        goto done;
    }
    if ((rc = read_dir(pg, o, res->kind, &doc, &cmp, err, errlen)) ||
        (rc = check_target(o, err, errlen)))
        goto done;
    if (strcmp(res->kind, ACC_KIND_RUN) == 0)
        acc_io_run_failed(o->dir, res->failed, sizeof res->failed, NULL);
    char figerr[2048] = "";
    draw_figures(pg, o, figerr, sizeof figerr, &fig_rc);
    const acc_jval *scen = acc_jval_get(pg->manifest, "scenario");
    char title[256];
    page_title(res->kind, cmp, acc_jval_str(acc_jval_get(scen, "name")), o->dir, title,
               sizeof title);
    build_sections(pg, res->kind, cmp, scen);
    assemble_page(&html, pg, o->dir, res->kind, title, scen, cmp);
    if (html.oom || pg->body.oom || pg->toc.oom) {
        acc_errf(err, errlen, "out of memory");
        rc = ACC_ENOMEM;
        goto done;
    }
    if ((rc = write_page(&html, o, res, err, errlen)))
        goto done;
    res->figures = pg->nfig_ok;
    res->figures_wanted = pg->figs.n;
    if (fig_rc) {
        acc_errf(err, errlen, "%s", figerr);
        rc = fig_rc;
    }
done:
    if (pg->figdir[0]) { /* the figures drawn for the page only */
        for (int i = 0; i < pg->figs.n; i++) {
            char path[4200];
            snprintf(path, sizeof path, "%s/%s.svg", pg->figdir, pg->figs.fig[i].name);
            unlink(path);
        }
        rmdir(pg->figdir);
    }
    acc_compare_free(cmp);
    acc_jdoc_free(doc);
    acc_sb_free(&html);
    acc_sb_free(&pg->body);
    acc_sb_free(&pg->toc);
    free(pg);
    return rc;
}
