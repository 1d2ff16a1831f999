//! HTTP: the router, the layers every request passes through, and the extractors that turn
//! framework rejections into the portal's own error pages.

mod admin;
pub mod downloads;
mod extract;
mod public;

pub use extract::{ValidPath, ValidQuery};

use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::error::{AppError, ErrorPage};
use crate::i18n::Lang;
use crate::startup::AppState;
use crate::views::{ErrorPageView, PageCtx};

/// The whole application.
pub fn router(state: AppState) -> Router {
    let static_files = Router::new()
        .nest_service("/static", ServeDir::new(static_dir()))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ));

    Router::new()
        .merge(public::router())
        .nest("/en", public::router())
        .merge(admin::router(&state))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .merge(static_files)
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            render_error_pages,
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; \
                 frame-ancestors 'none'; form-action 'self'; base-uri 'self'",
            ),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("x-frame-options"),
            HeaderValue::from_static("DENY"),
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            refuse_cross_site_writes,
        ))
        .layer(middleware::from_fn(log_request))
        .layer(tower_http::catch_panic::CatchPanicLayer::new())
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(30),
        ))
        .with_state(state)
}

/// Where the stylesheet lives: next to Cargo.toml when run from a checkout.
fn static_dir() -> std::path::PathBuf {
    let beside_manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("static");
    if beside_manifest.is_dir() {
        beside_manifest
    } else {
        std::path::PathBuf::from("static")
    }
}

/// The page context of a request, built from its path and the configuration.
pub fn page_ctx(state: &AppState, path: &str, query: Option<&str>) -> PageCtx {
    PageCtx {
        lang: Lang::of_path(path),
        page_path: Lang::strip_prefix(path).to_string(),
        query: query.map(str::to_string),
        base_url: state.config.base_url.clone(),
    }
}

/// One log line per request: method, path, status, duration.
async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    tracing::info!(
        %method,
        %path,
        status = response.status().as_u16(),
        ms = started.elapsed().as_secs_f64() * 1000.0,
        "request"
    );
    response
}

/// Turns error responses (marked by `AppError`, or the router's own 404/405) into a page in the
/// visitor's language.
async fn render_error_pages(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    let query = request.uri().query().map(str::to_string);
    let response = next.run(request).await;

    let marker = response.extensions().get::<ErrorPage>().cloned();
    let bare_router_error = matches!(
        response.status(),
        StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED
    ) && !response.headers().contains_key(header::CONTENT_TYPE);
    let Some(marker) = marker.or_else(|| {
        bare_router_error.then(|| ErrorPage {
            status: response.status(),
            message: None,
        })
    }) else {
        return response;
    };

    let ctx = page_ctx(&state, &path, query.as_deref());
    let (title_key, message_key) = match marker.status {
        StatusCode::NOT_FOUND => ("error-404-title", "error-404-message"),
        StatusCode::BAD_REQUEST => ("error-400-title", "error-400-message"),
        StatusCode::METHOD_NOT_ALLOWED => ("error-405-title", "error-405-message"),
        StatusCode::FORBIDDEN => ("error-403-title", "error-403-message"),
        StatusCode::TOO_MANY_REQUESTS => ("error-429-title", "error-429-message"),
        StatusCode::PAYLOAD_TOO_LARGE => ("error-413-title", "error-413-message"),
        _ => ("error-500-title", "error-500-message"),
    };
    let view = ErrorPageView {
        status: marker.status.as_u16(),
        title: ctx.t(title_key),
        message: marker.message.unwrap_or_else(|| ctx.t(message_key)),
        ctx,
    };
    let body = match askama::Template::render(&view) {
        Ok(body) => body,
        Err(error) => {
            tracing::error!(%error, "cannot render the error page");
            view.title.clone()
        }
    };
    let mut page = (marker.status, axum::response::Html(body)).into_response();
    // Keep headers that matter to clients (Allow on 405).
    if let Some(allow) = response.headers().get(header::ALLOW) {
        page.headers_mut().insert(header::ALLOW, allow.clone());
    }
    page
}

/// Refuses state-changing requests sent by another site: browsers say where a request comes from
/// in `Sec-Fetch-Site` and `Origin`. (Forms also carry a CSRF token; this is the second wall.)
async fn refuse_cross_site_writes(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method();
    if method.is_safe() {
        return next.run(request).await;
    }
    let headers = request.headers();
    let fetch_site = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let same_origin = match origin {
        None | Some("null") => origin.is_none(),
        Some(origin) => {
            let origin_host = origin.split("://").nth(1).unwrap_or("");
            origin == state.config.base_url || host == Some(origin_host)
        }
    };
    if fetch_site == "cross-site" || !same_origin {
        let lang = Lang::of_path(request.uri().path());
        tracing::warn!(origin = ?origin, fetch_site, "cross-site write refused");
        return AppError::CsrfRejected(lang.t("error-csrf")).into_response();
    }
    next.run(request).await
}

async fn not_found() -> AppError {
    AppError::NotFound
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if state.store.is_reachable().await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "store unreachable")
    }
}
