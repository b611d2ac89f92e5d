/* accord tests — the gnuplot runner: finding it (PATH, ACCORD_GNUPLOT),
 * the not-found message, arguments and working directory (checked with a
 * fake gnuplot script), failures, signals, exec errors, and the real
 * gnuplot on a dumb-terminal plot and on a script with an error.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_util_tmp.h"

#include "base/common.h"
#include "io/gnuplot.h"

static char err[ACC_ERRLEN];
static char *saved_path, *saved_gnuplot;

#define NOT_FOUND \
    "gnuplot not found: install gnuplot-nox (apt-get install gnuplot-nox); the CSV files are unaffected"

static void write_file(const char *path, const char *text, mode_t mode)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    assert_int_equal(chmod(path, mode), 0);
}

static char *dup_env(const char *name)
{
    const char *v = getenv(name);
    if (!v)
        return NULL;
    char *d = malloc(strlen(v) + 1);
    strcpy(d, v);
    return d;
}

static void restore_env(void)
{
    if (saved_path)
        setenv("PATH", saved_path, 1);
    else
        unsetenv("PATH");
    if (saved_gnuplot)
        setenv("ACCORD_GNUPLOT", saved_gnuplot, 1);
    else
        unsetenv("ACCORD_GNUPLOT");
}

static int setup(void **state)
{
    (void)state;
    saved_path = dup_env("PATH");
    saved_gnuplot = dup_env("ACCORD_GNUPLOT");
    if (tmp_setup("accord-io-gp-"))
        return -1;
    char sub[512];
    snprintf(sub, sizeof sub, "%s/bin", tmpdir);
    mkdir(sub, 0777);
    snprintf(sub, sizeof sub, "%s/empty", tmpdir);
    mkdir(sub, 0777);
    snprintf(sub, sizeof sub, "%s/work", tmpdir);
    mkdir(sub, 0777);
    return 0;
}

static int teardown(void **state)
{
    restore_env();
    free(saved_path);
    free(saved_gnuplot);
    return tmp_teardown(state);
}

/* Only the fake directory on PATH, no override. */
static void use_fake_path(const char *dir)
{
    setenv("PATH", in_tmp(dir), 1);
    unsetenv("ACCORD_GNUPLOT");
}

static void test_available(void **state)
{
    (void)state;
    char found[1024];
    /* nothing on PATH */
    use_fake_path("empty");
    assert_int_equal(acc_io_gnuplot_available(found, sizeof found), 0);
    /* a non-executable "gnuplot" does not count */
    write_file(in_tmp("empty/gnuplot"), "#!/bin/sh\nexit 0\n", 0644);
    assert_int_equal(acc_io_gnuplot_available(found, sizeof found), 0);
    unlink(in_tmp("empty/gnuplot"));

    write_file(in_tmp("bin/gnuplot"), "#!/bin/sh\nexit 0\n", 0755);
    char path[2048];
    /* empty entries and missing dirs are skipped */
    snprintf(path, sizeof path, "::%s:%s/nonexistent:%s", in_tmp("empty"), tmpdir, in_tmp("bin"));
    setenv("PATH", path, 1);
    assert_int_equal(acc_io_gnuplot_available(found, sizeof found), 1);
    assert_string_equal(found, in_tmp("bin/gnuplot"));
    assert_int_equal(acc_io_gnuplot_available(NULL, 0), 1);
    assert_int_equal(acc_io_gnuplot_available(found, 5), 0); /* does not fit */

    /* the override wins, as a path or as a name looked up on PATH */
    write_file(in_tmp("bin/mygp"), "#!/bin/sh\nexit 0\n", 0755);
    setenv("ACCORD_GNUPLOT", in_tmp("bin/mygp"), 1);
    assert_int_equal(acc_io_gnuplot_available(found, sizeof found), 1);
    assert_string_equal(found, in_tmp("bin/mygp"));
    setenv("ACCORD_GNUPLOT", "mygp", 1);
    assert_int_equal(acc_io_gnuplot_available(found, sizeof found), 1);
    assert_string_equal(found, in_tmp("bin/mygp"));
    /* ... and an unusable override is not silently replaced by PATH */
    setenv("ACCORD_GNUPLOT", in_tmp("bin/nope"), 1);
    assert_int_equal(acc_io_gnuplot_available(found, sizeof found), 0);
    setenv("ACCORD_GNUPLOT", in_tmp("bin"), 1); /* a directory */
    assert_int_equal(acc_io_gnuplot_available(found, sizeof found), 0);
    setenv("ACCORD_GNUPLOT", "", 1); /* empty: as if unset */
    assert_int_equal(acc_io_gnuplot_available(found, sizeof found), 1);
    assert_string_equal(found, in_tmp("bin/gnuplot"));
    restore_env();
}

static void test_not_found(void **state)
{
    (void)state;
    write_file(in_tmp("plot.gp"), "plot x\n", 0644);
    use_fake_path("empty");
    assert_int_equal(acc_io_gnuplot_run(in_tmp("plot.gp"), NULL, err, sizeof err), ACC_EIO);
    assert_string_equal(err, NOT_FOUND);
    setenv("ACCORD_GNUPLOT", "/nonexistent/gnuplot", 1);
    assert_int_equal(acc_io_gnuplot_run(in_tmp("plot.gp"), NULL, err, sizeof err), ACC_EIO);
    assert_string_equal(err, "gnuplot not found: ACCORD_GNUPLOT=/nonexistent/gnuplot is not an "
                             "executable file; install gnuplot-nox (apt-get install "
                             "gnuplot-nox) or fix the variable; the CSV files are unaffected");
    restore_env();
}

/* A fake gnuplot records its argument and directory, then fails like
 * gnuplot does: message on stderr, exit status 1. */
static void test_fake_arguments_and_failure(void **state)
{
    (void)state;
    write_file(in_tmp("bin/gnuplot"),
               "#!/bin/sh\n"
               "echo \"$#|$1|$(pwd)\" > args.txt\n"
               "echo 'to stdout: must not appear anywhere'\n"
               "read line && echo \"stdin gave: $line\" >&2\n"
               "echo '\"plot.gp\" line 3: fake failure' >&2\n"
               "exit 1\n",
               0755);
    write_file(in_tmp("work/plot.gp"), "plot x\n", 0644);
    use_fake_path("bin");
    /* a relative script path is relative to the caller, not to workdir */
    char cwd[1024];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(tmpdir), 0);
    /* our stdin has a line waiting: gnuplot must read /dev/null instead */
    int in[2];
    assert_int_equal(pipe(in), 0);
    assert_int_equal(write(in[1], "from the test's stdin\n", 22), 22);
    close(in[1]);
    int saved_stdin = dup(0);
    assert_true(saved_stdin >= 0);
    dup2(in[0], 0);
    close(in[0]);
    int st = acc_io_gnuplot_run("work/plot.gp", "work", err, sizeof err);
    dup2(saved_stdin, 0);
    close(saved_stdin);
    assert_int_equal(chdir(cwd), 0);
    restore_env();
    assert_int_equal(st, ACC_EIO);
    assert_string_equal(err, "gnuplot work/plot.gp failed (exit status 1): \"plot.gp\" line 3: "
                             "fake failure");
    char want[1200];
    snprintf(want, sizeof want, "1|%s/work/plot.gp|%s/work\n", tmpdir, tmpdir);
    assert_string_equal(slurp(in_tmp("work/args.txt")), want);
}

static void test_fake_success_and_output_limit(void **state)
{
    (void)state;
    /* exit 0 with chatter on stderr is success; 100 KB of stderr must not
     * block the child (the runner drains the pipe) */
    write_file(in_tmp("bin/gnuplot"),
               "#!/bin/sh\n"
               "i=0; while [ $i -lt 2000 ]; do\n"
               "  echo 'warning: fifty bytes of noise on stderr.........' >&2; i=$((i+1))\n"
               "done\n"
               "exit ${FAKE_STATUS:-0}\n",
               0755);
    write_file(in_tmp("plot.gp"), "plot x\n", 0644);
    use_fake_path("bin");
    assert_int_equal(acc_io_gnuplot_run(in_tmp("plot.gp"), NULL, err, sizeof err), ACC_OK);
    setenv("FAKE_STATUS", "4", 1);
    char big[8192];
    int st = acc_io_gnuplot_run(in_tmp("plot.gp"), NULL, big, sizeof big);
    unsetenv("FAKE_STATUS");
    restore_env();
    assert_int_equal(st, ACC_EIO);
    char want[1200];
    snprintf(want, sizeof want, "gnuplot %s failed (exit status 4): warning: fifty bytes",
             in_tmp("plot.gp"));
    assert_memory_equal(big, want, strlen(want));
    /* only the first 4 KB of stderr are quoted */
    assert_true(strlen(big) < strlen(want) + 4096);
    assert_true(strlen(big) > 4000);
}

static void test_fake_signal_and_exec_errors(void **state)
{
    (void)state;
    write_file(in_tmp("plot.gp"), "plot x\n", 0644);
    write_file(in_tmp("bin/gnuplot"), "#!/bin/sh\necho dying >&2\nkill -9 $$\n", 0755);
    use_fake_path("bin");
    assert_int_equal(acc_io_gnuplot_run(in_tmp("plot.gp"), NULL, err, sizeof err), ACC_EIO);
    char want[1200];
    snprintf(want, sizeof want, "gnuplot %s killed by signal 9: dying", in_tmp("plot.gp"));
    assert_string_equal(err, want);

    /* executable bit, but not a program: execv fails, reported via pipe */
    write_file(in_tmp("bin/gnuplot"), "\x7f" "ELF garbage", 0755);
    assert_int_equal(acc_io_gnuplot_run(in_tmp("plot.gp"), NULL, err, sizeof err), ACC_EIO);
    snprintf(want, sizeof want, "gnuplot %s: cannot execute %s: Exec format error",
             in_tmp("plot.gp"), in_tmp("bin/gnuplot"));
    assert_string_equal(err, want);
    restore_env();
}

static void test_bad_script_or_workdir(void **state)
{
    (void)state;
    write_file(in_tmp("bin/gnuplot"), "#!/bin/sh\nexit 0\n", 0755);
    write_file(in_tmp("plot.gp"), "plot x\n", 0644);
    use_fake_path("bin");
    char want[1200];
    assert_int_equal(acc_io_gnuplot_run(in_tmp("missing.gp"), NULL, err, sizeof err), ACC_EIO);
    snprintf(want, sizeof want, "%s: cannot read gnuplot script: No such file or directory",
             in_tmp("missing.gp"));
    assert_string_equal(err, want);
    assert_int_equal(acc_io_gnuplot_run("", NULL, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "gnuplot: no script given");
    assert_int_equal(acc_io_gnuplot_run(in_tmp("plot.gp"), in_tmp("nodir"), err, sizeof err),
                     ACC_EIO);
    snprintf(want, sizeof want, "%s: cannot run gnuplot in this directory: No such file or "
             "directory", in_tmp("nodir"));
    assert_string_equal(err, want);
    assert_int_equal(acc_io_gnuplot_run(in_tmp("plot.gp"), in_tmp("plot.gp"), err, sizeof err),
                     ACC_EIO);
    snprintf(want, sizeof want, "%s: cannot run gnuplot in this directory: Not a directory",
             in_tmp("plot.gp"));
    assert_string_equal(err, want);
    restore_env();
}

/* The real gnuplot, when installed (gnuplot-nox on the build machine). */
static void test_real_gnuplot_dumb(void **state)
{
    (void)state;
    restore_env();
    if (!acc_io_gnuplot_available(NULL, 0))
        skip();
    write_file(in_tmp("work/series.csv"), "t,x\n0,0\n1,1\n2,4\n3,9\n4,16\n", 0644);
    write_file(in_tmp("work/series.gp"),
               "set datafile separator comma\n"
               "set key autotitle columnhead\n"
               "set terminal dumb size 60,20\n"
               "set output 'series.txt'\n"
               "plot 'series.csv' using 1:2 with linespoints\n",
               0644);
    assert_int_equal(acc_io_gnuplot_run(in_tmp("work/series.gp"), in_tmp("work"), err,
                                        sizeof err),
                     ACC_OK);
    const char *plot = slurp(in_tmp("work/series.txt"));
    assert_non_null(plot);
    int lines = 0;
    for (const char *c = plot; *c; c++)
        lines += *c == '\n';
    assert_int_equal(lines, 20);  /* "size 60,20" */
    assert_contains(plot, "x ");  /* the key, from the column head */
    assert_contains(plot, "16 +"); /* top y tic: the data's maximum */
}

static void test_real_gnuplot_error(void **state)
{
    (void)state;
    restore_env();
    if (!acc_io_gnuplot_available(NULL, 0))
        skip();
    write_file(in_tmp("work/broken.gp"),
               "set terminal dumb\n"
               "set output 'broken.txt'\n"
               "plot sin(x) with no_such_style\n",
               0644);
    assert_int_equal(acc_io_gnuplot_run(in_tmp("work/broken.gp"), in_tmp("work"), err,
                                        sizeof err),
                     ACC_EIO);
    char want[1200];
    snprintf(want, sizeof want, "gnuplot %s failed (exit status 1): ", in_tmp("work/broken.gp"));
    assert_memory_equal(err, want, strlen(want));
    assert_contains(err, "line 3:"); /* gnuplot names the line */
    assert_contains(err, "no_such_style");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_available),
        cmocka_unit_test(test_not_found),
        cmocka_unit_test(test_fake_arguments_and_failure),
        cmocka_unit_test(test_fake_success_and_output_limit),
        cmocka_unit_test(test_fake_signal_and_exec_errors),
        cmocka_unit_test(test_bad_script_or_workdir),
        cmocka_unit_test(test_real_gnuplot_dumb),
        cmocka_unit_test(test_real_gnuplot_error),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
