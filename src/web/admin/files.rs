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

use super::{AdminRequest, Viewer, csrf_matches, see_other, set_flash};
use crate::catalogue::DOCUMENTS;
use crate::domain::DocumentLanguage;
use crate::domain::file_formats::{self, FORMATS};
use crate::error::{AppError, AppResult};
use crate::forms::FieldErrors;
use crate::paths;
use crate::state::AppState;
use crate::store::StoredAs;
use crate::views::admin::DocumentFilesPage;
use crate::views::admin::records::title_of;
use crate::views::render;
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

/// The files page of a document, with the problem of a refused upload.
async fn page(
    req: &AdminRequest,
    id: i64,
    errors: FieldErrors,
    language: &str,
) -> AppResult<Html<String>> {
    let store = &req.state.store;
    let document = store
        .get_record(&DOCUMENTS, id)
        .await?
        .ok_or(AppError::NotFound)?;
    render(&DocumentFilesPage {
        admin: req.chrome().await?,
        id,
        title: title_of(&req.ctx, &DOCUMENTS, &document.values, None),
        status: document.values.text("status").unwrap_or("").to_string(),
        versions: store.document_versions(id).await?,
        downloads: store.monthly_downloads(id).await?,
        max_upload_mb: req.state.config.max_upload_mb,
        formats: FORMATS
            .iter()
            .map(|(_, _, label)| *label)
            .collect::<Vec<_>>()
            .join(", "),
        errors,
        language: language.to_string(),
        ctx: req.ctx.clone(),
    })
}

pub async fn show(req: AdminRequest, ValidPath(id): ValidPath<i64>) -> AppResult<Html<String>> {
    req.viewer.require_staff()?;
    page(&req, id, FieldErrors::new(), "").await
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

impl Refusal {
    /// The status of the answer, the input concerned and the message key.
    fn answer(self) -> (StatusCode, &'static str, &'static str) {
        match self {
            Refusal::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "file", "upload-too-large"),
            Refusal::BadFormat => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "file",
                "upload-bad-format",
            ),
            Refusal::NoFile => (StatusCode::UNPROCESSABLE_ENTITY, "file", "upload-no-file"),
            Refusal::Unreadable => (StatusCode::BAD_REQUEST, "file", "upload-no-file"),
            Refusal::BadLanguage => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "language",
                "form-bad-choice",
            ),
            Refusal::Stalled => (StatusCode::REQUEST_TIMEOUT, "file", "upload-stalled"),
        }
    }
}

/// One upload under way: who sends it to which document, and what is known so far.
struct Upload {
    req: AdminRequest,
    id: i64,
    language: String,
    stalled: UploadStalled,
    limit: u64,
}

impl Upload {
    /// A refused upload: the files page again, with the reason, and its status.
    async fn refuse(&self, why: Refusal) -> AppResult<Response> {
        let (status, input, key) = why.answer();
        let page = page(
            &self.req,
            self.id,
            FieldErrors::one(input, key),
            &self.language,
        )
        .await?;
        Ok((status, page).into_response())
    }

    /// Why a multipart read failed: too large, stalled, or unreadable.
    fn read_refusal(&self, error: &axum::extract::multipart::MultipartError) -> Refusal {
        if self.stalled.0.load(Ordering::SeqCst) {
            Refusal::Stalled
        } else if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Refusal::TooLarge
        } else {
            Refusal::Unreadable
        }
    }
}

pub async fn upload(
    req: AdminRequest,
    ValidPath(id): ValidPath<i64>,
    headers: HeaderMap,
    stalled: Option<axum::Extension<UploadStalled>>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> AppResult<Response> {
    req.viewer.require_staff()?;
    let limit = req.state.config.max_upload_mb * 1024 * 1024;
    let mut upload = Upload {
        id,
        language: String::new(),
        stalled: stalled.map(|s| s.0).unwrap_or_default(),
        limit,
        req,
    };
    // Refused early: a declared size over the limit is not read at all.
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit + 64 * 1024) {
        return upload.refuse(Refusal::TooLarge).await;
    }
    let Ok(mut multipart) = multipart else {
        return upload.refuse(Refusal::Unreadable).await;
    };
    upload
        .req
        .state
        .store
        .get_record(&DOCUMENTS, id)
        .await?
        .ok_or(AppError::NotFound)?;
    read_parts(&mut upload, &mut multipart).await
}

/// Reads the parts of an upload in order: the CSRF token, the language, then the file (which
/// must come after the token).
async fn read_parts(upload: &mut Upload, multipart: &mut Multipart) -> AppResult<Response> {
    let mut token_ok = false;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => return upload.refuse(upload.read_refusal(&error)).await,
        };
        match field.name() {
            Some("csrf_token") => {
                let sent = field.text().await.unwrap_or_default();
                token_ok = csrf_matches(&upload.req.viewer.session, &sent).await?;
            }
            Some("language") => {
                upload.language = field.text().await.unwrap_or_default();
                let known = DocumentLanguage::parse(&upload.language).is_some();
                if !known && !upload.language.is_empty() {
                    upload.language.clear();
                    return upload.refuse(Refusal::BadLanguage).await;
                }
            }
            Some("file") if token_ok => {
                let uploaded_name = field.file_name().unwrap_or("").to_string();
                return receive(upload, field, &uploaded_name).await;
            }
            Some("file") => break,
            _ => {}
        }
    }
    if !token_ok {
        return Err(AppError::CsrfRejected(upload.req.ctx.t("error-csrf")));
    }
    upload.refuse(Refusal::NoFile).await
}

/// Reads the file field into a temporary file (bounded memory; the store is not locked while a
/// slow client uploads), checks what it is, then copies it into the store in one short
/// transaction. Nothing is kept of a refused file.
async fn receive(
    upload: &Upload,
    mut field: axum::extract::multipart::Field<'_>,
    uploaded_name: &str,
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
            Err(error) => return upload.refuse(upload.read_refusal(&error)).await,
        };
        received += chunk.len() as u64;
        if received > upload.limit {
            return upload.refuse(Refusal::TooLarge).await;
        }
        if head.len() < SNIFF_BYTES {
            let take = (SNIFF_BYTES - head.len()).min(chunk.len());
            head.extend_from_slice(&chunk[..take]);
            if head.len() == SNIFF_BYTES && !file_formats::looks_acceptable(&head) {
                return upload.refuse(Refusal::BadFormat).await;
            }
        }
        spool.write_all(&chunk).await.map_err(spool_error)?;
    }
    if received == 0 {
        return upload.refuse(Refusal::NoFile).await;
    }
    let Some(format) = identify(&mut spool).await? else {
        return upload.refuse(Refusal::BadFormat).await;
    };
    store_file(upload, &mut spool, format, uploaded_name).await
}

/// What the whole spooled file is (an office file's directory is at its end), decided off the
/// async threads; `None` when it is not an accepted format.
async fn identify(spool: &mut tokio::fs::File) -> AppResult<Option<file_formats::Format>> {
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
    match identified {
        Ok(format) => Ok(Some(format)),
        Err(file_formats::FormatProblem::Io(error)) => Err(spool_error(error)),
        Err(problem) => {
            tracing::info!(%problem, "upload refused");
            Ok(None)
        }
    }
}

/// Copies the checked file into the store as the document's new version.
async fn store_file(
    upload: &Upload,
    spool: &mut tokio::fs::File,
    format: file_formats::Format,
    uploaded_name: &str,
) -> AppResult<Response> {
    let (req, viewer) = (&upload.req, &upload.req.viewer);
    let mut writer = req.state.store.file_writer(viewer.actor()).await?;
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
    let name = sanitise_file_name(uploaded_name, format.extension());
    let language = Some(upload.language.as_str()).filter(|l| !l.is_empty());
    let stored = StoredAs {
        original_name: &name,
        content_type: format.content_type(),
        language,
    };
    let version = writer
        .attach_to_document(upload.id, &stored, viewer.actor())
        .await?;
    let message = req.ctx.t_count("flash-uploaded", version as usize);
    set_flash(&viewer.session, message).await?;
    Ok(see_other(req.ctx.lang, &paths::document_files(upload.id)))
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
