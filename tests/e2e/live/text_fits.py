#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# text_fits.py REGULAR.ttf BOLD.ttf FILE...: every text of every figure (the
# figures of an /api/run answer in a .json FILE, or an .svg FILE) lies inside
# the figure: its extent (the sum of the glyphs' advance widths read from the
# font's cmap and hmtx tables, at the SVG's font-size, placed by its
# text-anchor) within 0 and the viewBox width. Prints one line per figure and
# per text that runs past an edge; exit 1 if any does. Standard library only.
import json
import re
import struct
import sys


def advance_widths(path):
    """{codepoint: advance width in em} from a TrueType font (cmap format 4)."""
    data = open(path, "rb").read()
    ntab = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for i in range(ntab):
        tag, _, off, length = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        tables[tag.decode("latin-1")] = (off, length)
    units = struct.unpack(">H", data[tables["head"][0] + 18:tables["head"][0] + 20])[0]
    nhmetrics = struct.unpack(">H", data[tables["hhea"][0] + 34:tables["hhea"][0] + 36])[0]
    hmtx = tables["hmtx"][0]
    adv = [struct.unpack(">H", data[hmtx + 4 * g:hmtx + 4 * g + 2])[0] for g in range(nhmetrics)]
    cmap = tables["cmap"][0]
    nsub = struct.unpack(">H", data[cmap + 2:cmap + 4])[0]
    sub = None
    for i in range(nsub):
        pid, eid, off = struct.unpack(">HHI", data[cmap + 4 + 8 * i:cmap + 12 + 8 * i])
        if pid == 3 and eid == 1 and struct.unpack(">H", data[cmap + off:cmap + off + 2])[0] == 4:
            sub = cmap + off
    segx2 = struct.unpack(">H", data[sub + 6:sub + 8])[0]
    seg = segx2 // 2
    ends = struct.unpack(">%dH" % seg, data[sub + 14:sub + 14 + segx2])
    starts = struct.unpack(">%dH" % seg, data[sub + 16 + segx2:sub + 16 + 2 * segx2])
    deltas = struct.unpack(">%dh" % seg, data[sub + 16 + 2 * segx2:sub + 16 + 3 * segx2])
    roff_at = sub + 16 + 3 * segx2
    roffs = struct.unpack(">%dH" % seg, data[roff_at:roff_at + segx2])
    widths = {}
    for k in range(seg):
        for c in range(starts[k], min(ends[k], 0x2FFF) + 1):
            if roffs[k] == 0:
                g = (c + deltas[k]) & 0xFFFF
            else:
                at = roff_at + 2 * k + roffs[k] + 2 * (c - starts[k])
                g = struct.unpack(">H", data[at:at + 2])[0]
                g = (g + deltas[k]) & 0xFFFF if g else 0
            widths[c] = adv[min(g, nhmetrics - 1)] / units
    return widths


def texts(svg):
    """(x, size, anchor, bold, text) of every <text> element of an SVG."""
    for m in re.finditer(r"<text([^>]*)>([^<]*)</text>", svg):
        attrs, body = m.group(1), m.group(2)
        a = dict(re.findall(r'([a-z-]+)="([^"]*)"', attrs))
        body = body.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
        yield (float(a.get("x", 0)), float(a.get("font-size", 16)), a.get("text-anchor", "start"),
               a.get("font-weight") == "bold", body)


def main():
    regular, bold = advance_widths(sys.argv[1]), advance_widths(sys.argv[2])
    svgs = {}
    for path in sys.argv[3:]:
        text = open(path).read()
        if text.lstrip().startswith("{"):
            for name, svg in json.load(open(path))["figures"].items():
                svgs[name] = svg
        else:
            svgs[path.rsplit("/", 1)[-1]] = text
    bad = 0
    for name, svg in svgs.items():
        vb = float(re.search(r'viewBox="0 0 ([0-9.]+)', svg).group(1))
        worst = None
        for x, size, anchor, is_bold, body in texts(svg):
            widths = bold if is_bold else regular
            w = size * sum(widths.get(ord(ch), 0.6) for ch in body)
            left = x - (w if anchor == "end" else w / 2 if anchor == "middle" else 0)
            if left < 0 or left + w > vb:
                bad += 1
                worst = "'%s' spans %.0f to %.0f of 0 to %.0f" % (body, left, left + w, vb)
                print("OVERFLOWS %s: %s" % (name, worst))
        if worst is None:
            print("fits %s: every text inside 0 to %.0f" % (name, vb))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
