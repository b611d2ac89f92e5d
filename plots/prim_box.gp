# accord plots — the box PRIM chose (accord discover): for each parameter the
# range of the data (grey) and the box's limits (blue), scaled to 0-1, with
# the limits and the quasi-p-value of each restriction.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# By hand: gnuplot -e "infile='results/x/discover/discover_box.csv'; \
#                      outfile='box.png'" plots/prim_box.gp
# Variables: infile (default discover_box.csv), outfile(s), title.

if (!exists("plotdir")) {
    plotdir = ARG0; i = strlen(plotdir)
    while (i > 0 && plotdir[i:i] ne '/') { i = i - 1 }
    plotdir = (i > 0) ? plotdir[1:i] : ''
}
infile = exists("infile") ? infile : 'discover_box.csv'
outfiles = exists("outfiles") ? outfiles : exists("outfile") ? outfile : '-'
title = exists("title") ? title : ''

label_of(dummy) = column('restricted') == 1 ? \
    sprintf('[%.4g, %.4g]  p = %.2g', column('lower'), column('upper'), column('quasi_p')) : \
    'unrestricted'

do for [outfile in outfiles] {
    load plotdir . 'style.gp'
    set xrange [*:*]
    set yrange [*:*]
    stats infile using (column('lower_01')) nooutput
    nrec = STATS_records
    set title title
    set xlabel 'position in the range of the data (0 = min, 1 = max)'
    set xrange [-0.02:1.9]
    set xtics 0, 0.25, 1
    set yrange [nrec - 0.5:-0.5]
    set offsets 0, 0, 0, 0
    set grid noytics
    set key below
    set style fill solid 0.5 noborder
    plot infile using (0.5):0:(0.5):(0.32):ytic(strcol('parameter')) with boxxyerror \
             linecolor rgb '#c8c8c8' title 'range of the data', \
         '' using ((column('lower_01') + column('upper_01')) / 2):0: \
             ((column('upper_01') - column('lower_01')) / 2):(0.22) with boxxyerror \
             linetype 1 title 'chosen box', \
         '' using (1.03):0:(label_of(0)) with labels left notitle
    unset output
}
