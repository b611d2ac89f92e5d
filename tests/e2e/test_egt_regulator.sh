#!/usr/bin/env bash
# The regulator of Bova, Di Stefano & Han (2023) as the shipped example
# scenarios/literature/bova2023.lua, checked against the published early-race
# thresholds (s = 1.5: p_r_risk = 0.6354 at q = 0.2, 0.2381 at q = 0.5), its
# exact thresholds against the closed form computed here, and the dynamics
# (UNSAFE takes over below the risk threshold, not above it). The built-in
# `q` of egt.han2020 is a different (forfeiture) regulator: its own closed
# form 1 - 1/(3s(1-q)) in the early race, and the docs must not present it
# as Bova et al.'s.
. "$(dirname "$0")/lib.sh"

# col FILE NAME: the value of column NAME in the one data row of a CSV
col() { awk -F, -v n="$2" 'NR==1{for(i=1;i<=NF;i++) if($i==n) k=i} NR==2{print $k}' "$1"; }
# near A B TOL
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN{d=a-b; if(d<0)d=-d; exit !(d<=t)}'; }

S=scenarios/literature/bova2023.lua
for case in "0.2 0.6354 0.7222" "0.5 0.2381 0.5556"; do
  set -- $case
  q=$1 published=$2 forfeit=$3
  if "$ACCORD" run $S --set q=$q --set B=1e12 --out "$TMP/lim$q" --quiet; then
    got=$(col "$TMP/lim$q/summary.csv" p_r_risk)
    near "$got" "$published" 0.00005 && ok "Bova regulator, q = $q, early race: p_r_risk $got ~ $published" \
      || not_ok "Bova regulator q = $q" "p_r_risk $got, published $published"
    lim=$(col "$TMP/lim$q/summary.csv" p_r_risk_limit)
    near "$lim" "$published" 0.00005 && ok "closed-form limit $lim ~ $published" || not_ok "closed-form limit q = $q" "$lim"
    ff=$(col "$TMP/lim$q/summary.csv" forfeit_p_r_risk)
    near "$ff" "$forfeit" 0.00005 && ok "built-in forfeiture regulator, q = $q: $ff ~ 1 - 1/(3s(1-q)) = $forfeit (a different model)" \
      || not_ok "forfeiture regulator q = $q" "$ff"
  else
    not_ok "bova2023 runs at q = $q"
  fi
done

# Exact thresholds at the baseline (b = 4, c = 1, R = B/W = 100, s = 1.5, q = 0.2),
# derived by hand from the matrix in the scenario's header:
#   risk:    1 - (b/2-c+R/2 + (1-q)(b/(s+1)-c) + q(b-c+R)) / ((1-q)(s b/(s+1) + s R + (1+q)(b/2 + s R/2)))
#          = 1 - 72.08/195.84
#   welfare: 1 - (b/2-c+R/2) / ((1-q^2)(b/2 + s R/2)) = 1 - 51/73.92
"$ACCORD" run $S --set q=0.2 --out "$TMP/base" --quiet
near "$(col "$TMP/base/summary.csv" p_r_risk)" "$(awk 'BEGIN{printf "%.17g", 1-72.08/195.84}')" 1e-12 \
  && ok "exact risk threshold = 1 - 72.08/195.84" || not_ok "exact risk threshold" "$(col "$TMP/base/summary.csv" p_r_risk)"
near "$(col "$TMP/base/summary.csv" p_r_welfare)" "$(awk 'BEGIN{printf "%.17g", 1-51/73.92}')" 1e-12 \
  && ok "exact welfare threshold = 1 - 51/73.92" || not_ok "exact welfare threshold" "$(col "$TMP/base/summary.csv" p_r_welfare)"

# The population dynamics agree: below the risk threshold (0.632) UNSAFE
# dominates the long run, above it SAFE does.
"$ACCORD" run $S --set q=0.2 --set p_r=0.60 --out "$TMP/lo" --quiet
"$ACCORD" run $S --set q=0.2 --set p_r=0.66 --out "$TMP/hi" --quiet
awk -v a="$(col "$TMP/lo/summary.csv" freq_unsafe)" -v b="$(col "$TMP/hi/summary.csv" freq_unsafe)" 'BEGIN{exit !(a>0.9 && b<0.1)}' \
  && ok "UNSAFE takes over at p_r = 0.60, not at 0.66" \
  || not_ok "dynamics vs threshold" "$(col "$TMP/lo/summary.csv" freq_unsafe) $(col "$TMP/hi/summary.csv" freq_unsafe)"

# table_q.csv traces both regulators over q
"$ACCORD" run $S --set grid_q=5 --out "$TMP/t" --quiet
[ "$(head -1 "$TMP/t/table_q.csv")" = "q,p_r_risk,p_r_welfare,p_r_risk_limit,forfeit_p_r_risk,forfeit_p_r_welfare" ] \
  && [ "$(wc -l < "$TMP/t/table_q.csv")" -eq 6 ] && ok "table_q.csv: 5 rows, both regulators" || not_ok "table_q.csv" "$(head -2 "$TMP/t/table_q.csv")"

# The built-in regulator is not presented as Bova et al.'s.
if grep -n "after Bova" docs/egt.md scenarios/literature/han2020.lua engine/egt/egt.h engine/lua/egt_lua.c; then
  not_ok "docs still present the built-in q as the regulator of Bova et al."
else
  ok "docs no longer present the built-in q as Bova et al.'s regulator"
fi
grep -q "bova2023.lua" docs/egt.md && ok "docs/egt.md points to the Bova example" || not_ok "docs/egt.md mentions bova2023.lua"
finish
