#!/usr/bin/env bash
# accord run / check / params / fields on real scenarios: files, columns,
# byte-identical reruns, seeds, overrides, help and version.
. "$(dirname "$0")/lib.sh"

expect_exit 0 "^accord [0-9]" "--version prints the version" -- "$ACCORD" --version
expect_exit 0 "exit codes" "--help documents exit codes" -- "$ACCORD" --help
expect_exit 0 "--seed N" "run --help" -- "$ACCORD" run --help
expect_exit 2 "unknown verb" "unknown verb exits 2" -- "$ACCORD" frobnicate
expect_exit 2 "unknown option" "unknown option exits 2" -- "$ACCORD" run tests/scenarios/tiny.lua --bogus
expect_exit 3 "cannot read" "missing scenario exits 3" -- "$ACCORD" run "$TMP/nope.lua"
expect_exit 2 "--seed needs" "bad seed exits 2" -- "$ACCORD" run tests/scenarios/tiny.lua --seed -4

expect_exit 0 "" "run tiny" -- "$ACCORD" run tests/scenarios/tiny.lua --out "$TMP/a" --seed 7 --quiet
for f in timeseries.csv events.csv summary.csv manifest.json; do
  if [ -s "$TMP/a/$f" ]; then ok "run writes $f"; else not_ok "run writes $f"; fi
done
if ls -A "$TMP/a" | grep -q '\.tmp\.'; then not_ok "no temporary files left"; else ok "no temporary files left"; fi

head -1 "$TMP/a/timeseries.csv" | grep -q '^step,year,jurisdiction,deployed,' && ok "timeseries header" || not_ok "timeseries header" "$(head -1 "$TMP/a/timeseries.csv")"
# 2 years x 12 steps x (2 jurisdictions + all) rows + header
rows=$(wc -l < "$TMP/a/timeseries.csv")
[ "$rows" -eq $((24 * 3 + 1)) ] && ok "timeseries has 24 steps x 3 rows" || not_ok "timeseries rows" "got $rows"
grep -q ',all,' "$TMP/a/timeseries.csv" && ok "timeseries has the all row" || not_ok "all row"
head -1 "$TMP/a/events.csv" | grep -q '^step,year,event,developer,kind,home,jurisdiction,path,value,lag,harm,detail,other,exposure$' && ok "events header" || not_ok "events header"
head -1 "$TMP/a/summary.csv" | grep -q '^scenario,seed,run,years,strict,' && ok "summary header starts with params" || not_ok "summary header" "$(head -1 "$TMP/a/summary.csv")"
[ "$(wc -l < "$TMP/a/summary.csv")" -eq 2 ] && ok "summary has one row" || not_ok "summary rows"
grep -q '"sha256"' "$TMP/a/manifest.json" && grep -q '"seed": 7' "$TMP/a/manifest.json" && grep -q '"start_time"' "$TMP/a/manifest.json" \
  && ok "manifest records hash, seed, times" || not_ok "manifest contents"
sha=$(sha256sum tests/scenarios/tiny.lua | cut -d' ' -f1)
grep -q "$sha" "$TMP/a/manifest.json" && ok "manifest scenario SHA-256 is the file's" || not_ok "manifest sha256"

"$ACCORD" run tests/scenarios/tiny.lua --out "$TMP/b" --seed 7 --quiet
same=1
for f in timeseries.csv events.csv summary.csv; do cmp -s "$TMP/a/$f" "$TMP/b/$f" || same=0; done
[ $same -eq 1 ] && ok "same seed gives byte-identical CSVs" || not_ok "determinism"

"$ACCORD" run tests/scenarios/tiny.lua --out "$TMP/c" --seed 8 --quiet
cmp -s "$TMP/a/events.csv" "$TMP/c/events.csv" && not_ok "another seed changes the events" || ok "another seed changes the events"

"$ACCORD" run tests/scenarios/tiny.lua --out "$TMP/d" --seed 7 --set strict=0.9 --set risk.base_hazard=0.5 --set aa.audit_rate=0.5 --quiet
grep -q '"overridden": true' "$TMP/d/manifest.json" && grep -q '"risk.base_hazard": 0.5' "$TMP/d/manifest.json" \
  && ok "--set overrides are recorded in the manifest" || not_ok "--set in manifest"
expect_exit 2 "outside the declared range \[0, 1\]" "--set out of declared range" -- "$ACCORD" run tests/scenarios/tiny.lua --out "$TMP/e" --set strict=2
expect_exit 2 "no such parameter .*declared: years, strict" "--set of an unknown name" -- "$ACCORD" run tests/scenarios/tiny.lua --out "$TMP/e" --set strictness=2
expect_exit 2 "stringency must be in \[0, 1\], got 3" "--set of a model field out of range" -- "$ACCORD" run tests/scenarios/tiny.lua --out "$TMP/e" --set aa.stringency=3
[ -e "$TMP/e" ] && not_ok "a rejected run writes nothing" || ok "a rejected run writes nothing"

expect_exit 0 "ok — scenario 'tiny'" "check a valid scenario" -- "$ACCORD" check tests/scenarios/tiny.lua
expect_exit 0 "strict +0.6 +\[0, 1\]" "params lists declared parameters" -- "$ACCORD" params tests/scenarios/tiny.lua
expect_exit 0 "^years,2,0.5,20," "params --csv" -- "$ACCORD" params tests/scenarios/tiny.lua --csv
expect_exit 0 "risk.base_hazard" "fields lists model fields" -- "$ACCORD" fields

# any sweep run is reproducible alone: replication r = accord run --run r
"$ACCORD" sweep tests/scenarios/tiny.lua --vary strict=0.5,0.7 --reps 2 --seed 3 --out "$TMP/sw" -q
"$ACCORD" run tests/scenarios/tiny.lua --seed 3 --run 1 --set strict=0.7 --out "$TMP/r1" -q
python3 - "$TMP/sw/runs.csv" "$TMP/r1/summary.csv" <<'PY' && ok "accord run --run 1 reproduces sweep replication 1" || not_ok "run --run reproduces a sweep run"
import csv, sys
runs = list(csv.DictReader(open(sys.argv[1])))
r = [x for x in runs if x["rep"] == "1" and float(x["strict"]) == 0.7][0]
s = list(csv.DictReader(open(sys.argv[2])))[0]
keys = [k for k in s if k in r and k not in ("scenario", "seed", "run")]
sys.exit(0 if len(keys) > 40 and all(r[k] == s[k] for k in keys) else 1)
PY
expect_exit 2 "--run needs a whole number" "bad --run exits 2" -- "$ACCORD" run tests/scenarios/tiny.lua --run x

# script log lines go to log.txt (and stderr unless --quiet)
out=$("$ACCORD" run scenarios/geopolitical_shock.lua --out "$TMP/g" --quiet 2>&1)
[ -z "$out" ] && ok "--quiet prints nothing" || not_ok "--quiet prints nothing" "$out"
grep -q "sharing us <-> eu suspended" "$TMP/g/log.txt" && ok "policy log lines land in log.txt" || not_ok "log.txt"
grep -q '"log.txt"' "$TMP/g/manifest.json" && ok "manifest lists log.txt with its hash" || not_ok "manifest log.txt"
out=$("$ACCORD" run scenarios/geopolitical_shock.lua --out "$TMP/g2" 2>&1 >/dev/null)
echo "$out" | grep -q "sharing us <-> eu suspended" && ok "log lines echo to stderr" || not_ok "log echo" "$out"
# a function model (pure Lua) writes its summary and tables
expect_exit 0 "function model, 7 outcomes" "function-model scenario runs" -- "$ACCORD" run scenarios/literature/han2020.lua --out "$TMP/h"
head -1 "$TMP/h/table_phase.csv" | grep -q '^s,p_r,freq_unsafe,p_r_risk,p_r_welfare' && ok "function model writes table_phase.csv" || not_ok "table_phase.csv"
[ ! -e "$TMP/h/timeseries.csv" ] && ok "function model writes no time series" || not_ok "function model timeseries"

# the default scenario runs and writes to results/<name>/ by default
(cd "$TMP" && cp -r "$SRC/scenarios" . && "$ACCORD" run scenarios/baseline.lua --quiet --set years=1) \
  && [ -s "$TMP/results/baseline/timeseries.csv" ] && ok "default output dir results/<name>/" || not_ok "default output dir"
finish
