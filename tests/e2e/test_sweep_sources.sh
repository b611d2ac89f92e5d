#!/usr/bin/env bash
# A sweep's manifest records "sources" as a run's does (docs/sweeps.md): the
# working directory, require's folders and the Lua modules the runs loaded
# (at load time and inside a hook as they ran, from every run: the workers
# send them with their records, the journal keeps them as M lines), once for
# the whole sweep; a resume keeps those of earlier sessions; a merge carries
# the shards' and says what differs between them; calibrate's
# calibration.json and discover's manifest copy their sweep's. Directories
# written before (no sources, no M lines) still resume and merge.
. "$(dirname "$0")/lib.sh"

json() { python3 -c "import json,sys; m=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }
mkdir -p "$TMP/sc"
printf 'return { strict = 0.7 }\n' > "$TMP/sc/helper.lua"
printf 'return { x = 2 }\n' > "$TMP/sc/late.lua"
printf 'error("never loaded")\n' > "$TMP/sc/unused.lua"
sed -e 's/^return scenario {/local helper = require "helper"\nreturn scenario {\n  on_step_end = function(world) local late = require "late" end,/' \
    tests/scenarios/tiny.lua > "$TMP/sc/s.lua"
SC=$(cd "$TMP/sc" && pwd -P)
H=$SC/helper.lua L=$SC/late.lua
sha() { sha256sum "$1" | cut -d' ' -f1; }
A="$TMP/sc/s.lua --vary strict=0.3:0.9:2 --reps 2 --seed 4 -q"

"$ACCORD" sweep $A -j 2 --out "$TMP/sw" || not_ok "sweep"
M=$TMP/sw/manifest.json
[ "$(json "$M" 'list(m)[-1]')" = sources ] && [ "$(json "$M" 'm["sources"]["cwd"]')" = "$(pwd -P)" ] &&
  [ "$(json "$M" 'm["sources"]["module_dirs"][-1]')" = "$SC" ] &&
  ok "the sweep's manifest ends with sources: cwd, module_dirs" || not_ok "sweep sources" "$(json "$M" 'm.get("sources")')"
[ "$(json "$M" "sorted(m['sources']['module_files'])")" = "['$H', '$L']" ] &&
  [ "$(json "$M" "m['sources']['module_files']['$H']['sha256']")" = "$(sha "$H")" ] &&
  [ "$(json "$M" "m['sources']['module_files']['$L']['sha256']")" = "$(sha "$L")" ] &&
  ok "module_files: the load-time and the hook's module, not unused.lua, with their SHA-256" ||
  not_ok "sweep module_files" "$(json "$M" 'm["sources"]["module_files"]')"
[ "$(grep -c '^M ' "$TMP/sw/journal.txt")" = 2 ] && ok "the journal holds each module once (M lines)" ||
  not_ok "M lines" "$(grep '^M ' "$TMP/sw/journal.txt")"
"$ACCORD" sweep $A -j 1 --out "$TMP/sw1" || not_ok "sweep -j 1"
[ "$(json "$TMP/sw1/manifest.json" 'm["sources"]')" = "$(json "$M" 'm["sources"]')" ] &&
  ok "the same sources whatever -j" || not_ok "-j 1 sources differ"

# a resume: the outputs rewritten from the journal keep the modules of the
# earlier session (no run loads them this time)
rm "$TMP/sw1/manifest.json" "$TMP/sw1/runs.csv"
"$ACCORD" sweep $A -j 1 --out "$TMP/sw1" --resume >/dev/null 2>&1 || not_ok "resume"
[ "$(json "$TMP/sw1/manifest.json" 'm["sources"]')" = "$(json "$M" 'm["sources"]')" ] &&
  ok "--resume keeps the sources of the runs before" || not_ok "resume sources" "$(json "$TMP/sw1/manifest.json" 'm.get("sources")')"

# shards and their merge
for k in 0 1; do "$ACCORD" sweep $A --shard $k/2 --out "$TMP/sh$k" || not_ok "shard $k"; done
[ "$(json "$TMP/sh0/manifest.json" 'm["sources"]')" = "$(json "$M" 'm["sources"]')" ] &&
  ok "a shard records the sources too" || not_ok "shard sources" "$(json "$TMP/sh0/manifest.json" 'm.get("sources")')"
"$ACCORD" merge "$TMP/sh0" "$TMP/sh1" --out "$TMP/mg" -q || not_ok "merge"
[ "$(json "$TMP/mg/manifest.json" 'm["sources"]')" = "$(json "$M" 'm["sources"]')" ] &&
  ok "the merge carries the shards' sources (no differs_between_shards)" ||
  not_ok "merge sources" "$(json "$TMP/mg/manifest.json" 'm.get("sources")')"
# one shard ran with the hook's module edited: the merge says so
printf -- '-- edited\nreturn { x = 2 }\n' > "$SC/late.lua"
"$ACCORD" sweep $A --shard 1/2 --out "$TMP/sh1b" || not_ok "shard 1 again"
"$ACCORD" merge "$TMP/sh0" "$TMP/sh1b" --out "$TMP/mg2" -q || not_ok "merge 2"
[ "$(json "$TMP/mg2/manifest.json" 'm["sources"]["differs_between_shards"]')" = "['module_files']" ] &&
  [ "$(json "$TMP/mg2/manifest.json" "sorted([m['sources']['module_files']['$L']['sha256']] + m['sources']['module_files']['$L']['sha256_also'])")" = \
    "$(python3 -c "print(sorted(['$(json "$M" "m['sources']['module_files']['$L']['sha256']")', '$(sha "$L")']))")" ] &&
  ok "shards that loaded another module file: differs_between_shards, and both SHA-256" ||
  not_ok "merge of differing shards" "$(json "$TMP/mg2/manifest.json" 'm["sources"]')"

# directories of the previous version: manifests without sources or
# accord_commit, journals without M lines -- they still merge and resume
for d in sh0 sh1 sw1; do
  sed -i '/^I modules recorded /d' "$TMP/$d/journal.txt"
  python3 - "$TMP/$d/manifest.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
m.pop("sources"); m["versions"].pop("accord_commit")
json.dump(m, open(sys.argv[1], "w"), indent=2)
PY
  sed -i '/^M /d' "$TMP/$d/journal.txt"
done
"$ACCORD" merge "$TMP/sh0" "$TMP/sh1" --out "$TMP/mg3" -q && [ "$(json "$TMP/mg3/manifest.json" '"sources" in m')" = False ] &&
  cmp -s "$TMP/mg3/runs.csv" "$TMP/mg/runs.csv" && ok "old shards merge (no sources recorded, the same runs.csv)" ||
  not_ok "merge of old shards"
# an old shard with a new one: the new one's sources, what differs, and the
# note that the old one's modules are unknown
"$ACCORD" merge "$TMP/sh0" "$TMP/sh1b" --out "$TMP/mg4" -q || not_ok "merge old + new shard"
! grep -q '^I modules recorded' "$TMP/mg4/journal.txt" &&
  [ "$(json "$TMP/mg4/manifest.json" 'm["sources"]["differs_between_shards"]')" = "['cwd', 'module_dirs', 'module_files']" ] &&
  json "$TMP/mg4/manifest.json" 'm["sources"]["module_files_note"]' | grep -q "earlier accord" &&
  ok "an old shard with a new one: differs_between_shards, module_files_note" ||
  not_ok "old + new shard" "$(json "$TMP/mg4/manifest.json" 'm.get("sources")')"
rm "$TMP/sw1/manifest.json" "$TMP/sw1/runs.csv"
"$ACCORD" sweep $A -j 1 --out "$TMP/sw1" --resume >/dev/null 2>&1 && cmp -s "$TMP/sw1/runs.csv" "$TMP/sw/runs.csv" &&
  [ "$(json "$TMP/sw1/manifest.json" 'len(m["sources"]["module_files"])')" = 0 ] &&
  json "$TMP/sw1/manifest.json" 'm["sources"]["module_files_note"]' | grep -q "earlier accord" &&
  ok "an old sweep resumes (its modules unknown: module_files empty, module_files_note says why)" ||
  not_ok "resume of an old sweep" "$(json "$TMP/sw1/manifest.json" 'm.get("sources")')"
[ "$(json "$M" '"module_files_note" in m["sources"]')" = False ] && ok "no module_files_note for a sweep of this accord" ||
  not_ok "module_files_note in a new sweep"

# calibrate and discover copy their sweep's sources
"$ACCORD" calibrate tests/scenarios/calib_square.lua --targets tests/data/calibrate/square.csv \
  --vary x1 --vary x2 --vary x3 --samples 20 --reps 1 -j 2 --out "$TMP/cal" --no-plot -q || not_ok "calibrate"
[ "$(json "$TMP/cal/calibration.json" 'm["sources"]')" = "$(json "$TMP/cal/manifest.json" 'm["sources"]')" ] &&
  [ "$(json "$TMP/cal/calibration.json" 'm["sources"]["cwd"]')" = "$(pwd -P)" ] &&
  ok "calibration.json carries the sweep's sources" || not_ok "calibrate sources" "$(json "$TMP/cal/calibration.json" 'm.get("sources")')"
"$ACCORD" discover "$TMP/sw" --outcome harm --top 0.5 --out "$TMP/disc" -q --no-plot || not_ok "discover"
[ "$(json "$TMP/disc/manifest.json" 'm["sources"]')" = "$(json "$M" 'm["sources"]')" ] &&
  ok "discover's manifest carries the sweep's sources" || not_ok "discover sources" "$(json "$TMP/disc/manifest.json" 'm.get("sources")' 2>&1)"
"$ACCORD" discover "$TMP/sw/runs.csv" --outcome harm --top 0.5 --out "$TMP/disc2" -q --no-plot || not_ok "discover runs.csv"
[ "$(json "$TMP/disc2/manifest.json" 'm["sources"]')" = "$(json "$M" 'm["sources"]')" ] &&
  ok "... also given the sweep's runs.csv" || not_ok "discover on runs.csv" "$(json "$TMP/disc2/manifest.json" 'm.get("sources")' 2>&1)"

finish
