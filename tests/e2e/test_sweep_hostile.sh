#!/usr/bin/env bash
# accord sweep against hostile and unlucky inputs: sweep files whose returned
# table raises, loops or is stuck inside C while it is read (the coordinator
# reports them: exit 2 for an error, 1 for the time limit; never aborts or
# hangs); parameters and outcomes named
# like output columns (every output still written, on resume too); runs
# stuck inside C, looping in Lua or returning tables whose metamethods raise
# or loop (recorded as failed runs, the other runs' results kept); the
# default per-run wall-clock limit. Every command runs under timeout(1): a
# hang is a failure, not a stuck test suite.
. "$(dirname "$0")/lib.sh"

D=tests/scenarios/sweep
H=$D/hostile_model.lua

# run_t SECONDS OUT -- command...: run it with a time limit; sets rc and out
run_t() {
  local t=$1 o=$2
  shift 3
  timeout -k 5 "$t" "$@" > "$o" 2>&1; rc=$?
}

# ---- 1. hostile sweep files: the coordinator reads the returned table inside a
#         protected call with a time limit
check_file() { # CODE FILE EXTRA_ARGS PATTERN DESCRIPTION
  local code=$1 f=$2 args=$3 pat=$4 desc=$5
  # shellcheck disable=SC2086
  run_t 60 "$TMP/sf.out" -- "$ACCORD" sweep "$D/$f" $args --out "$TMP/sf" -q
  if [ "$rc" -eq "$code" ] && grep -qE -- "$pat" "$TMP/sf.out" && [ ! -e "$TMP/sf" ]; then
    ok "$desc"
  else
    not_ok "$desc" "exit $rc (134: aborted, 124: hung); $(head -3 "$TMP/sf.out")"
  fi
}
check_file 2 bad_index.lua "" "bad_index.lua: reading the table the sweep file returned: .*bad_index.lua:4: no key design" \
  "sweep file whose __index raises: a usage error naming file:line, no abort"
check_file 2 bad_vary.lua "" "bad_vary.lua:3: vary entry" "sweep file whose vary entry's __index raises"
check_file 1 loop_index.lua "--time-limit 1" "loop_index.lua:4: time limit of 1 s exceeded" \
  "sweep file whose __index loops: stopped by --time-limit (exit 1)"
check_file 1 loop_len.lua "--time-limit 1" "loop_len.lua:3: time limit of 1 s exceeded" \
  "sweep file whose outcome list's __len loops: stopped by --time-limit"
check_file 1 loop_index.lua "" "time limit of 10 s exceeded" \
  "sweep file whose __index loops: stopped by the default time limit"
check_file 1 stuck_file.lua "--time-limit 0.5" "stuck_file.lua \(planning the sweep\): $D/stuck_file.lua:4: time limit of 0.5 s exceeded and the script did not stop \(stuck in string.find" \
  "sweep file stuck inside C: the coordinator ends (exit 1, at the pattern's line) instead of hanging"

# ---- 2. parameters and outcomes named like output columns
# colnames.lua: parameters mean and sd; outcomes mean, n, status, outcome, sd, ci_lo
run_t 60 "$TMP/c.out" -- "$ACCORD" sweep $D/colnames.lua --vary mean=0:1:3 --vary sd=0,1 --reps 2 --out "$TMP/c" -q -j 2
if [ "$rc" -eq 0 ] && [ -s "$TMP/c/runs.csv" ] && [ -s "$TMP/c/points.csv" ] && [ -s "$TMP/c/manifest.json" ] && [ -s "$TMP/c/failures.csv" ]; then
  ok "parameters and outcomes named like columns: the sweep writes every output"
else
  not_ok "column-named sweep outputs" "exit $rc; $(cat "$TMP/c.out"); $(ls "$TMP/c" 2>&1)"
fi
head -1 "$TMP/c/runs.csv" 2>/dev/null | grep -qx 'run,point,rep,seed,status,param_mean,param_sd,ci_lo,mean,n,outcome,sd,out_status' \
  && ok "runs.csv: param_<name> for parameters, out_<name> for outcomes named like other columns" \
  || not_ok "runs.csv header" "$(head -1 "$TMP/c/runs.csv" 2>&1)"
head -1 "$TMP/c/points.csv" 2>/dev/null | grep -qx 'point,param_mean,param_sd,outcome,n,mean,sd,ci_lo,ci_hi' \
  && ok "points.csv: the parameter columns are param_mean, param_sd" || not_ok "points.csv header" "$(head -1 "$TMP/c/points.csv" 2>&1)"
head -1 "$TMP/c/failures.csv" 2>/dev/null | grep -qx 'run,point,rep,seed,status,param_mean,param_sd,message' \
  && ok "failures.csv: the same parameter columns" || not_ok "failures.csv header" "$(head -1 "$TMP/c/failures.csv" 2>&1)"
# point 2: mean = 0.5, sd = 0; its outcome 'mean' is 5 in both replications
grep -q '^2,0.5,0,mean,2,5,0,5,5$' "$TMP/c/points.csv" 2>/dev/null && grep -q '^4,2,0,1,ok,0.5,0,-1,5,3,0.5,7,1$' "$TMP/c/runs.csv" 2>/dev/null \
  && ok "an outcome named mean is summarised like any other" || not_ok "outcome 'mean' values" "$(grep '^2,' "$TMP/c/points.csv" 2>&1 | head -3)"
grep -q '"column": "param_mean"' "$TMP/c/manifest.json" 2>/dev/null && ok "manifest.json names the renamed column" || not_ok "manifest column"
cp "$TMP/c/runs.csv" "$TMP/c-runs.csv" 2>/dev/null
run_t 60 "$TMP/c2.out" -- "$ACCORD" sweep $D/colnames.lua --vary mean=0:1:3 --vary sd=0,1 --reps 2 --out "$TMP/c" -q -j 2 --resume
[ "$rc" -eq 0 ] && cmp -s "$TMP/c/runs.csv" "$TMP/c-runs.csv" && [ -s "$TMP/c/points.csv" ] \
  && ok "--resume of such a sweep writes the same outputs" || not_ok "resume with column-named parameters" "exit $rc; $(cat "$TMP/c2.out")"
# outcomes named mean and n alone (the varied parameter is named like no column)
run_t 60 "$TMP/c3.out" -- "$ACCORD" sweep $D/colnames.lua --vary x=0,1 --set mean=0.3 --outcomes mean,n --out "$TMP/c3" -q -j 1
[ "$rc" -eq 0 ] && head -1 "$TMP/c3/runs.csv" | grep -qx 'run,point,rep,seed,status,x,mean,n' \
  && grep -q '^0,0,mean,1,3,NA,NA,NA$' "$TMP/c3/points.csv" && grep -q '^1,1,mean,1,4,NA,NA,NA$' "$TMP/c3/points.csv" \
  && ok "--outcomes mean,n: outcomes named like points.csv columns" || not_ok "outcome mean selected" "exit $rc; $(cat "$TMP/c3.out"); $(cat "$TMP/c3/points.csv" 2>&1)"

# accord run of the same model: summary.csv names the outcomes that clash with a
# parameter out_<name>, as runs.csv does (the run failed with "column 8 repeats an
# earlier name" and wrote no manifest)
run_t 60 "$TMP/c4.out" -- "$ACCORD" run $D/colnames.lua --out "$TMP/c4" -q
[ "$rc" -eq 0 ] && head -1 "$TMP/c4/summary.csv" | grep -qx 'scenario,seed,run,mean,sd,x,ci_lo,out_mean,n,outcome,out_sd,status' \
  && [ -s "$TMP/c4/manifest.json" ] && ok "accord run: outcomes named like parameters are out_<name> in summary.csv" \
  || not_ok "accord run of colnames.lua" "exit $rc; $(cat "$TMP/c4.out"); $(head -1 "$TMP/c4/summary.csv" 2>&1)"

# ---- 3. runs that hang or misbehave: recorded failures, the others kept
# hostile_model.lua: mode 0 normal, 1 stuck inside C, 2 endless Lua loop,
# 3/4 tables.t() returning a table whose __index raises / loops, 5 outcomes
# in a table with a raising __index (read raw: a normal run)
hostile_checks() { # DIR DESCRIPTION STUCK_STATUS
  local d=$1 desc=$2 st=$3
  [ "$rc" -eq 1 ] || { not_ok "$desc: exit 1" "exit $rc (124: hung); $(head -3 "$TMP/w.out")"; return; }
  ok "$desc: the sweep finishes, exit 1"
  [ "$(wc -l < "$d/runs.csv")" -eq 13 ] && grep -q '^0,0,0,1,ok,0,0.25,1.5$' "$d/runs.csv" && grep -q '^1,1,0,1,ok,0,0.75,2.5$' "$d/runs.csv" \
    && grep -q '^10,10,0,1,ok,5,0.25,1.5$' "$d/runs.csv" && grep -q '^11,11,0,1,ok,5,0.75,2.5$' "$d/runs.csv" \
    && ok "$desc: the other runs' results are in runs.csv" || not_ok "$desc: runs.csv" "$(cat "$d/runs.csv")"
  grep -Eq "^2,2,0,1,$st,1,0.25," "$d/failures.csv" && grep -Eq "^3,3,0,1,$st,1,0.75," "$d/failures.csv" \
    && ok "$desc: runs stuck inside C recorded as $st" || not_ok "$desc: stuck runs" "$(cat "$d/failures.csv")"
  grep -Eq '^4,4,0,1,(limit|timeout),2,0.25,' "$d/failures.csv" && ok "$desc: a Lua loop is recorded" || not_ok "$desc: Lua loop" "$(cat "$d/failures.csv")"
  grep -q '^6,6,0,1,error,3,0.25,"tests/scenarios/sweep/hostile_model.lua:[0-9]*: hostile __index in tables.t' "$d/failures.csv" \
    && ok "$desc: a model table whose __index raises is an error run" || not_ok "$desc: raising __index" "$(cat "$d/failures.csv")"
  grep -Eq '^8,8,0,1,(limit|timeout),4,0.25,' "$d/failures.csv" && ok "$desc: a model table whose __index loops is stopped" \
    || not_ok "$desc: looping __index" "$(cat "$d/failures.csv")"
  [ "$(grep -c ',crash,' "$d/runs.csv")" -eq 0 ] && ok "$desc: no worker crashed" || not_ok "$desc: crashes" "$(grep crash "$d/failures.csv")"
  grep -q '"failed": 8' "$d/manifest.json" && [ -s "$d/points.csv" ] && ok "$desc: points.csv and manifest.json written" || not_ok "$desc: outputs"
}
# a script stuck inside C is ended by the sandbox's watchdog, like accord run
# does, even without a run timeout: 'limit'
run_t 120 "$TMP/w.out" -- "$ACCORD" sweep $H --vary mode=0,1,2,3,4,5 --vary x=0.25,0.75 --time-limit 0.5 --run-timeout 0 --out "$TMP/w1" -q -j 2
hostile_checks "$TMP/w1" "stuck in C, Lua time limit 0.5 s, no run timeout" limit
grep -q '^2,2,0,1,limit,1,0.25,"time limit of 0.5 s exceeded and the script did not stop (stuck inside C' "$TMP/w1/failures.csv" \
  && ok "a run stuck inside C says so in failures.csv" || not_ok "stuck message" "$(grep '^2,' "$TMP/w1/failures.csv")"
# the wall-clock limit kills the worker first: 'timeout'
run_t 120 "$TMP/w.out" -- "$ACCORD" sweep $H --vary mode=0,1,2,3,4,5 --vary x=0.25,0.75 --time-limit 30 --run-timeout 1.5 --out "$TMP/w2" -q -j 2
hostile_checks "$TMP/w2" "--run-timeout 1.5 s before the Lua limit" timeout
grep -q '^2,2,0,1,timeout,1,0.25,run exceeded the time limit of 1.5 s (--run-timeout); killed' "$TMP/w2/failures.csv" \
  && ok "a run past --run-timeout: its worker killed, recorded as timeout" || not_ok "timeout message" "$(grep '^2,' "$TMP/w2/failures.csv")"

# ---- 4. the options
expect_exit 0 "record it as 'timeout' \\(default 3600; 0: no limit\\)" "sweep --help documents the default run timeout" -- "$ACCORD" sweep --help
expect_exit 0 "--time-limit S" "sweep --help documents --time-limit" -- "$ACCORD" sweep --help
expect_exit 2 "--run-timeout needs seconds in \[0, 10000000\]" "bad --run-timeout" -- "$ACCORD" sweep $H --run-timeout -1
expect_exit 2 "--time-limit needs seconds in \(0, 86400\]" "bad --time-limit" -- "$ACCORD" sweep $H --time-limit 0
finish
