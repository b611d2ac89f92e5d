#!/usr/bin/env bash
# Bad input never crashes and never loses data: odd files, options and output
# directories give the documented exit code and a message naming the problem,
# and leave no file behind that passes for a complete output.
. "$(dirname "$0")/lib.sh"
T=tests/scenarios/tiny.lua
run() { "$ACCORD" run "$@" --quiet; }
ls_out() { ls -A "$1" 2>/dev/null | tr '\n' ' '; }
# the full-filesystem check mounts a tmpfs: never leave it behind
TINY="$TMP/tiny"
trap 'mountpoint -q "$TINY" 2>/dev/null && umount "$TINY"; rm -rf "$TMP"' EXIT

# ---- scenario files ----------------------------------------------------------------
printf 'return scenario { years = 1,\0 garbage }\n' > "$TMP/nul.lua"
expect_exit 2 "nul.lua:1: a NUL byte \(column 29\): not a text file" "a NUL byte in a scenario is refused, not cut off" -- run "$TMP/nul.lua" --out "$TMP/o"
{ cat $T; printf -- '-- a valid scenario, then\0 bytes that were silently ignored\n'; } > "$TMP/nul_tail.lua"
expect_exit 2 "nul_tail.lua:23: a NUL byte" "a NUL byte after a valid scenario is refused" -- "$ACCORD" check "$TMP/nul_tail.lua"
printf 'return { scenario = "%s/%s", vary = { strict = {0, 1} } }\0 x' "$SRC" "$T" > "$TMP/sweep_nul.lua"
expect_exit 2 "sweep_nul.lua:1: a NUL byte" "a NUL byte in a sweep file is refused" -- "$ACCORD" sweep "$TMP/sweep_nul.lua" --dry-run
: > "$TMP/empty.lua"
expect_exit 2 "empty.lua: the scenario must return a table" "an empty scenario file" -- run "$TMP/empty.lua" --out "$TMP/o"
expect_exit 3 "Is a directory" "a directory as the scenario" -- run "$TMP" --out "$TMP/o"
expect_exit 3 "cannot read the scenario" "a missing scenario" -- run "$TMP/missing.lua" --out "$TMP/o"
[ -e "$TMP/o" ] && not_ok "bad scenarios write nothing" "$(ls_out "$TMP/o")" || ok "bad scenarios write nothing"

# the scenario's name makes directory names (results/<name>-sweep): never a path
sed 's|name = "tiny"|name = "../../escaped"|' $T > "$TMP/evil_name.lua"
expect_exit 2 "evil_name.lua:5: name must be 1 to 63 letters.*got '../../escaped'" "a scenario name with a path is refused" -- "$ACCORD" check "$TMP/evil_name.lua"
sed 's|id = "bb"|id = "all"|; s|bb = 0.6|all = 0.6|; s|to = "bb"|to = "all"|; s|home = "bb"|home = "all"|' $T > "$TMP/all_id.lua"
expect_exit 2 "all_id.lua:13: jurisdiction id 'all' is reserved" "jurisdiction id 'all' (the totals' row) is refused" -- "$ACCORD" check "$TMP/all_id.lua"
sed 's|total = 60|total = -3|' $T > "$TMP/neg_total.lua"
expect_exit 2 "total must be an integer in \[0, 10000000\], got -3" "out-of-range population total names the value" -- "$ACCORD" check "$TMP/neg_total.lua"

# ---- options ------------------------------------------------------------------------
expect_exit 2 "--seed needs a whole number in \[0, 9223372036854775807\], got ' -1'" "--seed ' -1' is not 2^64-1" -- run $T --seed " -1" --out "$TMP/o"
expect_exit 2 "--seed needs a whole number in \[0, 9223372036854775807\], got '9223372036854775808'" "a seed that manifests would write as negative is refused" -- run $T --seed 9223372036854775808 --out "$TMP/o"
expect_exit 2 "--run needs a whole number" "--run +1 is refused" -- run $T --run +1 --out "$TMP/o"
expect_exit 2 "--seed needs a whole number in \[0, 9223372036854775807\]" "sweep --seed 2^64-1 is refused" -- "$ACCORD" sweep $T --vary strict --seed 18446744073709551615 --dry-run
run $T --seed 9223372036854775807 --set years=0.5 --out "$TMP/maxseed" &&
  grep -q '"seed": 9223372036854775807,' "$TMP/maxseed/manifest.json" &&
  grep -q '^tiny,9223372036854775807,0,' "$TMP/maxseed/summary.csv" &&
  ok "the largest seed is written as given (manifest, summary)" || not_ok "largest seed written as given"
expect_exit 2 "^accord: --out needs a value" "an empty --out names the option" -- run $T --out ""
expect_exit 2 "^accord: --jurisdiction needs a value" "compare: an empty option value names the option" -- "$ACCORD" compare a b --jurisdiction ""
expect_exit 2 "--shard ' 1/2': expected i/N" "--shard with a space is refused" -- "$ACCORD" sweep $T --vary strict --shard " 1/2" --dry-run
expect_exit 2 "no help on 'nope'" "accord help NOT-A-VERB is an error" -- "$ACCORD" help nope

# a sweep whose every run fails still writes its files (no outcome columns at all)
printf 'return scenario { years = 0.5, on_step_end = function(world) error("always fails") end,\n  jurisdictions = { jurisdiction { id = "aa", market = 100 } },\n  populations = { population { kind = "startup", home = "aa", count = 2 } } }\n' > "$TMP/allfail.lua"
out=$("$ACCORD" sweep "$TMP/allfail.lua" --reps 2 --out "$TMP/allfail" --quiet -j 2 2>&1); rc=$?
[ $rc = 1 ] && ! echo "$out" | grep -q "runtime error" && [ "$(wc -l < "$TMP/allfail/runs.csv")" = 3 ] &&
  [ "$(grep -c 'always fails' "$TMP/allfail/failures.csv")" = 2 ] &&
  ok "a sweep whose every run fails: exit 1, runs.csv and failures.csv written" ||
  not_ok "a sweep whose every run fails" "exit $rc: $(echo "$out" | head -3)"

# ---- output directories -------------------------------------------------------------
# a --out longer than the path buffers: refused, never written to a cut-short path
long="$TMP/long"
for i in 1 2 3 4 5; do long="$long/$(printf 'd%.0s' $(seq 1 230))"; done
expect_exit 2 "output directory .* is too long \([0-9]+ bytes, at most 1023\)" "run: an over-long --out is refused" -- run $T --out "$long"
expect_exit 2 "output directory .* is too long" "sweep: an over-long --out is refused" -- "$ACCORD" sweep $T --vary strict=0:1:2 --out "$long" --quiet
[ -e "$TMP/long" ] && not_ok "nothing written for an over-long --out" "$(find "$TMP/long" -type f | head -3)" || ok "nothing written for an over-long --out"

# one verb never overwrites another's manifest
run $T --set years=0.5 --out "$TMP/run" || not_ok "tiny run"
"$ACCORD" sweep $T --vary strict=0.2:0.8:2 --set years=0.5 --out "$TMP/sw" --quiet -j 2 || not_ok "tiny sweep"
cp "$TMP/run/manifest.json" "$TMP/run.manifest"
cp "$TMP/sw/manifest.json" "$TMP/sw.manifest"
expect_exit 2 "$TMP/sw holds an accord sweep \(manifest.json\): writing a run there" "run --out a sweep directory is refused" -- run $T --out "$TMP/sw"
expect_exit 2 "$TMP/run holds an accord run \(manifest.json\): writing a sweep there" "sweep --out a run directory is refused" -- "$ACCORD" sweep $T --vary strict=0:1:2 --out "$TMP/run" --quiet --resume
expect_exit 2 "$TMP/run holds an accord run .*writing a compare there" "compare --out one of its inputs is refused" -- "$ACCORD" compare "$TMP/run" "$TMP/run" --out "$TMP/run" --no-plot --quiet
expect_exit 2 "$TMP/run holds an accord run .*writing a sweep there" "merge --out a run directory is refused" -- "$ACCORD" merge "$TMP/sw" --out "$TMP/run"
cmp -s "$TMP/run.manifest" "$TMP/run/manifest.json" && cmp -s "$TMP/sw.manifest" "$TMP/sw/manifest.json" &&
  [ ! -e "$TMP/run/journal.txt" ] && [ ! -e "$TMP/run/compare.csv" ] &&
  ok "refused verbs left both directories as they were" || not_ok "refused verbs left the directories alone"

# a run replacing an earlier run: the earlier run's extra outputs go, not
# passing for this run's (plot drew every custom.csv metric)
sed 's|years = years,|years = years, on_step_end = function(world) world:record("stale_metric", 1) end,|' $T > "$TMP/records.lua"
run "$TMP/records.lua" --set years=0.5 --out "$TMP/rerun" && [ -e "$TMP/rerun/custom.csv" ] || not_ok "a run with records writes custom.csv"
run $T --set years=0.5 --out "$TMP/rerun" || not_ok "rerun"
[ ! -e "$TMP/rerun/custom.csv" ] && ok "a rerun removes the earlier run's custom.csv" || not_ok "a rerun removes the earlier run's custom.csv"
"$ACCORD" plot "$TMP/rerun" --list | grep -q stale_metric && not_ok "plot lists no stale metric" || ok "plot lists no stale metric"

# a run failing after its first output took its final name leaves no manifest
# that would describe the earlier run's files as this one's
cat > "$TMP/tables.lua" <<'EOF'
local fail = param { name = "fail", default = 0, min = 0, max = 1, unit = "", doc = "make table b fail" }
return { name = "tables", model = function() return { x = 1 } end,
  tables = { a = function() return { columns = { "v" }, rows = { { fail } } } end,
             b = function() if fail == 1 then error("table b failed") end
                            return { columns = { "v" }, rows = { { 2 } } } end } }
EOF
run "$TMP/tables.lua" --out "$TMP/fm" || not_ok "function model run"
expect_exit 1 "table b failed" "a function model failing at its second table" -- run "$TMP/tables.lua" --set fail=1 --out "$TMP/fm"
grep -q '"status": "failed"' "$TMP/fm/manifest.json" && grep -qx 1 "$TMP/fm/table_a.csv" &&
  [ ! -e "$TMP/fm/table_b.csv" ] && [ ! -e "$TMP/fm/summary.csv" ] &&
  ok "the failed run's manifest says failed; the earlier run's table_b and summary are gone" || not_ok "manifest retired" "$(ls_out "$TMP/fm")"

# a full file system (root only: a tmpfs of 64 KiB)
mkdir -p "$TINY"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=64k tmpfs "$TINY" 2>/dev/null; then
  expect_exit 3 "$TINY/r/(events|timeseries).csv(:[0-9]+)?: write failed: No space left on device" "a full disk: exit 3 naming the file and the reason" -- "$ACCORD" run $T --set years=20 --out "$TINY/r" --quiet
  left=$(ls "$TINY/r" 2>/dev/null | tr '\n' ' ')
  [ -z "$left" ] && ok "a full disk leaves no file under a final name" || not_ok "a full disk leaves no final-named file" "$left"
  umount "$TINY"
else
  echo "ok - skipped: full file system check (needs root and tmpfs)"
fi

# ---- reports --------------------------------------------------------------------------
cp -r "$TMP/run" "$TMP/rep"
# bytes that are not UTF-8 and markup in what the report shows
sed -i 's|"description": "[^"]*"|"description": "bad \xff\xfe bytes <script>alert(1)</script>"|' "$TMP/rep/manifest.json"
"$ACCORD" report "$TMP/rep" --no-figures --quiet || not_ok "report"
if iconv -f UTF-8 -t UTF-8 "$TMP/rep/report.html" > /dev/null 2>&1; then ok "report.html is valid UTF-8"; else not_ok "report.html is valid UTF-8"; fi
grep -q '<script>alert' "$TMP/rep/report.html" && not_ok "markup is escaped" || ok "markup in a description is escaped"
head -1 "$TMP/rep/summary.csv" > "$TMP/rep/s" && sed -n 2p "$TMP/rep/summary.csv" | cut -d, -f2- >> "$TMP/rep/s" && mv "$TMP/rep/s" "$TMP/rep/summary.csv"
"$ACCORD" report "$TMP/rep" --no-figures --quiet || not_ok "report of a ragged summary"
grep -q "The outcomes could not be read: .*summary.csv:2: " "$TMP/rep/report.html" && ok "an unreadable summary.csv is said, not silently left out" || not_ok "unreadable summary noted"

# ---- demo: its exit code says why it stopped --------------------------------------------
: > "$TMP/afile"
expect_exit 3 "mkdir $TMP/afile/d/baseline: $TMP/afile exists and is not a directory" "demo into an unwritable place exits 3" -- "$ACCORD" demo --out "$TMP/afile/d" --years 1 --no-plots

# ---- locale: numbers keep their '.' -------------------------------------------------------
if locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
  LC_ALL=C "$ACCORD" run $T --set years=0.5 --set strict=0.55 --out "$TMP/c" --quiet
  LC_ALL=de_DE.UTF-8 LANG=de_DE.UTF-8 "$ACCORD" run $T --set years=0.5 --set strict=0.55 --out "$TMP/de" --quiet
  cmp -s "$TMP/c/timeseries.csv" "$TMP/de/timeseries.csv" && cmp -s "$TMP/c/summary.csv" "$TMP/de/summary.csv" &&
    ok "LC_ALL=de_DE.UTF-8: the same bytes" || not_ok "de_DE locale changes nothing"
  grep -q ',0.55,' "$TMP/de/summary.csv" && ok "LC_ALL=de_DE.UTF-8: decimal points, not commas" || not_ok "de_DE decimal point"
else
  echo "ok - skipped: locale check (no de_DE.UTF-8 locale installed)"
fi
finish
