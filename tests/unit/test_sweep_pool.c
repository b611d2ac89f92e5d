/* accord tests — the sweep's worker processes: every submitted run comes
 * back once, with the body the worker wrote; a worker that crashes or hangs
 * past the time limit turns its run into a crash or timeout record and is
 * replaced, and the other runs go on. SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/common.h"
#include "sweep/sweep_int.h"

static char err[ACC_ERRLEN];

/* Run 13 crashes its worker, run 21 hangs, run 34 exits, run 41 exits as a
 * worker whose script is stuck inside C, others answer
 * "ok 1 sq <run^2>"; run 55 writes a large body. */
static void exec_fn(void *ctx, uint64_t run, acc_sb *out, acc_sb *extra)
{
    (void)ctx;
    if (run == 7)
        acc_sb_addn(extra, "\0binary\n\0", 9);
    if (run == 13) {
        signal(SIGSEGV, SIG_DFL);
        raise(SIGSEGV);
    }
    if (run == 21)
        for (;;)
            pause();
    if (run == 34)
        _exit(3);
    if (run == 41) /* what a worker does when its script is stuck inside C */
        _exit(SW_WORKER_EXIT_STUCK);
    if (run == 60) { /* SIGINT, SIGTERM at its own worker: ignored, the run goes on */
        raise(SIGINT);
        raise(SIGTERM);
    }
    if (run == 55) {
        acc_sb_printf(out, "ok 5000");
        for (int i = 0; i < 5000; i++)
            acc_sb_printf(out, " out%d %d", i, i);
        return;
    }
    acc_sb_printf(out, "ok 1 sq %llu", (unsigned long long)(run * run));
}

typedef struct got {
    int count[64];
    char body[64][128];
    size_t big_len;
    char extra7[16];
    size_t extra7_len;
} got;

static int on_done(void *ud, const sw_done *d)
{
    got *g = ud;
    assert_true(d->run < 64);
    g->count[d->run]++;
    assert_int_equal(d->rank, 0);
    assert_true(d->seconds >= 0);
    if (d->run == 7) {
        memcpy(g->extra7, d->extra, d->extra_len < 16 ? d->extra_len : 16);
        g->extra7_len = d->extra_len;
    } else {
        assert_int_equal(d->extra_len, 0);
    }
    if (d->run == 55)
        g->big_len = d->len;
    else
        snprintf(g->body[d->run], sizeof g->body[d->run], "%.*s", (int)d->len, d->body);
    return ACC_OK;
}

static void run_all(sw_pool *pool, got *g, uint64_t n)
{
    uint64_t next = 0;
    while (next < n || sw_pool_busy(pool) > 0) {
        while (next < n && sw_pool_idle(pool) > 0)
            assert_int_equal(sw_pool_submit(pool, next++, err, sizeof err), ACC_OK);
        assert_int_equal(sw_pool_wait(pool, 100, on_done, g, err, sizeof err), ACC_OK);
    }
}

static void test_pool_runs_crashes_timeouts(void **state)
{
    (void)state;
    sw_pool_opts o = {3, 0.3, exec_fn, NULL, NULL, 0, 0.25};
    sw_pool *pool;
    assert_int_equal(sw_pool_new(&o, &pool, err, sizeof err), ACC_OK);
    assert_int_equal(sw_pool_idle(pool), 3);
    got g;
    memset(&g, 0, sizeof g);
    run_all(pool, &g, 60);
    for (int i = 0; i < 60; i++)
        assert_int_equal(g.count[i], 1);
    assert_string_equal(g.body[12], "ok 1 sq 144");
    assert_string_equal(g.body[59], "ok 1 sq 3481");
    assert_string_equal(g.body[13],
                        "crash the worker process died: killed by signal 11 (Segmentation fault)");
    assert_string_equal(g.body[34], "crash the worker process died: exit status 3");
    /* a worker that ended itself over a script stuck inside C: a limit run */
    static const char stuck[] = "limit time limit of 0.25 s exceeded and the script did not "
                                "stop (stuck inside C where the hook cannot reach";
    assert_memory_equal(g.body[41], stuck, sizeof stuck - 1); /* body[] holds 127 bytes */
    assert_string_equal(g.body[21],
                        "timeout run exceeded the time limit of 0.3 s (--run-timeout); killed");
    assert_true(g.big_len > 50000); /* larger than a pipe buffer */
    assert_int_equal(g.extra7_len, 9);
    assert_memory_equal(g.extra7, "\0binary\n\0", 9);
    assert_string_equal(g.body[7], "ok 1 sq 49");
    /* the replacements work */
    assert_int_equal(sw_pool_idle(pool), 3);
    assert_int_equal(sw_pool_busy(pool), 0);
    sw_pool_free(pool);
    sw_pool_free(NULL);
}

static void test_pool_errors(void **state)
{
    (void)state;
    sw_pool_opts o = {0, 0, exec_fn, NULL, NULL, 0, 0};
    sw_pool *pool = (sw_pool *)&o;
    assert_int_equal(sw_pool_new(&o, &pool, err, sizeof err), ACC_EINVAL);
    assert_null(pool);
    o.nworkers = 1;
    assert_int_equal(sw_pool_new(&o, &pool, err, sizeof err), ACC_OK);
    assert_int_equal(sw_pool_submit(pool, 1, err, sizeof err), ACC_OK);
    assert_int_equal(sw_pool_submit(pool, 2, err, sizeof err), ACC_ERUN);
    assert_string_equal(err, "no idle worker");
    got g;
    memset(&g, 0, sizeof g);
    while (sw_pool_busy(pool))
        assert_int_equal(sw_pool_wait(pool, 100, on_done, &g, err, sizeof err), ACC_OK);
    assert_int_equal(g.count[1], 1);
    /* freeing with a run in flight kills its worker */
    assert_int_equal(sw_pool_submit(pool, 21, err, sizeof err), ACC_OK);
    sw_pool_free(pool);
}

/* The coordinator catches SIGINT and SIGTERM (a flag; restore puts the
 * old handlers back); the workers ignore both, so a signal sent to the whole
 * process group (Ctrl-C) cannot kill a run under them (run 60 raises both
 * at itself and still answers). */
static void test_signals(void **state)
{
    (void)state;
    struct sigaction before, now;
    sigaction(SIGTERM, NULL, &before);
    assert_int_equal(sw_signals_install(), 0);
    assert_int_equal(sw_signal_pending(), 0);
    sw_pool_opts o = {1, 0, exec_fn, NULL, NULL, 0, 0};
    sw_pool *pool;
    assert_int_equal(sw_pool_new(&o, &pool, err, sizeof err), ACC_OK);
    got g;
    memset(&g, 0, sizeof g);
    assert_int_equal(sw_pool_submit(pool, 60, err, sizeof err), ACC_OK);
    while (sw_pool_busy(pool))
        assert_int_equal(sw_pool_wait(pool, 100, on_done, &g, err, sizeof err), ACC_OK);
    assert_string_equal(g.body[60], "ok 1 sq 3600");
    assert_int_equal(sw_signal_pending(), 0); /* the worker's signals were its own */
    raise(SIGTERM);                             /* the coordinator: caught, not fatal */
    assert_int_equal(sw_signal_pending(), SIGTERM);
    sw_pool_free(pool);
    sw_signals_restore();
    sigaction(SIGTERM, NULL, &now);
    assert_true(now.sa_handler == before.sa_handler);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pool_runs_crashes_timeouts),
        cmocka_unit_test(test_pool_errors),
        cmocka_unit_test(test_signals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
