/* accord — the verbs `sweep` (a batch of runs over a design of parameter
 * values, parallel, resumable, shardable, MPI-aware) and `merge` (shards
 * into one result). SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
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
#include "stats/design.h"
#include "sweep/sweep.h"

#define MAX_LIST 256

/* While planning, the coordinator evaluates the sweep file and loads the
 * scenario: a script stuck inside C there (where Lua's hook cannot reach)
 * has hit the time limit: exit 1, as for the limit anywhere else. Nothing
 * has been written yet. */
static void on_stuck(void *ud, const char *msg)
{
    char line[1400];
    int n = snprintf(line, sizeof line, "accord: %.1000s (planning the sweep): %s\n",
                     ud ? (const char *)ud : "?", msg);
    if (n > 0 && write(2, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1) < 0)
        _exit(ACC_EXIT_RUN);
    _exit(ACC_EXIT_RUN);
}

static const char sweep_usage[] =
    "usage: accord sweep SCENARIO.lua --vary name=lo:hi [options]\n"
    "       accord sweep SWEEP.lua [options]\n"
    "\n"
    "Runs the scenario many times over a design of parameter values, with replications,\n"
    "in parallel worker processes, and writes to DIR (default results/<scenario>-sweep/):\n"
    "  runs.csv         one row per run: run, point, rep, seed, status, parameters, outcomes\n"
    "  points.csv       per design point and outcome: n, mean, sd, 95% t interval\n"
    "  sensitivity.csv  sobol: S1, ST with bootstrap intervals; morris: mu, mu*, sigma\n"
    "  failures.csv     runs that failed (script error, limit, timeout, crash) and why\n"
    "  manifest.json    design, seeds scheme, versions, scenario SHA-256, timings\n"
    "  journal.txt      every finished run, flushed as it finishes (for --resume)\n"
    "Run i = point*R + rep uses the sweep's seed and run index rep: replication r of every\n"
    "point sees the same random streams. Files are identical for any -j, shards or MPI ranks.\n"
    "\n"
    "what to vary:\n"
    "  --vary name              the declared range of a parameter (see accord params)\n"
    "  --vary name=lo:hi[:n]    a range (n: levels, for --design grid; default 5)\n"
    "  --vary name=v1,v2,...    a list of values\n"
    "                           (names may be model fields: risk.base_hazard, eu.stringency)\n"
    "  --set name=value         fix a parameter or field for every run\n"
    "  SWEEP.lua                a file returning { scenario = \"path\", design = \"lhs\",\n"
    "                           samples = 200, reps = 5, seed = 1, vary = { x = {0, 1},\n"
    "                           y = {values = {5, 10}} }, outcomes = {\"welfare\"} }\n"
    "design:\n"
    "  --design NAME            grid (default), random, lhs, sobol, morris\n"
    "  --samples N              random/lhs: points; sobol: base samples (N*(d+2) points);\n"
    "                           morris: trajectories (N*(d+1) points)\n"
    "  --reps R                 replications per point (default 1)\n"
    "  --seed S                 sweep seed (default 1)\n"
    "  --morris-levels P        Morris grid levels, even (default 4)\n"
    "  --bootstrap B            bootstrap replicates for Sobol' intervals (default 1000)\n"
    "  --outcomes a,b           keep only these outcomes (default: all): summary names\n"
    "                           (harm, harm_eu, ...) or metrics the scripts record\n"
    "                           (world:record; its last value), checked before the first\n"
    "                           run (unknown: exit 2; custom metrics and function models\n"
    "                           by one probe run with the defaults)\n"
    "  --timeseries             world models: timeseries.csv, per design point, step,\n"
    "                           jurisdiction and metric: n, mean, 5/50/95% quantiles over\n"
    "                           the replications (series kept in timeseries.bin)\n"
    "execution:\n"
    "  -j N, --jobs N           worker processes (default: all cores; 1 per MPI rank)\n"
    "  --out DIR                output directory (default results/<scenario>-sweep, for a\n"
    "                           shard results/<scenario>-sweep-shard-<i>-of-<N>)\n"
    "  --resume                 continue an interrupted sweep in DIR (same options);\n"
    "                           Ctrl-C or SIGTERM stops a sweep with exit 130 and prints\n"
    "                           the runs done and the command that resumes it\n"
    "  --retry-failed           with --resume: run the failed runs again\n"
    "  --shard i/N              run only runs whose id % N == i (combine with accord merge)\n"
    "  --run-timeout S          kill a run (its worker) after S seconds of wall time and\n"
    "                           record it as 'timeout' (default 3600; 0: no limit)\n"
    "  --time-limit S           Lua's limit per script call in a run (default 60, or the\n"
    "                           run timeout if shorter); a script stuck inside C past it\n"
    "                           (e.g. a pathological string pattern) is ended with its\n"
    "                           worker and the run recorded as 'limit'\n"
    "  --memory-limit MIB       Lua memory cap per run (default 256)\n"
    "  --dry-run                print the number of runs, a time estimate from a short\n"
    "                           pilot and the output size; write nothing\n"
    "  --quiet                  no progress line, summary or warnings (the manifest lists them)\n"
    "  --verbose                show the scenarios' print() output on stderr\n"
    "  --strict                 treat warnings as errors: a warning of the scenario loaded\n"
    "                           with the fixed sets or the extreme values of a varied\n"
    "                           parameter stops the sweep before any run (exit 2); a run\n"
    "                           that warns (a policy's value) fails\n"
    "Warnings (a value outside its typical range, months that round to other steps) are\n"
    "printed once each (\"warning: FILE:LINE: ...\") and listed in manifest.json.\n"
    "Under mpirun (a build with -DACCORD_MPI=ON) rank 0 hands runs to all ranks and writes.\n"
#ifdef ACCORD_HAVE_MPI
    "This accord is built with MPI.\n"
#else
    "This accord is built without MPI.\n"
#endif
    "Exit status: 0 all runs succeeded, 1 some failed (see failures.csv), 2 bad usage or\n"
    "scenario, 3 files.\n";

static const char merge_usage[] =
    "usage: accord merge SHARD_DIR... --out DIR\n"
    "\n"
    "Combines the directories of a sharded sweep (accord sweep ... --shard i/N, every i once,\n"
    "same options otherwise) into DIR: the same files a single sweep writes, byte for byte.\n"
    "Refuses shards of different sweeps, missing or repeated shards, and unfinished ones.\n";

/* Split "a,b,c" into parts (pointers into a copy kept by the caller). */
static int split_list(char *s, const char **out, int max)
{
    int n = 0;
    for (char *save = NULL, *t = strtok_r(s, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (n >= max)
            return -1;
        out[n++] = t;
    }
    return n;
}

#ifdef ACCORD_HAVE_MPI
/* Started by mpirun/srun? (A plain run of an MPI build stays single-process.) */
static int launched_by_mpi(void)
{
    return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMI_SIZE") || getenv("PMIX_RANK") ||
           getenv("MPI_LOCALNRANKS");
}
#endif

static void print_summary(const acc_sweep_opts *o, const acc_sweep_result *r)
{
    printf("accord: sweep of %s: %s", o->scenario, r->design_desc);
    if (o->shard_count > 1)
        printf(" (shard %llu/%llu: %llu runs)", (unsigned long long)o->shard_index,
               (unsigned long long)o->shard_count, (unsigned long long)r->n_runs);
    printf("\n");
    if (r->n_resumed)
        printf("  resumed: %llu runs were already finished", (unsigned long long)r->n_resumed);
    if (r->n_bad_records)
        printf("%s%llu torn or corrupt journal lines ignored (their runs were redone)",
               r->n_resumed ? "; " : "  ", (unsigned long long)r->n_bad_records);
    if (r->n_series_redone)
        printf("%s%llu finished run%s no intact series in " ACC_FILE_TS_JOURNAL
               " (missing, cut short or corrupt): run again",
               r->n_resumed || r->n_bad_records ? "; " : "  ",
               (unsigned long long)r->n_series_redone, r->n_series_redone == 1 ? " had" : "s had");
    if (r->n_resumed || r->n_bad_records || r->n_series_redone)
        printf("\n");
    char ranks[64] = "";
    if (o->mpi_size > 1)
        snprintf(ranks, sizeof ranks, " per rank on %d MPI ranks", o->mpi_size);
    printf("  %llu ok, %llu failed%s; %llu runs in %.2f s with %d worker%s%s -> %s/\n",
           (unsigned long long)r->n_ok, (unsigned long long)r->n_failed,
           r->n_failed ? " (see " ACC_FILE_FAILURES ")" : "", (unsigned long long)r->n_ran, r->wall_s,
           r->jobs, r->jobs == 1 ? "" : "s", ranks, r->outdir);
}

static void human_bytes(double b, char *buf, size_t n)
{
    const char *u[] = {"B", "kB", "MB", "GB", "TB"};
    int k = 0;
    while (b >= 1000 && k < 4) {
        b /= 1000;
        k++;
    }
    snprintf(buf, n, k ? "%.1f %s" : "%.0f %s", b, u[k]);
}

/* A sweep's warnings, each once, as accord run prints them. */
static void print_warning(void *ud, const char *msg)
{
    (void)ud;
    fputs("warning: ", stderr);
    acc_fputs_printable(msg, stderr);
    fputc('\n', stderr);
}

typedef struct sweep_args {
    acc_sweep_opts o;
    const char *vary[MAX_LIST], *sets[MAX_LIST], *outs[MAX_LIST];
    char *outs_copy; /* --outcomes, split in place */
    int quiet;
} sweep_args;

/* What the option parsers return, besides an exit code (>= 0) */
enum { OPT_NONE = -3, OPT_MISSING = -2, OPT_OK = -1 };

/* Options without a value. */
static int parse_flag(const char *a, sweep_args *s)
{
    if (acc_cli_is_help(a)) {
        fputs(sweep_usage, stdout);
        return ACC_EXIT_OK;
    } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
        s->quiet = 1;
    } else if (strcmp(a, "--verbose") == 0) {
        s->o.verbose = 1;
    } else if (strcmp(a, "--resume") == 0) {
        s->o.resume = 1;
    } else if (strcmp(a, "--retry-failed") == 0) {
        s->o.retry_failed = 1;
    } else if (strcmp(a, "--dry-run") == 0) {
        s->o.dry_run = 1;
    } else if (strcmp(a, "--timeseries") == 0) {
        s->o.timeseries = 1;
    } else if (strcmp(a, "--strict") == 0) {
        s->o.strict = 1;
    } else {
        return OPT_NONE;
    }
    return OPT_OK;
}

/* Options whose value is a name or a list of them. */
static int parse_names(int argc, char **argv, int *i, sweep_args *s)
{
    acc_sweep_opts *o = &s->o;
    const char *v = NULL;
    if (acc_cli_opt(argc, argv, i, "--vary", &v)) {
        if (!v)
            return OPT_MISSING;
        if (o->n_vary >= MAX_LIST) {
            acc_cli_error("at most %d --vary options", MAX_LIST);
            return ACC_EXIT_USAGE;
        }
        s->vary[o->n_vary++] = v;
    } else if (acc_cli_opt(argc, argv, i, "--set", &v)) {
        if (!v)
            return OPT_MISSING;
        if (o->n_sets >= MAX_LIST) {
            acc_cli_error("at most %d --set options", MAX_LIST);
            return ACC_EXIT_USAGE;
        }
        s->sets[o->n_sets++] = v;
    } else if (acc_cli_opt(argc, argv, i, "--design", &v)) {
        if (!v)
            return OPT_MISSING;
        o->design = v;
    } else if (acc_cli_opt(argc, argv, i, "--outcomes", &v)) {
        if (!v || !*v)
            return OPT_MISSING;
        free(s->outs_copy);
        s->outs_copy = strdup(v);
        int k = s->outs_copy ? split_list(s->outs_copy, s->outs, MAX_LIST) : -1;
        o->outcomes = s->outs;
        o->n_outcomes = k;
        if (k <= 0) {
            acc_cli_error("--outcomes needs a comma-separated list of names, got '%s'", v);
            return ACC_EXIT_USAGE;
        }
    } else if (acc_cli_opt(argc, argv, i, "--out", &v)) {
        if (!v || !*v)
            return OPT_MISSING;
        o->outdir = v;
    } else if (acc_cli_opt(argc, argv, i, "--shard", &v)) {
        char err[256];
        if (acc_sweep_parse_shard(v, &o->shard_index, &o->shard_count, err, sizeof err)) {
            acc_cli_error("%s", err);
            return ACC_EXIT_USAGE;
        }
    } else {
        return OPT_NONE;
    }
    return OPT_OK;
}

/* --samples or --reps: a whole number >= 1, in digits or as a decimal
 * number (1e4); 0 after saying what is wrong. */
static int parse_count(const char *opt, const char *v, uint64_t *out)
{
    int rc = acc_cli_parse_count(v, out);
    if (rc < 0)
        acc_cli_error("%s %s is more than %llu, the most a sweep can have", opt, v,
                      (unsigned long long)ACC_DESIGN_MAX_POINTS);
    else if (rc == 0 || *out == 0)
        acc_cli_error("%s needs a whole number >= 1, got '%s'", opt, v ? v : "");
    return rc > 0 && *out > 0;
}

/* Options whose value is a count. */
static int parse_counts(int argc, char **argv, int *i, sweep_args *s)
{
    acc_sweep_opts *o = &s->o;
    const char *v = NULL, *a = argv[*i];
    long n;
    /* the plan checks counts against the design's limit and says it */
    if (acc_cli_opt(argc, argv, i, "--samples", &v)) {
        if (!parse_count("--samples", v, &o->samples))
            return ACC_EXIT_USAGE;
    } else if (acc_cli_opt(argc, argv, i, "--reps", &v)) {
        if (!parse_count("--reps", v, &o->reps))
            return ACC_EXIT_USAGE;
    } else if (acc_cli_opt(argc, argv, i, "--seed", &v)) {
        if (!acc_cli_parse_u64(v, &o->seed) || o->seed > ACC_CLI_MAX_SEED) {
            acc_cli_error("--seed needs a whole number in [0, %llu], got '%s'",
                          ACC_CLI_MAX_SEED, v ? v : "");
            return ACC_EXIT_USAGE;
        }
        o->seed_set = 1;
    } else if (acc_cli_opt(argc, argv, i, "--morris-levels", &v)) {
        if (!acc_cli_parse_int(v, 2, 1000, &n) || n % 2) {
            acc_cli_error("--morris-levels needs an even number in [2, 1000], got '%s'", v ? v : "");
            return ACC_EXIT_USAGE;
        }
        o->morris_levels = (uint32_t)n;
    } else if (acc_cli_opt(argc, argv, i, "--bootstrap", &v)) {
        if (!acc_cli_parse_int(v, 1, 1000000, &n)) {
            acc_cli_error("--bootstrap needs a number in [1, 1000000], got '%s'", v ? v : "");
            return ACC_EXIT_USAGE;
        }
        o->n_boot = (uint32_t)n;
    } else if (acc_cli_opt(argc, argv, i, "--jobs", &v) || acc_cli_opt(argc, argv, i, "-j", &v) ||
               (strncmp(a, "-j", 2) == 0 && a[2] >= '0' && a[2] <= '9' && (v = a + 2))) {
        if (!acc_cli_parse_int(v, 1, 4096, &n)) {
            acc_cli_error("-j needs a number of workers in [1, 4096], got '%s'", v ? v : "");
            return ACC_EXIT_USAGE;
        }
        o->jobs = (int)n;
    } else {
        return OPT_NONE;
    }
    return OPT_OK;
}

/* Options that limit runs. */
static int parse_limits(int argc, char **argv, int *i, sweep_args *s)
{
    acc_sweep_opts *o = &s->o;
    const char *v = NULL;
    long n;
    if (acc_cli_opt(argc, argv, i, "--run-timeout", &v)) {
        double t = -1;
        if (!acc_parse_decimal(v, &t) || !(t >= 0 && t <= 1e7)) {
            acc_cli_error("--run-timeout needs seconds in [0, 10000000] (0: no limit), got '%s'",
                          v ? v : "");
            return ACC_EXIT_USAGE;
        }
        o->run_timeout_s = t == 0 ? -1 : t; /* the library's 0 is the default */
    } else if (acc_cli_opt(argc, argv, i, "--time-limit", &v)) {
        if (!acc_parse_decimal(v, &o->time_limit_s) || !(o->time_limit_s > 0 && o->time_limit_s <= 86400)) {
            acc_cli_error("--time-limit needs seconds in (0, 86400], got '%s'", v ? v : "");
            return ACC_EXIT_USAGE;
        }
    } else if (acc_cli_opt(argc, argv, i, "--memory-limit", &v)) {
        if (!acc_cli_parse_int(v, 1, 65536, &n)) {
            acc_cli_error("--memory-limit needs MiB in [1, 65536], got '%s'", v ? v : "");
            return ACC_EXIT_USAGE;
        }
        o->mem_limit_bytes = (size_t)n << 20;
    } else {
        return OPT_NONE;
    }
    return OPT_OK;
}

/* The command line into s; OPT_OK to go on, else the exit code. */
static int parse_args(int argc, char **argv, sweep_args *s)
{
    memset(s, 0, sizeof *s);
    s->o.vary = s->vary;
    s->o.sets = s->sets;
    int ex = OPT_OK, operands = 0;
    /* options that take one value: given twice, a usage error (not the last one silently) */
    static const char *const single[] = {"--design", "--outcomes", "--out", "--shard", "--samples",
                                         "--reps", "--seed", "--morris-levels", "--bootstrap",
                                         "-j|--jobs", "--run-timeout", "--time-limit",
                                         "--memory-limit", NULL};
    const char *seen[sizeof single / sizeof single[0]] = {NULL};
    for (int i = 1; i < argc && ex == OPT_OK; i++) {
        const char *a = argv[i]; /* the parsers may step i past its value */
        const int at = i;
        if (!operands && strcmp(a, "--") == 0) { /* the rest are operands */
            operands = 1;
            continue;
        }
        ex = operands ? OPT_NONE : parse_flag(a, s);
        if (ex == OPT_NONE && !operands)
            ex = parse_names(argc, argv, &i, s);
        if (ex == OPT_NONE && !operands)
            ex = parse_counts(argc, argv, &i, s);
        if (ex == OPT_NONE && !operands)
            ex = parse_limits(argc, argv, &i, s);
        if (ex == OPT_OK && !operands && acc_cli_once_at(argv, at, i, single, seen))
            ex = ACC_EXIT_USAGE;
        if (ex == OPT_NONE && !operands && a[0] == '-' && a[1]) {
            acc_cli_error("unknown option '%s' (try accord sweep --help)", a);
            ex = ACC_EXIT_USAGE;
        } else if (ex == OPT_NONE && !s->o.scenario) {
            s->o.scenario = a;
            ex = OPT_OK;
        } else if (ex == OPT_NONE) {
            acc_cli_error("only one scenario or sweep file, got '%s' and '%s'", s->o.scenario, a);
            ex = ACC_EXIT_USAGE;
        } else if (ex == OPT_MISSING) {
            acc_cli_error("%.*s needs a value", (int)strcspn(a, "="), a);
            ex = ACC_EXIT_USAGE;
        }
    }
    if (ex == OPT_OK && !s->o.scenario) {
        acc_cli_error("no scenario or sweep file given (try accord sweep --help)");
        ex = ACC_EXIT_USAGE;
    }
    if (ex == OPT_OK && s->o.retry_failed && !s->o.resume) {
        acc_cli_error("--retry-failed goes with --resume");
        ex = ACC_EXIT_USAGE;
    }
    if (ex == OPT_OK && access(s->o.scenario, R_OK) != 0) {
        acc_cli_error("%s: cannot read the scenario or sweep file (%s)", s->o.scenario, strerror(errno));
        ex = ACC_EXIT_IO;
    }
    return ex;
}

static void print_dry_run(const acc_sweep_opts *o, const acc_sweep_result *r)
{
    char size[32];
    human_bytes((double)r->est_bytes, size, sizeof size);
    printf("accord: dry run of %s: %s\n", o->scenario, r->design_desc);
    if (o->shard_count > 1)
        printf("  this shard (%llu/%llu): %llu runs\n", (unsigned long long)o->shard_index,
               (unsigned long long)o->shard_count, (unsigned long long)r->n_runs);
    printf("  pilot: %llu run%s, %.4g s per run (one worker)\n",
           (unsigned long long)r->pilot_runs, r->pilot_runs == 1 ? "" : "s", r->pilot_run_s);
    if (r->pilot_error[0])
        printf("  a pilot run FAILED: %s\n", r->pilot_error);
    printf("  estimated time: %.3g s with %d worker%s%s\n", r->est_wall_s, r->jobs,
           r->jobs == 1 ? "" : "s", o->mpi_size > 1 ? " per MPI rank" : "");
    printf("  estimated output: about %s in %s/", size, r->outdir);
    if (r->est_ts > 0) {
        char ts[32];
        human_bytes((double)r->est_ts_bytes, ts, sizeof ts);
        printf(" (of which the time series about %s)", ts);
    } else if (r->est_ts < 0) {
        printf(" (without the time series: no pilot run gave one)");
    }
    printf("\n");
}

int acc_cmd_sweep(int argc, char **argv)
{
    sweep_args s;
    int ex = parse_args(argc, argv, &s);
    if (ex != OPT_OK) {
        free(s.outs_copy);
        return ex;
    }
    acc_sweep_opts *o = &s.o;
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
    o->progress = !s.quiet && rank == 0 && isatty(2) && !o->dry_run;
    o->warn = s.quiet ? NULL : print_warning;
    o->command_line = acc_cli_command_line();
    o->stuck = on_stuck;
    o->stuck_ud = (void *)o->scenario;
    acc_sweep_result r;
    char err[4096];
    int rc = acc_sweep_run(o, &r, err, sizeof err);
    if (rc == ACC_EINTR && rank == 0 && r.outputs_complete) {
        acc_cli_error("sweep %s", err); /* the signal came during the last renames */
        ex = ACC_EXIT_INTERRUPTED;
    } else if (rc == ACC_EINTR && rank == 0) {
        ex = acc_cli_interrupted("sweep", err, r.n_done, r.n_runs, argc, argv);
    } else if (rc) {
        if (rank == 0)
            acc_cli_error("%s", err);
        /* a file error once the journal was held (a full disk, a quota):
         * the finished runs are in the journal, and --resume goes on */
        if (rank == 0 && rc == ACC_EIO && r.journaled)
            (void)acc_cli_interrupted("sweep", "stopped by a file error", r.n_done, r.n_runs,
                                      argc, argv);
        else if (rank != 0 && err[0])
            fprintf(stderr, "accord: [MPI rank %d] %s\n", rank, err);
        ex = acc_cli_exit_code(rc, 1);
    } else if (rank != 0) {
        ex = ACC_EXIT_OK;
    } else if (o->dry_run) {
        print_dry_run(o, &r);
        ex = ACC_EXIT_OK;
    } else {
        if (!s.quiet)
            print_summary(o, &r);
        ex = r.n_failed ? ACC_EXIT_RUN : ACC_EXIT_OK;
    }
#ifdef ACCORD_HAVE_MPI
    if (mpi_started)
        MPI_Finalize();
#endif
    (void)mpi_started;
    free(s.outs_copy);
    return ex;
}

int acc_cmd_merge(int argc, char **argv)
{
    const char *dirs[4096];
    int n = 0, quiet = 0, operands = 0;
    const char *out = NULL;
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        if (!operands && strcmp(argv[i], "--") == 0) { /* the rest are operands */
            operands = 1;
            continue;
        }
        if (operands)
            goto operand;
        if (acc_cli_is_help(argv[i])) {
            fputs(merge_usage, stdout);
            return ACC_EXIT_OK;
        } else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0) {
            quiet = 1;
        } else if (acc_cli_opt(argc, argv, &i, "--out", &v)) {
            if (!v || !*v) {
                acc_cli_error("--out needs a value");
                return ACC_EXIT_USAGE;
            }
            if (acc_cli_once("--out", &out, v))
                return ACC_EXIT_USAGE;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            acc_cli_error("unknown option '%s' (try accord merge --help)", argv[i]);
            return ACC_EXIT_USAGE;
        } else {
        operand:
            if (n >= (int)(sizeof dirs / sizeof dirs[0])) {
                acc_cli_error("too many shard directories");
                return ACC_EXIT_USAGE;
            }
            dirs[n++] = argv[i];
        }
    }
    if (n == 0 || !out) {
        acc_cli_error("merge needs shard directories and --out DIR (try accord merge --help)");
        return ACC_EXIT_USAGE;
    }
    acc_sweep_result r;
    char err[4096];
    int rc = acc_sweep_merge(dirs, n, out, acc_cli_command_line(), &r, err, sizeof err);
    if (rc == ACC_EINTR) {
        acc_cli_error("%s", err);
        return ACC_EXIT_INTERRUPTED;
    }
    if (rc) {
        acc_cli_error("%s", err);
        return acc_cli_exit_code(rc, 1);
    }
    if (!quiet)
        printf("accord: merged %d shard%s: %llu runs, %llu ok, %llu failed -> %s/\n", n, n == 1 ? "" : "s",
               (unsigned long long)r.n_runs, (unsigned long long)r.n_ok,
               (unsigned long long)r.n_failed, r.outdir);
    return r.n_failed ? ACC_EXIT_RUN : ACC_EXIT_OK;
}
