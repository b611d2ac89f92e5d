/* Unit tests of the scenario field descriptors: every default lies in its own
 * range, range checks produce the documented messages (including NaN and
 * infinities, open bounds, booleans), config validation catches cross-field
 * and structural errors. SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/model.h"

static void test_defaults_in_range(void **state)
{
    (void)state;
    char err[256];
    for (int t = 0; t < 2; t++) {
        int n;
        const acc_field *f = t ? acc_jur_fields(&n) : acc_config_fields(&n);
        assert_true(n > 10);
        for (int i = 0; i < n; i++) {
            assert_int_equal(acc_field_check(&f[i], f[i].def, NULL, err, sizeof err), ACC_OK);
            assert_non_null(f[i].doc);
            assert_true(strlen(f[i].doc) > 5);
            for (int k = 0; k < i; k++)
                assert_string_not_equal(f[i].name, f[k].name);
        }
    }
    acc_config cfg;
    acc_config_defaults(&cfg);
    assert_float_equal(cfg.steps_per_year, 12, 0);
    assert_float_equal(cfg.elasticity, 4, 0);
    acc_jur_cfg j;
    acc_jur_defaults(&j);
    assert_int_equal(j.binding, 0);
    assert_float_equal(j.transition_months, 12, 0);
}

static void test_check_messages(void **state)
{
    (void)state;
    int n;
    const acc_field *jf = acc_jur_fields(&n);
    const acc_field *str = acc_field_find(jf, n, "stringency");
    const acc_field *market = acc_field_find(jf, n, "market");
    const acc_field *binding = acc_field_find(jf, n, "binding");
    assert_non_null(str);
    assert_non_null(market);
    assert_null(acc_field_find(jf, n, "stringncy"));
    char err[256];
    assert_int_equal(acc_field_check(str, 1.4, "jurisdiction 'eu'", err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "jurisdiction 'eu': stringency must be in [0, 1], got 1.4");
    assert_int_equal(acc_field_check(str, NAN, NULL, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "stringency must be in [0, 1], got nan");
    assert_int_equal(acc_field_check(str, 0.0, NULL, err, sizeof err), ACC_OK);
    assert_int_equal(acc_field_check(str, 1.0, NULL, err, sizeof err), ACC_OK);
    /* open lower bound: market must be > 0 */
    assert_int_equal(acc_field_check(market, 0.0, NULL, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "market must be in (0, 1e+12], got 0");
    assert_int_equal(acc_field_check(market, INFINITY, NULL, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "market must be in (0, 1e+12], got inf");
    assert_int_equal(acc_field_check(market, 2.5e-300, NULL, err, sizeof err), ACC_OK);
    assert_int_equal(acc_field_check(binding, 0.5, NULL, err, sizeof err), ACC_EINVAL);
    assert_int_equal(acc_field_check(binding, 1, NULL, err, sizeof err), ACC_OK);
    char range[64];
    const acc_field *growth = acc_field_find(jf, n, "growth");
    acc_field_range_str(growth, range, sizeof range);
    assert_string_equal(range, "(-1, inf)");
}

static void test_set_get_roundtrip(void **state)
{
    (void)state;
    int n;
    const acc_field *jf = acc_jur_fields(&n);
    acc_jur_cfg j;
    acc_jur_defaults(&j);
    acc_field_set(acc_field_find(jf, n, "stringency"), &j, 0.7315);
    acc_field_set(acc_field_find(jf, n, "binding"), &j, 1);
    assert_float_equal(j.stringency, 0.7315, 0);
    assert_int_equal(j.binding, 1);
    assert_float_equal(acc_field_get(acc_field_find(jf, n, "binding"), &j), 1, 0);
    int ng;
    const acc_field *gf = acc_config_fields(&ng);
    acc_config *cfg = test_malloc(sizeof *cfg);
    acc_config_defaults(cfg);
    acc_field_set(acc_field_find(gf, ng, "risk.base_hazard"), cfg, 0.237);
    assert_float_equal(cfg->risk_base_hazard, 0.237, 0);
    test_free(cfg);
}

typedef struct cfg_block {
    acc_config cfg; /* first: test_free(cfg) frees the block */
    acc_config_room room;
} cfg_block;

static acc_config *two_markets(void)
{
    cfg_block *b = test_malloc(sizeof *b);
    acc_config *cfg = &b->cfg;
    acc_config_init(cfg, &b->room);
    cfg->n_jur = 2;
    acc_jur_defaults(&cfg->jur[0]);
    acc_jur_defaults(&cfg->jur[1]);
    strcpy(cfg->jur[0].id, "eu");
    strcpy(cfg->jur[1].id, "us");
    cfg->n_pop = 1;
    acc_pop_defaults(&cfg->pop[0], ACC_STARTUP);
    cfg->pop[0].home = 1;
    cfg->pop[0].count = 10;
    return cfg;
}

static void test_validate(void **state)
{
    (void)state;
    char err[256];
    acc_config *cfg = two_markets();
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_OK);
    assert_int_equal(acc_config_jur_index(cfg, "us"), 1);
    assert_int_equal(acc_config_jur_index(cfg, "jp"), -1);

    cfg->jur[0].compliance_share = 0.3; /* >= 1/eps = 0.25 */
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "compliance_share must be below 1/market.elasticity = 0.25"));
    cfg->jur[0].compliance_share = 0.2;

    cfg->productivity_shape = 2.5; /* must exceed eps - 1 = 3 */
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "productivity_shape must exceed"));
    cfg->productivity_shape = 4.5;

    strcpy(cfg->jur[1].id, "eu");
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "used twice"));
    strcpy(cfg->jur[1].id, "us");

    cfg->n_blocs = 2;
    memset(cfg->bloc, 0, sizeof cfg->bloc[0] * 2);
    strcpy(cfg->bloc[0].id, "b1");
    strcpy(cfg->bloc[1].id, "b2");
    cfg->bloc[0].n_members = 2, cfg->bloc[0].members[0] = 0, cfg->bloc[0].members[1] = 1;
    cfg->bloc[1].n_members = 1, cfg->bloc[1].members[0] = 1;
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "'us' is in two blocs"));
    cfg->n_blocs = 1;
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_OK);

    cfg->n_links = 1;
    cfg->link[0] = (acc_link_cfg){.from = 1, .to = 1, .lag_months = 0, .active = 1};
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_EINVAL);
    cfg->link[0] = (acc_link_cfg){.from = 0, .to = 1, .lag_months = -2, .active = 1};
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "lag_months must be in [0, 120], got -2"));
    cfg->link[0].lag_months = 1.5;
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_OK);

    cfg->pop[0].safety.hi = 1.2;
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "safety must lie in [0, 1]"));
    cfg->pop[0].safety.hi = 0.5;
    cfg->pop[0].capital = (acc_dist){ACC_DIST_LOGUNIFORM, 0, 10};
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "log-uniform"));
    test_free(cfg);
}

/* NULL arguments are refused, never dereferenced: statuses and messages from
 * the functions that return them, -1 / NULL / NaN from the look-ups, no-ops
 * from the setters (trial D: each of these crashed). */
static void test_null_arguments(void **state)
{
    (void)state;
    char err[256] = "";
    assert_int_equal(acc_config_validate(NULL, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "no configuration"));
    assert_int_equal(acc_config_validate(NULL, NULL, 0), ACC_EINVAL);
    err[0] = 0;
    assert_int_equal(acc_field_check(NULL, 1, "jurisdiction 'eu'", err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "jurisdiction 'eu': no field to check");
    int n;
    const acc_field *tab = acc_config_fields(&n);
    assert_non_null(acc_config_fields(NULL));
    assert_non_null(acc_jur_fields(NULL));
    assert_non_null(acc_pop_fields(NULL));
    assert_null(acc_field_find(NULL, n, "years"));
    assert_null(acc_field_find(tab, n, NULL));
    assert_int_equal(acc_kind_parse(NULL), -1);
    acc_config *cfg = two_markets();
    assert_int_equal(acc_config_jur_index(NULL, "eu"), -1);
    assert_int_equal(acc_config_jur_index(cfg, NULL), -1);
    const acc_field *years = acc_field_find(tab, n, "years");
    assert_non_null(years);
    assert_true(isnan(acc_field_get(NULL, cfg)));
    assert_true(isnan(acc_field_get(years, NULL)));
    double before = cfg->years;
    acc_field_set(NULL, cfg, 3);
    acc_field_set(years, NULL, 3);
    assert_true(cfg->years == before);
    strcpy(err, "x");
    acc_field_range_str(NULL, err, sizeof err);
    assert_string_equal(err, "");
    acc_field_range_str(years, NULL, 0);
    acc_config_defaults(NULL);
    acc_jur_defaults(NULL);
    acc_pop_defaults(NULL, ACC_STARTUP);
    test_free(cfg);
}

/* Strings without their NUL (an id filling its array) and bad indices are
 * refused with the value and the valid range in the message. */
static void test_validate_strings_and_indices(void **state)
{
    (void)state;
    char err[256];
    acc_config *cfg = two_markets();
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_OK);
    memset(cfg->jur[1].id, 'x', sizeof cfg->jur[1].id);
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "jurisdiction #2: id must be 1 to 23 characters (no NUL in its 24 bytes)");
    strcpy(cfg->jur[1].id, "us");
    memset(cfg->jur[0].name, 'n', sizeof cfg->jur[0].name);
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "jurisdiction 'eu': name must be at most 63 characters (no NUL in its 64 bytes)");
    strcpy(cfg->jur[0].name, "Europe");
    memset(cfg->name, 's', sizeof cfg->name);
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "the scenario's name must be at most 63 characters"));
    strcpy(cfg->name, "s");
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_OK);

    cfg->pop[0].home = 5;
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "population #1: bad home: must be a jurisdiction index in [0, 1], got 5");
    cfg->pop[0].home = 0;
    cfg->pop[0].kind = 7;
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "population #1: bad kind: must be in [0, 2] (acc_kind), got 7");
    cfg->pop[0].kind = ACC_STARTUP;
    cfg->n_recog = -1;
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "n_recog must be in [0, 1024], got -1");
    cfg->n_recog = 0;
    assert_int_equal(acc_config_validate(cfg, err, sizeof err), ACC_OK);
    test_free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_in_range),
        cmocka_unit_test(test_check_messages),
        cmocka_unit_test(test_set_get_roundtrip),
        cmocka_unit_test(test_validate),
        cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_validate_strings_and_indices),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
