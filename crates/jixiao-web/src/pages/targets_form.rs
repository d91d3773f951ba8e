//! The form of a project's performance targets (`POST /projects/{code}/targets`): reading its
//! goals and indicator rows into a [`TargetSet`], with a message in the reader's language for
//! every field that cannot be read, naming its row.
//!
//! Rows are sent as numbered fields (`code_0`, `level2_0`, `weight_0`, …) so that the form needs
//! no script: it comes with an empty row to add an indicator, and a row whose `remove_N` box is
//! ticked, or which is left blank, is dropped. Whether a readable set is complete (weights,
//! owners, required kinds) is the core's `validate`, shown beside the table, not a reason to
//! refuse the save.

use std::collections::BTreeMap;

use jixiao_core::preparation::target::{Frequency, TargetIndicator, TargetSet, TargetStandard};
use jixiao_core::{Direction, FiscalYear, Indicator, IndicatorCode, Level2};
use rust_decimal::Decimal;

use crate::i18n::{Locale, fill, t};

/// The most indicator rows or annual goals one form may send; more are ignored.
pub const MAX_ROWS: usize = 100;

/// One indicator row as typed, kept to show the form again after a mistake.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TargetRow {
    /// The field index of the row.
    pub index: usize,
    /// Indicator code.
    pub code: String,
    /// Level 2 code; level 1 follows from it.
    pub level2: String,
    /// Name (三级指标).
    pub name: String,
    /// Direction code (`>=`, `<=`, `qualitative`, …).
    pub direction: String,
    /// Target value, or the target text of a qualitative indicator.
    pub target: String,
    /// Unit.
    pub unit: String,
    /// Weight (分值).
    pub weight: String,
    /// Standard code.
    pub standard: String,
    /// Data source.
    pub data_source: String,
    /// Frequency code.
    pub frequency: String,
    /// Owner reference, `user:<login>` or `post:<code>`, or empty.
    pub owner: String,
    /// Whether the core box is ticked.
    pub core: bool,
    /// Whether the remove box is ticked.
    pub remove: bool,
}

impl TargetRow {
    /// Whether nothing that defines an indicator was typed into the row.
    fn is_blank(&self) -> bool {
        [&self.code, &self.name, &self.target, &self.weight]
            .iter()
            .all(|field| field.trim().is_empty())
    }

    /// The row a stored indicator shows as.
    pub fn of(row: &TargetIndicator) -> Self {
        let indicator = &row.indicator;
        let target = match indicator.direction {
            Direction::Qualitative => indicator.target_text.clone().unwrap_or_default(),
            _ => indicator
                .target
                .map(|t| t.normalize().to_string())
                .unwrap_or_default(),
        };
        TargetRow {
            index: 0,
            code: indicator.code.to_string(),
            level2: indicator.level2.code().to_owned(),
            name: indicator.name.clone(),
            direction: indicator.direction.code().to_owned(),
            target,
            unit: indicator.unit.clone(),
            weight: indicator.weight.normalize().to_string(),
            standard: row.standard.code().to_owned(),
            data_source: row.data_source.clone(),
            frequency: row.frequency.code().to_owned(),
            owner: row.owner.clone().unwrap_or_default(),
            core: indicator.core,
            remove: false,
        }
    }

    /// An empty row for a new indicator, with the usual choices preselected.
    fn empty() -> Self {
        TargetRow {
            direction: Direction::AtLeast.code().to_owned(),
            standard: TargetStandard::Plan.code().to_owned(),
            frequency: Frequency::Yearly.code().to_owned(),
            ..TargetRow::default()
        }
    }
}

/// What the form sent: the goals and the rows, as typed.
#[derive(Debug, Clone, Default)]
pub struct TargetInput {
    /// The overall goal.
    pub overall_goal: String,
    /// The weight of the budget execution rate.
    pub execution_weight: String,
    /// `(year, goal)` pairs as typed, in field order.
    pub annual_goals: Vec<(String, String)>,
    /// The indicator rows in field order.
    pub rows: Vec<TargetRow>,
}

impl TargetInput {
    /// Reads the submitted pairs; the CSRF token and unknown fields are left out.
    pub fn from_pairs(pairs: &[(String, String)]) -> Self {
        let mut input = TargetInput::default();
        let mut rows: BTreeMap<usize, TargetRow> = BTreeMap::new();
        let mut years: BTreeMap<usize, (String, String)> = BTreeMap::new();
        for (name, value) in pairs {
            match name.as_str() {
                "overall_goal" => input.overall_goal = value.clone(),
                "execution_weight" => input.execution_weight = value.clone(),
                _ => {}
            }
            let Some((field, index)) = name.rsplit_once('_') else {
                continue;
            };
            let Some(index) = index.parse::<usize>().ok().filter(|i| *i < MAX_ROWS) else {
                continue;
            };
            if let Some(part) = field.strip_prefix("goal") {
                let goal = years.entry(index).or_default();
                match part {
                    "year" => goal.0 = value.clone(),
                    "text" => goal.1 = value.clone(),
                    _ => {}
                }
                continue;
            }
            let row = rows.entry(index).or_insert_with(|| TargetRow {
                index,
                ..TargetRow::default()
            });
            let value = value.clone();
            match field {
                "code" => row.code = value,
                "level2" => row.level2 = value,
                "name" => row.name = value,
                "direction" => row.direction = value,
                "target" => row.target = value,
                "unit" => row.unit = value,
                "weight" => row.weight = value,
                "standard" => row.standard = value,
                "source" => row.data_source = value,
                "frequency" => row.frequency = value,
                "owner" => row.owner = value,
                "core" => row.core = true,
                "remove" => row.remove = true,
                _ => {}
            }
        }
        input.rows = rows.into_values().collect();
        input.annual_goals = years.into_values().collect();
        input
    }

    /// The form of a stored set, with one empty indicator row and one empty goal after the rest.
    pub fn of_set(targets: &TargetSet) -> Self {
        TargetInput {
            overall_goal: targets.overall_goal.clone(),
            execution_weight: targets.execution_weight.normalize().to_string(),
            annual_goals: targets
                .annual_goals
                .iter()
                .map(|(year, goal)| (year.to_string(), goal.clone()))
                .collect(),
            rows: targets.indicators.iter().map(TargetRow::of).collect(),
        }
        .with_blank_rows()
    }

    /// The same input without its removed and blank rows, with one empty row and goal after the
    /// rest, numbered from zero: the form as shown again.
    pub fn with_blank_rows(mut self) -> Self {
        self.rows.retain(|row| !row.remove && !row.is_blank());
        self.rows.push(TargetRow::empty());
        self.annual_goals
            .retain(|(year, goal)| !year.trim().is_empty() || !goal.trim().is_empty());
        self.annual_goals.push((String::new(), String::new()));
        for (index, row) in self.rows.iter_mut().enumerate() {
            row.index = index;
        }
        self
    }

    /// The target set the form describes, or every field that cannot be read, each message in
    /// the reader's language and naming its row.
    pub fn target_set(&self, locale: Locale) -> Result<TargetSet, Vec<String>> {
        let mut errors = Vec::new();
        let execution_weight = match parse_decimal(&self.execution_weight) {
            Some(weight) => weight,
            None => {
                errors.push(fill(
                    locale,
                    "targets.error.execution_weight",
                    &[("value", self.execution_weight.trim())],
                ));
                Decimal::ZERO
            }
        };
        let mut annual_goals = Vec::new();
        for (year, goal) in &self.annual_goals {
            if year.trim().is_empty() && goal.trim().is_empty() {
                continue;
            }
            match year.trim().parse::<FiscalYear>() {
                Ok(parsed) if (2000..=2100).contains(&parsed) => {
                    annual_goals.push((parsed, goal.trim().to_owned()))
                }
                _ => errors.push(fill(
                    locale,
                    "targets.error.year",
                    &[("value", year.trim())],
                )),
            }
        }
        let mut indicators = Vec::new();
        let kept = self.rows.iter().filter(|r| !r.remove && !r.is_blank());
        for (position, row) in kept.enumerate() {
            match read_row(locale, position + 1, row) {
                Ok(indicator) => indicators.push(indicator),
                Err(mut row_errors) => errors.append(&mut row_errors),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(TargetSet {
            overall_goal: self.overall_goal.trim().to_owned(),
            annual_goals,
            execution_weight,
            indicators,
        })
    }
}

/// One row as an indicator of the table, or a message for each field that cannot be read.
fn read_row(
    locale: Locale,
    number: usize,
    row: &TargetRow,
) -> Result<TargetIndicator, Vec<String>> {
    let number = number.to_string();
    let mut errors = Vec::new();
    let mut field_error = |field: &'static str, value: &str| {
        errors.push(fill(
            locale,
            "targets.error.field",
            &[
                ("row", number.as_str()),
                ("field", t(locale, field)),
                ("value", value.trim()),
            ],
        ));
    };
    let code = IndicatorCode::new(row.code.trim()).ok();
    if code.is_none() {
        field_error("targets.code", &row.code);
    }
    let level2 = row.level2.parse::<Level2>().ok();
    if level2.is_none() {
        field_error("col.level2", &row.level2);
    }
    if row.name.trim().is_empty() {
        field_error("col.indicator", &row.name);
    }
    let direction = row.direction.parse::<Direction>().ok();
    if direction.is_none() {
        field_error("col.direction", &row.direction);
    }
    let (target, target_text) = match direction {
        Some(Direction::Qualitative) => (None, Some(row.target.trim().to_owned())),
        _ if row.target.trim().is_empty() => (None, None),
        _ => match parse_decimal(&row.target) {
            Some(value) => (Some(value), None),
            None => {
                field_error("col.target", &row.target);
                (None, None)
            }
        },
    };
    let weight = parse_decimal(&row.weight);
    if weight.is_none() {
        field_error("col.weight", &row.weight);
    }
    let standard = row.standard.parse::<TargetStandard>().ok();
    if standard.is_none() {
        field_error("library.col.standard", &row.standard);
    }
    let frequency = row.frequency.parse::<Frequency>().ok();
    if frequency.is_none() {
        field_error("library.col.frequency", &row.frequency);
    }
    match (code, level2, direction, weight, standard, frequency) {
        (
            Some(code),
            Some(level2),
            Some(direction),
            Some(weight),
            Some(standard),
            Some(frequency),
        ) if errors.is_empty() => {
            let owner = row.owner.trim();
            Ok(TargetIndicator {
                indicator: Indicator {
                    code,
                    level1: level2.parent(),
                    level2,
                    name: row.name.trim().to_owned(),
                    direction,
                    target,
                    target_text: target_text.filter(|text| !text.is_empty()),
                    unit: row.unit.trim().to_owned(),
                    weight,
                    core: row.core,
                },
                standard,
                data_source: row.data_source.trim().to_owned(),
                frequency,
                owner: (!owner.is_empty()).then(|| owner.to_owned()),
            })
        }
        _ => Err(errors),
    }
}

/// A decimal as people type it, with a full-width point or surrounding spaces allowed.
fn parse_decimal(text: &str) -> Option<Decimal> {
    let cleaned = text.trim().replace('．', ".");
    if cleaned.is_empty() {
        return None;
    }
    cleaned.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn row(fields: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut all = vec![
            ("overall_goal", "建成通车"),
            ("execution_weight", "10"),
            ("code_0", "Q1"),
            ("level2_0", "quality"),
            ("name_0", "合格率"),
            ("direction_0", ">="),
            ("target_0", "98"),
            ("unit_0", "%"),
            ("weight_0", "90"),
            ("standard_0", "industry"),
            ("source_0", "检测报告"),
            ("frequency_0", "once"),
            ("owner_0", "post:ENG"),
        ];
        for (name, value) in fields {
            all.retain(|(n, _)| n != name);
            all.push((name, value));
        }
        pairs(&all)
    }

    #[test]
    fn a_complete_row_reads_into_an_indicator_with_its_owner_and_level_one() {
        let set = TargetInput::from_pairs(&row(&[("core_0", "on")]))
            .target_set(Locale::Zh)
            .unwrap();
        assert_eq!(set.overall_goal, "建成通车");
        assert_eq!(set.execution_weight, Decimal::TEN);
        let first = &set.indicators[0];
        assert_eq!(first.indicator.level1, Level2::Quality.parent());
        assert_eq!(first.indicator.target, Some(Decimal::from(98)));
        assert_eq!(first.owner.as_deref(), Some("post:ENG"));
        assert!(first.indicator.core);
        assert_eq!(first.frequency, Frequency::Once);
    }

    #[test]
    fn each_unreadable_field_is_named_with_its_row() {
        let cases = [
            (("code_0", "Q 1"), "第 1 行“指标编码”"),
            (("level2_0", "mood"), "第 1 行“二级指标”"),
            (("name_0", " "), "第 1 行“三级指标”"),
            (("direction_0", "≥"), "第 1 行“方向”"),
            (("target_0", "九十八"), "第 1 行“目标值”"),
            (("weight_0", "x"), "第 1 行“分值”"),
            (("standard_0", "mine"), "第 1 行“设定依据”"),
            (("frequency_0", "daily"), "第 1 行“采集频次”"),
            (("execution_weight", "十"), "预算执行率分值"),
            (("goalyear_0", "明年"), "年度“明年”"),
        ];
        for ((field, value), expected) in cases {
            let errors = TargetInput::from_pairs(&row(&[(field, value)]))
                .target_set(Locale::Zh)
                .unwrap_err();
            assert_eq!(errors.len(), 1, "{field}: {errors:?}");
            assert!(errors[0].contains(expected), "{field}: {}", errors[0]);
        }
    }

    #[test]
    fn qualitative_rows_keep_their_text_and_blank_or_removed_rows_are_dropped() {
        let form = row(&[
            ("direction_0", "qualitative"),
            ("target_0", "按期完工"),
            ("code_1", ""),
            ("weight_1", ""),
            ("code_2", "X2"),
            ("remove_2", "on"),
            ("goalyear_0", "2026"),
            ("goaltext_0", "完成路基"),
        ]);
        let set = TargetInput::from_pairs(&form)
            .target_set(Locale::En)
            .unwrap();
        assert_eq!(set.indicators.len(), 1);
        let first = &set.indicators[0].indicator;
        assert_eq!(first.target, None);
        assert_eq!(first.target_text.as_deref(), Some("按期完工"));
        assert_eq!(set.annual_goals, vec![(2026, "完成路基".to_owned())]);
    }

    #[test]
    fn a_stored_set_shows_with_one_empty_row_and_goal_to_add() {
        let set = TargetInput::from_pairs(&row(&[]))
            .target_set(Locale::Zh)
            .unwrap();
        let form = TargetInput::of_set(&set);
        assert_eq!(form.rows.len(), 2);
        assert_eq!(form.rows[1].index, 1);
        assert_eq!(form.rows[1].direction, ">=");
        assert_eq!(form.annual_goals.len(), 1);
        assert_eq!(form.rows[0], TargetRow::of(&set.indicators[0]));
    }
}
