/* accord report — figures of a run, sweep or comparison directory: fills the
 * gnuplot templates of plots/ with the directory's file and column names,
 * writes each figure's script beside the CSVs (so that `gnuplot DIR/NAME.gp`
 * draws it again, from any directory) and runs it for PNG, SVG, PDF or text.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_IO_PLOT_H
#define ACC_IO_PLOT_H

#include <stddef.h>
#include <stdio.h>

/* Output formats (bits). TXT is gnuplot's dumb terminal, in a .txt file. */
#define ACC_PLOT_PNG 1u
#define ACC_PLOT_SVG 2u
#define ACC_PLOT_PDF 4u
#define ACC_PLOT_TXT 8u
#define ACC_PLOT_FILES (ACC_PLOT_PNG | ACC_PLOT_SVG | ACC_PLOT_PDF | ACC_PLOT_TXT)

#define ACC_PLOT_MAX_FIGS 48

typedef struct acc_plot_opts {
    const char *templates;  /* directory of the templates; NULL: acc_plot_find_templates */
    unsigned formats;       /* files to write beside the CSVs (ACC_PLOT_*); 0: none */
    FILE *term;             /* if not NULL, draw every figure as text here as well */
    int term_cols, term_rows; /* size of the text figures; 0: 80 x 24 */
    /* Sweeps: the outcomes to draw (NULL: up to 6, chosen from the key
     * outcomes welfare, harm, ... present, else the first ones). */
    const char *const *outcomes;
    int n_outcomes;
    const char *only;       /* draw only the figure of this name (NULL: all) */
    /* NULL: the figure files and their .gp scripts go beside the CSVs. Else
     * an existing private directory (at most 90 bytes) that gets the figure
     * files instead (no scripts): nothing is written into the results
     * directory (accord report --out FILE). */
    const char *figdir;
} acc_plot_opts;

typedef struct acc_plot_fig {
    char name[96];     /* file stem: NAME.gp, NAME.png, NAME.svg, ... */
    char title[160];   /* one line, as drawn on the figure */
    char caption[480]; /* what it shows, for reports */
} acc_plot_fig;

typedef struct acc_plot_result {
    char kind[16];     /* "run", "sweep" or "compare" */
    int n;             /* figures found for the directory */
    acc_plot_fig fig[ACC_PLOT_MAX_FIGS];
    int drawn;         /* figures gnuplot drew (all n on success) */
    int dropped;       /* figures the directory has past ACC_PLOT_MAX_FIGS: not drawn
                          (choose with --outcome / --figure) */
    char failed[512];  /* a run that failed (manifest "status": "failed"): why;
                          its figures' titles say FAILED RUN. "" otherwise */
} acc_plot_result;

/* The template directory: acc_data_dir("plots") (base/datadir.h):
 * $ACCORD_PLOTS if set (only there; it must hold style.gp), else the first of
 * ./plots, the installation's share/accord/plots and, for a binary that was
 * not installed, <dir of the executable>/../plots and the source tree's plots/
 * that holds style.gp. Returns 1 and copies it to out, else 0. */
int acc_plot_find_templates(char *out, size_t n);

/* Figures accord drew in dir are listed in dir/figures.txt (io/layout.h:
 * ACC_FILE_FIGURES), so that a later drawing removes those of figures it no
 * longer makes (acc_plot_dir, when it writes files and draws every figure)
 * and new outputs in the directory remove all of them (they show the old
 * data): acc_plot_forget_figures. Only names in the list are removed, and
 * only names of figure files (NAME.png, .svg, .pdf, .txt, .gp; no '/',
 * no leading '.', not figures.txt itself): a user's own files are never
 * touched. */
void acc_plot_forget_figures(const char *dir);

/* The figures of dir without drawing anything (res->drawn = 0). ACC_EIO if
 * dir is not a run, sweep or comparison directory or its CSVs cannot be
 * read; ACC_EINVAL if a requested outcome is not in the sweep. */
int acc_plot_list(const char *dir, const acc_plot_opts *o, acc_plot_result *res, char *err,
                  size_t errlen);

/* List, then draw: for each figure writes DIR/NAME.gp (if formats has a file
 * format) and the requested files, each atomically (gnuplot writes to a
 * temporary name that is renamed when it succeeded), and copies the text
 * version to o->term. Without gnuplot the scripts are still written and the
 * status is ACC_EIO with "gnuplot not found: install gnuplot-nox ...". A
 * figure gnuplot fails on does not stop the others: ACC_EIO at the end with
 * the first message. */
int acc_plot_dir(const char *dir, const acc_plot_opts *o, acc_plot_result *res, char *err,
                 size_t errlen);

/* Parse "png", "svg", "pdf", "dumb" (or "txt"), several separated by commas,
 * into ACC_PLOT_* bits; ACC_EINVAL naming a bad word. */
int acc_plot_parse_formats(const char *text, unsigned *out, char *err, size_t errlen);

/* Is dir a run's, a sweep's or a comparison's files without a readable
 * manifest.json? A command killed while it wrote into a directory leaves its
 * finished files there without one (the earlier manifest is removed first),
 * so nothing says they are one complete output: the CLI warns before
 * drawing, reporting or comparing them. Returns the kind (ACC_KIND_RUN,
 * ACC_KIND_SWEEP or ACC_KIND_COMPARE, static strings), or NULL for a
 * directory with a manifest or anything else. */
const char *acc_io_unrecorded(const char *dir);

/* How many of the files dir's manifest.json lists with a SHA-256 ("outputs":
 * a run's, a sweep's, a comparison's, a discovery's) or its calibration.json
 * lists (a calibrated sweep) are missing or hold other bytes now (changed,
 * cut short, or written by another run since); the first one's name in
 * first. 0 without a manifest. */
int acc_io_outputs_changed(const char *dir, char *first, size_t n);

/* The warning's text for dir of that kind (one line, no "accord: warning: "
 * prefix); unrecorded_kind is acc_io_unrecorded's answer. */
void acc_io_unrecorded_warning(const char *dir, const char *unrecorded_kind, char *out, size_t n);

#endif
