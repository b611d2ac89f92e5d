/* accord — the sweep journal: one checksummed text line per finished run,
 * appended and flushed as runs finish, read back to resume a sweep or to
 * build its output files; torn or corrupt lines are detected and ignored.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/common.h"
#include "base/clock.h"
#include "io/atomic.h"
#include "base/numfmt.h"
#include "sweep/sweep_int.h"

/* ---- numbers ------------------------------------------------------------------------ */

void sw_put_double(acc_sb *b, double v)
{
    char num[ACC_IO_NUMBUF];
    size_t n = acc_io_fmt_double(num, v);
    acc_sb_addn(b, num, n);
}

/* ---- encoding ----------------------------------------------------------------------- */

void sw_escape(acc_sb *b, const char *s, size_t n, int token)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int esc = c < 0x20 || c == 0x7f || c == '%' || c == '~' || (token && (c == ' ' || c >= 0x80));
        if (esc) {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            acc_sb_addn(b, e, 3);
        } else {
            acc_sb_addn(b, (const char *)&c, 1);
        }
    }
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

long sw_unescape(char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '%') {
            s[o++] = s[i];
            continue;
        }
        if (i + 2 >= n)
            return -1;
        int h = hexval(s[i + 1]), l = hexval(s[i + 2]);
        if (h < 0 || l < 0 || (h == 0 && l == 0))
            return -1;
        s[o++] = (char)(h * 16 + l);
        i += 2;
    }
    s[o] = 0;
    return (long)o;
}

uint32_t sw_crc32(const void *data, size_t n)
{
    static uint32_t table[256];
    static int ready;
    if (!ready) {
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        ready = 1;
    }
    const unsigned char *p = data;
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++)
        c = table[(c ^ p[i]) & 0xff] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

/* ---- statuses ------------------------------------------------------------------------ */

static const char *const status_names[SW_NSTATUS] = {"ok",      "error",   "limit",
                                                     "invalid", "timeout", "crash"};

const char *sw_status_name(int st)
{
    return st >= 0 && st < SW_NSTATUS ? status_names[st] : "?";
}

int sw_status_parse(const char *s, size_t n)
{
    for (int i = 0; i < SW_NSTATUS; i++)
        if (strlen(status_names[i]) == n && memcmp(status_names[i], s, n) == 0)
            return i;
    return -1;
}

/* ---- records ---------------------------------------------------------------------------- */

static void add_crc(acc_sb *b, size_t line_start)
{
    uint32_t crc = sw_crc32(b->s + line_start, b->len - line_start);
    acc_sb_printf(b, " ~%08x\n", crc);
}

void sw_format_record(acc_sb *b, uint64_t run, double seconds, const char *body, size_t blen)
{
    size_t start = b->len;
    char num[ACC_IO_NUMBUF];
    /* microsecond resolution is plenty and keeps the line short */
    double us = floor(seconds * 1e6 + 0.5) / 1e6;
    acc_io_fmt_double(num, isfinite(us) && us >= 0 ? us : 0);
    acc_sb_printf(b, "R %llu %s ", (unsigned long long)run, num);
    acc_sb_addn(b, body, blen);
    add_crc(b, start);
}

void sw_format_failure(acc_sb *b, int status, const char *msg)
{
    acc_sb_add(b, sw_status_name(status));
    acc_sb_add(b, " ");
    sw_escape(b, msg, strlen(msg), 0);
}

void sw_parser_free(sw_parser *ps)
{
    free(ps->names);
    free(ps->values);
    memset(ps, 0, sizeof *ps);
}

/* Next space-separated token of [*p, end). */
static int next_token(char **p, char *end, char **tok, size_t *n)
{
    if (*p >= end)
        return 0;
    char *s = *p;
    char *sp = memchr(s, ' ', (size_t)(end - s));
    char *e = sp ? sp : end;
    if (e == s)
        return 0; /* empty token: two spaces */
    *tok = s;
    *n = (size_t)(e - s);
    *p = sp ? sp + 1 : end;
    return 1;
}

static int parse_u64(const char *s, size_t n, uint64_t *out)
{
    if (n == 0 || n > 20)
        return 0;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        uint64_t d = (uint64_t)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10)
            return 0;
        v = v * 10 + d;
    }
    if (n > 1 && s[0] == '0')
        return 0;
    *out = v;
    return 1;
}

static int parse_num(char *s, size_t n, double *out)
{
    char save = s[n];
    s[n] = 0;
    char *end;
    *out = strtod(s, &end);
    int ok = end == s + n && n > 0;
    s[n] = save;
    return ok;
}

int sw_parse_line(sw_parser *ps, char *line, size_t len, sw_record *rec)
{
    /* checksum: the line ends " ~xxxxxxxx" */
    if (len < 11 || line[len - 10] != ' ' || line[len - 9] != '~')
        return -1;
    uint32_t want = 0;
    for (size_t i = len - 8; i < len; i++) {
        int h = hexval(line[i]);
        if (h < 0 || (line[i] >= 'A' && line[i] <= 'F'))
            return -1;
        want = want * 16 + (uint32_t)h;
    }
    size_t blen = len - 10;
    if (sw_crc32(line, blen) != want)
        return -1;
    line[blen] = 0;
    if (line[0] != 'R') /* W: a warning, M: a module (sweep_warn.c), after the header */
        return (line[0] == 'P' || line[0] == 'I' || line[0] == 'S' || line[0] == 'W' || line[0] == 'M') &&
                       line[1] == ' '
                   ? 0
                   : -1;
    if (line[1] != ' ')
        return -1;
    char *p = line + 2, *end = line + blen, *tok;
    size_t n;
    memset(rec, 0, sizeof *rec);
    if (!next_token(&p, end, &tok, &n) || !parse_u64(tok, n, &rec->run))
        return -1;
    if (!next_token(&p, end, &tok, &n) || !parse_num(tok, n, &rec->seconds))
        return -1;
    if (!next_token(&p, end, &tok, &n) || (rec->status = sw_status_parse(tok, n)) < 0)
        return -1;
    if (rec->status != SW_OK) {
        long m = sw_unescape(p, (size_t)(end - p));
        if (m < 0)
            return -1;
        rec->msg = p;
        return 1;
    }
    uint64_t nout;
    if (!next_token(&p, end, &tok, &n) || !parse_u64(tok, n, &nout) || nout > 100000)
        return -1;
    if ((int)nout > ps->cap) {
        int cap = (int)nout;
        char **nn = realloc(ps->names, sizeof *nn * (size_t)cap);
        if (!nn)
            return -1;
        ps->names = nn;
        double *nv = realloc(ps->values, sizeof *nv * (size_t)cap);
        if (!nv)
            return -1;
        ps->values = nv;
        ps->cap = cap;
    }
    for (int i = 0; i < (int)nout; i++) {
        if (!next_token(&p, end, &tok, &n))
            return -1;
        long m = sw_unescape(tok, n); /* the token ends at a space we overwrite with NUL */
        if (m <= 0)
            return -1;
        ps->names[i] = tok;
        if (!next_token(&p, end, &tok, &n) || !parse_num(tok, n, &ps->values[i]))
            return -1;
    }
    if (p != end)
        return -1;
    rec->nout = (int)nout;
    rec->names = ps->names;
    rec->values = ps->values;
    return 1;
}

/* ---- header --------------------------------------------------------------------------- */

void sw_header_free(sw_header *h)
{
    if (!h)
        return;
    sw_lines_free(h->plan, h->nplan);
    sw_lines_free(h->info, h->ninfo);
    memset(h, 0, sizeof *h);
}

const char *sw_header_info(const sw_header *h, const char *key)
{
    size_t kl = strlen(key);
    for (int i = 0; i < h->ninfo; i++)
        if (strncmp(h->info[i], key, kl) == 0 && h->info[i][kl] == ' ')
            return h->info[i] + kl + 1;
    return NULL;
}

void sw_journal_header_text(acc_sb *b, const sw_header *h)
{
    acc_sb_add(b, SW_JOURNAL_MAGIC "\n");
    for (int i = 0; i < h->nplan; i++) {
        size_t start = b->len;
        acc_sb_add(b, "P ");
        sw_escape(b, h->plan[i], strlen(h->plan[i]), 0);
        add_crc(b, start);
    }
    for (int i = 0; i < h->ninfo; i++) {
        size_t start = b->len;
        acc_sb_add(b, "I ");
        sw_escape(b, h->info[i], strlen(h->info[i]), 0);
        add_crc(b, start);
    }
    size_t start = b->len;
    acc_sb_printf(b, "S %llu %llu", (unsigned long long)h->shard_index,
                  (unsigned long long)h->shard_count);
    add_crc(b, start);
}

int sw_journal_create(const char *path, const sw_header *h, char *err, size_t errlen)
{
    acc_sb b = {0};
    sw_journal_header_text(&b, h);
    if (b.oom) {
        acc_sb_free(&b);
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    acc_atomic *af;
    int rc = acc_atomic_open(path, &af, err, errlen);
    if (rc) {
        acc_sb_free(&b);
        return rc;
    }
    fwrite(b.s, 1, b.len, acc_atomic_file(af));
    acc_sb_free(&b);
    return acc_atomic_commit(af, err, errlen);
}

int sw_journal_read(const char *path, sw_header *h, sw_record_fn fn, void *ud,
                    long long *valid_end, uint64_t *n_bad, char *err, size_t errlen)
{
    memset(h, 0, sizeof *h);
    *valid_end = 0;
    *n_bad = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        acc_errf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return errno == ENOENT ? ACC_EINVAL : ACC_EIO;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    long long off = 0;
    int rc = ACC_OK, lineno = 0, in_header = 1, have_shard = 0;
    sw_parser ps = {0};
    while ((got = getline(&line, &cap, f)) > 0) {
        lineno++;
        long long line_off = off;
        off += got;
        int complete = line[got - 1] == '\n';
        size_t len = complete ? (size_t)got - 1 : (size_t)got;
        if (lineno == 1) {
            if (!complete || len != strlen(SW_JOURNAL_MAGIC) || memcmp(line, SW_JOURNAL_MAGIC, len)) {
                acc_errf(err, errlen, "%s: not an accord sweep journal (first line is not '%s')",
                         path, SW_JOURNAL_MAGIC);
                rc = ACC_EINVAL;
                goto done;
            }
            *valid_end = off;
            continue;
        }
        sw_record rec;
        int kind = complete ? sw_parse_line(&ps, line, len, &rec) : -1;
        if (in_header) {
            /* the header is written atomically: any bad line is a bad file */
            if (kind != 0 || line[0] == 'W' || line[0] == 'M') {
                acc_errf(err, errlen, "%s:%d: corrupt journal header", path, lineno);
                rc = ACC_EINVAL;
                goto done;
            }
            char *text = line + 2;
            if (line[0] == 'S') {
                unsigned long long i, n;
                char extra;
                /* the limits of --shard */
                if (sscanf(text, "%llu %llu%c", &i, &n, &extra) != 2 || n == 0 || i >= n ||
                    n > SW_MAX_SHARDS) {
                    acc_errf(err, errlen, "%s:%d: bad shard line", path, lineno);
                    rc = ACC_EINVAL;
                    goto done;
                }
                h->shard_index = i;
                h->shard_count = n;
                have_shard = 1;
                in_header = 0;
            } else {
                if (sw_unescape(text, strlen(text)) < 0 ||
                    sw_lines_push(line[0] == 'P' ? &h->plan : &h->info,
                                  line[0] == 'P' ? &h->nplan : &h->ninfo, text)) {
                    acc_errf(err, errlen, "%s:%d: corrupt journal header", path, lineno);
                    rc = ACC_EINVAL;
                    goto done;
                }
            }
            *valid_end = off;
            continue;
        }
        if (kind == 0 && (line[0] == 'W' || line[0] == 'M')) { /* a warning or a module
                                          (sw_journal_warnings, sw_journal_modules read them) */
            *valid_end = off;
            continue;
        }
        if (kind != 1) {
            (*n_bad)++;
            continue;
        }
        *valid_end = off;
        if (fn && (rc = fn(ud, &rec, line_off)))
            goto done;
    }
    if (ferror(f)) {
        acc_errf(err, errlen, "%s: read error: %s", path, strerror(errno));
        rc = ACC_EIO;
    } else if (!have_shard && rc == ACC_OK) {
        acc_errf(err, errlen, "%s: journal header incomplete", path);
        rc = ACC_EINVAL;
    }
done:
    free(line);
    sw_parser_free(&ps);
    fclose(f);
    if (rc)
        sw_header_free(h);
    return rc;
}

/* ---- appending ------------------------------------------------------------------------- */

struct sw_journal {
    int fd;
    char path[1100];
    double sync_interval_s, last_sync;
    int dirty;
};


int sw_journal_open(const char *path, long long truncate_to, double sync_interval_s,
                    sw_journal **out, char *err, size_t errlen)
{
    *out = NULL;
    sw_journal *j = calloc(1, sizeof *j);
    if (!j) {
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    snprintf(j->path, sizeof j->path, "%s", path);
    j->sync_interval_s = sync_interval_s;
    j->last_sync = acc_mono_s();
    j->fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
    if (j->fd < 0) {
        acc_errf(err, errlen, "%s: cannot open for appending: %s", path, strerror(errno));
        free(j);
        return ACC_EIO;
    }
    if (truncate_to >= 0) {
        struct stat st;
        if (fstat(j->fd, &st) == 0 && st.st_size > truncate_to &&
            (ftruncate(j->fd, (off_t)truncate_to) != 0 || fdatasync(j->fd) != 0)) {
            acc_errf(err, errlen, "%s: cannot cut the torn last record: %s", path, strerror(errno));
            close(j->fd);
            free(j);
            return ACC_EIO;
        }
    }
    *out = j;
    return ACC_OK;
}

int sw_journal_fd(const sw_journal *j) { return j ? j->fd : -1; }

int sw_journal_sync(sw_journal *j, char *err, size_t errlen)
{
    if (!j->dirty)
        return ACC_OK;
    if (fdatasync(j->fd) != 0) {
        acc_errf(err, errlen, "%s: cannot sync: %s", j->path, strerror(errno));
        return ACC_EIO;
    }
    j->dirty = 0;
    j->last_sync = acc_mono_s();
    return ACC_OK;
}

int sw_journal_append(sw_journal *j, const char *line, size_t len, char *err, size_t errlen)
{
    /* one write() per record: a killed process leaves whole records behind
     * (or a torn last one, which the checksum catches) */
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(j->fd, line + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            acc_errf(err, errlen, "%s: cannot append: %s", j->path, strerror(errno));
            return ACC_EIO;
        }
        done += (size_t)w;
    }
    j->dirty = 1;
    if (j->sync_interval_s == 0 || sw_journal_sync_due(j))
        return sw_journal_sync(j, err, errlen);
    return ACC_OK;
}

int sw_journal_sync_due(const sw_journal *j)
{
    return j->sync_interval_s >= 0 && acc_mono_s() - j->last_sync >= j->sync_interval_s;
}

int sw_journal_close(sw_journal *j, char *err, size_t errlen)
{
    if (!j)
        return ACC_OK;
    int rc = sw_journal_sync(j, err, errlen);
    if (close(j->fd) != 0 && rc == ACC_OK) {
        acc_errf(err, errlen, "%s: close failed: %s", j->path, strerror(errno));
        rc = ACC_EIO;
    }
    free(j);
    return rc;
}
