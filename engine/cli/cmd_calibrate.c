/* accord — the verb `calibrate`: history matching. Runs a Latin hypercube
 * with replications through the sweep machinery (engine/sweep: journal,
 * resume, shards, MPI, failures), then scores every design point against
 * calibration targets (report/calibrate.h) and draws max I per parameter.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef ACCORD_HAVE_MPI
#include <mpi.h>
#endif

#include "cli/cli.h"
#include "base/common.h"
#include "base/numfmt.h"
#include "base/strbuf.h"
#include "io/layout.h"
#include "report/calibrate.h"
#include "report/plot.h"
#include "report/plot_int.h"
#include "sweep/sweep.h"

#define MAX_LIST 256

static const char calibrate_usage[] =
    "usage: accord calibrate SCENARIO.lua --targets FILE --vary name[=lo:hi] ... [options]\n"
    "       accord calibrate SCENARIO.lua --targets FILE --wave K --from DIR [options]\n"
    "       accord calibrate DIR --targets FILE [--only ...] [--cutoff C] (score a finished\n"
    "            sweep: writes into DIR, runs nothing; the options of a run are refused)\n"
    "\n"
    "History matching: runs a Latin hypercube of the varied parameters with replications\n"
    "(as accord sweep: journal, --resume, --shard, MPI, failures recorded), then for each\n"
    "design point and target computes the implausibility\n"
    "    I = |mean - c| / sqrt(var_model/R + var_target)\n"
    "c = (low+high)/2, var_target = ((high-low)/4)^2 (the range is +-2 sd), mean and\n"
    "var_model over the point's R replications. A point is plausible when max I < cutoff.\n"
    "Writes, beside the sweep's files in DIR (default results/<scenario>-calibration,\n"
    "wave K > 1: results/<scenario>-calibration-wave<K>):\n"
    "  calibration.csv            per point: parameters, mean_<id> and I_<id> per target,\n"
    "                             max_I, plausible (0/1)\n"
    "  calibration_plausible.csv  the plausible points only\n"
    "  calibration_ranges.csv     per parameter: sampled range, plausible range, the next\n"
    "                             wave's box\n"
    "  calibration.json           targets, cutoff, wave, counts, SHA-256 of the outputs\n"
    "  calibration.png/.svg       max I against each parameter, plausible points marked\n"
    "\n"
    "options:\n"
    "  --targets FILE       CSV with columns id, outcome, low, high (data/targets.csv's\n"
    "                       format; other columns are ignored). outcome names a summary\n"
    "                       outcome of the scenario (its value over the whole run)\n"
    "  --only id,id         use only these targets\n"
    "  --vary name[=lo:hi]  a parameter and its range (default: the declared range)\n"
    "  --set name=value     fix a parameter or field for every run (wave K: wave K-1's\n"
    "                       are kept unless given anew)\n"
    "  --samples N          design points (default 100; wave K: as wave K-1)\n"
    "  --reps R             replications per point (default 5; wave K: as wave K-1)\n"
    "  --design lhs|random  (default lhs)\n"
    "  --seed S             sweep seed (default 1; wave K: wave K-1's seed + 1, a new design)\n"
    "  --cutoff C           plausible when max I < C (default 3)\n"
    "  --wave K --from DIR  wave K (>= 2) samples inside the box of DIR's plausible points\n"
    "                       (widened: docs/calibration.md), DIR being wave K-1\n"
    "  -j N                 worker processes (default: all cores)\n"
    "  --out DIR            output directory\n"
    "  --resume             continue an interrupted calibration in DIR (Ctrl-C or SIGTERM\n"
    "                       stops one with exit 130, the runs done and the command that\n"
    "                       resumes it)\n"
    "  --retry-failed       with --resume: run failed runs again\n"
    "  --shard i/N          run one shard (then accord merge, and accord calibrate MERGED\n"
    "                       --targets FILE to score it)\n"
    "  --run-timeout S      as accord sweep (default 3600)\n"
    "  --dry-run            print the runs, a time estimate and the output size; write nothing\n"
    "  --format F           figure formats (default png,svg); --no-plot: none\n"
    "  --quiet              print nothing but errors\n"
    "  --strict             warnings are errors (as accord sweep)\n"
    "Exit status: 0 done, 1 some runs failed (scored without them; see failures.csv),\n"
    "2 bad usage, scenario or targets file, 3 files.\n";

typedef struct calib_args {
    acc_sweep_opts o;
    const char *vary[MAX_LIST], *sets[MAX_LIST], *outs[MAX_LIST], *only[MAX_LIST];
    const char *targets, *from, *fmt, *input;
    const char *run_opt; /* the first option that only applies to running a sweep */
    char *only_copy;
    char *inherited[MAX_LIST]; /* --wave K: wave K-1's --set values not given anew */
    int n_inherited;
    int n_only, wave, quiet, noplot;
    double cutoff;
} calib_args;

static int split(char *s, const char **out, int max)
{
    int n = 0;
    for (char *save = NULL, *t = strtok_r(s, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (n >= max)
            return -1;
        out[n++] = t;
    }
    return n;
}

static int bad_value(const char *opt, const char *want, const char *v)
{
    acc_cli_error("%s needs %s, got '%s'", opt, want, v ? v : "");
    return ACC_EXIT_USAGE;
}

/* One option at argv[*i]; -1 to go on, else the exit code. */
static int parse_one(int argc, char **argv, int *i, calib_args *a)
{
    acc_sweep_opts *o = &a->o;
    const char *v = NULL, *arg = argv[*i];
    long n;
    static const char *const run_only[] = {"--resume", "--retry-failed", "--dry-run", "--strict",
                                           "--vary", "--set", "--design", "--samples", "--reps",
                                           "--seed", "--wave", "--from", "--out", "--shard",
                                           "--run-timeout", "--jobs", "-j"};
    for (size_t q = 0; q < sizeof run_only / sizeof run_only[0] && !a->run_opt; q++) {
        size_t len = strlen(run_only[q]);
        if (strncmp(arg, run_only[q], len) == 0 &&
            (arg[len] == 0 || arg[len] == '=' || (q + 1 == sizeof run_only / sizeof run_only[0])))
            a->run_opt = run_only[q];
    }
    if (acc_cli_is_help(arg)) {
        fputs(calibrate_usage, stdout);
        return ACC_EXIT_OK;
    } else if (!strcmp(arg, "--quiet") || !strcmp(arg, "-q")) {
        a->quiet = 1;
    } else if (!strcmp(arg, "--resume")) {
        o->resume = 1;
    } else if (!strcmp(arg, "--retry-failed")) {
        o->retry_failed = 1;
    } else if (!strcmp(arg, "--dry-run")) {
        o->dry_run = 1;
    } else if (!strcmp(arg, "--no-plot")) {
        a->noplot = 1;
    } else if (!strcmp(arg, "--strict")) {
        o->strict = 1;
    } else if (acc_cli_opt(argc, argv, i, "--targets", &v)) {
        if (!v || !*v)
            return bad_value("--targets", "a file", v);
        a->targets = v;
    } else if (acc_cli_opt(argc, argv, i, "--only", &v)) {
        free(a->only_copy);
        a->only_copy = v ? strdup(v) : NULL;
        a->n_only = a->only_copy ? split(a->only_copy, a->only, MAX_LIST) : -1;
        if (a->n_only <= 0)
            return bad_value("--only", "a comma-separated list of target ids", v);
    } else if (acc_cli_opt(argc, argv, i, "--vary", &v)) {
        if (!v || !*v || o->n_vary >= MAX_LIST)
            return bad_value("--vary", "name or name=lo:hi (at most 256)", v);
        a->vary[o->n_vary++] = v;
    } else if (acc_cli_opt(argc, argv, i, "--set", &v)) {
        if (!v || !*v || o->n_sets >= MAX_LIST)
            return bad_value("--set", "name=value (at most 256)", v);
        a->sets[o->n_sets++] = v;
    } else if (acc_cli_opt(argc, argv, i, "--design", &v)) {
        if (!v || (strcmp(v, "lhs") && strcmp(v, "random")))
            return bad_value("--design", "lhs or random", v);
        o->design = v;
    } else if (acc_cli_opt(argc, argv, i, "--samples", &v)) {
        if (acc_cli_parse_count(v, &o->samples) != 1 || o->samples == 0 || o->samples > 100000000)
            return bad_value("--samples", "a whole number in [1, 100000000]", v);
    } else if (acc_cli_opt(argc, argv, i, "--reps", &v)) {
        if (acc_cli_parse_count(v, &o->reps) != 1 || o->reps == 0 || o->reps > 1000000)
            return bad_value("--reps", "a whole number in [1, 1000000]", v);
    } else if (acc_cli_opt(argc, argv, i, "--seed", &v)) {
        if (!acc_cli_parse_u64(v, &o->seed) || o->seed > ACC_CLI_MAX_SEED)
            return bad_value("--seed", "a whole number in [0, 2^63-1]", v);
        o->seed_set = 1;
    } else if (acc_cli_opt(argc, argv, i, "--cutoff", &v)) {
        /* decimal as every option's number: no hexadecimal, no spaces */
        if (!acc_parse_decimal(v, &a->cutoff) || !(a->cutoff > 0 && a->cutoff <= 1e6))
            return bad_value("--cutoff", "a number in (0, 1000000]", v);
    } else if (acc_cli_opt(argc, argv, i, "--wave", &v)) {
        if (!acc_cli_parse_int(v, 1, 1000, &n))
            return bad_value("--wave", "a number in [1, 1000]", v);
        a->wave = (int)n;
    } else if (acc_cli_opt(argc, argv, i, "--from", &v)) {
        if (!v || !*v)
            return bad_value("--from", "a calibration directory", v);
        a->from = v;
    } else if (acc_cli_opt(argc, argv, i, "--out", &v)) {
        if (!v || !*v)
            return bad_value("--out", "a directory", v);
        o->outdir = v;
    } else if (acc_cli_opt(argc, argv, i, "--format", &v)) {
        if (!v || !*v)
            return bad_value("--format", "png,svg,pdf,dumb", v);
        a->fmt = v;
    } else if (acc_cli_opt(argc, argv, i, "--shard", &v)) {
        char err[256];
        if (acc_sweep_parse_shard(v, &o->shard_index, &o->shard_count, err, sizeof err)) {
            acc_cli_error("%s", err);
            return ACC_EXIT_USAGE;
        }
    } else if (acc_cli_opt(argc, argv, i, "--run-timeout", &v)) {
        double t = -1;
        if (!acc_parse_decimal(v, &t) || !(t >= 0 && t <= 1e7))
            return bad_value("--run-timeout", "seconds in [0, 10000000]", v);
        o->run_timeout_s = t == 0 ? -1 : t;
    } else if (acc_cli_opt(argc, argv, i, "--jobs", &v) || acc_cli_opt(argc, argv, i, "-j", &v) ||
               (strncmp(arg, "-j", 2) == 0 && arg[2] >= '0' && arg[2] <= '9' && (v = arg + 2))) {
        if (!acc_cli_parse_int(v, 1, 4096, &n))
            return bad_value("-j", "a number of workers in [1, 4096]", v);
        o->jobs = (int)n;
    } else if (arg[0] == '-' && arg[1]) {
        acc_cli_error("unknown option '%s' (try accord calibrate --help)", arg);
        return ACC_EXIT_USAGE;
    } else if (!a->input) {
        a->input = arg;
    } else {
        acc_cli_error("only one scenario or directory, got '%s' and '%s'", a->input, arg);
        return ACC_EXIT_USAGE;
    }
    return -1;
}

static int parse_args(int argc, char **argv, calib_args *a)
{
    memset(a, 0, sizeof *a);
    a->o.vary = a->vary;
    a->o.sets = a->sets;
    a->wave = 1;
    /* options that take one value: given twice, a usage error (not the last one silently) */
    static const char *const single[] = {"--targets", "--only", "--design", "--samples", "--reps",
                                         "--seed", "--cutoff", "--wave", "--from", "--out",
                                         "--format", "--shard", "--run-timeout", "-j|--jobs", NULL};
    const char *seen[sizeof single / sizeof single[0]] = {NULL};
    for (int i = 1; i < argc; i++) {
        const int at = i;
        int ex = parse_one(argc, argv, &i, a);
        if (ex >= 0)
            return ex;
        if (acc_cli_once_at(argv, at, i, single, seen))
            return ACC_EXIT_USAGE;
    }
    if (!a->input) {
        acc_cli_error("no scenario or directory given (try accord calibrate --help)");
        return ACC_EXIT_USAGE;
    }
    if (!a->targets) {
        acc_cli_error("--targets FILE is required (e.g. data/targets.csv)");
        return ACC_EXIT_USAGE;
    }
    if ((a->wave > 1) != (a->from != NULL)) {
        acc_cli_error("--wave K (K >= 2) and --from DIR go together");
        return ACC_EXIT_USAGE;
    }
    if (a->wave > 1 && a->o.n_vary) {
        acc_cli_error("--vary with --wave %d: the parameters and their box come from --from %s",
                      a->wave, a->from);
        return ACC_EXIT_USAGE;
    }
    if (a->o.retry_failed && !a->o.resume) {
        acc_cli_error("--retry-failed goes with --resume");
        return ACC_EXIT_USAGE;
    }
    unsigned formats;
    char err[256];
    if (a->fmt && acc_plot_parse_formats(a->fmt, &formats, err, sizeof err)) {
        /* before anything runs, not once the sweep is done */
        acc_cli_error("--format: %s", err);
        return ACC_EXIT_USAGE;
    }
    return -1;
}

#ifdef ACCORD_HAVE_MPI
static int launched_by_mpi(void)
{
    return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMI_SIZE") || getenv("PMIX_RANK") ||
           getenv("MPI_LOCALNRANKS");
}
#endif

static void print_warning(void *ud, const char *msg)
{
    (void)ud;
    fputs("warning: ", stderr);
    acc_fputs_printable(msg, stderr);
    fputc('\n', stderr);
}

/* SIGINT and SIGTERM while a calibration scores its sweep and draws (the
 * sweep's own runs and files are the sweep library's: sw_signals_install)
 * are caught by acc_cli_signals_install: scoring stops after the step under
 * way (the calibration files, the figure), whose files are then complete or
 * not there (a gnuplot killed with the process group leaves no temporary
 * file either); a second signal ends the process. */

/* What to say when a signal stops the scoring: after a sweep, how to resume
 * it (which scores again); scoring a finished sweep, to repeat the command. */
typedef struct score_stop {
    int argc;
    char **argv;
    uint64_t n_done, n_runs;
    int after_sweep;
} score_stop;

static int score_stopped(const score_stop *st)
{
    const char *why = acc_cli_signal() == SIGTERM ? "stopped by SIGTERM" : "stopped by SIGINT";
    if (st->after_sweep)
        return acc_cli_interrupted("calibration", why, st->n_done, st->n_runs, st->argc, st->argv);
    acc_cli_error("calibration %s while scoring: the calibration files were not all written "
                  "(those that were are complete); run the same command again to write them", why);
    return ACC_EXIT_INTERRUPTED;
}

/* Score dir, print, draw; the exit code. */
static int score(calib_args *a, const char *dir, const acc_calib_target *tg, size_t nt,
                 int failed_runs, const score_stop *stop)
{
    char err[4096];
    acc_calib_opts co;
    memset(&co, 0, sizeof co);
    co.dir = dir;
    co.targets = tg;
    co.n_targets = nt;
    co.targets_file = a->targets;
    co.cutoff = a->cutoff;
    co.wave = a->wave;
    co.from = a->from;
    co.command_line = acc_cli_command_line();
    acc_calib_summary s;
    acc_cli_signals_install();
    int rc = acc_calib_evaluate(&co, &s, err, sizeof err);
    if (acc_cli_signal()) {
        acc_cli_signals_restore();
        return score_stopped(stop);
    }
    if (rc) {
        acc_cli_signals_restore();
        return acc_cli_failed(rc, err);
    }
    if (!a->quiet) {
        printf("accord: calibration (wave %d) of %zu points against %zu target%s: %zu "
               "plausible (max I < %g)", a->wave, s.n_points, nt, nt == 1 ? "" : "s",
               s.n_plausible, a->cutoff > 0 ? a->cutoff : 3);
        if (s.n_missing)
            printf(", %zu without a mean for some target (not plausible)", s.n_missing);
        printf("\n");
        if (s.reps_one)
            printf("  note: points with one replication: their model variance counts as 0 "
                   "(use --reps >= 2)\n");
        acc_calib_print(dir, stdout, err, sizeof err);
        printf("accord: %s/" ACC_FILE_CALIBRATION ", " ACC_FILE_CALIB_PLAUSIBLE ", "
               ACC_FILE_CALIB_RANGES "\n", dir);
    }
    int ex = failed_runs ? ACC_EXIT_RUN : ACC_EXIT_OK;
    acc_plot_opts po;
    memset(&po, 0, sizeof po);
    po.formats = ACC_PLOT_PNG | ACC_PLOT_SVG;
    if (!a->noplot && a->fmt && acc_plot_parse_formats(a->fmt, &po.formats, err, sizeof err)) {
        acc_cli_error("--format: %s", err);
        ex = ACC_EXIT_USAGE;
    } else if (!a->noplot) {
        po.only = "calibration";
        int pex = acc_cli_draw_figures(dir, &po, a->quiet);
        ex = ex ? ex : pex;
    }
    int sig = acc_cli_signal();
    acc_cli_signals_restore();
    return sig ? score_stopped(stop) : ex;
}

/* results/<stem>-calibration[-wave<K>] */
static void default_outdir(const char *scenario, int wave, char *buf, size_t n)
{
    const char *base = strrchr(scenario, '/');
    base = base ? base + 1 : scenario;
    size_t len = strlen(base);
    if (len > 4 && strcmp(base + len - 4, ".lua") == 0)
        len -= 4;
    if (wave > 1)
        snprintf(buf, n, "results/%.*s-calibration-wave%d", (int)len, base, wave);
    else
        snprintf(buf, n, "results/%.*s-calibration", (int)len, base);
}

/* --wave K: the previous wave's box as --vary name=lo:hi */
static int wave_box(calib_args *a, char (*vary_buf)[600])
{
    char err[4096], **names;
    double *lo, *hi;
    size_t n;
    int prev;
    int rc = acc_calib_next_box(a->from, &names, &lo, &hi, &n, &prev, err, sizeof err);
    if (rc)
        return acc_cli_failed(rc, err);
    int ex = -1;
    if (prev != a->wave - 1) {
        acc_cli_error("--wave %d --from %s: that directory is wave %d (give --wave %d)", a->wave,
                      a->from, prev, prev + 1);
        ex = ACC_EXIT_USAGE;
    } else if (n > MAX_LIST) {
        acc_cli_error("--from %s: too many parameters", a->from);
        ex = ACC_EXIT_USAGE;
    }
    for (size_t j = 0; j < n; j++) {
        if (ex < 0) {
            snprintf(vary_buf[j], 600, "%.400s=%.17g:%.17g", names[j], lo[j], hi[j]);
            a->vary[a->o.n_vary++] = vary_buf[j];
        }
        free(names[j]);
    }
    free(names);
    free(lo);
    free(hi);
    return ex;
}

/* --wave K: a new design. With wave K-1's seed the Latin hypercube would be
 * the same permutation again (the parameters the box does not restrict would
 * repeat their values exactly), so the default seed is wave K-1's + 1. */
static void wave_seed(calib_args *a)
{
    acc_sweep_opts *o = &a->o;
    uint64_t prev = 0;
    int have = acc_calib_dir_seed(a->from, &prev);
    if (!o->seed_set) {
        o->seed = have ? prev + 1 : (uint64_t)a->wave;
        o->seed_set = 1;
        if (!a->quiet)
            printf("accord: wave %d samples with seed %llu (%s; --seed S to choose)\n", a->wave,
                   (unsigned long long)o->seed,
                   have ? "the previous wave's seed + 1" : "the wave number");
    } else if (have && o->seed == prev) {
        fprintf(stderr, "warning: --seed %llu is the seed of %s: wave %d's Latin hypercube "
                "repeats that wave's values in every parameter its box does not restrict\n",
                (unsigned long long)prev, a->from, a->wave);
    }
}

/* Whether two --set texts "name=value" name the same parameter (and, with
 * same_value, give it the same value: numerically when both are numbers). */
static int same_set(const char *a, const char *b, int same_value)
{
    size_t na = strcspn(a, "="), nb = strcspn(b, "=");
    if (na != nb || strncmp(a, b, na) != 0)
        return 0;
    if (!same_value)
        return 1;
    double x, y;
    if (a[na] && b[nb] && acc_parse_set_value(a + na + 1, &x) && acc_parse_set_value(b + nb + 1, &y))
        return x == y;
    return strcmp(a, b) == 0;
}

/* --wave K: wave K-1's model is this wave's. Its --set values (its
 * manifest's "fixed") are kept unless given anew, and said; a --set that
 * gives another value, or fixes what wave K-1 left at the scenario's value,
 * is warned about: the box this wave samples was found without it. */
static int wave_sets(calib_args *a)
{
    acc_sweep_opts *o = &a->o;
    char **prev;
    size_t n;
    if (!acc_calib_dir_fixed(a->from, &prev, &n)) {
        fprintf(stderr, "warning: --from %s: its manifest.json lists no fixed parameters "
                "(\"fixed\"): wave %d runs with only this command's --set values\n",
                a->from, a->wave);
        return -1;
    }
    int ex = -1, n_user = o->n_sets, any_new = 0;
    for (int u = 0; u < n_user; u++) {
        int named = 0;
        for (size_t k = 0; k < n && !named; k++)
            named = same_set(o->sets[u], prev[k], 0);
        any_new |= !named;
        if (!named) {
            fprintf(stderr, "warning: --set %s: wave %d (%s) left %.*s at the scenario's value, "
                    "and wave %d samples the box found with it\n", o->sets[u], a->wave - 1,
                    a->from, (int)strcspn(o->sets[u], "="), o->sets[u], a->wave);
        }
    }
    acc_sb kept = {0};
    for (size_t k = 0; k < n; k++) {
        int given = -1;
        for (int u = 0; u < n_user && given < 0; u++)
            if (same_set(o->sets[u], prev[k], 0))
                given = u;
        if (given >= 0) {
            if (!same_set(o->sets[given], prev[k], 1))
                fprintf(stderr, "warning: --set %s: wave %d (%s) ran with %s, and wave %d "
                        "samples the box found with that value\n", o->sets[given], a->wave - 1,
                        a->from, prev[k], a->wave);
            free(prev[k]);
            continue;
        }
        if (o->n_sets >= MAX_LIST) {
            acc_cli_error("--from %s: more than %d --set values with this command's", a->from,
                          MAX_LIST);
            ex = ACC_EXIT_USAGE;
            free(prev[k]);
            continue;
        }
        acc_sb_printf(&kept, "%s--set %s", kept.len ? " " : "", prev[k]);
        /* a model field set by name is applied after the scenario's
         * parameters: kept, it would beat a new --set of a parameter that
         * sets the same field, which cannot be seen from here */
        if (any_new && strchr(prev[k], '.') && strcspn(prev[k], ".") < strcspn(prev[k], "="))
            fprintf(stderr, "warning: wave %d keeps wave %d's --set %s, a model field: it is "
                    "applied after the scenario's parameters, so it wins over this command's "
                    "new --set values where one of them sets the same field (give --set %.*s=... "
                    "anew to change it)\n", a->wave, a->wave - 1, prev[k],
                    (int)strcspn(prev[k], "="), prev[k]);
        a->inherited[a->n_inherited++] = prev[k];
        a->sets[o->n_sets++] = prev[k];
    }
    free(prev);
    if (ex < 0 && kept.len && !a->quiet)
        fprintf(stderr, "accord: wave %d keeps wave %d's %s (from %s/manifest.json; give --set "
                "name=value to change one)\n", a->wave, a->wave - 1, kept.oom ? "--set values" : kept.s,
                a->from);
    acc_sb_free(&kept);
    return ex;
}

static void print_dry_run(const acc_sweep_opts *o, const acc_sweep_result *r)
{
    printf("accord: dry run of the calibration of %s: %s\n", o->scenario, r->design_desc);
    printf("  pilot: %llu run%s, %.4g s per run (one worker)\n",
           (unsigned long long)r->pilot_runs, r->pilot_runs == 1 ? "" : "s", r->pilot_run_s);
    if (r->pilot_error[0])
        printf("  a pilot run FAILED: %s\n", r->pilot_error);
    printf("  estimated time: %.3g s with %d worker%s\n", r->est_wall_s, r->jobs,
           r->jobs == 1 ? "" : "s");
    printf("  estimated output: about %.3g MB in %s/ (plus the calibration files, about the "
           "size of points.csv)\n", (double)r->est_bytes / 1e6, r->outdir);
}

static int run_calibration(calib_args *a, const acc_calib_target *tg, size_t nt, int argc,
                           char **argv)
{
    acc_sweep_opts *o = &a->o;
    o->scenario = a->input;
    uint64_t prev_samples, prev_reps;
    if (a->wave > 1 && (!o->samples || !o->reps) &&
        acc_calib_dir_design(a->from, &prev_samples, &prev_reps)) {
        /* a wave is by default the size of the one it refines */
        if (!o->samples)
            o->samples = prev_samples;
        if (!o->reps)
            o->reps = prev_reps;
    }
    if (!o->design)
        o->design = "lhs";
    if (!o->samples)
        o->samples = 100;
    if (!o->reps)
        o->reps = 5;
    /* the targets' outcomes, each once: the sweep checks the names before running */
    int no = 0;
    for (size_t k = 0; k < nt; k++) {
        int dup = 0;
        for (int q = 0; q < no && !dup; q++)
            dup = strcmp(a->outs[q], tg[k].outcome) == 0;
        if (!dup && no < MAX_LIST)
            a->outs[no++] = tg[k].outcome;
    }
    o->outcomes = a->outs;
    o->n_outcomes = no;
    static char vary_buf[MAX_LIST][600];
    if (a->wave > 1) {
        int ex = wave_box(a, vary_buf);
        if (ex < 0)
            ex = wave_sets(a);
        if (ex >= 0)
            return ex;
        wave_seed(a);
    }
    if (o->n_vary == 0) {
        acc_cli_error("nothing to calibrate: give --vary name[=lo:hi] (accord params lists them)");
        return ACC_EXIT_USAGE;
    }
    char outdir[1200];
    if (!o->outdir) {
        default_outdir(a->input, a->wave, outdir, sizeof outdir);
        o->outdir = outdir;
    }
    int rank = 0, mpi_started = 0;
#ifdef ACCORD_HAVE_MPI
    if (launched_by_mpi()) {
        int size = 1;
        MPI_Init(NULL, NULL);
        mpi_started = 1;
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        MPI_Comm_size(MPI_COMM_WORLD, &size);
        o->mpi_rank = rank;
        o->mpi_size = size;
    }
#endif
    o->progress = !a->quiet && rank == 0 && isatty(2) && !o->dry_run;
    o->warn = a->quiet ? NULL : print_warning;
    o->command_line = acc_cli_command_line();
    acc_sweep_result r;
    char err[4096];
    int ex, rc = acc_sweep_run(o, &r, err, sizeof err);
    if (rc == ACC_EINTR && rank == 0) {
        /* as a sweep: the runs done and the command that goes on */
        ex = acc_cli_interrupted("calibration", err, r.n_done, r.n_runs, argc, argv);
    } else if (rc) {
        /* the outcomes are the targets' here, not an option the user gave */
        if (rank == 0 && strncmp(err, "--outcomes: ", 12) == 0)
            acc_cli_error("--targets %s: %s (choose targets with --only)", a->targets, err + 12);
        else if (rank == 0 && a->wave > 1 && strncmp(err, "--vary ", 7) == 0)
            /* the --vary options are the box of --from, not the user's */
            acc_cli_error("--from %s: %s (wave %d's parameters and box come from that "
                          "directory: is it a calibration of %s?)", a->from, err + 7, a->wave,
                          o->scenario);
        else if (rank == 0)
            acc_cli_error("%s", err);
        ex = acc_cli_exit_code(rc, 1);
    } else if (rank != 0) {
        ex = ACC_EXIT_OK;
    } else if (o->dry_run) {
        print_dry_run(o, &r);
        ex = ACC_EXIT_OK;
    } else if (o->shard_count > 1) {
        if (!a->quiet)
            printf("accord: shard %llu/%llu of the calibration: %llu ok, %llu failed -> %s/\n"
                   "  merge every shard (accord merge ... --out DIR), then score it: accord "
                   "calibrate DIR --targets %s\n",
                   (unsigned long long)o->shard_index, (unsigned long long)o->shard_count,
                   (unsigned long long)r.n_ok, (unsigned long long)r.n_failed, r.outdir,
                   a->targets);
        ex = r.n_failed ? ACC_EXIT_RUN : ACC_EXIT_OK;
    } else {
        if (!a->quiet)
            printf("accord: sweep of %s: %s; %llu ok, %llu failed%s in %.2f s -> %s/\n",
                   o->scenario, r.design_desc, (unsigned long long)r.n_ok,
                   (unsigned long long)r.n_failed, r.n_failed ? " (see " ACC_FILE_FAILURES ")" : "",
                   r.wall_s, r.outdir);
        score_stop stop = {argc, argv, r.n_done, r.n_runs, 1};
        ex = score(a, r.outdir, tg, nt, r.n_failed > 0, &stop);
    }
#ifdef ACCORD_HAVE_MPI
    if (mpi_started)
        MPI_Finalize();
#endif
    (void)mpi_started;
    return ex;
}

int acc_cmd_calibrate(int argc, char **argv)
{
    calib_args a;
    int ex = parse_args(argc, argv, &a);
    if (ex >= 0) {
        free(a.only_copy);
        return ex;
    }
    char err[4096];
    acc_calib_target *tg = NULL;
    size_t nt = 0;
    int rc = acc_calib_read_targets(a.targets, a.n_only ? a.only : NULL, a.n_only, &tg, &nt, err,
                                    sizeof err);
    if (rc) {
        acc_cli_error("--targets: %s", err);
        free(a.only_copy);
        return rc == ACC_EIO ? ACC_EXIT_IO : ACC_EXIT_USAGE;
    }
    if (acc_io_is_dir(a.input)) {
        /* score a finished sweep */
        if (a.run_opt) {
            acc_cli_error("%s is a directory: %s does not apply when scoring a finished sweep "
                          "(only --targets, --only, --cutoff, --format, --no-plot and --quiet "
                          "do; its files are written in %s itself)", a.input, a.run_opt, a.input);
            ex = ACC_EXIT_USAGE;
        } else {
            /* keep the wave the directory was run as (a later --wave reads it) */
            static char from[1024];
            if (acc_calib_dir_wave(a.input, &a.wave, from, sizeof from) && from[0])
                a.from = from;
            score_stop stop = {argc, argv, 0, 0, 0};
            ex = score(&a, a.input, tg, nt, 0, &stop);
        }
    } else if (access(a.input, R_OK) != 0) {
        acc_cli_error("%s: cannot read the scenario (%s)", a.input, strerror(errno));
        ex = ACC_EXIT_IO;
    } else {
        ex = run_calibration(&a, tg, nt, argc, argv);
    }
    free(tg);
    free(a.only_copy);
    for (int i = 0; i < a.n_inherited; i++)
        free(a.inherited[i]);
    return ex;
}
