/* accord — one scenario run written to a directory, atomically, with its
 * manifest (engine and library versions, scenario path and SHA-256, every
 * resolved parameter, seed, RNG, times, and each output's SHA-256).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "sweep/rundir.h"
#include "sweep/sweep_int.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_version.h>
#include <lua.h>

#include "base/clock.h"
#include "core/model.h"
#include "io/atomic.h"
#include "io/csv.h"
#include "io/jdoc.h"
#include "io/json.h"
#include "io/layout.h"
#include "base/sha256.h"
#include "lua/scenario.h"
#include "report/plot.h"
#include "report/report.h"

#define MAX_OUT 40

typedef struct out_file {
    char name[128];
    acc_atomic *af;
    acc_csv_writer *w;
} out_file;

typedef struct ctx {
    const acc_rundir_opts *o;
    acc_scenario *s;
    out_file ts, ev, custom, table;
    acc_atomic *log;     /* log.txt: opened at the first line */
    long long nlog;
    int log_failed;
    char committed[MAX_OUT][128];
    int ncommitted;
    /* The previous run's outputs in this directory (from its manifest, which
     * is removed before the first file of this run replaces one of them) */
    int retired;
    char old_out[MAX_OUT][128];
    int nold;
    char *err;
    size_t errlen;
    char sink_err[ACC_ERRLEN]; /* why a sink failed (the run's own message replaces err) */
    long long nrows, nevents, nevents_filtered;
    int progress, last_pct;
    int nsteps;
    int step;        /* the last step with a time-series row */
    int interrupted; /* the signal o->interrupted reported */
} ctx;

/* o->interrupted, polled: non-zero (and kept in c) once the run must stop. */
static int stop_now(ctx *c)
{
    if (!c->interrupted && c->o->interrupted)
        c->interrupted = c->o->interrupted();
    return c->interrupted;
}

/* Before the first output of this run takes its final name: forget the
 * previous run's manifest, so that a run killed or failing from here on
 * leaves no manifest describing files it did not write, and note which
 * files it listed (removed at the end if this run does not write them).
 * What accord plot and accord report drew from the directory (the figures
 * figures.txt lists, a report.html accord wrote) shows another run: removed
 * too, with or without a manifest; nothing else is. */
static void retire_manifest(ctx *c)
{
    if (c->retired)
        return;
    c->retired = 1;
    acc_plot_forget_figures(c->o->outdir);
    acc_report_forget(c->o->outdir);
    char path[1400], jerr[256];
    snprintf(path, sizeof path, "%s/" ACC_FILE_MANIFEST, c->o->outdir);
    acc_jdoc *d;
    if (acc_jdoc_read_file(path, &d, jerr, sizeof jerr) != ACC_OK)
        return; /* none (or not ours to read): nothing listed */
    const acc_jval *root = acc_jdoc_root(d);
    const char *kind = acc_jval_str(acc_jval_get(root, "kind"));
    int is_run = kind && strcmp(kind, ACC_KIND_RUN) == 0;
    const acc_jval *outs = acc_jval_get(root, "outputs");
    for (size_t i = 0; is_run && i < acc_jval_len(outs); i++) {
        const char *name = acc_jval_key_at(outs, i);
        if (name && *name && *name != '.' && !strchr(name, '/') && strlen(name) < 128 &&
            strcmp(name, ACC_FILE_MANIFEST) != 0 && c->nold < MAX_OUT)
            strcpy(c->old_out[c->nold++], name);
    }
    acc_jdoc_free(d);
    if (is_run)
        unlink(path);
}

/* Files of the previous run that this one did not write would pass for its
 * outputs (plot draws every custom.csv metric): remove them. */
static void remove_stale(ctx *c)
{
    for (int i = 0; i < c->nold; i++) {
        int kept = 0;
        for (int k = 0; k < c->ncommitted && !kept; k++)
            kept = strcmp(c->old_out[i], c->committed[k]) == 0;
        if (!kept) {
            char path[1400];
            snprintf(path, sizeof path, "%s/%s", c->o->outdir, c->old_out[i]);
            unlink(path);
        }
    }
}

/* A sink's failure, kept: the run reports only "the event sink failed". */
static int sink_fail(ctx *c, int rc)
{
    if (rc)
        snprintf(c->sink_err, sizeof c->sink_err, "%s", c->err);
    return rc;
}

static int open_csv(ctx *c, out_file *f, const char *name, int ncols, const char *const *header)
{
    char path[1400];
    snprintf(f->name, sizeof f->name, "%s", name);
    snprintf(path, sizeof path, "%s/%s", c->o->outdir, name);
    return acc_csv_open_atomic(path, (size_t)ncols, header, &f->af, &f->w, c->err, c->errlen);
}

/* Commit (or, commit = 0, drop) f; committed files go into the manifest. */
static int close_csv(ctx *c, out_file *f, int commit)
{
    int opened = f->af != NULL;
    if (opened && commit)
        retire_manifest(c);
    int rc = acc_csv_close_atomic(f->w, f->af, commit, c->err, c->errlen);
    f->w = NULL;
    f->af = NULL;
    if (opened && commit && rc == ACC_OK && c->ncommitted < MAX_OUT)
        snprintf(c->committed[c->ncommitted++], 128, "%s", f->name);
    return rc;
}

static int csv_fail(ctx *c, acc_csv_writer *w)
{
    acc_errf(c->err, c->errlen, "%s", acc_csv_writer_errmsg(w));
    return sink_fail(c, ACC_EIO);
}

/* ---- sinks -------------------------------------------------------------------- */

static int on_ts_row(void *ud, const acc_ts_row *row)
{
    ctx *c = ud;
    if (stop_now(c))
        return ACC_EINTR;
    c->step = row->step;
    const acc_world *w = acc_scenario_world(c->s);
    const acc_config *cfg = acc_world_config(w);
    acc_csv_writer *cw = c->ts.w;
    int bad = acc_csv_put_int(cw, row->step) || acc_csv_put_double(cw, row->year) ||
              acc_csv_put_str(cw, row->jur >= 0 ? cfg->jur[row->jur].id : "all");
    for (int i = 0; i < ACC_TS_NCOLS && !bad; i++)
        bad = acc_csv_put_double(cw, row->v[i]);
    if (bad || acc_csv_end_row(cw))
        return csv_fail(c, cw);
    c->nrows++;
    if (row->jur < 0 && c->progress) {
        int pct = (int)(100.0 * row->step / (c->nsteps > 0 ? c->nsteps : 1));
        if (pct != c->last_pct) {
            c->last_pct = pct;
            int bar = pct / 4;
            fprintf(stderr, "\r  [%.*s%*s] %3d%%  step %d/%d", bar,
                    "#########################", 25 - bar, "", pct, row->step, c->nsteps);
            fflush(stderr);
        }
    }
    return ACC_OK;
}

int acc_rundir_events_parse(const char *name)
{
    static const char *const names[] = {"all", "incidents", "none"};
    for (int i = 0; name && i < 3; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

const char *acc_rundir_events_name(int events)
{
    return events == ACC_RUNDIR_EVENTS_INCIDENTS ? "incidents"
           : events == ACC_RUNDIR_EVENTS_NONE    ? "none"
                                                 : "all";
}

int acc_rundir_events_keeps(int events, int type)
{
    if (events == ACC_RUNDIR_EVENTS_NONE)
        return 0;
    if (events == ACC_RUNDIR_EVENTS_INCIDENTS)
        return type == ACC_EV_VULNERABILITY || type == ACC_EV_INCIDENT ||
               type == ACC_EV_AWARENESS || type == ACC_EV_PATCH;
    return 1;
}

static int on_event(void *ud, const acc_event *ev)
{
    ctx *c = ud;
    if (!acc_rundir_events_keeps(c->o->events, ev->type)) {
        c->nevents_filtered++; /* filtered here, before any formatting: nothing kept */
        return ACC_OK;
    }
    const acc_world *w = acc_scenario_world(c->s);
    const acc_config *cfg = acc_world_config(w);
    acc_csv_writer *cw = c->ev.w;
    int bad = acc_csv_put_int(cw, ev->step) ||
              acc_csv_put_double(cw, ev->step / cfg->steps_per_year) ||
              acc_csv_put_str(cw, acc_event_name(ev->type));
    if (ev->dev >= 0) {
        bad = bad || acc_csv_put_int(cw, (long long)ev->dev + 1) ||
              acc_csv_put_str(cw, acc_kind_name((int)acc_world_dev_get(w, ev->dev, ACC_DEV_KIND))) ||
              acc_csv_put_str(cw, cfg->jur[(int)acc_world_dev_get(w, ev->dev, ACC_DEV_HOME)].id);
    } else {
        bad = bad || acc_csv_put_na(cw) || acc_csv_put_na(cw) || acc_csv_put_na(cw);
    }
    bad = bad || acc_csv_put_str(cw, ev->jur >= 0 ? cfg->jur[ev->jur].id : (ev->jur == -2 ? "self" : "")) ||
          acc_csv_put_str(cw, ev->path ? acc_path_name(ev->path) : "") ||
          acc_csv_put_double(cw, ev->value) || acc_csv_put_double(cw, ev->lag) ||
          acc_csv_put_double(cw, ev->harm) || acc_csv_put_str(cw, ev->detail ? ev->detail : "") ||
          acc_csv_put_str(cw, ev->other_jur >= 0 && ev->other_jur < cfg->n_jur ? cfg->jur[ev->other_jur].id
                              : ev->bloc >= 0 && ev->bloc < cfg->n_blocs  ? cfg->bloc[ev->bloc].id
                                                                          : "") ||
          acc_csv_put_double(cw, ev->exposure) || acc_csv_end_row(cw);
    if (bad)
        return csv_fail(c, cw);
    c->nevents++;
    return ACC_OK;
}

/* print() and world:log() lines: to DIR/log.txt (atomic, like every output)
 * and, unless quiet, to stderr. */
static void on_log(void *ud, const char *msg)
{
    ctx *c = ud;
    if (!c->o->quiet) {
        if (c->progress && c->last_pct >= 0) { /* the bar is on this line: clear it first */
            fprintf(stderr, "\r%*s\r", 48, "");
            c->last_pct = -1; /* drawn again below the log line at the next step */
        }
        acc_fputs_printable(msg, stderr);
        fputc('\n', stderr);
    }
    if (c->log_failed)
        return;
    if (!c->log) {
        char path[1400], err[ACC_ERRLEN];
        snprintf(path, sizeof path, "%s/" ACC_FILE_LOG, c->o->outdir);
        if (acc_io_mkdir_p(c->o->outdir, err, sizeof err) ||
            acc_atomic_open(path, &c->log, err, sizeof err)) {
            c->log_failed = 1;
            fprintf(stderr, "accord: warning: %s (script log lines go to stderr only)\n", err);
            return;
        }
    }
    fprintf(acc_atomic_file(c->log), "%s\n", msg);
    c->nlog++;
}

void acc_rundir_relay_log(void *ud, const char *msg)
{
    acc_rundir_relay *r = ud;
    if (r->run) {
        on_log(r->run, msg);
        return;
    }
    size_t n = strlen(msg) + 1;
    if (r->len + n > r->cap) {
        size_t cap = r->cap ? r->cap : 256;
        while (cap < r->len + n)
            cap *= 2;
        char *p = realloc(r->pending, cap);
        if (!p) {
            r->oom = 1;
            return;
        }
        r->pending = p;
        r->cap = cap;
    }
    memcpy(r->pending + r->len, msg, n);
    r->len += n;
}

void acc_rundir_relay_free(acc_rundir_relay *r)
{
    free(r->pending);
    memset(r, 0, sizeof *r);
}

static int on_custom(void *ud, int step, double year, const char *name, double value)
{
    ctx *c = ud;
    if (!c->custom.w) {
        static const char *const hdr[] = {"step", "year", "metric", "value"};
        int rc = open_csv(c, &c->custom, ACC_FILE_CUSTOM, 4, hdr);
        if (rc)
            return sink_fail(c, rc);
    }
    acc_csv_writer *cw = c->custom.w;
    if (acc_csv_put_int(cw, step) || acc_csv_put_double(cw, year) || acc_csv_put_str(cw, name) ||
        acc_csv_put_double(cw, value) || acc_csv_end_row(cw))
        return csv_fail(c, cw);
    return ACC_OK;
}

static int on_table_begin(void *ud, const char *name, int ncols, const char *const *cols)
{
    ctx *c = ud;
    if (stop_now(c))
        return ACC_EINTR;
    char fname[128];
    if (snprintf(fname, sizeof fname, ACC_FILE_TABLE_FMT, name) >= (int)sizeof fname) {
        acc_errf(c->err, c->errlen, "table name '%.40s...' is too long (at most %d characters)",
                 name, (int)sizeof fname - 11);
        return sink_fail(c, ACC_EINVAL);
    }
    return sink_fail(c, open_csv(c, &c->table, fname, ncols, cols));
}

static int on_table_row(void *ud, const double *cells, const char *const *text, int ncols)
{
    ctx *c = ud;
    if (stop_now(c))
        return ACC_EINTR;
    acc_csv_writer *cw = c->table.w;
    for (int i = 0; i < ncols; i++) {
        int bad = text[i] ? acc_csv_put_str(cw, text[i]) : acc_csv_put_double(cw, cells[i]);
        if (bad)
            return csv_fail(c, cw);
    }
    if (acc_csv_end_row(cw))
        return csv_fail(c, cw);
    return ACC_OK;
}

static int on_table_end(void *ud)
{
    ctx *c = ud;
    return sink_fail(c, close_csv(c, &c->table, 1));
}

/* ---- summary and manifest ------------------------------------------------------ */

static int write_summary(ctx *c)
{
    acc_scenario *s = c->s;
    int np = acc_scenario_nparams(s), no = acc_scenario_summary_count(s);
    int ncols = 3 + np + no;
    const char **hdr = calloc((size_t)ncols, sizeof *hdr);
    if (!hdr)
        return ACC_ENOMEM;
    hdr[0] = "scenario";
    hdr[1] = "seed";
    hdr[2] = "run";
    for (int i = 0; i < np; i++)
        hdr[3 + i] = acc_scenario_param(s, i)->name;
    /* A function model's outcomes are known only once it ran: one named as
     * a parameter or a leading column is written as out_<name>, as a
     * sweep's runs.csv does (a world's outcomes cannot clash: its
     * parameters may not take their names). */
    for (int i = 0; i < no; i++)
        hdr[3 + np + i] = acc_scenario_summary_name(s, i);
    char **outs = sw_unique_headers(hdr + 3 + np, no, hdr, 3 + np, "out_");
    if (!outs) {
        free(hdr);
        return ACC_ENOMEM;
    }
    for (int i = 0; i < no; i++)
        hdr[3 + np + i] = outs[i];
    out_file f;
    memset(&f, 0, sizeof f);
    int rc = open_csv(c, &f, ACC_FILE_SUMMARY, ncols, hdr);
    sw_free_headers(outs, no);
    free(hdr);
    if (rc)
        return rc;
    acc_csv_writer *cw = f.w;
    int bad = acc_csv_put_str(cw, acc_scenario_name(s)) ||
              acc_csv_put_int(cw, (long long)c->o->seed) || acc_csv_put_int(cw, (long long)c->o->run);
    for (int i = 0; i < np && !bad; i++)
        bad = acc_csv_put_double(cw, acc_scenario_param(s, i)->value);
    for (int i = 0; i < no && !bad; i++)
        bad = acc_csv_put_double(cw, acc_scenario_summary_value(s, i));
    bad = bad || acc_csv_end_row(cw);
    if (bad) {
        rc = csv_fail(c, cw);
        close_csv(c, &f, 0);
        return rc;
    }
    return close_csv(c, &f, 1);
}

int acc_manifest_sources(struct acc_json *j, const acc_scenario *s, const char *cwd)
{
    int n = acc_scenario_nmodules(s), nd = acc_scenario_nmodule_dirs(s);
    acc_layout_module *mods = n > 0 ? calloc((size_t)n, sizeof *mods) : NULL;
    const char **dirs = nd > 0 ? calloc((size_t)nd, sizeof *dirs) : NULL;
    if ((n > 0 && !mods) || (nd > 0 && !dirs)) {
        free(mods);
        free(dirs);
        return ACC_ENOMEM;
    }
    for (int i = 0; i < n; i++)
        mods[i].name = acc_scenario_module(s, i, &mods[i].path, &mods[i].sha256);
    for (int i = 0; i < nd; i++)
        dirs[i] = acc_scenario_module_dir(s, i);
    acc_layout_sources src = {cwd, dirs, nd, 1, mods, n, NULL, 0, NULL};
    int bad = acc_layout_sources_write(j, &src);
    free(mods);
    free(dirs);
    return bad ? ACC_EIO : ACC_OK;
}

int acc_manifest_versions(struct acc_json *j)
{
    return acc_layout_versions(j, LUA_RELEASE, GSL_VERSION) ? ACC_EIO : ACC_OK;
}

static int json_fields(acc_json *j, const acc_field *f, int n, const void *base)
{
    int bad = 0;
    for (int i = 0; i < n && !bad; i++) {
        double v = acc_field_get(&f[i], base);
        if (f[i].kind == ACC_FK_BOOL)
            bad = acc_json_kbool(j, f[i].name, v != 0);
        else
            bad = acc_json_knum(j, f[i].name, v);
    }
    return bad;
}

static const char *dist_name(int t)
{
    return t == ACC_DIST_UNIFORM ? "uniform" : t == ACC_DIST_LOGUNIFORM ? "loguniform" : "fixed";
}

static int json_config(acc_json *j, const acc_config *cfg)
{
    int n, nj;
    const acc_field *gf = acc_config_fields(&n);
    const acc_field *jf = acc_jur_fields(&nj);
    int bad = acc_json_key(j, "model") || acc_json_begin_object(j) || json_fields(j, gf, n, cfg);
    bad = bad || acc_json_key(j, "jurisdictions") || acc_json_begin_array(j);
    for (int k = 0; k < cfg->n_jur && !bad; k++)
        bad = acc_json_begin_object(j) || acc_json_kstr(j, "id", cfg->jur[k].id) ||
              acc_json_kstr(j, "name", cfg->jur[k].name) || json_fields(j, jf, nj, &cfg->jur[k]) ||
              acc_json_end_object(j);
    bad = bad || acc_json_end_array(j) || acc_json_key(j, "populations") || acc_json_begin_array(j);
    for (int k = 0; k < cfg->n_pop && !bad; k++) {
        const acc_pop_cfg *p = &cfg->pop[k];
        const struct {
            const char *name;
            const acc_dist *d;
        } ds[] = {{"capital", &p->capital},     {"capability", &p->capability},
                  {"safety", &p->safety},       {"invest_rate", &p->invest_rate},
                  {"safety_share", &p->safety_share}, {"horizon", &p->horizon},
                  {"opex", &p->opex},           {"phi_min", &p->phi_min}};
        bad = acc_json_begin_object(j) || acc_json_kstr(j, "kind", acc_kind_name(p->kind)) ||
              acc_json_kstr(j, "home", cfg->jur[p->home].id) || acc_json_kint(j, "count", p->count);
        for (size_t d = 0; d < sizeof ds / sizeof ds[0] && !bad; d++)
            bad = acc_json_key(j, ds[d].name) || acc_json_begin_array(j) ||
                  acc_json_string(j, dist_name(ds[d].d->type)) || acc_json_number(j, ds[d].d->lo) ||
                  acc_json_number(j, ds[d].d->hi) || acc_json_end_array(j);
        int npf;
        const acc_field *pf = acc_pop_fields(&npf); /* law_abiding */
        bad = bad || json_fields(j, pf, npf, p) || acc_json_end_object(j);
    }
    bad = bad || acc_json_end_array(j) || acc_json_key(j, "recognition") || acc_json_begin_array(j);
    for (int k = 0; k < cfg->n_recog && !bad; k++) {
        const acc_recog_cfg *r = &cfg->recog[k];
        bad = acc_json_begin_object(j) || acc_json_kstr(j, "to", cfg->jur[r->to].id) ||
              acc_json_kstr(j, "from", cfg->jur[r->from].id) ||
              acc_json_kstr(j, "mode", r->mode == ACC_RECOG_EQUIVALENCE ? "equivalence" : "assessment") ||
              acc_json_knum(j, "fee", r->fee) || acc_json_knum(j, "review_months", r->review_months) ||
              acc_json_end_object(j);
    }
    bad = bad || acc_json_end_array(j) || acc_json_key(j, "blocs") || acc_json_begin_array(j);
    for (int k = 0; k < cfg->n_blocs && !bad; k++) {
        const acc_bloc_cfg *b = &cfg->bloc[k];
        static const char *rules[] = {"max", "mean", "min", "fixed"};
        bad = acc_json_begin_object(j) || acc_json_kstr(j, "id", b->id) ||
              acc_json_kstr(j, "rule", rules[b->rule]) || acc_json_knum(j, "standard", b->standard) ||
              acc_json_knum(j, "cert_cost", b->cert_cost) ||
              acc_json_knum(j, "review_months", b->review_months) || acc_json_key(j, "members") ||
              acc_json_begin_array(j);
        for (int m = 0; m < b->n_members && !bad; m++)
            bad = acc_json_string(j, cfg->jur[b->members[m]].id);
        bad = bad || acc_json_end_array(j) || acc_json_end_object(j);
    }
    bad = bad || acc_json_end_array(j) || acc_json_key(j, "sharing") || acc_json_begin_array(j);
    for (int k = 0; k < cfg->n_links && !bad; k++) {
        const acc_link_cfg *l = &cfg->link[k];
        bad = acc_json_begin_object(j) || acc_json_kstr(j, "from", cfg->jur[l->from].id) ||
              acc_json_kstr(j, "to", cfg->jur[l->to].id) ||
              acc_json_knum(j, "lag_months", l->lag_months) || acc_json_kbool(j, "active", l->active) ||
              acc_json_end_object(j);
    }
    bad = bad || acc_json_end_array(j) || acc_json_end_object(j);
    return bad ? ACC_EIO : ACC_OK;
}

/* failure: NULL for a complete run, else the run's error (its first line
 * goes into the manifest, with the hook, step and year it happened in). */
static int write_manifest(ctx *c, const char *start, const char *end, double wall,
                          const char *failure)
{
    acc_scenario *s = c->s;
    char path[1400];
    snprintf(path, sizeof path, "%s/" ACC_FILE_MANIFEST, c->o->outdir);
    acc_atomic *af;
    acc_json *j;
    int rc = acc_json_open_atomic(path, &af, &j, c->err, c->errlen);
    if (rc)
        return rc;
    int bad = acc_json_begin_object(j) || acc_json_kstr(j, "kind", ACC_KIND_RUN) ||
              acc_json_kstr(j, "status", failure ? "failed" : "complete");
    if (!bad && failure) {
        int step;
        double year;
        const char *where = acc_scenario_failure(s, &step, &year);
        char first[ACC_ERRLEN];
        snprintf(first, sizeof first, "%.*s", (int)strcspn(failure, "\n"), failure);
        bad = acc_json_key(j, "failure") || acc_json_begin_object(j) ||
              acc_json_kstr(j, "message", first) ||
              (where[0] && acc_json_kstr(j, "in", where)) ||
              (step > 0 && (acc_json_kint(j, "step", step) || acc_json_knum(j, "year", year))) ||
              acc_json_kstr(j, "note",
                            "the run stopped here: its files hold what it wrote up to the failure; "
                            "there is no summary.csv") ||
              acc_json_end_object(j);
    }
    bad = bad || acc_manifest_versions(j) || acc_json_key(j, "scenario") || acc_json_begin_object(j) ||
              acc_json_kstr(j, "path", acc_scenario_path(s)) ||
              acc_json_kstr(j, "sha256", acc_scenario_sha256(s)) ||
              acc_json_kstr(j, "name", acc_scenario_name(s)) ||
              acc_json_kstr(j, "description", acc_scenario_description(s)) ||
              acc_json_kstr(j, "type", acc_scenario_is_function_model(s) ? "function" : "world") ||
              acc_json_end_object(j) || acc_json_kstr(j, "command", c->o->command_line) ||
              acc_json_kint(j, "seed", (long long)c->o->seed) ||
              acc_json_kint(j, "run", (long long)c->o->run) ||
              acc_json_kstr(j, "rng",
                            "keyed counter-based draws (splitmix64 mix of seed, run, stream, step, "
                            "entity, market, k); xoshiro256** sequences seeded by splitmix64") ||
              acc_json_key(j, "parameters") || acc_json_begin_array(j);
    for (int i = 0; i < acc_scenario_nparams(s) && !bad; i++) {
        const acc_param_decl *p = acc_scenario_param(s, i);
        bad = acc_json_begin_object(j) || acc_json_kstr(j, "name", p->name) ||
              acc_json_knum(j, "value", p->value) || acc_json_knum(j, "default", p->def) ||
              acc_json_knum(j, "min", p->lo) || acc_json_knum(j, "max", p->hi) ||
              acc_json_kstr(j, "unit", p->unit) || acc_json_kbool(j, "overridden", p->overridden) ||
              acc_json_end_object(j);
    }
    bad = bad || acc_json_end_array(j) || acc_json_key(j, "field_overrides") || acc_json_begin_object(j);
    for (int i = 0; i < acc_scenario_nfield_sets(s) && !bad; i++) {
        double v;
        const char *name = acc_scenario_field_set(s, i, &v);
        bad = acc_json_knum(j, name, v);
    }
    bad = bad || acc_json_end_object(j);
    if (!bad && !acc_scenario_is_function_model(s))
        bad = json_config(j, acc_scenario_config(s)) != ACC_OK;
    bad = bad || acc_json_kstr(j, "start_time", start) || acc_json_kstr(j, "end_time", end) ||
          acc_json_knum(j, "wall_seconds", wall) ||
          acc_json_kint(j, "lua_peak_bytes", (long long)acc_scenario_lua_peak_bytes(s));
    /* --events: recorded only when not the default, so a default run's manifest
     * stays as before; no "events" member means every event is in events.csv. */
    if (!bad && c->o->events != ACC_RUNDIR_EVENTS_ALL && !acc_scenario_is_function_model(s))
        bad = acc_json_kstr(j, "events", acc_rundir_events_name(c->o->events)) ||
              acc_json_kint(j, "events_not_written", c->nevents_filtered);
    /* custom metrics (custom.csv): what each means, when the scenario said */
    if (!bad && acc_scenario_nmetrics(s) > 0) {
        bad = acc_json_key(j, "metrics") || acc_json_begin_array(j);
        for (int i = 0; i < acc_scenario_nmetrics(s) && !bad; i++)
            bad = acc_json_begin_object(j) || acc_json_kstr(j, "name", acc_scenario_metric_name(s, i)) ||
                  acc_json_kstr(j, "unit", acc_scenario_metric_unit(s, i)) ||
                  acc_json_kstr(j, "doc", acc_scenario_metric_doc(s, i)) || acc_json_end_object(j);
        bad = bad || acc_json_end_array(j);
    }
    bad = bad || acc_json_key(j, "warnings") || acc_json_begin_array(j);
    for (int i = 0; i < acc_scenario_nwarnings(s) && !bad; i++)
        bad = acc_json_string(j, acc_scenario_warning(s, i, NULL));
    bad = bad || acc_json_end_array(j) || acc_json_key(j, "outputs") || acc_json_begin_object(j);
    for (int i = 0; i < c->ncommitted && !bad; i++) {
        char fp[1400], hex[ACC_SHA256_HEXLEN];
        snprintf(fp, sizeof fp, "%s/%s", c->o->outdir, c->committed[i]);
        if (acc_sha256_file(fp, hex, c->err, c->errlen)) {
            acc_json_free(j);
            acc_atomic_abort(af);
            return ACC_EIO;
        }
        bad = acc_json_key(j, c->committed[i]) || acc_json_begin_object(j) ||
              acc_json_kstr(j, "sha256", hex) || acc_json_end_object(j);
    }
    bad = bad || acc_json_end_object(j);
    if (!bad && c->o->sources)
        bad = acc_manifest_sources(j, s, NULL) != ACC_OK;
    bad = bad || acc_json_end_object(j) || acc_json_finish(j);
    return acc_json_commit(j, af, bad, c->err, c->errlen);
}

/* A failed run: commit the time series, events, custom metrics and log as far
 * as they go, drop an unfinished table, write no summary, and a manifest with
 * "status": "failed" and why (c->err). Files of an earlier run in the
 * directory that this one did not write are removed, as after a complete run. */
static int write_partial(ctx *c, const char *start, double t0)
{
    char reason[ACC_ERRLEN], perr[ACC_ERRLEN];
    snprintf(reason, sizeof reason, "%s", c->err);
    char *keep_err = c->err;
    size_t keep_len = c->errlen;
    c->err = perr; /* the run's own error stays in the caller's buffer */
    c->errlen = sizeof perr;
    close_csv(c, &c->table, 0);
    int rc = close_csv(c, &c->ts, 1);
    rc = rc ? rc : close_csv(c, &c->ev, 1);
    rc = rc ? rc : close_csv(c, &c->custom, 1);
    if (!rc && c->log) {
        acc_atomic *lf = c->log;
        c->log = NULL;
        retire_manifest(c);
        if (!(rc = acc_atomic_commit(lf, perr, sizeof perr)) && c->ncommitted < MAX_OUT)
            snprintf(c->committed[c->ncommitted++], 128, ACC_FILE_LOG);
    }
    if (!rc) {
        retire_manifest(c); /* even when nothing was written: no stale complete manifest */
        remove_stale(c);
        char end[32];
        acc_utc_now(end, sizeof end, ACC_UTC_ISO8601);
        rc = write_manifest(c, start, end, acc_mono_s() - t0, reason);
    }
    if (rc)
        fprintf(stderr, "accord: warning: could not write the failed run's partial outputs: %s\n",
                perr);
    c->err = keep_err;
    c->errlen = keep_len;
    return rc;
}

int acc_rundir(const acc_rundir_opts *o, acc_rundir_result *res, char *err, size_t errlen)
{
    memset(res, 0, sizeof *res);
    if (strlen(o->outdir) >= sizeof res->outdir) {
        /* file paths are built in fixed buffers: never cut one short */
        acc_errf(err, errlen, "output directory '%.60s...' is too long (%zu bytes, at most %zu)",
                 o->outdir, strlen(o->outdir), sizeof res->outdir - 1);
        return ACC_EINVAL;
    }
    ctx c;
    memset(&c, 0, sizeof c);
    c.o = o;
    c.err = err;
    c.errlen = errlen;
    c.progress = o->progress;
    c.last_pct = -1;
    char start[32], end[32];
    acc_utc_now(start, sizeof start, ACC_UTC_ISO8601);
    double t0 = acc_mono_s();
    acc_scenario_opts so;
    memset(&so, 0, sizeof so);
    so.path = o->scenario;
    so.sets = o->sets;
    so.n_sets = o->n_sets;
    so.seed = o->seed;
    so.run = o->run;
    so.mem_limit_bytes = o->mem_limit_bytes;
    so.time_limit_s = o->time_limit_s;
    so.stuck = o->stuck;
    so.stuck_ud = o->stuck_ud;
    so.interrupted = o->interrupted; /* a long Lua call stops too */
    so.log = on_log; /* warnings too: "warning: ..." to stderr and log.txt */
    so.log_ud = &c;
    so.strict = o->strict;
    int rc = ACC_OK;
    if (o->loaded) { /* loaded by the caller: its lines so far first, then the rest as they come */
        c.s = o->loaded;
        if (o->relay) {
            for (size_t at = 0; at < o->relay->len; at += strlen(o->relay->pending + at) + 1)
                on_log(&c, o->relay->pending + at);
            if (o->relay->oom)
                on_log(&c, "accord: warning: out of memory: log lines of the load are missing");
            o->relay->len = 0;
            o->relay->run = &c;
        }
    } else {
        rc = acc_scenario_load(&so, &c.s, err, errlen);
    }
    if (rc && stop_now(&c)) /* the load stopped by the signal: nothing touched */
        goto interrupted;
    if (rc) {
        res->load_failed = 1;
        acc_atomic_abort(c.log);
        return rc;
    }
    if (stop_now(&c)) /* while loading: the directory is not touched */
        goto interrupted;
    /* Only now, with a valid scenario, touch the output directory: first
     * remove what writers killed there earlier left (their temporary files
     * never take a final name; those of live writers are kept). */
    if ((rc = acc_io_check_outdir_kind(o->outdir, ACC_KIND_RUN, err, errlen)) ||
        (rc = acc_io_mkdir_p(o->outdir, err, errlen)))
        goto done;
    acc_atomic_remove_stale(o->outdir);
    acc_run_sink sink;
    memset(&sink, 0, sizeof sink);
    sink.ud = &c;
    sink.custom = on_custom;
    sink.table_begin = on_table_begin;
    sink.table_row = on_table_row;
    sink.table_end = on_table_end;
    if (!acc_scenario_is_function_model(c.s)) {
        const acc_config *cfg = acc_scenario_config(c.s);
        c.nsteps = (int)floor(cfg->years * cfg->steps_per_year + 0.5);
        const char *hdr[3 + ACC_TS_NCOLS] = {"step", "year", "jurisdiction"};
        for (int i = 0; i < ACC_TS_NCOLS; i++)
            hdr[3 + i] = acc_ts_col_name(i);
        static const char *const evh[] = {"step", "year",  "event", "developer", "kind", "home",
                                          "jurisdiction", "path", "value", "lag", "harm", "detail",
                                          "other", "exposure"};
        if ((rc = open_csv(&c, &c.ts, ACC_FILE_TIMESERIES, 3 + ACC_TS_NCOLS, hdr)) ||
            (rc = open_csv(&c, &c.ev, ACC_FILE_EVENTS, 14, evh)))
            goto done;
        sink.world.ud = &c;
        sink.world.ts_row = on_ts_row;
        sink.world.event = on_event;
    }
    rc = acc_scenario_run(c.s, &sink, err, errlen);
    if (c.progress && c.last_pct >= 0) /* the finished bar goes: the run's own line follows */
        fprintf(stderr, "\r%*s\r", 48, "");
    if (stop_now(&c)) /* whatever the run returned: write nothing more */
        goto interrupted;
    if (rc && c.sink_err[0])
        acc_errf(err, errlen, "%s", c.sink_err);
    if (rc && !c.sink_err[0] && rc != ACC_EIO) {
        /* The scenario failed (not the files): keep what it wrote so far,
         * marked failed in the manifest. The run's error stays in err. */
        res->partial = write_partial(&c, start, t0) == ACC_OK;
        goto done;
    }
    if (rc)
        goto done;
    if ((rc = close_csv(&c, &c.ts, 1)) || (rc = close_csv(&c, &c.ev, 1)) ||
        (rc = close_csv(&c, &c.custom, 1)) || (rc = write_summary(&c)))
        goto done;
    if (c.log) {
        acc_atomic *lf = c.log;
        c.log = NULL;
        retire_manifest(&c);
        if ((rc = acc_atomic_commit(lf, err, errlen)))
            goto done;
        if (c.ncommitted < MAX_OUT)
            snprintf(c.committed[c.ncommitted++], 128, ACC_FILE_LOG);
    }
    remove_stale(&c);
    double wall = acc_mono_s() - t0;
    acc_utc_now(end, sizeof end, ACC_UTC_ISO8601);
    if ((rc = write_manifest(&c, start, end, wall, NULL)))
        goto done;
    res->wall_s = wall;
    res->nsteps = c.nsteps;
    res->nevents = c.nevents;
    res->nevents_filtered = c.nevents_filtered;
    res->nrows = c.nrows;
    res->function_model = acc_scenario_is_function_model(c.s);
    res->noutcomes = acc_scenario_summary_count(c.s);
    res->nlog = c.nlog;
    res->nwarnings = acc_scenario_nwarnings(c.s);
    snprintf(res->outdir, sizeof res->outdir, "%s", o->outdir);
    goto done;
interrupted:
    rc = ACC_EINTR;
    {
        const char *sig = c.interrupted == SIGTERM ? "SIGTERM"
                          : c.interrupted == SIGINT ? "SIGINT"
                                                    : "a signal";
        char at[64] = "";
        if (c.s && !acc_scenario_is_function_model(c.s) && c.step > 0)
            snprintf(at, sizeof at, " at step %d of %d", c.step, c.nsteps);
        /* only a function model's finished tables take their names before the end */
        acc_errf(err, errlen, "stopped by %s%s: the run did not finish; its unfinished files were "
                 "removed%s%s%s", sig, at, c.ncommitted ? " (" : "",
                 c.ncommitted ? "the tables it finished are kept, without a manifest" : "",
                 c.ncommitted ? ")" : "");
    }
done:
    acc_atomic_abort(c.log);
    close_csv(&c, &c.ts, 0);
    close_csv(&c, &c.ev, 0);
    close_csv(&c, &c.custom, 0);
    close_csv(&c, &c.table, 0);
    if (o->loaded) {
        if (o->relay)
            o->relay->run = NULL; /* c is gone: later lines are kept again */
    } else {
        acc_scenario_free(c.s);
    }
    return rc;
}
