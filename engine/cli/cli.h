/* accord — the command line: verbs, shared argument helpers and the exit
 * codes (the only place statuses become exit codes).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_CLI_H
#define ACC_CLI_H

#include <stdint.h>

/* Documented exit codes (README, `accord --help`). */
enum acc_exit {
    ACC_EXIT_OK = 0,     /* success */
    ACC_EXIT_RUN = 1,    /* a run failed (script error at run time, limit, model failure), or some sweep runs failed */
    ACC_EXIT_USAGE = 2,  /* bad usage, or a bad scenario (syntax, unknown field, out-of-range value), or a warning with --strict */
    ACC_EXIT_IO = 3,     /* files could not be read or written */
    ACC_EXIT_INTERRUPTED = 130 /* a sweep (resume it) or run stopped by SIGINT or SIGTERM (128 + SIGINT) */
};

/* Map a library status to an exit code; `loading` = it happened while loading
 * the scenario (then script errors are a bad scenario, exit 2). */
int acc_cli_exit_code(int status, int loading);

/* Report an error as "accord: message" on stderr. */
void acc_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Report err (from library status rc) and return the exit code for it. */
int acc_cli_failed(int rc, const char *err);
/* "--help" or "-h". */
int acc_cli_is_help(const char *arg);

/* Option helpers: match "--name VALUE" or "--name=VALUE"; advance *i. */
int acc_cli_opt(int argc, char **argv, int *i, const char *name, const char **value);
/* An option that takes one value, given again: prints "NAME is given twice
 * ('A' and 'B'): give it once" and returns 1 (the last one does not silently
 * win). Otherwise keeps value in *first and returns 0; a NULL value (missing:
 * the caller says so) is not counted. */
int acc_cli_once(const char *name, const char **first, const char *value);
/* The same for a parser that reads many options: after argv[at] was parsed
 * as an option (next: the index it left off at, past a value in the next
 * argument), returns 1 after the message when it is one of single (a NULL-
 * terminated list of options that take one value, aliases as "-j|--jobs", named as the first)
 * already given; seen[] holds each one's first value (zeroed by the caller).
 * --name=VALUE, --name VALUE and -jN are recognised; flags are not counted. */
int acc_cli_once_at(char **argv, int at, int next, const char *const *single, const char **seen);
/* Decimal digits only (no sign, no spaces) that fit in 64 bits. */
int acc_cli_parse_u64(const char *s, uint64_t *out);
/* A count: decimal digits, or a whole number written as the decimal numbers
 * of other options are ("1e6", "2.5e3"; README). 1 and *out; 0 if it is not
 * a whole number >= 0; -1 if it is one of 2^64 or more. */
int acc_cli_parse_count(const char *s, uint64_t *out);
/* Seeds and run indices go into manifests and CSVs as signed 64-bit
 * integers (and sweep files cap seeds there): the largest accepted. */
#define ACC_CLI_MAX_SEED 9223372036854775807ULL
int acc_cli_parse_int(const char *s, long lo, long hi, long *out);

/* The full command line, for manifests (static buffer). */
const char *acc_cli_command_line(void);
/* The program as it was called (argv[0] of main): "build/accord", "accord". */
const char *acc_cli_program(void);
void acc_cli_set_command_line(int argc, char **argv);
/* A sweep (or the sweep of a calibration) stopped by SIGINT or SIGTERM:
 * print "accord: WHAT WHY: DONE of TOTAL runs done; resume with: <the
 * command, argv[0] being the verb, quoted for a shell> --resume" on stderr
 * and return ACC_EXIT_INTERRUPTED. */
/* SIGINT and SIGTERM for a command that stops cleanly (accord run, the
 * scoring of accord calibrate): the handler only notes the signal, which
 * acc_cli_signal() returns (0: none) for the command to poll; caught also
 * when SIGINT was ignored from the start (a background job of a
 * non-interactive shell). Reset by its first call (SA_RESETHAND): a second
 * signal ends the process at once. restore puts the previous handlers back. */
void acc_cli_signals_install(void);
void acc_cli_signals_restore(void);
int acc_cli_signal(void);

int acc_cli_interrupted(const char *what, const char *why, uint64_t done, uint64_t total,
                        int argc, char **argv);

/* Verbs, one file each (cmd_<verb>.c; check, params and fields are in
 * cmd_run.c, merge in cmd_sweep.c). argv[0] is the verb. */
int acc_cmd_run(int argc, char **argv);
int acc_cmd_check(int argc, char **argv);
int acc_cmd_params(int argc, char **argv);
int acc_cmd_fields(int argc, char **argv);
int acc_cmd_plot(int argc, char **argv);
int acc_cmd_compare(int argc, char **argv);
int acc_cmd_report(int argc, char **argv);
int acc_cmd_demo(int argc, char **argv);
int acc_cmd_live(int argc, char **argv);
/* `accord run --plot`: draw the figures of a finished run (exit code). */
int acc_cli_plot_after_run(const char *dir, int quiet);
/* Warn (stderr, prefix then "warning: ") when dir is a run without a readable
 * manifest, or when files its manifest lists no longer match their SHA-256:
 * what plot, report and compare are about to read may not be one run's. */
void acc_cli_warn_unreliable(const char *dir, const char *prefix);
/* Draw the figures of dir (report/plot.h) and, unless quiet, list the files
 * written; returns the exit code. */
struct acc_plot_opts;
int acc_cli_draw_figures(const char *dir, const struct acc_plot_opts *o, int quiet);
int acc_cmd_sweep(int argc, char **argv);
int acc_cmd_merge(int argc, char **argv);
int acc_cmd_calibrate(int argc, char **argv); /* cmd_calibrate.c */
/* accord compare --regret SPEC: its checks before anything is written (-1 to
 * go on, else the exit code), then the table (cmd_compare_regret.c): 0 or the
 * exit code. */
int acc_cli_compare_regret_check(const char *const *inputs, int n, const char *spec);
struct acc_compare;
int acc_cli_compare_regret(const struct acc_compare *c, const char *const *inputs, int n,
                           const char *outdir, const char *spec, int quiet);
int acc_cmd_discover(int argc, char **argv);  /* cmd_discover.c */

#endif
