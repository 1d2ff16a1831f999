//! Sign-in (password, then the second factor when the account has one) and sign-out.
//!
//! Guessing is slowed per account-and-address, per address and per account, with counters in the
//! store that every process shares. An attempt is reserved before the password is checked, so a
//! burst of simultaneous attempts gets exactly as many checks as the limits allow. The per-account
//! limit only applies to clients the account has not signed in from (an unknown address without
//! the account's device cookie), so nobody can lock the owner out by failing on purpose.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::{
    CSRF_KEY, CheckedForm, LOGIN_AT_KEY, csrf_token, must_enrol, now_millis, random_token,
    read_form_body, see_other, session_error, signed_in,
};
use crate::domain::accounts::{Email, PASSWORD_MAX_CHARS};
use crate::domain::has_forbidden_control;
use crate::domain::totp;
use crate::error::{AppError, AppResult};
use crate::forms::{FieldErrors, WHOLE_FORM};
use crate::paths;
use crate::state::AppState;
use crate::store::{
    AttemptKey, AuditEntry, Reservation, SESSION_USER_KEY, User, normalize_attempt_email,
};
use crate::views::PageCtx;
use crate::views::admin::{CodePage, LoginPage};
use crate::web::ValidQuery;
use crate::web::client::ClientIp;
use crate::web::cookies::{self, PortalCookie};
use crate::web::form::FormFields;

/// Throttling windows last this long from their first attempt.
pub const SIGN_IN_WINDOW: time::Duration = time::Duration::minutes(15);
/// Failed attempts allowed per account from one address, within a window.
pub const MAX_FAILURES_PER_PAIR: i64 = 5;
/// Failed attempts allowed from one address, whatever the accounts.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
/// Failed attempts allowed on one account from clients it never signed in from.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 10;
/// Wrong second-factor codes allowed per account, within a window.
pub const MAX_CODE_FAILURES: i64 = 5;

/// How long a sign-in form may be left open.
const SIGN_IN_FORM_MAX_AGE_SECS: i64 = 12 * 3600;
/// How long the code step may take after the password was accepted.
const CODE_STEP_MAX_AGE_MS: i64 = 5 * 60 * 1000;
/// How long a browser is remembered as one an account signed in from.
const DEVICE_COOKIE_DAYS: i64 = 365;
/// What a client told "busy" should wait before trying again.
const BUSY_RETRY_SECS: &str = "5";

/// Session keys of the code step: the account whose password was accepted, and when.
const PENDING_USER_KEY: &str = "pending_user_id";
const PENDING_AT_KEY: &str = "pending_at_ms";
const PENDING_NEXT_KEY: &str = "pending_next";

#[derive(Debug, Deserialize, Default)]
pub struct LoginQuery {
    next: Option<String>,
    logged_out: Option<String>,
}

/// Where to go after signing in: only a path inside the admin area, parsed as a path (no open
/// redirect, no header that cannot be sent).
fn safe_next(next: Option<&str>) -> Option<String> {
    let next = next?.trim();
    let inside_admin = next == "/admin"
        || next == "/en/admin"
        || next.starts_with("/admin/")
        || next.starts_with("/admin?")
        || next.starts_with("/en/admin/")
        || next.starts_with("/en/admin?");
    let plain = !next.contains("//")
        && !next.contains('\\')
        && !has_forbidden_control(next, false)
        && next.parse::<axum::http::uri::PathAndQuery>().is_ok()
        && HeaderValue::from_str(next).is_ok();
    let is_login = next.starts_with("/admin/login") || next.starts_with("/en/admin/login");
    (inside_admin && plain && !is_login).then(|| next.to_string())
}

/// The sign-in page, with the typed email, the problems of a refused attempt and a notice.
struct LoginView {
    form_token: String,
    email: String,
    next: Option<String>,
    errors: FieldErrors,
    notice: Option<&'static str>,
}

fn login_page(ctx: PageCtx, view: LoginView) -> AppResult<Html<String>> {
    crate::views::render(&LoginPage {
        ctx,
        csrf_token: view.form_token,
        email: view.email,
        next: view.next.unwrap_or_default(),
        errors: view.errors,
        notice: view.notice,
    })
}

/// The sign-in form's token: the one in the browser's cookie while it is valid (several open
/// tabs keep working), else a new one.
fn sign_in_form_token(state: &AppState, headers: &HeaderMap) -> (String, bool) {
    let name = PortalCookie::SignInForm.name(state.config.secure_cookies);
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    match cookies::read(headers, name) {
        Some(token)
            if state.signing_key.check_sign_in_form_token(
                &token,
                now,
                SIGN_IN_FORM_MAX_AGE_SECS,
            ) =>
        {
            (token, false)
        }
        _ => (state.signing_key.sign_in_form_token(now), true),
    }
}

fn set_sign_in_form_cookie(state: &AppState, response: &mut Response, token: &str) {
    cookies::set(
        response.headers_mut(),
        PortalCookie::SignInForm.name(state.config.secure_cookies),
        token,
        time::Duration::seconds(SIGN_IN_FORM_MAX_AGE_SECS),
        state.config.secure_cookies,
    );
}

pub async fn login_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    headers: HeaderMap,
    ValidQuery(query): ValidQuery<LoginQuery>,
) -> AppResult<Response> {
    if signed_in(&session, &state).await?.is_some() {
        return Ok(see_other(ctx.lang, &paths::admin()));
    }
    // No session is made for a visitor who only opens the form: its CSRF token is signed and
    // doubled in a cookie instead.
    let (token, is_new) = sign_in_form_token(&state, &headers);
    let view = LoginView {
        form_token: token.clone(),
        email: String::new(),
        next: safe_next(query.next.as_deref()),
        errors: FieldErrors::new(),
        notice: query.logged_out.is_some().then_some("login-logged-out"),
    };
    let mut response = login_page(ctx, view)?.into_response();
    if is_new {
        set_sign_in_form_cookie(&state, &mut response, &token);
    }
    Ok(response)
}

/// A sign-in attempt as submitted.
struct Attempt {
    typed_email: String,
    email: String,
    password: String,
    next: Option<String>,
    form_token: String,
}

/// Reads the sign-in form and checks its doubled token.
async fn read_attempt(state: &AppState, ctx: &PageCtx, request: Request) -> AppResult<Attempt> {
    let cookie = cookies::read(
        request.headers(),
        PortalCookie::SignInForm.name(state.config.secure_cookies),
    );
    let body = read_form_body(request, ctx.lang).await?;
    let form = FormFields::parse(&body, ctx.lang)?;
    let sent = form.get("csrf_token");
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let genuine = cookie.as_deref().is_some_and(|cookie| {
        crate::domain::constant_time_eq(cookie.as_bytes(), sent.as_bytes())
            && state
                .signing_key
                .check_sign_in_form_token(sent, now, SIGN_IN_FORM_MAX_AGE_SECS)
    });
    if !genuine {
        return Err(AppError::CsrfRejected(ctx.t("error-csrf-sign-in")));
    }
    let typed_email = form.get("email").trim().to_string();
    Ok(Attempt {
        email: normalize_attempt_email(&typed_email),
        typed_email,
        password: form.get("password").to_string(),
        next: safe_next(Some(form.get("next"))),
        form_token: sent.to_string(),
    })
}

/// The throttling keys of a password attempt. The per-account key is limited only for clients
/// the account has not signed in from.
fn password_keys(email: &str, client: &str, trusted_client: bool) -> Vec<AttemptKey> {
    let account = format!("account:{email}");
    vec![
        AttemptKey::limited(format!("pair:{email}|{client}"), MAX_FAILURES_PER_PAIR),
        AttemptKey::limited(format!("address:{client}"), MAX_FAILURES_PER_ADDRESS),
        if trusted_client {
            AttemptKey::counted(account)
        } else {
            AttemptKey::limited(account, MAX_FAILURES_PER_ACCOUNT)
        },
    ]
}

/// Whether the account signed in before from this address or this browser.
async fn is_trusted_client(
    state: &AppState,
    user: Option<&User>,
    client: &str,
    headers: &HeaderMap,
) -> AppResult<bool> {
    let Some(user) = user else {
        return Ok(false);
    };
    let device = cookies::read(
        headers,
        PortalCookie::Device.name(state.config.secure_cookies),
    )
    .and_then(|token| state.signing_key.device_user(&token));
    if device == Some(user.id) {
        return Ok(true);
    }
    Ok(state
        .store
        .is_known_sign_in_address(user.id, client)
        .await?)
}

/// The sign-in page again with a message, and the status that says why.
fn refuse(
    ctx: PageCtx,
    attempt: &Attempt,
    status: StatusCode,
    message_key: &'static str,
) -> AppResult<Response> {
    let view = LoginView {
        form_token: attempt.form_token.clone(),
        email: attempt.typed_email.clone(),
        next: attempt.next.clone(),
        errors: FieldErrors::one(WHOLE_FORM, message_key),
        notice: None,
    };
    let page = login_page(ctx, view)?;
    let mut response = (status, page).into_response();
    if status == StatusCode::SERVICE_UNAVAILABLE {
        response.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from_static(BUSY_RETRY_SECS),
        );
    }
    Ok(response)
}

pub async fn login(
    State(state): State<AppState>,
    ctx: PageCtx,
    ClientIp(client_ip): ClientIp,
    session: Session,
    request: Request,
) -> AppResult<Response> {
    let headers = request.headers().clone();
    let attempt = read_attempt(&state, &ctx, request).await?;
    let client = client_ip.to_string();
    if attempt.email.is_empty() || attempt.password.is_empty() {
        return refuse(ctx, &attempt, StatusCode::BAD_REQUEST, "login-missing");
    }
    if attempt.password.chars().count() > PASSWORD_MAX_CHARS {
        let key = "login-password-too-long";
        return refuse(ctx, &attempt, StatusCode::BAD_REQUEST, key);
    }
    // A place for the password check first: under a flood, the attempts beyond the workers'
    // queue are told to wait without costing the store anything.
    let Ok(place) = state.passwords.place() else {
        return refuse(ctx, &attempt, StatusCode::SERVICE_UNAVAILABLE, "login-busy");
    };
    let user = match Email::parse(&attempt.email) {
        Ok(email) => state.store.user_by_email(&email).await?,
        Err(_) => None,
    };
    let keys = match reserve(&state, &attempt, user.as_ref(), &client, &headers).await? {
        Ok(keys) => keys,
        Err(key) => return refuse(ctx, &attempt, StatusCode::TOO_MANY_REQUESTS, key),
    };
    let hash = match &user {
        Some(user) if !user.is_disabled() => state.store.password_hash_of(user.id).await?,
        _ => None,
    };
    let verified = state
        .passwords
        .verify_in(place, attempt.password.clone(), hash)
        .await
        .map_err(|error| AppError::Internal(format!("password check: {error}")))?;
    let Some(user) = user.filter(|_| verified) else {
        state
            .store
            .audit_sign_in(&attempt.email, &client, false, None, "password")
            .await?;
        return refuse(ctx, &attempt, StatusCode::UNAUTHORIZED, "login-failed");
    };
    state.store.release_attempt(&keys[..1], &keys[1..]).await?;
    password_accepted(&state, &ctx, &session, &user, &attempt, &client).await
}

/// Reserves the attempt on its throttling keys: the keys, or the message key of the refusal.
async fn reserve(
    state: &AppState,
    attempt: &Attempt,
    user: Option<&User>,
    client: &str,
    headers: &HeaderMap,
) -> AppResult<Result<Vec<AttemptKey>, &'static str>> {
    let trusted = is_trusted_client(state, user, client, headers).await?;
    let keys = password_keys(&attempt.email, client, trusted);
    let audit = AuditEntry {
        actor: "anonymous",
        action: "login.throttled",
        detail: &format!("email: {}", attempt.email),
        client_ip: Some(client),
        ..AuditEntry::default()
    };
    Ok(
        match state
            .store
            .reserve_attempt(&keys, SIGN_IN_WINDOW, &audit)
            .await?
        {
            Reservation::Allowed => Ok(keys),
            Reservation::Throttled { key } if key.starts_with("account:") => {
                Err("login-throttled-account")
            }
            Reservation::Throttled { .. } => Err("login-throttled"),
        },
    )
}

/// The right password: this address and browser are the account's from now on; the person is
/// signed in, or asked for the code of their second factor.
async fn password_accepted(
    state: &AppState,
    ctx: &PageCtx,
    session: &Session,
    user: &User,
    attempt: &Attempt,
    client: &str,
) -> AppResult<Response> {
    state
        .store
        .remember_sign_in_address(user.id, client)
        .await?;
    let device = state.signing_key.device_token(user.id);
    let mut response = if user.has_second_factor() {
        begin_code_step(session, user, attempt.next.as_deref()).await?;
        see_other(ctx.lang, &paths::login_code())
    } else {
        establish_session(session, user).await?;
        state
            .store
            .audit_sign_in(&attempt.email, client, true, Some(user.id), "password")
            .await?;
        after_sign_in(state, ctx, user, attempt.next.clone())
    };
    cookies::set(
        response.headers_mut(),
        PortalCookie::Device.name(state.config.secure_cookies),
        &device,
        time::Duration::days(DEVICE_COOKIE_DAYS),
        state.config.secure_cookies,
    );
    Ok(response)
}

/// Where a fully signed-in account goes: enrolment when a second factor is required and
/// missing, else `next` or the dashboard.
fn after_sign_in(state: &AppState, ctx: &PageCtx, user: &User, next: Option<String>) -> Response {
    if must_enrol(state, user) {
        return see_other(ctx.lang, &paths::account_mfa());
    }
    let target = next.unwrap_or_else(|| ctx.lang.path(&paths::admin()));
    Redirect::to(&target).into_response()
}

/// A new session id (no session fixation) for a signed-in account, with a fresh CSRF token.
async fn establish_session(session: &Session, user: &User) -> AppResult<()> {
    session.cycle_id().await.map_err(session_error)?;
    for key in [PENDING_USER_KEY, PENDING_AT_KEY, PENDING_NEXT_KEY] {
        session.remove_value(key).await.map_err(session_error)?;
    }
    session
        .insert(SESSION_USER_KEY, user.id)
        .await
        .map_err(session_error)?;
    session
        .insert(LOGIN_AT_KEY, now_millis())
        .await
        .map_err(session_error)?;
    session
        .insert(CSRF_KEY, random_token())
        .await
        .map_err(session_error)?;
    Ok(())
}

/// The password was right and the account has a second factor: a session that is not signed
/// in yet, remembering whose code to ask for.
async fn begin_code_step(session: &Session, user: &User, next: Option<&str>) -> AppResult<()> {
    session.cycle_id().await.map_err(session_error)?;
    session
        .insert(PENDING_USER_KEY, user.id)
        .await
        .map_err(session_error)?;
    session
        .insert(PENDING_AT_KEY, now_millis())
        .await
        .map_err(session_error)?;
    session
        .insert(PENDING_NEXT_KEY, next.unwrap_or(""))
        .await
        .map_err(session_error)?;
    session
        .insert(CSRF_KEY, random_token())
        .await
        .map_err(session_error)?;
    Ok(())
}

/// The account waiting for its code, if the password step was recent.
async fn pending_user(state: &AppState, session: &Session) -> AppResult<Option<User>> {
    let user_id = session
        .get::<i64>(PENDING_USER_KEY)
        .await
        .map_err(session_error)?;
    let at = session
        .get::<i64>(PENDING_AT_KEY)
        .await
        .map_err(session_error)?
        .unwrap_or(0);
    let Some(user_id) = user_id.filter(|_| now_millis() - at <= CODE_STEP_MAX_AGE_MS) else {
        return Ok(None);
    };
    Ok(state
        .store
        .user_by_id(user_id)
        .await?
        .filter(|u| !u.is_disabled() && u.has_second_factor()))
}

fn code_page(ctx: PageCtx, csrf_token: String, errors: FieldErrors) -> AppResult<Html<String>> {
    crate::views::render(&CodePage {
        ctx,
        csrf_token,
        errors,
    })
}

pub async fn code_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
) -> AppResult<Response> {
    if pending_user(&state, &session).await?.is_none() {
        return Ok(see_other(ctx.lang, &paths::login()));
    }
    let token = csrf_token(&session).await?;
    Ok(code_page(ctx, token, FieldErrors::new())?.into_response())
}

pub async fn code(
    State(state): State<AppState>,
    ctx: PageCtx,
    ClientIp(client_ip): ClientIp,
    form: CheckedForm,
) -> AppResult<Response> {
    let session = &form.session;
    let Some(user) = pending_user(&state, session).await? else {
        return Ok(see_other(ctx.lang, &paths::login()));
    };
    let client = client_ip.to_string();
    let typed = form.get("code").trim().to_string();
    let token = csrf_token(session).await?;
    let refuse = |ctx: PageCtx, status: StatusCode, key: &'static str| -> AppResult<Response> {
        let errors = FieldErrors::one("code", key);
        Ok((status, code_page(ctx, token.clone(), errors)?).into_response())
    };
    if typed.is_empty() {
        return refuse(ctx, StatusCode::BAD_REQUEST, "login-code-missing");
    }
    let Some(keys) = reserve_code_attempt(&state, &user, &client).await? else {
        return refuse(ctx, StatusCode::TOO_MANY_REQUESTS, "login-throttled");
    };
    if !code_is_right(&state, &user, &typed, &client).await? {
        state
            .store
            .audit_sign_in(&user.email, &client, false, Some(user.id), "code")
            .await?;
        return refuse(ctx, StatusCode::UNAUTHORIZED, "login-code-wrong");
    }
    state.store.release_attempt(&keys[..1], &keys[1..]).await?;
    let next = session
        .get::<String>(PENDING_NEXT_KEY)
        .await
        .map_err(session_error)?
        .and_then(|next| safe_next(Some(&next)));
    establish_session(session, &user).await?;
    state
        .store
        .audit_sign_in(&user.email, &client, true, Some(user.id), "code")
        .await?;
    Ok(after_sign_in(&state, &ctx, &user, next))
}

/// Reserves a second-factor attempt: its keys, or `None` when throttled.
async fn reserve_code_attempt(
    state: &AppState,
    user: &User,
    client: &str,
) -> AppResult<Option<[AttemptKey; 2]>> {
    let keys = [
        AttemptKey::limited(format!("code:{}", user.id), MAX_CODE_FAILURES),
        AttemptKey::limited(format!("address:{client}"), MAX_FAILURES_PER_ADDRESS),
    ];
    let audit = AuditEntry {
        actor: "anonymous",
        action: "login.throttled",
        record_type: Some("user"),
        record_id: Some(user.id),
        detail: &format!("second factor of {}", user.email),
        client_ip: Some(client),
        ..AuditEntry::default()
    };
    let reservation = state
        .store
        .reserve_attempt(&keys, SIGN_IN_WINDOW, &audit)
        .await?;
    Ok((reservation == Reservation::Allowed).then_some(keys))
}

/// A current TOTP code (each time step accepted once) or an unused recovery code.
async fn code_is_right(
    state: &AppState,
    user: &User,
    typed: &str,
    client: &str,
) -> AppResult<bool> {
    if totp::looks_like_recovery_code(typed) {
        let hash = totp::hash_recovery_code(typed);
        return Ok(state
            .store
            .use_recovery_code(user.id, &hash, Some(client))
            .await?);
    }
    let Some(stored) = state.store.totp_of(user.id).await? else {
        return Ok(false);
    };
    let now = u64::try_from(time::OffsetDateTime::now_utc().unix_timestamp()).unwrap_or(0);
    match totp::matching_step(&stored.secret, typed, now) {
        Some(step) => Ok(state.store.accept_totp_step(user.id, step).await?),
        None => Ok(false),
    }
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
                client_ip: Some(&client_ip.to_string()),
                ..AuditEntry::default()
            })
            .await?;
    }
    Ok(see_other(
        ctx.lang,
        &format!("{}?logged_out=1", paths::login()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_admin_paths_are_followed_after_sign_in() {
        for good in [
            "/admin",
            "/admin/plans/3/edit",
            "/en/admin/badges?q=lima",
            "/admin?x=1",
        ] {
            assert_eq!(safe_next(Some(good)).as_deref(), Some(good), "{good}");
        }
        for bad in [
            "https://evil.example/admin",
            "//evil.example/admin",
            "/admin//evil.example",
            "/admin\\evil",
            "/administrator",
            "/admin/login?next=/admin",
            "/admin/plans\u{0}",
            "/admin/plans\r\nSet-Cookie: x=1",
            "/cities",
            "",
        ] {
            assert_eq!(safe_next(Some(bad)), None, "{bad:?}");
        }
    }
}
