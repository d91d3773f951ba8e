//! Query parameters shared by pages and the API: list filters, paging, and an extractor that
//! turns unreadable parameters into [`AppError::Invalid`] instead of axum's plain-text 400.
//!
//! Parameters arrive as text because an HTML form sends empty strings for "all": an empty
//! value means the filter is not set, on pages and in the API alike.

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use jixiao_core::{FiscalYear, ProjectFilter, ProjectStatus, ProjectType};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// The largest page size the API serves.
pub const MAX_PER_PAGE: u32 = 100;

/// Query parameters deserialized as `T`, or a 400 that names the problem.
#[derive(Debug, Clone, Copy, Default)]
pub struct Params<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Params<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(value)| Params(value))
            .map_err(|rejection| AppError::Invalid(rejection.body_text()))
    }
}

/// Filters and paging of a project list, as query parameters.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Project type code: `highway`, `bridge`, `tunnel`, `municipal_pipe_network`,
    /// `building`, `water_works` or `other`.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub project_type: Option<String>,
    /// Region name, exactly as listed.
    pub region: Option<String>,
    /// Only projects with a budget in this fiscal year.
    #[param(value_type = Option<i32>)]
    pub year: Option<String>,
    /// Status code: `planned`, `in_progress`, `completed` or `suspended`.
    pub status: Option<String>,
    /// Text contained in the project name or code.
    pub q: Option<String>,
    /// Page number, from 1.
    #[param(value_type = Option<u32>, minimum = 1)]
    pub page: Option<String>,
    /// Rows per page, 1 to 100 (API only; pages show 20).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    pub per_page: Option<String>,
}

impl ListParams {
    /// The filter these parameters describe.
    pub fn filter(&self) -> Result<ProjectFilter, AppError> {
        Ok(ProjectFilter {
            project_type: parse_code::<ProjectType>(self.project_type.as_deref())?,
            region: given(self.region.as_deref()).map(str::to_owned),
            fiscal_year: year(self.year.as_deref())?,
            status: parse_code::<ProjectStatus>(self.status.as_deref())?,
            search: given(self.q.as_deref()).map(str::to_owned),
            organizations: None,
        })
    }

    /// The page asked for, 1 when none.
    pub fn page(&self) -> Result<u32, AppError> {
        page_number(self.page.as_deref())
    }

    /// The page size asked for, `default` when none; refused past [`MAX_PER_PAGE`].
    pub fn per_page(&self, default: u32) -> Result<u32, AppError> {
        match given(self.per_page.as_deref()) {
            None => Ok(default),
            Some(text) => text
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=MAX_PER_PAGE).contains(n))
                .ok_or_else(|| {
                    AppError::Invalid(format!("per_page must be between 1 and {MAX_PER_PAGE}"))
                }),
        }
    }
}

/// A page number from 1; missing or empty means 1.
pub fn page_number(text: Option<&str>) -> Result<u32, AppError> {
    match given(text) {
        None => Ok(1),
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| AppError::Invalid("page must be a whole number from 1".to_owned())),
    }
}

/// A fiscal year; missing or empty means none.
pub fn year(text: Option<&str>) -> Result<Option<FiscalYear>, AppError> {
    given(text)
        .map(|text| {
            text.parse::<FiscalYear>()
                .ok()
                .filter(|y| (1900..=9999).contains(y))
                .ok_or_else(|| AppError::Invalid(format!("year \"{text}\" is not a year")))
        })
        .transpose()
}

/// The text when it is present and not blank.
fn given(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

/// A coded enum value; missing or empty means none.
fn parse_code<T>(text: Option<&str>) -> Result<Option<T>, AppError>
where
    T: std::str::FromStr<Err = jixiao_core::UnknownCode>,
{
    given(text)
        .map(|text| {
            text.parse::<T>()
                .map_err(|e| AppError::Invalid(e.to_string()))
        })
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(query: &str) -> ListParams {
        serde_urlencoded::from_str(query).unwrap()
    }

    #[test]
    fn empty_form_fields_mean_no_filter() {
        let filter = params("type=&region=&year=&status=&q=+").filter().unwrap();
        assert_eq!(filter, ProjectFilter::default());
    }

    #[test]
    fn filled_fields_become_a_filter() {
        let filter =
            params("type=bridge&region=%E6%88%90%E9%83%BD&year=2024&status=in_progress&q=G15")
                .filter()
                .unwrap();
        assert_eq!(filter.project_type, Some(ProjectType::Bridge));
        assert_eq!(filter.region.as_deref(), Some("成都"));
        assert_eq!(filter.fiscal_year, Some(2024));
        assert_eq!(filter.status, Some(ProjectStatus::InProgress));
        assert_eq!(filter.search.as_deref(), Some("G15"));
    }

    #[test]
    fn unreadable_values_are_refused_with_the_parameter_named() {
        let cases = [
            ("type=railway", "railway"),
            ("status=done", "done"),
            ("year=20x4", "year"),
            ("year=12", "year"),
        ];
        for (query, mentioned) in cases {
            let error = params(query).filter().unwrap_err();
            assert!(
                matches!(&error, AppError::Invalid(m) if m.contains(mentioned)),
                "{query}: {error}"
            );
        }
    }

    #[test]
    fn paging_defaults_and_bounds() {
        /// A query and the expected (page, per_page), or an error.
        type Case = (&'static str, Result<(u32, u32), ()>);
        let cases: &[Case] = &[
            ("", Ok((1, 20))),
            ("page=3&per_page=50", Ok((3, 50))),
            ("page=0", Err(())),
            ("page=-1", Err(())),
            ("per_page=0", Err(())),
            ("per_page=101", Err(())),
            ("per_page=100", Ok((1, 100))),
        ];
        for (query, expected) in cases {
            let p = params(query);
            let got = p
                .page()
                .and_then(|page| Ok((page, p.per_page(20)?)))
                .map_err(|_| ());
            assert_eq!(&got, expected, "{query}");
        }
    }
}
