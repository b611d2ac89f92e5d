#!/usr/bin/env python3
# Where does a scenario's claim hold? Runs a Latin-hypercube design over some of
# the scenario's declared parameters, each point twice (policy switch off and
# on, the same seeds: common random numbers), and prints per point the mean
# outcome of both arms and the paired difference, then how many points show
# the claimed sign. A recipe tool for scenario headers (issue 11); issue 13's
# `discover` will find the boxes where a claim holds.
#
#   tests/tools/claim_lhs.py SCENARIO --switch sandbox=0,1 \
#       --vary sandbox_months=0:60 --vary fee_waiver=0:1 \
#       --outcome custom:eu_startups [--sign +] [--points 32] [--seeds 1,2] \
#       [--set years=4 --set scale=0.1] [--accord build/accord] [-j 2] [--design-seed 11]
#
# --outcome custom:NAME   mean over the run of a metric the scenario records
#           summary:NAME  a column of summary.csv
#           ts:JUR:COLUMN sum over the run of a timeseries.csv column
# SPDX-License-Identifier: GPL-3.0-or-later
import argparse
import concurrent.futures as cf
import csv
import os
import random
import shutil
import statistics as st
import subprocess
import sys
import tempfile


def outcome(d, spec):
    kind, _, rest = spec.partition(":")
    if kind == "custom":
        v = [float(r["value"]) for r in csv.DictReader(open(os.path.join(d, "custom.csv"))) if r["metric"] == rest]
        if not v:
            sys.exit(f"claim_lhs: {d}/custom.csv has no metric '{rest}'")
        return sum(v) / len(v)
    if kind == "summary":
        r = next(csv.DictReader(open(os.path.join(d, "summary.csv"))))
        if rest not in r:
            sys.exit(f"claim_lhs: summary.csv has no column '{rest}'")
        return float(r[rest])
    if kind == "ts":
        jur, _, col = rest.partition(":")
        return sum(float(r[col]) for r in csv.DictReader(open(os.path.join(d, "timeseries.csv")))
                   if r["jurisdiction"] == jur and r[col] not in ("", "NA", "nan"))
    sys.exit(f"claim_lhs: --outcome must be custom:NAME, summary:NAME or ts:JUR:COLUMN, got '{spec}'")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("scenario")
    ap.add_argument("--switch", required=True, help="name=off,on")
    ap.add_argument("--vary", action="append", default=[], help="name=lo:hi")
    ap.add_argument("--set", action="append", default=[], help="name=value for both arms")
    ap.add_argument("--outcome", required=True)
    ap.add_argument("--sign", choices=["+", "-"], default="+", help="claimed sign of on - off")
    ap.add_argument("--points", type=int, default=32)
    ap.add_argument("--seeds", default="1,2")
    ap.add_argument("--design-seed", type=int, default=11)
    ap.add_argument("--accord", default="build/accord")
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("--workdir")
    a = ap.parse_args()
    sw, _, arms = a.switch.partition("=")
    off, on = arms.split(",")
    ranges = {}
    for v in a.vary:
        k, _, r = v.partition("=")
        lo, hi = (float(x) for x in r.split(":"))
        ranges[k] = (lo, hi)
    seeds = [int(s) for s in a.seeds.split(",")]
    n = a.points
    rng = random.Random(a.design_seed)
    perm = {k: rng.sample(range(n), n) for k in ranges}
    pts = [{k: lo + (perm[k][i] + rng.random()) / n * (hi - lo) for k, (lo, hi) in ranges.items()} for i in range(n)]
    work = a.workdir or tempfile.mkdtemp(prefix="claim_lhs.")

    def run(i, arm, seed):
        out = os.path.join(work, f"p{i}-{arm}-s{seed}")
        args = [a.accord, "run", a.scenario, "--seed", str(seed), "--out", out, "-q", "--set", f"{sw}={arm}"]
        for s in a.set:
            args += ["--set", s]
        for k, v in pts[i].items():
            args += ["--set", f"{k}={v:.6g}"]
        subprocess.run(args, check=True)
        return outcome(out, a.outcome)

    with cf.ThreadPoolExecutor(a.j) as ex:
        fut = {(i, arm, s): ex.submit(run, i, arm, s) for i in range(n) for arm in (off, on) for s in seeds}
        res = {k: f.result() for k, f in fut.items()}
    sign = 1 if a.sign == "+" else -1
    holds = 0
    effects = []
    print(" ".join(ranges) + " off on diff holds")
    for i in range(n):
        m_off = st.mean(res[(i, off, s)] for s in seeds)
        m_on = st.mean(res[(i, on, s)] for s in seeds)
        d = m_on - m_off
        h = sign * d > 0
        holds += h
        effects.append(d)
        print(" ".join(f"{pts[i][k]:.4g}" for k in ranges), f"{m_off:.6g} {m_on:.6g} {d:.6g} {int(h)}")
    print(f"# {n} points, {len(seeds)} paired seeds each: the claimed sign ({a.sign}) at {holds}; "
          f"difference min {min(effects):.6g}, median {st.median(effects):.6g}, max {max(effects):.6g}")
    if not a.workdir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
