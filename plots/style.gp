# accord plots — the look shared by every figure template: the terminal chosen
# from the output file's extension, large fonts for projection, a colour-blind-
# safe palette (Okabe & Ito) with dash patterns that survive black-and-white
# printing, and how CSV files are read. `accord plot` copies this file into
# each generated script; the templates load it when run by hand.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Reads the variable `outfile` (set by the template for each output):
#   NAME.png  pngcairo, width x height pixels (default 1280 x 800)
#   NAME.svg  svg (scalable: viewBox only, for HTML reports)
#   NAME.pdf  pdfcairo, 8 x 5 inches
#   NAME.txt  text (gnuplot's dumb terminal), cols x rows characters (80 x 24)
#   -         text on standard output

width = exists("width") ? width : 1280
height = exists("height") ? height : 800
cols = exists("cols") ? cols : 80
rows = exists("rows") ? rows : 24

ext = strlen(outfile) > 4 ? outfile[strlen(outfile)-3:] : ''
is_text = (outfile eq '-' || ext eq '.txt')
if (ext eq '.png') {
    set terminal pngcairo size width,height noenhanced font 'sans,20' linewidth 2 background rgb 'white'
} else {
    if (ext eq '.svg') {
        set terminal svg size 960,600 dynamic noenhanced font 'sans,16' linewidth 1.5 background rgb 'white'
    } else {
        if (ext eq '.pdf') {
            set terminal pdfcairo size 8in,5in noenhanced font 'sans,11' linewidth 1.5
        } else {
            set terminal dumb size cols,rows noenhanced
        }
    }
}
if (outfile eq '-') { set output } else { set output outfile }

# CSV with a header line; NA (R's missing value) and NaN are missing, and
# lines are drawn across missing points (the templates use NaN to skip the
# rows of other series).
set datafile separator comma
set datafile columnheaders
set datafile missing NaN

set border 3 linewidth 1
set tics nomirror out
set grid ytics linecolor rgb '#d0d0d0' linewidth 0.5 dashtype solid
set key default
set key inside top left noautotitle
set key samplen 2 spacing 1.1
set autoscale fix
set offsets 0, 0, graph 0.05, graph 0.05

# Okabe-Ito colours; every other series dashed for grey-scale prints.
set linetype 1 linecolor rgb '#0072B2' linewidth 2 dashtype solid pointtype 7
set linetype 2 linecolor rgb '#D55E00' linewidth 2 dashtype (8,4) pointtype 5
set linetype 3 linecolor rgb '#009E73' linewidth 2 dashtype solid pointtype 9
set linetype 4 linecolor rgb '#CC79A7' linewidth 2 dashtype (2,3) pointtype 11
set linetype 5 linecolor rgb '#E69F00' linewidth 2 dashtype solid pointtype 13
set linetype 6 linecolor rgb '#56B4E9' linewidth 2 dashtype (8,3,2,3) pointtype 6
set linetype 7 linecolor rgb '#000000' linewidth 2.5 dashtype solid pointtype 4
set linetype 8 linecolor rgb '#999999' linewidth 2 dashtype (4,4) pointtype 8
set linetype cycle 8

# Text: no grid dots, ticks inside the frame, so the lines stay legible (the
# offsets above keep lines at the extremes off the frame).
if (is_text) {
    unset grid
    set border 15
    set tics in nomirror
}
