/* accord live — the scenario's parameters and question (loaded once), and
 * the worker pool: each run is acc_rundir (the code of `accord run`) in a
 * forked process writing into a private folder, killed when it outlives the
 * time limit; at most `jobs` at once; results kept in a small cache.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/readfile.h"
#include "io/csv.h"
#include "live/live_int.h"
#include "sweep/rundir.h"

const live_series_def live_series[] = {
    {"harm", "Cumulative harm", "M$", "harm", 1},
    {"deployed", "Developers deployed", "developers", "deployed", 0},
    {"mean_safety", "Mean safety of deployed models", "score 0-1", "mean_safety", 0},
    {"startup_share", "Startup share of AI revenue", "share", "startup_share", 0},
    {"regulatory_spend", "Cumulative certification + compliance spending", "M$",
     "certification_spend+compliance_spend", 1},
    {"noncompliant", "Developers serving uncertified", "developers", "noncompliant", 0},
};
const int live_nseries = (int)(sizeof live_series / sizeof live_series[0]);

/* ---- the scenario ------------------------------------------------------------ */

/* The "Question:" paragraph of the header comment, whitespace collapsed. */
static char *find_question(const char *text)
{
    const char *q = strstr(text, "Question:");
    if (!q)
        return NULL;
    q += strlen("Question:");
    const char *end = strstr(q, "\n\n");
    const char *close = strstr(q, "]]");
    if (!end || (close && close < end))
        end = close;
    if (!end)
        end = q + strlen(q);
    size_t n = (size_t)(end - q);
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    size_t k = 0;
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        char c = q[i];
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            space = 1;
            continue;
        }
        if (space && k > 0)
            out[k++] = ' ';
        space = 0;
        out[k++] = c;
    }
    out[k] = 0;
    return out;
}

int live_scenario_load(live_scenario *sc, const char *path, char *err, size_t errlen)
{
    memset(sc, 0, sizeof *sc);
    snprintf(sc->path, sizeof sc->path, "%s", path);
    acc_scenario_opts so = {0};
    so.path = path;
    so.warn = NULL;
    acc_scenario *s = NULL;
    int rc = acc_scenario_load(&so, &s, err, errlen);
    if (rc != ACC_OK)
        return rc;
    snprintf(sc->name, sizeof sc->name, "%s", acc_scenario_name(s));
    snprintf(sc->description, sizeof sc->description, "%s",
             acc_scenario_description(s) ? acc_scenario_description(s) : "");
    int n = acc_scenario_nparams(s);
    if (n > LIVE_MAX_PARAMS) {
        acc_errf(err, errlen, "%s: declares %d parameters; accord live shows at most %d", path, n,
                 LIVE_MAX_PARAMS);
        acc_scenario_free(s);
        return ACC_EINVAL;
    }
    for (int i = 0; i < n; i++)
        sc->params[i] = *acc_scenario_param(s, i);
    sc->nparams = n;
    if (acc_scenario_config(s)) {
        live_work w;
        live_work_of(acc_scenario_config(s), &w);
        sc->work = w.total;
    }
    acc_scenario_free(s);
    char *text = NULL;
    size_t len = 0;
    if (acc_io_read_file(path, 1 << 20, &text, &len, err, errlen) == ACC_OK) {
        sc->question = find_question(text);
        free(text);
    }
    err[0] = 0;
    return ACC_OK;
}

void live_scenario_free(live_scenario *sc)
{
    free(sc->question);
    sc->question = NULL;
}

void live_work_of(const acc_config *cfg, live_work *w)
{
    double founded = 0, initial = 0;
    for (int j = 0; j < cfg->n_jur; j++)
        founded += cfg->jur[j].startup_rate * cfg->years;
    for (int i = 0; i < cfg->n_pop; i++)
        initial += cfg->pop[i].count;
    w->steps = round(cfg->years * cfg->steps_per_year);
    w->markets = cfg->n_jur;
    w->developers = initial + founded / 2;
    w->total = w->steps * w->markets * w->developers;
}

double live_work_limit_up(double work)
{
    double m = work / 1e6;
    if (!(m > 0))
        return 0;
    double mag = pow(10, floor(log10(m)) - 1);
    return ceil(m / mag * (1 - 1e-12)) * mag;
}

/* ---- results ----------------------------------------------------------------- */

static void run_free(live_run *r)
{
    if (!r)
        return;
    free(r->out_name);
    free(r->out_value);
    free(r->year);
    free(r->series);
    free(r->manifest);
    free(r);
}

double live_run_outcome(const live_run *r, const char *name)
{
    for (int i = 0; r && i < r->nout; i++)
        if (strcmp(r->out_name[i], name) == 0)
            return r->out_value[i];
    return NAN;
}

static double cell_number(const char *s)
{
    if (!s || !*s || strcmp(s, "NA") == 0)
        return NAN;
    char *end;
    double v = strtod(s, &end);
    return *end ? NAN : v;
}

static int read_summary(live_run *r, const char *dir, char *err, size_t errlen)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    acc_csv_table *t = NULL;
    int rc = acc_csv_read_file(path, &t, err, errlen);
    if (rc != ACC_OK)
        return rc;
    size_t nc = acc_csv_ncols(t);
    r->out_name = calloc(nc ? nc : 1, sizeof *r->out_name);
    r->out_value = calloc(nc ? nc : 1, sizeof *r->out_value);
    if (!r->out_name || !r->out_value) {
        acc_csv_table_free(t);
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    for (size_t c = 0; acc_csv_nrows(t) > 0 && c < nc; c++) {
        const char *cell = acc_csv_cell(t, 0, c);
        double v = cell_number(cell);
        if (isnan(v) && strcmp(cell, "NA") != 0)
            continue; /* text: the scenario's name */
        snprintf(r->out_name[r->nout], sizeof r->out_name[0], "%s", acc_csv_header(t, c));
        r->out_value[r->nout++] = v;
    }
    acc_csv_table_free(t);
    return ACC_OK;
}

static int read_timeseries(live_run *r, const char *dir, char *err, size_t errlen)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/timeseries.csv", dir);
    if (access(path, F_OK) != 0)
        return ACC_OK; /* a function model: no time series */
    acc_csv_table *t = NULL;
    int rc = acc_csv_read_file(path, &t, err, errlen);
    if (rc != ACC_OK)
        return rc;
    size_t jc, yc, nr = acc_csv_nrows(t);
    if (acc_csv_col(t, "jurisdiction", &jc, err, errlen) != ACC_OK ||
        acc_csv_col(t, "year", &yc, err, errlen) != ACC_OK) {
        acc_csv_table_free(t);
        return ACC_EIO;
    }
    r->year = calloc(nr ? nr : 1, sizeof *r->year);
    r->series = calloc((nr ? nr : 1) * (size_t)live_nseries, sizeof *r->series);
    if (!r->year || !r->series) {
        acc_csv_table_free(t);
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    /* the columns of each figure (absent: the figure is all NaN) */
    size_t cols[16][4];
    int ncols[16];
    for (int s = 0; s < live_nseries; s++) {
        char buf[128];
        snprintf(buf, sizeof buf, "%s", live_series[s].cols);
        ncols[s] = 0;
        char *save = NULL;
        for (char *c = strtok_r(buf, "+", &save); c; c = strtok_r(NULL, "+", &save)) {
            size_t ci;
            char e2[ACC_ERRLEN];
            if (acc_csv_col(t, c, &ci, e2, sizeof e2) != ACC_OK) {
                ncols[s] = -1;
                break;
            }
            if (ncols[s] < 4)
                cols[s][ncols[s]++] = ci;
        }
    }
    double total[16] = {0};
    int n = 0;
    for (size_t row = 0; row < nr; row++) {
        if (strcmp(acc_csv_cell(t, row, jc), "all") != 0)
            continue;
        r->year[n] = cell_number(acc_csv_cell(t, row, yc));
        for (int s = 0; s < live_nseries; s++) {
            double v = ncols[s] > 0 ? 0 : NAN;
            for (int k = 0; k < ncols[s]; k++)
                v += cell_number(acc_csv_cell(t, row, cols[s][k]));
            if (live_series[s].cumulative && !isnan(v)) {
                total[s] += v;
                v = total[s];
            }
            r->series[(size_t)s * nr + (size_t)n] = v;
        }
        n++;
    }
    /* compact the per-figure rows to n steps */
    for (int s = 1; s < live_nseries; s++)
        memmove(r->series + (size_t)s * (size_t)n, r->series + (size_t)s * nr,
                (size_t)n * sizeof *r->series);
    r->nsteps = n;
    acc_csv_table_free(t);
    return ACC_OK;
}

static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char p[1400];
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            unlink(p);
        }
        closedir(d);
    }
    rmdir(dir);
}

/* ---- the pool ---------------------------------------------------------------- */

static void spawner_main(live_pool *p, int sock);

int live_pool_init(live_pool *p, const char *scenario, int jobs, double timeout_s,
                   size_t mem_limit, double max_work, char *err, size_t errlen)
{
    memset(p, 0, sizeof *p);
    p->scenario = scenario;
    p->max_work = max_work > 0 ? max_work : 0;
    p->jobs = jobs < 1 ? 1 : jobs > 64 ? 64 : jobs;
    p->max_waiting = 8 * p->jobs;
    p->timeout_s = timeout_s;
    p->mem_limit = mem_limit;
    /* tmpfs when there is one: outputs are fsynced, which costs on disks */
    struct stat st;
    const char *base = getenv("TMPDIR");
    if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && access("/dev/shm", W_OK) == 0)
        base = "/dev/shm";
    if (!base || !*base)
        base = "/tmp";
    snprintf(p->tmpdir, sizeof p->tmpdir, "%s/accord-live-XXXXXX", base);
    if (!mkdtemp(p->tmpdir)) {
        acc_errf(err, errlen, "%s: cannot create a working folder: %s", p->tmpdir, strerror(errno));
        return ACC_EIO;
    }
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) != 0) {
        acc_errf(err, errlen, "cannot create the spawner's socket: %s", strerror(errno));
        rmdir(p->tmpdir);
        return ACC_EIO;
    }
    p->zpid = fork();
    if (p->zpid == 0) {
        close(sv[0]);
        spawner_main(p, sv[1]);
        _exit(0);
    }
    close(sv[1]);
    if (p->zpid < 0) {
        acc_errf(err, errlen, "cannot start the spawner: %s", strerror(errno));
        close(sv[0]);
        rmdir(p->tmpdir);
        return ACC_EIO;
    }
    p->zfd = sv[0];
    pthread_mutex_init(&p->mu, NULL);
    pthread_mutex_init(&p->zmu, NULL);
    pthread_cond_init(&p->cv, NULL);
    return ACC_OK;
}

void live_pool_kill_all(live_pool *p)
{
    pthread_mutex_lock(&p->mu);
    p->stopping = 1;
    for (int i = 0; i < 64; i++)
        if (p->pids[i] > 0)
            kill(p->pids[i], SIGKILL);
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

void live_pool_free(live_pool *p)
{
    if (p->zfd > 0) {
        close(p->zfd); /* the spawner ends */
        while (waitpid(p->zpid, NULL, 0) < 0 && errno == EINTR)
            ;
        p->zfd = -1;
    }
    for (int i = 0; i < LIVE_CACHE; i++) {
        free(p->cache[i].key);
        if (p->cache[i].run && --p->cache[i].run->refs == 0)
            run_free(p->cache[i].run);
    }
    remove_dir(p->tmpdir);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
}

void live_run_release(live_pool *p, live_run *r)
{
    if (!r)
        return;
    pthread_mutex_lock(&p->mu);
    int last = --r->refs == 0;
    pthread_mutex_unlock(&p->mu);
    if (last)
        run_free(r);
}

/* Under the lock: the cached run for key (a new reference), or NULL. */
static live_run *cache_get(live_pool *p, const char *key)
{
    for (int i = 0; i < LIVE_CACHE; i++)
        if (p->cache[i].key && strcmp(p->cache[i].key, key) == 0) {
            p->cache[i].used = ++p->clock;
            p->cache[i].run->refs++;
            return p->cache[i].run;
        }
    return NULL;
}

/* Under the lock: keep r (takes a reference), evicting the least recent. */
static void cache_put(live_pool *p, const char *key, live_run *r)
{
    int slot = 0;
    for (int i = 0; i < LIVE_CACHE; i++) {
        if (!p->cache[i].key) {
            slot = i;
            break;
        }
        if (p->cache[i].used < p->cache[slot].used)
            slot = i;
    }
    char *k = strdup(key);
    if (!k)
        return;
    free(p->cache[slot].key);
    if (p->cache[slot].run && --p->cache[slot].run->refs == 0)
        run_free(p->cache[slot].run);
    p->cache[slot].key = k;
    p->cache[slot].run = r;
    p->cache[slot].used = ++p->clock;
    r->refs++;
}

static int child_fd = -1;

/* The child's answer: "STATUS\nMESSAGE" to the server, then _exit(code). */
static _Noreturn void reply_and_exit(int fd, int status, const char *msg, int code)
{
    char buf[ACC_ERRLEN + 16];
    int n = snprintf(buf, sizeof buf, "%d\n%s", status, msg);
    if (n > 0 && write(fd, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1) < 0)
        _exit(1);
    _exit(code);
}

/* A Lua call stuck inside C past its limit: report and end the worker. */
static void child_stuck(void *ud, const char *msg)
{
    (void)ud;
    reply_and_exit(child_fd, ACC_ELIMIT, msg, 1);
}

/* An amount (millions) for a message: 3 significant digits, whole above 1000. */
static void fmt_amount(char *buf, size_t n, double v)
{
    snprintf(buf, n, v >= 1000 ? "%.0f" : "%.3g", v);
}

/* Is this run (s: the scenario loaded with the run's values, whose
 * developers, markets and steps depend on them), times the reps of its
 * request, over p->max_work? */
static int over_work(live_pool *p, acc_scenario *s, int reps, char *msg, size_t msglen)
{
    int over = 0;
    if (acc_scenario_config(s)) {
        live_work w;
        live_work_of(acc_scenario_config(s), &w);
        double total = w.total * (reps > 1 ? reps : 1);
        if (total > p->max_work) {
            char t[32], lim[32], rp[48] = "";
            fmt_amount(t, sizeof t, total / 1e6);
            fmt_amount(lim, sizeof lim, p->max_work / 1e6);
            if (reps > 1)
                snprintf(rp, sizeof rp, ", x %d replicates", reps);
            /* what the participant can change, then (after LIVE_TEACHER_SEP,
             * for the server's log, not the page) the same with the option
             * that would take it: only the teacher can restart the server */
            acc_errf(msg, msglen,
                     "this run is too large for this server: about %s million "
                     "developer-market-steps (%.0f steps x %.0f markets x %.0f developers on "
                     "average%s), over its limit of %s million; make it smaller: fewer years, "
                     "a smaller scale%s; or ask the teacher, who can raise the server's limit"
                     LIVE_TEACHER_SEP "about %s million developer-market-steps (%.0f steps x "
                     "%.0f markets x %.0f developers on average%s), over its limit of %s million "
                     "(--max-work); ask for a smaller world, a shorter run%s, or start the "
                     "server with --max-work %g",
                     t, w.steps, w.markets, w.developers, rp, lim,
                     reps > 1 ? " or fewer replicates" : "", t, w.steps, w.markets, w.developers,
                     rp, lim, reps > 1 ? " or fewer replicates" : "", live_work_limit_up(total));
            over = 1;
        }
    }
    return over;
}

/* The worker: one acc_rundir, its status and message down the pipe. */
static void child_main(live_pool *p, int fd, const char *dir, const char *const *sets, int nsets,
                       uint64_t seed, uint64_t run, int reps)
{
    sigset_t none;
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, &none, NULL);
    signal(SIGPIPE, SIG_DFL);
    signal(SIGCHLD, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    child_fd = fd;
    /* first our pid, so the server can kill us at its time limit */
    char pidline[32];
    int pn = snprintf(pidline, sizeof pidline, "P%ld\n", (long)getpid());
    if (write(fd, pidline, (size_t)pn) != pn)
        _exit(1);
    /* Load the scenario with the run's values once: to know its size
     * (--max-work) and then to run it (acc_rundir, given it loaded); its
     * print() and warning lines reach the run's log.txt through the relay,
     * as when acc_rundir loads it. */
    acc_scenario_opts so;
    memset(&so, 0, sizeof so);
    so.path = p->scenario;
    so.sets = sets;
    so.n_sets = nsets;
    so.seed = seed;
    so.run = run;
    so.mem_limit_bytes = p->mem_limit;
    so.time_limit_s = p->timeout_s;
    so.stuck = child_stuck;
    acc_rundir_relay relay;
    memset(&relay, 0, sizeof relay);
    so.log = acc_rundir_relay_log;
    so.log_ud = &relay;
    acc_scenario *s = NULL;
    char err[ACC_ERRLEN] = "";
    int rc = acc_scenario_load(&so, &s, err, sizeof err);
    if (rc != ACC_OK) /* the same message acc_rundir's load gives (accord run's) */
        reply_and_exit(fd, ACC_EINVAL, err, 0);
    char too_big[ACC_ERRLEN];
    if (p->max_work > 0 && over_work(p, s, reps, too_big, sizeof too_big))
        reply_and_exit(fd, LIVE_STATUS_TOO_BIG, too_big, 0);
    char cmd[2048];
    int k = snprintf(cmd, sizeof cmd, "accord live: accord run %s --seed %llu --run %llu --events none",
                     p->scenario, (unsigned long long)seed, (unsigned long long)run);
    for (int i = 0; i < nsets && k > 0 && (size_t)k < sizeof cmd; i++)
        k += snprintf(cmd + k, sizeof cmd - (size_t)k, " --set %s", sets[i]);
    acc_rundir_opts o;
    memset(&o, 0, sizeof o);
    o.scenario = p->scenario;
    o.outdir = dir;
    o.seed = seed;
    o.run = run;
    o.sets = sets;
    o.n_sets = nsets;
    o.mem_limit_bytes = p->mem_limit;
    o.time_limit_s = p->timeout_s;
    o.quiet = 1;
    o.command_line = cmd;
    o.stuck = child_stuck;
    o.events = ACC_RUNDIR_EVENTS_NONE;
    o.loaded = s;
    o.relay = &relay;
    acc_rundir_result res;
    memset(&res, 0, sizeof res);
    rc = acc_rundir(&o, &res, err, sizeof err);
    acc_scenario_free(s);
    acc_rundir_relay_free(&relay);
    /* a scenario that does not load with these values is a bad request
     * (above); an invalid value found while running is the run's failure */
    if (rc == ACC_EINVAL)
        rc = ACC_ERUN;
    reply_and_exit(fd, rc, err, 0);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* What the server asks the spawner for: one run, and (SCM_RIGHTS) the pipe
 * its worker writes its pid and result to. */
typedef struct spawn_req {
    char dir[700];
    uint64_t seed, run;
    int reps; /* of the request (the work limit) */
    int nsets;
    char sets[LIVE_MAX_PARAMS][96];
} spawn_req;

/* The spawner: a process forked before the server starts any thread, so
 * that workers are forked from a single-threaded process (a fork from the
 * threaded server could inherit a lock another thread held, e.g. libc's
 * time-zone lock, and hang the worker). It ends when the server closes its
 * socket. */
static void spawner_main(live_pool *p, int sock)
{
    signal(SIGCHLD, SIG_IGN); /* workers are reaped by the kernel */
    signal(SIGINT, SIG_IGN);  /* the server stops us by closing the socket */
    signal(SIGTERM, SIG_IGN);
    static spawn_req rq;
    for (;;) {
        struct msghdr mh;
        struct iovec iov = {&rq, sizeof rq};
        union {
            struct cmsghdr h;
            char buf[CMSG_SPACE(sizeof(int))];
        } ctl;
        memset(&mh, 0, sizeof mh);
        mh.msg_iov = &iov;
        mh.msg_iovlen = 1;
        mh.msg_control = ctl.buf;
        mh.msg_controllen = sizeof ctl.buf;
        ssize_t n = recvmsg(sock, &mh, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            _exit(0);
        struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
        if ((size_t)n != sizeof rq || !cm || cm->cmsg_type != SCM_RIGHTS)
            continue;
        int fd;
        memcpy(&fd, CMSG_DATA(cm), sizeof fd);
        rq.dir[sizeof rq.dir - 1] = 0;
        if (rq.nsets < 0 || rq.nsets > LIVE_MAX_PARAMS)
            rq.nsets = 0;
        pid_t pid = fork();
        if (pid == 0) {
            close(sock);
            const char *sets[LIVE_MAX_PARAMS];
            for (int i = 0; i < rq.nsets; i++) {
                rq.sets[i][sizeof rq.sets[i] - 1] = 0;
                sets[i] = rq.sets[i];
            }
            child_main(p, fd, rq.dir, sets, rq.nsets, rq.seed, rq.run, rq.reps);
            _exit(1);
        }
        if (pid < 0) {
            char msg[160];
            int k = snprintf(msg, sizeof msg, "%d\ncannot start a worker: %s", ACC_ERUN, strerror(errno));
            if (write(fd, msg, (size_t)k) < 0)
                (void)0;
        }
        close(fd);
    }
}

/* Ask the spawner for a worker for one run and collect what it wrote. */
static live_run *execute(live_pool *p, unsigned long long id, const char *const *sets, int nsets,
                         uint64_t seed, uint64_t run, int reps)
{
    live_run *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    spawn_req *rq = calloc(1, sizeof *rq);
    if (!rq) {
        free(r);
        return NULL;
    }
    snprintf(rq->dir, sizeof rq->dir, "%s/r%llu", p->tmpdir, id);
    const char *dir = rq->dir;
    int fds[2] = {-1, -1};
    if (mkdir(dir, 0700) != 0 || pipe(fds) != 0) {
        r->status = ACC_EIO;
        acc_errf(r->err, sizeof r->err, "%s: cannot prepare the run: %s", dir, strerror(errno));
        rmdir(dir);
        free(rq);
        return r;
    }
    rq->seed = seed;
    rq->run = run;
    rq->reps = reps;
    rq->nsets = nsets;
    for (int i = 0; i < nsets && i < LIVE_MAX_PARAMS; i++)
        snprintf(rq->sets[i], sizeof rq->sets[i], "%s", sets[i]);
    struct msghdr mh;
    struct iovec iov = {rq, sizeof *rq};
    union {
        struct cmsghdr h;
        char buf[CMSG_SPACE(sizeof(int))];
    } ctl;
    memset(&mh, 0, sizeof mh);
    memset(&ctl, 0, sizeof ctl);
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    mh.msg_control = ctl.buf;
    mh.msg_controllen = sizeof ctl.buf;
    struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cm), &fds[1], sizeof(int));
    pthread_mutex_lock(&p->zmu);
    ssize_t sent = sendmsg(p->zfd, &mh, MSG_NOSIGNAL);
    pthread_mutex_unlock(&p->zmu);
    close(fds[1]);
    if (sent != (ssize_t)sizeof *rq) {
        close(fds[0]);
        r->status = ACC_ERUN;
        acc_errf(r->err, sizeof r->err, "cannot start a worker: the spawner does not answer");
        remove_dir(dir);
        free(rq);
        return r;
    }

    char msg[ACC_ERRLEN + 64];
    size_t got = 0;
    int timed_out = 0, slot = -1;
    pid_t pid = 0;
    double deadline = now_s() + p->timeout_s;
    for (;;) {
        double left = deadline - now_s();
        if (left <= 0) {
            timed_out = 1;
            break;
        }
        struct pollfd pf = {fds[0], POLLIN, 0};
        int pr = poll(&pf, 1, left > 1 ? 1000 : (int)(left * 1000) + 1);
        if (pr < 0 && errno == EINTR)
            continue;
        if (pr < 0)
            break;
        if (pr == 0)
            continue;
        ssize_t k = read(fds[0], msg + got, sizeof msg - 1 - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break; /* EOF: the worker ended */
        got += (size_t)k;
        msg[got] = 0;
        if (!pid && msg[0] == 'P' && strchr(msg, '\n')) {
            pid = (pid_t)atol(msg + 1);
            pthread_mutex_lock(&p->mu);
            for (int i = 0; i < 64 && slot < 0; i++)
                if (p->pids[i] == 0) {
                    p->pids[i] = pid;
                    slot = i;
                }
            pthread_mutex_unlock(&p->mu);
        }
        if (got >= sizeof msg - 1)
            got = sizeof msg - 2;
    }
    msg[got] = 0;
    close(fds[0]);
    if (timed_out && pid > 0)
        kill(pid, SIGKILL); /* still holds the pipe, so still running: not a reused pid */
    pthread_mutex_lock(&p->mu);
    if (slot >= 0)
        p->pids[slot] = 0;
    pthread_mutex_unlock(&p->mu);

    const char *res = msg[0] == 'P' ? strchr(msg, '\n') : msg;
    res = res && res != msg ? res + 1 : res;
    const char *nl = res ? strchr(res, '\n') : NULL;
    if (timed_out) {
        r->status = ACC_ELIMIT;
        acc_errf(r->err, sizeof r->err,
                 "%s: the run did not finish within the live server's time limit of %g s",
                 p->scenario, p->timeout_s);
    } else if (!nl) {
        r->status = ACC_ERUN;
        acc_errf(r->err, sizeof r->err,
                 "%s: the run's worker ended without a result (it crashed or was killed)",
                 p->scenario);
    } else {
        r->status = atoi(res);
        snprintf(r->err, sizeof r->err, "%s", nl + 1);
    }
    if (r->status == ACC_OK) {
        char path[800];
        size_t mlen = 0;
        snprintf(path, sizeof path, "%s/manifest.json", dir);
        int rc = read_summary(r, dir, r->err, sizeof r->err);
        if (rc == ACC_OK)
            rc = read_timeseries(r, dir, r->err, sizeof r->err);
        if (rc == ACC_OK)
            rc = acc_io_read_file(path, 1 << 24, &r->manifest, &mlen, r->err, sizeof r->err);
        r->status = rc;
    }
    remove_dir(dir);
    free(rq);
    return r;
}

static void make_key(acc_sb *k, const char *const *sets, int nsets, uint64_t seed, uint64_t run)
{
    acc_sb_printf(k, "%llu|%llu", (unsigned long long)seed, (unsigned long long)run);
    for (int i = 0; i < nsets; i++)
        acc_sb_printf(k, "|%s", sets[i]);
}

live_run *live_pool_run(live_pool *p, const char *const *sets, int nsets, uint64_t seed,
                        uint64_t run, int reps, int *cached, int *busy)
{
    *cached = 0;
    *busy = 0;
    acc_sb key = {0};
    make_key(&key, sets, nsets, seed, run);
    if (key.oom) {
        acc_sb_free(&key);
        return NULL;
    }
    pthread_mutex_lock(&p->mu);
    live_run *r = cache_get(p, acc_sb_str(&key));
    if (r) {
        p->ncached++;
        pthread_mutex_unlock(&p->mu);
        acc_sb_free(&key);
        *cached = 1;
        return r;
    }
    if (p->running >= p->jobs && p->waiting >= p->max_waiting) {
        pthread_mutex_unlock(&p->mu);
        acc_sb_free(&key);
        *busy = 1;
        return NULL;
    }
    p->waiting++;
    while (p->running >= p->jobs && !p->stopping)
        pthread_cond_wait(&p->cv, &p->mu);
    p->waiting--;
    if (p->stopping) {
        pthread_mutex_unlock(&p->mu);
        acc_sb_free(&key);
        *busy = 1;
        return NULL;
    }
    /* another request may have run it meanwhile */
    r = cache_get(p, acc_sb_str(&key));
    if (r) {
        p->ncached++;
        pthread_mutex_unlock(&p->mu);
        acc_sb_free(&key);
        *cached = 1;
        return r;
    }
    p->running++;
    unsigned long long id = ++p->seq;
    pthread_mutex_unlock(&p->mu);

    r = execute(p, id, sets, nsets, seed, run, reps);

    pthread_mutex_lock(&p->mu);
    p->running--;
    p->nruns++;
    /* all waiters: one woken may find its run in the cache and leave
     * without taking the slot, which must then go to another */
    pthread_cond_broadcast(&p->cv);
    if (r) {
        r->refs = 1;
        /* failures from a full disk or a killed worker may pass: keep only
         * results and the failures that will repeat (bad values, scripts) */
        if (r->status == ACC_OK || r->status == ACC_EINVAL || r->status == ACC_ESCRIPT)
            cache_put(p, acc_sb_str(&key), r);
        if (r->status != ACC_OK && r->status != LIVE_STATUS_TOO_BIG) /* refused, not failed */
            p->nfailed++;
    }
    pthread_mutex_unlock(&p->mu);
    acc_sb_free(&key);
    return r;
}
