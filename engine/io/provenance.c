/* accord io — what a run's manifest records about where it ran (io/layout.h):
 * the working directory and the Lua files `require` could load, with their
 * SHA-256, added to a manifest already written.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _XOPEN_SOURCE 700 /* realpath */
#include "io/layout.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/common.h"
#include "base/readfile.h"
#include "base/sha256.h"
#include "io/atomic.h"
#include "io/json.h"

#define PROV_MAX_FILES 1000 /* a folder with more: the rest is counted, not hashed */
#define PROV_MAX_DEPTH 8    /* require "a.b.c" is a/b/c.lua: folders nest this deep at most */

static int has_lua_ext(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && strcmp(name + n - 4, ".lua") == 0;
}

/* Every *.lua file below dir (hidden names skipped), in name order so the
 * manifest is the same whatever the file system's order: "module_files"
 * members "DIR/REL": {"sha256": ...}. */
static int walk(acc_json *j, const char *dir, int depth, int *nfiles, int *skipped, char *err,
                size_t errlen)
{
    struct dirent **ents = NULL;
    int n = scandir(dir, &ents, NULL, alphasort);
    if (n < 0)
        return 0; /* unreadable: nothing require could load from it either */
    int bad = 0;
    for (int i = 0; i < n; i++) {
        const char *name = ents[i]->d_name;
        char path[PATH_MAX];
        struct stat st;
        if (!bad && name[0] != '.' &&
            snprintf(path, sizeof path, "%s/%s", dir, name) < (int)sizeof path &&
            stat(path, &st) == 0) {
            if (S_ISDIR(st.st_mode) && depth < PROV_MAX_DEPTH) {
                bad = walk(j, path, depth + 1, nfiles, skipped, err, errlen);
            } else if (S_ISREG(st.st_mode) && has_lua_ext(name)) {
                char hex[ACC_SHA256_HEXLEN];
                if (*nfiles >= PROV_MAX_FILES || acc_sha256_file(path, hex, err, errlen) != ACC_OK) {
                    ++*skipped;
                } else {
                    ++*nfiles;
                    bad = acc_json_key(j, path) || acc_json_begin_object(j) ||
                          acc_json_kstr(j, "sha256", hex) || acc_json_end_object(j);
                }
            }
        }
        free(ents[i]);
    }
    free(ents);
    return bad;
}

/* The "sources" member, as its own JSON object, into a memory buffer. */
static int sources_json(const char *const *dirs, int ndirs, char **buf, size_t *len, char *err,
                        size_t errlen)
{
    FILE *mem = open_memstream(buf, len);
    if (!mem) {
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    acc_json *j = NULL;
    int rc = acc_json_new(mem, "manifest sources", &j, err, errlen);
    if (rc) {
        fclose(mem);
        free(*buf);
        *buf = NULL;
        return rc;
    }
    char cwd[PATH_MAX];
    int bad = acc_json_begin_object(j) ||
              acc_json_kstr(j, "cwd", getcwd(cwd, sizeof cwd) ? cwd : "");
    /* require's search folders, as absolute paths, each once */
    char *abs[8] = {0};
    int nabs = 0;
    for (int i = 0; i < ndirs && nabs < 8; i++) {
        char *r = dirs[i] ? realpath(dirs[i], NULL) : NULL;
        int dup = 0;
        for (int k = 0; k < nabs && r && !dup; k++)
            dup = strcmp(abs[k], r) == 0;
        if (r && !dup)
            abs[nabs++] = r;
        else
            free(r);
    }
    bad = bad || acc_json_key(j, "module_dirs") || acc_json_begin_array(j);
    for (int i = 0; i < nabs && !bad; i++)
        bad = acc_json_string(j, abs[i]);
    bad = bad || acc_json_end_array(j) || acc_json_key(j, "module_files") || acc_json_begin_object(j);
    int nfiles = 0, skipped = 0;
    for (int i = 0; i < nabs && !bad; i++)
        bad = walk(j, abs[i], 0, &nfiles, &skipped, err, errlen);
    bad = bad || acc_json_end_object(j) ||
          (skipped > 0 && acc_json_kint(j, "module_files_not_hashed", skipped)) ||
          acc_json_end_object(j) || acc_json_finish(j);
    for (int i = 0; i < nabs; i++)
        free(abs[i]);
    acc_json_free(j);
    if (fclose(mem) != 0 || bad) {
        free(*buf);
        *buf = NULL;
        acc_errf(err, errlen, "manifest sources: cannot write the JSON");
        return ACC_EIO;
    }
    return ACC_OK;
}

int acc_layout_manifest_sources(const char *outdir, const char *const *dirs, int ndirs, char *err,
                                size_t errlen)
{
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%s/" ACC_FILE_MANIFEST, outdir) >= (int)sizeof path) {
        acc_errf(err, errlen, "%s: path too long", outdir);
        return ACC_EIO;
    }
    char *text = NULL, *add = NULL;
    size_t len = 0, alen = 0;
    int rc = acc_io_read_file(path, 64u << 20, &text, &len, err, errlen);
    if (rc)
        return rc;
    /* the manifest is one object: its last '}' closes it */
    size_t end = len;
    while (end > 0 && text[end - 1] != '}')
        end--;
    size_t body = end > 0 ? end - 1 : 0;
    while (body > 0 && (text[body - 1] == '\n' || text[body - 1] == ' '))
        body--;
    if (end == 0 || body == 0 || text[0] != '{') {
        acc_errf(err, errlen, "%s: not a JSON object", path);
        free(text);
        return ACC_EIO;
    }
    if ((rc = sources_json(dirs, ndirs, &add, &alen, err, errlen))) {
        free(text);
        return rc;
    }
    /* the member's object, indented one level as the manifest's members are */
    acc_atomic *af = NULL;
    if ((rc = acc_atomic_open(path, &af, err, errlen))) {
        free(text);
        free(add);
        return rc;
    }
    FILE *fp = acc_atomic_file(af);
    int empty = text[body - 1] == '{';
    fwrite(text, 1, body, fp);
    fputs(empty ? "\n  \"sources\": " : ",\n  \"sources\": ", fp);
    size_t a = alen;
    while (a > 0 && add[a - 1] == '\n')
        a--;
    for (size_t i = 0; i < a; i++) {
        fputc(add[i], fp);
        if (add[i] == '\n')
            fputs("  ", fp);
    }
    fputs("\n}\n", fp);
    free(text);
    free(add);
    return acc_atomic_commit(af, err, errlen);
}
