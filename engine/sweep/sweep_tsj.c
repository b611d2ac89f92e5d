/* accord — the time-series journal of a sweep run with --timeseries: one
 * binary record per successful run (its per-step metrics), appended before
 * the run's line in the main journal, framed by a magic and a length and
 * checked by a CRC-32 on read, so a torn or corrupt record is skipped (the
 * scan finds the next record after it) and its run counted as without a
 * series: a resume runs it again, a merge refuses the shard.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/common.h"
#include "io/atomic.h"
#include "sweep/sweep_int.h"

#define REC_MAGIC 0x31525354u /* "TSR1" little-endian */

typedef struct rec_head {
    uint32_t magic, crc; /* crc of run, len and the payload */
    uint64_t run, len;
} rec_head;

static uint32_t rec_crc(uint64_t run, uint64_t len, const void *payload)
{
    /* CRC-32 over (run, len, payload) without copying: chain through a
     * small prefix buffer */
    unsigned char pre[16];
    memcpy(pre, &run, 8);
    memcpy(pre + 8, &len, 8);
    acc_sb b = {0};
    acc_sb_addn(&b, (const char *)pre, 16);
    acc_sb_addn(&b, payload, (size_t)len);
    uint32_t c = b.oom ? 0 : sw_crc32(b.s, b.len);
    acc_sb_free(&b);
    return c;
}

int sw_tsj_create(const char *path, char *err, size_t errlen)
{
    acc_atomic *af;
    int rc = acc_atomic_open(path, &af, err, errlen);
    if (rc)
        return rc;
    fwrite(SW_TSJ_MAGIC, 1, 8, acc_atomic_file(af));
    return acc_atomic_commit(af, err, errlen);
}

void sw_tsj_format(acc_sb *b, uint64_t run, const void *payload, size_t len)
{
    rec_head h = {REC_MAGIC, rec_crc(run, len, payload), run, len};
    acc_sb_addn(b, (const char *)&h, sizeof h);
    acc_sb_addn(b, payload, len);
}

/* The offset of the next record magic at or after from (the file's bytes
 * are read one by one through stdio's buffer), or -1 at the end. */
static long long next_magic(FILE *f, long long from)
{
    unsigned char want[4], have[4] = {0, 0, 0, 0};
    uint32_t m = REC_MAGIC;
    memcpy(want, &m, 4);
    if (fseeko(f, (off_t)from, SEEK_SET) != 0)
        return -1;
    long long at = from;
    int ch;
    while ((ch = getc(f)) != EOF) {
        memmove(have, have + 1, 3);
        have[3] = (unsigned char)ch;
        at++;
        if (at - from >= 4 && memcmp(have, want, 4) == 0)
            return at - 4;
    }
    return -1;
}

int sw_tsj_scan(const char *path, sw_tsj_fn fn, void *ud, long long *valid_end, uint64_t *n_bad,
                char *err, size_t errlen)
{
    *valid_end = 0;
    *n_bad = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        acc_errf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return ACC_EIO; /* missing or unreadable: a file error (exit 3), also when merging */
    }
    char magic[8];
    int rc = ACC_OK;
    acc_sb payload = {0};
    struct stat st;
    if (fstat(fileno(f), &st) != 0) {
        acc_errf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
        rc = ACC_EIO;
        goto done;
    }
    if (fread(magic, 1, 8, f) != 8 || memcmp(magic, SW_TSJ_MAGIC, 8) != 0) {
        acc_errf(err, errlen, "%s: not an accord time-series journal (its first 8 bytes are not "
                 "the ACCTSJ1 header)", path);
        rc = ACC_EIO;
        goto done;
    }
    long long size = (long long)st.st_size, off = 8;
    int damaged = 0; /* inside a stretch that frames no valid record */
    *valid_end = off;
    for (;;) {
        rec_head h;
        if (fseeko(f, (off_t)off, SEEK_SET) != 0)
            break;
        size_t got = fread(&h, 1, sizeof h, f);
        if (got == 0 && !ferror(f))
            break;
        /* a record is trusted only whole and with its CRC; its length only
         * as far as the file goes (a damaged one must not make us allocate) */
        int good = got == sizeof h && h.magic == REC_MAGIC &&
                   h.len <= (uint64_t)(size - off - (long long)sizeof h);
        if (good) {
            acc_sb_clear(&payload);
            if (acc_sb_reserve(&payload, (size_t)h.len)) {
                acc_errf(err, errlen, "out of memory");
                rc = ACC_ENOMEM;
                goto done;
            }
            good = fread(payload.s, 1, (size_t)h.len, f) == (size_t)h.len &&
                   rec_crc(h.run, h.len, payload.s) == h.crc;
        }
        if (ferror(f))
            break;
        if (!good) {
            /* a torn tail or a corrupt stretch: count it once, then look for
             * the next record after its first byte (a damaged length field
             * must not hide the records behind it) */
            if (!damaged)
                (*n_bad)++;
            damaged = 1;
            off = next_magic(f, off + 1);
            if (off < 0)
                break;
            continue;
        }
        damaged = 0;
        long long rec_off = off;
        off += (long long)(sizeof h + h.len);
        *valid_end = off;
        if (fn && (rc = fn(ud, h.run, rec_off, payload.s, (size_t)h.len)))
            goto done;
    }
    if (ferror(f)) {
        acc_errf(err, errlen, "%s: read error: %s", path, strerror(errno));
        rc = ACC_EIO;
    }
done:
    acc_sb_free(&payload);
    fclose(f);
    return rc;
}

int sw_tsj_repair_header(const char *path, int *repaired, char *err, size_t errlen)
{
    *repaired = 0;
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) {
        acc_errf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return ACC_EIO;
    }
    char head[8];
    ssize_t got = pread(fd, head, 8, 0);
    int rc = ACC_OK;
    if (got < 0) {
        acc_errf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
        rc = ACC_EIO;
        goto done;
    }
    if (got == 8 && memcmp(head, SW_TSJ_MAGIC, 8) == 0)
        goto done;
    /* shorter than a header (a new, emptied or cut file), or other bytes
     * there: write the header; what follows is read as records or skipped */
    if ((got < 8 && ftruncate(fd, 0) != 0) || pwrite(fd, SW_TSJ_MAGIC, 8, 0) != 8 ||
        fdatasync(fd) != 0) {
        acc_errf(err, errlen, "%s: cannot write its header: %s", path, strerror(errno));
        rc = ACC_EIO;
        goto done;
    }
    *repaired = 1;
done:
    if (close(fd) != 0 && rc == ACC_OK) {
        acc_errf(err, errlen, "%s: close failed: %s", path, strerror(errno));
        rc = ACC_EIO;
    }
    return rc;
}

typedef struct present_ctx {
    uint64_t nruns, si, sn;
    unsigned char *need;
} present_ctx;

static int on_present(void *ud, uint64_t run, long long off, const char *payload, size_t len)
{
    (void)off;
    (void)payload;
    (void)len;
    present_ctx *c = ud;
    if (run < c->nruns && run % c->sn == c->si) {
        uint64_t pos = run / c->sn;
        c->need[pos >> 3] &= (unsigned char)~(1u << (pos & 7));
    }
    return ACC_OK;
}

int sw_tsj_mark_present(const char *path, uint64_t nruns, uint64_t si, uint64_t sn,
                        unsigned char *need, long long *valid_end, char *err, size_t errlen)
{
    present_ctx c = {nruns, si, sn, need};
    uint64_t bad;
    return sw_tsj_scan(path, on_present, &c, valid_end, &bad, err, errlen);
}

int sw_tsj_read_at(FILE *f, long long off, acc_sb *payload, uint64_t *run, char *err, size_t errlen)
{
    rec_head h;
    if (fseeko(f, (off_t)off, SEEK_SET) != 0 || fread(&h, 1, sizeof h, f) != sizeof h ||
        h.magic != REC_MAGIC) {
        acc_errf(err, errlen, "time-series journal: cannot read back a record");
        return ACC_EIO;
    }
    acc_sb_clear(payload);
    if (acc_sb_reserve(payload, (size_t)h.len)) {
        acc_errf(err, errlen, "out of memory");
        return ACC_ENOMEM;
    }
    if (fread(payload->s, 1, (size_t)h.len, f) != (size_t)h.len ||
        rec_crc(h.run, h.len, payload->s) != h.crc) {
        acc_errf(err, errlen, "time-series journal: a record changed while being read");
        return ACC_EIO;
    }
    payload->len = (size_t)h.len;
    *run = h.run;
    return ACC_OK;
}

/* ---- payloads -------------------------------------------------------------------------- */

int sw_ts_parse(const char *p, size_t len, sw_ts_view *v)
{
    memset(v, 0, sizeof *v);
    uint32_t hdr[4];
    if (len < sizeof hdr || ((uintptr_t)p & 7u))
        return -1;
    memcpy(hdr, p, sizeof hdr);
    v->nsteps = hdr[0];
    v->nrows = hdr[1];
    v->ncols = hdr[2];
    size_t idbytes = hdr[3];
    if (v->nrows == 0 || v->nrows > 4096 || v->ncols == 0 || v->ncols > 4096 || idbytes % 8 ||
        idbytes > len)
        return -1;
    size_t need = sizeof hdr + idbytes +
                  8 * ((size_t)v->nsteps + (size_t)v->nsteps * v->nrows * v->ncols);
    if (need != len)
        return -1;
    v->ids = p + sizeof hdr;
    v->idbytes = idbytes;
    v->years = (const double *)(const void *)(p + sizeof hdr + idbytes);
    v->values = v->years + v->nsteps;
    return 0;
}

const char *sw_ts_row_id(const sw_ts_view *v, uint32_t row, size_t *n)
{
    const char *s = v->ids, *end = v->ids + v->idbytes;
    for (uint32_t r = 0; r < row && s < end; r++) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        if (!nl)
            return NULL;
        s = nl + 1;
    }
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    if (!nl)
        return NULL;
    *n = (size_t)(nl - s);
    return s;
}
