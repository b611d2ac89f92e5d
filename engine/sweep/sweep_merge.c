/* accord — merging the shard directories of a sweep (accord merge): checks
 * that the shards belong to one plan, are all there once and finished, then
 * writes one unsharded journal (and time-series journal) of their valid
 * records and the outputs a single sweep writes.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/common.h"
#include "io/jdoc.h"
#include "io/layout.h"
#include "base/clock.h"
#include "io/atomic.h"
#include "sweep/sweep.h"
#include "sweep/sweep_int.h"

/* ---- merging shards ----------------------------------------------------------------------------- */

typedef struct merge_ts {
    FILE *out;
    acc_sb rec;
} merge_ts;

static int copy_ts(void *ud, uint64_t run, long long off, const char *payload, size_t len)
{
    (void)off;
    merge_ts *m = ud;
    if (sw_signal_pending())
        return ACC_EINTR;
    acc_sb_clear(&m->rec);
    sw_tsj_format(&m->rec, run, payload, len);
    if (m->rec.oom)
        return ACC_ENOMEM;
    fwrite(m->rec.s, 1, m->rec.len, m->out);
    return ACC_OK;
}

/* The shards given: their journals' paths and headers. */
typedef struct shards {
    const char *const *dirs;
    int n;
    sw_header *hs;
    char **paths;
    uint64_t count; /* shards in the sweep */
} shards;

static void shards_free(shards *S)
{
    for (int i = 0; S->hs && i < S->n; i++)
        sw_header_free(&S->hs[i]);
    for (int i = 0; S->paths && i < S->n; i++)
        free(S->paths[i]);
    free(S->hs);
    free(S->paths);
}

static int same_plan(const sw_header *a, const sw_header *b)
{
    int same = a->nplan == b->nplan;
    for (int k = 0; same && k < a->nplan; k++)
        same = strcmp(a->plan[k], b->plan[k]) == 0;
    return same;
}

/* Read every shard's journal header; they must share one plan. */
static int read_shards(shards *S, acc_sweep_result *res, char *err, size_t errlen)
{
    if (!(S->hs = calloc((size_t)S->n, sizeof *S->hs)) ||
        !(S->paths = calloc((size_t)S->n, sizeof *S->paths)))
        goto oom;
    for (int i = 0; i < S->n; i++) {
        size_t len = strlen(S->dirs[i]) + sizeof(ACC_FILE_JOURNAL) + 2;
        if (!(S->paths[i] = malloc(len)))
            goto oom;
        snprintf(S->paths[i], len, "%s/%s", S->dirs[i], ACC_FILE_JOURNAL);
        long long end;
        uint64_t bad;
        struct stat stt;
        if (stat(S->paths[i], &stt) != 0) {
            acc_errf(err, errlen, "merge: %s is not a sweep directory (no %s)", S->dirs[i],
                     ACC_FILE_JOURNAL);
            return ACC_EINVAL;
        }
        int rc = sw_journal_read(S->paths[i], &S->hs[i], NULL, NULL, &end, &bad, err, errlen);
        if (rc)
            return rc;
        res->n_bad_records += bad;
        if (i > 0 && !(same_plan(&S->hs[i], &S->hs[0]) &&
                       S->hs[i].shard_count == S->hs[0].shard_count)) {
            acc_sb why = {0};
            if (!same_plan(&S->hs[i], &S->hs[0]))
                sw_plan_explain(&S->hs[0], S->dirs[0], "has", "does not have", &S->hs[i], S->dirs[i],
                                "has", "does not have", &why);
            else
                acc_sb_printf(&why, "%s is one of %llu shards, %s one of %llu", S->dirs[0],
                              (unsigned long long)S->hs[0].shard_count, S->dirs[i],
                              (unsigned long long)S->hs[i].shard_count);
            acc_errf(err, errlen, "merge: %s and %s are shards of different sweeps (%s)", S->dirs[0],
                     S->dirs[i], why.oom ? "out of memory" : acc_sb_str(&why));
            acc_sb_free(&why);
            return ACC_EINVAL;
        }
    }
    S->count = S->hs[0].shard_count;
    return ACC_OK;
oom:
    acc_errf(err, errlen, "out of memory");
    return ACC_ENOMEM;
}

/* Every shard 0 .. count-1 given exactly once. */
static int check_shard_set(const shards *S, char *err, size_t errlen)
{
    uint64_t sn = S->count;
    unsigned char *seen = calloc((size_t)(sn / 8 + 1), 1);
    if (!seen) {
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    int rc = ACC_OK;
    for (int i = 0; i < S->n && !rc; i++) {
        uint64_t s = S->hs[i].shard_index;
        if (seen[s >> 3] & (1u << (s & 7))) {
            acc_errf(err, errlen, "merge: shard %llu/%llu is given twice (%s)",
                     (unsigned long long)s, (unsigned long long)sn, S->dirs[i]);
            rc = ACC_EINVAL;
        }
        seen[s >> 3] |= (unsigned char)(1u << (s & 7));
    }
    for (uint64_t s = 0; s < sn && !rc; s++)
        if (!(seen[s >> 3] & (1u << (s & 7)))) {
            acc_errf(err, errlen, "merge: shard %llu/%llu is missing", (unsigned long long)s,
                     (unsigned long long)sn);
            rc = ACC_EINVAL;
        }
    free(seen);
    return rc;
}

/* The plan of the shards' journals, checked as the command line's would be
 * (a damaged or forged journal must not reach the design). */
static int shards_plan(const shards *S, sw_plan **p, char *err, size_t errlen)
{
    int rc = sw_plan_from_lines(S->hs[0].plan, S->hs[0].nplan, p, err, errlen);
    if (rc) {
        if (rc == ACC_EINVAL) {
            char why[ACC_ERRLEN];
            snprintf(why, sizeof why, "%s", err);
            acc_errf(err, errlen, "merge: %s: the plan in its journal is invalid: %s",
                     S->paths[0], why);
        }
        return rc;
    }
    const char *name = sw_header_info(&S->hs[0], "scenario_name");
    const char *path = sw_header_info(&S->hs[0], "scenario_path");
    const char *type = sw_header_info(&S->hs[0], "scenario_type");
    snprintf((*p)->scenario_name, sizeof (*p)->scenario_name, "%s", name ? name : "");
    snprintf((*p)->scenario, sizeof (*p)->scenario, "%s", path ? path : "");
    (*p)->function_model = type && strcmp(type, "function") == 0;
    return ACC_OK;
}

/* Every shard finished? */
static int check_finished(const shards *S, const sw_plan *p, char *err, size_t errlen)
{
    for (int i = 0; i < S->n; i++) {
        const char *one[1] = {S->paths[i]};
        sw_output_opts co;
        memset(&co, 0, sizeof co);
        co.plan = p;
        co.journals = one;
        co.njournals = 1;
        co.shard_index = S->hs[i].shard_index;
        co.shard_count = S->count;
        sw_output_stats st;
        int rc = sw_output_count(&co, &st, err, errlen);
        if (rc)
            return rc;
        if (st.n_missing) {
            acc_errf(err, errlen,
                     "merge: shard %llu/%llu in %s is not finished (%llu of its runs missing); "
                     "complete it with the same accord sweep command and --resume",
                     (unsigned long long)S->hs[i].shard_index, (unsigned long long)S->count,
                     S->dirs[i], (unsigned long long)st.n_missing);
            return ACC_EINVAL;
        }
    }
    return ACC_OK;
}

/* DIR/timeseries.bin, allocated (NULL: out of memory, said in err). */
static char *ts_path(const char *dir, char *err, size_t errlen)
{
    size_t len = strlen(dir) + sizeof(ACC_FILE_TS_JOURNAL) + 2;
    char *path = malloc(len);
    if (path)
        snprintf(path, len, "%s/%s", dir, ACC_FILE_TS_JOURNAL);
    else
        acc_errf(err, errlen, "out of memory");
    return path;
}

/* The ok runs of one shard (the last record of a run decides), as a
 * bitmap over its positions. */
typedef struct ok_ctx {
    uint64_t nruns, si, sn;
    unsigned char *ok;
} ok_ctx;

static int on_ok(void *ud, const sw_record *r, long long off)
{
    (void)off;
    ok_ctx *c = ud;
    if (r->run >= c->nruns || r->run % c->sn != c->si)
        return ACC_OK;
    uint64_t pos = r->run / c->sn;
    if (r->status == SW_OK)
        c->ok[pos >> 3] |= (unsigned char)(1u << (pos & 7));
    else
        c->ok[pos >> 3] &= (unsigned char)~(1u << (pos & 7));
    return ACC_OK;
}

/* One shard's series journal: there, readable, and holding an intact
 * series of every run its journal records as ok. */
static int check_ts_shard(const shards *S, int i, const sw_plan *p, char *err, size_t errlen)
{
    uint64_t si = S->hs[i].shard_index, npos = sw_shard_runs(p->nruns, si, S->count);
    ok_ctx c = {p->nruns, si, S->count, calloc((size_t)(npos / 8 + 1), 1)};
    char *sp = ts_path(S->dirs[i], err, errlen);
    int rc = ACC_OK;
    if (!c.ok || !sp) {
        acc_errf(err, errlen, "out of memory");
        rc = ACC_ENOMEM;
        goto done;
    }
    sw_header h;
    long long end;
    uint64_t bad;
    if ((rc = sw_journal_read(S->paths[i], &h, on_ok, &c, &end, &bad, err, errlen)))
        goto done;
    sw_header_free(&h);
    if ((rc = sw_tsj_mark_present(sp, p->nruns, si, S->count, c.ok, &end, err, errlen))) {
        char why[ACC_ERRLEN];
        snprintf(why, sizeof why, "%s", err);
        acc_errf(err, errlen, "merge: shard %llu/%llu in %s: %s (resuming the shard, its accord "
                 "sweep command with --resume, runs its runs again)", (unsigned long long)si,
                 (unsigned long long)S->count, S->dirs[i], why);
        goto done;
    }
    uint64_t lacking = 0, first = 0;
    for (uint64_t q = 0; q < npos; q++)
        if (c.ok[q >> 3] & (1u << (q & 7)))
            if (lacking++ == 0)
                first = q * S->count + si;
    if (lacking) {
        acc_errf(err, errlen,
                 "merge: shard %llu/%llu in %s: %s lacks the series of %llu of its successful "
                 "runs (run %llu%s): the file is damaged or cut short, and merge cannot run them "
                 "again; resume the shard (its accord sweep command with --resume), which does, "
                 "then merge", (unsigned long long)si, (unsigned long long)S->count, S->dirs[i],
                 ACC_FILE_TS_JOURNAL, (unsigned long long)lacking, (unsigned long long)first,
                 lacking > 1 ? " and others" : "");
        rc = ACC_EIO;
    }
done:
    free(c.ok);
    free(sp);
    return rc;
}

/* With --timeseries, every shard's series journal, before anything is
 * written: merge cannot run a lost series again, so a missing, unreadable
 * or incomplete one is a file error (exit 3). */
static int check_ts_journals(const shards *S, const sw_plan *p, char *err, size_t errlen)
{
    int rc = ACC_OK;
    for (int i = 0; i < S->n && p->timeseries && rc == ACC_OK; i++)
        rc = check_ts_shard(S, i, p, err, errlen);
    return rc;
}

/* A merge may be repeated into its directory, but not replace another
 * sweep's journal, nor write into one of the shards. */
static int check_target(const shards *S, const char *outdir, const char *jpath, char *err,
                        size_t errlen)
{
    struct stat jst;
    sw_header old;
    long long oend;
    uint64_t obad;
    if (stat(jpath, &jst) == 0 &&
        sw_journal_read(jpath, &old, NULL, NULL, &oend, &obad, err, errlen) == ACC_OK) {
        int same = same_plan(&old, &S->hs[0]);
        acc_sb why = {0};
        if (!same)
            sw_plan_explain(&old, outdir, "has", "does not have", &S->hs[0], "the shards",
                            "have", "do not have", &why);
        sw_header_free(&old);
        if (!same) {
            acc_errf(err, errlen, "merge: %s already holds another sweep (its plan differs: %s); "
                     "choose another --out", outdir, why.oom ? "out of memory" : acc_sb_str(&why));
            acc_sb_free(&why);
            return ACC_EINVAL;
        }
    }
    for (int i = 0; i < S->n; i++) {
        char *a = realpath(S->dirs[i], NULL), *b = realpath(outdir, NULL);
        int same = a && b && strcmp(a, b) == 0;
        free(a);
        free(b);
        if (same) {
            acc_errf(err, errlen, "merge: --out %s is one of the shard directories", outdir);
            return ACC_EINVAL;
        }
    }
    return ACC_OK;
}

/* The merged journal: the header of an unsharded sweep, then the valid
 * records of each shard, in shard order. */
static int write_journal(const shards *S, const sw_header *merged, const char *jpath, char *err,
                         size_t errlen)
{
    acc_atomic *af;
    int rc = acc_atomic_open(jpath, &af, err, errlen);
    if (rc)
        return rc;
    FILE *out = acc_atomic_file(af);
    acc_sb b = {0};
    sw_journal_header_text(&b, merged);
    if (!b.oom)
        fwrite(b.s, 1, b.len, out);
    else
        rc = ACC_ENOMEM;
    sw_parser ps = {0};
    char *line = NULL;
    size_t cap = 0;
    for (int i = 0; i < S->n && rc == ACC_OK; i++) {
        FILE *in = fopen(S->paths[i], "rb");
        if (!in) {
            acc_errf(err, errlen, "%s: cannot open: %s", S->paths[i], strerror(errno));
            rc = ACC_EIO;
            break;
        }
        ssize_t got;
        while (rc == ACC_OK && (got = getline(&line, &cap, in)) > 0) {
            if (sw_signal_pending()) {
                rc = ACC_EINTR;
                break;
            }
            if ((line[0] != 'R' && line[0] != 'W' && line[0] != 'M') || line[got - 1] != '\n')
                continue;
            acc_sb_clear(&b);
            acc_sb_addn(&b, line, (size_t)got);
            sw_record r;
            int kind = b.oom ? -1 : sw_parse_line(&ps, b.s, (size_t)got - 1, &r);
            if (kind == 1 || (kind == 0 && (line[0] == 'W' || line[0] == 'M'))) /* runs, their
                                                                      warnings and modules */
                fwrite(line, 1, (size_t)got, out);
        }
        fclose(in);
    }
    free(line);
    sw_parser_free(&ps);
    acc_sb_free(&b);
    if (rc == ACC_OK)
        rc = acc_atomic_commit(af, err, errlen);
    else
        acc_atomic_abort(af);
    if (rc == ACC_ENOMEM)
        acc_errf(err, errlen, "out of memory");
    return rc;
}

/* The shards' series, valid records only, into one time-series journal. */
static int write_ts_journal(const shards *S, const char *tspath, char *err, size_t errlen)
{
    acc_atomic *af;
    int rc = acc_atomic_open(tspath, &af, err, errlen);
    if (rc)
        return rc;
    merge_ts mt = {acc_atomic_file(af), {0}};
    fwrite(SW_TSJ_MAGIC, 1, 8, mt.out);
    for (int i = 0; i < S->n && rc == ACC_OK; i++) {
        char *sp = ts_path(S->dirs[i], err, errlen);
        long long end;
        uint64_t bad;
        rc = sp ? sw_tsj_scan(sp, copy_ts, &mt, &end, &bad, err, errlen) : ACC_ENOMEM;
        free(sp);
    }
    acc_sb_free(&mt.rec);
    if (rc == ACC_OK)
        return acc_atomic_commit(af, err, errlen);
    acc_atomic_abort(af);
    return rc;
}

/* The shards' "sources" (their manifests'), for the merged manifest: the
 * first shard's working directory and module folders (the module files come
 * from the journals' M lines, so all the shards' are there) and which of
 * cwd, module_dirs and module_files differ between shards. No shard with
 * sources (written before accord recorded them): none in the merge. */
typedef struct merge_sources {
    acc_jdoc **docs;
    const char *cwd;
    const char *dirs[8];
    int ndirs, absent, ndiffer;
    const char *differ[3];
} merge_sources;

/* One member of a shard's sources as text, to compare ("" when absent). */
static void sources_text(const acc_jval *src, int member, acc_sb *b)
{
    acc_sb_clear(b);
    if (member == 0) {
        const char *cwd = acc_jval_str(acc_jval_get(src, "cwd"));
        acc_sb_add(b, cwd ? cwd : "");
        return;
    }
    const acc_jval *v = acc_jval_get(src, member == 1 ? "module_dirs" : "module_files");
    for (size_t i = 0; i < acc_jval_len(v); i++) {
        const acc_jval *e = acc_jval_at(v, i);
        const char *k = member == 2 ? acc_jval_key_at(v, i) : acc_jval_str(e);
        const char *h = member == 2 ? acc_jval_str(acc_jval_get(e, "sha256")) : NULL;
        acc_sb_printf(b, "%s %s\n", k ? k : "", h ? h : "");
    }
}

static int merged_sources(const shards *S, merge_sources *ms, char *err, size_t errlen)
{
    memset(ms, 0, sizeof *ms);
    if (!(ms->docs = calloc((size_t)S->n, sizeof *ms->docs))) {
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    const acc_jval *first = NULL;
    int have = 0;
    for (int i = 0; i < S->n; i++) {
        char path[1200];
        struct stat st;
        if (snprintf(path, sizeof path, "%s/" ACC_FILE_MANIFEST, S->dirs[i]) < (int)sizeof path &&
            stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
            acc_jdoc_read_file(path, &ms->docs[i], NULL, 0) != ACC_OK) {
            acc_jdoc_free(ms->docs[i]);
            ms->docs[i] = NULL;
        }
        const acc_jval *src = acc_jval_get(acc_jdoc_root(ms->docs[i]), "sources");
        if (acc_jval_type(src) != ACC_JOBJECT)
            continue;
        have++;
        if (!first)
            first = src;
    }
    if (!first) {
        ms->absent = 1;
        return ACC_OK;
    }
    ms->cwd = acc_jval_str(acc_jval_get(first, "cwd"));
    if (!ms->cwd)
        ms->cwd = "";
    const acc_jval *dirs = acc_jval_get(first, "module_dirs");
    for (size_t i = 0; i < acc_jval_len(dirs) && ms->ndirs < 8; i++)
        if (acc_jval_str(acc_jval_at(dirs, i)))
            ms->dirs[ms->ndirs++] = acc_jval_str(acc_jval_at(dirs, i));
    static const char *const names[3] = {"cwd", "module_dirs", "module_files"};
    acc_sb a = {0}, b = {0};
    for (int m = 0; m < 3; m++) {
        int differs = have < S->n; /* a shard without sources differs in all */
        sources_text(first, m, &a);
        for (int i = 0; i < S->n && !differs; i++) {
            const acc_jval *src = acc_jval_get(acc_jdoc_root(ms->docs[i]), "sources");
            sources_text(src, m, &b);
            differs = strcmp(acc_sb_str(&a), acc_sb_str(&b)) != 0;
        }
        if (differs)
            ms->differ[ms->ndiffer++] = names[m];
    }
    int oom = a.oom || b.oom;
    acc_sb_free(&a);
    acc_sb_free(&b);
    if (oom) {
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    return ACC_OK;
}

static void merge_sources_free(const shards *S, merge_sources *ms)
{
    for (int i = 0; ms->docs && i < S->n; i++)
        acc_jdoc_free(ms->docs[i]);
    free(ms->docs);
}

/* The merged directory: a complete unsharded journal made of the shards'
 * records, then the same outputs as a single sweep. */
static int write_merged(const shards *S, const sw_plan *p, const char *outdir,
                        const char *command_line, const char *start, double t0,
                        acc_sweep_result *res, char *err, size_t errlen)
{
    int rc;
    if ((rc = acc_io_check_outdir_kind(outdir, ACC_KIND_SWEEP, err, errlen)) ||
        (rc = acc_io_mkdir_p(outdir, err, errlen)))
        return rc;
    char jpath[1200], tspath[1200];
    snprintf(jpath, sizeof jpath, "%s/%s", outdir, ACC_FILE_JOURNAL);
    snprintf(tspath, sizeof tspath, "%s/%s", outdir, ACC_FILE_TS_JOURNAL);
    if ((rc = check_target(S, outdir, jpath, err, errlen)))
        return rc;
    acc_atomic_remove_stale(outdir); /* what a killed merge or sweep left there */
    sw_header merged = S->hs[0]; /* borrowed: not freed here */
    merged.shard_index = 0;
    merged.shard_count = 1;
    /* An earlier merge's manifest goes before its journal is replaced: a
     * merge killed from here on leaves no manifest describing files it is
     * replacing (the next merge or a plot says the outputs are incomplete). */
    char mpath[1200];
    snprintf(mpath, sizeof mpath, "%s/%s", outdir, ACC_FILE_MANIFEST);
    if ((rc = sw_retire_manifest(mpath, outdir, err, errlen)))
        return rc;
    /* "modules recorded" only if every shard's journal says so: a shard
     * begun by an earlier accord has no M lines */
    int recorded = 1;
    for (int i = 0; i < S->n; i++) {
        const char *v = sw_header_info(&S->hs[i], SW_INFO_MODULES);
        recorded = recorded && v && strcmp(v, SW_INFO_MODULES_RECORDED) == 0;
    }
    char *info[16];
    if (!recorded && merged.ninfo <= 16) {
        int n = 0;
        for (int i = 0; i < merged.ninfo; i++)
            if (strncmp(merged.info[i], SW_INFO_MODULES " ", sizeof SW_INFO_MODULES) != 0)
                info[n++] = merged.info[i];
        merged.info = info;
        merged.ninfo = n;
    }
    if ((rc = write_journal(S, &merged, jpath, err, errlen)) ||
        (p->timeseries && (rc = write_ts_journal(S, tspath, err, errlen))))
        return rc;
    const char *journals[1] = {jpath}, *tsjournals[1] = {tspath};
    sw_output_opts oo;
    sw_output_opts_init(&oo, p, &merged, journals, tsjournals, outdir, command_line, start,
                        acc_mono_s() - t0);
    oo.merged_from = S->n;
    merge_sources ms;
    if ((rc = merged_sources(S, &ms, err, errlen))) {
        merge_sources_free(S, &ms);
        return rc;
    }
    oo.sources_absent = ms.absent;
    oo.sources_cwd = ms.cwd;
    oo.module_dirs = ms.dirs;
    oo.n_module_dirs = ms.ndirs;
    oo.sources_dirs_absolute = 1;
    oo.sources_differ = ms.differ;
    oo.n_sources_differ = ms.ndiffer;
    /* a signal stops the writing as it stops a sweep's (acc_sweep_merge) */
    oo.interrupted = sw_signal_pending;
    oo.pause_for_test = sw_fault_pause();
    sw_output_stats st;
    rc = sw_output_write(&oo, &st, err, errlen);
    merge_sources_free(S, &ms);
    res->outputs_complete = st.committed;
    res->n_points = p->npoints;
    res->n_runs = p->nruns;
    res->n_ok = st.n_ok;
    res->n_failed = st.n_failed;
    snprintf(res->outdir, sizeof res->outdir, "%s", outdir);
    return rc;
}

/* The custom metrics' units and docs (the "metrics" of a shard's manifest,
 * from its probe run: every shard made the same one) into the plan, which
 * was read back from a journal without them. No manifest or member: none. */
static int shard_metrics(const char *dir, sw_plan *p, char *err, size_t errlen)
{
    char path[1200];
    struct stat st;
    acc_jdoc *d = NULL;
    if (snprintf(path, sizeof path, "%s/" ACC_FILE_MANIFEST, dir) >= (int)sizeof path ||
        stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
        acc_jdoc_read_file(path, &d, err, errlen) != ACC_OK) {
        acc_jdoc_free(d);
        return ACC_OK;
    }
    const acc_jval *m = acc_jval_get(acc_jdoc_root(d), "metrics");
    int rc = ACC_OK, nu = 0, nd = 0;
    for (size_t i = 0; i < acc_jval_len(m) && i < 1024 && rc == ACC_OK; i++) {
        const acc_jval *e = acc_jval_at(m, i);
        const char *name = acc_jval_str(acc_jval_get(e, "name"));
        const char *unit = acc_jval_str(acc_jval_get(e, "unit"));
        const char *doc = acc_jval_str(acc_jval_get(e, "doc"));
        if (!name)
            continue;
        if ((rc = sw_lines_push(&p->metric_names, &p->nmetrics, name)) ||
            (rc = sw_lines_push(&p->metric_units, &nu, unit ? unit : "")) ||
            (rc = sw_lines_push(&p->metric_docs, &nd, doc ? doc : "")))
            acc_errf(err, errlen, "out of memory");
    }
    acc_jdoc_free(d);
    if (rc) { /* keep the three lists the same length for sw_plan_free */
        sw_lines_free(p->metric_units, nu);
        sw_lines_free(p->metric_docs, nd);
        sw_lines_free(p->metric_names, p->nmetrics);
        p->metric_names = p->metric_units = p->metric_docs = NULL;
        p->nmetrics = 0;
    }
    return rc;
}

int acc_sweep_merge(const char *const *dirs, int n_dirs, const char *outdir,
                    const char *command_line, acc_sweep_result *res, char *err, size_t errlen)
{
    memset(res, 0, sizeof *res);
    double t0 = acc_mono_s();
    char start[32];
    acc_utc_now(start, sizeof start, ACC_UTC_ISO8601);
    if (n_dirs < 1) {
        acc_errf(err, errlen, "merge: no shard directories given");
        return ACC_EINVAL;
    }
    if (strlen(outdir) >= sizeof res->outdir) {
        acc_errf(err, errlen, "merge: output directory '%.60s...' is too long (%zu bytes, at most %zu)",
                 outdir, strlen(outdir), sizeof res->outdir - 1);
        return ACC_EINVAL;
    }
    shards S = {dirs, n_dirs, NULL, NULL, 0};
    sw_plan *p = NULL;
    int rc;
    if (!(rc = read_shards(&S, res, err, errlen)) && !(rc = check_shard_set(&S, err, errlen)) &&
        !(rc = shards_plan(&S, &p, err, errlen)) && !(rc = check_finished(&S, p, err, errlen)) &&
        !(rc = check_ts_journals(&S, p, err, errlen)) && !(rc = shard_metrics(dirs[0], p, err, errlen))) {
        /* SIGINT and SIGTERM stop the writing: caught (a flag) until the
         * outputs are in place, so that the temporary files go with it */
        int sig_ok = sw_signals_install() == 0;
        rc = write_merged(&S, p, outdir, command_line, start, t0, res, err, errlen);
        if (rc == ACC_EINTR && !res->outputs_complete) /* (complete: the writer's message says so) */
            acc_errf(err, errlen, "merge stopped by %s (no temporary file left in %s); run "
                     "the same accord merge again to write its outputs",
                     sw_signal_pending() == SIGTERM ? "SIGTERM" : "SIGINT", outdir);
        if (sig_ok)
            sw_signals_restore();
    }
    shards_free(&S);
    sw_plan_free(p);
    res->wall_s = acc_mono_s() - t0;
    return rc;
}
