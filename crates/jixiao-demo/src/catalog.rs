//! What distinguishes the project types: schedules, how often and how much they overrun, and
//! their cost lines; and how each cost category is spent over a project's life.
//!
//! The overrun means follow the transport figures in DOMAIN.md §9 (bridges and tunnels about
//! a third, roads about a fifth); the line shares follow the usual make-up of a 设计概算:
//! building works the largest, land large for roads, equipment large for tunnels and water works,
//! design, supervision, management and contingency small.

use jixiao_core::{Profile, ProjectType};

/// One cost line of a type's budget template.
pub(crate) struct LineTemplate {
    /// Name shown in the budget.
    pub name: &'static str,
    /// Category code from the default cost breakdown.
    pub category: &'static str,
    /// Typical share of the project's investment, before normalising.
    pub share: f64,
}

/// The traits of one project type.
pub(crate) struct TypeProfile {
    /// The type.
    pub kind: ProjectType,
    /// Two letters used in project codes, such as `HW`.
    pub abbreviation: &'static str,
    /// How common the type is in the programme.
    pub frequency: f64,
    /// Range of the planned construction period, in months.
    pub months: (i32, i32),
    /// Mean overrun at completion, as a fraction of the original investment.
    pub overrun: f64,
    /// Mean number of design changes (设计变更) during construction.
    pub changes: f64,
    /// Mean stretch of the construction period, as a fraction of the planned one.
    pub delay: f64,
    /// The cost lines, the main works line first.
    pub lines: &'static [LineTemplate],
}

/// How a cost category is spent: its plan profile, the part of the construction period it is
/// spent in, how strongly it follows the project's overrun, and how often it is paid.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Behaviour {
    /// The profile of its plan.
    pub profile: Profile,
    /// Start and end of its spending as fractions of the construction period.
    pub window: (f64, f64),
    /// Months it starts before construction does (design and land come first).
    pub lead_months: i32,
    /// How much of the project's overrun falls on it (1 = in proportion).
    pub sensitivity: f64,
    /// Months between payments.
    pub interval: u32,
}

const fn line(name: &'static str, category: &'static str, share: f64) -> LineTemplate {
    LineTemplate {
        name,
        category,
        share,
    }
}

/// The interest line added to projects financed partly by loans.
pub(crate) const INTEREST_LINE: LineTemplate = line("建设期贷款利息", "interest", 0.03);

const HIGHWAY_LINES: &[LineTemplate] = &[
    line("路基工程", "building_works", 0.24),
    line("路面工程", "building_works", 0.20),
    line("桥梁涵洞工程", "building_works", 0.14),
    line("交通安全设施及机电工程", "installation_works", 0.07),
    line("监控通信设备购置", "equipment", 0.02),
    line("征地拆迁及补偿", "land_and_resettlement", 0.15),
    line("勘察设计费", "survey_and_design", 0.03),
    line("工程监理费", "supervision", 0.015),
    line("建设单位管理费", "owner_management", 0.012),
    line("试验检测费", "research_and_testing", 0.006),
    line("基本预备费", "basic_contingency", 0.04),
];

const BRIDGE_LINES: &[LineTemplate] = &[
    line("上部结构工程", "building_works", 0.32),
    line("下部结构工程", "building_works", 0.30),
    line("引道及接线工程", "building_works", 0.09),
    line("桥面系及附属工程", "installation_works", 0.05),
    line("健康监测系统设备购置", "equipment", 0.02),
    line("征地拆迁及补偿", "land_and_resettlement", 0.05),
    line("勘察设计费", "survey_and_design", 0.035),
    line("工程监理费", "supervision", 0.016),
    line("建设单位管理费", "owner_management", 0.012),
    line("荷载试验及专题研究费", "research_and_testing", 0.01),
    line("基本预备费", "basic_contingency", 0.05),
];

const TUNNEL_LINES: &[LineTemplate] = &[
    line("洞身开挖及初期支护", "building_works", 0.36),
    line("二次衬砌及防排水工程", "building_works", 0.18),
    line("洞口及接线工程", "building_works", 0.06),
    line("通风照明及消防安装工程", "installation_works", 0.08),
    line("隧道机电设备购置", "equipment", 0.10),
    line("征地拆迁及补偿", "land_and_resettlement", 0.03),
    line("勘察设计费", "survey_and_design", 0.035),
    line("工程监理费", "supervision", 0.016),
    line("建设单位管理费", "owner_management", 0.012),
    line("超前地质预报及监控量测", "research_and_testing", 0.012),
    line("基本预备费", "basic_contingency", 0.05),
];

const PIPE_LINES: &[LineTemplate] = &[
    line("管道铺设工程", "building_works", 0.48),
    line("路面破除及恢复工程", "building_works", 0.14),
    line("检查井及附属构筑物", "building_works", 0.08),
    line("管道附件及阀门安装", "installation_works", 0.07),
    line("管线迁改及征收补偿", "land_and_resettlement", 0.05),
    line("勘察设计费", "survey_and_design", 0.03),
    line("工程监理费", "supervision", 0.015),
    line("建设单位管理费", "owner_management", 0.015),
    line("管道CCTV检测费", "research_and_testing", 0.008),
    line("基本预备费", "basic_contingency", 0.04),
];

const BUILDING_LINES: &[LineTemplate] = &[
    line("土建工程", "building_works", 0.50),
    line("装饰装修工程", "building_works", 0.12),
    line("给排水、电气及暖通安装工程", "installation_works", 0.13),
    line("电梯、空调及信息化设备购置", "equipment", 0.07),
    line("土地使用费", "land_and_resettlement", 0.04),
    line("勘察设计费", "survey_and_design", 0.03),
    line("工程监理费", "supervision", 0.015),
    line("建设单位管理费", "owner_management", 0.015),
    line("办公家具及生产准备费", "preparation", 0.006),
    line("基本预备费", "basic_contingency", 0.04),
];

const WATER_LINES: &[LineTemplate] = &[
    line("主体土建工程", "building_works", 0.40),
    line("金属结构及机电设备安装", "installation_works", 0.10),
    line("机电设备及闸门启闭机购置", "equipment", 0.14),
    line("征地移民补偿", "land_and_resettlement", 0.08),
    line("勘察设计费", "survey_and_design", 0.035),
    line("工程监理费", "supervision", 0.02),
    line("建设单位管理费", "owner_management", 0.015),
    line("联合试运转费", "commissioning", 0.006),
    line("科研试验费", "research_and_testing", 0.006),
    line("基本预备费", "basic_contingency", 0.04),
];

/// The types generated, with their traits.
pub(crate) const TYPES: &[TypeProfile] = &[
    TypeProfile {
        kind: ProjectType::Highway,
        abbreviation: "HW",
        frequency: 0.30,
        months: (24, 42),
        overrun: 0.19,
        changes: 2.5,
        delay: 0.14,
        lines: HIGHWAY_LINES,
    },
    TypeProfile {
        kind: ProjectType::Bridge,
        abbreviation: "BR",
        frequency: 0.14,
        months: (24, 42),
        overrun: 0.40,
        changes: 3.0,
        delay: 0.22,
        lines: BRIDGE_LINES,
    },
    TypeProfile {
        kind: ProjectType::Tunnel,
        abbreviation: "TN",
        frequency: 0.10,
        months: (24, 48),
        overrun: 0.44,
        changes: 3.5,
        delay: 0.26,
        lines: TUNNEL_LINES,
    },
    TypeProfile {
        kind: ProjectType::MunicipalPipeNetwork,
        abbreviation: "PN",
        frequency: 0.18,
        months: (12, 30),
        overrun: 0.18,
        changes: 2.0,
        delay: 0.12,
        lines: PIPE_LINES,
    },
    TypeProfile {
        kind: ProjectType::Building,
        abbreviation: "BD",
        frequency: 0.13,
        months: (18, 36),
        overrun: 0.15,
        changes: 2.0,
        delay: 0.10,
        lines: BUILDING_LINES,
    },
    TypeProfile {
        kind: ProjectType::WaterWorks,
        abbreviation: "WW",
        frequency: 0.15,
        months: (18, 42),
        overrun: 0.20,
        changes: 2.5,
        delay: 0.16,
        lines: WATER_LINES,
    },
];

/// How a category is spent; unknown categories are spent evenly.
pub(crate) fn behaviour(category: &str) -> Behaviour {
    let (profile, window, lead_months, sensitivity, interval) = match category {
        "building_works" => (Profile::SCurve, (0.0, 1.0), 0, 1.15, 1),
        "installation_works" => (Profile::SCurve, (0.4, 1.0), 0, 0.9, 1),
        "equipment" => (Profile::BackLoaded, (0.5, 1.0), 0, 0.6, 2),
        "land_and_resettlement" => (Profile::FrontLoaded, (0.0, 0.35), 4, 1.4, 2),
        "owner_management" => (Profile::Linear, (0.0, 1.0), 6, 0.3, 1),
        "survey_and_design" => (Profile::FrontLoaded, (0.0, 0.25), 8, 0.4, 3),
        "supervision" => (Profile::Linear, (0.0, 1.0), 0, 0.6, 3),
        "research_and_testing" => (Profile::Linear, (0.05, 0.95), 0, 0.5, 3),
        "commissioning" => (Profile::BackLoaded, (0.85, 1.0), 0, 0.3, 1),
        "preparation" => (Profile::BackLoaded, (0.8, 1.0), 0, 0.2, 2),
        "basic_contingency" => (Profile::BackLoaded, (0.3, 1.0), 0, 0.0, 4),
        "interest" => (Profile::Linear, (0.0, 1.0), 0, 0.8, 3),
        _ => (Profile::Linear, (0.0, 1.0), 0, 1.0, 1),
    };
    Behaviour {
        profile,
        window,
        lead_months,
        sensitivity,
        interval,
    }
}

/// Whether a category is construction work whose physical progress is measured.
pub(crate) fn is_works(category: &str) -> bool {
    matches!(category, "building_works" | "installation_works")
}
