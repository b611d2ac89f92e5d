/* Unit tests of the typical ranges (core/typical.c): every field of every
 * table (scenario-wide, jurisdiction, population, recognition, sharing
 * link, bloc) and every population key has an entry (the test names the missing ones), each
 * entry lies inside its field's hard range and holds the field's default;
 * the warnings' wording with known answers: far/outside, the did-you-mean
 * slips (percent, per month, months for years), months that round to other
 * steps, and the stringency + 2 assessment_noise > 1 rule.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/model.h"

/* The keys a population{...} takes besides kind, home, shares and the
 * fields of acc_pop_fields (engine/lua/scenario_elems.c): distributions and
 * counts, whose entries are "population.<key>". */
static const char *const pop_keys[] = {"count",       "total",        "capital", "capability", "safety",
                                       "invest_rate", "safety_share", "horizon", "opex",       "phi_min"};
/* Fields of MODEL.md v2 whose rows may come before the field does (the
 * v2 wave adds them in parallel): a row may name one of these. */
static const char *const announced[] = {
    "assessment.apply_min", "rep.caught_loss", "sme_revenue", "order.catch_up_first", "compliance.per_market",
    "assessment_noise", "enforcement", "regulated_share", "setup_cost", "risk.patch_sigma",
    "risk.harm_per_user_month", "funding.max_age", "funding.reach", "funding.concentration", "funding.max_share",
    "funding.open_source_share", "venture_funding", "users", "user_growth", "fine.sme_by_revenue"};

typedef const acc_field *(*table_fn)(int *n);
static const struct {
    const char *scope;
    table_fn fn;
} tables[] = {{"scenario-wide", acc_config_fields}, {"jurisdiction", acc_jur_fields},
              {"population", acc_pop_fields},      {"recognition", acc_recog_fields},
              {"sharing link", acc_link_fields},   {"bloc", acc_bloc_fields}};
#define NTABLES (sizeof tables / sizeof tables[0])

static void test_every_field_has_an_entry(void **state)
{
    (void)state;
    char missing[4096] = "";
    int nmissing = 0;
    for (size_t t = 0; t < NTABLES; t++) {
        int n;
        const acc_field *f = tables[t].fn(&n);
        for (int i = 0; i < n; i++)
            if (!acc_typical_find(f[i].name)) {
                char one[160];
                snprintf(one, sizeof one, "%s%s field '%s'", nmissing ? ", " : "", tables[t].scope, f[i].name);
                strncat(missing, one, sizeof missing - strlen(missing) - 1);
                nmissing++;
            }
    }
    for (size_t k = 0; k < sizeof pop_keys / sizeof pop_keys[0]; k++) {
        char name[64];
        snprintf(name, sizeof name, "population.%s", pop_keys[k]);
        if (!acc_typical_find(name)) {
            char one[160];
            snprintf(one, sizeof one, "%spopulation key '%s'", nmissing ? ", " : "", pop_keys[k]);
            strncat(missing, one, sizeof missing - strlen(missing) - 1);
            nmissing++;
        }
    }
    if (nmissing)
        fail_msg("%d field(s) without a typical range in engine/core/typical.c: %s", nmissing, missing);
}

/* Each entry: a known field (or population key, or announced), lo <= hi,
 * inside the field's hard range, the default inside it, a reason. */
static void test_entries_are_sound(void **state)
{
    (void)state;
    int nt;
    const acc_typical *tt = acc_typical_table(&nt);
    assert_true(nt > 60);
    for (int i = 0; i < nt; i++) {
        const acc_typical *t = &tt[i];
        assert_non_null(t->why);
        if (strlen(t->why) < 8)
            fail_msg("typical range of '%s' needs a reason", t->name);
        if (!(t->lo <= t->hi) || !isfinite(t->lo) || !isfinite(t->hi))
            fail_msg("typical range of '%s' is not a finite [lo, hi]", t->name);
        for (int k = 0; k < i; k++)
            if (strcmp(tt[k].name, t->name) == 0)
                fail_msg("'%s' has two typical ranges", t->name);
        int known = 0;
        if (strncmp(t->name, "population.", 11) == 0) {
            for (size_t k = 0; k < sizeof pop_keys / sizeof pop_keys[0]; k++)
                known |= strcmp(t->name + 11, pop_keys[k]) == 0;
            assert_non_null(t->unit);
        } else {
            assert_null(t->unit);
        }
        for (size_t k = 0; k < sizeof announced / sizeof announced[0]; k++)
            known |= strcmp(t->name, announced[k]) == 0;
        for (size_t tb = 0; tb < NTABLES; tb++) {
            int n;
            const acc_field *tab = tables[tb].fn(&n);
            const acc_field *f = acc_field_find(tab, n, t->name);
            if (!f)
                continue;
            known = 1;
            int lo_ok = (f->flags & ACC_F_LO_OPEN) ? t->lo > f->lo : t->lo >= f->lo;
            int hi_ok = (f->flags & ACC_F_HI_OPEN) ? t->hi < f->hi : t->hi <= f->hi;
            if (!lo_ok || !hi_ok)
                fail_msg("%s field '%s': typical range [%g, %g] is not inside the hard range", tables[tb].scope,
                         f->name, t->lo, t->hi);
            /* optional policy-object fields default to a negative sentinel */
            if (f->def >= 0 && !(f->def >= t->lo && f->def <= t->hi))
                fail_msg("%s field '%s': default %g is outside its typical range [%g, %g]", tables[tb].scope,
                         f->name, f->def, t->lo, t->hi);
        }
        if (!known)
            fail_msg("typical range for '%s', which names no field (a typo?)", t->name);
    }
}

/* The default populations of each kind lie inside the typical ranges. */
static void test_population_defaults_typical(void **state)
{
    (void)state;
    for (int kind = 0; kind < ACC_NKINDS; kind++) {
        acc_pop_cfg p;
        acc_pop_defaults(&p, kind);
        const struct {
            const char *key;
            const acc_dist *d;
        } ds[] = {{"capital", &p.capital}, {"capability", &p.capability}, {"safety", &p.safety},
                  {"invest_rate", &p.invest_rate}, {"safety_share", &p.safety_share},
                  {"horizon", &p.horizon}, {"opex", &p.opex}, {"phi_min", &p.phi_min}};
        for (size_t i = 0; i < sizeof ds / sizeof ds[0]; i++) {
            char name[64];
            snprintf(name, sizeof name, "population.%s", ds[i].key);
            const acc_typical *t = acc_typical_find(name);
            assert_non_null(t);
            if (ds[i].d->lo < t->lo || ds[i].d->hi > t->hi)
                fail_msg("%s default %s [%g, %g] is outside its typical range [%g, %g]", acc_kind_name(kind),
                         ds[i].key, ds[i].d->lo, ds[i].d->hi, t->lo, t->hi);
        }
    }
}

static void test_outside_messages(void **state)
{
    (void)state;
    char msg[512] = "untouched";
    const acc_typical *g = acc_typical_find("growth");
    assert_non_null(g);
    /* inside: 0 and msg untouched */
    assert_int_equal(acc_typical_check(g, "growth", ACC_FK_GROWTH, "growth/yr", 0.25, NULL, msg, sizeof msg), 0);
    assert_string_equal(msg, "untouched");
    assert_int_equal(acc_typical_check(g, "growth", ACC_FK_GROWTH, "growth/yr", 1, NULL, msg, sizeof msg), 0);
    assert_int_equal(acc_typical_check(g, "growth", ACC_FK_GROWTH, "growth/yr", -0.1, NULL, msg, sizeof msg), 0);
    /* MODEL.md's example: 25 % written as 25 */
    assert_int_equal(acc_typical_check(g, "growth", ACC_FK_GROWTH, "growth/yr", 25, NULL, msg, sizeof msg), 1);
    assert_string_equal(msg, "growth = 25 is far outside its typical range [-0.1, 1] (per year); did you mean 0.25?");
    assert_int_equal(
        acc_typical_check(g, "growth", ACC_FK_GROWTH, "growth/yr", 25, "jurisdiction 'eu'", msg, sizeof msg), 1);
    assert_string_equal(msg, "jurisdiction 'eu': growth = 25 is far outside its typical range [-0.1, 1] (per "
                             "year); did you mean 0.25?");
    /* 1.5: 0.4 past the top, less than the width 1.1: "outside"; 1.5 % fits */
    assert_int_equal(acc_typical_check(g, "growth", ACC_FK_GROWTH, "growth/yr", 1.5, NULL, msg, sizeof msg), 1);
    assert_string_equal(msg, "growth = 1.5 is outside its typical range [-0.1, 1] (per year); did you mean 0.015?");
    /* 500: 500 % does not fit either: no suggestion */
    assert_int_equal(acc_typical_check(g, "growth", ACC_FK_GROWTH, "growth/yr", 500, NULL, msg, sizeof msg), 1);
    assert_string_equal(msg, "growth = 500 is far outside its typical range [-0.1, 1] (per year)");
    /* -0.5: shrinking by half every year */
    assert_int_equal(acc_typical_check(g, "growth", ACC_FK_GROWTH, "growth/yr", -0.5, NULL, msg, sizeof msg), 1);
    assert_string_equal(msg, "growth = -0.5 is outside its typical range [-0.1, 1] (per year)");
    /* a probability per year given in percent */
    const acc_typical *fs = acc_typical_find("fine_share");
    assert_int_equal(acc_typical_check(fs, "fine_share", ACC_FK_PLAIN, "share of revenue", 7, NULL, msg, sizeof msg), 1);
    assert_string_equal(msg, "fine_share = 7 is far outside its typical range [0, 0.1] (share of revenue); did you "
                             "mean 0.07?");
    /* years given in months: 120 months for a 10-year horizon */
    const acc_typical *yr = acc_typical_find("years");
    assert_int_equal(acc_typical_check(yr, "years", ACC_FK_PLAIN, "yr", 120, NULL, msg, sizeof msg), 1);
    assert_string_equal(msg, "years = 120 is far outside its typical range [0.25, 50] (yr); did you mean 10?");
    /* a short horizon is no slip of units: no suggestion */
    assert_int_equal(acc_typical_check(yr, "years", ACC_FK_PLAIN, "yr", 0.1, NULL, msg, sizeof msg), 1);
    assert_string_equal(msg, "years = 0.1 is outside its typical range [0.25, 50] (yr)");
    /* months given in years: half a year before leaving a market */
    const acc_typical *ex = acc_typical_find("exit_months");
    assert_int_equal(acc_typical_check(ex, "exit_months", ACC_FK_MONTHS, "months", 0.5, NULL, msg, sizeof msg), 1);
    assert_string_equal(msg, "exit_months = 0.5 is outside its typical range [1, 36] (months); did you mean 6?");
    /* a per-month value of a per-year flow: 0.5 M$ a month is 6 M$ a year */
    const acc_typical *mk = acc_typical_find("market");
    assert_int_equal(acc_typical_check(mk, "market", ACC_FK_FLOW, "M$/yr", 0.5, NULL, msg, sizeof msg), 1);
    assert_string_equal(msg, "market = 0.5 is outside its typical range [1, 2e+06] (M$/yr); did you mean 6?");
    /* money is never a percent slip: no suggestion */
    const acc_typical *cap = acc_typical_find("population.capital");
    assert_int_equal(acc_typical_check(cap, "capital", ACC_FK_PLAIN, NULL, 1e7, "population startup@eu", msg,
                                       sizeof msg),
                     1);
    assert_string_equal(msg, "population startup@eu: capital = 1e+07 is far outside its typical range [0, 500000] "
                             "(M$)");
    assert_int_equal(acc_typical_check(cap, "capital", ACC_FK_PLAIN, NULL, -50, NULL, msg, sizeof msg), 1);
    assert_string_equal(msg, "capital = -50 is outside its typical range [0, 500000] (M$)");
    /* months: no percent slip, unit "(months)" */
    const acc_typical *rv = acc_typical_find("review_months");
    assert_int_equal(acc_typical_check(rv, "review_months", ACC_FK_MONTHS, "months", 100, NULL, msg, sizeof msg), 1);
    assert_string_equal(msg, "review_months = 100 is far outside its typical range [0, 24] (months)");
    /* no entry, NaN or infinity: nothing */
    assert_null(acc_typical_find("no_such_field"));
    assert_int_equal(acc_typical_check(NULL, "x", ACC_FK_PLAIN, "", 5, NULL, msg, sizeof msg), 0);
    assert_int_equal(acc_typical_check(g, "growth", ACC_FK_GROWTH, "", NAN, NULL, msg, sizeof msg), 0);
    char r[64];
    acc_typical_range_str(g, r, sizeof r);
    assert_string_equal(r, "[-0.1, 1]");
}

static void test_months_rounding(void **state)
{
    (void)state;
    char msg[256];
    /* 12 steps a year: a step is a month */
    assert_int_equal(acc_months_check("review_months", 2, 12, NULL, msg, sizeof msg), 0);
    assert_int_equal(acc_months_check("review_months", 0, 12, NULL, msg, sizeof msg), 0);
    assert_int_equal(acc_months_check("review_months", 1.5, 12, NULL, msg, sizeof msg), 1);
    assert_string_equal(msg, "review_months = 1.5 months is 2 steps (2 months) at steps_per_year = 12");
    assert_int_equal(acc_months_check("review_months", 0.5, 12, NULL, msg, sizeof msg), 1);
    assert_string_equal(msg, "review_months = 0.5 months is 1 step (1 month) at steps_per_year = 12");
    assert_int_equal(acc_months_check("risk.patch_months", 0.4, 12, NULL, msg, sizeof msg), 1);
    assert_string_equal(msg, "risk.patch_months = 0.4 months is 0 steps (0 months) at steps_per_year = 12");
    /* halves away from zero: 2.5 months is 3 steps */
    assert_int_equal(acc_months_check("lag_months", 2.5, 12, "sharing link eu -> us", msg, sizeof msg), 1);
    assert_string_equal(msg, "sharing link eu -> us: lag_months = 2.5 months is 3 steps (3 months) at "
                             "steps_per_year = 12");
    /* quarterly steps: 3 months is one step, 2 months rounds to one (3 months) */
    assert_int_equal(acc_months_check("review_months", 3, 4, NULL, msg, sizeof msg), 0);
    assert_int_equal(acc_months_check("review_months", 12, 4, NULL, msg, sizeof msg), 0);
    assert_int_equal(acc_months_check("review_months", 2, 4, NULL, msg, sizeof msg), 1);
    assert_string_equal(msg, "review_months = 2 months is 1 step (3 months) at steps_per_year = 4");
    /* weekly steps: half a month is 26/12 = 2.1667 steps -> 2 steps = 0.4615 months */
    assert_int_equal(acc_months_check("review_months", 0.5, 52, NULL, msg, sizeof msg), 1);
    assert_string_equal(msg, "review_months = 0.5 months is 2 steps (0.4615 months) at steps_per_year = 52");
    /* a half a few ulps below in floating point is a half, as the world rounds:
     * 0.35 months at 360 steps a year is 10.5 -> 11 steps = 0.3667 months */
    assert_int_equal(acc_months_check("review_months", 0.35, 360, NULL, msg, sizeof msg), 1);
    assert_string_equal(msg, "review_months = 0.35 months is 11 steps (0.3667 months) at steps_per_year = 360");
    /* 6 months at 52 steps: 26 steps exactly */
    assert_int_equal(acc_months_check("review_months", 6, 52, NULL, msg, sizeof msg), 0);
}

static void test_noise_rule(void **state)
{
    (void)state;
    int nf;
    const acc_field *jf = acc_jur_fields(&nf);
    const acc_field *noise = acc_field_find(jf, nf, "assessment_noise");
    acc_jur_cfg j;
    acc_jur_defaults(&j);
    char msg[512] = "untouched";
    assert_int_equal(acc_jur_typical_check(&j, "jurisdiction 'eu'", msg, sizeof msg), 0);
    if (!noise) /* the field comes with imperfect assessment (MODEL.md v2 change 2) */
        return;
    j.stringency = 0.6;
    acc_field_set(noise, &j, 0.2); /* 0.6 + 0.4 = 1: not above */
    assert_int_equal(acc_jur_typical_check(&j, NULL, msg, sizeof msg), 0);
    acc_field_set(noise, &j, 0.3); /* fails Phi(-0.4/0.3) = Phi(-4/3) = 0.0912112 */
    assert_int_equal(acc_jur_typical_check(&j, "jurisdiction 'eu'", msg, sizeof msg), 1);
    assert_string_equal(msg, "jurisdiction 'eu': stringency + 2 x assessment_noise = 0.6 + 2 x 0.3 = 1.2 is above "
                             "1: even a perfect model (safety 1) would fail 9.12 % of its reviews and audits");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_field_has_an_entry),
        cmocka_unit_test(test_entries_are_sound),
        cmocka_unit_test(test_population_defaults_typical),
        cmocka_unit_test(test_outside_messages),
        cmocka_unit_test(test_months_rounding),
        cmocka_unit_test(test_noise_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
