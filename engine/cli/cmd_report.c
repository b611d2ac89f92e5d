/* accord — `accord report`: one self-contained HTML page about a run, sweep
 * or comparison directory (report/report.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "base/common.h"
#include "report/plot.h"
#include "report/report.h"

/* ---- accord report ---------------------------------------------------------------- */

static const char report_usage[] =
    "usage: accord report DIR [--out FILE] [--no-figures] [--quiet]\n"
    "\n"
    "Writes one self-contained HTML page (DIR/report.html) about a run, sweep or\n"
    "comparison, for a room: first the question the scenario asks, four key figures and\n"
    "a short table of the key outcomes with their units and meaning; then the other\n"
    "figures (drawn with gnuplot, inlined as SVG); then, folded, every outcome, the\n"
    "scenario's header comment, the parameters and jurisdictions and how to reproduce\n"
    "it. A failed run says so at the top. No scripts and no network: open it in any\n"
    "browser, project it, print it, mail it.\n"
    "\n"
    "options:\n"
    "  --out FILE     where to write the page (default DIR/report.html); DIR is then\n"
    "                 only read: the figures are drawn into a temporary directory.\n"
    "                 The page replaces only a page accord report wrote: any other\n"
    "                 file there (yours, a run's CSV) is left as it is (exit 2)\n"
    "  --no-figures   do not run gnuplot (inline the SVG figures already drawn)\n"
    "  --quiet        print nothing but errors\n";

int acc_cmd_report(int argc, char **argv)
{
    acc_report_opts o;
    memset(&o, 0, sizeof o);
    int quiet = 0, operands = 0;
    const char *out_given = NULL;
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        if (!operands && strcmp(argv[i], "--") == 0) { /* the rest are operands */
            operands = 1;
            continue;
        }
        if (operands)
            goto operand;
        if (acc_cli_is_help(argv[i])) {
            fputs(report_usage, stdout);
            return ACC_EXIT_OK;
        } else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0) {
            quiet = 1;
        } else if (strcmp(argv[i], "--no-figures") == 0) {
            o.no_figures = 1;
        } else if (acc_cli_opt(argc, argv, &i, "--out", &v)) {
            if (!v || !*v) {
                acc_cli_error("--out needs a value");
                return ACC_EXIT_USAGE;
            }
            if (acc_cli_once("--out", &out_given, v))
                return ACC_EXIT_USAGE;
            o.out = v;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            acc_cli_error("unknown option '%s' (try accord report --help)", argv[i]);
            return ACC_EXIT_USAGE;
        } else {
        operand:
            if (o.dir) {
                acc_cli_error("only one directory, got '%s' and '%s'", o.dir, argv[i]);
                return ACC_EXIT_USAGE;
            }
            o.dir = argv[i];
        }
    }
    if (!o.dir) {
        acc_cli_error("no directory given (try accord report --help)");
        return ACC_EXIT_USAGE;
    }
    if (!quiet)
        acc_cli_warn_unreliable(o.dir, "accord: ");
    char err[4096];
    acc_report_result r;
    int rc = acc_report_write(&o, &r, err, sizeof err);
    if (r.failed[0])
        fprintf(stderr, "accord: warning: %s is a FAILED run (%s): the report says so at its top\n",
                o.dir, r.failed);
    if (r.path[0] && !quiet)
        printf("accord: %s (%s, %d figure%s)\n", r.path, r.kind, r.figures,
               r.figures == 1 ? "" : "s");
    if (rc) {
        acc_cli_error("%s%s", err, r.path[0] ? " (the report was written without those figures)" : "");
        return acc_cli_exit_code(rc, 0);
    }
    return ACC_EXIT_OK;
}
