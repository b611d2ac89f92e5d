/* accord io — run gnuplot on a script written beside its CSV files (fork +
 * exec, no shell), with gnuplot's own error message on failure. Plotting is
 * optional: without gnuplot, the CSV outputs are complete anyway.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_IO_GNUPLOT_H
#define ACC_IO_GNUPLOT_H

#include <stddef.h>

/* Find gnuplot: the environment variable ACCORD_GNUPLOT if set and non-empty
 * (a path, or a name looked up on PATH; no fallback if it is unusable), else
 * "gnuplot" on PATH (default "/usr/local/bin:/usr/bin:/bin"; empty PATH
 * entries are skipped). Returns 1 and copies the path into path_out (if not
 * NULL) when an executable regular file is found and fits in n bytes, else 0. */
int acc_io_gnuplot_available(char *path_out, size_t n);

/* Run `gnuplot SCRIPT` with the working directory `workdir` (NULL: the
 * current one), stdin and stdout on /dev/null, stderr captured. A relative
 * script_path is relative to the caller's current directory (as for any
 * file name), not to workdir. Returns ACC_OK if gnuplot exits with status 0,
 * else ACC_EIO with a message naming the script and quoting gnuplot's stderr
 * (the first few KB), or, when gnuplot is missing,
 *   "gnuplot not found: install gnuplot-nox (apt-get install gnuplot-nox);
 *    the CSV files are unaffected". */
int acc_io_gnuplot_run(const char *script_path, const char *workdir, char *err, size_t errlen);

#endif
