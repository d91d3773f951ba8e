//! The administrator's form for one indicator template of the target library: its fields as
//! typed, reading them into an [`IndicatorTemplate`] with messages in the reader's language,
//! and the choices of its select boxes.

use jixiao_core::IndicatorCode;
use jixiao_core::ProjectType;
use jixiao_core::indicator::{Direction, Level2};
use jixiao_core::preparation::library::IndicatorTemplate;
use jixiao_core::preparation::target::{Frequency, TargetStandard};
use rust_decimal::Decimal;
use serde::Deserialize;

use super::{PageCtx, SelectOption};
use crate::i18n::{Locale, fill, t};

/// The fields of the template form, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TemplateInput {
    /// The session's CSRF token.
    pub csrf: String,
    /// Project type code.
    pub project_type: String,
    /// Indicator code.
    pub code: String,
    /// Level-2 code (the level 1 follows from it).
    pub level2: String,
    /// Indicator name.
    pub name: String,
    /// Direction code (`>=`, `<=`, …, `qualitative`).
    pub direction: String,
    /// Target value, empty for none.
    pub target: String,
    /// Target text of a qualitative indicator.
    pub target_text: String,
    /// Unit.
    pub unit: String,
    /// Weight.
    pub weight: String,
    /// Standard code.
    pub standard: String,
    /// Frequency code.
    pub frequency: String,
    /// Data source.
    pub data_source: String,
    /// Sent (as `on`) when the core box is ticked.
    pub core: Option<String>,
}

/// The choices of the form's select boxes, the current one selected.
#[derive(Debug, Clone)]
pub struct FormChoices {
    /// Project types.
    pub types: Vec<SelectOption>,
    /// Level-2 indicators, named with their level 1.
    pub level2: Vec<SelectOption>,
    /// Directions.
    pub directions: Vec<SelectOption>,
    /// Standards.
    pub standards: Vec<SelectOption>,
    /// Frequencies.
    pub frequencies: Vec<SelectOption>,
}

impl TemplateInput {
    /// The fields of a stored template.
    pub fn of_template(template: &IndicatorTemplate) -> Self {
        TemplateInput {
            csrf: String::new(),
            project_type: template.project_type.code().to_owned(),
            code: template.code.to_string(),
            level2: template.level2.code().to_owned(),
            name: template.name.clone(),
            direction: template.direction.code().to_owned(),
            target: template
                .default_target
                .map(|v| v.normalize().to_string())
                .unwrap_or_default(),
            target_text: template.target_text.clone().unwrap_or_default(),
            unit: template.unit.clone(),
            weight: template.default_weight.normalize().to_string(),
            standard: template.standard.code().to_owned(),
            frequency: template.frequency.code().to_owned(),
            data_source: template.data_source.clone(),
            core: template.core.then(|| "on".to_owned()),
        }
    }

    /// Empty fields for a new template of `project_type`.
    pub fn new_of_type(project_type: ProjectType) -> Self {
        TemplateInput {
            project_type: project_type.code().to_owned(),
            level2: Level2::Quantity.code().to_owned(),
            direction: Direction::AtLeast.code().to_owned(),
            standard: TargetStandard::Plan.code().to_owned(),
            frequency: Frequency::Yearly.code().to_owned(),
            ..TemplateInput::default()
        }
    }

    /// Whether the core box is ticked.
    pub fn is_core(&self) -> bool {
        self.core.is_some()
    }

    /// The template the fields describe, or the first mistake in the reader's language.
    pub fn template(&self, locale: Locale) -> Result<IndicatorTemplate, String> {
        let choice =
            |key: &'static str| fill(locale, "library.error.choice", &[("field", t(locale, key))]);
        let number =
            |key: &'static str| fill(locale, "library.error.number", &[("field", t(locale, key))]);
        let project_type: ProjectType = self
            .project_type
            .parse()
            .map_err(|_| choice("library.type"))?;
        let code = IndicatorCode::new(self.code.trim())
            .map_err(|_| t(locale, "library.error.code").to_owned())?;
        let level2: Level2 = self
            .level2
            .parse()
            .map_err(|_| choice("library.field.level2"))?;
        let name = self.name.trim();
        if name.is_empty() {
            return Err(t(locale, "library.error.name").to_owned());
        }
        let direction: Direction = self
            .direction
            .parse()
            .map_err(|_| choice("library.field.direction"))?;
        let target = match self.target.trim() {
            "" => None,
            text => Some(
                text.parse::<Decimal>()
                    .map_err(|_| number("library.field.target"))?,
            ),
        };
        let target_text = Some(self.target_text.trim())
            .filter(|text| !text.is_empty())
            .map(str::to_owned);
        if direction == Direction::Qualitative && target_text.is_none() {
            return Err(t(locale, "library.error.target_text").to_owned());
        }
        let weight = self
            .weight
            .trim()
            .parse::<Decimal>()
            .ok()
            .filter(|w| *w >= Decimal::ZERO)
            .ok_or_else(|| number("library.field.weight"))?;
        Ok(IndicatorTemplate {
            project_type,
            code,
            level1: level2.parent(),
            level2,
            name: name.to_owned(),
            direction,
            unit: self.unit.trim().to_owned(),
            default_weight: weight,
            // A qualitative indicator is judged against its text, never a number.
            default_target: target.filter(|_| direction != Direction::Qualitative),
            target_text,
            data_source: self.data_source.trim().to_owned(),
            standard: self
                .standard
                .parse()
                .map_err(|_| choice("library.col.standard"))?,
            frequency: self
                .frequency
                .parse()
                .map_err(|_| choice("library.col.frequency"))?,
            core: self.is_core(),
        })
    }
}

/// The select boxes' choices for `input`.
pub fn choices(ctx: &PageCtx, input: &TemplateInput) -> FormChoices {
    let locale = ctx.locale;
    let list = |items: Vec<(String, String)>, current: &str| -> Vec<SelectOption> {
        items
            .into_iter()
            .map(|(value, label)| SelectOption {
                selected: value == current,
                value,
                label,
            })
            .collect()
    };
    let named = |code: &str, zh: &str, en: &str| (code.to_owned(), locale.pick(zh, en).to_owned());
    FormChoices {
        types: list(
            ProjectType::ALL
                .iter()
                .map(|v| named(v.code(), v.name_zh(), v.name_en()))
                .collect(),
            &input.project_type,
        ),
        level2: list(
            Level2::ALL
                .iter()
                .map(|v| {
                    let parent = v.parent();
                    let label = format!(
                        "{} · {}",
                        locale.pick(parent.name_zh(), parent.name_en()),
                        locale.pick(v.name_zh(), v.name_en())
                    );
                    (v.code().to_owned(), label)
                })
                .collect(),
            &input.level2,
        ),
        directions: list(
            Direction::ALL
                .iter()
                .map(|v| named(v.code(), v.name_zh(), v.name_en()))
                .collect(),
            &input.direction,
        ),
        standards: list(
            TargetStandard::ALL
                .iter()
                .map(|v| named(v.code(), v.name_zh(), v.name_en()))
                .collect(),
            &input.standard,
        ),
        frequencies: list(
            Frequency::ALL
                .iter()
                .map(|v| named(v.code(), v.name_zh(), v.name_en()))
                .collect(),
            &input.frequency,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jixiao_core::preparation::library::default_library;

    #[test]
    fn every_default_template_reads_back_from_its_own_fields() {
        for template in default_library() {
            let input = TemplateInput::of_template(&template);
            assert_eq!(input.template(Locale::Zh).as_ref(), Ok(&template));
        }
    }

    #[test]
    fn each_mistake_is_named() {
        let good = TemplateInput {
            code: "length".into(),
            name: "建设里程".into(),
            weight: "10".into(),
            ..TemplateInput::new_of_type(ProjectType::Highway)
        };
        assert!(good.template(Locale::Zh).is_ok());
        let cases: Vec<(TemplateInput, &str)> = vec![
            (
                TemplateInput {
                    code: "a b".into(),
                    ..good.clone()
                },
                "指标编码",
            ),
            (
                TemplateInput {
                    name: " ".into(),
                    ..good.clone()
                },
                "请填写",
            ),
            (
                TemplateInput {
                    target: "九十".into(),
                    ..good.clone()
                },
                "“目标值”须为数字",
            ),
            (
                TemplateInput {
                    weight: "-1".into(),
                    ..good.clone()
                },
                "“分值”须为数字",
            ),
            (
                TemplateInput {
                    level2: "x".into(),
                    ..good.clone()
                },
                "“二级指标”的选项无效",
            ),
            (
                TemplateInput {
                    direction: "qualitative".into(),
                    ..good.clone()
                },
                "定性指标须填写目标描述",
            ),
        ];
        for (input, expected) in cases {
            let error = input.template(Locale::Zh).unwrap_err();
            assert!(error.contains(expected), "{error}");
        }
    }
}
