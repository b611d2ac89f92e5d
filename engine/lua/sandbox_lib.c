/* accord — the libraries a scenario script sees in the sandbox: base
 * (print, warn, load, setmetatable, collectgarbage, pcall and xpcall replaced),
 * require from the search folders, string with capped patterns, math.random
 * from the run's stream, coroutines tracked for the watchdog; and building
 * the sandbox's global table. SPDX-License-Identifier: GPL-3.0-or-later */
#define _XOPEN_SOURCE 700 /* realpath */
#include "lua/sandbox_int.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <lauxlib.h>
#include <lualib.h>

#include "base/readfile.h"
#include "base/sha256.h"

#define MODULE_NAME_MAX 200

/* Registry keys: their addresses are unique light-userdata keys. */
static const char reg_modules = 'm';   /* name -> value of loaded modules */
static const char reg_poisoned = 'p';  /* weak set of coroutines killed by the limit */
static const char reg_loading = 'l';   /* name -> true while its module's chunk runs */
#define LOADING_MT "accord.require_loading"


/* ---- base library replacements ---------------------------------------- */

/* Send one line to the log, within ACC_SANDBOX_LOG_MAX bytes in all. */
static void sb_log_line(acc_sandbox *sb, const char *line)
{
    if (!sb->log || sb->log_full)
        return;
    size_t len = strlen(line) + 1; /* with its newline */
    if (len > ACC_SANDBOX_LOG_MAX - sb->log_bytes) {
        sb->log_full = 1;
        char note[160];
        snprintf(note, sizeof note, "accord: the scripts' log reached its limit of %zu MiB; later lines "
                                    "are dropped", ACC_SANDBOX_LOG_MAX >> 20);
        sb->log(sb->log_ud, note);
        return;
    }
    sb->log_bytes += len;
    sb->log(sb->log_ud, line);
}

void acc_sandbox_log(acc_sandbox *sb, const char *line) { sb_log_line(sb, line); }

/* print: tostring of each argument, tab-separated, to the log callback. */
static int sb_print(lua_State *L)
{
    acc_sandbox *sb = sb_of(L);
    int n = lua_gettop(L);
    if (!sb->log || sb->log_full)
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
    sb_log_line(sb, lua_tostring(L, -1));
    return 0;
}

/* warn: pieces are joined; the last one sends "warning: ..." to the log.
 * Control messages ("@on", "@off") are accepted and ignored. */
void sb_warnf(void *ud, const char *msg, int tocont)
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
        sb_log_line(sb, line);
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
        if (lua_type(L, -1) == LUA_TSTRING && sb_explain_push(L, lua_tostring(L, -1)))
            lua_remove(L, -2);
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
int sb_xpcall_msgh(lua_State *L)
{
    if (sb_time_fired(sb_of(L)))
        return 1; /* keep the time-limit message */
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int xpcall_done(lua_State *L, int status, lua_KContext base)
{
    if (status != LUA_OK && status != LUA_YIELD) {
        sb_pattern_end(sb_of(L)); /* the error may have left a pattern call */
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
    lua_pushcclosure(L, sb_xpcall_msgh, 1);
    lua_replace(L, 2);      /* f msgh args... */
    lua_pushboolean(L, 1);
    lua_pushvalue(L, 1);    /* f msgh args... true f */
    lua_rotate(L, 3, 2);    /* f msgh true f args... */
    int status = lua_pcallk(L, n - 2, LUA_MULTRET, 2, 2, xpcall_done);
    return xpcall_done(L, status, 2);
}

/* pcall: the stock one (lbaselib.c's luaB_pcall), and a caught error ends
 * the note of a string pattern call it may have left (see sb_pattern_end). */
static int pcall_done(lua_State *L, int status, lua_KContext extra)
{
    if (status != LUA_OK && status != LUA_YIELD) {
        sb_pattern_end(sb_of(L));
        lua_pushboolean(L, 0);
        lua_pushvalue(L, -2);
        return 2; /* false msg */
    }
    return lua_gettop(L) - (int)extra; /* true results... */
}

static int sb_pcall(lua_State *L)
{
    luaL_checkany(L, 1);
    lua_pushboolean(L, 1);
    lua_insert(L, 1); /* true f args... */
    int status = lua_pcallk(L, lua_gettop(L) - 2, LUA_MULTRET, 0, 0, pcall_done);
    return pcall_done(L, status, 0);
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

/* __close of the marker sb_require pushes while a module's chunk runs: the
 * module is no longer loading, whether it returned or raised. */
static int loading_close(lua_State *L)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &reg_loading);
    lua_rawgeti(L, 1, 1); /* the name */
    lua_pushnil(L);
    lua_rawset(L, -3);
    return 0;
}

/* Note that require loaded module name from the file at abspath, whose
 * bytes have the SHA-256 hex (for the run's manifest, "sources"). */
static int note_module(acc_sandbox *sb, const char *name, const char *abspath, const char *hex)
{
    for (int i = 0; i < sb->n_modules; i++)
        if (strcmp(sb->modules[i].path, abspath) == 0 && strcmp(sb->modules[i].sha256, hex) == 0)
            return ACC_OK;
    if (sb->n_modules == sb->cap_modules) {
        int cap = sb->cap_modules ? 2 * sb->cap_modules : 8;
        sb_module *m = realloc(sb->modules, sizeof *m * (size_t)cap);
        if (!m)
            return ACC_ENOMEM;
        sb->modules = m;
        sb->cap_modules = cap;
    }
    sb_module *m = &sb->modules[sb->n_modules];
    m->name = strdup(name);
    m->path = strdup(abspath);
    if (!m->name || !m->path) {
        free(m->name);
        free(m->path);
        return ACC_ENOMEM;
    }
    snprintf(m->sha256, sizeof m->sha256, "%s", hex);
    sb->n_modules++;
    return ACC_OK;
}

/* Load module name from the file at path (real path abspath) as a text chunk
 * named "@path", read as the scenario file is (acc_io_read_regular_file: at
 * most ACC_SANDBOX_SCRIPT_MAX bytes, a regular file) and, as
 * luaL_loadfilex did, without a UTF-8 byte-order mark or a first line
 * starting with '#' (its newline kept for the line numbers). The bytes read
 * are the ones hashed for the manifest. On failure raise "file:line: module
 * 'name': ..." at the require call, or the chunk's "path:line: ...". */
static void load_module(lua_State *L, acc_sandbox *sb, const char *name, const char *path,
                        const char *abspath)
{
    lua_pushfstring(L, "@%s", path); /* before the buffer: it may raise */
    char *text = NULL, err[ACC_ERRLEN];
    size_t len = 0;
    if (acc_io_read_regular_file(path, ACC_SANDBOX_SCRIPT_MAX, &text, &len, err, sizeof err) != ACC_OK) {
        free(text);
        luaL_error(L, "module '%s': %s", name, err);
    }
    unsigned char digest[ACC_SHA256_LEN];
    char hex[ACC_SHA256_HEXLEN];
    acc_sha256(text, len, digest);
    acc_sha256_hex(digest, hex);
    if (note_module(sb, name, abspath, hex) != ACC_OK) {
        free(text);
        luaL_error(L, "not enough memory");
    }
    const char *p = text, *end = text + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    if (p < end && *p == '#') {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl : end;
    }
    int status = luaL_loadbufferx(L, p, (size_t)(end - p), lua_tostring(L, -1), "t"); /* name fn|msg */
    free(text);
    lua_remove(L, -2);
    if (status != LUA_OK)
        lua_error(L); /* "path:line: ..." */
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
    /* a module that requires itself, directly or through others, recursed
     * until "C stack overflow", which named no module */
    lua_rawgetp(L, LUA_REGISTRYINDEX, &reg_loading);
    int loading = lua_getfield(L, -1, name) != LUA_TNIL;
    lua_pop(L, 2);
    if (loading)
        return luaL_error(L, "module '%s' is required again while it loads (a circular require: "
                             "it requires itself, directly or through other modules)", name);
    luaL_checkstack(L, sb->n_search_dirs + 6, "too many script directories");
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
    if (!inside) {
        free(rfile);
        return luaL_error(L, "module '%s': %s leads outside the script folder %s (a symbolic "
                             "link?); modules must live inside it",
                          name, lua_tostring(L, path), sb->search_dirs[dir]);
    }
    lua_pushstring(L, rfile); /* the real path, for the manifest */
    free(rfile);
    int real = lua_gettop(L);
    /* loading[name] = true until this call ends (the marker is closed when
     * it returns or raises) */
    lua_rawgetp(L, LUA_REGISTRYINDEX, &reg_loading);
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, name);
    lua_pop(L, 1);
    lua_createtable(L, 1, 0);
    lua_pushvalue(L, 1);
    lua_rawseti(L, -2, 1);
    luaL_setmetatable(L, LOADING_MT);
    lua_toclose(L, -1);
    load_module(L, sb, name, lua_tostring(L, path), lua_tostring(L, real));
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

/* Can this match run long inside C? Only '*', '+', '-' and '?' make the
 * matcher backtrack, and "%b" and back-references scan the subject: with q of
 * them a match costs at most about (s + 1)^(q + 1) (p + 1) steps for a subject
 * of s bytes and a pattern of p (counting '-' in sets too only overestimates).
 * Below 10^6 steps (milliseconds) the caller's place is not noted for the
 * stuck report, so ordinary calls cost nothing more. */
static int pattern_may_run_long(size_t slen, const char *p, size_t plen)
{
    double steps = (double)(slen + 1) * (double)(plen + 1);
    for (size_t i = 0; i < plen && steps <= 1e6; i++) {
        char c = p[i];
        if (c == '%' && i + 1 < plen) {
            char n = p[++i];
            if (n == 'b' || (n >= '0' && n <= '9'))
                steps *= (double)(slen + 1);
        } else if (c == '*' || c == '+' || c == '-' || c == '?') {
            steps *= (double)(slen + 1);
        }
    }
    return steps > 1e6;
}

/* Check the caps; 1 if the match may run long (see above). */
static int pattern_check(lua_State *L)
{
    size_t slen, plen;
    luaL_checklstring(L, 1, &slen);
    const char *p = luaL_checklstring(L, 2, &plen);
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
    return pattern_may_run_long(slen, p, plen);
}

/* find, match, gsub: the stock function (upvalue 1, which uses no upvalues of
 * its own) in this same call frame, so argument errors name it. */
static int pattern_call(lua_State *L, const char *fn)
{
    int long_run = pattern_check(L);
    acc_sandbox *sb = sb_of(L);
    if (long_run)
        sb_pattern_begin(L, sb, fn);
    int n = lua_tocfunction(L, lua_upvalueindex(1))(L);
    if (long_run)
        sb_pattern_end(sb);
    return n;
}

static int sb_find(lua_State *L) { return pattern_call(L, "find"); }
static int sb_match(lua_State *L) { return pattern_call(L, "match"); }
static int sb_gsub(lua_State *L) { return pattern_call(L, "gsub"); }

/* One step of a gmatch iterator that may run long: the stock iterator
 * (upvalue 1) matches when called, so each step notes its caller's place. */
static int sb_gmatch_step(lua_State *L)
{
    acc_sandbox *sb = sb_of(L);
    sb_pattern_begin(L, sb, "gmatch");
    lua_settop(L, 0);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_call(L, 0, LUA_MULTRET);
    sb_pattern_end(sb);
    return lua_gettop(L);
}

static int sb_gmatch(lua_State *L)
{
    int long_run = pattern_check(L);
    int n = lua_tocfunction(L, lua_upvalueindex(1))(L); /* the iterator */
    if (long_run && n == 1 && lua_type(L, -1) == LUA_TFUNCTION)
        lua_pushcclosure(L, sb_gmatch_step, 1);
    return n;
}

/* ---- loops inside C that allocate nothing --------------------------------- */

/* string.rep(s, n [, sep]) with s and sep empty copies nothing n times: with
 * n = 2^62 it ran inside C, where the time limit cannot reach, until the
 * watchdog ended the process. The result is "" whatever n is. */
static int sb_rep(lua_State *L)
{
    size_t l, lsep;
    luaL_checklstring(L, 1, &l);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &lsep);
    if (n > 0 && l == 0 && lsep == 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    return lua_tocfunction(L, lua_upvalueindex(1))(L);
}

/* table.move(a1, f, e, t [, a2]) loops in C over e - f + 1 elements, and
 * moving nils into absent slots allocates nothing: table.move({}, 1, 2^62, 1)
 * never ended. Any table the memory cap allows has fewer than limit / 16
 * slots (a slot is 16 bytes), so a longer move only moves nils: refused. */
/* The most elements a loop in C may visit: more than any table under the
 * memory cap holds (see ACC_SANDBOX_MOVE_BYTES). */
static lua_Unsigned move_cap(lua_State *L)
{
    lua_Unsigned cap = (lua_Unsigned)(sb_of(L)->mem_limit / ACC_SANDBOX_MOVE_BYTES);
    return cap < ACC_SANDBOX_MOVE_MIN ? ACC_SANDBOX_MOVE_MIN : cap;
}

static int sb_tmove(lua_State *L)
{
    lua_Integer f = luaL_checkinteger(L, 2);
    lua_Integer e = luaL_checkinteger(L, 3);
    if (e >= f) {
        lua_Unsigned span = (lua_Unsigned)e - (lua_Unsigned)f; /* elements - 1 */
        lua_Unsigned cap = move_cap(L);
        if (span >= cap) {
            lua_pushfstring(L, "table.move of elements %I to %I: more than any table can hold under the "
                               "memory limit (at most %I elements)",
                            f, e, (lua_Integer)cap);
            return luaL_argerror(L, 3, lua_tostring(L, -1));
        }
    }
    return lua_tocfunction(L, lua_upvalueindex(1))(L);
}

/* table.insert(t, pos, v) and table.remove(t [, pos]) shift the elements
 * from pos to #t inside C; a table whose __len says 2^62 made them move nils
 * (nothing allocated) until the watchdog ended the process. A length from
 * __len above what any table can hold is refused; a table without __len has
 * a length its memory bounds, and takes the plain path (__len is not called
 * twice). */
static int len_checked(lua_State *L, const char *fn)
{
    if (lua_type(L, 1) == LUA_TTABLE && luaL_getmetafield(L, 1, "__len") != LUA_TNIL) {
        lua_pop(L, 1);
        lua_Integer n = luaL_len(L, 1);
        if (n > 0 && (lua_Unsigned)n > move_cap(L)) {
            lua_pushfstring(L, "%s: the table's length (%I, from its __len) is more than any table "
                               "can hold under the memory limit",
                            fn, n);
            return luaL_argerror(L, 1, lua_tostring(L, -1));
        }
    }
    return lua_tocfunction(L, lua_upvalueindex(1))(L);
}

static int sb_tinsert(lua_State *L) { return len_checked(L, "table.insert"); }
static int sb_tremove(lua_State *L) { return len_checked(L, "table.remove"); }

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
    sb_thread_enter(sb, co);
    int status = lua_resume(co, L, narg, &nres);
    sb_thread_leave(sb, L);
    if (status != LUA_OK && status != LUA_YIELD) {
        sb_pattern_end(sb);
        if (sb_time_fired(sb) && lua_checkstack(co, 1)) {
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
    sb_thread_enter(sb, co);
#if LUA_VERSION_RELEASE_NUM >= 50406
    int status = lua_closethread(co, L);
#else
    int status = lua_resetthread(co);
#endif
    sb_thread_leave(sb, L);
    if (status != LUA_OK) {
        sb_pattern_end(sb);
        lua_xmove(co, L, 1);
    }
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
    if (status != LUA_OK && status != LUA_YIELD && !sb_time_fired(sb_of(L)))
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
    if (sb_time_fired(sb_of(L))) {
        sb_raise_time_error(L, sb_of(L));
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
int sb_setup(lua_State *L)
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
    set_fn(L, g, "pcall", sb_pcall);
    wrap_fn(L, g, "setmetatable", sb_setmetatable);

    /* string: S is what strings index for methods; scripts get a copy C as
     * `string`, and S falls back to C, so ("x"):upper() always finds the
     * real function while functions scripts add to `string` are methods. */
    lua_getfield(L, g, "string");
    int s = lua_gettop(L); /* G S */
    wrap_fn(L, s, "find", sb_find);
    wrap_fn(L, s, "match", sb_match);
    wrap_fn(L, s, "gmatch", sb_gmatch);
    wrap_fn(L, s, "gsub", sb_gsub);
    wrap_fn(L, s, "rep", sb_rep);
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

    lua_getfield(L, g, "table");
    wrap_fn(L, -1, "move", sb_tmove);
    wrap_fn(L, -1, "insert", sb_tinsert);
    wrap_fn(L, -1, "remove", sb_tremove);
    lua_pop(L, 1);

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
    lua_rawsetp(L, LUA_REGISTRYINDEX, &reg_loading);
    luaL_newmetatable(L, LOADING_MT);
    lua_pushcfunction(L, loading_close);
    lua_setfield(L, -2, "__close");
    lua_pop(L, 1);
    lua_newtable(L);
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &reg_poisoned);
    return 0;
}

int sb_panic(lua_State *L)
{
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "accord: Lua error outside a protected call: %s\n",
            msg ? msg : "(not a string)");
    return 0; /* Lua aborts */
}

