//! The fictional province: its prefecture-level cities with their place names, and the tree of
//! organizations of its transport department (省交通运输厅).
//!
//! Two cities are managed worse than the others; their projects change more, run later, cost
//! more and explain less, so that a model trained on the demo has something real to find.

use jixiao_core::{OrgCode, Organization};

/// How well a city's projects are run, which shifts delays, overruns and execution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Management {
    /// Better than most: fewer changes, steadier spending.
    Good,
    /// Like most.
    Average,
    /// Worse than most: more changes, longer delays, weaker execution.
    Poor,
}

/// A prefecture-level city (地级市) and the names used to build project names in it.
pub(crate) struct Region {
    /// Full name, such as 江城市; the region of a project.
    pub name: &'static str,
    /// Short name used inside project names, such as 江城.
    pub short: &'static str,
    /// Code used inside organization codes.
    pub code: &'static str,
    /// How well its projects are run.
    pub management: Management,
    /// Urban districts and new areas.
    pub districts: &'static [&'static str],
    /// Counties (县).
    pub counties: &'static [&'static str],
    /// Towns (镇), ends of road sections.
    pub towns: &'static [&'static str],
    /// Rivers crossed by bridges and dredged as waterways.
    pub rivers: &'static [&'static str],
    /// Mountains tunnels run through.
    pub mountains: &'static [&'static str],
    /// Urban roads with interchanges and underpasses.
    pub streets: &'static [&'static str],
}

/// The cities of the province, the capital first.
pub(crate) const REGIONS: &[Region] = &[
    Region {
        name: "江城市",
        short: "江城",
        code: "JC",
        management: Management::Good,
        districts: &["东湖区", "江北新区", "汉阳区"],
        counties: &["柳溪县", "新洲县"],
        towns: &["石门镇", "柳溪镇", "阳逻镇"],
        rivers: &["长江", "柳溪河"],
        mountains: &["凤凰山", "九峰山"],
        streets: &["中山大道", "友谊路"],
    },
    Region {
        name: "云山市",
        short: "云山",
        code: "YS",
        management: Management::Average,
        districts: &["云山区", "高新区"],
        counties: &["石门县", "清水县"],
        towns: &["清水镇", "龙潭镇", "马鞍镇"],
        rivers: &["清水河", "云溪"],
        mountains: &["云山", "雁鸣岭", "马鞍山"],
        streets: &["云山大道", "建设路"],
    },
    Region {
        name: "青州市",
        short: "青州",
        code: "QZ",
        management: Management::Good,
        districts: &["青阳区", "滨江区"],
        counties: &["临江县", "青溪县"],
        towns: &["白沙镇", "临江镇", "望城镇"],
        rivers: &["长江", "白沙河"],
        mountains: &["青峰山", "望城岭"],
        streets: &["滨江大道", "青年路"],
    },
    Region {
        name: "临川市",
        short: "临川",
        code: "LC",
        management: Management::Average,
        districts: &["临川区", "经开区"],
        counties: &["丰乐县", "桃源县"],
        towns: &["桃源镇", "丰乐镇", "金溪镇"],
        rivers: &["临水", "金溪"],
        mountains: &["桃花岭", "金鸡山"],
        streets: &["临川大道", "迎宾路"],
    },
    Region {
        name: "安远市",
        short: "安远",
        code: "AY",
        management: Management::Poor,
        districts: &["安远区", "城南新区"],
        counties: &["平山县", "古城县"],
        towns: &["古城镇", "平山镇", "鹰潭镇"],
        rivers: &["安河", "鹰溪"],
        mountains: &["鹰嘴岩", "平顶岭"],
        streets: &["安远大道", "人民路"],
    },
    Region {
        name: "白河市",
        short: "白河",
        code: "BH",
        management: Management::Poor,
        districts: &["白河区", "河东新区"],
        counties: &["龙泉县", "沙坪县"],
        towns: &["沙坪镇", "龙泉镇", "双河镇"],
        rivers: &["白河", "龙泉河"],
        mountains: &["龙头山", "双峰岭"],
        streets: &["白河大道", "解放路"],
    },
    Region {
        name: "南屏市",
        short: "南屏",
        code: "NP",
        management: Management::Average,
        districts: &["南屏区", "翠湖新区"],
        counties: &["翠溪县", "乐安县"],
        towns: &["乐安镇", "翠溪镇", "南岭镇"],
        rivers: &["翠溪", "乐安河"],
        mountains: &["南屏山", "南岭"],
        streets: &["南屏大道", "翠湖路"],
    },
];

/// Who owns a project (项目单位), by the kind of work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Owner {
    /// 省高速公路建设管理局: expressways and their large structures, in any city.
    Expressway,
    /// 省公路事业发展中心 itself: province-wide road facilities.
    HighwayCentre,
    /// 省港航事业发展中心: waterways, locks and port facilities.
    Waterway,
    /// The city's transport bureau (市交通运输局): trunk and rural roads, urban structures.
    CityTransport,
    /// The city's urban management bureau (市城市管理局): pipes and utility tunnels.
    CityManagement,
    /// The city's water bureau (市水务局): water supply, drainage and flood works.
    CityWater,
}

/// The root of the tree, the department itself.
const DEPARTMENT: (&str, &str) = ("JT", "省交通运输厅");
/// The bureaus directly below the department, each with its parent.
const BUREAUS: &[(&str, &str, &str)] = &[
    ("JT-GL", "省公路事业发展中心", "JT"),
    ("JT-GS", "省高速公路建设管理局", "JT"),
    ("JT-GH", "省港航事业发展中心", "JT"),
    ("JT-CJ", "省城市建设事务中心", "JT"),
];

/// The code of the organization that owns a project of `owner` kind in `region`.
pub(crate) fn owner_code(owner: Owner, region: &Region) -> OrgCode {
    let text = match owner {
        Owner::Expressway => "JT-GS".to_owned(),
        Owner::HighwayCentre => "JT-GL".to_owned(),
        Owner::Waterway => "JT-GH".to_owned(),
        Owner::CityTransport => format!("JT-GL-{}", region.code),
        Owner::CityManagement => format!("JT-CJ-{}-CG", region.code),
        Owner::CityWater => format!("JT-CJ-{}-SW", region.code),
    };
    OrgCode::new(text).expect("generated organization codes are valid")
}

/// The department, its bureaus and the owners in every city, parents before children.
pub(crate) fn organizations() -> Vec<Organization> {
    let org = |code: String, name: String, parent: Option<&str>| Organization {
        code: OrgCode::new(code).expect("generated organization codes are valid"),
        name,
        parent: parent.map(|p| OrgCode::new(p).expect("valid parent code")),
    };
    let mut all = vec![org(DEPARTMENT.0.into(), DEPARTMENT.1.into(), None)];
    for (code, name, parent) in BUREAUS {
        all.push(org((*code).into(), (*name).into(), Some(parent)));
    }
    for region in REGIONS {
        let owners = [
            (Owner::CityTransport, "交通运输局", "JT-GL"),
            (Owner::CityManagement, "城市管理局", "JT-CJ"),
            (Owner::CityWater, "水务局", "JT-CJ"),
        ];
        for (owner, suffix, parent) in owners {
            all.push(Organization {
                code: owner_code(owner, region),
                name: format!("{}{suffix}", region.name),
                parent: Some(OrgCode::new(parent).expect("valid parent code")),
            });
        }
    }
    all
}
