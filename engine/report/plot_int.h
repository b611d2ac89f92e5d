/* accord report — private helpers shared by the plot, compare and report code:
 * quoting for gnuplot and HTML into a string builder (base/strbuf.h), small
 * file helpers.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_IO_PLOT_INT_H
#define ACC_IO_PLOT_INT_H

#include <stdarg.h>
#include <stddef.h>

#include "base/strbuf.h"
#include "io/csv.h"
#include "io/jdoc.h"

/* s as a gnuplot single-quoted string: ' doubled, line breaks as spaces. */
void acc_sb_gpquote(acc_sb *b, const char *s);
/* s with & < > " ' escaped for HTML text and attribute values. */
void acc_sb_html(acc_sb *b, const char *s);
/* Replace every byte sequence that is not well-formed UTF-8 (stray or
 * truncated sequences, overlong forms, surrogates, beyond U+10FFFF) with
 * U+FFFD, so a page made of read-in text stays valid UTF-8. */
void acc_sb_utf8_clean(acc_sb *b);

/* Copy src into dst[n], cut to fit (n > 0). */
void acc_io_copy(char *dst, size_t n, const char *src);
/* snprintf that may cut its output on purpose (titles, notes). */
void acc_io_fmt_cut(char *dst, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Write len bytes to path atomically (temporary file + rename). */
int acc_io_write_file_atomic(const char *path, const char *data, size_t len, char *err,
                             size_t errlen);
/* A new private directory for temporary figures (accord plot --term, accord
 * report --out FILE), so the results directory is only read: under $TMPDIR
 * when it is an absolute path of plain characters ([A-Za-z0-9/._-], at most
 * 200), else /tmp; "accord-<stem>.XXXXXX". 0, or -1 with errno set. */
int acc_plot_tmpdir(char *buf, size_t n, const char *stem);

/* 1 if path names a readable regular file / a directory. */
int acc_io_is_file(const char *path);
int acc_io_is_dir(const char *path);
/* "dir/name" into buf (ACC_EINVAL if it does not fit). */
int acc_io_join(char *buf, size_t n, const char *dir, const char *name, char *err,
                size_t errlen);

/* A number for people: whole numbers and |x| in [1e4, 1e9) without decimals
 * ("123457", "42"), others with 4 significant digits ("0.04231", "12.35",
 * "1.2e+09"); "NA" for NaN. */
void acc_io_fmt_human(char *buf, size_t n, double x);

/* What a directory holds, from manifest.json "kind" or, without one, from
 * its files: ACC_KIND_RUN, _SWEEP or _COMPARE (io/layout.h); "" if none
 * applies. For a run of a function model (no timeseries.csv) it is still
 * "run". */
void acc_io_dir_kind(const char *dir, char *kind, size_t n);

/* Is dir a run that failed (manifest.json "status": "failed")? Returns 1 and
 * fills why (the failure's message, hook, step and year, one line) and *step
 * (the step it failed in, 0 if unknown; may be NULL), else 0. */
int acc_io_run_failed(const char *dir, char *why, size_t n, int *step);

#endif
