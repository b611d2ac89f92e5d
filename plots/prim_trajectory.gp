# accord plots — PRIM's peeling trajectory (accord discover): each box's
# density against its coverage, coloured by the number of restricted
# parameters, the chosen box circled.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# By hand: gnuplot -e "infile='results/x/discover/discover_trajectory.csv'; \
#                      outfile='traj.png'" plots/prim_trajectory.gp
# Variables: infile (default discover_trajectory.csv), outfile(s), title.

if (!exists("plotdir")) {
    plotdir = ARG0; i = strlen(plotdir)
    while (i > 0 && plotdir[i:i] ne '/') { i = i - 1 }
    plotdir = (i > 0) ? plotdir[1:i] : ''
}
infile = exists("infile") ? infile : 'discover_trajectory.csv'
outfiles = exists("outfiles") ? outfiles : exists("outfile") ? outfile : '-'
title = exists("title") ? title : ''

do for [outfile in outfiles] {
    load plotdir . 'style.gp'
    set title title
    set xlabel 'coverage (share of all cases in the box)'
    set ylabel 'density (share of cases in the box)'
    set xrange [0:1.02]
    set yrange [0:1.02]
    set key below
    set cblabel 'restricted parameters'
    set cbtics 1
    set format cb '%.0f'
    set palette defined (0 '#56B4E9', 1 '#0072B2', 2 '#009E73', 3 '#E69F00', 4 '#D55E00')
    plot infile using (column('coverage')):(column('density')):(column('n_restricted')) \
             with linespoints linetype 1 pointtype 7 pointsize 1 palette title 'peeling trajectory', \
         '' using (column('chosen') == 1 ? column('coverage') : NaN):(column('density')) \
             with points pointtype 6 pointsize 3.5 linecolor rgb '#000000' title 'chosen box'
    unset output
}
