//! The form that enters or replaces one cost stage of a project (`POST
//! /projects/{code}/stages`): reading its rows into a [`StageBreakdown`], with messages in the
//! reader's language naming the row at fault.
//!
//! Rows are sent as numbered fields (`line_0`, `name_0`, `category_0`, `amount_0`, …) so that
//! the form needs no script to add rows: it comes with a few empty ones, and empty rows are
//! skipped.

use std::collections::HashMap;

use jixiao_core::preparation::stage::{CostStage, StageBreakdown, StageLine};
use jixiao_core::{CategoryCode, LineCode, Money};

use crate::i18n::{Locale, fill, t};

/// The most rows one form may send; more are ignored.
pub const MAX_ROWS: usize = 200;

/// Empty rows offered below the stored lines.
pub const EMPTY_ROWS: usize = 3;

/// The fewest rows the form shows.
pub const MIN_ROWS: usize = 5;

/// One row of the form as typed, kept to show the form again after a mistake.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormRow {
    /// The field index of the row.
    pub index: usize,
    /// Line code.
    pub line: String,
    /// Line name.
    pub name: String,
    /// Cost category code.
    pub category: String,
    /// Amount in 元 as typed.
    pub amount: String,
}

impl FormRow {
    /// Whether nothing was typed into the row.
    fn is_blank(&self) -> bool {
        [&self.line, &self.name, &self.category, &self.amount]
            .iter()
            .all(|field| field.trim().is_empty())
    }
}

/// What the form sent: the stage (as typed) and its rows.
#[derive(Debug, Clone, Default)]
pub struct StageInput {
    /// The stage code sent.
    pub stage: String,
    /// The rows in field order.
    pub rows: Vec<FormRow>,
}

impl StageInput {
    /// Reads the submitted pairs; the CSRF token and unknown fields are left out.
    pub fn from_pairs(pairs: &[(String, String)]) -> Self {
        let mut rows: HashMap<usize, FormRow> = HashMap::new();
        let mut stage = String::new();
        for (name, value) in pairs {
            if name == "stage" {
                stage = value.clone();
                continue;
            }
            let Some((field, index)) = name.rsplit_once('_') else {
                continue;
            };
            let Some(index) = index.parse::<usize>().ok().filter(|i| *i < MAX_ROWS) else {
                continue;
            };
            let row = rows.entry(index).or_insert_with(|| FormRow {
                index,
                ..FormRow::default()
            });
            match field {
                "line" => row.line = value.clone(),
                "name" => row.name = value.clone(),
                "category" => row.category = value.clone(),
                "amount" => row.amount = value.clone(),
                _ => {}
            }
        }
        let mut rows: Vec<FormRow> = rows.into_values().collect();
        rows.sort_by_key(|row| row.index);
        StageInput { stage, rows }
    }

    /// The rows of `breakdown` as the form shows them, followed by empty ones.
    pub fn of_breakdown(stage: CostStage, breakdown: Option<&StageBreakdown>) -> Self {
        let mut rows: Vec<FormRow> = breakdown
            .map(|b| b.lines.as_slice())
            .unwrap_or_default()
            .iter()
            .map(|line| FormRow {
                index: 0,
                line: line.line.to_string(),
                name: line.name.clone(),
                category: line.category.to_string(),
                amount: line.amount.to_yuan_string(),
            })
            .collect();
        let blanks = EMPTY_ROWS.max(MIN_ROWS.saturating_sub(rows.len()));
        rows.extend(std::iter::repeat_n(FormRow::default(), blanks));
        StageInput {
            stage: stage.code().to_owned(),
            rows,
        }
        .renumbered()
    }

    /// The same input with its rows numbered from zero and a few empty rows at the end, for
    /// showing the form again.
    pub fn with_blank_rows(mut self) -> Self {
        self.rows.retain(|row| !row.is_blank());
        self.rows
            .extend(std::iter::repeat_n(FormRow::default(), EMPTY_ROWS));
        self.renumbered()
    }

    fn renumbered(mut self) -> Self {
        for (index, row) in self.rows.iter_mut().enumerate() {
            row.index = index;
        }
        self
    }

    /// The breakdown the form describes, or the first mistake in the reader's language.
    /// `categories` are the known cost category codes.
    pub fn breakdown(
        &self,
        locale: Locale,
        categories: &[String],
    ) -> Result<StageBreakdown, String> {
        let stage: CostStage = self
            .stage
            .parse()
            .map_err(|_| t(locale, "stages.error.stage").to_owned())?;
        let mut lines = Vec::new();
        for (position, row) in self.rows.iter().filter(|r| !r.is_blank()).enumerate() {
            let number = (position + 1).to_string();
            let at = |key: &'static str| fill(locale, key, &[("row", &number)]);
            let line = LineCode::new(row.line.trim()).map_err(|_| at("stages.error.code"))?;
            let name = row.name.trim();
            if name.is_empty() {
                return Err(at("stages.error.name"));
            }
            let category = row.category.trim();
            if !categories.iter().any(|known| known == category) {
                return Err(at("stages.error.category"));
            }
            let category = CategoryCode::new(category).map_err(|_| at("stages.error.category"))?;
            let amount = parse_amount(&row.amount).ok_or_else(|| {
                fill(
                    locale,
                    "stages.error.amount",
                    &[("row", &number), ("amount", row.amount.trim())],
                )
            })?;
            lines.push(StageLine {
                line,
                name: name.to_owned(),
                category,
                amount,
            });
        }
        if lines.is_empty() {
            return Err(t(locale, "stages.error.empty").to_owned());
        }
        Ok(StageBreakdown { stage, lines })
    }
}

/// An amount in 元 as people type it: thousands separators (`,` or `，`) and spaces are
/// allowed, at most two decimals.
pub fn parse_amount(text: &str) -> Option<Money> {
    let cleaned: String = text
        .chars()
        .filter(|c| !matches!(c, ',' | '，') && !c.is_whitespace())
        .collect();
    if cleaned.is_empty() {
        return None;
    }
    Money::parse_yuan(&cleaned).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn amounts_accept_separators_and_refuse_words_and_fractions_of_a_fen() {
        let cases = [
            ("1,234.50", Some(123_450)),
            ("12 000", Some(1_200_000)),
            ("3，000", Some(300_000)),
            ("-5", Some(-500)),
            ("", None),
            ("abc", None),
            ("1.234", None),
        ];
        for (text, fen) in cases {
            assert_eq!(parse_amount(text), fen.map(Money::from_fen), "{text}");
        }
    }

    #[test]
    fn rows_are_read_in_field_order_and_blank_rows_are_skipped() {
        let input = StageInput::from_pairs(&pairs(&[
            ("csrf", "x"),
            ("stage", "estimate"),
            ("line_1", "L02"),
            ("name_1", "路面"),
            ("category_1", "building_works"),
            ("amount_1", "200"),
            ("line_0", "L01"),
            ("name_0", "路基"),
            ("category_0", "building_works"),
            ("amount_0", "100.5"),
            ("line_2", ""),
            ("amount_2", " "),
        ]));
        let known = vec!["building_works".to_owned()];
        let breakdown = input.breakdown(Locale::Zh, &known).unwrap();
        assert_eq!(breakdown.stage, CostStage::Estimate);
        let codes: Vec<&str> = breakdown.lines.iter().map(|l| l.line.as_str()).collect();
        assert_eq!(codes, ["L01", "L02"]);
        assert_eq!(breakdown.total(), Money::from_fen(30_050));
    }

    #[test]
    fn each_mistake_names_its_row() {
        let known = vec!["building_works".to_owned()];
        let row = |line: &str, name: &str, category: &str, amount: &str| {
            pairs(&[
                ("stage", "contract"),
                ("line_0", line),
                ("name_0", name),
                ("category_0", category),
                ("amount_0", amount),
            ])
        };
        let cases = [
            (row("L 1", "路基", "building_works", "1"), "第 1 行：编码"),
            (row("L1", "", "building_works", "1"), "第 1 行：请填写名称"),
            (row("L1", "路基", "nowhere", "1"), "第 1 行：请选择费用类别"),
            (row("L1", "路基", "building_works", "x"), "第 1 行：金额“x”"),
            (pairs(&[("stage", "contract")]), "请至少填写一行"),
            (pairs(&[("stage", "guess")]), "请选择造价阶段"),
        ];
        for (form, expected) in cases {
            let error = StageInput::from_pairs(&form)
                .breakdown(Locale::Zh, &known)
                .unwrap_err();
            assert!(error.starts_with(expected), "{error}");
        }
    }

    #[test]
    fn a_stored_stage_is_shown_with_empty_rows_after_it() {
        let input = StageInput::of_breakdown(CostStage::Estimate, None);
        assert_eq!(input.rows.len(), MIN_ROWS);
        assert_eq!(input.rows[4].index, 4);
        assert_eq!(input.stage, "estimate");
    }
}
