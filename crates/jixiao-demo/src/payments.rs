//! Payments (支出): each line's actual monthly spending turned into the payments a finance
//! office records, with the descriptions it writes ("第3期工程进度款（2标段）", "征地补偿款（第2批）",
//! "工程监理费（2024年第2季度）").
//!
//! Works are paid monthly per contract section (标段), supervision and interest quarterly, land
//! and equipment in batches. A payment that takes a line well past its plan sometimes carries an
//! explanation; better-run cities record one more often, which monitoring can learn from.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use jixiao_core::{Budget, Expenditure, Money, ProjectStatus, ProjectType, YearMonth};

use crate::amounts::{WAN, YUAN, apportion};
use crate::calendar::{FIRST_YEAR, day_in, quarter_of};
use crate::lines::LineWork;
use crate::random::{Stream, between, chance, pick, pick_text, uniform};
use crate::regions::Management;
use crate::sketch::Sketch;

/// Spending this far above the plan to date counts as above plan.
const ABOVE_PLAN: f64 = 1.15;

/// The payments of a project, in date order.
pub(crate) fn expenditures(
    sketch: &Sketch,
    lines: &[LineWork],
    budgets: &[Budget],
    rng: &mut Stream,
) -> Vec<Expenditure> {
    let last_day = sketch.last_day();
    let sections = section_weights(sketch, rng);
    let explain_chance = match sketch.region.management {
        Management::Good => 0.4,
        Management::Average => 0.25,
        Management::Poor => 0.08,
    };
    let mut paid_count: BTreeMap<(usize, usize), u32> = BTreeMap::new();
    let mut payments = Vec::new();
    for budget in budgets {
        for cost_line in &budget.lines {
            let Some(index) = lines.iter().position(|l| l.code == cost_line.code) else {
                continue;
            };
            let line = &lines[index];
            let months: Vec<(YearMonth, Money)> = line
                .actual
                .iter()
                .filter(|(month, amount)| {
                    month.year() == budget.fiscal_year
                        && month.first_day() <= last_day
                        && **amount > Money::ZERO
                })
                .map(|(month, amount)| (*month, *amount))
                .collect();
            let Some(&(last_month, _)) = months.last() else {
                continue;
            };
            let mut owed = Money::ZERO;
            let mut paid_in_year = Money::ZERO;
            for (month, amount) in months {
                owed += amount;
                if month.month() % line.behaviour.interval != 0 && month != last_month {
                    continue;
                }
                let planned_to_date: Money = cost_line
                    .plan
                    .range(..=month)
                    .map(|(_, amount)| *amount)
                    .sum();
                let works = line.category.as_str() == "building_works";
                let weights: &[u64] = if works { &sections } else { &[1] };
                for (section, share) in apportion(owed, weights, YUAN).into_iter().enumerate() {
                    if share <= Money::ZERO {
                        continue;
                    }
                    let count = paid_count
                        .entry((index, section))
                        .or_insert_with(|| payments_before_records(line));
                    *count += 1;
                    let label = Label {
                        sketch,
                        line,
                        month,
                        number: *count,
                        section: (weights.len() > 1).then_some(section + 1),
                    };
                    paid_in_year += share;
                    let above_plan = paid_in_year.fen() as f64
                        > planned_to_date.fen() as f64 * ABOVE_PLAN + (10 * WAN) as f64;
                    let explanation = (above_plan && chance(rng, explain_chance))
                        .then(|| explanation(line.category.as_str(), rng).to_owned());
                    payments.push(Expenditure {
                        date: pay_day(month, last_day, rng),
                        line: line.code.clone(),
                        amount: share,
                        description: label.describe(rng),
                        explanation,
                    });
                }
                owed = Money::ZERO;
            }
        }
    }
    payments.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.line.cmp(&b.line)));
    payments
}

/// How many payments a line had before the recorded years, so that numbering (第N期) goes on
/// from there.
fn payments_before_records(line: &LineWork) -> u32 {
    let count = line
        .actual
        .keys()
        .filter(|month| month.year() < FIRST_YEAR && month.month() % line.behaviour.interval == 0)
        .count();
    u32::try_from(count).expect("a few dozen months")
}

/// How the works of a project are split among contract sections (标段): more for larger ones.
fn section_weights(sketch: &Sketch, rng: &mut Stream) -> Vec<u64> {
    let yi = sketch.original_total.fen() / (10_000 * WAN);
    let count = match yi {
        0..3 => 1,
        3..10 => 2,
        _ => 3,
    };
    (0..count)
        .map(|_| (uniform(rng, 0.6, 1.4) * 1000.0) as u64)
        .collect()
}

/// A day in `month` for a payment, never after the last day anything is paid.
fn pay_day(month: YearMonth, last_day: NaiveDate, rng: &mut Stream) -> NaiveDate {
    day_in(month, between(rng, 5, 28) as u32).min(last_day)
}

/// What a payment is for.
struct Label<'a> {
    sketch: &'a Sketch,
    line: &'a LineWork,
    month: YearMonth,
    /// The how-many-th payment of this line (and section).
    number: u32,
    /// The contract section, when the works have several.
    section: Option<usize>,
}

impl Label<'_> {
    fn describe(&self, rng: &mut Stream) -> String {
        let n = self.number;
        let year = self.month.year();
        let quarter = quarter_of(self.month);
        let section = self
            .section
            .map(|s| format!("（{s}标段）"))
            .unwrap_or_default();
        // The first payment is an advance only if the line started inside the recorded years.
        let first = n == 1 && self.line.actual_window.0.year() >= FIRST_YEAR;
        let last = self.sketch.status() == ProjectStatus::Completed
            && self.month == self.line.actual_window.1;
        match self.line.category.as_str() {
            "building_works" if first => format!("工程预付款{section}"),
            "building_works" if last => format!("工程结算款{section}"),
            "building_works" => format!("第{n}期工程进度款{section}"),
            "installation_works" if first => "安装工程预付款".to_owned(),
            "installation_works" if last => "安装工程结算款".to_owned(),
            "installation_works" => format!("安装工程第{n}期进度款"),
            "equipment" if first => "设备采购预付款".to_owned(),
            "equipment" if last => "设备安装调试验收款".to_owned(),
            "equipment" => format!("设备到货款（第{n}批）"),
            "land_and_resettlement" => match self.sketch.profile.kind {
                ProjectType::Building => format!("土地使用费（第{n}期）"),
                ProjectType::MunicipalPipeNetwork => format!("管线迁改及征收补偿款（第{n}批）"),
                _ => {
                    let what = *pick(
                        rng,
                        &["征地补偿款", "房屋拆迁安置补偿款", "青苗及地上附着物补偿款"],
                    );
                    format!("{what}（第{n}批）")
                }
            },
            "survey_and_design" if first => "勘察设计费（合同预付款）".to_owned(),
            "survey_and_design" => format!("勘察设计费（第{n}期）"),
            "supervision" => format!("工程监理费（{year}年第{quarter}季度）"),
            "owner_management" => {
                if chance(rng, 0.08) {
                    (*pick(rng, &["招标代理服务费", "造价咨询服务费", "工程保险费"])).to_owned()
                } else {
                    format!("项目管理人员经费及办公费（{}月）", self.month.month())
                }
            }
            "research_and_testing" => {
                let what = match self.sketch.profile.kind {
                    ProjectType::Tunnel => "超前地质预报及监控量测费",
                    ProjectType::Bridge => "荷载试验及专题研究费",
                    ProjectType::MunicipalPipeNetwork => "管道CCTV检测费",
                    _ => "第三方试验检测费",
                };
                format!("{what}（第{n}次）")
            }
            "commissioning" => "联合试运转费用".to_owned(),
            "preparation" => "办公家具及生产准备费".to_owned(),
            "basic_contingency" => "动用基本预备费：支付设计变更增加工程款".to_owned(),
            "interest" => format!("建设期贷款利息（{year}年第{quarter}季度）"),
            _ => self.line.name.clone(),
        }
    }
}

/// Why a payment runs ahead of the plan, as an owner would record it.
fn explanation(category: &str, rng: &mut Stream) -> &'static str {
    match category {
        "building_works" | "installation_works" => pick_text(
            rng,
            &[
                "设计变更导致工程量增加",
                "地质条件变化，增加处理工程量",
                "主要材料价格上涨",
                "为抢回工期加快施工，进度款提前支付",
            ],
        ),
        "land_and_resettlement" => pick_text(
            rng,
            &["征地拆迁补偿标准提高", "拆迁进度快于计划，集中兑付补偿款"],
        ),
        "equipment" => pick_text(rng, &["设备提前到货，按合同支付到货款", "设备价格上涨"]),
        _ => pick_text(
            rng,
            &["按合同约定支付，年初计划编制偏低", "上年结转款项集中支付"],
        ),
    }
}
