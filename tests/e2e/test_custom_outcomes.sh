#!/usr/bin/env bash
# A scenario's own metrics (world:record, with units) and the per-jurisdiction
# outcomes are outcomes everywhere on the sweep side: sweep --outcomes (checked
# before the first run, with did-you-mean), runs.csv, points.csv, sensitivity,
# the manifests, and accord compare with paired intervals (issue 14, item 2).
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
M=tests/scenarios/sweep/metrics.lua
col() { head -1 "$1" | tr ',' '\n' | grep -nx "$2" | cut -d: -f1; }
# cell FILE ROW(1-based data row) COLUMN-NAME
cell() { local c; c=$(col "$1" "$3"); sed -n "$(($2 + 1))p" "$1" | cut -d, -f"$c"; }

# ---- a run: the manifest says what each metric is ------------------------------
"$ACCORD" run "$M" --out "$TMP/r" --quiet
python3 - "$TMP/r/manifest.json" <<'EOF' && ok "run manifest: metrics with unit and doc" || not_ok "run manifest metrics"
import json, sys
m = json.load(open(sys.argv[1]))["metrics"]
assert [x["name"] for x in m] == ["harm_eu_cn", "eu_present", "strict_bonus"], m
assert m[0]["unit"] == "M$" and m[0]["doc"] == "harm in the EU and China", m[0]
assert m[1]["unit"] == "developers" and m[1]["doc"] == "" and m[2]["unit"] == "", m
EOF
"$ACCORD" run tests/scenarios/tiny.lua --out "$TMP/tiny" --quiet
python3 -c "import json,sys; assert 'metrics' not in json.load(open(sys.argv[1]))" "$TMP/tiny/manifest.json" \
  && ok "a run without custom metrics has no metrics member" || not_ok "tiny manifest has metrics"

# ---- sweep --outcomes with a custom metric and a per-jurisdiction outcome --------
expect_exit 0 "" "sweep --outcomes harm,harm_eu,harm_eu_cn,strict_bonus" -- \
  "$ACCORD" sweep "$M" --vary strict=0.2:0.8:3 --reps 2 --outcomes harm,harm_eu,harm_eu_cn,strict_bonus --out "$TMP/s" --quiet
head -1 "$TMP/s/runs.csv" | grep -qx 'run,point,rep,seed,status,strict,harm,harm_eu,harm_eu_cn,strict_bonus' \
  && ok "runs.csv has the selected outcomes in order" || not_ok "runs.csv header" "$(head -1 "$TMP/s/runs.csv")"
# run 5 = point 2 (strict 0.8), rep 1: the same as accord run --seed 1 --run 1 --set strict=0.8
"$ACCORD" run "$M" --seed 1 --run 1 --set strict=0.8 --out "$TMP/r5" --quiet
want=$(grep ',harm_eu_cn,' "$TMP/r5/custom.csv" | tail -1 | cut -d, -f4)
got=$(cell "$TMP/s/runs.csv" 6 harm_eu_cn)
[ -n "$want" ] && [ "$got" = "$want" ] && ok "a metric's outcome is its last recorded value ($got)" \
  || not_ok "metric value" "runs.csv $got, custom.csv $want"
# the metric recorded only when strict > 0.5: NA in the other runs, n = 0 at those points
[ "$(cell "$TMP/s/runs.csv" 1 strict_bonus)" = "NA" ] && [ "$(cell "$TMP/s/runs.csv" 5 strict_bonus)" = "8" ] \
  && ok "a metric a run did not record is NA" || not_ok "conditional metric" "$(cut -d, -f10 "$TMP/s/runs.csv" | paste -sd' ')"
grep -q '^0,0.2,strict_bonus,0,NA,' "$TMP/s/points.csv" && grep -q '^2,0.8,harm_eu_cn,2,' "$TMP/s/points.csv" \
  && ok "points.csv has the metrics" || not_ok "points.csv metrics" "$(grep -E 'strict_bonus|harm_eu_cn' "$TMP/s/points.csv" | head -3)"
python3 - "$TMP/s/manifest.json" <<'EOF' && ok "sweep manifest: outcomes and the metrics' units" || not_ok "sweep manifest metrics"
import json, sys
m = json.load(open(sys.argv[1]))
assert m["outcomes"] == ["harm", "harm_eu", "harm_eu_cn", "strict_bonus"], m["outcomes"]
units = {x["name"]: x["unit"] for x in m["metrics"]}
assert units == {"harm_eu_cn": "M$", "eu_present": "developers", "strict_bonus": ""}, units
EOF

# ---- wrong names: exit 2 before the first run, with the closest name ------------
expect_exit 2 "no outcome 'harm_eu_c' \(did you mean 'harm_eu_cn'\?\).*with its defaults: harm_eu_cn, eu_present, strict_bonus" \
  "a misspelt custom metric: exit 2, did you mean" -- "$ACCORD" sweep "$M" --outcomes harm,harm_eu_c --out "$TMP/bad"
[ ! -e "$TMP/bad" ] && ok "... before anything is written" || not_ok "bad outcome wrote $TMP/bad"
expect_exit 2 "no outcome 'harm_xx' \(did you mean 'harm_eu'\?\)" "a misspelt per-jurisdiction outcome: exit 2" -- \
  "$ACCORD" sweep "$M" --outcomes harm_xx --out "$TMP/bad"
expect_exit 2 "no outcome 'nope'" "--outcomes nope on a world without metrics: exit 2" -- \
  "$ACCORD" sweep tests/scenarios/tiny.lua --outcomes nope --out "$TMP/bad"
expect_exit 2 "no outcome 'nope'" "... in a dry run too" -- \
  "$ACCORD" sweep "$M" --outcomes nope --dry-run --out "$TMP/bad"

# ---- every outcome by default: the summary's, then the metrics ------------------
"$ACCORD" sweep "$M" --vary strict=0.2,0.8 --out "$TMP/all" --quiet
h=$(head -1 "$TMP/all/runs.csv")
case "$h" in *,welfare,*harm_eu,*,harm_eu_cn,eu_present,strict_bonus) ok "default outcomes end with the metrics" ;;
  *) not_ok "default outcomes" "$h" ;; esac

# ---- sensitivity over a metric ----------------------------------------------------
"$ACCORD" sweep "$M" --design morris --samples 4 --vary strict --outcomes eu_present,harm_eu_cn --out "$TMP/mo" --quiet
grep -q '^eu_present,strict,' "$TMP/mo/sensitivity.csv" && grep -q '^harm_eu_cn,strict,' "$TMP/mo/sensitivity.csv" \
  && ok "sensitivity.csv has the metrics" || not_ok "sensitivity metrics" "$(cat "$TMP/mo/sensitivity.csv")"
# the sweep's figures of a metric: its unit (the manifest's metrics) on the y axis
"$ACCORD" plot "$TMP/mo" --format svg >/dev/null 2>&1
grep -q "^ylabel = exists(\"ylabel\") ? ylabel : 'eu_present (developers)'" "$TMP/mo/sweep_eu_present_vs_strict.gp" \
  && ok "sweep figure of a metric: y axis with its unit" \
  || not_ok "sweep figure metric unit" "$(grep -m1 '^ylabel' "$TMP/mo/sweep_eu_present_vs_strict.gp" 2>&1)"

# ---- compare: metrics of custom.csv with paired intervals -------------------------
for s in 1 2 3; do
  "$ACCORD" run "$M" --seed $s --out "$TMP/a$s" --quiet
  "$ACCORD" run "$M" --seed $s --set strict=0.9 --out "$TMP/b$s" --quiet
done
"$ACCORD" compare "$TMP/a1,$TMP/a2,$TMP/a3" "$TMP/b1,$TMP/b2,$TMP/b3" --labels lax,strict --out "$TMP/c" --no-plot --all >"$TMP/c.txt" 2>&1
python3 - "$TMP" <<'EOF' && ok "compare: custom metrics with paired intervals (known answer)" || not_ok "compare metrics"
import csv, sys, statistics as st
t = sys.argv[1]
def last(d, m):
    v = [r["value"] for r in csv.DictReader(open(f"{t}/{d}/custom.csv")) if r["metric"] == m]
    return float(v[-1])
rows = {r["outcome"]: r for r in csv.DictReader(open(f"{t}/c/compare.csv"))}
r = rows["harm_eu_cn"]
a = [last(f"a{s}", "harm_eu_cn") for s in (1, 2, 3)]
b = [last(f"b{s}", "harm_eu_cn") for s in (1, 2, 3)]
assert abs(float(r["lax"]) - st.mean(a)) < 1e-9 * abs(st.mean(a)), (r["lax"], a)
d = [y - x for x, y in zip(a, b)]
md, sd = st.mean(d), st.stdev(d)
half = 4.302652729911275 * sd / 3 ** 0.5  # t(0.975, 2)
assert abs(float(r["strict_diff"]) - md) < 1e-6 * (1 + abs(md)), (r["strict_diff"], md)
assert abs(float(r["strict_diff_ci_hi"]) - (md + half)) < 1e-6 * (1 + abs(md) + half), (r["strict_diff_ci_hi"], md + half)
assert rows["strict_bonus"]["lax_n"] == "3" and rows["eu_present"]["strict_n"] == "3"
EOF
grep -q "^harm_eu_cn " "$TMP/c.txt" && ok "compare --all lists the metrics" || not_ok "compare table metrics"
python3 -c "import json,sys; m={x['name']: x['unit'] for x in json.load(open(sys.argv[1]))['metrics']}; assert m['harm_eu_cn']=='M\$' and m['eu_present']=='developers', m" \
  "$TMP/c/manifest.json" && ok "the comparison's manifest carries the metrics' units" || not_ok "compare manifest metrics"
# two sweeps: the metric columns of runs.csv are outcomes too
"$ACCORD" sweep "$M" --reps 3 --out "$TMP/sa" --quiet
"$ACCORD" sweep "$M" --reps 3 --set strict=0.9 --out "$TMP/sb" --quiet
"$ACCORD" compare "$TMP/sa" "$TMP/sb" --labels lax,strict --out "$TMP/cs" --no-plot >/dev/null 2>&1
grep -q '^harm_eu_cn,' "$TMP/cs/compare.csv" && ok "compare of sweeps has the metrics" || not_ok "compare sweeps metrics"

# ---- shards and merge keep the metrics and their units ---------------------------
"$ACCORD" sweep "$M" --reps 4 --shard 0/2 --out "$TMP/p0" --quiet
"$ACCORD" sweep "$M" --reps 4 --shard 1/2 --out "$TMP/p1" --quiet
"$ACCORD" merge "$TMP/p0" "$TMP/p1" --out "$TMP/mg" --quiet >/dev/null
"$ACCORD" sweep "$M" --reps 4 --out "$TMP/whole" --quiet
cmp -s "$TMP/mg/runs.csv" "$TMP/whole/runs.csv" && cmp -s "$TMP/mg/points.csv" "$TMP/whole/points.csv" \
  && ok "merged shards = one sweep, metrics included" || not_ok "merge with metrics"
python3 -c "import json,sys; a,b=(json.load(open(f))['metrics'] for f in sys.argv[1:]); assert a==b and a[0]['unit']=='M\$', (a,b)" \
  "$TMP/mg/manifest.json" "$TMP/whole/manifest.json" && ok "merged manifest lists the metrics' units" || not_ok "merged manifest metrics"

finish
