# accord plots — a sweep outcome against one varied parameter (points.csv):
# on a one-parameter grid, the mean of each design point with its confidence
# interval as an error bar, joined by a line; for other designs (random, LHS,
# Sobol', Morris, or several varied parameters) a scatter of the design
# points' means with a smoother: the mean of the points in each of nbins
# equal-width bins of the parameter (the other parameters averaged out).
# SPDX-License-Identifier: GPL-3.0-or-later
#
# By hand, from the source tree:
#   gnuplot -e "infile='results/sweep/points.csv'; outfile='welfare.png'; \
#               xcol='eu_stringency'; filtercol='outcome'; filterval='welfare'" plots/sweep.gp
# Variables:
#   infile      CSV with a header line (default points.csv)
#   outfile     NAME.png|svg|pdf|txt or - (default -); outfiles: several
#   xcol        the varied parameter's column (required)
#   ycol, locol, hicol   mean and interval bounds (default mean, ci_lo, ci_hi);
#               a missing bound (NA, e.g. one replication) draws no bar
#   filtercol, filterval draw only rows whose filtercol is filterval (a long
#               table with one row per point and outcome); empty: every row
#   lines       1: join the points in file order (one varied parameter);
#               0: points only (other parameters vary as well)
#   scatter     1: scatter and binned means, no error bars (default: !lines)
#   nbins       bins of the smoother (default: sqrt of the points, in [3, 15]);
#               when not given and the parameter takes at most 15 distinct
#               values, each at least twice on average (a grid of several
#               parameters), the mean at each value instead
#   keytitle    the key's text (default: none, no key)
#   title, xlabel, ylabel

if (!exists("plotdir")) {
    plotdir = ARG0; i = strlen(plotdir)
    while (i > 0 && plotdir[i:i] ne '/') { i = i - 1 }
    plotdir = (i > 0) ? plotdir[1:i] : ''
}
if (!exists("xcol")) { print "sweep.gp: set xcol='<parameter column>'"; exit status 1 }
infile = exists("infile") ? infile : 'points.csv'
outfiles = exists("outfiles") ? outfiles : exists("outfile") ? outfile : '-'
ycol = exists("ycol") ? ycol : 'mean'
locol = exists("locol") ? locol : 'ci_lo'
hicol = exists("hicol") ? hicol : 'ci_hi'
filtercol = exists("filtercol") ? filtercol : ''
filterval = exists("filterval") ? filterval : ''
lines = exists("lines") ? lines : 1
scatter = exists("scatter") ? scatter : !lines
title = exists("title") ? title : ''
xlabel = exists("xlabel") ? xlabel : xcol
keytitle = exists("keytitle") ? keytitle : ''
ylabel = exists("ylabel") ? ylabel : (filterval ne '' ? filterval : ycol)

nbins_given = exists("nbins") # before the loop: it sets nbins for each output
keep(dummy) = filtercol eq '' ? 1 : strcol(filtercol) eq filterval
yv(dummy) = keep(0) ? column(ycol) : NaN
# A bar from lo to hi; with no interval both ends sit on the mean.
bound(c) = (b = column(c), b == b ? b : column(ycol))
xv(dummy) = (y = yv(0), y == y ? column(xcol) : NaN)

do for [outfile in outfiles] {
    load plotdir . 'style.gp'
    set title title
    set xlabel xlabel
    set ylabel ylabel
    # text: the dumb terminal prints a y label only when it fits the margin
    # (a few characters), so a longer one (the unit) goes into the title
    if (is_text && strlen(ylabel) > 4) { set title title . ' [' . ylabel . ']'; unset ylabel }
    set offsets graph 0.03, graph 0.03, graph 0.05, graph 0.05
    set key below
    if (keytitle eq '') { unset key }
    # (after style.gp: stats needs its CSV settings)
    # The smoother's bins: equal widths over the points' range of the parameter;
    # bin(x) is the centre of x's bin (the largest x goes into the last bin).
    undefine STATS_*
    stats infile using (xv(0)) nooutput
    npts = exists("STATS_records") ? STATS_records : 0
    if (npts > 0 && scatter) {
        xlo = STATS_min
        xhi = STATS_max
        nbins = nbins_given ? nbins : (npts < 9 ? 3 : (int(sqrt(npts)) > 15 ? 15 : int(sqrt(npts))))
        # few distinct values (a grid of several parameters): the mean at each
        # value instead of bins that would split or merge the levels
        set table $accord_levels
        plot infile using (xv(0)):(xv(0)) smooth unique
        unset table
        set datafile nocolumnheaders # the table has no header line
        stats $accord_levels using 1 nooutput
        set datafile columnheaders
        nlevels = STATS_records
        bylevel = !nbins_given && nlevels > 0 && nlevels <= 15 && 2 * nlevels <= npts
        if (bylevel) { nbins = nlevels }
        binw = (xhi > xlo && nbins > 0) ? (xhi - xlo) / nbins : 0
        bink(x) = (k = floor((x - xlo) / binw), k >= nbins ? nbins - 1 : k)
        bin(x) = bylevel ? x : binw > 0 ? xlo + (bink(x) + 0.5) * binw : NaN
        smoothtitle = bylevel ? sprintf('mean at each of the %d values of %s', nlevels, xcol) \
                              : sprintf('mean in %d equal bins of %s', nbins, xcol)
    }
    if (npts == 0) {
        # every mean is NA (no run gave a value): say so on an empty frame
        set xrange [0:1]; set yrange [0:1]; unset key
        set label 1 sprintf('no values: %s is NA at every design point', \
            filterval ne '' ? filterval : ycol) at graph 0.5, graph 0.5 center
        plot NaN notitle
        unset label 1
    } else { if (scatter) {
        # no error bars: with many points they hide the pattern; the
        # intervals are in points.csv. The smoother: mean of each bin.
        set key below
        plot infile using (column(xcol)):(yv(0)) with points linetype 8 pointtype 7 \
                 pointsize 0.8 title sprintf('design points (%d; mean over replications)', npts), \
             '' using (bin(column(xcol))):(yv(0)) smooth unique with linespoints linetype 1 \
                 linewidth 3 pointsize 1.2 title smoothtitle
    } else {
    # The means and the bars are drawn apart, so a point without an interval
    # (one replication: NA bounds, which gnuplot skips) keeps its mean.
    style = lines ? 'linespoints' : 'points'
    eval 'plot infile using (column(xcol)):(yv(0)) with ' . style . \
         ' linetype 1 pointsize 1.3 title keytitle, ' . \
         "'' using (column(xcol)):(yv(0)):(column(locol)):(column(hicol))" . \
         ' with yerrorbars linetype 1 pointtype 0 notitle'
    } }
    unset output
}
