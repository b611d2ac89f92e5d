#!/usr/bin/env python3
"""Check that two result trees agree on every column they share.

    tests/tools/same_columns.py OLD_DIR NEW_DIR

For every CSV under OLD_DIR, the file of the same relative path under NEW_DIR
must exist, have the same number of rows, and hold byte-identical text in every
column whose header both files have (columns only NEW has are listed, not
compared; columns only OLD has are an error). For a model change that adds
outputs but must not change existing ones (a new mechanism switched off).
Exit 0 when all agree, 1 otherwise. SPDX-License-Identifier: GPL-3.0-or-later"""
import csv, os, sys

def main(old, new):
    bad = 0
    added = set()
    for root, _, files in os.walk(old):
        for f in sorted(files):
            if not f.endswith(".csv"):
                continue
            po = os.path.join(root, f)
            rel = os.path.relpath(po, old)
            pn = os.path.join(new, rel)
            if not os.path.exists(pn):
                print(f"{rel}: missing in {new}"); bad += 1; continue
            with open(po, newline="") as a, open(pn, newline="") as b:
                ra, rb = list(csv.reader(a)), list(csv.reader(b))
            if not ra:
                continue
            ha, hb = ra[0], rb[0] if rb else []
            gone = [c for c in ha if c not in hb]
            if gone:
                print(f"{rel}: columns gone: {', '.join(gone)}"); bad += 1
            for c in hb:
                if c not in ha:
                    added.add(f"{f}:{c}")
            if len(ra) != len(rb):
                print(f"{rel}: {len(ra) - 1} rows before, {len(rb) - 1} after"); bad += 1; continue
            ib = {c: i for i, c in enumerate(hb)}
            for c in ha:
                if c not in ib:
                    continue
                i, k = ha.index(c), ib[c]
                for r, (x, y) in enumerate(zip(ra[1:], rb[1:]), start=2):
                    if x[i] != y[k]:
                        print(f"{rel}:{r}: column {c}: {x[i]} -> {y[k]}"); bad += 1; break
    if added:
        print("new columns: " + ", ".join(sorted(added)))
    print("same columns agree" if not bad else f"{bad} differences")
    return 1 if bad else 0

if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
