#!/usr/bin/env bash
# Temporary files of the atomic writer (".NAME.tmp.<pid>.<8 hex>", io/atomic.c)
# that a killed writer left in an output directory: a run into the directory
# again, a sweep's --resume, a merge and a comparison remove those whose
# writer is gone, and keep a live writer's (this shell's pid) and the user's
# own files, even ones that look alike. SIGINT and SIGTERM stop `accord run`
# with exit 130 and leave no temporary file and the directory as it was.
. "$(dirname "$0")/lib.sh"

( exit 0 ) & dead=$!
wait "$dead"
kill -0 "$dead" 2>/dev/null && not_ok "pid $dead should be gone (reused already?)"
live=$$ # this shell: alive throughout

# plant DIR: a dead writer's temporary files, a live one's, and files of the
# user's that are not the writer's names
plant() {
  printf 'half a file\n' > "$1/.events.csv.tmp.$dead.0badc0de"
  printf 'half a file\n' > "$1/.timeseries.csv.tmp.$dead.12ab34cd"
  printf 'being written\n' > "$1/.runs.csv.tmp.$live.0badc0de"
  printf 'mine\n' > "$1/.notes.tmp.$dead.0badc0de.txt"
  printf 'mine\n' > "$1/notes.tmp.$dead.0badc0de"
  printf 'mine\n' > "$1/notes.txt"
}

# check WHAT DIR
check() {
  local what=$1 d=$2
  if [ ! -e "$d/.events.csv.tmp.$dead.0badc0de" ] && [ ! -e "$d/.timeseries.csv.tmp.$dead.12ab34cd" ]; then
    ok "$what: removes the temporary files of a writer that is gone"
  else
    not_ok "$what: a dead writer's temporary files are left" "$(ls -A "$d" | grep tmp | tr '\n' ' ')"
  fi
  [ -e "$d/.runs.csv.tmp.$live.0badc0de" ] && ok "$what: keeps a live writer's temporary file" \
    || not_ok "$what: removed a live writer's temporary file"
  [ -e "$d/.notes.tmp.$dead.0badc0de.txt" ] && [ -e "$d/notes.tmp.$dead.0badc0de" ] && [ -e "$d/notes.txt" ] \
    && ok "$what: keeps the user's files" || not_ok "$what: removed a user's file" "$(ls -A "$d" | tr '\n' ' ')"
}

# ---- accord run into the same --out
"$ACCORD" run tests/scenarios/tiny.lua --out "$TMP/run" -q || not_ok "first run"
plant "$TMP/run"
"$ACCORD" run tests/scenarios/tiny.lua --out "$TMP/run" --seed 2 -q && ok "run again" || not_ok "run again"
check "a run into the directory again" "$TMP/run"
grep -q '"seed": 2' "$TMP/run/manifest.json" && ok "the new run is there" || not_ok "the new run's manifest"

# ---- SIGINT and SIGTERM on accord run: exit 130, no temporary file left, and
# the directory as it was (the earlier run's files untouched)
cat > "$TMP/slowrun.lua" <<'EOF'
-- a small world that busy-waits at the end of every step: a run of a few seconds
local work = param { name = "work", default = 0, min = 0, max = 1e12, integer = true, doc = "loop iterations per step" }
return scenario {
  name = "slowrun",
  years = 20,
  jurisdictions = {
    jurisdiction { id = "aa", market = 5000, outside = 200, binding = true, stringency = 0.6 },
    jurisdiction { id = "bb", market = 8000, outside = 300, binding = false, stringency = 0.3 },
  },
  populations = {
    population { kind = "incumbent", home = "bb", count = 4 },
    population { kind = "startup", total = 60, shares = { aa = 0.4, bb = 0.6 } },
  },
  on_step_end = function(world)
    local s = 0
    for i = 1, work do s = s + i % 7 end
    world:record("s", s)
  end,
}
EOF
for sig in INT TERM; do
  d="$TMP/sig$sig"
  "$ACCORD" run "$TMP/slowrun.lua" --out "$d" -q || not_ok "SIG$sig: the earlier run"
  mkdir -p "$TMP/before$sig" && cp -p "$d"/* "$TMP/before$sig/"
  # a background job of this shell: SIGINT ignored from the start, caught anyway
  "$ACCORD" run "$TMP/slowrun.lua" --set work=3000000 --out "$d" -q 2> "$TMP/sig$sig.err" & pid=$!
  for _ in $(seq 1 400); do
    ls -A "$d" | grep -q "^\.timeseries\.csv\.tmp\.$pid\." && break
    sleep 0.05
  done
  sleep 0.3 # into the steps
  ls -A "$d" | grep -q "^\.events\.csv\.tmp\.$pid\." && ok "SIG$sig: the run is writing its temporary files" \
    || not_ok "SIG$sig: no temporary file seen while the run ran" "$(ls -A "$d" | tr '\n' ' ')"
  kill -"$sig" "$pid"
  wait "$pid"; rc=$?
  err=$(cat "$TMP/sig$sig.err")
  [ "$rc" -eq 130 ] && ok "SIG$sig: accord run exits 130" || not_ok "SIG$sig: exit code" "rc $rc: $err"
  echo "$err" | grep -qE "^accord: stopped by SIG$sig at step [0-9]+ of 240: the run did not finish; its unfinished files were removed\$" \
    && ok "SIG$sig: says where it stopped and that its files were removed" || not_ok "SIG$sig: message" "$err"
  ls -A "$d" | grep -q '\.tmp\.' && not_ok "SIG$sig: temporary files left" "$(ls -A "$d" | tr '\n' ' ')" \
    || ok "SIG$sig: no temporary file left"
  same=1
  for f in "$TMP/before$sig"/*; do cmp -s "$f" "$d/$(basename "$f")" || same=0; done
  [ "$(ls -A "$d" | wc -l)" -eq "$(ls -A "$TMP/before$sig" | wc -l)" ] || same=0
  [ $same -eq 1 ] && ok "SIG$sig: the earlier run's files are as they were" || not_ok "SIG$sig: the directory changed"
done

# ---- SIGINT while one Lua call runs (a step hook of 10^11 iterations, an
# hour or more): the call is cut short (the watchdog polls the signal at least once a
# second), the run exits 130 and leaves the directory as it was; also while
# the script itself loads (an endless loop at its top level)
d="$TMP/sigINT"
"$ACCORD" run "$TMP/slowrun.lua" --set work=100000000000 --out "$d" -q 2> "$TMP/long.err" & pid=$!
for _ in $(seq 1 400); do
  ls -A "$d" | grep -q "^\.timeseries\.csv\.tmp\.$pid\." && break
  sleep 0.05
done
sleep 0.5
kill -INT "$pid"
for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then
  kill -9 "$pid"; not_ok "SIGINT in a long Lua call: still running 20 s later"
fi
wait "$pid"; rc=$?
[ "$rc" -eq 130 ] && ok "SIGINT in a long Lua call: cut short, exit 130" || not_ok "SIGINT in a long Lua call" "rc $rc: $(cat "$TMP/long.err")"
grep -q "^accord: stopped by SIGINT at step 1 of 240" "$TMP/long.err" && ok "SIGINT in a long Lua call: says where" \
  || not_ok "SIGINT in a long Lua call: message" "$(cat "$TMP/long.err")"
ls -A "$d" | grep -q '\.tmp\.' && not_ok "SIGINT in a long Lua call: temporary files left" || ok "SIGINT in a long Lua call: no temporary file left"
printf 'local s = 0\nwhile true do s = s + 1 end\n' > "$TMP/endless.lua"
"$ACCORD" run "$TMP/endless.lua" --out "$TMP/endless" -q 2> "$TMP/endless.err" & pid=$!
sleep 1
kill -INT "$pid"
for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && { kill -9 "$pid"; not_ok "SIGINT while loading: still running 20 s later"; }
wait "$pid"; rc=$?
[ "$rc" -eq 130 ] && [ ! -e "$TMP/endless" ] && ok "SIGINT while the script loads: exit 130, nothing written" \
  || not_ok "SIGINT while loading" "rc $rc: $(cat "$TMP/endless.err")"

# ---- accord sweep --resume (a finished sweep: nothing to run, outputs written again)
S="tests/scenarios/ishigami.lua --vary x1=0:1:3 -q"
"$ACCORD" sweep $S --out "$TMP/sw" || not_ok "sweep"
plant "$TMP/sw"
"$ACCORD" sweep $S --out "$TMP/sw" --resume && ok "sweep --resume" || not_ok "sweep --resume"
check "a sweep's --resume" "$TMP/sw"

# ---- accord merge, again into its directory
"$ACCORD" sweep $S --shard 0/2 --out "$TMP/s0" || not_ok "shard 0"
"$ACCORD" sweep $S --shard 1/2 --out "$TMP/s1" || not_ok "shard 1"
"$ACCORD" merge "$TMP/s0" "$TMP/s1" --out "$TMP/m" -q || not_ok "merge"
plant "$TMP/m"
"$ACCORD" merge "$TMP/s0" "$TMP/s1" --out "$TMP/m" -q && ok "merge again" || not_ok "merge again"
check "a merge into the directory again" "$TMP/m"
cmp -s "$TMP/m/runs.csv" "$TMP/sw/runs.csv" && ok "the merge's runs.csv = the sweep's" || not_ok "merged runs.csv"

# ---- accord compare, again into its directory
"$ACCORD" run tests/scenarios/tiny.lua --out "$TMP/r2" --set strict=0.9 -q || not_ok "second run"
"$ACCORD" compare "$TMP/run" "$TMP/r2" --out "$TMP/cmp" --no-plot -q >/dev/null || not_ok "compare"
plant "$TMP/cmp"
"$ACCORD" compare "$TMP/run" "$TMP/r2" --out "$TMP/cmp" --no-plot -q >/dev/null && ok "compare again" || not_ok "compare again"
check "a comparison into the directory again" "$TMP/cmp"

# ---- accord plot, into the run's directory: its own temporaries (figures and
# the script gnuplot runs) are named like the writer's plus the format's
# extension, so a killed plot's are removed too, and a plot leaves none
plant "$TMP/run"
printf 'half a figure\n' > "$TMP/run/.timeseries_revenue.tmp.$dead.0000000a.png"
printf 'half a script\n' > "$TMP/run/.timeseries_revenue.tmp.$dead.0000000b.gp"
"$ACCORD" plot "$TMP/run" -q >/dev/null 2>"$TMP/plot.err"; rc=$?
[ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] && ok "plot (rc $rc: 3 is no gnuplot)" || not_ok "plot" "rc $rc: $(cat "$TMP/plot.err")"
check "a plot into the directory" "$TMP/run"
[ ! -e "$TMP/run/.timeseries_revenue.tmp.$dead.0000000a.png" ] && [ ! -e "$TMP/run/.timeseries_revenue.tmp.$dead.0000000b.gp" ] \
  && ok "plot: a killed plot's figure and script are removed" || not_ok "plot: a killed plot's files are left"
left=$(ls -A "$TMP/run" | grep '\.tmp\.' | grep -v "\.$live\.\|notes" || true)
[ -z "$left" ] && ok "plot: leaves no temporary file of its own" || not_ok "plot: temporary files left" "$left"

finish
