//! Recognising store errors by kind and by the name or text they carry.

use jixiao_store::StoreError;

/// True for `NotFound` of `entity` with `key`.
pub fn not_found(error: &StoreError, entity: &str, key: &str) -> bool {
    matches!(error, StoreError::NotFound { entity: e, key: k } if *e == entity && k == key)
}

/// True for a `Conflict` on `constraint`.
pub fn conflict(error: &StoreError, constraint: &str) -> bool {
    matches!(error, StoreError::Conflict { constraint: c, .. } if c == constraint)
}

/// True for `Invalid` with a message mentioning `text`.
pub fn invalid(error: &StoreError, text: &str) -> bool {
    matches!(error, StoreError::Invalid(message) if message.contains(text))
}

/// A check of an error, for tables of refusals.
pub type Check = fn(&StoreError) -> bool;
