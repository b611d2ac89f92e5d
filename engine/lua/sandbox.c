/* accord — the Lua 5.4 sandbox for scenario scripts: the counting allocator,
 * the watchdog thread behind the time limit, protected calls that turn Lua
 * errors into statuses and "file:line:" text, and the sandbox's life cycle.
 * The libraries scripts see are in sandbox_lib.c.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lua/sandbox_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lauxlib.h>

#define HOOK_MASK (LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT)

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
        /* Lua raises this refusal without calling the message handler: the
         * line must be read now, from the running thread, if that is safe.
         * Only refusals set mem_where; each outermost call clears it. */
        if (sb->alloc_where && sb->depth > 0) {
            char where[WHERE_MAX]; /* none when a finished coroutine is reset: keep the last */
            sb_where(atomic_load_explicit(&sb->running, memory_order_relaxed), where, sizeof where);
            if (where[0])
                memcpy(sb->mem_where, where, sizeof where);
        }
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

/* Can the allocator read the running thread's stack when it refuses? Up to
 * Lua 5.4.4 every allocator call sees a consistent stack (5.4.3 and 5.4.4
 * allocate a new stack before touching the old one; 5.4.0-5.4.2 reallocate
 * the old block, which stays intact when we refuse). From 5.4.5 on,
 * luaD_reallocstack turns the stack's pointers into offsets while it calls
 * the allocator, and reading them would crash. The library that runs, not
 * the headers we were built with, decides: lua_ident names its release. */
static int alloc_may_read_stack(void)
{
    const char *v = strstr(lua_ident, "Lua 5.4.");
    if (!v)
        return 0;
    char *end;
    long release = strtol(v + 8, &end, 10);
    return end != v + 8 && release >= 0 && release <= 4;
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

static int sb_msghandler(lua_State *L);

/* Reads the stack only (no allocation): the allocator may call it. */
void sb_where(lua_State *L, char *buf, size_t len)
{
    lua_Debug ar;
    buf[0] = '\0';
    for (int level = 0; lua_getstack(L, level, &ar); level++) {
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
            snprintf(buf, len, "%s:%d", ar.short_src, ar.currentline);
            return;
        }
    }
}

void sb_raise_time_error(lua_State *L, acc_sandbox *sb)
{
    char where[WHERE_MAX];
    sb_where(L, where, sizeof where);
    if (atomic_load(&sb->intr)) /* opts.interrupted: the program is stopping */
        lua_pushfstring(L, "%s%sinterrupted", where, where[0] ? ": " : "");
    else if (where[0])
        lua_pushfstring(L, "%s: time limit of %s s exceeded", where, sb->time_text);
    else
        lua_pushfstring(L, "time limit of %s s exceeded", sb->time_text);
    lua_error(L);
}

/* ---- notes for the stuck report ---------------------------------------- */

/* Written by the thread running Lua only. */
static void note_write(sb_note *n, uint64_t epoch, const char *fn, const char *where)
{
    uint64_t seq = atomic_load_explicit(&n->seq, memory_order_relaxed);
    atomic_store_explicit(&n->seq, seq + 1, memory_order_relaxed);
    atomic_thread_fence(memory_order_release);
    n->epoch = epoch;
    n->fn = fn;
    snprintf(n->where, sizeof n->where, "%s", where ? where : "");
    atomic_store_explicit(&n->seq, seq + 2, memory_order_release);
}

/* By the watchdog: the note of call `epoch`, if it is one (copied into where,
 * *fn) and was not being rewritten meanwhile. */
static int note_read(sb_note *n, uint64_t epoch, char *where, size_t len, const char **fn)
{
    uint64_t s1 = atomic_load_explicit(&n->seq, memory_order_acquire);
    if (s1 & 1)
        return 0;
    int mine = n->epoch == epoch;
    if (mine) {
        *fn = n->fn;
        snprintf(where, len, "%s", n->where);
    }
    atomic_thread_fence(memory_order_acquire);
    return mine && where[0] && atomic_load_explicit(&n->seq, memory_order_relaxed) == s1;
}

/* A string pattern function that may run long in C (where no hook reaches)
 * is about to: keep its caller's place for the stuck report. */
void sb_pattern_begin(lua_State *L, acc_sandbox *sb, const char *fn)
{
    if (!sb->have_thread || !sb->stuck)
        return;
    char where[WHERE_MAX];
    sb_where(L, where, sizeof where);
    note_write(&sb->pattern_note, atomic_load_explicit(&sb->epoch, memory_order_relaxed), fn,
               where);
    sb->pattern_noted = 1;
}

/* It returned, or an error that may have come from it was caught (pcall,
 * xpcall, a coroutine, a protected call from C; a new outermost call starts
 * clean): no stale place is reported for a later call stuck elsewhere in C. */
void sb_pattern_end(acc_sandbox *sb)
{
    if (sb->pattern_noted) {
        note_write(&sb->pattern_note, 0, NULL, NULL);
        sb->pattern_noted = 0;
    }
}

/* Set only by the watchdog (or on a coroutine resumed after it fired). Once
 * the limit has fired it raises at every call, return, line and instruction,
 * so a script that catches the error with pcall is stopped again at once. */
static void sb_hook(lua_State *L, lua_Debug *ar)
{
    acc_sandbox *sb = sb_of(L);
    if (sb_time_fired(sb)) {
        if (ar->event == LUA_HOOKCALL || ar->event == LUA_HOOKRET) {
            /* Let the message handlers run and return: they turn the error
             * into text (raising as one returned replaced its text by a
             * second error's, at another line). */
            lua_getinfo(L, "f", ar);
            lua_CFunction f = lua_tocfunction(L, -1);
            lua_pop(L, 1);
            if (f == sb_msghandler || f == sb_xpcall_msgh)
                return;
        }
        sb_raise_time_error(L, sb);
        return;
    }
    /* Left over from a call that has ended: remove it. */
    pthread_mutex_lock(&sb->mu);
    if (!sb_time_fired(sb))
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

/* The stuck report, naming the place when the Lua thread left a note. */
static void report_stuck(acc_sandbox *sb, uint64_t e)
{
    char where[WHERE_MAX], msg[WHERE_MAX + 200];
    const char *fn = NULL;
    int pat = note_read(&sb->pattern_note, e, where, sizeof where, &fn);
    if (!pat && !note_read(&sb->load_note, e, where, sizeof where, &fn))
        where[0] = '\0';
    snprintf(msg, sizeof msg,
             "%s%stime limit of %s s exceeded and the script did not stop (stuck %s%s%s)",
             where, where[0] ? ": " : "", sb->time_text,
             pat && fn ? "in string." : "where the hook cannot reach, e.g. in a C function",
             pat && fn ? fn : "", pat && fn ? ", where the hook cannot reach" : "");
    sb->stuck(sb->stuck_ud, msg);
}

/* The limit is counted from the first sample that sees a call running. While
 * calls run the watchdog samples at least every period (and call_begin wakes
 * it when it sleeps idle), so a call is seen at most a period after it began,
 * and stopped after at most limit + period (+ the scheduler's delay), never
 * before the limit. The calling thread only bumps `epoch`: no clock read per
 * call. */
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
            if (e != tracked) { /* a call we had not seen yet: it began after the last sample */
                tracked = e;
                since = now;
                stuck_reported = 0;
            }
            if (!atomic_load(&sb->intr) && sb->interrupted && sb->interrupted())
                atomic_store(&sb->intr, 1);
            if (atomic_load(&sb->intr) || now - since >= sb->limit_ns) {
                /* Fire, and fire again every period while the call lasts:
                 * the running coroutine may have changed in between. An
                 * interruption stops the call as its time limit would (the
                 * message says which); the stuck report still waits for
                 * limit + grace. */
                watchdog_fire(sb, e);
                if (!stuck_reported && sb->stuck &&
                    now - since >= sb->limit_ns + sb->grace_ns) {
                    stuck_reported = 1;
                    report_stuck(sb, e);
                }
                wake = now + sb->period_ns;
            } else {
                /* Not only at since + limit: this call may end and another
                 * begin meanwhile, which must be seen within a period. */
                wake = since + sb->limit_ns;
                if (wake > now + sb->period_ns)
                    wake = now + sb->period_ns;
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
static void call_begin(acc_sandbox *sb, const char *where)
{
    sb->mem_refused = 0;
    sb->sys_enomem = 0;
    sb->mem_where[0] = '\0';
    atomic_store_explicit(&sb->running, sb->L, memory_order_relaxed);
    if (!sb->have_thread)
        return;
    sb_pattern_end(sb);
    uint64_t e = atomic_fetch_add(&sb->epoch, 1) + 1; /* odd: a call runs */
    if (where && sb->stuck) /* loading a chunk: the stuck report names it */
        note_write(&sb->load_note, e, NULL, where);
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
    int fired = sb_time_fired(sb);
    atomic_fetch_add_explicit(&sb->epoch, 1, memory_order_release);
    return fired;
}

/* A coroutine starts or resumes running `co` / control returns to `back`. */
void sb_thread_enter(acc_sandbox *sb, lua_State *co)
{
    atomic_store(&sb->running, co);
    if (!sb->have_thread)
        return;
    if (sb_time_fired(sb)) {
        pthread_mutex_lock(&sb->mu);
        lua_sethook(co, sb_hook, HOOK_MASK, 1);
        pthread_mutex_unlock(&sb->mu);
    }
}

void sb_thread_leave(acc_sandbox *sb, lua_State *back)
{
    if (!sb->have_thread) {
        atomic_store(&sb->running, back);
        return;
    }
    /* Under the lock: once we return, the coroutine may be collected, and
     * the watchdog must not be about to set a hook on it. */
    pthread_mutex_lock(&sb->mu);
    atomic_store(&sb->running, back);
    if (sb_time_fired(sb))
        lua_sethook(back, sb_hook, HOOK_MASK, 1);
    pthread_mutex_unlock(&sb->mu);
}

/* ---- protected calls and messages -------------------------------------- */

/* Lua's words for a script reaching what the sandbox leaves out, and ours:
 * the globals it removes are nil (so `if os then` still works), and using
 * one says why. */
static const char *const absent_globals[] = {"os", "io", "debug", "package", "dofile",
                                             "loadfile", NULL};

struct refusal {
    size_t at, len; /* Lua's words in the message */
    char text[192]; /* ours */
};

static int find_refusal(const char *msg, struct refusal *r)
{
    static const char *const nil_use[] = {"attempt to index a nil value (global '",
                                          "attempt to call a nil value (global '", NULL};
    static const char binary[] = "attempt to load a binary chunk (mode is 't')";
    const char *eol = strchr(msg, '\n'), *m;
    for (int i = 0; nil_use[i]; i++) {
        if (!(m = strstr(msg, nil_use[i])) || (eol && m > eol))
            continue;
        const char *name = m + strlen(nil_use[i]);
        for (int k = 0; absent_globals[k]; k++) {
            size_t n = strlen(absent_globals[k]);
            if (strncmp(name, absent_globals[k], n) != 0 || strncmp(name + n, "')", 2) != 0)
                continue;
            r->at = (size_t)(m - msg);
            r->len = (size_t)(name + n + 2 - m);
            snprintf(r->text, sizeof r->text,
                     "'%s' is not available to scenario scripts: they run in a sandbox (%ssee "
                     "docs/security.md)",
                     absent_globals[k], strstr(absent_globals[k], "file") ? "use require for modules; " : "");
            return 1;
        }
    }
    if ((m = strstr(msg, binary)) && (!eol || m < eol)) {
        r->at = (size_t)(m - msg);
        r->len = sizeof binary - 1;
        snprintf(r->text, sizeof r->text,
                 "binary chunks are not available to scenario scripts: they run in a sandbox, "
                 "where load takes source text only (see docs/security.md)");
        return 1;
    }
    return 0;
}

int sb_explain_push(lua_State *L, const char *msg)
{
    struct refusal r;
    if (!find_refusal(msg, &r))
        return 0;
    lua_pushlstring(L, msg, r.at);
    lua_pushstring(L, r.text);
    lua_pushstring(L, msg + r.at + r.len);
    lua_concat(L, 3);
    return 1;
}

/* The text of an error object that is not a string (error(obj) adds no
 * position to it), pushed: "file:line: " of the innermost Lua line, then its
 * __tostring's text cut to ERROR_OBJECT_TEXT_MAX bytes (a 10 MB one pushed
 * the place and the traceback out of the message), or what went wrong with
 * it. __tostring runs protected: its own error, a non-string result or the
 * time limit (which stops it, as any call, once it has fired) is said in the
 * message, so the handler neither fails nor waits. */
#define ERROR_OBJECT_TEXT_MAX 400 /* with a place of up to LUA_IDSIZE + 12 bytes, under hook_error's cut */
static const char *object_message(lua_State *L, acc_sandbox *sb)
{
    char where[WHERE_MAX];
    sb_where(L, where, sizeof where);
    const char *type = luaL_typename(L, 1);
    const char *text;
    size_t len = 0;
    if (!lua_checkstack(L, 4)) {
        text = NULL;
    } else if (luaL_getmetafield(L, 1, "__tostring") == LUA_TNIL) {
        text = lua_pushfstring(L, "(error object is a %s value)", type);
        len = strlen(text);
    } else {
        lua_pushvalue(L, 1);
        int st = lua_pcall(L, 1, 1, 0);
        if (st == LUA_OK && lua_type(L, -1) == LUA_TSTRING) {
            text = lua_tolstring(L, -1, &len);
        } else if (st != LUA_OK && sb_time_fired(sb) && lua_type(L, -1) == LUA_TSTRING) {
            return lua_tostring(L, -1); /* "file:line: time limit of ... exceeded" */
        } else {
            const char *why = st == LUA_OK ? luaL_typename(L, -1) : lua_tostring(L, -1);
            if (st == LUA_OK)
                text = lua_pushfstring(L, "(error object is a %s value; its __tostring returned a %s, "
                                          "not a string)", type, why);
            else
                text = lua_pushfstring(L, "(error object is a %s value; its __tostring failed: %s)",
                                       type, why ? why : "(a non-string error)");
            len = strlen(text);
        }
    }
    if (!text)
        return "(error object is not a string)";
    size_t keep = len;
    if (keep > ERROR_OBJECT_TEXT_MAX) { /* cut at a UTF-8 boundary */
        keep = ERROR_OBJECT_TEXT_MAX;
        while (keep > 0 && ((unsigned char)text[keep] & 0xC0) == 0x80)
            keep--;
    }
    lua_pushfstring(L, "%s%s", where, where[0] ? ": " : "");
    lua_pushlstring(L, text, keep);
    lua_pushstring(L, keep < len ? " ..." : "");
    lua_concat(L, 3);
    return lua_tostring(L, -1);
}

/* lua.c's idea: a traceback while the stack is still there. */
static int sb_msghandler(lua_State *L)
{
    const char *msg = lua_tostring(L, 1);
    /* A nested call's message re-raised by a binding already has a traceback
     * of the whole stack, this part included. */
    if (msg && strstr(msg, "\nstack traceback:\n"))
        return 1;
    if (msg && strcmp(msg, "not enough memory") == 0) {
        /* Raised with no place (by a string buffer, or re-raised from a
         * coroutine): sb_failure names the place of the refusal if the
         * allocator could read it, else this one. */
        acc_sandbox *sb = sb_of(L);
        if (sb->mem_refused && !sb->mem_where[0])
            sb_where(L, sb->mem_where, sizeof sb->mem_where);
    }
    if (msg == NULL) {
        msg = object_message(L, sb_of(L));
    } else if (sb_explain_push(L, msg)) {
        msg = lua_tostring(L, -1);
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

/* "not enough memory" as Lua or a string buffer raises it, or as a nested
 * call reported it ("file:line: not enough memory (limit ...)"). */
static int is_memory_message(const char *msg)
{
    const char *m = strstr(msg, "not enough memory"), *eol = strchr(msg, '\n');
    return m && (!eol || m < eol) && (m == msg || (m - msg >= 2 && m[-2] == ':' && m[-1] == ' '));
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
        int intr = atomic_load(&sb->intr);
        if (!strstr(msg, intr ? "interrupted" : "time limit of")) {
            char text[64];
            if (intr)
                snprintf(text, sizeof text, "interrupted");
            else
                snprintf(text, sizeof text, "time limit of %s s exceeded", sb->time_text);
            copy_message(err, errlen, where, text);
        } else {
            copy_message(err, errlen, NULL, msg);
        }
    } else if (status == LUA_ERRMEM ||
               (status == LUA_ERRRUN && sb->mem_refused && is_memory_message(msg))) {
        /* No traceback for LUA_ERRMEM: lua_pcall skips the handler. */
        char text[96];
        if (sb->mem_refused || !sb->sys_enomem) {
            result = ACC_ELIMIT;
            snprintf(text, sizeof text, "not enough memory (limit %s)", sb->mem_text);
        } else {
            result = ACC_ENOMEM;
            snprintf(text, sizeof text, "not enough memory");
        }
        copy_message(err, errlen, sb->mem_where[0] ? sb->mem_where : where, text);
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
        struct refusal r;
        if (loading && find_refusal(msg, &r) && r.at == 0 && !strchr(msg, '\n') &&
            r.len == strlen(msg))
            msg = r.text; /* a binary file */
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
        call_begin(sb, where);
    sb->depth++;
    int status = lua_pcall(L, nargs, nresults, base);
    sb->depth--;
    if (status != LUA_OK)
        sb_pattern_end(sb);
    int fired = outer ? call_end(sb) : (sb->have_thread && sb_time_fired(sb));
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
        sb->mem_where[0] = '\0';
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

static int check_opts(const acc_sandbox_opts *o, char *err, size_t errlen)
{
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
    return ACC_OK;
}

static int out_of_memory(char *err, size_t errlen)
{
    acc_errf(err, errlen, "cannot create the Lua sandbox: out of memory");
    return ACC_ENOMEM;
}

/* The search folders, without trailing slashes ("scripts/"). */
static int copy_search_dirs(acc_sandbox *sb, const acc_sandbox_opts *o, char *err, size_t errlen)
{
    if (o->n_search_dirs <= 0)
        return ACC_OK;
    sb->search_dirs = calloc((size_t)o->n_search_dirs, sizeof *sb->search_dirs);
    if (!sb->search_dirs)
        return out_of_memory(err, errlen);
    for (int i = 0; i < o->n_search_dirs; i++) {
        size_t len = strlen(o->search_dirs[i]);
        while (len > 1 && o->search_dirs[i][len - 1] == '/') /* "scripts/" */
            len--;
        sb->search_dirs[i] = malloc(len + 1);
        if (!sb->search_dirs[i])
            return out_of_memory(err, errlen);
        sb->n_search_dirs = i + 1;
        memcpy(sb->search_dirs[i], o->search_dirs[i], len);
        sb->search_dirs[i][len] = '\0';
    }
    return ACC_OK;
}

/* The Lua state, on the counting allocator, with the sandbox's libraries. */
static int open_state(acc_sandbox *sb, char *err, size_t errlen)
{
    sb->L = lua_newstate(sb_alloc, sb);
    atomic_store(&sb->running, sb->L);
    if (!sb->L) {
        if (!sb->mem_refused)
            return out_of_memory(err, errlen);
        acc_errf(err, errlen, "cannot create the Lua state: not enough memory (limit %s)", sb->mem_text);
        return ACC_ELIMIT;
    }
    lua_atpanic(sb->L, sb_panic);
    lua_setwarnf(sb->L, sb_warnf, sb);
    lua_pushcfunction(sb->L, sb_setup);
    int lst = lua_pcall(sb->L, 0, 0, 0);
    if (lst == LUA_OK)
        return ACC_OK;
    const char *msg = lua_tostring(sb->L, -1);
    if (sb->mem_refused)
        acc_errf(err, errlen, "cannot open the Lua libraries: not enough memory (limit %s)", sb->mem_text);
    else
        acc_errf(err, errlen, "cannot open the Lua libraries: %s", msg ? msg : "?");
    return sb->mem_refused ? ACC_ELIMIT : lst == LUA_ERRMEM ? ACC_ENOMEM : ACC_ESCRIPT;
}

/* The watchdog thread of a time limit of limit_s > 0 seconds: it samples
 * every period (an eighth of the limit, in [1 ms, 1 s]). */
static int start_watchdog(acc_sandbox *sb, double limit_s, char *err, size_t errlen)
{
    sb->limit_ns = (int64_t)(limit_s * 1e9);
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
        return out_of_memory(err, errlen);
    int rc = pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    if (rc == 0)
        rc = pthread_cond_init(&sb->cv, &ca);
    pthread_condattr_destroy(&ca);
    if (rc != 0)
        return out_of_memory(err, errlen);
    if (pthread_mutex_init(&sb->mu, NULL) != 0) {
        pthread_cond_destroy(&sb->cv);
        return out_of_memory(err, errlen);
    }
    sb->have_sync = 1;
    atomic_store(&sb->running, sb->L);
    if (pthread_create(&sb->thread, NULL, watchdog_main, sb) != 0) {
        acc_errf(err, errlen, "cannot start the script watchdog thread");
        return ACC_ENOMEM;
    }
    sb->have_thread = 1;
    return ACC_OK;
}

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
    int status = check_opts(o, err, errlen);
    if (status)
        return status;
    acc_sandbox *sb = calloc(1, sizeof *sb);
    if (!sb)
        return out_of_memory(err, errlen);
    sb->mem_limit = o->mem_limit_bytes ? o->mem_limit_bytes : ACC_SANDBOX_MEM_DEFAULT;
    sb->alloc_where = alloc_may_read_stack();
    format_bytes(sb->mem_text, sizeof sb->mem_text, sb->mem_limit);
    sb->log = o->log;
    sb->log_ud = o->log_ud;
    sb->stuck = o->stuck;
    sb->stuck_ud = o->stuck_ud;
    sb->interrupted = o->interrupted;
    snprintf(sb->time_text, sizeof sb->time_text, "%g", o->time_limit_s);
    if ((status = copy_search_dirs(sb, o, err, errlen)))
        goto fail;
    sb->rng = acc_rng_stream_new(o->seed, o->run, ACC_STREAM_LUA, 0);
    if (!sb->rng) {
        status = out_of_memory(err, errlen);
        goto fail;
    }
    if ((status = open_state(sb, err, errlen)) ||
        (o->time_limit_s > 0 && (status = start_watchdog(sb, o->time_limit_s, err, errlen))))
        goto fail;
    *out = sb;
    return ACC_OK;
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
    for (int i = 0; i < sb->n_modules; i++) {
        free(sb->modules[i].name);
        free(sb->modules[i].path);
    }
    free(sb->modules);
    free(sb);
}

int acc_sandbox_nmodules(const acc_sandbox *sb)
{
    return sb->n_modules;
}

const char *acc_sandbox_module(const acc_sandbox *sb, int i, const char **path,
                               const char **sha256)
{
    if (i < 0 || i >= sb->n_modules)
        return NULL;
    if (path)
        *path = sb->modules[i].path;
    if (sha256)
        *sha256 = sb->modules[i].sha256;
    return sb->modules[i].name;
}

int acc_sandbox_nsearch_dirs(const acc_sandbox *sb)
{
    return sb->n_search_dirs;
}

const char *acc_sandbox_search_dir(const acc_sandbox *sb, int i)
{
    return i >= 0 && i < sb->n_search_dirs ? sb->search_dirs[i] : NULL;
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
