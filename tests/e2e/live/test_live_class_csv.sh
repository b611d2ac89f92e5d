#!/usr/bin/env bash
# accord live's class view as a download, asked for in a teacher's trial:
# /api/class.csv holds every participant's label, name, parameter values,
# seed and outcomes (as /api/class has them), names escaped for CSV (a
# comma, a quote), and a name a spreadsheet would run as a formula
# (=, +, -, @ first) kept as text behind a '; the class page links to it.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/live_lib.sh"

command -v curl > /dev/null || { echo "curl is needed"; exit 1; }
live_start scenarios/baseline.lua --rate 0 || { not_ok "server starts" "$(cat "$TMP/server.log")"; finish; exit 1; }
expect_code 200 "an empty class: GET /api/class.csv" /api/class.csv
head -1 "$TMP/body" | grep -q "participant,name,years,scale,eu_stringency,.*,seed,reps,harm,startup_survival_rate,welfare" \
  && [ "$(wc -l < "$TMP/body")" = 1 ] && ok "an empty class: the header only" || not_ok "empty csv" "$(cat "$TMP/body")"

# names: accents, a comma and quotes, formulas (=, +, -, @)
for q in "1&name=Zo%C3%AB&eu_stringency=0.9" "2&name=Smith%2C%20%22Jo%22" "3&name=%3DHYPERLINK(%22http%3A%2F%2Fx%22)" \
         "4&name=%2B1%2B2" "5&name=-2%2B3&seed=7" "6&name=%40SUM(A1)&reps=2"; do
  expect_code 200 "participant ${q%%&*}" "/api/run?client=000000000000000$q"
done
code /api/class.csv -D "$TMP/headers" > "$TMP/code"
cp "$TMP/body" "$TMP/class.csv"
[ "$(cat "$TMP/code")" = 200 ] && grep -qi '^Content-Type: text/csv; charset=utf-8' "$TMP/headers" \
  && grep -qi '^Content-Disposition: attachment; filename="class-baseline.csv"' "$TMP/headers" \
  && ok "/api/class.csv is a CSV download (class-baseline.csv)" || not_ok "csv headers" "$(cat "$TMP/code" "$TMP/headers")"
expect_code 200 "GET /api/class" /api/class
cp "$TMP/body" "$TMP/class.json"
out=$(python3 - "$TMP/class.csv" "$TMP/class.json" <<'PY'
import csv, json, math, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
cls = json.load(open(sys.argv[2], encoding="utf-8"))
bad = []
want_names = {"P1": "Zoë", "P2": 'Smith, "Jo"', "P3": "'=HYPERLINK(\"http://x\")",
              "P4": "'+1+2", "P5": "'-2+3", "P6": "'@SUM(A1)"}
if [r["participant"] for r in rows] != [p["label"] for p in cls["participants"]]:
    bad.append("participants %s" % [r["participant"] for r in rows])
for r, p in zip(rows, cls["participants"]):
    if r["name"] != want_names.get(r["participant"]):
        bad.append("%s name %r" % (r["participant"], r["name"]))
    for k, v in p["parameters"].items():
        if float(r[k]) != v:
            bad.append("%s %s %s != %s" % (r["participant"], k, r[k], v))
    for k in ("seed", "reps"):
        if int(r[k]) != p[k]:
            bad.append("%s %s %s != %s" % (r["participant"], k, r[k], p[k]))
    for k, v in p["outcomes"].items():
        if v is None or (isinstance(v, float) and math.isnan(v)):
            ok = r[k] == ""
        else:
            ok = float(r[k]) == v
        if not ok:
            bad.append("%s %s %s != %s" % (r["participant"], k, r[k], v))
# no cell a spreadsheet would read as a formula
for line in csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")):
    for cell in line:
        if cell[:1] in ("=", "+", "@") or (cell[:1] == "-" and not cell[1:2].isdigit()):
            bad.append("formula cell %r" % cell)
        if cell[:1] == "-":
            try:
                float(cell)
            except ValueError:
                bad.append("formula cell %r" % cell)
print("; ".join(bad) if bad else "OK %d rows" % len(rows))
PY
)
[ "${out%% *}" = OK ] && ok "the CSV holds /api/class's participants, values and outcomes; names escaped, formulas kept as text ($out)" \
  || not_ok "csv content" "$out $(cat "$TMP/class.csv")"
grep -q '^P3,"'"'"'=HYPERLINK(""http://x"")",' "$TMP/class.csv" \
  && ok "a formula name is quoted, behind a ', its quotes doubled" || not_ok "formula cell" "$(grep ^P3 "$TMP/class.csv")"
expect_code 200 "GET /class" /class
grep -q '<a id="download" href="/api/class.csv" download>' "$TMP/body" && ok "the class page links to the download" \
  || not_ok "class page link" "$(grep -o '<a [^>]*>' "$TMP/body")"
live_stop
[ "$LIVE_RC" = 0 ] && ok "clean stop" || not_ok "stop" "$LIVE_RC"
finish
