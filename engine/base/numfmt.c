/* accord io — shortest round-trip formatting of doubles and fast integer
 * formatting (no allocation; the CSV writer calls these once per cell).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "base/numfmt.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t acc_io_fmt_int(char buf[ACC_IO_NUMBUF], long long v)
{
    char tmp[ACC_IO_NUMBUF];
    size_t n = 0, len = 0;
    /* Work in unsigned so that LLONG_MIN does not overflow on negation. */
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        tmp[n++] = (char)('0' + (int)(u % 10U));
        u /= 10U;
    } while (u);
    if (v < 0)
        buf[len++] = '-';
    while (n)
        buf[len++] = tmp[--n];
    buf[len] = '\0';
    return len;
}

/* Lay out `ndig` significant digits (first digit has decimal exponent
 * `exp10`) exactly as printf's %.<prec>g would: trailing zeros dropped,
 * fixed notation when -4 <= exp10 < prec, else d.ddde[+-]XX. */
static size_t layout_g(char *out, int neg, const char *dig, int ndig, int exp10, int prec)
{
    size_t len = 0;
    while (ndig > 1 && dig[ndig - 1] == '0')
        ndig--;
    if (neg)
        out[len++] = '-';
    if (exp10 < -4 || exp10 >= prec) {
        out[len++] = dig[0];
        if (ndig > 1) {
            out[len++] = '.';
            for (int i = 1; i < ndig; i++)
                out[len++] = dig[i];
        }
        out[len++] = 'e';
        out[len++] = exp10 < 0 ? '-' : '+';
        int e = exp10 < 0 ? -exp10 : exp10;
        if (e >= 100)
            out[len++] = (char)('0' + e / 100);
        out[len++] = (char)('0' + (e / 10) % 10);
        out[len++] = (char)('0' + e % 10);
    } else if (exp10 < 0) {
        out[len++] = '0';
        out[len++] = '.';
        for (int i = -1; i > exp10; i--)
            out[len++] = '0';
        for (int i = 0; i < ndig; i++)
            out[len++] = dig[i];
    } else {
        /* exp10 + 1 digits before the point, padded with zeros if needed. */
        for (int i = 0; i <= exp10; i++)
            out[len++] = i < ndig ? dig[i] : '0';
        if (ndig > exp10 + 1) {
            out[len++] = '.';
            for (int i = exp10 + 1; i < ndig; i++)
                out[len++] = dig[i];
        }
    }
    out[len] = '\0';
    return len;
}

size_t acc_io_fmt_double(char buf[ACC_IO_NUMBUF], double x)
{
    if (isnan(x)) {
        memcpy(buf, "nan", 4);
        return 3;
    }
    if (isinf(x)) {
        if (x < 0) {
            memcpy(buf, "-inf", 5);
            return 4;
        }
        memcpy(buf, "inf", 4);
        return 3;
    }
    if (x == 0.0) {
        if (signbit(x)) {
            memcpy(buf, "-0", 3);
            return 2;
        }
        memcpy(buf, "0", 2);
        return 1;
    }
    /* Integral values up to 2^53 are exact in a long long: print them as
     * integers (cheap, and "1000000000000000" rather than "1e+15"). */
    if (fabs(x) <= 9007199254740992.0 && x == trunc(x))
        return acc_io_fmt_int(buf, (long long)x);

    /* printf of a double is the expensive part, so print once with 17
     * significant digits and derive the 15- and 16-digit candidates by
     * rounding that digit string. Rounding twice differs from rounding
     * once only when the dropped digits are exactly 5000...: then ask
     * printf itself. The result is byte-identical to trying %.15g, %.16g,
     * %.17g in turn and keeping the first that strtod reads back as x. */
    char e17[ACC_IO_NUMBUF];
    snprintf(e17, sizeof e17, "%.16e", x);
    const char *p = e17;
    int neg = 0;
    if (*p == '-') {
        neg = 1;
        p++;
    }
    char d17[17];
    d17[0] = p[0];
    memcpy(d17 + 1, p + 2, 16); /* skip "d." */
    int exp17 = atoi(p + 19);   /* after "d.dddddddddddddddde" */

    for (int prec = 15; prec <= 16; prec++) {
        char dig[17];
        int exp10 = exp17;
        int tail_gt = 0, tail_tie = 0;
        if (d17[prec] > '5') {
            tail_gt = 1;
        } else if (d17[prec] == '5') {
            tail_tie = 1;
            for (int i = prec + 1; i < 17; i++) {
                if (d17[i] != '0') {
                    tail_tie = 0;
                    tail_gt = 1;
                    break;
                }
            }
        }
        size_t len;
        if (tail_tie) {
            len = (size_t)snprintf(buf, ACC_IO_NUMBUF, "%.*g", prec, x);
        } else {
            memcpy(dig, d17, (size_t)prec);
            if (tail_gt) {
                int i = prec - 1;
                while (i >= 0 && dig[i] == '9')
                    dig[i--] = '0';
                if (i >= 0) {
                    dig[i]++;
                } else { /* 999.. rounded up to 1000.. */
                    dig[0] = '1';
                    exp10++;
                }
            }
            len = layout_g(buf, neg, dig, prec, exp10, prec);
        }
        if (strtod(buf, NULL) == x)
            return len;
    }
    /* 17 significant digits always identify an IEEE double. */
    return layout_g(buf, neg, d17, 17, exp17, 17);
}

/* s is written as acc_parse_decimal reads a number (whatever its size). */
static int decimal_syntax(const char *s)
{
    if (!s)
        return 0;
    const char *p = s;
    if (*p == '+' || *p == '-')
        p++;
    int digits = 0;
    while (*p >= '0' && *p <= '9')
        p++, digits++;
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9')
            p++, digits++;
    }
    if (!digits)
        return 0;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return 0;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p)
        return 0;
    return 1;
}

int acc_parse_decimal(const char *s, double *out)
{
    if (!decimal_syntax(s))
        return 0;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    /* underflow to a subnormal or zero is still the number written */
    if (*end || !isfinite(v) || (errno == ERANGE && fabs(v) > 1))
        return 0;
    *out = v;
    return 1;
}

int acc_decimal_too_large(const char *s)
{
    double x;
    return decimal_syntax(s) && !acc_parse_decimal(s, &x);
}

int acc_parse_set_value(const char *s, double *out)
{
    if (strcmp(s, "true") == 0) {
        *out = 1;
        return 1;
    }
    if (strcmp(s, "false") == 0) {
        *out = 0;
        return 1;
    }
    return acc_parse_decimal(s, out);
}
