//! Accounts, for admins: list, create, disable and enable, and reset a lost second factor. The
//! account rules are the domain's (`NewAccount`), the same the command line and the store use.

use std::collections::HashMap;

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::{AdminRequest, CheckedForm, see_other, set_flash};
use crate::domain::accounts::{Email, NewAccount, check_new_password};
use crate::error::{AppError, AppResult};
use crate::forms::FieldErrors;
use crate::password_workers::PasswordWorkError;
use crate::paths;
use crate::store::{MunicipalityFilter, StoreError, User};
use crate::views::admin::UsersPage;
use crate::views::render;
use crate::web::ValidPath;

/// The accounts page, with the new-account form as typed and its problems.
async fn page(
    req: &AdminRequest,
    typed: HashMap<String, String>,
    errors: FieldErrors,
) -> AppResult<Html<String>> {
    let store = &req.state.store;
    render(&UsersPage {
        admin: req.chrome().await?,
        users: store.users().await?,
        cities: store
            .list_municipalities(&MunicipalityFilter::default())
            .await?,
        form: typed,
        errors,
        ctx: req.ctx.clone(),
    })
}

pub async fn list(req: AdminRequest) -> AppResult<Html<String>> {
    req.viewer.require_admin()?;
    page(&req, HashMap::new(), FieldErrors::new()).await
}

pub async fn create(req: AdminRequest, form: CheckedForm) -> AppResult<Response> {
    req.viewer.require_admin()?;
    let mut typed = form.fields.0.clone();
    typed.remove("password");
    typed.remove("csrf_token");
    let account = NewAccount::parse(
        form.get("email"),
        form.get("name"),
        form.get("role"),
        form.get("city"),
    );
    let password = check_new_password(form.get("password"), form.get("email"), form.get("name"));
    let account = match (account, password) {
        (Ok(account), Ok(())) => account,
        (account, password) => {
            let mut errors = account.err().unwrap_or_default();
            errors.extend(password.err().unwrap_or_default());
            return refused(&req, typed, errors).await;
        }
    };
    let hash = match req
        .state
        .passwords
        .hash(form.get("password").to_string())
        .await
    {
        Ok(hash) => hash,
        Err(PasswordWorkError::Busy) => return Err(AppError::Busy(req.ctx.t("error-busy"))),
        Err(error) => return Err(AppError::Internal(format!("password hash: {error}"))),
    };
    match req
        .state
        .store
        .create_user(&account, &hash, req.viewer.actor())
        .await
    {
        Ok(_) => {
            set_flash(&req.viewer.session, req.ctx.t("flash-user-created")).await?;
            Ok(see_other(req.ctx.lang, &paths::users()))
        }
        Err(StoreError::Fields(errors)) => refused(&req, typed, errors).await,
        Err(other) => Err(other.into()),
    }
}

async fn refused(
    req: &AdminRequest,
    typed: HashMap<String, String>,
    errors: FieldErrors,
) -> AppResult<Response> {
    let html = page(req, typed, errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
}

/// The account of a path and its email.
async fn account_of(req: &AdminRequest, id: i64) -> AppResult<(User, Email)> {
    let user = req
        .state
        .store
        .user_by_id(id)
        .await?
        .ok_or(AppError::NotFound)?;
    let email = Email::parse(&user.email).map_err(|_| AppError::NotFound)?;
    Ok((user, email))
}

async fn set_disabled(req: AdminRequest, id: i64, disabled: bool) -> AppResult<Response> {
    req.viewer.require_admin()?;
    let (user, email) = account_of(&req, id).await?;
    let message = if disabled && user.id == req.viewer.user.id {
        // An admin who disabled themselves could not undo it.
        "flash-cannot-disable-self"
    } else {
        match req
            .state
            .store
            .set_user_disabled(&email, disabled, req.viewer.actor())
            .await
        {
            Ok(_) if disabled => "flash-user-disabled",
            Ok(_) => "flash-user-enabled",
            Err(StoreError::Invalid(_)) => "flash-cannot-disable-last-admin",
            Err(error) => return Err(error.into()),
        }
    };
    set_flash(&req.viewer.session, req.ctx.t(message)).await?;
    Ok(see_other(req.ctx.lang, &paths::users()))
}

pub async fn disable(
    req: AdminRequest,
    ValidPath(id): ValidPath<i64>,
    _form: CheckedForm,
) -> AppResult<Response> {
    set_disabled(req, id, true).await
}

pub async fn enable(
    req: AdminRequest,
    ValidPath(id): ValidPath<i64>,
    _form: CheckedForm,
) -> AppResult<Response> {
    set_disabled(req, id, false).await
}

/// Removes another account's second factor (a lost phone); it enrols again at its next sign-in.
pub async fn reset_mfa(
    req: AdminRequest,
    ValidPath(id): ValidPath<i64>,
    _form: CheckedForm,
) -> AppResult<Response> {
    req.viewer.require_admin()?;
    let (_, email) = account_of(&req, id).await?;
    req.state
        .store
        .reset_mfa(&email, req.viewer.actor())
        .await?;
    set_flash(&req.viewer.session, req.ctx.t("flash-mfa-reset")).await?;
    Ok(see_other(req.ctx.lang, &paths::users()))
}
