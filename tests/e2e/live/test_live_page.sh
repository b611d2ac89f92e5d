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
# in the status line below the controls).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/live_lib.sh"

chrome=""
for c in chromium chromium-browser google-chrome; do command -v "$c" > /dev/null 2>&1 && { chrome=$c; break; }; done
if [ -z "$chrome" ]; then
  echo "chromium is needed (Debian: apt-get install chromium)"
  exit 1
fi
browse() { # browse URL LOG [chromium args...]: stdout is what chromium prints
  local url=$1 log=$2
  shift 2
  timeout 90 "$chrome" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d "$TMP/chrome.XXXXXX")" --enable-logging=stderr --v=0 \
    --virtual-time-budget=20000 "$@" "$url" 2> "$log"
}

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
grep -q 'id="notice"[^>]*hidden' "$TMP/phone.dom" && ok "no notice when every run worked" \
  || not_ok "notice hidden" "$(grep -o '<p id="notice"[^>]*>' "$TMP/phone.dom")"

live_stop
[ "$LIVE_RC" = 0 ] && ok "clean stop" || not_ok "stop" "$LIVE_RC"
finish
