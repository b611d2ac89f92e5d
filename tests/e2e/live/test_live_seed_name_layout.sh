#!/usr/bin/env bash
# accord live, four defects found by a newcomer's trial:
# - a link's seed=+4 ('+' is a space in a query string, so ' 4') was dropped
#   by the page, which ran seed 1 in silence (and a '+4' typed in the number
#   field read as empty: seed 1 too); the server said "got ' 4'" without why.
#   Now the page shows the seed as given and refuses it above the table,
#   sending nothing, and the server's 400 says what '+' became;
# - a participant's name could not be cleared: the page left an empty name
#   out and the server kept the old one. An empty name= clears it now (no
#   name= keeps it);
# - a moved slider's label was the figures' orange, #D55E00: 3.9:1 on white,
#   under WCAG AA's 4.5:1 for text (and the "orange, dashed" line too);
# - the class view's scatter was at most 46rem (920 px) wide, half of a
#   1920 x 1080 projector: it now takes what the screen's height allows.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/live_lib.sh"

live_need_chrome
live_start scenarios/baseline.lua -j 2 --rate 0 || { not_ok "server starts" "$(cat "$TMP/server.log")"; finish; exit 1; }
ok "server on port $LIVE_PORT"

# ---- the seed ------------------------------------------------------------------------
expect_code 400 "seed=+4 (a space and 4) is 400" "/api/run?seed=+4"
json 'd["error"]' | grep -qF "got ' 4' (a '+' in a query string stands for a space: give the digits alone, seed=4)" \
  && ok "... and the message says what the '+' became" || not_ok "seed=+4 message" "$(json 'd["error"]')"
expect_code 400 "seed=%2B4 (a real '+4') is 400, as accord run --seed +4" "/api/run?seed=%2B4"
json 'd["error"]' | grep -q "got '+4'$" && ok "... without the hint about spaces" || not_ok "seed=%2B4 message" "$(json 'd["error"]')"
expect_code 200 "seed=4 is fine" "/api/run?seed=4"

n0=$(grep -c 'GET /api/run ' "$TMP/server.log")
browse "$LIVE_URL/?seed=+4" "$TMP/seed.log" --dump-dom --window-size=1300,900 > "$TMP/seed.dom"
n=$(( $(grep -c 'GET /api/run ' "$TMP/server.log") - n0 ))
notice=$(grep -o '<p id="notice"[^>]*>[^<]*</p>' "$TMP/seed.dom")
echo "$notice" | grep -qF "The seed must be a whole number from 0 to 9223372036854775807 (digits only), got ' 4' (in a link, \"+\" stands for a space: write seed=4, not seed=+4)." \
  && ok "the page refuses a link's seed=+4 above the table, naming the value and the range" || not_ok "seed notice" "$notice"
grep -q '<input id="seed"[^>]*aria-invalid="true"' "$TMP/seed.dom" && ok "... and marks the seed field invalid" \
  || not_ok "seed field invalid" "$(grep -o '<input id="seed"[^>]*>' "$TMP/seed.dom")"
[ "$n" = 0 ] && ok "... and runs nothing (it ran seed 1 in silence)" || not_ok "no run for a bad seed" "$n runs"
grep -q '<p id="status"[^>]*>Drawn' "$TMP/seed.dom" && not_ok "nothing drawn for a bad seed" "$(grep -o '<p id="status"[^>]*>[^<]*' "$TMP/seed.dom")" \
  || ok "... and says nothing was drawn"
browse "$LIVE_URL/?seed=4" "$TMP/seed4.log" --dump-dom --window-size=1300,900 > "$TMP/seed4.dom"
grep -q '<p id="status"[^>]*>Drawn in [0-9.]* s[^<]* · seed 4<' "$TMP/seed4.dom" && ok "a link's seed=4 runs seed 4" \
  || not_ok "seed=4" "$(grep -o '<p id="status"[^>]*>[^<]*' "$TMP/seed4.dom")"

# ---- the name: set, kept without name=, cleared by an empty name= ----------------------
expect_code 200 "client a: name=Zoë" "/api/run?client=000000000000000a&name=Zo%C3%AB"
expect_code 200 "client a again without name=" "/api/run?client=000000000000000a&seed=2"
expect_code 200 "GET /api/class" /api/class
n1=$(json 'len(d["participants"])')
json '[p["name"] for p in d["participants"]]' | grep -q "'Zoë'" && ok "a request without name= keeps the name" \
  || not_ok "name kept" "$(json '[p["name"] for p in d["participants"]]')"
expect_code 200 "client a with an empty name=" "/api/run?client=000000000000000a&name="
expect_code 200 "GET /api/class" /api/class
! json '[p["name"] for p in d["participants"]]' | grep -q "'Zoë'" && [ "$(json 'len(d["participants"])')" = "$n1" ] \
  && ok "an empty name= clears it, the participant stays (the name was kept)" \
  || not_ok "name cleared" "$(json '[p["name"] for p in d["participants"]]')"
# through the page: a browser named by ?name=, then the page with the field empty
profile=$(mktemp -d "$TMP/profile.XXXXXX")
page() {
  timeout 90 "$chrome" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --virtual-time-budget=20000 --dump-dom --window-size=1300,900 "$1" 2> "$TMP/page.log" > "$TMP/page.dom"
}
page "$LIVE_URL/?name=Ida"
expect_code 200 "GET /api/class" /api/class
json '[p["name"] for p in d["participants"]]' | grep -q "'Ida'" && ok "the page names its participant Ida" \
  || not_ok "page name" "$(json '[p["name"] for p in d["participants"]]')"
# the bare link again (the same browser): the name it last used comes back
# from its storage, so the label stays (it was cleared: an empty field sent)
page "$LIVE_URL/"
expect_code 200 "GET /api/class" /api/class
json '[p["name"] for p in d["participants"]]' | grep -q "'Ida'" && ok "the bare link again keeps the browser's name" \
  || not_ok "the bare link again keeps the browser's name" "$(json '[p["name"] for p in d["participants"]]')"
# an empty name= clears it, and the browser forgets it
page "$LIVE_URL/?name="
expect_code 200 "GET /api/class" /api/class
json '[p["name"] for p in d["participants"]]' | grep -q "'Ida'" \
  && not_ok "an empty name= from the page clears the class view's name" "$(json '[p["name"] for p in d["participants"]]')" \
  || ok "an empty name= from the page clears the class view's name"
page "$LIVE_URL/"
expect_code 200 "GET /api/class" /api/class
json '[p["name"] for p in d["participants"]]' | grep -q "'Ida'" \
  && not_ok "a cleared name stays cleared" "$(json '[p["name"] for p in d["participants"]]')" \
  || ok "a cleared name stays cleared (the browser forgot it)"

# a link's reps= the page cannot use is said after the run (it was ignored in silence)
page "$LIVE_URL/?reps=+3"
grep -q "the link's reps=' 3' is not a whole number from 1 to [0-9]* (in a link, \"+\" stands for a space: write reps=3, not reps=+3), so this is 1 replicate" "$TMP/page.dom" \
  && ok "a link's reps=+3 is named after the run" || not_ok "reps=+3 named" "$(grep -o '<[a-z]* id="status"[^<]*' "$TMP/page.dom")"
page "$LIVE_URL/?reps=2"
grep -q "2 replicates" "$TMP/page.dom" && ! grep -q "is not a whole number from 1" "$TMP/page.dom" \
  && ok "a link's reps=2 runs 2 replicates, with no note" || not_ok "reps=2" "$(grep -o '<[a-z]* id="status"[^<]*' "$TMP/page.dom")"

# ---- contrast of the page's coloured text (WCAG AA: 4.5:1) -----------------------------
out=$(python3 - engine/live/assets/live.css <<'PY'
import re, sys
css = open(sys.argv[1]).read()
css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
root = dict(re.findall(r"--([\w-]+):\s*(#[0-9A-Fa-f]{3,6})", css))
def hexof(v):
    v = v.strip()
    m = re.match(r"var\(--([\w-]+)\)", v)
    if m:
        v = root[m.group(1)]
    v = v.lstrip("#")
    if len(v) == 3:
        v = "".join(c * 2 for c in v)
    return v
def lum(h):
    def ch(c):
        c = int(c, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * ch(h[0:2]) + 0.7152 * ch(h[2:4]) + 0.0722 * ch(h[4:6])
def ratio(a, b):
    la, lb = sorted((lum(a), lum(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
bad = []
for sel, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
    sel = " ".join(sel.split())
    if sel.startswith(":root") or sel.startswith("@media"):
        continue
    m = re.search(r"(?:^|;)\s*color:\s*([^;]+)", body)
    if not m:
        continue
    bg = re.search(r"background:\s*(#[0-9A-Fa-f]{3,6})", body)
    r = ratio(hexof(m.group(1)), hexof(bg.group(1)) if bg else "ffffff")
    print("%s: %.2f" % (sel, r))
    if r < 4.5:
        bad.append("%s: %.2f:1" % (sel, r))
print("BAD " + "; ".join(bad) if bad else "ALL OK")
PY
)
echo "$out" | grep -E "changed label|\.def"
echo "$out" | grep -q "^ALL OK" && ok "every text colour of live.css is at least 4.5:1 on its background (a moved slider's label was 3.9:1)" \
  || not_ok "contrast" "$(echo "$out" | grep '^BAD')"
grep -q '\.param\.changed label { color: var(--blue); }' engine/live/assets/live.css \
  && ok "a moved slider's label is your policy's blue, not the defaults' orange" || not_ok "changed label colour"

# ---- the class view on a 1920 x 1080 projector -------------------------------------------
# headless Chromium's viewport is the window less about 143 px: a window of
# 1920 x 1223 gives the projector's 1920 x 1080
browse "$LIVE_URL/class" "$TMP/class.log" --dump-dom --window-size=1920,1223 --virtual-time-budget=6000 > "$TMP/class.dom"
s=$(grep -o 'data-scatter="[^"]*"' "$TMP/class.dom")
echo "$s"
w=$(echo "$s" | sed -n 's/.*"\([0-9]*\)x.*/\1/p'); bottom=$(echo "$s" | sed -n 's/.*bottom=\([0-9]*\).*/\1/p')
vw=$(echo "$s" | sed -n 's/.*vw=\([0-9]*\).*/\1/p'); vh=$(echo "$s" | sed -n 's/.*vh=\([0-9]*\).*/\1/p')
[ -n "$w" ] && [ "$w" -ge $(( vw * 6 / 10 )) ] && ok "the class scatter takes ${w} of ${vw} px (it was 920, half)" \
  || not_ok "scatter width" "$s"
[ -n "$bottom" ] && [ "$bottom" -le "$vh" ] && ok "... and the figure and its legend fit the ${vh} px screen (bottom ${bottom} px)" \
  || not_ok "scatter fits the screen" "$s"
browse "$LIVE_URL/class" "$TMP/class2.log" --dump-dom --window-size=500,800 --virtual-time-budget=6000 > "$TMP/class2.dom"
s=$(grep -o 'data-scatter="[^"]*"' "$TMP/class2.dom")
w=$(echo "$s" | sed -n 's/.*"\([0-9]*\)x.*/\1/p'); vw=$(echo "$s" | sed -n 's/.*vw=\([0-9]*\).*/\1/p')
[ -n "$w" ] && [ "$w" -le "$vw" ] && ok "on a narrow screen it is never wider than the page ($s)" || not_ok "narrow class view" "$s"

live_stop
finish
