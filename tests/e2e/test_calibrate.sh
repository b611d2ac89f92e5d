#!/usr/bin/env bash
# accord calibrate on a function model whose plausible region is known in
# closed form (tests/scenarios/calib_square.lua): every truly plausible point
# kept, >= 95 % of the others rejected, I equal to the closed form; with noise,
# I equal to the documented formula from points.csv; wave 2 samples inside
# wave 1's box and shrinks it; scoring a finished sweep; resume; dry run;
# byte-identical reruns; usage and targets-file errors.
. "$(dirname "$0")/lib.sh"

S=tests/scenarios/calib_square.lua
T=tests/data/calibrate/square.csv

expect_exit 0 "implausibility" "calibrate --help" -- "$ACCORD" calibrate --help
expect_exit 0 "calibrate +history matching" "--help lists calibrate" -- "$ACCORD" --help
expect_exit 0 "--targets FILE" "accord help calibrate" -- "$ACCORD" help calibrate

# ---- wave 1, deterministic: the closed form
expect_exit 0 "plausible \(max I < 3\)" "wave 1 runs and scores" -- "$ACCORD" calibrate $S --targets $T \
  --vary x1 --vary x2 --vary x3 --samples 400 --reps 1 -j 2 --out "$TMP/w1" --format svg
for f in runs.csv points.csv manifest.json journal.txt calibration.csv calibration_plausible.csv \
         calibration_ranges.csv calibration.json calibration.svg calibration.gp; do
  [ -s "$TMP/w1/$f" ] || not_ok "wave 1 writes $f"
done
ok "wave 1 writes the sweep's files and the calibration's"
head -1 "$TMP/w1/calibration.csv" | grep -qx 'point,x1,x2,x3,mean_u_near_1,I_u_near_1,mean_v_near_0,I_v_near_0,max_I,plausible' \
  && ok "calibration.csv header" || not_ok "calibration.csv header" "$(head -1 "$TMP/w1/calibration.csv")"
res=$(python3 - "$TMP/w1" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1] + "/calibration.csv")))
kept = rejected = plaus = other = 0
bad = []
for r in rows:
    x1, x2 = float(r["x1"]), float(r["x2"])
    iu, iv = abs(x1 + x2 - 1) / 0.05, abs(x1 - x2) / 0.05
    if abs(float(r["I_u_near_1"]) - iu) > 1e-9 or abs(float(r["I_v_near_0"]) - iv) > 1e-9:
        bad.append("point %s: I %s %s vs %g %g" % (r["point"], r["I_u_near_1"], r["I_v_near_0"], iu, iv))
    truth = max(iu, iv) < 3
    if truth:
        plaus += 1
        kept += r["plausible"] == "1"
    else:
        other += 1
        rejected += r["plausible"] == "0"
if plaus == 0 or kept != plaus:
    bad.append("kept %d of %d truly plausible" % (kept, plaus))
if rejected < 0.95 * other:
    bad.append("rejected %d of %d others" % (rejected, other))
pl = list(csv.DictReader(open(sys.argv[1] + "/calibration_plausible.csv")))
if len(pl) != kept:
    bad.append("calibration_plausible.csv has %d rows, %d plausible" % (len(pl), kept))
print("OK %d %d %d %d" % (kept, plaus, rejected, other) if not bad else "; ".join(bad[:3]))
EOF
)
case "$res" in
  OK*) set -- $res; ok "closed form: kept $2 of $3 truly plausible points, rejected $4 of $5 others, I exact" ;;
  *) not_ok "closed form" "$res" ;;
esac

# ---- wave 2 samples inside wave 1's box, which shrinks
expect_exit 0 "calibration \(wave 2\)" "wave 2 runs" -- "$ACCORD" calibrate $S --targets $T --wave 2 --from "$TMP/w1" \
  --samples 400 --reps 1 -j 2 --out "$TMP/w2" --no-plot
res=$(python3 - "$TMP/w1" "$TMP/w2" <<'EOF'
import csv, sys
r1 = {r["parameter"]: r for r in csv.DictReader(open(sys.argv[1] + "/calibration_ranges.csv"))}
r2 = {r["parameter"]: r for r in csv.DictReader(open(sys.argv[2] + "/calibration_ranges.csv"))}
bad = []
for p in ("x1", "x2"):
    lo, hi = float(r1[p]["next_min"]), float(r1[p]["next_max"])
    if (float(r2[p]["min"]), float(r2[p]["max"])) != (lo, hi):
        bad.append("%s: wave 2 sampled [%s, %s], wave 1's box [%g, %g]" % (p, r2[p]["min"], r2[p]["max"], lo, hi))
    if not hi - lo < 0.6 * (float(r1[p]["max"]) - float(r1[p]["min"])):
        bad.append("%s: the box did not shrink" % p)
    # the true plausible interval of x1 and x2 is (0.35, 0.65): inside the box
    if not (lo <= 0.35 and hi >= 0.65):
        bad.append("%s: box [%g, %g] cuts the plausible region" % (p, lo, hi))
rows = list(csv.DictReader(open(sys.argv[2] + "/calibration.csv")))
for r in rows:
    for p in ("x1", "x2"):
        v = float(r[p])
        if not float(r2[p]["min"]) <= v <= float(r2[p]["max"]):
            bad.append("point %s outside the box" % r["point"])
share1 = int(r1["x1"]["plausible"]) / int(r1["x1"]["points"])
share2 = int(r2["x1"]["plausible"]) / int(r2["x1"]["points"])
if not share2 > 2 * share1:
    bad.append("plausible share %g -> %g" % (share1, share2))
kept = sum(1 for r in rows if r["plausible"] == "1")
truth = sum(1 for r in rows if max(abs(float(r["x1"]) + float(r["x2"]) - 1), abs(float(r["x1"]) - float(r["x2"]))) / 0.05 < 3)
if kept != truth:
    bad.append("wave 2 kept %d, %d truly plausible" % (kept, truth))
print("OK %.3f %.3f" % (share1, share2) if not bad else "; ".join(bad[:3]))
EOF
)
case "$res" in
  OK*) set -- $res; ok "wave 2 samples inside wave 1's box; the box shrinks; plausible share $2 -> $3" ;;
  *) not_ok "wave 2" "$res" ;;
esac
grep -q '"wave": 2' "$TMP/w2/calibration.json" && ok "calibration.json records the wave" || not_ok "wave in calibration.json"
# a new design: wave 1's seed + 1. With the same seed the hypercube is the same
# permutation: every value, scaled to its wave's sampled range, would repeat.
grep -q '"seed": 2,' "$TMP/w2/manifest.json" && ok "wave 2's seed is wave 1's + 1" || not_ok "wave 2 seed" "$(grep '"seed"' "$TMP/w2/manifest.json")"
same=$(python3 - "$TMP/w1" "$TMP/w2" <<'EOF2'
import csv, sys
def unit(d):
    rg = {r["parameter"]: (float(r["min"]), float(r["max"])) for r in csv.DictReader(open(d + "/calibration_ranges.csv"))}
    return [[(float(r[p]) - rg[p][0]) / (rg[p][1] - rg[p][0]) for p in ("x1", "x2", "x3")]
            for r in csv.DictReader(open(d + "/calibration.csv"))]
a, b = unit(sys.argv[1]), unit(sys.argv[2])
print(sum(1 for u, v in zip(a, b) for x, y in zip(u, v) if abs(x - y) < 1e-9))
EOF2
)
[ "$same" = 0 ] && ok "wave 2's design is new: no scaled value of wave 1 repeated at its point" || not_ok "wave 2 repeats wave 1's design" "$same of 1200 scaled values equal"
expect_exit 0 "lhs design, 400 points x 1 replication = 400 runs" "a wave is by default the size of the one it refines" -- \
  "$ACCORD" calibrate $S --targets $T --wave 2 --from "$TMP/w1" --out "$TMP/w2d" --dry-run
expect_exit 0 "warning: --seed 1 is the seed of .*repeats that wave's values" "--wave with wave 1's --seed: warned" -- \
  "$ACCORD" calibrate $S --targets $T --wave 2 --from "$TMP/w1" --samples 5 --reps 1 --seed 1 --out "$TMP/w2s" --no-plot --dry-run
"$ACCORD" calibrate "$TMP/w2" --targets $T --no-plot --quiet
grep -q '"wave": 2' "$TMP/w2/calibration.json" && ok "scoring a wave-2 directory again keeps its wave" || not_ok "rescoring keeps the wave"
expect_exit 2 "that directory is wave 1 \(give --wave 2\)" "wrong wave number" -- "$ACCORD" calibrate $S --targets $T --wave 3 --from "$TMP/w1" --out "$TMP/e"
expect_exit 2 "the parameters and their box come from --from" "--vary with --wave" -- "$ACCORD" calibrate $S --targets $T --wave 2 --from "$TMP/w1" --vary x1 --out "$TMP/e"

# wave 2 runs wave 1's model: its --set values are kept unless given anew, and
# said (they were once dropped silently: the scenario's defaults ran instead)
"$ACCORD" calibrate $S --targets $T --vary x1 --vary x2 --samples 100 --reps 1 --set noise=0 --set x3=0.25 \
  -j 2 --out "$TMP/k1" --quiet --no-plot
expect_exit 0 "accord: wave 2 keeps wave 1's --set noise=0 --set x3=0.25 \(from .*/k1/manifest.json; give --set name=value to change one\)" \
  "wave 2 keeps wave 1's --set values and says so" -- "$ACCORD" calibrate $S --targets $T --wave 2 --from "$TMP/k1" -j 2 --out "$TMP/k2" --no-plot
grep -A3 '"fixed"' "$TMP/k2/manifest.json" | tr -d ' \n' | grep -q '"fixed":\["noise=0","x3=0.25"\]' \
  && ok "wave 2 ran with wave 1's --set values (its manifest's fixed)" || not_ok "wave 2 fixed" "$(grep -A3 '"fixed"' "$TMP/k2/manifest.json")"
expect_exit 0 "warning: --set x3=0.5: wave 1 \(.*/k1\) ran with x3=0.25, and wave 2 samples the box found with that value" \
  "a --set that changes wave 1's value: warned" -- "$ACCORD" calibrate $S --targets $T --wave 2 --from "$TMP/k1" --set x3=0.5 --out "$TMP/k3" --dry-run
out=$("$ACCORD" calibrate $S --targets $T --wave 2 --from "$TMP/k1" --set x3=2.5e-1 --out "$TMP/k3" --dry-run 2>&1)
echo "$out" | grep -q "warning" && not_ok "the same value written otherwise is no change" "$out" || ok "the same value written otherwise is no change"
expect_exit 0 "warning: --set noise=0.01: wave 1 \(.*/w1\) left noise at the scenario's value, and wave 2 samples the box found with it" \
  "a --set wave 1 did not have: warned" -- "$ACCORD" calibrate $S --targets $T --wave 2 --from "$TMP/w1" --set noise=0.01 --out "$TMP/k3" --dry-run
expect_exit 0 "accord: wave 3 keeps wave 2's --set noise=0 --set x3=0.25" "wave 3 keeps them too" -- \
  "$ACCORD" calibrate $S --targets $T --wave 3 --from "$TMP/k2" --out "$TMP/k4" --dry-run
# a kept model field wins over a new --set of a parameter that sets the same
# field (tiny.lua's strict sets aa.stringency): warned, since the command
# cannot see it (review: the user's strict=0.9 did nothing, silently)
printf 'id,outcome,low,high\nh,harm,0,1e9\n' > "$TMP/t_harm.csv"
"$ACCORD" calibrate tests/scenarios/tiny.lua --targets "$TMP/t_harm.csv" --vary years=1:3 --set aa.stringency=0.3 \
  --samples 6 --reps 1 --out "$TMP/f1" --quiet --no-plot
expect_exit 0 "warning: wave 2 keeps wave 1's --set aa.stringency=0.3, a model field: it is applied after the scenario's parameters" \
  "a kept model field next to a new --set: warned" -- "$ACCORD" calibrate tests/scenarios/tiny.lua --targets "$TMP/t_harm.csv" \
  --wave 2 --from "$TMP/f1" --set strict=0.9 --out "$TMP/f2" --dry-run
out=$("$ACCORD" calibrate tests/scenarios/tiny.lua --targets "$TMP/t_harm.csv" --wave 2 --from "$TMP/f1" --out "$TMP/f3" --dry-run 2>&1)
echo "$out" | grep -q "a model field" && not_ok "the field warning without a new --set" "$out" || ok "no field warning when no new --set is given"

# wave 2 of another scenario than wave 1's: the parameters of --from are named as such
printf 'id,outcome,low,high\ny_mid,y,0.4,0.6\n' > "$TMP/t_y.csv"
expect_exit 2 "--from .*/w1: x1: .*arms.lua has no such parameter .*come from that directory: is it a calibration of tests/scenarios/arms.lua\?" \
  "--wave of another scenario: --from named" -- "$ACCORD" calibrate tests/scenarios/arms.lua --targets "$TMP/t_y.csv" --wave 2 --from "$TMP/w1" --out "$TMP/e" --dry-run
# a calibration.json whose wave is not a wave number (edited by hand, say)
mkdir -p "$TMP/badwave" && cp "$TMP/w1/calibration_ranges.csv" "$TMP/badwave/"
sed 's/"wave": 1,/"wave": 1e300,/' "$TMP/w1/calibration.json" > "$TMP/badwave/calibration.json"
expect_exit 2 "calibration.json has \"wave\" 1e\+300, not a whole number in \[1, 1000\]" "--from with a bad wave number" -- \
  "$ACCORD" calibrate $S --targets $T --wave 2 --from "$TMP/badwave" --out "$TMP/e" --dry-run
# ---- with noise: I from points.csv's mean, sd and n, the documented formula
"$ACCORD" calibrate $S --targets $T --vary x1 --vary x2 --set noise=0.03 --samples 60 --reps 4 -j 2 --out "$TMP/n" --quiet --no-plot
res=$(python3 - "$TMP/n" <<'EOF'
import csv, math, sys
pts = {}
for r in csv.DictReader(open(sys.argv[1] + "/points.csv")):
    pts[(r["point"], r["outcome"])] = r
tg = {"u_near_1": ("u", 0.9, 1.1), "v_near_0": ("v", -0.1, 0.1)}
bad = []
for r in csv.DictReader(open(sys.argv[1] + "/calibration.csv")):
    mx = 0
    for t, (o, lo, hi) in tg.items():
        p = pts[(r["point"], o)]
        n, m, sd = float(p["n"]), float(p["mean"]), float(p["sd"])
        i = abs(m - (lo + hi) / 2) / math.sqrt(sd * sd / n + ((hi - lo) / 4) ** 2)
        mx = max(mx, i)
        if abs(float(r["I_" + t]) - i) > 1e-9 * max(1, i):
            bad.append("point %s %s: %s vs %g" % (r["point"], t, r["I_" + t], i))
    if abs(float(r["max_I"]) - mx) > 1e-9 * max(1, mx) or (r["plausible"] == "1") != (mx < 3):
        bad.append("point %s: max_I %s plausible %s" % (r["point"], r["max_I"], r["plausible"]))
print("OK" if not bad else "; ".join(bad[:3]))
EOF
)
[ "$res" = OK ] && ok "with noise: I = |mean - c| / sqrt(sd^2/n + (half-width/2)^2) for every point" || not_ok "noisy I" "$res"

# ---- scoring a finished sweep, --only, --cutoff; same bytes as the calibration wrote
"$ACCORD" sweep $S --design lhs --samples 400 --vary x1 --vary x2 --vary x3 --out "$TMP/sw" -q -j 2
expect_exit 0 "plausible" "calibrate DIR scores a finished sweep" -- "$ACCORD" calibrate "$TMP/sw" --targets $T --no-plot
cmp -s "$TMP/sw/calibration.csv" "$TMP/w1/calibration.csv" && ok "scoring the same sweep gives byte-identical calibration.csv" \
  || not_ok "sweep + calibrate DIR vs calibrate"
"$ACCORD" calibrate "$TMP/sw" --targets $T --only v_near_0 --cutoff 2 --no-plot --quiet
head -1 "$TMP/sw/calibration.csv" | grep -qx 'point,x1,x2,x3,mean_v_near_0,I_v_near_0,max_I,plausible' && \
  grep -q '"cutoff": 2' "$TMP/sw/calibration.json" && ok "--only and --cutoff" || not_ok "--only/--cutoff" "$(head -1 "$TMP/sw/calibration.csv")"

# the figure draws the cutoff the points were classified with, over the sampled range
"$ACCORD" calibrate "$TMP/sw" --targets $T --cutoff 2 --format svg --quiet
grep -q 'cutoff = exists("cutoff") ? cutoff : 2$' "$TMP/sw/calibration.gp" && grep -q 'cutoff 2' "$TMP/sw/calibration.svg" \
  && ok "calibration figure: the dashed line is --cutoff 2" || not_ok "figure cutoff" "$(grep -n 'cutoff' "$TMP/sw/calibration.gp" | head -3)"
grep -q "^xlos = exists(\"xlos\") ? xlos : '0 0 0'$" "$TMP/sw/calibration.gp" && grep -q "^xhis = exists(\"xhis\") ? xhis : '1 1 1'$" "$TMP/sw/calibration.gp" \
  && ok "calibration figure: each panel spans the sampled range" || not_ok "figure x ranges" "$(grep -n '^x' "$TMP/sw/calibration.gp")"

# ---- resume: an interrupted calibration finishes with the same files
"$ACCORD" calibrate $S --targets $T --vary x1 --vary x2 --samples 50 --reps 2 -j 2 --out "$TMP/r" --quiet --no-plot
head -n 40 "$TMP/r/journal.txt" > "$TMP/j" && mv "$TMP/j" "$TMP/r/journal.txt"
cp "$TMP/r/calibration.csv" "$TMP/cal_full.csv"
rm "$TMP/r/calibration.csv"
expect_exit 0 "plausible" "--resume finishes an interrupted calibration" -- "$ACCORD" calibrate $S --targets $T \
  --vary x1 --vary x2 --samples 50 --reps 2 -j 2 --out "$TMP/r" --resume --no-plot
cmp -s "$TMP/r/calibration.csv" "$TMP/cal_full.csv" && ok "resumed calibration.csv is byte-identical" || not_ok "resume bytes"

# ---- dry run writes nothing
expect_exit 0 "estimated time" "--dry-run" -- "$ACCORD" calibrate $S --targets $T --vary x1 --samples 20 --out "$TMP/dry" --dry-run
[ -e "$TMP/dry" ] && not_ok "a dry run writes nothing" || ok "a dry run writes nothing"

# ---- a target whose outcome no run produces: refused before any run (the sweep's
# up-front outcome check, a probe run with the defaults), exit 2, nothing written
printf 'id,outcome,low,high\nw,nope,0,1\n' > "$TMP/t_nope.csv"
expect_exit 2 "has no outcome 'nope'" "an outcome the model does not produce" -- "$ACCORD" calibrate $S --targets "$TMP/t_nope.csv" --vary x1 --samples 5 --reps 1 --out "$TMP/nope" --no-plot
[ -e "$TMP/nope" ] && not_ok "an unknown outcome writes nothing" || ok "an unknown outcome writes nothing"

# ---- errors
expect_exit 2 "--targets FILE is required" "no --targets" -- "$ACCORD" calibrate $S --vary x1
expect_exit 2 "give --vary" "nothing varied" -- "$ACCORD" calibrate $S --targets $T --out "$TMP/e"
expect_exit 2 "--wave K \(K >= 2\) and --from DIR go together" "--wave without --from" -- "$ACCORD" calibrate $S --targets $T --wave 2
expect_exit 2 "--cutoff needs a number in \(0, 1000000\], got '-1'" "bad --cutoff" -- "$ACCORD" calibrate $S --targets $T --vary x1 --cutoff -1
expect_exit 2 "--design needs lhs or random, got 'sobol'" "bad --design" -- "$ACCORD" calibrate $S --targets $T --vary x1 --design sobol
printf 'id,outcome,low,high\nw,u,2,1\n' > "$TMP/t1.csv"
expect_exit 2 "t1.csv:2: target 'w': low and high must be finite with low <= high, got 2 and 1" "low > high" -- "$ACCORD" calibrate $S --targets "$TMP/t1.csv" --vary x1 --out "$TMP/e"
printf 'id,outcome,low,high\nw,u,0,1\nw,v,0,1\n' > "$TMP/t2.csv"
expect_exit 2 "t2.csv:3: target id 'w' appears twice" "repeated id" -- "$ACCORD" calibrate $S --targets "$TMP/t2.csv" --vary x1 --out "$TMP/e"
printf 'id,outcome,lo,high\nw,u,0,1\n' > "$TMP/t3.csv"
expect_exit 2 "no column 'low'" "missing column" -- "$ACCORD" calibrate $S --targets "$TMP/t3.csv" --vary x1 --out "$TMP/e"
printf 'id,outcome,low,high\nw,u,abc,1\n' > "$TMP/t4.csv"
expect_exit 2 "t4.csv:2: column 'low': 'abc' is not a number" "non-numeric bound" -- "$ACCORD" calibrate $S --targets "$TMP/t4.csv" --vary x1 --out "$TMP/e"
expect_exit 2 "--only: .* has no target 'zz'" "unknown --only id" -- "$ACCORD" calibrate $S --targets $T --only zz --vary x1 --out "$TMP/e"
expect_exit 3 "none.csv: cannot open" "missing targets file" -- "$ACCORD" calibrate $S --targets "$TMP/none.csv" --vary x1 --out "$TMP/e"
expect_exit 2 "x9" "unknown parameter" -- "$ACCORD" calibrate $S --targets $T --vary x9 --out "$TMP/e"
expect_exit 2 "unknown option '--bogus'" "unknown option" -- "$ACCORD" calibrate $S --bogus
expect_exit 2 "--format: unknown format 'bogus'" "bad --format" -- "$ACCORD" calibrate $S --targets $T --vary x1 --samples 4 --reps 1 --out "$TMP/fmt" --format bogus
[ ! -e "$TMP/fmt" ] && ok "bad --format: refused before the sweep runs" || not_ok "bad --format ran the sweep first"
# scoring a finished sweep: the options of a run are refused, not ignored
for o in "--out $TMP/elsewhere" "--seed 3" "-j 2" "--samples=9" "--set x3=1" "--reps 2"; do
  set -- $o
  expect_exit 2 "is a directory: ${1%%=*} does not apply when scoring a finished sweep" "calibrate DIR refuses ${1%%=*}" -- \
    "$ACCORD" calibrate "$TMP/sw" --targets $T --no-plot $o
done
[ ! -e "$TMP/elsewhere" ] && ok "calibrate DIR --out: nothing written elsewhere" || not_ok "--out DIR written"
mkdir -p "$TMP/notsweep"
expect_exit 3 "notsweep: not a sweep or calibration directory \(no manifest.json\)" "calibrate DIR: not a sweep directory" -- \
  "$ACCORD" calibrate "$TMP/notsweep" --targets $T --no-plot
mkdir -p "$TMP/unfinished" && cp "$TMP/w1/journal.txt" "$TMP/unfinished/"
expect_exit 3 "unfinished: an unfinished sweep \(journal.txt, no manifest.json\): finish it first .*--resume" "calibrate DIR: an interrupted sweep" -- \
  "$ACCORD" calibrate "$TMP/unfinished" --targets $T --no-plot
"$ACCORD" discover "$TMP/sw" --outcome max_I --below 3 --no-plot --quiet --out "$TMP/disc"
# an outcome in neither table: the message lists calibration.csv's columns (max_I, I_*) too
out=$("$ACCORD" discover "$TMP/sw" --outcome nope --below 3 --no-plot --quiet --out "$TMP/disc-nope" 2>&1)
echo "$out" | grep -q "runs.csv: no column 'nope'" && echo "$out" | grep -q "calibration.csv: no column 'nope' (columns:.* max_I" \
  && ok "discover CALDIR --outcome nope: both tables' columns named" || not_ok "discover's unknown outcome" "$out"
expect_exit 2 "the manifest's kind is 'discover', not a sweep" "calibrate DIR: a discover directory" -- \
  "$ACCORD" calibrate "$TMP/disc" --targets $T --no-plot
[ -e "$TMP/e" ] && not_ok "a refused calibration writes nothing" || ok "a refused calibration writes nothing"
# data/targets.csv is accepted as it is
expect_exit 2 "--targets data/targets.csv: scenarios/baseline.lua has no outcome .hhi. .*choose targets with --only" "data/targets.csv read; an unknown outcome named" -- \
  "$ACCORD" calibrate scenarios/baseline.lua --targets data/targets.csv --vary eu_stringency --samples 2 --out "$TMP/e" --dry-run

finish
