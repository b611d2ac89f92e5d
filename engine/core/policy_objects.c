/* accord — the policy objects between jurisdictions: recognitions, sharing
 * links and blocs. Their numeric fields (unit, default, range) and one
 * validator each, which the scenario's conversion (adding file:line),
 * acc_config_validate and the run-time changes of change.c all call.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/model.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define INF INFINITY
#define R(member) offsetof(acc_recog_cfg, member)
#define L(member) offsetof(acc_link_cfg, member)
#define B(member) offsetof(acc_bloc_cfg, member)
#define NFIELDS(t) ((int)(sizeof(t) / sizeof((t)[0])))

static const acc_field recog_fields[] = {
    {"fee", R(fee), ACC_FK_PLAIN, -1, 0, INF, 0, "M$", "fee of the recognition path (default: 10 % of the recognising jurisdiction's cert_cost)"},
    {"review_months", R(review_months), ACC_FK_MONTHS, -1, 0, ACC_MAX_MONTHS, 0, "months", "application to decision on the recognition path (default: 1 month)"},
    {"voluntary", R(voluntary), ACC_FK_BOOL, 1, 0, 1, 0, "bool", "the recognition applies where `to` is not binding too: k's certificate earns to's voluntary certificate on the recognition path (default; false: binding markets only, v1.2)"},
};

static const acc_field link_fields[] = {
    {"lag_months", L(lag_months), ACC_FK_MONTHS, 0, 0, ACC_MAX_MONTHS, 0, "months", "from an awareness in `from` to the same in `to`"},
};

static const acc_field bloc_fields[] = {
    {"cert_cost", B(cert_cost), ACC_FK_PLAIN, -1, 0, INF, 0, "M$", "fee of a bloc certification (default: the members' highest cert_cost)"},
    {"review_months", B(review_months), ACC_FK_MONTHS, -1, 0, ACC_MAX_MONTHS, 0, "months", "application to decision (default: the members' longest review)"},
};

/* The common standard, checked only when the rule is ACC_BLOC_FIXED. */
static const acc_field bloc_standard = {"standard", B(standard), ACC_FK_PLAIN, 0, 0, 1, 0, "score [0,1]", "the bloc's fixed standard"};

const acc_field *acc_recog_fields(int *n)
{
    *n = NFIELDS(recog_fields);
    return recog_fields;
}

const acc_field *acc_link_fields(int *n)
{
    *n = NFIELDS(link_fields);
    return link_fields;
}

const acc_field *acc_bloc_fields(int *n)
{
    *n = NFIELDS(bloc_fields);
    return bloc_fields;
}

static int fail_field(const char **field, const char *name)
{
    if (field)
        *field = name;
    return ACC_EINVAL;
}

/* Every field of `obj`: a finite negative value of an optional field (one
 * whose default is negative) stands for its default, else the value must lie
 * in the field's range. */
static int check_fields(const acc_field *tab, int n, const void *obj, const char *what, const char **field,
                        char *err, size_t errlen)
{
    for (int k = 0; k < n; k++) {
        double v = acc_field_get(&tab[k], obj);
        if (tab[k].def < 0 && v < 0 && isfinite(v))
            continue;
        if (acc_field_check(&tab[k], v, what, err, errlen))
            return fail_field(field, tab[k].name);
    }
    return ACC_OK;
}

/* Recognitions and sharing links: named "recognition eu <- us" and
 * "sharing link eu -> us" after their two jurisdictions a and b. */
typedef struct pair_kind {
    const char *name, *arrow, *unnamed; /* unnamed: when a or b is no jurisdiction */
    const char *same;                   /* the message when a == b */
} pair_kind;

static const pair_kind recognition = {"recognition", "<-", "recognition", "a jurisdiction cannot recognise itself"};
static const pair_kind sharing_link = {"sharing link", "->", "a sharing link", "from and to must differ"};

/* What the two kinds share: a and b jurisdictions of cfg, and different;
 * *what (when NULL) becomes the object's name, written into name. */
static int check_pair(const acc_config *cfg, const pair_kind *k, int a, int b, const char **what, char *name,
                      size_t n, const char **field, char *err, size_t errlen)
{
    int valid = a >= 0 && a < cfg->n_jur && b >= 0 && b < cfg->n_jur;
    if (field)
        *field = NULL;
    if (!*what) {
        if (valid)
            snprintf(name, n, "%s %s %s %s", k->name, cfg->jur[a].id, k->arrow, cfg->jur[b].id);
        else
            snprintf(name, n, "%s", k->unnamed);
        *what = name;
    }
    if (!valid) {
        acc_errf(err, errlen, "%s must name two different jurisdictions (#%d and #%d of %d)", *what, a, b,
                 cfg->n_jur);
        return ACC_EINVAL;
    }
    if (a == b) {
        acc_errf(err, errlen, "%s: %s", *what, k->same);
        return ACC_EINVAL;
    }
    return ACC_OK;
}

/* A NULL configuration or object (the C API's misuse): ACC_EINVAL, said. */
static int no_object(const acc_config *cfg, const char **field, char *err, size_t errlen)
{
    if (field)
        *field = NULL;
    acc_errf(err, errlen, "%s", cfg ? "no policy object to check (NULL)" : "no configuration to check against (NULL)");
    return ACC_EINVAL;
}

int acc_recog_check(const acc_config *cfg, const acc_recog_cfg *r, const char *what, const char **field,
                    char *err, size_t errlen)
{
    char name[96];
    if (!cfg || !r)
        return no_object(cfg, field, err, errlen);
    if (check_pair(cfg, &recognition, r->to, r->from, &what, name, sizeof name, field, err, errlen))
        return ACC_EINVAL;
    if (r->mode != ACC_RECOG_ASSESSMENT && r->mode != ACC_RECOG_EQUIVALENCE) {
        acc_errf(err, errlen, "%s: mode must be assessment or equivalence, got %d", what, r->mode);
        return fail_field(field, "mode");
    }
    return check_fields(recog_fields, NFIELDS(recog_fields), r, what, field, err, errlen);
}

int acc_link_check(const acc_config *cfg, const acc_link_cfg *l, const char *what, const char **field, char *err,
                   size_t errlen)
{
    char name[96];
    if (!cfg || !l)
        return no_object(cfg, field, err, errlen);
    if (check_pair(cfg, &sharing_link, l->from, l->to, &what, name, sizeof name, field, err, errlen) ||
        check_fields(link_fields, NFIELDS(link_fields), l, what, field, err, errlen))
        return ACC_EINVAL;
    if (l->active != 0 && l->active != 1) {
        acc_errf(err, errlen, "%s: active must be 0 or 1, got %d", what, l->active);
        return fail_field(field, "active");
    }
    return ACC_OK;
}

int acc_bloc_check(const acc_config *cfg, const acc_bloc_cfg *b, const char *what, const char **field, char *err,
                   size_t errlen)
{
    char name[96];
    if (!cfg || !b)
        return no_object(cfg, field, err, errlen);
    if (field)
        *field = NULL;
    if (!b->id[0] || !memchr(b->id, 0, sizeof b->id)) {
        acc_errf(err, errlen, "a bloc needs an id of 1 to %d characters", (int)sizeof b->id - 1);
        return fail_field(field, "id");
    }
    /* events.csv gives a bloc's id in the column where jurisdictions are
     * named, and the outputs use these two for the totals and for a
     * developer's own detection (scenarios refuse them as jurisdiction ids) */
    if (strcmp(b->id, "all") == 0 || strcmp(b->id, "self") == 0) {
        acc_errf(err, errlen, "bloc id '%s' is reserved (the outputs use 'all' for all markets and "
                              "'self' for a developer's own detection): give another id of 1 to %d "
                              "characters", b->id, (int)sizeof b->id - 1);
        return fail_field(field, "id");
    }
    if (!what) {
        snprintf(name, sizeof name, "bloc '%s'", b->id);
        what = name;
    }
    if (b->n_members < 1 || b->n_members > cfg->n_jur) {
        acc_errf(err, errlen, "%s needs 1 to %d members, got %d", what, cfg->n_jur, b->n_members);
        return fail_field(field, "members");
    }
    uint32_t seen = 0;
    for (int m = 0; m < b->n_members; m++) {
        int j = b->members[m];
        if (j < 0 || j >= cfg->n_jur) {
            acc_errf(err, errlen, "%s: member #%d is not a jurisdiction (%d)", what, m + 1, j);
            return fail_field(field, "members");
        }
        if (seen & (1u << j)) {
            acc_errf(err, errlen, "%s: jurisdiction '%s' is listed twice", what, cfg->jur[j].id);
            return fail_field(field, "members");
        }
        seen |= 1u << j;
    }
    if (b->rule < ACC_BLOC_MAX || b->rule > ACC_BLOC_FIXED) {
        acc_errf(err, errlen, "%s: standard rule must be max, mean, min or fixed, got %d", what, b->rule);
        return fail_field(field, "standard");
    }
    if (b->rule == ACC_BLOC_FIXED && acc_field_check(&bloc_standard, b->standard, what, err, errlen))
        return fail_field(field, "standard");
    return check_fields(bloc_fields, NFIELDS(bloc_fields), b, what, field, err, errlen);
}
