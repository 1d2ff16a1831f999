//! Accounts, for admins: list, create, disable and enable, and reset a lost second factor.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::records::chrome;
use super::{CheckedForm, Viewer, see_other, set_flash};
use crate::domain::accounts::{AccountName, Email, Role, check_password};
use crate::error::{AppError, AppResult};
use crate::password_workers::PasswordWorkError;
use crate::state::AppState;
use crate::store::StoreError;
use crate::views::admin::UsersPage;
use crate::views::{PageCtx, render};
use crate::web::ValidPath;

async fn page(
    state: &AppState,
    ctx: PageCtx,
    viewer: &Viewer,
    form: HashMap<String, String>,
    errors: HashMap<String, String>,
) -> AppResult<Html<String>> {
    render(&UsersPage {
        admin: chrome(&ctx, viewer).await?,
        users: state.store.users().await?,
        cities: state
            .store
            .list_municipalities(&crate::store::MunicipalityFilter::default())
            .await?,
        form,
        errors,
        ctx,
    })
}

pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
) -> AppResult<Html<String>> {
    viewer.require_admin()?;
    page(&state, ctx, &viewer, HashMap::new(), HashMap::new()).await
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    form: CheckedForm,
) -> AppResult<Response> {
    viewer.require_admin()?;
    let mut errors = HashMap::new();
    let name = AccountName::parse(form.get("name"));
    let email = Email::parse(form.get("email"));
    let role = Role::parse(form.get("role"));
    let city = form.get("city").trim().to_string();
    let password = form.get("password").to_string();
    if let Err(problem) = &email {
        errors.insert("email".to_string(), ctx.t(problem.message_key()));
    }
    if let Err(problem) = &name {
        errors.insert("name".to_string(), ctx.t(problem.message_key()));
    }
    match role {
        None => {
            errors.insert("role".to_string(), ctx.t("form-bad-choice"));
        }
        Some(Role::CityEditor) if city.is_empty() => {
            errors.insert("city".to_string(), ctx.t("users-city-required"));
        }
        _ => {}
    }
    if let Err(problem) = check_password(&password, &[form.get("email"), form.get("name")]) {
        errors.insert("password".to_string(), ctx.t(problem.message_key()));
    }
    let mut kept: HashMap<String, String> = form.fields.0.clone();
    kept.remove("password");
    kept.remove("csrf_token");
    let (Ok(email), Ok(name), Some(role), true) = (email, name, role, errors.is_empty()) else {
        let html = page(&state, ctx, &viewer, kept, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response());
    };
    let hash = match state.passwords.hash(password).await {
        Ok(hash) => hash,
        Err(PasswordWorkError::Busy) => return Err(AppError::Busy(ctx.t("error-busy"))),
        Err(error) => return Err(AppError::Internal(format!("password hash: {error}"))),
    };
    let city_slug = (role == Role::CityEditor).then_some(city.as_str());
    match state
        .store
        .create_user(&email, &name, role, city_slug, &hash, viewer.actor())
        .await
    {
        Ok(_) => {
            set_flash(&viewer.session, ctx.t("flash-user-created")).await?;
            Ok(see_other(ctx.lang, "/admin/users"))
        }
        Err(StoreError::Conflict(_)) => {
            let mut errors = HashMap::new();
            errors.insert("email".to_string(), ctx.t("users-email-taken"));
            let html = page(&state, ctx, &viewer, kept, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
        Err(StoreError::Invalid(_)) => {
            let mut errors = HashMap::new();
            errors.insert("city".to_string(), ctx.t("form-bad-choice"));
            let html = page(&state, ctx, &viewer, kept, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

async fn set_disabled(
    state: AppState,
    ctx: PageCtx,
    viewer: Viewer,
    id: i64,
    disabled: bool,
) -> AppResult<Response> {
    viewer.require_admin()?;
    let user = state
        .store
        .user_by_id(id)
        .await?
        .ok_or(AppError::NotFound)?;
    let email = Email::parse(&user.email).map_err(|_| AppError::NotFound)?;
    let message = if disabled && user.id == viewer.user.id {
        // An admin who disabled themselves could not undo it.
        "flash-cannot-disable-self"
    } else {
        match state
            .store
            .set_user_disabled(&email, disabled, viewer.actor())
            .await
        {
            Ok(_) if disabled => "flash-user-disabled",
            Ok(_) => "flash-user-enabled",
            Err(StoreError::Invalid(_)) => "flash-cannot-disable-last-admin",
            Err(error) => return Err(error.into()),
        }
    };
    set_flash(&viewer.session, ctx.t(message)).await?;
    Ok(see_other(ctx.lang, "/admin/users"))
}

pub async fn disable(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    ValidPath(id): ValidPath<i64>,
    _form: CheckedForm,
) -> AppResult<Response> {
    set_disabled(state, ctx, viewer, id, true).await
}

pub async fn enable(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    ValidPath(id): ValidPath<i64>,
    _form: CheckedForm,
) -> AppResult<Response> {
    set_disabled(state, ctx, viewer, id, false).await
}

/// Removes another account's second factor (a lost phone); it enrols again at its next sign-in.
pub async fn reset_mfa(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    ValidPath(id): ValidPath<i64>,
    _form: CheckedForm,
) -> AppResult<Response> {
    viewer.require_admin()?;
    let user = state
        .store
        .user_by_id(id)
        .await?
        .ok_or(AppError::NotFound)?;
    let email = Email::parse(&user.email).map_err(|_| AppError::NotFound)?;
    state.store.reset_mfa(&email, viewer.actor()).await?;
    set_flash(&viewer.session, ctx.t("flash-mfa-reset")).await?;
    Ok(see_other(ctx.lang, "/admin/users"))
}
