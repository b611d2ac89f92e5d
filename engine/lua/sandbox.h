/* accord — the Lua 5.4 sandbox that runs untrusted scenario scripts: safe
 * libraries only, a confined require, a memory cap and a wall-clock limit per
 * protected call, reproducible math.random. SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_LUA_SANDBOX_H
#define ACC_LUA_SANDBOX_H

#include <stddef.h>
#include <stdint.h>
#include <lua.h>

/* Memory cap when acc_sandbox_opts.mem_limit_bytes is 0. */
#define ACC_SANDBOX_MEM_DEFAULT ((size_t)256 << 20)

/* Lua patterns backtrack and run inside C, where neither the time limit nor
 * any hook can stop them. string.find/match/gmatch/gsub therefore refuse a
 * subject longer than 1 MiB or a pattern longer than 4 KiB. This bounds
 * simple patterns only: a pattern with several '*', '+' or '-' items is
 * polynomial or worse in the subject length ('.-x' on 64 KiB takes ~10 s), so
 * a hostile script can still stall inside C: see opts.stuck. */
#define ACC_SANDBOX_PATTERN_SUBJECT_MAX ((size_t)1 << 20)
#define ACC_SANDBOX_PATTERN_MAX ((size_t)4096)

/* What print, warn and world:log may send to the log over a state's life
 * (one run): a loop printing 1 MB lines wrote gigabytes of log.txt in
 * seconds. Past it, one line says so and later lines are dropped. */
#define ACC_SANDBOX_LOG_MAX ((size_t)64 << 20)

/* table.move loops inside C and moving nils allocates nothing, so a move of
 * 2^62 elements never ended. No table under the memory cap has more than
 * cap / 16 slots (a Lua value is 16 bytes): a longer move is refused (but
 * moves of up to ACC_SANDBOX_MOVE_MIN elements are always allowed). */
#define ACC_SANDBOX_MOVE_BYTES ((size_t)16)
#define ACC_SANDBOX_MOVE_MIN ((lua_Unsigned)1 << 20)

/* The largest script file: the scenario (acc_scenario_load) and each module
 * require loads. A larger one is refused, naming its path and this limit. */
#define ACC_SANDBOX_SCRIPT_MAX ((size_t)64 << 20)

typedef struct acc_sandbox acc_sandbox;

typedef struct acc_sandbox_opts {
    size_t mem_limit_bytes;  /* bytes the Lua state may hold; 0 = 256 MiB */
    double time_limit_s;     /* wall-clock limit per outermost protected call; 0 = none */
    /* Directories require() searches, in order (e.g. {"scripts", "scenarios/eu"});
     * relative paths keep error messages short. Copied by acc_sandbox_new. */
    const char *const *search_dirs;
    int n_search_dirs;
    uint64_t seed, run;      /* math.random's stream: (seed, run, ACC_STREAM_LUA, 0) */
    /* print() and warn() lines go here (one call per line, no newline);
     * NULL discards them. Called on the thread running Lua. */
    void (*log)(void *ud, const char *msg);
    void *log_ud;
    /* Called once, from the watchdog thread, when a protected call is still
     * running max(time_limit_s, 0.25 s) after its time limit fired: the script
     * is stuck in C (a pathological pattern, a slow binding) where the hook
     * cannot reach. msg starts "file:line: " (the caller of a string pattern
     * function that may run long) or "file: " (the chunk being loaded) when
     * the sandbox knows, else "time limit of". The only safe reaction is to
     * end the process (e.g. print msg and _exit); it must not touch the
     * sandbox. NULL = wait forever. */
    void (*stuck)(void *ud, const char *msg);
    void *stuck_ud;
    /* Polled by the watchdog while a protected call runs (at least every
     * period, an eighth of the time limit, at most 1 s): non-zero (a signal
     * the program caught, say) stops the call as its time limit would, with
     * "file:line: interrupted" (ACC_ELIMIT), and every outermost call started
     * afterwards too. Needs a time limit (the watchdog). Called on the
     * watchdog thread: read only a flag (volatile sig_atomic_t) there.
     * NULL = never. */
    int (*interrupted)(void);
} acc_sandbox_opts;

/* Messages name the file and line where Lua can know them: see
 * docs/security.md. A script using a global the sandbox removes (os, io,
 * debug, package, dofile, loadfile) gets "file:line: 'os' is not available to
 * scenario scripts: they run in a sandbox (see docs/security.md)"; those
 * globals stay nil. The time limit counts from the start of each outermost
 * call and stops it within limit + period (an eighth of the limit, in
 * [1 ms, 1 s]) plus the scheduler's delay.
 *
 * Create a sandbox (opts NULL = all defaults). ACC_EINVAL for bad options,
 * ACC_ELIMIT when the memory cap is too small for the libraries (a fresh state
 * holds about 15 KiB), ACC_ENOMEM when allocation or the watchdog thread fails. On
 * failure *out is NULL and err says why. */
int acc_sandbox_new(const acc_sandbox_opts *opts, acc_sandbox **out, char *err,
                    size_t errlen);

/* Stops the watchdog and closes the state. NULL is a no-op. Never call it
 * from inside a protected call. */
void acc_sandbox_free(acc_sandbox *sb);

/* Send one line to the log callback as print() does (within
 * ACC_SANDBOX_LOG_MAX); nothing without a callback. */
void acc_sandbox_log(acc_sandbox *sb, const char *line);

/* The main thread of the sandbox's state (borrowed: lives until free). Every
 * call into Lua that can raise must go through the functions below: an error
 * outside a protected call ends the process (Lua's panic). */
lua_State *acc_sandbox_lua(acc_sandbox *sb);

/* The sandbox owning a state created by acc_sandbox_new (any of its threads). */
acc_sandbox *acc_sandbox_from_lua(lua_State *L);

/* Push the scripts' global table (their _ENV) so bindings can register
 * globals: acc_sandbox_push_env(sb); lua_pushcfunction(L, f);
 * lua_setfield(L, -2, "egt"); lua_pop(L, 1). Needs one free stack slot. */
void acc_sandbox_push_env(acc_sandbox *sb);

/* Load the file `path` as a text chunk named "@path" (pass a relative path:
 * it is what users read in messages) and run it protected with the time
 * limit armed; on ACC_OK its nresults results (LUA_MULTRET: all) are left on
 * the stack, on failure nothing is left. Returns ACC_EIO (cannot read),
 * ACC_EINVAL (syntax error, binary chunk), ACC_ESCRIPT (runtime error),
 * ACC_ELIMIT (memory cap or time limit), ACC_ENOMEM (malloc failed). */
int acc_sandbox_dofile(acc_sandbox *sb, const char *path, int nresults, char *err,
                       size_t errlen);

/* The same for a string. chunkname is the path the text came from (messages
 * read "path:12: ..."), or "=name" for text that is not from a file (reads
 * "name:12: ..."); NULL means "=(string)". A leading '@' is also accepted. */
int acc_sandbox_dostring(acc_sandbox *sb, const char *code, const char *chunkname,
                         int nresults, char *err, size_t errlen);

/* Call the function below the nargs arguments on top of acc_sandbox_lua(sb)'s
 * stack, protected, with a traceback on error. The outermost call arms the
 * time limit; nested calls (Lua -> C binding -> this) run under the outer
 * call's deadline. Statuses as for acc_sandbox_dofile (ACC_ESCRIPT for a
 * runtime error). Function and arguments are always popped; on ACC_OK the
 * nresults results are pushed. A binding that gets a failure from a nested
 * call should raise it (lua_pushstring(L, err); lua_error(L)): the outer call
 * then reports the same status. */
int acc_sandbox_pcall(acc_sandbox *sb, int nargs, int nresults, char *err,
                      size_t errlen);

/* Run fn(L, ud) inside a protected call with the time limit armed (as
 * acc_sandbox_pcall does), for C code that reads values a script built:
 * lua_getfield, lua_gettable, luaL_len and lua_tostring can run the
 * script's metamethods (__index, __len), which may raise, loop or run out of
 * memory, and any raise outside a protected call ends the process. The nargs
 * values on top of the stack are popped and given to fn as its stack
 * (indices 1..nargs). fn returns an ACC_* status and writes its own message
 * into err on failure; memory fn allocates must be reachable from ud (or be
 * Lua objects) so the caller can free it after a raise. Returns fn's status,
 * or the script error / ACC_ELIMIT / ACC_ENOMEM status of a raise (the error
 * text in err). Nothing is left on the stack. */
typedef int (*acc_sandbox_cfn)(lua_State *L, void *ud, char *err, size_t errlen);
int acc_sandbox_cpcall(acc_sandbox *sb, acc_sandbox_cfn fn, void *ud, int nargs, char *err,
                       size_t errlen);

/* The modules require() loaded over the state's life (at load time or later,
 * from a function a hook or policy calls), in load order, each once: module
 * i's name (NULL when i is out of range), and in *path (when not NULL) the
 * file's absolute path (symbolic links resolved), in *sha256 the SHA-256
 * (hex) of the file as require loaded it. Valid until acc_sandbox_free. */
int acc_sandbox_nmodules(const acc_sandbox *sb);
const char *acc_sandbox_module(const acc_sandbox *sb, int i, const char **path,
                               const char **sha256);

/* The folders require() searches, in order, as given (opts.search_dirs). */
int acc_sandbox_nsearch_dirs(const acc_sandbox *sb);
const char *acc_sandbox_search_dir(const acc_sandbox *sb, int i);

/* Bytes the Lua state holds now, and the most it ever held. */
size_t acc_sandbox_mem_used(const acc_sandbox *sb);
size_t acc_sandbox_mem_peak(const acc_sandbox *sb);

#endif
