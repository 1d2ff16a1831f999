//! Uploading document files (guides, plan documents, summary sheets) and their versions.
//! Files are recognised by their content, never by their name or the browser's claim.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Multipart, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{MethodRouter, post};
use futures_util::StreamExt;
use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};

use super::records::chrome;
use super::{Viewer, csrf_matches, see_other, set_flash};
use crate::domain::file_formats::{self, FORMATS};
use crate::error::{AppError, AppResult};
use crate::records::record_type;
use crate::state::AppState;
use crate::views::admin::DocumentFilesPage;
use crate::views::{PageCtx, render};
use crate::web::ValidPath;
use crate::web::downloads;

/// How many leading bytes are read before the early check of what a file may be.
const SNIFF_BYTES: usize = file_formats::HEAD_BYTES;

/// The name shown to users: the upload's base name without control or path characters, with
/// the extension of the detected format.
pub fn sanitise_file_name(uploaded: &str, extension: &str) -> String {
    let base = uploaded.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| {
            !c.is_control()
                && !crate::domain::is_direction_mark(*c)
                && !matches!(c, '"' | '<' | '>' | ':' | '|' | '?' | '*')
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let stem = match cleaned.rsplit_once('.') {
        Some((stem, _)) if !stem.trim().is_empty() => {
            stem.trim().trim_start_matches('.').to_string()
        }
        _ => cleaned.trim_start_matches('.').to_string(),
    };
    let stem: String = stem.chars().take(120).collect();
    let stem = if stem.trim().is_empty() {
        "documento".to_string()
    } else {
        stem
    };
    format!("{stem}.{extension}")
}

pub fn body_limit(max_upload_mb: u64) -> DefaultBodyLimit {
    // Room for the other form fields and the multipart framing.
    DefaultBodyLimit::max(
        usize::try_from(max_upload_mb * 1024 * 1024 + 64 * 1024).unwrap_or(usize::MAX),
    )
}

/// Set when an upload's body stalled past the idle timeout.
#[derive(Debug, Clone, Default)]
pub struct UploadStalled(Arc<AtomicBool>);

/// The upload route: out of the request timeout (an upload may take as long as a slow link
/// needs), with the size limit, and an idle timeout on the body instead: if no bytes arrive for
/// `idle`, the upload is dropped and nothing is kept.
pub fn upload_route(max_upload_mb: u64, idle: Duration) -> MethodRouter<AppState> {
    post(upload)
        .layer(body_limit(max_upload_mb))
        .layer(middleware::from_fn(move |request, next| {
            idle_timeout(request, next, idle)
        }))
}

/// Wraps the request body so that a read waiting more than `idle` for the next bytes ends the
/// body with an error (and marks the request as stalled).
async fn idle_timeout(request: Request, next: Next, idle: Duration) -> Response {
    let stalled = UploadStalled::default();
    let flag = Arc::clone(&stalled.0);
    let (mut parts, body) = request.into_parts();
    let timed = futures_util::stream::unfold(Some(body.into_data_stream()), move |state| {
        let flag = Arc::clone(&flag);
        async move {
            let mut stream = state?;
            match tokio::time::timeout(idle, stream.next()).await {
                Ok(Some(item)) => Some((item, Some(stream))),
                Ok(None) => None,
                Err(_) => {
                    flag.store(true, Ordering::SeqCst);
                    Some((Err(axum::Error::new("the upload stalled")), None))
                }
            }
        }
    });
    parts.extensions.insert(stalled);
    next.run(Request::from_parts(parts, Body::from_stream(timed)))
        .await
}

async fn page(
    state: &AppState,
    ctx: PageCtx,
    viewer: &Viewer,
    id: i64,
    error: Option<String>,
    language: &str,
) -> AppResult<Html<String>> {
    let kind = record_type("documents").ok_or(AppError::NotFound)?;
    let document = state
        .store
        .get_record(kind, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let title = document
        .values
        .get("title_es")
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_string();
    render(&DocumentFilesPage {
        admin: chrome(&ctx, viewer).await?,
        id,
        title,
        status: document
            .values
            .get("status")
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string(),
        versions: state.store.document_versions(id).await?,
        downloads: state.store.monthly_downloads(id).await?,
        max_upload_mb: state.config.max_upload_mb,
        formats: FORMATS
            .iter()
            .map(|(_, _, label)| *label)
            .collect::<Vec<_>>()
            .join(", "),
        error,
        language: language.to_string(),
        ctx,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    ValidPath(id): ValidPath<i64>,
) -> AppResult<Html<String>> {
    viewer.require_staff()?;
    page(&state, ctx, &viewer, id, None, "").await
}

/// A refused upload: the files page again, with the reason, and the given status.
async fn refuse(
    state: &AppState,
    ctx: PageCtx,
    viewer: &Viewer,
    id: i64,
    why: Refusal,
    language: &str,
) -> AppResult<Response> {
    let (status, message) = match why {
        Refusal::TooLarge => (
            StatusCode::PAYLOAD_TOO_LARGE,
            ctx.t_count("upload-too-large", state.config.max_upload_mb as usize),
        ),
        Refusal::BadFormat => (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ctx.t("upload-bad-format"),
        ),
        Refusal::NoFile => (StatusCode::UNPROCESSABLE_ENTITY, ctx.t("upload-no-file")),
        Refusal::Unreadable => (StatusCode::BAD_REQUEST, ctx.t("upload-no-file")),
        Refusal::BadLanguage => (StatusCode::UNPROCESSABLE_ENTITY, ctx.t("form-bad-choice")),
        Refusal::Stalled => (StatusCode::REQUEST_TIMEOUT, ctx.t("upload-stalled")),
    };
    let page = page(state, ctx, viewer, id, Some(message), language).await?;
    Ok((status, page).into_response())
}

/// Why an upload was refused.
#[derive(Debug, Clone, Copy)]
enum Refusal {
    TooLarge,
    BadFormat,
    NoFile,
    Unreadable,
    BadLanguage,
    /// No bytes arrived for the idle timeout.
    Stalled,
}

/// Why a multipart read failed: too large, stalled, or unreadable.
fn read_refusal(
    error: &axum::extract::multipart::MultipartError,
    stalled: &UploadStalled,
) -> Refusal {
    if stalled.0.load(Ordering::SeqCst) {
        Refusal::Stalled
    } else if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        Refusal::TooLarge
    } else {
        Refusal::Unreadable
    }
}

pub async fn upload(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    ValidPath(id): ValidPath<i64>,
    headers: HeaderMap,
    stalled: Option<axum::Extension<UploadStalled>>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> AppResult<Response> {
    viewer.require_staff()?;
    let stalled = stalled.map(|s| s.0).unwrap_or_default();
    let limit = state.config.max_upload_mb * 1024 * 1024;
    // Refused early: a declared size over the limit is not read at all.
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit + 64 * 1024) {
        return refuse(&state, ctx, &viewer, id, Refusal::TooLarge, "").await;
    }
    let Ok(mut multipart) = multipart else {
        return refuse(&state, ctx, &viewer, id, Refusal::Unreadable, "").await;
    };
    state
        .store
        .get_record(record_type("documents").ok_or(AppError::NotFound)?, id)
        .await?
        .ok_or(AppError::NotFound)?;

    let mut token_ok = false;
    let mut language = String::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => {
                let why = read_refusal(&error, &stalled);
                return refuse(&state, ctx, &viewer, id, why, &language).await;
            }
        };
        match field.name() {
            Some("csrf_token") => {
                let sent = field.text().await.unwrap_or_default();
                token_ok = csrf_matches(&viewer.session, &sent).await?;
            }
            Some("language") => {
                language = field.text().await.unwrap_or_default();
                if !["", "es", "en"].contains(&language.as_str()) {
                    return refuse(&state, ctx, &viewer, id, Refusal::BadLanguage, "").await;
                }
            }
            Some("file") => {
                if !token_ok {
                    return Err(AppError::CsrfRejected(ctx.t("error-csrf")));
                }
                let uploaded_name = field.file_name().unwrap_or("").to_string();
                return receive(
                    &state,
                    ctx,
                    &viewer,
                    id,
                    field,
                    &uploaded_name,
                    &language,
                    limit,
                    &stalled,
                )
                .await;
            }
            _ => {}
        }
    }
    if !token_ok {
        return Err(AppError::CsrfRejected(ctx.t("error-csrf")));
    }
    refuse(&state, ctx, &viewer, id, Refusal::NoFile, &language).await
}

/// Reads the file field into a temporary file (bounded memory; the store is not locked while a
/// slow client uploads), checks what it is, then copies it into the store in one short
/// transaction. Nothing is kept of a refused file.
#[allow(clippy::too_many_arguments)]
async fn receive(
    state: &AppState,
    ctx: PageCtx,
    viewer: &Viewer,
    id: i64,
    mut field: axum::extract::multipart::Field<'_>,
    uploaded_name: &str,
    language: &str,
    limit: u64,
    stalled: &UploadStalled,
) -> AppResult<Response> {
    let spool =
        tempfile::tempfile().map_err(|e| AppError::Internal(format!("temporary file: {e}")))?;
    let mut spool = tokio::fs::File::from_std(spool);
    let mut head: Vec<u8> = Vec::with_capacity(SNIFF_BYTES);
    let mut received: u64 = 0;
    loop {
        let chunk = match field.chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(error) => {
                let why = read_refusal(&error, stalled);
                return refuse(state, ctx, viewer, id, why, language).await;
            }
        };
        received += chunk.len() as u64;
        if received > limit {
            return refuse(state, ctx, viewer, id, Refusal::TooLarge, language).await;
        }
        if head.len() < SNIFF_BYTES {
            let take = (SNIFF_BYTES - head.len()).min(chunk.len());
            head.extend_from_slice(&chunk[..take]);
            if head.len() == SNIFF_BYTES && !file_formats::looks_acceptable(&head) {
                return refuse(state, ctx, viewer, id, Refusal::BadFormat, language).await;
            }
        }
        spool.write_all(&chunk).await.map_err(spool_error)?;
    }
    if received == 0 {
        return refuse(state, ctx, viewer, id, Refusal::NoFile, language).await;
    }
    // The whole file decides (an office file's directory is at its end), off the async threads.
    spool.flush().await.map_err(spool_error)?;
    let mut whole = spool
        .try_clone()
        .await
        .map_err(spool_error)?
        .into_std()
        .await;
    let identified = tokio::task::spawn_blocking(move || file_formats::identify(&mut whole))
        .await
        .map_err(|e| AppError::Internal(format!("identifying an upload: {e}")))?;
    let format = match identified {
        Ok(format) => format,
        Err(file_formats::FormatProblem::Io(error)) => return Err(spool_error(error)),
        Err(problem) => {
            tracing::info!(%problem, "upload refused");
            return refuse(state, ctx, viewer, id, Refusal::BadFormat, language).await;
        }
    };
    let (content_type, extension) = (format.content_type(), format.extension());

    let mut writer = state.store.file_writer(viewer.actor()).await?;
    spool
        .seek(std::io::SeekFrom::Start(0))
        .await
        .map_err(spool_error)?;
    let mut buffer = vec![0u8; crate::store::CHUNK_SIZE];
    loop {
        let read = spool.read(&mut buffer).await.map_err(spool_error)?;
        if read == 0 {
            break;
        }
        writer.write(&buffer[..read]).await?;
    }
    let name = sanitise_file_name(uploaded_name, extension);
    let language = Some(language).filter(|l| !l.is_empty());
    let version = writer
        .attach_to_document(id, &name, content_type, language, viewer.actor())
        .await?;
    set_flash(
        &viewer.session,
        ctx.t_count("flash-uploaded", version as usize),
    )
    .await?;
    Ok(see_other(ctx.lang, &format!("/admin/documents/{id}/files")))
}

fn spool_error(error: std::io::Error) -> AppError {
    AppError::Internal(format!("temporary upload file: {error}"))
}

/// A coordinator downloads any version (not counted).
pub async fn download_version(
    State(state): State<AppState>,
    viewer: Viewer,
    ValidPath((id, version)): ValidPath<(i64, i64)>,
    method: Method,
    headers: HeaderMap,
) -> AppResult<Response> {
    viewer.require_staff()?;
    let versions = state.store.document_versions(id).await?;
    let found = versions
        .iter()
        .find(|v| v.version == version)
        .ok_or(AppError::NotFound)?;
    let file = state
        .store
        .file(found.file_id)
        .await?
        .ok_or(AppError::NotFound)?;
    downloads::serve(&state.store, file, &method, &headers, None).await
}
