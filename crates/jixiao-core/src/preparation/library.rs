//! The target library (绩效目标库): indicator templates per project type, the statistics of
//! past actual values shown beside them, and the start of a new project's indicator table
//! from them.
//!
//! [`default_library`] is the library a new deployment begins with; administrators edit it
//! and the store keeps the edited copy. The templates of each type weigh 90 together, so a
//! table started from them meets the weight rule with the usual execution weight of 10.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::code::IndicatorCode;
use crate::indicator::{Direction, Indicator, Level1, Level2};
use crate::preparation::target::{Frequency, TargetIndicator, TargetStandard};
use crate::project::ProjectType;

/// An indicator template (指标模板) of the target library for one project type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorTemplate {
    /// The project type it serves.
    pub project_type: ProjectType,
    /// The code the indicator takes in a project, unique within the type.
    pub code: IndicatorCode,
    /// Its level 1.
    pub level1: Level1,
    /// Its level 2.
    pub level2: Level2,
    /// Its name (三级指标).
    pub name: String,
    /// How the actual value is compared with the target.
    pub direction: Direction,
    /// The unit of the target, such as 公里, % or 天.
    pub unit: String,
    /// The weight it takes in a new table.
    pub default_weight: Decimal,
    /// The target it starts with; `None` when only the project can say (a length, an area).
    pub default_target: Option<Decimal>,
    /// The target text of a qualitative indicator.
    pub target_text: Option<String>,
    /// Where its values usually come from.
    pub data_source: String,
    /// The standard the default target was set from.
    pub standard: TargetStandard,
    /// How often its value is usually collected.
    pub frequency: Frequency,
    /// Whether it is a core indicator (★).
    pub core: bool,
}

/// The count and quartiles of the actual values of an indicator in completed projects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Percentiles {
    /// How many values there were.
    pub count: usize,
    /// The 25th percentile.
    pub p25: Decimal,
    /// The median.
    pub p50: Decimal,
    /// The 75th percentile.
    pub p75: Decimal,
}

/// The count, 25th, 50th and 75th percentile of `values` in any order; `None` when there are
/// none.
///
/// Percentiles interpolate linearly between the closest ranks, as spreadsheets' PERCENTILE.INC
/// does (the seventh of Hyndman and Fan's definitions): with the values sorted as x₀ … xₙ₋₁ and
/// h = (n − 1)·p, the percentile is x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋). Finance staff check
/// figures in spreadsheets, so matching them matters more than any other choice. Results are
/// rounded to 4 decimal places, half away from zero.
pub fn percentiles(values: &[Decimal]) -> Option<Percentiles> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort();
    Some(Percentiles {
        count: sorted.len(),
        p25: percentile(&sorted, Decimal::new(25, 2)),
        p50: percentile(&sorted, Decimal::new(50, 2)),
        p75: percentile(&sorted, Decimal::new(75, 2)),
    })
}

/// The indicator table a new project of `project_type` starts with: one row per template of
/// that type, with its default target and weight. Owners are left empty on purpose, so that
/// validation asks for a responsible post or person for each row.
pub fn start_from_library(
    project_type: ProjectType,
    templates: &[IndicatorTemplate],
) -> Vec<TargetIndicator> {
    templates
        .iter()
        .filter(|template| template.project_type == project_type)
        .map(|template| TargetIndicator {
            indicator: Indicator {
                code: template.code.clone(),
                level1: template.level1,
                level2: template.level2,
                name: template.name.clone(),
                direction: template.direction,
                target: template.default_target,
                target_text: template.target_text.clone(),
                unit: template.unit.clone(),
                weight: template.default_weight,
                core: template.core,
            },
            standard: template.standard,
            data_source: template.data_source.clone(),
            frequency: template.frequency,
            owner: None,
        })
        .collect()
}

/// Writes the templates of one project type as a table: each row gives the code, level 2,
/// direction, target (a number, empty for none, or the text of a qualitative target), unit,
/// weight, standard, frequency and core mark, then on its second line the name and the data
/// source. A table reads more easily than struct literals and keeps each type on one screen.
macro_rules! templates {
    ($library:ident, $ty:ident: $(
        $code:literal $level2:ident $direction:ident $target:literal $unit:literal $weight:literal
        $standard:ident $frequency:ident $core:literal
        $name:literal $source:literal;
    )+) => {
        $($library.push({
            let level2 = Level2::$level2;
            let direction = Direction::$direction;
            let (default_target, target_text) = target_columns(direction, $target);
            IndicatorTemplate {
                project_type: ProjectType::$ty,
                code: IndicatorCode::new($code).expect("a valid code in the library table"),
                level1: level2.parent(),
                level2,
                name: $name.to_owned(),
                direction,
                unit: $unit.to_owned(),
                default_weight: Decimal::from($weight),
                default_target,
                target_text,
                data_source: $source.to_owned(),
                standard: TargetStandard::$standard,
                frequency: Frequency::$frequency,
                core: $core,
            }
        });)+
    };
}

/// The library a new deployment starts with: templates for every project type, in the shape of
/// the indicator tables finance departments publish, for administrators to adjust. Targets that
/// only the project can give (a length, an area) are left empty.
pub fn default_library() -> Vec<IndicatorTemplate> {
    let mut library = Vec::new();
    templates!(library, Highway:
        "mileage_completion" Quantity AtLeast "100" "%" 15 Plan Quarterly true
            "建设里程完成率" "监理月报、计量支付资料";
        "first_pass_rate" Quality AtLeast "98" "%" 15 Industry Once true
            "分项工程一次验收合格率" "质量检测报告";
        "schedule_delay" Timeliness AtMost "0" "天" 10 Plan Quarterly true
            "工期延误天数" "施工进度计划、监理月报";
        "investment_control" OutputCost AtMost "100" "%" 10 Plan Yearly true
            "投资控制率（实际投资/批复概算）" "财务决算报告";
        "cost_per_km" OutputCost AtMost "3000" "万元/公里" 5 History Once false
            "单公里建安造价" "工程结算资料";
        "travel_time_saved" Social AtLeast "20" "%" 10 Plan Yearly false
            "沿线通行时间缩短率" "交通量观测资料";
        "daily_traffic" Economic AtLeast "8000" "辆/日" 5 History Yearly false
            "年平均日交通量" "交通量观测站统计";
        "construction_environment" Ecological Qualitative "施工期未发生环境污染事件" "" 5 Industry
            Quarterly false
            "施工期环境保护" "环保监测报告";
        "pavement_design_life" Sustainability AtLeast "15" "年" 5 Industry Once false
            "路面设计使用年限" "设计文件";
        "satisfaction" ServiceSatisfaction AtLeast "90" "%" 10 Other Once true
            "沿线群众满意度" "问卷调查";
    );
    templates!(library, Bridge:
        "main_works_completion" Quantity AtLeast "100" "%" 15 Plan Quarterly true
            "桥梁主体工程完成率" "监理月报";
        "load_test" Quality Qualitative "成桥荷载试验结果满足设计要求" "" 10 Industry Once true
            "成桥荷载试验" "荷载试验报告";
        "first_pass_rate" Quality AtLeast "98" "%" 10 Industry Once false
            "分项工程一次验收合格率" "质量检测报告";
        "schedule_delay" Timeliness AtMost "0" "天" 10 Plan Quarterly true
            "工期延误天数" "施工进度计划、监理月报";
        "investment_control" OutputCost AtMost "100" "%" 10 Plan Yearly true
            "投资控制率（实际投资/批复概算）" "财务决算报告";
        "cost_per_deck_area" OutputCost AtMost "1.2" "万元/平方米" 5 History Once false
            "桥面每平方米造价" "工程结算资料";
        "crossing_time_saved" Social AtLeast "30" "%" 10 Plan Yearly false
            "跨河通行时间缩短率" "交通量观测资料";
        "structure_design_life" Sustainability AtLeast "100" "年" 10 Industry Once false
            "主体结构设计使用年限" "设计文件";
        "satisfaction" ServiceSatisfaction AtLeast "90" "%" 10 Other Once true
            "周边群众满意度" "问卷调查";
    );
    templates!(library, Tunnel:
        "excavation_completion" Quantity AtLeast "100" "%" 15 Plan Monthly true
            "隧道开挖进尺完成率" "施工日志、监理月报";
        "lining_pass_rate" Quality AtLeast "95" "%" 10 Industry Quarterly true
            "衬砌质量检测合格率" "第三方检测报告";
        "construction_safety" Quality Qualitative "施工期无较大及以上安全事故" "" 10 Plan
            Quarterly true
            "施工安全" "安全监督记录";
        "breakthrough_delay" Timeliness AtMost "0" "天" 10 Plan Quarterly true
            "贯通工期延误天数" "施工进度计划、监理月报";
        "investment_control" OutputCost AtMost "100" "%" 10 Plan Yearly true
            "投资控制率（实际投资/批复概算）" "财务决算报告";
        "cost_per_km" OutputCost AtMost "9000" "万元/公里" 5 History Once false
            "单公里隧道造价" "工程结算资料";
        "detour_shortened" Social AtLeast "" "公里" 10 Plan Once false
            "绕行里程缩短" "设计文件、路网测绘";
        "spoil_disposal" Ecological Qualitative "弃渣规范处置，无水土流失事件" "" 10 Industry
            Quarterly false
            "弃渣处置" "水土保持监测报告";
        "satisfaction" ServiceSatisfaction AtLeast "90" "%" 10 Other Once true
            "周边群众满意度" "问卷调查";
    );
    templates!(library, MunicipalPipeNetwork:
        "pipe_length" Quantity AtLeast "" "公里" 15 Plan Quarterly true
            "新建改造管网长度" "竣工测量资料";
        "pressure_test_pass_rate" Quality AtLeast "100" "%" 15 Industry Once true
            "管道闭水（试压）试验合格率" "试验记录";
        "leakage_rate" Quality AtMost "9" "%" 5 Industry Yearly false
            "供水管网漏损率" "供水企业统计报表";
        "schedule_delay" Timeliness AtMost "0" "天" 10 Plan Quarterly true
            "工期延误天数" "施工进度计划、监理月报";
        "investment_control" OutputCost AtMost "100" "%" 10 Plan Yearly true
            "投资控制率（实际投资/批复概算）" "财务决算报告";
        "cost_per_km" OutputCost AtMost "600" "万元/公里" 5 History Once false
            "单公里管网造价" "工程结算资料";
        "waterlogging" Social Qualitative "片区汛期无明显内涝积水" "" 10 Plan Yearly false
            "片区内涝改善" "排水管理部门记录";
        "sewage_collection" Ecological AtLeast "70" "%" 10 Plan Yearly false
            "片区生活污水集中收集率" "排水管理部门统计";
        "satisfaction" ServiceSatisfaction AtLeast "90" "%" 10 Other Once true
            "片区居民满意度" "问卷调查";
    );
    templates!(library, Building:
        "floor_area" Quantity AtLeast "" "平方米" 15 Plan Quarterly true
            "建筑面积" "竣工验收资料";
        "acceptance_pass_rate" Quality AtLeast "100" "%" 15 Industry Once true
            "单位工程竣工验收合格率" "竣工验收报告";
        "green_building" Quality Qualitative "达到绿色建筑一星级标准" "" 5 Industry Once false
            "绿色建筑等级" "绿色建筑评价报告";
        "schedule_delay" Timeliness AtMost "0" "天" 10 Plan Quarterly true
            "工期延误天数" "施工进度计划、监理月报";
        "investment_control" OutputCost AtMost "100" "%" 10 Plan Yearly true
            "投资控制率（实际投资/批复概算）" "财务决算报告";
        "cost_per_area" OutputCost AtMost "4500" "元/平方米" 5 History Once false
            "单方建安造价" "工程结算资料";
        "handover_rate" Social AtLeast "100" "%" 10 Plan Yearly false
            "建成交付使用率" "使用单位报告";
        "energy_saving" Ecological AtLeast "10" "%" 5 Industry Yearly false
            "单位面积能耗较同类建筑降低率" "能耗监测数据";
        "structure_design_life" Sustainability AtLeast "50" "年" 5 Industry Once false
            "主体结构设计使用年限" "设计文件";
        "satisfaction" ServiceSatisfaction AtLeast "90" "%" 10 Other Once true
            "使用单位满意度" "问卷调查";
    );
    templates!(library, WaterWorks:
        "works_completion" Quantity AtLeast "100" "%" 15 Plan Quarterly true
            "堤防（渠道）建设任务完成率" "监理月报";
        "unit_works_pass_rate" Quality AtLeast "100" "%" 10 Industry Once true
            "单元工程施工质量合格率" "质量评定资料";
        "unit_works_excellent_rate" Quality AtLeast "85" "%" 5 Industry Once false
            "单元工程施工质量优良率" "质量评定资料";
        "schedule_delay" Timeliness AtMost "0" "天" 10 Plan Quarterly true
            "工期延误天数" "施工进度计划、监理月报";
        "flood_season_ready" Timeliness Qualitative "主汛期前完成度汛工程" "" 5 Plan Yearly false
            "度汛工程完成时限" "防汛检查记录";
        "investment_control" OutputCost AtMost "100" "%" 10 Plan Yearly true
            "投资控制率（实际投资/批复概算）" "财务决算报告";
        "flood_protection" Social AtLeast "20" "年一遇" 10 Plan Once true
            "防洪标准" "设计文件、竣工验收报告";
        "irrigated_area" Economic AtLeast "" "万亩" 10 Plan Yearly false
            "新增（改善）灌溉面积" "水利部门统计";
        "construction_water_quality" Ecological Qualitative "施工期水质达标，无水土流失事件" ""
            5 Industry Quarterly false
            "施工期生态保护" "环保及水保监测报告";
        "satisfaction" ServiceSatisfaction AtLeast "90" "%" 10 Other Once true
            "受益群众满意度" "问卷调查";
    );
    templates!(library, Other:
        "task_completion" Quantity AtLeast "100" "%" 20 Plan Quarterly true
            "年度任务完成率" "项目进度报告";
        "acceptance_pass_rate" Quality AtLeast "100" "%" 15 Plan Once true
            "验收合格率" "验收报告";
        "on_time_rate" Timeliness AtLeast "100" "%" 15 Plan Quarterly false
            "按期完成率" "项目进度报告";
        "cost_control" OutputCost AtMost "100" "%" 10 Plan Yearly false
            "成本控制率（实际支出/预算）" "财务报表";
        "social_benefit" Social Qualitative "项目目标达成，服务能力提升" "" 15 Plan Yearly false
            "社会效益" "项目总结报告";
        "satisfaction" ServiceSatisfaction AtLeast "90" "%" 15 Other Once true
            "服务对象满意度" "问卷调查";
    );
    library
}

/// The percentile `p` (0 to 1) of the sorted, non-empty `sorted`, as [`percentiles`] defines
/// it.
fn percentile(sorted: &[Decimal], p: Decimal) -> Decimal {
    let h = Decimal::from(sorted.len() - 1) * p;
    let below = h.floor();
    let index = below
        .to_usize()
        .expect("a rank within the slice fits in usize");
    let lower = sorted[index];
    let value = match sorted.get(index + 1) {
        Some(upper) => lower + (h - below) * (*upper - lower),
        None => lower,
    };
    value.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
}

/// The default target and target text a row's target column stands for: a number, nothing,
/// or the text of a qualitative target. The rows are fixed in this file and checked by its
/// tests, so a malformed number is a programming error.
fn target_columns(direction: Direction, target: &str) -> (Option<Decimal>, Option<String>) {
    if direction == Direction::Qualitative {
        (None, Some(target.to_owned()))
    } else if target.is_empty() {
        (None, None)
    } else {
        let value = target
            .parse()
            .expect("a numeric target in the library table");
        (Some(value), None)
    }
}

#[cfg(test)]
mod tests;
