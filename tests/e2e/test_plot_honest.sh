#!/usr/bin/env bash
# Figures that do not mislead (issue 14, item 4): bars of magnitudes start at
# zero; non-grid sweeps are a scatter with a binned-mean smoother, not a wall
# of error bars; intervals of outcomes that cannot be negative (or leave
# [0, 1]) stay inside those bounds, in points.csv and so in the figures;
# every outcome a sweep asked for is drawn, and figures left out past the
# limit are said.
. "$(dirname "$0")/lib.sh"
command -v gnuplot >/dev/null || { echo "ok - # SKIP gnuplot not installed"; finish; exit; }

# --- bars start at zero: mu* of 0.0005, 0.0003, 0.0002 (the smallest bar
# vanished when the axis began at 0.0002)
printf 'outcome,parameter,mu,mu_star,sigma,n\ny,a,0.0005,0.0005,0.0001,10\ny,b,0.0003,0.0003,0.0001,10\ny,c,0.0002,0.0002,0.0001,10\n' > "$TMP/sens.csv"
gnuplot -e "infile='$TMP/sens.csv'; outfile='$TMP/bars.txt'; labels='a b c'; valcols='mu_star'" plots/sensitivity.gp
lowest=$(grep -E '^ *[-0-9.e]+ [+|]' "$TMP/bars.txt" | tail -1 | awk '{print $1}')
[ "$lowest" = 0 ] && ok "Morris mu* bars: the y axis starts at 0" || not_ok "bars' axis" "lowest tick '$lowest'"
# a negative estimate still shows below zero
printf 'outcome,parameter,S1,ST\ny,a,-0.25,0.3\ny,b,0.5,0.6\n' > "$TMP/sob.csv"
gnuplot -e "infile='$TMP/sob.csv'; outfile='$TMP/sob.txt'; labels='a b'; valcols='S1 ST'" plots/sensitivity.gp
grep -qE '^ *-0\.[0-9]+ [+|]' "$TMP/sob.txt" && ok "a negative Sobol' estimate extends the axis below 0" || not_ok "negative bar" "$(cat "$TMP/sob.txt")"

# --- non-grid designs: scatter and binned means
"$ACCORD" sweep tests/scenarios/tiny.lua --vary strict=0.2:0.8 --vary years=1:3 --design lhs --samples 30 \
  --reps 2 --outcomes harm --out "$TMP/lhs" -q -j 2
expect_exit 0 "sweep_harm_vs_strict +harm against strict \(design points and binned means\)" \
  "an LHS sweep's figure is a scatter with binned means" -- "$ACCORD" plot "$TMP/lhs" --list
"$ACCORD" plot "$TMP/lhs" --format dumb -q
grep -q "mean in 5 equal bins of strict" "$TMP/lhs/sweep_harm_vs_strict.txt" && grep -q "design points (30;" "$TMP/lhs/sweep_harm_vs_strict.txt" \
  && ok "the figure has 30 design points and a 5-bin smoother" || not_ok "scatter figure" "$(tail -4 "$TMP/lhs/sweep_harm_vs_strict.txt")"
# a grid of two parameters: the mean at each level, not bins across levels
"$ACCORD" sweep tests/scenarios/tiny.lua --vary strict=0.2:0.8:4 --vary years=1:3:3 --reps 2 --outcomes harm --out "$TMP/g2" -q -j 2
"$ACCORD" plot "$TMP/g2" --format svg,dumb -q # two outputs: each draws the same figure
grep -q "mean at each of the 4 values of strict" "$TMP/g2/sweep_harm_vs_strict.txt" && grep -q "mean at each of the 3 values of years" "$TMP/g2/sweep_harm_vs_years.txt" \
  && grep -q "mean at each of the 4 values of strict" "$TMP/g2/sweep_harm_vs_strict.svg" \
  && ok "a two-parameter grid: the mean at each level of each parameter (SVG and text alike)" || not_ok "levels smoother" "$(tail -3 "$TMP/g2/sweep_harm_vs_strict.txt")"
# a one-parameter grid keeps its means joined with their intervals
"$ACCORD" sweep tests/scenarios/tiny.lua --vary strict=0.2:0.8:4 --reps 3 --out "$TMP/grid" -q -j 2
expect_exit 0 "sweep_harm_vs_strict +harm against strict \(mean and 95% interval\)" \
  "a one-parameter grid keeps error bars" -- "$ACCORD" plot "$TMP/grid" --list

# --- intervals inside the outcome's bounds (points.csv)
# harm >= 0: the t interval over 3 replications reaches below 0 at some point
# (computed here from runs.csv); points.csv cuts it at 0
col() { head -1 "$1" | tr ',' '\n' | grep -nx "$2" | cut -d: -f1; }
hc=$(col "$TMP/grid/runs.csv" harm)
neg=$(awk -F, -v c="$hc" 'NR>1 {n[$2]++; s[$2]+=$c; q[$2]+=$c*$c}
  END {for (p in n) {m=s[p]/n[p]; sd=sqrt((q[p]-n[p]*m*m)/(n[p]-1)); if (m-4.302653*sd/sqrt(3) < 0) k++} print k+0}' "$TMP/grid/runs.csv")
[ "$neg" -gt 0 ] && ok "the plain t interval of harm goes below 0 at $neg of 4 points (the case to fix)" \
  || not_ok "test premise: a t interval below 0" "$neg"
bad=$(awk -F, 'NR>1 && ($3=="harm" || $3=="exposure" || $3=="incidents" || $3 ~ /^harm_/) && $7 < 0' "$TMP/grid/points.csv" | wc -l)
[ "$bad" -eq 0 ] && ok "points.csv: no interval of a non-negative outcome below 0" || not_ok "negative ci_lo" "$bad rows"
awk -F, 'NR>1 && $3=="harm" && $7 == 0 {z++} END {exit !(z > 0)}' "$TMP/grid/points.csv" \
  && ok "points.csv: harm's interval cut at 0" || not_ok "harm cut at 0"
bad=$(awk -F, 'NR>1 && ($3 ~ /share$/ || $3=="startup_survival_rate" || $3=="final_mean_safety") && ($7 < 0 || $8 > 1)' "$TMP/grid/points.csv" | wc -l)
[ "$bad" -eq 0 ] && ok "points.csv: shares' intervals inside [0, 1]" || not_ok "share intervals" "$bad rows"
awk -F, 'NR>1 && $3=="welfare_harm" && $8 > 0 {z++} END {exit !(z > 0)}' "$TMP/grid/points.csv" \
  && ok "an outcome that can be negative keeps its plain interval (welfare_harm reaches above 0)" \
  || ok "welfare_harm: no interval crossed 0 here"

# --- per-jurisdiction outcomes (past the 64th column of runs.csv) are outcomes
# plot can draw, with their units
expect_exit 0 "revenue_home_bb against strict" \
  "plot draws per-jurisdiction outcomes (harm_aa, revenue_home_bb)" \
  -- "$ACCORD" plot "$TMP/grid" --outcome harm_aa --outcome revenue_home_bb --format svg
grep -qxF "ylabel = exists(\"ylabel\") ? ylabel : 'harm_aa (M\$)'" "$TMP/grid/sweep_harm_aa_vs_strict.gp" \
  && ok "harm_aa's axis says M\$" || not_ok "harm_aa unit"
# a custom metric's unit and meaning, where the manifest records them
"$ACCORD" run scenarios/baseline.lua --set years=1 --out "$TMP/run" --quiet
"$ACCORD" plot "$TMP/run" --figure custom_eu_certified --format svg -q
# (scenarios/baseline.lua records eu_certified with unit = "developers")
grep -q "^ylabel = exists(\"ylabel\") ? ylabel : 'eu_certified (developers)'\$" "$TMP/run/custom_eu_certified.gp" \
  && ok "a custom metric's recorded unit on its axis" || not_ok "custom ylabel" "$(grep ^ylabel "$TMP/run/custom_eu_certified.gp")"
"$ACCORD" report "$TMP/run" --no-figures -q
grep -q '<tr><td>harm_eu</td><td class="num">[^<]*</td><td class="unit">M\$</td>' "$TMP/run/report.html" \
  && ok "report: per-jurisdiction outcomes with units" || not_ok "report harm_eu unit"

# an outcome with no value anywhere (NA at every point) is drawn as an empty
# frame that says so, not a gnuplot failure
"$ACCORD" sweep tests/scenarios/tiny.lua --vary strict=0.2:0.8 --design lhs --samples 10 --outcomes startup_survival_5y,harm --out "$TMP/na" -q
expect_exit 0 "sweep_startup_survival_5y_vs_strict" "an all-NA outcome's figure is drawn" -- "$ACCORD" plot "$TMP/na" --format dumb
grep -q "no values: startup_survival_5y is NA at every design point" "$TMP/na/sweep_startup_survival_5y_vs_strict.txt" \
  && ok "the all-NA figure says why it is empty" || not_ok "all-NA figure" "$(cat "$TMP/na/sweep_startup_survival_5y_vs_strict.txt")"

# --- every requested outcome is drawn
"$ACCORD" sweep tests/scenarios/tiny.lua --vary strict=0.2:0.8:3 --reps 2 --outcomes harm,welfare,final_startup_share \
  --out "$TMP/oc" -q -j 2
expect_exit 0 "sweep_final_startup_share_vs_strict" "plot draws every outcome the sweep asked for (final_startup_share)" \
  -- "$ACCORD" plot "$TMP/oc" --list
[ "$("$ACCORD" plot "$TMP/oc" --list | wc -l)" -eq 3 ] && ok "three outcomes, three figures" || not_ok "figure count"
# more figures than fit: said, not silently dropped
outs=$(head -1 "$TMP/grid/runs.csv" | tr ',' '\n' | sed -n '7,31p' | paste -sd, -)
"$ACCORD" sweep tests/scenarios/tiny.lua --vary strict=0.2:0.8:3 --vary years=1:2:2 --outcomes "$outs" --out "$TMP/many" -q -j 2
expect_exit 0 "warning: 2 more figures past the 48 listed" "figures past the limit are said" -- "$ACCORD" plot "$TMP/many" --list
finish
