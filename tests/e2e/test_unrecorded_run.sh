#!/usr/bin/env bash
# A run directory without a manifest.json (what a run killed while it wrote
# into a directory leaves: the earlier run's manifest goes first, then its
# finished files take their names one by one, docs/outputs.md) is drawn,
# reported and compared with a warning that nothing says its files are one
# complete run; a complete run gets none, and --quiet silences it.
. "$(dirname "$0")/lib.sh"

"$ACCORD" run tests/scenarios/tiny.lua --out "$TMP/a" -q || not_ok "run tiny"
"$ACCORD" run tests/scenarios/tiny.lua --out "$TMP/b" --seed 2 -q || not_ok "run tiny"
cp -r "$TMP/b" "$TMP/killed"
rm "$TMP/killed/manifest.json"
cp -r "$TMP/b" "$TMP/damaged"
printf '{"kind": "run", ' > "$TMP/damaged/manifest.json"

W="has no readable manifest.json: nothing says its files are one complete run"
warns() { # DESCRIPTION DIR -- command...
  local desc=$1 dir=$2; shift 3
  local out; out=$("$@" 2>&1 >/dev/null)
  echo "$out" | grep -qF -- "$dir $W" && ok "$desc" || not_ok "$desc" "$(echo "$out" | head -3)"
}
quiet_about() { # DESCRIPTION -- command...
  local desc=$1; shift 2
  local out; out=$("$@" 2>&1 >/dev/null)
  echo "$out" | grep -qF -- "$W" && not_ok "$desc" "$(echo "$out" | head -3)" || ok "$desc"
}

warns "plot warns about a run without a manifest" "$TMP/killed" -- "$ACCORD" plot "$TMP/killed" --format svg
warns "report warns about a run without a manifest" "$TMP/killed" -- "$ACCORD" report "$TMP/killed" --no-figures
warns "compare warns about an input without a manifest" "$TMP/killed" -- \
  "$ACCORD" compare "$TMP/a" "$TMP/killed" --out "$TMP/c1" --no-plot
warns "compare warns about one of an arm's runs without a manifest" "$TMP/killed" -- \
  "$ACCORD" compare "$TMP/a" "$TMP/b,$TMP/killed" --out "$TMP/c2" --no-plot
warns "plot warns about a run whose manifest does not parse" "$TMP/damaged" -- \
  "$ACCORD" plot "$TMP/damaged" --format svg
quiet_about "no warning for complete runs (plot)" -- "$ACCORD" plot "$TMP/a" --format svg
quiet_about "no warning for complete runs (report)" -- "$ACCORD" report "$TMP/a" --no-figures
quiet_about "no warning for complete runs (compare)" -- "$ACCORD" compare "$TMP/a" "$TMP/b" --out "$TMP/c3" --no-plot
quiet_about "no warning with --quiet" -- "$ACCORD" compare "$TMP/a" "$TMP/killed" --out "$TMP/c4" --no-plot -q

finish
