/* accord — one run of a scenario to a directory: timeseries.csv, events.csv,
 * summary.csv, custom.csv (metrics scripts record), table_<name>.csv (function
 * models), log.txt (print, world:log and warnings) and manifest.json (with
 * the run's warnings), each written atomically (temporary file, then
 * rename), so a failed or killed run never leaves a half file under a final
 * name. SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_RUNDIR_H
#define ACC_RUNDIR_H

#include <stddef.h>
#include <stdint.h>

struct acc_scenario;
struct acc_rundir_relay;

typedef struct acc_rundir_opts {
    const char *scenario;      /* path to the .lua file */
    const char *outdir;        /* created if missing */
    uint64_t seed;
    uint64_t run;              /* run index (replication); 0 for a single run */
    const char *const *sets;   /* "name=value" */
    int n_sets;
    size_t mem_limit_bytes;    /* 0: default */
    double time_limit_s;       /* per Lua call; 0: default */
    int progress;              /* draw a progress bar on stderr */
    const char *command_line;  /* recorded in the manifest (may be NULL) */
    int quiet;                 /* do not echo script log lines to stderr */
    void (*stuck)(void *ud, const char *msg); /* see acc_scenario_opts */
    void *stuck_ud;
    int strict;                /* a warning is an error (acc_scenario_opts.strict) */
    int events;                /* which events go to events.csv: ACC_RUNDIR_EVENTS_* (0: all) */
    /* Record in the manifest where the run ran and the Lua modules its
     * scripts loaded ("sources", last: docs/outputs.md): accord run does. */
    int sources;
    /* NULL, or polled after loading, at each time-series row and each table
     * row: a non-zero value (the number of a signal caught, SIGINT or
     * SIGTERM) stops the run there. It then writes nothing more: its
     * unfinished (temporary) files are removed, no partial outputs or
     * manifest are written, and acc_rundir returns ACC_EINTR ("stopped by
     * SIGINT at step 12 of 120 ..."). It is also polled (from the sandbox's
     * watchdog thread, at least once a second) while a Lua call runs: a long
     * call is cut short as at its time limit, so it must only read a flag. */
    int (*interrupted)(void);
    /* NULL, or the scenario already loaded by the caller (who looked at it
     * first: accord live estimates a run's size), so it is not loaded twice.
     * It must have been loaded with this run's scenario, sets, seed, run,
     * limits, stuck, interrupted and strict (those fields above are then not
     * used to load it) and not run yet; acc_rundir runs it and does not free
     * it. Load it with log = acc_rundir_relay_log and log_ud = relay (below),
     * so its print() and warning lines reach log.txt as when acc_rundir loads
     * it; without a relay they go wherever the caller's load sent them. */
    struct acc_scenario *loaded;
    struct acc_rundir_relay *relay;
} acc_rundir_opts;

/* The log of a scenario loaded before acc_rundir (acc_rundir_opts.loaded):
 * zero it, load with log = acc_rundir_relay_log, log_ud = &relay. Lines
 * logged before acc_rundir (the load's) are kept and written to log.txt
 * (and stderr unless quiet) first when it starts; then it takes each line
 * as it comes. acc_rundir_relay_free after acc_scenario_free. */
typedef struct acc_rundir_relay {
    char *pending;  /* lines logged before acc_rundir, each ended by a '\0' */
    size_t len, cap;
    int oom;        /* a line could not be kept */
    void *run;      /* acc_rundir's own state while it runs (private) */
} acc_rundir_relay;
void acc_rundir_relay_log(void *relay, const char *msg);
void acc_rundir_relay_free(acc_rundir_relay *relay);

/* --events: which events a run writes to events.csv. The filter sits at the
 * file sink: world:events() and the time series see every event either way;
 * with NONE the file holds only its header. */
enum { ACC_RUNDIR_EVENTS_ALL = 0, ACC_RUNDIR_EVENTS_INCIDENTS, ACC_RUNDIR_EVENTS_NONE };
#define ACC_RUNDIR_EVENTS_VALUES "all, incidents, none"
/* The option's value for its name ("all", "incidents", "none"), or -1. */
int acc_rundir_events_parse(const char *name);
const char *acc_rundir_events_name(int events);
/* Does events.csv under this option hold an event of type (acc_event_type)?
 * incidents: vulnerability, incident, awareness and patch. */
int acc_rundir_events_keeps(int events, int type);

typedef struct acc_rundir_result {
    double wall_s;
    int nsteps;
    long long nevents, nrows; /* nevents: events written to events.csv */
    long long nevents_filtered; /* events --events kept out of events.csv */
    char outdir[1024];
    int load_failed; /* the scenario did not load (bad scenario: exit 2) */
    int function_model;
    int noutcomes;
    long long nlog;  /* lines scripts logged (print, world:log) -> log.txt */
    int nwarnings;   /* distinct warnings (also in log.txt and the manifest) */
    int partial;     /* the run failed while running and its directory holds what
                        it wrote so far, manifest "status": "failed" */
} acc_rundir_result;

/* Returns ACC_OK, ACC_EINVAL (bad scenario/override), ACC_ESCRIPT/ACC_ELIMIT
 * (script failed), ACC_ERUN (simulation failed), ACC_EIO (files) or ACC_EINTR
 * (o->interrupted). Before its first file, the temporary files of writers
 * that are gone (a run killed there earlier) are removed from the output
 * directory (acc_atomic_remove_stale). A run
 * that fails after it started (a script error, a limit) still writes what it
 * had: timeseries.csv, events.csv, custom.csv and log.txt as far as they go,
 * no summary.csv, and manifest.json with "status": "failed" and a "failure"
 * object (message, hook, step, year); res->partial says so. A complete run's
 * manifest has "status": "complete". */
int acc_rundir(const acc_rundir_opts *o, acc_rundir_result *res, char *err, size_t errlen);

/* Write the manifest's "versions" member with every version: accord, Lua,
 * GSL, libcsv (io/layout.h's writer, given what this layer sees). */
struct acc_json;
int acc_manifest_versions(struct acc_json *j);

/* Write the manifest's "sources" member (io/layout.h) for scenario s: the
 * working directory (cwd; NULL: the current one), require's folders and the
 * modules s's scripts loaded so far. ACC_OK, ACC_ENOMEM or ACC_EIO. */
int acc_manifest_sources(struct acc_json *j, const struct acc_scenario *s, const char *cwd);

#endif
