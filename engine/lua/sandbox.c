/* accord — the Lua 5.4 sandbox for scenario scripts: which libraries scripts
 * see, the counting allocator, the watchdog thread behind the time limit, and
 * protected calls that turn Lua errors into statuses and "file:line:" text.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _XOPEN_SOURCE 700 /* realpath */
#include "lua/sandbox.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <lauxlib.h>
#include <lualib.h>

#include "base/common.h"
#include "core/rng.h"

#define HOOK_MASK (LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT)
#define MODULE_NAME_MAX 200
#define WARN_MAX 512

struct acc_sandbox {
    lua_State *L;

    /* Memory accounting: only the thread running Lua touches these. */
    size_t mem_limit, mem_used, mem_peak;
    int mem_refused;  /* the cap refused a request in the current outermost call */
    int sys_enomem;   /* realloc itself failed in the current outermost call */
    char mem_text[32];

    char **search_dirs;
    int n_search_dirs;
    gsl_rng *rng;                       /* math.random */
    void (*log)(void *, const char *);
    void *log_ud;
    void (*stuck)(void *, const char *);
    void *stuck_ud;
    char warn_buf[WARN_MAX];            /* warn() pieces until the last one */
    size_t warn_len;
    int depth;                          /* nesting of protected calls */

    /* Time limit. The thread running Lua bumps `epoch` when the outermost
     * protected call starts (odd) and ends (even): two atomic increments, no
     * syscall. The watchdog samples it; when one odd epoch lasts the limit it
     * stores it in `fired` and sets a hook on the running Lua thread, whose
     * first trap raises. Every lua_sethook happens under `mu`. */
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
    _Atomic(lua_State *) running;       /* Lua thread (coroutine) running now */
};

/* Registry keys: their addresses are unique light-userdata keys. */
static const char reg_modules = 'm';   /* name -> value of loaded modules */
static const char reg_poisoned = 'p';  /* weak set of coroutines killed by the limit */

static acc_sandbox *sb_of(lua_State *L)
{
    void *ud;
    lua_getallocf(L, &ud);
    return ud;
}

/* ---- memory ---------------------------------------------------------- */

static void *sb_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    acc_sandbox *sb = ud;
    size_t old = ptr ? osize : 0; /* for a new block osize is a type tag */
    if (nsize == 0) {
        free(ptr);
        sb->mem_used -= old;
        return NULL;
    }
    /* mem_used <= mem_limit always holds, so the subtraction cannot wrap. */
    if (nsize > old && nsize - old > sb->mem_limit - sb->mem_used) {
        sb->mem_refused = 1;
        return NULL;
    }
    void *p = realloc(ptr, nsize);
    if (!p) {
        sb->sys_enomem = 1;
        return NULL;
    }
    sb->mem_used = sb->mem_used - old + nsize;
    if (sb->mem_used > sb->mem_peak)
        sb->mem_peak = sb->mem_used;
    return p;
}

static void format_bytes(char *buf, size_t len, size_t n)
{
    if (n >= ((size_t)1 << 20) && n % ((size_t)1 << 20) == 0)
        snprintf(buf, len, "%zu MiB", n >> 20);
    else if (n >= 1024 && n % 1024 == 0)
        snprintf(buf, len, "%zu KiB", n >> 10);
    else
        snprintf(buf, len, "%zu bytes", n);
}

/* ---- time limit: watchdog thread and hook ------------------------------ */

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static struct timespec ns_to_timespec(int64_t ns)
{
    struct timespec ts;
    ts.tv_sec = (time_t)(ns / 1000000000);
    ts.tv_nsec = (long)(ns % 1000000000);
    return ts;
}

/* Is the current outermost call one whose time limit has fired? */
static int time_fired(acc_sandbox *sb)
{
    uint64_t e = atomic_load(&sb->epoch);
    return (e & 1) && atomic_load(&sb->fired) == e;
}

static int sb_msghandler(lua_State *L);
static int xpcall_msgh(lua_State *L);

static void raise_time_error(lua_State *L, acc_sandbox *sb)
{
    lua_Debug ar;
    for (int level = 0; lua_getstack(L, level, &ar); level++) {
        lua_getinfo(L, "Sl", &ar);
        if (ar.currentline > 0) {
            lua_pushfstring(L, "%s:%d: time limit of %s s exceeded", ar.short_src,
                            ar.currentline, sb->time_text);
            lua_error(L);
            return;
        }
    }
    lua_pushfstring(L, "time limit of %s s exceeded", sb->time_text);
    lua_error(L);
}

/* Set only by the watchdog (or on a coroutine resumed after it fired). Once
 * the limit has fired it raises at every call, return, line and instruction,
 * so a script that catches the error with pcall is stopped again at once. */
static void sb_hook(lua_State *L, lua_Debug *ar)
{
    acc_sandbox *sb = sb_of(L);
    if (time_fired(sb)) {
        if (ar->event == LUA_HOOKCALL) {
            /* Let the message handlers run: they turn the error into text. */
            lua_getinfo(L, "f", ar);
            lua_CFunction f = lua_tocfunction(L, -1);
            lua_pop(L, 1);
            if (f == sb_msghandler || f == xpcall_msgh)
                return;
        }
        raise_time_error(L, sb);
        return;
    }
    /* Left over from a call that has ended: remove it. */
    pthread_mutex_lock(&sb->mu);
    if (!time_fired(sb))
        lua_sethook(L, NULL, 0, 0);
    pthread_mutex_unlock(&sb->mu);
}

static void watchdog_fire(acc_sandbox *sb, uint64_t e) /* mu held */
{
    atomic_store(&sb->fired, e);
    lua_State *co = atomic_load(&sb->running);
    /* Calling lua_sethook from another thread is what lua.c does from a
     * signal handler: it only stores the hook and sets trap flags. */
    lua_sethook(co, sb_hook, HOOK_MASK, 1);
    if (co != sb->L)
        lua_sethook(sb->L, sb_hook, HOOK_MASK, 1);
}

static void *watchdog_main(void *arg)
{
    acc_sandbox *sb = arg;
    uint64_t tracked = 0, last_seen = atomic_load(&sb->epoch);
    int64_t since = 0;
    int stuck_reported = 0;
    pthread_mutex_lock(&sb->mu);
    while (!sb->quit) {
        int64_t now = now_ns(), wake;
        uint64_t e = atomic_load(&sb->epoch);
        if (e & 1) {
            if (e != tracked) { /* a call we had not seen yet */
                tracked = e;
                since = now;
                stuck_reported = 0;
                wake = now + sb->limit_ns;
            } else if (now - since >= sb->limit_ns) {
                /* Fire, and fire again every period while the call lasts:
                 * the running coroutine may have changed in between. */
                watchdog_fire(sb, e);
                if (!stuck_reported && sb->stuck &&
                    now - since >= sb->limit_ns + sb->grace_ns) {
                    char msg[160];
                    snprintf(msg, sizeof msg,
                             "time limit of %s s exceeded and the script did not stop "
                             "(stuck where the hook cannot reach, e.g. in a C function)",
                             sb->time_text);
                    stuck_reported = 1;
                    sb->stuck(sb->stuck_ud, msg);
                }
                wake = now + sb->period_ns;
            } else {
                wake = since + sb->limit_ns;
            }
        } else {
            tracked = 0;
            if (e == last_seen) {
                /* No call for a whole period: sleep until the next one.
                 * The caller increments epoch then reads idle; we set idle
                 * then read epoch (all seq_cst): one of us sees the other. */
                atomic_store(&sb->idle, 1);
                if (atomic_load(&sb->epoch) == e && !sb->quit)
                    pthread_cond_wait(&sb->cv, &sb->mu);
                atomic_store(&sb->idle, 0);
                last_seen = atomic_load(&sb->epoch);
                continue;
            }
            wake = now + sb->period_ns;
        }
        last_seen = e;
        struct timespec ts = ns_to_timespec(wake);
        pthread_cond_timedwait(&sb->cv, &sb->mu, &ts);
    }
    pthread_mutex_unlock(&sb->mu);
    return NULL;
}

/* Start of an outermost protected call. */
static void call_begin(acc_sandbox *sb)
{
    sb->mem_refused = 0;
    sb->sys_enomem = 0;
    if (!sb->have_thread)
        return;
    atomic_store_explicit(&sb->running, sb->L, memory_order_relaxed);
    atomic_fetch_add(&sb->epoch, 1); /* odd: a call runs */
    if (atomic_load(&sb->idle)) {
        pthread_mutex_lock(&sb->mu);
        pthread_cond_signal(&sb->cv);
        pthread_mutex_unlock(&sb->mu);
    }
}

/* End of an outermost protected call; whether its time limit fired. */
static int call_end(acc_sandbox *sb)
{
    if (!sb->have_thread)
        return 0;
    int fired = time_fired(sb);
    atomic_fetch_add_explicit(&sb->epoch, 1, memory_order_release);
    return fired;
}

/* A coroutine starts or resumes running `co` / control returns to `back`. */
static void thread_enter(acc_sandbox *sb, lua_State *co)
{
    if (!sb->have_thread)
        return;
    atomic_store(&sb->running, co);
    if (time_fired(sb)) {
        pthread_mutex_lock(&sb->mu);
        lua_sethook(co, sb_hook, HOOK_MASK, 1);
        pthread_mutex_unlock(&sb->mu);
    }
}

static void thread_leave(acc_sandbox *sb, lua_State *back)
{
    if (!sb->have_thread)
        return;
    /* Under the lock: once we return, the coroutine may be collected, and
     * the watchdog must not be about to set a hook on it. */
    pthread_mutex_lock(&sb->mu);
    atomic_store(&sb->running, back);
    if (time_fired(sb))
        lua_sethook(back, sb_hook, HOOK_MASK, 1);
    pthread_mutex_unlock(&sb->mu);
}

/* ---- base library replacements ---------------------------------------- */

/* print: tostring of each argument, tab-separated, to the log callback. */
static int sb_print(lua_State *L)
{
    acc_sandbox *sb = sb_of(L);
    int n = lua_gettop(L);
    if (!sb->log)
        return 0;
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 1; i <= n; i++) {
        if (i > 1)
            luaL_addchar(&b, '\t');
        luaL_tolstring(L, i, NULL);
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    sb->log(sb->log_ud, lua_tostring(L, -1));
    return 0;
}

/* warn: pieces are joined; the last one sends "warning: ..." to the log.
 * Control messages ("@on", "@off") are accepted and ignored. */
static void sb_warnf(void *ud, const char *msg, int tocont)
{
    acc_sandbox *sb = ud;
    if (sb->warn_len == 0 && !tocont && msg[0] == '@')
        return;
    size_t len = strlen(msg), room = sizeof sb->warn_buf - 1 - sb->warn_len;
    if (len > room)
        len = room;
    memcpy(sb->warn_buf + sb->warn_len, msg, len);
    sb->warn_len += len;
    sb->warn_buf[sb->warn_len] = '\0';
    if (tocont)
        return;
    if (sb->log) {
        char line[WARN_MAX + 16];
        snprintf(line, sizeof line, "warning: %s", sb->warn_buf);
        sb->log(sb->log_ud, line);
    }
    sb->warn_len = 0;
}

/* load(chunk [, chunkname [, mode [, env]]]): source text only, whatever
 * the mode says (crafted bytecode can break out of any sandbox); without env
 * the chunk sees the sandbox globals. Reader functions are not accepted. */
static int sb_load(lua_State *L)
{
    size_t len;
    const char *code = luaL_checklstring(L, 1, &len);
    const char *chunkname = luaL_optstring(L, 2, code);
    luaL_optstring(L, 3, "t");
    int has_env = !lua_isnone(L, 4);
    if (luaL_loadbufferx(L, code, len, chunkname, "t") != LUA_OK) {
        luaL_pushfail(L);
        lua_insert(L, -2);
        return 2; /* fail msg */
    }
    if (has_env) {
        lua_pushvalue(L, 4);
        if (!lua_setupvalue(L, -2, 1)) /* no _ENV upvalue: nothing to set */
            lua_pop(L, 1);
    }
    return 1;
}

/* setmetatable refuses metatables with a __gc field: finalizers run with
 * hooks disabled, so one that loops could never be stopped. */
static int sb_setmetatable(lua_State *L)
{
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return luaL_error(L, "__gc metamethods are not allowed in scenario scripts");
        lua_pop(L, 1);
    }
    /* The stock function, in this same call frame (argument errors name us). */
    return lua_tocfunction(L, lua_upvalueindex(1))(L);
}

/* collectgarbage: only "count" (KiB in use, a float). */
static int sb_collectgarbage(lua_State *L)
{
    const char *opt = luaL_optstring(L, 1, "collect");
    if (strcmp(opt, "count") != 0)
        return luaL_error(L, "collectgarbage('%s') is not available in scenario scripts "
                             "(only 'count')", opt);
    int kib = lua_gc(L, LUA_GCCOUNT), rem = lua_gc(L, LUA_GCCOUNTB);
    lua_pushnumber(L, (lua_Number)kib + (lua_Number)rem / 1024.0);
    return 1;
}

/* xpcall's handler runs wherever the error was raised; when our hook raised
 * it, Lua has hooks switched off there, so a looping handler could never be
 * stopped. This wrapper skips the script's handler once the limit fired. */
static int xpcall_msgh(lua_State *L)
{
    if (time_fired(sb_of(L)))
        return 1; /* keep the time-limit message */
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int xpcall_done(lua_State *L, int status, lua_KContext base)
{
    if (status != LUA_OK && status != LUA_YIELD) {
        lua_pushboolean(L, 0);
        lua_pushvalue(L, -2);
        return 2; /* false msg */
    }
    return lua_gettop(L) - (int)base; /* true results... */
}

static int sb_xpcall(lua_State *L)
{
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, xpcall_msgh, 1);
    lua_replace(L, 2);      /* f msgh args... */
    lua_pushboolean(L, 1);
    lua_pushvalue(L, 1);    /* f msgh args... true f */
    lua_rotate(L, 3, 2);    /* f msgh true f args... */
    int status = lua_pcallk(L, n - 2, LUA_MULTRET, 2, 2, xpcall_done);
    return xpcall_done(L, status, 2);
}

/* ---- require ----------------------------------------------------------- */

static int valid_module_name(const char *name, size_t len)
{
    if (len == 0 || len > MODULE_NAME_MAX || name[0] == '.' || name[len - 1] == '.')
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 (c >= '0' && c <= '9') || c == '_' || c == '.';
        if (!ok || (c == '.' && name[i + 1] == '.'))
            return 0;
    }
    return 1;
}

/* require(name): "a.b" is <dir>/a/b.lua in the first search directory that
 * has it, loaded as text with the sandbox globals and called with (name,
 * path); the result (true for nil) is cached in the registry. */
static int sb_require(lua_State *L)
{
    acc_sandbox *sb = sb_of(L);
    size_t len;
    const char *name = luaL_checklstring(L, 1, &len);
    lua_settop(L, 1);
    if (!valid_module_name(name, len))
        return luaL_error(L, "invalid module name '%s': use letters, digits and '_', "
                             "with '.' between parts (e.g. 'lib.util')", name);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &reg_modules); /* name cache */
    if (lua_getfield(L, 2, name) != LUA_TNIL)
        return 1;
    lua_pop(L, 1);
    luaL_checkstack(L, sb->n_search_dirs + 4, "too many script directories");
    int found = 0, dir = -1;
    for (int i = 0; i < sb->n_search_dirs && !found; i++) {
        dir = i;
        luaL_Buffer b;
        luaL_buffinit(L, &b);
        luaL_addstring(&b, sb->search_dirs[i]);
        luaL_addchar(&b, '/');
        for (size_t k = 0; k < len; k++)
            luaL_addchar(&b, name[k] == '.' ? '/' : name[k]);
        luaL_addstring(&b, ".lua");
        luaL_pushresult(&b); /* name cache path1 ... pathi */
        struct stat st;
        found = stat(lua_tostring(L, -1), &st) == 0 && S_ISREG(st.st_mode);
    }
    if (!found) {
        int first = 3, last = lua_gettop(L);
        if (last < first)
            return luaL_error(L, "module '%s' not found (no script directories)", name);
        luaL_Buffer b;
        luaL_buffinit(L, &b);
        luaL_where(L, 1); /* "file:line: " of the require call */
        luaL_addvalue(&b);
        lua_pushfstring(L, "module '%s' not found (searched: ", name);
        luaL_addvalue(&b);
        for (int i = first; i <= last; i++) {
            if (i > first)
                luaL_addstring(&b, ", ");
            luaL_addstring(&b, lua_tostring(L, i));
        }
        luaL_addchar(&b, ')');
        luaL_pushresult(&b);
        return lua_error(L);
    }
    int path = lua_gettop(L);
    /* Symlinks (a link in the folder, or a linked sub-folder) must not lead
     * outside it: compare the real paths. */
    int inside = 0;
    char *rdir = realpath(sb->search_dirs[dir], NULL);
    char *rfile = rdir ? realpath(lua_tostring(L, path), NULL) : NULL;
    if (rdir && rfile) {
        size_t dl = strlen(rdir);
        inside = strncmp(rfile, rdir, dl) == 0 && (rfile[dl] == '/' || (dl == 1 && rdir[0] == '/'));
    }
    free(rdir);
    free(rfile);
    if (!inside) {
        return luaL_error(L, "module '%s': %s leads outside the script folder %s (a symbolic "
                             "link?); modules must live inside it",
                          name, lua_tostring(L, path), sb->search_dirs[dir]);
    }
    if (luaL_loadfilex(L, lua_tostring(L, path), "t") != LUA_OK)
        return lua_error(L); /* "path:line: ..." */
    lua_pushvalue(L, 1);
    lua_pushvalue(L, path);
    lua_call(L, 2, 1); /* name cache paths... value */
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    }
    lua_pushvalue(L, -1);
    lua_setfield(L, 2, name);
    return 1;
}

/* ---- string: capped pattern functions ---------------------------------- */

static int sb_pattern_fn(lua_State *L)
{
    size_t slen, plen;
    luaL_checklstring(L, 1, &slen);
    luaL_checklstring(L, 2, &plen);
    if (slen > ACC_SANDBOX_PATTERN_SUBJECT_MAX) {
        lua_pushfstring(L, "string of %I bytes is too long for pattern matching (limit %I)",
                        (lua_Integer)slen, (lua_Integer)ACC_SANDBOX_PATTERN_SUBJECT_MAX);
        return luaL_argerror(L, 1, lua_tostring(L, -1));
    }
    if (plen > ACC_SANDBOX_PATTERN_MAX) {
        lua_pushfstring(L, "pattern of %I bytes is too long (limit %I)", (lua_Integer)plen,
                        (lua_Integer)ACC_SANDBOX_PATTERN_MAX);
        return luaL_argerror(L, 2, lua_tostring(L, -1));
    }
    /* The stock function, in this same call frame. */
    return lua_tocfunction(L, lua_upvalueindex(1))(L);
}

/* ---- math.random -------------------------------------------------------- */

/* Two's complement reinterpretation without implementation-defined casts. */
static lua_Integer u2i(uint64_t u)
{
    return u <= (uint64_t)LUA_MAXINTEGER ? (lua_Integer)u
                                         : -(lua_Integer)(~u) - 1;
}

/* Lua 5.4 semantics on the run's xoshiro256** stream: random() is a float
 * in [0,1) from the top 53 bits; random(0) all 64 bits as an integer;
 * random(m) and random(m, n) integers, uniform by rejection (no modulo bias). */
static int sb_random(lua_State *L)
{
    acc_sandbox *sb = sb_of(L);
    uint64_t bits = acc_rng_next64(sb->rng);
    lua_Integer low, up;
    switch (lua_gettop(L)) {
    case 0:
        lua_pushnumber(L, (lua_Number)(bits >> 11) * 0x1.0p-53);
        return 1;
    case 1:
        low = 1;
        up = luaL_checkinteger(L, 1);
        if (up == 0) {
            lua_pushinteger(L, u2i(bits));
            return 1;
        }
        break;
    case 2:
        low = luaL_checkinteger(L, 1);
        up = luaL_checkinteger(L, 2);
        break;
    default:
        return luaL_error(L, "wrong number of arguments");
    }
    luaL_argcheck(L, low <= up, 1, "interval is empty");
    uint64_t span = (uint64_t)up - (uint64_t)low; /* draw in [0, span] */
    uint64_t mask = span;                          /* smallest 2^k - 1 >= span */
    mask |= mask >> 1;
    mask |= mask >> 2;
    mask |= mask >> 4;
    mask |= mask >> 8;
    mask |= mask >> 16;
    mask |= mask >> 32;
    while ((bits & mask) > span)
        bits = acc_rng_next64(sb->rng);
    lua_pushinteger(L, u2i((bits & mask) + (uint64_t)low));
    return 1;
}

static int sb_randomseed(lua_State *L)
{
    return luaL_error(L, "math.randomseed is disabled: math.random is seeded from the "
                         "run's seed and run index, so runs are reproducible");
}

/* ---- coroutines: track which Lua thread runs, for the watchdog --------- */

enum co_state { CO_RUNNING, CO_SUSPENDED, CO_NORMAL, CO_DEAD };
static const char *const co_state_names[] = {"running", "suspended", "normal", "dead"};

static enum co_state co_state_of(lua_State *L, lua_State *co)
{
    if (L == co)
        return CO_RUNNING;
    if (lua_status(co) == LUA_YIELD)
        return CO_SUSPENDED;
    if (lua_status(co) != LUA_OK)
        return CO_DEAD; /* ended with an error */
    lua_Debug ar;
    if (lua_getstack(co, 0, &ar))
        return CO_NORMAL; /* it resumed another coroutine */
    return lua_gettop(co) == 0 ? CO_DEAD : CO_SUSPENDED;
}

static int is_poisoned(lua_State *L, lua_State *co)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &reg_poisoned);
    lua_pushthread(co);
    lua_xmove(co, L, 1);
    int poisoned = lua_rawget(L, -2) != LUA_TNIL;
    lua_pop(L, 2);
    return poisoned;
}

/* Resume co with the top narg values of L. Returns the number of values it
 * passed back (moved onto L), or -1 with the error object on top of L. */
static int resume_into(lua_State *L, lua_State *co, int narg)
{
    acc_sandbox *sb = sb_of(L);
    int nres;
    if (lua_status(co) == LUA_OK && lua_gettop(co) == 0) {
        lua_pushliteral(L, "cannot resume dead coroutine");
        return -1;
    }
    if (!lua_checkstack(co, narg)) {
        lua_pushliteral(L, "too many arguments to resume");
        return -1;
    }
    lua_xmove(L, co, narg);
    thread_enter(sb, co);
    int status = lua_resume(co, L, narg, &nres);
    thread_leave(sb, L);
    if (status != LUA_OK && status != LUA_YIELD) {
        if (time_fired(sb) && lua_checkstack(co, 1)) {
            /* Killed by our hook: Lua leaves hooks switched off in it, so
             * its pending __close handlers must never run (see sb_co_close). */
            lua_rawgetp(L, LUA_REGISTRYINDEX, &reg_poisoned);
            lua_pushthread(co);
            lua_xmove(co, L, 1);
            lua_pushboolean(L, 1);
            lua_rawset(L, -3);
            lua_pop(L, 1);
        }
        lua_xmove(co, L, 1); /* error object */
        return -1;
    }
    if (!lua_checkstack(L, nres + 1)) {
        lua_pop(co, nres);
        lua_pushliteral(L, "too many results to resume");
        return -1;
    }
    lua_xmove(co, L, nres);
    return nres;
}

/* Run co's pending to-be-closed variables; status, error object on L. */
static int close_thread(lua_State *L, lua_State *co)
{
    acc_sandbox *sb = sb_of(L);
    thread_enter(sb, co);
#if LUA_VERSION_RELEASE_NUM >= 50406
    int status = lua_closethread(co, L);
#else
    int status = lua_resetthread(co);
#endif
    thread_leave(sb, L);
    if (status != LUA_OK)
        lua_xmove(co, L, 1);
    return status;
}

static int sb_co_resume(lua_State *L)
{
    lua_State *co = lua_tothread(L, 1);
    luaL_argexpected(L, co, 1, "coroutine");
    int r = resume_into(L, co, lua_gettop(L) - 1);
    if (r < 0) {
        lua_pushboolean(L, 0);
        lua_insert(L, -2);
        return 2; /* false msg */
    }
    lua_pushboolean(L, 1);
    lua_insert(L, -(r + 1));
    return r + 1; /* true results... */
}

static int sb_co_wrapped(lua_State *L)
{
    lua_State *co = lua_tothread(L, lua_upvalueindex(1));
    int r = resume_into(L, co, lua_gettop(L));
    if (r >= 0)
        return r;
    int status = lua_status(co);
    if (status != LUA_OK && status != LUA_YIELD && !time_fired(sb_of(L)))
        status = close_thread(L, co); /* it died: close its variables */
    if (status != LUA_ERRMEM && lua_type(L, -1) == LUA_TSTRING) {
        luaL_where(L, 1); /* msg where */
        lua_insert(L, -2);
        lua_concat(L, 2);
    }
    return lua_error(L);
}

static int sb_co_wrap(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_State *co = lua_newthread(L);
    lua_pushvalue(L, 1);
    lua_xmove(L, co, 1);
    lua_pushcclosure(L, sb_co_wrapped, 1);
    return 1;
}

static int sb_co_close(lua_State *L)
{
    lua_State *co = lua_tothread(L, 1);
    luaL_argexpected(L, co, 1, "coroutine");
    enum co_state st = co_state_of(L, co);
    if (st != CO_SUSPENDED && st != CO_DEAD)
        return luaL_error(L, "cannot close a %s coroutine", co_state_names[st]);
    if (time_fired(sb_of(L))) {
        raise_time_error(L, sb_of(L));
        return 0;
    }
    if (is_poisoned(L, co)) {
        lua_pushboolean(L, 0);
        lua_pushliteral(L, "coroutine was stopped by the time limit");
        return 2;
    }
    if (close_thread(L, co) == LUA_OK) {
        lua_pushboolean(L, 1);
        return 1;
    }
    lua_pushboolean(L, 0);
    lua_insert(L, -2);
    return 2; /* false msg */
}

/* ---- building the sandbox ---------------------------------------------- */

static void set_fn(lua_State *L, int table, const char *name, lua_CFunction f)
{
    table = lua_absindex(L, table);
    lua_pushcfunction(L, f);
    lua_setfield(L, table, name);
}

/* Wrap table[name] (a stock C function) in closure f with it as upvalue. */
static void wrap_fn(lua_State *L, int table, const char *name, lua_CFunction f)
{
    table = lua_absindex(L, table);
    lua_getfield(L, table, name);
    lua_pushcclosure(L, f, 1);
    lua_setfield(L, table, name);
}

/* Runs protected, so running out of memory here is an error, not a panic. */
static int sb_setup(lua_State *L)
{
    static const luaL_Reg libs[] = {
        {LUA_GNAME, luaopen_base},        {LUA_TABLIBNAME, luaopen_table},
        {LUA_STRLIBNAME, luaopen_string}, {LUA_MATHLIBNAME, luaopen_math},
        {LUA_UTF8LIBNAME, luaopen_utf8},  {LUA_COLIBNAME, luaopen_coroutine},
        {NULL, NULL}};
    for (const luaL_Reg *lib = libs; lib->name; lib++) {
        luaL_requiref(L, lib->name, lib->func, 1);
        lua_pop(L, 1);
    }
    lua_pushglobaltable(L);
    int g = lua_gettop(L); /* G */
    lua_pushnil(L);
    lua_setfield(L, g, "dofile");
    lua_pushnil(L);
    lua_setfield(L, g, "loadfile");
    set_fn(L, g, "print", sb_print);
    set_fn(L, g, "load", sb_load);
    set_fn(L, g, "require", sb_require);
    set_fn(L, g, "collectgarbage", sb_collectgarbage);
    set_fn(L, g, "xpcall", sb_xpcall);
    wrap_fn(L, g, "setmetatable", sb_setmetatable);

    /* string: S is what strings index for methods; scripts get a copy C as
     * `string`, and S falls back to C, so ("x"):upper() always finds the
     * real function while functions scripts add to `string` are methods. */
    lua_getfield(L, g, "string");
    int s = lua_gettop(L); /* G S */
    wrap_fn(L, s, "find", sb_pattern_fn);
    wrap_fn(L, s, "match", sb_pattern_fn);
    wrap_fn(L, s, "gmatch", sb_pattern_fn);
    wrap_fn(L, s, "gsub", sb_pattern_fn);
    lua_pushnil(L);
    lua_setfield(L, s, "dump");
    lua_newtable(L); /* G S C */
    lua_pushnil(L);
    while (lua_next(L, s)) { /* G S C k v */
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, -4);
    }
    lua_createtable(L, 0, 1); /* G S C mt */
    lua_pushvalue(L, -2);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, s);
    lua_setfield(L, g, "string"); /* G S */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1); /* G S "" strmeta */
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable"); /* getmetatable("") == false */
    lua_pop(L, 3);                      /* G */

    lua_getfield(L, g, "math");
    set_fn(L, -1, "random", sb_random);
    set_fn(L, -1, "randomseed", sb_randomseed);
    lua_pop(L, 1);

    lua_getfield(L, g, "coroutine");
    set_fn(L, -1, "resume", sb_co_resume);
    set_fn(L, -1, "wrap", sb_co_wrap);
    set_fn(L, -1, "close", sb_co_close);
    lua_pop(L, 2);

    lua_newtable(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &reg_modules);
    lua_newtable(L);
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &reg_poisoned);
    return 0;
}

static int sb_panic(lua_State *L)
{
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "accord: Lua error outside a protected call: %s\n",
            msg ? msg : "(not a string)");
    return 0; /* Lua aborts */
}

/* ---- protected calls and messages -------------------------------------- */

/* lua.c's idea: a traceback while the stack is still there. */
static int sb_msghandler(lua_State *L)
{
    const char *msg = lua_tostring(L, 1);
    /* A nested call's message re-raised by a binding already has a traceback
     * of the whole stack, this part included. */
    if (msg && strstr(msg, "\nstack traceback:\n"))
        return 1;
    if (msg == NULL) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
            msg = lua_tostring(L, -1);
        else
            msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

/* Copy msg into err without the frames of the C caller ("[C]: in ?"). */
static void copy_message(char *err, size_t errlen, const char *prefix, const char *msg)
{
    if (!err || errlen == 0)
        return;
    size_t n = 0;
    if (prefix) {
        int k = snprintf(err, errlen, "%s: ", prefix);
        n = k < 0 ? 0 : (size_t)k < errlen ? (size_t)k : errlen - 1;
    }
    while (*msg && n + 1 < errlen) {
        const char *eol = strchr(msg, '\n');
        size_t len = eol ? (size_t)(eol - msg) + 1 : strlen(msg);
        if (!(len >= 10 && strncmp(msg, "\t[C]: in ?", 10) == 0 &&
              (len == 10 || msg[10] == '\n'))) {
            size_t take = len < errlen - 1 - n ? len : errlen - 1 - n;
            memcpy(err + n, msg, take);
            n += take;
        }
        msg += len;
    }
    while (n > 0 && err[n - 1] == '\n')
        n--;
    err[n] = '\0';
}

/* Turn a failed call or load (error object on top) into a status and text,
 * popping the object. `where` (may be NULL) names the chunk for messages that
 * carry no position: memory and time errors, and load errors like "attempt to
 * load a binary chunk". Runtime errors already start with "file:line:". */
static int sb_failure(acc_sandbox *sb, int status, int fired, const char *where,
                      int loading, char *err, size_t errlen)
{
    lua_State *L = sb->L;
    const char *msg = lua_tostring(L, -1);
    if (!msg)
        msg = "(error object is not a string)";
    int result;
    if (fired) {
        result = ACC_ELIMIT;
        if (!strstr(msg, "time limit of")) {
            char text[64];
            snprintf(text, sizeof text, "time limit of %s s exceeded", sb->time_text);
            copy_message(err, errlen, where, text);
        } else {
            copy_message(err, errlen, NULL, msg);
        }
    } else if (status == LUA_ERRMEM ||
               (status == LUA_ERRRUN && sb->mem_refused &&
                strncmp(msg, "not enough memory", 17) == 0)) {
        /* No traceback for LUA_ERRMEM: lua_pcall skips the handler. */
        char text[96];
        if (sb->mem_refused || !sb->sys_enomem) {
            result = ACC_ELIMIT;
            snprintf(text, sizeof text, "not enough memory (limit %s)", sb->mem_text);
        } else {
            result = ACC_ENOMEM;
            snprintf(text, sizeof text, "not enough memory");
        }
        copy_message(err, errlen, where, text);
        const char *rest = strchr(msg, '\n');
        if (rest && err && errlen > 0) {
            size_t n = strlen(err);
            copy_message(err + n, errlen - n, NULL, rest);
        }
    } else {
        result = status == LUA_ERRSYNTAX ? ACC_EINVAL
                 : status == LUA_ERRFILE ? ACC_EIO
                                         : ACC_ESCRIPT;
        size_t wlen = where ? strlen(where) : 0;
        int named = !loading || !where ||
                    (strncmp(msg, where, wlen) == 0 && msg[wlen] == ':') ||
                    strncmp(msg, "cannot ", 7) == 0;
        copy_message(err, errlen, named ? NULL : where, msg);
    }
    lua_pop(L, 1);
    return result;
}

static int sb_call(acc_sandbox *sb, int nargs, int nresults, const char *where,
                   char *err, size_t errlen)
{
    lua_State *L = sb->L;
    int base = lua_gettop(L) - nargs; /* the function */
    if (!lua_checkstack(L, 1)) {
        lua_settop(L, base - 1);
        acc_errf(err, errlen, "Lua stack overflow (cannot call a function)");
        return ACC_ESCRIPT;
    }
    lua_pushcfunction(L, sb_msghandler);
    lua_insert(L, base); /* msgh f args... */
    int outer = sb->depth == 0;
    if (outer)
        call_begin(sb);
    sb->depth++;
    int status = lua_pcall(L, nargs, nresults, base);
    sb->depth--;
    int fired = outer ? call_end(sb) : (sb->have_thread && time_fired(sb));
    lua_remove(L, base);
    if (status == LUA_OK)
        return ACC_OK;
    return sb_failure(sb, status, fired, where, 0, err, errlen);
}

int acc_sandbox_pcall(acc_sandbox *sb, int nargs, int nresults, char *err, size_t errlen)
{
    return sb_call(sb, nargs, nresults, NULL, err, errlen);
}

struct cpcall_req {
    acc_sandbox_cfn fn;
    void *ud;
    char *err;
    size_t errlen;
    int rc;
};

static int cpcall_trampoline(lua_State *L)
{
    struct cpcall_req *rq = lua_touserdata(L, 1);
    lua_remove(L, 1);
    rq->rc = rq->fn(L, rq->ud, rq->err, rq->errlen);
    return 0;
}

int acc_sandbox_cpcall(acc_sandbox *sb, acc_sandbox_cfn fn, void *ud, int nargs, char *err,
                       size_t errlen)
{
    lua_State *L = sb->L;
    struct cpcall_req rq = {fn, ud, err, errlen, ACC_OK};
    if (!lua_checkstack(L, 2)) {
        lua_pop(L, nargs);
        acc_errf(err, errlen, "Lua stack overflow (cannot read a script's value)");
        return ACC_ESCRIPT;
    }
    lua_pushcfunction(L, cpcall_trampoline);
    lua_pushlightuserdata(L, &rq);
    lua_rotate(L, -2 - nargs, 2); /* tramp rq args... */
    int rc = sb_call(sb, nargs + 1, 0, NULL, err, errlen);
    return rc ? rc : rq.rc;
}

struct load_req {
    const char *path;      /* a file, or */
    const char *code;      /* a string */
    size_t len;
    const char *chunkname;
    int status;
};

static int sb_load_chunk(lua_State *L)
{
    struct load_req *rq = lua_touserdata(L, 1);
    if (rq->path)
        rq->status = luaL_loadfilex(L, rq->path, "t");
    else
        rq->status = luaL_loadbufferx(L, rq->code, rq->len, rq->chunkname, "t");
    return 1; /* function or message */
}

/* Load protected (luaL_loadfilex allocates before its own protection), then
 * run. */
static int load_and_run(acc_sandbox *sb, struct load_req *rq, const char *where,
                        int nresults, char *err, size_t errlen)
{
    lua_State *L = sb->L;
    if (sb->depth == 0) {
        sb->mem_refused = 0;
        sb->sys_enomem = 0;
    }
    if (!lua_checkstack(L, 2)) {
        acc_errf(err, errlen, "Lua stack overflow (cannot load %s)", where ? where : "a chunk");
        return ACC_ESCRIPT;
    }
    lua_pushcfunction(L, sb_load_chunk);
    lua_pushlightuserdata(L, rq);
    int status = lua_pcall(L, 1, 1, 0);
    if (status == LUA_OK)
        status = rq->status;
    if (status != LUA_OK)
        return sb_failure(sb, status, 0, where, 1, err, errlen);
    return sb_call(sb, 0, nresults, where, err, errlen);
}

int acc_sandbox_dofile(acc_sandbox *sb, const char *path, int nresults, char *err,
                       size_t errlen)
{
    if (!path) {
        acc_errf(err, errlen, "no script file given");
        return ACC_EINVAL;
    }
    struct load_req rq = {path, NULL, 0, NULL, LUA_OK};
    return load_and_run(sb, &rq, path, nresults, err, errlen);
}

int acc_sandbox_dostring(acc_sandbox *sb, const char *code, const char *chunkname,
                         int nresults, char *err, size_t errlen)
{
    if (!code) {
        acc_errf(err, errlen, "no script text given");
        return ACC_EINVAL;
    }
    char name[1024];
    if (!chunkname)
        chunkname = "=(string)";
    if (chunkname[0] != '@' && chunkname[0] != '=') { /* a path */
        snprintf(name, sizeof name, "@%s", chunkname);
        chunkname = name;
    }
    struct load_req rq = {NULL, code, strlen(code), chunkname, LUA_OK};
    return load_and_run(sb, &rq, chunkname + 1, nresults, err, errlen);
}

/* ---- life cycle ---------------------------------------------------------- */

int acc_sandbox_new(const acc_sandbox_opts *opts, acc_sandbox **out, char *err,
                    size_t errlen)
{
    static const acc_sandbox_opts defaults = {0};
    if (!out) {
        acc_errf(err, errlen, "acc_sandbox_new: no output handle");
        return ACC_EINVAL;
    }
    *out = NULL;
    const acc_sandbox_opts *o = opts ? opts : &defaults;
    if (!(o->time_limit_s >= 0 && o->time_limit_s <= 1e6)) {
        acc_errf(err, errlen, "script time limit must be in [0, 1e6] s, got %g",
                 o->time_limit_s);
        return ACC_EINVAL;
    }
    if (o->n_search_dirs < 0 || (o->n_search_dirs > 0 && !o->search_dirs)) {
        acc_errf(err, errlen, "bad script search directories (%d given)", o->n_search_dirs);
        return ACC_EINVAL;
    }
    for (int i = 0; i < o->n_search_dirs; i++) {
        if (!o->search_dirs[i]) {
            acc_errf(err, errlen, "script search directory %d is NULL", i + 1);
            return ACC_EINVAL;
        }
    }

    int status = ACC_ENOMEM;
    acc_sandbox *sb = calloc(1, sizeof *sb);
    if (!sb)
        goto nomem;
    sb->mem_limit = o->mem_limit_bytes ? o->mem_limit_bytes : ACC_SANDBOX_MEM_DEFAULT;
    format_bytes(sb->mem_text, sizeof sb->mem_text, sb->mem_limit);
    sb->log = o->log;
    sb->log_ud = o->log_ud;
    sb->stuck = o->stuck;
    sb->stuck_ud = o->stuck_ud;
    snprintf(sb->time_text, sizeof sb->time_text, "%g", o->time_limit_s);
    if (o->n_search_dirs > 0) {
        sb->search_dirs = calloc((size_t)o->n_search_dirs, sizeof *sb->search_dirs);
        if (!sb->search_dirs)
            goto nomem;
        for (int i = 0; i < o->n_search_dirs; i++) {
            size_t len = strlen(o->search_dirs[i]);
            while (len > 1 && o->search_dirs[i][len - 1] == '/') /* "scripts/" */
                len--;
            sb->search_dirs[i] = malloc(len + 1);
            if (!sb->search_dirs[i])
                goto nomem;
            sb->n_search_dirs = i + 1;
            memcpy(sb->search_dirs[i], o->search_dirs[i], len);
            sb->search_dirs[i][len] = '\0';
        }
    }
    sb->rng = acc_rng_stream_new(o->seed, o->run, ACC_STREAM_LUA, 0);
    if (!sb->rng)
        goto nomem;

    sb->L = lua_newstate(sb_alloc, sb);
    if (!sb->L) {
        if (sb->mem_refused) {
            status = ACC_ELIMIT;
            acc_errf(err, errlen, "cannot create the Lua state: not enough memory (limit %s)",
                     sb->mem_text);
            goto fail;
        }
        goto nomem;
    }
    lua_atpanic(sb->L, sb_panic);
    lua_setwarnf(sb->L, sb_warnf, sb);
    lua_pushcfunction(sb->L, sb_setup);
    int lst = lua_pcall(sb->L, 0, 0, 0);
    if (lst != LUA_OK) {
        const char *msg = lua_tostring(sb->L, -1);
        status = sb->mem_refused ? ACC_ELIMIT : lst == LUA_ERRMEM ? ACC_ENOMEM : ACC_ESCRIPT;
        if (sb->mem_refused)
            acc_errf(err, errlen, "cannot open the Lua libraries: not enough memory (limit %s)",
                     sb->mem_text);
        else
            acc_errf(err, errlen, "cannot open the Lua libraries: %s", msg ? msg : "?");
        goto fail;
    }

    if (o->time_limit_s > 0) {
        sb->limit_ns = (int64_t)(o->time_limit_s * 1e9);
        if (sb->limit_ns < 1)
            sb->limit_ns = 1;
        sb->period_ns = sb->limit_ns / 8;
        if (sb->period_ns < 1000000)
            sb->period_ns = 1000000; /* 1 ms */
        if (sb->period_ns > 1000000000)
            sb->period_ns = 1000000000;
        sb->grace_ns = sb->limit_ns > 250000000 ? sb->limit_ns : 250000000;
        pthread_condattr_t ca;
        if (pthread_condattr_init(&ca) != 0)
            goto nomem;
        int rc = pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
        if (rc == 0)
            rc = pthread_cond_init(&sb->cv, &ca);
        pthread_condattr_destroy(&ca);
        if (rc != 0)
            goto nomem;
        if (pthread_mutex_init(&sb->mu, NULL) != 0) {
            pthread_cond_destroy(&sb->cv);
            goto nomem;
        }
        sb->have_sync = 1;
        atomic_store(&sb->running, sb->L);
        if (pthread_create(&sb->thread, NULL, watchdog_main, sb) != 0) {
            acc_errf(err, errlen, "cannot start the script watchdog thread");
            goto fail;
        }
        sb->have_thread = 1;
    }
    *out = sb;
    return ACC_OK;

nomem:
    status = ACC_ENOMEM;
    acc_errf(err, errlen, "cannot create the Lua sandbox: out of memory");
fail:
    acc_sandbox_free(sb);
    return status;
}

void acc_sandbox_free(acc_sandbox *sb)
{
    if (!sb)
        return;
    if (sb->have_thread) {
        pthread_mutex_lock(&sb->mu);
        sb->quit = 1;
        pthread_cond_signal(&sb->cv);
        pthread_mutex_unlock(&sb->mu);
        pthread_join(sb->thread, NULL);
    }
    if (sb->have_sync) {
        pthread_mutex_destroy(&sb->mu);
        pthread_cond_destroy(&sb->cv);
    }
    if (sb->L)
        lua_close(sb->L);
    if (sb->rng)
        gsl_rng_free(sb->rng);
    for (int i = 0; i < sb->n_search_dirs; i++)
        free(sb->search_dirs[i]);
    free(sb->search_dirs);
    free(sb);
}

lua_State *acc_sandbox_lua(acc_sandbox *sb)
{
    return sb->L;
}

acc_sandbox *acc_sandbox_from_lua(lua_State *L)
{
    return sb_of(L);
}

void acc_sandbox_push_env(acc_sandbox *sb)
{
    lua_pushglobaltable(sb->L);
}

size_t acc_sandbox_mem_used(const acc_sandbox *sb)
{
    return sb->mem_used;
}

size_t acc_sandbox_mem_peak(const acc_sandbox *sb)
{
    return sb->mem_peak;
}
