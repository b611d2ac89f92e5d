/* accord report — helpers behind plots, comparisons and reports: gnuplot and
 * HTML quoting, atomic whole-file writes, and
 * telling run, sweep and comparison directories apart.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "report/plot_int.h"

#include "base/common.h"
#include "base/sha256.h"
#include "io/atomic.h"
#include "io/layout.h"
#include "report/calibrate.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void acc_sb_gpquote(acc_sb *b, const char *s)
{
    acc_sb_add(b, "'");
    for (; *s; s++) {
        if (*s == '\'')
            acc_sb_add(b, "''");
        else if (*s == '\n' || *s == '\r')
            acc_sb_add(b, " ");
        else
            acc_sb_addn(b, s, 1);
    }
    acc_sb_add(b, "'");
}

void acc_sb_html(acc_sb *b, const char *s)
{
    const char *run = s;
    for (; *s; s++) {
        const char *rep = NULL;
        switch (*s) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: break;
        }
        if (rep) {
            acc_sb_addn(b, run, (size_t)(s - run));
            acc_sb_add(b, rep);
            run = s + 1;
        }
    }
    acc_sb_addn(b, run, (size_t)(s - run));
}

/* Length of the well-formed UTF-8 sequence at s[0..n), 0 if there is none. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF; /* range of the second byte */
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0; /* no overlong forms */
        else if (c == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F; /* at most U+10FFFF */
    } else
        return 0;
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t k = 2; k < len; k++)
        if (s[k] < 0x80 || s[k] > 0xBF)
            return 0;
    return len;
}

void acc_sb_utf8_clean(acc_sb *b)
{
    if (b->oom || !b->s)
        return;
    const unsigned char *s = (const unsigned char *)b->s;
    size_t n = b->len, i = 0;
    while (i < n) {
        size_t k = utf8_len(s + i, n - i);
        if (!k)
            break;
        i += k;
    }
    if (i == n)
        return; /* already valid: nothing to copy */
    acc_sb out;
    acc_sb_init(&out);
    acc_sb_addn(&out, b->s, i);
    while (i < n) {
        size_t k = utf8_len(s + i, n - i);
        if (k) {
            acc_sb_addn(&out, (const char *)s + i, k);
            i += k;
        } else {
            acc_sb_add(&out, "\xEF\xBF\xBD"); /* U+FFFD for one bad byte */
            i++;
        }
    }
    if (out.oom) {
        acc_sb_free(&out);
        b->oom = 1;
        return;
    }
    acc_sb_free(b);
    *b = out;
}

void acc_io_copy(char *dst, size_t n, const char *src)
{
    size_t len = strlen(src);
    if (len >= n)
        len = n - 1;
    memmove(dst, src, len);
    dst[len] = '\0';
}

void acc_io_fmt_cut(char *dst, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(dst, n, fmt, ap);
    va_end(ap);
}

int acc_io_write_file_atomic(const char *path, const char *data, size_t len, char *err,
                             size_t errlen)
{
    acc_atomic *af;
    int rc = acc_atomic_open(path, &af, err, errlen);
    if (rc)
        return rc;
    if (len && fwrite(data, 1, len, acc_atomic_file(af)) != len) {
        int e = errno;
        acc_atomic_abort(af);
        acc_errf(err, errlen, "%s: write failed: %s", path, strerror(e));
        return ACC_EIO;
    }
    return acc_atomic_commit(af, err, errlen);
}

int acc_io_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int acc_io_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int acc_io_join(char *buf, size_t n, const char *dir, const char *name, char *err, size_t errlen)
{
    int k = snprintf(buf, n, "%s/%s", dir, name);
    if (k < 0 || (size_t)k >= n) {
        acc_errf(err, errlen, "%s/%s: path too long", dir, name);
        return ACC_EINVAL;
    }
    return ACC_OK;
}

void acc_io_fmt_human(char *buf, size_t n, double x)
{
    double a = fabs(x);
    if (isnan(x))
        snprintf(buf, n, "NA");
    else if (isinf(x))
        snprintf(buf, n, x > 0 ? "inf" : "-inf");
    else if (a < 1e9 && (a >= 1e4 || x == floor(x)))
        snprintf(buf, n, "%.0f", x == 0 ? 0.0 : x); /* no "-0" */
    else
        snprintf(buf, n, "%.4g", x);
}

int acc_io_run_failed(const char *dir, char *why, size_t n, int *step)
{
    char path[4096], err[256];
    int failed = 0;
    if (step)
        *step = 0;
    if (n)
        why[0] = '\0';
    acc_jdoc *d;
    if (snprintf(path, sizeof path, "%s/" ACC_FILE_MANIFEST, dir) >= (int)sizeof path ||
        !acc_io_is_file(path) || acc_jdoc_read_file(path, &d, err, sizeof err) != ACC_OK)
        return 0;
    const acc_jval *root = acc_jdoc_root(d);
    const char *kind = acc_jval_str(acc_jval_get(root, "kind"));
    const char *status = acc_jval_str(acc_jval_get(root, "status"));
    if (kind && strcmp(kind, ACC_KIND_RUN) == 0 && status && strcmp(status, "failed") == 0) {
        failed = 1;
        const acc_jval *f = acc_jval_get(root, "failure");
        const char *msg = acc_jval_str(acc_jval_get(f, "message"));
        const char *in = acc_jval_str(acc_jval_get(f, "in"));
        double st = acc_jval_num(acc_jval_get(f, "step")), yr = acc_jval_num(acc_jval_get(f, "year"));
        char where[600] = "";
        if (in && st > 0)
            snprintf(where, sizeof where, " (in %s at step %.0f, year %g)", in, st, yr);
        else if (st > 0)
            snprintf(where, sizeof where, " (at step %.0f, year %g)", st, yr);
        snprintf(why, n, "%s%s", msg ? msg : "no reason recorded", where);
        if (step && st > 0 && st < 1e9)
            *step = (int)st;
    }
    acc_jdoc_free(d);
    return failed;
}

void acc_io_dir_kind(const char *dir, char *kind, size_t n)
{
    char path[4096];
    kind[0] = '\0';
    if (snprintf(path, sizeof path, "%s/" ACC_FILE_MANIFEST, dir) < (int)sizeof path &&
        acc_io_is_file(path)) {
        acc_jdoc *d;
        char err[256];
        if (acc_jdoc_read_file(path, &d, err, sizeof err) == ACC_OK) {
            const char *k = acc_jval_str(acc_jval_get(acc_jdoc_root(d), "kind"));
            if (k && (!strcmp(k, ACC_KIND_RUN) || !strcmp(k, ACC_KIND_SWEEP) ||
                      !strcmp(k, ACC_KIND_COMPARE)))
                snprintf(kind, n, "%s", k);
            acc_jdoc_free(d);
            if (kind[0])
                return;
        }
    }
    static const struct {
        const char *file, *kind;
    } probes[] = {{ACC_FILE_COMPARE, ACC_KIND_COMPARE},  {ACC_FILE_POINTS, ACC_KIND_SWEEP},
                  {ACC_FILE_RUNS, ACC_KIND_SWEEP},       {ACC_FILE_TIMESERIES, ACC_KIND_RUN},
                  {ACC_FILE_SUMMARY, ACC_KIND_RUN}};
    for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
        if (snprintf(path, sizeof path, "%s/%s", dir, probes[i].file) < (int)sizeof path &&
            acc_io_is_file(path)) {
            snprintf(kind, n, "%s", probes[i].kind);
            return;
        }
    }
}

const char *acc_io_unrecorded(const char *dir)
{
    char kind[16], path[4096], err[256];
    acc_io_dir_kind(dir, kind, sizeof kind);
    static const char *const kinds[] = {ACC_KIND_RUN, ACC_KIND_SWEEP, ACC_KIND_COMPARE};
    const char *k = NULL;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kind, kinds[i]) == 0)
            k = kinds[i];
    if (!k || snprintf(path, sizeof path, "%s/" ACC_FILE_MANIFEST, dir) >= (int)sizeof path)
        return NULL;
    acc_jdoc *d;
    if (!acc_io_is_file(path) || acc_jdoc_read_file(path, &d, err, sizeof err) != ACC_OK)
        return k;
    acc_jdoc_free(d);
    return NULL;
}

void acc_io_unrecorded_warning(const char *dir, const char *kind, char *out, size_t n)
{
    const char *what = "run", *who = "a run", *redo = "run the scenario into it again";
    if (kind && strcmp(kind, ACC_KIND_SWEEP) == 0) {
        what = "sweep";
        who = "a sweep or merge";
        redo = "run the same accord sweep with --resume (or the same accord merge) into it";
    } else if (kind && strcmp(kind, ACC_KIND_COMPARE) == 0) {
        what = "comparison";
        who = "a comparison";
        redo = "run the same accord compare into it again";
    }
    snprintf(out, n,
             "%s has no readable manifest.json: nothing says its files are one complete %s "
             "(%s killed while writing them leaves them so, perhaps beside an earlier one's); "
             "%s to be sure",
             dir, what, who, redo);
}

/* The files one manifest (dir/mf) lists under "outputs" ("outputs_sha256"
 * in a comparison's, whose "outputs" lists names only) whose bytes are not
 * the SHA-256 given there: {"NAME": {"sha256": ...}} (a run's, a sweep's, a
 * comparison's) or [{"file": NAME, "sha256": ...}] (a calibration's
 * calibration.json, a discovery's manifest). The first goes to first[n]
 * when it is still empty. */
static int outputs_changed_in(const char *dir, const char *mf, char *first, size_t n)
{
    char path[4096], err[256];
    if (snprintf(path, sizeof path, "%s/%s", dir, mf) >= (int)sizeof path)
        return 0;
    acc_jdoc *d;
    if (!acc_io_is_file(path) || acc_jdoc_read_file(path, &d, err, sizeof err) != ACC_OK)
        return 0;
    const acc_jval *outs = acc_jval_get(acc_jdoc_root(d), "outputs_sha256"); /* a comparison's */
    if (!outs)
        outs = acc_jval_get(acc_jdoc_root(d), "outputs");
    int array = acc_jval_type(outs) == ACC_JARRAY;
    int changed = 0;
    for (size_t i = 0; i < acc_jval_len(outs); i++) {
        const acc_jval *e = acc_jval_at(outs, i);
        const char *name = array ? acc_jval_str(acc_jval_get(e, "file")) : acc_jval_key_at(outs, i);
        const char *want = acc_jval_str(acc_jval_get(e, "sha256"));
        if (!name || !want || !*name || strchr(name, '/') ||
            snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path)
            continue;
        /* only a regular file is read: a listed name that is now a pipe, a
         * device or a link (to /dev/zero, say) would hang or never end the
         * hash, and is not what the writer left there anyway */
        struct stat st;
        char have[ACC_SHA256_HEXLEN];
        if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
            acc_sha256_file(path, have, err, sizeof err) == ACC_OK && strcmp(have, want) == 0)
            continue;
        if (!changed++ && n && !first[0])
            snprintf(first, n, "%s", name);
    }
    acc_jdoc_free(d);
    return changed;
}

int acc_io_outputs_changed(const char *dir, char *first, size_t n)
{
    if (n)
        first[0] = '\0';
    /* the directory's manifest, and a calibration's beside a sweep's */
    return outputs_changed_in(dir, ACC_FILE_MANIFEST, first, n) +
           outputs_changed_in(dir, ACC_FILE_CALIB_MANIFEST, first, n);
}

int acc_plot_tmpdir(char *buf, size_t n, const char *stem)
{
    const char *t = getenv("TMPDIR");
    int plain = t && t[0] == '/' && strlen(t) <= 200;
    for (const char *p = t; plain && *p; p++)
        plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                *p == '/' || *p == '_' || *p == '-' || *p == '.';
    int k = snprintf(buf, n, "%s/accord-%s.XXXXXX", plain ? t : "/tmp", stem);
    if (k < 0 || (size_t)k >= n) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return mkdtemp(buf) ? 0 : -1;
}
