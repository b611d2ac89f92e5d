/* accord tests — a sweep's warnings (sweep_warn.c): the set keeps, for each
 * key, the lowest run and its text whatever the order runs finish in; W
 * journal lines round-trip with their CRC, a corrupt one is ignored, and the
 * journal reader neither counts them as bad lines nor as runs; a worker's
 * body carries its warnings after the record.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_util_tmp.h"

#include "base/common.h"
#include "sweep/sweep.h"
#include "sweep/sweep_int.h"

static char err[ACC_ERRLEN];

static int setup(void **state)
{
    (void)state;
    return tmp_setup("accord-sweep-warnings.");
}

static void test_lowest_run_wins(void **state)
{
    (void)state;
    sw_warnings w = {0};
    assert_int_equal(sw_warnings_add(&w, "f.lua:3|growth|typical", 7, "growth = 30"), 1);
    assert_int_equal(sw_warnings_add(&w, "f.lua:9|lag_months|months", 2, "lag 0.5"), 1);
    /* a higher run with a known key changes nothing */
    assert_int_equal(sw_warnings_add(&w, "f.lua:3|growth|typical", 9, "growth = 40"), 0);
    /* a lower one replaces the text */
    assert_int_equal(sw_warnings_add(&w, "f.lua:3|growth|typical", 4, "growth = 20"), 1);
    assert_int_equal(sw_warnings_add(&w, "f.lua:3|growth|typical", 4, "growth = 20"), 0);
    assert_int_equal(w.n, 2);
    sw_warnings_sort(&w); /* by run, then key */
    assert_string_equal(w.texts[0], "lag 0.5");
    assert_int_equal(w.runs[0], 2);
    assert_string_equal(w.texts[1], "growth = 20");
    assert_int_equal(w.runs[1], 4);
    /* any arrival order gives the same set */
    sw_warnings v = {0};
    assert_int_equal(sw_warnings_add(&v, "f.lua:3|growth|typical", 4, "growth = 20"), 1);
    assert_int_equal(sw_warnings_add(&v, "f.lua:3|growth|typical", 9, "growth = 40"), 0);
    assert_int_equal(sw_warnings_add(&v, "f.lua:9|lag_months|months", 2, "lag 0.5"), 1);
    sw_warnings_sort(&v);
    for (int i = 0; i < 2; i++) {
        assert_string_equal(v.keys[i], w.keys[i]);
        assert_string_equal(v.texts[i], w.texts[i]);
    }
    sw_warnings_free(&v);
    sw_warnings_free(&w);
    assert_int_equal(w.n, 0);
}

static void test_journal_lines(void **state)
{
    (void)state;
    const char *path = in_tmp("journal.txt");
    sw_header h = {0};
    assert_int_equal(sw_lines_push(&h.plan, &h.nplan, "design grid"), 0);
    h.shard_index = 0;
    h.shard_count = 1;
    assert_int_equal(sw_journal_create(path, &h, err, sizeof err), ACC_OK);
    sw_header_free(&h);
    acc_sb b = {0};
    const char *text = "s.lua:13: jurisdiction 'aa': growth = 25 is far outside ... (per year); did you mean 0.25?";
    sw_format_warning(&b, 3, "s.lua:13|growth|typical", text);
    sw_format_record(&b, 3, 0.5, "ok 1 harm 2", 11);
    sw_format_warning(&b, 1, "s.lua:13|growth|typical", "lower run");
    sw_format_record(&b, 1, 0.5, "ok 1 harm 3", 11);
    /* one W line with a broken CRC: ignored */
    size_t start = b.len;
    sw_format_warning(&b, 0, "s.lua:99|x|typical", "corrupt");
    b.s[start + 3] = 'Y';
    FILE *f = fopen(path, "ab");
    assert_non_null(f);
    fwrite(b.s, 1, b.len, f);
    fclose(f);
    acc_sb_free(&b);
    /* the reader sees two runs, no bad line but the corrupt one */
    sw_header rh;
    long long end;
    uint64_t nbad;
    assert_int_equal(sw_journal_read(path, &rh, NULL, NULL, &end, &nbad, err, sizeof err), ACC_OK);
    assert_int_equal(nbad, 1);
    sw_header_free(&rh);
    sw_warnings w = {0};
    assert_int_equal(sw_journal_warnings(path, &w, err, sizeof err), ACC_OK);
    assert_int_equal(w.n, 1);
    assert_string_equal(w.keys[0], "s.lua:13|growth|typical");
    assert_int_equal(w.runs[0], 1);
    assert_string_equal(w.texts[0], "lower run");
    sw_warnings_free(&w);
}

static void test_body_carries_warnings(void **state)
{
    (void)state;
    const char *body = "ok 1 harm 2\nW k1 text%20one\nW k2 two";
    assert_int_equal(sw_body_len(body, strlen(body)), 11);
    assert_int_equal(sw_body_len("error boom", 10), 10);
    acc_sb b = {0};
    sw_body_add_warnings(&b, NULL); /* no scenario (a failed load): nothing */
    assert_int_equal(b.len, 0);
    acc_sb_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lowest_run_wins),
        cmocka_unit_test(test_journal_lines),
        cmocka_unit_test(test_body_carries_warnings),
    };
    return cmocka_run_group_tests(tests, setup, tmp_teardown);
}
