# accord plots — a calibration (accord calibrate): each design point's
# largest implausibility over the targets against each varied parameter, one
# panel per parameter; plausible points (max I below the cutoff) in colour.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# By hand, from the source tree:
#   gnuplot -e "infile='results/x-calibration/calibration.csv'; outfile='cal.png'; \
#               params='x1 x2'" plots/calibration.gp
# Variables:
#   infile    calibration.csv (default)
#   outfile   NAME.png|svg|pdf|txt or - (default -); outfiles: several
#   params    the parameter columns, separated by spaces (required)
#   cutoff    the plausibility cutoff drawn as a dashed line (default 3)
#   ycol, flagcol   max implausibility and the 0/1 plausible flag
#                   (default max_I, plausible)
#   ymin, ymax      values are clipped to [ymin, ymax] for the log scale
#                   (default 0.01, 10000; inf is drawn at ymax)
#   xlos, xhis      the sampled range of each parameter (words in the order of
#                   params; default: the range of the values in infile)
#   title

if (!exists("plotdir")) {
    plotdir = ARG0; i = strlen(plotdir)
    while (i > 0 && plotdir[i:i] ne '/') { i = i - 1 }
    plotdir = (i > 0) ? plotdir[1:i] : ''
}
if (!exists("params")) { print "calibration.gp: set params='<parameter columns>'"; exit status 1 }
infile = exists("infile") ? infile : 'calibration.csv'
outfiles = exists("outfiles") ? outfiles : exists("outfile") ? outfile : '-'
cutoff = exists("cutoff") ? cutoff : 3
ycol = exists("ycol") ? ycol : 'max_I'
flagcol = exists("flagcol") ? flagcol : 'plausible'
ymin = exists("ymin") ? ymin : 0.01
ymax = exists("ymax") ? ymax : 10000
title = exists("title") ? title : ''

np = words(params)
ncols = np <= 3 ? np : ceil(sqrt(np))
nrows = ceil(np * 1.0 / ncols)
yv(dummy) = (v = column(ycol), v == v ? (v < ymin ? ymin : (v > ymax ? ymax : v)) : NaN)
plaus(dummy) = column(flagcol) == 1

do for [outfile in outfiles] {
    load plotdir . 'style.gp'
    set logscale y
    set ylabel 'max implausibility'
    set key below font ',14'
    # room under each panel for its x label and the key's rows (they overlapped)
    if (!is_text) { set bmargin 7 }
    set multiplot layout nrows, ncols title title
    do for [k = 1:np] {
        p = word(params, k)
        set xlabel p
        # four tick marks whatever the panel's width
        set xrange [*:*]
        stats infile using (column(p)) nooutput
        xa = STATS_min; xb = STATS_max
        if (exists("xlos") && exists("xhis") && words(xlos) >= k && words(xhis) >= k) {
            xa = real(word(xlos, k)); xb = real(word(xhis, k))
        }
        if (xb > xa) { set xrange [xa:xb]; set xtics xa, (xb - xa) / 3 } else { set xtics autofreq }
        set format x '%.2g'
        plot infile using (column(p)):(plaus(0) ? NaN : yv(0)) with points pointtype 7 \
                 pointsize 0.6 linecolor rgb '#a0a0a0' title 'implausible', \
             '' using (column(p)):(plaus(0) ? yv(0) : NaN) with points linetype 1 pointtype 7 \
                 pointsize 0.9 title 'plausible', \
             cutoff with lines linetype 2 title sprintf('cutoff %g', cutoff)
    }
    unset multiplot
    unset output
}
