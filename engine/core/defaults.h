/* accord core — the tables of calibrated defaults that the build generates
 * from data/regimes.csv, data/world.csv and data/kinds.csv (tools/gen_defaults.c writes
 * generated/defaults_data.c). Internal: the public functions that read them
 * are declared in core/model.h ("Calibrated defaults").
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_CORE_DEFAULTS_H
#define ACC_CORE_DEFAULTS_H

typedef struct acc_default_row {
    const char *id;     /* preset id ("eu", "generic"); "" in the model-wide rows */
    const char *field;  /* field name as in a scenario */
    double value;       /* the number (0 for the text field "name") */
    const char *text;   /* the value of the text field "name", else NULL */
    const char *basis;  /* "sourced", "derived" or "assumption" */
    const char *source; /* source ids of data/sources.csv ("S01;S02"), or "A" */
} acc_default_row;

extern const acc_default_row acc_preset_rows[]; /* data/regimes.csv, in its order */
extern const int acc_preset_nrows;
extern const acc_default_row acc_world_rows[]; /* data/world.csv, in its order */
extern const int acc_world_nrows;
extern const acc_default_row acc_kind_rows[]; /* data/kinds.csv: id is the kind's name */
extern const int acc_kind_nrows;

/* Lay data/'s values over the built-in defaults (fields.c calls these):
 * the preset of `id` (the generic one if `id` has none), data/world.csv,
 * data/kinds.csv for a population entry of `kind`. */
struct acc_jur_cfg;
struct acc_config;
struct acc_pop_cfg;
void acc_pop_apply_kind(struct acc_pop_cfg *p, int kind);
void acc_jur_apply_preset(struct acc_jur_cfg *j, const char *id);
void acc_config_apply_world(struct acc_config *cfg);

#endif
