/* accord — the world's events: world:events() over the events of this step
 * and the previous one, which the runner hands over as they happen
 * (acc_worldlua_note_event) and this file buffers. SPDX-License-Identifier: GPL-3.0-or-later */
#include "lua/world_lua_int.h"
#include "base/numfmt.h"

#include <stdlib.h>
#include <string.h>

static const char *const event_keys[] = {"step", "kind", "home", "jurisdiction", NULL};

static int w_events(lua_State *L)
{
    acc_scenario *s = wl_check_world(L);
    const char *type = luaL_checkstring(L, 2);
    int t = -1;
    for (int k = 0; k < ACC_EV_NTYPES; k++)
        if (strcmp(type, acc_event_name(k)) == 0)
            t = k;
    if (t < 0 && strcmp(type, "any") != 0) {
        luaL_Buffer b;
        luaL_buffinit(L, &b);
        for (int k = 0; k < ACC_EV_NTYPES; k++) {
            luaL_addstring(&b, acc_event_name(k));
            luaL_addstring(&b, ", ");
        }
        luaL_addstring(&b, "any");
        luaL_pushresult(&b);
        return luaL_argerror(L, 2, lua_pushfstring(L, "no event type '%s' (known: %s)", type, lua_tostring(L, -1)));
    }
    int now = acc_world_step_index(s->world) + 1;
    int step = now - 1, kind = -1, home = -1;
    int jur = -1, want_self = 0; /* jurisdiction filter: index, or "self" */
    if (!lua_isnoneornil(L, 3)) {
        wl_check_keys(L, 3, event_keys);
        lua_getfield(L, 3, "step");
        if (!lua_isnil(L, -1)) {
            int isint = 0;
            lua_Integer st = 0;
            if (lua_type(L, -1) == LUA_TNUMBER)
                st = lua_tointegerx(L, -1, &isint);
            if (!isint || st < now - 1 || st > now) {
                char got[ACC_IO_NUMBUF];
                if (lua_type(L, -1) == LUA_TNUMBER)
                    acc_io_fmt_double(got, (double)lua_tonumber(L, -1));
                else
                    snprintf(got, sizeof got, "%s", luaL_typename(L, -1));
                return luaL_argerror(L, 3, lua_pushfstring(L, "step must be %d (this step) or %d (the previous "
                                                              "one); older events are not kept; got %s",
                                                           now, now - 1, got));
            }
            step = (int)st;
        }
        lua_pop(L, 1);
        const char *k = wl_field_string(L, 3, "kind", 0);
        if (k && (kind = acc_kind_parse(k)) < 0)
            return luaL_argerror(L, 3, lua_pushfstring(L, "kind must be incumbent, startup or open_source, got '%s'", k));
        const char *h = wl_field_string(L, 3, "home", 0);
        if (h)
            home = wl_jur_of(L, s, h, 3);
        const char *jj = wl_field_string(L, 3, "jurisdiction", 0);
        if (jj && strcmp(jj, "self") == 0)
            want_self = 1;
        else if (jj)
            jur = wl_jur_of(L, s, jj, 3);
    }
    wl_state *st = wl_get_state(L);
    const evbuf *buf = st->cur.step == step ? &st->cur : st->prev.step == step ? &st->prev : NULL;
    const acc_config *cfg = acc_world_config(s->world);
    lua_newtable(L);
    lua_Integer n = 0;
    for (size_t e = 0; buf && e < buf->n; e++) {
        const acc_event *ev = &buf->ev[e];
        if (t >= 0 && ev->type != t)
            continue;
        if ((jur >= 0 && ev->jur != jur) || (want_self && ev->jur != -2))
            continue;
        if ((kind >= 0 || home >= 0) && ev->dev < 0)
            continue;
        if (kind >= 0 && (int)acc_world_dev_get(s->world, ev->dev, ACC_DEV_KIND) != kind)
            continue;
        if (home >= 0 && (int)acc_world_dev_get(s->world, ev->dev, ACC_DEV_HOME) != home)
            continue;
        lua_createtable(L, 0, 9);
        lua_pushinteger(L, ev->step);
        lua_setfield(L, -2, "step");
        lua_pushstring(L, acc_event_name(ev->type));
        lua_setfield(L, -2, "type");
        if (ev->dev >= 0) {
            lua_pushinteger(L, (lua_Integer)ev->dev + 1);
            lua_setfield(L, -2, "developer");
        }
        if (ev->jur >= 0 && ev->jur < cfg->n_jur) {
            lua_pushstring(L, cfg->jur[ev->jur].id);
            lua_setfield(L, -2, "jurisdiction");
        } else if (ev->jur == -2) {
            lua_pushliteral(L, "self");
            lua_setfield(L, -2, "jurisdiction");
        }
        if (ev->path > 0 && (ev->type == ACC_EV_APPLICATION || ev->type == ACC_EV_CERTIFICATION ||
                             ev->type == ACC_EV_ENTRY)) {
            lua_pushstring(L, acc_path_name(ev->path));
            lua_setfield(L, -2, "path");
        }
        lua_pushnumber(L, ev->value);
        lua_setfield(L, -2, "value");
        lua_pushnumber(L, ev->lag);
        lua_setfield(L, -2, "lag");
        lua_pushnumber(L, ev->harm);
        lua_setfield(L, -2, "harm");
        lua_pushnumber(L, ev->exposure);
        lua_setfield(L, -2, "exposure");
        if (ev->detail) {
            lua_pushstring(L, ev->detail);
            lua_setfield(L, -2, "detail");
        }
        if (ev->other_jur >= 0 && ev->other_jur < cfg->n_jur) {
            lua_pushstring(L, cfg->jur[ev->other_jur].id);
            lua_setfield(L, -2, "other");
        } else if (ev->bloc >= 0 && ev->bloc < cfg->n_blocs) {
            lua_pushstring(L, cfg->bloc[ev->bloc].id);
            lua_setfield(L, -2, "other");
        }
        lua_rawseti(L, -2, ++n);
    }
    return 1;
}

const luaL_Reg wl_event_methods[] = {{"events", w_events}, {NULL, NULL}};

/* ---- event buffering --------------------------------------------------------------------- */

static int buf_push(evbuf *b, const acc_event *ev)
{
    if (b->n == b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 256;
        acc_event *ne = realloc(b->ev, nc * sizeof *ne);
        if (!ne)
            return ACC_ENOMEM;
        b->ev = ne;
        b->cap = nc;
    }
    b->ev[b->n++] = *ev;
    return ACC_OK;
}

int acc_worldlua_note_event(lua_State *L, const acc_event *ev)
{
    wl_state *st = wl_get_state(L);
    if (!st)
        return ACC_OK;
    if (ev->step != st->cur.step) {
        /* a new step: the latest becomes the previous one (if adjacent) */
        evbuf t = st->prev;
        if (ev->step == st->cur.step + 1) {
            st->prev = st->cur;
        } else {
            st->prev.n = 0;
            st->prev.step = -1;
            st->prev.ev = st->cur.ev;
            st->prev.cap = st->cur.cap;
        }
        st->cur = t;
        st->cur.n = 0;
        st->cur.step = ev->step;
    }
    return buf_push(&st->cur, ev);
}
