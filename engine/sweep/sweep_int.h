/* accord — private structures of the sweep module shared by its files: the
 * plan (what to run), the journal (what finished), the worker pool (how runs
 * execute) and the output writer. Not API. SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_SWEEP_INT_H
#define ACC_SWEEP_INT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "base/sha256.h"
#include "base/strbuf.h"
#include "io/layout.h"
#include "stats/design.h"
#include "sweep/sweep.h"

/* Byte buffers are the base's string builder (base/strbuf.h). */
/* A double as round-trip text (base/numfmt.h; nan, inf, -inf). */
void sw_put_double(acc_sb *b, double v);

/* ---- text encoding of journal fields ----------------------------------------- */

/* Percent-encode bytes that are not printable ASCII, and '%', '~' and (for
 * tokens) the space, so a field holds no separator or line end. */
void sw_escape(acc_sb *b, const char *s, size_t n, int token);
/* Decode in place; returns the new length or -1 if malformed. */
long sw_unescape(char *s, size_t n);
/* CRC-32 (IEEE 802.3, reflected, as zlib's crc32). */
uint32_t sw_crc32(const void *data, size_t n);

/* ---- run status ---------------------------------------------------------------- */

enum sw_status {
    SW_OK = 0,
    SW_ERROR,   /* script or model error while running */
    SW_LIMIT,   /* the Lua memory or time limit */
    SW_INVALID, /* the scenario refused this run's parameters */
    SW_TIMEOUT, /* killed after --run-timeout */
    SW_CRASH,   /* the worker process died */
    SW_NSTATUS
};
const char *sw_status_name(int st);
int sw_status_parse(const char *s, size_t n);

/* ---- the plan -------------------------------------------------------------------- */

enum sw_vary_kind { SW_RANGE = 1, SW_LIST = 2 };

typedef struct sw_vary {
    char name[96];
    int kind;
    double lo, hi;      /* range */
    uint32_t levels;    /* grid levels of a range; 0: not given */
    int integer;        /* values are whole numbers */
    int declared;       /* "--vary name": the range comes from the scenario */
    double *values;     /* list */
    size_t n_values;
} sw_vary;

/* Settings read from a Lua sweep file (before command-line overrides). */
typedef struct sw_file_spec {
    char scenario[1024];  /* resolved against the sweep file's directory */
    char design[16];      /* "" if not given */
    uint64_t samples, reps, seed;
    int has_seed;
    uint32_t morris_levels, n_boot;
    int timeseries;
    sw_vary *vary;
    int nvary;
    char **sets;
    int nsets;
    char **outcomes;
    int noutcomes;
} sw_file_spec;

/* How sweep files are evaluated: Lua's time limit per protected call (0:
 * SW_FILE_TIME_LIMIT_S) and what to do when a script is stuck inside C past
 * it (acc_sandbox_opts.stuck; NULL: wait). */
typedef struct sw_file_opts {
    double time_limit_s;
    void (*stuck)(void *ud, const char *msg);
    void *stuck_ud;
} sw_file_opts;
#define SW_FILE_TIME_LIMIT_S 10.0

/* Evaluate a sweep file in the sandbox and read the table it returns (in a
 * protected call, under the time limit: its metamethods may raise or loop).
 * ACC_EINVAL with file:line messages. fo NULL: the defaults. */
int sw_file_load_with(const char *path, const sw_file_opts *fo, sw_file_spec *spec, char *err,
                      size_t errlen);
int sw_file_load(const char *path, sw_file_spec *spec, char *err, size_t errlen);
/* acc_sweep_is_sweep_file with options. */
int sw_file_is_sweep(const char *path, const sw_file_opts *fo);
void sw_file_spec_free(sw_file_spec *s);

/* Limits of plan fields, the same for the command line, sweep files and
 * plans read back from journals (sw_plan_validate). */
#define SW_MAX_SAMPLES ((uint64_t)ACC_DESIGN_MAX_POINTS) /* samples, reps */
#define SW_MAX_SEED ((uint64_t)INT64_MAX)
#define SW_MAX_MORRIS_LEVELS 1000u
#define SW_MAX_BOOTSTRAP 1000000u
#define SW_MAX_GRID_LEVELS 1000000u             /* levels of one --vary range */
#define SW_MAX_LIST 100000                      /* values of one --vary list */
#define SW_MAX_INTEGER_WIDTH 1e9                /* hi - lo of an integer range */
#define SW_MAX_SHARDS ((uint64_t)1 << 32)

typedef struct sw_plan {
    char scenario[1024];    /* path as given */
    char scenario_name[128];
    char sha256[65];
    int function_model;
    acc_design_type design;
    uint64_t samples;       /* random/lhs: N, sobol: base rows, morris: trajectories, grid: points */
    uint64_t reps, seed;
    uint32_t morris_levels, n_boot;
    int timeseries;         /* aggregate per-step series per point (world models) */
    int nvary;
    sw_vary *vary;
    int nsets;
    char **sets;            /* fixed "name=value" */
    int noutcomes;
    char **outcomes;        /* selection; 0 = all */
    /* derived */
    acc_design *d;          /* NULL when nvary = 0 (one point) */
    uint64_t npoints, nruns;
    /* not part of the plan: execution */
    double run_timeout_s;    /* wall-clock limit of a run (the pool's; 0: none) */
    double lua_time_limit_s; /* Lua's limit per protected call in a run (> 0) */
    size_t mem_limit_bytes;
    /* loading the scenario in the coordinator (planning): stuck inside C */
    void (*load_stuck)(void *ud, const char *msg);
    void *load_stuck_ud;
    int strict;              /* runs: a warning is an error (acc_scenario_opts.strict) */
    /* the distinct warnings of the planning loads (the scenario with the
     * fixed sets, then the extreme values of each varied parameter): key
     * (place, field, rule) and text, as acc_scenario_warning gives them */
    char **warn_keys, **warn_texts;
    int nwarn;
    /* the custom metrics (world:record) of the probe run: the scenario run
     * once while planning with its defaults and the fixed sets (seed, run
     * 0), for their units and docs (manifest "metrics") and to check
     * --outcomes before the first run; 0 when there was no probe */
    int nmetrics;
    char **metric_names, **metric_units, **metric_docs;
} sw_plan;

/* Parse one --vary text into v (values allocated). */
int sw_vary_parse(const char *text, sw_vary *v, char *err, size_t errlen);
void sw_vary_clear(sw_vary *v);
/* Levels of a varied parameter in a grid (given, list length, or default). */
uint32_t sw_vary_grid_levels(const sw_vary *v);

/* Append v (taken over, values included) to the plan's varied parameters. */
int sw_plan_push_vary(sw_plan *p, const sw_vary *v);
/* The values of one varied parameter: what sw_vary_parse and the scenario's
 * integer flag imply (finite, ordered bounds, whole values, no repeats...). */
int sw_vary_validate_values(const sw_vary *v, char *err, size_t errlen);

/* Build and validate a plan from options (sweep_plan_opts.c: loads the
 * scenario; ACC_EINVAL for bad options or scenario, message names them). */
int sw_plan_from_opts(const acc_sweep_opts *o, sw_plan **out, char *err, size_t errlen);
/* Rebuild a plan from its canonical lines (a journal header): no scenario
 * access. */
int sw_plan_from_lines(char *const *lines, int n, sw_plan **out, char *err, size_t errlen);
/* Check every field of a plan against the limits the command line and sweep
 * files enforce (counts, seed, Morris levels, bootstrap, each varied
 * parameter's range, levels, list and integer bounds, fixed and outcome
 * names), whether it was built from options or read back from a journal.
 * ACC_EINVAL naming the field. */
int sw_plan_validate(const sw_plan *p, char *err, size_t errlen);
/* Create the design and derived counts (after the fields are set). */
int sw_plan_prepare(sw_plan *p, char *err, size_t errlen);
void sw_plan_free(sw_plan *p);
/* The canonical lines ("design lhs", "vary x range -1 1 0 0", ...) that
 * identify the plan; resumes and merges compare them. */
int sw_plan_lines(const sw_plan *p, char ***lines, int *n);
void sw_lines_free(char **lines, int n);
/* Append a copy of s to the array *lines of *n strings (ACC_ENOMEM). */
int sw_lines_push(char ***lines, int *n, const char *s);
/* SHA-256 (hex) of the canonical lines, each followed by "\n": the plan_sha256
 * of manifests, and what MPI ranks compare. ACC_ENOMEM if the lines cannot be made. */
int sw_plan_sha256(const sw_plan *p, char hex[ACC_SHA256_HEXLEN]);
/* Values of the varied parameters at a design point. */
int sw_plan_point_values(const sw_plan *p, uint64_t point, double *values);
/* One-line description ("lhs, 200 points x 5 replications = 1000 runs"). */
void sw_plan_describe(const sw_plan *p, char *buf, size_t n);

/* ---- the journal ------------------------------------------------------------------
 * ACC_FILE_JOURNAL (io/layout.h), a text file, one record per line, each
 * line ending " ~xxxxxxxx" (CRC-32 of everything before it) and a newline. Lines that fail the check (a torn
 * last line after kill -9, a corrupt block) are ignored: their runs count
 * as not finished.
 *   #accord-sweep-journal 1
 *   P <plan line>                 the plan (identity)
 *   I <key> <value>               information (scenario path, name, ...)
 *   S <index> <count>             the shard this journal covers
 *   R <run> <seconds> ok <n> <name> <value> ... | R <run> <seconds> <status> <message> */
#define SW_JOURNAL_MAGIC "#accord-sweep-journal 1"

typedef struct sw_header {
    char **plan;
    int nplan;
    char **info; /* "key value" */
    int ninfo;
    uint64_t shard_index, shard_count;
} sw_header;

void sw_header_free(sw_header *h);
const char *sw_header_info(const sw_header *h, const char *key);
/* How plan a differs from plan b, every difference named, into why:
 * "<alabel> <averb> 'LINE', <blabel> <bverb> 'LINE'" for a changed setting,
 * "..., which <blabel> <bneg>" for one only a has (and the other way round).
 * sweep.c; for --resume and merge. */
void sw_plan_explain(const sw_header *a, const char *alabel, const char *averb, const char *aneg,
                     const sw_header *b, const char *blabel, const char *bverb, const char *bneg,
                     acc_sb *why);

/* A parsed run record; pointers are into the line buffer. */
typedef struct sw_record {
    uint64_t run;
    double seconds;
    int status;
    int nout;
    char **names;   /* nout decoded names */
    double *values; /* nout values */
    const char *msg; /* failures: decoded message */
} sw_record;

/* Parse one line (without its newline; modified in place). Returns 1 for a
 * valid run record, 0 for a valid non-run line, -1 for an invalid line.
 * names/values point into scratch storage owned by the caller's parser. */
typedef struct sw_parser {
    char **names;
    double *values;
    int cap;
} sw_parser;
void sw_parser_free(sw_parser *ps);
int sw_parse_line(sw_parser *ps, char *line, size_t len, sw_record *rec);

/* Format a complete record line (with CRC and newline) into b. body is
 * "ok N name value ..." or "<status> <escaped message>". */
void sw_format_record(acc_sb *b, uint64_t run, double seconds, const char *body, size_t blen);

/* ---- warnings in the journal -------------------------------------------------------
 * A run's scenario warnings travel from its worker after the record body,
 * one "\nW <key> <text>" per warning (both escaped as tokens); the
 * coordinator writes each as a journal line "W <run> <key> <text>" (with
 * CRC) before the run's record, only when the key is new or the run lower
 * than any it has seen with that key, so the journal always holds, for each
 * key, the lowest run that gave it. */
/* Append the warnings of a run (scenario s, may be NULL) to a worker's body. */
struct acc_scenario;
void sw_body_add_warnings(acc_sb *body, const struct acc_scenario *s);
/* The length of a body before its warnings. */
size_t sw_body_len(const char *body, size_t len);
void sw_format_warning(acc_sb *b, uint64_t run, const char *key, const char *text);
/* Distinct warnings: for each key the lowest run and its text. */
typedef struct sw_warnings {
    char **keys, **texts;
    uint64_t *runs;
    int n, cap;
} sw_warnings;
/* Add (key, run, text) keeping the lowest run per key: 1 if the set
 * changed, 0 if not, -1 out of memory. */
int sw_warnings_add(sw_warnings *w, const char *key, uint64_t run, const char *text);
/* Sort by run, then key (the order the manifest lists them). */
void sw_warnings_sort(sw_warnings *w);
void sw_warnings_free(sw_warnings *w);
/* Read the W lines of a journal (valid CRC only) into w. */
int sw_journal_warnings(const char *path, sw_warnings *w, char *err, size_t errlen);
/* ---- modules in the journal (the manifest's "sources") -------------------------
 * The Lua modules a run's scripts loaded travel from its worker after the
 * record body too, one "\nM <name> <path> <sha256>" per module (escaped
 * tokens); the coordinator writes each (path, SHA-256) new to its session as
 * a journal line "M <name> <path> <sha256>" (with CRC; no run: which run
 * loads a module first depends on timing), and the manifest lists the
 * distinct ones of every journal it reads. */
void sw_body_add_modules(acc_sb *body, const struct acc_scenario *s);
/* The journal header's info line "modules recorded" says the journal's
 * sessions wrote M lines; one begun by an earlier accord has none. */
#define SW_INFO_MODULES "modules"
#define SW_INFO_MODULES_RECORDED "recorded"
void sw_format_module(acc_sb *b, const char *name, const char *path, const char *sha256);
/* Distinct (path, SHA-256) pairs, each with a module name. */
typedef struct sw_modules {
    char **names, **paths, **shas;
    int n, cap;
} sw_modules;
/* Add one: 1 if new, 0 if there already, -1 out of memory. */
int sw_modules_add(sw_modules *m, const char *name, const char *path, const char *sha256);
void sw_modules_free(sw_modules *m);
/* Read the M lines of a journal (valid CRC only) into m; *recorded (when
 * not NULL) is set to 0 if the journal's header lacks the info line
 * "modules recorded" (its runs' modules may be missing), else left as is. */
int sw_journal_modules(const char *path, sw_modules *m, int *recorded, char *err, size_t errlen);

/* The body of a failure record. */
void sw_format_failure(acc_sb *b, int status, const char *msg);

/* The header lines of a journal. */
void sw_journal_header_text(acc_sb *b, const sw_header *h);
/* Create dir/journal.txt with a header (written atomically). */
int sw_journal_create(const char *path, const sw_header *h, char *err, size_t errlen);
/* Read a journal. For each valid run record call fn (may be NULL). On
 * return *h is the header, *valid_end the offset just past the last valid
 * line, *n_bad the number of invalid lines. Record callbacks get the byte
 * offset of their line. ACC_EINVAL if the header is missing or bad. */
typedef int (*sw_record_fn)(void *ud, const sw_record *rec, long long offset);
int sw_journal_read(const char *path, sw_header *h, sw_record_fn fn, void *ud,
                    long long *valid_end, uint64_t *n_bad, char *err, size_t errlen);

/* Append handle: O_APPEND, one write() per record; data-synced at most
 * every sync_interval_s seconds (0: every record; < 0: only by
 * sw_journal_sync) and on close, so a power cut loses at most that window,
 * a killed process nothing that was written. */
typedef struct sw_journal sw_journal;
int sw_journal_open(const char *path, long long truncate_to, double sync_interval_s,
                    sw_journal **out, char *err, size_t errlen);
int sw_journal_append(sw_journal *j, const char *line, size_t len, char *err, size_t errlen);
int sw_journal_sync(sw_journal *j, char *err, size_t errlen);
/* Would the next append sync? (Interval < 0: only explicit syncs.) */
int sw_journal_sync_due(const sw_journal *j);
int sw_journal_close(sw_journal *j, char *err, size_t errlen); /* syncs; NULL ok */
int sw_journal_fd(const sw_journal *j);

/* ---- the time-series journal (--timeseries) ------------------------------------------
 * ACC_FILE_TS_JOURNAL (timeseries.bin): the 8 bytes SW_TSJ_MAGIC, then per
 * successful run a record {magic, crc, run, len} + payload; a payload is
 *   uint32 nsteps, nrows, ncols, idbytes; row labels "aa\nbb\nall\n" padded
 *   with NULs to idbytes (a multiple of 8); double years[nsteps];
 *   double values[nsteps][nrows][ncols]
 * in the machine's byte order. */
#define SW_TSJ_MAGIC "ACCTSJ1\n" /* 8 bytes */
int sw_tsj_create(const char *path, char *err, size_t errlen);
void sw_tsj_format(acc_sb *b, uint64_t run, const void *payload, size_t len);
typedef int (*sw_tsj_fn)(void *ud, uint64_t run, long long offset, const char *payload, size_t len);
/* Valid records (whole, CRC right) in file order. A record that is not
 * valid is skipped with whatever follows up to the next valid one (found
 * by its magic, not by the damaged length): *n_bad counts such stretches,
 * *valid_end is the end of the last valid record (where a torn tail
 * starts). ACC_EIO if the file is missing, unreadable or has no header. */
int sw_tsj_scan(const char *path, sw_tsj_fn fn, void *ud, long long *valid_end, uint64_t *n_bad,
                char *err, size_t errlen);
/* Resuming: make path a series journal to append to: created if missing,
 * its 8-byte header written if it is shorter or damaged (*repaired 1; the
 * records after it are then read as usual). ACC_EIO if it cannot be. */
int sw_tsj_repair_header(const char *path, int *repaired, char *err, size_t errlen);
/* Clear in need, a bitmap over the positions of shard si of sn (run =
 * pos * sn + si, run < nruns), the bit of every run that has a valid
 * record in the series journal at path: what stays set has no series.
 * *valid_end as sw_tsj_scan's. */
int sw_tsj_mark_present(const char *path, uint64_t nruns, uint64_t si, uint64_t sn,
                        unsigned char *need, long long *valid_end, char *err, size_t errlen);
int sw_tsj_read_at(FILE *f, long long off, acc_sb *payload, uint64_t *run, char *err, size_t errlen);

typedef struct sw_ts_view {
    uint32_t nsteps, nrows, ncols;
    const char *ids;
    size_t idbytes;
    const double *years, *values;
} sw_ts_view;
/* A view of a payload (8-byte aligned); -1 if malformed. */
int sw_ts_parse(const char *p, size_t len, sw_ts_view *v);
const char *sw_ts_row_id(const sw_ts_view *v, uint32_t row, size_t *n);
/* Dry runs: the bytes of one design point's rows in timeseries.csv, from
 * its replications' series views[0..k-1] (same shape) as sw_write_timeseries
 * would write them, counting n as n_reps and leaving out each row's point
 * and parameter columns (and their commas). 0 if k is 0. */
double sw_ts_csv_point_bytes(const sw_ts_view *views, int k, uint64_t n_reps);

/* ---- the worker pool ---------------------------------------------------------------
 * Forked worker processes, one run at a time each. A run that crashes its
 * worker or exceeds the timeout becomes a crash / timeout record and the
 * worker is replaced. */

/* Runs inside a worker: execute run and write its record body into out
 * and, optionally, a binary time series into extra (a tsj payload). */
typedef void (*sw_exec_fn)(void *ctx, uint64_t run, acc_sb *out, acc_sb *extra);

typedef struct sw_done {
    uint64_t run;
    double seconds;
    const char *body;
    size_t len;
    int rank;          /* MPI rank that ran it (0: this process's workers) */
    const char *extra; /* time series payload (extra_len 0: none) */
    size_t extra_len;
} sw_done;
typedef int (*sw_done_fn)(void *ud, const sw_done *d);

typedef struct sw_pool_opts {
    int nworkers;
    double run_timeout_s; /* 0: none */
    sw_exec_fn exec;
    void *exec_ctx;
    const int *close_fds; /* closed in each worker after fork */
    int n_close_fds;
    double lua_time_limit_s; /* named in the message of a run stuck inside C (0: unknown) */
} sw_pool_opts;

/* A worker whose run's script is stuck inside C past Lua's time limit (the
 * sandbox's stuck callback) ends with this exit status; the pool records the
 * run as SW_LIMIT and replaces the worker. */
#define SW_WORKER_EXIT_STUCK 86

typedef struct sw_pool sw_pool;
int sw_pool_new(const sw_pool_opts *o, sw_pool **out, char *err, size_t errlen);
int sw_pool_idle(const sw_pool *p);
int sw_pool_busy(const sw_pool *p);
int sw_pool_submit(sw_pool *p, uint64_t run, char *err, size_t errlen);
/* Wait up to timeout_ms for finished runs and call fn for each; returns
 * fn's first non-zero status, or an error if a worker cannot be replaced. */
int sw_pool_wait(sw_pool *p, int timeout_ms, sw_done_fn fn, void *ud, char *err, size_t errlen);
void sw_pool_free(sw_pool *p);

/* SIGINT and SIGTERM while a sweep runs: the coordinator catches them (a
 * flag, no work in the handler) and stops at its next step; the workers
 * ignore both, so that a signal sent to the whole process group (Ctrl-C)
 * does not kill them under a run the coordinator would record as a crash:
 * the coordinator ends them (sw_pool_free) without recording their runs.
 * install returns 0, or -1 if sigaction failed; restore puts the previous
 * handlers back; pending is the signal caught (0: none). */
int sw_signals_install(void);
void sw_signals_restore(void);
int sw_signal_pending(void);

/* ---- executing a run (sweep_exec.c) -------------------------------------------------
 * What a worker needs to run any run of a plan (allocated once per worker). */
typedef struct sw_exec {
    const sw_plan *p;
    int verbose;                  /* scenarios' log lines to stderr */
    int fault_crash, fault_hang;  /* ACCORD_SWEEP_FAULT (docs/sweeps.md, "Testing") */
    uint64_t crash_run, hang_run;
    double *vals;                 /* the point's parameter values */
    const char **sets;            /* the run's "name=value" overrides */
    char (*setbuf)[160];
} sw_exec;

int sw_exec_init(sw_exec *x, const sw_plan *p, int verbose); /* ACC_ENOMEM; free it anyway */
void sw_exec_free(sw_exec *x);
/* The pool's sw_exec_fn (ud: an sw_exec): load the scenario with run's
 * parameter values, run it and write the record body ("ok N name value
 * ..." or a failure) into out and, with --timeseries, the payload into extra. */
void sw_exec_run(void *ud, uint64_t run, acc_sb *out, acc_sb *extra);

/* ---- outputs ------------------------------------------------------------------------ */

typedef struct sw_output_opts {
    const sw_plan *plan;
    const sw_header *header;     /* scenario information for the manifest */
    const char *const *journals; /* read in order; a later record of a run wins */
    int njournals;
    const char *outdir;
    const char *const *ts_journals; /* with plan->timeseries: read in order */
    int nts_journals;
    uint64_t shard_index, shard_count; /* which runs belong (count 1: all) */
    const char *command_line;
    const char *start_time;
    double wall_s;
    int jobs, mpi_ranks, sessions;
    const uint64_t *runs_by_rank; /* this session's runs per MPI rank (mpi_ranks > 1) */
    int merged_from;             /* > 0: made by accord merge of this many shards */
    /* Polled while the files are written (NULL: never): the signal that
     * must stop the writing (sw_signal_pending), 0 to go on. Stopped, the
     * write removes its temporary files and returns ACC_EINTR; once every
     * file is written, they are all renamed into place and the signal is
     * reported after (ACC_EINTR, the outputs complete). */
    int (*interrupted)(void);
    /* Testing (ACCORD_SWEEP_FAULT=pause-outputs / pause-commit, with
     * interrupted): 1 waits, up to 60 s, for a signal once runs.csv,
     * failures.csv and points.csv are written under their temporary names;
     * 2 once every file is, as the renames begin (past the last check). */
    int pause_for_test;
    /* The manifest's "sources" (docs/sweeps.md): the working directory
     * (NULL: the current one), require's folders (resolved to absolute
     * paths unless sources_dirs_absolute) and, for a merge, the members
     * that differ between its shards; the modules come from the journals'
     * M lines. sources_absent: no "sources" member (a merge of shards whose
     * manifests have none). */
    const char *sources_cwd;
    const char *const *module_dirs;
    int n_module_dirs, sources_dirs_absolute, sources_absent;
    const char *const *sources_differ;
    int n_sources_differ;
} sw_output_opts;

typedef struct sw_output_stats {
    uint64_t n_present, n_ok, n_failed, n_missing, n_bad;
    double run_seconds; /* sum over finished runs */
    int committed;      /* every output, manifest last, is in place (a signal that came
                           during the renames is still reported: ACC_EINTR) */
} sw_output_stats;

/* Column headers for names[0..n-1]: a name as it is unless it is one of
 * fixed[0..nfixed-1], another of the names or an earlier header; then with
 * `prefix` in front, until unique (freed with sw_free_headers(h, n)). NULL on
 * allocation failure. The sweep's tables and a run's summary.csv use it. */
char **sw_unique_headers(const char *const *names, int n, const char *const *fixed, int nfixed,
                         const char *prefix);
void sw_free_headers(char **h, int n);

/* Testing (docs/sweeps.md): ACCORD_SWEEP_FAULT=pause-outputs (1) or
 * pause-commit (2) makes the output writer of a sweep or merge wait for a
 * signal there; 0 otherwise. */
int sw_fault_pause(void);

/* Zero *oo and fill what every sweep's outputs need: one journal (and, when
 * the plan has --timeseries, one time-series journal), all of the runs
 * (shard 0 of 1), the manifest's command, start time and wall time. */
void sw_output_opts_init(sw_output_opts *oo, const sw_plan *p, const sw_header *h,
                         const char *const *journal, const char *const *ts_journal,
                         const char *outdir, const char *command_line, const char *start_time,
                         double wall_s);

/* Runs of a plan of nruns in shard si of sn (run ids = si mod sn). */
static inline uint64_t sw_shard_runs(uint64_t nruns, uint64_t si, uint64_t sn)
{
    return nruns / sn + (si < nruns % sn ? 1 : 0);
}

/* Count what the journals hold for the shard (no files written). */
int sw_output_count(const sw_output_opts *o, sw_output_stats *st, char *err, size_t errlen);
/* Write runs.csv, failures.csv, (unsharded:) points.csv, sensitivity.csv
 * and timeseries.csv, and manifest.json: each to a temporary file, then
 * all renamed into place once every one is written (a failure or a signal
 * before leaves none of them, and the directory as it was). */
int sw_output_write(const sw_output_opts *o, sw_output_stats *st, char *err, size_t errlen);
/* Remove the manifest at path, and sync outdir, before replacing outputs it
 * describes: ACC_OK (also when there was none) or ACC_EIO, nothing removed. */
int sw_retire_manifest(const char *path, const char *outdir, char *err, size_t errlen);

#endif
