/* accord io — the module's public contract in one header: atomic output
 * files, whole-file reads, CSV writing and strict reading, number formatting,
 * SHA-256, the manifest JSON writer, the results-directory layout (file
 * names, kinds, time stamps, versions) and the gnuplot runner.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_IO_IO_H
#define ACC_IO_IO_H

#include "io/atomic.h"
#include "io/csv.h"
#include "io/gnuplot.h"
#include "io/json.h"
#include "io/layout.h"
#include "base/numfmt.h"
#include "base/readfile.h"
#include "base/sha256.h"

#endif
