/* accord — running a sweep: build the plan, open (or resume) the journal,
 * hand run ids to forked workers (sweep_exec.c runs them) and MPI ranks,
 * journal each result as it arrives, then write the output files; dry runs.
 * Merging shards: sweep_merge.c. SPDX-License-Identifier: GPL-3.0-or-later */
#define _XOPEN_SOURCE 700 /* realpath */
#include "sweep/sweep.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/common.h"
#include "base/clock.h"
#include "io/atomic.h"
#include "lua/scenario.h"
#include "sweep/sweep_int.h"
#include "sweep/sweep_mpi.h"

#define SYNC_INTERVAL_S 0.25 /* journal: fdatasync at most this often (and at the end) */
#define PILOT_RUNS 3
/* and one run each of the design's middle and last points (another point) */
#define PILOT_MAX (PILOT_RUNS + 2)


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

/* ---- the journal header of a plan ------------------------------------------------------------- */

static int make_header(const sw_plan *p, uint64_t si, uint64_t sn, sw_header *h)
{
    memset(h, 0, sizeof *h);
    if (sw_plan_lines(p, &h->plan, &h->nplan))
        return ACC_ENOMEM;
    char line[1200];
    /* modules: this accord sends the runs' modules to the journal (M lines);
     * a journal begun by an earlier one lacks the line */
    const char *kv[4][2] = {{"scenario_path", p->scenario},
                            {"scenario_name", p->scenario_name},
                            {"scenario_type", p->function_model ? "function" : "world"},
                            {SW_INFO_MODULES, SW_INFO_MODULES_RECORDED}};
    for (int i = 0; i < 4; i++) {
        snprintf(line, sizeof line, "%s %s", kv[i][0], kv[i][1]);
        if (sw_lines_push(&h->info, &h->ninfo, line))
            return ACC_ENOMEM;
    }
    h->shard_index = si;
    h->shard_count = sn;
    return ACC_OK;
}

/* What a plan line sets: its first word ("seed", "design", "outcomes"),
 * "vary <name>" or "set <name>" (a plan varies or fixes each name once). */
static size_t plan_key_len(const char *line)
{
    size_t n = strcspn(line, " ");
    if (strncmp(line, "vary ", 5) == 0)
        n = 5 + strcspn(line + 5, " ");
    else if (strncmp(line, "set ", 4) == 0)
        n = 4 + strcspn(line + 4, "=");
    return n;
}

/* The line of plan (of n) that sets what line does, or NULL. */
static const char *plan_find_key(char *const *plan, int n, const char *line)
{
    size_t k = plan_key_len(line);
    for (int i = 0; i < n; i++)
        if (plan_key_len(plan[i]) == k && strncmp(plan[i], line, k) == 0)
            return plan[i];
    return NULL;
}

/* The sweep in dir is of another scenario (its SHA-256 differs): another
 * file (the paths name different files) or this file since edited. */
static void scenario_differs(const char *dir, const sw_header *old, const sw_header *now,
                             const char *old_sha, const char *now_sha, char *err, size_t errlen)
{
    const char *a = sw_header_info(old, "scenario_path"), *b = sw_header_info(now, "scenario_path");
    int same_file = 1;
    if (a && b) {
        char *ra = realpath(a, NULL), *rb = realpath(b, NULL);
        same_file = ra && rb ? strcmp(ra, rb) == 0 : strcmp(a, b) == 0;
        free(ra);
        free(rb);
    }
    if (same_file)
        acc_errf(err, errlen,
                 "%s: cannot resume: the scenario file changed since the sweep began "
                 "(SHA-256 %.12s... then, %.12s... now); use another --out for the new version",
                 dir, old_sha, now_sha);
    else
        acc_errf(err, errlen,
                 "%s: cannot resume: the sweep there is of another scenario file (%s, SHA-256 "
                 "%.12s...; this command gives %s, SHA-256 %.12s...); use another --out for this one",
                 dir, a, old_sha, b, now_sha);
}

/* How plan a ("<alabel> <averb> ...", "which <alabel> <aneg>") differs from plan b: line by line
 * of what each sets (not by position, which shifts when one has a line the
 * other lacks), every difference named, into why ("" when the same). */
void sw_plan_explain(const sw_header *a, const char *alabel, const char *averb, const char *aneg,
                     const sw_header *b, const char *blabel, const char *bverb, const char *bneg,
                     acc_sb *why)
{
    for (int i = 0; i < a->nplan; i++) {
        const char *m = plan_find_key(b->plan, b->nplan, a->plan[i]);
        if (m && strcmp(m, a->plan[i]) == 0)
            continue;
        acc_sb_add(why, why->len ? "; " : "");
        if (m)
            acc_sb_printf(why, "%s %s '%s', %s %s '%s'", alabel, averb, a->plan[i], blabel, bverb, m);
        else
            acc_sb_printf(why, "%s %s '%s', which %s %s", alabel, averb, a->plan[i], blabel, bneg);
    }
    for (int i = 0; i < b->nplan; i++)
        if (!plan_find_key(a->plan, a->nplan, b->plan[i])) {
            acc_sb_add(why, why->len ? "; " : "");
            acc_sb_printf(why, "%s %s '%s', which %s %s", blabel, bverb, b->plan[i], alabel, aneg);
        }
    /* the same lines in another order (or, in a damaged journal, repeated) */
    for (int i = 0; !why->len && i < a->nplan && i < b->nplan; i++)
        if (strcmp(a->plan[i], b->plan[i]) != 0)
            acc_sb_printf(why, "the same settings in another order: %s %s '%s' before '%s'; "
                          "give the --vary and --set options in their original order",
                          alabel, averb, a->plan[i], b->plan[i]);
    if (!why->len)
        acc_sb_printf(why, "%s %s %d plan lines, %s %d", alabel, averb, a->nplan, blabel, b->nplan);
}

/* Explain how the journal's plan differs from this command's: line by line
 * of what each sets (not by position, which shifts when one gives a line
 * the other lacks), every difference named. */
static int compare_plans(const char *dir, const sw_header *old, const sw_header *now, char *err,
                         size_t errlen)
{
    int same = old->nplan == now->nplan;
    for (int i = 0; same && i < old->nplan; i++)
        same = strcmp(old->plan[i], now->plan[i]) == 0;
    if (!same) {
        const char *sa = plan_find_key(old->plan, old->nplan, "scenario_sha256");
        const char *sb = plan_find_key(now->plan, now->nplan, "scenario_sha256");
        if (sa && sb && strcmp(sa, sb) != 0) {
            scenario_differs(dir, old, now, sa + 16, sb + 16, err, errlen);
            return ACC_EINVAL;
        }
        acc_sb why = {0};
        sw_plan_explain(old, "it", "has", "does not have", now, "this command", "gives", "does not give",
                        &why);
        acc_errf(err, errlen,
                 "%s: cannot resume: the sweep there was planned differently (%s); repeat the "
                 "original options or use another --out",
                 dir, why.oom ? "out of memory" : why.s);
        acc_sb_free(&why);
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
    unsigned char *ok;     /* --timeseries resume: positions whose last record is ok */
    int retry_failed;
    uint64_t next_pos;
    sw_journal *j;
    sw_journal *tsj; /* --timeseries: written before j, synced before j */
    int lockfd;      /* journal.txt, flock'ed before anything there is cut or repaired; -1 */
    acc_sb line;
    uint64_t todo, finished, failed;
    uint64_t *by_rank; /* MPI: runs per rank this session */
    int progress;
    double t0, last_draw;
    char *err;
    size_t errlen;
    sw_warnings seen; /* warnings written to the journal this session */
    sw_modules seen_modules; /* modules written to the journal this session */
    void (*warn)(void *ud, const char *msg);
    void *warn_ud;
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
    if (c->ok && r->status == SW_OK) /* the last record of a run decides */
        c->ok[pos >> 3] |= (unsigned char)(1u << (pos & 7));
    else if (c->ok)
        c->ok[pos >> 3] &= (unsigned char)~(1u << (pos & 7));
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
    double now = acc_mono_s();
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

/* The warnings a run's worker sent after its body ("\nW <key> <text>" ...):
 * into the journal when new or from a lower run than seen (sweep_int.h);
 * a key neither the plan nor an earlier run gave goes to the warn callback.
 * The modules it loaded ("\nM <name> <path> <sha256>"): into the journal
 * when new to this session. */
static int journal_warnings(coord *c, uint64_t run, const char *tail, size_t n)
{
    int rc = ACC_OK;
    char *buf = malloc(n + 1);
    if (!buf) {
        acc_errf(c->err, c->errlen, "out of memory");
        return ACC_ENOMEM;
    }
    memcpy(buf, tail, n);
    buf[n] = 0;
    for (char *ln = buf; ln && rc == ACC_OK;) {
        char *next = strchr(ln, '\n');
        if (next)
            *next++ = 0;
        char *key = ln + 2, *sp = strchr(key, ' ');
        if (ln[0] == 'M' && ln[1] == ' ' && sp) { /* a module: name path sha256 */
            char *path = sp + 1, *sp2 = strchr(path, ' ');
            *sp = 0;
            if (sp2) {
                *sp2 = 0;
                char *sha = sp2 + 1;
                int added = 0;
                if (sw_unescape(key, strlen(key)) >= 0 && sw_unescape(path, strlen(path)) >= 0 &&
                    sw_unescape(sha, strlen(sha)) >= 0 &&
                    (added = sw_modules_add(&c->seen_modules, key, path, sha)) < 0) {
                    acc_errf(c->err, c->errlen, "out of memory");
                    rc = ACC_ENOMEM;
                } else if (added > 0) {
                    acc_sb_clear(&c->line);
                    sw_format_module(&c->line, key, path, sha);
                    rc = c->line.oom ? ACC_ENOMEM : sw_journal_append(c->j, c->line.s, c->line.len, c->err, c->errlen);
                    if (rc == ACC_ENOMEM)
                        acc_errf(c->err, c->errlen, "out of memory");
                }
            }
        } else if (ln[0] == 'W' && ln[1] == ' ' && sp) {
            *sp = 0;
            char *text = sp + 1;
            if (sw_unescape(key, strlen(key)) >= 0 && sw_unescape(text, strlen(text)) >= 0) {
                int known = 0;
                for (int i = 0; i < c->seen.n && !known; i++)
                    known = strcmp(c->seen.keys[i], key) == 0;
                for (int i = 0; i < c->p->nwarn && !known; i++)
                    known = strcmp(c->p->warn_keys[i], key) == 0;
                int added = sw_warnings_add(&c->seen, key, run, text);
                if (added < 0) {
                    acc_errf(c->err, c->errlen, "out of memory");
                    rc = ACC_ENOMEM;
                } else if (added) {
                    acc_sb_clear(&c->line);
                    sw_format_warning(&c->line, run, key, text);
                    rc = c->line.oom ? ACC_ENOMEM : sw_journal_append(c->j, c->line.s, c->line.len, c->err, c->errlen);
                    if (rc == ACC_ENOMEM)
                        acc_errf(c->err, c->errlen, "out of memory");
                }
                if (rc == ACC_OK && !known && c->warn)
                    c->warn(c->warn_ud, text);
            }
        }
        ln = next;
    }
    free(buf);
    return rc;
}

static int on_done(void *ud, const sw_done *d)
{
    coord *c = ud;
    int rc;
    if (c->tsj && d->extra_len) {
        /* the series first: a run's line in the journal promises its series */
        acc_sb_clear(&c->line);
        sw_tsj_format(&c->line, d->run, d->extra, d->extra_len);
        if (c->line.oom) {
            acc_errf(c->err, c->errlen, "out of memory");
            return ACC_ENOMEM;
        }
        if ((rc = sw_journal_append(c->tsj, c->line.s, c->line.len, c->err, c->errlen)))
            return rc;
    }
    /* whenever the run lines reach the disk, the series they promise are there already */
    if (c->tsj && sw_journal_sync_due(c->j) && (rc = sw_journal_sync(c->tsj, c->err, c->errlen)))
        return rc;
    size_t blen = sw_body_len(d->body, d->len);
    if (blen < d->len && (rc = journal_warnings(c, d->run, d->body + blen, d->len - blen)))
        return rc;
    acc_sb_clear(&c->line);
    sw_format_record(&c->line, d->run, d->seconds, d->body, blen);
    if (c->line.oom) {
        acc_errf(c->err, c->errlen, "out of memory");
        return ACC_ENOMEM;
    }
    rc = sw_journal_append(c->j, c->line.s, c->line.len, c->err, c->errlen);
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
        if (sw_signal_pending()) {
            /* stop: the busy workers' runs are not recorded (sw_pool_free ends them) */
            acc_errf(c->err, c->errlen, "stopped by %s", sw_signal_pending() == SIGTERM ? "SIGTERM" : "SIGINT");
            return ACC_EINTR;
        }
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

/* Dry run: time a few runs in one worker; estimate the rest. The pilot is
 * the plan's first runs and a run of its middle and of its last design point
 * (when those are other points): what varies with the point (a varied
 * horizon: the time, the record and the series of a run) is estimated by the
 * mean over the points the pilot ran of each point's mean. */
typedef struct pilot_ctx {
    acc_sweep_result *res;
    int nout;
    int cur;                    /* the pilot run under way */
    uint64_t point[PILOT_MAX];  /* each pilot run's design point */
    double bytes[PILOT_MAX];    /* its record's length */
    /* --timeseries: the successful runs' series (copied: sw_ts_parse wants
     * 8-byte alignment) */
    int nts;
    uint64_t ts_run[PILOT_MAX];
    acc_sb ts[PILOT_MAX];
} pilot_ctx;

/* The mean over the distinct points of point[0..n) of each one's mean of v. */
static double point_mean(const uint64_t *point, const double *v, int n)
{
    double sum = 0;
    int npts = 0;
    for (int i = 0; i < n; i++) {
        int seen = 0;
        for (int j = 0; j < i && !seen; j++)
            seen = point[j] == point[i];
        if (seen)
            continue;
        double s = 0;
        int m = 0;
        for (int j = i; j < n; j++)
            if (point[j] == point[i])
                s += v[j], m++;
        sum += s / m;
        npts++;
    }
    return npts ? sum / npts : 0;
}

static int on_pilot(void *ud, const sw_done *d)
{
    pilot_ctx *pl = ud;
    size_t blen = sw_body_len(d->body, d->len); /* without the run's warnings */
    pl->bytes[pl->cur] = (double)blen;
    int ok = blen >= 3 && memcmp(d->body, "ok ", 3) == 0;
    if (ok && !pl->nout)
        pl->nout = atoi(d->body + 3);
    if (ok && d->extra_len && pl->nts < PILOT_MAX) {
        acc_sb_addn(&pl->ts[pl->nts], d->extra, d->extra_len);
        if (pl->ts[pl->nts].oom)
            return ACC_ENOMEM;
        pl->ts_run[pl->nts++] = d->run;
    }
    if (!ok && !pl->res->pilot_error[0]) {
        /* body: "<status> <escaped message>" */
        char *copy = malloc(blen + 1);
        if (copy) {
            memcpy(copy, d->body, blen);
            copy[blen] = 0;
            char *sp = strchr(copy, ' ');
            if (sp && sw_unescape(sp + 1, strlen(sp + 1)) >= 0)
                snprintf(pl->res->pilot_error, sizeof pl->res->pilot_error, "run %llu: %s",
                         (unsigned long long)d->run, sp + 1);
            free(copy);
        }
    }
    return ACC_OK;
}

/* --timeseries: the bytes of timeseries.bin (every run of the shard ok, each
 * record the size of the pilot's) and, unsharded, of timeseries.csv (every
 * point's rows the length of those the pilot's runs of its first point give,
 * each row with the point's number and about 18 characters per parameter).
 * 1 and *bytes, or -1 when no pilot run gave a series. */
static int pilot_series_bytes(const sw_plan *p, const pilot_ctx *pl, uint64_t npos, uint64_t sn,
                              double *bytes)
{
    sw_ts_view views[PILOT_MAX], view;
    int k = 0, nv = 0;
    uint64_t vpoint[PILOT_MAX];
    double rec[PILOT_MAX], vcells[PILOT_MAX];
    for (int i = 0; i < pl->nts; i++) {
        rec[i] = 24.0 + (double)pl->ts[i].len; /* the record head and the payload */
        if (sw_ts_parse(pl->ts[i].s, pl->ts[i].len, &view) != 0)
            continue;
        vpoint[nv] = pl->ts_run[i] / p->reps;
        vcells[nv++] = (double)view.nsteps * view.nrows * view.ncols;
        if (pl->ts_run[i] / p->reps == pl->ts_run[0] / p->reps)
            views[k++] = view;
    }
    if (k == 0)
        return -1;
    uint64_t tpoint[PILOT_MAX];
    for (int i = 0; i < pl->nts; i++)
        tpoint[i] = pl->ts_run[i] / p->reps;
    *bytes = 8 + (double)npos * point_mean(tpoint, rec, pl->nts);
    if (sn == 1) {
        /* a point's rows as the first point's, times its number of cells
         * (steps x rows x metrics) over the first point's */
        double cells0 = (double)views[0].nsteps * views[0].nrows * views[0].ncols;
        double cells = point_mean(vpoint, vcells, nv);
        double scale = cells0 > 0 ? cells / cells0 : 1;
        /* the point column over all points: sum of the digits of 0 .. npoints - 1 */
        double point_digits = 0;
        for (uint64_t lo = 0, width = 1; lo < p->npoints; lo = lo ? lo * 10 : 10, width++) {
            uint64_t hi = lo ? lo * 10 : 10;
            point_digits += (double)((hi < p->npoints ? hi : p->npoints) - lo) * (double)width;
        }
        double prefix = point_digits + (double)p->npoints * (1 + 19.0 * p->nvary);
        *bytes += 80 + 19.0 * p->nvary + cells * prefix +
                  (double)p->npoints * scale * sw_ts_csv_point_bytes(views, k, p->reps);
    }
    return 1;
}

static int dry_run(const acc_sweep_opts *o, const sw_plan *p, uint64_t si, uint64_t sn, int jobs,
                   acc_sweep_result *res, char *err, size_t errlen)
{
    sw_exec x;
    if (sw_exec_init(&x, p, o->verbose)) {
        sw_exec_free(&x);
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    sw_pool_opts po = {1, p->run_timeout_s, sw_exec_run, &x, NULL, 0, p->lua_time_limit_s};
    sw_pool *pool = NULL;
    int rc = sw_pool_new(&po, &pool, err, errlen);
    uint64_t npos = sw_shard_runs(p->nruns, si, sn);
    /* the shard's positions to run: its first runs, then its middle and last
     * runs when they are of points not yet run */
    uint64_t pos[PILOT_MAX];
    int npilot = 0;
    for (uint64_t q = 0; q < npos && q < PILOT_RUNS; q++)
        pos[npilot++] = q;
    uint64_t more[2] = {npos / 2, npos ? npos - 1 : 0};
    for (int m = 0; m < 2 && npos > 0; m++) {
        int seen = 0;
        for (int i = 0; i < npilot && !seen; i++)
            seen = (pos[i] * sn + si) / p->reps == (more[m] * sn + si) / p->reps;
        if (!seen)
            pos[npilot++] = more[m];
    }
    double wall[PILOT_MAX];
    pilot_ctx pl;
    memset(&pl, 0, sizeof pl);
    pl.res = res;
    for (int q = 0; q < npilot && rc == ACC_OK; q++) {
        uint64_t run = pos[q] * sn + si;
        double t0 = acc_mono_s();
        pl.cur = q;
        pl.point[q] = run / p->reps;
        rc = sw_pool_submit(pool, run, err, errlen);
        while (rc == ACC_OK && sw_pool_busy(pool) > 0)
            rc = sw_pool_wait(pool, 200, on_pilot, &pl, err, errlen);
        wall[q] = acc_mono_s() - t0;
    }
    sw_pool_free(pool);
    sw_exec_free(&x);
    if (rc)
        goto done;
    res->pilot_runs = (uint64_t)npilot;
    res->pilot_run_s = point_mean(pl.point, wall, npilot);
    int workers = jobs * (o->mpi_size > 1 ? o->mpi_size : 1);
    if ((uint64_t)workers > npos)
        workers = (int)(npos ? npos : 1);
    res->est_wall_s = res->pilot_run_s * (double)npos / workers;
    /* bytes: a journal line per run (about the record body), a runs.csv row
     * (the values plus parameters), points.csv rows per point and outcome */
    double per_rec = npilot ? point_mean(pl.point, pl.bytes, npilot) : 64;
    int nout = p->noutcomes ? p->noutcomes : pl.nout;
    double per_row = 30 + 18.0 * (p->nvary + nout);
    double bytes = (double)npos * (per_rec + 30) + (double)npos * per_row +
                   (sn == 1 ? (double)p->npoints * nout * (70 + 18.0 * p->nvary) : 0) + 8192;
    if (p->timeseries) {
        double ts = 0;
        res->est_ts = pilot_series_bytes(p, &pl, npos, sn, &ts);
        res->est_ts_bytes = (uint64_t)ts;
        bytes += ts;
    }
    res->est_bytes = (uint64_t)bytes;
done:
    for (int i = 0; i < pl.nts; i++)
        acc_sb_free(&pl.ts[i]);
    return rc;
}

/* One session of a sweep: what acc_sweep_run holds from start to end. */
typedef struct session {
    const acc_sweep_opts *o;
    acc_sweep_result *res;
    sw_plan *p;
    sw_exec x;
    sw_remote *remote;
    int mpi, jobs;
    int need_stop; /* rank 0 of an MPI job: stop the executor ranks at the end */
    uint64_t si, sn;
    char outdir[1024], jpath[1200], tspath[1200], start[32];
    double t0;
    sw_header now; /* this plan's journal header */
    coord c;
    char *err;
    size_t errlen;
} session;

static int check_opts(const acc_sweep_opts *o, uint64_t si, uint64_t sn, char *err, size_t errlen)
{
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
    return ACC_OK;
}

/* The planning loads' warnings, once (rank 0). */
static void give_plan_warnings(const acc_sweep_opts *o, const sw_plan *p, int rank)
{
    for (int i = 0; i < p->nwarn && o->warn && rank == 0; i++)
        o->warn(o->warn_ud, p->warn_texts[i]);
}

/* The plan (agreed on by every MPI rank) and the output directory. */
static int plan_session(session *S)
{
    const acc_sweep_opts *o = S->o;
    int rc = sw_plan_from_opts(o, &S->p, S->err, S->errlen);
    if (S->mpi) {
        /* every rank built its plan from the same arguments: agree on it */
        int arc = sw_mpi_agree_plan(S->p, rc, S->err, S->errlen);
        if (arc && !rc)
            rc = arc;
    }
    if (rc)
        return rc;
    S->res->n_points = S->p->npoints;
    S->res->n_runs = sw_shard_runs(S->p->nruns, S->si, S->sn);
    sw_plan_describe(S->p, S->res->design_desc, sizeof S->res->design_desc);
    if (o->outdir && strlen(o->outdir) >= sizeof S->outdir) {
        /* file paths are built in fixed buffers: never cut one short */
        acc_errf(S->err, S->errlen,
                 "output directory '%.60s...' is too long (%zu bytes, at most %zu)", o->outdir,
                 strlen(o->outdir), sizeof S->outdir - 1);
        return ACC_EINVAL; /* every rank sees the same --out: all stop here */
    }
    if (o->outdir)
        snprintf(S->outdir, sizeof S->outdir, "%s", o->outdir);
    else
        default_outdir(S->p, S->si, S->sn, S->outdir, sizeof S->outdir);
    snprintf(S->res->outdir, sizeof S->res->outdir, "%s", S->outdir);
    return ACC_OK;
}

/* --timeseries: a finished ok run is done only with its series. Those
 * timeseries.bin lacks (the file lost, emptied, cut short, or a record
 * damaged: a torn or corrupt one fails its CRC) are run again, as a run
 * whose journal line is torn is: the outputs then equal an uninterrupted
 * sweep's. The file is made appendable (created, its header rewritten) and
 * its torn tail is cut when opened. */
static int resume_series(session *S, long long *ts_truncate)
{
    coord *c = &S->c;
    int repaired, rc;
    if ((rc = sw_tsj_repair_header(S->tspath, &repaired, S->err, S->errlen)))
        return rc;
    /* c->ok becomes: the runs that need a series and have none */
    for (uint64_t i = 0; i < c->npos / 8 + 1; i++)
        c->ok[i] &= c->done[i];
    if ((rc = sw_tsj_mark_present(S->tspath, S->p->nruns, S->si, S->sn, c->ok, ts_truncate,
                                  S->err, S->errlen)))
        return rc;
    for (uint64_t q = 0; q < c->npos; q++)
        if (c->ok[q >> 3] & (1u << (q & 7))) {
            c->done[q >> 3] &= (unsigned char)~(1u << (q & 7));
            S->res->n_series_redone++;
        }
    return ACC_OK;
}

/* A journal there already: resume it (the runs it finished are done). */
static int resume_journal(session *S, long long *truncate_to, long long *ts_truncate)
{
    coord *c = &S->c;
    if (!S->o->resume) {
        acc_errf(S->err, S->errlen,
                 "%s already holds a sweep: continue it with --resume, or choose another --out",
                 S->outdir);
        return ACC_EINVAL;
    }
    sw_header old;
    uint64_t nbad;
    if (S->p->timeseries && !(c->ok = calloc((size_t)(c->npos / 8 + 1), 1))) {
        acc_errf(S->err, S->errlen, "out of memory");
        return ACC_ENOMEM;
    }
    int rc = sw_journal_read(S->jpath, &old, on_resume_record, c, truncate_to, &nbad, S->err,
                             S->errlen);
    if (rc)
        return rc;
    rc = compare_plans(S->outdir, &old, &S->now, S->err, S->errlen);
    sw_header_free(&old);
    if (rc)
        return rc;
    S->res->n_bad_records = nbad;
    if (!S->p->timeseries)
        return ACC_OK;
    return resume_series(S, ts_truncate);
}

/* Create or resume the journal (and time-series journal), open and lock it,
 * and count what is left to run. */
/* Hold journal.txt's lock (flock, on a descriptor of its own kept until the
 * journals close) or refuse: another accord sweep is writing there. */
static int lock_journal(session *S)
{
    int fd = open(S->jpath, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        acc_errf(S->err, S->errlen, "%s: cannot open: %s", S->jpath, strerror(e));
        return ACC_EIO;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        close(fd);
        acc_errf(S->err, S->errlen,
                 "%s is being written by another accord sweep (its journal is locked)",
                 S->outdir);
        return ACC_EINVAL;
    }
    S->c.lockfd = fd;
    return ACC_OK;
}

static void unlock_journal(coord *c)
{
    if (c->lockfd >= 0)
        close(c->lockfd);
    c->lockfd = -1;
}

static int open_journals(session *S)
{
    const sw_plan *p = S->p;
    coord *c = &S->c;
    int rc;
    if ((rc = acc_io_check_outdir_kind(S->outdir, ACC_KIND_SWEEP, S->err, S->errlen)))
        return rc;
    snprintf(S->jpath, sizeof S->jpath, "%s/" ACC_FILE_JOURNAL, S->outdir);
    snprintf(S->tspath, sizeof S->tspath, "%s/" ACC_FILE_TS_JOURNAL, S->outdir);
    if (make_header(p, S->si, S->sn, &S->now))
        goto oom;
    c->p = p;
    c->si = S->si;
    c->sn = S->sn;
    c->npos = S->res->n_runs;
    c->retry_failed = S->o->retry_failed;
    c->err = S->err;
    c->errlen = S->errlen;
    c->progress = S->o->progress;
    c->warn = S->o->warn;
    c->warn_ud = S->o->warn_ud;
    if (!(c->done = calloc((size_t)(c->npos / 8 + 1), 1)))
        goto oom;
    long long truncate_to = -1, ts_truncate = -1;
    struct stat stt;
    /* The lock first: a --resume cuts torn tails off the journals and may
     * repair the series file's header, which must never happen to a sweep
     * still writing there (it cut that sweep's newest series, which then
     * failed). */
    if (stat(S->jpath, &stt) == 0) {
        if (!(rc = lock_journal(S)))
            rc = resume_journal(S, &truncate_to, &ts_truncate);
    } else if (!(rc = acc_io_mkdir_p(S->outdir, S->err, S->errlen)) &&
               !(p->timeseries && (rc = sw_tsj_create(S->tspath, S->err, S->errlen))) &&
               !(rc = sw_journal_create(S->jpath, &S->now, S->err, S->errlen))) {
        rc = lock_journal(S);
    }
    if (rc)
        return rc;
    if ((rc = sw_journal_open(S->jpath, truncate_to, SYNC_INTERVAL_S, &c->j, S->err, S->errlen)) ||
        (p->timeseries &&
         (rc = sw_journal_open(S->tspath, ts_truncate, -1, &c->tsj, S->err, S->errlen))))
        return rc;
    /* the directory is ours now: remove what writers killed there left
     * (a sweep's or merge's output files under temporary names) */
    acc_atomic_remove_stale(S->outdir);
    for (uint64_t q = 0; q < c->npos; q++)
        S->res->n_resumed += is_done(c, q) ? 1 : 0;
    c->todo = c->npos - S->res->n_resumed;
    c->t0 = acc_mono_s();
    if (S->mpi && !(c->by_rank = calloc((size_t)S->o->mpi_size, sizeof *c->by_rank)))
        goto oom;
    return ACC_OK;
oom:
    acc_errf(S->err, S->errlen, "out of memory");
    return ACC_ENOMEM;
}

/* Run what is left through the workers (and MPI ranks); close the journals. */
static int run_pending(session *S)
{
    coord *c = &S->c;
    const sw_plan *p = S->p;
    int rc = ACC_OK;
    if (c->todo > 0) {
        sw_pool *pool = NULL;
        int nw = (uint64_t)S->jobs < c->todo ? S->jobs : (int)c->todo;
        int fds[3] = {sw_journal_fd(c->j), sw_journal_fd(c->tsj), c->lockfd};
        sw_pool_opts po = {nw, p->run_timeout_s, sw_exec_run, &S->x, fds, 3, p->lua_time_limit_s};
        if (S->mpi)
            rc = sw_remote_new(S->o->mpi_size, S->jobs, &S->remote, S->err, S->errlen);
        if (rc == ACC_OK)
            rc = sw_pool_new(&po, &pool, S->err, S->errlen);
        if (rc == ACC_OK)
            rc = execute(c, pool, S->remote);
        sw_pool_free(pool); /* ends busy workers: an interrupted run is not a failure */
        if (c->progress)
            draw_progress(c, 1);
    }
    if (S->need_stop) {
        sw_mpi_stop_executors(S->o->mpi_size);
        S->need_stop = 0;
    }
    S->res->n_ran = c->finished;
    S->res->n_done = S->res->n_resumed + c->finished;
    /* the series journal first, then the run lines that promise them */
    int trc = sw_journal_close(c->tsj, rc ? NULL : S->err, rc ? 0 : S->errlen);
    c->tsj = NULL;
    if (!rc)
        rc = trc;
    int crc = sw_journal_close(c->j, rc ? NULL : S->err, rc ? 0 : S->errlen);
    c->j = NULL;
    unlock_journal(c);
    return rc ? rc : crc;
}

static int write_outputs(session *S)
{
    const char *journals[1] = {S->jpath}, *tsjournals[1] = {S->tspath};
    sw_output_opts oo;
    sw_output_opts_init(&oo, S->p, &S->now, journals, tsjournals, S->outdir, S->o->command_line,
                        S->start, acc_mono_s() - S->t0);
    oo.shard_index = S->si;
    oo.shard_count = S->sn;
    oo.jobs = S->jobs;
    oo.mpi_ranks = S->mpi ? S->o->mpi_size : 1;
    oo.sessions = (int)(S->c.finished > INT32_MAX ? INT32_MAX : S->c.finished);
    oo.runs_by_rank = S->c.by_rank;
    /* "sources": require's folders as every run's load found them (the
     * workers inherit this process's directory and environment) */
    char scripts[1024], dir[1024];
    acc_scenario_module_dirs_of(S->p->scenario, NULL, scripts, sizeof scripts, dir, sizeof dir);
    const char *dirs[2] = {scripts, dir};
    oo.module_dirs = dirs;
    oo.n_module_dirs = 2;
    /* a signal stops the writing as it stops the runs (docs/sweeps.md) */
    oo.interrupted = sw_signal_pending;
    oo.pause_for_test = sw_fault_pause();
    sw_output_stats st;
    int rc = sw_output_write(&oo, &st, S->err, S->errlen);
    S->res->outputs_complete = st.committed;
    S->res->n_ok = st.n_ok;
    S->res->n_failed = st.n_failed;
    return rc;
}

static void session_free(session *S)
{
    sw_journal_close(S->c.tsj, NULL, 0);
    sw_journal_close(S->c.j, NULL, 0);
    unlock_journal(&S->c);
    free(S->c.done);
    free(S->c.ok);
    free(S->c.by_rank);
    sw_warnings_free(&S->c.seen);
    sw_modules_free(&S->c.seen_modules);
    acc_sb_free(&S->c.line);
    sw_header_free(&S->now);
    if (S->need_stop)
        sw_mpi_stop_executors(S->o->mpi_size);
    sw_remote_free(S->remote);
    sw_exec_free(&S->x);
    sw_plan_free(S->p);
}

int acc_sweep_run(const acc_sweep_opts *o, acc_sweep_result *res, char *err, size_t errlen)
{
    memset(res, 0, sizeof *res);
    session *S = calloc(1, sizeof *S);
    if (!S) {
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    S->o = o;
    S->res = res;
    S->err = err;
    S->errlen = errlen;
    S->c.lockfd = -1; /* no lock held (0 would be stdin) */
    S->t0 = acc_mono_s();
    acc_utc_now(S->start, sizeof S->start, ACC_UTC_ISO8601);
    S->si = o->shard_count > 0 ? o->shard_index : 0;
    S->sn = o->shard_count > 0 ? o->shard_count : 1;
    int rc = check_opts(o, S->si, S->sn, err, errlen);
    S->mpi = o->mpi_size > 1;
    int rank = S->mpi ? o->mpi_rank : 0;
    S->jobs = o->jobs > 0 ? o->jobs : (S->mpi ? 1 : online_cores());
    if (!rc)
        res->jobs = S->jobs;
    if (rc || (rc = plan_session(S))) {
        session_free(S); /* the plan, if any */
        free(S);
        return rc;
    }
    /* the planning loads' warnings: an error with --strict (on every rank,
     * which all planned alike), else given once before any run */
    if (S->p->nwarn && o->strict) {
        acc_errf(err, errlen, "%s (--strict: warnings are errors)", S->p->warn_texts[0]);
        session_free(S);
        free(S);
        return ACC_EINVAL;
    }
    if (sw_exec_init(&S->x, S->p, o->verbose)) {
        rc = ACC_ENOMEM;
        acc_errf(err, errlen, "out of memory");
        goto done;
    }
    if (S->mpi && rank != 0) {
        /* an executor rank: run what rank 0 sends until it says stop */
        sw_pool_opts po = {S->jobs, S->p->run_timeout_s, sw_exec_run, &S->x, NULL, 0,
                           S->p->lua_time_limit_s};
        rc = sw_mpi_serve(&po, err, errlen);
        goto done;
    }
    /* rank 0 of an MPI job: from here on every path ends by stopping the
     * executor ranks (session_free) */
    S->need_stop = S->mpi;
    /* the planning's warnings once the output directory is accepted (not
     * before a refusal of it) */
    if (o->dry_run) {
        give_plan_warnings(o, S->p, rank);
        rc = dry_run(o, S->p, S->si, S->sn, S->jobs, res, err, errlen);
    } else if (!(rc = open_journals(S))) {
        res->journaled = 1;
        give_plan_warnings(o, S->p, rank);
        /* SIGINT and SIGTERM stop the runs and the writing of the outputs
         * alike: caught (a flag) until the outputs are in place */
        int sig_ok = sw_signals_install() == 0;
        if (!(rc = run_pending(S)))
            rc = write_outputs(S);
        if (sig_ok)
            sw_signals_restore();
    }
done:
    session_free(S);
    double t0 = S->t0;
    free(S);
    res->wall_s = acc_mono_s() - t0;
    return rc;
}
