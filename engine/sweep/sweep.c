/* accord — running a sweep: build the plan, open (or resume) the journal,
 * hand run ids to forked workers (and MPI ranks), journal each result as it
 * arrives, then write the output files; merging shard directories; dry runs.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _XOPEN_SOURCE 700 /* realpath */
#include "sweep/sweep.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/common.h"
#include "io/atomic.h"
#include "base/numfmt.h"
#include "lua/scenario.h"
#include "sweep/rundir.h"
#include "sweep/sweep_int.h"
#include "sweep/sweep_mpi.h"

#define SYNC_INTERVAL_S 0.25 /* journal: fdatasync at most this often (and at the end) */
#define PILOT_RUNS 3

static double mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int acc_sweep_parse_shard(const char *text, uint64_t *index, uint64_t *count, char *err,
                          size_t errlen)
{
    const char *slash = text ? strchr(text, '/') : NULL;
    unsigned long long i, n;
    char *end;
    /* digits only: strtoull would take " 1" or "-1" (as 2^64 - 1) */
    if (!slash || !(text[0] >= '0' && text[0] <= '9') || !(slash[1] >= '0' && slash[1] <= '9'))
        goto bad;
    errno = 0;
    i = strtoull(text, &end, 10);
    if (end != slash || errno)
        goto bad;
    n = strtoull(slash + 1, &end, 10);
    if (*end || errno || n == 0 || i >= n || n > SW_MAX_SHARDS)
        goto bad;
    *index = i;
    *count = n;
    return ACC_OK;
bad:
    acc_errf(err, errlen,
             "--shard '%s': expected i/N with 0 <= i < N <= 4294967296 (e.g. 0/4 for the first of "
             "four shards)",
             text ? text : "");
    return ACC_EINVAL;
}

/* ---- executing one run (inside a worker) ---------------------------------------------------- */

typedef struct exec_ctx {
    const sw_plan *p;
    int verbose;
    int fault_crash, fault_hang;
    uint64_t crash_run, hang_run;
    double *vals;
    const char **sets;
    char (*setbuf)[160];
} exec_ctx;

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
    sw_buf rows;
} ts_collect;

#define TS_ROW_DOUBLES (3 + ACC_TS_NCOLS)

static int on_ts_row(void *ud, const acc_ts_row *row)
{
    ts_collect *t = ud;
    double h[3] = {row->step, row->year, row->jur};
    sw_buf_put(&t->rows, (const char *)h, sizeof h);
    sw_buf_put(&t->rows, (const char *)row->v, sizeof row->v);
    return t->rows.oom ? ACC_ENOMEM : ACC_OK;
}

/* Build the payload (sweep_int.h) from the collected rows; -1 if the rows
 * do not form a regular steps x rows table. */
static int ts_payload(const ts_collect *t, const acc_config *cfg, sw_buf *out)
{
    size_t rowbytes = sizeof(double) * TS_ROW_DOUBLES;
    size_t n = t->rows.len / rowbytes;
    if (n == 0 || t->rows.len % rowbytes)
        return -1;
    double *r = malloc(t->rows.len);
    if (!r)
        return -1;
    memcpy(r, t->rows.p, t->rows.len);
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
    sw_buf ids = {0};
    for (size_t k = 0; k < nrows && !bad; k++) {
        int j = (int)r[k * TS_ROW_DOUBLES + 2];
        bad = j >= cfg->n_jur || j < -1;
        if (!bad) {
            sw_buf_puts(&ids, j < 0 ? "all" : cfg->jur[j].id);
            sw_buf_puts(&ids, "\n");
        }
    }
    while (!bad && ids.len % 8)
        sw_buf_put(&ids, "", 1);
    if (!bad) {
        uint32_t hdr[4] = {(uint32_t)nsteps, (uint32_t)nrows, ACC_TS_NCOLS, (uint32_t)ids.len};
        sw_buf_put(out, (const char *)hdr, sizeof hdr);
        sw_buf_put(out, ids.p, ids.len);
        for (size_t s = 0; s < nsteps; s++)
            sw_buf_put(out, (const char *)&r[s * nrows * TS_ROW_DOUBLES + 1], sizeof(double));
        for (size_t q = 0; q < n; q++)
            sw_buf_put(out, (const char *)&r[q * TS_ROW_DOUBLES + 3], sizeof(double) * ACC_TS_NCOLS);
    }
    sw_buf_free(&ids);
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

static void exec_run(void *ud, uint64_t run, sw_buf *out, sw_buf *extra)
{
    exec_ctx *x = ud;
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
    acc_scenario *s = NULL;
    int rc = acc_scenario_load(&so, &s, msg, sizeof msg);
    if (rc) {
        sw_format_failure(out, status_of(rc, 1), msg);
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
    sw_buf_free(&tc.rows);
    if (rc) {
        sw_buf_clear(extra);
        sw_format_failure(out, status_of(rc, 0), msg);
        acc_scenario_free(s);
        return;
    }
    int ns = acc_scenario_summary_count(s);
    if (p->noutcomes) {
        sw_buf_printf(out, "ok %d", p->noutcomes);
        for (int k = 0; k < p->noutcomes; k++) {
            int found = -1;
            for (int i = 0; i < ns && found < 0; i++)
                if (strcmp(acc_scenario_summary_name(s, i), p->outcomes[k]) == 0)
                    found = i;
            if (found < 0) {
                sw_buf names = {0};
                for (int i = 0; i < ns; i++) {
                    sw_buf_puts(&names, i ? ", " : "");
                    sw_buf_puts(&names, acc_scenario_summary_name(s, i));
                }
                snprintf(msg, sizeof msg, "--outcomes: the scenario did not produce '%s' (its outcomes: %s)",
                         p->outcomes[k], names.p ? names.p : "none");
                sw_buf_free(&names);
                sw_buf_clear(out);
                sw_buf_clear(extra);
                sw_format_failure(out, SW_ERROR, msg);
                acc_scenario_free(s);
                return;
            }
            sw_buf_puts(out, " ");
            sw_escape(out, p->outcomes[k], strlen(p->outcomes[k]), 1);
            sw_buf_puts(out, " ");
            sw_buf_double(out, acc_scenario_summary_value(s, found));
        }
    } else {
        int valid = 0;
        for (int i = 0; i < ns; i++)
            valid += acc_scenario_summary_name(s, i)[0] != 0;
        sw_buf_printf(out, "ok %d", valid);
        for (int i = 0; i < ns; i++) {
            const char *name = acc_scenario_summary_name(s, i);
            if (!name[0])
                continue;
            sw_buf_puts(out, " ");
            sw_escape(out, name, strlen(name), 1);
            sw_buf_puts(out, " ");
            sw_buf_double(out, acc_scenario_summary_value(s, i));
        }
    }
    acc_scenario_free(s);
}

static int exec_init(exec_ctx *x, const sw_plan *p, int verbose)
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

static void exec_free(exec_ctx *x)
{
    free(x->vals);
    free(x->sets);
    free(x->setbuf);
}

/* ---- the journal header of a plan ------------------------------------------------------------- */

static int make_header(const sw_plan *p, uint64_t si, uint64_t sn, sw_header *h)
{
    memset(h, 0, sizeof *h);
    if (sw_plan_lines(p, &h->plan, &h->nplan))
        return ACC_ENOMEM;
    char line[1200];
    const char *kv[3][2] = {{"scenario_path", p->scenario},
                            {"scenario_name", p->scenario_name},
                            {"scenario_type", p->function_model ? "function" : "world"}};
    for (int i = 0; i < 3; i++) {
        snprintf(line, sizeof line, "%s %s", kv[i][0], kv[i][1]);
        if (sw_lines_push(&h->info, &h->ninfo, line))
            return ACC_ENOMEM;
    }
    h->shard_index = si;
    h->shard_count = sn;
    return ACC_OK;
}

static const char *line_key(const char *line, size_t *n)
{
    const char *sp = strchr(line, ' ');
    *n = sp ? (size_t)(sp - line) : strlen(line);
    return line;
}

/* Explain how the journal's plan differs from this command's. */
static int compare_plans(const char *dir, const sw_header *old, const sw_header *now, char *err,
                         size_t errlen)
{
    int n = old->nplan > now->nplan ? old->nplan : now->nplan;
    for (int i = 0; i < n; i++) {
        const char *a = i < old->nplan ? old->plan[i] : "(nothing)";
        const char *b = i < now->nplan ? now->plan[i] : "(nothing)";
        if (strcmp(a, b) == 0)
            continue;
        size_t ka, kb;
        line_key(a, &ka);
        line_key(b, &kb);
        if (ka == kb && strncmp(a, "scenario_sha256", ka) == 0 && ka == 15)
            acc_errf(err, errlen,
                     "%s: cannot resume: the scenario file changed since the sweep began "
                     "(SHA-256 %.12s... then, %.12s... now); use another --out for the new version",
                     dir, a + 16, b + 16);
        else
            acc_errf(err, errlen,
                     "%s: cannot resume: the sweep there was planned differently "
                     "(it has '%s', this command gives '%s'); repeat the original options or use "
                     "another --out",
                     dir, a, b);
        return ACC_EINVAL;
    }
    if (old->shard_count != now->shard_count || old->shard_index != now->shard_index) {
        acc_errf(err, errlen, "%s: cannot resume: it holds shard %llu/%llu, this command asks for %llu/%llu",
                 dir, (unsigned long long)old->shard_index, (unsigned long long)old->shard_count,
                 (unsigned long long)now->shard_index, (unsigned long long)now->shard_count);
        return ACC_EINVAL;
    }
    return ACC_OK;
}

/* ---- the coordinator -------------------------------------------------------------------------- */

typedef struct coord {
    const sw_plan *p;
    uint64_t si, sn, npos;
    unsigned char *done;   /* bitmap over shard positions */
    int retry_failed;
    uint64_t next_pos;
    sw_journal *j;
    sw_journal *tsj; /* --timeseries: written before j, synced before j */
    sw_buf line;
    uint64_t todo, finished, failed;
    uint64_t *by_rank; /* MPI: runs per rank this session */
    int progress;
    double t0, last_draw;
    char *err;
    size_t errlen;
} coord;

static int is_done(const coord *c, uint64_t pos) { return c->done[pos >> 3] & (1u << (pos & 7)); }
static void set_done(coord *c, uint64_t pos) { c->done[pos >> 3] |= (unsigned char)(1u << (pos & 7)); }

static int on_resume_record(void *ud, const sw_record *r, long long off)
{
    (void)off;
    coord *c = ud;
    if (r->run >= c->p->nruns || r->run % c->sn != c->si)
        return ACC_OK;
    uint64_t pos = r->run / c->sn;
    if (r->status == SW_OK || !c->retry_failed)
        set_done(c, pos);
    else
        c->done[pos >> 3] &= (unsigned char)~(1u << (pos & 7)); /* a later failure undoes */
    return ACC_OK;
}

/* Next run to hand out, or UINT64_MAX. */
static uint64_t next_run(coord *c)
{
    while (c->next_pos < c->npos && is_done(c, c->next_pos))
        c->next_pos++;
    if (c->next_pos >= c->npos)
        return UINT64_MAX;
    return c->next_pos++ * c->sn + c->si;
}

static void draw_progress(coord *c, int final)
{
    double now = mono_s();
    if (!c->progress || (!final && now - c->last_draw < 0.2))
        return;
    c->last_draw = now;
    double el = now - c->t0;
    double rate = el > 0 ? (double)c->finished / el : 0;
    char eta[32] = "--:--";
    if (rate > 0 && c->todo > c->finished) {
        long s = (long)((double)(c->todo - c->finished) / rate + 0.5);
        if (s >= 3600)
            snprintf(eta, sizeof eta, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
        else
            snprintf(eta, sizeof eta, "%ld:%02ld", s / 60, s % 60);
    }
    fprintf(stderr, "\r  %llu/%llu runs  %.1f runs/s  ETA %s  %llu failed   ",
            (unsigned long long)c->finished, (unsigned long long)c->todo, rate, eta,
            (unsigned long long)c->failed);
    if (final)
        fputc('\n', stderr);
    fflush(stderr);
}

static int on_done(void *ud, const sw_done *d)
{
    coord *c = ud;
    int rc;
    if (c->tsj && d->extra_len) {
        /* the series first: a run's line in the journal promises its series */
        sw_buf_clear(&c->line);
        sw_tsj_format(&c->line, d->run, d->extra, d->extra_len);
        if (c->line.oom) {
            acc_errf(c->err, c->errlen, "out of memory");
            return ACC_ENOMEM;
        }
        if ((rc = sw_journal_append(c->tsj, c->line.p, c->line.len, c->err, c->errlen)))
            return rc;
    }
    /* whenever the run lines reach the disk, the series they promise are there already */
    if (c->tsj && sw_journal_sync_due(c->j) && (rc = sw_journal_sync(c->tsj, c->err, c->errlen)))
        return rc;
    sw_buf_clear(&c->line);
    sw_format_record(&c->line, d->run, d->seconds, d->body, d->len);
    if (c->line.oom) {
        acc_errf(c->err, c->errlen, "out of memory");
        return ACC_ENOMEM;
    }
    rc = sw_journal_append(c->j, c->line.p, c->line.len, c->err, c->errlen);
    if (rc)
        return rc;
    c->finished++;
    if (c->by_rank)
        c->by_rank[d->rank]++;
    if (!(d->len >= 3 && memcmp(d->body, "ok ", 3) == 0))
        c->failed++;
    draw_progress(c, 0);
    return ACC_OK;
}

static int online_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 1024 ? 1024 : (int)n;
}

static void default_outdir(const sw_plan *p, uint64_t si, uint64_t sn, char *buf, size_t n)
{
    if (sn > 1)
        snprintf(buf, n, "results/%s-sweep-shard-%llu-of-%llu", p->scenario_name,
                 (unsigned long long)si, (unsigned long long)sn);
    else
        snprintf(buf, n, "results/%s-sweep", p->scenario_name);
}

/* Execute every not-yet-done run of the shard through the pool (and remote
 * MPI ranks if any). */
static int execute(coord *c, sw_pool *pool, sw_remote *remote)
{
    int rc = ACC_OK;
    uint64_t run = next_run(c);
    for (;;) {
        while (run != UINT64_MAX && rc == ACC_OK) {
            if (pool && sw_pool_idle(pool) > 0)
                rc = sw_pool_submit(pool, run, c->err, c->errlen);
            else if (remote && sw_remote_idle(remote) > 0)
                rc = sw_remote_submit(remote, run, c->err, c->errlen);
            else
                break;
            run = next_run(c);
        }
        if (rc)
            break;
        int busy = (pool ? sw_pool_busy(pool) : 0) + (remote ? sw_remote_busy(remote) : 0);
        if (busy == 0 && run == UINT64_MAX)
            break;
        if (remote) {
            if ((rc = sw_remote_poll(remote, on_done, c, c->err, c->errlen)))
                break;
            if (pool)
                rc = sw_pool_wait(pool, 1, on_done, c, c->err, c->errlen);
            else
                nanosleep(&(struct timespec){0, 500000}, NULL);
        } else {
            rc = sw_pool_wait(pool, 200, on_done, c, c->err, c->errlen);
        }
        if (rc)
            break;
        draw_progress(c, 0);
    }
    return rc;
}

/* Dry run: time a few runs in one worker; estimate the rest. */
typedef struct pilot_ctx {
    acc_sweep_result *res;
    size_t bytes;
    int nout;
} pilot_ctx;

static int on_pilot(void *ud, const sw_done *d)
{
    pilot_ctx *pl = ud;
    pl->bytes += d->len;
    int ok = d->len >= 3 && memcmp(d->body, "ok ", 3) == 0;
    if (ok && !pl->nout)
        pl->nout = atoi(d->body + 3);
    if (!ok && !pl->res->pilot_error[0]) {
        /* body: "<status> <escaped message>" */
        char *copy = malloc(d->len + 1);
        if (copy) {
            memcpy(copy, d->body, d->len);
            copy[d->len] = 0;
            char *sp = strchr(copy, ' ');
            if (sp && sw_unescape(sp + 1, strlen(sp + 1)) >= 0)
                snprintf(pl->res->pilot_error, sizeof pl->res->pilot_error, "run %llu: %s",
                         (unsigned long long)d->run, sp + 1);
            free(copy);
        }
    }
    return ACC_OK;
}

static int dry_run(const acc_sweep_opts *o, const sw_plan *p, uint64_t si, uint64_t sn, int jobs,
                   acc_sweep_result *res, char *err, size_t errlen)
{
    exec_ctx x;
    if (exec_init(&x, p, o->verbose)) {
        exec_free(&x);
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    sw_pool_opts po = {1, p->run_timeout_s, exec_run, &x, NULL, 0, p->lua_time_limit_s};
    sw_pool *pool = NULL;
    int rc = sw_pool_new(&po, &pool, err, errlen);
    uint64_t npos = p->nruns / sn + (si < p->nruns % sn ? 1 : 0);
    uint64_t npilot = npos < PILOT_RUNS ? npos : PILOT_RUNS;
    double t0 = mono_s();
    pilot_ctx pl = {res, 0, 0};
    for (uint64_t q = 0; q < npilot && rc == ACC_OK; q++) {
        rc = sw_pool_submit(pool, q * sn + si, err, errlen);
        while (rc == ACC_OK && sw_pool_busy(pool) > 0)
            rc = sw_pool_wait(pool, 200, on_pilot, &pl, err, errlen);
    }
    double wall = mono_s() - t0;
    sw_pool_free(pool);
    exec_free(&x);
    if (rc)
        return rc;
    res->pilot_runs = npilot;
    res->pilot_run_s = npilot ? wall / (double)npilot : 0;
    int workers = jobs * (o->mpi_size > 1 ? o->mpi_size : 1);
    if ((uint64_t)workers > npos)
        workers = (int)(npos ? npos : 1);
    res->est_wall_s = res->pilot_run_s * (double)npos / workers;
    /* bytes: a journal line per run (about the record body), a runs.csv row
     * (the values plus parameters), points.csv rows per point and outcome */
    double per_rec = npilot ? (double)pl.bytes / (double)npilot : 64;
    int nout = p->noutcomes ? p->noutcomes : pl.nout;
    double per_row = 30 + 18.0 * (p->nvary + nout);
    double bytes = (double)npos * (per_rec + 30) + (double)npos * per_row +
                   (sn == 1 ? (double)p->npoints * nout * (70 + 18.0 * p->nvary) : 0) + 8192;
    res->est_bytes = (uint64_t)bytes;
    return ACC_OK;
}

int acc_sweep_run(const acc_sweep_opts *o, acc_sweep_result *res, char *err, size_t errlen)
{
    memset(res, 0, sizeof *res);
    double t0 = mono_s();
    char start[32];
    acc_utc_now(start, sizeof start);
    uint64_t si = o->shard_count > 0 ? o->shard_index : 0;
    uint64_t sn = o->shard_count > 0 ? o->shard_count : 1;
    if (si >= sn) {
        acc_errf(err, errlen, "--shard %llu/%llu: index must be below the count",
                 (unsigned long long)si, (unsigned long long)sn);
        return ACC_EINVAL;
    }
    if (!(o->run_timeout_s <= 1e7)) { /* < 0: none, 0: the default */
        acc_errf(err, errlen, "--run-timeout must be in [0, 10000000] seconds (0: none)");
        return ACC_EINVAL;
    }
    if (!(o->time_limit_s >= 0 && o->time_limit_s <= 86400)) {
        acc_errf(err, errlen, "--time-limit must be in (0, 86400] seconds");
        return ACC_EINVAL;
    }
    int mpi = o->mpi_size > 1;
    int rank = mpi ? o->mpi_rank : 0;
    int jobs = o->jobs > 0 ? o->jobs : (mpi ? 1 : online_cores());
    res->jobs = jobs;

    sw_plan *p = NULL;
    int rc = sw_plan_from_opts(o, &p, err, errlen);
    if (mpi) {
        /* every rank built its plan from the same arguments: agree on it */
        int arc = sw_mpi_agree_plan(p, rc, err, errlen);
        if (arc && !rc)
            rc = arc;
    }
    if (rc) {
        sw_plan_free(p);
        return rc;
    }
    res->n_points = p->npoints;
    res->n_runs = p->nruns / sn + (si < p->nruns % sn ? 1 : 0);
    sw_plan_describe(p, res->design_desc, sizeof res->design_desc);
    char outdir[1024];
    if (o->outdir && strlen(o->outdir) >= sizeof outdir) {
        /* file paths are built in fixed buffers: never cut one short */
        acc_errf(err, errlen, "output directory '%.60s...' is too long (%zu bytes, at most %zu)",
                 o->outdir, strlen(o->outdir), sizeof outdir - 1);
        sw_plan_free(p); /* every rank sees the same --out: all stop here */
        return ACC_EINVAL;
    }
    if (o->outdir)
        snprintf(outdir, sizeof outdir, "%s", o->outdir);
    else
        default_outdir(p, si, sn, outdir, sizeof outdir);
    snprintf(res->outdir, sizeof res->outdir, "%s", outdir);

    exec_ctx x;
    memset(&x, 0, sizeof x);
    int need_stop = 0;
    sw_remote *remote = NULL;
    if (exec_init(&x, p, o->verbose)) {
        rc = ACC_ENOMEM;
        acc_errf(err, errlen, "out of memory");
        goto done_plan;
    }
    if (mpi && rank != 0) {
        /* an executor rank: run what rank 0 sends until it says stop */
        sw_pool_opts po = {jobs, p->run_timeout_s, exec_run, &x, NULL, 0, p->lua_time_limit_s};
        rc = sw_mpi_serve(&po, err, errlen);
        goto done_plan;
    }
    /* rank 0 of an MPI job: from here on every path ends by stopping the
     * executor ranks (done_plan) */
    need_stop = mpi;
    if (o->dry_run) {
        rc = dry_run(o, p, si, sn, jobs, res, err, errlen);
        goto done_plan;
    }

    /* the journal */
    if ((rc = acc_io_check_outdir_kind(outdir, "sweep", err, errlen)))
        goto done_plan;
    char jpath[1200], tspath[1200];
    snprintf(jpath, sizeof jpath, "%s/" SW_JOURNAL_NAME, outdir);
    snprintf(tspath, sizeof tspath, "%s/" SW_TSJ_NAME, outdir);
    long long ts_truncate = -1;
    sw_header now;
    if (make_header(p, si, sn, &now)) {
        sw_header_free(&now);
        rc = ACC_ENOMEM;
        acc_errf(err, errlen, "out of memory");
        goto done_plan;
    }
    coord c;
    memset(&c, 0, sizeof c);
    c.p = p;
    c.si = si;
    c.sn = sn;
    c.npos = res->n_runs;
    c.retry_failed = o->retry_failed;
    c.err = err;
    c.errlen = errlen;
    c.progress = o->progress;
    sw_pool *pool = NULL;
    if (!(c.done = calloc((size_t)(c.npos / 8 + 1), 1))) {
        rc = ACC_ENOMEM;
        acc_errf(err, errlen, "out of memory");
        goto done_header;
    }
    long long truncate_to = -1;
    struct stat stt;
    if (stat(jpath, &stt) == 0) {
        if (!o->resume) {
            acc_errf(err, errlen,
                     "%s already holds a sweep: continue it with --resume, or choose another --out",
                     outdir);
            rc = ACC_EINVAL;
            goto done_header;
        }
        sw_header old;
        uint64_t nbad;
        rc = sw_journal_read(jpath, &old, on_resume_record, &c, &truncate_to, &nbad, err, errlen);
        if (rc)
            goto done_header;
        rc = compare_plans(outdir, &old, &now, err, errlen);
        sw_header_free(&old);
        if (rc)
            goto done_header;
        res->n_bad_records = nbad;
        if (p->timeseries) {
            /* the time series of finished runs; a torn tail is cut below */
            uint64_t tbad;
            struct stat tst;
            if (stat(tspath, &tst) != 0)
                rc = sw_tsj_create(tspath, err, errlen);
            else
                rc = sw_tsj_scan(tspath, NULL, NULL, &ts_truncate, &tbad, err, errlen);
            if (rc)
                goto done_header;
        }
    } else {
        if ((rc = acc_io_mkdir_p(outdir, err, errlen)) ||
            (p->timeseries && (rc = sw_tsj_create(tspath, err, errlen))) ||
            (rc = sw_journal_create(jpath, &now, err, errlen)))
            goto done_header;
    }
    if ((rc = sw_journal_open(jpath, truncate_to, SYNC_INTERVAL_S, &c.j, err, errlen)))
        goto done_header;
    if (p->timeseries &&
        (rc = sw_journal_open(tspath, ts_truncate, -1, &c.tsj, err, errlen)))
        goto done_journal;
    if (flock(sw_journal_fd(c.j), LOCK_EX | LOCK_NB) != 0) {
        acc_errf(err, errlen, "%s is being written by another accord sweep (its journal is locked)",
                 outdir);
        rc = ACC_EINVAL;
        goto done_journal;
    }
    for (uint64_t q = 0; q < c.npos; q++)
        res->n_resumed += is_done(&c, q) ? 1 : 0;
    c.todo = c.npos - res->n_resumed;
    c.t0 = mono_s();
    if (mpi && !(c.by_rank = calloc((size_t)o->mpi_size, sizeof *c.by_rank))) {
        rc = ACC_ENOMEM;
        acc_errf(err, errlen, "out of memory");
        goto done_journal;
    }
    if (c.todo > 0) {
        int nw = (uint64_t)jobs < c.todo ? jobs : (int)c.todo;
        int fds[2] = {sw_journal_fd(c.j), sw_journal_fd(c.tsj)};
        sw_pool_opts po = {nw, p->run_timeout_s, exec_run, &x, fds, 2, p->lua_time_limit_s};
        if (mpi)
            rc = sw_remote_new(o->mpi_size, jobs, &remote, err, errlen);
        if (rc == ACC_OK)
            rc = sw_pool_new(&po, &pool, err, errlen);
        if (rc == ACC_OK)
            rc = execute(&c, pool, remote);
        sw_pool_free(pool);
        if (c.progress)
            draw_progress(&c, 1);
    }
    if (need_stop) {
        sw_mpi_stop_executors(o->mpi_size);
        need_stop = 0;
    }
    res->n_ran = c.finished;
    {
        /* the series journal first, then the run lines that promise them */
        int trc = sw_journal_close(c.tsj, rc ? NULL : err, rc ? 0 : errlen);
        c.tsj = NULL;
        if (!rc)
            rc = trc;
        int crc = sw_journal_close(c.j, rc ? NULL : err, rc ? 0 : errlen);
        c.j = NULL;
        if (!rc)
            rc = crc;
    }
    if (rc)
        goto done_header;

    /* the outputs */
    {
        const char *journals[1] = {jpath}, *tsjournals[1] = {tspath};
        sw_output_opts oo;
        memset(&oo, 0, sizeof oo);
        oo.plan = p;
        oo.header = &now;
        oo.journals = journals;
        oo.njournals = 1;
        oo.ts_journals = tsjournals;
        oo.nts_journals = p->timeseries ? 1 : 0;
        oo.outdir = outdir;
        oo.shard_index = si;
        oo.shard_count = sn;
        oo.command_line = o->command_line;
        oo.start_time = start;
        oo.wall_s = mono_s() - t0;
        oo.jobs = jobs;
        oo.mpi_ranks = mpi ? o->mpi_size : 1;
        oo.sessions = (int)(c.finished > INT32_MAX ? INT32_MAX : c.finished);
        oo.runs_by_rank = c.by_rank;
        sw_output_stats st;
        rc = sw_output_write(&oo, &st, err, errlen);
        res->n_ok = st.n_ok;
        res->n_failed = st.n_failed;
    }
    goto done_header;
done_journal:
    sw_journal_close(c.tsj, NULL, 0);
    sw_journal_close(c.j, NULL, 0);
done_header:
    free(c.done);
    free(c.by_rank);
    sw_buf_free(&c.line);
    sw_header_free(&now);
done_plan:
    if (need_stop)
        sw_mpi_stop_executors(o->mpi_size);
    sw_remote_free(remote);
    exec_free(&x);
    sw_plan_free(p);
    res->wall_s = mono_s() - t0;
    return rc;
}

/* ---- merging shards ----------------------------------------------------------------------------- */

typedef struct merge_ts {
    FILE *out;
    sw_buf rec;
} merge_ts;

static int copy_ts(void *ud, uint64_t run, long long off, const char *payload, size_t len)
{
    (void)off;
    merge_ts *m = ud;
    sw_buf_clear(&m->rec);
    sw_tsj_format(&m->rec, run, payload, len);
    if (m->rec.oom)
        return ACC_ENOMEM;
    fwrite(m->rec.p, 1, m->rec.len, m->out);
    return ACC_OK;
}

int acc_sweep_merge(const char *const *dirs, int n_dirs, const char *outdir,
                    const char *command_line, acc_sweep_result *res, char *err, size_t errlen)
{
    memset(res, 0, sizeof *res);
    double t0 = mono_s();
    char start[32];
    acc_utc_now(start, sizeof start);
    if (n_dirs < 1) {
        acc_errf(err, errlen, "merge: no shard directories given");
        return ACC_EINVAL;
    }
    if (strlen(outdir) >= sizeof res->outdir) {
        acc_errf(err, errlen, "merge: output directory '%.60s...' is too long (%zu bytes, at most %zu)",
                 outdir, strlen(outdir), sizeof res->outdir - 1);
        return ACC_EINVAL;
    }
    int rc = ACC_OK;
    sw_header *hs = calloc((size_t)n_dirs, sizeof *hs);
    char **paths = calloc((size_t)n_dirs, sizeof *paths);
    unsigned char *seen = NULL;
    sw_plan *p = NULL;
    sw_header merged;
    memset(&merged, 0, sizeof merged);
    if (!hs || !paths) {
        rc = ACC_ENOMEM;
        goto oom;
    }
    for (int i = 0; i < n_dirs; i++) {
        size_t len = strlen(dirs[i]) + sizeof(SW_JOURNAL_NAME) + 2;
        if (!(paths[i] = malloc(len))) {
            rc = ACC_ENOMEM;
            goto oom;
        }
        snprintf(paths[i], len, "%s/%s", dirs[i], SW_JOURNAL_NAME);
        long long end;
        uint64_t bad;
        struct stat stt;
        if (stat(paths[i], &stt) != 0) {
            acc_errf(err, errlen, "merge: %s is not a sweep directory (no %s)", dirs[i], SW_JOURNAL_NAME);
            rc = ACC_EINVAL;
            goto done;
        }
        if ((rc = sw_journal_read(paths[i], &hs[i], NULL, NULL, &end, &bad, err, errlen)))
            goto done;
        res->n_bad_records += bad;
        if (i > 0) {
            int same = hs[i].nplan == hs[0].nplan && hs[i].shard_count == hs[0].shard_count;
            for (int k = 0; same && k < hs[0].nplan; k++)
                same = strcmp(hs[i].plan[k], hs[0].plan[k]) == 0;
            if (!same) {
                acc_errf(err, errlen, "merge: %s and %s are shards of different sweeps (their plans differ)",
                         dirs[0], dirs[i]);
                rc = ACC_EINVAL;
                goto done;
            }
        }
    }
    uint64_t sn = hs[0].shard_count;
    if (!(seen = calloc((size_t)(sn / 8 + 1), 1))) {
        rc = ACC_ENOMEM;
        goto oom;
    }
    for (int i = 0; i < n_dirs; i++) {
        uint64_t s = hs[i].shard_index;
        if (seen[s >> 3] & (1u << (s & 7))) {
            acc_errf(err, errlen, "merge: shard %llu/%llu is given twice (%s)", (unsigned long long)s,
                     (unsigned long long)sn, dirs[i]);
            rc = ACC_EINVAL;
            goto done;
        }
        seen[s >> 3] |= (unsigned char)(1u << (s & 7));
    }
    for (uint64_t s = 0; s < sn; s++)
        if (!(seen[s >> 3] & (1u << (s & 7)))) {
            acc_errf(err, errlen, "merge: shard %llu/%llu is missing", (unsigned long long)s,
                     (unsigned long long)sn);
            rc = ACC_EINVAL;
            goto done;
        }
    if ((rc = sw_plan_from_lines(hs[0].plan, hs[0].nplan, &p, err, errlen))) {
        if (rc == ACC_EINVAL) {
            /* checked as the command line's would be: a damaged or forged
             * journal must not reach the design */
            char why[ACC_ERRLEN];
            snprintf(why, sizeof why, "%s", err);
            acc_errf(err, errlen, "merge: %s: the plan in its journal is invalid: %s", paths[0], why);
        }
        goto done;
    }
    {
        const char *sn_ = sw_header_info(&hs[0], "scenario_name");
        const char *sp_ = sw_header_info(&hs[0], "scenario_path");
        const char *st_ = sw_header_info(&hs[0], "scenario_type");
        snprintf(p->scenario_name, sizeof p->scenario_name, "%s", sn_ ? sn_ : "");
        snprintf(p->scenario, sizeof p->scenario, "%s", sp_ ? sp_ : "");
        p->function_model = st_ && strcmp(st_, "function") == 0;
    }
    /* every shard finished? */
    for (int i = 0; i < n_dirs; i++) {
        const char *one[1] = {paths[i]};
        sw_output_opts co;
        memset(&co, 0, sizeof co);
        co.plan = p;
        co.journals = one;
        co.njournals = 1;
        co.shard_index = hs[i].shard_index;
        co.shard_count = sn;
        sw_output_stats st;
        if ((rc = sw_output_count(&co, &st, err, errlen)))
            goto done;
        if (st.n_missing) {
            acc_errf(err, errlen,
                     "merge: shard %llu/%llu in %s is not finished (%llu of its runs missing); "
                     "complete it with the same accord sweep command and --resume",
                     (unsigned long long)hs[i].shard_index, (unsigned long long)sn, dirs[i],
                     (unsigned long long)st.n_missing);
            rc = ACC_EINVAL;
            goto done;
        }
    }
    /* the merged directory: a complete unsharded journal made of the
     * shards' records, then the same outputs as a single sweep */
    if ((rc = acc_io_check_outdir_kind(outdir, "sweep", err, errlen)) ||
        (rc = acc_io_mkdir_p(outdir, err, errlen)))
        goto done;
    char jpath[1200];
    snprintf(jpath, sizeof jpath, "%s/%s", outdir, SW_JOURNAL_NAME);
    {
        /* a merge may be repeated into its directory, but not replace
         * another sweep's journal */
        struct stat jst;
        sw_header old;
        long long oend;
        uint64_t obad;
        if (stat(jpath, &jst) == 0 &&
            sw_journal_read(jpath, &old, NULL, NULL, &oend, &obad, err, errlen) == ACC_OK) {
            int same = old.nplan == hs[0].nplan;
            for (int k = 0; same && k < hs[0].nplan; k++)
                same = strcmp(old.plan[k], hs[0].plan[k]) == 0;
            sw_header_free(&old);
            if (!same) {
                acc_errf(err, errlen, "merge: %s already holds another sweep (its plan differs); "
                         "choose another --out", outdir);
                rc = ACC_EINVAL;
                goto done;
            }
        }
    }
    for (int i = 0; i < n_dirs; i++) {
        char *a = realpath(dirs[i], NULL), *b = realpath(outdir, NULL);
        int same = a && b && strcmp(a, b) == 0;
        free(a);
        free(b);
        if (same) {
            acc_errf(err, errlen, "merge: --out %s is one of the shard directories", outdir);
            rc = ACC_EINVAL;
            goto done;
        }
    }
    merged = hs[0];
    merged.shard_index = 0;
    merged.shard_count = 1;
    {
        acc_atomic *af;
        if ((rc = acc_atomic_open(jpath, &af, err, errlen)))
            goto done_merged;
        FILE *out = acc_atomic_file(af);
        sw_buf b = {0};
        sw_journal_header_text(&b, &merged);
        if (!b.oom)
            fwrite(b.p, 1, b.len, out);
        else
            rc = ACC_ENOMEM;
        /* the valid records of each shard, in shard order */
        sw_parser ps = {0};
        char *line = NULL;
        size_t cap = 0;
        for (int i = 0; i < n_dirs && rc == ACC_OK; i++) {
            FILE *in = fopen(paths[i], "rb");
            if (!in) {
                acc_errf(err, errlen, "%s: cannot open: %s", paths[i], strerror(errno));
                rc = ACC_EIO;
                break;
            }
            ssize_t got;
            while ((got = getline(&line, &cap, in)) > 0) {
                if (line[0] != 'R' || line[got - 1] != '\n')
                    continue;
                sw_buf_clear(&b);
                sw_buf_put(&b, line, (size_t)got);
                sw_record r;
                if (!b.oom && sw_parse_line(&ps, b.p, (size_t)got - 1, &r) == 1)
                    fwrite(line, 1, (size_t)got, out);
            }
            fclose(in);
        }
        free(line);
        sw_parser_free(&ps);
        sw_buf_free(&b);
        if (rc == ACC_OK)
            rc = acc_atomic_commit(af, err, errlen);
        else
            acc_atomic_abort(af);
        if (rc == ACC_ENOMEM)
            acc_errf(err, errlen, "out of memory");
        if (rc)
            goto done_merged;
    }
    char tspath[1200];
    snprintf(tspath, sizeof tspath, "%s/%s", outdir, SW_TSJ_NAME);
    if (p->timeseries) {
        /* the shards' series, valid records only, into one time-series journal */
        acc_atomic *af;
        if ((rc = acc_atomic_open(tspath, &af, err, errlen)))
            goto done_merged;
        merge_ts mt = {acc_atomic_file(af), {0}};
        fwrite("ACCTSJ1\n", 1, 8, mt.out);
        for (int i = 0; i < n_dirs && rc == ACC_OK; i++) {
            char sp[1200];
            snprintf(sp, sizeof sp, "%s/%s", dirs[i], SW_TSJ_NAME);
            long long end;
            uint64_t bad;
            rc = sw_tsj_scan(sp, copy_ts, &mt, &end, &bad, err, errlen);
        }
        sw_buf_free(&mt.rec);
        if (rc == ACC_OK)
            rc = acc_atomic_commit(af, err, errlen);
        else
            acc_atomic_abort(af);
        if (rc)
            goto done_merged;
    }
    {
        const char *journals[1] = {jpath}, *tsjournals[1] = {tspath};
        sw_output_opts oo;
        memset(&oo, 0, sizeof oo);
        oo.plan = p;
        oo.header = &merged;
        oo.ts_journals = tsjournals;
        oo.nts_journals = p->timeseries ? 1 : 0;
        oo.journals = journals;
        oo.njournals = 1;
        oo.outdir = outdir;
        oo.shard_index = 0;
        oo.shard_count = 1;
        oo.command_line = command_line;
        oo.start_time = start;
        oo.wall_s = mono_s() - t0;
        oo.merged_from = n_dirs;
        sw_output_stats st;
        rc = sw_output_write(&oo, &st, err, errlen);
        res->n_points = p->npoints;
        res->n_runs = p->nruns;
        res->n_ok = st.n_ok;
        res->n_failed = st.n_failed;
        snprintf(res->outdir, sizeof res->outdir, "%s", outdir);
    }
done_merged:
    memset(&merged, 0, sizeof merged); /* borrowed from hs[0] */
    goto done;
oom:
    acc_errf(err, errlen, "out of memory");
done:
    if (hs)
        for (int i = 0; i < n_dirs; i++)
            sw_header_free(&hs[i]);
    free(hs);
    if (paths)
        for (int i = 0; i < n_dirs; i++)
            free(paths[i]);
    free(paths);
    free(seen);
    sw_plan_free(p);
    res->wall_s = mono_s() - t0;
    return rc;
}
