/* accord — entry point: dispatches verbs, prints help and version, and owns
 * the exit codes. SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "lua/names.h"
#include "base/common.h"
#include "base/numfmt.h"
#include "base/strbuf.h"
#include "core/rng.h"
#include "io/layout.h"

typedef struct verb {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
} verb;

static const verb verbs[] = {
    {"run", acc_cmd_run, "run a scenario; write timeseries, events, summary and manifest"},
    {"check", acc_cmd_check, "load and validate a scenario without running it"},
    {"params", acc_cmd_params, "list the parameters a scenario declares (the knobs --set varies)"},
    {"fields", acc_cmd_fields, "list every model field with its unit, default and range"},
    {"sweep", acc_cmd_sweep, "run a design of parameter values with replications, in parallel"},
    {"merge", acc_cmd_merge, "combine the shard directories of a sweep into one result"},
    {"calibrate", acc_cmd_calibrate, "history matching: which parameter values fit calibration targets"},
    {"discover", acc_cmd_discover, "scenario discovery (PRIM): the parameter box where an outcome holds"},
    {"plot", acc_cmd_plot, "draw the figures of a run, sweep or comparison (PNG, SVG, terminal)"},
    {"compare", acc_cmd_compare, "put runs or sweeps side by side: outcomes, differences, plots"},
    {"report", acc_cmd_report, "write one self-contained HTML report of a run, sweep or comparison"},
    {"demo", acc_cmd_demo, "a guided workshop walk-through in the terminal"},
    {"live", acc_cmd_live, "serve a workshop page: sliders, live figures, a class view (HTTP)"},
};

#define NVERBS (int)(sizeof verbs / sizeof verbs[0])

static void usage(FILE *f)
{
    fprintf(f, "accord %s — a scriptable policy-simulation engine for AI governance\n\n"
               "usage: accord <verb> [options]   (accord <verb> --help for details)\n\nverbs:\n",
            ACCORD_VERSION);
    for (int i = 0; i < NVERBS; i++)
        fprintf(f, "  %-9s %s\n", verbs[i].name, verbs[i].summary);
    fprintf(f, "\noptions: '--' ends them (accord run -- -odd-name.lua); numbers are decimal\n"
               "(0.25, -3, 1e-3: no hexadecimal, no spaces around them)\n");
    fprintf(f, "\nexit codes:\n"
               "  0  success\n"
               "  1  a run failed (script error while running, model failure), a script hit the\n"
               "     time or memory limit (also while loading), or some runs of a sweep failed\n"
               "  2  bad usage, or a bad scenario (syntax error, unknown field, value out of range),\n"
               "     or with --strict a warning (a value outside its typical range, months that\n"
               "     round to other steps; without --strict these print 'warning: ...' and go on),\n"
               "     or accord live in a build without libmicrohttpd\n"
               "  3  I/O error (a file could not be read or written)\n"
               "  130  a sweep or calibration stopped by SIGINT (Ctrl-C) or SIGTERM: the runs done\n"
               "     are in its journal; it prints the command that resumes it (--resume); a run\n"
               "     stopped by either: it writes nothing more and removes its unfinished files\n"
               "\nDocumentation: README.md and docs/ in the source tree.\n");
}

int acc_cli_exit_code(int status, int loading)
{
    switch (status) {
    case ACC_OK: return ACC_EXIT_OK;
    case ACC_EINVAL: return ACC_EXIT_USAGE;
    case ACC_EIO: return ACC_EXIT_IO;
    case ACC_EINTR: return ACC_EXIT_INTERRUPTED;
    case ACC_ESCRIPT: return loading ? ACC_EXIT_USAGE : ACC_EXIT_RUN;
    /* The time or memory limit, also while loading: not a mistake in the
     * file (a larger limit or a faster machine may get past it). */
    case ACC_ELIMIT: return ACC_EXIT_RUN;
    default: return ACC_EXIT_RUN;
    }
}

void acc_cli_error(const char *fmt, ...)
{
    va_list ap;
    char msg[4 * ACC_ERRLEN];
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fputs("accord: ", stderr);
    acc_fputs_printable(msg, stderr); /* messages quote scripts' text */
    fputc('\n', stderr);
}

int acc_cli_failed(int rc, const char *err)
{
    acc_cli_error("%s", err);
    return acc_cli_exit_code(rc, 0);
}

int acc_cli_is_help(const char *arg) { return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0; }

int acc_cli_opt(int argc, char **argv, int *i, const char *name, const char **value)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (strncmp(a, name, n) != 0)
        return 0;
    if (a[n] == '=') {
        *value = a + n + 1;
        return 1;
    }
    if (a[n] != 0)
        return 0;
    if (*i + 1 >= argc) {
        *value = NULL; /* caller reports the missing value */
        return 1;
    }
    *value = argv[++*i];
    return 1;
}

int acc_cli_once(const char *name, const char **first, const char *value)
{
    if (!value)
        return 0;
    if (*first) {
        acc_cli_error("%s is given twice ('%s' and '%s'): give it once", name, *first, value);
        return 1;
    }
    *first = value;
    return 0;
}

int acc_cli_once_at(char **argv, int at, int next, const char *const *single, const char **seen)
{
    const char *a = argv[at], *eq = strchr(a, '='), *value = NULL;
    size_t len = strlen(a);
    if (a[0] == '-' && eq) { /* --name=VALUE, -j=VALUE */
        len = (size_t)(eq - a);
        value = eq + 1;
    } else if (next > at) { /* --name VALUE */
        value = argv[at + 1];
    } else if (a[0] == '-' && a[1] == 'j' && a[2] >= '0' && a[2] <= '9') { /* -jN */
        len = 2;
        value = a + 2;
    }
    if (!value)
        return 0; /* a flag: given twice changes nothing */
    for (int k = 0; single[k]; k++)
        for (const char *p = single[k]; *p;) { /* "--jobs|-j": aliases */
            size_t n = strcspn(p, "|");
            if (n == len && strncmp(p, a, len) == 0) {
                char name[64]; /* an alias is named as the list's first */
                snprintf(name, sizeof name, "%.*s", (int)strcspn(single[k], "|"), single[k]);
                return acc_cli_once(name, &seen[k], value);
            }
            p += n + (p[n] == '|');
        }
    return 0;
}

int acc_cli_parse_u64(const char *s, uint64_t *out)
{
    /* digits only: strtoull would also take " -1" (as 2^64 - 1) and "+1" */
    if (!s || !(*s >= '0' && *s <= '9'))
        return 0;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end || errno)
        return 0;
    *out = v;
    return 1;
}

/* Digit i of a mantissa written as a (na digits) '.' b. */
static int mantissa_digit(const char *a, size_t na, const char *b, size_t i)
{
    return (i < na ? a[i] : b[i - na]) - '0';
}

int acc_cli_parse_count(const char *s, uint64_t *out)
{
    /* Exactly, from the text, not through a double (which would round
     * "1.00000000000000001" to a whole 1): digits [. digits] [e [sign]
     * digits], no sign in front, whose value is whole. */
    if (!s)
        return 0;
    const char *p = s, *a = s, *b = "";
    size_t na = 0, nb = 0;
    while (*p >= '0' && *p <= '9')
        p++, na++;
    if (*p == '.') {
        b = ++p;
        while (*p >= '0' && *p <= '9')
            p++, nb++;
    }
    if (na + nb == 0)
        return 0;
    long long e = 0;
    int eneg = 0, ebig = 0;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            eneg = *p++ == '-';
        if (!(*p >= '0' && *p <= '9'))
            return 0;
        for (; *p >= '0' && *p <= '9'; p++)
            if (e < 100000000)
                e = e * 10 + (*p - '0');
            else
                ebig = 1;
    }
    if (*p)
        return 0;
    /* the first and last nonzero digits; digit i is worth 10^(na - 1 - i + e) */
    size_t n = na + nb, f = n, l = 0;
    for (size_t i = 0; i < n; i++)
        if (mantissa_digit(a, na, b, i)) {
            if (f == n)
                f = i;
            l = i;
        }
    if (f == n) { /* zero, whatever the exponent */
        *out = 0;
        return 1;
    }
    if (ebig) /* 10^(10^8) or more, or its inverse, times a nonzero number */
        return eneg ? 0 : -1;
    long long k = (long long)na - 1 - (long long)l + (eneg ? -e : e);
    if (k < 0)
        return 0; /* a nonzero digit after the units: not whole */
    if ((long long)(l - f + 1) + k > 20)
        return -1; /* 10^20 or more */
    uint64_t v = 0;
    for (size_t i = f; i <= l; i++) {
        unsigned d = (unsigned)mantissa_digit(a, na, b, i);
        if (v > (UINT64_MAX - d) / 10)
            return -1;
        v = v * 10 + d;
    }
    for (long long i = 0; i < k; i++) {
        if (v > UINT64_MAX / 10)
            return -1;
        v *= 10;
    }
    *out = v;
    return 1;
}

int acc_cli_parse_int(const char *s, long lo, long hi, long *out)
{
    /* a digit or '-' first: strtol would skip spaces and take "+" */
    if (!s || !((*s >= '0' && *s <= '9') || (*s == '-' && s[1] >= '0' && s[1] <= '9')))
        return 0;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*end || errno || v < lo || v > hi)
        return 0;
    *out = v;
    return 1;
}

static volatile sig_atomic_t cli_signal;
static struct sigaction cli_old_int, cli_old_term;
static int cli_caught_int, cli_caught_term;

static void on_cli_signal(int sig) { cli_signal = sig; }

void acc_cli_signals_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_cli_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND | SA_RESTART;
    cli_signal = 0;
    cli_caught_int = sigaction(SIGINT, &sa, &cli_old_int) == 0;
    cli_caught_term = sigaction(SIGTERM, &sa, &cli_old_term) == 0;
}

void acc_cli_signals_restore(void)
{
    if (cli_caught_int)
        sigaction(SIGINT, &cli_old_int, NULL);
    if (cli_caught_term)
        sigaction(SIGTERM, &cli_old_term, NULL);
    cli_caught_int = cli_caught_term = 0;
}

int acc_cli_signal(void) { return cli_signal; }

static char cmdline[4096];
static const char *program = "accord";

void acc_cli_set_command_line(int argc, char **argv)
{
    if (argc > 0 && argv[0] && *argv[0])
        program = argv[0];
    cmdline[0] = 0;
    for (int i = 0; i < argc; i++) {
        strncat(cmdline, i ? " " : "", sizeof cmdline - strlen(cmdline) - 1);
        strncat(cmdline, argv[i], sizeof cmdline - strlen(cmdline) - 1);
    }
}

const char *acc_cli_command_line(void) { return cmdline; }

const char *acc_cli_program(void) { return program; }

/* The command that resumes an interrupted sweep: the program as it was
 * called, this verb's arguments (quoted for a POSIX shell where needed) and
 * --resume unless given. */
static void resume_command(int argc, char **argv, acc_sb *b)
{
    const char *full = acc_cli_command_line();
    acc_sb_addn(b, full, strcspn(full, " "));
    int has_resume = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        has_resume |= i > 0 && strcmp(a, "--resume") == 0;
        acc_sb_add(b, " ");
        if (*a && strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                            "_./=:,@%+-") == strlen(a)) {
            acc_sb_add(b, a);
            continue;
        }
        acc_sb_add(b, "'");
        for (const char *p = a; *p; p++)
            acc_sb_add(b, *p == '\'' ? "'\\''" : (char[2]){*p, 0});
        acc_sb_add(b, "'");
    }
    if (!has_resume)
        acc_sb_add(b, " --resume");
}

int acc_cli_interrupted(const char *what, const char *why, uint64_t done, uint64_t total,
                        int argc, char **argv)
{
    acc_sb cmd;
    acc_sb_init(&cmd);
    resume_command(argc, argv, &cmd);
    fprintf(stderr, "accord: %s %s: %llu of %llu runs done; resume with: %s\n", what, why,
            (unsigned long long)done, (unsigned long long)total,
            cmd.oom ? "(out of memory)" : acc_sb_str(&cmd));
    acc_sb_free(&cmd);
    return ACC_EXIT_INTERRUPTED;
}

int main(int argc, char **argv)
{
    acc_gsl_quiet();
    acc_cli_set_command_line(argc, argv);
    if (argc < 2) {
        usage(stderr);
        return ACC_EXIT_USAGE;
    }
    const char *v = argv[1];
    if (strcmp(v, "help") == 0 && argc > 2) { /* accord help run == accord run --help */
        for (int i = 0; i < NVERBS; i++)
            if (strcmp(argv[2], verbs[i].name) == 0) {
                char *args[] = {argv[2], "--help", NULL};
                return verbs[i].fn(2, args);
            }
        acc_cli_error("no help on '%s': not a verb (try accord --help)", argv[2]);
        return ACC_EXIT_USAGE;
    }
    if (strcmp(v, "--help") == 0 || strcmp(v, "-h") == 0 || strcmp(v, "help") == 0) {
        usage(stdout);
        return ACC_EXIT_OK;
    }
    if (strcmp(v, "--version") == 0 || strcmp(v, "version") == 0) {
        printf("accord %s (commit %s)\n", ACCORD_VERSION, acc_layout_commit());
        return ACC_EXIT_OK;
    }
    for (int i = 0; i < NVERBS; i++)
        if (strcmp(v, verbs[i].name) == 0)
            return verbs[i].fn(argc - 1, argv + 1);
    /* a near miss: "accord rnu" -> run */
    const char *names[NVERBS];
    for (int i = 0; i < NVERBS; i++)
        names[i] = verbs[i].name;
    const char *best = acc_name_closest(v, names, NVERBS);
    if (best)
        acc_cli_error("unknown verb '%s' (did you mean '%s'? try accord --help)", v, best);
    else
        acc_cli_error("unknown verb '%s' (try accord --help)", v);
    return ACC_EXIT_USAGE;
}
