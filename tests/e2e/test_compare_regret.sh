#!/usr/bin/env bash
# accord compare --regret: three policy arms of tests/scenarios/arms.lua swept
# over the same grid; the regret table and the paired differences equal the
# values computed by hand; designs that differ and bad specs are refused.
. "$(dirname "$0")/lib.sh"

S=tests/scenarios/arms.lua
for a in 1 2 3; do
  "$ACCORD" sweep $S --vary x=0:1:5 --set arm=$a --out "$TMP/a$a" -q -j 2 || not_ok "sweep arm $a"
done
expect_exit 0 "regret against the best arm" "compare --regret prints the table" -- "$ACCORD" compare "$TMP/a1" "$TMP/a2" "$TMP/a3" \
  --labels up,down,flat --regret y:max --out "$TMP/c" --no-plot
# By hand, x = 0, .25, .5, .75, 1; best = max(x, 1 - x, 0.5):
#   up:   regret 1, .5, 0, 0, 0    -> mean .3, p10 0, p90 .8 (type 7), best at 3/5
#   down: regret 0, 0, 0, .5, 1    -> mean .3, p10 0, p90 .8, best at 3/5
#   flat: regret .5, .25, 0, .25, .5 -> mean .3, p10 .1, p90 .5, best at 1/5
want='outcome,direction,arm,points,mean_regret,p10_regret,p90_regret,share_best
y,max,up,5,0.3,0,0.8,0.6
y,max,down,5,0.3,0,0.8,0.6
y,max,flat,5,0.3,0.1,0.5,0.2'
got=$(python3 - "$TMP/c/compare_regret.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
print(",".join(rows[0]))
for r in rows[1:]:
    print(",".join(r[:4] + ["%.10g" % float(v) for v in r[4:]]))
PY
)
[ "$got" = "$want" ] && ok "regret table equals the hand computation" || not_ok "regret table" "$got"
head -1 "$TMP/c/compare_points.csv" | grep -qx 'point,x,outcome,arm,mean,diff' && ok "compare_points.csv header" || not_ok "points header" "$(head -1 "$TMP/c/compare_points.csv")"
grep -q '^1,0.25,y,down,0.75,0.5$' "$TMP/c/compare_points.csv" && grep -q '^1,0.25,y,up,0.25,NA$' "$TMP/c/compare_points.csv" \
  && ok "paired difference per point (down - up at x = 0.25: 0.5)" || not_ok "paired differences" "$(head -5 "$TMP/c/compare_points.csv")"
grep -q '"kind": "compare-regret"' "$TMP/c/compare_regret.json" && ok "compare_regret.json" || not_ok "regret json"
[ -s "$TMP/c/compare.csv" ] && ok "the ordinary comparison is still written" || not_ok "compare.csv"

# min: best = min(x, 1 - x, 0.5); up's regret 0, 0, 0, .5, 1
"$ACCORD" compare "$TMP/a1" "$TMP/a2" "$TMP/a3" --labels up,down,flat --regret y:min --out "$TMP/m" --no-plot --quiet
grep -q '^y,min,up,5,0.3[0-9]*,0,0.8[0-9]*,0.6[0-9]*$' "$TMP/m/compare_regret.csv" && ok "direction min" || not_ok "min" "$(cat "$TMP/m/compare_regret.csv")"

# the claims recipe (tests/tools/claim_box.sh): arm 3 (0.5) against arm 1 (x) is
# better where x < 0.5; on a grid of 11 x values the box is x in [0, 0.4]
ACCORD="$ACCORD" tests/tools/claim_box.sh $S arm=1/arm=3 y + "$TMP/claim" --vary x=0:1:11 -j 2 > "$TMP/claim.out" 2>&1
grep -q '^x,0,0.4,0,1,1,' "$TMP/claim/discover/discover_box.csv" \
  && ok "claim_box.sh: paired arms, per-point effect, the box x in [0, 0.4]" || not_ok "claim_box.sh" "$(cat "$TMP/claim.out" "$TMP/claim/discover/discover_box.csv" 2>&1 | tail -5)"

# arms on the same grid but with other seeds: accepted, said not to be paired
"$ACCORD" sweep $S --vary x=0:1:5 --set arm=2 --seed 9 --out "$TMP/a2s9" -q -j 2
expect_exit 0 "were swept with different seeds: .* not paired" "different seeds: the differences are said not to be paired" -- \
  "$ACCORD" compare "$TMP/a1" "$TMP/a2s9" --regret y:max --out "$TMP/s9" --no-plot
grep -q '"paired": false' "$TMP/s9/compare_regret.json" && grep -q '"paired": true' "$TMP/c/compare_regret.json" \
  && ok "compare_regret.json: paired" || not_ok "paired in json"
# the files written are named for what they hold: not "paired differences" then
"$ACCORD" compare "$TMP/a1" "$TMP/a2s9" --regret y:max --out "$TMP/s9" --no-plot 2>/dev/null > "$TMP/s9.out"
grep -q 'compare_points.csv (differences per point, not paired), ' "$TMP/s9.out" && ! grep -q 'paired differences' "$TMP/s9.out" \
  && ok "different seeds: compare_points.csv announced as not paired" || not_ok "unpaired wording" "$(tail -1 "$TMP/s9.out")"
expect_exit 0 "compare_points.csv \(paired differences per point\), " "same seed: compare_points.csv announced as paired" -- \
  "$ACCORD" compare "$TMP/a1" "$TMP/a2" --regret y:max --out "$TMP/s1" --no-plot

# an arm whose runs fail at some points: those points are left out and counted
F=tests/scenarios/arms_fail.lua
"$ACCORD" sweep $F --vary x=0:1:5 --set arm=1 --out "$TMP/f1" -q -j 2
"$ACCORD" sweep $F --vary x=0:1:5 --set arm=2 --out "$TMP/f2" -q -j 2 2>/dev/null
expect_exit 0 "2 of 5 points left out: some arm's mean is missing there" "points with a missing value: counted" -- \
  "$ACCORD" compare "$TMP/f1" "$TMP/f2" --regret y:max --out "$TMP/fc" --no-plot
# by hand, x = 0, .25, .5: best = max(x, 1 - x); regret of arm 1: 1, .5, 0
grep -q '^y,max,f1,3,0.5,0.1,0.9' "$TMP/fc/compare_regret.csv" && ok "regret over the 3 points with both values" || not_ok "regret with missing" "$(cat "$TMP/fc/compare_regret.csv")"

# errors
"$ACCORD" sweep $S --vary x=0:1:4 --set arm=2 --out "$TMP/b" -q -j 2
expect_exit 2 "not the same design" "different designs refused" -- "$ACCORD" compare "$TMP/a1" "$TMP/b" --regret y:max --out "$TMP/e" --no-plot
expect_exit 2 "the direction must be max or min" "bad direction" -- "$ACCORD" compare "$TMP/a1" "$TMP/a2" --regret y:best --out "$TMP/e2" --no-plot
expect_exit 2 "give OUTCOME:max or OUTCOME:min" "no direction" -- "$ACCORD" compare "$TMP/a1" "$TMP/a2" --regret y --out "$TMP/e3" --no-plot
expect_exit 2 "has no outcome 'z'" "unknown outcome" -- "$ACCORD" compare "$TMP/a1" "$TMP/a2" --regret z:max --out "$TMP/e4" --no-plot
expect_exit 2 "needs 2 to 16 sweeps" "one arm" -- "$ACCORD" compare "$TMP/a1" --regret y:max --out "$TMP/e5" --no-plot
expect_exit 2 "outcome 'y' given twice" "an outcome twice" -- "$ACCORD" compare "$TMP/a1" "$TMP/a2" --regret y:max,y:min --out "$TMP/e6" --no-plot
# a refused --regret writes nothing: not even the ordinary comparison
for e in e e2 e3 e4 e5 e6; do
  [ ! -e "$TMP/$e" ] && ok "refused --regret: no $e/ written" || not_ok "refused --regret left $(ls "$TMP/$e" | tr '\n' ' ')"
done
finish
