#!/usr/bin/env bash
# A sweep that reaches a file-size limit (ulimit -f: a batch system's or a
# quota's) while it journals its runs stops with a file error naming the file
# (exit 3) and the command that resumes it; resumed without the limit, its
# outputs are an uninterrupted sweep's. (SIGXFSZ once ended it without a word,
# exit 153.)
. "$(dirname "$0")/lib.sh"

S=tests/scenarios/ishigami.lua
O=(--design lhs --samples 1500 --vary x1 --vary x2 --vary x3 -j 2 --quiet)
"$ACCORD" sweep $S "${O[@]}" --out "$TMP/ref" >/dev/null 2>&1
out=$(ulimit -f 16; "$ACCORD" sweep $S "${O[@]}" --out "$TMP/d" 2>&1); rc=$?
[ $rc -eq 3 ] && ok "file-size limit: exit 3" || not_ok "file-size limit: exit 3" "exit $rc: $out"
echo "$out" | grep -q "journal.txt: cannot append: File too large" && ok "file-size limit: names the file" ||
  not_ok "file-size limit: names the file" "$out"
echo "$out" | grep -qE "sweep stopped by a file error: [0-9]+ of 1500 runs done; resume with: .* --out $TMP/d --resume" &&
  ok "file-size limit: the resume command" || not_ok "file-size limit: the resume command" "$out"
expect_exit 0 "" "resumed without the limit" -- "$ACCORD" sweep $S "${O[@]}" --out "$TMP/d" --resume
for f in runs.csv points.csv failures.csv; do
  cmp -s "$TMP/ref/$f" "$TMP/d/$f" && ok "$f as an uninterrupted sweep's" || not_ok "$f as an uninterrupted sweep's"
done
finish
