/* accord — what scripts/policies.lua checks while a scenario loads
 * (tests/scenarios/policy/policy_checks.lua): jurisdiction ids, field names,
 * links and recognitions named by the constructors, checked by
 * policies.attach against the scenario, and the keys of policy objects. Each
 * mistake fails the load with its message at the constructor's line; the
 * correct cases load and run.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_util_tmp.h"

#include "lua/scenario.h"

#define FIXTURE "tests/scenarios/policy/policy_checks.lua"

typedef struct check_case {
    int n;
    int where;        /* 1: at the constructor's line ("-- P<n>"); 0: no line (attach) */
    const char *want; /* the whole message after "file:line: " (or all of it) */
} check_case;

static const check_case cases[] = {
    {1, 1, "policies.tighten_after_incidents: jurisdiction = 'fr' is not a jurisdiction of this scenario "
           "(known: aa, bb)"},
    {2, 1, "policies.tighten_after_incidents: field = 'stringncy' is not a jurisdiction field (did you mean "
           "'stringency'?)"},
    {3, 1, "policies.tighten_after_incidents: field = 'binding' is true or false: this policy changes numbers"},
    {4, 1, "policies.tighten_after_incidents: max must be a number in [-inf, 1], got 2"},
    {5, 1, "policies.regulatory_capture: rates: 'cert_cst' is not a jurisdiction field (did you mean "
           "'cert_cost'?)"},
    {6, 1, "policies.record_regime: fields[1] = 'stringncy' is not a jurisdiction field (did you mean "
           "'stringency'?)"},
    {7, 1, "policies.suspend_sharing: no sharing link aa -> bb to suspend: declare it in the scenario's sharing = "
           "{ share { from = \"aa\", to = \"bb\" } }, or add it before year 0.1 with policies.start_sharing"},
    {8, 1, "policies.suspend_sharing: no sharing link aa -> bb to suspend: declare it in the scenario's sharing = "
           "{ share { from = \"aa\", to = \"bb\" } }, or add it before year 0.1 with policies.start_sharing"},
    {10, 1, "policies.start_sharing: a sharing link bb -> aa is already declared in the scenario's sharing "
            "(suspend_sharing can suspend and restore it)"},
    {11, 1, "policies.suspend_sharing: no sharing link aa -> bb to suspend: declare it in the scenario's sharing = "
            "{ share { from = \"aa\", to = \"bb\" } }, or add it before year 0.2 with policies.start_sharing"},
    {12, 1, "policies.start_recognition: from = 'zz' is not a jurisdiction of this scenario (known: aa, bb)"},
    {13, 1, "policies.start_recognition: a jurisdiction cannot recognise itself"},
    {14, 1, "policies.start_recognition: mode must be 'assessment' or 'equivalence', got 'mutual'"},
    {15, 1, "policies.record_exposure: jurisdictions[2] = 'cc' is not a jurisdiction of this scenario "
            "(known: aa, bb)"},
    /* attach is called as `return policies.attach(...)`, a tail call: Lua
     * keeps no line for it, so these name the file and the item instead */
    {16, 0, "policies.attach: item 1: unknown key 'polices' (did you mean 'policies'?) (known: policies, "
            "on_incident, on_step_end, developer_rule)"},
    {17, 0, "policies.attach: item 1: on_step_end must be a function, got number"},
    {18, 0, "policies.attach: item 1: policies must be a function or a list of functions"},
    /* a constructor called from C (pcall) has no line of its own either */
    {19, 0, "policies.attach: item 1 (policies.startup_subsidy): jurisdiction = 'zz' is not a jurisdiction of "
            "this scenario (known: aa, bb)"},
    {20, 1, "policies.startup_subsidy: jurisdiction = 'zz' is not a jurisdiction of this scenario (known: aa, bb)"},
    {21, 1, "policies.start_recognition: bb already recognises aa in the scenario's recognition"},
    {24, 1, "policies.suspend_sharing: from and to must differ"},
    {27, 1, "policies.end_recognition: no recognition of bb's certificates by aa to end at year 0.1: declare it in "
            "the scenario's recognition = { recognize { to = \"aa\", from = \"bb\" } }, or add it before with "
            "policies.start_recognition (and not end it twice)"},
    {29, 1, "policies.end_recognition: no recognition of bb's certificates by aa to end at year 0.2: declare it in "
            "the scenario's recognition = { recognize { to = \"aa\", from = \"bb\" } }, or add it before with "
            "policies.start_recognition (and not end it twice)"},
    {30, 1, "policies.end_recognition: no recognition of bb's certificates by aa to end at year 0.1: declare it in "
            "the scenario's recognition = { recognize { to = \"aa\", from = \"bb\" } }, or add it before with "
            "policies.start_recognition (and not end it twice)"},
    {31, 1, "policies.end_recognition: a jurisdiction cannot recognise itself"},
    /* ended twice; ended in the step before it starts (same step, listed first) */
    {32, 1, "policies.end_recognition: no recognition of aa's certificates by bb to end at year 0.2: declare it in "
            "the scenario's recognition = { recognize { to = \"bb\", from = \"aa\" } }, or add it before with "
            "policies.start_recognition (and not end it twice)"},
    {34, 1, "policies.end_recognition: no recognition of bb's certificates by aa to end at year 0.12: declare it in "
            "the scenario's recognition = { recognize { to = \"aa\", from = \"bb\" } }, or add it before with "
            "policies.start_recognition (and not end it twice)"},
    {35, 1, "policies.start_recognition: aa already recognises bb at year 0.2: a start_recognition added it before, "
            "and no end_recognition ended it"},
};

static const int ok_cases[] = {0, 9, 22, 23, 25, 26, 28, 33, 36};

static void quiet(void *ud, const char *msg)
{
    (void)ud;
    (void)msg;
}

static int load_case(int n, acc_scenario **s, char *err, size_t errlen)
{
    char path[1024], set[32];
    snprintf(path, sizeof path, "%s/" FIXTURE, test_source_dir());
    snprintf(set, sizeof set, "case=%d", n);
    const char *sets[] = {set};
    acc_scenario_opts o;
    memset(&o, 0, sizeof o);
    o.path = path;
    o.sets = sets;
    o.n_sets = 1;
    o.seed = 5;
    o.log = quiet;
    return acc_scenario_load(&o, s, err, errlen);
}

/* Line of the fixture marked "-- P<n>" (followed by the end of the line or " ok"). */
static int marker_line(const char *text, int n)
{
    char tag[16];
    snprintf(tag, sizeof tag, "-- P%d", n);
    int line = 1;
    for (const char *p = text; *p; p++) {
        if (strncmp(p, tag, strlen(tag)) == 0 && (p[strlen(tag)] == '\n' || p[strlen(tag)] == ' '))
            return line;
        line += *p == '\n';
    }
    return -1;
}

static void test_mistakes_fail_the_load(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/" FIXTURE, test_source_dir());
    const char *text = slurp(path); /* a static buffer */
    assert_non_null(text);
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char err[4096], want[2048];
        acc_scenario *s = NULL;
        int rc = load_case(cases[k].n, &s, err, sizeof err);
        if (rc == ACC_OK)
            fail_msg("case %d loaded; expected: %s", cases[k].n, cases[k].want);
        assert_int_equal(rc, ACC_ESCRIPT);
        assert_null(s);
        if (cases[k].where) {
            int line = marker_line(text, cases[k].n);
            assert_true(line > 0);
            snprintf(want, sizeof want, "%s:%d: %s", path, line, cases[k].want);
            /* the whole first line: no traceback after a located message */
            if (strcmp(err, want) != 0)
                fail_msg("case %d:\n got: %s\nwant: %s", cases[k].n, err, want);
        } else {
            /* no line (a tail call): the loader names the file and drops the
             * traceback, so the message is "path: text" alone */
            snprintf(want, sizeof want, "%s: %s", path, cases[k].want);
            if (strcmp(err, want) != 0)
                fail_msg("case %d:\n got: %s\nwant: %s", cases[k].n, err, want);
        }
    }
}

static void test_correct_uses_load_and_run(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof ok_cases / sizeof ok_cases[0]; k++) {
        char err[4096];
        acc_scenario *s = NULL;
        if (load_case(ok_cases[k], &s, err, sizeof err))
            fail_msg("case %d: %s", ok_cases[k], err);
        acc_run_sink sink;
        memset(&sink, 0, sizeof sink);
        if (acc_scenario_run(s, &sink, err, sizeof err))
            fail_msg("case %d: run: %s", ok_cases[k], err);
        acc_scenario_free(s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mistakes_fail_the_load),
        cmocka_unit_test(test_correct_uses_load_and_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
