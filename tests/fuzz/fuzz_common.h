/* accord fuzzing — what the harnesses share: a private temporary directory
 * per process (under $TMPDIR, else /tmp) for entry points that take a path,
 * removed at normal exit; and writing an input there.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_FUZZ_COMMON_H
#define ACC_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char fz_dir[512];
static char fz_files[4][600];
static int fz_nfiles;

__attribute__((unused)) static void fz_cleanup(void)
{
    for (int i = 0; i < fz_nfiles; i++)
        unlink(fz_files[i]);
    if (fz_dir[0])
        rmdir(fz_dir);
}

/* Create the directory once (LLVMFuzzerInitialize); aborts on failure, as
 * a harness that cannot write its input tests nothing. */
__attribute__((unused)) static void fz_init_dir(const char *tag)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(fz_dir, sizeof fz_dir, "%s/accord-fuzz-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", tag);
    if (!mkdtemp(fz_dir)) {
        perror("accord fuzz: mkdtemp");
        abort();
    }
    atexit(fz_cleanup);
}

/* The path of file `name` in the directory (registered for cleanup). */
__attribute__((unused)) static const char *fz_path(const char *name)
{
    for (int i = 0; i < fz_nfiles; i++) {
        const char *base = strrchr(fz_files[i], '/') + 1;
        if (strcmp(base, name) == 0)
            return fz_files[i];
    }
    if (fz_nfiles == (int)(sizeof fz_files / sizeof fz_files[0]))
        abort();
    snprintf(fz_files[fz_nfiles], sizeof fz_files[0], "%s/%s", fz_dir, name);
    return fz_files[fz_nfiles++];
}

/* Replace the file at path with the input bytes. */
__attribute__((unused)) static void fz_write(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
        perror("accord fuzz: writing the input");
        abort();
    }
}

/* The sandbox's stuck callback: its watchdog found a protected call still
 * running a grace period past its time limit, inside C where the hook
 * cannot stop it (a backtracking string pattern). The program ends itself
 * then (accord run: exit; a sweep worker: the run fails as 'limit'), so it
 * is the documented outcome, not a crash; but this process cannot go on.
 * Abort with a marker that tests/fuzz/run.sh recognises: it sets the input
 * aside as "stuck" and goes on fuzzing (FUZZ_STUCK_IS_FINDING=1 makes it a
 * finding). */
#define FZ_STUCK_MARKER "accord fuzz: STUCK"
__attribute__((unused)) static void fz_stuck(void *ud, const char *msg)
{
    (void)ud;
    fprintf(stderr, FZ_STUCK_MARKER " (stuck inside C past the time limit; see docs/security.md): %s\n",
            msg);
    abort();
}

/* A NUL-terminated copy of the input (for entry points taking a string). */
__attribute__((unused)) static char *fz_strndup(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    memcpy(s, data, size);
    s[size] = 0;
    return s;
}

#endif
