/* accord tests — a sweep's output files from journals: run-id order from
 * out-of-order records, the later record of a run winning, failures and
 * missing runs, outcome columns (union ordered by first appearance, clashes
 * renamed), point statistics against hand computations, Morris effects of a
 * linear function exactly, and sharded output.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_util_tmp.h"

#include <math.h>

#include "base/common.h"
#include "io/csv.h"
#include "sweep/sweep_int.h"

static char err[ACC_ERRLEN];

static int setup(void **state)
{
    (void)state;
    return tmp_setup("accord-sweep-output.");
}

static sw_plan *grid_plan(uint64_t reps)
{
    sw_plan *p = calloc(1, sizeof *p);
    p->design = ACC_DESIGN_GRID;
    p->reps = reps;
    p->seed = 42;
    p->n_boot = 100;
    p->morris_levels = 4;
    snprintf(p->sha256, sizeof p->sha256, "%064d", 7);
    snprintf(p->scenario, sizeof p->scenario, "s.lua");
    snprintf(p->scenario_name, sizeof p->scenario_name, "s");
    p->function_model = 1;
    p->vary = calloc(1, sizeof *p->vary);
    assert_int_equal(sw_vary_parse("a=1,2", &p->vary[0], err, sizeof err), ACC_OK);
    p->nvary = 1;
    assert_int_equal(sw_plan_prepare(p, err, sizeof err), ACC_OK);
    return p;
}

static void new_journal(const char *path, uint64_t si, uint64_t sn)
{
    sw_header h;
    memset(&h, 0, sizeof h);
    h.shard_index = si;
    h.shard_count = sn;
    unlink(path);
    assert_int_equal(sw_journal_create(path, &h, err, sizeof err), ACC_OK);
}

static void add_record(const char *path, uint64_t run, const char *body)
{
    acc_sb line = {0};
    sw_format_record(&line, run, 0.001, body, strlen(body));
    FILE *f = fopen(path, "ab");
    assert_non_null(f);
    fwrite(line.s, 1, line.len, f);
    fclose(f);
    acc_sb_free(&line);
}

static int write_out(const sw_plan *p, const char *const *journals, int nj, const char *dir,
                     uint64_t si, uint64_t sn, sw_output_stats *st)
{
    mkdir(dir, 0777);
    sw_output_opts o;
    memset(&o, 0, sizeof o);
    o.plan = p;
    o.journals = journals;
    o.njournals = nj;
    o.outdir = dir;
    o.shard_index = si;
    o.shard_count = sn;
    o.command_line = "test";
    return sw_output_write(&o, st, err, sizeof err);
}

static void test_order_stats_failures(void **state)
{
    (void)state;
    sw_plan *p = grid_plan(3); /* points a=1, a=2; runs 0..5 */
    const char *j = in_tmp("j1.txt");
    new_journal(j, 0, 1);
    /* finished out of order; run 4 first failed, then succeeded (retry);
     * run 1 reports an extra outcome, run 3 lacks y */
    add_record(j, 2, "ok 1 y 4");
    add_record(j, 0, "ok 1 y 1.5");
    add_record(j, 4, "error s.lua:3: boom");
    add_record(j, 1, "ok 2 y 2.5 extra 9");
    add_record(j, 5, "timeout run exceeded the time limit");
    add_record(j, 3, "ok 1 extra 1");
    add_record(j, 4, "ok 2 y 10 extra 2");
    add_record(j, 9, "ok 1 y 99"); /* outside the plan: ignored */
    const char *js[] = {j};
    sw_output_stats st;
    const char *dir = in_tmp("out1");
    assert_int_equal(write_out(p, js, 1, dir, 0, 1, &st), ACC_OK);
    assert_int_equal(st.n_present, 6);
    assert_int_equal(st.n_ok, 5);
    assert_int_equal(st.n_failed, 1);
    assert_int_equal(st.n_missing, 0);

    char path[1100];
    snprintf(path, sizeof path, "%s/runs.csv", dir);
    assert_string_equal(slurp(path), "run,point,rep,seed,status,a,y,extra\n"
                                     "0,0,0,42,ok,1,1.5,NA\n"
                                     "1,0,1,42,ok,1,2.5,9\n"
                                     "2,0,2,42,ok,1,4,NA\n"
                                     "3,1,0,42,ok,2,NA,1\n"
                                     "4,1,1,42,ok,2,10,2\n"
                                     "5,1,2,42,timeout,2,NA,NA\n");
    snprintf(path, sizeof path, "%s/failures.csv", dir);
    assert_string_equal(slurp(path), "run,point,rep,seed,status,a,message\n"
                                     "5,1,2,42,timeout,2,run exceeded the time limit\n");

    /* points.csv: point 0, y = {1.5, 2.5, 4}: mean 8/3, sd sqrt(19/12),
     * half-width t(0.975, 2) sd / sqrt 3 with t = 4.302652729749464 */
    acc_csv_table *t;
    snprintf(path, sizeof path, "%s/points.csv", dir);
    assert_int_equal(acc_csv_read_file(path, &t, err, sizeof err), ACC_OK);
    assert_int_equal(acc_csv_nrows(t), 4);
    assert_string_equal(acc_csv_header(t, 0), "point");
    assert_string_equal(acc_csv_header(t, 1), "a");
    assert_string_equal(acc_csv_header(t, 2), "outcome");
    assert_string_equal(acc_csv_cell(t, 0, 2), "y");
    assert_string_equal(acc_csv_cell(t, 0, 3), "3");
    double mean, sd, lo, hi;
    assert_int_equal(acc_csv_number(t, 0, 4, &mean, err, sizeof err), ACC_OK);
    assert_int_equal(acc_csv_number(t, 0, 5, &sd, err, sizeof err), ACC_OK);
    assert_int_equal(acc_csv_number(t, 0, 6, &lo, err, sizeof err), ACC_OK);
    assert_int_equal(acc_csv_number(t, 0, 7, &hi, err, sizeof err), ACC_OK);
    double want_sd = sqrt(19.0 / 12.0), half = 4.302652729749464 * want_sd / sqrt(3.0);
    assert_true(fabs(mean - 8.0 / 3.0) < 1e-14);
    assert_true(fabs(sd - want_sd) < 1e-14);
    assert_true(fabs(lo - (8.0 / 3.0 - half)) < 1e-9);
    assert_true(fabs(hi - (8.0 / 3.0 + half)) < 1e-9);
    /* point 0, extra: one value, no interval */
    assert_string_equal(acc_csv_cell(t, 1, 2), "extra");
    assert_string_equal(acc_csv_cell(t, 1, 3), "1");
    assert_string_equal(acc_csv_cell(t, 1, 4), "9");
    assert_string_equal(acc_csv_cell(t, 1, 5), "NA");
    /* point 1, y: run 4 only (run 3 had none, run 5 failed) */
    assert_string_equal(acc_csv_cell(t, 2, 1), "2");
    assert_string_equal(acc_csv_cell(t, 2, 3), "1");
    assert_string_equal(acc_csv_cell(t, 2, 4), "10");
    /* point 1, extra: {1, 2} */
    assert_string_equal(acc_csv_cell(t, 3, 3), "2");
    assert_string_equal(acc_csv_cell(t, 3, 4), "1.5");
    acc_csv_table_free(t);

    snprintf(path, sizeof path, "%s/manifest.json", dir);
    const char *m = slurp(path);
    assert_contains(m, "\"kind\": \"sweep\"");
    assert_contains(m, "\"failed\": 1");
    assert_contains(m, "\"runs.csv\": {");
    snprintf(path, sizeof path, "%s/sensitivity.csv", dir);
    assert_null(slurp(path)); /* not for grids */
    sw_plan_free(p);
}

static void test_missing_shards_and_clashes(void **state)
{
    (void)state;
    sw_plan *p = grid_plan(2); /* runs 0..3 */
    const char *j0 = in_tmp("s0.txt"), *j1 = in_tmp("s1.txt");
    new_journal(j0, 0, 2);
    new_journal(j1, 1, 2);
    /* an outcome named like a fixed column and like a parameter */
    add_record(j0, 2, "ok 2 seed 7 a 8");
    add_record(j1, 1, "ok 2 seed 5 a 6");
    add_record(j1, 3, "ok 2 seed 9 a 10");
    const char *both[] = {j0, j1};
    sw_output_stats st;
    const char *dir = in_tmp("out2");
    /* unsharded over both journals: run 0 is missing */
    assert_int_equal(write_out(p, both, 2, dir, 0, 1, &st), ACC_OK);
    assert_int_equal(st.n_present, 3);
    assert_int_equal(st.n_missing, 1);
    char path[1100];
    snprintf(path, sizeof path, "%s/runs.csv", dir);
    assert_string_equal(slurp(path), "run,point,rep,seed,status,a,out_seed,out_a\n"
                                     "1,0,1,42,ok,1,5,6\n"
                                     "2,1,0,42,ok,2,7,8\n"
                                     "3,1,1,42,ok,2,9,10\n");
    /* shard 1/2 alone: its runs only, no points.csv */
    const char *one[] = {j1};
    dir = in_tmp("out3");
    assert_int_equal(write_out(p, one, 1, dir, 1, 2, &st), ACC_OK);
    assert_int_equal(st.n_present, 2);
    assert_int_equal(st.n_missing, 0);
    snprintf(path, sizeof path, "%s/runs.csv", dir);
    assert_string_equal(slurp(path), "run,point,rep,seed,status,a,out_seed,out_a\n"
                                     "1,0,1,42,ok,1,5,6\n"
                                     "3,1,1,42,ok,2,9,10\n");
    snprintf(path, sizeof path, "%s/points.csv", dir);
    assert_null(slurp(path));
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    assert_contains(slurp(path), "\"kind\": \"sweep-shard\"");

    /* counting for merges */
    sw_output_opts o;
    memset(&o, 0, sizeof o);
    o.plan = p;
    o.journals = one;
    o.njournals = 1;
    o.shard_index = 0;
    o.shard_count = 2;
    assert_int_equal(sw_output_count(&o, &st, err, sizeof err), ACC_OK);
    assert_int_equal(st.n_present, 0); /* j1 holds shard 1's runs */
    assert_int_equal(st.n_missing, 2);

    /* an unreadable journal is an error naming it */
    const char *none[] = {in_tmp("nope.txt")};
    assert_int_equal(write_out(p, none, 1, in_tmp("out4"), 0, 1, &st), ACC_EINVAL);
    assert_contains(err, "nope.txt: cannot open");
    sw_plan_free(p);
}

static void test_morris_linear_exact(void **state)
{
    (void)state;
    /* y = 2a + 0b + 5 over a, b in [0, 1]: every elementary effect of a is
     * exactly 2 (in unit-cube units), of b exactly 0 */
    sw_plan *p = calloc(1, sizeof *p);
    p->design = ACC_DESIGN_MORRIS;
    p->samples = 6;
    p->reps = 2;
    p->seed = 99;
    p->morris_levels = 4;
    p->vary = calloc(2, sizeof *p->vary);
    assert_int_equal(sw_vary_parse("a=0:1", &p->vary[0], err, sizeof err), ACC_OK);
    assert_int_equal(sw_vary_parse("b=0:1", &p->vary[1], err, sizeof err), ACC_OK);
    p->nvary = 2;
    assert_int_equal(sw_plan_prepare(p, err, sizeof err), ACC_OK);
    assert_int_equal(p->nruns, 6 * 3 * 2);
    const char *j = in_tmp("m.txt");
    new_journal(j, 0, 1);
    for (uint64_t run = p->nruns; run-- > 0;) { /* backwards */
        double v[2];
        assert_int_equal(sw_plan_point_values(p, run / 2, v), ACC_OK);
        char body[128];
        snprintf(body, sizeof body, "ok 1 y %.17g", 2 * v[0] + 5);
        add_record(j, run, body);
    }
    const char *js[] = {j};
    sw_output_stats st;
    const char *dir = in_tmp("out5");
    assert_int_equal(write_out(p, js, 1, dir, 0, 1, &st), ACC_OK);
    char path[1100];
    snprintf(path, sizeof path, "%s/sensitivity.csv", dir);
    acc_csv_table *t;
    assert_int_equal(acc_csv_read_file(path, &t, err, sizeof err), ACC_OK);
    assert_int_equal(acc_csv_nrows(t), 2);
    assert_string_equal(acc_csv_header(t, 3), "mu_star");
    double want[2][3] = {{2, 2, 0}, {0, 0, 0}};
    for (size_t r = 0; r < 2; r++) {
        assert_string_equal(acc_csv_cell(t, r, 1), r ? "b" : "a");
        assert_string_equal(acc_csv_cell(t, r, 5), "6");
        for (size_t c = 0; c < 3; c++) {
            double x;
            assert_int_equal(acc_csv_number(t, r, 2 + c, &x, err, sizeof err), ACC_OK);
            assert_true(fabs(x - want[r][c]) < 1e-12);
        }
    }
    acc_csv_table_free(t);
    sw_plan_free(p);
}

/* A series payload: 1 step, 1 row ("all"), 1 metric of value v. */
static void add_series(const char *path, uint64_t run, double v)
{
    acc_sb pl = {0}, rec = {0};
    uint32_t hdr[4] = {1, 1, 1, 8};
    double year = 0.25;
    acc_sb_addn(&pl, (const char *)hdr, sizeof hdr);
    acc_sb_addn(&pl, "all\n\0\0\0\0", 8);
    acc_sb_addn(&pl, (const char *)&year, sizeof year);
    acc_sb_addn(&pl, (const char *)&v, sizeof v);
    sw_tsj_format(&rec, run, pl.s, pl.len);
    FILE *f = fopen(path, "ab");
    assert_non_null(f);
    fwrite(rec.s, 1, rec.len, f);
    fclose(f);
    acc_sb_free(&pl);
    acc_sb_free(&rec);
}

/* --timeseries: timeseries.csv is over every ok run's series, and a series
 * journal that lacks one (damaged after the runs) is an error, not a point
 * with fewer replications. */
static void test_timeseries_needs_every_ok_series(void **state)
{
    (void)state;
    sw_plan *p = grid_plan(2); /* runs 0, 1 at a=1; 2, 3 at a=2 */
    p->timeseries = 1;
    const char *j = in_tmp("jts.txt"), *ts = in_tmp("jts.bin");
    new_journal(j, 0, 1);
    unlink(ts);
    assert_int_equal(sw_tsj_create(ts, err, sizeof err), ACC_OK);
    add_record(j, 0, "ok 1 y 1");
    add_record(j, 1, "ok 1 y 2");
    add_record(j, 2, "error s.lua:3: boom"); /* no series: not needed */
    add_record(j, 3, "ok 1 y 4");
    add_series(ts, 0, 1.5);
    add_series(ts, 1, 2.5);
    add_series(ts, 3, 4.25);
    const char *js[] = {j}, *tss[] = {ts};
    const char *dir = in_tmp("outts");
    mkdir(dir, 0777);
    sw_output_opts o;
    memset(&o, 0, sizeof o);
    o.plan = p;
    o.journals = js;
    o.njournals = 1;
    o.ts_journals = tss;
    o.nts_journals = 1;
    o.outdir = dir;
    o.shard_count = 1;
    o.command_line = "test";
    sw_output_stats st;
    assert_int_equal(sw_output_write(&o, &st, err, sizeof err), ACC_OK);
    /* point 0 over {1.5, 2.5}: quantiles (type 7) 1.5 + 0.05, 2, 1.5 + 0.95 */
    char path[1100];
    snprintf(path, sizeof path, "%s/timeseries.csv", dir);
    assert_string_equal(slurp(path), "point,a,step,year,jurisdiction,variable,n,mean,q05,q50,q95\n"
                                     "0,1,1,0.25,all,deployed,2,2,1.55,2,2.45\n"
                                     "1,2,1,0.25,all,deployed,1,4.25,4.25,4.25,4.25\n");
    /* run 3's series lost: an error naming the file and the run */
    tmp_remove_tree(dir);
    mkdir(dir, 0777);
    unlink(ts);
    assert_int_equal(sw_tsj_create(ts, err, sizeof err), ACC_OK);
    add_series(ts, 0, 1.5);
    add_series(ts, 1, 2.5);
    assert_int_equal(sw_output_write(&o, &st, err, sizeof err), ACC_EIO);
    assert_contains(err, "jts.bin holds no intact series of run 3, which the journal records as ok");
    assert_null(slurp(path));
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    assert_null(slurp(path));
    sw_plan_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_order_stats_failures),
        cmocka_unit_test(test_missing_shards_and_clashes),
        cmocka_unit_test(test_morris_linear_exact),
        cmocka_unit_test(test_timeseries_needs_every_ok_series),
    };
    return cmocka_run_group_tests(tests, setup, tmp_teardown);
}
