/* accord tests — accord live's pieces that need no server: the SVG figures
 * (escaping, the pixel coordinates of a line worked out by hand, the band,
 * the reveal clip), the question read from a scenario's header, one run
 * through the worker pool compared with acc_rundir writing the same run, and
 * the work estimate of a run and the pool's limit on it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "live/live_int.h"
#include "sweep/rundir.h"

static const live_axis harm_axis = {"harm (M$)", "harm", 0},
                       survival_axis = {"survival (0-1)", "survival", 1};

static void test_xml_escape(void **state)
{
    (void)state;
    acc_sb sb = {0};
    live_xml(&sb, "a<b>&\"c'\x1b[2J\n");
    /* control characters are dropped, the five specials escaped */
    assert_string_equal(acc_sb_str(&sb), "a&lt;b&gt;&amp;&quot;c&#39;[2J");
    acc_sb_free(&sb);
}

static void test_line_coordinates(void **state)
{
    (void)state;
    /* viewBox 640 x 440, plot area x 100..620, y 98..378 (margins 100, 20,
     * 98, 62). x 0..2 spans the width: 100, 360, 620. y 0..10 (ticks of 2,
     * from 0 since the data start there) spans 378 up to 98: y = 5 is 238. */
    const double x[] = {0, 1, 2}, y[] = {0, 5, 10};
    live_line l = {x, 3, y, NULL, NULL, "your policy", 0};
    acc_sb sb = {0};
    live_svg_lines(&sb, "harm", "Cumulative <harm>", "M$", &l, 1);
    const char *s = acc_sb_str(&sb);
    assert_false(sb.oom);
    assert_non_null(strstr(s, "d=\"M100.0 378.0 L360.0 238.0 L620.0 98.0\""));
    assert_non_null(strstr(s, "aria-label=\"Cumulative &lt;harm&gt;\""));
    assert_non_null(strstr(s, "data-x0=\"0\" data-x1=\"2\""));
    /* the reveal clip covers the plot's width (520) and is used by the lines */
    assert_non_null(strstr(s, "class=\"reveal\""));
    assert_non_null(strstr(s, "data-left=\"100\" data-width=\"520\""));
    assert_non_null(strstr(s, "clip-path=\"url(#reveal-harm)\""));
    /* y ticks 0, 2, ..., 10 */
    assert_non_null(strstr(s, ">10</text>"));
    assert_non_null(strstr(s, ">0</text>"));
    assert_null(strstr(s, "stroke-dasharray")); /* one solid line, no band */
    assert_null(strstr(s, "fill-opacity"));
    acc_sb_free(&sb);
}

static void test_band_and_defaults(void **state)
{
    (void)state;
    const double x[] = {0, 1}, y[] = {2, 4}, lo[] = {1, 3}, hi[] = {3, 5}, d[] = {2, 2};
    live_line l[2] = {{x, 2, y, lo, hi, "your policy (mean, range)", 0},
                      {x, 2, d, NULL, NULL, "defaults", 1}};
    acc_sb sb = {0};
    live_svg_lines(&sb, "deployed", "Developers", "developers", l, 2);
    const char *s = acc_sb_str(&sb);
    /* the band: upper edge forwards, lower edge back, closed */
    assert_non_null(strstr(s, "fill-opacity=\"0.18\""));
    assert_non_null(strstr(s, " Z\"/>"));
    /* the defaults: vermilion, dashed (as the PNG templates' second series) */
    assert_non_null(strstr(s, "stroke=\"#D55E00\" stroke-width=\"3\" stroke-dasharray=\"10 5\""));
    assert_non_null(strstr(s, ">defaults</text>"));
    acc_sb_free(&sb);
}

static void test_gaps_and_empty(void **state)
{
    (void)state;
    const double x[] = {0, 1, 2, 3}, y[] = {1, NAN, 3, 4};
    live_line l = {x, 4, y, NULL, NULL, "a", 0};
    acc_sb sb = {0};
    live_svg_lines(&sb, "f", "t", "u", &l, 1);
    /* a missing value lifts the pen: a new M after the gap */
    const char *d = strstr(acc_sb_str(&sb), "class=\"line0\"");
    assert_non_null(d);
    assert_non_null(strstr(d, " M"));
    acc_sb_free(&sb);
    /* no data at all still gives a valid figure */
    live_line e = {x, 0, y, NULL, NULL, "a", 0};
    live_svg_lines(&sb, "f", "t", "u", &e, 1);
    assert_non_null(strstr(acc_sb_str(&sb), "</svg>"));
    acc_sb_free(&sb);
    live_dot dots[2] = {{730.8, 0.469, "P1 <b>", 0}, {338.3, 0.481, "defaults", 1}};
    live_svg_scatter(&sb, "class", &harm_axis, &survival_axis, dots, 2);
    assert_non_null(strstr(acc_sb_str(&sb), ">P1 &lt;b&gt;</text>"));
    assert_non_null(strstr(acc_sb_str(&sb), "class=\"dot default\""));
    assert_int_equal(1, (int)(strstr(acc_sb_str(&sb), "<circle class=\"dot\"") != NULL));
    acc_sb_free(&sb);
}

static void test_large_ticks(void **state)
{
    (void)state;
    /* 0 .. 3e7 (a 50-year run's spending): ticks at multiples of 1e6 or
     * more; 10000000 is 8 digits, wider than the 100 px margin at 20 px, so
     * every tick of 1e6 and more is written with an exponent: 1e7 */
    const double x[] = {0, 1, 2}, y[] = {0, 1.5e7, 3e7};
    live_line l = {x, 3, y, NULL, NULL, "your policy", 0};
    acc_sb sb = {0};
    live_svg_lines(&sb, "regulatory_spend", "Spending", "M$", &l, 1);
    const char *svg = acc_sb_str(&sb);
    assert_non_null(strstr(svg, ">1e7</text>"));
    assert_null(strstr(svg, ">10000000</text>"));
    assert_null(strstr(svg, "000000</text>"));
    acc_sb_free(&sb);
}

static void test_same_spot_label(void **state)
{
    (void)state;
    /* A and B chose the same policy: one label "A, B" at the first of them;
     * C elsewhere keeps its own; a 40-character name is cut to 27 and "…" */
    const char *longname = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
    live_dot dots[] = {{100, 0.5, "A", 0}, {100, 0.5, "B", 0}, {300, 0.4, "C", 0},
                       {200, 0.6, longname, 0}, {150, 0.45, "defaults", 1}};
    acc_sb sb = {0};
    live_svg_scatter(&sb, "class", &harm_axis, &survival_axis, dots, 5);
    const char *svg = acc_sb_str(&sb);
    assert_non_null(strstr(svg, ">A, B</text>"));
    assert_null(strstr(svg, ">B</text>"));
    assert_non_null(strstr(svg, ">C</text>"));
    assert_non_null(strstr(svg, ">xxxxxxxxxxxxxxxxxxxxxxxxxxx\xe2\x80\xa6</text>"));
    assert_non_null(strstr(svg, ">defaults</text>"));
    int circles = 0;
    for (const char *p = svg; (p = strstr(p, "<circle class=\"dot\"")); p++)
        circles++;
    assert_int_equal(circles, 4); /* every participant still has a dot */
    acc_sb_free(&sb);
}

/* The ticks of the scatter's y axis (text-anchor end, at x 92) and its x
 * axis (at y 404), in order. */
static int axis_ticks(const char *svg, int y_axis, double *out, int max)
{
    int n = 0;
    const char *key = y_axis ? "<text x=\"92\" y=\"" : " y=\"404\" font-size=\"20\"";
    for (const char *p = svg; n < max && (p = strstr(p, key)); p++) {
        const char *gt = strchr(p, '>');
        if (gt)
            out[n++] = atof(gt + 1);
    }
    return n;
}

static void test_scatter_axes(void **state)
{
    (void)state;
    /* the educator's five participants on brussels_effect.lua: survival
     * 0.5256-0.5315, harm 246-617. The y axis spans at least 0.2 around
     * them (0.40-0.65 in ticks of 0.05), not 0.525-0.533, and a note says
     * it does not start at 0; harm is spread (246 < 617 / 2): from 0, no note */
    live_dot d[] = {{539.6, 0.52733, "defaults", 1}, {616.6, 0.52595, "Ana", 0},
                    {603.7, 0.52699, "Ben", 0},      {245.6, 0.53145, "Chlo\xc3\xa9", 0},
                    {600.2, 0.52561, "Dmitri", 0},   {539.6, 0.52733, "P5", 0}};
    acc_sb sb = {0};
    live_svg_scatter(&sb, "class", &harm_axis, &survival_axis, d, 6);
    const char *svg = acc_sb_str(&sb);
    double t[32];
    int n = axis_ticks(svg, 1, t, 32);
    assert_int_equal(n, 6);
    assert_true(fabs(t[0] - 0.40) < 1e-9 && fabs(t[5] - 0.65) < 1e-9);
    assert_non_null(strstr(svg, ">survival axis from 0.40 (not 0)</text>"));
    assert_null(strstr(svg, "harm axis from"));
    n = axis_ticks(svg, 0, t, 32);
    assert_true(n >= 2 && t[0] == 0 && t[n - 1] >= 617);
    assert_non_null(strstr(svg, ">Chlo\xc3\xa9</text>"));
    acc_sb_free(&sb);

    /* harm 600 and 610: the axis spans at least a fifth of 610 (540-680 in
     * ticks of 20), and says it does not start at 0; survival spread over
     * 0.1-0.6 starts at 0 */
    live_dot e[] = {{600, 0.1, "A", 0}, {610, 0.6, "B", 0}};
    live_svg_scatter(&sb, "class", &harm_axis, &survival_axis, e, 2);
    svg = acc_sb_str(&sb);
    n = axis_ticks(svg, 0, t, 32);
    assert_int_equal(n, 8);
    assert_true(t[0] == 540 && t[7] == 680);
    assert_non_null(strstr(svg, ">harm axis from 540 (not 0)</text>"));
    assert_null(strstr(svg, "survival axis from"));
    n = axis_ticks(svg, 1, t, 32);
    assert_true(t[0] == 0);
    acc_sb_free(&sb);

    /* a share near 1 keeps its 0.2 inside [0, 1]: 0.80-1.00 */
    live_dot f[] = {{100, 0.95, "A", 0}, {120, 0.97, "B", 0}};
    live_svg_scatter(&sb, "class", &harm_axis, &survival_axis, f, 2);
    n = axis_ticks(acc_sb_str(&sb), 1, t, 32);
    assert_int_equal(n, 5);
    assert_true(fabs(t[0] - 0.8) < 1e-9 && fabs(t[4] - 1.0) < 1e-9);
    acc_sb_free(&sb);
}

/* The dot labels of a scatter (font-size 19) as boxes, with the width the
 * figure assumes (0.68 em a character): x0, y0, x1, y1. */
static int label_boxes(const char *svg, double (*box)[4], char (*text)[64], int max)
{
    int n = 0;
    for (const char *p = svg; n < max && (p = strstr(p, "<text x=\"")); p++) {
        double x, y;
        char anchor[8];
        if (sscanf(p, "<text x=\"%lf\" y=\"%lf\" font-size=\"19\" fill=\"#111\" text-anchor=\"%7[a-z]\"",
                   &x, &y, anchor) != 3)
            continue;
        const char *b = strchr(p, '>') + 1, *e = strstr(b, "</text>");
        snprintf(text[n], 64, "%.*s", (int)(e - b), b);
        double w = 0.68 * 19 * (double)live_utf8_chars(text[n]);
        double left = anchor[0] == 's' ? x : anchor[0] == 'e' ? x - w : x - w / 2;
        box[n][0] = left;
        box[n][1] = y - 15;
        box[n][2] = left + w;
        box[n][3] = y + 5;
        n++;
    }
    return n;
}

static void test_scatter_labels_apart(void **state)
{
    (void)state;
    /* Ana and Dmitri 16 px apart, Ben beside them, the defaults near: every
     * participant's name is in a label, no two labels overlap, none covers
     * a dot, and each stays inside the figure */
    live_dot d[] = {{539.6, 0.52733, "defaults", 1}, {616.6, 0.52595, "Ana", 0},
                    {603.7, 0.52699, "Ben", 0},      {245.6, 0.53145, "Chlo\xc3\xa9", 0},
                    {600.2, 0.52561, "Dmitri", 0},   {590.0, 0.52650, "Eve", 0},
                    {612.0, 0.52620, "Fatima", 0},   {585.0, 0.52590, "Gunnar", 0}};
    acc_sb sb = {0};
    live_svg_scatter(&sb, "class", &harm_axis, &survival_axis, d, 8);
    const char *svg = acc_sb_str(&sb);
    double box[16][4];
    char text[16][64];
    int n = label_boxes(svg, box, text, 16);
    assert_true(n >= 2);
    for (int i = 0; i < 8; i++) {
        int found = 0;
        for (int k = 0; k < n; k++)
            found |= strstr(text[k], d[i].label) != NULL;
        assert_true(found);
    }
    for (int i = 0; i < n; i++) {
        assert_true(box[i][0] >= 2 && box[i][2] <= 640 - 2);
        for (int k = i + 1; k < n; k++) {
            int apart = box[i][2] <= box[k][0] || box[k][2] <= box[i][0] ||
                        box[i][3] <= box[k][1] || box[k][3] <= box[i][1];
            if (!apart)
                fail_msg("labels '%s' and '%s' overlap", text[i], text[k]);
        }
        /* no dot (its centre: cx/cy, or the square's corner + 8) inside */
        for (const char *p = svg; (p = strstr(p, "class=\"dot")); p++) {
            double cx, cy;
            if (sscanf(p, "class=\"dot\" cx=\"%lf\" cy=\"%lf\"", &cx, &cy) != 2) {
                if (sscanf(p, "class=\"dot default\" x=\"%lf\" y=\"%lf\"", &cx, &cy) != 2)
                    continue;
                cx += 8;
                cy += 8;
            }
            int clear = cx + 9 <= box[i][0] || cx - 9 >= box[i][2] || cy + 9 <= box[i][1] ||
                        cy - 9 >= box[i][3];
            if (!clear)
                fail_msg("label '%s' covers the dot at %.1f %.1f", text[i], cx, cy);
        }
    }
    acc_sb_free(&sb);
}

static void test_names(void **state)
{
    (void)state;
    char out[LIVE_NAME_BYTES];
    live_clean_name(out, "Chlo\xc3\xa9");
    assert_string_equal(out, "Chlo\xc3\xa9"); /* UTF-8 kept */
    live_clean_name(out, "\xc3\xa9l\xc3\xa8ve");
    assert_string_equal(out, "\xc3\xa9l\xc3\xa8ve");
    live_clean_name(out, "A\x01\x7f\xc2\x85<b>");
    assert_string_equal(out, "A<b>"); /* C0, DEL, C1 dropped; '<' escaped where shown */
    live_clean_name(out, "Chlo\xe9"); /* Latin-1, not UTF-8: visibly '?' */
    assert_string_equal(out, "Chlo?");
    live_clean_name(out, "\xc0\xaf\xed\xa0\x80x"); /* overlong, surrogate */
    assert_string_equal(out, "?????x");
    live_clean_name(out, "ab\xe2\x80\xae" "cd\xe2\x80\x8b"); /* right-to-left override, zero width */
    assert_string_equal(out, "abcd");
    char many[200] = "";
    for (int i = 0; i < 40; i++)
        strcat(many, "\xc3\xa9");
    live_clean_name(out, many); /* 32 characters, not 32 bytes */
    assert_int_equal((int)strlen(out), 64);
    assert_int_equal((int)live_utf8_chars(out), 32);
    /* a dot label is cut at 27 characters and an ellipsis, never inside one */
    live_dot d[] = {{100, 0.5, many, 0}};
    acc_sb sb = {0};
    live_svg_scatter(&sb, "class", &harm_axis, &survival_axis, d, 1);
    char want[200] = ">";
    for (int i = 0; i < 27; i++)
        strcat(want, "\xc3\xa9");
    strcat(want, "\xe2\x80\xa6</text>");
    assert_non_null(strstr(acc_sb_str(&sb), want));
    acc_sb_free(&sb);
}

static void test_question(void **state)
{
    (void)state;
    char dir[] = "/tmp/accord-live-qXXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/q.lua", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("--[[ q — a test\n\nQuestion: does a\n  strict   rule\n help?\n\nWhat to look at: x\n]]\n"
          "local s = param { name = \"s\", default = 0.5, min = 0, max = 1, unit = \"score\", doc = \"d\" }\n"
          "return scenario { years = 1, jurisdictions = { jurisdiction { id = \"eu\", stringency = s } } }\n",
          f);
    fclose(f);
    live_scenario sc;
    char err[ACC_ERRLEN];
    assert_int_equal(live_scenario_load(&sc, path, err, sizeof err), ACC_OK);
    assert_string_equal(sc.question, "does a strict rule help?");
    assert_int_equal(sc.nparams, 1);
    assert_string_equal(sc.params[0].name, "s");
    assert_true(sc.params[0].hi == 1);
    live_scenario_free(&sc);
    unlink(path);
    rmdir(dir);
}

/* One run through the pool (a forked worker) equals acc_rundir's summary. */
static void test_pool_run_equals_rundir(void **state)
{
    (void)state;
    const char *scen = ACCORD_SOURCE_DIR "/tests/scenarios/tiny.lua";
    live_pool p;
    char err[ACC_ERRLEN];
    assert_int_equal(live_pool_init(&p, scen, 1, 60, 0, 0, err, sizeof err), ACC_OK);
    const char *sets[] = {"strict=0.75"};
    int cached, busy;
    live_run *r = live_pool_run(&p, sets, 1, 7, 2, 1, &cached, &busy);
    assert_non_null(r);
    assert_int_equal(r->status, ACC_OK);
    assert_false(cached);
    assert_true(r->nsteps == 24); /* 2 years of 12 steps, the 'all' rows */

    char dir[] = "/tmp/accord-live-uXXXXXX";
    assert_non_null(mkdtemp(dir));
    acc_rundir_opts o;
    memset(&o, 0, sizeof o);
    o.scenario = scen;
    o.outdir = dir;
    o.seed = 7;
    o.run = 2;
    o.sets = sets;
    o.n_sets = 1;
    o.quiet = 1;
    acc_rundir_result res;
    assert_int_equal(acc_rundir(&o, &res, err, sizeof err), ACC_OK);
    char path[256], line1[8192], line2[8192];
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    assert_non_null(fgets(line1, sizeof line1, f));
    assert_non_null(fgets(line2, sizeof line2, f));
    fclose(f);
    /* every numeric column of the file equals the pool's value exactly */
    char *h = line1, *v = line2, *hs, *vs;
    int compared = 0;
    for (char *hn = strtok_r(h, ",\n", &hs), *vn = strtok_r(v, ",\n", &vs); hn && vn;
         hn = strtok_r(NULL, ",\n", &hs), vn = strtok_r(NULL, ",\n", &vs)) {
        char *end;
        double want = strtod(vn, &end);
        if (*end)
            continue;
        assert_true(live_run_outcome(r, hn) == want);
        compared++;
    }
    assert_true(compared > 50);
    live_run_release(&p, r);

    /* the same run again comes from the cache */
    r = live_pool_run(&p, sets, 1, 7, 2, 1, &cached, &busy);
    assert_non_null(r);
    assert_true(cached);
    live_run_release(&p, r);
    live_pool_free(&p);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_work_estimate(void **state)
{
    (void)state;
    /* 2.5 years of 12 steps: 30 steps; 3 markets founding 4, 6 and 10
     * startups a year: 50 over the run, half of them counted; 7 + 5
     * developers at the start: 12 + 25 = 37 on average; 30 x 3 x 37 */
    acc_config cfg;
    acc_config_room room;
    memset(&room, 0, sizeof room);
    acc_config_init(&cfg, &room);
    cfg.years = 2.5;
    cfg.steps_per_year = 12;
    cfg.n_jur = 3;
    cfg.jur[0].startup_rate = 4;
    cfg.jur[1].startup_rate = 6;
    cfg.jur[2].startup_rate = 10;
    cfg.n_pop = 2;
    cfg.pop[0].count = 7;
    cfg.pop[1].count = 5;
    live_work w;
    live_work_of(&cfg, &w);
    assert_true(w.steps == 30);
    assert_true(w.markets == 3);
    assert_true(w.developers == 37);
    assert_true(w.total == 3330);
    /* the --max-work (millions) that admits it: two significant digits, up */
    assert_true(fabs(live_work_limit_up(3330) - 0.0034) < 1e-15);
    assert_true(live_work_limit_up(535e6) == 540);
    assert_true(live_work_limit_up(40e6) == 40);
    assert_true(live_work_limit_up(0) == 0);
}

/* A run over the pool's work limit is refused by its worker before it runs
 * (live_fail's at step 2 would fail otherwise), with a message naming the
 * limit and the option; it is not cached; replicates multiply the work. */
static void test_pool_work_limit(void **state)
{
    (void)state;
    /* tiny.lua: 24 steps x 2 markets x (66 + 220 / 2) developers = 8448 */
    const char *scen = ACCORD_SOURCE_DIR "/tests/scenarios/tiny.lua";
    live_pool p;
    char err[ACC_ERRLEN];
    assert_int_equal(live_pool_init(&p, scen, 1, 60, 0, 9000, err, sizeof err), ACC_OK);
    const char *sets[] = {"strict=0.75"};
    int cached, busy;
    live_run *r = live_pool_run(&p, sets, 1, 7, 0, 1, &cached, &busy);
    assert_non_null(r);
    assert_int_equal(r->status, ACC_OK); /* 8448 <= 9000 */
    live_run_release(&p, r);
    r = live_pool_run(&p, sets, 1, 7, 1, 2, &cached, &busy); /* 2 x 8448 > 9000 */
    assert_non_null(r);
    assert_int_equal(r->status, LIVE_STATUS_TOO_BIG);
    assert_non_null(strstr(r->err, "about 0.0169 million developer-market-steps (24 steps x 2 "
                                    "markets x 176 developers on average, x 2 replicates)"));
    assert_non_null(strstr(r->err, "over its limit of 0.009 million (--max-work)"));
    assert_non_null(strstr(r->err, "fewer replicates, or start the server with --max-work 0.017"));
    live_run_release(&p, r);
    r = live_pool_run(&p, sets, 1, 7, 1, 2, &cached, &busy);
    assert_non_null(r);
    assert_false(cached); /* a refusal is not kept */
    assert_int_equal(r->status, LIVE_STATUS_TOO_BIG);
    live_run_release(&p, r);
    live_pool_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xml_escape),
        cmocka_unit_test(test_line_coordinates),
        cmocka_unit_test(test_band_and_defaults),
        cmocka_unit_test(test_gaps_and_empty),
        cmocka_unit_test(test_large_ticks),
        cmocka_unit_test(test_same_spot_label),
        cmocka_unit_test(test_scatter_axes),
        cmocka_unit_test(test_scatter_labels_apart),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_question),
        cmocka_unit_test(test_pool_run_equals_rundir),
        cmocka_unit_test(test_work_estimate),
        cmocka_unit_test(test_pool_work_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
