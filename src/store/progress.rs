//! GCoM progress in the store: the pillars and phases, the ledger's entries, each city's
//! commitment and compliance badge, plan measures, and the writes that change several entries
//! at once (the ledger form, a spreadsheet import, a city editor's proposals) in one transaction,
//! each entry with its revision.

use sqlx::FromRow;

use super::records::{Change, StoredRecord, WriteError, create_in, snapshot, update_in};
use super::sql::{Arg, Conditions};
use super::{Store, StoreResult, now_timestamp};
use crate::catalogue::{MUNICIPALITIES, PROGRESS_ENTRIES, Record, RecordType, Value};

#[derive(Debug, Clone, FromRow)]
pub struct Pillar {
    pub id: i64,
    pub code: String,
    pub name_es: String,
    pub name_en: String,
    pub description_es: String,
    pub description_en: String,
    pub badge_kind: Option<String>,
    pub counts_for_compliance: i64,
    pub position: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct Phase {
    pub id: i64,
    pub pillar_id: i64,
    pub code: String,
    pub name_es: String,
    pub name_en: String,
    pub description_es: String,
    pub description_en: String,
    pub deadline_years: Option<i64>,
    pub deadline_basis_es: Option<String>,
    pub deadline_basis_en: Option<String>,
    pub position: i64,
}

/// The GCoM journey as the store holds it: pillars in order, and every phase in pillar order.
#[derive(Debug, Clone, Default)]
pub struct Framework {
    pub pillars: Vec<Pillar>,
    pub phases: Vec<Phase>,
}

impl Framework {
    pub fn pillar(&self, id: i64) -> Option<&Pillar> {
        self.pillars.iter().find(|p| p.id == id)
    }

    pub fn phases_of(&self, pillar_id: i64) -> impl Iterator<Item = &Phase> {
        self.phases.iter().filter(move |p| p.pillar_id == pillar_id)
    }

    /// Whether completing `phase` is part of compliance (its pillar counts).
    pub fn counts_for_compliance(&self, phase: &Phase) -> bool {
        self.pillar(phase.pillar_id)
            .is_some_and(|p| p.counts_for_compliance != 0)
    }

    /// The phase a spreadsheet names by pillar and phase codes.
    pub fn phase_by_codes(&self, pillar: &str, phase: &str) -> Option<&Phase> {
        let pillar = self.pillars.iter().find(|p| p.code == pillar)?;
        self.phases_of(pillar.id).find(|p| p.code == phase)
    }
}

/// One entry of the ledger.
#[derive(Debug, Clone, FromRow)]
pub struct ProgressEntry {
    pub id: i64,
    pub municipality_id: i64,
    pub phase_id: i64,
    pub status: String,
    pub reporting_year: Option<i64>,
    pub platform: Option<String>,
    pub evidence_url: Option<String>,
    pub note_es: Option<String>,
    pub note_en: Option<String>,
    /// When and by whom it was last recorded.
    pub updated_at: String,
    pub updated_by: String,
    pub row_version: i64,
}

impl ProgressEntry {
    /// The entry as the values of a `PROGRESS_ENTRIES` record (what a form or an import
    /// compares with).
    pub fn values(&self) -> Record {
        let mut values = Record::new();
        let text = |v: &Option<String>| v.clone().map_or(Value::Null, Value::Text);
        values.set("municipality_id", Value::Integer(self.municipality_id));
        values.set("phase_id", Value::Integer(self.phase_id));
        values.set("status", Value::Text(self.status.clone()));
        values.set(
            "reporting_year",
            self.reporting_year.map_or(Value::Null, Value::Integer),
        );
        values.set("platform", text(&self.platform));
        values.set("evidence_url", text(&self.evidence_url));
        values.set("note_es", text(&self.note_es));
        values.set("note_en", text(&self.note_en));
        values
    }
}

/// A municipality as the progress pages need it: who, where, its commitment, its recorded
/// compliance badge.
#[derive(Debug, Clone, FromRow)]
pub struct ProgressCity {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub ubigeo: Option<String>,
    pub department: String,
    pub supported_by_strategy: i64,
    pub gcom_commitment_date: Option<String>,
    pub gcom_commitment_source: Option<String>,
    /// How many compliance badges are recorded for it (0 or 1 in practice).
    pub compliance_badges: i64,
    /// The latest year among them.
    pub compliance_year: Option<i64>,
    pub row_version: i64,
}

/// A recorded badge of a city, as the derivations compare it with the ledger.
#[derive(Debug, Clone, FromRow)]
pub struct RecordedBadge {
    pub municipality_id: i64,
    pub kind: String,
    pub year: Option<i64>,
}

/// A plan's measure with the plan's city.
#[derive(Debug, Clone, FromRow)]
pub struct Measure {
    pub id: i64,
    pub plan_id: i64,
    pub municipality_id: i64,
    pub title_es: String,
    pub title_en: String,
    pub pillar_id: Option<i64>,
    pub sector: Option<String>,
    pub pei_action: Option<String>,
    pub poi_activity: Option<String>,
    pub poi_year: Option<i64>,
    pub budget_year: Option<i64>,
    pub budget_amount: Option<i64>,
    pub budget_programme: Option<String>,
}

/// A plan as the progress pages show it: Peru's type, the approving ordinance, the horizon.
#[derive(Debug, Clone, FromRow)]
pub struct PlanRecord {
    pub id: i64,
    pub municipality_id: i64,
    pub status: String,
    pub plan_type: Option<String>,
    pub year: Option<i64>,
    pub approval_instrument: Option<String>,
    pub approval_date: Option<String>,
    pub horizon_start: Option<i64>,
    pub horizon_end: Option<i64>,
    pub document_slug: Option<String>,
    pub document_title_es: Option<String>,
    pub document_title_en: Option<String>,
    pub inferred: i64,
}

/// The national roll-up of plan measures in municipal planning and budget.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BudgetRollup {
    pub measures: i64,
    pub municipalities_with_measures: i64,
    pub municipalities_in_pei: i64,
    pub municipalities_in_poi: i64,
    pub municipalities_in_budget: i64,
    /// (year, total in soles, measures), by year.
    pub by_year: Vec<(i64, i64, i64)>,
}

/// One entry to write: the phase's new values (a `PROGRESS_ENTRIES` record) and, when the entry
/// exists, its id and the version the change was made on.
#[derive(Debug, Clone)]
pub struct EntryWrite {
    pub values: Record,
    pub existing: Option<(i64, i64)>,
}

/// A municipality's commitment date and its source, changed on a version of the municipality.
#[derive(Debug, Clone)]
pub struct CommitmentWrite {
    pub date: Option<String>,
    pub source: Option<String>,
    pub expected_version: i64,
}

/// Which cities the board lists (`/progress`, the API's progress): the place filters, and the
/// deadline filter, which depends on each city's phases as of a day.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BoardQuery {
    pub supported: Option<bool>,
    pub department: Option<String>,
    /// Only cities with a shown phase in this deadline state.
    pub deadline: Option<DeadlineQuery>,
}

/// The deadline filter in the store's terms: the state's code, and for each phase shown the
/// commitment dates that separate its states on the day asked (see
/// `domain::progress::commitment_bounds`); a phase without a deadline has no bounds.
#[derive(Debug, Clone, PartialEq)]
pub struct DeadlineQuery {
    pub state: &'static str,
    pub phases: Vec<PhaseBounds>,
}

/// For one phase: an undelivered phase is overdue for a commitment before `overdue_before`,
/// due soon before `on_track_from`, on track from it (dates as stored, "2023-05-31").
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseBounds {
    pub phase_id: i64,
    pub overdue_before: String,
    pub on_track_from: String,
}

/// A badge the ledger supports for a city that has none of its kind recorded.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct LedgerBadge {
    pub slug: String,
    pub name: String,
    pub kind: String,
    /// The latest reporting year of the phases it rests on.
    pub year: Option<i64>,
}

/// Badges the ledger supports, by city, where no badge of the kind is recorded: a pillar's
/// badge where a phase of it is awarded (`pillar_badge_from_ledger`), compliance where every
/// phase of the pillars that count is recorded validated or awarded
/// (`compliance_from_ledger`); the year is the latest of those phases'. Ordered by city name
/// and then kind as `BadgeKind::ALL` lists them. (Two pillars sharing a badge kind would pool
/// their years; the GCoM's pillars do not share one.)
const LEDGER_BADGES_FROM: &str = "FROM (
        SELECT e.municipality_id, pl.badge_kind AS kind, MAX(e.reporting_year) AS year
        FROM progress_entries e
        JOIN phases ph ON ph.id = e.phase_id
        JOIN pillars pl ON pl.id = ph.pillar_id
        WHERE e.status = 'awarded' AND pl.badge_kind IS NOT NULL
        GROUP BY e.municipality_id, pl.badge_kind
        UNION ALL
        SELECT e.municipality_id, 'compliance', MAX(e.reporting_year)
        FROM progress_entries e
        JOIN phases ph ON ph.id = e.phase_id
        JOIN pillars pl ON pl.id = ph.pillar_id
        WHERE pl.counts_for_compliance = 1 AND e.status IN ('validated', 'awarded')
        GROUP BY e.municipality_id
        HAVING COUNT(*) = (SELECT COUNT(*) FROM phases cph
                           JOIN pillars cpl ON cpl.id = cph.pillar_id
                           WHERE cpl.counts_for_compliance = 1)
     ) d
     JOIN municipalities m ON m.id = d.municipality_id
     WHERE NOT EXISTS (SELECT 1 FROM badges b
                       WHERE b.municipality_id = d.municipality_id AND b.kind = d.kind)";

/// The rows of every (municipality, phase `ph`) pair, from `municipalities {city}`: with
/// `{city}_c.id` set when the city holds a compliance badge, the phase's pillar `pl` and the
/// ledger's entry `e` when one is recorded. Joins, not a subquery per row, so both stores
/// hash them (and Postgres does not think it worth compiling).
fn city_phases(city: &str) -> String {
    format!(
        "FROM municipalities {city}
         LEFT JOIN (SELECT DISTINCT municipality_id AS id FROM badges
                    WHERE kind = 'compliance') {city}_c ON {city}_c.id = {city}.id
         CROSS JOIN phases ph
         JOIN pillars pl ON pl.id = ph.pillar_id
         LEFT JOIN progress_entries e ON e.municipality_id = {city}.id AND e.phase_id = ph.id"
    )
}

/// The code a phase of a city shows (`PhaseStanding::code`), in SQL over `city_phases(city)`:
/// the rule of `domain::progress::phase_standing` — a recorded status wins; else a compliance
/// badge implies the phases of the pillars that count for compliance; else not recorded. A
/// test compares it with the rule on a synthetic store.
fn standing(city: &str) -> String {
    format!(
        "CASE
            WHEN e.status IS NOT NULL AND e.status <> 'not_recorded' THEN e.status
            WHEN pl.counts_for_compliance = 1 AND {city}_c.id IS NOT NULL THEN 'implied'
            ELSE 'not_recorded' END"
    )
}

/// The codes of a delivered phase (`PhaseStanding::is_delivered`).
const DELIVERED: &str = "('reported', 'validated', 'awarded', 'implied')";

/// A municipality as the progress pages read it (`ProgressCity`), from a source named `m`.
const PROGRESS_CITY_SELECT: &str = "SELECT m.id, m.slug, m.name, m.ubigeo, m.department,
        m.supported_by_strategy, m.gcom_commitment_date, m.gcom_commitment_source,
        (SELECT COUNT(*) FROM badges b
           WHERE b.municipality_id = m.id AND b.kind = 'compliance') AS compliance_badges,
        (SELECT MAX(b.year) FROM badges b
           WHERE b.municipality_id = m.id AND b.kind = 'compliance') AS compliance_year,
        m.row_version";

const ENTRY_SELECT: &str = "SELECT id, municipality_id, phase_id, status, reporting_year,
        platform, evidence_url, note_es, note_en, updated_at, updated_by, row_version
     FROM progress_entries";

const MEASURE_SELECT: &str = "SELECT ms.id, ms.plan_id, p.municipality_id, ms.title_es,
        ms.title_en, ms.pillar_id, ms.sector, ms.pei_action, ms.poi_activity, ms.poi_year,
        ms.budget_year, ms.budget_amount, ms.budget_programme
     FROM plan_measures ms JOIN plans p ON p.id = ms.plan_id";

/// A plan with Peru's type, ordinance, horizon and its published document.
const PLAN_RECORD_SELECT: &str = "SELECT p.id, p.municipality_id, p.status, p.plan_type, p.year,
        p.approval_instrument, p.approval_date, p.horizon_start, p.horizon_end,
        d.slug AS document_slug, d.title_es AS document_title_es,
        d.title_en AS document_title_en, p.inferred
     FROM plans p LEFT JOIN documents d ON d.id = p.document_id AND d.status = 'published'";

impl Store {
    /// The pillars and phases, in order.
    pub async fn framework(&self) -> StoreResult<Framework> {
        let pillars = sqlx::query_as(
            "SELECT id, code, name_es, name_en, description_es, description_en, badge_kind,
                counts_for_compliance, position
             FROM pillars ORDER BY position, id",
        )
        .fetch_all(self.pool())
        .await?;
        let phases = sqlx::query_as(
            "SELECT ph.id, ph.pillar_id, ph.code, ph.name_es, ph.name_en, ph.description_es,
                ph.description_en, ph.deadline_years, ph.deadline_basis_es, ph.deadline_basis_en,
                ph.position
             FROM phases ph JOIN pillars pl ON pl.id = ph.pillar_id
             ORDER BY pl.position, pl.id, ph.position, ph.id",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(Framework { pillars, phases })
    }

    /// The ledger's entries, of one municipality or of all.
    pub async fn progress_entries(
        &self,
        municipality_id: Option<i64>,
    ) -> StoreResult<Vec<ProgressEntry>> {
        Ok(sqlx::query_as(&format!(
            "{ENTRY_SELECT} WHERE ($1 IS NULL OR municipality_id = $1)
             ORDER BY municipality_id, phase_id"
        ))
        .bind(municipality_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// Every municipality with its commitment and recorded compliance badge, by name.
    pub async fn progress_cities(&self) -> StoreResult<Vec<ProgressCity>> {
        self.progress_cities_where("1 = 1", None).await
    }

    pub async fn progress_city(&self, municipality_id: i64) -> StoreResult<Option<ProgressCity>> {
        Ok(self
            .progress_cities_where("m.id = $1", Some(municipality_id))
            .await?
            .pop())
    }

    async fn progress_cities_where(
        &self,
        condition: &str,
        id: Option<i64>,
    ) -> StoreResult<Vec<ProgressCity>> {
        let sql = format!(
            "{PROGRESS_CITY_SELECT} FROM municipalities m WHERE {condition}
             ORDER BY m.search_name, m.id"
        );
        let mut query = sqlx::query_as(&sql);
        if let Some(id) = id {
            query = query.bind(id);
        }
        Ok(query.fetch_all(self.pool()).await?)
    }

    /// The first `limit` badges the ledger supports without a recorded badge of their kind
    /// (see `LEDGER_BADGES_FROM`), and how many there are in all.
    pub async fn ledger_badges(&self, limit: usize) -> StoreResult<(Vec<LedgerBadge>, i64)> {
        // The total rides on every row (a window count, taken before the LIMIT): one pass
        // over the ledger instead of two.
        let rows: Vec<(String, String, String, Option<i64>, i64)> = sqlx::query_as(&format!(
            "SELECT slug, name, kind, year, total FROM (
                 SELECT m.slug, m.name, d.kind, d.year, m.search_name, m.id AS municipality,
                     COUNT(*) OVER () AS total
                 {}
             ) found
             ORDER BY search_name, municipality, CASE kind WHEN 'mitigation' THEN 1
                 WHEN 'adaptation' THEN 2 WHEN 'energy' THEN 3 ELSE 4 END
             LIMIT $1",
            LEDGER_BADGES_FROM
        ))
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(self.pool())
        .await?;
        let total = rows.first().map_or(0, |row| row.4);
        let badges = rows
            .into_iter()
            .map(|(slug, name, kind, year, _)| LedgerBadge {
                slug,
                name,
                kind,
                year,
            })
            .collect();
        Ok((badges, total))
    }

    /// How many cities the board lists with these filters.
    pub async fn board_count(&self, query: &BoardQuery) -> StoreResult<usize> {
        let conditions = board_conditions(query);
        let sql = format!(
            "SELECT COUNT(*) FROM municipalities m {}",
            conditions.where_sql()
        );
        let count: i64 = sqlx::query_scalar_with(&sql, conditions.arguments())
            .fetch_one(self.pool())
            .await?;
        Ok(usize::try_from(count).unwrap_or(0))
    }

    /// One page of the board's cities, by name: `limit` from `offset`.
    pub async fn board_cities(
        &self,
        query: &BoardQuery,
        limit: usize,
        offset: usize,
    ) -> StoreResult<Vec<ProgressCity>> {
        let mut conditions = board_conditions(query);
        let limit = conditions.param(Arg::Int(i64::try_from(limit).unwrap_or(i64::MAX)));
        let offset = conditions.param(Arg::Int(i64::try_from(offset).unwrap_or(i64::MAX)));
        // The page is chosen first, so the badge subqueries run for its rows only (Postgres
        // would work them out for every row an OFFSET skips).
        let sql = format!(
            "{PROGRESS_CITY_SELECT}
             FROM (SELECT * FROM municipalities m {} ORDER BY m.search_name, m.id
                   LIMIT {limit} OFFSET {offset}) m
             ORDER BY m.search_name, m.id",
            conditions.where_sql()
        );
        Ok(sqlx::query_as_with(&sql, conditions.arguments())
            .fetch_all(self.pool())
            .await?)
    }

    /// How many of the board's cities stand at each code of each phase in `phases`:
    /// (phase id, code, count), counted in the store rather than by reading every city.
    pub async fn board_standing_counts(
        &self,
        query: &BoardQuery,
        phases: &[i64],
    ) -> StoreResult<Vec<(i64, String, i64)>> {
        if phases.is_empty() {
            return Ok(Vec::new());
        }
        let mut conditions = board_conditions(query);
        let ids = conditions.id_list(phases);
        let sql = format!(
            "SELECT ph.id, {}, COUNT(*) {}
             WHERE {} AND ph.id IN ({ids})
             GROUP BY 1, 2",
            standing("m"),
            city_phases("m"),
            conditions.and_sql()
        );
        Ok(sqlx::query_as_with(&sql, conditions.arguments())
            .fetch_all(self.pool())
            .await?)
    }

    /// How many municipalities there are, and how many have a commitment date recorded.
    pub async fn board_totals(&self) -> StoreResult<(usize, usize)> {
        let (total, committed): (i64, i64) =
            sqlx::query_as("SELECT COUNT(*), COUNT(gcom_commitment_date) FROM municipalities")
                .fetch_one(self.pool())
                .await?;
        Ok((
            usize::try_from(total).unwrap_or(0),
            usize::try_from(committed).unwrap_or(0),
        ))
    }

    /// The ledger's entries of the municipalities `ids` (a page of the board).
    pub async fn progress_entries_of(&self, ids: &[i64]) -> StoreResult<Vec<ProgressEntry>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut conditions = Conditions::new();
        let ids = conditions.id_list(ids);
        let sql = format!(
            "{ENTRY_SELECT} WHERE municipality_id IN ({ids}) ORDER BY municipality_id, phase_id"
        );
        Ok(sqlx::query_as_with(&sql, conditions.arguments())
            .fetch_all(self.pool())
            .await?)
    }

    /// The recorded badges of the municipalities `ids`.
    pub async fn recorded_badges_of(&self, ids: &[i64]) -> StoreResult<Vec<RecordedBadge>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut conditions = Conditions::new();
        let ids = conditions.id_list(ids);
        let sql = format!(
            "SELECT municipality_id, kind, year FROM badges
             WHERE municipality_id IN ({ids}) ORDER BY municipality_id, kind, year"
        );
        Ok(sqlx::query_as_with(&sql, conditions.arguments())
            .fetch_all(self.pool())
            .await?)
    }

    /// Every recorded badge, or one municipality's.
    pub async fn recorded_badges(
        &self,
        municipality_id: Option<i64>,
    ) -> StoreResult<Vec<RecordedBadge>> {
        Ok(sqlx::query_as(
            "SELECT municipality_id, kind, year FROM badges
             WHERE ($1 IS NULL OR municipality_id = $1) ORDER BY municipality_id, kind, year",
        )
        .bind(municipality_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// The plans of a municipality with Peru's type, ordinance, horizon and document.
    pub async fn plan_records_of(&self, municipality_id: i64) -> StoreResult<Vec<PlanRecord>> {
        Ok(sqlx::query_as(&format!(
            "{PLAN_RECORD_SELECT} WHERE p.municipality_id = $1 ORDER BY p.id"
        ))
        .bind(municipality_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// Every plan with Peru's type, ordinance, horizon and document (the plans' CSV).
    pub async fn all_plan_records(&self) -> StoreResult<Vec<PlanRecord>> {
        Ok(
            sqlx::query_as(&format!("{PLAN_RECORD_SELECT} ORDER BY p.id"))
                .fetch_all(self.pool())
                .await?,
        )
    }

    /// The measures of a municipality's plans, in plan order.
    pub async fn measures_of(&self, municipality_id: i64) -> StoreResult<Vec<Measure>> {
        Ok(sqlx::query_as(&format!(
            "{MEASURE_SELECT} WHERE p.municipality_id = $1 ORDER BY ms.plan_id, ms.position, ms.id"
        ))
        .bind(municipality_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// Every plan measure, by municipality and plan order (the measures' CSV and the API).
    pub async fn all_measures(&self) -> StoreResult<Vec<Measure>> {
        Ok(sqlx::query_as(&format!(
            "{MEASURE_SELECT} JOIN municipalities m ON m.id = p.municipality_id
             ORDER BY m.search_name, ms.plan_id, ms.position, ms.id"
        ))
        .fetch_all(self.pool())
        .await?)
    }

    /// How far plan measures have reached municipal planning and budgets, nationally.
    pub async fn budget_rollup(&self) -> StoreResult<BudgetRollup> {
        let count = |condition: &str| {
            format!(
                "SELECT COUNT(DISTINCT p.municipality_id) FROM plan_measures ms
                 JOIN plans p ON p.id = ms.plan_id WHERE {condition}"
            )
        };
        let scalar = |sql: String| async move {
            sqlx::query_scalar::<_, i64>(&sql)
                .fetch_one(self.pool())
                .await
        };
        let by_year: Vec<(i64, i64, i64)> = sqlx::query_as(
            "SELECT budget_year, CAST(SUM(budget_amount) AS BIGINT), COUNT(*)
             FROM plan_measures
             WHERE budget_year IS NOT NULL AND budget_amount IS NOT NULL
             GROUP BY budget_year ORDER BY budget_year",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(BudgetRollup {
            measures: scalar("SELECT COUNT(*) FROM plan_measures".into()).await?,
            municipalities_with_measures: scalar(count("1 = 1")).await?,
            municipalities_in_pei: scalar(count("ms.pei_action IS NOT NULL")).await?,
            municipalities_in_poi: scalar(count("ms.poi_activity IS NOT NULL")).await?,
            municipalities_in_budget: scalar(count(
                "ms.budget_year IS NOT NULL AND ms.budget_amount IS NOT NULL",
            ))
            .await?,
            by_year,
        })
    }

    /// Writes progress in one transaction: a municipality's commitment (when given and changed)
    /// and each entry (created, or updated on the version it was read at), every change with
    /// its revision. A stale version refuses the whole write as an edit conflict. Returns how
    /// many records changed.
    pub async fn write_progress(
        &self,
        commitment: Option<(i64, &CommitmentWrite)>,
        entries: &[EntryWrite],
        change: Change<'_>,
    ) -> Result<usize, WriteError> {
        let mut tx = self.begin_write().await?;
        let mut changed = 0;
        if let Some((municipality_id, commitment)) = commitment {
            changed += write_commitment(&mut tx, municipality_id, commitment, change).await?;
        }
        changed += write_entries(&mut tx, entries, change).await?;
        tx.commit().await?;
        Ok(changed)
    }

    /// Stores a city editor's proposed entries in one transaction: all of them or none.
    pub async fn propose_entries(
        &self,
        municipality_id: i64,
        entries: &[EntryWrite],
        proposed_by: &str,
    ) -> StoreResult<usize> {
        let mut tx = self.begin_write().await?;
        let now = now_timestamp();
        for entry in entries {
            sqlx::query(
                "INSERT INTO proposals (municipality_id, record_type, record_id, payload_json,
                    status, proposed_by, proposed_at, base_version)
                 VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7)",
            )
            .bind(municipality_id)
            .bind(PROGRESS_ENTRIES.slug)
            .bind(entry.existing.map(|(id, _)| id))
            .bind(entry.values.to_json())
            .bind(proposed_by.to_string())
            .bind(now.clone())
            .bind(entry.existing.map(|(_, version)| version))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(entries.len())
    }

    /// One entry as stored, with its version.
    pub async fn progress_entry_record(&self, id: i64) -> StoreResult<Option<StoredRecord>> {
        let mut conn = self.pool().acquire().await?;
        Ok(snapshot(&mut conn, &PROGRESS_ENTRIES, id).await?)
    }
}

/// The conditions of the board's filters on `municipalities m`, only those set.
fn board_conditions(query: &BoardQuery) -> Conditions {
    let mut conditions = Conditions::new();
    if let Some(supported) = query.supported {
        conditions.and_equals("m.supported_by_strategy", Arg::Int(i64::from(supported)));
    }
    if let Some(department) = &query.department {
        conditions.and_equals("m.department", Arg::Text(department.clone()));
    }
    if let Some(deadline) = &query.deadline {
        if deadline.phases.is_empty() {
            // No phase shown, so no phase in any state.
            conditions.and("1 = 0");
            return conditions;
        }
        // The cities with a shown phase in the state, found once (a semi-join), not a
        // subquery per city.
        let state = deadline_state_sql(&mut conditions, &deadline.phases, "dm");
        let ids: Vec<i64> = deadline.phases.iter().map(|p| p.phase_id).collect();
        let ids = conditions.id_list(&ids);
        let wanted = conditions.param(Arg::Text(deadline.state.to_string()));
        conditions.and(format!(
            "m.id IN (SELECT dm.id {} WHERE ph.id IN ({ids}) AND {state} = {wanted})",
            city_phases("dm")
        ));
    }
    conditions
}

/// The deadline state of a phase of a city (`DeadlineState::code`) over `city_phases(city)`:
/// the rule of `domain::progress::deadline_state`, with each phase's bounds on the commitment
/// date computed for the day (a date that is not YYYY-MM-DD counts as unknown, as it does not
/// parse).
fn deadline_state_sql(conditions: &mut Conditions, phases: &[PhaseBounds], city: &str) -> String {
    let mut overdue = String::from("CASE ph.id");
    let mut on_track = String::from("CASE ph.id");
    for phase in phases {
        let id = conditions.param(Arg::Int(phase.phase_id));
        let before = conditions.param(Arg::Text(phase.overdue_before.clone()));
        overdue.push_str(&format!(" WHEN {id} THEN {before}"));
        let id = conditions.param(Arg::Int(phase.phase_id));
        let from = conditions.param(Arg::Text(phase.on_track_from.clone()));
        on_track.push_str(&format!(" WHEN {id} THEN {from}"));
    }
    overdue.push_str(" END");
    on_track.push_str(" END");
    let standing = standing(city);
    format!(
        "(CASE
            WHEN ({standing}) IN {DELIVERED} THEN 'delivered'
            WHEN ph.deadline_years IS NULL THEN 'no_deadline'
            WHEN {city}.gcom_commitment_date IS NULL
                 OR {city}.gcom_commitment_date NOT LIKE '____-__-__' THEN 'unknown'
            WHEN {city}.gcom_commitment_date < ({overdue}) THEN 'overdue'
            WHEN {city}.gcom_commitment_date < ({on_track}) THEN 'due_soon'
            ELSE 'on_track' END)"
    )
}

/// Sets a municipality's commitment date and source inside `tx` if they changed; returns
/// whether it wrote.
async fn write_commitment(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    municipality_id: i64,
    commitment: &CommitmentWrite,
    change: Change<'_>,
) -> Result<usize, WriteError> {
    let current = snapshot(tx, &MUNICIPALITIES, municipality_id)
        .await?
        .ok_or(WriteError::NotFound)?;
    let mut values = current.values.clone();
    let text = |value: &Option<String>| Value::text_or_null(value.clone().unwrap_or_default());
    values.set("gcom_commitment_date", text(&commitment.date));
    values.set("gcom_commitment_source", text(&commitment.source));
    if values == current.values {
        return Ok(0);
    }
    update_in(
        tx,
        &MUNICIPALITIES,
        municipality_id,
        commitment.expected_version,
        &values,
        change,
    )
    .await?;
    Ok(1)
}

/// Creates or updates each entry inside `tx`; returns how many were written.
async fn write_entries(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    entries: &[EntryWrite],
    change: Change<'_>,
) -> Result<usize, WriteError> {
    let kind: &'static RecordType = &PROGRESS_ENTRIES;
    for entry in entries {
        match entry.existing {
            Some((id, version)) => update_in(tx, kind, id, version, &entry.values, change).await?,
            None => {
                create_in(tx, kind, &entry.values, change).await?;
            }
        }
    }
    Ok(entries.len())
}
