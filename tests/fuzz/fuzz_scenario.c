/* accord fuzzing — the scenario loader (acc_scenario_load) and, when the
 * scenario loads and is small, acc_scenario_run twice (the second run meets
 * world objects a script kept from the first). The input is a scenario
 * script: untrusted Lua that must never crash the process, leak, or get past
 * the sandbox's limits (here 1 s per protected call and 64 MiB of Lua memory).
 *
 * Findings are aborts (e.g. "Lua error outside a protected call", which is
 * Lua's panic), ASan/UBSan reports, leaks and libFuzzer's timeouts. A call
 * still running 1 s past its time limit inside C, where the hook cannot stop
 * it, ends the process with FZ_STUCK_MARKER (fuzz_common.h): the documented
 * outcome, which run.sh sets aside.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "core/model.h"
#include "lua/scenario.h"

#include "fuzz_common.h"

#define FZ_TIME_LIMIT_S 1.0
#define FZ_MEM_LIMIT ((size_t)64 << 20)
/* Run a world model only when it is this small (steps, developers); a
 * larger one is loaded and checked but not run, to keep executions fast. */
#ifndef FZ_MAX_STEPS
#define FZ_MAX_STEPS 48
#endif
#ifndef FZ_MAX_DEVELOPERS
#define FZ_MAX_DEVELOPERS 400.0
#endif

static const char *scenario_path;
static int verbose; /* ACCORD_FUZZ_VERBOSE=1: print load and run errors (triage) */
static volatile size_t sink_bytes; /* what the sinks read, so ASan checks it */

static void on_log(void *ud, const char *msg)
{
    (void)ud;
    sink_bytes += strlen(msg);
}

static int on_ts_row(void *ud, const acc_ts_row *row)
{
    (void)ud;
    sink_bytes += (size_t)row->step;
    return ACC_OK;
}

static int on_event(void *ud, const acc_event *ev)
{
    (void)ud;
    (void)ev;
    sink_bytes++;
    return ACC_OK;
}

static int on_custom(void *ud, int step, double year, const char *name, double value)
{
    (void)ud;
    (void)step;
    (void)year;
    (void)value;
    sink_bytes += strlen(name);
    return ACC_OK;
}

static int on_table_begin(void *ud, const char *name, int ncols, const char *const *cols)
{
    (void)ud;
    sink_bytes += strlen(name);
    for (int i = 0; i < ncols; i++)
        sink_bytes += strlen(cols[i]);
    return ACC_OK;
}

static int on_table_row(void *ud, const double *cells, const char *const *text, int ncols)
{
    (void)ud;
    for (int i = 0; i < ncols; i++)
        sink_bytes += text[i] ? strlen(text[i]) : (size_t)isnan(cells[i]);
    return ACC_OK;
}

static int on_table_end(void *ud)
{
    (void)ud;
    return ACC_OK;
}

static int cheap_world(const acc_config *c)
{
    double steps = floor(c->years * c->steps_per_year + 0.5), devs = 0;
    for (int i = 0; i < c->n_pop; i++)
        devs += c->pop[i].count;
    for (int j = 0; j < c->n_jur; j++)
        devs += c->jur[j].startup_rate * c->years;
    return steps <= FZ_MAX_STEPS && devs <= FZ_MAX_DEVELOPERS;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_init_dir("scenario");
    /* the folder is also where require() looks after scripts/: a scenario
     * may require itself ("fuzz"), nothing else */
    scenario_path = fz_path("fuzz.lua");
    const char *v = getenv("ACCORD_FUZZ_VERBOSE");
    verbose = v && *v && strcmp(v, "0") != 0;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_write(scenario_path, data, size);
    acc_scenario_opts o;
    memset(&o, 0, sizeof o);
    o.path = scenario_path;
    o.scripts_dir = ACCORD_SOURCE_DIR "/scripts";
    o.seed = 1;
    o.run = 0;
    o.mem_limit_bytes = FZ_MEM_LIMIT;
    o.time_limit_s = FZ_TIME_LIMIT_S;
    o.log = on_log;
    o.stuck = fz_stuck;
    acc_scenario *s = NULL;
    char err[ACC_ERRLEN] = "";
    int rc = acc_scenario_load(&o, &s, err, sizeof err);
    if (rc) {
        if (s) {
            fprintf(stderr, "accord fuzz: load failed (%d) but returned a scenario\n", rc);
            abort();
        }
        sink_bytes += strlen(err);
        if (verbose)
            fprintf(stderr, "accord fuzz: load: %d: %s\n", rc, err);
        return 0;
    }
    /* what `accord check` and `accord params` show */
    sink_bytes += strlen(acc_scenario_name(s)) + strlen(acc_scenario_description(s)) +
                  strlen(acc_scenario_path(s)) + strlen(acc_scenario_sha256(s));
    for (int i = 0; i < acc_scenario_nparams(s); i++) {
        const acc_param_decl *d = acc_scenario_param(s, i);
        sink_bytes += strlen(d->name) + strlen(d->unit) + strlen(d->doc);
    }
    for (int i = 0; i < acc_scenario_nfield_sets(s); i++) {
        double v;
        sink_bytes += strlen(acc_scenario_field_set(s, i, &v));
    }
    sink_bytes += (size_t)(acc_scenario_npolicies(s) + acc_scenario_nevents(s) +
                           acc_scenario_has_rule(s));
    const acc_config *cfg = acc_scenario_config(s);
    int run = acc_scenario_is_function_model(s) || (cfg && cheap_world(cfg));
    if (verbose)
        fprintf(stderr, "accord fuzz: loaded %s%s\n",
                acc_scenario_is_function_model(s) ? "a function model" : "a world model",
                run ? "" : " (too big to run here)");
    if (run) {
        acc_run_sink sink = {{NULL, on_ts_row, on_event}, NULL,       on_custom,
                             on_table_begin,              on_table_row, on_table_end};
        for (int r = 0; r < 2; r++) {
            rc = acc_scenario_run(s, &sink, err, sizeof err);
            if (rc) {
                sink_bytes += strlen(err);
                if (verbose)
                    fprintf(stderr, "accord fuzz: run %d: %d: %s\n", r + 1, rc, err);
                break;
            }
            if (verbose)
                fprintf(stderr, "accord fuzz: run %d: ok, %d outcomes\n", r + 1,
                        acc_scenario_summary_count(s));
            for (int i = 0; i < acc_scenario_summary_count(s); i++)
                sink_bytes += strlen(acc_scenario_summary_name(s, i)) +
                              (size_t)isnan(acc_scenario_summary_value(s, i));
        }
    }
    acc_scenario_free(s);
    return 0;
}
