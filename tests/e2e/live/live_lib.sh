# Helpers for the `accord live` tests (sourced after ../lib.sh): start a
# server on 127.0.0.1 on a free port, talk to it with curl, stop it.
LIVE_PID=""
LIVE_PORT=""
trap 'live_stop; rm -rf "$TMP"' EXIT

# live_start SCENARIO [options...]: start a server; sets LIVE_PID, LIVE_PORT, LIVE_URL
live_start() {
  local pf="$TMP/port.$$.$RANDOM"
  rm -f "$pf"
  "$ACCORD" live "$@" --listen 127.0.0.1:0 --port-file "$pf" > "$TMP/server.log" 2>&1 &
  LIVE_PID=$!
  for _ in $(seq 1 100); do
    [ -s "$pf" ] && break
    kill -0 "$LIVE_PID" 2>/dev/null || break
    sleep 0.05
  done
  LIVE_PORT=$(cat "$pf" 2>/dev/null)
  LIVE_URL="http://127.0.0.1:$LIVE_PORT"
  [ -n "$LIVE_PORT" ]
}

# live_stop: SIGTERM, wait (at most 10 s, then SIGKILL); the exit code in LIVE_RC
# (not called in $(...): only this shell can wait for the server)
live_stop() {
  LIVE_RC=""
  [ -z "$LIVE_PID" ] && return 0
  local pid=$LIVE_PID
  LIVE_PID=""
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; LIVE_RC=137; return 0; fi
  wait "$pid"; LIVE_RC=$?
  # a sanitizer build reports there (server or worker): fail on it
  if grep -qE "ERROR: (Address|Leak)Sanitizer|runtime error:" "$TMP/server.log"; then
    not_ok "no sanitizer report from the server or its workers" "$(grep -E -m3 "Sanitizer|runtime error:" "$TMP/server.log")"
  fi
}

# code URLPATH [curl args...]: prints the HTTP status; the body goes to $TMP/body
code() {
  local path=$1
  shift
  curl -s --path-as-is -o "$TMP/body" -w '%{http_code}' "$@" "$LIVE_URL$path"
}

# expect_code WANT DESCRIPTION URLPATH [curl args...]
expect_code() {
  local want=$1 desc=$2 got
  shift 2
  got=$(code "$@")
  if [ "$got" = "$want" ]; then ok "$desc"; else not_ok "$desc" "HTTP $got, expected $want: $(head -c 300 "$TMP/body")"; fi
}

# json EXPR: evaluate a Python expression over the JSON in $TMP/body (as d)
json() {
  local out
  out=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$TMP/body")
  printf '%s\n' "$out"
}

# Headless Chromium for the page's tests: live_need_chrome sets $chrome (or
# fails the test: CI installs it); browse URL LOG [chromium args...] loads a
# page with a virtual time budget, stdout what chromium prints (--dump-dom),
# its log in LOG.
live_need_chrome() {
  chrome=""
  for c in chromium chromium-browser google-chrome; do command -v "$c" > /dev/null 2>&1 && { chrome=$c; break; }; done
  if [ -z "$chrome" ]; then
    echo "chromium is needed (Debian: apt-get install chromium)"
    exit 1
  fi
}
browse() {
  local url=$1 log=$2
  shift 2
  timeout 90 "$chrome" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d "$TMP/chrome.XXXXXX")" --enable-logging=stderr --v=0 \
    --virtual-time-budget=20000 "$@" "$url" 2> "$log"
}
