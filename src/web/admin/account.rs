//! The signed-in person's own account: the second factor (enrolment with a QR code drawn on the
//! server, recovery codes) and "sign out everywhere".

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use super::{AdminRequest, CheckedForm, Viewer, must_enrol, see_other, session_error, set_flash};
use crate::domain::totp;
use crate::error::{AppError, AppResult};
use crate::forms::FieldErrors;
use crate::paths;
use crate::views::admin::{AccountPage, EnrolPage, RecoveryCodesPage};
use crate::views::render;
use crate::web::client::ClientIp;

/// Session key of the secret being enrolled (shown as a QR code, not yet confirmed).
const ENROL_SECRET_KEY: &str = "enrol_totp_secret";

/// The account page, with the problem of the recovery-code form if any.
async fn account_page(req: &AdminRequest, errors: FieldErrors) -> AppResult<Html<String>> {
    let recovery_codes_left = req
        .state
        .store
        .recovery_codes_left(req.viewer.user.id)
        .await?;
    render(&AccountPage {
        admin: req.chrome().await?,
        user: req.viewer.user.clone(),
        recovery_codes_left,
        errors,
        ctx: req.ctx.clone(),
    })
}

pub async fn show(req: AdminRequest) -> AppResult<Html<String>> {
    account_page(&req, FieldErrors::new()).await
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
    req: &AdminRequest,
    secret: &str,
    errors: FieldErrors,
) -> AppResult<Html<String>> {
    let url = totp::otpauth_url(secret, &req.viewer.user.email)
        .ok_or_else(|| AppError::Internal("cannot build the otpauth URL".into()))?;
    let svg =
        totp::qr_svg(&url).ok_or_else(|| AppError::Internal("cannot draw the QR code".into()))?;
    render(&EnrolPage {
        admin: req.chrome().await?,
        secret_groups: secret
            .as_bytes()
            .chunks(4)
            .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
            .collect(),
        qr_data_uri: format!(
            "data:image/svg+xml,{}",
            utf8_percent_encode(&svg, NON_ALPHANUMERIC)
        ),
        required: must_enrol(&req.state, &req.viewer.user),
        errors,
        ctx: req.ctx.clone(),
    })
}

pub async fn enrol_form(req: AdminRequest) -> AppResult<Response> {
    if req.viewer.user.has_second_factor() {
        return Ok(see_other(req.ctx.lang, &paths::account()));
    }
    let secret = enrolment_secret(&req.viewer).await?;
    Ok(enrol_page(&req, &secret, FieldErrors::new())
        .await?
        .into_response())
}

pub async fn enrol(
    req: AdminRequest,
    ClientIp(client_ip): ClientIp,
    form: CheckedForm,
) -> AppResult<Response> {
    let (state, ctx, viewer) = (&req.state, &req.ctx, &req.viewer);
    if viewer.user.has_second_factor() {
        return Ok(see_other(ctx.lang, &paths::account()));
    }
    let secret = enrolment_secret(viewer).await?;
    let now = u64::try_from(time::OffsetDateTime::now_utc().unix_timestamp()).unwrap_or(0);
    let Some(step) = totp::matching_step(&secret, form.get("code"), now) else {
        let errors = FieldErrors::one("code", "mfa-code-wrong");
        let page = enrol_page(&req, &secret, errors).await?;
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
        admin: req.chrome().await?,
        codes,
        ctx: ctx.clone(),
    })?
    .into_response())
}

/// New recovery codes, after a current code proves the second factor is at hand.
pub async fn new_recovery_codes(
    req: AdminRequest,
    ClientIp(client_ip): ClientIp,
    form: CheckedForm,
) -> AppResult<Response> {
    let (state, ctx, viewer) = (&req.state, &req.ctx, &req.viewer);
    let Some(stored) = state.store.totp_of(viewer.user.id).await? else {
        return Ok(see_other(ctx.lang, &paths::account()));
    };
    let now = u64::try_from(time::OffsetDateTime::now_utc().unix_timestamp()).unwrap_or(0);
    let accepted = match totp::matching_step(&stored.secret, form.get("code"), now) {
        Some(step) => state.store.accept_totp_step(viewer.user.id, step).await?,
        None => false,
    };
    if !accepted {
        let page = account_page(&req, FieldErrors::one("code", "mfa-code-wrong")).await?;
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
        admin: req.chrome().await?,
        codes,
        ctx: ctx.clone(),
    })?
    .into_response())
}

/// Ends every session of the account, this one included, on every process.
pub async fn sign_out_everywhere(
    req: AdminRequest,
    ClientIp(client_ip): ClientIp,
    _form: CheckedForm,
) -> AppResult<Response> {
    let (state, ctx, viewer) = (&req.state, &req.ctx, &req.viewer);
    state
        .store
        .end_sessions_of(viewer.user.id, viewer.actor(), Some(&client_ip.to_string()))
        .await?;
    viewer.session.flush().await.map_err(session_error)?;
    Ok(see_other(
        ctx.lang,
        &format!("{}?logged_out=1", paths::login()),
    ))
}
