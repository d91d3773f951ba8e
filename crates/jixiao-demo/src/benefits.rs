//! The benefit and satisfaction indicators of each project type: what a finished road, bridge,
//! tunnel, pipe network, building or water project is expected to change, in the words of
//! typical 绩效目标申报表.

use jixiao_core::ProjectType;

/// A quantitative benefit of a type: name, unit, range of targets, decimals.
pub(crate) type Spec = (&'static str, &'static str, (f64, f64), u32);

/// The benefit and satisfaction indicators of a type.
pub(crate) struct Benefits {
    /// The social benefit (社会效益), quantitative.
    pub social: Spec,
    /// The economic benefit (经济效益), quantitative.
    pub economic: Spec,
    /// The ecological benefit (生态效益) as name and target text, judged qualitatively.
    pub ecological: (&'static str, &'static str),
    /// The name of the satisfaction indicator (服务对象满意度).
    pub satisfaction: &'static str,
}

/// The benefit and satisfaction indicators of projects of `kind`.
pub(crate) fn benefits(kind: ProjectType) -> Benefits {
    match kind {
        ProjectType::Bridge => Benefits {
            social: ("过江（河）通行时间缩短", "分钟", (10.0, 30.0), 0),
            economic: ("年平均日交通量", "辆/日", (15_000.0, 50_000.0), 0),
            ecological: (
                "涉水施工环境保护措施落实情况",
                "涉水施工未造成水体污染，环保措施全部落实",
            ),
            satisfaction: "通行群众满意度",
        },
        ProjectType::Tunnel => Benefits {
            social: ("翻越山岭通行里程缩短", "公里", (3.0, 15.0), 1),
            economic: ("年平均日交通量", "辆/日", (8_000.0, 25_000.0), 0),
            ecological: (
                "弃渣处置及水土保持措施落实情况",
                "弃渣全部规范处置，水土保持方案全部落实",
            ),
            satisfaction: "通行群众满意度",
        },
        ProjectType::MunicipalPipeNetwork => Benefits {
            social: ("管网改造受益人口", "万人", (2.0, 20.0), 1),
            economic: ("年减少管网维修费用", "万元", (50.0, 300.0), 0),
            ecological: ("片区污水直排问题整治情况", "片区污水直排口全部完成整治"),
            satisfaction: "片区居民满意度",
        },
        ProjectType::Building => Benefits {
            social: ("窗口业务平均办理时间缩短", "%", (20.0, 40.0), 0),
            economic: ("年节约租赁办公费用", "万元", (100.0, 500.0), 0),
            ecological: ("绿色建筑标准执行情况", "达到绿色建筑二星级标准"),
            satisfaction: "服务对象满意度",
        },
        ProjectType::WaterWorks => Benefits {
            social: ("工程受益人口", "万人", (5.0, 50.0), 1),
            economic: ("年新增直接经济效益", "万元", (500.0, 5_000.0), 0),
            ecological: (
                "水生态保护措施落实情况",
                "施工期水环境保护措施全部落实，未发生水污染事件",
            ),
            satisfaction: "受益群众满意度",
        },
        ProjectType::Highway | ProjectType::Other => Benefits {
            social: ("区间通行时间缩短", "分钟", (10.0, 40.0), 0),
            economic: ("年平均日交通量", "辆/日", (8_000.0, 30_000.0), 0),
            ecological: (
                "生态环境保护措施落实情况",
                "环评批复的生态保护和水土保持措施全部落实",
            ),
            satisfaction: "沿线群众满意度",
        },
    }
}
