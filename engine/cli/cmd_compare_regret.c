/* accord — `accord compare --regret`: the regret table of policy arms swept
 * over the same design (report/compare_regret.h), after the comparison.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>

#include "cli/cli.h"
#include "base/common.h"
#include "report/compare.h"
#include "report/compare_regret.h"

int acc_cli_compare_regret_check(const char *const *inputs, int n, const char *spec)
{
    char err[4096];
    int rc = acc_compare_regret_check(inputs, n, spec, err, sizeof err);
    return rc ? acc_cli_failed(rc, err) : -1;
}

int acc_cli_compare_regret(const struct acc_compare *c, const char *const *inputs, int n,
                           const char *outdir, const char *spec, int quiet)
{
    const char *labels[16];
    for (int i = 0; i < n && i < 16; i++)
        labels[i] = acc_compare_label(c, i);
    acc_regret_opts o = {inputs, labels, n, outdir, spec, acc_cli_command_line()};
    char err[4096];
    int rc = acc_compare_regret(&o, quiet ? NULL : stdout, err, sizeof err);
    if (rc)
        return acc_cli_failed(rc, err);
    if (!quiet)
        printf("accord: %s/compare_points.csv (%s), %s/compare_regret.csv\n", outdir,
               acc_compare_regret_paired(inputs, n) ? "paired differences per point"
                                                    : "differences per point, not paired",
               outdir);
    return ACC_EXIT_OK;
}
