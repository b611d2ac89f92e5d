#!/usr/bin/env bash
# Run memory does not grow with the number of events (issue 12, item 4): a
# scenario with no Lua code running during the run (no policies, events, rule
# or hooks) keeps no events in memory for world:events, so a large world's
# first step (every developer entering its markets: about 15 events each)
# costs no memory; events.csv streams to disk. scenarios/scale/million.lua at
# 50,000 developers, one year: peak RSS below 1,500 bytes per developer (the
# process holds about 710, 1,220 under ASan; with the events kept it was about
# 2,200). A bound on
# memory, not a timing.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
for ev in none all; do
  rss=$(python3 - "$ACCORD" "$TMP/out-$ev" "$ev" <<'PY'
import resource, subprocess, sys
acc, out, ev = sys.argv[1:4]
subprocess.run([acc, "run", "scenarios/scale/million.lua", "--set", "developers=50000", "--set", "years=1",
                "--events", ev, "--out", out, "-q"], check=True, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)  # KB
PY
) || rss=0
  per=$(( rss * 1024 / 50000 ))
  if [ "$rss" -gt 0 ] && [ "$per" -lt 1500 ]; then
    ok "--events $ev: peak RSS $rss KB, $per bytes per developer"
  else
    not_ok "--events $ev: peak RSS per developer" "$rss KB = $per bytes per developer (expected < 1500; 0: the run failed)"
  fi
done
n=$(($(wc -l < "$TMP/out-all/events.csv") - 1))
[ "$n" -gt 500000 ] && ok "$n events streamed to events.csv" || not_ok "a large first year of events" "$n"
finish
