/* accord report — the outcomes people look at first, in one table: each
 * outcome's display name, unit and one-line description, its place among
 * the key outcomes that summary tables show first (accord compare, accord
 * report) and among the outcomes a sweep's figures show by default (accord
 * plot). The names are those of the core's summary (acc_world_summary_name,
 * core/world.c, core/summary.c; per-jurisdiction ones by their prefix:
 * harm_<id>, ...) and, for function models, of their outcomes (freq_unsafe:
 * scenarios/literature/han2020.lua).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_REPORT_OUTCOMES_H
#define ACC_REPORT_OUTCOMES_H

typedef struct acc_outcome_info {
    const char *name;  /* as in summary.csv and runs.csv */
    const char *label; /* display name ("Welfare") */
    const char *unit;  /* "M$", "steps", "0-1", ... ("" if a count) */
    const char *doc;   /* one line with the unit, as tables print it beside the name */
    int key;           /* place among the key outcomes of tables, 1 first; 0: not key */
    int figure;        /* place among a sweep's default figures, 1 first; 0: none */
} acc_outcome_info;

/* The row of a known outcome, else NULL. A per-jurisdiction name (harm_eu)
 * gives its prefix's row (name "harm_"). */
const acc_outcome_info *acc_outcome_find(const char *name);
/* Its one-line description, else NULL. */
const char *acc_outcome_doc(const char *name);
/* The i-th key outcome (i = 0, 1, ...) of summary tables; NULL past the last. */
const char *acc_outcome_key(int i);
/* 1 if name is a key outcome. */
int acc_outcome_is_key(const char *name);
/* The i-th outcome a sweep's figures show by default; NULL past the last. */
const char *acc_outcome_figure(int i);

struct acc_jval;
/* The unit of any outcome: the one the scenario gave a custom metric
 * (world:record(name, v, {unit})), as listed in the "metrics" of a run's,
 * sweep's or comparison's manifest.json (its root; may be NULL), else the
 * table's for a known one (harm_eu: "M$"), else "". *doc (if doc is not
 * NULL): its one-line meaning, or "". */
const char *acc_outcome_unit(const char *name, const struct acc_jval *manifest, const char **doc);

/* The values an outcome can take, from what it measures (docs/outputs.md):
 * ACC_SUPPORT_REAL (any sign: welfare, an unknown or custom metric),
 * ACC_SUPPORT_NONNEG ([0, inf): a count, a cost, harm, a duration, a rate,
 * harm_<j> ...) or ACC_SUPPORT_UNIT ([0, 1]: a share, a probability).
 * *lo and *hi (either may be NULL) receive the bounds (-inf/inf when open).
 * Confidence intervals of a mean are cut to these bounds (points.csv,
 * docs/statistics.md): the mean lies inside them, so the cut interval
 * covers it exactly as often as the uncut one. */
enum { ACC_SUPPORT_REAL = 0, ACC_SUPPORT_NONNEG = 1, ACC_SUPPORT_UNIT = 2 };
int acc_outcome_support(const char *name, double *lo, double *hi);

#endif
