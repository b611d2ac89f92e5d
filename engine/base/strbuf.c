/* accord base — the growable string builder (base/strbuf.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "base/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void acc_sb_init(acc_sb *b) { memset(b, 0, sizeof *b); }

void acc_sb_free(acc_sb *b)
{
    free(b->s);
    memset(b, 0, sizeof *b);
}

void acc_sb_clear(acc_sb *b)
{
    b->len = 0;
    b->oom = 0;
    if (b->s)
        b->s[0] = '\0';
}

int acc_sb_reserve(acc_sb *b, size_t extra)
{
    if (b->oom)
        return -1;
    const size_t most = (size_t)-1 / 2; /* so that doubling cannot wrap */
    if (extra >= most || b->len >= most - extra) {
        b->oom = 1;
        return -1;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap *= 2;
    char *s = realloc(b->s, cap);
    if (!s) {
        b->oom = 1;
        return -1;
    }
    b->s = s;
    b->cap = cap;
    return 0;
}

void acc_sb_addn(acc_sb *b, const char *s, size_t n)
{
    if (acc_sb_reserve(b, n))
        return;
    if (n)
        memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void acc_sb_add(acc_sb *b, const char *s) { acc_sb_addn(b, s, strlen(s)); }

void acc_sb_vprintf(acc_sb *b, const char *fmt, va_list ap)
{
    /* short texts (most) are formatted once, into a buffer on the stack */
    char small[256];
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n < 0) {
        b->oom = 1;
    } else if ((size_t)n < sizeof small) {
        acc_sb_addn(b, small, (size_t)n);
    } else if (acc_sb_reserve(b, (size_t)n) == 0) {
        vsnprintf(b->s + b->len, (size_t)n + 1, fmt, again);
        b->len += (size_t)n;
    }
    va_end(again);
}

void acc_sb_printf(acc_sb *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    acc_sb_vprintf(b, fmt, ap);
    va_end(ap);
}

const char *acc_sb_str(const acc_sb *b) { return b->s ? b->s : ""; }
