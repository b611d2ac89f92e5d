/* accord — the one-byte certificate and application codes of core/world_int.h
 * (issue 12: a path and its standard reference in one byte): every path with
 * every reference it can have decodes to what was encoded, the byte is 0 only
 * for "none", and a few bytes by hand from the layout (bits 0-2 the path or
 * CODE_EQ_BLOC, bits 3-7 the jurisdiction's or bloc's index).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/world_int.h"

static void round_trip(void **state)
{
    (void)state;
    const int paths[] = {ACC_PATH_OWN, ACC_PATH_ASSESSMENT, ACC_PATH_EQUIVALENCE, ACC_PATH_BLOC, ACC_PATH_INCUMBENCY};
    int n = 0;
    for (size_t p = 0; p < sizeof paths / sizeof paths[0]; p++)
        for (int k = 0; k < ACC_MAX_JUR + ACC_MAX_BLOCS; k++) {
            const int path = paths[p];
            /* the references a path can have: the bloc path a bloc, equivalence a
             * jurisdiction or a bloc, the others a jurisdiction (their market) */
            const int ref = k < ACC_MAX_JUR ? k : REF_BLOC + (k - ACC_MAX_JUR);
            if (path == ACC_PATH_BLOC ? ref < REF_BLOC : path != ACC_PATH_EQUIVALENCE && ref >= REF_BLOC)
                continue;
            const uint8_t b = cert_code(path, ref);
            assert_int_not_equal(b, 0);
            assert_int_equal(code_path(b), path);
            assert_int_equal(code_ref(b), ref);
            n++;
        }
    /* 32 references for own, assessment, incumbency and the bloc path, 64 for equivalence */
    assert_int_equal(n, 4 * 32 + 64);
    assert_int_equal(cert_code(ACC_PATH_NONE, REF_NONE), 0);
    assert_int_equal(code_path(0), ACC_PATH_NONE);
    assert_int_equal(code_ref(0), REF_NONE);
}

static void by_hand(void **state)
{
    (void)state;
    assert_int_equal(cert_code(ACC_PATH_OWN, 3), 1 + 3 * 8);
    assert_int_equal(cert_code(ACC_PATH_INCUMBENCY, 31), 5 + 31 * 8);
    assert_int_equal(cert_code(ACC_PATH_BLOC, REF_BLOC + 2), 4 + 2 * 8);
    assert_int_equal(cert_code(ACC_PATH_EQUIVALENCE, 6), 3 + 6 * 8);
    assert_int_equal(cert_code(ACC_PATH_EQUIVALENCE, REF_BLOC + 6), 7 + 6 * 8);
    assert_int_equal(code_ref(7 + 6 * 8), REF_BLOC + 6);
    assert_int_equal(code_path(7 + 6 * 8), ACC_PATH_EQUIVALENCE);
    assert_int_equal(code_ref(3 + 6 * 8), 6);
    assert_int_equal(code_ref(4), REF_BLOC);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip),
        cmocka_unit_test(by_hand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
