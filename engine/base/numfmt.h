/* accord io — deterministic, round-trippable text for numbers, shared by the
 * CSV and JSON writers: integers as integers, doubles in the shortest of
 * %.15g/%.16g/%.17g that strtod reads back bit for bit.
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

#endif
