/* accord io — a small streaming JSON writer for run manifests: pretty-printed
 * with 2-space indents, numbers that round-trip, strings escaped per RFC 8259.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_IO_JSON_H
#define ACC_IO_JSON_H

#include <stddef.h>
#include <stdio.h>

#include "io/atomic.h"

/* Output shape (like Python's json.dumps(indent=2)):
 *   {
 *     "name": "eu",
 *     "runs": [
 *       1,
 *       2.5
 *     ],
 *     "empty": {}
 *   }
 * followed by one newline after the top-level value. Strings: '"' and '\'
 * are backslash-escaped, control characters (< 0x20) become \u00XX, valid
 * UTF-8 is kept as is, each byte of an invalid UTF-8 sequence becomes
 * \ufffd. Numbers: as acc_io_fmt_double (integral values up to 2^53 as
 * integers, else shortest of %.15g/%.16g/%.17g that round-trips); NaN and
 * +-infinity, which JSON cannot represent, are written as null.
 * Misuse (a value in an object without a key, a key outside an object,
 * mismatched end, nesting deeper than ACC_JSON_MAXDEPTH, a second top-level
 * value, finishing early) and write errors stick: the call returns the status
 * and acc_json_errmsg() tells which. */
#define ACC_JSON_MAXDEPTH 64

typedef struct acc_json acc_json;

/* Write to fp (not owned); label names the output in messages (may be NULL). */
int acc_json_new(FILE *fp, const char *label, acc_json **out, char *err, size_t errlen);
void acc_json_free(acc_json *j);

int acc_json_begin_object(acc_json *j);
int acc_json_end_object(acc_json *j);
int acc_json_begin_array(acc_json *j);
int acc_json_end_array(acc_json *j);
int acc_json_key(acc_json *j, const char *key);
int acc_json_string(acc_json *j, const char *s); /* NULL writes null */
int acc_json_stringn(acc_json *j, const char *s, size_t n);
int acc_json_number(acc_json *j, double v);
int acc_json_int(acc_json *j, long long v);
int acc_json_bool(acc_json *j, int v);
int acc_json_null(acc_json *j);

/* key + value in one call. */
int acc_json_kstr(acc_json *j, const char *key, const char *s);
int acc_json_knum(acc_json *j, const char *key, double v);
int acc_json_kint(acc_json *j, const char *key, long long v);
int acc_json_kbool(acc_json *j, const char *key, int v);

/* The document must be complete: writes the final newline and flushes. */
int acc_json_finish(acc_json *j);
const char *acc_json_errmsg(const acc_json *j); /* "" if no error */

/* A document that appears at path only when complete (a manifest): *af is
 * the atomic file (io/atomic.h), *j writes into it. On failure both are
 * NULL and nothing is left behind. End with acc_json_commit. */
int acc_json_open_atomic(const char *path, acc_atomic **af, acc_json **j, char *err,
                         size_t errlen);
/* Free j, then: if bad (a write failed; the message is j's), drop the file
 * and return ACC_EIO; else commit it (acc_atomic_commit's status). */
int acc_json_commit(acc_json *j, acc_atomic *af, int bad, char *err, size_t errlen);
/* The same without the commit: ACC_OK leaves af open and whole, for a file
 * committed later (a manifest after the files it lists). */
int acc_json_done(acc_json *j, acc_atomic *af, int bad, char *err, size_t errlen);

#endif
