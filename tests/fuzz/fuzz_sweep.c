/* accord fuzzing — the sweep's own parsers: Lua sweep files (the
 * detection `accord sweep` runs on every file it is given, then loading),
 * the --vary syntax (sw_vary_parse: each line of the input is also tried as
 * a --vary text) and --shard (each line as "i/N"). Sweep files are
 * untrusted Lua, evaluated in the sandbox (64 MiB), here with a 1 s limit
 * per call and the stuck marker of fuzz_common.h.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "sweep/sweep.h"
#include "sweep/sweep_int.h"

#include "fuzz_common.h"

#define FZ_MAX_LINES 64
#define FZ_TIME_LIMIT_S 1.0

static const sw_file_opts file_opts = {FZ_TIME_LIMIT_S, fz_stuck, NULL};

static const char *sweep_path;
static volatile size_t sink_bytes;
static int verbose; /* ACCORD_FUZZ_VERBOSE=1: print what the parsers said (triage) */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_init_dir("sweep");
    sweep_path = fz_path("sweep.lua");
    const char *v = getenv("ACCORD_FUZZ_VERBOSE");
    verbose = v && *v && strcmp(v, "0") != 0;
    return 0;
}

static void check_vary(const sw_vary *v)
{
    sink_bytes += strlen(v->name) + sw_vary_grid_levels(v);
    for (size_t i = 0; i < v->n_values; i++)
        sink_bytes += v->values[i] == v->values[i];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[ACC_ERRLEN] = "";

    /* --vary and --shard texts: one per line */
    char *text = fz_strndup(data, size);
    char *save = NULL;
    int nlines = 0;
    for (char *line = strtok_r(text, "\n", &save); line && nlines < FZ_MAX_LINES;
         line = strtok_r(NULL, "\n", &save), nlines++) {
        sw_vary v;
        int vrc = sw_vary_parse(line, &v, err, sizeof err);
        if (verbose)
            fprintf(stderr, "accord fuzz: --vary '%s': %s\n", line, vrc ? err : "ok");
        if (vrc == ACC_OK) {
            check_vary(&v);
            sw_vary_clear(&v);
        } else {
            sink_bytes += strlen(err);
            if (v.values) {
                fprintf(stderr, "accord fuzz: sw_vary_parse failed but kept values\n");
                abort();
            }
        }
        uint64_t si, sn;
        if (acc_sweep_parse_shard(line, &si, &sn, err, sizeof err) == ACC_OK) {
            if (!(si < sn)) {
                fprintf(stderr, "accord fuzz: shard '%s' parsed as %llu/%llu\n", line,
                        (unsigned long long)si, (unsigned long long)sn);
                abort();
            }
        } else {
            sink_bytes += strlen(err);
        }
    }
    free(text);

    /* the whole input as a sweep file */
    fz_write(sweep_path, data, size);
    int is_sweep = sw_file_is_sweep(sweep_path, &file_opts);
    sw_file_spec spec;
    int rc = sw_file_load_with(sweep_path, &file_opts, &spec, err, sizeof err);
    if (verbose)
        fprintf(stderr, "accord fuzz: %s; load: %d: %s\n",
                is_sweep ? "a sweep file" : "not a sweep file", rc, rc ? err : "ok");
    if (rc == ACC_OK) {
        sink_bytes += strlen(spec.scenario) + strlen(spec.design);
        for (int i = 0; i < spec.nvary; i++)
            check_vary(&spec.vary[i]);
        for (int i = 0; i < spec.nsets; i++)
            sink_bytes += strlen(spec.sets[i]);
        for (int i = 0; i < spec.noutcomes; i++)
            sink_bytes += strlen(spec.outcomes[i]);
    } else {
        sink_bytes += strlen(err);
    }
    sw_file_spec_free(&spec);
    return 0;
}
