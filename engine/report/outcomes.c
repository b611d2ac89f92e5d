/* accord report — the table of key outcomes (report/outcomes.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "report/outcomes.h"

#include "io/jdoc.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

/* The descriptions are printed as they stand (reports, `accord compare`). */
static const acc_outcome_info outcomes[] = {
    {"welfare", "Welfare", "M$",
     "welfare, M$: value of AI revenue minus harm, certification, compliance and entry costs", 1,
     1},
    {"harm", "Harm", "M$", "cumulative harm from undetected vulnerabilities, M$", 2, 2},
    {"exposure", "Exposure", "million user-months",
     "cumulative user-months of exposure to undetected vulnerabilities, millions", 13, 0},
    {"certification_spend", "Certification spending", "M$", "total spent on certifications, M$",
     3, 4},
    {"compliance_spend", "Compliance spending", "M$", "total spent staying compliant, M$", 4, 5},
    {"fine_spend", "Fines", "M$", "total fines paid, M$", 16, 0},
    {"fines_paid", "Fines paid", "", "fines paid (failed audits and developers caught serving uncertified)", 0, 0},
    {"caught", "Caught", "", "developers caught serving a binding market uncertified", 15, 0},
    {"rejection_share", "Rejection share", "0-1", "share of review decisions that rejected the application", 0, 0},
    {"entry_spend", "Market-entry spending", "M$", "total spent entering markets, M$", 0, 0},
    {"funding", "Venture funding", "M$", "total venture funding paid to startups (and open-source labs), M$", 0, 0},
    {"startup_survival_rate", "Startup survival", "0-1",
     "share of startups ever created still alive at the end", 5, 3},
    {"final_deployed", "Deployments", "developer-markets",
     "developers deployed, summed over the markets at the end (one in 3 markets counts 3)", 6,
     8},
    {"final_mean_safety", "Mean safety", "0-1",
     "revenue-weighted mean safety at the end (0-1)", 7, 6},
    {"final_hhi", "Market concentration", "HHI, 0-10,000",
     "market concentration at the end (HHI, 0-10,000)", 8, 7},
    {"final_startup_share", "Startups' revenue share", "0-1",
     "startups' share of AI revenue at the end", 9, 0},
    {"incidents", "Incidents", "", "vulnerabilities that became incidents (first detection)", 10,
     9},
    {"mean_detection_lag", "Detection lag", "steps",
     "mean steps from a vulnerability's emergence to its detection", 11, 0},
    {"mean_time_to_market", "Time to market", "steps",
     "mean steps from the decision to enter to deployment", 0, 0},
    {"revenue", "AI revenue", "M$", "cumulative AI revenue, M$", 12, 0},
    {"freq_unsafe", "Unsafe development", "0-1", "long-run frequency of UNSAFE development", 0,
     10},
    {"top10_share", "Top-10 revenue share", "0-1",
     "share of cumulative AI revenue earned by the ten developers with the most", 0, 0},
    {"bankruptcy_rate_incumbent", "Incumbent bankruptcy rate", "per year",
     "incumbent bankruptcies per incumbent-year alive", 0, 0},
    {"bankruptcy_rate_startup", "Startup bankruptcy rate", "per year",
     "startup bankruptcies per startup-year alive", 0, 0},
    {"bankruptcy_rate_open_source", "Open-source bankruptcy rate", "per year",
     "open-source lab bankruptcies per lab-year alive", 0, 0},
    {"startup_survival_5y", "Five-year startup survival", "0-1",
     "share of the first year's startups not bankrupt five years after founding", 0, 0},
    {"noncompliant_share", "Non-compliant share", "0-1",
     "mean share of developers serving binding markets uncertified", 14, 0},
};
#define NOUTCOMES (sizeof outcomes / sizeof outcomes[0])

/* Per-jurisdiction summary columns: <prefix><jurisdiction id>; the longer
 * prefix first (revenue_home_us is not revenue_ of "home_us"). */
static const acc_outcome_info per_jur[] = {
    {"revenue_home_", "AI revenue by home", "M$",
     "cumulative AI revenue (all markets) of developers with this home, M$", 0, 0},
    {"harm_", "Harm in a market", "M$", "cumulative harm in this jurisdiction, M$", 0, 0},
    {"exposure_", "Exposure in a market", "million user-months",
     "cumulative exposure in this jurisdiction, million user-months", 0, 0},
    {"revenue_", "AI revenue in a market", "M$", "cumulative AI revenue in this jurisdiction, M$", 0, 0},
    {"fines_", "Fines in a market", "M$", "cumulative fines imposed by this jurisdiction, M$", 0, 0},
    {"rejections_", "Rejections in a market", "", "applications this jurisdiction rejected", 0, 0},
};

const acc_outcome_info *acc_outcome_find(const char *name)
{
    for (size_t i = 0; name && i < NOUTCOMES; i++)
        if (strcmp(outcomes[i].name, name) == 0)
            return &outcomes[i];
    for (size_t i = 0; name && i < sizeof per_jur / sizeof per_jur[0]; i++)
        if (strcmp(name, per_jur[i].name) == 0) /* a bare prefix names nothing */
            return NULL;
    for (size_t i = 0; name && i < sizeof per_jur / sizeof per_jur[0]; i++) {
        size_t l = strlen(per_jur[i].name);
        if (strncmp(name, per_jur[i].name, l) == 0 && name[l])
            return &per_jur[i];
    }
    return NULL;
}

const char *acc_outcome_doc(const char *name)
{
    const acc_outcome_info *o = acc_outcome_find(name);
    return o ? o->doc : NULL;
}

const char *acc_outcome_key(int i)
{
    for (size_t k = 0; i >= 0 && k < NOUTCOMES; k++)
        if (outcomes[k].key == i + 1)
            return outcomes[k].name;
    return NULL;
}

int acc_outcome_is_key(const char *name)
{
    const acc_outcome_info *o = acc_outcome_find(name);
    return o && o->key > 0;
}

const char *acc_outcome_figure(int i)
{
    for (size_t k = 0; i >= 0 && k < NOUTCOMES; k++)
        if (outcomes[k].figure == i + 1)
            return outcomes[k].name;
    return NULL;
}

const char *acc_outcome_unit(const char *name, const struct acc_jval *manifest, const char **doc)
{
    /* the scenario's own word first: a metric it records as harm_eu_cn is
     * not the per-jurisdiction harm_<id> */
    const acc_jval *m = acc_jval_get(manifest, "metrics");
    for (size_t i = 0; name && i < acc_jval_len(m); i++) {
        const acc_jval *e = acc_jval_at(m, i);
        const char *n = acc_jval_str(acc_jval_get(e, "name"));
        if (n && strcmp(n, name) == 0) {
            const char *u = acc_jval_str(acc_jval_get(e, "unit"));
            const char *d = acc_jval_str(acc_jval_get(e, "doc"));
            if (doc)
                *doc = d ? d : "";
            return u ? u : "";
        }
    }
    const acc_outcome_info *o = acc_outcome_find(name);
    if (doc)
        *doc = o ? o->doc : "";
    return o ? o->unit : "";
}

/* The outcomes that cannot be negative or leave [0, 1] (docs/outputs.md);
 * anything else, welfare and its negative terms included, is any real. */
static const char *const nonneg[] = {
    "horizon_steps", "horizon_years", "developers_initial", "developers_created",
    "developers_alive", "startups_created", "startups_alive", "founded", "revenue", "harm",
    "exposure", "certification_spend", "compliance_spend", "fine_spend", "entry_spend",
    "investment", "licence_fees", "funding", "incidents", "awareness_events", "vulnerabilities",
    "patches", "entries", "exits", "bankruptcies", "applications", "certifications", "rejections",
    "audits", "failed_audits", "suspensions", "withdrawals", "caught", "fines_paid",
    "mean_detection_lag", "mean_time_to_market", "final_deployed", "final_suspended",
    "final_pending", "final_revenue", "final_hhi", "final_mean_capability",
    "final_frontier_capability", "final_live_vulns", "welfare_value", "capacity_grows",
    "setup_spend", "bankruptcy_rate_incumbent", "bankruptcy_rate_startup",
    "bankruptcy_rate_open_source"};
static const char *const unit_interval[] = {
    "startup_survival_rate", "rejection_share", "final_coverage", "final_startup_share",
    "final_open_source_share", "final_mean_safety", "top10_share", "startup_survival_5y",
    "noncompliant_share", "freq_unsafe"};

int acc_outcome_support(const char *name, double *lo, double *hi)
{
    int support = ACC_SUPPORT_REAL;
    for (size_t i = 0; name && i < sizeof nonneg / sizeof nonneg[0] && !support; i++)
        if (strcmp(name, nonneg[i]) == 0)
            support = ACC_SUPPORT_NONNEG;
    for (size_t i = 0; name && i < sizeof unit_interval / sizeof unit_interval[0] && !support; i++)
        if (strcmp(name, unit_interval[i]) == 0)
            support = ACC_SUPPORT_UNIT;
    /* every per-jurisdiction outcome (harm_<j>, revenue_home_<j>, ...) is a
     * cumulative amount or count */
    const acc_outcome_info *o = support ? NULL : acc_outcome_find(name);
    if (o && o->name[strlen(o->name) - 1] == '_')
        support = ACC_SUPPORT_NONNEG;
    if (lo)
        *lo = support ? 0 : -INFINITY;
    if (hi)
        *hi = support == ACC_SUPPORT_UNIT ? 1 : INFINITY;
    return support;
}
