# Helpers for accord's end-to-end tests (sourced). Each test runs the real
# binary ($ACCORD_BIN) from the source tree on real scenario files.
set -u
ACCORD=${ACCORD_BIN:?ACCORD_BIN not set}
SRC=${ACCORD_SOURCE_DIR:?ACCORD_SOURCE_DIR not set}
cd "$SRC"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/accord-e2e.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
fails=0
passes=0

ok() { passes=$((passes + 1)); echo "ok - $1"; }
not_ok() { fails=$((fails + 1)); echo "not ok - $1"; [ $# -gt 1 ] && printf '  %s\n' "$2"; return 0; }

# expect_exit CODE PATTERN DESCRIPTION -- command...
# Runs the command; passes if it exits CODE and stderr+stdout match PATTERN (grep -E).
expect_exit() {
  local code=$1 pattern=$2 desc=$3
  shift 4
  local out rc
  out=$("$@" 2>&1); rc=$?
  if [ "$rc" -ne "$code" ]; then
    not_ok "$desc" "exit $rc, expected $code; output: $(echo "$out" | head -5)"
  elif ! echo "$out" | grep -qE -- "$pattern"; then
    not_ok "$desc" "output does not match /$pattern/: $(echo "$out" | head -5)"
  else
    ok "$desc"
  fi
}

finish() {
  echo "$passes passed, $fails failed"
  [ "$fails" -eq 0 ]
}
