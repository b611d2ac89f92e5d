/* accord — benchmark of the model core: synthetic worlds run with the default
 * decision rule; prints developer-market-steps per second, nanoseconds per
 * developer-step and bytes per developer for N developers and J markets, and
 * the ratio of the time per developer-step at 10 N to that at N (J = 8).
 * A program that prints figures, never a test. SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>

#include "core/model.h"

/* CPU time of this (single-threaded) process: on a shared machine it leaves
 * out the time the process waited for a core. */
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* A world of J markets (every other one binding, a bloc of the first two,
 * a recognition and a ring of sharing links, risk and audits on), with n
 * developers spread over the homes: 3 % incumbents, 5 % open-source labs,
 * the rest startups (sturdier than the defaults, so that most survive and
 * the figures measure live developers). */
static acc_config *synthetic(int n, int J, double years, double regulated_share, int v12)
{
    acc_config *cfg = acc_config_new();
    if (!cfg)
        return NULL;
    snprintf(cfg->name, sizeof cfg->name, "bench");
    cfg->years = years;
    cfg->n_jur = J;
    for (int j = 0; j < J; j++) {
        acc_jur_cfg *jc = &cfg->jur[j];
        acc_jur_defaults(jc);
        snprintf(jc->id, sizeof jc->id, "m%d", j);
        jc->market = 2000.0 * n / 1000 * (1 + j % 3);
        jc->outside = 20.0 * n / 1000;
        jc->binding = j % 2 == 0;
        if (jc->binding) /* MODEL.md segments: the rest of a binding market is its open segment */
            jc->regulated_share = regulated_share;
        jc->stringency = 0.4 + 0.05 * (j % 4);
        jc->label_premium = jc->binding ? 0 : 0.1;
        jc->audit_rate = 0.2;
        jc->fine_share = 0.03;
        jc->detection = 0.5;
        jc->startup_rate = 0.02 * n / J; /* 2 % a year in all */
        jc->entry_cost = 0.5 + 0.25 * (j % 3);
    }
    cfg->n_blocs = 1;
    acc_bloc_cfg *b = &cfg->bloc[0];
    snprintf(b->id, sizeof b->id, "b");
    b->n_members = 2;
    b->members[0] = 0;
    b->members[1] = 1;
    b->rule = ACC_BLOC_MAX;
    b->cert_cost = -1;
    b->review_months = -1;
    cfg->n_recog = 1;
    cfg->recog[0] = (acc_recog_cfg){.to = 2 % J, .from = 0, .mode = ACC_RECOG_ASSESSMENT, .fee = -1, .review_months = -1, .voluntary = !v12};
    for (int j = 0; j < J; j++)
        cfg->link[cfg->n_links++] = (acc_link_cfg){.from = j, .to = (j + 1) % J, .lag_months = 1, .active = 1};
    int per_home = n / J;
    for (int j = 0; j < J; j++) {
        int inc = per_home * 3 / 100, os = per_home * 5 / 100;
        int counts[3] = {inc, per_home - inc - os, os};
        for (int k = 0; k < ACC_NKINDS; k++) {
            acc_pop_cfg *p = &cfg->pop[cfg->n_pop++];
            acc_pop_defaults(p, k);
            p->home = j;
            p->count = counts[k];
            if (k == ACC_STARTUP) { /* sturdier startups: most of the population stays alive */
                p->capital = (acc_dist){ACC_DIST_LOGUNIFORM, 20, 500};
                p->opex = (acc_dist){ACC_DIST_LOGUNIFORM, 0.2, 3};
            }
        }
    }
    if (v12) { /* MODEL.md Validation, "v1.2 as a special case": every v2 mechanism off */
        for (int j = 0; j < J; j++) {
            acc_jur_cfg *jc = &cfg->jur[j];
            jc->regulated_share = jc->binding ? regulated_share : 1;
            jc->assessment_noise = jc->enforcement = jc->venture_funding = 0;
            jc->users = jc->user_growth = jc->setup_cost = jc->sandbox_months = 0;
        }
        cfg->risk_patch_sigma = cfg->risk_harm_per_user_month = 0;
        cfg->risk_harm_per_revenue = 0.2;
        cfg->order_catch_up_first = cfg->fine_sme_by_revenue = cfg->upgrade_when_failing = 0;
        cfg->compliance_per_market = 1;
        for (int q = 0; q < cfg->n_pop; q++)
            cfg->pop[q].law_abiding = 1;
    }
    return cfg;
}

static double wall_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* One table: every N x J configuration of one world (v2 or v12); returns the
 * CPU ns per developer-step at N = 10,000, J = 8 (-1 on a failure). */
static double table(double work, double h, int v12, int maxn)
{
    printf("# world: %s, regulated share of the binding markets %g\n", v12 ? "v1.2 (v2 switched off)" : "v2 (the default world)", h);
    const int ns[] = {1000, 10000, 100000}, js[] = {4, 8, 16};
    /* Each configuration runs 10-year worlds (120 monthly steps), replicated
     * (run index 0, 1, ...) until the work is done. */
    const int steps = 120;
    printf("%8s %3s %5s %5s %14s %12s %10s %10s %8s\n", "N", "J", "steps", "runs", "dev-mkt-st/s",
           "ns/dev-step", "bytes/dev", "bytes/N0", "alive");
    double ns_j8[3] = {0}; /* ns per developer-step at J = 8, for the complexity check */
    for (int a = 0; a < 3 && ns[a] <= maxn; a++)
        for (int b = 0; b < 3; b++) {
            int n = ns[a], J = js[b];
            int runs = (int)ceil(work / ((double)n * J * steps));
            acc_config *cfg = synthetic(n, J, steps / 12.0, h, v12);
            if (!cfg)
                return -1;
            double dt = 0, devsteps = 0, alive = 0, peak = 0, per_n0 = 0;
            for (int r = 0; r < runs; r++) {
                acc_world *w;
                char err[ACC_ERRLEN];
                if (acc_world_new(cfg, 2024, (uint64_t)r, &w, err, sizeof err)) {
                    fprintf(stderr, "bench: %s\n", err);
                    return -1;
                }
                double t0 = now_s();
                while (acc_world_step_index(w) < acc_world_nsteps(w)) {
                    devsteps += (double)acc_world_ndev(w);
                    if (acc_world_step(w)) {
                        fprintf(stderr, "bench: %s\n", acc_world_errmsg(w));
                        return -1;
                    }
                }
                dt += now_s() - t0;
                for (int64_t i = 0; i < acc_world_ndev(w); i++)
                    alive += acc_world_dev_get(w, i, ACC_DEV_ALIVE) / runs;
                double bytes = (double)acc_world_bytes(w);
                if (bytes / (double)acc_world_ndev(w) > peak)
                    peak = bytes / (double)acc_world_ndev(w);
                per_n0 = bytes / n;
                acc_world_free(w);
            }
            printf("%8d %3d %5d %5d %14.3e %12.1f %10.1f %10.1f %8.0f\n", n, J, steps, runs,
                   devsteps * J / dt, dt / devsteps * 1e9, peak, per_n0, alive);
            if (J == 8)
                ns_j8[a] = dt / devsteps * 1e9;
            fflush(stdout);
            acc_config_free(cfg);
        }
    /* Complexity check (issue 12): the time per developer-step at 10 N over
     * that at N, J = 8; work that grows faster than N (a loop over all
     * developers per vulnerability, say) shows as a ratio above 1.5. A figure,
     * not a test. */
    if (maxn >= ns[2])
        printf("# complexity, J = 8: ns/dev-step at 10N over N: %d->%d %.2f, %d->%d %.2f (issue 12: within 1.5)\n",
               ns[0], ns[1], ns_j8[1] / ns_j8[0], ns[1], ns[2], ns_j8[2] / ns_j8[1]);
    return maxn >= ns[1] ? ns_j8[1] : ns_j8[0];
}

/* One world of the size asked (issue 12, "the scale benchmark"): prints a
 * progress line per simulated year on stderr and, as its last line,
 * wall_s=... dms_per_s=... bytes_per_developer=... peak_rss_mb=... */
static int scale_run(long n, int J, double years, double h, int v12, uint64_t seed)
{
    acc_config *cfg = synthetic((int)n, J, years, h, v12);
    if (!cfg)
        return 1;
    acc_world *w;
    char err[ACC_ERRLEN];
    double t0 = wall_s(), c0 = now_s();
    if (acc_world_new(cfg, seed, 0, &w, err, sizeof err)) {
        fprintf(stderr, "bench: %s\n", err);
        acc_config_free(cfg);
        return 1;
    }
    double devsteps = 0, peak_bytes = 0;
    int spy = (int)lround(acc_world_nsteps(w) / years);
    while (acc_world_step_index(w) < acc_world_nsteps(w)) {
        devsteps += (double)acc_world_ndev(w);
        if (acc_world_step(w)) {
            fprintf(stderr, "bench: %s\n", acc_world_errmsg(w));
            acc_world_free(w);
            acc_config_free(cfg);
            return 1;
        }
        double b = (double)acc_world_bytes(w) / (double)acc_world_ndev(w);
        if (b > peak_bytes)
            peak_bytes = b;
        int s = acc_world_step_index(w);
        if (spy > 0 && s % spy == 0)
            fprintf(stderr, "# year %d: %.1f s wall, %lld developers\n", s / spy, wall_s() - t0,
                    (long long)acc_world_ndev(w));
    }
    double wall = wall_s() - t0, cpu = now_s() - c0;
    /* a fingerprint of the final state: equal before and after an optimisation */
    double alive = 0, ksum = 0;
    for (int64_t i = 0; i < acc_world_ndev(w); i++) {
        alive += acc_world_dev_get(w, i, ACC_DEV_ALIVE);
        ksum += acc_world_dev_get(w, i, ACC_DEV_CAPITAL);
    }
    fprintf(stderr, "# state: %lld developers, %.0f alive, capital sum %.17g\n", (long long)acc_world_ndev(w), alive,
            ksum);
    acc_world_free(w);
    acc_config_free(cfg);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("# N=%ld J=%d years=%g regulated_share=%g world=%s cpu_s=%.2f ns_per_dev_step=%.1f\n", n, J, years, h,
           v12 ? "v12" : "v2", cpu, cpu / devsteps * 1e9);
    printf("wall_s=%.2f dms_per_s=%.4g bytes_per_developer=%.1f peak_rss_mb=%.1f\n", wall, devsteps * J / wall,
           peak_bytes, ru.ru_maxrss / 1024.0);
    return 0;
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: bench_model [WORK [H [both|v2|v12 [LARGEST_N]]]]\n"
            "       bench_model --developers N [--jurisdictions J] [--years Y] [--regulated-share H]\n"
            "                   [--world v2|v12] [--seed S]\n"
            "\n"
            "Table mode (no option): every N in 1000, 10000, 100000 (up to LARGEST_N: 1000, 10000\n"
            "or 100000, default 100000) x J in 4, 8, 16, 10-year worlds replicated until WORK\n"
            "developer-market-steps (default 6e7) per row; H is the regulated share of the binding\n"
            "markets, 0-1 (default 1); both (default: the v2 table, the v1.2 table and their ratio),\n"
            "v2 or v12 (every v2 mechanism switched off). Columns: developer-market-steps per CPU\n"
            "second, CPU ns per developer-step, bytes held per developer created at the end of a run\n"
            "(the largest over the runs; the room kept for startups included), bytes per initial\n"
            "developer, developers alive at the end. With LARGEST_N 100000 a last line gives the\n"
            "complexity check (ns per developer-step at 10 N over N, J = 8).\n"
            "\n"
            "Scale mode: one world; defaults N 10000, J 8 (1-%d), Y 10 (0-200, 12 steps a year),\n"
            "H 1, world v2, seed 2024 (decimal integers for N, J and S). A line per simulated year\n"
            "and the final state go to stderr; stdout ends with\n"
            "  wall_s=<s> dms_per_s=<developer-market-steps per wall second> bytes_per_developer=<peak>\n"
            "  peak_rss_mb=<peak resident set, MiB>\n"
            "\n"
            "Exit: 0 done, 1 the world failed (out of memory, a model error), 2 bad usage.\n",
            ACC_MAX_JUR);
}

/* A decimal number filling the whole argument (atof would read "x" as 0). */
static int parse_num(const char *v, double *out)
{
    char *end = NULL;
    double x = strtod(v, &end);
    if (end == v || *end || !isfinite(x))
        return -1;
    *out = x;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        usage(stdout);
        return 0;
    }
    if (argc > 1 && strncmp(argv[1], "--", 2) == 0) {
        long n = 10000, Jl = 8; /* Jl: --jurisdictions as read, checked before it becomes an int */
        double years = 10, h = 1;
        int v12 = 0;
        unsigned long long seed = 2024;
        for (int a = 1; a < argc; a += 2) { /* option, value */
            const char *o = argv[a], *v = a + 1 < argc ? argv[a + 1] : NULL;
            char *end = NULL;
            errno = 0; /* strtol, strtoull and strtod saturate and say ERANGE past their type */
            if (!v) {
                fprintf(stderr, "bench_model: %s needs a value\n", o);
                return 2;
            }
            if (!strcmp(o, "--developers"))
                n = strtol(v, &end, 10);
            else if (!strcmp(o, "--jurisdictions"))
                Jl = strtol(v, &end, 10);
            else if (!strcmp(o, "--years"))
                years = strtod(v, &end);
            else if (!strcmp(o, "--regulated-share"))
                h = strtod(v, &end);
            else if (!strcmp(o, "--seed"))
                seed = v[0] == '-' ? (end = (char *)v, 0) : strtoull(v, &end, 10); /* strtoull takes "-1" */
            else if (!strcmp(o, "--world")) {
                v12 = !strcmp(v, "v12");
                end = (char *)v + ((v12 || !strcmp(v, "v2")) ? strlen(v) : 0);
            } else {
                fprintf(stderr, "bench_model: unknown option %s (bench_model --help lists them)\n", o);
                return 2;
            }
            if (!end || end == v || *end) {
                fprintf(stderr, "bench_model: bad value '%s' for %s\n", v, o);
                return 2;
            }
            if (errno == ERANGE) {
                fprintf(stderr, "bench_model: %s %s is out of range (valid: %s)\n", o, v,
                        !strcmp(o, "--seed") ? "0..18446744073709551615"
                        : !strcmp(o, "--developers") ? "16..100000000"
                        : !strcmp(o, "--jurisdictions") ? "1..32" : "a finite number");
                return 2;
            }
        }
        if (n < 16 || n > 100000000 || Jl < 1 || Jl > ACC_MAX_JUR || !(years > 0 && years <= 200) ||
            !(h >= 0 && h <= 1)) {
            fprintf(stderr, "bench_model: out of range (got --developers %ld --jurisdictions %ld --years %g "
                            "--regulated-share %g); valid: --developers 16..100000000, --jurisdictions 1..%d, "
                            "--years (0, 200], --regulated-share 0..1\n", n, Jl, years, h, ACC_MAX_JUR);
            return 2;
        }
        return scale_run(n, (int)Jl, years, h, v12, seed);
    }
    /* Work per configuration in developer-market-steps (first argument, default
     * 6e7: about 50 s for both tables). Columns: developer-market-steps per
     * CPU second (developers counted every step, alive or not), CPU ns per
     * developer-step, bytes held per developer created at the end of a run
     * (the largest over the runs; it includes the room kept for startups), bytes
     * per initial developer, developers alive at the end (mean over runs). */
    double work = 6e7, h = 1, maxn_d = 100000;
    if (argc > 5 || (argc > 1 && parse_num(argv[1], &work)) || (argc > 2 && parse_num(argv[2], &h)) ||
        (argc > 4 && parse_num(argv[4], &maxn_d))) {
        usage(stderr);
        return 2;
    }
    /* second argument: the regulated share of every binding market (default 1: no open segments);
     * third: "v2" (the default world: the core's defaults, v2 mechanisms on), "v12" (every v2
     * mechanism switched off, MODEL.md's v1.2 special case) or "both" (the default: the two
     * tables and their ratio) */
    const char *mode = argc > 3 ? argv[3] : "both";
    /* fourth: the largest N of the table (1000, 10000 or 100000, the default) */
    const int maxn = maxn_d == 1000 || maxn_d == 10000 || maxn_d == 100000 ? (int)maxn_d : -1;
    int v12 = strcmp(mode, "v12") == 0, mode_both = strcmp(mode, "both") == 0;
    if (!(work > 0) || !(h >= 0 && h <= 1) || (!v12 && !mode_both && strcmp(mode, "v2") != 0) ||
        (maxn != 1000 && maxn != 10000 && maxn != 100000)) {
        usage(stderr);
        return 2;
    }
    const int worlds[2] = {mode_both ? 0 : v12, 1};
    double ns_w[2] = {0};
    for (int k = 0; k < (mode_both ? 2 : 1); k++) {
        ns_w[k] = table(work, h, worlds[k], maxn);
        if (ns_w[k] < 0)
            return 1;
        if (mode_both && k == 0)
            printf("\n");
    }
    if (mode_both) /* issue 11: the default world at most 25 %% slower per developer-market-step than v1.2 */
        printf("# v2 over v1.2 (v2 switched off), N = %d, J = 8: %.1f / %.1f ns/dev-step = %.2f\n",
               maxn >= 10000 ? 10000 : 1000, ns_w[0], ns_w[1], ns_w[0] / ns_w[1]);
    return 0;
}
