/* accord benchmark — sweep throughput and per-run fixed overhead: scenario
 * load (sandbox state creation included), run, journal record; whole sweeps
 * of trivial runs at -j 1 and -j 2; parallel efficiency at -j 2 on runs of
 * ~5 ms; resident memory of the coordinator and workers for 1,000 to 100,000
 * runs. Prints figures; asserts nothing. Usage: bench_sweep [--big] (--help: usage)
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/common.h"
#include "base/clock.h"
#include "core/rng.h"
#include "lua/sandbox.h"
#include "lua/scenario.h"
#include "sweep/sweep.h"
#include "sweep/sweep_int.h"

static char dir[256];


static const char *path_in(const char *name)
{
    static char p[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
    return p[k];
}

static void write_file(const char *name, const char *text)
{
    FILE *f = fopen(path_in(name), "w");
    if (!f) {
        perror(name);
        exit(1);
    }
    fputs(text, f);
    fclose(f);
}

static void rm_rf(const char *p)
{
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", p);
    if (system(cmd) != 0)
        fprintf(stderr, "bench_sweep: could not remove %s\n", p);
}

/* One sweep in a child process (so that memory figures are its own).
 * Returns wall seconds; *rss_parent_kb / *rss_worker_kb: peak RSS of the
 * coordinator and of its largest worker. */
static double sweep(const char *scenario, const char *vary, const char *design, uint64_t samples,
                    uint64_t reps, int jobs, long *rss_parent_kb, long *rss_worker_kb)
{
    int pfd[2];
    if (pipe(pfd) != 0)
        exit(1);
    char out[512];
    snprintf(out, sizeof out, "%s", path_in("out"));
    rm_rf(out);
    pid_t pid = fork();
    if (pid == 0) {
        close(pfd[0]);
        acc_sweep_opts o;
        memset(&o, 0, sizeof o);
        const char *v[] = {vary};
        o.scenario = scenario;
        o.vary = v;
        o.n_vary = 1;
        o.design = design;
        o.samples = samples;
        o.reps = reps;
        o.jobs = jobs;
        o.outdir = out;
        acc_sweep_result r;
        char err[1024];
        double t0 = acc_mono_s();
        int rc = acc_sweep_run(&o, &r, err, sizeof err);
        double wall = acc_mono_s() - t0;
        if (rc || r.n_failed) {
            fprintf(stderr, "bench_sweep: sweep failed: %s\n", rc ? err : "runs failed");
            _exit(1);
        }
        struct rusage self, kids;
        getrusage(RUSAGE_SELF, &self);
        getrusage(RUSAGE_CHILDREN, &kids);
        double msg[3] = {wall, (double)self.ru_maxrss, (double)kids.ru_maxrss};
        if (write(pfd[1], msg, sizeof msg) != (ssize_t)sizeof msg)
            _exit(1);
        _exit(0);
    }
    close(pfd[1]);
    double msg[3] = {0, 0, 0};
    ssize_t got = read(pfd[0], msg, sizeof msg);
    close(pfd[0]);
    int st;
    waitpid(pid, &st, 0);
    if (got != (ssize_t)sizeof msg || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        fprintf(stderr, "bench_sweep: a sweep failed\n");
        exit(1);
    }
    if (rss_parent_kb)
        *rss_parent_kb = (long)msg[1];
    if (rss_worker_kb)
        *rss_worker_kb = (long)msg[2];
    return msg[0];
}

/* The fastest of `tries` identical sweeps: on a shared machine the minimum
 * is the figure least disturbed by other work. */
static double best_sweep(int tries, const char *scenario, const char *vary, const char *design,
                         uint64_t samples, uint64_t reps, int jobs)
{
    double best = 0;
    for (int i = 0; i < tries; i++) {
        double w = sweep(scenario, vary, design, samples, reps, jobs, NULL, NULL);
        if (i == 0 || w < best)
            best = w;
    }
    return best;
}

static void overhead_parts(const char *scenario)
{
    const int n = 3000;
    char err[1024];
    /* sandbox state alone */
    double t0 = acc_mono_s();
    for (int i = 0; i < n; i++) {
        acc_sandbox *sb;
        if (acc_sandbox_new(NULL, &sb, err, sizeof err)) {
            fprintf(stderr, "%s\n", err);
            exit(1);
        }
        acc_sandbox_free(sb);
    }
    double t_state = (acc_mono_s() - t0) / n;
    /* load (state + script + validation) and run, as a worker does per run */
    const char *sets[1] = {"x=0.385"};
    acc_scenario_opts so;
    memset(&so, 0, sizeof so);
    so.path = scenario;
    so.sets = sets;
    so.n_sets = 1;
    double t_load = 0, t_run = 0;
    for (int i = 0; i < n; i++) {
        acc_scenario *s;
        so.run = (uint64_t)i;
        double a = acc_mono_s();
        if (acc_scenario_load(&so, &s, err, sizeof err)) {
            fprintf(stderr, "%s\n", err);
            exit(1);
        }
        double b = acc_mono_s();
        if (acc_scenario_run(s, NULL, err, sizeof err)) {
            fprintf(stderr, "%s\n", err);
            exit(1);
        }
        double c = acc_mono_s();
        acc_scenario_free(s);
        t_load += b - a;
        t_run += c - b;
    }
    t_load /= n;
    t_run /= n;
    /* output: format and append one journal record (data-synced every 0.25 s) */
    const char *jp = path_in("bench-journal.txt");
    sw_header h;
    memset(&h, 0, sizeof h);
    h.shard_count = 1;
    sw_journal *j;
    if (sw_journal_create(jp, &h, err, sizeof err) || sw_journal_open(jp, -1, 0.25, &j, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        exit(1);
    }
    acc_sb line = {0};
    const char *body = "ok 1 y 0.38510000000000005";
    t0 = acc_mono_s();
    for (int i = 0; i < n; i++) {
        acc_sb_clear(&line);
        sw_format_record(&line, (uint64_t)i, 0.000123, body, strlen(body));
        sw_journal_append(j, line.s, line.len, err, sizeof err);
    }
    double t_rec = (acc_mono_s() - t0) / n;
    sw_journal_close(j, err, sizeof err);
    acc_sb_free(&line);
    /* fdatasync alone, for the record */
    int fd_ok = 1;
    double t_sync = 0;
    if (sw_journal_open(jp, -1, 0, &j, err, sizeof err) == 0) {
        t0 = acc_mono_s();
        for (int i = 0; i < 50; i++) {
            acc_sb_clear(&line);
            sw_format_record(&line, (uint64_t)i, 0.000123, body, strlen(body));
            fd_ok &= sw_journal_append(j, line.s, line.len, err, sizeof err) == 0;
        }
        t_sync = (acc_mono_s() - t0) / 50;
        sw_journal_close(j, err, sizeof err);
        acc_sb_free(&line);
    }
    printf("per-run fixed cost, in process (mean of %d):\n", n);
    printf("  sandbox state create+free   %8.1f us\n", t_state * 1e6);
    printf("  scenario load (incl. state) %8.1f us\n", t_load * 1e6);
    printf("  run (trivial function)      %8.1f us\n", t_run * 1e6);
    printf("  journal record (format+write) %6.1f us   (with fdatasync each: %.1f us%s)\n",
           t_rec * 1e6, t_sync * 1e6, fd_ok ? "" : ", failed");
}

int main(int argc, char **argv)
{
    int big = argc == 2 && strcmp(argv[1], "--big") == 0;
    if (argc > 1 && !big) { /* it used to ignore anything else and run the whole benchmark */
        int help = argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));
        fprintf(help ? stdout : stderr,
                "usage: bench_sweep [--big]\n"
                "Per-run fixed costs in process, sweeps of 10,000 trivial runs at -j 1 and -j 2, 400 runs\n"
                "of a few ms at -j 1 and -j 2 (speed-up, parallel efficiency), peak RSS of the coordinator\n"
                "and its largest worker for 1,000 and 10,000 runs (--big: and 100,000). About 20-30 s;\n"
                "figures only, no thresholds. Works in a temporary folder under $TMPDIR (or /tmp).\n"
                "Exit: 0 done, 1 a sweep or file failed, 2 bad usage.\n");
        return help ? 0 : 2;
    }
    snprintf(dir, sizeof dir, "%s/accord-bench-sweep.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    acc_gsl_quiet();
    write_file("trivial.lua", "local x = param { name = 'x', default = 0.5, min = 0, max = 1 }\n"
                              "return { name = 'trivial', model = function() return { y = x } end }\n");
    /* ~5 ms of Lua work per run */
    write_file("busy.lua", "local x = param { name = 'x', default = 0.5, min = 0, max = 1 }\n"
                           "return { name = 'busy', model = function()\n"
                           "  local s = 0\n"
                           "  for i = 1, 600000 do s = s + i % 7 end\n"
                           "  return { y = x + s * 0 } end }\n");
    char trivial[512], busy[512];
    snprintf(trivial, sizeof trivial, "%s", path_in("trivial.lua"));
    snprintf(busy, sizeof busy, "%s", path_in("busy.lua"));
    printf("accord sweep benchmark (%ld online cores)\n\n", sysconf(_SC_NPROCESSORS_ONLN));
    overhead_parts(trivial);

    /* whole sweeps of trivial runs: everything a run costs besides its model */
    const uint64_t n_triv = 10000;
    double w1 = best_sweep(3, trivial, "x=0:1", "random", n_triv, 1, 1);
    double w2 = best_sweep(3, trivial, "x=0:1", "random", n_triv, 1, 2);
    printf("\nsweeps of %llu trivial runs (fork workers, journal, runs.csv, points.csv, manifest;\n"
           "best of 3):\n",
           (unsigned long long)n_triv);
    printf("  -j 1: %7.3f s  %8.0f runs/s  per-run overhead %.3f ms\n", w1, n_triv / w1,
           w1 / n_triv * 1e3);
    printf("  -j 2: %7.3f s  %8.0f runs/s\n", w2, n_triv / w2);

    /* parallel efficiency on runs with some work */
    const uint64_t n_busy = 400;
    double b1 = best_sweep(3, busy, "x=0:1", "random", n_busy, 1, 1);
    double b2 = best_sweep(3, busy, "x=0:1", "random", n_busy, 1, 2);
    printf("\nsweeps of %llu runs of ~%.1f ms (best of 3):\n", (unsigned long long)n_busy,
           b1 / n_busy * 1e3);
    printf("  -j 1: %7.3f s   -j 2: %7.3f s   speed-up %.2f, parallel efficiency %.0f %%\n", b1, b2,
           b1 / b2, 100 * b1 / (2 * b2));

    /* memory: flat in the number of runs */
    printf("\npeak resident memory (trivial runs, -j 2):\n");
    uint64_t sizes[] = {1000, 10000, 100000};
    int nsizes = big ? 3 : 2;
    for (int i = 0; i < nsizes; i++) {
        long rp, rw;
        double w = sweep(trivial, "x=0:1", "random", sizes[i], 1, 2, &rp, &rw);
        printf("  %7llu runs: coordinator %6.1f MB, largest worker %6.1f MB  (%.2f s)\n",
               (unsigned long long)sizes[i], rp / 1024.0, rw / 1024.0, w);
    }
    if (!big)
        printf("  (bench_sweep --big adds 100,000 runs)\n");
    rm_rf(dir);
    return 0;
}
