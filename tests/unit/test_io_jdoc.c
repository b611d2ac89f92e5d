/* Tests of the JSON reader behind plots and reports (io/jdoc.h): values,
 * escapes and surrogate pairs decoded to known UTF-8 bytes, lookups that
 * chain through missing keys, and every syntax error with its line:column.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/common.h"
#include "io/jdoc.h"
#include "io/json.h"

static acc_jdoc *parse_ok(const char *text)
{
    acc_jdoc *d = NULL;
    char err[256] = "";
    int rc = acc_jdoc_parse("t.json", text, strlen(text), &d, err, sizeof err);
    if (rc != ACC_OK)
        fail_msg("unexpected error for %s: %s", text, err);
    return d;
}

static void expect_error(const char *text, const char *msg)
{
    acc_jdoc *d = (acc_jdoc *)1;
    char err[256] = "";
    assert_int_equal(acc_jdoc_parse("t.json", text, strlen(text), &d, err, sizeof err), ACC_EINVAL);
    assert_null(d);
    if (!strstr(err, msg))
        fail_msg("for %s expected '%s' in '%s'", text, msg, err);
}

static void test_manifest_shape(void **state)
{
    (void)state;
    const char *text = "{\n  \"kind\": \"run\",\n  \"seed\": 18446744073709551615,\n"
                       "  \"scenario\": {\"name\": \"baseline\", \"description\": \"a \\\"b\\\"\"},\n"
                       "  \"parameters\": [{\"name\": \"years\", \"value\": 2.385, \"overridden\": true},"
                       " {\"name\": \"x\", \"value\": -1.5e-3, \"overridden\": false}],\n"
                       "  \"nothing\": null, \"empty\": {}, \"none\": []\n}\n";
    acc_jdoc *d = parse_ok(text);
    const acc_jval *r = acc_jdoc_root(d);
    assert_int_equal(acc_jval_type(r), ACC_JOBJECT);
    assert_int_equal(acc_jval_len(r), 7);
    assert_string_equal(acc_jval_key_at(r, 0), "kind");
    assert_string_equal(acc_jval_str(acc_jval_get(r, "kind")), "run");
    /* 2^64 - 1 is not exact in a double: strtod rounds to 2^64. */
    assert_true(acc_jval_num(acc_jval_get(r, "seed")) == 18446744073709551616.0);
    assert_string_equal(acc_jval_str(acc_jval_path(r, "scenario.name")), "baseline");
    assert_string_equal(acc_jval_str(acc_jval_path(r, "scenario.description")), "a \"b\"");
    const acc_jval *p = acc_jval_get(r, "parameters");
    assert_int_equal(acc_jval_type(p), ACC_JARRAY);
    assert_int_equal(acc_jval_len(p), 2);
    assert_true(acc_jval_num(acc_jval_get(acc_jval_at(p, 0), "value")) == 2.385);
    assert_true(acc_jval_num(acc_jval_get(acc_jval_at(p, 1), "value")) == -1.5e-3);
    assert_int_equal(acc_jval_bool(acc_jval_get(acc_jval_at(p, 0), "overridden")), 1);
    assert_int_equal(acc_jval_bool(acc_jval_get(acc_jval_at(p, 1), "overridden")), 0);
    assert_int_equal(acc_jval_type(acc_jval_get(r, "nothing")), ACC_JNULL);
    assert_int_equal(acc_jval_len(acc_jval_get(r, "empty")), 0);
    assert_int_equal(acc_jval_type(acc_jval_get(r, "none")), ACC_JARRAY);
    acc_jdoc_free(d);
}

static void test_missing_chains(void **state)
{
    (void)state;
    acc_jdoc *d = parse_ok("{\"a\": {\"b\": 1}, \"s\": \"x\"}");
    const acc_jval *r = acc_jdoc_root(d);
    assert_null(acc_jval_get(r, "zz"));
    assert_null(acc_jval_path(r, "a.c.d"));
    assert_null(acc_jval_get(acc_jval_get(r, "s"), "b")); /* not an object */
    assert_int_equal(acc_jval_type(NULL), ACC_JNONE);
    assert_null(acc_jval_str(acc_jval_path(r, "a.b"))); /* a number */
    assert_true(isnan(acc_jval_num(acc_jval_get(r, "s"))));
    assert_true(isnan(acc_jval_num(NULL)));
    assert_int_equal(acc_jval_len(acc_jval_get(r, "s")), 0);
    assert_null(acc_jval_at(r, 2));
    assert_null(acc_jval_key_at(acc_jval_get(r, "s"), 0));
    assert_int_equal(acc_jval_bool(NULL), 0);
    assert_true(acc_jval_num(acc_jval_path(r, "a.b")) == 1.0);
    assert_null(acc_jdoc_root(NULL));
    acc_jdoc_free(d);
    acc_jdoc_free(NULL);
}

static void test_escapes_utf8(void **state)
{
    (void)state;
    /* U+00E9, U+20AC, U+1F600 (a surrogate pair), plus the short escapes. */
    acc_jdoc *d = parse_ok("[\"\\u00e9\\u20AC\\ud83d\\ude00\", \"\\b\\f\\n\\r\\t\\/\\\\\", \"\xc3\xa9\"]");
    const acc_jval *r = acc_jdoc_root(d);
    assert_string_equal(acc_jval_str(acc_jval_at(r, 0)), "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
    assert_string_equal(acc_jval_str(acc_jval_at(r, 1)), "\b\f\n\r\t/\\");
    assert_string_equal(acc_jval_str(acc_jval_at(r, 2)), "\xc3\xa9");
    acc_jdoc_free(d);
    /* A byte order mark is skipped; scalars at the top level are fine. */
    d = parse_ok("\xEF\xBB\xBF 42 ");
    assert_true(acc_jval_num(acc_jdoc_root(d)) == 42.0);
    acc_jdoc_free(d);
    d = parse_ok("false");
    assert_int_equal(acc_jval_type(acc_jdoc_root(d)), ACC_JBOOL);
    assert_int_equal(acc_jval_bool(acc_jdoc_root(d)), 0);
    acc_jdoc_free(d);
}

static void test_duplicate_keys_first_wins(void **state)
{
    (void)state;
    acc_jdoc *d = parse_ok("{\"k\": 1, \"k\": 2}");
    assert_true(acc_jval_num(acc_jval_get(acc_jdoc_root(d), "k")) == 1.0);
    assert_int_equal(acc_jval_len(acc_jdoc_root(d)), 2);
    acc_jdoc_free(d);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("", "t.json:1:1: unexpected end of input");
    expect_error("{\"a\": 1,}", "t.json:1:9: expected a string key");
    expect_error("[1, 2,]", "unexpected character");
    expect_error("{\"a\" 1}", "1:6: expected ':' after an object key");
    expect_error("{\"a\": 1\n \"b\": 2}", "2:2: expected ',' or '}'");
    expect_error("[1 2]", "expected ',' or ']'");
    expect_error("01", "text after the JSON value");
    expect_error("-", "bad number");
    expect_error("1.", "digits expected after '.'");
    expect_error("1e+", "digits expected in the exponent");
    expect_error("1e999", "out of range");
    expect_error("NaN", "unexpected character");
    expect_error("\"abc", "unterminated string");
    expect_error("\"a\tb\"", "control character");
    expect_error("\"\\x\"", "unknown escape");
    expect_error("\"\\u12zz\"", "bad \\u escape");
    expect_error("\"\\u12\"", "truncated \\u escape");
    expect_error("\"\\u0000\"", "\\u0000 is not supported");
    expect_error("\"\\ud83d\"", "lone high surrogate");
    expect_error("\"\\ud83d\\u0041\"", "bad low surrogate");
    expect_error("\"\\ude00\"", "lone low surrogate");
    expect_error("tru", "unexpected character");
    expect_error("{} {}", "text after the JSON value");
    /* Nesting past 256 levels is refused, not a stack overflow. */
    char deep[600];
    memset(deep, '[', 300);
    deep[300] = '\0';
    expect_error(deep, "nested too deeply");
    acc_jdoc *d = (acc_jdoc *)1;
    assert_int_equal(acc_jdoc_parse("t", NULL, 0, &d, NULL, 0), ACC_EINVAL);
    assert_null(d);
}

static void test_read_file(void **state)
{
    (void)state;
    char path[] = "/tmp/accord-jdoc-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *text = "{\"x\": [true, 3]}";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    acc_jdoc *d;
    char err[256];
    assert_int_equal(acc_jdoc_read_file(path, &d, err, sizeof err), ACC_OK);
    assert_true(acc_jval_num(acc_jval_at(acc_jval_get(acc_jdoc_root(d), "x"), 1)) == 3.0);
    acc_jdoc_free(d);
    unlink(path);
    assert_int_equal(acc_jdoc_read_file(path, &d, err, sizeof err), ACC_EIO);
    assert_null(d);
    assert_non_null(strstr(err, "cannot open"));
}

/* acc_jval_write gives back what was read: every kind of value, nested, in
 * the reader's key order, through the writer's formatting. */
static void test_write_back(void **state)
{
    (void)state;
    const char *text = "{\"a\":[1,2.5,-3e+20,true,false,null],\"b\":{\"c\":\"x\\\"y\\u00e9\",\"d\":[]},\"e\":{}}";
    acc_jdoc *d = parse_ok(text);
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    assert_non_null(fp);
    acc_json *j = NULL;
    char err[256];
    assert_int_equal(acc_json_new(fp, "t", &j, err, sizeof err), ACC_OK);
    assert_int_equal(acc_jval_write(j, acc_jdoc_root(d)), 0);
    assert_int_equal(acc_json_finish(j), ACC_OK);
    acc_json_free(j);
    fclose(fp);
    /* read again: the same values */
    acc_jdoc *e = parse_ok(buf);
    const acc_jval *a = acc_jval_get(acc_jdoc_root(e), "a");
    assert_int_equal(acc_jval_len(a), 6);
    assert_true(acc_jval_num(acc_jval_at(a, 1)) == 2.5);
    assert_true(acc_jval_num(acc_jval_at(a, 2)) == -3e20);
    assert_int_equal(acc_jval_bool(acc_jval_at(a, 3)), 1);
    assert_int_equal(acc_jval_type(acc_jval_at(a, 5)), ACC_JNULL);
    assert_string_equal(acc_jval_str(acc_jval_get(acc_jval_get(acc_jdoc_root(e), "b"), "c")), "x\"y\xc3\xa9");
    assert_int_equal(acc_jval_type(acc_jval_get(acc_jdoc_root(e), "e")), ACC_JOBJECT);
    assert_string_equal(acc_jval_key_at(acc_jdoc_root(e), 2), "e");
    acc_jdoc_free(e);
    acc_jdoc_free(d);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_manifest_shape),
        cmocka_unit_test(test_missing_chains),
        cmocka_unit_test(test_escapes_utf8),
        cmocka_unit_test(test_duplicate_keys_first_wins),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_read_file),
        cmocka_unit_test(test_write_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
