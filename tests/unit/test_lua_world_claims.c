/* accord — the qualitative claim in each shipped scenario's header holds over
 * 30 paired seeds (common random numbers: the two arms share every seed and
 * differ only in the policy), by a one-sided paired t-test at t > 2.
 * Small worlds and short horizons keep the whole file to a few seconds.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lua/scenario.h"

#define NSEEDS 30
#define MAXC 32

/* What one run leaves behind: last value of every custom metric and, per
 * jurisdiction (index n_jur = all), the sum over steps of every column. */
typedef struct outcome {
    int nc;
    char cname[MAXC][64];
    double clast[MAXC];
    double sum[ACC_MAX_JUR + 1][ACC_TS_NCOLS];
    acc_config cfg;
    acc_config_room cfg_room; /* cfg's lists (a deep copy: the scenario is freed) */
} outcome;

static int on_row(void *ud, const acc_ts_row *r)
{
    outcome *o = ud;
    int j = r->jur < 0 ? ACC_MAX_JUR : r->jur;
    for (int c = 0; c < ACC_TS_NCOLS; c++)
        if (!isnan(r->v[c]))
            o->sum[j][c] += r->v[c];
    return 0;
}

static int on_custom(void *ud, int step, double year, const char *name, double v)
{
    outcome *o = ud;
    (void)step;
    (void)year;
    int k = 0;
    while (k < o->nc && strcmp(o->cname[k], name) != 0)
        k++;
    if (k == o->nc) {
        if (o->nc == MAXC)
            return 1;
        snprintf(o->cname[o->nc++], sizeof o->cname[0], "%s", name);
    }
    o->clast[k] = v;
    return 0;
}

static double custom(const outcome *o, const char *name)
{
    for (int k = 0; k < o->nc; k++)
        if (strcmp(o->cname[k], name) == 0)
            return o->clast[k];
    fail_msg("custom metric '%s' was not recorded", name);
    return NAN;
}

static double col_sum(const outcome *o, const char *jur, int col)
{
    if (strcmp(jur, "all") == 0)
        return o->sum[ACC_MAX_JUR][col];
    int j = acc_config_jur_index(&o->cfg, jur);
    assert_true(j >= 0);
    return o->sum[j][col];
}

static void quiet(void *ud, const char *msg)
{
    (void)ud;
    (void)msg;
}

/* Run `scenario` (relative to the source tree) with the overrides in the
 * NULL-terminated list `sets` and seed `seed`. */
static void run(const char *scenario, const char *const *sets, uint64_t seed, outcome *o)
{
    char path[1024];
    const char *src = getenv("ACCORD_SOURCE_DIR");
    snprintf(path, sizeof path, "%s/%s", src ? src : ACCORD_SOURCE_DIR, scenario);
    int n = 0;
    while (sets[n])
        n++;
    acc_scenario_opts opts;
    memset(&opts, 0, sizeof opts);
    opts.path = path;
    opts.sets = sets;
    opts.n_sets = n;
    opts.seed = seed;
    opts.log = quiet; /* policies' world:log lines */
    char err[1024];
    acc_scenario *s = NULL;
    int rc = acc_scenario_load(&opts, &s, err, sizeof err);
    if (rc)
        fail_msg("%s", err);
    memset(o, 0, sizeof *o);
    acc_config_copy(&o->cfg, &o->cfg_room, acc_scenario_config(s));
    acc_run_sink sink;
    memset(&sink, 0, sizeof sink);
    sink.world.ud = o;
    sink.world.ts_row = on_row;
    sink.ud = o;
    sink.custom = on_custom;
    rc = acc_scenario_run(s, &sink, err, sizeof err);
    if (rc)
        fail_msg("%s", err);
    acc_scenario_free(s);
}

typedef double (*measure_fn)(const outcome *o);

static int failures; /* claims of the current test that did not hold */

static int reset_failures(void **state)
{
    (void)state;
    failures = 0;
    return 0;
}



/* Paired comparison: for each seed, d = measure(treatment) - measure(control);
 * the claim is sign * mean(d) > 0 with t = mean/se above 2. */
static void paired(const char *name, const char *scenario, const char *const *common, const char *control,
                   const char *treatment, measure_fn measure, int sign)
{
    double d[NSEEDS], mt = 0, mc = 0;
    static outcome a, b; /* large: keep off the stack */
    for (int k = 0; k < NSEEDS; k++) {
        const char *sets[16];
        int n = 0;
        while (common[n]) {
            sets[n] = common[n];
            n++;
        }
        sets[n + 1] = NULL;
        sets[n] = control;
        run(scenario, sets, 1000 + (uint64_t)k, &a);
        sets[n] = treatment;
        run(scenario, sets, 1000 + (uint64_t)k, &b);
        double vc = measure(&a), vt = measure(&b);
        mc += vc / NSEEDS;
        mt += vt / NSEEDS;
        d[k] = sign * (vt - vc);
    }
    double mean = 0, var = 0;
    int better = 0;
    for (int k = 0; k < NSEEDS; k++) {
        mean += d[k] / NSEEDS;
        better += d[k] > 0;
    }
    for (int k = 0; k < NSEEDS; k++)
        var += (d[k] - mean) * (d[k] - mean) / (NSEEDS - 1);
    double t = var > 0 ? mean / sqrt(var / NSEEDS) : (mean > 0 ? INFINITY : 0);
    printf("[claim] %-58s %s: %.5g -> %s: %.5g  (t = %.2f, %d/%d seeds in the claimed direction)\n", name,
           control, mc, treatment, mt, t, better, NSEEDS);
    if (!(mean > 0 && t > 2)) {
        printf("[claim] FAILS: %s: mean paired difference %g (t = %.2f)\n", name, sign * mean, t);
        failures++;
    }
}

/* ---- the claims ------------------------------------------------------------------ */

static double eu_certified_mean(const outcome *o) { return custom(o, "eu_certified_mean"); }
static double eu_noncompliant(const outcome *o) { return col_sum(o, "eu", ACC_TS_NONCOMPLIANT); }
static double eu_regulated_revenue(const outcome *o) { return col_sum(o, "eu", ACC_TS_REGULATED_REVENUE); }

/* v2: the v1.2 claim (fewer developers deployed in the EU, a lower startup
 * share) reverses; see the scenario's header for why. */
static void test_baseline(void **state)
{
    (void)state;
    const char *common[] = {"years=4", "scale=0.1", NULL};
    paired("baseline: a stricter EU leaves fewer certified in its high-risk segment", "scenarios/baseline.lua",
           common, "eu_stringency=0.6", "eu_stringency=0.75", eu_certified_mean, -1);
    paired("baseline: a stricter EU has more serving it uncertified", "scenarios/baseline.lua", common,
           "eu_stringency=0.6", "eu_stringency=0.75", eu_noncompliant, +1);
    paired("baseline: a stricter EU lowers its high-risk segment's revenue", "scenarios/baseline.lua", common,
           "eu_stringency=0.6", "eu_stringency=0.75", eu_regulated_revenue, -1);
    assert_int_equal(failures, 0);
}

/* uk_japan_bridge: labelled model-steps (custom "labelled"), exposure in
 * million user-months and harm in M$, UK and Japan pooled. */
static double ukjp_labelled(const outcome *o) { return custom(o, "labelled"); }
static double ukjp_exposure(const outcome *o)
{
    return col_sum(o, "uk", ACC_TS_EXPOSURE) + col_sum(o, "jp", ACC_TS_EXPOSURE);
}
static double ukjp_harm(const outcome *o) { return col_sum(o, "uk", ACC_TS_HARM) + col_sum(o, "jp", ACC_TS_HARM); }

static void test_uk_japan_bridge(void **state)
{
    (void)state;
    const char *common[] = {"years=5", "scale=0.1", "bridge_year=1", NULL};
    paired("uk_japan_bridge: more labelled models in the UK and Japan", "scenarios/uk_japan_bridge.lua", common,
           "bridge=0", "bridge=1", ukjp_labelled, +1);
    paired("uk_japan_bridge: less exposure in the UK and Japan", "scenarios/uk_japan_bridge.lua", common,
           "bridge=0", "bridge=1", ukjp_exposure, -1);
    paired("uk_japan_bridge: UK and Japan suffer less harm", "scenarios/uk_japan_bridge.lua", common, "bridge=0",
           "bridge=1", ukjp_harm, -1);
    /* the labels do not depend on the sharing lag: also with a 12-month link */
    const char *late[] = {"years=5", "scale=0.1", "bridge_year=1", "lag_months=12", NULL};
    paired("uk_japan_bridge: more labelled models, lag_months = 12", "scenarios/uk_japan_bridge.lua", late,
           "bridge=0", "bridge=1", ukjp_labelled, +1);
    assert_int_equal(failures, 0);
}

/* common_standard: fees and set-ups per developer certified in a member
 * and their number (custom), requirement sets per certified developer
 * (summed over steps) and developers serving a member's regulated segment
 * uncertified (summed over steps and members). */
static double bloc_cert_per_certified(const outcome *o) { return custom(o, "bloc_cert_per_certified"); }
static double bloc_ever_certified(const outcome *o) { return custom(o, "bloc_ever_certified"); }
static double requirement_sets(const outcome *o) { return col_sum(o, "all", ACC_TS_REQUIREMENT_SETS); }
static double members_noncompliant(const outcome *o)
{
    return col_sum(o, "eu", ACC_TS_NONCOMPLIANT) + col_sum(o, "uk", ACC_TS_NONCOMPLIANT) +
           col_sum(o, "jp", ACC_TS_NONCOMPLIANT);
}

static void test_common_standard(void **state)
{
    (void)state;
    const char *common[] = {"years=4", "scale=0.1", NULL};
    paired("common_standard: certification spending per certified developer falls", "scenarios/common_standard.lua",
           common, "common=0", "common=1", bloc_cert_per_certified, -1);
    paired("common_standard: certified developers hold fewer requirement sets", "scenarios/common_standard.lua",
           common, "common=0", "common=1", requirement_sets, -1);
    paired("common_standard: more developers certified in the three markets", "scenarios/common_standard.lua",
           common, "common=0", "common=1", bloc_ever_certified, +1);
    paired("common_standard: fewer serve the members' regulated segments uncertified",
           "scenarios/common_standard.lua", common, "common=0", "common=1", members_noncompliant, -1);
    assert_int_equal(failures, 0);
}

static double us_safety(const outcome *o) { return custom(o, "us_mean_safety"); }
static double eu_deployed_mean(const outcome *o) { return custom(o, "eu_deployed_mean"); }

static void test_brussels_effect(void **state)
{
    (void)state;
    const char *common[] = {"years=5", "scale=0.1", NULL};
    paired("brussels_effect: a stricter EU raises the safety of models in the US", "scenarios/brussels_effect.lua",
           common, "eu_stringency=0.5", "eu_stringency=0.75", us_safety, +1);
    paired("brussels_effect: a stricter EU has fewer serving its high-risk segment", "scenarios/brussels_effect.lua",
           common, "eu_stringency=0.5", "eu_stringency=0.75", eu_deployed_mean, -1);
    /* the claim holds for any upgrade_speed > 0 (not at 0): check a slow one */
    const char *slow[] = {"years=5", "scale=0.1", "upgrade_speed=0.01", NULL};
    paired("brussels_effect: ... also when developers upgrade slowly", "scenarios/brussels_effect.lua", slow,
           "eu_stringency=0.5", "eu_stringency=0.75", us_safety, +1);
    assert_int_equal(failures, 0);
}

static double eu_mean_safety(const outcome *o) { return custom(o, "eu_mean_safety"); }
static double eu_via_equivalence(const outcome *o) { return custom(o, "eu_via_equivalence"); }

static void test_race_to_bottom(void **state)
{
    (void)state;
    const char *common[] = {"years=4", "scale=0.1", NULL};
    paired("race_to_bottom: developers reach the EU on haven certificates", "scenarios/race_to_bottom.lua", common,
           "equivalence=0", "equivalence=1", eu_via_equivalence, +1);
    paired("race_to_bottom: equivalence with a lax regime lowers safety in the EU", "scenarios/race_to_bottom.lua",
           common, "equivalence=0", "equivalence=1", eu_mean_safety, -1);
    paired("race_to_bottom: fewer serve the EU's high-risk segment uncertified", "scenarios/race_to_bottom.lua",
           common, "equivalence=0", "equivalence=1", eu_noncompliant, -1);
    assert_int_equal(failures, 0);
}

static double euus_exposed(const outcome *o) { return custom(o, "eu_exposed") + custom(o, "us_exposed"); }
static double euus_exposure(const outcome *o)
{
    return col_sum(o, "eu", ACC_TS_EXPOSURE) + col_sum(o, "us", ACC_TS_EXPOSURE);
}
static double euus_harm(const outcome *o) { return col_sum(o, "eu", ACC_TS_HARM) + col_sum(o, "us", ACC_TS_HARM); }

static void test_geopolitical_shock(void **state)
{
    (void)state;
    const char *common[] = {"years=6", "scale=0.2", "cut_year=1", NULL};
    paired("geopolitical_shock: cutting US-EU sharing lets vulnerabilities go unnoticed longer",
           "scenarios/geopolitical_shock.lua", common, "shock=0", "shock=1", euus_exposed, +1);
    paired("geopolitical_shock: cutting US-EU sharing raises exposure there", "scenarios/geopolitical_shock.lua",
           common, "shock=0", "shock=1", euus_exposure, +1);
    paired("geopolitical_shock: cutting US-EU sharing raises their harm", "scenarios/geopolitical_shock.lua", common,
           "shock=0", "shock=1", euus_harm, +1);
    /* still at a 3-month lag (v1.2: no effect there, patches took a fixed 2 months) */
    const char *lag3[] = {"years=6", "scale=0.2", "cut_year=1", "lag_months=3", NULL};
    paired("geopolitical_shock: ... raises exposure there, lag_months = 3", "scenarios/geopolitical_shock.lua", lag3,
           "shock=0", "shock=1", euus_exposure, +1);
    assert_int_equal(failures, 0);
}

static double eu_cert_cost(const outcome *o) { return custom(o, "eu_cert_cost"); }
static double eu_startups_end(const outcome *o) { return custom(o, "eu_startups"); }

static void test_regulatory_capture(void **state)
{
    (void)state;
    const char *common[] = {"years=5", "scale=0.1", NULL};
    paired("regulatory_capture: lobbying raises the EU certification fee", "scenarios/regulatory_capture.lua",
           common, "lobbying=0", "lobbying=0.5", eu_cert_cost, +1);
    paired("regulatory_capture: lobbying leaves fewer startups in the EU's high-risk segment",
           "scenarios/regulatory_capture.lua",
           common, "lobbying=0", "lobbying=0.5", eu_startups_end, -1);
    assert_int_equal(failures, 0);
}

static double inherited(const outcome *o) { return custom(o, "inherited_vulns"); }
static double os_safety(const outcome *o) { return custom(o, "os_mean_safety"); }

static void test_open_source_supply_chain(void **state)
{
    (void)state;
    const char *common[] = {"years=5", "scale=0.1", NULL};
    paired("open_source_supply_chain: the fund raises open-source labs' safety",
           "scenarios/open_source_supply_chain.lua", common, "safety_fund=0", "safety_fund=1", os_safety, +1);
    paired("open_source_supply_chain: startups inherit fewer vulnerabilities",
           "scenarios/open_source_supply_chain.lua", common, "safety_fund=0", "safety_fund=1", inherited, -1);
    assert_int_equal(failures, 0);
}

static double eu_startups_mean(const outcome *o) { return custom(o, "eu_startups"); }

static void test_startup_sandbox(void **state)
{
    (void)state;
    const char *common[] = {"years=4", "scale=0.1", NULL};
    paired("startup_sandbox: more startups deployed in the EU", "scenarios/startup_sandbox.lua", common,
           "sandbox=0", "sandbox=1", eu_startups_mean, +1);
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_baseline, reset_failures),
        cmocka_unit_test_setup(test_uk_japan_bridge, reset_failures),
        cmocka_unit_test_setup(test_common_standard, reset_failures),
        cmocka_unit_test_setup(test_brussels_effect, reset_failures),
        cmocka_unit_test_setup(test_race_to_bottom, reset_failures),
        cmocka_unit_test_setup(test_geopolitical_shock, reset_failures),
        cmocka_unit_test_setup(test_regulatory_capture, reset_failures),
        cmocka_unit_test_setup(test_open_source_supply_chain, reset_failures),
        cmocka_unit_test_setup(test_startup_sandbox, reset_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
