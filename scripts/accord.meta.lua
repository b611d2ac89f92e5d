---@meta
-- accord — LuaLS annotations of the scenario and policy API, so editors
-- complete and check scenario scripts (add scripts/ to the workspace library).
-- Never loaded by the engine. See docs/scripting.md.
-- SPDX-License-Identifier: GPL-3.0-or-later

---@alias accord.Kind "incumbent"|"startup"|"open_source"
---@alias accord.MarketState "absent"|"pending"|"deployed"|"suspended"
---@alias accord.Path "none"|"own"|"assessment"|"equivalence"|"bloc"|"incumbency"
---@alias accord.ApplyPath "none"|"own"|"assessment"|"equivalence"|"bloc"|"noncompliant"
---@alias accord.Standard "max"|"mean"|"min"|number
---@alias accord.EventType "application"|"certification"|"rejection"|"audit"|"fine"|"suspension"|"withdrawal"|"entry"|"exit"|"bankruptcy"|"founded"|"vulnerability"|"incident"|"awareness"|"patch"|"policy"|"caught"|"any"
---@alias accord.Attribute "id"|"kind"|"home"|"alive"|"capital"|"productivity"|"capability"|"safety"|"invest_rate"|"safety_share"|"safety_share0"|"horizon"|"opex"|"reputation"|"upstream"|"revenue_12m"|"profit_12m"|"live_vuln"|"step_revenue"|"step_investment"|"funding_received"
---@alias accord.Metric "deployed"|"suspended"|"pending"|"entries"|"exits"|"bankruptcies"|"revenue"|"coverage"|"hhi"|"startup_share"|"open_source_share"|"mean_safety"|"mean_capability"|"frontier_capability"|"certification_spend"|"compliance_spend"|"fine_spend"|"entry_spend"|"funding"|"live_vulns"|"incidents"|"harm"|"exposure"|"mean_detection_lag"|"mean_time_to_market"|"applications"|"rejections"|"failed_audits"|"noncompliant"|"caught"|"regulated_revenue"|"regulated_deployed"|"regulated_hhi"|"regulated_time_to_market"

-- ---- declaring the world -------------------------------------------------------

---@class accord.ParamSpec
---@field name string letters, digits and _
---@field default number within [min, max]
---@field min number
---@field max number
---@field unit? string
---@field doc? string
---@field integer? boolean

---Declare a parameter; returns its value (the default or a --set/sweep override).
---@param spec accord.ParamSpec
---@return number
function param(spec) end

---@class accord.Dist
---@field dist "uniform"|"loguniform"|"fixed"
---@field lo number
---@field hi number

---@param lo number
---@param hi number
---@return accord.Dist
function uniform(lo, hi) end

---@param lo number must be > 0
---@param hi number
---@return accord.Dist
function loguniform(lo, hi) end

---@param v number
---@return accord.Dist
function fixed(v) end

---@alias accord.DistLike number|accord.Dist|number[]

---@class accord.JurisdictionSpec
---@field id string lowercase id, e.g. "eu"
---@field name? string
---@field market? number M$/yr at t = 0
---@field growth? number per year
---@field outside? number
---@field entry_cost? number M$
---@field binding? boolean true or false (not 1/0)
---@field stringency? number [0, 1]
---@field cert_cost? number M$
---@field compliance_cost? number M$/yr
---@field compliance_share? number [0, 1/elasticity)
---@field review_months? number
---@field audit_rate? number probability/yr
---@field fine_share? number
---@field fine_min? number M$
---@field suspension_months? number
---@field detection? number probability/yr
---@field label_premium? number
---@field startup_rate? number startups/yr
---@field transition_months? number
---@field assessment_noise? number sd of the measured safety score in reviews and audits (0: exact)
---@field enforcement? number probability/yr that a developer serving the binding market uncertified is caught
---@field regulated_share? number [0, 1] share of the market's spending in the regulated segment (the rest: the open segment; default 1, fixed during a run)
---@field users? number million people using AI products at t = 0 (0: no exposure)
---@field user_growth? number growth/yr of users
---@field venture_funding? number M$/yr at t = 0 (grows with the market; 0: none)
---@field setup_cost? number M$: one-off cost of meeting the requirement set the first time, paid with the fee (0: none)
---@field sandbox_months? number months: startups younger than this may serve the binding regulated segment uncertified, then have transition_months to be certified (0: no sandbox)

---@param spec accord.JurisdictionSpec
---@return accord.JurisdictionSpec
function jurisdiction(spec) end

---@class accord.PopulationSpec
---@field kind accord.Kind
---@field home? string
---@field count? integer
---@field total? integer with shares
---@field shares? table<string, number>
---@field capital? accord.DistLike
---@field capability? accord.DistLike
---@field safety? accord.DistLike
---@field invest_rate? accord.DistLike
---@field safety_share? accord.DistLike
---@field horizon? accord.DistLike
---@field opex? accord.DistLike
---@field phi_min? accord.DistLike
---@field law_abiding? number [0, 1] chance a developer never serves a binding market uncertified (default 1)

---@param spec accord.PopulationSpec
---@return accord.PopulationSpec
function population(spec) end

---@class accord.RecognitionSpec
---@field to string
---@field from string
---@field mode? "assessment"|"equivalence"
---@field fee? number M$ (default 10 % of to's cert_cost)
---@field review_months? number (default 1)
---@field voluntary? boolean also where `to` is not binding: a certificate of `from` earns to's voluntary certificate on this path (default true; false: binding markets only, v1.2)
---@field mutual? boolean

---@param spec accord.RecognitionSpec
---@return accord.RecognitionSpec
function recognize(spec) end

---@class accord.BlocSpec
---@field id string
---@field members string[]
---@field standard? accord.Standard
---@field cert_cost? number
---@field review_months? number

---@param spec accord.BlocSpec
---@return accord.BlocSpec
function bloc(spec) end

---@class accord.ShareSpec
---@field from string
---@field to string
---@field lag_months? number
---@field mutual? boolean
---@field active? boolean

---@param spec accord.ShareSpec
---@return accord.ShareSpec
function share(spec) end

---@class accord.Incident
---@field step integer
---@field year number
---@field developer integer
---@field severity number
---@field detected_by string a jurisdiction id or "self"
---@field lag number steps since it emerged
---@field harm number M$ so far
---@field exposure number million user-months so far

---@class accord.Event
---@field step integer
---@field type accord.EventType
---@field developer? integer
---@field jurisdiction? string
---@field path? accord.Path
---@field value number
---@field lag number
---@field harm number
---@field exposure number million user-months so far (incident, awareness, patch; else 0)
---@field detail? string

---@class accord.ScenarioSpec
---@field name? string default: the file's name; results go to results/<name>/
---@field description? string
---@field years? number (0, 200]
---@field steps_per_year? integer [1, 365]
---@field productivity_shape? number (0, 100], above elasticity - 1
---@field audit_detect? number [0, 1]
---@field upstream_prob? number [0, 1]
---@field open_upstream_share? number [0, 1]
---@field license_share? number [0, 1)
---@field value_per_revenue? number M$ per M$
---@field exit_months? number [1, 120]
---@field reentry_months? number [0, 120]
---@field rejection_months? number [0, 120]
---@field sme_revenue? number M$/yr: the SME fine rule's revenue ceiling (with fine.sme_by_revenue)
---@field jurisdictions? accord.JurisdictionSpec[]
---@field populations? accord.PopulationSpec[]
---@field recognition? accord.RecognitionSpec[]
---@field blocs? accord.BlocSpec[]
---@field sharing? accord.ShareSpec[]
---@field policies? (fun(world: accord.World))[]|fun(world: accord.World)
---@field events? { year?: number, step?: integer, run: fun(world: accord.World) }[] a list, even of one event
---@field on_incident? fun(world: accord.World, incident: accord.Incident)
---@field on_step_end? fun(world: accord.World)
---@field developer_rule? fun(world: accord.World, devs: accord.Developers)
---@field model? fun(): table<string, number>
---@field tables? table<string, fun(): { columns: string[], rows: (number|string)[][] }>
---@field market? { elasticity?: number }
---@field rd? { capability_gain?: number, safety_gain?: number, returns?: number, erosion?: number }
---@field upgrade? { max_share?: number, speed?: number, when_failing?: boolean }
---@field risk? { base_hazard?: number, capability_exponent?: number, severity_mu?: number, severity_sigma?: number, inherit_prob?: number, harm_per_revenue?: number, harm_per_user_month?: number, self_detect?: number, patch_months?: number, patch_sigma?: number }
---@field rep? { loss?: number, recovery?: number, caught_loss?: number }
---@field assessment? { apply_min?: number }
---@field fine? { sme_by_revenue?: boolean }
---@field order? { catch_up_first?: boolean }
---@field compliance? { per_market?: boolean } true (default here): f and the set-up per market (v1.2); false: per requirement set
---@field learning? { imitation_rate?: number, beta?: number, mutation?: number }
---@field funding? { max_age?: number, reach?: number, concentration?: number, max_share?: number, open_source_share?: number }

---@param spec accord.ScenarioSpec
---@return accord.ScenarioSpec
function scenario(spec) end

---@class accord.Lib
---@field version string
accord = {}

---Mark a per-developer rule: f(world, dev) is called for every live developer.
---@param f fun(world: accord.World, dev: accord.Developer)
---@return fun(world: accord.World, devs: accord.Developers)
function accord.per_developer(f) end

---@class accord.FieldSpec
---@field name string as in a scenario: "stringency", "risk.base_hazard"
---@field type "number"|"integer"|"boolean"
---@field default number|boolean
---@field min? number (not for booleans)
---@field max? number (not for booleans; math.huge when unbounded)
---@field unit string
---@field doc string
---@field basis "sourced"|"derived"|"assumption" of the default
---@field source string source ids of data/sources.csv ("S01;S02"), or "A" (assumption)

---The fields `accord fields` lists, in order: of a jurisdiction, model-wide, or
---of a population (besides the distributions). `default` is the default in
---force: data/world.csv's (model-wide), the preset of `id` in data/regimes.csv
---(jurisdiction; the generic preset without `id` or for an id without one).
---@param group "jurisdiction"|"scenario"|"population"
---@param id? string a jurisdiction id (group "jurisdiction" only)
---@return accord.FieldSpec[]
function accord.fields(group, id) end

---A new table of the preset `id` of data/regimes.csv: `name` and every field
---the file gives (booleans for `binding`). Raises for an unknown id.
---@param id string "eu", "us", "jp", "uk", "cn", "kr", "sg" or "generic"
---@return table<string, number|boolean|string>
function accord.preset(id) end

---The preset ids of data/regimes.csv in the file's order ("generic" last).
---@return string[]
function accord.preset_ids() end

---A new table of data/world.csv's model-wide values by dotted field name.
---@return table<string, number|boolean>
function accord.world() end

-- ---- the world object -------------------------------------------------------------

---@alias accord.Segment "regulated"|"open"

---@class accord.Filter
---@field kind? accord.Kind
---@field home? string
---@field market? string
---@field state? accord.MarketState|"present"|"any"
---@field segment? accord.Segment state in this segment (default "regulated")
---@field certified? boolean
---@field vulnerable? boolean
---@field alive? boolean|"any"

---@class accord.Stats
---@field count integer
---@field sum number
---@field mean? number
---@field min? number
---@field max? number

---@class accord.World
local World = {}

---@return integer step being run (1-based)
function World:step() end
---@return number time at the end of this step, years
function World:year() end
---@return integer
function World:steps() end
---@return number
function World:years() end
---@return number
function World:steps_per_year() end

---@param message any
function World:log(message) end
---A row of custom.csv; each name at most once per step (a second record raises).
---The last value recorded is the metric's outcome (sweeps, compare); a summary
---outcome's name (harm, harm_eu, ...) is refused.
---@param name string a-z, 0-9, _
---@param value number finite
---@param opts? {unit?: string, doc?: string} what the metric is (manifest "metrics"); unit at most 31 bytes, doc 239
function World:record(name, value, opts) end

---@return string[]
function World:jurisdictions() end
---@param id string
---@return table fields plus id, name, bloc
function World:jurisdiction(id) end
---@param id string
---@param field string a field of `accord fields`, or "id", "name"
---@return number|boolean|string
function World:get(id, field) end
---Change a field now (the value it already has: no change, no event); id and name are read-only.
---@param id string
---@param field string
---@param value number|boolean numbers for numeric fields, true/false for binding
function World:set(id, field, value) end
---@param name string e.g. "risk.base_hazard"
---@return number|boolean
function World:param(name) end
---@param name string
---@param value number|boolean
function World:set_param(name, value) end

---@param spec accord.RecognitionSpec
function World:recognize(spec) end
---@param spec { to: string, from: string, mutual?: boolean }
function World:unrecognize(spec) end
---@param to string
---@param from string
---@return "assessment"|"equivalence"|nil
function World:recognition(to, from) end

---@param spec accord.BlocSpec
function World:bloc(spec) end
---@param id string
---@param standard accord.Standard
function World:set_bloc_standard(id, standard) end
---@param id string
---@return number
function World:bloc_standard(id) end
---@return string[]
function World:blocs() end
---@param id string
---@return string[]
function World:bloc_members(id) end

---@param spec accord.ShareSpec
function World:share(spec) end
---@param spec { from: string, to: string, mutual?: boolean }
function World:suspend_sharing(spec) end
---@param spec { from: string, to: string, mutual?: boolean }
function World:restore_sharing(spec) end
---@param from string
---@param to string
---@return { active: boolean, lag_months: number }|nil
function World:sharing(from, to) end

---@param dev integer
---@param severity number > 0
---@param patchable? boolean default true
function World:inject_vulnerability(dev, severity, patchable) end

---@return integer developers ever created
function World:ndev() end
---@param dev integer
---@param attr accord.Attribute
---@return any
function World:dev(dev, attr) end
---@param dev integer
---@param attr accord.Attribute
---@param value number|integer|nil
function World:set_dev(dev, attr, value) end
---@param dev integer
---@param id string
---@param segment? accord.Segment default "regulated" (the open segment is absent, deployed or suspended)
---@return accord.MarketState
function World:market(dev, id, segment) end
---@param dev integer
---@param id string
---@return accord.Path|nil
function World:certified(dev, id) end
---@param filter? accord.Filter
---@return integer
function World:count(filter) end
---@param attr accord.Attribute
---@param filter? accord.Filter
---@return number
function World:sum(attr, filter) end
---@param attr accord.Attribute
---@param filter? accord.Filter
---@return number|nil
function World:mean(attr, filter) end
---@param attr accord.Attribute
---@param filter? accord.Filter
---@return accord.Stats
function World:stats(attr, filter) end
---@param filter? accord.Filter
---@return integer[]
function World:developers(filter) end

---@param id? string a jurisdiction id or "all"
---@return table<accord.Metric|"step"|"year", number>
function World:metrics(id) end
---@param id string|"all"
---@param column accord.Metric
---@return number
function World:metric(id, column) end
--- The run's summary so far, by the names of summary.csv: the same for every
--- world (revenue, harm, top10_share, ...), then per jurisdiction id harm_<id>,
--- exposure_<id>, revenue_<id>, fines_<id>, rejections_<id>, revenue_home_<id>.
--- An empty value (startup_survival_5y before every first-year startup is five
--- years old) is NaN.
---@return table<string, number>
function World:summary() end
---@param type accord.EventType
---@param filter? { step?: integer, kind?: accord.Kind, home?: string, jurisdiction?: string }
---@return accord.Event[]
function World:events(type, filter) end

-- ---- developer rules ------------------------------------------------------------------

---The per-step rule's developers: columns indexed by position k = 1..n; methods take ids.
---@class accord.Developers
---@field n integer
---@field id integer[]
---@field kind accord.Kind[]
---@field home string[]
---@field alive boolean[]
---@field capital number[]
---@field productivity number[]
---@field capability number[]
---@field safety number[]
---@field invest_rate number[]
---@field safety_share number[]
---@field safety_share0 number[]
---@field horizon number[]
---@field opex number[]
---@field reputation number[]
---@field upstream (integer|false)[]
---@field revenue_12m number[]
---@field profit_12m number[]
---@field live_vuln number[]
---@field step_revenue number[]
---@field step_investment number[]
---@field funding_received number[]
local Developers = {}
---@param name accord.Attribute
---@return any[]
function Developers:column(name) end
---@param id string
---@return accord.MarketState[]
function Developers:states(id) end
---@param dev integer
---@param name accord.Attribute
---@return any
function Developers:get(dev, name) end
---@param dev integer
---@param name accord.Attribute
---@param value any
function Developers:set(dev, name, value) end
---@param dev? integer nil: every developer not yet decided
function Developers:decide(dev) end
---@param dev integer
---@param id string
---@param path? accord.ApplyPath
---@return boolean ok
---@return string? reason
function Developers:apply(dev, id, path) end
---@param dev integer
---@param id string
---@param segment? accord.Segment leave only this segment (default: both)
---@return boolean ok
---@return string? reason
function Developers:exit(dev, id, segment) end
---@param dev integer
---@param id string
---@param segment? accord.Segment default "regulated"
---@return accord.MarketState
function Developers:market(dev, id, segment) end
---@param dev integer
---@param id string
---@return accord.Path|nil
function Developers:certified(dev, id) end
---E_ij against the snapshot taken when the phase began (the others' demand weights), with dev's own now.
---@param dev integer
---@param id string
---@param certified? boolean
---@return number M$/yr
function Developers:entry_value(dev, id, certified) end

---The per-developer rule's proxy (valid only during its call).
---@class accord.Developer
---@field id integer
---@field kind accord.Kind
---@field home string
---@field alive boolean
---@field capital number
---@field productivity number
---@field capability number
---@field safety number
---@field invest_rate number
---@field safety_share number
---@field safety_share0 number
---@field horizon number
---@field opex number
---@field reputation number
---@field upstream integer|nil
---@field revenue_12m number
---@field profit_12m number
---@field live_vuln number
---@field step_revenue number
---@field step_investment number
---@field funding_received number
local Developer = {}
function Developer:decide() end
---@param id string
---@param path? accord.ApplyPath
---@return boolean ok
---@return string? reason
function Developer:apply(id, path) end
---@param id string
---@param segment? accord.Segment leave only this segment (default: both)
---@return boolean ok
---@return string? reason
function Developer:exit(id, segment) end
---@param id string
---@param segment? accord.Segment default "regulated"
---@return accord.MarketState
function Developer:market(id, segment) end
---@param id string
---@return accord.Path|nil
function Developer:certified(id) end
---@param id string
---@param certified? boolean
---@return number
function Developer:entry_value(id, certified) end
