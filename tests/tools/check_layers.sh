#!/usr/bin/env bash
# The engine's layers (docs/architecture.md): each folder may include headers
# from itself and the layers below it, and only the third-party headers of the
# libraries its CMake target links. Prints every violation as FILE:LINE and
# exits 1 if there is any.
#   usage: tests/tools/check_layers.sh [ENGINE_DIR]   (default: engine/)
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
E=${1:-$(dirname "$0")/../../engine}
# layer: the engine folders it may include (besides itself)
declare -A below=(
  [base]=""
  [core]="base"
  [stats]="base core"
  [egt]="base core"
  [io]="base"
  [lua]="base core io egt"
  [report]="base core io stats"
  [sweep]="base core io stats egt lua report"
  [live]="base core io stats egt lua report sweep"
  [cli]="base core io stats egt lua report sweep live"
)
# layer: third-party headers it may include (extended regex on the header name)
declare -A libs=(
  [base]=""
  [core]="gsl/"
  [stats]="gsl/"
  [egt]="gsl/"
  [io]="csv\\.h"
  [lua]="gsl/|lua\\.h|lauxlib\\.h|lualib\\.h|luaconf\\.h"
  [report]="gsl/"
  [sweep]="gsl/|lua\\.h|lauxlib\\.h|lualib\\.h|csv\\.h|mpi\\.h"
  [live]="microhttpd\\.h|arpa/inet\\.h|netinet/in\\.h"
  [cli]="gsl/|lua\\.h|lauxlib\\.h|mpi\\.h"
)
# headers of libc and POSIX, allowed everywhere
posix='^(assert|ctype|errno|fcntl|float|inttypes|limits|locale|math|poll|pthread|setjmp|signal|stdarg|stdatomic|stdbool|stddef|stdint|stdio|stdlib|string|strings|time|unistd|dirent|libgen|spawn|termios|sys/[a-z_]+)\.h$'
bad=0
for dir in "$E"/*/; do
  layer=$(basename "$dir")
  if [ -z "${below[$layer]+x}" ]; then
    echo "$dir: a folder that is in no layer (add it to tests/tools/check_layers.sh and docs/architecture.md)"
    bad=1; continue
  fi
  for f in "$dir"*.c "$dir"*.h; do
    [ -e "$f" ] || continue
    while IFS=: read -r line inc; do
      if [[ $inc =~ \#include[[:space:]]*\"([a-z_]+)/[^\"]+\" ]]; then
        dep=${BASH_REMATCH[1]}
        [ "$dep" = "$layer" ] && continue
        if ! [[ " ${below[$layer]} " == *" $dep "* ]]; then
          echo "$f:$line: $layer includes $dep (a layer above it or beside it): ${inc#*#}"; bad=1
        fi
      elif [[ $inc =~ \#include[[:space:]]*\<([^\>]+)\> ]]; then
        h=${BASH_REMATCH[1]}
        [[ $h =~ $posix ]] && continue
        if [ -z "${libs[$layer]}" ] || ! [[ $h =~ ^(${libs[$layer]}) ]]; then
          echo "$f:$line: $layer includes <$h>, a library its target does not link"; bad=1
        fi
      elif [[ $inc =~ \#include[[:space:]]*\"[^/\"]+\" ]]; then
        echo "$f:$line: include engine headers by their layer path (\"$layer/x.h\"): ${inc#*#}"; bad=1
      fi
    done < <(grep -n '^[[:space:]]*#[[:space:]]*include' "$f")
  done
done
[ $bad -eq 0 ] && echo "layers ok: $(ls -d "$E"/*/ | wc -l) folders"
exit $bad
