/* accord io — reading a whole file into memory: the one reader behind
 * scenarios, sweep files, JSON documents, CSV tables, plot templates and reports.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_IO_READFILE_H
#define ACC_IO_READFILE_H

#include <stddef.h>

/* Read the file at path into a malloc'd buffer with a NUL after its last
 * byte; *len (may be NULL) is the file's length without that NUL, so files
 * holding NUL bytes read whole. An empty file gives "" and 0. The file may
 * hold at most max_bytes bytes (SIZE_MAX: no limit).
 * On failure *out is NULL, *len 0, and err names the path:
 *   ACC_EIO     "PATH: cannot open: <reason>" (missing, no permission),
 *               "PATH: read failed: Is a directory", "PATH: read failed: <reason>",
 *               "PATH: larger than N bytes" (max_bytes; "N MiB" when whole MiB)
 *   ACC_ENOMEM  "PATH: out of memory" */
int acc_io_read_file(const char *path, size_t max_bytes, char **out, size_t *len, char *err,
                     size_t errlen);

/* The same for a file that must be a regular file (a scenario, a sweep
 * file): a FIFO, device or socket is refused before it is opened, so a FIFO
 * with no writer cannot block the caller. ACC_EIO with
 *   "PATH: not a regular file (a FIFO, device or socket); give a .lua file". */
int acc_io_read_regular_file(const char *path, size_t max_bytes, char **out, size_t *len,
                             char *err, size_t errlen);

/* Script text read by acc_io_read_file goes to Lua as a C string, so a NUL
 * byte would silently end it there: refuse it. ACC_OK if text[0..len) holds
 * no NUL byte, else ACC_EINVAL with
 *   "LABEL:LINE: a NUL byte (column C): not a text file". */
int acc_io_check_text(const char *label, const char *text, size_t len, char *err,
                      size_t errlen);

#endif
