/* accord io — deterministic, round-trippable text for numbers, shared by the
 * CSV and JSON writers: integers as integers, doubles in the shortest of
 * %.15g/%.16g/%.17g that strtod reads back bit for bit; and the strict decimal
 * reader of command-line numbers.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_IO_NUMFMT_H
#define ACC_IO_NUMFMT_H

#include <stddef.h>

/* Big enough for any output below ("-1.2345678901234567e-308" is 24). */
#define ACC_IO_NUMBUF 32

/* Write x into buf (NUL-terminated), return the length. Finite values:
 * integral values with |x| <= 2^53 as plain integers ("-0" keeps the sign of
 * negative zero), others in the first of %.15g, %.16g, %.17g whose strtod
 * gives back exactly x. Non-finite: "nan", "inf", "-inf" (callers that want
 * NA or null test isfinite() first). No allocation; thread-safe. */
size_t acc_io_fmt_double(char buf[ACC_IO_NUMBUF], double x);

/* Decimal text of v into buf, return the length. */
size_t acc_io_fmt_int(char buf[ACC_IO_NUMBUF], long long v);

/* A decimal number as a user writes one on a command line: an optional sign,
 * digits with an optional decimal point, an optional exponent (e or E, sign,
 * digits), and nothing else: no spaces before or after, no hexadecimal
 * ("0x10", which strtod reads as 16), no "inf" or "nan". 1 and the value
 * (finite; overflow is refused) in *out, or 0. */
int acc_parse_decimal(const char *s, double *out);
/* 1 when s is written as such a number but is too large for a double (1e400):
 * refused by acc_parse_decimal, and to be reported as too large, not as
 * "not a decimal number". */
int acc_decimal_too_large(const char *s);
#define ACC_DECIMAL_TOO_LARGE "is too large (a value's magnitude is at most about 1.8e308)"

/* A --set value (accord run, sweep, the live page): a decimal number as
 * above, or true (1) or false (0) for a switch; 1 and *out, or 0. A value it
 * refuses is reported as "'<text>' is not ..." ACC_SET_VALUE_FORMS. */
int acc_parse_set_value(const char *s, double *out);
#define ACC_SET_VALUE_FORMS                                                                                  \
    "a decimal number (such as 0.25, -3 or 1e-3; no hexadecimal, no spaces) or true/false (for a switch)"

#endif
