#!/usr/bin/env bash
# accord live under a bounded load: 3 rounds of 500 requests from 20
# concurrent curl clients (pages, the scenario, runs with a handful of
# policies, figures, the class view); every request answered 200, the server
# alive, its resident memory flat between the second and third rounds.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/live_lib.sh"

live_start scenarios/baseline.lua -j 2 --rate 0 --quiet || { not_ok "server starts" "$(cat "$TMP/server.log")"; finish; exit 1; }
ok "server on port $LIVE_PORT"

# 500 URLs: every fifth a run with one of 5 policies (new runs in round 1, the
# cache afterwards), the rest pages, assets, figures and the class view
urls="$TMP/urls"
for i in $(seq 0 499); do
  s=$(( i % 5 ))
  case $(( i % 10 )) in
    0|5) echo "$LIVE_URL/api/run?eu_stringency=0.$((s + 3))&client=00000000000000$((10 + s))" ;;
    1) echo "$LIVE_URL/" ;;
    2) echo "$LIVE_URL/api/scenario" ;;
    3) echo "$LIVE_URL/live.js" ;;
    4) echo "$LIVE_URL/api/figure/harm.svg?eu_stringency=0.$((s + 3))&compare=1" ;;
    6) echo "$LIVE_URL/api/class" ;;
    7) echo "$LIVE_URL/api/class.svg" ;;
    8) echo "$LIVE_URL/nope/../../etc/passwd" ;;
    9) echo "$LIVE_URL/api/run?eu_stringency=0.$((s + 3))&reps=2" ;;
  esac
done > "$urls"
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$LIVE_PID/status"; }
round() { # round N: all 500 answered; prints the codes' counts
  xargs -P 20 -n 1 curl -s --path-as-is -o /dev/null -w '%{http_code}\n' --max-time 60 < "$urls" \
    | sort | uniq -c | awk '{printf "%s:%s ", $2, $1}'
}
for r in 1 2 3; do
  codes=$(round)
  kb=$(rss)
  echo "round $r: $codes RSS ${kb} kB"
  eval "rss$r=$kb"
  # the traversal URLs are 404 (curl sends the path as given), all others 200
  [ "$codes" = "200:450 404:50 " ] && ok "round $r: 500 requests answered (450 x 200, 50 x 404)" || not_ok "round $r codes" "$codes"
  kill -0 "$LIVE_PID" 2>/dev/null && ok "round $r: the server is alive" || not_ok "round $r: server died"
done
growth=$(( rss3 - rss2 ))
if ldd "$ACCORD" 2>/dev/null | grep -q 'libasan\|libubsan' || nm "$ACCORD" 2>/dev/null | grep -q __asan_init; then
  # AddressSanitizer keeps freed memory in quarantine: RSS grows by design
  ok "memory flat: not measured under a sanitizer (RSS ${rss2} kB -> ${rss3} kB)"
else
  [ "$growth" -lt 4096 ] && ok "memory flat: RSS ${rss2} kB -> ${rss3} kB after 500 more requests" || not_ok "RSS grew" "${rss2} -> ${rss3} kB"
fi
live_stop
[ "$LIVE_RC" = 0 ] && ok "clean stop" || not_ok "stop" "$LIVE_RC"
finish
