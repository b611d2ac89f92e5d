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

# --port-file naming a symbolic link (/dev/stdout, say) or a pipe is written
# through: renaming over it replaced the link (as root, /dev/stdout itself)
: > "$TMP/target"
ln -s "$TMP/target" "$TMP/link"
"$ACCORD" live scenarios/baseline.lua --listen 127.0.0.1:0 --port-file "$TMP/link" > "$TMP/link.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do [ -s "$TMP/target" ] && break; kill -0 $pid 2>/dev/null || break; sleep 0.05; done
kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null
[ -L "$TMP/link" ] && grep -qxE '[0-9]+' "$TMP/target" && ok "--port-file through a symbolic link: the link stays, its target gets the port" \
  || not_ok "--port-file through a symbolic link" "$(ls -l "$TMP/link" 2>&1); $(cat "$TMP/link.log")"
mkfifo "$TMP/fifo"
"$ACCORD" live scenarios/baseline.lua --listen 127.0.0.1:0 --port-file "$TMP/fifo" > "$TMP/fifo.log" 2>&1 &
pid=$!
port=$(timeout 20 cat "$TMP/fifo")
kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null
[ -p "$TMP/fifo" ] && echo "$port" | grep -qxE '[0-9]+' && ok "--port-file a named pipe: the port is read from it" \
  || not_ok "--port-file a named pipe" "port '$port'; $(cat "$TMP/fifo.log")"

finish
