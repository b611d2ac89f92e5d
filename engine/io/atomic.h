/* accord io — output files that appear under their final name only when
 * complete: write to a temporary file in the same directory, then fsync and
 * rename. A failed or killed run never leaves a partial file behind the name.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_IO_ATOMIC_H
#define ACC_IO_ATOMIC_H

#include <stddef.h>
#include <stdio.h>

typedef struct acc_atomic acc_atomic;

/* Create "DIR/.NAME.tmp.<pid>.<random>" (mode 0666 & ~umask, close-on-exec)
 * for the final path "DIR/NAME" (a bare "NAME" means the current directory)
 * and open it for writing. The directory must exist (see acc_io_mkdir_p).
 * On failure *out is NULL and err says which path and why. */
int acc_atomic_open(const char *path, acc_atomic **out, char *err, size_t errlen);

/* The stream to write to (owned by the handle: do not fclose it). */
FILE *acc_atomic_file(acc_atomic *f);

/* The final path, as given to acc_atomic_open, and the temporary one. */
const char *acc_atomic_path(const acc_atomic *f);
const char *acc_atomic_temp_path(const acc_atomic *f);

/* fflush + fsync + fclose, rename over the final path, fsync the directory.
 * Always frees the handle. If any write to the stream failed, or any of these
 * steps fails, the temporary file is removed, the final path is left as it
 * was, and ACC_EIO is returned with the path and strerror in err. */
int acc_atomic_commit(acc_atomic *f, char *err, size_t errlen);

/* Close and remove the temporary file, free the handle. NULL is a no-op. */
void acc_atomic_abort(acc_atomic *f);

/* Remove the temporary files this process has open now (unlink only: no
 * locks, no allocation), for a process about to _exit from another thread
 * (the sandbox watchdog's stuck callback): no .NAME.tmp.* file is left. The
 * handles stay allocated; the process must not use them afterwards. */
void acc_atomic_remove_temps(void);

/* Is `name` (a directory entry, no '/') a temporary file of acc_atomic_open,
 * ".NAME.tmp.<pid>.<8 lowercase hex digits>" with NAME not empty and the pid
 * a positive decimal without leading zeros? Then 1, with the pid in *pid. */
int acc_atomic_is_temp_name(const char *name, long *pid);

/* Remove the temporary files of acc_atomic_open in dir (not below it) whose
 * writer is gone: regular files whose name matches acc_atomic_is_temp_name
 * and whose pid is not this process and is no process at all (kill(pid, 0)
 * fails with ESRCH). A file of a live writer (this process, or another one
 * writing into dir now, whatever its user) is kept, and so is every other
 * file. For a command about to (re)write dir's outputs: a killed writer
 * (SIGKILL, a crash, a power cut) leaves such files behind, and they never
 * take a final name. Best effort: a missing or unreadable dir, or a file
 * that cannot be removed, is skipped. Returns the number of files removed.
 * A writer on another machine sharing dir (NFS) cannot be checked: do not
 * write into one directory from two machines at once. */
int acc_atomic_remove_stale(const char *dir);

/* The same, and also for temporary files named as acc_atomic_is_temp_name's
 * followed by "." and one of exts (NULL-terminated): ".NAME.tmp.<pid>.<8
 * hex>.png", the figures and scripts `accord plot` has gnuplot write. */
int acc_atomic_remove_stale_ext(const char *dir, const char *const *exts);

/* mkdir -p: create path and any missing parents (mode 0777 & ~umask).
 * Existing directories are fine; a component that exists but is not a
 * directory is an error naming it. */
int acc_io_mkdir_p(const char *path, char *err, size_t errlen);

/* May outputs of `kind` ("run", "sweep" or "compare") go into dir? Not if
 * it holds another kind of accord output, by its manifest.json "kind"
 * ("sweep-shard" counts as "sweep") or, without one, a sweep's journal.txt:
 * then ACC_EINVAL, "DIR holds an accord sweep (manifest.json): writing a run
 * there would overwrite its files; choose another output directory". A
 * missing or empty directory, one of the same kind, or an unreadable
 * manifest is fine (ACC_OK). */
int acc_io_check_outdir_kind(const char *dir, const char *kind, char *err, size_t errlen);

#endif
