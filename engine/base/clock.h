/* accord base — the monotonic clock that times runs, sweeps and benchmarks
 * (libc/POSIX only). SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_BASE_CLOCK_H
#define ACC_BASE_CLOCK_H

/* Seconds on CLOCK_MONOTONIC (an arbitrary origin: take differences). */
double acc_mono_s(void);

#endif
