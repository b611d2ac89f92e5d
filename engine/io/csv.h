/* accord io — CSV: a cheap, deterministic writer (numbers round-trip through
 * strtod, strings quoted only when needed) and a strict reader built on
 * libcsv whose errors name file, line and problem.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_IO_CSV_H
#define ACC_IO_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "io/atomic.h"

/* ---- writer -------------------------------------------------------------
 * Cells are written straight to the FILE* (no allocation per cell). Text of
 * a cell:
 *   integers      decimal ("42", "-7")
 *   doubles       acc_io_fmt_double: integral values up to 2^53 as integers,
 *                 else the shortest of %.15g/%.16g/%.17g that reads back
 *                 bit-identical with strtod; -0.0 as "-0"
 *   NaN           NA   (missing value: R and pandas read it as NA/NaN,
 *                 gnuplot with `set datafile missing "NA"`; acc_csv_number
 *                 reads it back as NaN)
 *   +-infinity    inf, -inf (strtod reads these)
 *   strings       as is, unless they contain a comma, a double quote, CR or
 *                 LF, or begin or end with a space or tab: then in double
 *                 quotes with inner quotes doubled. An empty string that is
 *                 a row's only cell is written as "" (an empty line would be
 *                 skipped by readers).
 * Rows end with "\n". Every row must have exactly ncols cells. The first
 * error (wrong cell count, failed write) sticks: later calls return the same
 * status and acc_csv_writer_errmsg() says what happened, naming the label
 * (usually the output path) and the line. Lines count from 1 = header. */
typedef struct acc_csv_writer acc_csv_writer;

/* Start writing ncols columns to fp. header: ncols distinct non-empty names,
 * written at once as the first line; or NULL to write no header (appending
 * rows to a file that already has one). lines_before: lines already in the
 * file before what this writer writes (0 for a new file), so that messages
 * give true line numbers. label names the file in messages (may be NULL).
 * The writer does not own fp. */
int acc_csv_writer_new(FILE *fp, const char *label, size_t ncols,
                       const char *const *header, long lines_before,
                       acc_csv_writer **out, char *err, size_t errlen);
void acc_csv_writer_free(acc_csv_writer *w); /* does not close fp */

/* Flush after every row (for streamed outputs read while a sweep runs). */
void acc_csv_writer_set_autoflush(acc_csv_writer *w, int on);

int acc_csv_put_str(acc_csv_writer *w, const char *s);
int acc_csv_put_strn(acc_csv_writer *w, const char *s, size_t n);
int acc_csv_put_int(acc_csv_writer *w, long long v);
int acc_csv_put_double(acc_csv_writer *w, double v);
int acc_csv_put_na(acc_csv_writer *w); /* a missing value: NA */
/* End the current row (error if it has fewer than ncols cells). */
int acc_csv_end_row(acc_csv_writer *w);
/* A whole row of n doubles (n must equal ncols). */
int acc_csv_write_doubles(acc_csv_writer *w, const double *v, size_t n);
/* fflush the stream; ACC_EIO if it or any earlier write failed. */
int acc_csv_flush(acc_csv_writer *w);

/* Data rows written so far (header excluded). */
size_t acc_csv_writer_rows(const acc_csv_writer *w);
/* The sticky error message ("" if none). */
const char *acc_csv_writer_errmsg(const acc_csv_writer *w);

/* A new CSV file that appears at path only when complete (io/atomic.h),
 * its header written at once: *af is the atomic file, *w writes into it.
 * On failure both are NULL and nothing is left behind. */
int acc_csv_open_atomic(const char *path, size_t ncols, const char *const *header,
                        acc_atomic **af, acc_csv_writer **w, char *err, size_t errlen);
/* Free w, then, if commit: flush it and commit af (a write that failed,
 * now or earlier, is reported from w, the file dropped and ACC_EIO
 * returned); else drop af without a message (the caller reported why).
 * Either may be NULL (not opened). */
int acc_csv_close_atomic(acc_csv_writer *w, acc_atomic *af, int commit, char *err,
                         size_t errlen);

/* Write one cell's text for a string as the writer would (quoting as above)
 * to fp; returns 0 or EOF. Exposed for tests and one-off writers. */
int acc_csv_fput_field(FILE *fp, const char *s, size_t n);

/* ---- strict reader ------------------------------------------------------
 * libcsv with CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL and no space
 * trimming: a quote inside an unquoted field, text after a closing quote and
 * an unclosed quote are errors; spaces are kept. Accepted: a UTF-8 BOM, LF,
 * CRLF or CR line ends, a missing final newline, empty lines (skipped
 * anywhere, notably at the end). The first record is the header: it must
 * be non-empty with distinct names; every later record must have as many
 * fields. NUL bytes are rejected. Messages look like
 *   data/x.csv:7: 5 fields, header has 6
 * where 7 is the physical line on which the record starts. */
typedef struct acc_csv_table acc_csv_table;

/* The longest field the reader accepts (longer: ACC_EINVAL naming the line). */
#define ACC_CSV_FIELD_MAX ((size_t)16 << 20)

int acc_csv_read_file(const char *path, acc_csv_table **out, char *err, size_t errlen);
/* Same for data in memory; label names it in messages. */
int acc_csv_read_buffer(const char *label, const char *data, size_t len,
                        acc_csv_table **out, char *err, size_t errlen);
void acc_csv_table_free(acc_csv_table *t);

const char *acc_csv_label(const acc_csv_table *t);
size_t acc_csv_ncols(const acc_csv_table *t);
size_t acc_csv_nrows(const acc_csv_table *t); /* data rows, header excluded */
const char *acc_csv_header(const acc_csv_table *t, size_t col);
/* NUL-terminated cell text; row 0 is the first data row. */
const char *acc_csv_cell(const acc_csv_table *t, size_t row, size_t col);
/* Physical line on which data row `row` starts (for messages). */
long acc_csv_row_line(const acc_csv_table *t, size_t row);

/* Index of the column named `name`, or ACC_EINVAL with
 * "data/x.csv: no column 'market' (columns: a, b, c)". */
int acc_csv_col(const acc_csv_table *t, const char *name, size_t *col, char *err, size_t errlen);

/* Parse a cell as a double: whatever strtod accepts over the whole cell
 * (including "inf", "nan"), plus "NA" for NaN. Errors (ACC_EINVAL):
 *   data/x.csv:7: column 'market': 'abc' is not a number
 *   data/x.csv:7: column 'market': '1e999' is out of range
 * An empty cell or one with leading/trailing space is not a number. */
int acc_csv_number(const acc_csv_table *t, size_t row, size_t col, double *out,
                   char *err, size_t errlen);
/* Parse a cell as a decimal integer (optional sign, digits only, fits in
 * long long): "...: '2.5' is not an integer". */
int acc_csv_integer(const acc_csv_table *t, size_t row, size_t col, long long *out,
                    char *err, size_t errlen);
/* Parse a whole column into out[nrows]; stops at the first bad cell. */
int acc_csv_column_numbers(const acc_csv_table *t, size_t col, double *out,
                           char *err, size_t errlen);

#endif
