/* accord — the verbs that work on one scenario: run, check, params, fields.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/model.h"
#include "io/atomic.h"
#include "io/layout.h"
#include "base/numfmt.h"
#include "lua/scenario.h"
#include "sweep/rundir.h"

#define MAX_SETS 256

/* The watchdog saw a Lua call stuck inside C long past its time limit: the
 * only safe way out is to end the process. Output files are still temporary
 * (only complete files are ever renamed to their final names). */
static void on_stuck(void *ud, const char *msg)
{
    static const char pre[] = "accord: ";
    const char *scenario = ud;
    acc_atomic_remove_temps(); /* no .*.tmp.* files left in --out */
    /* The sandbox names the place when it knows it; else name the scenario. */
    int named = !scenario || strncmp(msg, "time limit of", 13) != 0;
    if (write(2, pre, sizeof pre - 1) < 0 ||
        (!named && (write(2, scenario, strlen(scenario)) < 0 || write(2, ": ", 2) < 0)) ||
        write(2, msg, strlen(msg)) < 0 || write(2, "\n", 1) < 0)
        _exit(ACC_EXIT_RUN);
    _exit(ACC_EXIT_RUN); /* the time limit: exit 1, also while loading */
}

/* SIGINT (Ctrl-C) and SIGTERM during `accord run` (acc_cli_signals_install):
 * the run polls the signal (acc_rundir_opts.interrupted) at its next step,
 * stops, and removes its temporary files from the main flow; a second signal
 * ends the process at once (its temporary files then stay until a later run
 * removes them). */

typedef struct common_args {
    const char *scenario;
    const char *out;
    uint64_t seed;
    uint64_t run; /* run index: a sweep's replication r uses run index r */
    const char *sets[MAX_SETS];
    int nsets;
    int quiet, help, csv, strict;
    double time_limit;
    long mem_mib;
} common_args;

/* Parse the options every scenario verb shares. Returns -1 on success, else
 * the exit code to return. */
static int parse_common(int argc, char **argv, common_args *a, const char *usage_text, int allow_out)
{
    memset(a, 0, sizeof *a);
    a->seed = 1;
    int operands = 0; /* after "--": every argument is an operand */
    const char *once[5] = {NULL}; /* --out, --seed, --run, --time-limit, --memory-limit */
    for (int i = 1; i < argc; i++) {
        const char *v = NULL, *opt = argv[i]; /* acc_cli_opt may step i past it */
        if (!operands && strcmp(argv[i], "--") == 0) {
            operands = 1;
            continue;
        }
        if (operands)
            goto operand;
        if (acc_cli_is_help(argv[i])) {
            fputs(usage_text, stdout);
            return ACC_EXIT_OK;
        } else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0) {
            a->quiet = 1;
        } else if (strcmp(argv[i], "--csv") == 0) {
            a->csv = 1;
        } else if (strcmp(argv[i], "--strict") == 0) {
            a->strict = 1;
        } else if (allow_out && acc_cli_opt(argc, argv, &i, "--out", &v)) {
            if (!v || !*v)
                goto missing;
            if (acc_cli_once("--out", &once[0], v))
                return ACC_EXIT_USAGE;
            a->out = v;
        } else if (acc_cli_opt(argc, argv, &i, "--seed", &v)) {
            if (acc_cli_once("--seed", &once[1], v))
                return ACC_EXIT_USAGE;
            if (!acc_cli_parse_u64(v, &a->seed) || a->seed > ACC_CLI_MAX_SEED) {
                acc_cli_error("--seed needs a whole number in [0, %llu], got '%s'",
                              ACC_CLI_MAX_SEED, v ? v : "");
                return ACC_EXIT_USAGE;
            }
        } else if (acc_cli_opt(argc, argv, &i, "--run", &v)) {
            if (acc_cli_once("--run", &once[2], v))
                return ACC_EXIT_USAGE;
            if (!acc_cli_parse_u64(v, &a->run) || a->run > ACC_CLI_MAX_SEED) {
                acc_cli_error("--run needs a whole number in [0, %llu], got '%s'",
                              ACC_CLI_MAX_SEED, v ? v : "");
                return ACC_EXIT_USAGE;
            }
        } else if (acc_cli_opt(argc, argv, &i, "--set", &v)) {
            if (!v)
                goto missing;
            if (a->nsets >= MAX_SETS) {
                acc_cli_error("at most %d --set options", MAX_SETS);
                return ACC_EXIT_USAGE;
            }
            a->sets[a->nsets++] = v;
        } else if (acc_cli_opt(argc, argv, &i, "--time-limit", &v)) {
            if (acc_cli_once("--time-limit", &once[3], v))
                return ACC_EXIT_USAGE;
            if (!acc_parse_decimal(v, &a->time_limit) || !(a->time_limit > 0 && a->time_limit <= 86400)) {
                acc_cli_error("--time-limit needs seconds in (0, 86400], got '%s'", v ? v : "");
                return ACC_EXIT_USAGE;
            }
        } else if (acc_cli_opt(argc, argv, &i, "--memory-limit", &v)) {
            if (acc_cli_once("--memory-limit", &once[4], v))
                return ACC_EXIT_USAGE;
            if (!acc_cli_parse_int(v, 1, 65536, &a->mem_mib)) {
                acc_cli_error("--memory-limit needs MiB in [1, 65536], got '%s'", v ? v : "");
                return ACC_EXIT_USAGE;
            }
        } else if (argv[i][0] == '-' && argv[i][1]) {
            acc_cli_error("unknown option '%s' (try accord %s --help)", argv[i], argv[0]);
            return ACC_EXIT_USAGE;
        } else {
        operand:
            if (a->scenario) {
                acc_cli_error("only one scenario file, got '%s' and '%s'", a->scenario, argv[i]);
                return ACC_EXIT_USAGE;
            }
            a->scenario = argv[i];
        }
        continue;
    missing:
        acc_cli_error("%.*s needs a value", (int)strcspn(opt, "="), opt);
        return ACC_EXIT_USAGE;
    }
    if (!a->scenario) {
        acc_cli_error("no scenario file given (try accord %s --help)", argv[0]);
        return ACC_EXIT_USAGE;
    }
    if (access(a->scenario, R_OK) != 0) {
        acc_cli_error("%s: cannot read the scenario file (%s)", a->scenario, strerror(errno));
        return ACC_EXIT_IO;
    }
    return -1;
}

static const char run_usage[] =
    "usage: accord run SCENARIO.lua [--out DIR] [--seed N] [--set name=value ...]\n"
    "                  [--events all|incidents|none] [--quiet]\n"
    "\n"
    "Runs the scenario once and writes (each file under a temporary name, renamed when\n"
    "complete; a run that fails once started keeps what it wrote up to the failure, with\n"
    "manifest.json \"status\": \"failed\" and no summary.csv, and exits 1):\n"
    "  DIR/timeseries.csv  one row per step and jurisdiction, plus 'all'\n"
    "  DIR/events.csv      applications, certifications, audits, fines, entries, exits,\n"
    "                      bankruptcies, vulnerabilities, incidents ...\n"
    "  DIR/summary.csv     one row: parameters and outcomes of the run\n"
    "  DIR/custom.csv      metrics the scenario records with world:record (if any;\n"
    "                      their units and docs: manifest.json \"metrics\")\n"
    "  DIR/table_*.csv     tables of a function-model scenario (if any)\n"
    "  DIR/log.txt         lines the scripts print or world:log (if any)\n"
    "  DIR/manifest.json   versions, scenario SHA-256, every parameter, seed, times\n"
    "\n"
    "options:\n"
    "  --out DIR            output directory (default: results/<scenario name>/)\n"
    "  --seed N             random seed, 0 to 2^63-1 (default 1); same seed, same output\n"
    "  --run R              run index (default 0): replication R of a sweep with the same\n"
    "                       seed and --set values reproduces that sweep run exactly\n"
    "  --set name=value     override a declared parameter (see accord params), or a model\n"
    "                       field such as risk.base_hazard=0.2 or eu.stringency=0.8\n"
    "  --time-limit S       wall-clock limit of each Lua call, seconds (default 60)\n"
    "  --memory-limit MIB   Lua memory cap (default 256)\n"
    "  --strict             treat warnings as errors (exit 2): values outside their typical\n"
    "                       range (accord fields), months that round to other steps, ...\n"
    "  --events WHICH       which events go to events.csv (default all): all; incidents\n"
    "                       (vulnerability, incident, awareness and patch events only);\n"
    "                       none (events.csv holds only its header). The manifest records\n"
    "                       a value other than all. Events stream to the file as they\n"
    "                       happen; filtered ones cost neither memory nor disk\n"
    "  --plot               then draw the run's figures beside the CSVs (accord plot)\n"
    "  --quiet              print nothing but errors (warnings still go to log.txt and\n"
    "                       the manifest)\n"
    "\n"
    "Ctrl-C (SIGINT) or SIGTERM stops the run at its next step (a Lua call under way is\n"
    "cut short within a second): it writes nothing more, removes its unfinished files and\n"
    "exits 130 (a second one ends it at once). Temporary\n"
    "files that killed runs left in DIR (.NAME.tmp.<pid>.<hex>) are removed by the next run.\n"
    "\n"
    "Warnings (\"warning: FILE:LINE: growth = 25 is far outside its typical range ...\")\n"
    "go to stderr, log.txt and the manifest; the run goes on (exit 0) unless --strict.\n";

static void default_out(const char *scenario, char *buf, size_t n)
{
    const char *base = strrchr(scenario, '/');
    base = base ? base + 1 : scenario;
    size_t len = strlen(base);
    if (len > 4 && strcmp(base + len - 4, ".lua") == 0)
        len -= 4;
    snprintf(buf, n, "results/%.*s", (int)len, base);
}

int acc_cmd_run(int argc, char **argv)
{
    /* --plot and --events are run's own options: take them out before the
     * shared parser. */
    int plot = 0, kept = 0, events = ACC_RUNDIR_EVENTS_ALL, operands = 0;
    const char *events_given = NULL;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        operands |= strcmp(argv[i], "--") == 0; /* the rest are operands: keep them */
        if (operands) {
            argv[kept++] = argv[i];
        } else if (i > 0 && strcmp(argv[i], "--plot") == 0) {
            plot = 1;
        } else if (i > 0 && acc_cli_opt(argc, argv, &i, "--events", &v)) {
            if (!v) {
                acc_cli_error("--events needs a value: " ACC_RUNDIR_EVENTS_VALUES);
                return ACC_EXIT_USAGE;
            }
            if (acc_cli_once("--events", &events_given, v))
                return ACC_EXIT_USAGE;
            if ((events = acc_rundir_events_parse(v)) < 0) {
                acc_cli_error("--events needs one of " ACC_RUNDIR_EVENTS_VALUES ", got '%s'", v);
                return ACC_EXIT_USAGE;
            }
        } else {
            argv[kept++] = argv[i];
        }
    }
    argc = kept;
    common_args a;
    int ex = parse_common(argc, argv, &a, run_usage, 1);
    if (ex >= 0)
        return ex;
    char outbuf[1024];
    if (!a.out) {
        default_out(a.scenario, outbuf, sizeof outbuf);
        a.out = outbuf;
    }
    acc_rundir_opts o;
    memset(&o, 0, sizeof o);
    o.scenario = a.scenario;
    o.outdir = a.out;
    o.seed = a.seed;
    o.run = a.run;
    o.sets = a.sets;
    o.n_sets = a.nsets;
    o.time_limit_s = a.time_limit;
    o.mem_limit_bytes = (size_t)a.mem_mib << 20;
    o.progress = !a.quiet && isatty(2);
    o.quiet = a.quiet;
    o.command_line = acc_cli_command_line();
    o.stuck = on_stuck;
    o.stuck_ud = (void *)a.scenario;
    o.strict = a.strict;
    o.events = events;
    o.interrupted = acc_cli_signal;
    o.sources = 1; /* where it ran and the modules it loaded (docs/outputs.md) */
    acc_rundir_result r;
    char err[4096];
    acc_cli_signals_install();
    int rc = acc_rundir(&o, &r, err, sizeof err);
    acc_cli_signals_restore();
    if (rc == ACC_EINTR) { /* exit 130, as a sweep stopped by a signal */
        acc_cli_error("%s", err);
        return ACC_EXIT_INTERRUPTED;
    }
    if (rc) {
        acc_cli_error("%s", err);
        if (r.partial)
            fprintf(stderr,
                    "accord: the run failed: what it wrote up to the failure is in %s/ "
                    "(manifest.json \"status\": \"failed\"; no summary.csv)\n",
                    a.out);
        return acc_cli_exit_code(rc, r.load_failed);
    }
    if (!a.quiet && r.function_model)
        printf("accord: %s: function model, %d outcomes in %.2f s -> %s/\n", a.scenario,
               r.noutcomes, r.wall_s, r.outdir);
    else if (!a.quiet && events != ACC_RUNDIR_EVENTS_ALL)
        printf("accord: %s: %d steps, %lld events written (--events %s; %lld not written) in "
               "%.2f s -> %s/\n",
               a.scenario, r.nsteps, r.nevents, acc_rundir_events_name(events), r.nevents_filtered,
               r.wall_s, r.outdir);
    else if (!a.quiet)
        printf("accord: %s: %d steps, %lld events in %.2f s -> %s/\n", a.scenario, r.nsteps,
               r.nevents, r.wall_s, r.outdir);
    if (plot && !acc_cli_signal()) /* a signal as the run was finishing: no figures */
        return acc_cli_plot_after_run(r.outdir, a.quiet);
    return ACC_EXIT_OK;
}

static int load(const common_args *a, acc_scenario **s)
{
    acc_scenario_opts so;
    memset(&so, 0, sizeof so);
    so.path = a->scenario;
    so.sets = a->sets;
    so.n_sets = a->nsets;
    so.seed = a->seed;
    so.time_limit_s = a->time_limit;
    so.mem_limit_bytes = (size_t)a->mem_mib << 20;
    so.stuck = on_stuck;
    so.stuck_ud = (void *)a->scenario;
    so.strict = a->strict; /* warnings (stderr) become errors: exit 2 */
    char err[4096];
    int rc = acc_scenario_load(&so, s, err, sizeof err);
    if (rc) {
        acc_cli_error("%s", err);
        return acc_cli_exit_code(rc, 1);
    }
    return -1;
}

static const char check_usage[] =
    "usage: accord check SCENARIO.lua [--set name=value ...] [--strict] [--time-limit S] [--memory-limit MIB]\n"
    "\n"
    "Loads and validates the scenario without running it, and prints what it contains.\n"
    "Exit 0 if it is valid, 2 with file:line and the problem if not, 1 if a script hits the\n"
    "time or memory limit. Values outside their typical range (accord fields) and months\n"
    "that round to other steps give warnings on stderr (\"warning: FILE:LINE: ...\"); with\n"
    "--strict the first one is an error (exit 2).\n";

int acc_cmd_check(int argc, char **argv)
{
    common_args a;
    int ex = parse_common(argc, argv, &a, check_usage, 0);
    if (ex >= 0)
        return ex;
    acc_scenario *s;
    if ((ex = load(&a, &s)) >= 0)
        return ex;
    printf("%s: ok — scenario '%s'\n", a.scenario, acc_scenario_name(s));
    const char *d = acc_scenario_description(s);
    if (d[0]) {
        const char *nl = strchr(d, '\n');
        char line[512];
        snprintf(line, sizeof line, "%.*s", nl ? (int)(nl - d) : (int)strlen(d), d);
        fputs("  ", stdout);
        acc_fputs_printable(line, stdout);
        fputc('\n', stdout);
    }
    if (acc_scenario_is_function_model(s)) {
        printf("  a function model (pure Lua): outcomes come from model()\n");
    } else {
        const acc_config *c = acc_scenario_config(s);
        printf("  horizon %g years, %g steps/year\n", c->years, c->steps_per_year);
        printf("  %d jurisdiction%s:\n", c->n_jur, c->n_jur == 1 ? "" : "s");
        for (int j = 0; j < c->n_jur; j++) {
            const acc_jur_cfg *jc = &c->jur[j];
            char jname[64];
            snprintf(jname, sizeof jname, "%s", jc->name);
            for (char *q = jname; *q; q++)
                if ((unsigned char)*q < 0x20 || *q == 0x7f)
                    *q = '?';
            printf("    %-6s %-28s market %8g M$/yr  %s  stringency %.2f  certification %g M$", jc->id, jname,
                   jc->market, jc->binding ? "binding    " : "non-binding", jc->stringency, jc->cert_cost);
            if (jc->setup_cost > 0)
                printf(" + set-up %g M$", jc->setup_cost);
            if (jc->binding && jc->regulated_share < 1)
                printf("  regulated share %g", jc->regulated_share);
            putchar('\n');
        }
        long total[ACC_NKINDS] = {0};
        for (int p = 0; p < c->n_pop; p++)
            total[c->pop[p].kind] += c->pop[p].count;
        printf("  developers: %ld incumbents, %ld startups, %ld open-source labs\n",
               total[ACC_INCUMBENT], total[ACC_STARTUP], total[ACC_OPEN_SOURCE]);
        printf("  harmonization: %d recognition%s, %d bloc%s, %d sharing link%s\n", c->n_recog,
               c->n_recog == 1 ? "" : "s", c->n_blocs, c->n_blocs == 1 ? "" : "s", c->n_links,
               c->n_links == 1 ? "" : "s");
        int np = acc_scenario_npolicies(s), ne = acc_scenario_nevents(s);
        printf("  scripts: %d polic%s, %d event%s%s%s%s\n", np, np == 1 ? "y" : "ies", ne,
               ne == 1 ? "" : "s", acc_scenario_has_rule(s) ? ", a custom developer rule" : "",
               acc_scenario_has_hook(s, "on_step_end") ? ", an on_step_end hook" : "",
               acc_scenario_has_hook(s, "on_incident") ? ", an on_incident hook" : "");
    }
    int npar = acc_scenario_nparams(s);
    printf("  %d declared parameter%s (accord params %s)\n", npar, npar == 1 ? "" : "s", a.scenario);
    int nw = acc_scenario_nwarnings(s);
    if (nw)
        printf("  %d warning%s (on stderr; --strict makes them errors)\n", nw, nw == 1 ? "" : "s");
    acc_scenario_free(s);
    return ACC_EXIT_OK;
}

static const char params_usage[] =
    "usage: accord params SCENARIO.lua [--csv] [--set name=value ...] [--time-limit S] [--memory-limit MIB]\n"
    "\n"
    "Lists the parameters the scenario declares with param{...}: name, default, range,\n"
    "unit and description. These are the knobs that --set and sweeps vary.\n";

static void put_csv_field(const char *s)
{
    if (strpbrk(s, ",\"\n\r")) {
        putchar('"');
        for (; *s; s++) {
            if (*s == '"')
                putchar('"');
            putchar(*s);
        }
        putchar('"');
    } else {
        fputs(s, stdout);
    }
}

int acc_cmd_params(int argc, char **argv)
{
    common_args a;
    int ex = parse_common(argc, argv, &a, params_usage, 0);
    if (ex >= 0)
        return ex;
    acc_scenario *s;
    if ((ex = load(&a, &s)) >= 0)
        return ex;
    int n = acc_scenario_nparams(s);
    if (a.csv) {
        printf("name,default,min,max,unit,integer,doc\n");
        for (int i = 0; i < n; i++) {
            const acc_param_decl *p = acc_scenario_param(s, i);
            char d[ACC_IO_NUMBUF], lo[ACC_IO_NUMBUF], hi[ACC_IO_NUMBUF];
            acc_io_fmt_double(d, p->def);
            acc_io_fmt_double(lo, p->lo);
            acc_io_fmt_double(hi, p->hi);
            printf("%s,%s,%s,%s,", p->name, d, lo, hi);
            put_csv_field(p->unit);
            printf(",%s,", p->integer ? "true" : "false");
            put_csv_field(p->doc);
            putchar('\n');
        }
    } else if (n == 0) {
        printf("%s declares no parameters (declare one with param{name=, default=, min=, max=, "
               "unit=, doc=})\n",
               a.scenario);
    } else {
        printf("%-24s %12s  %-25s %-12s %s\n", "name", "default", "range", "unit", "description");
        for (int i = 0; i < n; i++) {
            const acc_param_decl *p = acc_scenario_param(s, i);
            char range[64];
            snprintf(range, sizeof range, "[%g, %g]%s", p->lo, p->hi, p->integer ? " int" : "");
            printf("%-24s %12g  %-25s %-12s ", p->name, p->def, range, p->unit);
            acc_fputs_printable(p->doc, stdout);
            fputc('\n', stdout);
        }
    }
    acc_scenario_free(s);
    return ACC_EXIT_OK;
}

static const char fields_usage[] =
    "usage: accord fields [--csv] [--jurisdiction ID | --presets]\n"
    "\n"
    "Lists every model field a scenario can set: scenario-wide fields (set at the top level\n"
    "or in groups such as risk = { base_hazard = 0.2 }), jurisdiction fields (inside\n"
    "jurisdiction{...}) and population fields (inside population{...}, besides the\n"
    "distributions), each with its default, the default's source, valid range (outside it:\n"
    "an error), typical range (outside it: a warning), unit and description. --csv adds why\n"
    "each typical range is what it is, and the default's basis and source.\n"
    "\n"
    "The defaults are the calibrated world of data/: scenario-wide fields take\n"
    "data/world.csv's values; a jurisdiction takes the preset of its id in data/regimes.csv\n"
    "(eu, us, jp, uk, cn, kr, sg), any other id the generic preset. The source is a source\n"
    "id of data/sources.csv (S04, S01;S02) or 'assumption'.\n"
    "\n"
    "  --jurisdiction ID   jurisdiction defaults of ID's preset (default: the generic one)\n"
    "  --presets           only the jurisdiction fields, one column of defaults per preset\n";

/* The source column: the source ids, or "assumption" for basis assumption. */
static const char *source_label(const char *basis, const char *source)
{
    return strcmp(basis, "assumption") == 0 ? "assumption" : source;
}

/* A population field's default: the kinds' (data/kinds.csv) when they
 * agree, else NaN with source "by kind". */
static void pop_default(const char *name, double *def, const char **basis, const char **source)
{
    for (int k = 0; k < ACC_NKINDS; k++) {
        double v;
        const char *b, *s;
        acc_pop_default(k, name, &v, &b, &s);
        if (k == 0) {
            *def = v, *basis = b, *source = s;
        } else if (!(v == *def)) {
            *def = NAN, *basis = "by kind", *source = "by kind";
            return;
        }
    }
}

/* accord fields --presets: jurisdiction fields x presets. */
static int fields_presets(int csv)
{
    int n, np = acc_preset_count();
    const acc_field *f = acc_jur_fields(&n);
    if (csv) {
        printf("name");
        for (int p = 0; p < np; p++)
            printf(",%s", acc_preset_id(p));
        printf(",unit\n");
    } else {
        printf("jurisdiction defaults per preset (data/regimes.csv; an id without a preset takes 'generic'):\n\n");
        printf("  %-20s", "name");
        for (int p = 0; p < np; p++)
            printf(" %9s", acc_preset_id(p));
        printf("  unit\n");
    }
    for (int i = 0; i < n; i++) {
        if (csv)
            printf("%s", f[i].name);
        else
            printf("  %-20s", f[i].name);
        for (int p = 0; p < np; p++) {
            double v;
            acc_jur_default(acc_preset_id(p), f[i].name, &v, NULL, NULL);
            char d[ACC_IO_NUMBUF];
            if (!csv && f[i].kind == ACC_FK_BOOL) /* a switch as a scenario writes it (the CSV keeps 1/0) */
                snprintf(d, sizeof d, "%s", v != 0 ? "true" : "false");
            else
                acc_io_fmt_double(d, v);
            if (csv)
                printf(",%s", d);
            else
                printf(" %9s", d);
        }
        if (csv) {
            putchar(',');
            put_csv_field(f[i].unit);
            putchar('\n');
        } else {
            printf("  %s\n", f[i].unit);
        }
    }
    return ACC_EXIT_OK;
}

int acc_cmd_fields(int argc, char **argv)
{
    int csv = 0, presets = 0;
    const char *jid = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0 && i + 1 == argc) { /* end of options: nothing follows */
            break;
        } else if (acc_cli_is_help(argv[i])) {
            fputs(fields_usage, stdout);
            return ACC_EXIT_OK;
        } else if (strcmp(argv[i], "--csv") == 0) {
            csv = 1;
        } else if (strcmp(argv[i], "--presets") == 0) {
            presets = 1;
        } else if (strcmp(argv[i], "--jurisdiction") == 0) {
            if (i + 1 >= argc) {
                acc_cli_error("--jurisdiction needs an id (try accord fields --help)");
                return ACC_EXIT_USAGE;
            }
            jid = argv[++i];
        } else {
            acc_cli_error("unknown argument '%s' (try accord fields --help)", argv[i]);
            return ACC_EXIT_USAGE;
        }
    }
    if (presets && jid) {
        acc_cli_error("--presets and --jurisdiction exclude each other");
        return ACC_EXIT_USAGE;
    }
    if (presets)
        return fields_presets(csv);
    if (jid) { /* an id a scenario could give (a typo such as 'EU' would show the generic preset) */
        int ok = *jid && strlen(jid) < ACC_ID_LEN;
        for (const char *p = jid; ok && *p; p++)
            ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_';
        if (!ok) {
            acc_cli_error("--jurisdiction '%s': a jurisdiction id is lowercase letters, digits or _ "
                          "(shorter than %d characters), as in a scenario: e.g. eu",
                          jid, ACC_ID_LEN);
            return ACC_EXIT_USAGE;
        }
    }
    const char *preset = acc_preset_exists(jid) ? jid : ACC_GENERIC_PRESET;
    for (int t = 0; t < 3; t++) {
        int n;
        const acc_field *f = t == 0 ? acc_config_fields(&n) : t == 1 ? acc_jur_fields(&n) : acc_pop_fields(&n);
        if (csv && t == 0)
            printf("scope,name,default,range,typical,unit,doc,typical_why,basis,source\n");
        if (!csv && t == 0)
            printf("  %-26s %10s %-11s %-14s %-14s %-22s %s\n\n", "name", "default", "source", "range", "typical",
                   "unit", "description");
        if (!csv && t == 1)
            printf("\njurisdiction fields (defaults of the preset '%s' of data/regimes.csv%s%s%s):\n", preset,
                   jid && !acc_preset_exists(jid) ? ", which id '" : "", jid && !acc_preset_exists(jid) ? jid : "",
                   jid && !acc_preset_exists(jid) ? "' takes" : "");
        else if (!csv)
            printf("%s\n", t == 0 ? "scenario-wide fields (defaults of data/world.csv):"
                                   : "\npopulation fields (besides the distributions; defaults of data/kinds.csv):");
        for (int i = 0; i < n; i++) {
            double def = f[i].def;
            const char *basis = "assumption", *source = "A";
            if (t == 0)
                acc_config_default(f[i].name, &def, &basis, &source);
            else if (t == 1)
                acc_jur_default(preset, f[i].name, &def, &basis, &source);
            else
                pop_default(f[i].name, &def, &basis, &source);
            char range[80], typ[80] = "-";
            acc_field_range_str(&f[i], range, sizeof range);
            const acc_typical *ty = acc_typical_find(f[i].name);
            if (ty)
                acc_typical_range_str(ty, typ, sizeof typ);
            if (csv) {
                char d[ACC_IO_NUMBUF];
                acc_io_fmt_double(d, def);
                printf("%s,%s,%s,", t == 0 ? "scenario" : t == 1 ? "jurisdiction" : "population", f[i].name, d);
                put_csv_field(range);
                putchar(',');
                put_csv_field(typ);
                putchar(',');
                put_csv_field(f[i].unit);
                putchar(',');
                put_csv_field(f[i].doc);
                putchar(',');
                put_csv_field(ty ? ty->why : "");
                putchar(',');
                put_csv_field(basis);
                putchar(',');
                put_csv_field(source);
                putchar('\n');
            } else if (t == 2 && isnan(def)) { /* differs by kind: name each kind's default */
                char kinds[160] = "";
                size_t len = 0;
                for (int k = 0; k < ACC_NKINDS && len < sizeof kinds; k++) {
                    double v;
                    acc_pop_default(k, f[i].name, &v, NULL, NULL);
                    len += (size_t)snprintf(kinds + len, sizeof kinds - len, "%s%s %g", k ? ", " : "",
                                            acc_kind_name(k), v);
                }
                printf("  %-26s %10s %-11s %-14s %-14s %-22s %s (defaults: %s)\n", f[i].name, "by kind", "data",
                       range, typ, f[i].unit, f[i].doc, kinds);
            } else {
                char d[ACC_IO_NUMBUF];
                if (f[i].kind == ACC_FK_BOOL) /* a switch as a scenario writes it (the CSV keeps 1/0) */
                    snprintf(d, sizeof d, "%s", def != 0 ? "true" : "false");
                else
                    snprintf(d, sizeof d, "%g", def);
                printf("  %-26s %10s %-11s %-14s %-14s %-22s %s\n", f[i].name, d, source_label(basis, source), range,
                       typ, f[i].unit, f[i].doc);
            }
        }
    }
    /* distributions and counts of population{...}: typical ranges only (their
     * defaults and valid ranges depend on the kind: docs/scripting.md) */
    int nt;
    const acc_typical *ty = acc_typical_table(&nt);
    if (!csv)
        printf("\npopulation distributions and counts (typical range of each end; defaults by kind):\n");
    for (int i = 0; i < nt; i++) {
        if (strncmp(ty[i].name, "population.", 11) != 0)
            continue;
        char typ[80];
        acc_typical_range_str(&ty[i], typ, sizeof typ);
        if (csv) {
            printf("population,%s,,,", ty[i].name + 11);
            put_csv_field(typ);
            putchar(',');
            put_csv_field(ty[i].unit);
            printf(",,");
            put_csv_field(ty[i].why);
            printf(",assumption,A\n");
        } else {
            printf("  %-26s %10s %-11s %-14s %-14s %-22s %s\n", ty[i].name + 11, "-", "assumption", "-", typ,
                   ty[i].unit, ty[i].why);
        }
    }
    return ACC_EXIT_OK;
}
