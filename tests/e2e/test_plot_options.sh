#!/usr/bin/env bash
# accord plot's options say when they do nothing: --format with an empty
# entry ("png,,svg", a typo) is refused (exit 2), and --outcome on a run or
# a comparison (it chooses a sweep's outcomes) warns that it is ignored.
. "$(dirname "$0")/lib.sh"

"$ACCORD" run tests/scenarios/tiny.lua --out "$TMP/a" -q || not_ok "run tiny"
for f in "png,,svg" "svg," ",png"; do
  expect_exit 2 "an empty format in '$f'" "plot --format '$f' exits 2" -- "$ACCORD" plot "$TMP/a" --format "$f"
  expect_exit 2 "an empty format in '$f'" "compare --format '$f' exits 2" -- \
    "$ACCORD" compare "$TMP/a" "$TMP/a" --out "$TMP/c-$f" --format "$f"
done
expect_exit 0 "--outcome chooses among a sweep's outcomes; .* is a run, so it is ignored" \
  "plot RUN --outcome warns it is ignored" -- "$ACCORD" plot "$TMP/a" --outcome harm --list
out=$("$ACCORD" plot "$TMP/a" --list 2>&1 >/dev/null)
[ -z "$out" ] && ok "no warning without --outcome" || not_ok "plot --list warned" "$out"

finish
