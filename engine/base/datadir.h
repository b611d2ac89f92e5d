/* accord base — where accord's data directories are, whether it runs from its
 * build tree or from an installation: the Lua modules scenarios require
 * (scripts), the gnuplot templates (plots), the shipped scenarios
 * (scenarios), the calibration figures (data) and the documentation (docs).
 * libc and POSIX only. SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_BASE_DATADIR_H
#define ACC_BASE_DATADIR_H

#include <stddef.h>

/* Where acc_data_dir found the directory (0: nowhere). */
enum acc_data_where {
    ACC_DATA_NONE = 0,
    ACC_DATA_ENV = 1,     /* $ACCORD_<SUB>, as given, not checked */
    ACC_DATA_CWD = 2,     /* ./<sub>, given as the relative "<sub>" */
    ACC_DATA_INSTALL = 3, /* <prefix>/share/accord/<sub> of an installed accord */
    ACC_DATA_BUILD = 4,   /* <exe dir>/../<sub>: a build directory inside a source tree */
    ACC_DATA_SOURCE = 5   /* <source>/<sub>: the tree the binary was built from */
};

/* The directory of accord's data `sub` ("scripts", "plots", "scenarios",
 * "data" or "docs"; any other lower-case word has no marker file, so any
 * directory of that name counts). Copies it to out (n bytes) and returns
 * where it was found, or ACC_DATA_NONE (out is then ""). The first of:
 *
 *   1. $ACCORD_SCRIPTS, $ACCORD_PLOTS, $ACCORD_SCENARIOS, $ACCORD_DATA or
 *      $ACCORD_DOCS (ACCORD_ and the upper-cased sub) when set and not
 *      empty: returned as given, without any check, and nothing else is
 *      tried — the caller checks it and names the variable in its message;
 *   2. ./<sub> when it holds sub's marker file (scripts/regimes.lua,
 *      plots/style.gp, scenarios/baseline.lua, data/README.md,
 *      docs/model.md): accord run from a source tree; returned relative, so
 *      messages such as "scripts/policies.lua:12:" stay short;
 *   3. <exe dir>/../share/accord/<sub> (the installed layout, exe dir from
 *      /proc/self/exe, so symbolic links to the binary work; the relative
 *      part is ACCORD_DATA_REL, which CMake derives from its install dirs)
 *      when it holds the marker;
 *   4. only when <exe dir>/../share/accord does not exist, that is for a
 *      binary that was not installed (the build tree's): <exe dir>/../<sub>
 *      (a build directory inside the source tree), then the source tree the
 *      build was configured from (compiled in as ACCORD_SOURCE_DIR), each
 *      when it holds the marker.
 *
 * A candidate longer than n - 1 bytes is skipped. Paths found beside the
 * executable have no "/../". */
int acc_data_dir(const char *sub, char *out, size_t n);

#endif
