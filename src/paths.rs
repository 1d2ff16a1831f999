//! Every path of the portal, built in one place: the routers mount the patterns, handlers
//! redirect to the built paths, templates link with them (through `PageCtx::link`, which adds
//! the language prefix). A template never glues an id into a path.

use crate::catalogue::RecordType;

/// A record id however deeply a template borrowed it (`i64`, `&i64`, `&&i64`).
pub trait Id {
    fn id(&self) -> i64;
}

impl Id for i64 {
    fn id(&self) -> i64 {
        *self
    }
}

impl<T: Id + ?Sized> Id for &T {
    fn id(&self) -> i64 {
        (**self).id()
    }
}

/// Route patterns of the admin area, relative to `/admin` (and `/en/admin`).
pub mod admin_routes {
    pub const DASHBOARD: &str = "/";
    pub const LOGIN: &str = "/login";
    pub const LOGIN_CODE: &str = "/login/code";
    pub const LOGOUT: &str = "/logout";
    pub const ACCOUNT: &str = "/account";
    pub const ACCOUNT_MFA: &str = "/account/mfa";
    pub const ACCOUNT_RECOVERY_CODES: &str = "/account/recovery-codes";
    pub const ACCOUNT_SIGN_OUT_EVERYWHERE: &str = "/account/sign-out-everywhere";
    pub const AUDIT: &str = "/audit";
    pub const RESTORE: &str = "/revisions/{id}/restore";
    pub const PROPOSALS: &str = "/proposals";
    pub const PROPOSAL_APPROVE: &str = "/proposals/{id}/approve";
    pub const PROPOSAL_REJECT: &str = "/proposals/{id}/reject";
    pub const USERS: &str = "/users";
    pub const USER_DISABLE: &str = "/users/{id}/disable";
    pub const USER_ENABLE: &str = "/users/{id}/enable";
    pub const USER_RESET_MFA: &str = "/users/{id}/reset-mfa";
    pub const DOCUMENT_FILES: &str = "/documents/{id}/files";
    pub const DOCUMENT_VERSION: &str = "/documents/{id}/versions/{version}/download";
    pub const LEDGER: &str = "/municipalities/{id}/progress";
    pub const DUE: &str = "/due";
    pub const IMPORT: &str = "/import";
    pub const IMPORT_TEMPLATE_CSV: &str = "/import/plantilla-progreso.csv";
    pub const IMPORT_TEMPLATE_XLSX: &str = "/import/plantilla-progreso.xlsx";
    pub const LIST: &str = "/{kind}";
    pub const NEW: &str = "/{kind}/new";
    pub const BULK: &str = "/{kind}/bulk";
    pub const EDIT: &str = "/{kind}/{id}/edit";
    pub const DELETE: &str = "/{kind}/{id}/delete";
    pub const HISTORY: &str = "/{kind}/{id}/history";
}

pub fn admin() -> String {
    "/admin".to_string()
}

pub fn login() -> String {
    "/admin/login".to_string()
}

pub fn login_code() -> String {
    "/admin/login/code".to_string()
}

pub fn logout() -> String {
    "/admin/logout".to_string()
}

pub fn account() -> String {
    "/admin/account".to_string()
}

pub fn account_mfa() -> String {
    "/admin/account/mfa".to_string()
}

pub fn account_recovery_codes() -> String {
    "/admin/account/recovery-codes".to_string()
}

pub fn account_sign_out_everywhere() -> String {
    "/admin/account/sign-out-everywhere".to_string()
}

pub fn audit() -> String {
    "/admin/audit".to_string()
}

pub fn restore(revision_id: impl Id) -> String {
    let revision_id = revision_id.id();
    format!("/admin/revisions/{revision_id}/restore")
}

pub fn proposals() -> String {
    "/admin/proposals".to_string()
}

pub fn proposal_approve(id: impl Id) -> String {
    let id = id.id();
    format!("/admin/proposals/{id}/approve")
}

pub fn proposal_reject(id: impl Id) -> String {
    let id = id.id();
    format!("/admin/proposals/{id}/reject")
}

pub fn users() -> String {
    "/admin/users".to_string()
}

pub fn user_disable(id: impl Id) -> String {
    let id = id.id();
    format!("/admin/users/{id}/disable")
}

pub fn user_enable(id: impl Id) -> String {
    let id = id.id();
    format!("/admin/users/{id}/enable")
}

pub fn user_reset_mfa(id: impl Id) -> String {
    let id = id.id();
    format!("/admin/users/{id}/reset-mfa")
}

pub fn documents() -> String {
    records(&crate::catalogue::DOCUMENTS)
}

pub fn document_edit(id: impl Id) -> String {
    let id = id.id();
    record_edit(&crate::catalogue::DOCUMENTS, id)
}

pub fn document_files(id: impl Id) -> String {
    let id = id.id();
    format!("/admin/documents/{id}/files")
}

pub fn document_version(id: impl Id, version: impl Id) -> String {
    let id = id.id();
    let version = version.id();
    format!("/admin/documents/{id}/versions/{version}/download")
}

/// A municipality's progress: its commitment date and every phase, in one form.
pub fn ledger(municipality_id: impl Id) -> String {
    format!("/admin/municipalities/{}/progress", municipality_id.id())
}

/// What each city must deliver in the next six months, and what is overdue.
pub fn due() -> String {
    "/admin/due".to_string()
}

/// The spreadsheet import of progress.
pub fn import() -> String {
    "/admin/import".to_string()
}

pub fn import_template_csv() -> String {
    format!("/admin{}", admin_routes::IMPORT_TEMPLATE_CSV)
}

pub fn import_template_xlsx() -> String {
    format!("/admin{}", admin_routes::IMPORT_TEMPLATE_XLSX)
}

pub fn records(kind: &RecordType) -> String {
    format!("/admin/{}", kind.slug)
}

pub fn records_filtered(kind: &RecordType, filter: &str, value: impl Id) -> String {
    let value = value.id();
    format!("/admin/{}?{filter}={value}", kind.slug)
}

pub fn record_new(kind: &RecordType) -> String {
    format!("/admin/{}/new", kind.slug)
}

pub fn records_bulk(kind: &RecordType) -> String {
    format!("/admin/{}/bulk", kind.slug)
}

pub fn record_edit(kind: &RecordType, id: impl Id) -> String {
    let id = id.id();
    format!("/admin/{}/{id}/edit", kind.slug)
}

pub fn record_delete(kind: &RecordType, id: impl Id) -> String {
    let id = id.id();
    format!("/admin/{}/{id}/delete", kind.slug)
}

pub fn record_history(kind: &RecordType, id: impl Id) -> String {
    let id = id.id();
    format!("/admin/{}/{id}/history", kind.slug)
}

/// Public pages.
pub fn city(slug: &str) -> String {
    format!("/cities/{slug}")
}

/// A city's one-page handover summary for the authorities who take office.
pub fn handover(slug: &str) -> String {
    format!("/cities/{slug}/handover")
}

/// The home page's preview image (Open Graph).
pub fn preview() -> String {
    "/preview.png".to_string()
}

/// A city's preview image (Open Graph).
pub fn city_preview(slug: &str) -> String {
    format!("/cities/{slug}/preview.png")
}

/// A city's badge image for other sites to show.
pub fn city_badge_svg(slug: &str) -> String {
    format!("/cities/{slug}/badge.svg")
}

/// A city's compact page for other sites to frame.
pub fn city_embed(slug: &str) -> String {
    format!("/embed/cities/{slug}")
}

/// Every municipality against the GCoM phases.
pub fn progress() -> String {
    "/progress".to_string()
}

/// How the portal counts progress, and its sources.
pub fn methodology() -> String {
    "/methodology".to_string()
}

/// Every download, the API, the licence and how to cite.
pub fn open_data() -> String {
    "/data".to_string()
}

/// Everything published as one ZIP (the same as `portal export --public`).
pub fn public_dump() -> String {
    format!("/data/{}", crate::open_data::ZIP_NAME)
}

pub fn guide(slug: &str) -> String {
    format!("/guides/{slug}")
}

pub fn guide_download(slug: &str) -> String {
    format!("/guides/{slug}/download")
}

pub fn document_download(slug: &str) -> String {
    format!("/documents/{slug}/download")
}

/// The Atom feed of published changes (English under `/en`, like the pages).
pub fn feed() -> String {
    "/feed.atom".to_string()
}

/// Every public page for search engines; one for both languages, at the root only.
pub fn sitemap() -> String {
    "/sitemap.xml".to_string()
}

/// What crawlers may visit; at the root only, where crawlers look for it.
pub fn robots() -> String {
    "/robots.txt".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::BADGES;

    /// A built path matches its route pattern (same segments, placeholders filled).
    fn matches(pattern: &str, path: &str) -> bool {
        let pattern: Vec<&str> = pattern.split('/').collect();
        let path: Vec<&str> = path.split('/').collect();
        pattern.len() == path.len()
            && pattern
                .iter()
                .zip(&path)
                .all(|(p, s)| (p.starts_with('{') && !s.is_empty()) || p == s)
    }

    #[test]
    fn built_paths_match_the_routes_the_router_mounts() {
        use admin_routes::*;
        let admin = |path: String| path.trim_start_matches("/admin").to_string();
        let cases = [
            (LIST, admin(records(&BADGES))),
            (NEW, admin(record_new(&BADGES))),
            (BULK, admin(records_bulk(&BADGES))),
            (EDIT, admin(record_edit(&BADGES, 3))),
            (DELETE, admin(record_delete(&BADGES, 3))),
            (HISTORY, admin(record_history(&BADGES, 3))),
            (RESTORE, admin(restore(9))),
            (PROPOSAL_APPROVE, admin(proposal_approve(2))),
            (PROPOSAL_REJECT, admin(proposal_reject(2))),
            (USER_DISABLE, admin(user_disable(4))),
            (USER_ENABLE, admin(user_enable(4))),
            (USER_RESET_MFA, admin(user_reset_mfa(4))),
            (DOCUMENT_FILES, admin(document_files(1))),
            (LEDGER, admin(ledger(5))),
            (DUE, admin(due())),
            (IMPORT, admin(import())),
            (IMPORT_TEMPLATE_CSV, admin(import_template_csv())),
            (IMPORT_TEMPLATE_XLSX, admin(import_template_xlsx())),
            (DOCUMENT_VERSION, admin(document_version(1, 2))),
            (LOGIN, admin(login())),
            (LOGIN_CODE, admin(login_code())),
            (LOGOUT, admin(logout())),
            (ACCOUNT, admin(account())),
            (ACCOUNT_MFA, admin(account_mfa())),
            (ACCOUNT_RECOVERY_CODES, admin(account_recovery_codes())),
            (
                ACCOUNT_SIGN_OUT_EVERYWHERE,
                admin(account_sign_out_everywhere()),
            ),
            (AUDIT, admin(audit())),
            (PROPOSALS, admin(proposals())),
            (USERS, admin(users())),
        ];
        for (pattern, path) in cases {
            assert!(matches(pattern, &path), "{path} does not match {pattern}");
        }
    }
}
