#!/usr/bin/env bash
# accord live loaded the scenario twice for each run it made: once to know
# the run's size (--max-work) and again in acc_rundir to run it. Now the
# worker loads it once and hands it to acc_rundir (acc_rundir_opts.loaded):
# under strace, one uncached request with one new run opens the scenario
# file once. Skipped only when strace is not installed.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/live_lib.sh"

command -v curl > /dev/null || { echo "curl is needed"; exit 1; }
if ! command -v strace > /dev/null 2>&1; then
  echo "skipped: strace not installed (this check counts the scenario's opens with it)"
  exit 0
fi
pf="$TMP/port"
# LeakSanitizer cannot run under ptrace: in the sanitizer build its check at
# exit would fail the server's stop (the leak checks run in every other test)
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -qq -e trace=open,openat -o "$TMP/strace.txt" \
  "$ACCORD" live scenarios/baseline.lua -j 1 --rate 0 --listen 127.0.0.1:0 --port-file "$pf" > "$TMP/server.log" 2>&1 &
STRACE_PID=$!
for _ in $(seq 1 200); do [ -s "$pf" ] && break; kill -0 "$STRACE_PID" 2>/dev/null || break; sleep 0.05; done
# the server is strace's child: signals go to it (SIGTERM to strace would
# detach and leave the server running); strace exits with its status
SERVER_PID=$(ps -o pid= --ppid "$STRACE_PID" | head -1 | tr -d ' ')
trap '[ -n "$SERVER_PID" ] && kill -TERM "$SERVER_PID" 2>/dev/null; wait "$STRACE_PID" 2>/dev/null; rm -rf "$TMP"' EXIT
LIVE_PORT=$(cat "$pf" 2>/dev/null)
LIVE_URL="http://127.0.0.1:$LIVE_PORT"
[ -n "$LIVE_PORT" ] || { not_ok "server starts under strace" "$(cat "$TMP/server.log")"; finish; exit 1; }
opens() { grep -c '"scenarios/baseline.lua"' "$TMP/strace.txt"; }

# the defaults of seed 5 first (one run), so the next request makes one run only
expect_code 200 "the defaults, seed 5" "/api/run?seed=5&compare=0"
expect_code 200 "the defaults again, from the cache" "/api/run?seed=5&compare=0"
json 'd["cached"]' | grep -q True || not_ok "the second request is answered from the cache"
n0=$(opens)
expect_code 200 "a new value, seed 5: one new run" "/api/run?seed=5&eu_stringency=0.77&compare=0"
json 'd["cached"]' | grep -q False || not_ok "the request made a run"
n1=$(opens)
[ $((n1 - n0)) = 1 ] && ok "one uncached request (one run) opens the scenario once" \
  || not_ok "scenario opened $((n1 - n0)) times for one run" "$(grep '"scenarios/baseline.lua"' "$TMP/strace.txt" | tail -4)"
# still refused over --max-work, and a bad value still 400 with accord run's message
expect_code 400 "a value outside its range is a 400" "/api/run?seed=5&years=0.5"
json 'd["error"]' | grep -q "scenarios/baseline.lua" && ok "with the scenario's own message" || not_ok "400 message" "$(json 'd["error"]')"
expect_code 422 "a run over --max-work is refused" "/api/run?seed=5&scale=10&years=40"
kill -TERM "$SERVER_PID"
wait "$STRACE_PID"
rc=$?
SERVER_PID=""
[ "$rc" = 0 ] && ok "clean stop" || not_ok "stop" "$rc $(tail -3 "$TMP/server.log")"
finish
