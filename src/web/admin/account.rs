//! The signed-in person's own account: the second factor (enrolment with a QR code drawn on the
//! server, recovery codes) and "sign out everywhere".

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use super::records::chrome;
use super::{CheckedForm, Viewer, must_enrol, see_other, session_error, set_flash};
use crate::domain::totp;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views::admin::{AccountPage, EnrolPage, RecoveryCodesPage};
use crate::views::{PageCtx, render};
use crate::web::client::ClientIp;

/// Session key of the secret being enrolled (shown as a QR code, not yet confirmed).
const ENROL_SECRET_KEY: &str = "enrol_totp_secret";

pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
) -> AppResult<Html<String>> {
    let recovery_codes_left = state.store.recovery_codes_left(viewer.user.id).await?;
    render(&AccountPage {
        admin: chrome(&ctx, &viewer).await?,
        user: viewer.user.clone(),
        recovery_codes_left,
        error: None,
        ctx,
    })
}

/// The secret of the enrolment in progress, kept in the session so that reloading the page
/// does not invalidate a code already scanned.
async fn enrolment_secret(viewer: &Viewer) -> AppResult<String> {
    if let Some(secret) = viewer
        .session
        .get::<String>(ENROL_SECRET_KEY)
        .await
        .map_err(session_error)?
    {
        return Ok(secret);
    }
    let secret = totp::new_secret();
    viewer
        .session
        .insert(ENROL_SECRET_KEY, &secret)
        .await
        .map_err(session_error)?;
    Ok(secret)
}

async fn enrol_page(
    state: &AppState,
    ctx: PageCtx,
    viewer: &Viewer,
    secret: &str,
    error: Option<String>,
) -> AppResult<Html<String>> {
    let url = totp::otpauth_url(secret, &viewer.user.email)
        .ok_or_else(|| AppError::Internal("cannot build the otpauth URL".into()))?;
    let svg =
        totp::qr_svg(&url).ok_or_else(|| AppError::Internal("cannot draw the QR code".into()))?;
    render(&EnrolPage {
        admin: chrome(&ctx, viewer).await?,
        secret_groups: secret
            .as_bytes()
            .chunks(4)
            .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
            .collect(),
        qr_data_uri: format!(
            "data:image/svg+xml,{}",
            utf8_percent_encode(&svg, NON_ALPHANUMERIC)
        ),
        required: must_enrol(state, &viewer.user),
        error,
        ctx,
    })
}

pub async fn enrol_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
) -> AppResult<Response> {
    if viewer.user.has_second_factor() {
        return Ok(see_other(ctx.lang, "/admin/account"));
    }
    let secret = enrolment_secret(&viewer).await?;
    Ok(enrol_page(&state, ctx, &viewer, &secret, None)
        .await?
        .into_response())
}

pub async fn enrol(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    ClientIp(client_ip): ClientIp,
    form: CheckedForm,
) -> AppResult<Response> {
    if viewer.user.has_second_factor() {
        return Ok(see_other(ctx.lang, "/admin/account"));
    }
    let secret = enrolment_secret(&viewer).await?;
    let now = u64::try_from(time::OffsetDateTime::now_utc().unix_timestamp()).unwrap_or(0);
    let Some(step) = totp::matching_step(&secret, form.get("code"), now) else {
        let message = ctx.t("mfa-code-wrong");
        let page = enrol_page(&state, ctx, &viewer, &secret, Some(message)).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let codes = totp::new_recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| totp::hash_recovery_code(c)).collect();
    state
        .store
        .enable_totp(
            viewer.user.id,
            &secret,
            step,
            &hashes,
            viewer.actor(),
            Some(&client_ip.to_string()),
        )
        .await?;
    viewer
        .session
        .remove_value(ENROL_SECRET_KEY)
        .await
        .map_err(session_error)?;
    set_flash(&viewer.session, ctx.t("flash-mfa-enabled")).await?;
    Ok(render(&RecoveryCodesPage {
        admin: chrome(&ctx, &viewer).await?,
        codes,
        ctx,
    })?
    .into_response())
}

/// New recovery codes, after a current code proves the second factor is at hand.
pub async fn new_recovery_codes(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    ClientIp(client_ip): ClientIp,
    form: CheckedForm,
) -> AppResult<Response> {
    let Some(stored) = state.store.totp_of(viewer.user.id).await? else {
        return Ok(see_other(ctx.lang, "/admin/account"));
    };
    let now = u64::try_from(time::OffsetDateTime::now_utc().unix_timestamp()).unwrap_or(0);
    let accepted = match totp::matching_step(&stored.secret, form.get("code"), now) {
        Some(step) => state.store.accept_totp_step(viewer.user.id, step).await?,
        None => false,
    };
    if !accepted {
        let recovery_codes_left = state.store.recovery_codes_left(viewer.user.id).await?;
        let page = render(&AccountPage {
            admin: chrome(&ctx, &viewer).await?,
            user: viewer.user.clone(),
            recovery_codes_left,
            error: Some(ctx.t("mfa-code-wrong")),
            ctx,
        })?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let codes = totp::new_recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| totp::hash_recovery_code(c)).collect();
    state
        .store
        .replace_recovery_codes(
            viewer.user.id,
            &hashes,
            viewer.actor(),
            Some(&client_ip.to_string()),
        )
        .await?;
    Ok(render(&RecoveryCodesPage {
        admin: chrome(&ctx, &viewer).await?,
        codes,
        ctx,
    })?
    .into_response())
}

/// Ends every session of the account, this one included, on every process.
pub async fn sign_out_everywhere(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    ClientIp(client_ip): ClientIp,
    _form: CheckedForm,
) -> AppResult<Response> {
    state
        .store
        .end_sessions_of(viewer.user.id, viewer.actor(), Some(&client_ip.to_string()))
        .await?;
    viewer.session.flush().await.map_err(session_error)?;
    Ok(see_other(ctx.lang, "/admin/login?logged_out=1"))
}
