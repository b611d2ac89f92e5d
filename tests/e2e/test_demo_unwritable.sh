#!/usr/bin/env bash
# accord demo where it cannot write (a read-only folder, a classroom laptop's
# mounted share): exit 3 with the file system's error and a line saying where
# the demo writes and how to choose another place (--out DIR). A scenario
# that does not load gets its own error, not that hint.
. "$(dirname "$0")/lib.sh"

printf 'not a folder\n' > "$TMP/file"
expect_exit 3 "choose a folder you can write with --out DIR" \
  "demo into an unwritable --out says how to choose another" -- \
  "$ACCORD" demo --no-plots --out "$TMP/file/demo"
expect_exit 3 "into $TMP/file/demo; choose" "the hint names the folder it tried" -- \
  "$ACCORD" demo --no-plots --out "$TMP/file/demo"

mkdir -p "$TMP/scen"
printf 'return scenario {' > "$TMP/scen/baseline.lua"
out=$(ACCORD_SCENARIOS="$TMP/scen" "$ACCORD" demo --no-plots --out "$TMP/ok" 2>&1); rc=$?
[ $rc -eq 2 ] && ! echo "$out" | grep -q "choose a folder you can write" \
  && ok "a scenario that does not load: exit 2, no folder hint" \
  || not_ok "bad scenario in the demo" "exit $rc: $(echo "$out" | tail -2)"

finish
