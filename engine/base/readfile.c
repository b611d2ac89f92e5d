/* accord io — reading a whole file into memory with a size limit, a NUL
 * terminator and messages that name the path (see readfile.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "base/readfile.h"

#include "base/common.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define FIRST_CHUNK 4096
#define MIB ((size_t)1 << 20)

static void too_large(const char *path, size_t max_bytes, char *err, size_t errlen)
{
    if (max_bytes >= MIB && max_bytes % MIB == 0)
        acc_errf(err, errlen, "%s: larger than %zu MiB", path, max_bytes / MIB);
    else
        acc_errf(err, errlen, "%s: larger than %zu bytes", path, max_bytes);
}

int acc_io_read_file(const char *path, size_t max_bytes, char **out, size_t *len, char *err,
                     size_t errlen)
{
    *out = NULL;
    if (len)
        *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;
        acc_errf(err, errlen, "%s: cannot open: %s", path, strerror(e));
        return ACC_EIO;
    }
    /* Reading one byte past max_bytes tells "exactly max_bytes" from "larger"
     * (the buffer holds cap bytes plus the NUL, so cap stays below SIZE_MAX). */
    size_t limit = max_bytes < SIZE_MAX - 1 ? max_bytes + 1 : SIZE_MAX - 1;
    size_t first = FIRST_CHUNK;
    struct stat st;
    if (fstat(fileno(f), &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            fclose(f);
            acc_errf(err, errlen, "%s: read failed: %s", path, strerror(EISDIR));
            return ACC_EIO;
        }
        /* a regular file's size saves the doubling; pipes and /proc say 0 */
        if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size >= first)
            first = (uintmax_t)st.st_size < limit ? (size_t)st.st_size + 1 : limit;
    }
    if (first > limit)
        first = limit;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    int rc = ACC_OK;
    for (;;) {
        if (n == cap) {
            if (cap == limit) {
                too_large(path, max_bytes, err, errlen);
                rc = ACC_EIO;
                break;
            }
            size_t want = !cap ? first : cap <= limit / 2 ? cap * 2 : limit;
            char *nb = realloc(buf, want + 1);
            if (!nb) {
                acc_errf(err, errlen, "%s: out of memory", path);
                rc = ACC_ENOMEM;
                break;
            }
            buf = nb;
            cap = want;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                int e = errno;
                acc_errf(err, errlen, "%s: read failed: %s", path, strerror(e));
                rc = ACC_EIO;
            }
            break;
        }
    }
    fclose(f);
    if (rc) {
        free(buf);
        return rc;
    }
    buf[n] = '\0';
    *out = buf;
    if (len)
        *len = n;
    return ACC_OK;
}

int acc_io_check_text(const char *label, const char *text, size_t len, char *err, size_t errlen)
{
    const char *nul = memchr(text, '\0', len);
    if (!nul)
        return ACC_OK;
    long line = 1;
    const char *bol = text;
    for (const char *p = text; p < nul; p++)
        if (*p == '\n') {
            line++;
            bol = p + 1;
        }
    acc_errf(err, errlen, "%s:%ld: a NUL byte (column %ld): not a text file", label, line,
             (long)(nul - bol) + 1);
    return ACC_EINVAL;
}

int acc_io_read_regular_file(const char *path, size_t max_bytes, char **out, size_t *len,
                             char *err, size_t errlen)
{
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
        *out = NULL;
        if (len)
            *len = 0;
        acc_errf(err, errlen, "%s: not a regular file (a FIFO, device or socket); give a .lua file",
                 path);
        return ACC_EIO;
    }
    return acc_io_read_file(path, max_bytes, out, len, err, errlen);
}
