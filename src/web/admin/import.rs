//! The spreadsheet import of progress (`/admin/import`): upload a CSV or XLSX, see what each row
//! would do, then apply it all or nothing. The preview writes nothing: the apply form carries
//! the rows back (as CSV with their row numbers) with a digest of the preview, and they are
//! planned again; if the records changed meanwhile, the new preview is shown instead.

use axum::extract::{DefaultBodyLimit, Multipart};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{MethodRouter, post};

use super::{AdminRequest, csrf_matches, see_other, set_flash};
use crate::domain::progress::PhaseStatus;
use crate::error::{AppError, AppResult};
use crate::paths;
use crate::progress::import::{self, ImportPlan, RowAction};
use crate::progress::sheet::{self, SheetError, SheetRow};
use crate::state::AppState;
use crate::store::{Change, Framework, WriteError};
use crate::views::admin::progress::{ImportPage, PillarCodes, Preview, PreviewRow};
use crate::views::{PageCtx, render};

/// The import's POST route, with room for the file (or the rows sent back) and the form.
pub fn route() -> MethodRouter<AppState> {
    post(submit).layer(DefaultBodyLimit::max(2 * sheet::MAX_BYTES + 64 * 1024))
}

pub async fn show(req: AdminRequest) -> AppResult<Html<String>> {
    req.viewer.require_staff()?;
    render(&page(&req, None, None, false).await?)
}

/// The CSV template (UTF-8 with a byte-order mark, for Excel).
pub async fn template_csv(req: AdminRequest) -> AppResult<Response> {
    req.viewer.require_staff()?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"plantilla-progreso.csv\"",
            ),
        ],
        sheet::template_csv(),
    )
        .into_response())
}

pub async fn template_xlsx(req: AdminRequest) -> AppResult<Response> {
    req.viewer.require_staff()?;
    let bytes = sheet::template_xlsx().map_err(|e| AppError::Internal(format!("xlsx: {e}")))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"plantilla-progreso.xlsx\"",
            ),
        ],
        bytes,
    )
        .into_response())
}

async fn page(
    req: &AdminRequest,
    preview: Option<Preview>,
    file_error: Option<String>,
    stale: bool,
) -> AppResult<ImportPage> {
    let framework = req.state.store.framework().await?;
    let ctx = &req.ctx;
    Ok(ImportPage {
        admin: req.chrome().await?,
        preview,
        file_error,
        stale,
        codes: codes(ctx, &framework),
        statuses: PhaseStatus::ALL
            .iter()
            .map(|s| (s.code().to_string(), ctx.t(s.label_key())))
            .collect(),
        max_rows: sheet::MAX_ROWS,
        max_mb: sheet::MAX_BYTES / (1024 * 1024),
        ctx: req.ctx.clone(),
    })
}

/// The pillar and phase codes a spreadsheet may use, with their names.
fn codes(ctx: &PageCtx, framework: &Framework) -> Vec<PillarCodes> {
    framework
        .pillars
        .iter()
        .map(|pillar| PillarCodes {
            code: pillar.code.clone(),
            name: ctx.pick(&pillar.name_es, &pillar.name_en).to_string(),
            phases: framework
                .phases_of(pillar.id)
                .map(|p| (p.code.clone(), ctx.pick(&p.name_es, &p.name_en).to_string()))
                .collect(),
        })
        .collect()
}

/// What the form sent.
#[derive(Default)]
struct Submitted {
    apply: bool,
    file_name: String,
    file: Vec<u8>,
    rows: String,
    fingerprint: String,
}

/// Reads the multipart form; the CSRF token must come before the rest.
async fn read_form(
    req: &AdminRequest,
    mut multipart: Multipart,
) -> AppResult<Result<Submitted, SheetError>> {
    let mut submitted = Submitted::default();
    let mut token_ok = false;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Ok(Err(SheetError::TooLarge));
            }
            Err(_) => return Err(AppError::BadRequest(req.ctx.t("error-bad-form"))),
        };
        let name = field.name().unwrap_or("").to_string();
        if name == "csrf_token" {
            let sent = field.text().await.unwrap_or_default();
            token_ok = csrf_matches(&req.viewer.session, &sent).await?;
            continue;
        }
        if !token_ok {
            return Err(AppError::CsrfRejected(req.ctx.t("error-csrf")));
        }
        match name.as_str() {
            "action" => submitted.apply = field.text().await.unwrap_or_default() == "apply",
            "file_name" => submitted.file_name = field.text().await.unwrap_or_default(),
            "rows" => submitted.rows = field.text().await.unwrap_or_default(),
            "fingerprint" => submitted.fingerprint = field.text().await.unwrap_or_default(),
            "file" => {
                submitted.file_name = field.file_name().unwrap_or("").to_string();
                match field.bytes().await {
                    Ok(bytes) => submitted.file = bytes.to_vec(),
                    Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                        return Ok(Err(SheetError::TooLarge));
                    }
                    Err(_) => return Err(AppError::BadRequest(req.ctx.t("error-bad-form"))),
                }
            }
            _ => {}
        }
    }
    if !token_ok {
        return Err(AppError::CsrfRejected(req.ctx.t("error-csrf")));
    }
    Ok(Ok(submitted))
}

pub async fn submit(
    req: AdminRequest,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> AppResult<Response> {
    req.viewer.require_staff()?;
    let Ok(multipart) = multipart else {
        return Err(AppError::BadRequest(req.ctx.t("error-bad-form")));
    };
    let submitted = match read_form(&req, multipart).await? {
        Ok(submitted) => submitted,
        Err(problem) => return refuse_file(&req, &problem).await,
    };
    let file_name = clean_name(&submitted.file_name);
    let rows = if submitted.apply {
        sheet::from_canonical_csv(&submitted.rows).map(|rows| (rows, Vec::new()))
    } else {
        sheet::read(&submitted.file).map(|sheet| (sheet.rows, sheet.ignored_columns))
    };
    let (rows, ignored) = match rows {
        Ok(read) => read,
        Err(problem) => return refuse_file(&req, &problem).await,
    };
    let plan = import::plan(&req.state.store, rows.clone()).await?;
    if submitted.apply {
        if plan.fingerprint() != submitted.fingerprint {
            let preview = preview(&req.ctx, &plan, &rows, file_name, ignored);
            let page = page(&req, Some(preview), None, true).await?;
            return Ok((StatusCode::CONFLICT, render(&page)?).into_response());
        }
        return apply(&req, &plan, &rows, file_name).await;
    }
    let status = if plan.is_applicable() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let preview = preview(&req.ctx, &plan, &rows, file_name, ignored);
    Ok((
        status,
        render(&page(&req, Some(preview), None, false).await?)?,
    )
        .into_response())
}

async fn apply(
    req: &AdminRequest,
    plan: &ImportPlan,
    rows: &[SheetRow],
    file_name: String,
) -> AppResult<Response> {
    let note = format!("import: {file_name}");
    let change = Change {
        actor: req.viewer.actor(),
        note: &note,
        status_note: None,
    };
    match import::apply(&req.state.store, plan, change).await {
        Ok(changed) => {
            let message = req.ctx.t_count("import-applied", changed);
            set_flash(&req.viewer.session, message).await?;
            Ok(see_other(req.ctx.lang, &paths::import()))
        }
        Err(WriteError::Conflict { .. }) => {
            let preview = preview(&req.ctx, plan, rows, file_name, Vec::new());
            let page = page(req, Some(preview), None, true).await?;
            Ok((StatusCode::CONFLICT, render(&page)?).into_response())
        }
        Err(WriteError::Invalid(_)) => {
            let preview = preview(&req.ctx, plan, rows, file_name, Vec::new());
            let page = page(req, Some(preview), None, false).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(error) => Err(AppError::Internal(error.to_string())),
    }
}

/// The file could not be read as a progress spreadsheet: the page again, with why.
async fn refuse_file(req: &AdminRequest, problem: &SheetError) -> AppResult<Response> {
    let mut message = req.ctx.t(problem.message_key());
    if let SheetError::MissingColumns(columns) = problem {
        message = format!("{message} {}", columns.join(", "));
    }
    let status = match problem {
        SheetError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        SheetError::NotASpreadsheet => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let page = page(req, None, Some(message), false).await?;
    Ok((status, render(&page)?).into_response())
}

/// The uploaded file's name as shown: its base name, without control or markup characters.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !crate::domain::is_direction_mark(*c))
        .take(120)
        .collect();
    cleaned.trim().to_string()
}

/// A plan in words.
fn preview(
    ctx: &PageCtx,
    plan: &ImportPlan,
    rows: &[SheetRow],
    file_name: String,
    ignored_columns: Vec<String>,
) -> Preview {
    let preview_rows = plan
        .rows
        .iter()
        .map(|planned| {
            let row = &planned.row;
            let problems = match &planned.action {
                RowAction::Refused(problems) => problems
                    .iter()
                    .map(|(column, key)| {
                        format!(
                            "{}: {}",
                            ctx.t(format!("import-column-{}", column.replace('_', "-"))),
                            ctx.t(key)
                        )
                    })
                    .collect(),
                _ => Vec::new(),
            };
            PreviewRow {
                line: row.line,
                municipality: planned.municipality.as_ref().map_or_else(
                    || row.cell("municipality").to_string(),
                    |(_, name)| name.clone(),
                ),
                phase: format!("{} / {}", row.cell("pillar"), row.cell("phase")),
                status: PhaseStatus::parse(&row.cell("status").to_lowercase())
                    .map_or_else(|| row.cell("status").to_string(), |s| ctx.t(s.label_key())),
                year: row.cell("year").to_string(),
                action_code: planned.action.code(),
                action: ctx.t(format!("import-action-{}", planned.action.code())),
                problems,
            }
        })
        .collect();
    Preview {
        file_name,
        rows: preview_rows,
        creates: plan.count("create"),
        updates: plan.count("update"),
        unchanged: plan.count("unchanged"),
        refused: plan.count("refused"),
        ignored_columns,
        canonical: sheet::canonical_csv(rows),
        fingerprint: plan.fingerprint(),
        applicable: plan.is_applicable() && plan.changes_anything(),
    }
}
