//! The message catalogue: every word of the interface in Chinese and English.
//!
//! One table, one row per key, so that a missing translation is a visibly short row and a
//! test can check both columns. Keys are grouped by where they appear; `{name}` marks a value
//! filled in by [`super::fill`].

/// `(key, Chinese, English)`.
pub const MESSAGES: &[(&str, &str, &str)] = &[
    // Frame of every page.
    // The product name and the language names stay the same in both languages: a reader
    // looks for their own language's name, written in that language.
    ("app.brand", "绩效 Jixiao", "绩效 Jixiao"),
    ("app.brand_mark", "绩效", "绩效"),
    ("app.brand_name", "Jixiao", "Jixiao"),
    ("lang.zh", "中文", "中文"),
    ("lang.en", "English", "English"),
    (
        "app.tagline",
        "工程项目预算绩效管理",
        "Budget performance of public works",
    ),
    ("nav.label", "主导航", "Main navigation"),
    ("nav.home", "总览", "Overview"),
    ("nav.projects", "项目列表", "Projects"),
    ("nav.api", "数据接口", "API"),
    ("nav.language", "界面语言", "Language"),
    ("nav.breadcrumb", "当前位置", "You are here"),
    (
        "footer.note",
        "金额单位：万元（另注明者除外）。执行率 = 执行数 ÷ 调整后预算。",
        "Amounts in 10,000 yuan (万元) unless stated. Execution rate = executed ÷ adjusted budget.",
    ),
    // Figures and units.
    ("unit.wan", "万元", "10k yuan"),
    ("figure.project_count", "项目数", "Projects"),
    ("figure.adjusted_budget", "调整后预算", "Adjusted budget"),
    ("figure.executed", "已执行", "Executed"),
    ("figure.execution_rate", "预算执行率", "Execution rate"),
    ("fmt.year", "{year}年", "{year}"),
    ("common.all", "全部", "All"),
    ("common.total", "合计", "Total"),
    ("common.subtotal", "小计", "Subtotal"),
    ("common.no_data", "暂无数据", "No data yet"),
    // Table columns.
    ("col.fiscal_year", "预算年度", "Fiscal year"),
    ("col.project_type", "项目类型", "Type"),
    ("col.project_count", "项目数", "Projects"),
    (
        "col.adjusted_budget_wan",
        "调整后预算（万元）",
        "Adjusted budget (10k yuan)",
    ),
    (
        "col.original_budget_wan",
        "年初预算（万元）",
        "Original budget (10k yuan)",
    ),
    ("col.executed_wan", "执行数（万元）", "Executed (10k yuan)"),
    ("col.execution_rate", "执行率", "Rate"),
    ("col.month", "月份", "Month"),
    ("col.planned_wan", "计划支出（万元）", "Planned (10k yuan)"),
    ("col.actual_wan", "实际支出（万元）", "Actual (10k yuan)"),
    (
        "col.planned_cumulative_wan",
        "累计计划（万元）",
        "Cumulative plan (10k yuan)",
    ),
    (
        "col.actual_cumulative_wan",
        "累计实际（万元）",
        "Cumulative actual (10k yuan)",
    ),
    ("col.code", "项目编码", "Code"),
    ("col.name", "项目名称", "Name"),
    ("col.organization", "项目单位", "Organization"),
    ("col.region", "地区", "Region"),
    ("col.status", "状态", "Status"),
    ("col.line_code", "明细编码", "Line code"),
    ("col.line_name", "明细名称", "Cost line"),
    ("col.category", "费用类别", "Cost category"),
    ("col.percent_complete", "完成进度", "Complete"),
    ("col.level1", "一级指标", "Level 1"),
    ("col.level2", "二级指标", "Level 2"),
    ("col.indicator", "三级指标", "Indicator"),
    ("col.direction", "方向", "Direction"),
    ("col.target", "目标值", "Target"),
    ("col.weight", "分值", "Weight"),
    ("col.core", "核心指标", "Core"),
    ("col.latest_reading", "最新实际值", "Latest reading"),
    ("col.date", "日期", "Date"),
    ("col.line", "预算明细", "Cost line"),
    ("col.description", "摘要", "Description"),
    ("col.amount_wan", "金额（万元）", "Amount (10k yuan)"),
    ("col.explanation", "偏差说明", "Explanation"),
    // Home page.
    ("home.title", "预算执行总览", "Budget execution overview"),
    (
        "home.lead",
        "全部在库项目的调整后预算、执行数与预算执行率，按年度和项目类型汇总。",
        "Adjusted budgets, spending and execution rates of all projects, by fiscal year and by type.",
    ),
    ("home.key_figures", "关键指标", "Key figures"),
    ("home.by_year", "按预算年度", "By fiscal year"),
    ("home.by_type", "按项目类型", "By project type"),
    ("home.choose_year", "选择年度", "Choose a year"),
    (
        "home.monthly_heading",
        "{year}年月度计划与实际支出",
        "Planned and actual spending by month, {year}",
    ),
    // Project list.
    ("projects.title", "项目列表", "Projects"),
    ("projects.search", "搜索", "Search"),
    (
        "projects.search_placeholder",
        "项目名称或编码",
        "Project name or code",
    ),
    ("projects.apply", "查询", "Apply"),
    ("projects.reset", "重置", "Reset"),
    (
        "projects.count",
        "共 {total} 个项目，第 {page} / {pages} 页",
        "{total} projects, page {page} of {pages}",
    ),
    (
        "projects.empty",
        "没有符合条件的项目。",
        "No project matches these filters.",
    ),
    (
        "projects.empty_hint",
        "请放宽筛选条件或修改搜索词后重试。",
        "Widen the filters or change the search text and try again.",
    ),
    ("pager.label", "分页", "Pages"),
    ("pager.previous", "上一页", "Previous"),
    ("pager.next", "下一页", "Next"),
    // Project page.
    ("project.planned_start", "计划开工", "Planned start"),
    ("project.planned_finish", "计划完工", "Planned finish"),
    ("project.actual_start", "实际开工", "Actual start"),
    ("project.actual_finish", "实际完工", "Actual finish"),
    ("project.budget_lines", "预算明细", "Budget lines"),
    ("project.budget_year", "{year}年度预算", "Budget {year}"),
    (
        "project.no_budget",
        "该项目尚无预算。",
        "This project has no budget yet.",
    ),
    (
        "project.monthly_heading",
        "月度计划与实际支出（{from} 至 {to}）",
        "Planned and actual spending by month, {from} to {to}",
    ),
    ("project.indicators", "绩效指标", "Performance indicators"),
    (
        "project.no_indicators",
        "该项目尚未设置绩效指标。",
        "No performance indicators are set for this project.",
    ),
    ("project.expenditures", "支出明细", "Expenditures"),
    (
        "project.expenditure_count",
        "共 {total} 笔支出，按日期由近及远排列。",
        "{total} payments, newest first.",
    ),
    (
        "project.no_expenditures",
        "尚无支出记录。",
        "No payments recorded yet.",
    ),
    (
        "indicator.graded",
        "{grade}（{score} 分）",
        "{grade} ({score} points)",
    ),
    // Charts.
    ("monthly.section", "月度执行进度", "Monthly execution"),
    ("chart.show_data", "查看图表数据", "Show the chart's data"),
    ("chart.value_axis", "金额（万元）", "Amount (10k yuan)"),
    ("chart.monthly_panel", "月度支出", "Monthly"),
    ("chart.cumulative_panel", "累计支出", "Cumulative"),
    ("chart.planned", "计划支出", "Planned"),
    ("chart.actual", "实际支出", "Actual"),
    ("chart.planned_cumulative", "累计计划", "Cumulative plan"),
    ("chart.actual_cumulative", "累计实际", "Cumulative actual"),
    ("chart.empty", "暂无数据", "No data"),
    (
        "chart.monthly_desc",
        "{from} 至 {to}：计划支出合计 {planned} 万元，实际支出合计 {actual} 万元。",
        "{from} to {to}: planned {planned}, actual {actual} (10k yuan).",
    ),
    (
        "chart.rate_by_year",
        "各年度预算执行率",
        "Execution rate by fiscal year",
    ),
    (
        "chart.rate_by_type",
        "各类型项目预算执行率",
        "Execution rate by project type",
    ),
    ("chart.rate_axis", "预算执行率（%）", "Execution rate (%)"),
    ("chart.rate_bars", "预算执行率", "Execution rate"),
    ("chart.reference", "100% 基准线", "100% reference"),
    (
        "chart.rate_desc",
        "{count} 个类别的预算执行率，虚线为 100% 基准线。",
        "Execution rate of {count} categories; the dashed line marks 100%.",
    ),
    // Errors.
    ("error.back_home", "返回总览", "Back to the overview"),
    ("error.not_found.title", "未找到", "Not found"),
    (
        "error.not_found.message",
        "找不到您要访问的项目或页面，可能编码有误或已被删除。",
        "The project or page you asked for does not exist; the code may be wrong or it was removed.",
    ),
    ("error.invalid.title", "请求有误", "Bad request"),
    (
        "error.invalid.message",
        "请求中的参数无法识别，请检查后重试。",
        "A parameter of the request could not be read; please check it and try again.",
    ),
    ("error.conflict.title", "数据冲突", "Conflict"),
    (
        "error.conflict.message",
        "该操作与现有数据冲突，未做任何修改。",
        "The request conflicts with existing data; nothing was changed.",
    ),
    (
        "error.internal.title",
        "服务暂时不可用",
        "Something went wrong",
    ),
    (
        "error.internal.message",
        "服务器暂时无法完成请求，请稍后再试。如问题持续，请联系系统管理员。",
        "The server could not complete the request. Please try again later, and tell the administrator if it persists.",
    ),
];

/// Month names on chart axes, January first.
pub const MONTHS_ZH: [&str; 12] = [
    "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月",
];

/// Month names on chart axes, January first.
pub const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
