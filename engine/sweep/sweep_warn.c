/* accord — a sweep's warnings: carried from a run's worker after its record
 * body, kept in the journal as "W <run> <key> <text>" lines (for each key
 * the lowest run that gave it), read back for the manifest, the same
 * whatever the workers, shards or resumes; and the Lua modules the runs
 * loaded ("M <name> <path> <sha256>" lines), carried and kept the same way. SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lua/scenario.h"
#include "sweep/sweep_int.h"

void sw_body_add_warnings(acc_sb *body, const struct acc_scenario *s)
{
    for (int i = 0; s && i < acc_scenario_nwarnings(s); i++) {
        const char *key, *text = acc_scenario_warning(s, i, &key);
        acc_sb_add(body, "\nW ");
        sw_escape(body, key, strlen(key), 1);
        acc_sb_add(body, " ");
        sw_escape(body, text, strlen(text), 1);
    }
}

size_t sw_body_len(const char *body, size_t len)
{
    const char *nl = memchr(body, '\n', len);
    return nl ? (size_t)(nl - body) : len;
}

void sw_format_warning(acc_sb *b, uint64_t run, const char *key, const char *text)
{
    size_t start = b->len;
    acc_sb_printf(b, "W %llu ", (unsigned long long)run);
    sw_escape(b, key, strlen(key), 1);
    acc_sb_add(b, " ");
    sw_escape(b, text, strlen(text), 1);
    uint32_t crc = sw_crc32(b->s + start, b->len - start);
    acc_sb_printf(b, " ~%08x\n", crc);
}

int sw_warnings_add(sw_warnings *w, const char *key, uint64_t run, const char *text)
{
    for (int i = 0; i < w->n; i++) {
        if (strcmp(w->keys[i], key) != 0)
            continue;
        if (run >= w->runs[i])
            return 0;
        char *t = strdup(text);
        if (!t)
            return -1;
        free(w->texts[i]);
        w->texts[i] = t;
        w->runs[i] = run;
        return 1;
    }
    if (w->n == w->cap) {
        int cap = w->cap ? 2 * w->cap : 16;
        char **k = realloc(w->keys, sizeof *k * (size_t)cap);
        if (!k)
            return -1;
        w->keys = k;
        char **t = realloc(w->texts, sizeof *t * (size_t)cap);
        if (!t)
            return -1;
        w->texts = t;
        uint64_t *r = realloc(w->runs, sizeof *r * (size_t)cap);
        if (!r)
            return -1;
        w->runs = r;
        w->cap = cap;
    }
    char *k = strdup(key), *t = strdup(text);
    if (!k || !t) {
        free(k);
        free(t);
        return -1;
    }
    w->keys[w->n] = k;
    w->texts[w->n] = t;
    w->runs[w->n++] = run;
    return 1;
}

static const sw_warnings *sort_w;

static int cmp_warning(const void *a, const void *b)
{
    int i = *(const int *)a, j = *(const int *)b;
    if (sort_w->runs[i] != sort_w->runs[j])
        return sort_w->runs[i] < sort_w->runs[j] ? -1 : 1;
    return strcmp(sort_w->keys[i], sort_w->keys[j]);
}

void sw_warnings_sort(sw_warnings *w)
{
    if (w->n < 2)
        return;
    int *ord = malloc(sizeof *ord * (size_t)w->n);
    char **k = malloc(sizeof *k * (size_t)w->n), **t = malloc(sizeof *t * (size_t)w->n);
    uint64_t *r = malloc(sizeof *r * (size_t)w->n);
    if (ord && k && t && r) {
        for (int i = 0; i < w->n; i++)
            ord[i] = i;
        sort_w = w;
        qsort(ord, (size_t)w->n, sizeof *ord, cmp_warning);
        for (int i = 0; i < w->n; i++) {
            k[i] = w->keys[ord[i]];
            t[i] = w->texts[ord[i]];
            r[i] = w->runs[ord[i]];
        }
        memcpy(w->keys, k, sizeof *k * (size_t)w->n);
        memcpy(w->texts, t, sizeof *t * (size_t)w->n);
        memcpy(w->runs, r, sizeof *r * (size_t)w->n);
    }
    free(ord);
    free(k);
    free(t);
    free(r);
}

void sw_warnings_free(sw_warnings *w)
{
    for (int i = 0; i < w->n; i++) {
        free(w->keys[i]);
        free(w->texts[i]);
    }
    free(w->keys);
    free(w->texts);
    free(w->runs);
    memset(w, 0, sizeof *w);
}

/* A journal record "T <body> ~<crc32 in 8 hex digits>" of type tag, len
 * bytes without its newline: 0 when its CRC checks out, the body then
 * NUL-terminated at line + 2; -1 otherwise. */
static int record_body(char *line, size_t len, char tag)
{
    if (len < 11 || line[0] != tag || line[1] != ' ' || line[len - 10] != ' ' || line[len - 9] != '~')
        return -1;
    unsigned crc;
    char tail[9];
    memcpy(tail, line + len - 8, 8);
    tail[8] = 0;
    if (sscanf(tail, "%8x", &crc) != 1 || sw_crc32(line, len - 10) != (uint32_t)crc)
        return -1;
    line[len - 10] = 0;
    return 0;
}

/* "W <run> <key> <text> ~crc" (without its newline, modified in place). */
static int parse_warning(char *line, size_t len, uint64_t *run, char **key, char **text)
{
    if (record_body(line, len, 'W'))
        return -1;
    char *p = line + 2, *sp1 = strchr(p, ' ');
    if (!sp1)
        return -1;
    char *sp2 = strchr(sp1 + 1, ' ');
    if (!sp2 || strchr(sp2 + 1, ' '))
        return -1;
    *sp1 = *sp2 = 0;
    char *end;
    unsigned long long r = strtoull(p, &end, 10);
    if (end == p || *end)
        return -1;
    if (sw_unescape(sp1 + 1, strlen(sp1 + 1)) < 0 || sw_unescape(sp2 + 1, strlen(sp2 + 1)) < 0)
        return -1;
    *run = r;
    *key = sp1 + 1;
    *text = sp2 + 1;
    return 0;
}

/* Call on_line(ud, line, len) for each complete line of the journal at path
 * (its newline replaced by a NUL, len without it; a torn last line is left
 * out), until on_line returns non-zero (ACC_ENOMEM: "out of memory" in err).
 * ACC_OK, ACC_EIO if the file cannot be opened, or on_line's status. */
static int scan_journal(const char *path, int (*on_line)(void *ud, char *line, size_t len), void *ud,
                        char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        acc_errf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return ACC_EIO;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    int rc = ACC_OK;
    while (rc == ACC_OK && (got = getline(&line, &cap, f)) > 0) {
        if (line[got - 1] != '\n')
            continue;
        line[got - 1] = '\0';
        rc = on_line(ud, line, (size_t)got - 1);
    }
    free(line);
    fclose(f);
    if (rc == ACC_ENOMEM)
        acc_errf(err, errlen, "out of memory");
    return rc;
}

static int warning_line(void *ud, char *line, size_t len)
{
    uint64_t run;
    char *key, *text;
    if (line[0] != 'W' || parse_warning(line, len, &run, &key, &text) != 0)
        return ACC_OK;
    return sw_warnings_add(ud, key, run, text) < 0 ? ACC_ENOMEM : ACC_OK;
}

int sw_journal_warnings(const char *path, sw_warnings *w, char *err, size_t errlen)
{
    return scan_journal(path, warning_line, w, err, errlen);
}

/* ---- modules ------------------------------------------------------------- */

void sw_body_add_modules(acc_sb *body, const struct acc_scenario *s)
{
    for (int i = 0; s && i < acc_scenario_nmodules(s); i++) {
        const char *path, *sha, *name = acc_scenario_module(s, i, &path, &sha);
        acc_sb_add(body, "\nM ");
        sw_escape(body, name, strlen(name), 1);
        acc_sb_add(body, " ");
        sw_escape(body, path, strlen(path), 1);
        acc_sb_add(body, " ");
        sw_escape(body, sha, strlen(sha), 1);
    }
}

void sw_format_module(acc_sb *b, const char *name, const char *path, const char *sha256)
{
    size_t start = b->len;
    acc_sb_add(b, "M ");
    sw_escape(b, name, strlen(name), 1);
    acc_sb_add(b, " ");
    sw_escape(b, path, strlen(path), 1);
    acc_sb_add(b, " ");
    sw_escape(b, sha256, strlen(sha256), 1);
    uint32_t crc = sw_crc32(b->s + start, b->len - start);
    acc_sb_printf(b, " ~%08x\n", crc);
}

int sw_modules_add(sw_modules *m, const char *name, const char *path, const char *sha256)
{
    for (int i = 0; i < m->n; i++)
        if (strcmp(m->paths[i], path) == 0 && strcmp(m->shas[i], sha256) == 0)
            return 0;
    if (m->n == m->cap) {
        int cap = m->cap ? 2 * m->cap : 16;
        char **a = realloc(m->names, sizeof *a * (size_t)cap);
        if (!a)
            return -1;
        m->names = a;
        if (!(a = realloc(m->paths, sizeof *a * (size_t)cap)))
            return -1;
        m->paths = a;
        if (!(a = realloc(m->shas, sizeof *a * (size_t)cap)))
            return -1;
        m->shas = a;
        m->cap = cap;
    }
    char *n = strdup(name), *p = strdup(path), *h = strdup(sha256);
    if (!n || !p || !h) {
        free(n);
        free(p);
        free(h);
        return -1;
    }
    m->names[m->n] = n;
    m->paths[m->n] = p;
    m->shas[m->n++] = h;
    return 1;
}

void sw_modules_free(sw_modules *m)
{
    for (int i = 0; i < m->n; i++) {
        free(m->names[i]);
        free(m->paths[i]);
        free(m->shas[i]);
    }
    free(m->names);
    free(m->paths);
    free(m->shas);
    memset(m, 0, sizeof *m);
}

/* "M <name> <path> <sha256> ~crc" (without its newline, modified in place). */
static int parse_module(char *line, size_t len, char **tok)
{
    if (record_body(line, len, 'M'))
        return -1;
    char *p = line + 2;
    for (int k = 0; k < 3; k++) {
        char *sp = strchr(p, ' ');
        if ((k < 2) != (sp != NULL))
            return -1;
        if (sp)
            *sp = 0;
        if (sw_unescape(p, strlen(p)) < 0)
            return -1;
        tok[k] = p;
        p = sp ? sp + 1 : p;
    }
    return 0;
}

typedef struct module_scan {
    sw_modules *m;
    int seen_marker, in_header;
} module_scan;

static int module_line(void *ud, char *line, size_t len)
{
    static const char marker[] = "I " SW_INFO_MODULES " " SW_INFO_MODULES_RECORDED " ~";
    module_scan *ms = ud;
    char *tok[3];
    if (ms->in_header) { /* the header ends with its S line */
        ms->seen_marker |= strncmp(line, marker, sizeof marker - 1) == 0;
        ms->in_header = line[0] != 'S';
        return ACC_OK;
    }
    if (line[0] != 'M' || parse_module(line, len, tok) != 0)
        return ACC_OK;
    return sw_modules_add(ms->m, tok[0], tok[1], tok[2]) < 0 ? ACC_ENOMEM : ACC_OK;
}

int sw_journal_modules(const char *path, sw_modules *m, int *recorded, char *err, size_t errlen)
{
    module_scan ms = {m, 0, 1};
    int rc = scan_journal(path, module_line, &ms, err, errlen);
    if (recorded && !ms.seen_marker)
        *recorded = 0;
    return rc;
}
