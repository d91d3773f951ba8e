//! Performance indicators (绩效指标) and their readings, in the shape of DOMAIN.md §3.
//!
//! Scoring comes with evaluation; this module fixes the data every later stage reads.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::code::IndicatorCode;
use crate::project::{UnknownCode, coded_enum};

/// Level-1 indicator (一级指标).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level1 {
    /// 产出指标.
    Output,
    /// 效益指标.
    Benefit,
    /// 满意度指标.
    Satisfaction,
    /// 成本指标, its own level 1 under the 2021 guidance (财预〔2021〕101号).
    Cost,
}

coded_enum!(Level1, "level-1 indicator", {
    Output => "output", "产出指标", "Output";
    Benefit => "benefit", "效益指标", "Benefit";
    Satisfaction => "satisfaction", "满意度指标", "Satisfaction";
    Cost => "cost", "成本指标", "Cost";
});

/// Level-2 indicator (二级指标); [`Level2::parent`] says which level 1 it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level2 {
    /// 数量指标.
    Quantity,
    /// 质量指标.
    Quality,
    /// 时效指标.
    Timeliness,
    /// 成本指标 under output (the older tree).
    OutputCost,
    /// 经济效益指标.
    Economic,
    /// 社会效益指标.
    Social,
    /// 生态效益指标.
    Ecological,
    /// 可持续影响指标.
    Sustainability,
    /// 服务对象满意度指标.
    ServiceSatisfaction,
    /// 经济成本指标 (101号 tree).
    EconomicCost,
    /// 社会成本指标 (101号 tree).
    SocialCost,
    /// 生态环境成本指标 (101号 tree).
    EcologicalCost,
}

coded_enum!(Level2, "level-2 indicator", {
    Quantity => "quantity", "数量指标", "Quantity";
    Quality => "quality", "质量指标", "Quality";
    Timeliness => "timeliness", "时效指标", "Timeliness";
    OutputCost => "output_cost", "成本指标", "Cost";
    Economic => "economic", "经济效益指标", "Economic benefit";
    Social => "social", "社会效益指标", "Social benefit";
    Ecological => "ecological", "生态效益指标", "Ecological benefit";
    Sustainability => "sustainability", "可持续影响指标", "Sustainability";
    ServiceSatisfaction => "service_satisfaction", "服务对象满意度指标", "Satisfaction of those served";
    EconomicCost => "economic_cost", "经济成本指标", "Economic cost";
    SocialCost => "social_cost", "社会成本指标", "Social cost";
    EcologicalCost => "ecological_cost", "生态环境成本指标", "Ecological cost";
});

impl Level2 {
    /// The level-1 indicator this one belongs to.
    pub fn parent(self) -> Level1 {
        match self {
            Level2::Quantity | Level2::Quality | Level2::Timeliness | Level2::OutputCost => {
                Level1::Output
            }
            Level2::Economic | Level2::Social | Level2::Ecological | Level2::Sustainability => {
                Level1::Benefit
            }
            Level2::ServiceSatisfaction => Level1::Satisfaction,
            Level2::EconomicCost | Level2::SocialCost | Level2::EcologicalCost => Level1::Cost,
        }
    }
}

/// How an actual value is compared with the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Direction {
    /// At least the target (≥).
    #[serde(rename = ">=")]
    AtLeast,
    /// More than the target (>).
    #[serde(rename = ">")]
    MoreThan,
    /// At most the target (≤).
    #[serde(rename = "<=")]
    AtMost,
    /// Less than the target (<).
    #[serde(rename = "<")]
    LessThan,
    /// Equal to the target (=).
    #[serde(rename = "=")]
    Equal,
    /// Judged by an evaluator against a target text (定性).
    #[serde(rename = "qualitative")]
    Qualitative,
}

coded_enum!(Direction, "indicator direction", {
    AtLeast => ">=", "≥", "≥";
    MoreThan => ">", ">", ">";
    AtMost => "<=", "≤", "≤";
    LessThan => "<", "<", "<";
    Equal => "=", "=", "=";
    Qualitative => "qualitative", "定性", "Qualitative";
});

/// The grade an evaluator gives a qualitative indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// 达成.
    Achieved,
    /// 部分达成.
    PartlyAchieved,
    /// 未达成.
    NotAchieved,
}

coded_enum!(Grade, "grade", {
    Achieved => "achieved", "达成", "Achieved";
    PartlyAchieved => "partly_achieved", "部分达成", "Partly achieved";
    NotAchieved => "not_achieved", "未达成", "Not achieved";
});

/// A performance indicator of a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    /// Its code, unique within the project.
    pub code: IndicatorCode,
    /// Its level 1.
    pub level1: Level1,
    /// Its level 2, which must belong to `level1`.
    pub level2: Level2,
    /// Its name (三级指标), such as 新建公路里程.
    pub name: String,
    /// How the actual value is compared with the target.
    pub direction: Direction,
    /// The target value; `None` for qualitative indicators.
    pub target: Option<Decimal>,
    /// The target as words, for qualitative indicators (or a note on a numeric one).
    pub target_text: Option<String>,
    /// The unit of the target, such as 公里 or %.
    pub unit: String,
    /// Its weight (分值) in a self-evaluation.
    pub weight: Decimal,
    /// Whether it is a core indicator (★).
    pub core: bool,
}

/// What a reading says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ReadingValue {
    /// A measured value of a quantitative indicator.
    Value {
        /// The value, in the indicator's unit.
        value: Decimal,
    },
    /// An evaluator's grade and score of a qualitative indicator.
    Graded {
        /// The grade.
        grade: Grade,
        /// The score given within the grade's band.
        score: Decimal,
    },
}

/// Why a reading cannot belong to an indicator: a measured value is the reading of a
/// quantitative indicator, a grade and score that of a qualitative one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum ReadingMismatch {
    /// A grade and score were given for a quantitative indicator.
    #[error("a graded reading belongs to a qualitative indicator")]
    GradedQuantitative,
    /// A measured value was given for a qualitative indicator.
    #[error("a qualitative indicator is read with a grade and a score")]
    ValueQualitative,
}

impl ReadingValue {
    /// Whether this can be a reading of an indicator compared by `direction`.
    pub fn fits(&self, direction: Direction) -> Result<(), ReadingMismatch> {
        let qualitative = direction == Direction::Qualitative;
        match self {
            ReadingValue::Value { .. } if qualitative => Err(ReadingMismatch::ValueQualitative),
            ReadingValue::Graded { .. } if !qualitative => Err(ReadingMismatch::GradedQuantitative),
            _ => Ok(()),
        }
    }
}

/// A reading of an indicator on a date (usually each quarter).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reading {
    /// The indicator read.
    pub indicator: IndicatorCode,
    /// When.
    pub date: NaiveDate,
    /// What it said.
    pub value: ReadingValue,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_level2_belongs_to_one_level1() {
        let cases = [
            (Level2::Quantity, Level1::Output),
            (Level2::OutputCost, Level1::Output),
            (Level2::Social, Level1::Benefit),
            (Level2::ServiceSatisfaction, Level1::Satisfaction),
            (Level2::EcologicalCost, Level1::Cost),
        ];
        for (level2, level1) in cases {
            assert_eq!(level2.parent(), level1, "{level2}");
        }
    }

    #[test]
    fn a_value_reads_a_quantitative_indicator_and_a_grade_a_qualitative_one() {
        let value = ReadingValue::Value {
            value: Decimal::new(125, 1),
        };
        let graded = ReadingValue::Graded {
            grade: Grade::Achieved,
            score: Decimal::TEN,
        };
        let cases = [
            (&value, Direction::AtLeast, Ok(())),
            (&value, Direction::Equal, Ok(())),
            (
                &value,
                Direction::Qualitative,
                Err(ReadingMismatch::ValueQualitative),
            ),
            (&graded, Direction::Qualitative, Ok(())),
            (
                &graded,
                Direction::AtMost,
                Err(ReadingMismatch::GradedQuantitative),
            ),
        ];
        for (reading, direction, expected) in cases {
            assert_eq!(reading.fits(direction), expected, "{reading:?} {direction}");
        }
    }

    #[test]
    fn directions_use_their_symbols_as_codes() {
        for direction in Direction::ALL {
            let json = serde_json::to_string(direction).unwrap();
            assert_eq!(json, format!("\"{}\"", direction.code()));
            assert_eq!(direction.code().parse::<Direction>().unwrap(), *direction);
        }
        assert!("≥".parse::<Direction>().is_err());
    }
}
