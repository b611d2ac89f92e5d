/* accord live — shared private declarations: the results of one run as the
 * page needs them, the worker pool and its cache, the SVG figures and the
 * embedded assets. SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_LIVE_INT_H
#define ACC_LIVE_INT_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/common.h"
#include "base/strbuf.h"
#include "lua/scenario.h"

#define LIVE_MAX_PARAMS 64
#define LIVE_CACHE 96       /* runs kept (each ~20 KB) */
#define LIVE_STATUS_BUSY 99 /* not a library status: the queue is full (429) */
#define LIVE_STATUS_TOO_BIG 98 /* not a library status: over --max-work (422) */
/* In a 422's message: what follows is for the teacher (the server's log),
 * not the participant's page. */
#define LIVE_TEACHER_SEP "\x1e"

/* The key figures: time series of the 'all' rows of timeseries.csv. cols
 * are added ('+'); cumulative figures show the running total. */
typedef struct live_series_def {
    const char *name, *title, *unit, *cols;
    int cumulative;
} live_series_def;
extern const live_series_def live_series[];
extern const int live_nseries;

/* One finished run (or its failure), immutable once in the cache. */
typedef struct live_run {
    int status;            /* ACC_OK, or the failing status */
    char err[ACC_ERRLEN];  /* the message when status != ACC_OK */
    int nout;              /* numeric columns of summary.csv */
    char (*out_name)[64];
    double *out_value;
    int nsteps;            /* rows of jurisdiction 'all' in timeseries.csv */
    double *year;          /* [nsteps] */
    double *series;        /* [live_nseries * nsteps], NaN where missing */
    char *manifest;        /* manifest.json's text */
    int refs;              /* cache + users; freed at 0 (under the pool lock) */
} live_run;

/* A declared parameter, as loaded once at start. */
typedef struct live_scenario {
    char path[1024];
    char name[128];
    char description[512];
    char *question;        /* "Question:" paragraph of the header comment (or NULL) */
    double work;           /* a run at the defaults, developer-market-steps (0: a function model) */
    int nparams;
    acc_param_decl params[LIVE_MAX_PARAMS];
} live_scenario;

typedef struct live_pool {
    const char *scenario;
    char tmpdir[512];      /* private working folder; runs write under it */
    int jobs, running, waiting, max_waiting;
    double timeout_s;
    double max_work;       /* developer-market-steps a request's runs may take (0: no limit) */
    size_t mem_limit;
    unsigned long long seq;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int zfd;               /* socket to the spawner (forks the workers) */
    pid_t zpid;
    pthread_mutex_t zmu;   /* one request at a time on zfd */
    pid_t pids[64];        /* running workers (killed at shutdown) */
    int stopping;
    struct { char *key; live_run *run; unsigned long long used; } cache[LIVE_CACHE];
    unsigned long long clock;
    long long nruns, ncached, nfailed; /* counters for the log */
} live_pool;

int live_scenario_load(live_scenario *sc, const char *path, char *err, size_t errlen);
void live_scenario_free(live_scenario *sc);

/* The work of a run, known before running it: steps x markets x developers
 * on average, counting those at the start and half of the startups expected
 * to be founded over the run (as if none left): developer-market-steps, the
 * unit of --max-work (a run's time grows about in proportion). */
typedef struct live_work {
    double steps, markets, developers, total;
} live_work;
void live_work_of(const acc_config *cfg, live_work *w);
/* The --max-work (millions) that admits work: two significant digits, up. */
double live_work_limit_up(double work);

/* max_work: developer-market-steps a request's runs may take, 0: no limit
 * (a worker loads the scenario with the request's values first and refuses
 * a run over it with LIVE_STATUS_TOO_BIG, before running it). */
int live_pool_init(live_pool *p, const char *scenario, int jobs, double timeout_s,
                   size_t mem_limit, double max_work, char *err, size_t errlen);
void live_pool_kill_all(live_pool *p);
void live_pool_free(live_pool *p);
/* Run (or find in the cache) the scenario with sets ("name=value", already
 * canonical), seed and run index; reps: the runs of the request like it,
 * for the work limit (the run's work times reps). Returns a reference
 * (live_run_release it), or NULL when the queue is full (*busy = 1) or out
 * of memory. */
live_run *live_pool_run(live_pool *p, const char *const *sets, int nsets, uint64_t seed,
                        uint64_t run, int reps, int *cached, int *busy);
void live_run_release(live_pool *p, live_run *r);
/* A summary column's value (NaN if absent). */
double live_run_outcome(const live_run *r, const char *name);

/* SVG figures. */
typedef struct live_line {
    const double *x;      /* [n] years */
    int n;
    const double *y;      /* [n] NaN: gap */
    const double *lo, *hi; /* band or NULL */
    const char *label;
    int style;            /* 0: current (blue, solid), 1: defaults (vermilion, dashed) */
} live_line;
void live_svg_lines(acc_sb *sb, const char *id, const char *title, const char *unit,
                    const live_line *lines, int nlines);
typedef struct live_dot {
    double x, y;
    const char *label;
    int highlight; /* the default policy */
} live_dot;
/* An axis of the scatter. Its range holds every dot and is at least
 * LIVE_SHARE_MIN_SPAN wide for a share ([0, 1]), or a fifth of the largest
 * value for an amount (>= 0), so that a tiny difference does not fill the
 * figure; it starts at 0 when the values are spread enough (the lowest under
 * half the highest), and a note under the title says where an axis starts
 * when it does not start at 0. */
#define LIVE_SHARE_MIN_SPAN 0.2
typedef struct live_axis {
    const char *label; /* under (x) or above (y) the axis: "cumulative harm (M$)" */
    const char *name;  /* in the note: "harm" */
    int share;         /* 1: a share in [0, 1]; 0: an amount >= 0 */
} live_axis;
/* Labels are placed where they overlap no other label, dot or axis text
 * (beside the dot, else above or below it, else further away with a line
 * to it); dots on the same spot share one label. */
void live_svg_scatter(acc_sb *sb, const char *title, const live_axis *x, const live_axis *y,
                      const live_dot *dots, int ndots);
/* XML-escape text into sb. */
void live_xml(acc_sb *sb, const char *s);

/* UTF-8 text. live_utf8_next: the length in bytes of the character at s
 * (0 at the end) and its code point in *cp, or 1 and LIVE_UTF8_BAD for a
 * byte that does not start a well-formed sequence (RFC 3629: no overlongs,
 * no surrogates, nothing above U+10FFFF). live_utf8_chars: characters in s
 * (a bad byte counts one). */
#define LIVE_UTF8_BAD 0xFFFFFFFFu
size_t live_utf8_next(const char *s, unsigned *cp);
size_t live_utf8_chars(const char *s);
/* A participant's name as the class view shows it: UTF-8 kept (so "Chloé"
 * stays "Chloé"), a byte that is not UTF-8 shown as '?', control and
 * invisible formatting characters (C0, DEL, C1, zero-width and direction
 * marks, which could hide or reorder text) dropped, cut at LIVE_NAME_CHARS
 * characters. out holds LIVE_NAME_BYTES. */
#define LIVE_NAME_CHARS 32
#define LIVE_NAME_BYTES (4 * LIVE_NAME_CHARS + 1)
void live_clean_name(char out[LIVE_NAME_BYTES], const char *in);

/* Embedded assets (generated from engine/live/assets at build time). */
typedef struct live_asset {
    const char *path;     /* "/", "/live.js", ... */
    const char *type;     /* Content-Type */
    const unsigned char *data;
    size_t len;
} live_asset;
const live_asset *live_asset_find(const char *path);

#endif
