//! The cookies of signing in: reading them from a request and writing `Set-Cookie` values.
//!
//! The session cookie is `HttpOnly` (no script can read it), `SameSite=Lax` (sent on a link
//! from another site, so bookmarks work, but not on a cross-site form post) and `Secure` when the
//! request came over TLS, directly or through a proxy that says so in `X-Forwarded-Proto`.

use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::Response;

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "jixiao_session";

/// The name of the login form's double-submit CSRF cookie.
pub const LOGIN_CSRF_COOKIE: &str = "jixiao_csrf";

/// The value of cookie `name` in a request, if sent.
pub fn read(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim().to_owned())
}

/// Whether the request reached the application over TLS, as far as it can tell.
pub fn came_over_tls(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|value| value.to_str().ok())
        .is_some_and(|proto| proto.trim().eq_ignore_ascii_case("https"))
}

/// Options of one cookie to set.
#[derive(Debug, Clone, Copy)]
pub struct CookieSpec<'a> {
    /// The cookie's name.
    pub name: &'a str,
    /// The path the browser sends it to.
    pub path: &'a str,
    /// Its lifetime in seconds; zero removes it.
    pub max_age: i64,
    /// `Lax` or `Strict`.
    pub same_site: &'a str,
    /// Whether to add `Secure`.
    pub secure: bool,
}

/// Appends a `Set-Cookie` header for `value` under `spec` to a response.
pub fn set(response: &mut Response, spec: CookieSpec<'_>, value: &str) {
    let mut text = format!(
        "{}={value}; Path={}; Max-Age={}; HttpOnly; SameSite={}",
        spec.name, spec.path, spec.max_age, spec.same_site
    );
    if spec.secure {
        text.push_str("; Secure");
    }
    // Values are base64url secrets or empty, so the header is always valid; a failure would be
    // a programming error, and dropping the cookie then is the safe side.
    if let Ok(value) = HeaderValue::from_str(&text) {
        response.headers_mut().append(SET_COOKIE, value);
    }
}

/// Appends a `Set-Cookie` header that removes the cookie of `spec`.
pub fn clear(response: &mut Response, spec: CookieSpec<'_>) {
    set(response, CookieSpec { max_age: 0, ..spec }, "");
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::response::IntoResponse;

    #[test]
    fn cookies_are_read_by_exact_name() {
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_static("lang=en; jixiao_session=abc; xjixiao_csrf=no"),
        );
        assert_eq!(read(&headers, SESSION_COOKIE).as_deref(), Some("abc"));
        assert_eq!(read(&headers, LOGIN_CSRF_COOKIE), None);
        assert!(!came_over_tls(&headers));
        headers.insert("x-forwarded-proto", HeaderValue::from_static("HTTPS"));
        assert!(came_over_tls(&headers));
    }

    #[test]
    fn set_cookie_carries_the_flags() {
        let mut response = ().into_response();
        let spec = CookieSpec {
            name: SESSION_COOKIE,
            path: "/",
            max_age: 60,
            same_site: "Lax",
            secure: true,
        };
        set(&mut response, spec, "v");
        clear(
            &mut response,
            CookieSpec {
                secure: false,
                ..spec
            },
        );
        let values: Vec<&str> = response
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap())
            .collect();
        assert_eq!(
            values,
            [
                "jixiao_session=v; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure",
                "jixiao_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax",
            ]
        );
    }
}
