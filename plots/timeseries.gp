# accord plots — one metric over time, one line per group: per jurisdiction in
# a run's timeseries.csv, or per input in a comparison's compare_timeseries.csv.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# By hand, from the source tree (any variable may be left out):
#   gnuplot -e "infile='results/baseline/timeseries.csv'; outfile='harm.png'; \
#               ycols='harm'; cumulative=1; groups='eu us jp uk all'" plots/timeseries.gp
# Variables:
#   infile      CSV with a header line (default timeseries.csv)
#   outfile     NAME.png|svg|pdf|txt, or - for text on the terminal (default -);
#               outfiles: several names separated by spaces, drawn in turn
#   xcol        column on the x axis (default year)
#   groupcol    column whose values name the lines (default jurisdiction)
#   groups      the values to draw, separated by spaces (default all)
#   ycols       column(s) to plot; several separated by spaces are summed
#               (default harm); a row with a missing value (NA) is skipped
#   cumulative  1: plot the running total of each line from the first row
#   zeroline    1: draw the line y = 0 (for differences)
#   title, xlabel, ylabel   texts (default: none, year, ycols)

if (!exists("plotdir")) {
    plotdir = ARG0; i = strlen(plotdir)
    while (i > 0 && plotdir[i:i] ne '/') { i = i - 1 }
    plotdir = (i > 0) ? plotdir[1:i] : ''
}
infile = exists("infile") ? infile : 'timeseries.csv'
outfiles = exists("outfiles") ? outfiles : exists("outfile") ? outfile : '-'
xcol = exists("xcol") ? xcol : 'year'
groupcol = exists("groupcol") ? groupcol : 'jurisdiction'
groups = exists("groups") ? groups : 'all'
ycols = exists("ycols") ? ycols : 'harm'
cumulative = exists("cumulative") ? cumulative : 0
zeroline = exists("zeroline") ? zeroline : 0
title = exists("title") ? title : ''
xlabel = exists("xlabel") ? xlabel : 'year'
ylabel = exists("ylabel") ? ylabel : ycols

# The value of one row for group g: the sum of ycols (NaN on other groups'
# rows, which the style's `missing NaN` makes gnuplot skip), or its running
# total. `cum` restarts at the first data row of each line (column(0) == 0).
ysum(dummy) = sum [k=1:words(ycols)] column(word(ycols, k))
yone(dummy) = words(ycols) == 1 ? column(ycols) : ysum(0)
yval(g) = strcol(groupcol) ne g ? NaN : (cumulative ? (cum = cum + ysum(0)) : yone(0))

do for [outfile in outfiles] {
    load plotdir . 'style.gp'
    set title title
    set xlabel xlabel
    set ylabel ylabel
    # text: the dumb terminal prints a y label only when it fits the margin
    # (a few characters), so a longer one (the unit) goes into the title
    if (is_text && strlen(ylabel) > 4) { set title title . ' [' . ylabel . ']'; unset ylabel }
    set key outside right top vertical
    cum = 0
    # the aggregate 'all' in black (linetype 7), the others in palette order;
    # a difference plot also draws y = 0, which keeps zero in view
    if (zeroline) {
        plot for [k=1:words(groups)] infile \
            using (column(0) == 0 ? cum = 0 : 0, column(xcol)):(yval(word(groups, k))) \
            with lines linetype (word(groups, k) eq 'all' ? 7 : (k >= 7 ? k + 1 : k)) \
            title word(groups, k), \
            0 with lines linetype 0 linewidth 1.5 notitle
    } else {
        plot for [k=1:words(groups)] infile \
            using (column(0) == 0 ? cum = 0 : 0, column(xcol)):(yval(word(groups, k))) \
            with lines linetype (word(groups, k) eq 'all' ? 7 : (k >= 7 ? k + 1 : k)) \
            title word(groups, k)
    }
    unset output
}
