/* accord report — one self-contained HTML report of a run, sweep or comparison
 * directory: the scenario's description, parameters, summary tables and the
 * figures as inline SVG, with inline CSS for screens, projectors and print;
 * no scripts, no network. SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_IO_REPORT_H
#define ACC_IO_REPORT_H

#include <stddef.h>

typedef struct acc_report_opts {
    const char *dir;        /* a run, sweep or comparison directory */
    const char *out;        /* the HTML file; NULL: DIR/report.html */
    const char *templates;  /* plot templates; NULL: acc_plot_find_templates */
    int no_figures;         /* 1: do not run gnuplot (tables only) */
} acc_report_opts;

typedef struct acc_report_result {
    char path[4096];        /* the report written */
    char kind[16];          /* "run", "sweep", "compare" */
    int figures;            /* figures inlined */
    int figures_wanted;     /* figures the directory has */
    char failed[512];       /* a failed run (manifest "status": "failed"): why; the
                               page says so at its top. "" otherwise */
} acc_report_result;

/* Draw the directory's figures (PNG and SVG beside the CSVs, as `accord
 * plot` does) and write the report atomically. If gnuplot is missing or a
 * figure fails, the report is still written, without those figures and with
 * a note saying why, and the status is ACC_EIO with the message (so a caller
 * can exit non-zero); res->path is set whenever the report was written. */
int acc_report_write(const acc_report_opts *o, acc_report_result *res, char *err, size_t errlen);

/* Is `path` a page acc_report_write wrote? Its head as written by every
 * version of accord: "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta
 * charset=\"utf-8\">\n" and a <title> ending " — accord report" before the
 * style sheet. 0 for a missing file or any other one. */
int acc_report_is_ours(const char *path);

/* New outputs in dir (a run into it again, a comparison): remove
 * dir/report.html if accord report wrote it (acc_report_is_ours), as its
 * figures are (acc_plot_forget_figures): it describes the earlier data. A
 * report.html accord did not write is kept. */
void acc_report_forget(const char *dir);

/* Rewrite gnuplot SVG text for inlining in HTML: drop what precedes <svg
 * (XML prolog, doctype), prefix every id and its references (href="#x",
 * url(#x)) with `prefix` so several figures can share a page, remove any
 * <script> element, and label the root for assistive technology with
 * `title`. Appends to the caller's acc_sb (base/strbuf.h); ACC_EINVAL if
 * there is no <svg element. */
struct acc_sb;
int acc_report_inline_svg(struct acc_sb *out, const char *svg, const char *prefix,
                          const char *title);

#endif
