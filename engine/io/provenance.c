/* accord io — what a manifest records about where its runs ran (io/layout.h,
 * "sources"): the working directory, the folders `require` searched and the
 * Lua module files the scenario loaded, with their SHA-256.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _XOPEN_SOURCE 700 /* realpath */
#include "io/layout.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/common.h"
#include "io/jdoc.h"
#include "io/json.h"

#define PROV_MAX_DIRS 8 /* require searches two folders; more are not recorded */

static const acc_layout_module *sort_mods;

/* by path, then by SHA-256: one file loaded with two contents (edited
 * while a sweep ran) sits together */
static int cmp_mod(const void *a, const void *b)
{
    const acc_layout_module *x = &sort_mods[*(const int *)a], *y = &sort_mods[*(const int *)b];
    int c = strcmp(x->path, y->path);
    return c ? c : strcmp(x->sha256, y->sha256);
}

int acc_layout_sources_write(struct acc_json *j, const acc_layout_sources *s)
{
    char cwd[PATH_MAX];
    const char *here = s->cwd ? s->cwd : getcwd(cwd, sizeof cwd) ? cwd : "";
    int bad = acc_json_key(j, "sources") || acc_json_begin_object(j) ||
              acc_json_kstr(j, "cwd", here) || acc_json_key(j, "module_dirs") ||
              acc_json_begin_array(j);
    /* require's search folders, as absolute paths, each once */
    char *abs[PROV_MAX_DIRS] = {0};
    int nabs = 0;
    for (int i = 0; i < s->ndirs && !bad; i++) {
        if (!s->resolve_dirs) {
            bad = acc_json_string(j, s->dirs[i]);
            continue;
        }
        char *r = s->dirs[i] ? realpath(s->dirs[i], NULL) : NULL;
        int dup = 0;
        for (int k = 0; k < nabs && r && !dup; k++)
            dup = strcmp(abs[k], r) == 0;
        if (r && !dup && nabs < PROV_MAX_DIRS) {
            abs[nabs++] = r;
            bad = acc_json_string(j, r);
        } else {
            free(r);
        }
    }
    for (int i = 0; i < nabs; i++)
        free(abs[i]);
    bad = bad || acc_json_end_array(j) || acc_json_key(j, "module_files") || acc_json_begin_object(j);
    int *ord = s->nmods > 0 ? malloc(sizeof *ord * (size_t)s->nmods) : NULL;
    if (s->nmods > 0 && !ord)
        bad = 1;
    if (ord) {
        for (int i = 0; i < s->nmods; i++)
            ord[i] = i;
        sort_mods = s->mods;
        qsort(ord, (size_t)s->nmods, sizeof *ord, cmp_mod);
    }
    for (int k = 0; k < s->nmods && !bad;) {
        const acc_layout_module *m = &s->mods[ord[k]];
        bad = acc_json_key(j, m->path) || acc_json_begin_object(j) ||
              acc_json_kstr(j, "module", m->name) || acc_json_kstr(j, "sha256", m->sha256);
        int n = 1; /* the same file with other contents: sha256_also */
        while (k + n < s->nmods && strcmp(s->mods[ord[k + n]].path, m->path) == 0)
            n++;
        int also = 0;
        for (int i = 1; i < n && !bad; i++) {
            const char *h = s->mods[ord[k + i]].sha256;
            if (strcmp(h, s->mods[ord[k + i - 1]].sha256) == 0)
                continue;
            if (!also++)
                bad = acc_json_key(j, "sha256_also") || acc_json_begin_array(j);
            bad = bad || acc_json_string(j, h);
        }
        bad = bad || (also && acc_json_end_array(j)) || acc_json_end_object(j);
        k += n;
    }
    free(ord);
    bad = bad || acc_json_end_object(j) ||
          (s->modules_note && acc_json_kstr(j, "module_files_note", s->modules_note));
    if (s->ndiffer > 0) {
        bad = bad || acc_json_key(j, "differs_between_shards") || acc_json_begin_array(j);
        for (int i = 0; i < s->ndiffer && !bad; i++)
            bad = acc_json_string(j, s->differ[i]);
        bad = bad || acc_json_end_array(j);
    }
    return bad || acc_json_end_object(j);
}

int acc_layout_copy_sources(struct acc_json *j, const char *dir)
{
    char path[PATH_MAX];
    acc_jdoc *d = NULL;
    if (snprintf(path, sizeof path, "%s/manifest.json", dir) >= (int)sizeof path ||
        acc_jdoc_read_file(path, &d, NULL, 0) != ACC_OK) {
        acc_jdoc_free(d);
        return 0;
    }
    const acc_jval *src = acc_jval_get(acc_jdoc_root(d), "sources");
    int bad = acc_jval_type(src) == ACC_JOBJECT && (acc_json_key(j, "sources") || acc_jval_write(j, src));
    acc_jdoc_free(d);
    return bad;
}
