#!/usr/bin/env bash
# The edge cases of issue 14's list 6: parameters named like output columns,
# sobol_skip, --outcomes nope, decimal options, "--", plot --term and report
# --out FILE on a results folder they must only read, and figures of earlier
# runs removed on re-runs (only files accord drew).
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
T=tests/scenarios/tiny.lua
have_gnuplot=0; command -v gnuplot >/dev/null && have_gnuplot=1

# ---- a parameter named like a column of timeseries.csv (--timeseries) -----------
cat > "$TMP/tsn.lua" <<'EOF'
local year = param { name = "year", default = 1, min = 0.5, max = 2 }
local variable = param { name = "variable", default = 0.5, min = 0, max = 1 }
local q50 = param { name = "q50", default = 0.5, min = 0, max = 1 }
return scenario { name = "tsn", years = year,
  jurisdictions = { jurisdiction { id = "aa", market = 500, binding = true, stringency = variable } },
  populations = { population { kind = "startup", home = "aa", count = 5 } } }
EOF
expect_exit 0 "" "parameters year, variable, q50 with --timeseries: the sweep runs" -- \
  "$ACCORD" sweep "$TMP/tsn.lua" --vary year=0.5,1 --vary variable=0.2,0.4 --vary q50=0,1 --timeseries --out "$TMP/tsn" -q
head -1 "$TMP/tsn/timeseries.csv" | grep -q '^point,param_year,param_variable,param_q50,step,year,jurisdiction,variable,n,mean,q05,q50,q95$' \
  && [ -s "$TMP/tsn/runs.csv" ] && ok "... and writes runs.csv and timeseries.csv with param_ columns" \
  || not_ok "timeseries column clash" "$(head -1 "$TMP/tsn/timeseries.csv")"

# ---- sobol_skip: not a sweep option, and the docs say so --------------------------
printf 'return { scenario = "%s", design = "sobol", samples = 8, sobol_skip = 4, vary = { strict = true } }\n' \
  "$SRC/$T" > "$TMP/skip.lua"
expect_exit 2 "'sobol_skip' is not a sweep option: sweeps use the first N points" \
  "a sweep file with sobol_skip: exit 2 with the reason" -- "$ACCORD" sweep "$TMP/skip.lua" --out "$TMP/skip"
grep -q "does not offer it (a sweep" docs/statistics.md && ! grep -q '`sobol_skip`, a number of points' docs/statistics.md \
  && ok "statistics.md: sobol_skip is a C API option" || not_ok "statistics.md sobol_skip"

# ---- --outcomes nope: a usage error before running ---------------------------------
expect_exit 2 "no outcome 'nope'" "--outcomes nope (world): exit 2" -- "$ACCORD" sweep $T --outcomes nope --out "$TMP/n1"
expect_exit 2 "no outcome 'nope'" "--outcomes nope (function model): exit 2" -- \
  "$ACCORD" sweep tests/scenarios/sweep/fails.lua --outcomes nope --out "$TMP/n2"
[ ! -e "$TMP/n1" ] && [ ! -e "$TMP/n2" ] && ok "... nothing written" || not_ok "--outcomes nope wrote files"

# ---- decimal options: no hexadecimal, no leading or trailing spaces ----------------
for args in "run $T --set strict=0x0.8" "run $T --set strict= 0.5" "run $T --time-limit 0x10" \
            "run $T --time-limit  5" "run $T --memory-limit +64" "run $T --seed  3" \
            "sweep $T --vary strict=0x0.1:0.5" "sweep $T --vary strict=0.1, 0.5" \
            "sweep $T --run-timeout 0x10" "sweep $T --time-limit 1e1x" "sweep $T -j  2" \
            "sweep $T --reps  2"; do
  IFS='|' read -r verb rest <<< "${args/ /|}"
  # shellcheck disable=SC2086
  set -- $rest
  # re-join a value with its leading space: "--set strict= 0.5" -> "strict= 0.5"
  case "$args" in
    *"= 0.5") set -- "$T" --set "strict= 0.5" ;;
    *"--time-limit  5") set -- "$T" --time-limit " 5" ;;
    *"--seed  3") set -- "$T" --seed " 3" ;;
    *"0.1, 0.5") set -- "$T" --vary "strict=0.1, 0.5" ;;
    *"-j  2") set -- "$T" -j " 2" ;;
    *"--reps  2") set -- "$T" --reps " 2" ;;
  esac
  expect_exit 2 "" "refused: accord $verb ${*:2}" -- "$ACCORD" "$verb" "$@" --out "$TMP/dec"
done
# a decimal number too large for a double is named as such, not as "not a decimal number"
expect_exit 2 "--set strict: '1e400' is too large" "--set strict=1e400: too large, said so" -- \
  "$ACCORD" run "$T" --set strict=1e400 --out "$TMP/dec"
expect_exit 2 "--vary strict: '-1e999' is too large" "--vary strict=0.5,-1e999: too large, said so" -- \
  "$ACCORD" sweep "$T" --vary strict=0.5,-1e999 --out "$TMP/dec"
# a value of any length, as --set reads it (--vary stopped at 63 characters)
long1=$(printf '1%.0s' $(seq 401)) small="0.$(printf '0%.0s' $(seq 70))1"
expect_exit 2 "--vary strict: '1+' is too large" "--vary with a 401-digit value: too large, said so" -- \
  "$ACCORD" sweep "$T" --vary "strict=0.5,$long1" --out "$TMP/dec"
expect_exit 0 "" "--vary with a 73-character value that is a number" -- \
  "$ACCORD" sweep "$T" --vary "strict=0.5,$small" --dry-run -q --out "$TMP/dec"
expect_exit 2 "--level needs a number in \(0, 1\), got '0x0.9'" "compare --level 0x0.9" -- \
  "$ACCORD" compare "$TMP/none" --level 0x0.9 --out "$TMP/dc"
expect_exit 2 "--term-size needs COLSxROWS" "plot --term-size ' 80x24'" -- "$ACCORD" plot "$TMP/none" --term-size " 80x24"
expect_exit 0 "" "still accepted: 1e-1, .5, +0.5, -0 where in range" -- \
  "$ACCORD" run $T --set strict=1e-1 --set years=.5 --time-limit +30 --out "$TMP/decok" -q
[ ! -e "$TMP/dec" ] && ok "... nothing written by the refused ones" || not_ok "refused decimals wrote $TMP/dec"

# ---- "--" ends the options ------------------------------------------------------------
mkdir -p "$TMP/dd" && cp $T "$TMP/dd/-tiny.lua"
(cd "$TMP/dd" && "$ACCORD" run -q --out ./-out -- -tiny.lua) && [ -f "$TMP/dd/-out/summary.csv" ] \
  && ok "run -- -tiny.lua" || not_ok "run --"
expect_exit 2 "only one scenario file, got '-tiny.lua' and '--plot'" "after --, an option is an operand" -- \
  bash -c "cd '$TMP/dd' && '$ACCORD' run -q -- -tiny.lua --plot"
(cd "$TMP/dd" && "$ACCORD" check -- -tiny.lua >/dev/null && "$ACCORD" params -- -tiny.lua >/dev/null) \
  && ok "check and params take --" || not_ok "check/params --"
(cd "$TMP/dd" && "$ACCORD" sweep -q --reps 2 --out sw -- -tiny.lua >/dev/null) && [ -f "$TMP/dd/sw/runs.csv" ] \
  && ok "sweep -- -tiny.lua" || not_ok "sweep --"
(cd "$TMP/dd" && "$ACCORD" compare --no-plot --out cmp -q -- -out -out) && [ -f "$TMP/dd/cmp/compare.csv" ] \
  && ok "compare -- -out -out" || not_ok "compare --"
(cd "$TMP/dd" && "$ACCORD" report --no-figures -q -- -out) && [ -f "$TMP/dd/-out/report.html" ] \
  && ok "report -- -out" || not_ok "report --"
(cd "$TMP/dd" && "$ACCORD" plot --format svg -q -- -out) ; rc=$?
[ $rc -eq 0 ] || [ $rc -eq 3 ] && ok "plot -- -out (exit $rc)" || not_ok "plot --" "exit $rc"
(cd "$TMP/dd" && "$ACCORD" sweep -q --reps 2 --shard 0/1 --out sh -- -tiny.lua >/dev/null &&
  "$ACCORD" merge -q --out mg -- sh >/dev/null) && [ -f "$TMP/dd/mg/runs.csv" ] && ok "merge -- DIR" || not_ok "merge --"
expect_exit 0 "" "fields --" -- "$ACCORD" fields --

# ---- plot --term and report --out FILE only read the results folder ----------------
"$ACCORD" run $T --out "$TMP/ro" -q
if [ $have_gnuplot -eq 1 ]; then
  mkdir -p "$TMP/tmpd"
  export TMPDIR="$TMP/tmpd" # where the private directories go: checked empty below
  sleep 0.01
  before=$(stat -c %y "$TMP/ro")
  "$ACCORD" plot "$TMP/ro" --term > "$TMP/term.txt"
  [ "$(stat -c %y "$TMP/ro")" = "$before" ] && grep -q "Developers deployed" "$TMP/term.txt" \
    && ok "plot --term creates no file in the results folder (its mtime is unchanged)" \
    || not_ok "plot --term touched the folder" "$(ls -a "$TMP/ro")"
  "$ACCORD" report "$TMP/ro" --out "$TMP/page.html" -q
  [ "$(stat -c %y "$TMP/ro")" = "$before" ] && [ "$(grep -c '<svg' "$TMP/page.html")" -ge 3 ] \
    && ok "report --out FILE: figures inlined, nothing drawn into DIR" \
    || not_ok "report --out FILE touched DIR" "$(ls -a "$TMP/ro")"
  [ -z "$(ls -A "$TMP/tmpd")" ] && ok "no temporary directory left behind" \
    || not_ok "private temporary directories left behind" "$(ls -A "$TMP/tmpd")"
  # a read-only folder, where this machine lets us bind-mount one (root in a container)
  mkdir -p "$TMP/romnt"
  if mount --bind "$TMP/ro" "$TMP/romnt" 2>/dev/null && mount -o remount,ro,bind "$TMP/romnt" 2>/dev/null; then
    expect_exit 0 "Developers deployed" "plot --term on a read-only folder" -- "$ACCORD" plot "$TMP/romnt" --term
    expect_exit 0 "" "report --out FILE on a read-only folder" -- "$ACCORD" report "$TMP/romnt" --out "$TMP/ro.html" -q
    umount "$TMP/romnt"
  else
    umount "$TMP/romnt" 2>/dev/null
    echo "# (no read-only bind mount here: the mtime checks above stand for it)"
  fi
else
  echo "# gnuplot not installed: plot --term and report figures not checked"
fi

# ---- re-runs remove the figures accord drew that the new run does not make ----------
if [ $have_gnuplot -eq 1 ]; then
  M=tests/scenarios/sweep/metrics.lua
  "$ACCORD" run $M --out "$TMP/fig" -q --plot >/dev/null
  [ -f "$TMP/fig/custom_strict_bonus.png" ] && grep -qx custom_strict_bonus.svg "$TMP/fig/figures.txt" \
    && ok "figures drawn are listed in figures.txt" || not_ok "figure list" "$(ls -a "$TMP/fig")"
  touch "$TMP/fig/custom_mine.png" "$TMP/fig/notes.svg"
  # strict = 0.4: strict_bonus is not recorded, so its figure no longer applies
  "$ACCORD" run $M --set strict=0.4 --out "$TMP/fig" -q --plot >/dev/null
  [ ! -e "$TMP/fig/custom_strict_bonus.png" ] && [ ! -e "$TMP/fig/custom_strict_bonus.gp" ] \
    && [ -f "$TMP/fig/custom_harm_eu_cn.png" ] && ok "a re-run removes the old figure it does not draw" \
    || not_ok "stale figure kept" "$(ls "$TMP/fig")"
  [ -f "$TMP/fig/custom_mine.png" ] && [ -f "$TMP/fig/notes.svg" ] \
    && ok "the user's own files stay" || not_ok "user files removed"
  "$ACCORD" plot "$TMP/fig" --format pdf -q
  [ -f "$TMP/fig/custom_harm_eu_cn.png" ] && [ -f "$TMP/fig/custom_harm_eu_cn.pdf" ] \
    && ok "another format keeps the figures' other files" || not_ok "plot --format pdf removed png"
  # a run without --plot: every figure of the previous run goes (it showed the old data)
  "$ACCORD" run $M --set strict=0.9 --out "$TMP/fig" -q
  ls "$TMP/fig" | grep -vE '^(custom_mine\.png|notes\.svg)$' | grep -qE '\.(png|svg|pdf|gp)$' \
    && not_ok "figures of the previous run kept" "$(ls "$TMP/fig")" || ok "a re-run without --plot removes the old figures"
  [ ! -e "$TMP/fig/figures.txt" ] && [ -f "$TMP/fig/custom_mine.png" ] \
    && ok "... and its list, keeping the user's files" || not_ok "list or user files"
  # a list naming files outside the folder or hidden ones is ignored
  "$ACCORD" run $M --out "$TMP/fig2" -q --plot >/dev/null
  touch "$TMP/outside.png" "$TMP/fig2/.hidden.png"
  printf '../outside.png\n.hidden.png\n/etc/hostname\n' >> "$TMP/fig2/figures.txt"
  "$ACCORD" run $M --out "$TMP/fig2" -q
  [ -f "$TMP/outside.png" ] && [ -f "$TMP/fig2/.hidden.png" ] && [ -f /etc/hostname ] \
    && ok "names that are not plain figure files are never removed" || not_ok "list escaped the folder"
fi

# Several bad entries: the same one is reported in every run (Lua's table
# order changes from run to run; the scenario's keys are read in byte order)
cat > "$TMP/multi.lua" <<'EOF'
return scenario {
  name = "multi", years = 1, zeta_field = 1, alpha_field = 2, mid_field = 3,
  jurisdictions = { jurisdiction { id = "aa", market = 100 } },
  populations = { population { kind = "incumbent", home = "aa", count = 2 } },
}
EOF
cat > "$TMP/multi_rates.lua" <<'EOF'
local policies = require "policies"
return policies.attach(scenario {
  name = "multi_rates", years = 1,
  jurisdictions = { jurisdiction { id = "aa", market = 100 } },
  populations = { population { kind = "incumbent", home = "aa", count = 2 } },
}, { policies.regulatory_capture { jurisdiction = "aa",
     rates = { stringency = -0.2, audit_rate = -0.3, fine_share = -0.2, cert_cost = 0.5 } } })
EOF
for f in multi multi_rates; do
  msgs=$(for i in 1 2 3 4 5 6 7 8; do "$ACCORD" check "$TMP/$f.lua" 2>&1 | head -1; done | sort -u)
  [ "$(printf '%s\n' "$msgs" | wc -l)" -eq 1 ] && ok "$f: the same error in 8 runs" || not_ok "$f: errors vary" "$msgs"
done
"$ACCORD" check "$TMP/multi.lua" 2>&1 | grep -q "unknown field 'alpha_field'" && ok "the first bad key in byte order" || not_ok "multi: which key"
"$ACCORD" check "$TMP/multi_rates.lua" 2>&1 | grep -q "audit_rate = -0.3" && ok "regulatory_capture: the first bad rate in byte order" \
  || not_ok "multi_rates: which rate" "$("$ACCORD" check "$TMP/multi_rates.lua" 2>&1)"

finish
