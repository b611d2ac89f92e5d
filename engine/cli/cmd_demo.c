/* accord — `accord demo`: a guided workshop walk-through in the terminal
 * that runs the shipped scenarios, compares each policy with the same world
 * without it, narrates the differences with numbers read from the outputs,
 * draws text figures and writes reports.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "base/readfile.h"
#include "base/common.h"
#include "base/datadir.h"
#include "io/csv.h"
#include "io/gnuplot.h"
#include "io/layout.h"
#include "lua/scenario.h"
#include "report/compare.h"
#include "report/plot.h"
#include "report/report.h"
#include "sweep/rundir.h"

/* ---- accord demo ------------------------------------------------------------------ */

static const char demo_usage[] =
    "usage: accord demo [--out DIR] [--pause] [--years N] [--no-plots]\n"
    "\n"
    "A guided tour for a workshop, in the terminal, offline, in well under a minute:\n"
    "runs today's fragmented world (scenarios/baseline.lua), then three policies, each\n"
    "against the same world without it (same seed): UK-Japan mutual recognition and\n"
    "sharing (uk_japan_bridge.lua), a common standard for three binding markets\n"
    "(common_standard.lua), and a geopolitical shock that cuts the US-EU sharing link\n"
    "(geopolitical_shock.lua). It says what changed and why with numbers read from the\n"
    "outputs, draws text figures and writes an HTML report of each comparison.\n"
    "Scenarios missing from an installation are skipped with a note. Scenarios are\n"
    "looked up in ./scenarios, the installation's share/accord/scenarios or the source\n"
    "tree, or only in $ACCORD_SCENARIOS when it is set.\n"
    "\n"
    "options:\n"
    "  --out DIR    where the runs, comparisons and reports go (default results/demo)\n"
    "  --pause      wait for Enter between steps, so the presenter can talk\n"
    "  --years N    horizon of every run (default: each scenario's own, 8 or 10 years)\n"
    "  --no-plots   skip the terminal figures\n";

typedef struct demo {
    const char *out;
    int pause, plots, years;
    int step, nsteps;
    int gnuplot;
    int fail_exit; /* exit code of the last failed run (1 run, 2 usage, 3 I/O) */
    int write_failed; /* ... and it could not write its output folder */
    char scen_dir[4096];
    const char *prog; /* how this program was called (argv[0]), for the commands it suggests */
} demo;

/* Print a paragraph wrapped at 78 columns, with an indent. */
static void say(const char *indent, const char *text)
{
    const int width = 78;
    int col = 0;
    const char *p = text;
    while (*p) {
        if (*p == '\n') {
            putchar('\n');
            col = 0;
            p++;
            continue;
        }
        size_t w = strcspn(p, " \n");
        if (col > 0 && col + 1 + (int)w > width) {
            putchar('\n');
            col = 0;
        }
        if (col == 0) {
            fputs(indent, stdout);
            col = (int)strlen(indent);
        } else {
            putchar(' ');
            col++;
        }
        fwrite(p, 1, w, stdout);
        col += (int)w;
        p += w;
        while (*p == ' ')
            p++;
    }
    if (col)
        putchar('\n');
    fflush(stdout);
}

static void sayf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sayf(const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    say("  ", buf);
}

static void heading(demo *d, const char *title)
{
    d->step++;
    printf("\n== Step %d of %d: %s ", d->step, d->nsteps, title);
    int used = 16 + (int)strlen(title);
    for (int i = used; i < 78; i++)
        putchar('=');
    printf("\n\n");
    fflush(stdout);
}

static void pause_here(const demo *d)
{
    if (!d->pause)
        return;
    printf("\n  [press Enter to continue] ");
    fflush(stdout);
    int ch;
    while ((ch = getchar()) != EOF && ch != '\n')
        ;
}

/* The shipped scenario `name` in the scenarios directory (base/datadir.h):
 * $ACCORD_SCENARIOS if set (only there), else ./scenarios (paths kept short
 * in messages), the installation's share/accord/scenarios or, for a binary
 * that was not installed, the source tree's. */
static int find_scenario(const char *name, char *out, size_t n)
{
    char dir[4096];
    struct stat st;
    return acc_data_dir("scenarios", dir, sizeof dir) &&
           snprintf(out, n, "%s/%s.lua", dir, name) < (int)n && stat(out, &st) == 0 &&
           S_ISREG(st.st_mode);
}

/* Declared parameter names of a scenario (to pass only overrides it knows). */
static int declares(const char *path, const char *param)
{
    acc_scenario_opts so;
    memset(&so, 0, sizeof so);
    so.path = path;
    acc_scenario *s;
    char err[1024];
    if (acc_scenario_load(&so, &s, err, sizeof err))
        return 0;
    int found = 0;
    for (int i = 0; i < acc_scenario_nparams(s) && !found; i++)
        found = strcmp(acc_scenario_param(s, i)->name, param) == 0;
    acc_scenario_free(s);
    return found;
}

/* Run a shipped scenario into OUT/<outname> (with --years if given). Returns
 * 0, 1 if the scenario is not installed, -1 if the run failed. */
static int demo_run(demo *d, const char *name, const char *outname, const char *const *extra,
                    int nextra, char *dir, size_t dirn)
{
    char path[4096];
    if (!find_scenario(name, path, sizeof path)) {
        sayf("(scenarios/%s.lua is not in this installation: this part is skipped)", name);
        return 1;
    }
    snprintf(dir, dirn, "%s/%s", d->out, outname);
    const char *sets[8];
    int ns = 0;
    char years[64];
    if (d->years > 0 && declares(path, "years")) {
        snprintf(years, sizeof years, "years=%d", d->years);
        sets[ns++] = years;
    }
    for (int i = 0; i < nextra && ns < 8; i++)
        sets[ns++] = extra[i];
    acc_rundir_opts o;
    memset(&o, 0, sizeof o);
    o.scenario = path;
    o.outdir = dir;
    o.seed = 1;
    o.sets = sets;
    o.n_sets = ns;
    o.progress = isatty(2);
    o.command_line = acc_cli_command_line();
    acc_rundir_result r;
    char err[4096];
    printf("  $ accord run %s --out %s", path, dir);
    for (int i = 0; i < ns; i++)
        printf(" --set %s", sets[i]);
    printf("\n");
    fflush(stdout);
    int rc = acc_rundir(&o, &r, err, sizeof err);
    if (rc) {
        acc_cli_error("%s", err);
        d->fail_exit = acc_cli_exit_code(rc, r.load_failed);
        d->write_failed = rc == ACC_EIO && !r.load_failed;
        return -1;
    }
    return 0;
}

/* dir/name read as a CSV table, or NULL: the demo then says less. */
static acc_csv_table *run_csv(const char *dir, const char *name)
{
    char path[4400], err[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    acc_csv_table *t;
    return acc_csv_read_file(path, &t, err, sizeof err) ? NULL : t;
}

/* A number from a run's timeseries.csv: column `col` of jurisdiction `jur`
 * at the last step, or (sum = 1) summed over all steps. */
static double ts_value(const char *dir, const char *jur, const char *col, int sum)
{
    acc_csv_table *t = run_csv(dir, ACC_FILE_TIMESERIES);
    if (!t)
        return NAN;
    size_t jc, vc;
    double v = NAN, total = 0;
    if (acc_csv_col(t, "jurisdiction", &jc, NULL, 0) == ACC_OK &&
        acc_csv_col(t, col, &vc, NULL, 0) == ACC_OK) {
        for (size_t r = acc_csv_nrows(t); r-- > 0;) {
            if (strcmp(acc_csv_cell(t, r, jc), jur) != 0)
                continue;
            double x = NAN;
            acc_csv_number(t, r, vc, &x, NULL, 0);
            if (!sum) {
                v = x;
                break;
            }
            if (isfinite(x))
                total += x;
            v = total;
        }
    }
    acc_csv_table_free(t);
    return v;
}

/* The last value a scenario recorded for `metric` in custom.csv. */
static double custom_last(const char *dir, const char *metric)
{
    acc_csv_table *t = run_csv(dir, ACC_FILE_CUSTOM);
    if (!t)
        return NAN;
    size_t mc, vc;
    double v = NAN;
    if (acc_csv_col(t, "metric", &mc, NULL, 0) == ACC_OK &&
        acc_csv_col(t, "value", &vc, NULL, 0) == ACC_OK) {
        for (size_t r = acc_csv_nrows(t); r-- > 0;)
            if (strcmp(acc_csv_cell(t, r, mc), metric) == 0) {
                acc_csv_number(t, r, vc, &v, NULL, 0);
                break;
            }
    }
    acc_csv_table_free(t);
    return v;
}

/* An outcome of a run's summary.csv (NaN if absent). */
static double summary_value(const char *dir, const char *name)
{
    acc_csv_table *t = run_csv(dir, ACC_FILE_SUMMARY);
    if (!t)
        return NAN;
    size_t c;
    double v = NAN;
    if (acc_csv_nrows(t) > 0 && acc_csv_col(t, name, &c, NULL, 0) == ACC_OK)
        acc_csv_number(t, 0, c, &v, NULL, 0);
    acc_csv_table_free(t);
    return v;
}

/* The jurisdiction ids of a run, in file order ("all" excluded). */
static int jurisdictions(const char *dir, char ids[][32], int max)
{
    acc_csv_table *t = run_csv(dir, ACC_FILE_TIMESERIES);
    if (!t)
        return 0;
    size_t jc;
    int n = 0;
    if (acc_csv_col(t, "jurisdiction", &jc, NULL, 0) == ACC_OK) {
        for (size_t r = 0; r < acc_csv_nrows(t) && n < max; r++) {
            const char *j = acc_csv_cell(t, r, jc);
            int dup = strcmp(j, "all") == 0 || strlen(j) >= 32;
            for (int i = 0; i < n && !dup; i++)
                dup = strcmp(ids[i], j) == 0;
            if (!dup)
                strcpy(ids[n++], j);
        }
    }
    acc_csv_table_free(t);
    return n;
}

static void fmt(char *buf, size_t n, double x)
{
    if (isnan(x))
        snprintf(buf, n, "n/a");
    else if (fabs(x) >= 100 || (x == floor(x) && fabs(x) < 1e15))
        snprintf(buf, n, "%.0f", x);
    else if (fabs(x) >= 10)
        snprintf(buf, n, "%.1f", x);
    else
        snprintf(buf, n, "%.3g", x);
}

/* "rose from 12.0 to 15.3 (+27%)" / "fell ..." / "stayed at ..." */
static void change(char *buf, size_t n, double from, double to, const char *unit)
{
    char a[32], b[32];
    fmt(a, sizeof a, from);
    fmt(b, sizeof b, to);
    if (isnan(from) || isnan(to))
        snprintf(buf, n, "could not be read");
    else if (strcmp(a, b) == 0)
        snprintf(buf, n, "stayed at %s%s", a, unit);
    else if (from != 0 && fabs(to - from) < 0.1 * fabs(from))
        snprintf(buf, n, "%s from %s%s to %s%s (%+.1f%%)", to > from ? "rose" : "fell", a, unit,
                 b, unit, 100 * (to - from) / fabs(from));
    else if (from != 0)
        snprintf(buf, n, "%s from %s%s to %s%s (%+.0f%%)", to > from ? "rose" : "fell", a, unit,
                 b, unit, 100 * (to - from) / fabs(from));
    else
        snprintf(buf, n, "%s from %s%s to %s%s", to > from ? "rose" : "fell", a, unit, b, unit);
}

static int draw_term(const demo *d, const char *dir, const char *figure)
{
    if (!d->plots || !d->gnuplot)
        return 0;
    acc_plot_opts o;
    memset(&o, 0, sizeof o);
    o.term = stdout;
    o.only = figure;
    acc_plot_result *r = calloc(1, sizeof *r);
    char err[2048];
    if (!r)
        return -1;
    printf("\n");
    int rc = acc_plot_dir(dir, &o, r, err, sizeof err);
    free(r);
    if (rc)
        acc_cli_error("%s", err);
    return rc;
}

static void demo_report(const demo *d, const char *dir, char *written, size_t n)
{
    char err[4096];
    acc_report_opts o;
    memset(&o, 0, sizeof o);
    o.dir = dir;
    acc_report_result r;
    int rc = acc_report_write(&o, &r, err, sizeof err);
    if (r.path[0])
        snprintf(written, n, "%s", r.path);
    if (rc && d->gnuplot)
        acc_cli_error("%s", err);
}

/* One policy, against the same world without it (same seed: common random
 * numbers). The scenario declares the switch `param` (1 on, 0 off). */
typedef struct policy {
    const char *scenario, *param, *title;
    const char *off_label, *on_label; /* labels of the two runs */
    const char *jur;                  /* jurisdiction of the overlaid figure */
    const char *figure;               /* the figure drawn in the terminal */
    void (*narrate)(const char *off, const char *on);
} policy;

/* "month" when a step is a month (12 steps a year), else "step". */
static const char *step_word(const char *dir)
{
    double steps = summary_value(dir, "horizon_steps"), years = summary_value(dir, "horizon_years");
    return fabs(steps - 12 * years) < 1e-9 ? "month" : "step";
}

/* The two policies about information sharing between jurisdictions j1 and j2
 * (named `where` in the text) start alike: say how long vulnerable models went
 * unnoticed there (the scenarios record <id>_exposed), and put the change in
 * the harm suffered there into harm[n]. */
static void say_exposure(const char *off, const char *on, const char *j1, const char *j2,
                         const char *where, char *harm, size_t n)
{
    char m1[64], m2[64], a[256];
    snprintf(m1, sizeof m1, "%s_exposed", j1);
    snprintf(m2, sizeof m2, "%s_exposed", j2);
    double e0 = custom_last(off, m1) + custom_last(off, m2);
    double e1 = custom_last(on, m1) + custom_last(on, m2);
    change(a, sizeof a, e0, e1, "");
    sayf("Time vulnerable models stayed unnoticed in %s (model-%ss, summed) %s.", where,
         step_word(on), a);
    change(harm, n, ts_value(off, j1, "harm", 1) + ts_value(off, j2, "harm", 1),
           ts_value(on, j1, "harm", 1) + ts_value(on, j2, "harm", 1), " M$");
}

/* Did the two runs write the same time series (the policy never acted)? */
static int same_series(const char *off, const char *on)
{
    char p1[4300], p2[4300], e[256];
    snprintf(p1, sizeof p1, "%s/timeseries.csv", off);
    snprintf(p2, sizeof p2, "%s/timeseries.csv", on);
    char *a = NULL, *b = NULL;
    size_t la = 0, lb = 0;
    int same = acc_io_read_file(p1, (size_t)1 << 30, &a, &la, e, sizeof e) == 0 &&
               acc_io_read_file(p2, (size_t)1 << 30, &b, &lb, e, sizeof e) == 0 && la == lb &&
               memcmp(a, b, la) == 0;
    free(a);
    free(b);
    return same;
}

static void narrate_bridge(const char *off, const char *on)
{
    char a[256], b[256];
    say_exposure(off, on, "uk", "jp", "the UK and Japan", a, sizeof a);
    change(b, sizeof b, custom_last(off, "labelled"), custom_last(on, "labelled"), "");
    sayf("Harm suffered in the two markets %s; model-months with a UK or Japanese label %s.", a, b);
    say("  ", "Why: a regulator that finds a vulnerable model now tells the other within "
              "weeks, so both suspend it sooner instead of each finding it on its own (this "
              "only helps while the warning arrives before the usual two-month patch); and "
              "each recognises the other's label, tested jointly with less noise, so one "
              "assessment earns both labels.");
}

static void narrate_common(const char *off, const char *on)
{
    char a[256], b[256];
    change(a, sizeof a, custom_last(off, "bloc_cert_per_certified"),
           custom_last(on, "bloc_cert_per_certified"), " M$");
    sayf("Fees and set-ups per developer certified in the three binding markets %s.", a);
    change(a, sizeof a, custom_last(off, "bloc_ever_certified"), custom_last(on, "bloc_ever_certified"), "");
    change(b, sizeof b, ts_value(off, "all", "noncompliant", 1), ts_value(on, "all", "noncompliant", 1), "");
    sayf("Developers certified there %s; developer-months serving them uncertified %s.", a, b);
    change(a, sizeof a, 100 * summary_value(off, "startup_survival_rate"),
           100 * summary_value(on, "startup_survival_rate"), "%");
    change(b, sizeof b, summary_value(off, "final_mean_safety"),
           summary_value(on, "final_mean_safety"), "");
    sayf("Startup survival %s; mean safety of deployed models %s.", a, b);
    const double spend_off = summary_value(off, "certification_spend") + summary_value(off, "compliance_spend"),
                 spend_on = summary_value(on, "certification_spend") + summary_value(on, "compliance_spend");
    change(a, sizeof a, spend_off, spend_on, " M$");
    sayf("All certification and compliance spending (the figure) %s: %s.", a,
         spend_on > spend_off ? "more developers certify, each paying less per market"
                              : "each developer certified pays less per market");
    say("  ", "Why: members of a bloc share one set of requirements: one set-up (a quality-"
              "management system), one ongoing compliance cost and one certificate valid in "
              "every member, so a developer's fixed cost of compliance no longer multiplies "
              "with the number of markets; that matters most to small developers.");
}

static void narrate_shock(const char *off, const char *on)
{
    char a[256], b[256];
    say_exposure(off, on, "eu", "us", "the EU and the US", a, sizeof a);
    char unit[16];
    snprintf(unit, sizeof unit, " %ss", step_word(on));
    change(b, sizeof b, summary_value(off, "mean_detection_lag"),
           summary_value(on, "mean_detection_lag"), unit);
    sayf("Harm suffered in the EU and the US %s; the mean time to detect a vulnerability %s.",
         a, b);
    say("  ", "Why: once the link is cut, a vulnerability that one side finds stays unknown "
              "to the other until its own regulator or the developer finds it, so affected "
              "models keep selling, and causing harm, there for longer.");
}

static const policy policies[] = {
    {"uk_japan_bridge", "bridge", "the UK and Japan build a bridge", "today", "bridge", "jp",
     "difference_harm", narrate_bridge},
    {"common_standard", "common", "a common standard for three binding markets", "separate",
     "common", "all", "difference_regulatory_spend", narrate_common},
    {"geopolitical_shock", "shock", "a geopolitical shock cuts the US-EU sharing link", "linked",
     "cut", "us", "difference_harm", narrate_shock},
};
#define NPOLICIES (int)(sizeof policies / sizeof policies[0])

/* Run the policy on and off, compare, narrate, draw. Fills the comparison
 * directory (for the report); 0 on success, 1 if skipped, -1 on failure. */
static int policy_step(demo *d, const policy *p, char *cmpdir, size_t n)
{
    heading(d, p->title);
    char off[4200], on[4200], outname[256], set_off[96], set_on[96];
    snprintf(set_off, sizeof set_off, "%s=0", p->param);
    snprintf(set_on, sizeof set_on, "%s=1", p->param);
    const char *e_off[] = {set_off}, *e_on[] = {set_on};
    snprintf(outname, sizeof outname, "%s-%s", p->scenario, p->off_label);
    int rc = demo_run(d, p->scenario, outname, e_off, 1, off, sizeof off);
    if (rc)
        return rc;
    snprintf(outname, sizeof outname, "%s-%s", p->scenario, p->on_label);
    if ((rc = demo_run(d, p->scenario, outname, e_on, 1, on, sizeof on)))
        return rc;
    snprintf(cmpdir, n, "%s/%s", d->out, p->scenario);
    const char *dirs[] = {off, on};
    const char *labels[] = {p->off_label, p->on_label};
    acc_compare_opts o;
    memset(&o, 0, sizeof o);
    o.inputs = dirs;
    o.labels = labels;
    o.n_inputs = 2;
    o.outdir = cmpdir;
    o.jurisdiction = p->jur;
    o.command_line = acc_cli_command_line();
    o.manifest_versions = acc_manifest_versions;
    acc_compare *c;
    char err[4096];
    printf("  $ accord compare %s %s --labels %s,%s --jurisdiction %s --out %s\n\n", off, on,
           p->off_label, p->on_label, p->jur, cmpdir);
    if ((rc = acc_compare_run(&o, &c, err, sizeof err))) {
        acc_cli_error("%s", err);
        d->fail_exit = acc_cli_exit_code(rc, 0);
        return -1;
    }
    const char *desc = acc_compare_description(c, 1);
    if (*desc)
        sayf("The scenario: %s We run it with %s and without (%s=0), with the same random "
             "numbers, so the difference is the policy's in this one draw; small differences "
             "may change sign with another seed (compare runs of several seeds, joined by "
             "commas, for intervals).",
             desc, p->param, p->param);
    printf("\n");
    acc_compare_print(c, stdout, 0, 80);
    acc_compare_free(c);
    printf("\n");
    if (same_series(off, on)) { /* e.g. --years 2 and a policy of year 2: nothing to explain */
        char yrs[32];
        fmt(yrs, sizeof yrs, summary_value(on, "horizon_years"));
        sayf("The two runs are identical: the policy never acted within the %s years run "
             "(it starts at or past the end). Run the demo with more --years to see it.", yrs);
    } else {
        p->narrate(off, on);
    }
    draw_term(d, cmpdir, p->figure);
    return 0;
}

/* The options into d; returns -1 to go on, else the exit code. */
static int parse_args(int argc, char **argv, demo *d)
{
    memset(d, 0, sizeof *d);
    d->out = "results/demo";
    d->plots = 1;
    const char *once[2] = {NULL}; /* --out, --years */
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        long y;
        if (strcmp(argv[i], "--") == 0 && i + 1 == argc) { /* end of options: nothing follows */
            break;
        } else if (acc_cli_is_help(argv[i])) {
            fputs(demo_usage, stdout);
            return ACC_EXIT_OK;
        } else if (strcmp(argv[i], "--pause") == 0) {
            d->pause = 1;
        } else if (strcmp(argv[i], "--no-plots") == 0) {
            d->plots = 0;
        } else if (acc_cli_opt(argc, argv, &i, "--out", &v)) {
            if (!v || !*v) {
                acc_cli_error("--out needs a value");
                return ACC_EXIT_USAGE;
            }
            if (acc_cli_once("--out", &once[0], v))
                return ACC_EXIT_USAGE;
            d->out = v;
        } else if (acc_cli_opt(argc, argv, &i, "--years", &v)) {
            if (acc_cli_once("--years", &once[1], v))
                return ACC_EXIT_USAGE;
            if (!acc_cli_parse_int(v, 1, 50, &y)) {
                acc_cli_error("--years needs a whole number in [1, 50], got '%s'", v ? v : "");
                return ACC_EXIT_USAGE;
            }
            d->years = (int)y;
        } else {
            acc_cli_error("unknown argument '%s' (try accord demo --help)", argv[i]);
            return ACC_EXIT_USAGE;
        }
    }
    return -1;
}

/* Step 1: the fragmented world, run into base[n]; 0, or the exit code. */
static int baseline_step(demo *d, char *base, size_t n)
{
    char path[4096];
    heading(d, "today's fragmented world");
    if (!find_scenario("baseline", path, sizeof path)) {
        acc_cli_error("scenarios/baseline.lua not found: run accord demo from the accord "
                      "source directory, or install accord (cmake --install), or set "
                      "ACCORD_SCENARIOS to a folder that holds it");
        return ACC_EXIT_IO;
    }
    int rc = demo_run(d, "baseline", "baseline", NULL, 0, base, n);
    if (rc < 0 && d->write_failed) /* cannot write there: say where else */
        fprintf(stderr, "accord: the demo writes its runs, comparisons and reports into %s%s; "
                "choose a folder you can write with --out DIR (accord demo --out /tmp/demo)\n",
                d->out, d->out[0] == '/' ? "" : " under the current directory");
    if (rc)
        return rc < 0 ? d->fail_exit : ACC_EXIT_IO;
    char ids[16][32], line[1024] = "", v1[32], v2[32], v3[32], v4[32], yrs[32];
    int nj = jurisdictions(base, ids, 16);
    for (int j = 0; j < nj; j++) {
        fmt(v1, sizeof v1, ts_value(base, ids[j], "deployed", 0));
        size_t len = strlen(line);
        snprintf(line + len, sizeof line - len, "%s%s %s", j ? ", " : "", ids[j], v1);
    }
    double nyears = summary_value(base, "horizon_years");
    fmt(yrs, sizeof yrs, isnan(nyears) ? summary_value(base, "years") : nyears);
    fmt(v1, sizeof v1, ts_value(base, "all", "deployed", 0));
    printf("\n");
    fmt(v2, sizeof v2, summary_value(base, "developers_alive"));
    sayf("After %s years, %s developers are alive; they hold %s deployments (a developer in "
         "three markets counts three times). Per market: %s.",
         yrs, v2, v1, line);
    fmt(v1, sizeof v1, summary_value(base, "certification_spend"));
    fmt(v2, sizeof v2, summary_value(base, "compliance_spend"));
    fmt(v3, sizeof v3, 100 * summary_value(base, "startup_survival_rate"));
    fmt(v4, sizeof v4, summary_value(base, "harm"));
    sayf("Developers paid %s M$ for certifications and %s M$ to stay compliant; %s%% of the "
         "startups (those at the start and those founded since) are still alive; undetected vulnerabilities caused %s M$ of harm.",
         v1, v2, v3, v4);
    say("  ", "Why: only the EU's certification is binding, so every developer that wants "
              "the EU market pays for its own conformity assessment and waits for the review, "
              "while the other markets only reward a voluntary label; and the regulators do "
              "not share what they learn about vulnerable models.");
    draw_term(d, base, "timeseries_deployed");
    return 0;
}

/* Last step: a report of the baseline and of each comparison made. */
static void reports_step(demo *d, const char *base, char cmp[][4200], const int *have)
{
    heading(d, "reports to take home");
    say("  ", "Writing the reports (a few seconds: each draws its figures) ...");
    fflush(stdout);
    char rep[NPOLICIES + 1][4200];
    int nrep = 0;
    demo_report(d, base, rep[nrep], sizeof rep[0]);
    nrep += rep[nrep][0] != 0;
    for (int i = 0; i < NPOLICIES; i++) {
        if (!have[i])
            continue;
        rep[nrep][0] = '\0';
        demo_report(d, cmp[i], rep[nrep], sizeof rep[0]);
        nrep += rep[nrep][0] != 0;
    }
    say("  ", "One self-contained HTML page for the baseline run and one per comparison, "
              "with the tables, the figures and how to reproduce every number (open it in any "
              "browser, project it or print it):");
    for (int i = 0; i < nrep; i++)
        printf("    %s\n", rep[i]);
    printf("\n");
    say("  ", "Next: change a knob and compare, e.g.");
    /* commands that work from here: this program as it was called, the
     * scenario the demo ran */
    const char *prog = d->prog && strchr(d->prog, '/') ? d->prog : "accord";
    char scen[4096];
    if (!find_scenario("baseline", scen, sizeof scen))
        snprintf(scen, sizeof scen, "scenarios/baseline.lua");
    printf("    %s params %s\n"
           "    %s run %s --set eu_stringency=0.8 --out results/strict\n"
           "    %s compare %s results/strict --out results/strict-vs-base --term\n",
           prog, scen, prog, scen, prog, base);
}

int acc_cmd_demo(int argc, char **argv)
{
    demo d;
    int rc = parse_args(argc, argv, &d);
    if (rc >= 0)
        return rc;
    d.prog = acc_cli_program();
    d.nsteps = 2 + NPOLICIES;
    d.gnuplot = acc_io_gnuplot_available(NULL, 0);
    time_t t0 = time(NULL);

    printf("accord demo — what regulatory fragmentation costs, and what coordination buys\n\n");
    say("  ", "We simulate AI developers (incumbents, startups, open-source labs) deciding "
              "which markets to enter under four regulators: the EU's binding AI Act, the "
              "US's light touch, Japan's voluntary guidelines and the UK's safety institute. "
              "Vulnerabilities emerge in models and cause harm until a regulator or the "
              "developer finds them.");
    sayf("Every number below is read from the files the runs write to %s/.", d.out);
    if (!d.gnuplot)
        say("  ", "(gnuplot is not installed: the figures are skipped; install gnuplot-nox "
                  "to see them.)");
    pause_here(&d);

    char base[4200];
    if ((rc = baseline_step(&d, base, sizeof base)))
        return rc;
    pause_here(&d);

    /* Steps 2..: each policy against the same world without it. */
    char cmp[NPOLICIES][4200];
    int have[NPOLICIES], failed_exit = ACC_EXIT_OK;
    for (int i = 0; i < NPOLICIES; i++) {
        int prc = policy_step(&d, &policies[i], cmp[i], sizeof cmp[i]);
        have[i] = prc == 0;
        if (prc < 0 && failed_exit == ACC_EXIT_OK)
            failed_exit = d.fail_exit; /* the tour goes on; the exit status says it failed */
        pause_here(&d);
    }

    reports_step(&d, base, cmp, have);
    printf("\n  (demo finished in %.0f s)\n", difftime(time(NULL), t0));
    return failed_exit;
}
