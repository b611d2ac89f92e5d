#!/usr/bin/env bash
# An option that takes one value, given twice, is a usage error (exit 2)
# naming both values, on every verb, as `--set NAME` given twice is: the
# last one no longer wins silently (`accord run x.lua --seed 1 ... --seed 2`
# ran seed 2). Options that add up (--set, --outcome) still repeat.
. "$(dirname "$0")/lib.sh"

S=tests/scenarios/tiny.lua
"$ACCORD" run "$S" --out "$TMP/a" -q || not_ok "run tiny"
"$ACCORD" run "$S" --out "$TMP/b" --seed 2 -q || not_ok "run tiny"

twice() { # OPTION A B DESCRIPTION -- command...
  local opt=$1 a=$2 b=$3 desc=$4; shift 5
  expect_exit 2 "^accord: $opt is given twice \('$a' and '$b'\): give it once" "$desc" -- "$@"
}
twice --seed 1 2 "run --seed twice" -- "$ACCORD" run "$S" --out "$TMP/r" --seed 1 -q --seed 2
twice --seed 3 3 "run --seed twice, same value" -- "$ACCORD" run "$S" --out "$TMP/r" --seed=3 --seed 3
twice --run 0 1 "run --run twice" -- "$ACCORD" run "$S" --out "$TMP/r" --run 0 --run 1
twice --out "$TMP/r" "$TMP/s" "run --out twice" -- "$ACCORD" run "$S" --out "$TMP/r" --out "$TMP/s"
twice --time-limit 5 6 "check --time-limit twice" -- "$ACCORD" check "$S" --time-limit 5 --time-limit 6
twice --memory-limit 64 128 "params --memory-limit twice" -- "$ACCORD" params "$S" --memory-limit 64 --memory-limit 128
twice --events all none "run --events twice" -- "$ACCORD" run "$S" --out "$TMP/r" --events all --events none
twice --level 0.9 0.95 "compare --level twice" -- "$ACCORD" compare "$TMP/a" "$TMP/b" --out "$TMP/c" --level 0.9 --level 0.95
twice --out "$TMP/c" "$TMP/d" "compare --out twice" -- "$ACCORD" compare "$TMP/a" "$TMP/b" --out "$TMP/c" --out "$TMP/d"
twice --jurisdiction all eu "compare --jurisdiction twice" -- "$ACCORD" compare "$TMP/a" "$TMP/b" --jurisdiction all --jurisdiction eu
twice --format png svg "plot --format twice" -- "$ACCORD" plot "$TMP/a" --format png --format svg
twice --figure x y "plot --figure twice" -- "$ACCORD" plot "$TMP/a" --figure x --figure y
twice --out "$TMP/1.html" "$TMP/2.html" "report --out twice" -- "$ACCORD" report "$TMP/a" --out "$TMP/1.html" --out "$TMP/2.html"
twice --years 2 3 "demo --years twice" -- "$ACCORD" demo --out "$TMP/demo" --years 2 --years 3
# live: a scenario that does not load, so a server never starts (the timeout only guards)
printf 'return scenario { years = 1, jurisdictions = {} }\n' > "$TMP/bad.lua"
twice --rate 5 6 "live --rate twice" -- timeout 20 "$ACCORD" live "$TMP/bad.lua" --listen 127.0.0.1:0 --rate 5 --rate 6
twice -j 1 2 "live -j and --jobs" -- timeout 20 "$ACCORD" live "$TMP/bad.lua" --listen 127.0.0.1:0 -j 1 --jobs 2
# sweep, calibrate, discover and merge (their parsers read many options each)
I=tests/scenarios/ishigami.lua
twice --seed 1 2 "sweep --seed twice" -- "$ACCORD" sweep "$I" --vary x1 --out "$TMP/sw" --seed 1 --seed=2
twice -j 2 3 "sweep -jN and --jobs" -- "$ACCORD" sweep "$I" --vary x1 --out "$TMP/sw" -j2 --jobs 3
twice -j 2 1 "sweep -j=N and -j N" -- "$ACCORD" sweep "$I" --vary x1 --out "$TMP/sw" -j=2 -j 1
twice --samples 4 5 "sweep --samples twice" -- "$ACCORD" sweep "$I" --vary x1 --design lhs --out "$TMP/sw" --samples=4 --samples 5
twice --samples 4 5 "calibrate --samples twice" -- "$ACCORD" calibrate "$I" --targets data/targets.csv --out "$TMP/cal" --samples 4 --samples 5
twice --outcome a b "discover --outcome twice" -- "$ACCORD" discover "$TMP/a" --out "$TMP/disc" --outcome a --outcome b
twice --out "$TMP/m1" "$TMP/m2" "merge --out twice" -- "$ACCORD" merge "$TMP/a" --out "$TMP/m1" --out "$TMP/m2"
expect_exit 2 "^accord: --cutoff needs a number in \(0, 1000000\], got '0x10'" "calibrate --cutoff is decimal (no hexadecimal)" -- \
  "$ACCORD" calibrate "$I" --targets data/targets.csv --out "$TMP/cal" --cutoff 0x10
for d in sw cal disc m1 m2; do [ ! -e "$TMP/$d" ] || not_ok "a refused $d command wrote $TMP/$d"; done
[ ! -e "$TMP/r" ] && [ ! -e "$TMP/c" ] && [ ! -e "$TMP/demo" ] && ok "nothing was written" || not_ok "a refused command wrote files"

# options that add up still repeat
expect_exit 0 "" "run --set twice (two parameters)" -- "$ACCORD" run "$S" --out "$TMP/r2" -q \
  --set strict=0.5 --set years=2
expect_exit 0 "" "run --quiet twice" -- "$ACCORD" run "$S" --out "$TMP/r3" -q --quiet
expect_exit 0 "" "sweep --vary and --set twice, --resume-like flags twice" -- "$ACCORD" sweep "$I" \
  --vary x1 --vary x2 --set x3=1 --dry-run --dry-run -q

finish
