#!/usr/bin/env bash
# accord report writes its page only over a page accord report wrote: --out
# naming a run's own CSV or manifest, a file of the user's or a directory is
# refused (exit 2) before anything is drawn, and the file stays as it was;
# a page of its own is replaced (a second report of the same directory).
. "$(dirname "$0")/lib.sh"

D="$TMP/run"
"$ACCORD" run tests/scenarios/tiny.lua --out "$D" -q || not_ok "run tiny"
cp "$D/summary.csv" "$TMP/summary.before"
cp "$D/manifest.json" "$TMP/manifest.before"
printf 'my notes\n' > "$TMP/notes.txt"

expect_exit 2 "summary.csv exists and is not a page accord report wrote" \
  "report --out the run's summary.csv is refused" -- "$ACCORD" report "$D" --out "$D/summary.csv" --no-figures -q
cmp -s "$D/summary.csv" "$TMP/summary.before" && ok "summary.csv is unchanged" || not_ok "summary.csv was overwritten"
expect_exit 2 "manifest.json exists and is not a page accord report wrote" \
  "report --out the run's manifest.json is refused" -- "$ACCORD" report "$D" --out "$D/manifest.json" --no-figures -q
cmp -s "$D/manifest.json" "$TMP/manifest.before" && ok "manifest.json is unchanged" || not_ok "manifest.json was overwritten"
expect_exit 2 "notes.txt exists and is not a page accord report wrote" \
  "report --out a file of the user's is refused" -- "$ACCORD" report "$D" --out "$TMP/notes.txt" --no-figures -q
[ "$(cat "$TMP/notes.txt")" = "my notes" ] && ok "the user's file is unchanged" || not_ok "the user's file was overwritten"
expect_exit 2 "is a directory: --out takes the page's file name" \
  "report --out DIR is refused, naming a file to give" -- "$ACCORD" report "$D" --out "$D" -q

# DIR/report.html of the user's own: kept, the message says how to write the page elsewhere
O="$TMP/own"
"$ACCORD" run tests/scenarios/tiny.lua --out "$O" -q || not_ok "run tiny"
printf '<!DOCTYPE html>\n<p>my page</p>\n' > "$O/report.html"
cp "$O/report.html" "$TMP/own.before"
expect_exit 2 "report.html exists and is not a page accord report wrote.*--out FILE" \
  "a report.html of the user's own is not replaced" -- "$ACCORD" report "$O" --no-figures -q
cmp -s "$O/report.html" "$TMP/own.before" && ok "the user's report.html is unchanged" || not_ok "the user's report.html was overwritten"
ls -a "$D" "$O" "$TMP" | grep -q '\.tmp\.' && not_ok "a temporary file was left" || ok "no temporary file left"

# its own pages are replaced: the default page and an --out page, twice each
expect_exit 0 "report.html" "report DIR" -- "$ACCORD" report "$D" --no-figures
expect_exit 0 "report.html" "report DIR again replaces its own page" -- "$ACCORD" report "$D" --no-figures
expect_exit 0 "page.html" "report --out FILE" -- "$ACCORD" report "$D" --out "$TMP/page.html" --no-figures
expect_exit 0 "page.html" "report --out FILE again replaces its own page" -- "$ACCORD" report "$D" --out "$TMP/page.html" --no-figures

finish
