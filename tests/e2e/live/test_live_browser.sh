#!/usr/bin/env bash
# accord live in headless Chromium: the page loads, ?selftest=1 moves the
# eu_stringency slider from script and writes into the DOM whether the
# outcomes and figures changed; a screenshot is checked for content; the
# class view shows the participant the page made.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/live_lib.sh"

live_need_chrome
# every page of this test in a 1600 x 1300 window
browse_large() { browse "$1" "$2" --window-size=1600,1300 "${@:3}"; }

live_start scenarios/baseline.lua -j 2 --rate 0 || { not_ok "server starts" "$(cat "$TMP/server.log")"; finish; exit 1; }
ok "server on port $LIVE_PORT"

browse_large "$LIVE_URL/?selftest=1&show=noncompliant_share,fine_spend" "$TMP/dom.log" --dump-dom --window-size=1920,1080 > "$TMP/page.dom"
result=$(grep -o 'selftest [A-Z]* [^<]*' "$TMP/page.dom")
echo "$result"
echo "$result" | grep -q "^selftest PASS param=eu_stringency" && ok "moving eu_stringency from script changes outcomes and figures" \
  || not_ok "selftest" "$result $(grep -E 'CONSOLE|Uncaught' "$TMP/dom.log" | head -3)"
echo "$result" | grep -q "outcomes_changed=true figures_changed=6 figures_in_dom=6" && ok "all six figures redrawn" || not_ok "figures redrawn" "$result"
fpx=$(echo "$result" | sed -n 's/.*fig_px=\([0-9]*\).*/\1/p')
[ "${fpx:-0}" -ge 480 ] && ok "on a 1920x1080 screen every figure is at least 480 px wide (${fpx} px): ticks of 15 px and more" || not_ok "figure width" "$result"
echo "$result" | grep -q "time_slider=true" && ok "the time slider at half the run cuts every figure's lines near the middle" || not_ok "time slider" "$result"
grep -q 'data-result="pass"' "$TMP/page.dom" && ok "the result is in the DOM" || not_ok "data-result"
n=$(grep -o '<tr data-name=' "$TMP/page.dom" | wc -l)
[ "$n" -eq 10 ] && grep -q '<tr data-name="fine_spend"' "$TMP/page.dom" && grep -q '<tr data-name="noncompliant_share"' "$TMP/page.dom" \
  && ok "eight key outcomes in the table, and the two ?show= adds" || not_ok "outcome rows" "$n"
grep -q 'id="p-eu_stringency"' "$TMP/page.dom" && grep -q 'EU minimum safety score for certification' "$TMP/page.dom" \
  && ok "a slider per parameter, with its doc" || not_ok "slider"
grep -q 'who enters which market' "$TMP/page.dom" && ok "the question is on the page" || not_ok "question"
if grep -qE "Uncaught|ERROR:CONSOLE|Refused to" "$TMP/dom.log"; then
  not_ok "no console errors or CSP refusals" "$(grep -E "Uncaught|CONSOLE|Refused" "$TMP/dom.log" | head -3)"
else
  ok "no console errors or CSP refusals"
fi
grep -q "GET /api/run?" "$TMP/server.log" || true

browse_large "$LIVE_URL/?selftest=1" "$TMP/shot.log" --screenshot="$TMP/live.png" > /dev/null
stats=$(python3 - "$TMP/live.png" <<'PY'
# decode the PNG with the standard library: 8-bit RGB(A), non-interlaced
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, w = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        assert depth == 8 and ctype in (2, 6) and interlace == 0, (depth, ctype, interlace)
        bpp = 3 if ctype == 2 else 4
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
stride = w * bpp
prev = bytearray(stride)
colours, nonwhite, i = set(), 0, 0
for y in range(h):
    f = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]; c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    if y % 2 == 0:
        for x in range(0, stride, bpp * 2):
            px = bytes(line[x:x + 3]); colours.add(px)
            if px != b"\xff\xff\xff": nonwhite += 1
    prev = line
total = (h + 1) // 2 * ((w + 1) // 2)
print(w, h, len(colours), round(100.0 * nonwhite / total, 1))
PY
)
read -r w h ncol pct <<< "$stats"
echo "screenshot: ${w}x${h}, $ncol colours, $pct % not white"
[ "${w:-0}" -eq 1600 ] && [ "${ncol:-0}" -ge 50 ] && python3 -c "import sys; sys.exit(0 if 3 <= float('${pct:-0}') <= 90 else 1)" \
  && ok "the screenshot has content (${ncol} colours, ${pct} % not white)" || not_ok "screenshot" "$stats"
[ -n "${KEEP:-}" ] && cp "$TMP/live.png" "$KEEP/"

# a link presets a parameter finer than the slider's steps (eu_cert_cost in
# [0, 50]: 1 % is 0.5); out-of-range and non-numbers are ignored
browse_large "$LIVE_URL/?eu_cert_cost=0.316&eu_stringency=7&years=abc" "$TMP/preset.log" --dump-dom > "$TMP/preset.dom"
grep -q -- '--set eu_cert_cost=0.316<' "$TMP/preset.dom" && ! grep -q -- '--set eu_stringency' "$TMP/preset.dom" && ! grep -q -- '--set years' "$TMP/preset.dom" \
  && ok "?eu_cert_cost=0.316 presets the parameter (the run is --set eu_cert_cost=0.316); bad presets are ignored" \
  || not_ok "parameter preset" "$(grep -o 'accord run scenarios[^)<]*' "$TMP/preset.dom")"

browse_large "$LIVE_URL/class" "$TMP/class.log" --dump-dom --virtual-time-budget=3000 > "$TMP/class.dom"
n=$(grep -o '<circle class="dot"' "$TMP/class.dom" | wc -l)
[ "$n" -ge 1 ] && grep -q 'participant' "$TMP/class.dom" && ok "the class view shows the browser's participant ($n dots)" \
  || not_ok "class view" "$(head -c 300 "$TMP/class.dom")"
live_stop
[ "$LIVE_RC" = 0 ] && ok "clean stop" || not_ok "stop" "$LIVE_RC"
finish
