/* accord — "did you mean": the closest known name to a misspelt one, for the
 * messages of the scenario loader, the world API and the command line.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef ACC_NAMES_H
#define ACC_NAMES_H

/* Levenshtein distance; names over 63 characters count as far apart (99). */
int acc_name_distance(const char *a, const char *b);

/* The name among names[0..count) closest to `name` within 3 edits (the first
 * of equally close ones), or NULL. */
const char *acc_name_closest(const char *name, const char *const *names, int count);

#endif
