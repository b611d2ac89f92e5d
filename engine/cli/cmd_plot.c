/* accord — `accord plot`: the figures of a run, sweep or comparison directory,
 * drawn with gnuplot beside its CSV files or as text in the terminal; also
 * the figures `accord run --plot` and `accord compare` draw.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "base/common.h"
#include "report/plot.h"

#define MAX_LIST 64

/* "80x24" -> cols, rows */
static int parse_size(const char *s, int *cols, int *rows)
{
    long c, r;
    char *x;
    if (!s)
        return 0;
    if (!(*s >= '0' && *s <= '9')) /* strtol would skip spaces and take a sign */
        return 0;
    c = strtol(s, &x, 10);
    if (*x != 'x' || c < 20 || c > 1000 || !(x[1] >= '0' && x[1] <= '9'))
        return 0;
    r = strtol(x + 1, &x, 10);
    if (*x || r < 8 || r > 500)
        return 0;
    *cols = (int)c;
    *rows = (int)r;
    return 1;
}

/* Print the files written for each figure. */
static void print_written(const char *dir, const acc_plot_result *r, unsigned formats)
{
    if (r->failed[0])
        fprintf(stderr, "accord: warning: %s is a FAILED run (%s): its figures stop where it "
                "did and say so in their titles\n", dir, r->failed);
    if (r->dropped)
        fprintf(stderr, "accord: warning: %d more figure%s not drawn (at most %d per directory): "
                "choose outcomes with --outcome, or one figure with --figure\n",
                r->dropped, r->dropped == 1 ? "" : "s", ACC_PLOT_MAX_FIGS);
    printf("accord: %d figure%s in %s/:\n", r->n, r->n == 1 ? "" : "s", dir);
    for (int i = 0; i < r->n; i++) {
        printf("  %-34s", r->fig[i].name);
        if (formats & ACC_PLOT_PNG)
            printf(" .png");
        if (formats & ACC_PLOT_SVG)
            printf(" .svg");
        if (formats & ACC_PLOT_PDF)
            printf(" .pdf");
        if (formats & ACC_PLOT_TXT)
            printf(" .txt");
        printf(" .gp   %s\n", r->fig[i].title);
    }
}

int acc_cli_draw_figures(const char *dir, const acc_plot_opts *o, int quiet)
{
    char err[4096];
    acc_plot_result *r = calloc(1, sizeof *r);
    if (!r) {
        acc_cli_error("out of memory");
        return ACC_EXIT_RUN;
    }
    int rc = acc_plot_dir(dir, o, r, err, sizeof err);
    if (rc == ACC_OK && !quiet)
        print_written(dir, r, o->formats);
    free(r);
    return rc ? acc_cli_failed(rc, err) : ACC_EXIT_OK;
}

/* ---- accord plot ------------------------------------------------------------------ */

static const char plot_usage[] =
    "usage: accord plot DIR [--format png,svg,pdf,dumb] [--term] [--outcome NAME ...]\n"
    "                       [--figure NAME] [--list] [--quiet]\n"
    "\n"
    "Draws the figures of a run, sweep or comparison directory with gnuplot and writes\n"
    "them beside its CSV files, each with the gnuplot script that made it (NAME.gp:\n"
    "`gnuplot DIR/NAME.gp` draws it again, from any directory, and can be edited).\n"
    "  run         each metric over time, one line per jurisdiction: developers deployed,\n"
    "              mean safety, cumulative harm, certification + compliance spending,\n"
    "              HHI, startup share; metrics the scenario records; the phase diagram\n"
    "              of an evolutionary-game scenario (han2020)\n"
    "  sweep       each outcome against each varied parameter: on a one-parameter grid\n"
    "              the means with their confidence intervals (never below 0 for harm,\n"
    "              costs, counts), otherwise a scatter with binned means; Sobol' or\n"
    "              Morris sensitivity bars (from 0); a sweep run with --outcomes draws\n"
    "              every outcome it asked for\n"
    "  comparison  the time series of the compared inputs overlaid (accord compare)\n"
    "  calibration also max implausibility against each parameter (accord calibrate)\n"
    "  discover    PRIM's peeling trajectory and the chosen box (accord discover)\n"
    "\n"
    "options:\n"
    "  --format F   png, svg, pdf or dumb (text in NAME.txt), several separated by commas\n"
    "               (default png,svg)\n"
    "  --term       draw the figures as text in the terminal (no files unless --format)\n"
    "  --term-size COLSxROWS   size of the text figures (default 80x24)\n"
    "  --outcome NAME  sweeps: the outcome(s) to draw (default: up to 6 key outcomes)\n"
    "  --figure NAME   draw only this figure (see --list)\n"
    "  --list       list the figures without drawing\n"
    "  --quiet      print nothing but errors\n"
    "\n"
    "Templates are read from plots/ (or $ACCORD_PLOTS); gnuplot from PATH (or\n"
    "$ACCORD_GNUPLOT). Without gnuplot the scripts are still written and the exit\n"
    "status is 3; the CSV files are never touched.\n";

int acc_cmd_plot(int argc, char **argv)
{
    const char *dir = NULL, *fmt = NULL, *only = NULL, *outcomes[MAX_LIST];
    int n_out = 0, term = 0, list = 0, quiet = 0, cols = 80, rows = 24, operands = 0;
    const char *once[3] = {NULL}; /* --format, --term-size, --figure */
    for (int i = 1; i < argc; i++) {
        const char *v = NULL, *opt = argv[i]; /* acc_cli_opt may step i past it */
        if (!operands && strcmp(argv[i], "--") == 0) { /* the rest are operands */
            operands = 1;
            continue;
        }
        if (operands)
            goto operand;
        if (acc_cli_is_help(argv[i])) {
            fputs(plot_usage, stdout);
            return ACC_EXIT_OK;
        } else if (strcmp(argv[i], "--term") == 0) {
            term = 1;
        } else if (strcmp(argv[i], "--list") == 0) {
            list = 1;
        } else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0) {
            quiet = 1;
        } else if (acc_cli_opt(argc, argv, &i, "--format", &v)) {
            if (!v)
                goto missing;
            if (acc_cli_once("--format", &once[0], v))
                return ACC_EXIT_USAGE;
            fmt = v;
        } else if (acc_cli_opt(argc, argv, &i, "--term-size", &v)) {
            if (acc_cli_once("--term-size", &once[1], v))
                return ACC_EXIT_USAGE;
            if (!parse_size(v, &cols, &rows)) {
                acc_cli_error("--term-size needs COLSxROWS such as 100x30, got '%s'", v ? v : "");
                return ACC_EXIT_USAGE;
            }
        } else if (acc_cli_opt(argc, argv, &i, "--outcome", &v)) {
            if (!v)
                goto missing;
            if (n_out >= MAX_LIST) {
                acc_cli_error("at most %d --outcome options", MAX_LIST);
                return ACC_EXIT_USAGE;
            }
            outcomes[n_out++] = v;
        } else if (acc_cli_opt(argc, argv, &i, "--figure", &v)) {
            if (!v)
                goto missing;
            if (acc_cli_once("--figure", &once[2], v))
                return ACC_EXIT_USAGE;
            only = v;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            acc_cli_error("unknown option '%s' (try accord plot --help)", argv[i]);
            return ACC_EXIT_USAGE;
        } else {
        operand:
            if (dir) {
                acc_cli_error("only one directory, got '%s' and '%s' (to put runs side by side, "
                              "use accord compare)", dir, argv[i]);
                return ACC_EXIT_USAGE;
            }
            dir = argv[i];
        }
        continue;
    missing:
        acc_cli_error("%.*s needs a value", (int)strcspn(opt, "="), opt);
        return ACC_EXIT_USAGE;
    }
    if (!dir) {
        acc_cli_error("no directory given (try accord plot --help)");
        return ACC_EXIT_USAGE;
    }
    char err[4096];
    acc_plot_opts o;
    memset(&o, 0, sizeof o);
    o.formats = term ? 0 : ACC_PLOT_PNG | ACC_PLOT_SVG;
    if (fmt && acc_plot_parse_formats(fmt, &o.formats, err, sizeof err)) {
        acc_cli_error("--format: %s", err);
        return ACC_EXIT_USAGE;
    }
    o.term = term ? stdout : NULL;
    o.term_cols = cols;
    o.term_rows = rows;
    o.outcomes = outcomes;
    o.n_outcomes = n_out;
    o.only = only;
    acc_plot_result *r = calloc(1, sizeof *r);
    if (!r) {
        acc_cli_error("out of memory");
        return ACC_EXIT_RUN;
    }
    if (!quiet && !list)
        acc_cli_warn_unreliable(dir, "accord: ");
    int rc = list ? acc_plot_list(dir, &o, r, err, sizeof err)
                  : acc_plot_dir(dir, &o, r, err, sizeof err);
    if (rc == ACC_OK && n_out > 0 && strcmp(r->kind, "sweep") != 0)
        fprintf(stderr, "accord: warning: --outcome chooses among a sweep's outcomes; %s is %s, "
                "so it is ignored (one figure: --figure NAME, see --list)\n", dir,
                strcmp(r->kind, "run") == 0       ? "a run"
                : strcmp(r->kind, "compare") == 0 ? "a comparison"
                                                  : "not a sweep");
    if (list && rc == ACC_OK) {
        if (r->dropped)
            fprintf(stderr, "accord: warning: %d more figure%s past the %d listed (choose "
                    "outcomes with --outcome)\n", r->dropped, r->dropped == 1 ? "" : "s",
                    ACC_PLOT_MAX_FIGS);
        for (int i = 0; i < r->n; i++)
            printf("%-36s %s\n", r->fig[i].name, r->fig[i].title);
    } else if (!quiet && o.formats && r->n > 0 && (rc == ACC_OK || r->drawn == 0)) {
        if (rc == ACC_OK)
            print_written(dir, r, o.formats);
    }
    free(r);
    return rc ? acc_cli_failed(rc, err) : ACC_EXIT_OK;
}

void acc_cli_warn_unreliable(const char *dir, const char *prefix)
{
    char first[256];
    int changed;
    const char *unrecorded = acc_io_unrecorded(dir);
    if (unrecorded) {
        char msg[8192];
        acc_io_unrecorded_warning(dir, unrecorded, msg, sizeof msg);
        fprintf(stderr, "%swarning: %s\n", prefix, msg);
    } else if ((changed = acc_io_outputs_changed(dir, first, sizeof first)) > 0) {
        /* the name comes from a manifest: printed as text, never as terminal codes */
        char msg[8192];
        snprintf(msg, sizeof msg, "%swarning: %s/%s%s is not what the manifest records (missing, "
                 "not a plain file, or other bytes than its SHA-256: changed, cut short or written "
                 "by another run since); what is drawn from it may be wrong: run it again to be "
                 "sure\n",
                 prefix, dir, first, changed > 1 ? " (and more of the files listed there)" : "");
        acc_fputs_printable(msg, stderr);
    }
}

/* Called by `accord run --plot` after a successful run. */
int acc_cli_plot_after_run(const char *dir, int quiet)
{
    acc_plot_opts o;
    memset(&o, 0, sizeof o);
    o.formats = ACC_PLOT_PNG | ACC_PLOT_SVG;
    return acc_cli_draw_figures(dir, &o, quiet);
}
