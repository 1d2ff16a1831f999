//! The headers every answer carries: what the browser may load, frame, share and remember.

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::i18n::Lang;
use crate::state::AppState;

/// Scripts: none. Styles and images: our own (images also as data: URIs, for the QR code).
/// Nothing may frame the portal, plugins are off, and `<base>` cannot redirect relative links.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; \
    style-src 'self'; script-src 'none'; object-src 'none'; frame-ancestors 'none'; \
    form-action 'self'; base-uri 'none'";

/// The same, for the pages other sites may frame (`/embed/…`): any site may frame them.
const EMBED_CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; \
    style-src 'self'; script-src 'none'; object-src 'none'; frame-ancestors *; \
    form-action 'self'; base-uri 'none'";

/// Browser features the portal never uses.
const PERMISSIONS_POLICY: &str = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), \
    magnetometer=(), microphone=(), payment=(), usb=()";

/// One year, as browsers' preload lists ask.
const HSTS: &str = "max-age=31536000";

/// Whether a request path is a page other sites may frame (a city's embed).
pub fn is_embed_path(path: &str) -> bool {
    Lang::strip_prefix(path).starts_with("/embed/")
}

/// Whether a request path is in the admin area (pages that must never be stored by a cache).
fn is_admin_path(path: &str) -> bool {
    let path = Lang::strip_prefix(path);
    path == "/admin" || path.starts_with("/admin/")
}

pub async fn security_headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let admin = is_admin_path(request.uri().path());
    let embed = is_embed_path(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if !embed && !headers.contains_key(header::X_FRAME_OPTIONS) {
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    let csp = if embed {
        EMBED_CONTENT_SECURITY_POLICY
    } else {
        CONTENT_SECURITY_POLICY
    };
    let defaults: [(HeaderName, &'static str); 6] = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (header::CONTENT_SECURITY_POLICY, csp),
        (
            HeaderName::from_static("permissions-policy"),
            PERMISSIONS_POLICY,
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        (
            HeaderName::from_static("cross-origin-resource-policy"),
            "same-origin",
        ),
    ];
    for (name, value) in defaults {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    if state.config.is_https() {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    if admin {
        // Admin pages hold staff data, CSRF tokens and recovery codes: never kept by a browser
        // or proxy cache.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embed_paths_in_both_languages() {
        assert!(is_embed_path("/embed/cities/lima"));
        assert!(is_embed_path("/en/embed/cities/lima"));
        assert!(!is_embed_path("/cities/lima"));
        assert!(!is_embed_path("/embedded"));
    }

    #[test]
    fn admin_paths_in_both_languages() {
        for path in ["/admin", "/admin/login", "/en/admin", "/en/admin/users"] {
            assert!(is_admin_path(path), "{path}");
        }
        for path in ["/", "/administrar", "/en/cities", "/cities/admin"] {
            assert!(!is_admin_path(path), "{path}");
        }
    }
}
