/* accord — status names, error formatting, GSL error handler.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/common.h"

#include <stdarg.h>
#include <stdio.h>
#include <gsl/gsl_errno.h>

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

void acc_gsl_quiet(void)
{
    /* GSL's default handler calls abort(); the library never aborts. Each
     * GSL call we make checks its own return value instead. */
    gsl_set_error_handler_off();
}
