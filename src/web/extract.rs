//! Wrappers around axum's extractors whose rejections become the portal's 400/404 pages, in
//! the visitor's language.

use axum::extract::{FromRequestParts, OriginalUri, Path, Query};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::AppError;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::views::PageCtx;

/// The full request path, also inside nested routers.
fn full_path(parts: &Parts) -> String {
    parts
        .extensions
        .get::<OriginalUri>()
        .map(|uri| uri.0.path().to_string())
        .unwrap_or_else(|| parts.uri.path().to_string())
}

fn full_query(parts: &Parts) -> Option<String> {
    parts
        .extensions
        .get::<OriginalUri>()
        .map(|uri| uri.0.query().map(str::to_string))
        .unwrap_or_else(|| parts.uri.query().map(str::to_string))
}

impl FromRequestParts<AppState> for PageCtx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let mut ctx = super::page_ctx(state, &full_path(parts), full_query(parts).as_deref());
        // The version the page cache read for this request, if it did.
        ctx.site = match parts.extensions.get::<super::page_cache::VersionRead>() {
            Some(read) => state.site.fresh_at(&state.store, read.0).await,
            None => state.site.fresh(&state.store).await,
        };
        Ok(ctx)
    }
}

/// `Query` whose rejection is a 400 page.
pub struct ValidQuery<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ValidQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(ValidQuery(value)),
            Err(rejection) => {
                tracing::debug!(%rejection, "bad query string");
                let lang = Lang::of_path(&full_path(parts));
                Err(AppError::BadRequest(lang.t("error-bad-query")))
            }
        }
    }
}

/// `Path` whose rejection is a 404 page (a path that does not parse names no page).
pub struct ValidPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ValidPath<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(ValidPath(value)),
            Err(rejection) => {
                tracing::debug!(%rejection, "bad path parameter");
                Err(AppError::NotFound)
            }
        }
    }
}
