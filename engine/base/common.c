/* accord base — status names, error formatting, printable text (libc only).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "base/common.h"

#include <stdarg.h>
#include <stdio.h>

const char *acc_status_name(int status)
{
    switch (status) {
    case ACC_OK: return "ok";
    case ACC_EINVAL: return "invalid input";
    case ACC_ENOMEM: return "out of memory";
    case ACC_EIO: return "I/O error";
    case ACC_ESCRIPT: return "script error";
    case ACC_ELIMIT: return "limit exceeded";
    case ACC_ERUN: return "run failed";
    default: return "unknown status";
    }
}

void acc_errf(char *buf, size_t len, const char *fmt, ...)
{
    if (!buf || len == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, len, fmt, ap);
    va_end(ap);
}

void acc_fputs_printable(const char *s, FILE *fp)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
            fprintf(fp, "\\x%02x", *p);
        else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) /* U+0080..U+009F */
            fprintf(fp, "\\x%02x", *++p);
        else
            fputc(*p, fp);
    }
}
