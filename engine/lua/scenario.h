/* accord — loading a scenario script: run it in the sandbox with the scenario
 * API (param, jurisdiction, population, ...), turn the table it returns into a
 * validated acc_config (or a pure Lua function model), with every error naming
 * file:line, the value and the valid range; then run it with its policies.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_SCENARIO_H
#define ACC_SCENARIO_H

#include <stdint.h>

#include "core/model.h"

typedef struct acc_scenario acc_scenario;

/* A parameter the scenario declared with param{...}. */
typedef struct acc_param_decl {
    char name[64];
    double def, lo, hi; /* default and closed range */
    double value;       /* resolved: the default or an override */
    int overridden;
    int integer;        /* declared integer = true */
    char unit[32];
    char doc[240];
} acc_param_decl;

typedef struct acc_scenario_opts {
    const char *path;              /* the scenario file, as the user gave it */
    const char *scripts_dir;       /* where `require` finds modules; NULL: <source>/scripts */
    const char *const *sets;       /* "name=value" overrides (declared params or model fields) */
    int n_sets;
    uint64_t seed, run;
    size_t mem_limit_bytes;        /* 0 = default (256 MiB) */
    double time_limit_s;           /* per protected call; 0 = default (60 s); < 0 = none */
    void (*log)(void *ud, const char *msg); /* print() and world:log(); NULL = stderr */
    void *log_ud;
    /* Called from the watchdog thread when a call is still running well past
     * its time limit (stuck inside C, e.g. a pathological pattern match). A
     * command-line program may report and _exit; NULL = do nothing. */
    void (*stuck)(void *ud, const char *msg);
    void *stuck_ud;
    /* Polled from the watchdog thread while a Lua call runs (at least once a
     * second): non-zero stops the call (and later ones) with "interrupted",
     * so Ctrl-C need not wait for a long call to return. NULL = never. */
    int (*interrupted)(void);
    /* Warnings (a value outside its typical range, months that round to
     * other steps, stringency + 2 assessment_noise > 1), each once per
     * place and field, text "FILE:LINE: ..." or "--set NAME = ...": given
     * to warn as they arise (NULL: "warning: <text>" to log), and kept
     * (acc_scenario_warning). strict: the first one fails the load (or the
     * run, from a policy) with ACC_EINVAL and its text. */
    void (*warn)(void *ud, const char *msg);
    void *warn_ud;
    int strict;
} acc_scenario_opts;

/* Load and validate. On failure *out is NULL and err holds
 * "scenarios/x.lua:12: message". Returns ACC_EINVAL for a bad scenario or
 * override, ACC_ESCRIPT/ACC_ELIMIT for script errors, ACC_EIO if unreadable. */
int acc_scenario_load(const acc_scenario_opts *o, acc_scenario **out, char *err, size_t errlen);
/* Restore the full scenario path in a message where Lua shortened it to
 * "...tail" (chunk names over 60 characters). Load and run errors are
 * already tidied; this is for messages built elsewhere. */
void acc_scenario_tidy_error(char *msg, size_t n, const char *path);
void acc_scenario_free(acc_scenario *s);

const char *acc_scenario_name(const acc_scenario *s);
const char *acc_scenario_description(const acc_scenario *s);
const char *acc_scenario_path(const acc_scenario *s);
const char *acc_scenario_sha256(const acc_scenario *s); /* hex digest of the file */
int acc_scenario_is_function_model(const acc_scenario *s);
const acc_config *acc_scenario_config(const acc_scenario *s); /* NULL for a function model */
int acc_scenario_nparams(const acc_scenario *s);
const acc_param_decl *acc_scenario_param(const acc_scenario *s, int i);
/* Overrides that set model fields directly (e.g. "risk.base_hazard=0.2"). */
int acc_scenario_nfield_sets(const acc_scenario *s);
const char *acc_scenario_field_set(const acc_scenario *s, int i, double *value);
/* The distinct warnings so far (load and runs), in the order given: the
 * text (no "warning: " prefix) and, in *key when key is not NULL, what makes
 * it distinct (place, subject and rule, without the value). */
int acc_scenario_nwarnings(const acc_scenario *s);
const char *acc_scenario_warning(const acc_scenario *s, int i, const char **key);
/* Which hooks the scenario defines (for `accord check`). */
int acc_scenario_npolicies(const acc_scenario *s);
/* After acc_scenario_run failed in a hook: which one ("policies[2] (defined
 * at file.lua:12)", "on_step_end", ...; "" when not in a hook) and the step
 * (1-based, 0 when none) and year it was running. */
const char *acc_scenario_failure(const acc_scenario *s, int *step, double *year);
int acc_scenario_nevents(const acc_scenario *s);
int acc_scenario_has_rule(const acc_scenario *s);
/* Whether the scenario defines the hook "on_step_end" or "on_incident" (0 for
 * any other name). */
int acc_scenario_has_hook(const acc_scenario *s, const char *name);

/* ---- running ---------------------------------------------------------------- */

/* Extra outputs of a run besides the world's rows and events. */
typedef struct acc_run_sink {
    acc_sink world;  /* time-series rows and events */
    void *ud;
    /* custom metrics recorded by scripts: world:record(name, value [, {unit, doc}]) */
    int (*custom)(void *ud, int step, double year, const char *name, double value);
    /* function models: a named table, column names, then rows of cells */
    int (*table_begin)(void *ud, const char *name, int ncols, const char *const *cols);
    int (*table_row)(void *ud, const double *cells, const char *const *text, int ncols);
    int (*table_end)(void *ud);
} acc_run_sink;

/* Run the scenario once (world model with its policies, or the function
 * model). Afterwards the summary is available. */
int acc_scenario_run(acc_scenario *s, const acc_run_sink *sink, char *err, size_t errlen);
int acc_scenario_summary_count(const acc_scenario *s);
const char *acc_scenario_summary_name(const acc_scenario *s, int i);
double acc_scenario_summary_value(const acc_scenario *s, int i);
/* The custom metrics the last run recorded (world:record), in the order
 * first recorded: name, unit and doc ("" if not given) and the last value
 * recorded (the metric's outcome in sweeps and comparisons). */
int acc_scenario_nmetrics(const acc_scenario *s);
const char *acc_scenario_metric_name(const acc_scenario *s, int i);
const char *acc_scenario_metric_unit(const acc_scenario *s, int i);
const char *acc_scenario_metric_doc(const acc_scenario *s, int i);
double acc_scenario_metric_last(const acc_scenario *s, int i);
/* The world of the last run (NULL for function models). */
const acc_world *acc_scenario_world(const acc_scenario *s);
size_t acc_scenario_lua_peak_bytes(const acc_scenario *s);

/* The Lua modules the scenario's scripts required so far (loading it, and
 * when it runs: a require inside a policy or hook counts once called), in
 * load order, each file once: module i's name, its file's absolute path and
 * the file's SHA-256 as loaded (acc_sandbox_module). NULL past the end. */
int acc_scenario_nmodules(const acc_scenario *s);
const char *acc_scenario_module(const acc_scenario *s, int i, const char **path,
                                const char **sha256);
/* The folders require searches, in order: scripts/ (ACCORD_SCRIPTS, ./scripts,
 * the installation's or the source tree's), then the scenario's own folder;
 * as given to the sandbox (relative ones stay relative). */
int acc_scenario_nmodule_dirs(const acc_scenario *s);
/* The same two folders for a scenario file at path, without loading it
 * (scripts_dir as acc_scenario_opts.scripts_dir; NULL: found as above). */
void acc_scenario_module_dirs_of(const char *path, const char *scripts_dir, char *scripts,
                                 size_t nscripts, char *dir, size_t ndir);
const char *acc_scenario_module_dir(const acc_scenario *s, int i);

#endif
