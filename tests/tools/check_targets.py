#!/usr/bin/env python3
"""Check the default world against its calibration targets (data/targets.csv).

    tests/tools/check_targets.py [--accord BIN] [--seeds N] [-j J] [--workdir DIR]
                                 [--reuse] [--targets CSV] [--only ID,...] [--allow-na]
                                 [--dry-run]

For every scenario named in targets.csv's `scenario` column (a scenario file
and its arguments, e.g. "scenarios/baseline.lua --set scale=1") it runs
`accord run SCENARIO --seed s` for the seeds 1..N (default 30, J at a time,
default 2) into WORKDIR (default: a temporary directory, removed at the end;
with --reuse an existing WORKDIR's complete runs are read, not rerun). Then it
evaluates every row of targets.csv: the per-run value that the row's
`statistic` describes, over the row's `window` (run years, "1-6" = years 1 to
6), from the run's summary.csv, timeseries.csv, events.csv and manifest.json;
then the mean over the seeds, its standard error (sd / sqrt(n)), and whether
the mean lies in [low, high]. One line per target:

    id  mean  se  low  high  PASS|FAIL|N/A  [note]

N/A means the target cannot be measured from the outputs yet (a column the
statistic needs is missing, or the window needs a per-step or per-developer
series the outputs do not have); the note says which. Exit status: 0 when
every target passes, 1 when any fails or (without --allow-na) is N/A, 2 on a
usage error or a run that failed. The statistics are matched by the phrases
of the `statistic` column (see STATISTICS below); a row whose statistic is
not recognised is an error, not a silent pass.
SPDX-License-Identifier: GPL-3.0-or-later"""
import argparse
import concurrent.futures
import csv
import json
import math
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.realpath(os.path.join(os.path.dirname(__file__), "..", ".."))


class NA(Exception):
    """The statistic cannot be computed from these outputs (the message says why)."""


# ---- one run's outputs ----------------------------------------------------------------

class Run:
    def __init__(self, d):
        self.dir = d
        with open(os.path.join(d, "summary.csv"), newline="") as f:
            self.summary = next(csv.DictReader(f))
        with open(os.path.join(d, "manifest.json")) as f:
            self.manifest = json.load(f)
        model = self.manifest.get("model", {})
        self.spy = float(model.get("steps_per_year", 12))
        self.steps = int(float(self.summary["horizon_steps"]))
        self.jurs = [j["id"] for j in model.get("jurisdictions", [])]
        self.binding = [j["id"] for j in model.get("jurisdictions", []) if j.get("binding")]
        self.pops = model.get("populations", [])
        self._ts = None
        self._ev = None

    def ts(self):
        """timeseries.csv rows as dicts (read once)."""
        if self._ts is None:
            with open(os.path.join(self.dir, "timeseries.csv"), newline="") as f:
                self._ts = list(csv.DictReader(f))
        return self._ts

    def events(self, types):
        """events.csv rows of the given types (read once, those types kept)."""
        if self._ev is None:
            self._ev = {}
            want = {"founded", "bankruptcy", "rejection", "certification"}
            with open(os.path.join(self.dir, "events.csv"), newline="") as f:
                r = csv.reader(f)
                head = next(r)
                ix = {h: i for i, h in enumerate(head)}
                for row in r:
                    t = row[ix["event"]]
                    if t in want:
                        self._ev.setdefault(t, []).append({h: row[i] for h, i in ix.items()})
        out = []
        for t in types:
            out.extend(self._ev.get(t, []))
        return out

    def col(self, name):
        """A summary value (float, NaN for NA); NA if there is no such column."""
        if name not in self.summary:
            raise NA(f"column missing: summary.csv has no '{name}'")
        v = self.summary[name]
        return math.nan if v in ("NA", "") else float(v)

    def steps_of(self, window):
        """First and last step of a window of years (lo, hi)."""
        lo, hi = window
        first, last = int(round((lo - 1) * self.spy)) + 1, int(round(hi * self.spy))
        if last > self.steps:
            raise NA(f"the run has {self.steps} steps, the window needs {last}")
        return first, last

    def whole(self, window):
        return self.steps_of(window) == (1, self.steps)


# ---- the statistics (matched by phrases of targets.csv's `statistic`) ------------------

def st_sum_all_row(run, row, window):
    """sum over the window's steps of the `all` row of timeseries.csv (column `outcome`)."""
    first, last = run.steps_of(window)
    col = row["outcome"]
    total = 0.0
    for r in run.ts():
        if r["jurisdiction"] == "all" and first <= int(r["step"]) <= last:
            if col not in r:
                raise NA(f"column missing: timeseries.csv has no '{col}'")
            total += float(r[col])
    return total


def st_survival_5y(run, row, window):
    """startups founded in year 1 not bankrupt 5 years after founding: the summary
    column when there is one (checked against events.csv), else from events.csv."""
    k5, last1 = int(round(5 * run.spy)), int(math.floor(run.spy))
    if run.steps < last1 + k5:
        raise NA(f"the run has {run.steps} steps, five-year survival needs {last1 + k5}")
    founded = {e["developer"]: int(e["step"]) for e in run.events(["founded"])
               if e["kind"] == "startup" and 1 <= int(e["step"]) <= last1}
    dead = {e["developer"]: int(e["step"]) for e in run.events(["bankruptcy"])}
    if not founded:
        return math.nan
    alive = sum(1 for d, b in founded.items() if not (d in dead and dead[d] <= b + k5))
    v = alive / len(founded)
    if "startup_survival_5y" in run.summary:
        s = run.col("startup_survival_5y")
        if not abs(s - v) <= 1e-12:
            raise RuntimeError(f"{run.dir}: startup_survival_5y {s} but events.csv gives {v}")
    return v


def st_bankruptcy_rate(kind):
    def f(run, row, window):
        """bankruptcies of `kind` in the window / developer-years of `kind` alive at the
        start of each step of the window (the summary column for the whole run)."""
        first, last = run.steps_of(window)
        col = f"bankruptcy_rate_{kind}"
        # from events.csv and the initial counts of the manifest (for the whole run:
        # checked against the summary column)
        alive = sum(p.get("count", 0) for p in run.pops if p.get("kind") == kind)
        if any("count" not in p for p in run.pops if p.get("kind") == kind):
            raise NA("the manifest's populations have no counts")
        change = {}
        for e in run.events(["bankruptcy"]):
            if e["kind"] == kind:
                change.setdefault(int(e["step"]), [0, 0])[0] += 1
        for e in run.events(["founded"]):
            if e["kind"] == kind:
                change.setdefault(int(e["step"]), [0, 0])[1] += 1
        dev_steps = bankrupt = 0
        for t in range(1, last + 1):
            b, fd = change.get(t, (0, 0))
            if t >= first:
                dev_steps += alive
                bankrupt += b
            alive += fd - b
        v = bankrupt / (dev_steps / run.spy) if dev_steps else math.nan
        if run.whole(window) and col in run.summary:
            s = run.col(col)
            if not (math.isnan(s) and math.isnan(v)) and not abs(s - v) <= 1e-12 * max(1, abs(v)):
                raise RuntimeError(f"{run.dir}: {col} {s} but events.csv gives {v}")
        return v
    f.__name__ = f"st_bankruptcy_rate_{kind}"
    return f


def st_top10(run, row, window):
    """share of the window's revenue earned by the ten largest developers: only the
    summary's whole-run column (the outputs have no per-developer revenue series)."""
    if not run.whole(window):
        raise NA("no per-developer revenue series for a partial window")
    return run.col("top10_share")


def st_hhi_monopoly(run, row, window):
    """jurisdiction rows in the window with revenue > 0 and hhi >= 9999."""
    first, last = run.steps_of(window)
    return float(sum(1 for r in run.ts()
                     if r["jurisdiction"] != "all" and first <= int(r["step"]) <= last
                     and float(r["revenue"]) > 0 and float(r["hhi"]) >= 9999))


def st_rejection_share(run, row, window):
    """rejections / (rejections + certifications granted on review) in the window, from
    events.csv; incumbency and held-bloc certificates are not decisions. A run with no
    decision has no value (and the target fails)."""
    first, last = run.steps_of(window)
    rej = dec = 0
    for e in run.events(["rejection", "certification"]):
        if not first <= int(e["step"]) <= last:
            continue
        if e["event"] == "rejection":
            rej += 1
            dec += 1
        elif e["path"] != "incumbency" and e["detail"] != "held":
            dec += 1
    if dec == 0:
        raise RunFails("a run with no review decision in the window")
    return rej / dec


def st_fine_years(run, row, window):
    """share of the window's years with fine_spend > 0 on a binding jurisdiction's rows
    (binding at the start, from the manifest)."""
    first, last = run.steps_of(window)
    if not run.binding:
        raise NA("no binding jurisdiction")
    years = {}
    for r in run.ts():
        t = int(r["step"])
        if r["jurisdiction"] in run.binding and first <= t <= last:
            y = int(math.ceil(t / run.spy - 1e-9))
            years[y] = years.get(y, 0.0) + float(r["fine_spend"])
    return sum(1 for v in years.values() if v > 0) / len(years)


def st_noncompliant(run, row, window):
    """mean over the window's steps of sum(noncompliant) / sum(deployed + suspended)
    over the binding jurisdictions (steps with none serving skipped): the summary
    column for the whole run; for another window from the time series, which cannot
    tell a transition's grace period (binding at the start, from the manifest) and
    counts serving as `regulated_deployed` (earning in the regulated segment: a
    suspended developer is missed there), or `deployed` + `suspended` in a time
    series without segment columns."""
    first, last = run.steps_of(window)
    if not run.binding:
        raise NA("no binding jurisdiction")
    num, den = {}, {}
    for r in run.ts():
        t = int(r["step"])
        if r["jurisdiction"] in run.binding and first <= t <= last:
            if "noncompliant" not in r:
                raise NA("column missing: timeseries.csv has no 'noncompliant'")
            num[t] = num.get(t, 0.0) + float(r["noncompliant"])
            if "regulated_deployed" in r:
                den[t] = den.get(t, 0.0) + float(r["regulated_deployed"])
            else:
                den[t] = den.get(t, 0.0) + float(r["deployed"]) + float(r["suspended"])
    shares = [num[t] / den[t] for t in den if den[t] > 0]
    if run.whole(window) and "noncompliant_share" in run.summary:
        # exact: it also leaves out jurisdictions in a transition's grace period
        return run.col("noncompliant_share")
    return sum(shares) / len(shares) if shares else math.nan


def st_revenue_lead(run, row, window):
    """1 if revenue_home_<home> exceeds every other home's (whole run only)."""
    out = row["outcome"]  # revenue_home_us
    if not run.whole(window):
        raise NA("no per-home revenue series for a partial window")
    home = out[len("revenue_home_"):]
    lead = run.col(out)
    others = [run.col("revenue_home_" + j) for j in run.jurs if j != home]
    return 1.0 if all(lead > o for o in others) else 0.0


class RunFails(Exception):
    """A run whose value makes the target fail whatever the others give."""


# (phrase of `statistic`, function); the first match wins
STATISTICS = [
    ("sum over the window's steps of the `all` row of timeseries.csv", st_sum_all_row),
    ("share of the startups founded in year 1", st_survival_5y),
    ("incumbent bankruptcies in the window / incumbent-years", st_bankruptcy_rate("incumbent")),
    ("startup bankruptcies in the window / startup-years", st_bankruptcy_rate("startup")),
    ("open-source bankruptcies in the window / open-source-years", st_bankruptcy_rate("open_source")),
    ("ten developers with the largest cumulative revenue", st_top10),
    ("with revenue > 0 and hhi >= 9999", st_hhi_monopoly),
    ("rejections / review decisions in the window", st_rejection_share),
    ("fine_spend summed over the year's steps is > 0", st_fine_years),
    ("pooled share, over binding jurisdictions, of developers serving", st_noncompliant),
    ("exceeds that of every other home", st_revenue_lead),
]


def statistic_of(row):
    for phrase, f in STATISTICS:
        if phrase in row["statistic"]:
            return f
    return None


def parse_window(w):
    parts = w.split("-")
    lo, hi = int(parts[0]), int(parts[-1])
    if len(parts) > 2 or lo < 1 or hi < lo:
        raise ValueError(f"bad window '{w}'")
    return lo, hi


# ---- running the scenarios ----------------------------------------------------------

def run_one(accord, args, seed, out):
    if os.path.exists(os.path.join(out, "manifest.json")):
        return out, None
    cmd = [accord, "run"] + args + ["--seed", str(seed), "--out", out, "-q"]
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if p.returncode != 0:
        return out, f"{' '.join(cmd)}: exit {p.returncode}: {p.stderr.strip()[:500]}"
    return out, None


def slug(s):
    return "".join(c if c.isalnum() else "_" for c in s).strip("_")[:80]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--accord", default=os.environ.get("ACCORD_BIN", os.path.join(ROOT, "build", "accord")))
    ap.add_argument("--targets", default=os.path.join(ROOT, "data", "targets.csv"))
    ap.add_argument("--seeds", type=int, default=30)
    ap.add_argument("-j", type=int, default=2, dest="jobs")
    ap.add_argument("--workdir")
    ap.add_argument("--reuse", action="store_true", help="read complete runs already in --workdir")
    ap.add_argument("--only", help="comma-separated target ids")
    ap.add_argument("--allow-na", action="store_true", help="N/A targets do not fail the check")
    ap.add_argument("--dry-run", action="store_true",
                    help="check the targets file and list how each row is computed; run nothing")
    a = ap.parse_args()
    if not os.access(a.accord, os.X_OK):
        print(f"check_targets: no accord binary at {a.accord} (--accord or ACCORD_BIN)", file=sys.stderr)
        return 2
    if a.seeds < 2 or a.jobs < 1:
        print("check_targets: --seeds needs at least 2, -j at least 1", file=sys.stderr)
        return 2
    with open(a.targets, newline="") as f:
        rows = list(csv.DictReader(f))
    if a.only:
        keep = set(a.only.split(","))
        unknown = keep - {r["id"] for r in rows}
        if unknown:
            print(f"check_targets: --only: no target {', '.join(sorted(unknown))}", file=sys.stderr)
            return 2
        rows = [r for r in rows if r["id"] in keep]
    for r in rows:
        if None in r or any(v is None for v in r.values()):
            print(f"check_targets: {a.targets}: row '{r.get('id')}' does not have the header's "
                  f"{len(r) - (None in r)} fields (an unquoted comma?)", file=sys.stderr)
            return 2
        if statistic_of(r) is None:
            print(f"check_targets: {r['id']}: statistic not recognised: {r['statistic']}", file=sys.stderr)
            return 2
        try:
            parse_window(r["window"])
            float(r["low"]), float(r["high"])
        except ValueError as e:
            print(f"check_targets: {r['id']}: {e}", file=sys.stderr)
            return 2
    if a.dry_run:
        for r in rows:
            print(f"{r['id']:<28} window {r['window']:<6} {statistic_of(r).__name__}  [{r['scenario']}]")
        return 0
    t0 = time.monotonic()
    tmp = None
    if a.workdir:
        work = a.workdir
        if not a.reuse and os.path.exists(work):
            shutil.rmtree(work)
        os.makedirs(work, exist_ok=True)
    else:
        work = tmp = tempfile.mkdtemp(prefix="accord-targets.")
    try:
        runs = {}
        jobs = []
        for sc in sorted({r["scenario"] for r in rows}):
            d = os.path.join(work, slug(sc))
            runs[sc] = [os.path.join(d, f"seed-{s}") for s in range(1, a.seeds + 1)]
            jobs += [(shlex.split(sc), s, runs[sc][s - 1]) for s in range(1, a.seeds + 1)]
        with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as ex:
            errors = [e for _, e in ex.map(lambda j: run_one(a.accord, *j), jobs) if e]
        if errors:
            for e in errors:
                print(f"check_targets: {e}", file=sys.stderr)
            return 2
        t_run = time.monotonic() - t0
        # run by run (one run's outputs in memory at a time): each row's value,
        # or why the row cannot be measured (NA) or fails whatever the rest (RunFails)
        vals = {r["id"]: [] for r in rows}
        na = {}
        failed = {r["id"]: [] for r in rows}
        for sc, dirs in runs.items():
            mine = [r for r in rows if r["scenario"] == sc]
            for d in dirs:
                run = Run(d)
                for r in mine:
                    if r["id"] in na:
                        continue
                    try:
                        vals[r["id"]].append(statistic_of(r)(run, r, parse_window(r["window"])))
                    except NA as e:
                        na[r["id"]] = str(e)
                    except RunFails as e:
                        failed[r["id"]].append(str(e))
                del run
        bad = 0
        print(f"{'id':<28} {'mean':>12} {'se':>10} {'low':>8} {'high':>8}  result")
        for r in rows:
            f = statistic_of(r)
            low, high = float(r["low"]), float(r["high"])
            note, status = "", None
            if r["id"] in na:
                status, note = "N/A", f"n/a ({na[r['id']]})"
            elif failed[r["id"]]:
                status, note = "FAIL", f"{len(failed[r['id']])} runs fail: {failed[r['id']][0]}"
            vals_r = vals[r["id"]] if status != "N/A" else []
            vals_ok = [v for v in vals_r if not math.isnan(v)]
            n = len(vals_ok)
            mean = sum(vals_ok) / n if n else math.nan
            se = (math.sqrt(sum((v - mean) ** 2 for v in vals_ok) / (n - 1)) / math.sqrt(n)
                  if n > 1 else math.nan)
            if status is None:
                if n < len(vals_r):
                    note = (note + "; " if note else "") + f"{len(vals_r) - n} of {len(vals_r)} runs without a value"
                status = "PASS" if n and low <= mean <= high and n == len(vals_r) else "FAIL"
            if status == "FAIL" or (status == "N/A" and not a.allow_na):
                bad += 1
            fmt = lambda x: "NA" if math.isnan(x) else f"{x:.6g}"
            print(f"{r['id']:<28} {fmt(mean):>12} {fmt(se):>10} {low:>8g} {high:>8g}  {status}"
                  + (f"  {note}" if note else ""))
        total = time.monotonic() - t0
        print(f"{len(rows)} targets, {len(rows) - bad} met; {a.seeds} seeds; "
              f"runs {t_run:.1f} s, total {total:.1f} s")
        return 1 if bad else 0
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
