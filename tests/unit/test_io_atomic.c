/* accord tests — atomic output files: the final name appears only on commit
 * (not while open, not after abort, not after a killed writer, not after a
 * failed write), and mkdir -p; every error names its path.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_util_tmp.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>

#include "base/common.h"
#include "io/atomic.h"

static char err[ACC_ERRLEN];

static int exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

static void put_text(const char *path, const char *text);

static int setup(void **state)
{
    (void)state;
    return tmp_setup("accord-io-atomic-");
}

static void test_commit(void **state)
{
    (void)state;
    const char *final = in_tmp("out.csv");
    mode_t old_mask = umask(022);
    acc_atomic *f = NULL;
    assert_int_equal(acc_atomic_open(final, &f, err, sizeof err), ACC_OK);
    assert_non_null(f);
    assert_string_equal(acc_atomic_path(f), final);
    /* temp beside the final name: DIR/.out.csv.tmp.<pid>.<8 hex> */
    char prefix[1200];
    snprintf(prefix, sizeof prefix, "%s/.out.csv.tmp.%ld.", tmpdir, (long)getpid());
    assert_memory_equal(acc_atomic_temp_path(f), prefix, strlen(prefix));
    assert_int_equal(strlen(acc_atomic_temp_path(f)), strlen(prefix) + 8);
    assert_true(exists(acc_atomic_temp_path(f)));
    fprintf(acc_atomic_file(f), "a,b\n1,2.385\n");
    fflush(acc_atomic_file(f));
    assert_false(exists(final)); /* not while open, even once flushed */
    char temp[1200];
    snprintf(temp, sizeof temp, "%s", acc_atomic_temp_path(f));
    assert_int_equal(acc_atomic_commit(f, err, sizeof err), ACC_OK);
    umask(old_mask);
    assert_false(exists(temp));
    assert_string_equal(slurp(final), "a,b\n1,2.385\n");
    char name[256];
    assert_int_equal(tmp_entries(name, sizeof name), 1);
    assert_string_equal(name, "out.csv");
    struct stat st;
    assert_int_equal(stat(final, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644); /* 0666 & ~umask, not mkstemp's 0600 */
    unlink(final);
}

static void test_replace_existing(void **state)
{
    (void)state;
    const char *final = in_tmp("manifest.json");
    FILE *fp = fopen(final, "w");
    fputs("old\n", fp);
    fclose(fp);
    acc_atomic *f;
    assert_int_equal(acc_atomic_open(final, &f, err, sizeof err), ACC_OK);
    fputs("new\n", acc_atomic_file(f));
    assert_string_equal(slurp(final), "old\n"); /* untouched until commit */
    assert_int_equal(acc_atomic_commit(f, err, sizeof err), ACC_OK);
    assert_string_equal(slurp(final), "new\n");
    assert_int_equal(tmp_entries(NULL, 0), 1);
    unlink(final);
}

static void test_abort(void **state)
{
    (void)state;
    const char *final = in_tmp("aborted.csv");
    acc_atomic *f;
    assert_int_equal(acc_atomic_open(final, &f, err, sizeof err), ACC_OK);
    fputs("partial", acc_atomic_file(f));
    acc_atomic_abort(f);
    assert_false(exists(final));
    assert_int_equal(tmp_entries(NULL, 0), 0); /* no temp left either */
    acc_atomic_abort(NULL);
}

/* A writer killed mid-way leaves at most its temp file, never the name. */
static void test_killed_writer(void **state)
{
    (void)state;
    const char *final = in_tmp("killed.csv");
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        acc_atomic *f;
        char e[256];
        if (acc_atomic_open(final, &f, e, sizeof e) != ACC_OK)
            _exit(2);
        for (int i = 0; i < 100000; i++)
            fprintf(acc_atomic_file(f), "%d,%d\n", i, i % 977);
        raise(SIGKILL);
        _exit(3);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    assert_false(exists(final));
    char name[256];
    assert_int_equal(tmp_entries(name, sizeof name), 1);
    char prefix[64];
    snprintf(prefix, sizeof prefix, ".killed.csv.tmp.%ld.", (long)pid);
    assert_memory_equal(name, prefix, strlen(prefix));
    /* the writer is gone: the next command writing there removes its file */
    assert_int_equal(acc_atomic_remove_stale(tmpdir), 1);
    assert_int_equal(tmp_entries(NULL, 0), 0);
}

/* A writer that ended but is not reaped yet (a zombie: its parent has not
 * waited for it, as when `timeout -s KILL` dies with it and init reaps late)
 * writes nothing more: its temporary file is stale though kill(pid, 0)
 * still finds the pid. */
static void test_zombie_writer(void **state)
{
    (void)state;
    const char *final = in_tmp("zombie.csv");
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        acc_atomic *f;
        char e[256];
        if (acc_atomic_open(final, &f, e, sizeof e) != ACC_OK)
            _exit(2);
        fprintf(acc_atomic_file(f), "half,a,file\n");
        fflush(acc_atomic_file(f));
        _exit(0); /* killed mid-write, in effect: no commit, no abort */
    }
    siginfo_t info;
    memset(&info, 0, sizeof info);
    /* wait until it has ended, without reaping it */
    assert_int_equal(waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT), 0);
    assert_int_equal(info.si_pid, pid);
    assert_int_equal(kill(pid, 0), 0); /* the pid is still there */
    char name[256];
    assert_int_equal(tmp_entries(name, sizeof name), 1);
    assert_int_equal(acc_atomic_remove_stale(tmpdir), 1);
    assert_int_equal(tmp_entries(NULL, 0), 0);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* A pid that no process has: a child's, once it is reaped. */
static long dead_pid(void)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        _exit(0);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return (long)pid;
}

static void test_temp_names(void **state)
{
    (void)state;
    long pid = 0;
    assert_true(acc_atomic_is_temp_name(".events.csv.tmp.4242.0a1b2c3d", &pid));
    assert_int_equal(pid, 4242);
    assert_true(acc_atomic_is_temp_name(".x.tmp.1.00000000", &pid));
    assert_int_equal(pid, 1);
    assert_true(acc_atomic_is_temp_name(".a.tmp.b.tmp.7.ffffffff", &pid)); /* NAME "a.tmp.b" */
    assert_int_equal(pid, 7);
    assert_true(acc_atomic_is_temp_name(".t.tmp.2147483647.12345678", NULL));
    static const char *const not_temp[] = {
        "events.csv",
        "events.csv.tmp.4242.0a1b2c3d",    /* no leading '.' */
        "..tmp.4242.0a1b2c3d",             /* empty NAME */
        ".events.csv.tmp.4242.0a1b2c3",    /* 7 hex digits */
        ".events.csv.tmp.4242.0a1b2c3d0",  /* 9 */
        ".events.csv.tmp.4242.0A1B2C3D",   /* upper case */
        ".events.csv.tmp.04242.0a1b2c3d",  /* leading zero */
        ".events.csv.tmp.0.0a1b2c3d",
        ".events.csv.tmp.-42.0a1b2c3d",
        ".events.csv.tmp..0a1b2c3d",       /* no pid */
        ".events.csv.tmp.2147483648.0a1b2c3d", /* past any pid */
        ".events.csv.tmp.99999999999.0a1b2c3d",
        ".events.csv.tm.4242.0a1b2c3d",
        ".events.csv.tmp.4242.0a1b2c3d.png", /* plot's names are not these */
        ".fig.tmp.4242.3.png",
        ".",
        "..",
        "",
    };
    for (size_t i = 0; i < sizeof not_temp / sizeof not_temp[0]; i++)
        if (acc_atomic_is_temp_name(not_temp[i], &pid))
            fail_msg("'%s' taken for a temporary file", not_temp[i]);
}

/* Only the files of writers that are gone, by their exact name; never a
 * live writer's (this process, its parent), nor anything else. */
static void test_remove_stale(void **state)
{
    (void)state;
    long dead = dead_pid();
    char name[256], dir[1024];
    snprintf(dir, sizeof dir, "%s", in_tmp("stale")); /* in_tmp's buffers are reused */
    assert_int_equal(acc_io_mkdir_p(dir, err, sizeof err), ACC_OK);
    static const char *const kept_fmt[] = {
        ".timeseries.csv.tmp.%ld.1234abcd.bak", ".timeseries.csv.tmp.%ld.1234ABCD",
        "timeseries.csv.tmp.%ld.1234abcd", ".timeseries.csv.tmp.0%ld.1234abcd",
        ".fig.tmp.%ld.1.png", "user-notes-%ld.txt"};
    for (size_t i = 0; i < sizeof kept_fmt / sizeof kept_fmt[0]; i++) {
        char file[64];
        snprintf(file, sizeof file, kept_fmt[i], dead);
        snprintf(name, sizeof name, "stale/%s", file);
        put_text(in_tmp(name), "x");
    }
    snprintf(name, sizeof name, "stale/.events.csv.tmp.%ld.0a1b2c3d", dead);
    put_text(in_tmp(name), "dead writer's");
    snprintf(name, sizeof name, "stale/.log.txt.tmp.%ld.ffff0000", dead);
    put_text(in_tmp(name), "dead writer's");
    char live1[256], live2[256], dirname_[256], link[256], sub[512];
    snprintf(live1, sizeof live1, "stale/.events.csv.tmp.%ld.0a1b2c3d", (long)getpid());
    put_text(in_tmp(live1), "mine, open");
    snprintf(live2, sizeof live2, "stale/.summary.csv.tmp.%ld.0a1b2c3d", (long)getppid());
    put_text(in_tmp(live2), "a live process's");
    snprintf(dirname_, sizeof dirname_, "stale/.d.tmp.%ld.0a1b2c3d", dead);
    assert_int_equal(mkdir(in_tmp(dirname_), 0777), 0);
    snprintf(link, sizeof link, "stale/.l.tmp.%ld.0a1b2c3d", dead);
    assert_int_equal(symlink("user-notes.txt", in_tmp(link)), 0);
    snprintf(sub, sizeof sub, "%s/.sub.tmp.%ld.0a1b2c3d", dirname_, dead);
    put_text(in_tmp(sub), "below dir: not looked at");
    /* a real temporary file of this process, still open */
    char fin[1100];
    snprintf(fin, sizeof fin, "%s/open.csv", dir);
    acc_atomic *f;
    assert_int_equal(acc_atomic_open(fin, &f, err, sizeof err), ACC_OK);

    assert_int_equal(acc_atomic_remove_stale(dir), 2);
    snprintf(name, sizeof name, "stale/.events.csv.tmp.%ld.0a1b2c3d", dead);
    assert_false(exists(in_tmp(name)));
    snprintf(name, sizeof name, "stale/.log.txt.tmp.%ld.ffff0000", dead);
    assert_false(exists(in_tmp(name)));
    assert_true(exists(in_tmp(live1)));
    assert_true(exists(in_tmp(live2)));
    assert_true(exists(in_tmp(dirname_)));
    assert_true(exists(in_tmp(link)));
    assert_true(exists(in_tmp(sub)));
    assert_true(exists(acc_atomic_temp_path(f)));
    for (size_t i = 0; i < sizeof kept_fmt / sizeof kept_fmt[0]; i++) {
        char file[64];
        snprintf(file, sizeof file, kept_fmt[i], dead);
        snprintf(name, sizeof name, "stale/%s", file);
        assert_true(exists(in_tmp(name)));
        unlink(in_tmp(name));
    }
    assert_int_equal(acc_atomic_commit(f, err, sizeof err), ACC_OK);
    assert_int_equal(acc_atomic_remove_stale(dir), 0); /* again: nothing more */
    assert_int_equal(acc_atomic_remove_stale(in_tmp("no-such-dir")), 0);
    unlink(fin);
    unlink(in_tmp(live1));
    unlink(in_tmp(live2));
    unlink(in_tmp(link));
    unlink(in_tmp(sub));
    rmdir(in_tmp(dirname_));
    rmdir(dir);
    assert_int_equal(tmp_entries(NULL, 0), 0);
}

static void test_bare_name_uses_cwd(void **state)
{
    (void)state;
    char cwd[512];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(tmpdir), 0);
    acc_atomic *f;
    int st = acc_atomic_open("bare.txt", &f, err, sizeof err);
    if (st == ACC_OK) {
        assert_memory_equal(acc_atomic_temp_path(f), ".bare.txt.tmp.", 14);
        fputs("x", acc_atomic_file(f));
        st = acc_atomic_commit(f, err, sizeof err);
    }
    assert_int_equal(chdir(cwd), 0);
    assert_int_equal(st, ACC_OK);
    assert_string_equal(slurp(in_tmp("bare.txt")), "x");
    unlink(in_tmp("bare.txt"));
}

static void test_open_errors(void **state)
{
    (void)state;
    acc_atomic *f = (acc_atomic *)&f;
    const char *missing = in_tmp("no/such/dir/out.csv");
    assert_int_equal(acc_atomic_open(missing, &f, err, sizeof err), ACC_EIO);
    assert_null(f);
    char want[4096];
    snprintf(want, sizeof want, "%s: cannot create temporary file %s/no/such/dir/.out.csv.tmp.",
             missing, tmpdir);
    assert_memory_equal(err, want, strlen(want));
    assert_contains(err, ": No such file or directory");

    assert_int_equal(acc_atomic_open("", &f, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "atomic open: empty output path");
    assert_int_equal(acc_atomic_open("out/", &f, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "out/: not a file name");
    assert_int_equal(acc_atomic_open("out/..", &f, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "out/..: not a file name");

    char longname[300];
    memset(longname, 'n', 250);
    longname[250] = '\0';
    assert_int_equal(acc_atomic_open(in_tmp(longname), &f, err, sizeof err), ACC_EIO);
    assert_contains(err, "File name too long");
    assert_int_equal(acc_atomic_commit(NULL, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "atomic commit: no file");
    assert_int_equal(tmp_entries(NULL, 0), 0);
}

/* Writes that fail (here: the descriptor swapped for a read-only one) make
 * the commit fail and leave neither the name nor the temp file. */
static void test_commit_after_failed_write(void **state)
{
    (void)state;
    const char *final = in_tmp("bad.csv");
    acc_atomic *f;

    /* failure surfaces at the commit's fflush */
    assert_int_equal(acc_atomic_open(final, &f, err, sizeof err), ACC_OK);
    int ro = open("/dev/null", O_RDONLY);
    assert_true(ro >= 0);
    fputs("buffered", acc_atomic_file(f));
    assert_true(dup2(ro, fileno(acc_atomic_file(f))) >= 0);
    assert_int_equal(acc_atomic_commit(f, err, sizeof err), ACC_EIO);
    char want[4096];
    snprintf(want, sizeof want, "%s: cannot write %s/.bad.csv.tmp.", final, tmpdir);
    assert_memory_equal(err, want, strlen(want));
    assert_contains(err, ": Bad file descriptor");
    assert_false(exists(final));
    assert_int_equal(tmp_entries(NULL, 0), 0);

    /* failure already seen by an earlier write (stream error flag set) */
    assert_int_equal(acc_atomic_open(final, &f, err, sizeof err), ACC_OK);
    assert_true(dup2(ro, fileno(acc_atomic_file(f))) >= 0);
    static char big[1 << 16];
    memset(big, 'x', sizeof big);
    assert_true(fwrite(big, 1, sizeof big, acc_atomic_file(f)) < sizeof big);
    assert_int_equal(acc_atomic_commit(f, err, sizeof err), ACC_EIO);
    snprintf(want, sizeof want, "%s: write failed (an earlier write to %s/.bad.csv.tmp.", final,
             tmpdir);
    assert_memory_equal(err, want, strlen(want));
    assert_false(exists(final));
    assert_int_equal(tmp_entries(NULL, 0), 0);
    close(ro);
}

static void test_commit_rename_fails(void **state)
{
    (void)state;
    /* the final name is a non-empty directory: rename must fail */
    const char *final = in_tmp("taken");
    assert_int_equal(mkdir(final, 0777), 0);
    const char *inside = in_tmp("taken/x");
    FILE *fp = fopen(inside, "w");
    fclose(fp);
    acc_atomic *f;
    assert_int_equal(acc_atomic_open(final, &f, err, sizeof err), ACC_OK);
    fputs("data", acc_atomic_file(f));
    assert_int_equal(acc_atomic_commit(f, err, sizeof err), ACC_EIO);
    char want[4096];
    snprintf(want, sizeof want, "%s: cannot rename %s/.taken.tmp.", final, tmpdir);
    assert_memory_equal(err, want, strlen(want));
    assert_contains(err, " to it: Is a directory");
    unlink(in_tmp("taken/x"));
    rmdir(in_tmp("taken"));
    assert_int_equal(tmp_entries(NULL, 0), 0); /* temp removed */
}

static void test_mkdir_p(void **state)
{
    (void)state;
    assert_int_equal(acc_io_mkdir_p(in_tmp("a/b/c"), err, sizeof err), ACC_OK);
    struct stat st;
    assert_int_equal(stat(in_tmp("a/b/c"), &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    assert_int_equal(acc_io_mkdir_p(in_tmp("a/b/c"), err, sizeof err), ACC_OK); /* again */
    assert_int_equal(acc_io_mkdir_p(in_tmp("a//b/d/"), err, sizeof err), ACC_OK);
    assert_int_equal(stat(in_tmp("a/b/d"), &st), 0);

    /* an output dir made by mkdir_p takes atomic files */
    acc_atomic *f;
    assert_int_equal(acc_atomic_open(in_tmp("a/b/c/x.csv"), &f, err, sizeof err), ACC_OK);
    assert_int_equal(acc_atomic_commit(f, err, sizeof err), ACC_OK);
    assert_int_equal(stat(in_tmp("a/b/c/x.csv"), &st), 0);
    assert_int_equal(st.st_size, 0);
    unlink(in_tmp("a/b/c/x.csv"));

    /* a file in the way */
    FILE *fp = fopen(in_tmp("a/file"), "w");
    fclose(fp);
    const char *p1 = in_tmp("a/file");
    char want[4096];
    assert_int_equal(acc_io_mkdir_p(p1, err, sizeof err), ACC_EIO);
    snprintf(want, sizeof want, "mkdir %s: %s exists and is not a directory", p1, p1);
    assert_string_equal(err, want);
    const char *p2 = in_tmp("a/file/sub/deeper");
    assert_int_equal(acc_io_mkdir_p(p2, err, sizeof err), ACC_EIO);
    snprintf(want, sizeof want, "mkdir %s: %s/a/file exists and is not a directory", p2,
             tmpdir);
    assert_string_equal(err, want);
    char longname[300];
    memset(longname, 'd', 299);
    longname[299] = '\0';
    const char *p3 = in_tmp(longname);
    assert_int_equal(acc_io_mkdir_p(p3, err, sizeof err), ACC_EIO);
    snprintf(want, sizeof want, "mkdir %s: cannot create %s: File name too long", p3, p3);
    assert_string_equal(err, want);
    assert_int_equal(acc_io_mkdir_p("", err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "mkdir: empty path");
    /* a dangling symbolic link in the way: said so, with its target, not
     * "exists" (ls shows it, but nothing is there) */
    char dangling[1100];
    snprintf(dangling, sizeof dangling, "%s", in_tmp("a/gone"));
    assert_int_equal(symlink("/nonexistent-accord-target", dangling), 0);
    assert_int_equal(acc_io_mkdir_p(dangling, err, sizeof err), ACC_EIO);
    snprintf(want, sizeof want, "mkdir %s: %s is a symbolic link to '/nonexistent-accord-target', "
             "which is not an existing directory", dangling, dangling);
    assert_string_equal(err, want);
    unlink(dangling);
    assert_int_equal(acc_io_mkdir_p("/", err, sizeof err), ACC_OK);

    unlink(in_tmp("a/file"));
    rmdir(in_tmp("a/b/c"));
    rmdir(in_tmp("a/b/d"));
    rmdir(in_tmp("a/b"));
    rmdir(in_tmp("a"));
    assert_int_equal(tmp_entries(NULL, 0), 0);
}

static void put_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    assert_int_equal(fclose(fp), 0);
}

/* One verb's outputs never go over another's: the kind comes from
 * manifest.json ("sweep-shard" is a sweep) or, without one, journal.txt. */
static void test_outdir_kind(void **state)
{
    (void)state;
    /* missing and empty directories take anything */
    assert_int_equal(acc_io_check_outdir_kind(in_tmp("none"), "run", err, sizeof err), ACC_OK);
    assert_int_equal(acc_io_mkdir_p(in_tmp("k"), err, sizeof err), ACC_OK);
    assert_int_equal(acc_io_check_outdir_kind(in_tmp("k"), "sweep", err, sizeof err), ACC_OK);

    put_text(in_tmp("k/manifest.json"), "{\"kind\": \"run\", \"seed\": 7}\n");
    assert_int_equal(acc_io_check_outdir_kind(in_tmp("k"), "run", err, sizeof err), ACC_OK);
    const char *dir = in_tmp("k");
    char want[2048];
    assert_int_equal(acc_io_check_outdir_kind(dir, "sweep", err, sizeof err), ACC_EINVAL);
    snprintf(want, sizeof want, "%s holds an accord run (manifest.json): writing a sweep there "
             "would overwrite its files; choose another output directory", dir);
    assert_string_equal(err, want);
    assert_int_equal(acc_io_check_outdir_kind(dir, "compare", err, sizeof err), ACC_EINVAL);
    assert_contains(err, "holds an accord run (manifest.json): writing a compare there");

    put_text(in_tmp("k/manifest.json"), "{\"kind\": \"sweep-shard\"}");
    assert_int_equal(acc_io_check_outdir_kind(dir, "sweep", err, sizeof err), ACC_OK);
    assert_int_equal(acc_io_check_outdir_kind(dir, "run", err, sizeof err), ACC_EINVAL);
    assert_contains(err, "holds an accord sweep (manifest.json): writing a run there");

    /* an unreadable manifest says nothing: the journal still does */
    put_text(in_tmp("k/manifest.json"), "{\"kind\": ");
    assert_int_equal(acc_io_check_outdir_kind(dir, "compare", err, sizeof err), ACC_OK);
    put_text(in_tmp("k/journal.txt"), "#accord-sweep-journal 1\n");
    assert_int_equal(acc_io_check_outdir_kind(dir, "run", err, sizeof err), ACC_EINVAL);
    assert_contains(err, "holds an accord sweep (journal.txt): writing a run there");
    assert_int_equal(acc_io_check_outdir_kind(dir, "sweep", err, sizeof err), ACC_OK);

    unlink(in_tmp("k/manifest.json"));
    unlink(in_tmp("k/journal.txt"));
    rmdir(in_tmp("k"));
    assert_int_equal(tmp_entries(NULL, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_outdir_kind),
        cmocka_unit_test(test_commit),
        cmocka_unit_test(test_replace_existing),
        cmocka_unit_test(test_abort),
        cmocka_unit_test(test_killed_writer),
        cmocka_unit_test(test_zombie_writer),
        cmocka_unit_test(test_temp_names),
        cmocka_unit_test(test_remove_stale),
        cmocka_unit_test(test_bare_name_uses_cwd),
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_commit_after_failed_write),
        cmocka_unit_test(test_commit_rename_fails),
        cmocka_unit_test(test_mkdir_p),
    };
    return cmocka_run_group_tests(tests, setup, tmp_teardown);
}
