//! The project list (`/projects`): a filter form that keeps the reader's choices, one page of
//! matching projects with their totals, and links to the other pages.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use jixiao_core::access::Action;
use jixiao_core::{ProjectStatus, ProjectSummary, ProjectType};

use super::{PageCtx, Pager, SelectOption, render};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::AppError;
use crate::format;
use crate::i18n::{Locale, fill};
use crate::params::{ListParams, Params};

/// Rows per page of the list.
pub const PER_PAGE: u32 = 20;

/// The filter form as the reader left it.
#[derive(Debug, Clone)]
pub struct FilterForm {
    /// Project type choices.
    pub types: Vec<SelectOption>,
    /// Region choices.
    pub regions: Vec<SelectOption>,
    /// Fiscal year choices.
    pub years: Vec<SelectOption>,
    /// Status choices.
    pub statuses: Vec<SelectOption>,
    /// The search text.
    pub q: String,
}

/// One project of the list, written out.
#[derive(Debug, Clone)]
pub struct ProjectRow {
    /// Project code.
    pub code: String,
    /// Project name.
    pub name: String,
    /// Link to the project page.
    pub href: String,
    /// Type name.
    pub project_type: String,
    /// Organization name.
    pub organization: String,
    /// Region.
    pub region: String,
    /// Status name.
    pub status: String,
    /// Status code, for the badge style.
    pub status_code: &'static str,
    /// Adjusted budget in 万元.
    pub budget: String,
    /// Executed in 万元.
    pub executed: String,
    /// Execution rate.
    pub rate: String,
}

impl ProjectRow {
    /// The row of a project summary.
    pub fn new(locale: Locale, summary: &ProjectSummary) -> Self {
        let project = &summary.project;
        ProjectRow {
            code: project.code.to_string(),
            name: project.name.clone(),
            href: project_href(project.code.as_str()),
            project_type: locale
                .pick(
                    project.project_type.name_zh(),
                    project.project_type.name_en(),
                )
                .to_owned(),
            organization: summary.organization_name.clone(),
            region: project.region.clone(),
            status: locale
                .pick(project.status.name_zh(), project.status.name_en())
                .to_owned(),
            status_code: project.status.code(),
            budget: format::wan(summary.execution.budget),
            executed: format::wan(summary.execution.executed),
            rate: format::rate(&summary.execution),
        }
    }
}

/// The address of a project page, with the code percent-encoded as a path segment.
pub fn project_href(code: &str) -> String {
    let mut href = String::from("/projects/");
    for byte in code.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            href.push(char::from(byte));
        } else {
            href.push_str(&format!("%{byte:02X}"));
        }
    }
    href
}

#[derive(Template)]
#[template(path = "projects.html")]
struct ProjectsPage {
    ctx: PageCtx,
    form: FilterForm,
    count_text: String,
    rows: Vec<ProjectRow>,
    pager: Pager,
}

/// `GET /projects`: the filtered, paged list of the projects the reader may see.
pub async fn page(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Params(params): Params<ListParams>,
) -> Result<Response, AppError> {
    let mut filter = params.filter()?;
    filter.organizations = viewer.visible(Action::ViewProject)?;
    let page_number = params.page()?;
    let list = state
        .store
        .list_projects(&filter, page_number, PER_PAGE)
        .await?;
    // The choices offered are those of the projects the viewer may see, no more.
    let regions = state.store.regions(filter.organizations.as_deref()).await?;
    let years = state
        .store
        .fiscal_years(filter.organizations.as_deref())
        .await?;

    let locale = ctx.locale;
    let form = FilterForm {
        types: SelectOption::list(
            &ctx,
            ProjectType::ALL
                .iter()
                .map(|t| {
                    (
                        t.code().to_owned(),
                        locale.pick(t.name_zh(), t.name_en()).to_owned(),
                    )
                })
                .collect(),
            filter.project_type.map(ProjectType::code),
        ),
        regions: SelectOption::list(
            &ctx,
            regions.into_iter().map(|r| (r.clone(), r)).collect(),
            filter.region.as_deref(),
        ),
        years: SelectOption::list(
            &ctx,
            years
                .iter()
                .rev()
                .map(|y| {
                    (
                        y.to_string(),
                        fill(locale, "fmt.year", &[("year", &y.to_string())]),
                    )
                })
                .collect(),
            filter.fiscal_year.map(|y| y.to_string()).as_deref(),
        ),
        statuses: SelectOption::list(
            &ctx,
            ProjectStatus::ALL
                .iter()
                .map(|s| {
                    (
                        s.code().to_owned(),
                        locale.pick(s.name_zh(), s.name_en()).to_owned(),
                    )
                })
                .collect(),
            filter.status.map(ProjectStatus::code),
        ),
        q: filter.search.clone().unwrap_or_default(),
    };
    let pages = list.page_count();
    let count_text = fill(
        locale,
        "projects.count",
        &[
            ("total", &list.total.to_string()),
            ("page", &list.page.min(pages).to_string()),
            ("pages", &pages.to_string()),
        ],
    );
    let rows = list
        .items
        .iter()
        .map(|summary| ProjectRow::new(locale, summary))
        .collect();
    let pager = Pager::new(&ctx, page_number, pages, "page", "");
    render(&ProjectsPage {
        ctx,
        form,
        count_text,
        rows,
        pager,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_links_encode_codes_as_one_path_segment() {
        let cases = [
            ("G15-2023-001", "/projects/G15-2023-001"),
            ("交通-01", "/projects/%E4%BA%A4%E9%80%9A-01"),
            ("a/b?c", "/projects/a%2Fb%3Fc"),
        ];
        for (code, href) in cases {
            assert_eq!(project_href(code), href);
        }
    }
}
