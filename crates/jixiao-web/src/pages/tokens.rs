//! Personal API tokens (`/account/tokens`): the reader's tokens with their state, a form to
//! create one, and revocation.
//!
//! A new token is shown once, in the answer to the form that created it; the store keeps only
//! its digest, so it can never be shown again. That answer is a page rather than a redirect,
//! which is why it is marked not to be cached.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use chrono::{DateTime, Duration, Utc};
use jixiao_core::access::ApiToken;
use serde::Deserialize;

use super::login::CsrfForm;
use super::{FormBody, PageCtx, render, see_other};
use crate::AppState;
use crate::auth::{SignedIn, Viewer, secret};
use crate::error::AppError;
use crate::format;
use crate::i18n::fill;

/// The lifetime a new token gets when the form names none, in days.
pub const DEFAULT_DAYS: i64 = 90;

/// The longest lifetime a token may have, in days.
pub const MAX_DAYS: i64 = 365;

/// The longest token name accepted, in characters.
const MAX_NAME_CHARS: usize = 60;

/// The token form as posted.
#[derive(Debug, Default, Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    days: String,
}

/// One token of the list, written out.
#[derive(Debug, Clone)]
pub struct TokenRow {
    /// The store's id, for the revoke form.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Creation date.
    pub created: String,
    /// Expiry date.
    pub expires: String,
    /// State text: active, expired or revoked (with date).
    pub state: String,
    /// Whether it can still be revoked.
    pub active: bool,
}

#[derive(Template)]
#[template(path = "tokens.html")]
struct TokensPage {
    ctx: PageCtx,
    csrf: String,
    rows: Vec<TokenRow>,
    name: String,
    days: String,
    error: Option<String>,
    created: Option<CreatedToken>,
}

/// A token just created, shown once.
struct CreatedToken {
    name: String,
    secret: String,
    expires: String,
}

/// `GET /account/tokens`.
pub async fn page(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
) -> Result<Response, AppError> {
    let signed_in = viewer.require()?;
    let form = TokenForm {
        days: DEFAULT_DAYS.to_string(),
        ..TokenForm::default()
    };
    show(&state, ctx, signed_in, form, None, None).await
}

/// `POST /account/tokens`: creates a token and shows it once.
pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    FormBody(form): FormBody<TokenForm>,
) -> Result<Response, AppError> {
    let signed_in = viewer.check_csrf(&form.csrf)?;
    let name = form.name.trim();
    let days = form.days.trim().parse::<i64>().ok();
    let error = if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        Some(fill(
            ctx.locale,
            "tokens.bad_name",
            &[("max", &MAX_NAME_CHARS.to_string())],
        ))
    } else if !days.is_some_and(|d| (1..=MAX_DAYS).contains(&d)) {
        Some(fill(
            ctx.locale,
            "tokens.bad_days",
            &[("max", &MAX_DAYS.to_string())],
        ))
    } else {
        None
    };
    let (Some(days), None) = (days, &error) else {
        return show(&state, ctx, signed_in, form, error, None).await;
    };
    let now = Utc::now();
    let secret = secret::new_api_token();
    let token = state
        .store
        .create_api_token(
            &signed_in.user.username,
            name,
            &secret::digest(&secret),
            now,
            now + Duration::days(days),
        )
        .await?;
    tracing::info!(
        user.id = signed_in.user.id,
        token.id = token.id,
        "API token created"
    );
    let created = CreatedToken {
        name: token.name.clone(),
        secret,
        expires: date(token.expires_at),
    };
    let blank = TokenForm {
        days: DEFAULT_DAYS.to_string(),
        ..TokenForm::default()
    };
    let mut response = show(&state, ctx, signed_in, blank, None, Some(created)).await?;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// `POST /account/tokens/{id}/revoke`.
pub async fn revoke(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    FormBody(form): FormBody<CsrfForm>,
) -> Result<Response, AppError> {
    let signed_in = viewer.check_csrf(&form.csrf)?;
    state
        .store
        .revoke_api_token(&signed_in.user.username, id, Utc::now())
        .await?;
    tracing::info!(
        user.id = signed_in.user.id,
        token.id = id,
        "API token revoked"
    );
    Ok(see_other("/account/tokens"))
}

async fn show(
    state: &AppState,
    ctx: PageCtx,
    signed_in: &SignedIn,
    form: TokenForm,
    error: Option<String>,
    created: Option<CreatedToken>,
) -> Result<Response, AppError> {
    let now = Utc::now();
    let tokens = state.store.api_tokens(&signed_in.user.username).await?;
    let rows = tokens.iter().map(|t| row(&ctx, t, now)).collect();
    let csrf = ctx
        .user
        .as_ref()
        .map(|u| u.csrf.clone())
        .unwrap_or_default();
    render(&TokensPage {
        csrf,
        rows,
        name: form.name,
        days: form.days,
        error,
        created,
        ctx,
    })
}

fn row(ctx: &PageCtx, token: &ApiToken, now: DateTime<Utc>) -> TokenRow {
    let (state, active) = match token.revoked_at {
        Some(at) => (
            fill(ctx.locale, "tokens.revoked_on", &[("date", &date(at))]),
            false,
        ),
        None if token.expires_at <= now => (ctx.t("tokens.expired").to_owned(), false),
        None => (ctx.t("tokens.active").to_owned(), true),
    };
    TokenRow {
        id: token.id,
        name: token.name.clone(),
        created: date(token.created_at),
        expires: date(token.expires_at),
        state,
        active,
    }
}

fn date(at: DateTime<Utc>) -> String {
    format::date(at.date_naive())
}
