//! The record engine's pages for every type of the catalogue: dashboard, list (columns,
//! filters, sorting, pages, bulk actions), new, edit (with "save and continue", "view on site"
//! and the lists that point at the record), delete, history and restore. City editors reach only
//! their municipality's records of city-scoped types, and their saves become proposals.

use std::collections::HashMap;

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::{AdminRequest, CheckedForm, Viewer, see_other, set_flash};
use crate::catalogue::form::{RawForm, parse};
use crate::catalogue::{self, Record, RecordType, Widget};
use crate::domain::accounts::Role;
use crate::domain::has_forbidden_control;
use crate::error::{AppError, AppResult};
use crate::forms::FieldErrors;
use crate::i18n::Lang;
use crate::paths;
use crate::state::AppState;
use crate::store::{Change, StatusNote, StoredRecord, WriteError};
use crate::views::admin::records::{
    FormOptions, FormPage, HistoryPage, LinkView, StatusNoteView, form_fields, public_page,
    revision_view, stored_inputs, title_of,
};
use crate::views::admin::{DashboardPage, TypeLink};
use crate::views::render;
use crate::web::ValidPath;

mod listing;

pub use listing::{bulk, list};

/// What the viewer may do with a record type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Access {
    /// Coordinators and admins: every record, saved at once.
    Full,
    /// A city editor: the records whose `column` is its municipality, saved as proposals.
    Propose {
        municipality_id: i64,
        column: &'static str,
    },
}

impl Access {
    /// The municipality a city editor's lists and forms are limited to.
    fn city(self) -> Option<i64> {
        match self {
            Access::Full => None,
            Access::Propose {
                municipality_id, ..
            } => Some(municipality_id),
        }
    }
}

pub(super) fn access(viewer: &Viewer, kind: &RecordType) -> AppResult<Access> {
    match viewer.role {
        Role::Admin | Role::Coordinator => Ok(Access::Full),
        Role::CityEditor => match (viewer.user.municipality_id, kind.city_scope) {
            (Some(municipality_id), Some(column)) => Ok(Access::Propose {
                municipality_id,
                column,
            }),
            _ => Err(AppError::Forbidden),
        },
    }
}

/// The record, if the viewer may see it (a city editor: only its own municipality's).
fn check_record(access: Access, record: &StoredRecord) -> AppResult<()> {
    match access {
        Access::Full => Ok(()),
        Access::Propose {
            municipality_id,
            column,
        } if record.values.integer(column) == Some(municipality_id) => Ok(()),
        Access::Propose { .. } => Err(AppError::Forbidden),
    }
}

pub(super) fn kind_of(slug: &str) -> AppResult<&'static RecordType> {
    catalogue::by_slug(slug).ok_or(AppError::NotFound)
}

/// Everything a form of `kind` offers: references, known values, municipalities' slugs.
pub(super) async fn form_options(
    state: &AppState,
    kind: &RecordType,
    lang: Lang,
) -> AppResult<FormOptions> {
    let mut options = FormOptions::default();
    for field in kind.fields {
        match &field.widget {
            Widget::Reference(reference) if !options.references.contains_key(reference.table) => {
                let choices = state
                    .store
                    .reference_options(reference, lang.code())
                    .await?;
                options.references.insert(reference.table, choices);
            }
            Widget::Municipalities(_)
                if !options
                    .references
                    .contains_key(catalogue::MUNICIPALITY.table) =>
            {
                let choices = state
                    .store
                    .reference_options(&catalogue::MUNICIPALITY, lang.code())
                    .await?;
                options
                    .references
                    .insert(catalogue::MUNICIPALITY.table, choices);
            }
            Widget::Suggested(_) => {
                let known = state.store.suggestions(kind, field).await?;
                options.known.suggestions.insert(field.name, known);
            }
            _ => {}
        }
    }
    if kind
        .public_pages
        .iter()
        .any(|page| matches!(page, catalogue::PublicPage::MunicipalityOf(_)))
    {
        options.city_slugs = state
            .store
            .municipality_slugs()
            .await?
            .into_iter()
            .collect();
    }
    Ok(options)
}

pub async fn dashboard(req: AdminRequest) -> AppResult<Html<String>> {
    let types = catalogue::ALL
        .iter()
        .filter(|kind| access(&req.viewer, kind).is_ok())
        .map(|kind| TypeLink {
            kind,
            title: req.ctx.t(kind.plural_key),
        })
        .collect();
    let scope = (!req.viewer.is_staff())
        .then_some(req.viewer.user.municipality_id)
        .flatten();
    let pending_proposals = req
        .state
        .store
        .proposals(scope)
        .await?
        .iter()
        .filter(|p| p.status == "pending")
        .count();
    let ctx = &req.ctx;
    let tool = |path: String, title: &str, about: &str| (path, ctx.t(title), ctx.t(about));
    let tools = if req.viewer.is_staff() {
        vec![
            tool(paths::due(), "due-title", "due-about"),
            tool(paths::import(), "import-title", "import-about"),
            tool(paths::progress(), "progress-title", "progress-about"),
        ]
    } else {
        req.viewer
            .user
            .municipality_id
            .map(|id| tool(paths::ledger(id), "ledger-title", "ledger-about-editor"))
            .into_iter()
            .collect()
    };
    render(&DashboardPage {
        admin: req.chrome().await?,
        types,
        pending_proposals,
        tools,
        ctx: req.ctx,
    })
}

/// A form as it is being shown: its inputs (as stored or as typed), their problems, and the
/// version stored meanwhile (an edit conflict).
struct FormState {
    inputs: RawForm,
    errors: FieldErrors,
    conflict: Option<StoredRecord>,
    status_note: StatusNoteView,
}

/// Which record a form is about.
#[derive(Clone, Copy)]
struct FormTarget {
    kind: &'static RecordType,
    /// The record being edited; `None` for a new one.
    id: Option<i64>,
    row_version: i64,
}

async fn form_page(
    req: &AdminRequest,
    target: FormTarget,
    form: FormState,
    access: Access,
) -> AppResult<Html<String>> {
    let ctx = &req.ctx;
    let kind = target.kind;
    let options = form_options(&req.state, kind, req.ctx.lang).await?;
    let fields = form_fields(
        ctx,
        kind,
        &form.inputs,
        &form.errors,
        &options,
        access.city(),
    );
    let typed = parse(kind, &form.inputs, &options.known).ok();
    let shown = typed.clone().unwrap_or_default();
    let heading = match target.id {
        Some(id) => record_title(req, kind, id, typed.as_ref(), &options).await?,
        None => ctx.t_name("admin-new-record", &ctx.t(kind.singular_key)),
    };
    let (conflict, conflict_by) = match &form.conflict {
        Some(current) => (
            crate::views::admin::records::changes(ctx, kind, &current.values, &shown, &options),
            format!("{} ({})", current.updated_by, current.updated_at),
        ),
        None => (Vec::new(), String::new()),
    };
    render(&FormPage {
        admin: req.chrome().await?,
        kind,
        heading,
        id: target.id,
        row_version: target.row_version,
        fields,
        errors: form.errors,
        conflict,
        conflict_by,
        is_proposal: matches!(access, Access::Propose { .. }),
        status_note: kind.status_history.map(|_| form.status_note),
        can_delete: access == Access::Full && target.id.is_some() && !kind.singleton,
        view_on_site: target
            .id
            .and(typed.as_ref())
            .and_then(|r| public_page(kind, r, &options)),
        links: target
            .id
            .map(|id| record_links(ctx, kind, id, access))
            .unwrap_or_default(),
        ctx: ctx.clone(),
    })
}

/// The title of the record being edited: from the values as typed, or, while they are refused,
/// as stored.
async fn record_title(
    req: &AdminRequest,
    kind: &'static RecordType,
    id: i64,
    typed: Option<&Record>,
    options: &FormOptions,
) -> AppResult<String> {
    let stored;
    let record = match typed {
        Some(record) => record,
        None => {
            stored = req
                .state
                .store
                .get_record(kind, id)
                .await?
                .map(|r| r.values);
            stored.as_ref().ok_or(AppError::NotFound)?
        }
    };
    Ok(title_of(&req.ctx, kind, record, Some(options)))
}

/// The admin pages a record's form links to: its own further pages, and the lists of records
/// pointing at it that the viewer may open.
fn record_links(
    ctx: &crate::views::PageCtx,
    kind: &RecordType,
    id: i64,
    access: Access,
) -> Vec<LinkView> {
    let own = kind.links.iter().map(|link| LinkView {
        label: ctx.t(link.label_key),
        path: (link.path)(id),
    });
    let related = kind
        .related
        .iter()
        .filter(|_| access == Access::Full)
        .map(|related| {
            let other = (related.kind)();
            LinkView {
                label: ctx.t(other.plural_key),
                path: paths::records_filtered(other, related.filter, id),
            }
        });
    own.chain(related).collect()
}

pub async fn new_form(
    req: AdminRequest,
    ValidPath(slug): ValidPath<String>,
) -> AppResult<Html<String>> {
    let kind = kind_of(&slug)?;
    if kind.singleton {
        return Err(AppError::NotFound);
    }
    let access = access(&req.viewer, kind)?;
    let mut inputs = RawForm::new();
    if let Access::Propose {
        municipality_id,
        column,
    } = access
    {
        inputs.insert(column.to_string(), municipality_id.to_string());
    }
    let form = FormState {
        inputs,
        errors: FieldErrors::new(),
        conflict: None,
        status_note: StatusNoteView::default(),
    };
    let target = FormTarget {
        kind,
        id: None,
        row_version: 0,
    };
    form_page(&req, target, form, access).await
}

/// Longest note of a status change, per language.
const STATUS_NOTE_MAX_CHARS: usize = 2_000;

/// Reads the status-change inputs (date optional, YYYY-MM-DD; a one-line note per language).
fn status_note(form: &CheckedForm) -> (StatusNote, StatusNoteView, FieldErrors) {
    let view = StatusNoteView {
        changed_on: form.get("status_changed_on").trim().to_string(),
        note_es: form.get("status_note_es").trim().to_string(),
        note_en: form.get("status_note_en").trim().to_string(),
    };
    let mut errors = FieldErrors::new();
    let format = time::macros::format_description!("[year]-[month]-[day]");
    if !view.changed_on.is_empty() && time::Date::parse(&view.changed_on, &format).is_err() {
        errors.add("status_changed_on", "form-bad-date");
    }
    for (input, note) in [
        ("status_note_es", &view.note_es),
        ("status_note_en", &view.note_en),
    ] {
        if has_forbidden_control(note, false) {
            errors.add(input, "form-control-characters");
        } else if note.chars().count() > STATUS_NOTE_MAX_CHARS {
            errors.add(input, "form-too-long");
        }
    }
    let note = StatusNote {
        changed_on: Some(view.changed_on.clone()).filter(|d| !d.is_empty()),
        note_es: view.note_es.clone(),
        note_en: view.note_en.clone(),
    };
    (note, view, errors)
}

/// The submitted record and status note, or every problem of the form. A city editor's record
/// always belongs to its own municipality.
struct Submitted {
    inputs: RawForm,
    values: Result<Record, FieldErrors>,
    note: StatusNote,
    note_view: StatusNoteView,
}

async fn read_submission(
    state: &AppState,
    lang: Lang,
    kind: &RecordType,
    form: &CheckedForm,
    access: Access,
) -> AppResult<Submitted> {
    let mut inputs = form.fields.0.clone();
    if let Access::Propose {
        municipality_id,
        column,
    } = access
    {
        inputs.insert(column.to_string(), municipality_id.to_string());
    }
    let options = form_options(state, kind, lang).await?;
    let (note, note_view, mut errors) = status_note(form);
    let values = match parse(kind, &inputs, &options.known) {
        Ok(values) if errors.is_empty() => Ok(values),
        Ok(_) => Err(errors),
        Err(field_errors) => {
            errors.extend(field_errors);
            Err(errors)
        }
    };
    Ok(Submitted {
        inputs,
        values,
        note,
        note_view,
    })
}

/// The form again, as typed, with each problem beside its field (422).
async fn refused_form(
    req: &AdminRequest,
    target: FormTarget,
    submitted: Submitted,
    errors: FieldErrors,
    access: Access,
) -> AppResult<Response> {
    let form = FormState {
        inputs: submitted.inputs,
        errors,
        conflict: None,
        status_note: submitted.note_view,
    };
    let page = form_page(req, target, form, access).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

pub async fn create(
    req: AdminRequest,
    ValidPath(slug): ValidPath<String>,
    form: CheckedForm,
) -> AppResult<Response> {
    let kind = kind_of(&slug)?;
    if kind.singleton {
        return Err(AppError::NotFound);
    }
    let access = access(&req.viewer, kind)?;
    let target = FormTarget {
        kind,
        id: None,
        row_version: 0,
    };
    let submitted = read_submission(&req.state, req.ctx.lang, kind, &form, access).await?;
    let values = match &submitted.values {
        Ok(values) => values.clone(),
        Err(errors) => {
            let errors = errors.clone();
            return refused_form(&req, target, submitted, errors, access).await;
        }
    };
    if let Some(municipality_id) = access.city() {
        return propose(&req, municipality_id, kind, None, &values).await;
    }
    let change = Change {
        actor: req.viewer.actor(),
        note: "",
        status_note: Some(&submitted.note),
    };
    match req.state.store.create_record(kind, &values, change).await {
        Ok(id) => {
            set_flash(&req.viewer.session, req.ctx.t("flash-created")).await?;
            Ok(after_save(&req, kind, id, &form))
        }
        Err(WriteError::Invalid(errors)) => {
            refused_form(&req, target, submitted, errors, access).await
        }
        Err(other) => Err(write_error(other)),
    }
}

/// Where a save goes: back to the form with "save and continue", else to the list.
fn after_save(req: &AdminRequest, kind: &RecordType, id: i64, form: &CheckedForm) -> Response {
    if form.get("then") == "continue" || kind.singleton {
        see_other(req.ctx.lang, &paths::record_edit(kind, id))
    } else {
        see_other(req.ctx.lang, &paths::records(kind))
    }
}

/// A city editor's save: stored as a proposal for the coordinators, not applied. `edits` is the
/// record and the version the form was loaded with.
async fn propose(
    req: &AdminRequest,
    municipality_id: i64,
    kind: &RecordType,
    edits: Option<(i64, i64)>,
    values: &Record,
) -> AppResult<Response> {
    let proposal = req
        .state
        .store
        .create_proposal(municipality_id, kind, edits, values, req.viewer.actor())
        .await?;
    let message = req.ctx.t_count("flash-proposal-sent", proposal as usize);
    set_flash(&req.viewer.session, message).await?;
    Ok(see_other(req.ctx.lang, &paths::proposals()))
}

pub(super) fn write_error(error: WriteError) -> AppError {
    match error {
        WriteError::NotFound => AppError::NotFound,
        WriteError::Store(store) => AppError::Store(store),
        WriteError::InUse | WriteError::Invalid(_) | WriteError::Conflict { .. } => {
            AppError::Internal(format!("unhandled write outcome: {error}"))
        }
    }
}

/// The record of a path, if the viewer may see it.
async fn visible_record(
    req: &AdminRequest,
    kind: &'static RecordType,
    id: i64,
    access: Access,
) -> AppResult<StoredRecord> {
    let record = req
        .state
        .store
        .get_record(kind, id)
        .await?
        .ok_or(AppError::NotFound)?;
    check_record(access, &record)?;
    Ok(record)
}

pub async fn edit_form(
    req: AdminRequest,
    ValidPath((slug, id)): ValidPath<(String, i64)>,
) -> AppResult<Html<String>> {
    let kind = kind_of(&slug)?;
    let access = access(&req.viewer, kind)?;
    let record = visible_record(&req, kind, id, access).await?;
    let form = FormState {
        inputs: stored_inputs(kind, &record),
        errors: FieldErrors::new(),
        conflict: None,
        status_note: StatusNoteView::default(),
    };
    let target = FormTarget {
        kind,
        id: Some(id),
        row_version: record.row_version,
    };
    form_page(&req, target, form, access).await
}

pub async fn update(
    req: AdminRequest,
    ValidPath((slug, id)): ValidPath<(String, i64)>,
    form: CheckedForm,
) -> AppResult<Response> {
    let kind = kind_of(&slug)?;
    let access = access(&req.viewer, kind)?;
    visible_record(&req, kind, id, access).await?;
    let expected_version: i64 = form.get("row_version").parse().unwrap_or(-1);
    let target = FormTarget {
        kind,
        id: Some(id),
        row_version: expected_version,
    };
    let submitted = read_submission(&req.state, req.ctx.lang, kind, &form, access).await?;
    let values = match &submitted.values {
        Ok(values) => values.clone(),
        Err(errors) => {
            let errors = errors.clone();
            return refused_form(&req, target, submitted, errors, access).await;
        }
    };
    if let Some(municipality_id) = access.city() {
        return propose(
            &req,
            municipality_id,
            kind,
            Some((id, expected_version)),
            &values,
        )
        .await;
    }
    let change = Change {
        actor: req.viewer.actor(),
        note: "",
        status_note: Some(&submitted.note),
    };
    match req
        .state
        .store
        .update_record(kind, id, expected_version, &values, change)
        .await
    {
        Ok(()) => {
            set_flash(&req.viewer.session, req.ctx.t("flash-saved")).await?;
            Ok(after_save(&req, kind, id, &form))
        }
        Err(WriteError::Invalid(errors)) => {
            refused_form(&req, target, submitted, errors, access).await
        }
        Err(WriteError::Conflict { current }) => {
            conflict_page(&req, kind, submitted, *current, access).await
        }
        Err(other) => Err(write_error(other)),
    }
}

/// Someone saved the record since the form was loaded: both versions side by side (409);
/// saving again (with the current version) overwrites on purpose.
async fn conflict_page(
    req: &AdminRequest,
    kind: &'static RecordType,
    submitted: Submitted,
    current: StoredRecord,
    access: Access,
) -> AppResult<Response> {
    let target = FormTarget {
        kind,
        id: Some(current.id),
        row_version: current.row_version,
    };
    let form = FormState {
        inputs: submitted.inputs,
        errors: FieldErrors::new(),
        conflict: Some(current),
        status_note: submitted.note_view,
    };
    let page = form_page(req, target, form, access).await?;
    Ok((StatusCode::CONFLICT, page).into_response())
}

pub async fn delete(
    req: AdminRequest,
    ValidPath((slug, id)): ValidPath<(String, i64)>,
    _form: CheckedForm,
) -> AppResult<Response> {
    let kind = kind_of(&slug)?;
    if access(&req.viewer, kind)? != Access::Full || kind.singleton {
        return Err(AppError::Forbidden);
    }
    match req
        .state
        .store
        .delete_record(kind, id, req.viewer.actor())
        .await
    {
        Ok(()) => {
            set_flash(&req.viewer.session, req.ctx.t("flash-deleted")).await?;
            Ok(see_other(req.ctx.lang, &paths::records(kind)))
        }
        Err(WriteError::InUse) => {
            set_flash(&req.viewer.session, req.ctx.t("flash-in-use")).await?;
            Ok(see_other(req.ctx.lang, &paths::record_edit(kind, id)))
        }
        Err(other) => Err(write_error(other)),
    }
}

pub async fn history(
    req: AdminRequest,
    ValidPath((slug, id)): ValidPath<(String, i64)>,
) -> AppResult<Html<String>> {
    let kind = kind_of(&slug)?;
    let access = access(&req.viewer, kind)?;
    let record = req.state.store.get_record(kind, id).await?;
    match &record {
        Some(record) => check_record(access, record)?,
        None if access != Access::Full => return Err(AppError::Forbidden),
        None => {}
    }
    let revisions = req.state.store.revisions_of(kind, id).await?;
    if record.is_none() && revisions.is_empty() {
        return Err(AppError::NotFound);
    }
    let options = form_options(&req.state, kind, req.ctx.lang).await?;
    let views: Vec<_> = revisions
        .iter()
        .map(|r| revision_view(&req.ctx, r, &options))
        .collect();
    let heading = match &record {
        Some(record) => title_of(&req.ctx, kind, &record.values, Some(&options)),
        None => views.first().map(|v| v.title.clone()).unwrap_or_default(),
    };
    render(&HistoryPage {
        admin: req.chrome().await?,
        kind,
        heading,
        id,
        record_exists: record.is_some(),
        revisions: views,
        ctx: req.ctx,
    })
}

pub async fn restore(
    req: AdminRequest,
    ValidPath(revision_id): ValidPath<i64>,
    _form: CheckedForm,
) -> AppResult<Response> {
    req.viewer.require_staff()?;
    match req
        .state
        .store
        .restore_revision(revision_id, req.viewer.actor())
        .await
    {
        Ok((kind, id)) => {
            set_flash(&req.viewer.session, req.ctx.t("flash-restored")).await?;
            Ok(see_other(req.ctx.lang, &paths::record_history(kind, id)))
        }
        Err(WriteError::Invalid(_)) | Err(WriteError::InUse) => {
            set_flash(&req.viewer.session, req.ctx.t("flash-restore-refused")).await?;
            Ok(see_other(req.ctx.lang, &paths::audit()))
        }
        Err(other) => Err(write_error(other)),
    }
}

/// The options of every record type, by slug, for pages that show revisions of many types.
pub(super) async fn options_by_type(
    state: &AppState,
    kinds: impl IntoIterator<Item = &'static RecordType>,
    lang: Lang,
) -> AppResult<HashMap<&'static str, FormOptions>> {
    let mut all = HashMap::new();
    for kind in kinds {
        if !all.contains_key(kind.slug) {
            all.insert(kind.slug, form_options(state, kind, lang).await?);
        }
    }
    Ok(all)
}
