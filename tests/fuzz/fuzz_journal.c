/* accord fuzzing — the sweep journal reader (sw_journal_read, which
 * --resume, the output writer and `accord merge` run on DIR/journal.txt),
 * then what merge does with the header: rebuild the plan from its lines
 * (sw_plan_from_lines) and use it (canonical lines, SHA-256, description,
 * design points). A journal may be torn, corrupt or come from another
 * machine (shards): it must give an error or be skipped line by line,
 * never crash.
 *
 * Every line must end " ~" and its CRC-32 in 8 lowercase hex digits, which
 * mutations almost never keep right. So the harness writes the correct CRC
 * into any line ending " ~" + 8 bytes that are not all lowercase hex (the
 * seeds crcfix_*.txt use " ~XXXXXXXX"); lines with 8 hex digits are written
 * as given, so the reader's own check (and its handling of torn and
 * corrupt lines) is fuzzed too.
 *
 * Oracles besides the sanitizers: the canonical lines of a rebuilt plan
 * rebuild the same plan (resume and merge compare them), and valid_end
 * lies within the file.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "sweep/sweep_int.h"

#include "fuzz_common.h"

/* A plan asking for big design tables gets them (up to 4 GiB, the design's
 * limit): that is the plan, not a bug, so the harness does not rebuild plans
 * whose design would allocate more than this many table cells. */
#define FZ_MAX_TABLE_CELLS 4000000ULL

static const char *journal_path;
static volatile size_t sink_bytes;
static int verbose; /* ACCORD_FUZZ_VERBOSE=1: print what the reader said (triage) */

static int is_lower_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

/* The input with the CRC of each line ending " ~" + 8 non-hex bytes fixed. */
static char *fix_crcs(const uint8_t *data, size_t size)
{
    char *s = fz_strndup(data, size);
    for (size_t start = 0; start < size;) {
        char *nl = memchr(s + start, '\n', size - start);
        size_t end = nl ? (size_t)(nl - s) : size, len = end - start;
        char *line = s + start;
        if (len >= 10 && line[len - 10] == ' ' && line[len - 9] == '~') {
            int hex = 1;
            for (size_t i = len - 8; i < len; i++)
                hex &= is_lower_hex(line[i]);
            if (!hex) {
                char crc[9];
                snprintf(crc, sizeof crc, "%08x", (unsigned)sw_crc32(line, len - 10));
                memcpy(line + len - 8, crc, 8);
            }
        }
        start = end + 1;
    }
    return s;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_init_dir("journal");
    journal_path = fz_path("journal.txt");
    const char *v = getenv("ACCORD_FUZZ_VERBOSE");
    verbose = v && *v && strcmp(v, "0") != 0;
    return 0;
}

static int on_record(void *ud, const sw_record *rec, long long offset)
{
    (void)ud;
    sink_bytes += (size_t)rec->run + (size_t)offset + (size_t)(rec->seconds == rec->seconds);
    if (rec->status < 0 || rec->status >= SW_NSTATUS) {
        fprintf(stderr, "accord fuzz: record with status %d\n", rec->status);
        abort();
    }
    sink_bytes += strlen(sw_status_name(rec->status));
    if (rec->msg)
        sink_bytes += strlen(rec->msg);
    for (int i = 0; i < rec->nout; i++)
        sink_bytes += strlen(rec->names[i]) + (size_t)(rec->values[i] == rec->values[i]);
    return ACC_OK;
}

/* Would sw_plan_from_lines build a design table bigger than the cap? */
static int plan_too_big(char *const *lines, int n)
{
    unsigned long long samples = 0, d = 0;
    for (int i = 0; i < n; i++) {
        if (strncmp(lines[i], "samples ", 8) == 0)
            samples = strtoull(lines[i] + 8, NULL, 10);
        else if (strncmp(lines[i], "vary ", 5) == 0)
            d++;
    }
    return samples > FZ_MAX_TABLE_CELLS || samples * (2 * d + 2) > FZ_MAX_TABLE_CELLS;
}

static void use_plan(const sw_plan *p)
{
    char desc[256], hex[ACC_SHA256_HEXLEN];
    sw_plan_describe(p, desc, sizeof desc);
    sink_bytes += strlen(desc);
    if (sw_plan_sha256(p, hex) == ACC_OK)
        sink_bytes += strlen(hex);
    double *values = malloc(sizeof *values * (size_t)(p->nvary ? p->nvary : 1));
    if (!values)
        abort();
    uint64_t probe[3] = {0, p->npoints / 2, p->npoints ? p->npoints - 1 : 0};
    for (int k = 0; k < 3 && p->npoints; k++)
        if (sw_plan_point_values(p, probe[k], values) == ACC_OK)
            for (int i = 0; i < p->nvary; i++)
                sink_bytes += values[i] == values[i];
    free(values);
}

static int same_lines(char **a, int na, char **b, int nb)
{
    if (na != nb)
        return 0;
    for (int i = 0; i < na; i++)
        if (strcmp(a[i], b[i]) != 0)
            return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fix_crcs(data, size);
    fz_write(journal_path, (const uint8_t *)text, size);
    if (verbose)
        fprintf(stderr, "accord fuzz: the journal as read:\n%.*s\n-- end\n", (int)size, text);
    free(text);
    sw_header h;
    long long valid_end;
    uint64_t n_bad;
    char err[ACC_ERRLEN] = "";
    int rc = sw_journal_read(journal_path, &h, on_record, NULL, &valid_end, &n_bad, err,
                             sizeof err);
    if (verbose)
        fprintf(stderr, "accord fuzz: read: %d: %s (valid_end %lld, %llu bad lines)\n", rc,
                rc ? err : "ok", valid_end, (unsigned long long)n_bad);
    if (rc) {
        sink_bytes += strlen(err);
        return 0;
    }
    if (valid_end < 0 || (unsigned long long)valid_end > size) {
        fprintf(stderr, "accord fuzz: valid_end %lld outside a file of %zu bytes\n", valid_end,
                size);
        abort();
    }
    for (int i = 0; i < h.ninfo; i++)
        sink_bytes += strlen(h.info[i]);
    const char *name = sw_header_info(&h, "scenario_name");
    if (name)
        sink_bytes += strlen(name);

    sw_plan *p = NULL;
    int too_big = plan_too_big(h.plan, h.nplan);
    rc = too_big ? ACC_EINVAL : sw_plan_from_lines(h.plan, h.nplan, &p, err, sizeof err);
    if (verbose)
        fprintf(stderr, "accord fuzz: plan: %s\n",
                too_big ? "too big to build here" : rc ? err : "ok");
    if (rc == ACC_OK) {
        use_plan(p);
        /* canonical lines -> plan -> the same canonical lines */
        char **l1 = NULL, **l2 = NULL;
        int n1 = 0, n2 = 0;
        sw_plan *q = NULL;
        if (sw_plan_lines(p, &l1, &n1) == ACC_OK && !plan_too_big(l1, n1)) {
            if (sw_plan_from_lines(l1, n1, &q, err, sizeof err) != ACC_OK) {
                fprintf(stderr, "accord fuzz: a plan's own canonical lines are refused: %s\n", err);
                abort();
            }
            if (sw_plan_lines(q, &l2, &n2) == ACC_OK && !same_lines(l1, n1, l2, n2)) {
                fprintf(stderr, "accord fuzz: canonical plan lines are not stable\n");
                for (int i = 0; i < n1 || i < n2; i++)
                    fprintf(stderr, "  %s  |  %s\n", i < n1 ? l1[i] : "-", i < n2 ? l2[i] : "-");
                abort();
            }
        }
        sw_lines_free(l1, n1);
        sw_lines_free(l2, n2);
        sw_plan_free(q);
        sw_plan_free(p);
    } else {
        sink_bytes += strlen(err);
    }
    sw_header_free(&h);
    return 0;
}
