//! The messages of the performance targets page (绩效目标) and of the target declaration form
//! (绩效目标申报表), in Chinese and English; kept apart from the main catalogue only for length,
//! and looked up through the same [`super::t`].

/// `(key, Chinese, English)`.
pub const MESSAGES: &[(&str, &str, &str)] = &[
    ("targets.title", "绩效目标", "Performance targets"),
    ("targets.link", "绩效目标", "Performance targets"),
    ("targets.goals", "目标概况", "Goals"),
    ("targets.overall_goal", "总体目标", "Overall goal"),
    ("targets.annual_goal", "年度目标", "Annual goal"),
    (
        "targets.execution_weight",
        "预算执行率分值",
        "Weight of the budget execution rate",
    ),
    (
        "targets.no_goal",
        "尚未填写总体目标。",
        "No overall goal has been entered.",
    ),
    ("targets.indicators", "绩效指标", "Indicators"),
    (
        "targets.empty",
        "尚未设置绩效指标，可从目标库开始。",
        "No indicator yet; start from the target library.",
    ),
    (
        "targets.history",
        "同类项目实际值 P25 / 中位数 / P75（项目数）",
        "Past actual values P25 / median / P75 (projects)",
    ),
    (
        "targets.history_note",
        "历史值取自同类已完工项目各指标的最新实际值，可作为设定历史标准目标值的参考。",
        "Past values are the latest actual values of completed projects of the same type, for setting a target from history.",
    ),
    (
        "targets.weight_total",
        "分值合计（含预算执行率）",
        "Total weight (with the execution rate)",
    ),
    ("targets.weight_note", "应为 100", "should be 100"),
    (
        "targets.complete",
        "绩效目标完整，符合全部填报规则。",
        "The targets are complete and meet every rule.",
    ),
    (
        "targets.problems",
        "绩效目标尚有 {count} 项问题，预算提交前须改正：",
        "The targets have {count} problems to fix before the budget can be submitted:",
    ),
    (
        "targets.declaration",
        "目标申报表（打印）",
        "Declaration form (print)",
    ),
    ("targets.edit", "编辑绩效目标", "Edit the targets"),
    (
        "targets.edit_hint",
        "每行一个三级指标；最后一行为空行，填写即可新增指标；勾选“删除”可移除未录入实际值的指标。",
        "One indicator per row; fill in the empty last row to add one; tick Remove to drop an indicator that has no readings yet.",
    ),
    (
        "targets.from_library",
        "从目标库开始",
        "Start from the library",
    ),
    (
        "targets.library_added",
        "已从目标库加入 {count} 个指标，请补充目标值和责任人。",
        "{count} indicators were added from the library; fill in their targets and owners.",
    ),
    (
        "targets.saved",
        "绩效目标已保存。",
        "The targets were saved.",
    ),
    ("targets.save", "保存绩效目标", "Save the targets"),
    ("targets.code", "指标编码", "Code"),
    ("targets.unit", "计量单位", "Unit"),
    ("targets.remove", "删除", "Remove"),
    ("targets.qualitative", "定性", "qualitative"),
    ("targets.no_target", "未设目标值", "no target"),
    (
        "targets.error.title",
        "以下内容无法识别，未保存：",
        "These entries could not be read; nothing was saved:",
    ),
    (
        "targets.error.field",
        "第 {row} 行“{field}”：“{value}”无法识别。",
        "Row {row}, {field}: \"{value}\" cannot be read.",
    ),
    (
        "targets.error.execution_weight",
        "预算执行率分值“{value}”不是数字。",
        "The weight of the execution rate, \"{value}\", is not a number.",
    ),
    (
        "targets.error.year",
        "年度“{value}”不是有效的年份。",
        "The year \"{value}\" is not a valid year.",
    ),
    (
        "targets.error.failed",
        "未能保存：{detail}",
        "Not saved: {detail}",
    ),
    // Last year's outcome of a line, on the prepare page.
    ("prepare.last_year_label", "上年执行情况", "Last year"),
    (
        "prepare.last_year",
        "{line}：预算 {budget} 万元，执行 {spent} 万元，执行率 {rate}。",
        "{line}: budget {budget}, spent {spent} (10k yuan), rate {rate}.",
    ),
    // Why a budget cannot be submitted, on the prepare page.
    (
        "prepare.blocker.targets.goal",
        "绩效目标：未填写总体目标。",
        "Performance targets: the overall goal is missing.",
    ),
    (
        "prepare.blocker.targets.annual_goal",
        "绩效目标：有年度目标为空。",
        "Performance targets: an annual goal is empty.",
    ),
    (
        "prepare.blocker.targets.execution_weight",
        "绩效目标：预算执行率分值应在 0 到 100 之间。",
        "Performance targets: the execution rate weight must be between 0 and 100.",
    ),
    (
        "prepare.blocker.targets.duplicate",
        "绩效目标：指标编码重复。",
        "Performance targets: an indicator code is used twice.",
    ),
    (
        "prepare.blocker.targets.level",
        "绩效目标：有二级指标不属于其一级指标。",
        "Performance targets: a level 2 does not belong to its level 1.",
    ),
    (
        "prepare.blocker.targets.weight",
        "绩效目标：有指标分值不大于 0。",
        "Performance targets: an indicator weight is not above 0.",
    ),
    (
        "prepare.blocker.targets.target",
        "绩效目标：有指标缺少目标值或目标描述。",
        "Performance targets: an indicator has no target.",
    ),
    (
        "prepare.blocker.targets.owner",
        "绩效目标：有指标未指定责任人。",
        "Performance targets: an indicator has no owner.",
    ),
    (
        "prepare.blocker.targets.weight_sum",
        "绩效目标：指标分值合计不等于 100 减预算执行率分值。",
        "Performance targets: the indicator weights do not add up to 100 less the execution rate weight.",
    ),
    (
        "prepare.blocker.targets.required",
        "绩效目标：工程建设项目须设置工期、成本和质量目标。",
        "Performance targets: a construction project must carry schedule, cost and quality targets.",
    ),
    (
        "prepare.blocker.targets.other",
        "绩效目标不完整（{code}）。",
        "Performance targets are incomplete ({code}).",
    ),
    // The declaration form.
    (
        "declaration.title",
        "项目支出绩效目标申报表",
        "Performance target declaration of project spending",
    ),
    (
        "declaration.year",
        "（{year} 年度）",
        "(fiscal year {year})",
    ),
    ("declaration.project", "项目名称", "Project"),
    ("declaration.code", "项目编码", "Project code"),
    (
        "declaration.organization",
        "实施单位",
        "Implementing organization",
    ),
    ("declaration.type", "项目类型", "Project type"),
    ("declaration.period", "项目周期", "Project period"),
    (
        "declaration.funds",
        "年度资金（万元）",
        "Funds of the year (10k yuan)",
    ),
    ("declaration.total", "年度资金总额", "Total of the year"),
    (
        "declaration.execution",
        "预算执行率分值",
        "Execution rate weight",
    ),
    ("declaration.goals", "绩效目标", "Goals"),
    ("declaration.indicators", "绩效指标", "Indicators"),
    ("declaration.target_value", "指标值", "Target"),
    (
        "declaration.signature",
        "单位负责人：　　　　　　　财务负责人：　　　　　　　填表人：　　　　　　　填报日期：",
        "Head of organization:            Head of finance:            Prepared by:            Date:",
    ),
    ("declaration.print", "打印", "Print"),
    ("declaration.back", "返回绩效目标", "Back to the targets"),
    (
        "declaration.no_budget",
        "暂无该年度预算",
        "no budget of the year",
    ),
];
