//! Importing progress from a spreadsheet. First a plan: every row checked and matched against
//! the store — what it would create, update or leave unchanged, or why it is refused — with
//! nothing written. Then, only if no row is refused, the plan applied in one transaction, each
//! entry with its revision as a form save would write it.

use std::collections::{HashMap, HashSet};

use sha2::{Digest, Sha256};

use super::sheet::SheetRow;
use crate::catalogue::form::{Known, RawForm, parse};
use crate::catalogue::{PROGRESS_ENTRIES, Record};
use crate::domain::progress::PhaseStatus;
use crate::forms::{FieldErrors, WHOLE_FORM};
use crate::store::{
    Change, EntryWrite, Framework, Phase, ProgressCity, ProgressEntry, Store, StoreResult,
    WriteError,
};

/// What applying a row would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowAction {
    Create,
    Update,
    Unchanged,
    /// Why the row cannot be applied: (column, message key), one per column at most.
    Refused(Vec<Problem>),
}

impl RowAction {
    pub fn code(&self) -> &'static str {
        match self {
            RowAction::Create => "create",
            RowAction::Update => "update",
            RowAction::Unchanged => "unchanged",
            RowAction::Refused(_) => "refused",
        }
    }
}

/// One row of the file and what it would do.
#[derive(Debug, Clone)]
pub struct PlannedRow {
    pub row: SheetRow,
    /// The municipality (id, name) and the phase's id, when the row names known ones.
    pub municipality: Option<(i64, String)>,
    pub phase_id: Option<i64>,
    pub action: RowAction,
    /// What the row writes (for a create or an update).
    write: Option<EntryWrite>,
}

/// Every row of a file and what it would do.
#[derive(Debug, Clone, Default)]
pub struct ImportPlan {
    pub rows: Vec<PlannedRow>,
}

impl ImportPlan {
    /// How many rows would do each action (by `RowAction::code`).
    pub fn count(&self, code: &str) -> usize {
        self.rows.iter().filter(|r| r.action.code() == code).count()
    }

    /// Whether the file can be applied: no row refused.
    pub fn is_applicable(&self) -> bool {
        self.count("refused") == 0
    }

    /// Whether applying would change anything.
    pub fn changes_anything(&self) -> bool {
        self.rows.iter().any(|r| r.write.is_some())
    }

    /// A digest of what the plan would do, entry versions included: a preview is applied only
    /// if planning again gives the same digest (nobody changed those entries meanwhile).
    pub fn fingerprint(&self) -> String {
        let mut hash = Sha256::new();
        for row in &self.rows {
            let existing = row.write.as_ref().and_then(|w| w.existing);
            hash.update(format!(
                "{}:{}:{:?}:{:?};",
                row.row.line,
                row.action.code(),
                row.phase_id,
                existing
            ));
            if let Some(write) = &row.write {
                hash.update(write.values.to_json());
            }
        }
        hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Plans a file's rows against the store. Reads only.
pub async fn plan(store: &Store, rows: Vec<SheetRow>) -> StoreResult<ImportPlan> {
    let framework = store.framework().await?;
    let cities = store.progress_cities().await?;
    let entries = store.progress_entries(None).await?;
    Ok(plan_against(&framework, &cities, &entries, rows))
}

/// Plans rows against the store's framework, cities and ledger.
pub fn plan_against(
    framework: &Framework,
    cities: &[ProgressCity],
    entries: &[ProgressEntry],
    rows: Vec<SheetRow>,
) -> ImportPlan {
    let stored: HashMap<(i64, i64), &ProgressEntry> = entries
        .iter()
        .map(|e| ((e.municipality_id, e.phase_id), e))
        .collect();
    let mut seen: HashSet<(i64, i64)> = HashSet::new();
    let planned = rows
        .into_iter()
        .map(|row| {
            let mut planned = plan_row(framework, cities, &stored, row);
            let city = planned.municipality.as_ref().map(|(id, _)| *id);
            if let (Some(city), Some(phase)) = (city, planned.phase_id)
                && !seen.insert((city, phase))
            {
                planned.refuse("phase", "import-repeated-row");
            }
            planned
        })
        .collect();
    ImportPlan { rows: planned }
}

impl PlannedRow {
    fn refuse(&mut self, column: &'static str, key: &'static str) {
        let mut problems = match std::mem::replace(&mut self.action, RowAction::Unchanged) {
            RowAction::Refused(problems) => problems,
            _ => Vec::new(),
        };
        if !problems.iter().any(|(c, _)| *c == column) {
            problems.push((column, key));
        }
        self.action = RowAction::Refused(problems);
        self.write = None;
    }
}

/// The municipality a cell names: its slug (any case) or its UBIGEO.
fn find_city<'c>(cities: &'c [ProgressCity], cell: &str) -> Option<&'c ProgressCity> {
    let wanted = cell.trim().to_lowercase();
    cities
        .iter()
        .find(|c| c.slug == wanted || c.ubigeo.as_deref() == Some(wanted.as_str()))
}

/// A problem of a row: (column, message key).
type Problem = (&'static str, &'static str);

/// The municipality a row names, or why it names none.
fn row_city<'c>(
    cities: &'c [ProgressCity],
    row: &SheetRow,
    problems: &mut Vec<Problem>,
) -> Option<&'c ProgressCity> {
    match row.cell("municipality") {
        "" => {
            problems.push(("municipality", "import-missing-value"));
            None
        }
        cell => find_city(cities, cell).or_else(|| {
            problems.push(("municipality", "import-unknown-municipality"));
            None
        }),
    }
}

/// The phase a row names by pillar and phase codes (any case), or why it names none.
fn row_phase<'f>(
    framework: &'f Framework,
    row: &SheetRow,
    problems: &mut Vec<Problem>,
) -> Option<&'f Phase> {
    let pillar = row.cell("pillar").to_lowercase();
    let phase = row.cell("phase").to_lowercase();
    let problem = if pillar.is_empty() {
        ("pillar", "import-missing-value")
    } else if phase.is_empty() {
        ("phase", "import-missing-value")
    } else if !framework.pillars.iter().any(|p| p.code == pillar) {
        ("pillar", "import-unknown-pillar")
    } else if let Some(found) = framework.phase_by_codes(&pillar, &phase) {
        return Some(found);
    } else {
        ("phase", "import-unknown-phase")
    };
    problems.push(problem);
    None
}

/// What a row whose values are `values` does to the stored `existing` entry.
fn action_for(values: Record, existing: Option<&ProgressEntry>) -> (RowAction, Option<EntryWrite>) {
    match existing {
        None => (
            RowAction::Create,
            Some(EntryWrite {
                values,
                existing: None,
            }),
        ),
        Some(entry) if entry.values() == values => (RowAction::Unchanged, None),
        Some(entry) => (
            RowAction::Update,
            Some(EntryWrite {
                values,
                existing: Some((entry.id, entry.row_version)),
            }),
        ),
    }
}

fn plan_row(
    framework: &Framework,
    cities: &[ProgressCity],
    stored: &HashMap<(i64, i64), &ProgressEntry>,
    row: SheetRow,
) -> PlannedRow {
    let mut problems = Vec::new();
    let city = row_city(cities, &row, &mut problems);
    let phase = row_phase(framework, &row, &mut problems);
    let status = row.cell("status").to_lowercase();
    if status.is_empty() {
        problems.push(("status", "import-missing-value"));
    } else if PhaseStatus::parse(&status).is_none() {
        problems.push(("status", "import-bad-status"));
    }
    let existing = match (city, phase) {
        (Some(city), Some(phase)) => stored.get(&(city.id, phase.id)).copied(),
        _ => None,
    };
    let values = match parse_values(&row, city, phase.map(|p| p.id), &status, existing) {
        Ok(values) => Some(values),
        Err(found) => {
            for problem in found {
                if !problems.iter().any(|(c, _)| *c == problem.0) {
                    problems.push(problem);
                }
            }
            None
        }
    };
    let (action, write) = match values {
        Some(values) if problems.is_empty() => action_for(values, existing),
        _ => (RowAction::Refused(problems), None),
    };
    PlannedRow {
        municipality: city.map(|c| (c.id, c.name.clone())),
        phase_id: phase.map(|p| p.id),
        row,
        action,
        write,
    }
}

/// The spreadsheet columns of the entry's inputs, for naming problems.
const INPUT_COLUMNS: &[(&str, &str)] = &[
    ("status", "status"),
    ("reporting_year", "year"),
    ("evidence_url", "evidence_url"),
    ("note_es", "note_es"),
    ("note_en", "note_en"),
    ("platform", "status"),
];

/// The row's values checked by the ledger entry's own form rules (year range, URL, lengths,
/// control characters). The platform is not a column of the file: a stored one is kept.
fn parse_values(
    row: &SheetRow,
    city: Option<&ProgressCity>,
    phase_id: Option<i64>,
    status: &str,
    existing: Option<&ProgressEntry>,
) -> Result<Record, Vec<Problem>> {
    let mut inputs = RawForm::new();
    let id = |id: Option<i64>| id.map(|n| n.to_string()).unwrap_or_default();
    inputs.insert("municipality_id".into(), id(city.map(|c| c.id)));
    inputs.insert("phase_id".into(), id(phase_id));
    inputs.insert("status".into(), status.to_string());
    inputs.insert("reporting_year".into(), row.cell("year").to_string());
    inputs.insert("evidence_url".into(), row.cell("evidence_url").to_string());
    inputs.insert("note_es".into(), row.cell("note_es").to_string());
    inputs.insert("note_en".into(), row.cell("note_en").to_string());
    let platform = existing
        .and_then(|e| e.platform.clone())
        .unwrap_or_default();
    inputs.insert("platform".into(), platform);
    parse(&PROGRESS_ENTRIES, &inputs, &Known::default()).map_err(|errors| {
        errors
            .iter()
            // The municipality and the phase are matched by name above, with their own messages.
            .filter(|e| !matches!(e.input.as_str(), "municipality_id" | "phase_id"))
            .map(|e| {
                let column = INPUT_COLUMNS
                    .iter()
                    .find(|(input, _)| *input == e.input)
                    .map_or("status", |(_, column)| column);
                let key = if column == "year" {
                    "import-bad-year"
                } else {
                    e.key
                };
                (column, key)
            })
            .collect()
    })
}

/// Applies a plan with no refused row, in one transaction. Returns how many entries changed.
pub async fn apply(
    store: &Store,
    plan: &ImportPlan,
    change: Change<'_>,
) -> Result<usize, WriteError> {
    if !plan.is_applicable() {
        return Err(WriteError::Invalid(FieldErrors::one(
            WHOLE_FORM,
            "import-has-refused-rows",
        )));
    }
    let writes: Vec<EntryWrite> = plan.rows.iter().filter_map(|r| r.write.clone()).collect();
    store.write_progress(None, &writes, change).await
}
