/* accord base — a growable string builder (libc only): text or bytes
 * appended to one heap buffer that is always NUL-terminated. Used for HTML
 * pages and gnuplot scripts (report/), journal lines, record bodies and
 * time-series payloads (sweep/).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_BASE_STRBUF_H
#define ACC_BASE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

/* A value type: zero-initialise it ("acc_sb b = {0};" or acc_sb_init) and
 * release it with acc_sb_free. An allocation failure sticks: oom becomes 1,
 * later appends do nothing and the contents so far stay; check oom once at
 * the end. s is NULL until the first append (acc_sb_str gives "" then);
 * s[len] is always '\0', and s may also hold bytes that are not text. */
typedef struct acc_sb {
    char *s;
    size_t len, cap;
    int oom;
} acc_sb;

void acc_sb_init(acc_sb *b);
void acc_sb_free(acc_sb *b);
/* Empty it and forget an earlier allocation failure; keeps the memory. */
void acc_sb_clear(acc_sb *b);
/* Room for extra more bytes (and the NUL) after len: 0, or -1 with oom set.
 * Lets a caller read or write straight into s + len. */
int acc_sb_reserve(acc_sb *b, size_t extra);
void acc_sb_addn(acc_sb *b, const char *s, size_t n);
void acc_sb_add(acc_sb *b, const char *s);
void acc_sb_printf(acc_sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void acc_sb_vprintf(acc_sb *b, const char *fmt, va_list ap);
/* The text (never NULL: "" when empty); ownership stays with b. */
const char *acc_sb_str(const acc_sb *b);

#endif
