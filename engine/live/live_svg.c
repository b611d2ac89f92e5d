/* accord live — the page's figures as SVG: line charts of a run's time
 * series (mean, band over replicates, the default run overlaid) and the
 * class view's scatter (axes that do not magnify small differences, labels
 * that do not overlap), and the participants' names as it shows them
 * (UTF-8). The look follows plots/style.gp: large type, Okabe-Ito colours,
 * the second series dashed. Each line chart carries a clip rectangle (class
 * "reveal") the page's time slider narrows to show the run year by year.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "live/live_int.h"

#define W 640.0
#define H 440.0
#define ML 100.0 /* left margin: y tick labels */
#define MR 20.0
#define MT 98.0  /* title, legend and unit */
#define SAME_SPOT 6.0      /* class view: dots closer than this (px) share one label */
#define SAME_SPOT_LABELS 4 /* names that label lists; then "+N" */
#define DOT_LABEL_CHARS 28 /* a dot's label is cut there (with an ellipsis) */
#define MB 62.0  /* x ticks and label */

static const char *const colour[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7"};
static const char *const dash[] = {"", " stroke-dasharray=\"10 5\"", " stroke-dasharray=\"3 4\"",
                                   " stroke-dasharray=\"10 4 3 4\""};

void live_xml(acc_sb *sb, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': acc_sb_add(sb, "&lt;"); break;
        case '>': acc_sb_add(sb, "&gt;"); break;
        case '&': acc_sb_add(sb, "&amp;"); break;
        case '"': acc_sb_add(sb, "&quot;"); break;
        case '\'': acc_sb_add(sb, "&#39;"); break;
        default:
            if ((unsigned char)*s >= 0x20)
                acc_sb_addn(sb, s, 1);
        }
    }
}

size_t live_utf8_next(const char *str, unsigned *cp)
{
    const unsigned char *p = (const unsigned char *)str;
    unsigned c = p[0];
    *cp = c;
    if (c < 0x80)
        return c ? 1 : 0;
    size_t n;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        *cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        *cp = c & 0x0F;
        lo = c == 0xE0 ? 0xA0 : lo;
        hi = c == 0xED ? 0x9F : hi;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        *cp = c & 0x07;
        lo = c == 0xF0 ? 0x90 : lo;
        hi = c == 0xF4 ? 0x8F : hi;
    } else {
        *cp = LIVE_UTF8_BAD;
        return 1;
    }
    for (size_t k = 1; k < n; k++) {
        unsigned b = p[k];
        if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) {
            *cp = LIVE_UTF8_BAD;
            return 1;
        }
        *cp = (*cp << 6) | (b & 0x3F);
    }
    return n;
}

size_t live_utf8_chars(const char *s)
{
    size_t n = 0, len;
    unsigned cp;
    while ((len = live_utf8_next(s, &cp)) > 0) {
        s += len;
        n++;
    }
    return n;
}

/* Characters that draw nothing or change how the text around them is drawn. */
static int invisible(unsigned cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xAD || cp == 0x061C ||
           (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
           (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB);
}

void live_clean_name(char out[LIVE_NAME_BYTES], const char *in)
{
    size_t k = 0, len;
    int chars = 0;
    unsigned cp;
    while (chars < LIVE_NAME_CHARS && (len = live_utf8_next(in, &cp)) > 0) {
        if (cp == LIVE_UTF8_BAD) {
            out[k++] = '?';
            chars++;
        } else if (!invisible(cp)) {
            memcpy(out + k, in, len);
            k += len;
            chars++;
        }
        in += len;
    }
    out[k] = 0;
}

/* A "nice" tick step (1, 2 or 5 times a power of ten) for about n ticks. */
static double nice_step(double span, int n)
{
    if (!(span > 0) || !isfinite(span))
        return 1;
    double raw = span / n, p = pow(10, floor(log10(raw))), f = raw / p;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

static void fmt_tick(char *buf, size_t n, double v, double step)
{
    if (fabs(v) < step * 1e-9)
        v = 0;
    if (fabs(v) >= 1e6) {
        /* 7 digits and more do not fit the margin: 2.5e7, as many
         * significant digits as the step needs */
        int e = (int)floor(log10(fabs(v)));
        int sig = e - (int)floor(log10(step) + 1e-9) + 1;
        sig = sig < 1 ? 1 : sig > 6 ? 6 : sig;
        char m[32];
        snprintf(m, sizeof m, "%.*f", sig - 1, v / pow(10, e));
        if (strchr(m, '.')) { /* 3.0 -> 3 */
            char *z = m + strlen(m) - 1;
            while (*z == '0')
                *z-- = 0;
            if (*z == '.')
                *z = 0;
        }
        snprintf(buf, n, "%se%d", m, e);
    } else if (fabs(v) >= 10000)
        snprintf(buf, n, "%.0f", v);
    else
        snprintf(buf, n, "%.*f", step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9), v);
}

/* The x and text-anchor of a tick label centred at px: moved to end at the
 * right edge when it would run past it (a digit is about 0.64 em wide). */
static const char *tick_anchor(const char *t, double size, double *px)
{
    double half = 0.64 * size * (double)strlen(t) / 2;
    if (*px + half > W - 2) {
        *px = W - 2;
        return "end";
    }
    return "middle";
}

static void range_add(double *lo, double *hi, const double *v, int n)
{
    for (int i = 0; v && i < n; i++)
        if (isfinite(v[i])) {
            if (v[i] < *lo)
                *lo = v[i];
            if (v[i] > *hi)
                *hi = v[i];
        }
}

static void path_of(acc_sb *sb, const double *x, const double *y, int n, double x0, double x1,
                    double y0, double y1)
{
    int pen = 0;
    for (int i = 0; i < n; i++) {
        if (!isfinite(y[i]) || !isfinite(x[i])) {
            pen = 0;
            continue;
        }
        double px = ML + (x[i] - x0) / (x1 - x0) * (W - ML - MR);
        double py = H - MB - (y[i] - y0) / (y1 - y0) * (H - MT - MB);
        acc_sb_printf(sb, "%s%.1f %.1f", pen ? " L" : (i ? " M" : "M"), px, py);
        pen = 1;
    }
}

void live_svg_lines(acc_sb *sb, const char *id, const char *title, const char *unit,
                    const live_line *lines, int nlines)
{
    double lo = INFINITY, hi = -INFINITY, x0 = INFINITY, x1 = -INFINITY;
    for (int l = 0; l < nlines; l++) {
        range_add(&lo, &hi, lines[l].y, lines[l].n);
        range_add(&lo, &hi, lines[l].lo, lines[l].n);
        range_add(&lo, &hi, lines[l].hi, lines[l].n);
        range_add(&x0, &x1, lines[l].x, lines[l].n);
    }
    if (!isfinite(lo)) {
        lo = 0;
        hi = 1;
    }
    if (lo > 0 && lo < 0.5 * hi)
        lo = 0; /* counts and totals read better from zero */
    if (!(hi > lo))
        hi = lo + (lo != 0 ? fabs(lo) * 0.1 : 1);
    if (!isfinite(x0) || !(x1 > x0)) {
        x0 = 0;
        x1 = 1;
    }
    x0 = floor(x0); /* runs start at year 0: the first row is the end of step 1 */
    double ystep = nice_step(hi - lo, 5), y0 = floor(lo / ystep) * ystep,
           y1 = ceil(hi / ystep) * ystep;
    if (!(y1 > y0))
        y1 = y0 + ystep;
    double xstep = nice_step(x1 - x0, 6);
    if (xstep < 1 && x1 - x0 >= 1)
        xstep = 1;

    acc_sb_printf(sb,
                  "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" "
                  "role=\"img\" class=\"fig\" font-family=\"DejaVu Sans, Arial, sans-serif\" data-fig=\"%s\" data-x0=\"%.6g\" data-x1=\"%.6g\" "
                  "aria-label=\"",
                  W, H, id, x0, x1);
    live_xml(sb, title);
    acc_sb_add(sb, "\"><title>");
    live_xml(sb, title);
    acc_sb_printf(sb, "</title><rect width=\"%.0f\" height=\"%.0f\" fill=\"#fff\"/>", W, H);
    /* 25 px bold, smaller when a long title would run past the right edge
     * (a bold DejaVu Sans character is at most about 0.66 em wide on average) */
    double tsize = 25, twidth = 0.66 * (double)strlen(title);
    if (twidth * tsize > W - 2 * (ML - 80))
        tsize = floor((W - 2 * (ML - 80)) / twidth);
    acc_sb_printf(sb,
                  "<text x=\"%.0f\" y=\"26\" font-size=\"%.0f\" font-weight=\"bold\" "
                  "fill=\"#111\">",
                  ML - 80, tsize);
    live_xml(sb, title);
    acc_sb_add(sb, "</text>");
    /* grid and y ticks */
    for (double v = y0; v <= y1 + ystep * 1e-6; v += ystep) {
        double py = H - MB - (v - y0) / (y1 - y0) * (H - MT - MB);
        char t[48];
        fmt_tick(t, sizeof t, v, ystep);
        acc_sb_printf(sb,
                      "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#d0d0d0\"/>"
                      "<text x=\"%.0f\" y=\"%.1f\" font-size=\"20\" text-anchor=\"end\" "
                      "fill=\"#222\">%s</text>",
                      ML, W - MR, py, py, ML - 8, py + 7, t);
    }
    for (double v = ceil(x0 / xstep) * xstep; v <= x1 + xstep * 1e-6; v += xstep) {
        double px = ML + (v - x0) / (x1 - x0) * (W - ML - MR);
        char t[48];
        fmt_tick(t, sizeof t, v, xstep);
        double tx = px;
        const char *anchor = tick_anchor(t, 20, &tx);
        acc_sb_printf(sb,
                      "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.0f\" y2=\"%.0f\" stroke=\"#222\"/>"
                      "<text x=\"%.1f\" y=\"%.0f\" font-size=\"20\" text-anchor=\"%s\" "
                      "fill=\"#222\">%s</text>",
                      px, px, H - MB, H - MB + 6, tx, H - MB + 28, anchor, t);
    }
    acc_sb_printf(sb,
                  "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.0f\" y2=\"%.0f\" stroke=\"#222\"/>"
                  "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.0f\" y2=\"%.0f\" stroke=\"#222\"/>",
                  ML, W - MR, H - MB, H - MB, ML, ML, MT - 6, H - MB);
    acc_sb_printf(sb,
                  "<text x=\"%.0f\" y=\"%.0f\" font-size=\"20\" text-anchor=\"middle\" "
                  "fill=\"#222\">year</text>",
                  ML + (W - ML - MR) / 2, H - 8);
    acc_sb_printf(sb, "<text x=\"%.0f\" y=\"%.0f\" font-size=\"20\" fill=\"#444\">", 14.0,
                  MT - 22);
    live_xml(sb, unit);
    acc_sb_add(sb, "</text>");
    /* a y axis that does not start at 0 says so, right of the unit (as the
     * class view's): a gap between the lines is then not read as a large one */
    if (y0 != 0) {
        char t[48];
        fmt_tick(t, sizeof t, y0, ystep);
        acc_sb_printf(sb,
                      "<text class=\"axis-note\" x=\"%.0f\" y=\"%.0f\" font-size=\"17\" "
                      "fill=\"#444\">axis from %s (not 0)</text>",
                      14 + 0.6 * 20 * (double)live_utf8_chars(unit) + 14, MT - 22, t);
    }
    /* the clip the time slider narrows (full width: the whole run) */
    acc_sb_printf(sb,
                  "<clipPath id=\"reveal-%s\"><rect class=\"reveal\" x=\"%.0f\" y=\"0\" "
                  "width=\"%.0f\" height=\"%.0f\" data-left=\"%.0f\" data-width=\"%.0f\"/>"
                  "</clipPath><g clip-path=\"url(#reveal-%s)\">",
                  id, ML - 2, W - ML - MR + 4, H, ML, W - ML - MR, id);
    for (int l = 0; l < nlines; l++) {
        const live_line *L = &lines[l];
        const double *x = L->x;
        int n = L->n;
        const char *c = colour[L->style & 3];
        if (L->lo && L->hi) {
            acc_sb_add(sb, "<path fill-opacity=\"0.18\" stroke=\"none\" fill=\"");
            acc_sb_add(sb, c);
            acc_sb_add(sb, "\" d=\"");
            /* upper edge forwards, lower edge back */
            int first = 1;
            for (int i = 0; i < n; i++) {
                if (!isfinite(L->hi[i]))
                    continue;
                double px = ML + (x[i] - x0) / (x1 - x0) * (W - ML - MR);
                double py = H - MB - (L->hi[i] - y0) / (y1 - y0) * (H - MT - MB);
                acc_sb_printf(sb, "%s%.1f %.1f", first ? "M" : " L", px, py);
                first = 0;
            }
            for (int i = n - 1; i >= 0 && !first; i--) {
                if (!isfinite(L->lo[i]))
                    continue;
                double px = ML + (x[i] - x0) / (x1 - x0) * (W - ML - MR);
                double py = H - MB - (L->lo[i] - y0) / (y1 - y0) * (H - MT - MB);
                acc_sb_printf(sb, " L%.1f %.1f", px, py);
            }
            acc_sb_add(sb, first ? "\"/>" : " Z\"/>");
        }
        acc_sb_printf(sb, "<path class=\"line%d\" fill=\"none\" stroke=\"%s\" stroke-width=\"3\"%s d=\"",
                      L->style, c, dash[L->style & 3]);
        path_of(sb, x, L->y, n, x0, x1, y0, y1);
        acc_sb_add(sb, "\"/>");
    }
    acc_sb_add(sb, "</g>");
    /* legend: one row under the title */
    for (int l = 0; l < nlines; l++) {
        double ly = 50, lx = 14 + 340.0 * l;
        acc_sb_printf(sb,
                      "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.0f\" y2=\"%.0f\" stroke=\"%s\" "
                      "stroke-width=\"3\"%s/><text x=\"%.0f\" y=\"%.0f\" font-size=\"20\" "
                      "fill=\"#222\">",
                      lx, lx + 36, ly - 6, ly - 6, colour[lines[l].style & 3],
                      dash[lines[l].style & 3], lx + 44, ly);
        live_xml(sb, lines[l].label);
        acc_sb_add(sb, "</text>");
    }
    acc_sb_add(sb, "</svg>");
}

/* The range of a scatter axis holding the values dlo..dhi (live_axis says
 * how), and its tick step for about nticks ticks. */
static void scatter_range(const live_axis *a, double dlo, double dhi, int nticks, double *r0,
                          double *r1, double *step)
{
    double lo = dlo, hi = dhi;
    if (!isfinite(lo) || !isfinite(hi) || !isfinite(hi - lo)) { /* +-1e308: a span of inf */
        lo = 0;
        hi = a->share ? LIVE_SHARE_MIN_SPAN : 1;
    }
    double min_span = a->share ? LIVE_SHARE_MIN_SPAN : 0.2 * fmax(fabs(lo), fabs(hi));
    if (hi - lo < min_span) { /* centred on the values */
        double c = (lo + hi) / 2;
        lo = c - min_span / 2;
        hi = c + min_span / 2;
    } else {
        double pad = (hi - lo) * 0.1;
        lo -= pad;
        hi += pad;
    }
    if (a->share) { /* inside [0, 1], the span kept */
        if (lo < 0) {
            hi -= lo;
            lo = 0;
        }
        if (hi > 1) {
            lo = fmax(0, lo - (hi - 1));
            hi = 1;
        }
    } else if (lo < 0 && !(dlo < 0)) {
        lo = 0;
    }
    if (!(hi > lo))
        hi = lo + 1; /* every value 0 */
    if (lo > 0 && lo < 0.5 * hi)
        lo = 0; /* spread values read better from zero */
    double st = nice_step(hi - lo, nticks);
    *r0 = floor(lo / st + 1e-9) * st;
    *r1 = ceil(hi / st - 1e-9) * st;
    if (!(*r1 > *r0))
        *r1 = *r0 + st;
    *step = st;
}

/* A text's box (font-size 19: 15 above its baseline, 5 below). */
typedef struct tbox {
    double x0, y0, x1, y1;
} tbox;

static double overlap(tbox a, tbox b)
{
    double w = fmin(a.x1, b.x1) - fmax(a.x0, b.x0), h = fmin(a.y1, b.y1) - fmax(a.y0, b.y0);
    return w > 0 && h > 0 ? w * h : 0;
}

/* The estimated width of a label at font-size 19 (a character is at most
 * about 0.68 em wide on average). */
static double label_width(const char *s)
{
    return 0.68 * 19 * (double)live_utf8_chars(s);
}

/* Where a label w wide goes for the dot at (px, py): beside the dot (right,
 * then left), above or below it, then rows further up and down with a line
 * to the dot; the first place inside the figure (under the title, above the
 * x axis) that covers no dot, label or axis text, else the one that covers
 * least. Returns the area it covers (INFINITY: no place inside the figure). */
static double place_label(const tbox *taken, int ntaken, double px, double py, double w,
                          double *bx, double *by, const char **banchor, int *bfar)
{
    double best_cover = INFINITY;
    for (int c = 0; c < 6 + 4 * 8 && best_cover > 0; c++) {
        double lx, ly;
        const char *anchor;
        if (c < 6) {
            static const double near[6][2] = {{12, -8}, {-12, -8}, {12, 21},
                                              {-12, 21}, {0, -16}, {0, 30}};
            lx = px + near[c][0];
            ly = py + near[c][1];
            anchor = near[c][0] > 0 ? "start" : near[c][0] < 0 ? "end" : "middle";
        } else {
            int row = (c - 6) / 4 + 1, side = (c - 6) % 4;
            lx = px + (side & 1 ? -12 : 12);
            ly = side < 2 ? py - 8 - 22.0 * row : py + 21 + 22.0 * row;
            anchor = side & 1 ? "end" : "start";
        }
        double left = anchor[0] == 's' ? lx : anchor[0] == 'e' ? lx - w : lx - w / 2;
        tbox b = {left, ly - 15, left + w, ly + 5};
        if (b.x0 < 2 || b.x1 > W - 2 || b.y0 < 36 || b.y1 > H - MB - 2)
            continue;
        double cover = 0;
        for (int k = 0; k < ntaken; k++)
            cover += overlap(b, taken[k]);
        if (cover < best_cover) {
            best_cover = cover;
            *bx = lx;
            *by = ly;
            *banchor = anchor;
            *bfar = c >= 6;
        }
    }
    return best_cover;
}

void live_svg_scatter(acc_sb *sb, const char *title, const live_axis *xa, const live_axis *ya,
                      const live_dot *dots, int ndots)
{
    double dx0 = INFINITY, dx1 = -INFINITY, dy0 = INFINITY, dy1 = -INFINITY;
    for (int i = 0; i < ndots; i++) {
        if (!isfinite(dots[i].x) || !isfinite(dots[i].y))
            continue;
        dx0 = fmin(dx0, dots[i].x);
        dx1 = fmax(dx1, dots[i].x);
        dy0 = fmin(dy0, dots[i].y);
        dy1 = fmax(dy1, dots[i].y);
    }
    double x0, x1, y0, y1, xs, ys;
    scatter_range(xa, dx0, dx1, 4, &x0, &x1, &xs); /* 4: harm is 3-5 digits wide */
    scatter_range(ya, dy0, dy1, 5, &y0, &y1, &ys);
    acc_sb_printf(sb,
                  "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" "
                  "role=\"img\" class=\"fig scatter\" font-family=\"DejaVu Sans, Arial, sans-serif\" aria-label=\"",
                  W, H);
    live_xml(sb, title);
    acc_sb_add(sb, "\"><title>");
    live_xml(sb, title);
    acc_sb_printf(sb, "</title><rect width=\"%.0f\" height=\"%.0f\" fill=\"#fff\"/>"
                      "<text x=\"12\" y=\"26\" font-size=\"25\" font-weight=\"bold\">", W, H);
    live_xml(sb, title);
    acc_sb_add(sb, "</text>");
    /* an axis that does not start at 0 says so, under the title */
    char note[160] = "";
    for (int k = 0; k < 2; k++) {
        double r0 = k ? y0 : x0;
        if (r0 == 0)
            continue;
        char t[48];
        fmt_tick(t, sizeof t, r0, k ? ys : xs);
        snprintf(note + strlen(note), sizeof note - strlen(note), "%s%s axis from %s (not 0)",
                 note[0] ? "; " : "", k ? ya->name : xa->name, t);
    }
    if (note[0]) {
        acc_sb_add(sb, "<text class=\"axis-note\" x=\"12\" y=\"54\" font-size=\"17\" fill=\"#444\">");
        live_xml(sb, note);
        acc_sb_add(sb, "</text>");
    }
    for (double v = y0; v <= y1 + ys * 1e-6; v += ys) {
        double py = H - MB - (v - y0) / (y1 - y0) * (H - MT - MB);
        char t[48];
        fmt_tick(t, sizeof t, v, ys);
        acc_sb_printf(sb,
                      "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#d0d0d0\"/>"
                      "<text x=\"%.0f\" y=\"%.1f\" font-size=\"20\" text-anchor=\"end\">%s</text>",
                      ML, W - MR, py, py, ML - 8, py + 7, t);
    }
    for (double v = x0; v <= x1 + xs * 1e-6; v += xs) {
        double px = ML + (v - x0) / (x1 - x0) * (W - ML - MR);
        char t[48];
        fmt_tick(t, sizeof t, v, xs);
        const char *anchor = tick_anchor(t, 20, &px);
        acc_sb_printf(sb,
                      "<text x=\"%.1f\" y=\"%.0f\" font-size=\"20\" text-anchor=\"%s\">%s"
                      "</text>",
                      px, H - MB + 26, anchor, t);
    }
    acc_sb_printf(sb,
                  "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.0f\" y2=\"%.0f\" stroke=\"#222\"/>"
                  "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.0f\" y2=\"%.0f\" stroke=\"#222\"/>"
                  "<text x=\"%.0f\" y=\"%.0f\" font-size=\"20\" text-anchor=\"middle\">",
                  ML, W - MR, H - MB, H - MB, ML, ML, MT - 6, H - MB, ML + (W - ML - MR) / 2,
                  H - 8);
    live_xml(sb, xa->label);
    acc_sb_printf(sb, "</text><text x=\"%.0f\" y=\"%.0f\" font-size=\"20\">", ML + 4, MT - 12);
    live_xml(sb, ya->label);
    acc_sb_add(sb, "</text>");
    /* dots drawn on top of each other (participants who chose the same
     * policy, often the defaults) get one label listing them all, not labels
     * printed over each other: the first of them carries it */
    size_t nd = (size_t)(ndots > 0 ? ndots : 1);
    double *pxs = malloc(sizeof *pxs * nd);
    double *pys = malloc(sizeof *pys * nd);
    int *lead = malloc(sizeof *lead * nd);
    tbox *taken = malloc(sizeof *taken * (2 * nd + 3)); /* dots, labels, axis texts, legend */
    if (!pxs || !pys || !lead || !taken) {
        free(pxs);
        free(pys);
        free(lead);
        free(taken);
        acc_sb_add(sb, "</svg>");
        return;
    }
    int ntaken = 0;
    for (int i = 0; i < ndots; i++) {
        pxs[i] = ML + (dots[i].x - x0) / (x1 - x0) * (W - ML - MR);
        pys[i] = H - MB - (dots[i].y - y0) / (y1 - y0) * (H - MT - MB);
        lead[i] = i;
        for (int k = 0; k < i && lead[i] == i; k++)
            if (lead[k] == k && isfinite(pxs[k]) && isfinite(pys[k]) &&
                fabs(pxs[k] - pxs[i]) < SAME_SPOT && fabs(pys[k] - pys[i]) < SAME_SPOT)
                lead[i] = k;
    }
    for (int i = 0; i < ndots; i++) {
        if (!isfinite(dots[i].x) || !isfinite(dots[i].y))
            continue;
        double px = pxs[i], py = pys[i];
        if (dots[i].highlight)
            acc_sb_printf(sb,
                          "<rect class=\"dot default\" x=\"%.1f\" y=\"%.1f\" width=\"16\" "
                          "height=\"16\" fill=\"none\" stroke=\"#D55E00\" stroke-width=\"3\"/>",
                          px - 8, py - 8);
        else
            acc_sb_printf(sb,
                          "<circle class=\"dot\" cx=\"%.1f\" cy=\"%.1f\" r=\"9\" fill=\"#0072B2\" "
                          "fill-opacity=\"0.8\"/>",
                          px, py);
        taken[ntaken++] = (tbox){px - 10, py - 10, px + 10, py + 10};
    }
    /* a legend for the defaults' square, right of the y axis' label: the
     * square alone, among the dots, says nothing to the room */
    int has_default = 0;
    for (int i = 0; i < ndots; i++)
        has_default |= dots[i].highlight && isfinite(dots[i].x) && isfinite(dots[i].y);
    if (has_default) {
        static const char legend[] = "the defaults";
        double tw = 0.64 * 18 * (double)(sizeof legend - 1), tx = W - MR - tw;
        acc_sb_printf(sb,
                      "<g class=\"legend\"><rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"14\" "
                      "fill=\"none\" stroke=\"#D55E00\" stroke-width=\"3\"/>"
                      "<text x=\"%.1f\" y=\"%.1f\" font-size=\"18\" fill=\"#111\">%s</text></g>",
                      tx - 22, MT - 12 - 13, tx, MT - 12, legend);
        taken[ntaken++] = (tbox){tx - 24, MT - 12 - 16, W - MR, MT - 12 + 5};
    }
    /* the texts a label must not cover: the y axis' label and the note */
    taken[ntaken++] = (tbox){ML + 4, MT - 12 - 16,
                             ML + 4 + 0.64 * 20 * (double)live_utf8_chars(ya->label), MT - 12 + 5};
    if (note[0])
        taken[ntaken++] = (tbox){12, 54 - 14, 12 + 0.64 * 17 * (double)live_utf8_chars(note), 54 + 5};
    for (int i = 0; i < ndots; i++) {
        if (!isfinite(dots[i].x) || !isfinite(dots[i].y) || lead[i] != i)
            continue;
        double px = pxs[i], py = pys[i];
        /* the label: the names on this spot, cut at DOT_LABEL_CHARS characters */
        acc_sb all = {0};
        int shown = 0, more = 0;
        const char *first = NULL;
        /* the defaults first: "defaults, P1, P2 +3", never hidden in the +N */
        for (int pass = 0; pass < 2; pass++) {
            for (int k = i; k < ndots; k++) {
                if (lead[k] != i || (dots[k].highlight != 0) != (pass == 0))
                    continue;
                if (shown < SAME_SPOT_LABELS &&
                    live_utf8_chars(acc_sb_str(&all)) < DOT_LABEL_CHARS) {
                    acc_sb_printf(&all, "%s%s", shown ? ", " : "", dots[k].label);
                    if (!shown)
                        first = dots[k].label;
                    shown++;
                } else {
                    more++;
                }
            }
        }
        char lab[4 * DOT_LABEL_CHARS + 8];
        const char *full = acc_sb_str(&all);
        size_t at = 0, len;
        unsigned cp;
        for (int c = 0; c < DOT_LABEL_CHARS - 1 && (len = live_utf8_next(full + at, &cp)) > 0; c++)
            at += len;
        if (live_utf8_chars(full) > DOT_LABEL_CHARS) /* cut, and marked */
            snprintf(lab, sizeof lab, "%.*s\xe2\x80\xa6", (int)at, full);
        else
            snprintf(lab, sizeof lab, "%s", full);
        acc_sb_free(&all);
        char plus[16] = "";
        if (more)
            snprintf(plus, sizeof plus, " +%d", more);
        double w = label_width(lab) + label_width(plus);
        double bx = 0, by = 0;
        const char *banchor = "start";
        int bfar = 0;
        double best_cover = place_label(taken, ntaken, px, py, w, &bx, &by, &banchor, &bfar);
        /* a crowded figure: where the whole list covers another text, the
         * first name alone and how many more ("Ana +3"; the table has them
         * all), if that covers less */
        if (best_cover > 0 && first && (shown + more > 1 || strcmp(lab, first) != 0)) {
            char slab[4 * 14 + 8], splus[16] = "";
            size_t sat = 0;
            for (int c = 0; c < 13 && (len = live_utf8_next(first + sat, &cp)) > 0; c++)
                sat += len;
            if (live_utf8_chars(first) > 14)
                snprintf(slab, sizeof slab, "%.*s\xe2\x80\xa6", (int)sat, first);
            else
                snprintf(slab, sizeof slab, "%s", first);
            if (shown + more > 1)
                snprintf(splus, sizeof splus, " +%d", shown + more - 1);
            double sw = label_width(slab) + label_width(splus), sx = 0, sy = 0;
            const char *sanchor = "start";
            int sfar = 0;
            double scover = place_label(taken, ntaken, px, py, sw, &sx, &sy, &sanchor, &sfar);
            if (scover < best_cover) {
                best_cover = scover;
                bx = sx;
                by = sy;
                banchor = sanchor;
                bfar = sfar;
                w = sw;
                snprintf(lab, sizeof lab, "%s", slab);
                snprintf(plus, sizeof plus, "%s", splus);
            }
        }
        if (!isfinite(best_cover)) { /* wider than every place: centred above, inside */
            bx = fmin(fmax(px, 2 + w / 2), W - 2 - w / 2);
            by = py - 16;
            banchor = "middle";
            bfar = 0;
        }
        double left = banchor[0] == 's' ? bx : banchor[0] == 'e' ? bx - w : bx - w / 2;
        taken[ntaken++] = (tbox){left, by - 15, left + w, by + 5};
        if (bfar) /* a line from the dot's edge to the label's */
            acc_sb_printf(sb,
                          "<line class=\"leader\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                          "stroke=\"#888\" stroke-width=\"1.5\"/>",
                          px, py + (by < py ? -9 : 9), banchor[0] == 's' ? bx - 2 : bx + 2,
                          by < py ? by + 4 : by - 14);
        acc_sb_printf(sb,
                      "<text x=\"%.1f\" y=\"%.1f\" font-size=\"19\" fill=\"#111\" "
                      "text-anchor=\"%s\">",
                      bx, by, banchor);
        live_xml(sb, lab);
        acc_sb_add(sb, plus);
        acc_sb_add(sb, "</text>");
    }
    free(pxs);
    free(pys);
    free(lead);
    free(taken);
    acc_sb_add(sb, "</svg>");
}
