/* accord — the verb `discover`: scenario discovery with PRIM on a sweep's
 * runs, a calibration's points or any CSV (report/discover.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "base/common.h"
#include "report/discover.h"
#include "report/plot.h"

#define MAX_LIST 256

static const char discover_usage[] =
    "usage: accord discover DIR|FILE.csv --outcome NAME (--above X | --below X | --top Q)\n"
    "                       [--alpha 0.05] [--paste-alpha 0.05] [--no-paste]\n"
    "                       [--min-support 0.05] [--min-density D] [--step K]\n"
    "                       [--params a,b] [--filter col=value] [--out DIR]\n"
    "                       [--format F] [--no-plot] [--quiet]\n"
    "\n"
    "Scenario discovery with PRIM (Friedman & Fisher 1999): where in parameter space is\n"
    "the outcome of interest frequent? Each row is a case when its outcome is above X,\n"
    "below X, or among the top share Q. From the box holding every row, PRIM peels the\n"
    "alpha share of rows (more when values tie, as replications' do: tied rows go\n"
    "together) off the side that most raises the share of cases (density), while the\n"
    "box keeps the minimum support; each peeled box is then pasted (extended while\n"
    "that raises the density). The chosen box maximises coverage x density (or, with\n"
    "--min-density D, has the highest coverage among boxes with density >= D).\n"
    "\n"
    "input: a sweep directory (runs.csv: one row per run, replications not averaged,\n"
    "runs that are not ok left out; the parameters are the manifest's), a calibration\n"
    "directory (calibration.csv when it has the outcome, e.g. max_I --below 3), or a\n"
    "CSV file (parameters: --params, or every numeric column but the outcome and run,\n"
    "point, rep, seed, status). Per-point means: DIR/points.csv --filter outcome=NAME\n"
    "--outcome mean --params a,b (docs/calibration.md, Ties and replications).\n"
    "Writes to DIR (default INPUT/discover, or discover/ beside the file; a directory\n"
    "holding another command's outputs is refused):\n"
    "  discover_trajectory.csv  per step: n, cases, support, density, coverage,\n"
    "                           n_restricted, chosen\n"
    "  discover_boxes.csv       per step and parameter: lower, upper, restricted\n"
    "  discover_box.csv         the chosen box: lower, upper, the data's min and max,\n"
    "                           restricted, quasi_p (binomial test: how likely the box's\n"
    "                           density is without that restriction)\n"
    "  manifest.json, discover_trajectory.png/.svg, discover_box.png/.svg\n"
    "\n"
    "options:\n"
    "  --alpha A          peeling share in (0, 0.5] (default 0.05)\n"
    "  --paste-alpha A    pasting share in (0, 0.5] (default 0.05); --no-paste: none\n"
    "  --min-support S    smallest share of rows a box keeps, in [0, 1) (default 0.05)\n"
    "  --min-density D    choose the box of highest coverage with density >= D, in (0, 1]\n"
    "  --step K           report the box of step K of the trajectory\n"
    "  --filter col=value keep only rows whose column has this text (repeatable)\n"
    "Exit status: 0 done, 2 bad usage or data (no case, a missing column), 3 files.\n";

typedef struct disc_args {
    acc_discover_opts o;
    const char *params[MAX_LIST], *filters[16], *fmt;
    char *params_copy;
    int quiet, noplot, nrules;
} disc_args;

static int bad(const char *opt, const char *want, const char *v)
{
    acc_cli_error("%s needs %s, got '%s'", opt, want, v ? v : "");
    return ACC_EXIT_USAGE;
}

static int parse_num(const char *v, double lo, double hi, int lo_open, double *out)
{
    char *end;
    if (!v || !*v)
        return 0;
    double x = strtod(v, &end);
    if (*end || !isfinite(x) || x > hi || x < lo || (lo_open && x == lo))
        return 0;
    *out = x;
    return 1;
}

static int parse_one(int argc, char **argv, int *i, disc_args *a)
{
    acc_discover_opts *o = &a->o;
    const char *v = NULL, *arg = argv[*i];
    long n;
    if (acc_cli_is_help(arg)) {
        fputs(discover_usage, stdout);
        return ACC_EXIT_OK;
    } else if (!strcmp(arg, "--quiet") || !strcmp(arg, "-q")) {
        a->quiet = 1;
    } else if (!strcmp(arg, "--no-plot")) {
        a->noplot = 1;
    } else if (!strcmp(arg, "--no-paste")) {
        o->prim.paste = 0;
    } else if (acc_cli_opt(argc, argv, i, "--outcome", &v)) {
        if (!v || !*v)
            return bad("--outcome", "a column name", v);
        o->outcome = v;
    } else if (acc_cli_opt(argc, argv, i, "--above", &v)) {
        if (!parse_num(v, -INFINITY, INFINITY, 0, &o->threshold))
            return bad("--above", "a finite number", v);
        o->rule = ACC_DISCOVER_ABOVE;
        a->nrules++;
    } else if (acc_cli_opt(argc, argv, i, "--below", &v)) {
        if (!parse_num(v, -INFINITY, INFINITY, 0, &o->threshold))
            return bad("--below", "a finite number", v);
        o->rule = ACC_DISCOVER_BELOW;
        a->nrules++;
    } else if (acc_cli_opt(argc, argv, i, "--top", &v)) {
        if (!parse_num(v, 0, 1, 1, &o->threshold) || o->threshold >= 1)
            return bad("--top", "a share in (0, 1)", v);
        o->rule = ACC_DISCOVER_TOP;
        a->nrules++;
    } else if (acc_cli_opt(argc, argv, i, "--alpha", &v)) {
        if (!parse_num(v, 0, 0.5, 1, &o->prim.alpha))
            return bad("--alpha", "a number in (0, 0.5]", v);
    } else if (acc_cli_opt(argc, argv, i, "--paste-alpha", &v)) {
        if (!parse_num(v, 0, 0.5, 1, &o->prim.paste_alpha))
            return bad("--paste-alpha", "a number in (0, 0.5]", v);
    } else if (acc_cli_opt(argc, argv, i, "--min-support", &v)) {
        if (!parse_num(v, 0, 1, 0, &o->prim.min_support) || o->prim.min_support >= 1)
            return bad("--min-support", "a number in [0, 1)", v);
    } else if (acc_cli_opt(argc, argv, i, "--min-density", &v)) {
        if (!parse_num(v, 0, 1, 1, &o->min_density))
            return bad("--min-density", "a number in (0, 1]", v);
    } else if (acc_cli_opt(argc, argv, i, "--step", &v)) {
        if (!acc_cli_parse_int(v, 0, 100000000, &n))
            return bad("--step", "a step number >= 0", v);
        o->step = n;
    } else if (acc_cli_opt(argc, argv, i, "--params", &v)) {
        free(a->params_copy);
        a->params_copy = v ? strdup(v) : NULL;
        int k = 0;
        char *save = NULL;
        for (char *t = a->params_copy ? strtok_r(a->params_copy, ",", &save) : NULL; t;
             t = strtok_r(NULL, ",", &save)) {
            if (k >= MAX_LIST)
                return bad("--params", "at most 256 names", v);
            a->params[k++] = t;
        }
        if (k == 0)
            return bad("--params", "a comma-separated list of columns", v);
        o->params = a->params;
        o->n_params = k;
    } else if (acc_cli_opt(argc, argv, i, "--filter", &v)) {
        if (!v || !strchr(v, '=') || o->n_filters >= 16)
            return bad("--filter", "column=value (at most 16)", v);
        a->filters[o->n_filters++] = v;
    } else if (acc_cli_opt(argc, argv, i, "--out", &v)) {
        if (!v || !*v)
            return bad("--out", "a directory", v);
        o->outdir = v;
    } else if (acc_cli_opt(argc, argv, i, "--format", &v)) {
        if (!v || !*v)
            return bad("--format", "png,svg,pdf,dumb", v);
        a->fmt = v;
    } else if (arg[0] == '-' && arg[1]) {
        acc_cli_error("unknown option '%s' (try accord discover --help)", arg);
        return ACC_EXIT_USAGE;
    } else if (!o->input) {
        o->input = arg;
    } else {
        acc_cli_error("only one input, got '%s' and '%s'", o->input, arg);
        return ACC_EXIT_USAGE;
    }
    return -1;
}

int acc_cmd_discover(int argc, char **argv)
{
    disc_args a;
    memset(&a, 0, sizeof a);
    acc_prim_opts_init(&a.o.prim);
    a.o.step = -1;
    a.o.filters = a.filters;
    int ex = -1;
    /* options that take one value: given twice, a usage error (not the last one silently) */
    static const char *const single[] = {"--outcome", "--alpha", "--paste-alpha", "--min-support",
                                         "--min-density", "--step", "--params", "--out",
                                         "--format", NULL};
    const char *seen[sizeof single / sizeof single[0]] = {NULL};
    for (int i = 1; i < argc && ex < 0; i++) {
        const int at = i;
        ex = parse_one(argc, argv, &i, &a);
        if (ex < 0 && acc_cli_once_at(argv, at, i, single, seen))
            ex = ACC_EXIT_USAGE;
    }
    if (ex < 0 && !a.o.input) {
        acc_cli_error("no input given (try accord discover --help)");
        ex = ACC_EXIT_USAGE;
    }
    if (ex < 0 && !a.o.outcome) {
        acc_cli_error("--outcome NAME is required");
        ex = ACC_EXIT_USAGE;
    }
    if (ex < 0 && a.o.step >= 0 && a.o.min_density > 0) {
        acc_cli_error("--step K and --min-density D both choose the box: give one of them");
        ex = ACC_EXIT_USAGE;
    }
    if (ex < 0 && a.nrules != 1) {
        acc_cli_error("give exactly one of --above X, --below X, --top Q (got %d)", a.nrules);
        ex = ACC_EXIT_USAGE;
    }
    unsigned formats = ACC_PLOT_PNG | ACC_PLOT_SVG;
    char err[4096];
    if (ex < 0 && a.fmt && acc_plot_parse_formats(a.fmt, &formats, err, sizeof err)) {
        acc_cli_error("--format: %s", err);
        ex = ACC_EXIT_USAGE;
    }
    if (ex >= 0) {
        free(a.params_copy);
        return ex;
    }
    a.o.command_line = acc_cli_command_line();
    acc_discover *d;
    int rc = acc_discover_run(&a.o, &d, err, sizeof err);
    free(a.params_copy);
    if (rc)
        return acc_cli_failed(rc, err);
    if (!a.quiet) {
        acc_discover_print(d, stdout);
        printf("accord: %s/ (" ACC_FILE_DISCOVER_TRAJ ", " ACC_FILE_DISCOVER_BOXES ", "
               ACC_FILE_DISCOVER_BOX ")\n", acc_discover_outdir(d));
    }
    ex = ACC_EXIT_OK;
    if (!a.noplot) {
        acc_plot_opts po;
        memset(&po, 0, sizeof po);
        po.formats = formats;
        ex = acc_cli_draw_figures(acc_discover_outdir(d), &po, a.quiet);
    }
    acc_discover_free(d);
    return ex;
}
