//! Business codes: the short, stable identifiers people type and see (项目编码, 单位编码, line
//! codes, indicator codes).
//!
//! Codes come from outside (spreadsheets, interchange files, forms), so they are checked once
//! here and can then be trusted everywhere: non-empty, at most 64 characters, no whitespace and
//! no control characters.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

/// The longest code accepted, in characters.
pub const MAX_CODE_LEN: usize = 64;

/// Why a text is not a valid code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// The code is empty.
    #[error("a code may not be empty")]
    Empty,
    /// The code is longer than [`MAX_CODE_LEN`] characters.
    #[error("code \"{0}\" is longer than 64 characters")]
    TooLong(String),
    /// The code contains whitespace or a control character.
    #[error("code \"{0}\" contains whitespace or a control character")]
    BadCharacter(String),
}

/// Checks `text` against the rules every code follows.
fn validate(text: &str) -> Result<(), CodeError> {
    if text.is_empty() {
        return Err(CodeError::Empty);
    }
    if text.chars().count() > MAX_CODE_LEN {
        return Err(CodeError::TooLong(text.to_owned()));
    }
    if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(CodeError::BadCharacter(text.to_owned()));
    }
    Ok(())
}

macro_rules! code_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Checks and wraps a code.
            pub fn new(text: impl Into<String>) -> Result<Self, CodeError> {
                let text = text.into();
                validate(&text)?;
                Ok(Self(text))
            }

            /// The code as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                Self::new(text).map_err(serde::de::Error::custom)
            }
        }
    };
}

code_type!(
    /// The code of an organization (单位编码).
    OrgCode
);
code_type!(
    /// The code of a project (项目编码), unique in a deployment.
    ProjectCode
);
code_type!(
    /// The code of a cost line, unique within one budget of a project.
    LineCode
);
code_type!(
    /// The code of a performance indicator, unique within a project.
    IndicatorCode
);
code_type!(
    /// The code of a cost category in the investment breakdown (DOMAIN.md §2).
    CategoryCode
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_checked_once_at_construction() {
        let cases: &[(&str, Result<(), CodeError>)] = &[
            ("G15-2023-001", Ok(())),
            ("交通厅-01", Ok(())),
            ("", Err(CodeError::Empty)),
            (
                "has space",
                Err(CodeError::BadCharacter("has space".into())),
            ),
            (
                "tab\there",
                Err(CodeError::BadCharacter("tab\there".into())),
            ),
            (&"x".repeat(64), Ok(())),
            (&"x".repeat(65), Err(CodeError::TooLong("x".repeat(65)))),
        ];
        for (text, expected) in cases {
            assert_eq!(&ProjectCode::new(*text).map(|_| ()), expected, "{text:?}");
        }
    }
}
