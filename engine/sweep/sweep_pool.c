/* accord — the sweep's worker processes: forked children that execute one
 * run at a time, so that a run that crashes, hangs past its time limit or
 * exhausts memory takes down only its worker, which is replaced.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "base/common.h"
#include "base/clock.h"
#include "sweep/sweep_int.h"

#define QUIT_RUN UINT64_MAX

/* What a worker sends back before the record body. */
typedef struct msg_head {
    uint64_t run;
    double seconds;
    uint64_t len, extra_len;
} msg_head;

typedef struct worker {
    pid_t pid;
    int fd;          /* parent's end of the socket pair; -1 if none */
    int busy;
    uint64_t run;
    double started;  /* monotonic seconds */
} worker;

struct sw_pool {
    sw_pool_opts o;
    worker *w;
    int n;
    struct pollfd *pfd;
    acc_sb body, msg;
};

#define MAX_MSG ((uint64_t)1 << 31) /* body plus time series of one run */


static int write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n > 0) {
        ssize_t w = send(fd, c, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

/* 1 = read all, 0 = EOF before anything, -1 = error or EOF midway */
static int read_all(int fd, void *p, size_t n)
{
    char *c = p;
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, c + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            return got == 0 ? 0 : -1;
        got += (size_t)r;
    }
    return 1;
}

/* ---- signals --------------------------------------------------------------------- */

static volatile sig_atomic_t caught_signal;
static struct sigaction old_int, old_term, old_xfsz;
static int installed;

static void on_signal(int sig) { caught_signal = sig; }

int sw_signals_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: poll() returns EINTR at once */
    caught_signal = 0;
    if (sigaction(SIGINT, &sa, &old_int) != 0)
        return -1;
    if (sigaction(SIGTERM, &sa, &old_term) != 0) {
        sigaction(SIGINT, &old_int, NULL);
        return -1;
    }
    /* a file-size limit (ulimit -f, a batch system's) reached by the journal
     * or an output: the write fails with EFBIG, a file error that names the
     * file, instead of SIGXFSZ ending the process without a word */
    struct sigaction ign;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGXFSZ, &ign, &old_xfsz);
    installed = 1;
    return 0;
}

void sw_signals_restore(void)
{
    if (!installed)
        return;
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGXFSZ, &old_xfsz, NULL);
    installed = 0;
}

int sw_signal_pending(void) { return caught_signal; }

/* ---- the child ------------------------------------------------------------------ */

static void worker_main(sw_pool *p, int fd) __attribute__((noreturn));
static void worker_main(sw_pool *p, int fd)
{
    acc_sb out = {0}, extra = {0};
    for (;;) {
        uint64_t run;
        if (read_all(fd, &run, sizeof run) != 1 || run == QUIT_RUN)
            break;
        acc_sb_clear(&out);
        acc_sb_clear(&extra);
        double t0 = acc_mono_s();
        p->o.exec(p->o.exec_ctx, run, &out, &extra);
        if (out.oom || extra.oom || out.len + extra.len >= MAX_MSG) {
            acc_sb_free(&out);
            acc_sb_free(&extra);
            sw_format_failure(&out, SW_ERROR, "out of memory while formatting the result");
        }
        msg_head h = {run, acc_mono_s() - t0, out.len, extra.len};
        if (write_all(fd, &h, sizeof h) || write_all(fd, out.s, out.len) ||
            write_all(fd, extra.s, extra.len))
            break;
    }
    /* _exit: never run the parent's atexit handlers or flush its stdio */
    _exit(0);
}

static int spawn(sw_pool *p, int k, char *err, size_t errlen)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        acc_errf(err, errlen, "cannot create a worker channel: %s", strerror(errno));
        return ACC_ERUN;
    }
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        acc_errf(err, errlen, "cannot start a worker process: %s", strerror(errno));
        close(sv[0]);
        close(sv[1]);
        return ACC_ERUN;
    }
    if (pid == 0) {
#ifdef __linux__
        prctl(PR_SET_PDEATHSIG, SIGKILL); /* an orphaned worker must not linger */
#endif
        signal(SIGPIPE, SIG_IGN);
        /* the coordinator decides what a SIGINT or SIGTERM means (sw_signals_install) */
        signal(SIGINT, SIG_IGN);
        signal(SIGTERM, SIG_IGN);
        close(sv[0]);
        /* the other workers' channels: keep none open, so that each worker
         * sees end-of-file when the parent goes away */
        for (int i = 0; i < p->n; i++)
            if (p->w[i].fd >= 0)
                close(p->w[i].fd);
        for (int i = 0; i < p->o.n_close_fds; i++)
            if (p->o.close_fds[i] >= 0)
                close(p->o.close_fds[i]);
        worker_main(p, sv[1]);
    }
    close(sv[1]);
    p->w[k].pid = pid;
    p->w[k].fd = sv[0];
    p->w[k].busy = 0;
    return ACC_OK;
}

int sw_pool_new(const sw_pool_opts *o, sw_pool **out, char *err, size_t errlen)
{
    *out = NULL;
    if (o->nworkers < 1 || o->nworkers > 4096 || !o->exec) {
        acc_errf(err, errlen, "worker count must be in [1, 4096], got %d", o->nworkers);
        return ACC_EINVAL;
    }
    sw_pool *p = calloc(1, sizeof *p);
    if (!p || !(p->w = calloc((size_t)o->nworkers, sizeof *p->w)) ||
        !(p->pfd = calloc((size_t)o->nworkers, sizeof *p->pfd))) {
        if (p)
            free(p->w);
        free(p);
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    p->o = *o;
    p->n = o->nworkers;
    for (int i = 0; i < p->n; i++)
        p->w[i].fd = -1;
    for (int i = 0; i < p->n; i++) {
        int rc = spawn(p, i, err, errlen);
        if (rc) {
            sw_pool_free(p);
            return rc;
        }
    }
    *out = p;
    return ACC_OK;
}

int sw_pool_idle(const sw_pool *p)
{
    int n = 0;
    for (int i = 0; i < p->n; i++)
        n += p->w[i].fd >= 0 && !p->w[i].busy;
    return n;
}

int sw_pool_busy(const sw_pool *p)
{
    int n = 0;
    for (int i = 0; i < p->n; i++)
        n += p->w[i].busy;
    return n;
}

/* Describe how a worker ended, for failures.csv. */
static void death_message(char *buf, size_t n, int status)
{
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        snprintf(buf, n, "the worker process died: killed by signal %d (%s)", sig, strsignal(sig));
    } else if (WIFEXITED(status)) {
        snprintf(buf, n, "the worker process died: exit status %d", WEXITSTATUS(status));
    } else {
        snprintf(buf, n, "the worker process died");
    }
}

/* A worker that ended itself because its run's script was stuck inside C
 * (SW_WORKER_EXIT_STUCK): its run is a 'limit' failure, not a crash. */
static int stuck_exit(int status)
{
    return WIFEXITED(status) && WEXITSTATUS(status) == SW_WORKER_EXIT_STUCK;
}

static void stuck_message(const sw_pool *p, char *buf, size_t n)
{
    char limit[48] = "";
    if (p->o.lua_time_limit_s > 0)
        snprintf(limit, sizeof limit, " of %g s", p->o.lua_time_limit_s);
    snprintf(buf, n,
             "time limit%s exceeded and the script did not stop (stuck inside C where the hook "
             "cannot reach, e.g. a pathological string pattern); its worker process was ended",
             limit);
}

/* Reap worker k (already closed or killed), report its run if it had one
 * with status st (or as a 'limit' failure if the worker ended itself over a
 * script stuck inside C), and start a replacement. */
static int replace(sw_pool *p, int k, int st, const char *why, sw_done_fn fn, void *ud, char *err,
                   size_t errlen)
{
    worker *w = &p->w[k];
    int status = 0;
    if (w->fd >= 0) {
        close(w->fd);
        w->fd = -1;
    }
    while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
        ;
    int rc = ACC_OK;
    if (w->busy) {
        char msg[256];
        if (why) {
            snprintf(msg, sizeof msg, "%s", why);
        } else if (stuck_exit(status)) {
            st = SW_LIMIT;
            stuck_message(p, msg, sizeof msg);
        } else {
            death_message(msg, sizeof msg, status);
        }
        acc_sb_clear(&p->body);
        sw_format_failure(&p->body, st, msg);
        sw_done d = {w->run, acc_mono_s() - w->started, p->body.s, p->body.len, 0, NULL, 0};
        w->busy = 0;
        rc = fn ? fn(ud, &d) : ACC_OK;
    }
    int rs = spawn(p, k, err, errlen);
    return rc ? rc : rs;
}

int sw_pool_submit(sw_pool *p, uint64_t run, char *err, size_t errlen)
{
    for (int i = 0; i < p->n; i++) {
        worker *w = &p->w[i];
        if (w->fd < 0 || w->busy)
            continue;
        w->busy = 1;
        w->run = run;
        w->started = acc_mono_s();
        if (write_all(w->fd, &run, sizeof run) != 0) {
            /* the worker is gone: the next wait reports the run as a crash */
            shutdown(w->fd, SHUT_RDWR);
        }
        return ACC_OK;
    }
    acc_errf(err, errlen, "no idle worker");
    return ACC_ERUN;
}

int sw_pool_wait(sw_pool *p, int timeout_ms, sw_done_fn fn, void *ud, char *err, size_t errlen)
{
    double now = acc_mono_s();
    int wait_ms = timeout_ms;
    if (p->o.run_timeout_s > 0) {
        for (int i = 0; i < p->n; i++) {
            if (!p->w[i].busy)
                continue;
            double left = p->w[i].started + p->o.run_timeout_s - now;
            int ms = left <= 0 ? 0 : (int)ceil(left * 1000);
            if (ms < wait_ms)
                wait_ms = ms;
        }
    }
    int np = 0;
    for (int i = 0; i < p->n; i++) {
        p->pfd[i].fd = p->w[i].fd; /* negative fds are ignored by poll */
        p->pfd[i].events = POLLIN;
        p->pfd[i].revents = 0;
        np++;
    }
    int r = poll(p->pfd, (nfds_t)np, wait_ms);
    if (r < 0 && errno != EINTR) {
        acc_errf(err, errlen, "poll: %s", strerror(errno));
        return ACC_ERUN;
    }
    int rc = ACC_OK;
    for (int i = 0; i < p->n && rc == ACC_OK; i++) {
        worker *w = &p->w[i];
        if (r <= 0 || w->fd < 0 || !(p->pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
        msg_head h;
        int got = read_all(w->fd, &h, sizeof h);
        uint64_t total = got == 1 ? h.len + h.extra_len : 0;
        if (got == 1 && h.len < MAX_MSG && h.extra_len < MAX_MSG && total < MAX_MSG &&
            acc_sb_reserve(&p->msg, (size_t)total) == 0) {
            p->msg.len = 0;
            if (total == 0 || read_all(w->fd, p->msg.s, (size_t)total) == 1) {
                p->msg.len = (size_t)total;
                if (w->busy && h.run == w->run) {
                    w->busy = 0;
                    sw_done d = {h.run, h.seconds, p->msg.s, (size_t)h.len, 0,
                                 p->msg.s + h.len, (size_t)h.extra_len};
                    rc = fn ? fn(ud, &d) : ACC_OK;
                    continue;
                }
            }
        }
        /* end of file, a short message or a confused worker: it died */
        kill(w->pid, SIGKILL);
        rc = replace(p, i, SW_CRASH, NULL, fn, ud, err, errlen);
    }
    if (rc)
        return rc;
    if (p->o.run_timeout_s > 0) {
        now = acc_mono_s();
        for (int i = 0; i < p->n && rc == ACC_OK; i++) {
            worker *w = &p->w[i];
            if (!w->busy || now - w->started < p->o.run_timeout_s)
                continue;
            char why[160];
            snprintf(why, sizeof why, "run exceeded the time limit of %g s (--run-timeout); killed",
                     p->o.run_timeout_s);
            kill(w->pid, SIGKILL);
            rc = replace(p, i, SW_TIMEOUT, why, fn, ud, err, errlen);
        }
    }
    return rc;
}

void sw_pool_free(sw_pool *p)
{
    if (!p)
        return;
    uint64_t quit = QUIT_RUN;
    for (int i = 0; i < p->n; i++) {
        worker *w = &p->w[i];
        if (w->fd < 0)
            continue;
        if (w->busy)
            kill(w->pid, SIGKILL);
        else if (write_all(w->fd, &quit, sizeof quit) != 0)
            kill(w->pid, SIGKILL);
        close(w->fd);
        w->fd = -1;
    }
    for (int i = 0; i < p->n; i++) {
        if (p->w[i].pid <= 0)
            continue;
        int status;
        while (waitpid(p->w[i].pid, &status, 0) < 0 && errno == EINTR)
            ;
    }
    acc_sb_free(&p->body);
    acc_sb_free(&p->msg);
    free(p->pfd);
    free(p->w);
    free(p);
}
