/* accord io — CSV writer (direct to a FILE*, no allocation per cell) and a
 * strict libcsv-based reader into an in-memory table of string cells.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "io/csv.h"

#include "base/common.h"
#include "base/numfmt.h"
#include "base/readfile.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ======================================================================
 * writer
 * ====================================================================== */

struct acc_csv_writer {
    FILE *fp;
    char *label;
    size_t ncols;
    size_t col;        /* cells in the current row */
    size_t rows;       /* data rows completed */
    long lines_before; /* lines in the file before the first data row */
    int autoflush;
    int status;        /* sticky first error */
    /* The current row is assembled here and written with one fwrite by
     * acc_csv_end_row, so a row rejected half-way never reaches the file.
     * Grown geometrically, i.e. allocated only while rows get longer. */
    char *row;
    size_t row_len, row_cap;
    char err[ACC_ERRLEN];
};

static int writer_fail(acc_csv_writer *w, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int writer_fail(acc_csv_writer *w, int status, const char *fmt, ...)
{
    if (w->status)
        return w->status;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->err, sizeof w->err, fmt, ap);
    va_end(ap);
    w->status = status;
    return status;
}

static long writer_line(const acc_csv_writer *w)
{
    return w->lines_before + (long)w->rows + 1;
}

static int write_failed(acc_csv_writer *w)
{
    int e = errno;
    return writer_fail(w, ACC_EIO, "%s:%ld: write failed: %s", w->label, writer_line(w),
                       strerror(e));
}

static int needs_quotes(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t')
        return 1;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ',' || c == '"' || c == '\n' || c == '\r')
            return 1;
    }
    return 0;
}

/* The cell text for s into out (room for 2n + 2 bytes); returns length. */
static size_t field_text(char *out, const char *s, size_t n)
{
    if (!needs_quotes(s, n)) {
        if (n)
            memcpy(out, s, n);
        return n;
    }
    size_t len = 0;
    out[len++] = '"';
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            out[len++] = '"';
        out[len++] = s[i];
    }
    out[len++] = '"';
    return len;
}

int acc_csv_fput_field(FILE *fp, const char *s, size_t n)
{
    if (!needs_quotes(s, n))
        return (n == 0 || fwrite(s, 1, n, fp) == n) ? 0 : EOF;
    if (putc('"', fp) == EOF)
        return EOF;
    for (size_t i = 0; i < n; i++) {
        if ((s[i] == '"' && putc('"', fp) == EOF) || putc(s[i], fp) == EOF)
            return EOF;
    }
    return putc('"', fp) == EOF ? EOF : 0;
}

/* Make room for a cell of up to `need` bytes plus its separator. */
static int begin_cell(acc_csv_writer *w, size_t need)
{
    if (w->status)
        return w->status;
    if (w->col >= w->ncols)
        return writer_fail(w, ACC_EINVAL, "%s:%ld: row has more than %zu fields", w->label,
                           writer_line(w), w->ncols);
    size_t want = w->row_len + need + 2; /* ',' before, '\n' after */
    if (want < need) /* overflow */
        return writer_fail(w, ACC_ENOMEM, "%s:%ld: out of memory", w->label, writer_line(w));
    if (want > w->row_cap) {
        size_t cap = w->row_cap ? w->row_cap : 256;
        while (cap < want)
            cap = cap > ((size_t)-1) / 2 ? want : cap * 2;
        char *row = realloc(w->row, cap);
        if (!row)
            return writer_fail(w, ACC_ENOMEM, "%s:%ld: out of memory", w->label,
                               writer_line(w));
        w->row = row;
        w->row_cap = cap;
    }
    if (w->col++ > 0)
        w->row[w->row_len++] = ',';
    return ACC_OK;
}

int acc_csv_writer_new(FILE *fp, const char *label, size_t ncols, const char *const *header,
                       long lines_before, acc_csv_writer **out, char *err, size_t errlen)
{
    *out = NULL;
    if (!label)
        label = "<csv>";
    if (!fp || ncols == 0) {
        acc_errf(err, errlen, "%s: CSV writer needs a stream and at least one column", label);
        return ACC_EINVAL;
    }
    acc_csv_writer *w = calloc(1, sizeof *w);
    size_t llen = strlen(label) + 1;
    if (w)
        w->label = malloc(llen);
    if (!w || !w->label) {
        free(w);
        acc_errf(err, errlen, "%s: out of memory", label);
        return ACC_ENOMEM;
    }
    memcpy(w->label, label, llen);
    w->fp = fp;
    w->ncols = ncols;
    w->lines_before = lines_before > 0 ? lines_before : 0;
    if (header) {
        for (size_t i = 0; i < ncols; i++) {
            const char *bad = !header[i] ? "is NULL" : !header[i][0] ? "has an empty name" : NULL;
            for (size_t j = 0; !bad && j < i; j++)
                if (strcmp(header[i], header[j]) == 0)
                    bad = "repeats an earlier name";
            if (bad) {
                acc_errf(err, errlen, "%s: header: column %zu %s", label, i + 1, bad);
                acc_csv_writer_free(w);
                return ACC_EINVAL;
            }
        }
        /* The header is written as a row, then counted as a line before
         * the data rather than as a data row. */
        for (size_t i = 0; i < ncols; i++)
            acc_csv_put_str(w, header[i]);
        int st = acc_csv_end_row(w);
        if (st) {
            acc_errf(err, errlen, "%s", w->err);
            acc_csv_writer_free(w);
            return st;
        }
        w->rows = 0;
        w->lines_before++;
    }
    *out = w;
    return ACC_OK;
}

void acc_csv_writer_free(acc_csv_writer *w)
{
    if (!w)
        return;
    free(w->row);
    free(w->label);
    free(w);
}

void acc_csv_writer_set_autoflush(acc_csv_writer *w, int on) { w->autoflush = on != 0; }

int acc_csv_put_strn(acc_csv_writer *w, const char *s, size_t n)
{
    if (n > ((size_t)-1) / 2 - 8)
        return writer_fail(w, ACC_ENOMEM, "%s:%ld: out of memory", w->label, writer_line(w));
    int st = begin_cell(w, 2 * n + 2);
    if (st)
        return st;
    if (n == 0 && w->ncols == 1) { /* a bare empty line would be skipped */
        w->row[w->row_len++] = '"';
        w->row[w->row_len++] = '"';
    } else {
        w->row_len += field_text(w->row + w->row_len, s, n);
    }
    return ACC_OK;
}

int acc_csv_put_str(acc_csv_writer *w, const char *s)
{
    return acc_csv_put_strn(w, s ? s : "", s ? strlen(s) : 0);
}

static int put_raw(acc_csv_writer *w, const char *s, size_t n)
{
    int st = begin_cell(w, n);
    if (st)
        return st;
    memcpy(w->row + w->row_len, s, n);
    w->row_len += n;
    return ACC_OK;
}

int acc_csv_put_int(acc_csv_writer *w, long long v)
{
    int st = begin_cell(w, ACC_IO_NUMBUF);
    if (st)
        return st;
    w->row_len += acc_io_fmt_int(w->row + w->row_len, v);
    return ACC_OK;
}

int acc_csv_put_double(acc_csv_writer *w, double v)
{
    if (isnan(v))
        return put_raw(w, "NA", 2);
    int st = begin_cell(w, ACC_IO_NUMBUF);
    if (st)
        return st;
    w->row_len += acc_io_fmt_double(w->row + w->row_len, v);
    return ACC_OK;
}

int acc_csv_put_na(acc_csv_writer *w) { return put_raw(w, "NA", 2); }

int acc_csv_end_row(acc_csv_writer *w)
{
    if (w->status)
        return w->status;
    if (w->col != w->ncols)
        return writer_fail(w, ACC_EINVAL, "%s:%ld: row has %zu field%s, header has %zu",
                           w->label, writer_line(w), w->col, w->col == 1 ? "" : "s",
                           w->ncols);
    w->row[w->row_len++] = '\n'; /* begin_cell kept room for it */
    if (fwrite(w->row, 1, w->row_len, w->fp) != w->row_len)
        return write_failed(w);
    w->col = 0;
    w->row_len = 0;
    w->rows++;
    if (w->autoflush)
        return acc_csv_flush(w);
    return ACC_OK;
}

int acc_csv_write_doubles(acc_csv_writer *w, const double *v, size_t n)
{
    if (w->status)
        return w->status;
    if (n != w->ncols || w->col != 0)
        return writer_fail(w, ACC_EINVAL, "%s:%ld: row has %zu field%s, header has %zu",
                           w->label, writer_line(w), w->col + n, w->col + n == 1 ? "" : "s",
                           w->ncols);
    for (size_t i = 0; i < n; i++) {
        int st = acc_csv_put_double(w, v[i]);
        if (st)
            return st;
    }
    return acc_csv_end_row(w);
}

int acc_csv_flush(acc_csv_writer *w)
{
    if (w->status)
        return w->status;
    if (fflush(w->fp) != 0 || ferror(w->fp))
        return write_failed(w);
    return ACC_OK;
}

size_t acc_csv_writer_rows(const acc_csv_writer *w) { return w->rows; }
const char *acc_csv_writer_errmsg(const acc_csv_writer *w) { return w->err; }

int acc_csv_open_atomic(const char *path, size_t ncols, const char *const *header,
                        acc_atomic **af, acc_csv_writer **w, char *err, size_t errlen)
{
    *w = NULL;
    int rc = acc_atomic_open(path, af, err, errlen);
    if (rc)
        return rc;
    if ((rc = acc_csv_writer_new(acc_atomic_file(*af), path, ncols, header, 0, w, err, errlen))) {
        acc_atomic_abort(*af);
        *af = NULL;
    }
    return rc;
}

int acc_csv_close_atomic(acc_csv_writer *w, acc_atomic *af, int commit, char *err,
                         size_t errlen)
{
    int rc = ACC_OK;
    if (w && commit && acc_csv_flush(w)) {
        acc_errf(err, errlen, "%s", acc_csv_writer_errmsg(w));
        rc = ACC_EIO;
    }
    acc_csv_writer_free(w);
    if (!af)
        return rc;
    if (commit && rc == ACC_OK)
        return acc_atomic_commit(af, err, errlen);
    acc_atomic_abort(af);
    return rc;
}

/* ======================================================================
 * strict reader
 * ====================================================================== */

struct acc_csv_table {
    char *label;
    size_t ncols;
    size_t nrows;   /* data rows */
    char *arena;    /* all cells, NUL-terminated, back to back */
    size_t *off;    /* (nrows + 1) * ncols offsets into arena; row 0 = header */
    long *lines;    /* nrows start lines */
};

struct reader {
    acc_csv_table *t;
    size_t arena_len, arena_cap;
    size_t off_len, off_cap;
    size_t lines_cap;
    size_t nfields;  /* fields of the record being parsed */
    int have_header;
    long cur_line;   /* physical line being fed to libcsv */
    long rec_line;   /* line on which the current record started, 0: none */
    int status;
    char *err;
    size_t errlen;
};

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t cap2 = *cap ? *cap : 64;
    while (cap2 < need) {
        if (cap2 > ((size_t)-1) / 2 / elem)
            return -1;
        cap2 *= 2;
    }
    void *q = realloc(*p, cap2 * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = cap2;
    return 0;
}

static long record_line(const struct reader *r)
{
    return r->rec_line ? r->rec_line : r->cur_line;
}

static void reader_nomem(struct reader *r)
{
    acc_errf(r->err, r->errlen, "%s:%ld: out of memory", r->t->label, record_line(r));
    r->status = ACC_ENOMEM;
}

static void on_field(void *data, size_t len, void *ctx)
{
    struct reader *r = ctx;
    if (r->status)
        return;
    acc_csv_table *t = r->t;
    if (len > ACC_CSV_FIELD_MAX) {
        acc_errf(r->err, r->errlen, "%s:%ld: field %zu is %zu bytes long (at most %d MiB)", t->label,
                 record_line(r), r->nfields + 1, len, (int)(ACC_CSV_FIELD_MAX >> 20));
        r->status = ACC_EINVAL;
        return;
    }
    if (memchr(data, '\0', len)) {
        acc_errf(r->err, r->errlen, "%s:%ld: NUL byte in field %zu", t->label, r->cur_line,
                 r->nfields + 1);
        r->status = ACC_EINVAL;
        return;
    }
    if (grow((void **)&t->arena, &r->arena_cap, r->arena_len + len + 1, 1) != 0 ||
        grow((void **)&t->off, &r->off_cap, r->off_len + 1, sizeof *t->off) != 0) {
        reader_nomem(r);
        return;
    }
    memcpy(t->arena + r->arena_len, data, len);
    t->arena[r->arena_len + len] = '\0';
    t->off[r->off_len++] = r->arena_len;
    r->arena_len += len + 1;
    r->nfields++;
}

static void check_header(struct reader *r)
{
    acc_csv_table *t = r->t;
    for (size_t i = 0; i < t->ncols; i++) {
        const char *name = t->arena + t->off[i];
        if (!*name) {
            acc_errf(r->err, r->errlen, "%s:%ld: header: column %zu has an empty name",
                     t->label, record_line(r), i + 1);
            r->status = ACC_EINVAL;
            return;
        }
        for (size_t j = 0; j < i; j++) {
            if (strcmp(name, t->arena + t->off[j]) == 0) {
                acc_errf(r->err, r->errlen,
                         "%s:%ld: header: duplicate column '%s' (columns %zu and %zu)",
                         t->label, record_line(r), name, j + 1, i + 1);
                r->status = ACC_EINVAL;
                return;
            }
        }
    }
}

static void on_record(int term, void *ctx)
{
    (void)term;
    struct reader *r = ctx;
    if (r->status)
        return;
    acc_csv_table *t = r->t;
    if (!r->have_header) {
        r->have_header = 1;
        t->ncols = r->nfields;
        check_header(r);
    } else if (r->nfields != t->ncols) {
        acc_errf(r->err, r->errlen, "%s:%ld: %zu field%s, header has %zu", t->label,
                 record_line(r), r->nfields, r->nfields == 1 ? "" : "s", t->ncols);
        r->status = ACC_EINVAL;
    } else {
        if (grow((void **)&t->lines, &r->lines_cap, t->nrows + 1, sizeof *t->lines) != 0) {
            reader_nomem(r);
            return;
        }
        t->lines[t->nrows++] = record_line(r);
    }
    r->nfields = 0;
    r->rec_line = 0;
}

/* libcsv grows its field buffer by a fixed block (128 bytes by default): a
 * long field costs a realloc per block, quadratic when realloc copies (as
 * under ASan). Its buffer goes through these instead, which double the
 * capacity (kept in a header before the block) so most calls return at once. */
#define CSV_BUF_HEADER 16
static void *csvbuf_realloc(void *ptr, size_t size)
{
    size_t cap = 0;
    char *base = NULL;
    if (ptr) {
        base = (char *)ptr - CSV_BUF_HEADER;
        memcpy(&cap, base, sizeof cap);
        if (size <= cap)
            return ptr;
    }
    size_t want = cap > SIZE_MAX / 4 ? size : cap * 2;
    if (want < size)
        want = size;
    if (want < 256)
        want = 256;
    if (want > SIZE_MAX - CSV_BUF_HEADER)
        return NULL;
    char *nb = realloc(base, want + CSV_BUF_HEADER);
    if (!nb)
        return NULL;
    memcpy(nb, &want, sizeof want);
    return nb + CSV_BUF_HEADER;
}

static void csvbuf_free(void *ptr)
{
    if (ptr)
        free((char *)ptr - CSV_BUF_HEADER);
}

static int space_none(unsigned char c)
{
    (void)c;
    return 0;
}

static void libcsv_error(struct reader *r, struct csv_parser *p, int at_end)
{
    int code = csv_error(p);
    const char *what = csv_strerror(code);
    const char *hint = "";
    if (code == CSV_EPARSE)
        hint = at_end ? " (unclosed quote: the quoted field runs to the end of the file)"
                      : " (a quote inside an unquoted field, or text after a closing quote)";
    acc_errf(r->err, r->errlen, "%s:%ld: %s%s", r->t->label, at_end ? record_line(r) : r->cur_line,
             what, hint);
    r->status = code == CSV_ENOMEM ? ACC_ENOMEM : ACC_EINVAL;
}

static int blank_line(const char *s, size_t n)
{
    return (n == 1 && (s[0] == '\n' || s[0] == '\r')) || (n == 2 && s[0] == '\r' && s[1] == '\n');
}

int acc_csv_read_buffer(const char *label, const char *data, size_t len, acc_csv_table **out,
                        char *err, size_t errlen)
{
    *out = NULL;
    if (!label)
        label = "<csv>";
    struct reader r = {0};
    r.err = err;
    r.errlen = errlen;
    r.cur_line = 1;
    struct csv_parser p;
    int parser_ready = 0;
    acc_csv_table *t = calloc(1, sizeof *t);
    size_t llen = strlen(label) + 1;
    if (t)
        t->label = malloc(llen);
    if (!t || !t->label) {
        acc_errf(err, errlen, "%s: out of memory", label);
        r.status = ACC_ENOMEM;
        goto fail;
    }
    memcpy(t->label, label, llen);
    r.t = t;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        acc_errf(err, errlen, "%s: out of memory", label);
        r.status = ACC_ENOMEM;
        goto fail;
    }
    csv_set_realloc_func(&p, csvbuf_realloc);
    csv_set_free_func(&p, csvbuf_free);
    csv_set_blk_size(&p, 4096);
    parser_ready = 1;
    /* libcsv trims spaces and tabs around unquoted fields by default. */
    csv_set_space_func(&p, space_none);

    size_t pos = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    /* Feed one physical line at a time so callbacks know the line. */
    while (pos < len && !r.status) {
        size_t end = pos;
        while (end < len && data[end] != '\n' && data[end] != '\r')
            end++;
        if (end < len) {
            if (data[end] == '\r' && end + 1 < len && data[end + 1] == '\n')
                end++;
            end++;
        }
        size_t n = end - pos;
        if (!r.rec_line && !blank_line(data + pos, n))
            r.rec_line = r.cur_line;
        if (csv_parse(&p, data + pos, n, on_field, on_record, &r) != n && !r.status)
            libcsv_error(&r, &p, 0);
        pos = end;
        if (!r.status)
            r.cur_line++;
    }
    if (!r.status && csv_fini(&p, on_field, on_record, &r) != 0 && !r.status)
        libcsv_error(&r, &p, 1);
    if (r.status)
        goto fail;
    if (!r.have_header) {
        acc_errf(err, errlen, "%s: no header row (the file is empty)", label);
        r.status = ACC_EINVAL;
        goto fail;
    }
    csv_free(&p);
    *out = t;
    return ACC_OK;
fail:
    if (parser_ready)
        csv_free(&p);
    acc_csv_table_free(t);
    return r.status;
}

int acc_csv_read_file(const char *path, acc_csv_table **out, char *err, size_t errlen)
{
    *out = NULL;
    char *buf;
    size_t len;
    int st = acc_io_read_file(path, SIZE_MAX, &buf, &len, err, errlen);
    if (st)
        return st;
    st = acc_csv_read_buffer(path, buf, len, out, err, errlen);
    free(buf);
    return st;
}

void acc_csv_table_free(acc_csv_table *t)
{
    if (!t)
        return;
    free(t->label);
    free(t->arena);
    free(t->off);
    free(t->lines);
    free(t);
}

const char *acc_csv_label(const acc_csv_table *t) { return t->label; }
size_t acc_csv_ncols(const acc_csv_table *t) { return t->ncols; }
size_t acc_csv_nrows(const acc_csv_table *t) { return t->nrows; }

const char *acc_csv_header(const acc_csv_table *t, size_t col)
{
    return col < t->ncols ? t->arena + t->off[col] : NULL;
}

const char *acc_csv_cell(const acc_csv_table *t, size_t row, size_t col)
{
    if (row >= t->nrows || col >= t->ncols)
        return NULL;
    return t->arena + t->off[(row + 1) * t->ncols + col];
}

long acc_csv_row_line(const acc_csv_table *t, size_t row)
{
    return row < t->nrows ? t->lines[row] : 0;
}

int acc_csv_col(const acc_csv_table *t, const char *name, size_t *col, char *err, size_t errlen)
{
    for (size_t i = 0; i < t->ncols; i++) {
        if (strcmp(name, t->arena + t->off[i]) == 0) {
            *col = i;
            return ACC_OK;
        }
    }
    if (err && errlen) {
        int n = snprintf(err, errlen, "%s: no column '%s' (columns:", t->label, name);
        for (size_t i = 0; i < t->ncols && n >= 0 && (size_t)n < errlen; i++)
            n += snprintf(err + n, errlen - (size_t)n, "%s %s", i ? "," : "",
                          t->arena + t->off[i]);
        if (n >= 0 && (size_t)n < errlen)
            snprintf(err + n, errlen - (size_t)n, ")");
    }
    return ACC_EINVAL;
}

/* Common checks for acc_csv_number/acc_csv_integer; returns the cell. */
static const char *cell_for_parse(const acc_csv_table *t, size_t row, size_t col, char *err,
                                  size_t errlen)
{
    const char *s = acc_csv_cell(t, row, col);
    if (!s)
        acc_errf(err, errlen, "%s: no cell at data row %zu, column %zu (%zu rows, %zu columns)",
                 t->label, row + 1, col + 1, t->nrows, t->ncols);
    return s;
}

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

int acc_csv_number(const acc_csv_table *t, size_t row, size_t col, double *out, char *err,
                   size_t errlen)
{
    const char *s = cell_for_parse(t, row, col, err, errlen);
    if (!s)
        return ACC_EINVAL;
    if (strcmp(s, "NA") == 0) {
        *out = NAN;
        return ACC_OK;
    }
    size_t n = strlen(s);
    if (n > 0 && !is_blank(s[0]) && !is_blank(s[n - 1])) {
        char *end;
        errno = 0;
        double v = strtod(s, &end);
        if (end == s + n) {
            /* ERANGE on underflow still gives the right (subnormal or
             * zero) value; only overflow loses it. */
            if (errno == ERANGE && isinf(v)) {
                acc_errf(err, errlen, "%s:%ld: column '%s': '%s' is out of range", t->label,
                         t->lines[row], acc_csv_header(t, col), s);
                return ACC_EINVAL;
            }
            *out = v;
            return ACC_OK;
        }
    }
    acc_errf(err, errlen, "%s:%ld: column '%s': '%s' is not a number", t->label, t->lines[row],
             acc_csv_header(t, col), s);
    return ACC_EINVAL;
}

int acc_csv_integer(const acc_csv_table *t, size_t row, size_t col, long long *out, char *err,
                    size_t errlen)
{
    const char *s = cell_for_parse(t, row, col, err, errlen);
    if (!s)
        return ACC_EINVAL;
    const char *d = s + (s[0] == '-' || s[0] == '+');
    int ok = *d != '\0';
    for (const char *c = d; *c && ok; c++)
        ok = *c >= '0' && *c <= '9';
    if (!ok) {
        acc_errf(err, errlen, "%s:%ld: column '%s': '%s' is not an integer", t->label,
                 t->lines[row], acc_csv_header(t, col), s);
        return ACC_EINVAL;
    }
    errno = 0;
    long long v = strtoll(s, NULL, 10);
    if (errno == ERANGE) {
        acc_errf(err, errlen, "%s:%ld: column '%s': '%s' is out of range", t->label,
                 t->lines[row], acc_csv_header(t, col), s);
        return ACC_EINVAL;
    }
    *out = v;
    return ACC_OK;
}

int acc_csv_column_numbers(const acc_csv_table *t, size_t col, double *out, char *err,
                           size_t errlen)
{
    if (col >= t->ncols) {
        acc_errf(err, errlen, "%s: no column %zu (%zu columns)", t->label, col + 1, t->ncols);
        return ACC_EINVAL;
    }
    for (size_t i = 0; i < t->nrows; i++) {
        int st = acc_csv_number(t, i, col, &out[i], err, errlen);
        if (st)
            return st;
    }
    return ACC_OK;
}
