/* accord base — finding accord's data directories in the environment, the
 * working directory, an installation or the build's source tree (see
 * datadir.h). SPDX-License-Identifier: GPL-3.0-or-later */
#include "base/datadir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The installed data directory relative to the directory of the executable
 * (CMake computes it from CMAKE_INSTALL_BINDIR and CMAKE_INSTALL_DATADIR). */
#ifndef ACCORD_DATA_REL
#define ACCORD_DATA_REL "../share/accord"
#endif

#define PATH_CAP 4096

static const char *marker_of(const char *sub)
{
    static const char *const markers[][2] = {
        {"scripts", "regimes.lua"}, {"plots", "style.gp"}, {"scenarios", "baseline.lua"},
        {"data", "README.md"},      {"docs", "model.md"},
    };
    for (size_t i = 0; i < sizeof markers / sizeof markers[0]; i++)
        if (strcmp(sub, markers[i][0]) == 0)
            return markers[i][1];
    return NULL;
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* dir is sub's directory: it holds the marker as a readable regular file (or,
 * for a sub without one, it is a directory). */
static int holds_marker(const char *dir, const char *marker)
{
    if (!marker)
        return is_dir(dir);
    char p[PATH_CAP];
    struct stat st;
    return snprintf(p, sizeof p, "%s/%s", dir, marker) < (int)sizeof p && stat(p, &st) == 0 &&
           S_ISREG(st.st_mode) && access(p, R_OK) == 0;
}

static int take(const char *cand, char *out, size_t n)
{
    if (strlen(cand) >= n)
        return 0;
    memcpy(out, cand, strlen(cand) + 1);
    return 1;
}

/* base + "/" + rel with rel's leading "../" applied to base (base is a
 * canonical absolute directory, so dropping its last component is exact). */
static int join_up(const char *base, const char *rel, char *out, size_t n)
{
    char b[PATH_CAP];
    if (snprintf(b, sizeof b, "%s", base) >= (int)sizeof b)
        return 0;
    while (strncmp(rel, "../", 3) == 0 || strcmp(rel, "..") == 0) {
        char *slash = strrchr(b, '/');
        if (slash)
            *slash = '\0';
        rel += rel[2] ? 3 : 2;
    }
    if (!*rel)
        return snprintf(out, n, "%s", *b ? b : "/") < (int)n;
    return snprintf(out, n, "%s/%s", b, rel) < (int)n;
}

int acc_data_dir(const char *sub, char *out, size_t n)
{
    if (!out || n == 0)
        return ACC_DATA_NONE;
    out[0] = '\0';
    if (!sub || !*sub || strlen(sub) > 32)
        return ACC_DATA_NONE;
    for (const char *p = sub; *p; p++)
        if (*p < 'a' || *p > 'z')
            return ACC_DATA_NONE;
    const char *marker = marker_of(sub);

    /* 1. the environment decides alone */
    char var[48] = "ACCORD_";
    size_t k = strlen(var);
    for (const char *p = sub; *p; p++)
        var[k++] = (char)(*p - 'a' + 'A');
    var[k] = '\0';
    const char *env = getenv(var);
    if (env && *env)
        return take(env, out, n) ? ACC_DATA_ENV : ACC_DATA_NONE;

    /* 2. the working directory: a source tree */
    if (holds_marker(sub, marker) && take(sub, out, n))
        return ACC_DATA_CWD;

    /* 3. beside the executable: an installation */
    char exe[PATH_CAP], cand[PATH_CAP], share[PATH_CAP];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *slash = NULL;
    if (len > 0) {
        exe[len] = '\0';
        slash = strrchr(exe, '/');
    }
    int have_exe = 0, installed = 0;
    if (slash) {
        *slash = '\0'; /* the executable's directory ("" for /accord) */
        have_exe = 1;
        if (join_up(exe, ACCORD_DATA_REL, share, sizeof share)) {
            installed = is_dir(share);
            if (installed && snprintf(cand, sizeof cand, "%s/%s", share, sub) < (int)sizeof cand &&
                holds_marker(cand, marker) && take(cand, out, n))
                return ACC_DATA_INSTALL;
        }
    }
    if (installed)
        return ACC_DATA_NONE;

    /* 4. a binary that was not installed: its build tree's sources */
    if (have_exe && join_up(exe, "..", share, sizeof share) &&
        snprintf(cand, sizeof cand, "%s/%s", strcmp(share, "/") ? share : "", sub) <
            (int)sizeof cand &&
        holds_marker(cand, marker) && take(cand, out, n))
        return ACC_DATA_BUILD;
#ifdef ACCORD_SOURCE_DIR
    if (snprintf(cand, sizeof cand, "%s/%s", ACCORD_SOURCE_DIR, sub) < (int)sizeof cand &&
        holds_marker(cand, marker) && take(cand, out, n))
        return ACC_DATA_SOURCE;
#endif
    return ACC_DATA_NONE;
}
