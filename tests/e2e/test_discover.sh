#!/usr/bin/env bash
# accord discover: PRIM's trajectory equals an independent pure-Python
# implementation's (tests/tools/prim_ref.py) step by step on a small data set
# with ties; a planted box is recovered from 2,000 uniform points with 10 %
# label noise; a sweep's runs.csv and a calibration's calibration.csv as
# inputs; byte-identical reruns; figures; usage and data errors.
. "$(dirname "$0")/lib.sh"

SMALL=tests/data/discover/small.csv

expect_exit 0 "PRIM" "discover --help" -- "$ACCORD" discover --help
expect_exit 0 "discover +scenario discovery" "--help lists discover" -- "$ACCORD" --help
expect_exit 0 "peeling" "accord help discover" -- "$ACCORD" help discover

# ---- step by step against the reference implementation (three option sets)
i=0
for opts in "" "--no-paste" "--alpha 0.1 --paste-alpha 0.2 --min-support 0.1" "--alpha 0.5 --min-support 0"; do
  i=$((i + 1))
  python3 tests/tools/prim_ref.py $SMALL --outcome out --above 1 --params p,q,r $opts > "$TMP/ref$i.csv"
  "$ACCORD" discover $SMALL --outcome out --above 1 --params p,q,r $opts --out "$TMP/d$i" --quiet --no-plot
  res=$(python3 - "$TMP/ref$i.csv" "$TMP/d$i" <<'EOF'
import csv, sys
ref = list(csv.DictReader(open(sys.argv[1])))
tr = list(csv.DictReader(open(sys.argv[2] + "/discover_trajectory.csv")))
bx = list(csv.DictReader(open(sys.argv[2] + "/discover_boxes.csv")))
bad = [] if len(ref) == len(tr) else ["steps %d vs %d" % (len(ref), len(tr))]
for r, t in zip(ref, tr):
    if (r["n"], r["cases"]) != (t["n"], t["cases"]):
        bad.append("step %s: n/cases %s/%s vs %s/%s" % (r["step"], r["n"], r["cases"], t["n"], t["cases"]))
for b in bx:
    r = ref[int(b["step"])] if int(b["step"]) < len(ref) else None
    if r is None or float(b["lower"]) != float(r["lo_" + b["parameter"]]) \
            or float(b["upper"]) != float(r["hi_" + b["parameter"]]):
        bad.append("step %s %s: [%s, %s]" % (b["step"], b["parameter"], b["lower"], b["upper"]))
print("OK %d" % len(ref) if not bad else "; ".join(bad[:3]))
EOF
)
  case "$res" in
    OK*) ok "trajectory equals prim_ref.py's, every step and bound (options '$opts', ${res#OK } steps)" ;;
    *) not_ok "trajectory vs prim_ref.py (options '$opts')" "$res" ;;
  esac
done

# ---- the same on a replicated grid (a sweep's runs: every value tied in
# groups of 4 or more; peels take whole groups): 6 x 5 levels of a and b,
# c one value per point, 4 replications, cases frequent where a >= 0.5 and
# b <= 3 (80 %, else 15 %)
python3 - > "$TMP/grid.csv" <<'EOF'
import random
random.seed(2385)
print("point,rep,a,b,c,out")
pt = 0
for a in (0.1, 0.3, 0.5, 0.7, 0.9, 1.1):
    for b in (1, 2, 3, 4, 5):
        c = round(random.uniform(0, 10), 3)
        for rep in range(4):
            hot = a >= 0.5 and b <= 3
            out = 2 if random.random() < (0.8 if hot else 0.15) else 0
            print("%d,%d,%g,%d,%g,%g" % (pt, rep, a, b, c, out + random.random()))
        pt += 1
EOF
for opts in "" "--no-paste" "--alpha 0.1 --paste-alpha 0.2 --min-support 0.1"; do
  python3 tests/tools/prim_ref.py "$TMP/grid.csv" --outcome out --above 1 --params a,b,c $opts > "$TMP/gref.csv"
  "$ACCORD" discover "$TMP/grid.csv" --outcome out --above 1 --params a,b,c $opts --out "$TMP/g" --quiet --no-plot
  res=$(python3 - "$TMP/gref.csv" "$TMP/g" <<'EOF'
import csv, sys
ref = list(csv.DictReader(open(sys.argv[1])))
tr = list(csv.DictReader(open(sys.argv[2] + "/discover_trajectory.csv")))
bx = list(csv.DictReader(open(sys.argv[2] + "/discover_boxes.csv")))
bad = [] if len(ref) == len(tr) else ["steps %d vs %d" % (len(ref), len(tr))]
for r, t in zip(ref, tr):
    if (r["n"], r["cases"]) != (t["n"], t["cases"]):
        bad.append("step %s: n/cases %s/%s vs %s/%s" % (r["step"], r["n"], r["cases"], t["n"], t["cases"]))
for b in bx:
    r = ref[int(b["step"])] if int(b["step"]) < len(ref) else None
    if r is None or float(b["lower"]) != float(r["lo_" + b["parameter"]]) \
            or float(b["upper"]) != float(r["hi_" + b["parameter"]]):
        bad.append("step %s %s: [%s, %s]" % (b["step"], b["parameter"], b["lower"], b["upper"]))
if len(tr) < 5:
    bad.append("only %d steps: peeling stalled on the ties" % len(tr))
print("OK %d" % len(ref) if not bad else "; ".join(bad[:3]))
EOF
)
  case "$res" in
    OK*) ok "replicated grid: trajectory equals prim_ref.py's (options '$opts', ${res#OK } steps)" ;;
    *) not_ok "replicated grid: trajectory vs prim_ref.py (options '$opts')" "$res" ;;
  esac
done
# the planted region is found: a from 0.5, b up to 3, c free
"$ACCORD" discover "$TMP/grid.csv" --outcome out --above 1 --params a,b,c --out "$TMP/g" --quiet --no-plot
res=$(awk -F, '$1=="a"{a=$2} $1=="b"{b=$3} $1=="c"{c=$6} END{print a, b, c}' "$TMP/g/discover_box.csv")
[ "$res" = "0.5 3 0" ] && ok "replicated grid: box a >= 0.5, b <= 3, c unrestricted" || not_ok "replicated grid box" "$res"

# ---- a planted box: x0 in [0.2, 0.6], x1 in [0.3, 0.9], x2 and x3 irrelevant
python3 - > "$TMP/planted.csv" <<'EOF'
import random
random.seed(2385)
print("x0,x1,x2,x3,y")
for i in range(2000):
    x = [random.random() for _ in range(4)]
    inside = 0.2 <= x[0] <= 0.6 and 0.3 <= x[1] <= 0.9
    if random.random() < 0.1:
        inside = not inside
    print(",".join("%.6f" % v for v in x) + ",%d" % inside)
EOF
expect_exit 0 "x0 +\[0\.2" "planted box: printed" -- "$ACCORD" discover "$TMP/planted.csv" --outcome y --above 0.5 --out "$TMP/pl" --no-plot
res=$(python3 - "$TMP/pl/discover_box.csv" <<'EOF'
import csv, sys
want = {"x0": (0.2, 0.6), "x1": (0.3, 0.9)}
bad = []
for r in csv.DictReader(open(sys.argv[1])):
    p = r["parameter"]
    if p in want:
        lo, hi = want[p]
        if r["restricted"] != "1" or abs(float(r["lower"]) - lo) > 0.05 or abs(float(r["upper"]) - hi) > 0.05:
            bad.append("%s [%s, %s]" % (p, r["lower"], r["upper"]))
        if not float(r["quasi_p"]) < 1e-6:
            bad.append("%s p %s" % (p, r["quasi_p"]))
    elif r["restricted"] != "0" or r["quasi_p"] != "NA":
        bad.append("%s restricted" % p)
print("OK" if not bad else "; ".join(bad))
EOF
)
[ "$res" = OK ] && ok "planted box recovered within 0.05, x2 and x3 unrestricted" || not_ok "planted box" "$res"
grep -q '"kind": "discover"' "$TMP/pl/manifest.json" && grep -q '"cases": ' "$TMP/pl/manifest.json" \
  && grep -q '"sha256": ' "$TMP/pl/manifest.json" && ok "manifest: kind, counts, output hashes" || not_ok "manifest" "$(head -c 400 "$TMP/pl/manifest.json")"
head -1 "$TMP/pl/discover_trajectory.csv" | grep -qx 'step,n,cases,support,density,coverage,n_restricted,chosen' \
  && ok "trajectory header" || not_ok "trajectory header" "$(head -1 "$TMP/pl/discover_trajectory.csv")"
[ "$(grep -c ',1$' "$TMP/pl/discover_trajectory.csv")" -eq 1 ] && ok "one step is chosen" || not_ok "chosen steps"

# same inputs: same bytes
"$ACCORD" discover "$TMP/planted.csv" --outcome y --above 0.5 --out "$TMP/pl2" --quiet --no-plot
for f in discover_trajectory.csv discover_boxes.csv discover_box.csv; do
  cmp -s "$TMP/pl/$f" "$TMP/pl2/$f" || not_ok "rerun: $f differs"
done
ok "a rerun writes byte-identical CSVs"

# --min-density and --step choose other boxes
"$ACCORD" discover "$TMP/planted.csv" --outcome y --above 0.5 --out "$TMP/pl3" --quiet --no-plot --step 3
grep -q '^3,.*,1$' "$TMP/pl3/discover_trajectory.csv" && ok "--step K reports box K" || not_ok "--step"
"$ACCORD" discover "$TMP/planted.csv" --outcome y --below 0.5 --top 0.1 --out "$TMP/u" --quiet --no-plot 2>/dev/null
[ $? -eq 2 ] && ok "two rules refused" || not_ok "two rules"

# ---- on a sweep: parameters from its manifest, runs that failed left out
"$ACCORD" sweep tests/scenarios/ishigami.lua --design lhs --samples 300 --vary x1 --vary x2 --vary x3 --out "$TMP/sw" -q -j 2
expect_exit 0 "box of step" "discover on a sweep directory (--top)" -- "$ACCORD" discover "$TMP/sw" --outcome y --top 0.2
python3 -c "import json,sys; sys.exit(json.load(open('$TMP/sw/discover/manifest.json'))['parameters'] != ['x1','x2','x3'])" \
  && ok "the sweep's parameters from its manifest" || not_ok "sweep parameters"
[ -s "$TMP/sw/discover/discover_trajectory.png" ] && [ -s "$TMP/sw/discover/discover_box.svg" ] \
  && [ -s "$TMP/sw/discover/discover_box.gp" ] && ok "figures and their scripts" || not_ok "figures" "$(ls "$TMP/sw/discover")"
expect_exit 0 "discover_trajectory" "accord plot lists a discover directory's figures" -- "$ACCORD" plot "$TMP/sw/discover" --list

# ---- a sweep with replications: a grid of 7 levels x 4 replications of the
# deterministic Ishigami function at x2 = x3 = 0 (y = sin x1). Cases: y > 0.5
# at x1 = 1 and 2 (8 of 28 runs). k = 1 < 4 replications: peeling whole
# levels goes on to the box [1, 2] (coverage 1, density 1), where a peel cut
# strictly beyond the (k+1)-th value removed nothing and stopped at box 0
"$ACCORD" sweep tests/scenarios/ishigami.lua --vary x1=-3:3:7 --reps 4 --out "$TMP/rep" -q -j 2
expect_exit 0 "28 rows at 7 distinct parameter settings \(replications\)" "replications: said" -- \
  "$ACCORD" discover "$TMP/rep" --outcome y --above 0.5 --no-plot
res=$(awk -F, 'NR==2{print $1, $2, $3, $6}' "$TMP/rep/discover/discover_box.csv")
[ "$res" = "x1 1 2 1" ] && ok "replications: the box is x1 in [1, 2]" || not_ok "replications: box" "$res"
grep -q ',8,8,[0-9.]*,1,1,1,1$' "$TMP/rep/discover/discover_trajectory.csv" \
  && ok "replications: the chosen box holds the 8 cases alone" \
  || not_ok "replications: trajectory" "$(cat "$TMP/rep/discover/discover_trajectory.csv")"
grep -q '"settings": 7' "$TMP/rep/discover/manifest.json" && ok "manifest: rows.settings" \
  || not_ok "manifest settings" "$(grep -A7 '"rows"' "$TMP/rep/discover/manifest.json")"
# per-point means from points.csv (no status column): the rows left out are
# counted without a status that file does not have (a second outcome's row
# added, to be filtered out)
{ cat "$TMP/rep/points.csv"; echo '7,0,z,4,1,0,1,1'; } > "$TMP/points.csv"
"$ACCORD" discover "$TMP/points.csv" --filter outcome=y --outcome mean --params x1 --above 0.5 \
  --out "$TMP/pm" --no-plot > "$TMP/pm.out"
if grep -q 'left out: 0 rows with the outcome missing, 1 filtered out$' "$TMP/pm.out" \
  && ! grep -q 'status' "$TMP/pm.out"; then ok "points.csv: rows left out, no status mentioned"
else not_ok "points.csv: left-out wording" "$(grep 'left out' "$TMP/pm.out")"; fi
grep -q '^x1,1,2,' "$TMP/pm/discover_box.csv" && ok "points.csv: per-point means give the same box" \
  || not_ok "points.csv box" "$(cat "$TMP/pm/discover_box.csv")"
printf 'x,y\n1,1\n2,NA\n' > "$TMP/one.csv"
expect_exit 2 "1 usable rows \(of 2: 0 filtered out, 1 with y missing\)" "too few rows, no status column: not mentioned" -- \
  "$ACCORD" discover "$TMP/one.csv" --outcome y --above 0.5 --out "$TMP/e" --no-plot
printf 'x,status,y\n1,ok,1\n2,failed,3\n3,ok,0\n' > "$TMP/st.csv"
expect_exit 0 "left out: 1 rows whose status is not ok, 0 with the outcome missing" "a status column: runs not ok counted" -- \
  "$ACCORD" discover "$TMP/st.csv" --outcome y --above 0.5 --out "$TMP/st" --no-plot

# ---- errors
expect_exit 2 "--outcome NAME is required" "no outcome" -- "$ACCORD" discover $SMALL --above 1
expect_exit 2 "exactly one of --above" "no rule" -- "$ACCORD" discover $SMALL --outcome out
expect_exit 2 "no column 'nope'" "unknown outcome column" -- "$ACCORD" discover $SMALL --outcome nope --above 1 --out "$TMP/e"
expect_exit 2 "--top needs a share in \(0, 1\), got '1.5'" "bad --top" -- "$ACCORD" discover $SMALL --outcome out --top 1.5
expect_exit 2 "--alpha needs a number in \(0, 0.5\], got '0.7'" "bad --alpha" -- "$ACCORD" discover $SMALL --outcome out --above 1 --alpha 0.7
expect_exit 2 "--min-support needs a number in \[0, 1\)" "bad --min-support" -- "$ACCORD" discover $SMALL --outcome out --above 1 --min-support 1
expect_exit 2 "none of the 120 rows have out > 99" "no case" -- "$ACCORD" discover $SMALL --outcome out --above 99 --out "$TMP/e"
expect_exit 2 "--step 9999: the trajectory has steps 0 to" "step out of range" -- "$ACCORD" discover $SMALL --outcome out --above 1 --step 9999 --out "$TMP/e"
expect_exit 2 "no column 'zz'" "unknown --params column" -- "$ACCORD" discover $SMALL --outcome out --above 1 --params p,zz --out "$TMP/e"
expect_exit 2 "'out' is the outcome" "outcome as a parameter" -- "$ACCORD" discover $SMALL --outcome out --above 1 --params p,out --out "$TMP/e"
expect_exit 3 "no such file or directory" "missing input" -- "$ACCORD" discover "$TMP/none.csv" --outcome out --above 1
printf 'a,out\n1,2\nx,3\n' > "$TMP/bad.csv"
expect_exit 2 "bad.csv:3: column 'a': 'x' is not a number" "non-numeric parameter cell" -- "$ACCORD" discover "$TMP/bad.csv" --outcome out --above 2.5 --params a --out "$TMP/e"
expect_exit 2 "unknown option '--bogus'" "unknown option" -- "$ACCORD" discover $SMALL --bogus
# --out into another command's directory is refused: its manifest.json stays
expect_exit 2 "holds an accord sweep" "--out into a sweep directory refused" -- "$ACCORD" discover $SMALL --outcome out --above 1 --out "$TMP/sw" --no-plot
grep -q '"kind": "sweep"' "$TMP/sw/manifest.json" && ok "the sweep's manifest.json is intact" || not_ok "sweep manifest overwritten" "$(head -3 "$TMP/sw/manifest.json")"
expect_exit 2 "--params: 'p' named twice" "a parameter named twice" -- "$ACCORD" discover $SMALL --outcome out --above 1 --params p,p --out "$TMP/e" --no-plot
expect_exit 2 "--step K and --min-density D both choose the box" "--step with --min-density" -- "$ACCORD" discover $SMALL --outcome out --above 1 --step 2 --min-density 0.9 --out "$TMP/e2" --no-plot
# a comparison's directory: the paired effects' file is named
mkdir -p "$TMP/cmpdir" && printf 'point,x,outcome,arm,mean,diff\n' > "$TMP/cmpdir/compare_points.csv"
expect_exit 3 "not a sweep or calibration directory .*give the file: .*cmpdir/compare_points.csv" "discover on a compare directory names compare_points.csv" -- \
  "$ACCORD" discover "$TMP/cmpdir" --outcome diff --below 0 --no-plot
# --min-density that no box reaches: said, not silently replaced
printf 'a,y\n1,1\n1,0\n1,1\n1,0\n' > "$TMP/flat.csv"
expect_exit 0 "no box of the trajectory reaches --min-density 0.9 \(the highest is 0.500\)" "--min-density out of reach: said" -- \
  "$ACCORD" discover "$TMP/flat.csv" --outcome y --above 0.5 --min-density 0.9 --out "$TMP/flat" --no-plot
# an infinite outcome (calibration.csv's max_I for a point target) is a value,
# not a missing one: inf > 3, so those rows are not cases of --below 3
printf 'x,max_I\n0.1,inf\n0.2,1\n0.3,2\n0.4,inf\n0.5,NA\n' > "$TMP/inf.csv"
expect_exit 0 "4 rows, 2 cases \(max_I < 3\)" "inf outcomes kept (only NA left out)" -- "$ACCORD" discover "$TMP/inf.csv" --outcome max_I --below 3 --out "$TMP/inf" --no-plot
grep -q '"outcome_missing": 1' "$TMP/inf/manifest.json" && ok "only the NA row counted missing" || not_ok "missing count" "$(grep missing "$TMP/inf/manifest.json")"
# parameters found automatically: a column with one NA is not one, and is named
printf 'a,b,y\n0.1,0.5,1\n0.2,0.6,0\nNA,0.7,1\n0.4,0.8,0\n' > "$TMP/gap.csv"
expect_exit 0 "not taken as parameters \(a cell is not a finite number\): a \(line 4: 'NA'\)" "a column with an NA: named, not silently dropped" -- \
  "$ACCORD" discover "$TMP/gap.csv" --outcome y --above 0.5 --out "$TMP/gap" --no-plot
grep -q '"columns_left_out": "a (line 4' "$TMP/gap/manifest.json" && ok "manifest: columns_left_out" || not_ok "columns_left_out" "$(grep -A2 left_out "$TMP/gap/manifest.json")"
expect_exit 0 "parameters: b$" "the parameters used are printed" -- "$ACCORD" discover "$TMP/gap.csv" --outcome y --above 0.5 --out "$TMP/gap" --no-plot
[ -e "$TMP/e" ] && not_ok "a refused discover writes nothing" || ok "a refused discover writes nothing"

finish
