#!/usr/bin/env bash
# What an auditor needs beside a run's data (docs/outputs.md, manifest.json):
# the run's manifest records the working directory its command ran in, the
# folders `require` searched (scripts/ and the scenario's folder) and the Lua
# modules the scenario loaded (at load time, and a require inside a hook when
# it runs), with their SHA-256 -- not the files it could have loaded -- so a
# changed module shows even where the data do not.
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/sc" "$TMP/mods" "$TMP/elsewhere"
cp tests/scenarios/tiny.lua "$TMP/sc/base.lua"
printf 'return { strict = 0.7 }\n' > "$TMP/sc/helper.lua"
printf 'return { years = 1 }\n' > "$TMP/mods/common.lua"
printf 'return { x = 2 }\n' > "$TMP/sc/late.lua"      # required by a hook as the run goes
printf 'error("never loaded")\n' > "$TMP/sc/unused.lua" # could be, is not
printf 'return 3\n' > "$TMP/mods/unused2.lua"
sed -e 's/^return scenario {/local helper = require "helper"\nlocal common = require "common"\nreturn scenario {\n  on_step_end = function(world) local late = require "late" end,/' \
    -e 's/stringency = strict,/stringency = helper.strict,/' tests/scenarios/tiny.lua > "$TMP/sc/s.lua"

json() { python3 -c "import json,sys; m=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }

(cd "$TMP/elsewhere" && ACCORD_SCRIPTS="$TMP/mods" "$ACCORD" run ../sc/s.lua --out r1 -q) || not_ok "run r1"
M="$TMP/elsewhere/r1/manifest.json"
[ "$(json "$M" 'm["sources"]["cwd"]')" = "$(cd "$TMP/elsewhere" && pwd -P)" ] &&
  ok "sources.cwd is the directory the command ran in" || not_ok "sources.cwd" "$(json "$M" 'm.get("sources")')"
[ "$(json "$M" '" ".join(m["sources"]["module_dirs"])')" = "$(cd "$TMP/mods" && pwd -P) $(cd "$TMP/sc" && pwd -P)" ] &&
  ok "module_dirs: ACCORD_SCRIPTS, then the scenario's folder, absolute" ||
  not_ok "module_dirs" "$(json "$M" 'm["sources"]["module_dirs"]')"
H=$(cd "$TMP/sc" && pwd -P)/helper.lua
C=$(cd "$TMP/mods" && pwd -P)/common.lua
[ "$(json "$M" "m['sources']['module_files']['$H']['sha256']")" = "$(sha256sum "$TMP/sc/helper.lua" | cut -d' ' -f1)" ] &&
  [ "$(json "$M" "m['sources']['module_files']['$C']['sha256']")" = "$(sha256sum "$TMP/mods/common.lua" | cut -d' ' -f1)" ] &&
  ok "each module file with its SHA-256" || not_ok "module files" "$(json "$M" 'm["sources"]')"
L=$(cd "$TMP/sc" && pwd -P)/late.lua
[ "$(json "$M" "m['sources']['module_files']['$L']['sha256']")" = "$(sha256sum "$TMP/sc/late.lua" | cut -d' ' -f1)" ] &&
  [ "$(json "$M" "m['sources']['module_files']['$L']['module']")" = late ] &&
  ok "a module a hook requires as the run goes is recorded" || not_ok "late module" "$(json "$M" 'm["sources"]')"
[ "$(json "$M" 'sorted(m["sources"]["module_files"]) == list(m["sources"]["module_files"]) and len(m["sources"]["module_files"])')" = 3 ] &&
  ok "only the three modules loaded (not unused.lua nor unused2.lua), sorted by path" ||
  not_ok "the modules not loaded are listed, or not sorted" "$(json "$M" 'list(m["sources"]["module_files"])')"
[ "$(json "$M" 'list(m)[-1]')" = sources ] && [ "$(json "$M" 'm["status"]')" = complete ] &&
  [ "$(json "$M" 'len(m["outputs"])')" -ge 3 ] && ok "the rest of the manifest is kept" || not_ok "manifest members"

# a module edited without changing what it returns: the data are the same
# bytes, the manifest shows the change
printf -- '-- edited\nreturn { strict = 0.7 }\n' > "$TMP/sc/helper.lua"
(cd "$TMP/elsewhere" && ACCORD_SCRIPTS="$TMP/mods" "$ACCORD" run ../sc/s.lua --out r2 -q) || not_ok "run r2"
M2="$TMP/elsewhere/r2/manifest.json"
for f in timeseries.csv events.csv summary.csv; do
  cmp -s "$TMP/elsewhere/r1/$f" "$TMP/elsewhere/r2/$f" || not_ok "$f differs after a comment in a module"
done
[ "$(json "$M" "m['sources']['module_files']['$H']['sha256']")" != "$(json "$M2" "m['sources']['module_files']['$H']['sha256']")" ] &&
  ok "a changed module shows in the manifest" || not_ok "the module's change does not show"

# the outputs' SHA-256 still hold: no warning from report
out=$("$ACCORD" report "$TMP/elsewhere/r2" --no-figures -q 2>&1)
echo "$out" | grep -q "not what its manifest" && not_ok "report warns about an untouched run" "$out" ||
  ok "report: the run's files match its manifest"

finish
