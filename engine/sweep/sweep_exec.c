/* accord — executing one run of a sweep inside a worker process: the
 * scenario loaded with the run's parameter values, run, and its outcomes
 * (or failure) formatted as a journal record body; with --timeseries, the
 * world's rows collected into a time-series payload.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/common.h"
#include "base/numfmt.h"
#include "lua/scenario.h"
#include "sweep/sweep_int.h"

static void log_discard(void *ud, const char *msg)
{
    (void)ud;
    (void)msg;
}

/* The sandbox's watchdog (its thread) found the run's script stuck inside C
 * long past Lua's time limit (a pathological string pattern, a slow
 * library call), where no hook can interrupt it. Like `accord run`, end
 * the process: the pool sees this exit status and records the run as a
 * 'limit' failure, then starts a new worker. */
static void worker_stuck(void *ud, const char *msg)
{
    (void)ud;
    (void)msg;
    _exit(SW_WORKER_EXIT_STUCK);
}

static void log_stderr(void *ud, const char *msg)
{
    fprintf(stderr, "[run %llu] %s\n", (unsigned long long)*(const uint64_t *)ud, msg);
}

/* --timeseries: the world's rows as they come (binary: step, year, jur,
 * then the metrics), turned into a tsj payload after the run. */
typedef struct ts_collect {
    acc_sb rows;
} ts_collect;

#define TS_ROW_DOUBLES (3 + ACC_TS_NCOLS)

static int on_ts_row(void *ud, const acc_ts_row *row)
{
    ts_collect *t = ud;
    double h[3] = {row->step, row->year, row->jur};
    acc_sb_addn(&t->rows, (const char *)h, sizeof h);
    acc_sb_addn(&t->rows, (const char *)row->v, sizeof row->v);
    return t->rows.oom ? ACC_ENOMEM : ACC_OK;
}

/* Build the payload (sweep_int.h) from the collected rows; -1 if the rows
 * do not form a regular steps x rows table. */
static int ts_payload(const ts_collect *t, const acc_config *cfg, acc_sb *out)
{
    size_t rowbytes = sizeof(double) * TS_ROW_DOUBLES;
    size_t n = t->rows.len / rowbytes;
    if (n == 0 || t->rows.len % rowbytes)
        return -1;
    double *r = malloc(t->rows.len);
    if (!r)
        return -1;
    memcpy(r, t->rows.s, t->rows.len);
    size_t nrows = 0;
    while (nrows < n && r[nrows * TS_ROW_DOUBLES] == r[0])
        nrows++;
    int bad = n % nrows != 0;
    size_t nsteps = bad ? 0 : n / nrows;
    for (size_t s = 0; s < nsteps && !bad; s++)
        for (size_t k = 0; k < nrows && !bad; k++) {
            const double *row = r + (s * nrows + k) * TS_ROW_DOUBLES;
            bad = row[0] != r[s * nrows * TS_ROW_DOUBLES] || row[2] != r[k * TS_ROW_DOUBLES + 2];
        }
    acc_sb ids = {0};
    for (size_t k = 0; k < nrows && !bad; k++) {
        int j = (int)r[k * TS_ROW_DOUBLES + 2];
        bad = j >= cfg->n_jur || j < -1;
        if (!bad) {
            acc_sb_add(&ids, j < 0 ? "all" : cfg->jur[j].id);
            acc_sb_add(&ids, "\n");
        }
    }
    while (!bad && ids.len % 8)
        acc_sb_addn(&ids, "", 1);
    if (!bad) {
        uint32_t hdr[4] = {(uint32_t)nsteps, (uint32_t)nrows, ACC_TS_NCOLS, (uint32_t)ids.len};
        acc_sb_addn(out, (const char *)hdr, sizeof hdr);
        acc_sb_addn(out, ids.s, ids.len);
        for (size_t s = 0; s < nsteps; s++)
            acc_sb_addn(out, (const char *)&r[s * nrows * TS_ROW_DOUBLES + 1], sizeof(double));
        for (size_t q = 0; q < n; q++)
            acc_sb_addn(out, (const char *)&r[q * TS_ROW_DOUBLES + 3], sizeof(double) * ACC_TS_NCOLS);
    }
    acc_sb_free(&ids);
    free(r);
    return bad || out->oom ? -1 : 0;
}

static int status_of(int rc, int loading)
{
    switch (rc) {
    case ACC_ELIMIT: return SW_LIMIT;
    case ACC_EINVAL: return loading ? SW_INVALID : SW_ERROR;
    default: return SW_ERROR;
    }
}

void sw_exec_run(void *ud, uint64_t run, acc_sb *out, acc_sb *extra)
{
    sw_exec *x = ud;
    const sw_plan *p = x->p;
    if (x->fault_crash && run == x->crash_run) {
        signal(SIGSEGV, SIG_DFL); /* past any sanitizer's handler */
        raise(SIGSEGV);
    }
    if (x->fault_hang && run == x->hang_run)
        for (;;)
            pause();
    uint64_t point = run / p->reps, rep = run % p->reps;
    char msg[ACC_ERRLEN * 2];
    if (sw_plan_point_values(p, point, x->vals)) {
        sw_format_failure(out, SW_ERROR, "design point out of range");
        return;
    }
    int n = 0;
    for (int i = 0; i < p->nsets; i++)
        x->sets[n++] = p->sets[i];
    for (int k = 0; k < p->nvary; k++) {
        char num[ACC_IO_NUMBUF];
        acc_io_fmt_double(num, x->vals[k]);
        snprintf(x->setbuf[k], sizeof x->setbuf[k], "%s=%s", p->vary[k].name, num);
        x->sets[n++] = x->setbuf[k];
    }
    acc_scenario_opts so;
    memset(&so, 0, sizeof so);
    so.path = p->scenario;
    so.sets = x->sets;
    so.n_sets = n;
    so.seed = p->seed;
    so.run = rep;
    so.mem_limit_bytes = p->mem_limit_bytes;
    so.time_limit_s = p->lua_time_limit_s > 0 ? p->lua_time_limit_s : 0;
    so.stuck = worker_stuck;
    so.log = x->verbose ? log_stderr : log_discard;
    so.log_ud = &run;
    so.warn = log_discard; /* kept by the scenario, sent after the body */
    so.strict = p->strict;
    acc_scenario *s = NULL;
    int rc = acc_scenario_load(&so, &s, msg, sizeof msg);
    if (rc) {
        sw_format_failure(out, status_of(rc, 1), msg);
        return;
    }
    /* Every run loads the scenario file again: one edited since the sweep
     * was planned would run another model under the same plan. The hash is
     * of the text this load runs. */
    if (strcmp(acc_scenario_sha256(s), p->sha256) != 0) {
        snprintf(msg, sizeof msg,
                 "%s changed since the sweep started (SHA-256 %.12s..., the sweep's %.12s...): restore it and "
                 "resume with --retry-failed, or start a new sweep",
                 p->scenario, acc_scenario_sha256(s), p->sha256);
        sw_format_failure(out, SW_ERROR, msg);
        acc_scenario_free(s);
        return;
    }
    ts_collect tc;
    memset(&tc, 0, sizeof tc);
    acc_run_sink sink;
    memset(&sink, 0, sizeof sink);
    int want_ts = p->timeseries && !acc_scenario_is_function_model(s);
    if (want_ts) {
        sink.world.ud = &tc;
        sink.world.ts_row = on_ts_row;
    }
    rc = acc_scenario_run(s, want_ts ? &sink : NULL, msg, sizeof msg);
    if (rc == ACC_OK && want_ts && ts_payload(&tc, acc_scenario_config(s), extra)) {
        snprintf(msg, sizeof msg, "--timeseries: the run's time series could not be collected");
        rc = ACC_ERUN;
    }
    acc_sb_free(&tc.rows);
    if (rc) {
        acc_sb_clear(extra);
        sw_format_failure(out, status_of(rc, 0), msg);
        sw_body_add_warnings(out, s);
        sw_body_add_modules(out, s);
        acc_scenario_free(s);
        return;
    }
    int ns = acc_scenario_summary_count(s), nm = acc_scenario_nmetrics(s);
    if (p->noutcomes) {
        acc_sb_printf(out, "ok %d", p->noutcomes);
        for (int k = 0; k < p->noutcomes; k++) {
            int found = -1;
            double value = NAN;
            for (int i = 0; i < ns && found < 0; i++)
                if (strcmp(acc_scenario_summary_name(s, i), p->outcomes[k]) == 0)
                    value = acc_scenario_summary_value(s, found = i);
            /* a custom metric: its last value */
            for (int i = 0; i < nm && found < 0; i++)
                if (strcmp(acc_scenario_metric_name(s, i), p->outcomes[k]) == 0)
                    value = acc_scenario_metric_last(s, found = i);
            /* A world's selected names were checked before the sweep (a
             * summary name, or a metric the probe run recorded): one this
             * run did not record is NA. A function model must return each. */
            if (found < 0 && !acc_scenario_is_function_model(s))
                found = ns + nm;
            if (found < 0) {
                acc_sb names = {0};
                for (int i = 0; i < ns; i++) {
                    acc_sb_add(&names, i ? ", " : "");
                    acc_sb_add(&names, acc_scenario_summary_name(s, i));
                }
                snprintf(msg, sizeof msg, "--outcomes: the scenario did not produce '%s' (its outcomes: %s)",
                         p->outcomes[k], names.s ? names.s : "none");
                acc_sb_free(&names);
                acc_sb_clear(out);
                acc_sb_clear(extra);
                sw_format_failure(out, SW_ERROR, msg);
                sw_body_add_warnings(out, s);
                sw_body_add_modules(out, s);
                acc_scenario_free(s);
                return;
            }
            acc_sb_add(out, " ");
            sw_escape(out, p->outcomes[k], strlen(p->outcomes[k]), 1);
            acc_sb_add(out, " ");
            sw_put_double(out, value);
        }
    } else {
        int valid = nm;
        for (int i = 0; i < ns; i++)
            valid += acc_scenario_summary_name(s, i)[0] != 0;
        acc_sb_printf(out, "ok %d", valid);
        for (int i = 0; i < ns; i++) {
            const char *name = acc_scenario_summary_name(s, i);
            if (!name[0])
                continue;
            acc_sb_add(out, " ");
            sw_escape(out, name, strlen(name), 1);
            acc_sb_add(out, " ");
            sw_put_double(out, acc_scenario_summary_value(s, i));
        }
        /* then the custom metrics (world:record), each its last value */
        for (int i = 0; i < nm; i++) {
            const char *name = acc_scenario_metric_name(s, i);
            acc_sb_add(out, " ");
            sw_escape(out, name, strlen(name), 1);
            acc_sb_add(out, " ");
            sw_put_double(out, acc_scenario_metric_last(s, i));
        }
    }
    sw_body_add_warnings(out, s);
    sw_body_add_modules(out, s);
    acc_scenario_free(s);
}

int sw_exec_init(sw_exec *x, const sw_plan *p, int verbose)
{
    memset(x, 0, sizeof *x);
    x->p = p;
    x->verbose = verbose;
    size_t nv = (size_t)(p->nvary ? p->nvary : 1);
    x->vals = calloc(nv, sizeof *x->vals);
    x->sets = calloc((size_t)(p->nsets + p->nvary + 1), sizeof *x->sets);
    x->setbuf = calloc(nv, sizeof *x->setbuf);
    /* fault injection for the test suite (docs/sweeps.md, "Testing") */
    const char *f = getenv("ACCORD_SWEEP_FAULT");
    unsigned long long r;
    if (f && sscanf(f, "crash:%llu", &r) == 1)
        x->fault_crash = 1, x->crash_run = r;
    if (f && sscanf(f, "hang:%llu", &r) == 1)
        x->fault_hang = 1, x->hang_run = r;
    return x->vals && x->sets && x->setbuf ? ACC_OK : ACC_ENOMEM;
}

void sw_exec_free(sw_exec *x)
{
    free(x->vals);
    free(x->sets);
    free(x->setbuf);
}
