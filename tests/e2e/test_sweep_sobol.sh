#!/usr/bin/env bash
# Global sensitivity through a real sweep (docs/statistics.md §3): Sobol' indices of
# the Ishigami function from `accord sweep --design sobol` land within their
# bootstrap intervals of the analytic values; Morris mu* of x2 is exactly 63/8
# and ranks x1 and x2 above x3; the figures §3 quotes are what the sweeps print.
. "$(dirname "$0")/lib.sh"

S=tests/scenarios/ishigami.lua
# 4096 base samples: 4096 x (3 + 2) = 20480 runs (about 2 s with -j 2)
expect_exit 0 "20480 ok, 0 failed" "Ishigami sobol sweep, N = 4096" -- "$ACCORD" sweep $S --vary x1 --vary x2 --vary x3 --design sobol --samples 4096 --out "$TMP/s" -j 2
head -1 "$TMP/s/sensitivity.csv" | grep -qx 'outcome,parameter,S1,S1_lo,S1_hi,ST,ST_lo,ST_hi,rows_used' \
  && ok "sensitivity.csv header" || not_ok "sensitivity.csv header" "$(head -1 "$TMP/s/sensitivity.csv")"
# analytic indices (Ishigami & Homma 1990; docs/statistics.md §3), a = 7, b = 0.1
res=$(awk -F, 'BEGIN { pi = atan2(0, -1); a = 7; b = 0.1
    V = a^2/8 + b*pi^4/5 + b^2*pi^8/18 + 0.5; V1 = (1 + b*pi^4/5)^2/2; V2 = a^2/8; V13 = 8*b^2*pi^8/225
    s1["x1"] = V1/V; s1["x2"] = V2/V; s1["x3"] = 0; st["x1"] = (V1+V13)/V; st["x2"] = V2/V; st["x3"] = V13/V }
  NR > 1 { n++
    if (!(s1[$2] >= $4 && s1[$2] <= $5)) { bad = bad " S1(" $2 ")=" s1[$2] " not in [" $4 "," $5 "]" }
    if (!(st[$2] >= $7 && st[$2] <= $8)) { bad = bad " ST(" $2 ")=" st[$2] " not in [" $7 "," $8 "]" }
    if ($5 - $4 > 0.1 || $8 - $7 > 0.1) bad = bad " wide interval for " $2
    if ($9 != 4096) bad = bad " rows_used " $9 }
  END { print n, (bad == "" ? "ok" : bad) }' "$TMP/s/sensitivity.csv")
[ "$res" = "3 ok" ] && ok "S1 and ST of x1, x2, x3 within their bootstrap CIs of the analytic values" || not_ok "Sobol indices" "$res; $(cat "$TMP/s/sensitivity.csv")"
grep -q '"bootstrap_replicates": 1000' "$TMP/s/manifest.json" && grep -q '"quasi_random": true' "$TMP/s/manifest.json" \
  && ok "manifest records the bootstrap and the Sobol' sequence" || not_ok "sobol manifest"

# Morris, p = 4, r = 1000: every elementary effect of x2 is 7 (3/4) / (2/3) = 63/8
expect_exit 0 "4000 ok" "Ishigami morris sweep, r = 1000" -- "$ACCORD" sweep $S --vary x1 --vary x2 --vary x3 --design morris --samples 1000 --out "$TMP/m" -j 2
res=$(awk -F, 'NR > 1 { mu[$2] = $4; n[$2] = $6 }
  END { bad = ""; d = mu["x2"] - 7.875; if (d < -1e-9 || d > 1e-9) bad = bad " mu*(x2)=" mu["x2"]
        if (!(mu["x3"] < mu["x1"] && mu["x3"] < mu["x2"])) bad = bad " ranking"
        if (n["x1"] != 1000 || n["x3"] != 1000) bad = bad " n"
        print (bad == "" ? "ok" : bad) }' "$TMP/m/sensitivity.csv")
[ "$res" = "ok" ] && ok "Morris: mu*(x2) = 63/8 exactly; x1 and x2 rank above x3" || not_ok "Morris" "$res; $(cat "$TMP/m/sensitivity.csv")"

# docs/statistics.md §3 quotes these two sweeps: its table (4 decimals) and
# its measured mu* (2 decimals) are what they print
res=$(python3 - docs/statistics.md "$TMP/s/sensitivity.csv" "$TMP/m/sensitivity.csv" <<'EOF'
import csv, re, sys
doc = open(sys.argv[1], encoding="utf-8").read()
sec = doc[doc.index("## 3. Validation"):doc.index("## References")].replace("\u2212", "-")
num = r"(-?[0-9.]+)"
cell = num + r" \[" + num + ", " + num + r"\]"
bad = []
rows = {r["parameter"]: r for r in csv.DictReader(open(sys.argv[2]))}
for p in ("x1", "x2", "x3"):
    m = re.search(r"\| " + p + r" \| " + cell + r" \| " + cell + r" \|", sec)
    if not m:
        bad.append("no table row for " + p)
        continue
    r = rows[p]
    for got, key in zip(m.groups(), ("S1", "S1_lo", "S1_hi", "ST", "ST_lo", "ST_hi")):
        want = "%.4f" % float(r[key])
        if want == "-0.0000":
            want = "0.0000"
        if got != want:
            bad.append("%s %s: doc %s, sweep %s" % (p, key, got, want))
mu = {r["parameter"]: float(r["mu_star"]) for r in csv.DictReader(open(sys.argv[3]))}
m = re.search(r"measured: μ\*1 = " + num + r", μ\*2 = " + num + r", μ\*3 = " + num, sec)
if not m:
    bad.append("no measured mu*")
else:
    for got, p in zip(m.groups(), ("x1", "x2", "x3")):
        if abs(float(got) - mu[p]) > 0.5 * 10 ** -len(got.split(".")[1]):
            bad.append("mu*(%s): doc %s, sweep %.4f" % (p, got, mu[p]))
print("ok" if not bad else "; ".join(bad))
EOF
)
[ "$res" = "ok" ] && ok "docs/statistics.md §3: the Sobol' table and Morris mu* are the sweeps' figures" \
  || not_ok "docs/statistics.md §3 figures" "$res"
finish
