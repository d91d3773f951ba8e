//! Dossiers and organizations written out by hand, so that every figure the tests expect can be
//! worked out from this file alone.

use chrono::NaiveDate;
use jixiao_core::Money;
use jixiao_core::plan::spread;
use jixiao_core::{
    Adjustment, Budget, CategoryCode, CostLine, Direction, Expenditure, Grade, Indicator,
    IndicatorCode, Level2, LineCode, MonthlyPlan, OrgCode, Organization, Percent, Profile,
    Progress, Project, ProjectCode, ProjectDossier, ProjectStatus, ProjectType, Reading,
    ReadingValue, YearMonth,
};
use jixiao_store::Store;
use rust_decimal::Decimal;

pub fn date(text: &str) -> NaiveDate {
    text.parse().expect("a test date")
}

pub fn fen(amount: i64) -> Money {
    Money::from_fen(amount)
}

pub fn dec(text: &str) -> Decimal {
    text.parse().expect("a test decimal")
}

pub fn month(text: &str) -> YearMonth {
    text.parse().expect("a test month")
}

pub fn code(text: &str) -> ProjectCode {
    ProjectCode::new(text).expect("a test project code")
}

fn line_code(text: &str) -> LineCode {
    LineCode::new(text).expect("a test line code")
}

fn org(code: &str, name: &str, parent: Option<&str>) -> Organization {
    Organization {
        code: OrgCode::new(code).unwrap(),
        name: name.to_owned(),
        parent: parent.map(|p| OrgCode::new(p).unwrap()),
    }
}

/// A department with two bureaus below it, and an unrelated water authority.
pub fn organizations() -> Vec<Organization> {
    vec![
        org("JT-01", "成都交通局", Some("JT")),
        org("JT", "省交通运输厅", None),
        org("JT-02", "锦江区交通局", Some("JT")),
        org("SL-01", "绵阳水务局", None),
    ]
}

/// A store with the organizations of [`organizations`].
pub async fn with_organizations(store: &Store) {
    store
        .ensure_organizations(&organizations())
        .await
        .expect("storing the test organizations");
}

fn line(
    code: &str,
    name: &str,
    category: &str,
    amount: i64,
    profile: Profile,
    plan: MonthlyPlan,
) -> CostLine {
    CostLine {
        code: line_code(code),
        name: name.to_owned(),
        category: CategoryCode::new(category).unwrap(),
        amount: fen(amount),
        profile,
        plan,
    }
}

fn spread_over(amount: i64, first: &str, last: &str, profile: Profile) -> MonthlyPlan {
    let months = YearMonth::range(month(first), month(last));
    spread(fen(amount), &months, profile).expect("a spreadable plan")
}

fn expenditure(
    day: &str,
    line: &str,
    amount: i64,
    description: &str,
    why: Option<&str>,
) -> Expenditure {
    Expenditure {
        date: date(day),
        line: line_code(line),
        amount: fen(amount),
        description: description.to_owned(),
        explanation: why.map(str::to_owned),
    }
}

fn progress(day: &str, line: &str, percent: &str) -> Progress {
    Progress {
        date: date(day),
        line: line_code(line),
        percent_complete: Percent::new(dec(percent)).unwrap(),
    }
}

#[allow(clippy::too_many_arguments)] // A table row of an indicator reads best flat.
fn indicator(
    code: &str,
    level2: Level2,
    name: &str,
    direction: Direction,
    target: Option<&str>,
    target_text: Option<&str>,
    unit: &str,
    weight: &str,
    core: bool,
) -> Indicator {
    Indicator {
        code: IndicatorCode::new(code).unwrap(),
        level1: level2.parent(),
        level2,
        name: name.to_owned(),
        direction,
        target: target.map(dec),
        target_text: target_text.map(str::to_owned),
        unit: unit.to_owned(),
        weight: dec(weight),
        core,
    }
}

pub fn reading(indicator: &str, day: &str, value: ReadingValue) -> Reading {
    Reading {
        indicator: IndicatorCode::new(indicator).unwrap(),
        date: date(day),
        value,
    }
}

/// The full dossier of highway G15-001 over 2023 and 2024.
///
/// Figures in fen: 2023 lines 120,000,000 (L01) + 30,000,000 (L02), adjustments +5,000,000 (L01)
/// and −2,000,000 (L02), so 153,000,000 adjusted; paid 15,000,000 (L02) + 10,000,000 (L01) +
/// 40,000,000 (L01) = 65,000,000. 2024 lines 80,000,000 (L01) + 6,000,000 (L03), adjustment
/// +600,000 (L03), so 86,600,000 adjusted; paid −500,000 + 2,000,000 (L03) + 30,000,000 (L01) =
/// 31,500,000.
pub fn highway() -> ProjectDossier {
    let manual: MonthlyPlan = [
        (month("2023-03"), fen(20_000_000)),
        (month("2023-04"), fen(10_000_000)),
    ]
    .into_iter()
    .collect();
    ProjectDossier {
        project: Project {
            code: code("G15-001"),
            name: "G15 成都至雅安高速公路改扩建".to_owned(),
            project_type: ProjectType::Highway,
            organization: OrgCode::new("JT-01").unwrap(),
            region: "成都".to_owned(),
            planned_start: date("2023-03-01"),
            planned_finish: date("2025-06-30"),
            actual_start: Some(date("2023-03-15")),
            actual_finish: None,
            status: ProjectStatus::InProgress,
        },
        budgets: vec![
            Budget {
                fiscal_year: 2023,
                lines: vec![
                    line(
                        "L01",
                        "路基土石方工程",
                        "building_works",
                        120_000_000,
                        Profile::SCurve,
                        spread_over(120_000_000, "2023-03", "2023-12", Profile::SCurve),
                    ),
                    line(
                        "L02",
                        "征地拆迁",
                        "land_and_resettlement",
                        30_000_000,
                        Profile::Manual,
                        manual,
                    ),
                ],
                adjustments: vec![
                    Adjustment {
                        date: date("2023-09-10"),
                        line: line_code("L01"),
                        amount: fen(5_000_000),
                        reason: "设计变更".to_owned(),
                    },
                    Adjustment {
                        date: date("2023-11-20"),
                        line: line_code("L02"),
                        amount: fen(-2_000_000),
                        reason: "拆迁费结余".to_owned(),
                    },
                ],
            },
            Budget {
                fiscal_year: 2024,
                lines: vec![
                    line(
                        "L01",
                        "路基土石方工程",
                        "building_works",
                        80_000_000,
                        Profile::FrontLoaded,
                        spread_over(80_000_000, "2024-01", "2024-12", Profile::FrontLoaded),
                    ),
                    line(
                        "L03",
                        "工程监理",
                        "supervision",
                        6_000_000,
                        Profile::Linear,
                        spread_over(6_000_000, "2024-01", "2024-12", Profile::Linear),
                    ),
                ],
                adjustments: vec![Adjustment {
                    date: date("2024-06-30"),
                    line: line_code("L03"),
                    amount: fen(600_000),
                    reason: "监理范围扩大".to_owned(),
                }],
            },
        ],
        // Deliberately not in date order: the stored order must survive.
        expenditures: vec![
            expenditure("2023-04-02", "L02", 15_000_000, "征地补偿款首付", None),
            expenditure("2023-03-20", "L01", 10_000_000, "路基开挖进度款", None),
            expenditure(
                "2023-12-28",
                "L01",
                40_000_000,
                "年终进度款",
                Some("赶工抢进度"),
            ),
            expenditure("2024-02-10", "L01", -500_000, "多付款退回", None),
            expenditure("2024-05-15", "L03", 2_000_000, "监理费", None),
            expenditure(
                "2024-05-15",
                "L01",
                30_000_000,
                "路基进度款",
                Some("材料涨价"),
            ),
        ],
        progress: vec![
            progress("2023-06-30", "L01", "20"),
            progress("2023-12-31", "L01", "45.5"),
            progress("2024-06-30", "L01", "70"),
            progress("2024-06-30", "L03", "50"),
            progress("2023-06-30", "L02", "100"),
        ],
        indicators: vec![
            indicator(
                "OUT-01",
                Level2::Quantity,
                "新建公路里程",
                Direction::AtLeast,
                Some("12.5"),
                None,
                "公里",
                "20",
                true,
            ),
            indicator(
                "OUT-02",
                Level2::Timeliness,
                "按期完工",
                Direction::Qualitative,
                None,
                Some("按计划工期完工"),
                "",
                "10",
                false,
            ),
            indicator(
                "SAT-01",
                Level2::ServiceSatisfaction,
                "沿线群众满意度",
                Direction::AtLeast,
                Some("90"),
                Some("问卷调查"),
                "%",
                "10",
                false,
            ),
            indicator(
                "COST-01",
                Level2::OutputCost,
                "单位造价",
                Direction::AtMost,
                Some("5000.00"),
                None,
                "万元/公里",
                "10.5",
                true,
            ),
        ],
        readings: vec![
            reading(
                "OUT-01",
                "2023-12-31",
                ReadingValue::Value { value: dec("6.25") },
            ),
            reading(
                "OUT-02",
                "2023-12-31",
                ReadingValue::Graded {
                    grade: Grade::PartlyAchieved,
                    score: dec("7.5"),
                },
            ),
            reading(
                "OUT-01",
                "2024-06-30",
                ReadingValue::Value { value: dec("9.0") },
            ),
            reading(
                "SAT-01",
                "2024-06-30",
                ReadingValue::Value { value: dec("92.3") },
            ),
        ],
    }
}

/// What a one-line project is made of, for the list and portfolio tests.
pub struct Small {
    pub code: &'static str,
    pub name: &'static str,
    pub project_type: ProjectType,
    pub organization: &'static str,
    pub region: &'static str,
    pub status: ProjectStatus,
    pub year: i32,
    pub amount: i64,
    /// `(date, amount)` of each payment.
    pub payments: &'static [(&'static str, i64)],
}

/// A project with one linear line in one year.
pub fn small(spec: &Small) -> ProjectDossier {
    let first = format!("{}-01", spec.year);
    let last = format!("{}-12", spec.year);
    ProjectDossier {
        project: Project {
            code: code(spec.code),
            name: spec.name.to_owned(),
            project_type: spec.project_type,
            organization: OrgCode::new(spec.organization).unwrap(),
            region: spec.region.to_owned(),
            planned_start: date(&format!("{}-01-01", spec.year)),
            planned_finish: date(&format!("{}-12-31", spec.year)),
            actual_start: None,
            actual_finish: None,
            status: spec.status,
        },
        budgets: vec![Budget {
            fiscal_year: spec.year,
            lines: vec![line(
                "M01",
                "主体工程",
                "building_works",
                spec.amount,
                Profile::Linear,
                spread_over(spec.amount, &first, &last, Profile::Linear),
            )],
            adjustments: Vec::new(),
        }],
        expenditures: spec
            .payments
            .iter()
            .map(|(day, amount)| expenditure(day, "M01", *amount, "进度款", None))
            .collect(),
        progress: Vec::new(),
        indicators: Vec::new(),
        readings: Vec::new(),
    }
}

/// The small projects beside [`highway`]: a bridge paid 4,000,000 of 10,000,000 in 2024, a water
/// works with 5,000,000 and nothing paid in 2023, a tunnel, and two projects whose codes differ
/// only where a LIKE wildcard would match.
pub fn smalls() -> Vec<Small> {
    vec![
        Small {
            code: "B-001",
            name: "Jinjiang Bridge 锦江大桥",
            project_type: ProjectType::Bridge,
            organization: "JT-02",
            region: "成都",
            status: ProjectStatus::Planned,
            year: 2024,
            amount: 10_000_000,
            payments: &[("2024-03-05", 4_000_000)],
        },
        Small {
            code: "W-001",
            name: "岷江引水工程",
            project_type: ProjectType::WaterWorks,
            organization: "SL-01",
            region: "绵阳",
            status: ProjectStatus::Completed,
            year: 2023,
            amount: 5_000_000,
            payments: &[],
        },
        Small {
            code: "T-100",
            name: "龙泉山隧道",
            project_type: ProjectType::Tunnel,
            organization: "JT-01",
            region: "成都",
            status: ProjectStatus::InProgress,
            year: 2025,
            amount: 1_000_000,
            payments: &[("2025-01-10", 100_000)],
        },
        Small {
            code: "X_1",
            name: "样板工程",
            project_type: ProjectType::Other,
            organization: "SL-01",
            region: "绵阳",
            status: ProjectStatus::Suspended,
            year: 2025,
            amount: 100,
            payments: &[],
        },
        Small {
            code: "XA1",
            name: "样板工程二期",
            project_type: ProjectType::Other,
            organization: "SL-01",
            region: "绵阳",
            status: ProjectStatus::Suspended,
            year: 2025,
            amount: 100,
            payments: &[],
        },
    ]
}

/// [`highway`] followed by every project of [`smalls`].
pub fn portfolio() -> Vec<ProjectDossier> {
    std::iter::once(highway())
        .chain(smalls().iter().map(small))
        .collect()
}

/// The codes of a list of projects, for comparing with expected lists.
pub fn codes<'a>(projects: impl IntoIterator<Item = &'a Project>) -> Vec<String> {
    projects.into_iter().map(|p| p.code.to_string()).collect()
}

/// The stamp of the writes the tests make: a fixed actor and time, so that ledger entries are
/// the same on every run.
pub fn stamp() -> jixiao_store::Stamp {
    let at = chrono::DateTime::parse_from_rfc3339("2025-06-01T08:00:00Z")
        .expect("a valid time")
        .with_timezone(&chrono::Utc);
    jixiao_store::Stamp::new("tester", at)
}
