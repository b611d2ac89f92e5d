/* Tests of comparisons (report/compare.h): arms of three replications
 * (tests/data/plot/cmp) get the t interval of their values, paired
 * differences when the seeds match and Welch's interval when they do not
 * (the formulas are stats/estimate.h's, with their known answers for these
 * values in test_stats_estimate.c); sweeps pool their runs; time series are averaged per
 * step; every error path; and the written files read back the same.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_util_tmp.h"

#include <math.h>
#include <sys/stat.h>

#include "base/common.h"
#include "report/compare.h"
#include "io/csv.h"
#include "report/plot.h"
#include "report/plot_int.h"
#include "base/readfile.h"
#include "report/report.h"
#include "stats/estimate.h"

/* "a" -> "<src>/tests/data/plot/cmp/a1,<...>/a2,<...>/a3" */
static void arm(char *buf, size_t n, const char *name)
{
    snprintf(buf, n, "%s/tests/data/plot/cmp/%s1,%s/tests/data/plot/cmp/%s2,"
                     "%s/tests/data/plot/cmp/%s3",
             test_source_dir(), name, test_source_dir(), name, test_source_dir(), name);
}

static void fixture(char *buf, size_t n, const char *name)
{
    snprintf(buf, n, "%s/tests/data/plot/%s", test_source_dir(), name);
}

static void out_dir(char *buf, size_t n) { assert_int_equal(tmp_make(buf, n, "accord-cmp-"), 0); }

static void near(double got, double want)
{
    if (!(fabs(got - want) <= 1e-9 * (fabs(want) + 1)))
        fail_msg("got %.17g, want %.17g", got, want);
}

static acc_compare *run3(const char *out, char *err, size_t errlen, int *rc)
{
    static char a[3][8192];
    arm(a[0], sizeof a[0], "a");
    arm(a[1], sizeof a[1], "b");
    arm(a[2], sizeof a[2], "c");
    const char *inputs[] = {a[0], a[1], a[2]};
    acc_compare_opts o;
    memset(&o, 0, sizeof o);
    o.inputs = inputs;
    o.n_inputs = 3;
    o.outdir = out;
    o.command_line = "accord compare a b c";
    acc_compare *c = NULL;
    *rc = acc_compare_run(&o, &c, err, errlen);
    return c;
}

static void check_known(const acc_compare *c)
{
    assert_int_equal(acc_compare_narms(c), 3);
    assert_string_equal(acc_compare_label(c, 0), "arm_a");
    assert_string_equal(acc_compare_label(c, 2), "arm_c");
    assert_string_equal(acc_compare_scenario(c, 1), "arm_b");
    assert_string_equal(acc_compare_description(c, 1), "Known-answer arm b.");
    assert_int_equal(acc_compare_paired(c, 1), 1); /* seeds 1, 2, 3 in both */
    assert_int_equal(acc_compare_paired(c, 2), 0); /* seeds 4, 5, 6 */
    assert_string_equal(acc_compare_seeds(c, 0), "1-3");
    assert_string_equal(acc_compare_seeds(c, 2), "4-6");
    assert_int_equal(acc_compare_runs(c, 2), 3);
    assert_string_equal(acc_compare_warning(c, 0), "");
    assert_string_equal(acc_compare_warning(c, 1), "");
    assert_non_null(strstr(acc_compare_warning(c, 2),
                           "[3] arm_c and [1] arm_a are not paired: they ran with different "
                           "seeds ([3]: seeds 4-6; [1]: seeds 1-3)"));
    assert_non_null(strstr(acc_compare_warning(c, 2), "Welch's interval"));
    /* outcomes: the union in first-seen order; "p" is a parameter, not an outcome */
    assert_int_equal(acc_compare_noutcomes(c), 3);
    assert_string_equal(acc_compare_outcome(c, 0), "welfare");
    assert_string_equal(acc_compare_outcome(c, 1), "harm");
    assert_string_equal(acc_compare_outcome(c, 2), "bonus");
    assert_int_equal(acc_compare_find(c, "p"), -1);
    int w = acc_compare_find(c, "welfare");
    /* The statistics are stats/estimate.h's (their known answers are in
     * test_stats_estimate.c, on these same values); here: the right values
     * reach them and the right interval is chosen. */
    const double va[] = {10, 12, 17}, vb[] = {11, 15, 16}, vc[] = {11, 13, 18};
    acc_stat_interval s, d;
    /* A: 10, 12, 17 -> mean 13, sd sqrt(13), its t interval */
    const acc_compare_cell *a = acc_compare_get(c, 0, w);
    acc_stat_mean_ci(va, 3, 1, 0.95, &s);
    assert_int_equal(a->n, 3);
    near(a->mean, 13);
    near(a->sd, s.sd);
    near(a->lo, s.lo);
    near(a->hi, s.hi);
    assert_true(isnan(a->diff) && isnan(a->diff_lo) && isnan(a->diff_pct));
    /* B: 11, 15, 16, paired with A (same seeds): the interval of the differences */
    const acc_compare_cell *b = acc_compare_get(c, 1, w);
    acc_stat_paired_ci(va, vb, 3, 0.95, &d);
    near(b->mean, 14);
    near(b->diff, 1);
    near(b->diff_lo, d.lo);
    near(b->diff_hi, d.hi);
    near(b->diff_pct, 100.0 / 13);
    /* C: 11, 13, 18, unpaired (other seeds): Welch's interval */
    const acc_compare_cell *cc = acc_compare_get(c, 2, w);
    acc_stat_mean_ci(vc, 3, 1, 0.95, &s);
    double lo, hi;
    acc_stat_welch_ci(13, sqrt(13), 3, s.mean, s.sd, 3, 0.95, &lo, &hi);
    near(cc->mean, 14);
    near(cc->diff, 1);
    near(cc->diff_lo, lo);
    near(cc->diff_hi, hi);
    assert_true(fabs(cc->diff_hi - 1 - (b->diff_hi - 1)) > 1e-3); /* not the paired one */
    /* harm: A constant 5 (sd 0: the interval is the point), C constant 5 too */
    int h = acc_compare_find(c, "harm");
    const acc_compare_cell *ha = acc_compare_get(c, 0, h);
    near(ha->sd, 0);
    near(ha->lo, 5);
    near(ha->hi, 5);
    const acc_compare_cell *hc = acc_compare_get(c, 2, h);
    near(hc->diff, 0);
    near(hc->diff_lo, 0);
    near(hc->diff_hi, 0);
    near(hc->diff_pct, 0);
    /* B's harm 4, 6, 5 minus A's 5, 5, 5, paired */
    const acc_compare_cell *hb = acc_compare_get(c, 1, h);
    const double h5[] = {5, 5, 5}, hbv[] = {4, 6, 5};
    acc_stat_paired_ci(h5, hbv, 3, 0.95, &d);
    near(hb->diff, 0);
    near(hb->diff_hi, d.hi);
    /* bonus exists only in C */
    int k = acc_compare_find(c, "bonus");
    assert_int_equal(acc_compare_get(c, 0, k)->n, 0);
    assert_true(isnan(acc_compare_get(c, 0, k)->mean));
    near(acc_compare_get(c, 2, k)->mean, 2);
    assert_true(isnan(acc_compare_get(c, 2, k)->diff));
    assert_null(acc_compare_get(c, 3, 0));
    assert_null(acc_compare_get(c, 0, 3));
}

static void test_known_answers(void **state)
{
    (void)state;
    char out[64], err[2048];
    out_dir(out, sizeof out);
    int rc;
    acc_compare *c = run3(out, err, sizeof err, &rc);
    if (rc)
        fail_msg("%s", err);
    check_known(c);
    near(acc_compare_level(c), 0.95);
    assert_string_equal(acc_compare_jurisdiction(c), "all");
    acc_compare_free(c);
    /* compare.csv: one row per outcome, the documented columns, and it loads back. */
    char p[4200];
    snprintf(p, sizeof p, "%s/compare.csv", out);
    acc_csv_table *t;
    assert_int_equal(acc_csv_read_file(p, &t, err, sizeof err), ACC_OK);
    assert_int_equal(acc_csv_nrows(t), 3);
    assert_int_equal(acc_csv_ncols(t), 1 + 3 * 5 + 2 * 4);
    assert_string_equal(acc_csv_header(t, 1), "arm_a");
    assert_string_equal(acc_csv_header(t, 6), "arm_b");
    assert_string_equal(acc_csv_header(t, 11), "arm_b_diff");
    assert_string_equal(acc_csv_header(t, 14), "arm_b_diff_pct");
    assert_string_equal(acc_csv_cell(t, 0, 1), "13");
    assert_string_equal(acc_csv_cell(t, 2, 1), "NA"); /* bonus of A */
    acc_csv_table_free(t);
    snprintf(p, sizeof p, "%s/compare_timeseries.csv", out);
    assert_int_not_equal(access(p, F_OK), 0); /* the arms have no time series */
    assert_int_equal(acc_compare_load(out, &c, err, sizeof err), ACC_OK);
    check_known(c);
    /* The terminal table. */
    FILE *f = tmpfile();
    acc_compare_print(c, f, 0, 80);
    long n = ftell(f);
    rewind(f);
    char *text = calloc(1, (size_t)n + 1);
    assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    assert_non_null(strstr(text, "[2] arm_b"));
    assert_non_null(strstr(text, "(3 runs, seeds 1-3, paired with [1])"));
    assert_non_null(strstr(text, "(3 runs, seeds 4-6, not paired)"));
    /* welfare: 13 ±8.957 | 14 ±4.968 (+7.7%) ... ; fewer than 3 key outcomes: all rows */
    assert_non_null(strstr(text, "13 ±8.957"));
    assert_non_null(strstr(text, "(+7.7%)"));
    assert_non_null(strstr(text, "bonus"));
    free(text);
    acc_compare_free(c);
    /* A report of the comparison. */
    acc_report_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.dir = out;
    ro.no_figures = 1;
    acc_report_result rr;
    assert_int_equal(acc_report_write(&ro, &rr, err, sizeof err), ACC_OK);
    assert_string_equal(rr.kind, "compare");
    char *html;
    assert_int_equal(acc_io_read_file(rr.path, 1u << 24, &html, NULL, err, sizeof err), ACC_OK);
    assert_non_null(strstr(html, "<h1>Comparison: arm_a, arm_b and arm_c</h1>"));
    assert_non_null(strstr(html, "+7.7%"));
    assert_non_null(strstr(html, "Known-answer arm c."));
    free(html);
    tmp_remove_tree(out);
}

static void test_time_series_and_labels(void **state)
{
    (void)state;
    char out[64], err[2048], a[4096], a2[4096], b[4096], both[8300];
    out_dir(out, sizeof out);
    fixture(a, sizeof a, "run_a");
    fixture(a2, sizeof a2, "run_a2");
    fixture(b, sizeof b, "run_b");
    snprintf(both, sizeof both, "%s,%s", a, a2);
    const char *inputs[] = {both, b};
    const char *labels[] = {"frag", "bridge.1"};
    acc_compare_opts o;
    memset(&o, 0, sizeof o);
    o.inputs = inputs;
    o.n_inputs = 2;
    o.labels = labels;
    o.outdir = out;
    o.jurisdiction = "eu";
    acc_compare *c;
    int rc = acc_compare_run(&o, &c, err, sizeof err);
    if (rc)
        fail_msg("%s", err);
    assert_string_equal(acc_compare_label(c, 1), "bridge.1");
    assert_string_equal(acc_compare_jurisdiction(c), "eu");
    /* seeds 7, 8 against seed 7 alone: not paired, and one side has n = 1 */
    assert_int_equal(acc_compare_paired(c, 1), 0);
    const acc_compare_cell *x = acc_compare_get(c, 1, acc_compare_find(c, "welfare"));
    assert_int_equal(x->n, 1);
    assert_true(isnan(x->diff_lo));
    assert_true(isfinite(x->diff));
    acc_compare_free(c);
    /* The time series: the mean of the two runs' eu rows, step by step. */
    char p[4200];
    snprintf(p, sizeof p, "%s/compare_timeseries.csv", out);
    acc_csv_table *t, *ta, *ta2;
    assert_int_equal(acc_csv_read_file(p, &t, err, sizeof err), ACC_OK);
    assert_string_equal(acc_csv_header(t, 2), "input");
    assert_int_equal(acc_csv_nrows(t), 48); /* 24 steps x 2 inputs */
    snprintf(p, sizeof p, "%s/timeseries.csv", a);
    assert_int_equal(acc_csv_read_file(p, &ta, err, sizeof err), ACC_OK);
    snprintf(p, sizeof p, "%s/timeseries.csv", a2);
    assert_int_equal(acc_csv_read_file(p, &ta2, err, sizeof err), ACC_OK);
    size_t dc, dca;
    assert_int_equal(acc_csv_col(t, "deployed", &dc, err, sizeof err), ACC_OK);
    assert_int_equal(acc_csv_col(ta, "deployed", &dca, err, sizeof err), ACC_OK);
    /* row 0 of the fixtures is step 1 of eu */
    double v, v1, v2;
    assert_int_equal(acc_csv_number(t, 0, dc, &v, err, sizeof err), ACC_OK);
    assert_int_equal(acc_csv_number(ta, 0, dca, &v1, err, sizeof err), ACC_OK);
    assert_int_equal(acc_csv_number(ta2, 0, dca, &v2, err, sizeof err), ACC_OK);
    near(v, (v1 + v2) / 2);
    assert_string_equal(acc_csv_cell(t, 0, 2), "frag");
    assert_string_equal(acc_csv_cell(t, 24, 2), "bridge.1");
    /* harm is NA in both runs at step 5: the mean stays NA */
    size_t hc;
    assert_int_equal(acc_csv_col(t, "harm", &hc, err, sizeof err), ACC_OK);
    assert_string_equal(acc_csv_cell(t, 4, hc), "NA");
    acc_csv_table_free(t);
    acc_csv_table_free(ta);
    acc_csv_table_free(ta2);
    /* compare_difference.csv: the second input minus the first, step by step */
    snprintf(p, sizeof p, "%s/compare_difference.csv", out);
    acc_csv_table *td;
    assert_int_equal(acc_csv_read_file(p, &td, err, sizeof err), ACC_OK);
    assert_int_equal(acc_csv_nrows(td), 24);
    assert_string_equal(acc_csv_cell(td, 0, 2), "bridge.1");
    snprintf(p, sizeof p, "%s/compare_timeseries.csv", out);
    assert_int_equal(acc_csv_read_file(p, &t, err, sizeof err), ACC_OK);
    for (size_t r = 0; r < 24; r++) {
        double first, second, d;
        assert_int_equal(acc_csv_number(t, r, dc, &first, err, sizeof err), ACC_OK);
        assert_int_equal(acc_csv_number(t, 24 + r, dc, &second, err, sizeof err), ACC_OK);
        assert_int_equal(acc_csv_number(td, r, dc, &d, err, sizeof err), ACC_OK);
        near(d, second - first);
    }
    acc_csv_table_free(t);
    acc_csv_table_free(td);
    /* The figures of a comparison: overlays and differences. */
    acc_plot_result *pr = calloc(1, sizeof *pr);
    assert_int_equal(acc_plot_list(out, NULL, pr, err, sizeof err), ACC_OK);
    assert_string_equal(pr->kind, "compare");
    assert_int_equal(pr->n, 9);
    assert_string_equal(pr->fig[0].name, "compare_deployed");
    assert_string_equal(pr->fig[0].title, "Developers deployed (eu)");
    assert_string_equal(pr->fig[7].name, "difference_harm");
    assert_string_equal(pr->fig[7].title, "Change in cumulative harm vs frag (eu)");
    free(pr);
    /* the manifest says what was compared */
    char *man;
    snprintf(p, sizeof p, "%s/manifest.json", out);
    assert_int_equal(acc_io_read_file(p, 1u << 20, &man, NULL, err, sizeof err), ACC_OK);
    assert_non_null(strstr(man, "\"kind\": \"compare\""));
    assert_non_null(strstr(man, "\"jurisdiction\": \"eu\""));
    assert_non_null(strstr(man, "\"replications\": 2"));
    free(man);
    tmp_remove_tree(out);
}

static void test_default_labels_and_sweep(void **state)
{
    (void)state;
    char out[64], err[2048], a[4096], a2[4096], s[4096];
    out_dir(out, sizeof out);
    fixture(a, sizeof a, "run_a");
    fixture(a2, sizeof a2, "run_a2");
    fixture(s, sizeof s, "sweep");
    /* Two runs of the same scenario: labelled by directory name. */
    const char *inputs[] = {a, a2, s};
    acc_compare_opts o;
    memset(&o, 0, sizeof o);
    o.inputs = inputs;
    o.n_inputs = 3;
    o.outdir = out;
    acc_compare *c;
    int rc = acc_compare_run(&o, &c, err, sizeof err);
    if (rc)
        fail_msg("%s", err);
    assert_string_equal(acc_compare_label(c, 0), "run_a");
    assert_string_equal(acc_compare_label(c, 1), "run_a2");
    assert_string_equal(acc_compare_label(c, 2), "baseline");
    /* The sweep pools its 11 finished runs; the failed one (status "failed")
     * is left out (mean and sd of runs.csv computed by hand). */
    const acc_compare_cell *x = acc_compare_get(c, 2, acc_compare_find(c, "welfare"));
    assert_int_equal(x->n, 11);
    near(x->mean, 1051.7305825454546);
    near(x->sd, 15.562283105542507);
    /* Its parameter column is not an outcome. */
    assert_int_equal(acc_compare_find(c, "eu_stringency"), -1);
    acc_compare_free(c);
    /* Only the runs have time series. */
    char p[4200];
    snprintf(p, sizeof p, "%s/compare_timeseries.csv", out);
    acc_csv_table *t;
    assert_int_equal(acc_csv_read_file(p, &t, err, sizeof err), ACC_OK);
    assert_int_equal(acc_csv_nrows(t), 48);
    acc_csv_table_free(t);
    /* Again into the same directory with the sweep alone: no stale series stay. */
    const char *only[] = {s};
    o.inputs = only;
    o.n_inputs = 1;
    assert_int_equal(acc_compare_run(&o, &c, err, sizeof err), ACC_OK);
    acc_compare_free(c);
    assert_int_not_equal(access(p, F_OK), 0);
    snprintf(p, sizeof p, "%s/compare_difference.csv", out);
    assert_int_not_equal(access(p, F_OK), 0);
    acc_plot_result *pr = calloc(1, sizeof *pr);
    assert_int_equal(acc_plot_list(out, NULL, pr, err, sizeof err), ACC_EIO);
    assert_non_null(strstr(err, "the compared inputs have no time series"));
    free(pr);
    tmp_remove_tree(out);
}

/* A run directory DIR/NAME (summary.csv: the scenario, seed, run, then
 * harm, noncompliant_share, welfare, harm_net = v[0..3]). */
static void write_run(const char *dir, const char *name, const char *scenario, int seed,
                      const double *v)
{
    char p[4200];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    assert_int_equal(mkdir(p, 0755), 0);
    snprintf(p, sizeof p, "%s/%s/summary.csv", dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fprintf(f, "scenario,seed,run,harm,noncompliant_share,welfare,harm_net\n"
               "%s,%d,0,%.17g,%.17g,%.17g,%.17g\n", scenario, seed, v[0], v[1], v[2], v[3]);
    fclose(f);
    snprintf(p, sizeof p, "%s/%s/manifest.json", dir, name);
    f = fopen(p, "w");
    assert_non_null(f);
    fprintf(f, "{\"kind\": \"run\", \"scenario\": {\"name\": \"%s\"}, \"seed\": %d, "
               "\"run\": 0, \"parameters\": []}\n", scenario, seed);
    fclose(f);
}

/* Intervals of outcomes with bounds are cut to them, as points.csv's
 * (docs/statistics.md §2.1, §2.2): harm (>= 0) of 0.5, 0.2, 9.1 has the t
 * interval [-9.29, 15.82], shown [0, 15.82]; the share 0.9, 0.2, 0.95 has
 * [-0.36, 1.72], shown [0, 1]; the paired differences of the shares (0.1,
 * 0.9, 0.05 with the same seeds) -0.8, 0.7, -0.9 have [-2.56, 1.89], shown
 * [-1, 1]. Welfare (any sign) keeps its interval, and so does harm_net,
 * named like a per-jurisdiction harm (>= 0) but with a negative mean. */
static void test_bounded_outcomes(void **state)
{
    (void)state;
    char out[64], in[64], err[2048];
    out_dir(out, sizeof out);
    assert_int_equal(tmp_make(in, sizeof in, "accord-cmpin-"), 0);
    static const double a[3][4] = {{0.5, 0.9, -3.2, -3}, {0.2, 0.2, 5.4, -5}, {9.1, 0.95, 1.1, 1}};
    static const double b[3][4] = {{0.6, 0.1, 2, -2}, {0.7, 0.9, 3, -1}, {0.8, 0.05, 4, -4}};
    char na[3][16], nb[3][16];
    for (int r = 0; r < 3; r++) {
        snprintf(na[r], sizeof na[r], "a%d", r + 1);
        snprintf(nb[r], sizeof nb[r], "b%d", r + 1);
        write_run(in, na[r], "arm_a", r + 1, a[r]);
        write_run(in, nb[r], "arm_b", r + 1, b[r]);
    }
    char ia[512], ib[512];
    snprintf(ia, sizeof ia, "%s/a1,%s/a2,%s/a3", in, in, in);
    snprintf(ib, sizeof ib, "%s/b1,%s/b2,%s/b3", in, in, in);
    const char *inputs[] = {ia, ib};
    acc_compare_opts o;
    memset(&o, 0, sizeof o);
    o.inputs = inputs;
    o.n_inputs = 2;
    o.outdir = out;
    acc_compare *c;
    if (acc_compare_run(&o, &c, err, sizeof err))
        fail_msg("%s", err);
    assert_int_equal(acc_compare_paired(c, 1), 1);
    double col[3], col2[3];
    acc_stat_interval s, d;
    /* harm: the lower end cut to 0 */
    int k = acc_compare_find(c, "harm");
    for (int r = 0; r < 3; r++)
        col[r] = a[r][0];
    acc_stat_mean_ci(col, 3, 1, 0.95, &s);
    assert_true(s.lo < 0);
    const acc_compare_cell *x = acc_compare_get(c, 0, k);
    near(x->lo, 0);
    near(x->hi, s.hi);
    assert_int_equal(x->cut, 1);
    /* the other arm's harm is within bounds: as it was */
    assert_int_equal(acc_compare_get(c, 1, k)->cut, 0);
    /* harm's difference: a difference of amounts >= 0 has no bound */
    for (int r = 0; r < 3; r++)
        col2[r] = b[r][0];
    acc_stat_paired_ci(col, col2, 3, 0.95, &d);
    near(acc_compare_get(c, 1, k)->diff_lo, d.lo);
    /* the share: both ends; its paired difference to [-1, 1] */
    k = acc_compare_find(c, "noncompliant_share");
    for (int r = 0; r < 3; r++) {
        col[r] = a[r][1];
        col2[r] = b[r][1];
    }
    acc_stat_mean_ci(col, 3, 1, 0.95, &s);
    assert_true(s.lo < 0 && s.hi > 1);
    x = acc_compare_get(c, 0, k);
    near(x->lo, 0);
    near(x->hi, 1);
    acc_stat_paired_ci(col, col2, 3, 0.95, &d);
    assert_true(d.lo < -1 && d.hi > 1);
    x = acc_compare_get(c, 1, k);
    near(x->diff, d.mean);
    near(x->diff_lo, -1);
    near(x->diff_hi, 1);
    /* welfare: unbounded; harm_net: its mean (-2.33) outside [0, inf) */
    k = acc_compare_find(c, "welfare");
    for (int r = 0; r < 3; r++)
        col[r] = a[r][2];
    acc_stat_mean_ci(col, 3, 1, 0.95, &s);
    near(acc_compare_get(c, 0, k)->lo, s.lo);
    assert_int_equal(acc_compare_get(c, 0, k)->cut, 0);
    k = acc_compare_find(c, "harm_net");
    for (int r = 0; r < 3; r++)
        col[r] = a[r][3];
    acc_stat_mean_ci(col, 3, 1, 0.95, &s);
    near(acc_compare_get(c, 0, k)->lo, s.lo);
    near(acc_compare_get(c, 0, k)->hi, s.hi);
    /* the table shows a cut interval by its ends, not a half-width */
    FILE *f = tmpfile();
    acc_compare_print(c, f, 1, 120);
    long n = ftell(f);
    rewind(f);
    char *text = calloc(1, (size_t)n + 1);
    assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    if (!strstr(text, "; [low, high] where it is cut at the outcome's bounds)") ||
        !strstr(text, "3.267 [0, 15.82]") || !strstr(text, "0.6833 [0, 1]") ||
        !strstr(text, "0.7 ±0.2484") || !strstr(text, "1.1 ±10.68"))
        fail_msg("%s", text);
    free(text);
    acc_compare_free(c);
    /* compare.csv holds the cut intervals (and loads back with them) */
    assert_int_equal(acc_compare_load(out, &c, err, sizeof err), ACC_OK);
    near(acc_compare_get(c, 0, acc_compare_find(c, "harm"))->lo, 0);
    near(acc_compare_get(c, 1, acc_compare_find(c, "noncompliant_share"))->diff_lo, -1);
    acc_compare_free(c);
    /* an arm of one run has no interval (NaN): nothing was cut (NaN != NaN
     * once said every one of its outcomes was), in harm as in the rest */
    char one[512];
    snprintf(one, sizeof one, "%s/b1", in);
    const char *inputs1[] = {ia, one};
    o.inputs = inputs1;
    if (acc_compare_run(&o, &c, err, sizeof err))
        fail_msg("%s", err);
    for (int q = 0; q < 4; q++) {
        static const char *const names[] = {"harm", "noncompliant_share", "welfare", "harm_net"};
        const acc_compare_cell *y = acc_compare_get(c, 1, acc_compare_find(c, names[q]));
        assert_true(isnan(y->lo) && isnan(y->hi));
        assert_int_equal(y->cut, 0);
    }
    acc_compare_free(c);
    tmp_remove_tree(out);
    tmp_remove_tree(in);
}

static void test_errors(void **state)
{
    (void)state;
    char out[64], err[2048], a[4096], b[4096];
    out_dir(out, sizeof out);
    fixture(a, sizeof a, "run_a");
    fixture(b, sizeof b, "run_b");
    acc_compare_opts o;
    memset(&o, 0, sizeof o);
    acc_compare *c = (acc_compare *)1;
    const char *inputs[17];
    for (int i = 0; i < 17; i++)
        inputs[i] = a;
    o.inputs = inputs;
    o.outdir = out;
    o.n_inputs = 0;
    assert_int_equal(acc_compare_run(&o, &c, err, sizeof err), ACC_EINVAL);
    assert_null(c);
    o.n_inputs = 17;
    assert_int_equal(acc_compare_run(&o, &c, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "give 1 to 16 inputs"));
    o.n_inputs = 1;
    o.level = 1.5;
    assert_int_equal(acc_compare_run(&o, &c, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "confidence level must be in (0, 1), got 1.5"));
    o.level = 0;
    const char *missing[] = {"/nonexistent/run"};
    o.inputs = missing;
    assert_int_equal(acc_compare_run(&o, &c, err, sizeof err), ACC_EIO);
    assert_non_null(strstr(err, "/nonexistent/run: no such directory"));
    const char *missing2[] = {"/nonexistent/a,/nonexistent/b"};
    o.inputs = missing2;
    assert_int_equal(acc_compare_run(&o, &c, err, sizeof err), ACC_EIO);
    assert_non_null(strstr(err, "/nonexistent/a: no such directory"));
    const char *notrun[] = {"/tmp"};
    o.inputs = notrun;
    assert_int_equal(acc_compare_run(&o, &c, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "/tmp: not a run directory (no summary.csv)"));
    const char *two[] = {a, b};
    o.inputs = two;
    o.n_inputs = 2;
    const char *bad_labels[] = {"ok", "not ok"};
    o.labels = bad_labels;
    assert_int_equal(acc_compare_run(&o, &c, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "label 'not ok'"));
    const char *dup_labels[] = {"x", "x"};
    o.labels = dup_labels;
    assert_int_equal(acc_compare_run(&o, &c, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "label 'x' given twice"));
    o.labels = NULL;
    o.jurisdiction = "jp";
    assert_int_equal(acc_compare_run(&o, &c, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "no jurisdiction 'jp' (it has: eu, uk, all)"));
    assert_null(c);
    /* A comparison cannot be an input. */
    o.jurisdiction = NULL;
    assert_int_equal(acc_compare_run(&o, &c, err, sizeof err), ACC_OK);
    acc_compare_free(c);
    const char *again[] = {out};
    o.inputs = again;
    o.n_inputs = 1;
    assert_int_equal(acc_compare_run(&o, &c, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "a comparison cannot be compared again"));
    /* Loading: not a comparison. */
    assert_int_equal(acc_compare_load(a, &c, err, sizeof err), ACC_EIO);
    assert_non_null(strstr(err, "not a comparison manifest"));
    assert_int_equal(acc_compare_load("/nonexistent", &c, err, sizeof err), ACC_EIO);
    /* NULL-safe accessors */
    assert_int_equal(acc_compare_narms(NULL), 0);
    assert_string_equal(acc_compare_label(NULL, 0), "");
    assert_null(acc_compare_outcome(NULL, 0));
    acc_compare_free(NULL);
    tmp_remove_tree(out);
}

/* Seeds in the legend: runs of consecutive seeds as ranges, two in a row as a
 * list, and after six pieces "..." with the count; one run per seed in
 * directories made here (summary.csv only). */
static int seed_runs(const char *root, const int *seeds, int n, char *input, size_t len)
{
    input[0] = '\0';
    for (int i = 0; i < n; i++) {
        char d[512], p[600];
        snprintf(d, sizeof d, "%s/s%d", root, seeds[i]);
        if (mkdir(d, 0755) != 0)
            return -1;
        snprintf(p, sizeof p, "%s/summary.csv", d);
        FILE *f = fopen(p, "w");
        if (!f)
            return -1;
        fprintf(f, "scenario,seed,run,welfare\nx,%d,0,%g\n", seeds[i], 1.5 * seeds[i]);
        fclose(f);
        size_t used = strlen(input);
        snprintf(input + used, len - used, "%s%s", i ? "," : "", d);
    }
    return 0;
}

static void test_seed_text(void **state)
{
    (void)state;
    char root[64], out[128], err[2048];
    static char in1[8192], in2[8192];
    out_dir(root, sizeof root);
    char r1[128], r2[128];
    snprintf(r1, sizeof r1, "%s/a", root);
    snprintf(r2, sizeof r2, "%s/b", root);
    assert_int_equal(mkdir(r1, 0755), 0);
    assert_int_equal(mkdir(r2, 0755), 0);
    static const int s1[] = {9, 1, 2, 3, 5, 7, 8, 11, 12};
    static const int s2[] = {1, 3, 5, 7, 9, 11, 13, 15};
    assert_int_equal(seed_runs(r1, s1, 9, in1, sizeof in1), 0);
    assert_int_equal(seed_runs(r2, s2, 8, in2, sizeof in2), 0);
    const char *inputs[] = {in1, in2};
    acc_compare_opts o;
    memset(&o, 0, sizeof o);
    o.inputs = inputs;
    o.n_inputs = 2;
    snprintf(out, sizeof out, "%s/cmp", root);
    o.outdir = out;
    acc_compare *c = NULL;
    if (acc_compare_run(&o, &c, err, sizeof err))
        fail_msg("%s", err);
    assert_string_equal(acc_compare_seeds(c, 0), "1-3, 5, 7-9, 11, 12");
    assert_string_equal(acc_compare_seeds(c, 1), "1, 3, 5, 7, 9, 11, ... (8 seeds)");
    assert_int_equal(acc_compare_runs(c, 0), 9);
    assert_int_equal(acc_compare_paired(c, 1), 0);
    assert_non_null(strstr(acc_compare_warning(c, 1), "not paired: they ran with different seeds"));
    /* the same seeds in another order: paired */
    acc_compare_free(c);
    const char *same[] = {in1, in1};
    o.inputs = same;
    o.labels = (const char *const[]){"x", "y"};
    if (acc_compare_run(&o, &c, err, sizeof err))
        fail_msg("%s", err);
    assert_int_equal(acc_compare_paired(c, 1), 1);
    assert_string_equal(acc_compare_warning(c, 1), "");
    acc_compare_free(c);
    tmp_remove_tree(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_answers),
        cmocka_unit_test(test_time_series_and_labels),
        cmocka_unit_test(test_default_labels_and_sweep),
        cmocka_unit_test(test_bounded_outcomes),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_seed_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
