/* accord tests — number formatting for CSV/JSON: known answers worked out by
 * hand from IEEE-754 spacing, and bit-exact strtod round trips of random
 * doubles (all bit patterns, subnormals, decimal-looking values).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/numfmt.h"

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double from_bits(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

static const char *fmt(double x)
{
    static char buf[ACC_IO_NUMBUF];
    size_t n = acc_io_fmt_double(buf, x);
    assert_int_equal(n, strlen(buf));
    return buf;
}

static void test_known_answers(void **state)
{
    (void)state;
    assert_string_equal(fmt(0.1), "0.1");
    assert_string_equal(fmt(0.5), "0.5");
    assert_string_equal(fmt(123.456), "123.456");
    assert_string_equal(fmt(1e-300), "1e-300");
    assert_string_equal(fmt(1e-5), "1e-05");     /* %g: two exponent digits */
    assert_string_equal(fmt(0.0001), "0.0001");  /* %g: fixed down to 1e-4 */
    assert_string_equal(fmt(1.0 / 3.0), "0.3333333333333333");   /* 16 digits */
    assert_string_equal(fmt(2.0 / 3.0), "0.6666666666666666");
    assert_string_equal(fmt(0.1 + 0.2), "0.30000000000000004");  /* 17 digits */
    assert_string_equal(fmt(0.0), "0");
    assert_string_equal(fmt(-0.0), "-0");
    assert_string_equal(fmt(3.0), "3");
    assert_string_equal(fmt(-42.0), "-42");
    assert_string_equal(fmt(1e15), "1000000000000000");  /* integer, not 1e+15 */
    assert_string_equal(fmt(9007199254740992.0), "9007199254740992");   /* 2^53 */
    assert_string_equal(fmt(-9007199254740992.0), "-9007199254740992");
    /* 2^53 + 2: above the integer path; %.15g is off by 4 (spacing 2) */
    assert_string_equal(fmt(9007199254740994.0), "9007199254740994");
    /* 2^60: %.15g is 3024 off, %.16g 24 off, spacing 256 */
    assert_string_equal(fmt(1152921504606846976.0), "1.152921504606847e+18");
    assert_string_equal(fmt(1e21), "1e+21");
    /* DBL_MAX: 15 and 16 digits round up past it, to infinity */
    assert_string_equal(fmt(DBL_MAX), "1.7976931348623157e+308");
    /* DBL_MIN: 16 digits is 4e-324 away, more than half the 4.9e-324 spacing */
    assert_string_equal(fmt(DBL_MIN), "2.2250738585072014e-308");
    /* smallest subnormal: anything in (2.5e-324, 7.4e-324) reads back as it */
    assert_string_equal(fmt(from_bits(1)), "4.94065645841247e-324");
    /* The subnormal nearest 1e-310 is 3e-325 below it; %.15g of its exact
     * value already reads back, so it wins although "1e-310" would too:
     * the rule is "first of 15/16/17 digits", not "shortest overall". */
    assert_string_equal(fmt(1e-310), "9.99999999999997e-311");
    assert_string_equal(fmt(NAN), "nan");
    assert_string_equal(fmt(INFINITY), "inf");
    assert_string_equal(fmt(-INFINITY), "-inf");
}

static void test_int(void **state)
{
    (void)state;
    char buf[ACC_IO_NUMBUF];
    assert_int_equal(acc_io_fmt_int(buf, 0), 1);
    assert_string_equal(buf, "0");
    acc_io_fmt_int(buf, 20240917);
    assert_string_equal(buf, "20240917");
    acc_io_fmt_int(buf, -7);
    assert_string_equal(buf, "-7");
    assert_int_equal(acc_io_fmt_int(buf, LLONG_MAX), 19);
    assert_string_equal(buf, "9223372036854775807");
    assert_int_equal(acc_io_fmt_int(buf, LLONG_MIN), 20);
    assert_string_equal(buf, "-9223372036854775808");
}

/* The specified algorithm, straight from the brief: the first of %.15g,
 * %.16g, %.17g that strtod reads back. */
static void reference(char *buf, double x)
{
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, ACC_IO_NUMBUF, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            return;
    }
}

static void check_round_trip(double x, long *mismatch)
{
    char buf[ACC_IO_NUMBUF];
    size_t n = acc_io_fmt_double(buf, x);
    assert_true(n < ACC_IO_NUMBUF);
    double back = strtod(buf, NULL);
    if (memcmp(&back, &x, sizeof x) != 0)
        fail_msg("%a printed as %s reads back as %a", x, buf, back);
    if (!(fabs(x) <= 9007199254740992.0 && x == trunc(x))) {
        char ref[ACC_IO_NUMBUF];
        reference(ref, x);
        if (strcmp(ref, buf) != 0) {
            print_error("%a: got %s, shortest of %%.15g..%%.17g is %s\n", x, buf, ref);
            (*mismatch)++;
        }
    }
}

static void test_round_trip_random(void **state)
{
    (void)state;
    uint64_t seed = 0x5eed2385ULL;
    long mismatch = 0, tested = 0;
    for (int i = 0; i < 60000; i++) {
        uint64_t u = splitmix(&seed);
        double x;
        switch (i % 5) {
        case 0: /* any bit pattern: all exponents, signs, subnormals */
            x = from_bits(u);
            break;
        case 1: /* subnormals only */
            x = from_bits(u & 0x800fffffffffffffULL);
            break;
        case 2: /* uniform in [0, 1) with 53 random bits */
            x = (double)(u >> 11) * 0x1p-53;
            break;
        case 3: /* few-decimal values, as from config files: 2.385 etc. */
            x = (double)(int64_t)(u % 2000001) / 1000.0 - 1000.0;
            break;
        default: /* integers up to 2^53 and a bit past it */
            x = (double)(u >> 10) * ((u & 1) ? -1.0 : 1.0);
            break;
        }
        if (!isfinite(x))
            continue;
        check_round_trip(x, &mismatch);
        tested++;
    }
    assert_true(tested > 59000);
    assert_int_equal(mismatch, 0);
}

static void test_round_trip_edges(void **state)
{
    (void)state;
    long mismatch = 0;
    const double xs[] = {0.1, 1e-300, -0.0, DBL_MIN, DBL_MAX, -DBL_MAX, DBL_EPSILON,
                         1.0 + DBL_EPSILON, 1.0 - DBL_EPSILON / 2, from_bits(1),
                         from_bits(0x000fffffffffffffULL), 9007199254740993.0,
                         4503599627370495.5, 0.3, 2.385, 1e23, 5e-324, 1.5e300,
                         123456789.123456789};
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++)
        check_round_trip(xs[i], &mismatch);
    /* every integer power of two and its neighbours */
    for (int e = -1074; e <= 1023; e++) {
        double p = ldexp(1.0, e);
        check_round_trip(p, &mismatch);
        check_round_trip(nextafter(p, 0.0), &mismatch);
        check_round_trip(-nextafter(p, INFINITY), &mismatch);
    }
    /* every power of ten and its neighbours: ties in the 17-digit string */
    for (int e = -323; e <= 308; e++) {
        char lit[16];
        snprintf(lit, sizeof lit, "1e%d", e);
        double p = strtod(lit, NULL);
        check_round_trip(p, &mismatch);
        check_round_trip(nextafter(p, 0.0), &mismatch);
        check_round_trip(nextafter(p, INFINITY), &mismatch);
    }
    assert_int_equal(mismatch, 0);
}

/* acc_parse_decimal: what a user writes, and nothing strtod alone would let in. */
static void test_parse_decimal(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        double v;
    } good[] = {{"0.25", 0.25}, {"-3", -3}, {"+2.5", 2.5}, {".5", 0.5}, {"5.", 5},
                {"1e-3", 0.001}, {"2.385E+2", 238.5}, {"-0", -0.0}, {"1e-320", 1e-320}};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        double v = NAN;
        if (!acc_parse_decimal(good[i].s, &v) || v != good[i].v)
            fail_msg("'%s': got %d, %g", good[i].s, acc_parse_decimal(good[i].s, &v), v);
    }
    static const char *const bad[] = {"",     " 1",   "1 ",  "\t1", "0x10", "0X1p3", "inf",
                                      "-inf", "nan",  "1e",  "e5",   ".",    "-",     "+-1",
                                      "1,5",  "1.2.3", "1e400", "--1", "1e+", "0x", NULL};
    for (int i = 0; bad[i]; i++) {
        double v = 7;
        if (acc_parse_decimal(bad[i], &v))
            fail_msg("'%s' accepted as %g", bad[i], v);
        assert_true(v == 7); /* untouched */
    }
    assert_false(acc_parse_decimal(NULL, &(double){0}));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_answers),
        cmocka_unit_test(test_int),
        cmocka_unit_test(test_round_trip_random),
        cmocka_unit_test(test_round_trip_edges),
        cmocka_unit_test(test_parse_decimal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
