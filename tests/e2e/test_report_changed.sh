#!/usr/bin/env bash
# report.html travels without the terminal's warnings: when the files beside
# it are not what manifest.json records (a SHA-256 that no longer holds), the
# page itself says so at the top, for a run and for a comparison; its
# Reproduce section gives the working directory the run's command ran in,
# and a sweep's its command and --set values.
. "$(dirname "$0")/lib.sh"

"$ACCORD" run tests/scenarios/tiny.lua --out "$TMP/a" -q || not_ok "run a"
"$ACCORD" run tests/scenarios/tiny.lua --out "$TMP/b" --set strict=0.9 -q || not_ok "run b"
"$ACCORD" report "$TMP/a" --no-figures -q || not_ok "report a"
grep -q 'id="changed"' "$TMP/a/report.html" && not_ok "an untouched run's page says its files changed" ||
  ok "an untouched run's page has no notice"
grep -q "sources.cwd</th><td><code>$(pwd -P)</code>" "$TMP/a/report.html" &&
  ok "Reproduce gives the working directory" || not_ok "Reproduce has no sources.cwd"

sed -i '2s/,/,7/' "$TMP/a/summary.csv"
"$ACCORD" report "$TMP/a" --no-figures -q || not_ok "report a again"
grep -q 'id="changed".*<code>summary.csv</code> has other bytes' "$TMP/a/report.html" &&
  ok "the page of a run whose summary.csv changed says so" || not_ok "no notice for a changed summary.csv"

"$ACCORD" compare "$TMP/b" "$TMP/a" --out "$TMP/c" --no-plot -q 2>/dev/null || not_ok "compare"
"$ACCORD" report "$TMP/c" --no-figures -q || not_ok "report c"
grep -q 'id="changed"' "$TMP/c/report.html" && not_ok "an untouched comparison's page says its files changed" ||
  ok "an untouched comparison's page has no notice"
printf 'x\n' >> "$TMP/c/compare_difference.csv"
"$ACCORD" report "$TMP/c" --no-figures -q 2>/dev/null
grep -q 'id="changed".*<code>compare_difference.csv</code>' "$TMP/c/report.html" &&
  ok "the page of a comparison whose file changed says so" || not_ok "no notice for a changed comparison"
# a sweep's Reproduce section: its command (execution.command) and --set values
"$ACCORD" sweep tests/scenarios/tiny.lua --vary strict=0.3:0.9:2 --reps 1 --set years=1 --out "$TMP/sw" -q -j 1 >/dev/null 2>&1 || not_ok "sweep"
"$ACCORD" report "$TMP/sw" --no-figures -q || not_ok "report sw"
sed -n '/id="reproduce"/,$p' "$TMP/sw/report.html" > "$TMP/repro.html"
grep -q "<pre>.*accord sweep tests/scenarios/tiny.lua --vary strict=0.3:0.9:2" "$TMP/repro.html" &&
  ok "a sweep's Reproduce gives its command" || not_ok "a sweep's Reproduce has no command"
grep -q "fixed</th><td><code>--set years=1</code>" "$TMP/repro.html" &&
  ok "a sweep's Reproduce gives its --set values" || not_ok "a sweep's Reproduce has no --set values"
finish
