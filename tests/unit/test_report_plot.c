/* Tests of figures and reports (report/plot.h, report/report.h) on the fixture
 * directories of tests/data/plot: which figures each directory gets, the
 * files gnuplot draws (PNG signature and IHDR size, SVG root and view box,
 * text within 80 x 24), scripts that draw again from any directory, atomic
 * outputs when gnuplot fails or is missing, and the HTML report.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "test_util_tmp.h"

#include "base/common.h"
#include "io/gnuplot.h"
#include "report/plot.h"
#include "report/plot_int.h"
#include "base/readfile.h"
#include "report/report.h"

static void fixture_path(char *buf, size_t n, const char *name)
{
    snprintf(buf, n, "%s/tests/data/plot/%s", test_source_dir(), name);
}

static void templates(char *buf, size_t n) { snprintf(buf, n, "%s/plots", test_source_dir()); }

static char *read_all(const char *path, size_t *len)
{
    char *text = NULL;
    char err[256];
    if (acc_io_read_file(path, 64u << 20, &text, len, err, sizeof err) != ACC_OK)
        return NULL;
    return text;
}

/* A fresh temporary directory holding a copy of a (flat) fixture directory. */
static void copy_fixture(const char *name, char *dst, size_t n)
{
    assert_int_equal(tmp_make(dst, n, "accord-plot-"), 0);
    if (!name)
        return;
    char src[4096];
    fixture_path(src, sizeof src, name);
    DIR *d = opendir(src);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char from[4400], to[4400];
        snprintf(from, sizeof from, "%s/%s", src, e->d_name);
        snprintf(to, sizeof to, "%s/%s", dst, e->d_name);
        size_t len;
        char *text = read_all(from, &len);
        assert_non_null(text);
        FILE *f = fopen(to, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(text, 1, len, f), len);
        fclose(f);
        free(text);
    }
    closedir(d);
}

/* Files whose name starts with a dot: temporaries left behind. */
static int hidden_files(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += e->d_name[0] == '.' && strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    if (d)
        closedir(d);
    return n;
}

static int file_exists(const char *dir, const char *name)
{
    char p[4400];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* PNG: the 8-byte signature, then the IHDR chunk with big-endian width and height. */
static int png_size(const char *path, uint32_t *w, uint32_t *h)
{
    unsigned char b[24];
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t got = fread(b, 1, sizeof b, f);
    fclose(f);
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (got != sizeof b || memcmp(b, sig, 8) != 0 || memcmp(b + 12, "IHDR", 4) != 0)
        return 0;
    *w = (uint32_t)b[16] << 24 | (uint32_t)b[17] << 16 | (uint32_t)b[18] << 8 | b[19];
    *h = (uint32_t)b[20] << 24 | (uint32_t)b[21] << 16 | (uint32_t)b[22] << 8 | b[23];
    return 1;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

static int have_gnuplot(void) { return acc_io_gnuplot_available(NULL, 0); }

static acc_plot_opts opts(char *tdir, size_t n)
{
    templates(tdir, n);
    acc_plot_opts o;
    memset(&o, 0, sizeof o);
    o.templates = tdir;
    o.formats = ACC_PLOT_PNG | ACC_PLOT_SVG;
    return o;
}

/* ---- options ---------------------------------------------------------------------- */

/* A report built from read-in bytes stays valid UTF-8: each byte of an
 * ill-formed sequence becomes U+FFFD ("\xEF\xBF\xBD", written R below). */
static void test_utf8_clean(void **state)
{
    (void)state;
#define R "\xEF\xBF\xBD"
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"plain ascii <b>", "plain ascii <b>"},
        {"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"},
        {"a\xFF\xFE" "b", "a" R R "b"},           /* bytes never in UTF-8 */
        {"caf\xE9!", "caf" R "!"},              /* Latin-1 */
        {"\xC0\xAF", R R},                      /* overlong '/' */
        {"\xE0\x80\xAF", R R R},               /* overlong, 3 bytes */
        {"\xED\xA0\x80", R R R},               /* a UTF-16 surrogate */
        {"\xF4\x90\x80\x80", R R R R},        /* beyond U+10FFFF */
        {"\xF4\x8F\xBF\xBF", "\xF4\x8F\xBF\xBF"}, /* U+10FFFF itself */
        {"end \xE2\x82", "end " R R},           /* cut at the end */
        {"\x80x", R "x"},                        /* a stray continuation */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        acc_sb b;
        acc_sb_init(&b);
        acc_sb_add(&b, cases[i].in);
        acc_sb_utf8_clean(&b);
        assert_false(b.oom);
        if (strcmp(acc_sb_str(&b), cases[i].out) != 0)
            fail_msg("case %zu: got \"%s\"", i, acc_sb_str(&b));
        assert_int_equal(b.len, strlen(cases[i].out));
        acc_sb_free(&b);
    }
#undef R
    acc_sb empty;
    acc_sb_init(&empty);
    acc_sb_utf8_clean(&empty); /* nothing allocated: a no-op */
    assert_string_equal(acc_sb_str(&empty), "");
    acc_sb_free(&empty);
}

static void test_parse_formats(void **state)
{
    (void)state;
    unsigned f;
    char err[256];
    assert_int_equal(acc_plot_parse_formats("png", &f, err, sizeof err), ACC_OK);
    assert_int_equal(f, ACC_PLOT_PNG);
    assert_int_equal(acc_plot_parse_formats("svg,pdf,dumb", &f, err, sizeof err), ACC_OK);
    assert_int_equal(f, ACC_PLOT_SVG | ACC_PLOT_PDF | ACC_PLOT_TXT);
    assert_int_equal(acc_plot_parse_formats("png,gif", &f, err, sizeof err), ACC_EINVAL);
    assert_int_equal(f, 0);
    assert_non_null(strstr(err, "unknown format 'gif'"));
    assert_int_equal(acc_plot_parse_formats("", &f, err, sizeof err), ACC_EINVAL);
    assert_int_equal(acc_plot_parse_formats(",", &f, err, sizeof err), ACC_EINVAL);
    /* an empty entry is a typo, not nothing */
    assert_int_equal(acc_plot_parse_formats("png,,svg", &f, err, sizeof err), ACC_EINVAL);
    assert_string_equal(err, "an empty format in 'png,,svg' (png, svg, pdf or dumb, separated "
                             "by commas)");
    assert_int_equal(f, 0u);
    assert_int_equal(acc_plot_parse_formats("svg,", &f, err, sizeof err), ACC_EINVAL);
    assert_int_equal(acc_plot_parse_formats(",png", &f, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "an empty format"));
    assert_int_equal(acc_plot_parse_formats(",", &f, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "no format"));
}

static void test_find_templates(void **state)
{
    (void)state;
    char want[4096], got[4096];
    templates(want, sizeof want);
    setenv("ACCORD_PLOTS", want, 1);
    assert_int_equal(acc_plot_find_templates(got, sizeof got), 1);
    assert_string_equal(got, want);
    assert_int_equal(acc_plot_find_templates(got, 4), 0); /* does not fit */
    setenv("ACCORD_PLOTS", "/nonexistent/plots", 1);
    assert_int_equal(acc_plot_find_templates(got, sizeof got), 0);
    /* and acc_plot_list says where to look */
    acc_plot_result *r = calloc(1, sizeof *r);
    char err[512], dir[4096];
    fixture_path(dir, sizeof dir, "run_a");
    assert_int_equal(acc_plot_list(dir, NULL, r, err, sizeof err), ACC_EIO);
    assert_non_null(strstr(err, "ACCORD_PLOTS=/nonexistent/plots"));
    unsetenv("ACCORD_PLOTS");
    /* The source tree's plots/ is found without help (compiled-in path). */
    assert_int_equal(acc_plot_find_templates(got, sizeof got), 1);
    strcat(got, "/style.gp");
    assert_int_equal(access(got, R_OK), 0);
    /* An explicit directory without style.gp is refused. */
    acc_plot_opts o;
    memset(&o, 0, sizeof o);
    o.templates = "/tmp";
    assert_int_equal(acc_plot_list(dir, &o, r, err, sizeof err), ACC_EIO);
    assert_non_null(strstr(err, "/tmp: not a plot template directory"));
    free(r);
}

/* ---- which figures ----------------------------------------------------------------- */

static void test_list_run(void **state)
{
    (void)state;
    char t[4096], dir[4096], err[512];
    acc_plot_opts o = opts(t, sizeof t);
    fixture_path(dir, sizeof dir, "run_a");
    acc_plot_result *r = calloc(1, sizeof *r);
    assert_int_equal(acc_plot_list(dir, &o, r, err, sizeof err), ACC_OK);
    assert_string_equal(r->kind, "run");
    static const char *const names[] = {"timeseries_deployed", "timeseries_mean_safety",
                                        "timeseries_harm", "timeseries_regulatory_spend",
                                        "timeseries_hhi", "timeseries_startup_share",
                                        "custom_eu_gap"};
    /* custom.csv's "bad name" (a space) cannot be a gnuplot word: skipped. */
    assert_int_equal(r->n, 7);
    for (int i = 0; i < 7; i++) {
        assert_string_equal(r->fig[i].name, names[i]);
        assert_true(strlen(r->fig[i].title) > 5);
        assert_true(strlen(r->fig[i].caption) > 20);
    }
    assert_int_equal(r->drawn, 0);
    o.only = "timeseries_hhi";
    assert_int_equal(acc_plot_list(dir, &o, r, err, sizeof err), ACC_OK);
    assert_int_equal(r->n, 1);
    assert_string_equal(r->fig[0].name, "timeseries_hhi");
    o.only = "nope";
    assert_int_equal(acc_plot_list(dir, &o, r, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "no figure 'nope' (figures: timeseries_deployed, "));
    free(r);
}

static void test_list_sweep(void **state)
{
    (void)state;
    char t[4096], dir[4096], err[512];
    acc_plot_opts o = opts(t, sizeof t);
    fixture_path(dir, sizeof dir, "sweep");
    acc_plot_result *r = calloc(1, sizeof *r);
    assert_int_equal(acc_plot_list(dir, &o, r, err, sizeof err), ACC_OK);
    assert_string_equal(r->kind, "sweep");
    assert_int_equal(r->n, 6);
    /* sensitivity first, then each outcome against the varied parameter */
    assert_string_equal(r->fig[0].name, "sensitivity_welfare");
    assert_non_null(strstr(r->fig[0].title, "Sobol"));
    assert_string_equal(r->fig[2].name, "sensitivity_certification_spend");
    assert_string_equal(r->fig[3].name, "sweep_welfare_vs_eu_stringency");
    assert_string_equal(r->fig[4].name, "sweep_harm_vs_eu_stringency");
    assert_string_equal(r->fig[5].name, "sweep_certification_spend_vs_eu_stringency");
    const char *one[] = {"harm"};
    o.outcomes = one;
    o.n_outcomes = 1;
    assert_int_equal(acc_plot_list(dir, &o, r, err, sizeof err), ACC_OK);
    assert_int_equal(r->n, 2);
    assert_string_equal(r->fig[0].name, "sensitivity_harm");
    assert_string_equal(r->fig[1].name, "sweep_harm_vs_eu_stringency");
    const char *bad[] = {"welfare", "happiness"};
    o.outcomes = bad;
    o.n_outcomes = 2;
    assert_int_equal(acc_plot_list(dir, &o, r, err, sizeof err), ACC_EINVAL);
    assert_non_null(strstr(err, "no outcome 'happiness' in the sweep (outcomes: welfare, harm, "
                                "certification_spend)"));
    free(r);
}

static void test_list_phase_and_errors(void **state)
{
    (void)state;
    char t[4096], dir[4096], err[512];
    acc_plot_opts o = opts(t, sizeof t);
    fixture_path(dir, sizeof dir, "han2020");
    acc_plot_result *r = calloc(1, sizeof *r);
    assert_int_equal(acc_plot_list(dir, &o, r, err, sizeof err), ACC_OK);
    assert_int_equal(r->n, 1);
    assert_string_equal(r->fig[0].name, "phase");
    assert_int_equal(acc_plot_list("/nonexistent/dir", &o, r, err, sizeof err), ACC_EIO);
    assert_non_null(strstr(err, "/nonexistent/dir: no such directory"));
    char empty[64];
    copy_fixture(NULL, empty, sizeof empty);
    assert_int_equal(acc_plot_list(empty, &o, r, err, sizeof err), ACC_EIO);
    assert_non_null(strstr(err, "not an accord run, sweep or comparison directory"));
    /* A run with only a summary has nothing to draw. */
    FILE *f;
    char p[4200];
    snprintf(p, sizeof p, "%s/summary.csv", empty);
    assert_non_null(f = fopen(p, "w"));
    fputs("scenario,seed,run,x\ns,1,0,2\n", f);
    fclose(f);
    assert_int_equal(acc_plot_list(empty, &o, r, err, sizeof err), ACC_EIO);
    assert_non_null(strstr(err, "nothing to plot"));
    /* A malformed time series names file and line. */
    snprintf(p, sizeof p, "%s/timeseries.csv", empty);
    assert_non_null(f = fopen(p, "w"));
    fputs("step,year,jurisdiction,deployed\n1,0.1,eu\n", f);
    fclose(f);
    assert_int_equal(acc_plot_list(empty, &o, r, err, sizeof err), ACC_EIO);
    assert_non_null(strstr(err, "timeseries.csv:2: 3 fields, header has 4"));
    tmp_remove_tree(empty);
    free(r);
}

/* ---- drawing ----------------------------------------------------------------------- */

static void test_draw_run(void **state)
{
    (void)state;
    if (!have_gnuplot())
        skip();
    char t[4096], dir[64], err[2048];
    copy_fixture("run_a", dir, sizeof dir);
    acc_plot_opts o = opts(t, sizeof t);
    o.formats = ACC_PLOT_PNG | ACC_PLOT_SVG | ACC_PLOT_TXT;
    FILE *term = tmpfile();
    o.term = term;
    acc_plot_result *r = calloc(1, sizeof *r);
    int rc = acc_plot_dir(dir, &o, r, err, sizeof err);
    if (rc)
        fail_msg("%s", err);
    assert_int_equal(r->drawn, 7);
    assert_int_equal(hidden_files(dir), 0);
    for (int i = 0; i < r->n; i++) {
        char p[4400];
        uint32_t w = 0, h = 0;
        snprintf(p, sizeof p, "%s/%s.png", dir, r->fig[i].name);
        assert_true(png_size(p, &w, &h));
        assert_int_equal(w, 1280);
        assert_int_equal(h, 800);
        snprintf(p, sizeof p, "%s/%s.svg", dir, r->fig[i].name);
        size_t len;
        char *svg = read_all(p, &len);
        assert_non_null(svg);
        assert_true(len > 3000);
        assert_non_null(strstr(svg, "<svg"));
        assert_non_null(strstr(svg, "viewBox=\"0 0 960 600\""));
        assert_non_null(strstr(svg, "</svg>"));
        free(svg);
        /* The script stands alone: the style is inlined, no load of a template. */
        snprintf(p, sizeof p, "%s/%s.gp", dir, r->fig[i].name);
        char *gp = read_all(p, NULL);
        assert_non_null(gp);
        assert_null(strstr(gp, "load plotdir"));
        assert_non_null(strstr(gp, "plots/style.gp, inlined"));
        free(gp);
        /* Text: at most 80 columns and 24 lines. */
        snprintf(p, sizeof p, "%s/%s.txt", dir, r->fig[i].name);
        char *txt = read_all(p, NULL);
        assert_non_null(txt);
        int lines = 0;
        for (char *line = txt; *line; lines++) {
            size_t n = strcspn(line, "\n");
            /* gnuplot starts the page with a form feed (no column). */
            assert_true(n - (line[0] == '\f') <= 80);
            line += n + (line[n] ? 1 : 0);
        }
        assert_int_equal(lines, 24);
        free(txt);
    }
    /* The harm figure's key names every jurisdiction. */
    char p[4400];
    snprintf(p, sizeof p, "%s/timeseries_harm.txt", dir);
    char *txt = read_all(p, NULL);
    assert_non_null(strstr(txt, "Cumulative harm"));
    assert_non_null(strstr(txt, " eu *"));
    assert_non_null(strstr(txt, " uk #"));
    assert_non_null(strstr(txt, "all ="));
    free(txt);
    /* The terminal got the same figures, without form feeds or trailing spaces. */
    long size = ftell(term);
    assert_true(size > 7 * 1000);
    rewind(term);
    char *tt = calloc(1, (size_t)size + 1);
    assert_int_equal(fread(tt, 1, (size_t)size, term), (size_t)size);
    fclose(term);
    assert_int_equal(count(tt, "Developers deployed"), 1);
    assert_int_equal(count(tt, "eu_gap (recorded by the scenario)"), 1);
    assert_null(strchr(tt, '\f'));
    assert_null(strstr(tt, " \n"));
    free(tt);
    free(r);
    tmp_remove_tree(dir);
}

static void test_script_redraws_from_anywhere(void **state)
{
    (void)state;
    if (!have_gnuplot())
        skip();
    char t[4096], dir[64], err[2048];
    copy_fixture("run_a", dir, sizeof dir);
    acc_plot_opts o = opts(t, sizeof t);
    o.only = "timeseries_harm";
    acc_plot_result *r = calloc(1, sizeof *r);
    assert_int_equal(acc_plot_dir(dir, &o, r, err, sizeof err), ACC_OK);
    assert_int_equal(r->drawn, 1);
    assert_false(file_exists(dir, "timeseries_deployed.png"));
    char png[4200], gp[4200];
    snprintf(png, sizeof png, "%s/timeseries_harm.png", dir);
    snprintf(gp, sizeof gp, "%s/timeseries_harm.gp", dir);
    assert_int_equal(unlink(png), 0);
    /* gnuplot started in "/": the script moves to its own directory. */
    if (acc_io_gnuplot_run(gp, "/", err, sizeof err))
        fail_msg("%s", err);
    uint32_t w, h;
    assert_true(png_size(png, &w, &h));
    assert_int_equal(w, 1280);
    assert_true(file_exists(dir, "timeseries_harm.svg"));
    free(r);
    tmp_remove_tree(dir);
}

static void test_sweep_and_phase_draw(void **state)
{
    (void)state;
    if (!have_gnuplot())
        skip();
    char t[4096], dir[64], err[2048];
    const char *names[] = {"sweep", "han2020"};
    for (int k = 0; k < 2; k++) {
        copy_fixture(names[k], dir, sizeof dir);
        acc_plot_opts o = opts(t, sizeof t);
        o.formats = ACC_PLOT_PNG | ACC_PLOT_PDF;
        acc_plot_result *r = calloc(1, sizeof *r);
        int rc = acc_plot_dir(dir, &o, r, err, sizeof err);
        if (rc)
            fail_msg("%s: %s", names[k], err);
        assert_int_equal(r->drawn, k == 0 ? 6 : 1);
        for (int i = 0; i < r->n; i++) {
            char p[4400];
            uint32_t w, h;
            snprintf(p, sizeof p, "%s/%s.png", dir, r->fig[i].name);
            assert_true(png_size(p, &w, &h));
            assert_int_equal(w, 1280);
            assert_int_equal(h, k == 0 ? 800 : 1000);
            snprintf(p, sizeof p, "%s/%s.pdf", dir, r->fig[i].name);
            char *pdf = read_all(p, NULL);
            assert_non_null(pdf);
            assert_memory_equal(pdf, "%PDF-", 5);
            free(pdf);
        }
        assert_int_equal(hidden_files(dir), 0);
        free(r);
        tmp_remove_tree(dir);
    }
}

static void test_missing_gnuplot(void **state)
{
    (void)state;
    char t[4096], dir[64], err[2048], fix[4096];
    copy_fixture("run_a", dir, sizeof dir);
    setenv("ACCORD_GNUPLOT", "/nonexistent/gnuplot", 1);
    acc_plot_opts o = opts(t, sizeof t);
    acc_plot_result *r = calloc(1, sizeof *r);
    assert_int_equal(acc_plot_dir(dir, &o, r, err, sizeof err), ACC_EIO);
    unsetenv("ACCORD_GNUPLOT");
    assert_non_null(strstr(err, "gnuplot not found"));
    assert_non_null(strstr(err, "ACCORD_GNUPLOT=/nonexistent/gnuplot"));
    assert_non_null(strstr(err, "the gnuplot scripts (*.gp) are written"));
    assert_int_equal(r->n, 7);
    assert_int_equal(r->drawn, 0);
    assert_true(file_exists(dir, "timeseries_harm.gp"));
    assert_false(file_exists(dir, "timeseries_harm.png"));
    assert_int_equal(hidden_files(dir), 0);
    /* The CSV files are untouched. */
    const char *csvs[] = {"timeseries.csv", "custom.csv", "summary.csv"};
    for (int i = 0; i < 3; i++) {
        char a[4400], b[4400];
        fixture_path(fix, sizeof fix, "run_a");
        snprintf(a, sizeof a, "%s/%s", fix, csvs[i]);
        snprintf(b, sizeof b, "%s/%s", dir, csvs[i]);
        size_t la, lb;
        char *ta = read_all(a, &la), *tb = read_all(b, &lb);
        assert_int_equal(la, lb);
        assert_memory_equal(ta, tb, la);
        free(ta);
        free(tb);
    }
    free(r);
    tmp_remove_tree(dir);
}

static void test_gnuplot_failure_leaves_no_output(void **state)
{
    (void)state;
    if (!have_gnuplot())
        skip();
    char t[4096], dir[64], err[2048];
    copy_fixture(NULL, dir, sizeof dir);
    char p[4200];
    snprintf(p, sizeof p, "%s/timeseries.csv", dir);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    /* No number anywhere: gnuplot finds no valid point and fails. */
    fputs("step,year,jurisdiction,deployed\n1,a,eu,x\n2,b,eu,y\n", f);
    fclose(f);
    acc_plot_opts o = opts(t, sizeof t);
    acc_plot_result *r = calloc(1, sizeof *r);
    assert_int_equal(acc_plot_dir(dir, &o, r, err, sizeof err), ACC_EIO);
    /* The message names the kept script, not the temporary copy gnuplot ran. */
    char want[4300];
    snprintf(want, sizeof want, "gnuplot %s/timeseries_deployed.gp failed", dir);
    if (!strstr(err, want))
        fail_msg("%s", err);
    assert_null(strstr(err, ".tmp."));
    assert_int_equal(r->drawn, 0);
    assert_false(file_exists(dir, "timeseries_deployed.png"));
    assert_false(file_exists(dir, "timeseries_deployed.svg"));
    assert_true(file_exists(dir, "timeseries_deployed.gp"));
    assert_int_equal(hidden_files(dir), 0);
    free(r);
    tmp_remove_tree(dir);
}

/* ---- reports ----------------------------------------------------------------------- */

static void test_inline_svg(void **state)
{
    (void)state;
    const char *svg = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<svg viewBox=\"0 0 9 9\">"
                      "<title>Gnuplot</title><defs><path id='gpPt1' d='M0'/></defs>"
                      "<g id=\"gnuplot_canvas\"><use xlink:href='#gpPt1'/>"
                      "<rect clip-path=\"url(#gpClip)\"/><script>alert(1)</script>"
                      "<text>grid='x'</text></g></svg>\n";
    acc_sb b;
    acc_sb_init(&b);
    assert_int_equal(acc_report_inline_svg(&b, svg, "f3-", "Harm <&>"), ACC_OK);
    assert_string_equal(acc_sb_str(&b),
                        "<svg role=\"img\" aria-label=\"Harm &lt;&amp;&gt;\" viewBox=\"0 0 9 9\">"
                        "<title>Harm &lt;&amp;&gt;</title><defs><path id='f3-gpPt1' d='M0'/></defs>"
                        "<g id=\"f3-gnuplot_canvas\"><use xlink:href='#f3-gpPt1'/>"
                        "<rect clip-path=\"url(#f3-gpClip)\"/>"
                        "<text>grid='x'</text></g></svg>\n");
    acc_sb_free(&b);
    acc_sb_init(&b);
    assert_int_equal(acc_report_inline_svg(&b, "<html></html>", "f1-", "x"), ACC_EINVAL);
    acc_sb_free(&b);
}

static void test_report_tables_only(void **state)
{
    (void)state;
    char t[4096], dir[64], err[2048];
    templates(t, sizeof t);
    copy_fixture("run_a", dir, sizeof dir);
    acc_report_opts o;
    memset(&o, 0, sizeof o);
    o.dir = dir;
    o.templates = t;
    o.no_figures = 1;
    acc_report_result r;
    int rc = acc_report_write(&o, &r, err, sizeof err);
    if (rc)
        fail_msg("%s", err);
    assert_string_equal(r.kind, "run");
    assert_int_equal(r.figures, 0);
    assert_int_equal(r.figures_wanted, 7);
    char p[4200];
    snprintf(p, sizeof p, "%s/report.html", dir);
    assert_string_equal(r.path, p);
    char *html = read_all(p, NULL);
    assert_non_null(html);
    assert_memory_equal(html, "<!DOCTYPE html>", 15);
    assert_non_null(strstr(html, "<h1>fragmented</h1>"));
    /* The description is escaped, not markup. */
    assert_non_null(strstr(html, "A two-market fixture for the plot tests &lt;with &amp; markup&gt;."));
    assert_non_null(strstr(html, "<td>welfare</td><td class=\"num\">1017</td>"));
    assert_non_null(strstr(html, "<td>eu_stringency</td>"));
    assert_non_null(strstr(html, "<td>European Union</td>"));
    assert_non_null(strstr(html, "@media print"));
    assert_non_null(strstr(html, "accord run fixture.lua --seed 7"));
    /* Self-contained: no scripts, no external resources. */
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "<link"));
    assert_null(strstr(html, "src="));
    assert_null(strstr(html, "@import"));
    /* Nothing was drawn. */
    assert_false(file_exists(dir, "timeseries_harm.png"));
    free(html);
    /* --out elsewhere */
    snprintf(p, sizeof p, "%s/elsewhere.html", dir);
    o.out = p;
    assert_int_equal(acc_report_write(&o, &r, err, sizeof err), ACC_OK);
    assert_true(file_exists(dir, "elsewhere.html"));
    tmp_remove_tree(dir);
    /* errors */
    o.out = NULL;
    o.dir = "/nonexistent/x";
    assert_int_equal(acc_report_write(&o, &r, err, sizeof err), ACC_EIO);
    assert_non_null(strstr(err, "/nonexistent/x: no such directory"));
    assert_string_equal(r.path, "");
    copy_fixture(NULL, dir, sizeof dir);
    o.dir = dir;
    assert_int_equal(acc_report_write(&o, &r, err, sizeof err), ACC_EIO);
    assert_non_null(strstr(err, "not an accord run, sweep or comparison directory"));
    assert_false(file_exists(dir, "report.html"));
    tmp_remove_tree(dir);
}

static void test_report_figures(void **state)
{
    (void)state;
    if (!have_gnuplot())
        skip();
    char t[4096], dir[64], err[2048];
    templates(t, sizeof t);
    copy_fixture("run_a", dir, sizeof dir);
    acc_report_opts o;
    memset(&o, 0, sizeof o);
    o.dir = dir;
    o.templates = t;
    acc_report_result r;
    int rc = acc_report_write(&o, &r, err, sizeof err);
    if (rc)
        fail_msg("%s", err);
    assert_int_equal(r.figures, 7);
    char *html = read_all(r.path, NULL);
    assert_int_equal(count(html, "<svg role=\"img\""), 7);
    assert_int_equal(count(html, "</svg>"), 7);
    assert_int_equal(count(html, "<?xml"), 0);
    /* Ids are unique across figures. */
    assert_int_equal(count(html, "id=\"f1-gnuplot_canvas\""), 1);
    assert_int_equal(count(html, "id=\"f7-gnuplot_canvas\""), 1);
    assert_int_equal(count(html, "id=\"gnuplot_canvas\""), 0);
    assert_int_equal(count(html, "<figcaption>"), 7);
    assert_null(strstr(html, "<script"));
    free(html);
    /* Beside the report: the PNG and SVG files and scripts, as accord plot writes them. */
    assert_true(file_exists(dir, "timeseries_hhi.png"));
    assert_true(file_exists(dir, "timeseries_hhi.gp"));
    /* Without gnuplot: the page is still written, says why, and the status says so. */
    setenv("ACCORD_GNUPLOT", "/nonexistent/gnuplot", 1);
    rc = acc_report_write(&o, &r, err, sizeof err);
    unsetenv("ACCORD_GNUPLOT");
    assert_int_equal(rc, ACC_EIO);
    assert_non_null(strstr(err, "gnuplot not found"));
    assert_int_equal(r.figures, 0);
    html = read_all(r.path, NULL);
    assert_non_null(html);
    assert_non_null(strstr(html, "Some figures could not be drawn: gnuplot not found"));
    free(html);
    tmp_remove_tree(dir);
}

static void test_report_sweep_and_phase(void **state)
{
    (void)state;
    char t[4096], dir[64], err[2048];
    templates(t, sizeof t);
    copy_fixture("sweep", dir, sizeof dir);
    acc_report_opts o;
    memset(&o, 0, sizeof o);
    o.dir = dir;
    o.templates = t;
    o.no_figures = 1;
    acc_report_result r;
    assert_int_equal(acc_report_write(&o, &r, err, sizeof err), ACC_OK);
    assert_string_equal(r.kind, "sweep");
    char *html = read_all(r.path, NULL);
    assert_non_null(strstr(html, "<h1>Sweep of baseline</h1>"));
    assert_non_null(strstr(html, "Design points"));
    /* outcome headers carry their units */
    assert_non_null(strstr(html, "<th>point</th><th>eu_stringency</th><th>welfare (M$)</th><th>harm (M$)</th>"));
    /* point 0, welfare: mean 1029.700351 in [1014.886267, 1044.514435] */
    assert_non_null(strstr(html, "<td class=\"num\">1030<br><span class=\"meta\">[1015, 1045]</span></td>"));
    assert_non_null(strstr(html, "<th>S1_lo</th>"));
    assert_non_null(strstr(html, "--vary eu_stringency=0.2:0.8:4"));
    free(html);
    tmp_remove_tree(dir);
    copy_fixture("han2020", dir, sizeof dir);
    o.dir = dir;
    assert_int_equal(acc_report_write(&o, &r, err, sizeof err), ACC_OK);
    html = read_all(r.path, NULL);
    /* A function model: its own outcomes, no key-outcome table. */
    assert_non_null(strstr(html, "<td>freq_unsafe</td><td class=\"num\">0.81</td>"));
    assert_null(strstr(html, "Other outcomes"));
    free(html);
    tmp_remove_tree(dir);
}

int main(void)
{
    unsetenv("ACCORD_PLOTS");
    unsetenv("ACCORD_GNUPLOT");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_clean),
        cmocka_unit_test(test_parse_formats),
        cmocka_unit_test(test_find_templates),
        cmocka_unit_test(test_list_run),
        cmocka_unit_test(test_list_sweep),
        cmocka_unit_test(test_list_phase_and_errors),
        cmocka_unit_test(test_draw_run),
        cmocka_unit_test(test_script_redraws_from_anywhere),
        cmocka_unit_test(test_sweep_and_phase_draw),
        cmocka_unit_test(test_missing_gnuplot),
        cmocka_unit_test(test_gnuplot_failure_leaves_no_output),
        cmocka_unit_test(test_inline_svg),
        cmocka_unit_test(test_report_tables_only),
        cmocka_unit_test(test_report_figures),
        cmocka_unit_test(test_report_sweep_and_phase),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
