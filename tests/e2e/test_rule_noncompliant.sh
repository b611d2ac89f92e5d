#!/usr/bin/env bash
# A custom rule may choose MODEL.md v2's non-compliant option from Lua:
# devs:apply(i, id, "noncompliant") serves a binding regulated segment
# uncertified; law-abiding developers are refused with the reason; the
# developers served are counted `noncompliant` and entered with detail
# "noncompliant". SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
S=tests/scenarios/policy/rule_noncompliant.lua
expect_exit 0 "" "a rule serving uncertified runs" -- "$ACCORD" run "$S" --seed 3 --out "$TMP/r" -q
served=$(awk -F, '$1 == 1 && $3 == "served" { print $4 }' "$TMP/r/custom.csv")
refused=$(awk -F, '$1 == 1 && $3 == "refused_law_abiding" { print $4 }' "$TMP/r/custom.csv")
entries=$(awk -F, '$1 == 1 && $3 == "entry" && $7 == "aa" && $12 == "noncompliant"' "$TMP/r/events.csv" | wc -l)
nc=$(awk -F, 'NR == 1 { for (k = 1; k <= NF; k++) if ($k == "noncompliant") c = k } $1 == 1 && $3 == "aa" { print $c }' "$TMP/r/timeseries.csv")
[ "${served:-0}" -gt 0 ] && [ "${refused:-0}" -gt 0 ] && [ $((served + refused)) -eq 20 ] \
  && ok "not law-abiding: served ($served); law-abiding: refused with the reason ($refused)" \
  || not_ok "served/refused" "served=$served refused=$refused"
[ "$entries" -eq "$served" ] && [ "$nc" = "$served" ] \
  && ok "each is an entry with detail noncompliant and counted noncompliant" \
  || not_ok "entries/noncompliant" "entries=$entries noncompliant=$nc served=$served"
finish
