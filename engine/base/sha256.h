/* accord io — SHA-256 (FIPS 180-4) of buffers and files, for the output
 * manifest: which inputs and outputs a run used, byte for byte.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_IO_SHA256_H
#define ACC_IO_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define ACC_SHA256_LEN 32     /* digest bytes */
#define ACC_SHA256_HEXLEN 65  /* 64 hex digits + NUL */

/* Incremental state; plain struct so it can live on the stack. */
typedef struct acc_sha256_ctx {
    uint32_t h[8];
    uint64_t nbytes;          /* message length so far */
    unsigned char block[64];  /* pending partial block */
    size_t fill;              /* bytes in block */
} acc_sha256_ctx;

void acc_sha256_init(acc_sha256_ctx *c);
void acc_sha256_update(acc_sha256_ctx *c, const void *data, size_t len);
/* Pad, finish and write the digest; c must be re-initialised to reuse. */
void acc_sha256_final(acc_sha256_ctx *c, unsigned char digest[ACC_SHA256_LEN]);

/* One shot over a buffer. */
void acc_sha256(const void *data, size_t len, unsigned char digest[ACC_SHA256_LEN]);
/* Lower-case hex of a digest, NUL-terminated. */
void acc_sha256_hex(const unsigned char digest[ACC_SHA256_LEN], char hex[ACC_SHA256_HEXLEN]);
/* Hex digest of a file's bytes; ACC_EIO with "path: cannot open: ..." etc. */
int acc_sha256_file(const char *path, char hex[ACC_SHA256_HEXLEN], char *err, size_t errlen);

#endif
