/* accord io — SHA-256 written from FIPS 180-4 (sections 4.1.2, 4.2.2, 5.1.1,
 * 5.3.3, 6.2): 64-byte blocks, big-endian words, 64 rounds.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "base/sha256.h"

#include "base/common.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* FIPS 180-4 4.2.2: first 32 bits of the fractional parts of the cube roots
 * of the first 64 primes. */
static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2};

static uint32_t rotr(uint32_t x, unsigned n) { return (x >> n) | (x << (32U - n)); }

/* FIPS 180-4 6.2.2: process one 512-bit block. */
static void compress(uint32_t h[8], const unsigned char *blk)
{
    uint32_t w[64];
    for (int t = 0; t < 16; t++)
        w[t] = (uint32_t)blk[4 * t] << 24 | (uint32_t)blk[4 * t + 1] << 16 |
               (uint32_t)blk[4 * t + 2] << 8 | (uint32_t)blk[4 * t + 3];
    for (int t = 16; t < 64; t++) {
        uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
        uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
        w[t] = s1 + w[t - 7] + s0 + w[t - 16];
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (int t = 0; t < 64; t++) {
        uint32_t S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
        uint32_t ch = (e & f) ^ (~e & g);
        uint32_t t1 = k + S1 + ch + K[t] + w[t];
        uint32_t S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
        uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
        uint32_t t2 = S0 + maj;
        k = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += k;
}

void acc_sha256_init(acc_sha256_ctx *c)
{
    /* FIPS 180-4 5.3.3: fractional parts of the square roots of the first
     * eight primes. */
    static const uint32_t H0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(c->h, H0, sizeof H0);
    c->nbytes = 0;
    c->fill = 0;
}

void acc_sha256_update(acc_sha256_ctx *c, const void *data, size_t len)
{
    const unsigned char *p = data;
    c->nbytes += len;
    if (c->fill) {
        size_t take = 64 - c->fill < len ? 64 - c->fill : len;
        memcpy(c->block + c->fill, p, take);
        c->fill += take;
        p += take;
        len -= take;
        if (c->fill < 64)
            return;
        compress(c->h, c->block);
        c->fill = 0;
    }
    while (len >= 64) {
        compress(c->h, p);
        p += 64;
        len -= 64;
    }
    if (len) {
        memcpy(c->block, p, len);
        c->fill = len;
    }
}

void acc_sha256_final(acc_sha256_ctx *c, unsigned char digest[ACC_SHA256_LEN])
{
    /* FIPS 180-4 5.1.1: a 1 bit, zeros to 448 mod 512, 64-bit bit length. */
    uint64_t bits = c->nbytes * 8U;
    c->block[c->fill++] = 0x80;
    if (c->fill > 56) {
        memset(c->block + c->fill, 0, 64 - c->fill);
        compress(c->h, c->block);
        c->fill = 0;
    }
    memset(c->block + c->fill, 0, 56 - c->fill);
    for (int i = 0; i < 8; i++)
        c->block[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
    compress(c->h, c->block);
    for (int i = 0; i < 8; i++) {
        digest[4 * i] = (unsigned char)(c->h[i] >> 24);
        digest[4 * i + 1] = (unsigned char)(c->h[i] >> 16);
        digest[4 * i + 2] = (unsigned char)(c->h[i] >> 8);
        digest[4 * i + 3] = (unsigned char)c->h[i];
    }
    c->fill = 0;
}

void acc_sha256(const void *data, size_t len, unsigned char digest[ACC_SHA256_LEN])
{
    acc_sha256_ctx c;
    acc_sha256_init(&c);
    acc_sha256_update(&c, data, len);
    acc_sha256_final(&c, digest);
}

void acc_sha256_hex(const unsigned char digest[ACC_SHA256_LEN], char hex[ACC_SHA256_HEXLEN])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < ACC_SHA256_LEN; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[64] = '\0';
}

int acc_sha256_file(const char *path, char hex[ACC_SHA256_HEXLEN], char *err, size_t errlen)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        int e = errno;
        acc_errf(err, errlen, "%s: cannot open: %s", path, strerror(e));
        return ACC_EIO;
    }
    acc_sha256_ctx c;
    acc_sha256_init(&c);
    unsigned char buf[16384]; /* small: may run on a worker thread */
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, fp)) > 0)
        acc_sha256_update(&c, buf, got);
    if (ferror(fp)) {
        int e = errno;
        fclose(fp);
        acc_errf(err, errlen, "%s: read failed: %s", path, strerror(e));
        return ACC_EIO;
    }
    fclose(fp);
    unsigned char d[ACC_SHA256_LEN];
    acc_sha256_final(&c, d);
    acc_sha256_hex(d, hex);
    return ACC_OK;
}
