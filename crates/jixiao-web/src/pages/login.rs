//! Signing in and out: `GET /login` shows the form, `POST /login` checks it, `POST /logout`
//! ends the session.
//!
//! The login form has no session to take a CSRF token from, so it uses a double-submit token:
//! a random value in the `jixiao_csrf` cookie (path `/login`, `SameSite=Strict`) and the same
//! value in a hidden field. Another site can make a browser post the form but can neither read
//! nor set that cookie, so it cannot send a matching field.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use chrono::Utc;
use serde::Deserialize;

use super::{FormBody, PageCtx, render, see_other};
use crate::AppState;
use crate::auth::cookie::{self, CookieSpec, LOGIN_CSRF_COOKIE, SESSION_COOKIE};
use crate::auth::login::{self, LoginOutcome, SESSION_LIFETIME, THROTTLE_WINDOW};
use crate::auth::{ClientAddress, Credential, Viewer, secret};
use crate::error::{AppError, OwnBody};
use crate::params::Params;

/// Query parameters of the login page.
#[derive(Debug, Default, Deserialize)]
pub struct LoginQuery {
    /// Where to go after signing in.
    next: Option<String>,
}

/// The login form as posted.
#[derive(Debug, Default, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    next: String,
}

/// A form that carries only the CSRF token, such as the logout button.
#[derive(Debug, Default, Deserialize)]
pub struct CsrfForm {
    /// The session's CSRF token.
    #[serde(default)]
    pub csrf: String,
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    ctx: PageCtx,
    username: String,
    next: String,
    csrf: String,
    message: Option<String>,
}

/// `GET /login`: the form, or straight on when already signed in.
pub async fn page(
    ctx: PageCtx,
    viewer: Viewer,
    headers: HeaderMap,
    Params(query): Params<LoginQuery>,
) -> Result<Response, AppError> {
    let next = safe_next(query.next.as_deref());
    if viewer.page_user().is_some() {
        return Ok(see_other(&next));
    }
    let (csrf, fresh) = match cookie::read(&headers, LOGIN_CSRF_COOKIE) {
        Some(value) if secret::looks_like_session_id(&value) => (value, false),
        _ => (secret::random_secret(), true),
    };
    let mut response = render(&LoginPage {
        ctx,
        username: String::new(),
        next,
        csrf: csrf.clone(),
        message: None,
    })?;
    if fresh {
        cookie::set(&mut response, csrf_cookie(&headers), &csrf);
    }
    Ok(response)
}

/// `POST /login`: checks the CSRF token, the throttle and the password; on success opens a
/// session and goes on to `next`.
pub async fn submit(
    State(state): State<AppState>,
    ctx: PageCtx,
    headers: HeaderMap,
    ClientAddress(address): ClientAddress,
    FormBody(form): FormBody<LoginForm>,
) -> Result<Response, AppError> {
    let cookie_token = cookie::read(&headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if !secret::same_secret(&form.csrf, &cookie_token) {
        return Err(AppError::CsrfRejected);
    }
    let next = safe_next(Some(&form.next));
    let username = form.username.trim().to_owned();
    let outcome = login::attempt(
        &state.store,
        &username,
        &form.password,
        &address,
        Utc::now(),
    )
    .await?;
    let (status, message) = match outcome {
        LoginOutcome::SignedIn { session_id, .. } => {
            let mut response = see_other(&next);
            cookie::set(&mut response, session_cookie(&headers), &session_id);
            cookie::clear(&mut response, csrf_cookie(&headers));
            return Ok(response);
        }
        LoginOutcome::Refused => (StatusCode::OK, ctx.t("login.refused").to_owned()),
        LoginOutcome::Throttled => (
            StatusCode::TOO_MANY_REQUESTS,
            ctx.t("login.throttled").to_owned(),
        ),
    };
    let mut response = render(&LoginPage {
        ctx,
        username,
        next,
        csrf: cookie_token,
        message: Some(message),
    })?;
    *response.status_mut() = status;
    if status == StatusCode::TOO_MANY_REQUESTS {
        response.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from(THROTTLE_WINDOW.num_seconds()),
        );
        response.extensions_mut().insert(OwnBody);
    }
    Ok(response)
}

/// `POST /logout`: ends the session (with its CSRF token) and goes to the landing page.
pub async fn logout(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    FormBody(form): FormBody<CsrfForm>,
) -> Result<Response, AppError> {
    let mut response = see_other("/");
    if viewer.signed_in().is_none() {
        // Already signed out (an expired session, say): nothing to end.
        cookie::clear(&mut response, session_cookie(&headers));
        return Ok(response);
    }
    let signed_in = viewer.check_csrf(&form.csrf)?;
    if let Credential::Session { digest, .. } = &signed_in.credential {
        state.store.delete_session(digest).await?;
    }
    tracing::info!(user.id = signed_in.user.id, "signed out");
    cookie::clear(&mut response, session_cookie(&headers));
    Ok(response)
}

/// The session cookie's options for a request with these headers.
pub fn session_cookie(headers: &HeaderMap) -> CookieSpec<'static> {
    CookieSpec {
        name: SESSION_COOKIE,
        path: "/",
        max_age: SESSION_LIFETIME.num_seconds(),
        same_site: "Lax",
        secure: cookie::came_over_tls(headers),
    }
}

/// The login form's CSRF cookie options.
fn csrf_cookie(headers: &HeaderMap) -> CookieSpec<'static> {
    CookieSpec {
        name: LOGIN_CSRF_COOKIE,
        path: "/login",
        max_age: SESSION_LIFETIME.num_seconds(),
        same_site: "Strict",
        secure: cookie::came_over_tls(headers),
    }
}

/// Where to go after signing in: a path on this site, never another site (`//host` or
/// `/\host` would leave it), and never back to the login page.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && !path.starts_with("/login")
                && !path.chars().any(char::is_control) =>
        {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_signing_in() {
        let cases = [
            (Some("/projects?type=bridge"), "/projects?type=bridge"),
            (Some("/me"), "/me"),
            (Some("//evil.example/"), "/"),
            (Some("/\\evil.example"), "/"),
            (Some("https://evil.example/"), "/"),
            (Some("/login?next=/me"), "/"),
            (Some("/a\nb"), "/"),
            (Some(""), "/"),
            (None, "/"),
        ];
        for (next, expected) in cases {
            assert_eq!(safe_next(next), expected, "{next:?}");
        }
    }
}
