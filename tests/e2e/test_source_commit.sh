#!/usr/bin/env bash
# The engine's source commit (README, docs/outputs.md "versions"): written at
# build time by tools/source_commit.cmake into generated/io/accord_commit.h: the
# checkout's HEAD, "-dirty" with uncommitted changes to tracked files,
# "unknown" without git or outside a checkout; the header is rewritten only
# when its text changes. `accord --version` prints it and every manifest
# records it as versions.accord_commit.
. "$(dirname "$0")/lib.sh"

json() { python3 -c "import json,sys; m=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }
gen() { cmake -DSRC="$1" -DOUT="$2" -P tools/source_commit.cmake; }
commit_of() { sed -n 's/^#define ACCORD_COMMIT "\(.*\)"$/\1/p' "$1"; }

v=$("$ACCORD" --version)
c=$(echo "$v" | sed -n 's/^accord [0-9.]* (commit \(.*\))$/\1/p')
[ -n "$c" ] && ok "--version prints the commit ($c)" || not_ok "--version" "$v"
"$ACCORD" run tests/scenarios/tiny.lua --out "$TMP/r" -q || not_ok "run"
[ "$(json "$TMP/r/manifest.json" 'm["versions"]["accord_commit"]')" = "$c" ] &&
  [ "$(json "$TMP/r/manifest.json" 'list(m["versions"])[:2]')" = "['accord', 'accord_commit']" ] &&
  ok "a run's manifest records it beside the version" ||
  not_ok "manifest versions" "$(json "$TMP/r/manifest.json" 'm["versions"]')"

if command -v git >/dev/null; then
  G="$TMP/g"
  mkdir -p "$G" && git -C "$G" init -q && echo one > "$G/a.txt" && echo x > "$G/b.txt" &&
    git -C "$G" add a.txt b.txt && git -C "$G" -c user.name=t -c user.email=t@t commit -qm one ||
    not_ok "a scratch repository"
  head=$(git -C "$G" rev-parse HEAD)
  gen "$G" "$TMP/h.h" || not_ok "the script fails in a clean checkout"
  [ "$(commit_of "$TMP/h.h")" = "$head" ] && ok "a clean checkout: its HEAD" ||
    not_ok "clean checkout" "$(cat "$TMP/h.h")"
  touch -d 2001-01-01 "$TMP/h.h"
  echo new > "$G/untracked.txt"
  gen "$G" "$TMP/h.h"
  [ "$(stat -c %Y "$TMP/h.h")" = "$(date -d 2001-01-01 +%s)" ] &&
    ok "unchanged (an untracked file is no change): the header is not rewritten" ||
    not_ok "the header was rewritten with the same commit" "$(cat "$TMP/h.h")"
  echo two > "$G/a.txt"
  gen "$G" "$TMP/h.h"
  [ "$(commit_of "$TMP/h.h")" = "$head-dirty" ] && ok "a tracked file changed: HEAD-dirty" ||
    not_ok "dirty" "$(cat "$TMP/h.h")"
  git -C "$G" -c user.name=t -c user.email=t@t commit -qam two
  gen "$G" "$TMP/h.h"
  [ "$(commit_of "$TMP/h.h")" = "$(git -C "$G" rev-parse HEAD)" ] &&
    ok "a new commit without re-running cmake: the header follows" || not_ok "new commit" "$(cat "$TMP/h.h")"
  mkdir -p "$G/sub"
  gen "$G/sub" "$TMP/h2.h"
  [ "$(commit_of "$TMP/h2.h")" = unknown ] &&
    ok "a tree inside another repository (not its own checkout): unknown" || not_ok "nested" "$(cat "$TMP/h2.h")"
fi

# a copy of the tree without .git (a tarball) configures and builds the io
# layer (the one file that includes the header) with "unknown"
mkdir -p "$TMP/tree"
tar -C "$SRC" --exclude=./.git --exclude='./build*' --exclude=./results -cf - . | tar -C "$TMP/tree" -xf -
if cmake -S "$TMP/tree" -B "$TMP/tb" -DACCORD_TESTS=OFF -DACCORD_LIVE=OFF >"$TMP/cfg.log" 2>&1 &&
   cmake --build "$TMP/tb" --target acc_io >"$TMP/bld.log" 2>&1; then
  [ "$(commit_of "$TMP/tb/generated/io/accord_commit.h")" = unknown ] &&
    ok "a tree without .git configures and builds, commit unknown" ||
    not_ok "tarball commit" "$(cat "$TMP/tb/generated/io/accord_commit.h")"
else
  not_ok "a tree without .git does not configure or build" "$(tail -5 "$TMP/cfg.log" "$TMP/bld.log" 2>/dev/null)"
fi
# and without git on the PATH at all: the script still writes "unknown"
PATH=/nonexistent /usr/bin/env -i "$(command -v cmake)" -DSRC="$SRC" -DOUT="$TMP/h3.h" -P tools/source_commit.cmake
[ "$(commit_of "$TMP/h3.h")" = unknown ] && ok "no git program: unknown" || not_ok "no git" "$(cat "$TMP/h3.h" 2>&1)"

finish
