/* Unit tests of "did you mean": Levenshtein distances with hand-computed
 * answers, and the closest-name rule (within 3 edits, first of ties).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lua/names.h"

static void test_distance(void **state)
{
    (void)state;
    /* kitten -> sitten (substitute) -> sittin (substitute) -> sitting (insert) */
    assert_int_equal(acc_name_distance("kitten", "sitting"), 3);
    assert_int_equal(acc_name_distance("stringncy", "stringency"), 1); /* one insertion */
    assert_int_equal(acc_name_distance("audit_rat", "audit_rate"), 1);
    assert_int_equal(acc_name_distance("", "abc"), 3);
    assert_int_equal(acc_name_distance("same", "same"), 0);
    assert_int_equal(acc_name_distance("ab", "ba"), 2); /* no transpositions in Levenshtein */
    char longname[80];
    memset(longname, 'x', 70);
    longname[70] = 0;
    assert_int_equal(acc_name_distance(longname, "x"), 99);
}

static void test_closest(void **state)
{
    (void)state;
    const char *fields[] = {"stringency", "cert_cost", "audit_rate", "binding"};
    assert_string_equal(acc_name_closest("stringncy", fields, 4), "stringency");
    assert_string_equal(acc_name_closest("cert_cst", fields, 4), "cert_cost");
    assert_null(acc_name_closest("market_size", fields, 4)); /* more than 3 edits from all */
    assert_null(acc_name_closest("x", fields, 0));
    const char *ties[] = {"abc", "abd"};
    assert_string_equal(acc_name_closest("abx", ties, 2), "abc"); /* first of equally close */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_distance),
        cmocka_unit_test(test_closest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
