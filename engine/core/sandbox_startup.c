/* accord — the startup sandbox (docs/model.md, section 7.2): a startup younger
 * than sandbox_months may enter a binding jurisdiction's regulated segment
 * uncertified, legally; the end of its cover. The entry option is in
 * decide.c, the exemption from enforcement and from the non-compliant count
 * in step.c (acc__sbx_exempt / acc__sbx_covered in world_int.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/world_int.h"

void acc__sbx_regulate(acc_world *w, int64_t i, int j, int t)
{
    const uint32_t bit = 1u << j;
    const size_t m = MI(w, j, i);
    /* no longer an uncertified deployment in a binding regulated segment
     * (certified, left, or j is not binding any more): the mark goes */
    if (!w->cfg.jur[j].binding || !dev_deployed(w, i, j) || w->cert[m]) {
        w->sbx[i] &= ~bit;
        return;
    }
    if (acc__sbx_covered(w, i, j, t))
        return;
    /* The cover ended (sandbox_months + transition_months after its birth):
     * still uncertified, withdrawn from the regulated segment, as at the end
     * of a transition (waiting as pending if it applied); the open segment
     * is kept. */
    w->sbx[i] &= ~bit;
    acc__set_state(w, i, j, w->app[m] ? MS_PENDING : MS_ABSENT);
    w->loss[m] = 0;
    tset(w->susp, m, T_PAST(w));
    w->fl[j].exits += !((w->opres[i] >> j) & 1u);
    w->cum.withdrawals += 1;
    acc__emit(w, ACC_EV_WITHDRAWAL, i, j, 0, 0, 0, 0, "sandbox");
}
