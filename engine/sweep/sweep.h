/* accord — batch parameter sweeps: a design over a scenario's parameters,
 * replications, fork-isolated parallel workers, a crash-safe journal with
 * resume, deterministic shards and MPI ranks, and the summary files
 * (runs, points, sensitivity, failures, manifest). SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_SWEEP_H
#define ACC_SWEEP_H

#include <stddef.h>
#include <stdint.h>

/* What one run of a sweep is (a design point p and a replication r):
 *   run id        i = p·R + r (point-major; R replications per point)
 *   scenario      the sweep's seed, run index r: every point's replication r
 *                 sees the same random streams (common random numbers)
 * Outputs are a pure function of the plan (scenario bytes, design, samples,
 * replications, seed, varied and fixed parameters, outcome selection): the
 * same for any number of workers, shards or MPI ranks, byte for byte. */

/* Wall-clock limit of one run when acc_sweep_opts.run_timeout_s is 0: an
 * hour, far above any run of the bundled scenarios (0.05 s to 20 s) yet a
 * bound on what a run that hangs where neither Lua's time limit nor the
 * stuck-in-C watchdog reaches can cost. */
#define ACC_SWEEP_RUN_TIMEOUT_DEFAULT_S 3600.0
/* Lua's per-call limit in runs when acc_sweep_opts.time_limit_s is 0 (as
 * accord run). */
#define ACC_SWEEP_LUA_TIME_LIMIT_DEFAULT_S 60.0

typedef struct acc_sweep_opts {
    /* A scenario (.lua) or a Lua sweep file naming one; NULL with
     * sweep_file set is the same as scenario = sweep_file. */
    const char *scenario;
    const char *outdir;            /* NULL: results/<scenario name>-sweep, for a shard
                                    * results/<name>-sweep-shard-<i>-of-<N> */
    const char *const *vary;       /* "name", "name=lo:hi", "name=lo:hi:n", "name=v1,v2,..." */
    int n_vary;
    const char *const *sets;       /* fixed overrides "name=value" for every run */
    int n_sets;
    const char *design;            /* grid, random, lhs, sobol, morris; NULL: the file's or grid */
    uint64_t samples;              /* 0: the file's or the design's default */
    uint64_t reps;                 /* 0: the file's or 1 */
    uint64_t seed;                 /* used when seed_set (else the file's or 1) */
    int seed_set;
    uint32_t morris_levels;        /* 0: 4 */
    uint32_t n_boot;               /* bootstrap replicates for Sobol' CIs; 0: 1000 */
    const char *const *outcomes;   /* subset of the summary outcomes; NULL: all */
    int n_outcomes;
    int timeseries;                /* world models: timeseries.csv, per-step mean and
                                    * quantiles over the replications of each point */
    int jobs;                      /* worker processes; <= 0: all online cores */
    uint64_t shard_index, shard_count; /* run ids with id % count == index; 0/0 or 0/1: all */
    int resume;                    /* continue the sweep in outdir */
    int retry_failed;              /* with resume: run failed runs again */
    int dry_run;                   /* plan, time a short pilot, write nothing */
    double run_timeout_s;          /* kill a run (its worker) after this wall time;
                                    * 0: ACC_SWEEP_RUN_TIMEOUT_DEFAULT_S; < 0: none */
    double time_limit_s;           /* Lua's limit per protected call in a run (and
                                    * in a sweep file); 0: the scenarios' default
                                    * (60 s), or the run timeout if shorter */
    size_t mem_limit_bytes;        /* Lua memory cap per run; 0: the default */
    /* Called (from a watchdog thread) when a script the coordinator evaluates
     * while planning (the sweep file, the scenario) is stuck inside C past its
     * time limit; a command-line program reports and _exits. NULL: wait.
     * Runs never need it: a worker stuck like that reports the run as a
     * 'limit' failure and ends itself. */
    void (*stuck)(void *ud, const char *msg);
    void *stuck_ud;
    int progress;                  /* progress line on stderr */
    int verbose;                   /* pass the scenarios' print() to stderr */
    /* Warnings (a value outside its typical range, months that round to
     * other steps, ...: acc_scenario_opts): each distinct one (place, field,
     * rule) goes to warn once, those of the planning loads (the scenario
     * with the fixed sets, the extreme values of varied parameters) before
     * any run, those only runs give as they come; all are listed in the
     * manifest. strict: a planning warning is an error (ACC_EINVAL before
     * any run), and a run that warns fails (recorded in failures.csv). */
    void (*warn)(void *ud, const char *msg);
    void *warn_ud;
    int strict;
    const char *command_line;      /* recorded in the manifest (may be NULL) */
    /* MPI (set by the command when launched under mpirun): rank 0
     * coordinates and writes, the other ranks execute runs it hands out. */
    int mpi_rank, mpi_size;
} acc_sweep_opts;

typedef struct acc_sweep_result {
    uint64_t n_points;      /* design points */
    uint64_t n_runs;        /* runs in the plan (or in this shard) */
    uint64_t n_resumed;     /* finished in an earlier session (--resume) */
    uint64_t n_ran;         /* run in this session */
    uint64_t n_done;        /* finished so far, this session and earlier ones */
    uint64_t n_ok, n_failed;/* over all finished runs of the plan or shard */
    uint64_t n_bad_records; /* journal lines ignored (torn or corrupt) */
    uint64_t n_series_redone; /* --resume --timeseries: finished ok runs run again
                                 because timeseries.bin lacked their series */
    double wall_s;
    int jobs;
    int outputs_complete;   /* 1 when every output is in place, even if a signal came
                               during the last renames (the sweep then returns ACC_EINTR) */
    int journaled;          /* 1 once this session held the sweep's journal: a
                               file error after that leaves a resumable sweep */
    char outdir[1024];
    /* dry run */
    uint64_t pilot_runs;
    double pilot_run_s;     /* mean wall time of a pilot run, one worker */
    double est_wall_s;      /* estimated wall time of the whole sweep */
    uint64_t est_bytes;     /* estimated size of the output directory */
    int est_ts;             /* --timeseries: 1 est_ts_bytes (timeseries.bin and
                               .csv, part of est_bytes) estimated, -1 no pilot run
                               gave a series to estimate them from */
    uint64_t est_ts_bytes;
    char pilot_error[512];  /* the first pilot run's failure, if any */
    char design_desc[256];
} acc_sweep_result;

/* Run (or resume, or dry-run) a sweep. Returns ACC_OK when the sweep
 * completed, whether or not some runs failed (res->n_failed says; they are
 * in failures.csv); ACC_EINVAL for bad options or a bad scenario (message
 * names the option or file:line), ACC_EIO for files, ACC_ERUN if the
 * worker processes could not be run, ACC_EINTR if SIGINT or SIGTERM stopped
 * it (the journal holds the n_done finished runs; --resume goes on; the
 * runs that were under way are not recorded), also while the output files
 * were written (none renamed into place, temporaries removed) or renamed
 * (all in place). The library prints nothing except the
 * progress line (o->progress) and, with o->verbose, the scenarios' log. */
int acc_sweep_run(const acc_sweep_opts *o, acc_sweep_result *res, char *err, size_t errlen);

/* Combine shard directories (made with the same plan, --shard i/N for
 * every i once) into outdir: the files a single unsharded sweep writes,
 * byte-identical. ACC_EINVAL if plans differ, a shard is missing, given
 * twice, or not finished; ACC_EIO if a shard's files cannot be read (with
 * --timeseries: its timeseries.bin missing or damaged). */
int acc_sweep_merge(const char *const *dirs, int n_dirs, const char *outdir,
                    const char *command_line, acc_sweep_result *res, char *err, size_t errlen);

/* Parse "i/N" (0 <= i < N). ACC_EINVAL with a message otherwise. */
int acc_sweep_parse_shard(const char *text, uint64_t *index, uint64_t *count, char *err,
                          size_t errlen);

/* Does the file look like a sweep file (a Lua table with a `scenario` key)
 * rather than a scenario? Evaluated in the sandbox. 1 yes, 0 no. */
int acc_sweep_is_sweep_file(const char *path);

#endif
