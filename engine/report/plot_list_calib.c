/* accord report — the figures of a calibration (max implausibility against
 * each parameter, plots/calibration.gp) and of scenario discovery (the
 * peeling trajectory and the chosen box, plots/prim_*.gp).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "base/strbuf.h"
#include "io/csv.h"
#include "io/jdoc.h"
#include "report/calibrate.h"
#include "report/discover.h"
#include "report/plot_fig.h"
#include "report/plot_int.h"

static int has_file(const char *dir, const char *name)
{
    char path[4200];
    return snprintf(path, sizeof path, "%s/%s", dir, name) < (int)sizeof path &&
           acc_io_is_file(path);
}

int acc_plot_is_calibration(const char *dir) { return has_file(dir, ACC_FILE_CALIBRATION); }
int acc_plot_is_discover(const char *dir) { return has_file(dir, ACC_FILE_DISCOVER_TRAJ); }

/* A column name gnuplot's word() keeps whole and a title can show. */
static int plain_word(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '.' || *s == '-'))
            return 0;
    return 1;
}

int acc_plot_list_calibration(const char *dir, figlist *L, char *err, size_t errlen)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/" ACC_FILE_CALIB_RANGES, dir);
    acc_csv_table *t;
    int rc = acc_csv_read_file(path, &t, err, errlen);
    if (rc)
        return rc;
    size_t cc, cmin, cmax;
    if ((rc = acc_csv_col(t, "column", &cc, err, errlen)) ||
        (rc = acc_csv_col(t, "min", &cmin, err, errlen)) ||
        (rc = acc_csv_col(t, "max", &cmax, err, errlen))) {
        acc_csv_table_free(t);
        return rc;
    }
    acc_sb params, los, his;
    acc_sb_init(&params);
    acc_sb_init(&los);
    acc_sb_init(&his);
    int n = 0, ranges = 1;
    for (size_t r = 0; r < acc_csv_nrows(t) && n < 16; r++) {
        const char *c = acc_csv_cell(t, r, cc);
        if (!plain_word(c))
            continue; /* gnuplot's word list cannot hold it */
        double lo, hi;
        /* the sampled range, so that the panels show where the design looked */
        ranges = ranges && acc_csv_number(t, r, cmin, &lo, NULL, 0) == ACC_OK &&
                 acc_csv_number(t, r, cmax, &hi, NULL, 0) == ACC_OK && isfinite(lo) &&
                 isfinite(hi);
        acc_sb_printf(&params, "%s%s", n ? " " : "", c);
        if (ranges) {
            acc_sb_printf(&los, "%s%.17g", n ? " " : "", lo);
            acc_sb_printf(&his, "%s%.17g", n ? " " : "", hi);
        }
        n++;
    }
    acc_csv_table_free(t);
    /* the cutoff the points were classified with (calibration.json) */
    double cutoff = NAN;
    snprintf(path, sizeof path, "%s/" ACC_FILE_CALIB_MANIFEST, dir);
    acc_jdoc *doc;
    if (acc_io_is_file(path) && acc_jdoc_read_file(path, &doc, NULL, 0) == ACC_OK) {
        cutoff = acc_jval_num(acc_jval_get(acc_jdoc_root(doc), "cutoff"));
        acc_jdoc_free(doc);
    }
    figspec *f = n ? acc_plot_fig_new(L, "calibration", "calibration") : NULL;
    if (f) {
        acc_io_fmt_cut(f->info.title, sizeof f->info.title,
                       "Calibration: max implausibility against each parameter");
        acc_io_fmt_cut(f->info.caption, sizeof f->info.caption,
                       "Each design point's largest implausibility over the targets (log scale) "
                       "against each varied parameter; plausible points (max I below the "
                       "cutoff, dashed line) in colour, the others grey.");
        acc_plot_var_s(f, "infile", ACC_FILE_CALIBRATION);
        acc_plot_var_s(f, "params", acc_sb_str(&params));
        if (ranges) {
            acc_plot_var_s(f, "xlos", acc_sb_str(&los));
            acc_plot_var_s(f, "xhis", acc_sb_str(&his));
        }
        if (isfinite(cutoff) && cutoff > 0)
            acc_plot_var_n(f, "cutoff", cutoff);
        acc_plot_var_s(f, "title", f->info.title);
    }
    acc_sb_free(&params);
    acc_sb_free(&los);
    acc_sb_free(&his);
    return ACC_OK;
}

int acc_plot_list_discover(const char *dir, figlist *L, char *err, size_t errlen)
{
    (void)dir;
    (void)err;
    (void)errlen;
    figspec *f = acc_plot_fig_new(L, "discover_trajectory", "prim_trajectory");
    if (f) {
        acc_io_fmt_cut(f->info.title, sizeof f->info.title,
                       "PRIM peeling trajectory: density against coverage");
        acc_io_fmt_cut(f->info.caption, sizeof f->info.caption,
                       "Each box of the peeling trajectory: the share of cases inside it "
                       "(density) against the share of all cases it holds (coverage), coloured "
                       "by the number of restricted parameters; the chosen box circled.");
        acc_plot_var_s(f, "infile", ACC_FILE_DISCOVER_TRAJ);
        acc_plot_var_s(f, "title", f->info.title);
    }
    f = acc_plot_fig_new(L, "discover_box", "prim_box");
    if (f) {
        acc_io_fmt_cut(f->info.title, sizeof f->info.title,
                       "PRIM: the chosen box within each parameter's range");
        acc_io_fmt_cut(f->info.caption, sizeof f->info.caption,
                       "For each parameter, the chosen box's limits (blue) within the range of "
                       "the data (grey), scaled to 0-1, with the limits and the quasi-p-value "
                       "of each restriction.");
        acc_plot_var_s(f, "infile", ACC_FILE_DISCOVER_BOX);
        acc_plot_var_s(f, "title", f->info.title);
    }
    return ACC_OK;
}
