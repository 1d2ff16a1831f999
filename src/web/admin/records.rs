//! The forms of every record type (list, new, edit, delete, history), the dashboard, restore and
//! the audit page. City editors reach only their municipality's plans and badges, and their saves
//! become proposals.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::{CheckedForm, Viewer, see_other, set_flash, take_flash};
use crate::domain::accounts::Role;
use crate::domain::has_forbidden_control;
use crate::error::{AppError, AppResult};
use crate::records::{FieldError, FieldKind, RECORD_TYPES, RecordType, parse_form, record_type};
use crate::state::AppState;
use crate::store::AuditFilter;
use crate::store::{StatusNote, StoredRecord, WriteError};
use crate::views::admin::{
    AdminChrome, AuditPage, DashboardPage, FormPage, HistoryPage, ListPage, OptionView, Pagination,
    ReferenceOptions, StatusNoteView, TypeLink, changes, form_fields, revision_view,
};
use crate::views::{PageCtx, render};
use crate::web::{ValidPath, ValidQuery};

/// The page chrome for a signed-in viewer, with the pending flash message.
pub async fn chrome(ctx: &PageCtx, viewer: &Viewer) -> AppResult<AdminChrome> {
    Ok(AdminChrome {
        user_name: viewer.user.name.clone(),
        user_email: viewer.user.email.clone(),
        role: ctx.label("role", &viewer.user.role),
        csrf_token: viewer.csrf_token.clone(),
        flash: take_flash(&viewer.session).await?,
        is_staff: viewer.is_staff(),
        is_admin: viewer.role == Role::Admin,
        city_name: viewer.user.municipality_name.clone(),
    })
}

/// What the viewer may do with a record type.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Access {
    /// Coordinators and admins: every record, saved at once.
    Full,
    /// A city editor: records of one municipality, saved as proposals.
    Propose { municipality_id: i64 },
}

fn access(viewer: &Viewer, kind: &RecordType) -> AppResult<Access> {
    match viewer.role {
        Role::Admin | Role::Coordinator => Ok(Access::Full),
        Role::CityEditor => match viewer.user.municipality_id {
            Some(municipality_id) if kind.city_scoped => Ok(Access::Propose { municipality_id }),
            _ => Err(AppError::Forbidden),
        },
    }
}

/// The record, if the viewer may see it (a city editor: only its own municipality's).
fn check_record(access: Access, record: &StoredRecord) -> AppResult<()> {
    match access {
        Access::Full => Ok(()),
        Access::Propose { municipality_id } => {
            let owner = record.values.get("municipality_id").and_then(Value::as_i64);
            if owner == Some(municipality_id) {
                Ok(())
            } else {
                Err(AppError::Forbidden)
            }
        }
    }
}

fn kind_of(name: &str) -> AppResult<&'static RecordType> {
    record_type(name).ok_or(AppError::NotFound)
}

/// Options of every reference field of the type (and of municipalities, for link fields).
async fn options_for(state: &AppState, kind: &RecordType) -> AppResult<ReferenceOptions> {
    let mut options = ReferenceOptions::new();
    for field in kind.fields {
        let (table, label) = match field.kind {
            FieldKind::Reference {
                table,
                label_column,
            } => (table, label_column),
            FieldKind::Municipalities { .. } => ("municipalities", "name"),
            _ => continue,
        };
        if !options.contains_key(table) {
            options.insert(table, state.store.reference_options(table, label).await?);
        }
    }
    Ok(options)
}

pub async fn dashboard(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
) -> AppResult<Html<String>> {
    let types = RECORD_TYPES
        .iter()
        .filter(|kind| access(&viewer, kind).is_ok())
        .map(|kind| TypeLink {
            name: kind.name,
            title: ctx.t(kind.title),
        })
        .collect();
    let scope = if viewer.is_staff() {
        None
    } else {
        viewer.user.municipality_id
    };
    let pending_proposals = state
        .store
        .proposals(scope)
        .await?
        .iter()
        .filter(|p| p.status == "pending")
        .count();
    render(&DashboardPage {
        admin: chrome(&ctx, &viewer).await?,
        types,
        pending_proposals,
        ctx,
    })
}

#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    q: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    ValidPath(kind): ValidPath<String>,
    ValidQuery(query): ValidQuery<ListQuery>,
) -> AppResult<Response> {
    let kind = kind_of(&kind)?;
    let access = access(&viewer, kind)?;
    if kind.singleton {
        return Ok(see_other(ctx.lang, &format!("/admin/{}/1/edit", kind.name)));
    }
    let search = query.q.unwrap_or_default();
    if search.chars().count() > 100 {
        return Err(AppError::BadRequest(ctx.t("error-search-too-long")));
    }
    let scope = match access {
        Access::Full => None,
        Access::Propose { municipality_id } => Some(municipality_id),
    };
    let mut rows = state.store.list_records(kind, Some(&search), scope).await?;
    // Codes read better as labels ("Adaptación" rather than "adaptation").
    if let Some(FieldKind::Choice { label_prefix, .. }) =
        kind.field(kind.display_column).map(|f| f.kind)
    {
        for row in &mut rows {
            row.display = ctx.label(label_prefix, &row.display);
        }
    }
    Ok(render(&ListPage {
        admin: chrome(&ctx, &viewer).await?,
        kind: kind.name,
        title: ctx.t(kind.title),
        rows,
        search,
        can_create: true,
        can_delete: access == Access::Full,
        ctx,
    })?
    .into_response())
}

struct FormState<'a> {
    values: Map<String, Value>,
    errors: Vec<FieldError>,
    conflict: Option<&'a StoredRecord>,
    status_note: StatusNoteView,
}

#[allow(clippy::too_many_arguments)]
async fn form_page(
    state: &AppState,
    ctx: PageCtx,
    viewer: &Viewer,
    kind: &'static RecordType,
    id: Option<i64>,
    row_version: i64,
    form: FormState<'_>,
    access: Access,
) -> AppResult<Html<String>> {
    let options = options_for(state, kind).await?;
    let locked = match access {
        Access::Full => None,
        Access::Propose { municipality_id } => Some(municipality_id),
    };
    let fields = form_fields(&ctx, kind, &form.values, &form.errors, &options, locked);
    let (conflict, conflict_by) = match form.conflict {
        Some(current) => (
            changes(&ctx, kind, &current.values, &form.values, &options),
            format!("{} ({})", current.updated_by, current.updated_at),
        ),
        None => (Vec::new(), String::new()),
    };
    render(&FormPage {
        admin: chrome(&ctx, viewer).await?,
        kind: kind.name,
        title: ctx.t(kind.title),
        id,
        row_version,
        error_count: form.errors.len()
            + usize::from(form.status_note.error.is_some())
            + usize::from(form.status_note.note_error.is_some()),
        fields,
        conflict,
        conflict_by,
        is_proposal: matches!(access, Access::Propose { .. }),
        status_note: (kind.name == "plans").then_some(form.status_note),
        can_delete: access == Access::Full && id.is_some() && !kind.singleton,
        ctx,
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    ValidPath(kind): ValidPath<String>,
) -> AppResult<Html<String>> {
    let kind = kind_of(&kind)?;
    if kind.singleton {
        return Err(AppError::NotFound);
    }
    let access = access(&viewer, kind)?;
    let mut values = Map::new();
    if let Access::Propose { municipality_id } = access {
        values.insert("municipality_id".into(), Value::from(municipality_id));
    }
    let form = FormState {
        values,
        errors: Vec::new(),
        conflict: None,
        status_note: StatusNoteView::default(),
    };
    form_page(&state, ctx, &viewer, kind, None, 0, form, access).await
}

/// Reads the plan status note inputs (date optional, YYYY-MM-DD).
fn status_note(ctx: &PageCtx, form: &CheckedForm) -> (StatusNote, StatusNoteView) {
    let changed_on = form.get("status_changed_on").trim().to_string();
    let note_es = form.get("status_note_es").trim().to_string();
    let note_en = form.get("status_note_en").trim().to_string();
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let error = (!changed_on.is_empty() && time::Date::parse(&changed_on, &format).is_err())
        .then(|| ctx.t("form-bad-date"));
    // The note is one line of at most 2,000 characters in each language.
    let note_error = [&note_es, &note_en].iter().find_map(|note| {
        if has_forbidden_control(note, false) {
            Some(ctx.t("form-control-characters"))
        } else if note.chars().count() > STATUS_NOTE_MAX_CHARS {
            Some(ctx.t("form-too-long"))
        } else {
            None
        }
    });
    let note = StatusNote {
        changed_on: Some(changed_on.clone()).filter(|d| !d.is_empty()),
        note_es: note_es.clone(),
        note_en: note_en.clone(),
    };
    (
        note,
        StatusNoteView {
            changed_on,
            note_es,
            note_en,
            error,
            note_error,
        },
    )
}

/// Longest note of a plan status change, per language.
const STATUS_NOTE_MAX_CHARS: usize = 2_000;

/// The values as typed, for re-showing a refused form.
fn typed_values(kind: &RecordType, form: &CheckedForm) -> Map<String, Value> {
    let mut values = Map::new();
    for field in kind.fields {
        match field.kind {
            FieldKind::Municipalities { .. } => {
                let ids: Vec<Value> = form
                    .get(field.name)
                    .split(',')
                    .filter_map(|id| id.trim().parse::<i64>().ok())
                    .map(Value::from)
                    .collect();
                values.insert(field.name.into(), Value::Array(ids));
            }
            FieldKind::Bool => {
                values.insert(
                    field.name.into(),
                    Value::from(i64::from(!form.get(field.name).is_empty())),
                );
            }
            _ => {
                for column in field.columns().into_iter().chain(
                    matches!(field.kind, FieldKind::Lines { .. }).then(|| field.name.to_string()),
                ) {
                    values.insert(column.clone(), Value::from(form.get(&column)));
                }
            }
        }
    }
    values
}

fn parse(
    kind: &RecordType,
    form: &CheckedForm,
    access: Access,
) -> Result<Map<String, Value>, Vec<FieldError>> {
    let mut fields = form.fields.clone();
    if let Access::Propose { municipality_id } = access {
        // A city editor's records always belong to its own municipality.
        fields
            .0
            .insert("municipality_id".into(), municipality_id.to_string());
    }
    parse_form(kind, &fields.0)
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    ValidPath(kind): ValidPath<String>,
    form: CheckedForm,
) -> AppResult<Response> {
    let kind = kind_of(&kind)?;
    if kind.singleton {
        return Err(AppError::NotFound);
    }
    let access = access(&viewer, kind)?;
    let (note, note_view) = status_note(&ctx, &form);
    let values = match parse(kind, &form, access) {
        Ok(values) if note_view.error.is_none() && note_view.note_error.is_none() => values,
        result => {
            let errors = result.err().unwrap_or_default();
            return refused_form(
                &state, ctx, &viewer, kind, None, 0, &form, errors, note_view, access,
            )
            .await;
        }
    };
    if let Access::Propose { municipality_id } = access {
        return propose(&state, &ctx, &viewer, municipality_id, kind, None, &values).await;
    }
    match state
        .store
        .create_record(kind, &values, viewer.actor(), "", Some(&note))
        .await
    {
        Ok(id) => {
            set_flash(&viewer.session, ctx.t("flash-created")).await?;
            Ok(see_other(
                ctx.lang,
                &format!("/admin/{}/{id}/edit", kind.name),
            ))
        }
        Err(WriteError::Invalid(errors)) => {
            refused_form(
                &state, ctx, &viewer, kind, None, 0, &form, errors, note_view, access,
            )
            .await
        }
        Err(other) => Err(write_error(other)),
    }
}

/// A city editor's save: stored as a proposal for the coordinators, not applied. `edits` is the
/// record and the version the form was loaded with.
async fn propose(
    state: &AppState,
    ctx: &PageCtx,
    viewer: &Viewer,
    municipality_id: i64,
    kind: &RecordType,
    edits: Option<(i64, i64)>,
    values: &Map<String, Value>,
) -> AppResult<Response> {
    let proposal = state
        .store
        .create_proposal(municipality_id, kind.name, edits, values, viewer.actor())
        .await?;
    set_flash(
        &viewer.session,
        ctx.t_count("flash-proposal-sent", proposal as usize),
    )
    .await?;
    Ok(see_other(ctx.lang, "/admin/proposals"))
}

/// The form again, as typed, with each problem beside its field (422).
#[allow(clippy::too_many_arguments)]
async fn refused_form(
    state: &AppState,
    ctx: PageCtx,
    viewer: &Viewer,
    kind: &'static RecordType,
    id: Option<i64>,
    row_version: i64,
    form: &CheckedForm,
    errors: Vec<FieldError>,
    status_note: StatusNoteView,
    access: Access,
) -> AppResult<Response> {
    let form_state = FormState {
        values: typed_values(kind, form),
        errors,
        conflict: None,
        status_note,
    };
    let page = form_page(
        state,
        ctx,
        viewer,
        kind,
        id,
        row_version,
        form_state,
        access,
    )
    .await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

fn write_error(error: WriteError) -> AppError {
    match error {
        WriteError::NotFound => AppError::NotFound,
        WriteError::Store(store) => AppError::Store(store),
        WriteError::InUse | WriteError::Invalid(_) | WriteError::Conflict { .. } => {
            AppError::Internal(format!("unhandled write outcome: {error}"))
        }
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    ValidPath((kind, id)): ValidPath<(String, i64)>,
) -> AppResult<Html<String>> {
    let kind = kind_of(&kind)?;
    let access = access(&viewer, kind)?;
    let record = state
        .store
        .get_record(kind, id)
        .await?
        .ok_or(AppError::NotFound)?;
    check_record(access, &record)?;
    let form = FormState {
        values: record.values.clone(),
        errors: Vec::new(),
        conflict: None,
        status_note: StatusNoteView::default(),
    };
    form_page(
        &state,
        ctx,
        &viewer,
        kind,
        Some(id),
        record.row_version,
        form,
        access,
    )
    .await
}

pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    ValidPath((kind, id)): ValidPath<(String, i64)>,
    form: CheckedForm,
) -> AppResult<Response> {
    let kind = kind_of(&kind)?;
    let access = access(&viewer, kind)?;
    let record = state
        .store
        .get_record(kind, id)
        .await?
        .ok_or(AppError::NotFound)?;
    check_record(access, &record)?;
    let expected_version: i64 = form.get("row_version").parse().unwrap_or(-1);
    let (note, note_view) = status_note(&ctx, &form);
    let values = match parse(kind, &form, access) {
        Ok(values) if note_view.error.is_none() && note_view.note_error.is_none() => values,
        result => {
            let errors = result.err().unwrap_or_default();
            return refused_form(
                &state,
                ctx,
                &viewer,
                kind,
                Some(id),
                expected_version,
                &form,
                errors,
                note_view,
                access,
            )
            .await;
        }
    };
    if let Access::Propose { municipality_id } = access {
        return propose(
            &state,
            &ctx,
            &viewer,
            municipality_id,
            kind,
            Some((id, expected_version)),
            &values,
        )
        .await;
    }
    match state
        .store
        .update_record(
            kind,
            id,
            expected_version,
            &values,
            viewer.actor(),
            "",
            Some(&note),
        )
        .await
    {
        Ok(()) => {
            set_flash(&viewer.session, ctx.t("flash-saved")).await?;
            Ok(see_other(
                ctx.lang,
                &format!("/admin/{}/{id}/edit", kind.name),
            ))
        }
        Err(WriteError::Invalid(errors)) => {
            refused_form(
                &state,
                ctx,
                &viewer,
                kind,
                Some(id),
                expected_version,
                &form,
                errors,
                note_view,
                access,
            )
            .await
        }
        Err(WriteError::Conflict { current }) => {
            // Both versions are shown; saving again (with the current version) overwrites on
            // purpose.
            let state_of_form = FormState {
                values: values.clone(),
                errors: Vec::new(),
                conflict: Some(&current),
                status_note: note_view,
            };
            let page = form_page(
                &state,
                ctx,
                &viewer,
                kind,
                Some(id),
                current.row_version,
                state_of_form,
                access,
            )
            .await?;
            Ok((StatusCode::CONFLICT, page).into_response())
        }
        Err(other) => Err(write_error(other)),
    }
}

pub async fn delete(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    ValidPath((kind, id)): ValidPath<(String, i64)>,
    _form: CheckedForm,
) -> AppResult<Response> {
    let kind = kind_of(&kind)?;
    if access(&viewer, kind)? != Access::Full || kind.singleton {
        return Err(AppError::Forbidden);
    }
    match state.store.delete_record(kind, id, viewer.actor()).await {
        Ok(()) => {
            set_flash(&viewer.session, ctx.t("flash-deleted")).await?;
            Ok(see_other(ctx.lang, &format!("/admin/{}", kind.name)))
        }
        Err(WriteError::InUse) => {
            set_flash(&viewer.session, ctx.t("flash-in-use")).await?;
            Ok(see_other(
                ctx.lang,
                &format!("/admin/{}/{id}/edit", kind.name),
            ))
        }
        Err(other) => Err(write_error(other)),
    }
}

pub async fn history(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    ValidPath((kind, id)): ValidPath<(String, i64)>,
) -> AppResult<Html<String>> {
    let kind = kind_of(&kind)?;
    let access = access(&viewer, kind)?;
    let record = state.store.get_record(kind, id).await?;
    match &record {
        Some(record) => check_record(access, record)?,
        None if access != Access::Full => return Err(AppError::Forbidden),
        None => {}
    }
    let revisions = state.store.revisions_of(kind, id).await?;
    if record.is_none() && revisions.is_empty() {
        return Err(AppError::NotFound);
    }
    let options = options_for(&state, kind).await?;
    let views = revisions
        .iter()
        .map(|r| revision_view(&ctx, kind, r, &options))
        .collect();
    render(&HistoryPage {
        admin: chrome(&ctx, &viewer).await?,
        kind: kind.name,
        title: ctx.t(kind.title),
        id,
        record_exists: record.is_some(),
        revisions: views,
        ctx,
    })
}

pub async fn restore(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    ValidPath(revision_id): ValidPath<i64>,
    _form: CheckedForm,
) -> AppResult<Response> {
    viewer.require_staff()?;
    match state
        .store
        .restore_revision(revision_id, viewer.actor())
        .await
    {
        Ok((kind, id)) => {
            set_flash(&viewer.session, ctx.t("flash-restored")).await?;
            Ok(see_other(ctx.lang, &format!("/admin/{kind}/{id}/history")))
        }
        Err(WriteError::Invalid(_)) | Err(WriteError::InUse) => {
            set_flash(&viewer.session, ctx.t("flash-restore-refused")).await?;
            Ok(see_other(ctx.lang, "/admin/audit"))
        }
        Err(other) => Err(write_error(other)),
    }
}

/// The audit log's filters as they arrive; validated by `audit_filter`.
#[derive(Debug, Deserialize, Default)]
pub struct AuditQuery {
    action: Option<String>,
    account: Option<String>,
    from: Option<String>,
    until: Option<String>,
    page: Option<String>,
}

/// Rows of the audit log per page.
const AUDIT_PAGE_SIZE: i64 = 50;

/// The kinds of action the log can be filtered by (prefixes of the stored action codes).
const AUDIT_ACTIONS: &[(&str, &str)] = &[
    ("login.", "audit-action-login"),
    ("logout", "audit-action-logout"),
    ("user.", "audit-action-user"),
    ("mfa.", "audit-action-mfa"),
];

/// The store filter and page of an audit query, or the key of what is wrong with it.
fn audit_filter(query: &AuditQuery) -> Result<(AuditFilter, i64), &'static str> {
    let text = |value: &Option<String>| {
        value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let action = text(&query.action);
    if action
        .as_deref()
        .is_some_and(|a| !AUDIT_ACTIONS.iter().any(|(code, _)| *code == a))
    {
        return Err("form-bad-choice");
    }
    let account = text(&query.account);
    if account.as_deref().is_some_and(|a| a.chars().count() > 254) {
        return Err("form-too-long");
    }
    let day = |value: Option<String>, days_later: i64| -> Result<Option<String>, &'static str> {
        let Some(value) = value else { return Ok(None) };
        let format = time::macros::format_description!("[year]-[month]-[day]");
        let date = time::Date::parse(&value, &format).map_err(|_| "form-bad-date")?;
        let moment = date.midnight().assume_utc() + time::Duration::days(days_later);
        Ok(Some(crate::store::format_timestamp(moment)))
    };
    let from = day(text(&query.from), 0)?;
    // "until" is inclusive for the person: up to the end of that day.
    let until = day(text(&query.until), 1)?;
    let page = match text(&query.page) {
        None => 1,
        Some(page) => page
            .parse::<i64>()
            .ok()
            .filter(|p| (1..=100_000).contains(p))
            .ok_or("form-out-of-range")?,
    };
    Ok((
        AuditFilter {
            action_prefix: action,
            account,
            from,
            until,
        },
        page,
    ))
}

/// The links to the previous and next pages of a list, keeping its other query parameters.
fn pagination(ctx: &PageCtx, path: &str, page: i64, total: i64, page_size: i64) -> Pagination {
    let pages = ((total + page_size - 1) / page_size).max(1);
    let kept: Vec<(String, String)> = ctx
        .query
        .as_deref()
        .map(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).unwrap_or_default())
        .unwrap_or_default()
        .into_iter()
        .filter(|(name, _)| name != "page")
        .collect();
    let link = |to: i64| {
        let mut pairs = kept.clone();
        pairs.push(("page".to_string(), to.to_string()));
        format!(
            "{}?{}",
            ctx.url(path),
            serde_urlencoded::to_string(&pairs).unwrap_or_default()
        )
    };
    Pagination {
        page,
        pages,
        total,
        previous: (page > 1).then(|| link(page - 1)),
        next: (page < pages).then(|| link(page + 1)),
    }
}

pub async fn audit(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    ValidQuery(query): ValidQuery<AuditQuery>,
) -> AppResult<Response> {
    viewer.require_staff()?;
    let (filter, page, filter_error) = match audit_filter(&query) {
        Ok((filter, page)) => (filter, page, None),
        Err(key) => (AuditFilter::default(), 1, Some(ctx.t(key))),
    };
    let store = &state.store;
    let mut all_options: std::collections::HashMap<&str, ReferenceOptions> =
        std::collections::HashMap::new();
    let mut view_of = async |revision: &crate::store::Revision| -> AppResult<Option<crate::views::admin::RevisionView>> {
        let Some(kind) = record_type(&revision.record_type) else { return Ok(None) };
        if !all_options.contains_key(kind.name) {
            all_options.insert(kind.name, options_for(&state, kind).await?);
        }
        let options = all_options.get(kind.name).cloned().unwrap_or_default();
        Ok(Some(revision_view(&ctx, kind, revision, &options)))
    };
    let mut deleted = Vec::new();
    for revision in store.deleted_records().await? {
        deleted.extend(view_of(&revision).await?);
    }
    let mut recent = Vec::new();
    for revision in store.recent_revisions(50).await? {
        recent.extend(view_of(&revision).await?);
    }
    let (log, total) = store
        .audit_page(&filter, AUDIT_PAGE_SIZE, (page - 1) * AUDIT_PAGE_SIZE)
        .await?;
    let typed = |value: &Option<String>| value.clone().unwrap_or_default();
    let filter_action = typed(&query.action);
    let action_options = std::iter::once(OptionView {
        value: String::new(),
        label: ctx.t("filter-any"),
        selected: filter_action.is_empty(),
    })
    .chain(AUDIT_ACTIONS.iter().map(|(code, key)| OptionView {
        value: code.to_string(),
        label: ctx.t(key),
        selected: filter_action == *code,
    }))
    .collect();
    let status = if filter_error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let page_view = AuditPage {
        admin: chrome(&ctx, &viewer).await?,
        deleted,
        recent,
        log,
        filter_account: typed(&query.account),
        filter_from: typed(&query.from),
        filter_until: typed(&query.until),
        filter_action,
        action_options,
        filter_error,
        page: pagination(&ctx, "/admin/audit", page, total, AUDIT_PAGE_SIZE),
        ctx,
    };
    Ok((status, render(&page_view)?).into_response())
}
