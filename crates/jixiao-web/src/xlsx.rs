//! The stage comparison (三算对比) and, in `declaration`, the target declaration form as Excel
//! workbooks, for finance staff who check and file figures in spreadsheets.
//!
//! The sheet is in Chinese, the language such reports are filed in, whatever the reader's
//! interface language. Amounts are numbers in 元 with two decimals (never text), so that the
//! reader can sum and check them; a line missing from a stage is an empty cell, not a zero.

use jixiao_core::Money;
use jixiao_core::preparation::stage::{StageComparison, StageDifference};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
pub mod declaration;

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

/// The media type of an `.xlsx` file.
pub const XLSX_CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The row (from 0) of the column headings; data rows follow it.
pub const HEADER_ROW: u32 = 3;

/// The project a comparison belongs to, as the sheet's title names it.
#[derive(Debug, Clone, Copy)]
pub struct SheetTitle<'a> {
    /// The project code.
    pub code: &'a str,
    /// The project name.
    pub name: &'a str,
}

/// Writes `comparison` as a workbook with one sheet: a title, the headings (code, name,
/// category, one column per stage, then the change and change rate between consecutive
/// stages), one row per line, the totals, and the 10 % warning below them when there is one.
///
/// `category_name` gives the Chinese name of a cost category code.
pub fn stage_workbook(
    title: SheetTitle<'_>,
    comparison: &StageComparison,
    category_name: &dyn Fn(&str) -> String,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("三算对比")?;
    let styles = Styles::new();

    sheet.write_string_with_format(
        0,
        0,
        format!("{}（{}）三算对比表", title.name, title.code),
        &styles.title,
    )?;
    sheet.write_string(1, 0, "金额单位：元；增减率单位：%")?;

    let mut headings = vec!["编码".to_owned(), "名称".to_owned(), "费用类别".to_owned()];
    headings.extend(
        comparison
            .stages
            .iter()
            .map(|s| format!("{}（元）", s.name_zh())),
    );
    for pair in comparison.stages.windows(2) {
        let (from, to) = (pair[0].name_zh(), pair[1].name_zh());
        headings.push(format!("{to}较{from}增减额（元）"));
        headings.push(format!("{to}较{from}增减率（%）"));
    }
    for (col, heading) in headings.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, column(col), heading, &styles.heading)?;
    }

    let mut row = HEADER_ROW;
    for line in &comparison.rows {
        row += 1;
        sheet.write_string(row, 0, line.line.as_str())?;
        sheet.write_string(row, 1, &line.name)?;
        sheet.write_string(row, 2, category_name(line.category.as_str()))?;
        let amounts: Vec<Option<Money>> = line.amounts.iter().map(|a| a.amount).collect();
        write_figures(
            sheet,
            row,
            &amounts,
            &line.differences,
            &styles.money,
            &styles.rate,
        )?;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, "合计", &styles.total_text)?;
    sheet.write_blank(row, 1, &styles.total_text)?;
    sheet.write_blank(row, 2, &styles.total_text)?;
    let totals: Vec<Option<Money>> = comparison
        .totals
        .amounts
        .iter()
        .map(|t| Some(t.amount))
        .collect();
    write_figures(
        sheet,
        row,
        &totals,
        &comparison.totals.differences,
        &styles.total_money,
        &styles.total_rate,
    )?;

    if let Some(warning) = &comparison.estimate_overrun {
        sheet.write_string_with_format(
            row + 2,
            0,
            format!("预警：{}", warning.message(true)),
            &styles.warning,
        )?;
    }

    sheet.set_column_width(0, 12)?;
    sheet.set_column_width(1, 28)?;
    sheet.set_column_width(2, 16)?;
    for col in 3..headings.len() {
        sheet.set_column_width(column(col), 18)?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 2)?;
    workbook.save_to_buffer()
}

/// The cell formats of the sheet.
struct Styles {
    title: Format,
    heading: Format,
    money: Format,
    rate: Format,
    total_text: Format,
    total_money: Format,
    total_rate: Format,
    warning: Format,
}

impl Styles {
    fn new() -> Self {
        let money = Format::new().set_num_format("#,##0.00");
        let rate = Format::new().set_num_format("0.00");
        let total = |format: Format| {
            format
                .set_bold()
                .set_border_top(FormatBorder::Thin)
                .set_background_color(Color::RGB(0xE8EEF5))
        };
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            heading: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_border_bottom(FormatBorder::Thin)
                .set_background_color(Color::RGB(0xE8EEF5)),
            total_text: total(Format::new()),
            total_money: total(money.clone()),
            total_rate: total(rate.clone()),
            money,
            rate,
            warning: Format::new()
                .set_bold()
                .set_font_color(Color::RGB(0xB03A2E)),
        }
    }
}

/// Writes the stage amounts from column D on, then each difference's amount and rate.
fn write_figures(
    sheet: &mut Worksheet,
    row: u32,
    amounts: &[Option<Money>],
    differences: &[StageDifference],
    money: &Format,
    rate: &Format,
) -> Result<(), XlsxError> {
    let mut col = 3;
    for amount in amounts {
        match amount {
            Some(amount) => {
                sheet.write_number_with_format(row, column(col), yuan(*amount), money)?
            }
            None => sheet.write_blank(row, column(col), money)?,
        };
        col += 1;
    }
    for difference in differences {
        sheet.write_number_with_format(row, column(col), yuan(difference.amount), money)?;
        match difference.percent {
            Some(percent) => {
                sheet.write_number_with_format(row, column(col + 1), number(percent), rate)?
            }
            None => sheet.write_blank(row, column(col + 1), rate)?,
        };
        col += 2;
    }
    Ok(())
}

/// An amount in 元 as the spreadsheet number it is stored as.
///
/// Spreadsheet cells hold IEEE doubles, so this is the one conversion to floating point: any
/// amount below 2⁵³ fen (about 90 万亿元) converts without loss of a fen.
fn yuan(amount: Money) -> f64 {
    number(amount.to_yuan_decimal())
}

/// A decimal as a spreadsheet number.
fn number(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(0.0)
}

/// A column index as the sheet's column number type; sheets here never get near its limit.
fn column(index: usize) -> u16 {
    u16::try_from(index).unwrap_or(u16::MAX)
}
