/* accord io — results-directory layout helpers (io/layout.h): UTC time
 * stamps, the manifests' "versions" object and the engine's source commit
 * (generated/io/accord_commit.h in the build tree, written by tools/source_commit.cmake at every
 * build; only this file includes it, so a new commit recompiles it alone).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "io/layout.h"

#include <csv.h>
#include <stdio.h>
#include <time.h>

#include "io/accord_commit.h" /* generated in the build tree */
#include "io/json.h"

void acc_utc_now(char *buf, size_t n, const char *fmt)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, fmt, &tm);
}

const char *acc_layout_commit(void)
{
    return ACCORD_COMMIT;
}

int acc_layout_versions(struct acc_json *j, const char *lua, const char *gsl)
{
    char csvv[32];
    snprintf(csvv, sizeof csvv, "%d.%d.%d", CSV_MAJOR, CSV_MINOR, CSV_RELEASE);
    return acc_json_key(j, "versions") || acc_json_begin_object(j) ||
           acc_json_kstr(j, "accord", ACCORD_VERSION) ||
           acc_json_kstr(j, "accord_commit", ACCORD_COMMIT) ||
           (lua && acc_json_kstr(j, "lua", lua)) || (gsl && acc_json_kstr(j, "gsl", gsl)) ||
           acc_json_kstr(j, "libcsv", csvv) || acc_json_end_object(j);
}
