/* accord report — private to the HTML report (report.c builds the page,
 * report_sections.c the sections of tables): the page being built and the
 * small HTML pieces both use. Not API.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_REPORT_REPORT_INT_H
#define ACC_REPORT_REPORT_INT_H

#include <stddef.h>

#include "base/strbuf.h"
#include "io/jdoc.h"
#include "report/compare.h"
#include "report/plot.h"

#define MAX_TABLE_ROWS 60 /* rows of a CSV shown in full before cutting */

typedef struct page {
    acc_sb body;    /* sections */
    acc_sb toc;     /* <li> entries */
    char dir[4096];
    /* where the figures' SVG files are: dir, or with --out FILE a private
     * temporary directory (so that DIR is only read); "" for dir */
    char figdir[256];
    const acc_jval *manifest;
    acc_plot_result figs;
    int fig_ok[ACC_PLOT_MAX_FIGS];
    int nfig_ok;
    char fig_note[1024];
    int fig_shown[ACC_PLOT_MAX_FIGS]; /* inlined already (as a key figure) */
    int folding;    /* rpt_section opens a folded <details> (the full tables) */
    int nkey_figs;  /* key figures shown at the top */
} page;

/* A section: its heading in the body and its entry in the contents. While
 * pg->folding is set the section is folded: a <details> whose <summary> is
 * the heading, opened by a click (the full tables after the key ones). */
void rpt_section(page *pg, const char *id, const char *title);
void rpt_end_section(page *pg);

/* Table cells: a number for people (acc_io_fmt_human), text, a heading. */
void rpt_num_cell(acc_sb *h, double x);
void rpt_text_cell(acc_sb *h, const char *s);
void rpt_th(acc_sb *h, const char *s);
/* "<table>" and a row of headings (NULL-ended). */
void rpt_table_head(acc_sb *h, const char *const *heads);
/* A cell of a CSV: right-aligned and shortened if it is a number. */
void rpt_csv_cell(acc_sb *h, const char *s);
/* A whole CSV dir/name as a table; rows past max_rows are left out with a note. */
void rpt_csv_table(acc_sb *h, const char *dir, const char *name, size_t max_rows);

/* The comment at the top of a scenario file if the file still has the bytes
 * the run used (sha256; NULL: not checked); NULL if none. Caller frees. */
char *rpt_scenario_comment(const char *path, const char *sha);

/* The lead of a report (report_lead.c): the question it answers, from the
 * scenario's "Question:" paragraph (or its description); the key figures
 * (three to six, the most telling first) and short tables of the key
 * outcomes with their units and meaning. */
void rpt_question(acc_sb *html, const page *pg, const char *kind, const acc_compare *cmp,
                  const acc_jval *scen);
void rpt_key_figures_section(page *pg, const char *kind);
void rpt_emit_figure(page *pg, int i);  /* figure i, inlined, numbered */
void rpt_run_key_outcomes(page *pg);    /* a run: value, unit, meaning */
void rpt_sweep_key_outcomes(page *pg);  /* a sweep: range of the points' means */
/* An outcome's unit: the outcome table's, else a custom metric's from the
 * manifest's "metrics" list (acc_outcome_unit); "" when none is known. */
const char *rpt_outcome_unit(const page *pg, const char *name);
/* The outcomes a sweep's report shows, at most max (report_lead.c). */
int rpt_sweep_outcomes(const page *pg, const acc_csv_table *t, size_t oc, const char **outs,
                       int max);

/* The sections of tables (report_sections.c). */
void rpt_parameters_section(page *pg);    /* parameters, fields set, jurisdictions */
void rpt_run_summary_section(page *pg);   /* a run's outcomes, key outcomes first */
void rpt_compare_section(page *pg, acc_compare *c); /* inputs and outcomes side by side */
void rpt_sweep_sections(page *pg);        /* design points and sensitivity */

#endif
