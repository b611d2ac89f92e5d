/* accord — private to the scenario loader: converting the table a scenario
 * script returns into an acc_config (scenario_conv.c: the table, its lists,
 * hooks and overrides; scenario_elems.c: the lists' elements). Every error
 * names file:line. Not API. SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_SCENARIO_CONV_H
#define ACC_SCENARIO_CONV_H

#include <stddef.h>

#include <lua.h>

#include "lua/scenario_int.h"

/* One conversion: the scenario, its Lua state and where errors go; what a
 * core validator said last (its message and the field at fault). */
typedef struct conv {
    acc_scenario *s;
    lua_State *L;
    char *err;
    size_t errlen;
    const char *field;
    char msg[ACC_ERRLEN];
} conv;

/* Convert the table on top of s->L's stack (what the script returned) into
 * s->cfg and s's hooks and checks the result; an acc_sandbox_cpcall function
 * (ud: the scenario), as reading the table may run the script's metamethods. */
int sc_convert(lua_State *L, void *ud, char *err, size_t errlen);

/* Line of `key = ...` in the source at or after line `from` (0: from the
 * start), or `from` when not found. */
int sc_locate_key(const acc_scenario *s, int from, const char *key);
/* Line recorded for a sub-table by its constructor, or 0. */
int sc_table_line(lua_State *L, acc_scenario *s, int idx);
/* "path:line: message" into err (line 0: "path: message"); ACC_EINVAL. */
int sc_fail_at(acc_scenario *s, char *err, size_t errlen, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* " (did you mean 'stringency'?)" when a known name is close, else "". */
void sc_suggest(char *buf, size_t n, const char *key, const char *const *names, int count);
/* The string keys of the table at idx in byte order (borrowed: anchored by the
 * table), into a malloc'd *keys the caller frees; *bad the type name of a key
 * that is not a string (NULL: none). ACC_OK or ACC_ENOMEM. */
int sc_sorted_keys(lua_State *L, int idx, const char ***keys, int *n, const char **bad);
/* The keys of the table at idx: among `known` and the fields' names. */
int sc_check_keys(conv *c, int idx, int line, const char *what, const char *const *known, int nk,
                  const acc_field *fields, int nf);
/* A string field of 1 to n - 1 characters into dst (absent: dst unchanged
 * unless required). */
int sc_get_string(conv *c, int idx, const char *key, int line, const char *what, char *dst, size_t n,
                  int required);
/* "eu, us, jp": the ids of the scenario's jurisdictions, for messages. */
const char *sc_known_jurs(const acc_config *cfg, char *buf, size_t n);
/* The fields of `tab` that the table at idx gives, each checked and stored
 * into obj. */
int sc_conv_fields(conv *c, int idx, int line, const char *what, const acc_field *tab, int nf, void *obj);

/* scenario_warn.c: report a warning once per key ("place|subject|rule");
 * 1 when --strict makes it an error (kept in s->strict_msg). */
int sc_warn(acc_scenario *s, const char *key, const char *text);
/* A value v of field `name` (typical range of `lookup`, NULL: of name; kind
 * and unit of the field, unit NULL: the typical entry's) that a scenario
 * table gives at line (0: --set NAME), checked by sc_warn_finish. */
void sc_warn_value(acc_scenario *s, int line, const char *what, const char *name, const char *lookup, int kind,
                   const char *unit, double v);
/* --set replaced field `name` of `what` (NULL: model-wide): the value the
 * scenario's tables gave is not used, so it does not warn. */
void sc_warn_cancel(acc_scenario *s, const char *what, const char *name);
/* After conversion and --set: each value given against its typical range,
 * months against the final steps_per_year, and stringency + 2
 * assessment_noise > 1 per jurisdiction. */
void sc_warn_finish(acc_scenario *s);
void sc_warn_free(acc_scenario *s);

/* scenario_elems.c: the n-th element (the table at idx, written at line) of
 * jurisdictions, populations, recognition, sharing and blocs. */
int sc_conv_jur(conv *c, int idx, int line, int n);
int sc_conv_pop(conv *c, int idx, int line, int n);
int sc_conv_recog(conv *c, int idx, int line, int n);
int sc_conv_link(conv *c, int idx, int line, int n);
int sc_conv_bloc(conv *c, int idx, int line, int n);

#endif
