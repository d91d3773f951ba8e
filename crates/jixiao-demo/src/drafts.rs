//! The budget a project asks for the year after the demo's last one, line by line, with the
//! zero-based justification (零基预算论证) of every line.
//!
//! A line asks for what its works will need in that year. Its amount is the product of the
//! quantity and price of its justification, priced to the 元, so that the arithmetic the
//! reviewers check agrees to the fen; the main works line is priced from a quota (定额), the
//! others from quantities and unit prices.

use jixiao_core::preparation::justification::{Basis, Justification, LastYearOutcome};
use jixiao_core::{
    Budget, CostLine, FiscalYear, LineCode, Money, ProjectStatus, ProjectType, plan,
};
use rust_decimal::Decimal;

use crate::amounts::{WAN, YUAN, ratio};
use crate::indicators::decimal;
use crate::lines::{LineWork, spent_in};
use crate::random::{Stream, between, uniform};
use crate::sketch::Sketch;

/// A draft budget with the justification of each of its lines.
pub(crate) struct Draft {
    /// The budget, without adjustments.
    pub budget: Budget,
    /// The justification of every line, in line order.
    pub justifications: Vec<(LineCode, Justification)>,
}

/// The draft budget of `year` for a project that will be building then; `None` for a
/// suspended project or one with nothing to spend in that year.
pub(crate) fn draft(
    sketch: &Sketch,
    lines: &[LineWork],
    last_year: Option<&Budget>,
    year: FiscalYear,
    rng: &mut Stream,
) -> Option<Draft> {
    if sketch.status() == ProjectStatus::Suspended {
        return None;
    }
    let mut cost_lines = Vec::new();
    let mut justifications = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let need: Money = line
            .actual
            .iter()
            .filter(|(month, _)| month.year() == year)
            .map(|(_, amount)| *amount)
            .sum();
        // Lines needing less than a few 万元 are left to the next year's carry-over.
        if need < Money::from_fen(5 * WAN) {
            continue;
        }
        let basis = basis(sketch, line, index == 0, need, rng);
        let amount = basis
            .computed()
            .expect("demo quantities and prices are small enough to multiply");
        let (first, last) = line.actual_window;
        let months = plan::months_in_year(year, first.first_day(), last.last_day());
        let plan = plan::spread(amount, &months, line.behaviour.profile)
            .expect("the line runs in the year and its profile is a formula");
        cost_lines.push(CostLine {
            code: line.code.clone(),
            name: line.name.clone(),
            category: line.category.clone(),
            amount,
            profile: line.behaviour.profile,
            plan,
        });
        justifications.push((
            line.code.clone(),
            Justification {
                necessity: necessity(sketch, line, year),
                basis,
                alternatives: alternatives(line).to_owned(),
                expected_effect: expected_effect(line, year),
                last_year: last_year.and_then(|budget| outcome(sketch, line, budget)),
            },
        ));
    }
    if cost_lines.is_empty() {
        return None;
    }
    Some(Draft {
        budget: Budget {
            fiscal_year: year,
            lines: cost_lines,
            adjustments: Vec::new(),
        },
        justifications,
    })
}

/// How `line`'s `need` is calculated: a quantity of work in a unit that suits its category,
/// and the price of one unit to the 元.
fn basis(sketch: &Sketch, line: &LineWork, main: bool, need: Money, rng: &mut Stream) -> Basis {
    let project_unit = sketch.variant.quantity.unit;
    let (unit, quantity) = match line.category.as_str() {
        "building_works" | "installation_works" => {
            let share = ratio(need, line.final_cost);
            let decimals = if project_unit == "平方米" { 0 } else { 2 };
            (project_unit, decimal(sketch.quantity * share, decimals))
        }
        "equipment" => {
            let each = uniform(rng, 50.0, 300.0) * WAN as f64;
            (
                "台（套）",
                Decimal::from((need.fen() as f64 / each).round().max(1.0) as i64),
            )
        }
        "land_and_resettlement" => {
            let per_mu = uniform(rng, 6.0, 15.0) * WAN as f64;
            ("亩", decimal(need.fen() as f64 / per_mu, 2))
        }
        "supervision" => {
            let per_month = uniform(rng, 2.0, 3.5) * WAN as f64;
            let months = (need.fen() as f64 / per_month).round().max(1.0) as i64;
            ("人·月", Decimal::from(months))
        }
        "owner_management" => ("月", Decimal::from(12)),
        "research_and_testing" => ("项", Decimal::from(between(rng, 2, 6))),
        _ => ("项", Decimal::ONE),
    };
    // A share of a small project quantity can round to nothing; one unit is the least asked.
    let quantity = if quantity > Decimal::ZERO {
        quantity
    } else {
        Decimal::ONE
    };
    let price = unit_price(need, quantity);
    if main {
        Basis::Quota {
            reference: quota(sketch.profile.kind).to_owned(),
            quantity,
            unit: unit.to_owned(),
            quota_price: price,
        }
    } else {
        Basis::QuantityPrice {
            quantity,
            unit: unit.to_owned(),
            unit_price: price,
        }
    }
}

/// `need / quantity` to the 元: the price that makes the product come closest to the need.
fn unit_price(need: Money, quantity: Decimal) -> Money {
    let fen = Decimal::from(need.fen()) / quantity;
    let yuan = (fen / Decimal::from(YUAN)).round();
    let fen = i64::try_from(yuan * Decimal::from(YUAN)).expect("demo prices fit in i64");
    Money::from_fen(fen.max(YUAN))
}

/// The quota a type's main works are priced from.
fn quota(kind: ProjectType) -> &'static str {
    match kind {
        ProjectType::Highway | ProjectType::Bridge | ProjectType::Tunnel => {
            "《公路工程预算定额》（JTG/T 3832—2018）"
        }
        ProjectType::MunicipalPipeNetwork => "《市政工程消耗量定额》（ZYA1-31—2015）",
        ProjectType::Building => "《房屋建筑与装饰工程消耗量定额》（TY01-31—2015）",
        ProjectType::WaterWorks => "《水利建筑工程预算定额》（水总〔2002〕116号）",
        ProjectType::Other => "省级建设工程计价定额",
    }
}

/// Why the line's spending is needed in `year`.
fn necessity(sketch: &Sketch, line: &LineWork, year: FiscalYear) -> String {
    match line.category.as_str() {
        "building_works" | "installation_works" | "equipment" => format!(
            "{}{year}年计划实施{}，推进{}目标，是按期完成年度建设任务、实现项目绩效目标的必要支出。",
            sketch.name, line.name, sketch.variant.quantity.name
        ),
        "land_and_resettlement" => format!(
            "{year}年须完成剩余用地的征收补偿和交付，保障施工作业面，否则将影响主体工程进度。"
        ),
        _ => format!(
            "{}为项目建设必需的费用，按合同和取费标准在{year}年支付。",
            line.name
        ),
    }
}

/// The alternatives considered for a line and why they were set aside.
fn alternatives(line: &LineWork) -> &'static str {
    match line.category.as_str() {
        "building_works" | "installation_works" => {
            "比选了分年度均衡安排与集中安排两种方案，按施工组织设计均衡安排资金利于控制投资，故采用前者。"
        }
        "equipment" => "比选了租赁与购置，设备使用年限长、购置全寿命成本更低，故采用购置方案。",
        "land_and_resettlement" => {
            "比选了一次性补偿与分期补偿，一次性补偿利于尽早交地、减少信访风险，故采用一次性补偿。"
        }
        _ => "按国家和省规定的费率标准核定，已比选压减非必要内容，无更低成本的替代方案。",
    }
}

/// What the line's spending should achieve in `year`.
fn expected_effect(line: &LineWork, year: FiscalYear) -> String {
    format!(
        "{year}年按计划完成{}年度工作量，资金支付进度与工程进度匹配。",
        line.name
    )
}

/// How the same line fared in `budget`, the year before.
fn outcome(sketch: &Sketch, line: &LineWork, budget: &Budget) -> Option<LastYearOutcome> {
    let planned = budget.adjusted_line(&line.code)?;
    let spent = spent_in(line, budget.fiscal_year, sketch.last_day());
    let note = if ratio(spent, planned) >= 0.9 {
        "资金支付与工程进度基本匹配，执行正常。"
    } else {
        "受征地和施工进度影响，部分资金未能按期支付，已结转使用。"
    };
    Some(LastYearOutcome {
        line_name: line.name.clone(),
        budget: planned,
        spent,
        note: note.to_owned(),
    })
}
