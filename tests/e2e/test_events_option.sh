#!/usr/bin/env bash
# accord run --events all|incidents|none: the default writes every event
# (byte-identical to no option); incidents writes exactly the vulnerability,
# incident, awareness and patch rows of the full file; none writes the header
# only; the manifest records a value other than all; world:events() and every
# other output are unaffected; a bad value exits 2.
. "$(dirname "$0")/lib.sh"

S=scenarios/baseline.lua
expect_exit 0 "" "run default" -- "$ACCORD" run "$S" --seed 7 --out "$TMP/def" --quiet
for e in all incidents none; do
  expect_exit 0 "" "run --events $e" -- "$ACCORD" run "$S" --seed 7 --events "$e" --out "$TMP/$e" --quiet
done
cmp -s "$TMP/def/events.csv" "$TMP/all/events.csv" && ok "--events all: events.csv byte-identical to the default" || not_ok "all = default"
grep -q '"events"' "$TMP/def/manifest.json" && not_ok "default manifest has no events member" || ok "default manifest has no events member"
grep -q '"events"' "$TMP/all/manifest.json" && not_ok "--events all manifest has no events member" || ok "--events all manifest has no events member"

types=$(cut -d, -f3 "$TMP/incidents/events.csv" | tail -n +2 | sort -u | tr '\n' ' ')
[ "$types" = "awareness incident patch vulnerability " ] && ok "incidents: only the risk types" || not_ok "incidents types" "got: $types"
awk -F, 'NR == 1 || $3 == "vulnerability" || $3 == "incident" || $3 == "awareness" || $3 == "patch"' \
  "$TMP/all/events.csv" > "$TMP/filtered.csv"
cmp -s "$TMP/filtered.csv" "$TMP/incidents/events.csv" && ok "incidents = the full file filtered by type (awk)" || not_ok "incidents rows"
nall=$(($(wc -l < "$TMP/all/events.csv") - 1))
ninc=$(($(wc -l < "$TMP/incidents/events.csv") - 1))
[ "$ninc" -gt 0 ] && [ "$ninc" -lt "$nall" ] && ok "incidents keeps some rows, not all ($ninc of $nall)" || not_ok "incidents count" "$ninc of $nall"
grep -q '"events": "incidents"' "$TMP/incidents/manifest.json" && ok "manifest records events incidents" || not_ok "manifest incidents"
grep -q "\"events_not_written\": $((nall - ninc))," "$TMP/incidents/manifest.json" && ok "manifest counts the events not written (incidents)" \
  || not_ok "events_not_written incidents" "$(grep events_not_written "$TMP/incidents/manifest.json")"

[ "$(wc -l < "$TMP/none/events.csv")" -eq 1 ] && cmp -s <(head -1 "$TMP/all/events.csv") "$TMP/none/events.csv" \
  && ok "none: events.csv holds only the header" || not_ok "none header-only"
grep -q '"events": "none"' "$TMP/none/manifest.json" && grep -q "\"events_not_written\": $nall," "$TMP/none/manifest.json" \
  && ok "manifest records events none and the count not written" || not_ok "manifest none"
grep -q '"events.csv"' "$TMP/none/manifest.json" && ok "none: events.csv still listed in the manifest's outputs" || not_ok "none outputs"

# The filter is at the file: the time series, summary and the events a
# script sees through world:events() (here it counts applications, which
# --events incidents and none leave out of the file) do not change.
same=1
for e in incidents none; do
  for f in timeseries.csv summary.csv; do cmp -s "$TMP/all/$f" "$TMP/$e/$f" || same=0; done
done
[ $same -eq 1 ] && ok "timeseries and summary identical under every --events" || not_ok "other outputs changed"
W=tests/scenarios/analyst/world_api.lua
"$ACCORD" run "$W" --seed 3 --out "$TMP/w-all" --quiet 2>/dev/null
"$ACCORD" run "$W" --seed 3 --events none --out "$TMP/w-none" --quiet 2>/dev/null
same=1
for f in timeseries.csv summary.csv custom.csv log.txt; do
  if [ -e "$TMP/w-all/$f" ] || [ -e "$TMP/w-none/$f" ]; then cmp -s "$TMP/w-all/$f" "$TMP/w-none/$f" || same=0; fi
done
[ -s "$TMP/w-all/custom.csv" ] && [ $same -eq 1 ] && ok "world:events() unaffected by --events none" || not_ok "world:events changed"

# The report shows the option (manifest) rather than counting a filtered file.
expect_exit 0 "" "report of an --events none run" -- "$ACCORD" report "$TMP/none" --quiet
grep -q 'events_not_written' "$TMP/none/report.html" && ok "report shows the events were not written" || not_ok "report note"

expect_exit 2 "--events needs one of all, incidents, none, got 'foo'" "bad --events value exits 2" \
  -- "$ACCORD" run "$S" --events foo --out "$TMP/bad"
expect_exit 2 "--events needs a value" "--events without a value exits 2" -- "$ACCORD" run "$S" --events
expect_exit 0 "--events all|incidents|none" "run --help documents --events" -- "$ACCORD" run --help
[ -e "$TMP/bad" ] && not_ok "a bad --events touches no directory" || ok "a bad --events touches no directory"
expect_exit 0 "events written \(--events incidents; [0-9]+ not written\)" "run says what it left out" \
  -- "$ACCORD" run "$S" --seed 7 --events incidents --out "$TMP/msg"

finish
