#!/usr/bin/env bash
# A new run into a directory replaces the earlier run (docs/outputs.md): what
# accord report and accord plot made there from the earlier run goes with it
# (report.html, the figures figures.txt lists, figures.txt), on a complete run
# and on a failed one, and so does a comparison's report when another
# comparison is written into its directory. Files accord did not write stay,
# a report.html of the user's own included.
. "$(dirname "$0")/lib.sh"

# report DIR: accord report (exit 3 without gnuplot: the page is still written)
report() {
  "$ACCORD" report "$1" -q 2>/dev/null; local rc=$?
  [ $rc -eq 0 ] || [ $rc -eq 3 ] || not_ok "accord report $1" "exit $rc"
  [ -s "$1/report.html" ] || not_ok "accord report $1: no report.html"
}

# user_files DIR: files of the user's, some named like accord's
user_files() {
  printf 'my notes\n' > "$1/notes.txt"
  printf '<!DOCTYPE html>\n<p>my own page</p>\n' > "$1/analysis.html"
  printf 'mine\n' > "$1/my_figure.png"
  printf 'mine\n' > "$1/report.html.bak"
}

# user_files_kept WHAT DIR
user_files_kept() {
  local f kept=1
  for f in notes.txt analysis.html my_figure.png report.html.bak; do [ -s "$2/$f" ] || kept=0; done
  [ $kept -eq 1 ] && ok "$1: the user's files are kept" || not_ok "$1: a user's file was removed" "$(ls -A "$2" | tr '\n' ' ')"
}

# nothing_drawn_left WHAT DIR
nothing_drawn_left() {
  [ ! -e "$2/report.html" ] && ok "$1: the earlier report.html is removed" || not_ok "$1: report.html left" \
    "$(grep -o '<title>[^<]*' "$2/report.html" | head -1)"
  if [ ! -e "$2/figures.txt" ] && ! ls "$2" | grep -qE '^(timeseries|difference|compare)_.*\.(png|svg|gp)$'; then
    ok "$1: the earlier figures are removed"
  else
    not_ok "$1: figures left" "$(ls "$2" | tr '\n' ' ')"
  fi
}

# ---- run + report, then a run of another scenario into the same --out
D="$TMP/baseline"
"$ACCORD" run tests/scenarios/tiny.lua --out "$D" -q || not_ok "run tiny"
report "$D"
user_files "$D"
"$ACCORD" run tests/scenarios/ishigami.lua --out "$D" -q && ok "run another scenario into the same --out" \
  || not_ok "run ishigami"
nothing_drawn_left "a new run" "$D"
user_files_kept "a new run" "$D"
grep -q '"name": "ishigami"' "$D/manifest.json" && [ ! -e "$D/timeseries.csv" ] && [ ! -e "$D/events.csv" ] \
  && ok "a new run: the directory holds the new run (and not the earlier run's CSVs)" \
  || not_ok "a new run: the directory's run" "$(ls "$D" | tr '\n' ' ')"

# ---- the same with a run that fails: its directory holds the failed run only
D="$TMP/failed"
"$ACCORD" run tests/scenarios/tiny.lua --out "$D" -q || not_ok "run tiny"
report "$D"
user_files "$D"
"$ACCORD" run tests/scenarios/policy/fails_in_year3.lua --out "$D" -q 2>/dev/null
[ $? -eq 1 ] && ok "a failed run into the same --out exits 1" || not_ok "failed run exit"
nothing_drawn_left "a failed run" "$D"
user_files_kept "a failed run" "$D"

# ---- a report.html accord did not write stays
D="$TMP/own"
"$ACCORD" run tests/scenarios/tiny.lua --out "$D" -q || not_ok "run tiny"
printf '<!DOCTYPE html>\n<html><head><title>my report</title></head><body>notes</body></html>\n' > "$D/report.html"
cp "$D/report.html" "$TMP/own.html"
"$ACCORD" run tests/scenarios/tiny.lua --out "$D" --seed 2 -q || not_ok "run tiny again"
cmp -s "$D/report.html" "$TMP/own.html" && ok "a report.html accord did not write is kept" \
  || not_ok "the user's own report.html was removed or changed"

# ---- a report written elsewhere (--out FILE) is not touched
"$ACCORD" run tests/scenarios/tiny.lua --out "$TMP/else" -q || not_ok "run tiny"
"$ACCORD" report "$TMP/else" --out "$TMP/else.html" --no-figures -q || not_ok "report --out"
"$ACCORD" run tests/scenarios/tiny.lua --out "$TMP/else" --seed 3 -q || not_ok "run tiny again"
[ -s "$TMP/else.html" ] && ok "a report written elsewhere is kept" || not_ok "report --out FILE removed"

# ---- a comparison, its report, then another comparison into the same --out
"$ACCORD" run tests/scenarios/tiny.lua --out "$TMP/a" -q
"$ACCORD" run tests/scenarios/tiny.lua --out "$TMP/b" --set strict=0.9 -q
"$ACCORD" run tests/scenarios/tiny.lua --out "$TMP/c" --set strict=0.2 -q
"$ACCORD" compare "$TMP/a" "$TMP/b" --out "$TMP/cmp" -q >/dev/null 2>&1
report "$TMP/cmp"
user_files "$TMP/cmp"
"$ACCORD" compare "$TMP/a" "$TMP/c" --out "$TMP/cmp" --no-plot -q >/dev/null && ok "another comparison into the same --out" \
  || not_ok "compare again"
nothing_drawn_left "a new comparison" "$TMP/cmp"
user_files_kept "a new comparison" "$TMP/cmp"

finish
