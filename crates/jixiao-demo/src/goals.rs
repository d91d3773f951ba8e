//! The performance target sets (绩效目标) of the demo projects: an overall goal and a goal for
//! each budget year (the year being prepared included) written from the project itself, the usual execution weight of 10, and the
//! indicator table of the dossier with the standard, data source and collection frequency of the
//! library template it was started from and the owner the demo gave it.

use std::collections::HashMap;

use jixiao_core::preparation::library::{IndicatorTemplate, default_library};
use jixiao_core::preparation::target::{Frequency, TargetIndicator, TargetSet, TargetStandard};
use jixiao_core::{ItemRef, ProjectCode, ProjectDossier, ProjectType};
use rust_decimal::Decimal;

use crate::accounts::responsibilities;
use crate::{Demo, PREPARED_YEAR};

/// The target set of every demo project, in project code order.
pub fn target_sets(demo: &Demo) -> Vec<(ProjectCode, TargetSet)> {
    let library = default_library();
    let templates: HashMap<(ProjectType, &str), &IndicatorTemplate> = library
        .iter()
        .map(|t| ((t.project_type, t.code.as_str()), t))
        .collect();
    let duties = responsibilities(demo);
    demo.dossiers
        .iter()
        .zip(&duties.assignments)
        .map(|(dossier, (code, owners))| {
            let project_type = dossier.project.project_type;
            let indicators = dossier
                .indicators
                .iter()
                .map(|indicator| {
                    let template = templates.get(&(project_type, indicator.code.as_str()));
                    let owner = owners
                        .iter()
                        .find(|(item, _)| *item == ItemRef::Indicator(indicator.code.clone()))
                        .map(|(_, owner)| owner.reference());
                    TargetIndicator {
                        indicator: indicator.clone(),
                        standard: template.map_or(TargetStandard::Plan, |t| t.standard),
                        data_source: template
                            .map_or_else(|| "项目管理台账".to_owned(), |t| t.data_source.clone()),
                        frequency: template.map_or(Frequency::Yearly, |t| t.frequency),
                        owner,
                    }
                })
                .collect();
            let mut annual_goals = annual_goals(dossier);
            let prepared = demo.preparation.budgets.iter().find(|b| b.project == *code);
            if let Some(prepared) = prepared {
                annual_goals.push((
                    PREPARED_YEAR,
                    format!(
                        "按申报预算 {} 万元推进年度建设任务，各项绩效指标按期达标。",
                        prepared.budget.original_total().format_wan(2)
                    ),
                ));
            }
            let set = TargetSet {
                overall_goal: overall_goal(dossier),
                annual_goals,
                execution_weight: Decimal::TEN,
                indicators,
            };
            (code.clone(), set)
        })
        .collect()
}

/// The long-term goal, in the words a project owner would use for its type.
fn overall_goal(dossier: &ProjectDossier) -> String {
    let project = &dossier.project;
    let purpose = match project.project_type {
        ProjectType::Highway => "提升区域路网通行能力和服务水平，改善沿线群众出行条件",
        ProjectType::Bridge => "消除通行瓶颈，保障跨河通道安全畅通",
        ProjectType::Tunnel => "缩短绕行里程，提高山区通道的安全性和全天候通行能力",
        ProjectType::MunicipalPipeNetwork => "完善城市管网体系，提高排水防涝和供水保障能力",
        ProjectType::Building => "满足业务用房需求，提升公共服务能力",
        ProjectType::WaterWorks => "提高防洪和供水保障能力，改善区域水环境",
        ProjectType::Other => "按批复内容完成建设任务，发挥项目效益",
    };
    format!(
        "按期、保质、在批复概算内建成{}（{} 至 {}），{}。",
        project.name, project.planned_start, project.planned_finish, purpose
    )
}

/// One goal per budget year: the year's share of the works, or its completion.
fn annual_goals(dossier: &ProjectDossier) -> Vec<(i32, String)> {
    let finish = dossier.project.planned_finish.format("%Y").to_string();
    dossier
        .budgets
        .iter()
        .map(|budget| {
            let year = budget.fiscal_year;
            let total = budget.adjusted_total();
            let goal = if year.to_string() == finish {
                format!(
                    "完成剩余工程并组织交工验收，年度预算 {} 万元执行到位。",
                    total.format_wan(2)
                )
            } else {
                format!(
                    "完成年度建设任务，年度预算 {} 万元按计划支付，质量安全无事故。",
                    total.format_wan(2)
                )
            };
            (year, goal)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use jixiao_core::preparation::target::validate;

    use super::*;
    use crate::{DemoConfig, generate};

    #[test]
    fn every_demo_target_set_passes_every_rule() {
        let demo = generate(&DemoConfig::default());
        let sets = target_sets(&demo);
        assert_eq!(sets.len(), demo.dossiers.len());
        for ((code, set), dossier) in sets.iter().zip(&demo.dossiers) {
            assert_eq!(code, &dossier.project.code);
            let problems = validate(dossier.project.project_type, set);
            assert!(problems.is_empty(), "{code}: {problems:?}");
            let prepared = demo.preparation.budgets.iter().any(|b| b.project == *code);
            let years = dossier.budgets.len() + usize::from(prepared);
            assert_eq!(set.annual_goals.len(), years, "{code}");
        }
    }
}
