/* accord — "did you mean": edit distance between names and the closest known
 * name. SPDX-License-Identifier: GPL-3.0-or-later */
#include "lua/names.h"

#include <string.h>

int acc_name_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 99;
    int d[64][64];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int)i;
    for (size_t k = 0; k <= lb; k++)
        d[0][k] = (int)k;
    for (size_t i = 1; i <= la; i++)
        for (size_t k = 1; k <= lb; k++) {
            int c = d[i - 1][k - 1] + (a[i - 1] != b[k - 1]);
            if (d[i - 1][k] + 1 < c)
                c = d[i - 1][k] + 1;
            if (d[i][k - 1] + 1 < c)
                c = d[i][k - 1] + 1;
            d[i][k] = c;
        }
    return d[la][lb];
}

const char *acc_name_closest(const char *name, const char *const *names, int count)
{
    int best = 4;
    const char *found = NULL;
    for (int k = 0; k < count; k++) {
        int d = acc_name_distance(name, names[k]);
        if (d < best) {
            best = d;
            found = names[k];
        }
    }
    return found;
}
