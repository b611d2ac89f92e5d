/* accord core — the calibrated defaults: data/regimes.csv, data/world.csv and
 * data/kinds.csv compiled in (the build generates the tables, core/defaults.h), applied on
 * top of the fields' built-in defaults. A jurisdiction id with a preset takes
 * that preset's values; any other id the generic preset's.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/defaults.h"

#include <stdio.h>
#include <string.h>

#include "core/model.h"

static const char *basis_assumption = "assumption", *source_assumption = "A";

int acc_preset_count(void)
{
    int n = 0;
    for (int r = 0; r < acc_preset_nrows; r++)
        if (r == 0 || strcmp(acc_preset_rows[r].id, acc_preset_rows[r - 1].id) != 0)
            n++;
    return n;
}

const char *acc_preset_id(int i)
{
    int n = -1;
    for (int r = 0; r < acc_preset_nrows; r++)
        if ((r == 0 || strcmp(acc_preset_rows[r].id, acc_preset_rows[r - 1].id) != 0) && ++n == i)
            return acc_preset_rows[r].id;
    return NULL;
}

int acc_preset_exists(const char *id)
{
    for (int r = 0; id && r < acc_preset_nrows; r++)
        if (strcmp(acc_preset_rows[r].id, id) == 0)
            return 1;
    return 0;
}

static const acc_default_row *find(const acc_default_row *rows, int n, const char *id, const char *field)
{
    for (int r = 0; r < n; r++)
        if (strcmp(rows[r].id, id) == 0 && strcmp(rows[r].field, field) == 0)
            return &rows[r];
    return NULL;
}

const char *acc_preset_name(const char *id)
{
    const acc_default_row *row = id ? find(acc_preset_rows, acc_preset_nrows, id, "name") : NULL;
    return row ? row->text : NULL;
}

static int give(const acc_default_row *row, const acc_field *f, double *v, const char **basis,
                const char **source)
{
    if (v)
        *v = row ? row->value : f->def;
    if (basis)
        *basis = row ? row->basis : basis_assumption;
    if (source)
        *source = row ? row->source : source_assumption;
    return row != NULL;
}

int acc_jur_default(const char *id, const char *field, double *v, const char **basis, const char **source)
{
    int nf;
    const acc_field *t = acc_jur_fields(&nf), *f = acc_field_find(t, nf, field);
    if (!f)
        return -1;
    const char *preset = acc_preset_exists(id) ? id : ACC_GENERIC_PRESET;
    return give(find(acc_preset_rows, acc_preset_nrows, preset, field), f, v, basis, source);
}

int acc_config_default(const char *field, double *v, const char **basis, const char **source)
{
    int nf;
    const acc_field *t = acc_config_fields(&nf), *f = acc_field_find(t, nf, field);
    if (!f)
        return -1;
    return give(find(acc_world_rows, acc_world_nrows, "", field), f, v, basis, source);
}

/* Jurisdiction fields of `preset` over the built-in ones (called by
 * acc_jur_defaults / acc_jur_defaults_for in fields.c). */
void acc_jur_apply_preset(acc_jur_cfg *j, const char *id)
{
    int nf;
    const acc_field *f = acc_jur_fields(&nf);
    for (int i = 0; i < nf; i++) {
        double v;
        if (acc_jur_default(id, f[i].name, &v, NULL, NULL) == 1)
            acc_field_set(&f[i], j, v);
    }
}

void acc_config_apply_world(acc_config *cfg)
{
    int nf;
    const acc_field *f = acc_config_fields(&nf);
    for (int i = 0; i < nf; i++) {
        double v;
        if (acc_config_default(f[i].name, &v, NULL, NULL) == 1)
            acc_field_set(&f[i], cfg, v);
    }
}

int acc_pop_default(int kind, const char *field, double *v, const char **basis, const char **source)
{
    int nf;
    const acc_field *t = acc_pop_fields(&nf), *f = acc_field_find(t, nf, field);
    if (!f || kind < 0 || kind >= ACC_NKINDS)
        return -1;
    return give(find(acc_kind_rows, acc_kind_nrows, acc_kind_name(kind), field), f, v, basis, source);
}

void acc_pop_apply_kind(acc_pop_cfg *p, int kind)
{
    int nf;
    const acc_field *f = acc_pop_fields(&nf);
    for (int i = 0; i < nf; i++) {
        double v;
        if (acc_pop_default(kind, f[i].name, &v, NULL, NULL) == 1)
            acc_field_set(&f[i], p, v);
    }
}

void acc_jur_defaults_for(acc_jur_cfg *j, const char *id)
{
    if (!j)
        return;
    acc_jur_defaults(j);
    if (!id)
        return;
    acc_jur_apply_preset(j, id);
    snprintf(j->id, sizeof j->id, "%s", id);
    const char *name = acc_preset_exists(id) ? acc_preset_name(id) : NULL;
    snprintf(j->name, sizeof j->name, "%s", name ? name : id);
}
