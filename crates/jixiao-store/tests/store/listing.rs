//! Project lists: filters, search, paging, one project's summary, and the filters' choices.

use jixiao_core::{Execution, OrgCode, ProjectFilter, ProjectStatus, ProjectType};
use jixiao_store::Store;

use crate::fixtures::stamp;
use crate::fixtures::{code, codes, fen, portfolio, with_organizations};
use crate::harness::for_each_store;

async fn with_portfolio(store: &Store) {
    with_organizations(store).await;
    store
        .import_dossiers(&portfolio(), &stamp(), &|_| {})
        .await
        .unwrap();
}

fn orgs(codes: &[&str]) -> Option<Vec<OrgCode>> {
    Some(codes.iter().map(|c| OrgCode::new(*c).unwrap()).collect())
}

#[tokio::test]
async fn project_lists_filter_by_each_field_and_by_all_together() {
    let search = |text: &str| ProjectFilter {
        search: Some(text.to_owned()),
        ..ProjectFilter::default()
    };
    let cases: Vec<(&str, ProjectFilter, &[&str])> = vec![
        (
            "no filter lists all, by code",
            ProjectFilter::default(),
            &["B-001", "G15-001", "T-100", "W-001", "XA1", "X_1"],
        ),
        (
            "type",
            ProjectFilter {
                project_type: Some(ProjectType::Tunnel),
                ..ProjectFilter::default()
            },
            &["T-100"],
        ),
        (
            "region",
            ProjectFilter {
                region: Some("绵阳".to_owned()),
                ..ProjectFilter::default()
            },
            &["W-001", "XA1", "X_1"],
        ),
        (
            "fiscal year with a budget",
            ProjectFilter {
                fiscal_year: Some(2023),
                ..ProjectFilter::default()
            },
            &["G15-001", "W-001"],
        ),
        (
            "fiscal year with no budget",
            ProjectFilter {
                fiscal_year: Some(2030),
                ..ProjectFilter::default()
            },
            &[],
        ),
        (
            "status",
            ProjectFilter {
                status: Some(ProjectStatus::InProgress),
                ..ProjectFilter::default()
            },
            &["G15-001", "T-100"],
        ),
        (
            "search in a name, any ASCII case",
            search("BRIDGE"),
            &["B-001"],
        ),
        (
            "search in a code, any ASCII case",
            search("g15"),
            &["G15-001"],
        ),
        ("search in Chinese", search("隧道"), &["T-100"]),
        ("search text is trimmed", search("  隧道 "), &["T-100"]),
        ("an underscore is not a wildcard", search("x_1"), &["X_1"]),
        ("a percent sign is not a wildcard", search("%"), &[]),
        (
            "a blank search matches all",
            search("   "),
            &["B-001", "G15-001", "T-100", "W-001", "XA1", "X_1"],
        ),
        (
            "organizations",
            ProjectFilter {
                organizations: orgs(&["JT-01", "JT-02"]),
                ..ProjectFilter::default()
            },
            &["B-001", "G15-001", "T-100"],
        ),
        (
            "no organizations match nothing",
            ProjectFilter {
                organizations: orgs(&[]),
                ..ProjectFilter::default()
            },
            &[],
        ),
        (
            "all together",
            ProjectFilter {
                project_type: Some(ProjectType::Highway),
                region: Some("成都".to_owned()),
                fiscal_year: Some(2024),
                status: Some(ProjectStatus::InProgress),
                search: Some("成都".to_owned()),
                organizations: orgs(&["JT-01"]),
            },
            &["G15-001"],
        ),
    ];
    let cases = &cases;
    for_each_store("list_filters", |store| async move {
        with_portfolio(&store).await;
        for (what, filter, expected) in cases {
            let page = store.list_projects(filter, 1, 50).await.unwrap();
            let got = codes(page.items.iter().map(|s| &s.project));
            assert_eq!(got, *expected, "{what} on {:?}", store.backend());
            assert_eq!(page.total, expected.len() as u64, "{what}");
        }
    })
    .await;
}

#[tokio::test]
async fn project_lists_page_through_the_whole_list() {
    let cases: [(u32, u32, &[&str]); 5] = [
        (1, 2, &["B-001", "G15-001"]),
        (2, 2, &["T-100", "W-001"]),
        (3, 2, &["XA1", "X_1"]),
        (4, 2, &[]),
        (0, 4, &["B-001", "G15-001", "T-100", "W-001"]),
    ];
    for_each_store("list_paging", |store| async move {
        with_portfolio(&store).await;
        for (page, per_page, expected) in cases {
            let got = store
                .list_projects(&ProjectFilter::default(), page, per_page)
                .await
                .unwrap();
            assert_eq!(
                codes(got.items.iter().map(|s| &s.project)),
                expected,
                "page {page}"
            );
            assert_eq!(got.total, 6);
            assert_eq!(got.page, page.max(1));
            assert_eq!(got.per_page, per_page);
        }
    })
    .await;
}

#[tokio::test]
async fn a_project_summary_totals_all_its_years() {
    for_each_store("project_summary", |store| async move {
        with_portfolio(&store).await;
        let summary = store.project(&code("G15-001")).await.unwrap();
        assert_eq!(summary.organization_name, "成都交通局");
        assert_eq!(summary.project, portfolio()[0].project);
        // 153,000,000 + 86,600,000 adjusted; 65,000,000 + 31,500,000 paid.
        assert_eq!(
            summary.execution,
            Execution {
                budget: fen(239_600_000),
                executed: fen(96_500_000),
            }
        );
        let listed = store
            .list_projects(&ProjectFilter::default(), 1, 10)
            .await
            .unwrap();
        assert!(
            listed.items.contains(&summary),
            "the list shows the same summary"
        );

        let water = store.project(&code("W-001")).await.unwrap();
        assert_eq!(water.execution.executed, fen(0), "no payment sums to zero");
        assert_eq!(water.execution.budget, fen(5_000_000));
    })
    .await;
}

#[tokio::test]
async fn regions_and_fiscal_years_are_distinct_and_sorted() {
    for_each_store("filter_choices", |store| async move {
        assert!(store.regions(None).await.unwrap().is_empty());
        assert!(store.fiscal_years(None).await.unwrap().is_empty());
        with_portfolio(&store).await;
        assert_eq!(store.regions(None).await.unwrap(), ["成都", "绵阳"]);
        assert_eq!(store.fiscal_years(None).await.unwrap(), [2023, 2024, 2025]);
    })
    .await;
}

#[tokio::test]
async fn filter_choices_come_only_from_the_organizations_a_viewer_may_see() {
    for_each_store("scoped_filter_choices", |store| async move {
        with_portfolio(&store).await;
        let org = |code: &str| jixiao_core::OrgCode::new(code).unwrap();
        let cases: &[(&[&str], &[&str], &[i32])] = &[
            (&["SL-01"], &["绵阳"], &[2023, 2025]),
            (&["JT-02"], &["成都"], &[2024]),
            (&[], &[], &[]),
        ];
        for (codes, regions, years) in cases {
            let orgs: Vec<_> = codes.iter().map(|c| org(c)).collect();
            assert_eq!(
                store.regions(Some(&orgs)).await.unwrap(),
                *regions,
                "{codes:?}"
            );
            assert_eq!(
                store.fiscal_years(Some(&orgs)).await.unwrap(),
                *years,
                "{codes:?}"
            );
        }
    })
    .await;
}
