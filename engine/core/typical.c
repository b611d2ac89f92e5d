/* accord — typical ranges: for every field of the scenario-wide, per-
 * jurisdiction, per-population and policy-object tables, the range a careful
 * modeller would call plausible, with the reason; values outside it run but
 * warn (MODEL.md "Defaults, typical ranges and warnings"). Kept beside the
 * field tables (fields.c) and looked up by name, so a field added there must
 * add a row here (tests/unit/test_core_typical.c names the missing ones).
 * Also the warnings' wording: typical range, lossy months, cross-field.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/model.h"
#include "core/world_int.h" /* conv_months: months to steps as the world converts */

#include <math.h>
#include <stdio.h>
#include <string.h>

/* {name, lo, hi, unit (population keys only), why}. Money in M$; "per year"
 * values as the scenario gives them (before the per-step conversion). */
static const acc_typical typical[] = {
    /* ---- scenario-wide ---- */
    {"steps_per_year", 4, 52, NULL, "quarterly to weekly steps: coarser steps round every months field away, finer ones cost run time and add no dynamics the model has"},
    {"years", 0.25, 50, NULL, "from a quarter (a quick look) to the 50 years policy questions look ahead; past that the model's fixed structure (no new kinds of firm or regime) is not credible"},
    {"market.elasticity", 1.5, 10, NULL, "estimated elasticities of substitution between product varieties lie between about 2 and 10; MODEL.md suggests 4"},
    {"productivity_shape", 2, 12, NULL, "with epsilon near 4, firm-size tails near Zipf's law (k/(epsilon-1) of 1 to 2) need k of about 3 to 8"},
    {"rd.capability_gain", 0, 0.1, NULL, "at 0.1 an incumbent's R&D (about 150 M$ a month) adds more than 10 capability units a year, beyond the populations' 0-5"},
    {"rd.safety_gain", 0, 0.1, NULL, "at 0.1 a month of an incumbent's safety R&D closes most of the gap to safety 1, leaving nothing for regulation to move"},
    {"rd.returns", 0.2, 1, NULL, "returns to R&D diminish, but below 0.2 spending barely matters: a thousandfold budget buys less than 4 times the progress"},
    {"rd.erosion", 0, 1, NULL, "above 1 a unit of new capability erodes more safety than a model has"},
    {"upgrade.max_share", 0, 1, NULL, "a share of R&D: any value from none to all is plausible"},
    {"upgrade.speed", 0, 1, NULL, "a probability per year: any value is plausible"},
    {"risk.base_hazard", 0, 5, NULL, "near 0.1 the scale-1 world has about the AI Incident Database's 100-250 incidents a year; at 5 a reference model gets a new vulnerability every 2-3 months"},
    {"risk.capability_exponent", 0, 3, NULL, "above 3 hazard grows with capability so steeply (64-fold from c = 0 to c = 3) that the frontier models are almost always vulnerable"},
    {"risk.severity_mu", -5, 5, NULL, "log of the median severity; e^5 (about 150) times a reference incident is a catastrophe, not a median"},
    {"risk.severity_sigma", 0, 3, NULL, "log-sd of severity; above 3 the mean is more than 90 times the median and harm is decided by single draws"},
    {"risk.inherit_prob", 0, 1, NULL, "a probability: any value is plausible"},
    {"risk.harm_per_revenue", 0, 10, NULL, "harm per M$ of exposed revenue and unit severity; above 10 harm dwarfs all the revenue at stake"},
    {"risk.self_detect", 0, 10, NULL, "min(1, self_detect x safety) per year: above 10 nearly every model finds its own flaws at once"},
    {"risk.patch_months", 0, 24, NULL, "vendors patch in days to months; two years is an abandoned model"},
    {"risk.patch_sigma", 0, 2, NULL, "log-sd of patch delays; at 2 the middle 95 % of delays spans a factor of 2500"},
    {"risk.harm_per_user_month", 0, 100, NULL, "M$ per million user-months = $ per user per month; above $100 harm exceeds the monthly value of any consumer AI product"},
    {"audit_detect", 0, 1, NULL, "a probability: any value is plausible"},
    {"rep.loss", 0, 0.5, NULL, "reputation lost per unit severity; at 0.5 one median incident halves a firm's demand"},
    {"rep.recovery", 0, 12, NULL, "recovery rate per year; at 12 a firm recovers 63 % of lost reputation within a month"},
    {"learning.imitation_rate", 0, 1, NULL, "a probability per year: any value is plausible (0 = off)"},
    {"learning.beta", 0, 10, NULL, "selection intensity per M$ of profit difference; past 10 imitation is deterministic for any gap above 0.1 M$"},
    {"learning.mutation", 0, 0.2, NULL, "exploration is rare; above 0.2 imitation is mostly noise"},
    {"upstream_prob", 0, 1, NULL, "a probability: any value is plausible"},
    {"open_upstream_share", 0, 1, NULL, "a probability: any value is plausible"},
    {"license_share", 0, 0.5, NULL, "licence and API fees take a share of a downstream's revenue; above half leaves it no margin"},
    {"value_per_revenue", 0, 10, NULL, "consumer value per $ of AI spending; surplus estimates for digital goods are a few times spending"},
    {"exit_months", 1, 36, NULL, "firms leave a loss-making market within months to a few years"},
    {"reentry_months", 0, 36, NULL, "a cooldown of up to three years after leaving"},
    {"rejection_months", 0, 24, NULL, "a rejected applicant reapplies within months to two years"},
    {"funding.max_age", 0, 15, NULL, "venture funds back a company for at most their own life, about 10 years"},
    {"funding.reach", 0, 1, NULL, "a share of startups: any value is plausible"},
    {"funding.concentration", 0, 3, NULL, "at 3 nearly all of a home's funding goes to its few strongest startups"},
    {"funding.max_share", 0.001, 1, NULL, "below 0.1 % of a home's pool per startup no round reaches any firm"},
    {"funding.open_source_share", 0, 0.5, NULL, "open-source labs live on sponsors; above half of startup investment is not what data show"},
    /* v2 fields (MODEL.md v2); setup_cost and compliance.per_market are not built
     * yet: their entries wait for them (test_core_typical.c lists them) */
    {"assessment.apply_min", 0.5, 1, NULL, "developers do not apply on worse than even odds of passing"},
    {"rep.caught_loss", 0, 0.5, NULL, "reputation lost when caught serving uncertified; above half is more than a major incident"},
    {"sme_revenue", 0, 1000, NULL, "SME ceilings are tens of M$ of turnover (EU: EUR 50 m, about 54 M$)"},
    {"order.catch_up_first", 0, 1, NULL, "a switch"},
    {"fine.sme_by_revenue", 0, 1, NULL, "a switch"},
    {"compliance.per_market", 0, 1, NULL, "a switch"},
    {"upgrade.when_failing", 0, 1, NULL, "a switch"},
    /* ---- per jurisdiction ---- */
    {"market", 1, 2e6, NULL, "from a small country's AI spending to ten times the largest (about 100,000 M$/yr in the scale-1 world)"},
    {"growth", -0.1, 1, NULL, "AI markets grow 0 to 60 % a year; a shrinking market or one that doubles yearly is an outlier"},
    {"outside", 0, 1e5, NULL, "the presets use a few % of the market in reference-model units (2000 for the US at scale 1)"},
    {"entry_cost", 0, 100, NULL, "localisation, sales and legal set-up cost 0.1 to 10 M$; 100 M$ is a large acquisition"},
    {"binding", 0, 1, NULL, "a switch"},
    {"stringency", 0, 1, NULL, "a safety score: any value is plausible"},
    {"cert_cost", 0, 50, NULL, "a conformity assessment costs 0.03 to 0.3 M$ (EU impact assessment); 50 M$ would exceed most startups' capital"},
    {"compliance_cost", 0, 20, NULL, "EU quality-management upkeep is about 0.08 M$/yr; 20 M$/yr is a large compliance department"},
    {"compliance_share", 0, 0.1, NULL, "ongoing compliance rarely costs more than a few % of revenue"},
    {"review_months", 0, 24, NULL, "reviews take weeks to months (EU product conformity 3-12 months); two years is a stalled regime"},
    {"audit_rate", 0, 1, NULL, "a probability per year: any value is plausible"},
    {"fine_share", 0, 0.1, NULL, "statutory caps are a few % of turnover (AI Act 3-7 %, GDPR 4 %)"},
    {"fine_min", 0, 100, NULL, "statutory fixed fines are EUR 7.5 to 35 m (AI Act)"},
    {"suspension_months", 0, 24, NULL, "suspensions last weeks to months"},
    {"detection", 0, 1, NULL, "a probability per year: any value is plausible"},
    {"label_premium", 0, 0.5, NULL, "trust labels add a few % to demand; at 50 % a label would outweigh most product features"},
    {"startup_rate", 0, 10000, NULL, "the US founds about 900 funded AI companies a year (AI Index 2023); ten times that is beyond any country"},
    {"transition_months", 0, 36, NULL, "grace periods are 6 to 36 months (AI Act high-risk rules: 24)"},
    {"venture_funding", 0, 5e5, NULL, "private AI investment was about 109,000 M$ in the US in 2024 (AI Index 2025), the most of any country"},
    {"users", 0, 2000, NULL, "millions of people; no jurisdiction has more than about 1,400 million"},
    {"user_growth", -0.1, 1, NULL, "user numbers grow 0 to 60 % a year; shrinking or doubling yearly is an outlier"},
    {"assessment_noise", 0, 0.3, NULL, "sd of a safety score in [0, 1]; above 0.3 reviews are close to coin flips"},
    {"enforcement", 0, 1, NULL, "a probability per year: any value is plausible"},
    {"regulated_share", 0, 1, NULL, "a share of spending: any value is plausible"},
    {"setup_cost", 0, 50, NULL, "a quality-management system costs about 0.2-0.35 M$ (EU); 50 M$ would exceed most startups' capital"},
    {"sandbox_months", 0, 36, NULL, "regulatory sandboxes test for months to two years (AI Act Art. 58: a limited duration set by implementing acts); past three years a startup is no longer being tested"},
    /* ---- policy objects (recognition, sharing links, blocs) ---- */
    {"fee", 0, 50, NULL, "a recognition fee is a fraction of a certification's cost"},
    {"lag_months", 0, 24, NULL, "threat intelligence travels in days to months; a lag of years shares nothing useful"},
    {"voluntary", 0, 1, NULL, "a switch"},
    /* bloc cert_cost and review_months share the jurisdiction rows above */
    /* ---- per population (acc_pop_fields) ---- */
    {"law_abiding", 0.5, 1, NULL, "most firms obey the law (suggested 0.8-0.95); below half, breaking it is the norm"},
    /* ---- population keys without an acc_field (distributions, counts), so with a unit ---- */
    {"population.count", 0, 20000, "developers", "per kind and home; the US has about 5,500 funded AI companies (2013-23); more only slows runs"},
    {"population.total", 0, 50000, "developers", "a kind's developers over all homes; see count"},
    {"population.capital", 0, 5e5, "M$", "the largest AI developers hold a few hundred thousand M$; negative start capital is a firm already bankrupt"},
    {"population.capability", 0, 20, "capability", "in units where today's frontier is about 5 (defaults 0-5)"},
    {"population.safety", 0, 1, "score [0,1]", "a score: any value is plausible"},
    {"population.invest_rate", 0, 1, "share of capital/yr", "R&D above the whole capital every year burns the firm"},
    {"population.safety_share", 0, 1, "share of R&D", "a share: any value is plausible"},
    {"population.horizon", 0.5, 20, "yr", "firms judge an entry over months to a couple of decades"},
    {"population.opex", 0, 5e4, "M$/yr", "the largest labs spend tens of thousands of M$ a year"},
    {"population.phi_min", 0.1, 10, "productivity", "relative to the reference model (1); defaults 0.5-1"},
};

#define NTYP ((int)(sizeof typical / sizeof typical[0]))

const acc_typical *acc_typical_table(int *n)
{
    *n = NTYP;
    return typical;
}

const acc_typical *acc_typical_find(const char *name)
{
    for (int i = 0; name && i < NTYP; i++)
        if (strcmp(typical[i].name, name) == 0)
            return &typical[i];
    return NULL;
}

void acc_typical_range_str(const acc_typical *t, char *buf, size_t n)
{
    snprintf(buf, n, "[%g, %g]", t->lo, t->hi);
}

/* Kinds converted from per-year values: a per-month value given for one is
 * 12 times too small. */
static int per_year_kind(int kind)
{
    return kind == ACC_FK_PROB || kind == ACC_FK_HAZARD || kind == ACC_FK_RATE || kind == ACC_FK_FLOW ||
           kind == ACC_FK_GROWTH;
}

static int unit_is_years(const char *unit)
{
    return unit && (strcmp(unit, "yr") == 0 || strcmp(unit, "years") == 0);
}

static int unit_per_year(const char *unit)
{
    return unit && strstr(unit, "/yr") != NULL;
}

static int inside(const acc_typical *t, double v) { return v >= t->lo && v <= t->hi; }

/* "(per year)", "(months)", "(M$)" or "" */
static void unit_phrase(int kind, const char *unit, char *buf, size_t n)
{
    if (kind == ACC_FK_GROWTH || kind == ACC_FK_PROB || kind == ACC_FK_HAZARD || kind == ACC_FK_RATE)
        snprintf(buf, n, " (per year)");
    else if (kind == ACC_FK_MONTHS)
        snprintf(buf, n, " (months)");
    else if (unit && unit[0] && kind != ACC_FK_BOOL)
        snprintf(buf, n, " (%s)", unit);
    else
        buf[0] = 0;
}

int acc_typical_check(const acc_typical *t, const char *name, int kind, const char *unit, double v,
                      const char *what, char *msg, size_t n)
{
    if (!t || !isfinite(v) || inside(t, v))
        return 0;
    char range[80], up[96], hint[64] = "";
    acc_typical_range_str(t, range, sizeof range);
    if (!unit)
        unit = t->unit;
    unit_phrase(kind, unit, up, sizeof up);
    double width = t->hi - t->lo, dist = v < t->lo ? t->lo - v : v - t->hi;
    int far = dist > (width > 0 ? width : fabs(t->hi) > 0 ? fabs(t->hi) : 1);
    int numeric = kind != ACC_FK_BOOL && kind != ACC_FK_INT;
    int timed = per_year_kind(kind) || kind == ACC_FK_MONTHS || unit_per_year(unit);
    if (numeric && v > t->hi && unit_is_years(unit) && inside(t, v / 12))
        snprintf(hint, sizeof hint, "; did you mean %g?", v / 12); /* months for years */
    else if (numeric && v > 1 && v > t->hi && t->hi <= 1 && inside(t, v / 100))
        snprintf(hint, sizeof hint, "; did you mean %g?", v / 100); /* a percent for a share or rate */
    else if (numeric && v < t->lo && timed && inside(t, v * 12))
        snprintf(hint, sizeof hint, "; did you mean %g?", v * 12); /* per month for per year */
    snprintf(msg, n, "%s%s%s = %g is %s its typical range %s%s%s", what ? what : "", what ? ": " : "", name, v,
             far ? "far outside" : "outside", range, up, hint);
    return 1;
}

int acc_months_check(const char *name, double m, double spy, const char *what, char *msg, size_t n)
{
    if (!isfinite(m) || !isfinite(spy) || !(spy > 0))
        return 0;
    double steps = conv_months(m, spy); /* as the world converts: halves away from zero */
    double back = steps * 12 / spy;
    if (fabs(back - m) <= 1e-9 * (fabs(m) > 1 ? fabs(m) : 1))
        return 0;
    snprintf(msg, n, "%s%s%s = %g months is %g step%s (%.4g month%s) at steps_per_year = %g", what ? what : "",
             what ? ": " : "", name, m, steps, steps == 1 ? "" : "s", back, back == 1 ? "" : "s", spy);
    return 1;
}

int acc_jur_typical_check(const struct acc_jur_cfg *j, const char *what, char *msg, size_t n)
{
    if (!j)
        return 0; /* nothing to warn about */
    int nf;
    const acc_field *jf = acc_jur_fields(&nf);
    const acc_field *noise = acc_field_find(jf, nf, "assessment_noise");
    if (!noise)
        return 0;
    double sa = acc_field_get(noise, j), st = j->stringency;
    if (!(sa > 0) || !(st + 2 * sa > 1))
        return 0;
    /* a model of safety 1 measured with noise sa fails with Phi((st - 1)/sa) */
    double fail = 0.5 * erfc((1 - st) / (sa * sqrt(2.0)));
    snprintf(msg, n,
             "%s%sstringency + 2 x assessment_noise = %g + 2 x %g = %g is above 1: even a perfect model (safety 1) "
             "would fail %.3g %% of its reviews and audits",
             what ? what : "", what ? ": " : "", st, sa, st + 2 * sa, 100 * fail);
    return 1;
}
