/* accord tests — helpers shared by the unit tests that work with files: a
 * substring assertion, the source tree (for fixtures), temporary directories
 * (made under $TMPDIR, removed with all they hold) and paths and reads in them.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef TEST_UTIL_TMP_H
#define TEST_UTIL_TMP_H

#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#define assert_contains(s, part)                                                     \
    do {                                                                             \
        if (!strstr((s), (part)))                                                    \
            fail_msg("\"%s\" does not contain \"%s\"", (s), (part));                 \
    } while (0)

/* The test file's own temporary directory, made by tmp_setup (a cmocka group
 * setup calls it) and removed by tmp_teardown. Unused by files that only
 * want the assertion. */
static char tmpdir[256] __attribute__((unused));

/* The source tree: ACCORD_SOURCE_DIR from the environment (CTest sets it),
 * else the tree this test was built from. */
static inline const char *test_source_dir(void)
{
    const char *s = getenv("ACCORD_SOURCE_DIR");
    return s && *s ? s : ACCORD_SOURCE_DIR;
}

/* A fresh directory "$TMPDIR/<prefix>XXXXXX" (/tmp without TMPDIR, or when
 * a long TMPDIR does not fit buf[n]); 0, or -1 if it could not be made. */
static inline int tmp_make(char *buf, size_t n, const char *prefix)
{
    const char *base = getenv("TMPDIR");
    int w = snprintf(buf, n, "%s/%sXXXXXX", base && *base ? base : "/tmp", prefix);
    if (w < 0 || (size_t)w >= n)
        snprintf(buf, n, "/tmp/%sXXXXXX", prefix);
    return mkdtemp(buf) ? 0 : -1;
}

/* Remove dir and everything below it (symbolic links are removed, not
 * followed); 0 once dir is gone. */
static inline int tmp_remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char p[4400];
            int w = snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            if (w < 0 || (size_t)w >= sizeof p)
                continue; /* too deep for this helper: rmdir below reports it */
            struct stat st;
            if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
                tmp_remove_tree(p);
            else
                unlink(p);
        }
        closedir(d);
    }
    return rmdir(dir) == 0 || errno == ENOENT ? 0 : -1;
}

/* Make tmpdir: a group setup returns tmp_setup("accord-<what>-"). */
static inline int tmp_setup(const char *prefix) { return tmp_make(tmpdir, sizeof tmpdir, prefix); }

/* A group teardown: remove tmpdir and all in it. */
static inline int tmp_teardown(void **state)
{
    (void)state;
    return tmp_remove_tree(tmpdir);
}

/* "tmpdir/name" in one of four rotating buffers: the last four stay valid. */
static inline const char *in_tmp(const char *name)
{
    static char path[4][1024];
    static int k;
    k = (k + 1) % 4;
    snprintf(path[k], sizeof path[k], "%s/%s", tmpdir, name);
    return path[k];
}

/* Entries of dir other than . and .. (temporaries included); the last name
 * seen goes into last[n] unless last is NULL; the names holding ".tmp."
 * (the atomic writer's temporaries) are counted into *temps unless NULL. */
static inline int dir_entries(const char *dir, char *last, size_t n, int *temps)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int count = 0;
    if (temps)
        *temps = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        count++;
        if (last)
            snprintf(last, n, "%s", e->d_name);
        if (temps)
            *temps += strstr(e->d_name, ".tmp.") != NULL;
    }
    closedir(d);
    return count;
}

/* The same for tmpdir. */
static inline int tmp_entries(char *last, size_t n) { return dir_entries(tmpdir, last, n, NULL); }

/* A file's text (its first 64 KiB - 1 bytes) in a static buffer, overwritten
 * by the next call; NULL if it cannot be opened. */
static inline char *slurp(const char *path)
{
    static char buf[1 << 16];
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

#endif
