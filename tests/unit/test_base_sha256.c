/* accord tests — SHA-256 against the FIPS 180-2/180-4 example vectors, the
 * empty message, padding boundary lengths (digests from GNU coreutils
 * sha256sum), incremental hashing, and files with their error paths.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/common.h"
#include "base/sha256.h"

static const char *hex_of(const void *data, size_t len)
{
    static char hex[ACC_SHA256_HEXLEN];
    unsigned char d[ACC_SHA256_LEN];
    acc_sha256(data, len, d);
    acc_sha256_hex(d, hex);
    return hex;
}

static void test_fips_vectors(void **state)
{
    (void)state;
    assert_string_equal(hex_of("abc", 3),
                        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    assert_int_equal(strlen(m448) * 8, 448);
    assert_string_equal(hex_of(m448, strlen(m448)),
                        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    const char *m896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                       "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    assert_int_equal(strlen(m896) * 8, 896);
    assert_string_equal(hex_of(m896, strlen(m896)),
                        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    assert_string_equal(hex_of("", 0),
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const unsigned char bytes[] = {0x00, 0x01, 0xfe, 0xff};
    assert_string_equal(hex_of(bytes, sizeof bytes),
                        "c5dbae22661af6db18a1f676db82a7ef7de46d27c3a263a872f00478b0d99fc4");
}

static void test_million_a(void **state)
{
    (void)state;
    /* fed in 1000 pieces of 1000 to cross block boundaries unevenly */
    char piece[1000];
    memset(piece, 'a', sizeof piece);
    acc_sha256_ctx c;
    acc_sha256_init(&c);
    for (int i = 0; i < 1000; i++)
        acc_sha256_update(&c, piece, sizeof piece);
    unsigned char d[ACC_SHA256_LEN];
    acc_sha256_final(&c, d);
    char hex[ACC_SHA256_HEXLEN];
    acc_sha256_hex(d, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Lengths around the 55/56-byte padding boundary and block edges. */
static void test_padding_boundaries(void **state)
{
    (void)state;
    static const struct { size_t n; const char *hex; } cases[] = {
        {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
        {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
        {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
        {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
        {65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"},
        {119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"},
        {120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"},
    };
    char a[128];
    memset(a, 'a', sizeof a);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_string_equal(hex_of(a, cases[i].n), cases[i].hex);
}

/* Splitting a message anywhere gives the one-shot digest. */
static void test_incremental_equals_one_shot(void **state)
{
    (void)state;
    unsigned char msg[300];
    uint64_t s = 2385;
    for (size_t i = 0; i < sizeof msg; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        msg[i] = (unsigned char)(s >> 56);
    }
    unsigned char whole[ACC_SHA256_LEN], parts[ACC_SHA256_LEN];
    acc_sha256(msg, sizeof msg, whole);
    for (size_t cut1 = 0; cut1 <= sizeof msg; cut1 += 7) {
        for (size_t cut2 = cut1; cut2 <= sizeof msg; cut2 += 13) {
            acc_sha256_ctx c;
            acc_sha256_init(&c);
            acc_sha256_update(&c, msg, cut1);
            acc_sha256_update(&c, msg + cut1, cut2 - cut1);
            acc_sha256_update(&c, msg + cut2, sizeof msg - cut2);
            acc_sha256_final(&c, parts);
            assert_memory_equal(whole, parts, ACC_SHA256_LEN);
        }
    }
}

static void test_file(void **state)
{
    (void)state;
    char path[] = "/tmp/accord-io-sha-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    /* 200 000 bytes: several read buffers, ending mid-block */
    FILE *fp = fdopen(fd, "w");
    for (int i = 0; i < 200000; i++)
        fputc('a', fp);
    fclose(fp);
    char hex[ACC_SHA256_HEXLEN], err[ACC_ERRLEN];
    assert_int_equal(acc_sha256_file(path, hex, err, sizeof err), ACC_OK);
    static char a[200000];
    memset(a, 'a', sizeof a);
    assert_string_equal(hex, hex_of(a, sizeof a));

    fp = fopen(path, "w");
    fputs("abc", fp);
    fclose(fp);
    assert_int_equal(acc_sha256_file(path, hex, err, sizeof err), ACC_OK);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    unlink(path);

    assert_int_equal(acc_sha256_file(path, hex, err, sizeof err), ACC_EIO);
    char want[128];
    snprintf(want, sizeof want, "%s: cannot open: No such file or directory", path);
    assert_string_equal(err, want);
    assert_int_equal(acc_sha256_file("/tmp", hex, err, sizeof err), ACC_EIO);
    assert_string_equal(err, "/tmp: read failed: Is a directory");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fips_vectors),
        cmocka_unit_test(test_million_a),
        cmocka_unit_test(test_padding_boundaries),
        cmocka_unit_test(test_incremental_equals_one_shot),
        cmocka_unit_test(test_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
