/* accord fuzzing — the strict CSV reader (acc_csv_read_buffer) and the cell
 * accessors (names, numbers, integers, whole columns) on whatever it
 * accepts. Data files and earlier outputs (accord compare, report, plot)
 * come from other people: a bad file must give an error, never a crash.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "io/csv.h"

static volatile size_t sink_bytes;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    acc_csv_table *t = NULL;
    char err[ACC_ERRLEN] = "";
    int rc = acc_csv_read_buffer("fuzz.csv", (const char *)data, size, &t, err, sizeof err);
    if (rc) {
        if (t) {
            fprintf(stderr, "accord fuzz: read failed (%d) but returned a table\n", rc);
            abort();
        }
        sink_bytes += strlen(err);
        return 0;
    }
    size_t ncols = acc_csv_ncols(t), nrows = acc_csv_nrows(t);
    sink_bytes += strlen(acc_csv_label(t));
    for (size_t c = 0; c < ncols; c++) {
        const char *h = acc_csv_header(t, c);
        size_t found;
        if (acc_csv_col(t, h, &found, err, sizeof err) != ACC_OK || found != c) {
            fprintf(stderr, "accord fuzz: column '%s' (%zu) is not found by its name\n", h, c);
            abort();
        }
    }
    /* a name that is no header: the message lists the columns */
    static const char probe[] = "no such column \x01";
    int is_header = 0;
    for (size_t c = 0; c < ncols; c++)
        is_header |= strcmp(acc_csv_header(t, c), probe) == 0;
    size_t missing;
    if (!is_header) {
        if (acc_csv_col(t, probe, &missing, err, sizeof err) == ACC_OK) {
            fprintf(stderr, "accord fuzz: a column that is not there was found\n");
            abort();
        }
        sink_bytes += strlen(err);
    }
    for (size_t r = 0; r < nrows; r++) {
        sink_bytes += (size_t)acc_csv_row_line(t, r);
        for (size_t c = 0; c < ncols; c++) {
            sink_bytes += strlen(acc_csv_cell(t, r, c));
            double v;
            long long n;
            if (acc_csv_number(t, r, c, &v, err, sizeof err))
                sink_bytes += strlen(err);
            else
                sink_bytes += (size_t)isnan(v);
            if (acc_csv_integer(t, r, c, &n, err, sizeof err))
                sink_bytes += strlen(err);
            else
                sink_bytes += (size_t)n;
        }
    }
    if (nrows > 0 && nrows <= (1u << 20)) {
        double *col = malloc(sizeof *col * nrows);
        if (!col)
            abort();
        for (size_t c = 0; c < ncols; c++)
            if (acc_csv_column_numbers(t, c, col, err, sizeof err))
                sink_bytes += strlen(err);
        free(col);
    }
    acc_csv_table_free(t);
    return 0;
}
