//! The password page (`/account/password`): the current password once, the new one twice.
//!
//! A change ends every session of the account (the store deletes them with the new hash), so a
//! session stolen before the change stops working; the reader gets a fresh session at once.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::Utc;
use serde::Deserialize;

use super::login::session_cookie;
use super::{FormBody, PageCtx, render, see_other};
use crate::AppState;
use crate::auth::password::{
    MIN_PASSWORD_CHARS, PasswordProblem, check_new_password, hash_password, verify_password,
};
use crate::auth::{Viewer, cookie, login};
use crate::error::AppError;
use crate::i18n::fill;
use crate::params::Params;

/// Query parameters of the password page.
#[derive(Debug, Default, Deserialize)]
pub struct PasswordQuery {
    /// Set after a successful change.
    changed: Option<String>,
}

/// The password form as posted.
#[derive(Debug, Default, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    repeated: String,
}

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    ctx: PageCtx,
    csrf: String,
    username: String,
    rule: String,
    error: Option<&'static str>,
    changed: bool,
}

/// `GET /account/password`.
pub async fn page(
    ctx: PageCtx,
    viewer: Viewer,
    Params(query): Params<PasswordQuery>,
) -> Result<Response, AppError> {
    let signed_in = viewer.require()?;
    let csrf = ctx
        .user
        .as_ref()
        .map(|u| u.csrf.clone())
        .unwrap_or_default();
    render(&PasswordPage {
        rule: rule(&ctx),
        username: signed_in.user.username.clone(),
        csrf,
        error: None,
        changed: query.changed.is_some(),
        ctx,
    })
}

/// `POST /account/password`.
pub async fn submit(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    headers: HeaderMap,
    FormBody(form): FormBody<PasswordForm>,
) -> Result<Response, AppError> {
    let signed_in = viewer.check_csrf(&form.csrf)?;
    let username = &signed_in.user.username;
    let stored = state.store.credentials(username).await?;
    let current_ok = stored.is_some_and(|(_, hash)| verify_password(&form.current, &hash));
    let error = if !current_ok {
        Some("password.wrong_current")
    } else {
        match check_new_password(&form.new, &form.repeated) {
            Err(PasswordProblem::TooShort) => Some("password.too_short"),
            Err(PasswordProblem::Mismatch) => Some("password.mismatch"),
            Ok(()) => None,
        }
    };
    if let Some(error) = error {
        // The form comes back empty: passwords are never written into a page.
        return render(&PasswordPage {
            rule: rule(&ctx),
            username: username.clone(),
            csrf: form.csrf,
            error: Some(error),
            changed: false,
            ctx,
        });
    }
    state
        .store
        .set_password(username, &hash_password(&form.new))
        .await?;
    tracing::info!(user.id = signed_in.user.id, "password changed");
    let session_id = login::open_session(&state.store, &signed_in.user, Utc::now()).await?;
    let mut response = see_other("/account/password?changed=1");
    cookie::set(&mut response, session_cookie(&headers), &session_id);
    Ok(response)
}

fn rule(ctx: &PageCtx) -> String {
    fill(
        ctx.locale,
        "password.rule",
        &[("min", &MIN_PASSWORD_CHARS.to_string())],
    )
}
