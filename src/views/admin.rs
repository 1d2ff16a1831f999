//! Template structs of the admin area, and the form model built from a record type.

use std::collections::HashMap;

use askama::Template;
use serde_json::{Map, Value};

use super::PageCtx;
use crate::records::{Field, FieldError, FieldKind, RecordType};
use crate::store::{AuditRow, ChoiceOption, MunicipalitySummary, RecordRow, Revision, User};

/// Roles offered when creating an account.
pub const ROLE_CODES: &[&str] = &["coordinator", "city_editor", "admin"];

/// What every admin page shows around its content.
#[derive(Debug, Clone)]
pub struct AdminChrome {
    pub user_name: String,
    pub user_email: String,
    pub role: String,
    pub csrf_token: String,
    pub flash: Option<String>,
    pub is_staff: bool,
    pub is_admin: bool,
    /// The municipality a city editor works for.
    pub city_name: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/login.html")]
pub struct LoginPage {
    pub ctx: PageCtx,
    pub csrf_token: String,
    pub email: String,
    pub next: String,
    pub error: Option<String>,
    pub notice: Option<String>,
}

/// The second step of signing in: the code from the authenticator app, or a recovery code.
#[derive(Template)]
#[template(path = "admin/code.html")]
pub struct CodePage {
    pub ctx: PageCtx,
    pub csrf_token: String,
    pub error: Option<String>,
}

/// The signed-in person's own account.
#[derive(Template)]
#[template(path = "admin/account.html")]
pub struct AccountPage {
    pub ctx: PageCtx,
    pub admin: AdminChrome,
    pub user: User,
    pub recovery_codes_left: i64,
    pub error: Option<String>,
}

impl AccountPage {
    /// "Activated on 27 November 2026. 10 recovery codes left."
    pub fn second_factor_status(&self) -> String {
        let since = self
            .ctx
            .date(self.user.totp_enabled_at.as_deref().unwrap_or(""));
        let left = usize::try_from(self.recovery_codes_left).unwrap_or(0);
        format!(
            "{} {}",
            self.ctx.t_name("mfa-enabled-since", &since),
            self.ctx.t_count("mfa-recovery-left", left)
        )
    }
}

/// Enrolling a second factor: the QR code, the secret to type by hand, the first code.
#[derive(Template)]
#[template(path = "admin/mfa_enrol.html")]
pub struct EnrolPage {
    pub ctx: PageCtx,
    pub admin: AdminChrome,
    /// The base32 secret in groups of four letters, for typing.
    pub secret_groups: Vec<String>,
    /// The QR code as an SVG data URI (drawn on the server).
    pub qr_data_uri: String,
    /// The portal requires a second factor before anything else.
    pub required: bool,
    pub error: Option<String>,
}

/// Recovery codes, shown once.
#[derive(Template)]
#[template(path = "admin/recovery_codes.html")]
pub struct RecoveryCodesPage {
    pub ctx: PageCtx,
    pub admin: AdminChrome,
    pub codes: Vec<String>,
}

/// A record type offered on the dashboard.
#[derive(Debug, Clone)]
pub struct TypeLink {
    pub name: &'static str,
    pub title: String,
}

#[derive(Template)]
#[template(path = "admin/dashboard.html")]
pub struct DashboardPage {
    pub ctx: PageCtx,
    pub admin: AdminChrome,
    pub types: Vec<TypeLink>,
    pub pending_proposals: usize,
}

#[derive(Template)]
#[template(path = "admin/list.html")]
pub struct ListPage {
    pub ctx: PageCtx,
    pub admin: AdminChrome,
    pub kind: &'static str,
    pub title: String,
    pub rows: Vec<RecordRow>,
    pub search: String,
    pub can_create: bool,
    pub can_delete: bool,
}

/// One option of a select or checkbox list.
#[derive(Debug, Clone)]
pub struct OptionView {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// One input of a field (two for bilingual fields).
#[derive(Debug, Clone)]
pub struct InputView {
    pub name: String,
    pub label: String,
    pub value: String,
    pub error: Option<String>,
    /// The language of the text typed here, for `lang` on bilingual inputs.
    pub lang: Option<&'static str>,
}

/// A form field as the template draws it.
#[derive(Debug, Clone)]
pub struct FieldView {
    pub label: String,
    /// "text", "number", "decimal", "date", "month", "url", "textarea", "checkbox", "select",
    /// "checkboxes", "lines", "bilingual", "bilingual-long"
    pub widget: &'static str,
    pub inputs: Vec<InputView>,
    pub options: Vec<OptionView>,
    pub required: bool,
    pub checked: bool,
    pub hint: Option<String>,
}

impl FieldView {
    pub fn first(&self) -> Option<&InputView> {
        self.inputs.first()
    }

    pub fn has_error(&self) -> bool {
        self.inputs.iter().any(|i| i.error.is_some())
    }
}

/// A field whose stored value differs from the one being saved (edit conflict).
#[derive(Debug, Clone)]
pub struct ConflictRow {
    pub label: String,
    pub stored: String,
    pub yours: String,
}

#[derive(Template)]
#[template(path = "admin/form.html")]
pub struct FormPage {
    pub ctx: PageCtx,
    pub admin: AdminChrome,
    pub kind: &'static str,
    pub title: String,
    pub id: Option<i64>,
    pub row_version: i64,
    pub fields: Vec<FieldView>,
    pub error_count: usize,
    pub conflict: Vec<ConflictRow>,
    pub conflict_by: String,
    pub is_proposal: bool,
    /// Plans: date and note for the status history.
    pub status_note: Option<StatusNoteView>,
    pub can_delete: bool,
}

#[derive(Debug, Clone, Default)]
pub struct StatusNoteView {
    pub changed_on: String,
    pub note_es: String,
    pub note_en: String,
    /// What is wrong with the date.
    pub error: Option<String>,
    /// What is wrong with the note (too long, control characters).
    pub note_error: Option<String>,
}

/// A revision with what it changed.
#[derive(Debug, Clone)]
pub struct RevisionView {
    pub id: i64,
    pub record_type: String,
    pub record_id: i64,
    pub action: String,
    pub changed_by: String,
    pub changed_at: String,
    pub note: String,
    pub title: String,
    pub changes: Vec<ConflictRow>,
}

#[derive(Template)]
#[template(path = "admin/history.html")]
pub struct HistoryPage {
    pub ctx: PageCtx,
    pub admin: AdminChrome,
    pub kind: &'static str,
    pub title: String,
    pub id: i64,
    pub record_exists: bool,
    pub revisions: Vec<RevisionView>,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
pub struct AuditPage {
    pub ctx: PageCtx,
    pub admin: AdminChrome,
    pub deleted: Vec<RevisionView>,
    pub recent: Vec<RevisionView>,
    pub log: Vec<AuditRow>,
    /// The log's filters as typed (action prefix, account, from, until).
    pub filter_action: String,
    pub filter_account: String,
    pub filter_from: String,
    pub filter_until: String,
    pub action_options: Vec<OptionView>,
    pub filter_error: Option<String>,
    pub page: Pagination,
}

impl AuditPage {
    /// "Page 2 of 7".
    pub fn page_position(&self) -> String {
        self.page.position(&self.ctx)
    }

    pub fn total(&self) -> usize {
        usize::try_from(self.page.total).unwrap_or(0)
    }
}

impl Pagination {
    pub fn position(&self, ctx: &PageCtx) -> String {
        ctx.lang.t_with(
            "pagination-position",
            &[
                ("page", crate::i18n::FluentArg::from(self.page)),
                ("pages", crate::i18n::FluentArg::from(self.pages)),
            ],
        )
    }
}

/// Where a paged list is, and the links to its neighbours (query strings kept).
#[derive(Debug, Clone, Default)]
pub struct Pagination {
    pub page: i64,
    pub pages: i64,
    pub total: i64,
    pub previous: Option<String>,
    pub next: Option<String>,
}

/// A proposal with its changes against the current record.
#[derive(Debug, Clone)]
pub struct ProposalView {
    pub id: i64,
    pub kind: String,
    pub municipality: String,
    pub record_id: Option<i64>,
    pub status: String,
    pub proposed_by: String,
    pub proposed_at: String,
    pub decided_by: String,
    pub changes: Vec<ConflictRow>,
}

/// A proposal that cannot be approved because its record changed since it was made.
#[derive(Template)]
#[template(path = "admin/proposal_conflict.html")]
pub struct ProposalConflictPage {
    pub ctx: PageCtx,
    pub admin: AdminChrome,
    /// The proposal, with its changes against the record as stored now.
    pub proposal: ProposalView,
    /// Who changed the record last, and when.
    pub changed_by: String,
}

#[derive(Template)]
#[template(path = "admin/proposals.html")]
pub struct ProposalsPage {
    pub ctx: PageCtx,
    pub admin: AdminChrome,
    pub pending: Vec<ProposalView>,
    pub decided: Vec<ProposalView>,
}

#[derive(Template)]
#[template(path = "admin/users.html")]
pub struct UsersPage {
    pub ctx: PageCtx,
    pub admin: AdminChrome,
    pub users: Vec<User>,
    pub cities: Vec<MunicipalitySummary>,
    pub form: HashMap<String, String>,
    pub errors: HashMap<String, String>,
}

impl UsersPage {
    pub fn value(&self, name: &str) -> String {
        self.form.get(name).cloned().unwrap_or_default()
    }

    pub fn is_value(&self, name: &str, value: &str) -> bool {
        self.form.get(name).is_some_and(|v| v == value)
    }

    pub fn error(&self, name: &str) -> Option<String> {
        self.errors.get(name).cloned()
    }
}

/// A document's files: upload form, versions, downloads per month.
#[derive(Template)]
#[template(path = "admin/document_files.html")]
pub struct DocumentFilesPage {
    pub ctx: PageCtx,
    pub admin: AdminChrome,
    pub id: i64,
    pub title: String,
    pub status: String,
    pub versions: Vec<crate::store::DocumentVersion>,
    pub downloads: Vec<crate::store::MonthlyDownloads>,
    pub max_upload_mb: u64,
    pub formats: String,
    pub error: Option<String>,
    pub language: String,
}

/// Options for reference fields, keyed by table.
pub type ReferenceOptions = HashMap<&'static str, Vec<ChoiceOption>>;

impl RevisionView {
    /// Catalog key of the record type's title.
    pub fn record_type_title_key(&self) -> String {
        format!("admin-type-{}", self.record_type)
    }
}

/// Text of a stored value as a form shows it.
pub fn value_text(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Some(other) => other.to_string(),
    }
}

/// Text of a stored value for people: labels instead of codes and ids.
pub fn display_value(
    ctx: &PageCtx,
    field: &Field,
    column: &str,
    values: &Map<String, Value>,
    options: &ReferenceOptions,
) -> String {
    let value = values.get(column);
    let name_of = |table: &str, id: i64| {
        options
            .get(table)
            .and_then(|opts| opts.iter().find(|o| o.id == id))
            .map(|o| o.label.clone())
            .unwrap_or_else(|| format!("#{id}"))
    };
    match (field.kind, value) {
        (_, None | Some(Value::Null)) => "—".to_string(),
        (FieldKind::Bool, Some(v)) => ctx.yes_no(v.as_i64().unwrap_or(0)),
        (FieldKind::Choice { label_prefix, .. }, Some(Value::String(code))) => {
            ctx.label(label_prefix, code)
        }
        (FieldKind::Reference { table, .. }, Some(v)) => {
            v.as_i64().map(|id| name_of(table, id)).unwrap_or_default()
        }
        (FieldKind::Municipalities { .. }, Some(Value::Array(ids))) => ids
            .iter()
            .filter_map(Value::as_i64)
            .map(|id| name_of("municipalities", id))
            .collect::<Vec<_>>()
            .join(", "),
        (_, Some(v)) => value_text(Some(v)).replace('\n', ", "),
    }
}

/// Rows for each stored column whose value differs between two snapshots.
pub fn changes(
    ctx: &PageCtx,
    kind: &RecordType,
    before: &Map<String, Value>,
    after: &Map<String, Value>,
    options: &ReferenceOptions,
) -> Vec<ConflictRow> {
    let mut rows = Vec::new();
    for field in kind.fields {
        let columns = match field.kind {
            FieldKind::Municipalities { .. } | FieldKind::Lines { .. } => {
                vec![field.name.to_string()]
            }
            _ => field.columns(),
        };
        for column in columns {
            if before.get(&column) == after.get(&column) {
                continue;
            }
            let mut label = ctx.t(field.label);
            let lang = column
                .strip_suffix("_es")
                .map(|_| "es")
                .or(column.strip_suffix("_en").map(|_| "en"));
            if let Some(lang) = lang.filter(|_| matches!(field.kind, FieldKind::Bilingual { .. })) {
                label = format!("{label} ({})", ctx.t(format!("language-{lang}")));
            }
            rows.push(ConflictRow {
                label,
                stored: display_value(ctx, field, &column, before, options),
                yours: display_value(ctx, field, &column, after, options),
            });
        }
    }
    rows
}

/// Turns a revision into a view with its changes.
pub fn revision_view(
    ctx: &PageCtx,
    kind: &RecordType,
    revision: &Revision,
    options: &ReferenceOptions,
) -> RevisionView {
    let before = revision.before();
    let after = revision.after();
    let title_source = if after.is_empty() { &before } else { &after };
    RevisionView {
        id: revision.id,
        record_type: revision.record_type.clone(),
        record_id: revision.record_id,
        action: revision.action.clone(),
        changed_by: revision.changed_by.clone(),
        changed_at: revision.changed_at.clone(),
        note: revision.note.clone(),
        title: value_text(title_source.get(kind.display_column)),
        changes: changes(ctx, kind, &before, &after, options),
    }
}

/// The form fields of a record type, filled with `values`, with each error beside its input.
pub fn form_fields(
    ctx: &PageCtx,
    kind: &RecordType,
    values: &Map<String, Value>,
    errors: &[FieldError],
    options: &ReferenceOptions,
    locked_municipality: Option<i64>,
) -> Vec<FieldView> {
    let error_for = |input: &str| {
        errors
            .iter()
            .find(|e| e.input == input)
            .map(|e| ctx.t(e.message_key))
    };
    kind.fields
        .iter()
        .map(|field| {
            let label = ctx.t(field.label);
            let single = |value: String| {
                vec![InputView {
                    name: field.name.to_string(),
                    label: label.clone(),
                    value,
                    error: error_for(field.name),
                    lang: None,
                }]
            };
            let plain = value_text(values.get(field.name));
            let mut view = FieldView {
                label: label.clone(),
                widget: "text",
                inputs: Vec::new(),
                options: Vec::new(),
                required: field.required,
                checked: false,
                hint: None,
            };
            match field.kind {
                FieldKind::Text { .. } | FieldKind::Code => view.inputs = single(plain),
                FieldKind::Slug => {
                    view.inputs = single(plain);
                    view.hint = Some(ctx.t("form-slug-hint"));
                }
                FieldKind::LongText => {
                    view.widget = "textarea";
                    view.inputs = single(plain);
                }
                FieldKind::Bilingual { long } => {
                    view.widget = if long { "bilingual-long" } else { "bilingual" };
                    view.inputs = [("es", "language-es"), ("en", "language-en")]
                        .iter()
                        .map(|(code, key)| {
                            let name = format!("{}_{code}", field.name);
                            InputView {
                                value: value_text(values.get(&name)),
                                error: error_for(&name),
                                label: format!("{label} — {}", ctx.t(key)),
                                name,
                                lang: Some(*code),
                            }
                        })
                        .collect();
                }
                FieldKind::Integer { .. } => {
                    view.widget = "number";
                    view.inputs = single(plain);
                }
                FieldKind::Decimal { .. } => {
                    view.widget = "decimal";
                    view.inputs = single(plain);
                }
                FieldKind::Bool => {
                    view.widget = "checkbox";
                    view.checked = values.get(field.name).and_then(Value::as_i64).unwrap_or(0) != 0;
                    view.inputs = single("1".to_string());
                }
                FieldKind::Date => {
                    view.widget = "date";
                    view.inputs = single(plain);
                }
                FieldKind::Month => {
                    view.widget = "month";
                    view.inputs = single(plain);
                    view.hint = Some(ctx.t("form-month-hint"));
                }
                FieldKind::Url => {
                    view.widget = "url";
                    view.inputs = single(plain);
                }
                FieldKind::Choice {
                    codes,
                    label_prefix,
                } => {
                    view.widget = "select";
                    view.inputs = single(plain.clone());
                    if !field.required {
                        view.options.push(OptionView {
                            value: String::new(),
                            label: ctx.t("form-none"),
                            selected: plain.is_empty(),
                        });
                    }
                    view.options.extend(codes.iter().map(|code| OptionView {
                        value: code.to_string(),
                        label: ctx.label(label_prefix, code),
                        selected: plain == *code,
                    }));
                }
                FieldKind::Reference { table, .. } => {
                    view.widget = "select";
                    view.inputs = single(plain.clone());
                    let choices = options.get(table).cloned().unwrap_or_default();
                    let locked = locked_municipality.filter(|_| table == "municipalities");
                    if !field.required && locked.is_none() {
                        view.options.push(OptionView {
                            value: String::new(),
                            label: ctx.t("form-none"),
                            selected: plain.is_empty(),
                        });
                    }
                    view.options.extend(
                        choices
                            .iter()
                            .filter(|c| locked.is_none_or(|id| c.id == id))
                            .map(|c| OptionView {
                                value: c.id.to_string(),
                                label: c.label.clone(),
                                selected: plain == c.id.to_string(),
                            }),
                    );
                }
                FieldKind::Municipalities { .. } => {
                    view.widget = "checkboxes";
                    view.inputs = single(String::new());
                    let chosen: Vec<i64> = values
                        .get(field.name)
                        .and_then(Value::as_array)
                        .map(|ids| ids.iter().filter_map(Value::as_i64).collect())
                        .unwrap_or_default();
                    view.options = options
                        .get("municipalities")
                        .cloned()
                        .unwrap_or_default()
                        .into_iter()
                        .map(|c| OptionView {
                            selected: chosen.contains(&c.id),
                            value: c.id.to_string(),
                            label: c.label,
                        })
                        .collect();
                }
                FieldKind::Lines { .. } => {
                    view.widget = "lines";
                    view.inputs = single(plain);
                    view.hint = Some(ctx.t("form-lines-hint"));
                }
            }
            view
        })
        .collect()
}
