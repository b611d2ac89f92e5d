/* accord tests — the sweep plan: --vary parsing and its errors, parameter
 * values at design points (grid levels, lists, integers, exact endpoints),
 * the canonical plan lines round trip, and validation against a scenario's
 * declared parameters. SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_util_tmp.h"

#include <math.h>

#include "base/common.h"
#include "sweep/sweep.h"
#include "sweep/sweep_int.h"

static char err[ACC_ERRLEN];

static void test_vary_parse(void **state)
{
    (void)state;
    sw_vary v;
    assert_int_equal(sw_vary_parse("eu.stringency", &v, err, sizeof err), ACC_OK);
    assert_string_equal(v.name, "eu.stringency");
    assert_true(v.declared);
    sw_vary_clear(&v);

    assert_int_equal(sw_vary_parse("x=-2.385:1e-3", &v, err, sizeof err), ACC_OK);
    assert_int_equal(v.kind, SW_RANGE);
    assert_true(v.lo == -2.385 && v.hi == 1e-3);
    assert_int_equal(v.levels, 0);
    sw_vary_clear(&v);

    assert_int_equal(sw_vary_parse("x=0:1:7", &v, err, sizeof err), ACC_OK);
    assert_int_equal(v.levels, 7);
    sw_vary_clear(&v);

    assert_int_equal(sw_vary_parse("years=5,10,12.5", &v, err, sizeof err), ACC_OK);
    assert_int_equal(v.kind, SW_LIST);
    assert_int_equal(v.n_values, 3);
    assert_true(v.values[0] == 5 && v.values[1] == 10 && v.values[2] == 12.5);
    sw_vary_clear(&v);

    struct {
        const char *text, *msg;
    } bad[] = {
        {"", "expected name"},
        {"x y=1:2", "expected name"},
        {"=1:2", "expected name"},
        {"x=1:", "not lo:hi"},
        {"x=a:2", "not lo:hi"},
        {"x=0:inf", "not lo:hi"},
        {"x=2:1", "low end must be below"},
        {"x=1:1", "low end must be below"},
        {"x=0:1:2.5", "levels '2.5'"},
        {"x=0:1:0", "levels '0'"},
        {"x=1,,2", "'' is not a decimal number"},
        {"x=1,nan", "'nan' is not a decimal number"},
        {"x=1,0x2", "'0x2' is not a decimal number"},
        {"x=1, 2", "' 2' is not a decimal number"},
        {"x=1,2,1", "listed twice"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = 0;
        assert_int_equal(sw_vary_parse(bad[i].text, &v, err, sizeof err), ACC_EINVAL);
        assert_contains(err, bad[i].msg);
        sw_vary_clear(&v);
    }
}

static void test_shard_parse(void **state)
{
    (void)state;
    uint64_t i, n;
    assert_int_equal(acc_sweep_parse_shard("2/5", &i, &n, err, sizeof err), ACC_OK);
    assert_true(i == 2 && n == 5);
    assert_int_equal(acc_sweep_parse_shard("0/1", &i, &n, err, sizeof err), ACC_OK);
    const char *bad[] = {"5/5", "1", "/3", "1/", "-1/3", "1/-3", "a/3", "1/0", "1/3x", NULL};
    for (int k = 0; bad[k]; k++) {
        assert_int_equal(acc_sweep_parse_shard(bad[k], &i, &n, err, sizeof err), ACC_EINVAL);
        assert_contains(err, "expected i/N");
    }
    assert_int_equal(acc_sweep_parse_shard(NULL, &i, &n, err, sizeof err), ACC_EINVAL);
}

/* A plan by hand: no scenario involved. */
static sw_plan *hand_plan(acc_design_type design, uint64_t samples, uint64_t reps)
{
    sw_plan *p = calloc(1, sizeof *p);
    p->design = design;
    p->samples = samples;
    p->reps = reps;
    p->seed = 20240611;
    p->morris_levels = 4;
    p->n_boot = 100;
    snprintf(p->sha256, sizeof p->sha256, "%064d", 0);
    return p;
}

static void add_vary(sw_plan *p, const char *text, int integer)
{
    p->vary = realloc(p->vary, sizeof *p->vary * (size_t)(p->nvary + 1));
    assert_int_equal(sw_vary_parse(text, &p->vary[p->nvary], err, sizeof err), ACC_OK);
    p->vary[p->nvary].integer = integer;
    p->nvary++;
}

static void test_grid_values(void **state)
{
    (void)state;
    sw_plan *p = hand_plan(ACC_DESIGN_GRID, 0, 2);
    add_vary(p, "a=0.1:0.7:3", 0);
    add_vary(p, "b=5,10", 0);
    add_vary(p, "n=2:6", 1); /* integer, default levels: all 5 values */
    assert_int_equal(sw_plan_prepare(p, err, sizeof err), ACC_OK);
    assert_int_equal(p->npoints, 3 * 2 * 5);
    assert_int_equal(p->nruns, 60);
    assert_int_equal(p->samples, 30);
    double v[3];
    /* last dimension fastest: point 0 = (lo, 5, 2), point 4 = (lo, 5, 6) */
    assert_int_equal(sw_plan_point_values(p, 0, v), ACC_OK);
    assert_true(v[0] == 0.1 && v[1] == 5 && v[2] == 2);
    assert_int_equal(sw_plan_point_values(p, 4, v), ACC_OK);
    assert_true(v[2] == 6);
    assert_int_equal(sw_plan_point_values(p, 5, v), ACC_OK);
    assert_true(v[0] == 0.1 && v[1] == 10 && v[2] == 2);
    assert_int_equal(sw_plan_point_values(p, 10, v), ACC_OK);
    assert_true(fabs(v[0] - 0.4) < 1e-15 && v[1] == 5);
    /* an interior level is the decimal a user types: 0.5 * 0.1 + 0.5 * 0.7 is
     * 0.39999999999999997 in doubles, the level is the double of 0.4 */
    assert_true(v[0] == 0.4);
    /* the endpoint is exactly hi, not 0.1 + 0.6 = 0.7000000000000001 */
    assert_int_equal(sw_plan_point_values(p, 29, v), ACC_OK);
    assert_true(v[0] == 0.7 && v[1] == 10 && v[2] == 6);
    assert_int_equal(sw_plan_point_values(p, 30, v), ACC_EINVAL);
    char desc[128];
    sw_plan_describe(p, desc, sizeof desc);
    assert_string_equal(desc, "grid design, 30 points x 2 replications = 60 runs");
    sw_plan_free(p);

    /* an integer range with explicit levels rounds to whole values */
    p = hand_plan(ACC_DESIGN_GRID, 0, 1);
    add_vary(p, "n=0:10:4", 1);
    assert_int_equal(sw_plan_prepare(p, err, sizeof err), ACC_OK);
    double want[] = {0, 3, 7, 10}; /* round(10/3), round(20/3) */
    for (uint64_t i = 0; i < 4; i++) {
        assert_int_equal(sw_plan_point_values(p, i, v), ACC_OK);
        assert_true(v[0] == want[i]);
    }
    sw_plan_free(p);
}

/* Interior grid levels are the decimals of the --vary text's step: 0.3:0.9:7
 * gives 0.3, 0.4, ..., 0.9 exactly as strtod reads them (a run of the sweep is
 * `accord run --set x=0.6`), and 0.4:0.8:3's middle is 0.6, not
 * 0.6000000000000001; levels that are not short decimals keep their value. */
static void test_grid_decimal_levels(void **state)
{
    (void)state;
    sw_plan *p = hand_plan(ACC_DESIGN_GRID, 0, 1);
    add_vary(p, "x=0.3:0.9:7", 0);
    assert_int_equal(sw_plan_prepare(p, err, sizeof err), ACC_OK);
    static const double want[] = {0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
    double v[1];
    for (int i = 0; i < 7; i++) {
        assert_int_equal(sw_plan_point_values(p, (uint64_t)i, v), ACC_OK);
        assert_true(v[0] == want[i]);
    }
    sw_plan_free(p);
    p = hand_plan(ACC_DESIGN_GRID, 0, 1);
    add_vary(p, "x=0.4:0.8:3", 0);
    assert_int_equal(sw_plan_prepare(p, err, sizeof err), ACC_OK);
    assert_int_equal(sw_plan_point_values(p, 1, v), ACC_OK);
    assert_true(v[0] == 0.6);
    sw_plan_free(p);
    /* 0:1:4 has the level 1/3: no short decimal, kept as computed */
    p = hand_plan(ACC_DESIGN_GRID, 0, 1);
    add_vary(p, "x=0:1:4", 0);
    assert_int_equal(sw_plan_prepare(p, err, sizeof err), ACC_OK);
    assert_int_equal(sw_plan_point_values(p, 1, v), ACC_OK);
    assert_true(v[0] == (1 - 1.0 / 3) * 0 + 1.0 / 3 * 1);
    sw_plan_free(p);
}

static void test_random_integer_values(void **state)
{
    (void)state;
    /* an integer range in a random design: each value about equally often */
    sw_plan *p = hand_plan(ACC_DESIGN_LHS, 400, 1);
    add_vary(p, "k=3:6", 1);
    add_vary(p, "x=-1:1", 0);
    assert_int_equal(sw_plan_prepare(p, err, sizeof err), ACC_OK);
    int count[4] = {0};
    for (uint64_t i = 0; i < 400; i++) {
        double v[2];
        assert_int_equal(sw_plan_point_values(p, i, v), ACC_OK);
        assert_true(v[0] == floor(v[0]) && v[0] >= 3 && v[0] <= 6);
        assert_true(v[1] >= -1 && v[1] <= 1);
        count[(int)v[0] - 3]++;
    }
    /* a Latin hypercube with N a multiple of 4: exactly N/4 of each */
    for (int k = 0; k < 4; k++)
        assert_int_equal(count[k], 100);
    sw_plan_free(p);
}

static void test_prepare_errors(void **state)
{
    (void)state;
    sw_plan *p = hand_plan(ACC_DESIGN_SOBOL, 64, 1);
    assert_int_equal(sw_plan_prepare(p, err, sizeof err), ACC_EINVAL);
    assert_contains(err, "--design sobol needs at least one --vary");
    add_vary(p, "x=0:1:5", 0);
    assert_int_equal(sw_plan_prepare(p, err, sizeof err), ACC_EINVAL);
    assert_contains(err, "level count (lo:hi:5) only applies to --design grid");
    sw_plan_free(p);

    p = hand_plan(ACC_DESIGN_GRID, 0, 0);
    assert_int_equal(sw_plan_prepare(p, err, sizeof err), ACC_EINVAL);
    assert_contains(err, "--reps must be in [1,");
    p->reps = 3;
    assert_int_equal(sw_plan_prepare(p, err, sizeof err), ACC_OK); /* nothing varied: one point */
    assert_int_equal(p->npoints, 1);
    assert_int_equal(p->nruns, 3);
    p->reps = 2000000000ULL;
    assert_int_equal(sw_plan_prepare(p, err, sizeof err), ACC_EINVAL);
    sw_plan_free(p);

    p = hand_plan(ACC_DESIGN_MORRIS, 10, 1);
    p->morris_levels = 3; /* must be even */
    add_vary(p, "x=0:1", 0);
    assert_int_equal(sw_plan_prepare(p, err, sizeof err), ACC_EINVAL);
    assert_contains(err, "--design morris");
    sw_plan_free(p);
}

static void test_lines_round_trip(void **state)
{
    (void)state;
    sw_plan *p = hand_plan(ACC_DESIGN_SOBOL, 128, 3);
    add_vary(p, "a=-2.385:7.25", 0);
    add_vary(p, "b=1,2,4", 1);
    p->nsets = 1;
    p->sets = calloc(1, sizeof *p->sets);
    p->sets[0] = strdup("risk.base_hazard=0.25");
    p->noutcomes = 2;
    p->outcomes = calloc(2, sizeof *p->outcomes);
    p->outcomes[0] = strdup("welfare");
    p->outcomes[1] = strdup("odd name%");
    assert_int_equal(sw_plan_prepare(p, err, sizeof err), ACC_OK);
    char **lines;
    int n;
    assert_int_equal(sw_plan_lines(p, &lines, &n), ACC_OK);
    assert_string_equal(lines[0], "format 1");
    assert_string_equal(lines[2], "design sobol");
    assert_string_equal(lines[3], "samples 128");
    int found = 0;
    for (int i = 0; i < n; i++) {
        found += strcmp(lines[i], "vary a range 0 -2.385 7.25 0") == 0;
        found += strcmp(lines[i], "vary b list 1 1 2 4") == 0;
        found += strcmp(lines[i], "outcomes welfare odd%20name%25") == 0;
        found += strcmp(lines[i], "bootstrap 100") == 0;
    }
    assert_int_equal(found, 4);

    sw_plan *q;
    assert_int_equal(sw_plan_from_lines(lines, n, &q, err, sizeof err), ACC_OK);
    assert_int_equal(q->npoints, p->npoints);
    assert_int_equal(q->nruns, 128 * 4 * 3);
    assert_string_equal(q->outcomes[1], "odd name%");
    assert_string_equal(q->sets[0], "risk.base_hazard=0.25");
    char **lines2;
    int n2;
    assert_int_equal(sw_plan_lines(q, &lines2, &n2), ACC_OK);
    assert_int_equal(n2, n);
    for (int i = 0; i < n; i++)
        assert_string_equal(lines2[i], lines[i]);
    /* same points */
    for (uint64_t i = 0; i < p->npoints; i += 37) {
        double a[2], b[2];
        assert_int_equal(sw_plan_point_values(p, i, a), ACC_OK);
        assert_int_equal(sw_plan_point_values(q, i, b), ACC_OK);
        assert_memory_equal(a, b, sizeof a);
    }
    sw_lines_free(lines2, n2);
    sw_plan_free(q);

    /* a damaged line is refused */
    free(lines[2]);
    lines[2] = strdup("design sobolev");
    assert_int_equal(sw_plan_from_lines(lines, n, &q, err, sizeof err), ACC_EINVAL);
    assert_contains(err, "malformed plan line 'design sobolev'");
    assert_null(q);
    sw_lines_free(lines, n);
    sw_plan_free(p);
}

/* The plan's identity hash: SHA-256 of its canonical lines, each ending
 * "\n" (the expected digests are `sha256sum` of that text, made by hand). */
static void test_plan_sha256(void **state)
{
    (void)state;
    sw_plan *p = hand_plan(ACC_DESIGN_GRID, 0, 2);
    add_vary(p, "a=0.1:0.7:3", 0);
    assert_int_equal(sw_plan_prepare(p, err, sizeof err), ACC_OK);
    char **lines;
    int n;
    assert_int_equal(sw_plan_lines(p, &lines, &n), ACC_OK);
    const char *want[] = {"format 1",
                          "scenario_sha256 0000000000000000000000000000000000000000000000000000000000000000",
                          "design grid", "reps 2", "seed 20240611", "vary a range 0 0.1 0.7 3",
                          "outcomes *"};
    assert_int_equal(n, 7);
    for (int i = 0; i < n; i++)
        assert_string_equal(lines[i], want[i]);
    sw_lines_free(lines, n);
    char hex[ACC_SHA256_HEXLEN];
    assert_int_equal(sw_plan_sha256(p, hex), ACC_OK);
    assert_string_equal(hex, "76ce7dece5b71207f9e1e8704eac128bd689bef551e74027a4bbfbf7a3d7033a");
    p->seed++; /* any change of the plan changes it */
    assert_int_equal(sw_plan_sha256(p, hex), ACC_OK);
    assert_string_equal(hex, "a54de485a4e85aa9dedd9bc7a73562d6ca7a536834ad2e64f2d0d9dda19c82e7");
    sw_plan_free(p);
}

/* A plan read back from a journal gets the command line's checks: the
 * journal is a file that may be damaged or forged. Each case replaces or
 * adds one line of a valid plan. */
static void test_lines_validated(void **state)
{
    (void)state;
    static const char zero[] = "0000000000000000000000000000000000000000000000000000000000000000";
    char sha[100];
    snprintf(sha, sizeof sha, "scenario_sha256 %s", zero);
    struct {
        const char *design, *extra, *msg;
    } bad[] = {
        /* an integer range 1e300 wide: a float-cast overflow in the design */
        {"design lhs", "vary k range 1 0 1e300 0", "--vary k: integer range too wide"},
        {"design grid", "vary k range 1 0 1e300 0", "--vary k: integer range too wide"},
        {"design lhs", "vary k range 1 0.5 3 0", "k is an integer parameter: give whole bounds"},
        {"design lhs", "vary k list 1 0 2.5", "value 2.5: k is an integer parameter"},
        {"design lhs", "vary k list 0 0 1 1", "value 1 is listed twice"},
        {"design lhs", "vary k range 2 0 1 0", "malformed plan line 'vary k range 2 0 1 0'"},
        {"design lhs", "vary y range 0 1 1 0", "--vary y=1:1: the low end must be below the high end"},
        {"design lhs", "reps 0", "--reps must be in [1, 1000000000], got 0"},
        {"design lhs", "reps 1000000001", "--reps must be in [1, 1000000000]"},
        {"design lhs", "seed 18446744073709551615", "--seed must be in [0, 9223372036854775807]"},
        {"design lhs", "samples 0", "--samples must be in [1, 1000000000], got 0"},
        {"design lhs", "samples 99999999999", "--samples must be in [1, 1000000000]"},
        {"design grid", "samples 5", "--samples does not apply to --design grid"},
        {"design sobol", "samples 1", "--design sobol needs --samples >= 2"},
        {"design sobol", "bootstrap 0", "--bootstrap must be in [1, 1000000], got 0"},
        {"design sobol", "bootstrap 4000000000", "--bootstrap must be in [1, 1000000]"},
        {"design morris", "morris_levels 3", "--morris-levels must be an even number in [2, 1000]"},
        {"design morris", "morris_levels 0", "--morris-levels must be an even number in [2, 1000]"},
        {"design morris", "morris_levels 4000000000", "--morris-levels must be an even number"},
        {"design lhs", "vary x range 0 0 2 0", "--vary x is given twice"},
        {"design lhs", "set x=1", "x is both varied (--vary) and fixed (--set)"},
        {"design lhs", "set y", "--set 'y': expected name=value"},
        {"design lhs", "outcomes a b a", "--outcomes: 'a' is listed twice"},
        {"design lhs", "scenario_sha256 xyz", "the scenario's SHA-256 'xyz' is not 64 hexadecimal"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        /* later lines of the same key win: the extra line comes last */
        char *lines[] = {"format 1", sha, (char *)bad[i].design, "samples 8", "reps 2", "seed 1",
                         "vary x range 0 0 1 0", "outcomes *", (char *)bad[i].extra};
        int n = 9;
        if (strcmp(bad[i].design, "design grid") == 0) {
            lines[3] = "reps 2"; /* no samples line for a grid */
            lines[6] = "vary x range 0 0 1 3";
        }
        if (strncmp(bad[i].extra, "outcomes", 8) == 0)
            lines[7] = "reps 2";
        sw_plan *q = NULL;
        err[0] = 0;
        assert_int_equal(sw_plan_from_lines(lines, n, &q, err, sizeof err), ACC_EINVAL);
        assert_null(q);
        assert_contains(err, bad[i].msg);
    }
    /* the same plan without the damage is fine */
    char *good[] = {"format 1", sha, "design lhs", "samples 8", "reps 2", "seed 1",
                    "vary k range 1 0 1000000000 0", "outcomes *"};
    sw_plan *q = NULL;
    assert_int_equal(sw_plan_from_lines(good, 8, &q, err, sizeof err), ACC_OK);
    assert_int_equal(q->nruns, 16);
    double v[1];
    assert_int_equal(sw_plan_point_values(q, 7, v), ACC_OK);
    assert_true(v[0] == floor(v[0]) && v[0] >= 0 && v[0] <= 1e9);
    sw_plan_free(q);
}

static const char *src(const char *rel)
{
    static char buf[4][1024];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", test_source_dir(), rel);
    return buf[k];
}

static int plan_opts(const char *scenario, const char *const *vary, int nvary, const char *design,
                     uint64_t samples, sw_plan **p)
{
    acc_sweep_opts o;
    memset(&o, 0, sizeof o);
    o.scenario = scenario;
    o.vary = vary;
    o.n_vary = nvary;
    o.design = design;
    o.samples = samples;
    err[0] = 0;
    return sw_plan_from_opts(&o, p, err, sizeof err);
}

static void test_plan_from_scenario(void **state)
{
    (void)state;
    const char *ish = src("tests/scenarios/ishigami.lua");
    sw_plan *p = NULL;
    const char *v1[] = {"x1", "x2=-1:1", "x3=0,1.5"};
    assert_int_equal(plan_opts(ish, v1, 3, "lhs", 20, &p), ACC_OK);
    assert_string_equal(p->scenario_name, "ishigami");
    assert_true(p->function_model);
    assert_int_equal(strlen(p->sha256), 64);
    assert_true(fabs(p->vary[0].lo + 3.141592653589793) < 1e-15 && fabs(p->vary[0].hi - 3.141592653589793) < 1e-15);
    assert_int_equal(p->nruns, 20);
    sw_plan_free(p);

    struct {
        const char *vary, *design, *msg;
        uint64_t samples;
    } bad[] = {
        {"x9", "grid", "has no such parameter (did you mean 'x1'?) (declared: x1, x2, x3)", 0},
        {"nothing_like_it", "grid", "has no such parameter (declared: x1, x2, x3)", 0},
        {"x1=-4:0", "grid", "outside x1's declared range", 0},
        {"x1=0,5", "grid", "value 5 is outside its declared range [-3.14159, 3.14159]", 0},
        {"risk.base_hazard=0:1", "grid", "no such parameter", 0}, /* not for function models */
        {"x1", "grid", "--samples does not apply to --design grid", 10},
        {"x1", "fancy", "--design fancy: unknown design", 0},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *v[] = {bad[i].vary};
        p = NULL;
        assert_int_equal(plan_opts(ish, v, 1, bad[i].design, bad[i].samples, &p), ACC_EINVAL);
        assert_null(p);
        assert_contains(err, bad[i].msg);
    }
    const char *twice[] = {"x1", "x1=0:1"};
    assert_int_equal(plan_opts(ish, twice, 2, NULL, 0, &p), ACC_EINVAL);
    assert_contains(err, "--vary x1 is given twice");
    assert_int_equal(plan_opts(src("tests/scenarios/none.lua"), v1, 1, NULL, 0, &p), ACC_EIO);

    /* world models: model fields can be varied, their range checked by the scenario */
    const char *tiny = src("tests/scenarios/tiny.lua");
    const char *v2[] = {"strict=0:1:3", "aa.audit_rate=0.1,0.5"};
    assert_int_equal(plan_opts(tiny, v2, 2, NULL, 0, &p), ACC_OK);
    assert_false(p->function_model);
    assert_int_equal(p->npoints, 6);
    sw_plan_free(p);
    const char *v3[] = {"aa.stringency=0:3"};
    assert_int_equal(plan_opts(tiny, v3, 1, NULL, 0, &p), ACC_EINVAL);
    assert_contains(err, "outside the field's range [0, 1]");
    const char *v5[] = {"aa.stringency=-0.5,0.5"};
    assert_int_equal(plan_opts(tiny, v5, 1, NULL, 0, &p), ACC_EINVAL);
    assert_contains(err, "value -0.5 is outside the field's range [0, 1]");
    const char *v4[] = {"zz.stringency=0:1"};
    assert_int_equal(plan_opts(tiny, v4, 1, NULL, 0, &p), ACC_EINVAL);
    /* a misspelt name: the closest parameter, model field or jurisdiction field */
    struct {
        const char *vary, *msg;
    } typo[] = {
        {"strct=0:1", "has no such parameter (did you mean 'strict'?) (declared: years, strict;"},
        {"risk.base_hazrd=0:1", "(did you mean 'risk.base_hazard'?)"},
        {"aa.stringncy=0:1", "(did you mean 'aa.stringency'?)"},
        {"qqqqqqqq=0:1", "has no such parameter (declared: years, strict;"},
    };
    for (size_t i = 0; i < sizeof typo / sizeof typo[0]; i++) {
        const char *v[] = {typo[i].vary};
        p = NULL;
        assert_int_equal(plan_opts(tiny, v, 1, NULL, 0, &p), ACC_EINVAL);
        assert_null(p);
        assert_contains(err, typo[i].msg);
    }
}

/* Execution limits: a run has a wall-clock limit unless told otherwise, and
 * Lua's per-call limit is the scenarios' default or the run timeout if
 * shorter, or --time-limit. */
static void test_execution_limits(void **state)
{
    (void)state;
    const char *ish = src("tests/scenarios/ishigami.lua");
    struct {
        double run_timeout, time_limit, want_run, want_lua;
    } cases[] = {
        {0, 0, ACC_SWEEP_RUN_TIMEOUT_DEFAULT_S, ACC_SWEEP_LUA_TIME_LIMIT_DEFAULT_S},
        {-1, 0, 0, ACC_SWEEP_LUA_TIME_LIMIT_DEFAULT_S}, /* --run-timeout 0: none */
        {5, 0, 5, 5},
        {600, 0, 600, ACC_SWEEP_LUA_TIME_LIMIT_DEFAULT_S},
        {5, 2, 5, 2},
        {0, 90, ACC_SWEEP_RUN_TIMEOUT_DEFAULT_S, 90},
    };
    assert_true(ACC_SWEEP_RUN_TIMEOUT_DEFAULT_S == 3600);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        acc_sweep_opts o;
        memset(&o, 0, sizeof o);
        o.scenario = ish;
        o.run_timeout_s = cases[i].run_timeout;
        o.time_limit_s = cases[i].time_limit;
        sw_plan *p = NULL;
        assert_int_equal(sw_plan_from_opts(&o, &p, err, sizeof err), ACC_OK);
        assert_true(p->run_timeout_s == cases[i].want_run);
        assert_true(p->lua_time_limit_s == cases[i].want_lua);
        sw_plan_free(p);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vary_parse),
        cmocka_unit_test(test_shard_parse),
        cmocka_unit_test(test_grid_values),
        cmocka_unit_test(test_grid_decimal_levels),
        cmocka_unit_test(test_random_integer_values),
        cmocka_unit_test(test_prepare_errors),
        cmocka_unit_test(test_lines_round_trip),
        cmocka_unit_test(test_plan_sha256),
        cmocka_unit_test(test_plan_from_scenario),
        cmocka_unit_test(test_lines_validated),
        cmocka_unit_test(test_execution_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
