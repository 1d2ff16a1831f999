//! Template structs of the admin's progress pages: a municipality's ledger in one form, the
//! coordinators' "due and overdue" list, and the spreadsheet import with its preview.

use askama::Template;

use super::{AdminChrome, OptionView};
use crate::forms::FieldErrors;
use crate::views::PageCtx;

/// One phase of the ledger form: its inputs as stored or as typed, and what stands now.
#[derive(Debug, Clone)]
pub struct LedgerPhaseView {
    pub phase_id: i64,
    pub name: String,
    /// The prefix of the phase's inputs (`p3-status`, `p3-reporting_year`…).
    pub prefix: String,
    pub status_options: Vec<OptionView>,
    pub platform_options: Vec<OptionView>,
    pub year: String,
    pub evidence_url: String,
    pub note_es: String,
    pub note_en: String,
    /// The entry's version when it exists ("" for none yet).
    pub version: String,
    /// What the public sees now ("Completado (implícito)").
    pub standing: String,
    /// "Registrado por ana@… el 3 de marzo de 2026", when an entry exists.
    pub recorded: Option<String>,
}

impl LedgerPhaseView {
    /// The input name of one of the phase's fields.
    pub fn input(&self, field: &str) -> String {
        format!("{}-{field}", self.prefix)
    }
}

#[derive(Debug, Clone)]
pub struct LedgerPillarView {
    pub name: String,
    pub phases: Vec<LedgerPhaseView>,
}

#[derive(Template)]
#[template(path = "admin/ledger.html")]
pub struct LedgerPage {
    pub ctx: PageCtx,
    pub admin: AdminChrome,
    pub municipality_id: i64,
    pub name: String,
    pub slug: String,
    /// Coordinators save; a city editor proposes (and cannot change the commitment date).
    pub proposing: bool,
    pub commitment_date: String,
    pub commitment_source: String,
    pub municipality_version: i64,
    pub pillars: Vec<LedgerPillarView>,
    pub errors: FieldErrors,
    /// Someone saved this municipality's progress after the form was loaded.
    pub conflict: bool,
}

impl LedgerPage {
    pub fn error(&self, input: &str) -> Option<&'static str> {
        self.errors.get(input)
    }

    pub fn municipalities_path(&self) -> String {
        crate::paths::records(&crate::catalogue::MUNICIPALITIES)
    }

    pub fn municipality_path(&self) -> String {
        crate::paths::record_edit(&crate::catalogue::MUNICIPALITIES, self.municipality_id)
    }

    /// The ledger's entries of this municipality, as a list.
    pub fn entries_path(&self) -> String {
        crate::paths::records_filtered(
            &crate::catalogue::PROGRESS_ENTRIES,
            "municipality",
            self.municipality_id,
        )
    }
}

/// One phase due or overdue.
#[derive(Debug, Clone)]
pub struct DueRow {
    pub municipality: String,
    pub ledger_path: String,
    pub phase: String,
    pub status: String,
    pub deadline: String,
    pub state_code: &'static str,
    pub state: String,
}

#[derive(Template)]
#[template(path = "admin/due.html")]
pub struct DuePage {
    pub ctx: PageCtx,
    pub admin: AdminChrome,
    pub overdue: Vec<DueRow>,
    pub due_soon: Vec<DueRow>,
    pub today: String,
    pub horizon: String,
    /// Municipalities without a commitment date (their deadlines are unknown).
    pub without_commitment: usize,
    pub total: usize,
}

impl DuePage {
    /// The overdue phases, then those due soon: (heading, rows, what an empty list says).
    pub fn sections(&self) -> Vec<(String, &[DueRow], String)> {
        vec![
            (
                self.ctx.t("deadline-overdue"),
                &self.overdue,
                self.ctx.t("due-none-overdue"),
            ),
            (
                self.ctx.t("deadline-due-soon"),
                &self.due_soon,
                self.ctx.t("due-none-soon"),
            ),
        ]
    }
}

/// One row of an import preview.
#[derive(Debug, Clone)]
pub struct PreviewRow {
    pub line: usize,
    pub municipality: String,
    pub phase: String,
    pub status: String,
    pub year: String,
    pub action_code: &'static str,
    pub action: String,
    /// Why a refused row is refused, in words ("Municipio: no existe…").
    pub problems: Vec<String>,
}

/// What an import preview found.
#[derive(Debug, Clone)]
pub struct Preview {
    pub file_name: String,
    pub rows: Vec<PreviewRow>,
    pub creates: usize,
    pub updates: usize,
    pub unchanged: usize,
    pub refused: usize,
    pub ignored_columns: Vec<String>,
    /// The rows again, for the apply form (CSV with row numbers).
    pub canonical: String,
    pub fingerprint: String,
    /// Whether the apply button is offered: nothing refused and something to write.
    pub applicable: bool,
}

/// A pillar's code and name, with its phases' codes and names.
#[derive(Debug, Clone)]
pub struct PillarCodes {
    pub code: String,
    pub name: String,
    pub phases: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "admin/import.html")]
pub struct ImportPage {
    pub ctx: PageCtx,
    pub admin: AdminChrome,
    pub preview: Option<Preview>,
    /// The problem with the file itself (unreadable, missing columns…), in words.
    pub file_error: Option<String>,
    /// The records changed between the preview and the apply: look again.
    pub stale: bool,
    /// The pillar and phase codes a spreadsheet may use.
    pub codes: Vec<PillarCodes>,
    pub statuses: Vec<(String, String)>,
    pub max_rows: usize,
    pub max_mb: usize,
}
