//! Report figures against sums worked out by hand from the fixtures.

use std::collections::BTreeMap;

use jixiao_core::{
    Execution, Money, MonthlyPoint, PortfolioSummary, ProjectFilter, ProjectType, YearMonth,
};
use jixiao_store::Store;

use crate::fixtures::stamp;
use crate::fixtures::{code, date, fen, highway, month, portfolio, with_organizations};
use crate::harness::for_each_store;

async fn with_portfolio(store: &Store) {
    with_organizations(store).await;
    store
        .import_dossiers(&portfolio(), &stamp(), &|_| {})
        .await
        .unwrap();
}

fn execution(budget: i64, executed: i64) -> Execution {
    Execution {
        budget: fen(budget),
        executed: fen(executed),
    }
}

#[tokio::test]
async fn the_portfolio_summary_matches_sums_worked_out_by_hand() {
    let cases = [
        (
            "everything",
            ProjectFilter::default(),
            PortfolioSummary {
                project_count: 6,
                total: execution(255_600_200, 100_600_000),
                by_year: vec![
                    (2023, execution(158_000_000, 65_000_000)),
                    (2024, execution(96_600_000, 35_500_000)),
                    (2025, execution(1_000_200, 100_000)),
                ],
                by_type: vec![
                    (ProjectType::Highway, 1, execution(239_600_000, 96_500_000)),
                    (ProjectType::Bridge, 1, execution(10_000_000, 4_000_000)),
                    (ProjectType::Tunnel, 1, execution(1_000_000, 100_000)),
                    (ProjectType::WaterWorks, 1, execution(5_000_000, 0)),
                    (ProjectType::Other, 2, execution(200, 0)),
                ],
            },
        ),
        (
            "one fiscal year counts only that year's budgets",
            ProjectFilter {
                fiscal_year: Some(2024),
                ..ProjectFilter::default()
            },
            PortfolioSummary {
                project_count: 2,
                total: execution(96_600_000, 35_500_000),
                by_year: vec![(2024, execution(96_600_000, 35_500_000))],
                by_type: vec![
                    (ProjectType::Highway, 1, execution(86_600_000, 31_500_000)),
                    (ProjectType::Bridge, 1, execution(10_000_000, 4_000_000)),
                ],
            },
        ),
        (
            "one region",
            ProjectFilter {
                region: Some("绵阳".to_owned()),
                ..ProjectFilter::default()
            },
            PortfolioSummary {
                project_count: 3,
                total: execution(5_000_200, 0),
                by_year: vec![(2023, execution(5_000_000, 0)), (2025, execution(200, 0))],
                by_type: vec![
                    (ProjectType::WaterWorks, 1, execution(5_000_000, 0)),
                    (ProjectType::Other, 2, execution(200, 0)),
                ],
            },
        ),
        (
            "nothing matches",
            ProjectFilter {
                search: Some("不存在".to_owned()),
                ..ProjectFilter::default()
            },
            PortfolioSummary::default(),
        ),
    ];
    let cases = &cases;
    for_each_store("portfolio_summary", |store| async move {
        assert_eq!(
            store
                .portfolio_summary(&ProjectFilter::default())
                .await
                .unwrap(),
            PortfolioSummary::default(),
            "an empty store sums to nothing"
        );
        with_portfolio(&store).await;
        for (what, filter, expected) in cases {
            let got = store.portfolio_summary(filter).await.unwrap();
            assert_eq!(&got, expected, "{what} on {:?}", store.backend());
        }
    })
    .await;
}

/// The planned amount of every month over `dossiers`, summed straight from their plans.
fn planned_by_month(dossiers: &[jixiao_core::ProjectDossier]) -> BTreeMap<YearMonth, Money> {
    let mut months = BTreeMap::new();
    for dossier in dossiers {
        for line in dossier.budgets.iter().flat_map(|b| &b.lines) {
            for (month, amount) in &line.plan {
                *months.entry(*month).or_insert(Money::ZERO) += *amount;
            }
        }
    }
    months
}

#[tokio::test]
async fn the_portfolio_monthly_curve_matches_the_plans_and_payments() {
    for_each_store("portfolio_monthly", |store| async move {
        with_portfolio(&store).await;
        let planned = planned_by_month(&portfolio());
        // Payments of 2024: a refund in February, the bridge in March, two in May.
        let actual: BTreeMap<&str, i64> = [
            ("2024-02", -500_000),
            ("2024-03", 4_000_000),
            ("2024-05", 32_000_000),
        ]
        .into_iter()
        .collect();
        let points = store
            .portfolio_monthly(&ProjectFilter::default(), 2024)
            .await
            .unwrap();
        let expected: Vec<MonthlyPoint> = YearMonth::months_of_year(2024)
            .into_iter()
            .map(|m| MonthlyPoint {
                month: m,
                planned: planned.get(&m).copied().unwrap_or(Money::ZERO),
                actual: fen(actual.get(m.to_string().as_str()).copied().unwrap_or(0)),
            })
            .collect();
        assert_eq!(points, expected);
        let year_plan: Money = points.iter().map(|p| p.planned).sum();
        assert_eq!(year_plan, fen(80_000_000 + 6_000_000 + 10_000_000));

        let bridges = ProjectFilter {
            project_type: Some(ProjectType::Bridge),
            ..ProjectFilter::default()
        };
        let points = store.portfolio_monthly(&bridges, 2024).await.unwrap();
        let actual: Vec<i64> = points.iter().map(|p| p.actual.fen()).collect();
        assert_eq!(actual, [0, 0, 4_000_000, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert!(
            points.iter().all(|p| p.planned.fen() > 0),
            "the bridge plans every month"
        );

        let empty = store
            .portfolio_monthly(&ProjectFilter::default(), 2030)
            .await
            .unwrap();
        assert_eq!(empty.len(), 12);
        assert!(
            empty
                .iter()
                .all(|p| p.planned == Money::ZERO && p.actual == Money::ZERO)
        );
    })
    .await;
}

#[tokio::test]
async fn a_project_monthly_curve_runs_from_its_first_to_its_last_month() {
    for_each_store("project_monthly", |store| async move {
        with_portfolio(&store).await;
        let points = store.project_monthly(&code("G15-001")).await.unwrap();
        assert_eq!(points.len(), 22, "2023-03 to 2024-12");
        assert_eq!(points[0].month, month("2023-03"));
        assert_eq!(points[21].month, month("2024-12"));
        let planned = planned_by_month(&[highway()]);
        for point in &points {
            assert_eq!(point.planned, planned[&point.month], "{}", point.month);
        }
        let actual: BTreeMap<String, i64> = points
            .iter()
            .filter(|p| p.actual != Money::ZERO)
            .map(|p| (p.month.to_string(), p.actual.fen()))
            .collect();
        let expected: BTreeMap<String, i64> = [
            ("2023-03", 10_000_000),
            ("2023-04", 15_000_000),
            ("2023-12", 40_000_000),
            ("2024-02", -500_000),
            ("2024-05", 32_000_000),
        ]
        .into_iter()
        .map(|(m, f)| (m.to_owned(), f))
        .collect();
        assert_eq!(actual, expected);
    })
    .await;
}

#[tokio::test]
async fn line_executions_show_adjusted_and_executed_amounts_and_the_progress_of_their_year() {
    for_each_store("line_executions", |store| async move {
        with_portfolio(&store).await;
        let lines = store.line_executions(&code("G15-001")).await.unwrap();
        let got: Vec<(i32, String, Execution, Option<String>)> = lines
            .iter()
            .map(|l| {
                (
                    l.fiscal_year,
                    l.line.code.to_string(),
                    l.execution,
                    l.percent_complete
                        .map(|p| p.value().normalize().to_string()),
                )
            })
            .collect();
        let expected = vec![
            // Progress of 2024 is later than 2023's budget, so 2023 shows the year-end 45.5.
            (
                2023,
                "L01".to_owned(),
                execution(125_000_000, 50_000_000),
                Some("45.5".to_owned()),
            ),
            (
                2023,
                "L02".to_owned(),
                execution(28_000_000, 15_000_000),
                Some("100".to_owned()),
            ),
            (
                2024,
                "L01".to_owned(),
                execution(80_000_000, 29_500_000),
                Some("70".to_owned()),
            ),
            (
                2024,
                "L03".to_owned(),
                execution(6_600_000, 2_000_000),
                Some("50".to_owned()),
            ),
        ];
        assert_eq!(got, expected);
        assert_eq!(
            lines[0].line,
            highway().budgets[0].lines[0],
            "the line comes back whole"
        );

        let bridge = store.line_executions(&code("B-001")).await.unwrap();
        assert_eq!(bridge.len(), 1);
        assert_eq!(bridge[0].percent_complete, None, "never measured");
        assert_eq!(bridge[0].execution, execution(10_000_000, 4_000_000));
    })
    .await;
}

#[tokio::test]
async fn expenditures_are_paged_newest_first() {
    // (date, amount) of each page of three; two payments share 2024-05-15 and the one recorded
    // later comes first.
    let pages: [&[(&str, i64)]; 3] = [
        &[
            ("2024-05-15", 30_000_000),
            ("2024-05-15", 2_000_000),
            ("2024-02-10", -500_000),
        ],
        &[
            ("2023-12-28", 40_000_000),
            ("2023-04-02", 15_000_000),
            ("2023-03-20", 10_000_000),
        ],
        &[],
    ];
    for_each_store("expenditure_pages", |store| async move {
        with_portfolio(&store).await;
        for (index, expected) in pages.iter().enumerate() {
            let page = u32::try_from(index).unwrap() + 1;
            let got = store.expenditures(&code("G15-001"), page, 3).await.unwrap();
            let rows: Vec<(chrono::NaiveDate, i64)> =
                got.items.iter().map(|e| (e.date, e.amount.fen())).collect();
            let expected: Vec<(chrono::NaiveDate, i64)> =
                expected.iter().map(|(d, a)| (date(d), *a)).collect();
            assert_eq!(rows, expected, "page {page} on {:?}", store.backend());
            assert_eq!(got.total, 6);
            assert_eq!(got.page_count(), 2);
        }
        let first = store.expenditures(&code("G15-001"), 1, 1).await.unwrap();
        assert_eq!(
            first.items[0],
            highway().expenditures[5],
            "rows come back whole"
        );
        assert_eq!(first.items[0].explanation.as_deref(), Some("材料涨价"));
    })
    .await;
}
