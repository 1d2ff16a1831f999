//! HTTP: the router, the layers every request passes through, and the extractors that turn
//! framework rejections into the portal's own error pages.

mod admin;
pub mod client;
pub mod cookies;
mod csv;
pub mod downloads;
mod extract;
mod feeds;
pub mod form;
mod headers;
mod open_data;
pub mod page_cache;
mod paging;
pub(crate) mod progress;
pub(crate) mod public;
mod share;

pub use admin::SIGN_IN_WINDOW;
pub use extract::{ValidPath, ValidQuery};

use std::time::Instant;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_http::timeout::TimeoutLayer;

use crate::domain::has_forbidden_control;
use crate::error::{AppError, ErrorPage};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::views::{ErrorPageView, PageCtx};

/// The whole application.
pub fn router(state: AppState) -> Router {
    let timeout = TimeoutLayer::with_status_code(
        StatusCode::SERVICE_UNAVAILABLE,
        state.config.limits.request_timeout,
    );
    let api_cache = middleware::from_fn_with_state(state.clone(), page_cache::api_cache);
    Router::new()
        .merge(public::router().layer(timeout))
        .nest("/en", public::router().layer(timeout))
        // "/en/" is the English home page too.
        .route("/en/", get(public::home).layer(timeout))
        // The feed, the sitemap and robots.txt, for readers and crawlers.
        .merge(feeds::router().layer(timeout))
        .merge(admin::router(&state))
        .merge(crate::api::router(&state, api_cache).layer(timeout))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz).layer(timeout))
        .route("/static/{name}", get(static_file))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            refuse_cross_site_writes,
        ))
        .layer(middleware::from_fn(refuse_control_characters))
        .layer(tower_http::catch_panic::CatchPanicLayer::new())
        .layer(middleware::from_fn_with_state(
            state.clone(),
            render_error_pages,
        ))
        // Outside the error pages, so that they carry the headers too.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            headers::security_headers,
        ))
        // Outside every other layer but the log: a kept page is answered at once, with the
        // headers the layers inside added when it was rendered.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            page_cache::page_cache,
        ))
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

/// A compiled-in static file by its hashed name; anything else is a 404 (not cached).
async fn static_file(ValidPath(name): ValidPath<String>, request_headers: HeaderMap) -> Response {
    let Some(asset) = crate::assets::find(&name) else {
        return AppError::NotFound.into_response();
    };
    let etag = HeaderValue::from_str(&asset.etag).ok();
    let cached = request_headers
        .get(header::IF_NONE_MATCH)
        .zip(etag.as_ref())
        .is_some_and(|(sent, etag)| sent == etag);
    let mut response = if cached {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static(asset.content_type),
            )],
            asset.bytes,
        )
            .into_response()
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    if let Some(etag) = etag {
        headers.insert(header::ETAG, etag);
    }
    response
}

/// The page context of a request, built from its path and the configuration.
pub fn page_ctx(state: &AppState, path: &str, query: Option<&str>) -> PageCtx {
    // "/en//evil.example/x" must not become a link to "//evil.example/x": the page path always
    // starts with exactly one slash.
    let page_path = format!(
        "/{}",
        Lang::strip_prefix(path).trim_start_matches(['/', '\\'])
    );
    PageCtx {
        lang: Lang::of_path(path),
        page_path,
        query: query.map(str::to_string),
        base_url: state.config.base_url.clone(),
        site: state.site.current(),
    }
}

/// Bytes made on the server (an image) with a strong ETag of their SHA-256: a conditional
/// request that matches gets 304, and other sites may show them (`cross-origin` resource
/// policy).
pub fn cached_bytes(
    request_headers: &HeaderMap,
    content_type: &'static str,
    bytes: Vec<u8>,
    cache_control: &'static str,
) -> Response {
    use sha2::{Digest, Sha256};
    let digest: String = Sha256::digest(&bytes)
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect();
    let etag = format!("\"{digest}\"");
    let matches = request_headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|tag| tag.trim() == etag || tag.trim() == "*")
        });
    let common = [
        (header::CACHE_CONTROL, cache_control.to_string()),
        (header::ETAG, etag),
        (
            HeaderName::from_static("cross-origin-resource-policy"),
            "cross-origin".to_string(),
        ),
    ];
    if matches {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    (
        common,
        [(header::CONTENT_TYPE, content_type.to_string())],
        bytes,
    )
        .into_response()
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

/// Refuses (400) a path or query that, once percent-decoded, holds a control character or is
/// not UTF-8: nothing downstream should see a NUL (Postgres cannot even store one).
async fn refuse_control_characters(request: Request, next: Next) -> Response {
    let uri = request.uri();
    let bad_path = form::decode_component(uri.path().as_bytes())
        .is_none_or(|path| has_forbidden_control(&path, false));
    let bad_query = uri.query().is_some_and(|query| {
        query.split('&').any(|pair| {
            pair.split('=').any(|part| {
                form::decode_component(part.as_bytes())
                    .is_none_or(|text| has_forbidden_control(&text, false))
            })
        })
    });
    if bad_path || bad_query {
        let lang = if crate::api::is_api_path(uri.path()) {
            Lang::En
        } else {
            Lang::of_path(uri.path())
        };
        return AppError::BadRequest(lang.t("error-control-characters")).into_response();
    }
    next.run(request).await
}

/// Whether a response is an error the portal should show as its own page: marked by
/// `AppError`, or an error status without an HTML (or JSON) body — the router's 404/405, a
/// timeout's 503, a caught panic's 500, a body limit's 413.
fn needs_error_page(response: &Response) -> Option<ErrorPage> {
    if let Some(marker) = response.extensions().get::<ErrorPage>() {
        return Some(marker.clone());
    }
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return None;
    }
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let is_page = content_type.starts_with("text/html") || content_type.contains("json");
    // A refused range keeps its plain answer: clients read its Content-Range.
    let keep = status == StatusCode::RANGE_NOT_SATISFIABLE;
    (!is_page && !keep).then_some(ErrorPage {
        status,
        message: None,
    })
}

/// Turns error responses into a page in the visitor's language.
async fn render_error_pages(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    let query = request.uri().query().map(str::to_string);
    let response = next.run(request).await;
    let Some(marker) = needs_error_page(&response) else {
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
        StatusCode::SERVICE_UNAVAILABLE => ("error-503-title", "error-503-message"),
        status if status.is_client_error() => ("error-400-title", "error-400-message"),
        _ => ("error-500-title", "error-500-message"),
    };
    let mut page = if crate::api::is_api_path(&path) {
        // API clients read JSON, whatever refused the request.
        let message = marker.message.unwrap_or_else(|| Lang::En.t(message_key));
        crate::api::ApiError::new(marker.status, message).into_response()
    } else {
        error_page(ctx, marker, title_key, message_key)
    };
    // Keep the headers that matter to clients.
    for name in [header::ALLOW, header::RETRY_AFTER, header::SET_COOKIE] {
        for value in response.headers().get_all(&name) {
            page.headers_mut().append(name.clone(), value.clone());
        }
    }
    page
}

fn error_page(ctx: PageCtx, marker: ErrorPage, title_key: &str, message_key: &str) -> Response {
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
    (marker.status, axum::response::Html(body)).into_response()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: StatusCode, content_type: Option<&'static str>) -> Response {
        let mut response = status.into_response();
        if let Some(content_type) = content_type {
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        }
        response
    }

    #[test]
    fn every_bare_error_becomes_a_page() {
        // A timeout's empty 503, a caught panic's plain-text 500, a body limit's 413, the
        // router's 404 and 405: all become pages.
        for (status, content_type) in [
            (StatusCode::SERVICE_UNAVAILABLE, None),
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Some("text/plain; charset=utf-8"),
            ),
            (
                StatusCode::PAYLOAD_TOO_LARGE,
                Some("text/plain; charset=utf-8"),
            ),
            (StatusCode::NOT_FOUND, None),
            (StatusCode::METHOD_NOT_ALLOWED, None),
        ] {
            let page = needs_error_page(&response(status, content_type));
            assert_eq!(page.map(|p| p.status), Some(status), "{status}");
        }
        // Pages and successes are left alone, and so is a refused range.
        for (status, content_type) in [
            (StatusCode::UNAUTHORIZED, Some("text/html; charset=utf-8")),
            (StatusCode::OK, None),
            (StatusCode::NOT_MODIFIED, None),
            (StatusCode::RANGE_NOT_SATISFIABLE, None),
        ] {
            assert!(
                needs_error_page(&response(status, content_type)).is_none(),
                "{status}"
            );
        }
    }
}
