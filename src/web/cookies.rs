//! The portal's cookies besides the session: names (with the `__Host-` prefix when cookies are
//! Secure, so no other site on the domain can set them) and reading and setting them.

use axum::http::{HeaderMap, HeaderValue, header};
use tower_sessions::cookie::{Cookie, SameSite};

/// Every cookie the portal sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortalCookie {
    /// The session id (set by the session layer).
    Session,
    /// The sign-in form's token, doubled in the form (no stored session before sign-in).
    SignInForm,
    /// Marks a browser an account signed in from (sign-in throttling lets it through).
    Device,
}

impl PortalCookie {
    pub fn name(self, secure: bool) -> &'static str {
        match (self, secure) {
            (PortalCookie::Session, true) => "__Host-portal_session",
            (PortalCookie::Session, false) => "portal_session",
            (PortalCookie::SignInForm, true) => "__Host-portal_signin",
            (PortalCookie::SignInForm, false) => "portal_signin",
            (PortalCookie::Device, true) => "__Host-portal_device",
            (PortalCookie::Device, false) => "portal_device",
        }
    }
}

/// The value of the cookie `name` sent with a request.
pub fn read(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == name)
        .map(|cookie| cookie.value().to_string())
}

/// Adds a `Set-Cookie` for the whole site: HttpOnly, SameSite=Lax, Secure when `secure`.
pub fn set(
    headers: &mut HeaderMap,
    name: &str,
    value: &str,
    max_age: time::Duration,
    secure: bool,
) {
    let cookie = Cookie::build((name.to_string(), value.to_string()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(max_age)
        .build();
    if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
        headers.append(header::SET_COOKIE, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_read_and_set_with_their_attributes() {
        let mut request = HeaderMap::new();
        request.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; portal_device=7-ab.cd; b=2"),
        );
        assert_eq!(read(&request, "portal_device").as_deref(), Some("7-ab.cd"));
        assert_eq!(read(&request, "missing"), None);

        let mut response = HeaderMap::new();
        set(
            &mut response,
            PortalCookie::Device.name(true),
            "7-ab.cd",
            time::Duration::days(365),
            true,
        );
        let set_cookie = response[header::SET_COOKIE].to_str().expect("ascii");
        assert!(
            set_cookie.starts_with("__Host-portal_device=7-ab.cd"),
            "{set_cookie}"
        );
        for attribute in [
            "HttpOnly",
            "SameSite=Lax",
            "Secure",
            "Path=/",
            "Max-Age=31536000",
        ] {
            assert!(
                set_cookie.contains(attribute),
                "{set_cookie} lacks {attribute}"
            );
        }
    }
}
