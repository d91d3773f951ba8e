//! Reading the files of the preparation commands into core values, all of a file before
//! anything is written: the cost lines of a stage or a draft budget from CSV, and
//! justifications and target sets from JSON in the core's serde form.
//!
//! Errors name the file, the line of the file and the column (CSV) or the JSON path, since the
//! person who reads them fixes a spreadsheet or a JSON document, not a Rust value.

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use anyhow::Context;
use jixiao_core::plan::{months_in_year, spread};
use jixiao_core::preparation::stage::StageLine;
use jixiao_core::{CategoryCode, CostCategory, CostLine, LineCode, Money, Profile, Project};
use serde::de::DeserializeOwned;

use super::csv::{CsvError, CsvFile, Record};

/// The columns of a stage file.
const STAGE_COLUMNS: &[&str] = &["line", "name", "category", "amount"];

/// The columns of a draft budget file.
const DRAFT_COLUMNS: &[&str] = &["line", "name", "category", "amount", "profile"];

/// The lines of a cost stage read from the CSV file at `path`; `categories` are the cost
/// categories of the database.
pub fn stage_lines(path: &Path, categories: &[CostCategory]) -> anyhow::Result<Vec<StageLine>> {
    let file = CsvFile::read(path, STAGE_COLUMNS)?;
    let lines = common_lines(&file, categories)?;
    Ok(lines
        .into_iter()
        .map(|(_, common)| StageLine {
            line: common.line,
            name: common.name,
            category: common.category,
            amount: common.amount,
        })
        .collect())
}

/// The lines of project `project`'s draft budget of `year` read from the CSV file at `path`,
/// each spread over the months of the year the project runs in, by its profile.
pub fn draft_lines(
    path: &Path,
    categories: &[CostCategory],
    project: &Project,
    year: i32,
) -> anyhow::Result<Vec<CostLine>> {
    let file = CsvFile::read(path, DRAFT_COLUMNS)?;
    let months = months_in_year(year, project.planned_start, project.planned_finish);
    let mut lines = Vec::new();
    for (record, common) in common_lines(&file, categories)? {
        let profile = record.parse("profile", profile)?;
        let plan = spread(common.amount, &months, profile)
            .map_err(|problem| record.error("amount", problem.to_string()))?;
        lines.push(CostLine {
            code: common.line,
            name: common.name,
            category: common.category,
            amount: common.amount,
            profile,
            plan,
        });
    }
    Ok(lines)
}

/// A value of type `T` read from the JSON file at `path`; an error names the file and the JSON
/// path of the value that does not fit.
pub fn json_file<T: DeserializeOwned>(path: &Path) -> anyhow::Result<T> {
    let shown = path.display();
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {shown}"))?;
    let mut deserializer = serde_json::Deserializer::from_str(&text);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let path = if path == "." {
            "$".to_owned()
        } else {
            format!("$.{path}")
        };
        anyhow::anyhow!("{shown}, {path}: {}", error.inner())
    })?;
    deserializer
        .end()
        .with_context(|| format!("{shown}: text after the JSON value"))?;
    Ok(value)
}

/// The columns shared by stage and draft files, read from one record.
struct CommonLine {
    line: LineCode,
    name: String,
    category: CategoryCode,
    amount: Money,
}

/// The shared columns of every record of `file`, checked: a line code given once, a name, a
/// category the database knows and an amount in 元.
fn common_lines<'a>(
    file: &'a CsvFile,
    categories: &[CostCategory],
) -> Result<Vec<(Record<'a>, CommonLine)>, CsvError> {
    if file.is_empty() {
        return Err(CsvError {
            file: file.file().to_owned(),
            line: 2,
            field: None,
            message: "the file has a header but no lines".to_owned(),
        });
    }
    let mut first_seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut lines = Vec::new();
    for record in file.records() {
        let line = record.parse("line", |text| LineCode::new(text))?;
        if let Some(first) = first_seen.insert(line.to_string(), record.line()) {
            return Err(record.error(
                "line",
                format!("line \"{line}\" is given twice (first on line {first})"),
            ));
        }
        let name = record.get("name");
        if name.is_empty() {
            return Err(record.error("name", "the name is empty"));
        }
        let category = record.parse("category", |text| known_category(text, categories))?;
        let amount = record.parse("amount", Money::parse_yuan)?;
        lines.push((
            record,
            CommonLine {
                line,
                name: name.to_owned(),
                category,
                amount,
            },
        ));
    }
    Ok(lines)
}

/// The category coded `text`, or a message listing the codes the database knows.
fn known_category(text: &str, categories: &[CostCategory]) -> Result<CategoryCode, String> {
    let found = categories.iter().find(|known| known.code.as_str() == text);
    match found {
        Some(category) => Ok(category.code.clone()),
        None => Err(format!(
            "unknown cost category \"{text}\"; expected one of: {}",
            categories
                .iter()
                .map(|known| known.code.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// A plan profile other than `manual`, which needs months entered by hand and so cannot come
/// from one amount.
fn profile(text: &str) -> Result<Profile, String> {
    Profile::from_str(text)
        .ok()
        .filter(|profile| *profile != Profile::Manual)
        .ok_or_else(|| {
            format!("\"{text}\" is not one of linear, s_curve, front_loaded, back_loaded")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_profiles_that_spread_an_amount_are_accepted() {
        let cases = [
            ("linear", Some(Profile::Linear)),
            ("s_curve", Some(Profile::SCurve)),
            ("back_loaded", Some(Profile::BackLoaded)),
            ("manual", None),
            ("Linear", None),
        ];
        for (text, expected) in cases {
            assert_eq!(profile(text).ok(), expected, "{text}");
        }
    }
}
