#!/usr/bin/env bash
# accord live's numeric options are decimal, as every option's number
# (README: "no hexadecimal, no spaces around them"): --time-limit, --rate and
# --max-work refuse hexadecimal (strtod reads "0x10" as 16), leading spaces,
# inf and nan with exit 2. The scenario does not load, so a value the parser
# takes anyway ends in that error instead (and never in a listening server;
# the timeout only guards against one).
. "$(dirname "$0")/../lib.sh"

printf 'return scenario { years = 1, jurisdictions = {} }\n' > "$TMP/bad.lua"
S="$TMP/bad.lua"
for opt in --time-limit --rate --max-work; do
  for bad in 0x10 0X1p4 " 5" "5 " inf nan 1e; do
    expect_exit 2 "^accord: $opt needs .*got '$bad'" "live $opt '$bad' exits 2" -- \
      timeout 20 "$ACCORD" live "$S" --listen 127.0.0.1:0 "$opt" "$bad"
  done
done
# the decimal forms the options document still pass the parser: the scenario
# is what stops these (exit 2, before listening)
expect_exit 2 "no jurisdictions" "--time-limit 1e1 --rate 0.5 --max-work 0 are accepted" -- \
  timeout 20 "$ACCORD" live "$TMP/bad.lua" --listen 127.0.0.1:0 --time-limit 1e1 --rate 0.5 --max-work 0

# --port-file where it cannot be written: exit 3 naming why (written
# atomically, as every output: a script polling for it never reads half)
expect_exit 3 "cannot write the port file: .*No such file or directory" \
  "--port-file in a missing folder exits 3 with the reason" -- \
  timeout 20 "$ACCORD" live scenarios/baseline.lua --listen 127.0.0.1:0 --port-file "$TMP/none/port"
ls -a "$TMP" | grep -q '\.tmp\.' && not_ok "a temporary file was left" || ok "no temporary file left"

finish
