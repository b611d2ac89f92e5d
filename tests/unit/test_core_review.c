/* accord — regression tests from a review of the core against MODEL.md: common
 * random numbers for founded startups, the voluntary-certification value of a
 * market entered in the same step, held bloc certificates after a withdrawal,
 * changes and decisions after a step's metrics, duplicate recognitions and
 * links, months rounded half away from zero, and no allocation while a world
 * steps. SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_core_util.h"

#include <stdint.h>

#include "core/world_int.h" /* conv_months */

#include "test_alloc_count.h" /* counts allocations while `counting` is set */

/* ---- common random numbers for founded startups ---------------------------------------
 * MODEL.md: two scenarios that differ in one policy see the same draws for
 * every entity, step and purpose they share. Arm B founds extra startups in
 * j0 from step 1; the startups founded in j1 are the same entities in both
 * arms (same founding step, order and attributes), live in the same states
 * (each enters j1 and j0 at its first decision, nothing else happens to
 * it), so their vulnerabilities must emerge at the same steps with the same
 * severities, although their ids differ between the arms. */
static int more_startups_in_j0(tc_hooks *h, acc_world *w, int step)
{
    (void)h;
    char err[256];
    if (step == 1)
        assert_int_equal(acc_world_jur_set(w, 0, "startup_rate", 30, err, sizeof err), ACC_OK);
    return 0;
}

typedef struct founded_log {
    int n;
    int64_t id[512];
    int step[512];
    double capital[512];
} founded_log;

static void founded_in(const tc_rec *r, int jur, founded_log *out)
{
    out->n = 0;
    for (size_t k = 0; k < r->nev && out->n < 512; k++)
        if (r->ev[k].type == ACC_EV_FOUNDED && r->ev[k].jur == jur) {
            out->id[out->n] = r->ev[k].dev;
            out->step[out->n] = r->ev[k].step;
            out->capital[out->n] = r->ev[k].value;
            out->n++;
        }
}

static const acc_event *vuln_of(const tc_rec *r, int64_t dev)
{
    for (size_t k = 0; k < r->nev; k++)
        if (r->ev[k].type == ACC_EV_VULNERABILITY && r->ev[k].dev == dev)
            return &r->ev[k];
    return NULL;
}

static void test_crn_founded_startups(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(2);
    cfg->years = 4;
    cfg->exit_months = 120;
    cfg->risk_base_hazard = 0.6;
    for (int j = 0; j < 2; j++) {
        cfg->jur[j].market = 1e6;
        cfg->jur[j].outside = 1;
        cfg->jur[j].entry_cost = 0;
    }
    cfg->jur[1].startup_rate = 9;
    /* startups that never change: no R&D, no opex, plenty of capital */
    for (int home = 0; home < 2; home++) {
        acc_pop_cfg *p = tc_pop(cfg, ACC_STARTUP, home, 0, 1e5, 1.5, 0.35, 1);
        p->capital = (acc_dist){ACC_DIST_UNIFORM, 1e5, 2e5};
    }
    tc_rec a = {0}, b = {0};
    for (int arm = 0; arm < 2; arm++) {
        acc_world *w = tc_world(cfg, 77, 2);
        tc_attach(w, arm ? &b : &a);
        tc_hooks h = {0};
        h.begin = arm ? more_startups_in_j0 : NULL;
        tc_attach_hooks(w, &h);
        assert_int_equal(acc_world_run(w), ACC_OK);
        /* every developer's key is its own (no two founded startups share one) */
        for (int64_t x = 1; x < w->n; x++)
            for (int64_t y = 0; y < x; y++)
                assert_true(w->ekey[x] != w->ekey[y]);
        acc_world_free(w);
    }
    founded_log fa, fb;
    founded_in(&a, 1, &fa);
    founded_in(&b, 1, &fb);
    assert_true(fa.n > 20);
    assert_int_equal(fa.n, fb.n);
    int shifted = 0, compared = 0;
    for (int q = 0; q < fa.n; q++) {
        /* the same entity: founding step and attributes */
        assert_int_equal(fa.step[q], fb.step[q]);
        assert_true(fa.capital[q] == fb.capital[q]);
        shifted += fa.id[q] != fb.id[q];
        const acc_event *va = vuln_of(&a, fa.id[q]), *vb = vuln_of(&b, fb.id[q]);
        assert_true((va == NULL) == (vb == NULL));
        if (va) {
            assert_int_equal(va->step, vb->step);
            assert_true(va->value == vb->value);
            compared++;
        }
    }
    assert_true(shifted > 10); /* the arms do give them different ids */
    assert_true(compared > 10);
    tc_rec_free(&a);
    tc_rec_free(&b);
    free(cfg);
}

/* ---- voluntary certification of a market entered in the same step -------------------
 * j0 non-binding with a label premium, where developer 1 (A = 1) is deployed;
 * developer 0 (A = 1, home j1: binding and out of reach) enters j0 at step 1
 * and then weighs the label against the others' A in j0, which is 1:
 *   E = (M/eps) a/(omega + 1 + a), El the same with a(1 + lambda).
 * With eps = 2, M = 100, omega = 0.01, lambda = 1, H = 5:
 *   H (El - E) = 5 * 50 * (2/3.01 - 1/2.01) = 41.8 > F = 10: it applies. */
static void test_voluntary_after_entry(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(2);
    cfg->elasticity = 2;
    cfg->productivity_shape = 3;
    acc_jur_cfg *j0 = &cfg->jur[0], *j1 = &cfg->jur[1];
    j0->market = 100;
    j0->outside = 0.01;
    j0->entry_cost = 1;
    j0->label_premium = 1;
    j0->cert_cost = 10;
    j0->compliance_cost = 0;
    j0->stringency = 0.5;
    j1->binding = 1;
    j1->stringency = 1;
    j1->market = 1;
    tc_pop(cfg, ACC_INCUMBENT, 1, 1, 1e3, 0, 0.9, 1); /* developer 0: phi = 1 (Pareto at u -> 0 is 1 only in the limit) */
    tc_pop(cfg, ACC_INCUMBENT, 0, 1, 1e3, 0, 0.1, 1); /* developer 1, unsafe: never certifies */
    acc_world *w = tc_world(cfg, 3, 0);
    /* make both A exactly 1 */
    char err[256];
    assert_int_equal(acc_world_dev_set(w, 0, ACC_DEV_PRODUCTIVITY, 1, err, sizeof err), ACC_OK);
    assert_int_equal(acc_world_dev_set(w, 1, ACC_DEV_PRODUCTIVITY, 1, err, sizeof err), ACC_OK);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_step(w);
    const acc_event *entry = tc_find(&rec, ACC_EV_ENTRY, 0, 0);
    assert_non_null(entry);
    assert_int_equal(entry->step, 1);
    double gain = 50 * (2 / 3.01 - 1 / 2.01);
    assert_true(5 * gain > 10);
    const acc_event *app = tc_find(&rec, ACC_EV_APPLICATION, 0, 0);
    assert_non_null(app);
    assert_int_equal(app->step, 1);
    assert_string_equal(app->detail, "voluntary");
    assert_null(tc_find(&rec, ACC_EV_APPLICATION, 1, -9));
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

/* ---- a held bloc certificate after a withdrawal ----------------------------------------
 * The bloc union = {j0 binding, j1 non-binding with a label premium and a
 * standard of 0.9}, bloc standard 0.5; the developer (safety 0.7) holds the
 * bloc certificate from step 3 and uses it in j1. When the bloc standard rises to 0.95, j1's audit withdraws its
 * voluntary certificate: the developer may not put the same certificate
 * back in j1 while its safety is below the bloc's standard (as a voluntary
 * certificate needs s >= the standard), and may once it meets it again. */
static acc_config *bloc_config(void)
{
    acc_config *cfg = tc_config(3);
    for (int j = 0; j < 3; j++) {
        cfg->jur[j].entry_cost = 2 + j;
        cfg->jur[j].market = 4000;
        cfg->jur[j].cert_cost = 40;
        cfg->jur[j].review_months = 4;
    }
    cfg->jur[0].binding = 1;
    cfg->jur[1].label_premium = 0.5;
    cfg->jur[1].stringency = 0.9; /* out of reach on j1's own path */
    cfg->n_blocs = 1;
    acc_bloc_cfg *b = &cfg->bloc[0];
    snprintf(b->id, sizeof b->id, "union");
    b->n_members = 2;
    b->members[0] = 0;
    b->members[1] = 1;
    b->rule = ACC_BLOC_FIXED;
    b->standard = 0.5;
    b->cert_cost = 3;
    b->review_months = 2;
    tc_pop(cfg, ACC_INCUMBENT, 2, 1, 1e4, 1, 0.7, 2);
    return cfg;
}

static void test_held_bloc_after_withdrawal(void **state)
{
    (void)state;
    acc_config *cfg = bloc_config();
    acc_world *w = tc_world(cfg, 12, 0);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    for (int t = 1; t <= 3; t++)
        tc_step(w);
    assert_int_equal(acc_world_dev_certified(w, 0, 1), ACC_PATH_BLOC);
    char err[256];
    assert_int_equal(acc_world_jur_set(w, 1, "audit_rate", 1, err, sizeof err), ACC_OK);
    assert_int_equal(acc_world_bloc_set_standard(w, 0, ACC_BLOC_FIXED, 0.95, err, sizeof err), ACC_OK);
    tc_rec_clear(&rec);
    tc_step(w); /* step 4: the audit in j1 fails */
    const acc_event *wd = tc_find(&rec, ACC_EV_WITHDRAWAL, 0, 1);
    assert_non_null(wd);
    assert_string_equal(wd->detail, "audit");
    assert_null(tc_find(&rec, ACC_EV_CERTIFICATION, 0, 1));
    assert_int_equal(acc_world_dev_certified(w, 0, 1), 0);
    tc_step(w);
    assert_int_equal(acc_world_dev_certified(w, 0, 1), 0);
    /* safe enough again: the held certificate is used at once */
    assert_int_equal(acc_world_dev_set(w, 0, ACC_DEV_SAFETY, 0.97, err, sizeof err), ACC_OK);
    assert_int_equal(acc_world_jur_set(w, 1, "audit_rate", 0, err, sizeof err), ACC_OK);
    tc_rec_clear(&rec);
    tc_step(w);
    const acc_event *c = tc_find(&rec, ACC_EV_CERTIFICATION, 0, 1);
    assert_non_null(c);
    assert_string_equal(c->detail, "held");
    assert_int_equal(acc_world_dev_certified(w, 0, 1), ACC_PATH_BLOC);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

/* ---- changes made in the step_end hook take effect from the next step ------------------
 * A market turning binding with a 2-month transition: set in step_end at
 * step 3 or in step_begin at step 4, the uncertified developer is withdrawn
 * at the same step (6) and has earned there for the same steps. */
typedef struct bind_plan {
    int begin_at, end_at;
} bind_plan;

static int bind_begin(tc_hooks *h, acc_world *w, int step)
{
    bind_plan *p = h->data;
    char err[256];
    if (step == p->begin_at)
        assert_int_equal(acc_world_jur_set(w, 0, "binding", 1, err, sizeof err), ACC_OK);
    return 0;
}

static int bind_end(tc_hooks *h, acc_world *w, int step)
{
    bind_plan *p = h->data;
    char err[256];
    if (step == p->end_at) {
        assert_int_equal(acc_world_jur_set(w, 0, "binding", 1, err, sizeof err), ACC_OK);
        /* the developer's state as the next step will see it */
        assert_int_equal(acc_world_dev_market(w, 0, 0), ACC_MKT_DEPLOYED);
    }
    return 0;
}

static int withdrawal_step(int begin_at, int end_at)
{
    acc_config *cfg = tc_config(2);
    cfg->jur[0].transition_months = 2;
    cfg->jur[0].stringency = 0.9; /* the developer cannot be certified */
    tc_pop(cfg, ACC_INCUMBENT, 0, 1, 1e4, 1, 0.5, 1);
    acc_world *w = tc_world(cfg, 5, 0);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    bind_plan plan = {begin_at, end_at};
    tc_hooks h = {0};
    h.begin = bind_begin;
    h.end = bind_end;
    h.data = &plan;
    tc_attach_hooks(w, &h);
    for (int t = 1; t <= 8; t++)
        tc_step(w);
    const acc_event *wd = tc_find(&rec, ACC_EV_WITHDRAWAL, 0, 0);
    assert_non_null(wd);
    assert_string_equal(wd->detail, "transition");
    int step = wd->step;
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
    return step;
}

static void test_step_end_changes(void **state)
{
    (void)state;
    assert_int_equal(withdrawal_step(4, -1), 6);
    assert_int_equal(withdrawal_step(-1, 3), 6);
}

/* ---- decisions in the step_end hook ---------------------------------------------------
 * The step's rows and cumulative outputs are written before step_end, and
 * its flows are reset when the next step starts: a payment, entry or exit
 * made there would change capital and states but never reach the
 * time series or the summary. The decision calls are refused there (they
 * remain valid from step_begin and the developer rule). */
static int decide_at_end(tc_hooks *h, acc_world *w, int step)
{
    (void)h;
    char err[256];
    if (step == 2) {
        assert_int_equal(acc_world_dev_exit(w, 0, 0, err, sizeof err), ACC_EINVAL);
        assert_non_null(strstr(err, "step_end"));
        assert_int_equal(acc_world_dev_apply(w, 0, 1, ACC_PATH_NONE, err, sizeof err), ACC_EINVAL);
        assert_non_null(strstr(err, "step_end"));
        assert_int_equal(acc_world_default_decide(w, 0), ACC_EINVAL);
    }
    return 0;
}

static int exit_at_begin(tc_hooks *h, acc_world *w, int step)
{
    (void)h;
    char err[256];
    if (step == 3)
        assert_int_equal(acc_world_dev_exit(w, 0, 0, err, sizeof err), ACC_OK);
    return 0;
}

static void test_no_decisions_after_metrics(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(2);
    tc_pop(cfg, ACC_INCUMBENT, 0, 1, 1e4, 1, 0.5, 1);
    acc_world *w = tc_world(cfg, 9, 0);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    tc_hooks h = {0};
    h.begin = exit_at_begin;
    h.end = decide_at_end;
    tc_attach_hooks(w, &h);
    for (int t = 1; t <= 4; t++)
        tc_step(w);
    /* the one exit (made in step_begin) is in the events, the rows and the summary */
    assert_int_equal((int)tc_count(&rec, ACC_EV_EXIT, 0, 0), 1);
    double rows = 0;
    for (size_t k = 0; k < rec.nrows; k++)
        if (rec.rows[k].jur == -1)
            rows += rec.rows[k].v[ACC_TS_EXITS];
    assert_true(rows == 1);
    assert_true(tc_summary(w, "exits") == 1);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

/* ---- a recognition or sharing link listed twice ------------------------------------------
 * With two entries for the same pair, removing or suspending "the" link at
 * runtime touched only one of them and the other stayed in force (a cut
 * US-EU link kept carrying awareness). The configuration is refused. */
static void test_duplicate_pairs_refused(void **state)
{
    (void)state;
    char err[256];
    acc_config *cfg = tc_config(3);
    tc_pop(cfg, ACC_INCUMBENT, 0, 1, 1e3, 1, 0.5, 1);
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_OK);
    cfg->link[cfg->n_links++] = (acc_link_cfg){.from = 0, .to = 1, .lag_months = 0, .active = 1};
    cfg->link[cfg->n_links++] = (acc_link_cfg){.from = 1, .to = 0, .lag_months = 0, .active = 1};
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_OK);
    cfg->link[cfg->n_links++] = (acc_link_cfg){.from = 0, .to = 1, .lag_months = 2, .active = 1};
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "j0 -> j1"));
    assert_non_null(strstr(err, "twice"));
    cfg->n_links = 2;
    cfg->recog[cfg->n_recog++] = (acc_recog_cfg){.to = 2, .from = 0, .mode = ACC_RECOG_ASSESSMENT, .fee = -1, .review_months = -1, .voluntary = 0};
    cfg->recog[cfg->n_recog++] = (acc_recog_cfg){.to = 0, .from = 2, .mode = ACC_RECOG_ASSESSMENT, .fee = -1, .review_months = -1, .voluntary = 0};
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_OK);
    cfg->recog[cfg->n_recog++] = (acc_recog_cfg){.to = 2, .from = 0, .mode = ACC_RECOG_EQUIVALENCE, .fee = -1, .review_months = -1, .voluntary = 0};
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "j2 <- j0"));
    assert_non_null(strstr(err, "twice"));
    acc_world *w = NULL;
    assert_int_equal(acc_world_new(cfg, 1, 0, &w, err, sizeof err), ACC_EINVAL);
    assert_null(w);
    /* blocs: an id used twice, a member listed twice */
    cfg->n_recog = 2;
    for (int b = 0; b < 2; b++) {
        acc_bloc_cfg *bc = &cfg->bloc[cfg->n_blocs++];
        snprintf(bc->id, sizeof bc->id, "u");
        bc->n_members = 1;
        bc->members[0] = b;
        bc->rule = ACC_BLOC_MAX;
        bc->cert_cost = bc->review_months = -1;
    }
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "bloc id 'u'"));
    cfg->n_blocs = 1;
    cfg->bloc[0].n_members = 2;
    cfg->bloc[0].members[1] = 0;
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "listed twice"));
    cfg->bloc[0].members[1] = 1;
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_OK);
    free(cfg);
}

/* ---- months to steps: halves away from zero ---------------------------------------------
 * MODEL.md: months m -> round(m spy / 12) steps, halves away from zero. A
 * half reached in exact arithmetic must round up even when m spy / 12 comes
 * out a hair below it in floating point (0.35 months at 360 steps a year is
 * 10.5 steps, computed as 10.499999999999998). */
static void test_months_halves(void **state)
{
    (void)state;
    static const struct { double m, spy; int steps; } cases[] = {
        {0.35, 360, 11}, {0.7, 180, 11}, {1.15, 360, 35}, {4.1, 60, 21}, {2.5, 12, 3},
        {1.5, 12, 2},    {0.5, 12, 1},   {0.49, 12, 0},   {0.51, 12, 1}, {7, 6, 4},
        {1, 6, 1},       {3, 12, 3},     {0, 52, 0},      {120, 365, 3650}, {10.4999, 12, 10},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
        if (conv_months(cases[k].m, cases[k].spy) != cases[k].steps)
            fail_msg("%g months at %g steps/yr: %d steps, want %d", cases[k].m, cases[k].spy,
                     conv_months(cases[k].m, cases[k].spy), cases[k].steps);
    /* through a world: a 0.35-month review at 360 steps a year takes 11 steps */
    acc_config *cfg = tc_config(2);
    cfg->steps_per_year = 360;
    cfg->years = 0.05; /* 18 steps */
    cfg->jur[0].binding = 1;
    cfg->jur[0].review_months = 0.35;
    cfg->jur[0].market = 1e5;
    tc_pop(cfg, ACC_INCUMBENT, 1, 1, 1e3, 1, 0.9, 1);
    acc_world *w = tc_world(cfg, 4, 0);
    tc_rec rec = {0};
    tc_attach(w, &rec);
    assert_int_equal(acc_world_run(w), ACC_OK);
    const acc_event *app = tc_find(&rec, ACC_EV_APPLICATION, 0, 0), *cert = tc_find(&rec, ACC_EV_CERTIFICATION, 0, 0);
    assert_non_null(app);
    assert_non_null(cert);
    assert_int_equal(cert->step - app->step, 11);
    tc_rec_free(&rec);
    acc_world_free(w);
    free(cfg);
}

/* ---- ranges as MODEL.md gives them ---------------------------------------------------------
 * label_premium: "≥ 0" (no upper bound): a premium of 12 is a valid scenario. */
static void test_label_premium_range(void **state)
{
    (void)state;
    char err[256];
    acc_config *cfg = tc_config(1);
    cfg->jur[0].label_premium = 12.5;
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_OK);
    acc_world *w = tc_world(cfg, 1, 0);
    assert_int_equal(acc_world_jur_set(w, 0, "label_premium", 40, err, sizeof err), ACC_OK);
    assert_int_equal(acc_world_jur_set(w, 0, "label_premium", -0.1, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "label_premium must be in [0, inf)"));
    acc_world_free(w);
    free(cfg);
}

/* ---- no allocation while stepping --------------------------------------------------------
 * A world with every mechanism on (startups, risk with sharing, audits and
 * fines, recognition, a bloc, learning) steps 120 times without a single
 * call to the allocator; its arrays never had to grow. */
static int count_event(void *ud, const acc_event *ev)
{
    (void)ev;
    ++*(long *)ud;
    return 0;
}

static void test_no_allocation_while_stepping(void **state)
{
    (void)state;
    acc_config *cfg = tc_config(4);
    cfg->years = 10;
    cfg->risk_base_hazard = 0.3;
    cfg->risk_self_detect = 1;
    cfg->upstream_prob = 0.6;
    cfg->learning_imitation_rate = 0.2;
    for (int j = 0; j < 4; j++) {
        acc_jur_cfg *jc = &cfg->jur[j];
        jc->market = 3000 + 700 * j;
        jc->growth = 0.05;
        jc->detection = 0.3 + 0.1 * j;
        jc->audit_rate = 0.4;
        jc->fine_share = 0.04;
        jc->startup_rate = 6;
        jc->binding = j % 2 == 0;
        jc->label_premium = j % 2 ? 0.2 : 0;
        jc->assessment_noise = 0.05; /* v2: noisy reviews and audits, enforcement */
        jc->enforcement = 0.3;
        jc->regulated_share = j < 3 ? 0.3 + 0.2 * j : 1; /* v2: segments (a bloc member binding, one not) */
        jc->setup_cost = 0.3; /* v2: requirement sets */
    }
    cfg->fine_sme_by_revenue = 1;
    cfg->order_catch_up_first = 1;
    cfg->compliance_per_market = 0;
    cfg->upgrade_when_failing = 1;
    cfg->recog[cfg->n_recog++] = (acc_recog_cfg){.to = 2, .from = 0, .mode = ACC_RECOG_EQUIVALENCE, .fee = -1, .review_months = -1, .voluntary = 0};
    cfg->recog[cfg->n_recog++] = (acc_recog_cfg){.to = 3, .from = 0, .mode = ACC_RECOG_ASSESSMENT, .fee = -1, .review_months = -1, .voluntary = 1}; /* voluntary */
    cfg->link[cfg->n_links++] = (acc_link_cfg){.from = 0, .to = 1, .lag_months = 2, .active = 1};
    cfg->link[cfg->n_links++] = (acc_link_cfg){.from = 1, .to = 2, .lag_months = 0, .active = 1};
    acc_bloc_cfg *b = &cfg->bloc[cfg->n_blocs++];
    snprintf(b->id, sizeof b->id, "b");
    b->n_members = 2;
    b->members[0] = 0;
    b->members[1] = 1;
    b->rule = ACC_BLOC_MEAN;
    b->cert_cost = -1;
    b->review_months = -1;
    for (int home = 0; home < 4; home++)
        for (int kind = 0; kind < ACC_NKINDS; kind++) {
            acc_pop_cfg *p = &cfg->pop[cfg->n_pop++];
            acc_pop_defaults(p, kind);
            p->home = home;
            p->count = kind == ACC_STARTUP ? 60 : 6;
            p->law_abiding = 0.8;
        }
    n_alloc_calls = 0;
    counting = 1;
    acc_world *w = tc_world(cfg, 2718, 1);
    counting = 0;
    if (TC_COUNT_ALLOC) /* the counter does count */
        assert_true(n_alloc_calls > 40);
    long nev = 0;
    acc_sink sink = {&nev, NULL, count_event};
    acc_world_set_sink(w, &sink);
    n_alloc_calls = 0;
    counting = 1;
    int rc = acc_world_run(w);
    counting = 0;
    assert_int_equal(rc, ACC_OK);
    assert_true(nev > 1000);
    assert_true(tc_summary(w, "founded") > 100);
    assert_true(tc_summary(w, "vulnerabilities") > 100);
    assert_true(tc_summary(w, "capacity_grows") == 0);
    assert_true(tc_summary(w, "caught") > 0 && tc_summary(w, "rejections") > 0);
    assert_true(tc_summary(w, "setup_spend") > 0);
    if (TC_COUNT_ALLOC)
        assert_int_equal(n_alloc_calls, 0);
    acc_world_free(w);
    free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crn_founded_startups),
        cmocka_unit_test(test_voluntary_after_entry),
        cmocka_unit_test(test_held_bloc_after_withdrawal),
        cmocka_unit_test(test_step_end_changes),
        cmocka_unit_test(test_no_decisions_after_metrics),
        cmocka_unit_test(test_duplicate_pairs_refused),
        cmocka_unit_test(test_months_halves),
        cmocka_unit_test(test_label_premium_range),
        cmocka_unit_test(test_no_allocation_while_stepping),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
