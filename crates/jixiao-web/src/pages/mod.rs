//! Server-rendered pages: the portfolio overview (or the public landing page), the project
//! list, the project page and its owners form, the public ledger and its entries, signing in
//! and out, the reader's own items, password and API tokens.
//!
//! Handlers read the store and hand the templates finished strings (money already written in
//! 万元, dates as `2025-03-31`), so templates hold layout only. What every page shares lives
//! here: the page context ([`PageCtx`]) with the language and its links, option lists, paging
//! links, and rendering.

pub mod account;
pub mod declaration;
pub mod home;
pub mod ledger;
pub mod library;
mod library_form;
pub mod login;
pub mod me;
mod monthly;
pub mod owners;
pub mod preparation;
mod preparation_forms;
mod preparation_view;
pub mod project;
pub mod projects;
pub mod stages;
mod stages_form;
pub mod targets;
mod targets_form;
pub mod tokens;

use askama::Template;
use axum::Form;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use serde::de::DeserializeOwned;

use crate::auth::{PageUser, Viewer};
use crate::error::AppError;
use crate::i18n::{self, Locale};

/// What every page template needs besides its own data: the language, the current address
/// (from which navigation and language links are built) and who is signed in.
#[derive(Debug, Clone)]
pub struct PageCtx {
    /// The reader's language.
    pub locale: Locale,
    /// The signed-in reader for the page header, with the logout form's CSRF token.
    pub user: Option<PageUser>,
    path: String,
    query: Vec<(String, String)>,
}

impl PageCtx {
    /// The context of a request for `uri` in `locale`.
    pub fn new(locale: Locale, uri: &Uri) -> Self {
        let query = uri
            .query()
            .and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())
            .unwrap_or_default()
            .into_iter()
            .filter(|(name, _)| name != "lang")
            .collect();
        PageCtx {
            locale,
            user: None,
            path: uri.path().to_owned(),
            query,
        }
    }

    /// The same context with `user` shown in the header.
    pub fn with_user(self, user: Option<PageUser>) -> Self {
        PageCtx { user, ..self }
    }

    /// The current address with its query, for a login link that comes back here.
    pub fn login_href(&self) -> String {
        if self.path == "/login" {
            return "/login".to_owned();
        }
        let here = self.href_with(&[]);
        format!(
            "/login?{}",
            serde_urlencoded::to_string([("next", here)]).unwrap_or_default()
        )
    }

    /// The text of a catalogue key in the reader's language.
    pub fn t(&self, key: &'static str) -> &'static str {
        i18n::t(self.locale, key)
    }

    /// The `<html lang>` value.
    pub fn html_lang(&self) -> &'static str {
        self.locale.html_lang()
    }

    /// Whether the page is in English (for marking the language switch).
    pub fn is_en(&self) -> bool {
        self.locale == Locale::En
    }

    /// Which navigation entry the page belongs to.
    pub fn section(&self) -> &'static str {
        if self.path == "/" {
            "home"
        } else if self.path.starts_with("/projects") {
            "projects"
        } else if self.path == "/library" {
            "library"
        } else if self.path.starts_with("/ledger") {
            "ledger"
        } else if self.path == "/me" {
            "me"
        } else if self.path == "/account/password" {
            "password"
        } else if self.path == "/account/tokens" {
            "tokens"
        } else {
            ""
        }
    }

    /// The current address with `?lang=` set to `code`, keeping the other parameters.
    pub fn lang_href(&self, code: &str) -> String {
        self.href_with(&[("lang", Some(code))])
    }

    /// The version tag of the stylesheet, so that a changed stylesheet gets a new address and
    /// the long cache lifetime never serves a stale one.
    pub fn css_version(&self) -> &'static str {
        crate::assets::CSS_VERSION.as_str()
    }

    /// The current path with some query parameters replaced (`Some`) or removed (`None`).
    pub fn href_with(&self, changes: &[(&str, Option<&str>)]) -> String {
        let mut pairs: Vec<(&str, &str)> = self
            .query
            .iter()
            .filter(|(name, _)| !changes.iter().any(|(changed, _)| changed == name))
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect();
        pairs.extend(
            changes
                .iter()
                .filter_map(|(name, value)| value.map(|v| (*name, v))),
        );
        let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        if query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{query}", self.path)
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PageCtx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let locale = Locale::from_request_parts(parts, state).await?;
        let viewer = Viewer::from_request_parts(parts, state).await?;
        Ok(PageCtx::new(locale, &parts.uri).with_user(viewer.page_user()))
    }
}

/// Renders a page template into a response.
pub fn render(template: &impl Template) -> Result<Response, AppError> {
    Ok(Html(template.render()?).into_response())
}

/// Renders `template` with `status`. A page shown again with the reader's mistakes keeps its
/// own body under a 4xx status, so it is marked for the error layer to leave alone.
pub fn render_with_status(
    status: StatusCode,
    template: &impl Template,
) -> Result<Response, AppError> {
    let mut response = (status, Html(template.render()?)).into_response();
    if status.is_client_error() {
        response.extensions_mut().insert(crate::error::OwnBody);
    }
    Ok(response)
}

/// A 303 to `location`, the answer to a form post that worked.
pub fn see_other(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// A form body deserialized as `T`, or a 400 that names the problem instead of axum's
/// plain-text rejection.
#[derive(Debug, Clone, Default)]
pub struct FormBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for FormBody<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        Form::<T>::from_request(request, state)
            .await
            .map(|Form(value)| FormBody(value))
            .map_err(|rejection| AppError::Invalid(rejection.body_text()))
    }
}

/// One entry of a select box.
#[derive(Debug, Clone)]
pub struct SelectOption {
    /// The submitted value; empty for "all".
    pub value: String,
    /// What the reader sees.
    pub label: String,
    /// Whether it is the current choice.
    pub selected: bool,
}

impl SelectOption {
    /// The options of a select box: "all" first, then `choices` as `(value, label)`.
    pub fn list(ctx: &PageCtx, choices: Vec<(String, String)>, current: Option<&str>) -> Vec<Self> {
        let current = current.unwrap_or("");
        std::iter::once((String::new(), ctx.t("common.all").to_owned()))
            .chain(choices)
            .map(|(value, label)| SelectOption {
                selected: value == current,
                value,
                label,
            })
            .collect()
    }
}

/// Links to the pages of a long list.
#[derive(Debug, Clone, Default)]
pub struct Pager {
    /// The previous page, if any.
    pub previous: Option<String>,
    /// The next page, if any.
    pub next: Option<String>,
    /// Numbered links with gaps (`…`) where pages are skipped.
    pub links: Vec<PageLink>,
}

/// One numbered page link, or a gap when `href` is `None`.
#[derive(Debug, Clone)]
pub struct PageLink {
    /// The page number or `…`.
    pub label: String,
    /// Where it leads.
    pub href: Option<String>,
    /// Whether it is the page shown.
    pub current: bool,
}

impl Pager {
    /// Links for page `current` of `pages`, set through the query parameter `param`, with
    /// `anchor` appended so that the reader lands at the list.
    pub fn new(ctx: &PageCtx, current: u32, pages: u32, param: &str, anchor: &str) -> Pager {
        let href = |page: u32| {
            let number = page.to_string();
            let value = (page > 1).then_some(number.as_str());
            format!(
                "{}{anchor}",
                ctx.href_with(&[(param, value), ("lang", None)])
            )
        };
        let mut links = Vec::new();
        let mut last_shown = 0;
        for page in 1..=pages {
            let near = page.abs_diff(current) <= 2;
            if page == 1 || page == pages || near {
                if page > last_shown + 1 {
                    links.push(PageLink {
                        label: "…".to_owned(),
                        href: None,
                        current: false,
                    });
                }
                links.push(PageLink {
                    label: page.to_string(),
                    href: Some(href(page)),
                    current: page == current,
                });
                last_shown = page;
            }
        }
        Pager {
            previous: (current > 1).then(|| href(current - 1)),
            next: (current < pages).then(|| href(current + 1)),
            links,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(uri: &str) -> PageCtx {
        PageCtx::new(Locale::Zh, &uri.parse().unwrap())
    }

    #[test]
    fn language_links_keep_other_parameters_and_replace_lang() {
        let ctx = ctx("/projects?type=bridge&lang=zh&q=%E5%A4%A7%E6%A1%A5");
        assert_eq!(
            ctx.lang_href("en"),
            "/projects?type=bridge&q=%E5%A4%A7%E6%A1%A5&lang=en"
        );
        assert_eq!(self::ctx("/").lang_href("zh"), "/?lang=zh");
    }

    #[test]
    fn pager_shows_ends_neighbours_and_gaps() {
        let pager = Pager::new(&ctx("/projects?type=bridge&page=6"), 6, 12, "page", "");
        let labels: Vec<&str> = pager.links.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels, ["1", "…", "4", "5", "6", "7", "8", "…", "12"]);
        assert_eq!(
            pager.previous.as_deref(),
            Some("/projects?type=bridge&page=5")
        );
        assert_eq!(pager.next.as_deref(), Some("/projects?type=bridge&page=7"));
        let first = Pager::new(&ctx("/projects?page=2"), 2, 3, "page", "#list");
        assert_eq!(first.previous.as_deref(), Some("/projects#list"));
        assert_eq!(first.next, Some("/projects?page=3#list".to_owned()));
        assert!(
            Pager::new(&ctx("/projects"), 1, 1, "page", "")
                .next
                .is_none()
        );
    }
}
