//! Aligned text tables for the terminal, and the way amounts and changes are written in them.
//!
//! Columns are padded by display width rather than by characters, because a Chinese
//! character takes two columns of a terminal and most names here are Chinese.

use jixiao_core::Money;
use rust_decimal::Decimal;

/// How the cells of a column are aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text, flush left.
    Left,
    /// Numbers, flush right.
    Right,
}

/// A table of text cells under a header.
#[derive(Debug)]
pub struct Table {
    columns: Vec<(String, Align)>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// An empty table with these column headers.
    pub fn new(columns: impl IntoIterator<Item = (String, Align)>) -> Self {
        Table {
            columns: columns.into_iter().collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; missing cells are blank.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// The table as lines: two spaces between columns, no trailing spaces.
    pub fn render(&self) -> String {
        let cell = |row: &[String], index: usize| row.get(index).cloned().unwrap_or_default();
        let widths: Vec<usize> = self
            .columns
            .iter()
            .enumerate()
            .map(|(index, (header, _))| {
                self.rows
                    .iter()
                    .map(|row| width(&cell(row, index)))
                    .chain([width(header)])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let header: Vec<String> = self.columns.iter().map(|(h, _)| h.clone()).collect();
        let mut out = String::new();
        for row in std::iter::once(&header).chain(&self.rows) {
            let mut line = String::new();
            for (index, ((_, align), column_width)) in self.columns.iter().zip(&widths).enumerate()
            {
                if index > 0 {
                    line.push_str("  ");
                }
                let text = cell(row, index);
                let padding = " ".repeat(column_width.saturating_sub(width(&text)));
                match align {
                    Align::Left => line.push_str(&(text + &padding)),
                    Align::Right => line.push_str(&(padding + &text)),
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// A column of text.
pub fn left(header: &str) -> (String, Align) {
    (header.to_owned(), Align::Left)
}

/// A column of numbers.
pub fn right(header: &str) -> (String, Align) {
    (header.to_owned(), Align::Right)
}

/// A change in 元 with its sign and thousands separators: `+1,500,000.00`, `-200.00`, `0.00`.
pub fn signed_yuan(amount: Money) -> String {
    if amount > Money::ZERO {
        format!("+{}", amount.format_yuan())
    } else {
        amount.format_yuan()
    }
}

/// A change in percent with its sign, or `-` when there is no base to measure it against.
pub fn signed_percent(percent: Option<Decimal>) -> String {
    match percent {
        Some(percent) if percent > Decimal::ZERO => format!("+{percent:.2}%"),
        Some(percent) => format!("{percent:.2}%"),
        None => "-".to_owned(),
    }
}

/// The number of terminal columns `text` takes: two for each wide (East Asian) character.
pub fn width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

/// Whether a terminal shows `c` two columns wide: the Hangul, CJK, Yi and full-width blocks of
/// Unicode's East Asian Width property, which is where the characters of these tables fall.
fn is_wide(c: char) -> bool {
    matches!(
        u32::from(c),
        0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x20000..=0x3FFFD
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_text_takes_two_columns_per_character() {
        let cases = [("L01", 3), ("路基工程", 8), ("（DN600）", 9), ("", 0)];
        for (text, expected) in cases {
            assert_eq!(width(text), expected, "{text}");
        }
    }

    #[test]
    fn columns_line_up_by_display_width() {
        let mut table = Table::new([left("NAME"), right("AMOUNT")]);
        table.row(vec!["路基".to_owned(), "1.00".to_owned()]);
        table.row(vec!["bridge".to_owned(), "1,000.00".to_owned()]);
        assert_eq!(
            table.render(),
            "NAME      AMOUNT\n路基        1.00\nbridge  1,000.00\n"
        );
    }

    #[test]
    fn changes_carry_their_sign() {
        let cases = [
            (Money::from_fen(150_000_000), "+1,500,000.00"),
            (Money::from_fen(-20_000), "-200.00"),
            (Money::ZERO, "0.00"),
        ];
        for (amount, shown) in cases {
            assert_eq!(signed_yuan(amount), shown);
        }
        assert_eq!(signed_percent(Some(Decimal::new(1500, 2))), "+15.00%");
        assert_eq!(signed_percent(Some(Decimal::new(-5, 1))), "-0.50%");
        assert_eq!(signed_percent(None), "-");
    }
}
