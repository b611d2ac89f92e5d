#!/usr/bin/env python3
"""Paired (common-random-number) effect of a policy over a Latin hypercube of
a scenario's parameters, for the claims in scenarios/*.lua headers.

usage: tests/tools/paired_lhs.py SCENARIO COMMON CONTROL TREATMENT RANGES N REPS SEED MEASURE[:+|:-] ...
  COMMON, CONTROL, TREATMENT  k=v,k=v (--set of every run / of each arm; "" for none;
                              an arm's value overrides a varied one)
  RANGES                      p=lo:hi,... (an LHS of N points, drawn with SEED)
  REPS                        seeds per point, 1000 .. 1000+REPS-1, the same in both arms
  MEASURE                     ts:JUR:COL   sum over steps of a timeseries.csv column (JUR or all)
                              c:NAME       last value of a custom.csv metric
                              csum:NAME    its sum over steps
                              s:COL        a summary.csv column
                              :+ / :- the claimed sign of treatment - control
With N = 0 it runs the REPS seeds at COMMON only and prints the means, the
paired mean difference with its 95 % t interval and the seeds in each direction.
Environment: ACCORD (default build/accord), JOBS (default 2). Runs `accord run`
from the current directory (the source tree).
SPDX-License-Identifier: GPL-3.0-or-later"""
import csv, math, os, random, shutil, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor

ACCORD = os.environ.get("ACCORD", "build/accord")
TQ = {1: 12.71, 2: 4.30, 3: 3.18, 4: 2.78, 5: 2.57, 6: 2.45, 7: 2.36, 8: 2.31, 9: 2.26, 10: 2.23, 29: 2.045}


def run(scn, sets, seed):
    d = tempfile.mkdtemp(prefix="accord-lhs")
    try:
        args = [ACCORD, "run", scn, "--seed", str(seed), "--out", d, "--quiet"]
        for k, v in sets.items():
            args += ["--set", f"{k}={v}"]
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
        o = {"ts": {}, "c": {}, "csum": {}, "s": {}}
        with open(os.path.join(d, "timeseries.csv")) as f:
            for r in csv.DictReader(f):
                for k, v in r.items():
                    if k in ("step", "year", "jurisdiction"):
                        continue
                    try:
                        x = float(v)
                    except ValueError:
                        continue
                    if x == x:
                        key = (r["jurisdiction"], k)
                        o["ts"][key] = o["ts"].get(key, 0.0) + x
        p = os.path.join(d, "custom.csv")
        if os.path.exists(p):
            with open(p) as f:
                for r in csv.DictReader(f):
                    o["c"][r["metric"]] = float(r["value"])
                    o["csum"][r["metric"]] = o["csum"].get(r["metric"], 0.0) + float(r["value"])
        with open(os.path.join(d, "summary.csv")) as f:
            for k, v in next(csv.DictReader(f)).items():
                try:
                    o["s"][k] = float(v)
                except ValueError:
                    pass
        return o
    finally:
        shutil.rmtree(d, ignore_errors=True)


def measure(o, m):
    p = m.split(":")
    if p[0] == "ts":
        return o["ts"].get((p[1], p[2]), 0.0)
    return o[p[0]].get(p[1], float("nan"))


def stats(d):
    n = len(d)
    mean = sum(d) / n
    se = math.sqrt(sum((x - mean) ** 2 for x in d) / (n - 1) / n) if n > 1 else 0
    t = mean / se if se > 0 else (math.copysign(math.inf, mean) if mean else 0.0)
    q = TQ.get(n - 1, 2.0 + 2.4 / max(n - 1, 1))
    return mean, t, (mean - q * se, mean + q * se)


def paired(scn, common, control, treat, ms, seeds, jobs):
    def one(seed):
        a, b = run(scn, {**common, **control}, seed), run(scn, {**common, **treat}, seed)
        return [(measure(a, m), measure(b, m)) for m in ms]
    with ThreadPoolExecutor(jobs) as ex:
        res = list(ex.map(one, seeds))
    return {m: ([r[i][0] for r in res], [r[i][1] for r in res]) for i, m in enumerate(ms)}


def kv(s):
    return dict(x.split("=", 1) for x in s.split(",")) if s else {}


def main(a):
    if len(a) < 9:
        sys.exit(__doc__)
    scn, common, control, treat = a[0], kv(a[1]), kv(a[2]), kv(a[3])
    n, reps, seed, jobs = int(a[5]), int(a[6]), int(a[7]), int(os.environ.get("JOBS", "2"))
    ms, signs = [], []
    for m in a[8:]:
        sg = -1 if m.endswith(":-") else 1
        ms.append(m[:-2] if m[-2:] in (":+", ":-") else m)
        signs.append(sg)
    seeds = [1000 + r for r in range(reps)]
    if n == 0:
        out = paired(scn, common, control, treat, ms, seeds, jobs)
        for m, sg in zip(ms, signs):
            c, t = out[m]
            d = [y - x for x, y in zip(c, t)]
            mean, tt, ci = stats(d)
            print(f"{m}: {sum(c)/len(c):.5g} -> {sum(t)/len(t):.5g}  diff {mean:.5g} [{ci[0]:.4g}, {ci[1]:.4g}] "
                  f"t = {tt:.2f}  higher {sum(x > 0 for x in d)}, lower {sum(x < 0 for x in d)} of {len(d)}")
        return
    rng = random.Random(seed)
    ranges = {}
    for x in a[4].split(","):
        k, v = x.split("=")
        lo, hi = v.split(":")
        ranges[k] = (float(lo), float(hi))
    cols = {}
    for k, (lo, hi) in ranges.items():
        perm = list(range(n))
        rng.shuffle(perm)
        cols[k] = [lo + (hi - lo) * (perm[i] + rng.random()) / n for i in range(n)]
    tally = {m: [0, 0, 0] for m in ms}
    for i in range(n):
        pt = {k: f"{cols[k][i]:.6g}" for k in ranges}
        out = paired(scn, {**common, **pt}, control, treat, ms, seeds, jobs)
        cells = []
        for m, sg in zip(ms, signs):
            c, t = out[m]
            mean, tt, _ = stats([sg * (y - x) for x, y in zip(c, t)])
            tally[m][0] += mean > 0
            tally[m][1] += mean > 0 and tt > 2
            tally[m][2] += mean < 0 and tt < -2
            cells.append(f"{m}: {sum(c)/len(c):.4g} -> {sum(t)/len(t):.4g} t = {sg * tt:.2f}")
        print(f"point {i:2d} " + " ".join(f"{k}={v}" for k, v in pt.items()) + " | " + " | ".join(cells), flush=True)
    for m, sg in zip(ms, signs):
        h = tally[m]
        print(f"{m} (claimed sign {sg:+d}): {n} points, in the claimed direction {h[0]}, with t > 2 {h[1]}, "
              f"reversed with t > 2 {h[2]}")


if __name__ == "__main__":
    main(sys.argv[1:])
