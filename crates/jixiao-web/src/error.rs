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
use jixiao_store::StoreError;
use serde::Serialize;

use crate::i18n::{Locale, t};
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
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            // Logged here and only here, with the whole cause chain, inside the request span.
            tracing::error!(error = %self, cause = %cause_chain(&self), "request failed");
        }
        let subject = match &self {
            AppError::NotFound { key, .. } => Some(key.clone()),
            AppError::Invalid(message) => Some(message.clone()),
            _ => None,
        };
        let detail = (!status.is_server_error()).then(|| self.to_string());
        let mut response = status.into_response();
        response.extensions_mut().insert(ErrorReport {
            status,
            detail,
            subject,
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
}

/// The error page template.
#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    ctx: PageCtx,
    status: u16,
    title: &'static str,
    message: &'static str,
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
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let report = match response.extensions().get::<ErrorReport>() {
        Some(report) => report.clone(),
        // A bare error from axum itself, such as 405: describe it by its status.
        None => ErrorReport {
            status,
            detail: status.canonical_reason().map(str::to_owned),
            subject: None,
        },
    };
    if api {
        problem_response(&report)
    } else {
        error_page(PageCtx::new(locale, &uri), &report)
    }
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
    let (title, message) = match report.status {
        StatusCode::NOT_FOUND => ("error.not_found.title", "error.not_found.message"),
        StatusCode::CONFLICT => ("error.conflict.title", "error.conflict.message"),
        s if s.is_server_error() => ("error.internal.title", "error.internal.message"),
        _ => ("error.invalid.title", "error.invalid.message"),
    };
    let page = ErrorPage {
        ctx,
        status: report.status.as_u16(),
        title: t(locale, title),
        message: t(locale, message),
        detail: report.subject.clone(),
    };
    match page.render() {
        Ok(body) => (report.status, Html(body)).into_response(),
        Err(error) => {
            tracing::error!(%error, "the error page failed to render");
            (report.status, t(locale, message)).into_response()
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
