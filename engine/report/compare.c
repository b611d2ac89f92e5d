/* accord report — comparison of runs and sweeps: the arms' statistics and
 * differences from the first input (stats/estimate.h), the labels, the
 * run that writes the comparison directory, accessors and the terminal
 * table. Reading inputs: compare_read.c; the directory: compare_write.c.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "report/compare.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/common.h"
#include "io/atomic.h"
#include "io/layout.h"
#include "report/compare_int.h"
#include "report/compare_regret.h"
#include "report/outcomes.h"
#include "report/plot.h"
#include "report/plot_int.h"
#include "report/report.h"
#include "stats/estimate.h"

static void arm_free(arm *a)
{
    free(a->source);
    free(a->description);
    free(a->settings);
    for (int i = 0; i < a->nnames; i++)
        free(a->names[i]);
    free(a->names);
    free(a->v);
    free(a->keys);
    for (int i = 0; i < a->ndirs; i++)
        free(a->dirs[i]);
    free(a->dirs);
    free(a->seeds);
    free(a->seeds_text);
    free(a->warning);
    cmp_free_names(a->meta_names, a->nmeta);
    cmp_free_names(a->meta_units, a->nmeta);
    cmp_free_names(a->meta_docs, a->nmeta);
}

void acc_compare_free(acc_compare *c)
{
    if (!c)
        return;
    for (int i = 0; i < c->narms; i++)
        arm_free(&c->a[i]);
    for (int k = 0; k < c->nout; k++)
        free(c->outcomes[k]);
    free(c->outcomes);
    free(c->cells);
    free(c);
}

/* ---- labels ---------------------------------------------------------------------- */

int cmp_label_ok(const char *s)
{
    if (!*s || strlen(s) >= LABEL_LEN)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '-' || *s == '.'))
            return 0;
    return 1;
}

static void sanitize_label(char *s)
{
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '-' || *s == '.'))
            *s = '_';
}

static void base_name(const char *dir, char *out, size_t n)
{
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/')
        len--;
    size_t start = len;
    while (start > 0 && dir[start - 1] != '/')
        start--;
    snprintf(out, n, "%.*s", (int)(len - start), dir + start);
}

/* ---- statistics ---------------------------------------------------------------- */

static int arm_col(const arm *a, const char *name)
{
    for (int k = 0; k < a->nnames; k++)
        if (strcmp(a->names[k], name) == 0)
            return k;
    return -1;
}

/* Cut [*lo, *hi] to [min, max] as points.csv does (docs/statistics.md
 * §2.1): only when the estimate lies within the bounds (else the name
 * misleads: a custom metric called harm_net); 1 if a bound moved. */
static int cut_to_bounds(double est, double *lo, double *hi, double min, double max)
{
    if (!(est >= min && est <= max))
        return 0;
    double l = *lo, h = *hi;
    acc_stat_interval_clip(lo, hi, min, max);
    /* no interval (one run: NaN) is not cut: NaN != NaN */
    return (l != *lo && !isnan(l)) || (h != *hi && !isnan(h));
}

static void cell_stats(const arm *a, int col, double level, double min, double max,
                       acc_compare_cell *c)
{
    c->n = 0;
    c->mean = c->sd = c->lo = c->hi = NAN;
    c->diff = c->diff_lo = c->diff_hi = c->diff_pct = NAN;
    c->cut = 0;
    if (col < 0 || a->nrep < 1)
        return;
    acc_stat_interval s;
    acc_stat_mean_ci(a->v + col, (size_t)a->nrep, (size_t)a->nnames, level, &s);
    c->n = (int)s.n;
    c->mean = s.mean;
    c->sd = s.sd;
    c->lo = s.lo;
    c->hi = s.hi;
    c->cut = cut_to_bounds(c->mean, &c->lo, &c->hi, min, max);
}

/* Same replication keys in both arms (each once): differences can be paired
 * (one run each with the same seed and run index: a paired difference
 * without an interval). */
static int same_keys(const arm *a, const arm *b)
{
    if (a->nrep != b->nrep || a->nrep < 1)
        return 0;
    for (int i = 0; i < a->nrep; i++) {
        int hits = 0;
        for (int j = 0; j < b->nrep; j++)
            hits += a->keys[2 * i] == b->keys[2 * j] && a->keys[2 * i + 1] == b->keys[2 * j + 1];
        int dups = 0;
        for (int j = 0; j < a->nrep; j++)
            dups += a->keys[2 * i] == a->keys[2 * j] && a->keys[2 * i + 1] == a->keys[2 * j + 1];
        if (hits != 1 || dups != 1)
            return 0;
    }
    return 1;
}

/* Differences of arm b from the first arm: paired by replication key when
 * `paired` (pairs holds 2·first->nrep doubles of scratch), else Welch's. */
static void diff_stats(const arm *first, int c0, const arm *b, int cb, int paired, double level,
                       double *pairs, const acc_compare_cell *s0, acc_compare_cell *sb)
{
    if (!isfinite(s0->mean) || !isfinite(sb->mean))
        return;
    sb->diff = sb->mean - s0->mean;
    sb->diff_pct = s0->mean != 0 ? 100.0 * sb->diff / fabs(s0->mean) : NAN;
    if (paired && c0 >= 0 && cb >= 0) {
        /* same_keys: every key of the first arm is in b once */
        double *x = pairs, *y = pairs + first->nrep;
        for (int i = 0; i < first->nrep; i++) {
            int j = 0;
            while (j < b->nrep && !(first->keys[2 * i] == b->keys[2 * j] &&
                                    first->keys[2 * i + 1] == b->keys[2 * j + 1]))
                j++;
            x[i] = first->v[(size_t)i * (size_t)first->nnames + (size_t)c0];
            y[i] = b->v[(size_t)j * (size_t)b->nnames + (size_t)cb];
        }
        acc_stat_interval d;
        acc_stat_paired_ci(x, y, (size_t)first->nrep, level, &d);
        if (d.n < 2)
            return;
        /* The paired mean uses the pairs where both values exist. */
        sb->diff = d.mean;
        sb->diff_lo = d.lo;
        sb->diff_hi = d.hi;
    } else {
        acc_stat_welch_ci(s0->mean, s0->sd, (uint64_t)(s0->n > 0 ? s0->n : 0), sb->mean, sb->sd,
                          (uint64_t)(sb->n > 0 ? sb->n : 0), level, &sb->diff_lo, &sb->diff_hi);
    }
}

/* Every arm's statistics and differences from the first, per outcome. */
static int compute_cells(acc_compare *c, double level, char *err, size_t errlen)
{
    c->cells = calloc((size_t)c->narms * (size_t)(c->nout ? c->nout : 1), sizeof *c->cells);
    double *pairs = malloc(2 * (size_t)(c->a[0].nrep > 0 ? c->a[0].nrep : 1) * sizeof *pairs);
    if (!c->cells || !pairs) {
        free(pairs);
        return cmp_oom(err, errlen);
    }
    for (int i = 1; i < c->narms; i++)
        c->a[i].paired = same_keys(&c->a[0], &c->a[i]);
    for (int k = 0; k < c->nout; k++) {
        /* the outcome's bounds; a difference of two values within them lies
         * within ±(max − min) */
        double min, max;
        acc_outcome_support(c->outcomes[k], &min, &max);
        acc_compare_cell *c0 = &c->cells[k];
        int col0 = arm_col(&c->a[0], c->outcomes[k]);
        cell_stats(&c->a[0], col0, level, min, max, c0);
        for (int i = 1; i < c->narms; i++) {
            acc_compare_cell *ci = &c->cells[(size_t)i * (size_t)c->nout + (size_t)k];
            int coli = arm_col(&c->a[i], c->outcomes[k]);
            cell_stats(&c->a[i], coli, level, min, max, ci);
            diff_stats(&c->a[0], col0, &c->a[i], coli, c->a[i].paired, level, pairs, c0, ci);
            cut_to_bounds(ci->diff, &ci->diff_lo, &ci->diff_hi, min - max, max - min);
        }
    }
    free(pairs);
    return ACC_OK;
}

/* ---- seeds and pairing --------------------------------------------------------- */

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return (a > b) - (a < b);
}

int cmp_arm_seeds(arm *a, char *err, size_t errlen)
{
    free(a->seeds);
    a->seeds = malloc((size_t)(a->nrep > 0 ? a->nrep : 1) * sizeof *a->seeds);
    if (!a->seeds)
        return cmp_oom(err, errlen);
    for (int r = 0; r < a->nrep; r++)
        a->seeds[r] = a->keys[2 * r];
    qsort(a->seeds, (size_t)a->nrep, sizeof *a->seeds, cmp_u64);
    a->nseeds = 0;
    for (int r = 0; r < a->nrep; r++)
        if (a->nseeds == 0 || a->seeds[a->nseeds - 1] != a->seeds[r])
            a->seeds[a->nseeds++] = a->seeds[r];
    /* Runs of consecutive seeds as "lo-hi"; after 6 pieces "..." and the count. */
    acc_sb t;
    acc_sb_init(&t);
    int pieces = 0;
    for (int i = 0; i < a->nseeds;) {
        int j = i;
        while (j + 1 < a->nseeds && a->seeds[j + 1] == a->seeds[j] + 1)
            j++;
        if (++pieces > 6) {
            acc_sb_printf(&t, ", ... (%d seeds)", a->nseeds);
            break;
        }
        acc_sb_printf(&t, "%s%llu", i ? ", " : "", (unsigned long long)a->seeds[i]);
        if (j > i)
            acc_sb_printf(&t, "%s%llu", j == i + 1 ? ", " : "-", (unsigned long long)a->seeds[j]);
        i = j + 1;
    }
    free(a->seeds_text);
    a->seeds_text = t.oom ? NULL : cmp_dup_str(acc_sb_str(&t));
    acc_sb_free(&t);
    return a->seeds_text ? ACC_OK : cmp_oom(err, errlen);
}

static int same_seeds(const arm *a, const arm *b)
{
    if (a->nseeds != b->nseeds)
        return 0;
    for (int i = 0; i < a->nseeds; i++)
        if (a->seeds[i] != b->seeds[i])
            return 0;
    return 1;
}

/* Why arm i's differences from the first are not paired, and how to pair
 * them ("" when they are). */
static int arm_warning(acc_compare *c, int i, char *err, size_t errlen)
{
    const arm *f = &c->a[0];
    arm *a = &c->a[i];
    acc_sb w;
    acc_sb_init(&w);
    if (!a->paired) {
        const char *one = a->nseeds == 1 ? "" : "s", *onef = f->nseeds == 1 ? "" : "s";
        acc_sb_printf(&w, "[%d] %s and [1] %s are not paired: ", i + 1, a->label, f->label);
        if (!same_seeds(a, f))
            acc_sb_printf(&w, "they ran with different seeds ([%d]: seed%s %s; [1]: seed%s %s), ",
                          i + 1, one, a->seeds_text, onef, f->seeds_text);
        else if (a->sweep || f->sweep)
            acc_sb_printf(&w, "their runs do not match one to one by seed, design point and "
                          "replication ([%d]: %d run%s; [1]: %d), ",
                          i + 1, a->nrep, a->nrep == 1 ? "" : "s", f->nrep);
        else
            acc_sb_printf(&w, "they have different replications ([%d]: %d run%s; [1]: %d), ",
                          i + 1, a->nrep, a->nrep == 1 ? "" : "s", f->nrep);
        acc_sb_add(&w, "so each difference mixes the change with run-to-run noise");
        if (a->nrep >= 2 && f->nrep >= 2)
            acc_sb_add(&w, " (Welch's interval, wider than a paired one)");
        else
            acc_sb_add(&w, " (and has no interval)");
        if (a->sweep || f->sweep)
            acc_sb_add(&w, "; to pair them, run both sweeps with the same --seed, --reps and "
                           "design (--vary, --design, --samples)");
        else if (f->nseeds == 1 && a->nrep == 1)
            acc_sb_printf(&w, "; to pair them, run [%d] again with --seed %llu (the seed of [1])",
                          i + 1, (unsigned long long)f->seeds[0]);
        else
            acc_sb_add(&w, "; to pair them, give both inputs runs with the same seeds (--seed), "
                           "each input's runs joined by commas: DIR1,DIR2,...");
    }
    free(a->warning);
    a->warning = w.oom ? NULL : cmp_dup_str(acc_sb_str(&w));
    acc_sb_free(&w);
    return a->warning ? ACC_OK : cmp_oom(err, errlen);
}

/* Union of the arms' outcome names: the first arm's order, then new ones. */
static int collect_outcomes(acc_compare *c, char *err, size_t errlen)
{
    int cap = 0;
    for (int i = 0; i < c->narms; i++)
        cap += c->a[i].nnames;
    c->outcomes = calloc((size_t)(cap ? cap : 1), sizeof *c->outcomes);
    if (!c->outcomes)
        return cmp_oom(err, errlen);
    for (int i = 0; i < c->narms; i++)
        for (int k = 0; k < c->a[i].nnames; k++)
            if (!cmp_name_in(c->a[i].names[k], c->outcomes, c->nout)) {
                if (!(c->outcomes[c->nout] = cmp_dup_str(c->a[i].names[k])))
                    return cmp_oom(err, errlen);
                c->nout++;
            }
    return ACC_OK;
}

int acc_compare_run(const acc_compare_opts *o, acc_compare **out, char *err, size_t errlen)
{
    *out = NULL;
    if (!o || o->n_inputs < 1 || o->n_inputs > MAX_ARMS || !o->inputs || !o->outdir) {
        acc_errf(err, errlen, "compare: give 1 to %d inputs and an output directory", MAX_ARMS);
        return ACC_EINVAL;
    }
    double level = o->level > 0 ? o->level : 0.95;
    if (!(level > 0 && level < 1)) {
        acc_errf(err, errlen, "compare: confidence level must be in (0, 1), got %g", level);
        return ACC_EINVAL;
    }
    const char *jur = o->jurisdiction && *o->jurisdiction ? o->jurisdiction : "all";
    acc_compare *c = calloc(1, sizeof *c);
    if (!c)
        return cmp_oom(err, errlen);
    c->level = level;
    snprintf(c->jurisdiction, sizeof c->jurisdiction, "%s", jur);
    int rc = ACC_OK;
    for (int i = 0; i < o->n_inputs && !rc; i++) {
        c->narms++;
        rc = cmp_load_arm(&c->a[i], o->inputs[i], err, errlen);
        if (!rc && c->a[i].nrep == 0) {
            acc_errf(err, errlen, "%s: no finished runs", o->inputs[i]);
            rc = ACC_EINVAL;
        }
    }
    if (rc)
        goto fail;
    /* Labels: given, else the scenario name, else the directory's name. */
    for (int i = 0; i < c->narms; i++) {
        arm *a = &c->a[i];
        if (o->labels) {
            if (!cmp_label_ok(o->labels[i])) {
                acc_errf(err, errlen, "label '%s': use letters, digits, '_', '-', '.' (at most "
                         "%d)", o->labels[i], LABEL_LEN - 1);
                rc = ACC_EINVAL;
                goto fail;
            }
            snprintf(a->label, sizeof a->label, "%s", o->labels[i]);
        } else {
            int dup = 0;
            for (int k = 0; k < c->narms; k++)
                dup += k != i && strcmp(c->a[k].scenario, a->scenario) == 0;
            if (a->scenario[0] && !dup && !strchr(a->source, ','))
                acc_io_copy(a->label, sizeof a->label, a->scenario);
            else if (!strchr(a->source, ','))
                base_name(a->source, a->label, sizeof a->label);
            else
                acc_io_copy(a->label, sizeof a->label, a->scenario[0] ? a->scenario : "input");
            sanitize_label(a->label);
            if (!a->label[0])
                snprintf(a->label, sizeof a->label, "input%d", i + 1);
        }
    }
    for (int i = 1; i < c->narms; i++)
        for (int k = 0; k < i; k++)
            if (strcmp(c->a[i].label, c->a[k].label) == 0) {
                if (o->labels) {
                    acc_errf(err, errlen, "label '%s' given twice", c->a[i].label);
                    rc = ACC_EINVAL;
                    goto fail;
                }
                char num[16];
                snprintf(num, sizeof num, "_%d", i + 1);
                size_t room = sizeof c->a[i].label - strlen(num) - 1;
                if (strlen(c->a[i].label) > room)
                    c->a[i].label[room] = '\0';
                strcat(c->a[i].label, num);
                k = -1; /* check again */
            }
    if ((rc = collect_outcomes(c, err, errlen)))
        goto fail;
    if ((rc = compute_cells(c, level, err, errlen)))
        goto fail;
    for (int i = 0; i < c->narms && !rc; i++)
        rc = cmp_arm_seeds(&c->a[i], err, errlen);
    for (int i = 1; i < c->narms && !rc; i++)
        rc = arm_warning(c, i, err, errlen);
    if (rc)
        goto fail;
    int ts_arms = 0, diffs = 0;
    if ((rc = acc_io_check_outdir_kind(o->outdir, ACC_KIND_COMPARE, err, errlen)) ||
        (rc = acc_io_mkdir_p(o->outdir, err, errlen)))
        goto fail;
    acc_atomic_remove_stale(o->outdir); /* what a killed writer left there */
    /* An earlier comparison in the same directory goes before the first new
     * file takes its name, as an earlier run does (docs/outputs.md): its
     * manifest first (a compare killed from here on leaves none describing
     * files it did not write), then what this one may not write again (series
     * and figures it does not have, --regret's tables) and its report. */
    static const char *const earlier[] = {ACC_FILE_MANIFEST, ACC_FILE_COMPARE_TS,
                                          ACC_FILE_COMPARE_DIFF, ACC_FILE_COMPARE_POINTS,
                                          ACC_FILE_COMPARE_REGRET, ACC_FILE_COMPARE_REGRET_JSON};
    char stale[4200];
    for (size_t k = 0; k < sizeof earlier / sizeof earlier[0]; k++)
        if (snprintf(stale, sizeof stale, "%s/%s", o->outdir, earlier[k]) < (int)sizeof stale)
            unlink(stale);
    acc_plot_forget_figures(o->outdir);
    acc_report_forget(o->outdir);
    if ((rc = cmp_write_table(c, o->outdir, err, errlen)) ||
        (rc = cmp_write_timeseries(c, o->outdir, &ts_arms, &diffs, err, errlen)) ||
        (rc = cmp_write_manifest(c, o, ts_arms, diffs, err, errlen)))
        goto fail;
    *out = c;
    return ACC_OK;
fail:
    acc_compare_free(c);
    return rc;
}

/* ---- accessors ------------------------------------------------------------------- */

int acc_compare_narms(const acc_compare *c) { return c ? c->narms : 0; }

static const arm *arm_at(const acc_compare *c, int i)
{
    return c && i >= 0 && i < c->narms ? &c->a[i] : NULL;
}

const char *acc_compare_label(const acc_compare *c, int i)
{
    const arm *a = arm_at(c, i);
    return a ? a->label : "";
}

const char *acc_compare_scenario(const acc_compare *c, int i)
{
    const arm *a = arm_at(c, i);
    return a ? a->scenario : "";
}

const char *acc_compare_description(const acc_compare *c, int i)
{
    const arm *a = arm_at(c, i);
    return a && a->description ? a->description : "";
}

const char *acc_compare_settings(const acc_compare *c, int i)
{
    const arm *a = arm_at(c, i);
    return a && a->settings ? a->settings : "";
}

const char *acc_compare_source(const acc_compare *c, int i)
{
    const arm *a = arm_at(c, i);
    return a && a->source ? a->source : "";
}

int acc_compare_paired(const acc_compare *c, int i)
{
    const arm *a = arm_at(c, i);
    return a ? a->paired : 0;
}

const char *acc_compare_seeds(const acc_compare *c, int i)
{
    const arm *a = arm_at(c, i);
    return a && a->seeds_text ? a->seeds_text : "";
}

const char *acc_compare_warning(const acc_compare *c, int i)
{
    const arm *a = arm_at(c, i);
    return a && a->warning ? a->warning : "";
}

int acc_compare_runs(const acc_compare *c, int i)
{
    const arm *a = arm_at(c, i);
    return !a ? 0 : a->n_loaded ? a->n_loaded : a->nrep;
}

int acc_compare_noutcomes(const acc_compare *c) { return c ? c->nout : 0; }

const char *acc_compare_outcome(const acc_compare *c, int k)
{
    return c && k >= 0 && k < c->nout ? c->outcomes[k] : NULL;
}

int acc_compare_find(const acc_compare *c, const char *outcome)
{
    for (int k = 0; c && outcome && k < c->nout; k++)
        if (strcmp(c->outcomes[k], outcome) == 0)
            return k;
    return -1;
}

const acc_compare_cell *acc_compare_get(const acc_compare *c, int i, int k)
{
    if (!c || i < 0 || i >= c->narms || k < 0 || k >= c->nout)
        return NULL;
    return &c->cells[(size_t)i * (size_t)c->nout + (size_t)k];
}

double acc_compare_level(const acc_compare *c) { return c ? c->level : NAN; }

const char *acc_compare_jurisdiction(const acc_compare *c) { return c ? c->jurisdiction : ""; }

/* ---- the terminal table ------------------------------------------------------------ */

static int arm_reps(const acc_compare *c, int i)
{
    const arm *a = &c->a[i];
    return a->n_loaded ? a->n_loaded : a->nrep;
}

void acc_compare_print(const acc_compare *c, FILE *f, int all, int width)
{
    if (!c || !f)
        return;
    int rows[256], nrows = 0;
    /* --jurisdiction J: its own outcomes (harm_J, exposure_J, ...) lead */
    int njur = 0;
    size_t jl = strlen(c->jurisdiction);
    for (int k = 0; !all && strcmp(c->jurisdiction, "all") != 0 && k < c->nout && nrows < 256; k++) {
        const char *o = c->outcomes[k];
        const acc_outcome_info *info = acc_outcome_find(o);
        size_t ol = strlen(o);
        if (info && ol > jl && o[ol - jl - 1] == '_' && strcmp(o + ol - jl, c->jurisdiction) == 0 &&
            strlen(info->name) == ol - jl && strncmp(info->name, o, ol - jl) == 0)
            rows[nrows++] = k;
    }
    njur = nrows;
    if (!all) {
        for (int i = 0; acc_outcome_key(i) && nrows < 256; i++) {
            int k = acc_compare_find(c, acc_outcome_key(i));
            if (k >= 0)
                rows[nrows++] = k;
        }
    }
    int nkey = nrows - njur;
    /* then the scenario's own metrics (world:record), up to 8: the analyst
     * recorded them because they matter */
    for (int i = 0, added = 0; !all && nkey >= 3 && i < c->narms; i++)
        for (int m = 0; m < c->a[i].nmeta && added < 8 && nrows < 256; m++) {
            int k = acc_compare_find(c, c->a[i].meta_names[m]), dup = k < 0;
            for (int r = 0; r < nrows && !dup; r++)
                dup = rows[r] == k;
            if (!dup) {
                rows[nrows++] = k;
                added++;
            }
        }
    if (all || nkey < 3) {
        nrows = 0;
        for (int k = 0; k < c->nout && nrows < 256; k++)
            rows[nrows++] = k;
    }
    int any_ci = 0, any_cut = 0;
    for (int i = 0; i < c->narms; i++)
        any_ci |= arm_reps(c, i) > 1;
    for (int r = 0; r < nrows; r++)
        for (int i = 0; i < c->narms; i++)
            any_cut |= c->cells[(size_t)i * (size_t)c->nout + (size_t)rows[r]].cut;
    fprintf(f, "compared%s%s:\n", any_ci ? " (mean ± half-width of the interval over replications" : "",
            !any_ci ? "" : any_cut ? "; [low, high] where it is cut at the outcome's bounds)" : ")");
    for (int i = 0; i < c->narms; i++) {
        int n = arm_reps(c, i);
        const char *st = c->a[i].seeds_text ? c->a[i].seeds_text : "";
        fprintf(f, "  [%d] %-20s %s  (%d %s%s%s%s%s%s)%s%s\n", i + 1, c->a[i].label, c->a[i].source, n,
                c->a[i].sweep ? "sweep run" : "run", n == 1 ? "" : "s", *st ? ", seed" : "",
                !*st ? "" : c->a[i].nseeds != 1 ? "s " : " ", st,
                c->a[i].paired ? ", paired with [1]" : i > 0 ? ", not paired" : "",
                c->a[i].settings && *c->a[i].settings ? "  " : "",
                c->a[i].settings ? c->a[i].settings : "");
    }
    /* Pairing is by seed: it says nothing of whether the worlds are the same. */
    for (int i = 1; i < c->narms; i++)
        if (c->a[i].scenario[0] && c->a[0].scenario[0] && strcmp(c->a[i].scenario, c->a[0].scenario) != 0)
            fprintf(f, "  note: [%d] is another scenario ('%s'; [1] is '%s'):\n        its "
                       "differences are everything the two scenarios differ in, not one change\n",
                    i + 1, c->a[i].scenario, c->a[0].scenario);
    /* Cell texts, then column widths: a cell is its value (and interval),
     * right-aligned, then its change from [1], left-aligned, so the values
     * of a column line up whatever their changes' widths. */
    enum { CELL = 96, PCT = 32 };
    size_t ncells = (size_t)(nrows > 0 ? nrows : 1) * (size_t)(c->narms > 0 ? c->narms : 1);
    char(*text)[CELL] = calloc(ncells, CELL);
    char(*ptext)[PCT] = calloc(ncells, PCT);
    if (!text || !ptext) {
        free(text);
        free(ptext);
        return;
    }
    int namew = 7, valw[MAX_ARMS], pctw[MAX_ARMS];
    for (int i = 0; i < c->narms; i++)
        valw[i] = 3, pctw[i] = 0;
    int starred = 0;
    for (int r = 0; r < nrows; r++) {
        int k = rows[r];
        int l = (int)strlen(c->outcomes[k]);
        namew = l > namew ? l : namew;
        for (int i = 0; i < c->narms; i++) {
            const acc_compare_cell *x = &c->cells[(size_t)i * (size_t)c->nout + (size_t)k];
            char v[24], hw[56] = "";
            char *pct = ptext[(size_t)r * (size_t)c->narms + (size_t)i];
            acc_io_fmt_human(v, sizeof v, x->mean);
            if (isfinite(x->lo) && isfinite(x->hi) && x->cut) {
                /* no longer symmetric about the mean: its bounds */
                char low[24], high[24];
                acc_io_fmt_human(low, sizeof low, x->lo);
                acc_io_fmt_human(high, sizeof high, x->hi);
                snprintf(hw, sizeof hw, " [%s, %s]", low, high);
            } else if (isfinite(x->lo) && isfinite(x->hi)) {
                char h[24];
                acc_io_fmt_human(h, sizeof h, (x->hi - x->lo) / 2);
                snprintf(hw, sizeof hw, " ±%s", h);
            }
            if (i > 0) {
                int star = isfinite(x->diff_lo) && isfinite(x->diff_hi) &&
                           (x->diff_lo > 0 || x->diff_hi < 0);
                starred |= star;
                if (isfinite(x->diff_pct))
                    snprintf(pct, PCT, " (%+.1f%%%s)", x->diff_pct, star ? "*" : "");
                else if (isfinite(x->diff) && x->diff != 0)
                    snprintf(pct, PCT, " (%+.3g%s)", x->diff, star ? "*" : "");
                else if (isfinite(x->diff))
                    snprintf(pct, PCT, " (=)");
            }
            char *cell = text[(size_t)r * (size_t)c->narms + (size_t)i];
            snprintf(cell, CELL, "%s%s", v, hw);
            int cl = (int)strlen(cell);
            /* "±" is two bytes but one column. */
            if (strstr(hw, "±"))
                cl--;
            valw[i] = cl > valw[i] ? cl : valw[i];
            int pl = (int)strlen(pct);
            pctw[i] = pl > pctw[i] ? pl : pctw[i];
        }
    }
    int total = namew;
    for (int i = 0; i < c->narms; i++)
        total += 2 + valw[i] + pctw[i];
    if (width > 0 && total > width && namew > 16)
        namew = namew - (total - width) > 16 ? namew - (total - width) : 16;
    fprintf(f, "\n%-*s", namew, "outcome");
    for (int i = 0; i < c->narms; i++) {
        char h[16];
        snprintf(h, sizeof h, "[%d]", i + 1);
        fprintf(f, "  %*s%*s", valw[i], h, i + 1 < c->narms ? pctw[i] : 0, "");
    }
    fputc('\n', f);
    for (int r = 0; r < nrows; r++) {
        fprintf(f, "%-*.*s", namew, namew, c->outcomes[rows[r]]);
        for (int i = 0; i < c->narms; i++) {
            const char *cell = text[(size_t)r * (size_t)c->narms + (size_t)i];
            const char *pct = ptext[(size_t)r * (size_t)c->narms + (size_t)i];
            int pad = valw[i] - ((int)strlen(cell) - (strstr(cell, "±") ? 1 : 0));
            int ppad = i + 1 < c->narms ? pctw[i] - (int)strlen(pct) : 0;
            fprintf(f, "  %*s%s%s%*s", pad > 0 ? pad : 0, "", cell, pct, ppad > 0 ? ppad : 0, "");
        }
        fputc('\n', f);
    }
    if (c->narms > 1)
        fprintf(f, "\n(%%) change from [1]%s\n",
                starred ? "; * its interval excludes 0 (a difference beyond the run-to-run noise)" : "");
    free(text);
    free(ptext);
}
