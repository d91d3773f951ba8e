//! The project interchange file `jixiao.project.v1`: one project with its budgets, spending,
//! progress, indicators and readings as a single JSON document, for moving a project kept in
//! spreadsheets into Jixiao and for taking it out again. `docs/interchange.md` describes the
//! format for the people who write such files; `docs/schema/jixiao.project.v1.schema.json`
//! describes it for tools.
//!
//! Reading goes in four passes, each of which must succeed before the next is worth running:
//! the text must be JSON (a syntax error names its line and column); the document must say which
//! format it is; it must have the right shape (fields present, of the right JSON type); and then
//! every field is read and the whole project checked. The last pass collects every problem it
//! finds, each with the JSON path of the field, so that a person can fix a file in one round.
//! Reading files and talking to the database are left to the CLI and the store.

mod export;
mod fields;
mod import;
mod raw;

use crate::code::OrgCode;
use crate::cost_category::{CostCategory, default_categories};
use crate::dossier::{DossierProblem, ProjectDossier};
use crate::indicator::Reading;

use fields::Problems;
use raw::{RawFile, RawReading};

/// The value of the `format` field this module reads and writes.
pub const FORMAT: &str = "jixiao.project.v1";

/// One project file: the project with everything recorded about it, and what the file says
/// about the organization that owns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectFile {
    /// The project and its records.
    pub dossier: ProjectDossier,
    /// The owning organization, so that an import can create it when the database lacks it.
    pub organization: OrganizationRef,
}

/// The organization a file names as the project's owner.
///
/// Its `code` is the project's `organization`; export writes the code from the project, and the
/// name and parent from here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationRef {
    /// The organization's code (单位编码).
    pub code: OrgCode,
    /// Its full name, when the file gives it.
    pub name: Option<String>,
    /// The organization above it, when the file gives it.
    pub parent: Option<OrgCode>,
}

/// Why a text is not a project file Jixiao can take.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InterchangeError {
    /// The text is not well-formed JSON, so nothing else could be checked.
    #[error("the file is not valid JSON: {message} at line {line}, column {column}")]
    Syntax {
        /// What the JSON reader found wrong.
        message: String,
        /// The line of the error, from 1.
        line: usize,
        /// The column of the error, from 1.
        column: usize,
    },
    /// The file is JSON but not a valid project: every problem found, each with its JSON path.
    #[error("{}", list_problems(.0))]
    Invalid(Vec<DossierProblem>),
}

impl InterchangeError {
    /// The problems with their paths; empty for a syntax error.
    pub fn problems(&self) -> &[DossierProblem] {
        match self {
            InterchangeError::Syntax { .. } => &[],
            InterchangeError::Invalid(problems) => problems,
        }
    }
}

/// Reads a project file, checking cost categories against the standard breakdown
/// ([`default_categories`]).
pub fn parse(text: &str) -> Result<ProjectFile, InterchangeError> {
    parse_with_categories(text, &default_categories())
}

/// Reads a project file, checking cost categories against `categories`, the breakdown of the
/// deployment (which may extend the standard one).
///
/// Budgets come out in year order; every other list keeps the order of the file.
pub fn parse_with_categories(
    text: &str,
    categories: &[CostCategory],
) -> Result<ProjectFile, InterchangeError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(syntax_error)?;
    check_format(&value)?;
    let raw: RawFile = serde_path_to_error::deserialize(value).map_err(shape_error)?;

    let mut problems = Problems::default();
    let converted = import::convert(&raw, &mut problems);
    let Some((mut dossier, organization, form)) = converted.filter(|_| problems.0.is_empty())
    else {
        return Err(InterchangeError::Invalid(problems.0));
    };
    let mut found = dossier.check(&|b| form.path(b));
    found.extend(import::unknown_categories(&dossier, form, categories));
    if !found.is_empty() {
        return Err(InterchangeError::Invalid(found));
    }
    // Sorted only now, so that the paths in any problem above point into the file as written.
    dossier.budgets.sort_by_key(|budget| budget.fiscal_year);
    Ok(ProjectFile {
        dossier,
        organization,
    })
}

/// Reads one indicator reading written as an item of a file's `readings` list: `indicator`,
/// `date`, and either `value` or `grade` and `score`, for recording a single reading.
///
/// Problem paths start at the reading itself (`$.date`). Whether the project has the indicator,
/// and whether the indicator takes a value or a grade, depends on the stored project and is
/// left to the caller.
pub fn parse_reading(text: &str) -> Result<Reading, InterchangeError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(syntax_error)?;
    if !value.is_object() {
        return Err(invalid("$", "a reading is a JSON object, starting with {"));
    }
    let raw: RawReading = serde_path_to_error::deserialize(value).map_err(shape_error)?;
    let mut problems = Problems::default();
    match import::reading(&raw, "$", &mut problems) {
        Some(reading) if problems.0.is_empty() => Ok(reading),
        _ => Err(InterchangeError::Invalid(problems.0)),
    }
}

/// Writes a project file in the canonical form: pretty JSON with a fixed key order and no final
/// newline, amounts as strings with two decimals, decimals as strings, `budget` for one fiscal
/// year and `budgets` for several (or none). A manual plan is written as its months; a generated
/// plan as its profile, plus its months when import would not generate the same ones.
///
/// For every file `f` that [`parse`] accepts, `parse(&to_json(&parse(f)?))` gives back the
/// same [`ProjectFile`].
pub fn to_json(file: &ProjectFile) -> String {
    serde_json::to_string_pretty(&export::raw_file(file))
        .expect("strings, numbers and string-keyed maps always serialize")
}

fn check_format(value: &serde_json::Value) -> Result<(), InterchangeError> {
    let Some(object) = value.as_object() else {
        return Err(invalid(
            "$",
            "a project file is a JSON object, starting with {",
        ));
    };
    match object.get("format") {
        Some(serde_json::Value::String(format)) if format == FORMAT => Ok(()),
        Some(other) => Err(invalid(
            "$.format",
            format!("{other} is not a format this version reads; expected \"{FORMAT}\""),
        )),
        None => Err(invalid(
            "$.format",
            format!("this field is missing; a project file starts with \"format\": \"{FORMAT}\""),
        )),
    }
}

fn syntax_error(err: serde_json::Error) -> InterchangeError {
    // serde_json ends its message with the position, which is kept in fields of its own here.
    let full = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    InterchangeError::Syntax {
        message: full.strip_suffix(&suffix).unwrap_or(&full).to_owned(),
        line: err.line(),
        column: err.column(),
    }
}

/// A field missing or of the wrong JSON type, with its path in `$.a.b[2].c` form.
fn shape_error(err: serde_path_to_error::Error<serde_json::Error>) -> InterchangeError {
    use serde_path_to_error::Segment;
    let mut path = String::from("$");
    for segment in err.path().iter() {
        match segment {
            Segment::Seq { index } => path.push_str(&format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                path.push('.');
                path.push_str(key);
            }
            Segment::Unknown => path.push_str(".?"),
        }
    }
    let message = err.inner().to_string();
    // serde reports a missing field at the object holding it; point at the field itself.
    let missing = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.strip_suffix('`'));
    match missing {
        Some(field) => invalid(format!("{path}.{field}"), "this field is missing"),
        None => invalid(path, message),
    }
}

fn invalid(path: impl Into<String>, message: impl Into<String>) -> InterchangeError {
    InterchangeError::Invalid(vec![DossierProblem {
        path: path.into(),
        message: message.into(),
    }])
}

fn list_problems(problems: &[DossierProblem]) -> String {
    match problems {
        [one] => one.to_string(),
        many => {
            let mut text = format!("{} problems in the project file:", many.len());
            for problem in many {
                text.push_str("\n  ");
                text.push_str(&problem.to_string());
            }
            text
        }
    }
}

#[cfg(test)]
mod tests;
