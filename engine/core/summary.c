/* accord — per-run summary statistics past the v1.2 block (docs/outputs.md,
 * Summary): the revenue share of the ten largest developers, bankruptcy
 * rates by kind, the five-year survival of the first year's startups, the
 * non-compliant share, and per jurisdiction cumulative harm, exposure,
 * revenue, fines, rejections and revenue by home. Names past the
 * world-independent ones depend on the jurisdictions: harm_<id>, ...
 * The step's part (acc__summary_step) reads the step's metric rows and the
 * developers' revenue; it allocates nothing.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/world_int.h"

#include <stdio.h>
#include <string.h>

static const char *const fixed_names[] = {
    "top10_share", "bankruptcy_rate_incumbent", "bankruptcy_rate_startup", "bankruptcy_rate_open_source",
    "startup_survival_5y", "noncompliant_share"};
#define NFIXED ((int)(sizeof fixed_names / sizeof fixed_names[0]))
_Static_assert(NFIXED == ACC_SUM_NFIXED, "ACC_SUM_NFIXED");

/* Per jurisdiction, in this order (ACC_SUM_PER_JUR). */
static const char *const jur_prefix[ACC_SUM_PER_JUR] = {"harm_",       "exposure_",  "revenue_",
                                                         "fines_",      "rejections_", "revenue_home_"};

int acc__summary_nfixed(void) { return NFIXED; }

const char *acc__summary_fixed_name(int i) { return i >= 0 && i < NFIXED ? fixed_names[i] : NULL; }

/* The k-th per-jurisdiction name of jurisdiction id into buf. */
static void jur_name(char *buf, size_t n, int k, const char *id)
{
    snprintf(buf, n, "%s%s", jur_prefix[k], id);
}

int acc_config_summary_count(const acc_config *cfg)
{
    /* the jurisdictions' columns only for a count a world can have (1 to
     * ACC_MAX_JUR): a bad n_jur neither passes ACC_SUMMARY_MAX nor leads
     * acc_config_summary_name past cfg->jur */
    const int nj = cfg && cfg->jur && cfg->n_jur > 0 && cfg->n_jur <= ACC_MAX_JUR ? cfg->n_jur : 0;
    return acc_world_summary_count(NULL) + nj * ACC_SUM_PER_JUR;
}

int acc_config_summary_name(const acc_config *cfg, int i, char *buf, size_t n)
{
    if (!buf || n == 0)
        return -1;
    buf[0] = 0;
    const int n0 = acc_world_summary_count(NULL);
    if (i >= 0 && i < n0) {
        snprintf(buf, n, "%s", acc_world_summary_name(NULL, i));
        return 0;
    }
    if (!cfg || i < n0 || i >= acc_config_summary_count(cfg))
        return -1;
    const int q = i - n0;
    jur_name(buf, n, q % ACC_SUM_PER_JUR, cfg->jur[q / ACC_SUM_PER_JUR].id);
    return 0;
}

/* Every name distinct: a jurisdiction id can make a per-jurisdiction name
 * that another outcome has (fines_paid with a jurisdiction "paid") or that
 * another jurisdiction's name has (revenue_home_us: revenue_ of "home_us"). */
int acc__summary_check(const acc_config *cfg, char *err, size_t errlen)
{
    const int n = acc_config_summary_count(cfg), n0 = acc_world_summary_count(NULL);
    char a[ACC_ID_LEN + 16], b[ACC_ID_LEN + 16];
    for (int i = n0; i < n; i++) {
        acc_config_summary_name(cfg, i, a, sizeof a);
        for (int k = 0; k < i; k++) {
            acc_config_summary_name(cfg, k, b, sizeof b);
            if (strcmp(a, b) == 0) {
                acc_errf(err, errlen,
                         "jurisdiction '%s': its summary column '%s' has the name of another outcome; "
                         "choose another id",
                         cfg->jur[(i - n0) / ACC_SUM_PER_JUR].id, a);
                return ACC_EINVAL;
            }
        }
    }
    return ACC_OK;
}

void acc__summary_init(acc_world *w)
{
    sumstate *s = &w->sum;
    memset(s->alive_k, 0, sizeof s->alive_k);
    for (int64_t i = 0; i < w->n; i++)
        s->alive_k[w->kind[i]] += w->alive[i];
    size_t at = 0;
    const size_t len = acc__summary_names_len(&w->cfg);
    for (int j = 0; j < w->J; j++)
        for (int k = 0; k < ACC_SUM_PER_JUR; k++) {
            s->name_at[j * ACC_SUM_PER_JUR + k] = (uint16_t)at;
            jur_name(s->names + at, len - at, k, w->cfg.jur[j].id);
            at += strlen(s->names + at) + 1;
        }
}

/* The ids are NUL-terminated within their ACC_ID_LEN (acc_config_validate), so
 * every name is shorter than the longest prefix + ACC_ID_LEN: 32 x 6 of them fit
 * uint16_t offsets. */
_Static_assert(ACC_MAX_JUR * ACC_SUM_PER_JUR * (13 + ACC_ID_LEN) < 65536, "name_at is 16-bit");

size_t acc__summary_names_len(const acc_config *cfg)
{
    size_t len = 0;
    for (int j = 0; j < cfg->n_jur; j++)
        for (int k = 0; k < ACC_SUM_PER_JUR; k++)
            len += strlen(jur_prefix[k]) + strlen(cfg->jur[j].id) + 1;
    return len;
}

/* Steps from founding to the five-year check (5 spy rounded) and the last
 * founding step of year 1 (steps 1 .. floor(spy)). */
static int five_years(const acc_world *w) { return (int)lround(5 * w->spy); }
static int year1_last(const acc_world *w) { return (int)floor(w->spy); }

void acc__summary_dev_begin(const acc_world *w, sumdev *d, uint32_t ncm)
{
    memset(d, 0, sizeof *d);
    d->ncm = ncm;
    const int b5 = w->cur - five_years(w);
    d->b5 = b5;
    d->check5 = b5 >= 1 && b5 <= year1_last(w);
}

void acc__summary_step(acc_world *w, const sumdev *d)
{
    sumstate *s = &w->sum;
    const int J = w->J;
    for (int j = 0; j < J; j++) {
        const double *v = w->rows[j].v;
        s->harm[j] += v[ACC_TS_HARM];
        s->exposure[j] += v[ACC_TS_EXPOSURE];
        s->revenue[j] += v[ACC_TS_REVENUE];
        s->fines[j] += v[ACC_TS_FINE_SPEND];
        s->rejections[j] += v[ACC_TS_REJECTIONS];
    }
    /* Non-compliant share: pooled over the binding markets out of any grace
     * period (those where serving uncertified is non-compliant); serving =
     * in the regulated segment (deployed or suspended there, w->present),
     * counted in d (summary_dev) over the same markets, d->ncm. */
    double nc = 0;
    for (int j = 0; j < J; j++)
        if ((d->ncm >> j) & 1u)
            nc += w->rows[j].v[ACC_TS_NONCOMPLIANT];
    if (d->serving > 0) {
        s->nc_sum += nc / (double)d->serving;
        s->nc_steps += 1;
    }
    /* Revenue per developer and home, alive by kind and the five-year check
     * of the startups founded 5 years ago in year 1 were added up by
     * summary_dev. Bankruptcies by kind: alive at the step's start + founded
     * in it - alive now (a startup founded this step cannot have gone
     * bankrupt in it). */
    const double founded = w->cum.founded - s->founded_seen;
    s->founded_seen = w->cum.founded;
    for (int k = 0; k < ACC_NKINDS; k++) {
        s->dev_steps_k[k] += s->alive_k[k];
        s->bankrupt_k[k] += s->alive_k[k] + (k == ACC_STARTUP ? founded : 0) - (double)d->alive_now[k];
        s->alive_k[k] = (double)d->alive_now[k];
    }
}

/* Sum of the ten largest of x[0..n): kept sorted in top[0..m), descending. */
static double top10_sum(const double *x, int64_t n)
{
    double top[10];
    int m = 0;
    for (int64_t i = 0; i < n; i++) {
        const double v = x[i];
        if (m == 10 && !(v > top[9]))
            continue;
        int p = m < 10 ? m++ : 9;
        while (p > 0 && top[p - 1] < v) {
            top[p] = top[p - 1];
            p--;
        }
        top[p] = v;
    }
    double sum = 0;
    for (int k = 0; k < m; k++)
        sum += top[k];
    return sum;
}

void acc__summary_values(const acc_world *w, double *v)
{
    const sumstate *s = &w->sum;
    double total = 0;
    for (int64_t i = 0; i < w->n; i++)
        total += w->cumrev[i];
    v[0] = total > 0 ? top10_sum(w->cumrev, w->n) / total : NAN;
    for (int k = 0; k < ACC_NKINDS; k++)
        v[1 + k] = s->dev_steps_k[k] > 0 ? s->bankrupt_k[k] / (s->dev_steps_k[k] / w->spy) : NAN;
    /* Five-year survival: defined once every first-year startup is 5 years old. */
    double cohort = 0;
    const int last = year1_last(w);
    for (int64_t i = w->n_initial; i < w->n; i++)
        cohort += w->kind[i] == ACC_STARTUP && w->birth[i] >= 1 && w->birth[i] <= last;
    v[4] = w->done >= last + five_years(w) && cohort > 0 ? s->s5_alive / cohort : NAN;
    v[5] = s->nc_steps > 0 ? s->nc_sum / s->nc_steps : NAN;
    double *p = v + NFIXED;
    for (int j = 0; j < w->J; j++) {
        *p++ = s->harm[j];
        *p++ = s->exposure[j];
        *p++ = s->revenue[j];
        *p++ = s->fines[j];
        *p++ = s->rejections[j];
        *p++ = s->rev_home[j];
    }
}
