/* accord — Lua binding of the egt module (fixation, stationary, simulate,
 * han2020). Safe for untrusted scripts: arguments are checked before any
 * allocation, Lua callbacks run protected, long loops can be interrupted.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_EGT_LUA_H
#define ACC_EGT_LUA_H

#include <lua.h>

/* Push the `egt` module table onto the stack and return 1 (luaopen-style).
 * Long C loops call a tiny Lua function every ~65536 iterations, so a
 * watchdog that arms a Lua hook (the lua.c pattern) also stops them. */
int acc_egt_lua_open(lua_State *L);

#endif
