/* accord io — streaming pretty-printing JSON writer (no allocation after
 * acc_json_new; a fixed nesting stack).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "io/json.h"

#include "base/common.h"
#include "base/numfmt.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct acc_json {
    FILE *fp;
    char *label;
    int depth;
    char kind[ACC_JSON_MAXDEPTH];     /* 'o' object, 'a' array */
    size_t count[ACC_JSON_MAXDEPTH];  /* members/elements so far */
    int have_key;                     /* object key written, value due */
    int done;                         /* top-level value complete */
    int status;
    char err[ACC_ERRLEN];
};

static int jfail(acc_json *j, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int jfail(acc_json *j, int status, const char *fmt, ...)
{
    if (j->status)
        return j->status;
    int n = snprintf(j->err, sizeof j->err, "%s: ", j->label);
    va_list ap;
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < sizeof j->err)
        vsnprintf(j->err + n, sizeof j->err - (size_t)n, fmt, ap);
    va_end(ap);
    j->status = status;
    return status;
}

static int out(acc_json *j, const char *s, size_t n)
{
    if (fwrite(s, 1, n, j->fp) != n) {
        int e = errno;
        return jfail(j, ACC_EIO, "write failed: %s", strerror(e));
    }
    return ACC_OK;
}

static int newline_indent(acc_json *j, int depth)
{
    static const char spaces[] = "                                ";
    int st = out(j, "\n", 1);
    for (size_t left = 2 * (size_t)depth; !st && left;) {
        size_t n = left < sizeof spaces - 1 ? left : sizeof spaces - 1;
        st = out(j, spaces, n);
        left -= n;
    }
    return st;
}

static const char *where(const acc_json *j)
{
    if (j->depth == 0)
        return "at top level";
    return j->kind[j->depth - 1] == 'o' ? "in an object" : "in an array";
}

/* Separator and indentation before a value; checks the grammar. */
static int before_value(acc_json *j)
{
    if (j->status)
        return j->status;
    if (j->depth == 0)
        return j->done ? jfail(j, ACC_EINVAL, "a second top-level value") : ACC_OK;
    int top = j->depth - 1;
    if (j->kind[top] == 'o') {
        if (!j->have_key)
            return jfail(j, ACC_EINVAL, "a value in an object needs a key first");
        j->have_key = 0;
        return ACC_OK;
    }
    int st = j->count[top] ? out(j, ",", 1) : ACC_OK;
    if (!st)
        st = newline_indent(j, j->depth);
    j->count[top]++;
    return st;
}

static int after_value(acc_json *j)
{
    if (j->depth == 0)
        j->done = 1;
    return j->status;
}

/* Escaped, quoted string. Invalid UTF-8 bytes become U+FFFD each. */
static int put_string(acc_json *j, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    int st = out(j, "\"", 1);
    size_t start = 0, i = 0;
    while (!st && i < n) {
        unsigned c = p[i];
        size_t seq = 1;
        int bad = 0;
        const char *esc = NULL;
        char ubuf[8];
        if (c == '"') {
            esc = "\\\"";
        } else if (c == '\\') {
            esc = "\\\\";
        } else if (c < 0x20) {
            snprintf(ubuf, sizeof ubuf, "\\u%04x", c);
            esc = ubuf;
        } else if (c >= 0x80) {
            /* RFC 3629 well-formed sequences only (no overlongs, no
             * surrogates, nothing above U+10FFFF). */
            unsigned lo = 0x80, hi = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                seq = 2;
            } else if (c >= 0xE0 && c <= 0xEF) {
                seq = 3;
                if (c == 0xE0)
                    lo = 0xA0;
                if (c == 0xED)
                    hi = 0x9F;
            } else if (c >= 0xF0 && c <= 0xF4) {
                seq = 4;
                if (c == 0xF0)
                    lo = 0x90;
                if (c == 0xF4)
                    hi = 0x8F;
            } else {
                bad = 1;
            }
            for (size_t k = 1; !bad && k < seq; k++) {
                if (i + k >= n || p[i + k] < (k == 1 ? lo : 0x80) || p[i + k] > (k == 1 ? hi : 0xBF))
                    bad = 1;
            }
            if (bad) {
                seq = 1;
                esc = "\\ufffd";
            }
        }
        if (esc) {
            if (i > start)
                st = out(j, s + start, i - start);
            if (!st)
                st = out(j, esc, strlen(esc));
            start = i + 1;
        }
        i += seq;
    }
    if (!st && n > start)
        st = out(j, s + start, n - start);
    if (!st)
        st = out(j, "\"", 1);
    return st;
}

int acc_json_new(FILE *fp, const char *label, acc_json **outp, char *err, size_t errlen)
{
    *outp = NULL;
    if (!label)
        label = "<json>";
    if (!fp) {
        acc_errf(err, errlen, "%s: JSON writer needs a stream", label);
        return ACC_EINVAL;
    }
    acc_json *j = calloc(1, sizeof *j);
    size_t llen = strlen(label) + 1;
    if (j)
        j->label = malloc(llen);
    if (!j || !j->label) {
        free(j);
        acc_errf(err, errlen, "%s: out of memory", label);
        return ACC_ENOMEM;
    }
    memcpy(j->label, label, llen);
    j->fp = fp;
    *outp = j;
    return ACC_OK;
}

void acc_json_free(acc_json *j)
{
    if (!j)
        return;
    free(j->label);
    free(j);
}

static int begin(acc_json *j, char kind)
{
    int st = before_value(j);
    if (st)
        return st;
    if (j->depth >= ACC_JSON_MAXDEPTH)
        return jfail(j, ACC_EINVAL, "nesting deeper than %d", ACC_JSON_MAXDEPTH);
    st = out(j, kind == 'o' ? "{" : "[", 1);
    j->kind[j->depth] = kind;
    j->count[j->depth] = 0;
    j->depth++;
    return st;
}

static int end(acc_json *j, char kind)
{
    if (j->status)
        return j->status;
    const char *name = kind == 'o' ? "object" : "array";
    if (j->depth == 0 || j->kind[j->depth - 1] != kind)
        return jfail(j, ACC_EINVAL, "end of %s %s", name, where(j));
    if (j->have_key)
        return jfail(j, ACC_EINVAL, "end of object after a key with no value");
    int st = ACC_OK;
    if (j->count[j->depth - 1])
        st = newline_indent(j, j->depth - 1);
    if (!st)
        st = out(j, kind == 'o' ? "}" : "]", 1);
    j->depth--;
    return st ? st : after_value(j);
}

int acc_json_begin_object(acc_json *j) { return begin(j, 'o'); }
int acc_json_end_object(acc_json *j) { return end(j, 'o'); }
int acc_json_begin_array(acc_json *j) { return begin(j, 'a'); }
int acc_json_end_array(acc_json *j) { return end(j, 'a'); }

int acc_json_key(acc_json *j, const char *key)
{
    if (j->status)
        return j->status;
    if (j->depth == 0 || j->kind[j->depth - 1] != 'o')
        return jfail(j, ACC_EINVAL, "key '%s' %s", key ? key : "(null)", where(j));
    if (j->have_key)
        return jfail(j, ACC_EINVAL, "key '%s' after a key with no value", key ? key : "(null)");
    if (!key)
        return jfail(j, ACC_EINVAL, "NULL key");
    int top = j->depth - 1;
    int st = j->count[top] ? out(j, ",", 1) : ACC_OK;
    if (!st)
        st = newline_indent(j, j->depth);
    if (!st)
        st = put_string(j, key, strlen(key));
    if (!st)
        st = out(j, ": ", 2);
    j->count[top]++;
    j->have_key = 1;
    return st;
}

static int scalar(acc_json *j, const char *text, size_t n)
{
    int st = before_value(j);
    if (!st)
        st = out(j, text, n);
    return st ? st : after_value(j);
}

int acc_json_stringn(acc_json *j, const char *s, size_t n)
{
    int st = before_value(j);
    if (!st)
        st = put_string(j, s, n);
    return st ? st : after_value(j);
}

int acc_json_string(acc_json *j, const char *s)
{
    return s ? acc_json_stringn(j, s, strlen(s)) : acc_json_null(j);
}

int acc_json_number(acc_json *j, double v)
{
    if (!isfinite(v))
        return scalar(j, "null", 4);
    char buf[ACC_IO_NUMBUF];
    size_t n = acc_io_fmt_double(buf, v);
    return scalar(j, buf, n);
}

int acc_json_int(acc_json *j, long long v)
{
    char buf[ACC_IO_NUMBUF];
    size_t n = acc_io_fmt_int(buf, v);
    return scalar(j, buf, n);
}

int acc_json_bool(acc_json *j, int v) { return v ? scalar(j, "true", 4) : scalar(j, "false", 5); }
int acc_json_null(acc_json *j) { return scalar(j, "null", 4); }

int acc_json_kstr(acc_json *j, const char *key, const char *s)
{
    int st = acc_json_key(j, key);
    return st ? st : acc_json_string(j, s);
}

int acc_json_knum(acc_json *j, const char *key, double v)
{
    int st = acc_json_key(j, key);
    return st ? st : acc_json_number(j, v);
}

int acc_json_kint(acc_json *j, const char *key, long long v)
{
    int st = acc_json_key(j, key);
    return st ? st : acc_json_int(j, v);
}

int acc_json_kbool(acc_json *j, const char *key, int v)
{
    int st = acc_json_key(j, key);
    return st ? st : acc_json_bool(j, v);
}

int acc_json_finish(acc_json *j)
{
    if (j->status)
        return j->status;
    if (!j->done && j->depth == 0)
        return jfail(j, ACC_EINVAL, "document is empty");
    if (!j->done)
        return jfail(j, ACC_EINVAL, "document incomplete (%d unclosed %s)", j->depth,
                     j->depth == 1 ? "level" : "levels");
    int st = out(j, "\n", 1);
    if (!st && (fflush(j->fp) != 0 || ferror(j->fp))) {
        int e = errno;
        st = jfail(j, ACC_EIO, "write failed: %s", strerror(e));
    }
    return st;
}

const char *acc_json_errmsg(const acc_json *j) { return j->err; }

int acc_json_open_atomic(const char *path, acc_atomic **af, acc_json **j, char *err,
                         size_t errlen)
{
    *j = NULL;
    int rc = acc_atomic_open(path, af, err, errlen);
    if (rc)
        return rc;
    if ((rc = acc_json_new(acc_atomic_file(*af), path, j, err, errlen))) {
        acc_atomic_abort(*af);
        *af = NULL;
    }
    return rc;
}

int acc_json_done(acc_json *j, acc_atomic *af, int bad, char *err, size_t errlen)
{
    if (bad) {
        acc_errf(err, errlen, "%s", acc_json_errmsg(j));
        acc_json_free(j);
        acc_atomic_abort(af);
        return ACC_EIO;
    }
    acc_json_free(j);
    return ACC_OK;
}

int acc_json_commit(acc_json *j, acc_atomic *af, int bad, char *err, size_t errlen)
{
    int rc = acc_json_done(j, af, bad, err, errlen);
    return rc ? rc : acc_atomic_commit(af, err, errlen);
}
