/* accord — helpers shared by the core's unit tests: small worlds built in C,
 * an event and time-series recorder, and hooks driven by a test callback.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef TEST_CORE_UTIL_H
#define TEST_CORE_UTIL_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/model.h"

/* A config with nj jurisdictions "j0".."j{nj-1}", no populations, no risk,
 * no startups, no audits: tests switch on what they exercise. Every other
 * value the known answers rest on is stated here (the built-in defaults of
 * before data/ became the defaults), so they do not move when data/world.csv
 * or the generic preset of data/regimes.csv is recalibrated. */
static inline acc_config *tc_config(int nj)
{
    acc_config *cfg = acc_config_new(); /* freed by free() or acc_config_free */
    assert_non_null(cfg);
    cfg->n_jur = nj;
    for (int j = 0; j < nj; j++) {
        acc_jur_defaults(&cfg->jur[j]);
        snprintf(cfg->jur[j].id, sizeof cfg->jur[j].id, "j%d", j);
        cfg->jur[j].audit_rate = 0;
        cfg->jur[j].detection = 0;
        cfg->jur[j].startup_rate = 0;
        cfg->jur[j].growth = 0;
        cfg->jur[j].market = 10000;
        cfg->jur[j].outside = 50;
        cfg->jur[j].entry_cost = 1;
        cfg->jur[j].binding = 0;
        cfg->jur[j].stringency = 0.5;
        cfg->jur[j].cert_cost = 0.5;
        cfg->jur[j].compliance_cost = 0.1;
        cfg->jur[j].compliance_share = 0;
        cfg->jur[j].review_months = 3;
        cfg->jur[j].fine_share = 0;
        cfg->jur[j].fine_min = 0;
        cfg->jur[j].suspension_months = 3;
        cfg->jur[j].label_premium = 0;
        cfg->jur[j].transition_months = 12;
        /* v2 mechanisms off (v1.2), whatever data/ makes the default */
        cfg->jur[j].assessment_noise = 0;
        cfg->jur[j].enforcement = 0;
        cfg->jur[j].venture_funding = 0;
        cfg->jur[j].users = 0;
        cfg->jur[j].user_growth = 0;
        cfg->jur[j].regulated_share = 1;
        cfg->jur[j].setup_cost = 0;
    }
    cfg->risk_patch_sigma = 0;
    cfg->risk_harm_per_user_month = 0;
    cfg->fine_sme_by_revenue = 0;
    cfg->order_catch_up_first = 0;
    cfg->compliance_per_market = 1;
    cfg->upgrade_when_failing = 0;
    cfg->productivity_shape = 4.5; /* the engine's value before the v2 calibration */
    cfg->risk_harm_per_revenue = 1;
    cfg->open_upstream_share = 0.5;
    cfg->risk_base_hazard = 0;
    cfg->risk_self_detect = 0;
    cfg->upstream_prob = 0;
    return cfg;
}

static inline acc_dist tc_fixed(double v)
{
    acc_dist d = {ACC_DIST_FIXED, v, v};
    return d;
}

/* A population entry with every attribute fixed. */
static inline acc_pop_cfg *tc_pop(acc_config *cfg, int kind, int home, int count, double capital,
                                  double capability, double safety, double phi_min)
{
    acc_pop_cfg *p = &cfg->pop[cfg->n_pop++];
    acc_pop_defaults(p, kind);
    p->law_abiding = 1; /* v1.2, whatever data/kinds.csv makes the default */
    p->home = home;
    p->count = count;
    p->capital = tc_fixed(capital);
    p->capability = tc_fixed(capability);
    p->safety = tc_fixed(safety);
    p->invest_rate = tc_fixed(0);
    p->safety_share = tc_fixed(0.2);
    p->horizon = tc_fixed(5);
    p->opex = tc_fixed(0);
    p->phi_min = tc_fixed(phi_min);
    return p;
}

/* ---- recorder: events and rows ----------------------------------------------------- */

typedef struct tc_rec {
    acc_event *ev;
    size_t nev, capev;
    acc_ts_row *rows;
    size_t nrows, caprows;
    int fail_event_at; /* return ACC_EIO on this event number (1-based), 0: never */
} tc_rec;

static inline int tc_on_event(void *ud, const acc_event *ev)
{
    tc_rec *r = ud;
    if (r->nev == r->capev) {
        r->capev = r->capev ? 2 * r->capev : 256;
        r->ev = realloc(r->ev, r->capev * sizeof *r->ev);
        assert_non_null(r->ev);
    }
    r->ev[r->nev++] = *ev;
    if (r->fail_event_at && (int)r->nev == r->fail_event_at)
        return ACC_EIO;
    return ACC_OK;
}

static inline int tc_on_row(void *ud, const acc_ts_row *row)
{
    tc_rec *r = ud;
    if (r->nrows == r->caprows) {
        r->caprows = r->caprows ? 2 * r->caprows : 256;
        r->rows = realloc(r->rows, r->caprows * sizeof *r->rows);
        assert_non_null(r->rows);
    }
    r->rows[r->nrows++] = *row;
    return ACC_OK;
}

static inline void tc_attach(acc_world *w, tc_rec *r)
{
    acc_sink s = {r, tc_on_row, tc_on_event};
    acc_world_set_sink(w, &s);
}

static inline void tc_rec_clear(tc_rec *r)
{
    r->nev = 0;
    r->nrows = 0;
}

static inline void tc_rec_free(tc_rec *r)
{
    free(r->ev);
    free(r->rows);
    memset(r, 0, sizeof *r);
}

static inline size_t tc_count(const tc_rec *r, int type, int64_t dev, int jur)
{
    size_t n = 0;
    for (size_t k = 0; k < r->nev; k++)
        if (r->ev[k].type == type && (dev < 0 || r->ev[k].dev == dev) && (jur == -9 || r->ev[k].jur == jur))
            n++;
    return n;
}

static inline const acc_event *tc_find(const tc_rec *r, int type, int64_t dev, int jur)
{
    for (size_t k = 0; k < r->nev; k++)
        if (r->ev[k].type == type && (dev < 0 || r->ev[k].dev == dev) && (jur == -9 || r->ev[k].jur == jur))
            return &r->ev[k];
    return NULL;
}

static inline acc_world *tc_world(const acc_config *cfg, uint64_t seed, uint64_t run)
{
    acc_world *w = NULL;
    char err[ACC_ERRLEN];
    int rc = acc_world_new(cfg, seed, run, &w, err, sizeof err);
    if (rc)
        fail_msg("acc_world_new: %s", err);
    return w;
}

static inline void tc_step(acc_world *w)
{
    int rc = acc_world_step(w);
    if (rc)
        fail_msg("step %d failed (%d): %s", acc_world_step_index(w) + 1, rc, acc_world_errmsg(w));
}

/* Hooks calling a test function at step_begin / as the developer rule. */
typedef struct tc_hooks {
    int (*begin)(struct tc_hooks *h, acc_world *w, int step);
    int (*rule)(struct tc_hooks *h, acc_world *w, int step);
    int (*incident)(struct tc_hooks *h, acc_world *w, const acc_event *ev);
    int (*end)(struct tc_hooks *h, acc_world *w, int step);
    void *data;
    int n_incident_calls;
} tc_hooks;

static inline int tc_h_begin(void *ud, acc_world *w)
{
    tc_hooks *h = ud;
    return h->begin ? h->begin(h, w, acc_world_step_index(w) + 1) : 0;
}
static inline int tc_h_rule(void *ud, acc_world *w)
{
    tc_hooks *h = ud;
    return h->rule(h, w, acc_world_step_index(w) + 1);
}
static inline int tc_h_incident(void *ud, acc_world *w, const acc_event *ev)
{
    tc_hooks *h = ud;
    h->n_incident_calls++;
    return h->incident ? h->incident(h, w, ev) : 0;
}
static inline int tc_h_end(void *ud, acc_world *w)
{
    tc_hooks *h = ud;
    return h->end ? h->end(h, w, acc_world_step_index(w) + 1) : 0;
}

static inline void tc_attach_hooks(acc_world *w, tc_hooks *h)
{
    acc_hooks hk = {h, tc_h_begin, h->rule ? tc_h_rule : NULL, tc_h_incident, tc_h_end};
    acc_world_set_hooks(w, &hk);
}

/* A whole run of (cfg, seed, run) recorded into rec, with begin and end as
 * step_begin and step_end hooks (either NULL) and data as their h->data. */
static inline void tc_run_hooked(const acc_config *cfg, uint64_t seed, uint64_t run, tc_rec *rec,
                                 int (*begin)(tc_hooks *, acc_world *, int),
                                 int (*end)(tc_hooks *, acc_world *, int), void *data)
{
    acc_world *w = tc_world(cfg, seed, run);
    tc_attach(w, rec);
    tc_hooks h = {0};
    h.begin = begin;
    h.end = end;
    h.data = data;
    tc_attach_hooks(w, &h);
    int rc = acc_world_run(w);
    if (rc)
        fail_msg("run failed: %s", acc_world_errmsg(w));
    acc_world_free(w);
}

static inline double tc_dev(const acc_world *w, int64_t i, int attr) { return acc_world_dev_get(w, i, attr); }

/* Two recorded runs are the same, bit for bit: every time-series row (NaN
 * included) and every event (type, developer, market, path, value, lag,
 * harm, detail). Returns the number of events of type `count_type`. */
static inline size_t tc_assert_same_records(const tc_rec *ra, const tc_rec *rb, int count_type)
{
    assert_int_equal(ra->nrows, rb->nrows);
    for (size_t k = 0; k < ra->nrows; k++) {
        assert_int_equal(ra->rows[k].step, rb->rows[k].step);
        assert_int_equal(ra->rows[k].jur, rb->rows[k].jur);
        assert_memory_equal(ra->rows[k].v, rb->rows[k].v, sizeof ra->rows[k].v);
    }
    assert_int_equal(ra->nev, rb->nev);
    size_t counted = 0;
    for (size_t k = 0; k < ra->nev; k++) {
        const acc_event *x = &ra->ev[k], *y = &rb->ev[k];
        assert_int_equal(x->step, y->step);
        assert_int_equal(x->type, y->type);
        assert_int_equal(x->dev, y->dev);
        assert_int_equal(x->jur, y->jur);
        assert_int_equal(x->path, y->path);
        assert_memory_equal(&x->value, &y->value, sizeof x->value);
        assert_memory_equal(&x->lag, &y->lag, sizeof x->lag);
        assert_memory_equal(&x->harm, &y->harm, sizeof x->harm);
        assert_true((x->detail == NULL) == (y->detail == NULL));
        if (x->detail)
            assert_string_equal(x->detail, y->detail);
        counted += x->type == count_type;
    }
    return counted;
}

/* A summary outcome by name (fails the test if there is none). */
static inline double tc_summary(const acc_world *w, const char *name)
{
    double v[256];
    acc_world_summary(w, v);
    for (int k = 0; k < acc_world_summary_count(w); k++)
        if (strcmp(acc_world_summary_name(w, k), name) == 0)
            return v[k];
    fail_msg("no summary value '%s'", name);
    return NAN;
}

#endif
