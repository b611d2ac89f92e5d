/* accord tests — CSV writer (exact text, quoting, cell counts, write errors,
 * streamed rows) and strict reader (BOM, CRLF, stray and unclosed quotes,
 * ragged rows with their line numbers, number parsing and its messages).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_util_tmp.h"

#include <math.h>

#include "base/common.h"
#include "io/csv.h"

static char err[ACC_ERRLEN];

static const char *fixture(const char *name)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/tests/data/io/%s", test_source_dir(), name);
    return path;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

#define assert_ends_with(s, suffix)                                                  \
    do {                                                                             \
        if (!ends_with((s), (suffix)))                                               \
            fail_msg("\"%s\" does not end with \"%s\"", (s), (suffix));              \
    } while (0)

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* ---- writer ------------------------------------------------------------ */

static void test_writer_exact_text(void **state)
{
    (void)state;
    char *text = NULL;
    size_t size = 0;
    FILE *fp = open_memstream(&text, &size);
    assert_non_null(fp);
    const char *header[] = {"run", "name", "value"};
    acc_csv_writer *w;
    assert_int_equal(acc_csv_writer_new(fp, "out/x.csv", 3, header, 0, &w, err, sizeof err),
                     ACC_OK);
    const struct { long long run; const char *name; double value; } rows[] = {
        {1, "plain", 2.5},
        {2, "a,b", -0.0},
        {3, "say \"hi\"", NAN},
        {4, "line\nbreak", INFINITY},
        {5, " lead", -INFINITY},
        {6, "trail ", 1e-300},
        {7, "", 0.1},
        {8, "cr\rx", 1e21},
        {9, "tab\tinside", 3.0},
        {10, "\"", 0.1 + 0.2},
        {11, "Zürich", -2.385},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        assert_int_equal(acc_csv_put_int(w, rows[i].run), ACC_OK);
        assert_int_equal(acc_csv_put_str(w, rows[i].name), ACC_OK);
        assert_int_equal(acc_csv_put_double(w, rows[i].value), ACC_OK);
        assert_int_equal(acc_csv_end_row(w), ACC_OK);
    }
    assert_int_equal(acc_csv_put_str(w, NULL), ACC_OK); /* NULL: empty cell */
    assert_int_equal(acc_csv_put_na(w), ACC_OK);
    assert_int_equal(acc_csv_put_double(w, -42.0), ACC_OK);
    assert_int_equal(acc_csv_end_row(w), ACC_OK);
    assert_int_equal(acc_csv_flush(w), ACC_OK);
    assert_int_equal(acc_csv_writer_rows(w), 12);
    assert_string_equal(acc_csv_writer_errmsg(w), "");
    acc_csv_writer_free(w);
    fclose(fp);
    assert_string_equal(text, "run,name,value\n"
                              "1,plain,2.5\n"
                              "2,\"a,b\",-0\n"
                              "3,\"say \"\"hi\"\"\",NA\n"
                              "4,\"line\nbreak\",inf\n"
                              "5,\" lead\",-inf\n"
                              "6,\"trail \",1e-300\n"
                              "7,,0.1\n"
                              "8,\"cr\rx\",1e+21\n"
                              "9,tab\tinside,3\n"
                              "10,\"\"\"\",0.30000000000000004\n"
                              "11,Zürich,-2.385\n"
                              ",NA,-42\n");
    free(text);
}

static void test_writer_quoted_header_and_single_column(void **state)
{
    (void)state;
    char *text = NULL;
    size_t size = 0;
    FILE *fp = open_memstream(&text, &size);
    const char *header[] = {"cost, M$/yr"};
    acc_csv_writer *w;
    assert_int_equal(acc_csv_writer_new(fp, NULL, 1, header, 0, &w, err, sizeof err), ACC_OK);
    acc_csv_put_str(w, "");          /* alone on its line: must not vanish */
    acc_csv_end_row(w);
    acc_csv_put_strn(w, "abcdef", 3); /* only the first 3 bytes */
    acc_csv_end_row(w);
    assert_int_equal(acc_csv_flush(w), ACC_OK);
    acc_csv_writer_free(w);
    fclose(fp);
    assert_string_equal(text, "\"cost, M$/yr\"\n\"\"\nabc\n");
    free(text);
}

static void test_writer_fput_field(void **state)
{
    (void)state;
    char *text = NULL;
    size_t size = 0;
    FILE *fp = open_memstream(&text, &size);
    const char *cases[] = {"x", "", " ", "a\"b", "\t", "a b", "a\r\nb"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(acc_csv_fput_field(fp, cases[i], strlen(cases[i])), 0);
        fputc('|', fp);
    }
    fclose(fp);
    assert_string_equal(text, "x||\" \"|\"a\"\"b\"|\"\t\"|a b|\"a\r\nb\"|");
    free(text);
}

static void test_writer_cell_count_errors(void **state)
{
    (void)state;
    FILE *fp = fopen("/dev/null", "w");
    assert_non_null(fp);
    const char *header[] = {"a", "b"};
    acc_csv_writer *w;

    /* too many cells: the third put on line 2 */
    assert_int_equal(acc_csv_writer_new(fp, "out/x.csv", 2, header, 0, &w, err, sizeof err),
                     ACC_OK);
    acc_csv_put_int(w, 1);
    acc_csv_put_int(w, 2);
    assert_int_equal(acc_csv_put_int(w, 3), ACC_EINVAL);
    assert_string_equal(acc_csv_writer_errmsg(w), "out/x.csv:2: row has more than 2 fields");
    /* sticky: everything after returns the same status, message unchanged */
    assert_int_equal(acc_csv_end_row(w), ACC_EINVAL);
    assert_int_equal(acc_csv_put_str(w, "x"), ACC_EINVAL);
    assert_int_equal(acc_csv_flush(w), ACC_EINVAL);
    assert_string_equal(acc_csv_writer_errmsg(w), "out/x.csv:2: row has more than 2 fields");
    acc_csv_writer_free(w);

    /* too few: ending the 3rd data row (line 4) with one cell */
    assert_int_equal(acc_csv_writer_new(fp, "out/x.csv", 2, header, 0, &w, err, sizeof err),
                     ACC_OK);
    const double row[] = {1.5, 2.5};
    assert_int_equal(acc_csv_write_doubles(w, row, 2), ACC_OK);
    assert_int_equal(acc_csv_write_doubles(w, row, 2), ACC_OK);
    acc_csv_put_double(w, 7.25);
    assert_int_equal(acc_csv_end_row(w), ACC_EINVAL);
    assert_string_equal(acc_csv_writer_errmsg(w), "out/x.csv:4: row has 1 field, header has 2");
    acc_csv_writer_free(w);

    /* a whole row of the wrong width; appending after 10 existing lines */
    assert_int_equal(acc_csv_writer_new(fp, "out/x.csv", 2, NULL, 10, &w, err, sizeof err),
                     ACC_OK);
    assert_int_equal(acc_csv_write_doubles(w, row, 1), ACC_EINVAL);
    assert_string_equal(acc_csv_writer_errmsg(w), "out/x.csv:11: row has 1 field, header has 2");
    acc_csv_writer_free(w);
    acc_csv_writer_free(NULL);
    fclose(fp);
}

static void test_writer_bad_arguments(void **state)
{
    (void)state;
    FILE *fp = fopen("/dev/null", "w");
    acc_csv_writer *w = (acc_csv_writer *)&w; /* must be reset to NULL */
    const char *empty_name[] = {"a", ""};
    assert_int_equal(acc_csv_writer_new(fp, "o.csv", 2, empty_name, 0, &w, err, sizeof err),
                     ACC_EINVAL);
    assert_null(w);
    assert_string_equal(err, "o.csv: header: column 2 has an empty name");
    const char *dup[] = {"x", "y", "x"};
    assert_int_equal(acc_csv_writer_new(fp, "o.csv", 3, dup, 0, &w, err, sizeof err),
                     ACC_EINVAL);
    assert_string_equal(err, "o.csv: header: column 3 repeats an earlier name");
    const char *null_name[] = {NULL};
    assert_int_equal(acc_csv_writer_new(fp, "o.csv", 1, null_name, 0, &w, err, sizeof err),
                     ACC_EINVAL);
    assert_string_equal(err, "o.csv: header: column 1 is NULL");
    assert_int_equal(acc_csv_writer_new(fp, "o.csv", 0, NULL, 0, &w, err, sizeof err),
                     ACC_EINVAL);
    assert_string_equal(err, "o.csv: CSV writer needs a stream and at least one column");
    assert_int_equal(acc_csv_writer_new(NULL, NULL, 2, NULL, 0, &w, err, sizeof err),
                     ACC_EINVAL);
    assert_string_equal(err, "<csv>: CSV writer needs a stream and at least one column");
    fclose(fp);
}

static void test_writer_disk_full(void **state)
{
    (void)state;
    FILE *fp = fopen("/dev/full", "w");
    if (!fp)
        skip();
    const char *header[] = {"t", "x"};
    acc_csv_writer *w;
    /* the header sits in the stdio buffer: no error yet */
    assert_int_equal(acc_csv_writer_new(fp, "out/full.csv", 2, header, 0, &w, err, sizeof err),
                     ACC_OK);
    const double row[] = {1, 2.385};
    assert_int_equal(acc_csv_write_doubles(w, row, 2), ACC_OK);
    assert_int_equal(acc_csv_flush(w), ACC_EIO);
    assert_string_equal(acc_csv_writer_errmsg(w),
                        "out/full.csv:3: write failed: No space left on device");
    acc_csv_writer_free(w);
    fclose(fp);

    /* with autoflush the failing row itself reports it */
    fp = fopen("/dev/full", "w");
    assert_int_equal(acc_csv_writer_new(fp, "out/full.csv", 2, NULL, 0, &w, err, sizeof err),
                     ACC_OK);
    acc_csv_writer_set_autoflush(w, 1);
    assert_int_equal(acc_csv_write_doubles(w, row, 2), ACC_EIO);
    assert_string_equal(acc_csv_writer_errmsg(w),
                        "out/full.csv:2: write failed: No space left on device");
    acc_csv_writer_free(w);
    fclose(fp);

    /* a header too big for the stdio buffer fails in acc_csv_writer_new */
    fp = fopen("/dev/full", "w");
    setvbuf(fp, NULL, _IONBF, 0);
    acc_csv_writer *w2 = NULL;
    assert_int_equal(acc_csv_writer_new(fp, "out/full.csv", 2, header, 0, &w2, err, sizeof err),
                     ACC_EIO);
    assert_null(w2);
    assert_string_equal(err, "out/full.csv:1: write failed: No space left on device");
    fclose(fp);
}

/* Rows appended with autoflush are in the file as soon as end_row returns
 * (a sweep's partial results can be read while it runs). */
static void test_writer_streamed_rows(void **state)
{
    (void)state;
    char path[] = "/tmp/accord-io-csv-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    FILE *fp = fopen(path, "w");
    const char *header[] = {"run", "score"};
    acc_csv_writer *w;
    assert_int_equal(acc_csv_writer_new(fp, path, 2, header, 0, &w, err, sizeof err), ACC_OK);
    acc_csv_writer_set_autoflush(w, 1);
    for (int run = 1; run <= 3; run++) {
        acc_csv_put_int(w, run);
        acc_csv_put_double(w, run * 0.7);
        assert_int_equal(acc_csv_end_row(w), ACC_OK);
        acc_csv_table *t;
        assert_int_equal(acc_csv_read_file(path, &t, err, sizeof err), ACC_OK);
        assert_int_equal(acc_csv_nrows(t), (size_t)run);
        double v;
        assert_int_equal(acc_csv_number(t, (size_t)run - 1, 1, &v, err, sizeof err), ACC_OK);
        assert_true(v == run * 0.7);
        acc_csv_table_free(t);
    }
    acc_csv_writer_free(w);
    fclose(fp);

    /* reopen in append mode and go on, without a second header */
    fp = fopen(path, "a");
    assert_int_equal(acc_csv_writer_new(fp, path, 2, NULL, 4, &w, err, sizeof err), ACC_OK);
    acc_csv_put_int(w, 4);
    acc_csv_put_double(w, 2.8);
    acc_csv_end_row(w);
    acc_csv_put_int(w, 5); /* unfinished: reported as line 6, never written */
    assert_int_equal(acc_csv_end_row(w), ACC_EINVAL);
    assert_ends_with(acc_csv_writer_errmsg(w), ":6: row has 1 field, header has 2");
    acc_csv_writer_free(w);
    fclose(fp);
    acc_csv_table *t;
    assert_int_equal(acc_csv_read_file(path, &t, err, sizeof err), ACC_OK);
    assert_int_equal(acc_csv_nrows(t), 4);
    assert_string_equal(acc_csv_cell(t, 3, 1), "2.8");
    acc_csv_table_free(t);
    unlink(path);
}

/* High-entropy doubles and awkward strings through writer and reader. */
static void test_round_trip_through_reader(void **state)
{
    (void)state;
    char *text = NULL;
    size_t size = 0;
    FILE *fp = open_memstream(&text, &size);
    const char *header[] = {"label", "x", "y", "z"};
    acc_csv_writer *w;
    assert_int_equal(acc_csv_writer_new(fp, "rt.csv", 4, header, 0, &w, err, sizeof err),
                     ACC_OK);
    enum { N = 3000 };
    static double xs[N][3];
    static char labels[N][24];
    const char alphabet[] = "ab ,\"\r\n\t;xé";
    uint64_t seed = 0xacc0dULL;
    for (int i = 0; i < N; i++) {
        size_t len = splitmix(&seed) % 12;
        for (size_t k = 0; k < len; k++)
            labels[i][k] = alphabet[splitmix(&seed) % (sizeof alphabet - 1)];
        labels[i][len] = '\0';
        uint64_t u = splitmix(&seed);
        memcpy(&xs[i][0], &u, sizeof u);          /* any bit pattern */
        xs[i][1] = (double)(splitmix(&seed) >> 11) * 0x1p-53 * 2.385;
        xs[i][2] = (double)(splitmix(&seed) & 0xfffffffffffffULL) * 0x1p-1074; /* subnormal */
        acc_csv_put_str(w, labels[i]);
        for (int c = 0; c < 3; c++)
            acc_csv_put_double(w, xs[i][c]);
        assert_int_equal(acc_csv_end_row(w), ACC_OK);
    }
    acc_csv_writer_free(w);
    fclose(fp);
    acc_csv_table *t;
    assert_int_equal(acc_csv_read_buffer("rt.csv", text, size, &t, err, sizeof err), ACC_OK);
    assert_int_equal(acc_csv_nrows(t), N);
    for (int i = 0; i < N; i++) {
        assert_string_equal(acc_csv_cell(t, (size_t)i, 0), labels[i]);
        for (int c = 0; c < 3; c++) {
            double v;
            assert_int_equal(acc_csv_number(t, (size_t)i, (size_t)c + 1, &v, err, sizeof err),
                             ACC_OK);
            if (isnan(xs[i][c]))
                assert_true(isnan(v)); /* NaN payloads are not kept: NA */
            else if (memcmp(&v, &xs[i][c], sizeof v) != 0)
                fail_msg("row %d col %d: %a read back as %a (%s)", i, c, xs[i][c], v,
                         acc_csv_cell(t, (size_t)i, (size_t)c + 1));
        }
    }
    acc_csv_table_free(t);
    free(text);
}

/* ---- reader ------------------------------------------------------------ */

static void test_reader_bom_crlf(void **state)
{
    (void)state;
    acc_csv_table *t;
    assert_int_equal(acc_csv_read_file(fixture("bom_crlf.csv"), &t, err, sizeof err), ACC_OK);
    assert_int_equal(acc_csv_ncols(t), 3);
    assert_int_equal(acc_csv_nrows(t), 2);
    assert_string_equal(acc_csv_header(t, 0), "year"); /* no BOM in the name */
    assert_string_equal(acc_csv_header(t, 2), "label");
    assert_null(acc_csv_header(t, 3));
    assert_string_equal(acc_csv_cell(t, 0, 2), "a, b");
    assert_string_equal(acc_csv_cell(t, 1, 2), "say \"x\"");
    assert_string_equal(acc_csv_cell(t, 1, 1), "2.25"); /* no CR left */
    assert_null(acc_csv_cell(t, 2, 0));
    assert_null(acc_csv_cell(t, 0, 3));
    assert_int_equal(acc_csv_row_line(t, 0), 2);
    assert_int_equal(acc_csv_row_line(t, 1), 3);
    assert_int_equal(acc_csv_row_line(t, 2), 0);
    assert_ends_with(acc_csv_label(t), "tests/data/io/bom_crlf.csv");
    size_t col;
    assert_int_equal(acc_csv_col(t, "market", &col, err, sizeof err), ACC_OK);
    assert_int_equal(col, 1);
    double v;
    assert_int_equal(acc_csv_number(t, 1, col, &v, err, sizeof err), ACC_OK);
    assert_true(v == 2.25);
    long long year;
    assert_int_equal(acc_csv_integer(t, 0, 0, &year, err, sizeof err), ACC_OK);
    assert_int_equal(year, 2020);
    double market[2];
    assert_int_equal(acc_csv_column_numbers(t, 1, market, err, sizeof err), ACC_OK);
    assert_true(market[0] == 1.5 && market[1] == 2.25);
    acc_csv_table_free(t);
    acc_csv_table_free(NULL);
}

static void test_reader_no_final_newline(void **state)
{
    (void)state;
    acc_csv_table *t;
    assert_int_equal(acc_csv_read_file(fixture("no_final_newline.csv"), &t, err, sizeof err),
                     ACC_OK);
    assert_int_equal(acc_csv_nrows(t), 2);
    assert_string_equal(acc_csv_cell(t, 1, 1), "4");
    assert_int_equal(acc_csv_row_line(t, 1), 3);
    acc_csv_table_free(t);
}

static void test_reader_line_ends_and_spaces(void **state)
{
    (void)state;
    acc_csv_table *t;
    /* bare CR line ends, an empty line inside, spaces kept as data, a
     * two-line quoted field: line numbers follow the physical lines */
    const char data[] = "k,v\r a , b \r\r\"x\ny\",2\n\"\",\n";
    assert_int_equal(acc_csv_read_buffer("s.csv", data, sizeof data - 1, &t, err, sizeof err),
                     ACC_OK);
    assert_int_equal(acc_csv_nrows(t), 3);
    assert_string_equal(acc_csv_cell(t, 0, 0), " a ");
    assert_string_equal(acc_csv_cell(t, 0, 1), " b ");
    assert_string_equal(acc_csv_cell(t, 1, 0), "x\ny");
    assert_string_equal(acc_csv_cell(t, 2, 0), "");
    assert_string_equal(acc_csv_cell(t, 2, 1), "");
    assert_int_equal(acc_csv_row_line(t, 0), 2);
    assert_int_equal(acc_csv_row_line(t, 1), 4);
    assert_int_equal(acc_csv_row_line(t, 2), 6);
    acc_csv_table_free(t);

    /* header only */
    assert_int_equal(acc_csv_read_buffer("h.csv", "a,b\n", 4, &t, err, sizeof err), ACC_OK);
    assert_int_equal(acc_csv_ncols(t), 2);
    assert_int_equal(acc_csv_nrows(t), 0);
    acc_csv_table_free(t);
}

static void test_reader_ragged(void **state)
{
    (void)state;
    acc_csv_table *t = (acc_csv_table *)&t;
    const char *path = fixture("ragged.csv");
    assert_int_equal(acc_csv_read_file(path, &t, err, sizeof err), ACC_EINVAL);
    assert_null(t);
    char want[8192];
    snprintf(want, sizeof want, "%s:7: 5 fields, header has 6", path);
    assert_string_equal(err, want);

    /* too many fields, on the first data row; and a single field */
    assert_int_equal(acc_csv_read_buffer("data/x.csv", "a,b\n1,2,3\n", 10, &t, err, sizeof err),
                     ACC_EINVAL);
    assert_string_equal(err, "data/x.csv:2: 3 fields, header has 2");
    assert_int_equal(acc_csv_read_buffer("data/x.csv", "a,b\n1,2\n\n\n3", 11, &t, err,
                                         sizeof err),
                     ACC_EINVAL);
    assert_string_equal(err, "data/x.csv:5: 1 field, header has 2");
}

static void test_reader_stray_quote(void **state)
{
    (void)state;
    acc_csv_table *t;
    const char *path = fixture("stray_quote.csv");
    assert_int_equal(acc_csv_read_file(path, &t, err, sizeof err), ACC_EINVAL);
    char want[8192];
    snprintf(want, sizeof want,
             "%s:3: error parsing data while strict checking enabled (a quote inside an "
             "unquoted field, or text after a closing quote)",
             path);
    assert_string_equal(err, want);
    /* text after a closing quote; a quote after a space */
    assert_int_equal(acc_csv_read_buffer("q.csv", "a,b\n\"x\"y,2\n", 11, &t, err, sizeof err),
                     ACC_EINVAL);
    assert_contains(err, "q.csv:2: error parsing data while strict checking enabled");
    assert_int_equal(acc_csv_read_buffer("q.csv", "a,b\n1, \"2\"\n", 11, &t, err, sizeof err),
                     ACC_EINVAL);
    assert_contains(err, "q.csv:2: error parsing data");
}

static void test_reader_unclosed_quote(void **state)
{
    (void)state;
    acc_csv_table *t;
    const char *path = fixture("unclosed_quote.csv");
    assert_int_equal(acc_csv_read_file(path, &t, err, sizeof err), ACC_EINVAL);
    char want[8192];
    snprintf(want, sizeof want,
             "%s:3: error parsing data while strict checking enabled (unclosed quote: the "
             "quoted field runs to the end of the file)",
             path);
    assert_string_equal(err, want);
    /* in the header, without any newline */
    assert_int_equal(acc_csv_read_buffer("u.csv", "a,\"b", 4, &t, err, sizeof err), ACC_EINVAL);
    assert_contains(err, "u.csv:1: error parsing data");
}

static void test_reader_bad_headers_and_bytes(void **state)
{
    (void)state;
    acc_csv_table *t;
    assert_int_equal(acc_csv_read_buffer("e.csv", "", 0, &t, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "e.csv: no header row (the file is empty)");
    assert_int_equal(acc_csv_read_buffer("e.csv", "\xEF\xBB\xBF\r\n\n", 6, &t, err, sizeof err),
                     ACC_EINVAL);
    assert_string_equal(err, "e.csv: no header row (the file is empty)");
    assert_int_equal(acc_csv_read_buffer("d.csv", "a,b,a\n1,2,3\n", 12, &t, err, sizeof err),
                     ACC_EINVAL);
    assert_string_equal(err, "d.csv:1: header: duplicate column 'a' (columns 1 and 3)");
    assert_int_equal(acc_csv_read_buffer("d.csv", "\n\na,,c\n", 7, &t, err, sizeof err),
                     ACC_EINVAL);
    assert_string_equal(err, "d.csv:3: header: column 2 has an empty name");
    const char nul[] = "a,b\n1,x\0y\n";
    assert_int_equal(acc_csv_read_buffer("n.csv", nul, sizeof nul - 1, &t, err, sizeof err),
                     ACC_EINVAL);
    assert_string_equal(err, "n.csv:2: NUL byte in field 2");
    assert_int_equal(acc_csv_read_buffer(NULL, "", 0, &t, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "<csv>: no header row (the file is empty)");
}

static void test_reader_file_errors(void **state)
{
    (void)state;
    acc_csv_table *t;
    const char *missing = fixture("no_such_file.csv");
    assert_int_equal(acc_csv_read_file(missing, &t, err, sizeof err), ACC_EIO);
    char want[8192];
    snprintf(want, sizeof want, "%s: cannot open: No such file or directory", missing);
    assert_string_equal(err, want);
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/tests/data/io", test_source_dir());
    assert_int_equal(acc_csv_read_file(dir, &t, err, sizeof err), ACC_EIO);
    snprintf(want, sizeof want, "%s: read failed: Is a directory", dir);
    assert_string_equal(err, want);
}

static void test_reader_numbers(void **state)
{
    (void)state;
    const char data[] = "id,market,note\n"
                        "1,2.385,x\n"
                        "2,NA,x\n"
                        "3,-inf,x\n"
                        "4,4.9406564584124654e-324,x\n" /* underflow ERANGE: fine */
                        "5,,x\n"
                        "6, 1,x\n"
                        "7,abc,x\n"
                        "8,1e999,x\n"
                        "9,12abc,2.5\n"
                        "99999999999999999999,1 ,-0\n";
    acc_csv_table *t;
    assert_int_equal(acc_csv_read_buffer("data/x.csv", data, sizeof data - 1, &t, err,
                                         sizeof err),
                     ACC_OK);
    size_t market;
    assert_int_equal(acc_csv_col(t, "market", &market, err, sizeof err), ACC_OK);
    double v;
    assert_int_equal(acc_csv_number(t, 0, market, &v, err, sizeof err), ACC_OK);
    assert_true(v == 2.385);
    assert_int_equal(acc_csv_number(t, 1, market, &v, err, sizeof err), ACC_OK);
    assert_true(isnan(v));
    assert_int_equal(acc_csv_number(t, 2, market, &v, err, sizeof err), ACC_OK);
    assert_true(isinf(v) && v < 0);
    assert_int_equal(acc_csv_number(t, 3, market, &v, err, sizeof err), ACC_OK);
    assert_true(v == 0x1p-1074);
    assert_int_equal(acc_csv_number(t, 4, market, &v, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "data/x.csv:6: column 'market': '' is not a number");
    assert_int_equal(acc_csv_number(t, 5, market, &v, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "data/x.csv:7: column 'market': ' 1' is not a number");
    assert_int_equal(acc_csv_number(t, 6, market, &v, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "data/x.csv:8: column 'market': 'abc' is not a number");
    assert_int_equal(acc_csv_number(t, 7, market, &v, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "data/x.csv:9: column 'market': '1e999' is out of range");
    assert_int_equal(acc_csv_number(t, 8, market, &v, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "data/x.csv:10: column 'market': '12abc' is not a number");
    assert_int_equal(acc_csv_number(t, 9, market, &v, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "data/x.csv:11: column 'market': '1 ' is not a number");
    assert_int_equal(acc_csv_number(t, 9, 2, &v, err, sizeof err), ACC_OK);
    assert_true(v == 0 && signbit(v));
    assert_int_equal(acc_csv_number(t, 10, 0, &v, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "data/x.csv: no cell at data row 11, column 1 (10 rows, 3 columns)");

    double col[10];
    assert_int_equal(acc_csv_column_numbers(t, market, col, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "data/x.csv:6: column 'market': '' is not a number");
    assert_int_equal(acc_csv_column_numbers(t, 3, col, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "data/x.csv: no column 4 (3 columns)");

    long long n;
    assert_int_equal(acc_csv_integer(t, 8, 0, &n, err, sizeof err), ACC_OK);
    assert_int_equal(n, 9);
    assert_int_equal(acc_csv_integer(t, 8, 2, &n, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "data/x.csv:10: column 'note': '2.5' is not an integer");
    assert_int_equal(acc_csv_integer(t, 9, 2, &n, err, sizeof err), ACC_OK);
    assert_int_equal(n, 0);
    assert_int_equal(acc_csv_integer(t, 9, 0, &n, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err,
                        "data/x.csv:11: column 'id': '99999999999999999999' is out of range");
    assert_int_equal(acc_csv_integer(t, 0, 2, &n, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "data/x.csv:2: column 'note': 'x' is not an integer");
    assert_int_equal(acc_csv_integer(t, 20, 0, &n, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "data/x.csv: no cell at data row 21, column 1 (10 rows, 3 columns)");

    assert_int_equal(acc_csv_col(t, "price", &market, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "data/x.csv: no column 'price' (columns: id, market, note)");
    char tiny[20];
    assert_int_equal(acc_csv_col(t, "price", &market, tiny, sizeof tiny), ACC_EINVAL);
    assert_string_equal(tiny, "data/x.csv: no colu"); /* truncated, terminated */
    acc_csv_table_free(t);
}

/* ---- atomic CSV files ------------------------------------------------ */

static void test_atomic_files(void **state)
{
    (void)state;
    static const char *const hdr[] = {"step", "harm"};
    const char *path = in_tmp("timeseries.csv");
    acc_atomic *af;
    acc_csv_writer *w;
    assert_int_equal(acc_csv_open_atomic(path, 2, hdr, &af, &w, err, sizeof err), ACC_OK);
    assert_int_equal(acc_csv_put_int(w, 7), ACC_OK);
    assert_int_equal(acc_csv_put_double(w, 2.385), ACC_OK);
    assert_int_equal(acc_csv_end_row(w), ACC_OK);
    assert_null(slurp(path)); /* not before the commit */
    assert_int_equal(acc_csv_close_atomic(w, af, 1, err, sizeof err), ACC_OK);
    assert_string_equal(slurp(path), "step,harm\n7,2.385\n");
    assert_int_equal(tmp_entries(NULL, 0), 1);

    /* commit = 0 drops the new file without a word: the old one stays */
    assert_int_equal(acc_csv_open_atomic(path, 2, hdr, &af, &w, err, sizeof err), ACC_OK);
    acc_csv_write_doubles(w, (const double[]){1, 2}, 2);
    strcpy(err, "untouched");
    assert_int_equal(acc_csv_close_atomic(w, af, 0, err, sizeof err), ACC_OK);
    assert_string_equal(err, "untouched");
    assert_string_equal(slurp(path), "step,harm\n7,2.385\n");
    assert_int_equal(tmp_entries(NULL, 0), 1);

    /* a failed write sticks: the commit reports it and drops the file */
    const char *bad = in_tmp("bad.csv");
    assert_int_equal(acc_csv_open_atomic(bad, 2, hdr, &af, &w, err, sizeof err), ACC_OK);
    acc_csv_put_int(w, 1);
    assert_int_equal(acc_csv_end_row(w), ACC_EINVAL);
    assert_int_equal(acc_csv_close_atomic(w, af, 1, err, sizeof err), ACC_EIO);
    char want[1400];
    snprintf(want, sizeof want, "%s:2: row has 1 field, header has 2", bad);
    assert_string_equal(err, want);
    assert_null(slurp(bad));
    assert_int_equal(tmp_entries(NULL, 0), 1);

    /* a bad header or a missing directory: nothing opened, nothing left */
    static const char *const twice[] = {"step", "step"};
    af = (acc_atomic *)&af;
    w = (acc_csv_writer *)&w;
    assert_int_equal(acc_csv_open_atomic(bad, 2, twice, &af, &w, err, sizeof err), ACC_EINVAL);
    assert_null(af);
    assert_null(w);
    snprintf(want, sizeof want, "%s: header: column 2 repeats an earlier name", bad);
    assert_string_equal(err, want);
    const char *nowhere = in_tmp("no/such/dir/x.csv");
    assert_int_equal(acc_csv_open_atomic(nowhere, 2, hdr, &af, &w, err, sizeof err), ACC_EIO);
    assert_null(af);
    assert_null(w);
    assert_int_equal(tmp_entries(NULL, 0), 1);
    /* closing what was never opened does nothing */
    assert_int_equal(acc_csv_close_atomic(NULL, NULL, 1, err, sizeof err), ACC_OK);
}

static int setup(void **state)
{
    (void)state;
    return tmp_setup("accord-io-csv-");
}

/* Long fields: libcsv's fixed-block growth made an 8 MB cell take minutes
 * under ASan (issue 16); the buffer now doubles. Over ACC_CSV_FIELD_MAX a
 * field is refused by line and field number. */
static void test_reader_long_fields(void **state)
{
    (void)state;
    size_t n = (size_t)8 << 20;
    char *data = malloc(n + 64);
    assert_non_null(data);
    size_t k = (size_t)sprintf(data, "a,b\n1,\"");
    memset(data + k, 'x', n);
    k += n;
    k += (size_t)sprintf(data + k, "\"\n");
    acc_csv_table *t = NULL;
    assert_int_equal(acc_csv_read_buffer("long.csv", data, k, &t, err, sizeof err), ACC_OK);
    assert_int_equal(strlen(acc_csv_cell(t, 0, 1)), n);
    assert_int_equal(acc_csv_cell(t, 0, 1)[n - 1], 'x');
    acc_csv_table_free(t);
    free(data);

    n = ACC_CSV_FIELD_MAX + 1;
    data = malloc(n + 64);
    assert_non_null(data);
    k = (size_t)sprintf(data, "a,b\n1,2\n3,");
    memset(data + k, 'y', n);
    k += n;
    data[k++] = '\n';
    t = NULL;
    assert_int_equal(acc_csv_read_buffer("huge.csv", data, k, &t, err, sizeof err), ACC_EINVAL);
    assert_null(t);
    assert_string_equal(err, "huge.csv:3: field 2 is 16777217 bytes long (at most 16 MiB)");
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_writer_exact_text),
        cmocka_unit_test(test_reader_long_fields),
        cmocka_unit_test(test_writer_quoted_header_and_single_column),
        cmocka_unit_test(test_writer_fput_field),
        cmocka_unit_test(test_writer_cell_count_errors),
        cmocka_unit_test(test_writer_bad_arguments),
        cmocka_unit_test(test_writer_disk_full),
        cmocka_unit_test(test_writer_streamed_rows),
        cmocka_unit_test(test_round_trip_through_reader),
        cmocka_unit_test(test_reader_bom_crlf),
        cmocka_unit_test(test_reader_no_final_newline),
        cmocka_unit_test(test_reader_line_ends_and_spaces),
        cmocka_unit_test(test_reader_ragged),
        cmocka_unit_test(test_reader_stray_quote),
        cmocka_unit_test(test_reader_unclosed_quote),
        cmocka_unit_test(test_reader_bad_headers_and_bytes),
        cmocka_unit_test(test_reader_file_errors),
        cmocka_unit_test(test_reader_numbers),
        cmocka_unit_test(test_atomic_files),
    };
    return cmocka_run_group_tests(tests, setup, tmp_teardown);
}
