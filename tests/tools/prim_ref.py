#!/usr/bin/env python3
"""An independent reference implementation of PRIM as `accord discover`
documents it (docs/calibration.md, engine/stats/prim.h), in plain Python
(no numpy), written from the documented rules and not from the C code.

    tests/tools/prim_ref.py FILE.csv --outcome NAME (--above X | --below X)
        --params a,b,c [--alpha 0.05] [--paste-alpha 0.05] [--min-support 0.05]
        [--no-paste]

Prints the trajectory as CSV on stdout, one row per step:
    step,n,cases,lo_<a>,hi_<a>,lo_<b>,hi_<b>,...
The e2e test tests/e2e/test_discover.sh compares it, step by step, with
accord's discover_trajectory.csv and discover_boxes.csv.
SPDX-License-Identifier: GPL-3.0-or-later"""
import argparse
import csv
import math
import sys


def inside(row, lo, hi):
    return all(lo[j] <= row[j] <= hi[j] for j in range(len(lo)))


def members(X, lo, hi):
    return [i for i in range(len(X)) if inside(X[i], lo, hi)]


def stats(X, y, lo, hi):
    m = members(X, lo, hi)
    return len(m), sum(y[i] for i in m)


def peel(X, y, box_idx, lo, hi, alpha, min_support, n_all):
    """The best peel of the box holding box_idx, or None."""
    m = len(box_idx)
    k = max(1, int(math.floor(alpha * m)))
    if k >= m:
        return None
    cases = sum(y[i] for i in box_idx)
    best = None  # (density, j, side, limit)
    for j in range(len(lo)):
        vals = sorted(X[i][j] for i in box_idx)
        for side in ("lower", "upper"):
            # every row at or beyond the k-th smallest (largest) value goes:
            # whole groups of tied values, so at least k rows
            if side == "lower":
                edge = vals[k - 1]
                gone = [i for i in box_idx if X[i][j] <= edge]
                stay = [X[i][j] for i in box_idx if X[i][j] > edge]
                limit = min(stay) if stay else None
            else:
                edge = vals[m - k]
                gone = [i for i in box_idx if X[i][j] >= edge]
                stay = [X[i][j] for i in box_idx if X[i][j] < edge]
                limit = max(stay) if stay else None
            if not stay:
                continue  # the peel would empty the box
            left = m - len(gone)
            if left / n_all < min_support:
                continue
            dens = (cases - sum(y[i] for i in gone)) / left
            if best is None or dens > best[0]:
                best = (dens, j, side, limit)
    return best


def paste(X, y, lo, hi, mins, maxs, paste_alpha):
    lo, hi = list(lo), list(hi)
    while True:
        n_in, c_in = stats(X, y, lo, hi)
        if n_in == 0:
            return lo, hi
        dens = c_in / n_in
        k = max(1, int(math.floor(paste_alpha * n_in)))
        best = None
        for j in range(len(lo)):
            for side in ("lower", "upper"):
                if side == "lower" and not lo[j] > mins[j]:
                    continue
                if side == "upper" and not hi[j] < maxs[j]:
                    continue
                cand = []
                for i in range(len(X)):
                    v = X[i][j]
                    out_here = v < lo[j] if side == "lower" else v > hi[j]
                    if not out_here:
                        continue
                    if all(lo[q] <= X[i][q] <= hi[q] for q in range(len(lo)) if q != j):
                        cand.append(i)
                if not cand:
                    continue
                # nearest first
                cand.sort(key=lambda i: -X[i][j] if side == "lower" else X[i][j])
                kk = min(k, len(cand))
                limit = X[cand[kk - 1]][j]
                if side == "lower":
                    added = [i for i in cand if X[i][j] >= limit]
                else:
                    added = [i for i in cand if X[i][j] <= limit]
                nd = (c_in + sum(y[i] for i in added)) / (n_in + len(added))
                if nd > dens and (best is None or nd > best[0]):
                    best = (nd, j, side, limit)
        if best is None:
            return lo, hi
        _, j, side, limit = best
        if side == "lower":
            lo[j] = limit
        else:
            hi[j] = limit


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--outcome", required=True)
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--above", type=float)
    g.add_argument("--below", type=float)
    ap.add_argument("--params", required=True)
    ap.add_argument("--alpha", type=float, default=0.05)
    ap.add_argument("--paste-alpha", type=float, default=0.05)
    ap.add_argument("--min-support", type=float, default=0.05)
    ap.add_argument("--no-paste", action="store_true")
    a = ap.parse_args()
    params = a.params.split(",")
    X, y = [], []
    with open(a.file, newline="") as f:
        for row in csv.DictReader(f):
            v = float(row[a.outcome])
            if math.isnan(v):
                continue
            X.append([float(row[p]) for p in params])
            y.append(1 if (v > a.above if a.above is not None else v < a.below) else 0)
    d = len(params)
    mins = [min(r[j] for r in X) for j in range(d)]
    maxs = [max(r[j] for r in X) for j in range(d)]
    lo, hi = list(mins), list(maxs)
    box_idx = list(range(len(X)))
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["step", "n", "cases"] + [f"{s}_{p}" for p in params for s in ("lo", "hi")])
    step = 0
    while True:
        blo, bhi = (lo, hi) if step == 0 or a.no_paste else paste(
            X, y, lo, hi, mins, maxs, a.paste_alpha)
        n_in, c_in = stats(X, y, blo, bhi)
        out.writerow([step, n_in, c_in] + [repr(v) for j in range(d) for v in (blo[j], bhi[j])])
        best = peel(X, y, box_idx, lo, hi, a.alpha, a.min_support, len(X))
        if best is None:
            break
        _, j, side, limit = best
        if side == "lower":
            lo[j] = limit
        else:
            hi[j] = limit
        box_idx = [i for i in box_idx if lo[j] <= X[i][j] <= hi[j]]
        step += 1


if __name__ == "__main__":
    main()
