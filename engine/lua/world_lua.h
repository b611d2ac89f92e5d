/* accord — private interface between the scenario runner (scenario_run.c) and
 * the world bindings (world_lua*.c): the developer rule loop, the event
 * buffer behind world:events(), per-run reset. Not API.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_WORLD_LUA_H
#define ACC_WORLD_LUA_H

#include <stddef.h>

#include <lua.h>

#include "core/model.h"

struct acc_scenario;

/* Reset the bindings' per-run state (event buffer, recorded names) and create
 * this run's world object, in a protected call: afterwards pushing the world
 * (acc_worldlua_push) allocates nothing. Call before acc_world_run. ACC_OK, or
 * ACC_ELIMIT/ACC_ENOMEM with a message when the Lua state is out of memory. */
int acc_worldlua_begin_run(lua_State *L, struct acc_scenario *s, char *err, size_t errlen);

/* Keep a copy of `ev` for world:events(); returns ACC_OK or ACC_ENOMEM.
 * Allocates C memory only (safe outside a protected call). */
int acc_worldlua_note_event(lua_State *L, const acc_event *ev);

/* A lua_CFunction to run inside one protected call per step, with the stack
 * (rule, world), at the start of the developers' phase: calls rule(world,
 * devs) once, or, for accord.per_developer rules, rule(world, dev) for every
 * live developer in index order, `dev` being one reused proxy object.
 * entry_value reads the core's snapshot of the phase (acc_world_entry_value). */
int acc_worldlua_rule_loop(lua_State *L);

#endif
