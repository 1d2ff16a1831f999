//! Template structs of the admin area. The record engine's pages (list, form, history) are in
//! `records.rs`.

pub mod progress;
pub mod records;

use askama::Template;

use super::PageCtx;
use crate::catalogue::RecordType;
use crate::forms::FieldErrors;
use crate::store::{AuditRow, MunicipalitySummary, User};

pub use records::{ChangeRow, FormOptions, RevisionView};

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
    pub errors: FieldErrors,
    /// Catalog key of a notice ("signed out").
    pub notice: Option<&'static str>,
}

/// The second step of signing in: the code from the authenticator app, or a recovery code.
#[derive(Template)]
#[template(path = "admin/code.html")]
pub struct CodePage {
    pub ctx: PageCtx,
    pub csrf_token: String,
    pub errors: FieldErrors,
}

/// The signed-in person's own account.
#[derive(Template)]
#[template(path = "admin/account.html")]
pub struct AccountPage {
    pub ctx: PageCtx,
    pub admin: AdminChrome,
    pub user: User,
    pub recovery_codes_left: i64,
    pub errors: FieldErrors,
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
    pub errors: FieldErrors,
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
    pub kind: &'static RecordType,
    pub title: String,
}

#[derive(Template)]
#[template(path = "admin/dashboard.html")]
pub struct DashboardPage {
    pub ctx: PageCtx,
    pub admin: AdminChrome,
    pub types: Vec<TypeLink>,
    pub pending_proposals: usize,
    /// Progress tools: (path, title, what it is for).
    pub tools: Vec<(String, String, String)>,
}

/// One option of a select or checkbox list.
#[derive(Debug, Clone)]
pub struct OptionView {
    pub value: String,
    pub label: String,
    pub selected: bool,
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
    pub errors: FieldErrors,
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
    pub changes: Vec<ChangeRow>,
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
    /// The new account's inputs as typed (never the password).
    pub form: std::collections::HashMap<String, String>,
    pub errors: FieldErrors,
}

impl UsersPage {
    pub fn value(&self, name: &str) -> String {
        self.form.get(name).cloned().unwrap_or_default()
    }

    pub fn is_value(&self, name: &str, value: &str) -> bool {
        self.form.get(name).is_some_and(|v| v == value)
    }

    pub fn error(&self, name: &str) -> Option<&'static str> {
        self.errors.get(name)
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
    pub errors: FieldErrors,
    pub language: String,
}

impl DocumentFilesPage {
    /// The largest upload, for messages that say it.
    pub fn max_mb(&self) -> usize {
        usize::try_from(self.max_upload_mb).unwrap_or(usize::MAX)
    }
}
