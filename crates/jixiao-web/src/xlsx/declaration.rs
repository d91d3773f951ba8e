//! The target declaration form (绩效目标申报表) as a workbook: one sheet in the form's usual
//! layout, the particulars of the project in label and value pairs, the goals, then the
//! indicator table with merged level 1 and level 2 cells, ready to print on A4.
//!
//! Weights and funds are numbers, not text, so that a reader can add them up; funds are in
//! 万元 with two decimals, as the form states.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::number;
use crate::pages::declaration::Declaration;

/// The row (from 0) of the indicator table's headings.
pub const INDICATOR_HEADER_ROW: u32 = 8;

/// The indicator table's headings, in column order.
pub const INDICATOR_HEADINGS: [&str; 8] = [
    "一级指标",
    "二级指标",
    "三级指标",
    "指标值",
    "分值",
    "指标值设定依据",
    "数据来源",
    "责任人",
];

/// Writes `form` as a workbook with one sheet named 绩效目标申报表.
pub fn workbook(form: &Declaration) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("绩效目标申报表")?;
    let cell = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let label = cell.clone().set_bold().set_align(FormatAlign::Center);
    let weight = cell.clone().set_num_format("0.##");
    let money = cell.clone().set_num_format("#,##0.00");
    let title = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center);

    sheet.merge_range(
        0,
        0,
        0,
        7,
        &format!("项目支出绩效目标申报表（{} 年度）", form.year),
        &title,
    )?;
    pair(
        sheet,
        2,
        ("项目名称", &form.name),
        ("项目编码", &form.code),
        &label,
        &cell,
    )?;
    pair(
        sheet,
        3,
        ("实施单位", &form.organization),
        ("项目类型", &form.project_type),
        &label,
        &cell,
    )?;
    sheet.write_string_with_format(4, 0, "项目周期", &label)?;
    sheet.merge_range(4, 1, 4, 7, &form.period, &cell)?;
    sheet.write_string_with_format(5, 0, "年度资金（万元）", &label)?;
    match form.funds {
        Some(funds) => {
            sheet.write_number_with_format(5, 1, number(funds.to_wan_decimal()), &money)?
        }
        None => sheet.write_string_with_format(5, 1, "暂无该年度预算", &cell)?,
    };
    sheet.merge_range(5, 2, 5, 3, "预算执行率分值", &label)?;
    sheet.write_number_with_format(5, 4, number(form.execution_weight), &weight)?;
    sheet.merge_range(5, 5, 5, 7, "", &cell)?;
    sheet.write_string_with_format(6, 0, "总体目标", &label)?;
    sheet.merge_range(6, 1, 6, 7, &form.overall_goal, &cell)?;
    sheet.write_string_with_format(7, 0, "年度目标", &label)?;
    sheet.merge_range(7, 1, 7, 7, &form.annual_goal, &cell)?;
    sheet.set_row_height(6, 48)?;
    sheet.set_row_height(7, 36)?;

    for (col, heading) in INDICATOR_HEADINGS.iter().enumerate() {
        sheet.write_string_with_format(INDICATOR_HEADER_ROW, column(col), *heading, &label)?;
    }
    let mut row = INDICATOR_HEADER_ROW + 1;
    for (level1, span1, seconds) in form.groups() {
        merged(sheet, row, 0, span1, &level1, &cell)?;
        let mut at = row;
        for (level2, members) in seconds {
            merged(sheet, at, 1, members.len(), &level2, &cell)?;
            for member in &members {
                sheet.write_string_with_format(at, 2, &member.name, &cell)?;
                sheet.write_string_with_format(at, 3, &member.target, &cell)?;
                sheet.write_number_with_format(at, 4, number(member.weight), &weight)?;
                sheet.write_string_with_format(at, 5, &member.standard, &cell)?;
                sheet.write_string_with_format(at, 6, &member.data_source, &cell)?;
                sheet.write_string_with_format(at, 7, &member.owner, &cell)?;
                at += 1;
            }
        }
        row += u32::try_from(span1).unwrap_or(u32::MAX);
    }

    for (col, width) in [10, 12, 26, 16, 7, 14, 20, 14].into_iter().enumerate() {
        sheet.set_column_width(column(col), width)?;
    }
    // 9 is A4 among the paper codes of the file format.
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    workbook.save_to_buffer()
}

/// Two label and value pairs on one row: A–B and C–D … as the form's particulars go.
fn pair(
    sheet: &mut Worksheet,
    row: u32,
    (left, left_value): (&str, &str),
    (right, right_value): (&str, &str),
    label: &Format,
    cell: &Format,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(row, 0, left, label)?;
    sheet.merge_range(row, 1, row, 3, left_value, cell)?;
    sheet.write_string_with_format(row, 4, right, label)?;
    sheet.merge_range(row, 5, row, 7, right_value, cell)?;
    Ok(())
}

/// A cell spanning `span` rows down from `row`; a single row is written plainly, since a
/// one-cell merge is refused.
fn merged(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    span: usize,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    let last = row + u32::try_from(span.max(1) - 1).unwrap_or(0);
    if last == row {
        sheet.write_string_with_format(row, col, text, format)?;
    } else {
        sheet.merge_range(row, col, last, col, text, format)?;
    }
    Ok(())
}

fn column(index: usize) -> u16 {
    u16::try_from(index).unwrap_or(u16::MAX)
}
