# egt_phase.gp: phase diagram of the Han et al. (2020) AI race from the
# han2020 scenario's table_phase.csv: heat map of the stationary frequency of
# UNSAFE over (s, p_r) with the risk-dominance and social-welfare thresholds.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage:
#   gnuplot -e "infile='table_phase.csv'; outfile='phase.png'" plots/egt_phase.gp
# Optional variables (set them with -e too):
#   term     gnuplot terminal (default pngcairo; e.g. 'pdfcairo', 'svg')
#   title    plot title (default: the file name)
#   limits   1 to add the early-race limits 1 - 1/(3s) and 1 - 1/s (dashed)
# Input columns (by name): s, p_r, freq_unsafe, p_r_risk, p_r_welfare; the
# rows must form a full grid (as the scenario writes it).

if (!exists("infile")) { print "egt_phase.gp: set infile='...csv'"; exit status 1 }
if (!exists("outfile")) { print "egt_phase.gp: set outfile='...'"; exit status 1 }
if (!exists("term")) { term = "pngcairo" }
if (!exists("title")) { title = infile }
if (!exists("limits")) { limits = 0 }

if (term eq "pngcairo") {
    set terminal pngcairo size 900,700 enhanced font "sans,11"
} else {
    eval sprintf("set terminal %s", term)
}
set datafile separator ","
set datafile columnheaders
# gnuplot only warns about a missing or empty file: make that an error.
stats infile using 1 nooutput
if (!exists("STATS_records")) { print sprintf("egt_phase.gp: no data in %s", infile); exit status 1 }

set output outfile
set title title noenhanced
set xlabel "s (speed-up of UNSAFE)"
set ylabel "p_r (probability of disaster when UNSAFE)"
set cblabel "stationary frequency of UNSAFE"
set xrange [*:*] noextend
set yrange [0:1]
set cbrange [0:1]
set palette defined (0 "#2166ac", 0.5 "#f7f7f7", 1 "#b2182b")
set key below center horizontal maxrows 2 box samplen 3
set tics out
set xlabel offset 0,0.3
set bmargin 9
set grid front lc rgb "#808080" lw 0.5 dt 3

plot infile using "s":"p_r":"freq_unsafe" with image notitle, \
     "" using "s":"p_r_risk" smooth unique with lines lw 3 lc rgb "black" \
        title "risk-dominance threshold (SAFE pays each developer above)", \
     "" using "s":"p_r_welfare" smooth unique with lines lw 3 dt 2 lc rgb "#1a9850" \
        title "social-welfare threshold (SAFE better for all above)", \
     (limits ? 1 - 1/(3*x) : NaN) with lines lw 1 dt 3 lc rgb "#404040" title (limits ? "1 - 1/(3s)" : ""), \
     (limits ? 1 - 1/x : NaN) with lines lw 1 dt 4 lc rgb "#404040" title (limits ? "1 - 1/s" : "")

set output
