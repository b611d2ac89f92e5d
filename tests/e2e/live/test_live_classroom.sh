#!/usr/bin/env bash
# accord live in a classroom, found by an educator's trial: the class view's
# orange square is explained by a legend and keeps its "defaults" label when
# five participants share its spot (it was the fifth name, hidden in "+2");
# the square is the default run of the seed most participants use (it was
# whoever asked last: one participant trying seed 5 moved it away from
# everyone's seed-1 dots); the participant cookie outlives a browser restart
# (Max-Age), so a restarted browser is not a second dot; a figure whose y
# axis does not start at 0 says so (mean safety ran 0.60-0.85 unmarked, so
# 0.805 against 0.814 looked like a large drop).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/live_lib.sh"

command -v curl > /dev/null || { echo "curl is needed"; exit 1; }

live_start scenarios/baseline.lua --rate 0 || { not_ok "server starts" "$(cat "$TMP/server.log")"; finish; exit 1; }

# the cookie: kept for a day, not only until the browser closes
curl -s -D "$TMP/headers" -o /dev/null "$LIVE_URL/"
grep -i '^Set-Cookie: accord_client=[0-9a-f]\{16\};' "$TMP/headers" | grep -qi 'Max-Age=[1-9][0-9]*' \
  && ok "the participant cookie has a Max-Age (a restarted browser keeps its dot)" \
  || not_ok "cookie Max-Age" "$(grep -i set-cookie "$TMP/headers")"

# five participants at the defaults with seed 1, a sixth moved, then one
# trying seed 5 (the last request)
for c in 01 02 03 04 05; do
  expect_code 200 "participant $c at the defaults" "/api/run?client=00000000000000$c&name=S${c#0}"
done
expect_code 200 "participant 06 moved" "/api/run?client=0000000000000006&name=Mover&eu_stringency=0.9"
expect_code 200 "the seed-1 defaults" "/api/run?seed=1"
def1=$(json 'repr(d["outcomes"][[o["name"] for o in d["outcomes"]].index("harm")]["default"])')
expect_code 200 "participant 07 with seed 5, the last request" "/api/run?client=0000000000000007&name=Dice&seed=5"
def5=$(json 'repr(d["outcomes"][[o["name"] for o in d["outcomes"]].index("harm")]["default"])')
[ "$def1" != "$def5" ] && ok "seeds 1 and 5 have other default runs ($def1, $def5)" || not_ok "seeds differ" "$def1 $def5"
expect_code 200 "GET /api/class" /api/class
got=$(json 'repr(d["defaults"]["harm"]), d["defaults"].get("seed"), d["defaults"].get("reps")')
[ "$got" = "$def1 1 1" ] && ok "the class view's defaults are seed 1's, the seed of six of seven ($got)" \
  || not_ok "class defaults follow the majority seed" "got $got, seed 1's harm $def1, seed 5's $def5"

expect_code 200 "GET /api/class.svg" /api/class.svg
grep -q '<g class="legend"><rect [^>]*stroke="#D55E00"[^>]*/><text [^>]*>the defaults</text></g>' "$TMP/body" \
  && ok "the class view has a legend for the orange square" || not_ok "legend" "$(grep -o '<g class="legend">.\{0,200\}' "$TMP/body")"
labels=$(grep -o '<text [^>]*font-size="19"[^>]*>[^<]*</text>' "$TMP/body" | sed 's/<[^>]*>//g')
echo "$labels" | grep -q '^defaults, S1, S2, S3 +2$' \
  && ok "the square's spot is labelled 'defaults' first, the others in +N" \
  || not_ok "defaults label" "$labels"
python3 - "$TMP/body" <<'PY' && ok "the legend covers no dot label" || not_ok "legend apart from labels"
import re, sys
svg = open(sys.argv[1], encoding="utf-8").read()
lx, ly = map(float, re.search(r'<g class="legend"><rect x="([0-9.]+)" y="([0-9.]+)"', svg).groups())
for x, y, anchor, body in re.findall(r'<text x="([0-9.]+)" y="([0-9.]+)" font-size="19" [^>]*text-anchor="(\w+)">([^<]*)</text>', svg):
    x, y = float(x), float(y)
    w = 0.68 * 19 * len(body)
    left = x - (w if anchor == "end" else w / 2 if anchor == "middle" else 0)
    if left < 620 and left + w > lx and y - 15 < ly + 16 and y + 5 > ly:
        print("label", body, "at", x, y, "covers the legend at", lx, ly)
        sys.exit(1)
PY

# a class of thirty (with the seven above): no two dot labels overlap, with
# the font's widths (crowded spots had two long labels over each other)
fonts="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
for i in $(seq 10 39); do
  v=$(python3 -c "print(round((($i * 37) % 100) / 100, 2))")
  code "/api/run?client=00000000000000$i&name=%C3%89l%C3%A8ve%20$i&eu_stringency=$v" > /dev/null
done
expect_code 200 "GET /api/class.svg with 37 participants" /api/class.svg
# shellcheck disable=SC2086
out=$(python3 - $fonts "$TMP/body" <<'PY'
import re, sys
sys.path.insert(0, "tests/e2e/live")
from text_fits import advance_widths
regular = advance_widths(sys.argv[1])
svg = open(sys.argv[3], encoding="utf-8").read()
labels = []
for x, y, anchor, body in re.findall(r'<text x="([0-9.]+)" y="([0-9.]+)" font-size="19" [^>]*text-anchor="(\w+)">([^<]*)</text>', svg):
    x, y, size = float(x), float(y), 19
    body = body.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&#39;", "'").replace("&amp;", "&")
    w = size * sum(regular.get(ord(ch), 0.6) for ch in body)
    left = x - (w if anchor == "end" else w / 2 if anchor == "middle" else 0)
    labels.append((body, left, y - 0.76 * size, left + w, y + 0.24 * size))
bad = ["'%s' and '%s' overlap" % (a[0], b[0]) for i, a in enumerate(labels) for b in labels[i + 1:]
       if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]
print("%d labels; %s" % (len(labels), "; ".join(bad) or "apart"))
sys.exit(1 if bad or not labels else 0)
PY
) && ok "37 participants: dot labels apart ($out)" || not_ok "37 participants' labels" "$out"
# shellcheck disable=SC2086
out=$(python3 "$(dirname "$0")/text_fits.py" $fonts "$TMP/body" 2>&1) \
  && ok "every text of the crowded class view fits inside it" || not_ok "crowded class texts fit" "$out"

# the figures: a y axis from 0 has no note, one from elsewhere says where
expect_code 200 "GET /api/figure/mean_safety.svg" /api/figure/mean_safety.svg
ticks=$(grep -o '<text x="92" y="[0-9.]*" font-size="20" text-anchor="end" fill="#222">[0-9.]*</text>' "$TMP/body" | sed 's/<[^>]*>//g' | head -1)
grep -q "<text class=\"axis-note\"[^>]*>axis from $ticks (not 0)</text>" "$TMP/body" && [ "$ticks" != "0.00" ] \
  && ok "mean safety's axis says it starts at $ticks, not 0" || not_ok "mean safety axis note" "lowest tick $ticks; $(grep -o 'axis-note.\{0,60\}' "$TMP/body")"
expect_code 200 "GET /api/figure/harm.svg" /api/figure/harm.svg
grep -q '<text x="92" y="[0-9.]*" font-size="20" text-anchor="end" fill="#222">0</text>' "$TMP/body" && ! grep -q 'axis-note' "$TMP/body" \
  && ok "cumulative harm's axis starts at 0, without a note" || not_ok "harm axis" "$(grep -o 'axis-note.\{0,60\}' "$TMP/body")"

live_stop
[ "$LIVE_RC" = 0 ] && ok "clean stop" || not_ok "stop" "$LIVE_RC"
finish
