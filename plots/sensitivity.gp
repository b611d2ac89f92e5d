# accord plots — sensitivity of one outcome to each swept parameter as bars:
# Sobol' first-order and total indices with their bootstrap intervals, or
# Morris mu* and sigma (sensitivity.csv).
# SPDX-License-Identifier: GPL-3.0-or-later
#
# By hand, from the source tree:
#   gnuplot -e "infile='results/sweep/sensitivity.csv'; outfile='s.png'; \
#               labels='eu_stringency eu_cert_cost'; valcols='S1 ST'; \
#               locols='S1_lo ST_lo'; hicols='S1_hi ST_hi'; \
#               filtercol='outcome'; filterval='welfare'" plots/sensitivity.gp
# Variables:
#   infile      CSV with a header line (default sensitivity.csv)
#   outfile     NAME.png|svg|pdf|txt or - (default -); outfiles: several
#   labelcol    column naming the parameter of a row (default parameter)
#   labels      the parameters to draw, in order, separated by spaces (required)
#   valcols     one bar per column and parameter, side by side (default S1 ST)
#   locols, hicols  interval bounds for each valcols entry, or '' for none
#   bartitles   key text for each valcols entry (default: the column names)
#   filtercol, filterval  draw only rows whose filtercol is filterval
#   title, ylabel

if (!exists("plotdir")) {
    plotdir = ARG0; i = strlen(plotdir)
    while (i > 0 && plotdir[i:i] ne '/') { i = i - 1 }
    plotdir = (i > 0) ? plotdir[1:i] : ''
}
if (!exists("labels")) { print "sensitivity.gp: set labels='<parameters>'"; exit status 1 }
infile = exists("infile") ? infile : 'sensitivity.csv'
outfiles = exists("outfiles") ? outfiles : exists("outfile") ? outfile : '-'
labelcol = exists("labelcol") ? labelcol : 'parameter'
valcols = exists("valcols") ? valcols : 'S1 ST'
locols = exists("locols") ? locols : ''
hicols = exists("hicols") ? hicols : ''
bartitles = exists("bartitles") ? bartitles : valcols
filtercol = exists("filtercol") ? filtercol : ''
filterval = exists("filterval") ? filterval : ''
title = exists("title") ? title : ''
ylabel = exists("ylabel") ? ylabel : ''

nbars = words(valcols)
barw = 0.8 / nbars
# Position of parameter s on the x axis (1, 2, ...; 0 if not listed) and
# of bar k within its group.
pos(s) = sum [j=1:words(labels)] (word(labels, j) eq s ? j : 0)
keep(dummy) = (filtercol eq '' ? 1 : strcol(filtercol) eq filterval) && pos(strcol(labelcol)) > 0
xbar(k) = keep(0) ? pos(strcol(labelcol)) + (k - (nbars + 1) / 2.0) * barw : NaN

do for [outfile in outfiles] {
    load plotdir . 'style.gp'
    set title title
    set xlabel ''
    set ylabel ylabel
    # text: the dumb terminal prints a y label only when it fits the margin
    # (a few characters), so a longer one (the unit) goes into the title
    if (is_text && strlen(ylabel) > 4) { set title title . ' [' . ylabel . ']'; unset ylabel }
    set key below horizontal
    set style fill solid 0.85 border -1
    set boxwidth barw * 0.9 absolute
    set xrange [0.4 : words(labels) + 0.6]
    set offsets 0, 0, graph 0.05, 0
    # bars are magnitudes: the axis always holds 0 (and goes below it only
    # for a negative value, e.g. a Sobol estimate near 0)
    set yrange [*<0 : *]
    set xtics () rotate by -30 left
    do for [j=1:words(labels)] { set xtics add (word(labels, j) j) }
    if (!is_text) { set grid ytics }
    set xzeroaxis linetype -1 linewidth 1
    if (locols eq '') {
        plot for [k=1:nbars] infile using (xbar(k)):(column(word(valcols, k))) \
            with boxes linetype k title word(bartitles, k)
    } else {
        plot for [k=1:nbars] infile using (xbar(k)):(column(word(valcols, k))) \
                with boxes linetype k title word(bartitles, k), \
             for [k=1:nbars] infile using (xbar(k)):(column(word(valcols, k))): \
                (column(word(locols, k))):(column(word(hicols, k))) \
                with yerrorbars linetype 7 pointtype 0 linewidth 1 notitle
    }
    unset output
}
