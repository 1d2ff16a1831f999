//! A municipality's progress in one form (its commitment date and every phase of the ledger),
//! saved by coordinators in one transaction or proposed by the city's editor; and the
//! coordinators' list of what falls due in the next six months, and what is overdue.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::records::access;
use super::{AdminRequest, CheckedForm, see_other, set_flash};
use crate::catalogue::form::{Known, RawForm, parse, parse_value};
use crate::catalogue::{PROGRESS_ENTRIES, Record, Widget};
use crate::domain::progress::{
    DUE_SOON_MONTHS, DeadlineState, PhaseStatus, ReportingPlatform, add_months, today_in_peru,
};
use crate::error::{AppError, AppResult};
use crate::forms::FieldErrors;
use crate::paths;
use crate::progress::{CityProgress, board, city_progress};
use crate::store::{
    Change, CommitmentWrite, EntryWrite, Framework, ProgressEntry, Store, WriteError,
};
use crate::views::admin::OptionView;
use crate::views::admin::progress::{
    DuePage, DueRow, LedgerPage, LedgerPhaseView, LedgerPillarView,
};
use crate::views::progress::{cell_view, day};
use crate::views::{PageCtx, render};
use crate::web::ValidPath;

/// The inputs of a phase besides its status, as named in `PROGRESS_ENTRIES`.
const PHASE_INPUTS: [&str; 6] = [
    "status",
    "reporting_year",
    "platform",
    "evidence_url",
    "note_es",
    "note_en",
];
const COMMITMENT_DATE: &str = "gcom_commitment_date";
const COMMITMENT_SOURCE: &str = "gcom_commitment_source";
const MUNICIPALITY_VERSION: &str = "municipality_version";

/// Whether the viewer proposes (a city editor, for its own municipality) rather than saves.
fn proposing(req: &AdminRequest, municipality_id: i64) -> AppResult<bool> {
    match access(&req.viewer, &PROGRESS_ENTRIES)? {
        super::records::Access::Full => Ok(false),
        super::records::Access::Propose {
            municipality_id: own,
            ..
        } if own == municipality_id => Ok(true),
        super::records::Access::Propose { .. } => Err(AppError::Forbidden),
    }
}

/// What the ledger form is about, as stored now.
struct Ledger {
    framework: Framework,
    entries: Vec<ProgressEntry>,
    progress: CityProgress,
}

impl Ledger {
    async fn load(store: &Store, municipality_id: i64) -> AppResult<Ledger> {
        let framework = store.framework().await?;
        let city = store
            .progress_city(municipality_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let entries = store.progress_entries(Some(municipality_id)).await?;
        let badges = store.recorded_badges(Some(municipality_id)).await?;
        let progress = city_progress(&framework, city, &entries, &badges, today_in_peru());
        Ok(Ledger {
            framework,
            entries,
            progress,
        })
    }

    fn entry(&self, phase_id: i64) -> Option<&ProgressEntry> {
        self.entries.iter().find(|e| e.phase_id == phase_id)
    }

    /// The form's inputs as stored.
    fn stored_inputs(&self) -> RawForm {
        let city = &self.progress.city;
        let mut inputs = RawForm::new();
        let mut put = |name: String, value: String| {
            inputs.insert(name, value);
        };
        put(
            COMMITMENT_DATE.into(),
            city.gcom_commitment_date.clone().unwrap_or_default(),
        );
        put(
            COMMITMENT_SOURCE.into(),
            city.gcom_commitment_source.clone().unwrap_or_default(),
        );
        put(MUNICIPALITY_VERSION.into(), city.row_version.to_string());
        for phase in &self.framework.phases {
            let prefix = prefix(phase.id);
            let Some(entry) = self.entry(phase.id) else {
                put(
                    format!("{prefix}-status"),
                    PhaseStatus::NotRecorded.code().into(),
                );
                continue;
            };
            let values = crate::catalogue::form::inputs_of(&PROGRESS_ENTRIES, &entry.values());
            for input in PHASE_INPUTS {
                put(
                    format!("{prefix}-{input}"),
                    values.get(input).cloned().unwrap_or_default(),
                );
            }
            put(format!("{prefix}-version"), entry.row_version.to_string());
        }
        inputs
    }
}

fn prefix(phase_id: i64) -> String {
    format!("p{phase_id}")
}

fn options(
    ctx: &PageCtx,
    codes: &crate::domain::CodeList,
    chosen: &str,
    blank: bool,
) -> Vec<OptionView> {
    let blank = blank.then(|| OptionView {
        value: String::new(),
        label: ctx.t("form-none"),
        selected: chosen.is_empty(),
    });
    blank
        .into_iter()
        .chain(codes.codes.iter().map(|code| OptionView {
            value: code.to_string(),
            label: ctx.t(codes.label_key(code)),
            selected: *code == chosen,
        }))
        .collect()
}

/// One phase of the ledger form, with `inputs` as stored or as typed.
fn phase_view(
    ctx: &PageCtx,
    ledger: &Ledger,
    phase: &crate::store::Phase,
    inputs: &RawForm,
) -> LedgerPhaseView {
    let prefix = prefix(phase.id);
    let field = |name: &str| {
        inputs
            .get(&format!("{prefix}-{name}"))
            .cloned()
            .unwrap_or_default()
    };
    LedgerPhaseView {
        phase_id: phase.id,
        name: ctx.pick(&phase.name_es, &phase.name_en).to_string(),
        status_options: options(ctx, &PhaseStatus::CODES, &field("status"), false),
        platform_options: options(ctx, &ReportingPlatform::CODES, &field("platform"), true),
        year: field("reporting_year"),
        evidence_url: field("evidence_url"),
        note_es: field("note_es"),
        note_en: field("note_en"),
        version: field("version"),
        standing: ledger
            .progress
            .cell(phase.id)
            .map(|c| cell_view(ctx, &ledger.framework, c).status)
            .unwrap_or_default(),
        recorded: ledger.entry(phase.id).map(|e| {
            format!(
                "{} {}",
                ctx.t_name("ledger-recorded-by", &e.updated_by),
                ctx.date(&e.updated_at)
            )
        }),
        prefix,
    }
}

/// The ledger page with `inputs` (as stored or as typed) and their problems.
async fn page(
    req: &AdminRequest,
    ledger: &Ledger,
    inputs: &RawForm,
    errors: FieldErrors,
    conflict: bool,
) -> AppResult<LedgerPage> {
    let ctx = &req.ctx;
    let input = |name: &str| inputs.get(name).cloned().unwrap_or_default();
    let pillars = ledger
        .framework
        .pillars
        .iter()
        .map(|pillar| LedgerPillarView {
            name: ctx.pick(&pillar.name_es, &pillar.name_en).to_string(),
            phases: ledger
                .framework
                .phases_of(pillar.id)
                .map(|phase| phase_view(ctx, ledger, phase, inputs))
                .collect(),
        })
        .collect();
    let city = &ledger.progress.city;
    Ok(LedgerPage {
        admin: req.chrome().await?,
        municipality_id: city.id,
        name: city.name.clone(),
        slug: city.slug.clone(),
        proposing: proposing(req, city.id)?,
        commitment_date: input(COMMITMENT_DATE),
        commitment_source: input(COMMITMENT_SOURCE),
        municipality_version: input(MUNICIPALITY_VERSION)
            .parse()
            .unwrap_or(city.row_version),
        pillars,
        errors,
        conflict,
        ctx: req.ctx.clone(),
    })
}

pub async fn form(req: AdminRequest, ValidPath(id): ValidPath<i64>) -> AppResult<Html<String>> {
    proposing(&req, id)?;
    let ledger = Ledger::load(&req.state.store, id).await?;
    let inputs = ledger.stored_inputs();
    render(&page(&req, &ledger, &inputs, FieldErrors::new(), false).await?)
}

/// The writes a submitted ledger asks for: the commitment (coordinators only) and each phase
/// whose values differ from the stored ones.
struct Submission {
    commitment: Option<CommitmentWrite>,
    entries: Vec<EntryWrite>,
}

/// Reads the commitment inputs; `None` when the viewer proposes (the date is not theirs to set).
fn read_commitment(inputs: &RawForm, errors: &mut FieldErrors) -> Option<CommitmentWrite> {
    let text = |name: &str| {
        inputs
            .get(name)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    let mut checked = |name: &'static str, widget: &Widget| -> Option<String> {
        let value = text(name);
        if value.is_empty() {
            return None;
        }
        match parse_value(widget, &value) {
            Ok(_) => Some(value),
            Err(key) => {
                errors.add(name, key);
                None
            }
        }
    };
    let date = checked(COMMITMENT_DATE, &Widget::Date);
    let source = checked(COMMITMENT_SOURCE, &Widget::Text { max: 200 });
    Some(CommitmentWrite {
        date,
        source,
        expected_version: text(MUNICIPALITY_VERSION).parse().unwrap_or(0),
    })
}

/// Reads one phase's inputs into the entry they would store, or its problems (by input name).
fn read_phase(
    inputs: &RawForm,
    municipality_id: i64,
    phase_id: i64,
    errors: &mut FieldErrors,
) -> Option<Record> {
    let prefix = prefix(phase_id);
    let mut form = RawForm::new();
    form.insert("municipality_id".into(), municipality_id.to_string());
    form.insert("phase_id".into(), phase_id.to_string());
    for input in PHASE_INPUTS {
        let value = inputs
            .get(&format!("{prefix}-{input}"))
            .cloned()
            .unwrap_or_default();
        form.insert(input.into(), value);
    }
    match parse(&PROGRESS_ENTRIES, &form, &Known::default()) {
        Ok(values) => Some(values),
        Err(found) => {
            for problem in found.iter() {
                errors.add(format!("{prefix}-{}", problem.input), problem.key);
            }
            None
        }
    }
}

/// Whether a parsed phase says nothing: not recorded, and every other field empty.
fn is_blank(values: &Record) -> bool {
    values.text("status") == Some(PhaseStatus::NotRecorded.code())
        && PHASE_INPUTS[1..]
            .iter()
            .all(|input| values.get(input).is_null())
}

fn read_submission(
    ledger: &Ledger,
    inputs: &RawForm,
    proposing: bool,
) -> Result<Submission, FieldErrors> {
    let mut errors = FieldErrors::new();
    let commitment = if proposing {
        None
    } else {
        read_commitment(inputs, &mut errors)
    };
    let municipality_id = ledger.progress.city.id;
    let mut entries = Vec::new();
    for phase in &ledger.framework.phases {
        let Some(values) = read_phase(inputs, municipality_id, phase.id, &mut errors) else {
            continue;
        };
        let posted_version = inputs
            .get(&format!("{}-version", prefix(phase.id)))
            .and_then(|v| v.parse::<i64>().ok());
        match ledger.entry(phase.id) {
            Some(entry) if entry.values() == values => {}
            // The version the form was loaded with; none (0) if the entry did not exist then,
            // so that an entry created meanwhile is an edit conflict.
            Some(entry) => entries.push(EntryWrite {
                values,
                existing: Some((entry.id, posted_version.unwrap_or(0))),
            }),
            None if is_blank(&values) => {}
            None => entries.push(EntryWrite {
                values,
                existing: None,
            }),
        }
    }
    errors.into_result(Submission {
        commitment,
        entries,
    })
}

pub async fn save(
    req: AdminRequest,
    ValidPath(id): ValidPath<i64>,
    form: CheckedForm,
) -> AppResult<Response> {
    let proposing = proposing(&req, id)?;
    let store = &req.state.store;
    let ledger = Ledger::load(store, id).await?;
    let inputs = form.fields.0;
    let submission = match read_submission(&ledger, &inputs, proposing) {
        Ok(submission) => submission,
        Err(errors) => {
            let page = page(&req, &ledger, &inputs, errors, false).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
        }
    };
    if proposing {
        return propose(&req, id, &submission.entries).await;
    }
    let change = Change {
        actor: req.viewer.actor(),
        ..Change::default()
    };
    let commitment = submission.commitment.as_ref().map(|c| (id, c));
    match store
        .write_progress(commitment, &submission.entries, change)
        .await
    {
        Ok(changed) => {
            set_flash(&form.session, req.ctx.t_count("ledger-saved", changed)).await?;
            Ok(see_other(req.ctx.lang, &paths::ledger(id)))
        }
        Err(WriteError::Conflict { .. }) => {
            // Show the current values' versions with the person's inputs kept: saving again
            // overwrites knowingly.
            let fresh = Ledger::load(store, id).await?;
            let mut kept = inputs.clone();
            for (name, value) in fresh.stored_inputs() {
                if name.ends_with("-version") || name == MUNICIPALITY_VERSION {
                    kept.insert(name, value);
                }
            }
            let page = page(&req, &fresh, &kept, FieldErrors::new(), true).await?;
            Ok((StatusCode::CONFLICT, render(&page)?).into_response())
        }
        Err(WriteError::Invalid(errors)) => {
            let page = page(&req, &ledger, &inputs, errors, false).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(WriteError::NotFound) => Err(AppError::NotFound),
        Err(error) => Err(AppError::Internal(error.to_string())),
    }
}

/// A city editor's changes become proposals, all in one transaction.
async fn propose(req: &AdminRequest, id: i64, entries: &[EntryWrite]) -> AppResult<Response> {
    let session = &req.viewer.session;
    if entries.is_empty() {
        set_flash(session, req.ctx.t("ledger-nothing-changed")).await?;
        return Ok(see_other(req.ctx.lang, &paths::ledger(id)));
    }
    let sent = req
        .state
        .store
        .propose_entries(id, entries, req.viewer.actor())
        .await?;
    set_flash(session, req.ctx.t_count("ledger-proposed", sent)).await?;
    Ok(see_other(req.ctx.lang, &paths::proposals()))
}

/// What each municipality must deliver in the next six months, and what is overdue.
pub async fn due(req: AdminRequest) -> AppResult<Html<String>> {
    req.viewer.require_staff()?;
    let store = &req.state.store;
    let framework = store.framework().await?;
    let cities = store.progress_cities().await?;
    let entries = store.progress_entries(None).await?;
    let badges = store.recorded_badges(None).await?;
    let today = today_in_peru();
    let rows = board(&framework, cities, &entries, &badges, today);
    let ctx = &req.ctx;
    let mut due: Vec<(time::Date, DueRow)> = Vec::new();
    for progress in &rows {
        for cell in progress
            .cells
            .iter()
            .filter(|c| c.deadline_state.needs_attention())
        {
            let Some(deadline) = cell.deadline else {
                continue;
            };
            let view = cell_view(ctx, &framework, cell);
            due.push((
                deadline,
                DueRow {
                    municipality: progress.city.name.clone(),
                    ledger_path: paths::ledger(progress.city.id),
                    phase: format!("{} — {}", view.pillar, view.phase),
                    status: view.status,
                    deadline: day(ctx, deadline),
                    state_code: cell.deadline_state.code(),
                    state: view.deadline,
                },
            ));
        }
    }
    due.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| a.1.municipality.cmp(&b.1.municipality))
    });
    let (overdue, due_soon): (Vec<_>, Vec<_>) = due
        .into_iter()
        .map(|(_, row)| row)
        .partition(|row| row.state_code == DeadlineState::Overdue.code());
    render(&DuePage {
        admin: req.chrome().await?,
        overdue,
        due_soon,
        today: day(ctx, today),
        horizon: add_months(today, DUE_SOON_MONTHS)
            .map(|d| day(ctx, d))
            .unwrap_or_default(),
        without_commitment: rows.iter().filter(|p| p.commitment.is_none()).count(),
        total: rows.len(),
        ctx: req.ctx.clone(),
    })
}
