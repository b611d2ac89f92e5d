/* accord io — locate gnuplot and run it on a script with fork/exec,
 * capturing stderr; exec failures come back through a close-on-exec pipe.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "io/gnuplot.h"

#include "base/common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define NOT_FOUND_MSG \
    "gnuplot not found: install gnuplot-nox (apt-get install gnuplot-nox); the CSV files are unaffected"
#define STDERR_KEEP 4096 /* bytes of gnuplot's stderr quoted in messages */

static int is_executable_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

static int copy_out(char *path_out, size_t n, const char *path)
{
    size_t len = strlen(path);
    if (path_out) {
        if (len >= n)
            return 0;
        memcpy(path_out, path, len + 1);
    }
    return 1;
}

static int search_path(const char *name, char *path_out, size_t n)
{
    const char *path = getenv("PATH");
    if (!path)
        path = "/usr/local/bin:/usr/bin:/bin";
    char buf[4096];
    for (const char *p = path; *p;) {
        const char *colon = strchr(p, ':');
        size_t dlen = colon ? (size_t)(colon - p) : strlen(p);
        /* An empty entry means the current directory; too surprising for
         * a program we run on the user's behalf: skip it. */
        if (dlen > 0 && dlen + 1 + strlen(name) < sizeof buf) {
            snprintf(buf, sizeof buf, "%.*s/%s", (int)dlen, p, name);
            if (is_executable_file(buf))
                return copy_out(path_out, n, buf);
        }
        p += dlen;
        if (*p == ':')
            p++;
    }
    return 0;
}

int acc_io_gnuplot_available(char *path_out, size_t n)
{
    const char *env = getenv("ACCORD_GNUPLOT");
    if (env && *env) {
        if (strchr(env, '/'))
            return is_executable_file(env) ? copy_out(path_out, n, env) : 0;
        return search_path(env, path_out, n);
    }
    return search_path("gnuplot", path_out, n);
}

/* What the child reports on the status pipe if it cannot exec. */
struct child_failure {
    int stage; /* 1: chdir, 2: /dev/null, 3: exec */
    int err;
};

static int set_cloexec(int fd)
{
    int flags = fcntl(fd, F_GETFD);
    return flags < 0 ? -1 : fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
}

/* Only async-signal-safe calls between fork and exec: the caller may have
 * other threads. */
static void child(const char *gp, char *const argv[], const char *workdir, int err_w,
                  int status_w)
{
    struct child_failure f = {0, 0};
    int fd;
    if (workdir && chdir(workdir) != 0) {
        f.stage = 1;
        f.err = errno;
    } else if ((fd = open("/dev/null", O_RDWR)) < 0 || dup2(fd, 0) < 0 || dup2(fd, 1) < 0 ||
               dup2(err_w, 2) < 0) {
        f.stage = 2;
        f.err = errno;
    } else {
        execv(gp, argv);
        f.stage = 3;
        f.err = errno;
    }
    ssize_t wr = write(status_w, &f, sizeof f);
    (void)wr;
    _exit(127);
}

/* Strip whitespace at both ends, in place. */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

/* Before running: gnuplot itself (into gp), a readable script, a workdir
 * that is a directory, and the script's path as gnuplot will see it from
 * there (into script). */
static int prepare_run(const char *script_path, const char *workdir, char *gp, size_t gpn,
                       char *script, size_t sn, char *err, size_t errlen)
{
    if (!acc_io_gnuplot_available(gp, gpn)) {
        const char *env = getenv("ACCORD_GNUPLOT");
        if (env && *env)
            acc_errf(err, errlen, "gnuplot not found: ACCORD_GNUPLOT=%s is not an executable "
                     "file; install gnuplot-nox (apt-get install gnuplot-nox) or fix the "
                     "variable; the CSV files are unaffected", env);
        else
            acc_errf(err, errlen, NOT_FOUND_MSG);
        return ACC_EIO;
    }
    if (!script_path || !*script_path) {
        acc_errf(err, errlen, "gnuplot: no script given");
        return ACC_EINVAL;
    }
    if (access(script_path, R_OK) != 0) {
        int e = errno;
        acc_errf(err, errlen, "%s: cannot read gnuplot script: %s", script_path, strerror(e));
        return ACC_EIO;
    }
    struct stat st;
    if (workdir) {
        int e = stat(workdir, &st) != 0 ? errno : S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
        if (e) {
            acc_errf(err, errlen, "%s: cannot run gnuplot in this directory: %s", workdir,
                     strerror(e));
            return ACC_EIO;
        }
    }
    /* gnuplot runs in workdir, so hand it an absolute script path. */
    if (workdir && script_path[0] != '/') {
        char cwd[4096];
        if (!getcwd(cwd, sizeof cwd)) {
            int e = errno;
            acc_errf(err, errlen, "%s: cannot resolve against the current directory: %s",
                     script_path, strerror(e));
            return ACC_EIO;
        }
        int n = snprintf(script, sn, "%s/%s", cwd, script_path);
        if (n < 0 || (size_t)n >= sn) {
            acc_errf(err, errlen, "%s: path too long", script_path);
            return ACC_EINVAL;
        }
    } else {
        if (strlen(script_path) >= sn) {
            acc_errf(err, errlen, "%s: path too long", script_path);
            return ACC_EINVAL;
        }
        strcpy(script, script_path);
    }
    return ACC_OK;
}

/* Fork gnuplot on script with its stderr into errp and the exec status into
 * statp (both close-on-exec); the parent keeps the read ends. */
static int spawn(const char *gp, char *script, const char *workdir, const char *script_path,
                 pid_t *pid, int errp[2], int statp[2], char *err, size_t errlen)
{
    char arg0[] = "gnuplot";
    char *const argv[] = {arg0, script, NULL};
    /* pipe2(O_CLOEXEC) is not POSIX 2008; a thread forking between pipe()
     * and fcntl() could only delay our EOF, never corrupt anything. */
    if (pipe(errp) != 0 || pipe(statp) != 0 || set_cloexec(errp[0]) != 0 ||
        set_cloexec(errp[1]) != 0 || set_cloexec(statp[0]) != 0 || set_cloexec(statp[1]) != 0) {
        int e = errno;
        acc_errf(err, errlen, "gnuplot %s: cannot create pipe: %s", script_path, strerror(e));
        for (int i = 0; i < 2; i++) {
            if (errp[i] >= 0)
                close(errp[i]);
            if (statp[i] >= 0)
                close(statp[i]);
        }
        return ACC_EIO;
    }
    *pid = fork();
    if (*pid < 0) {
        int e = errno;
        close(errp[0]);
        close(errp[1]);
        close(statp[0]);
        close(statp[1]);
        acc_errf(err, errlen, "gnuplot %s: cannot fork: %s", script_path, strerror(e));
        return ACC_EIO;
    }
    if (*pid == 0)
        child(gp, argv, workdir, errp[1], statp[1]); /* does not return */
    close(errp[1]);
    close(statp[1]);
    return ACC_OK;
}

/* Drain fd to EOF (so gnuplot never blocks), keeping the first
 * STDERR_KEEP bytes in captured; closes fd. */
static void drain(int fd, char captured[STDERR_KEEP + 1])
{
    size_t kept = 0;
    for (;;) {
        char chunk[1024];
        ssize_t got = read(fd, chunk, sizeof chunk);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        size_t take = (size_t)got < STDERR_KEEP - kept ? (size_t)got : STDERR_KEEP - kept;
        memcpy(captured + kept, chunk, take);
        kept += take;
    }
    captured[kept] = '\0';
    close(fd);
}

/* How gnuplot ended, as a status and message. */
static int outcome(int wstatus, const char *script_path, char *captured, char *err, size_t errlen)
{
    if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0)
        return ACC_OK;
    char *msg = trim(captured);
    if (WIFEXITED(wstatus))
        acc_errf(err, errlen, "gnuplot %s failed (exit status %d)%s%s", script_path,
                 WEXITSTATUS(wstatus), *msg ? ": " : "", msg);
    else if (WIFSIGNALED(wstatus))
        acc_errf(err, errlen, "gnuplot %s killed by signal %d%s%s", script_path,
                 WTERMSIG(wstatus), *msg ? ": " : "", msg);
    else
        acc_errf(err, errlen, "gnuplot %s stopped abnormally", script_path);
    return ACC_EIO;
}

int acc_io_gnuplot_run(const char *script_path, const char *workdir, char *err, size_t errlen)
{
    char gp[4096], script[4096 + 1024];
    int errp[2] = {-1, -1}, statp[2] = {-1, -1};
    pid_t pid;
    int rc = prepare_run(script_path, workdir, gp, sizeof gp, script, sizeof script, err, errlen);
    if (rc || (rc = spawn(gp, script, workdir, script_path, &pid, errp, statp, err, errlen)))
        return rc;
    char captured[STDERR_KEEP + 1];
    drain(errp[0], captured);
    struct child_failure f = {0, 0};
    ssize_t got;
    do {
        got = read(statp[0], &f, sizeof f);
    } while (got < 0 && errno == EINTR);
    close(statp[0]);

    int wstatus = 0;
    pid_t w;
    do {
        w = waitpid(pid, &wstatus, 0);
    } while (w < 0 && errno == EINTR);
    if (w < 0) {
        int e = errno;
        acc_errf(err, errlen, "gnuplot %s: cannot wait for it: %s", script_path, strerror(e));
        return ACC_EIO;
    }
    if (got == (ssize_t)sizeof f) {
        if (f.stage == 1)
            acc_errf(err, errlen, "gnuplot %s: cannot change to directory %s: %s", script_path,
                     workdir, strerror(f.err));
        else if (f.stage == 2)
            acc_errf(err, errlen, "gnuplot %s: cannot set up stdin/stdout/stderr: %s",
                     script_path, strerror(f.err));
        else
            acc_errf(err, errlen, "gnuplot %s: cannot execute %s: %s", script_path, gp,
                     strerror(f.err));
        return ACC_EIO;
    }
    return outcome(wstatus, script_path, captured, err, errlen);
}
