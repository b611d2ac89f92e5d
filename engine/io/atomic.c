/* accord io — atomic output files (temp + fsync + rename) and mkdir -p.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "io/atomic.h"

#include "base/common.h"
#include "io/jdoc.h"
#include "io/layout.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

struct acc_atomic {
    FILE *fp;
    char *path; /* final name, as given */
    char *temp; /* temporary name, same directory */
    char *dir;  /* directory to fsync after the rename ("." for a bare name) */
    int slot;   /* in temp_slots, or -1 */
};

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* Temporary files open now, for acc_atomic_remove_temps: fixed slots (no
 * allocation), each tagged with the process that created it (a forked worker
 * inherits its parent's slots and must not remove the parent's files). */
#define TEMP_SLOTS 64
#define TEMP_PATH_MAX 2048
static struct {
    _Atomic int state; /* 0 free, 1 being written, 2 registered */
    pid_t pid;
    char path[TEMP_PATH_MAX];
} temp_slots[TEMP_SLOTS];

static int temp_register(const char *temp)
{
    size_t n = strlen(temp);
    if (n >= TEMP_PATH_MAX)
        return -1;
    for (int i = 0; i < TEMP_SLOTS; i++) {
        int expect = 0;
        if (atomic_compare_exchange_strong(&temp_slots[i].state, &expect, 1)) {
            memcpy(temp_slots[i].path, temp, n + 1);
            temp_slots[i].pid = getpid();
            atomic_store(&temp_slots[i].state, 2);
            return i;
        }
    }
    return -1; /* more than TEMP_SLOTS open: not tracked (still atomic) */
}

void acc_atomic_remove_temps(void)
{
    pid_t me = getpid();
    for (int i = 0; i < TEMP_SLOTS; i++)
        if (atomic_load(&temp_slots[i].state) == 2 && temp_slots[i].pid == me)
            unlink(temp_slots[i].path);
}

static void atomic_free(acc_atomic *f)
{
    if (!f)
        return;
    if (f->slot >= 0 && f->slot < TEMP_SLOTS)
        atomic_store(&temp_slots[f->slot].state, 0);
    free(f->path);
    free(f->temp);
    free(f->dir);
    free(f);
}

/* Unpredictable enough to avoid collisions between processes and threads;
 * O_EXCL makes a collision a retry, never a clobber. Not security-relevant. */
static uint64_t temp_suffix(void)
{
    static atomic_uint_fast64_t counter;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t z = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^
                 ((uint64_t)getpid() << 16) ^
                 (atomic_fetch_add(&counter, 1) * 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

int acc_atomic_open(const char *path, acc_atomic **out, char *err, size_t errlen)
{
    *out = NULL;
    if (!path || !*path) {
        acc_errf(err, errlen, "atomic open: empty output path");
        return ACC_EINVAL;
    }
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    if (!*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
        acc_errf(err, errlen, "%s: not a file name", path);
        return ACC_EINVAL;
    }
    acc_atomic *f = calloc(1, sizeof *f);
    if (!f)
        goto nomem;
    f->slot = -1;
    f->path = dup_str(path);
    size_t dirlen = slash ? (size_t)(slash - path) : 0;
    /* "/name": the directory is the root. */
    f->dir = slash ? malloc(dirlen ? dirlen + 1 : 2) : dup_str(".");
    size_t templen = strlen(path) + 64;
    f->temp = malloc(templen);
    if (!f->path || !f->dir || !f->temp)
        goto nomem;
    if (slash) {
        if (dirlen) {
            memcpy(f->dir, path, dirlen);
            f->dir[dirlen] = '\0';
        } else {
            strcpy(f->dir, "/");
        }
    }
    int fd = -1;
    for (int attempt = 0; attempt < 100; attempt++) {
        snprintf(f->temp, templen, "%.*s.%s.tmp.%ld.%08llx", (int)(slash ? dirlen + 1 : 0),
                 path, name, (long)getpid(),
                 (unsigned long long)(temp_suffix() & 0xffffffffULL));
        fd = open(f->temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            break;
    }
    if (fd >= 0)
        f->slot = temp_register(f->temp);
    if (fd < 0) {
        int e = errno;
        acc_errf(err, errlen, "%s: cannot create temporary file %s: %s", path, f->temp,
                 strerror(e));
        atomic_free(f);
        return ACC_EIO;
    }
    f->fp = fdopen(fd, "w");
    if (!f->fp) {
        int e = errno;
        close(fd);
        unlink(f->temp);
        acc_errf(err, errlen, "%s: cannot open stream on %s: %s", path, f->temp, strerror(e));
        atomic_free(f);
        return e == ENOMEM ? ACC_ENOMEM : ACC_EIO;
    }
    *out = f;
    return ACC_OK;
nomem:
    atomic_free(f);
    acc_errf(err, errlen, "%s: out of memory", path);
    return ACC_ENOMEM;
}

FILE *acc_atomic_file(acc_atomic *f) { return f->fp; }
const char *acc_atomic_path(const acc_atomic *f) { return f->path; }
const char *acc_atomic_temp_path(const acc_atomic *f) { return f->temp; }

int acc_atomic_commit(acc_atomic *f, char *err, size_t errlen)
{
    if (!f) {
        acc_errf(err, errlen, "atomic commit: no file");
        return ACC_EINVAL;
    }
    int status = ACC_EIO;
    FILE *fp = f->fp;
    f->fp = NULL;
    /* ferror first: a write that failed earlier (ENOSPC...) may have left
     * nothing buffered for fflush to fail on. */
    if (ferror(fp)) {
        acc_errf(err, errlen, "%s: write failed (an earlier write to %s reported an error)",
                 f->path, f->temp);
        fclose(fp);
        goto fail;
    }
    if (fflush(fp) != 0 || fsync(fileno(fp)) != 0) {
        int e = errno;
        acc_errf(err, errlen, "%s: cannot write %s: %s", f->path, f->temp, strerror(e));
        fclose(fp);
        goto fail;
    }
    if (fclose(fp) != 0) {
        int e = errno;
        acc_errf(err, errlen, "%s: cannot close %s: %s", f->path, f->temp, strerror(e));
        goto fail;
    }
    if (rename(f->temp, f->path) != 0) {
        int e = errno;
        acc_errf(err, errlen, "%s: cannot rename %s to it: %s", f->path, f->temp, strerror(e));
        goto fail;
    }
    /* The rename is durable only once the directory entry is on disk. Some
     * file systems cannot fsync a directory (EINVAL): nothing more to do. */
    int dfd = open(f->dir, O_RDONLY | O_CLOEXEC);
    if (dfd < 0 || (fsync(dfd) != 0 && errno != EINVAL)) {
        int e = errno;
        acc_errf(err, errlen, "%s: written, but cannot sync directory %s: %s", f->path, f->dir,
                 strerror(e));
        if (dfd >= 0)
            close(dfd);
        atomic_free(f);
        return ACC_EIO;
    }
    close(dfd);
    atomic_free(f);
    return ACC_OK;
fail:
    unlink(f->temp);
    atomic_free(f);
    return status;
}

void acc_atomic_abort(acc_atomic *f)
{
    if (!f)
        return;
    if (f->fp)
        fclose(f->fp);
    unlink(f->temp);
    atomic_free(f);
}

/* The name acc_atomic_open gives: "%.*s.%s.tmp.%ld.%08llx" below. */
int acc_atomic_is_temp_name(const char *name, long *pid)
{
    static const char mid[] = ".tmp.";
    size_t n = strlen(name);
    /* ".N.tmp.1.xxxxxxxx": at least 1 + 1 + 5 + 1 + 1 + 8 characters */
    if (n < 17 || name[0] != '.')
        return 0;
    for (size_t i = n - 8; i < n; i++)
        if (!((name[i] >= '0' && name[i] <= '9') || (name[i] >= 'a' && name[i] <= 'f')))
            return 0;
    if (name[n - 9] != '.')
        return 0;
    size_t end = n - 9, start = end; /* the pid: name[start, end) */
    while (start > 0 && name[start - 1] >= '0' && name[start - 1] <= '9')
        start--;
    if (start == end || end - start > 10 || name[start] == '0')
        return 0;
    size_t ml = sizeof mid - 1;
    if (start < 1 + 1 + ml || memcmp(name + start - ml, mid, ml) != 0)
        return 0; /* no ".tmp." before the pid, or an empty NAME */
    long v = 0;
    for (size_t i = start; i < end; i++) {
        v = v * 10 + (name[i] - '0');
        if (v > INT_MAX)
            return 0;
    }
    if (pid)
        *pid = v;
    return 1;
}

/* name without its ".ext" for one of exts, into buf; NULL if none matches. */
static const char *strip_ext(const char *name, const char *const *exts, char *buf, size_t n)
{
    size_t len = strlen(name);
    for (int k = 0; exts[k]; k++) {
        size_t el = strlen(exts[k]);
        if (len > el + 1 && len - el - 1 < n && name[len - el - 1] == '.' &&
            strcmp(name + len - el, exts[k]) == 0) {
            memcpy(buf, name, len - el - 1);
            buf[len - el - 1] = '\0';
            return buf;
        }
    }
    return NULL;
}

int acc_atomic_remove_stale(const char *dir) { return acc_atomic_remove_stale_ext(dir, NULL); }

/* 1 if pid is a zombie: it has ended and waits to be reaped, so it writes
 * nothing more. A writer killed with its parent (timeout -s KILL kills its
 * own process group) stays one until an init that reaps late gets to it,
 * and kill(pid, 0) still succeeds on it. Linux's /proc/PID/stat: the state
 * is the first field after the last ')' (the command may hold one). */
static int pid_is_zombie(pid_t pid)
{
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0; /* no /proc: kill(pid, 0) has the last word */
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    const char *close_paren = strrchr(buf, ')');
    return close_paren && close_paren[1] == ' ' &&
           (close_paren[2] == 'Z' || close_paren[2] == 'X');
}

int acc_atomic_remove_stale_ext(const char *dir, const char *const *exts)
{
    DIR *d = opendir(dir && *dir ? dir : ".");
    if (!d)
        return 0;
    int dfd = dirfd(d), removed = 0;
    pid_t me = getpid();
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        long pid;
        char stem[256];
        const char *name = e->d_name;
        if (exts && !acc_atomic_is_temp_name(name, NULL))
            name = strip_ext(e->d_name, exts, stem, sizeof stem);
        if (!name || !acc_atomic_is_temp_name(name, &pid) || (pid_t)pid == me)
            continue;
        /* kill(pid, 0): 0 or EPERM, a process with that pid exists (perhaps
         * the writer): keep its file, unless it is a zombie. Otherwise only
         * ESRCH says it is gone. */
        if ((kill((pid_t)pid, 0) == 0 || errno != ESRCH) && !pid_is_zombie((pid_t)pid))
            continue;
        struct stat st;
        if (fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (unlinkat(dfd, e->d_name, 0) == 0)
            removed++;
    }
    closedir(d);
    return removed;
}

int acc_io_mkdir_p(const char *path, char *err, size_t errlen)
{
    if (!path || !*path) {
        acc_errf(err, errlen, "mkdir: empty path");
        return ACC_EINVAL;
    }
    char *buf = dup_str(path);
    if (!buf) {
        acc_errf(err, errlen, "%s: out of memory", path);
        return ACC_ENOMEM;
    }
    int status = ACC_OK;
    size_t len = strlen(buf);
    /* Visit each prefix ending before a '/', then the whole path. */
    for (size_t i = 1; i <= len; i++) {
        if (i < len && buf[i] != '/')
            continue;
        if (i < len && buf[i - 1] == '/')
            continue; /* "a//b" */
        char saved = buf[i];
        buf[i] = '\0';
        if (mkdir(buf, 0777) != 0) {
            int e = errno;
            struct stat st;
            if (e == EEXIST && stat(buf, &st) == 0 && S_ISDIR(st.st_mode)) {
                /* already there */
            } else if (e == EEXIST && lstat(buf, &st) == 0 && S_ISLNK(st.st_mode)) {
                /* a symbolic link whose target is missing (or not a directory) */
                char target[512];
                ssize_t tn = readlink(buf, target, sizeof target - 1);
                target[tn > 0 ? tn : 0] = '\0';
                acc_errf(err, errlen, "mkdir %s: %s is a symbolic link to '%s', which is not an "
                         "existing directory", path, buf, target);
                status = ACC_EIO;
            } else if (e == EEXIST) {
                acc_errf(err, errlen, "mkdir %s: %s exists and is not a directory", path, buf);
                status = ACC_EIO;
            } else {
                acc_errf(err, errlen, "mkdir %s: cannot create %s: %s", path, buf, strerror(e));
                status = ACC_EIO;
            }
        }
        buf[i] = saved;
        if (status != ACC_OK)
            break;
    }
    free(buf);
    return status;
}

/* "dir/name", malloc'd (NULL when out of memory). */
static char *dir_file(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

int acc_io_check_outdir_kind(const char *dir, const char *kind, char *err, size_t errlen)
{
    char have[32] = "", what[32] = ACC_FILE_MANIFEST;
    char *mpath = dir_file(dir, ACC_FILE_MANIFEST), *jpath = dir_file(dir, ACC_FILE_JOURNAL);
    if (!mpath || !jpath) {
        free(mpath);
        free(jpath);
        acc_errf(err, errlen, "%s: out of memory", dir);
        return ACC_ENOMEM;
    }
    struct stat st;
    acc_jdoc *d = NULL;
    char jerr[256];
    if (stat(mpath, &st) == 0 && S_ISREG(st.st_mode) &&
        acc_jdoc_read_file(mpath, &d, jerr, sizeof jerr) == ACC_OK) {
        const char *k = acc_jval_str(acc_jval_get(acc_jdoc_root(d), "kind"));
        if (k && strcmp(k, ACC_KIND_SHARD) == 0)
            k = ACC_KIND_SWEEP;
        if (k && strlen(k) < sizeof have)
            strcpy(have, k);
        acc_jdoc_free(d);
    }
    if (!have[0] && stat(jpath, &st) == 0) {
        strcpy(have, ACC_KIND_SWEEP);
        strcpy(what, ACC_FILE_JOURNAL);
    }
    free(mpath);
    free(jpath);
    if (!have[0] || strcmp(have, kind) == 0)
        return ACC_OK;
    acc_errf(err, errlen,
             "%s holds an accord %s (%s): writing a %s there would overwrite its files; "
             "choose another output directory",
             dir, have, what, kind);
    return ACC_EINVAL;
}
