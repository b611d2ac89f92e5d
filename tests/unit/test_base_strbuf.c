/* accord tests — the string builder (base/strbuf.h): appends of text and of
 * bytes with NULs, formatted text shorter and longer than the stack buffer,
 * growth over many appends, clear, reserve with direct writes, and an
 * allocation failure that sticks until clear.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/strbuf.h"

static void test_empty(void **state)
{
    (void)state;
    acc_sb b;
    acc_sb_init(&b);
    assert_null(b.s);
    assert_int_equal(b.len, 0);
    assert_string_equal(acc_sb_str(&b), "");
    acc_sb_add(&b, "");
    assert_string_equal(acc_sb_str(&b), "");
    assert_int_equal(b.len, 0);
    acc_sb_free(&b);
    acc_sb_free(&b); /* twice is fine */
    acc_sb z = {0};
    acc_sb_clear(&z); /* nothing allocated yet */
    assert_string_equal(acc_sb_str(&z), "");
}

static void test_append(void **state)
{
    (void)state;
    acc_sb b = {0};
    acc_sb_add(&b, "abc");
    acc_sb_addn(&b, "defgh", 2);
    acc_sb_printf(&b, "-%d-%s-%.2f", 42, "x", 0.5);
    assert_string_equal(acc_sb_str(&b), "abcde-42-x-0.50");
    assert_int_equal(b.len, strlen("abcde-42-x-0.50"));
    assert_int_equal(b.oom, 0);
    /* bytes that are not text, NULs included, keep their length */
    const char bytes[4] = {'\0', 'a', '\0', 'b'};
    acc_sb_clear(&b);
    acc_sb_addn(&b, bytes, sizeof bytes);
    assert_int_equal(b.len, 4);
    assert_memory_equal(b.s, bytes, 4);
    assert_int_equal(b.s[4], '\0');
    acc_sb_free(&b);
}

static void test_long_printf(void **state)
{
    (void)state;
    /* longer than the 256-byte stack buffer: formatted straight into s */
    char want[1300];
    memset(want, 'x', 1000);
    want[1000] = '\0';
    acc_sb b = {0};
    acc_sb_add(&b, "<");
    acc_sb_printf(&b, "%s|%d", want, 7);
    char full[1400];
    snprintf(full, sizeof full, "<%s|7", want);
    assert_string_equal(acc_sb_str(&b), full);
    assert_int_equal(b.len, strlen(full));
    assert_true(b.cap >= b.len + 1);
    acc_sb_free(&b);
}

static void test_growth(void **state)
{
    (void)state;
    acc_sb b = {0};
    for (int i = 0; i < 10000; i++)
        acc_sb_printf(&b, "%d,", i % 10);
    assert_int_equal(b.len, 20000);
    assert_int_equal(strlen(b.s), 20000);
    assert_memory_equal(b.s + 19990, "5,6,7,8,9,", 10);
    size_t cap = b.cap;
    acc_sb_clear(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(acc_sb_str(&b), "");
    assert_int_equal(b.cap, cap); /* memory kept */
    acc_sb_free(&b);
    assert_null(b.s);
    assert_int_equal(b.cap, 0);
}

static void test_reserve(void **state)
{
    (void)state;
    acc_sb b = {0};
    acc_sb_add(&b, "n=");
    assert_int_equal(acc_sb_reserve(&b, 600), 0);
    assert_true(b.cap >= b.len + 601);
    memset(b.s + b.len, '7', 600); /* a caller writes straight into it */
    b.len += 600;
    b.s[b.len] = '\0';
    assert_int_equal(strlen(acc_sb_str(&b)), 602);
    acc_sb_free(&b);
}

static void test_oom_sticks(void **state)
{
    (void)state;
    acc_sb b = {0};
    acc_sb_add(&b, "kept");
    /* more than can ever be allocated: fails without wrapping around */
    assert_int_equal(acc_sb_reserve(&b, (size_t)-1), -1);
    assert_int_equal(b.oom, 1);
    assert_int_equal(acc_sb_reserve(&b, (size_t)-1 / 2 - 2), -1);
    acc_sb_add(&b, "lost");
    acc_sb_printf(&b, "%s", "lost");
    assert_int_equal(acc_sb_reserve(&b, 1), -1); /* it sticks */
    assert_string_equal(acc_sb_str(&b), "kept");
    acc_sb_clear(&b);
    assert_int_equal(b.oom, 0);
    acc_sb_add(&b, "again");
    assert_string_equal(acc_sb_str(&b), "again");
    acc_sb_free(&b);
}

static void vfmt(acc_sb *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    acc_sb_vprintf(b, fmt, ap);
    va_end(ap);
}

static void test_vprintf(void **state)
{
    (void)state;
    acc_sb b = {0};
    char big[400];
    memset(big, 'y', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    vfmt(&b, "%s=%u;", "a", 1u);
    vfmt(&b, "%s", big); /* the long path reuses the arguments */
    assert_int_equal(b.len, 4 + 399);
    assert_memory_equal(b.s, "a=1;yyy", 7);
    acc_sb_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),       cmocka_unit_test(test_append),
        cmocka_unit_test(test_long_printf), cmocka_unit_test(test_growth),
        cmocka_unit_test(test_reserve),     cmocka_unit_test(test_oom_sticks),
        cmocka_unit_test(test_vprintf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
