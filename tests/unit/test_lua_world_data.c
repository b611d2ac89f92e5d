/* accord — scripts/regimes.lua and scripts/populations.lua carry the numbers of
 * data/regimes.csv, data/world.csv and data/populations.csv (regimes.lua takes
 * them from the core, which has them compiled in; populations.lua copies its
 * counts), every data row names a source, every preset sets every
 * jurisdiction field, and the core's defaults are the data.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_util_tmp.h"

#include <math.h>

#include "io/csv.h"
#include "lua/scenario.h"

/* Names (id -> display name) from the fixture's table. */
static struct {
    int n;
    char id[16][32], name[16][96];
    int row_cols;
} names;

static int t_begin(void *ud, const char *name, int ncols, const char *const *cols)
{
    (void)ud;
    (void)cols;
    names.row_cols = strcmp(name, "names") == 0 ? ncols : -1;
    return 0;
}

static int t_row(void *ud, const double *cells, const char *const *text, int ncols)
{
    (void)ud;
    (void)cells;
    if (names.row_cols != 2 || ncols != 2 || names.n == 16 || !text[0] || !text[1])
        return 1;
    snprintf(names.id[names.n], sizeof names.id[0], "%s", text[0]);
    snprintf(names.name[names.n++], sizeof names.name[0], "%s", text[1]);
    return 0;
}

static acc_scenario *dump;

static int setup(void **state)
{
    (void)state;
    char path[1024], err[2048];
    snprintf(path, sizeof path, "%s/tests/scenarios/policy/data_dump.lua", test_source_dir());
    acc_scenario_opts o;
    memset(&o, 0, sizeof o);
    o.path = path;
    if (acc_scenario_load(&o, &dump, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    acc_run_sink sink;
    memset(&sink, 0, sizeof sink);
    sink.table_begin = t_begin;
    sink.table_row = t_row;
    if (acc_scenario_run(dump, &sink, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    acc_scenario_free(dump);
    return 0;
}

/* The module's value of `key`, or NaN if it has none. */
static double module_value(const char *key)
{
    int n = acc_scenario_summary_count(dump);
    for (int i = 0; i < n; i++)
        if (strcmp(acc_scenario_summary_name(dump, i), key) == 0)
            return acc_scenario_summary_value(dump, i);
    return NAN;
}

static int module_count(const char *prefix)
{
    int n = acc_scenario_summary_count(dump), c = 0;
    for (int i = 0; i < n; i++)
        c += strncmp(acc_scenario_summary_name(dump, i), prefix, strlen(prefix)) == 0;
    return c;
}

static acc_csv_table *read_data(const char *file)
{
    char path[1024], err[1024];
    snprintf(path, sizeof path, "%s/data/%s", test_source_dir(), file);
    acc_csv_table *t;
    if (acc_csv_read_file(path, &t, err, sizeof err))
        fail_msg("%s", err);
    /* every row names its source */
    size_t src;
    if (acc_csv_col(t, "source", &src, err, sizeof err))
        fail_msg("%s", err);
    for (size_t r = 0; r < acc_csv_nrows(t); r++)
        if (!acc_csv_cell(t, r, src)[0])
            fail_msg("%s:%ld: empty source", file, acc_csv_row_line(t, r));
    return t;
}

static size_t col(acc_csv_table *t, const char *name)
{
    size_t c;
    char err[512];
    if (acc_csv_col(t, name, &c, err, sizeof err))
        fail_msg("%s", err);
    return c;
}

static void test_regimes_match_data(void **state)
{
    (void)state;
    acc_csv_table *t = read_data("regimes.csv");
    size_t cj = col(t, "jurisdiction"), cf = col(t, "field"), cv = col(t, "value"), cb = col(t, "basis");
    int numeric = 0;
    char err[512];
    for (size_t r = 0; r < acc_csv_nrows(t); r++) {
        const char *j = acc_csv_cell(t, r, cj), *f = acc_csv_cell(t, r, cf), *b = acc_csv_cell(t, r, cb);
        if (strcmp(b, "sourced") && strcmp(b, "derived") && strcmp(b, "assumption"))
            fail_msg("regimes.csv:%ld: basis must be sourced, derived or assumption, got '%s'",
                     acc_csv_row_line(t, r), b);
        if (strcmp(f, "name") == 0) {
            int found = 0;
            for (int k = 0; k < names.n; k++)
                if (strcmp(names.id[k], j) == 0) {
                    assert_string_equal(names.name[k], acc_csv_cell(t, r, cv));
                    found = 1;
                }
            assert_true(found);
            continue;
        }
        double v;
        if (acc_csv_number(t, r, cv, &v, err, sizeof err))
            fail_msg("%s", err);
        char key[128];
        snprintf(key, sizeof key, "regimes.%s.%s", j, f);
        double m = module_value(key);
        if (!(m == v))
            fail_msg("%s: scripts/regimes.lua has %g, data/regimes.csv:%ld has %g", key, m, acc_csv_row_line(t, r), v);
        numeric++;
    }
    /* and nothing more in the module: every numeric preset field is in the data */
    assert_int_equal(module_count("regimes."), numeric);
    /* every preset sets every jurisdiction field of the model */
    int nf;
    const acc_field *fields = acc_jur_fields(&nf);
    assert_int_equal(names.n, 7);
    for (int k = 0; k < names.n; k++)
        for (int i = 0; i < nf; i++) {
            char key[128];
            snprintf(key, sizeof key, "regimes.%s.%s", names.id[k], fields[i].name);
            if (isnan(module_value(key)))
                fail_msg("preset '%s' lacks field '%s'", names.id[k], fields[i].name);
        }
    acc_csv_table_free(t);
}

static void test_world_match_data(void **state)
{
    (void)state;
    acc_csv_table *t = read_data("world.csv");
    size_t cf = col(t, "field"), cv = col(t, "value");
    char err[512];
    int nf;
    const acc_field *fields = acc_config_fields(&nf);
    for (size_t r = 0; r < acc_csv_nrows(t); r++) {
        double v;
        if (acc_csv_number(t, r, cv, &v, err, sizeof err))
            fail_msg("%s", err);
        const char *f = acc_csv_cell(t, r, cf);
        /* a model field, in range */
        const acc_field *fd = acc_field_find(fields, nf, f);
        if (!fd)
            fail_msg("world.csv: '%s' is not a model field", f);
        if (acc_field_check(fd, v, "world.csv", err, sizeof err))
            fail_msg("%s", err);
        char key[128];
        snprintf(key, sizeof key, "world.%s", f);
        if (!(module_value(key) == v))
            fail_msg("%s: scripts/regimes.lua has %g, data/world.csv has %g", key, module_value(key), v);
    }
    assert_int_equal(module_count("world."), (int)acc_csv_nrows(t));
    acc_csv_table_free(t);
}

static void test_populations_match_data(void **state)
{
    (void)state;
    acc_csv_table *t = read_data("populations.csv");
    size_t cj = col(t, "jurisdiction"), ck = col(t, "kind"), cc = col(t, "count");
    char err[512];
    for (size_t r = 0; r < acc_csv_nrows(t); r++) {
        long long n;
        if (acc_csv_integer(t, r, cc, &n, err, sizeof err))
            fail_msg("%s", err);
        assert_true(acc_kind_parse(acc_csv_cell(t, r, ck)) >= 0);
        char key[128];
        snprintf(key, sizeof key, "populations.%s.%s", acc_csv_cell(t, r, cj), acc_csv_cell(t, r, ck));
        if (!(module_value(key) == (double)n))
            fail_msg("%s: scripts/populations.lua has %g, data/populations.csv has %lld", key, module_value(key), n);
    }
    assert_int_equal(module_count("populations."), (int)acc_csv_nrows(t));
    acc_csv_table_free(t);
}

static void test_other_data_have_sources(void **state)
{
    (void)state;
    const char *files[] = {"incidents.csv", "compliance_costs.csv", "constants.csv"};
    for (size_t k = 0; k < sizeof files / sizeof files[0]; k++)
        acc_csv_table_free(read_data(files[k]));
    /* every source ID used is listed in sources.csv (IDs start the cell,
     * several separated by ';') */
    char path[1024], err[512];
    snprintf(path, sizeof path, "%s/data/sources.csv", test_source_dir());
    acc_csv_table *s;
    if (acc_csv_read_file(path, &s, err, sizeof err))
        fail_msg("%s", err);
    const char *all[] = {"regimes.csv", "populations.csv", "world.csv", "kinds.csv", "incidents.csv",
                         "compliance_costs.csv", "constants.csv"};
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) {
        acc_csv_table *t = read_data(all[k]);
        size_t cs = col(t, "source");
        for (size_t r = 0; r < acc_csv_nrows(t); r++) {
            char cell[256];
            snprintf(cell, sizeof cell, "%s", acc_csv_cell(t, r, cs));
            char *save = NULL;
            for (char *tok = strtok_r(cell, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
                while (*tok == ' ')
                    tok++;
                char id[16];
                size_t n = strcspn(tok, " ()");
                snprintf(id, sizeof id, "%.*s", (int)n, tok);
                int found = 0;
                for (size_t q = 0; q < acc_csv_nrows(s); q++)
                    found |= strcmp(acc_csv_cell(s, q, 0), id) == 0;
                if (!found)
                    fail_msg("%s:%ld: source '%s' is not in data/sources.csv", all[k], acc_csv_row_line(t, r), id);
            }
        }
        acc_csv_table_free(t);
    }
    acc_csv_table_free(s);
}

/* The core's defaults are the data: acc_config_defaults gives data/world.csv's
 * values (and the built-in default of every other field), acc_jur_defaults_for
 * gives a preset's values with their basis and source for its id, the generic
 * preset's for any other id, and acc_jur_defaults the generic preset's. Read
 * from the CSV files here, independently of the generated table. */
static void test_core_defaults_are_the_data(void **state)
{
    (void)state;
    char err[512];
    /* model-wide */
    acc_csv_table *w = read_data("world.csv");
    size_t wf = col(w, "field"), wv = col(w, "value"), wb = col(w, "basis"), ws = col(w, "source");
    acc_config cfg;
    acc_config_room room;
    acc_config_init(&cfg, &room);
    int nc;
    const acc_field *cf = acc_config_fields(&nc);
    for (int i = 0; i < nc; i++) {
        double want = cf[i].def;
        const char *basis = "assumption", *source = "A";
        for (size_t r = 0; r < acc_csv_nrows(w); r++)
            if (strcmp(acc_csv_cell(w, r, wf), cf[i].name) == 0) {
                if (acc_csv_number(w, r, wv, &want, err, sizeof err))
                    fail_msg("%s", err);
                basis = acc_csv_cell(w, r, wb);
                source = acc_csv_cell(w, r, ws);
            }
        if (!(acc_field_get(&cf[i], &cfg) == want))
            fail_msg("default of %s: core %g, expected %g", cf[i].name, acc_field_get(&cf[i], &cfg), want);
        double v;
        const char *b, *src;
        acc_config_default(cf[i].name, &v, &b, &src);
        assert_true(v == want);
        assert_string_equal(b, basis);
        assert_string_equal(src, source);
    }
    assert_int_equal(acc_config_default("no_such_field", NULL, NULL, NULL), -1);
    acc_csv_table_free(w);

    /* per jurisdiction */
    acc_csv_table *t = read_data("regimes.csv");
    size_t cj = col(t, "jurisdiction"), cfd = col(t, "field"), cv = col(t, "value"), cb = col(t, "basis"),
           cs = col(t, "source");
    int nf;
    const acc_field *jf = acc_jur_fields(&nf);
    int nids = 0, have_generic = 0;
    for (size_t r = 0; r < acc_csv_nrows(t); r++) {
        const char *id = acc_csv_cell(t, r, cj);
        if (r == 0 || strcmp(id, acc_csv_cell(t, r - 1, cj)) != 0) {
            /* a new preset, in the file's order */
            assert_string_equal(acc_preset_id(nids), id);
            nids++;
            have_generic |= strcmp(id, "generic") == 0;
        }
        const char *f = acc_csv_cell(t, r, cfd);
        acc_jur_cfg j;
        acc_jur_defaults_for(&j, id);
        assert_string_equal(j.id, id);
        if (strcmp(f, "name") == 0) {
            assert_string_equal(j.name, acc_csv_cell(t, r, cv));
            assert_string_equal(acc_preset_name(id), acc_csv_cell(t, r, cv));
            continue;
        }
        double want;
        if (acc_csv_number(t, r, cv, &want, err, sizeof err))
            fail_msg("%s", err);
        const acc_field *fd = acc_field_find(jf, nf, f);
        if (!fd)
            fail_msg("regimes.csv:%ld: '%s' is not a jurisdiction field", acc_csv_row_line(t, r), f);
        if (!(acc_field_get(fd, &j) == want))
            fail_msg("preset %s, %s: core %g, data/regimes.csv:%ld %g", id, f, acc_field_get(fd, &j),
                     acc_csv_row_line(t, r), want);
        double v;
        const char *b, *src;
        assert_int_equal(acc_jur_default(id, f, &v, &b, &src), 1);
        assert_true(v == want);
        assert_string_equal(b, acc_csv_cell(t, r, cb));
        assert_string_equal(src, acc_csv_cell(t, r, cs));
        /* the generic preset's values are what other ids and acc_jur_defaults get */
        if (strcmp(id, "generic") == 0) {
            acc_jur_cfg o, d;
            acc_jur_defaults_for(&o, "zz_no_preset");
            acc_jur_defaults(&d);
            assert_true(acc_field_get(fd, &o) == want && acc_field_get(fd, &d) == want);
            assert_string_equal(o.name, "zz_no_preset");
            assert_string_equal(o.id, "zz_no_preset");
            assert_int_equal(acc_jur_default("zz_no_preset", f, &v, NULL, NULL), 1);
            assert_true(v == want);
            assert_int_equal(acc_jur_default(NULL, f, &v, NULL, NULL), 1);
            assert_true(v == want);
        }
        /* a calibrated default is inside its field's typical range (no
         * warning for a scenario that leaves it) */
        const acc_typical *ty = acc_typical_find(f);
        if (ty && !(want >= ty->lo && want <= ty->hi))
            fail_msg("preset %s: %s = %g is outside its typical range [%g, %g]", id, f, want, ty->lo, ty->hi);
    }
    assert_int_equal(acc_preset_count(), nids);
    assert_null(acc_preset_id(nids));
    assert_true(have_generic);
    assert_true(acc_preset_exists("eu") && acc_preset_exists("generic") && !acc_preset_exists("zz") &&
                !acc_preset_exists(NULL));
    assert_null(acc_preset_name("zz"));
    assert_int_equal(acc_jur_default("eu", "no_such_field", NULL, NULL, NULL), -1);
    acc_csv_table_free(t);

    /* per kind */
    acc_csv_table *k = read_data("kinds.csv");
    size_t kk = col(k, "kind"), kf = col(k, "field"), kv = col(k, "value"), kb = col(k, "basis"),
           ks = col(k, "source");
    int np;
    const acc_field *pf = acc_pop_fields(&np);
    for (size_t r = 0; r < acc_csv_nrows(k); r++) {
        int kind = acc_kind_parse(acc_csv_cell(k, r, kk));
        if (kind < 0)
            fail_msg("kinds.csv:%ld: '%s' is not a kind", acc_csv_row_line(k, r), acc_csv_cell(k, r, kk));
        const acc_field *fd = acc_field_find(pf, np, acc_csv_cell(k, r, kf));
        if (!fd)
            fail_msg("kinds.csv:%ld: '%s' is not a population field", acc_csv_row_line(k, r), acc_csv_cell(k, r, kf));
        double want, v;
        if (acc_csv_number(k, r, kv, &want, err, sizeof err))
            fail_msg("%s", err);
        if (acc_field_check(fd, want, "kinds.csv", err, sizeof err))
            fail_msg("%s", err);
        acc_pop_cfg p;
        acc_pop_defaults(&p, kind);
        assert_true(acc_field_get(fd, &p) == want);
        const char *b, *src;
        assert_int_equal(acc_pop_default(kind, fd->name, &v, &b, &src), 1);
        assert_true(v == want);
        assert_string_equal(b, acc_csv_cell(k, r, kb));
        assert_string_equal(src, acc_csv_cell(k, r, ks));
    }
    assert_int_equal(acc_pop_default(ACC_NKINDS, "law_abiding", NULL, NULL, NULL), -1);
    acc_csv_table_free(k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_regimes_match_data),
        cmocka_unit_test(test_world_match_data),
        cmocka_unit_test(test_populations_match_data),
        cmocka_unit_test(test_other_data_have_sources),
        cmocka_unit_test(test_core_defaults_are_the_data),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
