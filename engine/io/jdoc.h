/* accord io — a small strict JSON reader (RFC 8259) for the manifests accord
 * writes, so that plots, comparisons and reports can read a run's scenario,
 * parameters and versions back. Documents are small; the tree is plain malloc.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_IO_JDOC_H
#define ACC_IO_JDOC_H

#include <stddef.h>

typedef enum {
    ACC_JNONE = 0, /* no value (a missing key, an index out of range, NULL) */
    ACC_JNULL,
    ACC_JBOOL,
    ACC_JNUMBER,
    ACC_JSTRING,
    ACC_JARRAY,
    ACC_JOBJECT
} acc_jtype;

typedef struct acc_jdoc acc_jdoc;
typedef struct acc_jval acc_jval;

/* Parse text[0..len). Strict: one value, surrounded by whitespace only; no
 * comments, trailing commas, leading zeros, NaN or control characters in
 * strings; \u escapes (with surrogate pairs) become UTF-8; "\u0000" is
 * refused (strings are NUL-terminated); nesting is limited to 256 levels.
 * Errors (ACC_EINVAL) name the label, line and column:
 *   "run/manifest.json:3:7: expected ':' after an object key".
 * Duplicate keys are kept; acc_jval_get returns the first. */
int acc_jdoc_parse(const char *label, const char *text, size_t len, acc_jdoc **out, char *err,
                   size_t errlen);
/* Read and parse a file (at most 64 MiB); ACC_EIO if it cannot be read. */
int acc_jdoc_read_file(const char *path, acc_jdoc **out, char *err, size_t errlen);
void acc_jdoc_free(acc_jdoc *d);

const acc_jval *acc_jdoc_root(const acc_jdoc *d);

/* Accessors accept NULL and wrong types, returning "nothing" (ACC_JNONE,
 * NULL, NaN, 0), so lookups chain: acc_jval_str(acc_jval_get(root, "x")). */
acc_jtype acc_jval_type(const acc_jval *v);
/* Member `key` of an object (the first if repeated). */
const acc_jval *acc_jval_get(const acc_jval *obj, const char *key);
/* Members by a dotted path: "scenario.description" (keys without dots). */
const acc_jval *acc_jval_path(const acc_jval *v, const char *path);
/* Items of an array or members of an object. */
size_t acc_jval_len(const acc_jval *v);
const acc_jval *acc_jval_at(const acc_jval *v, size_t i);
const char *acc_jval_key_at(const acc_jval *obj, size_t i); /* NULL if not an object */
const char *acc_jval_str(const acc_jval *v);                /* NULL if not a string */
double acc_jval_num(const acc_jval *v);                     /* NaN if not a number */
int acc_jval_bool(const acc_jval *v);                       /* 1 only for true */

/* Write v (a value read, at any depth the reader allowed) into the JSON
 * writer j as it is; non-zero on a writer error. */
struct acc_json;
int acc_jval_write(struct acc_json *j, const acc_jval *v);

#endif
