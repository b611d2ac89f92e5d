/* accord live — a workshop page for one scenario, served over HTTP with
 * libmicrohttpd: a slider per declared parameter, the scenario's question,
 * key figures as inline SVG, key outcomes and their change against the
 * default run with the same seed, replicates with common random numbers,
 * and a class view (every participant's policy and outcome). Each run goes
 * through acc_rundir (the code of `accord run`) in a forked worker process.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_LIVE_H
#define ACC_LIVE_H

#include <stddef.h>

typedef struct acc_live_opts {
    const char *scenario;    /* the one scenario the server runs */
    const char *listen_addr; /* IPv4 address, e.g. "127.0.0.1" or "0.0.0.0" */
    unsigned port;           /* 0: any free port (printed, and written to port_file) */
    int jobs;                /* runs at the same time (forked workers), >= 1 */
    double run_timeout_s;    /* a run still going after this is killed (500) */
    size_t mem_limit_bytes;  /* Lua memory cap of each run (0: the sandbox's default) */
    double rate;             /* requests per second per client address; 0: no limit */
    int max_reps;            /* largest replicates value a request may ask for */
    double max_work_m;       /* million developer-market-steps a request's runs may take
                                (live_work_of x replicates; over it: 422); 0: no limit */
    int max_connections;     /* connections at once (0: 128); one address may hold half */
    const char *port_file;   /* if not NULL, the bound port is written here (tests) */
    int quiet;               /* no request log on stderr */
    /* Called once the server listens, with its URL (e.g. to open a browser). */
    void (*on_ready)(void *ud, const char *url);
    void *ud;
} acc_live_opts;

/* Serve until SIGINT or SIGTERM. Returns ACC_OK after a clean shutdown,
 * ACC_EINVAL (bad scenario or options), ACC_EIO (could not listen) with
 * the message in err. */
int acc_live_serve(const acc_live_opts *o, char *err, size_t errlen);

#endif
