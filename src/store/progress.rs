//! GCoM progress in the store: the pillars and phases, the ledger's entries, each city's
//! commitment and compliance badge, plan measures, and the writes that change several entries
//! at once (the ledger form, a spreadsheet import, a city editor's proposals) in one transaction,
//! each entry with its revision.

use sqlx::FromRow;

use super::records::{Change, StoredRecord, WriteError, create_in, snapshot, update_in};
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
            "SELECT m.id, m.slug, m.name, m.ubigeo, m.department, m.supported_by_strategy,
                m.gcom_commitment_date, m.gcom_commitment_source,
                (SELECT COUNT(*) FROM badges b
                   WHERE b.municipality_id = m.id AND b.kind = 'compliance') AS compliance_badges,
                (SELECT MAX(b.year) FROM badges b
                   WHERE b.municipality_id = m.id AND b.kind = 'compliance') AS compliance_year,
                m.row_version
             FROM municipalities m WHERE {condition} ORDER BY m.search_name"
        );
        let mut query = sqlx::query_as(&sql);
        if let Some(id) = id {
            query = query.bind(id);
        }
        Ok(query.fetch_all(self.pool()).await?)
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
