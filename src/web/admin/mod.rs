//! The admin area (`/admin`, and `/en/admin` in English): sign-in, the forms of every record
//! type, revisions, proposals, users and the audit log. Every route checks the role on the
//! server; every state-changing form carries a CSRF token tied to the session.

mod auth;
mod files;
mod proposals;
mod records;
mod users;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, Session, SessionManagerLayer};

use crate::domain::accounts::Role;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::records::RawForm;
use crate::startup::AppState;
use crate::store::{SESSION_USER_KEY, StoreSessions, User};

/// Session keys.
const LOGIN_AT_KEY: &str = "login_at";
const CSRF_KEY: &str = "csrf";
const FLASH_KEY: &str = "flash";

/// Sessions end after 30 minutes without a request, and 12 hours after sign-in in any case.
pub const INACTIVITY_MINUTES: i64 = 30;
pub const ABSOLUTE_HOURS: i64 = 12;

pub fn router(state: &AppState) -> Router<AppState> {
    let sessions = SessionManagerLayer::new(StoreSessions::new(state.store.clone()))
        .with_name("portal_session")
        .with_path("/")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.config.secure_cookies)
        .with_always_save(true)
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(
            INACTIVITY_MINUTES,
        )));
    let routes = Router::new()
        .route("/", get(records::dashboard))
        .route("/login", get(auth::login_form).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/audit", get(records::audit))
        .route("/revisions/{id}/restore", post(records::restore))
        .route("/proposals", get(proposals::list))
        .route("/proposals/{id}/approve", post(proposals::approve))
        .route("/proposals/{id}/reject", post(proposals::reject))
        .route("/users", get(users::list).post(users::create))
        .route("/users/{id}/disable", post(users::disable))
        .route("/users/{id}/enable", post(users::enable))
        .route(
            "/documents/{id}/files",
            get(files::show)
                .post(files::upload)
                .layer(files::body_limit(state.config.max_upload_mb)),
        )
        .route(
            "/documents/{id}/versions/{version}/download",
            get(files::download_version),
        )
        .route("/{kind}", get(records::list))
        .route("/{kind}/new", get(records::new_form).post(records::create))
        .route(
            "/{kind}/{id}/edit",
            get(records::edit_form).post(records::update),
        )
        .route("/{kind}/{id}/delete", post(records::delete))
        .route("/{kind}/{id}/history", get(records::history));
    Router::new()
        .nest("/admin", routes.clone())
        .nest("/en/admin", routes)
        .layer(sessions)
}

/// A signed-in account with a live session.
pub struct Viewer {
    pub user: User,
    pub role: Role,
    pub session: Session,
    pub csrf_token: String,
}

impl Viewer {
    pub fn is_staff(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Coordinator)
    }

    pub fn require_staff(&self) -> Result<(), AppError> {
        if self.is_staff() {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    pub fn require_admin(&self) -> Result<(), AppError> {
        if self.role == Role::Admin {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The name written into revisions and the audit log.
    pub fn actor(&self) -> &str {
        &self.user.email
    }
}

fn full_path(parts: &Parts) -> String {
    parts
        .extensions
        .get::<axum::extract::OriginalUri>()
        .map(|uri| {
            uri.0
                .path_and_query()
                .map(|p| p.as_str().to_string())
                .unwrap_or_default()
        })
        .unwrap_or_else(|| parts.uri.path().to_string())
}

/// Where to sign in, coming back to `next` afterwards.
fn login_redirect(lang: Lang, next: &str) -> Response {
    let query = serde_urlencoded::to_string([("next", next)]).unwrap_or_default();
    Redirect::to(&format!("{}?{query}", lang.path("/admin/login"))).into_response()
}

/// The session's CSRF token, made on first use.
async fn csrf_token(session: &Session) -> Result<String, AppError> {
    if let Some(token) = session
        .get::<String>(CSRF_KEY)
        .await
        .map_err(session_error)?
    {
        return Ok(token);
    }
    let token = random_token();
    session
        .insert(CSRF_KEY, &token)
        .await
        .map_err(session_error)?;
    Ok(token)
}

/// A fresh secret for forms (CSRF).
fn random_token() -> String {
    crate::domain::random_hex(32)
}

fn session_error(error: tower_sessions::session::Error) -> AppError {
    AppError::Internal(format!("session: {error}"))
}

/// The signed-in user of a request, if any: ends sessions past the absolute timeout and those of
/// disabled or deleted accounts.
async fn signed_in(session: &Session, state: &AppState) -> Result<Option<(User, Role)>, AppError> {
    let Some(user_id) = session
        .get::<i64>(SESSION_USER_KEY)
        .await
        .map_err(session_error)?
    else {
        return Ok(None);
    };
    let login_at = session
        .get::<i64>(LOGIN_AT_KEY)
        .await
        .map_err(session_error)?
        .unwrap_or(0);
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let user = state.store.user_by_id(user_id).await?;
    let valid = user
        .as_ref()
        .filter(|u| !u.is_disabled() && now - login_at <= ABSOLUTE_HOURS * 3600);
    match valid.and_then(|u| u.role().map(|role| (u.clone(), role))) {
        Some(found) => Ok(Some(found)),
        None => {
            session.flush().await.map_err(session_error)?;
            Ok(None)
        }
    }
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let path = full_path(parts);
        let lang = Lang::of_path(&path);
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(|(status, message)| (status, message).into_response())?;
        match signed_in(&session, state).await {
            Ok(Some((user, role))) => {
                let csrf_token = csrf_token(&session)
                    .await
                    .map_err(IntoResponse::into_response)?;
                Ok(Viewer {
                    user,
                    role,
                    session,
                    csrf_token,
                })
            }
            Ok(None) => Err(login_redirect(lang, &path)),
            Err(error) => Err(error.into_response()),
        }
    }
}

/// A submitted form (application/x-www-form-urlencoded) whose CSRF token matched the session's.
/// Repeated inputs (checkbox lists) are joined with commas.
pub struct CheckedForm {
    pub fields: RawForm,
    pub session: Session,
}

impl CheckedForm {
    pub fn get(&self, name: &str) -> &str {
        self.fields.get(name).map(String::as_str).unwrap_or("")
    }
}

impl FromRequest<AppState> for CheckedForm {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, AppError> {
        let (mut parts, body) = request.into_parts();
        let lang = Lang::of_path(&full_path(&parts));
        let session = Session::from_request_parts(&mut parts, state)
            .await
            .map_err(|_| AppError::Internal("session layer missing".into()))?;
        let request = Request::from_parts(parts, body);
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|_| AppError::BadRequest(lang.t("error-bad-form")))?;
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes)
            .map_err(|_| AppError::BadRequest(lang.t("error-bad-form")))?;
        let mut fields = RawForm::new();
        for (name, value) in pairs {
            fields
                .entry(name)
                .and_modify(|existing| {
                    existing.push(',');
                    existing.push_str(&value);
                })
                .or_insert(value);
        }
        let expected = session
            .get::<String>(CSRF_KEY)
            .await
            .map_err(session_error)?;
        let sent = fields.get("csrf_token");
        let matches = match (expected, sent) {
            (Some(expected), Some(sent)) => constant_time_eq(expected.as_bytes(), sent.as_bytes()),
            _ => false,
        };
        if !matches {
            return Err(AppError::CsrfRejected(lang.t("error-csrf")));
        }
        Ok(CheckedForm { fields, session })
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Leaves a one-time message for the next page.
pub async fn set_flash(session: &Session, message: String) -> Result<(), AppError> {
    session
        .insert(FLASH_KEY, message)
        .await
        .map_err(session_error)
}

pub async fn take_flash(session: &Session) -> Result<Option<String>, AppError> {
    session
        .remove::<String>(FLASH_KEY)
        .await
        .map_err(session_error)
}

/// Post/redirect/get: a 303 to `path` in the viewer's language.
pub fn see_other(lang: Lang, path: &str) -> Response {
    Redirect::to(&lang.path(path)).into_response()
}
