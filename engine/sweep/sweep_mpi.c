/* accord — MPI transport of a sweep: run ids from rank 0 to executor ranks,
 * record bodies back; a plan check across ranks. Compiled to stubs unless
 * ACCORD_HAVE_MPI. SPDX-License-Identifier: GPL-3.0-or-later */
#include "sweep/sweep_mpi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/common.h"
#include "base/sha256.h"

#ifdef ACCORD_HAVE_MPI
#include <mpi.h>

enum { TAG_RUN = 101, TAG_STOP = 102, TAG_RESULT = 103, TAG_BYE = 104 };

/* Runs in flight per executor worker (one running, the rest queued). */
#define SW_MPI_DEPTH 2

/* A result message: header, then the record body. */
typedef struct result_head {
    uint64_t run;
    double seconds;
    uint64_t len, extra_len;
} result_head;

int sw_mpi_agree_plan(const sw_plan *p, int rc_local, char *err, size_t errlen)
{
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    int bad = rc_local != 0, anybad = 0;
    MPI_Allreduce(&bad, &anybad, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (anybad) {
        /* when rank 0 failed too (the usual case: the same bad option
         * everywhere), only rank 0 reports it */
        int root_bad = bad;
        MPI_Bcast(&root_bad, 1, MPI_INT, 0, MPI_COMM_WORLD);
        if (!bad)
            acc_errf(err, errlen, "another MPI rank could not build the sweep plan (see its message)");
        else if (rank != 0 && root_bad)
            acc_errf(err, errlen, "%s", "");
        return rc_local ? rc_local : ACC_EINVAL;
    }
    char mine[ACC_SHA256_HEXLEN] = "", root[ACC_SHA256_HEXLEN];
    if (sw_plan_sha256(p, mine))
        bad = 1;
    memcpy(root, mine, sizeof root);
    MPI_Bcast(root, (int)sizeof root, MPI_CHAR, 0, MPI_COMM_WORLD);
    bad = bad || strcmp(root, mine) != 0;
    MPI_Allreduce(&bad, &anybad, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (anybad) {
        if (bad)
            acc_errf(err, errlen,
                     "MPI rank %d planned a different sweep than rank 0 (is the scenario file the "
                     "same on every node?)",
                     rank);
        else
            acc_errf(err, errlen, "an MPI rank planned a different sweep than rank 0");
        return ACC_EINVAL;
    }
    return ACC_OK;
}

struct sw_remote {
    int size, per_rank;
    int *busy;
    int total;
    acc_sb buf;
};

int sw_remote_new(int size, int per_rank, sw_remote **out, char *err, size_t errlen)
{
    *out = NULL;
    sw_remote *r = calloc(1, sizeof *r);
    if (!r || !(r->busy = calloc((size_t)size, sizeof *r->busy))) {
        free(r);
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    r->size = size;
    r->per_rank = per_rank * SW_MPI_DEPTH;
    *out = r;
    return ACC_OK;
}

void sw_remote_free(sw_remote *r)
{
    if (!r)
        return;
    free(r->busy);
    acc_sb_free(&r->buf);
    free(r);
}

int sw_remote_idle(const sw_remote *r)
{
    return (r->size - 1) * r->per_rank - r->total;
}

int sw_remote_busy(const sw_remote *r) { return r->total; }

int sw_remote_submit(sw_remote *r, uint64_t run, char *err, size_t errlen)
{
    /* the least loaded rank, lowest first */
    int best = -1;
    for (int k = 1; k < r->size; k++)
        if (r->busy[k] < r->per_rank && (best < 0 || r->busy[k] < r->busy[best]))
            best = k;
    if (best < 0) {
        acc_errf(err, errlen, "no idle MPI rank");
        return ACC_ERUN;
    }
    MPI_Send(&run, 1, MPI_UINT64_T, best, TAG_RUN, MPI_COMM_WORLD);
    r->busy[best]++;
    r->total++;
    return ACC_OK;
}

int sw_remote_poll(sw_remote *r, sw_done_fn fn, void *ud, char *err, size_t errlen)
{
    for (;;) {
        int flag = 0;
        MPI_Status st;
        MPI_Iprobe(MPI_ANY_SOURCE, TAG_RESULT, MPI_COMM_WORLD, &flag, &st);
        if (!flag)
            return ACC_OK;
        int n = 0;
        MPI_Get_count(&st, MPI_BYTE, &n);
        if (n < (int)sizeof(result_head) || acc_sb_reserve(&r->buf, (size_t)n)) {
            acc_errf(err, errlen, "bad or oversized result message from MPI rank %d", st.MPI_SOURCE);
            return ACC_ERUN;
        }
        MPI_Recv(r->buf.s, n, MPI_BYTE, st.MPI_SOURCE, TAG_RESULT, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        result_head h;
        memcpy(&h, r->buf.s, sizeof h);
        if (h.len + h.extra_len != (uint64_t)n - sizeof h) {
            acc_errf(err, errlen, "truncated result message from MPI rank %d", st.MPI_SOURCE);
            return ACC_ERUN;
        }
        r->busy[st.MPI_SOURCE]--;
        r->total--;
        sw_done d = {h.run, h.seconds, r->buf.s + sizeof h, (size_t)h.len, st.MPI_SOURCE,
                     r->buf.s + sizeof h + h.len, (size_t)h.extra_len};
        int rc = fn(ud, &d);
        if (rc)
            return rc;
    }
}

void sw_mpi_stop_executors(int size)
{
    uint64_t zero = 0;
    for (int k = 1; k < size; k++)
        MPI_Send(&zero, 1, MPI_UINT64_T, k, TAG_STOP, MPI_COMM_WORLD);
    /* drain: results still in flight, then one goodbye per rank */
    int byes = 0;
    acc_sb b = {0};
    while (byes < size - 1) {
        MPI_Status st;
        MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
        int n = 0;
        MPI_Get_count(&st, MPI_BYTE, &n);
        if (acc_sb_reserve(&b, (size_t)n + 8)) {
            MPI_Abort(MPI_COMM_WORLD, 1);
            break;
        }
        MPI_Recv(b.s, n, MPI_BYTE, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        byes += st.MPI_TAG == TAG_BYE;
    }
    acc_sb_free(&b);
}

typedef struct serve_ctx {
    acc_sb msg;
    uint64_t *inflight; /* runs handed to the local pool, not yet answered */
    int ninflight;
} serve_ctx;

static int send_result(void *ud, const sw_done *d)
{
    serve_ctx *s = ud;
    result_head h = {d->run, d->seconds, d->len, d->extra_len};
    acc_sb_clear(&s->msg);
    acc_sb_addn(&s->msg, (const char *)&h, sizeof h);
    acc_sb_addn(&s->msg, d->body, d->len);
    if (d->extra_len)
        acc_sb_addn(&s->msg, d->extra, d->extra_len);
    if (s->msg.len > (size_t)INT32_MAX)
        return ACC_ENOMEM;
    if (s->msg.oom)
        return ACC_ENOMEM;
    MPI_Send(s->msg.s, (int)s->msg.len, MPI_BYTE, 0, TAG_RESULT, MPI_COMM_WORLD);
    for (int i = 0; i < s->ninflight; i++)
        if (s->inflight[i] == d->run) {
            s->inflight[i] = s->inflight[--s->ninflight];
            break;
        }
    return ACC_OK;
}

/* After a local failure: answer a run with a failure record so that rank 0
 * records it (it can be retried with --resume --retry-failed) and goes on. */
static void send_failure(serve_ctx *sc, uint64_t run, const char *why)
{
    acc_sb b = {0};
    sw_format_failure(&b, SW_CRASH, why);
    sw_done d = {run, 0, b.s ? b.s : "", b.len, 0, NULL, 0};
    send_result(sc, &d);
    acc_sb_free(&b);
}

int sw_mpi_serve(const sw_pool_opts *po, char *err, size_t errlen)
{
    sw_pool *pool = NULL;
    int rc = ACC_OK, rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    serve_ctx sc;
    memset(&sc, 0, sizeof sc);
    char why[ACC_ERRLEN + 64] = "";
    /* rank 0 keeps SW_MPI_DEPTH runs per worker in flight here, so that a
     * worker finds its next run queued instead of waiting for a round trip */
    int cap = po->nworkers * SW_MPI_DEPTH + 1, qhead = 0, qlen = 0;
    uint64_t *queue = calloc((size_t)cap, sizeof *queue);
    if (!(sc.inflight = calloc((size_t)cap, sizeof *sc.inflight)) || !queue) {
        rc = ACC_ENOMEM;
        snprintf(why, sizeof why, "MPI rank %d: out of memory", rank);
    }
    for (;;) {
        int flag = 0;
        MPI_Status st;
        MPI_Iprobe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
        if (flag) {
            uint64_t run;
            MPI_Recv(&run, 1, MPI_UINT64_T, 0, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            if (st.MPI_TAG == TAG_STOP)
                break;
            if (rc == ACC_OK && qlen < cap) {
                queue[(qhead + qlen++) % cap] = run;
            } else {
                if (!why[0])
                    snprintf(why, sizeof why, "MPI rank %d: %s", rank,
                             rc ? err : "more runs than slots");
                send_failure(&sc, run, why);
            }
            continue;
        }
        /* workers start with the first run: a rank given nothing forks nothing */
        if (rc == ACC_OK && qlen > 0 && !pool)
            if ((rc = sw_pool_new(po, &pool, err, errlen)))
                snprintf(why, sizeof why, "MPI rank %d: %s", rank, err);
        while (rc == ACC_OK && qlen > 0 && sw_pool_idle(pool) > 0) {
            uint64_t run = queue[qhead];
            qhead = (qhead + 1) % cap;
            qlen--;
            if ((rc = sw_pool_submit(pool, run, err, errlen))) {
                snprintf(why, sizeof why, "MPI rank %d: %s", rank, err);
                send_failure(&sc, run, why);
            } else {
                sc.inflight[sc.ninflight++] = run;
            }
        }
        if (rc) {
            /* answer everything held here as failed, so that rank 0 goes on */
            while (qlen > 0) {
                send_failure(&sc, queue[qhead], why);
                qhead = (qhead + 1) % cap;
                qlen--;
            }
            while (sc.ninflight > 0) {
                uint64_t run = sc.inflight[0];
                send_failure(&sc, run, why);
                if (sc.ninflight > 0 && sc.inflight[0] == run)
                    sc.inflight[0] = sc.inflight[--sc.ninflight];
            }
        }
        if (rc == ACC_OK && pool && sw_pool_busy(pool) > 0) {
            if ((rc = sw_pool_wait(pool, 1, send_result, &sc, err, errlen)))
                snprintf(why, sizeof why, "MPI rank %d: %s", rank, err);
        } else {
            struct timespec ts = {0, 200000};
            nanosleep(&ts, NULL);
        }
    }
    sw_pool_free(pool);
    uint64_t zero = 0;
    MPI_Send(&zero, 1, MPI_UINT64_T, 0, TAG_BYE, MPI_COMM_WORLD);
    acc_sb_free(&sc.msg);
    free(sc.inflight);
    free(queue);
    return rc;
}

#else /* no MPI: never called (mpi_size is 1) */

int sw_mpi_agree_plan(const sw_plan *p, int rc_local, char *err, size_t errlen)
{
    (void)p;
    (void)err;
    (void)errlen;
    return rc_local;
}

int sw_remote_new(int size, int per_rank, sw_remote **out, char *err, size_t errlen)
{
    (void)size;
    (void)per_rank;
    *out = NULL;
    acc_errf(err, errlen, "this accord was built without MPI (-DACCORD_MPI=ON)");
    return ACC_EINVAL;
}

int sw_remote_idle(const sw_remote *r)
{
    (void)r;
    return 0;
}

int sw_remote_busy(const sw_remote *r)
{
    (void)r;
    return 0;
}

int sw_remote_submit(sw_remote *r, uint64_t run, char *err, size_t errlen)
{
    (void)r;
    (void)run;
    acc_errf(err, errlen, "no MPI");
    return ACC_ERUN;
}

int sw_remote_poll(sw_remote *r, sw_done_fn fn, void *ud, char *err, size_t errlen)
{
    (void)r;
    (void)fn;
    (void)ud;
    (void)err;
    (void)errlen;
    return ACC_OK;
}

void sw_remote_free(sw_remote *r) { (void)r; }

void sw_mpi_stop_executors(int size) { (void)size; }

int sw_mpi_serve(const sw_pool_opts *po, char *err, size_t errlen)
{
    (void)po;
    acc_errf(err, errlen, "this accord was built without MPI (-DACCORD_MPI=ON)");
    return ACC_EINVAL;
}

#endif
