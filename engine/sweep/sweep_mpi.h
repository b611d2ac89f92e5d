/* accord — spreading a sweep's runs over MPI ranks (a build with
 * -DACCORD_MPI=ON): rank 0 hands out run ids and journals the results, the
 * other ranks execute them in their own forked workers. Without MPI these
 * are stubs. Not API. SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_SWEEP_MPI_H
#define ACC_SWEEP_MPI_H

#include "sweep/sweep_int.h"

/* Collective: every rank built its plan from the same arguments; check that
 * all succeeded and that all plans are identical. rc_local is this rank's
 * status; returns ACC_OK or ACC_EINVAL (message in err). */
int sw_mpi_agree_plan(const sw_plan *p, int rc_local, char *err, size_t errlen);

/* Rank 0: the other ranks as a pool of per_rank slots each. */
typedef struct sw_remote sw_remote;
int sw_remote_new(int size, int per_rank, sw_remote **out, char *err, size_t errlen);
int sw_remote_idle(const sw_remote *r);
int sw_remote_busy(const sw_remote *r);
int sw_remote_submit(sw_remote *r, uint64_t run, char *err, size_t errlen);
/* Receive the results that have arrived (does not block). */
int sw_remote_poll(sw_remote *r, sw_done_fn fn, void *ud, char *err, size_t errlen);
void sw_remote_free(sw_remote *r);

/* Rank 0: tell every other rank to stop and wait until each has (results
 * still in flight are discarded). Call exactly once after a successful
 * sw_mpi_agree_plan, whatever happened since. */
void sw_mpi_stop_executors(int size);

/* Ranks > 0: execute runs from rank 0 in a local pool until told to stop. */
int sw_mpi_serve(const sw_pool_opts *po, char *err, size_t errlen);

#endif
