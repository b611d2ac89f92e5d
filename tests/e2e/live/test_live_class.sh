#!/usr/bin/env bash
# accord live's class view with an educator's five participants on
# brussels_effect.lua (their startup survival 0.526-0.532): the y axis spans
# at least 0.2 and says it does not start at 0 (it ran 0.525-0.533, so a
# difference of 0.005 filled the figure); no two labels overlap (with the
# figure's font's real widths); every participant's dot is labelled; names
# with accents are kept ("Chloé" was shown "Chlo", "élève" "lve"), in the SVG
# and in /api/class; every text fits inside the figure.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/live_lib.sh"

command -v curl > /dev/null || { echo "curl is needed"; exit 1; }
fonts="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

live_start scenarios/brussels_effect.lua --rate 0 || { not_ok "server starts" "$(cat "$TMP/server.log")"; finish; exit 1; }
for q in "c1&name=Ana&eu_stringency=0.5&upgrade_speed=0.5" "c2&name=Ben&eu_stringency=0.75&upgrade_speed=0" \
         "c3&name=Chlo%C3%A9&eu_stringency=0.9&upgrade_speed=0.5" "c4&name=Dmitri&eu_stringency=0.6&upgrade_speed=1" \
         "c5&name=%C3%A9l%C3%A8ve"; do
  expect_code 200 "participant ${q%%&*}" "/api/run?client=00000000000000$q"
done
expect_code 200 "GET /api/class" /api/class
[ "$(json '[p["name"] for p in d["participants"]]')" = "['Ana', 'Ben', 'Chloé', 'Dmitri', 'élève']" ] \
  && ok "/api/class keeps the names' accents" || not_ok "names in /api/class" "$(json '[p["name"] for p in d["participants"]]')"
expect_code 200 "GET /api/class.svg" /api/class.svg
cp "$TMP/body" "$TMP/class.svg"
# shellcheck disable=SC2086
out=$(python3 - $fonts "$TMP/class.svg" <<'PY'
import re, sys
sys.path.insert(0, "tests/e2e/live")
from text_fits import advance_widths
regular = advance_widths(sys.argv[1])
svg = open(sys.argv[3], encoding="utf-8").read()
bad = []
# the y axis: its ticks (x 92, anchored at the end) span at least 0.2, and
# a note says where it starts when that is not 0
ticks = [float(t) for t in re.findall(r'<text x="92" y="[0-9.]+" font-size="20" text-anchor="end">([0-9.]+)</text>', svg)]
if not ticks or max(ticks) - min(ticks) < 0.2 - 1e-9:
    bad.append("y ticks %s span less than 0.2" % ticks)
elif min(ticks) > 0 and "survival axis from %.2f (not 0)" % min(ticks) not in svg:
    bad.append("no note that the survival axis starts at %.2f" % min(ticks))
# the dot labels (font-size 19) with the font's widths: pairwise apart
labels = []
for x, y, anchor, body in re.findall(r'<text x="([0-9.]+)" y="([0-9.]+)" font-size="19" [^>]*text-anchor="(\w+)">([^<]*)</text>', svg):
    x, y, size = float(x), float(y), 19
    body = body.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&#39;", "'").replace("&amp;", "&")
    w = size * sum(regular.get(ord(ch), 0.6) for ch in body)
    left = x - (w if anchor == "end" else w / 2 if anchor == "middle" else 0)
    labels.append((body, left, y - 0.76 * size, left + w, y + 0.24 * size))
for i, a in enumerate(labels):
    for b in labels[i + 1:]:
        if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]:
            bad.append("labels '%s' and '%s' overlap" % (a[0], b[0]))
text = " | ".join(l[0] for l in labels)
for name in ["Ana", "Ben", "Chloé", "Dmitri", "élève", "defaults"]:
    if name not in text:
        bad.append("no label holds '%s' (labels: %s)" % (name, text))
print("labels: " + text)
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
) && ok "axis from a 0.2 span with a note, labels apart, every name kept ($(echo "$out" | head -1))" || not_ok "class view" "$out"
# shellcheck disable=SC2086
out=$(python3 "$(dirname "$0")/text_fits.py" $fonts "$TMP/class.svg" 2>&1) \
  && ok "every text of the class view fits inside it" || not_ok "class texts fit" "$out"
live_stop
[ "$LIVE_RC" = 0 ] && ok "clean stop" || not_ok "stop" "$LIVE_RC"
finish
