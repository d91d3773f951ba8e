//! The interface language: Chinese (zh-CN) by default, English on request.
//!
//! The locale is chosen per request, never process-wide: `?lang=en|zh` wins (and is remembered
//! in a `lang` cookie), then the cookie, then Chinese. Every word the interface shows comes from
//! the catalogue (the tables in `catalogue`, `catalogue_ledger`, `catalogue_preparation`,
//! `catalogue_stages` and `catalogue_targets`), looked up with [`t`]; names of coded domain
//! values (project types, statuses, indicator levels) come with the core types
//! themselves.

mod catalogue;
mod catalogue_ledger;
mod catalogue_preparation;
mod catalogue_stages;
mod catalogue_targets;

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::extract::{FromRequestParts, Request};
use axum::http::header::{COOKIE, SET_COOKIE, VARY};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// How long the language choice is remembered, in seconds (one year).
const COOKIE_MAX_AGE: u32 = 365 * 24 * 60 * 60;

/// A language of the interface.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    /// Simplified Chinese, the default.
    #[default]
    Zh,
    /// English.
    En,
}

impl Locale {
    /// Reads a `lang` value: `zh` (or `zh-CN`) and `en`.
    pub fn parse(value: &str) -> Option<Locale> {
        match value.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" => Some(Locale::Zh),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The short code used in `?lang=` and the cookie.
    pub fn code(self) -> &'static str {
        match self {
            Locale::Zh => "zh",
            Locale::En => "en",
        }
    }

    /// The language tag of the `<html lang>` attribute.
    pub fn html_lang(self) -> &'static str {
        match self {
            Locale::Zh => "zh-CN",
            Locale::En => "en",
        }
    }

    /// Picks the text of this locale from a pair, for names that the core types carry.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Locale::Zh => zh,
            Locale::En => en,
        }
    }
}

/// The text of `key` in `locale`; the key itself when the catalogue lacks it, so that a
/// missing entry shows up on the page instead of failing the request (a test guards this).
pub fn t(locale: Locale, key: &'static str) -> &'static str {
    static INDEX: LazyLock<HashMap<&'static str, (&'static str, &'static str)>> =
        LazyLock::new(|| messages().map(|(key, zh, en)| (*key, (*zh, *en))).collect());
    match INDEX.get(key) {
        Some((zh, en)) => locale.pick(zh, en),
        None => key,
    }
}

/// Every row of the catalogue, whichever table holds it.
fn messages() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
    catalogue::MESSAGES
        .iter()
        .chain(catalogue_ledger::MESSAGES.iter())
        .chain(catalogue_preparation::MESSAGES.iter())
        .chain(catalogue_stages::MESSAGES.iter())
        .chain(catalogue_targets::MESSAGES.iter())
}

/// [`t`] with `{name}` placeholders replaced by the given values.
pub fn fill(locale: Locale, key: &'static str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(t(locale, key).to_owned(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

/// The short name of month `month` (1 to 12) for chart axes: `3月` or `Mar`.
pub fn month_name(locale: Locale, month: u32) -> &'static str {
    let index = (month.clamp(1, 12) - 1) as usize;
    locale.pick(catalogue::MONTHS_ZH[index], catalogue::MONTHS_EN[index])
}

/// Middleware that picks the locale of a request and stores it in the request extensions.
///
/// When the choice came from `?lang=`, the response sets the `lang` cookie so that the
/// following pages keep the language without carrying the parameter.
pub async fn negotiate(mut request: Request, next: Next) -> Response {
    let from_query = request.uri().query().and_then(query_locale);
    let locale = from_query
        .or_else(|| cookie_locale(request.headers()))
        .unwrap_or_default();
    request.extensions_mut().insert(locale);
    let mut response = next.run(request).await;
    if let Some(chosen) = from_query {
        let cookie = format!(
            "lang={}; Path=/; Max-Age={COOKIE_MAX_AGE}; SameSite=Lax",
            chosen.code()
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    // Pages differ by cookie, so a shared cache must not hand one reader's language to another.
    response
        .headers_mut()
        .append(VARY, HeaderValue::from_static("cookie"));
    response
}

/// The locale named by a `lang` query parameter, if any.
fn query_locale(query: &str) -> Option<Locale> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .ok()?
        .into_iter()
        .find(|(name, _)| name == "lang")
        .and_then(|(_, value)| Locale::parse(&value))
}

/// The locale named by a `lang` cookie, if any.
fn cookie_locale(headers: &HeaderMap) -> Option<Locale> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == "lang")
        .and_then(|(_, value)| Locale::parse(value))
}

impl<S: Send + Sync> FromRequestParts<S> for Locale {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Locale>()
            .copied()
            .unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_key_is_unique_and_has_both_languages() {
        let mut seen = BTreeSet::new();
        for (key, zh, en) in messages() {
            assert!(seen.insert(*key), "{key} is listed twice");
            assert!(!zh.trim().is_empty(), "{key} has no Chinese text");
            assert!(!en.trim().is_empty(), "{key} has no English text");
        }
        assert_eq!(catalogue::MONTHS_ZH.len(), 12);
        assert_eq!(catalogue::MONTHS_EN.len(), 12);
    }

    #[test]
    fn placeholders_are_the_same_in_both_languages() {
        let placeholders = |text: &str| -> BTreeSet<String> {
            text.split('{')
                .skip(1)
                .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
                .collect()
        };
        for (key, zh, en) in messages() {
            assert_eq!(placeholders(zh), placeholders(en), "{key}");
        }
    }

    #[test]
    fn every_key_used_in_templates_and_code_is_in_the_catalogue() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let known: BTreeSet<&str> = messages().map(|(k, _, _)| *k).collect();
        let namespaces: BTreeSet<&str> = known
            .iter()
            .filter_map(|k| k.split_once('.').map(|(ns, _)| ns))
            .collect();
        let mut used = BTreeSet::new();
        for dir in [
            "templates",
            "src",
            "src/pages",
            "src/api",
            "src/chart",
            "src/auth",
        ] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                // This file's own tests look up a key that must stay missing.
                if path.is_file() && !path.ends_with("i18n.rs") {
                    let source = std::fs::read_to_string(&path).unwrap();
                    used.extend(keys_in(&source, &namespaces));
                }
            }
        }
        assert!(used.len() > 80, "the scan found only {} keys", used.len());
        assert_eq!(
            keys_in(r#"<a title="{{ ctx.t("nav.nope") }}">"#, &namespaces),
            ["nav.nope"],
            "the scan finds keys nested in attributes"
        );
        let missing: Vec<&String> = used
            .iter()
            .filter(|k| !known.contains(k.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "keys missing from the catalogue: {missing:?}"
        );
    }

    /// Every string literal in `source` shaped like a catalogue key (`nav.home`) whose first
    /// part is one of the catalogue's namespaces, wherever it is written: in a `t(…)` call, a
    /// tuple of keys or a function argument.
    fn keys_in(source: &str, namespaces: &BTreeSet<&str>) -> Vec<String> {
        // Every stretch between two quotes is looked at, not only every other one, because
        // templates nest quoted keys inside quoted attributes.
        source
            .split('"')
            .filter(|literal| {
                literal.contains('.')
                    && !literal.ends_with(".html")
                    && literal.chars().all(|c| {
                        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.'
                    })
                    && literal
                        .split_once('.')
                        .is_some_and(|(ns, rest)| namespaces.contains(ns) && !rest.is_empty())
            })
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn lookup_falls_back_to_the_key_and_fill_replaces_placeholders() {
        assert_eq!(t(Locale::Zh, "nav.home"), "总览");
        assert_eq!(t(Locale::En, "nav.home"), "Overview");
        assert_eq!(t(Locale::En, "no.such.key"), "no.such.key");
        assert_eq!(fill(Locale::Zh, "fmt.year", &[("year", "2024")]), "2024年");
        assert_eq!(month_name(Locale::En, 3), "Mar");
        assert_eq!(month_name(Locale::Zh, 12), "12月");
    }

    #[test]
    fn locale_comes_from_query_then_cookie() {
        let cases: &[(&str, Option<Locale>)] = &[
            ("lang=en", Some(Locale::En)),
            ("page=2&lang=zh", Some(Locale::Zh)),
            ("lang=fr", None),
            ("q=lang%3Den", None),
            ("", None),
        ];
        for (query, expected) in cases {
            assert_eq!(query_locale(query), *expected, "{query:?}");
        }
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, HeaderValue::from_static("a=1; lang=en; b=2"));
        assert_eq!(cookie_locale(&headers), Some(Locale::En));
        headers.insert(COOKIE, HeaderValue::from_static("lang=xx"));
        assert_eq!(cookie_locale(&headers), None);
    }
}
