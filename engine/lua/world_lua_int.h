/* accord — private to the world bindings (world_lua*.c): the objects and the
 * per-state bookkeeping, the methods each file registers, and the helpers
 * they share. Not API. SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_WORLD_LUA_INT_H
#define ACC_WORLD_LUA_INT_H

#include <stddef.h>
#include <stdint.h>

#include <lauxlib.h>
#include <lua.h>

#include "lua/scenario_int.h"
#include "lua/world_lua.h"

#define WORLD_MT "accord.World"
#define DEV_MT "accord.Developer"
#define DEVS_MT "accord.Developers"

/* Registry keys (addresses: lua_rawgetp never allocates): the state, the
 * developer proxy, the devs object, its column tables, this step's
 * recorded metric names. */
extern const char wl_state_key, wl_proxy_key, wl_devs_key, wl_cols_key, wl_rec_key,
    wl_metric_key; /* the run's custom metrics: name -> 1-based index in s->metrics */

/* The world userdata: a borrowed view of the scenario's world, valid only
 * while acc_scenario_run runs (C guarantees it; afterwards every method
 * raises). */
typedef struct {
    acc_scenario *s; /* NULL once the run is over */
} world_ud;

/* The developer proxy: one per Lua state, reused for every developer of a
 * per-developer rule; borrowed like the world (dev = -1 outside the rule). */
typedef struct {
    acc_scenario *s;
    int64_t dev; /* 0-based; -1 when not inside developer_rule */
    int decided; /* dev took its default decisions in this call (d:decide) */
} dev_ud;

/* Per-state bookkeeping, owned by Lua (a userdata in the registry whose __gc
 * frees the C buffers). */
typedef struct evbuf {
    acc_event *ev;
    size_t n, cap;
    int step; /* step these events belong to; -1 empty */
} evbuf;

/* Column codes of the per-step rule's arrays: developer attributes, "id",
 * then the market state in each jurisdiction. */
enum { COL_ID = ACC_DEV_NATTR, COL_STATE0 = ACC_DEV_NATTR + 1, NCOLS = COL_STATE0 + ACC_MAX_JUR };

typedef struct wl_state {
    evbuf cur, prev;       /* events of the latest step seen and the one before */
    int rec_step;          /* step of the names in the wl_rec_key table; -1 none */
    /* the per-step rule: live developers of this step, who has decided */
    acc_scenario *s;       /* non-NULL while the devs object is valid */
    int64_t *live;         /* k -> developer index, k = 0..nlive-1 */
    int64_t *pos;          /* developer index -> k, or -1 (not live) */
    uint8_t *decided;      /* by k */
    int64_t nlive, live_cap;
    int gen;               /* developers' phases so far (column validity) */
    int col_gen[NCOLS];
    int64_t col_len[NCOLS]; /* entries a column table holds */
} wl_state;

/* The world's methods, by file (world_lua_policy.c, world_lua_query.c,
 * world_lua_events.c); registration puts them in one table in this order. */
extern const luaL_Reg wl_policy_methods[], wl_query_methods[], wl_event_methods[];

/* world_lua_rule.c: registration of the developer proxy (registry key
 * wl_proxy_key) and of the devs object over st (wl_devs_key, wl_cols_key);
 * accord.per_developer(f). */
void wl_register_proxy(lua_State *L);
void wl_register_devs(lua_State *L, wl_state *st);
int wl_per_developer(lua_State *L);

/* ---- helpers (world_lua.c) ------------------------------------------------------------- */

/* The bindings' state of this Lua state. */
wl_state *wl_get_state(lua_State *L);
/* Raise the hint to call a method of `obj` with a colon (self is not it). */
int wl_colon_hint(lua_State *L, const char *obj);
/* The running world behind self (argument 1); raises once the run is over. */
acc_scenario *wl_check_world(lua_State *L);
/* Rewrite "developer N" (0-based, the core's) in msg to N + 1 (scripts'). */
void wl_fix_dev_ids(char *msg, size_t len);
/* Raise a core error message (ids fixed) with the caller's file:line. */
int wl_core_error(lua_State *L, char *msg);
/* A jurisdiction by id, or raise "no jurisdiction 'x' (known: ...)" naming
 * argument arg; wl_jur_arg reads the id from argument arg. */
int wl_jur_of(lua_State *L, acc_scenario *s, const char *id, int arg);
int wl_jur_arg(lua_State *L, acc_scenario *s, int arg);
/* A developer argument: an integer 1..ndev (1-based); returns 0-based. */
int64_t wl_dev_arg(lua_State *L, acc_scenario *s, int arg, int need_alive);
/* The developer id at arg (a number, not a string) if it is an integer;
 * else raises "a developer id (an integer in [1, n]) expected, got <value or type>". */
lua_Integer wl_dev_id(lua_State *L, int arg, int64_t n);
/* A developer attribute's code (ACC_DEV_NATTR for "id" if allow_id). */
int wl_attr_arg(lua_State *L, int arg, int allow_id);
/* Names of the market states (acc_mkt_state). */
extern const char *const wl_mkt_names[];
/* Push developer i's attribute a as scripts see it; set it from the value
 * at idx (raises on errors). */
void wl_push_attr(lua_State *L, const acc_world *w, int64_t i, int a);
void wl_set_attr(lua_State *L, acc_scenario *s, int64_t i, int a, int idx);
/* The path developer i is certified by in j, or nil. */
int wl_push_certified(lua_State *L, const acc_world *w, int64_t i, int j);
/* Table arguments: keys among `known` (NULL-terminated), a string field, a
 * field naming a jurisdiction. */
void wl_check_keys(lua_State *L, int arg, const char *const *known);
const char *wl_field_string(lua_State *L, int arg, const char *key, int required);
int wl_field_jur(lua_State *L, acc_scenario *s, int arg, const char *key);
/* An optional segment argument (MODEL.md, Segments): nil -1, "regulated" 0,
 * "open" 1; anything else raises. */
int wl_segment_arg(lua_State *L, int arg);
/* The state name of developer i in j's regulated (segment < 1) or open (1) segment. */
void wl_push_market(lua_State *L, const acc_world *w, int64_t i, int j, int segment);
/* exit(dev, j [, segment]): both segments (segment -1) or one. */
int wl_exit(acc_world *w, int64_t i, int j, int segment, char *err, size_t errlen);

/* world_lua_defaults.c: set accord.fields, .preset, .preset_ids and .world
 * in the table on top of the stack. */
int wl_fields(lua_State *L);
void wl_register_defaults(lua_State *L);

#endif
