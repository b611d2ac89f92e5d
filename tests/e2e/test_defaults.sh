#!/usr/bin/env bash
# One set of defaults (MODEL.md "Defaults, typical ranges and warnings"): the
# README's example scenario, written by hand with ids eu and us and no preset,
# runs the same world as the same scenario built from the presets
# (regimes.make, regimes.calibrate); scripts/v12.lua switches every v2
# mechanism the engine has back off.
. "$(dirname "$0")/lib.sh"

# --- the README's example, taken from README.md itself -------------------------------
awk '/^A scenario is a Lua file:/ { f = 1; next } f && /^```lua/ { p = 1; next } p && /^```/ { exit } p { print }' \
  README.md > "$TMP/readme.lua"
grep -q 'jurisdiction { id = "eu"' "$TMP/readme.lua" && ok "README.md's example scenario extracted" || \
  not_ok "README.md's example scenario extracted" "$(cat "$TMP/readme.lua")"
grep -q 'regimes\|calibrate' "$TMP/readme.lua" && not_ok "the README's example uses no preset" || ok "the README's example uses no preset"
expect_exit 0 "" "the README's example runs" -- "$ACCORD" run "$TMP/readme.lua" --seed 7 --out "$TMP/hand" -q
expect_exit 0 "" "the same scenario built from the presets runs" -- \
  "$ACCORD" run tests/scenarios/defaults/readme_presets.lua --seed 7 --out "$TMP/presets" -q
for f in timeseries.csv events.csv; do
  if cmp -s "$TMP/hand/$f" "$TMP/presets/$f"; then ok "hand-written and preset-built: identical $f"
  else not_ok "hand-written and preset-built: identical $f" "$(diff "$TMP/hand/$f" "$TMP/presets/$f" | head -5)"; fi
done
# summary.csv: the same but for the scenario's name (its file's name)
if cmp -s <(cut -d, -f2- "$TMP/hand/summary.csv") <(cut -d, -f2- "$TMP/presets/summary.csv"); then
  ok "hand-written and preset-built: identical summary.csv (but the scenario name)"
else not_ok "hand-written and preset-built: identical summary.csv (but the scenario name)"; fi
# the resolved worlds in the manifests are the same too (names included)
cfg() { python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(json.dumps(m["model"], sort_keys=True))' "$1" 2>/dev/null; }
a=$(cfg "$TMP/hand/manifest.json"); b=$(cfg "$TMP/presets/manifest.json")
[ -n "$a" ] && [ "$a" = "$b" ] && ok "the manifests record the same resolved world" || \
  not_ok "the manifests record the same resolved world" "$(diff <(echo "$a" | tr ',' '\n') <(echo "$b" | tr ',' '\n') | head -8)"

# --- an id without a preset takes the generic preset ----------------------------------
cat > "$TMP/generic.lua" <<'LUA'
local regimes = require "regimes"
return scenario {
  years = 1,
  jurisdictions = {
    jurisdiction { id = "xx" },
    regimes.make("generic", { id = "yy" }),
  },
  populations = { population { kind = "startup", home = "xx", count = 3 } },
  policies = { function(world)
    if world:step() ~= 1 then return end
    for _, f in ipairs(accord.fields("jurisdiction")) do
      local a, b = world:get("xx", f.name), world:get("yy", f.name)
      if a ~= b or a ~= f.default then error(f.name .. ": " .. tostring(a) .. " " .. tostring(b) .. " " .. tostring(f.default)) end
    end
    world:log("generic ok: market " .. world:get("xx", "market") .. ", name " .. world:get("xx", "name"))
  end },
}
LUA
expect_exit 0 "generic ok: market 15000(\\.0)?, name xx" "an id without a preset gets the generic preset (= regimes.make('generic'))" -- \
  "$ACCORD" run "$TMP/generic.lua" --out "$TMP/generic"

# --- accord fields: defaults per preset -------------------------------------------------
expect_exit 0 "^name,eu,us,jp,uk,cn,kr,sg,generic,unit$" "fields --presets --csv: a column per preset, generic last" -- \
  "$ACCORD" fields --presets --csv
expect_exit 0 "^startup_rate,268,897,50,104,122,40,30,104,startups/yr$" "fields --presets --csv: data/regimes.csv's startup rates" -- \
  "$ACCORD" fields --presets --csv
expect_exit 0 "defaults of the preset 'generic' of data/regimes.csv, which id 'haven' takes" \
  "fields --jurisdiction with an id without a preset names the generic preset" -- "$ACCORD" fields --jurisdiction haven
expect_exit 0 "^jurisdiction,detection,0\.6,.*,assumption,A$" "fields --csv --jurisdiction uk: the UK's detection" -- \
  "$ACCORD" fields --csv --jurisdiction uk
expect_exit 0 "^jurisdiction,binding,1,.*,sourced,S04$" "fields --csv --jurisdiction eu: a sourced default with its source" -- \
  "$ACCORD" fields --csv --jurisdiction eu
expect_exit 2 "--presets and --jurisdiction exclude each other" "fields --presets --jurisdiction: usage error" -- \
  "$ACCORD" fields --presets --jurisdiction eu
expect_exit 2 "--jurisdiction needs an id" "fields --jurisdiction without an id: usage error" -- "$ACCORD" fields --jurisdiction
expect_exit 2 "--jurisdiction 'EU': a jurisdiction id is lowercase letters" "fields --jurisdiction EU (not an id a scenario could give): usage error, not the generic preset" -- "$ACCORD" fields --jurisdiction EU

# --- v12: every v2 mechanism the engine has, switched back off -------------------------
V=tests/scenarios/defaults/v12.lua
expect_exit 0 "" "v1.2 world runs" -- "$ACCORD" run $V --seed 3 --set v12=1 --out "$TMP/v12_off" -q
expect_exit 0 "" "v2 world runs" -- "$ACCORD" run $V --seed 3 --set v2=1 --out "$TMP/v2_on" -q
expect_exit 0 "^v12 skipped:" "v2 world with the v12 module runs and names what it skipped" -- \
  "$ACCORD" run $V --seed 3 --set v2=1 --set v12=1 --out "$TMP/v2_v12"
cmp -s "$TMP/v12_off/timeseries.csv" "$TMP/v2_on/timeseries.csv" && \
  not_ok "the v2 switches change the outputs (else the next check proves nothing)" || \
  ok "the v2 switches change the outputs (else the next check proves nothing)"
for f in timeseries.csv events.csv; do
  if cmp -s "$TMP/v12_off/$f" "$TMP/v2_v12/$f"; then ok "v12.apply over the v2 world gives v1.2's $f"
  else not_ok "v12.apply over the v2 world gives v1.2's $f" "$(diff "$TMP/v12_off/$f" "$TMP/v2_v12/$f" | head -5)"; fi
done
skipped=$(grep '^v12 skipped:' "$TMP/v2_v12/log.txt")
for f in assessment_noise enforcement venture_funding users law_abiding patch_sigma catch_up_first sme_by_revenue; do
  echo "$skipped" | grep -q "\.$f\b" && not_ok "v12 sets $f (a field the engine has)" "$skipped" || ok "v12 sets $f (a field the engine has)"
done
finish
