//! The one error type of the web layer and how it reaches the client.
//!
//! A handler returns [`AppError`]; its `IntoResponse` sets the status, logs server-side
//! failures once, and attaches an [`ErrorReport`] to the response. The [`render_errors`]
//! middleware then writes the body the client expects: an HTML page in the reader's language
//! for pages, an RFC 9457 problem document (`application/problem+json`) under `/api`. The
//! middleware also dresses the bare errors axum produces itself (405, unknown routes), so that
//! every error looks the same.

use askama::Template;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use jixiao_core::access::{Denied, DeniedReason};
use jixiao_core::preparation::approval::WorkflowError;
use jixiao_store::StoreError;
use serde::Serialize;

use crate::auth::PageUser;
use crate::i18n::{Locale, fill, t};
use crate::pages::PageCtx;

/// Everything that can fail while answering a request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The thing asked for does not exist (404).
    #[error("{entity} \"{key}\" does not exist")]
    NotFound {
        /// What kind of thing, such as `project` or `page`.
        entity: &'static str,
        /// The code or path that was looked up.
        key: String,
    },
    /// The request clashes with stored data (409).
    #[error("the request conflicts with existing data ({0})")]
    Conflict(String),
    /// The request is malformed: a bad parameter or value (400). The text is shown to the
    /// client, so it must name the parameter, never internals.
    #[error("{0}")]
    Invalid(String),
    /// The request needs a signed-in user and has none (401); pages send the reader to the
    /// login page instead.
    #[error("sign in, or send a valid API token as \"Authorization: Bearer\"")]
    SignInRequired,
    /// The permission table refuses the action (403); the text names the permission.
    #[error("{0}")]
    Forbidden(Denied),
    /// A form came without the CSRF token of its session (403).
    #[error("the form's security token is missing or out of date; reload the page and retry")]
    CsrfRejected,
    /// A rule of the budget approval workflow refuses the step: 400 for a missing reason, 409
    /// when the budget's or adjustment's state does not allow it. The problem document carries
    /// the refusal's code; pages show its message in the reader's language.
    #[error("{0}")]
    Refused(WorkflowError),
    /// The server is not set up for the request (503), such as signing without a configured
    /// key; the text says what is missing and is shown to the client.
    #[error("{0}")]
    Unavailable(String),
    /// The database failed (500); the source is logged, never shown.
    #[error("database failure")]
    Database(#[source] StoreError),
    /// A template failed to render (500); a programming error, logged, never shown.
    #[error("page rendering failed")]
    Render(#[from] askama::Error),
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound { entity, key } => AppError::NotFound { entity, key },
            StoreError::Conflict { constraint, .. } => AppError::Conflict(constraint),
            StoreError::Invalid(message) => AppError::Invalid(message),
            StoreError::Refused(refusal) => AppError::Refused(refusal),
            other @ StoreError::Database(_) => AppError::Database(other),
        }
    }
}

impl AppError {
    /// The HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound { .. } => StatusCode::NOT_FOUND,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Invalid(_) => StatusCode::BAD_REQUEST,
            AppError::Refused(WorkflowError::MissingReason) => StatusCode::BAD_REQUEST,
            AppError::Refused(_) => StatusCode::CONFLICT,
            AppError::SignInRequired => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) | AppError::CsrfRejected => StatusCode::FORBIDDEN,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Database(_) | AppError::Render(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// What the client is told about an error, carried from the handler to [`render_errors`] in
/// the response extensions.
#[derive(Debug, Clone)]
pub struct ErrorReport {
    /// The status.
    pub status: StatusCode,
    /// A plain English sentence safe to show; `None` for server failures, whose causes stay in
    /// the log.
    pub detail: Option<String>,
    /// What an error page shows beside its translated message: the code that was not found,
    /// or the parameter that could not be read.
    pub subject: Option<String>,
    /// The refused permission of a 403, for the page to name it in the reader's language.
    pub denied: Option<Denied>,
    /// Whether a 403 came from a missing or stale CSRF token.
    pub csrf: bool,
    /// The workflow refusal behind a 400 or 409, for its code and its message in the reader's
    /// language.
    pub refusal: Option<WorkflowError>,
}

/// A marker in the response extensions of a handler that wrote its own error body (the login
/// form answering 429, say), which [`render_errors`] then leaves alone.
#[derive(Debug, Clone, Copy)]
pub struct OwnBody;

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        // A missing setting is the operator's to fix but no failure of this request: it is
        // worth a warning, and its text, which names the setting, may be shown.
        let hidden = status.is_server_error() && !matches!(self, AppError::Unavailable(_));
        if hidden {
            // Logged here and only here, with the whole cause chain, inside the request span.
            tracing::error!(error = %self, cause = %cause_chain(&self), "request failed");
        } else if let AppError::Unavailable(reason) = &self {
            tracing::warn!(%reason, "request needs a setting the server lacks");
        }
        let subject = match &self {
            AppError::NotFound { key, .. } => Some(key.clone()),
            AppError::Invalid(message) => Some(message.clone()),
            AppError::Forbidden(denied) => Some(denied.to_string()),
            _ => None,
        };
        let detail = (!hidden).then(|| self.to_string());
        let denied = match &self {
            AppError::Forbidden(denied) => Some(*denied),
            _ => None,
        };
        let mut response = status.into_response();
        response.extensions_mut().insert(ErrorReport {
            status,
            detail,
            subject,
            denied,
            csrf: matches!(self, AppError::CsrfRejected),
            refusal: match self {
                AppError::Refused(refusal) => Some(refusal),
                _ => None,
            },
        });
        response
    }
}

/// The body of an API error, after RFC 9457.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem; `about:blank` means the status says it all.
    #[serde(rename = "type")]
    pub kind: String,
    /// The status phrase, such as `Not Found`.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What went wrong, in a sentence.
    pub detail: String,
    /// The stable code of a budget workflow refusal, such as `not_submittable`; absent for
    /// other problems.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// The error page template.
#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    ctx: PageCtx,
    status: u16,
    title: &'static str,
    message: String,
    detail: Option<String>,
}

/// Middleware that writes error bodies: problem documents under `/api`, HTML pages elsewhere.
pub async fn render_errors(request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let locale = request
        .extensions()
        .get::<Locale>()
        .copied()
        .unwrap_or_default();
    let uri = request.uri().clone();
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error())
        || response.extensions().get::<OwnBody>().is_some()
    {
        return response;
    }
    let report = match response.extensions().get::<ErrorReport>() {
        Some(report) => report.clone(),
        // A bare error from axum itself, such as 405: describe it by its status.
        None => ErrorReport {
            status,
            detail: status.canonical_reason().map(str::to_owned),
            subject: None,
            denied: None,
            csrf: false,
            refusal: None,
        },
    };
    let user = response.extensions().get::<PageUser>().cloned();
    if api {
        let mut problem = problem_response(&report);
        if status == StatusCode::UNAUTHORIZED {
            problem
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        problem
    } else if status == StatusCode::UNAUTHORIZED {
        to_login(&uri)
    } else {
        error_page(PageCtx::new(locale, &uri).with_user(user), &report)
    }
}

/// A 303 to the login page that comes back to `uri` after signing in.
fn to_login(uri: &axum::http::Uri) -> Response {
    let back = uri
        .path_and_query()
        .map_or("/", |path| path.as_str())
        .to_owned();
    let query = serde_urlencoded::to_string([("next", back)]).unwrap_or_default();
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(location) = HeaderValue::from_str(&format!("/login?{query}")) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// An `application/problem+json` response.
fn problem_response(report: &ErrorReport) -> Response {
    let title = report
        .status
        .canonical_reason()
        .unwrap_or("Error")
        .to_owned();
    let problem = Problem {
        kind: "about:blank".to_owned(),
        detail: report
            .detail
            .clone()
            .unwrap_or_else(|| "The server could not complete the request.".to_owned()),
        title,
        status: report.status.as_u16(),
        code: report.refusal.as_ref().map(|r| r.code().to_owned()),
    };
    let mut response = (report.status, axum::Json(problem)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    response
}

/// An HTML error page in the reader's language.
fn error_page(ctx: PageCtx, report: &ErrorReport) -> Response {
    let locale = ctx.locale;
    if let Some(refusal) = &report.refusal {
        let page = ErrorPage {
            status: report.status.as_u16(),
            title: t(locale, "error.refused.title"),
            message: refusal.message(locale == Locale::Zh),
            detail: None,
            ctx,
        };
        return write_page(&page, report.status, locale);
    }
    let (title, message) = match report.status {
        StatusCode::FORBIDDEN => return forbidden_page(ctx, report),
        StatusCode::NOT_FOUND => ("error.not_found.title", "error.not_found.message"),
        StatusCode::CONFLICT => ("error.conflict.title", "error.conflict.message"),
        s if s.is_server_error() => ("error.internal.title", "error.internal.message"),
        _ => ("error.invalid.title", "error.invalid.message"),
    };
    let page = ErrorPage {
        ctx,
        status: report.status.as_u16(),
        title: t(locale, title),
        message: t(locale, message).to_owned(),
        detail: report.subject.clone(),
    };
    write_page(&page, report.status, locale)
}

/// The 403 page: which permission is missing, or that the data lies outside the reader's
/// organizations, or that a form's security token was refused.
fn forbidden_page(ctx: PageCtx, report: &ErrorReport) -> Response {
    let locale = ctx.locale;
    let message = match report.denied {
        Some(Denied {
            action,
            reason: DeniedReason::MissingRole,
        }) => fill(
            locale,
            "error.forbidden.missing",
            &[
                (
                    "permission",
                    locale.pick(action.name_zh(), action.name_en()),
                ),
                ("code", action.code()),
            ],
        ),
        Some(Denied {
            action,
            reason: DeniedReason::OutOfScope,
        }) => fill(
            locale,
            "error.forbidden.scope",
            &[
                (
                    "permission",
                    locale.pick(action.name_zh(), action.name_en()),
                ),
                ("code", action.code()),
            ],
        ),
        None if report.csrf => t(locale, "error.csrf.message").to_owned(),
        None => t(locale, "error.forbidden.generic").to_owned(),
    };
    let page = ErrorPage {
        ctx,
        status: report.status.as_u16(),
        title: t(locale, "error.forbidden.title"),
        message,
        detail: report.subject.clone(),
    };
    write_page(&page, report.status, locale)
}

/// Renders an error page with its status, falling back to plain text if the template fails.
fn write_page(page: &ErrorPage, status: StatusCode, locale: Locale) -> Response {
    match page.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(error) => {
            tracing::error!(%error, "the error page failed to render");
            (status, t(locale, "error.internal.message")).into_response()
        }
    }
}

/// The causes of an error, innermost last, joined for one log line.
fn cause_chain(error: &dyn std::error::Error) -> String {
    let mut causes = Vec::new();
    let mut current = error.source();
    while let Some(cause) = current {
        causes.push(cause.to_string());
        current = cause.source();
    }
    causes.join(": ")
}
