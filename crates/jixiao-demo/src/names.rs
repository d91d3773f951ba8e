//! Kinds of project within each project type: how they are named, who owns them, how large
//! they are and what their main quantity indicator measures.
//!
//! A name pattern holds placeholders filled from the city's place names, so that names read
//! like those of a real provincial programme ("G312国道清水镇至龙潭镇段改扩建工程").

use jixiao_core::ProjectType;

use crate::random::{Stream, pick};
use crate::regions::{Owner, Region};

/// The main quantity a project delivers, which also gives its unit-cost indicator and prices
/// its works.
pub(crate) struct Quantity {
    /// What is measured, such as 新建高速公路里程.
    pub name: &'static str,
    /// Unit of the quantity, such as 公里.
    pub unit: &'static str,
    /// Range of the cost of one unit, in 万元.
    pub unit_cost_wan: (f64, f64),
    /// Decimals the target is written with.
    pub decimals: u32,
}

/// One kind of project of a type.
pub(crate) struct Variant {
    /// Name pattern with placeholders such as `{city}` and `{river}`.
    pub pattern: &'static str,
    /// Who owns projects of this kind.
    pub owner: Owner,
    /// Range of the original investment, in 亿元.
    pub size_yi: (f64, f64),
    /// How common the kind is within its type.
    pub weight: f64,
    /// The quantity it delivers.
    pub quantity: Quantity,
    /// Whether it is financed partly by loans, and so carries interest during construction.
    pub loan: bool,
}

const fn km(name: &'static str, low: f64, high: f64) -> Quantity {
    Quantity {
        name,
        unit: "公里",
        unit_cost_wan: (low, high),
        decimals: 1,
    }
}

const fn metres(name: &'static str, low: f64, high: f64) -> Quantity {
    Quantity {
        name,
        unit: "米",
        unit_cost_wan: (low, high),
        decimals: 0,
    }
}

const fn floor_area(low: f64, high: f64) -> Quantity {
    Quantity {
        name: "总建筑面积",
        unit: "平方米",
        unit_cost_wan: (low, high),
        decimals: 0,
    }
}

const fn variant(
    pattern: &'static str,
    owner: Owner,
    size_yi: (f64, f64),
    weight: f64,
    quantity: Quantity,
    loan: bool,
) -> Variant {
    Variant {
        pattern,
        owner,
        size_yi,
        weight,
        quantity,
        loan,
    }
}

const HIGHWAYS: &[Variant] = &[
    variant(
        "{city}至{other}高速公路{county}段新建工程",
        Owner::Expressway,
        (8.0, 30.0),
        0.2,
        km("新建高速公路里程", 9_000.0, 16_000.0),
        true,
    ),
    variant(
        "G{g}国道{town}至{town2}段改扩建工程",
        Owner::CityTransport,
        (2.0, 12.0),
        0.3,
        km("改扩建国道里程", 2_500.0, 6_000.0),
        false,
    ),
    variant(
        "S{s}省道{county}至{town}段提质改造工程",
        Owner::CityTransport,
        (1.0, 6.0),
        0.25,
        km("提质改造省道里程", 1_200.0, 3_000.0),
        false,
    ),
    variant(
        "{county}农村公路提档升级工程",
        Owner::CityTransport,
        (1.0, 3.0),
        0.15,
        km("提档升级农村公路里程", 300.0, 800.0),
        false,
    ),
    variant(
        "{city}绕城公路{dir}段工程",
        Owner::CityTransport,
        (3.0, 15.0),
        0.1,
        km("新建一级公路里程", 5_000.0, 9_000.0),
        false,
    ),
];

const BRIDGES: &[Variant] = &[
    variant(
        "{city}{river}大桥新建工程",
        Owner::Expressway,
        (12.0, 30.0),
        0.2,
        metres("桥梁全长", 40.0, 100.0),
        true,
    ),
    variant(
        "{city}{river}大桥引桥工程",
        Owner::Expressway,
        (5.0, 15.0),
        0.15,
        metres("引桥长度", 20.0, 45.0),
        true,
    ),
    variant(
        "{county}{river}特大桥工程",
        Owner::CityTransport,
        (3.0, 12.0),
        0.2,
        metres("桥梁全长", 25.0, 60.0),
        false,
    ),
    variant(
        "{town}{river}大桥改建工程",
        Owner::CityTransport,
        (1.0, 4.0),
        0.25,
        metres("桥梁全长", 15.0, 35.0),
        false,
    ),
    variant(
        "{city}{street}立交桥改造工程",
        Owner::CityTransport,
        (1.0, 5.0),
        0.2,
        metres("立交匝道总长", 20.0, 40.0),
        false,
    ),
];

const TUNNELS: &[Variant] = &[
    variant(
        "{mountain}隧道工程",
        Owner::CityTransport,
        (2.0, 10.0),
        0.35,
        metres("隧道长度", 8.0, 18.0),
        false,
    ),
    variant(
        "{city}至{other}高速公路{mountain}特长隧道工程",
        Owner::Expressway,
        (8.0, 20.0),
        0.3,
        metres("隧道长度（双洞）", 12.0, 22.0),
        true,
    ),
    variant(
        "{city}{street}下穿隧道工程",
        Owner::CityTransport,
        (1.0, 4.0),
        0.35,
        metres("隧道长度", 20.0, 45.0),
        false,
    ),
];

const PIPE_NETWORKS: &[Variant] = &[
    variant(
        "{city_full}老城区雨污分流管网改造工程",
        Owner::CityManagement,
        (0.5, 3.0),
        0.25,
        km("改造雨污管网长度", 400.0, 1_200.0),
        false,
    ),
    variant(
        "{city}{district}供水管网改造工程",
        Owner::CityWater,
        (0.2, 1.5),
        0.2,
        km("改造供水管网长度", 200.0, 600.0),
        false,
    ),
    variant(
        "{city}{district}燃气管网更新改造工程",
        Owner::CityManagement,
        (0.2, 1.2),
        0.2,
        km("更新燃气管网长度", 150.0, 500.0),
        false,
    ),
    variant(
        "{city}{district}排水管网提质增效工程",
        Owner::CityWater,
        (0.3, 2.0),
        0.2,
        km("新建改造排水管网长度", 300.0, 900.0),
        false,
    ),
    variant(
        "{city}{district}综合管廊工程",
        Owner::CityManagement,
        (1.0, 3.0),
        0.15,
        km("综合管廊长度", 8_000.0, 15_000.0),
        false,
    ),
];

const BUILDINGS: &[Variant] = &[
    variant(
        "{city_full}综合交通枢纽业务用房",
        Owner::CityTransport,
        (1.0, 5.0),
        0.25,
        floor_area(0.5, 0.9),
        false,
    ),
    variant(
        "{city}公路养护应急保障中心",
        Owner::HighwayCentre,
        (0.3, 1.5),
        0.2,
        floor_area(0.4, 0.7),
        false,
    ),
    variant(
        "{county}交通运输综合执法站房建设工程",
        Owner::CityTransport,
        (0.3, 1.0),
        0.2,
        floor_area(0.4, 0.6),
        false,
    ),
    variant(
        "{city}港航调度指挥中心",
        Owner::Waterway,
        (0.5, 2.0),
        0.15,
        floor_area(0.6, 1.0),
        false,
    ),
    variant(
        "{city}汽车客运站改扩建工程",
        Owner::CityTransport,
        (1.0, 3.0),
        0.2,
        floor_area(0.5, 0.8),
        false,
    ),
];

const WATER_WORKS: &[Variant] = &[
    variant(
        "{river}{county}段航道整治工程",
        Owner::Waterway,
        (2.0, 10.0),
        0.25,
        km("整治航道里程", 800.0, 3_000.0),
        false,
    ),
    variant(
        "{county}船闸扩能改造工程",
        Owner::Waterway,
        (3.0, 10.0),
        0.15,
        Quantity {
            name: "船闸设计年通过能力",
            unit: "万吨",
            unit_cost_wan: (15.0, 40.0),
            decimals: 0,
        },
        true,
    ),
    variant(
        "{city}{district}排涝泵站工程",
        Owner::CityWater,
        (0.5, 3.0),
        0.25,
        Quantity {
            name: "新增排涝流量",
            unit: "立方米/秒",
            unit_cost_wan: (300.0, 800.0),
            decimals: 1,
        },
        false,
    ),
    variant(
        "{river}{county}段堤防加固工程",
        Owner::CityWater,
        (0.5, 4.0),
        0.2,
        km("加固堤防长度", 1_000.0, 4_000.0),
        false,
    ),
    variant(
        "{city}城区供水厂扩建工程",
        Owner::CityWater,
        (1.0, 5.0),
        0.15,
        Quantity {
            name: "新增日供水能力",
            unit: "万吨/日",
            unit_cost_wan: (3_000.0, 6_000.0),
            decimals: 1,
        },
        false,
    ),
];

/// The kinds of project of a type.
pub(crate) fn variants(kind: ProjectType) -> &'static [Variant] {
    match kind {
        ProjectType::Highway | ProjectType::Other => HIGHWAYS,
        ProjectType::Bridge => BRIDGES,
        ProjectType::Tunnel => TUNNELS,
        ProjectType::MunicipalPipeNetwork => PIPE_NETWORKS,
        ProjectType::Building => BUILDINGS,
        ProjectType::WaterWorks => WATER_WORKS,
    }
}

/// Fills a name pattern with place names of `region` (and `other`, a neighbouring city).
pub(crate) fn fill(pattern: &str, region: &Region, other: &Region, rng: &mut Stream) -> String {
    let town = *pick(rng, region.towns);
    let town2 = region
        .towns
        .iter()
        .copied()
        .find(|t| *t != town)
        .unwrap_or(town);
    let picks = [
        ("{city_full}", region.name.to_owned()),
        ("{city}", region.short.to_owned()),
        ("{other}", other.short.to_owned()),
        ("{county}", (*pick(rng, region.counties)).to_owned()),
        ("{town2}", town2.to_owned()),
        ("{town}", town.to_owned()),
        ("{district}", (*pick(rng, region.districts)).to_owned()),
        ("{river}", (*pick(rng, region.rivers)).to_owned()),
        ("{mountain}", (*pick(rng, region.mountains)).to_owned()),
        ("{street}", (*pick(rng, region.streets)).to_owned()),
        (
            "{g}",
            pick(rng, &[312, 318, 320, 205, 230, 347, 107]).to_string(),
        ),
        (
            "{s}",
            pick(rng, &[201, 207, 215, 226, 311, 318]).to_string(),
        ),
        ("{dir}", (*pick(rng, &["东", "西", "南", "北"])).to_owned()),
    ];
    let mut name = pattern.to_owned();
    for (placeholder, value) in picks {
        name = name.replace(placeholder, &value);
    }
    name
}

/// Marks a repeated name as a later phase, as real programmes do (二期, 三期 …).
pub(crate) fn phase_suffix(repeat: usize) -> String {
    const NUMERALS: &[&str] = &["二", "三", "四", "五", "六", "七", "八", "九", "十"];
    match NUMERALS.get(repeat.saturating_sub(1)) {
        Some(numeral) => format!("（{numeral}期）"),
        None => format!("（{}期）", repeat + 1),
    }
}
