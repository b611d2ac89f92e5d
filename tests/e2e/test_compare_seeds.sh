#!/usr/bin/env bash
# accord compare shows each input's seeds and runs, and warns when an input is
# not paired with the first (other seeds), saying how to pair it; the README's
# tour compares like with like (issue 14, item 1).
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
T=tests/scenarios/tiny.lua
run() { "$ACCORD" run "$@" --quiet; }

# ---- the README tour: its `run ... --out results/strict` and the baseline ------
line=$(grep -E '^build/accord run scenarios/baseline\.lua .*--out results/strict' README.md | head -1)
[ -n "$line" ] && ok "the README tour has the strict run" || not_ok "the README tour has the strict run"
args=$(echo "$line" | sed -e 's/#.*//' -e 's|^build/accord run scenarios/baseline.lua||' -e 's|--out results/strict||')
# shellcheck disable=SC2086
run scenarios/baseline.lua $args --set years=1 --out "$TMP/tour_strict"
run scenarios/baseline.lua --set years=1 --out "$TMP/tour_base"
out=$("$ACCORD" compare "$TMP/tour_base" "$TMP/tour_strict" --out "$TMP/tour_cmp" --no-plot 2>&1)
echo "$out" | grep -q "paired with \[1\]" && ! echo "$out" | grep -q "^warning" \
  && ok "the README tour's compare is paired, no warning" \
  || not_ok "the README tour's compare is paired" "$(echo "$out" | head -4)"

# ---- one run each, different seeds: the warning says how to pair ---------------
run "$T" --seed 1 --out "$TMP/a1"
run "$T" --seed 7 --set strict=0.9 --out "$TMP/b7"
run "$T" --seed 1 --set strict=0.9 --out "$TMP/b1"
"$ACCORD" compare "$TMP/a1" "$TMP/b7" --labels base,strict --out "$TMP/c17" --no-plot >"$TMP/o" 2>"$TMP/e"
rc=$?
[ $rc -eq 0 ] && ok "unpaired compare still exits 0" || not_ok "unpaired compare exit" "rc $rc"
grep -q "\[1\] base .*(1 run, seed 1)" "$TMP/o" && grep -q "\[2\] strict .*(1 run, seed 7, not paired)" "$TMP/o" \
  && ok "the legend shows each input's runs and seed" || not_ok "legend with seeds" "$(head -3 "$TMP/o")"
grep -q "^warning: \[2\] strict and \[1\] base are not paired: they ran with different seeds (\[2\]: seed 7; \[1\]: seed 1).*run \[2\] again with --seed 1" "$TMP/e" \
  && ok "a warning names the seeds and how to pair them" || not_ok "unpaired warning" "$(cat "$TMP/e")"
python3 - "$TMP/c17/manifest.json" <<'EOF' && ok "manifest: seeds, paired_with_first, warning" || not_ok "manifest seeds"
import json, sys
m = json.load(open(sys.argv[1]))
a, b = m["inputs"]
assert a["seeds"] == [1] and b["seeds"] == [7], (a["seeds"], b["seeds"])
assert a["replications"] == 1 and b["replications"] == 1
assert b["paired_with_first"] is False and "different seeds" in b["warning"]
assert "warning" not in a
EOF
"$ACCORD" compare "$TMP/a1" "$TMP/b1" --out "$TMP/c11" --no-plot >"$TMP/o" 2>"$TMP/e"
grep -q "(1 run, seed 1, paired with \[1\])" "$TMP/o" && [ ! -s "$TMP/e" ] \
  && ok "one run each with the same seed: paired, no warning" || not_ok "same seed paired" "$(cat "$TMP/o" "$TMP/e" | head -5)"
"$ACCORD" compare "$TMP/a1" "$TMP/b7" --out "$TMP/cq" --no-plot --quiet >"$TMP/o" 2>"$TMP/e"
[ ! -s "$TMP/o" ] && [ ! -s "$TMP/e" ] && ok "--quiet: no warning either" || not_ok "--quiet" "$(cat "$TMP/e")"

# ---- replications: same seeds paired, other seeds Welch with a warning ----------
for s in 1 2 3; do
  run "$T" --seed $s --out "$TMP/r$s"
  run "$T" --seed $s --set strict=0.9 --out "$TMP/p$s"
  run "$T" --seed $((s + 10)) --set strict=0.9 --out "$TMP/q$s"
done
"$ACCORD" compare "$TMP/r1,$TMP/r2,$TMP/r3" "$TMP/p1,$TMP/p2,$TMP/p3" "$TMP/q1,$TMP/q2,$TMP/q3" \
  --labels base,same,other --out "$TMP/crep" --no-plot >"$TMP/o" 2>"$TMP/e"
grep -q "\[2\] same .*(3 runs, seeds 1-3, paired with \[1\])" "$TMP/o" \
  && grep -q "\[3\] other .*(3 runs, seeds 11-13, not paired)" "$TMP/o" \
  && ok "replicated inputs: seed ranges and pairing in the legend" || not_ok "replicated legend" "$(head -4 "$TMP/o")"
[ "$(grep -c '^warning' "$TMP/e")" -eq 1 ] && grep -q "^warning: \[3\] other .*Welch's interval" "$TMP/e" \
  && ok "only the unpaired input is warned about (Welch)" || not_ok "replicated warnings" "$(cat "$TMP/e")"
# the report of the comparison loads it back (seeds included)
expect_exit 0 "" "report of a comparison with seeds" -- "$ACCORD" report "$TMP/crep" --no-figures

# ---- --jurisdiction: the table leads with that jurisdiction's outcomes ----------
"$ACCORD" compare "$TMP/r1,$TMP/r2,$TMP/r3" "$TMP/p1,$TMP/p2,$TMP/p3" --jurisdiction aa \
  --out "$TMP/cj" --no-plot >"$TMP/o" 2>&1
first=$(awk '/^outcome/ { getline; print $1; exit }' "$TMP/o")
grep -q "^harm_aa " "$TMP/o" && grep -q "^rejections_aa " "$TMP/o" && [ "$first" = "harm_aa" ] \
  && ! grep -q "^harm_bb " "$TMP/o" && grep -q "^welfare " "$TMP/o" \
  && ok "--jurisdiction aa: its outcomes first, then the key ones" || not_ok "--jurisdiction table" "$(head -12 "$TMP/o")"

# ---- sweeps: the hint names --seed and --reps ----------------------------------
"$ACCORD" sweep "$T" --reps 2 --seed 1 --out "$TMP/s1" --quiet >/dev/null
"$ACCORD" sweep "$T" --reps 2 --seed 5 --set strict=0.9 --out "$TMP/s5" --quiet >/dev/null
"$ACCORD" compare "$TMP/s1" "$TMP/s5" --out "$TMP/cs" --no-plot >"$TMP/o" 2>"$TMP/e"
grep -q "seed 5, not paired" "$TMP/o" && grep -q "same --seed, --reps and design" "$TMP/e" \
  && ok "sweeps with other seeds: warned, with the sweep hint" || not_ok "sweep warning" "$(cat "$TMP/o" "$TMP/e" | head -6)"

# ---- sweeps of the same design (several points), one fixed --set apart: paired
# point by point and replication by replication (run r of point p with run r of
# point p), with the paired interval; another design is not paired ------------
"$ACCORD" sweep "$T" --vary years=1,2 --reps 3 --seed 4 --out "$TMP/g1" --quiet >/dev/null
"$ACCORD" sweep "$T" --vary years=1,2 --reps 3 --seed 4 --set strict=0.9 --out "$TMP/g2" --quiet >/dev/null
"$ACCORD" sweep "$T" --vary years=1,1.5,2 --reps 2 --seed 4 --set strict=0.9 --out "$TMP/g3" --quiet >/dev/null
"$ACCORD" compare "$TMP/g1" "$TMP/g2" --out "$TMP/cg" --no-plot >"$TMP/o" 2>"$TMP/e"
grep -q "(6 sweep runs, seed 4, paired with \[1\])" "$TMP/o" && ! grep -q "not paired" "$TMP/e" \
  && grep -q '"paired_with_first": true' "$TMP/cg/manifest.json" \
  && ok "two grid sweeps of the same design: paired" || not_ok "grid sweeps paired" "$(cat "$TMP/o" "$TMP/e" | head -6)"
# the paired interval: the t interval of the per-run differences matched by
# (point, rep): mean -/+ t(0.975, 5) sd / sqrt(6), t(0.975, 5) = 2.570581836
want=$(awk -F, 'NR == FNR { if (FNR == 1) { for (i = 1; i <= NF; i++) if ($i == "harm") h = i; next }
                            a[$2 "," $3] = $h; next }
                FNR == 1 { for (i = 1; i <= NF; i++) if ($i == "harm") h = i; next }
                { d[n++] = $h - a[$2 "," $3]; s += d[n - 1] }
                END { m = s / n; for (i = 0; i < n; i++) v += (d[i] - m) ^ 2
                      printf "%.5g %.5g", m, m - 2.570581836 * sqrt(v / (n - 1)) / sqrt(n) }' \
       "$TMP/g1/runs.csv" "$TMP/g2/runs.csv")
got=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "g2_diff") d = i; if ($i == "g2_diff_ci_lo") l = i } next }
               $1 == "harm" { printf "%.5g %.5g", $d, $l }' "$TMP/cg/compare.csv")
[ "$got" = "$want" ] \
  && ok "paired difference and interval of the grid sweeps: $got (from the matched runs: $want)" \
  || not_ok "paired interval of grid sweeps" "got '$got', want '$want'"
"$ACCORD" compare "$TMP/g1" "$TMP/g3" --out "$TMP/cg3" --no-plot >"$TMP/o" 2>"$TMP/e"
grep -q "not paired" "$TMP/o" && grep -q "do not match one to one by seed, design point and replication" "$TMP/e" \
  && ok "sweeps of other designs: not paired, and the warning says why" || not_ok "other design warning" "$(cat "$TMP/e")"

finish
