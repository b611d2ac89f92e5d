/* accord tests — whole-file reads (io/readfile.h): exact bytes with embedded
 * NULs and a NUL after the end, the size limit at max and max + 1 bytes, pipes
 * and /dev/zero (no size known in advance), and every error path with its message.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_util_tmp.h"

#include <sys/wait.h>

#include "base/common.h"
#include "base/readfile.h"

static char err[ACC_ERRLEN];

static int setup(void **state)
{
    (void)state;
    return tmp_setup("accord-io-readfile-");
}

/* n bytes of a fixed pseudo-random pattern (splitmix64), NULs included. */
static void pattern(unsigned char *p, size_t n, uint64_t seed)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t z = (seed += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        p[i] = (unsigned char)(z ^ (z >> 31));
    }
}

static const char *write_bytes(const char *name, const void *data, size_t n)
{
    const char *path = in_tmp(name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
    return path;
}

/* Poison *out and *len so a test sees whether the reader set them. */
static int read_file(const char *path, size_t max, char **out, size_t *len)
{
    *out = (char *)&err;
    *len = 12345;
    err[0] = '\0';
    return acc_io_read_file(path, max, out, len, err, sizeof err);
}

static void test_exact_bytes(void **state)
{
    (void)state;
    /* 70001 bytes: more than the first 4 KiB chunk, odd, with NULs inside */
    enum { N = 70001 };
    static unsigned char want[N];
    pattern(want, N, 2385);
    size_t nuls = 0;
    for (size_t i = 0; i < N; i++)
        nuls += want[i] == 0;
    assert_true(nuls > 100); /* about N / 256 */
    const char *path = write_bytes("bytes.bin", want, N);
    char *text;
    size_t len;
    assert_int_equal(read_file(path, 1u << 20, &text, &len), ACC_OK);
    assert_int_equal(len, N);
    assert_memory_equal(text, want, N);
    assert_int_equal(text[N], '\0');
    free(text);
    /* len may be NULL */
    assert_int_equal(acc_io_read_file(path, N, &text, NULL, err, sizeof err), ACC_OK);
    assert_memory_equal(text, want, N);
    free(text);

    path = write_bytes("line.txt", "a,b\n1,2.385", 11);
    assert_int_equal(read_file(path, 11, &text, &len), ACC_OK);
    assert_string_equal(text, "a,b\n1,2.385");
    assert_int_equal(len, 11);
    free(text);
}

static void test_empty_file(void **state)
{
    (void)state;
    const char *path = write_bytes("empty.txt", "", 0);
    char *text;
    size_t len;
    assert_int_equal(read_file(path, 100, &text, &len), ACC_OK);
    assert_non_null(text);
    assert_string_equal(text, "");
    assert_int_equal(len, 0);
    free(text);
    /* an empty file fits even a limit of 0 bytes */
    assert_int_equal(read_file(path, 0, &text, &len), ACC_OK);
    assert_string_equal(text, "");
    free(text);
}

static void test_size_limit(void **state)
{
    (void)state;
    /* exactly max bytes is fine, one more is not: below, at and across the
     * 4 KiB first chunk, and at 1 MiB (the message then says MiB) */
    const size_t sizes[] = {1, 4095, 4096, 4097, 9001, (size_t)1 << 20};
    static unsigned char data[((size_t)1 << 20) + 1];
    pattern(data, sizeof data, 7);
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        size_t max = sizes[k];
        const char *fit = write_bytes("fit.bin", data, max);
        char *text;
        size_t len;
        assert_int_equal(read_file(fit, max, &text, &len), ACC_OK);
        assert_int_equal(len, max);
        assert_memory_equal(text, data, max);
        free(text);

        const char *big = write_bytes("big.bin", data, max + 1);
        assert_int_equal(read_file(big, max, &text, &len), ACC_EIO);
        assert_null(text);
        assert_int_equal(len, 0);
        char want[1400];
        if (max == (size_t)1 << 20)
            snprintf(want, sizeof want, "%s: larger than 1 MiB", big);
        else
            snprintf(want, sizeof want, "%s: larger than %zu bytes", big, max);
        assert_string_equal(err, want);
    }
    /* a limit of 0 refuses any byte */
    const char *one = write_bytes("one.txt", "x", 1);
    char *text;
    size_t len;
    assert_int_equal(read_file(one, 0, &text, &len), ACC_EIO);
    char want[1400];
    snprintf(want, sizeof want, "%s: larger than 0 bytes", one);
    assert_string_equal(err, want);
    /* SIZE_MAX: no limit */
    assert_int_equal(read_file(one, SIZE_MAX, &text, &len), ACC_OK);
    assert_string_equal(text, "x");
    free(text);
}

/* Files whose size is not known in advance grow the buffer as they go. */
static void test_streams(void **state)
{
    (void)state;
    char *text;
    size_t len;
    /* /dev/zero never ends: the limit stops it */
    assert_int_equal(read_file("/dev/zero", 100000, &text, &len), ACC_EIO);
    assert_null(text);
    assert_string_equal(err, "/dev/zero: larger than 100000 bytes");

    /* a pipe: 50000 bytes written by a child process */
    enum { N = 50000 };
    static unsigned char want[N];
    pattern(want, N, 42);
    const char *fifo = in_tmp("fifo");
    assert_int_equal(mkfifo(fifo, 0600), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        FILE *f = fopen(fifo, "wb");
        size_t put = f ? fwrite(want, 1, N, f) : 0;
        _exit(f && put == N && fclose(f) == 0 ? 0 : 1);
    }
    int rc = read_file(fifo, 1u << 20, &text, &len);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_int_equal(rc, ACC_OK);
    assert_int_equal(len, N);
    assert_memory_equal(text, want, N);
    assert_int_equal(text[N], '\0');
    free(text);
    unlink(fifo);
}

static void test_errors(void **state)
{
    (void)state;
    char *text;
    size_t len;
    char want[1400];

    const char *missing = in_tmp("no/such.lua");
    assert_int_equal(read_file(missing, 100, &text, &len), ACC_EIO);
    assert_null(text);
    assert_int_equal(len, 0);
    snprintf(want, sizeof want, "%s: cannot open: No such file or directory", missing);
    assert_string_equal(err, want);

    /* a directory opens on Linux; it must not read as an empty file */
    assert_int_equal(read_file(tmpdir, 100, &text, &len), ACC_EIO);
    assert_null(text);
    assert_int_equal(len, 0);
    snprintf(want, sizeof want, "%s: read failed: Is a directory", tmpdir);
    assert_string_equal(err, want);

    /* no permission (root may read anything: then the check says nothing) */
    const char *secret = write_bytes("secret.txt", "s", 1);
    assert_int_equal(chmod(secret, 0), 0);
    if (geteuid() != 0) {
        assert_int_equal(read_file(secret, 100, &text, &len), ACC_EIO);
        assert_null(text);
        snprintf(want, sizeof want, "%s: cannot open: Permission denied", secret);
        assert_string_equal(err, want);
    }

    /* a read that fails after the open: address 0 of this process's memory
     * is never mapped, so reading /proc/self/mem from its start gives EIO */
    FILE *probe = fopen("/proc/self/mem", "rb");
    if (probe) {
        fclose(probe);
        assert_int_equal(read_file("/proc/self/mem", 100, &text, &len), ACC_EIO);
        assert_null(text);
        assert_int_equal(len, 0);
        assert_string_equal(err, "/proc/self/mem: read failed: Input/output error");
    }
}

/* Script text with a NUL byte would reach Lua cut short: the check names the
 * line and column of the first NUL (counted by hand below). */
static void test_check_text(void **state)
{
    (void)state;
    static const char ok_text[] = "return scenario {\n  years = 2.385,\n}\n";
    assert_int_equal(acc_io_check_text("s.lua", ok_text, sizeof ok_text - 1, err, sizeof err),
                     ACC_OK);
    assert_int_equal(acc_io_check_text("s.lua", "", 0, err, sizeof err), ACC_OK);
    /* line 3, column 5: "ab\ncd\nefgh<NUL>" */
    static const char nul_text[] = "ab\ncd\nefgh\0ij\n\0";
    assert_int_equal(acc_io_check_text("dir/s.lua", nul_text, sizeof nul_text - 1, err, sizeof err),
                     ACC_EINVAL);
    assert_string_equal(err, "dir/s.lua:3: a NUL byte (column 5): not a text file");
    assert_int_equal(acc_io_check_text("x", "\0", 1, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "x:1: a NUL byte (column 1): not a text file");
    /* the length decides, not the terminator: a NUL past len is not seen */
    assert_int_equal(acc_io_check_text("x", "abc\0", 3, err, sizeof err), ACC_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_text),
        cmocka_unit_test(test_exact_bytes),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_size_limit),
        cmocka_unit_test(test_streams),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, setup, tmp_teardown);
}
