#!/usr/bin/env bash
# accord live's page in headless Chromium, found by an educator's trial:
# in a phone-sized window nothing is wider than the screen (on a 390 px
# phone the page was 603 px wide: a sideways scroll, the hint and the
# table's Change column cut off; headless Chromium's narrowest window is
# about 500 px, where the figures were 592 px);
# the address bar keeps the policy (a reload or the back button sent the
# defaults over the participant's dot); ?name= presets the name; a refused
# run says so above the table and dims the last run that worked (it stayed
# on screen, undimmed, beside sliders showing another policy, the error only
# in the status line below the controls); a run that gets no answer (the
# server stopped, restarting) or a 429 is sent again by itself (the page
# waited for a slider move, so after a restart the class view stayed empty);
# an idle page sends its request again every minute (an idle participant
# left the class view after an hour; after a restart the class view stayed
# empty until everyone moved a slider);
# the header says what world this is (the scenario's description) and marks
# the question (it read as a sentence starting mid-way, "in the world of
# 2024-25 —"), and a line says what blue and orange dashed are.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/live_lib.sh"

live_need_chrome

# --max-work 5: the defaults (10 years, about 4 million) run, 45 years do not
live_start scenarios/baseline.lua -j 2 --rate 0 --max-work 5 || { not_ok "server starts" "$(cat "$TMP/server.log")"; finish; exit 1; }
ok "server on port $LIVE_PORT"

browse "$LIVE_URL/?selftest=eu_stringency&name=Zo%C3%AB" "$TMP/phone.log" --dump-dom --window-size=390,844 > "$TMP/phone.dom"
result=$(grep -o 'selftest [A-Z]* [^<]*' "$TMP/phone.dom")
echo "$result"
echo "$result" | grep -q "^selftest PASS param=eu_stringency" && ok "the page works in a phone-sized window" \
  || not_ok "selftest on a phone" "$result $(grep -E 'CONSOLE|Uncaught' "$TMP/phone.log" | head -3)"
vw=$(echo "$result" | sed -n 's/.* vw=\([0-9]*\).*/\1/p')
fpx=$(echo "$result" | sed -n 's/.*fig_px=\([0-9]*\).*/\1/p')
echo "$result" | grep -q " overflow_px=0 " && [ "${fpx:-9999}" -le "${vw:-0}" ] \
  && ok "on a phone nothing is wider than the screen (${vw} px; figures ${fpx} px)" \
  || not_ok "phone width" "$result"
echo "$result" | grep -q " in_address=true " && ok "the moved slider's value is in the address bar (reload, back button)" \
  || not_ok "address keeps the policy" "$result"
expect_code 200 "GET /api/class" /api/class
json '[p["name"] for p in d["participants"]]' | grep -q "Zoë" && ok "?name=Zoë names the participant in the class view" \
  || not_ok "?name= preset" "$(json '[p["name"] for p in d["participants"]]')"

browse "$LIVE_URL/?selftest=years" "$TMP/refused.log" --dump-dom --window-size=1300,900 > "$TMP/refused.dom"
grep -q '<body[^>]*class="[^"]*stale' "$TMP/refused.dom" && ok "a refused run dims the last run that worked" \
  || not_ok "stale class" "$(grep -o '<body[^>]*>' "$TMP/refused.dom")"
notice=$(grep -o '<p id="notice"[^>]*>[^<]*</p>' "$TMP/refused.dom")
echo "$notice" | grep -q 'role="alert">Error 422: this run is too large' && echo "$notice" | grep -q 'not of the sliders above' \
  && ok "a refused run's message is above the table and says the numbers are not the sliders'" \
  || not_ok "notice" "$notice"
grep -q '<p id="description" class="description">Today.s fragmented world' "$TMP/phone.dom" \
  && grep -q '<strong>Question:</strong> <span id="question">in the world of 2024-25' "$TMP/phone.dom" \
  && ok "the header shows the scenario's description and marks its question" \
  || not_ok "description and question" "$(grep -o '<header>.\{0,300\}' "$TMP/phone.dom")"
grep -q 'id="howto"[^>]*>.*Blue, solid: your policy.*orange, dashed: every slider at its default' "$TMP/phone.dom" \
  && ok "a line says what the blue and the orange dashed lines are" || not_ok "how to read"
grep -q 'id="notice"[^>]*hidden' "$TMP/phone.dom" && ok "no notice when every run worked" \
  || not_ok "notice hidden" "$(grep -o '<p id="notice"[^>]*>' "$TMP/phone.dom")"

# through a proxy that drops the first /api/run (no answer at all, as from a
# stopped server) and answers the second 429 (Retry-After: 1): the page
# retries by itself, draws, and its selftest passes
python3 - "$LIVE_URL" "$TMP/proxy.port" "$TMP/proxy.log" <<'PY' &
import http.server, sys, urllib.error, urllib.request
target, portfile, logfile = sys.argv[1:4]
runs = 0
class Proxy(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass
    def do_GET(self):
        global runs
        if self.path.startswith("/api/run"):
            runs += 1
            with open(logfile, "a") as f:
                f.write("run %d\n" % runs)
            if runs == 1:  # no answer
                self.close_connection = True
                return
            if runs == 2:
                body = b'{"error": "too many requests", "status": 429}'
                self.send_response(429)
                self.send_header("Content-Type", "application/json")
                self.send_header("Retry-After", "1")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
        req = urllib.request.Request(target + self.path)
        if self.headers.get("Cookie"):
            req.add_header("Cookie", self.headers["Cookie"])
        try:
            r = urllib.request.urlopen(req, timeout=60)
        except urllib.error.HTTPError as e:
            r = e
        body = r.read()
        self.send_response(r.status if hasattr(r, "status") else r.code)
        for h in ("Content-Type", "Set-Cookie", "Retry-After"):
            if r.headers.get(h):
                self.send_header(h, r.headers[h])
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
with open(portfile + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
import os
os.rename(portfile + ".tmp", portfile)
srv.serve_forever()
PY
proxy_pid=$!
for _ in $(seq 1 100); do [ -s "$TMP/proxy.port" ] && break; sleep 0.05; done
browse "http://127.0.0.1:$(cat "$TMP/proxy.port")/?selftest=eu_stringency" "$TMP/retry.log" --dump-dom --window-size=1300,900 > "$TMP/retry.dom"
kill "$proxy_pid" 2>/dev/null; wait "$proxy_pid" 2>/dev/null
result=$(grep -o 'selftest [A-Z]* [^<]*' "$TMP/retry.dom")
echo "$result"
nruns=$(grep -c '^run ' "$TMP/proxy.log" 2>/dev/null)
echo "$result" | grep -q "^selftest PASS" && [ "${nruns:-0}" -ge 4 ] \
  && ok "a run with no answer, then a 429, is sent again by the page itself ($nruns runs through the proxy)" \
  || not_ok "retry after no answer and 429" "runs: ${nruns:-0}; $result $(grep -o '<p id="notice"[^>]*>[^<]*' "$TMP/retry.dom")"
grep -q 'id="notice"[^>]*hidden' "$TMP/retry.dom" && ok "the notice is gone once a run is answered" \
  || not_ok "notice after retry" "$(grep -o '<p id="notice"[^>]*>[^<]*' "$TMP/retry.dom")"

# an idle page: its request again every minute (virtual time: 130 s)
n0=$(grep -c 'GET /api/run ' "$TMP/server.log")
browse "$LIVE_URL/?name=Idle" "$TMP/idle.log" --dump-dom --window-size=1300,900 --virtual-time-budget=130000 > /dev/null
n=$(( $(grep -c 'GET /api/run ' "$TMP/server.log") - n0 ))
[ "$n" -ge 3 ] && ok "an idle page sends its request again every minute ($n requests in 130 s)" \
  || not_ok "heartbeat" "$n requests"
expect_code 200 "GET /api/class" /api/class
json '[p["name"] for p in d["participants"]]' | grep -q "Idle" && ok "the idle participant is in the class view" \
  || not_ok "idle participant" "$(json '[p["name"] for p in d["participants"]]')"

live_stop
[ "$LIVE_RC" = 0 ] && ok "clean stop" || not_ok "stop" "$LIVE_RC"
finish
