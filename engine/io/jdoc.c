/* accord io — strict recursive-descent JSON reader into a small malloc tree,
 * with line:column messages. SPDX-License-Identifier: GPL-3.0-or-later */
#include "io/jdoc.h"

#include "base/common.h"
#include "base/readfile.h"
#include "io/json.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 256
#define MAX_FILE (64u << 20)

struct acc_jval {
    acc_jtype type;
    int boolean;
    double number;
    char *str;        /* string value */
    size_t n, cap;    /* items (array) or members (object) */
    acc_jval **items;
    char **keys;      /* objects only */
};

struct acc_jdoc {
    acc_jval *root;
};

typedef struct parser {
    const char *label;
    const char *s;
    size_t len, pos;
    char *err;
    size_t errlen;
    int failed;
    int oom; /* the failure was an allocation */
} parser;

static void val_free(acc_jval *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n; i++) {
        val_free(v->items[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->str);
    free(v);
}

static void fail(parser *p, const char *msg)
{
    if (p->failed)
        return;
    p->failed = 1;
    long line = 1, col = 1;
    for (size_t i = 0; i < p->pos && i < p->len; i++) {
        if (p->s[i] == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    acc_errf(p->err, p->errlen, "%s:%ld:%ld: %s", p->label ? p->label : "json", line, col, msg);
}

static void skip_ws(parser *p)
{
    while (p->pos < p->len) {
        char c = p->s[p->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        p->pos++;
    }
}

static acc_jval *new_val(parser *p, acc_jtype t)
{
    acc_jval *v = calloc(1, sizeof *v);
    if (!v) {
        p->oom = 1;
        fail(p, "out of memory");
        return NULL;
    }
    v->type = t;
    return v;
}

static int push(parser *p, acc_jval *parent, char *key, acc_jval *child)
{
    if (parent->n == parent->cap) {
        size_t cap = parent->cap ? parent->cap * 2 : 8;
        acc_jval **items = realloc(parent->items, cap * sizeof *items);
        if (!items) {
            p->oom = 1;
        fail(p, "out of memory");
            return -1;
        }
        parent->items = items;
        if (parent->type == ACC_JOBJECT) {
            char **keys = realloc(parent->keys, cap * sizeof *keys);
            if (!keys) {
                p->oom = 1;
        fail(p, "out of memory");
                return -1;
            }
            parent->keys = keys;
        }
        parent->cap = cap;
    }
    parent->items[parent->n] = child;
    if (parent->type == ACC_JOBJECT)
        parent->keys[parent->n] = key;
    parent->n++;
    return 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static long read_hex4(parser *p)
{
    if (p->pos + 4 > p->len) {
        fail(p, "truncated \\u escape");
        return -1;
    }
    long v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(p->s[p->pos + (size_t)i]);
        if (h < 0) {
            fail(p, "bad \\u escape (4 hex digits expected)");
            return -1;
        }
        v = v * 16 + h;
    }
    p->pos += 4;
    return v;
}

static size_t put_utf8(char *o, unsigned long cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* At the opening quote; returns a malloc'd NUL-terminated string. The output
 * is never longer than the input (an escape of n bytes yields <= n bytes). */
static char *parse_string(parser *p)
{
    p->pos++; /* opening quote */
    size_t start = p->pos;
    char *out = malloc(p->len - start + 1);
    if (!out) {
        p->oom = 1;
        fail(p, "out of memory");
        return NULL;
    }
    size_t o = 0;
    for (;;) {
        if (p->pos >= p->len) {
            fail(p, "unterminated string");
            goto bad;
        }
        unsigned char c = (unsigned char)p->s[p->pos];
        if (c == '"') {
            p->pos++;
            break;
        }
        if (c < 0x20) {
            fail(p, "control character in a string (escape it)");
            goto bad;
        }
        if (c != '\\') {
            out[o++] = (char)c;
            p->pos++;
            continue;
        }
        p->pos++;
        if (p->pos >= p->len) {
            fail(p, "unterminated string");
            goto bad;
        }
        char e = p->s[p->pos++];
        switch (e) {
        case '"': out[o++] = '"'; break;
        case '\\': out[o++] = '\\'; break;
        case '/': out[o++] = '/'; break;
        case 'b': out[o++] = '\b'; break;
        case 'f': out[o++] = '\f'; break;
        case 'n': out[o++] = '\n'; break;
        case 'r': out[o++] = '\r'; break;
        case 't': out[o++] = '\t'; break;
        case 'u': {
            long cp = read_hex4(p);
            if (cp < 0)
                goto bad;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (p->pos + 2 > p->len || p->s[p->pos] != '\\' || p->s[p->pos + 1] != 'u') {
                    fail(p, "lone high surrogate in \\u escape");
                    goto bad;
                }
                p->pos += 2;
                long lo = read_hex4(p);
                if (lo < 0)
                    goto bad;
                if (lo < 0xDC00 || lo > 0xDFFF) {
                    fail(p, "bad low surrogate in \\u escape");
                    goto bad;
                }
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                fail(p, "lone low surrogate in \\u escape");
                goto bad;
            } else if (cp == 0) {
                fail(p, "\\u0000 is not supported");
                goto bad;
            }
            o += put_utf8(out + o, (unsigned long)cp);
            break;
        }
        default:
            p->pos--;
            fail(p, "unknown escape in a string");
            goto bad;
        }
    }
    out[o] = '\0';
    return out;
bad:
    free(out);
    return NULL;
}

static acc_jval *parse_number(parser *p)
{
    size_t start = p->pos, i = p->pos;
    const char *s = p->s;
    if (i < p->len && s[i] == '-')
        i++;
    if (i < p->len && s[i] == '0') {
        i++;
    } else if (i < p->len && s[i] >= '1' && s[i] <= '9') {
        while (i < p->len && s[i] >= '0' && s[i] <= '9')
            i++;
    } else {
        p->pos = i;
        fail(p, "bad number");
        return NULL;
    }
    if (i < p->len && s[i] == '.') {
        i++;
        if (!(i < p->len && s[i] >= '0' && s[i] <= '9')) {
            p->pos = i;
            fail(p, "bad number: digits expected after '.'");
            return NULL;
        }
        while (i < p->len && s[i] >= '0' && s[i] <= '9')
            i++;
    }
    if (i < p->len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < p->len && (s[i] == '+' || s[i] == '-'))
            i++;
        if (!(i < p->len && s[i] >= '0' && s[i] <= '9')) {
            p->pos = i;
            fail(p, "bad number: digits expected in the exponent");
            return NULL;
        }
        while (i < p->len && s[i] >= '0' && s[i] <= '9')
            i++;
    }
    char buf[128];
    size_t n = i - start;
    if (n >= sizeof buf) {
        fail(p, "number too long");
        return NULL;
    }
    memcpy(buf, s + start, n);
    buf[n] = '\0';
    errno = 0;
    double d = strtod(buf, NULL);
    if (errno == ERANGE && isinf(d)) {
        fail(p, "number out of range");
        return NULL;
    }
    acc_jval *v = new_val(p, ACC_JNUMBER);
    if (v)
        v->number = d;
    p->pos = i;
    return v;
}

static int match_word(parser *p, const char *w)
{
    size_t n = strlen(w);
    if (p->pos + n <= p->len && memcmp(p->s + p->pos, w, n) == 0) {
        p->pos += n;
        return 1;
    }
    return 0;
}

static acc_jval *parse_value(parser *p, int depth);

static acc_jval *parse_container(parser *p, int depth, int object)
{
    acc_jval *v = new_val(p, object ? ACC_JOBJECT : ACC_JARRAY);
    if (!v)
        return NULL;
    p->pos++; /* [ or { */
    skip_ws(p);
    char close = object ? '}' : ']';
    if (p->pos < p->len && p->s[p->pos] == close) {
        p->pos++;
        return v;
    }
    for (;;) {
        char *key = NULL;
        skip_ws(p);
        if (object) {
            if (p->pos >= p->len || p->s[p->pos] != '"') {
                fail(p, "expected a string key");
                goto bad;
            }
            if (!(key = parse_string(p)))
                goto bad;
            skip_ws(p);
            if (p->pos >= p->len || p->s[p->pos] != ':') {
                free(key);
                fail(p, "expected ':' after an object key");
                goto bad;
            }
            p->pos++;
        }
        acc_jval *child = parse_value(p, depth + 1);
        if (!child || push(p, v, key, child)) {
            free(key);
            val_free(child);
            goto bad;
        }
        skip_ws(p);
        if (p->pos < p->len && p->s[p->pos] == ',') {
            p->pos++;
            continue;
        }
        if (p->pos < p->len && p->s[p->pos] == close) {
            p->pos++;
            return v;
        }
        fail(p, object ? "expected ',' or '}' in an object" : "expected ',' or ']' in an array");
        goto bad;
    }
bad:
    val_free(v);
    return NULL;
}

static acc_jval *parse_value(parser *p, int depth)
{
    if (depth > MAX_DEPTH) {
        fail(p, "nested too deeply");
        return NULL;
    }
    skip_ws(p);
    if (p->pos >= p->len) {
        fail(p, "unexpected end of input, a value expected");
        return NULL;
    }
    char c = p->s[p->pos];
    if (c == '{' || c == '[')
        return parse_container(p, depth, c == '{');
    if (c == '"') {
        char *s = parse_string(p);
        if (!s)
            return NULL;
        acc_jval *v = new_val(p, ACC_JSTRING);
        if (!v) {
            free(s);
            return NULL;
        }
        v->str = s;
        return v;
    }
    if (c == '-' || (c >= '0' && c <= '9'))
        return parse_number(p);
    if (match_word(p, "true") || match_word(p, "false")) {
        acc_jval *v = new_val(p, ACC_JBOOL);
        if (v)
            v->boolean = p->s[p->pos - 1] == 'e' && p->s[p->pos - 2] == 'u';
        return v;
    }
    if (match_word(p, "null"))
        return new_val(p, ACC_JNULL);
    fail(p, "unexpected character, a value expected");
    return NULL;
}

int acc_jdoc_parse(const char *label, const char *text, size_t len, acc_jdoc **out, char *err,
                   size_t errlen)
{
    *out = NULL;
    if (!text) {
        acc_errf(err, errlen, "%s: no JSON text", label ? label : "json");
        return ACC_EINVAL;
    }
    parser p = {label, text, len, 0, err, errlen, 0, 0};
    /* A UTF-8 byte order mark is tolerated (RFC 8259 §8.1 allows ignoring it). */
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        p.pos = 3;
    acc_jval *root = parse_value(&p, 0);
    if (!root)
        return p.oom ? ACC_ENOMEM : ACC_EINVAL;
    skip_ws(&p);
    if (p.pos != p.len) {
        fail(&p, "text after the JSON value");
        val_free(root);
        return ACC_EINVAL;
    }
    acc_jdoc *d = malloc(sizeof *d);
    if (!d) {
        val_free(root);
        acc_errf(err, errlen, "%s: out of memory", label ? label : "json");
        return ACC_ENOMEM;
    }
    d->root = root;
    *out = d;
    return ACC_OK;
}

int acc_jdoc_read_file(const char *path, acc_jdoc **out, char *err, size_t errlen)
{
    *out = NULL;
    char *text;
    size_t len;
    int rc = acc_io_read_file(path, MAX_FILE, &text, &len, err, errlen);
    if (rc)
        return rc;
    rc = acc_jdoc_parse(path, text, len, out, err, errlen);
    free(text);
    return rc;
}

void acc_jdoc_free(acc_jdoc *d)
{
    if (!d)
        return;
    val_free(d->root);
    free(d);
}

const acc_jval *acc_jdoc_root(const acc_jdoc *d) { return d ? d->root : NULL; }

acc_jtype acc_jval_type(const acc_jval *v) { return v ? v->type : ACC_JNONE; }

const acc_jval *acc_jval_get(const acc_jval *obj, const char *key)
{
    if (!obj || obj->type != ACC_JOBJECT || !key)
        return NULL;
    for (size_t i = 0; i < obj->n; i++)
        if (strcmp(obj->keys[i], key) == 0)
            return obj->items[i];
    return NULL;
}

const acc_jval *acc_jval_path(const acc_jval *v, const char *path)
{
    if (!path)
        return NULL;
    char key[256];
    while (v && *path) {
        const char *dot = strchr(path, '.');
        size_t n = dot ? (size_t)(dot - path) : strlen(path);
        if (n >= sizeof key)
            return NULL;
        memcpy(key, path, n);
        key[n] = '\0';
        v = acc_jval_get(v, key);
        path += n + (dot ? 1 : 0);
    }
    return v;
}

size_t acc_jval_len(const acc_jval *v)
{
    return v && (v->type == ACC_JARRAY || v->type == ACC_JOBJECT) ? v->n : 0;
}

const acc_jval *acc_jval_at(const acc_jval *v, size_t i)
{
    return i < acc_jval_len(v) ? v->items[i] : NULL;
}

const char *acc_jval_key_at(const acc_jval *obj, size_t i)
{
    return obj && obj->type == ACC_JOBJECT && i < obj->n ? obj->keys[i] : NULL;
}

const char *acc_jval_str(const acc_jval *v) { return v && v->type == ACC_JSTRING ? v->str : NULL; }

double acc_jval_num(const acc_jval *v) { return v && v->type == ACC_JNUMBER ? v->number : NAN; }

int acc_jval_bool(const acc_jval *v) { return v && v->type == ACC_JBOOL && v->boolean; }

int acc_jval_write(acc_json *j, const acc_jval *v)
{
    switch (acc_jval_type(v)) {
    case ACC_JOBJECT: {
        int bad = acc_json_begin_object(j);
        for (size_t i = 0; i < acc_jval_len(v) && !bad; i++)
            bad = acc_json_key(j, acc_jval_key_at(v, i)) || acc_jval_write(j, acc_jval_at(v, i));
        return bad || acc_json_end_object(j);
    }
    case ACC_JARRAY: {
        int bad = acc_json_begin_array(j);
        for (size_t i = 0; i < acc_jval_len(v) && !bad; i++)
            bad = acc_jval_write(j, acc_jval_at(v, i));
        return bad || acc_json_end_array(j);
    }
    case ACC_JSTRING:
        return acc_json_string(j, acc_jval_str(v));
    case ACC_JNUMBER:
        return acc_json_number(j, acc_jval_num(v));
    case ACC_JBOOL:
        return acc_json_bool(j, acc_jval_bool(v));
    default:
        return acc_json_null(j);
    }
}
