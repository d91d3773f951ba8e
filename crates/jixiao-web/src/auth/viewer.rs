//! Who is asking: the middleware that resolves the session cookie or API token of each request
//! into a [`Viewer`], and the questions handlers put to it.
//!
//! Handlers never look at roles. They ask the viewer for a permission
//! ([`Viewer::authorize`], [`Viewer::visible`]), which asks `jixiao_core::access`, so that the
//! one permission table decides for pages and API alike.
//!
//! Credentials: pages use the session cookie. The API takes `Authorization: Bearer` tokens; it
//! also honours the session cookie for reading (`GET`, `HEAD`), so that a signed-in reader can
//! open API addresses in the browser, but never for a request that changes something, since
//! such API requests carry no CSRF token.

use std::fmt;

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use jixiao_core::OrgCode;
use jixiao_core::access::{self, Action, Denied, DeniedReason, Principal, User, Visibility};
use jixiao_core::organization::subtree;

use super::cookie::{self, SESSION_COOKIE};
use super::secret;
use crate::AppState;
use crate::error::AppError;

/// The person behind a request, if any, and how they proved it.
#[derive(Clone, Default)]
pub struct Viewer {
    signed_in: Option<SignedIn>,
}

/// A signed-in user with the principal the permission rules see.
#[derive(Clone)]
pub struct SignedIn {
    /// The account.
    pub user: User,
    /// The account as the permission rules see it.
    pub principal: Principal,
    /// How the request proved who it is.
    pub credential: Credential,
}

impl SignedIn {
    /// The stamp of a write this user makes now: the ledger records their user name and the
    /// time.
    pub fn stamp(&self) -> jixiao_store::Stamp {
        jixiao_store::Stamp::new(self.user.username.clone(), chrono::Utc::now())
    }
}

/// How a request proved who it is.
#[derive(Clone)]
pub enum Credential {
    /// A session cookie, with the digest the session is stored under and its CSRF token.
    Session {
        /// The SHA-256 digest of the cookie, the session's key in the store.
        digest: String,
        /// The session's CSRF token, which every state-changing form must carry.
        csrf: String,
    },
    /// A personal API token.
    Token,
}

// Written by hand so that a session digest or CSRF token never reaches a log line.
impl fmt::Debug for Viewer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.signed_in {
            Some(signed_in) => f
                .debug_struct("Viewer")
                .field("username", &signed_in.user.username)
                .field(
                    "credential",
                    &match signed_in.credential {
                        Credential::Session { .. } => "session",
                        Credential::Token => "token",
                    },
                )
                .finish(),
            None => f.write_str("Viewer(anonymous)"),
        }
    }
}

/// What the frame of every page shows about the viewer: the display name and the CSRF token of
/// the logout form. It travels in the response extensions too, so that error pages written by
/// the outer error middleware still show who is signed in.
#[derive(Debug, Clone)]
pub struct PageUser {
    /// The name shown in the header.
    pub display_name: String,
    /// The session's CSRF token for the logout form.
    pub csrf: String,
}

impl Viewer {
    /// A viewer signed in as `user` with `credential`.
    pub fn new(signed_in: Option<SignedIn>) -> Self {
        Viewer { signed_in }
    }

    /// The signed-in user, if any.
    pub fn signed_in(&self) -> Option<&SignedIn> {
        self.signed_in.as_ref()
    }

    /// The signed-in user, or [`AppError::SignInRequired`].
    pub fn require(&self) -> Result<&SignedIn, AppError> {
        self.signed_in.as_ref().ok_or(AppError::SignInRequired)
    }

    /// What the page frame shows; `None` for anonymous readers and API token requests.
    pub fn page_user(&self) -> Option<PageUser> {
        let signed_in = self.signed_in.as_ref()?;
        match &signed_in.credential {
            Credential::Session { csrf, .. } => Some(PageUser {
                display_name: signed_in.user.display_name.clone(),
                csrf: csrf.clone(),
            }),
            Credential::Token => None,
        }
    }

    /// Asks the permission table whether the viewer may do `action` on data of `target`:
    /// 401 when nobody is signed in, 403 naming the permission when the table refuses.
    pub fn authorize(&self, action: Action, target: &OrgCode) -> Result<&SignedIn, AppError> {
        let signed_in = self.require()?;
        access::authorize(&signed_in.principal, action, target).map_err(AppError::Forbidden)?;
        Ok(signed_in)
    }

    /// The organizations whose data `action` may reach, for filtering a list or an aggregate:
    /// `None` for all of them. 403 when no role grants the action at all.
    pub fn visible(&self, action: Action) -> Result<Option<Vec<OrgCode>>, AppError> {
        let signed_in = self.require()?;
        match access::visible_organizations(&signed_in.principal, action) {
            Visibility::All => Ok(None),
            Visibility::Only(codes) => Ok(Some(codes.into_iter().collect())),
            Visibility::None => Err(AppError::Forbidden(Denied {
                action,
                reason: DeniedReason::MissingRole,
            })),
        }
    }

    /// Checks the CSRF token a form sent against the session's: 403 when it is missing or
    /// differs, or when the request has no session (a form post never comes with a token).
    pub fn check_csrf(&self, sent: &str) -> Result<&SignedIn, AppError> {
        let signed_in = self.require()?;
        match &signed_in.credential {
            Credential::Session { csrf, .. } if secret::same_secret(sent, csrf) => Ok(signed_in),
            _ => Err(AppError::CsrfRejected),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Viewer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Viewer>()
            .cloned()
            .unwrap_or_default())
    }
}

/// The network address of the client, for the login audit and throttling; `unknown` when the
/// server was not started with connection information (in-process tests).
#[derive(Debug, Clone)]
pub struct ClientAddress(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        // FIXME: behind a reverse proxy every client shares the proxy's address; reading a
        // forwarded address needs a configured list of trusted proxies.
        Ok(ClientAddress(
            parts
                .extensions
                .get::<ConnectInfo<std::net::SocketAddr>>()
                .map_or_else(|| "unknown".to_owned(), |info| info.0.ip().to_string()),
        ))
    }
}

/// Paths that never need a user: liveness probes and assets are answered without a database
/// lookup even when the browser sends its session cookie along.
fn is_public_asset(path: &str) -> bool {
    path == "/healthz" || path == "/favicon.svg" || path.starts_with("/static/")
}

/// Middleware that resolves the request's credential into a [`Viewer`] in the request
/// extensions, and puts the page frame's [`PageUser`] into the response extensions.
///
/// A credential that is unknown, expired or revoked leaves the request anonymous; the handler
/// then answers 401 (API) or sends the reader to the login page.
pub async fn resolve(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    if is_public_asset(request.uri().path()) {
        return next.run(request).await;
    }
    let api = request.uri().path().starts_with("/api/");
    let safe = matches!(*request.method(), Method::GET | Method::HEAD);
    let viewer = match lookup(&state, request.headers(), api, safe, Utc::now()).await {
        Ok(viewer) => viewer,
        Err(error) => return error.into_response(),
    };
    if let Some(signed_in) = viewer.signed_in() {
        tracing::Span::current().record("user_id", signed_in.user.id);
    }
    let page_user = viewer.page_user();
    request.extensions_mut().insert(viewer);
    let mut response = next.run(request).await;
    if let Some(page_user) = page_user {
        response.extensions_mut().insert(page_user);
    }
    response
}

/// Finds the user behind the request's bearer token (API only) or session cookie.
async fn lookup(
    state: &AppState,
    headers: &HeaderMap,
    api: bool,
    safe: bool,
    now: DateTime<Utc>,
) -> Result<Viewer, AppError> {
    let store = &state.store;
    if api && let Some(token) = bearer_token(headers) {
        if !secret::looks_like_api_token(token) {
            return Ok(Viewer::default());
        }
        let user = store.token_user(&secret::digest(token), now).await?;
        return signed_in(state, user, Credential::Token).await;
    }
    if api && !safe {
        return Ok(Viewer::default());
    }
    let Some(session_id) = cookie::read(headers, SESSION_COOKIE) else {
        return Ok(Viewer::default());
    };
    if !secret::looks_like_session_id(&session_id) {
        return Ok(Viewer::default());
    }
    let digest = secret::digest(&session_id);
    let Some((user, csrf)) = store.session(&digest, now).await? else {
        return Ok(Viewer::default());
    };
    signed_in(state, Some(user), Credential::Session { digest, csrf }).await
}

/// A viewer for `user` (if active), with the subtree of the user's organization.
async fn signed_in(
    state: &AppState,
    user: Option<User>,
    credential: Credential,
) -> Result<Viewer, AppError> {
    let Some(user) = user.filter(|u| u.active) else {
        return Ok(Viewer::default());
    };
    let organizations = state.store.organizations().await?;
    let principal = Principal {
        username: user.username.clone(),
        organization: user.organization.clone(),
        roles: user.roles.clone(),
        subtree: subtree(&organizations, &user.organization),
    };
    Ok(Viewer::new(Some(SignedIn {
        user,
        principal,
        credential,
    })))
}

/// The token of an `Authorization: Bearer …` header.
fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
}
