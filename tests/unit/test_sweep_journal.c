/* accord tests — the sweep journal: CRC-32 known answers, field escaping,
 * record formatting and parsing, and reading a journal back with a torn last
 * line, a corrupt middle line and a bad header.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_util_tmp.h"

#include <math.h>

#include "base/common.h"
#include "sweep/sweep.h"
#include "sweep/sweep_int.h"

static char err[ACC_ERRLEN];

static int setup(void **state)
{
    (void)state;
    return tmp_setup("accord-sweep-journal.");
}

static void test_crc32_known_answers(void **state)
{
    (void)state;
    /* the standard check value of CRC-32/ISO-HDLC, and zlib's crc32("") */
    assert_int_equal(sw_crc32("123456789", 9), 0xCBF43926u);
    assert_int_equal(sw_crc32("", 0), 0u);
    /* "The quick brown fox jumps over the lazy dog" -> 414FA339 (zlib) */
    const char *fox = "The quick brown fox jumps over the lazy dog";
    assert_int_equal(sw_crc32(fox, strlen(fox)), 0x414FA339u);
}

static void test_escape_round_trip(void **state)
{
    (void)state;
    const char *cases[] = {"plain_name", "with space", "pct%25~tilde", "tab\there\nnl\r",
                           "utf8 \xc3\xa9t\xc3\xa9", "\x01\x1f\x7f"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (int token = 0; token <= 1; token++) {
            acc_sb b = {0};
            sw_escape(&b, cases[i], strlen(cases[i]), token);
            assert_null(strchr(b.s, '\n'));
            assert_null(strchr(b.s, '~'));
            if (token)
                assert_null(strchr(b.s, ' '));
            long n = sw_unescape(b.s, b.len);
            assert_int_equal(n, (long)strlen(cases[i]));
            assert_string_equal(b.s, cases[i]);
            acc_sb_free(&b);
        }
    }
    char bad1[] = "ab%4", bad2[] = "%zz", bad3[] = "x%00y";
    assert_int_equal(sw_unescape(bad1, strlen(bad1)), -1);
    assert_int_equal(sw_unescape(bad2, strlen(bad2)), -1);
    assert_int_equal(sw_unescape(bad3, strlen(bad3)), -1); /* NUL would cut the text */
}

static void test_buf_printf_grows(void **state)
{
    (void)state;
    acc_sb b = {0};
    for (int i = 0; i < 1000; i++)
        acc_sb_printf(&b, "%d,", i);
    assert_false(b.oom);
    assert_int_equal(b.len, strlen(b.s));
    assert_non_null(strstr(b.s, ",999,"));
    acc_sb_clear(&b);
    assert_int_equal(b.len, 0);
    sw_put_double(&b, 0.1);
    acc_sb_add(&b, " ");
    sw_put_double(&b, NAN);
    acc_sb_add(&b, " ");
    sw_put_double(&b, -INFINITY);
    assert_string_equal(b.s, "0.1 nan -inf");
    acc_sb_free(&b);
}

/* Format a record and parse it back. */
static void test_record_round_trip(void **state)
{
    (void)state;
    acc_sb body = {0}, line = {0};
    acc_sb_add(&body, "ok 3 welfare 2.3850000000000002 ");
    sw_escape(&body, "odd name", 8, 1);
    acc_sb_add(&body, " -1.25e-300 harm nan");
    sw_format_record(&line, 123456789012ULL, 0.0123456789, body.s, body.len);
    assert_int_equal(line.s[line.len - 1], '\n');
    sw_parser ps = {0};
    sw_record r;
    assert_int_equal(sw_parse_line(&ps, line.s, line.len - 1, &r), 1);
    assert_int_equal(r.run, 123456789012ULL);
    assert_true(fabs(r.seconds - 0.012346) < 1e-12); /* microseconds */
    assert_int_equal(r.status, SW_OK);
    assert_int_equal(r.nout, 3);
    assert_string_equal(r.names[0], "welfare");
    assert_true(r.values[0] == 2.3850000000000002);
    assert_string_equal(r.names[1], "odd name");
    assert_true(r.values[1] == -1.25e-300);
    assert_string_equal(r.names[2], "harm");
    assert_true(isnan(r.values[2]));

    /* a failure with a multi-line message */
    acc_sb_clear(&body);
    acc_sb_clear(&line);
    sw_format_failure(&body, SW_LIMIT, "s.lua:3: not enough memory\nstack ~ traceback 100%");
    sw_format_record(&line, 7, 1.5, body.s, body.len);
    assert_null(memchr(line.s, '\n', line.len - 1));
    assert_int_equal(sw_parse_line(&ps, line.s, line.len - 1, &r), 1);
    assert_int_equal(r.status, SW_LIMIT);
    assert_string_equal(r.msg, "s.lua:3: not enough memory\nstack ~ traceback 100%");
    sw_parser_free(&ps);
    acc_sb_free(&body);
    acc_sb_free(&line);
}

static int parse_text(const char *text)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", text);
    sw_parser ps = {0};
    sw_record r;
    int k = sw_parse_line(&ps, buf, strlen(buf), &r);
    sw_parser_free(&ps);
    return k;
}

/* Body text plus its correct checksum. */
static const char *with_crc(const char *body)
{
    static char buf[512];
    snprintf(buf, sizeof buf, "%s ~%08x", body, sw_crc32(body, strlen(body)));
    return buf;
}

static void test_parse_rejects(void **state)
{
    (void)state;
    assert_int_equal(parse_text(with_crc("R 5 0.5 ok 1 y 2.5")), 1);
    assert_int_equal(parse_text(with_crc("P design lhs")), 0);
    assert_int_equal(parse_text(with_crc("I scenario_name x")), 0);
    /* one flipped byte, a missing checksum, a torn line */
    char flipped[512];
    snprintf(flipped, sizeof flipped, "%s", with_crc("R 5 0.5 ok 1 y 2.5"));
    flipped[10] = '7';
    assert_int_equal(parse_text(flipped), -1);
    assert_int_equal(parse_text("R 5 0.5 ok 1 y 2.5"), -1);
    assert_int_equal(parse_text("R 5 0.5 ok 1 y 2.5 ~1234"), -1);
    /* well-checksummed but malformed records */
    assert_int_equal(parse_text(with_crc("R 5 0.5 ok 2 y 2.5")), -1);    /* fewer pairs */
    assert_int_equal(parse_text(with_crc("R 5 0.5 ok 1 y 2.5 z")), -1);  /* trailing text */
    assert_int_equal(parse_text(with_crc("R 5 0.5 maybe text")), -1);   /* status */
    assert_int_equal(parse_text(with_crc("R -5 0.5 ok 0")), -1);        /* run id */
    assert_int_equal(parse_text(with_crc("R 05 0.5 ok 0")), -1);        /* leading zero */
    assert_int_equal(parse_text(with_crc("R 5 0.5 ok 1 y 2.5x")), -1);  /* number */
    assert_int_equal(parse_text(with_crc("R 5 0.5 ok 1 y  2.5")), -1);  /* empty token */
    assert_int_equal(parse_text(with_crc("X 5")), -1);
    assert_int_equal(parse_text(with_crc("R 18446744073709551616 1 ok 0")), -1); /* overflow */
}

static sw_header make_header(void)
{
    sw_header h;
    memset(&h, 0, sizeof h);
    h.nplan = 2;
    h.plan = calloc(2, sizeof *h.plan);
    h.plan[0] = strdup("format 1");
    h.plan[1] = strdup("set eu.stringency=0.5 with ~ odd % chars");
    h.ninfo = 1;
    h.info = calloc(1, sizeof *h.info);
    h.info[0] = strdup("scenario_path some dir/x.lua");
    h.shard_index = 1;
    h.shard_count = 3;
    return h;
}

typedef struct seen {
    uint64_t runs[16];
    long long offs[16];
    int n;
} seen;

static int on_rec(void *ud, const sw_record *r, long long off)
{
    seen *s = ud;
    if (s->n < 16) {
        s->runs[s->n] = r->run;
        s->offs[s->n] = off;
        s->n++;
    }
    return ACC_OK;
}

static void append(const char *path, const char *text)
{
    FILE *f = fopen(path, "ab");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_journal_torn_and_corrupt(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/j1.txt", tmpdir);
    sw_header h = make_header();
    assert_int_equal(sw_journal_create(path, &h, err, sizeof err), ACC_OK);
    sw_journal *j;
    assert_int_equal(sw_journal_open(path, -1, 0, &j, err, sizeof err), ACC_OK);
    acc_sb line = {0};
    const char *bodies[] = {"ok 1 y 1", "ok 1 y 2", "error boom", "ok 1 y 4"};
    uint64_t ids[] = {4, 1, 7, 10};
    for (int i = 0; i < 4; i++) {
        acc_sb_clear(&line);
        sw_format_record(&line, ids[i], 0.25, bodies[i], strlen(bodies[i]));
        assert_int_equal(sw_journal_append(j, line.s, line.len, err, sizeof err), ACC_OK);
    }
    assert_int_equal(sw_journal_close(j, err, sizeof err), ACC_OK);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    long long full = (long long)st.st_size;

    /* corrupt the second record in place: flip one digit of its value */
    FILE *f = fopen(path, "r+b");
    assert_non_null(f);
    char *all = calloc(1, (size_t)full + 1);
    assert_int_equal(fread(all, 1, (size_t)full, f), (size_t)full);
    char *second = strstr(all, "R 1 ");
    assert_non_null(second);
    fseek(f, (long)(second - all) + (long)strlen("R 1 0.25 ok 1 y "), SEEK_SET);
    fputc('9', f);
    fclose(f);
    free(all);
    /* and a torn last record, as a kill -9 in the middle of write() leaves */
    append(path, "R 12 0.25 ok 1 y 3");

    sw_header back;
    seen s = {{0}, {0}, 0};
    long long end;
    uint64_t bad;
    assert_int_equal(sw_journal_read(path, &back, on_rec, &s, &end, &bad, err, sizeof err), ACC_OK);
    assert_int_equal(bad, 2);
    assert_int_equal(s.n, 3);
    assert_int_equal(s.runs[0], 4);
    assert_int_equal(s.runs[1], 7);
    assert_int_equal(s.runs[2], 10);
    assert_int_equal(end, full); /* the torn tail starts here */
    assert_int_equal(back.nplan, 2);
    assert_string_equal(back.plan[1], h.plan[1]);
    assert_string_equal(sw_header_info(&back, "scenario_path"), "some dir/x.lua");
    assert_null(sw_header_info(&back, "scenario"));
    assert_int_equal(back.shard_index, 1);
    assert_int_equal(back.shard_count, 3);
    sw_header_free(&back);

    /* reopening for append cuts the torn tail; the next record is whole */
    assert_int_equal(sw_journal_open(path, end, 0, &j, err, sizeof err), ACC_OK);
    acc_sb_clear(&line);
    sw_format_record(&line, 12, 0.5, "ok 1 y 3", 8);
    assert_int_equal(sw_journal_append(j, line.s, line.len, err, sizeof err), ACC_OK);
    assert_int_equal(sw_journal_close(j, err, sizeof err), ACC_OK);
    s.n = 0;
    assert_int_equal(sw_journal_read(path, &back, on_rec, &s, &end, &bad, err, sizeof err), ACC_OK);
    assert_int_equal(bad, 1); /* only the corrupt middle line is left */
    assert_int_equal(s.n, 4);
    assert_int_equal(s.runs[3], 12);
    sw_header_free(&back);
    sw_header_free(&h);
    acc_sb_free(&line);
}

static void test_journal_bad_files(void **state)
{
    (void)state;
    char path[512];
    sw_header back;
    long long end;
    uint64_t bad;
    snprintf(path, sizeof path, "%s/missing.txt", tmpdir);
    assert_int_equal(sw_journal_read(path, &back, NULL, NULL, &end, &bad, err, sizeof err),
                     ACC_EINVAL);
    assert_contains(err, "missing.txt: cannot open");

    snprintf(path, sizeof path, "%s/notjournal.txt", tmpdir);
    append(path, "run,point\n1,2\n");
    assert_int_equal(sw_journal_read(path, &back, NULL, NULL, &end, &bad, err, sizeof err),
                     ACC_EINVAL);
    assert_contains(err, "not an accord sweep journal");

    /* a header cut short (no shard line) */
    snprintf(path, sizeof path, "%s/short.txt", tmpdir);
    append(path, SW_JOURNAL_MAGIC "\n");
    append(path, with_crc("P format 1"));
    append(path, "\n");
    assert_int_equal(sw_journal_read(path, &back, NULL, NULL, &end, &bad, err, sizeof err),
                     ACC_EINVAL);
    assert_contains(err, "header incomplete");

    /* a corrupt header line is fatal (headers are written atomically) */
    snprintf(path, sizeof path, "%s/badhdr.txt", tmpdir);
    append(path, SW_JOURNAL_MAGIC "\nP format 1 ~00000000\n");
    assert_int_equal(sw_journal_read(path, &back, NULL, NULL, &end, &bad, err, sizeof err),
                     ACC_EINVAL);
    assert_contains(err, "badhdr.txt:2: corrupt journal header");

    snprintf(path, sizeof path, "%s/badshard.txt", tmpdir);
    append(path, SW_JOURNAL_MAGIC "\n");
    append(path, with_crc("S 3 3"));
    append(path, "\n");
    assert_int_equal(sw_journal_read(path, &back, NULL, NULL, &end, &bad, err, sizeof err),
                     ACC_EINVAL);
    assert_contains(err, "bad shard line");

    /* more shards than --shard accepts (2^32) */
    snprintf(path, sizeof path, "%s/bigshard.txt", tmpdir);
    append(path, SW_JOURNAL_MAGIC "\n");
    append(path, with_crc("S 0 8589934592"));
    append(path, "\n");
    assert_int_equal(sw_journal_read(path, &back, NULL, NULL, &end, &bad, err, sizeof err),
                     ACC_EINVAL);
    assert_contains(err, "bad shard line");

    snprintf(path, sizeof path, "%s/nodir/j.txt", tmpdir);
    sw_journal *j;
    assert_int_equal(sw_journal_open(path, -1, 0, &j, err, sizeof err), ACC_EIO);
    assert_contains(err, "cannot open for appending");
    sw_header h = make_header();
    assert_int_equal(sw_journal_create(path, &h, err, sizeof err), ACC_EIO);
    sw_header_free(&h);
    assert_int_equal(sw_journal_close(NULL, err, sizeof err), ACC_OK);
}

/* A journal whose plan says what the command line refuses (here an integer
 * range 1e300 wide, whose value index overflows a cast in the design; CRCs
 * intact, as a forged or damaged file may have): accord merge reads plans
 * back from journals and must refuse it like the command line would. */
static void test_journal_forged_plan(void **state)
{
    (void)state;
    char dir[512], path[600], out[600];
    snprintf(dir, sizeof dir, "%s/forged", tmpdir);
    assert_int_equal(mkdir(dir, 0755), 0);
    snprintf(path, sizeof path, "%s/journal.txt", dir);
    snprintf(out, sizeof out, "%s/forged-merged", tmpdir);
    const char *plan[] = {"format 1",
                          "scenario_sha256 0000000000000000000000000000000000000000000000000000000000000000",
                          "design lhs", "samples 4", "reps 1", "seed 1", "vary k range 1 0 1e300 0",
                          "outcomes *"};
    const char *info[] = {"scenario_path x.lua", "scenario_name x", "scenario_type function"};
    sw_header h;
    memset(&h, 0, sizeof h);
    for (size_t i = 0; i < sizeof plan / sizeof plan[0]; i++)
        assert_int_equal(sw_lines_push(&h.plan, &h.nplan, plan[i]), ACC_OK);
    for (size_t i = 0; i < sizeof info / sizeof info[0]; i++)
        assert_int_equal(sw_lines_push(&h.info, &h.ninfo, info[i]), ACC_OK);
    h.shard_index = 0;
    h.shard_count = 1;
    assert_int_equal(sw_journal_create(path, &h, err, sizeof err), ACC_OK);
    sw_header_free(&h);
    sw_journal *j;
    assert_int_equal(sw_journal_open(path, -1, 0, &j, err, sizeof err), ACC_OK);
    acc_sb line = {0};
    for (uint64_t r = 0; r < 4; r++) {
        acc_sb_clear(&line);
        sw_format_record(&line, r, 0.01, "ok 1 y 1", 8);
        assert_int_equal(sw_journal_append(j, line.s, line.len, err, sizeof err), ACC_OK);
    }
    assert_int_equal(sw_journal_close(j, err, sizeof err), ACC_OK);
    acc_sb_free(&line);

    const char *dirs[] = {dir};
    acc_sweep_result res;
    err[0] = 0;
    assert_int_equal(acc_sweep_merge(dirs, 1, out, NULL, &res, err, sizeof err), ACC_EINVAL);
    assert_contains(err, "forged/journal.txt: the plan in its journal is invalid");
    assert_contains(err, "--vary k: integer range too wide");
    char runs[700];
    snprintf(runs, sizeof runs, "%s/runs.csv", out);
    assert_int_equal(access(runs, F_OK), -1); /* nothing written */
}

static void test_status_names(void **state)
{
    (void)state;
    for (int i = 0; i < SW_NSTATUS; i++) {
        const char *n = sw_status_name(i);
        assert_int_equal(sw_status_parse(n, strlen(n)), i);
    }
    assert_string_equal(sw_status_name(SW_TIMEOUT), "timeout");
    assert_string_equal(sw_status_name(99), "?");
    assert_int_equal(sw_status_parse("okay", 4), -1);
}

/* A payload: 2 steps x 2 rows ("aa", "all") x 3 metrics. */
static void ts_payload(acc_sb *b, double base)
{
    uint32_t hdr[4] = {2, 2, 3, 8};
    acc_sb_addn(b, (const char *)hdr, sizeof hdr);
    acc_sb_addn(b, "aa\nall\n\0", 8);
    double years[2] = {0.25, 0.5};
    acc_sb_addn(b, (const char *)years, sizeof years);
    for (int i = 0; i < 12; i++) {
        double v = base + i;
        acc_sb_addn(b, (const char *)&v, sizeof v);
    }
}

typedef struct ts_seen {
    uint64_t runs[8];
    double first[8];
    int n;
} ts_seen;

static int on_ts(void *ud, uint64_t run, long long off, const char *payload, size_t len)
{
    (void)off;
    ts_seen *s = ud;
    acc_sb copy = {0}; /* aligned */
    acc_sb_addn(&copy, payload, len);
    sw_ts_view v;
    assert_int_equal(sw_ts_parse(copy.s, copy.len, &v), 0);
    s->runs[s->n] = run;
    s->first[s->n] = v.values[0];
    s->n++;
    acc_sb_free(&copy);
    return ACC_OK;
}

static void test_timeseries_journal(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/ts.bin", tmpdir);
    assert_int_equal(sw_tsj_create(path, err, sizeof err), ACC_OK);
    acc_sb rec = {0}, pl = {0};
    FILE *f = fopen(path, "ab");
    long long ends[3];
    for (int i = 0; i < 3; i++) {
        acc_sb_clear(&rec);
        acc_sb_clear(&pl);
        ts_payload(&pl, 10.0 * i + 0.385);
        sw_tsj_format(&rec, (uint64_t)(40 + i), pl.s, pl.len);
        fwrite(rec.s, 1, rec.len, f);
        ends[i] = ftell(f);
    }
    fclose(f);
    /* flip a payload byte of the middle record: its CRC fails, framing holds */
    f = fopen(path, "r+b");
    fseek(f, (long)ends[1] - 3, SEEK_SET);
    fputc(0x55, f);
    fclose(f);
    f = fopen(path, "ab");
    fwrite(rec.s, 1, 30, f); /* a torn fourth record */
    fclose(f);
    ts_seen s;
    memset(&s, 0, sizeof s);
    long long end;
    uint64_t bad;
    assert_int_equal(sw_tsj_scan(path, on_ts, &s, &end, &bad, err, sizeof err), ACC_OK);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.runs[0], 40);
    assert_int_equal(s.runs[1], 42);
    assert_true(s.first[1] == 20.385);
    assert_int_equal(bad, 2);
    assert_int_equal(end, ends[2]);

    /* the view: row labels, years, values[step][row][metric] */
    sw_ts_view v;
    acc_sb_clear(&pl);
    ts_payload(&pl, 1);
    assert_int_equal(sw_ts_parse(pl.s, pl.len, &v), 0);
    assert_int_equal(v.nsteps, 2);
    size_t n;
    const char *id = sw_ts_row_id(&v, 1, &n);
    assert_int_equal(n, 3);
    assert_memory_equal(id, "all", 3);
    assert_null(sw_ts_row_id(&v, 2, &n));
    assert_true(v.years[1] == 0.5);
    assert_true(v.values[(1 * 2 + 1) * 3 + 2] == 12); /* step 1, row 1, metric 2 */
    assert_int_equal(sw_ts_parse(pl.s, pl.len - 8, &v), -1);
    assert_int_equal(sw_ts_parse(pl.s, 8, &v), -1);
    /* missing or not a series journal: a file error (exit 3), as for a merge's shard */
    assert_int_equal(sw_tsj_scan("/nonexistent/ts.bin", NULL, NULL, &end, &bad, err, sizeof err), ACC_EIO);
    snprintf(path, sizeof path, "%s/notts.bin", tmpdir);
    append(path, "hello world, not a journal");
    assert_int_equal(sw_tsj_scan(path, NULL, NULL, &end, &bad, err, sizeof err), ACC_EIO);
    assert_contains(err, "not an accord time-series journal");
    acc_sb_free(&rec);
    acc_sb_free(&pl);
}

/* Write n records (runs 40, 41, ...) of ts_payload(10 i + 0.385) after a
 * header; starts[i] is where record i begins, starts[n] the end. */
static void ts_file(const char *path, int n, long long *starts)
{
    unlink(path);
    assert_int_equal(sw_tsj_create(path, err, sizeof err), ACC_OK);
    acc_sb rec = {0}, pl = {0};
    FILE *f = fopen(path, "ab");
    starts[0] = 8;
    for (int i = 0; i < n; i++) {
        acc_sb_clear(&rec);
        acc_sb_clear(&pl);
        ts_payload(&pl, 10.0 * i + 0.385);
        sw_tsj_format(&rec, (uint64_t)(40 + i), pl.s, pl.len);
        fwrite(rec.s, 1, rec.len, f);
        starts[i + 1] = ftell(f);
    }
    fclose(f);
    acc_sb_free(&rec);
    acc_sb_free(&pl);
}

static void poke(const char *path, long long off, const void *bytes, size_t n)
{
    FILE *f = fopen(path, "r+b");
    assert_non_null(f);
    fseek(f, (long)off, SEEK_SET);
    fwrite(bytes, 1, n, f);
    fclose(f);
}

/* A damaged record header (its magic, or a length that still fits in the
 * file) hides none of the records after it: the scan finds the next one by
 * its magic; a length past the end of the file is never allocated. */
static void test_timeseries_journal_resync(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/resync.bin", tmpdir);
    long long at[6];
    ts_seen s;
    long long end;
    uint64_t bad;
    /* record 1's magic flipped */
    ts_file(path, 5, at);
    poke(path, at[1], "X", 1);
    memset(&s, 0, sizeof s);
    assert_int_equal(sw_tsj_scan(path, on_ts, &s, &end, &bad, err, sizeof err), ACC_OK);
    assert_int_equal(s.n, 4);
    assert_int_equal(s.runs[1], 42);
    assert_int_equal(s.runs[3], 44);
    assert_int_equal(bad, 1);
    assert_int_equal(end, at[5]);
    /* record 1's length made longer (it would swallow records 2 and 3) */
    ts_file(path, 5, at);
    uint64_t len = (uint64_t)(at[4] - at[1]);
    poke(path, at[1] + 16, &len, 8);
    memset(&s, 0, sizeof s);
    assert_int_equal(sw_tsj_scan(path, on_ts, &s, &end, &bad, err, sizeof err), ACC_OK);
    assert_int_equal(s.n, 4);
    assert_int_equal(s.runs[1], 42);
    assert_int_equal(s.runs[2], 43);
    assert_int_equal(bad, 1);
    /* record 3's length beyond the file, then the file cut inside record 4 */
    ts_file(path, 5, at);
    len = (uint64_t)1 << 33;
    poke(path, at[3] + 16, &len, 8);
    assert_int_equal(truncate(path, (off_t)(at[5] - 100)), 0);
    memset(&s, 0, sizeof s);
    assert_int_equal(sw_tsj_scan(path, on_ts, &s, &end, &bad, err, sizeof err), ACC_OK);
    assert_int_equal(s.n, 3);
    assert_int_equal(s.runs[2], 42);
    assert_int_equal(bad, 1);
    assert_int_equal(end, at[3]); /* resuming cuts from there */

    /* sw_tsj_mark_present: what stays set has no intact series (shard 0/1
     * of 50 runs: runs 40..44 are positions 40..44) */
    unsigned char need[7];
    memset(need, 0xff, sizeof need);
    assert_int_equal(sw_tsj_mark_present(path, 50, 0, 1, need, &end, err, sizeof err), ACC_OK);
    assert_int_equal(need[5], 0xff & ~0x07); /* 40, 41, 42 present; 43, 44 not */
    assert_int_equal(need[4], 0xff);
    /* shard 1 of 2: run 41 is position 20, run 43 position 21 */
    memset(need, 0xff, sizeof need);
    assert_int_equal(sw_tsj_mark_present(path, 50, 1, 2, need, &end, err, sizeof err), ACC_OK);
    assert_int_equal(need[2] & 0x30, 0x20);

    /* sw_tsj_repair_header: a damaged header is rewritten and the records
     * kept; a missing or shorter file becomes an empty journal */
    ts_file(path, 2, at);
    poke(path, 0, "garbage!", 8);
    int repaired;
    assert_int_equal(sw_tsj_repair_header(path, &repaired, err, sizeof err), ACC_OK);
    assert_int_equal(repaired, 1);
    memset(&s, 0, sizeof s);
    assert_int_equal(sw_tsj_scan(path, on_ts, &s, &end, &bad, err, sizeof err), ACC_OK);
    assert_int_equal(s.n, 2);
    assert_int_equal(sw_tsj_repair_header(path, &repaired, err, sizeof err), ACC_OK);
    assert_int_equal(repaired, 0);
    assert_int_equal(truncate(path, 5), 0);
    assert_int_equal(sw_tsj_repair_header(path, &repaired, err, sizeof err), ACC_OK);
    assert_int_equal(repaired, 1);
    assert_string_equal(slurp(path), SW_TSJ_MAGIC);
    unlink(path);
    assert_int_equal(sw_tsj_repair_header(path, &repaired, err, sizeof err), ACC_OK);
    assert_string_equal(slurp(path), SW_TSJ_MAGIC);
    snprintf(path, sizeof path, "%s/no/such/dir/ts.bin", tmpdir);
    assert_int_equal(sw_tsj_repair_header(path, &repaired, err, sizeof err), ACC_EIO);
    assert_contains(err, "cannot open");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc32_known_answers),
        cmocka_unit_test(test_escape_round_trip),
        cmocka_unit_test(test_buf_printf_grows),
        cmocka_unit_test(test_record_round_trip),
        cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_journal_torn_and_corrupt),
        cmocka_unit_test(test_journal_bad_files),
        cmocka_unit_test(test_journal_forged_plan),
        cmocka_unit_test(test_status_names),
        cmocka_unit_test(test_timeseries_journal),
        cmocka_unit_test(test_timeseries_journal_resync),
    };
    return cmocka_run_group_tests(tests, setup, tmp_teardown);
}
