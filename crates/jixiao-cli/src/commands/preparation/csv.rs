//! The small CSV files the preparation commands take: a header row naming the columns, then one
//! record per line, split by the `csv` crate (RFC 4180 quoting, so that a name may hold a
//! comma).
//!
//! Every value is handed out with where it came from, so that an error can name the file, the
//! line of the file and the column. What a value must look like is left to the caller.

use std::fmt;
use std::path::Path;

use anyhow::Context;

/// A value of a CSV file that cannot be used, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvError {
    /// The file as given on the command line.
    pub file: String,
    /// The line of the file the record starts on, counting the header as line 1.
    pub line: usize,
    /// The column, when the problem is in one.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, line {}", self.file, self.line)?;
        if let Some(field) = &self.field {
            write!(f, ", field \"{field}\"")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for CsvError {}

/// A CSV file whose header holds every column the caller needs.
#[derive(Debug)]
pub struct CsvFile {
    file: String,
    header: Vec<String>,
    records: Vec<RawRecord>,
}

/// A record as split from the text: the line it starts on and its fields.
type RawRecord = (usize, Vec<String>);

/// One record of a [`CsvFile`].
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    file: &'a CsvFile,
    line: usize,
    fields: &'a [String],
}

impl CsvFile {
    /// Reads `path` and checks that its header names each of `columns`; other columns are
    /// ignored. Blank lines are skipped and a leading byte-order mark (which spreadsheets
    /// write) is dropped.
    pub fn read(path: &Path, columns: &[&str]) -> anyhow::Result<CsvFile> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {shown}"))?;
        Ok(CsvFile::parse(&shown, &text, columns)?)
    }

    /// Reads `text` as the contents of `file`.
    pub fn parse(file: &str, text: &str, columns: &[&str]) -> Result<CsvFile, CsvError> {
        let error = |line, field: Option<&str>, message: String| CsvError {
            file: file.to_owned(),
            line,
            field: field.map(str::to_owned),
            message,
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut records = split(text).map_err(|(line, message)| error(line, None, message))?;
        if records.is_empty() {
            return Err(error(
                1,
                None,
                "the file is empty; a header row is needed".to_owned(),
            ));
        }
        let (header_line, header) = records.remove(0);
        let header: Vec<String> = header.iter().map(|name| name.trim().to_owned()).collect();
        for column in columns {
            if !header.iter().any(|name| name == column) {
                return Err(error(
                    header_line,
                    Some(column),
                    format!(
                        "the header lacks this column; it must name {}",
                        columns.join(",")
                    ),
                ));
            }
        }
        for (line, fields) in &records {
            if fields.len() < header.len() {
                return Err(error(
                    *line,
                    Some(&header[fields.len()]),
                    format!(
                        "the record has {} fields but the header {}",
                        fields.len(),
                        header.len()
                    ),
                ));
            }
        }
        Ok(CsvFile {
            file: file.to_owned(),
            header,
            records,
        })
    }

    /// The records after the header, in file order.
    pub fn records(&self) -> impl Iterator<Item = Record<'_>> {
        self.records.iter().map(|(line, fields)| Record {
            file: self,
            line: *line,
            fields,
        })
    }

    /// Whether the file has no record after its header.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The file as given on the command line.
    pub fn file(&self) -> &str {
        &self.file
    }
}

impl<'a> Record<'a> {
    /// The value of `column`, without surrounding spaces; `column` must be one the file was
    /// read with.
    pub fn get(&self, column: &str) -> &'a str {
        let index = self
            .file
            .header
            .iter()
            .position(|name| name == column)
            .expect("a column checked when the file was read");
        self.fields[index].trim()
    }

    /// The line of the file this record starts on.
    pub fn line(&self) -> usize {
        self.line
    }

    /// An error about `column` of this record.
    pub fn error(&self, column: &str, message: impl Into<String>) -> CsvError {
        CsvError {
            file: self.file.file.clone(),
            line: self.line,
            field: Some(column.to_owned()),
            message: message.into(),
        }
    }

    /// The value of `column` read by `parse`, or an error naming the record and the column with
    /// what `parse` said, which should quote the value.
    pub fn parse<T, E: fmt::Display>(
        &self,
        column: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Result<T, CsvError> {
        parse(self.get(column)).map_err(|problem| self.error(column, problem.to_string()))
    }
}

/// The records of `text` with the line each starts on, or the line and text of the first
/// error the `csv` reader reports. Blank lines, and lines of nothing but spaces, are not
/// records.
fn split(text: &str) -> Result<Vec<RawRecord>, (usize, String)> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|error| {
            let line = error.position().map_or(1, |p| line_at(text, p.byte()));
            (line, error.to_string())
        })?;
        let line = record.position().map_or(1, |p| line_at(text, p.byte()));
        let fields: Vec<String> = record.iter().map(str::to_owned).collect();
        if !is_blank(&fields) {
            records.push((line, fields));
        }
    }
    Ok(records)
}

/// The line (from 1) on which the record the reader places at byte `offset` begins. The
/// reader's position of a record is where the previous one ended, before any blank lines and
/// the LF of a CRLF, so those are skipped here and the line is counted from the first byte of
/// the record itself.
fn line_at(text: &str, offset: u64) -> usize {
    let bytes = text.as_bytes();
    let mut at = usize::try_from(offset)
        .unwrap_or(usize::MAX)
        .min(bytes.len());
    while at < bytes.len() && matches!(bytes[at], b'\n' | b'\r') {
        at += 1;
    }
    bytes[..at].iter().filter(|b| **b == b'\n').count() + 1
}

/// Whether a record holds nothing but white space.
fn is_blank(fields: &[String]) -> bool {
    fields.iter().all(|field| field.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The records a case expects: the line each starts on and its fields.
    type Expected = &'static [(usize, &'static [&'static str])];

    fn records(text: &str) -> Vec<RawRecord> {
        split(text).unwrap()
    }

    fn owned(fields: &[&str]) -> Vec<String> {
        fields.iter().map(|f| (*f).to_owned()).collect()
    }

    #[test]
    fn records_are_split_on_commas_and_newlines_with_quoting() {
        let cases: &[(&str, Expected)] = &[
            ("a,b\n1,2\n", &[(1, &["a", "b"]), (2, &["1", "2"])]),
            ("a,b\r\n1,2", &[(1, &["a", "b"]), (2, &["1", "2"])]),
            ("a\n\n  \nb\n", &[(1, &["a"]), (4, &["b"])]),
            ("\"x, y\",z", &[(1, &["x, y", "z"])]),
            ("\"say \"\"hi\"\"\",z", &[(1, &["say \"hi\"", "z"])]),
            (
                "\"two\nlines\",z\nnext",
                &[(1, &["two\nlines", "z"]), (3, &["next"])],
            ),
            ("a,,c", &[(1, &["a", "", "c"])]),
        ];
        for (text, expected) in cases {
            let expected: Vec<RawRecord> = expected
                .iter()
                .map(|(line, fields)| (*line, owned(fields)))
                .collect();
            assert_eq!(records(text), expected, "{text:?}");
        }
    }

    #[test]
    fn an_unclosed_quote_runs_on_and_leaves_a_short_record_named_by_its_line() {
        let text = "line,name\nL1,x\n\"L2,y\nL3,z\n";
        let short = CsvFile::parse("s.csv", text, &["line", "name"]).unwrap_err();
        assert_eq!((short.line, short.field.as_deref()), (3, Some("name")));
    }

    #[test]
    fn a_missing_column_or_short_record_names_file_line_and_field() {
        let missing = CsvFile::parse("s.csv", "line,name\nL1,x\n", &["line", "amount"]);
        let missing = missing.unwrap_err().to_string();
        assert!(
            missing.starts_with("s.csv, line 1, field \"amount\""),
            "{missing}"
        );

        let short = CsvFile::parse("s.csv", "line,name\nL1,x\nL2\n", &["line", "name"]);
        let short = short.unwrap_err().to_string();
        assert!(
            short.starts_with("s.csv, line 3, field \"name\""),
            "{short}"
        );
    }

    #[test]
    fn values_are_found_by_column_name_whatever_the_order() {
        let file = CsvFile::parse(
            "s.csv",
            "\u{feff}name, line ,note\n 路基 ,L1,x\n",
            &["line", "name"],
        )
        .unwrap();
        let record = file.records().next().unwrap();
        assert_eq!((record.get("line"), record.get("name")), ("L1", "路基"));
        let error = record.parse("line", |_| Err::<(), _>("bad")).unwrap_err();
        assert_eq!(error.to_string(), "s.csv, line 2, field \"line\": bad");
    }
}
