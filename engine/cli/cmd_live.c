/* accord — `accord live`: serve a workshop page for one scenario (live/live.h).
 * In a build without libmicrohttpd the verb says how to get it (exit 2).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <spawn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/common.h"
#include "base/numfmt.h"
#include "cli/cli.h"
#ifdef ACCORD_HAVE_LIVE
#include "live/live.h"
#endif

extern char **environ;

static const char live_usage[] =
    "usage: accord live SCENARIO.lua [--listen ADDR:PORT] [--open] [-j N]\n"
    "\n"
    "Serves a workshop page for the scenario: a slider per declared parameter, the\n"
    "scenario's question, its key figures re-drawn after every change, the key outcomes\n"
    "and their change against the default run with the same seed, replicates (common\n"
    "random numbers) and a class view (/class) with every participant's policy and\n"
    "outcome. Each run is `accord run` in a worker process. Ctrl-C (SIGINT) or SIGTERM\n"
    "stops it. See docs/live.md (page, API, class mode, a workshop script).\n"
    "\n"
    "options:\n"
    "  --listen ADDR:PORT   where to listen (default 127.0.0.1:8080: this computer only);\n"
    "                       0.0.0.0:PORT lets a classroom network in (class mode);\n"
    "                       port 0 picks a free port (printed)\n"
    "  --open               open the page in the desktop's browser (xdg-open)\n"
    "  -j N                 runs at the same time, 1 to 64 (default 2)\n"
    "  --time-limit S       a run still going after S seconds is stopped and answered\n"
    "                       with an error, (0, 3600] (default 30)\n"
    "  --memory-limit MIB   Lua memory cap of each run (default 256)\n"
    "  --rate N             requests per second one address may make (bursts of 3 s),\n"
    "                       0 for no limit (default 20)\n"
    "  --max-reps N         the largest number of replicates a request may ask for,\n"
    "                       1 to 64 (default 10)\n"
    "  --max-work M         the most work a request's runs may take, in million\n"
    "                       developer-market-steps (steps x markets x developers on\n"
    "                       average, x replicates): larger ones are refused at once\n"
    "                       (422) instead of holding a worker; 0 for no limit\n"
    "                       (default 40: a run of about 1-3 s)\n"
    "  --max-connections N  connections at once, 16 to 512 (default 128); one address\n"
    "                       may hold half of them (raise it for a room behind one NAT)\n"
    "  --port-file FILE     write the port listened on into FILE (for scripts and tests)\n"
    "  --quiet              no line per request on stderr\n"
    "\n"
    "exit codes: 0 stopped by SIGINT/SIGTERM; 2 bad usage or scenario, or accord built\n"
    "without libmicrohttpd; 3 the address cannot be listened on.\n";

#ifdef ACCORD_HAVE_LIVE
static void open_browser(void *ud, const char *url)
{
    (void)ud;
    pid_t pid;
    char *argv[] = {(char *)"xdg-open", (char *)url, NULL};
    if (posix_spawnp(&pid, "xdg-open", NULL, NULL, argv, environ) != 0) {
        fprintf(stderr, "accord live: --open: xdg-open is not available; open %s yourself\n", url);
        return;
    }
    /* not waited for: it may stay until the browser ends; reaped at exit */
}
#endif

int acc_cmd_live(int argc, char **argv)
{
    const char *scenario = NULL, *listen_arg = "127.0.0.1:8080", *port_file = NULL;
    long jobs = 2, mem_mib = 0, max_reps = 10, max_conn = 128;
    double time_limit = 30, rate = 20, max_work = 40;
    int open = 0, quiet = 0;
    /* each option once: --listen, --port-file, -j, --max-reps, --max-connections,
     * --memory-limit, --time-limit, --max-work, --rate */
    const char *once[9] = {NULL};
    for (int i = 1; i < argc; i++) {
        const char *v = NULL, *opt = argv[i];
        if (acc_cli_is_help(argv[i])) {
            fputs(live_usage, stdout);
            return ACC_EXIT_OK;
        } else if (strcmp(argv[i], "--open") == 0) {
            open = 1;
        } else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0) {
            quiet = 1;
        } else if (acc_cli_opt(argc, argv, &i, "--listen", &v)) {
            if (acc_cli_once("--listen", &once[0], v))
                return ACC_EXIT_USAGE;
            if (!v)
                goto missing;
            listen_arg = v;
        } else if (acc_cli_opt(argc, argv, &i, "--port-file", &v)) {
            if (acc_cli_once("--port-file", &once[1], v))
                return ACC_EXIT_USAGE;
            if (!v || !*v)
                goto missing;
            port_file = v;
        } else if (acc_cli_opt(argc, argv, &i, "-j", &v) || acc_cli_opt(argc, argv, &i, "--jobs", &v)) {
            if (acc_cli_once("-j", &once[2], v))
                return ACC_EXIT_USAGE;
            if (!acc_cli_parse_int(v, 1, 64, &jobs)) {
                acc_cli_error("-j needs a whole number in [1, 64], got '%s'", v ? v : "");
                return ACC_EXIT_USAGE;
            }
        } else if (acc_cli_opt(argc, argv, &i, "--max-reps", &v)) {
            if (acc_cli_once("--max-reps", &once[3], v))
                return ACC_EXIT_USAGE;
            if (!acc_cli_parse_int(v, 1, 64, &max_reps)) {
                acc_cli_error("--max-reps needs a whole number in [1, 64], got '%s'", v ? v : "");
                return ACC_EXIT_USAGE;
            }
        } else if (acc_cli_opt(argc, argv, &i, "--max-connections", &v)) {
            if (acc_cli_once("--max-connections", &once[4], v))
                return ACC_EXIT_USAGE;
            if (!acc_cli_parse_int(v, 16, 512, &max_conn)) {
                acc_cli_error("--max-connections needs a whole number in [16, 512], got '%s'",
                              v ? v : "");
                return ACC_EXIT_USAGE;
            }
        } else if (acc_cli_opt(argc, argv, &i, "--memory-limit", &v)) {
            if (acc_cli_once("--memory-limit", &once[5], v))
                return ACC_EXIT_USAGE;
            if (!acc_cli_parse_int(v, 1, 65536, &mem_mib)) {
                acc_cli_error("--memory-limit needs MiB in [1, 65536], got '%s'", v ? v : "");
                return ACC_EXIT_USAGE;
            }
        } else if (acc_cli_opt(argc, argv, &i, "--time-limit", &v)) {
            if (acc_cli_once("--time-limit", &once[6], v))
                return ACC_EXIT_USAGE;
            /* decimal as every option's number: no hexadecimal, no spaces */
            if (!acc_parse_decimal(v, &time_limit) || !(time_limit > 0 && time_limit <= 3600)) {
                acc_cli_error("--time-limit needs seconds in (0, 3600], got '%s'", v ? v : "");
                return ACC_EXIT_USAGE;
            }
        } else if (acc_cli_opt(argc, argv, &i, "--max-work", &v)) {
            if (acc_cli_once("--max-work", &once[7], v))
                return ACC_EXIT_USAGE;
            if (!acc_parse_decimal(v, &max_work) || !(max_work >= 0 && max_work <= 1e9)) {
                acc_cli_error("--max-work needs million developer-market-steps in [0, 1e9] (0: no "
                              "limit), got '%s'",
                              v ? v : "");
                return ACC_EXIT_USAGE;
            }
        } else if (acc_cli_opt(argc, argv, &i, "--rate", &v)) {
            if (acc_cli_once("--rate", &once[8], v))
                return ACC_EXIT_USAGE;
            if (!acc_parse_decimal(v, &rate) || !(rate >= 0 && rate <= 100000)) {
                acc_cli_error("--rate needs requests per second in [0, 100000], got '%s'", v ? v : "");
                return ACC_EXIT_USAGE;
            }
        } else if (argv[i][0] == '-' && argv[i][1]) {
            acc_cli_error("unknown option '%s' (try accord live --help)", argv[i]);
            return ACC_EXIT_USAGE;
        } else if (!scenario) {
            scenario = argv[i];
        } else {
            acc_cli_error("only one scenario file, got '%s' and '%s'", scenario, argv[i]);
            return ACC_EXIT_USAGE;
        }
        continue;
    missing:
        acc_cli_error("%.*s needs a value", (int)strcspn(opt, "="), opt);
        return ACC_EXIT_USAGE;
    }
    /* ADDR:PORT */
    char addr[64];
    const char *colon = strrchr(listen_arg, ':');
    long port = -1;
    if (!colon || colon == listen_arg || (size_t)(colon - listen_arg) >= sizeof addr ||
        !acc_cli_parse_int(colon + 1, 0, 65535, &port)) {
        acc_cli_error("--listen needs ADDR:PORT with an IPv4 address and a port in [0, 65535] "
                      "(e.g. 127.0.0.1:8080 or 0.0.0.0:8080), got '%s'",
                      listen_arg);
        return ACC_EXIT_USAGE;
    }
    snprintf(addr, sizeof addr, "%.*s", (int)(colon - listen_arg), listen_arg);
#ifndef ACCORD_HAVE_LIVE
    (void)open;
    (void)quiet;
    (void)port_file;
    (void)scenario;
    acc_cli_error("this accord was built without libmicrohttpd, which `accord live` needs: "
                  "install it (Debian: apt-get install libmicrohttpd-dev), then configure and "
                  "build again (cmake -B build && cmake --build build)");
    return ACC_EXIT_USAGE;
#else
    if (!scenario) {
        acc_cli_error("no scenario file given (try accord live --help)");
        return ACC_EXIT_USAGE;
    }
    if (access(scenario, R_OK) != 0) {
        acc_cli_error("%s: cannot read the scenario file (%s)", scenario, strerror(errno));
        return ACC_EXIT_IO;
    }
    acc_live_opts o;
    memset(&o, 0, sizeof o);
    o.scenario = scenario;
    o.listen_addr = addr;
    o.port = (unsigned)port;
    o.jobs = (int)jobs;
    o.run_timeout_s = time_limit;
    o.mem_limit_bytes = (size_t)mem_mib << 20;
    o.rate = rate;
    o.max_reps = (int)max_reps;
    o.max_work_m = max_work;
    o.max_connections = (int)max_conn;
    o.port_file = port_file;
    o.quiet = quiet;
    if (open)
        o.on_ready = open_browser;
    char err[ACC_ERRLEN];
    int rc = acc_live_serve(&o, err, sizeof err);
    if (rc != ACC_OK) {
        acc_cli_error("%s", err);
        return acc_cli_exit_code(rc, 1); /* the scenario failing to load is a bad scenario */
    }
    return ACC_EXIT_OK;
#endif
}
