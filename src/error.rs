//! The one application error type. Handlers return `Result<T, AppError>`; the response carries
//! an `ErrorPage` marker that the error-page layer renders in the visitor's language.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No such page or record.
    #[error("not found")]
    NotFound,
    /// Not available, with a message (already localised) that says why.
    #[error("not found: {0}")]
    NotFoundWithMessage(String),
    /// The request cannot be understood; the message is already in the visitor's language.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// Signed in, but the role or the record does not allow it.
    #[error("forbidden")]
    Forbidden,
    /// A state-changing request without a valid CSRF token or from another site.
    #[error("cross-site request refused: {0}")]
    CsrfRejected(String),
    /// Too many attempts; the message is localised.
    #[error("too many requests: {0}")]
    TooManyRequests(String),
    /// The request body is larger than accepted; the message is localised.
    #[error("payload too large: {0}")]
    PayloadTooLarge(String),
    /// The server is busy (password workers full); the message is localised. Answered 503 with
    /// `Retry-After`.
    #[error("busy: {0}")]
    Busy(String),
    #[error("internal error: {0}")]
    Internal(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Template(#[from] askama::Error),
}

pub type AppResult<T> = Result<T, AppError>;

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        AppError::Store(StoreError::Sqlx(error))
    }
}

/// Marker left on an error response; the error-page layer turns it into a page.
#[derive(Debug, Clone)]
pub struct ErrorPage {
    pub status: StatusCode,
    /// A message for the visitor, already localised; `None` uses the status's standard text.
    pub message: Option<String>,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            AppError::NotFound => (StatusCode::NOT_FOUND, None),
            AppError::NotFoundWithMessage(message) => (StatusCode::NOT_FOUND, Some(message)),
            AppError::BadRequest(message) => (StatusCode::BAD_REQUEST, Some(message)),
            AppError::Forbidden => (StatusCode::FORBIDDEN, None),
            AppError::CsrfRejected(message) => (StatusCode::FORBIDDEN, Some(message)),
            AppError::TooManyRequests(message) => (StatusCode::TOO_MANY_REQUESTS, Some(message)),
            AppError::PayloadTooLarge(message) => (StatusCode::PAYLOAD_TOO_LARGE, Some(message)),
            AppError::Busy(message) => (StatusCode::SERVICE_UNAVAILABLE, Some(message)),
            AppError::Internal(cause) => {
                tracing::error!(%cause, "internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, None)
            }
            AppError::Store(StoreError::Sqlx(sqlx::Error::PoolTimedOut)) => {
                // Every connection to the store is busy: the visitor may try again shortly.
                tracing::warn!("no store connection free in time");
                (StatusCode::SERVICE_UNAVAILABLE, None)
            }
            AppError::Store(error) => {
                // Internal causes go to the log, never to the visitor.
                tracing::error!(error = %error, source = ?std::error::Error::source(&error), "store error");
                (StatusCode::INTERNAL_SERVER_ERROR, None)
            }
            AppError::Template(error) => {
                tracing::error!(error = %error, "template error");
                (StatusCode::INTERNAL_SERVER_ERROR, None)
            }
        };
        let mut response = status.into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("5"),
            );
        }
        response
            .extensions_mut()
            .insert(ErrorPage { status, message });
        response
    }
}
