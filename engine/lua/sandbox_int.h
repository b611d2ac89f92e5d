/* accord — private to the sandbox (sandbox.c, sandbox_lib.c): its state and
 * what the two files share. Not API. SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_SANDBOX_INT_H
#define ACC_SANDBOX_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include <lua.h>

#include "base/common.h"
#include "core/rng.h"
#include "lua/sandbox.h"

#define WARN_MAX 512
#define WHERE_MAX (LUA_IDSIZE + 24) /* "short_src:line" */

/* A place in a script the Lua thread writes and the watchdog reads when it
 * reports a call stuck in C (a seqlock: `seq` is odd while it is written). */
/* A module require() loaded: its name, its file's absolute path and the
 * SHA-256 of the file as require loaded it (hex). */
typedef struct sb_module {
    char *name, *path;
    char sha256[65];
} sb_module;

typedef struct sb_note {
    _Atomic uint64_t seq;
    uint64_t epoch;                     /* the outermost call it belongs to; 0: none */
    const char *fn;                     /* a string function's name, or NULL */
    char where[WHERE_MAX];
} sb_note;

struct acc_sandbox {
    lua_State *L;

    /* Memory accounting: only the thread running Lua touches these. */
    size_t mem_limit, mem_used, mem_peak;
    int mem_refused;  /* the cap refused a request in the current outermost call */
    int sys_enomem;   /* realloc itself failed in the current outermost call */
    char mem_text[32];
    char mem_where[WHERE_MAX];  /* "file:line" of the last refusal in this call, or "" */
    int alloc_where;  /* the Lua library lets the allocator read the stack (5.4.0-5.4.4) */

    char **search_dirs;
    int n_search_dirs;
    sb_module *modules;                 /* require's loads, in load order */
    int n_modules, cap_modules;
    gsl_rng *rng;                       /* math.random */
    void (*log)(void *, const char *);
    void *log_ud;
    size_t log_bytes;                   /* sent to log by print and warn so far */
    int log_full;                       /* the cap was reached: lines are dropped */
    void (*stuck)(void *, const char *);
    void *stuck_ud;
    char warn_buf[WARN_MAX];            /* warn() pieces until the last one */
    size_t warn_len;
    int depth;                          /* nesting of protected calls */

    /* Time limit. The thread running Lua bumps `epoch` when the outermost
     * protected call starts (odd) and ends (even): two atomic increments, no
     * syscall. The watchdog samples it at least every period while calls run
     * (and is woken when one starts while it sleeps idle); when one odd epoch
     * has lasted the limit since the first sample that saw it, it stores it
     * in `fired` and sets a hook on the running Lua thread, whose first trap
     * raises. Every lua_sethook happens under `mu`. */
    char time_text[32];
    int64_t limit_ns, period_ns, grace_ns;
    int have_sync, have_thread;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int quit;                           /* under mu */
    _Atomic uint64_t epoch;
    _Atomic uint64_t fired;
    _Atomic int idle;                   /* the watchdog sleeps until the next call */
    int (*interrupted)(void);           /* opts.interrupted, polled by the watchdog */
    _Atomic int intr;                   /* it said so: calls fire as at their time limit */
    _Atomic(lua_State *) running;       /* Lua thread (coroutine) running now */
    /* For the stuck report: the chunk an outermost call loads, and the
     * place of a string pattern function that might run long in C. */
    sb_note load_note, pattern_note;
    int pattern_noted;                  /* the Lua thread's view: pattern_note is set */
};

static inline acc_sandbox *sb_of(lua_State *L)
{
    void *ud;
    lua_getallocf(L, &ud);
    return ud;
}

/* Is the current outermost call one whose time limit has fired? */
static inline int sb_time_fired(acc_sandbox *sb)
{
    uint64_t e = atomic_load(&sb->epoch);
    return (e & 1) && atomic_load(&sb->fired) == e;
}

/* sandbox.c: raise "file:line: time limit of T s exceeded" at the innermost
 * line; a coroutine starts or resumes running `co` / control returns to
 * `back` (the watchdog hooks the Lua thread that runs). */
void sb_raise_time_error(lua_State *L, acc_sandbox *sb);
void sb_thread_enter(acc_sandbox *sb, lua_State *co);
void sb_thread_leave(acc_sandbox *sb, lua_State *back);

/* If msg holds Lua's words for a script reaching what the sandbox leaves
 * out (a removed global such as os, a binary chunk), push it with ours (that
 * it is not available in the sandbox, see docs/security.md) and return 1;
 * else push nothing and return 0. */
int sb_explain_push(lua_State *L, const char *msg);

/* "file:line" of the innermost Lua frame of L with a line, or "". */
void sb_where(lua_State *L, char *buf, size_t len);

/* sandbox.c: a string pattern function that may run long inside C starts
 * (its caller's place is kept for the stuck report) / returned. */
void sb_pattern_begin(lua_State *L, acc_sandbox *sb, const char *fn);
void sb_pattern_end(acc_sandbox *sb);

/* sandbox_lib.c: building the global table (a lua_CFunction run protected),
 * the warn() callback, the panic handler, and xpcall's message handler
 * wrapper (which the time-limit hook lets run). */
int sb_setup(lua_State *L);
void sb_warnf(void *ud, const char *msg, int tocont);
int sb_panic(lua_State *L);
int sb_xpcall_msgh(lua_State *L);

#endif
