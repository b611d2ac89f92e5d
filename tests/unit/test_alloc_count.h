/* accord tests — a counting allocator for "no allocation while a world
 * steps" tests; include it in exactly one file of a test program.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_TEST_ALLOC_COUNT_H
#define ACC_TEST_ALLOC_COUNT_H

#include <stddef.h>

/* Outside sanitizer builds this program replaces malloc and friends by thin
 * wrappers around glibc's own allocator that count calls while `counting`
 * is set (glibc supports replacing these four). Under ASan the sanitizer
 * owns the allocator, so the count is not taken there. */
#if defined(__SANITIZE_ADDRESS__)
#define TC_COUNT_ALLOC 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TC_COUNT_ALLOC 0
#endif
#endif
#if !defined(TC_COUNT_ALLOC) && defined(__GLIBC__)
#define TC_COUNT_ALLOC 1
#endif
#ifndef TC_COUNT_ALLOC
#define TC_COUNT_ALLOC 0
#endif

static volatile int counting;
static volatile long n_alloc_calls;
/* While counting: the allocation (malloc, calloc or realloc) with this
 * 1-based number fails (returns NULL); 0: none fails. */
static volatile long fail_alloc_at;
#define TC_FAIL_NOW() (counting && fail_alloc_at > 0 && n_alloc_calls == fail_alloc_at)

#if TC_COUNT_ALLOC
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);

void *malloc(size_t n)
{
    if (counting)
        n_alloc_calls++;
    if (TC_FAIL_NOW())
        return NULL;
    return __libc_malloc(n);
}
void *calloc(size_t a, size_t b)
{
    if (counting)
        n_alloc_calls++;
    if (TC_FAIL_NOW())
        return NULL;
    return __libc_calloc(a, b);
}
void *realloc(void *p, size_t n)
{
    if (counting)
        n_alloc_calls++;
    if (TC_FAIL_NOW())
        return NULL;
    return __libc_realloc(p, n);
}
void free(void *p)
{
    if (counting && p)
        n_alloc_calls++;
    __libc_free(p);
}
#endif

#endif
