/* accord io — the layout of results directories, in one place: the names of
 * the files a run, a sweep and a comparison write (docs/outputs.md), the
 * kinds their manifests record, the UTC time stamps of manifests and reports
 * and the manifests' "versions" object.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_IO_LAYOUT_H
#define ACC_IO_LAYOUT_H

#include <stddef.h>

/* ---- file names (string literals: "%s/" ACC_FILE_MANIFEST works) -------- */

/* every results directory */
#define ACC_FILE_MANIFEST "manifest.json"
#define ACC_FILE_REPORT "report.html"     /* accord report */
/* the figure files accord drew in a directory, one name a line (report/plot.h) */
#define ACC_FILE_FIGURES "figures.txt"
/* a run (accord run) */
#define ACC_FILE_TIMESERIES "timeseries.csv" /* also a sweep's with --timeseries */
#define ACC_FILE_EVENTS "events.csv"
#define ACC_FILE_SUMMARY "summary.csv"
#define ACC_FILE_CUSTOM "custom.csv"       /* metrics scripts record */
#define ACC_FILE_LOG "log.txt"             /* lines scripts print or log */
#define ACC_FILE_TABLE_FMT "table_%s.csv"  /* a function model's table <name> */
#define ACC_FILE_TABLE_PHASE "table_phase.csv" /* the table an EGT phase figure draws */
/* a sweep (accord sweep, accord merge) */
#define ACC_FILE_RUNS "runs.csv"
#define ACC_FILE_POINTS "points.csv"
#define ACC_FILE_SENSITIVITY "sensitivity.csv"
#define ACC_FILE_FAILURES "failures.csv"
#define ACC_FILE_JOURNAL "journal.txt"
#define ACC_FILE_TS_JOURNAL "timeseries.bin" /* --timeseries: the runs' series */
/* a comparison (accord compare) */
#define ACC_FILE_COMPARE "compare.csv"
#define ACC_FILE_COMPARE_TS "compare_timeseries.csv"
#define ACC_FILE_COMPARE_DIFF "compare_difference.csv"

/* ---- directory kinds: a manifest's "kind" ---------------------------------- */

#define ACC_KIND_RUN "run"
#define ACC_KIND_SWEEP "sweep"
#define ACC_KIND_SHARD "sweep-shard" /* one shard of a sweep (--shard i/N) */
#define ACC_KIND_COMPARE "compare"

/* ---- time stamps ---------------------------------------------------------- */

/* strftime formats: ISO 8601 for manifests ("2026-11-26T23:05:29Z"), and
 * for people, on reports ("2026-11-26 23:05 UTC"). */
#define ACC_UTC_ISO8601 "%Y-%m-%dT%H:%M:%SZ"
#define ACC_UTC_HUMAN "%Y-%m-%d %H:%M UTC"

/* The current UTC time in buf[n] in strftime format fmt. */
void acc_utc_now(char *buf, size_t n, const char *fmt);

/* ---- versions ---------------------------------------------------------------- */

/* The engine's source commit, fixed at build time: the git commit hash of
 * the source tree, with "-dirty" when tracked files had uncommitted changes,
 * or "unknown" (built without git or outside a checkout, from a tarball). */
const char *acc_layout_commit(void);

/* Write a manifest's "versions" member: {"accord", "accord_commit" (the
 * source commit above), "lua", "gsl", "libcsv"}.
 * io knows accord's and libcsv's versions; Lua's and GSL's come from the
 * layers that may include those libraries' headers (NULL: the member is
 * left out). Full versions: acc_manifest_versions (sweep/rundir.h).
 * Returns 0, or non-zero if the writer failed (as acc_json_* do). */
struct acc_json;
int acc_layout_versions(struct acc_json *j, const char *lua, const char *gsl);

/* ---- sources (io/provenance.c) ------------------------------------------------ */

/* A Lua module the scenario loaded: its require name, its file's absolute
 * path and the file's SHA-256 (hex) as loaded. */
typedef struct acc_layout_module {
    const char *name, *path, *sha256;
} acc_layout_module;

typedef struct acc_layout_sources {
    const char *cwd;           /* the working directory the runs ran in; NULL: now's */
    const char *const *dirs;   /* the folders require searched, in order */
    int ndirs;
    int resolve_dirs;          /* write them as absolute paths (realpath), each once,
                                  missing ones left out; 0: as given */
    const acc_layout_module *mods; /* any order; a path may come with several SHA-256 */
    int nmods;
    const char *const *differ; /* a merge: the members that differ between its shards */
    int ndiffer;
    const char *modules_note;  /* NULL, or "module_files_note": why the list may be short */
} acc_layout_sources;

/* Write a manifest's "sources" member: {"cwd", "module_dirs": [...],
 * "module_files": {"ABSOLUTE/PATH.lua": {"module": name, "sha256": ...,
 * "sha256_also": [other contents the same file was loaded with]}, ...} sorted
 * by path, "module_files_note" when given, "differs_between_shards": [...] when
 * ndiffer > 0} (docs/outputs.md).
 * Returns 0, or non-zero if the writer failed (as acc_json_* do). */
struct acc_json;
int acc_layout_sources_write(struct acc_json *j, const acc_layout_sources *s);

/* Copy the "sources" member of dir's manifest.json (a sweep's, for the
 * calibration or discovery made from it) as it is; nothing when the
 * manifest cannot be read or has none (an earlier accord's). Returns 0, or
 * non-zero if the writer failed. */
int acc_layout_copy_sources(struct acc_json *j, const char *dir);

#endif
