/* accord report — private to the figures (plot_list.c decides which
 * figures a directory gets, plot.c writes their scripts and draws them).
 * Not API. SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_REPORT_PLOT_FIG_H
#define ACC_REPORT_PLOT_FIG_H

#include <stddef.h>

#include "base/strbuf.h"
#include "report/plot.h"

/* One figure: the template and the variable lines that make it concrete. */
typedef struct figspec {
    acc_plot_fig info;
    char tmpl[32];  /* template file stem: "timeseries" -> timeseries.gp */
    int foreign;    /* a template with its own interface (infile, outfile, term) */
    acc_sb vars;    /* "name = exists("name") ? name : 'value'" lines */
    char text_vars[128]; /* foreign: assignments before a text (dumb) output */
} figspec;

typedef struct figlist {
    int n;
    int dropped; /* figures wanted past ACC_PLOT_MAX_FIGS (said, not silent) */
    figspec f[ACC_PLOT_MAX_FIGS];
} figlist;

/* The figures of dir (templates: the template directory) into L and res.
 * On failure L is empty. */
int acc_plot_list_figs(const char *dir, const acc_plot_opts *o, const char *templates,
                       acc_plot_result *res, figlist *L, char *err, size_t errlen);
void acc_plot_figlist_free(figlist *L);

/* Figure specs for the listers in other files (plot_list.c's fig_new,
 * var_s, var_n). */
figspec *acc_plot_fig_new(figlist *L, const char *name, const char *tmpl);
void acc_plot_var_s(figspec *f, const char *name, const char *value);
void acc_plot_var_n(figspec *f, const char *name, double value);

/* plot_list_calib.c: a calibration's figure (calibration.csv beside a
 * sweep's files) and the figures of `accord discover`'s directory. */
int acc_plot_is_calibration(const char *dir);
int acc_plot_is_discover(const char *dir);
int acc_plot_list_calibration(const char *dir, figlist *L, char *err, size_t errlen);
int acc_plot_list_discover(const char *dir, figlist *L, char *err, size_t errlen);

#endif
