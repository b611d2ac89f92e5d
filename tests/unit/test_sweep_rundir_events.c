/* accord tests — accord run --events: the option's names and which event
 * types each value keeps in events.csv (incidents: exactly vulnerability,
 * incident, awareness, patch). SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/model.h"
#include "sweep/rundir.h"

static void test_parse_and_name(void **state)
{
    (void)state;
    assert_int_equal(acc_rundir_events_parse("all"), ACC_RUNDIR_EVENTS_ALL);
    assert_int_equal(acc_rundir_events_parse("incidents"), ACC_RUNDIR_EVENTS_INCIDENTS);
    assert_int_equal(acc_rundir_events_parse("none"), ACC_RUNDIR_EVENTS_NONE);
    assert_int_equal(ACC_RUNDIR_EVENTS_ALL, 0); /* a zeroed acc_rundir_opts writes every event */
    const char *bad[] = {"", "ALL", "incident", "risk", "all ", "nonee", NULL};
    for (int i = 0; bad[i]; i++)
        assert_int_equal(acc_rundir_events_parse(bad[i]), -1);
    assert_int_equal(acc_rundir_events_parse(NULL), -1);
    assert_string_equal(acc_rundir_events_name(ACC_RUNDIR_EVENTS_ALL), "all");
    assert_string_equal(acc_rundir_events_name(ACC_RUNDIR_EVENTS_INCIDENTS), "incidents");
    assert_string_equal(acc_rundir_events_name(ACC_RUNDIR_EVENTS_NONE), "none");
}

static void test_keeps(void **state)
{
    (void)state;
    /* by name, so the list does not depend on the enum's order */
    const char *risk[] = {"vulnerability", "incident", "awareness", "patch"};
    int nkept = 0;
    for (int t = 0; t < ACC_EV_NTYPES; t++) {
        int is_risk = 0;
        for (int k = 0; k < 4; k++)
            is_risk |= strcmp(acc_event_name(t), risk[k]) == 0;
        assert_int_equal(acc_rundir_events_keeps(ACC_RUNDIR_EVENTS_ALL, t), 1);
        assert_int_equal(acc_rundir_events_keeps(ACC_RUNDIR_EVENTS_NONE, t), 0);
        assert_int_equal(acc_rundir_events_keeps(ACC_RUNDIR_EVENTS_INCIDENTS, t), is_risk);
        nkept += acc_rundir_events_keeps(ACC_RUNDIR_EVENTS_INCIDENTS, t);
    }
    assert_int_equal(nkept, 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_and_name),
        cmocka_unit_test(test_keeps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
