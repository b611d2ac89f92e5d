/* accord — private structures shared by the scenario loader (scenario.c,
 * scenario_conv.c, scenario_elems.c), the runner (scenario_run.c) and the
 * world bindings (world_lua*.c). Not API. SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_SCENARIO_INT_H
#define ACC_SCENARIO_INT_H

#include <lua.h>

#include "lua/sandbox.h"
#include "lua/scenario.h"

#define ACC_MAX_PARAMS 256
#define ACC_MAX_SETS 256
#define ACC_MAX_HOOKS 64
#define ACC_MAX_SUMMARY 1024
#define ACC_MAX_WARNINGS 256 /* distinct warnings kept per scenario */
#define ACC_MAX_METRICS 1024 /* distinct custom metrics a run may record */

/* A custom metric recorded with world:record(name, value, {unit, doc}):
 * its metadata (from the first call that gave it) and last value. */
typedef struct sc_metric {
    char name[65];
    char unit[32];
    char doc[240];
    double last;
} sc_metric;

typedef struct acc_event_hook {
    int at_step; /* step at whose start it fires (1-based step being run) */
    int ref;     /* Lua function */
    int line;
} acc_event_hook;

struct acc_scenario {
    acc_sandbox *sb;
    lua_State *L;
    char path[512];
    char name[ACC_NAME_LEN];
    char *description;
    char sha256[65];
    char *source; /* the file's text (for locating keys) */
    size_t source_len;
    int function_model;
    int model_ref, tables_ref; /* function model: model() and tables */
    acc_config cfg;
    acc_config_room cfg_room; /* cfg's lists (acc_config_init) */

    int nparams;
    acc_param_decl params[ACC_MAX_PARAMS];
    int nsets;
    struct {
        char name[96];
        double value;
        int used;
    } sets[ACC_MAX_SETS];
    int nfield_sets;
    int field_set_idx[ACC_MAX_SETS];

    int npolicies;
    int policy_ref[ACC_MAX_HOOKS];
    int nevents;
    acc_event_hook events[ACC_MAX_HOOKS];
    int on_incident_ref, on_step_end_ref, rule_ref;
    int loc_ref; /* registry: weak table {subtable -> line} */

    /* running */
    acc_world *world;
    const acc_run_sink *sink;
    int world_ud_ref; /* the Lua userdata proxy of the world */
    char *errbuf;
    size_t errlen;
    /* where the run failed (acc_scenario_failure): the hook, as in
     * "policies[2] (defined at file.lua:12)", and the step (0: before the
     * first step or a function model) */
    char fail_where[256];
    int fail_step;
    double fail_year;
    int nsummary;
    char *summary_names[ACC_MAX_SUMMARY];
    double summary_values[ACC_MAX_SUMMARY];
    uint64_t seed, run;
    /* custom metrics of the current or last run, in the order first recorded
     * (world_lua_policy.c; their indices: registry table wl_metric_key) */
    int nmetrics, cap_metrics;
    sc_metric *metrics;

    /* warnings (scenario_warn.c): typical ranges, lossy months, cross-field
     * rules; each reported once per key (place, subject, rule) */
    void (*log)(void *ud, const char *msg); /* the sandbox's log (print) */
    void *log_ud;
    void (*warn)(void *ud, const char *msg); /* NULL: "warning: <text>" to log */
    void *warn_ud;
    int strict;                /* a warning is an error */
    int strict_failed;         /* ... and one was given: strict_msg */
    char strict_msg[ACC_ERRLEN];
    int nwarnings, nwarn_dropped;
    char *warn_key[ACC_MAX_WARNINGS], *warn_text[ACC_MAX_WARNINGS];
    int npending, cap_pending; /* values given, checked at the end */
    struct sc_pending *pending;
    int jur_line[ACC_MAX_JUR]; /* where each jurisdiction was written */
};

/* scenario_warn.c: a policy set field f (of jurisdiction j, or model-wide
 * when j < 0) to v: warn at the policy's file:line, once per field and
 * place; with --strict raises the warning as a Lua error. */
void acc_scenario_warn_set(lua_State *L, acc_scenario *s, const acc_field *f, int j, double v);

/* world_lua*.c: the `world` object passed to policies. The proxy is a
 * borrowed view: valid only while acc_scenario_run runs (then invalidated). */
void acc_worldlua_register(lua_State *L);
void acc_worldlua_push(lua_State *L, acc_scenario *s);
void acc_worldlua_invalidate(lua_State *L, acc_scenario *s);
/* Line in the scenario file of the innermost frame that is in it, or 0. */
int acc_scenario_caller_line(lua_State *L, const acc_scenario *s);

#endif
