#!/usr/bin/env bash
# accord live's page in headless Chromium, found by a teacher's trial:
# the sliders were labelled with raw identifiers (eu_stringency,
# detection_scale): each now shows its doc string's first part as its label,
# the identifier in small type and as a tooltip, and the identifier stays in
# the address and the accord run command; the class view's table heads too.
# The outcome table marked "went up" orange and "went down" blue, the
# figures' colours for the defaults and your policy: its marks are black
# arrows, and the caption says what up and down mean (up is not always bad).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/live_lib.sh"

live_need_chrome
live_start scenarios/baseline.lua -j 2 --rate 0 || { not_ok "server starts" "$(cat "$TMP/server.log")"; finish; exit 1; }

browse "$LIVE_URL/?selftest=eu_stringency&name=Ada" "$TMP/page.log" --dump-dom --window-size=1300,900 > "$TMP/page.dom"
result=$(grep -o 'selftest [A-Z]* [^<]*' "$TMP/page.dom")
echo "$result"
echo "$result" | grep -q "^selftest PASS param=eu_stringency" && ok "the page works" \
  || not_ok "selftest" "$result $(grep -E 'CONSOLE|Uncaught' "$TMP/page.log" | head -3)"

# --- readable labels
lab=$(grep -o '<label for="p-eu_stringency"[^>]*>.\{0,200\}' "$TMP/page.dom")
echo "$lab" | grep -q 'title="eu_stringency"' && echo "$lab" | grep -q '<span class="pname">EU minimum safety score for certification</span>' \
  && ok "the slider's label is its doc string, the identifier its tooltip" || not_ok "label" "$lab"
grep -q '<span class="pname">Size of the simulated world</span>' "$TMP/page.dom" \
  && grep -q '<p class="doc" id="p-scale-doc">size of the simulated world: developer counts' "$TMP/page.dom" \
  && ok "a long doc string: its first part is the label, the whole under the slider" \
  || not_ok "long doc" "$(grep -o '<label for="p-scale".\{0,300\}' "$TMP/page.dom")"
grep -q '<span class="pname">[a-z]*_[a-z_]*</span>' "$TMP/page.dom" \
  && not_ok "no slider is labelled with a raw identifier" "$(grep -o '<span class="pname">[a-z]*_[a-z_]*</span>' "$TMP/page.dom")" \
  || ok "no slider is labelled with a raw identifier"
grep -q '<code class="pid">detection_scale</code>' "$TMP/page.dom" \
  && ok "the identifier is shown in small type under the slider" || not_ok "identifier in small type"
echo "$result" | grep -q " in_address=true " && ok "the identifier stays in the address" || not_ok "address" "$result"
grep -q '<code id="cmd">accord run scenarios/baseline.lua .*--set eu_stringency=' "$TMP/page.dom" \
  && ok "the identifier stays in the accord run command" || not_ok "command" "$(grep -o '<code id="cmd">[^<]*' "$TMP/page.dom")"

# --- the outcome table's change marks
colors=$(echo "$result" | sed -n 's/.* change_colors=\([^ ]*\).*/\1/p')
[ -n "$colors" ] && ! echo "$colors" | grep -q 'rgb(213,94,0)\|rgb(0,114,178)' \
  && ok "the table's change marks use neither the defaults' orange nor your policy's blue ($colors)" \
  || not_ok "change colours" "$colors"
grep -q '<td class="\(up\|down\)">[▲▼] [+-][0-9.]* %</td>' "$TMP/page.dom" \
  && ok "a change is marked with an arrow" || not_ok "arrows" "$(grep -o '<td class="[a-z]*">[^<]*</td>' "$TMP/page.dom" | head -3)"
grep -q '<caption>[^<]*<span id="updown">Change: ▲ higher, ▼ lower than with the defaults; higher is not always worse' "$TMP/page.dom" \
  && ok "the table says what up and down mean, and that up is not always bad" || not_ok "caption" "$(grep -o '<caption>.\{0,300\}' "$TMP/page.dom")"

# --- the class view's table heads
browse "$LIVE_URL/class" "$TMP/class.log" --dump-dom --window-size=1300,900 > "$TMP/class.dom"
grep -q '<th title="eu_stringency">EU minimum safety score for certification<br><code class="pid">eu_stringency</code></th>' "$TMP/class.dom" \
  && ok "the class view's table heads are readable labels with the identifier" \
  || not_ok "class heads" "$(grep -o '<thead>.\{0,400\}' "$TMP/class.dom")"

live_stop
[ "$LIVE_RC" = 0 ] && ok "clean stop" || not_ok "stop" "$LIVE_RC"
finish
