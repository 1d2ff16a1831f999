//! Sign-in and sign-out, with throttling of failed attempts per account and per address (the
//! counters are in the store, shared by every process).

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::{
    CSRF_KEY, CheckedForm, LOGIN_AT_KEY, csrf_token, random_token, see_other, session_error,
    signed_in,
};
use crate::domain::accounts::{verify_password, verify_password_of_nobody};
use crate::error::AppResult;
use crate::startup::AppState;
use crate::store::{AuditEntry, SESSION_USER_KEY, format_timestamp, normalize_attempt_email};
use crate::views::PageCtx;
use crate::views::admin::LoginPage;
use crate::web::ValidQuery;

/// Failed sign-ins allowed per account, and per client address, within the window.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
pub const FAILURE_WINDOW_MINUTES: i64 = 15;

/// The client's address as the server saw it.
pub struct ClientIp(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|info| info.0.ip().to_string())
                .unwrap_or_else(|| "unknown".to_string()),
        ))
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct LoginQuery {
    next: Option<String>,
    logged_out: Option<String>,
}

/// Only paths inside the admin area are followed after sign-in (no open redirect).
fn safe_next(next: Option<&str>) -> Option<String> {
    next.filter(|n| {
        (n.starts_with("/admin") || n.starts_with("/en/admin"))
            && !n.contains("//")
            && !n.contains('\\')
            && !n.starts_with("/admin/login")
            && !n.starts_with("/en/admin/login")
    })
    .map(str::to_string)
}

fn page(
    ctx: PageCtx,
    csrf_token: String,
    email: String,
    next: Option<String>,
    message: Option<String>,
    notice: Option<String>,
) -> AppResult<Html<String>> {
    crate::views::render(&LoginPage {
        ctx,
        csrf_token,
        email,
        next: next.unwrap_or_default(),
        error: message,
        notice,
    })
}

pub async fn login_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    ValidQuery(query): ValidQuery<LoginQuery>,
) -> AppResult<Response> {
    if signed_in(&session, &state).await?.is_some() {
        return Ok(see_other(ctx.lang, "/admin"));
    }
    let token = csrf_token(&session).await?;
    let notice = query
        .logged_out
        .is_some()
        .then(|| ctx.t("login-logged-out"));
    Ok(page(
        ctx,
        token,
        String::new(),
        safe_next(query.next.as_deref()),
        None,
        notice,
    )?
    .into_response())
}

pub async fn login(
    State(state): State<AppState>,
    ctx: PageCtx,
    ClientIp(client_ip): ClientIp,
    form: CheckedForm,
) -> AppResult<Response> {
    let store = &state.store;
    let typed_email = form.get("email").trim().to_string();
    let password = form.get("password").to_string();
    let next = safe_next(Some(form.get("next")));
    let email = normalize_attempt_email(&typed_email);
    let token = csrf_token(&form.session).await?;
    let refuse = |status: StatusCode, key: &str, ctx: PageCtx| -> AppResult<Response> {
        let message = ctx.t(key);
        Ok((
            status,
            page(
                ctx,
                token.clone(),
                typed_email.clone(),
                next.clone(),
                Some(message),
                None,
            )?,
        )
            .into_response())
    };

    if email.is_empty() || password.is_empty() {
        return refuse(StatusCode::BAD_REQUEST, "login-missing", ctx);
    }

    let since = format_timestamp(
        time::OffsetDateTime::now_utc() - time::Duration::minutes(FAILURE_WINDOW_MINUTES),
    );
    let (by_account, by_address) = store
        .recent_login_failures(&email, &client_ip, &since)
        .await?;
    if by_account >= MAX_FAILURES_PER_ACCOUNT || by_address >= MAX_FAILURES_PER_ADDRESS {
        store
            .audit(&AuditEntry {
                actor: &email,
                action: "login.throttled",
                client_ip: Some(&client_ip),
                ..AuditEntry::default()
            })
            .await?;
        return refuse(StatusCode::TOO_MANY_REQUESTS, "login-throttled", ctx);
    }

    let user = match crate::domain::accounts::Email::parse(&email) {
        Ok(parsed) => store.user_by_email(&parsed).await?,
        Err(_) => None,
    };
    let hash = match &user {
        Some(user) if !user.is_disabled() => store.password_hash_of(user.id).await?,
        _ => None,
    };
    // Argon2 is deliberately slow: keep it off the async workers.
    let verified = tokio::task::spawn_blocking(move || match hash {
        Some(hash) => verify_password(&password, &hash),
        None => verify_password_of_nobody(&password),
    })
    .await
    .map_err(|e| crate::error::AppError::Internal(format!("password check: {e}")))?;
    let Some(user) = user.filter(|_| verified) else {
        store
            .record_login_attempt(&email, &client_ip, false, None)
            .await?;
        return refuse(StatusCode::UNAUTHORIZED, "login-failed", ctx);
    };

    // A new session id at sign-in (no session fixation), a fresh CSRF token.
    let session = &form.session;
    session.cycle_id().await.map_err(session_error)?;
    session
        .insert(SESSION_USER_KEY, user.id)
        .await
        .map_err(session_error)?;
    session
        .insert(
            LOGIN_AT_KEY,
            time::OffsetDateTime::now_utc().unix_timestamp(),
        )
        .await
        .map_err(session_error)?;
    session
        .insert(CSRF_KEY, random_token())
        .await
        .map_err(session_error)?;
    store
        .record_login_attempt(&email, &client_ip, true, Some(user.id))
        .await?;
    let target = next.unwrap_or_else(|| ctx.lang.path("/admin"));
    Ok(axum::response::Redirect::to(&target).into_response())
}

pub async fn logout(
    State(state): State<AppState>,
    ctx: PageCtx,
    ClientIp(client_ip): ClientIp,
    form: CheckedForm,
) -> AppResult<Response> {
    let user = signed_in(&form.session, &state).await?;
    form.session.flush().await.map_err(session_error)?;
    if let Some((user, _)) = user {
        state
            .store
            .audit(&AuditEntry {
                actor_user_id: Some(user.id),
                actor: &user.email,
                action: "logout",
                client_ip: Some(&client_ip),
                ..AuditEntry::default()
            })
            .await?;
    }
    Ok(see_other(ctx.lang, "/admin/login?logged_out=1"))
}
