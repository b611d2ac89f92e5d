#!/usr/bin/env bash
# accord sweep on real scenarios: usage errors (exit 2 with clear messages),
# output files and columns, failing / crashing / timed-out / out-of-memory
# runs recorded while the rest succeed (exit 1), LHS stratification seen in
# runs.csv, sweep files, outcome selection, a world-model sweep, dry runs and
# the progress line.
. "$(dirname "$0")/lib.sh"

S=tests/scenarios/ishigami.lua
F=tests/scenarios/sweep/fails.lua

expect_exit 0 "--vary name=lo:hi" "sweep --help" -- "$ACCORD" sweep --help
expect_exit 0 "SHARD_DIR" "merge --help" -- "$ACCORD" merge --help
expect_exit 0 "sweep +run a design" "--help lists sweep" -- "$ACCORD" --help
expect_exit 2 "no such parameter \(declared: x1, x2, x3\)" "unknown parameter in --vary" -- "$ACCORD" sweep $S --vary nothing_like_it --out "$TMP/u"
expect_exit 2 "--vary eu_stringncy: scenarios/baseline.lua has no such parameter \(did you mean 'eu_stringency'\?\) \(declared: " \
  "a misspelt --vary: did you mean, as --set and --outcomes" -- "$ACCORD" sweep scenarios/baseline.lua --vary eu_stringncy --out "$TMP/u"
expect_exit 2 "x1=-4:0: the range is outside x1's declared range \[-3.14159, 3.14159\]" "range outside the declared one" -- "$ACCORD" sweep $S --vary x1=-4:0 --out "$TMP/u"
expect_exit 2 "value 9 is outside its declared range" "list value outside the declared range" -- "$ACCORD" sweep $S --vary x1=0,9 --out "$TMP/u"
expect_exit 2 "--shard '3/3': expected i/N with 0 <= i < N" "bad shard spec" -- "$ACCORD" sweep $S --vary x1 --shard 3/3 --out "$TMP/u"
expect_exit 2 "--shard 'two': expected i/N" "shard spec not numbers" -- "$ACCORD" sweep $S --vary x1 --shard two --out "$TMP/u"
expect_exit 2 "--vary x1=1:0: the low end must be below the high end" "reversed range" -- "$ACCORD" sweep $S --vary x1=1:0 --out "$TMP/u"
expect_exit 2 "--design fancy: unknown design" "unknown design" -- "$ACCORD" sweep $S --vary x1 --design fancy --out "$TMP/u"
expect_exit 2 "--samples does not apply to --design grid" "samples with a grid" -- "$ACCORD" sweep $S --vary x1 --samples 10 --out "$TMP/u"
expect_exit 2 "only applies to --design grid" "levels outside a grid" -- "$ACCORD" sweep $S --vary x1=0:1:4 --design lhs --out "$TMP/u"
expect_exit 2 "--design sobol needs at least one --vary" "sobol with nothing varied" -- "$ACCORD" sweep $S --design sobol --out "$TMP/u"
expect_exit 2 "x1 is both varied \(--vary\) and fixed \(--set\)" "varied and fixed" -- "$ACCORD" sweep $S --vary x1 --set x1=0 --out "$TMP/u"
expect_exit 2 "--bootstrap applies to --design sobol only" "--bootstrap with a grid" -- "$ACCORD" sweep $S --vary x1 --bootstrap 50 --out "$TMP/u"
expect_exit 2 "--morris-levels applies to --design morris only" "--morris-levels with lhs" -- "$ACCORD" sweep $S --vary x1 --design lhs --morris-levels 6 --out "$TMP/u"
expect_exit 1 "infinite_loop.lua:[0-9]+: time limit of 0.5 s exceeded" "a scenario hitting the time limit while the sweep plans: exit 1, as accord run" \
  -- "$ACCORD" sweep tests/scenarios/errors/infinite_loop.lua --time-limit 0.5 --out "$TMP/lim"
# a refused output directory is said alone, without the planning's warnings first
W="scenarios/baseline.lua --vary eu_stringency=0.2,0.8 --set years=1.125 --set scale=0.05"
"$ACCORD" sweep $W --out "$TMP/warned" 2>"$TMP/warned.err" >/dev/null
grep -q "years = 1.125 is 13.5 steps" "$TMP/warned.err" && ok "a sweep gives the planning's warnings" || not_ok "planning warning" "$(cat "$TMP/warned.err")"
"$ACCORD" sweep $W --out "$TMP/warned" 2>"$TMP/warned2.err" >/dev/null; rc=$?
[ $rc -eq 2 ] && grep -q "already holds a sweep" "$TMP/warned2.err" && ! grep -q "^warning" "$TMP/warned2.err" \
  && ok "a refused --out is said without the warnings first" || not_ok "refusal alone" "rc $rc: $(cat "$TMP/warned2.err")"
# a declared parameter whose model field is also given by name would vary nothing
B="scenarios/baseline.lua --set years=1 -q"
expect_exit 2 "--vary eu_stringency would vary nothing: the scenario sets eu.stringency from it \(0.2 at eu_stringency=0.2, 0.8 at eu_stringency=0.8\), and --set fixes eu.stringency" \
  "a parameter whose field --set fixes" -- "$ACCORD" sweep $B --vary eu_stringency=0.2,0.8 --set eu.stringency=0.5 --out "$TMP/dead1"
expect_exit 2 "--vary eu_stringency would vary nothing: .* and --vary varies eu.stringency" \
  "a parameter whose field is varied by name too" -- "$ACCORD" sweep $B --vary eu_stringency=0.2,0.8 --vary eu.stringency=0.2,0.8 --out "$TMP/dead2"
expect_exit 0 "" "a parameter that sets other fields too still varies them: no conflict" -- \
  "$ACCORD" sweep tests/scenarios/analyst/my_bridge.lua --vary scale=0.1:0.3:2 --set eu.startup_rate=2 --dry-run --out "$TMP/dead4"
expect_exit 0 "" "another jurisdiction's field fixed: no conflict" -- "$ACCORD" sweep $B --vary eu_stringency=0.2,0.8 --set us.stringency=0.5 --dry-run --out "$TMP/dead3"
expect_exit 2 "unknown option '--bogus'" "unknown option" -- "$ACCORD" sweep $S --bogus
expect_exit 2 "-j needs a number of workers" "bad -j" -- "$ACCORD" sweep $S --vary x1 -j 0
expect_exit 2 "--reps needs a whole number" "bad --reps" -- "$ACCORD" sweep $S --vary x1 --reps -3
# counts written as decimal numbers (README): whole ones are counts, and one
# past the design's limit is refused with the limit (it once said "needs a
# whole number >= 1, got '1e12'")
expect_exit 2 "--design lhs: --samples must be in \[1, 1000000000\], got 1000000000000" "--samples 1e12: the design's limit" -- "$ACCORD" sweep $S --vary x1 --design lhs --samples 1e12 --out "$TMP/u"
expect_exit 2 "--reps must be in \[1, 1000000000\], got 20000000000" "--reps 2e10: the limit" -- "$ACCORD" sweep $S --vary x1 --reps 2e10 --out "$TMP/u"
expect_exit 2 "--samples 1e30 is more than 1000000000, the most a sweep can have" "--samples beyond 64 bits: the limit" -- "$ACCORD" sweep $S --vary x1 --design lhs --samples 1e30 --out "$TMP/u"
expect_exit 2 "--samples needs a whole number >= 1, got '2.5'" "--samples 2.5 is not whole" -- "$ACCORD" sweep $S --vary x1 --design lhs --samples 2.5 --out "$TMP/u"
expect_exit 0 "lhs design, 12 points x 2 replications = 24 runs" "--samples 1.2e1 --reps 2e0 are counts" -- "$ACCORD" sweep $S --vary x1 --design lhs --samples 1.2e1 --reps 2e0 --dry-run --out "$TMP/u"
# counts are read exactly from their text: a sign, or a fraction a double
# rounds away, is not a whole number (both were once taken as counts)
expect_exit 2 "--samples needs a whole number >= 1, got '\\+4'" "--samples +4: no sign" -- "$ACCORD" sweep $S --vary x1 --design lhs --samples +4 --dry-run --out "$TMP/u"
expect_exit 2 "--reps needs a whole number >= 1, got '1.00000000000000001'" "--reps 1.00000000000000001 is not whole" -- "$ACCORD" sweep $S --vary x1 --reps 1.00000000000000001 --dry-run --out "$TMP/u"
expect_exit 2 "--samples 1e400 is more than 1000000000" "--samples 1e400: past the limit, not 'not whole'" -- "$ACCORD" sweep $S --vary x1 --design lhs --samples 1e400 --dry-run --out "$TMP/u"
expect_exit 0 "lhs design, 5 points x 3 replications = 15 runs" "--samples 500e-2 --reps 3.0 are counts" -- "$ACCORD" sweep $S --vary x1 --design lhs --samples 500e-2 --reps 3.0 --dry-run --out "$TMP/u"
expect_exit 2 "--retry-failed goes with --resume" "retry without resume" -- "$ACCORD" sweep $S --vary x1 --retry-failed
expect_exit 2 "no scenario or sweep file given" "no scenario" -- "$ACCORD" sweep --vary x1
expect_exit 3 "cannot read the scenario" "missing scenario file" -- "$ACCORD" sweep "$TMP/nope.lua" --vary x1
expect_exit 2 "merge needs shard directories and --out" "merge without --out" -- "$ACCORD" merge "$TMP/a"
[ -e "$TMP/u" ] && not_ok "a refused sweep writes nothing" || ok "a refused sweep writes nothing"

# ---- a grid where some runs fail: they are recorded, the rest succeed, exit 1
expect_exit 1 "16 ok, 6 failed \(see failures.csv\)" "failing runs: exit 1, the others recorded" -- "$ACCORD" sweep $F --vary x=0:1:11 --reps 2 --out "$TMP/f" -j 2
# 11 points x 2 reps; x = 0.8, 0.9, 1 fail (both replications)
[ "$(wc -l < "$TMP/f/runs.csv")" -eq 23 ] && ok "runs.csv has every run" || not_ok "runs.csv rows" "$(wc -l < "$TMP/f/runs.csv")"
head -1 "$TMP/f/runs.csv" | grep -qx 'run,point,rep,seed,status,x,y,z' && ok "runs.csv header" || not_ok "runs.csv header" "$(head -1 "$TMP/f/runs.csv")"
[ "$(grep -c ',error,' "$TMP/f/runs.csv")" -eq 6 ] && ok "runs.csv marks 6 failed runs" || not_ok "failed rows in runs.csv"
head -1 "$TMP/f/failures.csv" | grep -qx 'run,point,rep,seed,status,x,message' && ok "failures.csv header" || not_ok "failures.csv header"
line=$(grep -n 'is above 0.7' $F | cut -d: -f1)
grep -q "^16,8,0,1,error,0.8,\"tests/scenarios/sweep/fails.lua:$line: x = 0.800 is above 0.7" "$TMP/f/failures.csv" \
  && ok "failures.csv: run, point, rep, seed, status, parameter and file:line message" || not_ok "failures.csv row" "$(head -3 "$TMP/f/failures.csv")"
[ "$(grep -c ',error,' "$TMP/f/failures.csv")" -eq 6 ] && ok "failures.csv lists the 6 failed runs" || not_ok "failures.csv count"
grep -q '^1,0.1,y,2,1.2,0,1.2,1.2$' "$TMP/f/points.csv" && ok "points.csv: n, mean, sd, interval (deterministic model)" || not_ok "points.csv row" "$(sed -n 3,4p "$TMP/f/points.csv")"
grep -q '^9,0.9,y,0,NA,NA,NA,NA$' "$TMP/f/points.csv" && ok "points.csv: a point whose runs all failed has n = 0" || not_ok "points.csv failed point"
grep -q '"failed": 6' "$TMP/f/manifest.json" && ok "manifest counts failures" || not_ok "manifest failures"

expect_exit 0 "6 ok, 0 failed" "all runs succeed: exit 0" -- "$ACCORD" sweep $F --vary x=0:0.5:3 --reps 2 --out "$TMP/g" -j 2
[ "$(cat "$TMP/g/failures.csv")" = "run,point,rep,seed,status,x,message" ] && ok "failures.csv is a header when nothing failed" || not_ok "empty failures.csv"

# ---- crashes, time limits, memory limits
ACCORD_SWEEP_FAULT=crash:3 "$ACCORD" sweep $F --vary x=0:0.5:6 --out "$TMP/c" -q -j 2; rc=$?
[ $rc -eq 1 ] && grep -q '^3,3,0,1,crash,0.3,the worker process died: killed by signal 11' "$TMP/c/failures.csv" \
  && [ "$(grep -c ',ok,' "$TMP/c/runs.csv")" -eq 5 ] && ok "a run that crashes its worker is recorded, the sweep goes on" || not_ok "crash" "rc $rc; $(cat "$TMP/c/failures.csv")"
ACCORD_SWEEP_FAULT=hang:1 "$ACCORD" sweep $F --vary x=0:0.5:4 --run-timeout 0.5 --out "$TMP/h" -q -j 2; rc=$?
[ $rc -eq 1 ] && grep -q '^1,1,0,1,timeout,0.16666666666666666,run exceeded the time limit of 0.5 s' "$TMP/h/failures.csv" \
  && [ "$(grep -c ',ok,' "$TMP/h/runs.csv")" -eq 3 ] && ok "a run past --run-timeout is killed and recorded" || not_ok "timeout" "rc $rc; $(cat "$TMP/h/failures.csv")"
"$ACCORD" sweep $F --vary x=0.5 --vary big=0,1 --vary spin=0,1 --memory-limit 16 --run-timeout 3 --out "$TMP/l" -q -j 2; rc=$?
[ $rc -eq 1 ] && grep -q '^2,2,0,1,limit,0.5,1,0,[^,]*not enough memory' "$TMP/l/failures.csv" \
  && grep -Eq '^1,1,0,1,(limit|timeout),0.5,0,1,' "$TMP/l/failures.csv" && grep -q '^0,0,0,1,ok,' "$TMP/l/runs.csv" \
  && ok "memory and time limits of the Lua sandbox are recorded" || not_ok "limits" "rc $rc; $(cat "$TMP/l/failures.csv")"

# ---- LHS stratification, read back from runs.csv: each parameter's N strata
# hold exactly one run
"$ACCORD" sweep $S --vary x1 --vary x2=-1:1 --vary x3=0:2 --design lhs --samples 50 --seed 11 --out "$TMP/lhs" -q -j 2
strata=$(awk -F, -v n=50 'NR > 1 {
  s1 = int(($6 + 3.141592653589793) / (2 * 3.141592653589793) * n); s2 = int(($7 + 1) / 2 * n); s3 = int($8 / 2 * n)
  c1[s1]++; c2[s2]++; c3[s3]++ }
  END { bad = 0; for (i = 0; i < n; i++) if (c1[i] != 1 || c2[i] != 1 || c3[i] != 1) bad++; print bad, NR - 1 }' "$TMP/lhs/runs.csv")
[ "$strata" = "0 50" ] && ok "LHS: every stratum of every parameter holds exactly one run" || not_ok "LHS stratification" "$strata"
"$ACCORD" sweep $S --vary x1 --vary x2=-1:1 --vary x3=0:2 --design lhs --samples 50 --seed 12 --out "$TMP/lhs2" -q -j 2
cmp -s "$TMP/lhs/runs.csv" "$TMP/lhs2/runs.csv" && not_ok "another seed gives another design" || ok "another seed gives another design"

# ---- replications share random streams across points (common random numbers)
"$ACCORD" sweep tests/scenarios/sweep/slow.lua --vary x=0:1:3 --set work=10 --reps 3 --out "$TMP/crn" -q -j 2
# columns: run,point,rep,seed,status,x,s,y; y = 3x + math.random(): y - 3x must
# depend on the replication only
crn=$(awk -F, 'NR > 1 { d = sprintf("%.9f", $8 - 3 * $6); if (!($3 in r)) r[$3] = d; else if (r[$3] != d) bad++; seen[d] = 1 }
  END { n = 0; for (k in seen) n++; print bad + 0, n }' "$TMP/crn/runs.csv")
[ "$crn" = "0 3" ] && ok "replication r draws the same random numbers at every point; replications differ" || not_ok "common random numbers" "$crn"

# ---- a sweep file (the Lua file names the scenario, design and outcomes)
expect_exit 0 "lhs design, 40 points x 2 replications = 80 runs" "a sweep file" -- "$ACCORD" sweep tests/scenarios/sweep/ishigami_lhs.lua --out "$TMP/sf" -j 2
head -1 "$TMP/sf/runs.csv" | grep -qx 'run,point,rep,seed,status,x1,x2,x3,y' && ok "sweep file: parameters sorted, outcomes selected" || not_ok "sweep file header" "$(head -1 "$TMP/sf/runs.csv")"
awk -F, 'NR > 1 && ($4 != 7 || ($8 != 0 && $8 != 1 && $8 != 2) || $7 < -1 || $7 > 1) { bad++ } END { exit bad > 0 }' "$TMP/sf/runs.csv" \
  && ok "sweep file: seed, list and range respected" || not_ok "sweep file values"
expect_exit 0 "10 points x 1 replication" "options override the sweep file" -- "$ACCORD" sweep tests/scenarios/sweep/ishigami_lhs.lua --samples 10 --reps 1 --out "$TMP/sf2"
printf 'return { scenario = "../ishigami.lua", vary = { x1 = {0, 9} } }\n' > "$TMP/badsweep.lua"
cp "$TMP/badsweep.lua" tests/scenarios/sweep/.tmp_bad_sweep_$$.lua
expect_exit 2 "outside x1's declared range" "a sweep file's range is checked" -- "$ACCORD" sweep tests/scenarios/sweep/.tmp_bad_sweep_$$.lua --out "$TMP/sf3"
rm -f tests/scenarios/sweep/.tmp_bad_sweep_$$.lua

# ---- outcome selection
"$ACCORD" sweep $F --vary x=0:0.5:2 --outcomes z --out "$TMP/o" -q
head -1 "$TMP/o/runs.csv" | grep -qx 'run,point,rep,seed,status,x,z' && ok "--outcomes keeps the named outcomes" || not_ok "--outcomes" "$(head -1 "$TMP/o/runs.csv")"
# a function model's outcomes are known from one run at its defaults: an unknown
# name is a usage error before the sweep, naming what the model returns
expect_exit 2 "has no outcome 'welfare'; its outcomes are the names its model returns \(with its defaults: y, z\)" \
  "--outcomes naming an unknown outcome of a function model: exit 2 before running" -- "$ACCORD" sweep $F --vary x=0:0.5:2 --outcomes welfare --out "$TMP/o2"
[ ! -e "$TMP/o2" ] && ok "... and nothing is written" || not_ok "unknown outcome wrote $TMP/o2"
expect_exit 2 "did you mean 'z'\?" "... with the closest name" -- "$ACCORD" sweep $F --outcomes zz --out "$TMP/o2"

# ---- a world-model sweep, with a model field as a varied parameter
expect_exit 0 "6 points x 2 replications = 12 runs" "world-model sweep (tiny.lua)" -- "$ACCORD" sweep tests/scenarios/tiny.lua --vary strict=0:1:3 --vary aa.audit_rate=0.1,0.5 --reps 2 --out "$TMP/w" -j 2
head -1 "$TMP/w/runs.csv" | grep -q '^run,point,rep,seed,status,strict,aa.audit_rate,.*harm' && ok "world sweep: model outcomes as columns" || not_ok "world sweep header" "$(head -1 "$TMP/w/runs.csv" | cut -c1-200)"
# replication 0 of a point is `accord run` with the sweep's seed and the point's values
"$ACCORD" run tests/scenarios/tiny.lua --seed 1 --set strict=0.5 --set aa.audit_rate=0.5 --out "$TMP/wr" --quiet
same=$(awk -F, 'FNR == 1 { f++; for (i = 1; i <= NF; i++) h[f, i] = $i; next }
  f == 1 { for (i = 1; i <= NF; i++) s[h[1, i]] = $i }
  f == 2 && $3 == 0 && $6 == "0.5" && $7 == "0.5" { c = 0; m = 0
    for (i = 8; i <= NF; i++) if (h[2, i] in s) { c++; if (s[h[2, i]] != $i) m++ }
    print c, m }' "$TMP/wr/summary.csv" "$TMP/w/runs.csv")
[ "${same% *}" -ge 20 ] && [ "${same#* }" = 0 ] && ok "world sweep: replication 0 = accord run --seed 1 --set ... (all $((${same% *})) outcomes)" \
  || not_ok "sweep run vs accord run" "$same"
expect_exit 2 "aa.stringency=0:2: the range is outside the field.s range \[0, 1\]" "world sweep: a field's range is checked" -- "$ACCORD" sweep tests/scenarios/tiny.lua --vary aa.stringency=0:2 --out "$TMP/w2"

# ---- dry run: counts and estimates, writes nothing
expect_exit 0 "sobol design, 80 points x 3 replications = 240 runs" "dry run prints the number of runs" -- "$ACCORD" sweep $S --vary x1 --vary x2 --vary x3 --design sobol --samples 16 --reps 3 --dry-run --out "$TMP/dry"
out=$("$ACCORD" sweep $S --vary x1 --design lhs --samples 100 --dry-run --out "$TMP/dry" 2>&1)
echo "$out" | grep -q "pilot: 5 runs" && echo "$out" | grep -q "estimated time" && echo "$out" | grep -q "estimated output: about" \
  && ok "dry run: pilot timing and output size" || not_ok "dry run output" "$out"
[ -e "$TMP/dry" ] && not_ok "dry run writes nothing" || ok "dry run writes nothing"
out=$("$ACCORD" sweep $F --vary x=0.9,1 --dry-run --out "$TMP/dry" 2>&1)
echo "$out" | grep -q "a pilot run FAILED: run 0: .*is above 0.7" && ok "dry run reports a failing pilot run" || not_ok "dry run failure" "$out"

# ---- output directory: default name, refusal to overwrite a sweep
(cd "$TMP" && "$ACCORD" sweep "$SRC/$S" --vary x1=0:1:2 -q) && [ -s "$TMP/results/ishigami-sweep/runs.csv" ] \
  && ok "default output dir results/<scenario>-sweep/" || not_ok "default output dir"
(cd "$TMP" && "$ACCORD" sweep "$SRC/$S" --vary x1=0:1:3 --shard 1/2 -q) && [ "$(wc -l < "$TMP/results/ishigami-sweep-shard-1-of-2/runs.csv")" -eq 2 ] \
  && ok "default output dir of a shard results/<scenario>-sweep-shard-<i>-of-<N>/" || not_ok "default shard dir"
expect_exit 2 "already holds a sweep: continue it with --resume" "an existing sweep is not overwritten" -- "$ACCORD" sweep $S --vary x1=0:1:2 --out "$TMP/results/ishigami-sweep"
if ls -A "$TMP/f" | grep -q '\.tmp\.'; then not_ok "no temporary files left"; else ok "no temporary files left"; fi

# ---- progress line: on a terminal only
"$ACCORD" sweep $S --vary x1=0:1:20 --out "$TMP/p1" 2> "$TMP/p1.err" >/dev/null
[ -s "$TMP/p1.err" ] && not_ok "no progress line when stderr is not a terminal" "$(cat "$TMP/p1.err")" || ok "no progress line when stderr is not a terminal"
if command -v script >/dev/null; then
  script -qec "$ACCORD sweep $S --vary x1=0:1:20 --out $TMP/p2" /dev/null > "$TMP/p2.out" 2>&1
  grep -q "20/20 runs .* runs/s  ETA .* 0 failed" "$TMP/p2.out" && ok "progress line on a terminal: done/total, runs/s, ETA, failures" || not_ok "progress line" "$(cat "$TMP/p2.out")"
else
  echo "ok - progress line on a terminal # skipped: no script(1)"
fi
finish
