//! The deterministic data generator shared by the store's benchmarks: organizations and
//! project dossiers of a chosen size, the same on every run.

#![allow(dead_code)]

use std::time::Duration;

use chrono::NaiveDate;
use jixiao_core::plan::spread;
use jixiao_core::{
    Adjustment, Budget, CategoryCode, CostLine, Direction, Expenditure, Grade, Indicator,
    IndicatorCode, Level2, LineCode, Money, OrgCode, Organization, Percent, Profile, Progress,
    Project, ProjectCode, ProjectDossier, ProjectStatus, ProjectType, Reading, ReadingValue,
    YearMonth,
};
use rust_decimal::Decimal;

const YEARS: [i32; 3] = [2022, 2023, 2024];
const LINES_PER_BUDGET: usize = 8;
pub const PAYMENTS_PER_PROJECT: usize = 500;
pub const ORGANIZATIONS: usize = 20;

const REGIONS: [&str; 12] = [
    "成都", "绵阳", "德阳", "宜宾", "南充", "泸州", "达州", "乐山", "眉山", "雅安", "广元", "遂宁",
];
const CATEGORIES: [&str; 8] = [
    "building_works",
    "installation_works",
    "equipment",
    "land_and_resettlement",
    "survey_and_design",
    "supervision",
    "basic_contingency",
    "owner_management",
];
const PROFILES: [Profile; 4] = [
    Profile::Linear,
    Profile::SCurve,
    Profile::FrontLoaded,
    Profile::BackLoaded,
];

/// A deterministic pseudo-random sequence (SplitMix64): the same data on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..high`.
    fn between(&mut self, low: i64, high: i64) -> i64 {
        low + (self.next() % (high - low) as u64) as i64
    }
}

pub fn organizations() -> Vec<Organization> {
    let root = Organization {
        code: OrgCode::new("BENCH-DEPT").unwrap(),
        name: "省交通运输厅".to_owned(),
        parent: None,
    };
    std::iter::once(root)
        .chain((0..ORGANIZATIONS).map(|i| Organization {
            code: org_code(i),
            name: format!("{}交通运输局", REGIONS[i % REGIONS.len()]),
            parent: Some(OrgCode::new("BENCH-DEPT").unwrap()),
        }))
        .collect()
}

fn org_code(index: usize) -> OrgCode {
    OrgCode::new(format!("BENCH-ORG-{index:02}")).unwrap()
}

fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid day")
}

/// Project number `index` with `payments` expenditures, generated from its own seed so that any
/// size gives the same first projects.
pub fn dossier(index: usize, payments: usize) -> ProjectDossier {
    let mut rng = Rng(index as u64 * 7_919 + 1);
    let project_type = ProjectType::ALL[index % ProjectType::ALL.len()];
    let status = [
        ProjectStatus::InProgress,
        ProjectStatus::InProgress,
        ProjectStatus::Completed,
        ProjectStatus::Planned,
        ProjectStatus::Suspended,
    ][rng.between(0, 5) as usize];
    let budgets: Vec<Budget> = YEARS.iter().map(|year| budget(&mut rng, *year)).collect();
    let mut expenditures = Vec::with_capacity(payments);
    for n in 0..payments {
        let budget = &budgets[n % budgets.len()];
        let line = &budget.lines[rng.between(0, LINES_PER_BUDGET as i64) as usize];
        let month = rng.between(1, 13) as u32;
        expenditures.push(Expenditure {
            date: day(budget.fiscal_year, month, rng.between(1, 29) as u32),
            line: line.code.clone(),
            amount: Money::from_fen(rng.between(1, line.amount.fen() / 1_000 + 2) * 100),
            description: format!("{}进度款第{}期", line.name, n + 1),
            explanation: (rng.between(0, 10) == 0).then(|| "工程量增加".to_owned()),
        });
    }
    let progress = budgets
        .iter()
        .flat_map(|b| b.lines.iter().map(move |l| (b.fiscal_year, l)))
        .flat_map(|(year, line)| {
            [(6, "40"), (12, "85.5")].map(|(month, percent)| Progress {
                date: day(year, month, 28),
                line: line.code.clone(),
                percent_complete: Percent::new(percent.parse().unwrap()).unwrap(),
            })
        })
        .collect();
    let (indicators, readings) = indicators();
    ProjectDossier {
        project: Project {
            code: ProjectCode::new(format!("BENCH-{index:05}")).unwrap(),
            name: format!("基准{}项目{index}号", project_type.name_zh()),
            project_type,
            organization: org_code(index % ORGANIZATIONS),
            region: REGIONS[rng.between(0, REGIONS.len() as i64) as usize].to_owned(),
            planned_start: day(YEARS[0], 1, 1),
            planned_finish: day(YEARS[YEARS.len() - 1], 12, 31),
            actual_start: Some(day(YEARS[0], 3, 1)),
            actual_finish: None,
            status,
        },
        budgets,
        expenditures,
        progress,
        indicators,
        readings,
    }
}

fn budget(rng: &mut Rng, year: i32) -> Budget {
    let months = YearMonth::months_of_year(year);
    let lines: Vec<CostLine> = (0..LINES_PER_BUDGET)
        .map(|n| {
            let amount = Money::from_fen(rng.between(10_000, 5_000_000) * 100);
            let profile = PROFILES[n % PROFILES.len()];
            CostLine {
                code: LineCode::new(format!("L{:02}", n + 1)).unwrap(),
                name: format!("第{}标段", n + 1),
                category: CategoryCode::new(CATEGORIES[n % CATEGORIES.len()]).unwrap(),
                amount,
                profile,
                plan: spread(amount, &months, profile).expect("a plan"),
            }
        })
        .collect();
    let adjustments = (0..2)
        .map(|n| Adjustment {
            date: day(year, 6 + n, 15),
            line: lines[n as usize].code.clone(),
            amount: Money::from_fen(rng.between(-1_000, 5_000) * 100),
            reason: "设计变更".to_owned(),
        })
        .collect();
    Budget {
        fiscal_year: year,
        lines,
        adjustments,
    }
}

fn indicators() -> (Vec<Indicator>, Vec<Reading>) {
    let quantitative =
        |code: &str, level2: Level2, name: &str, target: i64, unit: &str| Indicator {
            code: IndicatorCode::new(code).unwrap(),
            level1: level2.parent(),
            level2,
            name: name.to_owned(),
            direction: Direction::AtLeast,
            target: Some(Decimal::from(target)),
            target_text: None,
            unit: unit.to_owned(),
            weight: Decimal::from(20),
            core: true,
        };
    let indicators = vec![
        quantitative("OUT-01", Level2::Quantity, "建设里程", 25, "公里"),
        quantitative("OUT-02", Level2::Quality, "验收合格率", 100, "%"),
        quantitative("SAT-01", Level2::ServiceSatisfaction, "群众满意度", 90, "%"),
        Indicator {
            code: IndicatorCode::new("OUT-03").unwrap(),
            level1: Level2::Timeliness.parent(),
            level2: Level2::Timeliness,
            name: "按期完工".to_owned(),
            direction: Direction::Qualitative,
            target: None,
            target_text: Some("按计划工期完工".to_owned()),
            unit: String::new(),
            weight: Decimal::from(10),
            core: false,
        },
    ];
    let mut readings = Vec::new();
    for year in YEARS.iter().take(2) {
        for indicator in &indicators {
            let value = match indicator.direction {
                Direction::Qualitative => ReadingValue::Graded {
                    grade: Grade::PartlyAchieved,
                    score: Decimal::new(75, 1),
                },
                _ => ReadingValue::Value {
                    value: Decimal::new(123, 1),
                },
            };
            readings.push(Reading {
                indicator: indicator.code.clone(),
                date: day(*year, 12, 31),
                value,
            });
        }
    }
    (indicators, readings)
}

pub fn rate(rows: u64, elapsed: Duration) -> f64 {
    rows as f64 / elapsed.as_secs_f64().max(1e-9)
}

pub fn seconds(elapsed: Duration) -> String {
    format!("{:.3} s", elapsed.as_secs_f64())
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}
