#!/usr/bin/env bash
# accord live and heavy requests: a request whose runs would take more than
# --max-work (developer-market-steps, known from the scenario at the request's
# values before running) is refused at once with 422, naming the limit and the
# option, so two participants at the ends of scale and years do not hold both
# workers for the time limit while everyone else waits; a light request sent
# with them is answered promptly. The defaults over --max-work stop the start.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/live_lib.sh"

command -v curl > /dev/null || { echo "curl is needed"; exit 1; }

# --- the option
expect_exit 2 "--max-work needs" "--max-work -1 exits 2" -- "$ACCORD" live scenarios/baseline.lua --max-work -1
expect_exit 2 "--max-work needs" "--max-work abc exits 2" -- "$ACCORD" live scenarios/baseline.lua --max-work abc
expect_exit 0 "--max-work M" "live --help lists --max-work" -- "$ACCORD" live --help
# baseline at its defaults: 120 steps x 4 markets x (373 + 3298 / 2) developers = 0.97 million
expect_exit 2 "scenarios/baseline.lua: a run at its defaults is about 0.97 million developer-market-steps, over --max-work 0.5; start the server with --max-work 0.98 or more" \
  "defaults over --max-work: exit 2 before listening, saying which --max-work would do" -- \
  "$ACCORD" live scenarios/baseline.lua --max-work 0.5 --listen 127.0.0.1:0

# --- two heavy requests and a light one, -j 2 (the default --max-work, 40)
live_start scenarios/baseline.lua -j 2 --rate 0 || { not_ok "server starts" "$(cat "$TMP/server.log")"; finish; exit 1; }
curl -s -m 25 -o "$TMP/heavy1" -w '%{http_code} %{time_total}' "$LIVE_URL/api/run?scale=10&years=40" > "$TMP/heavy1.code" &
h1=$!
curl -s -m 25 -o "$TMP/heavy2" -w '%{http_code} %{time_total}' "$LIVE_URL/api/run?scale=9&years=40" > "$TMP/heavy2.code" &
h2=$!
sleep 0.2
light=$(curl -s -m 25 -o "$TMP/light" -w '%{http_code} %{time_total}' "$LIVE_URL/api/run?eu_stringency=0.57")
wait $h1 $h2
read -r code secs <<< "$light"
[ "$code" = 200 ] && python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 10 else 1)" "$secs" \
  && ok "a light request sent with two heavy ones is answered promptly ($secs s)" || not_ok "light request" "$light"
for h in 1 2; do
  read -r code secs < "$TMP/heavy$h.code"
  cp "$TMP/heavy$h" "$TMP/body"
  [ "$code" = 422 ] && python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 10 else 1)" "$secs" \
    && ok "heavy request $h is refused at once: 422 ($secs s)" || not_ok "heavy request $h" "$code $secs $(head -c 300 "$TMP/heavy$h")"
done
cp "$TMP/heavy1" "$TMP/body"
err=$(json 'd["error"], d["status"]')
echo "$err" | grep -q "this run is too large for this server: about 535 million developer-market-steps (480 steps x 4 markets x 278720 developers on average), over its limit of 40 million; make it smaller: fewer years, a smaller scale; or ask the teacher, who can raise the server's limit" \
  && echo "$err" | grep -q "422$" \
  && ok "the 422 says how large, the limit and what the participant can change" || not_ok "422 message" "$err"
# only the teacher can restart the server: the option is for the log, not the page
echo "$err" | grep -q -- "--max-work" && not_ok "the 422 tells the participant to restart the server" "$err" \
  || ok "the 422 does not tell the participant about --max-work"
# replicates multiply a request's work: years 50 is 21 million, twice that is over 40
expect_code 422 "years=50 with reps=2 is over --max-work" "/api/run?years=50&reps=2"
json 'd["error"]' | grep -q "x 2 replicates), over its limit of 40 million; make it smaller: fewer years, a smaller scale or fewer replicates; or ask the teacher" \
  && ok "the message counts the replicates and suggests fewer" || not_ok "reps message" "$(json 'd["error"]')"
expect_code 200 "years=50 with reps=1 is within it" "/api/run?years=50"
expect_code 200 "the server still answers" "/api/run?eu_stringency=0.57"
json 'd["cached"]' | grep -q True && ok "and from the cache" || not_ok "cache after refusals"
live_stop
[ "$LIVE_RC" = 0 ] && ok "clean stop" || not_ok "stop" "$LIVE_RC"
grep -q "GET /api/run 422" "$TMP/server.log" && grep -q ", 0 failed)" "$TMP/server.log" \
  && ok "refusals are logged 422 and not counted as failed runs" || not_ok "log" "$(tail -3 "$TMP/server.log")"
grep -q "accord live: a run over --max-work was refused: about 535 million developer-market-steps (480 steps x 4 markets x 278720 developers on average), over its limit of 40 million (--max-work); ask for a smaller world, a shorter run, or start the server with --max-work 540" "$TMP/server.log" \
  && ok "the server's log tells the teacher which --max-work would take it" || not_ok "teacher's hint in the log" "$(grep -i max-work "$TMP/server.log")"

# --- a refused request with replicates and its own seed runs none of its
# comparison at the defaults (review: it ran all of them first, holding the
# workers, and answered 422 only then): -j 1, reps 8, a seed not cached
live_start scenarios/baseline.lua -j 1 --rate 0 || { not_ok "server starts (-j 1)" "$(cat "$TMP/server.log")"; finish; exit 1; }
expect_code 422 "a heavy request with 8 replicates and a new seed: 422" "/api/run?scale=10&years=40&reps=8&seed=961"
live_stop
runs=$(grep -o "stopping ([0-9]* runs" "$TMP/server.log" | grep -o "[0-9]*")
[ -n "$runs" ] && [ "$runs" -le 1 ] && ok "the refused request ran none of its comparison runs ($runs run counted)" \
  || not_ok "runs after a refused request" "$(tail -2 "$TMP/server.log")"

# --- --max-work 0: no limit (the time limit still stops a run)
live_start scenarios/baseline.lua -j 1 --rate 0 --max-work 0 --time-limit 1 || { not_ok "server starts (no limit)" "$(cat "$TMP/server.log")"; finish; exit 1; }
expect_code 500 "--max-work 0: a heavy run is tried, and stopped by the time limit" "/api/run?scale=10&years=40"
json 'd["error"]' | grep -q "time limit" && ok "the 500 says time limit" || not_ok "no-limit 500" "$(json 'd["error"]')"
live_stop
finish
