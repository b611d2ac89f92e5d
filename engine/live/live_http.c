/* accord live — the HTTP server (libmicrohttpd, a thread per connection):
 * routes, query checking, limits (request and query size, runs queued,
 * requests per second per address), client ids and the class view, the
 * JSON and SVG answers, and a clean stop on SIGINT/SIGTERM.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "base/numfmt.h"
#include "base/sha256.h"
#include "io/atomic.h"
#include "io/jdoc.h"
#include "io/json.h"
#include "live/live.h"
#include "live/live_int.h"
#include "report/outcomes.h"

#define MAX_URI 2048      /* path + query, bytes (longer: 414) */
#define MAX_ARGS 80       /* query arguments */
#define MAX_VALUE 64      /* bytes of one parameter value */
#define MAX_CLIENTS 256   /* participants the class view keeps */
#define MAX_ADDRS 1024    /* addresses the rate limiter keeps */
#define CLIENT_ACTIVE_S 3600.0
#define MAX_RUN_REQUESTS 64 /* requests waiting for runs at once (more: 429) */ /* the class view shows participants seen within an hour */
#define STOP_WAIT_S 3.0     /* at SIGINT/SIGTERM: the longest wait for answers being sent */

typedef struct client {
    char id[17];
    char who[LIVE_NAME_BYTES];
    int number;      /* P1, P2, ... in order of arrival */
    double seen;     /* monotonic seconds */
    double values[LIVE_MAX_PARAMS];
    double harm, survival, welfare;
    uint64_t seed;
    int reps;
    double def_harm, def_survival; /* the default run with this seed and reps */
} client;

typedef struct addr_bucket {
    unsigned char addr[16];
    int used;
    double tokens, last;
} addr_bucket;

typedef struct live {
    const acc_live_opts *o;
    live_scenario sc;
    live_pool pool;
    struct MHD_Daemon *d;
    pthread_mutex_t mu; /* clients, buckets, counters */
    client clients[MAX_CLIENTS];
    int nclients, next_number;
    double def_harm, def_survival; /* the default run of the last request */
    int have_def;
    addr_bucket buckets[MAX_ADDRS];
    unsigned char secret[32];
    unsigned long long idseq;
    int run_requests; /* requests in serve_run */
    int answering;    /* requests handled whose answer is not yet sent (on_done) */
    atomic_int listening; /* libmicrohttpd's messages go to stderr (before: kept in mhd_msg) */
    char mhd_msg[256];    /* its last message while starting (main thread only) */
} live;

/* A request's query, checked. */
typedef struct req {
    double values[LIVE_MAX_PARAMS];
    int given[LIVE_MAX_PARAMS];
    uint64_t seed;
    int reps, compare;
    char client[17];
    char who[LIVE_NAME_BYTES];
    int who_given;      /* name= was in the query: an empty one clears the name */
    const char *figure; /* /api/figure/NAME.svg */
    int status;         /* HTTP status of a bad query (0: fine) */
    char err[ACC_ERRLEN];
    live *L;
} req;

static double mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ---- answers ------------------------------------------------------------------ */

/* disposition: a Content-Disposition header (a download), or NULL */
static enum MHD_Result send_buf_as(struct MHD_Connection *c, unsigned status, const char *type,
                                   char *body, size_t len, int owned, const char *cookie,
                                   const char *disposition);
static enum MHD_Result send_buf(struct MHD_Connection *c, unsigned status, const char *type,
                                char *body, size_t len, int owned, const char *cookie)
{
    return send_buf_as(c, status, type, body, len, owned, cookie, NULL);
}

static enum MHD_Result send_buf_as(struct MHD_Connection *c, unsigned status, const char *type,
                                   char *body, size_t len, int owned, const char *cookie,
                                   const char *disposition)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(
        len, body, owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!r) {
        if (owned)
            free(body);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                            "script-src 'self'; connect-src 'self'; frame-ancestors 'none'");
    if (status == MHD_HTTP_TOO_MANY_REQUESTS)
        MHD_add_response_header(r, "Retry-After", "1");
    if (cookie)
        MHD_add_response_header(r, "Set-Cookie", cookie);
    if (disposition)
        MHD_add_response_header(r, "Content-Disposition", disposition);
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result send_sb(struct MHD_Connection *c, unsigned status, const char *type, acc_sb *sb)
{
    if (sb->oom) {
        acc_sb_free(sb);
        static char oom[] = "{\"error\": \"out of memory\"}\n";
        return send_buf(c, 500, "application/json", oom, sizeof oom - 1, 0, NULL);
    }
    size_t len = sb->len;
    char *body = sb->s ? sb->s : strdup("");
    sb->s = NULL;
    return send_buf(c, status, type, body, len, 1, NULL);
}

/* {"error": msg, "status": code} */
static enum MHD_Result send_error(struct MHD_Connection *c, unsigned status, const char *msg)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    acc_json *j = NULL;
    char e[ACC_ERRLEN];
    if (!fp || acc_json_new(fp, "answer", &j, e, sizeof e) != ACC_OK) {
        if (fp)
            fclose(fp);
        free(buf);
        return MHD_NO;
    }
    acc_json_begin_object(j);
    acc_json_kstr(j, "error", msg);
    acc_json_kint(j, "status", status);
    acc_json_end_object(j);
    acc_json_finish(j);
    acc_json_free(j);
    fclose(fp);
    return send_buf(c, status, "application/json; charset=utf-8", buf, len, 1, NULL);
}

/* ---- the query ---------------------------------------------------------------- */

static int find_param(const live_scenario *sc, const char *name)
{
    for (int i = 0; i < sc->nparams; i++)
        if (strcmp(sc->params[i].name, name) == 0)
            return i;
    return -1;
}

static int is_hex16(const char *s)
{
    if (!s || strlen(s) != 16)
        return 0;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return 0;
    return 1;
}

static void bad(req *q, unsigned status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void bad(req *q, unsigned status, const char *fmt, ...)
{
    if (q->status)
        return; /* the first problem is the one reported */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(q->err, sizeof q->err, fmt, ap);
    va_end(ap);
    q->status = (int)status;
}

static enum MHD_Result on_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    req *q = cls;
    const live_scenario *sc = &q->L->sc;
    const char *v = value ? value : "";
    int i = find_param(sc, key);
    if (i >= 0) {
        /* as accord run --set reads it (acc_parse_set_value), with its message */
        double x = NAN;
        const int okv = strlen(v) <= MAX_VALUE && acc_parse_set_value(v, &x);
        if (q->given[i])
            bad(q, 400, "%s: --set %s is given twice", sc->path, key);
        else if (!okv)
            bad(q, 400,
                "%s: --set %s: '%.*s' is not " ACC_SET_VALUE_FORMS, sc->path, key, MAX_VALUE, v);
        q->values[i] = x;
        q->given[i] = 1;
    } else if (strcmp(key, "seed") == 0) {
        char *end;
        errno = 0;
        unsigned long long s = (*v >= '0' && *v <= '9') ? strtoull(v, &end, 10) : 0;
        /* digits only, as accord run --seed; a '+' in a query string is a
         * space (seed=+4 arrives as ' 4'): the message says so */
        if (!(*v >= '0' && *v <= '9') || *end || errno || s > 9223372036854775807ULL)
            bad(q, 400, "--seed needs a whole number in [0, 9223372036854775807], got '%.*s'%s",
                MAX_VALUE, v,
                strchr(v, ' ') ? " (a '+' in a query string stands for a space: give the digits "
                                 "alone, seed=4)"
                               : "");
        q->seed = s;
    } else if (strcmp(key, "reps") == 0) {
        char *end;
        long r = (*v >= '0' && *v <= '9') ? strtol(v, &end, 10) : -1;
        if (r < 1 || *end || r > q->L->o->max_reps)
            bad(q, 400, "reps needs a whole number in [1, %d], got '%.*s'", q->L->o->max_reps,
                MAX_VALUE, v);
        else
            q->reps = (int)r;
    } else if (strcmp(key, "compare") == 0) {
        if (strcmp(v, "0") && strcmp(v, "1"))
            bad(q, 400, "compare needs 0 or 1, got '%.*s'", MAX_VALUE, v);
        q->compare = strcmp(v, "1") == 0;
    } else if (strcmp(key, "client") == 0) {
        if (!is_hex16(v))
            bad(q, 400, "client needs 16 hexadecimal digits (0-9, a-f), got '%.*s'", MAX_VALUE, v);
        else
            snprintf(q->client, sizeof q->client, "%s", v);
    } else if (strcmp(key, "name") == 0) {
        live_clean_name(q->who, v); /* the participant's name for the class view */
        q->who_given = 1;
    } else {
        char names[2048] = "";
        for (int p = 0; p < sc->nparams; p++)
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", p ? ", " : "",
                     sc->params[p].name);
        bad(q, 400,
            "unknown query parameter '%.*s' (this scenario's parameters: %s; and seed, reps, "
            "compare, client, name)",
            MAX_VALUE, key, names);
    }
    return MHD_YES;
}

/* A query argument whose name or value holds a %00 (a NUL byte): the C
 * strings the other callbacks see would end there, so "0.7%00junk" would
 * read as 0.7. Counted here, where the lengths are known, and refused. */
static enum MHD_Result on_arg_n(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
                                const char *value, size_t value_size)
{
    (void)kind;
    int *nul = cls;
    if ((key && strlen(key) != key_size) || (value && strlen(value) != value_size))
        (*nul)++;
    return MHD_YES;
}

static void parse_query(live *L, struct MHD_Connection *c, req *q)
{
    memset(q, 0, sizeof *q);
    q->L = L;
    q->seed = 1;
    q->reps = 1;
    int n = MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, NULL, NULL);
    if (n > MAX_ARGS) {
        bad(q, 400, "too many query arguments: %d (at most %d)", n, MAX_ARGS);
        return;
    }
    int nul = 0;
    MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, on_arg_n, &nul);
    if (nul) {
        bad(q, 400, "a query argument holds a NUL byte (%%00)");
        return;
    }
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, on_arg, q);
    if (!q->client[0]) {
        const char *ck = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "accord_client");
        if (is_hex16(ck))
            snprintf(q->client, sizeof q->client, "%s", ck);
    }
}

/* The --set strings of q: values that differ from the default, in declared
 * order, written so that they parse back to the same double. */
static int make_sets(const live_scenario *sc, const req *q, char bufs[][96], const char **sets)
{
    int n = 0;
    for (int i = 0; i < sc->nparams; i++) {
        if (!q->given[i] || q->values[i] == sc->params[i].def)
            continue;
        char num[ACC_IO_NUMBUF];
        acc_io_fmt_double(num, q->values[i]);
        snprintf(bufs[n], 96, "%s=%s", sc->params[i].name, num);
        sets[n] = bufs[n];
        n++;
    }
    return n;
}

/* ---- running ------------------------------------------------------------------ */

typedef struct job {
    live *L;
    const char *const *sets;
    int nsets;
    uint64_t seed, run;
    int reps; /* the request's runs like this one (the work limit) */
    live_run *res;
    int cached, busy;
    int skipped; /* not run: a run of the request was refused as too big */
} job;

/* The jobs of one request, taken in turn by at most `jobs` threads (the
 * pool runs at most that many at once anyway). */
typedef struct job_list {
    job *jobs;
    int n, next;
    int refused; /* a run came back too big: take no more (the rest are the comparison's) */
    pthread_mutex_t mu;
} job_list;

static void *jobs_main(void *arg)
{
    job_list *jl = arg;
    for (;;) {
        pthread_mutex_lock(&jl->mu);
        int i = jl->next < jl->n && !jl->refused ? jl->next++ : -1;
        pthread_mutex_unlock(&jl->mu);
        if (i < 0)
            return NULL;
        job *jb = &jl->jobs[i];
        jb->res = live_pool_run(&jb->L->pool, jb->sets, jb->nsets, jb->seed, jb->run, jb->reps,
                                &jb->cached, &jb->busy);
        if (jb->res && jb->res->status == LIVE_STATUS_TOO_BIG) {
            pthread_mutex_lock(&jl->mu);
            jl->refused = 1;
            pthread_mutex_unlock(&jl->mu);
        }
    }
}

/* Run the jobs in order on up to the pool's workers; once one is refused as
 * too big the rest are not taken (marked skipped): a request's own runs come
 * first, so a refused one does not run its comparison at the defaults. */
static void run_jobs(live *L, job *jobs, int n)
{
    job_list jl = {jobs, n, 0, 0, PTHREAD_MUTEX_INITIALIZER};
    pthread_t th[64];
    int nth = 0, want = L->pool.jobs < n ? L->pool.jobs : n;
    for (int i = 1; i < want && i < 64; i++)
        if (pthread_create(&th[nth], NULL, jobs_main, &jl) == 0)
            nth++;
    jobs_main(&jl); /* this thread works too */
    for (int i = 0; i < nth; i++)
        pthread_join(th[i], NULL);
    pthread_mutex_destroy(&jl.mu);
    for (int i = jl.next; i < n; i++)
        jobs[i].skipped = 1;
}

/* Mean, min and max over replicates of figure s. */
typedef struct agg {
    int n;
    const double *x;
    double *mean, *lo, *hi;
} agg;

static int aggregate(live_run *const *runs, int reps, int s, agg *a)
{
    a->n = runs[0]->nsteps;
    a->x = runs[0]->year;
    size_t n = (size_t)(a->n > 0 ? a->n : 1);
    a->mean = calloc(n, sizeof(double));
    a->lo = calloc(n, sizeof(double));
    a->hi = calloc(n, sizeof(double));
    if (!a->mean || !a->lo || !a->hi)
        return ACC_ENOMEM;
    for (int t = 0; t < a->n; t++) {
        double sum = 0, lo = INFINITY, hi = -INFINITY;
        int k = 0;
        for (int r = 0; r < reps; r++) {
            if (runs[r]->nsteps != a->n)
                continue;
            double v = runs[r]->series[(size_t)s * (size_t)a->n + (size_t)t];
            sum += v;
            lo = fmin(lo, v);
            hi = fmax(hi, v);
            k++;
        }
        a->mean[t] = k ? sum / k : NAN;
        a->lo[t] = k ? lo : NAN;
        a->hi[t] = k ? hi : NAN;
    }
    return ACC_OK;
}

static void agg_free(agg *a)
{
    free(a->mean);
    free(a->lo);
    free(a->hi);
}

static double mean_outcome(live_run *const *runs, int reps, const char *name, double *sd)
{
    double sum = 0, sq = 0;
    for (int r = 0; r < reps; r++)
        sum += live_run_outcome(runs[r], name);
    double m = sum / reps;
    for (int r = 0; r < reps; r++) {
        double d = live_run_outcome(runs[r], name) - m;
        sq += d * d;
    }
    if (sd)
        *sd = reps > 1 ? sqrt(sq / (reps - 1)) : 0;
    return m;
}

static void figure_svg(acc_sb *sb, int s, live_run *const *cur, live_run *const *def, int reps,
                       int compare)
{
    agg a = {0}, b = {0};
    live_line lines[2];
    int nl = 0;
    if (aggregate(cur, reps, s, &a) == ACC_OK) {
        lines[nl++] = (live_line){a.x, a.n, a.mean, reps > 1 ? a.lo : NULL,
                                  reps > 1 ? a.hi : NULL,
                                  reps > 1 ? "your policy (mean, range)" : "your policy", 0};
        if (compare && aggregate(def, reps, s, &b) == ACC_OK)
            lines[nl++] = (live_line){b.x, b.n, b.mean, NULL, NULL, "defaults", 1};
        live_svg_lines(sb, live_series[s].name, live_series[s].title, live_series[s].unit, lines,
                       nl);
    }
    agg_free(&a);
    agg_free(&b);
}

static void write_manifest(acc_json *j, live_run *const *cur, int reps)
{
    static const char *const keep[] = {"kind", "versions", "scenario", "command", "seed",
                                       "run", "rng", "parameters", "field_sets", "events",
                                       "warnings"};
    acc_json_key(j, "manifest");
    acc_jdoc *d = NULL;
    char e[ACC_ERRLEN];
    if (!cur[0]->manifest ||
        acc_jdoc_parse("manifest.json", cur[0]->manifest, strlen(cur[0]->manifest), &d, e,
                       sizeof e) != ACC_OK) {
        acc_json_null(j);
        return;
    }
    const acc_jval *root = acc_jdoc_root(d);
    acc_json_begin_object(j);
    for (size_t k = 0; k < sizeof keep / sizeof keep[0]; k++) {
        const acc_jval *v = acc_jval_get(root, keep[k]);
        if (acc_jval_type(v) == ACC_JNONE)
            continue;
        acc_json_key(j, keep[k]);
        acc_jval_write(j, v);
    }
    acc_json_key(j, "runs");
    acc_json_begin_array(j);
    for (int r = 0; r < reps; r++)
        acc_json_int(j, r);
    acc_json_end_array(j);
    acc_json_end_object(j);
    acc_jdoc_free(d);
}

static void remember_client(live *L, const req *q, live_run *const *cur, live_run *const *def,
                            int reps)
{
    double harm = mean_outcome(cur, reps, "harm", NULL);
    double surv = mean_outcome(cur, reps, "startup_survival_rate", NULL);
    double welfare = mean_outcome(cur, reps, "welfare", NULL);
    pthread_mutex_lock(&L->mu);
    L->def_harm = mean_outcome(def, reps, "harm", NULL);
    L->def_survival = mean_outcome(def, reps, "startup_survival_rate", NULL);
    L->have_def = 1;
    if (q->client[0]) {
        int at = -1;
        for (int i = 0; i < L->nclients; i++)
            if (strcmp(L->clients[i].id, q->client) == 0)
                at = i;
        if (at < 0) {
            if (L->nclients < MAX_CLIENTS) {
                at = L->nclients++;
            } else { /* forget the longest unseen */
                at = 0;
                for (int i = 1; i < L->nclients; i++)
                    if (L->clients[i].seen < L->clients[at].seen)
                        at = i;
            }
            memset(&L->clients[at], 0, sizeof L->clients[at]);
            snprintf(L->clients[at].id, sizeof L->clients[at].id, "%s", q->client);
            L->clients[at].number = ++L->next_number;
        }
        client *cl = &L->clients[at];
        cl->seen = mono_s();
        /* name= sets it, an empty name= clears it (the page sends its field
         * as it is: a cleared field stayed in the class view); no name=
         * keeps it */
        if (q->who_given)
            snprintf(cl->who, sizeof cl->who, "%s", q->who);
        for (int i = 0; i < L->sc.nparams; i++)
            cl->values[i] = q->given[i] ? q->values[i] : L->sc.params[i].def;
        cl->harm = harm;
        cl->survival = surv;
        cl->welfare = welfare;
        cl->seed = q->seed;
        cl->reps = reps;
        cl->def_harm = L->def_harm;
        cl->def_survival = L->def_survival;
    }
    pthread_mutex_unlock(&L->mu);
}

/* /api/run and /api/figure/NAME.svg */
static enum MHD_Result serve_run(live *L, struct MHD_Connection *c, req *q, int figure,
                                 unsigned *status)
{
    const live_scenario *sc = &L->sc;
    char bufs[LIVE_MAX_PARAMS][96];
    const char *sets[LIVE_MAX_PARAMS];
    int nsets = make_sets(sc, q, bufs, sets);
    int reps = q->reps;
    pthread_mutex_lock(&L->mu);
    int admitted = L->run_requests < MAX_RUN_REQUESTS;
    if (admitted)
        L->run_requests++;
    pthread_mutex_unlock(&L->mu);
    if (!admitted) {
        *status = 429;
        return send_error(c, MHD_HTTP_TOO_MANY_REQUESTS,
                          "the server is busy: too many requests waiting for runs; try again in a "
                          "moment");
    }
    job jobs[2 * 64];
    memset(jobs, 0, sizeof jobs);
    int nj = 0;
    for (int r = 0; r < reps; r++)
        jobs[nj++] = (job){.L = L, .sets = sets, .nsets = nsets, .seed = q->seed,
                           .run = (uint64_t)r, .reps = reps};
    /* the defaults' runs count one each: a run at the defaults is within
     * --max-work (checked at start), so the comparison is never refused */
    int separate_default = nsets > 0;
    for (int r = 0; separate_default && r < reps; r++)
        jobs[nj++] = (job){.L = L, .sets = NULL, .nsets = 0, .seed = q->seed,
                           .run = (uint64_t)r, .reps = 1};
    double t0 = mono_s();
    run_jobs(L, jobs, nj);
    live_run *cur[64], *def[64];
    int busy = 0, all_cached = 1;
    const live_run *failed = NULL;
    for (int i = 0; i < nj; i++) {
        busy |= jobs[i].busy || (!jobs[i].res && !jobs[i].skipped);
        all_cached &= jobs[i].cached || jobs[i].skipped;
        if (jobs[i].res && jobs[i].res->status != ACC_OK && !failed)
            failed = jobs[i].res;
    }
    for (int r = 0; r < reps; r++) {
        cur[r] = jobs[r].res;
        def[r] = separate_default ? jobs[reps + r].res : jobs[r].res;
    }
    enum MHD_Result ret;
    pthread_mutex_lock(&L->pool.mu);
    const int stopping = L->pool.stopping;
    pthread_mutex_unlock(&L->pool.mu);
    /* SIGINT/SIGTERM: the runs were stopped (a worker killed then ends
     * without a result), not too many and not failed */
    if (stopping && (busy || failed))
        busy = 1, failed = NULL;
    unsigned failed_status = 200;
    if (failed)
        failed_status = failed->status == ACC_EINVAL            ? 400
                        : failed->status == LIVE_STATUS_TOO_BIG ? 422
                                                                : 500;
    *status = busy ? (stopping ? 503 : 429) : failed_status;
    if (busy && stopping) {
        ret = send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, "the server is stopping");
    } else if (busy) {
        ret = send_error(c, MHD_HTTP_TOO_MANY_REQUESTS,
                         "the server is busy: too many runs waiting; try again in a moment");
    } else if (failed) {
        char msg[ACC_ERRLEN];
        snprintf(msg, sizeof msg, "%s", failed->err);
        char *teacher = strstr(msg, LIVE_TEACHER_SEP);
        if (teacher) {
            *teacher++ = '\0';
            if (!L->o->quiet)
                fprintf(stderr, "accord live: a run over --max-work was refused: %s\n", teacher);
        }
        ret = send_error(c, failed_status, msg);
    } else if (figure) {
        int s = -1;
        for (int k = 0; k < live_nseries; k++)
            if (strcmp(live_series[k].name, q->figure) == 0)
                s = k;
        acc_sb sb = {0};
        figure_svg(&sb, s, cur, def, reps, q->compare);
        ret = send_sb(c, 200, "image/svg+xml", &sb);
    } else {
        remember_client(L, q, cur, def, reps);
        char *buf = NULL;
        size_t len = 0;
        FILE *fp = open_memstream(&buf, &len);
        acc_json *j = NULL;
        char e[ACC_ERRLEN];
        if (!fp || acc_json_new(fp, "answer", &j, e, sizeof e) != ACC_OK) {
            if (fp)
                fclose(fp);
            free(buf);
            *status = 500;
            ret = send_error(c, 500, "out of memory");
            goto done;
        }
        acc_json_begin_object(j);
        acc_json_kstr(j, "scenario", sc->name);
        acc_json_kint(j, "seed", (long long)q->seed);
        acc_json_kint(j, "reps", reps);
        acc_json_kbool(j, "compare", q->compare);
        acc_json_kbool(j, "cached", all_cached);
        acc_json_knum(j, "elapsed_s", round((mono_s() - t0) * 1000) / 1000);
        acc_json_key(j, "parameters");
        acc_json_begin_object(j);
        for (int i = 0; i < sc->nparams; i++)
            acc_json_knum(j, sc->params[i].name, q->given[i] ? q->values[i] : sc->params[i].def);
        acc_json_end_object(j);
        /* key outcomes, their change against the defaults */
        acc_json_key(j, "outcomes");
        acc_json_begin_array(j);
        /* the key outcomes; a function model has none of them: then every
         * summary column that is not a parameter, the seed or the run */
        int nkey = 0;
        for (int k = 0; acc_outcome_key(k); k++)
            nkey += !isnan(live_run_outcome(cur[0], acc_outcome_key(k)));
        for (int k = 0; nkey ? acc_outcome_key(k) != NULL : k < cur[0]->nout; k++) {
            const char *name = nkey ? acc_outcome_key(k) : cur[0]->out_name[k];
            if (!nkey && (find_param(sc, name) >= 0 || strcmp(name, "seed") == 0 ||
                          strcmp(name, "run") == 0))
                continue;
            if (isnan(live_run_outcome(cur[0], name)) && isnan(live_run_outcome(def[0], name)))
                continue;
            const acc_outcome_info *info = acc_outcome_find(name);
            double sd, v = mean_outcome(cur, reps, name, &sd);
            double dv = mean_outcome(def, reps, name, NULL);
            acc_json_begin_object(j);
            acc_json_kstr(j, "name", name);
            acc_json_kstr(j, "label", info ? info->label : name);
            acc_json_kstr(j, "unit", info ? info->unit : "");
            acc_json_kstr(j, "doc", info ? info->doc : "");
            acc_json_knum(j, "value", v);
            if (reps > 1)
                acc_json_knum(j, "sd", sd);
            acc_json_knum(j, "default", dv);
            acc_json_knum(j, "change_pct", dv != 0 ? 100 * (v - dv) / fabs(dv) : NAN);
            acc_json_end_object(j);
        }
        acc_json_end_array(j);
        /* every numeric summary column: the mean over replicates */
        acc_json_key(j, "summary");
        acc_json_begin_object(j);
        for (int i = 0; i < cur[0]->nout; i++)
            acc_json_knum(j, cur[0]->out_name[i], mean_outcome(cur, reps, cur[0]->out_name[i], NULL));
        acc_json_end_object(j);
        /* the key columns' time series ('all' rows; cumulative ones summed up) */
        acc_json_key(j, "series");
        acc_json_begin_object(j);
        acc_json_key(j, "year");
        acc_json_begin_array(j);
        for (int t = 0; t < cur[0]->nsteps; t++)
            acc_json_number(j, cur[0]->year[t]);
        acc_json_end_array(j);
        for (int s = 0; s < live_nseries && cur[0]->nsteps > 0; s++) {
            agg a = {0};
            if (aggregate(cur, reps, s, &a) != ACC_OK) {
                agg_free(&a);
                continue;
            }
            acc_json_key(j, live_series[s].name);
            acc_json_begin_array(j);
            for (int t = 0; t < a.n; t++)
                acc_json_number(j, a.mean[t]);
            acc_json_end_array(j);
            agg_free(&a);
        }
        acc_json_end_object(j);
        acc_json_key(j, "figures");
        acc_json_begin_object(j);
        for (int s = 0; s < live_nseries && cur[0]->nsteps > 0; s++) {
            acc_sb sb = {0};
            figure_svg(&sb, s, cur, def, reps, q->compare);
            acc_json_kstr(j, live_series[s].name, acc_sb_str(&sb));
            acc_sb_free(&sb);
        }
        acc_json_end_object(j);
        write_manifest(j, cur, reps);
        acc_json_end_object(j);
        int jbad = acc_json_finish(j) != ACC_OK;
        acc_json_free(j);
        fclose(fp);
        if (jbad) {
            free(buf);
            ret = send_error(c, 500, "could not write the answer");
        } else {
            ret = send_buf(c, 200, "application/json; charset=utf-8", buf, len, 1, NULL);
        }
    }
done:
    for (int i = 0; i < nj; i++)
        live_run_release(&L->pool, jobs[i].res);
    pthread_mutex_lock(&L->mu);
    L->run_requests--;
    pthread_mutex_unlock(&L->mu);
    return ret;
}

static enum MHD_Result serve_scenario(live *L, struct MHD_Connection *c)
{
    const live_scenario *sc = &L->sc;
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    acc_json *j = NULL;
    char e[ACC_ERRLEN];
    if (!fp || acc_json_new(fp, "answer", &j, e, sizeof e) != ACC_OK) {
        if (fp)
            fclose(fp);
        free(buf);
        return send_error(c, 500, "out of memory");
    }
    acc_json_begin_object(j);
    acc_json_kstr(j, "name", sc->name);
    acc_json_kstr(j, "path", sc->path);
    acc_json_kstr(j, "description", sc->description);
    acc_json_kstr(j, "question", sc->question ? sc->question : sc->description);
    acc_json_kint(j, "max_reps", L->o->max_reps);
    acc_json_key(j, "parameters");
    acc_json_begin_array(j);
    for (int i = 0; i < sc->nparams; i++) {
        const acc_param_decl *p = &sc->params[i];
        acc_json_begin_object(j);
        acc_json_kstr(j, "name", p->name);
        acc_json_knum(j, "default", p->def);
        acc_json_knum(j, "min", p->lo);
        acc_json_knum(j, "max", p->hi);
        acc_json_kbool(j, "integer", p->integer);
        acc_json_kstr(j, "unit", p->unit);
        acc_json_kstr(j, "doc", p->doc);
        acc_json_end_object(j);
    }
    acc_json_end_array(j);
    acc_json_key(j, "figures");
    acc_json_begin_array(j);
    for (int s = 0; s < live_nseries; s++) {
        acc_json_begin_object(j);
        acc_json_kstr(j, "name", live_series[s].name);
        acc_json_kstr(j, "title", live_series[s].title);
        acc_json_kstr(j, "unit", live_series[s].unit);
        acc_json_end_object(j);
    }
    acc_json_end_array(j);
    acc_json_end_object(j);
    int jbad = acc_json_finish(j) != ACC_OK;
    acc_json_free(j);
    fclose(fp);
    if (jbad) {
        free(buf);
        return send_error(c, 500, "could not write the answer");
    }
    return send_buf(c, 200, "application/json; charset=utf-8", buf, len, 1, NULL);
}

/* /api/class (JSON) and /api/class.svg (harm vs startup survival) */
static enum MHD_Result serve_class(live *L, struct MHD_Connection *c, int svg)
{
    const live_scenario *sc = &L->sc;
    pthread_mutex_lock(&L->mu);
    int n = 0;
    static client snap[MAX_CLIENTS]; /* under L->mu */
    double now = mono_s();
    for (int i = 0; i < L->nclients; i++)
        if (now - L->clients[i].seen < CLIENT_ACTIVE_S)
            snap[n++] = L->clients[i];
    double dh = L->def_harm, ds = L->def_survival;
    int have_def = L->have_def;
    /* The square is the default run of the seed and replicates most
     * participants use (the earliest such participant's), not of whoever
     * asked last: one participant trying seed 5 must not move it away from
     * everyone else's seed-1 dots. */
    uint64_t dseed = 0;
    int dreps = 0, best = 0;
    for (int i = 0; i < n; i++) {
        int same = 0;
        for (int k = 0; k < n; k++)
            same += snap[k].seed == snap[i].seed && snap[k].reps == snap[i].reps;
        if (same > best) {
            best = same;
            dh = snap[i].def_harm;
            ds = snap[i].def_survival;
            dseed = snap[i].seed;
            dreps = snap[i].reps;
            have_def = 1;
        }
    }
    enum MHD_Result ret;
    if (svg) {
        live_dot dots[MAX_CLIENTS + 1];
        char labels[MAX_CLIENTS][LIVE_NAME_BYTES];
        int nd = 0;
        for (int i = 0; i < n; i++) {
            if (snap[i].who[0])
                snprintf(labels[i], sizeof labels[i], "%s", snap[i].who);
            else
                snprintf(labels[i], sizeof labels[i], "P%d", snap[i].number);
            dots[nd++] = (live_dot){snap[i].harm, snap[i].survival, labels[i], 0};
        }
        if (have_def)
            dots[nd++] = (live_dot){dh, ds, "defaults", 1};
        acc_sb sb = {0};
        static const live_axis harm_axis = {"cumulative harm (M$)", "harm", 0},
                               survival_axis = {"startup survival (0-1)", "survival", 1};
        live_svg_scatter(&sb, "Your policies: harm vs startup survival", &harm_axis,
                         &survival_axis, dots, nd);
        pthread_mutex_unlock(&L->mu);
        return send_sb(c, 200, "image/svg+xml", &sb);
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    acc_json *j = NULL;
    char e[ACC_ERRLEN];
    if (!fp || acc_json_new(fp, "answer", &j, e, sizeof e) != ACC_OK) {
        pthread_mutex_unlock(&L->mu);
        if (fp)
            fclose(fp);
        free(buf);
        return send_error(c, 500, "out of memory");
    }
    acc_json_begin_object(j);
    acc_json_kstr(j, "scenario", sc->name);
    acc_json_key(j, "defaults");
    acc_json_begin_object(j);
    acc_json_knum(j, "harm", have_def ? dh : NAN);
    acc_json_knum(j, "startup_survival_rate", have_def ? ds : NAN);
    if (best) {
        acc_json_kint(j, "seed", (long long)dseed);
        acc_json_kint(j, "reps", dreps);
    }
    acc_json_end_object(j);
    acc_json_key(j, "participants");
    acc_json_begin_array(j);
    for (int i = 0; i < n; i++) {
        char label[48];
        snprintf(label, sizeof label, "P%d", snap[i].number);
        acc_json_begin_object(j);
        acc_json_kstr(j, "label", label);
        acc_json_kstr(j, "name", snap[i].who);
        acc_json_kint(j, "seed", (long long)snap[i].seed);
        acc_json_kint(j, "reps", snap[i].reps);
        acc_json_knum(j, "seen_s_ago", round(now - snap[i].seen));
        acc_json_key(j, "parameters");
        acc_json_begin_object(j);
        for (int p = 0; p < sc->nparams; p++)
            acc_json_knum(j, sc->params[p].name, snap[i].values[p]);
        acc_json_end_object(j);
        acc_json_key(j, "outcomes");
        acc_json_begin_object(j);
        acc_json_knum(j, "harm", snap[i].harm);
        acc_json_knum(j, "startup_survival_rate", snap[i].survival);
        acc_json_knum(j, "welfare", snap[i].welfare);
        acc_json_end_object(j);
        acc_json_end_object(j);
    }
    acc_json_end_array(j);
    acc_json_end_object(j);
    pthread_mutex_unlock(&L->mu);
    int jbad = acc_json_finish(j) != ACC_OK;
    acc_json_free(j);
    fclose(fp);
    if (jbad) {
        free(buf);
        ret = send_error(c, 500, "could not write the answer");
    } else {
        ret = send_buf(c, 200, "application/json; charset=utf-8", buf, len, 1, NULL);
    }
    return ret;
}

/* A CSV cell of text: quoted when it holds a comma, a quote or a line break
 * (quotes doubled, RFC 4180), and one a spreadsheet would read as a formula
 * (starting with =, +, -, @, a tab or a carriage return) behind a ' so it
 * stays text: a participant named "=HYPERLINK(...)" is shown, not run. */
static void csv_text(acc_sb *sb, const char *s)
{
    int formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
                  s[0] == '\r';
    int quote = formula || strpbrk(s, ",\"\r\n") != NULL;
    if (quote)
        acc_sb_add(sb, "\"");
    if (formula)
        acc_sb_add(sb, "'");
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            acc_sb_add(sb, "\"\"");
        else
            acc_sb_addn(sb, p, 1);
    }
    if (quote)
        acc_sb_add(sb, "\"");
}

/* A CSV cell of a number: the shortest of %.15g and %.17g that reads back
 * as the same double; empty when it is not finite. */
static void csv_num(acc_sb *sb, double v)
{
    if (!isfinite(v))
        return;
    char b[40];
    snprintf(b, sizeof b, "%.15g", v);
    if (strtod(b, NULL) != v)
        snprintf(b, sizeof b, "%.17g", v);
    acc_sb_add(sb, b);
}

/* /api/class.csv: the class view's table as a download, for the teacher's
 * spreadsheet: one row per participant seen in the last hour (label, name,
 * their parameter values, seed, replicates, the outcomes shown). UTF-8 with
 * a byte-order mark, so a spreadsheet shows "Zoë" as typed. */
static enum MHD_Result serve_class_csv(live *L, struct MHD_Connection *c)
{
    const live_scenario *sc = &L->sc;
    acc_sb sb = {0};
    acc_sb_add(&sb, "\xef\xbb\xbfparticipant,name");
    for (int p = 0; p < sc->nparams; p++) {
        acc_sb_add(&sb, ",");
        csv_text(&sb, sc->params[p].name);
    }
    acc_sb_add(&sb, ",seed,reps,harm,startup_survival_rate,welfare\r\n");
    pthread_mutex_lock(&L->mu);
    double now = mono_s();
    for (int i = 0; i < L->nclients; i++) {
        const client *cl = &L->clients[i];
        if (!(now - cl->seen < CLIENT_ACTIVE_S))
            continue;
        acc_sb_printf(&sb, "P%d,", cl->number);
        csv_text(&sb, cl->who);
        for (int p = 0; p < sc->nparams; p++) {
            acc_sb_add(&sb, ",");
            csv_num(&sb, cl->values[p]);
        }
        acc_sb_printf(&sb, ",%llu,%d,", (unsigned long long)cl->seed, cl->reps);
        csv_num(&sb, cl->harm);
        acc_sb_add(&sb, ",");
        csv_num(&sb, cl->survival);
        acc_sb_add(&sb, ",");
        csv_num(&sb, cl->welfare);
        acc_sb_add(&sb, "\r\n");
    }
    pthread_mutex_unlock(&L->mu);
    if (sb.oom) {
        acc_sb_free(&sb);
        return send_error(c, 500, "out of memory");
    }
    /* the file's name: class-SCENARIO.csv, the name's letters, digits, - and _ only */
    char disp[200] = "attachment; filename=\"class-";
    size_t k = strlen(disp);
    for (const char *p = sc->name; *p && k < sizeof disp - 8; p++)
        if (isalnum((unsigned char)*p) || *p == '-' || *p == '_')
            disp[k++] = *p;
    snprintf(disp + k, sizeof disp - k, ".csv\"");
    size_t len = sb.len;
    char *body = sb.s;
    sb.s = NULL;
    return send_buf_as(c, 200, "text/csv; charset=utf-8", body, len, 1, NULL, disp);
}

/* ---- limits ------------------------------------------------------------------- */

/* Token bucket per address: rate per second, bursts of 3 s (at least 20). */
static int rate_ok(live *L, struct MHD_Connection *c)
{
    if (!(L->o->rate > 0))
        return 1;
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    unsigned char key[16] = {0};
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            memcpy(key, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
        else if (sa->sa_family == AF_INET6)
            memcpy(key, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, 16);
    }
    double now = mono_s(), cap = fmax(20, 3 * L->o->rate);
    pthread_mutex_lock(&L->mu);
    addr_bucket *b = NULL, *oldest = &L->buckets[0];
    for (int i = 0; i < MAX_ADDRS && !b; i++) {
        if (L->buckets[i].used && memcmp(L->buckets[i].addr, key, 16) == 0)
            b = &L->buckets[i];
        else if (!L->buckets[i].used || L->buckets[i].last < oldest->last)
            oldest = &L->buckets[i];
    }
    if (!b) {
        b = oldest;
        memcpy(b->addr, key, 16);
        b->used = 1;
        b->tokens = cap;
        b->last = now;
    }
    b->tokens = fmin(cap, b->tokens + (now - b->last) * L->o->rate);
    b->last = now;
    int ok = b->tokens >= 1;
    if (ok)
        b->tokens -= 1;
    pthread_mutex_unlock(&L->mu);
    return ok;
}

/* A new client id: SHA-256 of a start-up secret and a counter. */
static void new_client_id(live *L, char out[17])
{
    unsigned char in[40], dig[32];
    pthread_mutex_lock(&L->mu);
    unsigned long long n = ++L->idseq;
    pthread_mutex_unlock(&L->mu);
    memcpy(in, L->secret, 32);
    memcpy(in + 32, &n, 8);
    acc_sha256(in, sizeof in, dig);
    for (int i = 0; i < 8; i++)
        snprintf(out + 2 * i, 3, "%02x", dig[i]);
}

/* ---- the handler --------------------------------------------------------------- */

typedef struct conn_ctx {
    size_t urilen;
    int escaped_path; /* the path as sent has %-escapes (no asset or API path needs one) */
    int handled;      /* the handler has seen this request (counted in answering until on_done) */
} conn_ctx;

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls;
    (void)c;
    conn_ctx *x = malloc(sizeof *x);
    if (x) {
        x->urilen = uri ? strlen(uri) : 0;
        x->escaped_path = uri && memchr(uri, '%', strcspn(uri, "?")) != NULL;
        x->handled = 0;
    }
    return x;
}

static void on_done(void *cls, struct MHD_Connection *c, void **con_cls,
                    enum MHD_RequestTerminationCode toe)
{
    (void)c;
    (void)toe;
    live *L = cls;
    conn_ctx *x = *con_cls;
    if (x && x->handled) { /* its answer is sent (or the client went away) */
        pthread_mutex_lock(&L->mu);
        L->answering--;
        pthread_mutex_unlock(&L->mu);
    }
    free(*con_cls);
    *con_cls = NULL;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls)
{
    (void)version;
    (void)upload_data;
    live *L = cls;
    conn_ctx *x = *con_cls;
    double t0 = mono_s();
    unsigned status = 200;
    enum MHD_Result ret;
    if (x && x->handled)
        return MHD_NO; /* called again: its answer could not be queued (the
                          connection is closing); it is logged already */
    if (x) {
        x->handled = 1;
        pthread_mutex_lock(&L->mu);
        L->answering++;
        pthread_mutex_unlock(&L->mu);
    }
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        status = 405;
        ret = send_error(c, status, "only GET and HEAD are served");
        goto log;
    }
    /* the first call sees the headers only: a body is announced there */
    const char *clen = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    const char *tenc = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
    if (*upload_data_size > 0 || tenc || (clen && strspn(clen, "0") != strlen(clen))) {
        status = 413;
        ret = send_error(c, status, "requests have no body here");
        goto log;
    }
    if (!x || x->urilen > MAX_URI) {
        status = 414;
        ret = send_error(c, status, "the request line is too long (at most 2048 bytes)");
        goto log;
    }
    if (!rate_ok(L, c)) {
        status = 429;
        char msg[160];
        snprintf(msg, sizeof msg,
                 "too many requests from this address (at most %g per second); try again in a "
                 "moment",
                 L->o->rate);
        ret = send_error(c, status, msg);
        goto log;
    }
    if (x->escaped_path) { /* "/%00" would otherwise reach us as "/" */
        status = 404;
        ret = send_error(c, status, "not found");
        goto log;
    }
    const live_asset *a = live_asset_find(url);
    if (a) {
        const char *ck = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "accord_client");
        char cookie[96] = "";
        if (strcmp(url, "/") == 0 && !is_hex16(ck)) {
            char id[17];
            new_client_id(L, id);
            snprintf(cookie, sizeof cookie, "accord_client=%s; Path=/; Max-Age=86400; SameSite=Strict; HttpOnly", id);
        }
        ret = send_buf(c, 200, a->type, (char *)(uintptr_t)a->data, a->len, 0,
                       cookie[0] ? cookie : NULL);
        goto log;
    }
    int is_run = strcmp(url, "/api/run") == 0;
    const char *figure = NULL;
    static const char fig_prefix[] = "/api/figure/";
    if (strncmp(url, fig_prefix, sizeof fig_prefix - 1) == 0) {
        const char *name = url + sizeof fig_prefix - 1;
        for (int s = 0; s < live_nseries; s++) {
            size_t n = strlen(live_series[s].name);
            if (strncmp(name, live_series[s].name, n) == 0 && strcmp(name + n, ".svg") == 0)
                figure = live_series[s].name;
        }
        if (!figure) {
            status = 404;
            ret = send_error(c, status, "no such figure (see /api/scenario: figures)");
            goto log;
        }
    }
    if (is_run || figure) {
        req q;
        parse_query(L, c, &q);
        q.figure = figure;
        if (q.status) {
            status = (unsigned)q.status;
            ret = send_error(c, status, q.err);
            goto log;
        }
        ret = serve_run(L, c, &q, figure != NULL, &status);
        goto log;
    }
    if (strcmp(url, "/api/scenario") == 0) {
        ret = serve_scenario(L, c);
        goto log;
    }
    if (strcmp(url, "/api/class.csv") == 0) {
        ret = serve_class_csv(L, c);
        goto log;
    }
    if (strcmp(url, "/api/class") == 0 || strcmp(url, "/api/class.svg") == 0) {
        ret = serve_class(L, c, strcmp(url, "/api/class.svg") == 0);
        goto log;
    }
    status = 404;
    ret = send_error(c, status, "not found");
log:
    if (!L->o->quiet) {
        char shown[201]; /* the path as sent may hold control characters */
        size_t k = 0;
        for (const char *p = url; *p && k < sizeof shown - 1; p++)
            shown[k++] = (*p >= 0x20 && *p < 0x7f) ? *p : '?';
        shown[k] = 0;
        fprintf(stderr, "accord live: %s %s %u %.3f s\n", method, shown, status, mono_s() - t0);
    }
    return ret;
}

/* ---- the server --------------------------------------------------------------- */

static void read_secret(unsigned char *s, size_t n)
{
    FILE *f = fopen("/dev/urandom", "rb");
    size_t got = f ? fread(s, 1, n, f) : 0;
    if (f)
        fclose(f);
    if (got < n) { /* no urandom: weaker, still distinct per start */
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        unsigned long long mix[3] = {(unsigned long long)ts.tv_sec, (unsigned long long)ts.tv_nsec,
                                     (unsigned long long)getpid()};
        acc_sha256(mix, sizeof mix, s);
    }
}

/* libmicrohttpd's error log. While it starts, its messages are kept, not
 * printed: a failure to listen is reported once, by accord, with the address
 * as given (libmicrohttpd names port 0 when it binds to the port asked for,
 * before accord's message). Once listening, they go to stderr as they are. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    live *L = cls;
    if (atomic_load(&L->listening))
        vfprintf(stderr, fmt, ap);
    else
        vsnprintf(L->mhd_msg, sizeof L->mhd_msg, fmt, ap);
}

int acc_live_serve(const acc_live_opts *o, char *err, size_t errlen)
{
    static live L; /* large; one server per process */
    memset(&L, 0, sizeof L);
    L.o = o;
    /* the pool's spawner first, while this process has one thread */
    int rc = live_pool_init(&L.pool, o->scenario, o->jobs, o->run_timeout_s, o->mem_limit_bytes,
                            o->max_work_m * 1e6, err, errlen);
    if (rc != ACC_OK)
        return rc;
    rc = live_scenario_load(&L.sc, o->scenario, err, errlen);
    if (rc == ACC_OK && o->max_work_m > 0 && L.sc.work > o->max_work_m * 1e6) {
        /* every request would be refused: say so before listening */
        acc_errf(err, errlen,
                 "%s: a run at its defaults is about %.3g million developer-market-steps, over "
                 "--max-work %g; start the server with --max-work %g or more (0: no limit)",
                 o->scenario, L.sc.work / 1e6, o->max_work_m, live_work_limit_up(L.sc.work));
        live_scenario_free(&L.sc);
        rc = ACC_EINVAL;
    }
    if (rc != ACC_OK) {
        live_pool_free(&L.pool);
        return rc;
    }
    L.pool.max_waiting = MAX_RUN_REQUESTS * 2 * o->max_reps; /* never reached: requests are bounded */
    pthread_mutex_init(&L.mu, NULL);
    read_secret(L.secret, sizeof L.secret);

    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)o->port);
    if (inet_pton(AF_INET, o->listen_addr, &sa.sin_addr) != 1) {
        acc_errf(err, errlen, "--listen: '%s' is not an IPv4 address (e.g. 127.0.0.1 or 0.0.0.0)",
                 o->listen_addr);
        rc = ACC_EINVAL;
        goto out;
    }
    /* SIGINT/SIGTERM are taken by sigwait below: block them before any
     * thread starts, so no other thread gets them. Writes to a closed
     * connection must not end the server. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigset_t old;
    pthread_sigmask(SIG_BLOCK, &stop, &old);
    signal(SIGPIPE, SIG_IGN);
    const int max_conn = o->max_connections > 0 ? o->max_connections : 128;
    errno = 0;
    L.d = MHD_start_daemon(
        MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0,
        NULL, NULL, handle, &L, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, &L,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int)max_conn,
        /* one address cannot hold every connection */
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)(max_conn / 2),
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)30, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32768,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL, MHD_OPTION_NOTIFY_COMPLETED, on_done, &L,
        MHD_OPTION_END);
    const int listen_errno = errno;
    if (!L.d) {
        if (listen_errno == EADDRINUSE || listen_errno == EADDRNOTAVAIL || listen_errno == EACCES)
            acc_errf(err, errlen, "--listen %s:%u: cannot listen there: %s", o->listen_addr,
                     o->port,
                     listen_errno == EADDRINUSE      ? "the port is in use"
                     : listen_errno == EADDRNOTAVAIL ? "no such address on this computer"
                                                     : "not allowed (ports below 1024 need root)");
        else { /* libmicrohttpd's own reason, kept while it started (too many open files, say) */
            size_t ml = strcspn(L.mhd_msg, "\n");
            if (ml)
                acc_errf(err, errlen, "--listen %s:%u: cannot listen there (%.*s)", o->listen_addr,
                         o->port, (int)ml, L.mhd_msg);
            else
                acc_errf(err, errlen, "--listen %s:%u: cannot listen there (port in use, or not "
                         "allowed?)", o->listen_addr, o->port);
        }
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        rc = ACC_EIO;
        goto out;
    }
    atomic_store(&L.listening, 1);
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(L.d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = di ? di->port : o->port;
    char url[128];
    snprintf(url, sizeof url, "http://%s:%u/",
             strcmp(o->listen_addr, "0.0.0.0") == 0 ? "127.0.0.1" : o->listen_addr, port);
    if (o->port_file) {
        /* atomic, as every output: a script polling for the file never reads
         * it empty or cut short; the error says why it could not be written */
        acc_atomic *pf = NULL;
        char perr[1024] = "";
        int prc;
        struct stat st;
        if (lstat(o->port_file, &st) == 0 && !S_ISREG(st.st_mode)) {
            /* a symbolic link (/dev/stdout), a pipe or a device: written
             * through, as given; renaming over it would replace the link */
            FILE *f = fopen(o->port_file, "w");
            int e = f ? 0 : errno;
            if (f) {
                int bad = fprintf(f, "%u\n", port) < 0;
                bad |= fclose(f) != 0;
                e = bad ? (errno ? errno : EIO) : 0;
            }
            if (e)
                snprintf(perr, sizeof perr, "%s: %s", o->port_file, strerror(e));
            prc = e ? ACC_EIO : ACC_OK;
        } else {
            prc = acc_atomic_open(o->port_file, &pf, perr, sizeof perr);
            if (prc == ACC_OK) {
                fprintf(acc_atomic_file(pf), "%u\n", port);
                prc = acc_atomic_commit(pf, perr, sizeof perr);
            }
        }
        if (prc != ACC_OK) {
            acc_errf(err, errlen, "cannot write the port file: %s", perr);
            MHD_stop_daemon(L.d);
            pthread_sigmask(SIG_SETMASK, &old, NULL);
            rc = ACC_EIO;
            goto out;
        }
    }
    fprintf(stderr,
            "accord live: %s on %s (listening on %s:%u; %d worker%s; Ctrl-C stops)\n"
            "accord live: class view: %sclass\n",
            L.sc.name, url, o->listen_addr, port, L.pool.jobs, L.pool.jobs == 1 ? "" : "s", url);
    if (strcmp(o->listen_addr, "127.0.0.1") != 0)
        fprintf(stderr,
                "accord live: other machines reach it at http://<this computer's address>:%u/ "
                "(anyone who can reach the port can use it: docs/security.md)\n",
                port);
    if (o->on_ready)
        o->on_ready(o->ud, url);
    int sig = 0;
    while (sigwait(&stop, &sig) != 0)
        ;
    fprintf(stderr, "accord live: %s, stopping (%lld runs, %lld answered from the cache, %lld failed)\n",
            sig == SIGINT ? "interrupted" : "terminated", L.pool.nruns, L.pool.ncached,
            L.pool.nfailed);
    live_pool_kill_all(&L.pool);
    /* the requests that waited for runs now answer 503: let those answers
     * reach their clients before the connections are closed (a client that
     * does not read gets STOP_WAIT_S) */
    for (double until = mono_s() + STOP_WAIT_S; mono_s() < until;) {
        pthread_mutex_lock(&L.mu);
        int n = L.answering;
        pthread_mutex_unlock(&L.mu);
        if (n <= 0)
            break;
        nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
    }
    MHD_stop_daemon(L.d);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    rc = ACC_OK;
out:
    live_pool_free(&L.pool);
    live_scenario_free(&L.sc);
    pthread_mutex_destroy(&L.mu);
    return rc;
}
