//! The admin area (`/admin`, and `/en/admin` in English): sign-in, the forms of every record
//! type, revisions, proposals, users, accounts and the audit log. Every route checks the role on
//! the server; every state-changing form carries a CSRF token tied to the session (the sign-in
//! form, before any session exists, a signed token doubled in a cookie).

mod account;
mod audit;
mod auth;
mod files;
mod import;
mod progress;
mod proposals;
mod records;
mod users;

pub use auth::SIGN_IN_WINDOW;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use tower_http::timeout::TimeoutLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, Session, SessionManagerLayer};

use super::cookies::PortalCookie;
use super::form::{FormFields, MAX_FORM_BYTES};
use crate::domain::accounts::Role;
use crate::domain::constant_time_eq;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::paths::admin_routes as route;
use crate::state::AppState;
use crate::store::{SESSION_USER_KEY, StoreSessions, User};
use crate::views::PageCtx;
use crate::views::admin::AdminChrome;

/// Session keys.
const LOGIN_AT_KEY: &str = "login_at_ms";
const CSRF_KEY: &str = "csrf";
const FLASH_KEY: &str = "flash";

/// Sessions end after 30 minutes without a request, and 12 hours after sign-in in any case.
pub const INACTIVITY_MINUTES: i64 = 30;
pub const ABSOLUTE_HOURS: i64 = 12;

/// Whether a page is one an account without a required second factor may still open.
fn is_enrolment_path(path: &str) -> bool {
    path == crate::paths::account_mfa() || path == crate::paths::logout()
}

pub fn router(state: &AppState) -> Router<AppState> {
    let config = &state.config;
    let sessions = SessionManagerLayer::new(StoreSessions::new(state.store.clone()))
        .with_name(PortalCookie::Session.name(config.secure_cookies))
        .with_path("/")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.secure_cookies)
        .with_always_save(true)
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(
            INACTIVITY_MINUTES,
        )));
    // Every admin request but an upload must be answered within the request timeout; an
    // upload may take longer on a slow link and has an idle timeout instead.
    let routes = Router::new()
        .merge(account_routes())
        .merge(record_routes())
        .route_layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            config.limits.request_timeout,
        ))
        .route(
            route::DOCUMENT_FILES,
            files::upload_route(config.max_upload_mb, config.limits.upload_idle_timeout),
        );
    Router::new()
        .nest("/admin", routes.clone())
        .nest("/en/admin", routes)
        .layer(sessions)
}

/// Signing in and out, the person's own account, accounts, the audit log.
fn account_routes() -> Router<AppState> {
    Router::new()
        .route(route::LOGIN, get(auth::login_form).post(auth::login))
        .route(route::LOGIN_CODE, get(auth::code_form).post(auth::code))
        .route(route::LOGOUT, post(auth::logout))
        .route(route::ACCOUNT, get(account::show))
        .route(
            route::ACCOUNT_MFA,
            get(account::enrol_form).post(account::enrol),
        )
        .route(
            route::ACCOUNT_RECOVERY_CODES,
            post(account::new_recovery_codes),
        )
        .route(
            route::ACCOUNT_SIGN_OUT_EVERYWHERE,
            post(account::sign_out_everywhere),
        )
        .route(route::USERS, get(users::list).post(users::create))
        .route(route::USER_DISABLE, post(users::disable))
        .route(route::USER_ENABLE, post(users::enable))
        .route(route::USER_RESET_MFA, post(users::reset_mfa))
        .route(route::AUDIT, get(audit::audit))
}

/// The record engine, proposals and document files.
fn record_routes() -> Router<AppState> {
    Router::new()
        .route(route::DASHBOARD, get(records::dashboard))
        .route(route::RESTORE, post(records::restore))
        .route(route::PROPOSALS, get(proposals::list))
        .route(route::PROPOSAL_APPROVE, post(proposals::approve))
        .route(route::PROPOSAL_REJECT, post(proposals::reject))
        .route(route::DOCUMENT_FILES, get(files::show))
        .route(route::DOCUMENT_VERSION, get(files::download_version))
        .route(route::LEDGER, get(progress::form).post(progress::save))
        .route(route::DUE, get(progress::due))
        .route(route::IMPORT, get(import::show).merge(import::route()))
        .route(route::IMPORT_TEMPLATE_CSV, get(import::template_csv))
        .route(route::IMPORT_TEMPLATE_XLSX, get(import::template_xlsx))
        .route(route::LIST, get(records::list))
        .route(route::NEW, get(records::new_form).post(records::create))
        .route(route::BULK, post(records::bulk))
        .route(route::EDIT, get(records::edit_form).post(records::update))
        .route(route::DELETE, post(records::delete))
        .route(route::HISTORY, get(records::history))
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
    Redirect::to(&format!("{}?{query}", lang.path(&crate::paths::login()))).into_response()
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

/// Whether `sent` is the session's CSRF token.
async fn csrf_matches(session: &Session, sent: &str) -> Result<bool, AppError> {
    let expected = session
        .get::<String>(CSRF_KEY)
        .await
        .map_err(session_error)?;
    Ok(expected.is_some_and(|expected| constant_time_eq(expected.as_bytes(), sent.as_bytes())))
}

/// A fresh secret for forms (CSRF).
fn random_token() -> String {
    crate::domain::random_hex(32)
}

fn session_error(error: tower_sessions::session::Error) -> AppError {
    AppError::Internal(format!("session: {error}"))
}

fn now_millis() -> i64 {
    crate::store::now_millis()
}

/// The signed-in user of a request, if any. Ends the session when it is past the absolute
/// timeout, when the account is disabled or gone, and when it was signed in before the account's
/// "sessions valid after" time (password change, disabling, sign-out everywhere).
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
    let user = state.store.user_by_id(user_id).await?;
    let valid = user.as_ref().filter(|u| {
        !u.is_disabled()
            && login_at >= u.sessions_valid_after
            && now_millis() - login_at <= ABSOLUTE_HOURS * 3_600_000
    });
    match valid.and_then(|u| u.role().map(|role| (u.clone(), role))) {
        Some(found) => Ok(Some(found)),
        None => {
            session.flush().await.map_err(session_error)?;
            Ok(None)
        }
    }
}

/// Whether the account must enrol a second factor before doing anything else.
fn must_enrol(state: &AppState, user: &User) -> bool {
    state.config.require_mfa && user.is_staff() && !user.has_second_factor()
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let path = full_path(parts);
        let lang = Lang::of_path(&path);
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(|(status, message)| (status, message).into_response())?;
        let (user, role) = match signed_in(&session, state).await {
            Ok(Some(found)) => found,
            Ok(None) => return Err(login_redirect(lang, &path)),
            Err(error) => return Err(error.into_response()),
        };
        let bare_path = Lang::strip_prefix(path.split('?').next().unwrap_or(""));
        if must_enrol(state, &user) && !is_enrolment_path(bare_path) {
            return Err(see_other(lang, &crate::paths::account_mfa()));
        }
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
}

/// A request in the admin area: the state, the page context and the signed-in viewer, what
/// every admin handler needs.
pub struct AdminRequest {
    pub state: AppState,
    pub ctx: PageCtx,
    pub viewer: Viewer,
}

impl FromRequestParts<AppState> for AdminRequest {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let ctx = PageCtx::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let viewer = Viewer::from_request_parts(parts, state).await?;
        Ok(AdminRequest {
            state: state.clone(),
            ctx,
            viewer,
        })
    }
}

impl AdminRequest {
    /// The page chrome for the viewer, with the pending flash message.
    pub async fn chrome(&self) -> AppResult<AdminChrome> {
        let viewer = &self.viewer;
        Ok(AdminChrome {
            user_name: viewer.user.name.clone(),
            user_email: viewer.user.email.clone(),
            role: self.ctx.label("role", &viewer.user.role),
            csrf_token: viewer.csrf_token.clone(),
            flash: take_flash(&viewer.session).await?,
            is_staff: viewer.is_staff(),
            is_admin: viewer.role == Role::Admin,
            city_name: viewer.user.municipality_name.clone(),
        })
    }
}

/// A submitted form whose CSRF token matched the session's.
pub struct CheckedForm {
    pub fields: FormFields,
    pub session: Session,
}

impl CheckedForm {
    pub fn get(&self, name: &str) -> &str {
        self.fields.get(name)
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
        let bytes = read_form_body(Request::from_parts(parts, body), lang).await?;
        let fields = FormFields::parse(&bytes, lang)?;
        if !csrf_matches(&session, fields.get("csrf_token")).await? {
            return Err(AppError::CsrfRejected(lang.t("error-csrf")));
        }
        Ok(CheckedForm { fields, session })
    }
}

/// The body of a urlencoded form: 413 past `MAX_FORM_BYTES`, 400 when it cannot be read.
pub(super) async fn read_form_body(request: Request, lang: Lang) -> Result<Bytes, AppError> {
    axum::body::to_bytes(request.into_body(), MAX_FORM_BYTES)
        .await
        .map_err(|error| {
            let too_large = std::error::Error::source(&error)
                .is_some_and(|source| source.is::<http_body_util::LengthLimitError>());
            if too_large {
                AppError::PayloadTooLarge(lang.t("error-form-too-large"))
            } else {
                AppError::BadRequest(lang.t("error-bad-form"))
            }
        })
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
