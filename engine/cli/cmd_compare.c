/* accord — `accord compare`: runs or sweeps side by side (report/compare.h),
 * the table in the terminal and the overlaid time series drawn.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "base/common.h"
#include "base/numfmt.h"
#include "io/layout.h"
#include "report/compare.h"
#include "report/plot.h"
#include "sweep/rundir.h"

/* ---- accord compare --------------------------------------------------------------- */

static const char compare_usage[] =
    "usage: accord compare DIR_A DIR_B ... [--out DIR] [--jurisdiction ID] [--labels a,b,...]\n"
    "                      [--all] [--level 0.95] [--format F] [--term] [--no-plot] [--quiet]\n"
    "\n"
    "Puts runs or sweeps side by side: their summary outcomes and the metrics their\n"
    "scripts record (custom.csv: the last value) with the change from the first input\n"
    "(a table here and in DIR/compare.csv), and their time series overlaid\n"
    "(DIR/compare_timeseries.csv and figures, one line per input).\n"
    "An input is a run directory, several run directories joined by commas (replications\n"
    "of one arm, e.g. the same scenario with different --seed), or a sweep directory\n"
    "(all its runs). With replications the table shows means with confidence intervals\n"
    "(cut at an outcome's bounds as in points.csv: harm at 0, a share to [0, 1]),\n"
    "and differences from the first input get intervals too: paired when both inputs\n"
    "used the same seeds and run indices (common random numbers; two sweeps of the\n"
    "same design pair run by run: seed, design point, replication), Welch's otherwise.\n"
    "Each input's seeds and runs are listed; an input not paired with the first (other\n"
    "seeds) gets a warning on stderr and in DIR/manifest.json: run both with the same\n"
    "--seed to compare like with like.\n"
    "\n"
    "options:\n"
    "  --out DIR          output directory (default results/compare)\n"
    "  --jurisdiction ID  time series of this jurisdiction (default all: the totals);\n"
    "                     the table starts with its outcomes (harm_ID, exposure_ID, ...)\n"
    "  --labels a,b,...   names of the inputs (default: scenario or directory names)\n"
    "  --all              list every outcome in the table, not just the key ones\n"
    "  --level L          confidence level in (0, 1) (default 0.95)\n"
    "  --format F         figure formats as for accord plot (default png,svg)\n"
    "  --term             also draw the overlaid figures in the terminal\n"
    "  --no-plot          write the CSV files only\n"
    "  --quiet            print nothing but errors\n"
    "  --regret OUT:max|min,...  sweeps over the same design (policy arms): per point\n"
    "                     paired differences (compare_points.csv) and each arm's regret\n"
    "                     against the best arm (compare_regret.csv: mean, p10, p90, share best)\n";

typedef struct compare_args {
    const char *inputs[16], *out, *jur, *labels_arg, *fmt, *regret;
    int n_in, all, term, noplot, quiet;
    double level;
} compare_args;

/* The options into a; returns -1 to go on, else the exit code. */
static int parse_args(int argc, char **argv, compare_args *a)
{
    memset(a, 0, sizeof *a);
    a->out = "results/compare";
    a->level = 0.95;
    int operands = 0;
    const char *once[6] = {NULL}; /* --out, --jurisdiction, --labels, --regret, --format, --level */
    for (int i = 1; i < argc; i++) {
        const char *v = NULL, *opt = argv[i]; /* acc_cli_opt may step i past it */
        if (!operands && strcmp(argv[i], "--") == 0) { /* the rest are operands */
            operands = 1;
            continue;
        }
        if (operands)
            goto operand;
        if (acc_cli_is_help(argv[i])) {
            fputs(compare_usage, stdout);
            return ACC_EXIT_OK;
        } else if (strcmp(argv[i], "--all") == 0) {
            a->all = 1;
        } else if (strcmp(argv[i], "--term") == 0) {
            a->term = 1;
        } else if (strcmp(argv[i], "--no-plot") == 0) {
            a->noplot = 1;
        } else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0) {
            a->quiet = 1;
        } else if (acc_cli_opt(argc, argv, &i, "--out", &v)) {
            if (!v || !*v)
                goto missing;
            if (acc_cli_once("--out", &once[0], v))
                return ACC_EXIT_USAGE;
            a->out = v;
        } else if (acc_cli_opt(argc, argv, &i, "--jurisdiction", &v)) {
            if (!v || !*v)
                goto missing;
            if (acc_cli_once("--jurisdiction", &once[1], v))
                return ACC_EXIT_USAGE;
            a->jur = v;
        } else if (acc_cli_opt(argc, argv, &i, "--labels", &v)) {
            if (!v || !*v)
                goto missing;
            if (acc_cli_once("--labels", &once[2], v))
                return ACC_EXIT_USAGE;
            a->labels_arg = v;
        } else if (acc_cli_opt(argc, argv, &i, "--regret", &v)) {
            if (!v || !*v)
                goto missing;
            if (acc_cli_once("--regret", &once[3], v))
                return ACC_EXIT_USAGE;
            a->regret = v;
        } else if (acc_cli_opt(argc, argv, &i, "--format", &v)) {
            if (!v)
                goto missing;
            if (acc_cli_once("--format", &once[4], v))
                return ACC_EXIT_USAGE;
            a->fmt = v;
        } else if (acc_cli_opt(argc, argv, &i, "--level", &v)) {
            if (acc_cli_once("--level", &once[5], v))
                return ACC_EXIT_USAGE;
            if (!acc_parse_decimal(v, &a->level) || !(a->level > 0 && a->level < 1)) {
                acc_cli_error("--level needs a number in (0, 1), got '%s'", v ? v : "");
                return ACC_EXIT_USAGE;
            }
        } else if (argv[i][0] == '-' && argv[i][1]) {
            acc_cli_error("unknown option '%s' (try accord compare --help)", argv[i]);
            return ACC_EXIT_USAGE;
        } else {
        operand:
            if (a->n_in >= 16) {
                acc_cli_error("at most 16 inputs");
                return ACC_EXIT_USAGE;
            }
            a->inputs[a->n_in++] = argv[i];
        }
        continue;
    missing:
        acc_cli_error("%.*s needs a value", (int)strcspn(opt, "="), opt);
        return ACC_EXIT_USAGE;
    }
    if (a->n_in < 1) {
        acc_cli_error("no inputs given (try accord compare --help)");
        return ACC_EXIT_USAGE;
    }
    return -1;
}

/* --labels a,b,c into labels[16] (pointing into buf); 0, or the exit code. */
static int split_labels(const char *arg, int n_in, char *buf, size_t n, const char **labels)
{
    if (strlen(arg) >= n) {
        acc_cli_error("--labels: too long");
        return ACC_EXIT_USAGE;
    }
    strcpy(buf, arg);
    int k = 0;
    char *save = NULL;
    for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save))
        if (k < 16)
            labels[k++] = t;
        else
            k++;
    if (k != n_in) {
        acc_cli_error("--labels: %d names for %d inputs", k, n_in);
        return ACC_EXIT_USAGE;
    }
    return 0;
}

int acc_cmd_compare(int argc, char **argv)
{
    compare_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    char err[4096];
    unsigned formats = ACC_PLOT_PNG | ACC_PLOT_SVG;
    if (a.fmt && acc_plot_parse_formats(a.fmt, &formats, err, sizeof err)) {
        acc_cli_error("--format: %s", err);
        return ACC_EXIT_USAGE;
    }
    char labels_buf[1024];
    const char *labels[16];
    if (a.labels_arg &&
        (rc = split_labels(a.labels_arg, a.n_in, labels_buf, sizeof labels_buf, labels)))
        return rc;
    acc_compare_opts o;
    memset(&o, 0, sizeof o);
    o.inputs = a.inputs;
    o.n_inputs = a.n_in;
    o.labels = a.labels_arg ? labels : NULL;
    o.outdir = a.out;
    o.jurisdiction = a.jur;
    o.level = a.level;
    o.command_line = acc_cli_command_line();
    o.manifest_versions = acc_manifest_versions;
    /* --regret's checks first: a refused --regret writes nothing */
    if (a.regret && (rc = acc_cli_compare_regret_check(a.inputs, a.n_in, a.regret)) >= 0)
        return rc;
    acc_compare *c;
    if ((rc = acc_compare_run(&o, &c, err, sizeof err)))
        return acc_cli_failed(rc, err);
    /* Run directories without a manifest: perhaps a killed run's files. */
    for (int i = 0; i < a.n_in && !a.quiet; i++) {
        char dirs[4096];
        snprintf(dirs, sizeof dirs, "%s", a.inputs[i]);
        char *save = NULL;
        for (char *d = strtok_r(dirs, ",", &save); d; d = strtok_r(NULL, ",", &save))
            acc_cli_warn_unreliable(d, "");
    }
    /* Unpaired arms: the differences mix the change with run-to-run noise. */
    for (int i = 1; i < acc_compare_narms(c) && !a.quiet; i++)
        if (*acc_compare_warning(c, i))
            fprintf(stderr, "warning: %s\n", acc_compare_warning(c, i));
    if (!a.quiet) {
        acc_compare_print(c, stdout, a.all, 100);
        printf("\naccord: %s/" ACC_FILE_COMPARE " (every outcome)\n", a.out);
    }
    if (a.regret && (rc = acc_cli_compare_regret(c, a.inputs, a.n_in, a.out, a.regret, a.quiet))) {
        acc_compare_free(c);
        return rc;
    }
    acc_compare_free(c);
    if (a.noplot)
        return ACC_EXIT_OK;
    acc_plot_opts po;
    memset(&po, 0, sizeof po);
    po.formats = formats;
    po.term = a.term ? stdout : NULL;
    char kind_ts[4400];
    snprintf(kind_ts, sizeof kind_ts, "%s/" ACC_FILE_COMPARE_TS, a.out);
    struct stat st;
    if (stat(kind_ts, &st) != 0) {
        if (!a.quiet)
            printf("accord: no time series to overlay (the inputs are sweeps or function "
                   "models)\n");
        return ACC_EXIT_OK;
    }
    return acc_cli_draw_figures(a.out, &po, a.quiet);
}
