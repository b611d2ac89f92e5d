#!/usr/bin/env bash
# A new analyst's path through docs/scripting.md: every Lua example on that page
# is found in tests/scenarios/analyst/ and runs and does what the page says; the
# usual mistakes (tests/scenarios/analyst/errors/) get the exact messages and exit
# codes the page shows; check, params, fields and every verb's --help work.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
D=tests/scenarios/analyst
E=$D/errors
DOC=docs/scripting.md
run() { "$ACCORD" run "$@" --quiet; }

# ---- 1. every ```lua block of the guide is in a file of $D ---------------------
# Compared line by line, ignoring indentation, blank lines and one trailing comma
# (an example shown as a field of scenario{} may sit last in its table).
norm() { sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e 's/,$//' | grep -v '^$'; }
mkdir -p "$TMP/blocks"
awk -v dir="$TMP/blocks" '/^```lua$/ { n++; f = sprintf("%s/%02d", dir, n); on = 1; next }
                          on && /^```$/ { on = 0; close(f); next }
                          on { print > f }' "$DOC"
for f in "$D"/*.lua; do norm < "$f"; printf '\001\n'; done > "$TMP/corpus"
nblocks=0; missing=""
for b in "$TMP"/blocks/*; do
  nblocks=$((nblocks + 1))
  norm < "$b" > "$b.n"
  awk 'FNR == NR { b = b $0 "\n"; next } { c = c $0 "\n" }
       END { exit index("\n" c, "\n" b) == 0 }' "$b.n" "$TMP/corpus" \
    || missing="$missing $(basename "$b"): $(head -1 "$b.n")"
done
[ "$nblocks" -ge 40 ] && ok "the guide has $nblocks Lua examples" || not_ok "the guide's Lua examples" "found only $nblocks"
[ -z "$missing" ] && ok "every Lua example of the guide is in $D/" \
  || not_ok "every Lua example of the guide is in $D/" "not found:$missing"

# ---- 2. the examples run and do what the guide says ----------------------------
# The walk-through: five policies, each leaving its trace.
expect_exit 0 "ok — scenario 'my_bridge'" "walk-through: accord check" -- "$ACCORD" check $D/my_bridge.lua
expect_exit 0 "^(years|scale|bridge|lobbying) " "walk-through: accord params" -- "$ACCORD" params $D/my_bridge.lua
expect_exit 0 "" "walk-through: runs" -- run $D/my_bridge.lua --out "$TMP/mb"
expect_exit 0 "" "walk-through: runs with bridge=0" -- run $D/my_bridge.lua --set bridge=0 --out "$TMP/mb0"
ev() { awk -F, -v d="$2" '$3 == "policy" && $12 == d { print $1 "," $7 "," $13 "," $9 }' "$1/events.csv" | paste -sd' '; }
# year 4 starts step 49, year 7 step 85 (12 steps a year); a mutual link is two
# links (from -> other); value is the link's new state
[ "$(ev "$TMP/mb" link_suspend)" = "49,us,eu,0 49,eu,us,0" ] && ok "walk-through: US-EU link suspended at the start of year 4" \
  || not_ok "walk-through: link suspended" "$(ev "$TMP/mb" link_suspend)"
[ "$(ev "$TMP/mb" link_restore)" = "85,us,eu,1 85,eu,us,1" ] && ok "walk-through: US-EU link restored at the start of year 7" \
  || not_ok "walk-through: link restored" "$(ev "$TMP/mb" link_restore)"
[ "$(ev "$TMP/mb" recognition_add | wc -w)" -eq 2 ] && [ "$(ev "$TMP/mb" link_add | wc -w)" -eq 2 ] \
  && [ "$(ev "$TMP/mb" recognition_add | cut -d, -f1)" = 25 ] \
  && ok "walk-through: UK-Japan recognition and sharing from year 2 (step 25)" \
  || not_ok "walk-through: bridge" "$(ev "$TMP/mb" recognition_add) / $(ev "$TMP/mb" link_add)"
[ -z "$(ev "$TMP/mb0" recognition_add)" ] && [ -z "$(ev "$TMP/mb0" link_add)" ] \
  && ok "walk-through: --set bridge=0 turns the bridge off" || not_ok "walk-through: bridge=0" "$(ev "$TMP/mb0" recognition_add)"
# the EU's stringency rises in steps of 0.1 (0.6 -> 0.7 -> ...), never above 1
steps=$(awk -F, '$3 == "policy" && $12 == "stringency" { printf "%.1f ", $9 }' "$TMP/mb/events.csv")
case "$steps" in
  "0.7 0.8"*) ok "walk-through: the EU tightens by 0.1 after severe incidents ($steps)" ;;
  *) not_ok "walk-through: EU tightening" "stringency events: '$steps'" ;;
esac
raw=$(awk -F, '$3 == "policy" && $12 == "stringency" { printf "%s ", $9 }' "$TMP/mb/events.csv")
case "$raw" in
  *9999*|*0000000*) not_ok "walk-through: tightening steps are exact" "stringency events: '$raw'" ;;
  *) ok "walk-through: tightening steps are exact decimals, no 0.7999999999999999 ($raw)" ;;
esac
cc=$(awk -F, '$3 == "eu_cert_cost" { v = $4 } END { print v }' "$TMP/mb/custom.csv")
awk -v v="$cc" 'BEGIN { exit !(v > 0.0316) }' && ok "walk-through: lobbying raises the EU fee above 0.0316 (to $cc)" \
  || not_ok "walk-through: lobbying" "last eu_cert_cost '$cc'"
[ "$(head -1 "$TMP/mb/custom.csv")" = "step,year,metric,value" ] \
  && [ "$(awk -F, '$3 == "eu_startups"' "$TMP/mb/custom.csv" | wc -l)" -eq 96 ] \
  && [ "$(awk -F, '$3 == "eu_stringency"' "$TMP/mb/custom.csv" | wc -l)" -eq 96 ] \
  && ok "walk-through: the hand-written policy records two metrics every step (custom.csv: step,year,metric,value)" \
  || not_ok "walk-through: custom.csv" "$(head -3 "$TMP/mb/custom.csv")"
expect_exit 0 "" "walk-through: runs with a shorter horizon (constructors never fire past it)" -- \
  run $D/my_bridge.lua --set years=3 --out "$TMP/mb3"
# the log lines the walk-through shows (file:line of scripts/policies.lua, step, text) are the run's
shown=$(awk '/^```text$/ { on = 1; next } on && /^```$/ { on = 0 } on && /^scripts\/policies\.lua:/' "$DOC")
missing=""
while IFS= read -r l; do
  grep -qF -- "$l" "$TMP/mb/log.txt" || missing="$missing
  $l"
done <<< "$shown"
[ "$(echo "$shown" | wc -l)" -ge 3 ] && [ -z "$missing" ] && ok "walk-through: the log lines the guide shows are the run's" \
  || not_ok "walk-through: log lines" "not in log.txt:$missing"

# "Describing the world", hooks, the world object, modules
expect_exit 0 "ok — scenario 'strict_eu'" "describe.lua: accord check" -- "$ACCORD" check $D/describe.lua
expect_exit 0 "harmonization: 2 recognitions, 1 bloc, 2 sharing links" "describe.lua: recognitions, bloc and links counted" -- "$ACCORD" check $D/describe.lua
expect_exit 0 "" "describe.lua: runs" -- run $D/describe.lua --out "$TMP/describe"
expect_exit 0 "" "hooks.lua: runs" -- run $D/hooks.lua --out "$TMP/hooks"
[ "$(ev "$TMP/hooks" recognition_add | cut -d' ' -f1 | cut -d, -f1)" = 25 ] && ok "hooks.lua: the year-2 event runs at step 25" \
  || not_ok "hooks.lua: year-2 event" "$(ev "$TMP/hooks" recognition_add)"
expect_exit 0 "severe incident at developer [0-9]+" "hooks.lua: on_incident logs with file, line and step" -- \
  "$ACCORD" run $D/hooks.lua --out "$TMP/hooks2"
expect_exit 0 "" "world_api.lua: every world-object example runs" -- run $D/world_api.lua --out "$TMP/world"
grep -q '^2,0.1666666666666666[0-9]*,start_of_step,0.0833333333333333[0-9]*$' "$TMP/world/custom.csv" \
  && ok "world_api.lua: start of step 2 is 1/12 year" || not_ok "world_api.lua: start_of_step" "$(head -3 "$TMP/world/custom.csv")"
[ "$(awk -F, '$3 == "policy" && $7 == "eu" && $12 == "stringency" { print $1 "," $9 }' "$TMP/world/events.csv")" = "2,0.7" ] \
  && [ "$(awk -F, '$3 == "policy" && $7 == "uk" && $12 == "binding" { print $1 "," $9 }' "$TMP/world/events.csv")" = "2,1" ] \
  && ok "world_api.lua: world:set writes one policy event per change" \
  || not_ok "world_api.lua: policy events" "$(awk -F, '$3 == "policy"' "$TMP/world/events.csv" | head -5)"
expect_exit 0 "\[step 3\] g3: 0.75 \(eu, uk, jp\)" "world_api.lua: the bloc example logs its standard and members" -- \
  "$ACCORD" run $D/world_api.lua --out "$TMP/world2"
expect_exit 0 "" "modules.lua: runs" -- run $D/modules.lua --out "$TMP/modules"
[ "$(awk -F, '$3 == "policy" && $12 == "audit_rate" { print $1 "," $9 }' "$TMP/modules/events.csv")" = "37,0.2" ] \
  && ok "modules.lua: policies.at_year(3, f) runs at step 37" \
  || not_ok "modules.lua: at_year" "$(awk -F, '$12 == "audit_rate"' "$TMP/modules/events.csv")"

# developer rules: the per-step and the per-developer forms of the same tweak agree
for form in 0 1 2; do
  expect_exit 0 "" "rules.lua: rule form $form runs" -- run $D/rules.lua --set form=$form --out "$TMP/rules$form"
done
cmp -s "$TMP/rules0/timeseries.csv" "$TMP/rules1/timeseries.csv" && cmp -s "$TMP/rules0/events.csv" "$TMP/rules1/events.csv" \
  && ok "rules.lua: the per-step and per-developer forms give identical runs" \
  || not_ok "rules.lua: forms 0 and 1 differ"
cmp -s "$TMP/rules0/events.csv" "$TMP/rules2/events.csv" \
  && not_ok "rules.lua: the rule that applies by hand changes the run" || ok "rules.lua: the rule that applies by hand changes the run"

# ---- 3. mistakes: exact messages and exit codes --------------------------------
# expect_first CODE LINE DESC -- command: exits CODE and the first output line is LINE.
expect_first() {
  local code=$1 want=$2 desc=$3 out rc
  shift 4
  out=$("$@" 2>&1); rc=$?
  if [ "$rc" -ne "$code" ]; then not_ok "$desc" "exit $rc, expected $code: $(echo "$out" | head -2)"
  elif [ "$(echo "$out" | head -1)" != "$want" ]; then not_ok "$desc" "got: $(echo "$out" | head -1)"
  else ok "$desc"; fi
}
# Run in a copy of the folder, so the messages name the files as the guide does.
mkdir "$TMP/err" && cp $E/*.lua "$TMP/err/"
A() { (cd "$TMP/err" && "$ACCORD" "$@" --out "$TMP/err-out"); }
expect_exit 0 "" "errors/base.lua is correct" -- A run base.lua --quiet
rm -rf "$TMP/err-out"
expect_first 2 "accord: top_typo.lua:5: unknown field 'yeras' (did you mean 'years'?)" \
  "misspelt top-level field: line and suggestion" -- A run top_typo.lua
expect_first 2 "accord: jurisdiction_typo.lua:8: jurisdiction 'eu': unknown field 'stringncy' (did you mean 'stringency'?)" \
  "misspelt field in jurisdiction{}: line and suggestion" -- A run jurisdiction_typo.lua
expect_first 2 "accord: risk_typo.lua:6: unknown field 'risk.base_hazrd' (did you mean 'risk.base_hazard'?)" \
  "misspelt field in risk = {...}: line and suggestion" -- A run risk_typo.lua
expect_first 2 "accord: kind_typo.lua:12: population #1: kind must be incumbent, startup or open_source, got 'incumbant'" \
  "misspelt developer kind" -- A run kind_typo.lua
expect_first 2 "accord: string_for_number.lua:8: jurisdiction 'eu': market must be a number (M\$/yr), got string" \
  "a string for a number" -- A run string_for_number.lua
expect_first 2 "accord: number_for_boolean.lua:8: jurisdiction 'eu': binding must be true or false, got number" \
  "a number for a boolean" -- A run number_for_boolean.lua
expect_first 2 "accord: out_of_range.lua:8: jurisdiction 'eu': stringency must be in [0, 1], got 1.6" \
  "out of range at load time: value and range" -- A run out_of_range.lua
expect_first 2 "accord: reversed_range.lua:12: population #1: capital: the low end 100 is above the high end 10" \
  "a range written high to low: said so, not as out of range" -- A run reversed_range.lua
expect_first 2 "accord: missing_return.lua: the scenario must return a table (scenario{...}), got nil" \
  "a missing return" -- A run missing_return.lua
expect_first 2 "accord: unknown_home.lua:12: population #1: home = 'uk' is not a jurisdiction of this scenario (known: eu, us)" \
  "a population with an unknown home" -- A run unknown_home.lua
expect_first 2 "accord: recognise_itself.lua:15: recognition #1: a jurisdiction cannot recognise itself" \
  "a jurisdiction recognising itself" -- A run recognise_itself.lua
expect_first 2 "accord: share_itself.lua:15: sharing link #1: from and to must differ" \
  "a link to itself" -- A run share_itself.lua
expect_exit 2 "^accord: two_blocs.lua:[0-9]+: jurisdiction 'us' is in two blocs \('a' and 'b'\); at most one$" \
  "a jurisdiction in two blocs" -- A run two_blocs.lua
expect_first 2 "accord: event_beyond_horizon.lua:15: events[1]: year must be in [0, 3) (the run ends at year 3; the last step starts at year 2.91667), got 5" \
  "an event beyond the horizon" -- A run event_beyond_horizon.lua
expect_exit 2 "module 'helpers' not found \(searched: .*/scripts/helpers\.lua, \./helpers\.lua\)" \
  "require of a missing module says where it looked" -- A run require_missing.lua
expect_exit 2 "^accord: require_missing\.lua:2: module 'helpers' not found" "require of a missing module: the line of the require" -- A run require_missing.lua
expect_first 2 "accord: base.lua: --set yeras: no such parameter (did you mean 'years'?) (declared: years; model fields such as risk.base_hazard or <jurisdiction>.stringency are accepted too)" \
  "--set of an undeclared name lists the declared ones" -- A run base.lua --set yeras=2
expect_first 2 "accord: base.lua:3: --set years=30: value outside the declared range [1, 20]" \
  "--set outside the declared range" -- A run base.lua --set years=30
expect_first 1 "accord: set_out_of_range.lua:17: jurisdiction 'eu': audit_rate must be in [0, 1], got 3" \
  "a policy sets a value out of range: line, value, range, exit 1" -- A run set_out_of_range.lua
expect_first 1 "accord: set_unknown_id.lua:17: bad argument #1 to 'set' (no jurisdiction 'euu' (known: eu, us))" \
  "a misspelt jurisdiction id in world:set lists the known ones" -- A run set_unknown_id.lua
expect_first 1 "accord: policy_error.lua:17: attempt to perform arithmetic on a nil value (local 'cap')" \
  "a Lua error in a policy: file and line" -- A run policy_error.lua
expect_exit 1 "stack traceback:" "a Lua error in a policy has a traceback" -- A run policy_error.lua
expect_first 1 "accord: infinite_loop.lua:17: time limit of 1 s exceeded" \
  "an endless policy is stopped by the time limit, at its line" -- A run infinite_loop.lua --time-limit 1
expect_first 1 "accord: devs_kept.lua:13: this developers object is only valid inside developer_rule" \
  "a rule's devs object used after the rule" -- A run devs_kept.lua
expect_exit 2 "jurisdiction 'eu': unknown field 'stringncy'" "accord check finds a load-time mistake" -- "$ACCORD" check $E/jurisdiction_typo.lua
# what policies.* constructors are given is checked while loading (exit 2, at the constructor's line)
expect_first 2 "accord: policy_unknown_id.lua:19: policies.tighten_after_incidents: jurisdiction = 'fr' is not a jurisdiction of this scenario (known: eu, us)" \
  "a policies.* constructor with an unknown jurisdiction fails the load at its line" -- A run policy_unknown_id.lua
expect_first 2 "accord: policy_field_typo.lua:19: policies.tighten_after_incidents: field = 'stringncy' is not a jurisdiction field (did you mean 'stringency'?)" \
  "a misspelt field given to a constructor: line and suggestion" -- A run policy_field_typo.lua
expect_exit 2 "policy_no_link.lua:18: policies.suspend_sharing: no sharing link us -> eu to suspend" \
  "suspend_sharing of a link never declared fails the load" -- A run policy_no_link.lua
expect_exit 2 "unknown key 'polices' \(did you mean 'policies'\?\)" "a misspelt key of a policy object is refused" -- A run attach_key_typo.lua
expect_exit 2 "policies.tighten_after_incidents: jurisdiction = 'fr'" "accord check finds a policies.* mistake" -- \
  "$ACCORD" check $E/policy_unknown_id.lua
expect_first 1 "accord: record_twice.lua:20: record('eu_audit_rate'): already recorded in this step (at record_twice.lua:17); record each name once per step" \
  "a metric recorded twice in a step: both lines" -- A run record_twice.lua
expect_first 1 "accord: set_number_for_boolean.lua:17: jurisdiction 'eu': binding must be true or false, got number" \
  "world:set of a switch to 1: the load-time message" -- A run set_number_for_boolean.lua
# a run failing while it runs keeps what it wrote, marked failed (docs/outputs.md#failed-runs)
[ ! -e "$TMP/err-out/summary.csv" ] && grep -q '"status": "failed"' "$TMP/err-out/manifest.json" \
  && ok "failed runs write no summary and say failed" || not_ok "failed runs' files" "$(ls -A "$TMP/err-out")"
# documented non-errors: a plain table is read like scenario{...}
expect_exit 0 "" "a plain table instead of scenario{...} is accepted" -- run $E/plain_table.lua --out "$TMP/plain"
run $E/base.lua --out "$TMP/based" && cmp -s "$TMP/plain/events.csv" "$TMP/based/events.csv" \
  && ok "... and gives the same run" || not_ok "plain table gives the same run as scenario{...}"

# ---- 4. the messages the guide shows are what accord prints -------------------
# In "Common errors", each "$ accord ..." line of a text block is run in the errors
# folder; the lines under it must be the first lines of its output. (When a message
# improves, update the guide's block: this check says which one.)
awk '/^## Common errors/ { sec = 1 } /^## The sandbox/ { sec = 0 }
     sec && /^```text$/ { on = 1; next } on && /^```$/ { on = 0; next }
     sec && on { print }' "$DOC" > "$TMP/shown"
ncmd=$(grep -c '^\$ accord ' "$TMP/shown")
[ "$ncmd" -ge 20 ] && ok "the guide shows $ncmd mistakes with their messages" || not_ok "the guide's error examples" "found $ncmd"
bad=""
while IFS= read -r line; do
  case "$line" in
    '$ accord '*)
      cmd=${line#\$ accord }
      want=$(awk -v c="$line" 'found && /^\$ / { exit } found { print } $0 == c { found = 1 }' "$TMP/shown")
      n=$(echo "$want" | wc -l)
      # shellcheck disable=SC2086 # the command's words are split on purpose
      got=$(cd "$TMP/err" && "$ACCORD" $cmd --out "$TMP/shown-out" 2>&1 | head -"$n")
      [ "$got" = "$want" ] || bad="$bad
  \$ accord $cmd
    guide: $want
    accord: $got" ;;
  esac
done < "$TMP/shown"
[ -z "$bad" ] && ok "every message in the guide's Common errors is what accord prints" \
  || not_ok "messages in the guide's Common errors" "$bad"

# ---- 5. the tools around a scenario --------------------------------------------
expect_exit 0 "^years +3 +\[1, 20\] +yr +horizon$" "accord params: name, default, range, unit, doc" -- "$ACCORD" params $E/base.lua
expect_exit 0 "^years,3,1,20,yr,false,horizon$" "accord params --csv" -- "$ACCORD" params $E/base.lua --csv
expect_exit 0 "^  stringency +0.5 +assumption +\[0, 1\] " "accord fields lists jurisdiction fields with default, source and range" -- "$ACCORD" fields
expect_exit 0 "^  cert_cost +0.0316 +S01;S26a +\[0, inf\) " "accord fields --jurisdiction eu: the EU preset's defaults with their sources" -- "$ACCORD" fields --jurisdiction eu
expect_exit 0 "^  stringency +0.6 +0.4 +0.5 +0.55 +0.5 +0.5 +0.5 +0.5 +score" "accord fields --presets: a column per preset, generic last" -- "$ACCORD" fields --presets
expect_exit 0 "^  binding +true +false +false +false +true +false +false +false +bool" "accord fields --presets: switches as true/false" -- "$ACCORD" fields --presets
expect_exit 0 "^  risk.harm_per_revenue +0 +assumption " "accord fields: model-wide defaults are data/world.csv's" -- "$ACCORD" fields
expect_exit 0 "^  risk.base_hazard +0.2 +S18;S19 " "accord fields: a sourced default shows its source ids" -- "$ACCORD" fields
expect_exit 0 "^scenario,risk.base_hazard," "accord fields --csv" -- "$ACCORD" fields --csv
expect_exit 0 "scripts: 1 policy, 0 events" "accord check counts the policies" -- "$ACCORD" check $E/base.lua
# a scenario whose only script is an on_step_end hook (a policy of the analyst's
# own that records metrics) is not shown as having no scripts
expect_exit 0 "scripts: 0 policies, 0 events, an on_step_end hook" "accord check names an on_step_end hook" -- \
  "$ACCORD" check tests/scenarios/sweep/metrics.lua
for verb in run check params fields sweep merge plot compare report demo; do
  expect_exit 0 "^usage: accord $verb" "accord $verb --help" -- "$ACCORD" "$verb" --help
done
expect_exit 2 "unknown verb 'chek'" "a misspelt verb" -- "$ACCORD" chek $E/base.lua
expect_exit 2 "--set eu.binding: 'yes' is not a decimal number .* or true/false \(for a switch\)" \
  "--set of a switch to yes: the message names true/false" -- "$ACCORD" run $E/base.lua --set eu.binding=yes --out "$TMP/yes" -q
expect_exit 0 "" "--set of a switch to true" -- "$ACCORD" run $E/base.lua --set eu.binding=true --out "$TMP/true" -q
expect_exit 0 "years = 2.375 is 28.5 steps at steps_per_year = 12: the run takes 29 steps \(2.41667 years\)" \
  "years that do not land on a step warn" -- "$ACCORD" run $E/base.lua --set years=2.375 --out "$TMP/yr"
expect_exit 2 "years = 2.375 is 28.5 steps" "... and --strict refuses them" -- "$ACCORD" run $E/base.lua --set years=2.375 --strict --out "$TMP/yr2"
expect_exit 0 "" "years that land on a step do not warn" -- bash -c "'$ACCORD' run $E/base.lua --set years=2.5 --out '$TMP/yr3' 2>&1 | grep -q 'steps at steps_per_year' && exit 1 || exit 0"
expect_exit 3 "nonexistent.lua: cannot read the scenario file \\(No such file or directory\\)" "a scenario file that does not exist: exit 3, with the reason" -- "$ACCORD" check "$TMP/nonexistent.lua"
finish
