//! The open-data JSON API under `/api/v1/` and its OpenAPI 3.1 document at
//! `/api/openapi.json`, generated from these types and handlers by utoipa. Read-only: every
//! response carries an ETag (a repeated request answers 304), any origin may read it (CORS), and
//! each client gets `PORTAL_API_RATE_LIMIT` requests a minute (429 with `Retry-After` beyond).

mod handlers;
pub mod model;
mod rate_limit;

use axum::extract::FromRequestParts;
use axum::extract::{Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router, middleware};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tower_http::cors::{Any, CorsLayer};
use utoipa::OpenApi;

use crate::domain::{BadgeKind, PlanStatus};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::PLAN_NONE;
use model::{ApiErrorBody, ApiErrorDetail, Meta, PageLinks, Pagination, Text};

pub use rate_limit::ApiRateLimiter;

/// Paths of the API, for the router, the document and the links.
pub const PREFIX: &str = "/api/v1";
pub const DOCUMENT_PATH: &str = "/api/openapi.json";

/// Whether a request path is the API's (its errors are JSON, never a page).
pub fn is_api_path(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// The records' licence.
const LICENCE: &str = "CC-BY-4.0";
const LICENCE_URL: &str = "https://creativecommons.org/licenses/by/4.0/";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Portal GCoM Perú — open data API",
        version = "1.0.0",
        description = "The records of the Global Covenant of Mayors' National Strategy in Peru: municipalities, badges, national figures, climate action plans with their status history, the GCoM progress ledger with deadlines, plan measures and their planning and budget integration, programmes, diploma cohorts, exchanges and guides. Texts in Spanish and English; dates ISO 8601; a value not recorded is null, with the reason in `missing` where it is known. National totals are figures reported by the source, not sums of city records. Source: the strategy's public records (see `meta.source_url`).",
        license(name = "CC BY 4.0 (the portal's records)", identifier = "CC-BY-4.0"),
    ),
    paths(
        handlers::municipalities,
        handlers::municipality,
        handlers::badges,
        handlers::figures,
        handlers::plans,
        handlers::progress,
        handlers::measures,
        handlers::programmes,
        handlers::diploma_cohorts,
        handlers::exchanges,
        handlers::guides,
    ),
    tags(
        (name = "municipalities", description = "Municipalities, with the same filters as /cities"),
        (name = "records", description = "Badges, figures, plans, progress and measures"),
        (name = "programmes", description = "Programmes, diploma cohorts, exchanges and guides"),
    )
)]
pub struct ApiDoc;

/// The API's routes: the per-client rate limit, then `cache`, then CORS.
pub fn router<L>(state: &AppState, cache: L) -> Router<AppState>
where
    L: tower::Layer<axum::routing::Route> + Clone + Send + Sync + 'static,
    L::Service: tower::Service<axum::extract::Request, Error = std::convert::Infallible>
        + Clone
        + Send
        + Sync
        + 'static,
    <L::Service as tower::Service<axum::extract::Request>>::Response: IntoResponse + 'static,
    <L::Service as tower::Service<axum::extract::Request>>::Future: Send + 'static,
{
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::HEAD])
        .allow_headers([header::IF_NONE_MATCH])
        .expose_headers([header::ETAG, header::RETRY_AFTER]);
    Router::new()
        .route(DOCUMENT_PATH, get(document))
        .nest(PREFIX, handlers::routes().fallback(not_found))
        .method_not_allowed_fallback(method_not_allowed)
        // CORS inside the cache, so that a kept answer carries its headers (constant: any
        // origin); the rate limit outside it, so that a kept answer is still counted.
        .layer(cors)
        .layer(cache)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            rate_limit::limit,
        ))
}

/// The OpenAPI document, built from the code, with the allowed values of each filter filled in
/// from their one definition: the domain's code lists, and the departments in the store.
async fn document(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    let departments = state.store.departments().await?;
    Ok(json_response(&headers, &document_with_values(&departments)))
}

/// `ApiDoc` with an `enum` on every filter parameter that takes codes.
pub fn document_with_values(departments: &[String]) -> serde_json::Value {
    let plan_status: Vec<&str> = PlanStatus::CODES.codes.to_vec();
    let plan_filter: Vec<&str> = plan_status.iter().copied().chain([PLAN_NONE]).collect();
    let departments: Vec<&str> = departments.iter().map(String::as_str).collect();
    let values = |name: &str| -> Option<Vec<&str>> {
        match name {
            "supported" => Some(vec!["yes", "no"]),
            "badge" | "kind" => Some(BadgeKind::CODES.codes.to_vec()),
            "plan" => Some(plan_filter.clone()),
            "status" => Some(plan_status.clone()),
            "department" => Some(departments.clone()),
            _ => None,
        }
    };
    let mut document = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    let operations = document["paths"]
        .as_object_mut()
        .into_iter()
        .flat_map(|paths| paths.values_mut())
        .filter_map(|path| path["get"]["parameters"].as_array_mut());
    for parameters in operations {
        for parameter in parameters.iter_mut() {
            let name = parameter["name"].as_str().unwrap_or("").to_string();
            if let Some(codes) = values(&name) {
                parameter["schema"]["enum"] = serde_json::json!(codes);
            }
        }
    }
    document
}

async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "No such resource: see /api/openapi.json.",
    )
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "The API is read-only: only GET and HEAD are allowed.",
    )
}

/// An error answered as JSON with its status.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> ApiError {
        match error {
            AppError::BadRequest(message) => ApiError::bad_request(message),
            AppError::NotFound => ApiError::new(StatusCode::NOT_FOUND, "Not found."),
            other => {
                // The cause goes to the log, never to the client.
                tracing::error!(error = %other, "API request failed");
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "Internal error.")
            }
        }
    }
}

impl From<crate::store::StoreError> for ApiError {
    fn from(error: crate::store::StoreError) -> ApiError {
        ApiError::from(AppError::Store(error))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ApiErrorBody {
            error: ApiErrorDetail {
                status: self.status.as_u16(),
                message: self.message,
            },
        };
        let mut response = (self.status, Json(body)).into_response();
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// `Query` whose rejection is a JSON 400.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(value)| ApiQuery(value))
            .map_err(|rejection| ApiError::bad_request(rejection.body_text()))
    }
}

/// A value as JSON with a strong ETag of its bytes: revalidated on every use (`no-cache`), so
/// an edit shows on the very next request, and a match costs a 304 without the body.
pub fn json_response<T: Serialize>(request_headers: &HeaderMap, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => {
            crate::web::cached_bytes(request_headers, "application/json", bytes, "no-cache")
        }
        Err(error) => ApiError::from(AppError::Internal(error.to_string())).into_response(),
    }
}

/// Page and size as asked, checked.
#[derive(Debug, Clone, Copy)]
pub struct Pager {
    pub page: usize,
    pub per_page: usize,
}

pub const DEFAULT_PER_PAGE: usize = 50;
pub const MAX_PER_PAGE: usize = 200;

impl Pager {
    pub fn parse(page: Option<&str>, per_page: Option<&str>) -> ApiResult<Pager> {
        let number = |value: Option<&str>, name: &str, default: usize, max: usize| match value
            .map(str::trim)
            .filter(|v| !v.is_empty())
        {
            None => Ok(default),
            Some(text) => text
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| {
                    ApiError::bad_request(format!("{name} must be a whole number from 1 to {max}."))
                }),
        };
        Ok(Pager {
            page: number(page, "page", 1, 1_000_000)?,
            per_page: number(per_page, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)?,
        })
    }

    /// This page of `items`, and where it sits; `link` makes a page's absolute URL.
    pub fn slice<T>(
        &self,
        items: Vec<T>,
        link: impl Fn(usize) -> String,
    ) -> ApiResult<(Vec<T>, Pagination)> {
        let pagination = self.window(items.len(), link)?;
        let data = items
            .into_iter()
            .skip(self.offset())
            .take(self.per_page)
            .collect();
        Ok((data, pagination))
    }

    /// Where this page sits among `total` records (counted by the store, which then reads
    /// this page only); a 404 past the last page.
    pub fn window(&self, total: usize, link: impl Fn(usize) -> String) -> ApiResult<Pagination> {
        let pages = total.div_ceil(self.per_page).max(1);
        if self.page > pages {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                format!("There are {pages} pages of {} records.", self.per_page),
            ));
        }
        let links = PageLinks {
            this: link(self.page),
            first: link(1),
            last: link(pages),
            next: (self.page < pages).then(|| link(self.page + 1)),
            prev: (self.page > 1).then(|| link(self.page - 1)),
        };
        Ok(Pagination {
            total,
            page: self.page,
            per_page: self.per_page,
            pages,
            links,
        })
    }

    /// Records before this page.
    pub fn offset(&self) -> usize {
        (self.page - 1) * self.per_page
    }
}

/// The licence and source every response names.
pub async fn meta(state: &AppState) -> ApiResult<Meta> {
    let strategy = state.store.strategy().await?;
    let source_url = state
        .site
        .fresh(&state.store)
        .await
        .map(|site| site.source_url.clone())
        .unwrap_or_default();
    Ok(Meta {
        licence: LICENCE.to_string(),
        licence_url: LICENCE_URL.to_string(),
        source: Text::new(strategy.source_es, strategy.source_en),
        source_url,
        data_as_of: strategy.data_as_of,
    })
}
