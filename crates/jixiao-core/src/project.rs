//! Projects: what is being built, by whom, where and when.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::code::{OrgCode, ProjectCode};

/// Kinds of engineering project (DOMAIN.md §2), which drive target libraries and risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectType {
    /// 公路: roads and highways.
    Highway,
    /// 桥梁.
    Bridge,
    /// 隧道.
    Tunnel,
    /// 市政管网: water, sewer, gas and heat networks.
    MunicipalPipeNetwork,
    /// 房屋建筑.
    Building,
    /// 水利工程.
    WaterWorks,
    /// Anything else.
    Other,
}

/// Where a project stands in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectStatus {
    /// Approved but not started (未开工).
    Planned,
    /// Under construction (在建).
    InProgress,
    /// Finished (完工).
    Completed,
    /// Stopped by a decision, for example a suspended disbursement (暂停).
    Suspended,
}

/// A text that names no known variant of a coded enum.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} \"{value}\"; expected one of: {expected}")]
pub struct UnknownCode {
    /// What kind of code was expected.
    pub kind: &'static str,
    /// The text that was given.
    pub value: String,
    /// The accepted codes, comma separated.
    pub expected: String,
}

/// Gives an enum stable text codes, the same in SQL, JSON, URLs and logs.
macro_rules! coded_enum {
    ($ty:ident, $kind:literal, { $($variant:ident => $code:literal, $zh:literal, $en:literal;)+ }) => {
        impl $ty {
            /// Every variant, in display order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The stable code.
            pub fn code(self) -> &'static str {
                match self { $($ty::$variant => $code),+ }
            }

            /// The Chinese name shown in the interface.
            pub fn name_zh(self) -> &'static str {
                match self { $($ty::$variant => $zh),+ }
            }

            /// The English name shown in the interface.
            pub fn name_en(self) -> &'static str {
                match self { $($ty::$variant => $en),+ }
            }
        }

        impl FromStr for $ty {
            type Err = UnknownCode;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($code => Ok($ty::$variant),)+
                    _ => Err(UnknownCode {
                        kind: $kind,
                        value: s.to_owned(),
                        expected: [$($code),+].join(", "),
                    }),
                }
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}
pub(crate) use coded_enum;

coded_enum!(ProjectType, "project type", {
    Highway => "highway", "公路", "Highway";
    Bridge => "bridge", "桥梁", "Bridge";
    Tunnel => "tunnel", "隧道", "Tunnel";
    MunicipalPipeNetwork => "municipal_pipe_network", "市政管网", "Municipal pipe network";
    Building => "building", "房屋建筑", "Building";
    WaterWorks => "water_works", "水利工程", "Water works";
    Other => "other", "其他", "Other";
});

coded_enum!(ProjectStatus, "project status", {
    Planned => "planned", "未开工", "Planned";
    InProgress => "in_progress", "在建", "In progress";
    Completed => "completed", "已完工", "Completed";
    Suspended => "suspended", "暂停", "Suspended";
});

/// A project (项目) with its owner, place and schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    /// Its code (项目编码).
    pub code: ProjectCode,
    /// Its name (项目名称).
    pub name: String,
    /// Its kind.
    pub project_type: ProjectType,
    /// The organization that owns it (项目单位).
    pub organization: OrgCode,
    /// The region it is built in, such as a city or county name.
    pub region: String,
    /// Planned start (计划开工).
    pub planned_start: NaiveDate,
    /// Planned finish (计划完工).
    pub planned_finish: NaiveDate,
    /// Actual start, once started.
    pub actual_start: Option<NaiveDate>,
    /// Actual finish, once finished.
    pub actual_finish: Option<NaiveDate>,
    /// Where it stands.
    pub status: ProjectStatus,
}

impl Project {
    /// Days between planned and actual finish; positive when late. `None` while unfinished.
    pub fn finish_delay_days(&self) -> Option<i64> {
        self.actual_finish
            .map(|actual| (actual - self.planned_finish).num_days())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_codes_round_trip_and_unknown_codes_list_the_choices() {
        for ty in ProjectType::ALL {
            assert_eq!(ty.code().parse::<ProjectType>().unwrap(), *ty);
            assert_eq!(
                serde_json::to_string(ty).unwrap(),
                format!("\"{}\"", ty.code())
            );
        }
        let err = "railway".parse::<ProjectType>().unwrap_err();
        assert!(err.to_string().contains("municipal_pipe_network"), "{err}");
    }
}
