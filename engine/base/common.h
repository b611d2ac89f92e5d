/* accord — status codes and small helpers shared by every module.
 * Functions return an int status (ACC_OK or a named code) and keep the
 * message on their handle or in a caller-supplied buffer; only main() turns
 * statuses into exit codes. SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_COMMON_H
#define ACC_COMMON_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#ifdef __cplusplus /* the library is C; a C++ program links it as such */
extern "C" {
#endif

enum acc_status {
    ACC_OK = 0,
    ACC_EINVAL = 1,  /* bad input: scenario value, argument, malformed data */
    ACC_ENOMEM = 2,  /* allocation failed */
    ACC_EIO = 3,     /* file or process I/O failed */
    ACC_ESCRIPT = 4, /* a Lua script raised an error while running */
    ACC_ELIMIT = 5,  /* a script hit its memory or time limit */
    ACC_ERUN = 6,    /* the simulation itself failed */
    ACC_EINTR = 7    /* stopped by a signal (SIGINT, SIGTERM): resumable */
};

/* A short, stable name for a status ("invalid input", ...). */
const char *acc_status_name(int status);

/* Format into a caller's error buffer (NULL buffer or zero size: no-op). */
void acc_errf(char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Write s to fp for a person's terminal: control characters (C0 except
 * newline and tab, DEL, and C1 as UTF-8) are written as \xHH, so text from a
 * script (a description, an error, a log line) cannot send escape sequences
 * to the terminal. */
void acc_fputs_printable(const char *s, FILE *fp);

#define ACC_ERRLEN 1024

#ifdef __cplusplus
}
#endif

#endif
