#!/usr/bin/env bash
# The engine's layers hold (tests/tools/check_layers.sh), and the check fails,
# naming file and line, when a forbidden include is added.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
CHECK=tests/tools/check_layers.sh
expect_exit 0 "layers ok" "the engine's includes respect its layers" -- bash $CHECK engine

cp -r engine "$TMP/e1"
sed -i '0,/#include/s//#include <lua.h>\n#include/' "$TMP/e1/core/step.c"
expect_exit 1 "core/step.c:[0-9]+: core includes <lua.h>, a library its target does not link" "core may not see Lua" -- bash $CHECK "$TMP/e1"

cp -r engine "$TMP/e2"
printf '#include "lua/scenario.h"\n' >> "$TMP/e2/io/csv.c"
expect_exit 1 "io/csv.c:[0-9]+: io includes lua" "io may not include a layer above it" -- bash $CHECK "$TMP/e2"

cp -r engine "$TMP/e3"
printf '#include <csv.h>\n' >> "$TMP/e3/core/model.h"
expect_exit 1 "core/model.h:[0-9]+: core includes <csv.h>" "core may not see libcsv" -- bash $CHECK "$TMP/e3"

cp -r engine "$TMP/e4"
printf '#include "report/plot.h"\n' >> "$TMP/e4/stats/design.c"
expect_exit 1 "stats/design.c:[0-9]+: stats includes report" "stats may not include a layer beside it" -- bash $CHECK "$TMP/e4"

cp -r engine "$TMP/e5"
printf '#include <gsl/gsl_rng.h>\n' >> "$TMP/e5/base/common.c"
expect_exit 1 "base/common.c:[0-9]+: base includes <gsl/gsl_rng.h>" "base is libc only" -- bash $CHECK "$TMP/e5"

# and the compiler agrees where it can: core's target has no Lua include path
if command -v cc >/dev/null && [ -n "${ACCORD_BUILD_DIR:-}" ] && [ -f "$ACCORD_BUILD_DIR/CMakeCache.txt" ]; then
  printf '#include <lua.h>\nint x;\n' > "$TMP/probe.c"
  inc=$(grep -h -- '-I' "$ACCORD_BUILD_DIR"/CMakeFiles/acc_core.dir/flags.make 2>/dev/null | sed 's/^C_INCLUDES = //')
  if [ -n "$inc" ]; then
    cc $inc -c "$TMP/probe.c" -o "$TMP/probe.o" 2>/dev/null && not_ok "core's compile flags do not find lua.h" "$inc" || ok "core's compile flags do not find lua.h"
  fi
fi
finish
