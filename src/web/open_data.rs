//! The open-data page (`/data`, `/en/data`) and the public dump as one ZIP.

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

use super::downloads;
use crate::error::{AppError, AppResult};
use crate::open_data::{PublicDump, ZIP_NAME};
use crate::state::AppState;
use crate::views::open_data::DataPage;
use crate::views::{PageCtx, render};

/// The dump changes when a record does; an hour's reuse is a fair trade for a download that
/// reads every public table (a conditional request answers 304 without sending it again).
const CACHE_CONTROL: &str = "public, max-age=3600";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(&crate::paths::open_data(), get(page))
        .route(&crate::paths::public_dump(), get(public_dump))
}

fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

async fn page(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Html<String>> {
    let strategy = state.store.strategy().await?;
    render(&DataPage::new(ctx, strategy, &today().to_string()))
}

/// Everything published, as `portal export --public` writes it, in one ZIP streamed as it is
/// made. The ETag is known before the first byte: it is the digest of what decides the bytes.
async fn public_dump(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    let dump = PublicDump::read(&state.store, &state.config.base_url, today()).await?;
    let etag = HeaderValue::from_str(dump.etag())
        .map_err(|e| AppError::Internal(format!("the dump's ETag: {e}")))?;
    let common = [
        (header::ETAG, etag),
        (
            header::CACHE_CONTROL,
            HeaderValue::from_static(CACHE_CONTROL),
        ),
    ];
    if downloads::not_modified(&headers, dump.etag(), None) {
        return Ok((StatusCode::NOT_MODIFIED, common).into_response());
    }
    let disposition = HeaderValue::from_str(&downloads::content_disposition(ZIP_NAME))
        .map_err(|e| AppError::Internal(format!("the dump's file name: {e}")))?;
    let body = Body::from_stream(dump.zip_stream(state.store.clone()));
    Ok((
        common,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/zip"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}
