/* accord tests — the manifest JSON writer: exact text of a nested document
 * (indentation, escapes, UTF-8 kept or replaced, numbers, null for NaN/inf),
 * every misuse and write error with its message, and documents written
 * atomically (committed whole, or nothing left behind).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_util_tmp.h"

#include <math.h>

#include "base/common.h"
#include "io/json.h"

static char err[ACC_ERRLEN];

struct mem {
    char *text;
    size_t size;
    FILE *fp;
    acc_json *j;
};

static void mem_open(struct mem *m)
{
    m->text = NULL;
    m->size = 0;
    m->fp = open_memstream(&m->text, &m->size);
    assert_non_null(m->fp);
    assert_int_equal(acc_json_new(m->fp, "out/manifest.json", &m->j, err, sizeof err), ACC_OK);
}

static void mem_close(struct mem *m)
{
    acc_json_free(m->j);
    fclose(m->fp);
    free(m->text);
}

static void test_nested_document(void **state)
{
    (void)state;
    struct mem m;
    mem_open(&m);
    acc_json *j = m.j;
    assert_int_equal(acc_json_begin_object(j), ACC_OK);
    acc_json_kstr(j, "name", "eu \"quoted\" \\ path\n");
    acc_json_kint(j, "seed", 20240917);
    acc_json_kint(j, "min", -9223372036854775807LL - 1);
    acc_json_knum(j, "share", 0.1);
    acc_json_knum(j, "sum", 0.1 + 0.2);
    acc_json_knum(j, "tiny", 1e-300);
    acc_json_knum(j, "big", 1e21);
    acc_json_knum(j, "count", 3.0);
    acc_json_knum(j, "neg_zero", -0.0);
    acc_json_knum(j, "nan", NAN);
    acc_json_knum(j, "inf", -INFINITY);
    acc_json_kbool(j, "ok", 1);
    acc_json_kbool(j, "failed", 0);
    acc_json_key(j, "nothing");
    acc_json_null(j);
    acc_json_kstr(j, "null_string", NULL);
    acc_json_key(j, "runs");
    acc_json_begin_array(j);
    acc_json_int(j, 1);
    acc_json_number(j, 2.385);
    acc_json_begin_object(j);
    acc_json_kstr(j, "id", "r1");
    acc_json_key(j, "tags");
    acc_json_begin_array(j);
    acc_json_end_array(j);
    acc_json_key(j, "files");
    acc_json_begin_array(j);
    acc_json_string(j, "a.csv");
    acc_json_stringn(j, "b.csvXYZ", 5);
    acc_json_end_array(j);
    acc_json_end_object(j);
    acc_json_begin_array(j);
    acc_json_begin_array(j);
    acc_json_bool(j, 1);
    acc_json_end_array(j);
    acc_json_end_array(j);
    acc_json_end_array(j);
    acc_json_key(j, "empty");
    acc_json_begin_object(j);
    acc_json_end_object(j);
    acc_json_kstr(j, "utf8", "Zürich – 東京 😀");
    acc_json_kstr(j, "ctrl", "\x01\x1f\t\r\x7f");
    /* stray continuation, truncated 2-byte, overlong "/", surrogate, > U+10FFFF */
    acc_json_kstr(j, "bad", "\x80|\xc3|\xc0\xaf|\xed\xa0\x80|\xf4\x90\x80\x80|\xc3");
    acc_json_kstr(j, "k\"ey\n", "v");
    assert_int_equal(acc_json_end_object(j), ACC_OK);
    assert_int_equal(acc_json_finish(j), ACC_OK);
    assert_string_equal(acc_json_errmsg(j), "");
    assert_string_equal(m.text,
                        "{\n"
                        "  \"name\": \"eu \\\"quoted\\\" \\\\ path\\u000a\",\n"
                        "  \"seed\": 20240917,\n"
                        "  \"min\": -9223372036854775808,\n"
                        "  \"share\": 0.1,\n"
                        "  \"sum\": 0.30000000000000004,\n"
                        "  \"tiny\": 1e-300,\n"
                        "  \"big\": 1e+21,\n"
                        "  \"count\": 3,\n"
                        "  \"neg_zero\": -0,\n"
                        "  \"nan\": null,\n"
                        "  \"inf\": null,\n"
                        "  \"ok\": true,\n"
                        "  \"failed\": false,\n"
                        "  \"nothing\": null,\n"
                        "  \"null_string\": null,\n"
                        "  \"runs\": [\n"
                        "    1,\n"
                        "    2.385,\n"
                        "    {\n"
                        "      \"id\": \"r1\",\n"
                        "      \"tags\": [],\n"
                        "      \"files\": [\n"
                        "        \"a.csv\",\n"
                        "        \"b.csv\"\n"
                        "      ]\n"
                        "    },\n"
                        "    [\n"
                        "      [\n"
                        "        true\n"
                        "      ]\n"
                        "    ]\n"
                        "  ],\n"
                        "  \"empty\": {},\n"
                        "  \"utf8\": \"Zürich – 東京 😀\",\n"
                        "  \"ctrl\": \"\\u0001\\u001f\\u0009\\u000d\x7f\",\n"
                        "  \"bad\": \"\\ufffd|\\ufffd|\\ufffd\\ufffd|\\ufffd\\ufffd\\ufffd|"
                        "\\ufffd\\ufffd\\ufffd\\ufffd|\\ufffd\",\n"
                        "  \"k\\\"ey\\u000a\": \"v\"\n"
                        "}\n");
    mem_close(&m);
}

static void test_top_level_scalars(void **state)
{
    (void)state;
    struct mem m;
    mem_open(&m);
    assert_int_equal(acc_json_number(m.j, 2.5), ACC_OK);
    assert_int_equal(acc_json_finish(m.j), ACC_OK);
    assert_string_equal(m.text, "2.5\n");
    mem_close(&m);
    mem_open(&m);
    acc_json_begin_array(m.j);
    acc_json_end_array(m.j);
    assert_int_equal(acc_json_finish(m.j), ACC_OK);
    assert_string_equal(m.text, "[]\n");
    mem_close(&m);
}

/* Each misuse gives its message, and the error sticks. */
static void test_misuse(void **state)
{
    (void)state;
    struct mem m;

    mem_open(&m);
    acc_json_begin_object(m.j);
    assert_int_equal(acc_json_int(m.j, 1), ACC_EINVAL);
    assert_string_equal(acc_json_errmsg(m.j),
                        "out/manifest.json: a value in an object needs a key first");
    assert_int_equal(acc_json_kint(m.j, "a", 1), ACC_EINVAL); /* sticky */
    assert_int_equal(acc_json_end_object(m.j), ACC_EINVAL);
    assert_int_equal(acc_json_finish(m.j), ACC_EINVAL);
    assert_string_equal(acc_json_errmsg(m.j),
                        "out/manifest.json: a value in an object needs a key first");
    mem_close(&m);

    mem_open(&m);
    acc_json_begin_array(m.j);
    assert_int_equal(acc_json_key(m.j, "k"), ACC_EINVAL);
    assert_string_equal(acc_json_errmsg(m.j), "out/manifest.json: key 'k' in an array");
    mem_close(&m);

    mem_open(&m);
    assert_int_equal(acc_json_key(m.j, "k"), ACC_EINVAL);
    assert_string_equal(acc_json_errmsg(m.j), "out/manifest.json: key 'k' at top level");
    mem_close(&m);

    mem_open(&m);
    acc_json_begin_object(m.j);
    acc_json_key(m.j, "a");
    assert_int_equal(acc_json_key(m.j, "b"), ACC_EINVAL);
    assert_string_equal(acc_json_errmsg(m.j),
                        "out/manifest.json: key 'b' after a key with no value");
    mem_close(&m);

    mem_open(&m);
    acc_json_begin_object(m.j);
    assert_int_equal(acc_json_key(m.j, NULL), ACC_EINVAL);
    assert_string_equal(acc_json_errmsg(m.j), "out/manifest.json: NULL key");
    mem_close(&m);

    mem_open(&m);
    acc_json_begin_object(m.j);
    acc_json_key(m.j, "a");
    assert_int_equal(acc_json_end_object(m.j), ACC_EINVAL);
    assert_string_equal(acc_json_errmsg(m.j),
                        "out/manifest.json: end of object after a key with no value");
    mem_close(&m);

    mem_open(&m);
    acc_json_begin_object(m.j);
    assert_int_equal(acc_json_end_array(m.j), ACC_EINVAL);
    assert_string_equal(acc_json_errmsg(m.j), "out/manifest.json: end of array in an object");
    mem_close(&m);

    mem_open(&m);
    assert_int_equal(acc_json_end_object(m.j), ACC_EINVAL);
    assert_string_equal(acc_json_errmsg(m.j), "out/manifest.json: end of object at top level");
    mem_close(&m);

    mem_open(&m);
    acc_json_null(m.j);
    assert_int_equal(acc_json_bool(m.j, 0), ACC_EINVAL);
    assert_string_equal(acc_json_errmsg(m.j), "out/manifest.json: a second top-level value");
    mem_close(&m);

    mem_open(&m);
    acc_json_begin_array(m.j);
    acc_json_begin_object(m.j);
    assert_int_equal(acc_json_finish(m.j), ACC_EINVAL);
    assert_string_equal(acc_json_errmsg(m.j),
                        "out/manifest.json: document incomplete (2 unclosed levels)");
    mem_close(&m);

    mem_open(&m);
    acc_json_begin_array(m.j);
    assert_int_equal(acc_json_finish(m.j), ACC_EINVAL);
    assert_string_equal(acc_json_errmsg(m.j),
                        "out/manifest.json: document incomplete (1 unclosed level)");
    mem_close(&m);

    mem_open(&m);
    assert_int_equal(acc_json_finish(m.j), ACC_EINVAL);
    assert_string_equal(acc_json_errmsg(m.j), "out/manifest.json: document is empty");
    mem_close(&m);

    mem_open(&m);
    for (int i = 0; i < ACC_JSON_MAXDEPTH; i++)
        assert_int_equal(acc_json_begin_array(m.j), ACC_OK);
    assert_int_equal(acc_json_begin_array(m.j), ACC_EINVAL);
    assert_string_equal(acc_json_errmsg(m.j), "out/manifest.json: nesting deeper than 64");
    mem_close(&m);

    acc_json *j = (acc_json *)&j;
    assert_int_equal(acc_json_new(NULL, NULL, &j, err, sizeof err), ACC_EINVAL);
    assert_null(j);
    assert_string_equal(err, "<json>: JSON writer needs a stream");
    acc_json_free(NULL);
}

static void test_write_error(void **state)
{
    (void)state;
    FILE *fp = fopen("/dev/full", "w");
    if (!fp)
        skip();
    acc_json *j;
    assert_int_equal(acc_json_new(fp, "out/manifest.json", &j, err, sizeof err), ACC_OK);
    acc_json_begin_object(j);
    acc_json_kstr(j, "a", "b");
    acc_json_end_object(j);
    assert_int_equal(acc_json_finish(j), ACC_EIO); /* buffered until the flush */
    assert_string_equal(acc_json_errmsg(j),
                        "out/manifest.json: write failed: No space left on device");
    acc_json_free(j);
    fclose(fp);

    fp = fopen("/dev/full", "w");
    setvbuf(fp, NULL, _IONBF, 0);
    assert_int_equal(acc_json_new(fp, NULL, &j, err, sizeof err), ACC_OK);
    assert_int_equal(acc_json_begin_object(j), ACC_EIO); /* unbuffered: at once */
    assert_string_equal(acc_json_errmsg(j), "<json>: write failed: No space left on device");
    acc_json_free(j);
    fclose(fp);
}

static void test_atomic_document(void **state)
{
    (void)state;
    const char *path = in_tmp("manifest.json");
    acc_atomic *af;
    acc_json *j;
    assert_int_equal(acc_json_open_atomic(path, &af, &j, err, sizeof err), ACC_OK);
    int bad = acc_json_begin_object(j) || acc_json_knum(j, "wall_seconds", 2.385) ||
              acc_json_end_object(j) || acc_json_finish(j);
    assert_false(bad);
    assert_null(slurp(path)); /* not before the commit */
    assert_int_equal(acc_json_commit(j, af, bad, err, sizeof err), ACC_OK);
    assert_string_equal(slurp(path), "{\n  \"wall_seconds\": 2.385\n}\n");
    assert_int_equal(tmp_entries(NULL, 0), 1);

    /* a failed write (here a misuse) drops the new file: the old one stays */
    assert_int_equal(acc_json_open_atomic(path, &af, &j, err, sizeof err), ACC_OK);
    bad = acc_json_begin_object(j) || acc_json_end_array(j) || acc_json_finish(j);
    assert_true(bad);
    assert_int_equal(acc_json_commit(j, af, bad, err, sizeof err), ACC_EIO);
    char want[1400];
    snprintf(want, sizeof want, "%s: end of array in an object", path);
    assert_string_equal(err, want);
    assert_string_equal(slurp(path), "{\n  \"wall_seconds\": 2.385\n}\n");
    assert_int_equal(tmp_entries(NULL, 0), 1);

    /* no directory: nothing to write into, both handles NULL */
    const char *nowhere = in_tmp("no/such/dir/manifest.json");
    af = (acc_atomic *)&af;
    j = (acc_json *)&j;
    assert_int_equal(acc_json_open_atomic(nowhere, &af, &j, err, sizeof err), ACC_EIO);
    assert_null(af);
    assert_null(j);
    snprintf(want, sizeof want, "%s: cannot create temporary file", nowhere);
    assert_memory_equal(err, want, strlen(want));
    assert_int_equal(tmp_entries(NULL, 0), 1);
}

static int setup(void **state)
{
    (void)state;
    return tmp_setup("accord-io-json-");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nested_document),
        cmocka_unit_test(test_top_level_scalars),
        cmocka_unit_test(test_misuse),
        cmocka_unit_test(test_write_error),
        cmocka_unit_test(test_atomic_document),
    };
    return cmocka_run_group_tests(tests, setup, tmp_teardown);
}
